//! The `authlens-redacted:` placeholder: what replaces a secret, and the stand-in `check` reads
//! back in its place.
//!
//! ```
//! use authlens::har_redact::placeholder::{redact_secret, rehydrate, Salt, SecretMode};
//!
//! let salt = Salt::from_bytes([7; 32]);
//! let key = format!("ghp_{}", "a1B2c3D4e5".repeat(3)) + "000000";
//! let p = redact_secret(&key, SecretMode::Token { host_provider: None }, &salt);
//! assert!(p.text.starts_with("authlens-redacted:v1:key:"));
//! assert!(!p.text.contains("a1B2c3"));
//! // `check` analyses a stand-in with the same prefix, length and shape.
//! let stand_in = rehydrate(&p.text).unwrap();
//! assert!(stand_in.starts_with("ghp_") && stand_in.len() == key.len());
//! ```
//!
//! Grammar (documented in docs/redaction.md):
//!
//! ```text
//! placeholder = "authlens-redacted:v1:" type *(":" field) "~"
//! type        = "key" | "jwt" | "basic" | "secret"
//! field       = name "." value            ; value: A-Z a-z 0-9 . _ -
//! template    = item *("." item)
//! item        = count class               ; count filler characters of a class
//!             | "q" literal               ; kept text (a documented prefix, a public part)
//!             | "c" hex                   ; one kept character, by code point
//! class       = "a" (A-Za-z0-9) | "d" digit | "l" lower | "u" upper
//!             | "h" (0-9a-f) | "H" (0-9A-F) | "x" (0-9a-fA-F)
//! ```
//!
//! Every character of a placeholder is in `A-Z a-z 0-9 - . _ ~ :`, so it is a valid header value,
//! token68-like word, cookie value, URL query value and JSON string without escaping.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::providers::{
    base62_crc32, check_key_for_provider, recognize_key, Alphabet, ChecksumKind, ChecksumResult,
    Confidence, KeyKind, Provider,
};

/// The text every placeholder starts with.
pub const MARKER: &str = "authlens-redacted:";
const VERSION: &str = "v1";

/// A per-export secret that keys the fingerprints: equal secrets in one export get equal
/// fingerprints; without the salt (never written to the file) a fingerprint cannot be tested
/// against guessed passwords.
#[derive(Clone)]
pub struct Salt([u8; 32]);

impl Salt {
    /// A salt from 32 bytes (fixed in tests, random in exports).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Salt(bytes)
    }

    /// A fresh random salt from the operating system (native builds). The browser passes bytes
    /// from `crypto.getRandomValues` to [`Salt::from_bytes`] instead.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn random() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut bytes = [0u8; 32];
        if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
            use std::io::Read;
            if f.read_exact(&mut bytes).is_ok() {
                return Salt(bytes);
            }
        }
        // Elsewhere: std's per-process random SipHash keys, four draws.
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_usize(i);
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
        Salt(bytes)
    }

    /// Salted fingerprint: the first 48 bits of SHA-256(salt ‖ 0 ‖ secret), as 12 hex digits.
    pub fn fingerprint(&self, secret: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.0);
        h.update([0u8]);
        h.update(secret.as_bytes());
        let d = h.finalize();
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(12);
        for b in d.iter().take(6) {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 15)]));
        }
        s
    }
}

impl std::fmt::Debug for Salt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Salt(..)")
    }
}

/// How a secret is described.
#[derive(Debug, Clone, Copy)]
pub enum SecretMode<'a> {
    /// A token or key: recognised against the catalogue (with the request host's provider when
    /// known); every non-alphanumeric character is kept in place.
    Token {
        /// The provider the request's host belongs to, if any.
        host_provider: Option<&'static Provider>,
    },
    /// A password: only its length and its odd characters (whitespace, controls, non-ASCII,
    /// quotes) are kept.
    Password,
    /// The decoded user id of a Basic credential: its shape (punctuation kept), or the
    /// provider's documented user word (`api`, `__token__`) verbatim.
    BasicUser {
        /// The Basic user names providers document.
        documented: &'a [&'a str],
        /// The provider the request's host belongs to (Twilio's user is the Account SID).
        host_provider: Option<&'static Provider>,
    },
}

/// What a secret was replaced by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted {
    /// The placeholder (or, for a JWT, `header.payload.` followed by the placeholder).
    pub text: String,
    /// What kind of secret it was: `key`, `jwt`, `basic` or `secret`.
    pub what: &'static str,
    /// The catalogue provider name, for a recognised key.
    pub provider: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Alnum,
    Digit,
    Lower,
    Upper,
    HexLower,
    HexUpper,
    Hex,
}

impl Class {
    fn letter(self) -> char {
        match self {
            Class::Alnum => 'a',
            Class::Digit => 'd',
            Class::Lower => 'l',
            Class::Upper => 'u',
            Class::HexLower => 'h',
            Class::HexUpper => 'H',
            Class::Hex => 'x',
        }
    }
    fn from_letter(c: char) -> Option<Class> {
        Some(match c {
            'a' => Class::Alnum,
            'd' => Class::Digit,
            'l' => Class::Lower,
            'u' => Class::Upper,
            'h' => Class::HexLower,
            'H' => Class::HexUpper,
            'x' => Class::Hex,
            _ => return None,
        })
    }
    fn chars(self) -> &'static [u8] {
        match self {
            Class::Alnum => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            Class::Digit => b"0123456789",
            Class::Lower => b"abcdefghijklmnopqrstuvwxyz",
            Class::Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            Class::HexLower => b"0123456789abcdef",
            Class::HexUpper => b"0123456789ABCDEF",
            Class::Hex => b"0123456789abcdefABCDEF",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Fill(usize, Class),
    Lit(String),
    Char(char),
}

/// Characters a `q` literal may hold (the placeholder alphabet minus the separators).
fn is_lit_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn push_fill(items: &mut Vec<Item>, class: Class) {
    if let Some(Item::Fill(n, c)) = items.last_mut() {
        if *c == class {
            *n += 1;
            return;
        }
    }
    items.push(Item::Fill(1, class));
}

fn push_lit(items: &mut Vec<Item>, text: &str) {
    for c in text.chars() {
        if is_lit_char(c) {
            if let Some(Item::Lit(s)) = items.last_mut() {
                s.push(c);
                continue;
            }
            items.push(Item::Lit(c.to_string()));
        } else {
            items.push(Item::Char(c));
        }
    }
}

fn write_template(items: &[Item]) -> String {
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        match item {
            Item::Fill(n, c) => {
                let _ = write!(out, "{n}{}", c.letter());
            }
            Item::Lit(s) => {
                out.push('q');
                out.push_str(s);
            }
            Item::Char(c) => {
                let _ = write!(out, "c{:X}", u32::from(*c));
            }
        }
    }
    out
}

fn parse_template(text: &str) -> Option<Vec<Item>> {
    let mut items = Vec::new();
    if text.is_empty() {
        return Some(items);
    }
    for part in text.split('.') {
        let mut chars = part.chars();
        let first = chars.next()?;
        let rest = chars.as_str();
        let item = match first {
            'q' => Item::Lit(rest.to_owned()),
            'c' => Item::Char(char::from_u32(u32::from_str_radix(rest, 16).ok()?)?),
            d if d.is_ascii_digit() => {
                let class = Class::from_letter(part.chars().last()?)?;
                let n: usize = part.get(..part.len() - 1)?.parse().ok()?;
                // A stand-in is never larger than a HAR could hold.
                if n > 1 << 26 {
                    return None;
                }
                Item::Fill(n, class)
            }
            _ => return None,
        };
        items.push(item);
    }
    Some(items)
}

/// Characters the rules single out (whitespace, controls, invisible and non-ASCII characters,
/// quotes): kept in place, by code point, whatever the mode.
fn is_odd(c: char) -> bool {
    !c.is_ascii_graphic() || matches!(c, '"' | '\'' | '`' | '\\')
}

fn token_class(value: &str) -> Class {
    let alnum = || value.chars().filter(char::is_ascii_alphanumeric);
    if alnum().all(|c| c.is_ascii_digit()) {
        Class::Digit
    } else if alnum().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)) {
        Class::HexLower
    } else if alnum().all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)) {
        Class::HexUpper
    } else {
        Class::Alnum
    }
}

fn char_class(c: char) -> Class {
    if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_ascii_lowercase() {
        Class::Lower
    } else {
        Class::Upper
    }
}

/// Template of `value`, keeping `keep` byte ranges literally.
fn template_of(value: &str, keep: &[std::ops::Range<usize>], mode: TemplateMode) -> Vec<Item> {
    let mut items = Vec::new();
    // Three scans of the value: only for the mode that uses it.
    let opaque_class = if matches!(mode, TemplateMode::Opaque) {
        token_class(value)
    } else {
        Class::Alnum
    };
    // The current letter-and-digit segment: where it ends, and its class.
    let mut segment: Option<(usize, Class)> = None;
    let mut i = 0;
    while i < value.len() {
        if let Some(r) = keep.iter().find(|r| r.start == i && r.end > i) {
            push_lit(&mut items, value.get(r.clone()).unwrap_or(""));
            i = r.end;
            segment = None;
            continue;
        }
        let Some(c) = value.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        // A percent-escape is kept whole: `token.url_encoded` names it, and it shows which
        // separator was escaped, not key material.
        if c == '%'
            && value
                .get(i + 1..i + 3)
                .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            items.push(Item::Char('%'));
            push_lit(&mut items, &value[i + 1..i + 3]);
            i += 3;
            continue;
        }
        let class = match mode {
            TemplateMode::PerChar => char_class(c),
            // Only a letter or digit takes its segment's class; the segment (the run of letters
            // and digits around it, cut at kept ranges) is the same for the rest of the run.
            TemplateMode::PerSegment if c.is_ascii_alphanumeric() => match segment {
                Some((end, class)) if i < end => class,
                _ => {
                    let seg_end = value[i..]
                        .find(|ch: char| !ch.is_ascii_alphanumeric())
                        .map_or(value.len(), |p| i + p);
                    let seg_end = keep
                        .iter()
                        .filter(|r| r.start > i)
                        .map(|r| r.start)
                        .min()
                        .map_or(seg_end, |k| k.min(seg_end));
                    let seg_start = value[..i]
                        .char_indices()
                        .rev()
                        .find(|(_, ch)| !ch.is_ascii_alphanumeric())
                        .map_or(0, |(p, ch)| p + ch.len_utf8());
                    let seg_start = keep
                        .iter()
                        .filter(|r| r.end <= i)
                        .map(|r| r.end)
                        .max()
                        .map_or(seg_start, |k| k.max(seg_start));
                    let class = segment_class(&value[seg_start..seg_end]);
                    segment = Some((seg_end, class));
                    class
                }
            },
            TemplateMode::PerSegment => {
                segment = None;
                Class::Alnum
            }
            TemplateMode::Opaque => opaque_class,
            TemplateMode::Password | TemplateMode::Base64Url => Class::Alnum,
        };
        if c.is_ascii_alphanumeric() {
            push_fill(&mut items, class);
        } else if is_odd(c) || !matches!(mode, TemplateMode::Password) {
            items.push(Item::Char(c));
        } else {
            push_fill(&mut items, Class::Alnum);
        }
        i += c.len_utf8();
    }
    items
}

fn segment_class(seg: &str) -> Class {
    let b = seg.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        Class::Digit
    } else if b
        .iter()
        .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(c))
    {
        Class::HexLower
    } else if b
        .iter()
        .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(c))
    {
        Class::HexUpper
    } else if b.iter().all(u8::is_ascii_lowercase) {
        Class::Lower
    } else if b.iter().all(u8::is_ascii_uppercase) {
        Class::Upper
    } else {
        Class::Alnum
    }
}

#[derive(Debug, Clone, Copy)]
enum TemplateMode {
    /// Keys: each run of letters and digits between separators keeps its narrowest class.
    PerSegment,
    /// Keys: letters stay letters of the same case, digits stay digits.
    PerChar,
    /// Unrecognised tokens: one class (hex, digits or alphanumeric) for every letter and digit.
    Opaque,
    /// Passwords: every ordinary character is filler.
    Password,
    /// JWT signatures and JWE parts: alphanumeric filler, separators kept.
    Base64Url,
}

/// splitmix64: deterministic filler from the fingerprint.
struct Rng(u64);

impl Rng {
    fn new(fp: &str, variant: u32, lane: u64) -> Self {
        let seed = u64::from_str_radix(fp.get(..12).unwrap_or(fp), 16).unwrap_or(0x5EED);
        Rng(seed ^ (u64::from(variant) << 48) ^ lane.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick(&mut self, set: &[u8]) -> char {
        let n = set.len().max(1) as u64;
        set.get((self.next() % n) as usize)
            .map_or('0', |&b| char::from(b))
    }
}

fn fill(items: &[Item], rng: &mut Rng, alphabet: Option<Alphabet>) -> String {
    let mut out = String::with_capacity(64);
    // The characters of the last class the alphabet allows (a class has at most 62: they fit
    // on the stack), kept while the next items have the same class.
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut buf_class = None;
    for item in items {
        match item {
            Item::Fill(n, class) => {
                let all = class.chars();
                if buf_class != Some(*class) {
                    buf_class = Some(*class);
                    len = 0;
                    if let Some(a) = alphabet {
                        for &b in all.iter().filter(|&&b| a.allows(b)) {
                            buf[len] = b;
                            len += 1;
                        }
                    }
                }
                let set = if len == 0 { all } else { &buf[..len] };
                for _ in 0..*n {
                    out.push(rng.pick(set));
                }
            }
            Item::Lit(s) => out.push_str(s),
            Item::Char(c) => out.push(*c),
        }
    }
    out
}

/// What the rules would make of a key-like string, compared between a secret and its stand-in.
#[derive(Debug, PartialEq)]
struct Reading {
    /// The best catalogue reading: provider, kind, confidence, checksum, shape.
    best: Option<(
        &'static str,
        &'static str,
        Confidence,
        Option<ChecksumResult>,
        crate::providers::ShapeReport,
    )>,
    /// The reading as the host's provider's key.
    hosted: Option<(
        &'static str,
        Confidence,
        Option<ChecksumResult>,
        crate::providers::ShapeReport,
    )>,
    jwt: bool,
    placeholder: Option<crate::bytes::PlaceholderKind>,
    token68: bool,
    known_prefix: &'static str,
    dots: usize,
    eyj: bool,
}

fn classify(value: &str, host: Option<&'static Provider>) -> Reading {
    let core = value.trim_matches(|c: char| is_odd(c));
    let rec = recognize_key(core);
    Reading {
        best: rec
            .best()
            .map(|m| (m.provider_id, m.kind, m.confidence, m.checksum, m.shape)),
        hosted: host
            .and_then(|p| check_key_for_provider(core, p))
            .map(|m| (m.kind, m.confidence, m.checksum, m.shape)),
        jwt: crate::parse::jwt::looks_like_jwt(value),
        placeholder: crate::bytes::placeholder(value).map(|p| p.kind),
        token68: crate::parse::authorization::is_token68(value),
        known_prefix: crate::providers::known_prefix(core).unwrap_or(""),
        dots: value.bytes().filter(|&b| b == b'.').count(),
        eyj: value.starts_with("eyJ"),
    }
}

/// Parts of a recognised key that its provider documents as public: the prefix, OpenAI's
/// `T3BlbkFJ` marker, Anthropic's trailing `AA`, Mailchimp's `-usNN` data centre, a Discord
/// token's first segment (the bot's user id, base64).
fn public_parts(key: &str, provider: &Provider, kind: &KeyKind) -> Vec<std::ops::Range<usize>> {
    let mut keep = Vec::new();
    let start = key.len() - key.trim_start_matches(|c: char| is_odd(c)).len();
    let core = &key[start..];
    if !kind.prefix.is_empty() && core.starts_with(kind.prefix) {
        keep.push(start..start + kind.prefix.len());
    }
    if let Some(marker) = kind.marker {
        if let Some(at) = core.get(kind.prefix.len()..).and_then(|r| r.find(marker)) {
            let s = start + kind.prefix.len() + at;
            keep.push(s..s + marker.len());
        }
    }
    if provider.id.starts_with("anthropic") && core.ends_with("AA") {
        let s = start + core.len() - 2;
        keep.push(s..s + 2);
    }
    if provider.id == "mailchimp-api-key" {
        if let Some(at) = core.rfind("-us") {
            keep.push(start + at..start + core.len());
        }
    }
    if provider.id == "discord-bot-token" {
        if let Some(dot) = core.find('.') {
            keep.push(start..start + dot);
        }
    }
    keep.sort_by_key(|r| r.start);
    keep
}

fn key_reading(
    value: &str,
    host: Option<&'static Provider>,
) -> Option<(&'static Provider, &'static KeyKind, Option<ChecksumResult>)> {
    let core = value.trim_matches(|c: char| is_odd(c));
    if let Some(m) = host
        .and_then(|p| check_key_for_provider(core, p))
        .filter(|m| m.prefix_len > 0 || m.shape.is_ok())
    {
        return Some((m.provider()?, m.key_kind()?, m.checksum));
    }
    let rec = recognize_key(core);
    let m = rec.best()?;
    if m.confidence < Confidence::Likely || m.prefix_len == 0 && !m.shape.is_ok() {
        return None;
    }
    Some((m.provider()?, m.key_kind()?, m.checksum))
}

/// Replaces one secret by its placeholder.
pub fn redact_secret(value: &str, mode: SecretMode<'_>, salt: &Salt) -> Redacted {
    let fp = salt.fingerprint(value);
    let n = value.chars().count();
    match mode {
        SecretMode::Token { host_provider } => {
            if let Some(r) = redact_jwt(value, &fp) {
                return r;
            }
            if let Some((provider, kind, checksum)) = key_reading(value, host_provider) {
                let keep = public_parts(value, provider, kind);
                let mut fields = format!(
                    "key:p.{}:k.{}:n.{n}:f.{fp}",
                    safe_field(provider.id),
                    safe_field(kind.id)
                );
                if let Some(c) = checksum {
                    let _ = write!(fields, ":c.{}", u8::from(c == ChecksumResult::Valid));
                }
                // Coarse classes first; letter-by-letter classes only when a layout needs them
                // (Notion's 11 digits inside one run).
                let mut chosen = None;
                let want = classify(value, host_provider);
                for mode in [TemplateMode::PerSegment, TemplateMode::PerChar] {
                    let spec = Spec {
                        items: template_of(value, &keep, mode),
                        alphabet: Some(kind.alphabet),
                        checksum: checksum.filter(|_| kind.checksum == ChecksumKind::Crc32Base62),
                        prefix_len: kind.prefix.len(),
                    };
                    if let Some(variant) = find_variant(&want, &fp, host_provider, &spec) {
                        chosen = Some((spec, variant));
                        break;
                    }
                    chosen.get_or_insert((spec, 0));
                }
                let (spec, variant) = chosen.unwrap_or((
                    Spec {
                        items: Vec::new(),
                        alphabet: None,
                        checksum: None,
                        prefix_len: 0,
                    },
                    0,
                ));
                let text = finish(&fields, &spec.items, variant);
                return Redacted {
                    text,
                    what: "key",
                    provider: Some(provider.name),
                };
            }
            let items = template_of(value, &[], TemplateMode::Opaque);
            let spec = Spec {
                items,
                alphabet: None,
                checksum: None,
                prefix_len: 0,
            };
            let want = classify(value, host_provider);
            let variant = find_variant(&want, &fp, host_provider, &spec).unwrap_or(0);
            Redacted {
                text: finish(&format!("secret:n.{n}:f.{fp}"), &spec.items, variant),
                what: "secret",
                provider: None,
            }
        }
        SecretMode::Password => {
            let items = template_of(value, &[], TemplateMode::Password);
            Redacted {
                text: finish(&format!("secret:n.{n}:f.{fp}"), &items, 0),
                what: "password",
                provider: None,
            }
        }
        SecretMode::BasicUser {
            documented,
            host_provider,
        } => {
            if documented.contains(&value) {
                let mut items = Vec::new();
                push_lit(&mut items, value);
                return Redacted {
                    text: finish(&format!("secret:n.{n}:f.{fp}"), &items, 0),
                    what: "user",
                    provider: None,
                };
            }
            redact_secret(value, SecretMode::Token { host_provider }, salt)
        }
    }
}

fn safe_field(s: &str) -> String {
    s.chars()
        .map(|c| if is_lit_char(c) { c } else { '-' })
        .collect()
}

fn finish(fields: &str, items: &[Item], variant: u32) -> String {
    let mut s = format!("{MARKER}{VERSION}:{fields}");
    if variant > 0 {
        let _ = write!(s, ":r.{variant}");
    }
    s.push_str(":t.");
    s.push_str(&write_template(items));
    s.push('~');
    s
}

struct Spec {
    items: Vec<Item>,
    alphabet: Option<Alphabet>,
    checksum: Option<ChecksumResult>,
    prefix_len: usize,
}

fn stand_in(spec: &Spec, fp: &str, variant: u32) -> String {
    let mut rng = Rng::new(fp, variant, 1);
    let mut s = fill(&spec.items, &mut rng, spec.alphabet);
    if let Some(c) = spec.checksum {
        // GitHub-style: 4-char prefix, 30-char body, 6-char CRC32; reproduce valid or invalid.
        if s.len() == 40 && s.is_char_boundary(34) && spec.prefix_len == 4 {
            let body = s[4..34].to_owned();
            let mut check: Vec<u8> = base62_crc32(&body).to_vec();
            if c == ChecksumResult::Invalid {
                check[5] = if check[5] == b'0' { b'1' } else { b'0' };
            }
            s.truncate(34);
            s.extend(check.iter().map(|&b| char::from(b)));
        }
    }
    s
}

/// The first variant whose stand-in the rules read like the secret (same provider reading,
/// shape, JWT shape, placeholder reading).
fn find_variant(
    want: &Reading,
    fp: &str,
    host: Option<&'static Provider>,
    spec: &Spec,
) -> Option<u32> {
    (0..8).find(|&variant| classify(&stand_in(spec, fp, variant), host) == *want)
}

/// A JWT: header and claims kept, the signature (or a JWE's key, IV, ciphertext and tag)
/// replaced. A malformed one keeps its first segments too; which replaced segments decoded is
/// recorded (`b.`), so `jwt.malformed` reads the stand-in the same way.
fn redact_jwt(value: &str, fp: &str) -> Option<Redacted> {
    // What the JWT rules look at: `eyJ` and a dot.
    let dots = value.bytes().filter(|&b| b == b'.').count();
    if !(crate::parse::jwt::looks_like_jwt(value) || value.starts_with("eyJ") && dots > 0) {
        return None;
    }
    let keep_segments = if dots == 4 { 1 } else { dots.min(2) };
    let mut cut = 0;
    for _ in 0..keep_segments {
        cut += value.get(cut..)?.find('.')? + 1;
    }
    let (head, tail) = value.split_at(cut);
    let items = template_of(tail, &[], TemplateMode::Base64Url);
    let decodes: String = tail
        .split('.')
        .map(|seg| {
            let ok = crate::parse::base64::decode(
                seg,
                crate::parse::base64::Alphabet::UrlSafe,
                crate::parse::base64::Padding::Optional,
            )
            .is_ok();
            if ok {
                '1'
            } else {
                '0'
            }
        })
        .collect();
    let n = tail.chars().count();
    let text = format!(
        "{head}{}",
        finish(&format!("jwt:n.{n}:f.{fp}:b.{decodes}"), &items, 0)
    );
    Some(Redacted {
        text,
        what: "jwt",
        provider: None,
    })
}

/// base64url segments whose last character carries no stray bits when the original's did not
/// (the decoder rejects them), and stray bits when it did.
fn jwt_tail(items: &[Item], fp: &str, decodes: &str) -> String {
    const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = Rng::new(fp, 0, 2);
    let filled = fill(items, &mut rng, None);
    let mut out = String::with_capacity(filled.len());
    for (i, seg) in filled.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        let want_ok = decodes.as_bytes().get(i) != Some(&b'0');
        let step = match seg.len() % 4 {
            2 => 16,
            3 => 4,
            _ => 0,
        };
        match seg.as_bytes().last() {
            Some(&last) if step > 0 && last.is_ascii_alphanumeric() => {
                let canonical = |c: &u8| {
                    B64URL
                        .iter()
                        .position(|b| b == c)
                        .is_some_and(|p| p % step == 0)
                };
                let choices: Vec<u8> = B64URL
                    .iter()
                    .copied()
                    .filter(|c| c.is_ascii_alphanumeric() && canonical(c) == want_ok)
                    .collect();
                out.push_str(&seg[..seg.len() - 1]);
                out.push(rng.pick(&choices));
            }
            _ => out.push_str(seg),
        }
    }
    out
}

/// A PKCE `code_challenge` made from a `code_verifier` in the same file: the verifier's
/// placeholder as type `s256`, so `check` computes BASE64URL(SHA-256(stand-in verifier)) and
/// the challenge still matches (or not) its verifier (RFC 7636 §4.2).
pub fn s256_of(verifier_placeholder: &str) -> Option<String> {
    let body = verifier_placeholder.strip_prefix(MARKER)?;
    let (version, rest) = body.split_once(':')?;
    let (kind, rest) = rest.split_once(':')?;
    Some(format!("{MARKER}{version}:s256:o.{kind}:{rest}"))
}

/// A parsed placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder<'a> {
    /// `key`, `jwt`, `basic`, `secret` or `s256`.
    pub kind: &'a str,
    /// `(name, value)` for each field, in order.
    pub fields: Vec<(&'a str, &'a str)>,
}

impl<'a> Placeholder<'a> {
    /// Parses the text between [`MARKER`] and `~` (exclusive).
    pub fn parse(body: &'a str) -> Option<Self> {
        let mut parts = body.split(':');
        if parts.next()? != VERSION {
            return None;
        }
        let kind = parts.next()?;
        if !matches!(kind, "key" | "jwt" | "basic" | "secret" | "s256") {
            return None;
        }
        let mut fields = Vec::new();
        for part in parts {
            fields.push(part.split_once('.').unwrap_or((part, "")));
        }
        Some(Placeholder { kind, fields })
    }

    /// The value of the first field called `name`.
    pub fn field(&self, name: &str) -> Option<&'a str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// The stand-in the rules analyse in place of the secret.
    pub fn stand_in(&self) -> Option<String> {
        let fp = self.field("f").unwrap_or("0");
        let variant: u32 = self.field("r").and_then(|r| r.parse().ok()).unwrap_or(0);
        match self.kind {
            "s256" => {
                use base64::Engine as _;
                use sha2::Digest as _;
                let inner = Placeholder {
                    kind: self.field("o")?,
                    fields: self.fields.clone(),
                };
                if inner.kind == "s256" {
                    return None;
                }
                let verifier = inner.stand_in()?;
                Some(
                    base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .encode(sha2::Sha256::digest(verifier.as_bytes())),
                )
            }
            "jwt" => Some(jwt_tail(
                &parse_template(self.field("t")?)?,
                fp,
                self.field("b").unwrap_or(""),
            )),
            "basic" => basic_stand_in(self, fp),
            _ => {
                let items = parse_template(self.field("t")?)?;
                let kind = match (self.field("p"), self.field("k")) {
                    (Some(p), Some(k)) => crate::providers::provider(p).and_then(|p| p.key_kind(k)),
                    _ => None,
                };
                let checksum = self.field("c").map(|c| {
                    if c == "1" {
                        ChecksumResult::Valid
                    } else {
                        ChecksumResult::Invalid
                    }
                });
                let spec = Spec {
                    items,
                    alphabet: kind.map(|k| k.alphabet),
                    checksum: checksum
                        .filter(|_| kind.is_some_and(|k| k.checksum == ChecksumKind::Crc32Base62)),
                    prefix_len: kind.map_or(0, |k| k.prefix.len()),
                };
                Some(stand_in(&spec, fp, variant))
            }
        }
    }
}

/// A Basic credential's placeholder: the user's shape, the password's length and odd
/// characters, or what kept it from decoding.
pub fn redact_basic(
    token68: &str,
    documented_users: &[&str],
    host_provider: Option<&'static Provider>,
    salt: &Salt,
) -> Redacted {
    use crate::parse::basic::{decode_basic, BasicError};
    let fp = salt.fingerprint(token68);
    let n = token68.chars().count();
    let unpadded = token68.len() % 4 != 0 && !token68.ends_with('=');
    let pad = if unpadded { ":np" } else { "" };
    let text = match decode_basic(token68) {
        Ok(creds) => {
            let user = redact_secret(
                &creds.user,
                SecretMode::BasicUser {
                    documented: documented_users,
                    host_provider,
                },
                salt,
            );
            let user_t = template_field(&user.text);
            // `user:undefined`: a placeholder password is the evidence, not a secret.
            let pass_items = if crate::bytes::placeholder(&creds.password)
                .is_some_and(|p| keep_placeholder(p, &creds.password))
            {
                let mut items = Vec::new();
                push_lit(&mut items, &creds.password);
                items
            } else if let Some((provider, kind, _)) =
                crate::providers::known_prefix(&creds.password)
                    .filter(|p| p.len() >= 4)
                    .and_then(|_| key_reading(&creds.password, host_provider))
            {
                // A key as the password (PyPI's `__token__:pypi-…`, Mailgun's `api:key-…`): the
                // rules read it as a key, so its public prefix and character classes stay.
                let keep = public_parts(&creds.password, provider, kind);
                template_of(&creds.password, &keep, TemplateMode::PerSegment)
            } else {
                template_of(&creds.password, &[], TemplateMode::Password)
            };
            let user_key = user
                .text
                .strip_prefix(MARKER)
                .and_then(|b| b.strip_suffix('~'))
                .and_then(Placeholder::parse)
                .and_then(|p| Some(format!(":up.{}:uk.{}", p.field("p")?, p.field("k")?)))
                .unwrap_or_default();
            format!(
                "{MARKER}{VERSION}:basic:n.{n}:f.{fp}{pad}{user_key}:u.{user_t}:w.{}~",
                write_template(&pass_items)
            )
        }
        Err(BasicError::NoColon { decoded_len }) => {
            format!("{MARKER}{VERSION}:basic:n.{n}:f.{fp}{pad}:d.{decoded_len}~")
        }
        Err(BasicError::NotUtf8 {
            offset, colon_at, ..
        }) => {
            let raw_len = crate::parse::base64::decode(
                token68,
                crate::parse::base64::Alphabet::Standard,
                crate::parse::base64::Padding::Optional,
            )
            .map_or(0, |r| r.len());
            let colon = colon_at.map(|c| format!(":o.{c}")).unwrap_or_default();
            format!("{MARKER}{VERSION}:basic:n.{n}:f.{fp}{pad}:d.{raw_len}:x.{offset}{colon}~")
        }
        Err(_) => {
            let items = template_of(token68, &[], TemplateMode::Opaque);
            let spec = Spec {
                items,
                alphabet: None,
                checksum: None,
                prefix_len: 0,
            };
            let want = decode_basic(token68)
                .err()
                .map(|e| std::mem::discriminant(&e));
            let variant = (0..16)
                .find(|&v| {
                    decode_basic(&stand_in(&spec, &fp, v))
                        .err()
                        .map(|e| std::mem::discriminant(&e))
                        == want
                })
                .unwrap_or(0);
            finish(
                &format!("basic:n.{n}:f.{fp}{pad}:raw"),
                &spec.items,
                variant,
            )
        }
    };
    Redacted {
        text,
        what: "basic",
        provider: None,
    }
}

fn template_field(placeholder: &str) -> String {
    placeholder
        .rsplit_once(":t.")
        .map(|(_, t)| t.trim_end_matches('~').to_owned())
        .unwrap_or_default()
}

fn basic_stand_in(p: &Placeholder<'_>, fp: &str) -> Option<String> {
    use base64::Engine as _;
    let variant: u32 = p.field("r").and_then(|r| r.parse().ok()).unwrap_or(0);
    if p.fields.iter().any(|(n, _)| *n == "raw") {
        let spec = Spec {
            items: parse_template(p.field("t")?)?,
            alphabet: None,
            checksum: None,
            prefix_len: 0,
        };
        return Some(stand_in(&spec, fp, variant));
    }
    let mut rng = Rng::new(fp, variant, 3);
    let raw: Vec<u8> = if let Some(d) = p.field("d") {
        let len: usize = d.parse().ok().filter(|&l| l < 1 << 24)?;
        let mut raw: Vec<u8> = (0..len)
            .map(|_| rng.pick(Class::Alnum.chars()) as u8)
            .collect();
        if let Some(x) = p.field("x").and_then(|x| x.parse::<usize>().ok()) {
            if let Some(b) = raw.get_mut(x) {
                *b = 0xFF;
            }
        }
        if let Some(o) = p.field("o").and_then(|o| o.parse::<usize>().ok()) {
            if let Some(b) = raw.get_mut(o) {
                *b = b':';
            }
        }
        raw
    } else {
        let user_items = parse_template(p.field("u")?)?;
        let kind = match (p.field("up"), p.field("uk")) {
            (Some(pr), Some(k)) => crate::providers::provider(pr).and_then(|pr| pr.key_kind(k)),
            _ => None,
        };
        let mut user_rng = Rng::new(fp, variant, 4);
        let user = fill(&user_items, &mut user_rng, kind.map(|k| k.alphabet));
        let pass = fill(&parse_template(p.field("w")?)?, &mut rng, None);
        format!("{user}:{pass}").into_bytes()
    };
    let mut s = base64::engine::general_purpose::STANDARD.encode(raw);
    if p.fields.iter().any(|(n, _)| *n == "np") {
        while s.ends_with('=') {
            s.pop();
        }
    }
    Some(s)
}

/// Whether `c` can be part of a placeholder's body.
pub fn is_placeholder_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b':')
}

/// Replaces every placeholder in `text` by its stand-in; `None` when there is none.
pub fn rehydrate(text: &str) -> Option<String> {
    if !text.contains(MARKER) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find(MARKER) {
        out.push_str(&rest[..at]);
        let body_start = at + MARKER.len();
        let body_len = rest.as_bytes()[body_start..]
            .iter()
            .position(|&b| !is_placeholder_char(b))
            .unwrap_or(rest.len() - body_start);
        let end = body_start + body_len;
        let parsed = (rest.as_bytes().get(end) == Some(&b'~'))
            .then(|| Placeholder::parse(&rest[body_start..end]))
            .flatten()
            .and_then(|p| p.stand_in());
        match parsed {
            Some(s) => {
                out.push_str(&s);
                changed = true;
                rest = &rest[end + 1..];
            }
            None => {
                out.push_str(MARKER);
                rest = &rest[body_start..];
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// How many placeholders `text` holds.
pub fn count_placeholders(text: &str) -> usize {
    text.matches(MARKER).count()
}

/// Placeholder kinds that are not secrets (`undefined`, `${TOKEN}`, `<your key>`, a documentation
/// example): kept, they are the evidence. A masked or filler value (`sk-VKMIs***…wjh3`,
/// `sk-xxxxxxxx`) is kept only while no run of 6 or more of its letters and digits is visible
/// (x/X count as filler): `Summer2024....` or `realSecretPart***` is a secret with dots or stars
/// in it, and is redacted like any other.
pub(crate) fn keep_placeholder(p: crate::bytes::Placeholder, value: &str) -> bool {
    use crate::bytes::PlaceholderKind::{Filler, Masked};
    match p.kind {
        Filler | Masked => longest_visible_run(value) < 6,
        _ => true,
    }
}

/// The longest run of letters and digits other than the filler `x`/`X`.
fn longest_visible_run(value: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in value.chars() {
        if c.is_alphanumeric() && !matches!(c, 'x' | 'X') {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}
