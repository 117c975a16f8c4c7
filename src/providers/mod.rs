//! The provider catalogue: which key belongs to whom, where it goes, and what its errors mean.
//!
//! ```
//! use authlens::providers::{provider_for_host, recognize_key, Confidence};
//!
//! let key = format!("sk-ant-api03-{}AA", "aB3-x_9Q".repeat(12).get(..93).unwrap());
//! let found = recognize_key(&key);
//! assert_eq!(found.matches[0].provider_id, "anthropic-api-key");
//! assert_eq!(found.matches[0].confidence, Confidence::Exact);
//! assert!(!found.ambiguous);
//!
//! let anthropic = provider_for_host("api.anthropic.com").unwrap();
//! assert_eq!(anthropic.auth[0].header, "x-api-key");
//! ```
//!
//! The data lives in `catalogue.json` (228 kinds, each with its source: the provider's
//! documentation or the gitleaks/secretlint rule it matches), compiled into static tables
//! (`catalogue_data.rs`, generated and checked fresh by `tests/providers_generated.rs`): no
//! parsing at run time. Recognition is offline only: prefix dispatch, then length, alphabet,
//! markers, layouts and checksums; no key is ever sent anywhere.

mod catalogue;
mod checksum;
mod errors;
mod fake;

use std::sync::OnceLock;

use serde::Serialize;

pub use catalogue::{KNOWN_PUBLIC_KEYS, PROVIDERS};
pub use checksum::{base62_crc32, github_style_checksum_valid};
pub use errors::{recognize_error_body, recognize_gateway, Gateway, ProviderError};
pub use fake::fake_key;

/// Characters allowed after a key's prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Alphabet {
    /// `A-Z a-z 0-9`.
    Base62,
    /// `A-Z a-z 0-9 - _` (RFC 4648 §5).
    Base64Url,
    /// `A-Z a-z 0-9 + / =` (RFC 4648 §4).
    Base64,
    /// `A-Z a-z 0-9 - _ + / =`: either base64 flavour.
    Base64Any,
    /// Base64url plus `.` (JWTs, dotted tokens).
    Base64UrlDot,
    /// `0-9 a-f`.
    HexLower,
    /// `0-9 a-f A-F`.
    Hex,
    /// `A-Z 2-7` (RFC 4648 base32; AWS access key ids).
    Base32Upper,
    /// `A-Z a-z 0-9 -`.
    Base62Dash,
    /// `A-Z a-z 0-9 _`.
    Base62Underscore,
    /// `0-9`.
    Digits,
    /// Any printable ASCII except space.
    Printable,
    /// Bech32's upper-case data characters (`age` identities): no `1`, `B`, `I`, `O`.
    Bech32Upper,
    /// `A-Z 0-9`.
    Base62Upper,
    /// `0-9 a-f A-F -`.
    HexDash,
    /// `A-Z a-z 0-9 %` (URL-encoded bearer tokens).
    Base62Percent,
}

impl Alphabet {
    /// The index of the first byte of `bytes` outside the alphabet. The alphabet is chosen once,
    /// not per byte: each arm is its own tight loop.
    pub fn first_outside(self, bytes: &[u8]) -> Option<usize> {
        fn scan(bytes: &[u8], allows: impl Fn(u8) -> bool) -> Option<usize> {
            bytes.iter().position(|&b| !allows(b))
        }
        use Alphabet::*;
        match self {
            Base62 => scan(bytes, |b| Base62.allows(b)),
            Base64Url => scan(bytes, |b| Base64Url.allows(b)),
            Base64 => scan(bytes, |b| Base64.allows(b)),
            Base64Any => scan(bytes, |b| Base64Any.allows(b)),
            Base64UrlDot => scan(bytes, |b| Base64UrlDot.allows(b)),
            HexLower => scan(bytes, |b| HexLower.allows(b)),
            Hex => scan(bytes, |b| Hex.allows(b)),
            Base32Upper => scan(bytes, |b| Base32Upper.allows(b)),
            Base62Dash => scan(bytes, |b| Base62Dash.allows(b)),
            Base62Underscore => scan(bytes, |b| Base62Underscore.allows(b)),
            Digits => scan(bytes, |b| Digits.allows(b)),
            Printable => scan(bytes, |b| Printable.allows(b)),
            Bech32Upper => scan(bytes, |b| Bech32Upper.allows(b)),
            Base62Upper => scan(bytes, |b| Base62Upper.allows(b)),
            HexDash => scan(bytes, |b| HexDash.allows(b)),
            Base62Percent => scan(bytes, |b| Base62Percent.allows(b)),
        }
    }

    /// Whether byte `b` is in the alphabet.
    #[inline(always)]
    pub fn allows(self, b: u8) -> bool {
        match self {
            Alphabet::Base62 => b.is_ascii_alphanumeric(),
            Alphabet::Base64Url => b.is_ascii_alphanumeric() || b == b'-' || b == b'_',
            Alphabet::Base64 => b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=',
            Alphabet::Base64Any => {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'/' | b'=')
            }
            Alphabet::Base64UrlDot => b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'),
            Alphabet::HexLower => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
            Alphabet::Hex => b.is_ascii_hexdigit(),
            Alphabet::Base32Upper => b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b),
            Alphabet::Base62Dash => b.is_ascii_alphanumeric() || b == b'-',
            Alphabet::Base62Underscore => b.is_ascii_alphanumeric() || b == b'_',
            Alphabet::Digits => b.is_ascii_digit(),
            Alphabet::Printable => (0x21..=0x7E).contains(&b),
            Alphabet::Bech32Upper => b"QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".contains(&b),
            Alphabet::Base62Upper => b.is_ascii_uppercase() || b.is_ascii_digit(),
            Alphabet::HexDash => b.is_ascii_hexdigit() || b == b'-',
            Alphabet::Base62Percent => b.is_ascii_alphanumeric() || b == b'%',
        }
    }
}

/// How a key proves it was not mistyped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecksumKind {
    /// No checksum.
    None,
    /// GitHub and npm: 4-char prefix, 30 random base62 chars, then CRC32 (IEEE) of those 30 chars
    /// in base62 (`0-9A-Za-z`), left-padded with `0` to 6 chars. 40 chars in all.
    Crc32Base62,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// Whether a key works against live data or a sandbox.
pub enum Environment {
    /// Production data.
    Live,
    /// A test or sandbox environment.
    Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// Whether a key may be seen by end users.
pub enum Visibility {
    /// Meant to be embedded in web pages (Stripe `pk_`, Google browser keys, Supabase publishable).
    Publishable,
    /// Must stay on a server.
    Secret,
}

/// One kind of credential a provider issues.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KeyKind {
    /// Stable id within the provider, e.g. `project`, `classic`, `live-secret`.
    pub id: &'static str,
    /// Display name, e.g. `Personal access token (classic)`.
    pub label: &'static str,
    /// Fixed leading text; empty when the kind has no prefix (recognised only with host context).
    pub prefix: &'static str,
    /// Inclusive range of the whole key's length in bytes.
    pub min_len: u16,
    /// See [`Self::min_len`].
    pub max_len: u16,
    /// Characters allowed after the prefix.
    pub alphabet: Alphabet,
    /// How the key proves it was not mistyped.
    pub checksum: ChecksumKind,
    /// Text that must occur after the prefix (OpenAI's `T3BlbkFJ`).
    pub marker: Option<&'static str>,
    /// Whether prefix (and marker) alone name the provider. `sk-` does not.
    pub distinctive: bool,
    /// Only considered when the request host names the provider (`eyJ` JWTs, `00` Okta tokens).
    pub context_only: bool,
    /// Live or test, when the prefix says.
    pub environment: Option<Environment>,
    /// Publishable or secret.
    pub visibility: Visibility,
    /// Safe to ship to browsers by design.
    pub browser_safe: bool,
    /// Never accepted by the API itself (refresh tokens, app secrets): a 401 is expected.
    pub not_for_api: bool,
    /// Extra structural check of the whole key (segments, separators).
    #[serde(skip)]
    pub layout: Option<fn(&str) -> bool>,
    /// How [`fake_key`] builds an example when the layout needs more than prefix + filler:
    /// `{h:N}` hex, `{d:N}` digits, `{a:N}` base62, `{u:N}` upper-case base62, other text as is.
    #[serde(skip)]
    pub fake: Option<&'static str>,
}

/// How the credential travels in the `Authorization` (or another) header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// `Bearer <key>` (RFC 6750).
    Bearer,
    /// `Basic base64(user:password)` (RFC 7617); see [`AuthPlacement::basic_user`].
    Basic,
    /// The key alone, no scheme word.
    Raw,
    /// `token <key>` (GitHub's legacy form).
    Token,
    /// `Bot <token>` (Discord).
    Bot,
    /// `SSWS <token>` (Okta API tokens).
    Ssws,
    /// `AWS4-HMAC-SHA256 Credential=...` (AWS Signature Version 4).
    AwsSigV4,
    /// `Api-Token <token>` (Dynatrace).
    ApiToken,
    /// `Api-Key <key>` (Yandex Cloud).
    ApiKey,
    /// `ShippoToken <token>` (Shippo).
    ShippoToken,
    /// Not a header: the token is part of the URL path (Telegram).
    UrlPath,
}

impl Scheme {
    /// The scheme word as sent, when there is one.
    pub fn word(self) -> Option<&'static str> {
        match self {
            Scheme::Bearer => Some("Bearer"),
            Scheme::Basic => Some("Basic"),
            Scheme::Token => Some("token"),
            Scheme::Bot => Some("Bot"),
            Scheme::Ssws => Some("SSWS"),
            Scheme::AwsSigV4 => Some("AWS4-HMAC-SHA256"),
            Scheme::ApiToken => Some("Api-Token"),
            Scheme::ApiKey => Some("Api-Key"),
            Scheme::ShippoToken => Some("ShippoToken"),
            Scheme::Raw | Scheme::UrlPath => None,
        }
    }
}

/// One accepted way of sending the credential.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AuthPlacement {
    /// The header name, e.g. `Authorization`, `x-api-key`.
    pub header: &'static str,
    /// The scheme the value uses.
    pub scheme: Scheme,
    /// For Basic: what the user part must be (`api`, `__token__`, `the key itself`...).
    pub basic_user: Option<&'static str>,
    /// Anything else worth knowing about this placement.
    pub note: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// How necessary a companion header is.
pub enum Requirement {
    /// Requests fail without it.
    Required,
    /// Requests fail without it in some cases only: those [`Companion::when`] names (a method,
    /// a host, a kind of key); with no condition authlens can check, it is never demanded.
    Conditional,
    /// Documented as recommended.
    Recommended,
    /// Accepted but not needed.
    Optional,
}

/// A header that must or may accompany the credential.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Companion {
    /// The header name.
    pub header: &'static str,
    /// How necessary it is.
    pub requirement: Requirement,
    /// What it is for.
    pub note: &'static str,
    /// When a [`Requirement::Conditional`] companion is needed (a required one: when it is not).
    pub when: CompanionWhen,
}

/// The cases a companion header is needed in; every non-empty list must match.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct CompanionWhen {
    /// Request methods (`POST`), ASCII case ignored.
    pub methods: &'static [&'static str],
    /// Host patterns, as in [`Provider::hosts`] (S3's `*.s3.amazonaws.com`).
    pub hosts: &'static [&'static str],
    /// Prefixes of the credential sent (`ASIA`, AWS temporary access key ids).
    pub key_prefixes: &'static [&'static str],
    /// Headers that stand in for it (`Date` for `X-Amz-Date`).
    pub unless: &'static [&'static str],
}

impl CompanionWhen {
    /// No condition.
    pub const EMPTY: CompanionWhen = CompanionWhen {
        methods: &[],
        hosts: &[],
        key_prefixes: &[],
        unless: &[],
    };
    /// Whether no condition is given.
    pub fn is_empty(&self) -> bool {
        self.methods.is_empty()
            && self.hosts.is_empty()
            && self.key_prefixes.is_empty()
            && self.unless.is_empty()
    }
}

impl Companion {
    /// Whether a request to `host` with `method`, sending the credential `key`, needs this
    /// header; `sent(name)` says whether the request has a non-empty header `name`.
    ///
    /// ```
    /// use authlens::providers::provider;
    /// let aws = provider("aws-temporary-credentials").unwrap();
    /// let token = aws.companions.iter().find(|c| c.header == "X-Amz-Security-Token").unwrap();
    /// let none = |_: &str| false;
    /// assert!(token.demanded("GET", "sts.amazonaws.com", "ASIAY34FZKBOKMUTVV7A", &none));
    /// assert!(!token.demanded("GET", "sts.amazonaws.com", "AKIAY34FZKBOKMUTVV7A", &none));
    /// ```
    pub fn demanded(
        &self,
        method: &str,
        host: &str,
        key: &str,
        sent: &dyn Fn(&str) -> bool,
    ) -> bool {
        let w = &self.when;
        let applies = match self.requirement {
            Requirement::Required => true,
            Requirement::Conditional => !w.is_empty(),
            Requirement::Recommended | Requirement::Optional => false,
        };
        applies
            && (w.methods.is_empty() || w.methods.iter().any(|m| m.eq_ignore_ascii_case(method)))
            && (w.hosts.is_empty() || w.hosts.iter().any(|p| host_matches(p, host)))
            && (w.key_prefixes.is_empty() || w.key_prefixes.iter().any(|p| key.starts_with(p)))
            && !w.unless.iter().any(|h| sent(h))
            && !sent(self.header)
    }
}

/// A documented error code and what it means.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ErrorCode {
    /// The code as the provider sends it.
    pub code: &'static str,
    /// The status it comes with.
    pub status: u16,
    /// What it means.
    pub meaning: &'static str,
}

/// One credential type of one provider, as in `providers.json`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Provider {
    /// The catalogue entry id, e.g. `anthropic-api-key` (the `providers.json` id where there is one).
    pub id: &'static str,
    /// The stable lowercase provider id shared by all of one company's entries, e.g. `github`.
    pub vendor: &'static str,
    /// Display name, e.g. `Anthropic`.
    pub name: &'static str,
    /// The kinds of credential it issues.
    pub keys: &'static [KeyKind],
    /// API hosts: `api.openai.com` (exact), `*.openai.azure.com` (one or more labels),
    /// `bedrock-runtime.*.amazonaws.com` (exactly one label).
    pub hosts: &'static [&'static str],
    /// The hosts of [`Self::hosts`] that serve only live (production) data.
    pub live_hosts: &'static [&'static str],
    /// The hosts of [`Self::hosts`] that serve only test or sandbox data.
    pub test_hosts: &'static [&'static str],
    /// Text of the provider's error when a test key asks for live data or the other way round
    /// (Stripe: "a similar object exists in live mode, but a test mode key was used").
    pub mode_errors: &'static [&'static str],
    /// Accepted placements, preferred first.
    pub auth: &'static [AuthPlacement],
    /// Query parameters that carry the credential.
    pub query_params: &'static [&'static str],
    /// Headers that must or may accompany the credential.
    pub companions: &'static [Companion],
    /// Status a bad credential gets (AWS: 403, Slack: 200, Google keys: 400).
    pub unauthorized_status: &'static [u16],
    /// Documented error codes.
    pub errors: &'static [ErrorCode],
    /// The authentication documentation URL.
    pub docs: &'static str,
}

impl Provider {
    /// The key kind with this [`KeyKind::id`].
    pub fn key_kind(&self, id: &str) -> Option<&'static KeyKind> {
        self.keys.iter().find(|k| k.id == id)
    }
    /// The preferred placement.
    pub fn preferred_auth(&self) -> Option<&'static AuthPlacement> {
        self.auth.first()
    }
}

/// Looks a catalogue entry up by its `providers.json` id.
pub fn provider(id: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.id == id)
}

/// How sure a [`KeyMatch`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Only the shape fits (no distinctive prefix, or a shared prefix whose shape is off).
    Shape,
    /// A prefix matched but something is off (length, alphabet, checksum), or the prefix is
    /// shared with other providers.
    Likely,
    /// Distinctive prefix, length, alphabet and checksum all agree.
    Exact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
/// Whether a key's checksum agrees.
pub enum ChecksumResult {
    /// The checksum agrees.
    Valid,
    /// The checksum does not agree: the key was mistyped or cut.
    Invalid,
}

/// What is wrong with a key's shape, for `token.bad_length` / `token.bad_charset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ShapeReport {
    /// The key's length is outside `[min_len, max_len]`.
    pub length_ok: bool,
    /// Byte offset of the first character outside the kind's alphabet.
    pub bad_char_at: Option<usize>,
    /// The kind's marker text is present (or the kind has none).
    pub marker_ok: bool,
    /// Any fixed layout (segments, separators) holds.
    pub layout_ok: bool,
}

impl ShapeReport {
    /// Nothing about the shape is off.
    pub fn is_ok(&self) -> bool {
        self.length_ok && self.bad_char_at.is_none() && self.marker_ok && self.layout_ok
    }
}

/// One reading of a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyMatch {
    /// [`Provider::id`].
    pub provider_id: &'static str,
    /// [`Provider::vendor`]: the stable lowercase provider id (`github`).
    pub vendor: &'static str,
    /// [`Provider::name`].
    pub provider_name: &'static str,
    /// [`KeyKind::id`].
    pub kind: &'static str,
    /// How sure the reading is.
    pub confidence: Confidence,
    /// The checksum result, when the kind has a checksum.
    pub checksum: Option<ChecksumResult>,
    /// Live or test, when known.
    pub environment: Option<Environment>,
    /// Publishable or secret, when known.
    pub visibility: Option<Visibility>,
    /// [`KeyKind::browser_safe`].
    pub browser_safe: bool,
    /// What is off about the shape.
    pub shape: ShapeReport,
    /// Length of the prefix that matched, in bytes.
    pub prefix_len: usize,
    /// The body looks like a placeholder (`AKIAIOSFODNN7EXAMPLE`, `glpat-XXXXXXXXXXXXXXXXXXXX`):
    /// still attributed, never called well-formed.
    pub placeholder: bool,
}

impl KeyMatch {
    /// The catalogue entry.
    pub fn provider(&self) -> Option<&'static Provider> {
        provider(self.provider_id)
    }
    /// The catalogue key kind.
    pub fn key_kind(&self) -> Option<&'static KeyKind> {
        self.provider().and_then(|p| p.key_kind(self.kind))
    }
}

/// Every reading of a key, most confident first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KeyRecognition {
    /// Every reading, most confident first.
    pub matches: Vec<KeyMatch>,
    /// More than one provider fits and nothing in the bytes decides (e.g. a bare `sk-` key is
    /// DeepSeek or any OpenAI-compatible gateway): say so, never guess.
    pub ambiguous: bool,
}

impl KeyRecognition {
    /// The most confident reading.
    pub fn best(&self) -> Option<&KeyMatch> {
        self.matches.first()
    }
}

type PrefixEntry = (&'static str, &'static Provider, &'static KeyKind);

/// Prefixed key kinds bucketed by their first byte, longest prefix first.
fn prefix_index() -> &'static [Vec<PrefixEntry>] {
    static INDEX: OnceLock<Vec<Vec<PrefixEntry>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut buckets: Vec<Vec<PrefixEntry>> = vec![Vec::new(); 128];
        for p in PROVIDERS {
            for k in p.keys {
                if k.context_only || k.prefix.is_empty() {
                    continue;
                }
                if let Some(bucket) = k
                    .prefix
                    .as_bytes()
                    .first()
                    .and_then(|&b| buckets.get_mut(usize::from(b)))
                {
                    bucket.push((k.prefix, p, k));
                }
            }
        }
        for bucket in &mut buckets {
            bucket.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
        }
        buckets
    })
}

/// The longest catalogue prefix `key` starts with (kinds recognisable from bytes only).
pub fn known_prefix(key: &str) -> Option<&'static str> {
    let bucket = prefix_index().get(usize::from(*key.as_bytes().first()?))?;
    // Buckets are sorted longest prefix first.
    bucket.iter().map(|e| e.0).find(|p| key.starts_with(p))
}

/// Compares `key` with one key kind, ignoring whether the prefix identifies the provider.
fn shape_of(key: &str, kind: &KeyKind) -> ShapeReport {
    let rest = key.get(kind.prefix.len()..).unwrap_or("");
    let len = key.len();
    ShapeReport {
        length_ok: len >= usize::from(kind.min_len) && len <= usize::from(kind.max_len),
        bad_char_at: kind
            .alphabet
            .first_outside(rest.as_bytes())
            .map(|i| i + kind.prefix.len()),
        marker_ok: kind.marker.is_none_or(|m| rest.contains(m)),
        layout_ok: kind.layout.is_none_or(|f| f(key)),
    }
}

fn checksum_of(key: &str, kind: &KeyKind) -> Option<ChecksumResult> {
    match kind.checksum {
        ChecksumKind::None => None,
        ChecksumKind::Crc32Base62 => {
            if key.len() != 40
                || !key
                    .bytes()
                    .skip(kind.prefix.len())
                    .all(|b| b.is_ascii_alphanumeric())
            {
                return None;
            }
            Some(if github_style_checksum_valid(key) {
                ChecksumResult::Valid
            } else {
                ChecksumResult::Invalid
            })
        }
    }
}

/// Documentation placeholders: the word `EXAMPLE`, a key published on purpose
/// ([`KNOWN_PUBLIC_KEYS`]), or a body that repeats a unit of one to four characters ten times in
/// a row (`XXXXXXXXXX`, `123123123123`): random base62 or hex practically never does.
fn looks_like_placeholder(key: &str, body: &str) -> bool {
    if body.contains("EXAMPLE") || KNOWN_PUBLIC_KEYS.binary_search(&key).is_ok() {
        return true;
    }
    repeats_a_short_unit(body.as_bytes())
}

/// Whether `bytes` repeats a unit of `p` = 1 to 4 bytes over 10 bytes in a row: a streak of
/// `10 - p` positions each equal to the byte `p` back. One pass per period over the slice itself
/// (a rotating window of the last bytes was most of a key's recognition time).
fn repeats_a_short_unit(bytes: &[u8]) -> bool {
    (1..=4).any(|p| {
        let mut streak = 0;
        bytes.iter().zip(bytes.iter().skip(p)).any(|(back, b)| {
            streak = if b == back { streak + 1 } else { 0 };
            streak + p >= 10
        })
    })
}

fn match_kind(
    key: &str,
    provider: &'static Provider,
    kind: &'static KeyKind,
    with_context: bool,
) -> KeyMatch {
    let shape = shape_of(key, kind);
    let checksum = checksum_of(key, kind);
    let checksum_ok = checksum != Some(ChecksumResult::Invalid);
    let identifies = (kind.distinctive && !kind.prefix.is_empty()) || with_context;
    let confidence = match (identifies, shape.is_ok() && checksum_ok) {
        (true, true) => Confidence::Exact,
        (true, false) | (false, true) => Confidence::Likely,
        (false, false) => Confidence::Shape,
    };
    // A bare shared prefix (`sk-`) names OpenAI only with its `T3BlbkFJ` marker: without it the
    // reading stays, at the lowest rank, so callers can say "OpenAI-compatible, can't tell".
    let confidence = if !shape.marker_ok && kind.prefix.len() <= 3 {
        Confidence::Shape
    } else {
        confidence
    };
    // Only a key that would otherwise be well-formed needs the placeholder check.
    let placeholder = confidence == Confidence::Exact
        && looks_like_placeholder(key, key.get(kind.prefix.len()..).unwrap_or(""));
    let confidence = if placeholder {
        confidence.min(Confidence::Likely)
    } else {
        confidence
    };
    KeyMatch {
        provider_id: provider.id,
        vendor: provider.vendor,
        provider_name: provider.name,
        kind: kind.id,
        confidence,
        checksum,
        environment: kind.environment,
        visibility: Some(kind.visibility),
        browser_safe: kind.browser_safe,
        shape,
        prefix_len: kind.prefix.len(),
        placeholder,
    }
}

/// The best reading of each line of `text` (one key per line; `\r\n` or `\n`): the provider id
/// and kind of [`recognize_key`]'s first match, or `None`. One call for many keys, as a scanner
/// over a document makes it.
///
/// ```
/// let ids = authlens::providers::recognize_lines("not a key\nghp_16C7e42F292c6912E7710c838347Ae178B4a");
/// assert_eq!(ids[0], None);
/// assert_eq!(ids[1].map(|(provider, _)| provider), Some("github-pat-classic"));
/// ```
pub fn recognize_lines(text: &str) -> Vec<Option<(&'static str, &'static str)>> {
    text.lines()
        .map(|line| {
            recognize_key(line)
                .matches
                .first()
                .map(|m| (m.provider_id, m.kind))
        })
        .collect()
}

/// Reads a bare credential (no scheme word) from its bytes alone.
pub fn recognize_key(key: &str) -> KeyRecognition {
    let Some(&first) = key.as_bytes().first() else {
        return KeyRecognition::default();
    };
    let Some(bucket) = prefix_index().get(usize::from(first)) else {
        return KeyRecognition::default();
    };
    let mut matches: Vec<KeyMatch> = Vec::new();
    let mut dominant: Option<&'static str> = None;
    for &(prefix, provider, kind) in bucket {
        // Prefixes are a few bytes: compared inline, not by a `memcmp` call each.
        if key.len() < prefix.len() || !key.bytes().zip(prefix.bytes()).all(|(a, b)| a == b) {
            continue;
        }
        // A longer distinctive prefix (`sk-ant-api03-`) hides the shorter ones it extends (`sk-`).
        if let Some(longer) = dominant {
            if longer.len() > prefix.len() && longer.starts_with(prefix) {
                continue;
            }
        }
        let m = match_kind(key, provider, kind, false);
        if kind.distinctive && (m.shape.marker_ok || prefix.len() > 3) && dominant.is_none() {
            dominant = Some(prefix);
        }
        // A shared prefix (`sk-`, `pat`, `AC`) means nothing unless the rest fits too.
        if !kind.distinctive && !(m.shape.is_ok()) {
            continue;
        }
        matches.push(m);
    }
    if matches.is_empty() {
        // Prefix-less kinds with a distinctive layout (Discord, Telegram, Mailchimp).
        // Length and layout first: most keys that get here fit none, and say so in a comparison.
        let len = key.len();
        for &(provider, kind) in structural_kinds() {
            if len < usize::from(kind.min_len)
                || len > usize::from(kind.max_len)
                || !kind.layout.is_some_and(|f| f(key))
            {
                continue;
            }
            let m = match_kind(key, provider, kind, false);
            if m.shape.is_ok() {
                matches.push(m);
            }
        }
    }
    finish(matches)
}

fn structural_kinds() -> &'static [(&'static Provider, &'static KeyKind)] {
    static KINDS: OnceLock<Vec<(&'static Provider, &'static KeyKind)>> = OnceLock::new();
    KINDS.get_or_init(|| {
        PROVIDERS
            .iter()
            .flat_map(|p| p.keys.iter().map(move |k| (p, k)))
            .filter(|(_, k)| k.prefix.is_empty() && !k.context_only && k.layout.is_some())
            .collect()
    })
}

fn finish(mut matches: Vec<KeyMatch>) -> KeyRecognition {
    matches.sort_by(|a, b| {
        b.confidence
            .cmp(&a.confidence)
            .then(b.prefix_len.cmp(&a.prefix_len))
    });
    let ambiguous = match matches.first() {
        None => false,
        Some(best) => {
            let rivals = matches
                .iter()
                .filter(|m| m.provider_id != best.provider_id && m.vendor != best.vendor);
            if best.confidence == Confidence::Exact {
                rivals.filter(|m| m.confidence == Confidence::Exact).count() > 0
            } else {
                // A Shape-only best reading (`sk-` without OpenAI's marker) cannot name anyone.
                rivals.count() > 0 || best.confidence == Confidence::Shape
            }
        }
    };
    KeyRecognition { matches, ambiguous }
}

/// Reads a credential knowing which provider should receive it (from the host or header):
/// the only way to recognise prefix-less keys (Azure, Datadog, Cohere...). Returns the best
/// fitting kind of that provider, or `None` when no kind's prefix matches.
pub fn check_key_for_provider(key: &str, provider: &'static Provider) -> Option<KeyMatch> {
    let mut best: Option<KeyMatch> = None;
    for kind in provider.keys {
        if !key.starts_with(kind.prefix) {
            continue;
        }
        let m = match_kind(key, provider, kind, true);
        let better = match &best {
            None => true,
            Some(b) => (m.confidence, m.prefix_len) > (b.confidence, b.prefix_len),
        };
        if better {
            best = Some(m);
        }
    }
    best
}

/// Strips the port, IPv6 brackets and a trailing dot; case is left alone (matching ignores ASCII
/// case, so no lower-cased copy is needed).
fn normalize_host(host: &str) -> &str {
    let host = host.trim();
    let host = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host, |(h, _)| h)
    };
    host.trim_end_matches('.')
}

/// `a` against `b`, ASCII case ignored.
fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// `host` starts (`end = false`) or ends with `part`, ASCII case ignored.
fn has_affix_ignore_ascii_case(host: &str, part: &str, end: bool) -> bool {
    let range = if end {
        host.len().checked_sub(part.len()).map(|i| i..host.len())
    } else {
        Some(0..part.len())
    };
    range
        .and_then(|r| host.get(r))
        .is_some_and(|h| h.eq_ignore_ascii_case(part))
}

/// How specific `pattern` is when it matches `host` (literal bytes matched, ASCII case
/// ignored: host names are case-insensitive), or `None`.
fn host_match(pattern: &str, host: &str) -> Option<usize> {
    match pattern.split_once('*') {
        None => pattern.eq_ignore_ascii_case(host).then_some(pattern.len()),
        Some((pre, post)) => {
            if host.len() <= pre.len() + post.len()
                || !has_affix_ignore_ascii_case(host, pre, false)
                || !has_affix_ignore_ascii_case(host, post, true)
            {
                return None;
            }
            let middle = host.get(pre.len()..host.len() - post.len())?;
            if !pre.is_empty() && middle.contains('.') {
                return None;
            }
            if middle.starts_with('.') || middle.ends_with('.') {
                return None;
            }
            Some(pre.len() + post.len())
        }
    }
}

/// The last two labels of a host or pattern (`azure.com` of `x.openai.azure.com`).
fn last_two_labels(host: &str) -> &str {
    match host.rmatch_indices('.').nth(1) {
        Some((i, _)) => host.get(i + 1..).unwrap_or(host),
        None => host,
    }
}

/// `(last two labels, pattern, catalogue index)` of every host pattern, sorted by the labels
/// (ASCII case ignored) for a binary search.
type HostEntry = (&'static str, &'static str, usize);

fn host_index() -> &'static [HostEntry] {
    static INDEX: OnceLock<Vec<HostEntry>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index: Vec<HostEntry> = PROVIDERS
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                p.hosts
                    .iter()
                    .map(move |&pattern| (last_two_labels(pattern), pattern, i))
            })
            .collect();
        // Stable: catalogue order is kept within one suffix.
        index.sort_by(|a, b| cmp_ignore_ascii_case(a.0, b.0));
        index
    })
}

/// `(specificity, catalogue index)` of every provider serving `host` (already normalised).
fn host_candidates(host: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let index = host_index();
    let suffix = last_two_labels(host);
    let start = index.partition_point(|e| cmp_ignore_ascii_case(e.0, suffix).is_lt());
    let end = index.partition_point(|e| cmp_ignore_ascii_case(e.0, suffix).is_le());
    index
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .filter_map(move |&(_, pattern, i)| host_match(pattern, host).map(|s| (s, i)))
}

/// Most providers one host suffix can name (checked against the catalogue by a test).
const HOST_PROVIDERS_MAX: usize = 16;

/// An entry of no provider, filling the unused slots of a [`HostProviders`].
static NO_PROVIDER: Provider = Provider {
    id: "",
    vendor: "",
    name: "",
    keys: &[],
    hosts: &[],
    live_hosts: &[],
    test_hosts: &[],
    mode_errors: &[],
    auth: &[],
    query_params: &[],
    companions: &[],
    unauthorized_status: &[],
    errors: &[],
    docs: "",
};

/// The providers serving one host, most specific first: a slice (`len`, `iter`, `first`,
/// indexing) kept inline, so the lookup allocates nothing.
#[derive(Clone, Copy)]
pub struct HostProviders {
    items: [&'static Provider; HOST_PROVIDERS_MAX],
    len: usize,
}

impl std::ops::Deref for HostProviders {
    type Target = [&'static Provider];
    fn deref(&self) -> &Self::Target {
        self.items.get(..self.len).unwrap_or_default()
    }
}

impl std::fmt::Debug for HostProviders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter().map(|p| p.id)).finish()
    }
}

impl IntoIterator for HostProviders {
    type Item = &'static Provider;
    type IntoIter = std::iter::Take<std::array::IntoIter<&'static Provider, HOST_PROVIDERS_MAX>>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter().take(self.len)
    }
}

impl<'a> IntoIterator for &'a HostProviders {
    type Item = &'a &'static Provider;
    type IntoIter = std::slice::Iter<'a, &'static Provider>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Whether `host` matches the host pattern `pattern` (see [`Provider::hosts`]).
///
/// ```
/// assert!(authlens::providers::host_matches("*.s3.amazonaws.com", "bucket.s3.amazonaws.com"));
/// assert!(!authlens::providers::host_matches("api.github.com", "github.com"));
/// ```
pub fn host_matches(pattern: &str, host: &str) -> bool {
    host_match(pattern, normalize_host(host)).is_some()
}

/// Every catalogue entry serving `host`, most specific pattern first (catalogue order on ties).
pub fn providers_for_host(host: &str) -> HostProviders {
    let host = normalize_host(host);
    // (specificity, catalogue index), kept sorted: specificity down, then index up.
    let mut found = [(0usize, 0usize); HOST_PROVIDERS_MAX];
    let mut len = 0usize;
    for (s, i) in host_candidates(host) {
        let Some(live) = found.get_mut(..len) else {
            break;
        };
        if let Some(pos) = live.iter().position(|&(_, j)| j == i) {
            if live.get(pos).is_some_and(|e| e.0 >= s) {
                continue;
            }
            // A more specific pattern of a provider already found: take it out, re-insert below.
            live.copy_within(pos + 1.., pos);
            len -= 1;
        }
        if len == HOST_PROVIDERS_MAX {
            break;
        }
        let Some(live) = found.get_mut(..=len) else {
            break;
        };
        let at = live
            .iter()
            .take(len)
            .position(|&(fs, fi)| fs < s || (fs == s && fi > i))
            .unwrap_or(len);
        live.copy_within(at..len, at + 1);
        if let Some(slot) = live.get_mut(at) {
            *slot = (s, i);
        }
        len += 1;
    }
    let mut items = [&NO_PROVIDER; HOST_PROVIDERS_MAX];
    let mut count = 0;
    for (slot, p) in items.iter_mut().zip(
        found
            .iter()
            .take(len)
            .filter_map(|&(_, i)| PROVIDERS.get(i)),
    ) {
        *slot = p;
        count += 1;
    }
    HostProviders { items, len: count }
}

/// The catalogue entry serving `host` (`api.anthropic.com`, `myres.openai.azure.com`), matched
/// on whole labels; the most specific pattern wins, then catalogue order.
pub fn provider_for_host(host: &str) -> Option<&'static Provider> {
    let host = normalize_host(host);
    let best =
        host_candidates(host).fold(None, |best: Option<(usize, usize)>, (s, i)| match best {
            Some((bs, bi)) if bs > s || (bs == s && bi < i) => Some((bs, bi)),
            _ => Some((s, i)),
        });
    best.and_then(|(_, i)| PROVIDERS.get(i))
}

#[cfg(test)]
mod tests {
    /// The rotating-window scan [`super::repeats_a_short_unit`] replaced, kept as its reference.
    fn repeats_by_window(body: &[u8]) -> bool {
        let mut streak = [0usize; 4];
        let mut window = [0u8; 4];
        for (i, &b) in body.iter().enumerate() {
            for (p, (s, &back)) in streak.iter_mut().zip(window.iter()).enumerate() {
                if i > p && b == back {
                    *s += 1;
                    if *s + p + 1 >= 10 {
                        return true;
                    }
                } else {
                    *s = 0;
                }
            }
            window.rotate_right(1);
            window[0] = b;
        }
        false
    }

    proptest::proptest! {
        /// Bodies over a few letters (repeats are likely), with a planted unit repeated a random
        /// number of times: both scans agree.
        #[test]
        fn short_unit_repeats_match_the_window_scan(
            head in "[ab1]{0,12}",
            unit in "[abc12]{1,4}",
            times in 0usize..6,
            tail in "[ab12x]{0,12}",
        ) {
            let body = format!("{head}{}{tail}", unit.repeat(times));
            proptest::prop_assert_eq!(
                super::repeats_a_short_unit(body.as_bytes()),
                repeats_by_window(body.as_bytes()),
                "{}", body
            );
        }
    }

    #[test]
    fn short_unit_repeats() {
        for (body, repeats) in [
            ("XXXXXXXXXX", true),
            ("XXXXXXXXX", false),
            ("123123123123", true),
            ("12341234123", true),
            ("1234123412", true),
            ("123412341", false),
            ("abababababab", true),
            ("R8x2Kq7Vm3Np9Lw4Tz6Y", false),
        ] {
            assert_eq!(
                super::repeats_a_short_unit(body.as_bytes()),
                repeats,
                "{body}"
            );
            assert_eq!(repeats_by_window(body.as_bytes()), repeats, "{body}");
        }
    }

    use super::*;

    /// The lookup before the index: every pattern of every provider, on a lower-cased copy.
    fn providers_for_host_by_scan(host: &str) -> Vec<&'static str> {
        let host = normalize_host(host).to_ascii_lowercase();
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (i, p) in PROVIDERS.iter().enumerate() {
            if let Some(s) = p
                .hosts
                .iter()
                .filter_map(|pattern| host_match(pattern, &host))
                .max()
            {
                found.push((s, i));
            }
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.into_iter().map(|(_, i)| PROVIDERS[i].id).collect()
    }

    /// Recognition is prefix dispatch: one key is compared with one first-byte bucket, then (only
    /// when no prefix fits) with the prefix-less structural kinds. Speed itself is measured by
    /// `bench/` (key recognition row), never by a timed test; this keeps the work per key bounded.
    #[test]
    fn dispatch_keeps_the_work_per_key_small() {
        let biggest = prefix_index().iter().map(Vec::len).max().unwrap_or(0);
        let structural = structural_kinds().len();
        assert!(
            biggest <= 40,
            "a first-byte bucket holds {biggest} prefixes"
        );
        assert!(
            structural <= 16,
            "{structural} prefix-less structural kinds"
        );
        let kinds: usize = PROVIDERS.iter().map(|p| p.keys.len()).sum();
        assert!(
            biggest + structural < kinds / 4,
            "dispatch is no better than a scan"
        );
    }

    #[test]
    fn no_host_suffix_names_more_providers_than_fit() {
        let index = host_index();
        for (suffix, _, _) in index {
            let mut ids: Vec<usize> = index
                .iter()
                .filter(|e| e.0.eq_ignore_ascii_case(suffix))
                .map(|e| e.2)
                .collect();
            ids.dedup();
            assert!(
                ids.len() <= HOST_PROVIDERS_MAX,
                "{suffix}: {} providers",
                ids.len()
            );
        }
    }

    #[test]
    fn indexed_host_lookup_equals_the_full_scan() {
        let mut hosts: Vec<String> = vec![
            "".into(),
            "localhost".into(),
            "[::1]:8080".into(),
            "com".into(),
            "evil-anthropic.com".into(),
        ];
        for p in PROVIDERS {
            for pattern in p.hosts {
                for fill in ["x", "us-east-1", "a.b", ""] {
                    let host = pattern.replace('*', fill);
                    hosts.push(format!("{}:443", host.to_ascii_uppercase()));
                    hosts.push(format!("{host}."));
                    hosts.push(format!("evil{host}"));
                    hosts.push(format!("{host}.evil.net"));
                    hosts.push(host);
                }
            }
        }
        let mut multi = 0;
        for host in &hosts {
            let indexed: Vec<&str> = providers_for_host(host).iter().map(|p| p.id).collect();
            assert_eq!(indexed, providers_for_host_by_scan(host), "{host}");
            assert_eq!(
                provider_for_host(host).map(|p| p.id),
                indexed.first().copied(),
                "{host}"
            );
            multi += usize::from(indexed.len() > 1);
        }
        assert!(multi > 0, "no host with several providers was compared");
    }

    #[test]
    fn host_patterns_match_whole_labels() {
        assert_eq!(
            host_match("*.openai.azure.com", "x.openai.azure.com"),
            Some(17)
        );
        assert_eq!(
            host_match("*.openai.azure.com", "a.b.openai.azure.com"),
            Some(17)
        );
        assert_eq!(host_match("*.openai.azure.com", "openai.azure.com"), None);
        assert_eq!(
            host_match("*.openai.azure.com", "evilopenai.azure.com"),
            None
        );
        assert_eq!(
            host_match(
                "bedrock-runtime.*.amazonaws.com",
                "bedrock-runtime.us-east-1.amazonaws.com"
            ),
            Some(30)
        );
        assert_eq!(
            host_match(
                "bedrock-runtime.*.amazonaws.com",
                "bedrock-runtime.a.b.amazonaws.com"
            ),
            None
        );
        assert_eq!(normalize_host("API.OpenAI.com:443"), "API.OpenAI.com");
        assert_eq!(normalize_host("api.openai.com."), "api.openai.com");
        assert_eq!(
            host_match("*.openai.azure.com", "X.OpenAI.Azure.COM"),
            Some(17)
        );
        assert_eq!(
            host_match("api.anthropic.com", "API.Anthropic.com"),
            Some(17)
        );
        assert_eq!(normalize_host("[::1]:8080"), "::1");
    }
}
