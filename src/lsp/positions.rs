//! LSP positions: a 0-based line and a column counted in the negotiated encoding's code
//! units. mtlint works in byte offsets; this module converts both ways.
//!
//! Lines end as LSP says they do: at CRLF, LF or a lone CR. (The command line's reports
//! count LF only, as line-based tools do.)

use std::sync::Arc;

use lsp_types::{ClientCapabilities, PositionEncodingKind};

/// The unit columns are counted in, agreed at `initialize` (LSP 3.17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the LSP default; an astral character (an emoji) counts 2.
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

impl Encoding {
    /// Picks the encoding from the client's `general.positionEncodings`: UTF-8 if offered
    /// (no conversion cost), else UTF-32, else UTF-16, which every client must support.
    pub fn negotiate(capabilities: &ClientCapabilities) -> Encoding {
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref())
            .unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// How many code units a character takes.
    pub fn unit(self) -> fn(char) -> usize {
        match self {
            Encoding::Utf8 => char::len_utf8,
            Encoding::Utf16 => char::len_utf16,
            Encoding::Utf32 => |_| 1,
        }
    }
}

/// Where the lines of a text start, with CRLF, LF and a lone CR each ending one.
#[derive(Debug, Clone)]
pub struct Lines {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        scan_starts(text.as_bytes(), 0, text.len(), &mut starts);
        Lines { starts }
    }

    /// Updates the table after `old` (a byte range of the text before) was replaced by
    /// `inserted` bytes; `text` is the text after. Only the lines around the edit are
    /// read again: the cost grows with the edited lines and the number of lines after
    /// them, never with a rescan of the whole text.
    pub fn splice(&mut self, text: &str, old: std::ops::Range<usize>, inserted: usize) {
        // A line start depends on the two bytes before it (CRLF is one break), so the
        // scan starts a line before the edit, and ends at the first start after it,
        // whose bytes the edit did not touch.
        let first = self.line_of(old.start).saturating_sub(1);
        let from = self.starts[first];
        let keep = self.starts.partition_point(|&s| s <= old.end);
        let shift = |s: usize| s - old.len() + inserted;
        let until = self.starts.get(keep).map_or(text.len(), |&s| shift(s));
        let mut fresh = Vec::new();
        scan_starts(text.as_bytes(), from, until, &mut fresh);
        if keep < self.starts.len() {
            // `until` is a start that the tail keeps.
            fresh.pop_if(|s| *s == until);
        }
        for s in &mut self.starts[keep..] {
            *s = shift(*s);
        }
        self.starts.splice(first + 1..keep, fresh);
    }

    /// The 0-based line that holds `offset` (a line break belongs to the line it ends).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// How many lines the text has (an empty text has one).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where a 0-based line starts (`None` past the last line).
    pub fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// Byte range of a 0-based line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let next = self.starts.get(line + 1).map_or(text.len(), |&s| s);
        let content = text[start..next].trim_end_matches(['\n', '\r']);
        start..start + content.len()
    }

    /// The line break that ends a 0-based line (`""` on the last line).
    pub fn line_break<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let end = self.line_range(text, line).end;
        let next = self.starts.get(line + 1).map_or(text.len(), |&s| s);
        &text[end..next]
    }
}

/// Pushes the start of every line that begins after a line break in `bytes[from..until]`
/// (a CRLF counts once, and may end just past `until`).
fn scan_starts(bytes: &[u8], from: usize, until: usize, starts: &mut Vec<usize>) {
    let mut i = from;
    while let Some(at) = bytes[i..until]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
    {
        let end = i + at;
        i = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        starts.push(i);
        if i >= until {
            return;
        }
    }
}

/// Converts between byte offsets into one text and LSP positions.
#[derive(Debug)]
pub struct PositionMap<'t> {
    text: &'t str,
    index: Arc<Lines>,
    encoding: Encoding,
}

impl<'t> PositionMap<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> PositionMap<'t> {
        PositionMap {
            text,
            index: Arc::new(Lines::new(text)),
            encoding,
        }
    }

    /// A map over lines already found (`lines` must be `Lines::new(text)`).
    pub fn with_lines(text: &'t str, lines: Arc<Lines>, encoding: Encoding) -> PositionMap<'t> {
        PositionMap {
            text,
            index: lines,
            encoding,
        }
    }

    /// The line table, to keep for another map over the same text.
    pub fn lines(&self) -> Arc<Lines> {
        Arc::clone(&self.index)
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn index(&self) -> &Lines {
        &self.index
    }

    /// The position of a byte offset (clamped to the text, rounded down to a character).
    pub fn position(&self, offset: usize) -> lsp_types::Position {
        let offset = crate::text::floor_char_boundary(self.text, offset);
        let line = self.index.line_of(offset);
        let start = self.index.starts[line];
        let unit = self.encoding.unit();
        let column: usize = self.text[start..offset].chars().map(unit).sum();
        lsp_types::Position::new(to_u32(line), to_u32(column))
    }

    /// The byte offset of a position. A column past the end of its line means the end of
    /// the line; a line past the end of the text means the end of the text; a column
    /// inside a character (half a surrogate pair) means the end of that character.
    pub fn offset(&self, position: lsp_types::Position) -> usize {
        let line = position.line as usize;
        let Some(start) = self.index.start(line) else {
            return self.text.len();
        };
        let range = self.index.line_range(self.text, line);
        let (column, unit) = (position.character as usize, self.encoding.unit());
        let mut seen = 0;
        for (i, c) in self.text[range.clone()].char_indices() {
            if seen >= column {
                return start + i;
            }
            seen += unit(c);
        }
        range.end
    }

    pub fn range(&self, bytes: std::ops::Range<usize>) -> lsp_types::Range {
        lsp_types::Range::new(self.position(bytes.start), self.position(bytes.end))
    }

    /// The byte range of an LSP range; an inverted range is put in order.
    pub fn byte_range(&self, range: lsp_types::Range) -> std::ops::Range<usize> {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{GeneralClientCapabilities, Position};

    /// Curly quotes (3 bytes, 1 UTF-16 unit), an em dash (3, 1), CJK (3, 1) and an emoji
    /// (4 bytes, 2 UTF-16 units).
    const TEXT: &str = "“Quote” — 中文 😀 end\nsecond line";

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap()
    }

    fn caps(encodings: Option<Vec<PositionEncodingKind>>) -> ClientCapabilities {
        ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: encodings,
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32_then_utf16() {
        use PositionEncodingKind as K;
        let pick = |e| Encoding::negotiate(&caps(e));
        assert_eq!(
            pick(Some(vec![K::UTF16, K::UTF32, K::UTF8])),
            Encoding::Utf8
        );
        assert_eq!(pick(Some(vec![K::UTF16, K::UTF32])), Encoding::Utf32);
        assert_eq!(pick(Some(vec![K::UTF16])), Encoding::Utf16);
        assert_eq!(pick(Some(vec![])), Encoding::Utf16);
        assert_eq!(pick(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(&ClientCapabilities::default()),
            Encoding::Utf16
        );
        assert_eq!(pick(Some(vec![K::new("utf-7")])), Encoding::Utf16);
    }

    fn round_trip(encoding: Encoding, text: &str) {
        let map = PositionMap::new(text, encoding);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            // Between the CR and LF of a CRLF: no position names it.
            if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                continue;
            }
            let position = map.position(offset);
            assert_eq!(map.offset(position), offset, "{encoding:?} at {offset}");
        }
    }

    #[test]
    fn utf16_counts_astral_characters_twice() {
        let map = PositionMap::new(TEXT, Encoding::Utf16);
        // “ Q u o t e ” ␠ — ␠ 中 文 ␠ 😀 ␠ e
        assert_eq!(map.position(at(TEXT, "Quote")), Position::new(0, 1));
        assert_eq!(map.position(at(TEXT, "—")), Position::new(0, 8));
        assert_eq!(map.position(at(TEXT, "中")), Position::new(0, 10));
        assert_eq!(map.position(at(TEXT, "😀")), Position::new(0, 13));
        assert_eq!(map.position(at(TEXT, "end")), Position::new(0, 16));
        assert_eq!(map.position(at(TEXT, "line")), Position::new(1, 7));
        assert_eq!(map.offset(Position::new(0, 16)), at(TEXT, "end"));
        // Half an emoji rounds to the character after it.
        assert_eq!(map.offset(Position::new(0, 14)), at(TEXT, "😀") + 4);
        round_trip(Encoding::Utf16, TEXT);
    }

    #[test]
    fn utf8_counts_bytes() {
        let map = PositionMap::new(TEXT, Encoding::Utf8);
        assert_eq!(map.position(at(TEXT, "Quote")), Position::new(0, 3));
        assert_eq!(
            map.position(at(TEXT, "end")),
            Position::new(0, at(TEXT, "end") as u32)
        );
        assert_eq!(map.offset(Position::new(0, 3)), at(TEXT, "Quote"));
        assert_eq!(map.position(at(TEXT, "line")), Position::new(1, 7));
        round_trip(Encoding::Utf8, TEXT);
    }

    #[test]
    fn utf32_counts_characters() {
        let map = PositionMap::new(TEXT, Encoding::Utf32);
        assert_eq!(map.position(at(TEXT, "—")), Position::new(0, 8));
        assert_eq!(map.position(at(TEXT, "😀")), Position::new(0, 13));
        assert_eq!(map.position(at(TEXT, "end")), Position::new(0, 15));
        assert_eq!(map.offset(Position::new(0, 15)), at(TEXT, "end"));
        round_trip(Encoding::Utf32, TEXT);
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "Title line\rThe agency sent food food\r\nthird\n\rfifth\r";
        let map = PositionMap::new(text, Encoding::Utf16);
        assert_eq!(map.position(at(text, "The")), Position::new(1, 0));
        assert_eq!(
            map.position(at(text, "food food") + 5),
            Position::new(1, 21)
        );
        assert_eq!(map.position(at(text, "third")), Position::new(2, 0));
        assert_eq!(map.position(at(text, "fifth")), Position::new(4, 0));
        assert_eq!(map.position(text.len()), Position::new(5, 0));
        assert_eq!(map.offset(Position::new(1, 4)), at(text, "agency"));
        assert_eq!(map.offset(Position::new(0, 99)), at(text, "\r"));
        let lines = map.index();
        assert_eq!(
            &text[lines.line_range(text, 1)],
            "The agency sent food food"
        );
        assert_eq!(lines.line_break(text, 0), "\r");
        assert_eq!(lines.line_break(text, 1), "\r\n");
        assert_eq!(lines.line_break(text, 3), "\r");
        assert_eq!(&text[lines.line_range(text, 3)], "");
        round_trip(Encoding::Utf16, text);
        round_trip(Encoding::Utf8, "a\r\rb\r\n\nc😀\r");
    }

    #[test]
    fn a_spliced_table_is_the_table_of_the_new_text() {
        let texts = [
            "",
            "a",
            "ab\r\ncd\n",
            "\r\n\r\n",
            "x\ry\n\rz\r",
            "😀\n“a”\r\nb",
        ];
        let inserts = ["", "\n", "\r", "\r\n", "a\nb", "\n\r", "é\r\n\n", "😀"];
        for text in texts {
            let ends: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &a in &ends {
                for &b in ends.iter().filter(|&&b| b >= a) {
                    for insert in inserts {
                        let mut new = text.to_string();
                        new.replace_range(a..b, insert);
                        let mut lines = Lines::new(text);
                        lines.splice(&new, a..b, insert.len());
                        assert_eq!(
                            lines.starts,
                            Lines::new(&new).starts,
                            "{text:?} with {a}..{b} replaced by {insert:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let map = PositionMap::new(text, Encoding::Utf16);
        assert_eq!(
            map.offset(Position::new(0, 99)),
            2,
            "end of line, before CR"
        );
        assert_eq!(map.offset(Position::new(7, 0)), text.len());
        assert_eq!(map.position(99), Position::new(1, 2));
        assert_eq!(map.position(at(text, "cd")), Position::new(1, 0));
        assert_eq!(
            map.byte_range(lsp_types::Range::new(
                Position::new(1, 1),
                Position::new(0, 1)
            )),
            1..5
        );
    }
}
