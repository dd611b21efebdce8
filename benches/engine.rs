//! `cargo bench`: the engine with every built-in pack on article-shaped text of 1 KB,
//! 100 KB and 10 MB, and the cost of loading the packs (start-up).

use mtlint::Linter;

fn main() {
    divan::main();
}

/// Clean prose with an artifact about every 300 words, as in `bench/make-corpus.py`.
fn corpus(bytes: usize) -> String {
    let base = concat!(
        include_str!("../fixtures/sample-article.txt"),
        "\n",
        include_str!("../fixtures/clean/newsroom-style.txt"),
        "\n"
    );
    let mut text = String::with_capacity(bytes + base.len());
    while text.len() < bytes {
        text.push_str(base);
    }
    let mut cut = bytes.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

fn linter() -> Linter {
    Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs load")
}

#[divan::bench(args = [1_000, 100_000, 10_000_000], sample_count = 10)]
fn check(bencher: divan::Bencher, bytes: usize) {
    let linter = linter();
    let text = corpus(bytes);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| linter.check(divan::black_box(&text)).len());
}

#[divan::bench(sample_count = 10)]
fn load_builtin_packs() -> Linter {
    linter()
}

/// A pack of `n` phrases that do not occur in the corpus, so that only the scan counts.
fn phrase_pack(n: usize) -> Linter {
    let mut toml = String::from(
        "[pack]\nname = \"scale\"\ndescription = \"d\"\n\n[[rule]]\nid = \"scale/phrases\"\n\
         severity = \"warning\"\nmessage = \"m\"\ndescription = \"d\"\n\n[rule.match]\n\
         kind = \"phrase\"\n\n[rule.match.phrases]\n",
    );
    for i in 0..n {
        toml.push_str(&format!("\"qz{i} vexd{}\" = \"x\"\n", i * 7919 % 100_003));
    }
    let source = mtlint::linter::PackSource {
        file: "scale.toml".into(),
        text: toml,
    };
    Linter::from_sources(&[source]).expect("the scaling pack loads")
}

/// Cost of the phrase pass on 1 MB as the number of phrases grows: nearly flat.
#[divan::bench(args = [10, 1_000, 10_000], sample_count = 10)]
fn phrase_scaling(bencher: divan::Bencher, phrases: usize) {
    let linter = phrase_pack(phrases);
    let text = corpus(1_000_000);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| linter.check(divan::black_box(&text)).len());
}

/// One finding that supersedes another in every word (`encoding/html-entity` over
/// `encoding/other-html-entity`): the cost per finding stays flat as findings grow.
#[divan::bench(args = [12_500, 50_000, 200_000], sample_count = 5)]
fn superseding_findings(bencher: divan::Bencher, repeats: usize) {
    let linter = linter();
    let text = "AT&amp;T ".repeat(repeats);
    let selected = |r: &mtlint::RuleMeta| r.id.starts_with("encoding/");
    bencher
        .counter(divan::counter::ItemsCount::new(repeats))
        .bench(|| linter.check_rules(divan::black_box(&text), selected).len());
}

/// The same megabyte checked as one text and as 200 texts of 5 KB (a tree of articles):
/// what is paid per text, apart from the bytes.
#[divan::bench(args = [1, 200], sample_count = 10)]
fn texts_of_one_megabyte(bencher: divan::Bencher, texts: usize) {
    let linter = linter();
    let whole = corpus(1_000_000);
    let size = whole.len() / texts;
    let mut parts = Vec::with_capacity(texts);
    let mut start = 0;
    while start < whole.len() {
        let mut end = (start + size).min(whole.len());
        while !whole.is_char_boundary(end) {
            end += 1;
        }
        parts.push(&whole[start..end]);
        start = end;
    }
    bencher
        .counter(divan::counter::BytesCount::new(whole.len()))
        .bench(|| {
            parts
                .iter()
                .map(|p| linter.check(divan::black_box(p)).len())
                .sum::<usize>()
        });
}

/// The shared word pass alone on 1 MB, the word pass and the vocabulary (the forms of
/// the words, which the phrase index, collocations and foreign-words lookups read), and
/// with the word-level rules that read them: the foreign-words lookups, repetition and
/// collocations.
#[divan::bench(args = ["words", "vocabulary", "untranslated/foreign-words", "repetition/", "collocation/"], sample_count = 10)]
fn word_pass(bencher: divan::Bencher, rules: &str) {
    let linter = linter();
    let text = corpus(1_000_000);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            if rules == "words" {
                mtlint::text::words::words(divan::black_box(&text)).len()
            } else if rules == "vocabulary" {
                let cx = mtlint::matchers::Context::new(divan::black_box(&text));
                cx.vocabulary().len()
            } else {
                linter
                    .check_rules(divan::black_box(&text), |r| r.id.starts_with(rules))
                    .len()
            }
        });
}
