//! `mtlint lsp`: a language server. Diagnostics for open documents, quick fixes for each
//! suggestion, "fix all safe findings", and a suppression comment per rule and line.
//!
//! The server is a library function over an `lsp_server::Connection`, so that tests run
//! it in process (`Connection::memory()`) and the binary runs it over stdio. It keeps no
//! process-global state: everything lives in [`run`]'s frame and its checker thread.

pub mod actions;
mod configs;
pub mod documents;
pub mod positions;
pub mod transport;
mod worker;

use std::error::Error;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Exit, Notification as _, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, Request as _, Shutdown};
use lsp_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionParams,
    CodeActionProviderCapability, InitializeParams, MessageType, SaveOptions, ServerCapabilities,
    ServerInfo, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;

use crate::linter::Linter;
use crate::selection::RuleFilter;
use documents::{Document, Documents, Flavor};
use positions::Encoding;
use worker::{Job, Worker};

/// How the server was started.
#[derive(Debug, Clone)]
pub struct ServerOptions {
    /// The rules chosen on the command line (`--select`, `--ignore`). Client settings
    /// replace the lists they name.
    pub filter: RuleFilter,
    /// How long a document must go without a change before it is checked again.
    pub debounce: Duration,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        ServerOptions {
            filter: RuleFilter::default(),
            debounce: Duration::from_millis(150),
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
/// if the client exits without `shutdown` or the connection breaks.
pub fn run(
    connection: Connection,
    linter: Arc<Linter>,
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
    let worker = Worker::new(Arc::clone(&linter), encoding, connection.sender.clone());
    let worker = thread::Builder::new()
        .name("mtlint-lsp-checker".into())
        .spawn(move || worker.run(job_receiver))?;

    let mut server = Server {
        out: connection.sender.clone(),
        jobs,
        linter,
        encoding,
        documents: Documents::default(),
        base: options.filter,
        filter: Arc::new(RuleFilter::default()),
        configs: configs::Configs::default(),
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
    linter: Arc<Linter>,
    encoding: Encoding,
    documents: Documents,
    /// The command line's rule choice, under the client's settings.
    base: RuleFilter,
    filter: Arc<RuleFilter>,
    configs: configs::Configs,
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
        let Some(document) = self.documents.get(uri).cloned() else {
            let _ = self.out.send(Response::new_ok(id, Vec::<()>::new()).into());
            return;
        };
        let filter = self.filter_for(uri);
        let _ = self.jobs.send(Job::CodeAction {
            id,
            params: Box::new(params),
            document,
            filter,
        });
    }

    /// Notifications: unknown ones and ones with bad params are ignored, as LSP asks.
    fn notification(&mut self, note: Notification) {
        match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = note
                    .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let doc = p.text_document;
                    let flavor = Flavor::detect(&doc.language_id, &doc.uri);
                    let document = Document {
                        text: Arc::new(doc.text),
                        version: doc.version,
                        flavor,
                    };
                    self.documents.open(doc.uri.clone(), document);
                    self.schedule(&doc.uri, Duration::ZERO);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = note.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) {
                    let uri = p.text_document.uri;
                    if let Some(document) = self.documents.get_mut(&uri) {
                        document.apply_changes(
                            p.text_document.version,
                            p.content_changes,
                            self.encoding,
                        );
                        self.schedule(&uri, self.debounce);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = note
                    .extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                {
                    let uri = p.text_document.uri;
                    if let (Some(text), Some(document)) = (p.text, self.documents.get_mut(&uri)) {
                        document.text = Arc::new(text);
                    }
                    self.schedule(&uri, Duration::ZERO);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = note
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    let uri = p.text_document.uri;
                    self.documents.close(&uri);
                    let _ = self.jobs.send(Job::Close { uri });
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(p) = note.extract::<lsp_types::DidChangeConfigurationParams>(
                    DidChangeConfiguration::METHOD,
                ) {
                    self.configure(Settings::from_json(&p.settings));
                    let uris: Vec<Uri> = self.documents.iter().map(|(u, _)| u.clone()).collect();
                    for uri in uris {
                        self.schedule(&uri, Duration::ZERO);
                    }
                }
            }
            _ => {}
        }
    }

    /// Applies client settings, warning about selectors that name no rule.
    fn configure(&mut self, settings: Settings) {
        let filter = settings.apply(&self.base);
        let rules: Vec<&crate::RuleMeta> = self.linter.rules().map(|r| r.as_ref()).collect();
        let unknown = filter.unknown(rules.iter().copied());
        if !unknown.is_empty() {
            let params = ShowMessageParams {
                typ: MessageType::WARNING,
                message: format!("mtlint: {}", unknown.join("; ")),
            };
            let note = Notification::new(ShowMessage::METHOD.to_string(), params);
            let _ = self.out.send(note.into());
        }
        self.filter = Arc::new(filter);
    }

    /// The rules for one document: its `mtlint.toml` (as the CLI finds it), under the
    /// command line and the client's settings, whose `select` replaces the config's and
    /// whose `ignore` adds to it.
    fn filter_for(&self, uri: &Uri) -> Arc<RuleFilter> {
        let Some(effective) = self.configs.effective_for(uri) else {
            return Arc::clone(&self.filter);
        };
        let mut filter = effective.filter();
        if !self.filter.select.is_empty() {
            filter.select = self.filter.select.clone();
        }
        filter.ignore.extend(self.filter.ignore.iter().cloned());
        Arc::new(filter)
    }

    fn schedule(&self, uri: &Uri, delay: Duration) {
        if let Some(document) = self.documents.get(uri) {
            let _ = self.jobs.send(Job::Check {
                uri: uri.clone(),
                document: document.clone(),
                filter: self.filter_for(uri),
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
