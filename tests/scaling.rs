//! The bookkeeping of a check is linear in the number of findings: checking eight times
//! as many findings takes about eight times as long, not sixty-four. Measured as a ratio
//! of two sizes in one run (the best of a few tries each), never as an absolute time.

use std::time::{Duration, Instant};

use mtlint::{Linter, RuleMeta};

fn best_of(tries: usize, mut run: impl FnMut()) -> Duration {
    (0..tries)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .min()
        .expect("at least one try")
}

/// Every word is a finding of a rule that supersedes another (`encoding/html-entity`
/// over `encoding/other-html-entity`): taking out the superseded findings was quadratic.
#[test]
fn superseded_findings_are_dropped_in_about_linear_time() {
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs");
    let selected = |r: &RuleMeta| r.id.starts_with("encoding/");
    let small = "AT&amp;T ".repeat(3_000);
    let large = "AT&amp;T ".repeat(24_000);
    assert_eq!(linter.check_rules(&small, selected).len(), 3_000);
    let t_small = best_of(3, || {
        linter.check_rules(&small, selected);
    });
    let t_large = best_of(3, || {
        linter.check_rules(&large, selected);
    });
    let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
    // Linear is 8; quadratic would be 64. The margin allows for a busy machine.
    assert!(ratio < 24.0, "8x the findings took {ratio:.1}x the time");
}
