//! Lenient `Authorization` parsing of real-world values, from tests/fixtures/parse/credentials.json.

use authlens::parse::authorization::{parse_credentials, CredentialsForm};
use serde_json::Value;

#[test]
fn credentials_fixtures() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/parse/credentials.json"
    ))
    .unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 20);
    for case in &cases {
        let value = case["value"].as_str().unwrap();
        let c = parse_credentials(value).unwrap_or_else(|e| panic!("{value:?}: {e}"));
        assert_eq!(c.scheme, case["scheme"].as_str().unwrap(), "{value:?}");
        assert_eq!(
            c.separator,
            case["separator"].as_str().unwrap(),
            "{value:?}"
        );
        assert_eq!(
            format!("{:?}", c.separator_kind()),
            case["kind"].as_str().unwrap(),
            "{value:?}"
        );
        assert_eq!(
            c.scheme_missing,
            case["missing"].as_bool().unwrap(),
            "{value:?}"
        );
        assert_eq!(c.rest, case["rest"].as_str().unwrap(), "{value:?}");
        let form = match c.form {
            CredentialsForm::Token68(_) => "token68",
            CredentialsForm::Params(_) => "params",
            CredentialsForm::Empty => "empty",
            CredentialsForm::Malformed(_) => "malformed",
        };
        assert_eq!(form, case["form"].as_str().unwrap(), "{value:?}");
        assert_eq!(
            c.nested_scheme().map(|(w, _)| w),
            case["nested"].as_str(),
            "{value:?}"
        );
    }
}
