//! A page paste that is not a HAR file: one exchange or a bare credential, analysed on its own.

use crate::findings::FindingId;
use crate::model::{Exchange, Finding};
use crate::rules::jwt::describe_offset;
use crate::rules::session::display_url;
use crate::rules::{analyze_credential, analyze_exchange, AnalysisOptions, Details, EntryReport};

use super::{Credential, ReportInput};

/// One pasted exchange or bare credential and its findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Paste {
    /// The findings.
    pub findings: Vec<Finding>,
    /// The exchange, for header lines, raw HTTP, curl, fetch and axios pastes.
    pub exchange: Option<Exchange>,
    /// The pasted credential, byte for byte, for a bare key or JWT.
    pub bare: Option<String>,
    /// When the request was made (ms since the epoch), to show token times relative to it.
    pub request_ms: Option<i64>,
    /// The credential with edge whitespace and invisibles removed.
    pub cleaned: Option<String>,
}

impl Paste {
    /// A bare key or JWT, judged as the value of an `Authorization` header.
    pub fn of_credential(bare: String, opts: &AnalysisOptions, now_ms: Option<i64>) -> Self {
        let findings = analyze_credential(&bare, opts);
        let cleaned = crate::bytes::clean(Credential::of_paste(&bare).token).value;
        Paste {
            findings,
            exchange: None,
            bare: Some(bare),
            request_ms: now_ms,
            cleaned: Some(cleaned),
        }
    }

    /// A pasted request (and response).
    pub fn of_exchange(ex: Exchange, opts: &AnalysisOptions, now_ms: Option<i64>) -> Self {
        let findings = analyze_exchange(&ex, opts);
        let cleaned = Credential::of_exchange(&ex).map(|c| crate::bytes::clean(c.token).value);
        let request_ms = ex.started_at_ms.or(now_ms);
        Paste {
            findings,
            exchange: Some(ex),
            bare: None,
            request_ms,
            cleaned,
        }
    }

    /// The credential pasted or sent.
    pub fn credential(&self) -> Option<Credential<'_>> {
        match (&self.exchange, &self.bare) {
            (Some(ex), _) => Credential::of_exchange(ex),
            (None, Some(b)) => Some(Credential::of_paste(b)),
            _ => None,
        }
    }

    /// The URL as shown (credentials redacted).
    pub fn shown_url(&self) -> Option<String> {
        self.exchange.as_ref().map(|e| display_url(&e.url))
    }

    /// `GET https://… → 401`, `Pasted request → 401` or `Pasted credential`.
    pub fn heading(&self) -> String {
        let status = |ex: &Exchange| {
            if ex.status > 0 {
                format!(" → {}", ex.status)
            } else {
                String::new()
            }
        };
        match &self.exchange {
            Some(ex) if ex.url.is_empty() => format!("Pasted request{}", status(ex)),
            Some(ex) => format!(
                "{} {}{}",
                if ex.method.is_empty() {
                    "GET"
                } else {
                    &ex.method
                },
                display_url(&ex.url),
                status(ex)
            ),
            None => "Pasted credential".to_owned(),
        }
    }

    /// The engine's view of the paste; a bare paste is judged as the value of an
    /// `Authorization` header (`Bearer` added when it has no registered scheme).
    pub fn details(&self, opts: &AnalysisOptions) -> Details {
        match (&self.exchange, &self.bare) {
            (Some(ex), _) => crate::rules::describe(ex, opts),
            (None, bare) => {
                let pasted = bare.as_deref().unwrap_or("");
                let value = if Credential::of_paste(pasted).scheme.is_some() {
                    pasted.to_owned()
                } else {
                    format!("Bearer {pasted}")
                };
                let mut d = crate::rules::describe(
                    &Exchange::default().with_request_header("Authorization", &value),
                    opts,
                );
                // The paste was given, not sent: its bytes are shown as pasted, and the
                // checklist says how it was read.
                d.given = true;
                d.credential = Some(crate::rules::credential_view(
                    &Credential::of_paste(pasted),
                    true,
                    self.request_ms,
                ));
                for item in &mut d.checklist {
                    if item.id == "credential_sent" && item.state == crate::rules::Check::Pass {
                        item.text = "A credential was given, read as the value of `Authorization`."
                            .to_owned();
                    }
                }
                d
            }
        }
    }

    /// The paste sent a key other than the reference key.
    pub fn reference_mismatch(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.id == FindingId::TokenReferenceMismatch)
    }

    /// What an export of the paste covers.
    pub fn report(&self) -> ReportInput {
        let entries = self
            .exchange
            .iter()
            .map(|ex| EntryReport {
                index: 0,
                method: ex.method.clone(),
                url: display_url(&ex.url),
                status: ex.status,
                findings: self.findings.clone(),
            })
            .collect::<Vec<_>>();
        let loose = if entries.is_empty() {
            self.findings.clone()
        } else {
            Vec::new()
        };
        let credentials = self
            .exchange
            .iter()
            .map(crate::card::cards_for_exchange)
            .collect();
        let loose_credentials = match (&self.bare, &self.exchange) {
            (Some(bare), None) => vec![crate::card::pasted_card(bare)],
            _ => Vec::new(),
        };
        ReportInput {
            timeline: None,
            title: "pasted input".to_owned(),
            entries,
            credentials,
            session_findings: Vec::new(),
            loose_findings: loose,
            loose_credentials,
            notes: Vec::new(),
            evicted: 0,
        }
    }
}

/// A JWT time claim relative to the request: `expired 5 min before the request`. `None` for
/// claims that are not times (`exp`, `nbf`, `iat`, `auth_time` are) or when either time is
/// unknown.
pub fn claim_phrase(
    claim: &str,
    value: &serde_json::Value,
    request_ms: Option<i64>,
) -> Option<String> {
    if !matches!(claim, "exp" | "nbf" | "iat" | "auth_time") {
        return None;
    }
    let (secs, req) = (value.as_f64()?, request_ms?);
    let offset = (secs * 1000.0) as i64 - req;
    let when = describe_offset(offset);
    Some(match (claim, offset < 0) {
        ("exp", true) => format!("expired {when} the request"),
        ("exp", false) => format!("expires {when} the request"),
        ("nbf", _) => format!("valid from {when} the request"),
        ("iat", _) => format!("issued {when} the request"),
        _ => format!("{when} the request"),
    })
}
