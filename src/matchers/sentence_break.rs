//! A period inside a phrase: "its nuclear power. program", "abandonment. weapons".
//!
//! A period followed by whitespace and a lowercase word is a broken sentence unless the
//! word before the period is an abbreviation ("U.S. officials", "e.g. the", "approx.
//! five"), an initial, a number, or part of an ellipsis. The abbreviation list lives in
//! the rule's TOML, so a newsroom can add its own.

use std::collections::HashSet;

use serde::Deserialize;

use super::{BuildContext, Context, KindSpec, Matcher, RawMatch, SpecError};
use crate::finding::Suggestion;
use crate::text::words::Case;

/// Bytes of a token looked at on either side of a period.
const MAX_TOKEN: usize = 64;

#[derive(Debug)]
pub struct SentenceBreak {
    /// Lowercase, without the final period.
    abbreviations: HashSet<String>,
}

impl SentenceBreak {
    pub fn new(abbreviations: Vec<String>) -> SentenceBreak {
        SentenceBreak {
            abbreviations: abbreviations
                .into_iter()
                .map(|a| a.trim_end_matches('.').to_lowercase())
                .collect(),
        }
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let text = cx.text;
        let bytes = text.as_bytes();
        // The first word not before the last period: periods come in order.
        let mut next = 0;
        for dot in memchr::memchr_iter(b'.', bytes) {
            let Some(next_word) = lowercase_word_after(cx, dot + 1, &mut next) else {
                continue;
            };
            if !self.breaks_phrase(text, dot) {
                continue;
            }
            // "...": an ellipsis is not a broken sentence.
            if dot > 0 && bytes[dot - 1] == b'.' {
                continue;
            }
            out.push(RawMatch {
                span: dot..next_word.end,
                review: false,
                suggestions: vec![Suggestion {
                    range: dot..next_word.end,
                    replacement: text[dot + 1..next_word.end].to_string(),
                }],
            });
        }
    }

    /// Whether the token ending at the period at `dot` is an ordinary word, so that the
    /// period claims to end a sentence.
    fn breaks_phrase(&self, text: &str, dot: usize) -> bool {
        // A token longer than this is no word (and scanning further back on a text without
        // spaces would make the pass quadratic).
        let from = crate::text::ceil_char_boundary(text, dot.saturating_sub(MAX_TOKEN));
        let before = &text[from..dot];
        let token_start = before
            .rfind(|c: char| c.is_whitespace() || "([{\"'“‘«—–/".contains(c))
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let token = &before[token_start..];
        let Some(last) = token.chars().next_back() else {
            return false;
        };
        if !last.is_alphabetic() {
            return false; // "2019.", "fig.)", "etc.'"
        }
        let letters = token.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 1 || token.contains('.') || token.contains('&') {
            return false; // initials, "U.S", "e.g", "&c"
        }
        let lower = token.to_lowercase();
        // The last part of a hyphenated word may be the abbreviation ("visual-approx.").
        let last_part = lower.rsplit('-').next().unwrap_or(&lower);
        if self.abbreviations.contains(&lower)
            || self.abbreviations.contains(last_part)
            || is_roman_numeral(&lower)
        {
            return false;
        }
        true
    }
}

/// The byte range of a lowercase word that follows `from` after spaces or one line break,
/// or `None` when what follows is not a plain lowercase word. `next`: the index of a word
/// of the text that starts before `from` or is the first after it, moved on to the first.
fn lowercase_word_after(
    cx: &Context<'_>,
    from: usize,
    next: &mut usize,
) -> Option<std::ops::Range<usize>> {
    let text = cx.text;
    let rest = &text[from..];
    let gap = rest.len()
        - rest
            .trim_start_matches([' ', '\t', '\r', '\n', '\u{a0}'])
            .len();
    // Two lines down is a new paragraph; a wide gap is a column layout, not prose.
    let spaces = rest[..gap]
        .chars()
        .filter(|c| *c == ' ' || *c == '\t')
        .count();
    if gap == 0 || rest[..gap].matches('\n').count() > 1 || spaces > 2 {
        return None;
    }
    let start = from + gap;
    // "the region. â€œThe voters": what follows is an opening quote in the wrong
    // encoding, the mojibake rule's finding; the period is a real full stop.
    if super::mojibake::decode_one(&text[start..]).is_some() {
        return None;
    }
    // A word of the text starts there (`text::words`), whitespace being before it.
    let words = cx.words();
    while words.get(*next).is_some_and(|w| w.start() < start) {
        *next += 1;
    }
    let word = words.get(*next)?;
    if word.start() != start {
        return None;
    }
    let word_len = word.len();
    let first = text[start..].chars().next()?;
    if !first.is_lowercase() || word.case() != Case::Lower {
        return None; // "iPhone", "eBay": lowercase brand names
    }
    // "example. com", "file. txt/", "name. @": not prose.
    if let Some(after) = text[start + word_len..].chars().next()
        && ".@/\\:".contains(after)
        && text[start + word_len + after.len_utf8()..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace())
    {
        return None;
    }
    Some(start..start + word_len)
}

fn is_roman_numeral(token: &str) -> bool {
    token.len() <= 6
        && token.chars().all(|c| "ivxlcdm".contains(c))
        && token != "mid"
        && token != "dim"
}

/// `kind = "sentence-break"`: a period followed by a lowercase word.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentenceBreakSpec {
    /// Abbreviations whose period ends no sentence.
    #[serde(default)]
    abbreviations: Vec<String>,
}

impl KindSpec for SentenceBreakSpec {
    const NAME: &'static str = "sentence-break";

    fn build(self, _: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError> {
        Ok(Box::new(SentenceBreak::new(self.abbreviations)))
    }
}

impl Matcher for SentenceBreak {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        SentenceBreak::find(self, cx, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let rule = SentenceBreak::new(vec!["approx".into(), "Mr.".into(), "etc".into()]);
        let cx = Context::new(text);
        let mut out = Vec::new();
        rule.find(&cx, &mut out);
        out.into_iter().map(|m| &text[m.span]).collect()
    }

    #[test]
    fn flags_period_inside_phrase() {
        assert_eq!(find("on its nuclear power. program."), [". program"]);
        assert_eq!(find("its abandonment.\nweapons programs"), [".\nweapons"]);
    }

    #[test]
    fn a_period_before_mojibake_is_a_full_stop() {
        assert!(find("It was in the region. â€œThe voters left.").is_empty());
    }

    #[test]
    fn passes_abbreviations_initials_numbers_and_ellipses() {
        for text in [
            "U.S. officials met.",
            "Tea, coffee etc. were served.",
            "It weighs approx. five tons.",
            "Mr. and Mrs. Smith",
            "J. R. R. Tolkien wrote it.",
            "At 4 p.m. on Monday",
            "Wait... and see.",
            "Wait . . . and see.",
            "It was chapter iv. then",
            "He bought an iPhone. iPhones are dear.",
            "Visit example. com/page",
            "in 2019. and",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
