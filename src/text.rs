//! Small text helpers shared by the matchers: word boundaries and paragraphs.

use std::ops::Range;

/// A character that belongs to a word: letters, digits, and the apostrophe inside words
/// is handled by callers that care.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `offset` is not inside a word: the characters on both sides are not both
/// word characters.
pub fn is_word_boundary(text: &str, offset: usize) -> bool {
    let before = text[..offset].chars().next_back();
    let after = text[offset..].chars().next();
    !matches!((before, after), (Some(b), Some(a)) if is_word_char(b) && is_word_char(a))
}

/// True when `range` covers whole words: nothing word-like glued on either side.
pub fn is_whole_word(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

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

/// Paragraphs: runs of text separated by lines that hold only whitespace. Each range
/// starts at the paragraph's first byte (whitespace included) and ends before the
/// separating blank line.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut result = Vec::new();
    let mut start: Option<usize> = None;
    let mut line_start = 0;
    let mut last_content_end = 0;
    while line_start <= text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                result.push(s..last_content_end);
            }
        } else {
            if start.is_none() {
                start = Some(line_start);
            }
            last_content_end = line_end - usize::from(line.ends_with('\r'));
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    if let Some(s) = start {
        result.push(s..last_content_end);
    }
    result
}

/// The paragraph holding `offset`, from a sorted list of paragraphs.
pub fn enclosing(paragraphs: &[Range<usize>], offset: usize) -> Option<Range<usize>> {
    let i = paragraphs.partition_point(|p| p.end < offset);
    paragraphs.get(i).filter(|p| p.start <= offset).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let text = "one\ntwo\n\n  \nthree\r\n\r\nfour";
        let found: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["one\ntwo", "three", "four"]);
    }

    #[test]
    fn whole_words_only() {
        let text = "a cart, art";
        assert!(!is_whole_word(text, &(3..6)));
        assert!(is_whole_word(text, &(8..11)));
    }
}
