//! The terminal report: rustc-style snippets with the span underlined and the suggestion.

use std::fmt::Write;

use unicode_segmentation::UnicodeSegmentation;

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

/// Paints with ANSI escapes when `color` is on: the caller decides, nothing global does.
struct Painter {
    color: bool,
}

/// A style: bold, in a colour or the terminal's own.
#[derive(Debug, Clone, Copy)]
enum Style {
    Bold,
    Red,
    Green,
    Yellow,
    Blue,
    Cyan,
}

impl Painter {
    fn apply(&self, text: &str, style: Style) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match style {
            Style::Bold => "1",
            Style::Red => "1;31",
            Style::Green => "1;32",
            Style::Yellow => "1;33",
            Style::Blue => "1;34",
            Style::Cyan => "1;36",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }

    fn severity(&self, severity: Severity, text: &str) -> String {
        let style = match severity {
            Severity::Error => Style::Red,
            Severity::Warning => Style::Yellow,
            Severity::Info => Style::Cyan,
        };
        self.apply(text, style)
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
        paint.apply(":", Style::Bold),
        paint.apply(&visible(&finding.message), Style::Bold)
    );
    let gutter_width = start.line.to_string().len();
    let pad = " ".repeat(gutter_width);
    let bar = paint.apply("|", Style::Blue);
    let _ = writeln!(
        out,
        "{pad}{} {}:{}:{}",
        paint.apply("-->", Style::Blue),
        visible(report.path),
        start.line,
        start.column
    );
    let _ = writeln!(out, "{pad} {bar}");
    snippet(out, report, finding, start.line, paint);
    help(out, text, finding, &pad, paint);
    out.push('\n');
}

/// The line of the finding, numbered, with carets under its span.
fn snippet(
    out: &mut String,
    report: &FileReport<'_>,
    finding: &Finding,
    line_number: usize,
    paint: &Painter,
) {
    let text = &report.source.text;
    let pad = " ".repeat(line_number.to_string().len());
    let bar = paint.apply("|", Style::Blue);
    let line_index = line_number - 1;
    let line_range = report.index.line_range(text, line_index);
    let line = &text[line_range.clone()];
    let span_start = finding.span.start.clamp(line_range.start, line_range.end) - line_range.start;
    let span_end = finding.span.end.clamp(line_range.start, line_range.end) - line_range.start;
    let (shown, caret_offset, caret_len) = window(line, span_start, span_end);
    let _ = writeln!(
        out,
        "{} {bar} {}",
        paint.apply(&line_number.to_string(), Style::Blue),
        shown
    );
    let carets = "^".repeat(caret_len.max(1));
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(caret_offset),
        paint.severity(finding.severity, &carets)
    );
}

/// A `help:` line per suggestion, and the fix's safety.
fn help(out: &mut String, text: &str, finding: &Finding, pad: &str, paint: &Painter) {
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
            paint.apply("=", Style::Blue),
            paint.apply("help", Style::Green)
        );
    }
    let fix = finding.fix.as_str();
    if !finding.suggestions.is_empty() && fix != "none" {
        let _ = writeln!(out, "{pad} {} fix: {fix}", paint.apply("=", Style::Blue));
    }
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
/// returns the terminal columns it takes: a grapheme cluster (a letter with its combining
/// marks, an emoji sequence) takes one, or two where it is wide (East Asian wide and
/// fullwidth characters, emoji), and an escape a column a byte.
fn push_shown(shown: &mut String, text: &str) -> usize {
    let mut columns = 0;
    for cluster in text.graphemes(true) {
        if cluster == "\t" {
            shown.push(' ');
            columns += 1;
        } else if cluster.chars().any(is_hidden) {
            for c in cluster.chars() {
                if is_hidden(c) {
                    let before = shown.len();
                    escape_char(c, shown);
                    columns += shown.len() - before;
                } else {
                    shown.push(c);
                    columns += 1;
                }
            }
        } else {
            shown.push_str(cluster);
            columns += cluster_width(cluster);
        }
    }
    columns
}

/// The columns a grapheme cluster takes in a terminal: two for a wide one (its first
/// character wide, or an emoji presentation selector in it), else one.
fn cluster_width(cluster: &str) -> usize {
    let wide = cluster.chars().next().is_some_and(is_wide) || cluster.contains('\u{FE0F}');
    1 + usize::from(wide)
}

/// East Asian wide and fullwidth characters and the emoji blocks (Unicode's
/// EastAsianWidth W and F, in its main ranges).
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{303E}'
        | '\u{3041}'..='\u{33FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A000}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1F64F}'
        | '\u{1F680}'..='\u{1F6FF}'
        | '\u{1F900}'..='\u{1F9FF}'
        | '\u{1FA70}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}')
}

#[cfg(test)]
mod tests {
    use super::window;
    use crate::render::RenderOptions;
    use crate::render::test_support::with_sample_reports;

    /// Carets stand under what they mark in a terminal: a letter with a combining mark is
    /// one column, an emoji (a sequence of several characters included) two.
    #[test]
    fn carets_count_grapheme_columns() {
        let line =
            "Cafe\u{301} \u{1F44D}\u{1F3FD} t\u{E9}l\u{E9}phone \u{1F468}\u{200D}\u{1F469} TARGET";
        let start = line.find("TARGET").unwrap();
        let (shown, offset, len) = window(line, start, start + 6);
        assert_eq!(shown, line);
        // "Café " 5, the thumb 2 and a space, "téléphone " 10, the couple 2 and a space.
        assert_eq!((offset, len), (5 + 3 + 10 + 3, 6));
        let thumb = line.find('\u{1F44D}').unwrap();
        let (_, offset, len) = window(line, thumb, thumb + 8);
        assert_eq!((offset, len), (5, 2));
        let accent = line.find('e').unwrap();
        assert_eq!(window(line, accent, accent + 3).2, 1);
    }

    /// Colour is what the caller asks for, in any process: no global switch decides it,
    /// and without colour not one escape is written.
    #[test]
    fn colour_is_the_callers_choice() {
        let coloured = with_sample_reports(|r| super::render(r, RenderOptions { color: true }));
        let plain = with_sample_reports(|r| super::render(r, RenderOptions { color: false }));
        assert!(coloured.contains("\x1b[1;33mwarning["), "{coloured}");
        assert!(coloured.contains("\x1b[1;34m|\x1b[0m"), "{coloured}");
        assert!(!plain.contains('\x1b'), "{plain}");
        let stripped = coloured
            .split("\x1b[")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    &part[part.find('m').unwrap() + 1..]
                }
            })
            .collect::<String>();
        assert_eq!(stripped, plain);
    }

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
