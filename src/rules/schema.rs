//! The TOML shape of a rule pack, as serde reads it. `load` validates and compiles it.
//! Field-by-field documentation: rules/README.md.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::finding::{FixSafety, Severity};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub pack: PackHeader,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHeader {
    pub name: String,
    pub description: String,
    /// Where the pack's data came from, for generated packs.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub license: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: Spanned<String>,
    #[serde(default)]
    pub category: Option<Spanned<String>>,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    #[serde(default)]
    pub fix: FixSafety,
    #[serde(default)]
    pub prefer_first: bool,
    #[serde(default)]
    pub url: Option<String>,
    /// Patterns that cancel a finding they overlap, searched in the finding's paragraph.
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// Rule ids whose findings this rule's findings replace where they overlap.
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    /// Markdown regions (block kinds, link text) where the rule does not apply.
    #[serde(default)]
    pub skip_in: Vec<crate::markdown::Region>,
    #[serde(default)]
    pub good: Vec<String>,
    #[serde(default)]
    pub bad: Vec<BadSpec>,
    #[serde(rename = "match")]
    pub matcher: MatchSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadSpec {
    pub text: String,
    #[serde(default)]
    pub fixed: Option<String>,
}

/// One table for every matcher kind; `load` checks that only the kind's own fields are set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MatchSpec {
    pub kind: Spanned<String>,
    #[serde(default)]
    pub case_sensitive: Option<bool>,
    // phrase
    #[serde(default)]
    pub phrases: Option<BTreeMap<String, PhraseValue>>,
    /// The same as lines of text, `phrase => suggestion | other ; requires: term`: a
    /// long list loads several times faster this way than as TOML keys.
    #[serde(default)]
    pub table: Option<Spanned<String>>,
    /// Phrases match whole words only unless this is false ("&amp;" inside "AT&amp;T").
    #[serde(default)]
    pub whole_words: Option<bool>,
    // regex
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub suggest: Option<Vec<String>>,
    #[serde(default)]
    pub replace: Option<ReplaceRange>,
    #[serde(default)]
    pub preserve_case: Option<bool>,
    // sentence-break
    #[serde(default)]
    pub abbreviations: Option<Vec<String>>,
    // collocation
    /// Fixed expressions of two words or more.
    #[serde(default)]
    pub collocations: Option<Vec<String>>,
    /// Similarity (0 to 1) a swapped word needs to count as a near-miss.
    #[serde(default)]
    pub min_similarity: Option<f64>,
    /// Also report two-word collocations in reverse order.
    #[serde(default)]
    pub reversed: Option<bool>,
    // repetition
    /// Words and phrases whose doubling is legitimate ("had had").
    #[serde(default)]
    pub allow: Option<Vec<String>>,
    /// Longest repeated phrase looked for, in words.
    #[serde(default)]
    pub max_words: Option<usize>,
    /// What a repetition rule reports: `words`, `closing`, `names`, `numbers`.
    #[serde(default)]
    pub targets: Option<Vec<String>>,
    // script
    /// Unicode script names the text is written in (`Latin`).
    #[serde(default)]
    pub expected: Option<Vec<String>>,
    /// Fewest letters of another script that make a reported run.
    #[serde(default)]
    pub min_run: Option<usize>,
    /// Report single words mixing an expected script with another one.
    #[serde(default)]
    pub mixed_words: Option<bool>,
    // untranslated
    /// Languages the text may use on purpose (codes or English names): not reported.
    #[serde(default)]
    pub languages: Option<Vec<String>>,
}

/// What a phrase maps to: one suggestion, several, or a table with conditions.
#[derive(Debug)]
pub enum PhraseValue {
    One(String),
    Many(Vec<String>),
    Detailed(PhraseDetail),
}

/// By the value's type, without buffering it first as `#[serde(untagged)]` would: the
/// tortured-phrases pack holds thousands of these, and this halves its load time.
impl<'de> Deserialize<'de> for PhraseValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Value;
        impl<'de> serde::de::Visitor<'de> for Value {
            type Value = PhraseValue;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a suggestion, a list of suggestions, or a table with `suggest` and `requires`",
                )
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PhraseValue, E> {
                Ok(PhraseValue::One(v.to_string()))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<PhraseValue, A::Error> {
                let mut all = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    all.push(s);
                }
                Ok(PhraseValue::Many(all))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<PhraseValue, A::Error> {
                let detail =
                    PhraseDetail::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(PhraseValue::Detailed(detail))
            }
        }
        deserializer.deserialize_any(Value)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseDetail {
    #[serde(default)]
    pub suggest: Vec<String>,
    /// The finding stands only if one of these phrases also occurs in the document.
    #[serde(default)]
    pub requires: Vec<String>,
}

/// Where a regex may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    #[default]
    Anywhere,
    ParagraphStart,
    DocumentStart,
}

/// What a regex suggestion replaces: the reported span (the `span` group, else the whole
/// match) or always the whole match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplaceRange {
    #[default]
    Span,
    Match,
}
