//! Digest challenge and credential validation on arbitrary header values.
#![no_main]

use authlens::parse::authorization::parse_credentials;
use authlens::parse::challenge::parse_challenges_lenient;
use authlens::parse::digest::{parse_digest_challenge, parse_digest_credentials};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let value = format!("Digest {text}");
    for c in parse_challenges_lenient(&[&value]).challenges {
        if let Err(e) = parse_digest_challenge(&c) {
            let _ = e.to_string();
        }
    }
    if let Ok(c) = parse_credentials(&value) {
        if let Err(e) = parse_digest_credentials(&c) {
            let _ = e.to_string();
        }
    }
});
