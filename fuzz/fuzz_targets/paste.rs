//! `input::parse_paste` on arbitrary text and hints: no panic; the result's shape matches its
//! kind; a bare credential is the paste byte for byte; hints fill only what the paste left out;
//! error positions are inside the paste.
#![cfg_attr(fuzzing, no_main)]

use arbitrary::{Arbitrary, Unstructured};
use authlens::input::{parse_paste, InputError, PasteHints, PasteKind};

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    status: Option<u16>,
    www_authenticate: Option<&'a str>,
    url: Option<&'a str>,
    now_ms: Option<i64>,
    /// Last, so it takes the rest of the input: `fuzz/seed.sh` writes four zero bytes (no hints)
    /// and then a paste.
    text: &'a str,
}

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(input) = Input::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let hints = PasteHints {
        status: input.status,
        www_authenticate: input.www_authenticate.map(str::to_owned),
        url: input.url.map(str::to_owned),
        now_ms: input.now_ms,
    };
    let text = input.text;
    match parse_paste(text, &hints) {
        Ok(pasted) => {
            match pasted.kind {
                PasteKind::RawKey | PasteKind::Jwt => {
                    assert!(pasted.exchanges.is_empty());
                    assert_eq!(
                        pasted.bare_credential.as_deref(),
                        Some(text),
                        "a bare credential must be kept byte for byte"
                    );
                }
                PasteKind::Har => {
                    assert!(pasted.har.is_some() && pasted.bare_credential.is_none());
                    let har = pasted.har.as_ref().map_or(0, |h| h.entry_indexes.len());
                    assert_eq!(har, pasted.exchanges.len());
                }
                _ => {
                    assert_eq!(
                        pasted.exchanges.len(),
                        1,
                        "{} gives one exchange",
                        pasted.kind
                    );
                    assert!(pasted.bare_credential.is_none());
                    let ex = &pasted.exchanges[0];
                    if let Some(status) = hints.status {
                        assert!(
                            ex.status != 0 || status == 0,
                            "the status hint was not applied"
                        );
                    }
                    if hints.www_authenticate.is_some() {
                        assert!(
                            ex.response_header("www-authenticate").is_some(),
                            "the WWW-Authenticate hint was not applied"
                        );
                    }
                    assert!(!ex.method.is_empty());
                }
            }
            for note in &pasted.notes {
                assert!(!note.to_string().is_empty());
            }
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            match e.clone() {
                InputError::Empty => assert!(text.trim().is_empty()),
                InputError::UnterminatedQuote { quote, byte_offset } => {
                    assert!(text.is_char_boundary(byte_offset) && byte_offset < text.len());
                    assert!(
                        text[byte_offset..].starts_with(quote)
                            || text[byte_offset..].starts_with("$'"),
                        "no {quote} quote at {byte_offset}"
                    );
                }
                // Bare-CR line endings count as line breaks too.
                InputError::InvalidHeaderLine { line } | InputError::InvalidStatusLine { line } => {
                    assert!(
                        line >= 1 && line <= text.matches(['\n', '\r']).count() + 1,
                        "line {line} past the end"
                    );
                }
                // Every item takes at least one byte.
                InputError::TooLarge { limit, .. } => assert!(text.len() > limit),
                InputError::UnsupportedDocument { .. } => {}
                InputError::NotUtf8 { .. } | InputError::InvalidUtf16 { .. } => {
                    panic!("parse_paste reads text: {e:?}")
                }
                // Combined short options (`-sH`) report the one that lacks a value as `-H`.
                InputError::MissingOptionValue { option } => {
                    assert!(text.contains(option.trim_start_matches('-')))
                }
                InputError::Har(_) => assert!(text
                    .trim_start_matches('\u{FEFF}')
                    .trim_start()
                    .starts_with(['{', '['])),
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
