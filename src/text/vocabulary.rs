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

use super::words::Word;

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
            forms: table.forms.len(),
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

/// The forms seen so far: an open-addressing table of (key, length, form), and the
/// start and first sixteen bytes of one word of each form, to compare spellings. It starts
/// small and doubles: a text has far fewer forms than words, and a table that fits in
/// cache is what makes a probe cheap.
struct FormTable {
    slots: Vec<Slot>,
    forms: Vec<Form>,
    shift: u32,
}

#[derive(Clone, Copy)]
struct Slot {
    key: u64,
    /// The form plus one; zero for an empty slot.
    form: u32,
    /// The length of the form's spelling, in bytes.
    len: u32,
}

/// One word of a form: where it starts, and its first sixteen bytes (`head`).
#[derive(Clone, Copy)]
struct Form {
    start: u32,
    head: [u64; 2],
}

const EMPTY: Slot = Slot {
    key: 0,
    form: 0,
    len: 0,
};

/// The first sixteen bytes of `spelling`, zero-padded: all of most words, compared as
/// two integers.
#[inline]
fn head(spelling: &[u8]) -> [u64; 2] {
    let mut bytes = [0u8; 16];
    let n = spelling.len().min(16);
    bytes[..n].copy_from_slice(&spelling[..n]);
    let (a, b) = bytes.split_at(8);
    [
        u64::from_le_bytes(a.try_into().expect("eight bytes")),
        u64::from_le_bytes(b.try_into().expect("eight bytes")),
    ]
}

impl FormTable {
    fn with_capacity(forms: usize) -> FormTable {
        let bits = (forms.max(16) * 2).next_power_of_two().trailing_zeros();
        FormTable {
            slots: vec![EMPTY; 1 << bits],
            forms: Vec::with_capacity(forms),
            shift: 64 - bits,
        }
    }

    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The form of word `w`, added if new.
    fn form_of(&mut self, lower: &[u8], w: &Word) -> u32 {
        let spelling = &lower[w.range.clone()];
        let len = u32::try_from(spelling.len()).expect("words under 4 GiB");
        let first = head(spelling);
        let mask = self.slots.len() - 1;
        let mut at = self.home(w.key);
        loop {
            let slot = self.slots[at];
            if slot.form == 0 {
                break;
            }
            if slot.key == w.key && slot.len == len {
                let form = self.forms[slot.form as usize - 1];
                let start = form.start as usize;
                if form.head == first
                    && (len <= 16 || lower[start + 16..start + len as usize] == spelling[16..])
                {
                    return slot.form - 1;
                }
            }
            at = (at + 1) & mask;
        }
        let form = u32::try_from(self.forms.len()).expect("fewer than 4 billion forms");
        self.forms.push(Form {
            start: u32::try_from(w.range.start).expect("texts under 4 GiB"),
            head: first,
        });
        self.slots[at] = Slot {
            key: w.key,
            form: form + 1,
            len,
        };
        if self.forms.len() * 2 > self.slots.len() {
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
            let first = answers.get(vocabulary.id(i), || {
                asked += 1;
                w.range.start
            });
            assert_eq!(&text[first..first + 1], &text[w.range.clone()]);
        }
        assert_eq!(asked, 3);
    }
}
