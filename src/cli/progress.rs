//! A files-checked counter on standard error, shown only on a terminal and for long runs.
//!
//! Workers tick it while the report is written; anything else written to the terminal
//! goes through [`Progress::pause`], which clears the counter first and keeps it from
//! being drawn in the middle.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
    /// Whether the counter is on screen; held while it is drawn or paused.
    drawn: Mutex<bool>,
}

impl Progress {
    const MIN_FILES: usize = 200;

    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: total >= Self::MIN_FILES && std::io::stderr().is_terminal(),
            drawn: Mutex::new(false),
        }
    }

    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown && (done.is_multiple_of(50) || done == self.total) {
            let mut drawn = self.drawn.lock().expect("progress lock");
            eprint!("\rmtlint: checked {done}/{} files", self.total);
            *drawn = true;
        }
    }

    /// Runs `write` with the counter off the screen (it comes back at the next tick).
    pub fn pause<R>(&self, write: impl FnOnce() -> R) -> R {
        if !self.shown {
            return write();
        }
        let mut drawn = self.drawn.lock().expect("progress lock");
        if *drawn {
            eprint!("\r\x1b[2K");
            *drawn = false;
        }
        write()
    }

    /// Clears the counter for good.
    pub fn done(&self) {
        self.pause(|| ());
    }
}
