//! Output a file at a time, so that a large run is written while it is checked and never
//! held whole.
//!
//! [`render_file`] renders one file's part on any thread. A [`Stream`] puts the parts
//! together in input order: `start` writes what comes first, `push` a file's part, and
//! `finish` what comes last, with the totals the parts added up to.
//!
//! Two formats put totals in front of the results: SARIF lists the rules with findings
//! (its results point into that list) and JUnit counts tests and failures. Their parts are
//! *deferred*: they go to a holding writer, which `finish` reads back after the front.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::sync::Arc;

use super::pretty::Array;
use super::{
    FileReport, Format, RenderOptions, checkstyle, editor, github, gitlab, human, json, jsonl,
    junit, rdjson, sarif,
};
use crate::rules::RuleMeta;

/// One file's share of the output, and what it adds to the totals.
#[derive(Debug, Clone)]
pub struct FilePart {
    text: String,
    /// Findings by severity (`Severity as usize`).
    counts: [usize; 3],
    /// SARIF: the rules with findings, in the order of their first.
    rules: Vec<Arc<RuleMeta>>,
}

impl FilePart {
    /// The part as written (in SARIF, with its rule indexes still to fill).
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Renders one file's part.
pub fn render_file(format: Format, report: &FileReport<'_>, options: RenderOptions) -> FilePart {
    let text = match format {
        Format::Human => human::file(report, options),
        Format::Editor => editor::file(report),
        Format::Json => json::file(report),
        Format::Jsonl => jsonl::file(report),
        Format::Github => github::file(report),
        Format::Sarif => sarif::file(report),
        Format::Rdjson => rdjson::file(report),
        Format::Rdjsonl => rdjson::file_lines(report),
        Format::Checkstyle => checkstyle::file(report),
        Format::Junit => junit::file(report),
        Format::Gitlab => gitlab::file(report),
    };
    let mut counts = [0; 3];
    let mut rules: Vec<Arc<RuleMeta>> = Vec::new();
    for finding in report.findings {
        counts[finding.severity as usize] += 1;
        if format == Format::Sarif && !rules.iter().any(|r| r.id == finding.rule.id) {
            rules.push(Arc::clone(&finding.rule));
        }
    }
    FilePart {
        text,
        counts,
        rules,
    }
}

/// Puts the parts of a run together, in order.
#[derive(Debug)]
pub struct Stream {
    format: Format,
    /// The JSON array the parts' elements go in.
    array: Option<Array>,
    files: usize,
    files_with_findings: usize,
    counts: [usize; 3],
    /// SARIF: every rule with findings, by id; the first part to name one gives its meta.
    rules: BTreeMap<String, Arc<RuleMeta>>,
}

impl Stream {
    pub fn new(format: Format) -> Stream {
        let array = match format {
            Format::Json => Some(json::DEPTH),
            Format::Gitlab => Some(gitlab::DEPTH),
            Format::Rdjson => Some(rdjson::DEPTH),
            Format::Sarif => Some(sarif::DEPTH),
            _ => None,
        };
        Stream {
            format,
            array: array.map(Array::new),
            files: 0,
            files_with_findings: 0,
            counts: [0; 3],
            rules: BTreeMap::new(),
        }
    }

    /// Whether `push` writes to a holding writer that `finish` reads back.
    pub fn deferred(&self) -> bool {
        matches!(self.format, Format::Sarif | Format::Junit)
    }

    /// Writes what comes before the first part (nothing if deferred).
    pub fn start(&mut self, out: &mut impl Write) -> io::Result<()> {
        match self.format {
            Format::Checkstyle => out.write_all(checkstyle::header().as_bytes()),
            Format::Rdjson => out.write_all(rdjson::frame().0.as_bytes()),
            _ => Ok(()),
        }
    }

    /// Writes the next file's part: to the output, or if deferred to the holding writer.
    pub fn push(&mut self, part: &FilePart, out: &mut impl Write) -> io::Result<()> {
        self.files += 1;
        if part.counts.iter().any(|&n| n > 0) {
            self.files_with_findings += 1;
        }
        for (total, n) in self.counts.iter_mut().zip(part.counts) {
            *total += n;
        }
        for rule in &part.rules {
            self.rules
                .entry(rule.id.clone())
                .or_insert_with(|| Arc::clone(rule));
        }
        if let Some(array) = &mut self.array
            && !part.text.is_empty()
        {
            out.write_all(array.separator().as_bytes())?;
        }
        out.write_all(part.text.as_bytes())
    }

    /// Writes what comes after the last part; if deferred, first the front and then the
    /// parts, read back from `held`.
    pub fn finish(self, held: &mut impl BufRead, out: &mut impl Write) -> io::Result<()> {
        let close = self.array.as_ref().map(Array::close).unwrap_or_default();
        match self.format {
            Format::Json | Format::Gitlab => writeln!(out, "{close}"),
            Format::Rdjson => writeln!(out, "{close}{}", rdjson::frame().1),
            Format::Sarif => {
                let (front, back) = sarif::frame(self.rules.values());
                out.write_all(front.as_bytes())?;
                sarif::fill_rule_indexes(self.rules.keys().map(String::as_str), held, out)?;
                writeln!(out, "{close}{back}")
            }
            Format::Junit => {
                let front = junit::header(self.files, self.files_with_findings);
                out.write_all(front.as_bytes())?;
                io::copy(held, out)?;
                out.write_all(junit::FOOTER.as_bytes())
            }
            Format::Checkstyle => out.write_all(checkstyle::FOOTER.as_bytes()),
            Format::Github => out.write_all(github::footer(&self.counts).as_bytes()),
            Format::Human | Format::Editor | Format::Jsonl | Format::Rdjsonl => Ok(()),
        }
    }
}
