//! A small content repository checked end to end: Markdown with front matter and code, a
//! config with overrides, excludes and its own rule pack, suppressions and a baseline.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::cli::{Colour, stdout};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/content-repo")
}

fn mtlint(args: &[&str], dir: &Path) -> Output {
    common::cli::run(args, dir, b"", Colour::Unset)
}

#[test]
fn human_report() {
    let o = mtlint(&["check", "."], &repo());
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn editor_report() {
    insta::assert_snapshot!(stdout(&mtlint(
        &["check", "--format", "editor", "."],
        &repo()
    )));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(stdout(&mtlint(
        &["check", "--format", "json", "."],
        &repo()
    )));
}

#[test]
fn config_excludes_overrides_and_house_rules_apply() {
    let out = stdout(&mtlint(&["check", "--format", "editor", "."], &repo()));
    assert!(!out.contains("drafts/"), "excluded folder: {out}");
    assert!(
        !out.contains("leak/"),
        "the blog override ignores leaks: {out}"
    );
    assert!(
        out.contains("blog/style-notes.md:10:21: info:"),
        "override lowers broken-sentence to info: {out}"
    );
    assert!(
        out.contains("error: `more in addition`"),
        "severity override by category: {out}"
    );
    assert!(
        out.contains("[house/dprk]"),
        "the config's rule folder is loaded: {out}"
    );
    // Code, inline code, link targets and suppressed lines stay silent.
    assert!(!out.contains("korea-talks.md:17:"), "{out}");
    assert!(!out.contains("korea-talks.md:20:"), "{out}");
    assert!(!out.contains("closed-door"), "{out}");
    assert!(!out.contains("doubled-terminator"), "{out}");
    // An explicitly named excluded file is still checked.
    let drafts = stdout(&mtlint(
        &["check", "--format", "editor", "drafts/wip.md"],
        &repo(),
    ));
    assert!(drafts.contains("drafts/wip.md:1:"), "{drafts}");
}

#[test]
fn baseline_silences_known_findings_from_any_directory() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = mtlint(
        &[
            "check",
            "--format",
            "editor",
            "--baseline",
            "fixtures/content-repo/baseline.json",
            "fixtures/content-repo",
        ],
        root,
    );
    let out = stdout(&o);
    assert!(!out.contains("trade-barbs"), "{out}");
    assert!(out.contains("mt-calque"), "{out}");
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(!stderr.contains("stale"), "{stderr}");
}

#[test]
fn stale_baseline_entries_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo(), dir.path());
    let article = dir.path().join("news/2021/korea-talks.md");
    let text = std::fs::read_to_string(&article)
        .unwrap()
        .replace("public beards", "public barbs");
    std::fs::write(&article, text).unwrap();
    let o = mtlint(&["check", "--baseline", "baseline.json", "."], dir.path());
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(stderr.contains("baseline.json: 1 stale entry"), "{stderr}");
    assert!(
        stderr.contains("news/2021/korea-talks.md [substitution/trade-barbs] \"public beards\""),
        "{stderr}"
    );
}

#[test]
fn effective_config_for_a_file() {
    let o = mtlint(&["config", "blog/style-notes.md"], &repo());
    let out = stdout(&o).replace(&repo().display().to_string(), "<repo>");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_config_key_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mtlint.toml"), "fail_on = \"error\"\n").unwrap();
    std::fs::write(dir.path().join("a.md"), "Text.\n").unwrap();
    let o = mtlint(&["check", "a.md"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains("mtlint.toml:1:1: unknown field `fail_on`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `fail-on`?"), "{stderr}");
}

#[test]
fn fixing_the_repository_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo(), dir.path());
    let o = mtlint(
        &[
            "check",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "editor",
            ".",
        ],
        dir.path(),
    );
    let remaining = stdout(&o);
    let fixed = std::fs::read_to_string(dir.path().join("news/2021/korea-talks.md")).unwrap();
    assert!(fixed.contains("**public barbs**"), "{fixed}");
    assert!(fixed.contains("even more\ndependent"), "{fixed}");
    assert!(fixed.contains("its nuclear power\nprogram"), "{fixed}");
    assert!(
        fixed.contains("Code is not prose: its nuclear power. program"),
        "code untouched: {fixed}"
    );
    let again = mtlint(&["check", "--diff", "--unsafe-fixes", "."], dir.path());
    assert_eq!(
        stdout(&again),
        "",
        "a second fix changes nothing; remaining: {remaining}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The JSON Schema editors use names exactly the keys the config parser accepts.
#[test]
fn config_schema_matches_the_parser() {
    use mtlint::config::{ConfigFile, Level, Override};
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../mtlint.schema.json")).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let full = ConfigFile {
        select: vec!["a".into()],
        ignore: vec!["a".into()],
        fail_on: Some(mtlint::config::FailOn::Error),
        severity: [("a".to_string(), Level::Off)].into(),
        rules: vec!["a".into()],
        exclude: vec!["a".into()],
        scripts: vec!["Latin".into()],
        languages: vec!["es".into()],
        syntax: Some(mtlint::site_syntax::Flavour::Hugo),
        overrides: vec![Override {
            files: vec!["a".into()],
            select: vec!["a".into()],
            ignore: vec!["a".into()],
            severity: [("a".to_string(), Level::Info)].into(),
            fail_on: Some(mtlint::config::FailOn::Info),
            languages: vec!["es".into()],
            syntax: Some(mtlint::site_syntax::Flavour::Plain),
        }],
    };
    let as_json = serde_json::to_value(&full).unwrap();
    assert_eq!(keys(&schema["properties"]), keys(&as_json));
    assert_eq!(
        keys(&schema["properties"]["overrides"]["items"]["properties"]),
        keys(&as_json["overrides"][0])
    );
    let levels: Vec<&str> = schema["definitions"]["level"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let flavours = schema["definitions"]["syntax"]["enum"].as_array().unwrap();
    for flavour in flavours {
        let text = format!("syntax = {flavour}\n");
        assert!(
            mtlint::config::Config::parse("c.toml", &text).is_ok(),
            "{flavour}"
        );
    }
    for level in levels {
        let text = format!("[severity]\na = \"{level}\"\n");
        assert!(
            mtlint::config::Config::parse("c.toml", &text).is_ok(),
            "{level}"
        );
    }
}

/// `syntax` names the site generator where its syntax is ambiguous: a Jekyll include
/// without front matter writes `{{ site.title }}` as markup; `plain` (here per override)
/// reads no site syntax, so an output tag is a leak even in a page with front matter.
#[test]
fn the_syntax_key_names_the_site_generator() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    let include = "The title is {{ site.title }} and the note {{< note >}} follows.\n";
    std::fs::write(dir.path().join("include.md"), include).unwrap();
    let post = "---\ntitle: A\n---\n\nThe title is {{ page.title }} here.\n";
    std::fs::write(dir.path().join("articles/post.md"), post).unwrap();
    let findings = |config: &str| {
        std::fs::write(dir.path().join("mtlint.toml"), config).unwrap();
        let o = mtlint(&["check", "--format", "editor", "."], dir.path());
        assert!(
            o.status.code() != Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let mut lines: Vec<String> = stdout(&o)
            .lines()
            .filter(|l| l.contains("leak/placeholder"))
            .map(|l| {
                let (file, rest) = l.split_once(':').unwrap();
                let matched = rest.split('`').nth(1).unwrap_or_default();
                format!("{} {matched}", file.replace('\\', "/"))
            })
            .collect();
        lines.sort();
        lines
    };
    // By default an output tag is markup only after front matter.
    assert_eq!(findings(""), ["include.md {{ site.title }}"]);
    assert!(findings("syntax = \"jekyll\"\n").is_empty());
    let per_override =
        "syntax = \"hugo\"\n\n[[overrides]]\nfiles = [\"articles\"]\nsyntax = \"plain\"\n";
    assert_eq!(
        findings(per_override),
        ["articles/post.md {{ page.title }}"]
    );
    std::fs::write(dir.path().join("mtlint.toml"), "syntax = \"wordpress\"\n").unwrap();
    let o = mtlint(&["check", "."], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("mtlint.toml") && err.contains("wordpress"),
        "{err}"
    );
}

/// The repository in every CI format, one snapshot each.
#[test]
fn ci_formats() {
    // Every format but the three with tests of their own above, so that a new format
    // gets a snapshot without anyone listing it here.
    let formats = <mtlint::render::Format as clap::ValueEnum>::value_variants()
        .iter()
        .map(ToString::to_string)
        .filter(|f| !["human", "editor", "json"].contains(&f.as_str()));
    for format in formats {
        let out = stdout(&mtlint(&["check", "--format", &format, "."], &repo()));
        let out = out.replace(env!("CARGO_PKG_VERSION"), "<version>");
        insta::assert_snapshot!(format!("ci_format_{format}"), out);
    }
}
