//! Where a regex rule that reads across lines can match in a large text. Such a rule
//! cannot be gated per group of paragraphs (a match may span them), and a scan of the
//! whole text costs several instructions a byte for each rule. But most of these rules
//! hold a literal in every match (`required_literals`: a closing curly quote, an
//! invisible character, "beards"), and many can hold only some characters
//! (`excluded_chars`: letters and spaces, no punctuation). So:
//!
//! - a text that holds none of a rule's literals is not searched for it (`Plan::Skip`);
//! - when some characters can be in no match, every match lies within the run of other
//!   characters around one of the literal's occurrences, and only those runs are
//!   searched (`Plan::Runs`), each with the character after it, so that assertions at
//!   its end (`\b`, `$`) read what they read in the whole text. The runs are maximal,
//!   hence disjoint, and no match crosses from one to the next: the matches found run
//!   by run are those a search of the whole text finds.
//!
//! Otherwise the rule searches the whole text (`Plan::Whole`).

use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::rules::{excluded_chars, required_literals};

/// Past this share of the text in runs, one search of the whole text is cheaper than
/// walking the runs' characters.
const MAX_RUNS_SHARE: usize = 4;

/// How a rule that reads across lines is searched in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The text holds none of the rule's literals: no match.
    Skip,
    /// Search the whole text.
    Whole,
    /// Search each run, whose match spans start within `own`; `region` adds the
    /// character after it.
    Runs(Vec<Run>),
}

/// A run of characters that a match can hold, around an occurrence of a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub own: Range<usize>,
    pub region: Range<usize>,
}

/// What tells where one rule can match: its literals and the characters it excludes.
#[derive(Debug)]
pub struct WideSearch {
    /// Every match holds one of these, in any ASCII case.
    literals: LiteralCheck,
    excluded: Option<Excluded>,
}

/// Whether a text may match a rule, by its required literals alone: for a rule that
/// searches a large text whole, a look for a literal that stops at the first one found,
/// where a text without any is not searched at all.
#[derive(Debug)]
pub struct LiteralCheck {
    /// `None`: no such literals.
    literals: Option<Literals>,
}

impl LiteralCheck {
    /// For `pattern` as the regex gate compiles it (`set_pattern`).
    pub fn new(pattern: &str) -> LiteralCheck {
        LiteralCheck {
            literals: required_literals(pattern).and_then(Literals::new),
        }
    }

    /// False only when `text` holds none of the literals: then it has no match.
    pub fn may_match(&self, text: &str) -> bool {
        self.literals
            .as_ref()
            .is_none_or(|l| l.starts(text).next().is_some())
    }
}

/// How the literals are looked for. Where they start with at most three bytes (in any
/// ASCII case), those are found with `memchr`'s vector search and the literals compared
/// there: a fraction of an instruction a byte where the bytes are rare, against several
/// for an automaton that reads every byte.
#[derive(Debug)]
enum Literals {
    FirstBytes {
        bytes: Vec<u8>,
        literals: Vec<Vec<u8>>,
    },
    Automaton(AhoCorasick),
}

impl Literals {
    fn new(literals: Vec<Vec<u8>>) -> Option<Literals> {
        let mut bytes: Vec<u8> = Vec::new();
        for l in &literals {
            let first = *l.first()?;
            for b in [first.to_ascii_lowercase(), first.to_ascii_uppercase()] {
                if !bytes.contains(&b) {
                    bytes.push(b);
                }
            }
        }
        if bytes.len() <= 3 {
            return Some(Literals::FirstBytes { bytes, literals });
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(literals)
            .ok()?;
        Some(Literals::Automaton(automaton))
    }

    /// The start of every occurrence: in order by the first bytes, by their ends from the
    /// automaton (a short literal inside a long one comes before it).
    fn starts<'t>(&'t self, text: &'t str) -> Box<dyn Iterator<Item = usize> + 't> {
        match self {
            Literals::FirstBytes { bytes, literals } => {
                let hay = text.as_bytes();
                let at = move |i: usize| {
                    literals.iter().any(|l| {
                        hay.get(i..i + l.len())
                            .is_some_and(|w| w.eq_ignore_ascii_case(l))
                    })
                };
                let candidates: Box<dyn Iterator<Item = usize>> = match bytes[..] {
                    [a] => Box::new(memchr::memchr_iter(a, hay)),
                    [a, b] => Box::new(memchr::memchr2_iter(a, b, hay)),
                    [a, b, c] => Box::new(memchr::memchr3_iter(a, b, c, hay)),
                    _ => Box::new(std::iter::empty()),
                };
                Box::new(candidates.filter(move |&i| at(i)))
            }
            Literals::Automaton(automaton) => {
                Box::new(automaton.find_overlapping_iter(text).map(|m| m.start()))
            }
        }
    }
}

impl WideSearch {
    /// For `pattern` as the regex gate compiles it (`set_pattern`).
    pub fn new(pattern: &str) -> WideSearch {
        let literals = LiteralCheck::new(pattern);
        let excluded = literals
            .literals
            .as_ref()
            .and_then(|_| excluded_chars(pattern))
            .map(Excluded::new);
        WideSearch { literals, excluded }
    }

    pub fn plan(&self, text: &str) -> Plan {
        let Some(literals) = &self.literals.literals else {
            return Plan::Whole;
        };
        let mut starts = literals.starts(text);
        let Some(excluded) = &self.excluded else {
            return match starts.next() {
                Some(_) => Plan::Whole,
                None => Plan::Skip,
            };
        };
        let mut runs: Vec<Run> = Vec::new();
        let mut in_runs = 0;
        let mut searched_to = 0;
        for start in starts {
            if start < searched_to {
                // Inside a run found already, or a literal inside a longer one that
                // needs a run before it: rare, and the whole text is searched instead.
                let inside = |r: &Run| r.region.contains(&start);
                let last_holds = runs.last().is_some_and(|r| start >= r.own.start);
                if last_holds || runs.iter().rev().take(4).any(inside) {
                    continue;
                }
                return Plan::Whole;
            }
            let Some(run) = excluded.run_around(text, start) else {
                continue;
            };
            searched_to = run.region.end.max(start + 1);
            in_runs += run.region.len();
            if in_runs > text.len() / MAX_RUNS_SHARE {
                return Plan::Whole;
            }
            runs.push(run);
        }
        if runs.is_empty() {
            Plan::Skip
        } else {
            Plan::Runs(runs)
        }
    }
}

/// Characters no match holds: ASCII by a table, the others by their ranges.
#[derive(Debug)]
struct Excluded {
    ascii: [bool; 128],
    ranges: Vec<(char, char)>,
}

impl Excluded {
    fn new(ranges: Vec<(char, char)>) -> Excluded {
        let mut ascii = [false; 128];
        for (i, slot) in ascii.iter_mut().enumerate() {
            let c = char::from(i as u8);
            *slot = ranges.iter().any(|&(a, b)| a <= c && c <= b);
        }
        Excluded { ascii, ranges }
    }

    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii[c as usize];
        }
        let i = self.ranges.partition_point(|&(_, end)| end < c);
        self.ranges.get(i).is_some_and(|&(start, _)| start <= c)
    }

    /// The run of characters a match can hold around byte `at` (a character start), or
    /// `None` when the character there is excluded.
    fn run_around(&self, text: &str, at: usize) -> Option<Run> {
        let first = text[at..].chars().next()?;
        if self.contains(first) {
            return None;
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| self.contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = text[at..]
            .char_indices()
            .find(|&(_, c)| self.contains(c))
            .map_or(text.len(), |(i, _)| at + i);
        let after = text[end..].chars().next().map_or(0, char::len_utf8);
        Some(Run {
            own: start..end,
            region: start..end + after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
        match WideSearch::new(pattern).plan(text) {
            Plan::Skip => Some(vec![]),
            Plan::Whole => None,
            Plan::Runs(runs) => Some(runs.iter().map(|r| &text[r.own.clone()]).collect()),
        }
    }

    #[test]
    fn a_text_without_the_literals_is_skipped() {
        assert_eq!(runs("(?s)“.*?”", "No curly quotes.\n\nNone."), Some(vec![]));
        assert_eq!(runs("(?s)“.*?”", "One “here”."), None);
        // No literal every match holds: the whole text.
        assert_eq!(runs(r"\p{Ll}+\n\n\p{Ll}+", "a\n\nb"), None);
    }

    #[test]
    fn runs_are_the_stretches_without_excluded_characters_around_each_literal() {
        let pattern = r"(?i:\btrade[ \t\n]+(?:\w+[ \t\n]+)?beards\b)";
        let text = "They traded. Sharp beards; they trade\nBEARDS and more, trade nothing.";
        let text = format!("{text}{}", " filler".repeat(40));
        assert_eq!(
            runs(pattern, &text),
            Some(vec![
                "They traded",
                " they trade\nBEARDS and more",
                " trade nothing"
            ])
        );
        // Runs over a quarter of the text: one search of the whole text.
        assert_eq!(runs(pattern, "trade beards"), None);
    }

    #[test]
    fn literals_are_found_by_their_first_bytes_or_by_an_automaton() {
        let few = Literals::new(vec![b"beard".to_vec(), "\u{FEFF}".into()]).expect("some");
        assert!(matches!(few, Literals::FirstBytes { .. }));
        let text = "A BEARD, a \u{FEFF}beard and bear.";
        assert_eq!(few.starts(text).collect::<Vec<_>>(), [2, 11, 14]);
        let many = ["abc", "cd", "b"].map(|l| l.as_bytes().to_vec()).to_vec();
        let many = Literals::new(many).expect("some");
        assert!(matches!(many, Literals::Automaton(_)));
        // By their ends: "b" inside "abc" ends first.
        assert_eq!(many.starts("xABC cd").collect::<Vec<_>>(), [2, 1, 5]);
    }

    #[test]
    fn excluded_characters_come_from_every_class_and_literal() {
        let x = Excluded::new(excluded_chars(r"[a-c]+é\s").expect("some"));
        assert!(!x.contains('a') && !x.contains('é') && !x.contains('\n'));
        assert!(x.contains('d') && x.contains('.') && x.contains('ü') && x.contains('😀'));
        assert_eq!(excluded_chars(r"(?s)a.b"), None);
        assert_eq!(excluded_chars(r"[^“”]*”"), Some(vec![('“', '“')]));
    }
}
