//! What takes raw matches out: a rule's exceptions, and the matches of rules that
//! supersede it.

use std::collections::HashMap;
use std::ops::Range;

use super::CompiledRule;
use crate::matchers::{Context, RawMatch};

/// Bytes around a match searched for its rule's exceptions.
pub(super) const EXCEPTION_WINDOW: usize = 2048;

/// Whether one of the rule's exceptions overlaps the match, searched in the match's
/// paragraph.
pub(super) fn is_excepted(rule: &CompiledRule, cx: &Context<'_>, m: &RawMatch) -> bool {
    if rule.exceptions.is_empty() {
        return false;
    }
    let window = exception_window(cx, &m.span);
    let slice = &cx.text[window.clone()];
    let end = m.span.end.max(m.span.start + 1);
    rule.exceptions.iter().any(|re| {
        // Matches come in order of their starts: none after the match's end overlaps it.
        re.get()
            .find_iter(slice)
            .map(|e| window.start + e.start()..window.start + e.end())
            .take_while(|e| e.start < end)
            .any(|e| m.span.start < e.end)
    })
}

/// The paragraph around a match, but never more than a window of it: a file that is one
/// huge paragraph must not make each finding cost the whole file.
fn exception_window(cx: &Context<'_>, span: &Range<usize>) -> Range<usize> {
    let paragraph = cx.paragraph_at(span.start);
    let start = crate::text::floor_char_boundary(
        cx.text,
        paragraph
            .start
            .max(span.start.saturating_sub(EXCEPTION_WINDOW)),
    );
    let end =
        crate::text::floor_char_boundary(cx.text, paragraph.end.min(span.end + EXCEPTION_WINDOW));
    start..end.max(start)
}

/// Takes out the matches that a match of a rule superseding theirs overlaps (the bytes
/// each reports or rewrites). Sorts the superseding spans once per superseded rule, so
/// each match costs a binary search: `O(n log n)` in the number of matches.
pub(super) fn drop_superseded(rules: &[CompiledRule], raw: &mut Vec<(usize, RawMatch)>) {
    let mut winners: HashMap<usize, Spans> = HashMap::new();
    for (i, m) in raw.iter() {
        for &loser in &rules[*i].supersedes {
            winners.entry(loser).or_default().starts.push(covered(m));
        }
    }
    if winners.is_empty() {
        return;
    }
    for spans in winners.values_mut() {
        spans.prepare();
    }
    raw.retain(|(i, m)| {
        winners
            .get(i)
            .is_none_or(|spans| !spans.overlaps(&covered(m)))
    });
}

/// Ranges, sorted by start, with the greatest end of each prefix: whether any of them
/// overlaps a range is one binary search.
#[derive(Default)]
struct Spans {
    starts: Vec<Range<usize>>,
    max_end: Vec<usize>,
}

impl Spans {
    fn prepare(&mut self) {
        self.starts.sort_unstable_by_key(|r| r.start);
        let mut greatest = 0;
        self.max_end = self
            .starts
            .iter()
            .map(|r| {
                greatest = greatest.max(r.end);
                greatest
            })
            .collect();
    }

    /// Whether some range `w` has `w.start < r.end && r.start < w.end`.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        // The ranges that start before `r` ends form a prefix; one of them overlaps `r`
        // if the greatest end among them lies past `r`'s start.
        let before = self.starts.partition_point(|w| w.start < r.end);
        before > 0 && self.max_end[before - 1] > r.start
    }
}

/// The bytes a raw match reports or rewrites.
fn covered(m: &RawMatch) -> Range<usize> {
    m.suggestions.iter().fold(m.span.clone(), |acc, s| {
        acc.start.min(s.range.start)..acc.end.max(s.range.end)
    })
}
