//! `mtlint check`: read the inputs, check them in parallel, write the report a file at a
//! time in input order, pick the exit code.
//!
//! A worker reads, checks, fixes and renders a file, and keeps of it only what the main
//! thread needs (its rendered part, counts, baseline entries): the main thread writes in
//! order, so memory holds a few batches of files, not the whole run.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use mtlint::Finding;
use mtlint::baseline::{self, Baseline, Entry};
use mtlint::document::{self, Syntax};
use mtlint::fix::{FixLevel, FixOutcome, fix_document_as};
use mtlint::linter::{Engine, Gate};
use mtlint::render::escape::{self, visible};
use mtlint::render::{self, FilePart, FileReport, Format, RenderOptions};
use mtlint::source::{DecodeError, SourceText};

use super::args::{CheckArgs, ColorChoice, FailOn};
use super::baselined::{self, Baselined};
use super::files::{self, Input};
use super::ordered::for_each_ordered;
use super::progress::Progress;
use super::report::{Destination, Report};
use super::settings::{FileSettings, Settings};
use super::totals::{FileTotals, Totals};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, report_error, write};
use mtlint::config::FailOn as ConfigFailOn;

/// Files checked between two hand-overs to the main thread: enough to keep every worker
/// busy, few enough that their output takes little memory.
const BATCH: usize = 256;

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
    /// An error for the file that leaves its report standing (fixes not written).
    error: Option<String>,
}

/// What the main thread needs of a checked input, without its text.
struct Done {
    path: String,
    /// The rendered report of the file.
    part: Option<FilePart>,
    diff: Option<String>,
    stdin_text: Option<String>,
    /// What a fix changed: "3 findings (rule ×2, other)".
    fixed: Option<String>,
    totals: FileTotals,
    /// With `--write-baseline`: the file's entries.
    entries: Vec<Entry>,
    error: Option<String>,
}

/// What the run does besides reporting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Report,
    Fix(FixLevel),
    Diff(FixLevel),
}

/// What happened to one input.
enum Outcome<T> {
    Checked(T),
    /// Not checked, but not an error (a binary file).
    Skipped(String),
    Failed(String),
}

/// What every worker is told.
struct Job<'a> {
    stdin_name: &'a str,
    /// `--max-file-size`.
    max_size: u64,
    mode: Mode,
    settings: &'a Settings,
    format: Format,
    options: RenderOptions,
    /// Whether the report is rendered (not with `--diff` or `--write-baseline`).
    render: bool,
    stats: bool,
    baseline: Option<&'a Baselined>,
    /// With `--write-baseline`, the file to write.
    write_baseline: Option<&'a std::path::Path>,
    /// When the regex rules run through the gate, for every file of the run.
    gate: Gate,
}

pub fn run(args: CheckArgs) -> u8 {
    let started = Instant::now();
    super::memory::keep_freed_memory();
    super::memory::use_small_pages();
    if let Some(threads) = args.threads {
        // Before anything runs on the pool (loading the rules does): once it exists, its
        // size is fixed. Only fails if it exists already, which cannot happen this early.
        // 0 is rayon's default too: one per core.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global();
    }
    let settings = match Settings::new(
        &args.rules,
        args.fail_on.map(config_fail_on),
        args.config.as_deref(),
        args.no_config,
    ) {
        Ok(settings) => settings,
        Err(errors) => {
            for e in errors.messages() {
                report_error(e);
            }
            return EXIT_ERROR;
        }
    };
    let code = check_with(args, &settings, started);
    // The process ends next: freeing the rules (tens of thousands of allocations) one by
    // one would only delay it.
    std::mem::forget(settings);
    code
}

/// Checks the inputs with the settings loaded.
fn check_with(args: CheckArgs, settings: &Settings, started: Instant) -> u8 {
    let mode = mode_of(&args);
    let (inputs, errors) = collect_inputs(&args, settings);
    let render = !matches!(mode, Mode::Diff(_)) && args.write_baseline.is_none();
    let baseline = match load_baseline(&args, &inputs, render) {
        Ok(baseline) => baseline,
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    };
    let job = Job {
        stdin_name: &args.stdin_filename,
        max_size: args.rules.max_file_size,
        mode,
        settings,
        format: args.format,
        options: RenderOptions {
            color: use_color(args.color),
        },
        render,
        stats: args.stats,
        baseline: baseline.as_ref(),
        write_baseline: args.write_baseline.as_deref(),
        gate: Gate::for_run(files::total_size_up_to(&inputs, Gate::RUN_FROM)),
    };
    let (report, run) = check_inputs(&job, &inputs, errors);
    if let Mode::Diff(_) = mode {
        let written = report.close();
        return exit_code(written, &run.errors, run.any_diff);
    }
    if let Some(path) = &args.write_baseline {
        return write_baseline(path, run.entries, &run.errors);
    }
    let trailer = if args.format == Format::Human {
        run.totals.summary()
    } else {
        String::new()
    };
    // Standard error may hold the report: what follows comes after it.
    let mut written = report.finish(&trailer);
    if let (Some(path), Some(baseline)) = (&args.baseline, baseline) {
        report_stale(path, baseline);
    }
    if args.stats {
        eprint!("{}", run.totals.stats(started.elapsed()));
    }
    if let (Ok(()), Some(text)) = (&written, &run.stdin_text) {
        let mut stdout = std::io::stdout().lock();
        written = stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush());
    }
    exit_code(written, &run.errors, run.totals.fails())
}

/// `--baseline`'s file, when the report is rendered (as when it was applied after the
/// run: not with `--diff` or `--write-baseline`).
fn load_baseline(
    args: &CheckArgs,
    inputs: &[Input],
    render: bool,
) -> Result<Option<Baselined>, baselined::LoadError> {
    let Some(path) = args.baseline.as_deref().filter(|_| render) else {
        return Ok(None);
    };
    let max_size = args.rules.max_file_size;
    Baselined::load(path, inputs, &args.stdin_filename, max_size).map(Some)
}

/// Report, fix or diff, by `--fix`, `--diff` and `--unsafe-fixes`.
fn mode_of(args: &CheckArgs) -> Mode {
    let level = if args.unsafe_fixes {
        FixLevel::Unsafe
    } else {
        FixLevel::Safe
    };
    match (args.fix, args.diff) {
        (true, _) => Mode::Fix(level),
        (_, true) => Mode::Diff(level),
        _ => Mode::Report,
    }
}

/// The inputs the paths name, and the errors met finding them; warns when there are
/// none at all.
fn collect_inputs(args: &CheckArgs, settings: &Settings) -> (Vec<Input>, Vec<String>) {
    let (inputs, errors) = files::collect(&args.paths, &|p| settings.excluded(p), args.hidden);
    if inputs.is_empty() && errors.is_empty() {
        eprintln!(
            "mtlint: warning: no files to check: no .txt, .md or .markdown file was found \
             (hidden files, and those ignored by .gitignore, .ignore or a config's `exclude`, \
             are skipped; see --hidden)"
        );
    }
    (inputs, errors)
}

/// What the run gathered from its inputs besides the report.
#[derive(Default)]
struct Run {
    totals: Totals,
    /// With `--write-baseline`: every file's entries.
    entries: Vec<Entry>,
    /// With `--fix` on standard input, the fixed text to print after the report.
    stdin_text: Option<String>,
    any_diff: bool,
    errors: Vec<String>,
}

/// Checks every input in parallel and writes each one's part of the report in input
/// order; returns the report, to be finished, and what the run gathered.
fn check_inputs(job: &Job<'_>, inputs: &[Input], errors: Vec<String>) -> (Report, Run) {
    // With the fixed text of standard input on standard output, the report goes to
    // standard error: known once standard input is fixed.
    let stdin_fixed_text =
        job.render && matches!(job.mode, Mode::Fix(_)) && inputs.contains(&Input::Stdin);
    let destination = if stdin_fixed_text {
        Destination::Undecided(Vec::new())
    } else {
        Destination::stdout()
    };
    let mut report = Report::new(job.format, destination);
    if job.render {
        report.start();
    }
    let mut run = Run {
        errors,
        ..Run::default()
    };
    let mut next = 0;
    let progress = Progress::new(inputs.len());
    for_each_ordered(
        inputs,
        BATCH,
        |index, input| {
            let outcome = check_one_guarded(job, index, input);
            progress.tick();
            outcome
        },
        |outcome| {
            // Only standard input decides where the report goes.
            let decides = stdin_fixed_text && inputs[next] == Input::Stdin;
            next += 1;
            progress.pause(|| run.take(outcome, decides, &mut report));
        },
    );
    progress.done();
    (report, run)
}

impl Run {
    /// Takes in one input's outcome, in input order, writing its part of the report.
    /// `decides`: the input is standard input, fixed, whose text goes to standard output.
    fn take(&mut self, outcome: Outcome<Done>, decides: bool, report: &mut Report) {
        match outcome {
            Outcome::Checked(done) => {
                if let Some(fixed) = &done.fixed {
                    super::eprint_line("mtlint: ", &format!("fixed {fixed} in {}", done.path));
                }
                if decides {
                    report.decide(done.stdin_text.is_some());
                    self.stdin_text = done.stdin_text;
                }
                if let Some(diff) = &done.diff {
                    self.any_diff = true;
                    report.write_text(diff);
                }
                if let Some(part) = done.part {
                    report.push(part);
                }
                self.totals.add(done.totals);
                self.entries.extend(done.entries);
                self.errors.extend(done.error);
            }
            Outcome::Skipped(note) => {
                if decides {
                    report.decide(false);
                }
                super::eprint_line("mtlint: note: ", &note);
            }
            Outcome::Failed(e) => {
                if decides {
                    report.decide(false);
                }
                self.errors.push(e);
            }
        }
    }
}

/// Writes `--write-baseline`'s file; the exit code.
fn write_baseline(path: &std::path::Path, entries: Vec<Entry>, errors: &[String]) -> u8 {
    let baseline = Baseline::from_entries(entries);
    match write::create_or_replace(path, baseline.to_json().as_bytes()) {
        Ok(()) => {
            eprintln!(
                "mtlint: wrote {} findings to {}",
                baseline.findings.len(),
                escape::path(path)
            );
            exit_code(Ok(()), errors, false)
        }
        Err(e) => {
            let shown = visible(&files::display(path)).into_owned();
            report_error(format!("{shown}: the baseline was not written: {e}"));
            exit_code(Ok(()), errors, false);
            EXIT_ERROR
        }
    }
}

/// Lists the baseline's entries that no finding matched.
fn report_stale(path: &std::path::Path, baseline: Baselined) {
    let stale = baseline.stale();
    if stale.is_empty() {
        return;
    }
    eprintln!(
        "mtlint: {}: {} stale entr{} (fixed since the baseline was written; refresh it with --write-baseline):",
        escape::path(path),
        stale.len(),
        if stale.len() == 1 { "y" } else { "ies" }
    );
    for e in &stale {
        super::eprint_line("  ", &format!("{} [{}] {:?}", e.path, e.rule, e.matched));
    }
}

/// The exit code, once the errors (and a failed write) are reported.
fn exit_code(written: std::io::Result<()>, errors: &[String], findings: bool) -> u8 {
    let mut failed = !errors.is_empty();
    if let Err(e) = written {
        super::stdout::report_failed_write(&e);
        failed = true;
    }
    for e in errors {
        report_error(e);
    }
    if failed {
        EXIT_ERROR
    } else if findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `check_one`, with a panic turned into an error for that input: a bug met in one file
/// costs that file's report, never the others'.
fn check_one_guarded(job: &Job<'_>, index: usize, input: &Input) -> Outcome<Done> {
    let run = std::panic::AssertUnwindSafe(|| check_one(job, index, input));
    std::panic::catch_unwind(run).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".into());
        let name = match input {
            Input::File(path) => files::display(path),
            Input::Stdin => job.stdin_name.to_string(),
        };
        Outcome::Failed(format!(
            "{name}: internal error, the file was not checked ({what}); please report it"
        ))
    })
}

/// Checks one input on a worker and keeps what the main thread needs.
fn check_one(job: &Job<'_>, index: usize, input: &Input) -> Outcome<Done> {
    let checked = match process(input, job) {
        Outcome::Checked(c) => c,
        Outcome::Skipped(note) => return Outcome::Skipped(note),
        Outcome::Failed(e) => return Outcome::Failed(e),
    };
    let Checked {
        path,
        source,
        mut findings,
        fixed,
        diff,
        stdin_text,
        fail_on,
        error,
    } = checked;
    if let Some(baseline) = job.baseline {
        findings = baseline.filter(index, &path, &source.text, findings);
    }
    let entries = match job.write_baseline {
        Some(file) => baseline::entries(&baselined::key(&path, file), &source.text, &findings),
        None => Vec::new(),
    };
    let part = job.render.then(|| {
        let report = FileReport::new(&path, &source, &findings);
        render::render_file(job.format, &report, job.options)
    });
    let fixed = fixed
        .filter(|o| job.render && o.total() > 0)
        .map(|o| fix_summary(&o));
    Outcome::Checked(Done {
        totals: FileTotals::of(&findings, source.text.len(), fail_on, job.stats),
        path,
        part,
        diff,
        stdin_text,
        fixed,
        entries,
        error,
    })
}

/// Why an input is not checked: `Outcome`'s other cases.
enum NotChecked {
    Skipped(String),
    Failed(String),
}

/// An input read and decoded, with the settings that apply to it.
struct Opened {
    path: String,
    source: SourceText,
    /// With `--fix`, what the file was when read, to replace it safely.
    snapshot: Option<write::Snapshot>,
    file: FileSettings,
}

/// Reads, decodes, checks and (in fix modes) fixes one input.
fn process(input: &Input, job: &Job<'_>) -> Outcome<Checked> {
    let opened = match open(input, job) {
        Ok(opened) => opened,
        Err(NotChecked::Skipped(note)) => return Outcome::Skipped(note),
        Err(NotChecked::Failed(e)) => return Outcome::Failed(e),
    };
    let Opened {
        path,
        source,
        snapshot,
        file,
    } = opened;
    let checked = Checked {
        path,
        // Filled in once checked: the text is not copied.
        source: SourceText::from_string(String::new()),
        findings: Vec::new(),
        fixed: None,
        diff: None,
        stdin_text: None,
        fail_on: ConfigFailOn::Warning,
        error: None,
    };
    let level = match job.mode {
        Mode::Report => return as_read(checked, source, None, &file),
        Mode::Fix(level) | Mode::Diff(level) => level,
    };
    if source.transcoded {
        let error = format!(
            "{}: a UTF-16 file is checked but not fixed; convert it to UTF-8 first",
            visible(&checked.path)
        );
        return as_read(checked, source, Some(error), &file);
    }
    fix_and_check(input, job, level, checked, source, snapshot, &file)
}

/// Reads and decodes an input and resolves its settings: an outcome if that fails or
/// the input is not text.
fn open(input: &Input, job: &Job<'_>) -> Result<Opened, NotChecked> {
    let fixing = matches!(job.mode, Mode::Fix(_));
    let (path, bytes, snapshot) = read_input(input, job.stdin_name, job.max_size, fixing)
        .map_err(|e| NotChecked::Failed(e.to_string()))?;
    let file_path = match input {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => None,
    };
    let mut file = job
        .settings
        .for_path(file_path)
        .map_err(|e| NotChecked::Failed(e.to_string()))?;
    let engine = Engine {
        gate: job.gate,
        ..file.linter.engine()
    };
    file.linter = std::sync::Arc::new(file.linter.with_engine(engine));
    let source = match SourceText::decode_owned(bytes) {
        Ok(source) => source,
        Err(e @ DecodeError::Binary { .. }) => {
            return Err(NotChecked::Skipped(format!("{}: {e}", visible(&path))));
        }
        Err(e) => return Err(NotChecked::Failed(format!("{}: {e}", visible(&path)))),
    };
    Ok(Opened {
        path,
        source,
        snapshot,
        file,
    })
}

/// The findings in `text` of the rules the file's settings enable.
fn check_text(path: &str, text: &str, file: &FileSettings) -> Vec<Finding> {
    let enabled = |r: &mtlint::RuleMeta| file.filter.enabled(r);
    let syntax = Syntax::from_path(path);
    document::check_as(&file.linter, text, syntax, file.effective.syntax, &enabled)
}

/// The report of the text as read, nothing written, with `error` beside it.
fn as_read(
    mut checked: Checked,
    source: SourceText,
    error: Option<String>,
    file: &FileSettings,
) -> Outcome<Checked> {
    checked.findings = check_text(&checked.path, &source.text, file);
    checked.source = source;
    checked.error = error;
    finish(&mut checked, file);
    Outcome::Checked(checked)
}

/// Fixes the text, then does what the mode asks with the fixed text (a diff, the text
/// on standard output, the file replaced) and checks it again.
fn fix_and_check(
    input: &Input,
    job: &Job<'_>,
    level: FixLevel,
    mut checked: Checked,
    mut source: SourceText,
    snapshot: Option<write::Snapshot>,
    file: &FileSettings,
) -> Outcome<Checked> {
    let enabled = |r: &mtlint::RuleMeta| file.filter.enabled(r);
    let syntax = Syntax::from_path(&checked.path);
    let outcome = fix_document_as(
        &file.linter,
        &source.text,
        syntax,
        file.effective.syntax,
        level,
        &enabled,
    );
    if let Some(e) = &outcome.error {
        return Outcome::Failed(format!("{}: {e}", visible(&checked.path)));
    }
    let changed = outcome.text != source.text;
    match job.mode {
        Mode::Diff(_) if changed => {
            checked.diff = Some(unified_diff(&checked.path, &source.text, &outcome.text));
        }
        Mode::Fix(_) if *input == Input::Stdin => {
            let mut text = "\u{FEFF}".repeat(usize::from(source.bom_len > 0));
            text.push_str(&outcome.text);
            checked.stdin_text = Some(text);
        }
        Mode::Fix(_) if changed => {
            let snapshot = snapshot.as_ref().expect("a file read from disk");
            // Not transcoded (`process` returned before): the BOM, if any, is UTF-8's.
            let mut bytes = b"\xEF\xBB\xBF"[..source.bom_len].to_vec();
            bytes.extend_from_slice(outcome.text.as_bytes());
            if let Err(e) = write::replace(snapshot, &bytes) {
                let error = format!("{}: fixes not written: {e}", visible(&checked.path));
                return as_read(checked, source, Some(error), file);
            }
        }
        _ => {}
    }
    source.text = outcome.text.clone();
    checked.findings = check_text(&checked.path, &source.text, file);
    checked.source = source;
    checked.fixed = Some(outcome);
    finish(&mut checked, file);
    Outcome::Checked(checked)
}

/// The unified diff from `before` to `after`, headed `a/PATH` and `b/PATH`.
fn unified_diff(path: &str, before: &str, after: &str) -> String {
    let diff = similar::TextDiff::from_lines(before, after);
    let shown = path.trim_start_matches('/');
    let header = (format!("a/{shown}"), format!("b/{shown}"));
    diff.unified_diff().header(&header.0, &header.1).to_string()
}

/// Applies the file's severity overrides and notes its `fail-on`.
fn finish(checked: &mut Checked, file: &FileSettings) {
    let text = &checked.source.text;
    checked.findings.retain(|f| file.effective.keeps(f, text));
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

/// The path shown, the bytes, and for a file to fix what is checked before writing it.
fn read_input(
    input: &Input,
    stdin_name: &str,
    max: u64,
    fixing: bool,
) -> Result<(String, Vec<u8>, Option<write::Snapshot>), InputError> {
    match input {
        Input::Stdin => {
            let bytes = write::read_bounded(std::io::stdin().lock(), max, 0).map_err(|error| {
                InputError {
                    shown: stdin_name.to_string(),
                    error,
                }
            })?;
            Ok((stdin_name.to_string(), bytes, None))
        }
        Input::File(path) => {
            let shown = files::display(path);
            let failed = |error| InputError {
                shown: visible(&shown).to_string(),
                error,
            };
            if !fixing {
                let bytes = write::read_only(path, max).map_err(failed)?;
                return Ok((shown, bytes, None));
            }
            let (bytes, snapshot) = write::read(path, max).map_err(failed)?;
            Ok((shown, bytes, Some(snapshot)))
        }
    }
}

/// An input that was not read: the name it is shown by (escaped), and why.
#[derive(Debug)]
struct InputError {
    shown: String,
    error: write::ReadError,
}

/// Why an input was not read, with what to do about it.
impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let InputError { shown, error } = self;
        match error {
            write::ReadError::NotRegular(_) => {
                write!(f, "{shown}: {error} (use `-` to check standard input)")
            }
            _ => write!(f, "{shown}: {error}"),
        }
    }
}

impl std::error::Error for InputError {}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
