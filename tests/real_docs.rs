//! Precision on real documentation: every built-in rule at warning level or above, run on
//! the Markdown of three public documentation repositories (tests/corpus/real-docs). Each
//! remaining finding is listed, with the reason it is a real defect, in
//! tests/corpus/real-docs.findings: a finding that appears or disappears fails the test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use mtlint::document::Syntax;
use mtlint::fix::{FixLevel, fix_document};

mod common;

use common::{builtin, report};

const SETS: [&str; 3] = ["rust-book", "vue-docs", "hugo-docs"];

/// At most this many findings per 10,000 words of each set.
const FINDINGS_PER_10K_WORDS: f64 = 0.5;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/real-docs")
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("corpus directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The Markdown files of a set, sorted, with their names relative to the corpus.
fn files(set: &str) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    markdown_files(&corpus().join(set), &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no Markdown files in set {set}");
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(corpus())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                name,
                std::fs::read_to_string(&p).expect("corpus file is UTF-8"),
            )
        })
        .collect()
}

fn listed() -> BTreeMap<String, String> {
    common::listed_findings(&corpus().join("../real-docs.findings"))
}

#[test]
fn real_documentation_is_nearly_silent_and_every_finding_is_listed() {
    let linter = builtin();
    let mut found = BTreeSet::new();
    let mut too_many = Vec::new();
    for set in SETS {
        let mut words = 0;
        let mut count = 0;
        for (name, text) in files(set) {
            words += text.split_whitespace().count();
            let lines = report(&linter, &name, &text);
            count += lines.len();
            found.extend(lines);
        }
        let allowed = words as f64 * FINDINGS_PER_10K_WORDS / 10_000.0;
        if count as f64 > allowed {
            too_many.push(format!(
                "{set}: {count} findings on {words} words (at most {allowed:.1})"
            ));
        }
    }
    let listed = listed();
    let listed_keys: BTreeSet<String> = listed.keys().cloned().collect();
    let new: Vec<&String> = found.difference(&listed_keys).collect();
    let gone: Vec<&String> = listed_keys.difference(&found).collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "tests/corpus/real-docs.findings is out of date.\nnew findings (a false alarm to \
         fix, or a real defect to list with its reason):\n{}\nlisted but no longer found:\n{}",
        new.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        gone.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    assert!(too_many.is_empty(), "{}", too_many.join("\n"));
}

#[test]
fn a_safe_fix_changes_only_the_lines_of_listed_findings() {
    let linter = builtin();
    let listed_lines: BTreeSet<(String, usize)> = listed()
        .keys()
        .map(|f| {
            let mut parts = f.split(' ').next().unwrap().rsplitn(3, ':');
            let _column = parts.next();
            let line: usize = parts.next().unwrap().parse().unwrap();
            (parts.next().unwrap().to_string(), line)
        })
        .collect();
    let mut unlisted = Vec::new();
    let mut changed_files = 0;
    for set in SETS {
        for (name, text) in files(set) {
            let outcome = fix_document(&linter, &text, Syntax::Markdown, FixLevel::Safe, &|_| true);
            if outcome.text == text {
                continue;
            }
            changed_files += 1;
            let before: Vec<&str> = text.lines().collect();
            let after: Vec<&str> = outcome.text.lines().collect();
            assert_eq!(
                before.len(),
                after.len(),
                "{name}: a safe fix added or removed a line"
            );
            for (i, (a, b)) in before.iter().zip(&after).enumerate() {
                if a != b && !listed_lines.contains(&(name.clone(), i + 1)) {
                    unlisted.push(format!("{name}:{}:\n  - {a}\n  + {b}", i + 1));
                }
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "a safe fix changed lines no listed finding is on:\n{}",
        unlisted.join("\n")
    );
    // The fixes of the listed findings are applied: the test sees edits, not nothing.
    assert!(changed_files > 0, "no safe fix applied on the real docs");
}
