//! Findings as LSP diagnostics, and the code actions offered for them.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::str::FromStr;
use std::sync::Arc;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeDescription, Diagnostic,
    DiagnosticSeverity, NumberOrString, TextEdit, Uri, WorkspaceEdit,
};

use super::positions::PositionMap;
use crate::document::Syntax;
use crate::finding::{Finding, FixSafety, Severity};
use crate::fix::{FixLevel, fix_document_as};
use crate::workspace::Resolved;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "mtlint";

pub const FIX_ALL_TITLE: &str = "Fix all safe findings in this file";

pub fn diagnostic(finding: &Finding, map: &PositionMap<'_>) -> Diagnostic {
    let severity = match finding.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let code_description = finding
        .rule
        .url
        .as_deref()
        .and_then(|url| Uri::from_str(url).ok())
        .map(|href| CodeDescription { href });
    Diagnostic {
        range: map.range(finding.span.clone()),
        severity: Some(severity),
        code: Some(NumberOrString::String(finding.rule.id.clone())),
        code_description,
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        ..Diagnostic::default()
    }
}

pub fn diagnostics(findings: &[Finding], map: &PositionMap<'_>) -> Vec<Diagnostic> {
    findings.iter().map(|f| diagnostic(f, map)).collect()
}

/// What a `textDocument/codeAction` request asks about.
pub struct ActionRequest<'a> {
    pub uri: &'a Uri,
    pub syntax: Syntax,
    /// The byte range the editor asked about (the cursor or a selection).
    pub range: Range<usize>,
    /// `context.only`: the kinds the client wants; `None` for all.
    pub only: Option<&'a [CodeActionKind]>,
}

/// Whether a client asking for `only` these kinds wants `kind` (kinds are hierarchical:
/// `source` covers `source.fixAll`).
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|want| {
            let (want, kind) = (want.as_str(), kind.as_str());
            kind == want || kind.strip_prefix(want).is_some_and(|r| r.starts_with('.'))
        })
    })
}

/// "Fix all safe findings": one edit, and the rules whose findings it resolves.
#[derive(Debug, Clone)]
pub struct FixAll {
    pub edit: TextEdit,
    pub rules: HashSet<String>,
}

/// Whether any finding has a safe fix ("fix all" would change something).
pub fn fixable(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|f| f.fix == FixSafety::Safe && f.fix_suggestion().is_some())
}

/// What `--fix` would do to the text, as one edit; `None` if it changes nothing.
pub fn fix_all(settings: &Resolved, findings: &[Finding], map: &PositionMap<'_>) -> Option<FixAll> {
    let text = map.text();
    let enabled = |r: &crate::RuleMeta| settings.filter.enabled(r);
    let fixed = fix_document_as(
        &settings.linter,
        text,
        settings.syntax,
        settings.effective.syntax,
        FixLevel::Safe,
        &enabled,
    );
    if fixed.text == text {
        return None;
    }
    let rules = findings
        .iter()
        .filter(|f| fixed.fixed.contains_key(&f.rule.id))
        .map(|f| f.rule.id.clone())
        .collect();
    Some(FixAll {
        edit: minimal_edit(text, &fixed.text, map),
        rules,
    })
}

/// The actions for the findings under the requested range, then "fix all". Only the
/// findings that touch the range get actions; `fix_all` is called only when the request
/// asks for `source.fixAll` (by that kind, by `source`, or by asking for every kind), so
/// that a quick-fix request costs the range's findings and nothing more. A request for
/// every kind on a finding also gets "fix all" among its quick fixes.
pub fn code_actions(
    request: &ActionRequest<'_>,
    findings: &[Finding],
    map: &PositionMap<'_>,
    fix_all: &mut dyn FnMut() -> Option<Arc<FixAll>>,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    let here: Vec<&Finding> = findings
        .iter()
        .filter(|f| touches(&f.span, &request.range))
        .collect();
    if wanted(request.only, &CodeActionKind::QUICKFIX) {
        for finding in &here {
            actions.extend(suggestion_actions(request.uri, finding, map));
        }
        let mut disabled = HashSet::new();
        let mut places = HashMap::new();
        for finding in &here {
            let line = map.index().line_of(finding.span.start);
            if disabled.insert((line, finding.rule.id.as_str())) {
                actions.push(disable_action(request, finding, line, map, &mut places));
            }
        }
    }
    let source = wanted(request.only, &CodeActionKind::SOURCE_FIX_ALL);
    let quick = source && wanted(request.only, &CodeActionKind::QUICKFIX) && !here.is_empty();
    if !source || !fixable(findings) {
        return actions;
    }
    let Some(fix) = fix_all() else {
        return actions;
    };
    let mut kinds = vec![CodeActionKind::SOURCE_FIX_ALL];
    if quick {
        kinds.push(CodeActionKind::QUICKFIX);
    }
    // The diagnostics it resolves under the requested range: a response grows with the
    // range, not with every finding of the document.
    let resolved: Vec<Diagnostic> = here
        .iter()
        .filter(|f| fix.rules.contains(&f.rule.id))
        .map(|f| diagnostic(f, map))
        .collect();
    for kind in kinds {
        actions.push(
            CodeAction {
                title: FIX_ALL_TITLE.to_string(),
                kind: Some(kind),
                diagnostics: Some(resolved.clone()),
                edit: Some(workspace_edit(request.uri, vec![fix.edit.clone()])),
                ..CodeAction::default()
            }
            .into(),
        );
    }
    actions
}

/// Whether a finding's span meets the requested range; an empty range (a cursor)
/// touching either end counts.
fn touches(span: &Range<usize>, range: &Range<usize>) -> bool {
    span.start <= range.end && range.start <= span.end
}

fn suggestion_actions<'a>(
    uri: &'a Uri,
    finding: &'a Finding,
    map: &'a PositionMap<'_>,
) -> impl Iterator<Item = CodeActionOrCommand> + 'a {
    let preferred = finding.fix_suggestion();
    let safe = finding.fix == FixSafety::Safe;
    finding.suggestions.iter().map(move |suggestion| {
        let old = &map.text()[suggestion.range.clone()];
        let title = if suggestion.replacement.is_empty() {
            format!("Delete “{}”", old.trim())
        } else {
            format!("Replace with “{}”", suggestion.replacement)
        };
        let is_preferred = safe && preferred.is_some_and(|p| std::ptr::eq(p, suggestion));
        CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic(finding, map)]),
            edit: Some(workspace_edit(
                uri,
                vec![TextEdit::new(
                    map.range(suggestion.range.clone()),
                    suggestion.replacement.clone(),
                )],
            )),
            is_preferred: Some(is_preferred),
            ..CodeAction::default()
        }
        .into()
    })
}

/// The suppression comment for a rule, on a line of its own.
pub fn disable_comment(syntax: Syntax, rule: &str) -> String {
    match syntax {
        Syntax::Markdown => format!("<!-- mtlint-disable-next-line {rule} -->"),
        Syntax::Plain => format!("mtlint-disable-next-line {rule}"),
    }
}

/// The suppression comment for a rule, at the end of the line it covers (Markdown).
pub fn disable_line_comment(rule: &str) -> String {
    format!("<!-- mtlint-disable-line {rule} -->")
}

/// Where a line of Markdown sits: whether a comment on a line of its own above it would
/// leave the structure as it is, and whether it is a table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinePlace {
    pub starts_top_level_block: bool,
    pub in_table: bool,
}

/// A comment line above a line leaves the document's structure alone only where the line
/// starts a top-level block (a paragraph, heading, list, quote or table): anywhere else
/// (a later line of a paragraph, a list item after the first, a table row, a quoted
/// line) an HTML comment line would end or split the block it sits in.
pub fn line_place(text: &str, line: Range<usize>) -> LinePlace {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut place = LinePlace {
        starts_top_level_block: true,
        in_table: false,
    };
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if range.start > line.end {
                    break;
                }
                let holds = range.start <= line.end && line.start < range.end.max(range.start + 1);
                if holds {
                    if depth == 0 {
                        let before = &text[line.start..range.start.max(line.start)];
                        place.starts_top_level_block =
                            range.start >= line.start && before.trim().is_empty();
                    }
                    if matches!(tag, Tag::Table(_)) {
                        place.in_table = true;
                    }
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    place
}

/// Where an end-of-line comment goes on a line, and the text to insert: before trailing
/// blanks and a backslash (a hard line break stays one), and inside the last cell of a
/// table row that ends with `|`.
fn end_of_line_insert(line: &str, in_table: bool, comment: &str) -> (usize, String) {
    let mut at = line.trim_end_matches([' ', '\t']).len();
    let hard_break = line[..at].ends_with('\\');
    let last_pipe = in_table && line[..at].ends_with('|') && !line[..at].ends_with("\\|");
    if hard_break || last_pipe {
        at -= 1;
    }
    let before = &line[..at];
    let lead = if before.is_empty() || before.ends_with([' ', '\t']) {
        ""
    } else {
        " "
    };
    let trail = if at < line.trim_end_matches([' ', '\t']).len() {
        " "
    } else {
        ""
    };
    (at, format!("{lead}{comment}{trail}"))
}

fn disable_action(
    request: &ActionRequest<'_>,
    finding: &Finding,
    line: usize,
    map: &PositionMap<'_>,
    places: &mut HashMap<usize, LinePlace>,
) -> CodeActionOrCommand {
    let text = map.text();
    let line_bytes = map.index().line_range(text, line);
    let rule = &finding.rule.id;
    let place = match request.syntax {
        Syntax::Markdown => Some(
            *places
                .entry(line)
                .or_insert_with(|| line_place(text, line_bytes.clone())),
        ),
        Syntax::Plain => None,
    };
    let edit = match place {
        Some(place) if !place.starts_top_level_block || place.in_table => {
            let content = &text[line_bytes.clone()];
            let (at, insert) =
                end_of_line_insert(content, place.in_table, &disable_line_comment(rule));
            let at = line_bytes.start + at;
            TextEdit::new(map.range(at..at), insert)
        }
        _ => {
            let indent: String = text[line_bytes.clone()]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let newline = match map.index().line_break(text, line) {
                "" => "\n",
                ending => ending,
            };
            let comment = disable_comment(request.syntax, rule);
            let at = map.range(line_bytes.start..line_bytes.start);
            TextEdit::new(at, format!("{indent}{comment}{newline}"))
        }
    };
    CodeAction {
        title: format!("Disable {rule} for this line"),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic(finding, map)]),
        edit: Some(workspace_edit(request.uri, vec![edit])),
        ..CodeAction::default()
    }
    .into()
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// One edit from the first to the last changed character: the unchanged head and tail
/// of the document (and the editor's marks in them) are left alone.
pub fn minimal_edit(old: &str, new: &str, map: &PositionMap<'_>) -> TextEdit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    TextEdit::new(
        map.range(prefix..old.len() - suffix),
        new[prefix..new.len() - suffix].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::positions::Encoding;

    #[test]
    fn minimal_edit_keeps_head_and_tail() {
        let old = "one “two” three";
        let new = "one “2” three";
        let map = PositionMap::new(old, Encoding::Utf16);
        let edit = minimal_edit(old, new, &map);
        assert_eq!(edit.new_text, "2");
        assert_eq!(edit.range.start.character, 5);
        assert_eq!(edit.range.end.character, 8);
        // Shared bytes inside a multi-byte character are not split.
        let (old, new) = ("a’", "a‘");
        let map = PositionMap::new(old, Encoding::Utf8);
        let edit = minimal_edit(old, new, &map);
        assert_eq!(edit.new_text, "‘");
        assert_eq!(edit.range.start.character, 1);
    }

    #[test]
    fn kinds_are_hierarchical() {
        let only = [CodeActionKind::SOURCE];
        assert!(wanted(Some(&only), &CodeActionKind::SOURCE_FIX_ALL));
        assert!(!wanted(Some(&only), &CodeActionKind::QUICKFIX));
        assert!(wanted(None, &CodeActionKind::QUICKFIX));
        let only = [CodeActionKind::new("source.fix")];
        assert!(!wanted(Some(&only), &CodeActionKind::SOURCE_FIX_ALL));
    }

    #[test]
    fn diagnostic_carries_rule_severity_and_link() {
        let pack = r#"
[pack]
name = "house"
description = "test"

[[rule]]
id = "house/teh"
severity = "error"
fix = "safe"
url = "https://example.org/rules/teh"
message = "write `the`"
description = "A typo."

[[rule.bad]]
text = "teh cat"
fixed = "the cat"

[rule.match]
kind = "phrase"
[rule.match.phrases]
"teh" = "the"
"#;
        let linter = crate::Linter::from_sources(&[crate::linter::PackSource {
            file: "house.toml".into(),
            text: pack.into(),
        }])
        .unwrap();
        let text = "😀 teh cat";
        let findings = linter.check(text);
        let map = PositionMap::new(text, Encoding::Utf16);
        let d = diagnostic(&findings[0], &map);
        assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
        assert_eq!(d.code, Some(NumberOrString::String("house/teh".into())));
        assert_eq!(
            d.code_description.unwrap().href.as_str(),
            "https://example.org/rules/teh"
        );
        assert_eq!(d.source.as_deref(), Some("mtlint"));
        assert_eq!(d.range.start.character, 3);
        assert_eq!(d.range.end.character, 6);
    }

    #[test]
    fn directive_syntax_follows_the_flavor() {
        assert_eq!(
            disable_comment(Syntax::Markdown, "a/b"),
            "<!-- mtlint-disable-next-line a/b -->"
        );
        assert_eq!(
            disable_comment(Syntax::Plain, "a/b"),
            "mtlint-disable-next-line a/b"
        );
    }

    #[test]
    fn a_comment_line_goes_above_only_where_a_block_starts() {
        let text = "# Head\n\nFirst line\nsecond line\n\n| a | b |\n| - | - |\n| c | d |\n\n- one\n- two\n  more\n\n> quoted\n> again\n";
        let place = |needle: &str| {
            let start = text.find(needle).unwrap();
            let end = start + text[start..].find('\n').unwrap();
            line_place(text, start..end)
        };
        assert!(place("# Head").starts_top_level_block);
        assert!(place("First line").starts_top_level_block);
        assert!(!place("second line").starts_top_level_block);
        assert!(place("| a |").in_table);
        assert!(place("| c |").in_table);
        assert!(!place("| c |").starts_top_level_block);
        assert!(place("- one").starts_top_level_block);
        assert!(!place("- two").starts_top_level_block);
        assert!(!place("  more").starts_top_level_block);
        assert!(place("> quoted").starts_top_level_block);
        assert!(!place("> again").starts_top_level_block);
        assert!(!place("- two").in_table);
    }

    #[test]
    fn end_of_line_comments_keep_cells_and_hard_breaks() {
        let c = "<!-- x -->";
        assert_eq!(
            end_of_line_insert("| a | b |", true, c),
            (8, format!("{c} "))
        );
        assert_eq!(end_of_line_insert("| a | b", true, c), (7, format!(" {c}")));
        assert_eq!(end_of_line_insert("- item", false, c), (6, format!(" {c}")));
        assert_eq!(end_of_line_insert("hard  ", false, c), (4, format!(" {c}")));
        assert_eq!(
            end_of_line_insert("hard\\", false, c),
            (4, format!(" {c} "))
        );
        // Outside a table a final pipe is text.
        assert_eq!(end_of_line_insert("a|", false, c), (2, format!(" {c}")));
    }
}
