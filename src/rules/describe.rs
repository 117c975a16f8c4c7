//! The facts behind one exchange, for the detail view: the credential (redacted), its bytes,
//! the decoded JWT or Basic user, the challenges, who answered, and a 401 checklist.
//!
//! ```
//! use authlens::model::Exchange;
//! use authlens::rules::{describe, AnalysisOptions, Check};
//!
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me")
//!     .with_request_header("Authorization", "Bearer undefined")
//!     .with_response_header("WWW-Authenticate", "Bearer realm=\"api\"")
//!     .with_status(401);
//! let d = describe(&ex, &AnalysisOptions::default());
//! let cred = d.credential.as_ref().unwrap();
//! assert_eq!(cred.scheme.as_deref(), Some("Bearer"));
//! assert_eq!(d.challenges[0].scheme, "Bearer");
//! let bytes = d.checklist.iter().find(|c| c.id == "credential_value").unwrap();
//! assert_eq!(bytes.state, Check::Fail);
//! ```
//!
//! Nothing here holds a full secret: the credential appears redacted (prefix, last 4, length) with
//! its short fingerprint; a Basic password never appears, only its length.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::findings::FindingId;
use crate::model::{CodePointNote, Exchange, Finding};
use crate::parse::authorization::parse_credentials;
use crate::parse::basic::decode_basic;
use crate::parse::challenge::{parse_challenges_lenient, Challenge};
use crate::parse::jwt::{decode_jwt, Jwt};
use crate::providers::{recognize_error_body, recognize_gateway, Gateway, ProviderError};

use super::http::UrlParts;
use super::jwt::describe_offset;
use super::request::is_credential_header;
use super::session::display_url;
use super::{analyze_exchange, AnalysisOptions};

/// Everything the detail view shows for one exchange.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Details {
    /// The request method.
    pub method: String,
    /// With credentials in the query or userinfo redacted.
    pub url: String,
    /// The response status (0 when none arrived).
    pub status: u16,
    /// The first credential header (Authorization first), if any.
    pub credential: Option<CredentialView>,
    /// `WWW-Authenticate` (or, on a 407, `Proxy-Authenticate`) challenges, as parsed.
    pub challenges: Vec<Challenge>,
    /// The catalogue provider serving the request's host.
    pub host_provider: Option<&'static str>,
    /// A gateway recognised in the response.
    pub gateway: Option<Gateway>,
    /// A provider's documented error recognised in the body.
    pub provider_error: Option<ProviderError>,
    /// The 401 checklist.
    pub checklist: Vec<ChecklistItem>,
    /// The findings for this exchange.
    pub findings: Vec<Finding>,
    /// The identity card of every credential the request carries, first in the credential view.
    pub cards: Vec<crate::card::CredentialCard>,
}

/// A credential, never in clear.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CredentialView {
    /// The header name as sent.
    pub header: String,
    /// The auth-scheme, when the value has one.
    pub scheme: Option<String>,
    /// `ghp_…Xy9Q (40 chars)`; for Basic, `user alice, password 12 chars`.
    pub display: String,
    /// `sha256:1a2b3c4d` of the credential after the scheme.
    pub fingerprint: String,
    /// Length of the credential after the scheme, in UTF-8 bytes and in characters.
    pub length_bytes: usize,
    /// See [`Self::length_bytes`].
    pub length_chars: usize,
    /// Characters worth showing in the byte view (offsets into the header value).
    pub char_issues: Vec<CharView>,
    /// The key's provider and kind, when recognised (`GitHub: Personal access token (classic)`).
    pub key_kind: Option<String>,
    /// For Basic: the user name (not secret).
    pub basic_user: Option<String>,
    /// The decoded JWT, when the credential is one.
    pub jwt: Option<JwtView>,
}

/// One noteworthy character, for the byte view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CharView {
    #[serde(flatten)]
    /// The character and where it is.
    pub note: CodePointNote,
    /// `invisible`, `unicode_space`, `confusable`, ...
    pub kind: String,
}

/// A decoded JWT (nothing verified).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JwtView {
    /// `jws` or `jwe`.
    pub form: &'static str,
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// Empty for a JWE (its payload is encrypted).
    pub claims: Map<String, Value>,
    /// `exp`, `nbf`, `iat` relative to the request time.
    pub times: Vec<ClaimTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
/// A JWT time claim.
pub struct ClaimTime {
    /// `exp`, `nbf` or `iat`.
    pub claim: &'static str,
    /// The claim value, in seconds since the Unix epoch.
    pub unix_seconds: i64,
    /// `5 min 13 s before the request`, when the request time is known.
    pub relative: Option<String>,
}

/// The state of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// Checked: fine.
    Pass,
    /// Checked: this is (or may be) the problem.
    Fail,
    /// Cannot be checked from what was captured.
    Unknown,
}

/// One question of the 401 checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// Stable id: `credential_sent`, `credential_header`, `scheme`, `credential_value`,
    /// `token_time`, `token_audience`, `challenge`, `cors`.
    pub id: &'static str,
    /// Its state.
    pub state: Check,
    /// What was checked and what was found.
    pub text: String,
}

/// The facts of one exchange for the detail view.
pub fn describe(ex: &Exchange, opts: &AnalysisOptions) -> Details {
    let findings = analyze_exchange(ex, opts);
    let url = UrlParts::parse(&ex.url);
    let host_provider = url
        .as_ref()
        .and_then(|u| crate::providers::provider_for_host(u.host))
        .map(|p| p.name);
    let challenge_header = if ex.status == 407 {
        "proxy-authenticate"
    } else {
        "www-authenticate"
    };
    let lines: Vec<&str> = ex.response_headers_named(challenge_header).collect();
    let challenges = if lines.is_empty() {
        Vec::new()
    } else {
        // Server-provided text (an `error_description`, a Negotiate token) is shown as Text.
        parse_challenges_lenient(&lines)
            .challenges
            .into_iter()
            .map(|mut c| {
                let shown = |s: &str| crate::redact::Text::new(s).shown();
                c.scheme = shown(&c.scheme);
                c.token68 = c.token68.as_deref().map(shown);
                for (name, value) in &mut c.params {
                    *name = shown(name);
                    *value = shown(value);
                }
                c
            })
            .collect()
    };
    let body = ex.response_body_excerpt.as_deref();
    let gateway = if matches!(ex.status, 401 | 403 | 407) {
        recognize_gateway(&ex.response_headers, body).map(|mut g| {
            for e in &mut g.evidence {
                *e = crate::redact::Text::new(&*e).shown();
            }
            g
        })
    } else {
        None
    };
    let provider_error = body
        .filter(|_| ex.status >= 400)
        .and_then(|b| recognize_error_body(b, ex.status, url.as_ref().map(|u| u.host)));
    let credential = ex
        .request_headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("authorization"))
        .or_else(|| {
            ex.request_headers
                .iter()
                .find(|h| is_credential_header(&h.name))
        })
        .map(|h| credential_view(&h.name, &h.value, ex.started_at_ms.or(opts.now_ms)));
    let checklist = checklist(ex, opts, credential.as_ref(), &findings);
    Details {
        method: ex.method.clone(),
        url: display_url(&ex.url),
        status: ex.status,
        credential,
        challenges,
        host_provider,
        gateway,
        provider_error,
        checklist,
        findings,
        cards: crate::card::cards_for_exchange(ex),
    }
}

fn credential_view(header: &str, value: &str, at_ms: Option<i64>) -> CredentialView {
    let parsed = parse_credentials(value).ok();
    let (scheme, token) = match &parsed {
        Some(c) if !c.scheme_missing && is_authorization(header) => (
            Some(super::credential::scheme_word(c.scheme).shown()),
            c.rest,
        ),
        Some(c) => (None, c.rest),
        None => (None, value.trim()),
    };
    let is_basic = scheme
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("Basic"));
    let basic = if is_basic {
        decode_basic(token).ok()
    } else {
        None
    };
    let display = match &basic {
        Some(b) => format!(
            "user {}, password {} chars",
            super::credential::shown_basic_user(&b.user).shown(),
            b.password.chars().count()
        ),
        None if is_basic => format!("… ({} chars, not decodable)", token.chars().count()),
        None => crate::redact::redact(token),
    };
    let key_kind = if basic.is_none() && !is_basic {
        crate::providers::recognize_key(token)
            .best()
            .filter(|m| m.prefix_len > 0)
            .map(|m| {
                let label = m.key_kind().map(|k| k.label).unwrap_or(m.kind);
                format!("{}: {label}", m.provider_name)
            })
    } else {
        None
    };
    let jwt = if super::jwt::is_jwt_candidate(token) {
        jwt_view(token, at_ms)
    } else {
        None
    };
    let char_issues = crate::bytes::scan(value)
        .iter()
        .filter(|i| {
            !matches!(i.kind, crate::bytes::CharKind::InteriorWhitespace)
                || i.byte_offset >= value.len() - token.len()
        })
        .map(|i| CharView {
            note: CodePointNote::from(i),
            kind: kind_label(&i.kind),
        })
        .collect();
    CredentialView {
        header: crate::redact::Text::new(header).shown(),
        scheme,
        display,
        fingerprint: crate::redact::fingerprint(token).short(),
        length_bytes: token.len(),
        length_chars: token.chars().count(),
        char_issues,
        key_kind,
        basic_user: basic.map(|b| super::credential::shown_basic_user(&b.user).shown()),
        jwt,
    }
}

fn is_authorization(header: &str) -> bool {
    header.eq_ignore_ascii_case("authorization")
        || header.eq_ignore_ascii_case("proxy-authorization")
}

fn kind_label(kind: &crate::bytes::CharKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.get("kind").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default()
}

fn jwt_view(token: &str, at_ms: Option<i64>) -> Option<JwtView> {
    match decode_jwt(token).ok()? {
        Jwt::Encrypted(jwe) => Some(JwtView {
            form: "jwe",
            header: jwe.header,
            claims: Map::new(),
            times: Vec::new(),
        }),
        Jwt::Signed(jws) => {
            let times = [("exp", jws.exp()), ("nbf", jws.nbf()), ("iat", jws.iat())]
                .into_iter()
                .filter_map(|(claim, v)| {
                    let ms = v.ok().flatten()?.unix_millis()?;
                    Some(ClaimTime {
                        claim,
                        unix_seconds: ms / 1000,
                        relative: at_ms.map(|at| {
                            format!("{} the request", describe_offset(ms.saturating_sub(at)))
                        }),
                    })
                })
                .collect();
            Some(JwtView {
                form: "jws",
                header: jws.header,
                claims: jws.claims,
                times,
            })
        }
    }
}

fn any(findings: &[Finding], ids: &[FindingId]) -> Option<&'static str> {
    findings
        .iter()
        .find(|f| ids.contains(&f.id))
        .map(|f| f.id.as_str())
}

fn item(id: &'static str, state: Check, text: impl Into<String>) -> ChecklistItem {
    ChecklistItem {
        id,
        state,
        text: crate::redact::Text::sentence(text.into()).shown(),
    }
}

/// Why the token's audience could not be confirmed, or `None` when it names this API.
fn audience_unknown(ex: &Exchange, opts: &AnalysisOptions, jwt: &JwtView) -> Option<&'static str> {
    use super::jwt::{audience_verdict, AudienceSource, AudienceVerdict};
    let aud: Vec<&str> = match jwt.claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let hint = ex
        .response_headers_named("www-authenticate")
        .next()
        .map(|l| parse_challenges_lenient(&[l]).challenges)
        .unwrap_or_default()
        .into_iter()
        .find(|c| c.is_scheme("Bearer"))
        .and_then(|c| {
            c.param("audience")
                .or_else(|| c.param("resource"))
                .or_else(|| c.param("realm").filter(|r| r.starts_with("http")))
                .map(str::to_owned)
        });
    let expected = match opts.expected_audience.as_deref() {
        Some(a) => Some((a, AudienceSource::Given)),
        None => hint.as_deref().map(|a| (a, AudienceSource::Challenge)),
    };
    let host = UrlParts::parse(&ex.url).map(|u| u.host);
    match audience_verdict(&aud, expected, host) {
        // A mismatch is a finding, which fails the item.
        AudienceVerdict::Matches | AudienceVerdict::Mismatch { .. } => None,
        AudienceVerdict::Unknown if aud.is_empty() => {
            Some("The JWT has no `aud` claim: nothing says which API it is for.")
        }
        AudienceVerdict::Unknown => Some(
            "The JWT's `aud` does not name a host, so it cannot be compared with this API: give the expected audience to check it.",
        ),
    }
}

fn checklist(
    ex: &Exchange,
    opts: &AnalysisOptions,
    credential: Option<&CredentialView>,
    findings: &[Finding],
) -> Vec<ChecklistItem> {
    use FindingId::*;
    let mut out = Vec::with_capacity(8);
    let fail_or = |id: &'static str, ids: &[FindingId], pass: &str, unknown: Option<&str>| match (
        any(findings, ids),
        unknown,
    ) {
        (Some(found), _) => item(id, Check::Fail, format!("No: see `{found}`.")),
        (None, Some(why)) => item(id, Check::Unknown, why),
        (None, None) => item(id, Check::Pass, pass),
    };
    out.push(match credential {
        Some(c) => item(
            "credential_sent",
            Check::Pass,
            format!("A credential was sent in `{}`.", c.header),
        ),
        None if any(findings, &[CredentialInUrl]).is_some() => item(
            "credential_sent",
            Check::Fail,
            "Only in the URL, not in a header.",
        ),
        None if any(findings, &[CredentialHeaderTypo]).is_some() => {
            item("credential_sent", Check::Fail, "Only in a misspelt header.")
        }
        None => item(
            "credential_sent",
            Check::Fail,
            "No credential header or cookie was sent.",
        ),
    });
    let no_cred = credential.is_none().then_some("No credential to check.");
    out.push(fail_or(
        "credential_header",
        &[
            CredentialWrongHeader,
            CredentialHeaderTypo,
            CredentialConflicting,
        ],
        "The credential is in a header the server reads, once.",
        None,
    ));
    out.push(fail_or(
        "scheme",
        &[
            SchemeMissing,
            SchemeMismatch,
            SchemeDoubled,
            SchemeSeparator,
            SchemeEmptyCredentials,
            SchemeCase,
        ],
        "The scheme is present, well separated and as expected.",
        no_cred,
    ));
    out.push(fail_or(
        "credential_value",
        &[
            TokenPlaceholder, TokenSurroundingWhitespace, TokenLineBreak, TokenInvisibleChar, TokenUnicodeSpace, TokenConfusable, TokenNonLatin1, TokenQuoted, TokenBadCharset,
            TokenUrlEncoded, TokenBadLength, TokenChecksumMismatch, TokenReferenceMismatch, BasicNotBase64, BasicNoColon, BasicEmptyPart, BasicNotUtf8, BasicWhitespace, JwtMalformed,
        ],
        "The credential's bytes look right (no placeholder, stray or look-alike characters; length and checksum fit).",
        no_cred,
    ));
    let jwt = credential.and_then(|c| c.jwt.as_ref());
    let no_time = match jwt {
        None => Some("Not a JWT: its validity cannot be read from the request."),
        Some(j) if j.times.iter().all(|t| t.relative.is_none()) => {
            Some("The request time is unknown.")
        }
        Some(_) => None,
    };
    out.push(fail_or(
        "token_time",
        &[JwtExpired, JwtNotYetValid],
        "The JWT was valid at the request time.",
        no_time,
    ));
    let no_aud = match jwt {
        None => Some("Not a JWT."),
        Some(j) if j.form == "jwe" => None,
        Some(j) => audience_unknown(ex, opts, j),
    };
    out.push(fail_or(
        "token_audience",
        &[JwtAudienceMismatch, JwtIdToken, JwtEncrypted, JwtAlgNone],
        "The JWT is a signed access token whose `aud` names this API.",
        no_aud,
    ));
    out.push(match ex.status {
        401 if ex.response_header("www-authenticate").is_some() => fail_or(
            "challenge",
            &[ChallengeMalformed],
            "The 401 names the expected scheme in WWW-Authenticate.",
            None,
        ),
        401 => item(
            "challenge",
            Check::Fail,
            "The 401 has no WWW-Authenticate challenge: see `challenge.missing`.",
        ),
        _ => item("challenge", Check::Unknown, "Not a 401."),
    });
    out.push(fail_or(
        "cors",
        &[
            BrowserPreflightRejected,
            BrowserAllowHeadersMissing,
            BrowserCorsHides401,
        ],
        "No CORS problem visible in this exchange.",
        None,
    ));
    out
}
