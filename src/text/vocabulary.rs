//! The vocabulary of a text: its distinct word forms, each word of the text mapped to
//! its form. A form is a word's lowercase spelling as `Context::lower` gives it (ASCII
//! letters folded, the others as written), so any answer that depends only on that
//! spelling (is it the first word of a phrase, a collocation's anchor, a word of the
//! foreign-words table) is the same for every occurrence of the form.
//!
//! A megabyte of prose holds about 170,000 words and 20,000 forms. A matcher that looks
//! words up in a large table asks once per form (`Answers`), and every later occurrence
//! reads the answer by index from a table that stays in cache, instead of probing the
//! large table (a cache miss, most of the time) once per word.
//!
//! Forms are told apart by their spelling, not only by their key (`Word::key`): two
//! spellings with one key ("ÉTÉ" and "été" share it, as would a hash collision) are two
//! forms.

use super::words::{Key, Word};

/// The distinct forms of a list of words, and the form of each word.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// The form of each word, by the word's index.
    ids: Vec<u32>,
    /// How many forms there are.
    forms: usize,
}

impl Vocabulary {
    /// The vocabulary of `words`, words of a text whose ASCII-lowercased form is `lower`.
    pub fn new(lower: &str, words: &[Word]) -> Vocabulary {
        let lower = lower.as_bytes();
        // About a form for every eight words in a short text, far fewer in a long one.
        let mut table = FormTable::with_capacity((words.len() / 8).min(4096));
        let ids = words
            .iter()
            .map(|w| table.form_of(lower, w))
            .collect::<Vec<u32>>();
        Vocabulary {
            ids,
            forms: table.len(),
        }
    }

    /// The vocabulary of a run of the words another vocabulary was built from: the
    /// same forms (some of them unused), the ids of `words` (a range of word indices).
    pub fn of_words(&self, words: std::ops::Range<usize>) -> Vocabulary {
        Vocabulary {
            ids: self.ids[words].to_vec(),
            forms: self.forms,
        }
    }

    /// The form of word `i`, a number below `len()`.
    pub fn id(&self, i: usize) -> usize {
        self.ids[i] as usize
    }

    /// The form of each word, by the word's index.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// How many forms there are.
    pub fn len(&self) -> usize {
        self.forms
    }

    pub fn is_empty(&self) -> bool {
        self.forms == 0
    }

    /// An empty slot for each form, for a matcher's answers.
    pub fn answers<T: Copy>(&self) -> Answers<T> {
        Answers {
            slots: vec![None; self.forms],
        }
    }
}

/// A matcher's answer for each form of a vocabulary, computed the first time a word of
/// that form asks.
#[derive(Debug, Clone)]
pub struct Answers<T> {
    slots: Vec<Option<T>>,
}

impl<T: Copy> Answers<T> {
    /// Whether form `id` has its answer already.
    #[inline]
    pub fn known(&self, id: usize) -> bool {
        self.slots[id].is_some()
    }

    /// The answer for form `id`, computed by `answer` (from any word of the form) the
    /// first time it is asked.
    #[inline]
    pub fn get(&mut self, id: usize, answer: impl FnOnce() -> T) -> T {
        match self.slots[id] {
            Some(known) => known,
            None => {
                let found = answer();
                self.slots[id] = Some(found);
                found
            }
        }
    }
}

/// The forms seen so far: an open-addressing table whose slot holds all a probe reads
/// (key, length, the first sixteen bytes of the spelling, form), so that a word costs
/// one cache line however large the text; and the start of one word of each form, read
/// only for spellings longer than sixteen bytes. The table starts small and doubles: a
/// text has far fewer forms than words, and a table that fits in cache is what makes a
/// probe cheap.
struct FormTable {
    slots: Vec<Slot>,
    /// Where one word of each form starts.
    starts: Vec<u32>,
    shift: u32,
}

#[derive(Clone, Copy)]
#[repr(align(32))]
struct Slot {
    key: Key,
    /// The first sixteen bytes of the spelling, zero-padded (`head`).
    head: [u64; 2],
    /// The form plus one; zero for an empty slot.
    form: u32,
    /// The length of the spelling, in bytes.
    len: u32,
}

const EMPTY: Slot = Slot {
    key: 0,
    head: [0; 2],
    form: 0,
    len: 0,
};

/// The first sixteen bytes of the word at `start` of `lower`, `len` bytes long,
/// zero-padded: all of most words, compared as two integers. Read as two unaligned
/// integers where the text goes on for sixteen bytes, not copied byte by byte.
#[inline]
fn head(lower: &[u8], start: usize, len: usize) -> [u64; 2] {
    let mut bytes = [0u8; 16];
    match lower.get(start..start + 16) {
        Some(sixteen) => bytes.copy_from_slice(sixteen),
        None => {
            let n = len.min(16);
            bytes[..n].copy_from_slice(&lower[start..start + n]);
        }
    }
    let word = |i: usize| {
        let value = u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().expect("8 bytes"));
        // The bytes of the word in this half, the others cleared.
        let kept = len.saturating_sub(8 * i).min(8);
        match kept {
            8 => value,
            0 => 0,
            _ => value & ((1u64 << (8 * kept)) - 1),
        }
    };
    [word(0), word(1)]
}

impl FormTable {
    fn with_capacity(forms: usize) -> FormTable {
        let bits = (forms.max(16) * 2).next_power_of_two().trailing_zeros();
        FormTable {
            slots: vec![EMPTY; 1 << bits],
            starts: Vec::with_capacity(forms),
            shift: 64 - bits,
        }
    }

    fn home(&self, key: Key) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    /// The form of word `w`, added if new.
    fn form_of(&mut self, lower: &[u8], w: &Word) -> u32 {
        let start = w.start();
        let len = w.len();
        let first = head(lower, start, len);
        let len32 = u32::try_from(len).expect("words under 4 GiB");
        let mask = self.slots.len() - 1;
        let mut at = self.home(w.key);
        loop {
            let slot = &self.slots[at];
            if slot.form == 0 {
                break;
            }
            if slot.key == w.key && slot.len == len32 && slot.head == first {
                let same = len <= 16 || {
                    let other = self.starts[slot.form as usize - 1] as usize;
                    lower[other + 16..other + len] == lower[start + 16..start + len]
                };
                if same {
                    return slot.form - 1;
                }
            }
            at = (at + 1) & mask;
        }
        let form = u32::try_from(self.starts.len()).expect("fewer than 4 billion forms");
        self.starts
            .push(u32::try_from(start).expect("texts under 4 GiB"));
        self.slots[at] = Slot {
            key: w.key,
            head: first,
            form: form + 1,
            len: len32,
        };
        // At most three slots in four used: probes stay short.
        if self.starts.len() * 4 > self.slots.len() * 3 {
            self.grow();
        }
        form
    }

    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![EMPTY; old.len() * 2];
        self.shift -= 1;
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.form != 0) {
            let mut at = self.home(slot.key);
            while self.slots[at].form != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::words;

    fn forms(text: &str) -> Vec<usize> {
        let lower = text.to_ascii_lowercase();
        let words = crate::text::words::words_in(text, &lower);
        let vocabulary = Vocabulary::new(&lower, &words);
        (0..words.len()).map(|i| vocabulary.id(i)).collect()
    }

    #[test]
    fn one_form_per_spelling_but_for_ascii_case() {
        assert_eq!(forms("The talks the TALKS talk"), [0, 1, 0, 1, 2]);
        // One key, two spellings: two forms.
        let text = "ÉTÉ été Été été";
        let w = words(text);
        assert_eq!(w[0].key, w[1].key);
        assert_eq!(forms(text), [0, 1, 2, 1]);
        // One key, one length, the same first eight bytes, and still two spellings.
        assert_eq!(forms("abcdefghÉ abcdefghé ABCDEFGHÉ"), [0, 1, 0]);
        let long = "abcdefghijklmnopÉ abcdefghijklmnopé ABCDEFGHIJKLMNOPÉ";
        assert_eq!(forms(long), [0, 1, 0]);
    }

    #[test]
    fn many_forms_grow_the_table() {
        let text: String = (0..5000).map(|i| format!("w{i} x ")).collect();
        let ids = forms(&text);
        let lower = text.to_ascii_lowercase();
        let words = words(&text);
        assert_eq!(Vocabulary::new(&lower, &words).len(), 5001);
        for (i, id) in ids.iter().enumerate() {
            let expected = match i {
                0 => 0,
                _ if i % 2 == 1 => 1,
                _ => i / 2 + 1,
            };
            assert_eq!(*id, expected, "word {i}");
        }
    }

    #[test]
    fn answers_are_computed_once_per_form() {
        let text = "a b a a b c";
        let lower = text.to_ascii_lowercase();
        let words = words(text);
        let vocabulary = Vocabulary::new(&lower, &words);
        let mut answers = vocabulary.answers::<usize>();
        let mut asked = 0;
        for (i, w) in words.iter().enumerate() {
            // "a" and "b" are known from their second occurrence on.
            assert_eq!(answers.known(vocabulary.id(i)), (2..=4).contains(&i));
            let first = answers.get(vocabulary.id(i), || {
                asked += 1;
                w.start()
            });
            assert_eq!(&text[first..first + 1], &text[w.range()]);
        }
        assert_eq!(asked, 3);
    }
}
