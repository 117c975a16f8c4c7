//! Rules on one credential value: its scheme, its bytes, and what it decodes to (JWT, Basic).
//!
//! ```
//! use authlens::rules::{analyze_credential, AnalysisOptions};
//! let f = analyze_credential("Bearer undefined", &AnalysisOptions::default());
//! assert_eq!(f[0].id.as_str(), "token.placeholder");
//! ```

use crate::findings::FindingId;
use crate::model::{Evidence, Exchange, Finding, Header, Span};

use super::{finding, AnalysisOptions};

/// Where a credential value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// A request header, by its name as captured.
    Header(&'a str),
    /// Pasted on its own (the paste page, `authlens inspect`): raw bytes, never normalised by a browser.
    Pasted,
}

impl Source<'_> {
    fn field(&self) -> String {
        match self {
            Source::Header(name) => format!("request.header.{name}"),
            Source::Pasted => "credential".to_owned(),
        }
    }
}

pub(crate) fn is_known_scheme(word: &str) -> bool {
    ["Basic", "Bearer", "Digest", "Token", "Bot", "Negotiate", "NTLM", "SSWS", "ApiKey", "DPoP"].iter().any(|s| s.eq_ignore_ascii_case(word))
}

pub(crate) fn inspect_header(ex: &Exchange, header: &Header, opts: &AnalysisOptions, out: &mut Vec<Finding>) {
    if header.name.eq_ignore_ascii_case("authorization") || header.name.eq_ignore_ascii_case("proxy-authorization") {
        inspect_value(&header.value, Source::Header(&header.name), opts, Some(ex), out);
    }
}

/// Inspects one credential value (with its scheme, when it is an `Authorization` value).
pub fn inspect_value(value: &str, source: Source<'_>, _opts: &AnalysisOptions, _ex: Option<&Exchange>, out: &mut Vec<Finding>) {
    let field = source.field();
    let trimmed = value.trim_matches(|c| c == ' ' || c == '\t');
    if trimmed.len() != value.len() {
        let start = value.len() - value.trim_start_matches([' ', '\t']).len();
        out.push(finding(
            FindingId::TokenSurroundingWhitespace,
            "The value starts or ends with whitespace. Browsers trim it, but many servers and proxies compare the raw bytes.".to_owned(),
            Evidence::field(&field).with_span(Span::bytes(start, start + trimmed.len())),
        ));
    }
    let (scheme, rest) = match trimmed.split_once(' ') {
        Some((s, r)) => (s, r.trim()),
        None => ("", trimmed),
    };
    if scheme.is_empty() && !["undefined", "null"].contains(&rest) {
        out.push(finding(
            FindingId::SchemeMissing,
            "RFC 9110 §11.6.2 requires `Authorization: <scheme> <credentials>`; the value has no scheme.".to_owned(),
            Evidence::field(&field),
        ));
    }
    if ["undefined", "null", "[object Object]", "NaN"].contains(&rest) {
        out.push(finding(
            FindingId::TokenPlaceholder,
            format!("The credential is the literal text `{rest}`: the variable that should hold the token was not set when the header was built."),
            Evidence::field(&field),
        ));
    }
}
