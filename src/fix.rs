//! Applying suggestions: one text in, one text out. Writing files is the front end's job.

use std::collections::BTreeMap;

use crate::document::{self, Syntax};
use crate::finding::{Finding, FixSafety, Suggestion};
use crate::linter::Linter;
use crate::rules::RuleMeta;
use crate::site_syntax::Flavour;

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
    let chosen = choose_edits(text, edits);
    (build(text, edits, &chosen), chosen)
}

/// The indices of the edits `apply_edits` applies, in order of position.
fn choose_edits(text: &str, edits: &[Suggestion]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].range.start, edits[i].range.end, i));
    let mut chosen = Vec::new();
    let mut last_end: Option<usize> = None;
    for i in order {
        let range = &edits[i].range;
        let valid = range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if !valid || last_end.is_some_and(|end| range.start <= end) {
            continue;
        }
        last_end = Some(range.end);
        chosen.push(i);
    }
    chosen
}

/// The text with the `chosen` edits (in order of position, apart) applied.
fn build(text: &str, edits: &[Suggestion], chosen: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for &i in chosen {
        let edit = &edits[i];
        out.push_str(&text[cursor..edit.range.start]);
        out.push_str(&edit.replacement);
        cursor = edit.range.end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// The result of fixing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub text: String,
    /// How many fixes each rule applied, by rule id.
    pub fixed: BTreeMap<String, usize>,
    /// Passes that changed the text.
    pub passes: usize,
    /// Why nothing was fixed, when fixing went wrong: `text` is then the text given.
    pub error: Option<FixError>,
}

impl FixOutcome {
    pub fn total(&self) -> usize {
        self.fixed.values().sum()
    }
}

/// Fixing would make the text grow past `growth_limit`: a rule's suggestion matches
/// again what it writes, so each pass writes more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixError {
    /// The rule whose fixes added the most bytes in the pass that went past the limit.
    pub rule: String,
    /// Bytes of the text given, and the limit.
    pub len: usize,
    pub limit: usize,
    /// The pass (1-based) that would have gone past the limit.
    pub pass: usize,
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fixes of rule `{}` would grow the text from {} bytes past {} bytes (pass {}): \
             its suggestion matches again what it writes; nothing was fixed",
            self.rule, self.len, self.limit, self.pass
        )
    }
}

impl std::error::Error for FixError {}

pub const MAX_PASSES: usize = 10;

/// The most bytes fixing a text of `len` bytes may leave: twice as many, and 4 KiB more.
/// Fixes replace a phrase with a phrase; a text that grows past this is in a loop.
pub fn growth_limit(len: usize) -> usize {
    len.saturating_mul(2).saturating_add(4096)
}

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
/// is left or `MAX_PASSES` passes have run. Suppressed findings are not fixed. A pass
/// that would make the text longer than `growth_limit` of the text given is not applied:
/// the outcome is then the text given, unfixed, with the error naming the rule.
pub fn fix_document(
    linter: &Linter,
    text: &str,
    syntax: Syntax,
    level: FixLevel,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> FixOutcome {
    fix_document_as(linter, text, syntax, Flavour::Auto, level, enabled)
}

/// `fix_document`, with Markdown read as a page of a site of `flavour`.
pub fn fix_document_as(
    linter: &Linter,
    text: &str,
    syntax: Syntax,
    flavour: Flavour,
    level: FixLevel,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> FixOutcome {
    let limit = growth_limit(text.len());
    let mut current = text.to_string();
    let mut fixed = BTreeMap::new();
    let mut passes = 0;
    while passes < MAX_PASSES {
        let findings = document::check_as(linter, &current, syntax, flavour, enabled);
        let (next, rules) = match fix_within(&current, &findings, level, limit) {
            Ok(pass) => pass,
            Err(PassError::TooLong { rule }) => {
                return FixOutcome {
                    text: text.to_string(),
                    fixed: BTreeMap::new(),
                    passes: 0,
                    error: Some(FixError {
                        rule,
                        len: text.len(),
                        limit,
                        pass: passes + 1,
                    }),
                };
            }
        };
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
        error: None,
    }
}

/// One pass: applies the fixable findings' suggestions. Returns the text and the rule id
/// of each applied fix.
pub fn fix_once(text: &str, findings: &[Finding], level: FixLevel) -> (String, Vec<String>) {
    fix_within(text, findings, level, usize::MAX).expect("no limit")
}

/// Why one pass of fixes was not built.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PassError {
    /// The text would grow past the limit; `rule` is the id of the rule whose edits add
    /// the most bytes.
    TooLong { rule: String },
}

/// `fix_once`, unless its text would be longer than `limit` bytes: then the rule whose
/// edits add the most bytes, and nothing is built.
fn fix_within(
    text: &str,
    findings: &[Finding],
    level: FixLevel,
    limit: usize,
) -> Result<(String, Vec<String>), PassError> {
    let fixable: Vec<(&Finding, &Suggestion)> = findings
        .iter()
        .filter(|f| level.allows(f.fix))
        .filter_map(|f| f.fix_suggestion().map(|s| (f, s)))
        .collect();
    let edits: Vec<Suggestion> = fixable.iter().map(|(_, s)| (*s).clone()).collect();
    let chosen = choose_edits(text, &edits);
    let added = |i: &usize| edits[*i].replacement.len() as isize - edits[*i].range.len() as isize;
    let len = text.len() as isize + chosen.iter().map(added).sum::<isize>();
    if len.max(0) as usize > limit {
        let mut growth: BTreeMap<&str, isize> = BTreeMap::new();
        for i in &chosen {
            *growth.entry(fixable[*i].0.rule.id.as_str()).or_insert(0) += added(i);
        }
        let worst = growth.into_iter().max_by_key(|(_, g)| *g);
        let rule = worst.map_or_else(String::new, |(rule, _)| rule.to_string());
        return Err(PassError::TooLong { rule });
    }
    let out = build(text, &edits, &chosen);
    let rules = chosen
        .into_iter()
        .map(|i| fixable[i].0.rule.id.clone())
        .collect();
    Ok((out, rules))
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
