//! Every output format and the baseline take time linear in the number of findings: the
//! same work at two sizes, eight times apart, must take at most about eight times as
//! long. The input is the worst case for anything that scans around a finding: one line
//! without whitespace, a finding every four bytes.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use mtlint::baseline::Baseline;
use mtlint::render::{self, FileReport, Format, RenderOptions};
use mtlint::{Finding, Linter, SourceText};

const SMALL: usize = 1_000;
const FACTOR: usize = 8;
/// Linear work gives a ratio near [`FACTOR`], quadratic work near its square.
const MAX_RATIO: f64 = 2.5 * FACTOR as f64;

type Input = (SourceText, Vec<Finding>);

/// The text and findings at both sizes, made once for every test.
fn inputs() -> &'static (Input, Input) {
    static INPUTS: OnceLock<(Input, Input)> = OnceLock::new();
    INPUTS.get_or_init(|| (input(SMALL), input(SMALL * FACTOR)))
}

fn input(n: usize) -> Input {
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
    let source = SourceText::from_string("a\u{200b}".repeat(n));
    let findings = linter.check(&source.text);
    assert_eq!(findings.len(), n, "one finding per invisible character");
    (source, findings)
}

/// The fastest of three runs: the least disturbed by other work on the machine.
fn best_of_three(mut work: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .expect("three runs")
}

fn assert_linear(what: &str, mut work: impl FnMut(&SourceText, &[Finding])) {
    let ((small_source, small_findings), (large_source, large_findings)) = inputs();
    let small = best_of_three(|| work(small_source, small_findings));
    let large = best_of_three(|| work(large_source, large_findings));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-6);
    assert!(
        ratio <= MAX_RATIO,
        "{what}: {FACTOR}x the findings took {ratio:.1}x as long ({small:?} → {large:?})"
    );
}

#[test]
fn every_format_is_linear_in_the_findings() {
    for &format in Format::value_variants() {
        assert_linear(&format.to_string(), |source, findings| {
            let report = FileReport::new("a.txt", source, findings);
            let out = render::render(format, &[report], RenderOptions::default());
            assert!(!out.is_empty());
        });
    }
}

#[test]
fn the_baseline_is_linear_in_the_findings() {
    assert_linear("baseline", |source, findings| {
        let baseline = Baseline::of([("a.txt", source.text.as_str(), findings)]);
        let read = Baseline::parse("b.json", &baseline.to_json()).expect("round trip");
        let mut matcher = read.matcher();
        let left = matcher.filter("a.txt", &source.text, findings.to_vec());
        assert!(left.is_empty());
        assert!(matcher.stale().is_empty());
    });
}
