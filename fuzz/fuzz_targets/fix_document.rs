//! Arbitrary text fixed as plain text and as Markdown, safe and unsafe fixes: no panic,
//! and fixing the result again terminates with valid text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mtlint::document::Syntax;
use mtlint::fix::{FixLevel, fix_document};
use mtlint::linter::Linter;

static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for syntax in [Syntax::Plain, Syntax::Markdown] {
        for level in [FixLevel::Safe, FixLevel::Unsafe] {
            let once = fix_document(&LINTER, text, syntax, level, &|_| true);
            let twice = fix_document(&LINTER, &once.text, syntax, level, &|_| true);
            // `String` guarantees UTF-8; the passes are bounded.
            assert!(once.passes <= mtlint::fix::MAX_PASSES);
            assert!(twice.passes <= mtlint::fix::MAX_PASSES);
        }
    }
});
