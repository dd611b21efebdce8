//! Per-file settings for the command line: the library's [`Workspace`] over the real file
//! system, with the command line's `--select`, `--ignore` and `--fail-on` above the config.

use std::path::Path;
use std::sync::Arc;

use mtlint::Linter;
use mtlint::config::{Effective, FailOn};
use mtlint::workspace::{ConfigError, Discovery, Overrides, RealFs, Workspace};

use super::args::RuleArgs;
use super::rule_set;

/// What one file is checked with.
pub struct FileSettings {
    pub linter: Arc<Linter>,
    pub filter: mtlint::selection::RuleFilter,
    pub effective: Effective,
    /// The config file that applied, if any.
    pub config_path: Option<String>,
}

/// Why the settings could not be made.
#[derive(Debug)]
pub enum SettingsError {
    /// The rule packs did not load.
    Rules(rule_set::RuleSetError),
    /// The config given, or found from the current folder, is broken.
    Config(ConfigError),
}

impl SettingsError {
    /// Every error, one printable message each.
    pub fn messages(&self) -> Vec<String> {
        match self {
            SettingsError::Rules(e) => e.messages(),
            SettingsError::Config(e) => vec![e.to_string()],
        }
    }
}

pub struct Settings {
    workspace: Workspace,
    overrides: Overrides,
}

impl Settings {
    pub fn new(
        rules: &RuleArgs,
        fail_on: Option<FailOn>,
        config: Option<&Path>,
        no_config: bool,
    ) -> Result<Settings, SettingsError> {
        let (base_sources, base, _) = rule_set::load_sources(rules, rule_set::Examples::Without)
            .map_err(SettingsError::Rules)?;
        let discovery = match (config, no_config) {
            (Some(path), _) => Discovery::File(path.to_path_buf()),
            (None, true) => Discovery::Off,
            (None, false) => Discovery::Nearest,
        };
        let fs = RealFs {
            max_file_size: rules.max_file_size,
        };
        let workspace = Workspace::new(Arc::new(fs), base_sources, Arc::new(base), discovery);
        workspace.preload().map_err(SettingsError::Config)?;
        Ok(Settings {
            workspace,
            overrides: Overrides {
                select: rules.select.clone(),
                ignore: rules.ignore.clone(),
                fail_on,
            },
        })
    }

    /// Settings for a file (`None`: standard input, which uses the current folder).
    pub fn for_path(&self, path: Option<&Path>) -> Result<FileSettings, ConfigError> {
        let resolved = self.workspace.resolve(path, &self.overrides)?;
        Ok(FileSettings {
            linter: resolved.linter,
            filter: resolved.filter,
            effective: resolved.effective,
            config_path: resolved.config_path,
        })
    }

    /// Whether a file found by walking a directory is excluded by its config.
    pub fn excluded(&self, path: &Path) -> bool {
        self.workspace.excluded(path)
    }
}
