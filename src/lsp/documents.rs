//! The open documents: their text as the editor has it, kept up to date from
//! `didOpen` and `didChange`.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::positions::{Encoding, PositionMap};
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

/// One open document. The text is shared with the checker thread without copying.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: Arc<String>,
    pub version: i32,
    pub syntax: Syntax,
    /// Changes with every change of the text (the client's version may not: `didSave`
    /// with text), so that results can be kept for exactly one text.
    pub revision: u64,
}

impl Document {
    /// Applies `didChange` content changes in order: a change without a range replaces
    /// the whole text, one with a range replaces that range.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = Arc::new(change.text),
                Some(range) => {
                    let bytes = PositionMap::new(&self.text, encoding).byte_range(range);
                    Arc::make_mut(&mut self.text).replace_range(bytes, &change.text);
                }
            }
        }
        self.version = version;
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
        let mut doc = Document {
            text: Arc::new("😀 a’b\nline two".into()),
            version: 1,
            syntax: Syntax::Plain,
            revision: 0,
        };
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
