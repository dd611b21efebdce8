//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines):
//! one test suite, one test case per checked file, one `failure` per finding. A file
//! without findings is a passing test case.

use std::fmt::Write;

use super::FileReport;
use super::xml::{DECLARATION, escape};

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Junit,
        reports,
        super::RenderOptions::default(),
    )
}

/// What comes before the test cases: it counts them, so it is written once every file
/// is checked.
pub(crate) fn header(tests: usize, failures: usize) -> String {
    let mut out = String::from(DECLARATION);
    let _ = writeln!(
        out,
        "<testsuites name=\"mtlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"mtlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    out
}

/// What comes after them.
pub(crate) const FOOTER: &str = "  </testsuite>\n</testsuites>\n";

/// One file's test case.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    let path = escape(report.path);
    if report.findings.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase name=\"{path}\" classname=\"mtlint\" file=\"{path}\"/>"
        );
        return out;
    }
    let _ = writeln!(
        out,
        "    <testcase name=\"{path}\" classname=\"mtlint\" file=\"{path}\">"
    );
    for finding in report.findings {
        let (start, _) = report.locate(finding);
        let body = format!(
            "{}:{}:{}: {}: {} [{}]",
            report.path,
            start.line,
            start.column,
            finding.severity,
            finding.message,
            finding.rule.id
        );
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            escape(&finding.message),
            escape(&finding.rule.id),
            escape(&body)
        );
    }
    out.push_str("    </testcase>\n");
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
