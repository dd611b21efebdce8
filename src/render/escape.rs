//! What may reach a terminal or a CI log, and how the rest is shown.
//!
//! A file name or a checked text can hold any character: line breaks that start a new
//! line (and so a new GitHub workflow command), escape sequences that retitle or clear a
//! terminal, bidirectional overrides that reorder what is shown. No output format writes
//! such a character raw. The human and editor reports and mtlint's messages on standard
//! error show it as a visible escape ([`visible`]); JSON writes it as a `\uXXXX` escape
//! ([`super::json_writer`]); XML as a character reference; GitHub workflow commands use
//! their own `%0A` escapes for line breaks and visible escapes for the rest.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is never written raw: the C0 and C1 control characters and DEL, the
/// Unicode line and paragraph separators, and the bidirectional embeddings, overrides
/// and isolates (U+202A–U+202E, U+2066–U+2069), which reorder the text shown after them.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// How a hidden character is shown: `\n`, `\r`, `\t`, or `\u{1b}` (Rust's notation).
pub fn escape_char(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `text` on one line with every hidden character shown as an escape ([`escape_char`]);
/// borrowed when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_hidden(c) {
            escape_char(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A path as a message names it: on one line, every hidden character shown as an escape,
/// so that a file name holding a line break cannot split the message in two.
pub fn path(path: &std::path::Path) -> String {
    visible(&path.display().to_string()).into_owned()
}

/// A message for standard error, a line of it at a time after `prefix` (`mtlint: error: `):
/// each line break of the message starts a new prefixed line, every other hidden
/// character is shown as an escape, so that no line can pass for anything but mtlint's.
pub fn prefixed_lines(prefix: &str, message: &str) -> String {
    let mut out = String::new();
    for line in message.split('\n') {
        out.push_str(prefix);
        out.push_str(&visible(line));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_become_escapes() {
        assert_eq!(visible("plain “text” 中"), "plain “text” 中");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("a\nb\r\tc\u{1b}]0;X\u{7}\u{9b}\u{7f}\u{202e}\u{2028}"),
            "a\\nb\\r\\tc\\u{1b}]0;X\\u{7}\\u{9b}\\u{7f}\\u{202e}\\u{2028}"
        );
    }

    #[test]
    fn every_line_of_a_message_is_prefixed() {
        assert_eq!(
            prefixed_lines("p: ", "b\n::notice x::y\r\u{1b}[2J"),
            "p: b\np: ::notice x::y\\r\\u{1b}[2J\n"
        );
    }
}
