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
/// rule keeps its line (build.rs), and so are the lines of the phrase tables, which are
/// read in place (`lifted_tables`) rather than lexed as TOML.
pub fn builtin_packs_without_examples() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILTIN_PACKS
        .iter()
        .map(|&(name, full)| (name, startup_text(name).unwrap_or(full)))
}

/// The phrase tables build.rs lifted out of `text`, if it is the start-up text of a
/// built-in pack (`builtin_packs_without_examples`): (byte offset of the blanked table
/// string in `text`, the string's value).
pub(crate) fn lifted_tables(text: &str) -> &'static [(usize, &'static str)] {
    BUILTIN_PACKS
        .iter()
        .find(|&&(name, _)| startup_text(name).is_some_and(|s| s.len() == text.len() && s == text))
        .map_or(&[], |&(name, _)| startup_tables(name))
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
        same_findings_on_every_example(&full, &full, &startup);
    }

    /// The start-up path of the built-in packs (phrase tables read in place, regex facts
    /// and the foreign-words filter from build time, regexes compiled on first use) and
    /// the run-time path of a user pack (the same text with a comment added, so that it
    /// is not a built-in text: parsed, validated and compiled at load) load the same
    /// rules and find the same on every example.
    #[test]
    fn the_start_up_path_and_the_user_pack_path_agree() {
        let startup: Vec<PackSource> = builtin_packs_without_examples()
            .map(|(name, text)| PackSource {
                file: format!("builtin:rules/{name}"),
                text: text.to_string(),
            })
            .collect();
        assert!(
            startup.iter().any(|p| !lifted_tables(&p.text).is_empty()),
            "no phrase table was lifted out of a pack"
        );
        let user: Vec<PackSource> = BUILTIN_PACKS
            .iter()
            .map(|&(name, text)| PackSource {
                file: format!("builtin:rules/{name}"),
                text: format!("{text}\n# a user's copy\n"),
            })
            .collect();
        assert!(user.iter().all(|p| !is_builtin_text(&p.text)));
        let startup = Linter::from_sources(&startup).expect("built-in packs");
        let user = Linter::from_sources(&user).expect("the same packs as user packs");
        let strip = |meta: &crate::rules::RuleMeta| {
            let mut meta = meta.clone();
            meta.good.clear();
            meta.bad.clear();
            meta
        };
        let startup_rules: Vec<_> = startup.rules().map(|m| strip(m)).collect();
        let user_rules: Vec<_> = user.rules().map(|m| strip(m)).collect();
        assert_eq!(startup_rules, user_rules);
        same_findings_on_every_example(&user, &startup, &user);
    }

    /// `a` and `b` find the same on every example of `examples`' rules (over a thousand).
    fn same_findings_on_every_example(examples: &Linter, a: &Linter, b: &Linter) {
        let mut texts = 0;
        for rule in examples.rules() {
            let bad = rule.bad.iter().map(|b| b.text.as_str());
            for text in rule.good.iter().map(String::as_str).chain(bad) {
                assert_eq!(a.check(text), b.check(text), "{text}");
                texts += 1;
            }
        }
        assert!(texts > 1000, "{texts} examples");
    }
}
