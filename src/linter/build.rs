//! Joining loaded packs into a linter: rule ids checked across packs, `supersedes`
//! resolved to rule indices, and the batch engines built over the rules.

use std::collections::HashMap;
use std::sync::Arc;

use super::CompiledRule;
use crate::matchers::Scope;
use crate::matchers::phrase::PhraseIndex;
use crate::matchers::regex_gate::RegexGate;
use crate::rules::{LoadError, Pack, RuleDef};

/// The rules of `packs` in order, each id once (a second definition is an error), with
/// each id's index.
pub(super) fn collect(
    packs: Vec<Pack>,
    errors: &mut Vec<LoadError>,
) -> (Vec<RuleDef>, HashMap<String, usize>) {
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut defs: Vec<RuleDef> = Vec::new();
    for def in packs.into_iter().flat_map(|pack| pack.rules) {
        if let Some(&first) = index_of.get(&def.meta.id) {
            let first = &defs[first].meta;
            errors.push(LoadError {
                file: def.meta.file.clone(),
                line: Some(def.meta.line),
                column: None,
                rule: Some(def.meta.id.clone()),
                message: format!(
                    "duplicate rule id (also defined in {}:{})",
                    first.file, first.line
                ),
            });
            continue;
        }
        index_of.insert(def.meta.id.clone(), defs.len());
        defs.push(def);
    }
    (defs, index_of)
}

/// The rules, with the ids each one supersedes resolved (an unknown id is an error).
pub(super) fn link(
    defs: Vec<RuleDef>,
    index_of: &HashMap<String, usize>,
    errors: &mut Vec<LoadError>,
) -> Vec<CompiledRule> {
    let mut rules = Vec::with_capacity(defs.len());
    for def in defs {
        let mut supersedes = Vec::new();
        for (id, location) in def.supersedes {
            match index_of.get(&id) {
                Some(&i) => supersedes.push(i),
                None => {
                    let ids = index_of.keys().map(String::as_str);
                    let hint = crate::rules::did_you_mean(&id, ids);
                    errors.push(LoadError {
                        message: format!("`supersedes` names unknown rule `{id}`{hint}"),
                        ..location
                    });
                }
            }
        }
        rules.push(CompiledRule {
            meta: Arc::new(def.meta),
            matcher: def.matcher,
            exceptions: def.exceptions,
            supersedes,
        });
    }
    rules
}

/// The shared phrase index over every phrase rule.
pub(super) fn phrase_index(rules: &[CompiledRule]) -> PhraseIndex {
    PhraseIndex::build(
        rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.matcher.phrase_list()?))),
    )
}

/// The regex set gate over every regex rule, grouped by what each one reads.
pub(super) fn regex_gate(rules: &[CompiledRule]) -> RegexGate {
    let patterns = |scope: Scope, local: bool| -> Vec<(usize, String)> {
        rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let m = r.matcher.regex()?;
                (m.scope() == scope && m.line_local() == local).then(|| (i, m.set_pattern()))
            })
            .collect()
    };
    RegexGate::new(
        patterns(Scope::Anywhere, true),
        patterns(Scope::Anywhere, false),
        patterns(Scope::ParagraphStart, false),
    )
}
