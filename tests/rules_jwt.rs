//! JWT rules: structure, alg, ID token, audience, and time judged at the request (never now).

use crate::util::{exchange_ids as ids_with, ids, jwt, T0_MS, T0_S};
use authlens::model::Exchange;
use authlens::rules::{analyze_credential, analyze_exchange, AnalysisOptions};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

fn rs256(claims: &str) -> String {
    jwt(r#"{"alg":"RS256","typ":"JWT","kid":"k1"}"#, claims)
}

fn access(extra: &str) -> String {
    rs256(&format!(
        r#"{{"iss":"https://id.example.com/","sub":"u1","aud":"https://api.example.com","exp":{},"iat":{}{extra}}}"#,
        T0_S + 3600,
        T0_S - 60
    ))
}

fn request(token: &str) -> Exchange {
    Exchange::new("GET", "https://api.example.com/v1/me")
        .with_request_header("Authorization", &format!("Bearer {token}"))
        .with_status(401)
        .with_started_at_ms(T0_MS)
}

#[track_caller]
fn flags(id: &str, hit: &Exchange, miss: &Exchange) {
    let h = ids(hit);
    assert!(h.contains(&id), "{id} not raised; got {h:?}");
    let m = ids(miss);
    assert!(!m.contains(&id), "{id} raised by the near miss; got {m:?}");
}

fn timed(exp_offset_s: i64, nbf_offset_s: Option<i64>) -> String {
    let nbf = nbf_offset_s
        .map(|n| format!(r#","nbf":{}"#, T0_S + n))
        .unwrap_or_default();
    rs256(&format!(
        r#"{{"sub":"u1","aud":"https://api.example.com","exp":{}{nbf}}}"#,
        T0_S + exp_offset_s
    ))
}

#[test]
fn malformed() {
    let good = access("");
    let truncated = &good[..good.rfind('.').unwrap()];
    flags("jwt.malformed", &request(truncated), &request(&good));
    flags(
        "jwt.malformed",
        &request(&rs256(r#"{"exp":"1767229200"}"#)),
        &request(&rs256(r#"{"exp":1767229200}"#)),
    );
}

#[test]
fn expiry_is_judged_at_the_request_time_not_now() {
    flags(
        "jwt.expired",
        &request(&timed(-300, None)),
        &request(&timed(3600, None)),
    );
    // Expired long ago relative to today, but valid when the request was made: not expired.
    let old = Exchange {
        started_at_ms: Some(T0_MS),
        ..request(&timed(120, None))
    };
    assert!(!ids(&old).contains(&"jwt.expired"));
    // opts.now_ms only applies when the exchange has no start time.
    let opts = AnalysisOptions {
        now_ms: Some(T0_MS + 10_000_000),
        ..Default::default()
    };
    assert!(!ids_with(&old, &opts).contains(&"jwt.expired"));
    let untimed = Exchange {
        started_at_ms: None,
        ..old.clone()
    };
    assert!(ids_with(&untimed, &opts).contains(&"jwt.expired"));
    assert!(
        !ids(&untimed).iter().any(|id| id.starts_with("jwt.expire")),
        "no time at all: no time judgement"
    );
}

#[test]
fn server_clock_from_date_header() {
    // 30 s left by the client's clock, but the server's clock is 2 minutes ahead.
    let ex =
        request(&timed(30, None)).with_response_header("Date", "Thu, 01 Jan 2026 00:02:00 GMT");
    let findings = analyze_exchange(&ex, &AnalysisOptions::default());
    let expired = findings
        .iter()
        .find(|f| f.id.as_str() == "jwt.expired")
        .expect("expired by the server clock");
    assert!(
        expired.evidence.fact("skew_seconds").as_deref() == Some("120"),
        "{:?}",
        expired.evidence.facts
    );
    assert!(
        expired.detail().contains("120 s ahead"),
        "{}",
        expired.detail()
    );
}

#[test]
fn expires_soon() {
    flags(
        "jwt.expires_soon",
        &request(&timed(30, None)),
        &request(&timed(90, None)),
    );
    assert!(
        !ids(&request(&timed(-5, None))).contains(&"jwt.expires_soon"),
        "expired is not 'soon'"
    );
}

#[test]
fn not_yet_valid() {
    flags(
        "jwt.not_yet_valid",
        &request(&timed(3600, Some(42))),
        &request(&timed(3600, Some(-42))),
    );
    // nbf in the client's future but the server's clock is ahead of it: fine for the server.
    let ahead = request(&timed(3600, Some(42)))
        .with_response_header("Date", "Thu, 01 Jan 2026 00:01:00 GMT");
    assert!(!ids(&ahead).contains(&"jwt.not_yet_valid"));
}

#[test]
fn alg_none() {
    let none = jwt(r#"{"alg":"none","typ":"JWT"}"#, r#"{"sub":"u1"}"#);
    let none = format!("{}.", &none[..none.rfind('.').unwrap()]);
    flags("jwt.alg_none", &request(&none), &request(&access("")));
}

#[test]
fn id_token() {
    flags(
        "jwt.id_token",
        &request(&access(r#","nonce":"n-0S6_WzA2Mj""#)),
        &request(&access("")),
    );
    flags(
        "jwt.id_token",
        &request(&access(r#","token_use":"id""#)),
        &request(&access(r#","token_use":"access""#)),
    );
    let spa = |typ: &str| {
        jwt(
            &format!(r#"{{"alg":"RS256","typ":"{typ}"}}"#),
            &format!(r#"{{"aud":"my-spa","azp":"my-spa","exp":{}}}"#, T0_S + 3600),
        )
    };
    flags(
        "jwt.id_token",
        &request(&spa("JWT")),
        &request(&spa("at+jwt")),
    );
}

#[test]
fn audience_mismatch() {
    let opts = AnalysisOptions {
        expected_audience: Some("https://api.example.com/".into()),
        ..Default::default()
    };
    let other = rs256(&format!(
        r#"{{"aud":["https://other.example"],"exp":{}}}"#,
        T0_S + 3600
    ));
    assert!(ids_with(&request(&other), &opts).contains(&"jwt.audience_mismatch"));
    assert!(
        !ids_with(&request(&access("")), &opts).contains(&"jwt.audience_mismatch"),
        "trailing slash and case are not a mismatch"
    );
    // Hint from the challenge.
    let hinted = request(&other).with_response_header(
        "WWW-Authenticate",
        r#"Bearer resource="https://api.example.com", error="invalid_token""#,
    );
    assert!(ids(&hinted).contains(&"jwt.audience_mismatch"));
    // No expectation: the token's `aud` names another host than the one it is sent to, a
    // heuristic mismatch (a warning; tests/rules_audience.rs has the near misses).
    let by_host = analyze_exchange(&request(&other), &AnalysisOptions::default());
    let f = by_host
        .iter()
        .find(|f| f.id.as_str() == "jwt.audience_mismatch")
        .expect("aud names another host");
    assert_eq!(f.severity, authlens::model::Severity::Warning);
}

#[test]
fn encrypted() {
    let jwe = format!(
        "{}..{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"dir","enc":"A256GCM"}"#),
        URL_SAFE_NO_PAD.encode([1u8; 12]),
        URL_SAFE_NO_PAD.encode([2u8; 40]),
        URL_SAFE_NO_PAD.encode([3u8; 16])
    );
    flags("jwt.encrypted", &request(&jwe), &request(&access("")));
    let pasted: Vec<_> = analyze_credential(&jwe, &AnalysisOptions::default())
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(pasted.contains(&"jwt.encrypted"), "{pasted:?}");
}

#[test]
fn evident_success_is_not_second_guessed_but_error_bodies_are() {
    // An expired token that the server accepted: the rules say nothing (the detail view still
    // decodes it); the same token in a GraphQL 200 whose body is an auth error is flagged.
    let ok = Exchange {
        status: 200,
        ..request(&timed(-300, None))
    };
    assert!(!ids(&ok).contains(&"jwt.expired"));
    let graphql = ok
        .clone()
        .with_body(r#"{"errors":[{"extensions":{"code":"UNAUTHENTICATED"}}]}"#);
    let found = ids(&graphql);
    assert!(
        found.contains(&"jwt.expired") && found.contains(&"status.auth_in_body"),
        "{found:?}"
    );
}
