//! Arbitrary TOML as a rule pack: loading may fail with errors, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::document::{self, Syntax};
use mtlint::linter::{Linter, PackSource};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = PackSource {
        file: "fuzz.toml".to_string(),
        text: text.to_string(),
    };
    match Linter::from_sources(&[source]) {
        Ok(linter) => {
            // A pack that loads must also check a text without panicking.
            let sample = "Its nuclear power. program was sold. . \"quoted\" text";
            let _ = document::check(&linter, sample, Syntax::Plain, &|_| true);
        }
        Err(errors) => {
            for error in errors {
                let _ = error.to_string();
            }
        }
    }
});
