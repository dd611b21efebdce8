//! The checker thread. The message loop hands it jobs and never checks a text itself, so
//! a slow check (a 5 MB document) never holds up the protocol. Changes to one document
//! that arrive within the debounce delay are coalesced into one check.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_server::{Message, Notification, RequestId, Response};
use lsp_types::notification::{Notification as _, PublishDiagnostics};
use lsp_types::{CodeActionParams, PublishDiagnosticsParams, Uri};

use super::actions::{self, ActionRequest};
use super::documents::{Document, Flavor};
use super::positions::{Encoding, PositionMap};
use crate::finding::Finding;
use crate::linter::Linter;
use crate::selection::RuleFilter;

pub enum Job {
    /// Check a document `delay` from now, unless a newer job for it comes first.
    Check {
        uri: Uri,
        document: Document,
        filter: Arc<RuleFilter>,
        delay: Duration,
    },
    /// Forget a document and clear its diagnostics.
    Close { uri: Uri },
    /// Answer a `textDocument/codeAction` request.
    CodeAction {
        id: RequestId,
        params: Box<CodeActionParams>,
        document: Document,
        filter: Arc<RuleFilter>,
    },
}

struct Pending {
    due: Instant,
    document: Document,
    filter: Arc<RuleFilter>,
}

/// The findings of the last check of a document, kept for code actions.
struct Checked {
    text: Arc<String>,
    filter: Arc<RuleFilter>,
    findings: Arc<Vec<Finding>>,
}

pub struct Worker {
    linter: Arc<Linter>,
    encoding: Encoding,
    out: Sender<Message>,
    pending: HashMap<Uri, Pending>,
    checked: HashMap<Uri, Checked>,
}

impl Worker {
    pub fn new(linter: Arc<Linter>, encoding: Encoding, out: Sender<Message>) -> Worker {
        Worker {
            linter,
            encoding,
            out,
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
                filter,
                delay,
            } => {
                let due = Instant::now() + delay;
                self.pending.insert(
                    uri,
                    Pending {
                        due,
                        document,
                        filter,
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
                filter,
            } => {
                let result = self.code_actions(&params, &document, &filter);
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
                self.check_and_publish(uri, pending.document, pending.filter);
            }
        }
    }

    fn check_and_publish(
        &mut self,
        uri: Uri,
        document: Document,
        filter: Arc<RuleFilter>,
    ) -> Arc<Vec<Finding>> {
        let findings = self.check(&document.text, document.flavor, &filter);
        let map = PositionMap::new(&document.text, self.encoding);
        let diagnostics = actions::diagnostics(&findings, &map);
        self.checked.insert(
            uri.clone(),
            Checked {
                text: Arc::clone(&document.text),
                filter,
                findings: Arc::clone(&findings),
            },
        );
        self.publish(uri, diagnostics, Some(document.version));
        findings
    }

    /// Checks a text; a panic in a rule costs this check, not the server.
    fn check(&self, text: &str, flavor: Flavor, filter: &RuleFilter) -> Arc<Vec<Finding>> {
        let linter = &self.linter;
        let result = catch_unwind(AssertUnwindSafe(|| {
            crate::document::check(linter, text, flavor.syntax(), &|r| filter.enabled(r))
        }));
        Arc::new(result.unwrap_or_else(|_| {
            eprintln!("mtlint lsp: internal error while checking a document");
            Vec::new()
        }))
    }

    /// The findings for exactly this text and filter: the last check's if it matches, else
    /// a check now (publishing it, since a debounced check was due anyway).
    fn findings_for(
        &mut self,
        uri: &Uri,
        document: &Document,
        filter: &Arc<RuleFilter>,
    ) -> Arc<Vec<Finding>> {
        if let Some(checked) = self.checked.get(uri)
            && Arc::ptr_eq(&checked.text, &document.text)
            && Arc::ptr_eq(&checked.filter, filter)
        {
            return Arc::clone(&checked.findings);
        }
        self.pending.remove(uri);
        self.check_and_publish(uri.clone(), document.clone(), Arc::clone(filter))
    }

    fn code_actions(
        &mut self,
        params: &CodeActionParams,
        document: &Document,
        filter: &Arc<RuleFilter>,
    ) -> Vec<lsp_types::CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let findings = self.findings_for(uri, document, filter);
        let map = PositionMap::new(&document.text, self.encoding);
        let request = ActionRequest {
            uri,
            flavor: document.flavor,
            range: map.byte_range(params.range),
            only: params.context.only.as_deref(),
        };
        let linter = &self.linter;
        catch_unwind(AssertUnwindSafe(|| {
            actions::code_actions(&request, &findings, &map, linter, filter)
        }))
        .unwrap_or_default()
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        let note = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        let _ = self.out.send(note.into());
    }
}
