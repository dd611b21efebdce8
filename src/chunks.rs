//! Large texts are checked in chunks: the per-word tables of a check grow with the text
//! (a 100 MB file has 17 million words), and a chunk of a megabyte keeps them small and
//! in cache, and lets the chunks of one big file be checked in parallel.
//!
//! A chunk owns the findings that start in its range. Its rules see a window around it:
//! from the start of the paragraph before it (so a rule can see how that paragraph ended)
//! to a few kilobytes past its end (so a match that starts in the chunk is whole). Chunks
//! start at paragraph starts, so paragraph rules see whole paragraphs.

use std::ops::Range;

use crate::text::{ceil_char_boundary, floor_char_boundary};

/// One chunk: the findings it owns, and the text its rules see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub own: Range<usize>,
    pub window: Range<usize>,
}

/// Splits a text into chunks of about `size` bytes, each seen with about `context`
/// bytes around it. A text under twice `size` is one chunk.
pub fn chunks(text: &str, size: usize, context: usize) -> Vec<Chunk> {
    let len = text.len();
    let size = size.max(1);
    if len <= size.saturating_mul(2) {
        return vec![Chunk {
            own: 0..len,
            window: 0..len,
        }];
    }
    let mut bounds = vec![0];
    let mut last = 0;
    while len - last > size + size / 2 {
        let next = split_point(text, last + size, size);
        if next <= last || next >= len {
            break;
        }
        bounds.push(next);
        last = next;
    }
    bounds.push(len);
    bounds
        .windows(2)
        .map(|b| Chunk {
            own: b[0]..b[1],
            window: window_start(text, b[0], context)..window_end(text, b[1], context),
        })
        .collect()
}

/// The first paragraph start at or after `from` within `reach` bytes; else the next
/// line start; else the next character boundary.
fn split_point(text: &str, from: usize, reach: usize) -> usize {
    let limit = from.saturating_add(reach).min(text.len());
    let Some(first) = line_start_at_or_after(text, from, limit) else {
        return ceil_char_boundary(text, from);
    };
    match paragraph_starts(text, first, limit).next() {
        Some(start) => start,
        None if first < limit => first,
        None => ceil_char_boundary(text, from),
    }
}

/// Where the rules of the chunk that starts at `own_start` begin to look: the start of
/// the paragraph before it, if that is near; else a line start about `context` back.
fn window_start(text: &str, own_start: usize, context: usize) -> usize {
    if own_start == 0 {
        return 0;
    }
    let reach = context.saturating_mul(4);
    let low = own_start.saturating_sub(reach);
    let Some(first) = line_start_at_or_after(text, low, own_start) else {
        return floor_char_boundary(text, own_start.saturating_sub(context));
    };
    paragraph_starts(text, first, own_start)
        .filter(|&s| s < own_start)
        .last()
        .unwrap_or(first)
}

/// Where the rules of the chunk that ends at `own_end` stop looking: the end of the line
/// `context` bytes past it, if that line ends within as many bytes again.
fn window_end(text: &str, own_end: usize, context: usize) -> usize {
    let at = ceil_char_boundary(text, own_end.saturating_add(context));
    let limit = ceil_char_boundary(text, at.saturating_add(context));
    text[at..limit].find('\n').map_or(at, |i| at + i + 1)
}

/// Starts of non-blank lines that follow a blank line, from the line starting at
/// `first` (not itself a candidate: the line before it is not looked at) up to `limit`.
fn paragraph_starts(text: &str, first: usize, limit: usize) -> impl Iterator<Item = usize> + '_ {
    let mut start = first;
    let mut previous_blank = false;
    std::iter::from_fn(move || {
        while start < limit {
            // Only up to `limit` is read: a line that runs past it starts nothing more.
            let end = text[start..limit].find('\n').map(|i| start + i);
            let line_start = start;
            let blank = text[start..end.unwrap_or(limit)].trim().is_empty();
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

/// Whether a paragraph starts at byte `at`: the text's start, or a line after a blank
/// line (only the line before is read).
pub fn is_paragraph_start(text: &str, at: usize) -> bool {
    if at == 0 {
        return true;
    }
    let Some(before) = text.get(..at).and_then(|b| b.strip_suffix('\n')) else {
        return false;
    };
    let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    line.trim().is_empty()
}

/// The first line start at or after `i` and before `limit`: only that stretch is read.
fn line_start_at_or_after(text: &str, i: usize, limit: usize) -> Option<usize> {
    let i = ceil_char_boundary(text, i);
    let limit = ceil_char_boundary(text, limit);
    if i >= limit {
        return None;
    }
    if i == 0 || text.as_bytes()[i - 1] == b'\n' {
        return Some(i);
    }
    text[i..limit]
        .find('\n')
        .map(|n| i + n + 1)
        .filter(|&s| s < limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(paragraphs: usize) -> String {
        (0..paragraphs)
            .map(|i| format!("Paragraph {i} says a little, and then a little more.\n\n"))
            .collect()
    }

    #[test]
    fn small_texts_are_one_chunk() {
        let text = article(3);
        assert_eq!(
            chunks(&text, 1000, 100),
            [Chunk {
                own: 0..text.len(),
                window: 0..text.len()
            }]
        );
    }

    #[test]
    fn chunks_partition_the_text_at_paragraph_starts() {
        let text = article(400);
        let found = chunks(&text, 2000, 200);
        assert!(found.len() > 5, "{}", found.len());
        assert_eq!(found[0].own.start, 0);
        assert_eq!(found.last().unwrap().own.end, text.len());
        for pair in found.windows(2) {
            assert_eq!(pair[0].own.end, pair[1].own.start);
        }
        for chunk in &found {
            assert!(chunk.window.start <= chunk.own.start && chunk.own.end <= chunk.window.end);
            for at in [chunk.own.start, chunk.window.start] {
                assert!(at == 0 || text[..at].ends_with("\n\n"), "{at}");
            }
            // The paragraph before the chunk is in its window.
            if chunk.own.start > 0 {
                assert!(chunk.window.start < chunk.own.start);
            }
        }
    }

    #[test]
    fn windows_of_one_long_line_stay_near_their_chunk() {
        let line = "word ".repeat(100_000);
        let found = chunks(&line, 10_000, 1_000);
        assert!(found.len() > 40);
        for chunk in found {
            assert!(chunk.window.end - chunk.own.end <= 2_000, "{chunk:?}");
            assert!(chunk.own.start - chunk.window.start <= 4_000, "{chunk:?}");
        }
    }

    #[test]
    fn texts_without_paragraphs_split_at_lines_or_characters() {
        let lines = "a line of text\n".repeat(1000);
        for chunk in chunks(&lines, 1000, 100) {
            assert!(chunk.own.start == 0 || lines[..chunk.own.start].ends_with('\n'));
        }
        let one_line = "é".repeat(5000);
        let found = chunks(&one_line, 1000, 100);
        assert!(found.len() > 3);
        for chunk in found {
            assert!(one_line.is_char_boundary(chunk.own.start));
            assert!(one_line.is_char_boundary(chunk.window.start));
            assert!(one_line.is_char_boundary(chunk.window.end));
        }
    }
}
