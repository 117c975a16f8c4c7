//! The diagnosis rules: one exchange at a time, and over a whole session.
//!
//! This is the foundation's vertical slice; the engine work replaces it with the full rule set.

use crate::findings::FindingId;
use crate::model::{Evidence, Exchange, Finding, Severity, Span};

/// What the caller knows beyond the exchange itself.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// The time to judge JWT expiry at when the exchange carries no start time (ms since epoch).
    pub now_ms: Option<i64>,
}

/// Findings for one exchange, most severe first.
pub fn analyze_exchange(ex: &Exchange, _opts: &AnalysisOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(value) = ex.request_header("authorization") {
        inspect_authorization(value, &mut out);
    } else if ex.status == 401 {
        out.push(finding(
            FindingId::CredentialMissing,
            Severity::Error,
            "No credentials were sent",
            "The server answered 401 (\"I don't know who you are\") and the request carried no Authorization header.",
            "Send the credential the API expects, e.g. `Authorization: Bearer <token>`.",
            Evidence::field("request.header.Authorization"),
        ));
    }
    out.sort_by_key(|f| f.severity);
    out
}

fn inspect_authorization(value: &str, out: &mut Vec<Finding>) {
    let field = "request.header.Authorization";
    let trimmed = value.trim_matches(|c| c == ' ' || c == '\t');
    if trimmed.len() != value.len() {
        let start = value.len() - value.trim_start_matches([' ', '\t']).len();
        out.push(finding(
            FindingId::TokenSurroundingWhitespace,
            Severity::Warning,
            "Whitespace around the credential",
            "The header value starts or ends with whitespace. Browsers trim it, but many servers and proxies compare the raw bytes.",
            "Trim the value before building the header.",
            Evidence::field(field).with_span(Span::bytes(start, start + trimmed.len())),
        ));
    }
    let (scheme, rest) = match trimmed.split_once(' ') {
        Some((s, r)) => (s, r.trim()),
        None => ("", trimmed),
    };
    if scheme.is_empty() {
        out.push(finding(
            FindingId::SchemeMissing,
            Severity::Error,
            "No authentication scheme",
            "RFC 9110 §11.6.2 requires `Authorization: <scheme> <credentials>`; the value has no scheme.",
            "Prefix the token with its scheme, e.g. `Bearer `.",
            Evidence::field(field),
        ));
    }
    let placeholder = ["undefined", "null", "[object Object]", "NaN", ""];
    if placeholder.contains(&rest) {
        let start = value.len() - value.trim_start().len() + scheme.len() + 1;
        out.push(finding(
            FindingId::TokenPlaceholder,
            Severity::Error,
            "The credential is a placeholder",
            &format!("The credential is the literal text `{rest}`: the variable that should hold the token was not set when the header was built."),
            "Make sure the token is loaded before the request is sent (await the login, check the environment variable).",
            Evidence::field(field).with_span(Span::bytes(start.min(value.len()), (start + rest.len()).min(value.len()))),
        ));
    }
}

fn finding(id: FindingId, severity: Severity, title: &str, detail: &str, fix: &str, evidence: Evidence) -> Finding {
    Finding {
        id,
        severity,
        title: title.to_owned(),
        detail: detail.to_owned(),
        fix: fix.to_owned(),
        evidence,
        references: Vec::new(),
    }
}
