//! Recall: every article in fixtures/catalogue/ against its expected findings
//! (`NAME.findings` beside `NAME.txt` or `NAME.md`; `MTLINT_BLESS=1` rewrites them after
//! review).

mod common;

use std::path::Path;

#[test]
fn catalogue_fixtures_match_their_expected_findings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/catalogue");
    let linter = common::builtin();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture is UTF-8");
        let name = path.file_name().unwrap().to_string_lossy();
        let mut actual = common::report(&linter, &name, &text).join("\n");
        actual.push('\n');
        common::check_snapshot(&path.with_extension("findings"), &actual);
    }
}

/// The sample article of the README keeps its ten findings: no new rule may fire on it.
#[test]
fn sample_article_keeps_its_ten_findings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sample-article.txt");
    let text = std::fs::read_to_string(path).expect("sample article");
    let findings = common::builtin().check(&text);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.id.as_str()).collect();
    assert_eq!(findings.len(), 10, "{rules:?}");
}
