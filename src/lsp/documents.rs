//! The open documents: their text as the editor has it, kept up to date from
//! `didOpen` and `didChange`.

use std::collections::HashMap;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::positions::{Encoding, PositionMap};

/// What kind of text a document is, for the comment syntax of suppressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Markdown,
    Plain,
}

impl Flavor {
    /// How the checker reads a document of this flavor.
    pub fn syntax(self) -> crate::document::Syntax {
        match self {
            Flavor::Markdown => crate::document::Syntax::Markdown,
            Flavor::Plain => crate::document::Syntax::Plain,
        }
    }

    /// From the client's language id, or the file extension when the id says nothing.
    pub fn detect(language_id: &str, uri: &Uri) -> Flavor {
        match language_id {
            "markdown" | "mdx" => return Flavor::Markdown,
            "plaintext" | "text" => return Flavor::Plain,
            _ => {}
        }
        let path = uri.path().as_str().to_ascii_lowercase();
        if [".md", ".markdown", ".mdx", ".mkd"]
            .iter()
            .any(|ext| path.ends_with(ext))
        {
            Flavor::Markdown
        } else {
            Flavor::Plain
        }
    }
}

/// One open document. The text is shared with the checker thread without copying.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: Arc<String>,
    pub version: i32,
    pub flavor: Flavor,
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
}

impl Documents {
    pub fn open(&mut self, uri: Uri, document: Document) {
        self.open.insert(uri, document);
    }

    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
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
            flavor: Flavor::Plain,
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
    fn flavor_from_language_or_extension() {
        let md = Uri::from_str("file:///a/notes.MD").unwrap();
        let txt = Uri::from_str("file:///a/notes.txt").unwrap();
        assert_eq!(Flavor::detect("", &md), Flavor::Markdown);
        assert_eq!(Flavor::detect("markdown", &txt), Flavor::Markdown);
        assert_eq!(Flavor::detect("plaintext", &md), Flavor::Plain);
        assert_eq!(Flavor::detect("", &txt), Flavor::Plain);
    }
}
