//! Where JUnit's test cases wait for the end of the run (the counts in front of them need
//! the whole run): an unnamed temporary file, so that a large report is not held in
//! memory; in memory only if no temporary file can be made. They are copied out as they
//! were written.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};

pub enum Held {
    File(BufWriter<File>),
    Memory(Vec<u8>),
}

impl Held {
    pub fn new() -> Held {
        match tempfile::tempfile() {
            Ok(file) => Held::File(BufWriter::new(file)),
            Err(_) => Held::Memory(Vec::new()),
        }
    }

    /// What was written, to read back from the start.
    pub fn into_reader(self) -> io::Result<Box<dyn BufRead>> {
        match self {
            Held::File(writer) => {
                let mut file = writer
                    .into_inner()
                    .map_err(io::IntoInnerError::into_error)?;
                file.rewind()?;
                Ok(Box::new(BufReader::new(file)))
            }
            Held::Memory(bytes) => Ok(Box::new(io::Cursor::new(bytes))),
        }
    }
}

impl Write for Held {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Held::File(w) => w.write(buf),
            Held::Memory(v) => v.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Held::File(w) => w.flush(),
            Held::Memory(_) => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn reads_back_what_was_written() {
        let mut held = Held::new();
        held.write_all(b"one\ntwo").unwrap();
        let mut back = String::new();
        held.into_reader()
            .unwrap()
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, "one\ntwo");
    }
}
