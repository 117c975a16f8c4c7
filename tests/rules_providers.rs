//! Provider-aware rules, with fake keys built in code (right prefix, length and checksum).

use crate::util::ids;
use authlens::model::Exchange;
use authlens::providers::base62_crc32;
use authlens::rules::{analyze_credential, analyze_exchange, AnalysisOptions};

fn filler(n: usize, seed: u8) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..n)
        .map(|i| char::from(ALPHA[(i * 17 + usize::from(seed) * 31) % ALPHA.len()]))
        .collect()
}

/// A GitHub classic token with a valid CRC32 checksum (fake: never issued).
fn github_token(seed: u8) -> String {
    let body = filler(30, seed);
    let check = String::from_utf8(base62_crc32(&body).to_vec()).unwrap();
    format!("ghp_{body}{check}")
}

fn anthropic_key(seed: u8) -> String {
    format!(
        "sk-ant-api03-{}AA",
        filler(93, seed).replace(['0', '1'], "x")
    )
}

#[track_caller]
fn flags(id: &str, hit: &Exchange, miss: &Exchange) {
    let h = ids(hit);
    assert!(h.contains(&id), "{id} not raised; got {h:?}");
    let m = ids(miss);
    assert!(!m.contains(&id), "{id} raised by the near miss; got {m:?}");
}

fn github(auth: &str) -> Exchange {
    Exchange::new("GET", "https://api.github.com/user")
        .with_request_header("Authorization", auth)
        .with_status(401)
}

#[test]
fn checksum_mismatch() {
    let good = github_token(1);
    let mut bad = good.clone().into_bytes();
    bad[10] = if bad[10] == b'Q' { b'R' } else { b'Q' };
    let bad = String::from_utf8(bad).unwrap();
    flags(
        "token.checksum_mismatch",
        &github(&format!("Bearer {bad}")),
        &github(&format!("Bearer {good}")),
    );
    let pasted: Vec<_> = analyze_credential(&bad, &AnalysisOptions::default())
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert!(pasted.contains(&"token.checksum_mismatch"), "{pasted:?}");
}

#[test]
fn bad_length() {
    let good = github_token(2);
    flags(
        "token.bad_length",
        &github(&format!("Bearer {}", &good[..30])),
        &github(&format!("Bearer {good}")),
    );
}

#[test]
fn bad_charset_for_the_provider_alphabet() {
    let good = github_token(3);
    let bad = format!("{}~{}", &good[..20], &good[21..]);
    flags(
        "token.bad_charset",
        &github(&format!("Bearer {bad}")),
        &github(&format!("Bearer {good}")),
    );
}

#[test]
fn wrong_header() {
    let key = anthropic_key(4);
    let anthropic =
        || Exchange::new("POST", "https://api.anthropic.com/v1/messages").with_status(401);
    flags(
        "credential.wrong_header",
        &anthropic().with_request_header("Authorization", &format!("Bearer {key}")),
        &anthropic().with_request_header("x-api-key", &key),
    );
    // OpenAI wants Authorization, not x-api-key ("vice versa").
    let openai =
        || Exchange::new("POST", "https://api.openai.com/v1/chat/completions").with_status(401);
    flags(
        "credential.wrong_header",
        &openai().with_request_header("x-api-key", "sk-abcdef0123456789abcdef"),
        &openai().with_request_header("Authorization", "Bearer sk-abcdef0123456789abcdef"),
    );
}

#[test]
fn scheme_mismatch_from_the_provider() {
    let good = github_token(5);
    let slack = |auth: &str| {
        Exchange::new("POST", "https://slack.com/api/chat.postMessage")
            .with_request_header("Authorization", auth)
            .with_status(401)
    };
    flags(
        "scheme.mismatch",
        &slack("Token xoxb-123456789012-123456789012-abcdefghijABCDEFGHIJabcd"),
        &slack("Bearer xoxb-123456789012-123456789012-abcdefghijABCDEFGHIJabcd"),
    );
    // GitHub accepts both `token` and `Bearer`.
    assert!(!ids(&github(&format!("token {good}"))).contains(&"scheme.mismatch"));
}

#[test]
fn publishable_key() {
    let pk = format!("pk_test_{}", filler(40, 6));
    let sk = format!("sk_test_{}", filler(40, 6));
    let stripe = |key: &str| {
        Exchange::new("GET", "https://api.stripe.com/v1/customers")
            .with_request_header("Authorization", &format!("Bearer {key}"))
            .with_status(401)
    };
    flags("credential.publishable_key", &stripe(&pk), &stripe(&sk));
    // A publishable key that worked is fine.
    assert!(!ids(&Exchange {
        status: 200,
        ..stripe(&pk)
    })
    .contains(&"credential.publishable_key"));
}

#[test]
fn secret_in_browser() {
    let sk = format!("sk_live_{}", filler(40, 7));
    let pk = format!("pk_live_{}", filler(40, 7));
    let from_page = |key: &str| Exchange {
        resource_type: Some("fetch".into()),
        ..Exchange::new("GET", "https://api.stripe.com/v1/charges")
            .with_request_header("Authorization", &format!("Bearer {key}"))
            .with_status(200)
    };
    flags(
        "credential.secret_in_browser",
        &from_page(&sk),
        &from_page(&pk),
    );
    // The same secret from a server-side client (no browser signal) is fine.
    let server = Exchange {
        resource_type: None,
        ..from_page(&sk)
    };
    assert!(!ids(&server).contains(&"credential.secret_in_browser"));
    // Firefox's HAR has no resource type: its Fetch Metadata headers say "script fetch".
    let firefox = |dest: &str, site: Option<&str>| {
        let mut ex = server
            .clone()
            .with_request_header("Sec-Fetch-Dest", dest)
            .with_request_header("Sec-Fetch-Mode", "cors");
        if let Some(site) = site {
            ex = ex.with_request_header("Sec-Fetch-Site", site);
        }
        ids(&ex).contains(&"credential.secret_in_browser")
    };
    assert!(firefox("empty", Some("cross-site")));
    // Near misses: a navigation, and undici's server-side fetch (Sec-Fetch-Mode only).
    assert!(!firefox("document", Some("cross-site")));
    assert!(!firefox("empty", None));
    // In the live panel the page origin says "browser".
    let opts = AnalysisOptions {
        page_origin: Some("https://shop.example".into()),
        ..Default::default()
    };
    assert!(analyze_exchange(&server, &opts)
        .iter()
        .any(|f| f.id.as_str() == "credential.secret_in_browser"));
}

#[test]
fn origin_gateway_and_provider_error() {
    let t = github_token(8);
    flags(
        "origin.gateway",
        &Exchange::new(
            "GET",
            "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items",
        )
        .with_request_header("Authorization", &format!("Bearer {t}"))
        .with_response_header("x-amzn-ErrorType", "UnauthorizedException")
        .with_body(r#"{"message":"Unauthorized"}"#)
        .with_status(401),
        &Exchange::new(
            "GET",
            "https://abc123.execute-api.us-east-1.amazonaws.com/prod/items",
        )
        .with_request_header("Authorization", &format!("Bearer {t}"))
        .with_status(401),
    );
    flags(
        "origin.provider_error",
        &github(&format!("Bearer {t}")).with_body(
            r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}"#,
        ),
        &github(&format!("Bearer {t}")).with_body(r#"{"message":"Not Found"}"#),
    );
}

#[test]
fn google_browser_key_in_query_is_not_a_leak() {
    let key = format!("AIza{}", filler(35, 9));
    let ex = Exchange::new(
        "GET",
        format!("https://maps.googleapis.com/maps/api/geocode/json?key={key}&address=x"),
    )
    .with_status(200);
    assert!(!ids(&ex).contains(&"credential.in_url"));
}

#[test]
fn reference_mismatch() {
    use authlens::redact::fingerprint;
    let expected = github_token(10);
    let other = github_token(11);
    let opts = AnalysisOptions {
        reference_fingerprint: Some(fingerprint(&expected)),
        ..Default::default()
    };
    let sent = |key: &str| analyze_exchange(&github(&format!("Bearer {key}")), &opts);
    let hit = sent(&other);
    let f = hit
        .iter()
        .find(|f| f.id.as_str() == "token.reference_mismatch")
        .expect("mismatch");
    assert!(
        f.detail().contains(&fingerprint(&expected).short())
            && f.detail().contains(&fingerprint(&other).short())
    );
    assert!(!f.detail().contains(&expected) && !f.detail().contains(&other));
    assert!(!sent(&expected)
        .iter()
        .any(|f| f.id.as_str() == "token.reference_mismatch"));
    // Basic with the key as the user name still matches; so does a pasted bare key.
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{expected}:"));
    assert!(!analyze_exchange(&github(&format!("Basic {basic}")), &opts)
        .iter()
        .any(|f| f.id.as_str() == "token.reference_mismatch"));
    assert!(!analyze_credential(&expected, &opts)
        .iter()
        .any(|f| f.id.as_str() == "token.reference_mismatch"));
    assert!(analyze_credential(&other, &opts)
        .iter()
        .any(|f| f.id.as_str() == "token.reference_mismatch"));
}

/// Findings for `ex` with `id`, for reading severity and text.
fn found(ex: &Exchange, id: &str) -> Vec<authlens::model::Finding> {
    analyze_exchange(ex, &AnalysisOptions::default())
        .into_iter()
        .filter(|f| f.id.as_str() == id)
        .collect()
}

#[test]
fn wrong_header_from_the_key_shape_on_an_unknown_host() {
    let key = anthropic_key(6);
    let proxy = || Exchange::new("POST", "http://localhost:8080/v1/messages").with_status(401);
    flags(
        "credential.wrong_header",
        &proxy().with_request_header("Authorization", &format!("Bearer {key}")),
        &proxy().with_request_header("x-api-key", &key),
    );
    let hit = found(
        &proxy().with_request_header("Authorization", &format!("Bearer {key}")),
        "credential.wrong_header",
    );
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0].severity, authlens::model::Severity::Warning);
    assert!(
        hit[0].detail().contains("Anthropic")
            && hit[0].detail().contains("`x-api-key: <key>`")
            && hit[0].detail().contains("proxy"),
        "{}",
        hit[0].detail()
    );
    assert!(
        !hit[0].detail().contains(&key[13..]),
        "the key leaked into the detail"
    );
    // The same key in an accepted header next to a stray Authorization: the key is seen.
    let both = proxy()
        .with_request_header("x-api-key", &key)
        .with_request_header("Authorization", &format!("Bearer {key}"));
    assert!(found(&both, "credential.wrong_header").is_empty());
    // A request that worked went through something that accepted the header.
    let worked = Exchange::new("POST", "http://localhost:8080/v1/messages")
        .with_status(200)
        .with_request_header("Authorization", &format!("Bearer {key}"));
    assert!(found(&worked, "credential.wrong_header").is_empty());
}

#[test]
fn wrong_header_from_the_key_shape_never_for_ambiguous_keys() {
    let gateway = || Exchange::new("POST", "https://llm.internal.example/v1/chat").with_status(401);
    // A bare `sk-` key: DeepSeek or any OpenAI-compatible gateway; nothing to say.
    let bare = format!("sk-{}", filler(32, 7).to_ascii_lowercase());
    assert!(found(
        &gateway().with_request_header("x-api-key", &bare),
        "credential.wrong_header"
    )
    .is_empty());
    assert!(found(
        &gateway().with_request_header("Authorization", &format!("Bearer {bare}")),
        "credential.wrong_header"
    )
    .is_empty());
}

#[test]
fn wrong_header_from_the_key_shape_for_a_google_key() {
    let key = format!("AIza{}", filler(35, 9));
    let proxy = || {
        Exchange::new(
            "POST",
            "https://127.0.0.1/v1beta/models/gemini:generateContent",
        )
        .with_status(401)
    };
    let hit = found(
        &proxy().with_request_header("Authorization", &format!("Bearer {key}")),
        "credential.wrong_header",
    );
    assert_eq!(hit.len(), 1, "{hit:?}");
    assert!(hit[0].detail().contains("Google"), "{}", hit[0].detail());
    assert!(found(
        &proxy().with_request_header("x-goog-api-key", &key),
        "credential.wrong_header"
    )
    .is_empty());
}

#[test]
fn wrong_header_on_a_provider_host_is_still_an_error() {
    let key = anthropic_key(8);
    let hit = found(
        &Exchange::new("POST", "https://api.anthropic.com/v1/messages")
            .with_status(401)
            .with_request_header("Authorization", &format!("Bearer {key}")),
        "credential.wrong_header",
    );
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0].severity, authlens::model::Severity::Error);
    assert!(!hit[0].detail().contains("proxy"), "{}", hit[0].detail());
}
