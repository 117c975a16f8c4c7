//! Paste detection on arbitrary text: no panic; a bare key keeps the exact bytes; errors print.
#![cfg_attr(fuzzing, no_main)]

use authlens::input::{parse_paste, PasteHints};

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let hints = PasteHints {
        status: Some(401),
        www_authenticate: Some("Bearer".into()),
        url: Some("/x".into()),
        now_ms: Some(0),
    };
    match parse_paste(text, &hints) {
        Ok(pasted) => {
            if let Some(credential) = &pasted.bare_credential {
                assert_eq!(credential, text);
            }
            for note in &pasted.notes {
                let _ = note.to_string();
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
