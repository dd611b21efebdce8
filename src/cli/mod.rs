//! Argument parsing and dispatch. Each subcommand lives in its own module.

mod args;
mod baselined;
mod check;
mod config_cmd;
mod files;
mod lsp_cmd;
mod memory;
mod ordered;
mod progress;
mod report;
mod rule_set;
mod rules_cmd;
mod settings;
mod stdout;
mod totals;
mod write;

use std::process::ExitCode;

use clap::Parser;

pub use args::{Cli, Command};

/// Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 the run could not do its job.
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules_cmd::list(args),
        Command::Explain(args) => rules_cmd::explain(args),
        Command::TestRules(args) => rules_cmd::test_rules(args),
        Command::Config(args) => config_cmd::run(args),
        Command::Lsp(args) => lsp_cmd::run(args),
    };
    ExitCode::from(code)
}

/// Prints an error the way every subcommand does: each line of it after `mtlint: error: `,
/// hidden characters (from file names, say) shown as escapes.
pub fn report_error(message: impl std::fmt::Display) {
    eprint!(
        "{}",
        mtlint::render::escape::prefixed_lines("mtlint: error: ", &message.to_string())
    );
}

/// Prints a one-line message (`mtlint: note: ...`) with every hidden character, line
/// breaks included, shown as an escape.
pub fn eprint_line(prefix: &str, message: &str) {
    eprintln!("{prefix}{}", mtlint::render::escape::visible(message));
}
