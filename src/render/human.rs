//! The terminal report: rustc-style snippets with the span underlined and the suggestion.

use std::fmt::Write;

use colored::{ColoredString, Colorize};

use super::escape::{escape_char, is_hidden, visible};
use super::{FileReport, RenderOptions};
use crate::finding::{Finding, Severity};

/// Characters of context shown each side of a span on long lines.
const CONTEXT: usize = 40;

pub fn render(reports: &[FileReport<'_>], options: RenderOptions) -> String {
    super::render(super::Format::Human, reports, options)
}

/// One file's snippets.
pub(crate) fn file(report: &FileReport<'_>, options: RenderOptions) -> String {
    let paint = Painter {
        color: options.color,
    };
    let mut out = String::new();
    for finding in report.findings {
        render_one(&mut out, report, finding, &paint);
    }
    out
}

struct Painter {
    color: bool,
}

impl Painter {
    fn apply(&self, text: &str, style: impl Fn(&str) -> ColoredString) -> String {
        if self.color {
            style(text).to_string()
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity, text: &str) -> String {
        self.apply(text, |t| match severity {
            Severity::Error => t.red().bold(),
            Severity::Warning => t.yellow().bold(),
            Severity::Info => t.cyan().bold(),
        })
    }
}

fn render_one(out: &mut String, report: &FileReport<'_>, finding: &Finding, paint: &Painter) {
    let text = &report.source.text;
    let (start, _) = report.locate(finding);
    let head = format!("{}[{}]", finding.severity, visible(&finding.rule.id));
    let _ = writeln!(
        out,
        "{}{} {}",
        paint.severity(finding.severity, &head),
        paint.apply(":", |t| t.bold()),
        paint.apply(&visible(&finding.message), |t| t.bold())
    );
    let gutter_width = start.line.to_string().len();
    let pad = " ".repeat(gutter_width);
    let bar = paint.apply("|", |t| t.blue().bold());
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        paint.apply("-->", |t| t.blue().bold()),
        visible(report.path),
        start.line,
        start.column
    );
    let _ = writeln!(out, "{pad} {bar}");

    let line_index = start.line - 1;
    let line_range = report.index.line_range(text, line_index);
    let line = &text[line_range.clone()];
    let span_start = finding.span.start.clamp(line_range.start, line_range.end) - line_range.start;
    let span_end = finding.span.end.clamp(line_range.start, line_range.end) - line_range.start;
    let (shown, caret_offset, caret_len) = window(line, span_start, span_end);
    let _ = writeln!(
        out,
        "{} {bar} {}",
        paint.apply(&start.line.to_string(), |t| t.blue().bold()),
        shown
    );
    let carets = "^".repeat(caret_len.max(1));
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(caret_offset),
        paint.severity(finding.severity, &carets)
    );
    for suggestion in &finding.suggestions {
        let what = &text[suggestion.range.clone()];
        let help = if suggestion.replacement.is_empty() {
            format!("remove `{}`", visible(what))
        } else {
            format!(
                "replace `{}` with `{}`",
                visible(what),
                visible(&suggestion.replacement)
            )
        };
        let _ = writeln!(
            out,
            "{pad} {} {}: {help}",
            paint.apply("=", |t| t.blue().bold()),
            paint.apply("help", |t| t.green().bold())
        );
    }
    let fix = finding.rule.fix.as_str();
    if !finding.suggestions.is_empty() && fix != "none" {
        let _ = writeln!(
            out,
            "{pad} {} fix: {fix}",
            paint.apply("=", |t| t.blue().bold())
        );
    }
    out.push('\n');
}

/// The part of `line` to show around bytes `start..end`: the text (tabs as spaces, hidden
/// characters as escapes, with `…` where cut), and where the carets go, in columns of the
/// text shown. Only the span and [`CONTEXT`] characters each side are read, so a long line
/// with many findings costs each of them the same.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let short = line.chars().nth(2 * CONTEXT + 40).is_none();
    let (from, to) = if short {
        (0, line.len())
    } else {
        let from = line[..start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(0, |(i, _)| i);
        let to = line[end..]
            .char_indices()
            .nth(CONTEXT)
            .map_or(line.len(), |(i, _)| end + i);
        (from, to)
    };
    let mut shown = String::new();
    let mut caret_offset = 0;
    if from > 0 {
        shown.push('…');
        caret_offset = 1;
    }
    caret_offset += push_shown(&mut shown, &line[from..start]);
    let caret_len = push_shown(&mut shown, &line[start..end]);
    push_shown(&mut shown, &line[end..to]);
    if to < line.len() {
        shown.push('…');
    }
    (shown, caret_offset, caret_len)
}

/// Adds `text` as a snippet shows it (tabs as spaces, hidden characters as escapes);
/// returns the columns it takes, a column a character or a byte of an escape.
fn push_shown(shown: &mut String, text: &str) -> usize {
    let mut columns = 0;
    for c in text.chars() {
        if c == '\t' {
            shown.push(' ');
            columns += 1;
        } else if is_hidden(c) {
            let before = shown.len();
            escape_char(c, shown);
            columns += shown.len() - before;
        } else {
            shown.push(c);
            columns += 1;
        }
    }
    columns
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn hidden_characters_are_escaped_and_the_carets_stay_under_the_span() {
        let line = "a\u{1b}]0;PWNED\u{7}\u{1b}[2J\tTARGET\r";
        let start = line.find("TARGET").unwrap();
        let (shown, offset, len) = window(line, start, start + 6);
        assert_eq!(shown, "a\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J TARGET\\r");
        assert!(!shown.chars().any(char::is_control));
        assert_eq!(&shown[offset..offset + len], "TARGET");
        let (shown, offset, len) = window(line, 1, 2);
        assert_eq!((&shown[offset..offset + len], len), ("\\u{1b}", 6));
    }

    #[test]
    fn cutting_reads_characters_not_bytes() {
        let line = format!("{}TARGET{}", "é".repeat(200), "中".repeat(200));
        let start = 400;
        let (shown, offset, len) = window(&line, start, start + 6);
        let shown: Vec<char> = shown.chars().collect();
        assert_eq!(shown.len(), 1 + 40 + 6 + 40 + 1);
        assert_eq!(
            shown[offset..offset + len].iter().collect::<String>(),
            "TARGET"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}TARGET{}", "a".repeat(200), "b".repeat(200));
        let (shown, offset, len) = window(&line, 200, 206);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(
            shown.chars().skip(offset).take(len).collect::<String>(),
            "TARGET"
        );
    }
}
