//! Phrase tables: phrase -> replacement(s), whole words only. Every phrase of every rule
//! goes into one index, so ten thousand phrases cost one pass.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;
use serde::Deserialize;
use toml::Spanned;

use super::{BuildContext, Context, KindSpec, Matcher, RawMatch, SpecError};
use crate::case::carry_case;
use crate::finding::Suggestion;
use crate::text::is_whole_word;
use crate::text::words::{self, Key};

#[derive(Debug, Clone)]
pub struct PhraseEntry {
    pub phrase: String,
    pub suggestions: Vec<String>,
    /// Lowercase phrases of which at least one must occur in the document.
    pub requires: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PhraseList {
    pub entries: Vec<PhraseEntry>,
    /// Exact matches, and suggestions used as written (no case carried over).
    pub case_sensitive: bool,
    /// Only whole-word occurrences count (the default).
    pub whole_words: bool,
}

/// `kind = "phrase"`: a table of phrases and what replaces each.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhraseSpec {
    #[serde(default)]
    phrases: Option<BTreeMap<String, PhraseValue>>,
    /// The same as lines of text, `phrase => suggestion | other ; requires: term`: a
    /// long list loads several times faster this way than as TOML keys.
    #[serde(default)]
    table: Option<Spanned<String>>,
    #[serde(default)]
    case_sensitive: bool,
    /// Phrases match whole words only unless this is false ("&amp;" inside "AT&amp;T").
    #[serde(default = "yes")]
    whole_words: bool,
}

fn yes() -> bool {
    true
}

impl KindSpec for PhraseSpec {
    const NAME: &'static str = "phrase";

    fn build(self, cx: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError> {
        let has_phrases = self.phrases.as_ref().is_some_and(|p| !p.is_empty());
        // A built-in pack's table may have been lifted out of its text (build.rs).
        let table = self.table.as_ref().map(|t| {
            let lifted = cx.lifted_table(t.span().start);
            (t.span(), lifted.unwrap_or(t.get_ref()))
        });
        let has_table = table.as_ref().is_some_and(|(_, t)| !t.trim().is_empty());
        if !has_phrases && !has_table {
            return Err(SpecError::Needs("phrases` or `table".into()));
        }
        let mut entries = self
            .phrases
            .into_iter()
            .flatten()
            .map(|(phrase, value)| phrase_entry(&phrase, value))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some((span, table)) = table {
            entries.extend(table_entries(cx.source, span, table)?);
        }
        Ok(Box::new(PhraseMatcher::new(PhraseList {
            entries,
            case_sensitive: self.case_sensitive,
            whole_words: self.whole_words,
        })))
    }
}

/// What a phrase maps to: one suggestion, several, or a table with conditions.
#[derive(Debug)]
pub enum PhraseValue {
    One(String),
    Many(Vec<String>),
    Detailed(PhraseDetail),
}

/// By the value's type, without buffering it first as `#[serde(untagged)]` would: the
/// tortured-phrases pack holds thousands of these, and this halves its load time.
impl<'de> Deserialize<'de> for PhraseValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Value;
        impl<'de> serde::de::Visitor<'de> for Value {
            type Value = PhraseValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a suggestion, a list of suggestions, or a table with `suggest` and `requires`",
                )
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PhraseValue, E> {
                Ok(PhraseValue::One(v.to_string()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PhraseValue, A::Error> {
                let mut all = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    all.push(s);
                }
                Ok(PhraseValue::Many(all))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<PhraseValue, A::Error> {
                let detail =
                    PhraseDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(PhraseValue::Detailed(detail))
            }
        }
        deserializer.deserialize_any(Value)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseDetail {
    #[serde(default)]
    pub suggest: Vec<String>,
    /// The finding stands only if one of these phrases also occurs in the document.
    #[serde(default)]
    pub requires: Vec<String>,
}

fn phrase_entry(phrase: &str, value: PhraseValue) -> Result<PhraseEntry, SpecError> {
    if phrase.trim().is_empty() || phrase.trim() != phrase {
        return Err(SpecError::invalid(format!(
            "phrase `{phrase}` is empty or has surrounding spaces"
        )));
    }
    let (suggestions, mut requires) = match value {
        PhraseValue::One(s) => (vec![s], Vec::new()),
        PhraseValue::Many(v) => (v, Vec::new()),
        PhraseValue::Detailed(d) => (d.suggest, d.requires),
    };
    for r in &mut requires {
        r.make_ascii_lowercase();
    }
    Ok(PhraseEntry {
        phrase: phrase.to_string(),
        suggestions,
        requires,
    })
}

/// The entries of a phrase `table`: one per line, `phrase => suggestion | other`, and
/// optionally `; requires: term | other term`. Blank lines and `#` comments are skipped.
fn table_entries(
    source: &str,
    span: Range<usize>,
    table: &str,
) -> Result<Vec<PhraseEntry>, SpecError> {
    let token = source.get(span.clone()).unwrap_or("");
    // Where a line is in the file, for errors: its last occurrence in the string.
    let at = |line: &str| {
        let start = token.rfind(line).map_or(span.start, |i| span.start + i);
        start..start + line.len()
    };
    let lines = table.lines();
    // Each phrase as written in its line: no copy of it is made to find a second one.
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    seen.reserve(lines.clone().count());
    let mut entries = Vec::with_capacity(seen.capacity());
    for line in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (phrase, entry) = table_line(line).map_err(|e| e.at(at(line)))?;
        if !seen.insert(phrase) {
            return Err(SpecError::invalid_at(
                at(line),
                format!("phrase `{}` is listed twice", entry.phrase),
            ));
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// A table line's phrase, as written in the line, and its entry.
fn table_line(line: &str) -> Result<(&str, PhraseEntry), SpecError> {
    let arrow = line
        .match_indices('=')
        .find(|(i, _)| line.as_bytes().get(i + 1) == Some(&b'>'))
        .map(|(i, _)| i)
        .ok_or_else(|| {
            SpecError::invalid(format!(
                "table line `{line}` needs `=>` between the phrase and its suggestions"
            ))
        })?;
    let (phrase, rest) = (&line[..arrow], &line[arrow + 2..]);
    let (suggest, requires) = match rest.split_once(';') {
        Some((suggest, condition)) => {
            let terms = condition.trim().strip_prefix("requires:").ok_or_else(|| {
                SpecError::invalid(format!(
                    "table line `{line}`: after `;` comes `requires: term | other term`"
                ))
            })?;
            (suggest, terms)
        }
        None => (rest, ""),
    };
    let list = |s: &str| -> Vec<String> {
        s.split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let phrase = phrase.trim();
    let entry = phrase_entry(
        phrase,
        PhraseValue::Detailed(PhraseDetail {
            suggest: list(suggest),
            requires: list(requires),
        }),
    )?;
    Ok((phrase, entry))
}

/// A phrase rule's matcher. A linter runs every phrase rule through one shared
/// `PhraseIndex`; alone, the rule builds an index of its own phrases on first use, and
/// finds the same matches.
#[derive(Debug)]
pub struct PhraseMatcher {
    list: PhraseList,
    own_index: OnceLock<PhraseIndex>,
}

impl PhraseMatcher {
    pub fn new(list: PhraseList) -> PhraseMatcher {
        PhraseMatcher {
            list,
            own_index: OnceLock::new(),
        }
    }
}

impl Matcher for PhraseMatcher {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        let index = self
            .own_index
            .get_or_init(|| PhraseIndex::build(std::iter::once((0, &self.list))));
        index.find(
            cx,
            cx.document(),
            cx.occurrences(),
            |_| &self.list,
            |_, m| out.push(m),
        );
    }

    fn phrase_list(&self) -> Option<&PhraseList> {
        Some(&self.list)
    }
}

/// Every phrase of every rule, matched in one pass over the text.
///
/// Whole-word phrases that start with a word character (nearly all of them) are indexed
/// by their first word, and those of several words by their first two words as well: the
/// pass walks the words of the ASCII-lowercased text, looks each one up in a hash table,
/// and only where a phrase of several words starts with it, the two words together. Building the
/// table costs well under a millisecond for ten thousand phrases, and the pass runs at
/// the speed of one hash lookup per word; an Aho-Corasick automaton over the same phrases
/// took 36 ms to build and ran several times slower. The remaining phrases (matched inside
/// words, or starting with a symbol: `&amp;`, `Ã©`) go into a small automaton.
#[derive(Debug)]
pub struct PhraseIndex {
    patterns: Vec<Pattern>,
    /// The key of a first word (`segment_key`) -> the words of that key (one but for a
    /// hash collision), each with its one-word patterns and whether longer ones start
    /// with it. A word of the text comes with its key (`Word::key`), so a lookup hashes
    /// nothing.
    by_first_word: FxHashMap<Key, Vec<FirstWord>>,
    /// The keys of the first two words of a longer pattern (`two_word_key`) -> the
    /// patterns, each compared in full where it is a candidate.
    by_two_words: FxHashMap<u64, Vec<u32>>,
    /// Which keys the two tables may hold: most words of a text start no phrase, and a
    /// look in a small bit table, in cache, spares them a look in a large hash table
    /// that is not.
    first_keys: KeyFilter,
    pair_keys: KeyFilter,
    /// The longest first word, in bytes: a longer word starts no phrase.
    longest_first_word: usize,
    /// The most bytes between the first two words of a pattern.
    longest_separator: usize,
    /// The other patterns, and the pattern index of each of the automaton's patterns.
    automaton: Option<(AhoCorasick, Vec<u32>)>,
}

#[derive(Debug)]
struct FirstWord {
    /// The word, lowercase.
    word: Box<[u8]>,
    /// Patterns that are this word.
    alone: Vec<u32>,
    /// Patterns of this word and symbols ("c++"): compared in full.
    with_symbols: Vec<u32>,
    /// Patterns of several words start with it.
    longer: bool,
}

#[derive(Debug)]
struct Pattern {
    /// The phrase with ASCII letters lowercased.
    lower: Box<[u8]>,
    rule: usize,
    entry: usize,
}

/// Whether a `requires` phrase occurs in the document: asked once per phrase and
/// document, and kept across the chunks a large document is checked in.
/// Shared by the chunks, which may be checked in parallel.
#[derive(Debug, Default)]
pub struct Occurrences {
    known: Mutex<FxHashMap<String, bool>>,
}

impl Occurrences {
    pub fn occurs(&self, document: &str, phrase: &str) -> bool {
        let known = |map: &Mutex<FxHashMap<String, bool>>| {
            map.lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(phrase)
                .copied()
        };
        if let Some(known) = known(&self.known) {
            return known;
        }
        // Searched without the lock held: another chunk may search the same phrase at
        // the same time, with the same answer.
        let found = contains_word(document, phrase);
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(phrase.to_string(), found);
        found
    }
}

/// A phrase found: its rule, its entry in the rule's list, and where.
type Hit = (usize, usize, Range<usize>);

impl PhraseIndex {
    /// Indexes every phrase of the `(rule index, phrase list)` pairs.
    pub fn build<'a>(lists: impl Iterator<Item = (usize, &'a PhraseList)>) -> PhraseIndex {
        let mut index = PhraseIndex {
            patterns: Vec::new(),
            by_first_word: FxHashMap::default(),
            by_two_words: FxHashMap::default(),
            first_keys: KeyFilter::new(FIRST_KEY_BITS),
            pair_keys: KeyFilter::new(PAIR_KEY_BITS),
            longest_first_word: 0,
            longest_separator: 0,
            automaton: None,
        };
        let mut others = Vec::new();
        let mut other_ids = Vec::new();
        for (rule, list) in lists {
            for (entry, phrase) in list.entries.iter().enumerate() {
                let lower = phrase.phrase.to_ascii_lowercase();
                let id = u32::try_from(index.patterns.len()).expect("fewer than 4 billion phrases");
                // Indexed by words when whole words are wanted and it starts with one.
                if !(list.whole_words && index.add_by_words(&lower, id)) {
                    others.push(lower.clone());
                    other_ids.push(id);
                }
                index.patterns.push(Pattern {
                    lower: lower.into_bytes().into(),
                    rule,
                    entry,
                });
            }
        }
        index.automaton = (!others.is_empty()).then(|| {
            let automaton = AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&others)
                .expect("phrase automaton within aho-corasick's limits");
            (automaton, other_ids)
        });
        index
    }

    /// Indexes the lowercase phrase `id` by its first word, and by its first two words
    /// if it has more than one. False, and not indexed, if it does not start with a word.
    fn add_by_words(&mut self, lower: &str, id: u32) -> bool {
        let words = words::words(lower);
        let mut segments = words::segments(lower, &words);
        let (Some(one), second) = (segments.next(), segments.next()) else {
            return false;
        };
        if one.start != 0 {
            return false;
        }
        let word = &lower.as_bytes()[one.clone()];
        self.longest_first_word = self.longest_first_word.max(word.len());
        let key = segment_key(&lower[one.clone()]);
        self.first_keys.insert(filter_key(key));
        let same_key = self.by_first_word.entry(key).or_default();
        let first = match same_key.iter().position(|f| *f.word == *word) {
            Some(i) => &mut same_key[i],
            None => {
                same_key.push(FirstWord {
                    word: word.into(),
                    alone: Vec::new(),
                    with_symbols: Vec::new(),
                    longer: false,
                });
                same_key.last_mut().expect("just pushed")
            }
        };
        match second {
            Some(two) => {
                first.longer = true;
                self.longest_separator = self.longest_separator.max(two.start - one.end);
                let pair = two_word_key(key, segment_key(&lower[two]));
                self.pair_keys.insert(pair);
                self.by_two_words.entry(pair).or_default().push(id);
            }
            None if one.end == lower.len() => first.alone.push(id),
            None => first.with_symbols.push(id),
        }
        true
    }

    /// Calls `emit(rule index, match)` for every occurrence of every phrase (whole words
    /// unless the list says otherwise). Where phrases of one rule overlap, the longest
    /// leftmost wins. `document` is the whole text `cx` is part of: `requires` conditions
    /// hold for the document.
    pub fn find<'r>(
        &self,
        cx: &Context<'_>,
        document: &str,
        occurrences: &Occurrences,
        list_of: impl Fn(usize) -> &'r PhraseList,
        mut emit: impl FnMut(usize, RawMatch),
    ) {
        if self.patterns.is_empty() {
            return;
        }
        let mut hits: Vec<Hit> = Vec::new();
        let mut consider = |id: u32, range: Range<usize>| {
            let pattern = &self.patterns[id as usize];
            let list = list_of(pattern.rule);
            let entry = &list.entries[pattern.entry];
            if accepts(cx.text, list, entry, &range, || {
                entry
                    .requires
                    .iter()
                    .any(|r| occurrences.occurs(document, r))
            }) {
                hits.push((pattern.rule, pattern.entry, range));
            }
        };
        self.find_by_words(cx, &mut consider);
        if let Some((automaton, ids)) = &self.automaton {
            for m in automaton.find_overlapping_iter(cx.ascii_lowercase()) {
                consider(ids[m.pattern().as_usize()], m.start()..m.end());
            }
        }
        keep_leftmost_longest(&mut hits);
        for (rule, entry, range) in hits {
            let list = list_of(rule);
            emit(rule, raw_match(cx.text, list, &list.entries[entry], range));
        }
    }

    /// Offers `consider` every indexed phrase whose first word, or first two words, are
    /// at a word of the text (its segments: "door" of "closed-door" starts phrases too).
    /// A word of one segment is looked up once per form of the text's vocabulary.
    fn find_by_words(&self, cx: &Context<'_>, consider: &mut impl FnMut(u32, Range<usize>)) {
        let lower = cx.ascii_lowercase();
        let bytes = lower.as_bytes();
        // The word before, when phrases of several words start with it. A phrase of
        // several words has its second word in the text, so the last word of the text
        // needs no look.
        let mut pending: Option<(Range<usize>, Key)> = None;
        let mut step = |word: Range<usize>, key: Key, entry: Option<&FirstWord>| {
            if let Some((first, first_key)) = pending.take()
                && word.start - first.end <= self.longest_separator
                && let pair = two_word_key(first_key, key)
                && self.pair_keys.may_hold(pair)
            {
                for &id in self.by_two_words.get(&pair).into_iter().flatten() {
                    let phrase = &self.patterns[id as usize].lower;
                    if bytes[first.start..].starts_with(phrase) {
                        consider(id, first.start..first.start + phrase.len());
                    }
                }
            }
            let Some(entry) = entry else {
                return;
            };
            for &id in &entry.alone {
                consider(id, word.clone());
            }
            for &id in &entry.with_symbols {
                let phrase = &self.patterns[id as usize].lower;
                if bytes[word.start..].starts_with(phrase) {
                    consider(id, word.start..word.start + phrase.len());
                }
            }
            if entry.longer {
                pending = Some((word, key));
            }
        };
        let vocabulary = cx.vocabulary();
        let mut answers = vocabulary.answers::<(Key, Option<&FirstWord>)>();
        for (i, w) in cx.words().iter().enumerate() {
            // A word of one segment: its key and entry are its form's.
            if !w.joined() {
                let (key, entry) = answers.get(vocabulary.id(i), || {
                    let word = &bytes[w.range()];
                    // In ASCII, the key of the segment is the word's key already.
                    let key = if word.is_ascii() {
                        w.key
                    } else {
                        segment_key(&lower[w.range()])
                    };
                    (key, self.starting_with(key, word))
                });
                step(w.range(), key, entry);
                continue;
            }
            for segment in words::segments(cx.text, std::slice::from_ref(w)) {
                let key = segment_key(&lower[segment.clone()]);
                let entry = self.starting_with(key, &bytes[segment.clone()]);
                step(segment, key, entry);
            }
        }
    }

    /// The indexed first word `word` (lowercase), of key `key`, if phrases start with it.
    fn starting_with(&self, key: Key, word: &[u8]) -> Option<&FirstWord> {
        if word.len() > self.longest_first_word || !self.first_keys.may_hold(filter_key(key)) {
            return None;
        }
        self.first_word(key, word)
    }

    /// The indexed first word `word` (lowercase), of key `key`.
    fn first_word(&self, key: Key, word: &[u8]) -> Option<&FirstWord> {
        let same_key = self.by_first_word.get(&key)?;
        same_key.iter().find(|f| *f.word == *word)
    }
}

/// The key of a segment of the ASCII-lowercased text (other letters as they are): for a
/// word of one segment in ASCII, its `Word::key` (`words::key_of`).
fn segment_key(lower: &str) -> Key {
    words::key_of_spelling(lower)
}

/// A bit for each slot of key hashes: whether a table may hold a key of that slot.
#[derive(Debug)]
struct KeyFilter {
    bits: Box<[u64]>,
    /// 64 less the slot bits.
    shift: u32,
}

/// 2^15 slots (4 KiB) for first words: a word's first word is looked up once per form of
/// the text, and the built-in packs' 4,000 first words fill about a ninth of them.
const FIRST_KEY_BITS: u32 = 15;

/// 2^18 slots (32 KiB) for pairs of first words, looked at for every word after one that
/// starts a longer phrase (half the words of prose: "the", "of", "in"). The built-in
/// packs' 9,400 pairs fill under 4% of them; with 2^15 a quarter of the pairs the text
/// does not hold went on to the hash table (phrase index 18% faster on the 100 MB
/// benchmark file; 2^20 slots, past the first-level cache, gained less).
const PAIR_KEY_BITS: u32 = 18;

impl KeyFilter {
    fn new(slot_bits: u32) -> KeyFilter {
        KeyFilter {
            bits: vec![0; 1 << (slot_bits - 6)].into_boxed_slice(),
            shift: 64 - slot_bits,
        }
    }

    /// The slot of a key: its top bits, which the hash mixes best.
    fn slot(&self, key: u64) -> usize {
        (key >> self.shift) as usize
    }

    fn insert(&mut self, key: u64) {
        let slot = self.slot(key);
        self.bits[slot >> 6] |= 1 << (slot & 63);
    }

    /// False only when no inserted key has this key's slot.
    fn may_hold(&self, key: u64) -> bool {
        let slot = self.slot(key);
        self.bits[slot >> 6] & (1 << (slot & 63)) != 0
    }
}

/// The key of two words that follow each other, from theirs.
/// The product is a bijection of the two keys side by side, with its top bits (the
/// filter's slot) mixed from all of theirs.
fn two_word_key(first: Key, second: Key) -> u64 {
    ((u64::from(first) << 32) | u64::from(second)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// A first word's key where the filter reads it: in the top bits.
fn filter_key(key: Key) -> u64 {
    u64::from(key) << 32
}

/// Whether an occurrence of `entry` at `range` counts: whole words where the list wants
/// them, the exact case where it is case-sensitive, and one of the required phrases in
/// the document (`required`, asked last: it may search the document).
fn accepts(
    text: &str,
    list: &PhraseList,
    entry: &PhraseEntry,
    range: &Range<usize>,
    required: impl FnOnce() -> bool,
) -> bool {
    (!list.whole_words || is_whole_word(text, range))
        && (!list.case_sensitive || text[range.clone()] == entry.phrase)
        && (entry.requires.is_empty() || required())
}

/// Per rule: leftmost first, longest first, then drop what overlaps a kept hit.
fn keep_leftmost_longest(hits: &mut Vec<Hit>) {
    hits.sort_by_key(|(rule, _, range)| (*rule, range.start, std::cmp::Reverse(range.end)));
    let mut last: Option<(usize, usize)> = None;
    hits.retain(|(rule, _, range)| {
        let overlaps = last.is_some_and(|(r, end)| r == *rule && range.start < end);
        if !overlaps {
            last = Some((*rule, range.end));
        }
        !overlaps
    });
}

/// The match of `entry` at `range`, with its suggestions in the matched text's case
/// unless the list is case-sensitive.
fn raw_match(text: &str, list: &PhraseList, entry: &PhraseEntry, range: Range<usize>) -> RawMatch {
    let matched = &text[range.clone()];
    let suggestions = entry
        .suggestions
        .iter()
        .map(|s| Suggestion {
            range: range.clone(),
            replacement: if list.case_sensitive {
                s.clone()
            } else {
                carry_case(matched, s)
            },
        })
        .collect();
    RawMatch {
        span: range,
        review: false,
        suggestions,
    }
}

/// Whole-word search of a lowercase phrase in a text, ASCII letters compared without case.
fn contains_word(haystack: &str, needle: &str) -> bool {
    let Ok(finder) = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build([needle])
    else {
        return false;
    };
    finder
        .find_overlapping_iter(haystack)
        .any(|m| is_whole_word(haystack, &(m.start()..m.end())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(list: &PhraseList, text: &str) -> Vec<(String, String)> {
        let index = PhraseIndex::build(std::iter::once((0, list)));
        let cx = Context::new(text);
        let mut out = Vec::new();
        let occurrences = Occurrences::default();
        index.find(&cx, text, &occurrences, |_| list, |_, m| out.push(m));
        out.into_iter()
            .map(|m| {
                (
                    text[m.span].to_string(),
                    m.suggestions[0].replacement.clone(),
                )
            })
            .collect()
    }

    fn list(phrase: &str, suggestion: &str, case_sensitive: bool, whole_words: bool) -> PhraseList {
        PhraseList {
            entries: vec![PhraseEntry {
                phrase: phrase.into(),
                suggestions: vec![suggestion.into()],
                requires: vec![],
            }],
            case_sensitive,
            whole_words,
        }
    }

    #[test]
    fn whole_words_off_matches_inside_words() {
        let entity = list("&amp;", "&", true, false);
        assert_eq!(find(&entity, "AT&amp;T"), [("&amp;".into(), "&".into())]);
        let word = list("&amp;", "&", true, true);
        assert!(find(&word, "AT&amp;T").is_empty());
    }

    #[test]
    fn case_sensitive_lists_keep_suggestions_as_written() {
        let mojibake = list("Ã©", "é", true, false);
        assert_eq!(find(&mojibake, "cafÃ©"), [("Ã©".into(), "é".into())]);
        let calque = list("since years", "for years", false, true);
        assert_eq!(
            find(&calque, "Since years"),
            [("Since years".into(), "For years".into())]
        );
    }

    #[test]
    fn phrases_of_one_word_several_words_and_symbols() {
        let mut calque = list("k-means", "k-medoids", false, true);
        for (phrase, suggestion) in [("k", "kilo"), ("c++", "C plus plus"), ("k means it", "x")] {
            calque.entries.push(PhraseEntry {
                phrase: phrase.into(),
                suggestions: vec![suggestion.into()],
                requires: vec![],
            });
        }
        let found = |text| {
            find(&calque, text)
                .into_iter()
                .map(|(m, _)| m)
                .collect::<Vec<_>>()
        };
        assert_eq!(found("Use k-means."), ["k-means"]);
        assert_eq!(
            found("A k and c++ and K Means it"),
            ["k", "c++", "K Means it"]
        );
        assert_eq!(found("c+ kk-meansx k-meansx"), ["k"]);
    }

    #[test]
    fn phrases_start_at_any_word_even_inside_joined_words() {
        let door = list("door meeting", "session", false, true);
        assert_eq!(
            find(&door, "A closed-door meeting."),
            [("door meeting".into(), "session".into())]
        );
        assert!(find(&door, "An outdoor meeting.").is_empty());
        assert!(find(&door, "A door meetings room.").is_empty());
        let accented = list("Fiscalía general", "attorney general", false, true);
        assert_eq!(
            find(&accented, "The fiscalía general said."),
            [("fiscalía general".into(), "attorney general".into())]
        );
    }
}
