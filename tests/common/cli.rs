//! Running the built `mtlint` binary from the integration tests, and the files it reads.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// How the binary sees colour settings: `NO_COLOR` set, removed, or as inherited.
#[derive(Debug, Clone, Copy)]
pub enum Colour {
    NoColor,
    Unset,
    Inherited,
}

/// Runs the binary in `dir` with `args`, `stdin` as its standard input (closed after it).
pub fn run(args: &[&str], dir: &Path, stdin: &[u8], colour: Colour) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mtlint"));
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match colour {
        Colour::NoColor => {
            command.env("NO_COLOR", "1");
        }
        Colour::Unset => {
            command.env_remove("NO_COLOR");
        }
        Colour::Inherited => {}
    }
    let mut child = command.spawn().unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// Runs the binary in `dir` with `args` and its standard output's read end closed at
/// once, as by a reader that stops early (`mtlint rules | head`).
pub fn run_with_output_closed(args: &[&str], dir: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A temporary folder holding these files (`name` may have folders in it).
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    dir
}
