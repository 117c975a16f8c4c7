//! `jwt.audience_mismatch` against where the token is sent, `jwt.expires_soon` on requests that
//! worked, and `session.credential_changed` when issuer, subject or audience change.

use crate::util::{T0_MS, T0_S};
use authlens::model::{Exchange, Severity};
use authlens::rules::{analyze_exchange, analyze_session, describe, AnalysisOptions, Check};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

fn jwt(claims: &str) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","typ":"at+jwt","kid":"k1"}"#),
        URL_SAFE_NO_PAD.encode(claims),
        URL_SAFE_NO_PAD.encode([7u8; 32])
    )
}

fn token(iss: &str, sub: &str, aud: &str, exp_in_s: i64) -> String {
    jwt(&format!(
        r#"{{"iss":"{iss}","sub":"{sub}","aud":{aud},"exp":{},"iat":{}}}"#,
        T0_S + exp_in_s,
        T0_S - 60
    ))
}

fn send(url: &str, token: &str, status: u16) -> Exchange {
    Exchange::new("GET", url)
        .with_request_header("Authorization", &format!("Bearer {token}"))
        .with_response_header("WWW-Authenticate", "Bearer realm=\"api\"")
        .with_status(status)
        .with_started_at_ms(T0_MS)
}

fn finding(ex: &Exchange, id: &str) -> Option<authlens::model::Finding> {
    analyze_exchange(ex, &AnalysisOptions::default())
        .into_iter()
        .find(|f| f.id.as_str() == id)
}

fn audience_check(ex: &Exchange) -> Check {
    describe(ex, &AnalysisOptions::default())
        .checklist
        .into_iter()
        .find(|c| c.id == "token_audience")
        .unwrap()
        .state
}

const ISS: &str = "https://id.example.com/";

#[test]
fn audience_compared_with_the_host_it_is_sent_to() {
    // Positive: issued for another API.
    let other = token(ISS, "u1", r#""https://billing.example.net/""#, 3600);
    let ex = send("https://api.example.com/v1/me", &other, 401);
    let f = finding(&ex, "jwt.audience_mismatch").expect("aud names another API");
    assert_eq!(
        f.severity,
        Severity::Warning,
        "host names only: a heuristic"
    );
    assert!(f.detail().contains("api.example.com"), "{}", f.detail());
    // ... and the checklist does not tick "Token audience".
    assert_eq!(audience_check(&ex), Check::Fail);
    // Positive: an array of hosts, none of them this one.
    let many = token(
        ISS,
        "u1",
        r#"["https://a.example.org","b.example.org"]"#,
        3600,
    );
    assert!(finding(
        &send("https://api.example.com/x", &many, 401),
        "jwt.audience_mismatch"
    )
    .is_some());
    // Near miss: the same host (case, trailing slash, a path) or its parent domain.
    for aud in [
        r#""https://API.example.com/""#,
        r#""https://api.example.com/v1""#,
        r#""example.com""#,
        r#"["https://api.example.com","https://id.example.com/userinfo"]"#,
    ] {
        let ex = send(
            "https://api.example.com/v1/me",
            &token(ISS, "u1", aud, 3600),
            401,
        );
        assert!(finding(&ex, "jwt.audience_mismatch").is_none(), "{aud}");
        assert_eq!(audience_check(&ex), Check::Pass, "{aud}");
    }
    // Near miss: an opaque audience (a client id, Supabase's `authenticated`) cannot be compared:
    // no finding, and the checklist says unknown rather than ✓.
    for aud in [
        r#""authenticated""#,
        r#""00000003-0000-0000-c000-000000000000""#,
        r#"["account","https://other.example.net"]"#,
    ] {
        let ex = send(
            "https://api.example.com/v1/me",
            &token(ISS, "u1", aud, 3600),
            401,
        );
        assert!(finding(&ex, "jwt.audience_mismatch").is_none(), "{aud}");
        assert_eq!(audience_check(&ex), Check::Unknown, "{aud}");
    }
    // Near miss: a local development proxy forwards to the API the token names.
    let local = send("http://localhost:3000/api/me", &other, 401);
    assert!(finding(&local, "jwt.audience_mismatch").is_none());
    // A given expectation still decides, as an error.
    let opts = AnalysisOptions {
        expected_audience: Some("https://api.example.com".into()),
        ..Default::default()
    };
    let given = analyze_exchange(&send("http://localhost:3000/api/me", &other, 401), &opts);
    let f = given
        .iter()
        .find(|f| f.id.as_str() == "jwt.audience_mismatch")
        .unwrap();
    assert_eq!(f.severity, Severity::Error);
    // Control: a request that worked is not judged.
    assert!(finding(
        &send("https://api.example.com/v1/me", &other, 200),
        "jwt.audience_mismatch"
    )
    .is_none());
}

#[test]
fn expires_soon_within_a_minute_of_the_request() {
    let aud = r#""https://api.example.com""#;
    // Positive: a 401 and a 200 with 30 s left.
    let soon = token(ISS, "u1", aud, 30);
    assert!(finding(
        &send("https://api.example.com/v1/me", &soon, 401),
        "jwt.expires_soon"
    )
    .is_some());
    let ok = finding(
        &send("https://api.example.com/v1/me", &soon, 200),
        "jwt.expires_soon",
    )
    .expect("a token about to expire is worth knowing even when it worked");
    assert_eq!(ok.severity, Severity::Info);
    // Near miss: 61 s, 90 s left; already expired is jwt.expired, not soon.
    for left in [61, 90] {
        let t = token(ISS, "u1", aud, left);
        assert!(
            finding(
                &send("https://api.example.com/v1/me", &t, 200),
                "jwt.expires_soon"
            )
            .is_none(),
            "{left}"
        );
        assert!(
            finding(
                &send("https://api.example.com/v1/me", &t, 401),
                "jwt.expires_soon"
            )
            .is_none(),
            "{left}"
        );
    }
    let expired = send(
        "https://api.example.com/v1/me",
        &token(ISS, "u1", aud, -5),
        401,
    );
    assert!(finding(&expired, "jwt.expires_soon").is_none());
    assert!(finding(&expired, "jwt.expired").is_some());
    // Control: an hour left.
    assert!(finding(
        &send(
            "https://api.example.com/v1/me",
            &token(ISS, "u1", aud, 3600),
            200
        ),
        "jwt.expires_soon"
    )
    .is_none());
}

fn changed(before: &str, after: &str) -> Option<authlens::rules::SessionFinding> {
    let api = "https://api.example.com/v1/me";
    analyze_session(
        &[send(api, before, 200), send(api, after, 401)],
        &AnalysisOptions::default(),
    )
    .findings
    .into_iter()
    .find(|f| f.finding.id.as_str() == "session.credential_changed")
}

#[test]
fn credential_changed_when_issuer_subject_or_audience_differ() {
    let aud = r#""https://api.example.com""#;
    let good = token(ISS, "user-1", aud, 3600);
    // Positive: another issuer (a staging login), much longer token: not a "format" change.
    let staging = token(
        "https://id.staging.example.com/realms/main",
        "user-1",
        aud,
        3600,
    );
    let f = changed(&good, &staging).expect("issuer changed");
    assert!(
        f.finding.detail().contains("issuer"),
        "{}",
        f.finding.detail()
    );
    assert!(
        f.finding.detail().contains("id.staging.example.com"),
        "{}",
        f.finding.detail()
    );
    assert_eq!(f.entries, vec![0, 1]);
    // Positive: another subject; another audience.
    let f = changed(&good, &token(ISS, "user-2", aud, 3600)).expect("subject changed");
    assert!(
        f.finding.detail().contains("subject"),
        "{}",
        f.finding.detail()
    );
    assert!(
        !f.finding.detail().contains("user-2"),
        "subjects are shown as fingerprints"
    );
    let f = changed(
        &good,
        &token(ISS, "user-1", r#""https://api.example.com/admin""#, 3600),
    )
    .expect("audience changed");
    assert!(
        f.finding.detail().contains("audience"),
        "{}",
        f.finding.detail()
    );
    // Near miss: a refreshed token for the same issuer, subject and audience is no identity
    // change (and its different length is no format change).
    let refreshed = token(ISS, "user-1", aud, 7200);
    let api = "https://api.example.com/v1/me";
    let report = analyze_session(
        &[send(api, &good, 200), send(api, &refreshed, 401)],
        &AnalysisOptions::default(),
    );
    let ids: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.finding.id.as_str())
        .collect();
    assert!(!ids.contains(&"session.format_changed"), "{ids:?}");
    if let Some(f) = report
        .findings
        .iter()
        .find(|f| f.finding.id.as_str() == "session.credential_changed")
    {
        assert!(!f.finding.detail().contains('→'), "{}", f.finding.detail());
        assert!(f
            .finding
            .detail()
            .contains("same issuer, subject and audience"));
    }
    // Control: the same token twice, both working.
    let report = analyze_session(
        &[send(api, &good, 200), send(api, &good, 200)],
        &AnalysisOptions::default(),
    );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}
