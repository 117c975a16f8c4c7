//! `decode_jwt` and `looks_like_jwt` on arbitrary text, plus the claim accessors.
#![no_main]

use authlens::parse::jwt::{decode_jwt, looks_like_jwt, Jwt, JwtError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|token: &str| {
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
});
