//! rules/calques.toml is generated from data/calques/lexicon.txt by
//! data/calques/generate.py. This test catches a lexicon edited without regenerating the
//! pack: every entry's bad example (and good example) must be in the pack, and the pack
//! must have no bad example that the lexicon lacks.

use std::collections::BTreeSet;
use std::path::Path;

fn toml_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn the_calque_pack_is_generated_from_the_current_lexicon() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lexicon = std::fs::read_to_string(root.join("data/calques/lexicon.txt")).unwrap();
    let pack = std::fs::read_to_string(root.join("rules/calques.toml")).unwrap();
    let mut expected = BTreeSet::new();
    for line in lexicon.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with('@') {
            continue;
        }
        let (_, rest) = line.split_once("=>").expect("an entry has `=>`");
        let fields: Vec<&str> = rest.split(" | ").map(str::trim).collect();
        assert!(fields.len() >= 2, "an entry needs a bad example: {line}");
        expected.insert(format!("text = {}", toml_string(fields[1])));
        if let Some(good) = fields.get(2).filter(|g| !g.is_empty()) {
            assert!(
                pack.contains(&format!("    {},", toml_string(good))),
                "good example {good:?} is not in rules/calques.toml: run python3 data/calques/generate.py"
            );
        }
    }
    // The regex rules of patterns.toml have their own bad examples.
    let patterns = std::fs::read_to_string(root.join("data/calques/patterns.toml")).unwrap();
    let from_patterns: BTreeSet<String> = patterns
        .lines()
        .filter(|l| l.starts_with("text = "))
        .map(str::to_string)
        .collect();
    let in_pack: BTreeSet<String> = pack
        .lines()
        .filter(|l| l.starts_with("text = "))
        .map(str::to_string)
        .filter(|l| !from_patterns.contains(l))
        .collect();
    let missing: Vec<_> = expected.difference(&in_pack).collect();
    let extra: Vec<_> = in_pack.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "rules/calques.toml is stale (run python3 data/calques/generate.py):\nmissing {missing:#?}\nextra {extra:#?}"
    );
    assert!(
        expected.len() >= 1000,
        "the lexicon shrank to {} entries",
        expected.len()
    );
}
