//! Checkstyle XML: what Jenkins' warnings plugin, reviewdog (`-f=checkstyle`) and many CI
//! dashboards read. Every checked file is listed, with one `error` element per finding;
//! columns count characters.

use std::fmt::Write;

use super::FileReport;
use super::xml::{DECLARATION, escape};

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Checkstyle,
        reports,
        super::RenderOptions::default(),
    )
}

/// What comes before the files.
pub(crate) fn header() -> String {
    format!("{DECLARATION}<checkstyle version=\"4.3\">\n")
}

/// What comes after them.
pub(crate) const FOOTER: &str = "</checkstyle>\n";

/// One file's element.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    if report.findings.is_empty() {
        let _ = writeln!(out, "  <file name=\"{}\"/>", escape(report.path));
        return out;
    }
    let _ = writeln!(out, "  <file name=\"{}\">", escape(report.path));
    for finding in report.findings {
        let (start, _) = report.locate(finding);
        let _ = writeln!(
            out,
            "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"mtlint.{}\"/>",
            start.line,
            start.column,
            finding.severity,
            escape(&finding.message),
            escape(&finding.rule.id)
        );
    }
    out.push_str("  </file>\n");
    out
}

#[cfg(test)]
mod tests {
    use crate::render::test_support::with_sample_reports;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(with_sample_reports(super::render));
    }
}
