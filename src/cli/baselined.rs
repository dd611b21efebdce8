//! `--baseline` while files are checked in parallel: a file takes its path's entries out of
//! the shared matcher, matches its findings on its own thread and puts back the rest.
//!
//! Matching one file after another, a path given twice had its entries matched by its
//! first input, and its second saw only what the first left: entries that the same text
//! does not match again. So a repeated input matches nothing here, whichever finishes
//! first.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use mtlint::Finding;
use mtlint::baseline::{Baseline, BaselineError, Matcher, Stale};
use mtlint::workspace::ReadError;

use super::files::{self, Input};

/// Why `--baseline` could not be used.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (`shown`: its name as printed).
    Read { shown: String, error: ReadError },
    /// It is not a baseline this mtlint reads.
    Parse(BaselineError),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Read { shown, error } => {
                write!(f, "{shown}: the baseline was not read: {error}")
            }
            LoadError::Parse(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {}

pub struct Baselined {
    /// The baseline file as named.
    path: PathBuf,
    matcher: Mutex<Matcher>,
    /// Inputs whose path has entries and came before.
    repeats: HashSet<usize>,
}

impl Baselined {
    /// Reads the baseline at `path` for these inputs.
    pub fn load(
        path: &Path,
        inputs: &[Input],
        stdin_name: &str,
        max_size: u64,
    ) -> Result<Baselined, LoadError> {
        let shown = mtlint::render::escape::path(path);
        let json = mtlint::workspace::read_regular_text(path, max_size).map_err(|error| {
            LoadError::Read {
                shown: shown.clone(),
                error,
            }
        })?;
        let baseline = Baseline::parse(&shown, &json).map_err(LoadError::Parse)?;
        let matcher = baseline.matcher();
        let mut seen = HashSet::new();
        let mut repeats = HashSet::new();
        for (i, input) in inputs.iter().enumerate() {
            let shown = match input {
                Input::File(file) => files::display(file),
                Input::Stdin => stdin_name.to_string(),
            };
            let key = key(&shown, path);
            if matcher.has_path(&key) && !seen.insert(key) {
                repeats.insert(i);
            }
        }
        Ok(Baselined {
            path: path.to_path_buf(),
            matcher: Mutex::new(matcher),
            repeats,
        })
    }

    /// Removes the findings of input `index` (shown as `path`) that the baseline knows.
    pub fn filter(
        &self,
        index: usize,
        path: &str,
        text: &str,
        findings: Vec<Finding>,
    ) -> Vec<Finding> {
        if self.repeats.contains(&index) {
            return findings;
        }
        let key = key(path, &self.path);
        let mut own = self.matcher().take_path(&key);
        let left = own.filter(&key, text, findings);
        self.matcher().put_back(own);
        left
    }

    /// Entries no finding matched.
    pub fn stale(self) -> Vec<Stale> {
        self.matcher.into_inner().expect("baseline lock").stale()
    }

    fn matcher(&self) -> std::sync::MutexGuard<'_, Matcher> {
        self.matcher.lock().expect("baseline lock")
    }
}

/// A file's path in a baseline: relative to the baseline's folder, with forward slashes,
/// so that the baseline works from any working directory.
pub fn key(path: &str, baseline: &Path) -> String {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let dir = absolute(baseline)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let file = absolute(Path::new(path));
    match file.strip_prefix(&dir) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.to_string(),
    }
}
