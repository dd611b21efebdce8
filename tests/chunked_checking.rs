//! Large texts are checked in chunks (`mtlint::chunks`). Checked in small chunks, the
//! catalogue fixtures, the sample article and a slice of the clean corpus must give the
//! same findings as checked whole: nothing lost or doubled at the seams.

use mtlint::{Finding, Linter, RuleMeta};

/// The catalogue fixtures and the sample article.
fn fixtures() -> String {
    let mut text = String::new();
    let mut files: Vec<_> = std::fs::read_dir("fixtures/catalogue")
        .expect("catalogue fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.push("fixtures/sample-article.txt".into());
    for path in files {
        text.push_str(&std::fs::read_to_string(&path).expect("fixture"));
        text.push_str("\n\n");
    }
    text
}

/// The fixtures and a slice of a book.
fn text() -> String {
    let mut text = fixtures();
    let book = std::fs::read_to_string("tests/corpus/clean-prose/katrine.txt").expect("book");
    let mut end = 300_000.min(book.len());
    while !book.is_char_boundary(end) {
        end -= 1;
    }
    text.push_str(&book[..end]);
    text
}

fn summary(findings: &[Finding]) -> Vec<(usize, usize, String, Vec<String>)> {
    findings
        .iter()
        .map(|f| {
            let fixes = f
                .suggestions
                .iter()
                .map(|s| s.replacement.clone())
                .collect();
            (f.span.start, f.span.end, f.rule.id.clone(), fixes)
        })
        .collect()
}

#[test]
fn small_chunks_find_what_the_whole_text_finds() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
    let text = text();
    // The script rules judge each chunk's share of foreign letters on its own.
    let enabled = |r: &RuleMeta| r.pack != "untranslated";
    let whole = linter.check_in_chunks(&text, &enabled, usize::MAX / 4, 4096);
    for size in [8 << 10, 50 << 10] {
        let chunked = linter.check_in_chunks(&text, &enabled, size, 4096);
        assert!(whole.len() > 50, "{}", whole.len());
        assert_eq!(summary(&chunked), summary(&whole), "chunks of {size} bytes");
    }
}

/// The regex rules run through one `RegexSet` once a linter has checked a few hundred
/// kilobytes (`matchers::regex_gate`): the same text gives the same findings before and
/// after.
#[test]
fn regex_gate_finds_what_each_rule_finds_alone() {
    let (text, fixtures) = (text(), fixtures());
    let fresh = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
    let alone = fresh.check(&fixtures);
    let warmed = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
    warmed.check(&text.repeat(2));
    let gated = warmed.check(&fixtures);
    assert!(alone.len() > 50, "{}", alone.len());
    assert_eq!(summary(&gated), summary(&alone));
}

/// A text without line breaks is cut between characters: every rule but those that read
/// a paragraph from its start to its end finds the same in small chunks as in one.
#[test]
fn one_long_line_in_small_chunks() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
    let line = fixtures().replace(['\n', '\r'], " ");
    let paragraph_rules = [
        "whitespace/leading-space",
        "whitespace/trailing-space",
        "punctuation/unbalanced-bracket",
        "leak/caption-label",
    ];
    let enabled =
        |r: &RuleMeta| r.pack != "untranslated" && !paragraph_rules.contains(&r.id.as_str());
    let whole = linter.check_in_chunks(&line, &enabled, usize::MAX / 4, 4096);
    let chunked = linter.check_in_chunks(&line, &enabled, 8 << 10, 4096);
    assert!(whole.len() > 30, "{}", whole.len());
    assert_eq!(summary(&chunked), summary(&whole));
}
