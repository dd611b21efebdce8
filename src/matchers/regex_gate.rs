//! One pass for the regex rules of a large text. Each regex rule alone scans the whole
//! text; thirty of them cost thirty scans. Instead, one `RegexSet` of every rule's
//! pattern says which rules match, and only those rules then run. The gate never changes
//! what is found:
//!
//! - Rules whose matches lie within a line (`LazyRegex::line_local`) are gated per group
//!   of paragraphs: the set scans the group and only the rules it names run, on that
//!   group alone (what precedes it is seen by look-behind assertions, `\b` and `^`). A
//!   group starts at a line start and holds whole lines, so every match of such a rule
//!   lies in the group where it starts, and a search from the group's start finds what a
//!   search from the text's start finds there.
//!
//! Which rules a set holds is decided per rule when the linter is built, from the
//! pattern's syntax: a pattern that can match a line break (a blank line between two
//! paragraphs, `(?s).`, `\s`) or asserts the text's ends is never gated per group.
//! - Other rules that match anywhere (a pattern that may span lines or paragraphs) have
//!   no set: each runs alone, where it can match (`wide_search`: a text without a
//!   rule's literals is not searched for it, and a rule that holds only some characters
//!   is searched on the runs of them around its literal). Asking a set of them first
//!   cost more than it saved, on a tree of small files as on a large file.
//! - Rules anchored at paragraph starts are gated per paragraph, the stretch they read.
//!
//! Building the sets costs about as much as scanning a few hundred kilobytes, so a
//! linter gates only texts of at least `GATE_FROM` bytes (by default: `Gate`): whether a
//! text is gated depends on the text and the linter's settings alone, never on what was
//! checked before it.

use std::ops::Range;
use std::sync::OnceLock;

pub use crate::rules::required_literals;
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rayon::prelude::*;
use regex::{RegexSet, RegexSetBuilder};

use super::regex_rule::RegexMatcher;
use super::wide_search::{Plan, WideSearch};
use super::{Context, RawMatch};

/// Texts of at least this many bytes are gated (`Gate::BySize`).
pub const GATE_FROM: usize = 256 << 10;

/// Paragraphs are gated in groups of at least this many bytes. Smaller groups mean
/// fewer rules named per group, and each named rule reads less; past a paragraph or
/// two the set's start per group costs more than that saves (the 10 MB benchmark file:
/// 1,024 bytes 3,879 M instructions, 256 bytes 3,795 M, 128 bytes 3,783 M).
const UNIT_LEN: usize = 256;

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

impl Gate {
    /// The bytes a run checks from which every text of it is gated (`for_run`).
    pub const RUN_FROM: u64 = GATE_FROM as u64;

    /// The gate for a run that checks `bytes` in all (a tree of files): building the
    /// sets once costs about as much as scanning `GATE_FROM` bytes, so a run of at least
    /// that much gates every text of it, however small. Decided before the run, from
    /// its inputs alone.
    pub fn for_run(bytes: u64) -> Gate {
        if bytes >= Gate::RUN_FROM {
            Gate::Always
        } else {
            Gate::BySize
        }
    }
}

/// Texts under this many bytes are searched for the rules' required literals first
/// (`RegexGate::may_match`); longer ones run every rule (or the gate).
pub(super) const LITERALS_UNDER: usize = 64 << 10;

#[derive(Debug)]
pub struct RegexGate {
    /// Rules that match anywhere, within a line: gated per group of paragraphs.
    anywhere: Group,
    /// Rules that match anywhere, across lines (rule index and pattern): each searched
    /// where it can match.
    wide: Vec<(usize, String)>,
    /// Rules anchored at paragraph starts: gated per paragraph.
    paragraph: Group,
    /// Literals one of which every match of a rule holds.
    required: Required,
    /// The same, of the rules no set covers: all a gated text needs looked for.
    uncovered: OnceLock<Required>,
    /// Where each of `wide`'s rules can match a text, in its order: built on first use.
    wide_searches: OnceLock<Vec<WideSearch>>,
}

/// For each rule that has them, literals one of which every match holds (from the
/// pattern's syntax, `required_literals`): a small text that holds none of a rule's
/// literals cannot match it, and the rule's regex is neither compiled nor run for it.
/// This is what keeps the start-up of a check of a small file low: compiling a regex
/// with Unicode classes costs more than checking a kilobyte.
#[derive(Debug)]
struct Required {
    /// Each rule index with some literals, and the ids of its literals in `searcher`.
    rules: Vec<(usize, Vec<usize>)>,
    literals: Vec<Vec<u8>>,
    /// Built on first use.
    searcher: OnceLock<Searcher>,
}

/// Literals up to this long (" ", ". ", "of") are looked for one at a time: a search
/// stops at the first occurrence, which in prose comes within a few bytes, where one
/// search for all the literals would report each of the thousands of them.
const SHORT_LITERAL: usize = 2;

/// How the literals of `Required` are looked for in a text.
#[derive(Debug)]
struct Searcher {
    /// Ids of the short literals (in UTF-8 or one byte).
    short: Vec<usize>,
    /// Ids of the other literals, in the order of `long`'s patterns.
    long_ids: Vec<usize>,
    /// `None` when there are none, or when they do not fit in one automaton (every
    /// rule may then match).
    long: Option<AhoCorasick>,
    /// Whether `long` could be built when there were literals for it.
    complete: bool,
}

impl Searcher {
    fn new(literals: &[Vec<u8>]) -> Searcher {
        let is_short = |l: &Vec<u8>| {
            l.len() == 1 || (l.len() <= SHORT_LITERAL && std::str::from_utf8(l).is_ok())
        };
        let (short, long_ids): (Vec<usize>, Vec<usize>) =
            (0..literals.len()).partition(|&id| is_short(&literals[id]));
        let long = if long_ids.is_empty() {
            None
        } else {
            // A DFA: one table read a byte, where the default (a contiguous NFA for
            // this many literals) follows failure links.
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(long_ids.iter().map(|&id| &literals[id]))
                .ok()
        };
        let complete = long_ids.is_empty() || long.is_some();
        Searcher {
            short,
            long_ids,
            long,
            complete,
        }
    }
}

/// Whether `text` holds `literal`, a short one (`Searcher::short`), in any ASCII case
/// (`required_literals`): from the start, up to its first occurrence. Each spelling is
/// looked for with the standard library's byte search, which is fast where a literal
/// is missing and the whole text is read.
fn holds(text: &str, literal: &[u8]) -> bool {
    let bytes = text.as_bytes();
    match literal {
        [byte] if byte.is_ascii_alphabetic() => {
            bytes.contains(&byte.to_ascii_lowercase()) || bytes.contains(&byte.to_ascii_uppercase())
        }
        [byte] => bytes.contains(byte),
        [a, b] => {
            let cases = |c: u8| [c.to_ascii_lowercase(), c.to_ascii_uppercase()];
            let spellings = cases(*a)
                .into_iter()
                .flat_map(|a| cases(*b).map(|b| [a, b]));
            let mut tried: Vec<[u8; 2]> = Vec::with_capacity(4);
            spellings.into_iter().any(|s| {
                if tried.contains(&s) {
                    return false;
                }
                tried.push(s);
                std::str::from_utf8(&s).is_ok_and(|s| text.contains(s))
            })
        }
        _ => bytes
            .windows(literal.len())
            .any(|w| w.eq_ignore_ascii_case(literal)),
    }
}

/// Which rules a text may match (`RegexGate::may_match`).
#[derive(Debug)]
pub struct MayMatch {
    /// `None`: every rule may match.
    skip: Option<Vec<bool>>,
}

impl MayMatch {
    /// Whether rule `i` may match the text: `false` only when it cannot.
    pub fn rule(&self, i: usize) -> bool {
        self.skip
            .as_ref()
            .is_none_or(|skip| !skip.get(i).copied().unwrap_or(false))
    }
}

impl Required {
    fn new(rules: &[&(usize, String)]) -> Required {
        // Each pattern is parsed for its literals: in parallel, at start-up.
        let found: Vec<_> = rules
            .par_iter()
            .map(|(_, pattern)| required_literals(pattern))
            .collect();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut with = Vec::new();
        for ((rule, _), found) in rules.iter().zip(found) {
            let Some(found) = found else {
                continue;
            };
            let ids = found
                .into_iter()
                .map(|l| match literals.iter().position(|k| *k == l) {
                    Some(id) => id,
                    None => {
                        literals.push(l);
                        literals.len() - 1
                    }
                })
                .collect();
            with.push((*rule, ids));
        }
        Required {
            rules: with,
            literals,
            searcher: OnceLock::new(),
        }
    }

    /// The literals of the rules `keep` accepts only.
    fn subset(&self, keep: impl Fn(usize) -> bool) -> Required {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut new_id = vec![None; self.literals.len()];
        let mut rules = Vec::new();
        for (rule, ids) in self.rules.iter().filter(|(rule, _)| keep(*rule)) {
            let ids = ids
                .iter()
                .map(|&id| {
                    *new_id[id].get_or_insert_with(|| {
                        literals.push(self.literals[id].clone());
                        literals.len() - 1
                    })
                })
                .collect();
            rules.push((*rule, ids));
        }
        Required {
            rules,
            literals,
            searcher: OnceLock::new(),
        }
    }

    fn may_match(&self, text: &str) -> MayMatch {
        let all = MayMatch { skip: None };
        if self.rules.is_empty() || text.len() >= LITERALS_UNDER {
            return all;
        }
        let searcher = self.searcher.get_or_init(|| Searcher::new(&self.literals));
        if !searcher.complete {
            return all;
        }
        let mut found = vec![false; self.literals.len()];
        let mut left = found.len();
        for &id in &searcher.short {
            if holds(text, &self.literals[id]) {
                found[id] = true;
                left -= 1;
            }
        }
        if left == 0 {
            return all;
        }
        let long = searcher
            .long
            .iter()
            .flat_map(|a| a.find_overlapping_iter(text));
        for m in long {
            let id = searcher.long_ids[m.pattern().as_usize()];
            if !found[id] {
                found[id] = true;
                left -= 1;
                if left == 0 {
                    return all;
                }
            }
        }
        let len = self.rules.iter().map(|(i, _)| i + 1).max().unwrap_or(0);
        let mut skip = vec![false; len];
        for (rule, ids) in &self.rules {
            skip[*rule] = !ids.iter().any(|&id| found[id]);
        }
        MayMatch { skip: Some(skip) }
    }
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
        let required = Required::new(
            &anywhere
                .iter()
                .chain(&wide)
                .chain(&paragraph)
                .collect::<Vec<_>>(),
        );
        RegexGate {
            anywhere: Group::new(anywhere),
            wide,
            paragraph: Group::new(paragraph),
            required,
            uncovered: OnceLock::new(),
            wide_searches: OnceLock::new(),
        }
    }

    /// Which of the gate's rules a text may match: a rule every match of which holds
    /// one of a few literals cannot match a text that holds none of them. Only texts
    /// under `LITERALS_UNDER` bytes are searched; for others every rule may match.
    pub fn may_match(&self, text: &str) -> MayMatch {
        self.required.may_match(text)
    }

    /// `may_match` for a text the gate applies to (`applies`): only the rules it does
    /// not cover are told apart, for the others run through the sets.
    pub fn may_match_gated(&self, text: &str) -> MayMatch {
        self.uncovered
            .get_or_init(|| self.required.subset(|rule| !self.covers(rule)))
            .may_match(text)
    }

    /// Whether rule `i` runs through the gate (once the gate applies).
    pub fn covers(&self, rule: usize) -> bool {
        self.anywhere.covers(rule)
            || self.wide.iter().any(|(i, _)| *i == rule)
            || self.paragraph.covers(rule)
    }

    /// Whether the gate runs its rules on a text of `len` bytes: ask once per text.
    pub fn applies(&self, len: usize, gate: Gate) -> bool {
        let groups = [&self.anywhere, &self.paragraph];
        if self.wide.is_empty() && groups.iter().all(|g| g.rules.is_empty()) {
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
        let mut run = Run {
            on,
            matcher_of: &matcher_of,
            emit: &mut emit,
            found: Vec::new(),
        };
        if let Some(set) = self.anywhere.ready(on) {
            self.find_per_unit(cx, set, &mut run);
        }
        if self.wide.iter().any(|(i, _)| on[*i]) {
            self.find_wide(cx, &mut run);
        }
        if let Some(set) = self.paragraph.ready(on) {
            self.find_per_paragraph(cx, set, &mut run);
        }
    }

    /// The rules that match within a line, per group of paragraphs.
    fn find_per_unit(&self, cx: &Context<'_>, set: &RegexSet, run: &mut Run<'_, '_>) {
        for unit in units(cx) {
            let haystack = &cx.text[..unit.end];
            // Most groups match no rule: one scan that stops at the first match says
            // so, and only the others are read again for which rules match.
            if !set.is_match_at(haystack, unit.start) {
                continue;
            }
            for k in set.matches_at(haystack, unit.start).iter() {
                let rule = self.anywhere.rules[k].0;
                if run.on[rule] {
                    let matcher = (run.matcher_of)(rule);
                    matcher.find_between(cx.text, unit.clone(), unit.clone(), &mut run.found);
                    run.emit_found(rule);
                }
            }
        }
    }

    /// The rules that read across lines, each where it can match.
    fn find_wide(&self, cx: &Context<'_>, run: &mut Run<'_, '_>) {
        let searches = self.wide_searches.get_or_init(|| {
            let patterns = &self.wide;
            patterns
                .par_iter()
                .map(|(_, p)| WideSearch::new(p))
                .collect()
        });
        for (k, &(rule, _)) in self.wide.iter().enumerate() {
            if !run.on[rule] {
                continue;
            }
            let matcher = (run.matcher_of)(rule);
            match searches[k].plan(cx.text) {
                Plan::Skip => {}
                Plan::Whole => matcher.find_all(cx, &mut run.found),
                Plan::Runs(runs) => {
                    for r in runs {
                        matcher.find_between(cx.text, r.region, r.own, &mut run.found);
                    }
                }
            }
            run.emit_found(rule);
        }
    }

    /// The rules anchored at paragraph starts, per paragraph.
    fn find_per_paragraph(&self, cx: &Context<'_>, set: &RegexSet, run: &mut Run<'_, '_>) {
        for p in cx.paragraphs() {
            let paragraph = &cx.text[p.clone()];
            if !set.is_match(paragraph) {
                continue;
            }
            for k in set.matches(paragraph).iter() {
                let rule = self.paragraph.rules[k].0;
                if run.on[rule] {
                    let matcher = (run.matcher_of)(rule);
                    matcher.find_in_paragraph(cx.text, p.clone(), &mut run.found);
                    run.emit_found(rule);
                }
            }
        }
    }
}

/// What a run of the gate passes around: the rules that are on, their matchers, where
/// their matches go, and a buffer for them.
struct Run<'a, 'r> {
    on: &'a [bool],
    matcher_of: &'a dyn Fn(usize) -> &'r RegexMatcher,
    emit: &'a mut dyn FnMut(usize, RawMatch),
    found: Vec<RawMatch>,
}

impl Run<'_, '_> {
    /// Hands the matches found for `rule` on, emptying the buffer.
    fn emit_found(&mut self, rule: usize) {
        for m in self.found.drain(..) {
            (self.emit)(rule, m);
        }
    }
}

/// Groups of paragraphs of at least `UNIT_LEN` bytes: each runs from its first
/// paragraph's start (a line start) to the next group's.
fn units(cx: &Context<'_>) -> Vec<Range<usize>> {
    let mut starts: Vec<usize> = vec![0];
    for p in cx.paragraphs() {
        let last = *starts.last().expect("never empty");
        if p.start >= last + UNIT_LEN {
            starts.push(p.start);
        }
    }
    starts.push(cx.text.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let found = required_literals(pattern)?;
        Some(
            found
                .into_iter()
                .map(|l| String::from_utf8(l).expect("UTF-8"))
                .collect(),
        )
    }

    #[test]
    fn required_literals_come_from_any_part_every_match_holds() {
        assert_eq!(literals(r"\p{L}{2}\.[ \t]+\p{Ll}+").unwrap(), ["."]);
        assert_eq!(literals(r"\bshut-?down\b").unwrap(), ["shut"]);
        assert_eq!(literals(r"\p{L}+(?:foo|bar)\p{L}").unwrap(), ["foo", "bar"]);
        // In any ASCII case: one literal for a case-insensitive word, lowercase.
        assert_eq!(literals(r"(?i:ab)").unwrap(), ["ab"]);
        assert_eq!(literals(r"\bPhoto:").unwrap(), ["photo:"]);
        assert_eq!(
            literals(r"(?i:photo|image)[ \t]*:").unwrap(),
            ["photo", "image"]
        );
        // A letter whose case folds outside ASCII keeps every spelling: the Kelvin sign.
        assert_eq!(literals(r"(?i:ok)").unwrap(), ["ok", "o\u{212A}"]);
        // A part that may be empty or a large class holds no required literal.
        assert_eq!(literals(r"\p{L}+(?:foo)?"), None);
        assert_eq!(literals(r"a|\w"), None);
        assert_eq!(literals(r"(?s).*"), None);
    }

    /// For every regex rule of the built-in packs, each example and fixture the regex
    /// matches holds one of the rule's required literals: the prefilter never skips a
    /// rule that matches.
    #[test]
    fn required_literals_are_held_by_every_match_of_the_builtin_rules() {
        let mut texts: Vec<String> = Vec::new();
        for dir in ["fixtures/catalogue", "fixtures/clean", "fixtures"] {
            for entry in std::fs::read_dir(dir).expect("fixtures") {
                let path = entry.expect("entry").path();
                if path.is_file() {
                    texts.push(std::fs::read_to_string(&path).unwrap_or_default());
                }
            }
        }
        let mut checked = 0;
        for (name, source) in crate::rules::BUILTIN_PACKS {
            let pack = crate::rules::load_pack(name, source).expect("built-in pack");
            for def in pack.rules {
                let Some(m) = def.matcher.regex() else {
                    continue;
                };
                let pattern = m.set_pattern();
                let regex = regex::Regex::new(&pattern).expect("compiles");
                let gate = RegexGate::new(vec![(0, pattern.clone())], vec![], vec![]);
                let examples = def.meta.bad.iter().map(|b| b.text.clone());
                for text in examples.chain(def.meta.good.clone()).chain(texts.clone()) {
                    if regex.is_match(&text) {
                        let short = text.get(..LITERALS_UNDER - 1).unwrap_or(&text);
                        if regex.is_match(short) {
                            assert!(gate.may_match(short).rule(0), "{pattern}: {short:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 50, "{checked}");
    }

    /// The built-in regex rules that match anywhere but not within a line each scan
    /// every text they check whole (the gate can only say whether they match at all):
    /// they are the few that read across lines, and a pattern that leaves the per-line
    /// gate by accident (a `\s` that takes a line break before the match) shows here.
    #[test]
    fn few_builtin_rules_read_across_lines() {
        let mut wide = Vec::new();
        for (name, source) in crate::rules::BUILTIN_PACKS {
            let pack = crate::rules::load_pack(name, source).expect("built-in pack");
            for def in pack.rules {
                let Some(m) = def.matcher.regex() else {
                    continue;
                };
                if m.scope() == crate::matchers::Scope::Anywhere && !m.line_local() {
                    wide.push(def.meta.id.clone());
                }
            }
        }
        wide.sort();
        assert_eq!(
            wide,
            [
                "broken-sentence/lowercase-after-mark",
                "broken-sentence/lowercase-start",
                "encoding/invisible-character",
                "leak/markup-tag",
                "punctuation/unbalanced-curly-quote",
                "substitution/trade-barbs",
            ]
        );
    }

    /// A gated text looks for the literals of the rules no set covers only: here every
    /// rule is covered, so none is told apart, and the sets decide.
    #[test]
    fn a_gated_text_looks_for_the_literals_of_uncovered_rules_only() {
        let gate = RegexGate::new(vec![(0, r"\bbeards\b".into())], vec![], vec![]);
        assert!(!gate.may_match("no such word").rule(0));
        assert!(gate.applies(0, Gate::Always));
        assert!(gate.covers(0));
        assert!(gate.may_match_gated("no such word").rule(0));
    }

    #[test]
    fn a_run_of_enough_bytes_gates_every_text() {
        assert_eq!(Gate::for_run(0), Gate::BySize);
        assert_eq!(Gate::for_run(GATE_FROM as u64 - 1), Gate::BySize);
        assert_eq!(Gate::for_run(GATE_FROM as u64), Gate::Always);
    }

    /// Short literals (looked for one by one) and long ones (through one automaton)
    /// decide alike: a rule is skipped exactly when the text holds none of its literals.
    #[test]
    fn short_and_long_literals_decide_alike() {
        let gate = RegexGate::new(
            vec![
                (0, r";[ \t]".into()),
                (1, r"\bbeards\b".into()),
                (2, r"~|é".into()),
                (3, r"(?:of|makes)[ ]".into()),
            ],
            vec![],
            vec![],
        );
        let cases = [
            ("x; y", [true, false, false, false]),
            ("beards~", [false, true, true, false]),
            ("café of it", [false, false, true, true]),
            ("it makes sense", [false, false, false, true]),
            ("nothing here", [false, false, false, false]),
            // In any ASCII case: the regex decides the case, the literals only narrow.
            ("MAKES BEARDS", [false, true, false, true]),
        ];
        for (text, expected) in cases {
            let may = gate.may_match(text);
            let got: Vec<bool> = (0..4).map(|i| may.rule(i)).collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn texts_without_a_rules_literals_skip_it() {
        let gate = RegexGate::new(
            vec![(0, r"\bfoo\b".into()), (1, r"\w+".into())],
            vec![],
            vec![(2, r"\A(?:bar)".into())],
        );
        let may = gate.may_match("a text of bar");
        assert!(!may.rule(0) && may.rule(1) && may.rule(2) && may.rule(7));
        assert!(gate.may_match("foo").rule(0));
        let long = "x".repeat(LITERALS_UNDER);
        assert!(gate.may_match(&long).rule(0));
    }
}
