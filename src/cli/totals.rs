//! What `check` adds up over the files as they come: whether any fails (the exit code),
//! the human summary and `--stats`.

use std::collections::BTreeMap;
use std::time::Duration;

use mtlint::config::FailOn;
use mtlint::{Finding, Severity};

/// One checked file's share of the totals.
pub struct FileTotals {
    /// Findings by severity (`Severity as usize`).
    counts: [usize; 3],
    /// A finding at or above the file's `fail-on`.
    fails: bool,
    bytes: usize,
    /// With `--stats`: findings by rule id.
    per_rule: Vec<(String, usize)>,
}

impl FileTotals {
    pub fn of(findings: &[Finding], bytes: usize, fail_on: FailOn, stats: bool) -> FileTotals {
        let mut counts = [0; 3];
        for f in findings {
            counts[f.severity as usize] += 1;
        }
        let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
        if stats {
            for f in findings {
                *per_rule.entry(f.rule.id.as_str()).or_default() += 1;
            }
        }
        FileTotals {
            counts,
            fails: findings.iter().any(|f| fail_on.fails(f.severity)),
            bytes,
            per_rule: per_rule
                .into_iter()
                .map(|(rule, n)| (rule.to_string(), n))
                .collect(),
        }
    }
}

#[derive(Default)]
pub struct Totals {
    files: usize,
    counts: [usize; 3],
    fails: bool,
    bytes: usize,
    per_rule: BTreeMap<String, usize>,
}

impl Totals {
    pub fn add(&mut self, file: FileTotals) {
        self.files += 1;
        for (total, n) in self.counts.iter_mut().zip(file.counts) {
            *total += n;
        }
        self.fails |= file.fails;
        self.bytes += file.bytes;
        for (rule, n) in file.per_rule {
            *self.per_rule.entry(rule).or_default() += n;
        }
    }

    /// Whether a file has a finding at or above its `fail-on`.
    pub fn fails(&self) -> bool {
        self.fails
    }

    /// "2 errors, 3 warnings, 0 infos in 2 files."
    pub fn summary(&self) -> String {
        let count = |s: Severity| self.counts[s as usize];
        let (errors, warnings, infos) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        );
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if errors + warnings + infos == 0 {
            format!("No findings in {}.\n", plural(self.files, "file"))
        } else {
            format!(
                "{}, {}, {} in {}.\n",
                plural(errors, "error"),
                plural(warnings, "warning"),
                plural(infos, "info"),
                plural(self.files, "file")
            )
        }
    }

    /// `--stats`: files, bytes, findings per rule, elapsed time.
    pub fn stats(&self, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64();
        let mut out = format!(
            "files: {}\nbytes: {}\nfindings: {}\nelapsed: {:.3} s ({:.1} MB/s)\n",
            self.files,
            self.bytes,
            self.per_rule.values().sum::<usize>(),
            seconds,
            self.bytes as f64 / 1e6 / seconds.max(1e-9)
        );
        for (rule, n) in &self.per_rule {
            out.push_str(&format!("  {n:>7}  {rule}\n"));
        }
        out
    }
}
