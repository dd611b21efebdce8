//! Building the linter the user asked for: built-in packs plus `--rules` directories.

use std::path::Path;

use mtlint::Linter;
use mtlint::linter::PackSource;
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

/// Loads the packs, with examples; on failure returns every error as a printable line.
pub fn load(args: &RuleArgs) -> Result<(Linter, RuleFilter), Vec<String>> {
    let (_, linter, filter) = load_sources(args, Examples::With)?;
    Ok((linter, filter))
}

/// Like `load`, also returning the pack sources (configs add their own to them).
pub fn load_sources(
    args: &RuleArgs,
    examples: Examples,
) -> Result<(Vec<PackSource>, Linter, RuleFilter), Vec<String>> {
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
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let linter = Linter::from_sources(&sources)
        .map_err(|errors| errors.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let filter = RuleFilter::new(args.select.clone(), args.ignore.clone());
    let metas: Vec<&mtlint::RuleMeta> = linter.rules().map(|r| r.as_ref()).collect();
    let unknown = filter.unknown(metas.iter().copied());
    if !unknown.is_empty() {
        return Err(unknown);
    }
    Ok((sources, linter, filter))
}

/// The `*.toml` files directly in `dir`, sorted, read as pack sources (symbolic links
/// that lead out of the folder refused, each file at most `max_file_size` bytes).
pub fn read_pack_dir(dir: &Path, max_file_size: u64) -> Result<Vec<PackSource>, PackDirError> {
    RealFs { max_file_size }.read_pack_dir(dir)
}
