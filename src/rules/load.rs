//! Reading a rule pack: TOML into `schema`, then validation into compiled `RuleDef`s.

use toml::Spanned;

use super::error::{LoadError, did_you_mean};
use super::lazy_regex::LazyRegex;
use super::schema::{MatchSpec, PackFile, PhraseValue, RuleSpec};
use super::{BadExample, RuleMeta};
use crate::matchers::Matcher;
use crate::matchers::phrase::{PhraseEntry, PhraseList};
use crate::matchers::regex_rule::RegexMatcher;
use crate::matchers::sentence_break::SentenceBreak;

/// A loaded pack: its rules compiled and ready to join a `Linter`.
#[derive(Debug)]
pub struct Pack {
    pub name: String,
    pub description: String,
    /// Where a generated pack's data came from, and its licence.
    pub source: Option<String>,
    pub license: Option<String>,
    pub file: String,
    pub rules: Vec<RuleDef>,
}

/// One compiled rule.
#[derive(Debug)]
pub struct RuleDef {
    pub meta: RuleMeta,
    pub matcher: Matcher,
    pub exceptions: Vec<LazyRegex>,
    /// Ids of rules this one replaces where both fire, with where the id was written.
    pub supersedes: Vec<(String, LoadError)>,
}

/// The matcher kinds and the `[rule.match]` fields each one takes besides `kind`.
const KINDS: &[(&str, &[&str])] = &[
    (
        "phrase",
        &["phrases", "table", "case-sensitive", "whole-words"],
    ),
    (
        "regex",
        &[
            "pattern",
            "scope",
            "suggest",
            "replace",
            "case-sensitive",
            "preserve-case",
        ],
    ),
    ("sentence-break", &["abbreviations"]),
    ("mojibake", &[]),
    (
        "collocation",
        &["collocations", "min-similarity", "reversed"],
    ),
    ("repetition", &["allow", "max-words", "targets"]),
    ("script", &["expected", "min-run", "mixed-words"]),
    ("untranslated", &["languages"]),
];

/// Parses and validates one pack file. `file` names it in errors.
pub fn load_pack(file: &str, source: &str) -> Result<Pack, Vec<LoadError>> {
    load_pack_with(file, source, &LoadOptions::default())
}

/// Settings that change how rules compile, from a repository's configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Replaces the `expected` scripts of every `script` rule (config `scripts`).
    pub expected_scripts: Option<Vec<String>>,
}

/// `load_pack` with options.
pub fn load_pack_with(
    file: &str,
    source: &str,
    options: &LoadOptions,
) -> Result<Pack, Vec<LoadError>> {
    let parsed: PackFile =
        toml::from_str(source).map_err(|e| vec![toml_error(file, source, &e)])?;
    // Built-in patterns compile in the test suite: at run time, on first use. A pack is
    // built in by its text, not by its name.
    let lazy = super::builtin::is_builtin_text(source);
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    for spec in parsed.rules {
        match compile_rule(file, source, &parsed.pack.name, spec, options, lazy) {
            Ok(rule) => rules.push(rule),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let mut seen = std::collections::HashMap::new();
    for rule in &rules {
        if let Some(first) = seen.insert(rule.meta.id.clone(), rule.meta.line) {
            errors.push(LoadError {
                file: file.to_string(),
                line: Some(rule.meta.line),
                column: None,
                rule: Some(rule.meta.id.clone()),
                message: format!("duplicate rule id (first defined on line {first})"),
            });
        }
    }
    if errors.is_empty() {
        Ok(Pack {
            name: parsed.pack.name,
            description: parsed.pack.description,
            source: parsed.pack.source,
            license: parsed.pack.license,
            file: file.to_string(),
            rules,
        })
    } else {
        Err(errors)
    }
}

pub(crate) fn toml_error(file: &str, source: &str, e: &toml::de::Error) -> LoadError {
    let mut message = e.message().trim().to_string();
    // serde names the unknown key and the expected ones; add the closest match.
    for prefix in ["unknown field `", "unknown variant `"] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((wrong, expected)) = rest.split_once('`')
        {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            let hint = did_you_mean(wrong, candidates);
            message.push_str(&hint);
        }
    }
    let error = LoadError::new(file, message);
    match e.span() {
        Some(span) => {
            let error = error.at(source, span.start);
            match enclosing_rule_id(source, span.start) {
                Some(id) => error.in_rule(&id),
                None => error,
            }
        }
        None => error,
    }
}

/// The id of the `[[rule]]` table that holds `offset`, read from the source text, so that
/// a TOML error inside a rule names the rule.
fn enclosing_rule_id(source: &str, offset: usize) -> Option<String> {
    let table = source[..offset].rfind("[[rule]]")?;
    let after = &source[table..];
    let next_rule = after[8..].find("[[rule]]").map_or(after.len(), |i| i + 8);
    let id_line = after[..next_rule]
        .lines()
        .find(|l| l.trim_start().starts_with("id") && l.contains('='))?;
    let value = id_line.split_once('=')?.1.trim();
    Some(value.trim_matches(|c| c == '"' || c == '\'').to_string())
}

fn compile_rule(
    file: &str,
    source: &str,
    pack: &str,
    spec: RuleSpec,
    options: &LoadOptions,
    lazy: bool,
) -> Result<RuleDef, Vec<LoadError>> {
    let id = spec.id.get_ref().clone();
    let at = |span: std::ops::Range<usize>, message: String| {
        LoadError::new(file, message)
            .at(source, span.start)
            .in_rule(&id)
    };
    let mut errors = Vec::new();
    let category = match id.split_once('/') {
        Some((category, name)) if is_kebab(category) && is_kebab(name) => category.to_string(),
        _ => {
            errors.push(at(
                spec.id.span(),
                "rule id must be `category/name`, both in lowercase kebab-case (e.g. `broken-sentence/period-before-lowercase`)".into(),
            ));
            String::new()
        }
    };
    if let Some(given) = &spec.category
        && given.get_ref() != &category
    {
        errors.push(at(
            given.span(),
            format!(
                "category `{}` differs from the id's category `{category}`",
                given.get_ref()
            ),
        ));
    }
    let mut exceptions = Vec::new();
    for pattern in &spec.exceptions {
        match LazyRegex::new(pattern.get_ref(), false, lazy) {
            Ok(re) => exceptions.push(re),
            Err(message) => errors.push(at(pattern.span(), format!("exception: {message}"))),
        }
    }
    let matcher = match compile_matcher(source, &spec.matcher, options, lazy) {
        Ok(m) => Some(m),
        Err((span, message)) => {
            errors.push(at(span, message));
            None
        }
    };
    let line = LoadError::new(file, "")
        .at(source, spec.id.span().start)
        .line
        .unwrap_or(1);
    let supersedes = spec
        .supersedes
        .iter()
        .map(|s| (s.get_ref().clone(), at(s.span(), String::new())))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let meta = RuleMeta {
        id,
        category,
        pack: pack.to_string(),
        severity: spec.severity,
        fix: spec.fix,
        prefer_first: spec.prefer_first,
        message: spec.message,
        description: spec.description,
        url: spec.url,
        good: spec.good,
        bad: spec
            .bad
            .into_iter()
            .map(|b| BadExample {
                text: b.text,
                fixed: b.fixed,
            })
            .collect(),
        skip_in: spec.skip_in,
        file: file.to_string(),
        line,
    };
    Ok(RuleDef {
        meta,
        matcher: matcher.expect("matcher compiled when there are no errors"),
        exceptions,
        supersedes,
    })
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

type SpanError = (std::ops::Range<usize>, String);

fn compile_matcher(
    source: &str,
    spec: &MatchSpec,
    options: &LoadOptions,
    lazy: bool,
) -> Result<Matcher, SpanError> {
    let kind = spec.kind.get_ref().as_str();
    let Some((_, allowed)) = KINDS.iter().find(|(k, _)| *k == kind) else {
        let names = KINDS.iter().map(|(k, _)| *k);
        let known = KINDS
            .iter()
            .map(|(k, _)| *k)
            .collect::<Vec<_>>()
            .join("`, `");
        return Err((
            spec.kind.span(),
            format!(
                "unknown matcher kind `{kind}`{}; kinds: `{known}`",
                did_you_mean(kind, names)
            ),
        ));
    };
    for field in set_fields(spec) {
        if !allowed.contains(&field) {
            return Err((
                spec.kind.span(),
                format!("field `{field}` does not apply to matcher kind `{kind}`"),
            ));
        }
    }
    let required = |present: bool, field: &str| {
        if present {
            Ok(())
        } else {
            Err((
                spec.kind.span(),
                format!("matcher kind `{kind}` needs `{field}`"),
            ))
        }
    };
    match kind {
        "phrase" => {
            let phrases = spec.phrases.as_ref();
            let table = spec.table.as_ref();
            required(
                phrases.is_some_and(|p| !p.is_empty())
                    || table.is_some_and(|t| !t.get_ref().trim().is_empty()),
                "phrases` or `table",
            )?;
            let mut entries = phrases
                .into_iter()
                .flatten()
                .map(|(phrase, value)| phrase_entry(phrase, value))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| (spec.kind.span(), m))?;
            if let Some(table) = table {
                entries.extend(table_entries(source, table)?);
            }
            Ok(Matcher::Phrase(PhraseList {
                entries,
                case_sensitive: spec.case_sensitive.unwrap_or(false),
                whole_words: spec.whole_words.unwrap_or(true),
            }))
        }
        "regex" => {
            let pattern = spec.pattern.as_ref();
            required(pattern.is_some(), "pattern")?;
            let pattern: &Spanned<String> = pattern.expect("checked above");
            RegexMatcher::new(
                pattern.get_ref(),
                !spec.case_sensitive.unwrap_or(true),
                spec.scope.unwrap_or_default(),
                spec.suggest.clone().unwrap_or_default(),
                spec.replace.unwrap_or_default(),
                spec.preserve_case.unwrap_or(false),
                lazy,
            )
            .map(Matcher::Regex)
            .map_err(|m| (pattern.span(), m))
        }
        "sentence-break" => Ok(Matcher::SentenceBreak(SentenceBreak::new(
            spec.abbreviations.clone().unwrap_or_default(),
        ))),
        "script" => crate::matchers::script::ScriptMatcher::new(
            options
                .expected_scripts
                .as_deref()
                .or(spec.expected.as_deref())
                .unwrap_or(&[]),
            spec.min_run.unwrap_or(2),
            spec.mixed_words.unwrap_or(false),
            lazy,
        )
        .map(Matcher::Script)
        .map_err(|m| (spec.kind.span(), m)),
        "repetition" => {
            use crate::matchers::repetition::{Repetition, Targets};
            let targets = match &spec.targets {
                Some(names) => Targets::parse(names).map_err(|m| (spec.kind.span(), m))?,
                None => Targets::default(),
            };
            Ok(Matcher::Repetition(Repetition::with_targets(
                spec.allow.clone().unwrap_or_default(),
                spec.max_words.unwrap_or(3),
                targets,
            )))
        }
        "collocation" => crate::matchers::collocation::Collocations::new(
            spec.collocations.clone().unwrap_or_default(),
            spec.min_similarity.unwrap_or(0.6),
            spec.reversed.unwrap_or(false),
        )
        .map(Matcher::Collocation)
        .map_err(|m| (spec.kind.span(), m)),
        "mojibake" => Ok(Matcher::Mojibake(crate::matchers::mojibake::Mojibake)),
        "untranslated" => crate::matchers::untranslated::UntranslatedMatcher::new(
            spec.languages.as_deref().unwrap_or(&[]),
        )
        .map(Matcher::Untranslated)
        .map_err(|m| (spec.kind.span(), m)),
        _ => unreachable!("kind listed in KINDS"),
    }
}

fn phrase_entry(phrase: &str, value: &PhraseValue) -> Result<PhraseEntry, String> {
    if phrase.trim().is_empty() || phrase.trim() != phrase {
        return Err(format!(
            "phrase `{phrase}` is empty or has surrounding spaces"
        ));
    }
    let (suggestions, requires) = match value {
        PhraseValue::One(s) => (vec![s.clone()], Vec::new()),
        PhraseValue::Many(v) => (v.clone(), Vec::new()),
        PhraseValue::Detailed(d) => (d.suggest.clone(), d.requires.clone()),
    };
    Ok(PhraseEntry {
        phrase: phrase.to_string(),
        suggestions,
        requires: requires
            .into_iter()
            .map(|r| r.to_ascii_lowercase())
            .collect(),
    })
}

/// The entries of a phrase `table`: one per line, `phrase => suggestion | other`, and
/// optionally `; requires: term | other term`. Blank lines and `#` comments are skipped.
fn table_entries(source: &str, table: &Spanned<String>) -> Result<Vec<PhraseEntry>, SpanError> {
    let span = table.span();
    let token = source.get(span.clone()).unwrap_or("");
    // Where a line is in the file, for errors: its last occurrence in the string.
    let at = |line: &str| {
        let start = token.rfind(line).map_or(span.start, |i| span.start + i);
        start..start + line.len()
    };
    let lines = table.get_ref().lines();
    let mut seen = rustc_hash::FxHashSet::default();
    seen.reserve(lines.clone().count());
    let mut entries = Vec::with_capacity(seen.capacity());
    for line in lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let entry = table_line(line).map_err(|m| (at(line), m))?;
        if !seen.insert(entry.phrase.clone()) {
            return Err((
                at(line),
                format!("phrase `{}` is listed twice", entry.phrase),
            ));
        }
        entries.push(entry);
    }
    Ok(entries)
}

fn table_line(line: &str) -> Result<PhraseEntry, String> {
    let arrow = line
        .match_indices('=')
        .find(|(i, _)| line.as_bytes().get(i + 1) == Some(&b'>'))
        .map(|(i, _)| i)
        .ok_or_else(|| {
            format!("table line `{line}` needs `=>` between the phrase and its suggestions")
        })?;
    let (phrase, rest) = (&line[..arrow], &line[arrow + 2..]);
    let (suggest, requires) = match rest.split_once(';') {
        Some((suggest, condition)) => {
            let terms = condition.trim().strip_prefix("requires:").ok_or_else(|| {
                format!("table line `{line}`: after `;` comes `requires: term | other term`")
            })?;
            (suggest, terms)
        }
        None => (rest, ""),
    };
    let list = |s: &str| -> Vec<String> {
        s.split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    phrase_entry(
        phrase.trim(),
        &PhraseValue::Detailed(super::schema::PhraseDetail {
            suggest: list(suggest),
            requires: list(requires),
        }),
    )
}

fn set_fields(spec: &MatchSpec) -> Vec<&'static str> {
    let mut fields = Vec::new();
    let mut note = |present: bool, name: &'static str| {
        if present {
            fields.push(name);
        }
    };
    note(spec.case_sensitive.is_some(), "case-sensitive");
    note(spec.phrases.is_some(), "phrases");
    note(spec.table.is_some(), "table");
    note(spec.whole_words.is_some(), "whole-words");
    note(spec.pattern.is_some(), "pattern");
    note(spec.scope.is_some(), "scope");
    note(spec.suggest.is_some(), "suggest");
    note(spec.replace.is_some(), "replace");
    note(spec.preserve_case.is_some(), "preserve-case");
    note(spec.abbreviations.is_some(), "abbreviations");
    note(spec.collocations.is_some(), "collocations");
    note(spec.min_similarity.is_some(), "min-similarity");
    note(spec.reversed.is_some(), "reversed");
    note(spec.allow.is_some(), "allow");
    note(spec.max_words.is_some(), "max-words");
    note(spec.targets.is_some(), "targets");
    note(spec.expected.is_some(), "expected");
    note(spec.min_run.is_some(), "min-run");
    note(spec.mixed_words.is_some(), "mixed-words");
    note(spec.languages.is_some(), "languages");
    fields
}
