//! Turning file bytes into checkable text, and byte offsets into lines and columns.

use std::fmt;

/// The text of one file, without its byte-order mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The text as checked; every finding's offsets point into it.
    pub text: String,
    /// Bytes that preceded `text` in the file (3 for a UTF-8 BOM, else 0). Output formats
    /// that promise file offsets add it.
    pub bom_len: usize,
    /// The file was UTF-16 and has been decoded; fixes cannot be written back byte-exact.
    pub transcoded: bool,
    /// For a decoded UTF-16 file: UTF-16 code units before every `BLOCK`-th byte of
    /// `text` (as decoded), so that `file_offset` costs at most a block of counting.
    utf16_units_before_block: Vec<usize>,
}

/// Why a file's bytes are not text mtlint can check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not valid UTF-8; `offset` is the file offset of the first bad byte.
    InvalidUtf8 { offset: usize },
    /// Looks like a binary file (a NUL byte at `offset`).
    Binary { offset: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { offset } => {
                write!(f, "not valid UTF-8: bad byte at offset {offset}")
            }
            DecodeError::Binary { offset } => {
                write!(f, "binary file (NUL byte at offset {offset}), skipped")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How far into an invalid file a NUL byte is looked for (as Git does).
const BINARY_SNIFF_LEN: usize = 8000;

impl SourceText {
    /// Decodes file bytes: UTF-8 with or without BOM, or UTF-16 with a BOM.
    pub fn decode(bytes: &[u8]) -> Result<SourceText, DecodeError> {
        SourceText::decode_owned(bytes.to_vec())
    }

    /// Like `decode`, reusing the buffer: UTF-8 becomes the text without a copy, so a
    /// large file is in memory once.
    pub fn decode_owned(mut bytes: Vec<u8>) -> Result<SourceText, DecodeError> {
        let bom_len = if bytes.starts_with(UTF8_BOM) {
            UTF8_BOM.len()
        } else {
            if let Some(text) = decode_utf16_with_bom(&bytes)? {
                let units = text
                    .as_bytes()
                    .chunks(BLOCK)
                    .scan(0, |seen, block| {
                        let before = *seen;
                        *seen += utf16_units(block);
                        Some(before)
                    })
                    .collect();
                return Ok(SourceText {
                    text,
                    bom_len: 2,
                    transcoded: true,
                    utf16_units_before_block: units,
                });
            }
            0
        };
        bytes.drain(..bom_len);
        let text = String::from_utf8(bytes)
            .map_err(|e| invalid_or_binary(e.as_bytes(), e.utf8_error().valid_up_to(), bom_len))?;
        if let Some(pos) = memchr::memchr(0, text.as_bytes()) {
            return Err(DecodeError::Binary {
                offset: bom_len + pos,
            });
        }
        Ok(SourceText {
            text,
            bom_len,
            transcoded: false,
            utf16_units_before_block: Vec::new(),
        })
    }

    /// A byte offset of `text` as an offset into the file: after the BOM, and for a
    /// UTF-16 file, two bytes per UTF-16 code unit before it.
    pub fn file_offset(&self, offset: usize) -> usize {
        if !self.transcoded {
            return offset + self.bom_len;
        }
        let block = offset / BLOCK;
        let before = self.utf16_units_before_block.get(block).copied();
        let units = match before {
            Some(before) => before + utf16_units(&self.text.as_bytes()[block * BLOCK..offset]),
            // Not built (a text changed since it was decoded): count from the start.
            None => utf16_units(&self.text.as_bytes()[..offset.min(self.text.len())]),
        };
        self.bom_len + 2 * units
    }

    /// Text that came from a string already (standard input as text, an editor buffer).
    pub fn from_string(text: String) -> SourceText {
        match text.strip_prefix('\u{FEFF}') {
            Some(rest) => SourceText {
                text: rest.to_string(),
                bom_len: 3,
                transcoded: false,
                utf16_units_before_block: Vec::new(),
            },
            None => SourceText {
                text,
                bom_len: 0,
                transcoded: false,
                utf16_units_before_block: Vec::new(),
            },
        }
    }
}

/// The error for bytes that are valid UTF-8 up to `valid_up_to`; `base` is the offset of
/// `bytes` in the file.
fn invalid_or_binary(bytes: &[u8], valid_up_to: usize, base: usize) -> DecodeError {
    // A NUL before the encoding error, or in the first bytes (where most binary formats,
    // such as PNG or JPEG, start with a byte that is not UTF-8), means binary.
    let scan = valid_up_to.max(bytes.len().min(BINARY_SNIFF_LEN));
    match bytes[..scan].iter().position(|&b| b == 0) {
        Some(pos) => DecodeError::Binary { offset: base + pos },
        None => DecodeError::InvalidUtf8 {
            offset: base + valid_up_to,
        },
    }
}

fn decode_utf16_with_bom(bytes: &[u8]) -> Result<Option<String>, DecodeError> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = &bytes[2..];
    let units = body.chunks(2).map(|pair| {
        let pair = [pair[0], *pair.get(1).unwrap_or(&0)];
        if little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let mut text = String::with_capacity(body.len() / 2);
    for (i, unit) in char::decode_utf16(units).enumerate() {
        match unit {
            Ok(c) => text.push(c),
            Err(_) => return Err(DecodeError::InvalidUtf8 { offset: 2 + i * 2 }),
        }
    }
    if body.len() % 2 == 1 {
        return Err(DecodeError::InvalidUtf8 {
            offset: bytes.len() - 1,
        });
    }
    Ok(Some(text))
}

/// Maps byte offsets to 1-based lines and columns. Columns count Unicode scalar values,
/// so a curly quote or a CJK character is one column. A CR before LF ends the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Characters before every `BLOCK`-th byte, so that a column on a very long line costs
    /// at most one block of counting, not the whole line.
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 4096;

/// UTF-16 code units of the characters that start in `bytes`: one for each, two for
/// those of four UTF-8 bytes (outside the Basic Multilingual Plane).
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| match b {
            0xF0..=0xFF => 2,
            _ if (b & 0xC0) == 0x80 => 0,
            _ => 1,
        })
        .sum()
}

/// Characters that start in `bytes` (every byte that is not a UTF-8 continuation byte).
fn count_chars(bytes: &[u8]) -> usize {
    if bytes.is_ascii() {
        return bytes.len();
    }
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        let mut chars_before_block = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut seen = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            chars_before_block.push(seen);
            seen += count_chars(block);
        }
        chars_before_block.push(seen);
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// Characters before byte `offset` of `text`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        self.chars_before_block[block] + count_chars(&text.as_bytes()[block * BLOCK..offset])
    }

    /// The 0-based line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_of(offset);
        let start = self.starts[line];
        // On a short line, counting from its start reads less than two blocks' counts.
        let chars = if offset - start <= BLOCK {
            count_chars(&text.as_bytes()[start..offset])
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        Position {
            line: line + 1,
            column: chars + 1,
        }
    }

    /// 1-based column counted in another unit (bytes, UTF-16 code units).
    pub fn column_in(&self, text: &str, offset: usize, unit: fn(char) -> usize) -> usize {
        let start = self.starts[self.line_of(offset)];
        text[start..offset].chars().map(unit).sum::<usize>() + 1
    }

    /// Byte range of a 0-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// Byte offset of a 0-based line and a column counted in `unit`s, clamped to the line.
    pub fn offset_of(
        &self,
        text: &str,
        line: usize,
        column: usize,
        unit: fn(char) -> usize,
    ) -> usize {
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let range = self.line_range(text, line);
        let mut seen = 0;
        for (i, c) in text[range.clone()].char_indices() {
            if seen >= column {
                return start + i;
            }
            seen += unit(c);
        }
        range.end
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "a’b\n“x” y";
        let index = LineIndex::new(text);
        let y = text.find('y').unwrap();
        assert_eq!(index.position(text, y), Position { line: 2, column: 5 });
        let b = text.find('b').unwrap();
        assert_eq!(index.position(text, b), Position { line: 1, column: 3 });
    }

    #[test]
    fn columns_on_long_lines_cross_blocks() {
        let text = format!("{}é{}x", "a".repeat(BLOCK - 1), "b".repeat(3 * BLOCK));
        let index = LineIndex::new(&text);
        let x = text.len() - 1;
        assert_eq!(
            index.position(&text, x).column,
            text[..x].chars().count() + 1
        );
    }

    #[test]
    fn crlf_lines_match_lf_lines() {
        let lf = "one\ntwo three\n";
        let crlf = "one\r\ntwo three\r\n";
        let (a, b) = (LineIndex::new(lf), LineIndex::new(crlf));
        let pa = a.position(lf, lf.find("three").unwrap());
        let pb = b.position(crlf, crlf.find("three").unwrap());
        assert_eq!(pa, pb);
        assert_eq!(&crlf[b.line_range(crlf, 0)], "one");
    }

    #[test]
    fn bom_is_stripped_and_remembered() {
        let source = SourceText::decode(b"\xEF\xBB\xBFhello").unwrap();
        assert_eq!(source.text, "hello");
        assert_eq!(source.bom_len, 3);
    }

    #[test]
    fn invalid_utf8_reports_offset() {
        let err = SourceText::decode(b"abc\xFFdef").unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 3 });
    }

    #[test]
    fn nul_byte_means_binary() {
        let err = SourceText::decode(b"PK\x03\x04\x00\x00").unwrap_err();
        assert!(matches!(err, DecodeError::Binary { offset: 4 }));
    }

    #[test]
    fn binary_that_starts_with_invalid_utf8_is_binary() {
        // PNG: 0x89 is not UTF-8, the first NUL comes after it.
        let err = SourceText::decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap_err();
        assert_eq!(err, DecodeError::Binary { offset: 8 });
        // Invalid text without a NUL stays invalid UTF-8.
        let err = SourceText::decode(b"\x89 text").unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 0 });
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "hé".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let source = SourceText::decode(&bytes).unwrap();
        assert_eq!(source.text, "hé");
        assert!(source.transcoded);
    }

    #[test]
    fn utf16_file_offsets_count_code_units() {
        // Long enough to cross blocks; an emoji is two code units, an accent one.
        let text = format!("a😀é\n{}x😀y", "é".repeat(BLOCK));
        for big_endian in [false, true] {
            let mut bytes = if big_endian {
                vec![0xFE, 0xFF]
            } else {
                vec![0xFF, 0xFE]
            };
            for unit in text.encode_utf16() {
                bytes.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            let source = SourceText::decode(&bytes).unwrap();
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let expected = 2 + 2 * text[..offset].encode_utf16().count();
                assert_eq!(source.file_offset(offset), expected, "offset {offset}");
            }
        }
        let utf8 = SourceText::decode(b"\xEF\xBB\xBFab").unwrap();
        assert_eq!(utf8.file_offset(1), 4);
    }
}
