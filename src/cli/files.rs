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
/// counts nothing), summed until they reach `enough`: what a run will check, where only
/// whether it reaches `enough` matters (a tree of many files is not asked file by file
/// for sizes that change nothing).
pub fn total_size_up_to(inputs: &[Input], enough: u64) -> u64 {
    let mut total = 0u64;
    for input in inputs {
        if total >= enough {
            break;
        }
        if let Input::File(path) = input
            && let Ok(meta) = std::fs::metadata(path)
        {
            total = total.saturating_add(meta.len());
        }
    }
    total
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_summed_until_they_reach_enough() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let inputs: Vec<Input> = (0..3)
            .map(|i| {
                let path = dir.path().join(format!("{i}.txt"));
                std::fs::write(&path, "ten bytes.").expect("write");
                Input::File(path)
            })
            .chain([Input::Stdin, Input::File(dir.path().join("missing.txt"))])
            .collect();
        assert_eq!(total_size_up_to(&inputs, u64::MAX), 30);
        // Two files reach 15 bytes: the third is not looked at.
        assert_eq!(total_size_up_to(&inputs, 15), 20);
        assert_eq!(total_size_up_to(&inputs, 0), 0);
    }
}
