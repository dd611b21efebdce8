//! What mtlint reads from a regex's syntax without compiling it: its named groups,
//! whether its matches stay within a line, and the literals one of which every match
//! holds (the regex gate's prefilter).
//!
//! This file depends on `regex-syntax` and `std` only: build.rs includes it as a module
//! too, and computes these facts for every pattern of the built-in packs at build time
//! (`lazy_regex::builtin_facts`), with this same code. At run time a built-in pattern's
//! facts are looked up, not parsed; the patterns of other packs are parsed here.

use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A rule whose every match holds one of at most this many literals can be skipped.
pub const LITERAL_LIMIT: usize = 64;

/// The facts of a pattern (after `ascii_word_boundaries`), parsed with or without case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxFacts {
    /// Named capture groups: (index, name).
    pub names: Vec<(usize, String)>,
    /// No match holds a line break, and none depends on where the searched text starts
    /// or ends.
    pub line_local: bool,
}

/// Parses `source` and reads its facts; the parser's error if it is not a regex.
pub fn syntax_facts(source: &str, case_insensitive: bool) -> Result<SyntaxFacts, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(source)
        .map_err(|e| e.to_string())?;
    let mut names = Vec::new();
    capture_names(&hir, &mut names);
    let looks = hir.properties().look_set();
    let anchored = looks.contains(Look::Start) || looks.contains(Look::End);
    Ok(SyntaxFacts {
        names,
        line_local: !anchored && !can_match_newline(&hir),
    })
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

/// Literals one of which every match of `pattern` (a pattern as the regex gate compiles
/// it: case folded in with `(?i:...)`) holds, or `None` when there are no such few: a
/// pattern that can match the empty string, or that starts with a large class at every
/// position.
///
/// The literals are ASCII-lowercased, and a text holds one when it holds it in any ASCII
/// case: a case-insensitive letter (`[pP]`) then reads as one letter, and "photo" is
/// one literal where its 32 spellings would be too many. A letter whose case folds
/// outside ASCII (`k` with the Kelvin sign, `s` with the long s) stays a class, so
/// every spelling the regex matches is still looked for.
pub fn required_literals(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let found = required(&fold_ascii_case(&hir))?;
    let mut literals: Vec<Vec<u8>> = Vec::with_capacity(found.len());
    for mut literal in found {
        literal.make_ascii_lowercase();
        if !literals.contains(&literal) {
            literals.push(literal);
        }
    }
    Some(literals)
}

/// `hir` with each class of exactly one ASCII letter in both cases (`[Pp]`) made the
/// lowercase letter.
fn fold_ascii_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(class) => match ascii_letter_in_both_cases(class) {
            Some(lower) => Hir::literal([lower]),
            None => hir.clone(),
        },
        HirKind::Capture(capture) => Hir::capture(regex_syntax::hir::Capture {
            index: capture.index,
            name: capture.name.clone(),
            sub: Box::new(fold_ascii_case(&capture.sub)),
        }),
        HirKind::Repetition(r) => Hir::repetition(regex_syntax::hir::Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(fold_ascii_case(&r.sub)),
        }),
        HirKind::Concat(all) => Hir::concat(all.iter().map(fold_ascii_case).collect()),
        HirKind::Alternation(all) => Hir::alternation(all.iter().map(fold_ascii_case).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// The lowercase letter, if `class` is exactly one ASCII letter in its two cases.
fn ascii_letter_in_both_cases(class: &Class) -> Option<u8> {
    let (upper, lower) = match class {
        Class::Unicode(c) => match c.ranges() {
            [u, l] if u.start() == u.end() && l.start() == l.end() => {
                (u8::try_from(u.start()).ok()?, u8::try_from(l.start()).ok()?)
            }
            _ => return None,
        },
        Class::Bytes(c) => match c.ranges() {
            [u, l] if u.start() == u.end() && l.start() == l.end() => (u.start(), l.start()),
            _ => return None,
        },
    };
    (upper.is_ascii_uppercase() && upper.to_ascii_lowercase() == lower).then_some(lower)
}

fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(r) if r.min >= 1 => better(prefixes(hir), required(&r.sub)),
        HirKind::Alternation(all) => {
            let mut union: Vec<Vec<u8>> = Vec::new();
            for alternative in all {
                for literal in required(alternative)? {
                    if !union.contains(&literal) {
                        union.push(literal);
                    }
                }
            }
            (union.len() <= LITERAL_LIMIT).then_some(union)
        }
        HirKind::Concat(all) => all.iter().map(required).fold(prefixes(hir), better),
        HirKind::Class(Class::Unicode(class)) => prefixes(hir).or_else(|| class_chars(class)),
        _ => prefixes(hir),
    }
}

/// A class of a few characters as literals: more than the prefix extractor takes from
/// one class (an invisible character of thirteen).
const CLASS_LITERALS: usize = 16;

fn class_chars(class: &regex_syntax::hir::ClassUnicode) -> Option<Vec<Vec<u8>>> {
    let literals: Vec<Vec<u8>> = class
        .iter()
        .flat_map(|r| r.start()..=r.end())
        .take(CLASS_LITERALS + 1)
        .map(|c| c.to_string().into_bytes())
        .collect();
    (literals.len() <= CLASS_LITERALS).then_some(literals)
}

/// Literals one of which starts every match of `hir`, if few and none empty.
fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_total(LITERAL_LIMIT)
        .extract(hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Of two sets of required literals, the one more likely to be missing from a text:
/// the longer shortest literal, then the fewer literals.
fn better(a: Option<Vec<Vec<u8>>>, b: Option<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    let key = |set: &Vec<Vec<u8>>| {
        let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
        (shortest.min(4), std::cmp::Reverse(set.len()))
    };
    match (a, b) {
        (Some(a), Some(b)) => Some(if key(&b) > key(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The characters no match of `pattern` (a pattern as the regex gate compiles it) can
/// hold, as sorted, disjoint ranges: those outside every literal and class of its
/// syntax. `None` when there are none, or when the pattern reads bytes outside ASCII
/// one at a time. A match then lies within one run of the other characters, which is
/// what lets a rule that reads across lines be searched around its literals only.
pub fn excluded_chars(pattern: &str) -> Option<Vec<(char, char)>> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut held = regex_syntax::hir::ClassUnicode::empty();
    held_chars(&hir, &mut held)?;
    held.negate();
    let ranges: Vec<(char, char)> = held.ranges().iter().map(|r| (r.start(), r.end())).collect();
    (!ranges.is_empty()).then_some(ranges)
}

/// Adds to `held` every character a match of `hir` can hold; `None` for a class of
/// bytes outside ASCII.
fn held_chars(hir: &Hir, held: &mut regex_syntax::hir::ClassUnicode) -> Option<()> {
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => {
            let text = std::str::from_utf8(&literal.0).ok()?;
            let chars = text.chars().map(|c| ClassUnicodeRange::new(c, c));
            held.union(&ClassUnicode::new(chars));
        }
        HirKind::Class(Class::Unicode(class)) => held.union(class),
        HirKind::Class(Class::Bytes(class)) => {
            let ascii = class.ranges().iter().all(|r| r.end().is_ascii());
            if !ascii {
                return None;
            }
            let ranges = class
                .ranges()
                .iter()
                .map(|r| ClassUnicodeRange::new(char::from(r.start()), char::from(r.end())));
            held.union(&ClassUnicode::new(ranges));
        }
        HirKind::Capture(capture) => held_chars(&capture.sub, held)?,
        HirKind::Repetition(r) if r.max == Some(0) => {}
        HirKind::Repetition(r) => held_chars(&r.sub, held)?,
        HirKind::Concat(all) | HirKind::Alternation(all) => {
            for h in all {
                held_chars(h, held)?;
            }
        }
    }
    Some(())
}

/// The pattern the regex gate compiles for a rule's pattern: case folded in.
pub fn set_pattern(source: &str, case_insensitive: bool) -> String {
    if case_insensitive {
        format!("(?i:{source})")
    } else {
        source.to_string()
    }
}

/// Rewrites `\b` and `\B` as ASCII word boundaries. A Unicode word boundary stops the
/// regex crate's fast DFA on any text with a non-ASCII character (a curly quote is
/// enough) and leaves the slow NFA to scan it; rules target English words, where the
/// ASCII boundary is the same. `\b{start}` and friends are kept.
///
/// How this boundary relates to the text model's word (`text::is_word_char`, a letter,
/// a digit or a combining mark, with `_` gluing words: `text::is_whole_word`): at an
/// ASCII word, both put a boundary in the same places next to ASCII letters, digits,
/// `_` (a word character here, glue there: no boundary either way), apostrophes
/// straight or curly, spaces and punctuation. They differ next to a non-ASCII letter or
/// a combining mark, which the ASCII boundary counts as a non-word character: `\bcafe\b`
/// matches in "cafe\u{301}" and "cafeé", where no whole word "cafe" is. A test in
/// `lazy_regex` holds both the agreement and the difference.
pub fn ascii_word_boundaries(pattern: &str) -> String {
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
