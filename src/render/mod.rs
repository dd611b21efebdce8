//! Output formats, one module each. A renderer turns reports into a string; it never
//! prints. Lines and columns are computed here, from byte offsets, and nowhere else.

pub mod editor;
pub mod fingerprint;
pub mod human;
pub mod json;
pub mod xml;

use crate::finding::Finding;
use crate::source::{LineIndex, Position, SourceText};

/// The findings of one file, with what renderers need to place them.
pub struct FileReport<'a> {
    /// The path as the user should see it.
    pub path: &'a str,
    pub source: &'a SourceText,
    pub findings: &'a [Finding],
    pub index: LineIndex,
}

impl<'a> FileReport<'a> {
    pub fn new(path: &'a str, source: &'a SourceText, findings: &'a [Finding]) -> FileReport<'a> {
        FileReport {
            path,
            source,
            findings,
            index: LineIndex::new(&source.text),
        }
    }

    /// Start and end (exclusive) of a finding, 1-based, columns in characters.
    pub fn locate(&self, finding: &Finding) -> (Position, Position) {
        let text = &self.source.text;
        (
            self.index.position(text, finding.span.start),
            self.index.position(text, finding.span.end),
        )
    }

    /// A byte offset of the text as an offset into the file (after any BOM).
    pub fn file_offset(&self, offset: usize) -> usize {
        offset + self.source.bom_len
    }
}

/// The output formats, by their `--format` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Editor,
    Json,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["human", "editor", "json"];

    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "human" => Format::Human,
            "editor" => Format::Editor,
            "json" => Format::Json,
            _ => return None,
        })
    }
}

/// Options shared by the renderers.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub color: bool,
}

/// Renders every report in `format`.
pub fn render(format: Format, reports: &[FileReport<'_>], options: RenderOptions) -> String {
    match format {
        Format::Human => human::render(reports, options),
        Format::Editor => editor::render(reports),
        Format::Json => json::render(reports),
    }
}
