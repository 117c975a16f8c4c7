//! Key and host recognition on arbitrary text: `recognize_key`, `known_prefix`,
//! `check_key_for_provider`, `provider_for_host` and `providers_for_host`. No panic, reported
//! offsets and prefixes fit the key, and the best reading comes first.
#![cfg_attr(fuzzing, no_main)]

use authlens::providers::{
    check_key_for_provider, known_prefix, provider_for_host, providers_for_host, recognize_key,
    PROVIDERS,
};

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(key) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(prefix) = known_prefix(key) {
        assert!(key.starts_with(prefix));
    }
    let recognition = recognize_key(key);
    for m in &recognition.matches {
        assert!(m.prefix_len <= key.len() && key.is_char_boundary(m.prefix_len));
        if let Some(at) = m.shape.bad_char_at {
            assert!(
                key.is_char_boundary(at) && at < key.len(),
                "bad_char_at {at} outside the key"
            );
        }
        let provider = m.provider().expect("a match names a catalogue provider");
        assert!(
            provider.key_kind(m.kind).is_some(),
            "a match names a kind of its provider"
        );
    }
    if let (Some(best), Some(_)) = (recognition.best(), recognition.matches.get(1)) {
        assert!(recognition
            .matches
            .iter()
            .all(|m| m.confidence <= best.confidence));
    }
    // Only a handful of providers per input keep the target fast.
    let pick = key.len() % PROVIDERS.len().max(1);
    if let Some(provider) = PROVIDERS.get(pick) {
        if let Some(m) = check_key_for_provider(key, provider) {
            assert_eq!(m.provider_id, provider.id);
            assert!(m.prefix_len <= key.len() && key.is_char_boundary(m.prefix_len));
        }
    }

    // The single answer is the first of the full list: most specific pattern, then catalogue order.
    let hosts = providers_for_host(key);
    assert_eq!(
        provider_for_host(key).map(|p| p.id),
        hosts.first().map(|p| p.id)
    );
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
