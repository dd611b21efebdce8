//! Which files a check reads: explicit files as given, directories walked for text and
//! Markdown files as ripgrep walks them: `.gitignore`, `.ignore` and `.git/info/exclude`
//! respected, hidden files and folders skipped unless `--hidden` (`.git` always).

use std::path::{Path, PathBuf};

/// One input: a file on disk, or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// The bytes the file inputs hold, as far as their sizes can be read (standard input
/// counts nothing): what a run will check.
pub fn total_size(inputs: &[Input]) -> u64 {
    inputs
        .iter()
        .filter_map(|input| match input {
            Input::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .sum()
}

/// Expands the command-line paths into inputs, in a deterministic order. Errors (a path
/// that does not exist, an unreadable directory) are returned beside the inputs found.
/// `excluded` drops files found by walking (configs' `exclude`); explicit files are kept.
pub fn collect(
    paths: &[PathBuf],
    excluded: &dyn Fn(&Path) -> bool,
    hidden: bool,
) -> (Vec<Input>, Vec<String>) {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, excluded, hidden, &mut inputs, &mut errors);
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            errors.push(format!(
                "{}: no such file or directory",
                mtlint::render::escape::path(path)
            ));
        }
    }
    (inputs, errors)
}

fn walk(
    dir: &Path,
    excluded: &dyn Fn(&Path) -> bool,
    hidden: bool,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<String>,
) {
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .hidden(!hidden)
        .filter_entry(|entry| entry.depth() == 0 || entry.file_name() != ".git")
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let path = entry.into_path();
                if is_file && has_text_extension(&path) && !excluded(&path) {
                    found.push(path);
                }
            }
            Err(e) => errors.push(mtlint::render::escape::visible(&e.to_string()).into_owned()),
        }
    }
    found.sort();
    inputs.extend(found.into_iter().map(Input::File));
}

pub fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(mtlint::workspace::walked_extension)
}

/// How a path is shown: without a leading `./`.
pub fn display(path: &Path) -> String {
    let shown = path.display().to_string();
    shown
        .strip_prefix("./")
        .map(str::to_string)
        .unwrap_or(shown)
}
