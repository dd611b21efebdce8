//! Checking every rule against its own examples: each `bad` text is flagged exactly once
//! by the rule, its suggestion gives `fixed`, and the fixed text is not flagged again;
//! each `good` text is not flagged. `cargo test` runs this on every built-in pack, and
//! `mtlint test-rules` on the user's packs.

use crate::fix::apply_edits;
use crate::linter::Linter;
use crate::rules::{BadExample, RuleMeta};

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
    let fail = |example: &str, problem: String| ExampleFailure {
        rule: rule.id.clone(),
        example: example.to_string(),
        problem,
    };
    let only = |r: &RuleMeta| r.id == rule.id;
    let mut failures = Vec::new();
    if rule.bad.is_empty() {
        failures.push(fail("", "the rule has no `bad` example".into()));
    }
    for bad in &rule.bad {
        if let Some(problem) = bad_problem(linter, &only, bad) {
            failures.push(fail(&bad.text, problem));
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

/// What is wrong with a `bad` example, if anything: it must be flagged once, and its
/// suggestion (when there is one) must give `fixed`, which is not flagged again.
fn bad_problem(
    linter: &Linter,
    only: &dyn Fn(&RuleMeta) -> bool,
    bad: &BadExample,
) -> Option<String> {
    let findings = linter.check_rules(&bad.text, only);
    let [finding] = findings.as_slice() else {
        return Some(format!(
            "expected exactly one finding, got {}",
            findings.len()
        ));
    };
    match (finding.fix_suggestion(), &bad.fixed) {
        (Some(suggestion), Some(expected)) => {
            let (fixed, _) = apply_edits(&bad.text, std::slice::from_ref(suggestion));
            if &fixed != expected {
                Some(format!("fix gives {fixed:?}, expected {expected:?}"))
            } else if !linter.check_rules(&fixed, only).is_empty() {
                Some(format!("the fixed text {fixed:?} is flagged again"))
            } else {
                None
            }
        }
        (Some(suggestion), None) => Some(format!(
            "the finding suggests {:?}; add the expected `fixed` text",
            suggestion.replacement
        )),
        (None, Some(expected)) => Some(format!(
            "`fixed` is {expected:?} but the finding has no single suggestion"
        )),
        (None, None) => None,
    }
}
