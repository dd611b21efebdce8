//! Hostile or broken input through the built binary: odd encodings and line endings,
//! binary and unreadable files, symlink loops, very long lines, deep Markdown nesting,
//! hostile rule files. Nothing panics; exit code 2 only when the run could not do its job.
//! Runs too big for `cargo test` (a 1 GB file, 100,000 files, a 50 MB line) are recorded
//! in fuzz/README.md.

use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;
use common::cli::{Colour, stderr, stdout, tree};

fn mtlint(args: &[&str], dir: &Path) -> Output {
    common::cli::run(args, dir, b"", Colour::NoColor)
}

/// A finished run: an exit code (no signal) that is not a panic's 101.
fn assert_no_crash(o: &Output) {
    let code = o.status.code();
    assert!(
        matches!(code, Some(0..=2)),
        "exit {:?}\nstderr: {}",
        o.status,
        stderr(o)
    );
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

const BROKEN: &str = "The talks focused on its nuclear power. program and more.";

/// `path:line:col` of each finding, from the editor format.
fn positions(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .map(|l| l.splitn(4, ':').take(3).collect::<Vec<_>>().join(":"))
        .collect()
}

#[test]
fn empty_and_blank_files_are_clean() {
    let dir = tree(&[
        ("empty.txt", b""),
        ("empty.md", b""),
        ("blank.txt", b" \n\n\t \r\n   "),
        ("blank.md", b"\n\n   \n"),
    ]);
    let o = mtlint(&["check", "--format", "editor", "."], dir.path());
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn line_endings_and_boms_give_the_same_positions() {
    let lf = format!("Intro.\n\n{BROKEN}");
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for unit in lf.encode_utf16() {
        utf16le.extend(unit.to_le_bytes());
        utf16be.extend(unit.to_be_bytes());
    }
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(lf.as_bytes());
    let crlf = lf.replace('\n', "\r\n");
    let with_newline = format!("{lf}\n");
    let files: [(&str, &[u8]); 6] = [
        ("no-final-newline.txt", lf.as_bytes()),
        ("final-newline.txt", with_newline.as_bytes()),
        ("crlf.txt", crlf.as_bytes()),
        ("bom.txt", &bom),
        ("utf16le.txt", &utf16le),
        ("utf16be.txt", &utf16be),
    ];
    let dir = tree(&files);
    for (name, _) in files {
        let o = mtlint(&["check", "--format", "editor", name], dir.path());
        assert_no_crash(&o);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert_eq!(positions(&o), [format!("{name}:3:39")], "{name}");
    }
}

/// Old Mac line endings: a lone CR is not a line break. The file is checked as text (the
/// CR counts as a space between words) and every position is on line 1.
#[test]
fn cr_only_files_are_one_line() {
    let text = format!("Intro.\r\r{BROKEN}\r");
    let dir = tree(&[("mac.txt", text.as_bytes())]);
    let o = mtlint(&["check", "--format", "editor", "mac.txt"], dir.path());
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(positions(&o), ["mac.txt:1:47"]);
    // Fixing keeps the CRs.
    let o = mtlint(&["check", "--fix", "--unsafe-fixes", "mac.txt"], dir.path());
    assert_no_crash(&o);
    let fixed = std::fs::read_to_string(dir.path().join("mac.txt")).unwrap();
    assert_eq!(fixed.matches('\r').count(), 3, "{fixed:?}");
    assert!(!fixed.contains('\n'));
}

#[test]
fn invalid_utf8_is_reported_with_its_offset_and_others_are_checked() {
    let dir = tree(&[
        ("a-bad.txt", b"fine text \xC3\x28 more"),
        ("b-good.txt", BROKEN.as_bytes()),
        ("c-truncated-utf16.txt", b"\xFF\xFEa\x00b"),
    ]);
    let o = mtlint(&["check", "--format", "editor", "."], dir.path());
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("a-bad.txt: not valid UTF-8: bad byte at offset 10"),
        "{err}"
    );
    assert!(
        err.contains("c-truncated-utf16.txt: not valid UTF-8"),
        "{err}"
    );
    assert_eq!(positions(&o), ["b-good.txt:1:39"]);
}

#[test]
fn binary_files_are_skipped_and_do_not_fail_the_run() {
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend([0u8; 64]);
    let dir = tree(&[("image.md", &png), ("clean.txt", b"A clean sentence.\n")]);
    let o = mtlint(&["check", "."], dir.path());
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("image.md: binary file"),
        "{}",
        stderr(&o)
    );
}

/// Whether permission bits stop this process from reading (they do not for root).
fn permissions_apply(path: &Path) -> bool {
    std::fs::read_dir(path).is_err()
}

#[cfg(unix)]
#[test]
fn unreadable_files_and_directories_are_errors_for_them_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tree(&[
        ("locked.txt", BROKEN.as_bytes()),
        ("closed/inner.txt", BROKEN.as_bytes()),
        ("open.txt", BROKEN.as_bytes()),
    ]);
    let set = |p: &str, mode| {
        std::fs::set_permissions(dir.path().join(p), std::fs::Permissions::from_mode(mode)).unwrap()
    };
    set("locked.txt", 0o000);
    set("closed", 0o000);
    let enforced = permissions_apply(&dir.path().join("closed"));
    let o = mtlint(&["check", "--format", "editor", "."], dir.path());
    let explicit = mtlint(&["check", "locked.txt"], dir.path());
    set("closed", 0o755);
    set("locked.txt", 0o644);
    assert_no_crash(&o);
    assert_no_crash(&explicit);
    assert!(
        positions(&o).contains(&"open.txt:1:39".to_string()),
        "{}",
        stdout(&o)
    );
    if !enforced {
        eprintln!("running as root: permission bits do not stop reads; only no-crash checked");
        return;
    }
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("locked.txt"), "{}", stderr(&o));
    assert!(stderr(&o).contains("closed"), "{}", stderr(&o));
    assert_eq!(explicit.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_trap_the_walker() {
    let dir = tree(&[("docs/a.txt", BROKEN.as_bytes())]);
    let docs = dir.path().join("docs");
    std::os::unix::fs::symlink("..", docs.join("up")).unwrap();
    std::os::unix::fs::symlink(".", docs.join("self")).unwrap();
    std::os::unix::fs::symlink("loop-b.txt", docs.join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink("loop-a.txt", docs.join("loop-b.txt")).unwrap();
    let o = mtlint(&["check", "--format", "editor", "."], dir.path());
    assert_no_crash(&o);
    assert_eq!(positions(&o), ["docs/a.txt:1:39"], "{}", stderr(&o));
    // Named explicitly, a link that never resolves is an error for it alone.
    let o = mtlint(
        &[
            "check",
            "--format",
            "editor",
            "docs/loop-a.txt",
            "docs/a.txt",
        ],
        dir.path(),
    );
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(positions(&o), ["docs/a.txt:1:39"]);
}

#[test]
fn a_long_single_line_is_checked() {
    // 4 MB with no line break: artifacts at both ends and in the middle are found.
    let unit = "The officials said a word about it, and more; ";
    let filler = unit.repeat(4_000_000 / unit.len() / 2);
    let text = format!("{BROKEN} {filler}{BROKEN} {filler}{BROKEN}");
    let dir = tree(&[("long.txt", text.as_bytes())]);
    let o = mtlint(&["check", "--format", "json", "long.txt"], dir.path());
    assert_no_crash(&o);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["line"] == 1)
        .map(|f| f["rule"].as_str().unwrap())
        .filter(|r| *r == "broken-sentence/period-before-lowercase")
        .collect();
    assert_eq!(
        rules.len(),
        3,
        "{}",
        &stdout(&o)[..stdout(&o).len().min(2000)]
    );
}

#[test]
fn deeply_nested_markdown_does_not_overflow_the_stack() {
    let depth = 10_000;
    let quotes = format!("{} {BROKEN}\n", ">".repeat(depth));
    // "- - - x" nests a list in each item; indenting each level on its own line instead
    // would make the file quadratic in the depth.
    let lists = format!("{}{BROKEN}\n", "- ".repeat(depth));
    let ordered = format!("{}{BROKEN}\n", "1. ".repeat(depth));
    let emphasis = format!("{}{BROKEN}{}\n", "*_".repeat(depth), "_*".repeat(depth));
    let links = format!("{}{BROKEN}{}\n", "[".repeat(depth), "](x)".repeat(depth));
    let dir = tree(&[
        ("quotes.md", quotes.as_bytes()),
        ("lists.md", lists.as_bytes()),
        ("ordered.md", ordered.as_bytes()),
        ("emphasis.md", emphasis.as_bytes()),
        ("links.md", links.as_bytes()),
    ]);
    for name in [
        "quotes.md",
        "lists.md",
        "ordered.md",
        "emphasis.md",
        "links.md",
    ] {
        let o = mtlint(&["check", "--format", "editor", name], dir.path());
        assert_no_crash(&o);
        assert_ne!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let o = mtlint(&["check", "--fix", "--unsafe-fixes", name], dir.path());
        assert_no_crash(&o);
    }
}

const PACK_HEADER: &str = "[pack]\nname = \"house\"\ndescription = \"d\"\n";

fn regex_rule(pattern: &str) -> String {
    format!(
        "{PACK_HEADER}\n[[rule]]\nid = \"style/x\"\nseverity = \"warning\"\nmessage = \"m\"\ndescription = \"d\"\n\n[rule.match]\nkind = \"regex\"\npattern = '{pattern}'\n"
    )
}

#[test]
fn a_regex_with_a_huge_automaton_is_refused() {
    let pack = regex_rule("\\w{1000}\\w{1000}\\w{1000}");
    let dir = tree(&[("rules/huge.toml", pack.as_bytes()), ("a.txt", b"text\n")]);
    let o = mtlint(&["check", "--rules", "rules", "a.txt"], dir.path());
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("rules/huge.toml"), "{err}");
    assert!(err.to_lowercase().contains("size limit"), "{err}");
}

#[test]
fn regexes_cannot_use_backreferences_or_lookaround() {
    for pattern in ["(a)\\1", "a(?=b)", "(?<!a)b"] {
        let pack = regex_rule(pattern);
        let dir = tree(&[("rules/r.toml", pack.as_bytes()), ("a.txt", b"text\n")]);
        let o = mtlint(&["check", "--rules", "rules", "a.txt"], dir.path());
        assert_no_crash(&o);
        assert_eq!(o.status.code(), Some(2), "{pattern}");
        assert!(stderr(&o).contains("invalid regex"), "{}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn a_rule_folder_cannot_pull_in_files_outside_it() {
    let pack = regex_rule("secret");
    let dir = tree(&[
        ("outside/pack.toml", pack.as_bytes()),
        ("a.txt", b"secret\n"),
    ]);
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::os::unix::fs::symlink("../outside/pack.toml", dir.path().join("rules/link.toml")).unwrap();
    let o = mtlint(&["check", "--rules", "rules", "a.txt"], dir.path());
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("leads outside the rule folder"),
        "{}",
        stderr(&o)
    );
    // A link that stays inside the folder is fine.
    std::fs::remove_file(dir.path().join("rules/link.toml")).unwrap();
    std::fs::rename(
        dir.path().join("outside/pack.toml"),
        dir.path().join("rules/pack.data"),
    )
    .unwrap();
    std::os::unix::fs::symlink("pack.data", dir.path().join("rules/link.toml")).unwrap();
    let o = mtlint(&["check", "--rules", "rules", "a.txt"], dir.path());
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// 100,000 phrases load (bounded by the phrase index, an Aho-Corasick automaton) and
/// check. Figures for a release build are in fuzz/README.md.
#[test]
fn a_pack_of_100_000_phrases_loads() {
    use mtlint::Linter;
    use mtlint::linter::PackSource;
    let mut text = format!(
        "{PACK_HEADER}\n[[rule]]\nid = \"style/many\"\nseverity = \"warning\"\nfix = \"safe\"\nmessage = \"m\"\ndescription = \"d\"\n\n[rule.match]\nkind = \"phrase\"\n[rule.match.phrases]\n"
    );
    for i in 0..100_000u32 {
        text.push_str(&format!(
            "\"w{i:05x} z{:05x}\" = \"ok\"\n",
            i.wrapping_mul(2_654_435_761) >> 12
        ));
    }
    let source = PackSource {
        file: "many.toml".into(),
        text,
    };
    let linter = Linter::from_sources(&[source]).expect("pack loads");
    let findings = mtlint::document::check(
        &linter,
        "Here w0002a z00000 is not, but w00000 z00000 is.",
        mtlint::document::Syntax::Plain,
        &|_| true,
    );
    assert_eq!(findings.len(), 1, "{findings:?}");
}

/// Runs `mtlint` with `feed` writing to its standard input from another thread, and
/// fails the test (killing it) if it has not finished within `seconds`.
fn mtlint_within(
    seconds: u64,
    args: &[&str],
    dir: &Path,
    feed: impl FnOnce(std::process::ChildStdin) + Send + 'static,
) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || feed(stdin));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("mtlint {args:?} still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    output
}

/// `yes | mtlint check -`: the read stops at the limit instead of taking all memory.
#[test]
fn endless_standard_input_stops_at_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let feed = |mut stdin: std::process::ChildStdin| {
        use std::io::Write;
        let line = b"y\n".repeat(32 << 10);
        // Far more than the limit; stops when mtlint closes the pipe.
        for _ in 0..(1 << 12) {
            if stdin.write_all(&line).is_err() {
                return;
            }
        }
    };
    let o = mtlint_within(
        60,
        &["check", "--max-file-size", "1M", "-"],
        dir.path(),
        feed,
    );
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "<stdin>: it is over the 1 MiB limit; not read (raise it with --max-file-size)"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_file_over_the_size_limit_is_an_error_for_it_only() {
    let big = BROKEN.repeat(40);
    let dir = tree(&[
        ("big.txt", big.as_bytes()),
        ("small.txt", BROKEN.as_bytes()),
    ]);
    let o = mtlint(
        &["check", "--format", "editor", "--max-file-size", "1K", "."],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!(
            "big.txt: its size, {} bytes, is over the 1 KiB limit",
            big.len()
        )),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).starts_with("small.txt:1:"), "{}", stdout(&o));
    // Under the limit, the same file is checked.
    let o = mtlint(&["check", "--max-file-size", "64K", "big.txt"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let o = mtlint(&["check", "--max-file-size", "lots", "big.txt"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a size"), "{}", stderr(&o));
}

/// A FIFO named on the command line is reported, not opened and waited on.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_reported_not_waited_on() {
    let dir = tree(&[("a.txt", BROKEN.as_bytes())]);
    let made = Command::new("mkfifo")
        .arg(dir.path().join("pipe.txt"))
        .status();
    assert!(made.unwrap().success());
    let o = mtlint_within(
        30,
        &["check", "--format", "editor", "pipe.txt", "a.txt"],
        dir.path(),
        drop,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pipe.txt: is a named pipe (FIFO), not a regular file; not read"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).starts_with("a.txt:1:"), "{}", stdout(&o));
    // A walk passes it by.
    let o = mtlint_within(30, &["check", "--format", "editor", "."], dir.path(), drop);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

/// A config, a rule pack and a baseline are read as inputs are: a FIFO in their place is
/// refused (not waited on), and one over `--max-file-size` is refused, each with an error
/// naming the file.
#[cfg(unix)]
#[test]
fn settings_files_are_regular_files_within_the_size_limit() {
    let pack = regex_rule("qz");
    let dir = tree(&[
        ("a.txt", BROKEN.as_bytes()),
        ("rules/house.toml", pack.as_bytes()),
        (
            "big/mtlint.toml",
            format!("# {}\n", "x".repeat(4096)).as_bytes(),
        ),
        (
            "big/baseline.json",
            format!("{{\"x\": \"{}\"}}", "y".repeat(4096)).as_bytes(),
        ),
    ]);
    for fifo in ["pipe.toml", "pipes/p.toml", "pipe.json"] {
        std::fs::create_dir_all(dir.path().join(fifo).parent().unwrap()).unwrap();
        let made = Command::new("mkfifo").arg(dir.path().join(fifo)).status();
        assert!(made.unwrap().success());
    }
    let fifo = "is a named pipe (FIFO), not a regular file; not read";
    let over = "is over the 1 KiB limit; not read (raise it with --max-file-size)";
    let cases: [(&[&str], String); 6] = [
        (&["--config", "pipe.toml"], format!("pipe.toml: {fifo}")),
        (&["--rules", "pipes"], format!("p.toml: {fifo}")),
        (
            &["--baseline", "pipe.json"],
            format!("pipe.json: the baseline was not read: {fifo}"),
        ),
        (
            &["--max-file-size", "1K", "--config", "big/mtlint.toml"],
            format!("big/mtlint.toml: its size, 4099 bytes, {over}"),
        ),
        (
            &["--max-file-size", "100", "--rules", "rules"],
            "house.toml: its size, ".to_string(),
        ),
        (
            &["--max-file-size", "1K", "--baseline", "big/baseline.json"],
            "big/baseline.json: the baseline was not read: its size, 4105 bytes, is over the \
             1 KiB limit"
                .to_string(),
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["check", "--format", "editor"];
        args.extend_from_slice(flags);
        args.push("a.txt");
        let o = mtlint_within(30, &args, dir.path(), drop);
        assert_eq!(o.status.code(), Some(2), "{flags:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&expected),
            "{flags:?}: {expected:?} not in {}",
            stderr(&o)
        );
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    }
    // Within the limit, the same files load.
    let o = mtlint_within(
        30,
        &["check", "--rules", "rules", "a.txt"],
        dir.path(),
        drop,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn thread_counts_are_bounded() {
    let dir = tree(&[("a.txt", BROKEN.as_bytes())]);
    for n in ["10000", "18446744073709551615"] {
        let o = mtlint(&["check", "--threads", n, "a.txt"], dir.path());
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("threads is more than the"),
            "{}",
            stderr(&o)
        );
    }
    for n in ["0", "1", "64"] {
        let o = mtlint(&["check", "--threads", n, "a.txt"], dir.path());
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    }
}

/// An error that names a path with a line break in it is still one line: the break is
/// shown as `\n`, not printed as a second `mtlint: error:` line.
#[cfg(unix)]
#[test]
fn an_error_naming_a_path_is_one_line() {
    let dir = tree(&[
        ("bad\nname.txt", b"not \xff UTF-8\n"),
        ("rules\nx/p.toml", b"not a pack"),
    ]);
    let cases: [(&[&str], &str); 4] = [
        (&["bad\nname.txt"], "bad\\nname.txt: "),
        (&["missing\nfile.txt"], "missing\\nfile.txt: no such file"),
        (&["--config", "c\nd.toml", "bad\nname.txt"], "c\\nd.toml: "),
        (
            &["--rules", "rules\nx", "bad\nname.txt"],
            "rules\\nx/p.toml",
        ),
    ];
    for (args, expected) in cases {
        let mut all = vec!["check", "--format", "editor"];
        all.extend_from_slice(args);
        let o = mtlint(&all, dir.path());
        assert_no_crash(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let errors = stderr(&o);
        let first = errors.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("mtlint: error: ") && first.contains(expected),
            "{args:?}: {errors}"
        );
        assert_eq!(errors.lines().count(), 1, "{args:?}: {errors}");
    }
}
