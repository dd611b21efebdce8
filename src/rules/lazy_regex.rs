//! Regexes checked when a pack loads and compiled when first used.
//!
//! Compiling the regexes of the built-in packs (Unicode classes, forward and reverse
//! automata) is most of mtlint's start-up. A built-in pack's patterns are compiled by
//! the test suite (`Linter::compile_all`), so at run time their syntax is checked at
//! load (cheap) and each is compiled on first use: checking an empty or a one-line file
//! compiles only what it runs. A pack is built in when its text is that of a built-in
//! pack, whatever its name. Patterns of other packs compile at load, so that every
//! error, a size limit included, is reported there with its file and line. Should a
//! pattern compiled on first use ever fail, that is an error (a panic naming the
//! pattern, which the command line reports as an error for the file being checked),
//! never a rule that silently matches nothing.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

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
}

impl LazyRegex {
    /// Checks `pattern`; compiles it now unless `lazy`.
    pub fn new(pattern: &str, case_insensitive: bool, lazy: bool) -> Result<LazyRegex, RegexError> {
        let source = ascii_word_boundaries(pattern);
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(case_insensitive)
            .build()
            .parse(&source)
            .map_err(|e| RegexError::Syntax {
                pattern: pattern.to_string(),
                message: e.to_string(),
            })?;
        let mut names = Vec::new();
        capture_names(&hir, &mut names);
        let looks = hir.properties().look_set();
        let anchored = looks.contains(Look::Start) || looks.contains(Look::End);
        let regex = LazyRegex {
            source,
            case_insensitive,
            names,
            line_local: !anchored && !can_match_newline(&hir),
            compiled: OnceLock::new(),
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

fn capture_names(hir: &Hir, out: &mut Vec<(usize, String)>) {
    match hir.kind() {
        HirKind::Capture(capture) => {
            if let Some(name) = &capture.name {
                out.push((capture.index as usize, name.to_string()));
            }
            capture_names(&capture.sub, out);
        }
        HirKind::Concat(all) | HirKind::Alternation(all) => {
            for h in all {
                capture_names(h, out);
            }
        }
        HirKind::Repetition(r) => capture_names(&r.sub, out),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

/// Whether some match of `hir` can hold a line feed.
fn can_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(literal) => literal.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Capture(capture) => can_match_newline(&capture.sub),
        HirKind::Repetition(r) => r.max != Some(0) && can_match_newline(&r.sub),
        HirKind::Concat(all) | HirKind::Alternation(all) => all.iter().any(can_match_newline),
    }
}

/// Rewrites `\b` and `\B` as ASCII word boundaries. A Unicode word boundary stops the
/// regex crate's fast DFA on any text with a non-ASCII character (a curly quote is
/// enough) and leaves the slow NFA to scan it; rules target English words, where the
/// ASCII boundary is the same. `\b{start}` and friends are kept.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some(b @ ('b' | 'B')) if chars.peek() != Some(&'{') => {
                out.push_str("(?-u:\\");
                out.push(b);
                out.push(')');
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
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
