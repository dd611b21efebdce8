//! The command-line interface, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Finds machine-translation artifacts and other text-quality defects in articles.
///
/// Examples:
///   mtlint check fixtures/                  check every .txt and .md file under fixtures/
///   mtlint check --format editor notes.md   one line per finding, for editors
///   mtlint check - < article.txt            check standard input
///   mtlint rules                            list every rule
///   mtlint explain substitution/mt-calque   why a rule exists, with examples
///   mtlint lsp                              language server for editors (stdio)
/// `mtlint --version`: the version, the licence and the data sets the binary embeds, with
/// their versions and licences (from data/untranslated/MANIFEST and NOTICE, which hold the
/// full attributions; a test keeps this list in step with them).
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nlicence: ",
    env!("CARGO_PKG_LICENSE"),
    "\nembedded data (attributions and licences in NOTICE):",
    "\n  data/untranslated/words.bin (rule untranslated/foreign-words), CC BY-SA 4.0, from:",
    "\n    wordfreq 3.1.1 (PyPI), data CC BY-SA 4.0",
    "\n    scowl 2020.12.07-2 (Debian), SCOWL's permissive licence",
    "\n    wspanish 1.0.30 (Debian), public domain",
    "\n    wpolish 20220301-1 (Debian), CC BY 4.0",
    "\n  rules/tortured-phrases.toml, from hahuyhoang411/tortured-phrase \
     d096655bdaab654474fc7073792a8b9fdae031c4, MIT",
);

#[derive(Debug, Parser)]
#[command(name = "mtlint", version, long_version = LONG_VERSION, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files, directories (recursively: .txt, .md, .markdown, .mkd, .mdx) or standard input (-).
    Check(CheckArgs),
    /// List every rule with its category, severity and fix safety.
    Rules(RulesArgs),
    /// Show a rule's description and examples.
    Explain(ExplainArgs),
    /// Check every rule against its own examples (for your packs: --rules DIR --no-builtin).
    TestRules(RulesArgs),
    /// Print the effective configuration for a file: the mtlint.toml that applies, merged.
    Config(ConfigArgs),
    /// Run the language server on standard input and output (for editors).
    Lsp(LspArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

/// Options that choose the rules: shared by `check`, `rules` and `explain`.
#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// Load the rule packs (*.toml) in DIR as well as the built-in ones. Repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rule_dirs: Vec<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_builtin: bool,
    /// Only these rules: rule ids, categories or pack names, comma-separated.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules: rule ids, categories or pack names, comma-separated.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Refuse a file larger than this (an input or standard input, a config, a rule pack,
    /// a baseline): bytes, or with K, M, G (binary units: 64M is 64 MiB). A text of
    /// 4 GiB or more is refused whatever the limit.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    pub max_file_size: u64,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Output format; the README describes each.
    #[arg(long, value_enum, default_value_t = mtlint::render::Format::Human)]
    pub format: mtlint::render::Format,
    /// Colour the human report: auto (a terminal without NO_COLOR), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Exit with 1 when a finding is at or above this severity [default: the config's, else warning].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Use this config file for every input instead of the nearest mtlint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore mtlint.toml files.
    #[arg(long)]
    pub no_config: bool,
    /// The path to show for standard input.
    #[arg(long, value_name = "PATH", default_value = "<stdin>")]
    pub stdin_filename: String,
    /// Apply `safe` fixes in place (with `-`, print the fixed text to standard output).
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply `unsafe` fixes (review them).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change; write nothing. Exit 1 if anything would change.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Silence the findings recorded in this baseline file; report its stale entries.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file, then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "fix", "diff"])]
    pub write_baseline: Option<PathBuf>,
    /// Print files, bytes, findings per rule and elapsed time to standard error.
    #[arg(long)]
    pub stats: bool,
    /// Worker threads, for many files and for the chunks of a large one (default or 0:
    /// one per core; at most 256, or twice the cores if that is more).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<usize>,
    /// Also walk hidden files and folders (names starting with a dot; `.git` never).
    #[arg(long)]
    pub hidden: bool,
}

/// The most `--threads` accepts: 256, or twice the cores where that is more.
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    256.max(cores.saturating_mul(2))
}

/// A value of `--threads` or `--max-file-size` that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgError {
    /// Not a number of threads.
    NotThreads(String),
    /// More threads than `max_threads`.
    TooManyThreads {
        threads: usize,
        max: usize,
    },
    /// Not a size.
    NotSize(String),
    /// A size over what 64 bits hold.
    SizeTooLarge(String),
    ZeroSize,
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgError::NotThreads(value) => write!(f, "`{value}` is not a number of threads"),
            ArgError::TooManyThreads { threads, max } => write!(
                f,
                "{threads} threads is more than the {max} allowed (0 or no --threads: one per core)"
            ),
            ArgError::NotSize(value) => write!(
                f,
                "`{value}` is not a size (for example 1048576, 512K, 64M or 2G)"
            ),
            ArgError::SizeTooLarge(value) => write!(f, "`{value}` is too large"),
            ArgError::ZeroSize => f.write_str("the maximum file size must be at least 1 byte"),
        }
    }
}

impl std::error::Error for ArgError {}

fn parse_threads(value: &str) -> Result<usize, ArgError> {
    let threads: usize = value
        .parse()
        .map_err(|_| ArgError::NotThreads(value.to_string()))?;
    let max = max_threads();
    if threads > max {
        return Err(ArgError::TooManyThreads { threads, max });
    }
    Ok(threads)
}

/// `1048576`, `512K`, `64M`, `2G` (also `64MiB`, `64MB`: all binary units).
pub fn parse_size(value: &str) -> Result<u64, ArgError> {
    let bad = || ArgError::NotSize(value.to_string());
    let trimmed = value.trim();
    let digits = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(digits);
    let number: u64 = number.parse().map_err(|_| bad())?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return Err(bad()),
    };
    let size = number
        .checked_mul(1 << shift)
        .ok_or_else(|| ArgError::SizeTooLarge(value.to_string()))?;
    if size == 0 {
        return Err(ArgError::ZeroSize);
    }
    Ok(size)
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `broken-sentence/period-before-lowercase`.
    pub rule: String,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// The file (or folder) whose settings to show.
    pub path: PathBuf,
    /// Use this config file instead of the nearest mtlint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Args)]
pub struct LspArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
    /// The largest message accepted from the client, in bytes (K, M, G: powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = mtlint::lsp::transport::parse_size)]
    pub max_message_size: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("0"), Err(ArgError::ZeroSize));
        assert_eq!(parse_size("12X"), Err(ArgError::NotSize("12X".into())));
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999999999").is_err());
        assert_eq!(
            parse_size("9999999999999T"),
            Err(ArgError::SizeTooLarge("9999999999999T".into()))
        );
    }

    #[test]
    fn threads() {
        assert_eq!(parse_threads("0"), Ok(0));
        assert_eq!(parse_threads("256"), Ok(256));
        assert!(parse_threads(&(max_threads() + 1).to_string()).is_err());
        assert!(parse_threads("18446744073709551615").is_err());
        assert_eq!(
            parse_threads("many"),
            Err(ArgError::NotThreads("many".into()))
        );
    }
}
