//! Building the linter the user asked for: built-in packs plus `--rules` directories.

use std::path::Path;

use mtlint::Linter;
use mtlint::linter::PackSource;
use mtlint::selection::RuleFilter;

use super::args::RuleArgs;

/// Loads the packs; on failure returns every error as a printable line.
pub fn load(args: &RuleArgs) -> Result<(Linter, RuleFilter), Vec<String>> {
    let (_, linter, filter) = load_sources(args)?;
    Ok((linter, filter))
}

/// Like `load`, also returning the pack sources (configs add their own to them).
pub fn load_sources(args: &RuleArgs) -> Result<(Vec<PackSource>, Linter, RuleFilter), Vec<String>> {
    let mut sources = if args.no_builtin {
        Vec::new()
    } else {
        Linter::builtin_sources()
    };
    let mut errors = Vec::new();
    for dir in &args.rule_dirs {
        match read_pack_dir(dir) {
            Ok(mut found) => sources.append(&mut found),
            Err(e) => errors.push(e),
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

/// The `*.toml` files directly in `dir`, sorted, read as pack sources. Only regular
/// files inside the folder are read: a symlink that leads out of it is refused.
pub fn read_pack_dir(dir: &Path) -> Result<Vec<PackSource>, String> {
    let shown = |p: &Path| p.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", shown(dir)))?;
    let root = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", shown(dir)))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", shown(dir)))?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut sources = Vec::new();
    for file in files {
        let real = file
            .canonicalize()
            .map_err(|e| format!("{}: {e}", shown(&file)))?;
        if !real.starts_with(&root) {
            return Err(format!(
                "{}: leads outside the rule folder {}; refused",
                shown(&file),
                shown(dir)
            ));
        }
        let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", shown(&file)))?;
        sources.push(PackSource {
            file: shown(&file),
            text,
        });
    }
    Ok(sources)
}
