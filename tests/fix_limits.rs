//! Fixes are bounded: a rule whose suggestion matches again what it writes cannot make
//! `--fix` write a text without bound. The pass that would go past the growth limit is
//! not applied, nothing is fixed, and the error names the rule.

use std::process::Command;

use mtlint::Linter;
use mtlint::fix::{FixLevel, fix_text, growth_limit};
use mtlint::linter::PackSource;

/// A pack whose safe fix writes four copies of what it matches.
const LOOP_PACK: &str = r#"[pack]
name = "house"
description = "A rule whose fix matches again."

[[rule]]
id = "house/echo"
severity = "warning"
fix = "safe"
message = "Echo `{matched}`"
description = "Its suggestion holds what it matches."

[rule.match]
kind = "regex"
pattern = '(?P<span>\bqz\b)'
suggest = ["qz qz qz qz"]
"#;

fn linter() -> Linter {
    Linter::from_sources(&[PackSource {
        file: "house.toml".into(),
        text: LOOP_PACK.into(),
    }])
    .expect("the pack loads")
}

#[test]
fn a_fix_that_feeds_itself_stops_at_the_limit_and_names_the_rule() {
    let linter = linter();
    for text in ["one qz two\n", &"qz and more words ".repeat(20)] {
        let outcome = fix_text(&linter, text, FixLevel::Safe, |_| true);
        let error = outcome.error.expect("the growth limit is reached");
        assert_eq!(error.rule, "house/echo");
        assert_eq!(error.limit, growth_limit(text.len()));
        assert!(error.pass > 1, "{error:?}");
        // Nothing is fixed: the text given comes back.
        assert_eq!(outcome.text, text);
        assert!(outcome.fixed.is_empty());
        assert!(error.to_string().contains("`house/echo`"), "{error}");
    }
}

#[test]
fn fixes_that_grow_the_text_a_little_apply() {
    // Each fix adds bytes, but the text stays within the limit: it is fixed.
    let pack = LOOP_PACK.replace(r#"suggest = ["qz qz qz qz"]"#, r#"suggest = ["quiz"]"#);
    let linter = Linter::from_sources(&[PackSource {
        file: "house.toml".into(),
        text: pack,
    }])
    .expect("the pack loads");
    let outcome = fix_text(&linter, "qz qz and qz\n", FixLevel::Safe, |_| true);
    assert_eq!(outcome.error, None);
    assert_eq!(outcome.text, "quiz quiz and quiz\n");
    assert_eq!(outcome.fixed.get("house/echo"), Some(&3));
}

#[test]
fn check_fix_refuses_to_write_a_growing_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/house.toml"), LOOP_PACK).unwrap();
    let original = "A qz here.\n";
    std::fs::write(dir.path().join("a.txt"), original).unwrap();
    std::fs::write(dir.path().join("b.txt"), "Nothing to see.\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--rules", "rules", "--fix", "a.txt", "b.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a.txt: fixes of rule `house/echo` would grow the text"),
        "{stderr}"
    );
    let after = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert_eq!(after, original);
}
