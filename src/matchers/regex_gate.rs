//! One pass for the regex rules of a large text. Each regex rule alone scans the whole
//! text; thirty of them cost thirty scans. Instead, one `RegexSet` of every rule's
//! pattern says which rules match, and only those rules then run. The gate never changes
//! what is found:
//!
//! - Rules whose matches lie within a line (`LazyRegex::line_local`) are gated per group
//!   of paragraphs: the set scans the group (with the paragraph before it) and only the
//!   rules it names run, on that stretch alone. A group holds whole lines, so every
//!   match of such a rule lies in the group where it starts.
//! - Other rules that match anywhere (a pattern that may span lines or paragraphs) are
//!   gated by the whole text: the set says whether each matches anywhere, and those
//!   that do run alone over the whole text.
//! - Rules anchored at paragraph starts are gated per paragraph, the stretch they read.
//!
//! Building the sets costs about as much as scanning a few hundred kilobytes, so a
//! linter gates only texts of at least `GATE_FROM` bytes (by default: `Gate`): whether a
//! text is gated depends on the text and the linter's settings alone, never on what was
//! checked before it.

use std::ops::Range;
use std::sync::OnceLock;

use regex::{RegexSet, RegexSetBuilder};

use super::regex_rule::RegexMatcher;
use super::{Context, RawMatch};

/// Texts of at least this many bytes are gated (`Gate::BySize`).
pub const GATE_FROM: usize = 256 << 10;

/// Paragraphs are gated in groups of at least this many bytes.
const UNIT_LEN: usize = 1024;

/// The compiled set may be larger than one rule's regex, but not without bound.
const SET_SIZE_LIMIT: usize = 1 << 24;

/// When the regex rules of a text run through the gate. Every choice finds the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gate {
    /// Texts of at least `GATE_FROM` bytes.
    #[default]
    BySize,
    Always,
    Never,
}

#[derive(Debug)]
pub struct RegexGate {
    /// Rules that match anywhere, within a line: gated per group of paragraphs.
    anywhere: Group,
    /// Rules that match anywhere, across lines: gated by the whole text.
    wide: Group,
    /// Rules anchored at paragraph starts: gated per paragraph.
    paragraph: Group,
}

/// Rules whose patterns form one set.
#[derive(Debug)]
struct Group {
    /// Rule index and pattern of each rule.
    rules: Vec<(usize, String)>,
    /// Built on first use; `None` when the patterns do not fit in one set.
    set: OnceLock<Option<RegexSet>>,
}

impl Group {
    fn new(rules: Vec<(usize, String)>) -> Group {
        Group {
            rules,
            set: OnceLock::new(),
        }
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

    /// The set, once built, if the gate should run for the rules that are `on`.
    fn ready(&self, on: &[bool]) -> Option<&RegexSet> {
        let set = self.set.get()?.as_ref()?;
        self.rules.iter().any(|(i, _)| on[*i]).then_some(set)
    }

    fn covers(&self, rule: usize) -> bool {
        self.set.get().is_some_and(Option::is_some) && self.rules.iter().any(|(i, _)| *i == rule)
    }
}

impl RegexGate {
    /// A gate for the `(rule index, pattern)` pairs of regex rules that match anywhere
    /// within a line, of those that match anywhere, and of those anchored at paragraph
    /// starts (their pattern as compiled, anchor included).
    pub fn new(
        anywhere: Vec<(usize, String)>,
        wide: Vec<(usize, String)>,
        paragraph: Vec<(usize, String)>,
    ) -> RegexGate {
        RegexGate {
            anywhere: Group::new(anywhere),
            wide: Group::new(wide),
            paragraph: Group::new(paragraph),
        }
    }

    /// Whether rule `i` runs through the gate (once the gate applies).
    pub fn covers(&self, rule: usize) -> bool {
        self.anywhere.covers(rule) || self.wide.covers(rule) || self.paragraph.covers(rule)
    }

    /// Whether the gate runs its rules on a text of `len` bytes: ask once per text.
    pub fn applies(&self, len: usize, gate: Gate) -> bool {
        let groups = [&self.anywhere, &self.wide, &self.paragraph];
        if groups.iter().all(|g| g.rules.is_empty()) {
            return false;
        }
        let on = match gate {
            Gate::BySize => len >= GATE_FROM,
            Gate::Always => true,
            Gate::Never => false,
        };
        if on {
            for group in groups {
                group.set();
            }
        }
        on
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
        let mut found = Vec::new();
        if let Some(set) = self.anywhere.ready(on) {
            for (region, own) in units(cx) {
                let haystack = &cx.text[..region.end];
                for k in set.matches_at(haystack, region.start).iter() {
                    let rule = self.anywhere.rules[k].0;
                    if !on[rule] {
                        continue;
                    }
                    let matcher = matcher_of(rule);
                    matcher.find_between(cx.text, region.clone(), own.clone(), &mut found);
                    for m in found.drain(..) {
                        emit(rule, m);
                    }
                }
            }
        }
        if let Some(set) = self.wide.ready(on) {
            for k in set.matches(cx.text).iter() {
                let rule = self.wide.rules[k].0;
                if !on[rule] {
                    continue;
                }
                matcher_of(rule).find(cx, &mut found);
                for m in found.drain(..) {
                    emit(rule, m);
                }
            }
        }
        if let Some(set) = self.paragraph.ready(on) {
            for p in cx.paragraphs() {
                for k in set.matches(&cx.text[p.clone()]).iter() {
                    let rule = self.paragraph.rules[k].0;
                    if !on[rule] {
                        continue;
                    }
                    matcher_of(rule).find_in_paragraph(cx.text, p.clone(), &mut found);
                    for m in found.drain(..) {
                        emit(rule, m);
                    }
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
