//! Clean professional prose full of abbreviations, initials, quotations, numbers, times,
//! dashes, ellipses and URLs: mtlint must stay silent on it.

use mtlint::Linter;

#[test]
fn clean_fixtures_have_no_findings() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/clean");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let findings = linter.check(&text);
        let shown: Vec<String> = findings
            .iter()
            .map(|f| format!("{} {:?}", f.rule.id, &text[f.span.clone()]))
            .collect();
        assert!(findings.is_empty(), "{}: {shown:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 1);
}
