//! The words of a text, found once per check and shared by the matchers that walk words
//! (repetition, collocations). No allocation per word: a word is a byte range, and its
//! lowercase form is the same range of the context's ASCII-lowercased text.

use std::ops::Range;

/// A word: letters and digits (with combining marks), joined by inner apostrophes or
/// hyphens ("King's", "closed-door").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    /// What separates this word from the next one.
    pub gap: Gap,
}

/// The text between a word and the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gap {
    /// Only spaces, tabs and line breaks, at most one line break, and not empty.
    pub plain: bool,
    /// Three spaces or a tab: a column layout rather than a sentence.
    pub wide: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks: the common blocks are enough for word continuation.
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Splits a text into words.
pub fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 6);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if is_word_char(c) {
                end = i + c.len_utf8();
                chars.next();
            } else if matches!(c, '\'' | '’' | '-') {
                // Joined only when a letter or digit follows.
                let after = text[i + c.len_utf8()..].chars().next();
                if after.is_some_and(char::is_alphanumeric) {
                    chars.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        if let Some(prev) = out.last_mut() {
            prev.gap = gap(&text[prev.range.end..start]);
        }
        out.push(Word {
            range: start..end,
            gap: Gap::default(),
        });
    }
    out
}

fn gap(between: &str) -> Gap {
    let plain = !between.is_empty()
        && between
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        && between.bytes().filter(|&b| b == b'\n').count() <= 1;
    Gap {
        plain,
        wide: between.contains("   ") || between.contains('\t'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_with_inner_apostrophes_and_hyphens() {
        let text = "King's closed-door talks' end -- 42\n\nnext";
        let found: Vec<&str> = words(text).iter().map(|w| &text[w.range.clone()]).collect();
        assert_eq!(
            found,
            ["King's", "closed-door", "talks", "end", "42", "next"]
        );
        let w = words(text);
        assert!(w[0].gap.plain && !w[2].gap.plain && !w[4].gap.plain);
    }
}
