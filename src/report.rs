//! The one JSON report of a session, emitted by `authlens check --json` / `inspect --json`, by
//! the binding's `readHar` / `HarStream`, and by the panel's and page's "Export JSON".
//!
//! ```
//! use authlens::report::{har_report, SCHEMA};
//! use authlens::rules::AnalysisOptions;
//!
//! let har = br#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.example.com/v1/me",
//!   "headers":[{"name":"Authorization","value":"Bearer undefined"}]},"response":{"status":401}}]}}"#;
//! let built = har_report(har, AnalysisOptions::default()).unwrap();
//! let json: serde_json::Value = serde_json::from_str(&built.json().to_text()).unwrap();
//! assert_eq!(json["schema"], SCHEMA);
//! assert_eq!(json["entries"][0]["findings"][0]["id"], "token.placeholder");
//! assert_eq!(json["entries"][0]["credentials"][0]["location"], "request.header.Authorization");
//! ```
//!
//! The schema (README, "JSON output"), version [`SCHEMA`]:
//! `{"schema", "kind"?, "entries": [{"index", "method", "url", "status", "findings",
//! "credentials"}], "findings": [session findings, each with "entries"], "notes"?, "evicted"?}`.
//! `kind` is the kind of a paste (`inspect`); `notes` are what the reader noticed without skipping
//! anything (an unreadable date, redacted values analysed as stand-ins); `evicted` counts the
//! requests a live session dropped to bound memory. Optional members are left out when empty.
//! A change that removes or renames a member, or changes its meaning, bumps the version.
//!
//! [`JsonReport::new`] is the one place the report is assembled; [`HarReportBuilder`] is the one
//! way a HAR file becomes a session report (the CLI and the binding use it, entry by entry).

use std::io::Write;

use serde::Serialize;

use crate::card::{cards_for_exchange, CredentialCard};
use crate::har::{HarError, HarEvent, HarIssue, HarReader};
use crate::model::{Exchange, Finding};
use crate::rules::{har_malformed, AnalysisOptions, EntryReport, Report, SessionAnalyzer};

pub use crate::rules::SessionFinding;

/// The schema and its version, the report's `schema` member.
pub const SCHEMA: &str = "authlens.report/1";

/// The report as every output emits it (borrowing what it shows).
#[derive(Debug, Clone, Serialize)]
pub struct JsonReport<'a> {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The kind of paste (`har`, `curl`, `raw_key`, …), for `inspect`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// Every request, in order.
    pub entries: Vec<ReportEntry<'a>>,
    /// Findings about several requests.
    pub findings: &'a [SessionFinding],
    /// What the reader noticed without skipping anything.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub notes: &'a [String],
    /// Requests dropped to bound memory (live sessions).
    #[serde(skip_serializing_if = "is_zero")]
    pub evicted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One request of a [`JsonReport`].
#[derive(Debug, Clone, Serialize)]
pub struct ReportEntry<'a> {
    /// Its number: the HAR `log.entries` index for a file, the row number (`#N`) in the panel.
    pub index: usize,
    /// The request method (empty for a bare pasted key).
    pub method: &'a str,
    /// The URL with credentials in its query or userinfo redacted (`--reveal`: as sent).
    pub url: &'a str,
    /// The response status (0 when none arrived).
    pub status: u16,
    /// Its findings, most severe first.
    pub findings: &'a [Finding],
    /// The identity card of every credential it carries, even when nothing is wrong.
    pub credentials: &'a [CredentialCard],
}

impl<'a> JsonReport<'a> {
    /// The report of `entries` (each with the cards `credentials(position, entry)` gives) and
    /// the session `findings`.
    pub fn new(
        entries: &'a [EntryReport],
        findings: &'a [SessionFinding],
        credentials: impl Fn(usize, &EntryReport) -> &'a [CredentialCard],
    ) -> Self {
        JsonReport {
            schema: SCHEMA,
            kind: None,
            entries: entries
                .iter()
                .enumerate()
                .map(|(p, e)| ReportEntry {
                    index: e.index,
                    method: &e.method,
                    url: &e.url,
                    status: e.status,
                    findings: &e.findings,
                    credentials: credentials(p, e),
                })
                .collect(),
            findings,
            notes: &[],
            evicted: 0,
        }
    }

    /// With the kind of paste.
    pub fn with_kind(mut self, kind: Option<&'static str>) -> Self {
        self.kind = kind;
        self
    }

    /// With the reader's notes.
    pub fn with_notes(mut self, notes: &'a [String]) -> Self {
        self.notes = notes;
        self
    }

    /// With the number of requests dropped to bound memory.
    pub fn with_evicted(mut self, evicted: usize) -> Self {
        self.evicted = evicted;
        self
    }

    /// Writes the report as pretty JSON and a line break, as it is serialised.
    pub fn write(&self, out: &mut impl Write) -> Result<(), serde_json::Error> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        out.write_all(b"\n").map_err(serde_json::Error::io)
    }

    /// The report as pretty JSON and a line break.
    pub fn to_text(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec fails only for a serialiser bug (every member is plain data).
        match self.write(&mut out) {
            Ok(()) => String::from_utf8(out).unwrap_or_default(),
            Err(e) => format!("{{\"error\":\"cannot write the report: {e}\"}}\n"),
        }
    }
}

/// A HAR file's session report: what [`HarReportBuilder::finish`] gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HarReport {
    /// The session report, its entries numbered by their `log.entries` index, with a
    /// `har.malformed` session finding per skipped entry.
    pub report: Report,
    /// The credential cards of each report entry (same positions).
    pub credentials: Vec<Vec<CredentialCard>>,
    /// The reader's issues that skipped nothing, and what `authlens redact` placeholders became.
    pub notes: Vec<String>,
    /// Every issue the reader reported.
    pub issues: Vec<HarIssue>,
}

impl HarReport {
    /// The report's JSON form.
    pub fn json(&self) -> JsonReport<'_> {
        JsonReport::new(&self.report.entries, &self.report.findings, |p, _| {
            self.credentials.get(p).map_or(&[][..], Vec::as_slice)
        })
        .with_notes(&self.notes)
    }
}

/// What [`HarReportBuilder::prepare`] found in one exchange.
#[derive(Debug)]
pub struct PreparedExchange {
    rehydrated: usize,
    cards: Vec<CredentialCard>,
}

/// Builds a HAR file's report while it is read, entry by entry (the file is never held):
/// each exchange is analysed into the session and its credential cards kept; a HAR written by
/// `authlens redact` is analysed with stand-ins for its placeholders
/// ([`crate::har_redact::rehydrate_exchange`]).
#[derive(Debug)]
pub struct HarReportBuilder {
    session: SessionAnalyzer,
    entry_indexes: Vec<usize>,
    /// The cards of the entries not yet taken by [`HarReportBuilder::take_settled`].
    credentials: std::collections::VecDeque<Vec<CredentialCard>>,
    issues: Vec<HarIssue>,
    rehydrated: usize,
}

impl HarReportBuilder {
    /// An empty report analysed with `opts`.
    pub fn new(opts: AnalysisOptions) -> Self {
        HarReportBuilder {
            session: SessionAnalyzer::keeping_every_entry(opts),
            entry_indexes: Vec::new(),
            credentials: std::collections::VecDeque::new(),
            issues: Vec::new(),
            rehydrated: 0,
        }
    }

    /// Adds the exchange read from `log.entries[entry_index]` (placeholders rehydrated in place).
    pub fn exchange(&mut self, entry_index: usize, ex: &mut Exchange) {
        let prepared = Self::prepare(ex);
        self.add(entry_index, ex, prepared);
    }

    /// The part of [`HarReportBuilder::exchange`] that depends on `ex` alone (placeholders
    /// rehydrated in place, its credential cards), so that a reader may do it on another thread
    /// while the session analyses the exchanges before; [`HarReportBuilder::add`] does the rest.
    pub fn prepare(ex: &mut Exchange) -> PreparedExchange {
        let rehydrated = crate::har_redact::rehydrate_exchange(ex);
        PreparedExchange {
            rehydrated,
            cards: cards_for_exchange(ex),
        }
    }

    /// Adds `ex`, prepared by [`HarReportBuilder::prepare`], read from `log.entries[entry_index]`.
    pub fn add(&mut self, entry_index: usize, ex: &Exchange, prepared: PreparedExchange) {
        self.rehydrated += prepared.rehydrated;
        self.session.push(ex);
        self.entry_indexes.push(entry_index);
        self.credentials.push_back(prepared.cards);
    }

    /// Adds an issue the reader reported.
    pub fn issue(&mut self, issue: HarIssue) {
        self.issues.push(issue);
    }

    /// Adds what a [`HarReader`] emitted.
    pub fn take(&mut self, event: HarEvent<'_>) {
        match event {
            HarEvent::Exchange {
                entry_index,
                exchange,
                ..
            } => self.exchange(entry_index, exchange),
            HarEvent::Issue(issue) => self.issue(issue),
        }
    }

    /// Exchanges analysed so far.
    pub fn exchanges(&self) -> usize {
        self.entry_indexes.len()
    }

    /// Removes and returns the entries no later exchange can revise, numbered by their
    /// `log.entries` index, with their credential cards: a report written while the file is read
    /// ([`JsonStream`]) holds only the entries still open.
    pub fn take_settled(&mut self) -> Vec<(EntryReport, Vec<CredentialCard>)> {
        self.session
            .take_settled()
            .into_iter()
            .map(|mut entry| {
                entry.index = self
                    .entry_indexes
                    .get(entry.index)
                    .copied()
                    .unwrap_or(entry.index);
                let cards = self.credentials.pop_front().unwrap_or_default();
                (entry, cards)
            })
            .collect()
    }

    /// The report of everything added (and not taken by [`HarReportBuilder::take_settled`]).
    pub fn finish(self) -> HarReport {
        let mut report = self.session.into_report();
        let original = |i: usize| self.entry_indexes.get(i).copied().unwrap_or(i);
        for entry in &mut report.entries {
            entry.index = original(entry.index);
        }
        for finding in &mut report.findings {
            for index in &mut finding.entries {
                *index = original(*index);
            }
        }
        report.findings.extend(
            self.issues
                .iter()
                .filter(|i| i.skipped)
                .map(|i| har_malformed(i.entry_index, &i.message)),
        );
        let mut notes: Vec<String> = self
            .issues
            .iter()
            .filter(|i| !i.skipped)
            .map(ToString::to_string)
            .collect();
        if let Some(note) = rehydrated_note(self.rehydrated) {
            notes.push(note);
        }
        HarReport {
            report,
            credentials: self.credentials.into(),
            notes,
            issues: self.issues,
        }
    }
}

/// Writes a [`JsonReport`] while a file is read: the head, then each entry as soon as it is
/// settled, then the session findings and notes. The bytes are those of [`JsonReport::write`]
/// for the same report; only the entries not yet written are held.
///
/// ```
/// use authlens::report::{har_report, JsonStream};
/// use authlens::rules::AnalysisOptions;
///
/// let har = br#"{"log":{"entries":[{"request":{"method":"GET","url":"https://api.example.com/v1/me",
///   "headers":[{"name":"Authorization","value":"Bearer undefined"}]},"response":{"status":401}}]}}"#;
/// let whole = har_report(har, AnalysisOptions::default()).unwrap();
/// let mut stream = JsonStream::start(Vec::new()).unwrap();
/// for (entry, cards) in whole.report.entries.iter().zip(&whole.credentials) {
///     stream.entry(entry, cards, &entry.url).unwrap();
/// }
/// let streamed = stream.finish(&whole.report.findings, &whole.notes).unwrap();
/// assert_eq!(String::from_utf8(streamed).unwrap(), whole.json().to_text());
/// ```
#[derive(Debug)]
pub struct JsonStream<W: Write> {
    out: W,
    entries: usize,
}

/// The members after `entries`, serialised as an object whose body is then cut out.
#[derive(Serialize)]
struct JsonTail<'a> {
    findings: &'a [SessionFinding],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

impl<W: Write> JsonStream<W> {
    /// Writes the report's head (`{`, `schema`, the opening of `entries`).
    pub fn start(mut out: W) -> std::io::Result<Self> {
        write!(out, "{{\n  \"schema\": \"{SCHEMA}\",\n  \"entries\": [")?;
        Ok(JsonStream { out, entries: 0 })
    }

    /// Writes one entry, shown with `url` (redacted, or as sent with `--reveal`).
    pub fn entry(
        &mut self,
        entry: &EntryReport,
        credentials: &[CredentialCard],
        url: &str,
    ) -> Result<(), serde_json::Error> {
        let json = ReportEntry {
            index: entry.index,
            method: &entry.method,
            url,
            status: entry.status,
            findings: &entry.findings,
            credentials,
        };
        let text = serde_json::to_string_pretty(&json)?;
        let io = serde_json::Error::io;
        self.out
            .write_all(if self.entries == 0 { b"\n" } else { b",\n" })
            .map_err(io)?;
        // Pretty JSON escapes every line break inside strings, so each line is one of its own.
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n").map_err(io)?;
            }
            self.out.write_all(b"    ").map_err(io)?;
            self.out.write_all(line.as_bytes()).map_err(io)?;
        }
        self.entries += 1;
        Ok(())
    }

    /// Writes the session findings and notes, closes the report and returns the writer.
    pub fn finish(
        mut self,
        findings: &[SessionFinding],
        notes: &[String],
    ) -> Result<W, serde_json::Error> {
        let io = serde_json::Error::io;
        self.out
            .write_all(if self.entries == 0 { b"]" } else { b"\n  ]" })
            .map_err(io)?;
        let tail = serde_json::to_string_pretty(&JsonTail { findings, notes })?;
        // `{\n  "findings": …\n}`: its members are already indented as the report's.
        let members = tail.strip_prefix('{').unwrap_or(&tail);
        self.out.write_all(b",").map_err(io)?;
        self.out.write_all(members.as_bytes()).map_err(io)?;
        self.out.write_all(b"\n").map_err(io)?;
        self.out.flush().map_err(io)?;
        Ok(self.out)
    }
}

/// The note saying how many `authlens-redacted:` placeholders were analysed as stand-ins.
pub fn rehydrated_note(n: usize) -> Option<String> {
    (n > 0).then(|| format!(
        "{n} value(s) were redacted by `authlens redact`: they are analysed as stand-ins with the same scheme, prefix, length, shape and odd characters; their last characters and fingerprints are not the originals'"
    ))
}

/// Reads and analyses a whole HAR file held in memory (the CLI and the binding read files in
/// chunks with a [`HarReportBuilder`] instead).
pub fn har_report(bytes: &[u8], opts: AnalysisOptions) -> Result<HarReport, HarError> {
    let mut builder = HarReportBuilder::new(opts);
    let mut reader = HarReader::new();
    reader.feed(bytes, &mut |event| builder.take(event))?;
    reader.finish(&mut |event| builder.take(event))?;
    Ok(builder.finish())
}
