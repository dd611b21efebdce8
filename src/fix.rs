//! Applying suggestions: one text in, one text out. Writing files is the front end's job.

use std::collections::BTreeMap;

use crate::document::{self, Syntax};
use crate::finding::{Finding, FixSafety, Suggestion};
use crate::linter::Linter;
use crate::rules::RuleMeta;

/// Which fix safety levels are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixLevel {
    /// Only `safe` fixes.
    Safe,
    /// `safe` and `unsafe` fixes.
    Unsafe,
}

impl FixLevel {
    pub fn allows(self, safety: FixSafety) -> bool {
        match safety {
            FixSafety::Safe => true,
            FixSafety::Unsafe => self == FixLevel::Unsafe,
            FixSafety::None => false,
        }
    }
}

/// Applies edits in order of position. Where two edits overlap or touch, the first wins
/// and the later one is left out (the next pass re-checks it). Returns the new text and
/// the indices of the edits applied.
pub fn apply_edits(text: &str, edits: &[Suggestion]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].range.start, edits[i].range.end, i));
    let mut out = String::with_capacity(text.len());
    let mut applied = Vec::new();
    let mut cursor = 0;
    let mut last_end: Option<usize> = None;
    for i in order {
        let edit = &edits[i];
        let range = &edit.range;
        let valid = range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if !valid || last_end.is_some_and(|end| range.start <= end) {
            continue;
        }
        out.push_str(&text[cursor..range.start]);
        out.push_str(&edit.replacement);
        cursor = range.end;
        last_end = Some(range.end);
        applied.push(i);
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// The result of fixing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    /// How many fixes each rule applied, by rule id.
    pub fixed: BTreeMap<String, usize>,
    /// Passes that changed the text.
    pub passes: usize,
}

impl FixOutcome {
    pub fn total(&self) -> usize {
        self.fixed.values().sum()
    }
}

pub const MAX_PASSES: usize = 10;

/// Fixes a plain text: see `fix_document`.
pub fn fix_text(
    linter: &Linter,
    text: &str,
    level: FixLevel,
    enabled: impl Fn(&RuleMeta) -> bool,
) -> FixOutcome {
    fix_document(linter, text, Syntax::Plain, level, &enabled)
}

/// Fixes what can be fixed at `level`, re-checking after each pass until nothing fixable
/// is left or `MAX_PASSES` passes have run. Suppressed findings are not fixed.
pub fn fix_document(
    linter: &Linter,
    text: &str,
    syntax: Syntax,
    level: FixLevel,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> FixOutcome {
    let mut current = text.to_string();
    let mut fixed = BTreeMap::new();
    let mut passes = 0;
    while passes < MAX_PASSES {
        let findings = document::check(linter, &current, syntax, enabled);
        let (next, rules) = fix_once(&current, &findings, level);
        if rules.is_empty() || next == current {
            break;
        }
        for id in rules {
            *fixed.entry(id).or_insert(0) += 1;
        }
        current = next;
        passes += 1;
    }
    FixOutcome {
        text: current,
        fixed,
        passes,
    }
}

/// One pass: applies the fixable findings' suggestions. Returns the text and the rule id
/// of each applied fix.
pub fn fix_once(text: &str, findings: &[Finding], level: FixLevel) -> (String, Vec<String>) {
    let fixable: Vec<(&Finding, &Suggestion)> = findings
        .iter()
        .filter(|f| level.allows(f.rule.fix))
        .filter_map(|f| f.fix_suggestion().map(|s| (f, s)))
        .collect();
    let edits: Vec<Suggestion> = fixable.iter().map(|(_, s)| (*s).clone()).collect();
    let (out, applied) = apply_edits(text, &edits);
    let rules = applied
        .into_iter()
        .map(|i| fixable[i].0.rule.id.clone())
        .collect();
    (out, rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, replacement: &str) -> Suggestion {
        Suggestion {
            range: start..end,
            replacement: replacement.into(),
        }
    }

    #[test]
    fn first_of_overlapping_edits_wins() {
        // Z comes first; Y touches it and waits; X no longer overlaps anything kept.
        let (out, applied) = apply_edits(
            "abcdef",
            &[edit(3, 5, "X"), edit(1, 4, "Y"), edit(0, 1, "Z")],
        );
        assert_eq!(out, "ZbcXf");
        assert_eq!(applied, [2, 0]);
        let (out, _) = apply_edits("abcdef", &[edit(2, 4, "Y"), edit(3, 5, "X")]);
        assert_eq!(out, "abYef");
    }

    #[test]
    fn adjacent_edit_waits_for_next_pass() {
        let (out, applied) = apply_edits("abcdef", &[edit(0, 1, ""), edit(1, 2, "")]);
        assert_eq!(out, "bcdef");
        assert_eq!(applied, [0]);
    }

    #[test]
    fn edits_off_char_boundaries_are_refused() {
        let (out, applied) = apply_edits("é!", &[edit(1, 2, "x")]);
        assert_eq!(out, "é!");
        assert!(applied.is_empty());
    }
}
