//! Large texts are checked in chunks: the per-word tables of a check grow with the text
//! (a 100 MB file has 17 million words), and a chunk of a megabyte keeps them small and
//! in cache, and lets the chunks of one big file be checked in parallel.
//!
//! A chunk owns the findings that start in its range. Its rules see a window around it:
//! at least `context` bytes before it and after it, from and to a line boundary where
//! one is near, so that a match that starts in the chunk is whole and sees what precedes
//! it. Rules that read whole paragraphs or the whole document do not run per chunk
//! (`Linter`).
//!
//! Every cut lies on a character boundary. A chunk ends, in order of preference, at a
//! paragraph start, a line start, a sentence start, a word start, or else between two
//! characters; only the stretch of text where the cut may fall is read.

use std::ops::Range;

use crate::text::paragraphs::paragraph_starts;
use crate::text::sentences::first_sentence_start;
use crate::text::{ceil_char_boundary, floor_char_boundary};

/// One chunk: the findings it owns, and the text its rules see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub own: Range<usize>,
    pub window: Range<usize>,
}

/// Splits a text into chunks of about `size` bytes, each seen with at least `context`
/// bytes around it (less only at the text's ends). A text under twice `size` is one
/// chunk.
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

/// Where a chunk that should end near `from` ends: the first paragraph start within
/// `reach` bytes after it; else the first line start, sentence start or word start
/// there; else the next character boundary. Always a character boundary.
fn split_point(text: &str, from: usize, reach: usize) -> usize {
    let from = ceil_char_boundary(text, from);
    let limit = ceil_char_boundary(text, from.saturating_add(reach));
    if let Some(first) = line_start_at_or_after(text, from, limit) {
        if let Some(start) = paragraph_starts(text, first, limit).next() {
            return start;
        }
        return first;
    }
    let stretch = &text[from..limit];
    first_sentence_start(stretch)
        .or_else(|| word_start(stretch))
        .map_or(from, |i| from + i)
}

/// The first word start in `stretch`: after a whitespace character.
fn word_start(stretch: &str) -> Option<usize> {
    stretch
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .filter(|&s| s < stretch.len())
}

/// Where the rules of the chunk that starts at `own_start` begin to look: the last line
/// start at least `context` bytes before it, if one is within four times that; else a
/// character boundary `context` bytes before it.
fn window_start(text: &str, own_start: usize, context: usize) -> usize {
    let near = floor_char_boundary(text, own_start.saturating_sub(context));
    if near == 0 {
        return 0;
    }
    let far = floor_char_boundary(text, own_start.saturating_sub(context.saturating_mul(4)));
    text[far..near].rfind('\n').map_or(near, |i| far + i + 1)
}

/// Where the rules of the chunk that ends at `own_end` stop looking: the end of the line
/// `context` bytes past it, if that line ends within as many bytes again; else a
/// character boundary `context` bytes past it.
fn window_end(text: &str, own_end: usize, context: usize) -> usize {
    let at = ceil_char_boundary(text, own_end.saturating_add(context));
    let limit = ceil_char_boundary(text, at.saturating_add(context));
    text[at..limit].find('\n').map_or(at, |i| at + i + 1)
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
            assert!(chunk.own.start == 0 || text[..chunk.own.start].ends_with("\n\n"));
            // The window reaches the context on both sides, from and to a line boundary.
            if chunk.own.start > 0 {
                assert!(chunk.own.start - chunk.window.start >= 200);
                assert!(text[..chunk.window.start].ends_with('\n'));
            }
            if chunk.own.end < text.len() {
                assert!(chunk.window.end - chunk.own.end >= 200);
                assert!(text[..chunk.window.end].ends_with('\n'));
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

    #[test]
    fn every_cut_is_a_character_boundary_at_every_size() {
        // A long line, then multibyte letters where the first cut is looked for.
        let text = format!("{}\n{}\n", "x".repeat(1030), "é".repeat(900));
        for size in 1..700 {
            for chunk in chunks(&text, size, 64) {
                for at in [
                    chunk.own.start,
                    chunk.own.end,
                    chunk.window.start,
                    chunk.window.end,
                ] {
                    assert!(text.is_char_boundary(at), "size {size}: {chunk:?}");
                }
            }
        }
    }

    #[test]
    fn lines_without_breaks_are_cut_at_sentences_then_words() {
        let prose = "One sentence ends here. Another one follows it, and more words come. ";
        let text = prose.repeat(100);
        for chunk in chunks(&text, 500, 50).iter().skip(1) {
            assert!(text[..chunk.own.start].ends_with(". "), "{chunk:?}");
        }
        let cjk = "这是一个句子。".repeat(400);
        for chunk in chunks(&cjk, 500, 50).iter().skip(1) {
            assert!(cjk[..chunk.own.start].ends_with('。'), "{chunk:?}");
        }
        let words = "word ".repeat(1000);
        for chunk in chunks(&words, 500, 50).iter().skip(1) {
            assert!(words[..chunk.own.start].ends_with(' '), "{chunk:?}");
        }
    }
}
