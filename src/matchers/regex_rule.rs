//! Regex rules: a pattern with captures, replacement templates and a scope.
//! A group named `span` narrows what is reported; otherwise the whole match is. The regex
//! crate forbids duplicate group names, so alternatives name theirs `span2`, `span3`...:
//! the first of them that took part is the span.

use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

use crate::rules::LazyRegex;

pub use super::Scope;
use super::wide_search::LiteralCheck;
use super::{BuildContext, CompileError, Context, KindSpec, Matcher, RawMatch, SpecError};
use crate::case::carry_case;
use crate::finding::Suggestion;

/// `kind = "regex"`: a pattern, where it may match, and replacement templates.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RegexSpec {
    pattern: Spanned<String>,
    #[serde(default)]
    scope: Scope,
    #[serde(default)]
    suggest: Vec<String>,
    #[serde(default)]
    replace: ReplaceRange,
    #[serde(default = "yes")]
    case_sensitive: bool,
    #[serde(default)]
    preserve_case: bool,
}

fn yes() -> bool {
    true
}

impl KindSpec for RegexSpec {
    const NAME: &'static str = "regex";

    fn build(self, cx: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError> {
        let matcher = RegexMatcher::new(
            self.pattern.get_ref(),
            !self.case_sensitive,
            self.scope,
            self.suggest,
            self.replace,
            self.preserve_case,
            cx.lazy,
        )
        .map_err(|e| e.at(self.pattern.span()))?;
        Ok(Box::new(matcher))
    }
}

/// What a regex suggestion replaces: the reported span (the `span` group, else the whole
/// match) or always the whole match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplaceRange {
    #[default]
    Span,
    Match,
}

/// `RegexMatcher::compiles_for` searches texts under this many bytes: the search of a
/// small text costs microseconds, and a large one is not worth a look ahead.
const LOOK_AHEAD_UNDER: usize = 64 << 10;

/// A text of at least this many bytes that a rule searches whole is first looked at for
/// the rule's required literals (`LiteralCheck`); smaller ones are told apart by the
/// regex gate's own look (`RegexGate::may_match`), for the rules it holds.
const LITERAL_CHECK_FROM: usize = super::regex_gate::LITERALS_UNDER;

#[derive(Debug)]
pub struct RegexMatcher {
    regex: LazyRegex,
    /// Built on the first large text.
    literal_check: OnceLock<LiteralCheck>,
    scope: Scope,
    suggest: Vec<String>,
    replace: ReplaceRange,
    preserve_case: bool,
    /// Indices of the groups named `span`, `span2`, `span3`..., in that order.
    span_groups: Vec<usize>,
}

impl RegexMatcher {
    pub fn new(
        pattern: &str,
        case_insensitive: bool,
        scope: Scope,
        suggest: Vec<String>,
        replace: ReplaceRange,
        preserve_case: bool,
        lazy: bool,
    ) -> Result<RegexMatcher, SpecError> {
        // Scoped patterns are anchored at the start of what they search.
        let source = match scope {
            Scope::Anywhere => pattern.to_string(),
            Scope::ParagraphStart | Scope::DocumentStart => format!(r"\A(?:{pattern})"),
        };
        let regex = LazyRegex::new(&source, case_insensitive, lazy).map_err(CompileError::from)?;
        let mut span_groups: Vec<(usize, usize)> = regex
            .capture_names()
            .iter()
            .filter_map(|(i, name)| {
                let rest = name.strip_prefix("span")?;
                let order = if rest.is_empty() {
                    1
                } else {
                    rest.parse().ok()?
                };
                Some((order, *i))
            })
            .collect();
        span_groups.sort_unstable();
        let span_groups: Vec<usize> = span_groups.into_iter().map(|(_, i)| i).collect();
        if replace == ReplaceRange::Match && span_groups.is_empty() {
            return Err(SpecError::invalid(
                "`replace = \"match\"` needs a group named `span` to report",
            ));
        }
        Ok(RegexMatcher {
            regex,
            literal_check: OnceLock::new(),
            scope,
            suggest,
            replace,
            preserve_case,
            span_groups,
        })
    }

    pub fn compile(&self) -> Result<(), CompileError> {
        self.regex.try_get().map(|_| ()).map_err(CompileError::from)
    }

    /// Whether checking `text` would compile this rule's regex, as far as a cheap look
    /// tells: without build-time DFAs, always; with them, when the rule reads a match's
    /// groups (`match_at`) and the DFAs find a match in a text of under
    /// `LOOK_AHEAD_UNDER` bytes. A start-up hint only: what is not compiled now compiles
    /// on first use.
    pub fn compiles_for(&self, text: &str) -> bool {
        if !self.regex.has_dfa() {
            return true;
        }
        self.reads_groups()
            && !self.regex.is_compiled()
            && text.len() < LOOK_AHEAD_UNDER
            && self.regex.find_at(text, 0).is_some()
    }

    /// Whether a match's groups are read (a `span` group, suggestion templates): then
    /// the compiled regex is needed where the build-time DFAs found a match.
    fn reads_groups(&self) -> bool {
        !(self.span_groups.is_empty() && self.suggest.is_empty())
    }

    /// How long compiling this rule's regex takes, relative to other rules: its
    /// pattern's length, which is what the compiled program grows with.
    pub fn compile_cost(&self) -> usize {
        self.regex.source().0.len()
    }

    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The rule's regex, as loaded.
    pub fn lazy_regex(&self) -> &LazyRegex {
        &self.regex
    }

    /// Whether each match lies within a line and does not depend on the text's ends
    /// (`LazyRegex::line_local`): the rule can run on a part of a text.
    pub fn line_local(&self) -> bool {
        self.scope == Scope::Anywhere && self.regex.line_local()
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        if cx.text.len() >= LITERAL_CHECK_FROM
            && !self
                .literal_check
                .get_or_init(|| LiteralCheck::new(&self.set_pattern()))
                .may_match(cx.text)
        {
            return;
        }
        self.find_all(cx, out);
    }

    /// `find` for a caller that knows the text holds one of the rule's literals (the
    /// gate's plan for a rule that reads across lines): no look for them again.
    pub fn find_all(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        match self.scope {
            Scope::Anywhere => self.find_in(cx.text, 0, out),
            Scope::DocumentStart => self.find_in(cx.text, 0, out),
            Scope::ParagraphStart => {
                for p in cx.paragraphs() {
                    self.find_in(&cx.text[p.start..p.end], p.start, out);
                }
            }
        }
    }

    /// The pattern as one regex of a set: case-insensitivity written inline.
    pub fn set_pattern(&self) -> String {
        let (source, case_insensitive) = self.regex.source();
        crate::rules::set_pattern(source, case_insensitive)
    }

    /// Matches of an anywhere rule in `region` of `text` (what lies before the region
    /// is seen by look-behind assertions), whose span starts in `own`.
    pub fn find_between(
        &self,
        text: &str,
        region: Range<usize>,
        own: Range<usize>,
        out: &mut Vec<RawMatch>,
    ) {
        let haystack = &text[..region.end];
        let mut at = region.start;
        if self.regex.searches_dfa(region.len()) {
            while let Some(whole) = self.regex.find_at(haystack, at) {
                let Some(next) = search_on_from(haystack, &whole) else {
                    break;
                };
                at = next;
                if whole.is_empty() {
                    continue;
                }
                let m = self.match_at(haystack, whole, 0);
                if own.contains(&m.span.start) {
                    out.push(m);
                }
            }
            return;
        }
        while let Some(caps) = self.regex.get().captures_at(haystack, at) {
            let whole = caps.get(0).expect("group 0 always matches").range();
            let Some(next) = search_on_from(haystack, &whole) else {
                break;
            };
            at = next;
            if whole.is_empty() {
                continue;
            }
            let m = self.raw_match(&caps, 0);
            if own.contains(&m.span.start) {
                out.push(m);
            }
        }
    }

    /// Matches of a paragraph-start rule in one paragraph of `text`.
    pub fn find_in_paragraph(&self, text: &str, paragraph: Range<usize>, out: &mut Vec<RawMatch>) {
        self.find_in(&text[paragraph.clone()], paragraph.start, out);
    }

    /// Matches in `slice`, which starts at byte `base` of the checked text.
    fn find_in(&self, slice: &str, base: usize, out: &mut Vec<RawMatch>) {
        if self.regex.searches_dfa(slice.len())
            && let Some(all) = self.regex.dfa_matches(slice)
        {
            for whole in all.into_iter().filter(|m| !m.is_empty()) {
                out.push(self.match_at(slice, whole, base));
            }
            return;
        }
        for caps in self.regex.get().captures_iter(slice) {
            let whole = caps.get(0).expect("group 0 always matches");
            if whole.is_empty() {
                continue;
            }
            out.push(self.raw_match(&caps, base));
        }
    }

    /// The match `whole` of `haystack` (found through the build-time DFAs), which
    /// starts at byte `base` of the checked text. Its groups, where the rule reads them
    /// (a `span` group, suggestion templates), come from the compiled regex run at the
    /// match's start: leftmost-first from there, it finds this same match.
    fn match_at(&self, haystack: &str, whole: Range<usize>, base: usize) -> RawMatch {
        if !self.reads_groups() {
            return RawMatch {
                span: base + whole.start..base + whole.end,
                review: false,
                suggestions: Vec::new(),
            };
        }
        let caps = self
            .regex
            .get()
            .captures_at(haystack, whole.start)
            .expect("the regex finds the match its DFAs found");
        debug_assert_eq!(caps.get(0).map(|m| m.range()), Some(whole));
        self.raw_match(&caps, base)
    }

    fn raw_match(&self, caps: &regex::Captures<'_>, base: usize) -> RawMatch {
        let whole = caps.get(0).expect("group 0 always matches");
        let span = self
            .span_groups
            .iter()
            .find_map(|&i| caps.get(i))
            .unwrap_or(whole);
        let replaced = match self.replace {
            ReplaceRange::Span => span,
            ReplaceRange::Match => whole,
        };
        let suggestions = self
            .suggest
            .iter()
            .map(|template| {
                let mut replacement = String::new();
                caps.expand(template, &mut replacement);
                if self.preserve_case {
                    replacement = carry_case(replaced.as_str(), &replacement);
                }
                Suggestion {
                    range: base + replaced.start()..base + replaced.end(),
                    replacement,
                }
            })
            .collect();
        RawMatch {
            span: base + span.start()..base + span.end(),
            review: false,
            suggestions,
        }
    }
}

impl Matcher for RegexMatcher {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        RegexMatcher::find(self, cx, out);
    }

    fn scope(&self) -> Scope {
        self.scope
    }

    fn reads_whole_text(&self) -> bool {
        !self.line_local()
    }

    fn compile(&self) -> Result<(), CompileError> {
        RegexMatcher::compile(self)
    }

    fn regex(&self) -> Option<&RegexMatcher> {
        Some(self)
    }
}

/// Where to search on after the match `whole` of `haystack`: its end, or past the next
/// character after an empty match (as `Regex::find_iter` does); none after an empty
/// match at the end.
fn search_on_from(haystack: &str, whole: &Range<usize>) -> Option<usize> {
    if !whole.is_empty() {
        return Some(whole.end);
    }
    let c = haystack[whole.end..].chars().next()?;
    Some(whole.end + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule of the built-in punctuation pack, as loaded (with its build-time DFAs,
    /// nothing compiled).
    fn punctuation_rule(id: &str) -> Box<dyn Matcher> {
        let (name, text) = crate::rules::BUILTIN_PACKS
            .iter()
            .find(|(name, _)| *name == "punctuation.toml")
            .expect("the punctuation pack");
        let pack = crate::rules::load_pack(name, text).expect("built-in pack");
        let def = pack.rules.into_iter().find(|d| d.meta.id == id);
        def.expect("the rule").matcher
    }

    #[test]
    fn a_rule_with_dfas_compiles_for_a_text_only_where_it_reads_a_match() {
        let matcher = punctuation_rule("whitespace/leading-space");
        let rule = matcher.regex().expect("a regex rule");
        assert!(rule.regex.has_dfa() && !rule.span_groups.is_empty());
        assert!(rule.compiles_for("  A paragraph that starts with spaces."));
        assert!(!rule.compiles_for("A paragraph that does not."));
        let long = format!("  {}", "x".repeat(LOOK_AHEAD_UNDER));
        assert!(!rule.compiles_for(&long));
        rule.compile().expect("compiles");
        assert!(!rule.compiles_for("  Compiled already."));
    }

    #[test]
    fn numbered_span_groups_serve_alternatives() {
        let m = RegexMatcher::new(
            r"a(?P<span>b)|c(?P<span2>d)",
            false,
            Scope::Anywhere,
            vec![],
            ReplaceRange::Span,
            false,
            false,
        )
        .unwrap();
        let text = "ab cd";
        let cx = Context::new(text);
        let mut out = Vec::new();
        m.find(&cx, &mut out);
        let spans: Vec<&str> = out.iter().map(|r| &text[r.span.clone()]).collect();
        assert_eq!(spans, ["b", "d"]);
    }

    #[test]
    fn a_large_text_is_searched_whole_only_where_it_holds_a_literal() {
        let matcher = punctuation_rule("punctuation/mixed-quotes");
        let rule = matcher.regex().expect("a regex rule");
        let prose = "He said \"yes\" and left. ".repeat(LITERAL_CHECK_FROM / 20);
        assert!(prose.len() >= LITERAL_CHECK_FROM);
        let find = |text: &str| {
            let mut out = Vec::new();
            rule.find(&Context::new(text), &mut out);
            out.into_iter()
                .map(|m| m.span)
                .collect::<Vec<Range<usize>>>()
        };
        // No curly quote anywhere: skipped, as its search would find nothing.
        assert!(find(&prose).is_empty());
        assert!(!rule.literal_check.get().expect("built").may_match(&prose));
        // One at the very end: found, where the whole search finds it.
        let mixed = format!("{prose}“Yes.”");
        let spans = find(&mixed);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0], prose.len()..prose.len() + "“".len());
    }
}
