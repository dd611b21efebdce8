//! Paragraphs: runs of lines separated by blank lines. A blank line holds only
//! whitespace (`is_blank`); this is the one definition the matchers (`Context::
//! paragraphs`) and the chunking of large texts (`paragraph_starts`) both use.

use std::ops::Range;

/// A line that separates paragraphs: nothing but whitespace (a `\r` included).
pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Paragraphs: runs of text separated by blank lines. Each range starts at the
/// paragraph's first byte (whitespace included) and ends before the separating blank
/// line (and before the `\r` of a CRLF line end).
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut result = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_content_end = 0;
    for (line_start, line) in lines(text) {
        if is_blank(line) {
            if let Some(s) = start.take() {
                result.push(s..last_content_end);
            }
        } else {
            start.get_or_insert(line_start);
            last_content_end = line_start + line.len() - usize::from(line.ends_with('\r'));
        }
    }
    if let Some(s) = start {
        result.push(s..last_content_end);
    }
    result
}

/// The lines of a text with their start offsets, without their `\n`: a text that ends
/// with a line break ends with an empty line.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let line_start = start?;
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
            .map_or(text.len(), |i| line_start + i);
        start = (line_end < text.len()).then_some(line_end + 1);
        Some((line_start, &text[line_start..line_end]))
    })
}

/// The paragraph holding `offset`, from a sorted list of paragraphs.
pub fn enclosing(paragraphs: &[Range<usize>], offset: usize) -> Option<Range<usize>> {
    let i = paragraphs.partition_point(|p| p.end < offset);
    paragraphs.get(i).filter(|p| p.start <= offset).cloned()
}

/// Starts of paragraphs (non-blank lines that follow a blank line), from the line
/// starting at `first` (not itself a candidate: the line before it is not looked at) up
/// to `limit`, a character boundary. Only that stretch is read.
pub fn paragraph_starts(
    text: &str,
    first: usize,
    limit: usize,
) -> impl Iterator<Item = usize> + '_ {
    let mut start = first;
    let mut previous_blank = false;
    std::iter::from_fn(move || {
        while start < limit {
            // Only up to `limit` is read: a line that runs past it starts nothing more.
            let end = memchr::memchr(b'\n', &text.as_bytes()[start..limit]).map(|i| start + i);
            let line_start = start;
            let blank = is_blank(&text[start..end.unwrap_or(limit)]);
            let found = !blank && previous_blank;
            previous_blank = blank;
            start = end.map_or(limit, |e| e + 1);
            if found {
                return Some(line_start);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let text = "one\ntwo\n\n  \nthree\r\n\r\nfour";
        let found: Vec<&str> = paragraphs(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["one\ntwo", "three", "four"]);
        let found: Vec<&str> = paragraphs("\n\nx\n")
            .into_iter()
            .map(|r| &"\n\nx\n"[r])
            .collect();
        assert_eq!(found, ["x"]);
        assert!(paragraphs("").is_empty() && paragraphs(" \n\t\n").is_empty());
    }

    #[test]
    fn paragraph_starts_agree_with_paragraphs() {
        let text = "one\ntwo\n\n  \nthree\r\n\r\nfour\n\nfive";
        let starts: Vec<usize> = paragraph_starts(text, 0, text.len()).collect();
        let from_paragraphs: Vec<usize> =
            paragraphs(text).iter().skip(1).map(|p| p.start).collect();
        assert_eq!(starts, from_paragraphs);
    }
}
