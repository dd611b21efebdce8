//! `mtlint lsp`: the language server over standard input and output.

use std::sync::Arc;

use mtlint::lsp::transport::{self, Limits};
use mtlint::lsp::{self, ServerOptions};
use mtlint::workspace::{Discovery, RealFs, Workspace};

use super::args::LspArgs;
use super::{EXIT_CLEAN, EXIT_ERROR, report_error, rule_set};

pub fn run(args: LspArgs) -> u8 {
    super::memory::return_freed_memory_at_once();
    // The rules are loaded once, before the client connects; a broken pack is reported
    // on standard error and the server does not start.
    let (sources, linter, filter) =
        match rule_set::load_sources(&args.rules, rule_set::Examples::With) {
            Ok(loaded) => loaded,
            Err(errors) => {
                for e in errors.messages() {
                    report_error(e);
                }
                return EXIT_ERROR;
            }
        };
    let options = ServerOptions {
        filter,
        ..ServerOptions::default()
    };
    let limits = Limits {
        max_message_size: args.max_message_size,
        ..Limits::default()
    };
    let (connection, io) = transport::stdio(limits);
    // Each document's mtlint.toml is found as `check` finds it, and read again when it
    // changes.
    let workspace = Workspace::new(
        Arc::new(RealFs {
            max_file_size: args.rules.max_file_size,
        }),
        sources,
        Arc::new(linter),
        Discovery::Nearest,
    )
    .watching();
    let outcome = lsp::run(connection, Arc::new(workspace), options);
    let failure = io.failure();
    // Every sender is gone with the connection: the writer flushes and ends.
    let _ = io.join();
    match outcome {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            // A message that could not be read ends the input: that is the cause to name.
            report_error(format!("lsp: {}", failure.unwrap_or_else(|| e.to_string())));
            // LSP: exit without a preceding shutdown ends with code 1.
            1
        }
    }
}
