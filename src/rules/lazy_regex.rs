//! Regexes checked when a pack loads and compiled when first used.
//!
//! Compiling the regexes of the built-in packs (Unicode classes, forward and reverse
//! automata) is most of mtlint's start-up. A built-in pack's patterns are compiled by
//! the test suite (`Linter::compile_all`) and parsed at build time (build.rs reads their
//! facts with `regex_facts`), so at run time their facts are looked up and each is
//! compiled on first use: checking an empty or a one-line file compiles only what it
//! runs. A pack is built in when its text is that of a built-in
//! pack, whatever its name. Patterns of other packs compile at load, so that every
//! error, a size limit included, is reported there with its file and line. Should a
//! pattern compiled on first use ever fail, that is an error (a panic naming the
//! pattern, which the command line reports as an error for the file being checked),
//! never a rule that silently matches nothing.

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex::{Regex, RegexBuilder};
use regex_automata::Input;
use regex_automata::dfa::{regex::Regex as DfaRegex, sparse};

pub(crate) use super::regex_facts::ascii_word_boundaries;
use super::regex_facts::{SyntaxFacts, syntax_facts};

/// The facts of every pattern of the built-in packs, computed by build.rs with
/// `regex_facts`: `SYNTAX` by (pattern after `ascii_word_boundaries`, ignores case),
/// `REQUIRED` by the regex gate's pattern (`regex_facts::set_pattern`), both sorted.
mod builtin_facts {
    include!(concat!(env!("OUT_DIR"), "/regex_facts.rs"));
}

/// The forward and reverse DFAs of the built-in regex rules whose automata are small
/// enough (build.rs): `DFAS` by (pattern after `ascii_word_boundaries`, ignores case),
/// sorted.
mod builtin_dfas {
    include!(concat!(env!("OUT_DIR"), "/regex_dfas.rs"));
}

/// A regex searched through its build-time DFAs, read in place.
type Dfa = DfaRegex<sparse::DFA<&'static [u8]>>;

/// The serialized DFAs of a built-in regex rule's pattern, if build.rs made them.
fn builtin_dfa(source: &str, case_insensitive: bool) -> Option<(&'static [u8], &'static [u8])> {
    let table = builtin_dfas::DFAS;
    let i = table
        .binary_search_by(|(s, ci, ..)| (*s, *ci).cmp(&(source, case_insensitive)))
        .ok()?;
    let (_, _, forward, reverse) = table[i];
    Some((forward, reverse))
}

/// The build-time facts of a built-in pattern, if it is one.
fn builtin_syntax(source: &str, case_insensitive: bool) -> Option<SyntaxFacts> {
    let table = builtin_facts::SYNTAX;
    let i = table
        .binary_search_by(|(s, ci, ..)| (*s, *ci).cmp(&(source, case_insensitive)))
        .ok()?;
    let (_, _, names, line_local) = table[i];
    Some(SyntaxFacts {
        names: names.iter().map(|&(i, n)| (i, n.to_string())).collect(),
        line_local,
    })
}

/// The required literals of a regex gate pattern (`regex_facts::required_literals`):
/// looked up for the built-in patterns, found from the syntax for others. The answer is
/// a function of the pattern alone, so a lookup gives what parsing would.
pub fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let table = builtin_facts::REQUIRED;
    match table.binary_search_by(|(s, _)| (*s).cmp(pattern)) {
        Ok(i) => table[i]
            .1
            .map(|all| all.iter().map(|l| l.to_vec()).collect()),
        Err(_) => super::regex_facts::required_literals(pattern),
    }
}

/// Compiled regexes stay small: a rule file cannot make mtlint build a huge automaton.
pub(crate) const REGEX_SIZE_LIMIT: usize = 1 << 21;

/// A pattern that is not a regex, or does not compile (an automaton over the size
/// limit): the pattern, and the regex library's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegexError {
    Syntax { pattern: String, message: String },
    Compile { pattern: String, message: String },
}

impl std::fmt::Display for RegexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RegexError::Syntax { pattern, message } | RegexError::Compile { pattern, message } => {
                write!(f, "invalid regex `{pattern}`: {message}")
            }
        }
    }
}

impl std::error::Error for RegexError {}

#[derive(Debug)]
pub struct LazyRegex {
    /// The pattern with its word boundaries made ASCII (`ascii_word_boundaries`).
    source: String,
    case_insensitive: bool,
    /// Named capture groups: (index, name).
    names: Vec<(usize, String)>,
    /// No match holds a line break, and none depends on where the searched text starts
    /// or ends (`line_local`).
    line_local: bool,
    compiled: OnceLock<Regex>,
    /// The serialized DFAs build.rs made of this pattern (built-in regex rules only).
    serialized: Option<(&'static [u8], &'static [u8])>,
    /// Those DFAs, read on first use: none where there are none, or where they do not
    /// read on this target (a big-endian one), and the regex is compiled instead.
    dfa: OnceLock<Option<Dfa>>,
    /// The bytes given to the DFAs to search so far (`searches_dfa`).
    searched: AtomicUsize,
}

/// How many bytes a regex searches through its build-time DFAs before it is compiled
/// and searched as a regex: reading the DFAs costs nothing, compiling the regex about a
/// millisecond, but the compiled regex (prefilters, a lazy DFA in cache) searches long
/// texts several times faster than a sparse DFA. Both find the same matches. The unit
/// tests search through the DFAs throughout, so that the tests comparing the built-in
/// packs' start-up path with the user-pack path compare the DFAs on every example; the
/// integration tests check the switch.
const DFA_SEARCH_BUDGET: usize = 64 << 10;

impl LazyRegex {
    /// Checks `pattern`; compiles it now unless `lazy`.
    pub fn new(pattern: &str, case_insensitive: bool, lazy: bool) -> Result<LazyRegex, RegexError> {
        let source = ascii_word_boundaries(pattern);
        // A built-in pattern was parsed at build time (`lazy` holds for built-in packs
        // only); any other is parsed now, and an error is reported at load.
        let known = if lazy {
            builtin_syntax(&source, case_insensitive)
        } else {
            None
        };
        let facts = match known {
            Some(facts) => facts,
            None => {
                syntax_facts(&source, case_insensitive).map_err(|message| RegexError::Syntax {
                    pattern: pattern.to_string(),
                    message,
                })?
            }
        };
        let serialized = if lazy {
            builtin_dfa(&source, case_insensitive)
        } else {
            None
        };
        let regex = LazyRegex {
            source,
            case_insensitive,
            names: facts.names,
            line_local: facts.line_local,
            compiled: OnceLock::new(),
            serialized,
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
        };
        if !lazy {
            let compiled = regex.build().map_err(|e| RegexError::Compile {
                pattern: pattern.to_string(),
                message: e.to_string(),
            })?;
            let _ = regex.compiled.set(compiled);
        }
        Ok(regex)
    }

    /// The compiled regex. A pattern compiled on first use that fails to compile is a
    /// bug of mtlint's (built-in patterns compile in the test suite): it panics, naming
    /// the pattern.
    pub fn get(&self) -> &Regex {
        self.try_get()
            .unwrap_or_else(|e| panic!("a built-in regex failed to compile: {e}"))
    }

    /// Whether the regex has been compiled (on first use, or at once).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// The compiled regex, compiled now if it was not.
    pub fn try_get(&self) -> Result<&Regex, RegexError> {
        if let Some(regex) = self.compiled.get() {
            return Ok(regex);
        }
        let regex = self.build().map_err(|e| RegexError::Compile {
            pattern: self.source.clone(),
            message: e.to_string(),
        })?;
        Ok(self.compiled.get_or_init(|| regex))
    }

    /// The build-time DFAs of this regex, read in place on first use.
    fn dfa(&self) -> Option<&Dfa> {
        let read = || {
            let (forward, reverse) = self.serialized?;
            if cfg!(target_endian = "big") {
                return None;
            }
            // SAFETY: the bytes are what this regex-automata (one locked version, the
            // build script's and the binary's) wrote with `to_bytes_little_endian` at
            // build time, embedded unchanged, read on a little-endian target: a valid
            // serialization. The header (format version, endianness) is checked still;
            // a test reads every one with the checked `from_bytes`. Validating the
            // transitions of every DFA a check uses took a fifth of a 1 KB file's
            // start-up.
            let (forward, _) = unsafe { sparse::DFA::from_bytes_unchecked(forward) }.ok()?;
            let (reverse, _) = unsafe { sparse::DFA::from_bytes_unchecked(reverse) }.ok()?;
            Some(DfaRegex::builder().build_from_dfas(forward, reverse))
        };
        self.dfa.get_or_init(read).as_ref()
    }

    /// Whether matches are found through build-time DFAs (`find_at`), with the regex
    /// compiled only when a match's groups are wanted.
    pub fn has_dfa(&self) -> bool {
        self.dfa().is_some()
    }

    /// Whether to search `bytes` more bytes through the build-time DFAs (`find_at`,
    /// `dfa_matches`) rather than the compiled regex: while there are DFAs and, with
    /// these, they will have searched at most `DFA_SEARCH_BUDGET` bytes. Either way
    /// finds the same.
    pub fn searches_dfa(&self, bytes: usize) -> bool {
        if cfg!(test) {
            return self.has_dfa();
        }
        self.has_dfa()
            && self
                .searched
                .fetch_add(bytes, Ordering::Relaxed)
                .saturating_add(bytes)
                <= DFA_SEARCH_BUDGET
    }

    /// The leftmost-first match in `haystack` that starts at or after `at`, as
    /// `Regex::find_at` finds it (what lies before `at` is seen by look-behind
    /// assertions): through the build-time DFAs where there are, else the compiled
    /// regex.
    pub fn find_at(&self, haystack: &str, at: usize) -> Option<Range<usize>> {
        if let Some(dfa) = self.dfa()
            && let Ok(found) = dfa.try_search(&Input::new(haystack).range(at..))
        {
            return found.map(|m| m.range());
        }
        self.get().find_at(haystack, at).map(|m| m.range())
    }

    /// Every match in `haystack`, in the order and with the handling of empty matches
    /// of `Regex::find_iter`, through the build-time DFAs; none if this regex has none
    /// (or a search of them failed, which a DFA without quit bytes never does).
    pub fn dfa_matches(&self, haystack: &str) -> Option<Vec<Range<usize>>> {
        let dfa = self.dfa()?;
        let mut searcher = regex_automata::util::iter::Searcher::new(Input::new(haystack));
        let mut all = Vec::new();
        while let Some(m) = searcher.try_advance(|input| dfa.try_search(input)).ok()? {
            all.push(m.range());
        }
        Some(all)
    }

    /// The pattern as compiled, and whether it ignores case.
    pub fn source(&self) -> (&str, bool) {
        (&self.source, self.case_insensitive)
    }

    /// Whether every match lies within one line and is found the same in any stretch of
    /// text that holds its line: no match can hold a line break, and the pattern does
    /// not assert the start or end of the text (`\A`, `\z`). Such a regex can be run
    /// on a part of a text, a window around a chunk or a group of paragraphs, and find
    /// there what it finds in the whole; any other runs on the whole text.
    pub fn line_local(&self) -> bool {
        self.line_local
    }

    /// Named capture groups, as (group index, name).
    pub fn capture_names(&self) -> &[(usize, String)] {
        &self.names
    }

    fn build(&self) -> Result<Regex, regex::Error> {
        RegexBuilder::new(&self.source)
            .case_insensitive(self.case_insensitive)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT * 2)
            .build()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_become_ascii_and_escapes_stay() {
        assert_eq!(ascii_word_boundaries(r"\bto\B"), r"(?-u:\b)to(?-u:\B)");
        assert_eq!(
            ascii_word_boundaries(r"a\\b\.\b{start}"),
            r"a\\b\.\b{start}"
        );
    }

    /// The facts build.rs computed for the built-in patterns are those parsing gives, and
    /// every regex of the built-in packs (rules and exceptions) is among them.
    #[test]
    fn build_time_facts_are_the_run_time_facts_of_every_builtin_regex() {
        for &(source, ci, names, line_local) in builtin_facts::SYNTAX {
            let parsed = syntax_facts(source, ci).expect("a built-in pattern parses");
            assert_eq!(builtin_syntax(source, ci), Some(parsed.clone()), "{source}");
            let names: Vec<_> = names.iter().map(|&(i, n)| (i, n.to_string())).collect();
            assert_eq!((names, line_local), (parsed.names, parsed.line_local));
        }
        for &(pattern, _) in builtin_facts::REQUIRED {
            let parsed = super::super::regex_facts::required_literals(pattern);
            assert_eq!(required_literals(pattern), parsed, "{pattern}");
        }
        let mut regexes = 0;
        for (name, text) in crate::rules::BUILTIN_PACKS {
            let pack = crate::rules::load_pack(name, text).expect("built-in pack");
            for def in &pack.rules {
                for exception in &def.exceptions {
                    let (source, ci) = exception.source();
                    assert!(builtin_syntax(source, ci).is_some(), "{source}");
                    regexes += 1;
                }
                if let Some(m) = def.matcher.regex() {
                    let (source, ci) = m.lazy_regex().source();
                    assert!(builtin_syntax(source, ci).is_some(), "{source}");
                    let pattern = m.set_pattern();
                    let table = builtin_facts::REQUIRED;
                    assert!(table.iter().any(|(p, _)| *p == pattern), "{pattern}");
                    regexes += 1;
                }
            }
        }
        assert!(regexes > 50, "{regexes}");
    }

    /// Every build-time DFA reads on this target and is a built-in regex rule's, and
    /// through it that rule's regex finds what the compiled regex finds, from every
    /// start, on every example of the built-in packs.
    #[test]
    fn build_time_dfas_find_what_the_compiled_regexes_find() {
        let packs: Vec<_> = crate::rules::BUILTIN_PACKS
            .iter()
            .map(|(name, text)| crate::rules::load_pack(name, text).expect("built-in pack"))
            .collect();
        let defs = || packs.iter().flat_map(|p| &p.rules);
        let mut texts: Vec<&str> = Vec::new();
        for def in defs() {
            texts.extend(def.meta.good.iter().map(String::as_str));
            texts.extend(def.meta.bad.iter().map(|b| b.text.as_str()));
        }
        assert!(texts.len() > 1000, "{} examples", texts.len());
        let with_dfa: Vec<&LazyRegex> = defs()
            .filter_map(|def| def.matcher.regex())
            .map(|m| m.lazy_regex())
            .filter(|regex| regex.has_dfa())
            .collect();
        let mut sources: Vec<(&str, bool)> = with_dfa.iter().map(|r| r.source()).collect();
        sources.sort();
        sources.dedup();
        let table: Vec<(&str, bool)> = builtin_dfas::DFAS.iter().map(|d| (d.0, d.1)).collect();
        assert_eq!(
            sources, table,
            "DFAs that no rule reads, or that do not read"
        );
        for &(source, _, forward, reverse) in builtin_dfas::DFAS {
            for bytes in [forward, reverse] {
                let read = sparse::DFA::from_bytes(bytes).map(|_| ());
                assert!(read.is_ok(), "{source}: {read:?}");
            }
        }
        assert!(table.len() > 10, "{} DFAs", table.len());
        for lazy in with_dfa {
            let source = lazy.source().0;
            let regex = lazy.build().expect("a built-in pattern compiles");
            for text in &texts {
                let dfa = lazy.dfa_matches(text).expect("the DFAs search");
                let all: Vec<_> = regex.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(dfa, all, "{source} on {text:?}");
                for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let expected = regex.find_at(text, at).map(|m| m.range());
                    assert_eq!(
                        lazy.find_at(text, at),
                        expected,
                        "{source} at {at} of {text:?}"
                    );
                }
            }
        }
    }

    /// The ASCII `\b` of the rewrite and the text model's whole word
    /// (`text::is_whole_word`) agree next to ASCII letters, digits, `_`, apostrophes and
    /// punctuation, and differ next to non-ASCII letters and combining marks
    /// (`ascii_word_boundaries` says why that is accepted).
    #[test]
    fn the_regex_word_boundary_and_the_text_model_word() {
        let regex = LazyRegex::new(r"\bab\b", false, false).unwrap();
        let regex = regex.get();
        let agree = |neighbour: &str| {
            for text in [format!("ab{neighbour}"), format!("{neighbour}ab")] {
                let at = text.find("ab").unwrap();
                let range = at..at + 2;
                let bounded = regex.find_iter(&text).any(|m| m.range() == range);
                (bounded == crate::text::is_whole_word(&text, &range))
                    .then_some(())
                    .ok_or(text)?;
            }
            Ok::<(), String>(())
        };
        for neighbour in [
            "x", "Z", "7", "0", "_", "'", "\u{2019}", " ", ".", "-", "\n", "",
        ] {
            assert_eq!(agree(neighbour), Ok(()), "{neighbour:?}");
        }
        for neighbour in ["\u{301}", "\u{20D7}", "é", "ß", "ж", "\u{663}"] {
            assert!(agree(neighbour).is_err(), "{neighbour:?} now agrees");
            let c = neighbour.chars().next().unwrap();
            assert!(crate::text::is_word_char(c), "{neighbour:?}");
        }
    }

    #[test]
    fn syntax_errors_are_found_without_compiling() {
        let e = LazyRegex::new(r"a(b", false, true).unwrap_err();
        assert!(matches!(e, RegexError::Syntax { .. }), "{e:?}");
        assert!(e.to_string().contains("unclosed group"), "{e}");
        let named = LazyRegex::new(r"(?P<span>a)(b)(?<x>c)", false, true).unwrap();
        assert_eq!(
            named.capture_names(),
            [(1, "span".to_string()), (3, "x".to_string())]
        );
        assert!(named.get().is_match("abc"));
    }

    #[test]
    fn line_local_patterns_cannot_cross_a_line_or_see_the_text_ends() {
        let local = |p: &str| LazyRegex::new(p, false, true).unwrap().line_local();
        assert!(local(r"\bfood food\b"));
        assert!(local(r"(?m)^[ \t]+\S"));
        assert!(local(r"[^\n“”]*”"));
        assert!(!local(r"a\s+b"));
        assert!(!local(r"[^“”]*”"));
        assert!(!local(r"\Afoo"));
        assert!(!local(r"foo\z"));
        assert!(!local(r"foo$"));
        assert!(!local("a\nb"));
    }

    #[test]
    fn size_limits_are_errors_when_compiled_at_load() {
        let huge = r"\w{200}\w{200}\w{200}";
        assert!(matches!(
            LazyRegex::new(huge, false, false),
            Err(RegexError::Compile { .. })
        ));
        let lazy = LazyRegex::new(huge, false, true).unwrap();
        // Compiled on first use, the failure is an error, not a regex matching nothing.
        let e = lazy.try_get().unwrap_err();
        assert!(matches!(e, RegexError::Compile { .. }), "{e:?}");
        assert!(e.to_string().contains("size limit"), "{e}");
        let panic = std::panic::catch_unwind(|| lazy.get().is_match("a")).unwrap_err();
        let message = panic.downcast_ref::<String>().unwrap();
        assert!(message.contains(r"\w{200}"), "{message}");
    }
}
