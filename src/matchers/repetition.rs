//! Repeated words and phrases: "food food", "the talks the talks", "King's King's King's".
//! Machine translation repeats a token when its decoder loops. Only copies separated by
//! plain spaces count ("No, no" and "very, very" have a comma); doubles that English uses
//! ("had had", "that that", "very very") come from the rule's allow-list.

use std::collections::HashSet;
use std::ops::Range;

use super::{Context, RawMatch};
use crate::finding::Suggestion;

/// Words that join "X to X", "day by day", "one after one".
const LINKS: &[&str] = &["to", "by", "after", "for", "upon", "in", "on", "and", "or"];

#[derive(Debug)]
pub struct Repetition {
    /// Lowercase words and phrases whose doubling is legitimate.
    allow: HashSet<String>,
    /// Longest repeated phrase looked for, in words.
    max_words: usize,
}

/// A word as repetition sees it: numbers left out, and the gap to the next word.
struct Token<'t> {
    range: Range<usize>,
    lower: &'t str,
    capitalized: bool,
    /// The gap before the next token is plain spaces (one line break at most).
    plain_gap_after: bool,
}

impl Repetition {
    pub fn new(allow: Vec<String>, max_words: usize) -> Repetition {
        Repetition {
            allow: allow.into_iter().map(|a| a.to_lowercase()).collect(),
            max_words: max_words.max(1),
        }
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let tokens = tokens(cx);
        let mut i = 0;
        while i < tokens.len() {
            match self.repeat_at(&tokens, i) {
                Some((n, copies)) => {
                    let first_end = tokens[i + n - 1].range.end;
                    let last_end = tokens[i + n * copies - 1].range.end;
                    out.push(RawMatch {
                        span: tokens[i + n].range.start..last_end,
                        suggestions: vec![Suggestion {
                            range: first_end..last_end,
                            replacement: String::new(),
                        }],
                    });
                    i += n * copies;
                }
                None => i += 1,
            }
        }
    }

    /// The phrase length and number of copies of a repetition starting at token `i`.
    fn repeat_at(&self, tokens: &[Token<'_>], i: usize) -> Option<(usize, usize)> {
        for n in 1..=self.max_words {
            // Inside the first copy, words are separated by plain spaces too.
            if !(0..n - 1).all(|k| tokens.get(i + k).is_some_and(|t| t.plain_gap_after)) {
                continue;
            }
            let same = |a: usize, b: usize| {
                (0..n).all(|k| {
                    tokens
                        .get(b + k)
                        .is_some_and(|t| same(t.lower, tokens[a + k].lower))
                        && tokens[b + k - 1].plain_gap_after
                })
            };
            let mut copies = 1;
            while same(i, i + n * copies) {
                copies += 1;
            }
            if copies < 2 {
                continue;
            }
            let phrase: Vec<&str> = tokens[i..i + n].iter().map(|t| t.lower).collect();
            if copies == 2 && self.allow.contains(&phrase.join(" ")) {
                return None;
            }
            // "from cell to cell to whom": the "X to X" idiom followed by its own
            // linking word looks like "cell to" twice.
            if copies == 2 && n == 2 && LINKS.contains(&phrase[1]) {
                return None;
            }
            // "Bora Bora", "Sing Sing": a capitalized word said twice is a name, and so
            // is a capitalized copy after a lowercase one ("the new New Orleans").
            if copies == 2 && n == 1 && tokens[i + 1].capitalized {
                return None;
            }
            return Some((n, copies));
        }
        None
    }
}

/// The context's words, numbers left out: "2 2" in a table or a score is data, not a
/// stutter, and a number between two words breaks their chain.
fn tokens<'t>(cx: &'t Context<'_>) -> Vec<Token<'t>> {
    let words = cx.words();
    let mut out: Vec<Token<'t>> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let s = &cx.text[w.range.clone()];
        if !s.chars().any(char::is_alphabetic) {
            continue;
        }
        let next_is_word = words
            .get(i + 1)
            .is_some_and(|n| cx.text[n.range.clone()].chars().any(char::is_alphabetic));
        out.push(Token {
            range: w.range.clone(),
            lower: cx.lower(&w.range),
            capitalized: s.chars().next().is_some_and(char::is_uppercase),
            // A wide gap is a table column, not a sentence.
            plain_gap_after: next_is_word && w.gap.plain && !w.gap.wide,
        });
    }
    out
}

/// Two words the same but for case (ASCII folded already; others compared in full).
fn same(a: &str, b: &str) -> bool {
    a == b || (!a.is_ascii() && a.to_lowercase() == b.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let rule = Repetition::new(vec!["had".into(), "that".into()], 3);
        let cx = Context::new(text);
        let mut out = Vec::new();
        rule.find(&cx, &mut out);
        out.into_iter().map(|m| &text[m.span]).collect()
    }

    #[test]
    fn flags_repeated_words_and_phrases() {
        assert_eq!(find("They sent food food aid."), ["food"]);
        assert_eq!(find("The King's King's King's men."), ["King's King's"]);
        assert_eq!(find("in the talks in the talks today"), ["in the talks"]);
        assert_eq!(find("The the talks."), ["the"]);
    }

    #[test]
    fn passes_legitimate_doubles() {
        for text in [
            "He had had enough; he said that that was fine.",
            "No, no, very, very good.",
            "They flew to Bora Bora.",
            "It ended. Ended for good.",
            "Line one ends with talks\n\ntalks start the next paragraph.",
            "I am happy,--as happy as I am now; long ago--long ago.",
            "The very new New Orleans.",
            "walking from cell to cell to whom it was fun",
            "├─ 2       2.767 ns │ 3.154 ns",
            "Name      name",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
