//! One pass for the regex rules of a large text. Each regex rule alone scans the whole
//! text; thirty of them cost thirty scans. Instead, one `RegexSet` of every rule's
//! pattern scans each paragraph (with the paragraph before it, for rules that look back
//! across a paragraph break) and says which rules match there; only those rules then
//! run, on that stretch alone. A match is found as long as it lies within a paragraph
//! and the one before it, which holds for every rule of the built-in packs.
//!
//! Building the set costs about as much as scanning a few hundred kilobytes, so it is
//! built once a linter has checked that much text (one large file, or many small ones);
//! until then each rule runs alone.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::{RegexSet, RegexSetBuilder};

use super::regex_rule::RegexMatcher;
use super::{Context, RawMatch};

/// Text checked before the set is built.
const BUILD_AFTER: usize = 256 << 10;

/// Paragraphs are gated in groups of at least this many bytes.
const UNIT_LEN: usize = 1024;

/// The compiled set may be larger than one rule's regex, but not without bound.
const SET_SIZE_LIMIT: usize = 1 << 24;

#[derive(Debug)]
pub struct RegexGate {
    /// Rule index and pattern of each gated rule.
    rules: Vec<(usize, String)>,
    /// Whether each rule is gated, by rule index.
    gated: Vec<bool>,
    /// Built on first use; `None` when the patterns do not fit in one set.
    set: OnceLock<Option<RegexSet>>,
    /// Bytes checked so far, until the set is built.
    checked: AtomicUsize,
}

impl RegexGate {
    /// A gate for the `(rule index, pattern)` pairs of regex rules that match anywhere;
    /// `rule_count` is the number of rules of the linter.
    pub fn new(rules: Vec<(usize, String)>, rule_count: usize) -> RegexGate {
        let mut gated = vec![false; rule_count];
        for (i, _) in &rules {
            gated[*i] = true;
        }
        RegexGate {
            rules,
            gated,
            set: OnceLock::new(),
            checked: AtomicUsize::new(0),
        }
    }

    /// Whether rule `i` runs through the gate (when the gate applies).
    pub fn covers(&self, rule: usize) -> bool {
        self.gated[rule]
    }

    /// Whether the gate runs its rules on this text: ask once per text.
    pub fn applies(&self, text: &str) -> bool {
        if self.rules.is_empty() {
            return false;
        }
        if let Some(set) = self.set.get() {
            return set.is_some();
        }
        let before = self.checked.fetch_add(text.len(), Ordering::Relaxed);
        before + text.len() >= BUILD_AFTER && self.set().is_some()
    }

    fn set(&self) -> Option<&RegexSet> {
        self.set
            .get_or_init(|| {
                RegexSetBuilder::new(self.rules.iter().map(|(_, p)| p))
                    .size_limit(SET_SIZE_LIMIT)
                    .dfa_size_limit(SET_SIZE_LIMIT)
                    .build()
                    .ok()
            })
            .as_ref()
    }

    /// Runs the gated rules that are `on` over a text the gate applies to, calling
    /// `emit(rule, match)`.
    pub fn find<'r>(
        &self,
        cx: &Context<'_>,
        on: &[bool],
        matcher_of: impl Fn(usize) -> &'r RegexMatcher,
        mut emit: impl FnMut(usize, RawMatch),
    ) {
        let Some(Some(set)) = self.set.get() else {
            return;
        };
        if !self.rules.iter().any(|(i, _)| on[*i]) {
            return;
        }
        let mut found = Vec::new();
        for (region, own) in units(cx) {
            let haystack = &cx.text[..region.end];
            for k in set.matches_at(haystack, region.start).iter() {
                let rule = self.rules[k].0;
                if !on[rule] {
                    continue;
                }
                matcher_of(rule).find_between(cx.text, region.clone(), own.clone(), &mut found);
                for m in found.drain(..) {
                    emit(rule, m);
                }
            }
        }
    }
}

/// Groups of paragraphs: each owns the text from its first paragraph's start to the
/// next group's, and is searched from the start of the paragraph before it to the start
/// of the next group.
fn units(cx: &Context<'_>) -> Vec<(Range<usize>, Range<usize>)> {
    let len = cx.text.len();
    let mut starts: Vec<usize> = vec![0];
    for p in cx.paragraphs() {
        let last = *starts.last().expect("never empty");
        if p.start >= last + UNIT_LEN {
            starts.push(p.start);
        }
    }
    starts.push(len);
    let paragraph_before = |at: usize| {
        let paragraphs = cx.paragraphs();
        let i = paragraphs.partition_point(|p| p.start < at);
        i.checked_sub(1).map_or(0, |i| paragraphs[i].start)
    };
    starts
        .windows(2)
        .map(|w| (paragraph_before(w[0])..w[1], w[0]..w[1]))
        .collect()
}
