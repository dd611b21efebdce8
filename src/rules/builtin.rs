//! The rule packs under `rules/`, embedded so that the binary works from any directory.

/// `(file name, TOML source)` of every built-in pack, in the order they load.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    (
        "broken-sentences.toml",
        include_str!("../../rules/broken-sentences.toml"),
    ),
    (
        "punctuation.toml",
        include_str!("../../rules/punctuation.toml"),
    ),
    ("leaks.toml", include_str!("../../rules/leaks.toml")),
    ("encoding.toml", include_str!("../../rules/encoding.toml")),
    (
        "repetition.toml",
        include_str!("../../rules/repetition.toml"),
    ),
    (
        "untranslated.toml",
        include_str!("../../rules/untranslated.toml"),
    ),
    (
        "substitutions.toml",
        include_str!("../../rules/substitutions.toml"),
    ),
    (
        "collocations.toml",
        include_str!("../../rules/collocations.toml"),
    ),
    ("calques.toml", include_str!("../../rules/calques.toml")),
    (
        "inserted-punctuation.toml",
        include_str!("../../rules/inserted-punctuation.toml"),
    ),
    (
        "tortured-phrases.toml",
        include_str!("../../rules/tortured-phrases.toml"),
    ),
];

// `startup_text`, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/startup_packs.rs"));

/// `(file name, TOML source)` of every built-in pack, in the order of `BUILTIN_PACKS`,
/// without the rules' examples (`good`, `bad`): what checking a text loads, since only
/// testing and explaining rules reads examples. The example lines are blank, so every
/// rule keeps its line (build.rs).
pub fn builtin_packs_without_examples() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTIN_PACKS
        .iter()
        .map(|&(name, full)| (name, startup_text(name).unwrap_or(full)))
}

/// Whether `text` is the text of a built-in pack, with or without its examples (whose
/// patterns the test suite compiles).
pub fn is_builtin_text(text: &str) -> bool {
    BUILTIN_PACKS.iter().any(|&(name, full)| {
        let same = |builtin: &str| builtin.len() == text.len() && builtin == text;
        same(full) || startup_text(name).is_some_and(same)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;
    use crate::linter::PackSource;
    use crate::rules::load_pack;

    /// Without examples, a built-in pack loads the same rules, at the same lines, as
    /// with them.
    #[test]
    fn packs_without_examples_load_the_same_rules() {
        let mut stripped_any = false;
        for (&(name, full), (_, startup)) in
            BUILTIN_PACKS.iter().zip(builtin_packs_without_examples())
        {
            assert_eq!(full.lines().count(), startup.lines().count(), "{name}");
            assert!(is_builtin_text(startup), "{name}");
            stripped_any |= startup.len() < full.len();
            let full = load_pack(name, full).expect("built-in pack");
            let startup = load_pack(name, startup).expect("built-in pack without examples");
            assert_eq!(full.rules.len(), startup.rules.len(), "{name}");
            for (with, without) in full.rules.iter().zip(&startup.rules) {
                assert!(without.meta.good.is_empty() && without.meta.bad.is_empty());
                let mut expected = with.meta.clone();
                expected.good.clear();
                expected.bad.clear();
                assert_eq!(expected, without.meta, "{name}");
                assert_eq!(with.supersedes, without.supersedes, "{name}");
            }
        }
        assert!(stripped_any, "no built-in pack had its examples set apart");
    }

    /// The packs without examples find what the full packs find, on every example.
    #[test]
    fn packs_without_examples_find_the_same() {
        let full = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
        let startup: Vec<PackSource> = builtin_packs_without_examples()
            .map(|(name, text)| PackSource {
                file: format!("builtin:rules/{name}"),
                text: text.to_string(),
            })
            .collect();
        let startup = Linter::from_sources(&startup).expect("built-in packs without examples");
        let mut texts = 0;
        for rule in full.rules() {
            let bad = rule.bad.iter().map(|b| b.text.as_str());
            for text in rule.good.iter().map(String::as_str).chain(bad) {
                assert_eq!(full.check(text), startup.check(text), "{text}");
                texts += 1;
            }
        }
        assert!(texts > 1000, "{texts} examples");
    }
}
