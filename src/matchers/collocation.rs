//! Near-misses of fixed expressions: "traded barbs" written "traded beards", "nuclear
//! program" written "nuclear progam", "North Korea" written "Korea North". A run of words
//! that matches a listed collocation except for one word that is spelled or sounds almost
//! the same (normalized Damerau-Levenshtein similarity at or above a threshold), or a
//! two-word collocation in reverse order where the rule asks for it, is reported with the
//! collocation as its repair.

use rustc_hash::{FxHashMap, FxHashSet};

use serde::Deserialize;

use super::{BuildContext, Context, KindSpec, Matcher, RawMatch, SpecError};
use crate::case::carry_case;
use crate::finding::Suggestion;
use crate::text::words::{Key, Word, key_of};

#[derive(Debug)]
pub struct Collocations {
    /// Each collocation's words as written.
    phrases: Vec<Vec<String>>,
    /// The same, lowercase.
    lower_phrases: Vec<Vec<String>>,
    /// A collocation's two anchor words, each inflection of them ("trade": "trades",
    /// "traded", "trading"), lowercase -> (collocation, position). A near-miss changes
    /// one word, so one of two anchors always matches as written: indexing two words per
    /// collocation, the longest, finds every candidate while "of" and "and" stay out of
    /// the table and cost no lookup work. Keyed by the hash of the form (`Word::key`),
    /// so a word of the text costs one integer lookup.
    index: FxHashMap<Key, Vec<Anchor>>,
    /// Every listed collocation, lowercase: a swap that gives another one is no near-miss.
    known: FxHashSet<String>,
    min_similarity: f64,
    reversed: bool,
}

/// One form of a collocation's anchor word: the form (lowercase), the collocation and
/// the word's position in it.
#[derive(Debug, PartialEq)]
struct Anchor {
    form: Box<str>,
    collocation: u32,
    position: u32,
}

/// Shortest word considered for a swap: short words are too alike ("in"/"on").
const MIN_SWAP_LEN: usize = 4;

impl Collocations {
    pub fn new(list: Vec<String>, min_similarity: f64, reversed: bool) -> Result<Self, SpecError> {
        let mut phrases = Vec::new();
        let mut index: FxHashMap<Key, Vec<Anchor>> = FxHashMap::default();
        let mut known = FxHashSet::default();
        for phrase in list {
            let words: Vec<String> = phrase.split_whitespace().map(str::to_string).collect();
            if words.len() < 2 {
                return Err(SpecError::invalid(format!(
                    "collocation `{phrase}` needs at least two words"
                )));
            }
            let c = u32::try_from(phrases.len())
                .map_err(|_| SpecError::invalid("too many collocations"))?;
            for pos in anchors(&words) {
                for form in inflections(&words[pos].to_lowercase()) {
                    let owners = index.entry(key_of(&form)).or_default();
                    let owner = Anchor {
                        form: form.into(),
                        collocation: c,
                        position: pos as u32,
                    };
                    if !owners.contains(&owner) {
                        owners.push(owner);
                    }
                }
            }
            known.insert(words.join(" ").to_lowercase());
            phrases.push(words);
        }
        if !(0.0..=1.0).contains(&min_similarity) {
            return Err(SpecError::invalid(
                "`min-similarity` must be between 0 and 1",
            ));
        }
        let lower_phrases = phrases
            .iter()
            .map(|words| words.iter().map(|w| w.to_lowercase()).collect())
            .collect();
        Ok(Collocations {
            phrases,
            lower_phrases,
            index,
            known,
            min_similarity,
            reversed,
        })
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let words = cx.words();
        // Different words are never similar at 1.0: such a rule only looks for reversals.
        let near_misses = self.min_similarity < 1.0;
        let first = out.len();
        // The anchors of each form of the text, looked up once per form.
        let vocabulary = cx.vocabulary();
        let mut anchors = vocabulary.answers::<Option<&Vec<Anchor>>>();
        for (i, word) in words.iter().enumerate() {
            let hits = anchors.get(vocabulary.id(i), || {
                let hits = self.index.get(&word.key)?;
                let lower = cx.lower(&word.range());
                hits.iter().any(|a| *a.form == *lower).then_some(hits)
            });
            let Some(hits) = hits else {
                continue;
            };
            let lower = cx.lower(&word.range());
            for anchor in hits.iter().filter(|a| *a.form == *lower) {
                let (c, pos) = (anchor.collocation as usize, anchor.position as usize);
                // A window found from both anchors gives the same match twice: the
                // duplicates go below.
                if near_misses && let Some(start) = i.checked_sub(pos) {
                    out.extend(self.near_miss(cx, words, start, c));
                }
                // Reversed, the word at `pos` sits at the other end of the window.
                if self.reversed
                    && self.phrases[c].len() == 2
                    && let Some(start) = i.checked_sub(1 - pos)
                {
                    out.extend(self.reversal(cx, words, start, &self.phrases[c]));
                }
            }
        }
        let mut found = out.split_off(first);
        found.sort_by_key(|m| (m.span.start, m.span.end));
        found.dedup_by(|a, b| a.span == b.span);
        out.append(&mut found);
    }

    /// The window at `start` with every word but one equal and that one similar.
    fn near_miss(
        &self,
        cx: &Context<'_>,
        tokens: &[Word],
        start: usize,
        c: usize,
    ) -> Option<RawMatch> {
        let (words, lower_words) = (&self.phrases[c], &self.lower_phrases[c]);
        let window = tokens.get(start..start + words.len())?;
        if !window[..window.len() - 1].iter().all(|t| t.gap().plain) {
            return None;
        }
        let mut swapped = None;
        for (k, (token, word)) in window.iter().zip(words).enumerate() {
            if same_word(&cx.text[token.range()], cx.lower(&token.range()), word) {
                continue;
            }
            if swapped.is_some() {
                return None;
            }
            swapped = Some(k);
        }
        let k = swapped?;
        let range = window[k].range();
        let (text, t) = (&cx.text[range.clone()], cx.lower(&range));
        let word = &words[k];
        if !self.is_swap(text, t, word, &lower_words[k]) {
            return None;
        }
        // "South Korea" is not a near-miss of "North Korea" when both are listed, nor
        // "nuclear programs" of "nuclear programme" when "nuclear program" is.
        let mut variant: Vec<String> = lower_words.clone();
        for stem in stems(t) {
            variant[k] = stem;
            if self.known.contains(&variant.join(" ")) {
                return None;
            }
        }
        Some(RawMatch {
            span: range.clone(),
            review: false,
            suggestions: vec![Suggestion {
                replacement: carry_case(text, word),
                range,
            }],
        })
    }

    /// Whether `text` (`lower` with ASCII folded) is a misspelling of the collocation's
    /// `word` (`w` lowercase): both long enough, neither a longer form of the other, and
    /// similar enough.
    fn is_swap(&self, text: &str, lower: &str, word: &str, w: &str) -> bool {
        let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
        if letters(text) < MIN_SWAP_LEN || letters(word) < MIN_SWAP_LEN {
            return false;
        }
        // "North Korean", "nuclear programs": a longer form of the word is no swap.
        if lower.starts_with(w) || w.starts_with(lower) {
            return false;
        }
        // Edits are at least the difference in length: most words fail here, before
        // the full distance is computed.
        let (lt, lw) = (lower.chars().count(), w.chars().count());
        let bound = 1.0 - lt.abs_diff(lw) as f64 / lt.max(lw) as f64;
        bound >= self.min_similarity
            && strsim::normalized_damerau_levenshtein(lower, w) >= self.min_similarity
    }

    /// "Korea North" for "North Korea": the two words of the collocation swapped.
    fn reversal(
        &self,
        cx: &Context<'_>,
        tokens: &[Word],
        start: usize,
        words: &[String],
    ) -> Option<RawMatch> {
        let window = tokens.get(start..start + 2)?;
        if !window[0].gap().plain
            || cx.text[window[0].range()] != *words[1]
            || cx.text[window[1].range()] != *words[0]
        {
            return None;
        }
        let span = window[0].start()..window[1].end();
        Some(RawMatch {
            span: span.clone(),
            review: false,
            suggestions: vec![Suggestion {
                range: span,
                replacement: words.join(" "),
            }],
        })
    }
}

/// The two positions of a collocation that are indexed: its two longest words (the
/// first of equals), the least common ones in practice.
fn anchors(words: &[String]) -> [usize; 2] {
    let mut order: Vec<usize> = (0..words.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(words[i].chars().count()));
    [order[0], order[1]]
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

/// `kind = "collocation"`: fixed expressions and their near-misses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CollocationSpec {
    /// Fixed expressions of two words or more.
    #[serde(default)]
    collocations: Vec<String>,
    /// Similarity (0 to 1) a swapped word needs to count as a near-miss.
    #[serde(default = "default_similarity")]
    min_similarity: f64,
    /// Also report two-word collocations in reverse order.
    #[serde(default)]
    reversed: bool,
}

fn default_similarity() -> f64 {
    0.6
}

impl KindSpec for CollocationSpec {
    const NAME: &'static str = "collocation";

    fn build(self, _: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError> {
        let matcher = Collocations::new(self.collocations, self.min_similarity, self.reversed)?;
        Ok(Box::new(matcher))
    }
}

impl Matcher for Collocations {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        Collocations::find(self, cx, out);
    }
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
