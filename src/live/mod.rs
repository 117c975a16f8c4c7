//! The live session behind the DevTools panel and the paste-check page, without any DOM: the
//! bounded request store, counts, filters, session findings, redirect chains, the diff against
//! the last success, provider attribution, exports and "Copy as curl".
//!
//! ```
//! use authlens::live::{Filter, Session};
//! use authlens::model::Exchange;
//! use authlens::rules::AnalysisOptions;
//!
//! let mut session = Session::new(AnalysisOptions::default());
//! let added = session.push(
//!     Exchange::new("GET", "https://api.openai.com/v1/models")
//!         .with_request_header("Authorization", "Bearer undefined")
//!         .with_status(401),
//! );
//! let stored = session.get(added.index).unwrap();
//! assert_eq!(stored.provider, "OpenAI");
//! assert!(Filter::new(true, "placeholder").passes(stored));
//! assert_eq!(session.counts().text(), "1 error · 0 warnings · 1 request");
//! ```
//!
//! `src/wasm/ui` renders this state; everything here is plain Rust and tested natively.

mod curl;
mod export;
mod history;
mod listing;
mod paste;
mod reconcile;
mod view;

use std::collections::VecDeque;

use crate::card::cards_for_exchange;
use crate::findings::FindingId;
use crate::har::{EntryProblem, HarIssue};
use crate::model::{Exchange, Finding, Severity};
use crate::redact::fingerprint;
use crate::rules::http::UrlParts;
use crate::rules::tokens::Timeline;
use crate::rules::{
    har_malformed, rejudge_reference, AnalysisOptions, EntryReport, SessionAnalyzer, SessionFinding,
};

pub use crate::rules::Credential;
pub use curl::curl_command;
pub use export::{json as export_json, markdown as export_markdown, ReportInput};
pub use history::{entry_heading, Diff, LOOKBACK};
pub use listing::{drawn_range, scroll_to_show, Listed};
pub use paste::{claim_phrase, Paste};
pub use reconcile::{EntryId, HarSeen, PageLoad, Reconciler, MAX_IDS, MAX_WITNESSED};
pub use view::{checklist, json_text, jwt_claims, jwt_header, CheckLine, ClaimLine};

/// At most this many requests are kept; older ones are dropped (and counted).
pub const MAX_STORED: usize = 10_000;
/// At most this many session findings are kept (oldest dropped).
pub const MAX_SESSION_FINDINGS: usize = 500;

/// One kept request: its report, the exchange, its worst severity and the provider it talks to.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// The findings, with the display index.
    pub report: EntryReport,
    /// The exchange as captured.
    pub exchange: Exchange,
    /// The most serious finding's severity, if any.
    pub worst: Option<Severity>,
    /// The provider's name (from the host, else from a distinctive key prefix), or empty.
    pub provider: &'static str,
    /// The HAR entry as the panel captured it (JSON text), for "Export redacted HAR".
    pub har_entry: Option<String>,
}

/// What [`Session::push`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The display index of the new request.
    pub index: usize,
    /// Session findings were created or updated.
    pub session_changed: bool,
    /// Display indexes of the requests dropped to stay within [`MAX_STORED`].
    pub evicted: Vec<usize>,
    /// Display indexes of kept requests whose findings this one changed (a challenge-response
    /// login that completed retracts its first step's `credential.missing`): redraw their rows.
    pub revised: Vec<usize>,
}

/// Kept requests by worst severity, and the total seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Kept requests whose worst finding is an error.
    pub errors: usize,
    /// Kept requests whose worst finding is a warning.
    pub warnings: usize,
    /// Every request seen (kept and dropped).
    pub total: usize,
    /// Requests dropped to bound memory.
    pub evicted: usize,
}

/// `1 request`, `2 requests`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Counts {
    /// `2 errors · 1 warning · 40 requests (3 oldest dropped)`.
    pub fn text(&self) -> String {
        let mut text = format!(
            "{} · {} · {}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.total, "request", "requests")
        );
        if self.evicted > 0 {
            text.push_str(&format!(" ({} oldest dropped)", self.evicted));
        }
        text
    }
}

/// Which requests the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// Only requests with findings or a 401/403/407.
    pub auth_only: bool,
    /// Lower-cased, trimmed search text (empty: no search).
    pub query: String,
}

impl Filter {
    /// A filter from the list's controls (`query` as typed).
    pub fn new(auth_only: bool, query: &str) -> Self {
        Filter {
            auth_only,
            query: query.trim().to_lowercase(),
        }
    }

    /// Whether the list shows `s`: the search matches the URL, method, status, provider or a
    /// finding id.
    pub fn passes(&self, s: &Stored) -> bool {
        if self.auth_only && s.worst.is_none() && !matches!(s.report.status, 401 | 403 | 407) {
            return false;
        }
        let query = self.query.as_str();
        if query.is_empty() {
            return true;
        }
        s.report.url.to_lowercase().contains(query)
            || s.report.method.to_lowercase().contains(query)
            || s.report.status.to_string().contains(query)
            || s.provider.to_lowercase().contains(query)
            || s.report
                .findings
                .iter()
                .any(|f| f.id.as_str().contains(query))
    }
}

/// The most serious severity among `findings`.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).min()
}

/// The provider a request talks to: the catalogue entry for its host, else the one a
/// distinctive key prefix names; empty when neither.
pub fn provider_of(ex: &Exchange) -> &'static str {
    UrlParts::parse(&ex.url)
        .and_then(|u| crate::providers::provider_for_host(u.host))
        .map(|p| p.name)
        .or_else(|| {
            let c = Credential::of_exchange(ex)?;
            let recognition = crate::providers::recognize_key(c.token.trim());
            recognition
                .best()
                .filter(|m| m.prefix_len > 0)
                .map(|m| m.provider_name)
        })
        .unwrap_or("")
}

/// Replaces the session finding with the same id and first entry, or adds it (dropping the
/// oldest beyond [`MAX_SESSION_FINDINGS`]).
pub fn upsert(list: &mut Vec<SessionFinding>, new: SessionFinding) {
    let key = (new.finding.id, new.entries.first().copied());
    if let Some(slot) = list
        .iter_mut()
        .find(|f| (f.finding.id, f.entries.first().copied()) == key)
    {
        *slot = new;
    } else {
        list.push(new);
        if list.len() > MAX_SESSION_FINDINGS {
            list.remove(0);
        }
    }
}

/// Where the request with display index `index` is among `entries` (kept in index order).
fn position_in(entries: &VecDeque<Stored>, index: usize) -> Option<usize> {
    let first = entries.front()?.report.index;
    index.checked_sub(first).filter(|&k| k < entries.len())
}

/// The requests of one panel or page session, analysed as they arrive, at most [`MAX_STORED`]
/// kept (oldest dropped first, and counted).
pub struct Session {
    opts: AnalysisOptions,
    analyzer: SessionAnalyzer,
    /// Display index of the analyzer's entry 0.
    base: usize,
    entries: VecDeque<Stored>,
    evicted: usize,
    next_index: usize,
    /// Kept requests whose worst finding is an error / a warning (O(1) a push).
    errors: usize,
    warnings: usize,
    session_findings: Vec<SessionFinding>,
    /// The session is a HAR file loaded in the page (not a live capture).
    from_file: bool,
    /// What the HAR reader noticed in that file without skipping anything.
    notes: Vec<String>,
}

impl Session {
    /// An empty session analysed with `opts`.
    pub fn new(opts: AnalysisOptions) -> Self {
        Session {
            analyzer: SessionAnalyzer::new(opts.clone()),
            opts,
            base: 0,
            entries: VecDeque::new(),
            evicted: 0,
            next_index: 0,
            errors: 0,
            warnings: 0,
            session_findings: Vec::new(),
            from_file: false,
            notes: Vec::new(),
        }
    }

    /// The analysis options.
    pub fn options(&self) -> &AnalysisOptions {
        &self.opts
    }

    /// Sets the time single pastes are judged at (the page's "Request time").
    pub fn set_now_ms(&mut self, now_ms: Option<i64>) {
        self.opts.now_ms = now_ms;
    }

    /// Compares every request's key with `key` (empty: no reference), re-judging what is kept:
    /// only the reference finding depends on the key, so nothing is re-analysed. The key itself
    /// is not kept, only its fingerprint.
    pub fn set_reference(&mut self, key: &str) {
        let reference = if key.is_empty() {
            None
        } else {
            Some(fingerprint(key))
        };
        self.opts.reference_fingerprint = reference;
        let (entries, base) = (&self.entries, self.base);
        self.analyzer.set_reference(reference, |analyzed| {
            entries
                .get(position_in(entries, analyzed + base)?)
                .map(|s| &s.exchange)
        });
        for stored in self.entries.iter_mut() {
            rejudge_reference(&mut stored.report.findings, &stored.exchange, &self.opts);
            stored.worst = worst(&stored.report.findings);
        }
        self.recount();
    }

    /// Kept requests, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Stored> + ExactSizeIterator {
        self.entries.iter()
    }

    /// How many requests are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No request is kept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many requests were dropped to bound memory.
    pub fn evicted(&self) -> usize {
        self.evicted
    }

    /// Findings about several requests.
    pub fn session_findings(&self) -> &[SessionFinding] {
        &self.session_findings
    }

    /// Where the request with display index `index` is among the kept ones.
    pub fn position(&self, index: usize) -> Option<usize> {
        position_in(&self.entries, index)
    }

    /// The kept request with display index `index`.
    pub fn get(&self, index: usize) -> Option<&Stored> {
        self.entries.get(self.position(index)?)
    }

    /// Counts for the toolbar.
    pub fn counts(&self) -> Counts {
        Counts {
            errors: self.errors,
            warnings: self.warnings,
            total: self.entries.len() + self.evicted,
            evicted: self.evicted,
        }
    }

    /// Kept requests that sent a key other than the reference key.
    pub fn reference_mismatches(&self) -> usize {
        self.entries
            .iter()
            .filter(|s| {
                s.report
                    .findings
                    .iter()
                    .any(|f| f.id == FindingId::TokenReferenceMismatch)
            })
            .count()
    }

    fn count(&mut self, worst: Option<Severity>, add: bool) {
        let slot = match worst {
            Some(Severity::Error) => &mut self.errors,
            Some(Severity::Warning) => &mut self.warnings,
            _ => return,
        };
        *slot = if add {
            *slot + 1
        } else {
            slot.saturating_sub(1)
        };
    }

    fn recount(&mut self) {
        self.errors = self
            .entries
            .iter()
            .filter(|s| s.worst == Some(Severity::Error))
            .count();
        self.warnings = self
            .entries
            .iter()
            .filter(|s| s.worst == Some(Severity::Warning))
            .count();
    }

    /// Analyses one exchange into the session and keeps it (dropping the oldest beyond
    /// [`MAX_STORED`]).
    pub fn push(&mut self, ex: Exchange) -> Added {
        self.push_captured(ex, None)
    }

    /// [`Session::push`], keeping the HAR entry it came from (one JSON object, as captured) so
    /// that [`Session::captured_har`] can export the session.
    /// An entry that is not one JSON object is not kept (the export would not be a HAR).
    pub fn push_captured(&mut self, ex: Exchange, har_entry: Option<String>) -> Added {
        let har_entry = har_entry.filter(|e| is_json_object(e));
        let pushed = self.analyzer.push(&ex);
        let mut report = pushed.entry;
        report.index += self.base;
        self.next_index = report.index + 1;
        let session_changed = !pushed.session_findings.is_empty();
        for mut sf in pushed.session_findings {
            for e in &mut sf.entries {
                *e += self.base;
            }
            upsert(&mut self.session_findings, sf);
        }
        let stored = Stored {
            worst: worst(&report.findings),
            provider: provider_of(&ex),
            report,
            exchange: ex,
            har_entry,
        };
        let index = stored.report.index;
        self.count(stored.worst, true);
        self.entries.push_back(stored);
        let mut revised = Vec::new();
        for entry in pushed.revised_entries {
            let shown = entry.index + self.base;
            let Some(k) = self.position(shown) else {
                continue;
            };
            let old = self.entries[k].worst;
            let new = worst(&entry.findings);
            self.entries[k].report.findings = entry.findings;
            self.entries[k].worst = new;
            self.count(old, false);
            self.count(new, true);
            revised.push(shown);
        }
        let mut evicted = Vec::new();
        while self.entries.len() > MAX_STORED {
            if let Some(old) = self.entries.pop_front() {
                self.evicted += 1;
                self.count(old.worst, false);
                evicted.push(old.report.index);
            }
        }
        // The analyzer bounds what it keeps by itself (entry reports, session findings, the
        // maps its rules read), so a long session never needs re-analysing to stay bounded.
        revised.retain(|i| !evicted.contains(i));
        Added {
            index,
            session_changed,
            evicted,
            revised,
        }
    }

    /// Reads one HAR entry as DevTools delivers it (JSON text: an `onRequestFinished` or
    /// `getHAR` entry, with the body the panel read as `response.content.text` and
    /// `.encoding`) exactly as [`crate::har`] reads a file's entries, analyses it and keeps it
    /// with its entry (for [`Session::captured_har`]). An entry the reader cannot use is
    /// refused with the reader's reason.
    pub fn push_har_entry(&mut self, json: &str) -> Result<Added, EntryProblem> {
        let ex = crate::har::read_entry(json)?;
        Ok(self.push_captured(ex, Some(json.to_owned())))
    }

    /// Forgets every request and finding (the options stay).
    pub fn reset(&mut self) {
        self.analyzer = SessionAnalyzer::new(self.opts.clone());
        self.base = 0;
        self.entries.clear();
        self.evicted = 0;
        self.next_index = 0;
        self.errors = 0;
        self.warnings = 0;
        self.session_findings.clear();
        self.from_file = false;
        self.notes.clear();
    }

    /// Replaces the session with a HAR file's exchanges; `issues` are the reader's (skipped
    /// entries become `har.malformed` session findings).
    pub fn load(&mut self, exchanges: Vec<Exchange>, issues: &[HarIssue]) {
        self.reset();
        for ex in exchanges {
            self.push(ex);
        }
        self.set_file_notes(
            issues
                .iter()
                .filter(|i| !i.skipped)
                .map(ToString::to_string)
                .collect(),
        );
        self.finish_load(
            issues
                .iter()
                .filter(|i| i.skipped)
                .map(|i| (i.entry_index, i.message.as_str())),
        );
    }

    /// Ends a HAR file read in batches (the page's worker): after [`Session::reset`] and a
    /// [`Session::push`] per exchange, adds what [`Session::load`] adds at the end. `skipped`
    /// names each skipped entry and the reader's message about it.
    pub fn finish_load<'a>(&mut self, skipped: impl IntoIterator<Item = (usize, &'a str)>) {
        self.from_file = true;
        for (entry_index, message) in skipped {
            // A skipped entry has no row: `entries` would name an unrelated row (rows count pushes,
            // this counts HAR entries), so only the text names its position in the file.
            let mut finding = har_malformed(entry_index, message);
            finding.entries.clear();
            upsert(&mut self.session_findings, finding);
        }
        // Findings that need the whole capture (`har.sanitized`).
        for sf in self
            .analyzer
            .report()
            .findings
            .into_iter()
            .filter(|f| f.finding.id == FindingId::HarSanitized)
        {
            upsert(&mut self.session_findings, sf);
        }
    }

    /// What the HAR reader noticed in a loaded file without skipping anything (`entry N: …`),
    /// for the exports.
    pub fn set_file_notes(&mut self, notes: Vec<String>) {
        self.notes = notes;
    }

    /// The session findings as a report of the whole capture lists them, the same as
    /// `authlens check` for the same requests: each finding as the analyzer holds it (where
    /// the list shows one per id and first request, [`upsert`]), numbered by display index;
    /// `har.sanitized` only for a file (it judges a DevTools export); the `har.malformed`
    /// findings of a file's skipped entries.
    fn report_findings(&self) -> Vec<SessionFinding> {
        let mut out: Vec<SessionFinding> = self
            .analyzer
            .findings()
            .into_iter()
            .filter(|f| self.from_file || f.finding.id != FindingId::HarSanitized)
            .map(|mut f| {
                for e in &mut f.entries {
                    *e += self.base;
                }
                f
            })
            .collect();
        out.extend(
            self.session_findings
                .iter()
                .filter(|f| f.finding.id == FindingId::HarMalformed)
                .cloned(),
        );
        out
    }

    /// The kept requests' captured HAR entries as one HAR 1.2 document (oldest first), or `None`
    /// when no kept request came with its entry. Requests dropped to bound memory are not in it
    /// (the log's comment says how many).
    pub fn captured_har(&self) -> Option<String> {
        let entries: Vec<(&str, Option<&str>)> = self
            .entries
            .iter()
            .filter_map(|s| {
                let body = s.exchange.response_body_excerpt.as_deref();
                s.har_entry.as_deref().map(|e| (e, body))
            })
            .collect();
        if entries.is_empty() {
            return None;
        }
        let without = self.entries.len() - entries.len();
        Some(har_document(&entries, self.evicted, without))
    }

    /// How many credentials the timeline has (drawn or not), without copying it.
    pub fn timeline_credentials(&self) -> usize {
        let t = self.analyzer.timeline();
        t.lanes.len() + t.dropped_lanes
    }

    /// The token timeline with its marks numbered by display index (like the list's rows).
    pub fn timeline(&self) -> Timeline {
        let mut shown = self.analyzer.timeline().clone();
        for mark in shown.lanes.iter_mut().flat_map(|l| l.marks.iter_mut()) {
            mark.entry += self.base;
        }
        shown
    }

    /// What an export covers: the request `selection` (display index) with the session
    /// findings naming it, or, without one, every kept request and session finding.
    pub fn report(&self, selection: Option<usize>) -> ReportInput {
        if let Some(s) = selection.and_then(|i| self.get(i)) {
            let index = s.report.index;
            return ReportInput {
                title: entry_heading(s),
                entries: vec![s.report.clone()],
                credentials: vec![cards_for_exchange(&s.exchange)],
                session_findings: self
                    .report_findings()
                    .into_iter()
                    .filter(|f| f.entries.contains(&index))
                    .collect(),
                loose_findings: Vec::new(),
                loose_credentials: Vec::new(),
                notes: Vec::new(),
                evicted: 0,
                timeline: None,
            };
        }
        let timeline = self.timeline();
        ReportInput {
            title: format!(
                "session of {}",
                plural(self.entries.len() + self.evicted, "request", "requests")
            ),
            entries: self.entries.iter().map(|s| s.report.clone()).collect(),
            credentials: self
                .entries
                .iter()
                .map(|s| cards_for_exchange(&s.exchange))
                .collect(),
            session_findings: self.report_findings(),
            loose_findings: Vec::new(),
            loose_credentials: Vec::new(),
            notes: self.notes.clone(),
            evicted: self.evicted,
            timeline: (!timeline.lanes.is_empty()).then(|| timeline.to_text()),
        }
    }
}

/// `{"log":{"version":"1.2","creator":…,"entries":[…]}}` around entries that are each one JSON
/// object, each with the response body as it was read (see [`body_as_read`]). HAR 1.2 makes
/// `pages` optional; the panel's entries are exported without `pageref`.
fn har_document(entries: &[(&str, Option<&str>)], evicted: usize, without: usize) -> String {
    let mut comment = format!(
        "The DevTools session as authlens captured it: {}",
        plural(entries.len(), "request", "requests")
    );
    if evicted > 0 {
        comment.push_str(&format!(
            "; the {evicted} oldest were dropped to bound memory"
        ));
    }
    if without > 0 {
        comment.push_str(&format!(
            "; {} without a HAR entry",
            plural(without, "request", "requests")
        ));
    }
    let creator = serde_json::json!({
        "name": "authlens",
        "version": env!("CARGO_PKG_VERSION"),
        "comment": comment,
    });
    let mut out = String::with_capacity(entries.iter().map(|e| e.0.len() + 2).sum::<usize>() + 256);
    out.push_str("{\"log\":{\"version\":\"1.2\",\"creator\":");
    out.push_str(&creator.to_string());
    out.push_str(",\"entries\":[\n");
    for (i, (e, body)) in entries.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        match serde_json::from_str::<serde_json::Value>(e) {
            Ok(mut v) => {
                har_1_2_entry(&mut v);
                body_as_read(&mut v, *body);
                out.push_str(&v.to_string());
            }
            // Checked when kept (`is_json_object`): not reached.
            Err(_) => out.push_str("{}"),
        }
    }
    out.push_str("\n]}}\n");
    out
}

/// Makes a browser's entry a valid HAR 1.2 entry without changing what it says: the fields
/// HAR 1.2 requires get their "unknown" value when missing (Firefox gives a request that never
/// connected `timings: {}`), `serverIPAddress` is an address or absent (Chromium writes `""`
/// for a request that never connected and IPv6 in URL brackets, `[::1]`), and `pageref` goes,
/// since the panel keeps no pages.
fn har_1_2_entry(entry: &mut serde_json::Value) {
    use serde_json::{json, Map, Value};
    fn fill(obj: &mut Map<String, Value>, defaults: &[(&str, Value)]) {
        for (k, v) in defaults {
            if !obj.contains_key(*k) {
                obj.insert((*k).to_owned(), v.clone());
            }
        }
    }
    fn object<'a>(
        obj: &'a mut Map<String, Value>,
        key: &str,
    ) -> Option<&'a mut Map<String, Value>> {
        let slot = obj.entry(key.to_owned()).or_insert_with(|| json!({}));
        if !slot.is_object() {
            *slot = json!({});
        }
        slot.as_object_mut()
    }
    let Some(e) = entry.as_object_mut() else {
        return;
    };
    e.remove("pageref");
    match e.get("serverIPAddress").and_then(Value::as_str) {
        Some(ip) => {
            let bare = ip.trim_start_matches('[').trim_end_matches(']').to_owned();
            if bare.parse::<std::net::IpAddr>().is_ok() {
                e.insert("serverIPAddress".to_owned(), Value::String(bare));
            } else {
                e.remove("serverIPAddress");
            }
        }
        None => {
            e.remove("serverIPAddress");
        }
    }
    fill(
        e,
        &[
            ("startedDateTime", json!("1970-01-01T00:00:00.000Z")),
            ("time", json!(0)),
            ("cache", json!({})),
        ],
    );
    if let Some(timings) = object(e, "timings") {
        fill(
            timings,
            &[
                ("send", json!(0)),
                ("wait", json!(0)),
                ("receive", json!(0)),
            ],
        );
    }
    let Some(request) = object(e, "request") else {
        return;
    };
    fill(
        request,
        &[
            ("method", json!("GET")),
            ("url", json!("")),
            ("httpVersion", json!("")),
            ("cookies", json!([])),
            ("headers", json!([])),
            ("queryString", json!([])),
            ("headersSize", json!(-1)),
            ("bodySize", json!(-1)),
        ],
    );
    let Some(response) = object(e, "response") else {
        return;
    };
    fill(
        response,
        &[
            ("status", json!(0)),
            ("statusText", json!("")),
            ("httpVersion", json!("")),
            ("cookies", json!([])),
            ("headers", json!([])),
            ("redirectURL", json!("")),
            ("headersSize", json!(-1)),
            ("bodySize", json!(-1)),
        ],
    );
    if let Some(content) = object(response, "content") {
        fill(content, &[("size", json!(0)), ("mimeType", json!(""))]);
    }
}

/// The response body the analysis read (`excerpt`: decoded from base64, at most
/// [`crate::model::BODY_EXCERPT_LIMIT`] bytes), in place of what the panel handed over (a
/// prefix, maybe base64), so the export says what was analysed; a comment says when it is cut.
fn body_as_read(entry: &mut serde_json::Value, excerpt: Option<&str>) {
    let Some(content) = entry
        .pointer_mut("/response/content")
        .and_then(serde_json::Value::as_object_mut)
    else {
        return;
    };
    content.remove("encoding");
    let Some(text) = excerpt else {
        content.remove("text");
        return;
    };
    let size = content
        .get("size")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0);
    if size > text.len() as u64 {
        content.insert(
            "comment".to_owned(),
            serde_json::Value::String(format!(
                "authlens: the first {} bytes, as the panel read them",
                text.len()
            )),
        );
    }
    content.insert(
        "text".to_owned(),
        serde_json::Value::String(text.to_owned()),
    );
}

fn is_json_object(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && serde_json::from_str::<&serde_json::value::RawValue>(text).is_ok()
}

#[cfg(test)]
mod tests;
