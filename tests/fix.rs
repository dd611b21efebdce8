//! Fixes: applied safely, idempotent, nothing outside the fixed spans touched, files never
//! damaged.

use std::path::Path;
use std::process::{Command, Output};

use mtlint::Linter;
use mtlint::finding::Suggestion;
use mtlint::fix::{FixLevel, apply_edits, fix_once, fix_text};
use proptest::prelude::*;

mod common;
use common::cli::Colour;

fn mtlint(args: &[&str], dir: &Path, stdin: &[u8]) -> Output {
    common::cli::run(args, dir, stdin, Colour::Inherited)
}

const BROKEN: &str = "Officials traded public beards. .\n\nThey met on its nuclear power. program";

#[test]
fn fix_keeps_crlf_bom_and_missing_final_newline() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(BROKEN.replace('\n', "\r\n").as_bytes());
    std::fs::write(dir.path().join("a.txt"), &bytes).unwrap();
    let o = mtlint(&["check", "--fix", "a.txt"], dir.path(), b"");
    let after = std::fs::read(dir.path().join("a.txt")).unwrap();
    let mut expected = b"\xEF\xBB\xBF".to_vec();
    expected
        .extend(b"Officials traded public barbs.\r\n\r\nThey met on its nuclear power. program");
    assert_eq!(
        String::from_utf8_lossy(&after),
        String::from_utf8_lossy(&expected)
    );
    // The unsafe period fix is left for review and still reported.
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(stderr.contains("fixed 2 findings"), "{stderr}");
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("broken-sentence/period-before-lowercase"),
        "{stdout}"
    );

    let o = mtlint(
        &["check", "--fix", "--unsafe-fixes", "a.txt"],
        dir.path(),
        b"",
    );
    assert_eq!(o.status.code(), Some(0));
    let after = std::fs::read(dir.path().join("a.txt")).unwrap();
    assert!(
        after.ends_with(b"nuclear power program"),
        "no newline added"
    );
    let again = mtlint(
        &["check", "--fix", "--unsafe-fixes", "a.txt"],
        dir.path(),
        b"",
    );
    assert_eq!(
        std::fs::read(dir.path().join("a.txt")).unwrap(),
        after,
        "fixing twice changes nothing"
    );
    assert!(String::from_utf8(again.stderr).unwrap().is_empty());
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), BROKEN).unwrap();
    let o = mtlint(&["check", "--diff", "a.txt"], dir.path(), b"");
    assert_eq!(o.status.code(), Some(1));
    let diff = String::from_utf8(o.stdout).unwrap();
    assert!(diff.starts_with("--- a/a.txt\n+++ b/a.txt\n"), "{diff}");
    assert!(diff.contains("+Officials traded public barbs."), "{diff}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        BROKEN
    );
    std::fs::write(dir.path().join("b.txt"), "Clean text.\n").unwrap();
    assert_eq!(
        mtlint(&["check", "--diff", "b.txt"], dir.path(), b"")
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let o = mtlint(&["check", "--fix", "-"], dir.path(), BROKEN.as_bytes());
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "Officials traded public barbs.\n\nThey met on its nuclear power. program"
    );
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("period-before-lowercase")
    );
}

#[test]
fn invalid_or_utf16_files_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = b"traded public beards \xFF".to_vec();
    std::fs::write(dir.path().join("bad.txt"), &bad).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "traded public beards".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(dir.path().join("wide.txt"), &utf16).unwrap();
    let o = mtlint(&["check", "--fix", "bad.txt", "wide.txt"], dir.path(), b"");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.path().join("bad.txt")).unwrap(), bad);
    assert_eq!(std::fs::read(dir.path().join("wide.txt")).unwrap(), utf16);
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains("wide.txt: a UTF-16 file is checked but not fixed"),
        "{stderr}"
    );
}

/// Every fixture: each pass changes only the edited spans, and fixing is idempotent.
#[test]
fn fixtures_fix_only_their_spans_and_idempotently() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut current = text.clone();
        for _ in 0..mtlint::fix::MAX_PASSES {
            let findings = linter.check(&current);
            let (next, applied) = fix_once(&current, &findings, FixLevel::Unsafe);
            if applied.is_empty() {
                break;
            }
            let mut edits: Vec<&Suggestion> = findings
                .iter()
                .filter(|f| applied.contains(&f.rule.id))
                .filter_map(|f| f.fix_suggestion())
                .collect();
            edits.sort_by_key(|e| e.range.start);
            assert_untouched_outside(&current, &next, &edits, &path);
            current = next;
        }
        let once = fix_text(&linter, &text, FixLevel::Unsafe, |_| true);
        let twice = fix_text(&linter, &once.text, FixLevel::Unsafe, |_| true);
        assert_eq!(
            twice.text,
            once.text,
            "{}: fixing twice changed it",
            path.display()
        );
        assert_eq!(twice.total(), 0, "{}", path.display());
    }
}

/// The bytes before the first edited range and after the last are unchanged, and every
/// byte of `after` is either untouched text or a replacement.
fn assert_untouched_outside(before: &str, after: &str, edits: &[&Suggestion], path: &Path) {
    let first = edits.first().map_or(before.len(), |e| e.range.start);
    assert_eq!(
        &after[..first.min(after.len())],
        &before[..first],
        "{}",
        path.display()
    );
    let last_end = edits.iter().map(|e| e.range.end).max().unwrap_or(0);
    let tail = &before[last_end..];
    assert!(
        after.ends_with(tail),
        "{}: text after the last edit changed",
        path.display()
    );
    let removed: usize = edits.iter().map(|e| e.range.len()).sum::<usize>();
    let inserted: usize = edits.iter().map(|e| e.replacement.len()).sum::<usize>();
    // Only some findings' edits were applied, so the lengths bound the change.
    assert!(after.len() <= before.len() + inserted, "{}", path.display());
    assert!(after.len() + removed >= before.len(), "{}", path.display());
}

proptest! {
    /// Random non-overlapping edits on random text: the result is the untouched segments
    /// and the replacements, in order, and no byte is lost.
    #[test]
    fn random_edits_keep_every_untouched_byte(
        text in "\\PC{0,60}",
        cuts in proptest::collection::vec((0usize..80, 0usize..4, "\\PC{0,3}"), 0..6),
    ) {
        let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let mut edits = Vec::new();
        let mut floor = 0;
        for (at, len, replacement) in cuts {
            let start = boundaries[at % boundaries.len()].max(floor);
            let Some(&start) = boundaries.iter().find(|&&b| b >= start) else { break };
            let end = boundaries.iter().copied().filter(|&b| b >= start).nth(len).unwrap_or(start);
            edits.push(Suggestion { range: start..end, replacement });
            floor = end + 1;
        }
        let (out, applied) = apply_edits(&text, &edits);
        prop_assert_eq!(applied.len(), edits.len());
        let mut expected = String::new();
        let mut cursor = 0;
        for e in &edits {
            expected.push_str(&text[cursor..e.range.start]);
            expected.push_str(&e.replacement);
            cursor = e.range.end;
        }
        expected.push_str(&text[cursor..]);
        prop_assert_eq!(out, expected);
    }

    /// Arbitrary ranges, valid or not, never panic and never produce broken text.
    #[test]
    fn arbitrary_ranges_never_panic(
        text in "\\PC{0,40}",
        raw in proptest::collection::vec((0usize..50, 0usize..50, "\\PC{0,3}"), 0..6),
    ) {
        let edits: Vec<Suggestion> = raw.into_iter().map(|(a, b, r)| Suggestion { range: a..b, replacement: r }).collect();
        let (out, _) = apply_edits(&text, &edits);
        prop_assert!(std::str::from_utf8(out.as_bytes()).is_ok());
    }
}

/// Runs `mtlint` and returns (exit code, stdout, stderr).
fn run(args: &[&str], dir: &Path) -> (Option<i32>, String, String) {
    let o = mtlint(args, dir, b"");
    (
        o.status.code(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

/// A fix that cannot be written: the file's findings are still reported, in every
/// format, beside the error, and the file is left as it was.
#[cfg(unix)]
#[test]
fn unwritten_fixes_keep_the_report() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, BROKEN).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, stdout, stderr) = run(&["check", "--fix", "--format", "json", "a.txt"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    let findings: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rules: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    // The fixable finding too: nothing was fixed.
    assert!(rules.contains(&"substitution/trade-barbs"), "{stdout}");
    assert!(
        rules.contains(&"broken-sentence/period-before-lowercase"),
        "{stdout}"
    );
    assert!(
        stderr.contains("a.txt: fixes not written: the file is read-only"),
        "{stderr}"
    );
    assert!(!stderr.contains("fixed"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BROKEN);

    let (code, stdout, _) = run(&["check", "--fix", "--color", "never", "a.txt"], dir.path());
    assert_eq!(code, Some(2));
    assert!(stdout.contains("trade-barbs"), "{stdout}");
    assert!(stdout.contains("in 1 file."), "{stdout}");

    // A folder the user may not write (as root every folder is writable: then only the
    // read-only file above shows it).
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let sub = dir.path().join("locked");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("b.txt"), BROKEN).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    let root = std::fs::write(sub.join("probe"), "").is_ok();
    if !root {
        let (code, stdout, stderr) = run(
            &["check", "--fix", "--format", "json", "locked/b.txt"],
            dir.path(),
        );
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stdout.contains("trade-barbs"), "{stdout}");
        assert!(stderr.contains("b.txt: fixes not written"), "{stderr}");
        assert_eq!(std::fs::read_to_string(sub.join("b.txt")).unwrap(), BROKEN);
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A file with two links: refused, both names keep the text, nothing left behind.
#[cfg(unix)]
#[test]
fn hard_linked_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), BROKEN).unwrap();
    std::fs::hard_link(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
    let (code, stdout, stderr) = run(&["check", "--fix", "--color", "never", "a.txt"], dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("a.txt: fixes not written: the file has 2 hard links"),
        "{stderr}"
    );
    assert!(stdout.contains("trade-barbs"), "{stdout}");
    for name in ["a.txt", "b.txt"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(name)).unwrap(),
            BROKEN
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// Run as root, a fix keeps the file's owner and group (otherwise the process cannot set
/// another owner, and the test has nothing to show).
#[cfg(unix)]
#[test]
fn fixes_keep_owner_and_group_where_the_process_may() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, BROKEN).unwrap();
    if std::os::unix::fs::chown(&path, Some(1234), Some(5678)).is_err() {
        eprintln!("not root: the owner cannot be changed, nothing to check");
        return;
    }
    let (code, _, stderr) = run(&["check", "--fix", "a.txt"], dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(std::fs::read_to_string(&path).unwrap().contains("barbs"));
    let meta = std::fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (1234, 5678));
}

/// `--write-baseline` never replaces what is not a regular file.
#[cfg(unix)]
#[test]
fn baselines_replace_only_regular_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), BROKEN).unwrap();
    let made = Command::new("mkfifo").arg(dir.path().join("fifo")).status();
    assert!(made.unwrap().success());
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    for (target, kind) in [("fifo", "named pipe (FIFO)"), ("folder", "directory")] {
        let (code, _, stderr) = run(&["check", "--write-baseline", target, "a.txt"], dir.path());
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "{target}: the baseline was not written: is a {kind}, not a regular file"
            )),
            "{stderr}"
        );
    }
    let meta = std::fs::symlink_metadata(dir.path().join("fifo")).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type()));
    let (code, _, stderr) = run(
        &["check", "--write-baseline", "base.json", "a.txt"],
        dir.path(),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        std::fs::read_to_string(dir.path().join("base.json"))
            .unwrap()
            .contains("trade-barbs")
    );
}
