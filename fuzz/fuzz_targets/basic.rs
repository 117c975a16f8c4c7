//! `decode_basic` on arbitrary text, and on the base64 of arbitrary bytes.
#![no_main]

use authlens::parse::basic::decode_basic;
use base64::Engine;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
