//! A raw match becomes a finding: the rule's message template filled in.

use std::sync::Arc;

use super::CompiledRule;
use crate::finding::{Finding, FixSafety};
use crate::matchers::RawMatch;

/// The finding of `rule`'s match `m` in `text`: `{matched}` (whitespace runs as one
/// space), `{suggestion}` (the first one) and `{language}` (the matcher's note) filled in.
pub(super) fn finding(rule: &CompiledRule, text: &str, m: RawMatch) -> Finding {
    let meta = &rule.meta;
    let matched = &text[m.span.clone()];
    let suggestion = m.suggestions.first().map_or("", |s| s.replacement.as_str());
    let message = meta
        .message
        .replace(
            "{matched}",
            &matched.split_whitespace().collect::<Vec<_>>().join(" "),
        )
        .replace("{suggestion}", suggestion);
    let message = match rule.matcher.note(matched) {
        Some(note) => message.replace("{language}", note),
        None => message,
    };
    // A match whose fix needs review keeps its rule but not the rule's `safe` fix.
    let fix = if m.review && meta.fix == FixSafety::Safe {
        FixSafety::Unsafe
    } else {
        meta.fix
    };
    Finding {
        rule: Arc::clone(meta),
        severity: meta.severity,
        span: m.span,
        message,
        suggestions: m.suggestions,
        fix,
    }
}
