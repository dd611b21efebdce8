//! JSON Lines: one finding per line, with the fields of the `json` format, for streaming
//! and for tools that read a line at a time.

use super::FileReport;
use super::json::json_finding;
use super::json_writer;

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Jsonl,
        reports,
        super::RenderOptions::default(),
    )
}

/// One file's lines.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for finding in report.findings {
        out.push_str(&json_writer::compact(&json_finding(report, finding)));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::render::test_support::with_sample_reports;

    #[test]
    fn snapshot() {
        let out = with_sample_reports(super::render);
        for line in out.lines() {
            let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
            assert!(value.is_object());
        }
        insta::assert_snapshot!(out);
    }
}
