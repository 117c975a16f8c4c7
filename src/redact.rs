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

/// Whether `c` must be shown escaped: it would be invisible, move the cursor, or start a
/// terminal escape sequence (C0/C1 controls, DEL, line separators, zero-width and bidi marks).
fn is_hidden(c: char) -> bool {
    c.is_control()
        || (c.is_whitespace() && c != ' ')
        || matches!(
            crate::bytes::classify_char(c),
            Some(crate::bytes::CharKind::Invisible | crate::bytes::CharKind::BidiControl)
        )
}

/// Writes `part`, escaping characters a reader could not see or that would break the line:
/// `\x1b` for controls below U+0100, `\u{200B}` for the others.
fn push_visible(out: &mut String, part: &str) {
    use std::fmt::Write as _;
    for c in part.chars() {
        if !is_hidden(c) {
            out.push(c);
        } else if u32::from(c) < 0x100 {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
        }
    }
}

/// `text` with every control, invisible and bidi character shown escaped (`\x1b`, `\u{200B}`):
/// what the CLI prints and the UI shows for any text from the input.
///
/// ```
/// assert_eq!(authlens::redact::escape("a\x1b]0;x\u{7}b\u{200B}"), "a\\x1b]0;x\\x07b\\u{200B}");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_visible(&mut out, text);
    out
}

/// The display form of a secret: a known provider prefix (public: it names the key's kind), `…`,
/// at most a quarter of the remaining chars split between its start and end (each at most 4),
/// and the length in chars, e.g. `sk-ant-api03-…Xy9Q (108 chars)`, `ab…op (16 chars)`. Secrets
/// shorter than [`MIN_CHARS_TO_SHOW_EDGES`] chars show only their length; with a known prefix, no
/// tail is shown unless at least 8 chars follow it. Three quarters of a secret always stay
/// hidden, so a short key cannot be brute-forced from what is shown (fingerprints are salted).
pub fn redact(secret: &str) -> String {
    let chars = secret.chars().count();
    if chars == 0 {
        return "(empty)".to_owned();
    }
    let unit = if chars == 1 { "char" } else { "chars" };
    if chars < MIN_CHARS_TO_SHOW_EDGES {
        return format!("… ({chars} {unit})");
    }
    let prefix = known_prefix(secret).unwrap_or("");
    let rest_chars = chars - prefix.chars().count();
    let budget = rest_chars / 4;
    let (head_chars, tail_chars) = if prefix.is_empty() {
        let head = (budget / 2).min(4);
        (head, (budget - head).min(4))
    } else if rest_chars >= 8 {
        (0, budget.min(4))
    } else {
        (0, 0)
    };
    let head_end = secret[prefix.len()..]
        .char_indices()
        .nth(head_chars)
        .map_or(secret.len(), |(i, _)| prefix.len() + i);
    let tail_start = if tail_chars == 0 {
        secret.len()
    } else {
        secret
            .char_indices()
            .rev()
            .nth(tail_chars - 1)
            .map_or(secret.len(), |(i, _)| i)
    };
    let mut out = String::with_capacity(head_end + 24);
    push_visible(&mut out, &secret[..head_end]);
    out.push('…');
    push_visible(&mut out, &secret[tail_start..]);
    out.push_str(&format!(" ({chars} {unit})"));
    out
}

/// Text from the input that is not the credential itself but may hold one, or hold terminal
/// escapes: a header or parameter name, a scheme word, a URL, a server's `error_description`.
/// Shown escaped ([`escape`]), at most [`TEXT_SHOWN_CHARS`] chars, with every run that looks like
/// a key (see [`looks_like_key`]) redacted; `Debug`, `Display` and `Serialize` give that form.
///
/// ```
/// use authlens::redact::Text;
/// let t = Text::new("token ghp_16C7e42F292c6912E7710c838347Ae178B4a was revoked\x1b[2J");
/// assert_eq!(t.to_string(), "token ghp_…8B4a (40 chars) was revoked\\x1b[2J");
/// assert_eq!(Text::new("x-api-key").to_string(), "x-api-key");
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Text {
    text: String,
    limit: usize,
}

/// A [`Text`] shows at most this many chars (then `…`).
pub const TEXT_SHOWN_CHARS: usize = 160;
/// A [`Text`] keeps at most this many bytes of what it was given: findings stay small whatever
/// the input (a 5 MB header value is not copied into a finding).
const TEXT_KEPT_BYTES: usize = 1024;

/// Characters a key is made of (token68, base64, hex, `:` of `id:secret`, `%` of escapes).
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '=' | '~' | ':' | '%')
}

/// Whether a run of key characters looks like a key rather than words: one of its parts
/// (between `-` `_` `:` `.` `~` `+` `=` `%`) has 12+ chars mixing letters and digits, or 16+
/// chars mixing upper and lower case. `cors-preflight-401` and `X-Shopify-Access-Token` are
/// words; `AKIAIOSFODNN7EXAMPLE`, a Telegram `123:AAH…` token and a hex key are keys.
///
/// ```
/// use authlens::redact::looks_like_key;
/// assert!(looks_like_key("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"));
/// assert!(!looks_like_key("squid-proxy-only-origin-401"));
/// ```
pub fn looks_like_key(run: &str) -> bool {
    run.split(['-', '_', ':', '.', '~', '+', '=', '%'])
        .any(|part| {
            let b = part.as_bytes();
            let digit = b.iter().any(u8::is_ascii_digit);
            let letter = b.iter().any(u8::is_ascii_alphabetic);
            let upper = b.iter().any(u8::is_ascii_uppercase);
            let lower = b.iter().any(u8::is_ascii_lowercase);
            (b.len() >= 12 && digit && letter) || (b.len() >= 16 && upper && lower)
        })
}

/// The limit of [`Text::sentence`].
pub const SENTENCE_SHOWN_CHARS: usize = 600;

impl Text {
    /// Text from the input, shown escaped, redacted and at most [`TEXT_SHOWN_CHARS`] chars.
    pub fn new(value: impl AsRef<str>) -> Self {
        Text::with_limit(value.as_ref(), TEXT_SHOWN_CHARS)
    }

    /// A longer text the engine assembled from input pieces (a list of hints quoting server
    /// text): shown like [`Text::new`], up to [`SENTENCE_SHOWN_CHARS`] chars.
    pub fn sentence(value: impl AsRef<str>) -> Self {
        Text::with_limit(value.as_ref(), SENTENCE_SHOWN_CHARS)
    }

    fn with_limit(value: &str, limit: usize) -> Self {
        let end = crate::text::floor_char_boundary(value, TEXT_KEPT_BYTES.max(limit * 4));
        let mut kept = value[..end].to_owned();
        if end < value.len() {
            kept.push('…');
        }
        Text { text: kept, limit }
    }

    /// The display form: escaped, bounded, key-like runs redacted.
    pub fn shown(&self) -> String {
        self.render(false)
    }

    /// Escaped and bounded, but key-like runs in full: only when the user asked to reveal.
    pub fn revealed(&self) -> String {
        self.render(true)
    }

    fn render(&self, reveal: bool) -> String {
        let mut bounded = self.text.as_str();
        if let Some((i, _)) = bounded.char_indices().nth(self.limit) {
            bounded = &bounded[..i];
        }
        let cut = bounded.len() < self.text.len();
        let mut out = String::with_capacity(bounded.len() + 8);
        let mut rest = bounded;
        while !rest.is_empty() {
            let start = rest.find(is_key_char).unwrap_or(rest.len());
            push_visible(&mut out, &rest[..start]);
            rest = &rest[start..];
            let end = rest.find(|c: char| !is_key_char(c)).unwrap_or(rest.len());
            let run = &rest[..end];
            if !reveal && looks_like_key(run) {
                out.push_str(&redact(run));
            } else {
                out.push_str(run);
            }
            rest = &rest[end..];
        }
        if cut {
            out.push('…');
        }
        out
    }
}

impl From<&str> for Text {
    fn from(value: &str) -> Self {
        Text::new(value)
    }
}

impl From<String> for Text {
    fn from(value: String) -> Self {
        Text::new(value)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Text({})", self.shown())
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

/// SHA-256 of a secret's exact bytes: compares keys (a reference key, the last successful
/// request) without showing them. What it shows ([`Fingerprint::short`], `Display`, `Serialize`)
/// is salted with a random per-session salt ([`set_session_salt`]): equal keys show equal
/// fingerprints within one session or export, but a shown fingerprint cannot be used to
/// brute-force a short key offline.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 32]);

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    s
}

static SESSION_SALT: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();

/// `text` (an error message of a parser such as serde_json, which quotes the offending value
/// whole) with every `"…"` replaced by `"…" (N chars)` and every `` `…` `` shown as a short
/// redacted excerpt: a message never quotes the input.
///
/// ```
/// let m = authlens::redact::without_quoted_input(r#"invalid type: string "ghp_secretsecret", expected u16"#);
/// assert_eq!(m, r#"invalid type: string "…" (16 chars), expected u16"#);
/// ```
pub fn without_quoted_input(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(256));
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => {
                let mut n = 0usize;
                while let Some((_, d)) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                            n += 1;
                        }
                        '"' => break,
                        _ => n += 1,
                    }
                }
                out.push_str(&format!("\"…\" ({n} chars)"));
            }
            '`' => {
                let mut inner = String::new();
                for (_, d) in chars.by_ref() {
                    if d == '`' {
                        break;
                    }
                    if inner.len() < 64 {
                        inner.push(d);
                    }
                }
                let shown = Text::new(&inner).shown();
                out.push('`');
                out.push_str(&shown);
                out.push('`');
            }
            _ => out.push(c),
        }
    }
    out
}

/// Sets the salt of shown fingerprints, once, before any is shown (the wasm binding passes bytes
/// from `crypto.getRandomValues`); returns whether it was set. Natively the salt comes from the
/// OS-seeded keys of [`std::collections::hash_map::RandomState`].
pub fn set_session_salt(salt: [u8; 32]) -> bool {
    SESSION_SALT.set(salt).is_ok()
}

fn session_salt() -> &'static [u8; 32] {
    SESSION_SALT.get_or_init(|| {
        use std::hash::{BuildHasher, Hasher};
        let mut salt = [0u8; 32];
        for (i, chunk) in salt.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            // The address of a local varies with ASLR where RandomState has no entropy.
            h.write_usize(std::ptr::addr_of!(chunk) as usize);
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
        salt
    })
}

impl Fingerprint {
    /// The 32 digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// All 64 hex digits of the unsalted SHA-256, lower case: for comparisons and tests only,
    /// never for output (it would let anyone brute-force a short key).
    pub fn hex(&self) -> String {
        hex(&self.0)
    }

    /// The salted form that may be shown: SHA-256 of the session salt and the digest.
    fn salted(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(session_salt());
        h.update(self.0);
        h.finalize().into()
    }

    /// `sha256:` and the first 8 hex digits of the salted digest, e.g. `sha256:1a2b3c4d`.
    pub fn short(&self) -> String {
        format!("sha256:{}", hex(&self.salted()[..4]))
    }
}

impl fmt::Display for Fingerprint {
    /// `sha256:` and all 64 hex digits of the salted digest.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256:{}", hex(&self.salted()))
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
