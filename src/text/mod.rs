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

/// The first byte at or after `from` that is not ASCII, or the end: sixteen bytes at a
/// time, since most text is ASCII throughout.
pub fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(block) = bytes.get(i..i + 16) {
        if !block.is_ascii() {
            break;
        }
        i += 16;
    }
    while i < bytes.len() && bytes[i].is_ascii() {
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
    use super::next_non_ascii;

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
    }
}
