//! Stable fingerprints of findings: the same defect gets the same fingerprint from run to
//! run, on any platform and build, even after the text around it moves. Used by the SARIF
//! and GitLab formats, and meant for baselines.
//!
//! The hash is FNV-1a (64 bits), written out here so that it never changes with a
//! compiler or library version (the standard library's hasher is randomized per process).

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use crate::finding::Finding;
use crate::text::{ceil_char_boundary, floor_char_boundary};

/// Words taken each side of the span, so that one defect in two different sentences gets
/// two fingerprints while a line inserted above changes neither.
pub const NEIGHBOUR_WORDS: usize = 2;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The FNV-1a 64-bit hash, fed incrementally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a::new()
    }
}

impl Fnv1a {
    pub const fn new() -> Fnv1a {
        Fnv1a(FNV_OFFSET)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    /// Writes a field followed by a separator byte that UTF-8 text never contains, so
    /// that `("ab", "c")` and `("a", "bc")` hash differently.
    pub fn write_field(&mut self, field: &str) {
        self.write(field.as_bytes());
        self.write(&[0xff]);
    }

    pub fn finish(self) -> u64 {
        self.0
    }
}

/// FNV-1a 64 of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a::new();
    h.write(bytes);
    h.finish()
}

/// Bytes read each side of the span for its neighbouring words. A neighbour longer than
/// this (a long URL, a paragraph of Chinese, a run without spaces) counts with the part of
/// it inside the window, so the cost of a fingerprint is bounded by the window, not by the
/// text: hashing every finding of a text without whitespace would otherwise take time
/// quadratic in their number. Ordinary prose, whose two neighbouring words each side fit
/// in the window, hashes exactly as with an unbounded scan.
pub const NEIGHBOUR_WINDOW: usize = 256;

/// The position-independent hash of one finding: its rule id, the matched text and up to
/// [`NEIGHBOUR_WORDS`] words each side, read within [`NEIGHBOUR_WINDOW`] bytes of it.
/// Whitespace is normalized (runs of spaces, tabs and line breaks count as one space), so
/// CRLF and LF copies of a file agree.
pub fn content_hash(rule_id: &str, text: &str, span: Range<usize>) -> u64 {
    let (before, after) = neighbourhood(text, &span);
    hash_of(rule_id, before, &text[span], after)
}

/// The hash of a rule id, a matched text and the texts before and after it: the last
/// [`NEIGHBOUR_WORDS`] words of `before` and the first of `after`.
fn hash_of(rule_id: &str, before: &str, matched: &str, after: &str) -> u64 {
    let mut h = Fnv1a::new();
    h.write_field("mtlint-fingerprint-v1");
    h.write_field(rule_id);
    let before: Vec<&str> = before
        .split_whitespace()
        .rev()
        .take(NEIGHBOUR_WORDS)
        .collect();
    for word in before.iter().rev() {
        h.write_field(word);
    }
    h.write_field("[");
    for word in matched.split_whitespace() {
        h.write_field(word);
    }
    h.write_field("]");
    for word in after.split_whitespace().take(NEIGHBOUR_WORDS) {
        h.write_field(word);
    }
    h.finish()
}

/// The text within [`NEIGHBOUR_WINDOW`] bytes before and after `span`, cut at character
/// boundaries.
fn neighbourhood<'t>(text: &'t str, span: &Range<usize>) -> (&'t str, &'t str) {
    let from = ceil_char_boundary(text, span.start.saturating_sub(NEIGHBOUR_WINDOW));
    let to = floor_char_boundary(text, span.end.saturating_add(NEIGHBOUR_WINDOW));
    (&text[from..span.start], &text[span.end..to])
}

/// A finding's fingerprint: the content hash, and which occurrence of that hash in the
/// file this is (1 for the first), so that identical defects in one file stay distinct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    pub hash: u64,
    pub occurrence: usize,
}

impl fmt::Display for Fingerprint {
    /// `0123456789abcdef:1`, the shape of GitHub's own partial fingerprints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}:{}", self.hash, self.occurrence)
    }
}

/// The fingerprints of the findings of one text, in the order given. Occurrences are
/// counted in that order, which is the order of the text for the linter's output.
pub fn fingerprints(text: &str, findings: &[Finding]) -> Vec<Fingerprint> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let hash = content_hash(&finding.rule.id, text, finding.span.clone());
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            Fingerprint {
                hash,
                occurrence: *occurrence,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    fn hash_of(text: &str, needle: &str) -> u64 {
        let start = text.find(needle).unwrap();
        content_hash("r/x", text, start..start + needle.len())
    }

    #[test]
    fn content_hash_ignores_position_and_line_endings() {
        let a = hash_of(
            "Intro.\n\nIt is more in addition dependent.\n",
            "more in addition",
        );
        let b = hash_of(
            "A new first line.\r\n\r\nIntro.\r\n\r\nIt is more in addition dependent.\r\n",
            "more in addition",
        );
        assert_eq!(a, b);
    }

    #[test]
    fn content_hash_depends_on_neighbours_and_rule() {
        let a = hash_of("It is more in addition dependent.", "more in addition");
        let b = hash_of("She is more in addition dependent.", "more in addition");
        assert_ne!(a, b);
        let start = 6;
        let c = content_hash(
            "r/y",
            "It is more in addition dependent.",
            start..start + 16,
        );
        assert_ne!(a, c);
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;

    /// The hash as it was before the window: neighbours read to the text's ends.
    pub(super) fn unbounded(rule_id: &str, text: &str, span: Range<usize>) -> u64 {
        hash_of(
            rule_id,
            &text[..span.start],
            &text[span.clone()],
            &text[span.end..],
        )
    }

    /// The neighbour words an unbounded scan reads lie within the window on both sides:
    /// true of ordinary prose, not of a span next to a long URL or a line of Chinese.
    fn neighbours_fit_the_window(text: &str, span: &Range<usize>) -> bool {
        // Reading outwards from the span, NEIGHBOUR_WORDS words end within the window.
        fn reach(bytes: impl Iterator<Item = u8>) -> bool {
            let mut words = 0;
            let mut in_word = false;
            for (i, b) in bytes.take(NEIGHBOUR_WINDOW + 1).enumerate() {
                let space = b.is_ascii_whitespace();
                if in_word && space {
                    words += 1;
                    if words == NEIGHBOUR_WORDS {
                        return i < NEIGHBOUR_WINDOW;
                    }
                }
                in_word = !space;
            }
            false
        }
        let before = &text.as_bytes()[..span.start];
        let after = &text.as_bytes()[span.end..];
        (before.len() < NEIGHBOUR_WINDOW || reach(before.iter().rev().copied()))
            && (after.len() < NEIGHBOUR_WINDOW || reach(after.iter().copied()))
    }

    /// Every fifth-byte span at every 31st byte of the prose corpora and the fixtures
    /// hashes as it did with an unbounded scan, wherever its neighbour words lie within
    /// the window.
    #[test]
    fn ordinary_text_hashes_as_without_the_window() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests/corpus"), root.join("fixtures")];
        let mut compared = 0;
        while let Some(path) = dirs.pop() {
            if path.is_dir() {
                dirs.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for at in (0..text.len()).step_by(31) {
                let start = floor_char_boundary(&text, at);
                let end = floor_char_boundary(&text, start + 5);
                let span = start..end;
                if !neighbours_fit_the_window(&text, &span) {
                    continue;
                }
                assert_eq!(
                    content_hash("r/x", &text, span.clone()),
                    unbounded("r/x", &text, span.clone()),
                    "{}: {span:?}",
                    path.display()
                );
                compared += 1;
            }
        }
        assert!(compared > 10_000, "{compared}");
    }

    proptest::proptest! {
        /// Words shorter than the window: the same hash as an unbounded scan.
        #[test]
        fn short_words_hash_as_without_the_window(
            words in proptest::collection::vec("[a-zé“”中]{1,40}", 1..80),
            gaps in proptest::collection::vec("[ \t\r\n]{1,3}", 80),
            pick in 0usize..80,
            len in 0usize..3,
        ) {
            let mut text = String::new();
            let mut starts = Vec::new();
            for (word, gap) in words.iter().zip(&gaps) {
                starts.push(text.len());
                text.push_str(word);
                text.push_str(gap);
            }
            let first = pick % words.len();
            let last = (first + len).min(words.len() - 1);
            let span = starts[first]..starts[last] + words[last].len();
            proptest::prop_assert_eq!(
                content_hash("r/x", &text, span.clone()),
                unbounded("r/x", &text, span)
            );
        }
    }

    /// A neighbour longer than the window counts with its part inside it.
    #[test]
    fn long_neighbours_are_cut_at_the_window() {
        let long = "x".repeat(3 * NEIGHBOUR_WINDOW);
        let a = format!("{long} more in addition {long}");
        let b = format!("y{long} more in addition {long}y");
        let at = |t: &str| {
            let s = t.find("more").unwrap();
            s..s + "more in addition".len()
        };
        assert_eq!(
            content_hash("r/x", &a, at(&a)),
            content_hash("r/x", &b, at(&b))
        );
    }
}
