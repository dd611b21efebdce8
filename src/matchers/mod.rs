//! Matchers: each rule's matcher finds raw matches (span and suggestions) in a prepared
//! text (`Context`). A matcher kind is one file here, holding its `[rule.match]` fields
//! (`KindSpec`) and how they build a `Matcher`, and one line in `KINDS`.
//!
//! Two kinds also offer a batch engine: every phrase rule can run through one shared
//! index (`phrase::PhraseIndex`) and regex rules through one `RegexSet`
//! (`regex_gate`). Batch engines are an optimisation only: each matcher finds the same
//! matches through its own `find`, and the linter's engine decides which path runs.

pub mod collocation;
pub mod mojibake;
pub mod phrase;
pub mod prefetch;
pub mod regex_gate;
pub mod regex_rule;
pub mod repetition;
pub mod script;
pub mod sentence_break;
pub mod untranslated;
pub mod wide_search;
pub mod word_table;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::finding::Suggestion;
use crate::rules::LoadOptions;
use crate::text;
use crate::text::vocabulary::Vocabulary;
use crate::text::words::{self, Word};

/// Every matcher kind, by the name a rule's `kind` gives. One line per kind.
pub static KINDS: &[Kind] = &[
    Kind::of::<phrase::PhraseSpec>(),
    Kind::of::<regex_rule::RegexSpec>(),
    Kind::of::<sentence_break::SentenceBreakSpec>(),
    Kind::of::<mojibake::MojibakeSpec>(),
    Kind::of::<collocation::CollocationSpec>(),
    Kind::of::<repetition::RepetitionSpec>(),
    Kind::of::<script::ScriptSpec>(),
    Kind::of::<untranslated::UntranslatedSpec>(),
];

/// What a rule's matcher does: finds raw matches in a text. Object-safe; a linter
/// holds one `Box<dyn Matcher>` per rule and shares it across threads.
pub trait Matcher: Send + Sync + std::fmt::Debug {
    /// Appends the raw matches in `cx`'s text, in any order.
    fn find(&self, cx: &Context<'_>, out: &mut Vec<RawMatch>);

    /// Where matches may start: anywhere, or only at paragraph or document starts.
    fn scope(&self) -> Scope {
        Scope::Anywhere
    }

    /// Whether a match may depend on more than the text around it (a few kilobytes on
    /// each side): such a matcher runs on a whole text, never on a chunk of it.
    fn reads_whole_text(&self) -> bool {
        false
    }

    /// Compiles now what would otherwise compile on first use (patterns).
    fn compile(&self) -> Result<(), CompileError> {
        Ok(())
    }

    /// Compiles now what a check of `text` will need: by default, everything. A matcher
    /// that can tell from a cheap look that it will not need its patterns for this text
    /// compiles nothing (they still compile on first use).
    fn prepare_for(&self, _text: &str) -> Result<(), CompileError> {
        self.compile()
    }

    /// What a finding's message says besides the matched text (`{language}`).
    fn note(&self, _matched: &str) -> Option<&'static str> {
        None
    }

    /// The phrases this matcher looks for, when it can run through the shared phrase
    /// index instead of its own `find` (with the same matches).
    fn phrase_list(&self) -> Option<&phrase::PhraseList> {
        None
    }

    /// The regex this matcher runs, when it can run through the regex set gate instead
    /// of its own `find` (with the same matches).
    fn regex(&self) -> Option<&regex_rule::RegexMatcher> {
        None
    }
}

/// Where a matcher's matches may start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Anywhere,
    ParagraphStart,
    DocumentStart,
}

/// A pattern that does not compile, with the pattern library's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError(pub String);

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CompileError {}

impl From<crate::rules::RegexError> for CompileError {
    fn from(e: crate::rules::RegexError) -> CompileError {
        CompileError(e.to_string())
    }
}

/// The `[rule.match]` fields of one matcher kind (`kind` aside), read with serde
/// (`deny_unknown_fields`), and how they build the kind's matcher.
pub trait KindSpec: serde::de::DeserializeOwned {
    /// The name a rule's `kind` gives.
    const NAME: &'static str;

    fn build(self, cx: &BuildContext<'_>) -> Result<Box<dyn Matcher>, SpecError>;
}

/// What building a matcher may need besides its fields.
#[derive(Debug, Clone)]
pub struct BuildContext<'a> {
    /// The pack's TOML source: spans in the spec are byte ranges of it.
    pub source: &'a str,
    /// Where the rule's `kind` is written, for errors about the table as a whole.
    pub kind_span: Range<usize>,
    /// Built-in packs compile their patterns on first use, not at load.
    pub lazy: bool,
    pub options: &'a LoadOptions,
    /// The phrase tables build.rs lifted out of a built-in pack's text, by the byte
    /// offset of the (blanked) string in `source`: read in place of it.
    pub lifted_tables: &'static [(usize, &'static str)],
}

impl BuildContext<'_> {
    /// The lifted value of the string at byte `offset` of `source`, if it was lifted.
    pub fn lifted_table(&self, offset: usize) -> Option<&'static str> {
        let i = self
            .lifted_tables
            .binary_search_by_key(&offset, |&(at, _)| at)
            .ok()?;
        Some(self.lifted_tables[i].1)
    }
}

/// A `[rule.match]` table that is well formed but wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// A required field is missing or empty: the field's name (or names, joined).
    Needs(String),
    /// A field's value is wrong, at a span of the pack source (the `kind` if none).
    Invalid {
        span: Option<Range<usize>>,
        message: String,
    },
}

impl SpecError {
    /// An invalid value, reported at the rule's `kind`.
    pub fn invalid(message: impl Into<String>) -> SpecError {
        SpecError::Invalid {
            span: None,
            message: message.into(),
        }
    }

    /// An invalid value, reported where it is written.
    pub fn invalid_at(span: Range<usize>, message: impl Into<String>) -> SpecError {
        SpecError::Invalid {
            span: Some(span),
            message: message.into(),
        }
    }

    /// The error, reported at `span` unless it says where already.
    pub fn at(self, span: Range<usize>) -> SpecError {
        match self {
            SpecError::Invalid {
                span: None,
                message,
            } => SpecError::Invalid {
                span: Some(span),
                message,
            },
            other => other,
        }
    }
}

/// A pattern that does not compile is a wrong value of its field.
impl From<CompileError> for SpecError {
    fn from(e: CompileError) -> SpecError {
        SpecError::invalid(e.0)
    }
}

/// One matcher kind of `KINDS`.
pub struct Kind {
    pub name: &'static str,
    fields: fn() -> &'static [&'static str],
    build: BuildFn,
}

type BuildFn =
    fn(toml::de::ValueDeserializer<'_>, &BuildContext<'_>) -> Result<Box<dyn Matcher>, KindError>;

/// Why a kind's table did not build a matcher.
#[derive(Debug)]
pub enum KindError {
    /// The table does not fit the kind's fields (unknown, misplaced, mistyped, missing).
    Toml(toml::de::Error),
    Spec(SpecError),
}

impl Kind {
    pub const fn of<S: KindSpec>() -> Kind {
        Kind {
            name: S::NAME,
            fields: fields_of::<S>,
            build: build_of::<S>,
        }
    }

    /// The kind by its `kind` name.
    pub fn named(name: &str) -> Option<&'static Kind> {
        KINDS.iter().find(|k| k.name == name)
    }

    /// The fields a rule of this kind may set besides `kind`.
    pub fn fields(&self) -> &'static [&'static str] {
        (self.fields)()
    }

    /// Reads a `[rule.match]` table (without its `kind`) and builds the matcher.
    pub fn build(
        &self,
        table: toml::de::ValueDeserializer<'_>,
        cx: &BuildContext<'_>,
    ) -> Result<Box<dyn Matcher>, KindError> {
        (self.build)(table, cx)
    }
}

fn build_of<S: KindSpec>(
    table: toml::de::ValueDeserializer<'_>,
    cx: &BuildContext<'_>,
) -> Result<Box<dyn Matcher>, KindError> {
    let spec = S::deserialize(table).map_err(KindError::Toml)?;
    spec.build(cx).map_err(KindError::Spec)
}

/// The field names serde's derive gives a struct, read by asking it to deserialize from
/// a deserializer that only records them.
fn fields_of<S: KindSpec>() -> &'static [&'static str] {
    let mut probe = FieldProbe(&[]);
    let _ = S::deserialize(&mut probe);
    probe.0
}

struct FieldProbe(&'static [&'static str]);

impl<'de> serde::Deserializer<'de> for &mut FieldProbe {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("field names only"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(serde::de::Error::custom("field names only"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
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

/// A text's lowercase form, words and vocabulary, which the contexts of its windows
/// share (`Context::in_window`). Plain data: the windows may be checked in parallel.
#[derive(Debug, Clone, Copy)]
pub struct Shared<'a> {
    pub lower: &'a str,
    pub words: &'a [Word],
    pub vocabulary: &'a Vocabulary,
}

/// The text being checked, with what several matchers need computed once.
pub struct Context<'t> {
    pub text: &'t str,
    /// The whole document `text` is part of (`text` itself unless it is a chunk).
    document: &'t str,
    occurrences: Option<&'t phrase::Occurrences>,
    own_occurrences: OnceLock<phrase::Occurrences>,
    paragraphs: OnceLock<Vec<Range<usize>>>,
    lowercase: OnceLock<Cow<'t, str>>,
    words: OnceLock<Vec<Word>>,
    vocabulary: OnceLock<Vocabulary>,
}

impl<'t> Context<'t> {
    pub fn new(text: &'t str) -> Context<'t> {
        Context {
            text,
            document: text,
            occurrences: None,
            own_occurrences: OnceLock::new(),
            paragraphs: OnceLock::new(),
            lowercase: OnceLock::new(),
            words: OnceLock::new(),
            vocabulary: OnceLock::new(),
        }
    }

    /// A context for `text`, a part of `document`, sharing what is known about the
    /// document's phrases with the other parts.
    pub fn in_document(
        text: &'t str,
        document: &'t str,
        occurrences: &'t phrase::Occurrences,
    ) -> Context<'t> {
        Context {
            document,
            occurrences: Some(occurrences),
            ..Context::new(text)
        }
    }

    /// A context for the `window` of a document whose words are split already (`shared`,
    /// from the document's context): the window's words are the document's words that lie
    /// in it, with their forms, so the document is split and its forms are found once for
    /// all its windows. Offsets are the window's.
    pub fn in_window(
        document: &'t str,
        window: Range<usize>,
        shared: Shared<'t>,
        occurrences: &'t phrase::Occurrences,
    ) -> Context<'t> {
        let base = window.start;
        let first = shared.words.partition_point(|w| w.start() < window.start);
        let end = shared.words.partition_point(|w| w.end() <= window.end);
        let end = end.max(first);
        let words = shared.words[first..end]
            .iter()
            .map(|w| w.shifted_back(base))
            .collect();
        let cx = Context::in_document(&document[window.clone()], document, occurrences);
        let _ = cx.lowercase.set(Cow::Borrowed(&shared.lower[window]));
        let _ = cx.words.set(words);
        let _ = cx.vocabulary.set(shared.vocabulary.of_words(first..end));
        cx
    }

    /// What windows of this text can share (`in_window`), computed now if not yet.
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            lower: self.ascii_lowercase(),
            words: self.words(),
            vocabulary: self.vocabulary(),
        }
    }

    /// The whole document the text is part of.
    pub fn document(&self) -> &'t str {
        self.document
    }

    /// Which phrases occur in the document (`requires` conditions).
    pub fn occurrences(&self) -> &phrase::Occurrences {
        match self.occurrences {
            Some(shared) => shared,
            None => self.own_occurrences.get_or_init(Default::default),
        }
    }

    /// The text with ASCII letters lowercased, built on first use. Same length and
    /// offsets as the text, so matches in it are matches in the text.
    pub fn ascii_lowercase(&self) -> &str {
        self.lowercase
            .get_or_init(|| Cow::Owned(self.text.to_ascii_lowercase()))
    }

    /// The words of the text (`text::words`), split on first use and shared by every
    /// matcher that walks words.
    pub fn words(&self) -> &[Word] {
        self.words
            .get_or_init(|| words::words_in(self.text, self.ascii_lowercase()))
    }

    /// The distinct forms of the text's words (`text::vocabulary`), found on first use: a
    /// matcher that looks words up in a table asks once per form (`Vocabulary::answers`).
    pub fn vocabulary(&self) -> &Vocabulary {
        self.vocabulary
            .get_or_init(|| Vocabulary::new(self.ascii_lowercase(), self.words()))
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
