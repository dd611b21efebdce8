//! Arbitrary bytes as what a client sends the language server, after a valid
//! `initialize`. Two things must hold: the framing reader, with small limits, consumes at
//! most the input, never returns a body over its limit and always reaches the end; and
//! the whole server, run over those bytes (documents opened, changed, code actions asked
//! for, in any order and with any parameters), never panics and ends when the input does.
#![no_main]

use std::io::{BufReader, Cursor};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use mtlint::linter::{Linter, PackSource};
use mtlint::lsp::transport::{self, FrameError, Incoming, Limits};
use mtlint::lsp::{ServerOptions, run};
use mtlint::workspace::{Discovery, FileSystem, MemoryFs, Workspace};

static SOURCES: LazyLock<Vec<PackSource>> = LazyLock::new(Linter::builtin_sources);
static LINTER: LazyLock<Arc<Linter>> =
    LazyLock::new(|| Arc::new(Linter::from_sources(&SOURCES).expect("built-in packs")));

const LIMITS: Limits = Limits {
    max_message_size: 1 << 16,
    max_header_size: 256,
};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The framing alone: bounded, and always at the end after finitely many steps.
fn check_framing(data: &[u8]) {
    let mut reader = Cursor::new(data);
    for _ in 0..=data.len() + 1 {
        match transport::read_message(&mut reader, &LIMITS) {
            Incoming::End => return,
            Incoming::Message(_) | Incoming::NotJsonRpc(_) => {}
            Incoming::Frame(FrameError::TooLarge { length, limit }) => {
                assert!(length > limit);
                if transport::skip_body(&mut reader, length).is_err() {
                    return;
                }
            }
            Incoming::Frame(_) => return,
        }
        assert!(reader.position() as usize <= data.len());
    }
    panic!("the reader did not reach the end of {} bytes", data.len());
}

fuzz_target!(|data: &[u8]| {
    check_framing(data);

    let init = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{"general":{"positionEncodings":["utf-16"]}}}}"#;
    let mut input = frame(init);
    input.extend(frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    input.extend_from_slice(data);
    let fs = Arc::new(MemoryFs::new());
    fs.write("/w/mtlint.toml", "ignore = [\"leak\"]\n");
    let fs: Arc<dyn FileSystem> = fs;
    let workspace =
        Workspace::new(fs, SOURCES.clone(), Arc::clone(&LINTER), Discovery::Nearest).watching();
    let (connection, io) =
        transport::streams(BufReader::new(Cursor::new(input)), std::io::sink(), LIMITS);
    let options = ServerOptions {
        debounce: Duration::ZERO,
        ..ServerOptions::default()
    };
    // Ends when the input does: Ok after shutdown and exit, an error otherwise.
    let _ = run(connection, Arc::new(workspace), options);
    let _ = io.join();
});
