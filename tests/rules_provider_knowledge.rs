//! Rules that need the catalogue's knowledge of each provider: a header it requires with the key
//! (`credential.companion_missing`), a credential its API never takes (`credential.not_for_api`)
//! and a key of the other environment (`credential.wrong_environment`). Positive, near-miss and
//! control cases for each; every key is fake (`fake_key`), and no finding may hold one.

use authlens::model::{Exchange, Finding, Severity};
use authlens::providers::{fake_key, provider};
use authlens::rules::{analyze_exchange, AnalysisOptions};
use base64::Engine as _;

fn key_of(entry: &str, kind: &str) -> String {
    let p = provider(entry).unwrap_or_else(|| panic!("no entry {entry}"));
    fake_key(
        p,
        p.key_kind(kind).unwrap_or_else(|| panic!("no kind {kind}")),
        4,
    )
}

fn run(ex: &Exchange) -> Vec<Finding> {
    analyze_exchange(ex, &AnalysisOptions::default())
}

fn with_id<'a>(found: &'a [Finding], id: &str) -> Vec<&'a Finding> {
    found.iter().filter(|f| f.id.as_str() == id).collect()
}

fn has(ex: &Exchange, id: &str) -> bool {
    !with_id(&run(ex), id).is_empty()
}

fn fact(f: &Finding, name: &str) -> String {
    f.evidence
        .facts
        .iter()
        .find(|x| x.name == name)
        .map(|x| x.value.shown())
        .unwrap_or_default()
}

/// The finding text (detail and evidence) never holds the key beyond a redacted edge.
fn assert_no_key(f: &Finding, key: &str) {
    let text = format!("{f:?}");
    let middle = &key[key.len() / 3..key.len() * 2 / 3];
    assert!(
        !text.contains(middle),
        "{}: the finding holds the key",
        f.id
    );
}

const COMPANION: &str = "credential.companion_missing";
const NOT_FOR_API: &str = "credential.not_for_api";
const ENVIRONMENT: &str = "credential.wrong_environment";

fn anthropic(method: &str, status: u16, version: Option<&str>) -> Exchange {
    let mut ex = Exchange::new(method, "https://api.anthropic.com/v1/messages")
        .with_request_header("x-api-key", &key_of("anthropic-api-key", "api"))
        .with_request_header("content-type", "application/json")
        .with_status(status);
    if let Some(v) = version {
        ex = ex.with_request_header("anthropic-version", v);
    }
    ex
}

fn sigv4(host: &str, key_id: &str, status: u16) -> Exchange {
    Exchange::new("GET", format!("https://{host}/"))
        .with_request_header(
            "Authorization",
            &format!("AWS4-HMAC-SHA256 Credential={key_id}/20261201/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=9f2c0e5d8b7a6c4e3f1d2b0a9c8e7f6d5b4a3c2e1f0d9b8a7c6e5f4d3b2a1c0e"),
        )
        .with_status(status)
}

#[test]
fn companion_missing_positive() {
    let found = run(&anthropic("POST", 400, None));
    let f = with_id(&found, COMPANION);
    assert_eq!(
        f.len(),
        1,
        "one finding, though two Anthropic entries serve the host"
    );
    assert_eq!(f[0].evidence.field, "request.header.anthropic-version");
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(fact(f[0], "provider"), "Anthropic");
    assert_no_key(f[0], &key_of("anthropic-api-key", "api"));
    // An empty header is no header.
    assert!(has(&anthropic("POST", 400, Some(" ")), COMPANION));
    let notion = Exchange::new("GET", "https://api.notion.com/v1/users/me")
        .with_request_header(
            "Authorization",
            &format!(
                "Bearer {}",
                key_of("notion-integration-token", "integration")
            ),
        )
        .with_status(400);
    let found = run(&notion);
    assert_eq!(
        with_id(&found, COMPANION)[0].evidence.field,
        "request.header.Notion-Version"
    );
    let cloudflare = Exchange::new("GET", "https://api.cloudflare.com/client/v4/zones")
        .with_request_header("X-Auth-Key", &key_of("cloudflare-global-api-key", "global"))
        .with_status(403);
    assert!(has(&cloudflare, COMPANION));
    let duffel = Exchange::new("GET", "https://api.duffel.com/air/airlines")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("duffel-access-token", "live")),
        )
        .with_status(400);
    assert!(has(&duffel, COMPANION));
}

#[test]
fn companion_missing_conditional_only_when_the_condition_holds() {
    let asia = key_of("aws-temporary-credentials", "access-key-id");
    let akia = key_of("aws-access-key-sigv4", "access-key-id");
    let dated = |ex: Exchange| ex.with_request_header("X-Amz-Date", "20261201T120000Z");
    // A temporary (ASIA) key id without its session token.
    let found = run(&dated(sigv4("sts.amazonaws.com", &asia, 403)));
    let f = with_id(&found, COMPANION);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].evidence.field, "request.header.X-Amz-Security-Token");
    // Near miss: a long-term (AKIA) key needs none.
    assert!(!has(
        &dated(sigv4("sts.amazonaws.com", &akia, 403)),
        COMPANION
    ));
    // With the token: silent.
    let with_token = dated(sigv4("sts.amazonaws.com", &asia, 403)).with_request_header(
        "X-Amz-Security-Token",
        "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ",
    );
    assert!(!has(&with_token, COMPANION));
    // S3 wants x-amz-content-sha256; STS does not.
    let s3 = run(&dated(sigv4("my-bucket.s3.amazonaws.com", &akia, 403)));
    assert_eq!(
        with_id(&s3, COMPANION)[0].evidence.field,
        "request.header.x-amz-content-sha256"
    );
    let s3_ok = dated(sigv4("my-bucket.s3.amazonaws.com", &akia, 403))
        .with_request_header("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
    assert!(!has(&s3_ok, COMPANION));
    // X-Amz-Date, or `Date` standing in for it.
    let undated = run(&sigv4("sts.amazonaws.com", &akia, 403));
    assert_eq!(
        with_id(&undated, COMPANION)[0].evidence.field,
        "request.header.X-Amz-Date"
    );
    let date = sigv4("sts.amazonaws.com", &akia, 403)
        .with_request_header("Date", "Tue, 01 Dec 2026 12:00:00 GMT");
    assert!(!has(&date, COMPANION));
    // Anthropic's content-type only on POST.
    let get = Exchange::new("GET", "https://api.anthropic.com/v1/models")
        .with_request_header("x-api-key", &key_of("anthropic-api-key", "api"))
        .with_request_header("anthropic-version", "2023-06-01")
        .with_status(401);
    assert!(!has(&get, COMPANION));
    let post = Exchange::new("POST", "https://api.anthropic.com/v1/messages")
        .with_request_header("x-api-key", &key_of("anthropic-api-key", "api"))
        .with_request_header("anthropic-version", "2023-06-01")
        .with_status(400);
    let found = run(&post);
    assert_eq!(
        with_id(&found, COMPANION)[0].evidence.field,
        "request.header.content-type"
    );
    // Datadog's application key depends on the endpoint, which authlens cannot know.
    let datadog = Exchange::new("GET", "https://api.datadoghq.com/api/v1/dashboard")
        .with_request_header("DD-API-KEY", "0123456789abcdef0123456789abcdef")
        .with_status(403);
    assert!(!has(&datadog, COMPANION));
}

#[test]
fn companion_missing_near_misses_and_controls() {
    // The header is there.
    assert!(!has(&anthropic("POST", 401, Some("2023-06-01")), COMPANION));
    // It worked without it (a proxy may add it); blocked (status 0).
    assert!(!has(&anthropic("POST", 200, None), COMPANION));
    assert!(!has(&anthropic("POST", 0, None), COMPANION));
    // Cloudflare's API-token entry (Bearer) needs no X-Auth-Email.
    let token = Exchange::new("GET", "https://api.cloudflare.com/client/v4/zones")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("cloudflare-api-token", "user")),
        )
        .with_status(403);
    assert!(!has(&token, COMPANION));
    // The key is not where the provider reads it: that is credential.wrong_header's to say.
    let wrong = Exchange::new("POST", "https://api.anthropic.com/v1/messages")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("anthropic-api-key", "api")),
        )
        .with_status(401);
    let found = run(&wrong);
    assert!(with_id(&found, COMPANION).is_empty());
    assert!(!with_id(&found, "credential.wrong_header").is_empty());
    // Another host: nothing is known about its headers.
    let other = Exchange::new("POST", "https://llm.example.com/v1/messages")
        .with_request_header("x-api-key", &key_of("anthropic-api-key", "api"))
        .with_status(400);
    assert!(!has(&other, COMPANION));
}

fn github(token: &str, status: u16) -> Exchange {
    Exchange::new("GET", "https://api.github.com/user")
        .with_request_header("Authorization", &format!("Bearer {token}"))
        .with_request_header("X-GitHub-Api-Version", "2022-11-28")
        .with_status(status)
}

#[test]
fn not_for_api_positive_in_every_api_carrier() {
    let refresh = key_of("github-app-user-token", "refresh");
    let found = run(&github(&refresh, 401));
    let f = with_id(&found, NOT_FOR_API);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].evidence.field, "request.header.Authorization");
    assert_no_key(f[0], &refresh);
    let secret = key_of("google-oauth-access-token", "client-secret");
    let google = Exchange::new("GET", "https://www.googleapis.com/drive/v3/files")
        .with_request_header("Authorization", &format!("Bearer {secret}"))
        .with_status(401);
    assert!(has(&google, NOT_FOR_API));
    // A custom key header: a GitLab runner token as PRIVATE-TOKEN.
    let runner = Exchange::new("GET", "https://gitlab.com/api/v4/user")
        .with_request_header("PRIVATE-TOKEN", &key_of("gitlab-runner-token", "runner"))
        .with_status(401);
    let found = run(&runner);
    assert_eq!(
        with_id(&found, NOT_FOR_API)[0].evidence.field,
        "request.header.PRIVATE-TOKEN"
    );
    // The query string.
    let query = Exchange::new(
        "GET",
        format!("https://api.github.com/user?access_token={refresh}"),
    )
    .with_status(401);
    assert!(has(&query, NOT_FOR_API));
    // A webhook signing secret as the API key.
    let webhook = Exchange::new("GET", "https://api.tailscale.com/api/v2/tailnet/-/devices")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("tailscale-key", "webhook")),
        )
        .with_status(401);
    assert!(has(&webhook, NOT_FOR_API));
    // Slack refuses with 200 and `"ok":false`.
    let slack = Exchange::new("POST", "https://slack.com/api/auth.test")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("slack-config-refresh-token", "refresh")),
        )
        .with_status(200)
        .with_body(r#"{"ok":false,"error":"invalid_auth"}"#);
    assert!(has(&slack, NOT_FOR_API));
    // Another host: a warning (a backend of yours may take it).
    let proxy = Exchange::new("GET", "https://gateway.example.com/github/user")
        .with_request_header("Authorization", &format!("Bearer {refresh}"))
        .with_status(401);
    let found = run(&proxy);
    assert_eq!(with_id(&found, NOT_FOR_API)[0].severity, Severity::Warning);
}

#[test]
fn not_for_api_near_misses_and_controls() {
    // An access token of the same provider.
    let user = key_of("github-app-user-token", "user");
    assert!(!has(&github(&user, 401), NOT_FOR_API));
    // The refresh token accepted: nothing to explain.
    let refresh = key_of("github-app-user-token", "refresh");
    assert!(!has(&github(&refresh, 200), NOT_FOR_API));
    let slack_ok = Exchange::new("POST", "https://slack.com/api/auth.test")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("slack-config-refresh-token", "refresh")),
        )
        .with_status(200)
        .with_body(r#"{"ok":true,"url":"https://example.slack.com/"}"#);
    assert!(!has(&slack_ok, NOT_FOR_API));
    // A refresh token in a token request's body, and a client secret as the Basic password
    // (client_secret_basic), are where they belong.
    let body = Exchange::new("POST", "https://github.com/login/oauth/access_token")
        .with_request_header("content-type", "application/x-www-form-urlencoded")
        .with_request_body(&format!("grant_type=refresh_token&refresh_token={refresh}"))
        .with_status(401);
    assert!(!has(&body, NOT_FOR_API));
    let secret = key_of("google-oauth-access-token", "client-secret");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!(
        "1234567890-abc.apps.googleusercontent.com:{secret}"
    ));
    let token = Exchange::new("POST", "https://oauth2.googleapis.com/token")
        .with_request_header("Authorization", &format!("Basic {basic}"))
        .with_status(401);
    assert!(!has(&token, NOT_FOR_API));
    let query = Exchange::new(
        "GET",
        format!("https://oauth2.googleapis.com/token?client_secret={secret}"),
    )
    .with_status(400);
    assert!(!has(&query, NOT_FOR_API));
    // A refresh cookie holds a refresh token by design.
    let cookie = Exchange::new("GET", "https://api.github.com/user")
        .with_request_header("Cookie", &format!("refresh_token={refresh}"))
        .with_status(401);
    assert!(!has(&cookie, NOT_FOR_API));
    // A cut refresh token is only Likely: not certain enough.
    assert!(!has(&github(&refresh[..20], 401), NOT_FOR_API));
}

fn square(host: &str, kind: &str, status: u16) -> Exchange {
    Exchange::new("GET", format!("https://{host}/v2/locations"))
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("square-access-token", kind)),
        )
        .with_status(status)
}

#[test]
fn wrong_environment_positive() {
    let found = run(&square("connect.squareup.com", "legacy-sandbox", 401));
    let f = with_id(&found, ENVIRONMENT);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(fact(f[0], "expected_host"), "connect.squareupsandbox.com");
    assert_no_key(f[0], &key_of("square-access-token", "legacy-sandbox"));
    assert!(has(
        &square("connect.squareupsandbox.com", "legacy-production", 401),
        ENVIRONMENT
    ));
    // Plaid: the access token travels in the JSON body.
    let plaid = Exchange::new("POST", "https://production.plaid.com/accounts/get")
        .with_request_header("content-type", "application/json")
        .with_request_body(&format!(
            "{{\"access_token\": \"{}\"}}",
            key_of("plaid-access-token", "sandbox")
        ))
        .with_status(400);
    let found = run(&plaid);
    assert_eq!(
        with_id(&found, ENVIRONMENT)[0].evidence.field,
        "request.body.access_token"
    );
    // PyPI: the token is the Basic password of `__token__`.
    let test_token = key_of("pypi-api-token", "testpypi");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("__token__:{test_token}"));
    let upload = Exchange::new("POST", "https://upload.pypi.org/legacy/")
        .with_request_header("Authorization", &format!("Basic {basic}"))
        .with_status(403);
    assert!(has(&upload, ENVIRONMENT));
    // Stripe: one host for both modes; the error body says it.
    let stripe = Exchange::new("GET", "https://api.stripe.com/v1/customers/cus_Q4kLm9ZxR2")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("stripe-secret-key", "live-secret")),
        )
        .with_status(404)
        .with_body(r#"{"error":{"code":"resource_missing","message":"No such customer: 'cus_Q4kLm9ZxR2'; a similar object exists in test mode, but a live mode key was used to make this request.","type":"invalid_request_error"}}"#);
    let found = run(&stripe);
    let f = with_id(&found, ENVIRONMENT);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(fact(f[0], "based_on"), "response body");
    // A test key refused, with nothing else to go on: an info saying what it rests on.
    let test = Exchange::new("GET", "https://api.stripe.com/v1/customers/cus_Q4kLm9ZxR2")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("stripe-secret-key", "test-secret")),
        )
        .with_status(404);
    let found = run(&test);
    let f = with_id(&found, ENVIRONMENT);
    assert_eq!(f[0].severity, Severity::Info);
    assert_eq!(fact(f[0], "based_on"), "key prefix");
}

#[test]
fn wrong_environment_near_misses_and_controls() {
    // Each key at its own environment's host.
    assert!(!has(
        &square("connect.squareupsandbox.com", "legacy-sandbox", 401),
        ENVIRONMENT
    ));
    assert!(!has(
        &square("connect.squareup.com", "legacy-production", 401),
        ENVIRONMENT
    ));
    // EAAA tokens look alike in both environments: nothing to say.
    assert!(!has(
        &square("connect.squareup.com", "access", 401),
        ENVIRONMENT
    ));
    let test_token = key_of("pypi-api-token", "testpypi");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("__token__:{test_token}"));
    let testpypi = Exchange::new("POST", "https://test.pypi.org/legacy/")
        .with_request_header("Authorization", &format!("Basic {basic}"))
        .with_status(403);
    assert!(!has(&testpypi, ENVIRONMENT));
    // A live Stripe key refused: no mode is in question.
    let live = Exchange::new("GET", "https://api.stripe.com/v1/customers")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("stripe-secret-key", "live-secret")),
        )
        .with_status(401);
    assert!(!has(&live, ENVIRONMENT));
    // Healthy: a test key that worked.
    let ok = Exchange::new("GET", "https://api.stripe.com/v1/customers")
        .with_request_header(
            "Authorization",
            &format!("Bearer {}", key_of("stripe-secret-key", "test-secret")),
        )
        .with_status(200);
    assert!(run(&ok).is_empty(), "{:?}", run(&ok));
    // A sandbox key sent to some other host.
    assert!(!has(
        &square("pay.example.com", "legacy-sandbox", 401),
        ENVIRONMENT
    ));
}
