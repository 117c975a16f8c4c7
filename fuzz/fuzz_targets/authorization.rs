//! `parse_credentials` on arbitrary text: no panic, and every span slices the input exactly.
#![cfg_attr(fuzzing, no_main)]

use authlens::parse::authorization::{parse_credentials, token68_invalid_chars, CredentialsForm};

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    for (offset, ch) in token68_invalid_chars(value) {
        assert_eq!(value[offset..].chars().next(), Some(ch));
    }
    let Ok(c) = parse_credentials(value) else {
        return;
    };
    assert_eq!(&value[c.scheme_span.clone()], c.scheme);
    assert_eq!(&value[c.separator_span.clone()], c.separator);
    assert_eq!(&value[c.rest_span.clone()], c.rest);
    let _ = &value[c.leading_whitespace.clone()];
    let _ = &value[c.trailing_whitespace.clone()];
    if let Some(pairs) = c.loose_params() {
        assert!(pairs.iter().all(|(name, _)| !name.is_empty()));
    }
    if let Some((word, span)) = c.nested_scheme() {
        assert_eq!(&value[span], word);
    }
    match &c.form {
        CredentialsForm::Params(params) => {
            for p in params {
                assert_eq!(&value[p.name_span.clone()], p.name);
                let _ = &value[p.value_span.clone()];
            }
        }
        CredentialsForm::Malformed(e) => assert!(value.is_char_boundary(e.offset)),
        CredentialsForm::Token68(t) => assert_eq!(*t, c.rest),
        CredentialsForm::Empty => assert!(c.rest.is_empty()),
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
