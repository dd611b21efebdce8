//! Standard input and output as an `lsp_server::Connection`, with framing read here.
//!
//! A message is a header block (`Content-Length: N`, lines ending in CRLF, an empty line)
//! and N bytes of JSON. The reader never trusts N before the bytes arrive: the header
//! block is bounded ([`MAX_HEADER_SIZE`]), a length over the message limit is refused
//! with an error reply and its body skipped in constant memory, and a body is read
//! incrementally, so memory grows with the bytes received, never with the length
//! announced. A payload that is not a JSON-RPC message gets a JSON-RPC parse error
//! (id `null`, as JSON-RPC 2.0 asks) and reading goes on. A header that cannot be read
//! (too long, no length, a length that is not a number) leaves no way to find the next
//! message: the reader answers with an error, says why on standard error and stops, which
//! ends the server.

use std::fmt;
use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use lsp_server::{Connection, ErrorCode, Message};

/// The largest message body read unless the server is started with a higher limit.
pub const DEFAULT_MAX_MESSAGE_SIZE: u64 = 64 << 20;

/// The largest header block (every header line of one message together). LSP sends one
/// or two short headers; this leaves room for any a client might add.
pub const MAX_HEADER_SIZE: usize = 8 << 10;

/// What the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest body, in bytes.
    pub max_message_size: u64,
    /// The largest header block, in bytes.
    pub max_header_size: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_message_size: DEFAULT_MAX_MESSAGE_SIZE,
            max_header_size: MAX_HEADER_SIZE,
        }
    }
}

/// Why a frame could not be read.
#[derive(Debug)]
pub enum FrameError {
    Io(io::Error),
    /// The header block is longer than the limit (no empty line came in time).
    HeaderTooLong {
        limit: usize,
    },
    /// A header line is not `Name: value`, or not text.
    MalformedHeader(String),
    /// The header block names no `Content-Length`.
    NoContentLength,
    /// `Content-Length` is not a whole number of bytes.
    BadContentLength(String),
    /// The body is longer than the message limit (and was skipped).
    TooLarge {
        length: u64,
        limit: u64,
    },
    /// The stream ended inside a frame.
    Truncated {
        expected: u64,
        got: u64,
    },
}

impl FrameError {
    /// Whether the next frame can still be found after this error.
    pub fn recoverable(&self) -> bool {
        matches!(self, FrameError::TooLarge { .. })
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::Io(e) => write!(f, "reading a message: {e}"),
            FrameError::HeaderTooLong { limit } => write!(
                f,
                "message header longer than {limit} bytes without an empty line"
            ),
            FrameError::MalformedHeader(line) => {
                write!(f, "malformed message header {:?}", shorten(line))
            }
            FrameError::NoContentLength => write!(f, "message header without Content-Length"),
            FrameError::BadContentLength(value) => write!(
                f,
                "Content-Length {:?} is not a number of bytes",
                shorten(value)
            ),
            FrameError::TooLarge { length, limit } => write!(
                f,
                "message of {length} bytes is over the limit of {limit} bytes \
                 (start the server with a higher --max-message-size)"
            ),
            FrameError::Truncated { expected, got } => write!(
                f,
                "input ended inside a message: {got} of {expected} bytes arrived"
            ),
        }
    }
}

impl std::error::Error for FrameError {}

impl From<io::Error> for FrameError {
    fn from(e: io::Error) -> FrameError {
        FrameError::Io(e)
    }
}

fn shorten(s: &str) -> String {
    let mut short: String = s.chars().take(80).collect();
    if short.len() < s.len() {
        short.push('…');
    }
    short
}

/// Reads one header line into `line` (its CRLF or LF removed), counting its bytes against
/// `budget`. `Ok(false)`: the stream ended before any byte of the line.
fn read_header_line(
    r: &mut dyn BufRead,
    line: &mut Vec<u8>,
    budget: &mut usize,
    limit: usize,
) -> Result<bool, FrameError> {
    line.clear();
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if available.is_empty() {
            if line.is_empty() {
                return Ok(false);
            }
            return Err(FrameError::Truncated {
                expected: 0,
                got: 0,
            });
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if take > *budget {
            return Err(FrameError::HeaderTooLong { limit });
        }
        *budget -= take;
        line.extend_from_slice(&available[..take]);
        r.consume(take);
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(true);
        }
    }
}

/// Reads a header block and returns its `Content-Length`; `None` at the end of the input
/// (between messages).
pub fn read_header(r: &mut dyn BufRead, limits: &Limits) -> Result<Option<u64>, FrameError> {
    let mut budget = limits.max_header_size;
    let mut line = Vec::new();
    let mut length = None;
    let mut first = true;
    loop {
        if !read_header_line(r, &mut line, &mut budget, limits.max_header_size)? {
            return if first {
                Ok(None)
            } else {
                Err(FrameError::Truncated {
                    expected: length.unwrap_or(0),
                    got: 0,
                })
            };
        }
        first = false;
        if line.is_empty() {
            return length.map(Some).ok_or(FrameError::NoContentLength);
        }
        let text = std::str::from_utf8(&line)
            .map_err(|_| FrameError::MalformedHeader(String::from_utf8_lossy(&line).into()))?;
        let (name, value) = text
            .split_once(':')
            .ok_or_else(|| FrameError::MalformedHeader(text.to_string()))?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            let n = value
                .parse::<u64>()
                .map_err(|_| FrameError::BadContentLength(value.to_string()))?;
            length = Some(n);
        }
    }
}

/// Reads a body of `length` bytes (at most the limit, checked by the caller). Memory grows
/// with the bytes that arrive.
pub fn read_body(r: &mut dyn BufRead, length: u64) -> Result<Vec<u8>, FrameError> {
    const FIRST: u64 = 64 << 10;
    let mut body = Vec::with_capacity(length.min(FIRST) as usize);
    r.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Err(FrameError::Truncated {
            expected: length,
            got: body.len() as u64,
        });
    }
    Ok(body)
}

/// Reads and drops `length` bytes in constant memory.
pub fn skip_body(r: &mut dyn BufRead, length: u64) -> Result<(), FrameError> {
    let skipped = io::copy(&mut r.take(length), &mut io::sink())?;
    if skipped < length {
        return Err(FrameError::Truncated {
            expected: length,
            got: skipped,
        });
    }
    Ok(())
}

/// Reads the next frame's body; `Ok(None)` at the end of the input. A body over the limit
/// is skipped and reported as [`FrameError::TooLarge`], after which the next frame can be
/// read.
pub fn read_frame(r: &mut dyn BufRead, limits: &Limits) -> Result<Option<Vec<u8>>, FrameError> {
    let Some(length) = read_header(r, limits)? else {
        return Ok(None);
    };
    if length > limits.max_message_size {
        return Err(FrameError::TooLarge {
            length,
            limit: limits.max_message_size,
        });
    }
    read_body(r, length).map(Some)
}

/// One step of the reader: a message, a payload that is not one (its error), or a frame
/// error. Split out so that the reader's decisions can be tested and fuzzed.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    NotJsonRpc(String),
    Frame(FrameError),
    End,
}

/// Reads the next message. After [`FrameError::TooLarge`] the caller answers and then
/// calls [`skip_body`] to reach the next frame.
pub fn read_message(r: &mut dyn BufRead, limits: &Limits) -> Incoming {
    match read_frame(r, limits) {
        Ok(None) => Incoming::End,
        Ok(Some(body)) => match serde_json::from_slice::<Message>(&body) {
            Ok(message) => Incoming::Message(message),
            Err(e) => Incoming::NotJsonRpc(format!("malformed LSP payload: {e}")),
        },
        Err(e) => Incoming::Frame(e),
    }
}

/// The reader and writer threads of a stream connection.
pub struct Transport {
    writer: JoinHandle<io::Result<()>>,
    failure: Arc<Mutex<Option<String>>>,
}

impl Transport {
    /// Waits until every message sent has been written. Call after dropping the
    /// connection (and every clone of its sender).
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
    }

    /// Why the reader stopped before the end of the input, if it did.
    pub fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// A connection over the process's standard input and output.
pub fn stdio(limits: Limits) -> (Connection, Transport) {
    streams(io::BufReader::new(io::stdin()), io::stdout(), limits)
}

/// A connection over any byte streams (stdio, a pipe, or buffers in tests).
pub fn streams<R, W>(reader: R, writer: W, limits: Limits) -> (Connection, Transport)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let writer: Shared<W> = Arc::new(Mutex::new(writer));
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
    let failure = Arc::new(Mutex::new(None));

    let out = Arc::clone(&writer);
    let writer_thread = thread::Builder::new()
        .name("mtlint-lsp-writer".into())
        .spawn(move || write_messages(&outgoing, &out))
        .expect("spawning the writer thread");

    let failed = Arc::clone(&failure);
    thread::Builder::new()
        .name("mtlint-lsp-reader".into())
        .spawn(move || {
            let mut reader = reader;
            if let Err(e) = read_messages(&mut reader, &writer, &incoming, &limits) {
                *lock(&failed) = Some(e.to_string());
            }
        })
        .expect("spawning the reader thread");

    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (
        connection,
        Transport {
            writer: writer_thread,
            failure,
        },
    )
}

/// The output stream, shared by the writer thread and the reader's error replies.
type Shared<W> = Arc<Mutex<W>>;

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Writes every message sent until the last sender is dropped.
fn write_messages<W: Write>(
    outgoing: &crossbeam_channel::Receiver<Message>,
    out: &Mutex<W>,
) -> io::Result<()> {
    for message in outgoing {
        let mut w = lock(out);
        message.write(&mut *w)?;
        w.flush()?;
    }
    Ok(())
}

/// Reads messages and passes them on until the input ends, `exit` arrives or the server
/// stops listening (`Ok`), or a frame leaves no way to find the next one (the error,
/// answered on the output first where it can be).
fn read_messages<W: Write>(
    reader: &mut dyn BufRead,
    writer: &Mutex<W>,
    incoming: &crossbeam_channel::Sender<Message>,
    limits: &Limits,
) -> Result<(), FrameError> {
    // `false` once the client's side of the output is gone.
    let reply =
        |code: ErrorCode, detail: &str| write_error(&mut *lock(writer), code, detail).is_ok();
    loop {
        match read_message(reader, limits) {
            Incoming::Message(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return Ok(());
                }
            }
            Incoming::End => return Ok(()),
            Incoming::NotJsonRpc(detail) => {
                if !reply(ErrorCode::ParseError, &detail) {
                    return Ok(());
                }
            }
            Incoming::Frame(e @ FrameError::TooLarge { length, .. }) => {
                // Answered before the body is read, which may never come.
                if !reply(ErrorCode::InvalidRequest, &e.to_string()) {
                    return Ok(());
                }
                skip_body(reader, length)?;
            }
            Incoming::Frame(e) => {
                if !matches!(e, FrameError::Io(_) | FrameError::Truncated { .. }) {
                    reply(ErrorCode::ParseError, &e.to_string());
                }
                return Err(e);
            }
        }
    }
}

/// A JSON-RPC error response with a `null` id, for a message that could not be read.
fn write_error(w: &mut dyn Write, code: ErrorCode, detail: &str) -> io::Result<()> {
    let mut short: String = detail.chars().take(200).collect();
    if short.len() < detail.len() {
        short.push('…');
    }
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {
            "code": code as i32,
            "message": format!("could not read message: {short}"),
        },
    })
    .to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    w.flush()
}

/// Why a size given on the command line cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SizeError {
    /// No number of bytes at its start.
    NotANumber(String),
    /// A unit other than K, M or G (or their `KiB`, `MB` spellings).
    UnknownUnit(String),
    /// Zero, or more bytes than fit in 64 bits.
    Unusable(String),
}

impl fmt::Display for SizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SizeError::NotANumber(s) => write!(
                f,
                "`{s}` is not a size (a number of bytes, or with K, M or G)"
            ),
            SizeError::UnknownUnit(s) => write!(f, "`{s}`: unknown unit (use K, M or G)"),
            SizeError::Unusable(s) => write!(f, "`{s}` is not a usable size"),
        }
    }
}

impl std::error::Error for SizeError {}

/// Parses a size such as `1048576`, `64K`, `64M`, `1G` (powers of 1024; `KiB`, `MB` and
/// the like are read the same), for `--max-message-size`.
pub fn parse_size(s: &str) -> Result<u64, SizeError> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let n: u64 = number
        .parse()
        .map_err(|_| SizeError::NotANumber(s.to_string()))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(SizeError::UnknownUnit(s.to_string())),
    };
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| SizeError::Unusable(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn limits(max: u64) -> Limits {
        Limits {
            max_message_size: max,
            max_header_size: 256,
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_frames_in_order_and_ends_cleanly() {
        let input = format!("{}{}", frame("{\"a\":1}"), frame("[]"));
        let mut r = Cursor::new(input.into_bytes());
        let l = limits(100);
        assert_eq!(read_frame(&mut r, &l).unwrap().unwrap(), b"{\"a\":1}");
        assert_eq!(read_frame(&mut r, &l).unwrap().unwrap(), b"[]");
        assert!(read_frame(&mut r, &l).unwrap().is_none());
    }

    #[test]
    fn headers_are_case_insensitive_and_others_ignored() {
        let input = "content-length:  2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
        let mut r = Cursor::new(input.as_bytes().to_vec());
        assert_eq!(read_frame(&mut r, &limits(10)).unwrap().unwrap(), b"{}");
    }

    #[test]
    fn a_body_over_the_limit_is_skipped_and_the_next_frame_read() {
        let big = "x".repeat(500);
        let input = format!("{}{}", frame(&big), frame("{}"));
        let mut r = Cursor::new(input.into_bytes());
        match read_message(&mut r, &limits(100)) {
            Incoming::Frame(e @ FrameError::TooLarge { length: 500, .. }) => {
                assert!(e.recoverable());
                assert!(e.to_string().contains("--max-message-size"), "{e}");
            }
            other => panic!("{other:?}"),
        }
        skip_body(&mut r, 500).unwrap();
        assert!(matches!(
            read_message(&mut r, &limits(100)),
            Incoming::NotJsonRpc(_)
        ));
        assert!(matches!(read_message(&mut r, &limits(100)), Incoming::End));
    }

    #[test]
    fn hostile_lengths_are_refused_before_any_allocation() {
        for length in ["18446744073709551615", "100000000000", "6000000000"] {
            let input = format!("Content-Length: {length}\r\n\r\n{{}}");
            let mut r = Cursor::new(input.into_bytes());
            match read_frame(&mut r, &Limits::default()) {
                Err(FrameError::TooLarge { length: n, .. }) => {
                    assert_eq!(n.to_string(), length)
                }
                other => panic!("{length}: {other:?}"),
            }
            // Skipping stops at the end of the input, which is far short.
            assert!(matches!(
                skip_body(&mut r, length.parse().unwrap()),
                Err(FrameError::Truncated { got: 2, .. })
            ));
        }
    }

    #[test]
    fn garbage_lengths_and_headers_are_errors() {
        type Check = fn(&FrameError) -> bool;
        let cases: [(&str, Check); 6] = [
            (
                "Content-Length: 1e11\r\n\r\n",
                |e| matches!(e, FrameError::BadContentLength(v) if v == "1e11"),
            ),
            ("Content-Length: 99999999999999999999999\r\n\r\n", |e| {
                matches!(e, FrameError::BadContentLength(_))
            }),
            ("Content-Length: -1\r\n\r\n", |e| {
                matches!(e, FrameError::BadContentLength(_))
            }),
            ("no colon here\r\n\r\n", |e| {
                matches!(e, FrameError::MalformedHeader(_))
            }),
            ("Content-Type: x\r\n\r\n", |e| {
                matches!(e, FrameError::NoContentLength)
            }),
            ("Content-Length: 10\r\n\r\nabc", |e| {
                matches!(
                    e,
                    FrameError::Truncated {
                        expected: 10,
                        got: 3
                    }
                )
            }),
        ];
        for (input, expected) in cases {
            let mut r = Cursor::new(input.as_bytes().to_vec());
            let e = read_frame(&mut r, &limits(100)).unwrap_err();
            assert!(expected(&e), "{input:?}: {e:?}");
            assert!(!e.recoverable());
        }
    }

    /// A reader that yields `n` bytes of `x` and no line break, and counts what was read.
    struct Endless {
        left: usize,
        buf: Vec<u8>,
        read: usize,
    }

    impl Read for Endless {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = out.len().min(self.left);
            out[..n].fill(b'x');
            self.left -= n;
            Ok(n)
        }
    }

    impl BufRead for Endless {
        fn fill_buf(&mut self) -> io::Result<&[u8]> {
            let n = self.left.min(4096);
            self.buf.clear();
            self.buf.resize(n, b'x');
            Ok(&self.buf)
        }
        fn consume(&mut self, n: usize) {
            self.left -= n;
            self.read += n;
        }
    }

    #[test]
    fn a_header_without_line_breaks_stops_at_the_limit() {
        let mut r = Endless {
            left: 3 << 30,
            buf: Vec::new(),
            read: 0,
        };
        let e = read_frame(&mut r, &Limits::default()).unwrap_err();
        assert!(matches!(
            e,
            FrameError::HeaderTooLong {
                limit: MAX_HEADER_SIZE
            }
        ));
        assert!(r.read <= MAX_HEADER_SIZE, "read {} bytes", r.read);
    }

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert_eq!(parse_size("64K").unwrap(), 64 << 10);
        assert_eq!(parse_size("64MiB").unwrap(), 64 << 20);
        assert_eq!(parse_size("2g").unwrap(), 2 << 30);
        assert_eq!(parse_size("0"), Err(SizeError::Unusable("0".into())));
        assert_eq!(
            parse_size("lots"),
            Err(SizeError::NotANumber("lots".into()))
        );
        assert_eq!(parse_size("5T"), Err(SizeError::UnknownUnit("5T".into())));
        assert_eq!(
            parse_size("99999999999G"),
            Err(SizeError::Unusable("99999999999G".into()))
        );
        assert!(
            parse_size("lots")
                .unwrap_err()
                .to_string()
                .contains("`lots`")
        );
    }
}
