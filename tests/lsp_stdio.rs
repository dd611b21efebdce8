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
        let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
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

    fn exit_code(mut self) -> i32 {
        drop(self.stdin.take());
        self.child.wait().unwrap().code().unwrap()
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
