//! Baselines: a committed file of known findings, so that old ones stay silent and new
//! ones fail. An entry is keyed by path, rule and a fingerprint of the matched text and
//! its neighbouring words, not by position: moving a paragraph keeps it matched.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::fingerprint::content_hash;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    /// The matched text, for people reading the file.
    pub matched: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// A finding the baseline expected and did not see again.
pub type Stale = Entry;

/// The position-independent fingerprint of a finding: its rule, its matched text and the
/// words around it (`fingerprint::content_hash`).
pub fn fingerprint(text: &str, finding: &Finding) -> String {
    format!(
        "{:016x}",
        content_hash(&finding.rule.id, text, finding.span.clone())
    )
}

/// The entries of one file's findings, so that the text need not be kept to write them.
pub fn entries(path: &str, text: &str, findings: &[Finding]) -> Vec<Entry> {
    findings
        .iter()
        .map(|f| Entry {
            path: path.to_string(),
            rule: f.rule.id.clone(),
            fingerprint: fingerprint(text, f),
            matched: text[f.span.clone()].to_string(),
        })
        .collect()
}

impl Baseline {
    /// A baseline of these findings: `(path, text, findings)` per file.
    pub fn of<'a>(files: impl IntoIterator<Item = (&'a str, &'a str, &'a [Finding])>) -> Baseline {
        let findings = files
            .into_iter()
            .flat_map(|(path, text, findings)| entries(path, text, findings))
            .collect();
        Baseline::from_entries(findings)
    }

    /// A baseline of entries gathered a file at a time with [`entries`].
    pub fn from_entries(mut findings: Vec<Entry>) -> Baseline {
        findings.sort();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("baseline serializes");
        out.push('\n');
        out
    }

    /// Reads a baseline; `name` names the file in errors.
    pub fn parse(name: &str, json: &str) -> Result<Baseline, BaselineError> {
        let baseline: Baseline =
            serde_json::from_str(json).map_err(|error| BaselineError::Json {
                file: name.to_string(),
                error,
            })?;
        if baseline.version != VERSION {
            return Err(BaselineError::Version {
                file: name.to_string(),
                version: baseline.version,
            });
        }
        Ok(baseline)
    }

    /// Counts of entries by key, to match findings against.
    pub fn matcher(&self) -> Matcher {
        let mut remaining: BTreeMap<(String, String, String), Vec<Entry>> = BTreeMap::new();
        for e in &self.findings {
            remaining
                .entry((e.path.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_default()
                .push(e.clone());
        }
        Matcher { remaining }
    }
}

/// Why a baseline could not be read.
#[derive(Debug)]
pub enum BaselineError {
    /// Not a baseline's JSON: where, and what is wrong.
    Json {
        file: String,
        error: serde_json::Error,
    },
    /// A version of the format this mtlint does not read.
    Version { file: String, version: u32 },
}

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BaselineError::Json { file, error } => {
                write!(f, "{file}:{}:{}: {error}", error.line(), error.column())
            }
            BaselineError::Version { file, version } => write!(
                f,
                "{file}: baseline version {version} is not supported (expected {VERSION})"
            ),
        }
    }
}

impl std::error::Error for BaselineError {}

/// Matches findings against a baseline, each entry once.
#[derive(Debug, Default)]
pub struct Matcher {
    remaining: BTreeMap<(String, String, String), Vec<Entry>>,
}

impl Matcher {
    /// Removes the findings the baseline knows; returns the rest.
    pub fn filter(&mut self, path: &str, text: &str, findings: Vec<Finding>) -> Vec<Finding> {
        findings
            .into_iter()
            .filter(|f| {
                let key = (path.to_string(), f.rule.id.clone(), fingerprint(text, f));
                match self.remaining.get_mut(&key) {
                    Some(entries) if !entries.is_empty() => {
                        entries.pop();
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }

    /// Whether the baseline has entries for `path`.
    pub fn has_path(&self, path: &str) -> bool {
        self.path_keys(path).next().is_some()
    }

    /// Takes the entries of `path` out into a matcher of their own, so that a file's
    /// findings can be matched on another thread; [`Matcher::put_back`] returns the rest.
    pub fn take_path(&mut self, path: &str) -> Matcher {
        let keys: Vec<_> = self.path_keys(path).cloned().collect();
        let remaining = keys
            .into_iter()
            .filter_map(|k| self.remaining.remove_entry(&k))
            .collect();
        Matcher { remaining }
    }

    /// Puts back the entries a taken matcher did not match.
    pub fn put_back(&mut self, taken: Matcher) {
        for (key, mut entries) in taken.remaining {
            self.remaining.entry(key).or_default().append(&mut entries);
        }
    }

    fn path_keys(&self, path: &str) -> impl Iterator<Item = &(String, String, String)> {
        let from = (path.to_string(), String::new(), String::new());
        self.remaining
            .range(from..)
            .map(|(k, _)| k)
            .take_while(move |k| k.0 == path)
    }

    /// Entries no finding matched: fixed since the baseline was written.
    pub fn stale(self) -> Vec<Stale> {
        self.remaining.into_values().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn findings(text: &str) -> Vec<Finding> {
        Linter::from_sources(&Linter::builtin_sources())
            .unwrap()
            .check(text)
    }

    #[test]
    fn moving_a_paragraph_keeps_findings_baselined() {
        let old = "Intro.\n\nThey traded public beards in Alaska.\n";
        let baseline = Baseline::of([("a.txt", old, findings(old).as_slice())]);
        let moved = "A new first paragraph.\n\nIntro.\n\nThey traded public beards in Alaska.\n";
        let mut m = baseline.matcher();
        assert!(m.filter("a.txt", moved, findings(moved)).is_empty());
        assert!(m.stale().is_empty());
    }

    #[test]
    fn a_new_occurrence_is_reported_and_a_fixed_one_is_stale() {
        let old = "They traded public beards in Alaska.\n";
        let baseline = Baseline::of([("a.txt", old, findings(old).as_slice())]);
        let new = "They traded public barbs in Alaska. Rivals traded angry beards on TV.\n";
        let mut m = baseline.matcher();
        let left = m.filter("a.txt", new, findings(new));
        assert_eq!(left.len(), 1);
        assert_eq!(m.stale().len(), 1);
    }

    #[test]
    fn a_path_taken_out_matches_alone_and_its_rest_is_stale() {
        let old = "They traded public beards in Alaska.\n";
        let mut files = entries("a.txt", old, &findings(old));
        files.extend(entries("b.txt", old, &findings(old)));
        let baseline = Baseline::from_entries(files);
        let mut m = baseline.matcher();
        assert!(m.has_path("a.txt") && !m.has_path("a"));
        let mut a = m.take_path("a.txt");
        assert!(!m.has_path("a.txt"));
        assert!(a.filter("a.txt", old, findings(old)).is_empty());
        m.put_back(a);
        let stale = m.stale();
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].path, "b.txt");
    }

    #[test]
    fn round_trips_through_json() {
        let text = "They traded public beards.\n";
        let baseline = Baseline::of([("a.txt", text, findings(text).as_slice())]);
        assert_eq!(
            Baseline::parse("b.json", &baseline.to_json()).unwrap(),
            baseline
        );
        assert!(
            Baseline::parse("b.json", "{")
                .unwrap_err()
                .to_string()
                .starts_with("b.json:1:")
        );
    }
}
