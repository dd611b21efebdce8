//! `mtlint lsp` as a process, over real standard input and output.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

struct Server {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
}

impl Server {
    fn start() -> Server {
        Server::start_with(&[])
    }

    fn start_with(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .arg("lsp")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = Some(n.parse::<usize>().unwrap());
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
        }
    }

    fn send_raw(&mut self, body: &str) {
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.send_raw(&message.to_string());
    }

    fn recv(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("a message within 20 s")
    }

    fn initialize(&mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                         "params": {"processId": null, "rootUri": null, "capabilities": {}}}));
        let reply = self.recv();
        assert_eq!(reply["id"], 1);
        assert_eq!(
            reply["result"]["capabilities"]["positionEncoding"],
            "utf-16"
        );
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    /// Writes raw bytes; a server that stopped reading makes this fail, which is fine.
    fn write_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        let _ = stdin.write_all(bytes).and_then(|()| stdin.flush());
    }

    /// The most memory the process has used so far (Linux's `VmHWM`), in bytes.
    fn peak_memory(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    fn exit_code(self) -> i32 {
        self.finish().0
    }

    /// Closes the input and waits: the exit code and what was written on standard error.
    fn finish(mut self) -> (i32, String) {
        drop(self.stdin.take());
        let mut stderr = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        (self.child.wait().unwrap().code().unwrap(), stderr)
    }
}

#[test]
fn malformed_messages_get_errors_and_the_server_goes_on() {
    let mut server = Server::start();
    server.initialize();
    server.send_raw("{this is not json");
    let reply = server.recv();
    assert_eq!(reply["id"], Value::Null);
    assert_eq!(reply["error"]["code"], -32700);
    // JSON, but not a JSON-RPC message.
    server.send_raw(r#"{"jsonrpc": "2.0", "id": 7}"#);
    assert_eq!(server.recv()["error"]["code"], -32700);
    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "mtlint/unknown", "params": {}}));
    let reply = server.recv();
    assert_eq!(reply["id"], 2);
    assert_eq!(reply["error"]["code"], -32601);
    // Still checking documents.
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": "file:///a.txt", "languageId": "plaintext", "version": 1,
                         "text": "Wrong. . Here.\n"}}}),
    );
    let published = server.recv();
    assert_eq!(published["method"], "textDocument/publishDiagnostics");
    assert_eq!(
        published["params"]["diagnostics"][0]["code"],
        "punctuation/doubled-terminator"
    );
    server.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    let reply = server.recv();
    assert_eq!(reply["id"], 3);
    assert_eq!(reply["result"], Value::Null);
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(server.exit_code(), 0);
}

#[test]
fn exit_without_shutdown_exits_1() {
    let mut server = Server::start();
    server.initialize();
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(server.exit_code(), 1);
}

#[test]
fn closed_input_ends_the_server() {
    let mut server = Server::start();
    server.initialize();
    assert_eq!(server.exit_code(), 1);
}

#[test]
fn broken_rule_directory_fails_before_serving() {
    let status = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["lsp", "--rules", "/no/such/directory"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

#[test]
fn a_request_after_shutdown_gets_invalid_request_and_exit_is_clean() {
    let mut server = Server::start();
    server.initialize();
    server.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    assert_eq!(server.recv()["result"], Value::Null);
    server.send(
        json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/codeAction",
                       "params": {}}),
    );
    let reply = server.recv();
    assert_eq!(reply["id"], 3);
    assert_eq!(reply["error"]["code"], -32600);
    server.send(json!({"jsonrpc": "2.0", "id": 4, "method": "shutdown"}));
    assert_eq!(server.recv()["error"]["code"], -32600);
    // A notification after shutdown is dropped, not checked.
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": "file:///a.txt", "languageId": "plaintext", "version": 1,
                         "text": "Wrong. . Here.\n"}}}),
    );
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(server.exit_code(), 0);
}

/// Memory a server may use while it waits for a body: far below any length tried here.
const BOUNDED: u64 = 256 << 20;

#[test]
fn hostile_content_lengths_get_an_error_without_allocating() {
    for length in ["18446744073709551615", "100000000000", "6000000000"] {
        let mut server = Server::start();
        server.initialize();
        server.write_bytes(format!("Content-Length: {length}\r\n\r\n{{").as_bytes());
        // Answered before the body arrives, and without reserving it.
        let reply = server.recv();
        assert_eq!(reply["id"], Value::Null, "{length}");
        assert_eq!(reply["error"]["code"], -32600, "{length}");
        let message = reply["error"]["message"].as_str().unwrap();
        assert!(message.contains(length), "{message}");
        assert!(message.contains("--max-message-size"), "{message}");
        if let Some(peak) = server.peak_memory() {
            assert!(peak < BOUNDED, "{length}: {peak} bytes");
        }
        let (code, stderr) = server.finish();
        assert_eq!(code, 1, "{length}");
        assert!(stderr.contains("input ended inside a message"), "{stderr}");
    }
}

#[test]
fn a_length_that_is_not_a_number_ends_the_server_with_a_reason() {
    let mut server = Server::start();
    server.initialize();
    server.write_bytes(b"Content-Length: 1e11\r\n\r\n{}");
    let reply = server.recv();
    assert_eq!(reply["error"]["code"], -32700);
    let (code, stderr) = server.finish();
    assert_eq!(code, 1);
    assert!(
        stderr.contains("Content-Length \"1e11\" is not a number of bytes"),
        "{stderr}"
    );
}

#[test]
fn a_header_without_line_breaks_is_cut_off() {
    let mut server = Server::start();
    server.initialize();
    // 4 MiB with no CRLF: the reader gives up at its header limit, not at the end.
    let chunk = vec![b'x'; 64 << 10];
    for _ in 0..64 {
        server.write_bytes(&chunk);
    }
    let reply = server.recv();
    assert_eq!(reply["error"]["code"], -32700);
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("header longer than"),
        "{reply}"
    );
    let (code, stderr) = server.finish();
    assert_eq!(code, 1);
    assert!(stderr.contains("header longer than"), "{stderr}");
}

#[test]
fn a_message_over_the_limit_is_skipped_and_the_server_goes_on() {
    let mut server = Server::start_with(&["--max-message-size", "2K"]);
    server.initialize();
    let big = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": "file:///big.txt", "languageId": "plaintext", "version": 1,
                         "text": "Wrong. . Here.\n".repeat(400)}}});
    server.send(big);
    let reply = server.recv();
    assert_eq!(reply["error"]["code"], -32600);
    assert!(
        reply["error"]["message"]
            .as_str()
            .unwrap()
            .contains("over the limit of 2048 bytes")
    );
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": "file:///a.txt", "languageId": "plaintext", "version": 1,
                         "text": "Wrong. . Here.\n"}}}),
    );
    let published = server.recv();
    assert_eq!(published["params"]["uri"], "file:///a.txt");
    server.send(json!({"jsonrpc": "2.0", "id": 9, "method": "shutdown"}));
    assert_eq!(server.recv()["id"], 9);
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(server.exit_code(), 0);
}

#[test]
fn a_bad_message_size_is_refused_at_start() {
    let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["lsp", "--max-message-size", "lots"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("lots"));
}
