//! What a subcommand prints to standard output, written in one piece: a reader that
//! closes the pipe early (`mtlint rules | head`) ends the write quietly, as it does for
//! `check` (exit code 2: the output was cut short), and any other failure is reported.

use std::io::{self, Write};

use super::{EXIT_ERROR, report_error};

/// Writes `text` to standard output and returns `code`, or `EXIT_ERROR` if the write
/// failed.
pub fn print(text: &str, code: u8) -> u8 {
    match write_all(text) {
        Ok(()) => code,
        Err(e) => {
            report_failed_write(&e);
            EXIT_ERROR
        }
    }
}

/// Reports a failed write of the output, unless the reader closed the pipe (which ends
/// the run quietly).
pub fn report_failed_write(e: &io::Error) {
    if e.kind() != io::ErrorKind::BrokenPipe {
        report_error(format!("writing output: {e}"));
    }
}

fn write_all(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
