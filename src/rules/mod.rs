//! The diagnosis rules: why one exchange, one pasted credential, or a whole session got a 401.
//!
//! ```
//! use authlens::model::Exchange;
//! use authlens::rules::{analyze_exchange, AnalysisOptions};
//!
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me")
//!     .with_request_header("Authorisation", "Bearer abc")
//!     .with_status(401);
//! let findings = analyze_exchange(&ex, &AnalysisOptions::default());
//! assert_eq!(findings[0].id.as_str(), "credential.header_typo");
//! ```
//!
//! Findings take their title, default severity, fix and references from
//! [`crate::findings::doc`]; each rule writes the detail from the evidence it saw. No finding ever
//! holds a full secret: credentials appear only redacted or as short fingerprints.

pub mod credential;
pub mod http;
mod request;
mod response;
pub mod session;

use crate::findings::{doc, FindingId};
use crate::model::{Evidence, Exchange, Finding, Severity};

pub use session::{analyze_session, har_malformed, EntryReport, Pushed, Report, SessionAnalyzer, SessionFinding};

/// What the caller knows beyond the exchange itself.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// The time to judge JWT expiry at, only when the exchange has no start time (ms since epoch).
    pub now_ms: Option<i64>,
    /// The audience the API expects in JWTs (`jwt.audience_mismatch`).
    pub expected_audience: Option<String>,
    /// The inspected page's origin (DevTools panel), for CORS and secret-in-browser rules.
    pub page_origin: Option<String>,
}

/// Findings for one exchange, most severe first.
pub fn analyze_exchange(ex: &Exchange, opts: &AnalysisOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    let url = http::UrlParts::parse(&ex.url);
    request::inspect(ex, url.as_ref(), opts, &mut out);
    response::inspect(ex, url.as_ref(), opts, &mut out);
    sort_findings(&mut out);
    out
}

/// Findings for a bare pasted credential (a key, a JWT, `Bearer …`), most severe first.
///
/// ```
/// use authlens::rules::{analyze_credential, AnalysisOptions};
/// let f = analyze_credential("Bearer null", &AnalysisOptions::default());
/// assert!(f.iter().any(|f| f.id.as_str() == "token.placeholder"));
/// ```
pub fn analyze_credential(value: &str, opts: &AnalysisOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    credential::inspect_value(value, credential::Source::Pasted, opts, None, &mut out);
    sort_findings(&mut out);
    out
}

/// Most severe first; equal severities keep rule order (stable sort).
pub(crate) fn sort_findings(out: &mut [Finding]) {
    out.sort_by_key(|f| f.severity);
}

/// A finding for `id` with its documented title, severity, fix and references.
pub(crate) fn finding(id: FindingId, detail: String, evidence: Evidence) -> Finding {
    let d = doc(id);
    Finding {
        id,
        severity: d.severity,
        title: d.title.to_owned(),
        detail,
        fix: d.fix.to_owned(),
        evidence,
        references: d.references.iter().map(|r| (*r).to_owned()).collect(),
    }
}

/// Like [`finding`], with a severity other than the documented default.
pub(crate) fn finding_with(id: FindingId, severity: Severity, detail: String, evidence: Evidence) -> Finding {
    Finding { severity, ..finding(id, detail, evidence) }
}
