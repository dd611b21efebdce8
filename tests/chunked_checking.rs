//! Large texts are checked in chunks (`mtlint::chunks`). Checked in small chunks, the
//! catalogue fixtures, the sample article and a slice of the clean corpus must give the
//! same findings as checked whole: nothing lost or doubled at the seams.

use std::sync::LazyLock;

use mtlint::document::{self, Syntax};
use mtlint::linter::{Engine, Gate, PackSource};
use mtlint::{Finding, Linter, RuleMeta};
use proptest::prelude::*;

/// A user pack whose patterns span lines and paragraphs, and one that reads the text
/// from its start: the chunks and the gate must find what they find in the whole text.
const SPANNING_PACK: &str = r#"[pack]
name = "house"
description = "Patterns that span paragraphs."

[[rule]]
id = "house/food-across-paragraphs"
severity = "warning"
message = "Across a paragraph break: `{matched}`"
description = "A word at the end of a paragraph and the next paragraph's first word."

[rule.match]
kind = "regex"
pattern = '(?i)\bfood\s*\n\s*\n\s*the\b'

[[rule]]
id = "house/open-quote"
severity = "warning"
message = "A quote left open across lines: `{matched}`"
description = "An opening quote whose closing quote is lines away."

[rule.match]
kind = "regex"
pattern = '“[^”\n]*\n[^”]*”'

[[rule]]
id = "house/alpha-to-omega"
severity = "warning"
message = "From alpha to omega: `{matched}`"
description = "Two words up to 400 characters apart, line and paragraph breaks included."

[rule.match]
kind = "regex"
pattern = '(?s)\balpha\b.{0,400}?\bomega\b'

[[rule]]
id = "house/blank-line"
severity = "warning"
message = "A blank line after a comma"
description = "A paragraph break where a sentence goes on."

[rule.match]
kind = "regex"
pattern = ',[ \t]*(?P<span>\n\n)'

[[rule]]
id = "house/food-aid"
severity = "warning"
message = "Food aid, maybe over a line break: `{matched}`"
description = "Letters and spaces only, so searched around its literal; a boundary at its end."

[rule.match]
kind = "regex"
pattern = '\bfood[ \t\n]+(?P<span>aid)\b'

[[rule]]
id = "house/first-power"
severity = "warning"
message = "The first power of the text"
description = "Reads the text from its start."

[rule.match]
kind = "regex"
pattern = '\A[^;]*(?P<span>power)'
"#;

fn linter(gate: Gate) -> Linter {
    let mut sources = Linter::builtin_sources();
    sources.push(PackSource {
        file: "house.toml".into(),
        text: SPANNING_PACK.into(),
    });
    Linter::from_sources(&sources)
        .expect("the packs load")
        .with_engine(Engine {
            gate,
            ..Engine::default()
        })
}

/// The built-in packs and the spanning pack, with the default engine.
static LINTER: LazyLock<Linter> = LazyLock::new(|| linter(Gate::BySize));
/// The same rules, always and never through the regex gate.
static GATED: LazyLock<Linter> = LazyLock::new(|| linter(Gate::Always));
static UNGATED: LazyLock<Linter> = LazyLock::new(|| linter(Gate::Never));

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
    let linter = &*LINTER;
    let text = text();
    let enabled = |_: &RuleMeta| true;
    let whole = linter.check_in_chunks(&text, &enabled, usize::MAX / 4, 4096);
    for size in [8 << 10, 50 << 10] {
        let chunked = linter.check_in_chunks(&text, &enabled, size, 4096);
        assert!(whole.len() > 50, "{}", whole.len());
        assert_eq!(summary(&chunked), summary(&whole), "chunks of {size} bytes");
    }
}

/// A rule that reads across lines but holds only some characters is searched, in a
/// gated text, only on the runs of those characters around its literal
/// (`matchers::wide_search`): it finds what a search of the whole text finds, the
/// boundary at a run's end included ("aidx" is no match).
#[test]
fn a_rule_searched_around_its_literal_finds_what_a_whole_search_finds() {
    let copy = "We sent food\naidx. The food aid, and food\n\naid. Food aid.\n";
    let filler = "Other sentences fill the rest of this paragraph. ".repeat(4);
    let text = format!("{copy}{filler}\n\n").repeat(200);
    let food_aid = |findings: &[Finding]| {
        findings
            .iter()
            .filter(|f| f.rule.id == "house/food-aid")
            .map(|f| f.span.clone())
            .collect::<Vec<_>>()
    };
    let gated = food_aid(&GATED.check(&text));
    assert_eq!(
        gated.len(),
        400,
        "two a copy: \"food aid\" and \"food\\n\\naid\""
    );
    assert_eq!(gated, food_aid(&UNGATED.check(&text)));
    assert_eq!(summary(&GATED.check(&text)), summary(&UNGATED.check(&text)));
}

/// The regex rules of large texts run through one `RegexSet` (`matchers::regex_gate`):
/// a text gives the same findings checked alone, after a megabyte of other text, and with
/// the gate on and off.
#[test]
fn regex_gate_finds_what_each_rule_finds_alone() {
    let (text, fixtures) = (text(), fixtures());
    let alone = UNGATED.check(&fixtures);
    assert!(alone.len() > 50, "{}", alone.len());
    let fresh = linter(Gate::BySize);
    assert_eq!(summary(&fresh.check(&fixtures)), summary(&alone));
    fresh.check(&text.repeat(4));
    assert_eq!(
        summary(&fresh.check(&fixtures)),
        summary(&alone),
        "after other text"
    );
    assert_eq!(summary(&GATED.check(&fixtures)), summary(&alone), "gated");
    // A text large enough to be gated by size finds what it finds ungated; past a
    // megabyte, the rules that read across lines run without asking the set.
    let large = text.repeat(4);
    assert!(large.len() > 1 << 20, "{}", large.len());
    let all = |_: &RuleMeta| true;
    assert_eq!(
        summary(&fresh.check_in_chunks(&large, &all, usize::MAX / 4, 4096)),
        summary(&UNGATED.check_in_chunks(&large, &all, usize::MAX / 4, 4096)),
    );
}

/// The fixtures, a slice of a book, and paragraphs where the spanning patterns match
/// across line and paragraph breaks: over the size from which the gate applies.
fn spanning_text() -> String {
    let mut text = text();
    for i in 0..40 {
        let gap = "and the tale goes on ".repeat(i % 9);
        text.push_str(&format!(
            "\n\nThe alpha of part {i} came first,\n\n{gap}until the food\n\nthe omega of it.\n"
        ));
        text.push_str(&"A plain sentence of the book. ".repeat(i));
    }
    text
}

/// The findings of the `--format json` report of `args`, with the path each names.
fn cli_findings(args: &[&std::ffi::OsStr]) -> Vec<(String, usize, usize, String, usize, usize)> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--fail-on",
            "never",
        ])
        .args(args)
        .output()
        .expect("mtlint runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let field = |f: &serde_json::Value, name: &str| f[name].as_u64().expect(name) as usize;
    report
        .as_array()
        .expect("an array of findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path").replace('\\', "/"),
                field(f, "byte_start"),
                field(f, "byte_end"),
                f["rule"].as_str().expect("rule").to_string(),
                field(f, "line"),
                field(f, "column"),
            )
        })
        .collect()
}

/// One engine: a file gives the same findings checked alone, by a linter that checked a
/// megabyte of other text first, with the gate always on, never on and by size, in
/// chunks of several sizes, and as one file of a tree through the command line, for the
/// built-in packs and a user pack whose patterns span lines and paragraphs.
#[test]
fn a_file_gives_the_same_findings_however_it_is_checked() {
    let text = spanning_text();
    assert!(text.len() > mtlint::matchers::regex_gate::GATE_FROM);
    let all = |_: &RuleMeta| true;
    let plain = summary(&UNGATED.check_in_chunks(&text, &all, usize::MAX / 4, 4096));
    for rule in [
        "house/alpha-to-omega",
        "house/blank-line",
        "house/food-across-paragraphs",
    ] {
        let n = plain.iter().filter(|f| f.2 == rule).count();
        assert!(n >= 3, "{rule}: {n} findings");
    }
    assert!(plain.iter().any(|f| !f.2.starts_with("house/")));

    let fresh = linter(Gate::BySize);
    assert_eq!(summary(&fresh.check(&text)), plain, "alone");
    let book = std::fs::read_to_string("tests/corpus/clean-prose/katrine.txt").expect("book");
    let other = book.repeat((1 << 20) / book.len() + 1);
    assert!(!fresh.check(&other).is_empty());
    assert_eq!(summary(&fresh.check(&text)), plain, "after a megabyte");
    for (gate, linter) in [
        ("by size", &*LINTER),
        ("always", &*GATED),
        ("never", &*UNGATED),
    ] {
        assert_eq!(summary(&linter.check(&text)), plain, "gate {gate}");
        for size in [3_000, 60_000] {
            let chunked = linter.check_in_chunks(&text, &all, size, 2000);
            assert_eq!(summary(&chunked), plain, "gate {gate}, chunks of {size}");
        }
    }

    // Through the command line: the file alone, and in a tree after other files.
    let dir = tempfile::tempdir().expect("temporary folder");
    let packs = dir.path().join("packs");
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&packs).expect("packs folder");
    std::fs::create_dir_all(tree.join("sub")).expect("tree");
    std::fs::write(packs.join("house.toml"), SPANNING_PACK).expect("pack");
    std::fs::write(tree.join("a-other.txt"), &other).expect("other file");
    std::fs::write(tree.join("sub/fixtures.txt"), fixtures()).expect("fixtures");
    std::fs::write(tree.join("z-file.txt"), &text).expect("file");
    let rules = ["--rules".as_ref(), packs.as_os_str()];
    let file = tree.join("z-file.txt");
    let alone: Vec<_> = cli_findings(&[rules[0], rules[1], file.as_os_str()])
        .into_iter()
        .map(|f| (f.1, f.2, f.3, f.4, f.5))
        .collect();
    let in_tree: Vec<_> = cli_findings(&[
        rules[0],
        rules[1],
        "--threads".as_ref(),
        "2".as_ref(),
        tree.as_os_str(),
    ])
    .into_iter()
    .filter(|f| f.0.ends_with("z-file.txt"))
    .map(|f| (f.1, f.2, f.3, f.4, f.5))
    .collect();
    assert_eq!(in_tree, alone, "in a tree");
    let document = document::check(&LINTER, &text, Syntax::Plain, &all);
    let expected: Vec<_> = document
        .iter()
        .map(|f| (f.span.start, f.span.end, f.rule.id.clone()))
        .collect();
    let reported: Vec<_> = alone.into_iter().map(|f| (f.0, f.1, f.2)).collect();
    assert_eq!(reported, expected, "the command line and the library");
}

/// Pieces of random texts: words, spaces and line breaks of every kind, sentence ends,
/// letters of two, three and four bytes, and the bad examples of the built-in rules, so
/// that rules fire near the cuts.
static PIECES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut pieces: Vec<String> = [
        " ",
        " ",
        " ",
        "the",
        "power",
        "a",
        "food",
        "food\n\nthe",
        "aid",
        "aidx",
        "food\naid",
        "alpha",
        "omega",
        ",\n\n",
        "“",
        "”",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        ". ",
        ", ",
        "é",
        "ü",
        "中文",
        "。",
        "、",
        "😀",
        "👍🏽",
        "\u{201C}",
        "\u{2019}",
        "\u{2014}",
        "…",
        "(",
        ")",
        "\"",
        "&amp;",
        "\u{200B}",
        "Привет",
        "mоney",
        "# ",
        "- ",
        "`",
        "**",
        "[x](y)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for rule in LINTER.rules() {
        pieces.extend(rule.bad.iter().map(|b| b.text.clone()));
    }
    pieces
});

/// Random texts of a few to a few tens of kilobytes: long enough that chunks see only a
/// window of them.
fn long_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => (0..PIECES.len()).prop_map(|i| PIECES[i].clone()),
            1 => "[a-zA-Z]{1,8}",
            1 => "\\PC{1,4}",
            // Runs of one multibyte letter, so that cuts fall inside them.
            1 => ("[é中😀]", 1..400usize).prop_map(|(c, n)| c.repeat(n)),
        ],
        150..1500,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Checked in chunks of any size, with the regex gate on or off, a text of any
    /// letters gives what it gives whole without the gate: no panic at a cut, nothing
    /// lost or doubled at a seam, every rule included.
    #[test]
    fn any_chunk_size_and_gate_find_what_the_whole_text_finds(
        text in long_text(),
        size in prop_oneof![256..1024usize, 1024..8192usize],
        context in 0..5000usize,
        gated: bool,
    ) {
        let all = |_: &RuleMeta| true;
        let plain = summary(&UNGATED.check_in_chunks(&text, &all, usize::MAX / 4, context));
        let linter = if gated { &*GATED } else { &*UNGATED };
        for (what, found) in [
            ("chunks", linter.check_in_chunks(&text, &all, size, context)),
            ("whole", linter.check_in_chunks(&text, &all, usize::MAX / 4, context)),
        ] {
            let found = summary(&found);
            let lost: Vec<_> = plain.iter().filter(|f| !found.contains(f)).collect();
            let added: Vec<_> = found.iter().filter(|f| !plain.contains(f)).collect();
            prop_assert!(
                lost.is_empty() && added.is_empty(),
                "{} of {} bytes, gate {}: lost {:?}, added {:?}", what, size, gated, lost, added
            );
        }
    }
}

/// Markdown and fixes go through the same chunks: a linter built with small chunks fixes
/// and reports as one with the default engine.
#[test]
fn documents_and_fixes_in_small_chunks() {
    let small = linter(Gate::BySize).with_engine(Engine {
        chunk_size: 700,
        ..Engine::default()
    });
    let mut text = fixtures();
    text.push_str(&"中文的句子，这是一段。".repeat(2000));
    text.push_str(&"é".repeat(3000));
    text.push_str("\nThe agency sent food food.\n");
    for syntax in [Syntax::Plain, Syntax::Markdown] {
        let a = document::check(&LINTER, &text, syntax, &|_| true);
        let b = document::check(&small, &text, syntax, &|_| true);
        assert!(a.len() > 50, "{}", a.len());
        assert_eq!(summary(&b), summary(&a), "{syntax:?}");
        let level = mtlint::fix::FixLevel::Unsafe;
        let fa = mtlint::fix::fix_document(&LINTER, &text, syntax, level, &|_| true);
        let fb = mtlint::fix::fix_document(&small, &text, syntax, level, &|_| true);
        assert_eq!(fa, fb, "{syntax:?}");
    }
}

/// A text without line breaks is cut between words: every rule finds the same in small
/// chunks as in one (paragraph, document and script rules read the whole text).
#[test]
fn one_long_line_in_small_chunks() {
    let linter = &*LINTER;
    let line = fixtures().replace(['\n', '\r'], " ");
    let enabled = |_: &RuleMeta| true;
    let whole = linter.check_in_chunks(&line, &enabled, usize::MAX / 4, 4096);
    let chunked = linter.check_in_chunks(&line, &enabled, 8 << 10, 4096);
    assert!(whole.len() > 30, "{}", whole.len());
    assert_eq!(summary(&chunked), summary(&whole));
}

/// The foreign-words rule weighs the whole text (the terms it repeats, its share of foreign
/// words): a word the text uses three times far apart is one of its terms in every chunk,
/// as it is whole.
#[test]
fn a_text_level_weighing_is_the_same_in_chunks() {
    let mut text = String::new();
    for part in 0..3 {
        text.push_str(&format!(
            "The plan covers lavoro and more of it in part {part}. "
        ));
        text.push_str(&"The cat sat on the table and ate bread with the dog. ".repeat(120));
    }
    assert_silent_whole_and_in_chunks(&text, "untranslated/foreign-words");
}

/// Rule `id` finds nothing in `text`, whole or in chunks of 2 KiB.
fn assert_silent_whole_and_in_chunks(text: &str, id: &str) {
    let only = |m: &RuleMeta| m.id == id;
    let whole = LINTER.check_in_chunks(text, &only, usize::MAX / 4, 4096);
    assert!(whole.is_empty(), "{whole:?}");
    let chunked = LINTER.check_in_chunks(text, &only, 2 << 10, 512);
    assert_eq!(summary(&chunked), summary(&whole));
}

/// Three copies of a word are a motif when their paragraph uses the word elsewhere, however
/// far: in chunks, the rule still sees the whole paragraph, and a motif stays unreported.
#[test]
fn a_motif_far_back_in_its_paragraph_is_one_in_chunks() {
    let text = format!(
        "The king's men came. {}The King's King's King's men arrived.",
        "The cat sat on the table and ate bread with the dog. ".repeat(300)
    );
    assert_silent_whole_and_in_chunks(&text, "repetition/repeated-words");
    // Without the word earlier in the paragraph, the three copies are reported.
    let alone = text.replacen("The king's men came. ", "", 1);
    let repetition = |m: &RuleMeta| m.id == "repetition/repeated-words";
    let found = LINTER.check_in_chunks(&alone, &repetition, 2 << 10, 512);
    assert_eq!(found.len(), 1, "{found:?}");
}
