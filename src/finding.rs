//! What a check reports: a rule, a byte span and the suggested replacements.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::rules::RuleMeta;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a suggestion may be applied without a human reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// Applied by `--fix`.
    Safe,
    /// Applied only with `--unsafe-fixes`: the suggestion is likely but needs review.
    Unsafe,
    /// Never applied automatically; suggestions are advice.
    #[default]
    None,
}

impl FixSafety {
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::None => "none",
        }
    }
}

/// One replacement: `range` (byte offsets, end exclusive) becomes `replacement`.
///
/// The range is usually the finding's span, but may be wider: a word-order rule reports
/// the broken period yet rewrites the whole phrase around it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Suggestion {
    pub range: Range<usize>,
    pub replacement: String,
}

/// One defect found in a text.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Arc<RuleMeta>,
    /// Effective severity (the rule's, unless configuration overrides it).
    pub severity: Severity,
    /// Byte offsets into the checked text, end exclusive.
    pub span: Range<usize>,
    pub message: String,
    pub suggestions: Vec<Suggestion>,
    /// How this finding's fix may be applied: the rule's `fix`, or `unsafe` where the
    /// rule's fix is `safe` but this match needs a human (`RawMatch::review`).
    pub fix: FixSafety,
}

/// Findings are ordered by position (start, then end), then rule id: the order of every
/// report. Two findings of one rule at one span are the same finding (a rule reports a
/// span once), so equality compares the same three things.
impl Ord for Finding {
    fn cmp(&self, other: &Finding) -> std::cmp::Ordering {
        self.order_key().cmp(&other.order_key())
    }
}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Finding) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        self.order_key() == other.order_key()
    }
}

impl Eq for Finding {}

impl Finding {
    fn order_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.rule.id)
    }

    /// The suggestion an automatic fix would apply: the only one, or the rule's preferred
    /// first one. `None` when a human has to choose.
    pub fn fix_suggestion(&self) -> Option<&Suggestion> {
        match self.suggestions.len() {
            1 => self.suggestions.first(),
            0 => None,
            _ if self.rule.prefer_first => self.suggestions.first(),
            _ => None,
        }
    }

    /// The text under the span.
    pub fn matched<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.clone()]
    }
}
