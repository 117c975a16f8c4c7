//! Property tests for `authlens::parse`: no input panics, spans stay inside the input on char
//! boundaries, and encodings round-trip. 256 cases each by default; set PROPTEST_CASES for more.

use authlens::parse::authorization::{
    is_token68, parse_credentials, token68_invalid_chars, CredentialsForm,
};
use authlens::parse::base64::{decode, Alphabet, Base64Error, Padding};
use authlens::parse::basic::{decode_basic, BasicError};
use authlens::parse::challenge::{parse_challenges, parse_challenges_lenient, Challenge};
use authlens::parse::digest::{parse_digest_challenge, parse_digest_credentials};
use authlens::parse::jwt::{decode_jwt, looks_like_jwt, Jwt, JwtError};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Strings rich in the characters header parsers care about.
fn header_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 \t\"\\\\,=:;./+_~\u{a0}\u{200b}é€\r\n-]{0,64}",
        "(Bearer|Basic|Digest|Negotiate|bearer)[ :\t]{0,3}[a-zA-Z0-9 \"\\\\,=./+_~-]{0,48}",
    ]
}

fn check_span(input: &str, span: &std::ops::Range<usize>) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start <= span.end && span.end <= input.len(),
        "span {span:?} outside input of {} bytes",
        input.len()
    );
    prop_assert!(
        input.is_char_boundary(span.start) && input.is_char_boundary(span.end),
        "span {span:?} not on char boundaries"
    );
    Ok(())
}

fn check_offset(input: &str, offset: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        offset <= input.len() && input.is_char_boundary(offset),
        "offset {offset} invalid"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn credentials_spans_are_exact_and_on_boundaries(value in header_like()) {
        if let Ok(c) = parse_credentials(&value) {
            for span in [&c.scheme_span, &c.separator_span, &c.rest_span, &c.leading_whitespace, &c.trailing_whitespace] {
                check_span(&value, span)?;
            }
            prop_assert_eq!(&value[c.scheme_span.clone()], c.scheme);
            prop_assert_eq!(&value[c.separator_span.clone()], c.separator);
            prop_assert_eq!(&value[c.rest_span.clone()], c.rest);
            prop_assert!(!c.rest.is_empty() || matches!(c.form, CredentialsForm::Empty));
            match &c.form {
                CredentialsForm::Token68(t) => prop_assert!(is_token68(t) && *t == c.rest),
                CredentialsForm::Params(params) => for p in params {
                    check_span(&value, &p.name_span)?;
                    check_span(&value, &p.value_span)?;
                    prop_assert_eq!(&value[p.name_span.clone()], p.name);
                },
                CredentialsForm::Malformed(e) => check_offset(&value, e.offset)?,
                CredentialsForm::Empty => prop_assert!(c.rest.is_empty()),
            }
            if let Some((word, span)) = c.nested_scheme() {
                check_span(&value, &span)?;
                prop_assert_eq!(&value[span], word);
            }
            let _ = parse_digest_credentials(&c);
            if let Some(pairs) = c.loose_params() {
                prop_assert!(pairs.iter().all(|(name, _)| !name.is_empty()));
            }
        } else {
            prop_assert!(value.trim_matches([' ', '\t', '\r', '\n']).is_empty());
        }
    }

    #[test]
    fn token68_invalid_chars_agree_with_is_token68(value in header_like()) {
        let invalid = token68_invalid_chars(&value);
        for &(offset, ch) in &invalid {
            check_offset(&value, offset)?;
            prop_assert_eq!(value[offset..].chars().next(), Some(ch));
        }
        let has_data = !value.trim_end_matches('=').is_empty();
        prop_assert_eq!(is_token68(&value), invalid.is_empty() && has_data);
    }

    #[test]
    fn challenge_parsing_never_panics_and_positions_are_valid(lines in prop::collection::vec(header_like(), 0..4)) {
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let parsed = parse_challenges_lenient(&refs);
        for c in &parsed.challenges {
            let line = refs[c.line];
            check_span(line, &c.span)?;
            prop_assert!(line[c.span.clone()].starts_with(c.scheme.as_str()));
            let _ = parse_digest_challenge(c);
            let _ = authlens::parse::bearer::bearer_issues(c);
        }
        for e in &parsed.errors {
            check_offset(refs[e.line], e.offset)?;
            prop_assert!(!e.to_string().is_empty());
        }
        prop_assert_eq!(parse_challenges(&refs).is_ok(), parsed.errors.is_empty());
    }

    #[test]
    fn challenges_round_trip_through_display(challenges in prop::collection::vec(challenge_strategy(), 1..4)) {
        let text = challenges.iter().map(Challenge::to_string).collect::<Vec<_>>().join(", ");
        let parsed = parse_challenges(&[&text]).map_err(|e| TestCaseError::fail(format!("{e} in {text:?}")))?;
        prop_assert_eq!(parsed.len(), challenges.len(), "{}", text);
        for (a, b) in parsed.iter().zip(&challenges) {
            prop_assert!(a.same_content(b), "{:?} != {:?}", a, b);
        }
        // Also as separate field lines.
        let lines: Vec<String> = challenges.iter().map(Challenge::to_string).collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        prop_assert_eq!(parse_challenges(&refs).map(|v| v.len()), Ok(challenges.len()));
    }

    #[test]
    fn base64_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        prop_assert_eq!(decode(&STANDARD.encode(&bytes), Alphabet::Standard, Padding::Required), Ok(bytes.clone()));
        prop_assert_eq!(decode(&STANDARD_NO_PAD.encode(&bytes), Alphabet::Standard, Padding::Optional), Ok(bytes.clone()));
        prop_assert_eq!(decode(&URL_SAFE.encode(&bytes), Alphabet::UrlSafe, Padding::Optional), Ok(bytes.clone()));
        prop_assert_eq!(decode(&URL_SAFE_NO_PAD.encode(&bytes), Alphabet::UrlSafe, Padding::Forbidden), Ok(bytes));
    }

    /// The crate's error offsets, mapped, point at the injected character wherever it is.
    #[test]
    fn base64_error_offset_is_the_injected_char(
        bytes in prop::collection::vec(any::<u8>(), 1..120),
        at in any::<prop::sample::Index>(),
        bad in prop::sample::select(vec![' ', '\n', '.', '-', '*', '\u{a0}', '\u{200b}', 'é', '"']),
    ) {
        let encoded = STANDARD_NO_PAD.encode(&bytes);
        let at = at.index(encoded.len() + 1);
        let mut text = encoded.clone();
        text.insert(at, bad);
        let err = decode(&text, Alphabet::Standard, Padding::Optional).unwrap_err();
        prop_assert_eq!(err, Base64Error::InvalidChar { offset: at, ch: bad }, "{:?}", text);
    }

    #[test]
    fn base64_never_panics(text in header_like()) {
        for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
            for padding in [Padding::Required, Padding::Forbidden, Padding::Optional] {
                if let Err(e) = decode(&text, alphabet, padding) {
                    match e {
                        Base64Error::InvalidChar { offset, .. } | Base64Error::UnexpectedPadding { offset } | Base64Error::NonCanonicalEnd { offset, .. } => check_offset(&text, offset)?,
                        Base64Error::InvalidLength { data_chars } => prop_assert!(data_chars <= text.len()),
                        Base64Error::MissingPadding { missing } => prop_assert!((1..=3).contains(&missing)),
                    }
                }
            }
        }
    }

    #[test]
    fn basic_round_trips(user in "[^:]{0,20}", password in ".{0,20}") {
        let token = STANDARD.encode(format!("{user}:{password}"));
        let c = decode_basic(&token).unwrap();
        prop_assert_eq!(&c.user, &user);
        prop_assert_eq!(&c.password, &password);
        prop_assert_eq!(c.colon_at, user.len());
        for w in c.whitespace() {
            prop_assert!(w.offset < c.raw.len());
        }
    }

    #[test]
    fn basic_never_panics(text in header_like()) {
        match decode_basic(&text) {
            Ok(c) => prop_assert_eq!(c.raw.get(c.colon_at), Some(&b':')),
            Err(BasicError::NotUtf8 { offset, latin1, .. }) => prop_assert!(offset < latin1.chars().count()),
            Err(_) => {}
        }
    }

    #[test]
    fn jwt_never_panics_and_offsets_are_valid(text in header_like()) {
        let _ = looks_like_jwt(&text);
        match decode_jwt(&text) {
            Err(JwtError::Base64 { offset, .. }) | Err(JwtError::EmptySegment { offset, .. }) => check_offset(&text, offset)?,
            Ok(Jwt::Signed(j)) => for s in &j.segments { check_span(&text, s)?; },
            Ok(Jwt::Encrypted(j)) => for s in &j.segments { check_span(&text, s)?; },
            Err(_) => {}
        }
    }

    #[test]
    fn jwt_round_trips(mut header in json_object(), claims in json_object(), sig in prop::collection::vec(any::<u8>(), 0..64)) {
        // `alg` is required (RFC 7515 §4.1.1) and puts `"` right after `{`, which `looks_like_jwt` expects.
        header.insert("alg".into(), Value::String("HS256".into()));
        let token = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&header).unwrap()),
            URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap()),
            URL_SAFE_NO_PAD.encode(&sig)
        );
        prop_assert!(looks_like_jwt(&token));
        let Jwt::Signed(j) = decode_jwt(&token).unwrap() else { return Err(TestCaseError::fail("not a JWS")) };
        prop_assert_eq!(j.header, header);
        prop_assert_eq!(j.claims, claims);
        prop_assert_eq!(j.signature_len, sig.len());
    }
}

fn json_object() -> impl Strategy<Value = Map<String, Value>> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    prop::collection::btree_map("[a-z_]{1,8}", leaf, 0..6).prop_map(|m| m.into_iter().collect())
}

fn challenge_strategy() -> impl Strategy<Value = Challenge> {
    let scheme = "[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]{0,10}";
    let token68 = "[A-Za-z0-9._~+/-]{1,20}={0,2}";
    let value = "[^\u{0}-\u{8}\u{a}-\u{1f}\u{7f}]{0,16}";
    let params = prop::collection::btree_map("[a-z][a-z0-9_-]{0,8}", value, 0..5);
    (scheme, prop::option::of(token68), params).prop_map(|(scheme, token68, params)| {
        let mut c = Challenge::new(scheme);
        match token68 {
            Some(t) => c.token68 = Some(t),
            None => c.params = params.into_iter().collect(),
        }
        c
    })
}

proptest! {
    /// The body pre-check the rules use before parsing JSON (`http::could_be_json_object`) never
    /// turns away a body serde_json reads as an object: skipping the parse changes no result.
    #[test]
    fn json_object_precheck_never_rejects_an_object(
        body in prop_oneof![
            any::<String>(),
            "[ \t\r\n\u{a0}]{0,2}\\{[\"a-z0-9:, \\[\\]{}\t\r\n\u{a0}\u{feff}]{0,24}[ \t\r\n\u{a0}]{0,2}",
        ],
        cut in 0usize..40,
    ) {
        let cut = authlens::text::floor_char_boundary(&body, cut);
        for text in [body.as_str(), &body[..cut]] {
            if serde_json::from_str::<Map<String, Value>>(text).is_ok()
                || serde_json::from_str::<Value>(text).is_ok_and(|v| v.is_object())
            {
                prop_assert!(authlens::http::could_be_json_object(text), "{text:?}");
            }
        }
    }
}

#[test]
fn json_object_precheck_cases() {
    use authlens::http::could_be_json_object as could;
    assert!(could("{}"));
    assert!(could(" \r\n{\"a\": [1, {\"b\": 2}]}\t\n"));
    // A 4 KB excerpt of a larger response, cut inside: serde_json fails, and so does the check.
    let cut = "{\"data\":[{\"id\":\"7c8c23f70fe1\",\"amount\":82371},{\"id\":\"b5";
    assert!(serde_json::from_str::<Map<String, Value>>(cut).is_err());
    assert!(!could(cut));
    assert!(!could("[1, 2]"));
    assert!(!could("{\"a\": 1} trailing"));
}

proptest! {
    /// The byte-pair prefilter the body rules use (`bytes::PairSet`) never rules out a needle the
    /// text contains, so skipping the scan changes no result; and `contains` is `str::contains`.
    #[test]
    fn pair_set_never_rules_out_a_contained_needle(
        text in prop_oneof![
            any::<String>(),
            "[\"a-zA-Z0-9:,_ {}é]{0,200}",
        ],
        start in 0usize..200,
        len in 0usize..40,
        other in "[\"a-zA-Z0-9:,_ é]{0,12}",
    ) {
        let pairs = authlens::bytes::PairSet::of(&text);
        let start = authlens::text::floor_char_boundary(&text, start);
        let end = authlens::text::floor_char_boundary(&text, start + len);
        let needle = &text[start..end];
        prop_assert!(pairs.may_contain(needle), "{needle:?} in {text:?}");
        prop_assert!(pairs.contains(&text, needle));
        prop_assert_eq!(pairs.contains(&text, &other), text.contains(other.as_str()));
    }

    /// `http::is_credential_header`'s shape table rules out no name of the list, in any case.
    #[test]
    fn credential_header_shapes_keep_every_listed_name(
        name in prop_oneof![
            proptest::sample::select(authlens::http::CREDENTIAL_HEADERS),
            Just("accept"), Just("x-api-keys"), Just("authorisation"),
        ].prop_map(str::to_owned),
        upper in proptest::collection::vec(any::<bool>(), 32),
        noise in "[a-zA-Z0-9_-]{0,30}",
    ) {
        let cased: String = name
            .chars()
            .zip(upper.iter().cycle())
            .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
            .collect();
        for candidate in [cased.as_str(), noise.as_str()] {
            let listed = authlens::http::CREDENTIAL_HEADERS
                .iter()
                .any(|h| h.eq_ignore_ascii_case(candidate));
            prop_assert_eq!(authlens::http::is_credential_header(candidate), listed, "{}", candidate);
        }
    }
}

#[test]
fn pair_set_rules_out_absent_needles() {
    let pairs =
        authlens::bytes::PairSet::of(r#"{"error":{"message":"Incorrect API key provided"}}"#);
    assert!(!pairs.may_contain("Bad credentials"));
    assert!(!pairs.may_contain("UnrecognizedClientException"));
    assert!(pairs.may_contain("Incorrect API key"));
    assert!(pairs.may_contain("x"), "a one-byte needle always may");
    let empty = authlens::bytes::PairSet::of("");
    assert!(empty.may_contain("") && !empty.may_contain("ab"));
}
