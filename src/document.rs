//! Checking a document: plain text or Markdown, with inline suppressions. This is what
//! the CLI, the fixer and the language server call.

use crate::finding::{Finding, Suggestion};
use crate::linter::Linter;
use crate::markdown::{Prose, Region};
use crate::rules::RuleMeta;
use crate::site_syntax::Flavour;
use crate::suppress;

/// How a document is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Plain,
    Markdown,
}

impl Syntax {
    /// Markdown for the extensions in [`crate::workspace::MARKDOWN_EXTENSIONS`], plain text
    /// otherwise.
    pub fn from_path(path: &str) -> Syntax {
        crate::workspace::syntax_of(path)
    }
}

/// Checks a document with the rules `enabled` accepts. Offsets are those of `text`.
/// Markdown is read with the site syntax recognised without configuration.
pub fn check(
    linter: &Linter,
    text: &str,
    syntax: Syntax,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> Vec<Finding> {
    check_as(linter, text, syntax, Flavour::Auto, enabled)
}

/// `check`, with Markdown read as a page of a site of `flavour` (the `syntax` key).
pub fn check_as(
    linter: &Linter,
    text: &str,
    syntax: Syntax,
    flavour: Flavour,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) -> Vec<Finding> {
    let mut directives = suppress::parse(text, syntax == Syntax::Plain);
    let findings = match syntax {
        Syntax::Plain => match suppress::mask_plain(text, &directives) {
            Some(masked) => linter.check_rules(&masked, enabled),
            None => linter.check_rules(text, enabled),
        },
        Syntax::Markdown => {
            let prose = Prose::of_flavour(text, flavour);
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
                .filter(|f| {
                    applies(&prose, f)
                        && !names_code(&prose, text, f)
                        && !space_before_markup(&prose, text, f)
                })
                .map(|f| map_finding(&prose, f))
                .collect();
            findings.sort();
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

/// Spaces that end a block of the prose but not the line of the source: markup left out
/// of the prose follows them ("Section 6.1) <span class=…></span>"), so they end nothing.
fn space_before_markup(prose: &Prose, source: &str, finding: &Finding) -> bool {
    let text = &prose.text;
    let span = &finding.span;
    if span.is_empty() || !text[span.clone()].chars().all(|c| c == ' ' || c == '\t') {
        return false;
    }
    let rest = &text[span.end..];
    if !(rest.is_empty() || rest.starts_with('\n')) {
        return false;
    }
    let end = prose.map_end(span.end).min(source.len());
    let line_rest = source[end..].split('\n').next().unwrap_or_default();
    !line_rest.trim().is_empty()
}

/// A finding inside one word-like token that the document also writes as code or in its
/// front matter is about a name or example data, not prose: "resources.Minify" in a
/// sentence of the page whose title and examples are `resources.Minify`, "Здравствуйте" on
/// a page whose code holds `"Здравствуйте"`.
fn names_code(prose: &Prose, source: &str, finding: &Finding) -> bool {
    let text = &prose.text;
    let span = &finding.span;
    if span.is_empty() || text[span.clone()].contains(char::is_whitespace) {
        return false;
    }
    let start = text[..span.start]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[span.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| span.end + i);
    let token =
        text[start..end].trim_matches(|c: char| !c.is_alphanumeric() && !"_$@#".contains(c));
    let letters = token.chars().filter(|c| c.is_alphanumeric()).count();
    // Like an identifier ("a.B", "_name"), or in a script of its own ("Зд"): a token
    // that is neither is an ordinary word, which code mentions by chance.
    let identifier = letters >= 3 && token.contains(|c: char| !c.is_alphanumeric());
    let foreign = letters >= 2 && !token.is_ascii();
    // A word judged to be another language's ("todos") that the page's code uses as a
    // whole word is an identifier or example data of that code.
    let foreign_word = finding.rule.category == "untranslated"
        && letters >= 2
        && prose.written_as_code_word(source, token);
    // A dotted name of ASCII letters ("net.Server", "stream.Readable") that the document
    // writes twice or more is a name of its subject: a sentence glued to the next one
    // ("failed.Both") does not repeat word for word.
    // So is a chain of three parts or more ("dgram.Socket.prototype"), and a call
    // ("args.Length()").
    let called = text[end..].starts_with("()")
        || text[span.end..end].ends_with("()")
        || token.ends_with(')');
    let dotted_name = identifier
        && token.contains('.')
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        && (token.matches('.').count() >= 2 || called || whole_token_count(source, token, 2) >= 2);
    foreign_word || dotted_name || ((identifier || foreign) && prose.written_as_code(source, token))
}

/// How many times `token` stands in `source` as a whole token (no letter, digit or `_`
/// on either side), counting up to `limit`.
fn whole_token_count(source: &str, token: &str, limit: usize) -> usize {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut count = 0;
    for (at, _) in source.match_indices(token) {
        let before = source[..at].chars().next_back();
        let after = source[at + token.len()..].chars().next();
        if !before.is_some_and(word) && !after.is_some_and(word) {
            count += 1;
            if count == limit {
                break;
            }
        }
    }
    count
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

#[cfg(test)]
mod block_tests {
    use super::*;

    fn ids(md: &str) -> Vec<String> {
        let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
        check(&linter, md, Syntax::Markdown, &|_| true)
            .into_iter()
            .map(|f| f.rule.id.clone())
            .collect()
    }

    #[test]
    fn headings_terms_and_list_items_are_not_sentences() {
        assert!(ids("The end.\n\n## const and static\n\nText.\n").is_empty());
        assert!(ids("Intro.\n\nleaf bundle\n: A directory.\n").is_empty());
        assert!(ids("Intro.\n\n- emacs support via [lsp](x)\n").is_empty());
        assert_eq!(
            ids("The talks failed.\n\nboth sides left early.\n"),
            ["broken-sentence/lowercase-start"]
        );
    }

    #[test]
    fn no_finding_reads_across_nested_list_items() {
        assert!(ids("- Provide a summary.\n  - Begin the summary.\n").is_empty());
        assert_eq!(
            ids("It failed.Both sides left.\n"),
            ["punctuation/missing-space-after"]
        );
    }

    #[test]
    fn a_token_after_a_wide_space_is_cut_on_a_character_boundary() {
        assert!(ids("It\u{a0}failed.Both sides left.\n\n`x.y`\n").len() <= 1);
    }

    #[test]
    fn a_name_the_document_writes_as_code_is_not_prose() {
        let md = "Call resources.Minify on it.\n\n```\nresources.Minify\n```\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        assert_eq!(
            ids("Call resources.Minify on it.\n"),
            ["punctuation/missing-space-after"]
        );
    }

    #[test]
    fn a_space_before_markup_left_out_ends_nothing() {
        let md = "* Section 6 (1024 bits) <span class=\"deprecated\"></span>\n* Next item.\n";
        // Before, the space left before the element read as a paragraph's trailing space.
        assert!(ids(md).is_empty(), "{:?}", ids(md));
    }

    #[test]
    fn dotted_chains_and_calls_are_names() {
        let md = "Add dgram.Socket.prototype.bind to it.\n\nUse args.Length() here.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
    }

    #[test]
    fn a_dotted_name_the_document_repeats_is_a_name() {
        let md = "Fix the close event of net.Server here.\n\nThe net.Server emits it.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        assert_eq!(
            ids("Fix the close event of net.Server here.\n\nThe talks failed.Both left.\n"),
            [
                "punctuation/missing-space-after",
                "punctuation/missing-space-after"
            ]
        );
    }

    #[test]
    fn a_foreign_looking_word_the_code_uses_is_an_identifier() {
        let prose =
            "Let's say the page keeps a list of todos, and the talks were sehr schwierig.\n";
        assert_eq!(
            ids(prose),
            ["untranslated/foreign-words", "untranslated/foreign-words"]
        );
        let md = format!("{prose}\n```js\nconst todos = ref([])\n```\n");
        assert_eq!(ids(&md), ["untranslated/foreign-words"]);
        // Only the whole word counts: `todosList` does not make "todos" an identifier.
        let md = format!("{prose}\n```js\nconst todosList = ref([])\n```\n");
        assert_eq!(ids(&md).len(), 2);
    }

    #[test]
    fn foreign_names_in_links_quotes_and_glosses_are_not_untranslated() {
        let md = "Read it in:\n\n- [简体中文](https://x.org)\n- [Русский / Russian](https://y.org)\n\nThe word “Здравствуйте” takes 24 bytes.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        assert_eq!(
            ids("The minister said 会谈很成功 and left.\n"),
            ["untranslated/foreign-script"]
        );
    }
}
