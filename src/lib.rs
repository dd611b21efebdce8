//! mtlint: finds machine-translation artifacts and other text-quality defects.
//!
//! The library is pure: it takes text and rule-pack sources, and returns findings with
//! byte offsets. Reading files, printing and writing fixes belong to the front ends
//! (the `mtlint` binary and its language server).

pub mod baseline;
pub mod case;
pub mod chunks;
pub mod config;
pub mod document;
pub mod examples;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod linter;
pub mod lsp;
pub mod markdown;
pub mod matchers;
pub mod render;
pub mod rules;
pub mod selection;
pub mod site_syntax;
pub mod source;
pub mod suppress;
pub mod text;
pub mod workspace;

pub use finding::{Finding, FixSafety, Severity, Suggestion};
pub use linter::Linter;
pub use rules::{LoadError, RuleMeta};
pub use source::{LineIndex, SourceText};
