//! Repeated words and phrases: "food food", "the talks the talks", "King's King's King's".
//! Machine translation repeats a token when its decoder loops. Only copies separated by
//! plain spaces count ("No, no" and "very, very" have a comma); doubles that English uses
//! ("had had", "that that", "very very") come from the rule's allow-list.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::ops::Range;

use super::words::Word;
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

/// The words repetition looks at: numbers left out ("2 2" in a table or a score is data,
/// not a stutter, and a number between two words breaks their chain). Indices into the
/// context's words, so the list costs four bytes a word.
struct Tokens<'c, 't> {
    cx: &'c Context<'t>,
    words: &'c [Word],
    ids: Vec<u32>,
    /// A hash of each token's lowercase form: two tokens are the `same` only if their
    /// keys are equal, so most comparisons are of two integers.
    keys: Vec<u64>,
}

impl<'c, 't> Tokens<'c, 't> {
    fn new(cx: &'c Context<'t>) -> Self {
        let words = cx.words();
        let ids: Vec<u32> = (0..words.len())
            .filter(|&i| words[i].alphabetic)
            .map(|i| u32::try_from(i).expect("fewer than 4 billion words in a chunk"))
            .collect();
        let keys = ids
            .iter()
            .map(|&i| {
                let lower = cx.lower(&words[i as usize].range);
                if lower.is_ascii() {
                    rustc_hash::FxBuildHasher.hash_one(lower)
                } else {
                    rustc_hash::FxBuildHasher.hash_one(lower.to_lowercase())
                }
            })
            .collect();
        Tokens {
            cx,
            words,
            ids,
            keys,
        }
    }

    /// Tokens `a` and `b` are the same word but for case.
    fn same(&self, a: usize, b: usize) -> bool {
        self.keys[a] == self.keys[b] && same(self.lower(a), self.lower(b))
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn word(&self, t: usize) -> &Word {
        &self.words[self.ids[t] as usize]
    }

    fn range(&self, t: usize) -> Range<usize> {
        self.word(t).range.clone()
    }

    fn lower(&self, t: usize) -> &str {
        self.cx.lower(&self.word(t).range)
    }

    fn capitalized(&self, t: usize) -> bool {
        self.cx.text[self.range(t)]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    /// Two letters or more, all uppercase: an acronym or a symbol's name.
    fn all_caps(&self, t: usize) -> bool {
        let word = &self.cx.text[self.range(t)];
        word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !word.chars().any(char::is_lowercase)
    }

    /// Only plain spaces (one line break at most) before the next token, which is the
    /// next word. A wide gap is a table column, not a sentence.
    fn plain_gap_after(&self, t: usize) -> bool {
        let i = self.ids[t] as usize;
        let w = &self.words[i];
        w.gap.plain && !w.gap.wide && self.words.get(i + 1).is_some_and(|n| n.alphabetic)
    }
}

impl Repetition {
    pub fn new(allow: Vec<String>, max_words: usize) -> Repetition {
        Repetition {
            allow: allow.into_iter().map(|a| a.to_lowercase()).collect(),
            max_words: max_words.max(1),
        }
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let tokens = Tokens::new(cx);
        let mut i = 0;
        while i < tokens.len() {
            match self.repeat_at(&tokens, i) {
                Some((n, copies)) => {
                    let first_end = tokens.range(i + n - 1).end;
                    let last_end = tokens.range(i + n * copies - 1).end;
                    out.push(RawMatch {
                        span: tokens.range(i + n).start..last_end,
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
    fn repeat_at(&self, tokens: &Tokens<'_, '_>, i: usize) -> Option<(usize, usize)> {
        for n in 1..=self.max_words {
            // The next copy starts with the same word: true of few positions.
            if i + n >= tokens.len() || tokens.keys[i] != tokens.keys[i + n] {
                continue;
            }
            // Inside the first copy, words are separated by plain spaces too.
            if !(0..n - 1).all(|k| i + k < tokens.len() && tokens.plain_gap_after(i + k)) {
                continue;
            }
            let same = |a: usize, b: usize| {
                (0..n).all(|k| {
                    b + k < tokens.len()
                        && tokens.same(b + k, a + k)
                        && tokens.plain_gap_after(b + k - 1)
                })
            };
            let mut copies = 1;
            while same(i, i + n * copies) {
                copies += 1;
            }
            if copies < 2 {
                continue;
            }
            let phrase: Vec<&str> = (i..i + n).map(|t| tokens.lower(t)).collect();
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
            if copies == 2 && n == 1 && tokens.capitalized(i + 1) {
                return None;
            }
            // "Bitwise AND and assignment": a word in capitals, then the same word in
            // lowercase, names a symbol or an operator, then uses the word.
            if copies == 2 && n == 1 && tokens.all_caps(i) && !tokens.all_caps(i + 1) {
                return None;
            }
            return Some((n, copies));
        }
        None
    }
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
