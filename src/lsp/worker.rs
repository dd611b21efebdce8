//! The checker thread. The message loop hands it jobs and never checks a text itself, so
//! a slow check (a 5 MB document) never holds up the protocol. Changes to one document
//! that arrive within the debounce delay are coalesced into one check.
//!
//! A document is checked once per revision of its text and settings: the findings, the
//! line table and (when first asked for) the "fix all" edit are kept, and every code
//! action on that revision uses them.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{Message, Notification, RequestId, Response};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{CodeActionParams, Diagnostic, DiagnosticSeverity, PublishDiagnosticsParams, Uri};

use super::actions::{self, ActionRequest, FixAll};
use super::documents::Document;
use super::positions::{Encoding, Lines, PositionMap};
use crate::finding::Finding;
use crate::workspace::{ConfigError, Resolved};

/// The settings a document is checked with, or why it cannot be.
pub type DocSettings = Result<Arc<Resolved>, Arc<ConfigError>>;

/// How much work the checker has done: for tests and diagnostics of the server itself.
#[derive(Debug, Default)]
pub struct Stats {
    /// Documents checked.
    pub checks: AtomicUsize,
    /// "Fix all" edits computed.
    pub fixes: AtomicUsize,
}

pub enum Job {
    /// Check a document `delay` from now, unless a newer job for it comes first.
    Check {
        uri: Uri,
        document: Document,
        settings: DocSettings,
        delay: Duration,
    },
    /// Forget a document and clear its diagnostics.
    Close { uri: Uri },
    /// Answer a `textDocument/codeAction` request.
    CodeAction {
        id: RequestId,
        params: Box<CodeActionParams>,
        document: Document,
        settings: DocSettings,
    },
}

struct Pending {
    due: Instant,
    document: Document,
    settings: DocSettings,
}

/// The last check of a document, kept for code actions on the same revision.
struct Checked {
    revision: u64,
    settings: Arc<Resolved>,
    findings: Arc<Vec<Finding>>,
    lines: Arc<Lines>,
    /// Computed on the first request that offers it.
    fix_all: Option<Option<Arc<FixAll>>>,
}

pub struct Worker {
    encoding: Encoding,
    out: Sender<Message>,
    stats: Arc<Stats>,
    pending: HashMap<Uri, Pending>,
    checked: HashMap<Uri, Checked>,
}

impl Worker {
    pub fn new(encoding: Encoding, out: Sender<Message>, stats: Arc<Stats>) -> Worker {
        Worker {
            encoding,
            out,
            stats,
            pending: HashMap::new(),
            checked: HashMap::new(),
        }
    }

    /// Runs until the job channel closes.
    pub fn run(mut self, jobs: Receiver<Job>) {
        loop {
            let next_due = self.pending.values().map(|p| p.due).min();
            let job = match next_due {
                None => jobs.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(due) => jobs.recv_deadline(due),
            };
            match job {
                Ok(job) => self.take(job),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            self.run_due();
        }
    }

    fn take(&mut self, job: Job) {
        match job {
            Job::Check {
                uri,
                document,
                settings,
                delay,
            } => {
                let due = Instant::now() + delay;
                self.pending.insert(
                    uri,
                    Pending {
                        due,
                        document,
                        settings,
                    },
                );
            }
            Job::Close { uri } => {
                self.pending.remove(&uri);
                self.checked.remove(&uri);
                self.publish(uri, Vec::new(), None);
            }
            Job::CodeAction {
                id,
                params,
                document,
                settings,
            } => {
                let result = match settings {
                    Ok(settings) => self.code_actions(&params, &document, &settings),
                    Err(_) => Vec::new(),
                };
                let _ = self.out.send(Response::new_ok(id, result).into());
            }
        }
    }

    fn run_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .pending
            .iter()
            .filter(|(_, p)| p.due <= now)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            if let Some(pending) = self.pending.remove(&uri) {
                match pending.settings {
                    Ok(settings) => self.check_and_publish(uri, &pending.document, settings),
                    Err(e) => self.publish_unchecked(uri, &pending.document, &e),
                }
            }
        }
    }

    /// Checks a document (unless this revision was checked with these settings) and
    /// publishes its diagnostics.
    fn check_and_publish(&mut self, uri: Uri, document: &Document, settings: Arc<Resolved>) {
        self.ensure_checked(&uri, document, settings);
        if let Some(checked) = self.checked.get(&uri) {
            let map =
                PositionMap::with_lines(&document.text, Arc::clone(&checked.lines), self.encoding);
            let diagnostics = actions::diagnostics(&checked.findings, &map);
            self.publish(uri, diagnostics, Some(document.version));
        }
    }

    /// Checks a document unless this revision was checked with these settings; `true` if
    /// it was checked now.
    fn ensure_checked(&mut self, uri: &Uri, document: &Document, settings: Arc<Resolved>) -> bool {
        if self.is_current(uri, document, &settings) {
            return false;
        }
        let findings = self.check(&document.text, &settings);
        self.checked.insert(
            uri.clone(),
            Checked {
                revision: document.revision,
                settings,
                findings,
                lines: Arc::new(Lines::new(&document.text)),
                fix_all: None,
            },
        );
        true
    }

    fn is_current(&self, uri: &Uri, document: &Document, settings: &Resolved) -> bool {
        self.checked
            .get(uri)
            .is_some_and(|c| c.revision == document.revision && c.settings.same_as(settings))
    }

    /// A document whose config is broken is not checked (as on the command line); one
    /// diagnostic at its start says why.
    fn publish_unchecked(&mut self, uri: Uri, document: &Document, error: &ConfigError) {
        self.checked.remove(&uri);
        let diagnostic = Diagnostic {
            range: lsp_types::Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(lsp_types::NumberOrString::String("config".into())),
            source: Some(actions::SOURCE.to_string()),
            message: format!("not checked: {error}"),
            ..Diagnostic::default()
        };
        self.publish(uri, vec![diagnostic], Some(document.version));
    }

    /// Checks a text; a panic in a rule costs this check, not the server.
    fn check(&self, text: &str, settings: &Resolved) -> Arc<Vec<Finding>> {
        self.stats.checks.fetch_add(1, Ordering::Relaxed);
        let result = catch_unwind(AssertUnwindSafe(|| settings.check(text)));
        Arc::new(result.unwrap_or_else(|_| {
            eprintln!("mtlint lsp: internal error while checking a document");
            Vec::new()
        }))
    }

    fn code_actions(
        &mut self,
        params: &CodeActionParams,
        document: &Document,
        settings: &Arc<Resolved>,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        // A check that was due for this revision is done now, and published.
        if self.ensure_checked(uri, document, Arc::clone(settings)) {
            self.pending.remove(uri);
            self.check_and_publish(uri.clone(), document, Arc::clone(settings));
        }
        let Some(checked) = self.checked.get_mut(uri) else {
            return Vec::new();
        };
        let map =
            PositionMap::with_lines(&document.text, Arc::clone(&checked.lines), self.encoding);
        let request = ActionRequest {
            uri,
            syntax: checked.settings.syntax,
            range: map.byte_range(params.range),
            only: params.context.only.as_deref(),
        };
        let stats = &self.stats;
        let findings = Arc::clone(&checked.findings);
        let cached = &mut checked.fix_all;
        let fix_settings = &checked.settings;
        let mut fix_all = || {
            cached
                .get_or_insert_with(|| {
                    stats.fixes.fetch_add(1, Ordering::Relaxed);
                    catch_unwind(AssertUnwindSafe(|| {
                        actions::fix_all(fix_settings, &findings, &map)
                    }))
                    .ok()
                    .flatten()
                    .map(Arc::new)
                })
                .clone()
        };
        catch_unwind(AssertUnwindSafe(|| {
            actions::code_actions(&request, &findings, &map, &mut fix_all)
        }))
        .unwrap_or_default()
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        let note = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        let _ = self.out.send(note.into());
    }
}
