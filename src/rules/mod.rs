//! Rule packs: the TOML format (`schema`), loading and validating it (`load`), and the
//! packs built into the binary (`builtin`).

mod builtin;
mod error;
mod lazy_regex;
mod load;
mod regex_facts;
mod schema;

pub use builtin::{BUILTIN_PACKS, builtin_packs_without_examples};
pub use error::{LoadError, did_you_mean, split_errors};
pub use lazy_regex::{LazyRegex, RegexError, required_literals};
pub(crate) use load::toml_error;
pub use load::{LoadOptions, Pack, RuleDef, load_pack, load_pack_with};
pub use regex_facts::{excluded_chars, set_pattern};
pub use schema::{ReplaceRange, Scope};

use crate::finding::{FixSafety, Severity};

/// Everything about a rule except how it matches: what front ends show and tests check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    /// `category/name`, stable across releases.
    pub id: String,
    pub category: String,
    /// Name of the pack the rule came from.
    pub pack: String,
    pub severity: Severity,
    pub fix: FixSafety,
    /// With several suggestions, the first may still be applied automatically.
    pub prefer_first: bool,
    /// Message template; `{matched}` and `{suggestion}` are filled in per finding.
    pub message: String,
    pub description: String,
    pub url: Option<String>,
    pub good: Vec<String>,
    pub bad: Vec<BadExample>,
    /// The kinds of Markdown block (or link text) where the rule's findings do not apply.
    pub skip_in: Vec<crate::markdown::Region>,
    /// Where the rule is defined: file and 1-based line.
    pub file: String,
    pub line: usize,
}

/// A text the rule must flag exactly once, and the text after its suggestion is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadExample {
    pub text: String,
    pub fixed: Option<String>,
}

impl RuleMeta {
    /// The part of the id after the category.
    pub fn name(&self) -> &str {
        self.id.split_once('/').map_or(&self.id, |(_, name)| name)
    }
}
