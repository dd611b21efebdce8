//! LSP positions: a 0-based line and a column counted in the negotiated encoding's code
//! units. mtlint works in byte offsets; this module converts both ways.

use lsp_types::{ClientCapabilities, PositionEncodingKind};

use crate::source::LineIndex;

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

/// Converts between byte offsets into one text and LSP positions.
#[derive(Debug)]
pub struct PositionMap<'t> {
    text: &'t str,
    index: LineIndex,
    encoding: Encoding,
}

impl<'t> PositionMap<'t> {
    pub fn new(text: &'t str, encoding: Encoding) -> PositionMap<'t> {
        PositionMap {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn index(&self) -> &LineIndex {
        &self.index
    }

    /// The position of a byte offset (clamped to the text, rounded down to a character).
    pub fn position(&self, offset: usize) -> lsp_types::Position {
        let offset = crate::text::floor_char_boundary(self.text, offset);
        let line = self.index.line_of(offset);
        let column = self
            .index
            .column_in(self.text, offset, self.encoding.unit())
            - 1;
        lsp_types::Position::new(to_u32(line), to_u32(column))
    }

    /// The byte offset of a position. A column past the end of its line means the end of
    /// the line; a line past the end of the text means the end of the text; a column
    /// inside a character (half a surrogate pair) means the end of that character.
    pub fn offset(&self, position: lsp_types::Position) -> usize {
        self.index.offset_of(
            self.text,
            position.line as usize,
            position.character as usize,
            self.encoding.unit(),
        )
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
