//! reviewdog's Diagnostic Format: `rdjson` (one `DiagnosticResult` object) and `rdjsonl`
//! (one `Diagnostic` per line).
//!
//! Lines are 1-based; columns are 1-based counts of UTF-8 bytes, end exclusive, as the
//! format specifies (the BOM is not counted). Each suggestion becomes a `suggestions`
//! entry that reviewdog can offer as a suggested change.

use serde::Serialize;

use super::FileReport;
use super::json_writer::{self, Elements, split_at_last_empty_array};
use crate::finding::Severity;

#[derive(Serialize)]
struct DiagnosticResult<'a> {
    source: Source,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize, Clone, Copy)]
struct Source {
    name: &'static str,
}

const SOURCE: Source = Source { name: "mtlint" };

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: &'a str,
    location: Location<'a>,
    severity: &'static str,
    source: Source,
    code: Code<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<RdSuggestion<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct RdSuggestion<'a> {
    range: Range,
    text: &'a str,
}

/// `rdjson`: one object with every diagnostic.
pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Rdjson,
        reports,
        super::RenderOptions::default(),
    )
}

/// `rdjsonl`: one diagnostic per line.
pub fn render_lines(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Rdjsonl,
        reports,
        super::RenderOptions::default(),
    )
}

/// The nesting of the `diagnostics` array.
pub(crate) const DEPTH: usize = 1;

/// The `rdjson` object around its `diagnostics` elements.
pub(crate) fn frame() -> (String, String) {
    split_at_last_empty_array(&DiagnosticResult {
        source: SOURCE,
        diagnostics: Vec::new(),
    })
}

/// One file's elements of the `diagnostics` array.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut elements = Elements::expecting(DEPTH, report.findings.len());
    for diagnostic in diagnostics(report) {
        elements.push(&diagnostic);
    }
    elements.into_text()
}

/// One file's `rdjsonl` lines.
pub(crate) fn file_lines(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics(report) {
        out.push_str(&json_writer::compact(&diagnostic));
        out.push('\n');
    }
    out
}

/// The reviewdog severity of a finding.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn range(report: &FileReport<'_>, span: &std::ops::Range<usize>) -> Range {
    let text = &report.source.text;
    let position = |offset: usize| Position {
        line: report.index.line_of(offset) + 1,
        column: report.byte_column(offset),
    };
    debug_assert!(span.end <= text.len());
    Range {
        start: position(span.start),
        end: position(span.end),
    }
}

fn diagnostics<'a>(report: &'a FileReport<'a>) -> impl Iterator<Item = Diagnostic<'a>> {
    report.findings.iter().map(move |finding| Diagnostic {
        message: &finding.message,
        location: Location {
            path: report.path,
            range: range(report, &finding.span),
        },
        severity: severity(finding.severity),
        source: SOURCE,
        code: Code {
            value: &finding.rule.id,
            url: finding.rule.url.as_deref(),
        },
        suggestions: finding
            .suggestions
            .iter()
            .map(|s| RdSuggestion {
                range: range(report, &s.range),
                text: &s.replacement,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use crate::render::test_support::with_sample_reports;

    #[test]
    fn snapshot_rdjson() {
        insta::assert_snapshot!(with_sample_reports(super::render));
    }

    #[test]
    fn snapshot_rdjsonl() {
        let out = with_sample_reports(super::render_lines);
        for line in out.lines() {
            let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            assert_eq!(value["source"]["name"], "mtlint");
        }
        insta::assert_snapshot!(out);
    }

    #[test]
    fn columns_are_utf8_bytes() {
        with_sample_reports(|reports| {
            let a = &reports[0];
            let finding = &a.findings[0];
            let text = &a.source.text;
            let line_start = text[..finding.span.start].rfind('\n').map_or(0, |i| i + 1);
            let out: serde_json::Value =
                serde_json::from_str(&super::render(std::slice::from_ref(a))).unwrap();
            let start = &out["diagnostics"][0]["location"]["range"]["start"];
            assert_eq!(start["column"], finding.span.start - line_start + 1);
        });
    }
}
