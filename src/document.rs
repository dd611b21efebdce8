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
            let braced = std::cell::OnceCell::new();
            let mut findings: Vec<Finding> = linter
                .check_rules(&prose.text, enabled)
                .into_iter()
                .filter(|f| {
                    applies(&prose, f)
                        && !names_code(&prose, text, f)
                        && !lowercase_name(&prose, text, f)
                        && !continues_code_block(&prose, text, f)
                        && !braces_as_notation(&prose, f, &braced)
                        && !escaped_tag(&prose, text, f)
                        && !space_before_markup(&prose, text, f)
                        && !field_of_code(&prose, text, f)
                })
                .map(|f| map_finding(&prose, text, f))
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

/// A field line whose values are set as code ("Tags: `hard_tab`, `whitespace`" under the
/// title of a rule's page): the page's own metadata, written by hand in Markdown. A field
/// that a content system flattened into the text carries no code spans.
fn field_of_code(prose: &Prose, source: &str, finding: &Finding) -> bool {
    if finding.rule.id != "leak/field-line" {
        return false;
    }
    let start = prose.map_start(finding.span.start).min(source.len());
    let end = prose.map_end(finding.span.end).min(source.len());
    prose
        .code
        .iter()
        .any(|c| start <= c.start && c.end <= end && !source[c.clone()].contains('\n'))
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
    // whole word is an identifier or example data of that code, and one the page links a
    // page named after is a name ("[undici](https://www.npmjs.com/package/undici)").
    let foreign_word = finding.rule.category == "untranslated"
        && letters >= 2
        && (prose.written_as_code_word(source, token) || linked_by_name(source, token));
    // A dotted name of ASCII letters ("net.Server", "stream.Readable") that the document
    // writes twice or more is a name of its subject: a sentence glued to the next one
    // ("failed.Both") does not repeat word for word.
    // So is a chain of three parts or more ("dgram.Socket.prototype"), a call
    // ("args.Length()"), a name that code goes on after ("net.Socket#end"), and a name
    // after which no sentence ends in its block: the second of two glued sentences ends.
    let called = text[end..].starts_with("()")
        || text[span.end..end].ends_with("()")
        || token.ends_with(')');
    // The dotted name the finding lies in: "net.Server" of "net.Server's",
    // "net.Socket#end()", "{string[]|fs.Dirent[]}".
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_';
    let head_start = text[..span.start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| name_char(*c))
        .last()
        .map_or(span.start, |(i, _)| i);
    let head_end = text[head_start..]
        .find(|c: char| !name_char(c))
        .map_or(text.len(), |i| head_start + i);
    let head = text[head_start..head_end].trim_matches('.');
    let head_end = head_start + text[head_start..head_end].trim_end_matches('.').len();
    // Code goes on after the name ("net.Socket#end", "fs.Dirent[]", "{stream.Writable}").
    let continued = text[head_end..].starts_with(['#', '[', '(', '{', '}', ']', '<', '>', '|']);
    let dotted_name = head.contains('.')
        && head.chars().filter(|c| c.is_alphanumeric()).count() >= 3
        && (head.matches('.').count() >= 2
            || called
            || continued
            || whole_token_count(source, head, 2) >= 2
            || !sentence_ends_after(text, head_end));
    foreign_word
        || dotted_name
        || joined_names(prose, source, finding)
        || ((identifier || foreign) && prose.written_as_code(source, token))
}

/// A mark with no space after it between two names of the document's code: names joined
/// by a comma ("add setgid,getgid", "improve blob,file benchmark" where the page writes
/// `setgid` and `getgid`, `file` as code), or a module and its member ("fs.Stats times",
/// where the code writes `fs.readFile`). Two glued sentences ("failed.Both") join words
/// of prose.
fn joined_names(prose: &Prose, source: &str, finding: &Finding) -> bool {
    if finding.rule.id != "punctuation/missing-space-after" {
        return false;
    }
    let text = &prose.text;
    let span = &finding.span;
    let Some(mark) = text[span.clone()].chars().next() else {
        return false;
    };
    let word_char = |c: char| crate::text::is_word_char(c) || c == '_';
    let left_start = text[..span.start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| word_char(*c))
        .last()
        .map_or(span.start, |(i, _)| i);
    let left = &text[left_start..span.start];
    let right = &text[span.start + mark.len_utf8()..span.end];
    if left.is_empty() || right.is_empty() {
        return false;
    }
    match mark {
        ',' | ';' => {
            prose.written_as_code_word(source, left) && prose.written_as_code_word(source, right)
        }
        '.' => {
            let member = format!("{left}.");
            prose.code.iter().any(|r| {
                source.get(r.clone()).is_some_and(|code| {
                    code.match_indices(&member).any(|(i, _)| {
                        !code[..i].chars().next_back().is_some_and(word_char)
                            && code[i + member.len()..].starts_with(char::is_alphabetic)
                    })
                })
            })
        }
        _ => false,
    }
}

/// An HTML tag that the Markdown source escapes ("remove the extra \<td>", "&lt;li&gt;"):
/// written to be shown, a mention of the tag, not markup that leaked.
fn escaped_tag(prose: &Prose, source: &str, finding: &Finding) -> bool {
    finding.rule.id == "leak/markup-tag" && prose.text[finding.span.clone()].starts_with('<') && {
        let at = prose.map_start(finding.span.start).min(source.len());
        source[..at].ends_with('\\') || source[at..].starts_with("&lt;")
    }
}

/// Braced words a document writes this many times or more are its notation.
const BRACED_NOTATION: usize = 10;

/// A placeholder-like word in braces ("{boolean}") in a document that writes words in
/// braces ten times or more in its prose: the document's notation (the types of an API
/// reference: "`timeout` {number}: the time"), not a slot a template left unfilled. A
/// leaked template leaves a few. `braced` holds the document's count, on first need.
fn braces_as_notation(
    prose: &Prose,
    finding: &Finding,
    braced: &std::cell::OnceCell<usize>,
) -> bool {
    if finding.rule.id != "leak/placeholder" || !prose.text[finding.span.clone()].starts_with('{') {
        return false;
    }
    let count = *braced.get_or_init(|| {
        let text = prose.text.as_bytes();
        let mut count = 0;
        let mut i = 0;
        while let Some(open) = text[i..].iter().position(|&b| b == b'{') {
            let start = i + open + 1;
            let len = text[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || b"_.|[]<>".contains(b))
                .count();
            if len > 0 && text[start].is_ascii_alphabetic() && text.get(start + len) == Some(&b'}')
            {
                count += 1;
                if count == BRACED_NOTATION {
                    break;
                }
            }
            i = start;
        }
        count
    });
    count >= BRACED_NOTATION
}

/// A sentence "starting" in lowercase with a link's text, or with a word that the
/// document never writes with a capital and starts two sentences or blocks with: the
/// name of a tool or a library written in lowercase ("links with libfuse. libfuse
/// provides ... back. libfuse offers"), not a sentence that lost its capital. A word of
/// English that starts sentences starts them with its capital.
fn lowercase_name(prose: &Prose, source: &str, finding: &Finding) -> bool {
    if !matches!(
        finding.rule.id.as_str(),
        "broken-sentence/period-before-lowercase"
            | "broken-sentence/lowercase-start"
            | "broken-sentence/lowercase-after-mark"
    ) {
        return false;
    }
    let text = &prose.text;
    let span = &finding.span;
    let Some(from) = text[span.clone()]
        .find(char::is_alphabetic)
        .map(|i| span.start + i)
    else {
        return false;
    };
    let len = text[from..]
        .find(|c: char| !(crate::text::is_word_char(c) || c == '-' || c == '_'))
        .unwrap_or(text.len() - from);
    let word = text[from..from + len].trim_end_matches('-');
    if word.is_empty() || !word.starts_with(char::is_lowercase) {
        return false;
    }
    // A link's text: a name ("[npm-cli-bot](...) takes care of it").
    if prose.in_link(&(from..from + word.len())) {
        return true;
    }
    // Set in emphasis where it starts the sentence ("**docspec** is the reference
    // implementation"): styled as a name.
    let at = prose.map_start(from).min(source.len());
    let end = prose.map_end(from + word.len()).min(source.len());
    if at <= end
        && source[..at].ends_with(['*', '_'])
        && source[end..].starts_with(['*', '_'])
        && source[at..end] == *word
    {
        return true;
    }
    // A letter before a hyphen is a symbol whose case is its meaning: "f-strings",
    // "p-values", "k-means", "x-axis" keep it at a sentence's start.
    let mut chars = word.chars();
    if chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.next() == Some('-')
        && chars.next().is_some_and(char::is_alphabetic)
    {
        return true;
    }
    let mut capital: String = word
        .chars()
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    capital.push_str(&word[word.chars().next().map_or(0, char::len_utf8)..]);
    // A heading capitalises a name as a title ("# Zlib" over a page about `node:zlib`).
    let outside_headings = |token: &str| {
        text.match_indices(token).any(|(at, _)| {
            crate::text::is_whole_word(text, &(at..at + token.len()))
                && prose.block_at(at) != Region::Heading
        })
    };
    !outside_headings(&capital)
        && !outside_headings(&word.to_uppercase())
        && (lowercase_sentence_starts(text, word, 2) >= 2 || written_as_name(prose, source, word))
}

/// Whether the document writes `word` as the name of a program, a module or a package: a
/// code span that is the word or opens with it before a mark (`pip`, `` `zlib.deflate()` ``,
/// `` `libnode.105.dylib` ``), a line of a code block that opens with it as a command
/// (`pip install x`), or a link to a page named after it (`.../crates/fxhash)`). A word of
/// English that lost its capital is none of these.
fn written_as_name(prose: &Prose, source: &str, word: &str) -> bool {
    let opens_with = |code: &str| {
        code.strip_prefix(word).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || ".:(/".contains(c))
        })
    };
    let in_code = prose.code.iter().any(|r| {
        let Some(code) = source.get(r.clone()) else {
            return false;
        };
        if code.starts_with("```") || code.starts_with("~~~") || code.contains('\n') {
            code.lines()
                .map(|line| {
                    line.trim_start()
                        .trim_start_matches(['$', '>'])
                        .trim_start()
                })
                .any(opens_with)
        } else {
            // A module named by its path or scheme (`node:zlib`, `lib/zlib.js`).
            let code = code.trim_matches('`').trim();
            opens_with(code) || code.rsplit([':', '/']).next().is_some_and(opens_with)
        }
    });
    // A crate or module whose name has a hyphen is written with an underscore in code
    // (`fancy-regex` is `use fancy_regex::Regex`); a name the document sets in emphasis
    // more than once is styled as a name ("*mkdocstrings* allows ...").
    let underscored = word.contains('-') && {
        let code_name = word.replace('-', "_");
        prose.written_as_code_word(source, &code_name)
    };
    let emphasised = ["*", "_"]
        .iter()
        .map(|m| source.matches(&format!("{m}{word}{m}")).count())
        .sum::<usize>()
        >= 2;
    // A line that gives the word as a command with its options ("> strace -o out ps"),
    // set as code or not.
    let command = source.lines().any(|line| {
        line.trim_start_matches(|c: char| c.is_whitespace() || c == '>' || c == '$')
            .strip_prefix(word)
            .and_then(|rest| rest.strip_prefix(" -"))
            .is_some_and(|opt| opt.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-'))
    });
    in_code || underscored || emphasised || command || linked_by_name(source, word)
}

/// Whether the document links a page named after `word`: a path segment of a link's
/// destination (`.../crates/fxhash)`, `/package/undici)`).
fn linked_by_name(source: &str, word: &str) -> bool {
    source.match_indices(word).any(|(at, _)| {
        source[..at].ends_with('/')
            && source[at + word.len()..]
                .chars()
                .next()
                .is_some_and(|c| ")/#\"'>".contains(c))
    })
}

/// A paragraph right after a code block that opens in lowercase goes on with the sentence
/// the code is part of ("The field value ```{...}``` can be written: ..."), and starts no
/// sentence of its own.
fn continues_code_block(prose: &Prose, source: &str, finding: &Finding) -> bool {
    finding.rule.id == "broken-sentence/lowercase-start" && {
        let at = prose.map_start(finding.span.start).min(source.len());
        let before = source[..at].trim_end();
        before.ends_with("```") || before.ends_with("~~~")
    }
}

/// How many sentences or blocks of `text` start with `word` as written, after different
/// words, counting up to `limit`: an English word that starts sentences gets a capital; a
/// name written in lowercase starts them as it is. The same phrase broken twice
/// ("power. program" in a sentence and in a quotation of it) counts once.
fn lowercase_sentence_starts(text: &str, word: &str, limit: usize) -> usize {
    let part_of_word = |c: char| crate::text::is_word_char(c) || c == '_' || c == '-';
    let mut after: Vec<&str> = Vec::new();
    for (at, _) in text.match_indices(word) {
        let before = &text[..at];
        if before.chars().next_back().is_some_and(part_of_word)
            || text[at + word.len()..]
                .chars()
                .next()
                .is_some_and(part_of_word)
        {
            continue;
        }
        let lead = before.trim_end_matches(|c: char| c.is_whitespace() || "*_\"“‘'([".contains(c));
        let block_start = lead.is_empty() || before[lead.len()..].contains("\n\n");
        if !(block_start || lead.ends_with(['.', '!', '?'])) {
            continue;
        }
        // The word before the mark, or nothing at the start of a block.
        let previous = if block_start {
            ""
        } else {
            let body = lead.trim_end_matches(['.', '!', '?']);
            let from = body
                .char_indices()
                .rev()
                .find(|(_, c)| !part_of_word(*c))
                .map_or(0, |(i, c)| i + c.len_utf8());
            &body[from..]
        };
        // After a number or the stand-in for a URL or code ("0."), not a sentence's end.
        if !block_start && !previous.contains(char::is_alphabetic) {
            continue;
        }
        if !after.contains(&previous) {
            after.push(previous);
            if after.len() == limit {
                break;
            }
        }
    }
    after.len()
}

/// Whether a sentence ends in the block after `from`: a ".", "!", "?" or "…" followed by
/// a space, a line end, a closing quote or bracket, or the end of the text. Two sentences
/// glued together ("failed.Both sides left.") end where the second one ends; a dotted
/// name in a line that ends with no such mark ("- add net.Socket#end (Anna)", a list item
/// of a changelog, a table cell) joins no sentences.
fn sentence_ends_after(text: &str, from: usize) -> bool {
    let rest = &text[from..];
    let block = rest.find("\n\n").map_or(rest, |i| &rest[..i]);
    let mut chars = block.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '…') {
            while chars.peek().is_some_and(|n| "\"'”’)]*_".contains(*n)) {
                chars.next();
            }
            if chars.peek().is_none_or(|n| n.is_whitespace()) {
                return true;
            }
        }
    }
    false
}

/// How many times `token` stands in `source` as a whole token (`text::is_whole_word`:
/// no word character or `_` on either side), counting up to `limit`.
fn whole_token_count(source: &str, token: &str, limit: usize) -> usize {
    let mut count = 0;
    for (at, _) in source.match_indices(token) {
        if crate::text::is_whole_word(source, &(at..at + token.len())) {
            count += 1;
            if count == limit {
                break;
            }
        }
    }
    count
}

/// Moves a finding from the prose to the original text. A suggestion whose range crosses
/// markup is dropped: applying it would delete the markup. A deletion that starts with a
/// line break also deletes the spaces that end the line before it, which the prose leaves
/// out: "at \nat <url>" becomes "at <url>", not "at  <url>".
fn map_finding(prose: &Prose, source: &str, mut finding: Finding) -> Finding {
    let start = prose.map_start(finding.span.start);
    let end = prose.map_end(finding.span.end).max(start);
    finding.span = start..end;
    finding.suggestions = finding
        .suggestions
        .into_iter()
        .filter_map(|s| {
            prose.map_exact(&s.range).map(|mut range| {
                if s.replacement.is_empty() && source[range.clone()].starts_with(['\n', '\r']) {
                    range.start = source[..range.start].trim_end_matches([' ', '\t']).len();
                }
                Suggestion {
                    range,
                    replacement: s.replacement,
                }
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
    fn a_dotted_name_in_a_line_no_sentence_ends_in_is_a_name() {
        let md = "- **doc**: add a link to net.Socket (Anna Lee) [#11](https://x.org)\n- fix {stream.Writable} and fs.Dirent[] and net.Server's event\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        // Two sentences glued together: the second one ends.
        assert_eq!(
            ids("- refactor the format method.Performance improved.\n"),
            ["punctuation/missing-space-after"]
        );
    }

    #[test]
    fn a_lowercase_name_the_document_never_capitalises_starts_a_sentence() {
        let md = "It links with libfuse. libfuse provides the calls.\n\nIt answers. libfuse offers two APIs.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        // Started once with its lowercase, a word is not known as a name.
        let md = "It may break. here and there.\n\nIt is here and here.\n";
        assert_eq!(ids(md), ["broken-sentence/period-before-lowercase"]);
        // A word the document also writes with its capital lost it here.
        let md = "It failed. this was wrong.\n\nThis is right. And this too.\n";
        assert_eq!(ids(md), ["broken-sentence/period-before-lowercase"]);
    }

    #[test]
    fn a_lowercase_word_the_document_writes_as_a_name_may_start_a_sentence() {
        // A code span, a command in a code block, a link named after it.
        let md = "Run `pip` here.\n\npip is tested on Linux.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        let md = "Set it up:\n\n```\nstrace -o out ps\n```\n\nIt helps. strace output is long.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        let md =
            "See [it](https://crates.io/crates/fxhash).\n\nfxhash does well on small inputs.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        // A word of the prose that lost its capital is no name.
        let md = "The power was cut.\n\nprogram managers left early.\n";
        assert_eq!(ids(md), ["broken-sentence/lowercase-start"]);
        let md = "It is small. fancy-regex adds more.\n\n```rust\nuse fancy_regex::Regex;\n```\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        let md = "*tool* is a plugin.\n\nIt works.\n\n*tool* allows it.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        // A paragraph after a code block goes on with its sentence.
        let md = "The field value.\n\n```json\n{}\n```\n\ncan be written:\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
    }

    #[test]
    fn a_deletion_from_a_line_break_takes_the_spaces_that_end_the_line() {
        let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
        let md = "It can be found in the GitLab at \nat the address.\n";
        let fixed = crate::fix::fix_document(
            &linter,
            md,
            Syntax::Markdown,
            crate::fix::FixLevel::Safe,
            &|_| true,
        );
        assert_eq!(
            fixed.text,
            "It can be found in the GitLab at the address.\n"
        );
    }

    #[test]
    fn words_in_braces_the_document_writes_often_are_its_notation() {
        let items: String = (0..10)
            .map(|i| format!("- `opt{i}` {{number}}: the time.\n"))
            .collect();
        assert!(ids(&items).is_empty(), "{:?}", ids(&items));
        assert_eq!(ids("Officials in {city} said so.\n"), ["leak/placeholder"]);
        assert!(ids("Deprecate {un}enroll() now.\n").is_empty());
    }

    #[test]
    fn an_escaped_tag_is_a_mention() {
        assert!(ids("Remove the extra \\<td> here.\n").is_empty());
        assert!(ids("Allow it on &lt;li&gt; elements.\n").is_empty());
        // In plain text a tag is a leak.
        let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
        let plain = check(
            &linter,
            "Remove the extra <b>here.\n",
            Syntax::Plain,
            &|_| true,
        );
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].rule.id, "leak/markup-tag");
    }

    #[test]
    fn a_sentence_may_start_with_a_lowercase_link_text() {
        let md = "It has its own action.\n[npm-bot](https://x.org) takes care of it.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
    }

    #[test]
    fn credits_and_the_texts_own_terms_are_not_untranslated() {
        let md = "- fix the order of modules (kohta ito) [#9562](https://x.org)\n- zero-fill the bytes (Сковорода Никита Андреевич) [#64](https://x.org)\n- add [iarna](https://x.org) to the team\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        // A long changelog names its packages again and again.
        let md: String = (0..200)
            .map(|i| format!("- update undici to 5.{i} and fix the tests of the runner\n"))
            .collect();
        assert!(ids(&md).is_empty(), "{:?}", ids(&md));
        // In a short article, a word the translation kept leaving behind is reported at
        // each use.
        let md = "The gobierno announced new measures on Monday. Critics said the gobierno had waited too long, and the gobierno denied it.\n";
        assert_eq!(ids(md), ["untranslated/foreign-words"; 3]);
        assert_eq!(
            ids("The minister, attualmente in Rome, declined to comment.\n"),
            ["untranslated/foreign-words"]
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
    fn a_symbol_before_a_hyphen_and_a_command_with_options_keep_their_case() {
        let md = "Quotes are merged in plain strings. f-strings are left as they are.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        let md = "Send the output.\n\nstrace output helps:\n\n> strace -o out ps\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        // Without the command line, a lowercase word starting a paragraph is reported.
        let md = "Send the output.\n\nstrace output helps.\n";
        assert_eq!(ids(md), ["broken-sentence/lowercase-start"]);
    }

    #[test]
    fn a_module_named_by_its_path_may_start_a_sentence_under_its_title() {
        let md = "# Zlib\n\nThe `node:zlib` module compresses data. It is set to 8 for raw streams. zlib would set it to 15.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        // Written with its capital in prose, the word is English that lost it.
        let md = "# Zlib\n\nThe `node:zlib` module compresses data. Zlib is old. It is set to 8 for raw streams. zlib would set it to 15.\n";
        assert_eq!(ids(md), ["broken-sentence/period-before-lowercase"]);
    }

    #[test]
    fn a_name_set_in_emphasis_may_start_a_sentence() {
        let md = "The repository holds two projects. **docspec** is the reference one.\n";
        assert!(ids(md).is_empty(), "{:?}", ids(md));
        let md = "The repository holds two projects. docspec is the reference one.\n";
        assert_eq!(ids(md), ["broken-sentence/period-before-lowercase"]);
    }

    #[test]
    fn a_field_line_of_code_spans_is_the_pages_metadata() {
        let page = "# Hard tabs\n\nTags: `hard_tab`, `whitespace`\n\nThe rule reports tabs.\n";
        assert!(ids(page).is_empty(), "{:?}", ids(page));
        let page = "# Election results\n\nTags: politics, elections, Europe\n\nThe party won.\n";
        assert_eq!(ids(page), ["leak/field-line"]);
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
