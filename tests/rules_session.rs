//! Session rules over sequences of exchanges, and the incremental analyzer's equivalence.

use crate::util::{session_has as has, session_ids, T0_MS as T0};
use authlens::model::Exchange;
use authlens::rules::{analyze_session, har_malformed, AnalysisOptions, SessionAnalyzer};

fn token(seed: char) -> String {
    std::iter::repeat_n(seed, 24).collect::<String>() + "0123456789"
}

fn call(url: &str, auth: Option<&str>, status: u16) -> Exchange {
    let mut ex = Exchange::new("GET", url)
        .with_status(status)
        .with_started_at_ms(T0);
    if let Some(a) = auth {
        ex = ex.with_request_header("Authorization", a);
    }
    ex
}

const API: &str = "https://api.example.com/v1/me";

#[test]
fn retry_storm() {
    let auth = format!("Bearer {}", token('a'));
    let storm: Vec<Exchange> = (0..4).map(|_| call(API, Some(&auth), 401)).collect();
    assert_eq!(has(&storm, "session.retry_storm"), Some(vec![0, 1, 2, 3]));
    // Two retries, or three 401s each with a different token, are not a storm.
    assert_eq!(has(&storm[..2], "session.retry_storm"), None);
    let rotating: Vec<Exchange> = ['a', 'b', 'c']
        .iter()
        .map(|&c| call(API, Some(&format!("Bearer {}", token(c))), 401))
        .collect();
    assert_eq!(has(&rotating, "session.retry_storm"), None);
    // One finding that grows, not one per retry.
    assert_eq!(
        session_ids(&storm)
            .iter()
            .filter(|(id, _)| id == "session.retry_storm")
            .count(),
        1
    );
}

#[test]
fn credential_changed() {
    let ok = call(API, Some(&format!("Bearer {}", token('a'))), 200);
    let other = call(API, Some(&format!("Bearer {}", token('b'))), 401);
    let same = call(API, Some(&format!("Bearer {}", token('a'))), 401);
    assert_eq!(
        has(&[ok.clone(), other.clone()], "session.credential_changed"),
        Some(vec![0, 1])
    );
    assert_eq!(has(&[ok.clone(), same], "session.credential_changed"), None);
    // Another origin's success says nothing about this one.
    let elsewhere = call(
        "https://other.example.com/v1/me",
        Some(&format!("Bearer {}", token('a'))),
        200,
    );
    assert_eq!(has(&[elsewhere, other], "session.credential_changed"), None);
    // Fingerprints are shown, the tokens never.
    let report = analyze_session(
        &[ok, call(API, Some(&format!("Bearer {}", token('b'))), 401)],
        &AnalysisOptions::default(),
    );
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(&token('a')) && !json.contains(&token('b')));
    assert!(report.findings[0]
        .finding
        .evidence
        .facts
        .iter()
        .any(|f| f.name == "before_fingerprint"));
}

#[test]
fn format_changed() {
    let ok = call(API, Some(&format!("Bearer {}", token('a'))), 200);
    let scheme = call(API, Some(&format!("Token {}", token('a'))), 401);
    let header = Exchange::new("GET", API)
        .with_request_header("x-api-key", &token('a'))
        .with_status(401);
    let dropped = call(API, None, 401);
    assert!(has(&[ok.clone(), scheme], "session.format_changed").is_some());
    assert!(has(&[ok.clone(), header], "session.format_changed").is_some());
    assert!(has(&[ok.clone(), dropped], "session.format_changed").is_some());
    let same_format = call(API, Some(&format!("Bearer {}", token('b'))), 401);
    assert_eq!(has(&[ok, same_format], "session.format_changed"), None);
}

#[test]
fn auth_dropped_on_redirect() {
    let auth = format!("Bearer {}", token('a'));
    let redirect = |to: &str| Exchange {
        redirect_url: Some(to.to_owned()),
        ..call("http://api.example.com/v1/me", Some(&auth), 301)
    };
    let followed = call(API, None, 401);
    assert_eq!(
        has(
            &[redirect(API), followed.clone()],
            "browser.auth_dropped_on_redirect"
        ),
        Some(vec![0, 1])
    );
    // Same-origin redirect keeps Authorization; a followed request that still has it is fine.
    let same_origin = Exchange {
        redirect_url: Some("/v1/me".into()),
        ..call("https://api.example.com/v1/me/", Some(&auth), 308)
    };
    assert_eq!(
        has(&[same_origin, followed], "browser.auth_dropped_on_redirect"),
        None
    );
    assert_eq!(
        has(
            &[redirect(API), call(API, Some(&auth), 401)],
            "browser.auth_dropped_on_redirect"
        ),
        None
    );
    // Location header works as well as HAR's redirectURL.
    let by_location = call("http://api.example.com/v1/me", Some(&auth), 302)
        .with_response_header("Location", API);
    assert!(has(
        &[by_location, call(API, None, 401)],
        "browser.auth_dropped_on_redirect"
    )
    .is_some());
}

#[test]
fn cookies_not_sent() {
    let login = Exchange::new("POST", "https://api.example.com/login")
        .with_response_header("Set-Cookie", "sid=abc; Secure; HttpOnly")
        .with_status(204);
    let cross = Exchange::new("GET", API)
        .with_request_header("Origin", "https://app.example.com")
        .with_status(401);
    assert_eq!(
        has(&[login.clone(), cross.clone()], "browser.cookies_not_sent"),
        Some(vec![0, 1])
    );
    let with_cookie = cross.clone().with_request_header("Cookie", "sid=abc");
    assert_eq!(
        has(&[login.clone(), with_cookie], "browser.cookies_not_sent"),
        None
    );
    // No cookie was ever set by that host.
    assert_eq!(has(&[cross], "browser.cookies_not_sent"), None);
}

#[test]
fn har_sanitized() {
    // Positive evidence: the preflight announced `authorization`, the request lacks it.
    let preflight = Exchange::new("OPTIONS", API)
        .with_request_header("Access-Control-Request-Method", "GET")
        .with_request_header("Access-Control-Request-Headers", "authorization")
        .with_request_header("Origin", "https://app.example.com")
        .with_status(204);
    let stripped = vec![preflight.clone(), call(API, None, 401)];
    assert_eq!(has(&stripped, "har.sanitized"), Some(vec![1]));
    // The missing credential is the exporter's doing, not the app's: no credential.missing.
    let report = analyze_session(&stripped, &AnalysisOptions::default());
    assert!(!report.entries[1]
        .findings
        .iter()
        .any(|f| f.id.as_str() == "credential.missing"));
    // Near miss: a 401 with no credential anywhere is an ordinary "forgot the key" capture.
    let forgot = vec![
        call(API, None, 401),
        call("https://api.example.com/oauth/token", None, 200),
    ];
    assert_eq!(has(&forgot, "har.sanitized"), None);
    // Control: the announced header is there.
    let with_auth = vec![preflight.clone(), call(API, Some("Bearer abc"), 401)];
    assert_eq!(has(&with_auth, "har.sanitized"), None);
    // The header appears elsewhere in the capture: not an exporter that strips it.
    let elsewhere = vec![
        call("https://api.example.com/v1/other", Some("Bearer abc"), 200),
        preflight,
        call(API, None, 401),
    ];
    assert_eq!(has(&elsewhere, "har.sanitized"), None);
    assert_eq!(
        has(
            &[call("https://www.example.com/", None, 200)],
            "har.sanitized"
        ),
        None
    );
    // A challenged request that then succeeded with nothing visible was stripped too.
    let basic = call(API, None, 401).with_response_header("WWW-Authenticate", "Basic realm=\"x\"");
    assert_eq!(
        has(&[basic.clone(), call(API, None, 200)], "har.sanitized"),
        Some(vec![1])
    );
}

#[test]
fn har_malformed_constructor() {
    let f = har_malformed(3, "response.status is a string");
    assert_eq!(f.finding.id.as_str(), "har.malformed");
    assert_eq!(f.entries, vec![3]);
    assert!(f.finding.detail().contains("response.status is a string"));
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(
        json["id"], "har.malformed",
        "the finding is flattened into the session finding"
    );
    assert_eq!(json["entries"][0], 3);
}

fn mixed_session() -> Vec<Exchange> {
    let a = format!("Bearer {}", token('a'));
    let b = format!("Bearer {}", token('b'));
    vec![
        Exchange::new("POST", "https://api.example.com/login")
            .with_response_header("Set-Cookie", "sid=1")
            .with_status(200),
        call(API, Some(&a), 200),
        Exchange {
            redirect_url: Some(API.into()),
            ..call("http://api.example.com/v1/me", Some(&a), 301)
        },
        call(API, None, 401),
        call(API, Some(&b), 401),
        call(API, Some(&b), 401),
        call(API, Some(&b), 401),
        Exchange::new("GET", API)
            .with_request_header("Origin", "https://app.example.com")
            .with_status(401),
        call(API, Some("Bearer undefined"), 401),
    ]
}

#[test]
fn analyze_session_equals_incremental_pushes() {
    let exs = mixed_session();
    let opts = AnalysisOptions::default();
    let mut live = SessionAnalyzer::new(opts.clone());
    let mut seen = Vec::new();
    for (i, ex) in exs.iter().enumerate() {
        let pushed = live.push(ex);
        assert_eq!(pushed.entry.index, i);
        seen.extend(pushed.session_findings);
    }
    let batch = analyze_session(&exs, &opts);
    assert_eq!(live.report(), batch);
    // Everything the batch reports (except whole-session har.sanitized) was announced by a push.
    for f in &batch.findings {
        assert!(
            seen.iter().any(|s| s == f),
            "{} never pushed in its final form",
            f.finding.id
        );
    }
    let ids: Vec<&str> = batch
        .findings
        .iter()
        .map(|f| f.finding.id.as_str())
        .collect();
    for expected in [
        "browser.auth_dropped_on_redirect",
        "session.credential_changed",
        "session.retry_storm",
        "browser.cookies_not_sent",
    ] {
        assert!(ids.contains(&expected), "{expected} missing from {ids:?}");
    }
}

#[test]
fn long_sessions_stay_bounded() {
    let auth = format!("Bearer {}", token('z'));
    let mut live = SessionAnalyzer::new(AnalysisOptions::default());
    for i in 0..6000 {
        let url = format!("https://host{}.example.com/v1/me", i % 700);
        live.push(&call(&url, Some(&auth), if i % 2 == 0 { 200 } else { 401 }));
    }
    let report = live.report();
    assert_eq!(report.entries.len(), 6000);
    assert!(report
        .findings
        .iter()
        .all(|f| f.entries.len() <= authlens::rules::session::MAX_ENTRIES_PER_FINDING));
}

#[test]
fn the_analyzer_keeps_a_bounded_window_of_entries_and_the_batch_keeps_all() {
    use authlens::rules::session::MAX_KEPT_ENTRIES;
    let n = MAX_KEPT_ENTRIES + 5;
    let exs: Vec<Exchange> = (0..n)
        .map(|i| {
            call(
                &format!("https://api.example.com/v1/items/{i}"),
                Some("Bearer abcdefghijklmnopqrstuvwx"),
                if i % 2 == 0 { 200 } else { 401 },
            )
        })
        .collect();
    let mut session = SessionAnalyzer::new(AnalysisOptions::default());
    for ex in &exs {
        session.push(ex);
    }
    let live = session.report();
    assert_eq!(live.entries.len(), MAX_KEPT_ENTRIES);
    assert_eq!(live.entries.first().map(|e| e.index), Some(5));
    assert_eq!(live.entries.last().map(|e| e.index), Some(n - 1));
    let batch = analyze_session(&exs, &AnalysisOptions::default());
    assert_eq!(batch.entries.len(), n);
    assert_eq!(batch.findings, live.findings);
    assert_eq!(&batch.entries[5..], &live.entries[..]);
}
