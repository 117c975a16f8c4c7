//! `har::read_har` on arbitrary bytes, beyond the `har` target: error positions are inside the
//! input, skipped entries have no exchange, and the streaming
//! reader fed one byte at a time emits exactly the exchanges `read_har` gives.
#![cfg_attr(fuzzing, no_main)]

use authlens::har::{read_har, HarError, HarEvent, HarReader};
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
            let mut streamed = Vec::new();
            let mut reader = HarReader::new();
            let mut sink = |e: HarEvent<'_>| {
                if let HarEvent::Exchange { exchange, .. } = e {
                    streamed.push(std::mem::take(exchange));
                }
            };
            for b in bytes.chunks(1) {
                reader
                    .feed(b, &mut sink)
                    .expect("read whole, so read byte by byte");
            }
            reader
                .finish(&mut sink)
                .expect("read whole, so read byte by byte");
            assert_eq!(
                streamed, log.exchanges,
                "the byte-by-byte stream and read_har disagree"
            );
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            match e {
                HarError::NotUtf8 { byte_offset, .. } => {
                    let at = usize::try_from(byte_offset).expect("an offset inside the input");
                    assert!(at < bytes.len(), "offset {at} past the end");
                    // The byte named starts an invalid sequence.
                    assert!(std::str::from_utf8(&bytes[at..]).is_err_and(|e| e.valid_up_to() == 0));
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
