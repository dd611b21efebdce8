//! The language server in process, over `lsp_server::Connection::memory()`.

use std::str::FromStr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOrCommand, Diagnostic, DiagnosticSeverity, InitializeResult,
    NumberOrString, Position, PositionEncodingKind, PublishDiagnosticsParams, Range, TextEdit, Uri,
};
use serde_json::{Value, json};

use mtlint::Linter;
use mtlint::lsp::positions::{Encoding, PositionMap};
use mtlint::lsp::{ServerOptions, Stats, run};
use mtlint::selection::RuleFilter;
use mtlint::workspace::{Discovery, FileSystem, MemoryFs, Workspace};

/// Curly quotes, an em dash, CJK and an emoji before a doubled full stop (a safe fix).
const TEXT: &str =
    "# Title\n\nThe “talks” in Beijing (北京) ended — 😀 on authoritarianism. . And more.\n";
const DOUBLED: &str = "punctuation/doubled-terminator";
/// Long enough that a loaded machine sends five changes within it.
const DEBOUNCE: Duration = Duration::from_millis(250);

struct Client {
    conn: Connection,
    server: Option<JoinHandle<Result<(), String>>>,
    next_id: i32,
    encoding: Encoding,
    /// Notifications seen while waiting for something else.
    seen: Vec<Notification>,
    /// The checker's counters.
    stats: Arc<Stats>,
}

impl Client {
    fn start(capabilities: Value, init_options: Value) -> (Client, InitializeResult) {
        Client::start_with(capabilities, init_options, RuleFilter::default())
    }

    fn start_with(
        capabilities: Value,
        init_options: Value,
        filter: RuleFilter,
    ) -> (Client, InitializeResult) {
        Client::start_in(
            Arc::new(MemoryFs::new()),
            capabilities,
            init_options,
            filter,
        )
    }

    /// A server whose documents' configs are read from `fs`.
    fn start_in(
        fs: Arc<MemoryFs>,
        capabilities: Value,
        init_options: Value,
        filter: RuleFilter,
    ) -> (Client, InitializeResult) {
        let (server, client) = Connection::memory();
        let sources = Linter::builtin_sources();
        let linter = Arc::new(Linter::from_sources(&sources).unwrap());
        let fs: Arc<dyn FileSystem> = fs;
        let workspace =
            Arc::new(Workspace::new(fs, sources, linter, Discovery::Nearest).watching());
        let stats = Arc::new(Stats::default());
        let options = ServerOptions {
            filter,
            debounce: DEBOUNCE,
            stats: Arc::clone(&stats),
        };
        let handle =
            std::thread::spawn(move || run(server, workspace, options).map_err(|e| e.to_string()));
        let mut client = Client {
            conn: client,
            server: Some(handle),
            next_id: 0,
            encoding: Encoding::Utf16,
            seen: Vec::new(),
            stats,
        };
        let result = client.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities,
                   "initializationOptions": init_options}),
        );
        let result: InitializeResult = serde_json::from_value(result.unwrap()).unwrap();
        client.encoding = match result.capabilities.position_encoding.as_ref() {
            Some(k) if *k == PositionEncodingKind::UTF8 => Encoding::Utf8,
            Some(k) if *k == PositionEncodingKind::UTF32 => Encoding::Utf32,
            _ => Encoding::Utf16,
        };
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn notify(&self, method: &str, params: Value) {
        let note = Notification::new(method.to_string(), params);
        self.conn.sender.send(note.into()).unwrap();
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(request.into()).unwrap();
        id
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(90))
            .expect("the server answers within 90 s (a guard against a hang, not a speed test)")
    }

    fn response(&mut self, id: RequestId) -> Response {
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r,
                Message::Notification(n) => self.seen.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, lsp_server::ResponseError> {
        let id = self.send_request(method, params);
        self.response(id).response_result
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> PublishDiagnosticsParams {
        let take = |n: &Notification| {
            n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
        };
        if let Some(i) = self.seen.iter().position(take) {
            return serde_json::from_value(self.seen.remove(i).params).unwrap();
        }
        loop {
            match self.recv() {
                Message::Notification(n) if take(&n) => {
                    return serde_json::from_value(n.params).unwrap();
                }
                Message::Notification(n) => self.seen.push(n),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn code_actions(
        &mut self,
        uri: &str,
        range: Range,
        only: Option<Vec<&str>>,
    ) -> Vec<lsp_types::CodeAction> {
        let mut context = json!({"diagnostics": []});
        if let Some(only) = only {
            context["only"] = json!(only);
        }
        let result = self
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": range, "context": context}),
            )
            .unwrap();
        let actions: Vec<CodeActionOrCommand> = serde_json::from_value(result).unwrap();
        actions
            .into_iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a,
                CodeActionOrCommand::Command(c) => panic!("command {c:?}"),
            })
            .collect()
    }

    fn shutdown(mut self) -> Result<(), String> {
        assert_eq!(self.request("shutdown", Value::Null).unwrap(), Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }

    /// Applies a code action's edit to `text` as an editor would.
    // lsp-types keys `WorkspaceEdit::changes` by `Uri`, whose lazily parsed parts clippy
    // takes for interior mutability; its hash and equality use the string only.
    #[allow(clippy::mutable_key_type)]
    fn apply(&self, text: &str, action: &lsp_types::CodeAction, uri: &str) -> String {
        let changes = action.edit.as_ref().unwrap().changes.as_ref().unwrap();
        let edits = &changes[&Uri::from_str(uri).unwrap()];
        apply_edits(text, edits, self.encoding)
    }
}

fn apply_edits(text: &str, edits: &[TextEdit], encoding: Encoding) -> String {
    let map = PositionMap::new(text, encoding);
    let mut bytes: Vec<(std::ops::Range<usize>, &str)> = edits
        .iter()
        .map(|e| (map.byte_range(e.range), e.new_text.as_str()))
        .collect();
    bytes.sort_by_key(|(r, _)| r.start);
    let mut out = text.to_string();
    for (range, new) in bytes.into_iter().rev() {
        out.replace_range(range, new);
    }
    out
}

fn utf8_caps() -> Value {
    json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}})
}

fn only_rule<'d>(diags: &'d [Diagnostic], rule: &str) -> &'d Diagnostic {
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.code == Some(NumberOrString::String(rule.into())))
        .collect();
    assert_eq!(found.len(), 1, "{diags:#?}");
    found[0]
}

#[test]
fn initialize_negotiates_the_position_encoding() {
    let (client, result) = Client::start(json!({}), Value::Null);
    assert_eq!(
        result.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF16)
    );
    assert_eq!(result.server_info.unwrap().name, "mtlint");
    client.shutdown().unwrap();

    let (client, result) = Client::start(utf8_caps(), Value::Null);
    assert_eq!(
        result.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF8)
    );
    client.shutdown().unwrap();

    let caps = json!({"general": {"positionEncodings": ["utf-32", "utf-16"]}});
    let (client, result) = Client::start(caps, Value::Null);
    assert_eq!(
        result.capabilities.position_encoding,
        Some(PositionEncodingKind::UTF32)
    );
    client.shutdown().unwrap();
}

#[test]
fn did_open_publishes_diagnostics_in_utf16() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let uri = "file:///tmp/article.md";
    client.open(uri, "markdown", TEXT);
    let published = client.diagnostics(uri);
    assert_eq!(published.version, Some(1));
    let d = only_rule(&published.diagnostics, DOUBLED);
    // "The “talks” in Beijing (北京) ended — 😀 on authoritarianism" is 57 characters,
    // 58 UTF-16 units (the emoji takes two).
    assert_eq!(
        d.range,
        Range::new(Position::new(2, 58), Position::new(2, 61))
    );
    assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
    assert_eq!(d.source.as_deref(), Some("mtlint"));
    assert!(d.message.contains(". ."), "{}", d.message);
    client.shutdown().unwrap();
}

#[test]
fn utf8_positions_count_bytes() {
    let (mut client, _) = Client::start(utf8_caps(), Value::Null);
    let uri = "file:///tmp/article.md";
    client.open(uri, "markdown", TEXT);
    let published = client.diagnostics(uri);
    let d = only_rule(&published.diagnostics, DOUBLED);
    let line_start = TEXT.find("The").unwrap();
    let col = (TEXT.find(". .").unwrap() - line_start) as u32;
    assert_eq!(
        d.range,
        Range::new(Position::new(2, col), Position::new(2, col + 3))
    );
    client.shutdown().unwrap();
}

#[test]
fn did_change_is_debounced_and_close_clears() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let uri = "file:///tmp/notes.txt";
    client.open(uri, "plaintext", "Nothing wrong here.\n");
    assert!(client.diagnostics(uri).diagnostics.is_empty());
    // Five quick edits: only the last version is checked.
    let start = Instant::now();
    for version in 2..=6 {
        let text = if version == 6 {
            "Wrong. . Here.\n"
        } else {
            "typing\n"
        };
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }
    let published = client.diagnostics(uri);
    assert!(start.elapsed() >= DEBOUNCE);
    assert_eq!(published.version, Some(6));
    only_rule(&published.diagnostics, DOUBLED);
    // An incremental change fixes it: replace ". ." (columns 5..8) with ".".
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 7},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 5},
                                             "end": {"line": 0, "character": 8}},
                                   "text": "."}]}),
    );
    let published = client.diagnostics(uri);
    assert_eq!(published.version, Some(7));
    assert!(
        published.diagnostics.is_empty(),
        "{:?}",
        published.diagnostics
    );
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(uri).version, Some(7));
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let cleared = client.diagnostics(uri);
    assert!(cleared.diagnostics.is_empty());
    client.shutdown().unwrap();
}

#[test]
fn quick_fix_applies_the_suggestion() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let uri = "file:///tmp/article.md";
    client.open(uri, "markdown", TEXT);
    let d = only_rule(&client.diagnostics(uri).diagnostics, DOUBLED).clone();
    let actions = client.code_actions(uri, d.range, None);
    let fix = actions
        .iter()
        .find(|a| a.is_preferred == Some(true))
        .expect("a preferred quick fix");
    assert_eq!(fix.kind, Some(CodeActionKind::QUICKFIX));
    assert_eq!(
        client.apply(TEXT, fix, uri),
        TEXT.replace("authoritarianism. .", "authoritarianism.")
    );
    client.shutdown().unwrap();
}

#[test]
fn disable_comment_goes_on_the_line_above() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let md = "file:///tmp/article.md";
    client.open(md, "markdown", TEXT);
    let d = only_rule(&client.diagnostics(md).diagnostics, DOUBLED).clone();
    let actions = client.code_actions(md, d.range, None);
    let disable = actions
        .iter()
        .find(|a| a.title == format!("Disable {DOUBLED} for this line"))
        .expect("a disable action");
    assert_eq!(
        client.apply(TEXT, disable, md),
        TEXT.replace(
            "The “",
            &format!("<!-- mtlint-disable-next-line {DOUBLED} -->\nThe “")
        )
    );

    let txt = "file:///tmp/notes.txt";
    let plain = "Intro.\r\n  Wrong. . Here.\r\n";
    client.open(txt, "plaintext", plain);
    let d = only_rule(&client.diagnostics(txt).diagnostics, DOUBLED).clone();
    let actions = client.code_actions(txt, d.range, Some(vec!["quickfix"]));
    let disable = actions
        .iter()
        .find(|a| a.title.starts_with("Disable"))
        .unwrap();
    assert_eq!(
        client.apply(plain, disable, txt),
        format!("Intro.\r\n  mtlint-disable-next-line {DOUBLED}\r\n  Wrong. . Here.\r\n")
    );
    client.shutdown().unwrap();
}

#[test]
fn fix_all_fixes_every_safe_finding() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let uri = "file:///tmp/article.md";
    let text = format!("{TEXT}\nAnother one.. here, “and” 😀 one more!!\n");
    client.open(uri, "markdown", &text);
    client.diagnostics(uri);
    let start = Range::new(Position::new(0, 0), Position::new(0, 0));
    let actions = client.code_actions(uri, start, Some(vec!["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0].title, "Fix all safe findings in this file");
    assert_eq!(actions[0].kind, Some(CodeActionKind::SOURCE_FIX_ALL));
    let fixed = client.apply(&text, &actions[0], uri);
    let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
    let expected = mtlint::fix::fix_document(
        &linter,
        &text,
        mtlint::document::Syntax::Markdown,
        mtlint::fix::FixLevel::Safe,
        &|_| true,
    );
    assert_eq!(fixed, expected.text);
    assert!(fixed.contains("authoritarianism. And"), "{fixed}");
    // Offered with the quick fixes too, on a finding.
    let on_finding = Range::new(Position::new(2, 59), Position::new(2, 59));
    let actions = client.code_actions(uri, on_finding, None);
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    assert!(
        actions
            .iter()
            .any(|a| a.title == "Fix all safe findings in this file"
                && a.kind == Some(CodeActionKind::QUICKFIX)),
        "{titles:?}"
    );
    // Nothing asked for a kind we do not offer.
    assert!(
        client
            .code_actions(uri, on_finding, Some(vec!["refactor"]))
            .is_empty()
    );
    client.shutdown().unwrap();
}

#[test]
fn fix_all_reads_the_page_as_the_config_names_its_site() {
    // Without front matter, `{{ ... }}` is read as prose unless the config names the
    // site; fix-all must then leave the template alone, as `--fix` does.
    let fs = Arc::new(MemoryFs::new());
    fs.write("/repo/mtlint.toml", "syntax = \"hugo\"\n");
    let (mut client, _) = Client::start_in(
        Arc::clone(&fs),
        json!({}),
        Value::Null,
        RuleFilter::default(),
    );
    let uri = "file:///repo/content/a.md";
    let text = "Intro text.\n\n{{ $x := slice \"a\" , \"b\" }}\n\nThe the end.\n";
    client.open(uri, "markdown", text);
    client.diagnostics(uri);
    let start = Range::new(Position::new(0, 0), Position::new(0, 0));
    let actions = client.code_actions(uri, start, Some(vec!["source.fixAll"]));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let fixed = client.apply(text, &actions[0], uri);
    assert_eq!(
        fixed,
        "Intro text.\n\n{{ $x := slice \"a\" , \"b\" }}\n\nThe end.\n"
    );
    client.shutdown().unwrap();
}

#[test]
fn settings_filter_rules() {
    let ignore = json!({"ignore": [DOUBLED]});
    let (mut client, _) = Client::start(json!({}), ignore);
    let uri = "file:///tmp/article.md";
    client.open(uri, "markdown", TEXT);
    assert!(client.diagnostics(uri).diagnostics.is_empty());
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"mtlint": {"ignore": []}}}),
    );
    only_rule(&client.diagnostics(uri).diagnostics, DOUBLED);
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"select": ["no-such-rule"]}}),
    );
    let published = client.diagnostics(uri);
    assert!(published.diagnostics.is_empty());
    let warning = client
        .seen
        .iter()
        .find(|n| n.method == "window/showMessage")
        .expect("a warning about the unknown selector");
    assert!(
        warning.params["message"]
            .as_str()
            .unwrap()
            .contains("no-such-rule")
    );
    client.shutdown().unwrap();
}

#[test]
fn command_line_filter_is_the_base() {
    let filter = RuleFilter::new(vec![], vec!["punctuation".into()]);
    let (mut client, _) = Client::start_with(json!({}), Value::Null, filter);
    let uri = "file:///tmp/article.md";
    client.open(uri, "markdown", TEXT);
    assert!(client.diagnostics(uri).diagnostics.is_empty());
    client.shutdown().unwrap();
}

#[test]
fn unknown_requests_get_method_not_found_and_the_server_goes_on() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let err = client.request("mtlint/nonsense", json!({})).unwrap_err();
    assert_eq!(err.code, lsp_server::ErrorCode::MethodNotFound as i32);
    client.notify("mtlint/unknownNotification", json!({"x": 1}));
    client.notify("textDocument/didOpen", json!({"wrong": "params"}));
    let err = client
        .request("textDocument/codeAction", json!({"bad": true}))
        .unwrap_err();
    assert_eq!(err.code, lsp_server::ErrorCode::InvalidParams as i32);
    // A document the server never saw: no actions.
    let range = Range::new(Position::new(0, 0), Position::new(0, 0));
    assert!(
        client
            .code_actions("file:///nowhere.md", range, None)
            .is_empty()
    );
    let uri = "file:///tmp/article.md";
    client.open(uri, "markdown", TEXT);
    only_rule(&client.diagnostics(uri).diagnostics, DOUBLED);
    client.shutdown().unwrap();
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.server.take().unwrap().join().unwrap().is_err());
}

#[test]
fn a_large_document_does_not_block_the_message_loop() {
    // One rule keeps the check short in a debug build; it still takes a while on 5 MB.
    let filter = RuleFilter::new(vec![DOUBLED.into()], vec![]);
    let (mut client, _) = Client::start_with(json!({}), Value::Null, filter);
    let paragraph =
        "The “talks” ended — 中文 😀 on authoritarianism. . And more words follow here.\n\n";
    let big = paragraph.repeat(5_000_000 / paragraph.len());
    assert!(big.len() > 4_900_000);
    let uri = "file:///tmp/big.md";
    client.open(uri, "markdown", &big);
    // The server answers while it checks.
    let start = Instant::now();
    let err = client.request("mtlint/ping", Value::Null).unwrap_err();
    assert_eq!(err.code, lsp_server::ErrorCode::MethodNotFound as i32);
    let answered = start.elapsed();
    let published = client.diagnostics(uri);
    let checked = start.elapsed();
    assert_eq!(published.diagnostics.len(), big.matches(". .").count());
    eprintln!("answered after {answered:?}, diagnostics after {checked:?}");
    assert!(answered < checked, "{answered:?} vs {checked:?}");
    client.shutdown().unwrap();
}

#[test]
fn a_lone_cr_ends_a_line() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let uri = "file:///tmp/notes.txt";
    client.open(uri, "plaintext", "Title line\rThe agency sent food food");
    let published = client.diagnostics(uri);
    let d = only_rule(&published.diagnostics, "repetition/repeated-words");
    assert_eq!(d.range.start.line, 1, "{d:?}");
    assert_eq!(d.range.end.line, 1, "{d:?}");
    assert_eq!(d.range.start.character, 21, "{d:?}");
    client.shutdown().unwrap();
}

#[test]
fn code_actions_reuse_one_check_and_one_fix_all_per_revision() {
    use std::sync::atomic::Ordering::Relaxed;
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let uri = "file:///tmp/article.md";
    let text = format!("{TEXT}\nAnother one.. here, “and” 😀 one more!!\n");
    client.open(uri, "markdown", &text);
    let d = only_rule(&client.diagnostics(uri).diagnostics, DOUBLED).clone();
    assert_eq!(client.stats.checks.load(Relaxed), 1);
    // Away from any finding: no fix-all is computed at all.
    let away = Range::new(Position::new(0, 1), Position::new(0, 1));
    for _ in 0..10 {
        assert!(
            client
                .code_actions(uri, away, Some(vec!["quickfix"]))
                .is_empty()
        );
    }
    assert_eq!(client.stats.fixes.load(Relaxed), 0);
    // Quick fixes on a finding: that finding's actions, and still no fix-all.
    for _ in 0..10 {
        let actions = client.code_actions(uri, d.range, Some(vec!["quickfix"]));
        assert!(!actions.is_empty());
        assert!(
            actions
                .iter()
                .all(|a| a.title != "Fix all safe findings in this file")
        );
    }
    assert_eq!(client.stats.fixes.load(Relaxed), 0);
    // On a finding, and as a source action, many times: one fix-all, no new check.
    for _ in 0..10 {
        let actions = client.code_actions(uri, d.range, None);
        assert!(
            actions
                .iter()
                .any(|a| a.title == "Fix all safe findings in this file")
        );
        let actions = client.code_actions(uri, away, Some(vec!["source.fixAll"]));
        assert_eq!(actions.len(), 1);
    }
    assert_eq!(client.stats.checks.load(Relaxed), 1);
    assert_eq!(client.stats.fixes.load(Relaxed), 1);
    // A change makes a new revision: one more check, and fix-all again when asked.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": format!("{text}\nMore.. text.\n")}]}),
    );
    client.diagnostics(uri);
    assert_eq!(client.stats.checks.load(Relaxed), 2);
    client.code_actions(uri, away, Some(vec!["source.fixAll"]));
    client.code_actions(uri, away, Some(vec!["source.fixAll"]));
    assert_eq!(client.stats.checks.load(Relaxed), 2);
    assert_eq!(client.stats.fixes.load(Relaxed), 2);
    // Settings that do not change what runs keep the results.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"mtlint": {}}}),
    );
    client.diagnostics(uri);
    client.code_actions(uri, away, Some(vec!["source.fixAll"]));
    assert_eq!(client.stats.checks.load(Relaxed), 2);
    assert_eq!(client.stats.fixes.load(Relaxed), 2);
    client.shutdown().unwrap();
}

/// A change that comes while its document is being checked makes that check stale: it is
/// dropped, not published, and a code action asked for before the change gets no
/// actions and no check of its own.
#[test]
fn stale_checks_and_code_actions_are_dropped() {
    use std::sync::atomic::Ordering::Relaxed;
    let filter = RuleFilter::new(vec![DOUBLED.into()], vec![]);
    let (mut client, _) = Client::start_with(json!({}), Value::Null, filter);
    let paragraph = "The “talks” ended — 中文 😀 on authoritarianism. . And more.\n\n";
    let big = paragraph.repeat(300_000 / paragraph.len());
    let uri = "file:///tmp/big.md";
    client.open(uri, "markdown", &big);
    let published = client.diagnostics(uri);
    assert_eq!(published.version, Some(1));
    let on_finding = published.diagnostics[0].range;
    let change = |client: &Client, version: i32, text: &str| {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    };
    change(&client, 2, &format!("{big}Two. . more.\n"));
    // Once the check of version 2 has started, a code action and version 3 arrive.
    let deadline = Instant::now() + Duration::from_secs(20);
    while client.stats.checks.load(Relaxed) < 2 {
        assert!(
            Instant::now() < deadline,
            "the check of version 2 never started"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let id = client.send_request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": on_finding,
               "context": {"diagnostics": []}}),
    );
    let three = format!("{big}Three. . more. . still.\n");
    change(&client, 3, &three);
    let answer = client.response(id).response_result.unwrap();
    assert_eq!(answer, json!([]));
    let published = client.diagnostics(uri);
    assert_eq!(published.version, Some(3));
    assert_eq!(published.diagnostics.len(), three.matches(". .").count());
    assert_eq!(client.stats.superseded.load(Relaxed), 1);
    assert_eq!(client.stats.checks.load(Relaxed), 3);
    // Nothing else was published for the document meanwhile.
    assert!(
        client
            .seen
            .iter()
            .all(|n| n.method != "textDocument/publishDiagnostics"),
        "{:?}",
        client.seen
    );
    // The current version answers from its check.
    assert!(!client.code_actions(uri, on_finding, None).is_empty());
    assert_eq!(client.stats.checks.load(Relaxed), 3);
    client.shutdown().unwrap();
}

#[test]
fn the_config_sets_severity_and_selection() {
    let fs = Arc::new(MemoryFs::new());
    fs.write(
        "/repo/mtlint.toml",
        "ignore = [\"repetition\"]\n[severity]\n\"punctuation/doubled-terminator\" = \"error\"\n",
    );
    let (mut client, _) = Client::start_in(
        Arc::clone(&fs),
        json!({}),
        Value::Null,
        RuleFilter::default(),
    );
    let uri = "file:///repo/docs/a.md";
    client.open(uri, "markdown", "Wrong. . Here, food food.\n");
    let published = client.diagnostics(uri);
    let d = only_rule(&published.diagnostics, DOUBLED);
    assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(
        published.diagnostics.len(),
        1,
        "{:#?}",
        published.diagnostics
    );
    // Outside the config's folder: defaults.
    let other = "file:///elsewhere/a.md";
    client.open(other, "markdown", "Wrong. . Here, food food.\n");
    let published = client.diagnostics(other);
    let d = only_rule(&published.diagnostics, DOUBLED);
    assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
    only_rule(&published.diagnostics, "repetition/repeated-words");
    client.shutdown().unwrap();
}

#[test]
fn the_config_expects_languages_per_file_and_override() {
    const FOREIGN: &str = "untranslated/foreign-words";
    let fs = Arc::new(MemoryFs::new());
    fs.write(
        "/repo/mtlint.toml",
        "languages = [\"es\"]\n[[overrides]]\nfiles = [\"de/**\"]\nlanguages = [\"German\"]\n",
    );
    let (mut client, _) = Client::start_in(
        Arc::clone(&fs),
        json!({}),
        Value::Null,
        RuleFilter::default(),
    );
    let text = "Por otra parte, the central bank kept its rates unchanged.\n\n\
                The talks were sehr schwierig, according to diplomats.\n";
    let foreign = |published: &PublishDiagnosticsParams| -> Vec<u32> {
        published
            .diagnostics
            .iter()
            .filter(|d| d.code == Some(NumberOrString::String(FOREIGN.into())))
            .map(|d| d.range.start.line)
            .collect()
    };
    // Outside the config: both runs are reported.
    let other = "file:///elsewhere/a.md";
    client.open(other, "markdown", text);
    assert_eq!(foreign(&client.diagnostics(other)), [0, 2]);
    // Under it: the Spanish run is expected, the German one is not.
    let uri = "file:///repo/a.md";
    client.open(uri, "markdown", text);
    assert_eq!(foreign(&client.diagnostics(uri)), [2]);
    // Under the override: both are expected.
    let uri = "file:///repo/de/a.md";
    client.open(uri, "markdown", text);
    assert_eq!(foreign(&client.diagnostics(uri)), Vec::<u32>::new());
    client.shutdown().unwrap();
}

#[test]
fn the_config_brings_its_rule_folders() {
    let fs = Arc::new(MemoryFs::new());
    fs.write("/repo/mtlint.toml", "rules = [\"house\"]\n");
    fs.write(
        "/repo/house/house.toml",
        r#"
[pack]
name = "house"
description = "test"

[[rule]]
id = "house/teh"
severity = "error"
fix = "safe"
message = "write `the`"
description = "A typo."

[[rule.bad]]
text = "teh cat"
fixed = "the cat"

[rule.match]
kind = "phrase"
[rule.match.phrases]
"teh" = "the"
"#,
    );
    let (mut client, _) = Client::start_in(
        Arc::clone(&fs),
        json!({}),
        Value::Null,
        RuleFilter::default(),
    );
    let uri = "file:///repo/a.txt";
    client.open(uri, "plaintext", "I saw teh cat.\n");
    let published = client.diagnostics(uri);
    only_rule(&published.diagnostics, "house/teh");
    client.shutdown().unwrap();
}

#[test]
fn a_broken_config_is_reported_and_its_documents_not_checked() {
    let fs = Arc::new(MemoryFs::new());
    fs.write(
        "/repo/mtlint.toml",
        "select = [\"punctuation\"]\nselekt = 1\n",
    );
    let (mut client, _) = Client::start_in(
        Arc::clone(&fs),
        json!({}),
        Value::Null,
        RuleFilter::default(),
    );
    let uri = "file:///repo/a.md";
    client.open(uri, "markdown", "Wrong. . Here.\n");
    let config = client.diagnostics("file:///repo/mtlint.toml");
    assert_eq!(config.diagnostics.len(), 1);
    let d = &config.diagnostics[0];
    assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
    assert_eq!(d.range.start, Position::new(1, 0));
    assert!(
        d.message.contains("unknown field `selekt`"),
        "{}",
        d.message
    );
    let doc = client.diagnostics(uri);
    assert_eq!(doc.diagnostics.len(), 1, "{:#?}", doc.diagnostics);
    assert!(doc.diagnostics[0].message.starts_with("not checked: "));
    let shown: Vec<&Notification> = client
        .seen
        .iter()
        .filter(|n| n.method == "window/showMessage")
        .collect();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].params["type"], 1);
    assert!(
        shown[0].params["message"]
            .as_str()
            .unwrap()
            .contains("/repo/mtlint.toml")
    );
    // Repaired: the config's diagnostic is cleared and the document checked with it.
    fs.write("/repo/mtlint.toml", "select = [\"punctuation\"]\n");
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(
        client
            .diagnostics("file:///repo/mtlint.toml")
            .diagnostics
            .is_empty()
    );
    only_rule(&client.diagnostics(uri).diagnostics, DOUBLED);
    client.shutdown().unwrap();
}

/// The table rows (header included) and the cells of each, as pulldown-cmark reads them.
fn table_shape(text: &str) -> Vec<usize> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let mut rows = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(0),
            Event::Start(Tag::TableCell) => *rows.last_mut().unwrap() += 1,
            _ => {}
        }
    }
    rows
}

fn list_items(text: &str) -> (usize, usize) {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut lists = 0;
    let mut items = 0;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::List(_)) => lists += 1,
            Event::Start(Tag::Item) => items += 1,
            _ => {}
        }
    }
    (lists, items)
}

#[test]
fn disabling_a_rule_on_a_table_row_or_list_item_keeps_the_structure() {
    let (mut client, _) = Client::start(json!({}), Value::Null);
    let uri = "file:///tmp/table.md";
    let text = "# Notes\n\n| Name | Note |\n| --- | --- |\n| One | Wrong. . Here. |\n| Two | Fine. |\n\n- First item\n- Wrong. . Again.\n- Third item\n";
    assert_eq!(table_shape(text), [2, 2, 2]);
    assert_eq!(list_items(text), (1, 3));
    client.open(uri, "markdown", text);
    let published = client.diagnostics(uri);
    let doubled: Vec<Diagnostic> = published
        .diagnostics
        .iter()
        .filter(|d| d.code == Some(NumberOrString::String(DOUBLED.into())))
        .cloned()
        .collect();
    assert_eq!(doubled.len(), 2, "{:#?}", published.diagnostics);
    let mut fixed = text.to_string();
    for d in &doubled {
        let disable = client
            .code_actions(uri, d.range, Some(vec!["quickfix"]))
            .into_iter()
            .find(|a| a.title.starts_with("Disable"))
            .unwrap();
        let after = client.apply(text, &disable, uri);
        assert_eq!(table_shape(&after), [2, 2, 2], "{after}");
        assert_eq!(list_items(&after), (1, 3), "{after}");
        assert_eq!(after.lines().count(), text.lines().count(), "{after}");
        assert!(after.contains(&format!("<!-- mtlint-disable-line {DOUBLED} -->")));
        fixed = client.apply(&fixed, &disable, uri);
    }
    assert!(
        fixed.contains(&format!(
            "| One | Wrong. . Here. <!-- mtlint-disable-line {DOUBLED} --> |"
        )),
        "{fixed}"
    );
    assert!(
        fixed.contains(&format!(
            "- Wrong. . Again. <!-- mtlint-disable-line {DOUBLED} -->"
        )),
        "{fixed}"
    );
    // The suppressions work, and are used.
    let second = "file:///tmp/table2.md";
    client.open(second, "markdown", &fixed);
    let published = client.diagnostics(second);
    assert!(
        published.diagnostics.is_empty(),
        "{:#?}",
        published.diagnostics
    );
    client.shutdown().unwrap();
}
