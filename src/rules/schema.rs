//! The TOML shape of a rule pack, as serde reads it. `load` validates and compiles it.
//! Each matcher kind's `[rule.match]` fields are defined with the kind, in
//! `src/matchers/`. Field-by-field documentation: rules/README.md.

use serde::Deserialize;
use toml::Spanned;

use crate::finding::{FixSafety, Severity};
pub use crate::matchers::Scope;
pub use crate::matchers::regex_rule::ReplaceRange;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackHeader,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    pub name: String,
    pub description: String,
    /// Where the pack's data came from, for generated packs.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub license: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    #[serde(default)]
    pub category: Option<Spanned<String>>,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    #[serde(default)]
    pub fix: FixSafety,
    #[serde(default)]
    pub prefer_first: bool,
    #[serde(default)]
    pub url: Option<String>,
    /// Patterns that cancel a finding they overlap, searched in the finding's paragraph.
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// Rule ids whose findings this rule's findings replace where they overlap.
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    /// Markdown regions (block kinds, link text) where the rule does not apply.
    #[serde(default)]
    pub skip_in: Vec<crate::markdown::Region>,
    #[serde(default)]
    pub good: Vec<String>,
    #[serde(default)]
    pub bad: Vec<BadSpec>,
    // `[rule.match]` is read apart, by the fields of its `kind` (`matchers::KINDS`).
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadSpec {
    pub text: String,
    #[serde(default)]
    pub fixed: Option<String>,
}
