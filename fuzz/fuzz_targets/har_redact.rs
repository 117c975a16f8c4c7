//! `har_redact::redact_har` on arbitrary bytes: never panics; when it succeeds the output is JSON
//! with the same number of entries, redacting it again changes nothing new, and `check`'s
//! read-back (`rehydrate`) of every string never panics.
#![cfg_attr(fuzzing, no_main)]

use authlens::har_redact::placeholder::{rehydrate, Salt};
use authlens::har_redact::{redact_har, RedactOptions};

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(bytes: &[u8]) {
    let salt = Salt::from_bytes([9; 32]);
    let mut out = Vec::new();
    if let Ok(report) = redact_har(bytes, &mut out, RedactOptions::default(), &salt) {
        let v: serde_json::Value = serde_json::from_slice(&out).expect("the output is JSON");
        let entries = v["log"]["entries"].as_array().map_or(0, Vec::len);
        assert_eq!(entries, report.entries);
        let text = String::from_utf8(out).expect("UTF-8");
        let _ = rehydrate(&text);
        let mut again = Vec::new();
        let second = redact_har(text.as_bytes(), &mut again, RedactOptions::default(), &salt)
            .expect("a redacted HAR redacts again");
        assert_eq!(second.entries, report.entries);
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
