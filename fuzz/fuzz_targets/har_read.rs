//! `har::read_har` on arbitrary bytes, beyond the `har` target: error positions are inside the
//! input, skipped entries have no exchange, and the streaming reader (`HarDocument::entries`)
//! yields exactly the exchanges `read_har` gives.
#![cfg_attr(fuzzing, no_main)]

use authlens::har::{read_har, HarDocument, HarError};
use authlens::model::BODY_EXCERPT_LIMIT;

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(bytes: &[u8]) {
    match read_har(bytes) {
        Ok(log) => {
            assert_eq!(log.exchanges.len(), log.entry_indexes.len());
            assert!(
                log.entry_indexes.windows(2).all(|w| w[0] < w[1]),
                "entry indexes out of order"
            );
            for ex in &log.exchanges {
                if let Some(body) = &ex.response_body_excerpt {
                    assert!(body.len() <= BODY_EXCERPT_LIMIT);
                }
            }
            for issue in &log.issues {
                assert!(!issue.message.is_empty());
                if issue.skipped {
                    assert!(
                        log.entry_indexes.binary_search(&issue.entry_index).is_err(),
                        "a skipped entry has an exchange"
                    );
                }
            }
            let text =
                std::str::from_utf8(bytes).expect("read_har accepted bytes that are not UTF-8");
            let doc = HarDocument::parse(text).expect("HarDocument rejects what read_har accepts");
            let streamed: Vec<_> = doc.entries().filter_map(Result::ok).collect();
            assert_eq!(
                streamed, log.exchanges,
                "HarDocument::entries and read_har disagree"
            );
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            match e {
                HarError::NotUtf8 { byte_offset, .. } => {
                    assert!(byte_offset < bytes.len());
                    assert!(std::str::from_utf8(&bytes[..byte_offset]).is_ok());
                }
                HarError::NotJson { line, column, .. } => {
                    assert!(
                        line >= 1 && line <= bytes.iter().filter(|&&b| b == b'\n').count() + 1,
                        "line {line} past the end"
                    );
                    let _ = column;
                }
                HarError::Empty | HarError::NotHar { .. } => {}
            }
        }
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
