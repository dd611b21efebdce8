//! Helpers shared by the integration tests: one finding per line, blessing snapshots, and
//! (in `cli`) running the built binary. Each test uses some of them.
#![allow(dead_code)]

pub mod cli;

use std::collections::BTreeMap;
use std::path::Path;

use mtlint::{LineIndex, Linter, Severity};

pub fn builtin() -> Linter {
    Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs load")
}

/// `name:line:col rule "matched"` for every finding at warning level or above; a `.md`
/// name is read as Markdown.
pub fn report(linter: &Linter, name: &str, text: &str) -> Vec<String> {
    let index = LineIndex::new(text);
    let syntax = mtlint::document::Syntax::from_path(name);
    mtlint::document::check(linter, text, syntax, &|_| true)
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| {
            let at = index.position(text, f.span.start);
            let matched = f.matched(text);
            format!("{name}:{}:{} {} {matched:?}", at.line, at.column, f.rule.id)
        })
        .collect()
}

/// A findings file: each listed finding (`name:line:col rule "matched"`) with its reason
/// after ` -- `. A line without a reason, or with one too short to say anything, fails.
pub fn listed_findings(path: &Path) -> BTreeMap<String, String> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut listed = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (finding, reason) = line
            .split_once(" -- ")
            .unwrap_or_else(|| panic!("{name}:{}: no ` -- reason`", n + 1));
        assert!(
            reason.trim().len() >= 10,
            "{name}:{}: the reason says too little",
            n + 1
        );
        listed.insert(finding.to_string(), reason.to_string());
    }
    listed
}

/// Compares `actual` with the snapshot file; `MTLINT_BLESS=1` rewrites it instead.
pub fn check_snapshot(path: &Path, actual: &str) {
    if std::env::var_os("MTLINT_BLESS").is_some() {
        std::fs::write(path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, actual)
            .unified_diff()
            .header("snapshot", "now")
            .to_string();
        panic!(
            "{} differs from what mtlint reports now. Review the diff; if the new findings \
             are right, rerun with MTLINT_BLESS=1 to accept them.\n{diff}",
            path.display()
        );
    }
}
