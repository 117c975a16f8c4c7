//! HAR reading on arbitrary text: no panic, every exchange accounted for, excerpts bounded.
#![cfg_attr(fuzzing, no_main)]

use authlens::har::{read_har, HarDocument};
use authlens::model::BODY_EXCERPT_LIMIT;

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(bytes: &[u8]) {
    if let Ok(log) = read_har(bytes) {
        assert_eq!(log.exchanges.len(), log.entry_indexes.len());
        assert!(log.entry_indexes.windows(2).all(|w| w[0] < w[1]));
        for ex in &log.exchanges {
            assert!(ex
                .response_body_excerpt
                .as_ref()
                .is_none_or(|b| b.len() <= BODY_EXCERPT_LIMIT));
        }
        let text = std::str::from_utf8(bytes).expect("read_har accepted it, so it is UTF-8");
        let doc = HarDocument::parse(text).expect("same input parses as a document");
        assert_eq!(
            doc.len(),
            log.exchanges.len() + log.issues.iter().filter(|i| i.skipped).count()
        );
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
