//! Redaction never leaks a secret's middle; Secret never formats the full value.

use authlens::redact::{fingerprint, known_prefix, redact, Fingerprint, Secret};
use proptest::prelude::*;

fn fake(prefix: &str, body_len: usize) -> String {
    let alphabet = b"AbCdEfGhJkMnPqRsTuVwXyZ23456789";
    let body: String = (0..body_len)
        .map(|i| char::from(alphabet[(i * 7 + 3) % alphabet.len()]))
        .collect();
    format!("{prefix}{body}")
}

#[test]
fn keeps_the_provider_prefix_and_last_four() {
    let anthropic = format!("{}Xy9Q", fake("sk-ant-api03-", 91));
    assert_eq!(anthropic.len(), 108);
    assert_eq!(redact(&anthropic), "sk-ant-api03-…Xy9Q (108 chars)");
    let aws = fake("AKIA", 16);
    assert_eq!(redact(&aws), format!("AKIA…{} (20 chars)", &aws[16..]));
    assert_eq!(known_prefix("sk-proj-abc"), Some("sk-proj-"));
    assert_eq!(known_prefix("sk-abc"), Some("sk-"));
    assert_eq!(known_prefix("zzz"), None);
}

#[test]
fn unknown_secrets_show_at_most_a_quarter() {
    assert_eq!(redact("abcdefghijklmnop"), "ab…op (16 chars)");
    // A 12-char key used to show 8 of its chars; now 3 (62^9 combinations stay hidden).
    assert_eq!(redact("abcdefghijkl"), "a…kl (12 chars)");
    assert_eq!(
        redact("abcdefghijklmnopqrstuvwxyz012345"),
        "abcd…2345 (32 chars)"
    );
    assert_eq!(redact(&"x".repeat(200)), "xxxx…xxxx (200 chars)");
}

#[test]
fn short_secrets_show_only_their_length() {
    assert_eq!(redact("abcdefghijk"), "… (11 chars)");
    assert_eq!(redact("x"), "… (1 char)");
    assert_eq!(redact(""), "(empty)");
    // A long prefix with little after it: no tail.
    assert_eq!(
        redact("sk-ant-admin01-abcdef"),
        "sk-ant-admin01-… (21 chars)"
    );
}

#[test]
fn counts_chars_and_escapes_invisible_edges() {
    assert_eq!(redact("ключ-ключ-ключ"), "к…юч (14 chars)");
    assert_eq!(redact("abcdefghijklmno\n"), "ab…o\\x0a (16 chars)");
    assert_eq!(
        redact("\u{200B}bcdefghijklmnop"),
        "\\u{200B}b…op (16 chars)"
    );
}

proptest! {
    #[test]
    fn never_contains_the_middle(s in "[A-Za-z0-9_-]{12,120}") {
        let shown = redact(&s);
        let prefix_len = known_prefix(&s).map_or(4, str::len);
        let middle = &s[prefix_len.min(s.len())..s.len() - 4];
        // The middle cannot appear unless it also happens to be inside the visible edges.
        let head = &s[..prefix_len.min(s.len())];
        let tail = &s[s.len() - 4..];
        if middle.len() >= 4 && !head.contains(middle) && !tail.contains(middle) {
            prop_assert!(!shown.contains(middle), "{} leaks {}", shown, middle);
        }
        let visible = shown.chars().filter(|c| *c != '…').take_while(|c| *c != ' ').count();
        prop_assert!(visible <= prefix_len + 4);
    }

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,40}") {
        let r = redact(&s);
        prop_assert!(r.ends_with(')'));
    }
}

#[derive(Debug)]
#[allow(dead_code)]
struct Holder {
    key: Secret,
}

#[test]
fn secret_formatting_is_always_redacted() {
    let value = fake("sk-proj-", 60);
    let middle = &value[20..40];
    let secret = Secret::new(value.clone());
    for shown in [
        format!("{secret}"),
        format!("{secret:?}"),
        format!("{secret:#?}"),
        format!(
            "{:?}",
            Holder {
                key: secret.clone()
            }
        ),
        format!(
            "{:#?}",
            Holder {
                key: secret.clone()
            }
        ),
        serde_json::to_string(&secret).unwrap(),
    ] {
        assert!(!shown.contains(middle), "{shown}");
        assert!(shown.contains("sk-proj-…"), "{shown}");
    }
    assert_eq!(secret.expose(), value);
    assert_eq!(secret.len(), value.len());
    let back: Secret = serde_json::from_str("\"abc\"").unwrap();
    assert_eq!(back.expose(), "abc");
}

#[test]
fn fingerprints() {
    // FIPS 180-2 test vector.
    let abc = fingerprint("abc");
    assert_eq!(
        abc.hex(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // What is shown is salted per session: not the plain SHA-256 (which would let anyone
    // brute-force a short key from it), but stable within the session.
    assert!(abc.short().starts_with("sha256:") && abc.short().len() == 15);
    assert_ne!(abc.short(), "sha256:ba7816bf");
    assert_eq!(abc.short(), fingerprint("abc").short());
    assert!(!abc.to_string().contains("ba7816bf8f01cfea"));
    assert_eq!(abc.to_string().len(), 7 + 64);
    assert!(abc.to_string().starts_with(&abc.short()));
    assert_eq!(format!("{abc:?}"), format!("Fingerprint({})", abc.short()));
    assert_eq!(serde_json::to_string(&abc).unwrap(), format!("\"{abc}\""));
    assert_eq!(fingerprint("abc"), Secret::from("abc").fingerprint());
    assert_ne!(fingerprint("key"), fingerprint("key\n"));
    assert_ne!(fingerprint("key").short(), fingerprint("key\n").short());
    let f: Fingerprint = fingerprint("");
    assert_ne!(f.short(), "sha256:e3b0c442");
}
