//! `redact` and `fingerprint` on arbitrary text. Beyond not panicking, `redact` must not depend
//! on the hidden middle of a secret: replacing every hidden character (after the known prefix or
//! the first 4 chars, before the last 4 when those are shown) gives the same output. So for any
//! secret of 12 or more chars, the output never contains its middle unless the output of the
//! masked secret contains it too (a coincidence with the visible part or the length note).
#![cfg_attr(fuzzing, no_main)]

use authlens::providers::known_prefix;
use authlens::redact::{fingerprint, redact, MIN_CHARS_TO_SHOW_EDGES};

/// Stands in for every hidden character: it is in no provider prefix, so masking cannot change
/// which prefix the redaction shows.
const MASK: char = '#';

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(secret) = std::str::from_utf8(data) else {
        return;
    };
    let shown = redact(secret);
    let chars: Vec<char> = secret.chars().collect();
    let n = chars.len();
    assert!(
        n == 0 || shown.contains(&format!("({n} char")),
        "redaction does not state the length"
    );

    let print = fingerprint(secret);
    assert_eq!(print, fingerprint(secret));
    let hex = print.hex();
    assert!(hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
    // What is shown is the per-session salted digest, never the raw one; the short form is its
    // first 8 hex digits.
    let shown_print = print.to_string();
    assert!(shown_print.len() == 71 && shown_print.starts_with("sha256:"));
    assert_ne!(
        shown_print,
        format!("sha256:{hex}"),
        "a shown fingerprint is unsalted"
    );
    assert_eq!(print.short(), shown_print[..15]);

    if n < MIN_CHARS_TO_SHOW_EDGES {
        // Only the length: not one character of the secret.
        assert_eq!(
            shown,
            if n == 0 {
                "(empty)".to_owned()
            } else {
                format!("… ({n} {})", if n == 1 { "char" } else { "chars" })
            }
        );
        return;
    }
    let head_chars = match known_prefix(secret) {
        Some(prefix) => prefix.chars().count(),
        None => 4,
    };
    let hidden_end = if n - head_chars.min(n) >= 8 { n - 4 } else { n };
    if head_chars >= hidden_end {
        return;
    }
    let masked: String = chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if (head_chars..hidden_end).contains(&i) {
                MASK
            } else {
                c
            }
        })
        .collect();
    if known_prefix(&masked) != known_prefix(secret) {
        return;
    }
    let shown_masked = redact(&masked);
    assert_eq!(
        shown, shown_masked,
        "the redaction depends on hidden characters"
    );
    let middle: String = chars[head_chars..hidden_end].iter().collect();
    if !shown_masked.contains(&middle) {
        assert!(
            !shown.contains(&middle),
            "the redaction shows the secret's middle"
        );
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
