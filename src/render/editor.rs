//! `path:line:col: severity: message [rule-id]`: what Vim's quickfix, Emacs compilation
//! mode and VS Code problem matchers read as is. Hidden characters in paths and messages
//! are shown as escapes ([`super::escape`]), so that each finding stays on its line.

use std::fmt::Write;

use super::FileReport;
use super::escape::visible;

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Editor,
        reports,
        super::RenderOptions::default(),
    )
}

/// One file's lines.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        let (start, _) = report.locate(finding);
        let message = finding.message.replace(['\n', '\r'], " ");
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {} [{}]",
            visible(report.path),
            start.line,
            start.column,
            finding.severity,
            visible(&message),
            visible(&finding.rule.id)
        );
    }
    out
}
