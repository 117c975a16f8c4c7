//! The detail view: redacted credential, decoded JWT with times relative to the request,
//! Basic user without password, challenges, provider, and the checklist.

use crate::util::T0_MS as T0;
use authlens::model::Exchange;
use authlens::rules::{describe, AnalysisOptions, Check};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;

fn state(d: &authlens::rules::Details, id: &str) -> Check {
    d.checklist
        .iter()
        .find(|c| c.id == id)
        .map(|c| c.state)
        .unwrap_or_else(|| panic!("no checklist item {id}"))
}

#[test]
fn jwt_claims_and_relative_times() {
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(format!(r#"{{"sub":"u1","exp":{}}}"#, T0 / 1000 - 313)),
        URL_SAFE_NO_PAD.encode([5u8; 32])
    );
    let ex = Exchange::new("GET", "https://api.example.com/v1/me")
        .with_request_header("Authorization", &format!("Bearer {token}"))
        .with_response_header("WWW-Authenticate", r#"Bearer error="invalid_token""#)
        .with_status(401)
        .with_started_at_ms(T0);
    let d = describe(&ex, &AnalysisOptions::default());
    let cred = d.credential.as_ref().unwrap();
    let jwt = cred.jwt.as_ref().unwrap();
    assert_eq!(jwt.claims["sub"], "u1");
    assert_eq!(
        jwt.times[0].relative.as_deref(),
        Some("5 min 13 s before the request")
    );
    assert_eq!(state(&d, "token_time"), Check::Fail);
    assert_eq!(state(&d, "challenge"), Check::Pass);
    assert_eq!(state(&d, "credential_sent"), Check::Pass);
    assert_eq!(d.challenges[0].param("error"), Some("invalid_token"));
    assert!(cred.fingerprint.starts_with("sha256:"));
    assert!(!cred.display.contains(&token[10..token.len() - 10]));
}

#[test]
fn basic_shows_user_never_password() {
    let ex = Exchange::new("GET", "https://api.example.com/")
        .with_request_header(
            "Authorization",
            &format!("Basic {}", STANDARD.encode("alice:correct-horse-battery")),
        )
        .with_status(401);
    let d = describe(&ex, &AnalysisOptions::default());
    let json = serde_json::to_string(&d).unwrap();
    assert!(!json.contains("correct-horse"));
    let cred = d.credential.unwrap();
    assert_eq!(cred.basic_user.as_deref(), Some("alice"));
    assert_eq!(cred.display, "user alice, password 21 chars");
    assert_eq!(state_of(&json, "challenge"), "fail");
}

fn state_of(json: &str, id: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn no_credential_and_byte_view() {
    let d = describe(
        &Exchange::new("GET", "https://api.example.com/").with_status(401),
        &AnalysisOptions::default(),
    );
    assert!(d.credential.is_none());
    assert_eq!(state(&d, "credential_sent"), Check::Fail);
    assert_eq!(state(&d, "scheme"), Check::Unknown);
    let zwsp = Exchange::new("GET", "https://api.github.com/user")
        .with_request_header("Authorization", "Bearer abc\u{200B}defghijklmnop")
        .with_status(401);
    let d = describe(&zwsp, &AnalysisOptions::default());
    let cred = d.credential.as_ref().unwrap();
    assert_eq!(cred.char_issues.len(), 1);
    assert_eq!(cred.char_issues[0].note.code_point, "U+200B");
    assert_eq!(cred.char_issues[0].note.byte_offset, 10);
    assert_eq!(cred.char_issues[0].kind, "invisible");
    assert_eq!(state(&d, "credential_value"), Check::Fail);
    assert_eq!(d.host_provider, Some("GitHub"));
}
