//! The tortured-phrases pack is generated from data/tortured-phrases/tortured.csv (the
//! Problematic Paper Screener's fingerprints). This test regenerates it and compares it
//! with the checked-in rules/tortured-phrases.toml; `MTLINT_REGENERATE=1 cargo test
//! --test tortured_phrases` rewrites the file after the CSV or the generator changed.

use std::collections::HashSet;
use std::fmt::Write;
use std::path::Path;

/// Fingerprints that are ordinary English in news text: a finding there would be wrong
/// more often than right. Single words ("bosom", "brilliant") and everyday phrases
/// ("sound just" in "it may sound just like", "short blast" of a whistle).
const GENERAL_ENGLISH: &[&str] = &[
    "as pursues",
    "sound just",
    "brilliant home",
    "brilliant right hand",
    "huge information",
    "information picture",
    "purpose of offer",
    "stage pay",
    "bosom",
    "ruinous",
    "brilliant",
    "thimbleful",
    "indagation",
    "preformation",
    "deep-fetched",
    "up-and-corner",
    "over-communicated",
    "professional system",
    "degree of displacement",
    "into the combination",
    "outcomes likewise",
    "in the presence of N2",
    "data gain",
    "objective language",
    "feature choice",
    "driving reason",
    "heat movement",
    "electrical gadget",
    "project memory",
    "sound individuals",
    "universal exchange",
    "positive societies",
    "elderly folks",
    "patient gathering",
    "counterfeit news",
    "optimistic impact",
    "fundamental metals",
    "smart agreement",
    "time rot",
    "short blast",
    "blood clusters",
    "creepy crawlies",
    "mind waves",
    "middle filter",
    "gathering of patients",
    "rate focuses",
    "limit layer",
    "grouping methods",
    "point birth",
    "choice boundary",
    "persistent speech",
    "heart sickness",
    "balance operator",
    "smart coordination",
    "credibility hypothesis",
    "versatile hub",
    "cloud worker",
    // news writes these as they stand
    "heart ailments",
    "liver ailments",
    "kidney ailments",
    "eye ailments",
    "plant ailments",
    "cyber assault",
    "digital assault",
    "greenhouse gas discharges",
    "DNA harm",
];

struct Entry {
    pattern: String,
    suggestion: Option<String>,
    requires: Vec<String>,
}

#[test]
fn tortured_phrases_pack_is_generated_from_the_csv() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv = std::fs::read_to_string(root.join("data/tortured-phrases/tortured.csv"))
        .expect("data/tortured-phrases/tortured.csv");
    let generated = generate(&csv);
    let path = root.join("rules/tortured-phrases.toml");
    if std::env::var_os("MTLINT_REGENERATE").is_some() {
        std::fs::write(&path, &generated).expect("write rules/tortured-phrases.toml");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "rules/tortured-phrases.toml is out of date with data/tortured-phrases/tortured.csv \
         or with the generator in tests/tortured_phrases.rs. Do not edit the pack by hand: \
         run `MTLINT_REGENERATE=1 cargo test --test tortured_phrases` and commit the result."
    );
}

fn generate(csv: &str) -> String {
    let general: HashSet<String> = GENERAL_ENGLISH.iter().map(|p| p.to_lowercase()).collect();
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for record in parse_csv(csv).into_iter().skip(1) {
        let [query, expected, ..] = record.as_slice() else {
            continue;
        };
        let Some((pattern, requires)) = parse_query(query) else {
            continue; // NOT, proximity (~N), several ANDs: a phrase table cannot say that
        };
        let lower = pattern.to_lowercase();
        // A condition that holds the phrase itself is met by every occurrence of it.
        if requires.iter().any(|r| r.to_lowercase().contains(&lower))
            || general.contains(&lower)
            || is_count_of_pieces(&lower)
            || !seen.insert(lower)
        {
            continue;
        }
        entries.push(Entry {
            pattern,
            suggestion: clean_expected(expected),
            requires,
        });
    }
    entries.sort_by_key(|e| e.pattern.to_lowercase());
    render(&entries)
}

/// "128 pieces" (for "128 bits") is also how news counts art works and furniture.
fn is_count_of_pieces(pattern: &str) -> bool {
    pattern
        .strip_suffix(" pieces")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// `"phrase"`, `"phrase" AND "context"`, `"phrase" AND context`, or
/// `"phrase" AND ("a" OR "b")`: the phrase and the context terms (any one of them).
fn parse_query(query: &str) -> Option<(String, Vec<String>)> {
    let query = query.trim();
    let rest = query.strip_prefix('"')?;
    let (pattern, rest) = rest.split_once('"')?;
    let pattern = pattern.trim().to_string();
    if pattern.is_empty() || pattern.contains('~') {
        return None;
    }
    let rest = rest.trim();
    if rest.is_empty() {
        return Some((pattern, Vec::new()));
    }
    let condition = rest.strip_prefix("AND ")?.trim();
    if condition.contains(" AND ") || condition.contains(" NOT ") || condition.contains('~') {
        return None;
    }
    let inner = condition
        .strip_prefix('(')
        .and_then(|c| c.strip_suffix(')'))
        .unwrap_or(condition);
    let terms: Vec<String> = inner
        .split(" OR ")
        .map(|t| t.trim().trim_matches('"').trim().to_string())
        .collect();
    if terms
        .iter()
        .any(|t| t.is_empty() || t.contains('"') || t.contains('('))
    {
        return None;
    }
    Some((pattern, terms))
}

/// The established wording without notes: "principal component analysis (PCA)" loses its
/// abbreviation; uncertain ones ("(?)", "???") and several choices ("a/b") give none.
fn clean_expected(expected: &str) -> Option<String> {
    let mut s = expected.trim().to_string();
    while let Some(open) = s.rfind(" (") {
        if !s.ends_with(')') || s.contains('?') {
            break;
        }
        s.truncate(open);
    }
    let s = s.trim();
    let unsure = s.is_empty()
        || s.contains(['?', '/', '(', ')'])
        || s.contains(" AND ")
        || s.to_lowercase().contains("e.g.")
        || s.to_lowercase().starts_with("search and replace");
    (!unsure).then(|| s.to_string())
}

fn render(entries: &[Entry]) -> String {
    let mut out = String::new();
    out.push_str(HEADER);
    // In byte order, as TOML keys would be read.
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.pattern.cmp(&b.pattern));
    for e in sorted {
        let texts = std::iter::once(&e.pattern)
            .chain(&e.suggestion)
            .chain(&e.requires);
        for text in texts {
            assert!(
                !["=>", "|", ";", "'''", "\n", "#"]
                    .iter()
                    .any(|t| text.contains(t)),
                "{text:?} cannot be written in a phrase table"
            );
        }
        write!(out, "{} =>", e.pattern).unwrap();
        if let Some(suggestion) = &e.suggestion {
            write!(out, " {suggestion}").unwrap();
        }
        if !e.requires.is_empty() {
            write!(out, " ; requires: {}", e.requires.join(" | ")).unwrap();
        }
        out.push('\n');
    }
    out.push_str("'''\n");
    out
}

/// RFC 4180 records: fields separated by commas, quoted fields with `""` for a quote.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

const HEADER: &str = r#"# Generated by tests/tortured_phrases.rs from data/tortured-phrases/tortured.csv.
# Do not edit: change the generator or the data, then run
# `MTLINT_REGENERATE=1 cargo test --test tortured_phrases`.

[pack]
name = "tortured-phrases"
description = "Tortured phrases: established terms replaced by odd synonyms, from the Problematic Paper Screener's fingerprints."
source = "hahuyhoang411/tortured-phrase, data/tortured.csv at d096655bdaab654474fc7073792a8b9fdae031c4 (fingerprints of the Problematic Paper Screener, Cabanac, Labbé, Magazinov 2021)"
license = "MIT"

[[rule]]
id = "tortured-phrase/fingerprint"
severity = "warning"
fix = "unsafe"
message = "`{matched}` is a tortured phrase; the established term is `{suggestion}`"
description = """
"counterfeit consciousness" for "artificial intelligence", "profound learning" for "deep \
learning": paraphrasing tools and round-trip translation replace each word of a fixed \
term with a synonym, and the term no longer means anything. The table holds the \
fingerprints collected by the Problematic Paper Screener (Cabanac et al. 2021). Some \
stand only when a context term occurs in the same document ("profound learning" with \
"deep learning"); uncertain entries report the phrase without a suggestion; fingerprints \
that are ordinary English are left out."""
good = [
    "Artificial intelligence and deep learning are growing fields.",
    "She spoke of profound learning in her childhood.",
]

[[rule.bad]]
text = "Advances in counterfeit consciousness worry regulators."
fixed = "Advances in artificial intelligence worry regulators."

[[rule.bad]]
text = "The model uses irregular woodland classifiers."
fixed = "The model uses random forest classifiers."

[[rule.bad]]
text = "Profound learning is a branch of machine learning; deep learning needs data."
fixed = "Deep learning is a branch of machine learning; deep learning needs data."

[rule.match]
kind = "phrase"
# One phrase a line: `phrase => suggestion | other ; requires: context term | other`.
table = '''
"#;
