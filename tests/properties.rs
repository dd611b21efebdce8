//! Properties of checking and fixing on random text: every span and edit inside the text
//! on character boundaries, lines and columns that match a naive count, deterministic
//! output, and fixes that are valid and idempotent. Plain text and Markdown, every
//! built-in rule.

use std::sync::LazyLock;

use mtlint::document::{self, Syntax};
use mtlint::fix::{FixLevel, fix_document};
use mtlint::render::{self, FileReport, Format, RenderOptions};
use mtlint::{Finding, LineIndex, Linter, SourceText};
use proptest::prelude::*;

static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::from_sources(&Linter::builtin_sources()).unwrap());

/// Pieces random texts are made of: words, punctuation, line endings, typographic quotes,
/// CJK, emoji, Markdown syntax, and the bad examples of the built-in rules, so that rules
/// fire often.
static PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut pieces: Vec<String> = [
        " ",
        " ",
        " ",
        "the",
        "power",
        "program",
        "Its",
        "a",
        "U.S.",
        "Mr.",
        "4 p.m.",
        ".",
        ",",
        ";",
        ":",
        "!",
        "?",
        "\"",
        "'",
        "(",
        ")",
        "\n",
        "\n\n",
        "\r\n",
        "\r",
        "\t",
        "\u{201C}",
        "\u{201D}",
        "\u{2018}",
        "\u{2019}",
        "\u{2014}",
        "…",
        "中文",
        "。",
        "、",
        "😀",
        "👍🏽",
        "é",
        "**",
        "*",
        "_",
        "`",
        "```\n",
        "    ",
        "# ",
        "## ",
        "- ",
        "1. ",
        "> ",
        "[x](y)",
        "[a]: http://e.com",
        "<b>",
        "</b>",
        "<!-- c -->",
        "---\n",
        "\\",
        "|",
        "<!-- mtlint-disable-next-line -->\n",
        "mtlint-disable-next-line punctuation\n",
        "https://example.com/a.b",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for rule in LINTER.rules() {
        pieces.extend(rule.bad.iter().map(|b| b.text.clone()));
        pieces.extend(rule.good.iter().cloned());
    }
    pieces
});

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => (0..PIECES.len()).prop_map(|i| PIECES[i].clone()),
            1 => "[a-zA-Z]{1,8}",
            1 => "\\PC{1,3}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn syntax() -> impl Strategy<Value = Syntax> {
    prop_oneof![Just(Syntax::Plain), Just(Syntax::Markdown)]
}

fn check(text: &str, syntax: Syntax) -> Vec<Finding> {
    document::check(&LINTER, text, syntax, &|_| true)
}

fn in_text(text: &str, range: &std::ops::Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

/// Line and column by counting from the start of the text: lines end at LF (a CR before it
/// belongs to the line; a lone CR does not end a line), columns count characters.
fn naive_position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// What each finding says, comparable across runs.
fn summary(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            let edits: Vec<_> = f
                .suggestions
                .iter()
                .map(|s| (&s.range, &s.replacement))
                .collect();
            format!("{} {:?} {} {:?}", f.rule.id, f.span, f.message, edits)
        })
        .collect()
}

fn json(text: &str, findings: &[Finding]) -> String {
    let source = SourceText::from_string(text.to_string());
    let reports = [FileReport::new("a.md", &source, findings)];
    render::render(Format::Json, &reports, RenderOptions::default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn spans_and_edits_lie_inside_the_text(text in text(), syntax in syntax()) {
        for f in check(&text, syntax) {
            prop_assert!(in_text(&text, &f.span), "{} span {:?} in {:?}", f.rule.id, f.span, text);
            for s in &f.suggestions {
                prop_assert!(in_text(&text, &s.range), "{} edit {:?} in {:?}", f.rule.id, s.range, text);
            }
        }
    }

    #[test]
    fn positions_match_a_naive_count(text in text(), syntax in syntax()) {
        let index = LineIndex::new(&text);
        let findings = check(&text, syntax);
        let mut offsets: Vec<usize> = findings.iter().flat_map(|f| [f.span.start, f.span.end]).collect();
        // Every character boundary of short texts, not only the findings' ends.
        offsets.extend((0..=text.len()).filter(|&i| text.is_char_boundary(i)));
        for offset in offsets {
            let p = index.position(&text, offset);
            prop_assert_eq!((p.line, p.column), naive_position(&text, offset), "offset {} of {:?}", offset, text);
        }
    }

    #[test]
    fn output_is_deterministic(text in text(), syntax in syntax()) {
        let a = check(&text, syntax);
        let b = check(&text, syntax);
        prop_assert_eq!(summary(&a), summary(&b));
        prop_assert_eq!(json(&text, &a), json(&text, &b));
    }

    #[test]
    fn fixing_twice_changes_nothing_more(text in text(), syntax in syntax(), unsafe_fixes: bool) {
        let level = if unsafe_fixes { FixLevel::Unsafe } else { FixLevel::Safe };
        let once = fix_document(&LINTER, &text, syntax, level, &|_| true);
        prop_assert!(std::str::from_utf8(once.text.as_bytes()).is_ok());
        // A run that stopped at the pass limit may have more to do; one that finished
        // has nothing left.
        if once.passes < mtlint::fix::MAX_PASSES {
            let twice = fix_document(&LINTER, &once.text, syntax, level, &|_| true);
            prop_assert_eq!(&twice.text, &once.text, "from {:?}", text);
        }
    }
}
