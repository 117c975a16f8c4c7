//! CI output for `authlens check`: SARIF 2.1.0, JUnit XML, GitHub workflow annotations with a
//! job-summary table, and the exit status `--fail-on` asks for.
//!
//! ```
//! use authlens::ci::{sarif, CiInput, FailOn};
//! use authlens::rules::Report;
//!
//! let report = Report::default();
//! let input = CiInput { artifact: "fixtures/login.har", report: &report, entry_lines: &[], tool_version: "0.1.0" };
//! let log: serde_json::Value = serde_json::from_str(&sarif(&input)).unwrap();
//! assert_eq!(log["version"], "2.1.0");
//! assert_eq!(FailOn::Warning.exit_code(&report), 0);
//! ```

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::sync::OnceLock;

use crate::findings::{doc, FindingId};
use crate::model::{Finding, Severity};
use crate::rules::Report;

/// GitHub shows at most this many annotations of each kind (error, warning, notice) per step.
pub const GITHUB_ANNOTATIONS_PER_KIND: usize = 10;
/// GitHub's job summary limit is 1 MiB per step; stay below it.
pub const GITHUB_SUMMARY_MAX_BYTES: usize = 1000 * 1024;

/// Which findings make `check` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Any error-severity finding (the default).
    #[default]
    Error,
    /// Any error or warning.
    Warning,
    /// Never: always exit 0 when the input could be read.
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` fails the run.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity == Severity::Error,
            FailOn::Warning => matches!(severity, Severity::Error | Severity::Warning),
            FailOn::Never => false,
        }
    }

    /// 1 when some finding fails the run, else 0.
    pub fn exit_code(self, report: &Report) -> i32 {
        i32::from(all_findings(report).any(|(_, f)| self.fails(f.severity)))
    }
}

/// What a CI format needs besides the report.
#[derive(Debug, Clone, Copy)]
pub struct CiInput<'a> {
    /// The HAR file as given on the command line (a repository-relative path in CI).
    pub artifact: &'a str,
    /// What `check` found.
    pub report: &'a Report,
    /// The 1-based line each `log.entries` element starts on (see
    /// [`crate::har_redact::json::entry_lines`]); missing entries get line 1.
    pub entry_lines: &'a [usize],
    /// authlens's version, for the SARIF tool driver.
    pub tool_version: &'a str,
}

impl CiInput<'_> {
    fn line(&self, entry: usize) -> usize {
        self.entry_lines.get(entry).copied().unwrap_or(1)
    }
}

/// Every finding with the entries it is about (one for per-entry findings).
fn all_findings(report: &Report) -> impl Iterator<Item = (Vec<usize>, &Finding)> {
    report
        .entries
        .iter()
        .flat_map(|e| e.findings.iter().map(move |f| (vec![e.index], f)))
        .chain(
            report
                .findings
                .iter()
                .map(|s| (s.entries.clone(), &s.finding)),
        )
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The artifact path as a SARIF URI: forward slashes, no `./`, spaces and `%` escaped.
fn artifact_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.trim_start_matches("./");
    let mut out = String::with_capacity(p.len());
    for c in p.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    if out.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

fn rule(id: FindingId) -> Value {
    let d = doc(id);
    let mut markdown = format!(
        "**{}**\n\n{}\n\n{}\n\nExample: `{}`\n\n**Fix:** {}",
        d.title, d.flags, d.why, d.example, d.fix
    );
    for r in d.references {
        let _ = write!(markdown, "\n- <{r}>");
    }
    let mut rule = json!({
        "id": id.as_str(),
        "name": id.as_str().replace('.', "/"),
        "shortDescription": {"text": d.title},
        "fullDescription": {"text": format!("{} {}", d.flags, d.why)},
        "help": {"text": format!("{} Fix: {}", d.why, d.fix), "markdown": markdown},
        "defaultConfiguration": {"level": sarif_level(d.severity)},
        "properties": {"tags": [id.as_str().split('.').next().unwrap_or(""), "authentication"]},
    });
    if let Some(first) = d.references.first() {
        rule["helpUri"] = json!(first);
    }
    rule
}

fn message(f: &Finding) -> String {
    format!("{} {} Fix: {}", f.title(), f.detail(), f.fix())
}

fn location(input: &CiInput<'_>, entry: usize, id: usize) -> Value {
    json!({
        "id": id,
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(input.artifact), "index": 0},
            "region": {"startLine": input.line(entry)}
        },
        "logicalLocations": [{
            "fullyQualifiedName": format!("log.entries[{entry}]"),
            "kind": "element"
        }]
    })
}

#[derive(Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    tool: SarifTool<'a>,
    artifacts: Value,
    column_kind: &'static str,
    results: Vec<Value>,
}

#[derive(Serialize)]
struct SarifTool<'a> {
    driver: SarifDriver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifDriver<'a> {
    name: &'static str,
    version: &'a str,
    semantic_version: &'a str,
    information_uri: &'static str,
    /// `None` only if serde_json could not write `Value`s (it always can).
    rules: Option<&'static RawValue>,
}

/// Every finding id as a SARIF rule: the same text in every log, so rendered once per process
/// (it is most of a small log).
fn rules_json() -> Option<&'static RawValue> {
    static RULES: OnceLock<Option<Box<RawValue>>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            let rules: Vec<Value> = FindingId::ALL.iter().map(|&id| rule(id)).collect();
            serde_json::value::to_raw_value(&rules).ok()
        })
        .as_deref()
}

/// A SARIF 2.1.0 log: one run, every finding id as a rule (metadata from the finding docs), one
/// result per finding located at its HAR entry's line (session findings: the first entry, the
/// others as related locations).
pub fn sarif(input: &CiInput<'_>) -> String {
    let results: Vec<Value> = all_findings(input.report)
        .map(|(entries, f)| {
            let index = FindingId::ALL.iter().position(|&i| i == f.id).unwrap_or(0);
            let first = entries.first().copied().unwrap_or(0);
            let mut result = json!({
                "ruleId": f.id.as_str(),
                "ruleIndex": index,
                "level": sarif_level(f.severity),
                "message": {"text": message(f)},
                "locations": [location(input, first, 0)],
                "partialFingerprints": {
                    "authlensEntry/v1": format!("{}:{}", f.id.as_str(), entries.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
                },
            });
            if entries.len() > 1 {
                result["relatedLocations"] = Value::Array(
                    entries
                        .iter()
                        .skip(1)
                        .enumerate()
                        .map(|(i, &e)| location(input, e, i + 1))
                        .collect(),
                );
            }
            result
        })
        .collect();
    let log = SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: SarifTool {
                driver: SarifDriver {
                    name: "authlens",
                    version: input.tool_version,
                    semantic_version: input.tool_version,
                    information_uri: "https://www.rfc-editor.org/rfc/rfc9110#section-11",
                    rules: rules_json(),
                },
            },
            artifacts: json!([{"location": {"uri": artifact_uri(input.artifact)}, "mimeType": "application/json"}]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows only tab, LF and CR below U+0020 (and no U+FFFE/U+FFFF).
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:04X}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test suite for the file, one test case per HAR entry. A case fails when one of
/// its findings (including session findings naming it) reaches `fail_on`; the others are listed
/// in `system-out`.
pub fn junit(input: &CiInput<'_>, fail_on: FailOn) -> String {
    struct Case {
        index: usize,
        name: String,
        failures: Vec<(String, String, String)>,
        notes: Vec<String>,
    }
    let mut cases: Vec<Case> = input
        .report
        .entries
        .iter()
        .map(|e| Case {
            index: e.index,
            name: format!(
                "[{}] {} {} -> {}",
                e.index,
                e.method,
                e.url,
                if e.status == 0 {
                    "no response".to_owned()
                } else {
                    e.status.to_string()
                }
            ),
            failures: Vec::new(),
            notes: Vec::new(),
        })
        .collect();
    for (entries, f) in all_findings(input.report) {
        for &index in &entries {
            let pos = match cases.iter().position(|c| c.index == index) {
                Some(p) => p,
                None => {
                    // `har.malformed`: a skipped entry still gets its test case.
                    cases.push(Case {
                        index,
                        name: format!("[{index}] (unreadable entry)"),
                        failures: Vec::new(),
                        notes: Vec::new(),
                    });
                    cases.len() - 1
                }
            };
            let line = format!(
                "{} {}: {} {}",
                f.severity.as_str(),
                f.id.as_str(),
                f.detail(),
                f.fix()
            );
            if fail_on.fails(f.severity) {
                cases[pos].failures.push((
                    f.id.as_str().to_owned(),
                    format!("{}: {}", f.severity.as_str(), f.title()),
                    line,
                ));
            } else {
                cases[pos].notes.push(line);
            }
        }
    }
    cases.sort_by_key(|c| c.index);
    let failures = cases.iter().filter(|c| !c.failures.is_empty()).count();
    let suite = xml_escape(input.artifact);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"authlens\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        cases.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{suite}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        cases.len()
    );
    for c in &cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{suite}\" name=\"{}\" file=\"{suite}\" line=\"{}\"",
            xml_escape(&c.name),
            input.line(c.index)
        );
        if c.failures.is_empty() && c.notes.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for (kind, message, text) in &c.failures {
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                xml_escape(kind),
                xml_escape(message),
                xml_escape(text)
            );
        }
        if !c.notes.is_empty() {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml_escape(&c.notes.join("\n"))
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// A workflow-command message: `%`, CR and LF escaped.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow-command property value: also `:` and `,`.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub workflow annotations (`::error file=…,line=…,title=…::…`), at most
/// [`GITHUB_ANNOTATIONS_PER_KIND`] per kind, most severe findings first; a last `::notice` says
/// how many were left out.
pub fn github_annotations(input: &CiInput<'_>) -> String {
    let mut out = String::new();
    let mut counts = [0usize; 3];
    let mut left_out = [0usize; 3];
    let mut all: Vec<(Vec<usize>, &Finding)> = all_findings(input.report).collect();
    all.sort_by_key(|(e, f)| (f.severity, e.first().copied()));
    let file = gh_property(input.artifact);
    for (entries, f) in all {
        let (kind, slot) = match f.severity {
            Severity::Error => ("error", 0),
            Severity::Warning => ("warning", 1),
            Severity::Info => ("notice", 2),
        };
        if counts[slot] >= GITHUB_ANNOTATIONS_PER_KIND {
            left_out[slot] += 1;
            continue;
        }
        counts[slot] += 1;
        let first = entries.first().copied().unwrap_or(0);
        let _ = writeln!(
            out,
            "::{kind} file={file},line={},title={}::{}",
            input.line(first),
            gh_property(&format!("authlens {}: {}", f.id.as_str(), f.title())),
            gh_data(&format!(
                "Entry {}: {} Fix: {}",
                entries
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                f.detail(),
                f.fix()
            ))
        );
    }
    let skipped: usize = left_out.iter().sum();
    if skipped > 0 {
        let _ = writeln!(
            out,
            "{}",
            (format!(
                "authlens: {} more finding(s) ({} error, {} warning, {} info) are not annotated: GitHub shows at most {GITHUB_ANNOTATIONS_PER_KIND} annotations of each kind per step; see the job summary.",
                skipped, left_out[0], left_out[1], left_out[2]
            ))
        );
    }
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .replace('<', "&lt;")
}

/// The job summary (Markdown for `$GITHUB_STEP_SUMMARY`): counts, a table with one row per
/// entry, then every finding; cut below GitHub's 1 MiB limit.
pub fn github_summary(input: &CiInput<'_>) -> String {
    let all: Vec<(Vec<usize>, &Finding)> = all_findings(input.report).collect();
    let count = |s: Severity| all.iter().filter(|(_, f)| f.severity == s).count();
    let mut out = format!(
        "## authlens: `{}`\n\n{} request(s): {} error(s), {} warning(s), {} info\n\n",
        md_cell(input.artifact),
        input.report.entries.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out.push_str("| # | Line | Method | Status | URL | Findings |\n|---:|---:|---|---:|---|---|\n");
    let mut cut = false;
    for e in &input.report.entries {
        let ids: Vec<String> = e
            .findings
            .iter()
            .map(|f| format!("{} `{}`", severity_mark(f.severity), f.id.as_str()))
            .collect();
        let row = format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            e.index,
            input.line(e.index),
            md_cell(&e.method),
            if e.status == 0 {
                "-".to_owned()
            } else {
                e.status.to_string()
            },
            md_cell(&e.url),
            if ids.is_empty() {
                "ok".to_owned()
            } else {
                ids.join(", ")
            }
        );
        if out.len() + row.len() > GITHUB_SUMMARY_MAX_BYTES / 2 {
            cut = true;
            break;
        }
        out.push_str(&row);
    }
    if cut {
        out.push_str("\n(table cut to stay within GitHub's job summary limit)\n");
    }
    if !all.is_empty() {
        out.push_str("\n### Findings\n\n");
        for (entries, f) in &all {
            let item = format!(
                "- {} **`{}`** {} (entr{} {}): {} **Fix:** {}\n",
                severity_mark(f.severity),
                f.id.as_str(),
                md_cell(f.title()),
                if entries.len() == 1 { "y" } else { "ies" },
                entries
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                md_cell(&f.detail()),
                md_cell(f.fix())
            );
            if out.len() + item.len() > GITHUB_SUMMARY_MAX_BYTES {
                out.push_str("- … (cut to stay within GitHub's job summary limit)\n");
                break;
            }
            out.push_str(&item);
        }
    }
    out
}

fn severity_mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "❌",
        Severity::Warning => "⚠️",
        Severity::Info => "ℹ️",
    }
}
