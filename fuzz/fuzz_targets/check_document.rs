//! Arbitrary bytes, decoded as a file would be, checked as plain text and as Markdown with
//! every built-in rule. Every finding must point inside the text on character boundaries,
//! and its line and column must be computable.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mtlint::document::{self, Syntax};
use mtlint::linter::Linter;
use mtlint::{LineIndex, SourceText};

static LINTER: LazyLock<Linter> =
    LazyLock::new(|| Linter::from_sources(&Linter::builtin_sources()).expect("built-in packs"));

fn in_text(text: &str, range: &std::ops::Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = SourceText::decode(data) else {
        return;
    };
    let text = &source.text;
    let index = LineIndex::new(text);
    for syntax in [Syntax::Plain, Syntax::Markdown] {
        let findings = document::check(&LINTER, text, syntax, &|_| true);
        for finding in &findings {
            assert!(
                in_text(text, &finding.span),
                "span {:?} of {} outside the text or off a char boundary",
                finding.span,
                finding.rule.id
            );
            for suggestion in &finding.suggestions {
                assert!(
                    in_text(text, &suggestion.range),
                    "suggestion {:?} of {} outside the text",
                    suggestion.range,
                    finding.rule.id
                );
            }
            let start = index.position(text, finding.span.start);
            let end = index.position(text, finding.span.end);
            assert!(start <= end);
            assert!(start.line <= index.line_count());
        }
    }
});
