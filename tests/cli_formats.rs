//! Runs the built binary on the sample article with every machine-readable format and
//! checks that the output parses, and that SARIF output is valid against the schema.

use std::process::Command;

const SAMPLE: &str = "fixtures/sample-article.txt";
/// Findings mtlint reports on the sample article.
const SAMPLE_FINDINGS: usize = 10;

fn run(format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", format, SAMPLE])
        .output()
        .expect("mtlint runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{format}: findings exit 1; stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("output is UTF-8")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("output is JSON")
}

fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines().map(json).collect()
}

#[test]
fn json_formats_parse() {
    assert_eq!(
        json(&run("json")).as_array().unwrap().len(),
        SAMPLE_FINDINGS
    );
    let lines = json_lines(&run("jsonl"));
    assert_eq!(lines.len(), SAMPLE_FINDINGS);
    assert!(lines.iter().all(|l| l["path"] == SAMPLE));

    let rdjson = json(&run("rdjson"));
    assert_eq!(rdjson["source"]["name"], "mtlint");
    assert_eq!(
        rdjson["diagnostics"].as_array().unwrap().len(),
        SAMPLE_FINDINGS
    );
    let rdjsonl = json_lines(&run("rdjsonl"));
    assert_eq!(rdjsonl.len(), SAMPLE_FINDINGS);
    assert!(rdjsonl.iter().all(|d| d["location"]["path"] == SAMPLE));

    let gitlab = json(&run("gitlab"));
    assert_eq!(gitlab.as_array().unwrap().len(), SAMPLE_FINDINGS);
}

#[path = "schemas/sarif_validator.rs"]
mod sarif_validator;

#[test]
fn sarif_is_valid_against_the_schema() {
    let validator = sarif_validator::validator();
    let sarif = json(&run("sarif"));
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), SAMPLE_FINDINGS);
}

#[test]
fn github_annotations() {
    let out = run("github");
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), SAMPLE_FINDINGS);
    for line in commands {
        let (head, _message) = line[2..].split_once("::").expect("::level props::message");
        let (level, props) = head.split_once(' ').expect("level and properties");
        assert!(["error", "warning", "notice"].contains(&level), "{line}");
        assert!(props.starts_with(&format!("file={SAMPLE},line=")), "{line}");
    }
}

#[test]
fn xml_formats_are_well_formed() {
    for format in ["checkstyle", "junit"] {
        let out = run(format);
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        check_well_formed(&out[out.find("?>").unwrap() + 2..])
            .unwrap_or_else(|e| panic!("{format}: {e}\n{out}"));
    }
}

/// A small well-formedness check: tags balance and nest, attributes are quoted, and `&`
/// starts only the five predefined entities or a character reference.
fn check_well_formed(xml: &str) -> Result<(), String> {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml;
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open])?;
        let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().ok_or(format!("stray </{name}>"))?;
            if top != name.trim() {
                return Err(format!("</{name}> closes <{top}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name = body.split_whitespace().next().ok_or("empty tag")?;
        check_attributes(&body[name.len()..])?;
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name);
        }
    }
    check_text(rest)?;
    match (stack.is_empty(), roots) {
        (true, 1) => Ok(()),
        (false, _) => Err(format!("unclosed elements {stack:?}")),
        _ => Err(format!("{roots} root elements")),
    }
}

fn check_attributes(mut attrs: &str) -> Result<(), String> {
    loop {
        attrs = attrs.trim_start();
        if attrs.is_empty() {
            return Ok(());
        }
        let eq = attrs
            .find('=')
            .ok_or(format!("attribute without value: {attrs}"))?;
        attrs = &attrs[eq + 1..];
        let quote = attrs.chars().next().ok_or("missing value")?;
        if quote != '"' && quote != '\'' {
            return Err(format!("unquoted attribute value: {attrs}"));
        }
        let end = attrs[1..].find(quote).ok_or("unterminated value")? + 1;
        let value = &attrs[1..end];
        if value.contains('<') {
            return Err(format!("`<` in attribute value {value}"));
        }
        check_text(value)?;
        attrs = &attrs[end + 1..];
    }
}

fn check_text(text: &str) -> Result<(), String> {
    if text.contains('>') && text.contains("]]>") {
        return Err("`]]>` in text".into());
    }
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let semi = rest[amp..].find(';').ok_or("`&` without `;`")? + amp;
        let entity = &rest[amp + 1..semi];
        let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
            || entity
                .strip_prefix('#')
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()) && !n.is_empty());
        if !known {
            return Err(format!("unknown entity &{entity};"));
        }
        rest = &rest[semi + 1..];
    }
    Ok(())
}

/// Files whose names and text hold line breaks, workflow commands, terminal escapes and
/// bidirectional overrides: a binary one (skipped with a note), one that is not UTF-8
/// (an error) and one with findings.
fn hostile_tree() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write(
        "b\n::notice title=Injected2::binary\n.txt",
        b"binary\0text\n",
    );
    write(
        "u\n::error title=Injected3::utf8\r.txt",
        b"not \xff UTF-8\n",
    );
    let name = "e\u{1b}]0;PWNED\u{7}\r\u{202e}\n::warning title=Injected4::x\u{9b}.txt";
    write(
        name,
        "The agency sent food food\u{1b}]0;PWNED\u{7}\u{1b}[2J to them.\r\n\
         It is more in addition\u{9b}31m dependent.\u{7f}\u{2028}\u{200b}\n"
            .as_bytes(),
    );
    (dir, name.to_string())
}

/// Whether `c` may not appear raw in any output: control characters but the line feed,
/// and the other characters that reorder or break lines.
fn forbidden(c: char) -> bool {
    c != '\n' && mtlint::render::escape::is_hidden(c)
}

#[test]
fn hostile_paths_and_text_reach_no_format_raw() {
    let (dir, name) = hostile_tree();
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .current_dir(dir.path())
            .args([
                "check",
                "--no-config",
                "--color",
                "never",
                "--format",
                format,
                ".",
            ])
            .output()
            .expect("mtlint runs")
    };
    let json: serde_json::Value =
        serde_json::from_slice(&run("json").stdout).expect("JSON output parses");
    let findings = json.as_array().unwrap();
    assert!(findings.len() >= 2, "{json:#}");
    assert!(
        findings.iter().all(|f| f["path"] == name.as_str()),
        "JSON keeps the path exactly"
    );
    for &format in <mtlint::render::Format as clap::ValueEnum>::value_variants() {
        let format = format.to_string();
        let output = run(&format);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{format}: the bad file is an error"
        );
        let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
        let stderr = String::from_utf8(output.stderr).expect("UTF-8 errors");
        for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            let raw: Vec<char> = text.chars().filter(|&c| forbidden(c)).collect();
            assert!(raw.is_empty(), "{format} {stream}: raw {raw:?} in\n{text}");
            for line in text.lines() {
                // The runner trims a line's leading whitespace before looking for `::`.
                let line = line.trim_start();
                let own = format == "github"
                    && stream == "stdout"
                    && ["::error file=", "::warning file=", "::notice file="]
                        .iter()
                        .any(|p| line.starts_with(p));
                assert!(
                    own || !line.starts_with("::"),
                    "{format} {stream}: a line passes for a workflow command: {line}"
                );
            }
        }
        assert!(stderr.contains("mtlint: note: "), "{format}: {stderr}");
        assert!(stderr.contains("mtlint: error: "), "{format}: {stderr}");
        if format == "github" {
            let commands = stdout.lines().filter(|l| l.starts_with("::")).count();
            assert_eq!(commands, findings.len(), "{stdout}");
        }
    }
}

/// The `errorformat` the README gives for Vim.
fn readme_errorformat() -> String {
    let readme = include_str!("../README.md");
    let start = readme
        .find("set errorformat=")
        .expect("the README sets errorformat");
    let line = &readme[start + "set errorformat=".len()..];
    line[..line.find('`').expect("in a code span")].to_string()
}

/// Vim (or Neovim), if installed, puts the cursor on the finding with the README's
/// `errorformat`, after curly quotes, a dash and accents (characters that take several
/// bytes but one column).
#[test]
fn vim_quickfix_jumps_to_the_finding_with_the_readme_errorformat() {
    let editors: Vec<&str> = ["vim", "nvim"]
        .into_iter()
        .filter(|e| Command::new(e).arg("--version").output().is_ok())
        .collect();
    if editors.is_empty() {
        eprintln!("SKIPPED: neither `vim` nor `nvim` is installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The “talks” ended — café naïveté. It is more in addition dependent.\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "editor", "a.txt"])
        .output()
        .unwrap();
    std::fs::write(dir.path().join("errors.txt"), &output.stdout).unwrap();
    let efm = readme_errorformat();
    for editor in editors {
        let at = dir.path().join("at.txt");
        let _ = std::fs::remove_file(&at);
        let status = Command::new(editor)
            .current_dir(dir.path())
            .args(["-N", "-u", "NONE", "-i", "NONE", "-n", "-es"])
            .args(["-c", &format!("set errorformat={efm}")])
            .args(["-c", "cfile errors.txt", "-c", "cfirst"])
            .args([
                "-c",
                "call writefile([strpart(getline('.'), col('.') - 1)], 'at.txt')",
            ])
            .args(["-c", "qa!"])
            .stdin(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{editor} ran");
        let at = std::fs::read_to_string(&at).unwrap();
        assert!(
            at.starts_with("more in addition"),
            "{editor}: the cursor is at {at:?}, not the finding"
        );
    }
}
