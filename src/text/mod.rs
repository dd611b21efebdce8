//! The text model: what a word, a sentence and a paragraph are, defined once here and
//! shared by every matcher and by the chunking of large texts.
//!
//! - `words`: one tokenizer pass gives the words of a text, each with its byte range, a
//!   hash of its lowercase form, its case class, whether it holds a letter, and the gap
//!   to the next word. A `Context` computes it once per text and every word-level matcher
//!   (phrase index, repetition, collocations, untranslated words) reads the same list.
//! - `sentences`: where a sentence ends and which words open one.
//! - `vocabulary`: the distinct forms of a text's words, so that a matcher looks each
//!   form up once in its tables and reads the answer by index for every occurrence.
//! - `paragraphs`: runs of lines separated by blank lines.

pub mod paragraphs;
pub mod sentences;
pub mod vocabulary;
pub mod words;

pub use paragraphs::{enclosing, paragraphs};
pub use words::{is_whole_word, is_word_char};

/// `i` (clamped to the text) moved back to a character boundary.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first byte at or after `from` that is not ASCII, or the end: thirty-two bytes at
/// a time (the high bits of four integers at once), since most text is ASCII throughout.
pub fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(block) = bytes.get(i..i + 32) {
        let word =
            |k: usize| u64::from_le_bytes(block[8 * k..8 * k + 8].try_into().expect("eight bytes"));
        if (word(0) | word(1) | word(2) | word(3)) & HIGH != 0 {
            break;
        }
        i += 32;
    }
    while i < bytes.len() && bytes[i].is_ascii() {
        i += 1;
    }
    i
}

/// The first ASCII digit at or after `from`, or the end: eight bytes at a time, since
/// digits are rare in prose.
pub fn next_digit(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::MAX / 255;
    let mut i = from;
    while let Some(block) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        // The high bit of each byte from '0' to '9' (above 0x2F and below 0x3A) set: the
        // "has between" test of the bit hacks, exact for bounds under 128.
        let low = x & (ONES * 0x7F);
        let digits = (ONES * (127 + 0x3A) - low) & !x & (low + ONES * (127 - 0x2F)) & (ONES * 0x80);
        if digits != 0 {
            break;
        }
        i += 8;
    }
    while i < bytes.len() && !bytes[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// `i` (clamped to the text) moved on to a character boundary.
pub fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::{next_digit, next_non_ascii};

    #[test]
    fn the_next_byte_that_is_not_ascii() {
        let text = "a".repeat(40) + "é" + &"b".repeat(20) + "ü";
        let bytes = text.as_bytes();
        assert_eq!(next_non_ascii(bytes, 0), 40);
        assert_eq!(next_non_ascii(bytes, 40), 40);
        assert_eq!(next_non_ascii(bytes, 42), 62);
        assert_eq!(next_non_ascii(b"plain", 0), 5);
        assert_eq!(next_non_ascii(b"plain", 5), 5);
        assert_eq!(next_non_ascii(b"", 0), 0);
        // A byte with its high bit set at every place of the blocks, from every start.
        for at in 0..100 {
            let mut bytes = vec![b'x'; 100];
            bytes[at] = 0xC3;
            for from in 0..=at {
                assert_eq!(next_non_ascii(&bytes, from), at, "at {at} from {from}");
            }
            assert_eq!(next_non_ascii(&bytes, at + 1), 100);
        }
    }

    /// Every byte value at every place of a block, among bytes on either side of the
    /// digits' range: the block test never skips a digit nor stops the scan early.
    #[test]
    fn the_next_digit_is_found_in_blocks_as_byte_by_byte() {
        let naive = |bytes: &[u8], from: usize| {
            (from..bytes.len())
                .find(|&i| bytes[i].is_ascii_digit())
                .unwrap_or(bytes.len())
        };
        for filler in [b'a', b'/', b':', 0x80, 0xFF, b' '] {
            for value in 0..=255u8 {
                for at in 0..20 {
                    let mut bytes = vec![filler; 20];
                    bytes[at] = value;
                    for from in [0, 3, 8, 19] {
                        assert_eq!(
                            next_digit(&bytes, from),
                            naive(&bytes, from),
                            "{filler:#x} {value:#x} at {at} from {from}"
                        );
                    }
                }
            }
        }
    }
}
