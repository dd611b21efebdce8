//! GitHub Actions workflow commands: each finding becomes an annotation on the pull
//! request's diff and the run's summary.
//!
//! `::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message`, with
//! `error`, `warning` or `notice` (for info). Columns count characters. GitHub shows at
//! most [`SHOWN_PER_LEVEL`] annotations of each level per step, so a larger run ends with
//! a line saying how many there are and pointing to SARIF.

use std::fmt::Write;

use super::{FileReport, escape};
use crate::finding::Severity;

/// Annotations of one level that GitHub shows for one step.
pub const SHOWN_PER_LEVEL: usize = 10;

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Github,
        reports,
        super::RenderOptions::default(),
    )
}

/// One file's annotations.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let (start, end) = report.locate(finding);
        let level = level(finding.severity);
        let _ = writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(report.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&finding.rule.id),
            escape_data(&finding.message),
        );
    }
    out
}

/// The line that says how many annotations GitHub leaves out, if any: `counts` holds
/// the run's findings by severity.
pub(crate) fn footer(counts: &[usize; 3]) -> String {
    let hidden: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter(|&s| counts[s as usize] > SHOWN_PER_LEVEL)
        .map(|s| format!("{} {}s", counts[s as usize], level(s)))
        .collect();
    if hidden.is_empty() {
        return String::new();
    }
    format!(
        "mtlint: {} reported; GitHub shows only the first {SHOWN_PER_LEVEL} annotations \
         of each level per step. Upload `mtlint check --format sarif` output to code \
         scanning (github/codeql-action/upload-sarif) to see every finding.\n",
        hidden.join(", ")
    )
}

/// The workflow command for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a command's message by the workflow-command rules: `%`, CR and LF become
/// `%25`, `%0D` and `%0A`, which the runner turns back into them. Other hidden characters
/// ([`escape::is_hidden`]), which the runner has no escape for, are shown as escapes:
/// nothing the log viewer would interpret reaches it.
pub fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// Escapes a property value: as [`escape_data`], and also `:` and `,` (`%3A`, `%2C`).
pub fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if escape::is_hidden(c) => escape::escape_char(c, &mut out),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::test_support::with_sample_reports;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(with_sample_reports(render));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        assert_eq!(
            escape_property("b\n::notice title=X::y\u{1b}[2J\u{0}.txt"),
            "b%0A%3A%3Anotice title=X%3A%3Ay\\u{1b}[2J\\u{0}.txt"
        );
        assert_eq!(escape_data("\u{9b}\u{202e}"), "\\u{9b}\\u{202e}");
    }

    #[test]
    fn large_runs_point_to_sarif() {
        with_sample_reports(|reports| {
            let report = reports.iter().find(|r| !r.findings.is_empty()).unwrap();
            let many: Vec<_> = std::iter::repeat_n(report.findings[0].clone(), 11).collect();
            let big = FileReport::new(report.path, report.source, &many);
            let out = render(std::slice::from_ref(&big));
            assert_eq!(out.lines().filter(|l| l.starts_with("::")).count(), 11);
            let last = out.lines().last().unwrap();
            assert!(
                last.contains("11 warnings") && last.contains("sarif"),
                "{last}"
            );
            let small = render(reports);
            assert!(!small.contains("sarif"));
        });
    }
}
