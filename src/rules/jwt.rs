//! JWT rules: structure, algorithm, token type, audience and time, judged at the request's time.
//!
//! ```
//! use authlens::rules::jwt::describe_offset;
//! assert_eq!(describe_offset(-90_000), "1 min 30 s before");
//! assert_eq!(describe_offset(5_000), "5 s after");
//! ```
//!
//! On an exchange that evidently worked (2xx/3xx without an error body) the token is not decoded
//! by the rules: it was accepted, and decoding is the costliest step of the hot path; `describe`
//! still shows its claims.
//!
//! Time: a token is judged at the request's own start time (HAR `startedDateTime`), never at the
//! machine's clock when that exists. The response `Date` header tells the server's clock; the
//! difference (server minus client) is reported as the skew, and a token the server's clock
//! already considers expired (or not yet valid) is flagged even if the client's clock does not.

use crate::findings::FindingId;
use crate::model::{Evidence, Finding, Span};
use crate::parse::jwt::{decode_jwt, ClaimError, Jws, Jwt, JwtError, NumericDate};

use crate::redact::Text;

use super::{finding, msg, Ctx};

/// Less than this left before `exp` at request time is `jwt.expires_soon`.
pub const EXPIRES_SOON_MS: i64 = 60_000;
/// `iat` this far after the judging time counts as "issued in the future" (the `Date` header has
/// one-second precision).
const IAT_LEEWAY_MS: i64 = 5_000;

/// Whether `token` should be read as a JWT: `eyJ` (base64url of `{"`) and a dot.
pub(crate) fn is_jwt_candidate(token: &str) -> bool {
    token.starts_with("eyJ") && token.contains('.')
}

/// The moments a token is judged at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clock {
    /// The request's start (client clock), or the caller's `now` when the exchange has none.
    pub request_ms: Option<i64>,
    /// The response `Date` (server clock), when present and parseable.
    pub server_ms: Option<i64>,
}

impl Clock {
    /// Server clock minus client clock, when both are known.
    pub fn skew_ms(&self) -> Option<i64> {
        Some(self.server_ms?.saturating_sub(self.request_ms?))
    }
}

/// `1 min 30 s before` / `5 s after` for a signed millisecond offset.
pub fn describe_offset(ms: i64) -> String {
    let side = if ms < 0 { "before" } else { "after" };
    let total = (ms.unsigned_abs() + 500) / 1000;
    let (d, h, m, s) = (
        total / 86_400,
        total / 3600 % 24,
        total / 60 % 60,
        total % 60,
    );
    let text = if d > 0 {
        format!("{d} d {h} h")
    } else if h > 0 {
        format!("{h} h {m} min")
    } else if m > 0 {
        format!("{m} min {s} s")
    } else {
        format!("{s} s")
    };
    format!("{text} {side}")
}

fn skew_note(clock: &Clock) -> String {
    match clock.skew_ms() {
        Some(skew) if skew.unsigned_abs() >= 2_000 => format!(
            " The server's clock (response `Date`) is {} s {} the client's.",
            skew.unsigned_abs() / 1000,
            if skew > 0 { "ahead of" } else { "behind" }
        ),
        _ => String::new(),
    }
}

pub(crate) fn inspect(
    ctx: &Ctx<'_>,
    token: &str,
    start: usize,
    field: &str,
    expects_jws: bool,
    out: &mut Vec<Finding>,
) {
    let span = Span::bytes(start, start + token.len());
    let jwt = match decode_jwt(token) {
        Ok(jwt) => jwt,
        Err(e) => {
            let at = match &e {
                JwtError::EmptySegment { offset, .. } | JwtError::Base64 { offset, .. } => {
                    Some(start + offset)
                }
                _ => None,
            };
            let ev =
                Evidence::field(field).with_span(at.map(|a| Span::bytes(a, a)).unwrap_or(span));
            out.push(finding(FindingId::JwtMalformed, msg("The token looks like a JWT but does not decode: {e}. The server cannot read it; it was probably truncated or edited.").arg("e", e.to_string()), ev));
            return;
        }
    };
    let jws = match &jwt {
        Jwt::Encrypted(jwe) => {
            if expects_jws {
                out.push(finding(
                    FindingId::JwtEncrypted,
                    msg("The Bearer token is an encrypted JWE (5 segments, `alg: {alg_shown}`, `enc: {enc_shown}`), which only its issuer can read. APIs expect a signed JWT; Auth0, for one, returns an encrypted token when no `audience` was requested.")
                        .arg("alg_shown", Text::new(jwe.alg().unwrap_or("?")))
                        .arg("enc_shown", Text::new(jwe.enc().unwrap_or("?"))),
                    Evidence::field(field).with_span(span).with_fact("alg", Text::new(jwe.alg().unwrap_or(""))).with_fact("enc", Text::new(jwe.enc().unwrap_or(""))),
                ));
            }
            return;
        }
        Jwt::Signed(jws) => jws,
    };
    if jws.is_alg_none() {
        out.push(finding(
            FindingId::JwtAlgNone,
            msg("The JWT header says `\"alg\": \"{alg}\"`: the token is unsigned ({signature_len} signature bytes) and proves nothing. Every correctly configured server rejects it.").arg("signature_len", jws.signature_len),
            Evidence::field("jwt.header.alg").with_fact("alg", Text::new(jws.alg().unwrap_or("none"))),
        ));
    }
    inspect_claim_types(jws, field, span, out);
    inspect_time(ctx, jws, out);
    if expects_jws {
        inspect_token_type(jws, out);
    }
    inspect_audience(ctx, jws, out);
}

fn inspect_claim_types(jws: &Jws, field: &str, span: Span, out: &mut Vec<Finding>) {
    let errors: Vec<ClaimError> = [
        jws.exp().err(),
        jws.nbf().err(),
        jws.iat().err(),
        jws.aud().err(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(e) = errors.first() {
        out.push(finding(
            FindingId::JwtMalformed,
            msg("The JWT decodes, but {e}. Libraries that follow RFC 7519 reject the token or ignore the claim.").arg("e", e.to_string()),
            Evidence::field(field).with_span(span).with_fact("claim_errors", errors.len()),
        ));
    }
}

fn millis(date: Result<Option<NumericDate>, ClaimError>) -> Option<i64> {
    match date {
        Ok(Some(d)) => d.unix_millis(),
        Err(ClaimError::NumericDateAsString { value, .. }) => value.unix_millis(),
        _ => None,
    }
}

fn inspect_time(ctx: &Ctx<'_>, jws: &Jws, out: &mut Vec<Finding>) {
    let clock = ctx.clock();
    let Some(at) = clock.request_ms.or(clock.server_ms) else {
        return;
    };
    let skew = skew_note(&clock);
    let judged = if ctx.ex.and_then(|e| e.started_at_ms).is_some() {
        "the request's start time"
    } else {
        "the given time"
    };
    let time_ev = |claim: &'static str, value_ms: i64| {
        let mut ev = Evidence::field(format!("jwt.claims.{claim}"))
            .with_fact(claim, value_ms / 1000)
            .with_fact("judged_at", at / 1000);
        if let Some(s) = clock.skew_ms() {
            ev = ev.with_fact("skew_seconds", s / 1000);
        }
        ev
    };
    if let Some(exp) = millis(jws.exp()) {
        let server_expired = clock.server_ms.is_some_and(|s| exp <= s);
        if exp <= at || server_expired {
            let detail = if exp <= at {
                msg("The token's `exp` is {offset} {judged}: it had expired when it was sent.{skew}")
                    .arg("offset", describe_offset(exp.saturating_sub(at)))
            } else {
                msg("By the client's clock the token still had {left} left, but its `exp` is {offset} the server's clock (response `Date`): the server sees an expired token.{skew}")
                    .arg("left", describe_offset(exp.saturating_sub(at)).trim_end_matches(" after").to_owned())
                    .arg("offset", describe_offset(exp.saturating_sub(clock.server_ms.unwrap_or(at))))
            }
            .arg("judged", judged)
            .arg("skew", skew.clone());
            out.push(finding(FindingId::JwtExpired, detail, time_ev("exp", exp)));
        } else if exp.saturating_sub(at) < EXPIRES_SOON_MS {
            out.push(finding(
                FindingId::JwtExpiresSoon,
                msg("The token had only {left} left at {judged}: with latency and clock skew it may be expired when the server checks it.{skew}")
                    .arg("left", describe_offset(exp.saturating_sub(at)).trim_end_matches(" after").to_owned())
                    .arg("judged", judged)
                    .arg("skew", skew.clone()),
                time_ev("exp", exp),
            ));
        }
    }
    // The server judges `nbf`/`iat` by its own clock when we know it.
    let server_at = clock.server_ms.unwrap_or(at);
    let nbf = millis(jws.nbf())
        .filter(|&n| n > server_at)
        .map(|n| ("nbf", n, 0));
    let iat = millis(jws.iat())
        .filter(|&i| i > server_at.saturating_add(IAT_LEEWAY_MS))
        .map(|i| ("iat", i, 1));
    if let Some((claim, value, _)) = nbf.or(iat) {
        out.push(finding(
            FindingId::JwtNotYetValid,
            msg("The token's `{claim}` is {offset} the {whose} clock at the request: the issuer's clock is ahead, so the server sees a token from the future.{skew}")
                .arg("claim", claim)
                .arg("offset", describe_offset(value.saturating_sub(server_at)))
                .arg("whose", if clock.server_ms.is_some() { "server's" } else { "client's" })
                .arg("skew", skew.clone()),
            time_ev(claim, value),
        ));
    }
}

/// ID-token heuristic, in order: `nonce` or `at_hash` (OIDC puts them only in ID tokens);
/// Cognito's `token_use: id`; else `typ` is not `at+jwt` (RFC 9068) while `aud` is exactly the
/// `azp` (the client's own id: access tokens name the API as audience).
fn inspect_token_type(jws: &Jws, out: &mut Vec<Finding>) {
    let reason = if jws.nonce().ok().flatten().is_some() {
        Some("it carries a `nonce` claim, which OpenID Connect puts only in ID tokens".to_owned())
    } else if jws.at_hash().ok().flatten().is_some() {
        Some("it carries an `at_hash` claim, which only ID tokens have".to_owned())
    } else if jws.token_use().ok().flatten() == Some("id") {
        Some("its `token_use` is `id` (AWS Cognito ID token)".to_owned())
    } else {
        let typ_at = jws.typ().is_some_and(|t| {
            t.eq_ignore_ascii_case("at+jwt") || t.eq_ignore_ascii_case("application/at+jwt")
        });
        match (jws.aud().ok().flatten(), jws.azp().ok().flatten()) {
            (Some(aud), Some(azp)) if !typ_at && aud.len() == 1 && aud.first() == Some(&azp) => {
                Some(format!(
                    "its audience is the client itself (`aud` = `azp` = `{}`), not an API",
                    super::request::clip(azp, 80)
                ))
            }
            _ => None,
        }
    };
    if let Some(reason) = reason {
        out.push(finding(
            FindingId::JwtIdToken,
            msg("This looks like an OpenID Connect ID token, not an access token: {reason}. ID tokens tell your app who logged in; APIs expect an access token issued for them.").arg("reason", reason),
            Evidence::field("jwt.claims").with_fact("typ", Text::new(jws.typ().unwrap_or(""))),
        ));
    }
}

/// What comparing a token's `aud` with where it was sent shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceVerdict {
    /// `aud` includes the expected audience, or names the host the token was sent to.
    Matches,
    /// `aud` does not include what the API expects (`expected`, and where that came from).
    Mismatch {
        /// The audience (or host) the token should have named.
        expected: String,
        /// Where that expectation came from.
        source: AudienceSource,
    },
    /// Nothing to compare with: `aud` is opaque (a client id, `authenticated`), absent without
    /// an expectation, or the request went to a local proxy.
    Unknown,
}

/// Where the expected audience came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudienceSource {
    /// The caller said which audience the API expects.
    Given,
    /// The 401's Bearer challenge names it (`audience`, `resource`, an absolute `realm`).
    Challenge,
    /// Every `aud` value names a host, and none is the request's host.
    RequestHost,
}

/// The host an audience value names: a URL's host, or a bare DNS name with a dot.
fn audience_host(aud: &str) -> Option<String> {
    if let Some(u) = super::http::UrlParts::parse(aud) {
        return Some(u.host.to_ascii_lowercase());
    }
    let bare = aud.trim_end_matches('/');
    let dns = bare.contains('.')
        && bare
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && bare
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    dns.then(|| bare.to_ascii_lowercase())
}

/// Development and loopback hosts: a local proxy forwards the token to the API its `aud` names.
fn is_local_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h == "localhost"
        || h.ends_with(".localhost")
        || h.starts_with("127.")
        || h == "::1"
        || h.starts_with("10.")
        || h.starts_with("192.168.")
}

/// Compares a token's `aud` with the expected audience (given or challenged) or, without one,
/// with the host the token is sent to.
///
/// ```
/// use authlens::rules::jwt::{audience_verdict, AudienceVerdict};
/// assert_eq!(audience_verdict(&["https://api.example.com/"], None, Some("api.example.com")), AudienceVerdict::Matches);
/// assert!(matches!(audience_verdict(&["https://graph.example.net"], None, Some("api.example.com")), AudienceVerdict::Mismatch { .. }));
/// assert_eq!(audience_verdict(&["account"], None, Some("api.example.com")), AudienceVerdict::Unknown);
/// ```
pub fn audience_verdict(
    aud: &[&str],
    expected: Option<(&str, AudienceSource)>,
    host: Option<&str>,
) -> AudienceVerdict {
    let norm = |s: &str| s.trim_end_matches('/').to_ascii_lowercase();
    if let Some((expected, source)) = expected {
        return if aud.iter().any(|a| norm(a) == norm(expected)) {
            AudienceVerdict::Matches
        } else {
            AudienceVerdict::Mismatch {
                expected: expected.to_owned(),
                source,
            }
        };
    }
    let Some(host) = host.map(str::to_ascii_lowercase) else {
        return AudienceVerdict::Unknown;
    };
    if aud.is_empty() || is_local_host(&host) {
        return AudienceVerdict::Unknown;
    }
    let hosts: Vec<Option<String>> = aud.iter().map(|a| audience_host(a)).collect();
    // One host names the other's parent (`example.com` for `api.example.com`): the same API.
    let same =
        |a: &str| a == host || host.ends_with(&format!(".{a}")) || a.ends_with(&format!(".{host}"));
    if hosts.iter().flatten().any(|a| same(a)) {
        return AudienceVerdict::Matches;
    }
    // An opaque value (a client id, an API identifier) may be this API's name for itself.
    if hosts.iter().any(Option::is_none) {
        return AudienceVerdict::Unknown;
    }
    AudienceVerdict::Mismatch {
        expected: host,
        source: AudienceSource::RequestHost,
    }
}

fn inspect_audience(ctx: &Ctx<'_>, jws: &Jws, out: &mut Vec<Finding>) {
    let hint = ctx.audience_hint();
    let expected = match ctx.opts.expected_audience.as_deref() {
        Some(a) => Some((a, AudienceSource::Given)),
        None => hint.as_deref().map(|a| (a, AudienceSource::Challenge)),
    };
    let aud = jws.aud().ok().flatten().unwrap_or_default();
    let host = ctx.url.as_ref().map(|u| u.host);
    let AudienceVerdict::Mismatch { expected, source } = audience_verdict(&aud, expected, host)
    else {
        return;
    };
    let got = if aud.is_empty() {
        Text::new("no `aud` claim")
    } else {
        Text::sentence(format!(
            "`aud` = `{}`",
            super::request::clip(&aud.join("`, `"), 160)
        ))
    };
    let shown = Text::new(super::request::clip(&expected, 160));
    let (detail, severity) = match source {
        AudienceSource::Given => (msg("The token has {got}, which does not include `{expected}` (the expected audience you gave). Each API accepts only tokens issued for it; request the token with this API's audience/resource."), crate::findings::summary(FindingId::JwtAudienceMismatch).severity),
        AudienceSource::Challenge => (msg("The token has {got}, which does not include `{expected}` (the audience the server's challenge names). Each API accepts only tokens issued for it; request the token with this API's audience/resource."), crate::findings::summary(FindingId::JwtAudienceMismatch).severity),
        // Based on host names only: a gateway may accept another audience, so not certain.
        AudienceSource::RequestHost => (msg("The token has {got}, naming another API than `{expected}`, the host it was sent to. Based on the host names only (a gateway in front of the API may accept it): each API accepts only tokens issued for it, so request the token with this API's audience/resource."), crate::model::Severity::Warning),
    };
    let detail = detail.arg("got", got);
    out.push(super::finding_with(
        FindingId::JwtAudienceMismatch,
        severity,
        detail,
        Evidence::field("jwt.claims.aud")
            .with_fact("expected", shown.clone())
            .with_fact("aud", super::request::clip(&aud.join(" "), 160))
            .with_fact(
                "compared_with",
                match source {
                    AudienceSource::Given => "given audience",
                    AudienceSource::Challenge => "challenge",
                    AudienceSource::RequestHost => "request host",
                },
            ),
    ));
}

/// `jwt.expires_soon` on a request that worked: the token is not decoded otherwise (the hot
/// path), but the next request with it will fail within a minute.
pub(crate) fn inspect_expiry(ctx: &Ctx<'_>, token: &str, out: &mut Vec<Finding>) {
    let Some(at) = ctx.ex.and_then(|e| e.started_at_ms) else {
        return;
    };
    let Ok(Jwt::Signed(jws)) = decode_jwt(token) else {
        return;
    };
    let Some(exp) = millis(jws.exp()) else { return };
    let left = exp.saturating_sub(at);
    if left > 0 && left < EXPIRES_SOON_MS {
        out.push(finding(
            FindingId::JwtExpiresSoon,
            msg("The token had only {left} left when this request started: it worked, but the next request with it will be refused. Refresh it before it expires, not after a 401.").arg("left", describe_offset(left).trim_end_matches(" after").to_owned()),
            Evidence::field("jwt.claims.exp").with_fact("exp", exp / 1000).with_fact("judged_at", at / 1000),
        ));
    }
}
