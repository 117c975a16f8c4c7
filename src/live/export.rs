//! Redacted reports of the session or the selection, as Markdown or JSON.
//!
//! ```
//! use authlens::live::{export_markdown, Session};
//! use authlens::model::Exchange;
//! use authlens::rules::AnalysisOptions;
//!
//! let mut session = Session::new(AnalysisOptions::default());
//! session.push(Exchange::new("GET", "https://api.example.com/v1/me").with_status(401));
//! let md = export_markdown(&session.report(None));
//! assert!(md.starts_with("# authlens report: session of 1 request"));
//! ```

use crate::card::CredentialCard;
use crate::model::Finding;
use crate::report::JsonReport;
use crate::rules::{EntryReport, SessionFinding};

/// What a report covers.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    /// The report heading.
    pub title: String,
    /// The requests covered.
    pub entries: Vec<EntryReport>,
    /// The credential cards of each request (same positions as `entries`).
    pub credentials: Vec<Vec<CredentialCard>>,
    /// Findings about several of them.
    pub session_findings: Vec<SessionFinding>,
    /// Findings of a paste that has no request (a bare key).
    pub loose_findings: Vec<Finding>,
    /// The card of a pasted bare key (the JSON report shows the paste as one entry).
    pub loose_credentials: Vec<CredentialCard>,
    /// What the HAR reader noticed without skipping anything (a file loaded in the page).
    pub notes: Vec<String>,
    /// Requests dropped to bound memory before the export.
    pub evicted: usize,
    /// The token timeline as text (`Timeline::to_text`), when the session has credentials.
    pub timeline: Option<String>,
}

fn finding_md(out: &mut String, f: &Finding, entries: Option<&[usize]>) {
    out.push_str(&format!(
        "- **{}** `{}`: {}\n",
        f.severity.as_str(),
        f.id.as_str(),
        f.title()
    ));
    out.push_str(&format!("  {}\n", f.detail().replace('\n', " ")));
    out.push_str(&format!("  Fix: {}\n", f.fix().replace('\n', " ")));
    if let Some(entries) = entries {
        let list: Vec<String> = entries.iter().map(|i| format!("#{i}")).collect();
        out.push_str(&format!("  Requests: {}\n", list.join(", ")));
    }
}

/// Markdown: a heading, session findings, then each request with its findings. Values are the
/// engine's redacted forms (URLs with credential parameters replaced, keys as prefix…last4).
pub fn markdown(input: &ReportInput) -> String {
    let mut out = format!("# authlens report: {}\n\n", input.title);
    out.push_str("Keys are redacted. Generated locally by authlens; nothing was uploaded.\n\n");
    if input.evicted > 0 {
        out.push_str(&format!(
            "{} older requests were dropped to bound memory.\n\n",
            input.evicted
        ));
    }
    if !input.loose_findings.is_empty() {
        out.push_str("## Findings\n\n");
        for f in &input.loose_findings {
            finding_md(&mut out, f, None);
        }
        out.push('\n');
    }
    if !input.session_findings.is_empty() {
        out.push_str("## Session findings\n\n");
        for sf in &input.session_findings {
            finding_md(&mut out, &sf.finding, Some(&sf.entries));
        }
        out.push('\n');
    }
    if let Some(timeline) = &input.timeline {
        out.push_str("## Token timeline\n\nI issued, R replaced by a refresh, · sent, ✗ rejected; #N is the request.\n\n```text\n");
        out.push_str(timeline);
        out.push_str("```\n\n");
    }
    if !input.entries.is_empty() {
        out.push_str("## Requests\n\n");
        for e in &input.entries {
            out.push_str(&format!(
                "### #{} {} {} → {}\n\n",
                e.index, e.method, e.url, e.status
            ));
            if e.findings.is_empty() {
                out.push_str("No findings.\n");
            }
            for f in &e.findings {
                finding_md(&mut out, f, None);
            }
            out.push('\n');
        }
    }
    out
}

/// The JSON report every output shares ([`crate::report`], the schema of `authlens check
/// --json`), with the same content as [`markdown`]. A bare pasted key is one entry without a
/// method, carrying the key's card, as `authlens inspect --json` prints it.
pub fn json(input: &ReportInput) -> String {
    if input.entries.is_empty() && !input.loose_credentials.is_empty() {
        let pasted = [EntryReport {
            index: 0,
            method: String::new(),
            url: String::new(),
            status: 0,
            findings: input.loose_findings.clone(),
        }];
        return JsonReport::new(&pasted, &input.session_findings, |_, _| {
            &input.loose_credentials
        })
        .to_text();
    }
    JsonReport::new(&input.entries, &input.session_findings, |p, _| {
        input.credentials.get(p).map_or(&[][..], Vec::as_slice)
    })
    .with_notes(&input.notes)
    .with_evicted(input.evicted)
    .to_text()
}
