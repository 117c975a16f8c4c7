//! Paste detection on arbitrary text: no panic; a bare key keeps the exact bytes; errors print.
#![no_main]

use authlens::input::{parse_paste, PasteHints};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
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
});
