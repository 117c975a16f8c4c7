//! Digest challenge and credential validation on arbitrary header values.
#![cfg_attr(fuzzing, no_main)]

use authlens::parse::authorization::parse_credentials;
use authlens::parse::challenge::parse_challenges_lenient;
use authlens::parse::digest::{parse_digest_challenge, parse_digest_credentials};

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
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
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
