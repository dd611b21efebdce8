//! SARIF 2.1.0, the format of GitHub code scanning and many other result viewers.
//!
//! Lines and columns are 1-based and columns count Unicode scalar values (the run says so
//! with `columnKind: unicodeCodePoints`); `byteOffset`/`byteLength` are offsets into the
//! file, a BOM counted. `partialFingerprints` carry the position-independent fingerprint
//! of [`crate::fingerprint`]; every suggestion becomes a `fix`.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, Write};
use std::sync::Arc;

use serde::Serialize;

use super::FileReport;
use super::pretty::{Elements, element, indent, split_at_last_empty_array};
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
    /// Empty: the results are laid out a file at a time (see [`frame`]).
    results: [(); 0],
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

#[derive(Serialize)]
struct Message {
    text: String,
}

/// A result but for `ruleId` and `ruleIndex`, which [`result_element`] writes in front.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultRest {
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<Fix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fix {
    description: Message,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Content,
}

#[derive(Serialize)]
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

/// The nesting of the `results` array.
pub(crate) const DEPTH: usize = 3;

/// Stands around a rule id in held-back results, where its `ruleIndex` goes once every
/// rule is known. serde_json escapes control characters in strings, so a raw one in its
/// output can only be this.
const HOLE: u8 = 0x01;

/// The log around its `results` elements, listing `rules` (those with findings, sorted by
/// id: `ruleIndex` points into this list).
pub(crate) fn frame<'a>(rules: impl Iterator<Item = &'a Arc<RuleMeta>>) -> (String, String) {
    let information_uri = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty());
    split_at_last_empty_array(&Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "mtlint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri,
                    rules: rules.map(|meta| rule(meta)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results: [],
        }],
    })
}

/// One file's elements of the `results` array, each `ruleIndex` a hole to fill with
/// [`fill_rule_indexes`].
pub(crate) fn file(report: &FileReport<'_>) -> String {
    let mut elements = Elements::new(DEPTH);
    let uri = path_to_uri(report.path);
    let prints = fingerprints(&report.source.text, report.findings);
    for (finding, print) in report.findings.iter().zip(prints) {
        let rest = ResultRest {
            level: level(finding.severity),
            message: Message {
                text: finding.message.clone(),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri: uri.clone() },
                    region: region(report, finding.span.clone(), true),
                },
            }],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, print.to_string())]),
            fixes: fixes(report, finding, &uri),
        };
        elements.push_laid_out(&result_element(&finding.rule.id, &rest));
    }
    elements.into_text()
}

/// A result laid out as an element of `results`, `ruleId` and `ruleIndex` first.
fn result_element(rule_id: &str, rest: &ResultRest) -> String {
    let rest = element(rest, DEPTH + 1);
    let pad = indent(DEPTH + 2);
    let id = serde_json::to_string(rule_id).expect("a string serializes");
    let hole = char::from(HOLE);
    // `rest` opens with `{`, then the line of its first field.
    format!(
        "{{\n{pad}\"ruleId\": {id},\n{pad}\"ruleIndex\": {hole}{id}{hole},{}",
        &rest[1..]
    )
}

/// Copies held-back results from `held` to `out`, each hole filled with the index of its
/// rule in `rules` (sorted by id, as [`frame`] lists them).
pub(crate) fn fill_rule_indexes<'a>(
    rules: impl Iterator<Item = &'a str>,
    held: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<()> {
    let index_of: HashMap<Vec<u8>, usize> = rules
        .enumerate()
        .map(|(i, id)| (serde_json::to_vec(id).expect("a string serializes"), i))
        .collect();
    let mut chunk = Vec::new();
    loop {
        chunk.clear();
        if held.read_until(HOLE, &mut chunk)? == 0 {
            return Ok(());
        }
        if chunk.pop_if(|b| *b == HOLE).is_none() {
            return out.write_all(&chunk);
        }
        out.write_all(&chunk)?;
        chunk.clear();
        held.read_until(HOLE, &mut chunk)?;
        chunk.pop_if(|b| *b == HOLE);
        let index = index_of.get(&chunk).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "a result's rule is not listed")
        })?;
        write!(out, "{index}")?;
    }
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

fn fixes(report: &FileReport<'_>, finding: &Finding, uri: &str) -> Vec<Fix> {
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
                        uri: uri.to_string(),
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
    use crate::render::test_support::with_sample_reports;

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
