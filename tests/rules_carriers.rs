//! Every credential carrier gets the byte checks `Authorization` gets: query parameters
//! (percent-decoded), custom API-key headers, Basic user-id and password, session cookies and
//! token-request bodies. Same ids; the carrier is in the evidence.

use authlens::model::{Exchange, Finding};
use authlens::rules::{analyze_exchange, AnalysisOptions};

fn run(ex: &Exchange) -> Vec<Finding> {
    analyze_exchange(ex, &AnalysisOptions::default())
}

/// `(id, carrier fact)` of every finding.
fn found(ex: &Exchange) -> Vec<(String, Option<String>)> {
    run(ex)
        .into_iter()
        .map(|f| {
            let carrier = f.evidence.fact("carrier");
            (f.id.as_str().to_owned(), carrier)
        })
        .collect()
}

#[track_caller]
fn has(ex: &Exchange, id: &str, carrier_contains: &str) {
    let f = found(ex);
    assert!(
        f.iter().any(|(i, c)| i == id
            && c.as_deref()
                .unwrap_or("request.header")
                .contains(carrier_contains)),
        "{id} via {carrier_contains} not found in {f:?}"
    );
}

#[track_caller]
fn lacks(ex: &Exchange, id: &str) {
    let f = found(ex);
    assert!(
        !f.iter().any(|(i, _)| i == id),
        "{id} unexpectedly in {f:?}"
    );
}

fn query(q: &str, status: u16) -> Exchange {
    Exchange::new(
        "GET",
        format!("https://api.example.com/v1/x?page=2&api_key={q}"),
    )
    .with_status(status)
}

#[test]
fn query_parameters_are_decoded_then_checked() {
    for (escape, id) in [
        ("%0A", "token.line_break"),
        ("%20", "token.bad_charset"),
        ("%E2%80%8B", "token.invisible_char"),
        ("%C2%A0", "token.unicode_space"),
        ("%E2%80%9C", "token.non_latin1"),
        ("%D0%B0", "token.confusable"),
        ("%E2%80%A6", "token.placeholder"),
    ] {
        let ex = query(&format!("abcdefgh{escape}ijklmnopqrstu"), 401);
        has(&ex, id, "query parameter `api_key`");
        // The evidence names the carrier's field too.
        assert!(run(&ex)
            .iter()
            .any(|f| f.id.as_str() == id && f.evidence.field == "request.url.query.api_key"));
    }
    has(
        &query("abcdefghijklmnopqrstu%0A", 401),
        "token.surrounding_whitespace",
        "query",
    );
    has(&query("undefined", 401), "token.placeholder", "query");
    // Near miss: a clean key in the query is only `credential.in_url`.
    let clean = found(&query("abcdefghijklmnopqrstu", 401));
    assert!(
        clean.iter().all(|(i, _)| !i.starts_with("token.")),
        "{clean:?}"
    );
    // Near miss: percent-escapes in a query are its encoding, not a pasted URL-encoded key.
    lacks(&query("abc%2Bdefghijklmnopqrstu", 401), "token.url_encoded");
    // Near miss: a parameter that carries no credential is not checked.
    let search = Exchange::new(
        "GET",
        "https://api.example.com/search?q=caf%C3%A9%20%E2%80%8B",
    )
    .with_status(401);
    assert!(found(&search).iter().all(|(i, _)| !i.starts_with("token.")));
    // Control: the request worked.
    assert!(found(&query("abcdefgh%0Aijklmnopqrstu", 200))
        .iter()
        .all(|(i, _)| !i.starts_with("token.")));
}

#[test]
fn custom_api_key_headers() {
    let with = |name: &str, value: &str, status: u16| {
        Exchange::new("GET", "https://api.example.com/v1/x")
            .with_request_header(name, value)
            .with_status(status)
    };
    has(
        &with("X-RapidAPI-Key", "abcdefghij\u{200b}klmnopqrstu", 401),
        "token.invisible_char",
        "request.header",
    );
    has(
        &with("x-functions-key", "\"abcdefghijklmnopqrstu\"", 401),
        "token.quoted",
        "request.header",
    );
    has(
        &with("X-Hasura-Admin-Secret", "undefined", 401),
        "token.placeholder",
        "request.header",
    );
    // A custom key header is a credential: a 401 with it is not credential.missing.
    lacks(
        &with("X-RapidAPI-Key", "abcdefghijklmnopqrstu", 401),
        "credential.missing",
    );
    // Near miss: CSRF tokens and WebSocket keys are not API keys.
    lacks(
        &with("X-CSRF-Token", "abc\u{200b}def", 401),
        "token.invisible_char",
    );
    lacks(
        &with("Sec-WebSocket-Key", "undefined", 401),
        "token.placeholder",
    );
    // Near miss: an underscore spelling of a known header stays a typo finding.
    has(
        &with("X_Api_Key", "abcdefghijklmnopqrstu", 401),
        "credential.header_typo",
        "",
    );
    // Control: a working request.
    assert!(found(&with(
        "X-RapidAPI-Key",
        "abcdefghij\u{200b}klmnopqrstu",
        200
    ))
    .iter()
    .all(|(i, _)| !i.starts_with("token.")));
}

fn basic(user_pass: &str) -> Exchange {
    use std::fmt::Write;
    // base64 without a dependency: the standard alphabet, padded.
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = user_pass.as_bytes();
    let mut out = String::new();
    for chunk in b.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | (u32::from(c) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    let mut v = String::new();
    write!(v, "Basic {out}").unwrap();
    Exchange::new("GET", "https://intranet.example.com/admin")
        .with_request_header("Authorization", &v)
        .with_response_header("WWW-Authenticate", "Basic realm=\"admin\"")
        .with_status(401)
}

#[test]
fn basic_user_and_password() {
    has(
        &basic("alice:sec\u{200b}ret"),
        "token.invisible_char",
        "Basic password",
    );
    has(
        &basic("al\u{0456}ce:secret"),
        "token.confusable",
        "Basic user-id",
    );
    has(
        &basic("alice:undefined"),
        "token.placeholder",
        "Basic password",
    );
    has(
        &basic("alice:p\u{0430}ssword"),
        "token.confusable",
        "Basic password",
    );
    has(
        &basic("alice:pass\u{a0}word"),
        "token.unicode_space",
        "Basic password",
    );
    // Near miss: passwords may contain spaces and be written in another script.
    let f = found(&basic("alice:correct horse battery staple"));
    assert!(f.iter().all(|(i, _)| !i.starts_with("token.")), "{f:?}");
    let f = found(&basic("алиса:пароль"));
    assert!(
        f.iter().all(|(i, c)| !(i.starts_with("token.")
            && c.as_deref().is_some_and(|c| c.contains("password")))),
        "{f:?}"
    );
    // Control: a plain pair.
    let f = found(&basic("alice:s3cret-Pa55"));
    assert!(f.iter().all(|(i, _)| !i.starts_with("token.")), "{f:?}");
}

fn cookie(value: &str, status: u16) -> Exchange {
    Exchange::new("GET", "https://app.example.com/api/me")
        .with_request_header("Cookie", value)
        .with_status(status)
}

#[test]
fn session_cookies_values_only() {
    has(
        &cookie("theme=dark; session=undefined", 401),
        "token.placeholder",
        "cookie `session`",
    );
    has(
        &cookie("connect.sid=abcdefghij\u{200b}klmnop", 401),
        "token.invisible_char",
        "cookie `connect.sid`",
    );
    has(
        &cookie("auth_token=abcdefghijklmnop ", 401),
        "token.surrounding_whitespace",
        "cookie `auth_token`",
    );
    // Near miss: quoted values and percent-escapes are ordinary cookie syntax.
    lacks(&cookie("session=\"abcdefghijklmnop\"", 401), "token.quoted");
    lacks(
        &cookie("connect.sid=s%3Aabcdefghijklmnop.sig", 401),
        "token.url_encoded",
    );
    // Near miss: a preference cookie is no credential.
    let f = found(&cookie("theme=undefined; lang=\u{201c}en\u{201d}", 401));
    assert!(f.iter().all(|(i, _)| !i.starts_with("token.")), "{f:?}");
    // Control: the request worked.
    lacks(&cookie("session=undefined", 200), "token.placeholder");
}

fn token_request(content_type: Option<&str>, body: &str, status: u16) -> Exchange {
    let mut ex = Exchange::new("POST", "https://auth.example.com/oauth/token")
        .with_request_body(body)
        .with_status(status);
    if let Some(t) = content_type {
        ex = ex.with_request_header("Content-Type", t);
    }
    ex
}

#[test]
fn token_request_bodies() {
    const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
    let f = token_request(
        FORM,
        "grant_type=client_credentials&client_id=app&client_secret=abcdefghij%E2%80%8Bklmnop",
        401,
    );
    has(
        &f,
        "token.invisible_char",
        "form body field `client_secret`",
    );
    // A body credential is a credential: not credential.missing.
    lacks(&f, "credential.missing");
    has(
        &token_request(
            FORM,
            "grant_type=refresh_token&refresh_token=abcdefghijklmnop%0A",
            400,
        ),
        "token.surrounding_whitespace",
        "form body field `refresh_token`",
    );
    // `+` in a form body is a space: a secret with a literal `+` arrives changed.
    has(
        &token_request(FORM, "client_secret=abcdefgh+ijklmnop", 401),
        "token.bad_charset",
        "form body",
    );
    has(
        &token_request(
            Some("application/json"),
            r#"{"client_secret":"abcdefghijklmnop\u00a0"}"#,
            401,
        ),
        "token.unicode_space",
        "JSON body field `client_secret`",
    );
    has(
        &token_request(
            None,
            r#"{"grant_type":"password","username":"bob","password":"${PASSWORD}"}"#,
            401,
        ),
        "token.placeholder",
        "JSON body field `password`",
    );
    // Near miss: a password in Cyrillic, with spaces; a non-credential field.
    let f = found(&token_request(
        None,
        r#"{"username":"bob","password":"мой пароль"}"#,
        401,
    ));
    assert!(f.iter().all(|(i, _)| !i.starts_with("token.")), "{f:?}");
    let f = found(&token_request(
        FORM,
        "grant_type=client_credentials&scope=read%20write",
        401,
    ));
    assert!(f.iter().all(|(i, _)| !i.starts_with("token.")), "{f:?}");
    // Control: the token request worked.
    lacks(
        &token_request(FORM, "client_secret=abcdefghij%E2%80%8Bklmnop", 200),
        "token.invisible_char",
    );
}

#[test]
fn inner_space_in_authorization() {
    let ex = Exchange::new("GET", "https://api.example.com/v1/x")
        .with_request_header("Authorization", "Bearer abcdefgh ijklmnopqrstu")
        .with_status(401);
    has(&ex, "token.bad_charset", "request.header");
    let ok = Exchange::new("GET", "https://api.example.com/v1/x")
        .with_request_header("Authorization", "Bearer abcdefghijklmnopqrstu")
        .with_status(401);
    lacks(&ok, "token.bad_charset");
}
