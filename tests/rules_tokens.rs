//! Token lifecycle, OAuth/OIDC errors, discovery and DPoP over sessions: a positive, a near miss
//! and a healthy control for every id, on flows shaped like the RFC examples.

use authlens::model::Exchange;
use authlens::rules::tokens::{MarkKind, TokenKind};
use authlens::rules::{analyze_session, AnalysisOptions, SessionAnalyzer};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::util::{jwt, session_has as has, session_ids as ids, T0_MS as T0, T0_S};

const TOKEN_URL: &str = "https://auth.example.com/oauth/token";
const API: &str = "https://api.example.com/v1/me";

fn access_jwt(n: u32, aud: &str, iat: i64, exp: i64) -> String {
    jwt(
        r#"{"alg":"RS256","typ":"at+jwt"}"#,
        &format!(
            r#"{{"iss":"https://auth.example.com/","sub":"user-1","aud":"{aud}","iat":{iat},"exp":{exp},"jti":"j{n}"}}"#
        ),
    )
}

fn opaque(n: u32) -> String {
    format!("at-demo-{n:04}-Zq8RfT3kLm9Xw2Yp")
}

fn token_response(at: &str, expires_in: &str, at_ms: i64) -> Exchange {
    Exchange::new("POST", TOKEN_URL)
        .with_request_header("Content-Type", "application/x-www-form-urlencoded")
        .with_request_body("grant_type=refresh_token&refresh_token=rt-demo-7fK2pQ9sLx")
        .with_status(200)
        .with_body(&format!(
            r#"{{"access_token":"{at}","token_type":"Bearer","expires_in":{expires_in}}}"#
        ))
        .with_started_at_ms(at_ms)
}

fn api(token: &str, status: u16, at_ms: i64) -> Exchange {
    Exchange::new("GET", API)
        .with_request_header("Authorization", &format!("Bearer {token}"))
        .with_status(status)
        .with_started_at_ms(at_ms)
}

fn detail(exs: &[Exchange], id: &str) -> String {
    analyze_session(exs, &AnalysisOptions::default())
        .findings
        .into_iter()
        .find(|f| f.finding.id.as_str() == id)
        .map(|f| f.finding.detail())
        .unwrap_or_default()
}

/// Every token id this file covers: controls must report none of them.
const TOKEN_IDS: &[&str] = &[
    "token.stale_after_refresh",
    "token.rejected_on_first_use",
    "session.refresh_loop",
    "session.refresh_race",
    "token.used_before_issued",
    "jwt.exp_in_milliseconds",
    "jwt.exp_disagrees_expires_in",
    "oauth.invalid_grant",
    "oauth.invalid_client",
    "oauth.unauthorized_client",
    "oauth.invalid_scope",
    "oauth.unsupported_grant_type",
    "oauth.redirect_uri_mismatch",
    "oauth.pkce_missing",
    "oauth.pkce_mismatch",
    "oauth.pkce_plain",
    "oauth.state_mismatch",
    "oidc.interaction_required",
    "discovery.resource_metadata",
    "discovery.broken",
    "discovery.resource_missing",
    "dpop.nonce_required",
    "dpop.invalid_proof",
    "dpop.proof_mismatch",
];

fn assert_no_token_findings(exs: &[Exchange]) {
    let found: Vec<String> = ids(exs)
        .into_iter()
        .map(|(i, _)| i)
        .filter(|i| TOKEN_IDS.contains(&i.as_str()))
        .collect();
    assert!(found.is_empty(), "control reported {found:?}");
}

/// A healthy refresh: token 1 works, is refreshed, token 2 is used from then on.
fn healthy_refresh() -> Vec<Exchange> {
    vec![
        token_response(&opaque(1), "3600", T0),
        api(&opaque(1), 200, T0 + 1_000),
        token_response(&opaque(2), "3600", T0 + 3_500_000),
        api(&opaque(2), 200, T0 + 3_501_000),
    ]
}

#[test]
fn healthy_refresh_is_a_control_for_every_token_id() {
    assert_no_token_findings(&healthy_refresh());
}

#[test]
fn stale_token_after_refresh() {
    let mut exs = healthy_refresh();
    exs.push(api(&opaque(1), 401, T0 + 3_502_000));
    assert_eq!(has(&exs, "token.stale_after_refresh"), Some(vec![2, 4]));
    let d = detail(&exs, "token.stale_after_refresh");
    assert!(d.contains("entry 2 replaced"), "{d}");
    assert!(!d.contains(&opaque(1)), "the token must never be printed");
    // Near miss: the old token was replaced, but the next request uses the new one.
    assert_eq!(has(&healthy_refresh(), "token.stale_after_refresh"), None);
}

#[test]
fn stale_token_severity_depends_on_the_answer() {
    let mut ok = healthy_refresh();
    ok.push(api(&opaque(1), 200, T0 + 3_502_000));
    let report = analyze_session(&ok, &AnalysisOptions::default());
    let f = report
        .findings
        .iter()
        .find(|f| f.finding.id.as_str() == "token.stale_after_refresh")
        .expect("reported as info");
    assert_eq!(f.finding.severity.as_str(), "info");
}

#[test]
fn refresh_race_when_the_refresh_was_in_flight() {
    let mut refresh = token_response(&opaque(2), "3600", T0 + 10_000);
    refresh.duration_ms = Some(400.0);
    let exs = vec![
        token_response(&opaque(1), "3600", T0),
        api(&opaque(1), 200, T0 + 1_000),
        refresh,
        api(&opaque(1), 401, T0 + 10_100),
    ];
    assert_eq!(has(&exs, "session.refresh_race"), Some(vec![2, 3]));
    assert_eq!(has(&exs, "token.stale_after_refresh"), None);
    // Near miss: the same request after the refresh finished is a stale token, not a race.
    let mut late = exs.clone();
    late[3] = api(&opaque(1), 401, T0 + 10_500);
    assert_eq!(has(&late, "session.refresh_race"), None);
    assert!(has(&late, "token.stale_after_refresh").is_some());
}

#[test]
fn rejected_on_first_use_points_at_the_audience() {
    let at = access_jwt(1, "https://billing.example.net", T0_S, T0_S + 3600);
    let exs = vec![
        token_response(&at, "3600", T0),
        api(&at, 401, T0 + 1_000)
            .with_response_header("WWW-Authenticate", r#"Bearer error="invalid_token""#),
    ];
    assert_eq!(has(&exs, "token.rejected_on_first_use"), Some(vec![0, 1]));
    let d = detail(&exs, "token.rejected_on_first_use");
    assert!(d.contains("billing.example.net"), "{d}");
    assert!(d.contains("api.example.com"), "{d}");
    assert!(d.contains("invalid_token"), "{d}");
    // Near miss: the token worked once and is rejected later (that is expiry or revocation).
    let later = vec![
        token_response(&at, "3600", T0),
        api(&at, 200, T0 + 1_000),
        api(&at, 401, T0 + 2_000),
    ];
    assert_eq!(has(&later, "token.rejected_on_first_use"), None);
}

#[test]
fn refresh_loop() {
    let mut exs = Vec::new();
    for n in 0..4 {
        exs.push(token_response(
            &opaque(n),
            "3600",
            T0 + i64::from(n) * 3_000,
        ));
        exs.push(api(&opaque(n), 401, T0 + i64::from(n) * 3_000 + 500));
    }
    let entries = has(&exs, "session.refresh_loop").expect("loop found");
    assert_eq!(entries.first(), Some(&0));
    assert!(entries.contains(&6), "{entries:?}");
    assert!(detail(&exs, "session.refresh_loop").contains("4 token requests"));
    // Near miss: two refreshes with 401s between them are a retry, not yet a loop.
    assert_eq!(has(&exs[..4], "session.refresh_loop"), None);
    // Near miss: refreshes an hour apart with successes between them.
    assert_eq!(has(&healthy_refresh(), "session.refresh_loop"), None);
}

#[test]
fn refresh_loop_needs_the_calls_within_a_minute() {
    let mut exs = Vec::new();
    for n in 0..4 {
        exs.push(token_response(
            &opaque(n),
            "3600",
            T0 + i64::from(n) * 120_000,
        ));
        exs.push(api(&opaque(n), 401, T0 + i64::from(n) * 120_000 + 500));
    }
    assert_eq!(has(&exs, "session.refresh_loop"), None);
}

#[test]
fn used_before_issued_needs_a_jwt_iat_after_the_use() {
    let at = access_jwt(1, "https://api.example.com", T0_S + 30, T0_S + 3600);
    let exs = vec![api(&at, 200, T0), token_response(&at, "3570", T0 + 31_000)];
    assert_eq!(has(&exs, "token.used_before_issued"), Some(vec![0, 1]));
    // Near miss: an opaque token re-issued by a caching token endpoint.
    let cached = vec![
        api(&opaque(1), 200, T0),
        token_response(&opaque(1), "3600", T0 + 31_000),
    ];
    assert_eq!(has(&cached, "token.used_before_issued"), None);
    // Near miss: a JWT issued before its first use in the capture, issued again.
    let early = access_jwt(2, "https://api.example.com", T0_S - 600, T0_S + 3000);
    let reissued = vec![
        api(&early, 200, T0),
        token_response(&early, "3000", T0 + 1_000),
    ];
    assert_eq!(has(&reissued, "token.used_before_issued"), None);
}

#[test]
fn exp_in_milliseconds() {
    let ms = access_jwt(1, "https://api.example.com", T0_S, (T0_S + 3600) * 1000);
    assert!(has(
        &[token_response(&ms, "3600", T0)],
        "jwt.exp_in_milliseconds"
    )
    .is_some());
    let expires_ms = access_jwt(2, "https://api.example.com", T0_S, T0_S + 3600);
    assert!(has(
        &[token_response(&expires_ms, "3600000", T0)],
        "jwt.exp_in_milliseconds"
    )
    .is_some());
    assert!(has(
        &[token_response(&opaque(3), "3600000", T0)],
        "jwt.exp_in_milliseconds"
    )
    .is_some());
    // Near misses: a long but plausible lifetime in seconds, and a correct JWT.
    assert_eq!(
        has(
            &[token_response(&opaque(4), "7776000", T0)],
            "jwt.exp_in_milliseconds"
        ),
        None
    );
    assert_eq!(
        has(
            &[token_response(&opaque(5), "31536000", T0)],
            "jwt.exp_in_milliseconds"
        ),
        None
    );
    assert_eq!(
        has(
            &[token_response(&expires_ms, "3600", T0)],
            "jwt.exp_in_milliseconds"
        ),
        None
    );
}

#[test]
fn exp_disagrees_with_expires_in() {
    let short = access_jwt(1, "https://api.example.com", T0_S, T0_S + 300);
    let exs = [token_response(&short, "3600", T0)];
    assert_eq!(has(&exs, "jwt.exp_disagrees_expires_in"), Some(vec![0]));
    assert!(detail(&exs, "jwt.exp_disagrees_expires_in").contains("300 s"));
    // Near miss: a few seconds of difference (issuance latency) is fine.
    let close = access_jwt(2, "https://api.example.com", T0_S, T0_S + 3600);
    assert_eq!(
        has(
            &[token_response(&close, "3595", T0)],
            "jwt.exp_disagrees_expires_in"
        ),
        None
    );
}

#[test]
fn expires_in_given_as_a_string_is_read_as_its_number() {
    // Some servers send `"expires_in": "3600"`; it is read as the number it spells.
    let short = access_jwt(3, "https://api.example.com", T0_S, T0_S + 300);
    for quoted in ["\"3600\"", "\" 3600 \"", "\"3.6e3\"", "\"+3600\""] {
        let exs = [token_response(&short, quoted, T0)];
        assert_eq!(
            has(&exs, "jwt.exp_disagrees_expires_in"),
            Some(vec![0]),
            "{quoted}"
        );
    }
    // Near miss: a string that spells no number is no `expires_in`.
    let exs = [token_response(&short, "\"soon\"", T0)];
    assert_eq!(has(&exs, "jwt.exp_disagrees_expires_in"), None);
}

#[test]
fn tokens_issued_outside_a_token_call_are_tracked_even_with_an_escaped_key() {
    // A session endpoint (no `grant_type`) that hands out tokens; the second replaces the first,
    // which is then sent again. The body is only parsed when it can name a token, and a key
    // spelled with a `\u` escape still counts.
    let session = |key: &str, at: &str, at_ms: i64| {
        Exchange::new("GET", "https://app.example.com/api/session")
            .with_status(200)
            .with_response_header("Content-Type", "application/json")
            .with_body(&format!(r#"{{"{key}":"{at}","expires_in":3600}}"#))
            .with_started_at_ms(at_ms)
    };
    let (first, second) = (opaque(41), opaque(42));
    // Any letter of the key may be the escaped one, in either case of hex digits; an escaped
    // letter elsewhere (`caf\u00e9`) does not hide a literal key.
    for key in [
        "access_token",
        "access\\u005ftoken",
        "access_tok\\u0065n",
        "access_to\\u006Ben",
        "\\u0061ccess_token",
        "caf\\u00e9\":1,\"access_token",
    ] {
        let exs = [
            session(key, &first, T0),
            api(&first, 200, T0 + 1_000),
            session(key, &second, T0 + 2_000),
            api(&first, 401, T0 + 3_000),
        ];
        assert_eq!(
            has(&exs, "token.stale_after_refresh"),
            Some(vec![2, 3]),
            "{key}"
        );
    }
    // Controls: data bodies that name no token, also with escaped letters of other words.
    for body in [
        r#"{"data":[{"id":"7c8c23f70fe1","note":"token"}]}"#,
        r#"{"data":[{"name":"Caf\u00e9 \u00e0 la cr\u00e8me","note":"\u00e9t\u00e9"}]}"#,
    ] {
        let data = Exchange::new("GET", API)
            .with_status(200)
            .with_body(body)
            .with_started_at_ms(T0);
        assert_no_token_findings(&[data, api(&first, 200, T0 + 1_000)]);
    }
}

fn token_error(status: u16, body: &str, request_body: &str) -> Exchange {
    Exchange::new("POST", TOKEN_URL)
        .with_request_header("Content-Type", "application/x-www-form-urlencoded")
        .with_request_body(request_body)
        .with_status(status)
        .with_response_header("Content-Type", "application/json")
        .with_body(body)
        .with_started_at_ms(T0)
}

#[test]
fn oauth_errors_from_the_token_endpoint() {
    let cases = [
        ("invalid_grant", "oauth.invalid_grant", 400),
        ("invalid_client", "oauth.invalid_client", 401),
        ("unauthorized_client", "oauth.unauthorized_client", 400),
        ("invalid_scope", "oauth.invalid_scope", 400),
        (
            "unsupported_grant_type",
            "oauth.unsupported_grant_type",
            400,
        ),
        ("redirect_uri_mismatch", "oauth.redirect_uri_mismatch", 400),
        ("interaction_required", "oidc.interaction_required", 400),
    ];
    for (code, id, status) in cases {
        let ex = token_error(
            status,
            &format!(r#"{{"error":"{code}"}}"#),
            "grant_type=refresh_token&refresh_token=rt-demo-7fK2pQ9sLx",
        );
        assert_eq!(has(&[ex], id), Some(vec![0]), "{code}");
    }
    // Near miss: an unknown error code, and the same body on a request that is no token request.
    let unknown = token_error(
        400,
        r#"{"error":"temporarily_unavailable"}"#,
        "grant_type=refresh_token",
    );
    assert_no_token_findings(&[unknown]);
    let not_token = Exchange::new("POST", "https://api.example.com/v1/things")
        .with_request_body(r#"{"name":"x"}"#)
        .with_status(400)
        .with_body(r#"{"error":"invalid_grant"}"#);
    assert_no_token_findings(&[not_token]);
}

#[test]
fn invalid_grant_explains_refresh_token_rotation() {
    let ex = token_error(
        400,
        r#"{"error":"invalid_grant","error_description":"Refresh token already used"}"#,
        "grant_type=refresh_token&refresh_token=rt-demo-7fK2pQ9sLx",
    );
    let d = detail(&[ex], "oauth.invalid_grant");
    assert!(d.contains("rotation"), "{d}");
    assert!(d.contains("Refresh token already used"), "{d}");
    assert!(!d.contains("rt-demo-7fK2pQ9sLx"));
}

#[test]
fn invalid_client_says_how_the_client_authenticated() {
    let ex = token_error(
        401,
        r#"{"error":"invalid_client"}"#,
        "grant_type=client_credentials&client_secret=cs-demo-secret-123",
    )
    .with_request_header("Authorization", "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ=")
    .with_response_header("WWW-Authenticate", r#"Basic realm="oauth""#);
    let d = detail(&[ex], "oauth.invalid_client");
    assert!(d.contains("both in `Authorization: Basic`"), "{d}");
    assert!(d.contains("401 with a challenge"), "{d}");
    assert!(!d.contains("cs-demo-secret-123"));
}

const CLIENT_CB: &str = "https://app.example.com/callback";

fn authorize(extra: &str) -> Exchange {
    Exchange::new(
        "GET",
        format!("https://auth.example.com/authorize?response_type=code&client_id=spa-demo&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&state=st-demo-4f9a2c{extra}"),
    )
    .with_status(302)
    .with_response_header("Location", "https://auth.example.com/login")
    .with_started_at_ms(T0)
}

fn callback(query: &str) -> Exchange {
    Exchange::new("GET", format!("{CLIENT_CB}?{query}"))
        .with_status(200)
        .with_started_at_ms(T0 + 5_000)
}

fn code_exchange(extra: &str, status: u16, body: &str) -> Exchange {
    Exchange::new("POST", TOKEN_URL)
        .with_request_header("Content-Type", "application/x-www-form-urlencoded")
        .with_request_body(&format!(
            "grant_type=authorization_code&code=code-demo-1&client_id=spa-demo&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback{extra}"
        ))
        .with_status(status)
        .with_body(body)
        .with_started_at_ms(T0 + 6_000)
}

fn s256(v: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes()))
}

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const OK_TOKENS: &str =
    r#"{"access_token":"at-demo-0001-Zq8RfT3kLm9Xw2Yp","token_type":"Bearer","expires_in":3600}"#;

fn healthy_pkce_login() -> Vec<Exchange> {
    vec![
        authorize(&format!(
            "&code_challenge={}&code_challenge_method=S256",
            s256(VERIFIER)
        )),
        callback("code=code-demo-1&state=st-demo-4f9a2c"),
        code_exchange(&format!("&code_verifier={VERIFIER}"), 200, OK_TOKENS),
        api("at-demo-0001-Zq8RfT3kLm9Xw2Yp", 200, T0 + 7_000),
    ]
}

#[test]
fn pkce_login_is_a_control() {
    // RFC 7636 Appendix B's verifier and challenge.
    assert_eq!(
        s256(VERIFIER),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    assert_no_token_findings(&healthy_pkce_login());
}

#[test]
fn pkce_missing_mismatch_and_plain() {
    let mut missing = healthy_pkce_login();
    missing[2] = code_exchange("", 400, r#"{"error":"invalid_grant"}"#);
    assert_eq!(has(&missing, "oauth.pkce_missing"), Some(vec![0, 2]));

    let mut mismatch = healthy_pkce_login();
    mismatch[2] = code_exchange(
        "&code_verifier=another-verifier-from-a-second-tab-000000000",
        400,
        r#"{"error":"invalid_grant"}"#,
    );
    assert_eq!(has(&mismatch, "oauth.pkce_mismatch"), Some(vec![0, 2]));
    assert_eq!(has(&mismatch, "oauth.pkce_missing"), None);

    let plain = vec![authorize(&format!(
        "&code_challenge={VERIFIER}&code_challenge_method=plain"
    ))];
    assert_eq!(has(&plain, "oauth.pkce_plain"), Some(vec![0]));
    let absent = vec![authorize(&format!("&code_challenge={VERIFIER}"))];
    assert_eq!(has(&absent, "oauth.pkce_plain"), Some(vec![0]));
    // Near miss: plain with the matching verifier is still plain, but not a mismatch.
    let plain_flow = vec![
        authorize(&format!(
            "&code_challenge={VERIFIER}&code_challenge_method=plain"
        )),
        code_exchange(&format!("&code_verifier={VERIFIER}"), 200, OK_TOKENS),
    ];
    assert_eq!(has(&plain_flow, "oauth.pkce_mismatch"), None);
    // Near miss: no PKCE at all (a confidential client) is not "missing".
    let no_pkce = vec![authorize(""), code_exchange("", 200, OK_TOKENS)];
    assert_eq!(has(&no_pkce, "oauth.pkce_missing"), None);
}

#[test]
fn redirect_uri_differs_between_authorize_and_token_request() {
    let mut exs = healthy_pkce_login();
    exs[2] = Exchange::new("POST", TOKEN_URL)
        .with_request_body(&format!("grant_type=authorization_code&code=code-demo-1&client_id=spa-demo&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback%2F&code_verifier={VERIFIER}"))
        .with_status(400)
        .with_body(r#"{"error":"invalid_grant","error_description":"redirect_uri does not match"}"#)
        .with_started_at_ms(T0 + 6_000);
    let entries = has(&exs, "oauth.redirect_uri_mismatch").expect("found");
    assert!(entries == vec![0, 2] || entries == vec![2], "{entries:?}");
    let d = detail(&exs, "oauth.redirect_uri_mismatch");
    assert!(d.contains("https://app.example.com/callback/"), "{d}");
}

#[test]
fn state_mismatch() {
    let mut lost = healthy_pkce_login();
    lost[1] = callback("code=code-demo-1");
    assert_eq!(has(&lost, "oauth.state_mismatch"), Some(vec![0, 1]));
    let mut changed = healthy_pkce_login();
    changed[1] = callback("code=code-demo-1&state=st-demo-other");
    assert_eq!(has(&changed, "oauth.state_mismatch"), Some(vec![0, 1]));
    assert!(!detail(&changed, "oauth.state_mismatch").contains("st-demo-other"));
    // Near miss: a request to the callback path without code or error (the app reloading it).
    let mut reload = healthy_pkce_login();
    reload.insert(1, Exchange::new("GET", CLIENT_CB).with_status(200));
    assert_eq!(has(&reload, "oauth.state_mismatch"), None);
}

#[test]
fn oidc_interaction_required_in_the_callback() {
    let exs = vec![
        authorize("&prompt=none"),
        callback("error=login_required&state=st-demo-4f9a2c"),
    ];
    assert_eq!(has(&exs, "oidc.interaction_required"), Some(vec![1]));
    assert_eq!(has(&exs, "oauth.state_mismatch"), None);
}

const MCP: &str = "https://mcp.example.com/mcp";
const PRM: &str = "https://mcp.example.com/.well-known/oauth-protected-resource";

fn mcp_401() -> Exchange {
    Exchange::new("POST", MCP)
        .with_status(401)
        .with_response_header(
            "WWW-Authenticate",
            &format!(r#"Bearer resource_metadata="{PRM}""#),
        )
        .with_started_at_ms(T0)
}

fn prm(status: u16, body: &str) -> Exchange {
    Exchange::new("GET", PRM)
        .with_status(status)
        .with_body(body)
        .with_started_at_ms(T0 + 100)
}

#[test]
fn discovery_chain() {
    let healthy = vec![
        mcp_401(),
        prm(200, r#"{"resource":"https://mcp.example.com/mcp","authorization_servers":["https://auth.example.com"]}"#),
        Exchange::new("GET", "https://auth.example.com/.well-known/oauth-authorization-server")
            .with_status(200)
            .with_body(r#"{"issuer":"https://auth.example.com","token_endpoint":"https://auth.example.com/oauth/token"}"#),
        Exchange::new("POST", TOKEN_URL)
            .with_request_body("grant_type=client_credentials&resource=https%3A%2F%2Fmcp.example.com%2Fmcp")
            .with_status(200)
            .with_body(&format!(
                r#"{{"access_token":"{}","token_type":"Bearer","expires_in":3600}}"#,
                access_jwt(1, "https://mcp.example.com/mcp", T0_S, T0_S + 3600)
            )),
    ];
    let found: Vec<String> = ids(&healthy).into_iter().map(|(i, _)| i).collect();
    assert!(found.contains(&"discovery.resource_metadata".to_owned()));
    assert!(
        !found
            .iter()
            .any(|i| i == "discovery.broken" || i == "discovery.resource_missing"),
        "{found:?}"
    );

    let mut missing = healthy.clone();
    missing[3].request_body_excerpt = Some("grant_type=client_credentials".into());
    assert_eq!(
        has(&missing, "discovery.resource_missing"),
        Some(vec![1, 3])
    );

    let mut not_found = healthy.clone();
    not_found[2].status = 404;
    assert_eq!(has(&not_found, "discovery.broken"), Some(vec![2]));

    let mut advertised_404 = healthy.clone();
    advertised_404[1].status = 404;
    assert_eq!(has(&advertised_404, "discovery.broken"), Some(vec![0, 1]));

    let mut wrong_aud = healthy.clone();
    wrong_aud[3] = wrong_aud[3].clone().with_body(&format!(
        r#"{{"access_token":"{}","token_type":"Bearer","expires_in":3600}}"#,
        access_jwt(2, "https://api.example.com", T0_S, T0_S + 3600)
    ));
    assert!(detail(&wrong_aud, "discovery.broken").contains("audience"));

    let no_servers = vec![
        mcp_401(),
        prm(200, r#"{"resource":"https://mcp.example.com/mcp"}"#),
    ];
    assert!(detail(&no_servers, "discovery.broken").contains("authorization_servers"));

    // Near miss: a plain Bearer 401 without resource_metadata, and a token request with no
    // discovery before it.
    let plain = vec![
        Exchange::new("GET", API)
            .with_status(401)
            .with_response_header("WWW-Authenticate", r#"Bearer realm="api""#),
        token_response(&opaque(1), "3600", T0),
    ];
    assert_no_token_findings(&plain);
}

fn dpop_proof(htm: &str, htu: &str, iat: i64, ath: Option<&str>) -> String {
    let ath = ath.map(|a| format!(r#","ath":"{a}""#)).unwrap_or_default();
    jwt(
        r#"{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","crv":"P-256","x":"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs","y":"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA"}}"#,
        &format!(r#"{{"jti":"e1j3V_bKic8-LAEB","htm":"{htm}","htu":"{htu}","iat":{iat}{ath}}}"#),
    )
}

const DPOP_TOKEN: &str = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";

fn dpop_call(proof: &str, status: u16) -> Exchange {
    Exchange::new("GET", "https://resource.example.org/protectedresource?x=1")
        .with_request_header("Authorization", &format!("DPoP {DPOP_TOKEN}"))
        .with_request_header("DPoP", proof)
        .with_status(status)
        .with_started_at_ms(T0)
}

#[test]
fn dpop_proof_checks() {
    let ath = s256(DPOP_TOKEN);
    // RFC 9449 §7.1's example `ath` for this access token.
    assert_eq!(ath, "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
    let good = dpop_proof(
        "GET",
        "https://resource.example.org/protectedresource",
        T0_S,
        Some(&ath),
    );
    assert_no_token_findings(&[dpop_call(&good, 200)]);

    let wrong_method = dpop_proof(
        "POST",
        "https://resource.example.org/protectedresource",
        T0_S,
        Some(&ath),
    );
    assert!(detail(&[dpop_call(&wrong_method, 401)], "dpop.proof_mismatch").contains("`htm`"));
    let wrong_url = dpop_proof("GET", "https://server.example.com/token", T0_S, Some(&ath));
    assert!(detail(&[dpop_call(&wrong_url, 401)], "dpop.proof_mismatch").contains("`htu`"));
    let no_ath = dpop_proof(
        "GET",
        "https://resource.example.org/protectedresource",
        T0_S,
        None,
    );
    assert!(detail(&[dpop_call(&no_ath, 401)], "dpop.proof_mismatch").contains("`ath`"));
    let old = dpop_proof(
        "GET",
        "https://resource.example.org/protectedresource",
        T0_S - 3600,
        Some(&ath),
    );
    assert!(detail(&[dpop_call(&old, 401)], "dpop.proof_mismatch").contains("`iat`"));
    // Near miss: htu differs only in case of the host and a default port.
    let case = dpop_proof(
        "GET",
        "https://Resource.Example.org:443/protectedresource",
        T0_S,
        Some(&ath),
    );
    assert_eq!(has(&[dpop_call(&case, 200)], "dpop.proof_mismatch"), None);
}

#[test]
fn dpop_challenges() {
    let nonce = dpop_call(
        &dpop_proof("GET", "https://resource.example.org/protectedresource", T0_S, Some(&s256(DPOP_TOKEN))),
        401,
    )
    .with_response_header("WWW-Authenticate", r#"DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof""#)
    .with_response_header("DPoP-Nonce", "eyJ7S_zG.eyJH0-Z.HX4w-7v");
    assert_eq!(has(&[nonce], "dpop.nonce_required"), Some(vec![0]));
    let invalid = Exchange::new("GET", "https://resource.example.org/r")
        .with_status(401)
        .with_response_header(
            "WWW-Authenticate",
            r#"DPoP algs="ES256", error="invalid_dpop_proof""#,
        );
    assert_eq!(has(&[invalid], "dpop.invalid_proof"), Some(vec![0]));
    // Near miss: a DPoP challenge without an error (no proof sent yet).
    let first = Exchange::new("GET", "https://resource.example.org/r")
        .with_status(401)
        .with_response_header("WWW-Authenticate", r#"DPoP algs="ES256 PS256""#);
    assert_no_token_findings(&[first]);
}

#[test]
fn timeline_has_a_lane_per_credential_with_its_marks() {
    let mut session = SessionAnalyzer::new(AnalysisOptions::default());
    let mut exs = healthy_refresh();
    exs.push(api(&opaque(1), 401, T0 + 3_502_000));
    for ex in &exs {
        session.push(ex);
    }
    let timeline = session.timeline();
    // The refresh token sent in the token requests' bodies, and the two access tokens.
    assert_eq!(timeline.lanes.len(), 3, "{timeline:?}");
    assert_eq!(timeline.lanes[0].kind, TokenKind::Presented);
    let first = &timeline.lanes[1];
    assert_eq!(first.kind, TokenKind::AccessToken);
    let kinds: Vec<(usize, MarkKind)> = first.marks.iter().map(|m| (m.entry, m.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            (0, MarkKind::Issued),
            (1, MarkKind::Used),
            (2, MarkKind::Refreshed),
            (4, MarkKind::Rejected)
        ]
    );
    assert!(!first.label.contains(&opaque(1)));
    let text = timeline.to_text();
    assert!(text.contains("I#0 ·#1 R#2 ✗#4"), "{text}");
    assert!(!text.contains(&opaque(1)));
}

#[test]
fn timeline_memory_is_bounded() {
    let mut session = SessionAnalyzer::new(AnalysisOptions::default());
    for n in 0..500 {
        session.push(&api(&opaque(n), 200, T0 + i64::from(n)));
    }
    let timeline = session.timeline();
    assert_eq!(timeline.lanes.len(), 64);
    assert_eq!(timeline.dropped_lanes, 436);
}

/// Reads every labelled HAR of `dir` (its expected.json names each scenario's must and must-not
/// ids); returns, per scenario, the report's JSON and timeline text for the leak checks.
fn check_labelled_hars(dir: &str, at_least: usize) -> Vec<(String, String)> {
    let dir = format!("{}/tests/fixtures/har/{dir}", env!("CARGO_MANIFEST_DIR"));
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/expected.json")).unwrap())
            .unwrap();
    let scenarios = expected["scenarios"].as_object().unwrap();
    assert!(scenarios.len() >= at_least);
    let mut outputs = Vec::new();
    for (name, labels) in scenarios {
        let bytes = std::fs::read(format!("{dir}/{name}.har")).unwrap();
        let log = authlens::har::read_har(&bytes).unwrap();
        let mut session = SessionAnalyzer::new(AnalysisOptions::default());
        for ex in &log.exchanges {
            session.push(ex);
        }
        let report = session.report();
        let found: Vec<&str> = report
            .findings
            .iter()
            .map(|f| f.finding.id.as_str())
            .collect();
        for id in labels["expect"].as_array().unwrap() {
            assert!(
                found.contains(&id.as_str().unwrap()),
                "{name}: missing {id} in {found:?}"
            );
        }
        for id in labels["must_not"].as_array().unwrap() {
            assert!(
                !found.contains(&id.as_str().unwrap()),
                "{name}: must not report {id}"
            );
        }
        outputs.push((
            name.clone(),
            serde_json::to_string(&report).unwrap() + &session.timeline().to_text(),
        ));
    }
    outputs
}

/// The flows in tests/fixtures/har/tokens (written by tools/gen-token-fixtures/gen.py after the
/// RFC examples): each produces what expected.json says and nothing on its must-not list, and no
/// output (report, timeline) contains the middle of a token, verifier or refresh token.
#[test]
fn har_token_flows_match_their_labels() {
    let secrets = [
        "at-demo-0001-Zq8RfT3kLm9Xw2Yp",
        "rt-demo-7fK2pQ9sLx4vB8nM",
        "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
        "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU",
        "ZGVtby1jbGllbnQ6d3Jvbmctc2VjcmV0",
        "st-demo-other-9",
    ];
    for (name, text) in check_labelled_hars("tokens", 26) {
        for s in secrets {
            let middle = &s[4..s.len() - 4];
            assert!(
                !text.contains(middle),
                "{name}: output shows a secret's middle"
            );
        }
    }
}

/// Real flows from oidc-provider captured by Chromium (tests/e2e/oauth/record.mjs): the labels
/// hold, and no output holds the middle of any token, code, verifier or secret the HAR carries.
#[test]
fn real_oidc_provider_flows_match_their_labels() {
    let dir = format!(
        "{}/tests/fixtures/har/oauth-real",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut checked = 0;
    for (name, text) in check_labelled_hars("oauth-real", 14) {
        let har: serde_json::Value =
            serde_json::from_slice(&std::fs::read(format!("{dir}/{name}.har")).unwrap()).unwrap();
        let mut secrets: Vec<String> = Vec::new();
        for e in har["log"]["entries"].as_array().unwrap() {
            if let Some(body) = e["request"]["postData"]["text"].as_str() {
                for pair in body.split('&') {
                    if let Some((k, v)) = pair.split_once('=') {
                        if ["code", "code_verifier", "refresh_token", "password"].contains(&k) {
                            secrets.push(v.to_owned());
                        }
                    }
                }
            }
            if let Some(body) = e["response"]["content"]["text"].as_str() {
                if let Ok(v) = serde_json::from_str::<serde_json::Value>(body) {
                    for field in ["access_token", "refresh_token", "id_token"] {
                        if let Some(t) = v[field].as_str() {
                            // A JWT's signature is its secret part; opaque tokens are secret whole.
                            secrets.push(t.rsplit('.').next().unwrap_or(t).to_owned());
                        }
                    }
                }
            }
        }
        for s in secrets.iter().filter(|s| s.len() >= 16) {
            let middle = &s[4..s.len() - 4];
            assert!(
                !text.contains(middle),
                "{name}: output shows a secret's middle"
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} secrets checked");
}

#[test]
fn timeline_layout_places_marks_by_time_and_flags_the_stale_lane() {
    let mut session = SessionAnalyzer::new(AnalysisOptions::default());
    let mut exs = healthy_refresh();
    exs.push(api(&opaque(1), 401, T0 + 3_502_000));
    for ex in &exs {
        session.push(ex);
    }
    let layout = session.timeline().layout();
    assert!(layout.by_time);
    assert_eq!(layout.span_ms, 3_502_000);
    let stale: Vec<bool> = layout.lanes.iter().map(|l| l.stale).collect();
    assert_eq!(stale, vec![false, true, false]);
    let first = &layout.lanes[1];
    assert_eq!(first.marks.first().map(|m| m.x), Some(0.0));
    assert_eq!(first.marks.last().map(|m| m.x), Some(1.0));
    assert_eq!(
        first.marks.last().map(|m| m.title.as_str()),
        Some("#4 sent and rejected (401)")
    );
    assert!(first.label.contains("access token"));
    assert!(!serde_json::to_string(&layout).unwrap().contains(&opaque(1)));
    // Without start times, marks follow the entries' order.
    let mut untimed = SessionAnalyzer::new(AnalysisOptions::default());
    for mut ex in exs {
        ex.started_at_ms = None;
        untimed.push(&ex);
    }
    let layout = untimed.timeline().layout();
    assert!(!layout.by_time);
    assert_eq!(layout.lanes[1].marks[1].x, 0.25);
}
