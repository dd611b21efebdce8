//! The command line end to end: inputs, exit codes, encodings, rule selection, colour.

use std::path::Path;
use std::process::Output;

mod common;
use common::cli::{Colour, stderr, stdout, tree};

fn mtlint(args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
    common::cli::run(args, dir, stdin.unwrap_or_default(), Colour::Unset)
}

const BROKEN: &str = "The talks focused on its nuclear power. program and more.\n";
const CLEAN: &str = "Senior U.S. officials met Mr. Kim at 4 p.m. on Monday.\n";

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tree(&[
        ("a.txt", BROKEN.as_bytes()),
        ("clean.txt", CLEAN.as_bytes()),
    ]);
    let d = dir.path();
    assert_eq!(
        mtlint(&["check", "clean.txt"], d, None).status.code(),
        Some(0)
    );
    assert_eq!(mtlint(&["check", "a.txt"], d, None).status.code(), Some(1));
    assert_eq!(
        mtlint(&["check", "--fail-on", "error", "a.txt"], d, None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        mtlint(&["check", "--fail-on", "never", "a.txt"], d, None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        mtlint(&["check", "--fail-on", "info", "a.txt"], d, None)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        mtlint(&["check", "--bogus"], d, None).status.code(),
        Some(2)
    );
    assert_eq!(
        mtlint(&["check", "missing.txt"], d, None).status.code(),
        Some(2)
    );
}

#[test]
fn reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let o = mtlint(
        &[
            "check",
            "--format",
            "editor",
            "--stdin-filename",
            "story.txt",
            "-",
        ],
        dir.path(),
        Some(BROKEN.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "story.txt:1:39: warning: A period splits a phrase: `. program` [broken-sentence/period-before-lowercase]\n"
    );
}

#[test]
fn crlf_and_bom_give_the_same_positions() {
    let lf = format!("Intro line.\n\n{BROKEN}");
    let crlf = lf.replace('\n', "\r\n");
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(lf.as_bytes());
    let dir = tree(&[
        ("lf.txt", lf.as_bytes()),
        ("crlf.txt", crlf.as_bytes()),
        ("bom.txt", &bom),
    ]);
    let positions = |name: &str| {
        let o = mtlint(&["check", "--format", "editor", name], dir.path(), None);
        stdout(&o).replace(name, "F")
    };
    assert_eq!(positions("lf.txt"), positions("crlf.txt"));
    assert_eq!(positions("lf.txt"), positions("bom.txt"));
    assert!(positions("lf.txt").starts_with("F:3:39:"));
    let o = mtlint(&["check", "--format", "json", "bom.txt"], dir.path(), None);
    let json: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let start = json[0]["byte_start"].as_u64().unwrap() as usize;
    assert_eq!(&bom[start..start + 2], b". ", "byte offsets count the BOM");
}

#[test]
fn invalid_utf8_is_an_error_for_that_file_only() {
    let dir = tree(&[
        ("bad.txt", b"ok \xFF here"),
        ("good.txt", BROKEN.as_bytes()),
    ]);
    let o = mtlint(&["check", "--format", "editor", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.txt: not valid UTF-8: bad byte at offset 3"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).starts_with("good.txt:1:39:"), "{}", stdout(&o));
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tree(&[("data.txt", b"\x00\x01\x02binary")]);
    let o = mtlint(&["check", "data.txt"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("data.txt: binary file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn directories_are_walked_for_text_files_respecting_gitignore() {
    let dir = tree(&[
        ("news/a.md", BROKEN.as_bytes()),
        ("news/b.markdown", BROKEN.as_bytes()),
        ("news/c.txt", BROKEN.as_bytes()),
        ("news/skip.html", BROKEN.as_bytes()),
        ("drafts/d.txt", BROKEN.as_bytes()),
        (".gitignore", b"drafts/\n"),
    ]);
    let o = mtlint(&["check", "--format", "editor", "."], dir.path(), None);
    let out = stdout(&o);
    let files: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert!(!out.contains("drafts/"), "{out}");
    assert!(!out.contains("skip.html"), "{out}");
    assert_eq!(files, ["news/a.md", "news/b.markdown", "news/c.txt"]);
}

#[test]
fn select_and_ignore_choose_rules() {
    let dir = tree(&[("a.txt", b" date 2021-03-23 Text. program here.\n")]);
    let rules_of = |args: &[&str]| {
        let mut all = vec!["check", "--format", "editor"];
        all.extend(args);
        all.push("a.txt");
        let o = mtlint(&all, dir.path(), None);
        stdout(&o)
            .lines()
            .map(|l| {
                l.rsplit('[')
                    .next()
                    .unwrap()
                    .trim_end_matches(']')
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(rules_of(&["--select", "leak"]), ["leak/metadata-label"]);
    assert_eq!(
        rules_of(&["--ignore", "leak,whitespace/leading-space"]),
        ["broken-sentence/period-before-lowercase"]
    );
    let o = mtlint(&["check", "--select", "leek", "a.txt"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `leak`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = tree(&[("a.txt", BROKEN.as_bytes())]);
    let plain = mtlint(&["check", "a.txt"], dir.path(), None);
    assert!(!stdout(&plain).contains('\x1b'), "piped output is plain");
    let forced = mtlint(&["check", "--color", "always", "a.txt"], dir.path(), None);
    assert!(stdout(&forced).contains('\x1b'));
    let never = mtlint(&["check", "--color", "never", "a.txt"], dir.path(), None);
    assert!(!stdout(&never).contains('\x1b'));
}

#[test]
fn user_rules_load_and_bad_ones_fail_clearly() {
    let pack = "[pack]\nname = \"house\"\ndescription = \"d\"\n\n[[rule]]\nid = \"house/color\"\nseverity = \"error\"\nmessage = \"Write `{suggestion}`\"\ndescription = \"d\"\n\n[rule.match]\nkind = \"phrase\"\nphrases = { colour = \"color\" }\n";
    let dir = tree(&[
        ("rules/house.toml", pack.as_bytes()),
        ("a.txt", b"A colour photo.\n"),
    ]);
    let o = mtlint(
        &["check", "--rules", "rules", "--format", "editor", "a.txt"],
        dir.path(),
        None,
    );
    assert_eq!(
        stdout(&o),
        "a.txt:1:3: error: Write `color` [house/color]\n"
    );
    std::fs::write(
        dir.path().join("rules/house.toml"),
        pack.replace("kind = \"phrase\"", "kind = \"phrasee\""),
    )
    .unwrap();
    let o = mtlint(&["check", "--rules", "rules", "a.txt"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("rules/house.toml:12:8: rule `house/color`: unknown matcher kind `phrasee`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let o = mtlint(&["rules"], dir.path(), None);
    assert!(stdout(&o).contains("broken-sentence/period-before-lowercase"));
    let o = mtlint(&["explain", "substitution/mt-calque"], dir.path(), None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("more in addition"));
    let o = mtlint(&["explain", "substitution/mt-calqe"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `substitution/mt-calque`?"));
}

#[test]
fn config_languages_are_expected_per_file() {
    let text =
        "The central bank kept its rates, por otra parte, unchanged on Thursday.\n".as_bytes();
    let dir = tree(&[("a.txt", text), ("es/b.txt", text)]);
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "[[overrides]]\nfiles = [\"es/**\"]\nlanguages = [\"Spanish\"]\n",
    )
    .unwrap();
    let o = mtlint(
        &["check", "--format", "editor", "a.txt", "es/b.txt"],
        dir.path(),
        None,
    );
    let out = stdout(&o);
    assert!(
        out.contains("a.txt") && out.contains("untranslated/foreign-words"),
        "{out}"
    );
    assert!(!out.contains("b.txt"), "{out}");
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "languages = [\"Klingon\"]\n",
    )
    .unwrap();
    let o = mtlint(&["check", "a.txt"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown language `Klingon`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn config_scripts_set_the_expected_scripts() {
    let text = "The ruling party, Грузинская мечта, won the parliamentary vote again on Saturday, \
                the election commission said after counting the ballots.\n"
        .as_bytes();
    let dir = tree(&[("a.txt", text)]);
    let rules = |d: &Path| {
        let o = mtlint(&["check", "--format", "editor", "a.txt"], d, None);
        stdout(&o)
    };
    assert!(rules(dir.path()).contains("untranslated/foreign-script"));
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "scripts = [\"Latin\", \"Cyrillic\"]\n",
    )
    .unwrap();
    assert!(
        !rules(dir.path()).contains("untranslated/"),
        "{}",
        rules(dir.path())
    );
    std::fs::write(dir.path().join("mtlint.toml"), "scripts = [\"Klingon\"]\n").unwrap();
    let o = mtlint(&["check", "a.txt"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown script `Klingon`"),
        "{}",
        stderr(&o)
    );
}

/// Hidden files and folders are skipped by a walk, as ripgrep does, unless `--hidden`;
/// `.git` always is; `.ignore` is read like `.gitignore`; a named hidden file is checked.
#[test]
fn hidden_files_and_ignore_files() {
    let dir = tree(&[
        ("a.md", BROKEN.as_bytes()),
        (".draft.md", BROKEN.as_bytes()),
        (".vitepress/cache/page.md", BROKEN.as_bytes()),
        (".git/notes.md", BROKEN.as_bytes()),
        ("generated/api.md", BROKEN.as_bytes()),
        (".ignore", b"generated/\n"),
    ]);
    let files = |o: &Output| -> Vec<String> {
        let mut files: Vec<String> = stdout(o)
            .lines()
            .map(|l| l.split(':').next().unwrap().to_string())
            .collect();
        files.dedup();
        files
    };
    let o = mtlint(&["check", "--format", "editor", "."], dir.path(), None);
    assert_eq!(files(&o), ["a.md"], "{}", stderr(&o));
    let o = mtlint(
        &["check", "--format", "editor", "--hidden", "."],
        dir.path(),
        None,
    );
    assert_eq!(
        files(&o),
        [".draft.md", ".vitepress/cache/page.md", "a.md"],
        "{}",
        stderr(&o)
    );
    let o = mtlint(
        &["check", "--format", "editor", ".draft.md", ".vitepress"],
        dir.path(),
        None,
    );
    assert_eq!(
        files(&o),
        [".draft.md", ".vitepress/cache/page.md"],
        "{}",
        stderr(&o)
    );
}

/// Non-prose `.txt` in a docs tree (program output, word lists) is left out with one
/// `exclude` glob: `*.txt` matches at any depth.
#[test]
fn exclude_globs_leave_out_non_prose_text_files() {
    let dir = tree(&[
        ("docs/guide.md", BROKEN.as_bytes()),
        ("docs/examples/output.txt", BROKEN.as_bytes()),
        ("docs/words.txt", BROKEN.as_bytes()),
        ("notes.txt", BROKEN.as_bytes()),
        ("mtlint.toml", b"exclude = [\"*.txt\"]\n"),
    ]);
    let o = mtlint(&["check", "--format", "editor", "."], dir.path(), None);
    assert!(stdout(&o).starts_with("docs/guide.md:1:"), "{}", stdout(&o));
    assert!(!stdout(&o).contains(".txt"), "{}", stdout(&o));
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "exclude = [\"docs/examples\", \"**/words.txt\"]\n",
    )
    .unwrap();
    let o = mtlint(&["check", "--format", "editor", "."], dir.path(), None);
    let shown = stdout(&o);
    assert!(shown.contains("notes.txt:1:"), "{shown}");
    assert!(
        !shown.contains("output.txt") && !shown.contains("words.txt"),
        "{shown}"
    );
}

/// A run that finds nothing to check says so on standard error, and exits 0 (as ruff
/// does): an empty folder is not an error, a missing one is.
#[test]
fn a_run_with_no_files_says_so() {
    let dir = tree(&[
        ("src/main.rs", b"fn main() {}\n"),
        (".hidden.md", BROKEN.as_bytes()),
    ]);
    let o = mtlint(&["check", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("mtlint: warning: no files to check"),
        "{}",
        stderr(&o)
    );
    let o = mtlint(&["check", "missing"], dir.path(), None);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("no files to check"), "{}", stderr(&o));
    let o = mtlint(&["check", "--hidden", "."], dir.path(), None);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains("no files to check"), "{}", stderr(&o));
}

/// `mtlint --version` names every data set the binary embeds, with the versions the data
/// manifest records and the licences NOTICE gives; `-V` stays one line.
#[test]
fn version_names_the_embedded_data_and_its_licences() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = mtlint(&["--version"], root, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let version = stdout(&o);
    assert!(
        version.starts_with(&format!("mtlint {}\n", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    assert!(version.contains("licence: MIT OR Apache-2.0"), "{version}");
    // Every source the manifest pins, as `name version (registry)`.
    let manifest = std::fs::read_to_string(root.join("data/untranslated/MANIFEST")).unwrap();
    let sources: Vec<String> = manifest
        .lines()
        .filter_map(|l| l.split_once(" = "))
        .filter_map(|(name, value)| {
            let (pinned, registry) = value.split_once(" (")?;
            let registry = registry.split(')').next()?;
            Some(format!("{name} {pinned} ({registry})"))
        })
        .collect();
    assert!(sources.len() >= 4, "{sources:?}");
    let notice = std::fs::read_to_string(root.join("NOTICE")).unwrap();
    for source in &sources {
        assert!(
            version.contains(source.as_str()),
            "{source} not in\n{version}"
        );
        let name = source.split(' ').next().unwrap();
        assert!(notice.contains(name), "{name} not in NOTICE");
    }
    // Every embedded data set NOTICE lists (its headings), with its licence.
    let lines: Vec<&str> = notice.lines().collect();
    let headings = lines
        .windows(3)
        .filter(|w| w[0].starts_with("-----") && w[2].starts_with("-----"))
        .map(|w| w[1]);
    for heading in headings {
        let file = heading.split_whitespace().next().unwrap();
        assert!(version.contains(file), "{file} not in\n{version}");
    }
    for licence in ["CC BY-SA 4.0", "CC BY 4.0", "public domain", "MIT"] {
        assert!(version.contains(licence), "{licence} not in\n{version}");
    }
    let o = mtlint(&["-V"], root, None);
    assert_eq!(
        stdout(&o),
        format!("mtlint {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// A reader that closes the pipe before the output is written (`mtlint rules | head`)
/// ends every subcommand quietly: no panic, no message, exit code 2 (the output was cut
/// short) unless the write came first.
#[test]
fn a_closed_output_pipe_ends_every_subcommand_quietly() {
    let dir = tree(&[("a.txt", BROKEN.as_bytes())]);
    let commands: [&[&str]; 5] = [
        &["rules"],
        &["explain", "broken-sentence/fragment"],
        &["config", "a.txt"],
        &["test-rules"],
        &["check", "a.txt"],
    ];
    for args in commands {
        let output = common::cli::run_with_output_closed(args, dir.path());
        let code = output.status.code();
        assert!(matches!(code, Some(0..=2)), "{args:?}: {code:?}");
        assert_eq!(stderr(&output), "", "{args:?}");
    }
}
