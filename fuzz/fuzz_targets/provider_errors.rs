//! `recognize_error_body` and `recognize_gateway` on arbitrary bodies, statuses, hosts and
//! response headers: no panic, and a recognised answer is consistent with the catalogue.
#![cfg_attr(fuzzing, no_main)]

use arbitrary::{Arbitrary, Unstructured};
use authlens::model::Header;
use authlens::providers::{provider, recognize_error_body, recognize_gateway};

#[derive(Debug, Arbitrary)]
struct Response<'a> {
    status: u16,
    host: Option<&'a str>,
    headers: Vec<(&'a str, &'a str)>,
    body: Option<&'a str>,
}

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(r) = Response::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let headers: Vec<Header> = r
        .headers
        .iter()
        .map(|(name, value)| Header::new(*name, *value))
        .collect();
    if let Some(body) = r.body {
        if let Some(err) = recognize_error_body(body, r.status, r.host) {
            assert!(!body.is_empty());
            assert!(
                !err.code.is_empty() && !err.meaning.is_empty() && !err.provider_name.is_empty()
            );
            if let Some(id) = err.provider_id {
                let p = provider(id).expect("provider_id names a catalogue entry");
                assert_eq!(p.name, err.provider_name);
            }
        }
    }
    if let Some(gateway) = recognize_gateway(&headers, r.body) {
        assert!(!gateway.name.is_empty() && !gateway.hint.is_empty());
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
