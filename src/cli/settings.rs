//! Per-file settings: the nearest `mtlint.toml` (from the file's folder up to the
//! repository root), merged with the command line. Configs are read once and cached.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use mtlint::Linter;
use mtlint::config::{CONFIG_NAMES, Config, Effective, FailOn};
use mtlint::linter::PackSource;
use mtlint::rules::LoadOptions;
use mtlint::selection::RuleFilter;

use super::args::RuleArgs;
use super::rule_set;

/// A config file with the linter its rule directories call for.
pub struct Loaded {
    pub config: Config,
    /// The folder the config's relative paths start from.
    pub dir: PathBuf,
    pub linter: Arc<Linter>,
}

/// What one file is checked with.
pub struct FileSettings {
    pub linter: Arc<Linter>,
    pub filter: RuleFilter,
    pub effective: Effective,
    /// The config file that applied, if any.
    pub config_path: Option<String>,
}

pub struct Settings {
    base: Arc<Linter>,
    base_sources: Vec<PackSource>,
    cli_select: Vec<String>,
    cli_ignore: Vec<String>,
    cli_fail_on: Option<FailOn>,
    explicit: Option<Arc<Loaded>>,
    no_config: bool,
    cache: Mutex<HashMap<PathBuf, Option<Arc<Loaded>>>>,
}

impl Settings {
    pub fn new(
        rules: &RuleArgs,
        fail_on: Option<FailOn>,
        config: Option<&Path>,
        no_config: bool,
    ) -> Result<Settings, Vec<String>> {
        let (base_sources, base, _) = rule_set::load_sources(rules)?;
        let mut settings = Settings {
            base: Arc::new(base),
            base_sources,
            cli_select: rules.select.clone(),
            cli_ignore: rules.ignore.clone(),
            cli_fail_on: fail_on,
            explicit: None,
            no_config,
            cache: Mutex::new(HashMap::new()),
        };
        if let Some(path) = config {
            settings.explicit = Some(settings.load(path).map_err(|e| vec![e])?);
        }
        Ok(settings)
    }

    /// Settings for a file (`None`: standard input, which uses the current folder).
    pub fn for_path(&self, path: Option<&Path>) -> Result<FileSettings, String> {
        let absolute = absolute(path.unwrap_or(Path::new("stdin")));
        let loaded = self.config_for(&absolute)?;
        let (linter, mut effective, config_path) = match &loaded {
            Some(l) => {
                let relative = relative_to(&absolute, &l.dir);
                (
                    Arc::clone(&l.linter),
                    l.config.effective(&relative),
                    Some(l.config.path.clone()),
                )
            }
            None => (Arc::clone(&self.base), Effective::default(), None),
        };
        if !self.cli_select.is_empty() {
            effective.select = self.cli_select.clone();
        }
        effective.ignore.extend(self.cli_ignore.iter().cloned());
        if let Some(fail_on) = self.cli_fail_on {
            effective.fail_on = fail_on;
        }
        Ok(FileSettings {
            linter,
            filter: effective.filter(),
            effective,
            config_path,
        })
    }

    /// Whether a file found by walking a directory is excluded by its config.
    pub fn excluded(&self, path: &Path) -> bool {
        let absolute = absolute(path);
        match self.config_for(&absolute) {
            Ok(Some(l)) => l.config.excludes(&relative_to(&absolute, &l.dir)),
            _ => false,
        }
    }

    fn config_for(&self, file: &Path) -> Result<Option<Arc<Loaded>>, String> {
        if let Some(explicit) = &self.explicit {
            return Ok(Some(Arc::clone(explicit)));
        }
        if self.no_config {
            return Ok(None);
        }
        // Every folder passed on the way gets the answer too, so that the files of a
        // folder without a config do not each look up the same folders again.
        let mut passed = Vec::new();
        let mut found = None;
        let mut dir = file.parent();
        while let Some(d) = dir {
            if let Some(cached) = self.cache.lock().expect("config cache").get(d) {
                found = cached.clone();
                break;
            }
            passed.push(d);
            let config = CONFIG_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file());
            if let Some(path) = config {
                found = Some(self.load(&path)?);
                break;
            }
            // The repository root ends the search.
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        let mut cache = self.cache.lock().expect("config cache");
        for d in passed {
            cache.insert(d.to_path_buf(), found.clone());
        }
        Ok(found)
    }

    fn load(&self, path: &Path) -> Result<Arc<Loaded>, String> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
        let config = Config::parse(&shown, &text).map_err(|e| e.to_string())?;
        let dir = absolute(path)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let linter = if config.file.rules.is_empty() && config.file.scripts.is_empty() {
            Arc::clone(&self.base)
        } else {
            let mut sources = self.base_sources.clone();
            for rel in &config.file.rules {
                let rule_dir = dir.join(rel);
                sources.extend(
                    rule_set::read_pack_dir(&rule_dir)
                        .map_err(|e| format!("{shown}: rules: {e}"))?,
                );
            }
            let options = LoadOptions {
                expected_scripts: (!config.file.scripts.is_empty())
                    .then(|| config.file.scripts.clone()),
            };
            Arc::new(
                Linter::from_sources_with(&sources, &options).map_err(|errors| {
                    errors
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                })?,
            )
        };
        let metas: Vec<&mtlint::RuleMeta> = linter.rules().map(|r| r.as_ref()).collect();
        let mut names: Vec<String> = config.file.select.clone();
        names.extend(config.file.ignore.iter().cloned());
        names.extend(config.file.severity.keys().cloned());
        for o in &config.file.overrides {
            names.extend(
                o.select
                    .iter()
                    .chain(&o.ignore)
                    .chain(o.severity.keys())
                    .cloned(),
            );
        }
        let unknown = RuleFilter::new(names, Vec::new()).unknown(metas.iter().copied());
        if let Some(first) = unknown.first() {
            return Err(format!("{shown}: {first}"));
        }
        Ok(Arc::new(Loaded {
            config,
            dir,
            linter,
        }))
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `dir`, with forward slashes, for glob matching.
fn relative_to(path: &Path, dir: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
