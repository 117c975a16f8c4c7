//! Redaction and fingerprints: how the engine shows and compares secrets without revealing them.
//!
//! ```
//! use authlens::redact::{fingerprint, redact, Secret};
//!
//! let key = format!("ghp_{}Xy9Q", "a".repeat(32));
//! assert_eq!(redact(&key), "ghp_…Xy9Q (40 chars)");
//! assert_eq!(redact("hunter2"), "… (7 chars)");
//!
//! let secret = Secret::new(key.clone());
//! assert_eq!(format!("{secret}"), "ghp_…Xy9Q (40 chars)");
//! assert!(!format!("{secret:?}").contains("aaaa"));
//! assert_eq!(secret.expose(), key);
//! assert_eq!(secret.fingerprint(), fingerprint(&key));
//! assert!(fingerprint(&key).short().starts_with("sha256:"));
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

pub use crate::providers::known_prefix;

/// Secrets shorter than this (in chars) show nothing but their length.
pub const MIN_CHARS_TO_SHOW_EDGES: usize = 12;

/// Writes `part`, escaping characters a reader could not see or that would break the line.
fn push_visible(out: &mut String, part: &str) {
    for c in part.chars() {
        let hidden = c.is_control()
            || (c.is_whitespace() && c != ' ')
            || matches!(
                crate::bytes::classify_char(c),
                Some(crate::bytes::CharKind::Invisible | crate::bytes::CharKind::BidiControl)
            );
        if hidden {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
}

/// The display form of a secret: a known provider prefix (or the first 4 chars), `…`, the last 4
/// chars and the length in chars, e.g. `sk-ant-api03-…Xy9Q (108 chars)`. Secrets shorter than
/// [`MIN_CHARS_TO_SHOW_EDGES`] chars show only their length; the last 4 are shown only when at
/// least 8 chars follow the prefix.
pub fn redact(secret: &str) -> String {
    let chars = secret.chars().count();
    if chars == 0 {
        return "(empty)".to_owned();
    }
    let unit = if chars == 1 { "char" } else { "chars" };
    if chars < MIN_CHARS_TO_SHOW_EDGES {
        return format!("… ({chars} {unit})");
    }
    let head_end = match known_prefix(secret) {
        Some(prefix) => prefix.len(),
        None => secret
            .char_indices()
            .nth(4)
            .map_or(secret.len(), |(i, _)| i),
    };
    let head = secret.get(..head_end).unwrap_or("");
    let rest_chars = chars - head.chars().count();
    let mut out = String::with_capacity(head.len() + 24);
    push_visible(&mut out, head);
    out.push('…');
    // Keep at least 4 chars after the prefix hidden: no tail when fewer than 8 follow it.
    if rest_chars >= 8 {
        let tail_start = secret
            .char_indices()
            .rev()
            .nth(3)
            .map_or(secret.len(), |(i, _)| i);
        push_visible(&mut out, secret.get(tail_start..).unwrap_or(""));
    }
    out.push_str(&format!(" ({chars} {unit})"));
    out
}

/// SHA-256 of a secret's exact bytes: compares keys (a reference key, the last successful
/// request) without showing them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 32]);

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Fingerprint {
    /// The 32 digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// All 64 hex digits, lower case.
    pub fn hex(&self) -> String {
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0xF)]));
        }
        s
    }

    /// `sha256:` and the first 8 hex digits, e.g. `sha256:1a2b3c4d`.
    pub fn short(&self) -> String {
        let hex = self.hex();
        format!("sha256:{}", hex.get(..8).unwrap_or(""))
    }
}

impl fmt::Display for Fingerprint {
    /// `sha256:` and all 64 hex digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", self.hex())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.short())
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Fingerprint of the exact bytes of `secret` (no trimming: `"key"` and `"key\n"` differ).
pub fn fingerprint(secret: &str) -> Fingerprint {
    Fingerprint(Sha256::digest(secret.as_bytes()).into())
}

/// A credential the engine holds. `Debug`, `Display` and `Serialize` all give the redacted form;
/// only [`Secret::expose`] returns the value. The bytes are overwritten when it is dropped.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The full secret. Call only to analyse it or when the user explicitly asked to reveal it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The redacted form (prefix…last4).
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// The fingerprint of the exact bytes.
    pub fn fingerprint(&self) -> Fingerprint {
        fingerprint(&self.0)
    }

    /// Length in UTF-8 bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Serialize for Secret {
    /// The redacted form: serialising a report never leaks the key.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.redacted())
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.fill(0);
        std::hint::black_box(&bytes);
    }
}
