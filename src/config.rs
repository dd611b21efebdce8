//! `mtlint.toml`: a repository's settings. Parsing and resolving here (pure); finding the
//! file on disk belongs to the front ends.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::rules::LoadError;
use crate::selection::RuleFilter;

/// File names searched, in order, in each directory.
pub const CONFIG_NAMES: &[&str] = &["mtlint.toml", ".mtlint.toml"];

/// A severity in configuration: a level, or `off` to turn the rule off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

/// `fail-on` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// Whether a finding of this severity fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// The file as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Only these rules (ids, categories, pack names). Empty: every rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    /// Per rule id or category.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Level>,
    /// Extra rule-pack directories, relative to the config file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Globs, relative to the config file, of files a directory walk skips.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Scripts the text is expected in (Unicode script names, e.g. `Latin`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<String>,
    /// Languages the text may use on purpose (codes or English names, e.g. `es`,
    /// `Spanish`): `untranslated` findings in them are dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The site generator the Markdown is written for, where its syntax is ambiguous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syntax: Option<crate::site_syntax::Flavour>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
}

/// Settings for the files that match `files`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    pub files: Vec<String>,
    /// Replaces the selection when given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub select: Vec<String>,
    /// Added to the ignored rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<FailOn>,
    /// Added to the expected languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Replaces the site generator when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syntax: Option<crate::site_syntax::Flavour>,
}

/// A parsed config with its globs compiled.
#[derive(Debug, Clone)]
pub struct Config {
    pub file: ConfigFile,
    /// Where it was read from, for messages.
    pub path: String,
    exclude: GlobSet,
    overrides: Vec<GlobSet>,
}

/// The settings that apply to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Effective {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: FailOn,
    pub severity: BTreeMap<String, Level>,
    pub scripts: Vec<String>,
    pub languages: Vec<String>,
    /// How Markdown site syntax is read.
    #[serde(skip_serializing_if = "crate::site_syntax::Flavour::is_auto")]
    pub syntax: crate::site_syntax::Flavour,
}

impl Default for Effective {
    fn default() -> Effective {
        Effective {
            select: Vec::new(),
            ignore: Vec::new(),
            fail_on: FailOn::Warning,
            severity: BTreeMap::new(),
            scripts: Vec::new(),
            languages: Vec::new(),
            syntax: crate::site_syntax::Flavour::Auto,
        }
    }
}

impl Effective {
    pub fn filter(&self) -> RuleFilter {
        let mut ignore = self.ignore.clone();
        ignore.extend(
            self.severity
                .iter()
                .filter(|(_, level)| **level == Level::Off)
                .map(|(name, _)| name.clone()),
        );
        RuleFilter::new(self.select.clone(), ignore)
    }

    /// The severity a finding of `rule` gets: an override by id wins over one by category.
    pub fn severity_of(&self, rule: &crate::RuleMeta, default: Severity) -> Severity {
        let level = self
            .severity
            .get(&rule.id)
            .or_else(|| self.severity.get(&rule.category));
        match level {
            Some(Level::Info) => Severity::Info,
            Some(Level::Warning) => Severity::Warning,
            Some(Level::Error) => Severity::Error,
            Some(Level::Off) | None => default,
        }
    }

    /// Whether a finding stands: an `untranslated` finding whose words are of an
    /// expected language does not.
    pub fn keeps(&self, finding: &crate::Finding, text: &str) -> bool {
        if self.languages.is_empty() || finding.rule.category != "untranslated" {
            return true;
        }
        let Some(language) = text
            .get(finding.span.clone())
            .and_then(crate::matchers::untranslated::language_of)
        else {
            return true;
        };
        let table = crate::matchers::untranslated::Table::builtin();
        !self
            .languages
            .iter()
            .any(|l| table.language_index(l).map(|i| table.language(i)) == Some(language))
    }
}

impl Config {
    /// Parses a config file. `path` names it in errors.
    pub fn parse(path: &str, source: &str) -> Result<Config, LoadError> {
        let file: ConfigFile =
            toml::from_str(source).map_err(|e| crate::rules::toml_error(path, source, &e))?;
        let glob_error =
            |g: &str, e: globset::Error| LoadError::new(path, format!("invalid glob `{g}`: {e}"));
        let build = |globs: &[String]| -> Result<GlobSet, LoadError> {
            let mut set = GlobSetBuilder::new();
            for g in globs {
                set.add(Glob::new(g).map_err(|e| glob_error(g, e))?);
                // "drafts" or "drafts/**" should also cover everything below a folder.
                if !g.ends_with("/**") {
                    let below = format!("{}/**", g.trim_end_matches('/'));
                    set.add(Glob::new(&below).map_err(|e| glob_error(g, e))?);
                }
            }
            set.build().map_err(|e| LoadError::new(path, e.to_string()))
        };
        let table = crate::matchers::untranslated::Table::builtin();
        for language in file
            .languages
            .iter()
            .chain(file.overrides.iter().flat_map(|o| &o.languages))
        {
            if table.language_index(language).is_none() {
                return Err(LoadError::new(
                    path,
                    format!(
                        "`languages`: unknown language `{language}` (a code such as `es` or an English name such as `Spanish`)"
                    ),
                ));
            }
        }
        let exclude = build(&file.exclude)?;
        let overrides = file
            .overrides
            .iter()
            .map(|o| build(&o.files))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Config {
            file,
            path: path.to_string(),
            exclude,
            overrides,
        })
    }

    /// Whether a directory walk skips this path (relative to the config's folder).
    pub fn excludes(&self, relative: &str) -> bool {
        self.exclude.is_match(relative)
    }

    /// The settings for a file, given its path relative to the config's folder.
    pub fn effective(&self, relative: &str) -> Effective {
        let f = &self.file;
        let mut e = Effective {
            select: f.select.clone(),
            ignore: f.ignore.clone(),
            fail_on: f.fail_on.unwrap_or(FailOn::Warning),
            severity: f.severity.clone(),
            scripts: f.scripts.clone(),
            languages: f.languages.clone(),
            syntax: f.syntax.unwrap_or_default(),
        };
        for (o, globs) in f.overrides.iter().zip(&self.overrides) {
            if !globs.is_match(relative) {
                continue;
            }
            if !o.select.is_empty() {
                e.select = o.select.clone();
            }
            e.ignore.extend(o.ignore.iter().cloned());
            e.severity
                .extend(o.severity.iter().map(|(k, v)| (k.clone(), *v)));
            if let Some(fail_on) = o.fail_on {
                e.fail_on = fail_on;
            }
            e.languages.extend(o.languages.iter().cloned());
            if let Some(syntax) = o.syntax {
                e.syntax = syntax;
            }
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"
select = ["broken-sentence", "substitution"]
fail-on = "error"
exclude = ["drafts"]

[severity]
"substitution/mt-calque" = "error"

[[overrides]]
files = ["news/**/*.md"]
ignore = ["substitution/trade-barbs"]
severity = { "broken-sentence" = "off" }
"#;

    #[test]
    fn overrides_apply_to_matching_files_only() {
        let config = Config::parse("mtlint.toml", CONFIG).unwrap();
        let plain = config.effective("blog/a.md");
        assert_eq!(plain.fail_on, FailOn::Error);
        assert!(plain.ignore.is_empty());
        let news = config.effective("news/2021/a.md");
        assert_eq!(news.ignore, ["substitution/trade-barbs"]);
        assert_eq!(news.severity.get("broken-sentence"), Some(&Level::Off));
        assert!(
            news.filter()
                .ignore
                .contains(&"broken-sentence".to_string())
        );
        assert!(config.excludes("drafts/x.md"));
        assert!(!config.excludes("news/x.md"));
    }

    #[test]
    fn unknown_keys_are_errors_with_a_hint() {
        let e = Config::parse("mtlint.toml", "selekt = []\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("mtlint.toml:1:1: unknown field `selekt`"),
            "{e}"
        );
        assert!(e.contains("did you mean `select`?"), "{e}");
    }

    #[test]
    fn expected_languages_per_file_and_override() {
        let source = r#"
languages = ["fr"]

[[overrides]]
files = ["es/**"]
languages = ["Spanish"]
"#;
        let config = Config::parse("mtlint.toml", source).unwrap();
        assert_eq!(config.effective("a.md").languages, ["fr"]);
        assert_eq!(config.effective("es/a.md").languages, ["fr", "Spanish"]);
        let linter = crate::Linter::from_sources(&crate::Linter::builtin_sources()).unwrap();
        let text = "The bank kept its rates, por otra parte, unchanged.";
        let findings = linter.check(text);
        let untranslated: Vec<_> = findings
            .iter()
            .filter(|f| f.rule.id == "untranslated/foreign-words")
            .collect();
        assert_eq!(untranslated.len(), 1);
        assert!(config.effective("a.md").keeps(untranslated[0], text));
        assert!(!config.effective("es/a.md").keeps(untranslated[0], text));
        let e = Config::parse("c.toml", "languages = [\"klingon\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown language `klingon`"), "{e}");
    }

    #[test]
    fn bad_severity_is_an_error() {
        let e = Config::parse("c.toml", "[severity]\nx = \"loud\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown variant `loud`"), "{e}");
    }
}
