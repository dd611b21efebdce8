//! `mtlint check`: read the inputs, check them in parallel, render, pick the exit code.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use mtlint::baseline::Baseline;
use mtlint::document::{self, Syntax};
use mtlint::fix::{FixLevel, FixOutcome, fix_document};
use mtlint::render::{self, FileReport, Format, RenderOptions};
use mtlint::source::{DecodeError, SourceText};
use mtlint::{Finding, Severity};

use super::args::{CheckArgs, ColorChoice, FailOn};
use super::files::{self, Input};
use super::settings::{FileSettings, Settings};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, report_error, write};
use mtlint::config::FailOn as ConfigFailOn;

/// One checked input. After a fix, `source` holds the fixed text and `findings` what
/// remains in it.
struct Checked {
    path: String,
    source: SourceText,
    findings: Vec<Finding>,
    fixed: Option<FixOutcome>,
    /// With `--diff`, the unified diff of what a fix would change.
    diff: Option<String>,
    /// With `--fix` on standard input, the fixed text to print.
    stdin_text: Option<String>,
    /// The file's `fail-on`.
    fail_on: ConfigFailOn,
}

impl Checked {
    fn fails(&self) -> bool {
        self.findings.iter().any(|f| self.fail_on.fails(f.severity))
    }
}

/// What the run does besides reporting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Report,
    Fix(FixLevel),
    Diff(FixLevel),
}

/// What happened to one input.
enum Outcome {
    Checked(Checked),
    /// Not checked, but not an error (a binary file).
    Skipped(String),
    Failed(String),
}

pub fn run(args: CheckArgs) -> u8 {
    let started = Instant::now();
    let settings = match Settings::new(
        &args.rules,
        args.fail_on.map(config_fail_on),
        args.config.as_deref(),
        args.no_config,
    ) {
        Ok(settings) => settings,
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
    let level = if args.unsafe_fixes {
        FixLevel::Unsafe
    } else {
        FixLevel::Safe
    };
    let mode = match (args.fix, args.diff) {
        (true, _) => Mode::Fix(level),
        (_, true) => Mode::Diff(level),
        _ => Mode::Report,
    };
    let (inputs, mut errors) = files::collect(&args.paths, &|p| settings.excluded(p));
    let progress = Progress::new(inputs.len());
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .map(|input| {
            let outcome = process(input, &args.stdin_filename, mode, &settings);
            progress.tick();
            outcome
        })
        .collect();
    progress.done();

    let mut checked = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Checked(c) => checked.push(c),
            Outcome::Skipped(note) => eprintln!("mtlint: note: {note}"),
            Outcome::Failed(e) => errors.push(e),
        }
    }
    if let Mode::Diff(_) = mode {
        let diffs: String = checked.iter().filter_map(|c| c.diff.as_deref()).collect();
        print!("{diffs}");
        for e in &errors {
            report_error(e);
        }
        return if !errors.is_empty() {
            EXIT_ERROR
        } else if diffs.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_FINDINGS
        };
    }
    if let Some(path) = &args.write_baseline {
        let keys: Vec<String> = checked
            .iter()
            .map(|c| baseline_key(&c.path, path))
            .collect();
        let files = checked
            .iter()
            .zip(&keys)
            .map(|(c, key)| (key.as_str(), c.source.text.as_str(), c.findings.as_slice()));
        let baseline = Baseline::of(files);
        return match write::create_or_replace(path, baseline.to_json().as_bytes()) {
            Ok(()) => {
                eprintln!(
                    "mtlint: wrote {} findings to {}",
                    baseline.findings.len(),
                    path.display()
                );
                if errors.is_empty() {
                    EXIT_CLEAN
                } else {
                    EXIT_ERROR
                }
            }
            Err(e) => {
                report_error(format!("{}: {e}", path.display()));
                EXIT_ERROR
            }
        };
    }
    if let Some(path) = &args.baseline {
        let shown = path.display().to_string();
        let baseline = match std::fs::read_to_string(path)
            .map_err(|e| format!("{shown}: {e}"))
            .and_then(|json| Baseline::parse(&shown, &json))
        {
            Ok(b) => b,
            Err(e) => {
                report_error(e);
                return EXIT_ERROR;
            }
        };
        let mut matcher = baseline.matcher();
        for c in &mut checked {
            let findings = std::mem::take(&mut c.findings);
            c.findings = matcher.filter(&baseline_key(&c.path, path), &c.source.text, findings);
        }
        let stale = matcher.stale();
        if !stale.is_empty() {
            eprintln!(
                "mtlint: {shown}: {} stale entr{} (fixed since the baseline was written; refresh it with --write-baseline):",
                stale.len(),
                if stale.len() == 1 { "y" } else { "ies" }
            );
            for e in &stale {
                eprintln!("  {} [{}] {:?}", e.path, e.rule, e.matched);
            }
        }
    }
    if args.stats {
        eprint!("{}", stats(&checked, started.elapsed()));
    }
    let fixed_stdin = checked.iter().find_map(|c| c.stdin_text.clone());
    for c in &checked {
        if let Some(outcome) = c.fixed.as_ref().filter(|o| o.total() > 0) {
            eprintln!("mtlint: fixed {} in {}", fix_summary(outcome), c.path);
        }
    }
    let reports: Vec<FileReport<'_>> = checked
        .iter()
        .map(|c| FileReport::new(&c.path, &c.source, &c.findings))
        .collect();
    let color = use_color(args.color);
    let format = args.format;
    let mut out = render::render(format, &reports, RenderOptions { color });
    if format == Format::Human {
        out.push_str(&summary(&checked));
    }
    // With the fixed text on standard output, the report goes to standard error.
    let written = match &fixed_stdin {
        Some(text) => {
            eprint!("{out}");
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
        }
    };
    if let Err(e) = written {
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
    if checked.iter().any(Checked::fails) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Reads, decodes, checks and (in fix modes) fixes one input.
fn process(input: &Input, stdin_name: &str, mode: Mode, settings: &Settings) -> Outcome {
    let (path, bytes) = match read_input(input, stdin_name) {
        Ok(read) => read,
        Err(e) => return Outcome::Failed(e),
    };
    let file_path = match input {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => None,
    };
    let file = match settings.for_path(file_path) {
        Ok(file) => file,
        Err(e) => return Outcome::Failed(e),
    };
    let linter = file.linter.as_ref();
    let enabled = |r: &mtlint::RuleMeta| file.filter.enabled(r);
    let enabled: &dyn Fn(&mtlint::RuleMeta) -> bool = &enabled;
    let mut source = match SourceText::decode_owned(bytes) {
        Ok(source) => source,
        Err(e @ DecodeError::Binary { .. }) => return Outcome::Skipped(format!("{path}: {e}")),
        Err(e) => return Outcome::Failed(format!("{path}: {e}")),
    };
    let syntax = Syntax::from_path(&path);
    let mut checked = Checked {
        path,
        // Filled in once checked: the text is not copied.
        source: SourceText::from_string(String::new()),
        findings: Vec::new(),
        fixed: None,
        diff: None,
        stdin_text: None,
        fail_on: ConfigFailOn::Warning,
    };
    let level = match mode {
        Mode::Report => {
            checked.findings = document::check(linter, &source.text, syntax, enabled);
            checked.source = source;
            finish(&mut checked, &file);
            return Outcome::Checked(checked);
        }
        Mode::Fix(level) | Mode::Diff(level) => level,
    };
    if source.transcoded {
        return Outcome::Failed(format!(
            "{}: a UTF-16 file is checked but not fixed; convert it to UTF-8 first",
            checked.path
        ));
    }
    let outcome = fix_document(linter, &source.text, syntax, level, enabled);
    let changed = outcome.text != source.text;
    match mode {
        Mode::Diff(_) if changed => {
            let diff = similar::TextDiff::from_lines(&source.text, &outcome.text);
            let shown = checked.path.trim_start_matches('/');
            let header = (format!("a/{shown}"), format!("b/{shown}"));
            checked.diff = Some(diff.unified_diff().header(&header.0, &header.1).to_string());
        }
        Mode::Fix(_) if *input == Input::Stdin => {
            let mut text = "\u{FEFF}".repeat(usize::from(source.bom_len > 0));
            text.push_str(&outcome.text);
            checked.stdin_text = Some(text);
        }
        Mode::Fix(_) if changed => {
            let Input::File(file) = input else {
                unreachable!("standard input handled above")
            };
            // Not transcoded (returned above): the BOM, if any, is UTF-8's.
            let mut bytes = b"\xEF\xBB\xBF"[..source.bom_len].to_vec();
            bytes.extend_from_slice(outcome.text.as_bytes());
            if let Err(e) = write::atomic_write(file, &bytes) {
                return Outcome::Failed(format!(
                    "{}: could not write the fixes: {e}",
                    checked.path
                ));
            }
        }
        _ => {}
    }
    source.text = outcome.text.clone();
    checked.findings = document::check(linter, &source.text, syntax, enabled);
    checked.source = source;
    checked.fixed = Some(outcome);
    finish(&mut checked, &file);
    Outcome::Checked(checked)
}

/// Applies the file's severity overrides and notes its `fail-on`.
fn finish(checked: &mut Checked, file: &FileSettings) {
    for f in &mut checked.findings {
        f.severity = file.effective.severity_of(&f.rule, f.severity);
    }
    checked.fail_on = file.effective.fail_on;
}

fn config_fail_on(fail_on: FailOn) -> ConfigFailOn {
    match fail_on {
        FailOn::Error => ConfigFailOn::Error,
        FailOn::Warning => ConfigFailOn::Warning,
        FailOn::Info => ConfigFailOn::Info,
        FailOn::Never => ConfigFailOn::Never,
    }
}

/// "3 findings (rule ×2, other)".
fn fix_summary(outcome: &FixOutcome) -> String {
    let rules: Vec<String> = outcome
        .fixed
        .iter()
        .map(|(rule, n)| {
            if *n > 1 {
                format!("{rule} ×{n}")
            } else {
                rule.clone()
            }
        })
        .collect();
    let total = outcome.total();
    format!(
        "{total} finding{} ({})",
        if total == 1 { "" } else { "s" },
        rules.join(", ")
    )
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

/// A file's path in a baseline: relative to the baseline's folder, with forward slashes,
/// so that the baseline works from any working directory.
fn baseline_key(path: &str, baseline: &std::path::Path) -> String {
    let absolute = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let dir = absolute(baseline)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let file = absolute(std::path::Path::new(path));
    match file.strip_prefix(&dir) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.to_string(),
    }
}

/// `--stats`: files, bytes, findings per rule, elapsed time.
fn stats(checked: &[Checked], elapsed: Duration) -> String {
    let bytes: usize = checked.iter().map(|c| c.source.text.len()).sum();
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for f in checked.iter().flat_map(|c| &c.findings) {
        *per_rule.entry(f.rule.id.as_str()).or_default() += 1;
    }
    let seconds = elapsed.as_secs_f64();
    let mut out = format!(
        "files: {}\nbytes: {bytes}\nfindings: {}\nelapsed: {:.3} s ({:.1} MB/s)\n",
        checked.len(),
        per_rule.values().sum::<usize>(),
        seconds,
        bytes as f64 / 1e6 / seconds.max(1e-9)
    );
    for (rule, n) in per_rule {
        out.push_str(&format!("  {n:>7}  {rule}\n"));
    }
    out
}

/// A files-checked counter on standard error, shown only on a terminal and for long runs.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

impl Progress {
    const MIN_FILES: usize = 200;

    fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: total >= Self::MIN_FILES && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown && (done.is_multiple_of(50) || done == self.total) {
            eprint!("\rmtlint: checked {done}/{} files", self.total);
        }
    }

    fn done(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}
