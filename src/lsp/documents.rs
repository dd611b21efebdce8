//! The open documents: their text as the editor has it, kept up to date from
//! `didOpen` and `didChange`.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::positions::{Encoding, Lines, PositionMap};
use crate::document::Syntax;

/// How a document is read: from the client's language id, or, when the id says nothing,
/// from the file name, as the command line decides it.
pub fn detect_syntax(language_id: &str, uri: &Uri) -> Syntax {
    match language_id {
        "markdown" | "mdx" => Syntax::Markdown,
        "plaintext" | "text" => Syntax::Plain,
        _ => crate::workspace::syntax_of(uri.path().as_str()),
    }
}

/// One open document. The text and its line table are shared with the checker thread
/// without copying; an edit copies them only while the checker holds this revision.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: Arc<String>,
    /// The line table of `text`, kept up to date edit by edit.
    pub lines: Arc<Lines>,
    pub version: i32,
    pub syntax: Syntax,
    /// Changes with every change of the text (the client's version may not: `didSave`
    /// with text), so that results can be kept for exactly one text.
    pub revision: u64,
}

impl Document {
    pub fn new(text: String, version: i32, syntax: Syntax) -> Document {
        let lines = Arc::new(Lines::new(&text));
        Document {
            text: Arc::new(text),
            lines,
            version,
            syntax,
            revision: 0,
        }
    }

    /// Replaces the whole text.
    pub fn replace(&mut self, text: String) {
        self.lines = Arc::new(Lines::new(&text));
        self.text = Arc::new(text);
    }

    /// Applies `didChange` content changes in order: a change without a range replaces
    /// the whole text, one with a range replaces that range. A ranged change costs the
    /// lines it touches and a move of the text after it, never a rescan of the text.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.replace(change.text),
                Some(range) => {
                    let bytes =
                        PositionMap::with_lines(&self.text, Arc::clone(&self.lines), encoding)
                            .byte_range(range);
                    let text = Arc::make_mut(&mut self.text);
                    text.replace_range(bytes.clone(), &change.text);
                    Arc::make_mut(&mut self.lines).splice(text, bytes, change.text.len());
                }
            }
        }
        self.version = version;
    }

    pub fn map(&self, encoding: Encoding) -> PositionMap<'_> {
        PositionMap::with_lines(&self.text, Arc::clone(&self.lines), encoding)
    }
}

#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<Uri, Document>,
    revisions: u64,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, mut document: Document) {
        document.revision = self.next_revision();
        self.open.insert(uri, document);
    }

    /// Changes an open document (a new revision); `false` if it is not open.
    pub fn update(&mut self, uri: &Uri, change: impl FnOnce(&mut Document)) -> bool {
        let revision = self.next_revision();
        match self.open.get_mut(uri) {
            Some(document) => {
                change(document);
                document.revision = revision;
                true
            }
            None => false,
        }
    }

    fn next_revision(&mut self) -> u64 {
        self.revisions += 1;
        self.revisions
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Uri, &Document)> {
        self.open.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};
    use std::str::FromStr;

    fn change(
        range: Option<((u32, u32), (u32, u32))>,
        text: &str,
    ) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range
                .map(|((a, b), (c, d))| Range::new(Position::new(a, b), Position::new(c, d))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_changes_use_the_negotiated_encoding() {
        let mut doc = Document::new("😀 a’b\nline two".into(), 1, Syntax::Plain);
        // UTF-16: the emoji is 2 units, so `a` is at column 3.
        doc.apply_changes(
            2,
            vec![
                change(Some(((0, 3), (0, 4))), "A"),
                change(Some(((1, 0), (1, 4))), "LINE"),
                change(Some(((1, 8), (1, 8))), "!"),
            ],
            Encoding::Utf16,
        );
        assert_eq!(doc.text.as_str(), "😀 A’b\nLINE two!");
        assert_eq!(doc.version, 2);
        // UTF-8: `b` is at byte 4 + 1 + 1 + 3.
        doc.apply_changes(
            3,
            vec![change(Some(((0, 9), (0, 10))), "B")],
            Encoding::Utf8,
        );
        assert_eq!(doc.text.as_str(), "😀 A’B\nLINE two!");
        doc.apply_changes(4, vec![change(None, "new")], Encoding::Utf8);
        assert_eq!(doc.text.as_str(), "new");
    }

    /// The LSP position of a byte offset, counted without the server's line table: lines
    /// end at CRLF, LF or CR; columns are UTF-16 units.
    fn utf16_position(text: &str, offset: usize) -> Position {
        let before = &text[..offset];
        let breaks = before.replace("\r\n", "\n").matches(['\n', '\r']).count();
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let column: usize = before[line_start..].chars().map(char::len_utf16).sum();
        Position::new(breaks as u32, column as u32)
    }

    proptest::proptest! {
        /// Ranged edits in UTF-16 positions over multibyte text, one by one, give the text
        /// that full sync (the client sending the whole text) gives, and a line table
        /// equal to one built from scratch.
        #[test]
        fn ranged_edits_give_the_text_of_full_sync(
            start in "[a“”😀é中\n\r ]{0,40}",
            edits in proptest::collection::vec(
                (0usize..64, 0usize..8, "[b’😀\n\r\u{e9}x]{0,4}"),
                1..25,
            ),
        ) {
            let mut ranged = Document::new(start.clone(), 1, Syntax::Plain);
            let mut full = Document::new(start.clone(), 1, Syntax::Plain);
            let mut expected = start;
            for (version, (at, len, insert)) in edits.into_iter().enumerate() {
                // Character boundaries that do not split a CRLF (no position names those).
                let ends: Vec<usize> = (0..=expected.len())
                    .filter(|&i| expected.is_char_boundary(i))
                    .filter(|&i| !(expected[..i].ends_with('\r') && expected[i..].starts_with('\n')))
                    .collect();
                let a = ends[at % ends.len()];
                let b = ends[(ends.iter().position(|&e| e == a).unwrap() + len).min(ends.len() - 1)];
                let range = Range::new(utf16_position(&expected, a), utf16_position(&expected, b));
                expected.replace_range(a..b, &insert);
                let version = version as i32 + 2;
                ranged.apply_changes(
                    version,
                    vec![TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: insert }],
                    Encoding::Utf16,
                );
                full.apply_changes(version, vec![change(None, &expected)], Encoding::Utf16);
                proptest::prop_assert_eq!(ranged.text.as_str(), expected.as_str());
                proptest::prop_assert_eq!(ranged.text.as_str(), full.text.as_str());
                proptest::prop_assert_eq!(ranged.version, full.version);
                let fresh = Lines::new(&expected);
                proptest::prop_assert_eq!(ranged.lines.count(), fresh.count());
                for line in 0..fresh.count() {
                    proptest::prop_assert_eq!(ranged.lines.start(line), fresh.start(line));
                }
            }
        }
    }

    #[test]
    fn syntax_from_language_or_extension() {
        let md = Uri::from_str("file:///a/notes.MD").unwrap();
        let mkd = Uri::from_str("file:///a/notes.mkd").unwrap();
        let txt = Uri::from_str("file:///a/notes.txt").unwrap();
        assert_eq!(detect_syntax("", &md), Syntax::Markdown);
        assert_eq!(detect_syntax("", &mkd), Syntax::Markdown);
        assert_eq!(detect_syntax("markdown", &txt), Syntax::Markdown);
        assert_eq!(detect_syntax("plaintext", &md), Syntax::Plain);
        assert_eq!(detect_syntax("", &txt), Syntax::Plain);
    }
}
