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

/// Whether `text` is the text of a built-in pack (whose patterns the test suite compiles).
pub fn is_builtin_text(text: &str) -> bool {
    BUILTIN_PACKS
        .iter()
        .any(|(_, builtin)| builtin.len() == text.len() && *builtin == text)
}
