//! Words: the one tokenizer pass over a text, run once per check (`Context::words`) and
//! read by every matcher that walks words. No allocation per word: a word is a byte
//! range, and its lowercase form is the same range of the ASCII-lowercased text.
//!
//! A word character is a letter, a digit or a combining mark (`is_word_char`): marks
//! belong to the letter they follow, so a decomposed "café" is one word, and a phrase
//! "cafe" is not a whole word of it. Words are joined by an inner apostrophe (straight or
//! curly) or hyphen followed by a letter or digit: "King's", "closed-door" are one word
//! each, and their parts (`segments`) are the runs of word characters. The underscore is
//! not a word character: `_todavía_` in plain text holds the word "todavía", and
//! `snake_case` the words "snake" and "case". But it joins words into an identifier, so
//! nothing glued to one is a whole word (`is_whole_word`): a phrase does not match
//! inside `shrink_to`.
//!
//! Not `unicode-segmentation`'s word boundaries (UAX #29, used for the widths of carets
//! in the human report): they split "closed-door" at its hyphen and count an underscore
//! as a letter, and the pass here reads ASCII bytes through a table, decoding only the
//! other characters, in the same walk that classifies case and gaps.

use std::hash::BuildHasher;
use std::ops::Range;

/// A letter, a digit or a combining mark.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks: the common blocks are enough for word continuation.
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Joins words into an identifier (`shrink_to`) without being part of a word.
fn glues(c: char) -> bool {
    c == '_'
}

/// True when `range` covers whole words: no word character and no underscore glued on
/// either side.
pub fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let joins = |c: Option<char>| c.is_some_and(|c| is_word_char(c) || glues(c));
    !joins(text[..range.start].chars().next_back()) && !joins(text[range.end..].chars().next())
}

/// The key of a word's lowercase form (`key_of`): the top half of its hash, where the
/// hash mixes best. Two words that differ in more than case have different keys but for
/// a collision, so most comparisons are of two integers; every table that looks a key up
/// compares the spelling too.
pub type Key = u32;

/// A word of a text: twelve bytes, so that the words of a megabyte (about 170,000) fill
/// 2 MB. Offsets are `u32`: texts are under 4 GiB. The length, the case and the flags
/// share one 32-bit field: a word is at most `MAX_WORD_LEN` bytes long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    start: u32,
    /// The length in bytes (`LEN_BITS`), then the case (`CASE_BITS`), then the flags.
    packed: u32,
    pub key: Key,
}

const LEN_BITS: u32 = 25;
const CASE_BITS: u32 = 2;
const LEN_MASK: u32 = (1 << LEN_BITS) - 1;

/// The longest word, in bytes (32 MiB less one): a longer run of word characters, which
/// no prose holds, is split into words of at most this length.
pub const MAX_WORD_LEN: usize = LEN_MASK as usize;

/// The flags, above the length and the case.
const ALPHABETIC: u32 = 1 << (LEN_BITS + CASE_BITS);
const JOINED: u32 = ALPHABETIC << 1;
const OPENS_SENTENCE: u32 = ALPHABETIC << 2;
const GAP_PLAIN: u32 = ALPHABETIC << 3;
const GAP_WIDE: u32 = ALPHABETIC << 4;

impl Word {
    fn new(range: Range<usize>, key: Key, case: Case, flags: u32) -> Word {
        let len = offset(range.len());
        debug_assert!(len <= LEN_MASK);
        Word {
            start: offset(range.start),
            packed: len | (case as u32) << LEN_BITS | flags,
            key,
        }
    }

    /// The word's bytes in its text.
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    #[inline]
    pub fn end(&self) -> usize {
        self.start() + self.len()
    }

    /// Its length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        (self.packed & LEN_MASK) as usize
    }

    /// Never: a word holds at least one character.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The case of its letters.
    #[inline]
    pub fn case(&self) -> Case {
        match (self.packed >> LEN_BITS) & ((1 << CASE_BITS) - 1) {
            0 => Case::Lower,
            1 => Case::Capitalised,
            2 => Case::Upper,
            _ => Case::Other,
        }
    }

    /// Holds a letter (not only digits).
    #[inline]
    pub fn alphabetic(&self) -> bool {
        self.packed & ALPHABETIC != 0
    }

    /// Holds an inner apostrophe or hyphen ("King's"): more than one segment.
    #[inline]
    pub fn joined(&self) -> bool {
        self.packed & JOINED != 0
    }

    /// Opens a sentence (`sentences::opens_sentence`).
    #[inline]
    pub fn opens_sentence(&self) -> bool {
        self.packed & OPENS_SENTENCE != 0
    }

    /// What separates this word from the next one (nothing follows the last word).
    #[inline]
    pub fn gap(&self) -> Gap {
        Gap {
            plain: self.packed & GAP_PLAIN != 0,
            wide: self.packed & GAP_WIDE != 0,
        }
    }

    fn set_gap(&mut self, gap: Gap) {
        self.packed &= !(GAP_PLAIN | GAP_WIDE);
        self.packed |= flag(gap.plain, GAP_PLAIN) | flag(gap.wide, GAP_WIDE);
    }

    /// The same word in a window of its text that starts at byte `base`.
    pub fn shifted_back(&self, base: usize) -> Word {
        Word {
            start: self.start - offset(base),
            ..*self
        }
    }
}

fn flag(on: bool, bit: u32) -> u32 {
    if on { bit } else { 0 }
}

fn offset(i: usize) -> u32 {
    u32::try_from(i).expect("texts under 4 GiB")
}

/// The case of a word's letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Case {
    /// No capital ("talks", "über").
    Lower = 0,
    /// A capital first, not every letter a capital ("The", "McDonald", "A").
    Capitalised,
    /// Two letters or more, all capitals ("NATO", "AND").
    Upper,
    /// A capital after a small letter first ("iPhone"), or no letter at all ("2019").
    Other,
}

/// The text between a word and the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gap {
    /// Only spaces, tabs and line breaks, at most one line break, and not empty.
    pub plain: bool,
    /// Three spaces or a tab: a column layout rather than a sentence.
    pub wide: bool,
}

/// The key of a word's lowercase form, given with ASCII letters folded (`Context::lower`);
/// other letters are folded here.
pub fn key_of(lower: &str) -> Key {
    if lower.is_ascii() {
        ascii_key(lower)
    } else {
        key_of_spelling(&lower.to_lowercase())
    }
}

/// `key_of` a form known to be ASCII, without scanning it for other bytes.
fn ascii_key(lower: &str) -> Key {
    key_of_spelling(lower)
}

/// The key of a spelling as it is (no case folded): of a word's lowercase form, or of
/// one segment of it (`segments`).
pub fn key_of_spelling(spelling: &str) -> Key {
    (rustc_hash::FxBuildHasher.hash_one(spelling) >> 32) as Key
}

/// How the tokenizer sees a byte: ASCII classified by table, the rest decoded.
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 3;
const JOINER: u8 = 4;
const NON_ASCII: u8 = 5;

const CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            b'\'' | b'-' => JOINER,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// The words of a text.
pub fn words(text: &str) -> Vec<Word> {
    words_in(text, &text.to_ascii_lowercase())
}

/// The words of a text, given the text with ASCII letters lowercased (for the keys).
/// ASCII bytes go through a lookup table, only other characters are decoded.
pub fn words_in(text: &str, lower: &str) -> Vec<Word> {
    debug_assert_eq!(text.len(), lower.len());
    let bytes = text.as_bytes();
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if matches!(CLASS[bytes[i] as usize], OTHER | JOINER) {
            i += 1;
            continue;
        }
        let Some(scan) = scan_word(text, start) else {
            i += match CLASS[bytes[i] as usize] {
                NON_ASCII => text[i..].chars().next().map_or(1, char::len_utf8),
                _ => 1,
            };
            continue;
        };
        i = scan.end;
        let previous_end = out.last().map_or(0, Word::end);
        let before = &text[previous_end..start];
        if let Some(previous) = out.last_mut() {
            previous.set_gap(gap(before));
        }
        let opens_sentence = super::sentences::opens_sentence(before, out.is_empty());
        let key = if scan.ascii {
            ascii_key(&lower[start..i])
        } else {
            key_of(&lower[start..i])
        };
        let flags = flag(scan.case.has_letter(), ALPHABETIC)
            | flag(scan.joined, JOINED)
            | flag(opens_sentence, OPENS_SENTENCE);
        out.push(Word::new(start..i, key, scan.case.case(), flags));
    }
    out
}

/// A word found by `scan_word`.
struct Scanned {
    end: usize,
    case: CaseScan,
    joined: bool,
    /// Every byte of the word is ASCII.
    ascii: bool,
}

/// The word that starts at `start`, if a word character (not a mark) is there.
fn scan_word(text: &str, start: usize) -> Option<Scanned> {
    let bytes = text.as_bytes();
    let char_at = |i: usize| text[i..].chars().next().expect("char boundary");
    let starts_alphanumeric = |i: usize| match bytes.get(i).map(|&b| CLASS[b as usize]) {
        Some(LOWER | UPPER | DIGIT) => true,
        Some(NON_ASCII) => char_at(i).is_alphanumeric(),
        _ => false,
    };
    let mut case = CaseScan::default();
    let mut joined = false;
    let mut ascii = true;
    let mut i = start;
    // A longer run of word characters goes on as the next word.
    let limit = bytes.len().min(start.saturating_add(MAX_WORD_LEN));
    while i < limit {
        match CLASS[bytes[i] as usize] {
            LOWER => case.letter(false),
            UPPER => case.letter(true),
            DIGIT => {}
            // Joined only when a letter or digit follows.
            JOINER if i > start && starts_alphanumeric(i + 1) => joined = true,
            NON_ASCII => {
                let c = char_at(i);
                if i + c.len_utf8() > limit {
                    break;
                }
                ascii = false;
                let first = i == start;
                if c.is_alphabetic() {
                    case.letter(c.is_uppercase());
                } else if !(c.is_alphanumeric() || (!first && is_mark(c))) {
                    let apostrophe = c == '’' && !first && starts_alphanumeric(i + c.len_utf8());
                    if !apostrophe {
                        break;
                    }
                    joined = true;
                }
                i += c.len_utf8();
                continue;
            }
            _ => break,
        }
        i += 1;
    }
    (i > start).then_some(Scanned {
        end: i,
        case,
        joined,
        ascii,
    })
}

/// The case of a word's letters, seen one letter at a time: counts, so that a letter
/// costs no branch.
#[derive(Debug, Default)]
struct CaseScan {
    letters: u32,
    capitals: u32,
    /// Whether the first letter is a capital (false while there is none).
    first_upper: bool,
}

impl CaseScan {
    #[inline]
    fn letter(&mut self, upper: bool) {
        self.first_upper |= upper & (self.letters == 0);
        self.letters += 1;
        self.capitals += u32::from(upper);
    }

    fn has_letter(&self) -> bool {
        self.letters > 0
    }

    fn case(&self) -> Case {
        // Letters after the first, and the capitals among them.
        let rest = self.letters.saturating_sub(1);
        let rest_upper = self.capitals - u32::from(self.first_upper);
        match (self.has_letter(), self.first_upper) {
            (false, _) => Case::Other,
            (true, true) if rest > 0 && rest == rest_upper => Case::Upper,
            (true, true) => Case::Capitalised,
            (true, false) if rest_upper == 0 => Case::Lower,
            (true, false) => Case::Other,
        }
    }
}

/// The runs of word characters of `words` (words of `text`), in order: each word split
/// at its inner joiners ("closed-door": "closed", "door").
pub fn segments<'a>(text: &'a str, words: &'a [Word]) -> impl Iterator<Item = Range<usize>> + 'a {
    let bytes = text.as_bytes();
    words.iter().flat_map(move |w| {
        let (mut start, end) = (w.start(), w.end());
        let joined = w.joined();
        std::iter::from_fn(move || {
            if start >= end {
                return None;
            }
            if !joined {
                start = end;
                return Some(w.range());
            }
            let mut i = start;
            let mut joiner = 0;
            while i < end {
                match bytes[i] {
                    b'\'' | b'-' => joiner = 1,
                    0xE2 if bytes[i + 1..].starts_with(&[0x80, 0x99]) => joiner = 3,
                    _ => {}
                }
                if joiner > 0 {
                    break;
                }
                i += 1;
            }
            let segment = start..i;
            start = i + joiner;
            Some(segment)
        })
    })
}

fn gap(between: &str) -> Gap {
    // The usual gap, one space, decided without a scan.
    if between == " " {
        return Gap {
            plain: true,
            wide: false,
        };
    }
    // One pass over the bytes (a gap is a few of them), where searching it for three
    // spaces and for a tab would set up a substring search for every word.
    let mut plain = !between.is_empty();
    let mut wide = false;
    let mut line_breaks = 0;
    let mut spaces = 0;
    for b in between.bytes() {
        spaces = if b == b' ' { spaces + 1 } else { 0 };
        match b {
            b' ' => wide |= spaces >= 3,
            b'\t' => wide = true,
            b'\n' => line_breaks += 1,
            b'\r' => {}
            _ => plain = false,
        }
    }
    Gap {
        plain: plain && line_breaks <= 1,
        wide,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{CaseShape, shape_of};

    fn texts(text: &str) -> Vec<&str> {
        words(text).iter().map(|w| &text[w.range()]).collect()
    }

    #[test]
    fn gaps_are_plain_and_wide_as_their_characters_say() {
        // What the gap means, as written at length.
        let expected = |between: &str| Gap {
            plain: !between.is_empty()
                && between
                    .bytes()
                    .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                && between.bytes().filter(|&b| b == b'\n').count() <= 1,
            wide: between.contains("   ") || between.contains('\t'),
        };
        let pieces = [
            " ", "  ", "\t", "\n", "\r\n", ".", ", ", "—", "\u{a0}", "   ",
        ];
        let mut gaps = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = gaps
                .iter()
                .flat_map(|g| pieces.iter().map(move |p| format!("{g}{p}")))
                .collect();
            gaps.extend(longer);
        }
        for between in &gaps {
            assert_eq!(gap(between), expected(between), "{between:?}");
        }
    }

    #[test]
    fn a_word_takes_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Word>(), 12);
        let w = Word::new(3..MAX_WORD_LEN + 3, 7, Case::Other, GAP_WIDE | JOINED);
        assert_eq!(
            (w.start(), w.len(), w.end()),
            (3, MAX_WORD_LEN, MAX_WORD_LEN + 3)
        );
        assert_eq!(
            (w.case(), w.key, w.joined(), w.alphabetic()),
            (Case::Other, 7, true, false)
        );
        assert!(w.gap().wide && !w.gap().plain);
        for case in [Case::Lower, Case::Capitalised, Case::Upper, Case::Other] {
            assert_eq!(Word::new(0..1, 0, case, ALPHABETIC).case(), case);
        }
    }

    #[test]
    fn a_run_of_word_characters_past_the_longest_word_goes_on_as_the_next_word() {
        let text = format!("{}é{} b", "a".repeat(MAX_WORD_LEN - 1), "c".repeat(4));
        let w = words(&text);
        let lens: Vec<usize> = w.iter().map(Word::len).collect();
        // "é" (two bytes) would cross the limit: it starts the next word.
        assert_eq!(lens, [MAX_WORD_LEN - 1, 6, 1]);
        assert_eq!(&text[w[1].range()], "écccc");
        assert!(w.iter().all(|w| w.case() == Case::Lower && w.alphabetic()));
    }

    #[test]
    fn words_with_inner_apostrophes_and_hyphens() {
        let text = "King's closed-door talks' end -- 42\n\nnext";
        assert_eq!(
            texts(text),
            ["King's", "closed-door", "talks", "end", "42", "next"]
        );
        let w = words(text);
        assert!(w[0].gap().plain && !w[2].gap().plain && !w[4].gap().plain);
        assert!(w[0].joined() && w[1].joined() && !w[2].joined());
        assert!(w[0].alphabetic() && !w[4].alphabetic());
        assert_eq!(
            texts("King’s -x _todavía_ snake_case"),
            ["King’s", "x", "todavía", "snake", "case"]
        );
        // A combining mark continues a word but starts none.
        assert_eq!(texts("cafe\u{301} \u{301}x"), ["cafe\u{301}", "x"]);
    }

    #[test]
    fn keys_fold_case_and_nothing_else() {
        let w = words("Talks TALKS talks talk ÉTÉ été");
        assert!(w[0].key == w[1].key && w[1].key == w[2].key && w[2].key != w[3].key);
        assert_eq!(w[4].key, w[5].key);
    }

    #[test]
    fn case_classes_agree_with_case_shapes() {
        let text = "the The THE A a McDonald iPhone ÉTÉ Été über 2019 x2 X2 ǅ中 A中 NATO's";
        for w in words(text) {
            let word = &text[w.range()];
            let expected = match shape_of(word) {
                _ if !w.alphabetic() => Case::Other,
                CaseShape::Lower => Case::Lower,
                CaseShape::Title => Case::Capitalised,
                CaseShape::Upper => Case::Upper,
                CaseShape::Mixed => Case::Other,
            };
            assert_eq!(w.case(), expected, "{word}");
        }
    }

    #[test]
    fn segments_split_joined_words() {
        let text = "A closed-door King’s talk, k-means";
        let w = words(text);
        let found: Vec<&str> = segments(text, &w).map(|r| &text[r]).collect();
        assert_eq!(
            found,
            ["A", "closed", "door", "King", "s", "talk", "k", "means"]
        );
    }

    #[test]
    fn sentence_openers() {
        let text = "The the. \"Then it\n# Heading - item";
        let opens: Vec<bool> = words(text).iter().map(|w| w.opens_sentence()).collect();
        assert_eq!(opens, [true, false, true, false, true, true]);
    }

    #[test]
    fn whole_words_only() {
        let text = "a cart, art shrink_to cafe\u{301}";
        assert!(!is_whole_word(text, &(3..6)));
        assert!(is_whole_word(text, &(8..11)));
        assert!(!is_whole_word(text, &(19..21)));
        assert!(!is_whole_word(text, &(22..26)));
    }
}
