//! Batch engines (the shared phrase index, the regex set gate) are an optimisation only:
//! every built-in rule finds the same through them as through its own matcher, on each of
//! its examples, on all of them together, and on the fixtures and a slice of prose.

use std::sync::LazyLock;

use mtlint::linter::{Engine, Gate};
use mtlint::{Finding, Linter, RuleMeta};

fn linter(engine: Engine) -> Linter {
    Linter::from_sources(&Linter::builtin_sources())
        .expect("the built-in packs load")
        .with_engine(engine)
}

/// Phrase index and regex gate on every text, however small.
static BATCH: LazyLock<Linter> = LazyLock::new(|| {
    linter(Engine {
        gate: Gate::Always,
        ..Engine::default()
    })
});
/// Every rule through its own matcher.
static ALONE: LazyLock<Linter> = LazyLock::new(|| {
    linter(Engine {
        batch: false,
        ..Engine::default()
    })
});

type Summary = Vec<(usize, usize, String, String, Vec<(usize, usize, String)>)>;

fn summary(findings: &[Finding]) -> Summary {
    findings
        .iter()
        .map(|f| {
            let fixes = f
                .suggestions
                .iter()
                .map(|s| (s.range.start, s.range.end, s.replacement.clone()))
                .collect();
            let (id, message) = (f.rule.id.clone(), f.message.clone());
            (f.span.start, f.span.end, id, message, fixes)
        })
        .collect()
}

/// Every example of every built-in rule.
fn examples() -> Vec<String> {
    ALONE
        .rules()
        .flat_map(|r| {
            let bad = r.bad.iter().map(|b| b.text.clone());
            r.good.iter().cloned().chain(bad).collect::<Vec<_>>()
        })
        .collect()
}

fn sample() -> String {
    let mut text = std::fs::read_to_string("fixtures/sample-article.txt").expect("article");
    let book = std::fs::read_to_string("tests/corpus/clean-prose/katrine.txt").expect("book");
    let mut end = 100_000.min(book.len());
    while !book.is_char_boundary(end) {
        end -= 1;
    }
    text.push_str("\n\n");
    text.push_str(&book[..end]);
    text
}

#[test]
fn every_example_gives_the_same_findings_batched_and_alone() {
    let examples = examples();
    assert!(examples.len() > 100, "{}", examples.len());
    let mut found = 0;
    for text in &examples {
        let alone = summary(&ALONE.check(text));
        found += alone.len();
        assert_eq!(summary(&BATCH.check(text)), alone, "{text:?}");
    }
    assert!(found > examples.len() / 3, "{found}");
}

#[test]
fn all_examples_together_and_the_sample_give_the_same_findings() {
    let together = examples().join("\n\n");
    for text in [together, sample()] {
        let alone = ALONE.check(&text);
        assert!(alone.len() >= 10, "{}", alone.len());
        assert_eq!(summary(&BATCH.check(&text)), summary(&alone));
    }
}

/// One rule on, the others off: the shared index and the gate report that rule's
/// matches alone, the same as its matcher.
#[test]
fn each_rule_alone_matches_its_batched_self() {
    let together = examples().join("\n\n");
    for rule in ALONE.rules() {
        let only = |r: &RuleMeta| r.id == rule.id;
        let alone = summary(&ALONE.check_rules(&together, only));
        assert_eq!(
            summary(&BATCH.check_rules(&together, only)),
            alone,
            "{}",
            rule.id
        );
    }
}
