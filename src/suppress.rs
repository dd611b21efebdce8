//! Inline suppressions: `<!-- mtlint-disable RULE... -->` ... `<!-- mtlint-enable RULE... -->`,
//! `<!-- mtlint-disable-next-line RULE... -->`, `<!-- mtlint-disable-line RULE... -->` (at
//! the end of the line it covers, so that a table row or list item keeps its structure),
//! `<!-- mtlint-disable-file RULE... -->`.
//! No rule means every rule; a rule may be named by id, category or pack. In plain text
//! the same comment, or the bare directive (`mtlint-disable-next-line RULE`), on a line of
//! its own. Unknown names and directives that suppress nothing are reported.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use crate::finding::{Finding, FixSafety, Severity, Suggestion};
use crate::rules::RuleMeta;
use crate::selection::RuleFilter;
use crate::source::LineIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
    /// Covers the line it is on.
    DisableLine,
    DisableFile,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule ids, categories or pack names; empty means every rule.
    pub rules: Vec<String>,
    /// The directive's bytes.
    pub span: Range<usize>,
    /// Its whole line, line break included.
    pub line_span: Range<usize>,
    /// The directive is the only thing on its line.
    pub own_line: bool,
}

fn directive_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:<!--[ \t]*)?\bmtlint-(disable-next-line|disable-line|disable-file|disable|enable)\b([^\n>]*?)[ \t]*(?:-->|$)")
            .expect("directive regex compiles")
    })
}

/// Every directive in a text. In plain text only those alone on their line count, so that
/// prose that mentions a directive is not one.
pub fn parse(text: &str, plain: bool) -> Vec<Directive> {
    let mut found = Vec::new();
    // Most texts hold no directive: one search of the whole text says so.
    if memchr::memmem::find(text.as_bytes(), b"mtlint-").is_none() {
        return found;
    }
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.contains("mtlint-") {
            for caps in directive_regex().captures_iter(content) {
                let whole = caps.get(0).expect("match");
                let is_comment = whole.as_str().starts_with("<!--");
                let own_line = content.trim() == whole.as_str().trim();
                if (plain && !own_line) || (!plain && !is_comment) {
                    continue;
                }
                let kind = match &caps[1] {
                    "disable" => DirectiveKind::Disable,
                    "enable" => DirectiveKind::Enable,
                    "disable-next-line" => DirectiveKind::DisableNextLine,
                    "disable-line" => DirectiveKind::DisableLine,
                    _ => DirectiveKind::DisableFile,
                };
                let rules = caps[2]
                    .split([' ', ',', '\t'])
                    .filter(|r| !r.is_empty())
                    .map(str::to_string)
                    .collect();
                found.push(Directive {
                    kind,
                    rules,
                    span: line_start + whole.start()..line_start + whole.end(),
                    line_span: line_start..line_start + line.len(),
                    own_line,
                });
            }
        }
        line_start += line.len();
    }
    found
}

/// Blanks the directive lines of a plain text (same length, line breaks kept), so that
/// no rule reads them as prose.
pub fn mask_plain(text: &str, directives: &[Directive]) -> Option<String> {
    if directives.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for d in directives {
        for b in &mut bytes[d.line_span.clone()] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    Some(String::from_utf8(bytes).expect("ASCII spaces replace whole lines"))
}

/// Drops suppressed findings, and adds findings for unknown names and unused directives.
pub fn apply(
    text: &str,
    directives: &[Directive],
    findings: Vec<Finding>,
    rules: &[&RuleMeta],
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> Vec<Finding> {
    if directives.is_empty() {
        return findings;
    }
    let index = LineIndex::new(text);
    let mut used = vec![false; directives.len()];
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let line = index.line_of(finding.span.start);
        let by = directives.iter().enumerate().find(|(i, d)| {
            names(d, &finding.rule) && covers(directives, *i, d, line, finding.span.start, &index)
        });
        match by {
            Some((i, _)) => used[i] = true,
            None => kept.push(finding),
        }
    }
    for (i, d) in directives.iter().enumerate() {
        for name in &d.rules {
            if !rules.iter().any(|r| RuleFilter::names(name, r)) {
                let names: Vec<&str> = rules
                    .iter()
                    .flat_map(|r| [r.id.as_str(), r.category.as_str()])
                    .collect();
                let hint = crate::rules::did_you_mean(name, names);
                let meta = unknown_rule_meta();
                if enabled(meta) {
                    kept.push(meta_finding(
                        meta,
                        d,
                        format!("Unknown rule `{name}` in a suppression{hint}"),
                        false,
                    ));
                }
            }
        }
        if !used[i] && d.kind != DirectiveKind::Enable {
            let meta = unused_meta();
            if enabled(meta) {
                kept.push(meta_finding(
                    meta,
                    d,
                    "This suppression suppresses nothing".into(),
                    true,
                ));
            }
        }
    }
    kept.sort();
    kept
}

fn names(d: &Directive, rule: &RuleMeta) -> bool {
    d.rules.is_empty() || d.rules.iter().any(|n| RuleFilter::names(n, rule))
}

/// Whether directive `i` covers a finding on `line` starting at byte `at`.
fn covers(
    all: &[Directive],
    i: usize,
    d: &Directive,
    line: usize,
    at: usize,
    index: &LineIndex,
) -> bool {
    match d.kind {
        DirectiveKind::DisableFile => true,
        DirectiveKind::Enable => false,
        DirectiveKind::DisableNextLine => {
            let own = index.line_of(d.span.start);
            // Alone on its line, it covers the next line; after text, that same line.
            line == own + 1 || (!d.own_line && line == own)
        }
        DirectiveKind::DisableLine => line == index.line_of(d.span.start),
        DirectiveKind::Disable => {
            if at < d.span.end {
                return false;
            }
            // Open until an enable that names all rules, or one of this directive's rules.
            let closed = all[i + 1..].iter().any(|e| {
                e.kind == DirectiveKind::Enable
                    && e.span.start < at
                    && (e.rules.is_empty() || e.rules.iter().any(|r| d.rules.contains(r)))
            });
            !closed
        }
    }
}

fn meta_finding(meta: &Arc<RuleMeta>, d: &Directive, message: String, removable: bool) -> Finding {
    let suggestions = if removable {
        let range = if d.own_line {
            d.line_span.clone()
        } else {
            d.span.clone()
        };
        vec![Suggestion {
            range,
            replacement: String::new(),
        }]
    } else {
        Vec::new()
    };
    Finding {
        rule: Arc::clone(meta),
        severity: meta.severity,
        span: d.span.clone(),
        message,
        suggestions,
        fix: meta.fix,
    }
}

fn unknown_rule_meta() -> &'static Arc<RuleMeta> {
    static META: OnceLock<Arc<RuleMeta>> = OnceLock::new();
    META.get_or_init(|| {
        internal_meta(
            "suppression/unknown-rule",
            Severity::Warning,
            FixSafety::None,
            "A suppression comment names a rule, category or pack that does not exist, so it suppresses nothing it was meant to.",
        )
    })
}

fn unused_meta() -> &'static Arc<RuleMeta> {
    static META: OnceLock<Arc<RuleMeta>> = OnceLock::new();
    META.get_or_init(|| {
        internal_meta(
            "suppression/unused",
            Severity::Info,
            FixSafety::Safe,
            "A suppression comment that suppresses no finding: the text it guarded was fixed or changed. Remove it so it does not hide a future finding.",
        )
    })
}

/// The rules mtlint itself reports about suppressions.
pub fn internal_rules() -> [&'static Arc<RuleMeta>; 2] {
    [unknown_rule_meta(), unused_meta()]
}

fn internal_meta(id: &str, severity: Severity, fix: FixSafety, description: &str) -> Arc<RuleMeta> {
    Arc::new(RuleMeta {
        id: id.to_string(),
        category: "suppression".to_string(),
        pack: "mtlint".to_string(),
        severity,
        fix,
        prefer_first: false,
        message: String::new(),
        description: description.to_string(),
        url: None,
        good: Vec::new(),
        bad: Vec::new(),
        skip_in: Vec::new(),
        file: "builtin".to_string(),
        line: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disable_line_covers_its_own_line_only() {
        let text = "| a | b <!-- mtlint-disable-line punctuation --> |\nnext\n";
        let found = parse(text, false);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, DirectiveKind::DisableLine);
        assert_eq!(found[0].rules, ["punctuation"]);
        assert!(!found[0].own_line);
        let index = LineIndex::new(text);
        assert!(covers(&found, 0, &found[0], 0, 2, &index));
        assert!(!covers(&found, 0, &found[0], 1, 60, &index));
        // Not taken for `disable` or `disable-next-line`.
        let other = parse(
            "x <!-- mtlint-disable-next-line a --> <!-- mtlint-disable b -->\n",
            false,
        );
        let kinds: Vec<_> = other.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [DirectiveKind::DisableNextLine, DirectiveKind::Disable]
        );
    }
}
