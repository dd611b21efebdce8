//! Output formats, one module each. A renderer turns reports into a string, or writes a
//! file at a time to a writer it is given ([`stream`]); it never prints. Lines and columns
//! are computed here, from byte offsets, and nowhere else.

pub mod checkstyle;
pub mod editor;
pub mod escape;
pub mod github;
pub mod gitlab;
mod held;
pub mod human;
pub mod json;
pub mod json_writer;
pub mod jsonl;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod stream;
pub mod xml;

pub use stream::{Emitter, FilePart, Stream, Totals, render_file};

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

    /// A byte offset of the text as an offset into the file (after any BOM; in a UTF-16
    /// file, in its bytes).
    pub fn file_offset(&self, offset: usize) -> usize {
        self.source.file_offset(offset)
    }

    /// 1-based column of a byte offset counted in UTF-8 bytes (the BOM is not counted:
    /// like every column, it is that of the text without it).
    pub fn byte_column(&self, offset: usize) -> usize {
        let line = self.index.line_of(offset);
        offset - self.index.line_range(&self.source.text, line).start + 1
    }
}

/// The output formats. Their `--format` names come from here (`clap::ValueEnum`: the
/// variant's name in kebab case), and so do the lists of them in `--help` and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Editor,
    Json,
    Jsonl,
    Github,
    Sarif,
    Rdjson,
    Rdjsonl,
    Checkstyle,
    Junit,
    Gitlab,
}

impl Format {
    /// The format of a `--format` name.
    pub fn from_name(name: &str) -> Option<Format> {
        <Format as clap::ValueEnum>::from_str(name, false).ok()
    }
}

impl std::fmt::Display for Format {
    /// The `--format` name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = clap::ValueEnum::to_possible_value(self).expect("no format is skipped");
        f.write_str(value.get_name())
    }
}

/// Options shared by the renderers.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub color: bool,
}

/// Renders every report in `format`: the parts of [`render_file`] put together by a
/// [`Stream`], in memory.
pub fn render(format: Format, reports: &[FileReport<'_>], options: RenderOptions) -> String {
    let mut out = Vec::new();
    render_to(format, reports, options, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("renderers write UTF-8")
}

fn render_to(
    format: Format,
    reports: &[FileReport<'_>],
    options: RenderOptions,
    out: &mut Vec<u8>,
) -> std::io::Result<()> {
    let mut stream = Stream::new(format);
    stream.start(out)?;
    for report in reports {
        stream.push(render_file(format, report, options), out)?;
    }
    stream.finish(out)
}

#[cfg(test)]
mod tests {
    use super::Format;
    use clap::ValueEnum;

    #[test]
    fn every_name_parses_back() {
        for &format in Format::value_variants() {
            assert_eq!(Format::from_name(&format.to_string()), Some(format));
        }
        assert_eq!(Format::Rdjsonl.to_string(), "rdjsonl");
        assert_eq!(Format::from_name("xml"), None);
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! The fixed input of the snapshot tests: real rules on three small files.

    use super::FileReport;
    use crate::finding::Finding;
    use crate::linter::Linter;
    use crate::source::SourceText;

    /// A file whose path holds characters that formats must escape, with a BOM, CRLF line
    /// endings, and curly quotes and CJK text before the findings (so character and byte
    /// columns differ); a Markdown file with the same defect twice; and a clean file.
    const FILES: &[(&str, &[u8])] = &[
        (
            "docs/q&a: 50%, <draft>.txt",
            "\u{FEFF}“東京” officials said it is more in addition dependent.\r\n\
             中国 said its nuclear power. program stalled.\r\n"
                .as_bytes(),
        ),
        (
            "b.md",
            b" date 2021-03-23 Leaders met <today> & \"talked\".\n\
              They traded sharp and unusually public beards in Alaska.\n\n\
              It is more in addition dependent. Yes.\n\n\
              It is more in addition dependent. Yes.\n",
        ),
        ("clean.txt", b"A clean paragraph.\n"),
    ];

    /// Calls `f` with the reports of the sample files.
    pub fn with_sample_reports<R>(f: impl FnOnce(&[FileReport<'_>]) -> R) -> R {
        let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
        let checked: Vec<(&str, SourceText, Vec<Finding>)> = FILES
            .iter()
            .map(|(path, bytes)| {
                let source = SourceText::decode(bytes).expect("sample decodes");
                let findings = linter.check(&source.text);
                (*path, source, findings)
            })
            .collect();
        let reports: Vec<FileReport<'_>> = checked
            .iter()
            .map(|(path, source, findings)| FileReport::new(path, source, findings))
            .collect();
        f(&reports)
    }
}
