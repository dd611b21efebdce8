//! The words of a text, found once per check and shared by the matchers that walk words
//! (repetition, collocations). No allocation per word: a word is a byte range, and its
//! lowercase form is the same range of the context's ASCII-lowercased text.

use std::ops::Range;

/// A word: letters and digits (with combining marks), joined by inner apostrophes or
/// hyphens ("King's", "closed-door").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub range: Range<usize>,
    /// Holds a letter (not only digits).
    pub alphabetic: bool,
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

/// How `words` sees a byte: ASCII classified by table, the rest decoded.
const OTHER: u8 = 0;
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const JOINER: u8 = 3;
const NON_ASCII: u8 = 4;

const CLASS: [u8; 256] = {
    let mut table = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => DIGIT,
            b'\'' | b'-' => JOINER,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// Splits a text into words. This runs once per check over the whole text: ASCII bytes
/// go through a lookup table, only other characters are decoded.
pub fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let char_at = |i: usize| text[i..].chars().next().expect("char boundary");
    let starts_alphanumeric = |i: usize| match bytes.get(i).map(|&b| CLASS[b as usize]) {
        Some(LETTER | DIGIT) => true,
        Some(NON_ASCII) => char_at(i).is_alphanumeric(),
        _ => false,
    };
    let mut out: Vec<Word> = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while i < bytes.len() {
        let (start, mut alphabetic) = match CLASS[bytes[i] as usize] {
            LETTER => (i, true),
            DIGIT => (i, false),
            NON_ASCII => {
                let c = char_at(i);
                if !c.is_alphanumeric() {
                    i += c.len_utf8();
                    continue;
                }
                (i, c.is_alphabetic())
            }
            _ => {
                i += 1;
                continue;
            }
        };
        i += char_at(i).len_utf8();
        while i < bytes.len() {
            match CLASS[bytes[i] as usize] {
                LETTER => {
                    alphabetic = true;
                    i += 1;
                }
                DIGIT => i += 1,
                // Joined only when a letter or digit follows.
                JOINER if i + 1 < bytes.len() && starts_alphanumeric(i + 1) => i += 1,
                NON_ASCII => {
                    let c = char_at(i);
                    if is_word_char(c) {
                        alphabetic |= c.is_alphabetic();
                    } else if c != '’' || !starts_alphanumeric(i + c.len_utf8()) {
                        break;
                    }
                    i += c.len_utf8();
                }
                _ => break,
            }
        }
        if let Some(prev) = out.last_mut() {
            prev.gap = gap(&text[prev.range.end..start]);
        }
        out.push(Word {
            range: start..i,
            alphabetic,
            gap: Gap::default(),
        });
    }
    out
}

fn gap(between: &str) -> Gap {
    // The usual gap, one space, decided without a scan.
    if between == " " {
        return Gap {
            plain: true,
            wide: false,
        };
    }
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
