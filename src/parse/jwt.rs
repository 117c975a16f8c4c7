//! JSON Web Tokens in compact serialization: JWS (RFC 7515, 3 segments) and JWE (RFC 7516,
//! 5 segments), decoded without verifying anything, with typed claim accessors (RFC 7519).
//!
//! ```
//! use authlens::parse::jwt::{decode_jwt, looks_like_jwt, Jwt};
//!
//! // RFC 7519 §3.1.
//! let token = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
//! assert!(looks_like_jwt(token));
//! let Jwt::Signed(jws) = decode_jwt(token).unwrap() else { panic!("a JWS") };
//! assert_eq!(jws.alg(), Some("HS256"));
//! assert_eq!(jws.iss(), Ok(Some("joe")));
//! assert_eq!(jws.exp().unwrap().unwrap().seconds(), 1300819380.0);
//! ```
//!
//! Segments are base64url without padding (RFC 7515 §2); padding, whitespace and `+` `/` are
//! errors whose offsets count UTF-8 bytes from the start of the token.

use std::fmt;
use std::ops::Range;

use serde::Serialize;
use serde_json::{Map, Value};

use super::base64::{decode, Alphabet, Base64Error, Padding};

/// A segment of the compact serialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// JOSE header (JWS and JWE segment 1).
    Header,
    /// JWS payload (the claims), segment 2.
    Payload,
    /// JWS signature, segment 3.
    Signature,
    /// JWE encrypted key, segment 2.
    EncryptedKey,
    /// JWE initialization vector, segment 3.
    Iv,
    /// JWE ciphertext, segment 4.
    Ciphertext,
    /// JWE authentication tag, segment 5.
    Tag,
}

impl Segment {
    /// Position of the segment in its serialization, from 0.
    pub fn index(self) -> usize {
        match self {
            Segment::Header => 0,
            Segment::Payload | Segment::EncryptedKey => 1,
            Segment::Signature | Segment::Iv => 2,
            Segment::Ciphertext => 3,
            Segment::Tag => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Segment::Header => "header",
            Segment::Payload => "payload",
            Segment::Signature => "signature",
            Segment::EncryptedKey => "encrypted key",
            Segment::Iv => "initialization vector",
            Segment::Ciphertext => "ciphertext",
            Segment::Tag => "authentication tag",
        }
    }
}

const JWS_SEGMENTS: [Segment; 3] = [Segment::Header, Segment::Payload, Segment::Signature];
const JWE_SEGMENTS: [Segment; 5] = [
    Segment::Header,
    Segment::EncryptedKey,
    Segment::Iv,
    Segment::Ciphertext,
    Segment::Tag,
];

/// A decoded token.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Jwt {
    /// JWS: header and claims decoded, signature not verified.
    Signed(Jws),
    /// JWE: only the protected header can be read without the key.
    Encrypted(Jwe),
}

/// A JWS-compact JWT.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jws {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims (payload).
    pub claims: Map<String, Value>,
    /// Decoded signature length in bytes; 0 for an unsecured JWT (RFC 7519 §6).
    pub signature_len: usize,
    /// Header, payload and signature spans in the token (UTF-8 bytes).
    pub segments: [Range<usize>; 3],
}

/// A JWE-compact token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Jwe {
    /// The JOSE header (readable; the rest is encrypted).
    pub header: Map<String, Value>,
    /// Header, encrypted key, IV, ciphertext and tag spans in the token (UTF-8 bytes).
    pub segments: [Range<usize>; 5],
}

/// Why a string is not a decodable JWT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JwtError {
    /// Not 3 (JWS) or 5 (JWE) dot-separated segments.
    WrongSegmentCount {
        /// How many segments there are.
        found: usize,
    },
    /// The header or payload segment is empty; `offset` is where it would start.
    EmptySegment {
        /// Which segment.
        segment: Segment,
        /// Where it would start, in bytes of the token.
        offset: usize,
    },
    /// A segment is not unpadded base64url. `offset` is the position in the whole token (UTF-8
    /// bytes); `error` carries offsets relative to the segment.
    Base64 {
        /// Which segment.
        segment: Segment,
        /// Where the segment starts in the token.
        offset: usize,
        /// The base64 error, offsets relative to the segment.
        error: Base64Error,
    },
    /// The decoded segment is not UTF-8; `offset` counts decoded bytes.
    NotUtf8 {
        /// Which segment.
        segment: Segment,
        /// The first bad byte, in decoded bytes.
        offset: usize,
    },
    /// The decoded segment is not JSON; `line` and `column` are serde_json's (1-based) in the
    /// decoded text.
    NotJson {
        /// Which segment.
        segment: Segment,
        /// 1-based line in the decoded text.
        line: usize,
        /// 1-based column in the decoded text.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// The decoded segment is JSON but not an object (`found` names the JSON type).
    NotObject {
        /// Which segment.
        segment: Segment,
        /// The JSON type found.
        found: &'static str,
    },
    /// A JSON segment (header or claims) is longer than [`MAX_JSON_SEGMENT`] characters; it is
    /// not decoded (a parsed JSON tree takes many times its text in memory).
    TooLarge {
        /// The header or the claims.
        segment: Segment,
        /// The segment's length in characters.
        len: usize,
    },
}

/// Longest header or claims segment decoded, in base64url characters (48 KiB of JSON). Servers
/// refuse far smaller headers (nginx: 8 KiB per line by default).
pub const MAX_JSON_SEGMENT: usize = 64 * 1024;

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwtError::WrongSegmentCount { found } => write!(
                f,
                "a JWT has 3 segments (signed) or 5 (encrypted) separated by `.`; this has {found}"
            ),
            JwtError::EmptySegment { segment, offset } => write!(
                f,
                "the {} segment at byte {offset} is empty",
                segment.name()
            ),
            JwtError::Base64 {
                segment,
                offset,
                error,
            } => {
                write!(
                    f,
                    "the {} segment is not base64url (at byte {offset} of the token): {error}",
                    segment.name()
                )
            }
            JwtError::NotUtf8 { segment, offset } => {
                write!(
                    f,
                    "the decoded {} is not UTF-8 (decoded byte {offset})",
                    segment.name()
                )
            }
            JwtError::NotJson {
                segment,
                line,
                column,
                message,
            } => {
                write!(
                    f,
                    "the decoded {} is not JSON (line {line}, column {column}): {message}",
                    segment.name()
                )
            }
            JwtError::NotObject { segment, found } => {
                write!(
                    f,
                    "the decoded {} is a JSON {found}, not an object",
                    segment.name()
                )
            }
            JwtError::TooLarge { segment, len } => {
                write!(
                    f,
                    "the {} segment is {len} characters long, more than the {MAX_JSON_SEGMENT} read",
                    segment.name()
                )
            }
        }
    }
}

impl std::error::Error for JwtError {}

/// Cheap test for the hot path: `ey` start (base64url of `{"` or `{ `), 2 or 4 dots, only
/// base64url characters, and a non-empty payload when there are 2 dots. Does not decode.
pub fn looks_like_jwt(s: &str) -> bool {
    let bytes = s.as_bytes();
    if bytes.len() < 10 || !s.starts_with("ey") {
        return false;
    }
    let mut dots = 0;
    let mut second_segment_empty = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'.' {
            dots += 1;
            if dots == 2 && bytes.get(i.wrapping_sub(1)) == Some(&b'.') {
                second_segment_empty = true;
            }
        } else if !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return false;
        }
    }
    // A JWS payload is never empty; a JWE encrypted key is empty with `alg: dir`.
    (dots == 2 && !second_segment_empty) || dots == 4
}

/// Decodes a compact JWS or JWE. Verifies no signature and decrypts nothing.
pub fn decode_jwt(token: &str) -> Result<Jwt, JwtError> {
    // Only the first six segments are kept: a token of a million dots is just the wrong count.
    let mut spans: Vec<Range<usize>> = Vec::with_capacity(6);
    let mut count = 1;
    let mut start = 0;
    for (i, b) in token.bytes().enumerate() {
        if b == b'.' {
            if spans.len() < 6 {
                spans.push(start..i);
            }
            count += 1;
            start = i + 1;
        }
    }
    if spans.len() < 6 {
        spans.push(start..token.len());
    }
    match count {
        3 => decode_jws(
            token,
            [spans[0].clone(), spans[1].clone(), spans[2].clone()],
        ),
        5 => decode_jwe(
            token,
            [
                spans[0].clone(),
                spans[1].clone(),
                spans[2].clone(),
                spans[3].clone(),
                spans[4].clone(),
            ],
        ),
        found => Err(JwtError::WrongSegmentCount { found }),
    }
}

fn decode_segment(token: &str, span: &Range<usize>, segment: Segment) -> Result<Vec<u8>, JwtError> {
    let text = token.get(span.clone()).unwrap_or_default();
    decode(text, Alphabet::UrlSafe, Padding::Forbidden).map_err(|error| {
        let relative = match &error {
            Base64Error::InvalidChar { offset, .. }
            | Base64Error::UnexpectedPadding { offset }
            | Base64Error::NonCanonicalEnd { offset, .. } => *offset,
            Base64Error::InvalidLength { .. } | Base64Error::MissingPadding { .. } => text.len(),
        };
        JwtError::Base64 {
            segment,
            offset: span.start + relative,
            error,
        }
    })
}

fn decode_object(
    token: &str,
    span: &Range<usize>,
    segment: Segment,
) -> Result<Map<String, Value>, JwtError> {
    if span.is_empty() {
        return Err(JwtError::EmptySegment {
            segment,
            offset: span.start,
        });
    }
    if span.len() > MAX_JSON_SEGMENT {
        return Err(JwtError::TooLarge {
            segment,
            len: span.len(),
        });
    }
    let bytes = decode_segment(token, span, segment)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| JwtError::NotUtf8 {
        segment,
        offset: e.valid_up_to(),
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| JwtError::NotJson {
        segment,
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    match value {
        Value::Object(map) => Ok(map),
        other => Err(JwtError::NotObject {
            segment,
            found: json_type(&other),
        }),
    }
}

fn decode_jws(token: &str, segments: [Range<usize>; 3]) -> Result<Jwt, JwtError> {
    let header = decode_object(token, &segments[0], JWS_SEGMENTS[0])?;
    let claims = decode_object(token, &segments[1], JWS_SEGMENTS[1])?;
    let signature_len = decode_segment(token, &segments[2], JWS_SEGMENTS[2])?.len();
    Ok(Jwt::Signed(Jws {
        header,
        claims,
        signature_len,
        segments,
    }))
}

fn decode_jwe(token: &str, segments: [Range<usize>; 5]) -> Result<Jwt, JwtError> {
    let header = decode_object(token, &segments[0], JWE_SEGMENTS[0])?;
    for (span, segment) in segments.iter().zip(JWE_SEGMENTS).skip(1) {
        decode_segment(token, span, segment)?;
    }
    Ok(Jwt::Encrypted(Jwe { header, segments }))
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A NumericDate (RFC 7519 §2): seconds since the Unix epoch, possibly fractional.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct NumericDate(f64);

impl NumericDate {
    /// A date from seconds since the Unix epoch.
    pub fn from_seconds(seconds: f64) -> Self {
        NumericDate(seconds)
    }
    /// Seconds since the Unix epoch.
    pub fn seconds(self) -> f64 {
        self.0
    }
    /// Milliseconds since the epoch, `None` when out of `i64` range.
    pub fn unix_millis(self) -> Option<i64> {
        let ms = (self.0 * 1000.0).round();
        if ms.is_finite() && ms >= i64::MIN as f64 && ms <= i64::MAX as f64 {
            Some(ms as i64)
        } else {
            None
        }
    }
}

/// Reads a numeric string claim (`"exp": "1700000000"`) as seconds, accepting what Rust's
/// `str::parse::<f64>` accepts and giving the value it gives for up to 15 significant digits
/// with a decimal exponent within ±22 (every realistic NumericDate). The text is rewritten to
/// JSON number syntax and read by serde_json, the parser that already reads the numeric
/// claims, so the wasm carries no second float parser (core's, with its 10 KB power-of-five
/// table). Longer mantissas may differ from `str::parse` in the last bit, exactly as the same
/// claim written as a JSON number would. `None` for non-numbers and non-finite values.
pub(crate) fn seconds_from_string(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at)?, Some(unsigned.get(at + 1..)?)),
        None => (unsigned, None),
    };
    let (int_digits, frac_digits) = match mantissa.find('.') {
        Some(at) => (mantissa.get(..at)?, mantissa.get(at + 1..)?),
        None => (mantissa, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_digits.is_empty() && frac_digits.is_empty())
        || !all_digits(int_digits)
        || !all_digits(frac_digits)
    {
        return None;
    }
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
        !digits.is_empty() && all_digits(digits)
    });
    if !exponent_ok {
        return None;
    }
    // JSON forbids a leading `+`, leading zeros, and an empty side of the dot; Rust allows them.
    let int_digits = int_digits.trim_start_matches('0');
    let mut json = String::with_capacity(text.len() + 2);
    if negative {
        json.push('-');
    }
    json.push_str(if int_digits.is_empty() {
        "0"
    } else {
        int_digits
    });
    if !frac_digits.is_empty() {
        json.push('.');
        json.push_str(frac_digits);
    }
    if let Some(e) = exponent {
        json.push('e');
        json.push_str(e);
    }
    serde_json::from_str::<f64>(&json)
        .ok()
        .filter(|v| v.is_finite())
}

/// A claim (or header parameter) present but not of the type the RFC gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimError {
    /// `found` names the JSON type received instead of `expected`.
    WrongType {
        /// The claim name.
        claim: String,
        /// The type the RFC gives it.
        expected: &'static str,
        /// The JSON type received.
        found: &'static str,
    },
    /// A NumericDate sent as a JSON string holding a number (`"exp":"1700000000"`): invalid per
    /// RFC 7519, rejected by many libraries, but `value` is what the sender meant.
    NumericDateAsString {
        /// The claim name.
        claim: String,
        /// The number the string holds.
        value: NumericDate,
    },
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClaimError::WrongType {
                claim,
                expected,
                found,
            } => write!(f, "claim `{claim}` is a {found}, expected {expected}"),
            ClaimError::NumericDateAsString { claim, .. } => {
                write!(
                    f,
                    "claim `{claim}` is a string; RFC 7519 requires a JSON number of seconds"
                )
            }
        }
    }
}

impl std::error::Error for ClaimError {}

fn string_in<'m>(map: &'m Map<String, Value>, name: &str) -> Result<Option<&'m str>, ClaimError> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(ClaimError::WrongType {
            claim: name.to_owned(),
            expected: "string",
            found: json_type(other),
        }),
    }
}

/// String or array of strings (RFC 7519 `aud`), or a space-separated string split into parts.
fn string_list_in<'m>(
    map: &'m Map<String, Value>,
    name: &str,
    split: bool,
) -> Result<Option<Vec<&'m str>>, ClaimError> {
    match map.get(name) {
        None => Ok(None),
        Some(Value::String(s)) if split => {
            Ok(Some(s.split(' ').filter(|p| !p.is_empty()).collect()))
        }
        Some(Value::String(s)) => Ok(Some(vec![s.as_str()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.as_str()),
                other => Err(ClaimError::WrongType {
                    claim: name.to_owned(),
                    expected: "array of strings",
                    found: json_type(other),
                }),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(other) => Err(ClaimError::WrongType {
            claim: name.to_owned(),
            expected: "string or array of strings",
            found: json_type(other),
        }),
    }
}

fn header_str<'m>(map: &'m Map<String, Value>, name: &str) -> Option<&'m str> {
    map.get(name).and_then(Value::as_str)
}

impl Jwt {
    /// The JOSE header of either form.
    pub fn header(&self) -> &Map<String, Value> {
        match self {
            Jwt::Signed(jws) => &jws.header,
            Jwt::Encrypted(jwe) => &jwe.header,
        }
    }

    /// The `alg` header parameter, when it is a string.
    pub fn alg(&self) -> Option<&str> {
        header_str(self.header(), "alg")
    }

    /// The `typ` header parameter (`JWT`, `at+jwt`, `dpop+jwt`...), when it is a string.
    pub fn typ(&self) -> Option<&str> {
        header_str(self.header(), "typ")
    }

    /// The JWS, when the token is signed (not encrypted).
    pub fn as_signed(&self) -> Option<&Jws> {
        match self {
            Jwt::Signed(jws) => Some(jws),
            Jwt::Encrypted(_) => None,
        }
    }
}

impl Jwe {
    /// The key management algorithm (`alg`), e.g. `RSA-OAEP`, `dir`.
    pub fn alg(&self) -> Option<&str> {
        header_str(&self.header, "alg")
    }
    /// The content encryption algorithm (`enc`), e.g. `A256GCM`.
    pub fn enc(&self) -> Option<&str> {
        header_str(&self.header, "enc")
    }
}

impl Jws {
    /// The `alg` header parameter, when it is a string.
    pub fn alg(&self) -> Option<&str> {
        header_str(&self.header, "alg")
    }
    /// The `typ` header parameter, when it is a string.
    pub fn typ(&self) -> Option<&str> {
        header_str(&self.header, "typ")
    }
    /// The `kid` header parameter, when it is a string.
    pub fn kid(&self) -> Option<&str> {
        header_str(&self.header, "kid")
    }

    /// `alg` is `none` in any letter case (`None`, `NONE` are classic bypass attempts).
    pub fn is_alg_none(&self) -> bool {
        self.alg().is_some_and(|a| a.eq_ignore_ascii_case("none"))
    }

    /// No signature bytes: an unsecured JWT (RFC 7519 §6), or a stripped signature.
    pub fn is_unsigned(&self) -> bool {
        self.signature_len == 0
    }

    /// A NumericDate claim. Integers and fractions are accepted; a numeric string is reported
    /// as [`ClaimError::NumericDateAsString`] with its value.
    pub fn numeric_date(&self, name: &str) -> Result<Option<NumericDate>, ClaimError> {
        match self.claims.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(s) if s.is_finite() => Ok(Some(NumericDate(s))),
                _ => Err(ClaimError::WrongType {
                    claim: name.to_owned(),
                    expected: "number of seconds",
                    found: "number",
                }),
            },
            Some(Value::String(s)) => match seconds_from_string(s.trim()) {
                Some(v) => Err(ClaimError::NumericDateAsString {
                    claim: name.to_owned(),
                    value: NumericDate(v),
                }),
                None => Err(ClaimError::WrongType {
                    claim: name.to_owned(),
                    expected: "number of seconds",
                    found: "string",
                }),
            },
            Some(other) => Err(ClaimError::WrongType {
                claim: name.to_owned(),
                expected: "number of seconds",
                found: json_type(other),
            }),
        }
    }

    /// A claim that must be a string when present.
    pub fn string_claim(&self, name: &str) -> Result<Option<&str>, ClaimError> {
        string_in(&self.claims, name)
    }

    /// `exp`, the expiry time.
    pub fn exp(&self) -> Result<Option<NumericDate>, ClaimError> {
        self.numeric_date("exp")
    }
    /// `nbf`, the not-before time.
    pub fn nbf(&self) -> Result<Option<NumericDate>, ClaimError> {
        self.numeric_date("nbf")
    }
    /// `iat`, the issue time.
    pub fn iat(&self) -> Result<Option<NumericDate>, ClaimError> {
        self.numeric_date("iat")
    }
    /// `aud` as a list: RFC 7519 §4.1.3 allows one string or an array of strings.
    pub fn aud(&self) -> Result<Option<Vec<&str>>, ClaimError> {
        string_list_in(&self.claims, "aud", false)
    }
    /// `iss`, the issuer.
    pub fn iss(&self) -> Result<Option<&str>, ClaimError> {
        self.string_claim("iss")
    }
    /// `sub`, the subject.
    pub fn sub(&self) -> Result<Option<&str>, ClaimError> {
        self.string_claim("sub")
    }
    /// AWS Cognito's `token_use` (`id` or `access`).
    pub fn token_use(&self) -> Result<Option<&str>, ClaimError> {
        self.string_claim("token_use")
    }
    /// OpenID Connect `nonce` (ID tokens only).
    pub fn nonce(&self) -> Result<Option<&str>, ClaimError> {
        self.string_claim("nonce")
    }
    /// OpenID Connect `at_hash` (ID tokens only).
    pub fn at_hash(&self) -> Result<Option<&str>, ClaimError> {
        self.string_claim("at_hash")
    }
    /// `azp`, the authorized party (OpenID Connect).
    pub fn azp(&self) -> Result<Option<&str>, ClaimError> {
        self.string_claim("azp")
    }
    /// Scopes from `scope` (RFC 8693 §4.2: space-separated string; some issuers send an array),
    /// or else from `scp` (Azure AD, Okta).
    pub fn scope(&self) -> Result<Option<Vec<&str>>, ClaimError> {
        match string_list_in(&self.claims, "scope", true)? {
            Some(scopes) => Ok(Some(scopes)),
            None => string_list_in(&self.claims, "scp", true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    const RFC7519_JWT: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const RFC7519_UNSECURED: &str = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    fn jws(header: &str, claims: &str) -> Jws {
        let token = format!(
            "{}.{}.{}",
            b64(header),
            b64(claims),
            b64("fake-signature-bytes")
        );
        match decode_jwt(&token).unwrap() {
            Jwt::Signed(j) => j,
            Jwt::Encrypted(_) => panic!("expected a JWS"),
        }
    }

    #[test]
    fn rfc7519_example() {
        let Jwt::Signed(j) = decode_jwt(RFC7519_JWT).unwrap() else {
            panic!("JWS expected")
        };
        assert_eq!(j.typ(), Some("JWT"));
        assert_eq!(j.alg(), Some("HS256"));
        assert_eq!(j.iss(), Ok(Some("joe")));
        assert_eq!(
            j.exp().unwrap().unwrap().unix_millis(),
            Some(1_300_819_380_000)
        );
        assert_eq!(
            j.claims.get("http://example.com/is_root"),
            Some(&Value::Bool(true))
        );
        assert_eq!(j.signature_len, 32);
        assert_eq!(
            &RFC7519_JWT[j.segments[2].clone()],
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert!(!j.is_alg_none() && !j.is_unsigned());
    }

    #[test]
    fn rfc7519_unsecured_example() {
        let Jwt::Signed(j) = decode_jwt(RFC7519_UNSECURED).unwrap() else {
            panic!("JWS expected")
        };
        assert!(j.is_alg_none());
        assert!(j.is_unsigned());
        assert!(jws(r#"{"alg":"NoNe"}"#, "{}").is_alg_none());
    }

    #[test]
    fn jwe_header_only() {
        // RFC 7516 §A.1 protected header; the other segments are stand-ins.
        let token = format!(
            "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.{}.{}.{}.{}",
            b64("k"),
            b64("iv"),
            b64("ct"),
            b64("tag")
        );
        assert!(looks_like_jwt(&token));
        let jwt = decode_jwt(&token).unwrap();
        let Jwt::Encrypted(jwe) = &jwt else {
            panic!("JWE expected")
        };
        assert_eq!(jwe.alg(), Some("RSA-OAEP"));
        assert_eq!(jwe.enc(), Some("A256GCM"));
        assert_eq!(jwt.alg(), Some("RSA-OAEP"));
        // `dir` has an empty encrypted key segment.
        let dir = format!(
            "{}..{}.{}.{}",
            b64(r#"{"alg":"dir","enc":"A128GCM"}"#),
            b64("iv"),
            b64("ct"),
            b64("tag")
        );
        assert!(looks_like_jwt(&dir));
        assert!(matches!(decode_jwt(&dir), Ok(Jwt::Encrypted(_))));
    }

    #[test]
    fn oversized_tokens_are_refused_cheaply() {
        // A million dots: the count is right, and only six spans were ever kept.
        assert_eq!(
            decode_jwt(&".".repeat(1_000_000)),
            Err(JwtError::WrongSegmentCount { found: 1_000_001 })
        );
        let big = format!(
            "{}.{}.sig",
            b64("{\"alg\":\"none\"}"),
            "A".repeat(MAX_JSON_SEGMENT + 1)
        );
        assert_eq!(
            decode_jwt(&big),
            Err(JwtError::TooLarge {
                segment: Segment::Payload,
                len: MAX_JSON_SEGMENT + 1
            })
        );
        assert!(decode_jwt(&big).unwrap_err().to_string().contains("65536"));
    }

    #[test]
    fn segment_count_and_empty_segments() {
        assert_eq!(
            decode_jwt("abc"),
            Err(JwtError::WrongSegmentCount { found: 1 })
        );
        assert_eq!(
            decode_jwt("a.b.c.d"),
            Err(JwtError::WrongSegmentCount { found: 4 })
        );
        assert_eq!(
            decode_jwt(".x.y"),
            Err(JwtError::EmptySegment {
                segment: Segment::Header,
                offset: 0
            })
        );
        let h = b64("{}");
        assert_eq!(
            decode_jwt(&format!("{h}..")),
            Err(JwtError::EmptySegment {
                segment: Segment::Payload,
                offset: 4
            })
        );
        assert_eq!(JWE_SEGMENTS.map(Segment::index), [0, 1, 2, 3, 4]);
        assert_eq!(JWS_SEGMENTS.map(Segment::index), [0, 1, 2]);
    }

    #[test]
    fn base64_errors_are_positioned_in_the_token() {
        let h = b64(r#"{"alg":"HS256"}"#);
        let p = b64("{}");
        let padded = format!("{h}.{p}=.sig");
        let err = decode_jwt(&padded).unwrap_err();
        assert_eq!(
            err,
            JwtError::Base64 {
                segment: Segment::Payload,
                offset: h.len() + 1 + p.len(),
                error: Base64Error::UnexpectedPadding { offset: p.len() }
            }
        );
        let plus = format!("{h}.{p}.ab+c");
        assert!(matches!(
            decode_jwt(&plus),
            Err(JwtError::Base64 { segment: Segment::Signature, offset, error: Base64Error::InvalidChar { ch: '+', .. } }) if offset == h.len() + p.len() + 4
        ));
        assert!(matches!(
            decode_jwt("eyJ hbGc.e30.x"),
            Err(JwtError::Base64 {
                segment: Segment::Header,
                offset: 3,
                ..
            })
        ));
    }

    #[test]
    fn json_errors() {
        let sig = b64("s");
        assert!(matches!(
            decode_jwt(&format!("{}.{}.{sig}", b64("{\"alg\":"), b64("{}"))),
            Err(JwtError::NotJson {
                segment: Segment::Header,
                line: 1,
                ..
            })
        ));
        assert_eq!(
            decode_jwt(&format!("{}.{}.{sig}", b64("{}"), b64("[1]"))),
            Err(JwtError::NotObject {
                segment: Segment::Payload,
                found: "array"
            })
        );
        let not_utf8 = URL_SAFE_NO_PAD.encode(b"{\"a\":\"\xff\"}");
        assert_eq!(
            decode_jwt(&format!("{}.{not_utf8}.{sig}", b64("{}"))),
            Err(JwtError::NotUtf8 {
                segment: Segment::Payload,
                offset: 6
            })
        );
    }

    #[test]
    fn numeric_dates() {
        let j = jws(
            "{}",
            r#"{"exp":1700000000.5,"nbf":"1700000000","iat":true,"x":"soon"}"#,
        );
        assert_eq!(
            j.exp().unwrap().unwrap().unix_millis(),
            Some(1_700_000_000_500)
        );
        assert_eq!(
            j.nbf(),
            Err(ClaimError::NumericDateAsString {
                claim: "nbf".into(),
                value: NumericDate::from_seconds(1_700_000_000.0)
            })
        );
        assert_eq!(
            j.iat(),
            Err(ClaimError::WrongType {
                claim: "iat".into(),
                expected: "number of seconds",
                found: "boolean"
            })
        );
        assert!(matches!(
            j.numeric_date("x"),
            Err(ClaimError::WrongType {
                found: "string",
                ..
            })
        ));
        assert_eq!(j.numeric_date("missing"), Ok(None));
        assert_eq!(NumericDate::from_seconds(1e300).unix_millis(), None);
    }

    #[test]
    fn audience_scope_and_strings() {
        let j = jws(
            r#"{"alg":"RS256","kid":"k1"}"#,
            r#"{"aud":["a","b"],"iss":1,"sub":"u","scope":"read  write","token_use":"id","nonce":"n","at_hash":"h","azp":"c"}"#,
        );
        assert_eq!(j.aud(), Ok(Some(vec!["a", "b"])));
        assert!(matches!(
            j.iss(),
            Err(ClaimError::WrongType {
                found: "number",
                ..
            })
        ));
        assert_eq!(j.scope(), Ok(Some(vec!["read", "write"])));
        assert_eq!(
            (j.token_use(), j.nonce(), j.at_hash(), j.azp(), j.sub()),
            (
                Ok(Some("id")),
                Ok(Some("n")),
                Ok(Some("h")),
                Ok(Some("c")),
                Ok(Some("u"))
            )
        );
        assert_eq!(j.kid(), Some("k1"));
        let j = jws("{}", r#"{"aud":"api","scp":["a","b"]}"#);
        assert_eq!(j.aud(), Ok(Some(vec!["api"])));
        assert_eq!(j.scope(), Ok(Some(vec!["a", "b"])));
        let j = jws("{}", r#"{"aud":["a",2]}"#);
        assert!(matches!(
            j.aud(),
            Err(ClaimError::WrongType {
                found: "number",
                ..
            })
        ));
    }

    #[test]
    fn looks_like_jwt_is_cheap_and_strict_enough() {
        assert!(looks_like_jwt(RFC7519_JWT));
        assert!(looks_like_jwt(RFC7519_UNSECURED));
        assert!(!looks_like_jwt("eyJhbGciOiJub25lIn0"));
        assert!(!looks_like_jwt("eyJhbGciOiJub25lIn0..x"));
        assert!(!looks_like_jwt("abc.def.ghi.jkl"));
        assert!(!looks_like_jwt("eyJhbGciOi JIUzI1NiJ9.eyJ.x"));
        assert!(!looks_like_jwt("eyJhbGciOi.eyJ.x.y"));
        assert!(!looks_like_jwt("eyJhbGciOiJIUzI1NiJ9.eyJ.x="));
    }

    #[test]
    fn serializes_for_the_ui() {
        let j = decode_jwt(RFC7519_UNSECURED).unwrap();
        let json = serde_json::to_value(&j).unwrap();
        assert_eq!(json["kind"], "signed");
        assert_eq!(json["header"]["alg"], "none");
        assert_eq!(json["claims"]["iss"], "joe");
    }
    #[test]
    fn seconds_from_string_matches_str_parse_on_realistic_dates() {
        let cases = [
            "1700000000",
            "+1700000000",
            "-1700000000",
            "1700000000.5",
            "1700000000.",
            ".5",
            "-.25",
            "0",
            "-0",
            "000123",
            "00.5",
            "1.7e9",
            "1.7E+9",
            "17e-1",
            "1e22",
            "1e-22",
            "123456789012345",
            "0.000001",
            "4102444800",
            "1300819380.125",
        ];
        for case in cases {
            let expected = case.parse::<f64>().ok().filter(|v| v.is_finite());
            let got = seconds_from_string(case);
            assert_eq!(got.map(f64::to_bits), expected.map(f64::to_bits), "{case}");
        }
    }

    #[test]
    fn seconds_from_string_rejects_what_str_parse_rejects_or_makes_non_finite() {
        for case in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1_000",
            "0x10",
            "1 2",
            "inf",
            "-infinity",
            "NaN",
            "1e400",
            "12a",
            "١٢",
        ] {
            assert_eq!(seconds_from_string(case), None, "{case}");
            assert!(
                case.parse::<f64>().ok().filter(|v| v.is_finite()).is_none(),
                "{case}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn seconds_from_string_agrees_with_str_parse(
            sign in "[-+]?",
            int in "[0-9]{0,10}",
            frac in proptest::option::of("[0-9]{0,5}"),
            exp in proptest::option::of(-17i32..=22),
        ) {
            let mut text = format!("{sign}{int}");
            if let Some(f) = &frac { text.push('.'); text.push_str(f); }
            if let Some(e) = exp { text.push_str(&format!("e{e}")); }
            let expected = text.parse::<f64>().ok().filter(|v| v.is_finite());
            proptest::prop_assert_eq!(seconds_from_string(&text).map(f64::to_bits), expected.map(f64::to_bits), "{}", text);
        }
    }
}
