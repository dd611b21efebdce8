//! How a linter runs its rules over a text: chunking and batch engines, decided when the
//! linter is built.

pub use crate::matchers::regex_gate::Gate;

use super::filter::EXCEPTION_WINDOW;

/// Texts over twice this size are checked in chunks of about this size (`chunks`).
pub const CHUNK_SIZE: usize = 1 << 20;

/// What a chunk's rules see on each side of it.
pub const CHUNK_CONTEXT: usize = 2 * EXCEPTION_WINDOW;

/// A chunk's rules see at least the exception window of a match on both sides, and the
/// words and sentence around it.
pub(super) const MIN_CHUNK_CONTEXT: usize = EXCEPTION_WINDOW + 256;

/// How a linter runs its rules over a text: decided when it is built, the same for every
/// text it checks, and never a cause of different findings (the property tests check
/// every setting against the plainest one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Engine {
    /// Texts over twice this many bytes are checked in chunks of about this size, in
    /// parallel.
    pub chunk_size: usize,
    /// Bytes a chunk's rules see on each side of it (at least the exception window and
    /// a little more).
    pub chunk_context: usize,
    /// When regex rules run through one `RegexSet` (`matchers::regex_gate`).
    pub gate: Gate,
    /// Batch engines: phrase rules run through one shared index, and regex rules through
    /// the gate (when `gate` says). Off, every rule runs its own matcher alone.
    pub batch: bool,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine {
            chunk_size: CHUNK_SIZE,
            chunk_context: CHUNK_CONTEXT,
            gate: Gate::BySize,
            batch: true,
        }
    }
}
