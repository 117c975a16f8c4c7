//! Rules over a sequence of exchanges (a HAR, or the live panel's stream), incrementally.
//!
//! ```
//! use authlens::model::Exchange;
//! use authlens::rules::{AnalysisOptions, SessionAnalyzer};
//!
//! let mut session = SessionAnalyzer::new(AnalysisOptions::default());
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me")
//!     .with_request_header("Authorization", "Bearer abcdefghijklmnop")
//!     .with_status(401);
//! for _ in 0..3 {
//!     session.push(&ex);
//! }
//! let report = session.report();
//! assert_eq!(report.findings[0].finding.id.as_str(), "session.retry_storm");
//! assert_eq!(report.findings[0].entries, vec![0, 1, 2]);
//! ```
//!
//! Memory stays bounded whatever the stream's length: the analyzer keeps per-origin summaries of
//! the last success, a short window of recent redirects, the hosts that set cookies and per-
//! endpoint 401 counters, each in a map of fixed capacity (oldest keys evicted first), plus the
//! per-entry reports it must return.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

use serde::Serialize;

use crate::findings::FindingId;
use crate::model::{Evidence, Exchange, Finding};

use super::http::UrlParts;
use super::request::{is_credential_header, is_credential_param};
use super::response::{is_cross_origin, is_preflight};
use super::tokens::{Timeline, TokenTracker};
use crate::redact::Text;

use super::{analyze_exchange, finding, msg, AnalysisOptions};

/// One exchange's findings, with what identifies the exchange.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryReport {
    /// Position of the exchange in the session (HAR entry index), from 0.
    pub index: usize,
    /// The request method.
    pub method: String,
    /// The URL with credentials in its query or userinfo redacted.
    pub url: String,
    /// The response status (0 when none arrived).
    pub status: u16,
    /// The findings for this exchange.
    pub findings: Vec<Finding>,
}

/// A finding about several exchanges, naming them by index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionFinding {
    #[serde(flatten)]
    /// The finding.
    pub finding: Finding,
    /// The entry indexes involved, in order (at most [`MAX_ENTRIES_PER_FINDING`]).
    pub entries: Vec<usize>,
}

/// Everything found so far: per-entry and session-level findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Every exchange's report, in order.
    pub entries: Vec<EntryReport>,
    /// Findings about several exchanges.
    pub findings: Vec<SessionFinding>,
}

/// What one [`SessionAnalyzer::push`] produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pushed {
    /// The report of the exchange pushed.
    pub entry: EntryReport,
    /// Session findings created or updated by this exchange (an update replaces the finding
    /// with the same id and first entry).
    pub session_findings: Vec<SessionFinding>,
    /// Earlier entries whose findings this exchange changed (a challenge-response login that
    /// completed retracts the first step's `credential.missing`), as they now read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revised_entries: Vec<EntryReport>,
}

/// A session finding lists at most this many entries (a 5,000-request retry loop stays small).
pub const MAX_ENTRIES_PER_FINDING: usize = 50;
/// Identical 401s needed for `session.retry_storm`.
pub const RETRY_STORM_THRESHOLD: usize = 3;
const MAX_ORIGINS: usize = 256;
const MAX_REDIRECTS: usize = 64;
const MAX_KEYS: usize = 1024;
/// Entry reports a live [`SessionAnalyzer`] keeps for later revision and for
/// [`SessionAnalyzer::report`]: its state stays bounded however long the session runs.
pub const MAX_KEPT_ENTRIES: usize = 10_000;

/// A later exchange revises an earlier entry's findings (a challenge-response login completing)
/// only within this many entries, in a live session and a whole file alike: so a whole file's
/// entries can be written out once settled ([`SessionAnalyzer::take_settled`]).
pub const REVISION_HORIZON: usize = MAX_KEPT_ENTRIES;

/// Analyses a whole session at once: the same as pushing each exchange, in order, into a
/// [`SessionAnalyzer`] and taking its [`SessionAnalyzer::report`].
pub fn analyze_session(exchanges: &[Exchange], opts: &AnalysisOptions) -> Report {
    let mut session = SessionAnalyzer::keeping_every_entry(opts.clone());
    for ex in exchanges {
        session.push(ex);
    }
    session.report()
}

/// The `har.malformed` finding for an entry the HAR reader could not read (`message` says why,
/// in the reader's words; it must not contain header values).
pub fn har_malformed(entry_index: usize, message: &str) -> SessionFinding {
    SessionFinding {
        finding: finding(
            FindingId::HarMalformed,
            msg("Entry {index} could not be read and was skipped: {message}.")
                .arg("message", Text::new(message)),
            Evidence::field("entry").with_fact("index", entry_index),
        ),
        entries: vec![entry_index],
    }
}

/// A map that forgets its oldest keys beyond a fixed capacity.
#[derive(Debug, Clone)]
pub(crate) struct BoundedMap<K, V> {
    map: HashMap<K, V>,
    order: VecDeque<K>,
    capacity: usize,
}

impl<K: Hash + Eq + Clone, V> BoundedMap<K, V> {
    pub(crate) fn new(capacity: usize) -> Self {
        BoundedMap {
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }
    pub(crate) fn get(&self, k: &K) -> Option<&V> {
        self.map.get(k)
    }
    fn get_mut(&mut self, k: &K) -> Option<&mut V> {
        self.map.get_mut(k)
    }
    fn values(&self) -> impl Iterator<Item = &V> {
        self.map.values()
    }
    fn remove(&mut self, k: &K) {
        if self.map.remove(k).is_some() {
            self.order.retain(|o| o != k);
        }
    }
    /// Inserts or replaces; a new key may evict the oldest.
    pub(crate) fn insert(&mut self, k: K, v: V) {
        if self.map.insert(k.clone(), v).is_none() {
            self.order.push_back(k);
            while self.order.len() > self.capacity {
                if let Some(old) = self.order.pop_front() {
                    self.map.remove(&old);
                }
            }
        }
    }
}

/// What a request's credential looks like, without the credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CredentialSummary {
    /// Header name in lower case.
    header: String,
    /// Scheme as written (empty for key headers and bare values).
    scheme: String,
    /// Length of the credential after the scheme, in UTF-8 bytes.
    length: usize,
    shape: &'static str,
    fingerprint: Fingerprint,
    /// Issuer, subject (fingerprinted) and audience of a JWT credential.
    identity: Option<JwtIdentity>,
}

/// Who issued a JWT, for whom and for which API; the subject only as a fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
struct JwtIdentity {
    iss: Option<String>,
    sub: Option<Fingerprint>,
    aud: Vec<String>,
}

impl JwtIdentity {
    fn of(token: &str) -> Option<Self> {
        let crate::parse::jwt::Jwt::Signed(jws) = crate::parse::jwt::decode_jwt(token).ok()? else {
            return None;
        };
        Some(JwtIdentity {
            iss: jws
                .iss()
                .ok()
                .flatten()
                .map(|i| super::request::clip(i, 120)),
            sub: jws.sub().ok().flatten().map(Fingerprint::of),
            aud: jws
                .aud()
                .ok()
                .flatten()
                .unwrap_or_default()
                .into_iter()
                .map(|a| super::request::clip(a, 120))
                .collect(),
        })
    }

    /// What differs from `before`, in words (issuer and audience values are shown, subjects only
    /// as fingerprints).
    fn differences(&self, before: &JwtIdentity) -> Vec<String> {
        let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "none".to_owned());
        let mut out = Vec::new();
        if self.iss != before.iss {
            out.push(format!(
                "issuer `{}` → `{}`",
                text(&before.iss),
                text(&self.iss)
            ));
        }
        if self.sub != before.sub {
            let fp = |s: &Option<Fingerprint>| s.map_or("none".to_owned(), |f| f.short());
            out.push(format!("subject {} → {}", fp(&before.sub), fp(&self.sub)));
        }
        if self.aud != before.aud {
            out.push(format!(
                "audience `{}` → `{}`",
                before.aud.join(" "),
                self.aud.join(" ")
            ));
        }
        out
    }
}

impl CredentialSummary {
    fn of(ex: &Exchange) -> Option<Self> {
        let h = ex
            .request_headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("authorization"))
            .or_else(|| {
                ex.request_headers
                    .iter()
                    .find(|h| is_credential_header(&h.name))
            })?;
        let value = h.value.trim();
        let is_authz = h.name.eq_ignore_ascii_case("authorization")
            || h.name.eq_ignore_ascii_case("proxy-authorization");
        let (scheme, credential) = match value.split_once(' ') {
            Some((s, c)) if is_authz => (s, c.trim()),
            _ => ("", value),
        };
        let shape = shape_of(credential);
        // Decoded only where a session rule compares it: successes and refusals.
        let compared = (200..300).contains(&ex.status) || matches!(ex.status, 401 | 403);
        Some(CredentialSummary {
            header: h.name.to_ascii_lowercase(),
            scheme: scheme.to_owned(),
            length: credential.len(),
            shape,
            fingerprint: Fingerprint::of(credential),
            identity: (shape == "JWT" && compared)
                .then(|| JwtIdentity::of(credential))
                .flatten(),
        })
    }

    /// How the format differs from `other`, as `(what, before, now)`; `None` when only the
    /// value differs. Never reveals credential bytes.
    fn format_difference(
        &self,
        before: &CredentialSummary,
    ) -> Option<(&'static str, String, String)> {
        if self.header != before.header {
            Some(("header", before.header.clone(), self.header.clone()))
        } else if self.scheme != before.scheme {
            Some(("scheme", before.scheme.clone(), self.scheme.clone()))
        } else if self.shape != before.shape {
            Some(("shape", before.shape.to_owned(), self.shape.to_owned()))
        } else if self.length != before.length && self.shape != "JWT" {
            // JWT lengths follow their claims: a refreshed token is rarely the same length.
            Some(("length", before.length.to_string(), self.length.to_string()))
        } else {
            None
        }
    }

    fn describe(&self) -> String {
        let scheme = if self.scheme.is_empty() {
            String::new()
        } else {
            format!(" {}", self.scheme)
        };
        format!(
            "{}{scheme}, {}, {} chars, fingerprint {}",
            self.header,
            self.shape,
            self.length,
            self.fingerprint.short()
        )
    }
}

/// The kind of a credential, from its structure only.
fn shape_of(credential: &str) -> &'static str {
    let dots = credential.bytes().filter(|&b| b == b'.').count();
    if credential.starts_with("eyJ") && dots == 2 {
        "JWT"
    } else if credential.starts_with("eyJ") && dots == 4 {
        "JWE"
    } else if credential.bytes().all(|b| b.is_ascii_hexdigit()) {
        "hex"
    } else if credential
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        "opaque base64url"
    } else {
        "opaque"
    }
}

/// A credential's SHA-256 fingerprint (see [`crate::redact::fingerprint`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Fingerprint(crate::redact::Fingerprint);

impl Fingerprint {
    pub(crate) fn of(secret: &str) -> Self {
        Fingerprint(crate::redact::fingerprint(secret))
    }
    pub(crate) fn short(&self) -> String {
        self.0.short()
    }
    /// The fingerprint itself, for evidence (shown salted).
    pub(crate) fn raw(&self) -> crate::redact::Fingerprint {
        self.0
    }
    /// The first 8 bytes, as a map key.
    pub(crate) fn key(&self) -> u64 {
        let b = self.0.as_bytes();
        u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
    }
}

#[derive(Debug, Clone)]
struct Success {
    index: usize,
    summary: CredentialSummary,
}

#[derive(Debug, Clone)]
struct Redirect {
    index: usize,
    /// The redirect's own status (its entry may no longer be kept).
    status: u16,
    from_origin: String,
    to_url: String,
    had_authorization: bool,
}

#[derive(Debug, Clone, Default)]
struct Storm {
    count: usize,
    entries: Vec<usize>,
}

/// Incremental session analysis for the live panel: O(1) amortised per push, bounded memory.
#[derive(Debug, Clone)]
pub struct SessionAnalyzer {
    opts: AnalysisOptions,
    /// The last `max_kept` entry reports; `entries[0]` is entry `first_kept`.
    entries: VecDeque<EntryReport>,
    first_kept: usize,
    max_kept: usize,
    /// Session findings in the order first reported; `findings[0]` is finding number
    /// `findings_dropped` (a live session forgets its oldest beyond [`MAX_KEYS`]).
    findings: VecDeque<SessionFinding>,
    findings_dropped: usize,
    last_success: BoundedMap<String, Success>,
    redirects: VecDeque<Redirect>,
    cookie_setters: BoundedMap<String, usize>,
    storms: BoundedMap<String, Storm>,
    /// (id, first entry, fingerprint or 0) → position in `findings`, to update instead of repeat.
    reported: BoundedMap<(FindingId, usize, u64), usize>,
    /// Credential header names (lower case, and `cookie`) seen on any request so far.
    seen_credential_headers: Vec<String>,
    /// `METHOD url` of a preflight → (its entry, the credential headers it announced).
    announced: BoundedMap<String, (usize, Vec<String>)>,
    /// `METHOD url` of a 401 that opened a challenge-response login → its entry.
    pending_logins: BoundedMap<String, usize>,
    /// Entries that lack a header the traffic proves was sent, with that header's name.
    stripped: Vec<(usize, String)>,
    tokens: TokenTracker,
}

impl SessionAnalyzer {
    /// An empty live session analysed with `opts`, keeping the last [`MAX_KEPT_ENTRIES`] entry
    /// reports.
    pub fn new(opts: AnalysisOptions) -> Self {
        Self::keeping(opts, MAX_KEPT_ENTRIES)
    }

    /// An empty session that keeps every entry report, for a report of a whole file (the CLI's
    /// streaming `check`, [`analyze_session`]).
    pub fn keeping_every_entry(opts: AnalysisOptions) -> Self {
        Self::keeping(opts, usize::MAX)
    }

    fn keeping(opts: AnalysisOptions, max_kept: usize) -> Self {
        SessionAnalyzer {
            opts,
            entries: VecDeque::new(),
            first_kept: 0,
            max_kept,
            findings: VecDeque::new(),
            findings_dropped: 0,
            last_success: BoundedMap::new(MAX_ORIGINS),
            redirects: VecDeque::new(),
            cookie_setters: BoundedMap::new(MAX_ORIGINS),
            storms: BoundedMap::new(MAX_KEYS),
            reported: BoundedMap::new(MAX_KEYS),
            seen_credential_headers: Vec::new(),
            announced: BoundedMap::new(MAX_REDIRECTS),
            pending_logins: BoundedMap::new(MAX_REDIRECTS),
            stripped: Vec::new(),
            tokens: TokenTracker::default(),
        }
    }

    /// Analyses the next exchange of the session.
    pub fn push(&mut self, ex: &Exchange) -> Pushed {
        let index = self.first_kept + self.entries.len();
        // The new entry's report is kept out of `entries` while the rules run (they revise it
        // through `current`) and stored after them, so it is returned as they left it.
        let mut entry = EntryReport {
            index,
            method: ex.method.clone(),
            url: display_url(&ex.url),
            status: ex.status,
            findings: analyze_exchange(ex, &self.opts),
        };
        let mut changed = Vec::new();
        let url = UrlParts::parse(&ex.url);
        let origin = url.as_ref().map(UrlParts::origin_key).unwrap_or_default();
        let summary = CredentialSummary::of(ex);
        let preflight = is_preflight(ex);

        let revised = self.track_exporter_and_logins(&mut entry, ex, preflight);
        let dropped = self.redirect_rule(index, ex, url.as_ref(), &mut changed);
        if !preflight {
            self.cookie_rule(index, ex, url.as_ref(), &mut changed);
            if !dropped {
                self.change_rules(index, ex, &origin, summary.as_ref(), &mut changed);
            }
            self.storm_rule(
                index,
                ex,
                url.as_ref(),
                &origin,
                summary.as_ref(),
                &mut changed,
            );
        }
        if !preflight {
            for tf in self.tokens.push(index, ex) {
                self.upsert(tf.key, tf.finding, &mut changed);
            }
        }
        if (200..300).contains(&ex.status) && !preflight {
            if let Some(summary) = summary {
                self.last_success.insert(origin, Success { index, summary });
            }
        }
        let session_findings = changed
            .into_iter()
            .filter_map(|pos| self.finding_at(pos).cloned())
            .collect();
        let revised_entries = revised
            .into_iter()
            .filter(|&i| i != index)
            .filter_map(|i| self.entry(i).cloned())
            .collect();
        self.entries.push_back(entry.clone());
        if self.entries.len() > self.max_kept {
            self.entries.pop_front();
            self.first_kept += 1;
        }
        Pushed {
            entry,
            session_findings,
            revised_entries,
        }
    }

    /// Compares later requests with the reference key `fingerprint` (`None`: no reference), and
    /// re-judges the kept entry reports with it ([`super::rejudge_reference`]);
    /// `exchange(index)` gives entry `index`'s exchange (those it does not give keep their
    /// findings). Session findings do not depend on the reference key.
    pub fn set_reference<'e>(
        &mut self,
        fingerprint: Option<crate::redact::Fingerprint>,
        exchange: impl Fn(usize) -> Option<&'e Exchange>,
    ) {
        self.opts.reference_fingerprint = fingerprint;
        for entry in &mut self.entries {
            if let Some(ex) = exchange(entry.index) {
                super::rejudge_reference(&mut entry.findings, ex, &self.opts);
            }
        }
    }

    /// The report of entry `index`, while it is kept.
    fn entry(&self, index: usize) -> Option<&EntryReport> {
        self.entries.get(index.checked_sub(self.first_kept)?)
    }

    fn entry_mut(&mut self, index: usize) -> Option<&mut EntryReport> {
        self.entries.get_mut(index.checked_sub(self.first_kept)?)
    }

    /// Removes and returns, in order, the kept entries that no later exchange can revise: those
    /// before the oldest challenge-response login still waiting for its answer (within
    /// [`REVISION_HORIZON`]). [`SessionAnalyzer::into_report`] then holds the rest.
    ///
    /// ```
    /// use authlens::model::{Exchange, Header};
    /// use authlens::rules::{AnalysisOptions, SessionAnalyzer};
    ///
    /// let mut session = SessionAnalyzer::keeping_every_entry(AnalysisOptions::default());
    /// let mut ok = Exchange::new("GET", "https://api.example.com/v1/me");
    /// ok.status = 200;
    /// session.push(&ok);
    /// // A 401 challenge with no credential opens a login the next request may complete.
    /// let mut challenged = Exchange::new("GET", "https://api.example.com/v1/items");
    /// challenged.status = 401;
    /// challenged.response_headers.push(Header::new("WWW-Authenticate", "Negotiate"));
    /// session.push(&challenged);
    /// assert_eq!(session.take_settled().len(), 1);
    /// let mut answered = challenged.clone();
    /// answered.status = 200;
    /// answered.response_headers.clear();
    /// answered.request_headers.push(Header::new("Authorization", "Negotiate YIIBhgYGKwYBBQUCoII="));
    /// session.push(&answered);
    /// let settled = session.take_settled();
    /// assert_eq!(settled.len(), 2);
    /// assert!(settled[0].findings.iter().all(|f| f.id.as_str() != "credential.missing"));
    /// ```
    pub fn take_settled(&mut self) -> Vec<EntryReport> {
        let next = self.first_kept + self.entries.len();
        let horizon = next.saturating_sub(REVISION_HORIZON);
        let settled_before = self
            .pending_logins
            .values()
            .copied()
            .filter(|&i| i >= horizon)
            .min()
            .unwrap_or(next);
        let count = settled_before
            .saturating_sub(self.first_kept)
            .min(self.entries.len());
        self.first_kept += count;
        self.entries.drain(..count).collect()
    }

    /// The report, without copying the entries (the CLI's streaming `check`).
    pub fn into_report(mut self) -> Report {
        let findings = self.report_findings(self.first_kept + self.entries.len());
        let entries = Vec::from(std::mem::take(&mut self.entries));
        Report { entries, findings }
    }

    /// Every credential's life so far (issued, used, refreshed, rejected): the token timeline.
    pub fn timeline(&self) -> &Timeline {
        self.tokens.timeline()
    }

    /// Everything so far, including findings that need the whole session (`har.sanitized`); a
    /// live session's entries are the last [`MAX_KEPT_ENTRIES`].
    pub fn report(&self) -> Report {
        Report {
            entries: self.entries.iter().cloned().collect(),
            findings: self.report_findings(self.first_kept + self.entries.len()),
        }
    }

    /// The session findings of [`SessionAnalyzer::report`], without copying the entries.
    pub fn findings(&self) -> Vec<SessionFinding> {
        self.report_findings(self.first_kept + self.entries.len())
    }

    fn report_findings(&self, entry_count: usize) -> Vec<SessionFinding> {
        let mut findings: Vec<SessionFinding> = self.findings.iter().cloned().collect();
        // An exporter strips a header from every request: evidence for a header seen elsewhere
        // in the capture is some other cause (a different code path), not sanitising.
        let stripped: Vec<&(usize, String)> = self
            .stripped
            .iter()
            .filter(|(_, name)| !self.seen_credential_headers.contains(name))
            .collect();
        if let Some((first, name)) = stripped.first() {
            let mut names: Vec<&str> = stripped.iter().map(|(_, n)| n.as_str()).collect();
            names.dedup();
            findings.push(SessionFinding {
                finding: finding(
                    FindingId::HarSanitized,
                    msg("Entry {first} as exported carries no `{name}`, yet the traffic shows it was sent ({count} such entr{plural}): {reason}. No request in the capture carries `{names}`, so the exporter removed it. Chrome's default \"Export HAR (sanitized)\" strips `Authorization`, `Cookie` and `Set-Cookie`; export with sensitive data (or use the live panel) to diagnose this 401.")
                        .arg("first", *first)
                        .arg("name", Text::new(name))
                        .arg("count", stripped.len())
                        .arg("plural", if stripped.len() == 1 { "y" } else { "ies" })
                        .arg("reason", self.stripped_reason(*first))
                        .arg("names", names.join("`, `")),
                    Evidence::field("har")
                        .with_fact("entries", entry_count)
                        .with_fact("stripped", names.join(", ")),
                ),
                entries: stripped.iter().map(|(i, _)| *i).collect(),
            });
        }
        findings
    }

    /// Adds a session finding, or updates the one reported before for the same key.
    fn upsert(
        &mut self,
        key: (FindingId, usize, u64),
        mut new: SessionFinding,
        changed: &mut Vec<usize>,
    ) {
        new.entries.truncate(MAX_ENTRIES_PER_FINDING);
        let kept = self.reported.get(&key).copied();
        let pos = match kept.filter(|&pos| self.finding_at(pos).is_some()) {
            Some(pos) => {
                if let Some(slot) = self.finding_at_mut(pos) {
                    *slot = new;
                }
                pos
            }
            None => {
                self.findings.push_back(new);
                let pos = self.findings_dropped + self.findings.len() - 1;
                self.reported.insert(key, pos);
                if self.findings.len() > self.max_findings() {
                    self.findings.pop_front();
                    self.findings_dropped += 1;
                    changed.retain(|&p| p >= self.findings_dropped);
                }
                pos
            }
        };
        if !changed.contains(&pos) {
            changed.push(pos);
        }
    }

    /// Why entry `index` is known to have lost a header.
    fn stripped_reason(&self, index: usize) -> &'static str {
        let is_retry = self
            .entries
            .get(index)
            .is_some_and(|e| (200..300).contains(&e.status));
        if is_retry {
            "the server challenged the same request with 401 and then answered it with success, which takes credentials"
        } else {
            "its CORS preflight announced the header in `Access-Control-Request-Headers`, and browsers send exactly the headers they announce"
        }
    }

    /// Positive evidence of a stripped export (a preflight announced a credential header the
    /// request lacks; a challenged request succeeded with no credential visible) and
    /// challenge-response logins that completed. Returns the entries whose findings changed.
    fn track_exporter_and_logins(
        &mut self,
        current: &mut EntryReport,
        ex: &Exchange,
        preflight: bool,
    ) -> Vec<usize> {
        let index = current.index;
        let mut revised = Vec::new();
        for h in &ex.request_headers {
            let credential = is_credential_header(&h.name) || h.name.eq_ignore_ascii_case("cookie");
            if credential && self.seen_credential_headers.len() < 32 {
                let lower = h.name.to_ascii_lowercase();
                if !self.seen_credential_headers.contains(&lower) {
                    self.seen_credential_headers.push(lower);
                }
            }
        }
        let has = |name: &str| ex.request_header(name).is_some();
        let any_credential = ex.request_headers.iter().any(|h| {
            (is_credential_header(&h.name) && !h.name.eq_ignore_ascii_case("proxy-authorization"))
                || h.name.eq_ignore_ascii_case("cookie")
        });
        if preflight {
            let method = ex
                .request_header("access-control-request-method")
                .unwrap_or("GET")
                .trim()
                .to_ascii_uppercase();
            let names: Vec<String> = ex
                .request_header("access-control-request-headers")
                .unwrap_or("")
                .split(',')
                .map(|n| n.trim().to_ascii_lowercase())
                .filter(|n| is_credential_header(n) && n != "proxy-authorization")
                .collect();
            if !names.is_empty() {
                self.announced.insert(
                    format!("{method} {}", without_query(&ex.url)),
                    (index, names),
                );
            }
            return revised;
        }
        let key = format!("{} {}", ex.method.to_ascii_uppercase(), ex.url);
        // A preflight has its request's URL; exporters and hand-edited HARs sometimes drop
        // the query from one of the two, so the path decides.
        let announced_key = format!(
            "{} {}",
            ex.method.to_ascii_uppercase(),
            without_query(&ex.url)
        );
        if let Some((_, names)) = self.announced.get(&announced_key).cloned() {
            self.announced.remove(&announced_key);
            if let Some(missing) = names.into_iter().find(|n| !has(n)) {
                self.note_stripped(current, missing, &mut revised);
            }
        }
        if (200..300).contains(&ex.status) {
            if let Some(login) = self.pending_logins.get(&key).copied() {
                self.pending_logins.remove(&key);
                // The challenge was answered: its first step was the protocol working.
                self.retract(current, login, FindingId::CredentialMissing, &mut revised);
                if !any_credential {
                    self.note_stripped(current, "authorization".to_owned(), &mut revised);
                }
            }
        }
        let opened_login = current.findings.iter().any(|f| {
            f.id == FindingId::CredentialMissing
                && f.evidence
                    .facts
                    .iter()
                    .any(|f| f.name == "challenge_scheme")
        });
        if opened_login {
            self.pending_logins.insert(key, index);
        }
        revised
    }

    /// The entry being pushed (`current`) lacks `name`, which the traffic proves was sent.
    fn note_stripped(&mut self, current: &mut EntryReport, name: String, revised: &mut Vec<usize>) {
        let index = current.index;
        if self.stripped.len() < MAX_ENTRIES_PER_FINDING {
            self.stripped.push((index, name));
        }
        // Not a missing credential: the exporter removed it.
        self.retract(current, index, FindingId::CredentialMissing, revised);
    }

    /// Removes the finding `id` from entry `index` (a later exchange proved it wrong): the entry
    /// being pushed (`current`) or a kept one.
    fn retract(
        &mut self,
        current: &mut EntryReport,
        index: usize,
        id: FindingId,
        revised: &mut Vec<usize>,
    ) {
        let entry = if index == current.index {
            Some(current)
        } else if index + REVISION_HORIZON < current.index {
            // Too far back to revise: a live session no longer keeps it, and a whole file's
            // report has already written it out (`take_settled`).
            None
        } else {
            self.entry_mut(index)
        };
        if let Some(entry) = entry {
            let before = entry.findings.len();
            entry.findings.retain(|f| f.id != id);
            if entry.findings.len() != before && !revised.contains(&index) {
                revised.push(index);
            }
        }
    }

    /// `browser.auth_dropped_on_redirect`; returns whether it fired for this exchange.
    fn redirect_rule(
        &mut self,
        index: usize,
        ex: &Exchange,
        url: Option<&UrlParts<'_>>,
        changed: &mut Vec<usize>,
    ) -> bool {
        let mut fired = false;
        if let Some(url) = url {
            let has_auth = ex.request_header("authorization").is_some();
            let hop = self
                .redirects
                .iter()
                .rev()
                .find(|r| r.to_url == ex.url)
                .cloned();
            if let Some(hop) = hop {
                let this_origin = url.origin_key();
                if hop.had_authorization
                    && !has_auth
                    && hop.from_origin != this_origin
                    && matches!(ex.status, 401 | 403)
                {
                    let detail = msg("Entry {entry} sent `Authorization` to {from} and was redirected ({redirect_status}) to {to}. The redirect crosses origins, so the browser removed `Authorization` (Fetch spec, HTTP-redirect fetch), and the followed request got {status}.")
                        .arg("entry", hop.index)
                        .arg("redirect_status", hop.status)
                        .arg("status", ex.status);
                    let ev = Evidence::field("request.header.Authorization")
                        .with_fact("from", Text::new(&hop.from_origin))
                        .with_fact("to", Text::new(this_origin));
                    self.upsert(
                        (FindingId::BrowserAuthDroppedOnRedirect, hop.index, 0),
                        SessionFinding {
                            finding: finding(FindingId::BrowserAuthDroppedOnRedirect, detail, ev),
                            entries: vec![hop.index, index],
                        },
                        changed,
                    );
                    fired = true;
                }
            }
            if (300..400).contains(&ex.status) {
                let target = ex
                    .redirect_url
                    .as_deref()
                    .filter(|t| !t.is_empty())
                    .or_else(|| ex.response_header("location"));
                if let Some(to_url) = target.map(|t| resolve(url, t)) {
                    self.redirects.push_back(Redirect {
                        index,
                        status: ex.status,
                        from_origin: url.origin_key(),
                        to_url,
                        had_authorization: has_auth,
                    });
                    if self.redirects.len() > MAX_REDIRECTS {
                        self.redirects.pop_front();
                    }
                }
            }
        }
        fired
    }

    fn cookie_rule(
        &mut self,
        index: usize,
        ex: &Exchange,
        url: Option<&UrlParts<'_>>,
        changed: &mut Vec<usize>,
    ) {
        let Some(url) = url else { return };
        let host = url.host.to_ascii_lowercase();
        if ex.status == 401
            && ex.request_header("cookie").is_none()
            && ex.request_header("authorization").is_none()
            && is_cross_origin(ex, Some(url), &self.opts) == Some(true)
        {
            if let Some(&setter) = self.cookie_setters.get(&host) {
                let detail = msg("Entry {setter} received a cookie from {host}, but this cross-origin request to {host} carried no `Cookie` and got 401. fetch() sends cookies cross-origin only with `credentials: 'include'`, and only cookies set with `SameSite=None; Secure`.")
                    .arg("setter", setter);
                self.upsert(
                    (FindingId::BrowserCookiesNotSent, setter, 0),
                    SessionFinding {
                        finding: finding(
                            FindingId::BrowserCookiesNotSent,
                            detail,
                            Evidence::field("request.header.Cookie")
                                .with_fact("host", Text::new(&host)),
                        ),
                        entries: vec![setter, index],
                    },
                    changed,
                );
            }
        }
        if ex.response_header("set-cookie").is_some() {
            self.cookie_setters.insert(host, index);
        }
    }

    fn change_rules(
        &mut self,
        index: usize,
        ex: &Exchange,
        origin: &str,
        summary: Option<&CredentialSummary>,
        changed: &mut Vec<usize>,
    ) {
        if !matches!(ex.status, 401 | 403) {
            return;
        }
        let Some(success) = self.last_success.get(&origin.to_owned()).cloned() else {
            return;
        };
        let before = &success.summary;
        let Some(now) = summary else {
            if ex.status == 401 {
                let detail = msg("The last successful request to {origin} (entry {entry}) sent {before}; this one sent no credential at all and got 401.")
                    .arg("origin", Text::new(origin))
                    .arg("entry", success.index);
                let ev = Evidence::field("request.header.Authorization")
                    .with_fact("before", before.describe())
                    .with_fact("now", "no credential");
                self.upsert(
                    (FindingId::SessionFormatChanged, success.index, 0),
                    SessionFinding {
                        finding: finding(FindingId::SessionFormatChanged, detail, ev),
                        entries: vec![success.index, index],
                    },
                    changed,
                );
            }
            return;
        };
        let key_fp = now.fingerprint.key();
        let identity_change = match (&now.identity, &before.identity) {
            (Some(n), Some(b)) => n.differences(b),
            _ => Vec::new(),
        };
        if !identity_change.is_empty() && now.fingerprint != before.fingerprint {
            let detail = msg("The last successful request to {origin} (entry {entry}) sent a JWT with fingerprint {before_fingerprint}; this one sends {now_fingerprint} and got {status}, and the token is for someone or something else: {changed}. A token from another issuer (a staging login, another tenant), for another user or for another API replaced the one that worked.")
                .arg("origin", Text::new(origin))
                .arg("entry", success.index)
                .arg("status", ex.status);
            let ev = Evidence::field(format!("request.header.{}", now.header))
                .with_fact("before_fingerprint", before.fingerprint.0)
                .with_fact("now_fingerprint", now.fingerprint.0)
                .with_fact("changed", Text::sentence(identity_change.join("; ")));
            let mut entries = self.reported_entries(
                (FindingId::SessionCredentialChanged, success.index, key_fp),
                success.index,
            );
            entries.push(index);
            self.upsert(
                (FindingId::SessionCredentialChanged, success.index, key_fp),
                SessionFinding {
                    finding: finding(FindingId::SessionCredentialChanged, detail, ev),
                    entries,
                },
                changed,
            );
        } else if let Some((what, was, is)) = now.format_difference(before) {
            let detail = msg("The last successful request to {origin} (entry {entry}) sent {before_described}; this one sends {now_described} and got {status}. The {changed} changed from `{before}` to `{now}`: a different code path built this request.")
                .arg("origin", Text::new(origin))
                .arg("entry", success.index)
                .arg("before_described", before.describe())
                .arg("now_described", now.describe())
                .arg("status", ex.status);
            let ev = Evidence::field(format!("request.header.{}", now.header))
                .with_fact("changed", what)
                .with_fact("before", was)
                .with_fact("now", is);
            let mut entries = self.reported_entries(
                (FindingId::SessionFormatChanged, success.index, key_fp),
                success.index,
            );
            entries.push(index);
            self.upsert(
                (FindingId::SessionFormatChanged, success.index, key_fp),
                SessionFinding {
                    finding: finding(FindingId::SessionFormatChanged, detail, ev),
                    entries,
                },
                changed,
            );
        } else if now.fingerprint != before.fingerprint {
            let same = if now.shape == "JWT" {
                "same header and scheme, same issuer, subject and audience"
            } else {
                "same header, scheme and length"
            };
            let detail = msg("The last successful request to {origin} (entry {entry}) used the credential with fingerprint {before_fingerprint}; this one uses {now_fingerprint} ({same}) and got {status}. Something swapped the credential in between.")
                .arg("origin", Text::new(origin))
                .arg("entry", success.index)
                .arg("same", same)
                .arg("status", ex.status);
            let ev = Evidence::field(format!("request.header.{}", now.header))
                .with_fact("before_fingerprint", before.fingerprint.0)
                .with_fact("now_fingerprint", now.fingerprint.0);
            let mut entries = self.reported_entries(
                (FindingId::SessionCredentialChanged, success.index, key_fp),
                success.index,
            );
            entries.push(index);
            self.upsert(
                (FindingId::SessionCredentialChanged, success.index, key_fp),
                SessionFinding {
                    finding: finding(FindingId::SessionCredentialChanged, detail, ev),
                    entries,
                },
                changed,
            );
        }
    }

    /// Session finding number `pos` (counted from the session's first), while it is kept.
    fn finding_at(&self, pos: usize) -> Option<&SessionFinding> {
        self.findings.get(pos.checked_sub(self.findings_dropped)?)
    }

    fn finding_at_mut(&mut self, pos: usize) -> Option<&mut SessionFinding> {
        self.findings
            .get_mut(pos.checked_sub(self.findings_dropped)?)
    }

    /// How many session findings are kept: a live session's panel shows a bounded store, so
    /// what its analyzer keeps is bounded too, or a long session grows without end; a report of
    /// a whole file keeps all.
    fn max_findings(&self) -> usize {
        if self.max_kept == usize::MAX {
            usize::MAX
        } else {
            MAX_KEYS
        }
    }

    /// How many session findings the analyzer holds (bounded in a live session).
    pub fn findings_kept(&self) -> usize {
        self.findings.len()
    }

    /// The entries of the finding already reported under `key`, or just `first`.
    fn reported_entries(&self, key: (FindingId, usize, u64), first: usize) -> Vec<usize> {
        self.reported
            .get(&key)
            .and_then(|&pos| self.finding_at(pos))
            .map(|f| f.entries.clone())
            .unwrap_or_else(|| vec![first])
    }

    fn storm_rule(
        &mut self,
        index: usize,
        ex: &Exchange,
        url: Option<&UrlParts<'_>>,
        origin: &str,
        summary: Option<&CredentialSummary>,
        changed: &mut Vec<usize>,
    ) {
        if ex.status != 401 {
            return;
        }
        let fp = summary.map(|s| s.fingerprint);
        let path = url.map(|u| u.path).unwrap_or(&ex.url);
        let key = format!(
            "{} {origin}{path} {}",
            ex.method.to_ascii_uppercase(),
            fp.map(|f| f.short()).unwrap_or_default()
        );
        let storm = match self.storms.get_mut(&key) {
            Some(s) => s,
            None => {
                self.storms.insert(key.clone(), Storm::default());
                match self.storms.get_mut(&key) {
                    Some(s) => s,
                    None => return,
                }
            }
        };
        storm.count += 1;
        if storm.entries.len() < MAX_ENTRIES_PER_FINDING {
            storm.entries.push(index);
        }
        if storm.count < RETRY_STORM_THRESHOLD {
            return;
        }
        let mut detail = msg("{method} {endpoint} got 401 {count} times with ")
            .arg("method", Text::new(&ex.method))
            .arg("endpoint", Text::new(format!("{origin}{path}")));
        detail = match fp {
            Some(_) => detail.then("the same credential (fingerprint {fingerprint})"),
            None => detail.then("no credential"),
        }
        .then(". Retrying never fixes a 401: the same credential gets the same answer, and repeated failures can trigger rate limits or lockouts.");
        let mut ev = Evidence::field("entry").with_fact("count", storm.count);
        if let Some(f) = fp {
            ev = ev.with_fact("fingerprint", f.0);
        }
        let entries = storm.entries.clone();
        let first = entries.first().copied().unwrap_or(index);
        let key_fp = fp.map(|f| f.key()).unwrap_or(0);
        self.upsert(
            (FindingId::SessionRetryStorm, first, key_fp),
            SessionFinding {
                finding: finding(FindingId::SessionRetryStorm, detail, ev),
                entries,
            },
            changed,
        );
    }
}

fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// Resolves a `Location` value against the request URL (absolute, scheme-relative, or path).
fn resolve(base: &UrlParts<'_>, location: &str) -> String {
    if UrlParts::parse(location).is_some() {
        location.to_owned()
    } else if let Some(rest) = location.strip_prefix("//") {
        format!("{}://{rest}", base.scheme)
    } else {
        let port = base.port.map(|p| format!(":{p}")).unwrap_or_default();
        let path = if location.starts_with('/') {
            location.to_owned()
        } else {
            format!("/{location}")
        };
        format!("{}://{}{port}{path}", base.scheme, base.host)
    }
}

/// The URL as it may be shown: credential query and fragment values, secret path segments and
/// the userinfo password redacted.
///
/// ```
/// let shown = authlens::rules::display_url("https://h.example/p?api_key=sk_live_0123456789abcdef");
/// assert_eq!(shown, "https://h.example/p?api_key=[sk_live_…cdef (24 chars)]");
/// ```
pub fn display_url(url: &str) -> String {
    // The fragment never reaches the server, but OAuth's implicit flow puts `access_token` there.
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((head, fragment)) => (head, Some(fragment)),
        None => (url, None),
    };
    let mut out = display_url_without_fragment(before_fragment);
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(&redact_pairs(fragment));
    }
    out
}

/// Query and fragment parameters hidden in displayed URLs whatever their value looks like: the
/// credential parameters the rules flag, plus what carries a one-time or signing secret by
/// design (OAuth `code`/`state`, pre-signed S3/GCS and Azure SAS signatures, session ids, OTPs).
/// Display only: the rules decide what is worth a finding.
const DISPLAY_SECRET_PARAMS: &[&str] = &[
    "code",
    "state",
    // A `plain` PKCE challenge is the verifier itself (RFC 7636 §4.2).
    "code_challenge",
    "code_verifier",
    "pass",
    "pwd",
    "password",
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "x-goog-signature",
    "x-goog-credential",
    "session",
    "sessionid",
    "session_id",
    "sid",
    "authorization",
    "auth",
    "jwt",
    "hapikey",
    "ticket",
    "otp",
    "bearer",
    "token",
    "key",
    "access_key",
    "secret_key",
    "client_secret",
    "assertion",
];

/// A query or fragment pair that carries a secret: a credential parameter name (also when a
/// malformed URL glues `/?` or `#` to the name), or a value shaped like a known key, a JWT or any
/// key (see [`crate::redact::looks_like_key`]) whatever its name.
fn is_secret_pair(name: &str, value: &str) -> bool {
    let bare_name = name.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let display_secret = |n: &str| {
        DISPLAY_SECRET_PARAMS
            .iter()
            .any(|p| p.eq_ignore_ascii_case(n))
    };
    !value.is_empty()
        && (is_credential_param(name, value)
            || is_credential_param(bare_name, value)
            || display_secret(name)
            || display_secret(bare_name)
            || crate::providers::known_prefix(value).is_some()
            || crate::parse::jwt::looks_like_jwt(value)
            || crate::redact::looks_like_key(value))
}

/// `8-4-4-4-12` hex: a resource id in a path, kept readable.
fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The path with secret segments replaced by `[redacted]`: Telegram bot tokens
/// (`/bot123:AA…/`), Slack and Discord webhook secrets, and any key-shaped segment.
fn redact_path(host: &str, path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_redacted_path(&mut out, host, path);
    out
}

/// [`redact_path`] onto `out`.
fn push_redacted_path(out: &mut String, host: &str, path: &str) {
    // `hooks.slack.com/services/T…/B…/<secret>`, `discord.com/api/webhooks/<id>/<token>`.
    let slack = host.eq_ignore_ascii_case("hooks.slack.com");
    let discord =
        host.eq_ignore_ascii_case("discord.com") || host.eq_ignore_ascii_case("discordapp.com");
    let webhook_from = if (slack && path.split('/').nth(1) == Some("services"))
        || (discord && path.split('/').nth(2) == Some("webhooks"))
    {
        4
    } else {
        usize::MAX
    };
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let secret = !seg.is_empty()
            && (i >= webhook_from
                || (crate::redact::looks_like_key(seg) && !is_uuid(seg))
                || (crate::providers::known_prefix(seg).is_some() && seg.len() >= 12)
                || crate::parse::jwt::looks_like_jwt(seg));
        if secret {
            out.push('[');
            out.push_str(&crate::redact::redact(seg));
            out.push(']');
        } else {
            out.push_str(seg);
        }
    }
}

fn redact_pairs(pairs: &str) -> String {
    if !pairs.split('&').any(|pair| {
        pair.split_once('=')
            .is_some_and(|(n, v)| is_secret_pair(n, v))
    }) {
        return pairs.to_owned();
    }
    pairs
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((n, v)) if is_secret_pair(n, v) => format!("{n}=[{}]", crate::redact::redact(v)),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn display_url_without_fragment(url: &str) -> String {
    let Some(parts) = UrlParts::parse(url) else {
        // Not a URL we can take apart: still never show a query or path secret.
        return match url.split_once('?') {
            Some((head, query)) => format!("{}?{}", redact_path("", head), redact_pairs(query)),
            None => redact_path("", url),
        };
    };
    // Every entry's URL is shown: built in one buffer (this ran per request).
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(parts.scheme);
    out.push_str("://");
    if let Some(userinfo) = parts.userinfo {
        match userinfo.split_once(':') {
            Some((user, password)) => {
                out.push_str(user);
                out.push_str(":[");
                out.push_str(&password.chars().count().to_string());
                out.push_str(" chars]@");
            }
            None => {
                out.push_str(userinfo);
                out.push('@');
            }
        }
    }
    out.push_str(parts.host);
    if let Some(port) = parts.port {
        out.push(':');
        out.push_str(port);
    }
    push_redacted_path(&mut out, parts.host, parts.path);
    if parts.query.is_some() {
        out.push('?');
        for (i, (n, v)) in parts.query_pairs().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(n);
            if is_secret_pair(n, v) {
                out.push_str("=[");
                out.push_str(&crate::redact::redact(v));
                out.push(']');
            } else if !v.is_empty() {
                out.push('=');
                out.push_str(v);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_map_forgets_oldest() {
        let mut m = BoundedMap::new(2);
        m.insert(1, "a");
        m.insert(2, "b");
        m.insert(3, "c");
        assert_eq!(
            (m.get(&1), m.get(&2), m.get(&3)),
            (None, Some(&"b"), Some(&"c"))
        );
        m.insert(2, "B");
        assert_eq!(m.map.len(), 2);
    }

    #[test]
    fn urls_are_redacted_for_display() {
        assert_eq!(
            display_url(
                "https://u:hunter2hunter2@h.example/p?api_key=sk_live_0123456789abcdef&page=2"
            ),
            "https://u:[14 chars]@h.example/p?api_key=[sk_live_…cdef (24 chars)]&page=2"
        );
        assert_eq!(
            display_url("https://h.example/p?page=2"),
            "https://h.example/p?page=2"
        );
        // Found by fuzzing: a malformed authority glues `/?` to the parameter name.
        let shown = display_url("https://G?/?api_key=SECRETSECRETSECRET123");
        assert!(!shown.contains("SECRETSECRETSECRET123"), "{shown}");
        // OAuth implicit flow: the token sits in the fragment.
        let shown = display_url("https://app.example/cb#access_token=abcdefghijklmnopqrstuvwxyz012345&token_type=bearer");
        assert!(
            !shown.contains("abcdefghijklmnopqrstuvwxyz012345"),
            "{shown}"
        );
        assert!(shown.contains("token_type=bearer"), "{shown}");
        // A key-shaped value is hidden whatever the parameter is called.
        let shown = display_url("https://h.example/p?x=ghp_0123456789abcdefghijABCDEFGHIJ0123456");
        assert!(!shown.contains("0123456789abcdefghij"), "{shown}");
        assert_eq!(
            display_url("https://h.example/p#section-2"),
            "https://h.example/p#section-2"
        );
    }

    #[test]
    fn path_and_signing_secrets_are_redacted_for_display() {
        let telegram = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
        let shown = display_url(&format!("https://api.telegram.org/bot{telegram}/getMe"));
        assert!(!shown.contains("CH1vGWJxfSeofSAs0K5P"), "{shown}");
        assert!(shown.starts_with("https://api.telegram.org/[") && shown.ends_with("]/getMe"));
        let shown = display_url(
            "https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/abcdefghijklmnopqrstuvwx",
        );
        assert!(!shown.contains("ghijklmnopqrs"), "{shown}");
        for (name, value) in [
            ("code", "SplxlOBeZQQYbYS6WxSbIA"),
            ("state", "af0ifjsldkj"),
            (
                "X-Amz-Signature",
                "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
            ),
            (
                "X-Amz-Credential",
                "AKIAIOSFODNN7EXAMPLE/20261201/us-east-1/s3/aws4_request",
            ),
            ("sig", "Zmlyc3RfcGFydF9vZl9zYXM"),
            ("pwd", "hunter2hunter2"),
            ("sessionid", "abcabcabcabcabc"),
            ("otp", "12345678"),
        ] {
            let shown = display_url(&format!("https://h.example/f?{name}={value}&page=2"));
            assert!(!shown.contains(value), "{name}: {shown}");
            assert!(shown.ends_with("&page=2"), "{shown}");
        }
        // Resource ids and words stay readable.
        assert_eq!(
            display_url("https://h.example/v1/users/123e4567-e89b-12d3-a456-426614174000/profile"),
            "https://h.example/v1/users/123e4567-e89b-12d3-a456-426614174000/profile"
        );
    }

    #[test]
    fn resolves_locations() {
        let base = UrlParts::parse("http://a.example:8080/x").unwrap();
        assert_eq!(resolve(&base, "/y"), "http://a.example:8080/y");
        assert_eq!(resolve(&base, "//b.example/z"), "http://b.example/z");
        assert_eq!(resolve(&base, "https://c.example/"), "https://c.example/");
    }
}
