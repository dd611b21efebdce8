//! Sentences: where one ends, and which words open one. The one definition the
//! tokenizer (`Word::opens_sentence`) and the chunking of large texts
//! (`first_sentence_start`) both use.
//!
//! A sentence ends at a full stop, question or exclamation mark followed by whitespace,
//! or at an ideographic full stop, question or exclamation mark (which takes no space).
//! A word opens a sentence when nothing but spaces, quotes or opening brackets stand
//! between it and the start of the text, a sentence's end mark, a colon, or the marker
//! of a Markdown heading, quotation or list item (`#`, `>`, `-`, `*`).

/// A mark that ends a sentence when whitespace follows it.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?')
}

/// A mark that ends a sentence with no space after it.
pub fn is_ideographic_terminal(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// The first sentence start in `stretch`: after a terminal mark and a whitespace
/// character, or right after an ideographic terminal mark. Never the stretch's end.
pub fn first_sentence_start(stretch: &str) -> Option<usize> {
    let mut previous = None;
    for (i, c) in stretch.char_indices() {
        if previous.is_some_and(is_terminal) && c.is_whitespace() {
            return Some(i + c.len_utf8()).filter(|&s| s < stretch.len());
        }
        if previous.is_some_and(is_ideographic_terminal) {
            return Some(i);
        }
        previous = Some(c);
    }
    None
}

/// Whether a word whose preceding text ends with `before` opens a sentence. `before`
/// needs to reach back to the previous word only: `at_start` says whether there is one.
pub fn opens_sentence(before: &str, at_start: bool) -> bool {
    // ASCII read byte by byte from the end, the usual case; the first other byte hands
    // the rest to the decoding loop below, which decides alike.
    for &b in before.as_bytes().iter().rev() {
        match b {
            b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r' | b'"' | b'\'' | b'(' | b'[' => {}
            b'.' | b'!' | b'?' | b':' | b'#' | b'>' | b'-' | b'*' => return true,
            0x80.. => return opens_sentence_decoded(before, at_start),
            _ => return false,
        }
    }
    at_start
}

/// `opens_sentence`, one character at a time.
fn opens_sentence_decoded(before: &str, at_start: bool) -> bool {
    let skipped = |c: char| c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[');
    match before.chars().rev().find(|&c| !skipped(c)) {
        None => at_start,
        Some(c) => {
            is_terminal(c) || is_ideographic_terminal(c) || matches!(c, ':' | '#' | '>' | '-' | '*')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_starts_after_terminal_marks() {
        assert_eq!(first_sentence_start("one. two"), Some(5));
        assert_eq!(first_sentence_start("e.g.x and. "), None);
        assert_eq!(first_sentence_start("这是。那"), Some(9));
    }

    #[test]
    fn words_open_sentences_after_marks_or_at_the_start() {
        assert!(opens_sentence("", true));
        assert!(opens_sentence("  \"(", true));
        assert!(!opens_sentence(" ", false));
        assert!(opens_sentence(". “", false));
        assert!(opens_sentence("\n# ", false));
        assert!(!opens_sentence(", ", false));
    }

    #[test]
    fn the_ascii_path_decides_as_the_decoding_one() {
        let gaps = [
            "",
            " ",
            ", ",
            ". ",
            ".\n\n",
            " (\"",
            "\t\x0B\x0C\r",
            "x",
            ": ",
            " # ",
            "- ",
            "* ",
            "> ",
            "? ",
            "! ",
            "; ",
            "é ",
            ". é",
            "。",
            "“",
            ". “",
            "\u{a0}",
            ".\u{a0}",
            ",\u{85}",
            "', ",
            "[(",
            ")",
            "]",
        ];
        for gap in gaps {
            for at_start in [true, false] {
                assert_eq!(
                    opens_sentence(gap, at_start),
                    opens_sentence_decoded(gap, at_start),
                    "{gap:?}"
                );
            }
        }
    }
}
