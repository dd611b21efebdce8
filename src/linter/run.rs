//! The one pass that checks a text: the whole text or its chunks, each through the
//! batch engines and the rules' own matchers, as the linter's `Engine` says.

use rayon::prelude::*;

use super::engine::{Engine, MIN_CHUNK_CONTEXT};
use super::{CompiledRule, Linter, filter, template};
use crate::chunks::Chunk;
use crate::finding::Finding;
use crate::matchers::phrase::Occurrences;
use crate::matchers::{Context, RawMatch, Scope};
use crate::rules::RuleMeta;

/// Matches with the index of their rule.
type Raw = Vec<(usize, RawMatch)>;

impl Linter {
    pub(super) fn check_with(
        &self,
        text: &str,
        enabled: &dyn Fn(&RuleMeta) -> bool,
        engine: &Engine,
    ) -> Vec<Finding> {
        // Every finding covers at least one character.
        if text.is_empty() {
            return Vec::new();
        }
        let on: Vec<bool> = self.shared.rules.iter().map(|r| enabled(&r.meta)).collect();
        self.compile_first(&on, text);
        let occurrences = Occurrences::default();
        let context = engine.chunk_context.max(MIN_CHUNK_CONTEXT);
        let chunks = crate::chunks::chunks(text, engine.chunk_size, context);
        let mut raw = if let [chunk] = chunks.as_slice() {
            debug_assert_eq!(chunk.window, 0..text.len());
            let cx = Context::in_document(text, text, &occurrences);
            self.raw_matches(&cx, &on, engine)
        } else {
            self.raw_matches_in_chunks(text, &chunks, &on, &occurrences, engine)
        };
        filter::drop_superseded(&self.shared.rules, &mut raw);
        let mut findings: Vec<Finding> = raw
            .into_iter()
            .map(|(i, m)| template::finding(&self.shared.rules[i], text, m))
            .collect();
        findings.sort();
        findings.dedup();
        findings
    }

    /// Raw matches of a text checked in `chunks`, in the text's offsets. Each chunk keeps
    /// the matches that start in it; rules that read whole paragraphs or the whole
    /// document run once, on all of it.
    fn raw_matches_in_chunks(
        &self,
        text: &str,
        chunks: &[Chunk],
        on: &[bool],
        occurrences: &Occurrences,
        engine: &Engine,
    ) -> Raw {
        let whole: Vec<bool> = self.whole_text_rules(on, true);
        let per_chunk: Vec<bool> = self.whole_text_rules(on, false);
        // The text is split into words once: the chunks take theirs from it, and the
        // rules that run on the whole text read it.
        let document = Context::in_document(text, text, occurrences);
        let shared = document.shared();
        let in_chunks = || -> Raw {
            chunks
                .par_iter()
                .flat_map_iter(|chunk| {
                    let base = chunk.window.start;
                    let cx = Context::in_window(text, chunk.window.clone(), shared, occurrences);
                    self.raw_matches(&cx, &per_chunk, engine)
                        .into_iter()
                        .map(move |(i, m)| (i, shifted(m, base)))
                        .filter(|(_, m)| chunk.own.contains(&m.span.start))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        if !whole.iter().any(|&w| w) {
            return in_chunks();
        }
        // The whole-text rules (the foreign words among them) take as long as several
        // chunks: they run beside the chunks, not after them, on the pool's threads.
        let (mut raw, whole_raw) =
            rayon::join(in_chunks, || self.raw_matches(&document, &whole, engine));
        raw.extend(whole_raw);
        raw
    }

    /// `on`, narrowed to the rules that do (`whole`) or do not read more than a window
    /// around a match. Regex rules whose matches may cross a line or depend on the
    /// text's ends (paragraph and document rules among them) run on the whole text, and
    /// script rules weigh the letters of the whole text.
    fn whole_text_rules(&self, on: &[bool], whole: bool) -> Vec<bool> {
        self.shared
            .rules
            .iter()
            .zip(on)
            .map(|(r, &on)| {
                let reads_whole =
                    r.matcher.reads_whole_text() || r.matcher.scope() != Scope::Anywhere;
                on && reads_whole == whole
            })
            .collect()
    }

    /// Raw matches of the rules that are `on` in `cx`'s text, with exceptions taken out.
    /// Offsets are the text's.
    fn raw_matches(&self, cx: &Context<'_>, on: &[bool], engine: &Engine) -> Raw {
        let text = cx.text;
        let mut raw = Raw::new();
        let indexed = |r: &CompiledRule| engine.batch && r.matcher.phrase_list().is_some();
        if self
            .shared
            .rules
            .iter()
            .zip(on)
            .any(|(r, &on)| on && indexed(r))
        {
            self.indexed_phrases(cx, on, &mut raw);
        }
        let gated = engine.batch && self.shared.regex_gate.applies(text.len(), engine.gate);
        // Rules whose required literals the text lacks cannot match it (batch only, so
        // that a check without batch engines runs every rule's own matcher).
        let may = if gated {
            self.shared.regex_gate.may_match_gated(text)
        } else {
            self.shared.regex_gate.may_match(text)
        };
        let mut buffer = Vec::new();
        for (i, rule) in self.shared.rules.iter().enumerate() {
            let skipped = engine.batch && !may.rule(i);
            if !on[i] || indexed(rule) || (gated && self.shared.regex_gate.covers(i)) || skipped {
                continue;
            }
            rule.matcher.find(cx, &mut buffer);
            raw.extend(buffer.drain(..).map(|m| (i, m)));
        }
        if gated {
            self.gated_regexes(cx, on, &mut raw);
        }
        raw.retain(|(i, m)| !filter::is_excepted(&self.shared.rules[*i], cx, m));
        raw
    }

    /// The matches of the phrase rules that are `on`, through the shared index.
    fn indexed_phrases(&self, cx: &Context<'_>, on: &[bool], raw: &mut Raw) {
        let list_of = |rule: usize| {
            let list = self.shared.rules[rule].matcher.phrase_list();
            list.expect("the phrase index holds phrase rules only")
        };
        let emit = |rule: usize, m| {
            if on[rule] {
                raw.push((rule, m));
            }
        };
        // No phrase is empty: an empty text needs no index.
        if cx.text.is_empty() {
            return;
        }
        self.phrases()
            .find(cx, cx.document(), cx.occurrences(), list_of, emit);
    }

    /// The matches of the gated regex rules that are `on`, through the regex set.
    fn gated_regexes(&self, cx: &Context<'_>, on: &[bool], raw: &mut Raw) {
        let regex_of = |rule: usize| {
            let regex = self.shared.rules[rule].matcher.regex();
            regex.expect("the gate holds regex rules only")
        };
        self.shared
            .regex_gate
            .find(cx, on, regex_of, |rule, m| raw.push((rule, m)));
    }
}

/// A raw match of a window that starts at byte `base` of the document, in the
/// document's offsets.
fn shifted(mut m: RawMatch, base: usize) -> RawMatch {
    m.span = m.span.start + base..m.span.end + base;
    for s in &mut m.suggestions {
        s.range = s.range.start + base..s.range.end + base;
    }
    m
}
