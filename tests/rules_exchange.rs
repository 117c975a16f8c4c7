//! Per-exchange rules: for every id, an exchange that triggers it and a near miss that must not.

use crate::util::{exchange_ids as ids_opts, ids};
use authlens::model::Exchange;
use authlens::rules::{analyze_credential, analyze_exchange, AnalysisOptions};

const API: &str = "https://api.example.com/v1/me";

/// A JWT-shaped opaque test token (not a real credential).
fn token() -> String {
    let body: String = (0..40)
        .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
        .collect();
    format!("tok_{body}")
}

fn get(status: u16) -> Exchange {
    Exchange::new("GET", API).with_status(status)
}

#[track_caller]
fn flags(id: &str, hit: &Exchange, miss: &Exchange) {
    let h = ids(hit);
    assert!(
        h.contains(&id),
        "{id} not raised by the positive case; got {h:?}"
    );
    let m = ids(miss);
    assert!(!m.contains(&id), "{id} raised by the near miss; got {m:?}");
}

#[track_caller]
fn flags_credential(id: &str, hit: &str, miss: &str) {
    let opts = AnalysisOptions::default();
    let h: Vec<_> = analyze_credential(hit, &opts)
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(
        h.contains(&id),
        "{id} not raised for the pasted positive; got {h:?}"
    );
    let m: Vec<_> = analyze_credential(miss, &opts)
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(
        !m.contains(&id),
        "{id} raised for the pasted near miss; got {m:?}"
    );
}

fn bearer(t: &str) -> String {
    format!("Bearer {t}")
}

#[test]
fn credential_missing() {
    let t = token();
    flags(
        "credential.missing",
        &get(401),
        &get(401).with_request_header("Authorization", &bearer(&t)),
    );
    flags(
        "credential.missing",
        &get(407),
        &get(407).with_request_header("Proxy-Authorization", "Basic dXNlcjpwYXNz"),
    );
    // A cookie or a provider key header is a credential too.
    assert!(
        !ids(&get(401).with_request_header("Cookie", "sid=abc")).contains(&"credential.missing")
    );
    assert!(!ids(&get(401).with_request_header("x-api-key", &t)).contains(&"credential.missing"));
    // Not an auth failure: nothing missing.
    assert!(!ids(&get(200)).contains(&"credential.missing"));
}

#[test]
fn credential_in_url() {
    let t = token();
    flags(
        "credential.in_url",
        &Exchange::new("GET", format!("{API}?api_key={t}")).with_status(401),
        &Exchange::new("GET", format!("{API}?page=2&sort=name")).with_status(401),
    );
    flags(
        "credential.in_url",
        &Exchange::new("GET", format!("{API}?key={t}")).with_status(200),
        &Exchange::new("GET", format!("{API}?key=name")).with_status(200),
    );
    flags(
        "credential.in_url",
        &Exchange::new("GET", "https://alice:hunter2@api.example.com/v1").with_status(401),
        &Exchange::new("GET", "https://api.example.com/v1/@alice").with_status(401),
    );
    // OAuth callbacks and pre-signed URLs carry one-time codes and signatures by design.
    let by_design = Exchange::new(
        "GET",
        format!("https://app.example.com/callback?code={t}&state=xyz&sig={t}"),
    )
    .with_status(200);
    assert!(!ids(&by_design).contains(&"credential.in_url"));
    // A key in the URL is not "missing".
    assert!(
        !ids(&Exchange::new("GET", format!("{API}?access_token={t}")).with_status(401))
            .contains(&"credential.missing")
    );
}

#[test]
fn credential_header_typo() {
    let t = token();
    for name in [
        "Authorisation",
        "Authentication",
        "Autorization",
        "X_Api_Key",
        "x-apikey",
    ] {
        flags(
            "credential.header_typo",
            &get(401).with_request_header(name, &bearer(&t)),
            &get(401).with_request_header("authorization", &bearer(&t)),
        );
    }
    // Case alone is not a typo (HTTP/2 lowercases names), nor are unrelated headers.
    for name in [
        "AUTHORIZATION",
        "X-API-KEY",
        "x-request-id",
        "Accept-Encoding",
    ] {
        assert!(
            !ids(&get(401).with_request_header(name, &t)).contains(&"credential.header_typo"),
            "{name}"
        );
    }
    // With the right header also present the misspelt one is harmless.
    let both = get(401)
        .with_request_header("Authorization", &bearer(&t))
        .with_request_header("Authorisation", &bearer(&t));
    assert!(!ids(&both).contains(&"credential.header_typo"));
}

#[test]
fn credential_conflicting() {
    let t = token();
    flags(
        "credential.conflicting",
        &get(401)
            .with_request_header("Authorization", &bearer(&t))
            .with_request_header("Authorization", "Bearer other-token-value"),
        &get(401).with_request_header("Authorization", &bearer(&t)),
    );
    flags(
        "credential.conflicting",
        &get(401).with_request_header("Authorization", &format!("Bearer {t}, Bearer {t}x")),
        &get(401).with_request_header(
            "Authorization",
            r#"Digest username="a", realm="b", nonce="c", uri="/", response="d""#,
        ),
    );
    flags(
        "credential.conflicting",
        &get(401)
            .with_request_header("Authorization", "Bearer sk-ant-api03-aaaaaaaaaaaaaaaaaaaa")
            .with_request_header("x-api-key", "sk-ant-api03-bbbbbbbbbbbbbbbbbbbb"),
        &get(401)
            .with_request_header("Authorization", "Bearer sk-ant-api03-aaaaaaaaaaaaaaaaaaaa")
            .with_request_header("x-api-key", "sk-ant-api03-aaaaaaaaaaaaaaaaaaaa"),
    );
}

#[test]
fn scheme_rules() {
    let t = token();
    let with = |v: &str| get(401).with_request_header("Authorization", v);
    flags("scheme.missing", &with(&t), &with(&bearer(&t)));
    flags(
        "scheme.doubled",
        &with(&format!("Bearer Bearer {t}")),
        &with(&bearer(&t)),
    );
    flags(
        "scheme.case",
        &with(&format!("bearer {t}")),
        &with(&bearer(&t)),
    );
    for bad in [
        format!("Bearer:{t}"),
        format!("Bearer\t{t}"),
        format!("Bearer  {t}"),
        format!("Bearer{t}"),
    ] {
        flags("scheme.separator", &with(&bad), &with(&bearer(&t)));
    }
    flags(
        "scheme.empty_credentials",
        &with("Bearer "),
        &with(&bearer(&t)),
    );
    flags(
        "scheme.empty_credentials",
        &with("Bearer"),
        &with(&bearer(&t)),
    );
    flags(
        "scheme.mismatch",
        &with(&format!("Token {t}"))
            .with_response_header("WWW-Authenticate", r#"Bearer realm="api""#),
        &with(&format!("bearer {t}"))
            .with_response_header("WWW-Authenticate", r#"Bearer realm="api""#),
    );
}

#[test]
fn token_rules() {
    let t = token();
    let with = |v: &str| get(401).with_request_header("Authorization", v);
    for p in [
        "undefined",
        "null",
        "[object Object]",
        "${TOKEN}",
        "{{token}}",
        "<YOUR_API_KEY>",
    ] {
        flags("token.placeholder", &with(&bearer(p)), &with(&bearer(&t)));
    }
    flags(
        "token.surrounding_whitespace",
        &with(&format!(" Bearer {t} ")),
        &with(&bearer(&t)),
    );
    flags(
        "token.line_break",
        &with(&format!("Bearer {}\n{}", &t[..10], &t[10..])),
        &with(&bearer(&t)),
    );
    flags(
        "token.invisible_char",
        &with(&format!("Bearer {}\u{200B}{}", &t[..10], &t[10..])),
        &with(&bearer(&t)),
    );
    flags(
        "token.unicode_space",
        &with(&format!("Bearer\u{A0}{t}")),
        &with(&bearer(&t)),
    );
    flags(
        "token.confusable",
        &with(&format!("Bearer {}\u{0430}", &t)),
        &with(&format!("{}a", bearer(&t))),
    );
    flags(
        "token.non_latin1",
        &with(&format!("Bearer \u{201C}{t}\u{201D}")),
        &with(&bearer(&t)),
    );
    flags(
        "token.quoted",
        &with(&format!("Bearer \"{t}\"")),
        &with(&bearer(&t)),
    );
    flags(
        "token.bad_charset",
        &with(&format!("Bearer {t};x")),
        &with(&format!("Bearer {t}==")),
    );
    flags(
        "token.url_encoded",
        &with(&format!("Bearer {t}%3D%3D")),
        &with(&format!("Bearer {t}==")),
    );
}

#[test]
fn token_rules_on_pasted_values() {
    let t = token();
    flags_credential("token.non_latin1", &format!("{t}\u{20AC}"), &t);
    flags_credential("token.placeholder", &format!("{}\u{2026}", &t[..8]), &t);
    flags_credential("token.surrounding_whitespace", &format!("{t}\n"), &t);
    flags_credential("token.placeholder", "process.env.OPENAI_API_KEY", &t);
    flags_credential("scheme.doubled", &format!("Bearer Bearer {t}"), &bearer(&t));
}

#[test]
fn basic_rules() {
    use base64::Engine;
    let b64 = |s: &[u8]| base64::engine::general_purpose::STANDARD.encode(s);
    let with = |v: &str| get(401).with_request_header("Authorization", &format!("Basic {v}"));
    let good = b64(b"alice:correct-horse");
    flags("basic.not_base64", &with("alice:secret"), &with(&good));
    flags("basic.no_colon", &with(&b64(b"alice")), &with(&good));
    flags("basic.empty_part", &with(&b64(b"alice:")), &with(&good));
    flags(
        "basic.not_utf8",
        &with(&b64(b"j\xfcrgen:p\xe4ss")),
        &with(&b64("jürgen:päss".as_bytes())),
    );
    flags(
        "basic.whitespace",
        &with(&b64(b"alice:secret\n")),
        &with(&good),
    );
    // A key as the user with an empty password is how Stripe-style APIs work.
    assert!(!ids(&with(&b64(b"sk_test_0123456789abcdefghij:"))).contains(&"basic.empty_part"));
}

#[test]
fn challenge_rules() {
    let t = token();
    let sent = || get(401).with_request_header("Authorization", &bearer(&t));
    flags(
        "challenge.missing",
        &sent(),
        &sent().with_response_header("WWW-Authenticate", r#"Bearer realm="api""#),
    );
    flags(
        "challenge.invalid_token",
        &sent().with_response_header(
            "WWW-Authenticate",
            r#"Bearer realm="api", error="invalid_token", error_description="expired""#,
        ),
        &sent().with_response_header("WWW-Authenticate", r#"Bearer realm="api""#),
    );
    flags(
        "challenge.insufficient_scope",
        &get(403)
            .with_request_header("Authorization", &bearer(&t))
            .with_response_header(
                "WWW-Authenticate",
                r#"Bearer error="insufficient_scope", scope="repo:write""#,
            ),
        &get(403)
            .with_request_header("Authorization", &bearer(&t))
            .with_response_header("WWW-Authenticate", r#"Bearer realm="api""#),
    );
    flags(
        "challenge.invalid_request",
        &get(400)
            .with_request_header("Authorization", &bearer(&t))
            .with_response_header("WWW-Authenticate", r#"Bearer error="invalid_request""#),
        &get(400).with_request_header("Authorization", &bearer(&t)),
    );
    flags(
        "challenge.malformed",
        &sent().with_response_header("WWW-Authenticate", r#"Bearer error="invalid_token"#),
        &sent().with_response_header("WWW-Authenticate", r#"Bearer error="invalid_token""#),
    );
}

#[test]
fn status_rules() {
    let t = token();
    flags(
        "status.forbidden",
        &get(403).with_request_header("Authorization", &bearer(&t)),
        &get(401).with_request_header("Authorization", &bearer(&t)),
    );
    flags(
        "status.proxy_auth_required",
        &get(407).with_response_header("Proxy-Authenticate", r#"Basic realm="corp""#),
        &get(401),
    );
    flags(
        "status.auth_in_body",
        &Exchange::new("POST", "https://api.example.com/graphql").with_status(200).with_body(r#"{"errors":[{"message":"no","extensions":{"code":"UNAUTHENTICATED"}}],"data":null}"#),
        &Exchange::new("POST", "https://api.example.com/graphql").with_status(200).with_body(r#"{"data":{"me":{"name":"UNAUTHENTICATED fan club"}}}"#),
    );
    flags(
        "status.auth_in_body",
        &get(400).with_body(r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}"#),
        &get(400).with_body(r#"{"error":{"code":400,"message":"Invalid JSON payload"}}"#),
    );
}

#[test]
fn browser_rules_on_one_exchange() {
    let preflight = |status: u16| {
        Exchange::new("OPTIONS", API)
            .with_request_header("Origin", "https://app.example.com")
            .with_request_header("Access-Control-Request-Method", "GET")
            .with_request_header("Access-Control-Request-Headers", "authorization")
            .with_status(status)
    };
    flags(
        "browser.preflight_rejected",
        &preflight(401),
        &preflight(204).with_response_header("Access-Control-Allow-Headers", "Authorization"),
    );
    flags(
        "browser.allow_headers_missing",
        &preflight(204).with_response_header("Access-Control-Allow-Headers", "*"),
        &preflight(204).with_response_header(
            "Access-Control-Allow-Headers",
            "content-type, authorization",
        ),
    );
    flags(
        "browser.allow_headers_missing",
        &preflight(200).with_response_header("Access-Control-Allow-Headers", "content-type"),
        &preflight(200).with_response_header("Access-Control-Allow-Headers", "Authorization"),
    );
    let cross = get(401).with_request_header("Origin", "https://app.example.com");
    flags(
        "browser.cors_hides_401",
        &cross,
        &cross
            .clone()
            .with_response_header("Access-Control-Allow-Origin", "https://app.example.com"),
    );
    // Same origin: CORS does not apply.
    assert!(
        !ids(&get(401).with_request_header("Origin", "https://api.example.com"))
            .contains(&"browser.cors_hides_401")
    );
    let opts = AnalysisOptions {
        page_origin: Some("https://app.example.com".into()),
        ..Default::default()
    };
    assert!(ids_opts(&get(401), &opts).contains(&"browser.cors_hides_401"));
}

#[test]
fn findings_are_sorted_most_severe_first_and_teach() {
    let ex = get(401).with_request_header("Authorization", "bearer undefined");
    let findings = analyze_exchange(&ex, &AnalysisOptions::default());
    assert!(findings.windows(2).all(|w| w[0].severity <= w[1].severity));
    for f in &findings {
        assert!(
            !f.title().is_empty()
                && !f.detail().is_empty()
                && !f.fix().is_empty()
                && !f.references().is_empty(),
            "{}",
            f.id
        );
    }
}

#[test]
fn line_break_between_scheme_and_token() {
    let t = token();
    let ex = get(401).with_request_header("Authorization", &format!("Bearer\r\n {t}"));
    let found = ids(&ex);
    assert!(found.contains(&"token.line_break"), "{found:?}");
}
