//! Checking every rule against its own examples: each `bad` text is flagged exactly once
//! by the rule, its suggestion gives `fixed`, and the fixed text is not flagged again;
//! each `good` text is not flagged. `cargo test` runs this on every built-in pack, and
//! `mtlint test-rules` on the user's packs.

use crate::fix::apply_edits;
use crate::linter::Linter;
use crate::rules::RuleMeta;

/// One broken promise of a rule's examples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule: String,
    pub example: String,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}: {}", self.rule, self.example, self.problem)
    }
}

/// Verifies the examples of every rule the linter holds.
pub fn verify_all(linter: &Linter) -> Vec<ExampleFailure> {
    linter
        .rules()
        .flat_map(|rule| verify_rule(linter, rule))
        .collect()
}

/// Verifies one rule's examples, with only that rule enabled.
pub fn verify_rule(linter: &Linter, rule: &RuleMeta) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let fail = |example: &str, problem: String| ExampleFailure {
        rule: rule.id.clone(),
        example: example.to_string(),
        problem,
    };
    let only = |r: &RuleMeta| r.id == rule.id;
    if rule.bad.is_empty() {
        failures.push(fail("", "the rule has no `bad` example".into()));
    }
    for bad in &rule.bad {
        let findings = linter.check_rules(&bad.text, only);
        if findings.len() != 1 {
            failures.push(fail(
                &bad.text,
                format!("expected exactly one finding, got {}", findings.len()),
            ));
            continue;
        }
        let finding = &findings[0];
        match (finding.fix_suggestion(), &bad.fixed) {
            (Some(suggestion), Some(expected)) => {
                let (fixed, _) = apply_edits(&bad.text, std::slice::from_ref(suggestion));
                if &fixed != expected {
                    failures.push(fail(
                        &bad.text,
                        format!("fix gives {fixed:?}, expected {expected:?}"),
                    ));
                } else if !linter.check_rules(&fixed, only).is_empty() {
                    failures.push(fail(
                        &bad.text,
                        format!("the fixed text {fixed:?} is flagged again"),
                    ));
                }
            }
            (Some(suggestion), None) => failures.push(fail(
                &bad.text,
                format!(
                    "the finding suggests {:?}; add the expected `fixed` text",
                    suggestion.replacement
                ),
            )),
            (None, Some(expected)) => failures.push(fail(
                &bad.text,
                format!("`fixed` is {expected:?} but the finding has no single suggestion"),
            )),
            (None, None) => {}
        }
    }
    for good in &rule.good {
        let findings = linter.check_rules(good, only);
        if let Some(f) = findings.first() {
            failures.push(fail(
                good,
                format!("flagged `{}` but must not be", &good[f.span.clone()]),
            ));
        }
    }
    failures
}
