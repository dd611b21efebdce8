//! Reading a rule pack: TOML into `schema`, then validation into compiled `RuleDef`s.

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{Lines, LoadError, did_you_mean, split_errors};
use super::lazy_regex::LazyRegex;
use super::schema::{PackFile, RuleSpec};
use super::{BadExample, RuleMeta};
use crate::matchers::{BuildContext, KINDS, Kind, KindError, Matcher, SpecError};

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
    pub matcher: Box<dyn Matcher>,
    pub exceptions: Vec<LazyRegex>,
    /// Ids of rules this one replaces where both fire, with where the id was written.
    pub supersedes: Vec<(String, LoadError)>,
}

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
    let mut document = DeTable::parse(source).map_err(|e| vec![toml_error(file, source, &e)])?;
    // Each `[rule.match]` is read by the fields of its kind, apart from the rest.
    let matches = take_match_tables(document.get_mut());
    let parsed = PackFile::deserialize(toml::de::Deserializer::from(document))
        .map_err(|e| vec![toml_error(file, source, &e)])?;
    // Built-in patterns compile in the test suite: at run time, on first use. A pack is
    // built in by its text, not by its name.
    let lazy = super::builtin::is_builtin_text(source);
    let lines = Lines::new(source);
    let place = Place {
        file,
        source,
        lines: &lines,
        lifted_tables: super::builtin::lifted_tables(source),
    };
    let pack = &parsed.pack.name;
    // Rules build independently (a large pack's phrase tables are most of start-up): in
    // parallel, in rule order.
    let compiled: Vec<_> = parsed
        .rules
        .into_par_iter()
        .zip(matches)
        .map(|(spec, matcher)| compile_rule(place, pack, spec, matcher, options, lazy))
        .collect();
    let (rules, mut errors) = split_errors(compiled);
    errors.extend(duplicate_ids(file, &rules));
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

/// An error for each rule whose id an earlier rule of the pack has.
fn duplicate_ids(file: &str, rules: &[RuleDef]) -> Vec<LoadError> {
    let mut seen = std::collections::HashMap::new();
    let mut errors = Vec::new();
    for rule in rules {
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
    errors
}

/// The `match` table of each `[[rule]]`, in rule order, taken out of the document
/// (`None` where a rule has none).
fn take_match_tables<'i>(document: &mut DeTable<'i>) -> Vec<Option<Spanned<DeValue<'i>>>> {
    let Some(DeValue::Array(rules)) = document.get_mut("rule").map(Spanned::get_mut) else {
        return Vec::new();
    };
    rules
        .iter_mut()
        .map(|rule| match rule.get_mut() {
            DeValue::Table(table) => table.remove("match"),
            _ => None,
        })
        .collect()
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

/// A pack's file name and source, with its lines, to place errors in.
#[derive(Clone, Copy)]
struct Place<'a> {
    file: &'a str,
    source: &'a str,
    lines: &'a Lines<'a>,
    /// The phrase tables build.rs lifted out of a built-in pack's text.
    lifted_tables: &'static [(usize, &'static str)],
}

fn compile_rule(
    place: Place<'_>,
    pack: &str,
    spec: RuleSpec,
    matcher: Option<Spanned<DeValue<'_>>>,
    options: &LoadOptions,
    lazy: bool,
) -> Result<RuleDef, Vec<LoadError>> {
    let Place { file, source, .. } = place;
    let id = spec.id.get_ref().clone();
    let at = |span: std::ops::Range<usize>, message: String| {
        place
            .lines
            .place(LoadError::new(file, message), span.start)
            .in_rule(&id)
    };
    let mut errors = Vec::new();
    let category = category_of(&spec, &mut |span, m| errors.push(at(span, m)));
    let mut exceptions = Vec::new();
    for pattern in &spec.exceptions {
        match LazyRegex::new(pattern.get_ref(), false, lazy) {
            Ok(re) => exceptions.push(re),
            Err(message) => errors.push(at(pattern.span(), format!("exception: {message}"))),
        }
    }
    let cx = |kind_span| BuildContext {
        source,
        kind_span,
        lazy,
        options,
        lifted_tables: place.lifted_tables,
    };
    let matcher = match compile_matcher(matcher, spec.id.span(), cx) {
        Ok(m) => Some(m),
        Err(Located::At(span, message)) => {
            errors.push(at(span, message));
            None
        }
        Err(Located::Toml(e)) => {
            errors.push(toml_error(file, source, &e));
            None
        }
    };
    let supersedes = spec
        .supersedes
        .iter()
        .map(|s| (s.get_ref().clone(), at(s.span(), String::new())))
        .collect();
    let (Some(matcher), true) = (matcher, errors.is_empty()) else {
        return Err(errors);
    };
    let line = place.lines.line_column(spec.id.span().start).0;
    Ok(RuleDef {
        meta: rule_meta(spec, category, pack, file, line),
        matcher,
        exceptions,
        supersedes,
    })
}

/// The category of a rule's id (`category/name`), checked against its `category` field.
/// Errors go to `error` with the span they concern.
fn category_of(spec: &RuleSpec, error: &mut dyn FnMut(std::ops::Range<usize>, String)) -> String {
    let category = match spec.id.get_ref().split_once('/') {
        Some((category, name)) if is_kebab(category) && is_kebab(name) => category.to_string(),
        _ => {
            error(
                spec.id.span(),
                "rule id must be `category/name`, both in lowercase kebab-case (e.g. `broken-sentence/period-before-lowercase`)".into(),
            );
            String::new()
        }
    };
    if let Some(given) = &spec.category
        && given.get_ref() != &category
    {
        error(
            given.span(),
            format!(
                "category `{}` differs from the id's category `{category}`",
                given.get_ref()
            ),
        );
    }
    category
}

fn rule_meta(spec: RuleSpec, category: String, pack: &str, file: &str, line: usize) -> RuleMeta {
    RuleMeta {
        id: spec.id.into_inner(),
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
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An error in a `[rule.match]` table: at a span of the pack source, or a TOML error
/// that carries its own.
enum Located {
    At(std::ops::Range<usize>, String),
    Toml(toml::de::Error),
}

/// Builds a rule's matcher from its `match` table (`None` if it has none; `id_span`
/// places that error) by the kind the table names.
fn compile_matcher<'a>(
    table: Option<Spanned<DeValue<'_>>>,
    id_span: std::ops::Range<usize>,
    cx: impl Fn(std::ops::Range<usize>) -> BuildContext<'a>,
) -> Result<Box<dyn Matcher>, Located> {
    let names = || {
        KINDS
            .iter()
            .map(|k| k.name)
            .collect::<Vec<_>>()
            .join("`, `")
    };
    let Some(table) = table else {
        return Err(Located::At(
            id_span,
            "the rule needs a `[rule.match]` table".into(),
        ));
    };
    let span = table.span();
    let DeValue::Table(mut table) = table.into_inner() else {
        return Err(Located::At(span, "`match` must be a table".into()));
    };
    let Some(kind) = table.remove("kind") else {
        let message = format!("`[rule.match]` needs `kind`; kinds: `{}`", names());
        return Err(Located::At(span, message));
    };
    let kind_span = kind.span();
    let DeValue::String(name) = kind.get_ref() else {
        let message = format!("`kind` must be a string; kinds: `{}`", names());
        return Err(Located::At(kind_span, message));
    };
    let Some(kind) = Kind::named(name) else {
        let hint = did_you_mean(name, KINDS.iter().map(|k| k.name));
        let message = format!("unknown matcher kind `{name}`{hint}; kinds: `{}`", names());
        return Err(Located::At(kind_span, message));
    };
    let table = toml::de::ValueDeserializer::from(Spanned::new(span, DeValue::Table(table)));
    kind.build(table, &cx(kind_span.clone()))
        .map_err(|e| kind_error(kind, kind_span, e))
}

/// A kind's error in the words of the rule format: a field of another kind, a missing
/// field, with the kind's own fields listed.
fn kind_error(kind: &Kind, kind_span: std::ops::Range<usize>, error: KindError) -> Located {
    let name = kind.name;
    let own = || match kind.fields() {
        [] => "it takes no fields besides `kind`".to_string(),
        fields => format!("its fields: `{}`", fields.join("`, `")),
    };
    match error {
        KindError::Spec(SpecError::Needs(field)) => {
            Located::At(kind_span, format!("matcher kind `{name}` needs `{field}`"))
        }
        KindError::Spec(SpecError::Invalid { span, message }) => {
            Located::At(span.unwrap_or(kind_span), message)
        }
        KindError::Toml(e) => {
            let message = e.message();
            if let Some(field) = quoted_after(message, "missing field `") {
                let message = format!("matcher kind `{name}` needs `{field}`");
                return Located::At(kind_span, message);
            }
            if let Some(field) = quoted_after(message, "unknown field `")
                && KINDS.iter().any(|k| k.fields().contains(&field))
                && let Some(span) = e.span()
            {
                let message = format!(
                    "field `{field}` does not apply to matcher kind `{name}`; {}",
                    own()
                );
                return Located::At(span, message);
            }
            Located::Toml(e)
        }
    }
}

/// The text between `prefix` (ending in a backquote) and the next backquote.
fn quoted_after<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message
        .strip_prefix(prefix)?
        .split_once('`')
        .map(|(q, _)| q)
}
