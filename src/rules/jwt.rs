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

fn inspect_audience(ctx: &Ctx<'_>, jws: &Jws, out: &mut Vec<Finding>) {
    let (expected, source) = match ctx.opts.expected_audience.as_deref() {
        Some(a) => (a.to_owned(), "the expected audience you gave"),
        None => match ctx.audience_hint() {
            Some(a) => (a, "the audience hinted by the server's challenge"),
            None => return,
        },
    };
    let norm = |s: &str| s.trim_end_matches('/').to_ascii_lowercase();
    let aud = jws.aud().ok().flatten().unwrap_or_default();
    if aud.iter().any(|a| norm(a) == norm(&expected)) {
        return;
    }
    let got = if aud.is_empty() {
        "no `aud` claim".to_owned()
    } else {
        format!("`aud` = `{}`", super::request::clip(&aud.join("`, `"), 160))
    };
    out.push(finding(
        FindingId::JwtAudienceMismatch,
        msg("The token has {got}, which does not include `{expected}` ({source}). Each API accepts only tokens issued for it; request the token with this API's audience/resource.").arg("got", got).arg("source", source),
        Evidence::field("jwt.claims.aud").with_fact("expected", super::request::clip(&expected, 160)).with_fact("aud", super::request::clip(&aud.join(" "), 160)),
    ));
}
