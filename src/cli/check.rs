//! `mtlint check`: read the inputs, check them in parallel, render, pick the exit code.

use std::io::{IsTerminal, Read, Write};

use rayon::prelude::*;

use mtlint::render::{self, FileReport, Format, RenderOptions};
use mtlint::source::SourceText;
use mtlint::{Finding, Severity};

use super::args::{CheckArgs, ColorChoice, FailOn, OutputFormat};
use super::files::{self, Input};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, report_error, rule_set};

/// One checked input.
struct Checked {
    path: String,
    source: SourceText,
    findings: Vec<Finding>,
}

/// What happened to one input.
enum Outcome {
    Checked(Checked),
    /// Not checked, but not an error (a binary file).
    Skipped(String),
    Failed(String),
}

pub fn run(args: CheckArgs) -> u8 {
    let (linter, filter) = match rule_set::load(&args.rules) {
        Ok(loaded) => loaded,
        Err(errors) => {
            for e in errors {
                report_error(e);
            }
            return EXIT_ERROR;
        }
    };
    if let Some(threads) = args.threads {
        // Only fails if a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build_global();
    }
    let (inputs, mut errors) = files::collect(&args.paths);
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .map(|input| {
            let (path, bytes) = match read_input(input, &args.stdin_filename) {
                Ok(read) => read,
                Err(e) => return Outcome::Failed(e),
            };
            match SourceText::decode(&bytes) {
                Ok(source) => {
                    let findings = linter.check_rules(&source.text, |r| filter.enabled(r));
                    Outcome::Checked(Checked {
                        path,
                        source,
                        findings,
                    })
                }
                Err(e @ mtlint::source::DecodeError::Binary { .. }) => {
                    Outcome::Skipped(format!("{path}: {e}"))
                }
                Err(e) => Outcome::Failed(format!("{path}: {e}")),
            }
        })
        .collect();

    let mut checked = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(c) => checked.push(c),
            Outcome::Skipped(note) => eprintln!("mtlint: note: {note}"),
            Outcome::Failed(e) => errors.push(e),
        }
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| FileReport::new(&c.path, &c.source, &c.findings))
        .collect();
    let color = use_color(args.color);
    let format = match args.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Editor => Format::Editor,
        OutputFormat::Json => Format::Json,
        OutputFormat::Jsonl => Format::Jsonl,
        OutputFormat::Github => Format::Github,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Rdjson => Format::Rdjson,
        OutputFormat::Rdjsonl => Format::Rdjsonl,
        OutputFormat::Checkstyle => Format::Checkstyle,
        OutputFormat::Junit => Format::Junit,
        OutputFormat::Gitlab => Format::Gitlab,
    };
    let mut out = render::render(format, &reports, RenderOptions { color });
    if format == Format::Human {
        out.push_str(&summary(&checked));
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            report_error(format!("writing output: {e}"));
        }
        return EXIT_ERROR;
    }
    for e in &errors {
        report_error(e);
    }
    if !errors.is_empty() {
        return EXIT_ERROR;
    }
    let worst = checked
        .iter()
        .flat_map(|c| &c.findings)
        .map(|f| f.severity)
        .max();
    if fails(worst, args.fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn read_input(input: &Input, stdin_name: &str) -> Result<(String, Vec<u8>), String> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{stdin_name}: {e}"))?;
            Ok((stdin_name.to_string(), bytes))
        }
        Input::File(path) => {
            let shown = files::display(path);
            std::fs::read(path)
                .map(|b| (shown.clone(), b))
                .map_err(|e| format!("{shown}: {e}"))
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    colored::control::set_override(on);
    on
}

pub fn fails(worst: Option<Severity>, fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return false,
    };
    worst.is_some_and(|w| w >= threshold)
}

fn summary(checked: &[Checked]) -> String {
    let count = |s: Severity| {
        checked
            .iter()
            .flat_map(|c| &c.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let files = checked.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors + warnings + infos == 0 {
        format!("No findings in {}.\n", plural(files, "file"))
    } else {
        format!(
            "{}, {}, {} in {}.\n",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(infos, "info"),
            plural(files, "file")
        )
    }
}
