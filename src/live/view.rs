//! The detail view's words that depend on more than one exchange's [`Details`]: the whole 401
//! checklist (with the reference key and the gateway), and a JWT's claims relative to the request.
//!
//! ```
//! use authlens::live::checklist;
//! use authlens::model::Exchange;
//! use authlens::rules::{describe, AnalysisOptions};
//!
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me").with_status(401);
//! let d = describe(&ex, &AnalysisOptions::default());
//! let lines = checklist(&d, &d.findings, false);
//! assert!(lines[0].text.starts_with("Credential sent: "));
//! assert!(lines.iter().any(|l| l.id == "outside_app"));
//! ```

use crate::findings::FindingId;
use crate::model::Finding;
use crate::rules::{Check, Details, JwtView};

use super::claim_phrase;

/// One line of the checklist as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckLine {
    /// Stable id (`credential_sent`, …, `reference`, `gateway`, `outside_app`).
    pub id: &'static str,
    /// Its state.
    pub state: Check,
    /// `Label: what was checked and found` (code marked with backticks).
    pub text: String,
}

fn line(id: &'static str, state: Check, text: impl Into<String>) -> CheckLine {
    CheckLine {
        id,
        state,
        text: text.into(),
    }
}

/// The 401 checklist: the engine's items labelled, then the reference key, the gateway and the
/// test outside the app. `findings` are the request's findings as the session judged them.
pub fn checklist(details: &Details, findings: &[Finding], reference_set: bool) -> Vec<CheckLine> {
    let mut out = Vec::with_capacity(details.checklist.len() + 3);
    for item in &details.checklist {
        let label = match item.id {
            "credential_sent" if details.given => "Credential given",
            "credential_sent" => "Credential sent",
            "credential_header" => "Right header",
            "scheme" => "Scheme",
            "credential_value" => "Key bytes",
            "token_time" => "Token time",
            "token_audience" => "Token audience",
            "challenge" => "Challenge",
            "cors" => "CORS",
            other => other,
        };
        let text = match (item.id, &details.credential) {
            ("credential_sent", Some(c)) if item.state == Check::Pass => format!(
                "{label}: {} {}: {}",
                item.text,
                if details.given { "Given" } else { "Sent" },
                c.redacted_token
            ),
            _ => format!("{label}: {}", item.text),
        };
        out.push(line(item.id, item.state, text));
    }
    let has = |id: FindingId| findings.iter().any(|f| f.id == id);
    out.push(match (reference_set, &details.credential) {
        (true, _) if has(FindingId::TokenReferenceMismatch) => line(
            "reference",
            Check::Fail,
            "Reference key: the key sent is not your reference key (stale environment variable or old build?).",
        ),
        (true, Some(_)) => line(
            "reference",
            Check::Pass,
            "Reference key: the key sent is your reference key.",
        ),
        (true, None) => line(
            "reference",
            Check::Unknown,
            "Reference key: no key was sent to compare with your reference key.",
        ),
        (false, _) => line(
            "reference",
            Check::Unknown,
            "Reference key: paste the key you expect into “Reference key” to compare.",
        ),
    });
    // A CDN or proxy that relayed the API's answer is not the one that answered.
    let relay = details.gateway.as_ref().filter(|g| g.relayed);
    let produced = details.gateway.as_ref().filter(|g| !g.relayed);
    out.push(match details.status {
        s if s == 407 || produced.is_some() || has(FindingId::OriginGateway) => line(
            "gateway",
            Check::Fail,
            "Gateway: a proxy or gateway in the path answered, not the API.",
        ),
        s if s >= 400 => match relay {
            Some(g) => line(
                "gateway",
                Check::Pass,
                format!(
                    "Gateway: {} only relayed the response; the server behind it answered.",
                    g.name
                ),
            ),
            None => line(
                "gateway",
                Check::Pass,
                "Gateway: no proxy or gateway fingerprint in the response.",
            ),
        },
        _ => line(
            "gateway",
            Check::Unknown,
            "Gateway: no error response to fingerprint.",
        ),
    });
    out.push(line("outside_app", Check::Unknown, "Outside the app: test the key outside the app with “Copy as curl”: if curl also gets a 401, the key itself is the problem."));
    out
}

/// One JWT claim as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimLine {
    /// The claim name.
    pub name: String,
    /// Its value (a string without quotes, anything else as JSON).
    pub value: String,
    /// `expired 5 min before the request`, for time claims when the request time is known.
    pub relative: Option<String>,
}

/// A JSON value as shown: a string without quotes, anything else as JSON.
pub fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The JOSE header as name/value pairs.
pub fn jwt_header(jwt: &JwtView) -> Vec<(String, String)> {
    jwt.header
        .iter()
        .map(|(k, v)| (k.clone(), json_text(v)))
        .collect()
}

/// The claims, time claims relative to `request_ms`.
pub fn jwt_claims(jwt: &JwtView, request_ms: Option<i64>) -> Vec<ClaimLine> {
    jwt.claims
        .iter()
        .map(|(name, value)| ClaimLine {
            name: name.clone(),
            value: json_text(value),
            relative: claim_phrase(name, value, request_ms),
        })
        .collect()
}
