//! Precision: findings that used to be confident and wrong on healthy or ambiguous traffic
//! (CDN relays, challenge-response logins, preflights, proxy credentials, OAuth user tokens,
//! browser differences). Each rule has a positive, a near miss and a control.

use crate::util::ids;
use authlens::model::{Exchange, Severity};
use authlens::providers::base62_crc32;
use authlens::rules::{analyze_exchange, analyze_session, describe, AnalysisOptions};

const API: &str = "https://api.example.com/v1/me";

fn severity(ex: &Exchange, id: &str) -> Option<Severity> {
    analyze_exchange(ex, &AnalysisOptions::default())
        .into_iter()
        .find(|f| f.id.as_str() == id)
        .map(|f| f.severity)
}

fn get(status: u16) -> Exchange {
    Exchange::new("GET", API).with_status(status)
}

#[test]
fn gateway_only_when_it_produced_the_response() {
    // Positive: Kong's key-auth plugin answered itself.
    let kong = get(401)
        .with_request_header("x-api-key", "abcdefghijklmnop0123")
        .with_response_header("Server", "kong/3.4.0")
        .with_body(r#"{"message":"No API key found in request"}"#);
    assert!(ids(&kong).contains(&"origin.gateway"));
    // Positive: CloudFront generated the 401 (its own Server header).
    let cf_own = get(403)
        .with_response_header("Server", "CloudFront")
        .with_response_header("x-amz-cf-id", "abc");
    assert!(ids(&cf_own).contains(&"origin.gateway"));
    // Near miss: Cloudflare relaying the provider's own JSON error.
    let relayed = Exchange::new("POST", "https://api.anthropic.com/v1/messages")
        .with_request_header("x-api-key", "abcdefghijklmnop0123")
        .with_status(401)
        .with_response_header("Server", "cloudflare")
        .with_response_header("cf-ray", "8f1e2d3c4b5a6978-FRA")
        .with_body(r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#);
    assert!(
        !ids(&relayed).contains(&"origin.gateway"),
        "{:?}",
        ids(&relayed)
    );
    // ... shown as information under "Who answered".
    let d = describe(&relayed, &AnalysisOptions::default());
    let gw = d.gateway.expect("the relay is still named");
    assert_eq!(gw.name, "Cloudflare");
    assert!(gw.relayed);
    // Near miss: CloudFront in front of an nginx origin.
    let cf_relay = get(401)
        .with_response_header("Server", "nginx")
        .with_response_header("Via", "1.1 abc.cloudfront.net (CloudFront)")
        .with_response_header("x-amz-cf-id", "abc")
        .with_response_header("WWW-Authenticate", "Bearer");
    assert!(!ids(&cf_relay).contains(&"origin.gateway"));
    // Near miss: Kong proxying the upstream's 401.
    let kong_relay = get(401)
        .with_response_header("Via", "kong/3.4.0")
        .with_response_header("X-Kong-Upstream-Latency", "3")
        .with_response_header("WWW-Authenticate", "Bearer");
    assert!(!ids(&kong_relay).contains(&"origin.gateway"));
    // Positive: Cloudflare Access' login redirect is the gateway itself.
    let access = get(403)
        .with_response_header("Server", "cloudflare")
        .with_response_header("cf-access-domain", "app.example.com");
    assert!(ids(&access).contains(&"origin.gateway"));
    // Control: a 200 through Cloudflare.
    let ok = get(200)
        .with_request_header("Authorization", "Bearer abcdefghijklmnop")
        .with_response_header("Server", "cloudflare");
    assert!(ids(&ok).is_empty(), "{:?}", ids(&ok));
}

#[test]
fn missing_never_on_a_preflight() {
    let preflight = Exchange::new("OPTIONS", API)
        .with_request_header("Access-Control-Request-Method", "GET")
        .with_request_header("Access-Control-Request-Headers", "authorization")
        .with_request_header("Origin", "https://app.example.com")
        .with_status(401);
    let found = ids(&preflight);
    assert!(found.contains(&"browser.preflight_rejected"), "{found:?}");
    assert!(!found.contains(&"credential.missing"), "{found:?}");
    // Near miss: a plain OPTIONS that is no preflight is an ordinary request.
    let options = Exchange::new("OPTIONS", API).with_status(401);
    assert!(ids(&options).contains(&"credential.missing"));
}

#[test]
fn proxy_authorization_never_counts_for_the_origin() {
    // Positive: only Proxy-Authorization was sent, and the origin answered 401.
    let proxy_only = get(401)
        .with_request_header("Proxy-Authorization", "Basic dXNlcjpwYXNz")
        .with_response_header("WWW-Authenticate", "Bearer realm=\"api\"");
    let f = analyze_exchange(&proxy_only, &AnalysisOptions::default());
    let missing = f
        .iter()
        .find(|f| f.id.as_str() == "credential.missing")
        .expect("Proxy-Authorization does not reach the origin");
    assert_eq!(missing.severity, Severity::Error);
    assert!(missing.detail().contains("Proxy-Authorization"));
    // Near miss: a 407 answered with Proxy-Authorization is not missing anything.
    let proxy_407 = get(407)
        .with_request_header("Proxy-Authorization", "Basic dXNlcjpwYXNz")
        .with_response_header("Proxy-Authenticate", "Basic realm=\"proxy\"");
    assert!(!ids(&proxy_407).contains(&"credential.missing"));
    // Positive: a 407 with only an origin credential.
    let origin_only = get(407)
        .with_request_header("Authorization", "Bearer abcdefghijklmnop")
        .with_response_header("Proxy-Authenticate", "Basic realm=\"proxy\"");
    assert!(ids(&origin_only).contains(&"credential.missing"));
    // Control: both.
    let both = get(200)
        .with_request_header("Proxy-Authorization", "Basic dXNlcjpwYXNz")
        .with_request_header("Authorization", "Bearer abcdefghijklmnop");
    assert!(!ids(&both).contains(&"credential.missing"));
}

#[test]
fn challenge_response_login_first_step_is_not_an_error() {
    let first = get(401).with_response_header("WWW-Authenticate", "Basic realm=\"admin\"");
    // On its own: a warning that says what it is based on.
    assert_eq!(
        severity(&first, "credential.missing"),
        Some(Severity::Warning)
    );
    let retry = get(200).with_request_header("Authorization", "Basic YWxpY2U6c2VjcmV0");
    let report = analyze_session(&[first.clone(), retry], &AnalysisOptions::default());
    assert!(
        !report.entries[0]
            .findings
            .iter()
            .any(|f| f.id.as_str() == "credential.missing"),
        "{:?}",
        report.entries[0].findings
    );
    // Near miss: the retry also failed; the first step stays reported.
    let failed_retry = get(401)
        .with_request_header("Authorization", "Basic YWxpY2U6d3Jvbmc=")
        .with_response_header("WWW-Authenticate", "Basic realm=\"admin\"");
    let report = analyze_session(&[first.clone(), failed_retry], &AnalysisOptions::default());
    assert!(report.entries[0]
        .findings
        .iter()
        .any(|f| f.id.as_str() == "credential.missing"));
    // A Bearer challenge is no handshake: the client must attach the token itself.
    let bearer = get(401).with_response_header("WWW-Authenticate", "Bearer realm=\"api\"");
    assert_eq!(
        severity(&bearer, "credential.missing"),
        Some(Severity::Error)
    );
    // The live panel learns about the retraction from the push that proves it.
    let mut live = authlens::rules::SessionAnalyzer::new(AnalysisOptions::default());
    live.push(&first);
    let pushed =
        live.push(&get(200).with_request_header("Authorization", "Basic YWxpY2U6c2VjcmV0"));
    assert_eq!(pushed.revised_entries.len(), 1);
    assert_eq!(pushed.revised_entries[0].index, 0);
}

fn filler(n: usize, seed: u8) -> String {
    const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..n)
        .map(|i| char::from(ALPHA[(i * 17 + usize::from(seed) * 31) % ALPHA.len()]))
        .collect()
}

fn github(prefix: &str, seed: u8) -> String {
    let body = filler(30, seed);
    let check = String::from_utf8(base62_crc32(&body).to_vec()).unwrap();
    format!("{prefix}{body}{check}")
}

#[test]
fn oauth_user_tokens_are_not_secrets_in_the_browser() {
    let from_page = |token: &str| {
        let mut ex = Exchange::new("GET", "https://api.github.com/user")
            .with_request_header("Authorization", &format!("Bearer {token}"))
            .with_status(401);
        ex.resource_type = Some("fetch".into());
        ex
    };
    // Positive: a classic personal access token in page script.
    assert!(ids(&from_page(&github("ghp_", 1))).contains(&"credential.secret_in_browser"));
    // Near miss: OAuth user tokens are how a browser app acts for its user.
    for prefix in ["gho_", "ghu_"] {
        let found = ids(&from_page(&github(prefix, 2)));
        assert!(
            !found.contains(&"credential.secret_in_browser"),
            "{prefix}: {found:?}"
        );
    }
    // Control: the same PAT from a server-side client.
    let server = Exchange::new("GET", "https://api.github.com/user")
        .with_request_header("Authorization", &format!("Bearer {}", github("ghp_", 1)))
        .with_status(401);
    assert!(!ids(&server).contains(&"credential.secret_in_browser"));
}

#[test]
fn allow_headers_wildcard_names_the_browsers() {
    let preflight = |allow: &str| {
        Exchange::new("OPTIONS", API)
            .with_request_header("Access-Control-Request-Method", "GET")
            .with_request_header("Access-Control-Request-Headers", "authorization")
            .with_request_header("Origin", "https://app.example.com")
            .with_response_header("Access-Control-Allow-Headers", allow)
            .with_response_header("Access-Control-Allow-Origin", "https://app.example.com")
            .with_status(204)
    };
    let f = analyze_exchange(&preflight("*"), &AnalysisOptions::default());
    let w = f
        .iter()
        .find(|f| f.id.as_str() == "browser.allow_headers_missing")
        .expect("wildcard");
    assert_eq!(
        w.severity,
        Severity::Warning,
        "Chromium sends it: not certain"
    );
    assert!(
        w.detail().contains("Firefox") && w.detail().contains("Chromium"),
        "{}",
        w.detail()
    );
    // Not listed at all: every browser blocks it, certainly broken.
    assert_eq!(
        severity(&preflight("content-type"), "browser.allow_headers_missing"),
        Some(Severity::Error)
    );
    // Control: listed explicitly.
    assert!(
        !ids(&preflight("authorization, content-type")).contains(&"browser.allow_headers_missing")
    );
}

const MCP: &str = "https://mcp.example.com/mcp";
const PRM: &str = "https://mcp.example.com/.well-known/oauth-protected-resource";

fn mcp(status: u16) -> Exchange {
    Exchange::new("POST", MCP).with_status(status)
}

fn missing(report: &authlens::rules::Report, entry: usize) -> bool {
    report.entries[entry]
        .findings
        .iter()
        .any(|f| f.id.as_str() == "credential.missing")
}

#[test]
fn resource_metadata_401_is_the_first_step_of_discovery() {
    let first = mcp(401).with_response_header(
        "WWW-Authenticate",
        &format!(r#"Bearer resource_metadata="{PRM}""#),
    );
    // On its own: a warning that says what it is based on.
    let f = analyze_exchange(&first, &AnalysisOptions::default())
        .into_iter()
        .find(|f| f.id.as_str() == "credential.missing")
        .expect("credential.missing");
    assert_eq!(f.severity, Severity::Warning);
    let text = f.detail();
    assert!(
        text.contains("resource_metadata") && text.contains("RFC 9728"),
        "{text}"
    );
    // The discovery then proceeds and the same request succeeds with the token: no finding.
    let token = "mcp_at_4f9a2c7e1b3d5a6f8e0c2b4d6a8f0e1c";
    let flow = [
        first.clone(),
        Exchange::new("GET", PRM)
            .with_status(200)
            .with_body(r#"{"resource":"https://mcp.example.com/mcp","authorization_servers":["https://auth.example.com"]}"#),
        mcp(200).with_request_header("Authorization", &format!("Bearer {token}")),
    ];
    let report = analyze_session(&flow, &AnalysisOptions::default());
    assert!(!missing(&report, 0), "{:?}", report.entries[0].findings);
    assert!(report
        .entries
        .iter()
        .all(|e| e.findings.iter().all(|f| f.severity > Severity::Warning)));
    // Near miss: the retry was refused; the first step stays a warning.
    let refused = [
        first.clone(),
        mcp(401)
            .with_request_header("Authorization", &format!("Bearer {token}"))
            .with_response_header(
                "WWW-Authenticate",
                &format!(r#"Bearer error="invalid_token", resource_metadata="{PRM}""#),
            ),
    ];
    let report = analyze_session(&refused, &AnalysisOptions::default());
    assert!(missing(&report, 0));
    // Near miss: an empty `resource_metadata` points nowhere; a plain Bearer challenge stays an error.
    for challenge in [r#"Bearer resource_metadata="""#, r#"Bearer realm="mcp""#] {
        let plain = mcp(401).with_response_header("WWW-Authenticate", challenge);
        assert_eq!(
            severity(&plain, "credential.missing"),
            Some(Severity::Error),
            "{challenge}"
        );
    }
    // Control: the request that carries its token is not missing one.
    let with_token = first.with_request_header("Authorization", &format!("Bearer {token}"));
    assert!(!ids(&with_token).contains(&"credential.missing"));
}

/// The MCP discovery recorded from a real resource server and oidc-provider (Chromium): its
/// first 401 is the protocol working, so the capture has no error.
#[test]
fn recorded_mcp_discovery_has_no_error() {
    for name in ["discovery-chain", "discovery-broken"] {
        let path = format!(
            "{}/tests/fixtures/har/oauth-real/{name}.har",
            env!("CARGO_MANIFEST_DIR")
        );
        let log = authlens::har::read_har(&std::fs::read(path).unwrap()).unwrap();
        let report = analyze_session(&log.exchanges, &AnalysisOptions::default());
        let missing: Vec<_> = report
            .entries
            .iter()
            .flat_map(|e| &e.findings)
            .filter(|f| f.id.as_str() == "credential.missing")
            .collect();
        assert_eq!(missing.len(), 1, "{name}");
        assert_eq!(missing[0].severity, Severity::Warning, "{name}");
        let errors: Vec<_> = report
            .entries
            .iter()
            .flat_map(|e| &e.findings)
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.id.as_str())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}
