//! The terminal report: rustc-style snippets with the span underlined and the suggestion.

use std::fmt::Write;

use colored::{ColoredString, Colorize};

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
    let head = format!("{}[{}]", finding.severity, finding.rule.id);
    let _ = writeln!(
        out,
        "{}{} {}",
        paint.severity(finding.severity, &head),
        paint.apply(":", |t| t.bold()),
        paint.apply(&finding.message, |t| t.bold())
    );
    let gutter_width = start.line.to_string().len();
    let pad = " ".repeat(gutter_width);
    let bar = paint.apply("|", |t| t.blue().bold());
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        paint.apply("-->", |t| t.blue().bold()),
        report.path,
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

/// The part of `line` to show around bytes `start..end`: the text (tabs as spaces, with
/// `…` where cut), and where the carets go, in characters.
fn window(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let chars_before = line[..start].chars().count();
    let span_chars = line[start..end].chars().count();
    let total = line.chars().count();
    let from = chars_before.saturating_sub(CONTEXT);
    let to = (chars_before + span_chars + CONTEXT).min(total);
    let (from, to) = if total <= 2 * CONTEXT + 40 {
        (0, total)
    } else {
        (from, to)
    };
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.extend(
        line.chars()
            .skip(from)
            .take(to - from)
            .map(|c| if c == '\t' { ' ' } else { c }),
    );
    if to < total {
        shown.push('…');
    }
    let caret_offset = chars_before - from + usize::from(from > 0);
    (shown, caret_offset, span_chars)
}

/// Shows line breaks and tabs in a snippet quoted on one line.
fn visible(text: &str) -> String {
    text.replace('\r', "\\r")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

#[cfg(test)]
mod tests {
    use super::window;

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
