//! Inputs the fuzz targets (`fuzz/fuzz_targets/`) found at the edges of the engine's contracts,
//! kept as plain tests so `cargo test` guards them without a nightly toolchain. Run the targets
//! with `fuzz/seed.sh && fuzz/run-all.sh 60`.

use authlens::bytes::{clean, quoted, CharKind, QuoteKind};
use authlens::input::{parse_paste, InputError, PasteHints};
use authlens::model::Span;
use authlens::redact::redact;

/// `redact` target: the empty secret has no length note, only `(empty)`.
#[test]
fn redact_of_empty_secret_says_empty() {
    assert_eq!(redact(""), "(empty)");
    assert_eq!(redact("a"), "… (1 char)");
}

/// `bytes` target: `clean` removes one pair of surrounding quotes per call, so a value quoted
/// twice keeps its inner pair (reported as a quote pair by `quoted`) until cleaned again.
#[test]
fn clean_peels_one_pair_of_quotes_per_call() {
    let once = clean("\"\"abc\"\"");
    assert_eq!(once.value, "\"abc\"");
    assert_eq!(
        once.removed
            .iter()
            .map(|r| (r.byte_offset, r.kind))
            .collect::<Vec<_>>(),
        vec![(0, CharKind::Quote), (6, CharKind::Quote)]
    );
    assert_eq!(quoted(&once.value).map(|q| q.kind), Some(QuoteKind::Double));
    let twice = clean(&once.value);
    assert_eq!(twice.value, "abc");
    assert!(clean(&twice.value).removed.is_empty());
}

/// `bytes` target (`XCJcIg==`): `\"\"` is an escaped-double pair around nothing; the inner span
/// sits between the two backslash-quote pairs.
#[test]
fn escaped_double_quotes_around_nothing() {
    let q = quoted("\\\"\\\"").expect("escaped double quotes");
    assert_eq!(q.kind, QuoteKind::EscapedDouble);
    assert_eq!(q.inner, Span::bytes(2, 2));
    let padded = quoted(" \\\"\\\"\n").expect("escaped double quotes with whitespace");
    assert_eq!(padded.inner, Span::bytes(3, 3));
}

/// `paste` target: combined short curl options (`-sH`) report the one that lacks its value by its
/// own letter, which need not appear after a `-` in the paste.
#[test]
fn combined_curl_short_options_name_the_option_missing_a_value() {
    let err = parse_paste("curl -sH", &PasteHints::default()).expect_err("-H needs a value");
    assert_eq!(
        err,
        InputError::MissingOptionValue {
            option: "-H".to_owned()
        }
    );
}

/// `rules` target (`fuzz/regressions/rules/databricks-layout-cut-inside-a-character`): the
/// Databricks layout cut the key at byte 36 with `split_at`, which panics (in the wasm: the page
/// dies) when that byte is inside a character, as a smart quote pasted after a key is.
#[test]
fn key_layouts_never_cut_inside_a_character() {
    let hex = "0123456789abcdef0123456789abcdef";
    for key in [
        format!("dapi{}\u{201C}x", &hex[..31]),
        format!("dapi{hex}\u{201C}"),
        format!("dapi{}\u{e9}", &hex[..31]),
        format!("\u{201C}dapi{hex}"),
    ] {
        for end in 0..=key.len() {
            if let Some(prefix) = key.get(..end) {
                let _ = authlens::providers::recognize_key(prefix);
            }
        }
    }
    // Near miss and control: the well-formed key with a suffix is still read as Databricks.
    for key in [format!("dapi{hex}"), format!("dapi{hex}-2")] {
        let reading = authlens::providers::recognize_key(&key);
        assert!(
            reading
                .matches
                .iter()
                .any(|m| m.provider_id.contains("databricks")),
            "{key}: {:?}",
            reading.matches.first().map(|m| m.provider_id)
        );
    }
}

/// The Databricks panic above was one layout among 228: every kind's layout, recognition as a
/// whole and redaction are run over its own fake key with a multibyte character put at every position (inserted,
/// replacing the character there, and ending a cut-short key), so no layout can slice inside a
/// character unnoticed.
#[test]
fn every_key_layout_survives_a_character_at_any_byte() {
    use authlens::providers::{fake_key, recognize_key, PROVIDERS};
    let mut calls = 0;
    for provider in PROVIDERS {
        for kind in provider.keys {
            let key = fake_key(provider, kind, 7);
            let bounds: Vec<usize> = key
                .char_indices()
                .map(|(i, _)| i)
                .chain([key.len()])
                .collect();
            for &at in &bounds {
                let next = key[at..].chars().next().map_or(0, char::len_utf8);
                for odd in ["\u{201C}", "\u{e9}", "\u{1F511}"] {
                    for variant in [
                        format!("{}{odd}{}", &key[..at], &key[at..]),
                        format!("{}{odd}{}", &key[..at], &key[at + next..]),
                        format!("{}{odd}", &key[..at]),
                    ] {
                        if let Some(layout) = kind.layout {
                            let _ = layout(&variant);
                        }
                        let _ = recognize_key(&variant);
                        let _ = authlens::redact::redact(&variant);
                        calls += 1;
                    }
                }
            }
        }
    }
    assert!(
        calls > 10_000,
        "only {calls} variants: the catalogue looks empty"
    );
}
