//! `decode_basic` on arbitrary text, and on the base64 of arbitrary bytes.
#![cfg_attr(fuzzing, no_main)]

use authlens::parse::basic::decode_basic;
use base64::Engine;

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = decode_basic(text);
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    match decode_basic(&encoded) {
        Ok(c) => {
            assert_eq!(c.raw, data);
            for w in c.whitespace() {
                assert!(w.offset < data.len());
            }
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
