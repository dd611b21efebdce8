//! `mtlint lsp`: a language server. Diagnostics for open documents, quick fixes for each
//! suggestion, "fix all safe findings", and a suppression comment per rule and line.
//!
//! The server is a library function over an `lsp_server::Connection`, so that tests run
//! it in process (`Connection::memory()`) and the binary runs it over stdio. It keeps no
//! process-global state: everything lives in [`run`]'s frame and its checker thread.

pub mod actions;
pub mod documents;
pub mod positions;
pub mod transport;
pub mod uris;
mod worker;

use std::collections::HashMap;
use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::PublishDiagnostics;
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, Request as _, Shutdown};
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionParams,
    CodeActionProviderCapability, Diagnostic, DiagnosticSeverity, InitializeParams, MessageType,
    NumberOrString, Position, PublishDiagnosticsParams, SaveOptions, ServerCapabilities,
    ServerInfo, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;

use crate::selection::RuleFilter;
use crate::workspace::{ConfigError, Overrides, Workspace};
use documents::{Document, detect_syntax};
use positions::Encoding;
pub use worker::Stats;
use worker::{DocSettings, Job, Shared, Worker, lock};

/// How the server was started.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// The rules chosen on the command line (`--select`, `--ignore`). Client settings
    /// replace the lists they name.
    pub filter: RuleFilter,
    /// How long a document must go without a change before it is checked again.
    pub debounce: Duration,
    /// Counts the checker's work (read by tests).
    pub stats: Arc<Stats>,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        ServerOptions {
            filter: RuleFilter::default(),
            debounce: Duration::from_millis(150),
            stats: Arc::default(),
        }
    }
}

pub type ServerError = Box<dyn Error + Send + Sync>;

/// Client settings, from `initializationOptions` or `workspace/didChangeConfiguration`:
/// `{"select": [..], "ignore": [..]}`, at the top level or under `"mtlint"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
}

impl Settings {
    pub fn from_json(value: &Value) -> Settings {
        let value = value.get("mtlint").unwrap_or(value);
        let list = |key: &str| -> Option<Vec<String>> {
            match value.get(key)? {
                Value::Array(items) => Some(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                ),
                Value::String(s) => Some(
                    s.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                ),
                _ => None,
            }
        };
        Settings {
            select: list("select"),
            ignore: list("ignore"),
        }
    }

    /// `base` with the lists these settings name replaced.
    pub fn apply(&self, base: &RuleFilter) -> RuleFilter {
        RuleFilter::new(
            self.select.clone().unwrap_or_else(|| base.select.clone()),
            self.ignore.clone().unwrap_or_else(|| base.ignore.clone()),
        )
    }
}

/// The capabilities announced to a client that negotiated `encoding`.
pub fn server_capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Runs the server on `connection` until `shutdown` and `exit`: `Ok` after both, an error
/// if the client exits without `shutdown` or the connection breaks. Each document's
/// settings come from `workspace` (its `mtlint.toml`: rules, scripts, selection,
/// severities), under the command line's and the client's selection.
pub fn run(
    connection: Connection,
    workspace: Arc<Workspace>,
    options: ServerOptions,
) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    let (capabilities, init_options) = read_initialize(params);
    let encoding = Encoding::negotiate(&capabilities);
    let result = lsp_types::InitializeResult {
        capabilities: server_capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "mtlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;

    let (jobs, job_receiver) = crossbeam_channel::unbounded();
    let documents = Shared::default();
    let worker = Worker::new(
        encoding,
        connection.sender.clone(),
        options.stats,
        Arc::clone(&documents),
    );
    let worker = thread::Builder::new()
        .name("mtlint-lsp-checker".into())
        .spawn(move || worker.run(job_receiver))?;

    let mut server = Server {
        out: connection.sender.clone(),
        jobs,
        workspace,
        encoding,
        documents,
        base: options.filter,
        filter: RuleFilter::default(),
        resolved: HashMap::new(),
        broken: HashMap::new(),
        debounce: options.debounce,
    };
    server.configure(
        init_options
            .map(|o| Settings::from_json(&o))
            .unwrap_or_default(),
    );

    let outcome = server.serve(&connection);
    drop(server);
    let _ = worker.join();
    outcome
}

/// The client capabilities and initialization options, read leniently: a client whose
/// `initialize` params do not match the schema still gets a server with defaults.
fn read_initialize(params: Value) -> (ClientCapabilities, Option<Value>) {
    match serde_json::from_value::<InitializeParams>(params.clone()) {
        Ok(p) => (p.capabilities, p.initialization_options),
        Err(_) => (
            params
                .get("capabilities")
                .and_then(|c| serde_json::from_value(c.clone()).ok())
                .unwrap_or_default(),
            params.get("initializationOptions").cloned(),
        ),
    }
}

struct Server {
    out: Sender<Message>,
    jobs: Sender<Job>,
    workspace: Arc<Workspace>,
    encoding: Encoding,
    /// The open documents, shared with the checker.
    documents: Shared,
    /// The command line's rule choice, under the client's settings.
    base: RuleFilter,
    /// The client's settings over `base`.
    filter: RuleFilter,
    /// The last settings of each document, kept so that unchanged settings stay the same
    /// value and the checker's results for them stay valid.
    resolved: HashMap<Uri, DocSettings>,
    /// Broken configs reported, by path.
    broken: HashMap<PathBuf, Arc<ConfigError>>,
    debounce: Duration,
}

impl Server {
    /// The message loop. After `shutdown`, requests get `InvalidRequest` (as LSP asks) and
    /// notifications other than `exit` are dropped; `exit` then ends the server cleanly.
    fn serve(&mut self, connection: &Connection) -> Result<(), ServerError> {
        let mut shut_down = false;
        for message in &connection.receiver {
            match message {
                Message::Request(request) if shut_down => {
                    let reply = Response::new_err(
                        request.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    );
                    let _ = self.out.send(reply.into());
                }
                Message::Request(request) if request.method == Shutdown::METHOD => {
                    shut_down = true;
                    let _ = self.out.send(Response::new_ok(request.id, ()).into());
                }
                Message::Request(request) => self.request(request),
                Message::Notification(note) if note.method == Exit::METHOD => {
                    return if shut_down {
                        Ok(())
                    } else {
                        Err("exit without shutdown".into())
                    };
                }
                Message::Notification(_) if shut_down => {}
                Message::Notification(note) => self.notification(note),
                Message::Response(_) => {}
            }
        }
        if shut_down {
            return Ok(());
        }
        Err("the client closed the connection without shutdown and exit".into())
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let reply = match request.method.as_str() {
            CodeActionRequest::METHOD => {
                match serde_json::from_value::<CodeActionParams>(request.params) {
                    Ok(params) => return self.code_action(id, params),
                    Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()),
                }
            }
            method => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("unknown method `{method}`"),
            ),
        };
        let _ = self.out.send(reply.into());
    }

    fn code_action(&mut self, id: lsp_server::RequestId, params: CodeActionParams) {
        let uri = &params.text_document.uri;
        let Some((revision, syntax)) = lock(&self.documents)
            .get(uri)
            .map(|d| (d.revision, d.syntax))
        else {
            let _ = self.out.send(Response::new_ok(id, Vec::<()>::new()).into());
            return;
        };
        let settings = self.settings_for(uri, syntax);
        let _ = self.jobs.send(Job::CodeAction {
            id,
            params: Box::new(params),
            revision,
            settings,
        });
    }

    /// Notifications: unknown ones and ones with bad params are ignored, as LSP asks.
    fn notification(&mut self, note: Notification) {
        match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = note.extract(DidOpenTextDocument::METHOD) {
                    self.did_open(p);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = note.extract(DidChangeTextDocument::METHOD) {
                    self.did_change(p);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = note.extract(DidSaveTextDocument::METHOD) {
                    self.did_save(p);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = note.extract(DidCloseTextDocument::METHOD) {
                    self.did_close(p);
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(p) = note.extract(DidChangeConfiguration::METHOD) {
                    self.did_change_configuration(p);
                }
            }
            _ => {}
        }
    }

    fn did_open(&mut self, p: lsp_types::DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let syntax = detect_syntax(&doc.language_id, &doc.uri);
        let document = Document::new(doc.text, doc.version, syntax);
        lock(&self.documents).open(doc.uri.clone(), document);
        self.schedule(&doc.uri, Duration::ZERO);
    }

    /// Applies the changes at once (they are cheap) and leaves the check to the checker,
    /// which coalesces a burst of changes into one check of the newest text.
    fn did_change(&mut self, p: lsp_types::DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let encoding = self.encoding;
        let changed = lock(&self.documents).update(&uri, |document| {
            document.apply_changes(p.text_document.version, p.content_changes, encoding)
        });
        if changed {
            self.schedule(&uri, self.debounce);
        }
    }

    fn did_save(&mut self, p: lsp_types::DidSaveTextDocumentParams) {
        let uri = p.text_document.uri;
        if let Some(text) = p.text {
            lock(&self.documents).update(&uri, |document| document.replace(text));
        }
        self.schedule(&uri, Duration::ZERO);
    }

    fn did_close(&mut self, p: lsp_types::DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        lock(&self.documents).close(&uri);
        self.resolved.remove(&uri);
        let _ = self.jobs.send(Job::Close { uri });
    }

    fn did_change_configuration(&mut self, p: lsp_types::DidChangeConfigurationParams) {
        self.configure(Settings::from_json(&p.settings));
        let uris: Vec<Uri> = lock(&self.documents)
            .iter()
            .map(|(u, _)| u.clone())
            .collect();
        for uri in uris {
            self.schedule(&uri, Duration::ZERO);
        }
    }

    /// Applies client settings, warning about selectors that name no rule.
    fn configure(&mut self, settings: Settings) {
        let filter = settings.apply(&self.base);
        let linter = self.workspace.base();
        let rules: Vec<&crate::RuleMeta> = linter.rules().map(|r| r.as_ref()).collect();
        let unknown = filter.unknown(rules.iter().copied());
        if !unknown.is_empty() {
            self.show(
                MessageType::WARNING,
                format!("mtlint: {}", unknown.join("; ")),
            );
        }
        self.filter = filter;
    }

    fn show(&self, typ: MessageType, message: String) {
        let params = ShowMessageParams { typ, message };
        let note = Notification::new(ShowMessage::METHOD.to_string(), params);
        let _ = self.out.send(note.into());
    }

    /// The settings of one document: its `mtlint.toml` (as the CLI finds it), under the
    /// command line and the client's settings, whose `select` replaces the config's and
    /// whose `ignore` adds to it. The document's own syntax (from its language id) wins
    /// over its file name. A broken config is reported once, on the config file and in a
    /// message, and again when it changes; a fixed one has its diagnostic cleared.
    fn settings_for(&mut self, uri: &Uri, syntax: crate::document::Syntax) -> DocSettings {
        let path = uris::file_path(uri);
        let overrides = Overrides::from_filter(&self.filter);
        let settings = match self.workspace.resolve(path.as_deref(), &overrides) {
            Ok(mut resolved) => {
                resolved.syntax = syntax;
                self.config_ok(path.as_deref(), resolved.config_path.as_deref());
                Ok(Arc::new(resolved))
            }
            Err(e) => Err(self.config_broken(e)),
        };
        // Keep the previous value when nothing changed.
        let settings = match (self.resolved.get(uri), settings) {
            (Some(Ok(old)), Ok(new)) if old.same_as(&new) => Ok(Arc::clone(old)),
            (_, settings) => settings,
        };
        self.resolved.insert(uri.clone(), settings.clone());
        settings
    }

    fn config_broken(&mut self, error: ConfigError) -> Arc<ConfigError> {
        if let Some(known) = self.broken.get(&error.path)
            && **known == error
        {
            return Arc::clone(known);
        }
        let error = Arc::new(error);
        self.broken.insert(error.path.clone(), Arc::clone(&error));
        self.show(
            MessageType::ERROR,
            format!("mtlint: the config cannot be used: {error}"),
        );
        if let Some(uri) = uris::file_uri(&error.path) {
            let line = error.line.unwrap_or(1).saturating_sub(1) as u32;
            let column = error.column.unwrap_or(1).saturating_sub(1) as u32;
            let diagnostic = Diagnostic {
                range: lsp_types::Range::new(
                    Position::new(line, column),
                    Position::new(line, column + 1),
                ),
                severity: Some(DiagnosticSeverity::ERROR),
                code: Some(NumberOrString::String("config".into())),
                source: Some(actions::SOURCE.to_string()),
                message: error.message.clone(),
                ..Diagnostic::default()
            };
            self.publish(uri, vec![diagnostic]);
        }
        error
    }

    /// Clears the report of a config that now reads, or that no longer applies to a
    /// document below it.
    fn config_ok(&mut self, document: Option<&std::path::Path>, config: Option<&str>) {
        let fixed: Vec<PathBuf> = self
            .broken
            .keys()
            .filter(|path| match config {
                Some(c) => path.to_str() == Some(c),
                None => path
                    .parent()
                    .is_some_and(|dir| document.is_some_and(|d| d.starts_with(dir))),
            })
            .cloned()
            .collect();
        for path in fixed {
            self.broken.remove(&path);
            if let Some(uri) = uris::file_uri(&path) {
                self.publish(uri, Vec::new());
            }
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, None);
        let note = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        let _ = self.out.send(note.into());
    }

    fn schedule(&mut self, uri: &Uri, delay: Duration) {
        let syntax = lock(&self.documents).get(uri).map(|d| d.syntax);
        if let Some(syntax) = syntax {
            let settings = self.settings_for(uri, syntax);
            let _ = self.jobs.send(Job::Check {
                uri: uri.clone(),
                settings,
                delay,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_replace_the_lists_they_name() {
        let base = RuleFilter::new(vec!["a".into()], vec!["b".into()]);
        let s = Settings::from_json(&serde_json::json!({"ignore": ["c", "d"]}));
        assert_eq!(
            s.apply(&base),
            RuleFilter::new(vec!["a".into()], vec!["c".into(), "d".into()])
        );
        let s = Settings::from_json(&serde_json::json!({"mtlint": {"select": "x, y"}}));
        assert_eq!(
            s.apply(&base),
            RuleFilter::new(vec!["x".into(), "y".into()], vec!["b".into()])
        );
        assert_eq!(Settings::from_json(&Value::Null), Settings::default());
    }
}
