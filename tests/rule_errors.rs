//! Broken rule files give clear errors: file, line and column, rule id, and a hint.

use mtlint::Linter;
use mtlint::linter::PackSource;

fn errors(toml: &str) -> Vec<String> {
    let source = PackSource {
        file: "house.toml".into(),
        text: toml.into(),
    };
    match Linter::from_sources(&[source]) {
        Ok(_) => panic!("pack should not load"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

const HEADER: &str = "[pack]\nname = \"house\"\ndescription = \"d\"\n";

fn rule(matcher: &str) -> String {
    format!(
        "{HEADER}\n[[rule]]\nid = \"style/x\"\nseverity = \"warning\"\nmessage = \"m\"\ndescription = \"d\"\n\n[rule.match]\n{matcher}\n"
    )
}

#[test]
fn toml_syntax_error_has_line_and_column() {
    let e = errors("[pack]\nname = \"x\nfoo");
    assert!(e[0].starts_with("house.toml:3:4: "), "{e:?}");
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let e = errors(&rule("kind = \"regex\"\npatern = 'x'"));
    assert!(e[0].contains("unknown field `patern`"), "{e:?}");
    assert!(e[0].contains("did you mean `pattern`?"), "{e:?}");
    assert!(
        e[0].starts_with("house.toml:13:1: rule `style/x`: "),
        "{e:?}"
    );
}

#[test]
fn unknown_kind_suggests_the_right_one() {
    let e = errors(&rule("kind = \"phrse\"\nphrases = { a = \"b\" }"));
    assert!(
        e[0].starts_with("house.toml:12:8: rule `style/x`: "),
        "{e:?}"
    );
    assert!(
        e[0].contains("unknown matcher kind `phrse`; did you mean `phrase`?"),
        "{e:?}"
    );
}

#[test]
fn invalid_regex_is_quoted_with_the_regex_message() {
    let e = errors(&rule("kind = \"regex\"\npattern = 'a(b'"));
    assert!(
        e[0].starts_with("house.toml:13:11: rule `style/x`: invalid regex `a(b`"),
        "{e:?}"
    );
    assert!(e[0].contains("unclosed group"), "{e:?}");
}

#[test]
fn huge_regex_is_refused() {
    let e = errors(&rule(
        "kind = \"regex\"\npattern = '\\w{1000}\\w{1000}\\w{1000}'",
    ));
    assert!(e[0].contains("invalid regex"), "{e:?}");
    assert!(e[0].to_lowercase().contains("size limit"), "{e:?}");
}

#[test]
fn duplicate_ids_are_rejected() {
    let one = rule("kind = \"phrase\"\nphrases = { a = \"b\" }");
    let body = one.strip_prefix(HEADER).unwrap();
    let e = errors(&format!("{one}{body}"));
    assert!(
        e.iter()
            .any(|e| e.contains("rule `style/x`: duplicate rule id")),
        "{e:?}"
    );
}

#[test]
fn id_must_carry_a_category() {
    let e = errors(
        &rule("kind = \"phrase\"\nphrases = { a = \"b\" }").replace("style/x", "NoCategory"),
    );
    assert!(e[0].contains("rule id must be `category/name`"), "{e:?}");
    assert!(e[0].starts_with("house.toml:6:6"), "{e:?}");
}

#[test]
fn field_of_another_kind_is_refused() {
    let e = errors(&rule(
        "kind = \"phrase\"\nphrases = { a = \"b\" }\npattern = 'x'",
    ));
    assert!(
        e[0].contains("field `pattern` does not apply to matcher kind `phrase`"),
        "{e:?}"
    );
}

#[test]
fn missing_field_is_named() {
    let e = errors(&rule("kind = \"regex\""));
    assert!(
        e[0].contains("matcher kind `regex` needs `pattern`"),
        "{e:?}"
    );
}

#[test]
fn unknown_superseded_rule_is_named() {
    let text = rule("kind = \"phrase\"\nphrases = { a = \"b\" }").replace(
        "description = \"d\"\n\n[rule.match]",
        "description = \"d\"\nsupersedes = [\"style/y\"]\n\n[rule.match]",
    );
    let e = errors(&text);
    assert!(
        e[0].contains("`supersedes` names unknown rule `style/y`"),
        "{e:?}"
    );
}

#[test]
fn duplicate_ids_across_packs_are_rejected() {
    let one = PackSource {
        file: "a.toml".into(),
        text: rule("kind = \"phrase\"\nphrases = { a = \"b\" }"),
    };
    let two = PackSource {
        file: "b.toml".into(),
        ..one.clone()
    };
    let e = Linter::from_sources(&[one, two]).unwrap_err();
    assert!(
        e[0].to_string()
            .contains("duplicate rule id (also defined in a.toml:6)"),
        "{e:?}"
    );
}
