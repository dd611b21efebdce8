//! Matcher kinds: each finds raw matches (span and suggestions) for one rule.
//! Phrase rules are the exception: all of them share one automaton (`phrase::PhraseIndex`).

pub mod collocation;
pub mod mojibake;
pub mod phrase;
pub mod regex_gate;
pub mod regex_rule;
pub mod repetition;
pub mod script;
pub mod sentence_break;
pub mod untranslated;
pub mod words;

use std::cell::OnceCell;
use std::ops::Range;

use crate::finding::Suggestion;
use crate::text;

#[derive(Debug)]
pub enum Matcher {
    Phrase(phrase::PhraseList),
    Regex(regex_rule::RegexMatcher),
    SentenceBreak(sentence_break::SentenceBreak),
    Mojibake(mojibake::Mojibake),
    Script(script::ScriptMatcher),
    Repetition(repetition::Repetition),
    Collocation(collocation::Collocations),
    Untranslated(untranslated::UntranslatedMatcher),
}

/// A match before it becomes a finding: where, and what could replace it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMatch {
    pub span: Range<usize>,
    pub suggestions: Vec<Suggestion>,
    /// This match's fix needs a human even where the rule's fix is `safe` (a repeat in
    /// quoted speech may be the speaker's): the finding's fix is then `unsafe`.
    pub review: bool,
}

/// The text being checked, with what several matchers need computed once.
pub struct Context<'t> {
    pub text: &'t str,
    paragraphs: OnceCell<Vec<Range<usize>>>,
    lowercase: OnceCell<String>,
    words: OnceCell<Vec<words::Word>>,
}

impl<'t> Context<'t> {
    pub fn new(text: &'t str) -> Context<'t> {
        Context {
            text,
            paragraphs: OnceCell::new(),
            lowercase: OnceCell::new(),
            words: OnceCell::new(),
        }
    }

    /// The text with ASCII letters lowercased, built on first use. Same length and
    /// offsets as the text, so matches in it are matches in the text.
    pub fn ascii_lowercase(&self) -> &str {
        self.lowercase
            .get_or_init(|| self.text.to_ascii_lowercase())
    }

    /// The words of the text, split on first use.
    pub fn words(&self) -> &[words::Word] {
        self.words.get_or_init(|| words::words(self.text))
    }

    /// The lowercase form of a range of the text: ASCII letters folded, others as they are.
    pub fn lower(&self, range: &Range<usize>) -> &str {
        &self.ascii_lowercase()[range.clone()]
    }

    /// The paragraphs of the text, found on first use.
    pub fn paragraphs(&self) -> &[Range<usize>] {
        self.paragraphs.get_or_init(|| text::paragraphs(self.text))
    }

    /// The paragraph around a byte offset (the whole text if none).
    pub fn paragraph_at(&self, offset: usize) -> Range<usize> {
        text::enclosing(self.paragraphs(), offset).unwrap_or(0..self.text.len())
    }
}

impl Matcher {
    /// Compiles what this matcher would otherwise compile on first use.
    pub fn compile(&self) -> Result<(), String> {
        match self {
            Matcher::Regex(m) => m.compile(),
            Matcher::Script(m) => m.compile(),
            _ => Ok(()),
        }
    }

    /// Looks at one paragraph at a time, from its start.
    pub fn per_paragraph(&self) -> bool {
        matches!(self, Matcher::Regex(m) if m.scope() == regex_rule::Scope::ParagraphStart)
    }

    /// Looks at the document as a whole (from its start): run once per document, not
    /// per chunk.
    pub fn whole_document(&self) -> bool {
        matches!(self, Matcher::Regex(m) if m.scope() == regex_rule::Scope::DocumentStart)
    }

    /// What a finding's message says besides the matched text (`{language}`): the
    /// likeliest language of an untranslated run.
    pub fn note(&self, matched: &str) -> Option<&'static str> {
        match self {
            Matcher::Untranslated(_) => untranslated::language_of(matched),
            _ => None,
        }
    }

    /// Raw matches of a per-rule matcher. Phrase lists return nothing here: the linter
    /// runs them all at once through the shared automaton.
    pub fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>) {
        match self {
            Matcher::Phrase(_) => {}
            Matcher::Regex(m) => m.find(cx, out),
            Matcher::SentenceBreak(m) => m.find(cx, out),
            Matcher::Mojibake(m) => m.find(cx, out),
            Matcher::Script(m) => m.find(cx, out),
            Matcher::Repetition(m) => m.find(cx, out),
            Matcher::Collocation(m) => m.find(cx, out),
            Matcher::Untranslated(m) => m.find(cx, out),
        }
    }
}
