//! `bytes::{scan, placeholder, clean, quoted, percent_escapes}` on arbitrary text: no panic, every
//! offset is a char boundary of the input that holds the reported character, UTF-16 offsets agree
//! with the UTF-8 ones, and `clean` only ever removes characters.
#![cfg_attr(fuzzing, no_main)]

use authlens::bytes::{clean, percent_escapes, placeholder, quoted, scan, QuoteKind};
use authlens::model::SpanUnit;

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

fn assert_at(value: &str, byte_offset: usize, utf16_offset: usize, ch: char) {
    assert!(
        value.is_char_boundary(byte_offset),
        "offset {byte_offset} is not a char boundary"
    );
    assert_eq!(value[byte_offset..].chars().next(), Some(ch));
    assert_eq!(utf16_len(&value[..byte_offset]), utf16_offset);
}

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    let issues = scan(value);
    for pair in issues.windows(2) {
        assert!(
            pair[0].byte_offset < pair[1].byte_offset,
            "scan results out of order"
        );
    }
    for issue in &issues {
        assert_at(value, issue.byte_offset, issue.utf16_offset, issue.ch);
        assert!(!issue.label().is_empty());
        // A run is `count` copies of its character.
        let run = value
            .get(issue.byte_offset..issue.byte_offset + issue.byte_len())
            .expect("run inside the value");
        assert!(issue.count >= 1 && run.chars().all(|c| c == issue.ch));
    }

    if let Some(p) = placeholder(value) {
        assert_eq!(p.span.unit, SpanUnit::Utf8Bytes);
        assert!(p.span.start <= p.span.end && p.span.end <= value.len());
        assert!(
            value.get(p.span.start..p.span.end).is_some(),
            "placeholder span cuts a character"
        );
    }

    for span in percent_escapes(value) {
        let escape = value
            .get(span.start..span.end)
            .expect("percent escape span cuts a character");
        let digits = escape
            .strip_prefix('%')
            .expect("percent escape does not start with %");
        assert!(
            digits.len() == 2 && digits.bytes().all(|b| b.is_ascii_hexdigit()),
            "not a %HH escape"
        );
    }

    if let Some(q) = quoted(value) {
        let inner = value
            .get(q.inner.start..q.inner.end)
            .expect("quoted inner span cuts a character");
        let before = &value[..q.inner.start];
        let after = &value[q.inner.end..];
        assert!(before
            .trim_start_matches([' ', '\t', '\r', '\n'])
            .ends_with(q.open));
        // `\"…\"` (a JSON string stringified twice) closes with a backslash and a quote.
        let close_at = after.trim_end_matches([' ', '\t', '\r', '\n']);
        if q.kind == QuoteKind::EscapedDouble {
            assert!(close_at.starts_with("\\\""));
        } else {
            assert!(close_at.starts_with(q.close));
        }
        assert!(inner.len() < value.len());
    }

    let cleaned = clean(value);
    assert_eq!(cleaned.bytes_before, value.len());
    assert_eq!(cleaned.bytes_after, cleaned.value.len());
    for removed in &cleaned.removed {
        assert_at(value, removed.byte_offset, removed.utf16_offset, removed.ch);
    }
    for kept in &cleaned.kept {
        assert_at(value, kept.byte_offset, kept.utf16_offset, kept.ch);
    }
    // What is left plus what was removed is the input, character for character, in order.
    // Runs stand for `count` characters in a row; none are left out below `MAX_RUNS` runs.
    let removed_at: Vec<usize> = cleaned
        .removed
        .iter()
        .flat_map(|r| (0..r.count).map(move |k| r.byte_offset + k * r.ch.len_utf8()))
        .collect();
    if cleaned.removed_omitted > 0 {
        return;
    }
    let survivors: String = value
        .char_indices()
        .filter(|(i, _)| removed_at.binary_search(i).is_err())
        .map(|(_, c)| c)
        .collect();
    assert_eq!(survivors, cleaned.value);
    // Cleaning again only ever peels another pair of quotes (`""key""`): never anything else.
    let again = clean(&cleaned.value);
    if quoted(&cleaned.value).is_none() {
        assert!(
            again.removed.is_empty(),
            "a second clean of an unquoted value removed {:?}",
            again.removed
        );
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
