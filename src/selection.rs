//! Choosing rules by id, category or pack name (`--select`, `--ignore`, config files).

use crate::rules::RuleMeta;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFilter {
    /// Empty means every rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleFilter {
    pub fn new(select: Vec<String>, ignore: Vec<String>) -> RuleFilter {
        RuleFilter { select, ignore }
    }

    /// Whether a selector names this rule: its id, its category, its pack, or `all`.
    pub fn names(selector: &str, rule: &RuleMeta) -> bool {
        selector == "all"
            || selector == rule.id
            || selector == rule.category
            || selector == rule.pack
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|s| Self::names(s, rule));
        selected && !self.ignore.iter().any(|s| Self::names(s, rule))
    }

    /// Selectors that name no rule at all, each with a "did you mean" hint.
    pub fn unknown<'a>(&self, rules: impl Iterator<Item = &'a RuleMeta> + Clone) -> Vec<String> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|s| !rules.clone().any(|r| Self::names(s, r)))
            .map(|s| {
                let mut names: Vec<&str> = Vec::new();
                for r in rules.clone() {
                    names.extend([r.id.as_str(), r.category.as_str(), r.pack.as_str()]);
                }
                format!(
                    "unknown rule, category or pack `{s}`{}",
                    crate::rules::did_you_mean(s, names)
                )
            })
            .collect()
    }
}
