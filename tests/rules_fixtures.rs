//! Every finding id is produced by some fixture, and no serialized output (findings, session
//! report, detail view) ever contains the middle of a secret from the fixtures.

use std::collections::BTreeSet;

use crate::util::T0_MS as T0;
use authlens::findings::FindingId;
use authlens::model::Exchange;
use authlens::providers::base62_crc32;
use authlens::redact::fingerprint;
use authlens::rules::{
    analyze_credential, analyze_exchange, analyze_session, describe, har_malformed, AnalysisOptions,
};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use proptest::prelude::*;

const API: &str = "https://api.example.com/v1/me";

fn filler(n: usize, seed: usize) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..n)
        .map(|i| char::from(ALPHA[(i * 17 + seed * 31 + i * i) % ALPHA.len()]))
        .collect()
}

fn github(seed: usize) -> String {
    let body = filler(30, seed);
    format!(
        "ghp_{body}{}",
        String::from_utf8(base62_crc32(&body).to_vec()).unwrap()
    )
}

fn jwt(claims: &str) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims),
        URL_SAFE_NO_PAD.encode(filler(40, 9))
    )
}

/// One scenario: exchanges analysed as a session, the options, and the secrets it contains.
struct Fixture {
    name: &'static str,
    exchanges: Vec<Exchange>,
    opts: AnalysisOptions,
    secrets: Vec<String>,
    pasted: Vec<String>,
}

fn fx(name: &'static str, exchanges: Vec<Exchange>, secrets: Vec<String>) -> Fixture {
    Fixture {
        name,
        exchanges,
        opts: AnalysisOptions::default(),
        secrets,
        pasted: Vec::new(),
    }
}

fn get(url: &str, status: u16) -> Exchange {
    Exchange::new("GET", url)
        .with_status(status)
        .with_started_at_ms(T0)
}

fn fixtures() -> Vec<Fixture> {
    let gh = github(1);
    let gh2 = github(2);
    let mut gh_bad = gh.clone().into_bytes();
    gh_bad[12] = if gh_bad[12] == b'Q' { b'R' } else { b'Q' };
    let gh_bad = String::from_utf8(gh_bad).unwrap();
    let ant = format!("sk-ant-api03-{}AA", filler(93, 3));
    let ghr = {
        let p = authlens::providers::provider("github-app-user-token").unwrap();
        authlens::providers::fake_key(p, p.key_kind("refresh").unwrap(), 11)
    };
    let square_sandbox = {
        let p = authlens::providers::provider("square-access-token").unwrap();
        authlens::providers::fake_key(p, p.key_kind("legacy-sandbox").unwrap(), 12)
    };
    let sk = format!("sk_live_{}", filler(40, 4));
    let pk = format!("pk_test_{}", filler(40, 5));
    let opaque = filler(40, 6);
    let password = format!("pw-{}", filler(20, 7));
    let expired = jwt(&format!(
        r#"{{"sub":"u1","aud":"https://other.example","exp":{},"nonce":"n1"}}"#,
        T0 / 1000 - 300
    ));
    let soon = jwt(&format!(
        r#"{{"sub":"u1","exp":{},"nbf":{}}}"#,
        T0 / 1000 + 30,
        T0 / 1000 + 20
    ));
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"sub":"u1"}"#)
    );
    let jwe = format!(
        "{}..{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"dir","enc":"A256GCM"}"#),
        URL_SAFE_NO_PAD.encode(filler(12, 1)),
        URL_SAFE_NO_PAD.encode(filler(48, 2)),
        URL_SAFE_NO_PAD.encode(filler(16, 3))
    );
    let gh_api = "https://api.github.com/user";
    let bearer = |t: &str| format!("Bearer {t}");
    let preflight = |status: u16, allow: &str| {
        Exchange::new("OPTIONS", API)
            .with_request_header("Origin", "https://app.example.com")
            .with_request_header("Access-Control-Request-Method", "GET")
            .with_request_header("Access-Control-Request-Headers", "authorization")
            .with_response_header("Access-Control-Allow-Headers", allow)
            .with_status(status)
    };
    let mut all = vec![
        fx(
            "missing, challenge, cors",
            vec![get(API, 401).with_request_header("Origin", "https://app.example.com")],
            vec![],
        ),
        fx(
            "in url and typo",
            vec![
                get(
                    &format!("https://alice:{password}@api.example.com/v1?access_token={opaque}"),
                    401,
                ),
                get(API, 401).with_request_header("Authorisation", &bearer(&gh)),
            ],
            vec![password.clone(), opaque.clone(), gh.clone()],
        ),
        fx(
            "wrong header, conflicting",
            vec![
                Exchange::new("POST", "https://api.anthropic.com/v1/messages")
                    .with_request_header("Authorization", &bearer(&ant))
                    .with_status(401),
                get(API, 401)
                    .with_request_header("Authorization", &bearer(&gh))
                    .with_request_header("Authorization", &bearer(&gh2)),
            ],
            vec![ant.clone(), gh.clone(), gh2.clone()],
        ),
        fx(
            "stripe kinds",
            vec![
                Exchange {
                    resource_type: Some("fetch".into()),
                    ..get("https://api.stripe.com/v1/charges", 200)
                        .with_request_header("Authorization", &bearer(&sk))
                },
                get("https://api.stripe.com/v1/customers", 401)
                    .with_request_header("Authorization", &bearer(&pk)),
            ],
            vec![sk.clone(), pk.clone()],
        ),
        fx(
            "provider knowledge",
            vec![
                Exchange::new("POST", "https://api.anthropic.com/v1/messages")
                    .with_request_header("x-api-key", &ant)
                    .with_request_header("content-type", "application/json")
                    .with_status(400)
                    .with_started_at_ms(T0),
                get("https://api.github.com/user", 401)
                    .with_request_header("Authorization", &bearer(&ghr)),
                get("https://connect.squareup.com/v2/locations", 401)
                    .with_request_header("Authorization", &bearer(&square_sandbox)),
            ],
            vec![ant.clone(), ghr.clone(), square_sandbox.clone()],
        ),
        fx(
            "schemes",
            vec![
                get(gh_api, 401).with_request_header("Authorization", &gh),
                get(API, 401)
                    .with_request_header("Authorization", &format!("Token {opaque}"))
                    .with_response_header("WWW-Authenticate", r#"Bearer realm="api""#),
                get(API, 401)
                    .with_request_header("Authorization", &format!("Bearer Bearer {opaque}")),
                get(API, 401).with_request_header("Authorization", &format!("bearer:{opaque}")),
                get(API, 401).with_request_header("Authorization", "Bearer "),
            ],
            vec![gh.clone(), opaque.clone()],
        ),
        fx(
            "token bytes",
            vec![
                get(API, 401).with_request_header("Authorization", "Bearer undefined"),
                get(API, 401).with_request_header(
                    "Authorization",
                    &format!(
                        " Bearer {}\u{200B}{}\n{} ",
                        &opaque[..10],
                        &opaque[10..20],
                        &opaque[20..]
                    ),
                ),
                get(API, 401).with_request_header(
                    "Authorization",
                    &format!("Bearer\u{A0}\"{}\u{0430}{}\"", &opaque[..20], &opaque[20..]),
                ),
                get(API, 401).with_request_header(
                    "x-api-key",
                    &format!("{}\u{2019}{};%3D", &opaque[..20], &opaque[20..]),
                ),
                get(gh_api, 401).with_request_header("Authorization", &bearer(&gh_bad)),
                get(gh_api, 401).with_request_header("Authorization", &bearer(&gh[..30])),
            ],
            vec![opaque.clone(), gh_bad.clone(), gh.clone()],
        ),
        Fixture {
            name: "reference",
            exchanges: vec![get(gh_api, 401).with_request_header("Authorization", &bearer(&gh2))],
            opts: AnalysisOptions {
                reference_fingerprint: Some(fingerprint(&gh)),
                expected_audience: Some("https://api.example.com".into()),
                ..Default::default()
            },
            secrets: vec![gh.clone(), gh2.clone()],
            pasted: vec![format!("{gh2}\u{2026}x"), format!("Bearer {}", gh2)],
        },
        fx(
            "jwt",
            vec![
                get(API, 401)
                    .with_request_header("Authorization", &bearer(&expired))
                    .with_response_header("Date", "Thu, 01 Jan 2026 00:00:30 GMT")
                    .with_response_header(
                        "WWW-Authenticate",
                        r#"Bearer resource="https://api.example.com", error="invalid_token""#,
                    ),
                get(API, 401).with_request_header("Authorization", &bearer(&soon)),
                get(API, 401).with_request_header("Authorization", &bearer(&none)),
                get(API, 401).with_request_header("Authorization", &bearer(&jwe)),
                get(API, 401).with_request_header(
                    "Authorization",
                    &bearer(&expired[..expired.rfind('.').unwrap()]),
                ),
            ],
            vec![expired.clone(), soon.clone(), jwe.clone()],
        ),
        fx(
            "basic",
            vec![
                get(API, 401)
                    .with_request_header("Authorization", &format!("Basic alice:{password}")),
                get(API, 401).with_request_header(
                    "Authorization",
                    &format!("Basic {}", STANDARD.encode(&password)),
                ),
                get(API, 401).with_request_header(
                    "Authorization",
                    &format!("Basic {}", STANDARD.encode(format!("alice:{password}\n"))),
                ),
                get(API, 401).with_request_header(
                    "Authorization",
                    &format!("Basic {}", STANDARD.encode(format!(":{}", &password[..10]))),
                ),
                get(API, 401).with_request_header(
                    "Authorization",
                    &format!("Basic {}", STANDARD.encode(b"j\xfcrgen:p\xe4ss-word-long")),
                ),
            ],
            vec![password.clone()],
        ),
        fx(
            "challenges and statuses",
            vec![
                get(API, 403)
                    .with_request_header("Authorization", &bearer(&opaque))
                    .with_response_header(
                        "WWW-Authenticate",
                        r#"Bearer error="insufficient_scope", scope="write""#,
                    ),
                get(API, 400)
                    .with_request_header("Authorization", &bearer(&opaque))
                    .with_response_header("WWW-Authenticate", r#"Bearer error="invalid_request""#),
                get(API, 401)
                    .with_request_header("Authorization", &bearer(&opaque))
                    .with_response_header("WWW-Authenticate", r#"Bearer error="invalid_token"#),
                get(API, 407).with_response_header("Proxy-Authenticate", r#"Basic realm="corp""#),
                get("https://api.example.com/graphql", 200)
                    .with_body(r#"{"errors":[{"extensions":{"code":"UNAUTHENTICATED"}}]}"#),
                get(gh_api, 401)
                    .with_request_header("Authorization", &bearer(&gh))
                    .with_body(r#"{"message":"Bad credentials"}"#)
                    .with_response_header("x-amzn-ErrorType", "UnauthorizedException"),
            ],
            vec![opaque.clone(), gh.clone()],
        ),
        fx(
            "preflights",
            vec![preflight(401, "authorization"), preflight(204, "*")],
            vec![],
        ),
        fx(
            "session",
            vec![
                get("https://api.example.com/login", 200)
                    .with_response_header("Set-Cookie", "sid=1"),
                get(API, 200).with_request_header("Authorization", &bearer(&opaque)),
                Exchange {
                    redirect_url: Some(API.into()),
                    ..get("http://api.example.com/v1/me", 301)
                        .with_request_header("Authorization", &bearer(&opaque))
                },
                get(API, 401),
                get(API, 401).with_request_header("Authorization", &bearer(&gh)),
                get(API, 401).with_request_header("Authorization", &bearer(&gh)),
                get(API, 401).with_request_header("Authorization", &bearer(&gh)),
                get(API, 401).with_request_header("Authorization", &bearer(&format!("{opaque}x"))),
                get(API, 401).with_request_header("Origin", "https://app.example.com"),
            ],
            vec![opaque.clone(), gh.clone()],
        ),
        fx(
            "sanitized har",
            vec![
                Exchange::new("OPTIONS", API)
                    .with_request_header("Access-Control-Request-Method", "GET")
                    .with_request_header("Access-Control-Request-Headers", "authorization")
                    .with_status(204)
                    .with_started_at_ms(T0),
                get(API, 401),
                get("https://api.example.com/oauth/token", 200),
            ],
            vec![],
        ),
    ];
    all.extend(token_flow_fixtures());
    all
}

/// The token-lifecycle flows (tests/fixtures/har/tokens), with the secrets they carry.
fn token_flow_fixtures() -> Vec<Fixture> {
    let dir = format!("{}/tests/fixtures/har/tokens", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".har"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let log =
                authlens::har::read_har(&std::fs::read(format!("{dir}/{name}")).unwrap()).unwrap();
            fx(
                Box::leak(name.into_boxed_str()),
                log.exchanges,
                vec![
                    "at-demo-0001-Zq8RfT3kLm9Xw2Yp".to_owned(),
                    "rt-demo-7fK2pQ9sLx4vB8nM".to_owned(),
                    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".to_owned(),
                ],
            )
        })
        .collect()
}

/// Everything a fixture produces, serialized.
fn outputs(f: &Fixture) -> (BTreeSet<&'static str>, String) {
    let mut ids = BTreeSet::new();
    let mut text = String::new();
    let report = analyze_session(&f.exchanges, &f.opts);
    for e in &report.entries {
        ids.extend(e.findings.iter().map(|x| x.id.as_str()));
    }
    ids.extend(report.findings.iter().map(|x| x.finding.id.as_str()));
    text.push_str(&serde_json::to_string(&report).unwrap());
    for ex in &f.exchanges {
        text.push_str(&serde_json::to_string(&describe(ex, &f.opts)).unwrap());
        text.push_str(&serde_json::to_string(&analyze_exchange(ex, &f.opts)).unwrap());
    }
    for p in &f.pasted {
        let found = analyze_credential(p, &f.opts);
        ids.extend(found.iter().map(|x| x.id.as_str()));
        text.push_str(&serde_json::to_string(&found).unwrap());
    }
    (ids, text)
}

/// The part of a secret that must never be shown: all but the first 4 and last 4 chars.
fn middle(secret: &str) -> &str {
    let chars: Vec<(usize, char)> = secret.char_indices().collect();
    let start = chars.get(4).map_or(secret.len(), |c| c.0);
    let end = chars
        .len()
        .checked_sub(4)
        .and_then(|i| chars.get(i))
        .map_or(secret.len(), |c| c.0);
    secret.get(start..end.max(start)).unwrap_or("")
}

#[test]
fn every_id_is_produced_by_a_fixture() {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for f in fixtures() {
        seen.extend(outputs(&f).0);
    }
    seen.insert(har_malformed(0, "x").finding.id.as_str());
    let missing: Vec<&str> = FindingId::ALL
        .iter()
        .map(|id| id.as_str())
        .filter(|id| !seen.contains(id))
        .collect();
    assert!(missing.is_empty(), "ids no fixture produces: {missing:?}");
}

#[test]
fn no_fixture_output_reveals_a_secret() {
    for f in fixtures() {
        let (_, text) = outputs(&f);
        for s in &f.secrets {
            let m = middle(s);
            assert!(m.len() >= 8, "{}: secret too short to test", f.name);
            // JSON escapes non-ASCII; compare on the raw middle and its first 12 bytes.
            assert!(
                !text.contains(m),
                "{}: a secret's middle appears in the output",
                f.name
            );
            assert!(
                !text.contains(&m[..12.min(m.len())]),
                "{}: 12 bytes of a secret's middle appear",
                f.name
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A random key in every place a credential can travel never shows up in any output.
    #[test]
    fn random_keys_never_leak(
        prefix in prop::sample::select(vec!["ghp_", "sk_live_", "pk_test_", "sk-ant-api03-", "xoxb-", "AIza", "", "glpat-", "npm_"]),
        body in "[A-Za-z0-9]{24,60}",
        place in 0usize..7,
        status in prop::sample::select(vec![200u16, 401, 403, 407]),
    ) {
        let key = format!("{prefix}{body}");
        let ex = match place {
            0 => get(API, status).with_request_header("Authorization", &format!("Bearer {key}")),
            1 => get(API, status).with_request_header("x-api-key", &format!(" {key}\u{200B}")),
            2 => get(&format!("{API}?api_key={key}"), status),
            3 => get(API, status).with_request_header("Authorization", &format!("Basic {}", STANDARD.encode(format!("alice:{key}")))),
            4 => get(&format!("https://bob:{key}@api.example.com/"), status),
            5 => get(API, status).with_request_header("Authorization", &format!("Basic {}", STANDARD.encode(format!("{key}:")))),
            _ => get(API, status).with_request_header("Authorization", &format!("bearer  \"{key}\"")),
        };
        let opts = AnalysisOptions { page_origin: Some("https://app.example.com".into()), reference_fingerprint: Some(fingerprint("other")), ..Default::default() };
        let mut text = serde_json::to_string(&analyze_session(&[ex.clone(), ex.clone(), ex.clone()], &opts)).unwrap();
        text.push_str(&serde_json::to_string(&describe(&ex, &opts)).unwrap());
        text.push_str(&serde_json::to_string(&analyze_credential(&key, &opts)).unwrap());
        let m = middle(&key);
        prop_assert!(!text.contains(m), "middle of a key leaked (place {})", place);
    }
}
