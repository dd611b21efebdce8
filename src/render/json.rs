//! A JSON array of findings. The schema is documented in the README and kept stable.

use serde::Serialize;

use super::FileReport;

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
    let all = findings(reports);
    let mut out = serde_json::to_string_pretty(&all).expect("findings serialize");
    out.push('\n');
    out
}

/// Every finding of every report, in order.
pub(crate) fn findings<'a>(reports: &'a [FileReport<'a>]) -> Vec<JsonFinding<'a>> {
    let mut all = Vec::new();
    for report in reports {
        for finding in report.findings {
            let (start, end) = report.locate(finding);
            all.push(JsonFinding {
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
                fix: finding.rule.fix.as_str(),
                edits: finding
                    .suggestions
                    .iter()
                    .map(|s| JsonEdit {
                        byte_start: report.file_offset(s.range.start),
                        byte_end: report.file_offset(s.range.end),
                        replacement: &s.replacement,
                    })
                    .collect(),
            });
        }
    }
    all
}
