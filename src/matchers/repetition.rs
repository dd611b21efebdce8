//! Repeated words and phrases: "food food", "the talks the talks", "King's King's King's".
//! Machine translation repeats a token when its decoder loops. Only copies separated by
//! plain spaces count ("No, no" and "very, very" have a comma); doubles that English uses
//! ("had had", "that that", "very very") come from the rule's allow-list.
//!
//! What a rule looks for is chosen by `targets`: `words` (lowercase words and phrases),
//! `closing` (a word repeated with its closing bracket: "(20 people) people)"), `names`
//! (a capitalized word said twice: "the European Union Union"; reduplicated names such as
//! "Bora Bora" come from the allow-list) and `numbers` ("USD 12,400 12,400"). A repeat
//! whose copies differ in case ("Bitwise AND and", "Gorilla gorilla", "the new New
//! Orleans") is deliberate, except for a capital that starts a sentence ("The the").

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;

use super::{BuildContext, Context, KindSpec, Matcher, RawMatch, SpecError};
use crate::finding::Suggestion;
use crate::text::words::{Case, Key, Word};

/// Words that join "X to X", "day by day", "one after one".
const LINKS: &[&str] = &["to", "by", "after", "for", "upon", "in", "on", "and", "or"];

/// What a repetition rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    pub words: bool,
    pub closing: bool,
    pub names: bool,
    pub numbers: bool,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            words: true,
            closing: true,
            names: false,
            numbers: false,
        }
    }
}

impl Targets {
    /// The targets named in a rule (`["names", "numbers"]`); an unknown name is an error.
    pub fn parse(names: &[String]) -> Result<Targets, SpecError> {
        let mut t = Targets {
            words: false,
            closing: false,
            names: false,
            numbers: false,
        };
        for name in names {
            match name.as_str() {
                "words" => t.words = true,
                "closing" => t.closing = true,
                "names" => t.names = true,
                "numbers" => t.numbers = true,
                other => {
                    return Err(SpecError::invalid(format!(
                        "unknown repetition target `{other}`: expected words, closing, names or numbers"
                    )));
                }
            }
        }
        Ok(t)
    }
}

#[derive(Debug)]
pub struct Repetition {
    /// Lowercase words and phrases whose doubling is legitimate.
    allow: HashSet<String>,
    /// Longest repeated phrase looked for, in words.
    max_words: usize,
    targets: Targets,
}

/// Whether a repeat is of lowercase words or of a capitalized name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Words,
    /// Words repeated with their closing bracket: "people) people)".
    Closing,
    Name,
}

/// The words repetition looks at: numbers left out ("2 2" in a table or a score is data,
/// not a stutter, and a number between two words breaks their chain). Indices into the
/// context's words, so the list costs four bytes a word; and the tokens' keys side by
/// side, so that the look for a next copy compares whole arrays.
struct Tokens<'c, 't> {
    cx: &'c Context<'t>,
    words: &'c [Word],
    ids: Vec<u32>,
    keys: Vec<Key>,
    /// Whether one of the `max_words` tokens after each token has its key: where none
    /// has, no repeat starts there (true of nearly every token).
    recurs: Vec<bool>,
}

/// The tokens are listed a block of about this many words at a time, so that their
/// lists take a fixed amount of memory, not four to nine bytes for each word of a text.
const BLOCK_WORDS: usize = 1 << 16;

/// The end of the block of words that starts at word `from`: the text's last word, or
/// the first word after `block_words` more whose gap to the next word no repeat crosses
/// (not plain spaces and no closing bracket: `Tokens::plain_gap_after`,
/// `closing_gap_after`), so that every repeat lies within one block.
fn block_end(text: &str, words: &[Word], from: usize, block_words: usize) -> usize {
    let ends_chain = |i: usize| {
        let (w, next) = (&words[i], &words[i + 1]);
        let between = &text.as_bytes()[w.end()..next.start()];
        !w.gap().plain && !matches!(between.first(), Some(b')' | b']'))
    };
    let mut i = from.saturating_add(block_words);
    while i < words.len().saturating_sub(1) {
        if ends_chain(i) {
            return i + 1;
        }
        i += 1;
    }
    words.len()
}

impl<'c, 't> Tokens<'c, 't> {
    /// The tokens of the words `block` of `cx`.
    fn new(cx: &'c Context<'t>, max_words: usize, block: Range<usize>) -> Self {
        let words = cx.words();
        let mut ids: Vec<u32> = Vec::with_capacity(block.len());
        let mut keys: Vec<Key> = Vec::with_capacity(block.len());
        for i in block.filter(|&i| words[i].alphabetic()) {
            ids.push(u32::try_from(i).expect("fewer than 4 billion words in a chunk"));
            keys.push(words[i].key);
        }
        // One pass over the keys per distance: loops the compiler runs on vectors.
        let mut recurs = vec![false; keys.len()];
        for d in 1..=max_words.min(keys.len()) {
            for (hit, (a, b)) in recurs.iter_mut().zip(keys.iter().zip(&keys[d..])) {
                *hit |= a == b;
            }
        }
        Tokens {
            cx,
            words,
            ids,
            keys,
            recurs,
        }
    }

    /// The hash of token `t`'s lowercase form (`Word::key`).
    fn key(&self, t: usize) -> Key {
        self.keys[t]
    }

    /// The first token at or after `t` whose key one of the `max_words` tokens after
    /// it has (`key_recurs`), or `len()`: the only places a repeat can start.
    fn next_recurring(&self, t: usize) -> usize {
        let after = self.recurs.get(t..).unwrap_or_default();
        after.iter().position(|&r| r).map_or(self.len(), |p| t + p)
    }

    /// Whether one of the `max_words` tokens after token `t` has its key.
    fn key_recurs(&self, t: usize) -> bool {
        self.recurs[t]
    }

    /// Tokens `a` and `b` are the same word but for case.
    fn same(&self, a: usize, b: usize) -> bool {
        self.key(a) == self.key(b) && same(self.lower(a), self.lower(b))
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn word(&self, t: usize) -> &Word {
        &self.words[self.ids[t] as usize]
    }

    fn range(&self, t: usize) -> Range<usize> {
        self.word(t).range()
    }

    fn lower(&self, t: usize) -> &str {
        self.cx.lower(&self.word(t).range())
    }

    fn capitalized(&self, t: usize) -> bool {
        self.cx.text[self.range(t)]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    fn case(&self, t: usize) -> Case {
        self.word(t).case()
    }

    /// The closing bracket that, with spaces after it, is all that separates token `t`
    /// from the next word: "people) people)".
    fn closing_gap_after(&self, t: usize) -> Option<u8> {
        let i = self.ids[t] as usize;
        let next = self.words.get(i + 1).filter(|n| n.alphabetic())?;
        let between = &self.cx.text.as_bytes()[self.words[i].end()..next.start()];
        let (&first, rest) = between.split_first()?;
        (matches!(first, b')' | b']') && !rest.is_empty() && rest.iter().all(|&b| b == b' '))
            .then_some(first)
    }

    /// A line break lies between token `t` and the next word.
    fn breaks_line_after(&self, t: usize) -> bool {
        let i = self.ids[t] as usize;
        let end = self.words[i].end();
        let next = self
            .words
            .get(i + 1)
            .map_or(self.cx.text.len(), |n| n.start());
        self.cx.text[end..next].contains('\n')
    }

    /// The byte right after token `t`.
    fn byte_after(&self, t: usize) -> Option<u8> {
        self.cx.text.as_bytes().get(self.range(t).end).copied()
    }

    /// Only plain spaces (one line break at most) before the next token, which is the
    /// next word. A wide gap is a table column, not a sentence.
    fn plain_gap_after(&self, t: usize) -> bool {
        let i = self.ids[t] as usize;
        let w = &self.words[i];
        w.gap().plain && !w.gap().wide && self.words.get(i + 1).is_some_and(|n| n.alphabetic())
    }
}

impl Repetition {
    pub fn new(allow: Vec<String>, max_words: usize) -> Repetition {
        Repetition::with_targets(allow, max_words, Targets::default())
    }

    pub fn with_targets(allow: Vec<String>, max_words: usize, targets: Targets) -> Repetition {
        Repetition {
            allow: allow.into_iter().map(|a| a.to_lowercase()).collect(),
            max_words: max_words.max(1),
            targets,
        }
    }

    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        if self.targets.words || self.targets.closing || self.targets.names {
            self.find_words(cx, BLOCK_WORDS, out);
        }
        if self.targets.numbers {
            repeated_numbers(cx.text, out);
        }
    }

    /// The repeats of words, their tokens listed in blocks of `block_words` words or a
    /// little more (`block_end`).
    fn find_words(&self, cx: &Context<'_>, block_words: usize, out: &mut Vec<RawMatch>) {
        let mut from = 0;
        while from < cx.words().len() {
            let to = block_end(cx.text, cx.words(), from, block_words);
            self.find_in_block(cx, &Tokens::new(cx, self.max_words, from..to), out);
            from = to;
        }
    }

    /// The repeats of words among `tokens`.
    fn find_in_block(&self, cx: &Context<'_>, tokens: &Tokens<'_, '_>, out: &mut Vec<RawMatch>) {
        let mut i = tokens.next_recurring(0);
        while i < tokens.len() {
            match self.repeat_at(tokens, i) {
                Some((n, copies, kind)) => {
                    if self.reported(cx, tokens, (i, n, copies), kind) {
                        out.push(repeat_match(cx, tokens, (i, n, copies), kind));
                    }
                    i = tokens.next_recurring(i + n * copies);
                }
                None => i = tokens.next_recurring(i + 1),
            }
        }
    }

    /// Whether the repeat of `copies` copies of the `n` words at token `i` is reported.
    fn reported(
        &self,
        cx: &Context<'_>,
        tokens: &Tokens<'_, '_>,
        (i, n, copies): (usize, usize, usize),
        kind: Kind,
    ) -> bool {
        let wanted = match kind {
            Kind::Words => self.targets.words,
            Kind::Closing => self.targets.closing,
            Kind::Name => self.targets.names,
        };
        // A repeated phrase that opens with a subject is two clauses:
        // "every time he spit he spit a fine", "what it is it is".
        let clauses = kind == Kind::Words
            && n > 1
            && matches!(
                tokens.lower(i),
                "i" | "you" | "he" | "she" | "it" | "we" | "they"
            );
        // Three copies of a word of content that its paragraph also
        // uses elsewhere are a motif: a refrain or a chant ("a Daw-try
        // Daw! ... Daw-try Daw-try Daw-try"), not a slip.
        let motif = kind == Kind::Words
            && n == 1
            && copies > 2
            && !is_function_word(tokens.lower(i))
            && also_in_paragraph(
                cx,
                tokens.lower(i),
                tokens.range(i).start..tokens.range(i + copies - 1).end,
            );
        wanted && !clauses && !motif
    }

    /// The phrase length, number of copies and kind of a repetition starting at token `i`.
    fn repeat_at(&self, tokens: &Tokens<'_, '_>, i: usize) -> Option<(usize, usize, Kind)> {
        if !tokens.key_recurs(i) {
            return None;
        }
        for n in 1..=self.max_words {
            // The next copy starts with the same word: true of few positions.
            if i + n >= tokens.len() || tokens.key(i) != tokens.key(i + n) {
                continue;
            }
            // Inside the first copy, words are separated by plain spaces too.
            if !(0..n - 1).all(|k| i + k < tokens.len() && tokens.plain_gap_after(i + k)) {
                continue;
            }
            let copies = self.copies(tokens, i, n);
            if copies < 2 {
                continue;
            }
            return self
                .kind_of(tokens, i, n, copies)
                .map(|kind| (n, copies, kind));
        }
        None
    }

    /// How many copies of the `n` words at token `i` follow each other: plain spaces
    /// between them, or (for `closing`) a closing bracket that also follows the next copy.
    fn copies(&self, tokens: &Tokens<'_, '_>, i: usize, n: usize) -> usize {
        let joined = |b: usize| {
            tokens.plain_gap_after(b - 1)
                || (self.targets.closing
                    && b + n - 1 < tokens.len()
                    && tokens
                        .closing_gap_after(b - 1)
                        .is_some_and(|c| tokens.byte_after(b + n - 1) == Some(c)))
        };
        let same = |a: usize, b: usize| {
            joined(b)
                && (0..n).all(|k| {
                    b + k < tokens.len()
                        && tokens.same(b + k, a + k)
                        && (k == 0 || tokens.plain_gap_after(b + k - 1))
                })
        };
        let mut copies = 1;
        while same(i, i + n * copies) {
            copies += 1;
        }
        copies
    }

    /// What a repeat of `copies` copies of the `n` words at token `i` is, or `None` when
    /// it is legitimate.
    fn kind_of(&self, tokens: &Tokens<'_, '_>, i: usize, n: usize, copies: usize) -> Option<Kind> {
        // "shrink_to to", "Function::Call call": a copy glued to its neighbour by
        // identifier syntax belongs to a name from code, not to the sentence.
        let text = tokens.cx.text;
        let last = tokens.range(i + n * copies - 1).end;
        if glued_before(&text[..tokens.range(i).start]) || glued_after(&text[last..]) {
            return None;
        }
        if copies == 2 && self.allowed_double(tokens, i, n) {
            return None;
        }
        let (first, second) = (tokens.case(i), tokens.case(i + n));
        if copies == 2 && first != second {
            // "The the": a sentence's capital on the first copy only is still a slip.
            // Any other difference in case is deliberate: "Bitwise AND and",
            // "Gorilla gorilla", "the new New Orleans".
            let sentence_capital = first == Case::Capitalised
                && second == Case::Lower
                && tokens.word(i).opens_sentence();
            if !sentence_capital {
                return None;
            }
        }
        // One item a line, the lines starting with the same word ("DejaVu Sans\n
        // DejaVu Sans Bold"): a list, not a loop.
        if list_of_lines(text, tokens.range(i).start..last) {
            return None;
        }
        // "Union Union", "Quito Quito": a capitalized word said twice on one line.
        // Reduplicated names ("Bora Bora", "Walla Walla") are in the allow-list of
        // the rule that reports names. Across a line break, a label and a sentence
        // that starts with the same word ("Note\nNote that") pass.
        if copies == 2 && n == 1 && tokens.capitalized(i + 1) {
            // "Sarath Govind K K": initials, which a name may repeat.
            let initial = tokens.range(i).len() == 1 && !matches!(tokens.lower(i), "i" | "a");
            return (!tokens.breaks_line_after(i) && !initial).then_some(Kind::Name);
        }
        Some(if tokens.closing_gap_after(i + n - 1).is_some() {
            Kind::Closing
        } else {
            Kind::Words
        })
    }

    /// Whether the `n` words at token `i`, said twice, are a legitimate double: in the
    /// allow-list, or the "X to X" idiom followed by its own linking word ("from cell to
    /// cell to whom" looks like "cell to" twice).
    fn allowed_double(&self, tokens: &Tokens<'_, '_>, i: usize, n: usize) -> bool {
        let phrase: Vec<&str> = (i..i + n).map(|t| tokens.lower(t)).collect();
        self.allow.contains(&phrase.join(" ")) || (n == 2 && LINKS.contains(&phrase[1]))
    }
}

/// The finding of a repeat of `copies` copies of the `n` words at token `i`: the copies
/// after the first, deleted by the fix.
fn repeat_match(
    cx: &Context<'_>,
    tokens: &Tokens<'_, '_>,
    (i, n, copies): (usize, usize, usize),
    kind: Kind,
) -> RawMatch {
    let first_end = tokens.range(i + n - 1).end;
    let last_end = tokens.range(i + n * copies - 1).end;
    let span = tokens.range(i + n).start..last_end;
    // Three copies or more are a figure of speech as often as a
    // loop ("location, location, location" said without commas);
    // in quoted speech a repeat may be the speaker's.
    // A repeated phrase ("a slice of slice of a Blob") or a
    // repeated word of content may be meant: "revert revert" (a
    // revert of a revert), a compound after a word ("trace file
    // file descriptor"). A doubled word of grammar is a slip,
    // except a negation: two may be meant (a double negative), or
    // one stand for another word ("causing it not not work" for
    // "not to work"); deleting one changes what the sentence says.
    let review = copies > 2
        || in_quoted_speech(cx, span.start)
        || matches!(tokens.lower(i), "not" | "no" | "never" | "nor")
        || (kind == Kind::Words && (n > 1 || !is_function_word(tokens.lower(i))));
    RawMatch {
        span,
        review,
        suggestions: vec![Suggestion {
            range: first_end..last_end,
            replacement: String::new(),
        }],
    }
}

/// A line break inside `range` of `text` after which the line starts with the same word
/// as the line before it.
fn list_of_lines(text: &str, range: Range<usize>) -> bool {
    let first_word = |line: &str| {
        line.split_whitespace()
            .next()
            .map(|w| w.to_string())
            .unwrap_or_default()
    };
    text[range.clone()].match_indices('\n').any(|(at, _)| {
        let at = range.start + at;
        let before = text[..at].rsplit('\n').next().unwrap_or_default();
        let after = text[at + 1..].split('\n').next().unwrap_or_default();
        let word = first_word(before);
        !word.is_empty() && word == first_word(after)
    })
}

/// The text before a word ends with identifier syntax joining it to the word before:
/// `_` (also Markdown's escaped `\_`), `::`, or a dot or slash right after a letter or digit.
fn glued_before(before: &str) -> bool {
    let mut chars = before.chars().rev();
    match chars.next() {
        Some('_') => true,
        Some(':') => chars.next() == Some(':'),
        Some('.' | '/') => chars.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// The text after a word starts with identifier syntax joining it to what follows: `_`,
/// `::`, a call's `(`, or a dot or slash right before a letter or digit.
fn glued_after(after: &str) -> bool {
    let mut chars = after.chars();
    match chars.next() {
        Some('_' | '(') => true,
        Some('\\') => chars.next() == Some('_'),
        Some(':') => chars.next() == Some(':'),
        Some('.' | '/') => chars.next().is_some_and(char::is_alphanumeric),
        _ => false,
    }
}

/// Quotes counted before a repeat, at most: in a longer paragraph the count starts at a
/// line start this close.
const QUOTE_LOOKBACK: usize = 8192;

/// Whether `offset` lies inside quoted speech: after an odd number of straight double
/// quotes, or after more opening than closing curly double quotes or guillemets, counted
/// from the start of its paragraph. A quotation that runs over several paragraphs reopens
/// each with its mark, so the paragraph is enough.
/// Whether `word` (lowercase) stands as a whole word in the paragraph around `run`,
/// outside it.
fn also_in_paragraph(cx: &Context<'_>, word: &str, run: Range<usize>) -> bool {
    let paragraph = cx.paragraph_at(run.start);
    let lower = cx.text[paragraph.clone()].to_lowercase();
    if lower.len() != paragraph.len() {
        return false;
    }
    lower.match_indices(word).any(|(at, _)| {
        let at = paragraph.start + at;
        let range = at..at + word.len();
        (range.end <= run.start || run.end <= range.start)
            && crate::text::is_whole_word(cx.text, &range)
    })
}

fn in_quoted_speech(cx: &Context<'_>, offset: usize) -> bool {
    let paragraph = cx.paragraph_at(offset);
    let mut start = paragraph.start;
    if offset - start > QUOTE_LOOKBACK {
        let from = crate::text::floor_char_boundary(cx.text, offset - QUOTE_LOOKBACK);
        start = cx.text[from..offset]
            .find('\n')
            .map_or(from, |i| from + i + 1);
    }
    let mut straight = 0usize;
    let mut open = 0usize;
    for c in cx.text[start..offset].chars() {
        match c {
            '"' => straight += 1,
            '“' | '«' => open += 1,
            '”' | '»' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    straight % 2 == 1 || open > 0
}

/// "USD 12,400 12,400", "in 2019 2019": a number repeated after a single space. Numbers
/// of one digit pass ("1 1 2 3"), and so does a number next to a third one (a row of
/// figures, a phone number).
fn repeated_numbers(text: &str, out: &mut Vec<RawMatch>) {
    let numbers = number_tokens(text);
    for w in numbers.windows(2) {
        let (a, b) = (w[0].clone(), w[1].clone());
        if &text[a.end..b.start] != " " || text[a.clone()] != text[b.clone()] {
            continue;
        }
        let digits = text[a.clone()].bytes().filter(u8::is_ascii_digit).count();
        if digits < 2 {
            continue;
        }
        let bytes = text.as_bytes();
        let before = a.start.checked_sub(1).map(|i| bytes[i]);
        if before.is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    b'-' | b'+' | b'/' | b':' | b'.' | b',' | b'#' | b'$' | b'_'
                )
        }) {
            continue;
        }
        let after = bytes.get(b.end).copied();
        if after.is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b':' | b'%' | b'_')
        }) {
            continue;
        }
        // A third number one space away on either side: a row of figures.
        let row_before =
            a.start >= 2 && bytes[a.start - 1] == b' ' && bytes[a.start - 2].is_ascii_digit();
        let row_after =
            bytes.get(b.end) == Some(&b' ') && bytes.get(b.end + 1).is_some_and(u8::is_ascii_digit);
        if row_before || row_after {
            continue;
        }
        out.push(RawMatch {
            span: b.clone(),
            review: false,
            suggestions: vec![Suggestion {
                range: a.end..b.end,
                replacement: String::new(),
            }],
        });
    }
}

/// Words of grammar (articles, prepositions, conjunctions, pronouns, auxiliaries): doubled,
/// one of them is always a slip ("the the", "to to be", "could be be"), where a doubled
/// word of content may be a compound or a figure.
fn is_function_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "a", "about", "after", "against", "also", "am", "an", "and", "are", "as", "at", "be",
        "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "during", "each", "either", "for", "from", "has", "have", "he", "her", "his",
        "how", "i", "if", "in", "into", "is", "it", "its", "may", "me", "might", "must", "my",
        "neither", "no", "nor", "not", "of", "on", "onto", "or", "our", "shall", "she", "should",
        "so", "some", "than", "the", "their", "them", "then", "there", "these", "they", "this",
        "those", "through", "to", "under", "until", "upon", "us", "was", "we", "were", "what",
        "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will",
        "with", "within", "without", "would", "you", "your",
    ];
    WORDS.contains(&word)
}

/// Byte ranges of numbers: digits, joined by single inner commas or periods ("12,400",
/// "3.5"), not glued to letters.
fn number_tokens(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        i = crate::text::next_digit(bytes, i);
        if i == bytes.len() {
            break;
        }
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (matches!(bytes[i], b',' | b'.')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        if bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        out.push(start..i);
    }
    out
}

/// Two words the same but for case (ASCII folded already; others compared in full).
fn same(a: &str, b: &str) -> bool {
    a == b || (!a.is_ascii() && a.to_lowercase() == b.to_lowercase())
}

/// `kind = "repetition"`: a word or phrase written twice in a row.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RepetitionSpec {
    /// Words and phrases whose doubling is legitimate ("had had").
    #[serde(default)]
    allow: Vec<String>,
    /// Longest repeated phrase looked for, in words.
    #[serde(default = "default_max_words")]
    max_words: usize,
    /// What a repetition rule reports: `words`, `closing`, `names`, `numbers`.
    #[serde(default)]
    targets: Option<Vec<String>>,
}

fn default_max_words() -> usize {
    3
}

impl KindSpec for RepetitionSpec {
    const NAME: &'static str = "repetition";

    fn build(self, _: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError> {
        let targets = match &self.targets {
            Some(names) => Targets::parse(names)?,
            None => Targets::default(),
        };
        Ok(Box::new(Repetition::with_targets(
            self.allow,
            self.max_words,
            targets,
        )))
    }
}

impl Matcher for Repetition {
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        Repetition::find(self, cx, out);
    }

    /// Three copies of a word are a motif when the word's paragraph uses it elsewhere
    /// (`also_in_paragraph`), however long the paragraph: a chunk's window would see
    /// only part of it.
    fn reads_whole_text(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str) -> Vec<&str> {
        let rule = Repetition::new(vec!["had".into(), "that".into()], 3);
        let cx = Context::new(text);
        let mut out = Vec::new();
        rule.find(&cx, &mut out);
        out.into_iter().map(|m| &text[m.span]).collect()
    }

    #[test]
    fn flags_repeated_words_and_phrases() {
        assert_eq!(find("They sent food food aid."), ["food"]);
        assert_eq!(find("The King's King's King's men."), ["King's King's"]);
        assert_eq!(find("in the talks in the talks today"), ["in the talks"]);
        assert_eq!(find("The the talks."), ["the"]);
        // Two clauses with the same subject and verb.
        assert!(find("Every time he spit he spit a fine stream.").is_empty());
    }

    /// Listed in blocks of any size, the tokens give the repeats they give listed at
    /// once: no repeat crosses a block's end.
    #[test]
    fn blocks_of_any_size_find_what_one_list_finds() {
        let text = concat!(
            "They sent food food aid. The the talks, in the talks in the talks today.\n",
            "people) people) left; Bora Bora and Union Union. so so\nso it went went.\n\n",
            "He said (the the) 12 12 and and, then then the end.",
        );
        let rule = Repetition::with_targets(
            vec![],
            3,
            Targets {
                words: true,
                closing: true,
                names: true,
                numbers: false,
            },
        );
        let cx = Context::new(text);
        let spans = |block: usize| {
            let mut out = Vec::new();
            rule.find_words(&cx, block, &mut out);
            out.into_iter().map(|m| m.span).collect::<Vec<_>>()
        };
        let all = spans(usize::MAX);
        assert!(all.len() >= 8, "{:?}", all);
        for block in [0, 1, 2, 3, 5, 8] {
            assert_eq!(spans(block), all, "blocks of {block} words");
        }
    }

    /// Each match with whether its fix needs review.
    fn reviewed(text: &str) -> Vec<(&str, bool)> {
        let rule = Repetition::new(vec![], 3);
        let cx = Context::new(text);
        let mut out = Vec::new();
        rule.find(&cx, &mut out);
        out.into_iter().map(|m| (&text[m.span], m.review)).collect()
    }

    #[test]
    fn a_word_in_threes_that_its_paragraph_repeats_is_a_refrain() {
        let text = "[Music: An' a Daw-try Daw! an' a Daw-try Daw-try Daw-try Raw.]";
        assert!(reviewed(text).is_empty(), "{:?}", reviewed(text));
        // Alone, three copies are still reported; so is a word doubled.
        assert_eq!(
            reviewed("Chant: location location location."),
            [("location location", true)]
        );
        assert_eq!(
            reviewed("The budget was cut, and the budget budget fell."),
            [("budget", true)]
        );
    }

    #[test]
    fn repeats_in_quoted_speech_or_in_threes_need_review() {
        // A doubled word of content may be a compound ("trace file file descriptor"), a
        // repeated phrase may be meant ("slice of slice of"): reviewed. A doubled word of
        // grammar is a slip.
        assert_eq!(reviewed("They sent food food aid."), [("food", true)]);
        assert_eq!(reviewed("A bug caused it not not work."), [("not", true)]);
        assert_eq!(
            reviewed("Fix a slice of slice of a Blob."),
            [("slice of", true)]
        );
        assert_eq!(reviewed("It was the the end."), [("the", false)]);
        assert_eq!(
            reviewed("\"Only three days,\" she said, \"three short short days.\""),
            [("short", true)]
        );
        assert_eq!(
            reviewed("He said “it was over over” and left."),
            [("over", true)]
        );
        assert_eq!(reviewed("«the end end»"), [("end", true)]);
        // After the quotation closes, prose again.
        assert_eq!(
            reviewed("\"Yes,\" he said, and sent the the aid."),
            [("the", false)]
        );
        // A quotation reopened in the next paragraph: each paragraph counts its own marks.
        assert_eq!(
            reviewed("\"It began,\n\n\"and then then it ended."),
            [("then", true)]
        );
        assert_eq!(
            reviewed("Chant: location location location."),
            [("location location", true)]
        );
    }

    fn find_with(text: &str, targets: &[&str]) -> Vec<String> {
        let targets: Vec<String> = targets.iter().map(ToString::to_string).collect();
        let rule = Repetition::with_targets(
            vec!["bora".into(), "walla".into()],
            3,
            Targets::parse(&targets).unwrap(),
        );
        let cx = Context::new(text);
        let mut out = Vec::new();
        rule.find(&cx, &mut out);
        out.into_iter().map(|m| text[m.span].to_string()).collect()
    }

    #[test]
    fn names_numbers_and_closing_parts() {
        let names = ["names", "numbers"];
        assert_eq!(find_with("the European Union Union met", &names), ["Union"]);
        assert_eq!(find_with("They arrived in Quito Quito.", &names), ["Quito"]);
        assert_eq!(
            find_with("worth USD 12,400 12,400 in all", &names),
            ["12,400"]
        );
        assert_eq!(find_with("in 2019 2019, it rose", &names), ["2019"]);
        for text in [
            "They flew to Bora Bora and Walla Walla.",
            "Bitwise AND and assignment.",
            "The rows 1 1 2 3 and 12 12 12 are data.",
            "From 12,400 to 12,400.5, then 3.5 3.50.",
            "Call 555 555 1234 now.",
            "The new New Orleans.",
        ] {
            assert!(
                find_with(text, &names).is_empty(),
                "{text}: {:?}",
                find_with(text, &names)
            );
        }
        // Names and numbers are not the words rule's business, and the reverse.
        assert!(find_with("the European Union Union met", &["words"]).is_empty());
        assert!(find_with("sent food food aid", &names).is_empty());
        let closing = ["closing"];
        assert_eq!(
            find_with("(20 people) people) were hurt", &closing),
            ["people"]
        );
        assert!(find_with("(20 people) were hurt; people) said", &closing).is_empty());
        assert!(find_with("sent food food aid", &closing).is_empty());
        assert_eq!(find_with("sent food food aid", &["words"]), ["food"]);
        assert!(Targets::parse(&["verbs".to_string()]).is_err());
    }

    #[test]
    fn case_differences_are_deliberate_except_a_sentence_capital() {
        assert_eq!(find("The the talks."), ["the"]);
        assert_eq!(find("It ended. The the talks."), ["the"]);
        for text in [
            "Bitwise AND and assignment.",
            "The species Gorilla gorilla lives there.",
            "use OR or XOR",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn passes_legitimate_doubles() {
        for text in [
            "He had had enough; he said that that was fine.",
            "No, no, very, very good.",
            "They flew to Bora Bora.",
            "It ended. Ended for good.",
            "Line one ends with talks\n\ntalks start the next paragraph.",
            "I am happy,--as happy as I am now; long ago--long ago.",
            "The very new New Orleans.",
            "walking from cell to cell to whom it was fun",
            "├─ 2       2.767 ns │ 3.154 ns",
            "Name      name",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn a_copy_glued_to_a_name_from_code_is_not_a_repeat() {
        for text in [
            "Call shrink_to to reduce the capacity.",
            "Use to_str to to_cow_str instead.",
            "The Function::Call call is made.",
            "The async\\_context context is kept.",
            "Run main.go go build to compile.",
            "Call print print() to echo.",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
        // Glue elsewhere in the sentence leaves a plain repeat reported.
        assert_eq!(find("Use to_str on the the string."), vec!["the"]);
    }
}
