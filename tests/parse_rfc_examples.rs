//! The RFCs' own examples, and fixture cases, through the public parsers.

use authlens::parse::authorization::{parse_credentials, CredentialsForm};
use authlens::parse::basic::decode_basic;
use authlens::parse::bearer::{find_bearer_challenge, BearerErrorCode};
use authlens::parse::challenge::{parse_challenges, parse_challenges_lenient};
use authlens::parse::digest::{
    parse_digest_challenge, parse_digest_credentials, DigestAlgorithm, Qop,
};
use authlens::parse::jwt::{decode_jwt, Jwt};
use serde_json::Value;

#[test]
fn challenge_fixtures() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/parse/challenges.json"
    ))
    .unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 10);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let lines: Vec<&str> = case["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l.as_str().unwrap())
            .collect();
        match parse_challenges(&lines) {
            Ok(challenges) => {
                assert_eq!(
                    serde_json::to_value(&challenges).unwrap(),
                    case["expect"],
                    "{name}"
                );
            }
            Err(err) => {
                let expected = &case["error"];
                assert!(!expected.is_null(), "{name}: unexpected error {err}");
                assert_eq!(
                    err.line as u64,
                    expected["line"].as_u64().unwrap(),
                    "{name}"
                );
                assert_eq!(
                    err.offset as u64,
                    expected["offset"].as_u64().unwrap(),
                    "{name}"
                );
                assert_eq!(
                    err.to_string(),
                    expected["message"].as_str().unwrap(),
                    "{name}"
                );
                // The lenient parser still returns what came before the error.
                let lenient = parse_challenges_lenient(&lines);
                assert!(!lenient.errors.is_empty(), "{name}");
            }
        }
    }
}

#[test]
fn rfc7617_basic_end_to_end() {
    let c = parse_credentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==").unwrap();
    let CredentialsForm::Token68(token) = c.form else {
        panic!("token68 expected")
    };
    let basic = decode_basic(token).unwrap();
    assert_eq!(
        (basic.user.as_str(), basic.password.as_str()),
        ("Aladdin", "open sesame")
    );
}

#[test]
fn rfc6750_bearer_end_to_end() {
    // §2.1 credential, §3 challenge.
    let c = parse_credentials("Bearer mF_9.B5f-4.1JqM").unwrap();
    assert_eq!(c.form, CredentialsForm::Token68("mF_9.B5f-4.1JqM"));
    let challenges = parse_challenges(&[
        r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#,
    ])
    .unwrap();
    let bearer = find_bearer_challenge(&challenges).unwrap();
    assert_eq!(bearer.realm.as_deref(), Some("example"));
    assert_eq!(bearer.error, Some(BearerErrorCode::InvalidToken));
}

#[test]
fn rfc7616_digest_end_to_end() {
    let challenge = parse_challenges(&[concat!(
        r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, "#,
        r#"nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#
    )])
    .unwrap();
    let d = parse_digest_challenge(&challenge[0]).unwrap();
    assert_eq!(d.algorithm, DigestAlgorithm::Md5);
    assert_eq!(d.qop, vec![Qop::Auth, Qop::AuthInt]);
    // RFC 7616 §3.9.1 MD5 response.
    let creds = parse_credentials(concat!(
        r#"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=MD5, "#,
        r#"nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "#,
        r#"qop=auth, response="8ca523f5e9506fed4657c9700eebdbec", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#
    ))
    .unwrap();
    let d = parse_digest_credentials(&creds).unwrap();
    assert_eq!(d.username, "Mufasa");
    assert_eq!(d.response, "8ca523f5e9506fed4657c9700eebdbec");
    assert_eq!(d.nonce_count, Some(1));
}

#[test]
fn rfc7519_jwt_example() {
    let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let value = format!("Bearer {token}");
    let c = parse_credentials(&value).unwrap();
    let CredentialsForm::Token68(t) = c.form else {
        panic!("token68 expected")
    };
    let Ok(Jwt::Signed(j)) = decode_jwt(t) else {
        panic!("JWS expected")
    };
    assert_eq!(j.exp().unwrap().unwrap().seconds(), 1_300_819_380.0);
    assert_eq!(j.iss(), Ok(Some("joe")));
}

#[test]
fn rfc4648_section10_vectors() {
    use authlens::parse::base64::{decode, Alphabet, Padding};
    for (plain, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(
            decode(encoded, Alphabet::Standard, Padding::Required).unwrap(),
            plain.as_bytes()
        );
    }
}

#[test]
fn rfc7616_section_3_9_1_verbatim_with_obs_fold() {
    // The header values exactly as the RFC prints them, folded across lines.
    let challenge = "Digest\r\n    realm=\"http-auth@example.org\",\r\n    qop=\"auth, auth-int\",\r\n    algorithm=SHA-256,\r\n    nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n    opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    let parsed = parse_challenges(&[challenge]).unwrap();
    let d = parse_digest_challenge(&parsed[0]).unwrap();
    assert_eq!(d.algorithm, DigestAlgorithm::Sha256);
    assert_eq!(d.realm, "http-auth@example.org");

    let credentials = "Digest username=\"Mufasa\",\r\n    realm=\"http-auth@example.org\",\r\n    uri=\"/dir/index.html\",\r\n    algorithm=SHA-256,\r\n    nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n    nc=00000001,\r\n    cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\",\r\n    qop=auth,\r\n    response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\",\r\n    opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
    let c = parse_credentials(credentials).unwrap();
    let d = parse_digest_credentials(&c).unwrap();
    assert_eq!(d.username, "Mufasa");
    assert_eq!(
        d.response,
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
    );
    assert_eq!(
        d.cnonce.as_deref(),
        Some("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ")
    );
}
