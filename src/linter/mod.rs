//! The linter: compiled rules, and the engine that checks a text with all of them.
//!
//! - `build`: packs joined into rules, and the batch engines built over them;
//! - `engine`: how texts are run (chunks, batch engines), fixed when the linter is built;
//! - `run`: the pass over a text or its chunks;
//! - `filter`: exceptions and superseded rules;
//! - `template`: a match's finding and message.

mod build;
mod engine;
mod filter;
mod run;
mod template;

use std::sync::Arc;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

pub use engine::{CHUNK_CONTEXT, CHUNK_SIZE, Engine, Gate};

use crate::finding::Finding;
use crate::matchers::phrase::PhraseIndex;
use crate::matchers::regex_gate::RegexGate;
use crate::matchers::{CompileError, Matcher};
use crate::rules::load_pack_with;
use crate::rules::{BUILTIN_PACKS, LazyRegex, LoadError, LoadOptions, Pack, RuleMeta};

struct CompiledRule {
    meta: Arc<RuleMeta>,
    matcher: Box<dyn Matcher>,
    exceptions: Vec<LazyRegex>,
    /// Indices of rules whose overlapping findings this rule's findings replace.
    supersedes: Vec<usize>,
}

/// A set of compiled rules, ready to check any number of texts (`Sync`: share it across
/// threads), and the engine that runs them. Cloning it, or giving it another engine
/// (`with_engine`), shares the rules.
#[derive(Clone)]
pub struct Linter {
    shared: Arc<CompiledRules>,
    engine: Engine,
}

/// The compiled rules and batch engines of a linter, shared by its clones.
struct CompiledRules {
    rules: Vec<CompiledRule>,
    /// Built on first use: a check of an empty text needs none.
    phrases: OnceLock<PhraseIndex>,
    regex_gate: RegexGate,
    packs: Vec<(String, String)>,
    /// The regexes of the rules of a first check are compiled.
    compiled: AtomicBool,
}

impl std::fmt::Debug for Linter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Linter")
            .field("rules", &self.shared.rules.len())
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
        let (packs, errors) = crate::rules::split_errors(loaded);
        if !errors.is_empty() {
            return Err(errors);
        }
        Linter::from_packs(packs)
    }

    pub fn from_packs(packs: Vec<Pack>) -> Result<Linter, Vec<LoadError>> {
        let pack_list = packs
            .iter()
            .map(|p| (p.name.clone(), p.description.clone()))
            .collect();
        let mut errors = Vec::new();
        let (defs, index_of) = build::collect(packs, &mut errors);
        let rules = build::link(defs, &index_of, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let regex_gate = build::regex_gate(&rules);
        let shared = CompiledRules {
            phrases: OnceLock::new(),
            regex_gate,
            rules,
            packs: pack_list,
            compiled: AtomicBool::new(false),
        };
        Ok(Linter {
            shared: Arc::new(shared),
            engine: Engine::default(),
        })
    }

    /// The shared phrase index over every phrase rule, built on first use.
    fn phrases(&self) -> &PhraseIndex {
        self.shared
            .phrases
            .get_or_init(|| build::phrase_index(&self.shared.rules))
    }

    /// Every rule, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &Arc<RuleMeta>> {
        self.shared.rules.iter().map(|r| &r.meta)
    }

    pub fn rule(&self, id: &str) -> Option<&Arc<RuleMeta>> {
        self.rules().find(|r| r.id == id)
    }

    /// Names and descriptions of the loaded packs.
    pub fn packs(&self) -> &[(String, String)] {
        &self.shared.packs
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

    /// The linter with another engine: the same rules, shared, run over texts another
    /// way. What a check finds does not depend on the engine, only how fast and in how
    /// much memory.
    pub fn with_engine(&self, engine: Engine) -> Linter {
        Linter {
            shared: Arc::clone(&self.shared),
            engine,
        }
    }

    /// Compiles the matchers' regexes of the rules that are `on` and may match `text`
    /// (built-in ones compile on first use), in parallel, and builds the phrase index
    /// beside them, the first time a text is checked: what a check finds does not depend
    /// on it, only how its start-up time is spread.
    fn compile_first(&self, on: &[bool], text: &str) {
        if self.shared.compiled.load(Ordering::Relaxed) {
            return;
        }
        let may = self.shared.regex_gate.may_match(text);
        // The phrase index (which a text that is not empty needs) builds beside them.
        let phrases = || {
            if !text.is_empty() {
                self.phrases();
            }
        };
        // What this text needs compiled, the costliest first: the longest compile then
        // starts at once rather than last, beside the phrase index.
        let mut work: Vec<(usize, &CompiledRule)> = self
            .shared
            .rules
            .iter()
            .zip(on)
            .enumerate()
            .filter(|(i, (_, on))| **on && may.rule(*i))
            .filter_map(|(_, (rule, _))| match rule.matcher.regex() {
                Some(regex) => regex
                    .compiles_for(text)
                    .then(|| (regex.compile_cost(), rule)),
                None => Some((0, rule)),
            })
            .collect();
        work.sort_by_key(|(cost, _)| std::cmp::Reverse(*cost));
        let regexes = || {
            work.par_iter().with_max_len(1).for_each(|(_, rule)| {
                // A failure here is met again, and reported, when the rule runs. A rule's
                // exceptions compile when it first finds something: most never do.
                let _ = match rule.matcher.regex() {
                    Some(regex) => regex.compile(),
                    None => rule.matcher.prepare_for(text),
                };
            });
        };
        rayon::join(phrases, regexes);
        self.shared.compiled.store(true, Ordering::Relaxed);
    }

    /// Compiles every regex now, those compiled on first use included, and reports
    /// every one that does not compile (the test suite runs this on the built-in packs).
    pub fn compile_all(&self) -> Result<(), Vec<LoadError>> {
        let errors: Vec<LoadError> = self
            .shared
            .rules
            .par_iter()
            .flat_map_iter(|rule| {
                let exceptions = rule
                    .exceptions
                    .iter()
                    .map(|e| e.try_get().map(|_| ()).map_err(CompileError::from));
                let matcher = rule.matcher.compile();
                std::iter::once(matcher)
                    .chain(exceptions)
                    .filter_map(Result::err)
                    .map(|CompileError(message)| LoadError {
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
}
