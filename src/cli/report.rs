//! Writing `check`'s report as the files come, in input order.
//!
//! The report goes to standard output, or to standard error when `--fix` on standard input
//! prints the fixed text on standard output. Which one is known only once standard input
//! is checked (the fixed text needs a fix that worked), so until then the report waits in
//! memory. After the first write error the rest of the report is dropped and the error
//! returned at the end, while the run goes on (fixes are still written).

use std::io::{self, BufWriter, IsTerminal, LineWriter, Write};

use mtlint::render::{FilePart, Format, Stream};

/// Where the report's bytes go.
pub enum Destination {
    /// Not known yet: the bytes wait.
    Undecided(Vec<u8>),
    Decided(Box<dyn Write>),
}

impl Destination {
    pub fn stdout() -> Destination {
        let stdout = io::stdout();
        // A terminal gets each line as it comes; anything else, large writes.
        if stdout.is_terminal() {
            Destination::Decided(Box::new(stdout))
        } else {
            Destination::Decided(Box::new(BufWriter::with_capacity(1 << 16, stdout)))
        }
    }

    pub fn stderr() -> Destination {
        // Whole lines, so that notes written meanwhile fall between them.
        Destination::Decided(Box::new(LineWriter::new(io::stderr())))
    }

    /// Picks standard error or output, and writes there what waited.
    fn decide(&mut self, to_stderr: bool) -> io::Result<()> {
        if let Destination::Undecided(waiting) = self {
            let waiting = std::mem::take(waiting);
            *self = if to_stderr {
                Destination::stderr()
            } else {
                Destination::stdout()
            };
            self.write_all(&waiting)?;
        }
        Ok(())
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Destination::Undecided(waiting) => waiting.write(buf),
            Destination::Decided(out) => out.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::Undecided(_) => Ok(()),
            Destination::Decided(out) => out.flush(),
        }
    }
}

pub struct Report {
    stream: Stream,
    out: Destination,
    error: Option<io::Error>,
}

impl Report {
    pub fn new(format: Format, out: Destination) -> Report {
        Report {
            stream: Stream::new(format),
            out,
            error: None,
        }
    }

    /// Writes what comes before the first file.
    pub fn start(&mut self) {
        let written = self.stream.start(&mut self.out);
        self.keep(written);
    }

    /// Writes a file's part.
    pub fn push(&mut self, part: FilePart) {
        if self.error.is_some() {
            return;
        }
        let written = self.stream.push(part, &mut self.out);
        self.keep(written);
    }

    /// Writes text outside the rendered report (`--diff`'s diffs).
    pub fn write_text(&mut self, text: &str) {
        let written = self.out.write_all(text.as_bytes());
        self.keep(written);
    }

    /// Sends the report to standard error or output from now on, with what waited.
    pub fn decide(&mut self, to_stderr: bool) {
        let written = self.out.decide(to_stderr);
        self.keep(written);
    }

    /// Writes what comes after the last file, then `trailer`; returns the first error.
    pub fn finish(self, trailer: &str) -> io::Result<()> {
        let Report {
            stream,
            mut out,
            error,
        } = self;
        if let Some(e) = error {
            return Err(e);
        }
        stream.finish(&mut out)?;
        out.write_all(trailer.as_bytes())?;
        out.decide(false)?;
        out.flush()
    }

    /// Flushes what was written, without an end; returns the first error.
    pub fn close(mut self) -> io::Result<()> {
        let written = self.out.decide(false).and_then(|_| self.out.flush());
        self.keep(written);
        self.error.map_or(Ok(()), Err)
    }

    /// Keeps the first error, and stops writing after it.
    fn keep(&mut self, written: io::Result<()>) {
        if let Err(e) = written
            && self.error.is_none()
        {
            self.error = Some(e);
            self.out = Destination::Decided(Box::new(io::sink()));
        }
    }
}
