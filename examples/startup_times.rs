//! Times each step of start-up: `cargo run --release --example startup_times`.

use std::time::Instant;

use mtlint::Linter;
use mtlint::rules::{BUILTIN_PACKS, load_pack};

fn main() {
    let total = Instant::now();
    let mut packs = Vec::new();
    for (name, text) in BUILTIN_PACKS {
        let start = Instant::now();
        let pack = load_pack(&format!("builtin:rules/{name}"), text).expect("built-in pack loads");
        println!(
            "load {name:<24} {:7.2} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
        packs.push(pack);
    }
    let start = Instant::now();
    let linter = Linter::from_packs(packs).expect("built-in packs link");
    println!(
        "link (phrase automaton)        {:7.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let start = Instant::now();
    linter.check("");
    println!(
        "check an empty text            {:7.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let start = Instant::now();
    linter.check("A short sentence, with a comma.");
    println!(
        "check one sentence             {:7.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    println!(
        "total, one thread              {:7.2} ms",
        total.elapsed().as_secs_f64() * 1e3
    );
}
