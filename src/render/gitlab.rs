//! GitLab Code Quality: a JSON array of Code Climate issues, shown in merge requests.
//!
//! `fingerprint` is unique per finding and stable across runs: the hash of the path and
//! the finding's position-independent fingerprint, whose occurrence counter keeps two
//! identical findings in one file apart. Severities: error → `major`, warning → `minor`,
//! info → `info`.

use serde::Serialize;

use super::FileReport;
use super::json_writer::Elements;
use crate::finding::Severity;
use crate::fingerprint::{Fnv1a, fingerprints};

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'a str,
    check_name: &'a str,
    categories: [&'static str; 1],
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// The Code Quality severity of a finding.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Gitlab,
        reports,
        super::RenderOptions::default(),
    )
}

/// The nesting of the array of issues: the whole output.
pub(crate) const DEPTH: usize = 0;

/// One file's elements of the array.
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut elements = Elements::expecting(DEPTH, report.findings.len());
    let prints = fingerprints(&report.source.text, report.findings);
    for (finding, print) in report.findings.iter().zip(prints) {
        let (start, end) = report.locate(finding);
        let mut hash = Fnv1a::new();
        hash.write_field(report.path);
        hash.write_field(&print.to_string());
        elements.push(&Issue {
            kind: "issue",
            description: &finding.message,
            check_name: &finding.rule.id,
            categories: ["Style"],
            fingerprint: format!("{:016x}", hash.finish()),
            severity: severity(finding.severity),
            location: Location {
                path: report.path,
                lines: Lines {
                    begin: start.line,
                    end: end.line,
                },
            },
        });
    }
    elements.into_text()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::render::test_support::with_sample_reports;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(with_sample_reports(super::render));
    }

    #[test]
    fn fingerprints_are_unique_even_for_identical_findings() {
        let out: serde_json::Value =
            serde_json::from_str(&with_sample_reports(super::render)).unwrap();
        let issues = out.as_array().unwrap();
        let prints: HashSet<&str> = issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(prints.len(), issues.len());
        let calques = issues
            .iter()
            .filter(|i| {
                i["check_name"] == "substitution/mt-calque" && i["location"]["path"] == "b.md"
            })
            .count();
        assert_eq!(calques, 2, "the sample has the same defect twice in b.md");
    }
}
