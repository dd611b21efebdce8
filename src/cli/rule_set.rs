//! Building the linter the user asked for: built-in packs plus `--rules` directories.

use std::path::Path;

use mtlint::Linter;
use mtlint::linter::PackSource;
use mtlint::selection::RuleFilter;

use super::args::RuleArgs;

/// Loads the packs; on failure returns every error as a printable line.
pub fn load(args: &RuleArgs) -> Result<(Linter, RuleFilter), Vec<String>> {
    let mut sources = if args.no_builtin {
        Vec::new()
    } else {
        Linter::builtin_sources()
    };
    let mut errors = Vec::new();
    for dir in &args.rule_dirs {
        match pack_files(dir) {
            Ok(files) => {
                for file in files {
                    match std::fs::read_to_string(&file) {
                        Ok(text) => sources.push(PackSource {
                            file: file.display().to_string(),
                            text,
                        }),
                        Err(e) => errors.push(format!("{}: {e}", file.display())),
                    }
                }
            }
            Err(e) => errors.push(format!("{}: {e}", dir.display())),
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
    Ok((linter, filter))
}

/// The `*.toml` files directly in `dir`, sorted.
fn pack_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
