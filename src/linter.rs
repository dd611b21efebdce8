//! The linter: compiled rules and the one pass that checks a text with all of them.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::finding::Finding;
use crate::matchers::phrase::{Occurrences, PhraseIndex};
pub use crate::matchers::regex_gate::Gate;
use crate::matchers::regex_gate::RegexGate;
use crate::matchers::{Context, Matcher, RawMatch};
use crate::rules::{BUILTIN_PACKS, LoadError, LoadOptions, Pack, RuleMeta, load_pack_with};
use crate::rules::{LazyRegex, Scope};

struct CompiledRule {
    meta: Arc<RuleMeta>,
    matcher: Matcher,
    exceptions: Vec<LazyRegex>,
    /// Indices of rules whose overlapping findings this rule's findings replace.
    supersedes: Vec<usize>,
}

/// A set of compiled rules, ready to check any number of texts (`Sync`: share it across
/// threads).
pub struct Linter {
    rules: Vec<CompiledRule>,
    phrases: PhraseIndex,
    regex_gate: RegexGate,
    packs: Vec<(String, String)>,
    /// The regexes of the rules of a first check are compiled.
    compiled: std::sync::atomic::AtomicBool,
    engine: Engine,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("rules", &self.rules.len())
            .finish()
    }
}

/// The source of one rule pack: a name for errors (a path, or `builtin:NAME`) and its TOML.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub file: String,
    pub text: String,
}

impl Linter {
    /// The packs built into mtlint.
    pub fn builtin_sources() -> Vec<PackSource> {
        BUILTIN_PACKS
            .iter()
            .map(|(name, text)| PackSource {
                file: format!("builtin:rules/{name}"),
                text: text.to_string(),
            })
            .collect()
    }

    /// Loads and compiles packs; reports every error found, not only the first.
    pub fn from_sources(sources: &[PackSource]) -> Result<Linter, Vec<LoadError>> {
        Linter::from_sources_with(sources, &LoadOptions::default())
    }

    /// `from_sources` with load options (a repository's expected scripts).
    pub fn from_sources_with(
        sources: &[PackSource],
        options: &LoadOptions,
    ) -> Result<Linter, Vec<LoadError>> {
        // Packs parse and compile their regexes independently: in parallel, start-up is
        // bound by the largest pack rather than the sum.
        let loaded: Vec<_> = sources
            .par_iter()
            .map(|source| load_pack_with(&source.file, &source.text, options))
            .collect();
        let mut packs = Vec::new();
        let mut errors = Vec::new();
        for result in loaded {
            match result {
                Ok(pack) => packs.push(pack),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Linter::from_packs(packs)
    }

    pub fn from_packs(packs: Vec<Pack>) -> Result<Linter, Vec<LoadError>> {
        let mut errors = Vec::new();
        let mut index_of: HashMap<String, usize> = HashMap::new();
        let mut defs = Vec::new();
        let mut pack_list = Vec::new();
        for pack in packs {
            pack_list.push((pack.name.clone(), pack.description.clone()));
            for def in pack.rules {
                if let Some(&first) = index_of.get(&def.meta.id) {
                    let first: &crate::rules::RuleDef = &defs[first];
                    errors.push(LoadError {
                        file: def.meta.file.clone(),
                        line: Some(def.meta.line),
                        column: None,
                        rule: Some(def.meta.id.clone()),
                        message: format!(
                            "duplicate rule id (also defined in {}:{})",
                            first.meta.file, first.meta.line
                        ),
                    });
                    continue;
                }
                index_of.insert(def.meta.id.clone(), defs.len());
                defs.push(def);
            }
        }
        let mut rules = Vec::with_capacity(defs.len());
        for def in defs {
            let mut supersedes = Vec::new();
            for (id, location) in def.supersedes {
                match index_of.get(&id) {
                    Some(&i) => supersedes.push(i),
                    None => {
                        let ids = index_of.keys().map(String::as_str);
                        let hint = crate::rules::did_you_mean(&id, ids);
                        errors.push(LoadError {
                            message: format!("`supersedes` names unknown rule `{id}`{hint}"),
                            ..location
                        });
                    }
                }
            }
            rules.push(CompiledRule {
                meta: Arc::new(def.meta),
                matcher: def.matcher,
                exceptions: def.exceptions,
                supersedes,
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let phrases =
            PhraseIndex::build(
                rules
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| match &r.matcher {
                        Matcher::Phrase(list) => Some((i, list)),
                        _ => None,
                    }),
            );
        let patterns = |scope: Scope, local: bool| -> Vec<(usize, String)> {
            rules
                .iter()
                .enumerate()
                .filter_map(|(i, r)| match &r.matcher {
                    Matcher::Regex(m) if m.scope() == scope && m.line_local() == local => {
                        Some((i, m.set_pattern()))
                    }
                    _ => None,
                })
                .collect()
        };
        let regex_gate = RegexGate::new(
            patterns(Scope::Anywhere, true),
            patterns(Scope::Anywhere, false),
            patterns(Scope::ParagraphStart, false),
        );
        Ok(Linter {
            rules,
            phrases,
            regex_gate,
            packs: pack_list,
            compiled: std::sync::atomic::AtomicBool::new(false),
            engine: Engine::default(),
        })
    }

    /// Every rule, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &Arc<RuleMeta>> {
        self.rules.iter().map(|r| &r.meta)
    }

    pub fn rule(&self, id: &str) -> Option<&Arc<RuleMeta>> {
        self.rules().find(|r| r.id == id)
    }

    /// Names and descriptions of the loaded packs.
    pub fn packs(&self) -> &[(String, String)] {
        &self.packs
    }

    /// Checks a text with every rule. Findings are sorted by position, then rule id.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        self.check_rules(text, |_| true)
    }

    /// Checks a text with the rules `enabled` accepts.
    pub fn check_rules(&self, text: &str, enabled: impl Fn(&RuleMeta) -> bool) -> Vec<Finding> {
        self.check_with(text, &enabled, &self.engine)
    }

    /// `check_rules` with the chunk size and context given: tests compare small chunks
    /// with none.
    #[doc(hidden)]
    pub fn check_in_chunks(
        &self,
        text: &str,
        enabled: &dyn Fn(&RuleMeta) -> bool,
        size: usize,
        context: usize,
    ) -> Vec<Finding> {
        let engine = Engine {
            chunk_size: size,
            chunk_context: context,
            ..self.engine
        };
        self.check_with(text, enabled, &engine)
    }

    /// How this linter runs its rules over a text.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The linter with another engine: the same rules, run over texts another way. What
    /// a check finds does not depend on the engine, only how fast and in how much memory.
    pub fn with_engine(mut self, engine: Engine) -> Linter {
        self.engine = engine;
        self
    }

    fn check_with(
        &self,
        text: &str,
        enabled: &dyn Fn(&RuleMeta) -> bool,
        engine: &Engine,
    ) -> Vec<Finding> {
        // Every finding covers at least one character.
        if text.is_empty() {
            return Vec::new();
        }
        let on: Vec<bool> = self.rules.iter().map(|r| enabled(&r.meta)).collect();
        self.compile_regexes(&on, text);
        let occurrences = Occurrences::default();
        let context = engine.chunk_context.max(MIN_CHUNK_CONTEXT);
        let chunks = crate::chunks::chunks(text, engine.chunk_size, context);
        let mut raw: Vec<(usize, RawMatch)> = if let [chunk] = chunks.as_slice() {
            debug_assert_eq!(chunk.window, 0..text.len());
            self.raw_matches(text, text, &on, &occurrences, engine.gate)
        } else {
            self.raw_matches_in_chunks(text, &chunks, &on, &occurrences, engine.gate)
        };
        self.drop_superseded(&mut raw);
        let mut findings: Vec<Finding> = raw
            .into_iter()
            .map(|(i, m)| self.finding(text, i, m))
            .collect();
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule.id).cmp(&(b.span.start, b.span.end, &b.rule.id))
        });
        findings.dedup_by(|a, b| a.span == b.span && a.rule.id == b.rule.id);
        findings
    }

    /// Raw matches of a text checked in `chunks`, in the text's offsets. Each chunk keeps
    /// the matches that start in it; rules that read whole paragraphs or the whole
    /// document run once, on all of it.
    fn raw_matches_in_chunks(
        &self,
        text: &str,
        chunks: &[crate::chunks::Chunk],
        on: &[bool],
        occurrences: &Occurrences,
        gate: Gate,
    ) -> Vec<(usize, RawMatch)> {
        let whole: Vec<bool> = self.whole_text_rules(on, true);
        let per_chunk: Vec<bool> = self.whole_text_rules(on, false);
        let mut raw: Vec<(usize, RawMatch)> = chunks
            .par_iter()
            .flat_map_iter(|chunk| {
                let window = &text[chunk.window.clone()];
                let base = chunk.window.start;
                self.raw_matches(window, text, &per_chunk, occurrences, gate)
                    .into_iter()
                    .map(move |(i, m)| (i, shifted(m, base)))
                    .filter(|(_, m)| chunk.own.contains(&m.span.start))
                    .collect::<Vec<_>>()
            })
            .collect();
        if whole.iter().any(|&w| w) {
            raw.extend(self.raw_matches(text, text, &whole, occurrences, gate));
        }
        raw
    }

    /// Compiles the regexes of the rules that are `on` and may match `text` (built-in
    /// ones compile on first use), in parallel, the first time a text is checked.
    fn compile_regexes(&self, on: &[bool], text: &str) {
        if self.compiled.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let may = self.regex_gate.may_match(text);
        self.rules
            .par_iter()
            .zip(on)
            .enumerate()
            .filter(|(i, (_, on))| **on && may.rule(*i))
            .map(|(_, pair)| pair)
            .for_each(|(rule, _)| {
                // A failure here is met again, and reported, when the rule runs.
                let _ = rule.matcher.compile();
                for e in &rule.exceptions {
                    let _ = e.try_get();
                }
            });
        self.compiled
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Compiles every regex now, those compiled on first use included, and reports
    /// every one that does not compile (the test suite runs this on the built-in packs).
    pub fn compile_all(&self) -> Result<(), Vec<LoadError>> {
        let errors: Vec<LoadError> = self
            .rules
            .par_iter()
            .flat_map_iter(|rule| {
                let exceptions = rule.exceptions.iter().map(|e| e.try_get().map(|_| ()));
                std::iter::once(rule.matcher.compile())
                    .chain(exceptions)
                    .filter_map(Result::err)
                    .map(|message| LoadError {
                        file: rule.meta.file.clone(),
                        line: Some(rule.meta.line),
                        column: None,
                        rule: Some(rule.meta.id.clone()),
                        message,
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// `on`, narrowed to the rules that do (`whole`) or do not read more than a window
    /// around a match. Regex rules whose matches may cross a line or depend on the
    /// text's ends (paragraph and document rules among them) run on the whole text, and
    /// script rules weigh the letters of the whole text.
    fn whole_text_rules(&self, on: &[bool], whole: bool) -> Vec<bool> {
        self.rules
            .iter()
            .zip(on)
            .map(|(r, &on)| {
                let reads_whole = match &r.matcher {
                    Matcher::Regex(m) => !m.line_local(),
                    Matcher::Script(_) => true,
                    _ => false,
                };
                on && reads_whole == whole
            })
            .collect()
    }

    /// Raw matches of the rules that are `on` in `text`, a part of `document`, with
    /// exceptions taken out. Offsets are `text`'s.
    fn raw_matches(
        &self,
        text: &str,
        document: &str,
        on: &[bool],
        occurrences: &Occurrences,
        gate: Gate,
    ) -> Vec<(usize, RawMatch)> {
        let cx = Context::new(text);
        let mut raw: Vec<(usize, RawMatch)> = Vec::new();
        let any_phrase_rule = self
            .rules
            .iter()
            .zip(on)
            .any(|(r, &on)| on && matches!(r.matcher, Matcher::Phrase(_)));
        if any_phrase_rule {
            self.phrases.find(
                &cx,
                document,
                occurrences,
                |rule| match &self.rules[rule].matcher {
                    Matcher::Phrase(list) => list,
                    _ => unreachable!("phrase index holds phrase rules only"),
                },
                |rule, m| {
                    if on[rule] {
                        raw.push((rule, m));
                    }
                },
            );
        }
        let gated = self.regex_gate.applies(text.len(), gate);
        let may = self.regex_gate.may_match(text);
        let mut buffer = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            if !on[i] || (gated && self.regex_gate.covers(i)) || !may.rule(i) {
                continue;
            }
            rule.matcher.find(&cx, &mut buffer);
            raw.extend(buffer.drain(..).map(|m| (i, m)));
        }
        if gated {
            self.regex_gate.find(
                &cx,
                on,
                |rule| match &self.rules[rule].matcher {
                    Matcher::Regex(m) => m,
                    _ => unreachable!("the gate holds regex rules only"),
                },
                |rule, m| raw.push((rule, m)),
            );
        }
        raw.retain(|(i, m)| !self.is_excepted(&cx, *i, m));
        raw
    }

    fn is_excepted(&self, cx: &Context<'_>, rule: usize, m: &RawMatch) -> bool {
        let exceptions = &self.rules[rule].exceptions;
        if exceptions.is_empty() {
            return false;
        }
        // The paragraph around the match, but never more than a window of it: a file that
        // is one huge paragraph must not make each finding cost the whole file.
        let paragraph = cx.paragraph_at(m.span.start);
        let start = crate::text::floor_char_boundary(
            cx.text,
            paragraph
                .start
                .max(m.span.start.saturating_sub(EXCEPTION_WINDOW)),
        );
        let end = crate::text::floor_char_boundary(
            cx.text,
            paragraph.end.min(m.span.end + EXCEPTION_WINDOW),
        );
        let paragraph = start..end.max(start);
        let slice = &cx.text[paragraph.clone()];
        exceptions.iter().any(|re| {
            re.get().find_iter(slice).any(|e| {
                let (s, t) = (paragraph.start + e.start(), paragraph.start + e.end());
                s < m.span.end.max(m.span.start + 1) && m.span.start < t
            })
        })
    }

    /// Takes out the matches that a match of a rule superseding theirs overlaps (the
    /// bytes each reports or rewrites). Sorts the superseding spans once per superseded
    /// rule, so each match costs a binary search: `O(n log n)` in the number of matches.
    fn drop_superseded(&self, raw: &mut Vec<(usize, RawMatch)>) {
        let mut winners: HashMap<usize, Spans> = HashMap::new();
        for (i, m) in raw.iter() {
            for &loser in &self.rules[*i].supersedes {
                winners.entry(loser).or_default().starts.push(covered(m));
            }
        }
        if winners.is_empty() {
            return;
        }
        for spans in winners.values_mut() {
            spans.prepare();
        }
        raw.retain(|(i, m)| {
            winners
                .get(i)
                .is_none_or(|spans| !spans.overlaps(&covered(m)))
        });
    }

    fn finding(&self, text: &str, rule: usize, m: RawMatch) -> Finding {
        let meta = &self.rules[rule].meta;
        let matched = &text[m.span.clone()];
        let suggestion = m.suggestions.first().map_or("", |s| s.replacement.as_str());
        let message = meta
            .message
            .replace(
                "{matched}",
                &matched.split_whitespace().collect::<Vec<_>>().join(" "),
            )
            .replace("{suggestion}", suggestion);
        let message = match self.rules[rule].matcher.note(matched) {
            Some(note) => message.replace("{language}", note),
            None => message,
        };
        Finding {
            rule: Arc::clone(meta),
            severity: meta.severity,
            span: m.span,
            message,
            suggestions: m.suggestions,
        }
    }
}

/// Bytes around a match searched for its rule's exceptions.
const EXCEPTION_WINDOW: usize = 2048;

/// Texts over twice this size are checked in chunks of about this size (`chunks`).
pub const CHUNK_SIZE: usize = 1 << 20;

/// What a chunk's rules see on each side of it.
pub const CHUNK_CONTEXT: usize = 2 * EXCEPTION_WINDOW;

/// A chunk's rules see at least the exception window of a match on both sides, and the
/// words and sentence around it.
const MIN_CHUNK_CONTEXT: usize = EXCEPTION_WINDOW + 256;

/// How a linter runs its rules over a text: decided when it is built, the same for every
/// text it checks, and never a cause of different findings (the property tests check
/// every setting against the plainest one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engine {
    /// Texts over twice this many bytes are checked in chunks of about this size, in
    /// parallel.
    pub chunk_size: usize,
    /// Bytes a chunk's rules see on each side of it (at least the exception window and
    /// a little more).
    pub chunk_context: usize,
    /// When regex rules run through one `RegexSet` (`matchers::regex_gate`).
    pub gate: Gate,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine {
            chunk_size: CHUNK_SIZE,
            chunk_context: CHUNK_CONTEXT,
            gate: Gate::BySize,
        }
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

/// Ranges, sorted by start, with the greatest end of each prefix: whether any of them
/// overlaps a range is one binary search.
#[derive(Default)]
struct Spans {
    starts: Vec<std::ops::Range<usize>>,
    max_end: Vec<usize>,
}

impl Spans {
    fn prepare(&mut self) {
        self.starts.sort_unstable_by_key(|r| r.start);
        let mut greatest = 0;
        self.max_end = self
            .starts
            .iter()
            .map(|r| {
                greatest = greatest.max(r.end);
                greatest
            })
            .collect();
    }

    /// Whether some range `w` has `w.start < r.end && r.start < w.end`.
    fn overlaps(&self, r: &std::ops::Range<usize>) -> bool {
        // The ranges that start before `r` ends form a prefix; one of them overlaps `r`
        // if the greatest end among them lies past `r`'s start.
        let before = self.starts.partition_point(|w| w.start < r.end);
        before > 0 && self.max_end[before - 1] > r.start
    }
}

/// The bytes a raw match reports or rewrites.
fn covered(m: &RawMatch) -> std::ops::Range<usize> {
    m.suggestions.iter().fold(m.span.clone(), |acc, s| {
        acc.start.min(s.range.start)..acc.end.max(s.range.end)
    })
}
