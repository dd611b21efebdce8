//! Near-misses of fixed expressions: "traded barbs" written "traded beards", "nuclear
//! program" written "nuclear progam", "North Korea" written "Korea North". A run of words
//! that matches a listed collocation except for one word that is spelled or sounds almost
//! the same (normalized Damerau-Levenshtein similarity at or above a threshold), or a
//! two-word collocation in reverse order where the rule asks for it, is reported with the
//! collocation as its repair.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{Context, RawMatch};
use crate::case::carry_case;
use crate::finding::Suggestion;

#[derive(Debug)]
pub struct Collocations {
    /// Each collocation's words as written.
    phrases: Vec<Vec<String>>,
    /// Lowercase word, and each inflection of it ("trade": "trades", "traded",
    /// "trading"), -> (collocation, position) where the word occurs.
    index: HashMap<String, Vec<(usize, usize)>>,
    /// Every listed collocation, lowercase: a swap that gives another one is no near-miss.
    known: HashSet<String>,
    min_similarity: f64,
    reversed: bool,
}

struct Token<'t> {
    range: Range<usize>,
    text: &'t str,
    lower: &'t str,
    /// Only plain spaces (one line break at most) before the next token.
    joined_to_next: bool,
}

/// Shortest word considered for a swap: short words are too alike ("in"/"on").
const MIN_SWAP_LEN: usize = 4;

impl Collocations {
    pub fn new(list: Vec<String>, min_similarity: f64, reversed: bool) -> Result<Self, String> {
        let mut phrases = Vec::new();
        let mut index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut known = HashSet::new();
        for phrase in list {
            let words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
            if words.len() < 2 {
                return Err(format!("collocation `{phrase}` needs at least two words"));
            }
            for (pos, w) in words.iter().enumerate() {
                for form in inflections(&w.to_lowercase()) {
                    let owners = index.entry(form).or_default();
                    if !owners.contains(&(phrases.len(), pos)) {
                        owners.push((phrases.len(), pos));
                    }
                }
            }
            known.insert(words.join(" ").to_lowercase());
            phrases.push(words);
        }
        if !(0.0..=1.0).contains(&min_similarity) {
            return Err("`min-similarity` must be between 0 and 1".into());
        }
        Ok(Collocations {
            phrases,
            index,
            known,
            min_similarity,
            reversed,
        })
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let tokens = tokens(cx);
        let mut seen = HashSet::new();
        for (i, token) in tokens.iter().enumerate() {
            let Some(hits) = self.index.get(token.lower) else {
                continue;
            };
            for &(c, pos) in hits {
                let words = &self.phrases[c];
                if let Some(start) = i.checked_sub(pos)
                    && seen.insert((start, c, false))
                {
                    out.extend(self.near_miss(&tokens, start, words));
                }
                // Reversed, the word at `pos` sits at the other end of the window.
                if self.reversed
                    && words.len() == 2
                    && let Some(start) = i.checked_sub(1 - pos)
                    && seen.insert((start, c, true))
                {
                    out.extend(self.reversal(&tokens, start, words));
                }
            }
        }
        out.sort_by_key(|m| (m.span.start, m.span.end));
        out.dedup_by(|a, b| a.span == b.span);
    }

    /// The window at `start` with every word but one equal and that one similar.
    fn near_miss(&self, tokens: &[Token<'_>], start: usize, words: &[String]) -> Option<RawMatch> {
        let window = tokens.get(start..start + words.len())?;
        if !window[..window.len() - 1].iter().all(|t| t.joined_to_next) {
            return None;
        }
        let mut swapped = None;
        for (k, (token, word)) in window.iter().zip(words).enumerate() {
            if same_word(token.text, token.lower, word) {
                continue;
            }
            if swapped.is_some() {
                return None;
            }
            swapped = Some(k);
        }
        let k = swapped?;
        let (token, word) = (&window[k], &words[k]);
        let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
        if letters(token.text) < MIN_SWAP_LEN || letters(word) < MIN_SWAP_LEN {
            return None;
        }
        // "North Korean", "nuclear programs": a longer form of the word is no swap.
        let (t, w) = (token.lower, word.to_lowercase());
        if t.starts_with(w.as_str()) || w.starts_with(t) {
            return None;
        }
        let similarity = strsim::normalized_damerau_levenshtein(token.lower, &word.to_lowercase());
        if similarity < self.min_similarity {
            return None;
        }
        // "South Korea" is not a near-miss of "North Korea" when both are listed, nor
        // "nuclear programs" of "nuclear programme" when "nuclear program" is.
        let mut variant: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        for stem in stems(token.lower) {
            variant[k] = stem;
            if self.known.contains(&variant.join(" ")) {
                return None;
            }
        }
        Some(RawMatch {
            span: token.range.clone(),
            suggestions: vec![Suggestion {
                range: token.range.clone(),
                replacement: carry_case(token.text, word),
            }],
        })
    }

    /// "Korea North" for "North Korea": the two words of the collocation swapped.
    fn reversal(&self, tokens: &[Token<'_>], start: usize, words: &[String]) -> Option<RawMatch> {
        let window = tokens.get(start..start + 2)?;
        if !window[0].joined_to_next
            || window[0].text != words[1].as_str()
            || window[1].text != words[0].as_str()
        {
            return None;
        }
        let span = window[0].range.start..window[1].range.end;
        Some(RawMatch {
            span: span.clone(),
            suggestions: vec![Suggestion {
                range: span,
                replacement: words.join(" "),
            }],
        })
    }
}

/// The word and the stems it may be an inflection of ("traded": "trad", "trade").
fn stems(word: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = vec![word.to_string()];
    for suffix in ["s", "es", "ed", "d", "ing"] {
        if let Some(stem) = word.strip_suffix(suffix).filter(|s| s.len() >= 3) {
            out.push(stem.to_string());
            out.push(format!("{stem}e"));
        }
    }
    out.sort();
    out.dedup();
    out.into_iter()
}

/// A token matches a collocation word as written or inflected ("trade": "traded",
/// "trades", "trading"); a capitalized collocation word needs its capital.
fn same_word(token: &str, lower: &str, word: &str) -> bool {
    if word.chars().next().is_some_and(char::is_uppercase) {
        return token == word;
    }
    // Collocation words are lowercase ASCII; `lower` is the token with ASCII folded.
    let (t, w) = (lower, word);
    if t.eq_ignore_ascii_case(w) {
        return true;
    }
    let stem = w.strip_suffix('e').unwrap_or(w);
    t.strip_prefix(stem)
        .is_some_and(|rest| ["s", "es", "ed", "d", "ing", "e"].contains(&rest))
        && t.len() > stem.len()
}

fn tokens<'t>(cx: &'t Context<'_>) -> Vec<Token<'t>> {
    cx.words()
        .iter()
        .map(|w| Token {
            range: w.range.clone(),
            text: &cx.text[w.range.clone()],
            lower: cx.lower(&w.range),
            joined_to_next: w.gap.plain,
        })
        .collect()
}

/// A word and the inflected forms `stems` maps back to it: "trade" gives "trades",
/// "traded", "trading"... so a token needs one lookup instead of one per stem.
fn inflections(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let bases = [Some(word), word.strip_suffix('e')];
    for base in bases.into_iter().flatten().filter(|b| b.len() >= 3) {
        for suffix in ["s", "es", "ed", "d", "ing"] {
            let form = format!("{base}{suffix}");
            if stems(&form).any(|s| s == word) {
                out.push(form);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<(&str, String)> {
        let list = [
            "trade barbs",
            "nuclear program",
            "North Korea",
            "South Korea",
        ];
        let m = Collocations::new(list.iter().map(|s| s.to_string()).collect(), 0.6, true).unwrap();
        let cx = Context::new(text);
        let mut out = Vec::new();
        m.find(&cx, &mut out);
        out.into_iter()
            .map(|r| (&text[r.span], r.suggestions[0].replacement.clone()))
            .collect()
    }

    #[test]
    fn flags_near_misses_and_reversals() {
        assert_eq!(
            find("They traded beards."),
            [("beards", "barbs".to_string())]
        );
        assert_eq!(
            find("Its nuclear progam."),
            [("progam", "program".to_string())]
        );
        assert_eq!(
            find("Talks with Korea North."),
            [("Korea North", "North Korea".to_string())]
        );
    }

    #[test]
    fn passes_the_collocations_and_their_listed_variants() {
        for text in [
            "They traded barbs over the nuclear programs of North Korea.",
            "South Korea and North Korea met.",
            "The nuclear problem is old.",
            "Korea, North and South, met.",
            "The North Korean nuclear programme.",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }
}
