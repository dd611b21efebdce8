//! Precision on human prose: every built-in rule at warning level or above, run on four
//! public-domain books. Each remaining finding is listed in tests/corpus/clean-prose.findings
//! with the reason it is a real defect, or marked as a known false alarm with what the text
//! does there: a finding that appears or disappears fails the test.

mod common;

use std::collections::BTreeSet;
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
    // Each with why it is a real defect, or, for a known false alarm, `false alarm:` and
    // what the text does there.
    let listed = common::listed_findings(&dir.join("../clean-prose.findings"));
    let found: BTreeSet<String> = lines.into_iter().collect();
    let listed_keys: BTreeSet<String> = listed.keys().cloned().collect();
    let new: Vec<&str> = found.difference(&listed_keys).map(|s| s.as_str()).collect();
    let gone: Vec<&str> = listed_keys.difference(&found).map(|s| s.as_str()).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "tests/corpus/clean-prose.findings is out of date.\nnew findings (a false alarm to \
         fix, or a real defect to list with its reason):\n{}\nlisted but no longer found:\n{}",
        new.join("\n"),
        gone.join("\n"),
    );
}

/// A `safe` fix is right in every context its rule matches: on clean prose there is
/// nothing to fix, so a safe `--fix` leaves every book as it is (repeats in quoted speech,
/// in threes and brackets named as words are reported, but not fixed unattended).
#[test]
fn a_safe_fix_leaves_clean_prose_as_it_is() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/clean-prose");
    let linter = common::builtin();
    let mut changed = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("corpus directory") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
        let outcome = mtlint::fix::fix_text(&linter, &text, mtlint::fix::FixLevel::Safe, |_| true);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for (i, (a, b)) in text.lines().zip(outcome.text.lines()).enumerate() {
            if a != b {
                changed.push(format!("{name}:{}:\n  - {a}\n  + {b}", i + 1));
            }
        }
        if text.lines().count() != outcome.text.lines().count() {
            changed.push(format!("{name}: a safe fix added or removed a line"));
        }
    }
    assert!(
        changed.is_empty(),
        "a safe fix changed clean prose:\n{}",
        changed.join("\n")
    );
}
