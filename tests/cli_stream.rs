//! `mtlint check` writes its report a file at a time while later files are still checked.
//! On a tree of several batches of files, in every format, what it writes must equal
//! `render::render` of all the files at once.

use std::path::{Path, PathBuf};
use std::process::Command;

use mtlint::Linter;
use mtlint::document::{self, Syntax};
use mtlint::render::{self, FileReport, Format, RenderOptions};
use mtlint::source::SourceText;

/// Sentences with and without findings; file `i` takes a few of them, so that files have
/// from none to several findings.
const SENTENCES: &[&str] = &[
    "A clean paragraph about the harbour.",
    "They traded public beards in Alaska.",
    "It is more in addition dependent.",
    "China said its nuclear power. program stalled.",
    "Officials met on Tuesday.",
];

/// Files enough for several of the batches `check` hands over, in two folders, with
/// Markdown, a BOM and CRLF line endings, and names that formats escape.
fn tree() -> (tempfile::TempDir, Vec<(PathBuf, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for i in 0..700 {
        let text: Vec<&str> = (0..i % 4)
            .map(|k| SENTENCES[(i * 7 + k * 3) % SENTENCES.len()])
            .collect();
        let (name, bytes) = match i % 10 {
            0 => (
                format!("docs/q&a <{i}>.md"),
                format!("# Title\n\n{}\n", text.join(" ")).into_bytes(),
            ),
            1 => (
                format!("news/{i:04}.txt"),
                format!("\u{FEFF}“東京” {}\r\n", text.join("\r\n")).into_bytes(),
            ),
            _ => (format!("news/{i:04}.txt"), text.join("\n\n").into_bytes()),
        };
        let path = dir.path().join(&name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        files.push((PathBuf::from(name), bytes));
    }
    // The order `check` walks a folder in.
    files.sort();
    (dir, files)
}

fn streamed(dir: &Path, format: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args([
            "check",
            "--no-config",
            "--threads",
            "2",
            "--fail-on",
            "never",
        ])
        .args(["--format", format, "."])
        .current_dir(dir)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn streamed_output_equals_the_buffered_render_in_every_format() {
    let (dir, files) = tree();
    let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
    let checked: Vec<(String, SourceText, Vec<mtlint::Finding>)> = files
        .iter()
        .map(|(path, bytes)| {
            let path = path.to_str().unwrap().to_string();
            let source = SourceText::decode(bytes).unwrap();
            let syntax = Syntax::from_path(&path);
            let findings = document::check(&linter, &source.text, syntax, &|_| true);
            (path, source, findings)
        })
        .collect();
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|(path, source, findings)| FileReport::new(path, source, findings))
        .collect();
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    assert!(findings > 500, "the tree has findings in many files");
    for &format in <Format as clap::ValueEnum>::value_variants() {
        let name = &format.to_string();
        let buffered = render::render(format, &reports, RenderOptions::default());
        let streamed = streamed(dir.path(), name);
        if format == Format::Human {
            // `check` ends the human report with a summary of its own.
            let summary = streamed
                .strip_prefix(&buffered)
                .unwrap_or_else(|| panic!("human report differs"));
            assert!(summary.ends_with(&format!("in {} files.\n", files.len())));
        } else {
            assert!(streamed == buffered, "{name}: the streamed output differs");
        }
    }
}
