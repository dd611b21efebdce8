//! Escaping for the XML formats (Checkstyle, JUnit).

use std::fmt::Write;

use super::escape::is_hidden;

/// Escapes text for element content or a double- or single-quoted attribute value.
///
/// `&`, `<`, `>`, `"` and `'` become entities; tab, line feed and carriage return become
/// character references, so that attribute values keep them (a parser would otherwise
/// turn them into spaces); other characters that XML 1.0 does not allow (C0 controls,
/// U+FFFE, U+FFFF) become U+FFFD, since no reference can stand for them; the other
/// hidden characters of [`super::escape`] (DEL, C1 controls, bidirectional overrides)
/// become character references, which a parser reads back as they were.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            c if is_hidden(c) => {
                let _ = write!(out, "&#{};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 allows `c` in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The XML declaration every XML format starts with.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_quotes_and_line_breaks() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\r\n\tx"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;&#13;&#10;&#9;x"
        );
    }

    #[test]
    fn replaces_characters_xml_cannot_hold() {
        assert_eq!(escape("a\u{1}b\u{FFFF}“中”"), "a\u{FFFD}b\u{FFFD}“中”");
        assert_eq!(escape("\u{7f}\u{9b}\u{202e}"), "&#127;&#155;&#8238;");
    }
}
