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

#[test]
fn phrase_table_errors_point_at_their_line() {
    let table = "kind = \"phrase\"\ntable = '''\nfine phrase => fine\nno arrow here\n'''";
    let e = errors(&rule(table));
    assert!(
        e[0].starts_with("house.toml:15:1: rule `style/x`: "),
        "{e:?}"
    );
    assert!(e[0].contains("needs `=>`"), "{e:?}");
    let twice = "kind = \"phrase\"\ntable = '''\na b => c\nx => y ; requires: z\na b => d\n'''";
    let e = errors(&rule(twice));
    assert!(e[0].starts_with("house.toml:16:1: "), "{e:?}");
    assert!(e[0].contains("`a b` is listed twice"), "{e:?}");
    let condition = "kind = \"phrase\"\ntable = '''\na => b ; if: c\n'''";
    assert!(errors(&rule(condition))[0].contains("`requires: term | other term`"));
}

#[test]
fn phrase_tables_load_like_phrase_keys() {
    let pack = rule(
        "kind = \"phrase\"\ntable = '''\n# comment\nmore in addition => even more\n\nsince years => for years | for many years ; requires: ago\n'''",
    );
    let linter = Linter::from_sources(&[PackSource {
        file: "house.toml".into(),
        text: pack,
    }])
    .expect("table loads");
    let found = linter.check("It is more in addition dependent, since years.");
    let fixes: Vec<&str> = found
        .iter()
        .map(|f| f.suggestions[0].replacement.as_str())
        .collect();
    assert_eq!(fixes, ["even more"]);
    let found = linter.check("Since years, as they said long ago.");
    assert_eq!(found[0].suggestions.len(), 2);
    assert_eq!(found[0].suggestions[1].replacement, "For many years");
}

#[test]
fn field_of_another_kind_is_placed_and_lists_the_kinds_fields() {
    let e = errors(&rule(
        "kind = \"phrase\"\nphrases = { a = \"b\" }\npattern = 'x'",
    ));
    // At the misplaced field itself, with what the kind does take.
    assert!(
        e[0].starts_with("house.toml:14:1: rule `style/x`: "),
        "{e:?}"
    );
    assert!(
        e[0].ends_with("its fields: `phrases`, `table`, `case-sensitive`, `whole-words`"),
        "{e:?}"
    );
    let e = errors(&rule("kind = \"mojibake\"\nmin-run = 2"));
    assert!(
        e[0].ends_with(
            "does not apply to matcher kind `mojibake`; it takes no fields besides `kind`"
        ),
        "{e:?}"
    );
}

#[test]
fn match_table_without_kind_lists_the_kinds() {
    let e = errors(&rule("pattern = 'x'"));
    assert!(e[0].contains("`[rule.match]` needs `kind`"), "{e:?}");
    assert!(e[0].contains("`regex`"), "{e:?}");
    let no_table = rule("kind = \"mojibake\"").replace("\n[rule.match]\nkind = \"mojibake\"", "");
    let e = errors(&no_table);
    assert!(
        e[0].starts_with("house.toml:6:6: rule `style/x`: the rule needs a `[rule.match]` table"),
        "{e:?}"
    );
}

#[test]
fn mistyped_field_names_the_rule_and_the_line() {
    let e = errors(&rule("kind = \"repetition\"\nmax-words = \"three\""));
    assert!(
        e[0].starts_with("house.toml:13:13: rule `style/x`: "),
        "{e:?}"
    );
}

#[test]
fn every_error_in_a_pack_is_reported() {
    let one = rule("kind = \"regex\"\npatern = 'x'");
    let body = one
        .strip_prefix(HEADER)
        .unwrap()
        .replace("style/x", "style/y");
    let e = errors(&format!(
        "{one}{}",
        body.replace("patern", "scope = 'nowhere'\npattern")
    ));
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[1].contains("rule `style/y`"), "{e:?}");
}
