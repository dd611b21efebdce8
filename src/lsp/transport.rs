//! Standard input and output as an `lsp_server::Connection`.
//!
//! lsp-server's own stdio transport stops reading at the first payload that is not a
//! JSON-RPC message, which ends the server. This one answers such a payload with a
//! JSON-RPC parse error (id `null`, as JSON-RPC 2.0 asks) and reads on. Framing and
//! message types are still lsp-server's (`Message::read`, `Message::write`).

use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

use lsp_server::{Connection, ErrorCode, Message};

/// The reader and writer threads of a stream connection.
pub struct Transport {
    writer: JoinHandle<io::Result<()>>,
}

impl Transport {
    /// Waits until every message sent has been written. Call after dropping the
    /// connection (and every clone of its sender).
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
    }
}

/// A connection over the process's standard input and output.
pub fn stdio() -> (Connection, Transport) {
    streams(io::BufReader::new(io::stdin()), io::stdout())
}

/// A connection over any byte streams (stdio, a pipe, or buffers in tests).
pub fn streams<R, W>(mut reader: R, writer: W) -> (Connection, Transport)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let writer = Arc::new(Mutex::new(writer));
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();

    let out = Arc::clone(&writer);
    let writer_thread = thread::Builder::new()
        .name("mtlint-lsp-writer".into())
        .spawn(move || {
            for message in outgoing {
                let mut w = out.lock().unwrap_or_else(|e| e.into_inner());
                message.write(&mut *w)?;
                w.flush()?;
            }
            Ok(())
        })
        .expect("spawning the writer thread");

    thread::Builder::new()
        .name("mtlint-lsp-reader".into())
        .spawn(move || {
            loop {
                match Message::read(&mut reader) {
                    Ok(Some(message)) => {
                        let exit =
                            matches!(&message, Message::Notification(n) if n.method == "exit");
                        if incoming.send(message).is_err() || exit {
                            return;
                        }
                    }
                    Ok(None) => return,
                    Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                        let mut w = writer.lock().unwrap_or_else(|e| e.into_inner());
                        if write_parse_error(&mut *w, &e.to_string()).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                }
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
        },
    )
}

/// A JSON-RPC error response with a `null` id, for a message that could not be read.
fn write_parse_error(w: &mut dyn Write, detail: &str) -> io::Result<()> {
    let mut short: String = detail.chars().take(200).collect();
    if short.len() < detail.len() {
        short.push('…');
    }
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {
            "code": ErrorCode::ParseError as i32,
            "message": format!("could not read message: {short}"),
        },
    })
    .to_string();
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    w.flush()
}
