//! A JSON array of findings. The schema is documented in the README and kept stable.

use serde::Serialize;

use super::FileReport;
use super::json_writer::Elements;
use crate::finding::Finding;

/// One finding as the `json` and `jsonl` formats write it.
#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    category: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    byte_start: usize,
    byte_end: usize,
    matched: &'a str,
    suggestions: Vec<&'a str>,
    fix: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    byte_start: usize,
    byte_end: usize,
    replacement: &'a str,
}

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Json,
        reports,
        super::RenderOptions::default(),
    )
}

/// The nesting of the array of findings: the whole output.
pub(crate) const DEPTH: usize = 0;

/// One file's elements of the array.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut elements = Elements::expecting(DEPTH, report.findings.len());
    for finding in report.findings {
        elements.push(&json_finding(report, finding));
    }
    elements.into_text()
}

/// One finding as the `json` and `jsonl` formats write it.
pub(crate) fn json_finding<'a>(
    report: &'a FileReport<'a>,
    finding: &'a Finding,
) -> JsonFinding<'a> {
    let (start, end) = report.locate(finding);
    JsonFinding {
        path: report.path,
        rule: &finding.rule.id,
        category: &finding.rule.category,
        severity: finding.severity.as_str(),
        message: &finding.message,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_start: report.file_offset(finding.span.start),
        byte_end: report.file_offset(finding.span.end),
        matched: finding.matched(&report.source.text),
        suggestions: finding
            .suggestions
            .iter()
            .map(|s| s.replacement.as_str())
            .collect(),
        fix: finding.fix.as_str(),
        edits: finding
            .suggestions
            .iter()
            .map(|s| JsonEdit {
                byte_start: report.file_offset(s.range.start),
                byte_end: report.file_offset(s.range.end),
                replacement: &s.replacement,
            })
            .collect(),
    }
}
