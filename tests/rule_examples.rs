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

/// Built-in regexes compile on first use at run time; here every one compiles, with the
/// limits of run time, and a failure (a size limit) is an error.
#[test]
fn every_built_in_regex_compiles() {
    let linter = mtlint::Linter::from_sources(&mtlint::Linter::builtin_sources())
        .expect("built-in packs load");
    if let Err(errors) = linter.compile_all() {
        panic!("{errors:#?}");
    }
    // A pack is compiled on first use by its text, not by its name.
    let pack = "[pack]\nname = \"h\"\ndescription = \"d\"\n\n[[rule]]\nid = \"h/big\"\n\
                severity = \"warning\"\nmessage = \"m\"\ndescription = \"d\"\n\n\
                [rule.match]\nkind = \"regex\"\npattern = '\\w{200}\\w{200}\\w{200}'\n";
    let errors = mtlint::rules::load_pack("builtin:rules/h.toml", pack).unwrap_err();
    assert!(errors[0].message.contains("size limit"), "{errors:?}");
}
