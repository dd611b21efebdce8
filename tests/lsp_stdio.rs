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
        Server::start_program(env!("CARGO_BIN_EXE_mtlint"), args)
    }

    fn start_program(program: &str, args: &[&str]) -> Server {
        let mut child = Command::new(program)
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
        self.recv_within(Duration::from_secs(20))
    }

    fn recv_within(&self, limit: Duration) -> Value {
        self.messages
            .recv_timeout(limit)
            .unwrap_or_else(|_| panic!("a message within {limit:?}"))
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

/// What one run of many small edits on a large document cost.
#[derive(Debug)]
struct EditRun {
    bytes: usize,
    edits: usize,
    /// From `didOpen` to its diagnostics: one check (and the transfer of the text).
    open: Duration,
    /// From the first edit to the answer to a request sent after the last one: the
    /// message loop's work on the edits.
    absorbed: Duration,
    /// From the first edit to the diagnostics of the last version.
    last_publish: Duration,
    /// From the first edit to the last answer to the code actions queued after them.
    answered: Duration,
    /// Versions published after the edits, in order.
    published: Vec<i64>,
    /// The process's peak memory after the open, and at the end.
    peak_open: Option<u64>,
    peak: Option<u64>,
}

/// Opens a document of about `bytes` bytes, then sends `edits` one-character ranged
/// edits (UTF-16 positions, multibyte text) and 20 code action requests (quick fixes on
/// a finding, and fix-all) in one write, as a client with a backlog would, and waits for
/// the diagnostics of the last version and every answer.
fn edit_run(bytes: usize, edits: usize, args: &[&str]) -> EditRun {
    let program = std::env::var("MTLINT_LSP_BIN");
    let program = program.as_deref().unwrap_or(env!("CARGO_BIN_EXE_mtlint"));
    let mut server = Server::start_program(program, args);
    server.initialize();
    // 60 UTF-16 units, 5 of them in multibyte characters, and one finding a line.
    let line = "The “talks” ended — 中文 😀 on authoritarianism. . And more.\n";
    let lines = bytes / line.len();
    let text = line.repeat(lines);
    let uri = "file:///tmp/edits.txt";
    let start = std::time::Instant::now();
    server.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    let opened = server.recv_within(Duration::from_secs(300));
    assert_eq!(opened["params"]["version"], 1);
    // At least the doubled full stop of every line.
    assert!(opened["params"]["diagnostics"].as_array().unwrap().len() >= lines);
    let open = start.elapsed();
    let peak_open = server.peak_memory();
    // After `“t` (2 UTF-16 units past `The `) of lines spread over the document.
    let mut batch = Vec::new();
    for i in 0..edits {
        let at = json!({"line": (i * 7919) % lines, "character": 6});
        let body = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": i + 2},
            "contentChanges": [{"range": {"start": at, "end": at}, "text": "é"}]}})
        .to_string();
        write!(batch, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    }
    let ping = json!({"jsonrpc": "2.0", "id": 2, "method": "mtlint/ping"}).to_string();
    write!(batch, "Content-Length: {}\r\n\r\n{ping}", ping.len()).unwrap();
    let finding =
        json!({"start": {"line": 1, "character": 48}, "end": {"line": 1, "character": 48}});
    for id in 10..30 {
        let only = if id % 2 == 0 {
            "quickfix"
        } else {
            "source.fixAll"
        };
        let body = json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": uri}, "range": finding,
                       "context": {"diagnostics": [], "only": [only]}}})
        .to_string();
        write!(batch, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    }
    let start = std::time::Instant::now();
    server.write_bytes(&batch);
    let (mut absorbed, mut last_publish) = (None, None);
    let mut published = Vec::new();
    let mut answers = 0;
    let last = (edits + 1) as i64;
    while published.last() != Some(&last) || answers < 20 {
        let message = server.recv_within(Duration::from_secs(300));
        if message["id"] == 2 {
            absorbed = Some(start.elapsed());
        } else if message["method"] == "textDocument/publishDiagnostics" {
            published.push(message["params"]["version"].as_i64().unwrap());
            last_publish = Some(start.elapsed());
        } else if message["id"]
            .as_i64()
            .is_some_and(|id| (10..30).contains(&id))
        {
            let actions = message["result"].as_array().unwrap();
            let fix_all = actions.iter().any(|a| a["kind"] == "source.fixAll");
            assert_eq!(
                fix_all,
                message["id"].as_i64().unwrap() % 2 == 1,
                "{message}"
            );
            assert!(!actions.is_empty(), "{message}");
            answers += 1;
        }
    }
    let answered = start.elapsed();
    let last_publish = last_publish.unwrap();
    let absorbed = absorbed.unwrap();
    let peak = server.peak_memory();
    server.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    while server.recv_within(Duration::from_secs(300))["id"] != 3 {}
    server.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(server.exit_code(), 0);
    EditRun {
        bytes: text.len(),
        edits,
        open,
        absorbed,
        last_publish,
        answered,
        published,
        peak_open,
        peak,
    }
}

/// A backlog of edits costs about one check of the newest text, at any size: the edits
/// are applied without rescanning or copying the text, and checks of superseded versions
/// are not run or not published. Ratios at two sizes, not absolute times.
/// `MTLINT_EDIT_RUN="MB,MB,EDITS[,RULE]"` (every rule, or the one named) records other
/// figures, and
/// `MTLINT_LSP_BIN=target/release/mtlint` runs them on another build of the server.
#[test]
fn a_backlog_of_edits_costs_about_one_check_at_two_sizes() {
    let custom = std::env::var("MTLINT_EDIT_RUN").ok();
    let (sizes, edits, args): (Vec<usize>, usize, Vec<&str>) = match &custom {
        Some(spec) => {
            let fields: Vec<&str> = spec.split(',').collect();
            let n: Vec<usize> = fields[..3].iter().map(|n| n.parse().unwrap()).collect();
            let select = fields.get(3).map_or(vec![], |rule| vec!["--select", *rule]);
            (vec![n[0] << 20, n[1] << 20], n[2], select)
        }
        None => (
            vec![1 << 20, 2 << 20],
            200,
            vec!["--select", "punctuation/doubled-terminator"],
        ),
    };
    let runs: Vec<EditRun> = sizes.iter().map(|&s| edit_run(s, edits, &args)).collect();
    for run in &runs {
        eprintln!(
            "{} edits on {} bytes: open {:.3} s, edits absorbed {:.3} s, last publish {:.3} s, \
             20 code actions answered {:.3} s, versions published {:?}, \
             peak memory {} MB after the open, {} MB at the end",
            run.edits,
            run.bytes,
            run.open.as_secs_f64(),
            run.absorbed.as_secs_f64(),
            run.last_publish.as_secs_f64(),
            run.answered.as_secs_f64(),
            run.published,
            run.peak_open.map_or(0, |p| p >> 20),
            run.peak.map_or(0, |p| p >> 20),
        );
    }
    for run in &runs {
        // Published versions only grow, and the last is the newest.
        assert!(run.published.windows(2).all(|w| w[0] < w[1]), "{run:?}");
        // The edits, the debounce and the last check cost about one check (the open's),
        // not one per edit; the message loop takes them in less than one check.
        let ratio = run.last_publish.as_secs_f64() / run.open.as_secs_f64();
        assert!(ratio < 3.0, "{ratio:.2}: {run:?}");
        assert!(run.absorbed < run.open, "{run:?}");
        // The 20 code actions: the range's findings, and one fix-all for the version.
        let ratio = run.answered.as_secs_f64() / run.open.as_secs_f64();
        assert!(ratio < 5.0, "{ratio:.2}: {run:?}");
    }
    // A larger document: the time grows about as the size does (one check), not with
    // its square (with room for a busy machine).
    let growth = runs[1].last_publish.as_secs_f64() / runs[0].last_publish.as_secs_f64();
    let size = runs[1].bytes as f64 / runs[0].bytes as f64;
    assert!(
        growth < 2.5 * size,
        "{growth:.2} for {size:.1} times the size: {runs:?}"
    );
    for run in &runs {
        // Memory: the edits and requests add a few copies of the text at most (the
        // fixed text, the fix-all edit in flight; the check's own findings are most of
        // the open's peak), not one per edit or request: 220 of those would add 220.
        // Beside them, a bounded state that does not grow with the text or the edits:
        // the built-in regexes that searched through their build-time DFAs during the
        // open are compiled during the later checks, each with its search cache.
        const ENGINE_STATE: u64 = 24 << 20;
        if let (Some(open), Some(end)) = (run.peak_open, run.peak) {
            let grown = end.saturating_sub(open).saturating_sub(ENGINE_STATE);
            let added = grown as f64 / run.bytes as f64;
            eprintln!("the edits and requests add {added:.1} bytes per byte of text to the peak");
            assert!(added < 16.0, "{added:.1} bytes per byte: {run:?}");
        }
    }
}
