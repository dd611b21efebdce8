//! `mtlint lsp`: the language server over standard input and output.

use std::sync::Arc;

use mtlint::lsp::transport::{self, Limits};
use mtlint::lsp::{self, ServerOptions};
use mtlint::workspace::{Discovery, RealFs, Workspace};

use super::args::LspArgs;
use super::{EXIT_CLEAN, EXIT_ERROR, report_error, rule_set};

pub fn run(args: LspArgs) -> u8 {
    return_freed_memory_at_once();
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

/// A language server lives long and checks every version of a document: the memory a
/// check frees goes back to the system at once, not after mimalloc's default delay, so
/// that a backlog of edits does not raise the peak (`tests/lsp_stdio.rs`). A one-off
/// `check` keeps the delay, which its start-up is faster with.
fn return_freed_memory_at_once() {
    // `mi_option_purge_delay` of mimalloc's option enum (`mimalloc.h`, v2), which the
    // bindings do not name: the delay in milliseconds, 0 for none.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: `mi_option_set` only stores an option's value; it may be called at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) }
}
