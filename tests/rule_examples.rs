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

/// Built-in regexes compile on first use at run time; here every one compiles at load,
/// where a failure (a size limit) is an error.
#[test]
fn every_built_in_regex_compiles() {
    for (name, text) in mtlint::rules::BUILTIN_PACKS {
        if let Err(errors) = mtlint::rules::load_pack(&format!("rules/{name}"), text) {
            panic!("{name}: {errors:?}");
        }
    }
}
