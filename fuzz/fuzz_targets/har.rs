//! HAR reading on arbitrary text: no panic, every entry accounted for, excerpts bounded, and
//! the same result whatever the chunking.
#![cfg_attr(fuzzing, no_main)]

use authlens::har::{read_har, HarLog, HarReader};
use authlens::model::BODY_EXCERPT_LIMIT;

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(bytes: &[u8]) {
    let whole = read_har(bytes);
    if let Ok(log) = &whole {
        assert_eq!(log.exchanges.len(), log.entry_indexes.len());
        assert!(log.entry_indexes.windows(2).all(|w| w[0] < w[1]));
        for ex in &log.exchanges {
            assert!(ex
                .response_body_excerpt
                .as_ref()
                .is_none_or(|b| b.len() <= BODY_EXCERPT_LIMIT));
        }
    }
    // The first byte picks a chunk size: the reader resumes inside every token.
    let size = usize::from(bytes.first().copied().unwrap_or(1) % 17) + 1;
    let mut log = HarLog::default();
    let mut reader = HarReader::new();
    let mut entries = None;
    let mut failed = None;
    for chunk in bytes.chunks(size) {
        if let Err(e) = reader.feed(chunk, &mut |e| log.add(e)) {
            failed = Some(e);
            break;
        }
    }
    let chunked = match failed {
        Some(e) => Err(e),
        None => reader.finish(&mut |e| log.add(e)).map(|summary| {
            entries = Some(summary.entries);
            log.creator = summary.creator;
            log.browser = summary.browser;
            log
        }),
    };
    assert_eq!(chunked, whole, "chunks of {size} read differently");
    if let (Ok(log), Some(entries)) = (&whole, entries) {
        // Every entry is an exchange or a skipped issue (a truncated file's incomplete entry
        // is counted as one).
        let skipped = log.issues.iter().filter(|i| i.skipped).count();
        assert!(log.exchanges.len() + skipped >= entries && log.exchanges.len() <= entries);
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
