//! Building the linter the user asked for: built-in packs plus `--rules` directories.

use std::path::Path;

use mtlint::Linter;
use mtlint::linter::PackSource;
use mtlint::rules::LoadError;
use mtlint::selection::RuleFilter;
use mtlint::workspace::{FileSystem, PackDirError, RealFs};

use super::args::RuleArgs;

/// Whether the built-in packs load with their rules' examples (`good`, `bad`): only
/// listing, explaining and testing rules shows them; checking a text loads faster
/// without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Examples {
    With,
    Without,
}

/// Why the rules asked for did not load.
#[derive(Debug)]
pub enum RuleSetError {
    /// `--rules` folders that could not be read.
    Dirs(Vec<PackDirError>),
    /// Packs that did not load: every error found in them.
    Packs(Vec<LoadError>),
    /// `--select` and `--ignore` names that are no rule, category or pack: a message
    /// for each, with the closest name.
    Unknown(Vec<String>),
}

impl RuleSetError {
    /// Every error, one printable line each.
    pub fn messages(&self) -> Vec<String> {
        match self {
            RuleSetError::Dirs(errors) => errors.iter().map(ToString::to_string).collect(),
            RuleSetError::Packs(errors) => errors.iter().map(ToString::to_string).collect(),
            RuleSetError::Unknown(messages) => messages.clone(),
        }
    }
}

/// Loads the packs, with examples.
pub fn load(args: &RuleArgs) -> Result<(Linter, RuleFilter), RuleSetError> {
    let (_, linter, filter) = load_sources(args, Examples::With)?;
    Ok((linter, filter))
}

/// Like `load`, also returning the pack sources (configs add their own to them).
pub fn load_sources(
    args: &RuleArgs,
    examples: Examples,
) -> Result<(Vec<PackSource>, Linter, RuleFilter), RuleSetError> {
    let mut sources = match (args.no_builtin, examples) {
        (true, _) => Vec::new(),
        (false, Examples::With) => Linter::builtin_sources(),
        (false, Examples::Without) => mtlint::rules::builtin_packs_without_examples()
            .map(|(name, text)| PackSource {
                file: format!("builtin:rules/{name}"),
                text: text.to_string(),
            })
            .collect(),
    };
    let mut errors = Vec::new();
    for dir in &args.rule_dirs {
        match read_pack_dir(dir, args.max_file_size) {
            Ok(mut found) => sources.append(&mut found),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(RuleSetError::Dirs(errors));
    }
    let linter = Linter::from_sources(&sources).map_err(RuleSetError::Packs)?;
    let filter = RuleFilter::new(args.select.clone(), args.ignore.clone());
    let metas: Vec<&mtlint::RuleMeta> = linter.rules().map(|r| r.as_ref()).collect();
    let unknown = filter.unknown(metas.iter().copied());
    if !unknown.is_empty() {
        return Err(RuleSetError::Unknown(unknown));
    }
    Ok((sources, linter, filter))
}

/// The `*.toml` files directly in `dir`, sorted, read as pack sources (symbolic links
/// that lead out of the folder refused, each file at most `max_file_size` bytes).
pub fn read_pack_dir(dir: &Path, max_file_size: u64) -> Result<Vec<PackSource>, PackDirError> {
    RealFs { max_file_size }.read_pack_dir(dir)
}
