//! Times each built-in rule alone on a file: `cargo run --release --example rule_times FILE`.

use std::time::Instant;

use mtlint::Linter;

fn main() {
    let path = std::env::args().nth(1).expect("a file to check");
    let text = std::fs::read_to_string(&path).expect("a readable UTF-8 file");
    let linter = Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs load");
    let mb = text.len() as f64 / 1e6;
    let start = Instant::now();
    let all = linter.check(&text).len();
    let total = start.elapsed().as_secs_f64();
    let base_start = Instant::now();
    linter.check_rules(&text, |_| false);
    let base = base_start.elapsed().as_secs_f64();
    let mut times: Vec<(f64, String, usize)> = linter
        .rules()
        .map(|rule| {
            let start = Instant::now();
            let n = linter.check_rules(&text, |r| r.id == rule.id).len();
            (start.elapsed().as_secs_f64() - base, rule.id.clone(), n)
        })
        .collect();
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "all rules: {total:.3} s ({:.1} MB/s), {all} findings; no rule: {base:.3} s",
        mb / total
    );
    for (t, id, n) in times {
        println!("{:8.1} MB/s {t:7.3} s {n:6} {id}", mb / t.max(1e-9));
    }
}
