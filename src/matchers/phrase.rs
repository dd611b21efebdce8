//! Phrase tables: phrase -> replacement(s), whole words only. Every phrase of every rule
//! goes into one Aho-Corasick automaton, so ten thousand phrases cost one pass.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::{Context, RawMatch};
use crate::case::carry_case;
use crate::finding::Suggestion;
use crate::text::is_whole_word;

#[derive(Debug, Clone)]
pub struct PhraseEntry {
    pub phrase: String,
    pub suggestions: Vec<String>,
    /// Lowercase phrases of which at least one must occur in the document.
    pub requires: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PhraseList {
    pub entries: Vec<PhraseEntry>,
    /// Exact matches, and suggestions used as written (no case carried over).
    pub case_sensitive: bool,
    /// Only whole-word occurrences count (the default).
    pub whole_words: bool,
}

/// The shared automaton: pattern i belongs to `owners[i]` = (rule index, entry index).
/// A contiguous NFA: building a DFA for thousands of phrases costs more start-up than
/// its faster search saves on article-sized inputs.
const AUTOMATON_KIND: AhoCorasickKind = AhoCorasickKind::ContiguousNFA;

#[derive(Debug)]
pub struct PhraseIndex {
    automaton: Option<AhoCorasick>,
    owners: Vec<(usize, usize)>,
}

impl PhraseIndex {
    /// Builds one automaton from `(rule index, phrase list)` pairs.
    pub fn build<'a>(lists: impl Iterator<Item = (usize, &'a PhraseList)>) -> PhraseIndex {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        for (rule, list) in lists {
            for (i, entry) in list.entries.iter().enumerate() {
                patterns.push(entry.phrase.to_ascii_lowercase());
                owners.push((rule, i));
            }
        }
        if patterns.is_empty() {
            return PhraseIndex {
                automaton: None,
                owners,
            };
        }
        // Lowercase patterns searched in an ASCII-lowercased copy of the text (same
        // offsets): half the states of a case-folding automaton, so it builds and runs
        // faster. Case-sensitive rules check the original text after the match.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AUTOMATON_KIND))
            .build(&patterns)
            .expect("phrase automaton within aho-corasick's limits");
        PhraseIndex {
            automaton: Some(automaton),
            owners,
        }
    }

    /// Calls `emit(rule index, match)` for every whole-word occurrence of every phrase.
    /// Where phrases of one rule overlap, the longest leftmost wins.
    pub fn find<'r>(
        &self,
        cx: &Context<'_>,
        list_of: impl Fn(usize) -> &'r PhraseList,
        mut emit: impl FnMut(usize, RawMatch),
    ) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        let text = cx.text;
        let mut hits: Vec<(usize, usize, std::ops::Range<usize>)> = Vec::new();
        // Whether a `requires` phrase occurs, asked once per phrase and document.
        let mut occurs: HashMap<&str, bool> = HashMap::new();
        for m in automaton.find_overlapping_iter(cx.ascii_lowercase()) {
            let range = m.start()..m.end();
            let (rule, entry_index) = self.owners[m.pattern().as_usize()];
            let list = list_of(rule);
            if list.whole_words && !is_whole_word(text, &range) {
                continue;
            }
            let entry = &list.entries[entry_index];
            if list.case_sensitive && text[range.clone()] != entry.phrase {
                continue;
            }
            if !entry.requires.is_empty()
                && !entry.requires.iter().any(|r| {
                    *occurs
                        .entry(r.as_str())
                        .or_insert_with(|| contains_word(cx.ascii_lowercase(), r))
                })
            {
                continue;
            }
            hits.push((rule, entry_index, range));
        }
        // Per rule: leftmost first, longest first, then drop what overlaps a kept hit.
        hits.sort_by(|a, b| {
            (a.0, a.2.start, std::cmp::Reverse(a.2.end)).cmp(&(
                b.0,
                b.2.start,
                std::cmp::Reverse(b.2.end),
            ))
        });
        let mut last: Option<(usize, usize)> = None;
        for (rule, entry_index, range) in hits {
            if let Some((last_rule, last_end)) = last
                && last_rule == rule
                && range.start < last_end
            {
                continue;
            }
            last = Some((rule, range.end));
            let list = list_of(rule);
            let entry = &list.entries[entry_index];
            let matched = &text[range.clone()];
            let suggestions = entry
                .suggestions
                .iter()
                .map(|s| Suggestion {
                    range: range.clone(),
                    replacement: if list.case_sensitive {
                        s.clone()
                    } else {
                        carry_case(matched, s)
                    },
                })
                .collect();
            emit(
                rule,
                RawMatch {
                    span: range,
                    suggestions,
                },
            );
        }
    }
}

/// Whole-word search of a lowercase phrase in lowercase text.
fn contains_word(haystack: &str, needle: &str) -> bool {
    haystack
        .match_indices(needle)
        .any(|(i, m)| is_whole_word(haystack, &(i..i + m.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(list: &PhraseList, text: &str) -> Vec<(String, String)> {
        let index = PhraseIndex::build(std::iter::once((0, list)));
        let cx = Context::new(text);
        let mut out = Vec::new();
        index.find(&cx, |_| list, |_, m| out.push(m));
        out.into_iter()
            .map(|m| {
                (
                    text[m.span].to_string(),
                    m.suggestions[0].replacement.clone(),
                )
            })
            .collect()
    }

    fn list(phrase: &str, suggestion: &str, case_sensitive: bool, whole_words: bool) -> PhraseList {
        PhraseList {
            entries: vec![PhraseEntry {
                phrase: phrase.into(),
                suggestions: vec![suggestion.into()],
                requires: vec![],
            }],
            case_sensitive,
            whole_words,
        }
    }

    #[test]
    fn whole_words_off_matches_inside_words() {
        let entity = list("&amp;", "&", true, false);
        assert_eq!(find(&entity, "AT&amp;T"), [("&amp;".into(), "&".into())]);
        let word = list("&amp;", "&", true, true);
        assert!(find(&word, "AT&amp;T").is_empty());
    }

    #[test]
    fn case_sensitive_lists_keep_suggestions_as_written() {
        let mojibake = list("Ã©", "é", true, false);
        assert_eq!(find(&mojibake, "cafÃ©"), [("Ã©".into(), "é".into())]);
        let calque = list("since years", "for years", false, true);
        assert_eq!(
            find(&calque, "Since years"),
            [("Since years".into(), "For years".into())]
        );
    }
}
