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
use crate::redact::Secret;

use super::http::UrlParts;
use super::jwt::describe_offset;
use super::session::display_url;
use super::split::Credential;
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
    /// Every challenge field of the response (`WWW-Authenticate`, then `Proxy-Authenticate`),
    /// with what did not parse.
    #[serde(skip)]
    pub challenge_fields: Vec<ChallengeField>,
    /// Who answered an error response (4xx/5xx): a gateway, a relay in front of the API, or the
    /// API itself.
    #[serde(skip)]
    pub origin: Option<Origin>,
    /// The credential was given (pasted on its own), not sent by a request.
    #[serde(skip)]
    pub given: bool,
}

/// One challenge header field of the response, parsed leniently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeField {
    /// `WWW-Authenticate` or `Proxy-Authenticate`.
    pub header: &'static str,
    /// The challenges, server text shown escaped.
    pub challenges: Vec<Challenge>,
    /// What did not parse, as sentences.
    pub errors: Vec<String>,
}

/// Who produced an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginKind {
    /// A gateway or proxy produced the response itself (its own error format or challenge).
    Gateway,
    /// A CDN or reverse proxy relayed the answer of the server behind it.
    Relay,
    /// No gateway fingerprint: the API most likely answered.
    Api,
}

impl OriginKind {
    /// `gateway`, `relay` or `api`.
    pub fn as_str(self) -> &'static str {
        match self {
            OriginKind::Gateway => "gateway",
            OriginKind::Relay => "relay",
            OriginKind::Api => "api",
        }
    }
}

/// "Who answered", for an error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Gateway, relay or the API.
    pub kind: OriginKind,
    /// The sentence shown.
    pub sentence: String,
    /// `Signals: …`, the headers or body markers it is based on.
    pub signals: Option<String>,
}

/// One piece of a credential value, for the byte view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ByteRun {
    /// The scheme word and its separator: not secret.
    Plain(String),
    /// Ordinary characters of the credential: masked unless revealed.
    Secret {
        /// The characters (redacted wherever printed; [`Secret::expose`] reveals them).
        value: Secret,
        /// How many characters.
        chars: usize,
    },
    /// A noteworthy character, or a run of the same one.
    Badge {
        /// `U+200B`.
        code_point: String,
        /// `U+200B` or `U+200B ×3`.
        shown: String,
        /// `U+200B ZERO WIDTH SPACE`.
        title: String,
        /// Byte offset in the value.
        offset: usize,
    },
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
    /// Why a value that looks like a JWT could not be decoded.
    #[serde(skip)]
    pub jwt_error: Option<String>,
    /// For Basic: the password's length in characters (never the password).
    #[serde(skip)]
    pub basic_password_chars: Option<usize>,
    /// For Basic: why the value could not be decoded.
    #[serde(skip)]
    pub basic_error: Option<String>,
    /// Where the credential was: the header name as sent, or `pasted`.
    #[serde(skip)]
    pub source: String,
    /// `Bearer ghp_…Xy9Q (40 chars)`: the scheme word as sent and the redacted credential.
    #[serde(skip)]
    pub redacted: String,
    /// The redacted credential after the scheme: `ghp_…Xy9Q (40 chars)`.
    #[serde(skip)]
    pub redacted_token: String,
    /// The credential after the scheme, for "reveal" only.
    #[serde(skip)]
    pub token: Secret,
    /// The value as it travelled: plain scheme, masked runs and badges for odd characters.
    #[serde(skip)]
    pub byte_runs: Vec<ByteRun>,
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
    let challenge_fields: Vec<ChallengeField> = [
        ("www-authenticate", "WWW-Authenticate"),
        ("proxy-authenticate", "Proxy-Authenticate"),
    ]
    .into_iter()
    .filter_map(|(name, header)| {
        let lines: Vec<&str> = ex.response_headers_named(name).collect();
        if lines.is_empty() {
            return None;
        }
        let parsed = parse_challenges_lenient(&lines);
        Some(ChallengeField {
            header,
            challenges: parsed.challenges.into_iter().map(shown_challenge).collect(),
            errors: parsed
                .errors
                .iter()
                .map(|e| crate::redact::Text::new(e.to_string()).shown())
                .collect(),
        })
    })
    .collect();
    let challenges = challenge_fields
        .iter()
        .find(|f| f.header.eq_ignore_ascii_case(challenge_header))
        .map(|f| f.challenges.clone())
        .unwrap_or_default();
    let body = ex.response_body_excerpt.as_deref();
    let recognized = if ex.status >= 400 {
        recognize_gateway(&ex.response_headers, body).map(|mut g| {
            for e in &mut g.evidence {
                *e = crate::redact::Text::new(&*e).shown();
            }
            g
        })
    } else {
        None
    };
    let origin = (ex.status >= 400).then(|| origin(recognized.as_ref()));
    let gateway = recognized.filter(|_| matches!(ex.status, 401 | 403 | 407));
    let provider_error = body
        .filter(|_| ex.status >= 400)
        .and_then(|b| recognize_error_body(b, ex.status, url.as_ref().map(|u| u.host)));
    let at_ms = ex.started_at_ms.or(opts.now_ms);
    let credential = Credential::of_exchange(ex).map(|c| {
        let authorization = is_authorization(c.source);
        credential_view(&c, authorization, at_ms)
    });
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
        challenge_fields,
        origin,
        given: false,
    }
}

/// Server-provided text (an `error_description`, a Negotiate token) is shown as Text.
fn shown_challenge(mut c: Challenge) -> Challenge {
    let shown = |s: &str| crate::redact::Text::new(s).shown();
    c.scheme = shown(&c.scheme);
    c.token68 = c.token68.as_deref().map(shown);
    // An `error_description` may quote the token it rejects: values are sentences (key-like runs
    // redacted).
    for (name, value) in &mut c.params {
        *name = shown(name);
        *value = crate::redact::Text::sentence(&*value).shown();
    }
    c
}

/// "Who answered": a CDN or proxy that relayed the API's answer is information, never the origin.
fn origin(gateway: Option<&Gateway>) -> Origin {
    let signals = |g: &Gateway| {
        (!g.evidence.is_empty()).then(|| format!("Signals: {}", g.evidence.join("; ")))
    };
    match gateway {
        Some(g) if g.relayed => Origin {
            kind: OriginKind::Relay,
            sentence: format!(
                "Relayed by {}: the response came from the server behind it. {}",
                g.name, g.hint
            ),
            signals: signals(g),
        },
        Some(g) => Origin {
            kind: OriginKind::Gateway,
            sentence: format!("A gateway answered: {}. {}", g.name, g.hint),
            signals: signals(g),
        },
        None => Origin {
            kind: OriginKind::Api,
            sentence: "No gateway fingerprint: the API itself most likely answered.".to_owned(),
            signals: None,
        },
    }
}

/// The view of a credential as split by [`Credential`]; `authorization`: the value is read as
/// an `Authorization` value (a scheme word first), as for a paste.
pub(crate) fn credential_view(
    c: &Credential<'_>,
    authorization: bool,
    at_ms: Option<i64>,
) -> CredentialView {
    let (header, value) = (c.source, c.raw);
    let parsed = parse_credentials(value).ok();
    let (scheme, token) = match &parsed {
        Some(c) if !c.scheme_missing && authorization => (
            Some(super::credential::scheme_word(c.scheme).shown()),
            c.rest,
        ),
        Some(c) => (None, c.rest),
        None => (None, value.trim()),
    };
    let is_basic = scheme
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case("Basic"));
    let (basic, basic_error) = if is_basic {
        match decode_basic(token) {
            Ok(b) => (Some(b), None),
            Err(e) => (None, Some(could_not_decode(&e))),
        }
    } else {
        (None, None)
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
    let (jwt, jwt_error) =
        if super::jwt::is_jwt_candidate(token) || crate::parse::jwt::looks_like_jwt(c.core()) {
            // `Bearer: eyJ…` splits with no scheme: the token the rules read is the one decoded.
            let input = if super::jwt::is_jwt_candidate(token) {
                token
            } else {
                c.core()
            };
            match decode_jwt(input) {
                Ok(j) => (Some(jwt_view(j, at_ms)), None),
                Err(e) => (None, Some(could_not_decode(&e))),
            }
        } else {
            (None, None)
        };
    // The space between the scheme and the token is the separator, not an odd character.
    let issues: Vec<crate::bytes::CharIssue> = crate::bytes::scan(value)
        .into_iter()
        .filter(|i| {
            !(matches!(i.kind, crate::bytes::CharKind::InteriorWhitespace)
                && i.byte_offset < c.token_start)
        })
        .collect();
    let char_issues = issues
        .iter()
        .map(|i| CharView {
            note: CodePointNote::from(i),
            kind: kind_label(&i.kind),
        })
        .collect();
    let byte_runs = byte_runs(c, &issues);
    let shown_scheme = c
        .scheme
        .map(|s| format!("{} ", crate::redact::Text::new(s).shown()))
        .unwrap_or_default();
    CredentialView {
        header: crate::redact::Text::new(header).shown(),
        scheme,
        display,
        fingerprint: crate::redact::fingerprint(token).short(),
        length_bytes: token.len(),
        length_chars: token.chars().count(),
        char_issues,
        key_kind,
        basic_password_chars: basic.as_ref().map(|b| b.password.chars().count()),
        basic_user: basic.map(|b| super::credential::shown_basic_user(&b.user).shown()),
        jwt,
        jwt_error,
        basic_error,
        source: crate::redact::Text::new(header).shown(),
        redacted: format!("{shown_scheme}{}", crate::redact::redact(c.token)),
        redacted_token: crate::redact::redact(c.token),
        token: Secret::new(c.token),
        byte_runs,
    }
}

/// The value in runs: the scheme plain, the rest masked (as secrets), odd characters as badges.
fn byte_runs(c: &Credential<'_>, issues: &[crate::bytes::CharIssue]) -> Vec<ByteRun> {
    let raw = c.raw;
    let mut out = Vec::new();
    let run = |out: &mut Vec<ByteRun>, from: usize, to: usize| {
        if from >= to {
            return;
        }
        let plain_end = c.token_start.clamp(from, to);
        if plain_end > from {
            out.push(ByteRun::Plain(
                raw.get(from..plain_end).unwrap_or("").to_owned(),
            ));
        }
        let secret = raw.get(plain_end..to).unwrap_or("");
        if !secret.is_empty() {
            out.push(ByteRun::Secret {
                chars: secret.chars().count(),
                value: Secret::new(secret),
            });
        }
    };
    let mut pos = 0;
    for issue in issues {
        let start = issue.byte_offset;
        // A run of one character repeated is one badge.
        let end = start + issue.byte_len();
        if start < pos || !raw.is_char_boundary(start) || !raw.is_char_boundary(end.min(raw.len()))
        {
            continue;
        }
        run(&mut out, pos, start);
        let code = format!("U+{:04X}", u32::from(issue.ch));
        let name = crate::bytes::unicode_name(issue.ch)
            .map(|n| n.into_owned())
            .unwrap_or_else(|| "unnamed character".to_owned());
        out.push(ByteRun::Badge {
            shown: if issue.count > 1 {
                format!("{code} ×{}", issue.count)
            } else {
                code.clone()
            },
            title: format!("{code} {name}"),
            code_point: code,
            offset: start,
        });
        pos = end;
    }
    run(&mut out, pos, raw.len());
    out
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

fn jwt_view(jwt: Jwt, at_ms: Option<i64>) -> JwtView {
    match jwt {
        Jwt::Encrypted(jwe) => JwtView {
            form: "jwe",
            header: jwe.header,
            claims: Map::new(),
            times: Vec::new(),
        },
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
            JwtView {
                form: "jws",
                header: jws.header,
                claims: jws.claims,
                times,
            }
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

/// The detail view's line for a credential that does not decode (the parser's error, shown
/// escaped and bounded like any input-derived text).
fn could_not_decode(e: &impl std::fmt::Display) -> String {
    format!(
        "Could not decode: {}",
        crate::redact::Text::new(e.to_string()).shown()
    )
}
