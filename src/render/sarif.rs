//! SARIF 2.1.0, the format of GitHub code scanning and many other result viewers.
//!
//! Lines and columns are 1-based and columns count Unicode scalar values (the run says so
//! with `columnKind: unicodeCodePoints`); `byteOffset`/`byteLength` are offsets into the
//! file, a BOM counted. `partialFingerprints` carry the position-independent fingerprint
//! of [`crate::fingerprint`]; every suggestion becomes a `fix`.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::FileReport;
use super::json_writer::write_pretty;
use crate::finding::{Finding, Severity};
use crate::fingerprint::fingerprints;
use crate::rules::RuleMeta;

/// Where the schema of the output is published.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of mtlint's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "mtlint/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Message,
    full_description: Message,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    category: &'a str,
    pack: &'a str,
    fix: &'static str,
    tags: Vec<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
struct Message {
    text: String,
}

/// One result. Its `ruleIndex` points into the run's list of rules, which only the whole
/// run knows: [`write_log`] sets it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    #[serde(rename = "ruleId", serialize_with = "rule_id")]
    pub(crate) rule: Arc<RuleMeta>,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
    properties: ResultProperties,
}

/// What a result says besides SARIF's own fields: how its fix may be applied, which
/// may be stricter than its rule's (`unsafe` where this match needs review).
#[derive(Debug, Clone, Serialize)]
struct ResultProperties {
    fix: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Debug, Clone, Serialize)]
struct ArtifactLocation {
    #[serde(serialize_with = "shared_str")]
    uri: Arc<str>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Message>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Debug, Clone, Serialize)]
struct Content {
    text: String,
}

pub fn render(reports: &[FileReport<'_>]) -> String {
    super::render(
        super::Format::Sarif,
        reports,
        super::RenderOptions::default(),
    )
}

fn shared_str<S: Serializer>(text: &Arc<str>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
}

fn rule_id<S: Serializer>(rule: &Arc<RuleMeta>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&rule.id)
}

/// Writes the log of a run: `rules` (those with findings, sorted by id) and every result,
/// each `ruleIndex` pointing into that list.
pub(crate) fn write_log<'a>(
    rules: impl Iterator<Item = &'a Arc<RuleMeta>>,
    mut results: Vec<SarifResult>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let information_uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty());
    let rules: Vec<Rule<'_>> = rules.map(|meta| rule(meta)).collect();
    let index_of: HashMap<&str, usize> = rules.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    for result in &mut results {
        result.rule_index = *index_of.get(result.rule.id.as_str()).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "a result's rule is not listed")
        })?;
    }
    write_pretty(
        out,
        &Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: vec![Run {
                tool: Tool {
                    driver: Driver {
                        name: "mtlint",
                        version: env!("CARGO_PKG_VERSION"),
                        information_uri,
                        rules,
                    },
                },
                column_kind: "unicodeCodePoints",
                results,
            }],
        },
    )
}

/// One file's results, their `ruleIndex` still to set.
pub(crate) fn results(report: &FileReport<'_>) -> Vec<SarifResult> {
    let uri: Arc<str> = path_to_uri(report.path).into();
    let prints = fingerprints(&report.source.text, report.findings);
    report
        .findings
        .iter()
        .zip(prints)
        .map(|(finding, print)| SarifResult {
            rule: Arc::clone(&finding.rule),
            rule_index: 0,
            level: level(finding.severity),
            message: Message {
                text: finding.message.clone(),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: Arc::clone(&uri),
                    },
                    region: region(report, finding.span.clone(), true),
                },
            }],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, print.to_string())]),
            fixes: fixes(report, finding, &uri),
            properties: ResultProperties {
                fix: finding.fix.as_str(),
            },
        })
        .collect()
}

/// The SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(meta: &RuleMeta) -> Rule<'_> {
    Rule {
        id: &meta.id,
        short_description: Message {
            text: first_sentence(&meta.description, &meta.id),
        },
        full_description: Message {
            text: if meta.description.trim().is_empty() {
                meta.id.clone()
            } else {
                meta.description.trim().to_string()
            },
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        help_uri: meta.url.as_deref(),
        properties: RuleProperties {
            category: &meta.category,
            pack: &meta.pack,
            fix: meta.fix.as_str(),
            tags: vec![&meta.category],
        },
    }
}

/// The first sentence of a description, on one line: the rule's short description. A
/// sentence ends at `.`, `!` or `?` followed by a space and a capital letter, outside
/// double quotes (descriptions quote broken sentences: "its nuclear power. program").
fn first_sentence(description: &str, fallback: &str) -> String {
    let flat = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return fallback.to_string();
    }
    let mut quoted = false;
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        match c {
            '"' => quoted = !quoted,
            '.' | '!' | '?' if !quoted => {
                let ends = chars.get(i + 1).is_some_and(|&(_, c)| c == ' ')
                    && chars.get(i + 2).is_some_and(|&(_, c)| c.is_uppercase());
                if ends {
                    return flat[..at + c.len_utf8()].to_string();
                }
            }
            _ => {}
        }
    }
    flat
}

fn region(report: &FileReport<'_>, span: std::ops::Range<usize>, snippet: bool) -> Region {
    let text = &report.source.text;
    let start = report.index.position(text, span.start);
    let end = report.index.position(text, span.end);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        byte_offset: report.file_offset(span.start),
        byte_length: report.file_offset(span.end) - report.file_offset(span.start),
        snippet: snippet.then(|| Message {
            text: text[span].to_string(),
        }),
    }
}

fn fixes(report: &FileReport<'_>, finding: &Finding, uri: &Arc<str>) -> Vec<Fix> {
    let text = &report.source.text;
    finding
        .suggestions
        .iter()
        .map(|s| {
            let old = &text[s.range.clone()];
            let description = if s.replacement.is_empty() {
                format!("Remove `{old}`")
            } else {
                format!("Replace `{old}` with `{}`", s.replacement)
            };
            Fix {
                description: Message { text: description },
                artifact_changes: vec![ArtifactChange {
                    artifact_location: ArtifactLocation {
                        uri: Arc::clone(uri),
                    },
                    replacements: vec![Replacement {
                        deleted_region: region(report, s.range.clone(), false),
                        inserted_content: Content {
                            text: s.replacement.clone(),
                        },
                    }],
                }],
            }
        })
        .collect()
}

/// A path as a relative URI reference: backslashes become slashes and every byte outside
/// the characters a URI path may hold is percent-encoded (spaces, `%`, `#`, `?`, `<`,
/// non-ASCII).
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        match b {
            b'\\' => out.push('/'),
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;
    use crate::render::test_support::with_sample_reports;
    use crate::source::SourceText;

    mod sarif_validator {
        include!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/schemas/sarif_validator.rs"
        ));
    }
    use sarif_validator::validator;

    fn errors(validator: &jsonschema::Validator, instance: &serde_json::Value) -> Vec<String> {
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(with_sample_reports(render));
    }

    #[test]
    fn output_is_valid_against_the_sarif_schema() {
        let validator = validator();
        let out: serde_json::Value = serde_json::from_str(&with_sample_reports(render)).unwrap();
        assert_eq!(errors(&validator, &out), Vec::<String>::new());
        let empty: serde_json::Value = serde_json::from_str(&render(&[])).unwrap();
        assert_eq!(errors(&validator, &empty), Vec::<String>::new());
    }

    #[test]
    fn the_schema_check_rejects_invalid_logs() {
        let validator = validator();
        let out: serde_json::Value = serde_json::from_str(&with_sample_reports(render)).unwrap();
        let mut bad_level = out.clone();
        bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
        assert!(!validator.is_valid(&bad_level));
        let mut bad_line = out.clone();
        bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
            0.into();
        assert!(!validator.is_valid(&bad_line));
        let mut unknown = out;
        unknown["runs"][0]["unknownProperty"] = true.into();
        assert!(!validator.is_valid(&unknown));
    }

    #[test]
    fn a_result_carries_its_own_fix_safety_and_a_rule_its_declared_one() {
        let linter = Linter::from_sources(&Linter::builtin_sources()).unwrap();
        // The same safe rule twice: in quoted speech the repeat may be the speaker's. The
        // reviewed one comes first, so the rule's entry cannot come from it.
        let source = SourceText::decode(
            "She said, \u{201c}It was three short short days.\u{201d}\n\nIt was the the last report.\n"
                .as_bytes(),
        )
        .unwrap();
        let findings = linter.check(&source.text);
        let reports = [FileReport::new("a.txt", &source, &findings)];
        let log: serde_json::Value = serde_json::from_str(&render(&reports)).unwrap();
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        let repeat = rules
            .iter()
            .find(|r| r["id"] == "repetition/repeated-words")
            .unwrap();
        assert_eq!(repeat["properties"]["fix"], "safe");
        let fixes: Vec<&str> = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ruleId"] == "repetition/repeated-words")
            .map(|r| r["properties"]["fix"].as_str().unwrap())
            .collect();
        assert_eq!(fixes, ["unsafe", "safe"]);
    }

    #[test]
    fn short_descriptions_end_at_the_first_sentence() {
        assert_eq!(
            first_sentence("Splits \"its power. program\". A period is bad.", "x"),
            "Splits \"its power. program\"."
        );
        assert_eq!(first_sentence("One line", "x"), "One line");
        assert_eq!(first_sentence("  ", "x"), "x");
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(path_to_uri("docs/a b#1.md"), "docs/a%20b%231.md");
        assert_eq!(path_to_uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(path_to_uri("dir\\é.txt"), "dir/%C3%A9.txt");
    }

    #[test]
    fn fingerprints_ignore_position() {
        with_sample_reports(|reports| {
            let b = &reports[1];
            let prints = fingerprints(&b.source.text, b.findings);
            let twins: Vec<_> = b
                .findings
                .iter()
                .zip(&prints)
                .filter(|(f, _)| f.rule.id == "substitution/mt-calque")
                .map(|(_, p)| *p)
                .collect();
            assert_eq!(twins.len(), 2);
            assert_eq!(twins[0].hash, twins[1].hash);
            assert_eq!((twins[0].occurrence, twins[1].occurrence), (1, 2));
        });
    }
}
