//! Output a file at a time, so that a large run is written while it is checked.
//!
//! [`render_file`] renders one file's part on any thread. A [`Stream`] puts the parts
//! together in input order through the format's [`Emitter`]: `start` writes what comes
//! first, `file` a file's part, and `finish` what comes last, with the run's totals.
//!
//! Two formats put what only the whole run knows in front of the results. JUnit counts
//! tests and failures in its first lines: its test cases wait in a temporary file
//! ([`Held`]) and are copied after them. SARIF lists the rules with findings before the
//! results, which point into that list by index: its results are kept, typed, until the
//! end, and the log is then written by serde in one go.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use super::held::Held;
use super::json_writer::Array;
use super::{
    FileReport, Format, RenderOptions, checkstyle, editor, github, gitlab, human, json, jsonl,
    junit, rdjson, sarif,
};
use crate::rules::RuleMeta;

/// One file's share of the output, and what it adds to the totals.
#[derive(Debug, Clone)]
pub struct FilePart {
    text: String,
    /// SARIF: the file's results, written once every rule is known.
    results: Vec<sarif::SarifResult>,
    /// Findings by severity (`Severity as usize`).
    counts: [usize; 3],
}

impl FilePart {
    /// The part as written (empty in SARIF, whose results are written at the end).
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Renders one file's part.
pub fn render_file(format: Format, report: &FileReport<'_>, options: RenderOptions) -> FilePart {
    let mut results = Vec::new();
    let text = match format {
        Format::Human => human::file(report, options),
        Format::Editor => editor::file(report),
        Format::Json => json::file(report),
        Format::Jsonl => jsonl::file(report),
        Format::Github => github::file(report),
        Format::Sarif => {
            results = sarif::results(report);
            String::new()
        }
        Format::Rdjson => rdjson::file(report),
        Format::Rdjsonl => rdjson::file_lines(report),
        Format::Checkstyle => checkstyle::file(report),
        Format::Junit => junit::file(report),
        Format::Gitlab => gitlab::file(report),
    };
    let mut counts = [0; 3];
    for finding in report.findings {
        counts[finding.severity as usize] += 1;
    }
    FilePart {
        text,
        results,
        counts,
    }
}

/// What the parts of a run add up to.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    pub files: usize,
    pub files_with_findings: usize,
    /// Findings by severity (`Severity as usize`).
    pub counts: [usize; 3],
}

/// How a format puts a run's parts together.
pub trait Emitter: Send {
    /// Writes what comes before the first file.
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// Writes a file's part (or keeps it until [`Emitter::finish`]).
    fn file(&mut self, part: FilePart, out: &mut dyn Write) -> io::Result<()>;
    /// Writes what comes after the last file.
    fn finish(self: Box<Self>, totals: &Totals, out: &mut dyn Write) -> io::Result<()>;
}

impl Format {
    /// The emitter of this format.
    pub fn emitter(self) -> Box<dyn Emitter> {
        match self {
            Format::Human | Format::Editor | Format::Jsonl | Format::Rdjsonl => {
                Box::new(Framed::new(String::new(), None, String::new()))
            }
            Format::Json => Box::new(Framed::new(String::new(), Some(json::DEPTH), "\n".into())),
            Format::Gitlab => {
                Box::new(Framed::new(String::new(), Some(gitlab::DEPTH), "\n".into()))
            }
            Format::Rdjson => {
                let (front, back) = rdjson::frame();
                Box::new(Framed::new(front, Some(rdjson::DEPTH), back + "\n"))
            }
            Format::Checkstyle => Box::new(Framed::new(
                checkstyle::header(),
                None,
                checkstyle::FOOTER.to_string(),
            )),
            Format::Github => Box::new(Github),
            Format::Junit => Box::new(Junit { held: Held::new() }),
            Format::Sarif => Box::new(Sarif::default()),
        }
    }
}

/// Parts written as they come, between a fixed front and back; with `array`, as the
/// elements of a JSON array at that nesting.
struct Framed {
    front: String,
    array: Option<Array>,
    back: String,
}

impl Framed {
    fn new(front: String, array: Option<usize>, back: String) -> Framed {
        Framed {
            front,
            array: array.map(Array::new),
            back,
        }
    }
}

impl Emitter for Framed {
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.front.as_bytes())
    }

    fn file(&mut self, part: FilePart, out: &mut dyn Write) -> io::Result<()> {
        match &mut self.array {
            Some(_) if part.text.is_empty() => Ok(()),
            Some(array) => array.push(&part.text, out),
            None => out.write_all(part.text.as_bytes()),
        }
    }

    fn finish(self: Box<Self>, _: &Totals, out: &mut dyn Write) -> io::Result<()> {
        if let Some(array) = self.array {
            array.close(out)?;
        }
        out.write_all(self.back.as_bytes())
    }
}

/// Workflow commands, then how many GitHub leaves out.
struct Github;

impl Emitter for Github {
    fn start(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, part: FilePart, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(part.text.as_bytes())
    }

    fn finish(self: Box<Self>, totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(github::footer(&totals.counts).as_bytes())
    }
}

/// Test cases held until the counts in front of them are known.
struct Junit {
    held: Held,
}

impl Emitter for Junit {
    fn start(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, part: FilePart, _: &mut dyn Write) -> io::Result<()> {
        self.held.write_all(part.text.as_bytes())
    }

    fn finish(self: Box<Self>, totals: &Totals, out: &mut dyn Write) -> io::Result<()> {
        let front = junit::header(totals.files, totals.files_with_findings);
        out.write_all(front.as_bytes())?;
        io::copy(&mut self.held.into_reader()?, out)?;
        out.write_all(junit::FOOTER.as_bytes())
    }
}

/// Results kept until every rule with findings is known.
#[derive(Default)]
struct Sarif {
    results: Vec<sarif::SarifResult>,
    /// Every rule with findings, by id; the first result to name one gives its meta.
    rules: BTreeMap<String, Arc<RuleMeta>>,
}

impl Emitter for Sarif {
    fn start(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, part: FilePart, _: &mut dyn Write) -> io::Result<()> {
        for result in &part.results {
            if !self.rules.contains_key(&result.rule.id) {
                self.rules
                    .insert(result.rule.id.clone(), Arc::clone(&result.rule));
            }
        }
        self.results.extend(part.results);
        Ok(())
    }

    fn finish(self: Box<Self>, _: &Totals, out: &mut dyn Write) -> io::Result<()> {
        sarif::write_log(self.rules.values(), self.results, out)?;
        out.write_all(b"\n")
    }
}

/// Puts the parts of a run together, in order.
pub struct Stream {
    emitter: Box<dyn Emitter>,
    totals: Totals,
}

impl Stream {
    pub fn new(format: Format) -> Stream {
        Stream {
            emitter: format.emitter(),
            totals: Totals::default(),
        }
    }

    /// Writes what comes before the first part.
    pub fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.emitter.start(out)
    }

    /// Writes the next file's part (or keeps it, in the formats that write at the end).
    pub fn push(&mut self, part: FilePart, out: &mut dyn Write) -> io::Result<()> {
        self.totals.files += 1;
        if part.counts.iter().any(|&n| n > 0) {
            self.totals.files_with_findings += 1;
        }
        for (total, n) in self.totals.counts.iter_mut().zip(part.counts) {
            *total += n;
        }
        self.emitter.file(part, out)
    }

    /// Writes what comes after the last part.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        self.emitter.finish(&self.totals, out)
    }
}
