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

/// `i` (clamped to the text) moved on to a character boundary.
pub fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}
