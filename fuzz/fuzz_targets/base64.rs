//! Base64 decoding on arbitrary text in every mode, and exact round-trips of arbitrary bytes.
#![cfg_attr(fuzzing, no_main)]

use authlens::parse::base64::{decode, detect_alphabet, Alphabet, Base64Error, Padding};
use base64::Engine;

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = detect_alphabet(text);
        for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
            for padding in [Padding::Required, Padding::Forbidden, Padding::Optional] {
                match decode(text, alphabet, padding) {
                    Err(Base64Error::InvalidChar { offset, ch }) => {
                        assert_eq!(text[offset..].chars().next(), Some(ch))
                    }
                    Err(Base64Error::UnexpectedPadding { offset }) => {
                        assert_eq!(text.as_bytes()[offset], b'=')
                    }
                    _ => {}
                }
            }
        }
    }
    let standard = base64::engine::general_purpose::STANDARD.encode(data);
    assert_eq!(
        decode(&standard, Alphabet::Standard, Padding::Required).as_deref(),
        Ok(data)
    );
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data);
    assert_eq!(
        decode(&url, Alphabet::UrlSafe, Padding::Forbidden).as_deref(),
        Ok(data)
    );
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
