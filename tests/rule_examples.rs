//! Every example of every rule of every built-in pack.

use mtlint::Linter;
use mtlint::examples::verify_all;

#[test]
fn builtin_packs_load() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs load");
    assert!(linter.rules().count() >= 8);
}

#[test]
fn every_builtin_rule_passes_its_examples() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs load");
    let failures = verify_all(&linter);
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} example failures:\n{}",
        failures.len(),
        report.join("\n")
    );
}
