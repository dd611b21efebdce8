//! Precision on human prose: every built-in rule at warning level or above, run on four
//! public-domain books. Each remaining finding is listed in a reviewed snapshot, so a new
//! false positive fails the test.

mod common;

use std::path::Path;

/// At most one finding per this many words.
const WORDS_PER_FINDING: usize = 20_000;

#[test]
fn builtin_rules_stay_quiet_on_clean_prose() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/clean-prose");
    let linter = common::builtin();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus files in {}", dir.display());
    let mut words = 0;
    let mut lines = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus file is UTF-8");
        words += text.split_whitespace().count();
        let name = path.file_name().unwrap().to_string_lossy();
        lines.extend(common::report(&linter, &name, &text));
    }
    let allowed = words / WORDS_PER_FINDING;
    assert!(
        lines.len() <= allowed,
        "{} findings on {words} words of clean prose (at most {allowed}):\n{}",
        lines.len(),
        lines.join("\n")
    );
    let mut actual = lines.join("\n");
    actual.push('\n');
    common::check_snapshot(&dir.join("../clean-prose.findings"), &actual);
}
