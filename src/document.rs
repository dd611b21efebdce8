//! Checking a document: plain text or Markdown, with inline suppressions. This is what
//! the CLI, the fixer and the language server call.

use crate::finding::{Finding, Suggestion};
use crate::linter::Linter;
use crate::markdown::{Prose, Region};
use crate::rules::RuleMeta;
use crate::suppress;

/// How a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Plain,
    Markdown,
}

impl Syntax {
    /// Markdown for `.md` and `.markdown` files, plain text otherwise.
    pub fn from_path(path: &str) -> Syntax {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Syntax::Markdown
        } else {
            Syntax::Plain
        }
    }
}

/// Checks a document with the rules `enabled` accepts. Offsets are those of `text`.
pub fn check(
    linter: &Linter,
    text: &str,
    syntax: Syntax,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> Vec<Finding> {
    let mut directives = suppress::parse(text, syntax == Syntax::Plain);
    let findings = match syntax {
        Syntax::Plain => match suppress::mask_plain(text, &directives) {
            Some(masked) => linter.check_rules(&masked, enabled),
            None => linter.check_rules(text, enabled),
        },
        Syntax::Markdown => {
            let prose = Prose::of(text);
            // A directive shown in code is an example.
            directives.retain(|d| {
                !prose
                    .code
                    .iter()
                    .any(|c| c.start <= d.span.start && d.span.end <= c.end)
            });
            let mut findings: Vec<Finding> = linter
                .check_rules(&prose.text, enabled)
                .into_iter()
                .filter(|f| applies(&prose, f))
                .map(|f| map_finding(&prose, f))
                .collect();
            findings.sort_by(|a, b| {
                (a.span.start, a.span.end, &a.rule.id).cmp(&(b.span.start, b.span.end, &b.rule.id))
            });
            findings
        }
    };
    let rules: Vec<&RuleMeta> = linter.rules().map(|r| r.as_ref()).collect();
    suppress::apply(text, &directives, findings, &rules, enabled)
}

/// A finding of the prose stands: it lies in one block, and not in a region its rule
/// skips (a heading is not a sentence, a term or a link text is a name).
fn applies(prose: &Prose, finding: &Finding) -> bool {
    if prose.crosses_blocks(&finding.span) {
        return false;
    }
    let skip = &finding.rule.skip_in;
    let skipped = skip.contains(&prose.block_at(finding.span.start))
        || (skip.contains(&Region::Link) && prose.in_link(&finding.span));
    !skipped
}

/// Moves a finding from the prose to the original text. A suggestion whose range crosses
/// markup is dropped: applying it would delete the markup.
fn map_finding(prose: &Prose, mut finding: Finding) -> Finding {
    let start = prose.map_start(finding.span.start);
    let end = prose.map_end(finding.span.end).max(start);
    finding.span = start..end;
    finding.suggestions = finding
        .suggestions
        .into_iter()
        .filter_map(|s| {
            prose.map_exact(&s.range).map(|range| Suggestion {
                range,
                replacement: s.replacement,
            })
        })
        .collect();
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, syntax: Syntax) -> Vec<String> {
        let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
        check(&linter, text, syntax, &|_| true)
            .into_iter()
            .map(|f| f.rule.id.clone())
            .collect()
    }

    #[test]
    fn directives_shown_as_code_are_examples() {
        let md = "Use `<!-- mtlint-disable-next-line RULE -->` like this:\n\n```markdown\n<!-- mtlint-disable punctuation -->\n```\n";
        assert!(
            ids(md, Syntax::Markdown).is_empty(),
            "{:?}",
            ids(md, Syntax::Markdown)
        );
    }

    #[test]
    fn suppressions_apply_in_markdown_and_plain_text() {
        let md = "<!-- mtlint-disable-next-line punctuation -->\nIt ended. .\n\nIt ended. .\n";
        assert_eq!(
            ids(md, Syntax::Markdown),
            ["punctuation/doubled-terminator"]
        );
        let txt = "mtlint-disable-next-line punctuation\nIt ended. .\n\nIt ended. .\n";
        assert_eq!(ids(txt, Syntax::Plain), ["punctuation/doubled-terminator"]);
    }
}
