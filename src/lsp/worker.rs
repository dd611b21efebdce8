//! The checker thread. The message loop hands it jobs and never checks a text itself, so
//! a slow check (a 5 MB document) never holds up the protocol.
//!
//! The open documents are shared with the message loop ([`Shared`]); a job names a
//! document, never carries its text. Changes to one document that arrive within the
//! debounce delay, or while another check runs, are coalesced: the checker takes the
//! newest revision when the check is due. A check whose document changed (or closed)
//! while it ran is dropped, never published. Memory per document is therefore bounded by
//! two texts: the editor's, and the one revision the checker holds.
//!
//! A document is checked once per revision of its text and settings: the findings and
//! (when first asked for) the "fix all" edit are kept, and every code action on that
//! revision uses them. A code action for a revision that is already superseded gets no
//! actions, and costs no check.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{Message, Notification, RequestId, Response};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{CodeActionParams, Diagnostic, DiagnosticSeverity, PublishDiagnosticsParams, Uri};

use super::actions::{self, ActionRequest, FixAll};
use super::documents::{Document, Documents};
use super::positions::Encoding;
use crate::finding::Finding;
use crate::workspace::{ConfigError, Resolved};

/// The settings a document is checked with, or why it cannot be.
pub type DocSettings = Result<Arc<Resolved>, Arc<ConfigError>>;

/// The open documents, as the message loop keeps them, read by the checker.
pub type Shared = Arc<Mutex<Documents>>;

/// How much work the checker has done: for tests and diagnostics of the server itself.
#[derive(Debug, Default)]
pub struct Stats {
    /// Documents checked.
    pub checks: AtomicUsize,
    /// Checks dropped because their document changed while they ran.
    pub superseded: AtomicUsize,
    /// "Fix all" edits computed.
    pub fixes: AtomicUsize,
}

pub enum Job {
    /// Check a document `delay` from now, unless a newer job for it comes first.
    Check {
        uri: Uri,
        settings: DocSettings,
        delay: Duration,
    },
    /// Forget a document and clear its diagnostics.
    Close { uri: Uri },
    /// Answer a `textDocument/codeAction` request on one revision of a document.
    CodeAction {
        id: RequestId,
        params: Box<CodeActionParams>,
        revision: u64,
        settings: DocSettings,
    },
}

struct Pending {
    due: Instant,
    settings: DocSettings,
}

/// The last check of a document, kept for code actions on the same revision.
struct Checked {
    /// The document as checked (its text is shared, not copied).
    document: Document,
    settings: Arc<Resolved>,
    findings: Arc<Vec<Finding>>,
    /// Computed on the first request that asks for it.
    fix_all: Option<Option<Arc<FixAll>>>,
}

pub struct Worker {
    encoding: Encoding,
    out: Sender<Message>,
    stats: Arc<Stats>,
    documents: Shared,
    pending: HashMap<Uri, Pending>,
    checked: HashMap<Uri, Checked>,
}

impl Worker {
    pub fn new(
        encoding: Encoding,
        out: Sender<Message>,
        stats: Arc<Stats>,
        documents: Shared,
    ) -> Worker {
        Worker {
            encoding,
            out,
            stats,
            documents,
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
            // Everything queued meanwhile first: a check is due only once no newer
            // change to its document waits.
            while let Ok(job) = jobs.try_recv() {
                self.take(job);
            }
            self.run_due();
        }
    }

    fn take(&mut self, job: Job) {
        match job {
            Job::Check {
                uri,
                settings,
                delay,
            } => {
                let due = Instant::now() + delay;
                self.pending.insert(uri, Pending { due, settings });
            }
            Job::Close { uri } => {
                self.pending.remove(&uri);
                self.checked.remove(&uri);
                self.publish(uri, Vec::new(), None);
            }
            Job::CodeAction {
                id,
                params,
                revision,
                settings,
            } => {
                let result = match settings {
                    Ok(settings) => self.code_actions(&params, revision, &settings),
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
            let Some(pending) = self.pending.remove(&uri) else {
                continue;
            };
            let Some(document) = self.current(&uri) else {
                continue;
            };
            match pending.settings {
                Ok(settings) => {
                    if self.ensure_checked(&uri, document, settings) {
                        self.publish_checked(&uri);
                    }
                }
                Err(e) => self.publish_unchecked(uri, &document, &e),
            }
        }
    }

    /// The document's current revision, as the message loop has it (`None` once closed).
    fn current(&self, uri: &Uri) -> Option<Document> {
        lock(&self.documents).get(uri).cloned()
    }

    fn revision_now(&self, uri: &Uri) -> Option<u64> {
        lock(&self.documents).get(uri).map(|d| d.revision)
    }

    /// Makes `checked[uri]` hold this revision checked with these settings, checking it
    /// unless it was. `false` if the document changed or closed while it was checked:
    /// then the result is dropped.
    fn ensure_checked(&mut self, uri: &Uri, document: Document, settings: Arc<Resolved>) -> bool {
        if self.is_current(uri, document.revision, &settings) {
            return true;
        }
        let findings = self.check(&document.text, &settings);
        if self.revision_now(uri) != Some(document.revision) {
            self.stats.superseded.fetch_add(1, Ordering::Relaxed);
            self.checked.remove(uri);
            return false;
        }
        self.checked.insert(
            uri.clone(),
            Checked {
                document,
                settings,
                findings,
                fix_all: None,
            },
        );
        true
    }

    fn is_current(&self, uri: &Uri, revision: u64, settings: &Resolved) -> bool {
        self.checked
            .get(uri)
            .is_some_and(|c| c.document.revision == revision && c.settings.same_as(settings))
    }

    fn publish_checked(&self, uri: &Uri) {
        if let Some(checked) = self.checked.get(uri) {
            let map = checked.document.map(self.encoding);
            let diagnostics = actions::diagnostics(&checked.findings, &map);
            self.publish(uri.clone(), diagnostics, Some(checked.document.version));
        }
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

    /// The actions on one revision: from its check (done now, and published, if it was
    /// due), or none if a newer revision superseded it.
    fn code_actions(
        &mut self,
        params: &CodeActionParams,
        revision: u64,
        settings: &Arc<Resolved>,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        if !self.is_current(uri, revision, settings) {
            match self.current(uri) {
                Some(document) if document.revision == revision => {
                    if !self.ensure_checked(uri, document, Arc::clone(settings)) {
                        return Vec::new();
                    }
                    self.pending.remove(uri);
                    self.publish_checked(uri);
                }
                _ => return Vec::new(),
            }
        }
        let Some(checked) = self.checked.get_mut(uri) else {
            return Vec::new();
        };
        let map = checked.document.map(self.encoding);
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

/// Locks the documents; a panic elsewhere while they were held leaves them usable.
pub fn lock(documents: &Mutex<Documents>) -> std::sync::MutexGuard<'_, Documents> {
    documents.lock().unwrap_or_else(|e| e.into_inner())
}
