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
#[derive(Debug, Parser)]
#[command(name = "mtlint", version, verbatim_doc_comment)]
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
    /// Worker threads, for many files and for the chunks of a large one (default: one
    /// per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
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
