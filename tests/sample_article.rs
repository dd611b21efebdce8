//! Acceptance: the sample article of the brief. Every required artifact is reported at its
//! line and column with a suggestion, and nothing else is reported.

use std::process::Command;

use mtlint::Linter;
use mtlint::render::{FileReport, Format, RenderOptions, render};
use mtlint::source::SourceText;
use serde::Deserialize;

const ARTICLE: &str = include_str!("../fixtures/sample-article.txt");
const EXPECTED: &str = include_str!("../fixtures/sample-article.findings.toml");

#[derive(Deserialize)]
struct Expected {
    finding: Vec<ExpectedFinding>,
}

#[derive(Deserialize)]
struct ExpectedFinding {
    line: usize,
    column: usize,
    text: String,
    required: bool,
}

fn linter() -> Linter {
    Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs load")
}

#[test]
fn every_required_artifact_is_reported_and_nothing_else() {
    let expected: Expected = toml::from_str(EXPECTED).unwrap();
    let source = SourceText::from_string(ARTICLE.to_string());
    let findings = linter().check(&source.text);
    let report = FileReport::new("sample-article.txt", &source, &findings);
    let located: Vec<(usize, usize, &str, bool)> = findings
        .iter()
        .map(|f| {
            let (start, _) = report.locate(f);
            (
                start.line,
                start.column,
                f.matched(&source.text),
                f.suggestions.is_empty(),
            )
        })
        .collect();
    for want in expected.finding.iter().filter(|f| f.required) {
        let hit = located
            .iter()
            .find(|(line, column, _, _)| *line == want.line && *column == want.column);
        let Some((_, _, matched, no_suggestion)) = hit else {
            panic!(
                "missing {}:{} {:?}; got {located:?}",
                want.line, want.column, want.text
            );
        };
        assert!(
            matched.starts_with(want.text.as_str()),
            "{matched:?} vs {:?}",
            want.text
        );
        assert!(
            !no_suggestion,
            "{}:{} has no suggestion",
            want.line, want.column
        );
    }
    for (line, column, matched, _) in &located {
        let listed = expected
            .finding
            .iter()
            .any(|w| w.line == *line && w.column == *column);
        assert!(listed, "false positive at {line}:{column}: {matched:?}");
    }
}

fn rendered(format: Format) -> String {
    let source = SourceText::from_string(ARTICLE.to_string());
    let findings = linter().check(&source.text);
    let reports = [FileReport::new(
        "fixtures/sample-article.txt",
        &source,
        &findings,
    )];
    render(format, &reports, RenderOptions { color: false })
}

#[test]
fn human_output_snapshot() {
    insta::assert_snapshot!(rendered(Format::Human));
}

#[test]
fn editor_output_snapshot() {
    insta::assert_snapshot!(rendered(Format::Editor));
}

#[test]
fn json_output_snapshot() {
    insta::assert_snapshot!(rendered(Format::Json));
}

#[test]
fn cli_reports_the_article_and_exits_1() {
    let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--format", "editor", "fixtures/sample-article.txt"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(stdout, rendered(Format::Editor));
}
