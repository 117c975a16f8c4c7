//! `decode_jwt` and `looks_like_jwt` on arbitrary text, plus the claim accessors.
#![cfg_attr(fuzzing, no_main)]

use authlens::parse::jwt::{decode_jwt, looks_like_jwt, Jwt, JwtError};

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let _ = looks_like_jwt(token);
    match decode_jwt(token) {
        Ok(Jwt::Signed(j)) => {
            for s in &j.segments {
                let _ = &token[s.clone()];
            }
            let _ = (
                j.exp(),
                j.nbf(),
                j.iat(),
                j.aud(),
                j.iss(),
                j.sub(),
                j.scope(),
                j.is_alg_none(),
            );
            if let Ok(Some(d)) = j.exp() {
                let _ = d.unix_millis();
            }
        }
        Ok(Jwt::Encrypted(j)) => {
            for s in &j.segments {
                let _ = &token[s.clone()];
            }
            let _ = (j.alg(), j.enc());
        }
        Err(JwtError::Base64 { offset, .. }) | Err(JwtError::EmptySegment { offset, .. }) => {
            assert!(token.is_char_boundary(offset));
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
