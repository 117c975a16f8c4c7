//! Identity cards: for every credential found (pasted, or in a request's headers, query, cookies
//! or body) what it is, how sure the reading is, and how its provider wants it sent.
//!
//! ```
//! use authlens::card::{pasted_card, CardChecksum, CardConfidence};
//!
//! let card = pasted_card("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");
//! assert_eq!(card.provider, Some("github"));
//! assert_eq!(card.confidence, CardConfidence::Certain);
//! assert_eq!(card.checksum, CardChecksum::Valid);
//! assert_eq!(
//!     card.sentence(),
//!     "GitHub personal access token (classic), checksum valid: send as `Authorization: Bearer …`"
//! );
//! ```
//!
//! The serialised form is the `credentials` array of `authlens check --json` and
//! `authlens inspect --json` (README, "JSON output"); [`CardDetails`] feeds the human text and the
//! page only. Cards never hold the credential: only its redacted form, length and fingerprint.

use serde::Serialize;

use crate::http::UrlParts;
use crate::model::Exchange;
use crate::parse::authorization::parse_credentials;
use crate::parse::basic::decode_basic;
use crate::providers::{
    check_key_for_provider, providers_for_host, recognize_key, ChecksumResult, Confidence,
    Environment, KeyMatch, Provider, Requirement, Scheme, Visibility,
};

/// How sure the reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardConfidence {
    /// A distinctive prefix with length, alphabet, layout and checksum all as documented.
    Certain,
    /// One provider fits, but something is off (shape, checksum, placeholder), the prefix is shared,
    /// or only the host it was sent to names the provider.
    Likely,
    /// Several providers fit, or none does: `candidates` lists who it could be (never a guess).
    Ambiguous,
}

/// The key's own checksum, where its format publishes one (GitHub, npm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardChecksum {
    /// The checksum matches the rest of the key.
    Valid,
    /// It does not: a character was changed, or the key was cut.
    Invalid,
    /// The format has no published checksum (or the key is too malformed to check).
    None,
}

/// Where the provider expects the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Expected {
    /// The header name, as the provider documents it.
    pub header: &'static str,
    /// The scheme word (`Bearer`, `token`, `Basic`); `None` for the key alone.
    pub scheme: Option<&'static str>,
}

/// How the provider was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecognisedBy {
    /// The key's own bytes (prefix, layout).
    Bytes,
    /// The format has no distinctive prefix: only the host it was sent to names the provider.
    Host(String),
    /// Nobody: unknown, or ambiguous.
    Nothing,
}

/// What the human output and the page add to the JSON fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardDetails {
    /// What named the provider.
    pub recognised_by: RecognisedBy,
    /// Live or test mode, when the format says.
    pub environment: Option<Environment>,
    /// Publishable (meant for browsers) or secret.
    pub visibility: Option<Visibility>,
    /// A placeholder or a key published on purpose (`…EXAMPLE`, `XXXXXXXXXX`).
    pub placeholder: bool,
    /// Never accepted by the API itself (refresh tokens, client secrets, webhook URLs).
    pub not_for_api: bool,
    /// `Authorization: Basic` must carry this user with the key (`__token__`, the account email).
    pub basic_user: Option<&'static str>,
    /// The key travels in the URL (webhooks, Telegram): no header at all.
    pub in_url: bool,
    /// The length is in the format's range.
    pub length_ok: bool,
    /// Byte offset of the first character outside the format's alphabet.
    pub bad_char_at: Option<usize>,
    /// Headers the provider requires with the credential (`anthropic-version`, `Notion-Version`).
    pub required_companions: Vec<&'static str>,
    /// The provider's authentication documentation.
    pub docs: Option<&'static str>,
}

/// One credential's identity card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialCard {
    /// `request.header.<name>`, `request.query.<name>`, `request.cookie.<name>`,
    /// `request.body.<field>` or `pasted`.
    pub location: String,
    /// The scheme word as sent (`Bearer`, `token`); `None` for a bare key.
    pub scheme: Option<String>,
    /// The stable lowercase provider id ([`Provider::vendor`]).
    pub provider: Option<&'static str>,
    /// The provider's display name (`GitHub`).
    pub provider_name: Option<&'static str>,
    /// `<catalogue entry id>/<kind id>`, e.g. `github-pat-classic/classic`.
    pub kind_id: Option<String>,
    /// The kind's label, lower-cased at the start (`personal access token (classic)`).
    pub kind: Option<String>,
    /// How sure the reading is.
    pub confidence: CardConfidence,
    /// Provider ids that fit when the reading is ambiguous; empty otherwise.
    pub candidates: Vec<&'static str>,
    /// Where the provider wants it; `None` when it is not sent in a header.
    pub expected: Option<Expected>,
    /// Length in bytes.
    pub length: usize,
    /// The redacted form (`ghp_…Gosh (40 chars)`), never the key.
    pub redacted: String,
    /// The fingerprint of `crate::redact` (`sha256:` and hex).
    pub fingerprint: String,
    /// The checksum's verdict.
    pub checksum: CardChecksum,
    /// What the human output and the page add (not part of the JSON contract).
    #[serde(skip)]
    pub details: CardDetails,
}

/// `Personal access token (classic)` -> `personal access token (classic)`; `API key` stays.
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            let mut out = first.to_lowercase().to_string();
            out.push(second);
            out.push_str(chars.as_str());
            out
        }
        _ => label.to_owned(),
    }
}

fn expected_of(provider: &Provider) -> (Option<Expected>, Option<&'static str>, bool) {
    match provider.preferred_auth() {
        Some(a) if a.scheme == Scheme::UrlPath || a.header.is_empty() => (None, None, true),
        Some(a) => (
            Some(Expected {
                header: a.header,
                scheme: a.scheme.word(),
            }),
            a.basic_user,
            false,
        ),
        None => (None, None, false),
    }
}

/// The reading to show: the bytes' own when they name someone, else the host's providers'.
fn read(value: &str, host: Option<&str>) -> (Option<KeyMatch>, RecognisedBy, Vec<&'static str>) {
    let found = recognize_key(value);
    let decided = found
        .best()
        .filter(|b| !found.ambiguous && b.confidence > Confidence::Shape);
    if let Some(best) = decided {
        return (Some(best.clone()), RecognisedBy::Bytes, Vec::new());
    }
    if let Some(host) = host {
        let from_host = providers_for_host(host)
            .into_iter()
            .filter_map(|p| check_key_for_provider(value, p))
            .filter(|m| m.confidence == Confidence::Exact)
            .max_by_key(|m| m.prefix_len);
        if let Some(m) = from_host {
            return (Some(m), RecognisedBy::Host(host.to_owned()), Vec::new());
        }
    }
    let mut candidates: Vec<&'static str> = Vec::new();
    for m in &found.matches {
        if !candidates.contains(&m.vendor) {
            candidates.push(m.vendor);
        }
    }
    if candidates.len() == 1 {
        // One provider, shape only (`sk-` without OpenAI's marker): likely, not certain.
        return (
            found.matches.into_iter().next(),
            RecognisedBy::Bytes,
            Vec::new(),
        );
    }
    (None, RecognisedBy::Nothing, candidates)
}

/// The card of one credential value found at `location` (sent with `scheme`, to `host`).
pub fn card(
    value: &str,
    location: impl Into<String>,
    scheme: Option<&str>,
    host: Option<&str>,
) -> CredentialCard {
    let (reading, recognised_by, candidates) = read(value, host);
    let mut details = CardDetails {
        recognised_by,
        environment: None,
        visibility: None,
        placeholder: false,
        not_for_api: false,
        basic_user: None,
        in_url: false,
        length_ok: true,
        bad_char_at: None,
        required_companions: Vec::new(),
        docs: None,
    };
    let mut card = CredentialCard {
        location: location.into(),
        // A word that is no registered scheme may be the key itself (`KEY Bearer`): redacted.
        scheme: scheme.map(|w| {
            if crate::parse::authorization::is_known_scheme(w) {
                w.to_owned()
            } else {
                crate::redact::redact(w)
            }
        }),
        provider: None,
        provider_name: None,
        kind_id: None,
        kind: None,
        confidence: CardConfidence::Ambiguous,
        candidates,
        expected: None,
        length: value.len(),
        redacted: crate::redact::redact(value),
        fingerprint: crate::redact::fingerprint(value).to_string(),
        checksum: CardChecksum::None,
        details: details.clone(),
    };
    let Some(m) = reading else {
        return card;
    };
    let provider = m.provider();
    let kind = m.key_kind();
    card.provider = Some(m.vendor);
    card.provider_name = Some(m.provider_name);
    card.kind_id = Some(format!("{}/{}", m.provider_id, m.kind));
    card.kind = kind.map(|k| lower_first(k.label));
    card.confidence = match (m.confidence, &details.recognised_by) {
        (Confidence::Exact, RecognisedBy::Bytes) => CardConfidence::Certain,
        _ => CardConfidence::Likely,
    };
    card.checksum = match m.checksum {
        Some(ChecksumResult::Valid) => CardChecksum::Valid,
        Some(ChecksumResult::Invalid) => CardChecksum::Invalid,
        None => CardChecksum::None,
    };
    if let Some(p) = provider {
        let (expected, basic_user, in_url) = expected_of(p);
        card.expected = expected;
        details.basic_user = basic_user;
        details.in_url = in_url;
        details.docs = Some(p.docs);
        details.required_companions = p
            .companions
            .iter()
            .filter(|c| c.requirement == Requirement::Required)
            .map(|c| c.header)
            .collect();
    }
    details.environment = m.environment;
    details.visibility = m.visibility;
    details.placeholder = m.placeholder;
    details.not_for_api = kind.is_some_and(|k| k.not_for_api);
    details.length_ok = m.shape.length_ok;
    details.bad_char_at = m.shape.bad_char_at;
    card.details = details;
    card
}

impl CredentialCard {
    /// One line: what it is and how to send it, e.g. "GitHub personal access token (classic),
    /// checksum valid: send as `Authorization: Bearer …`".
    pub fn sentence(&self) -> String {
        let (Some(name), Some(kind)) = (self.provider_name, &self.kind) else {
            return if self.candidates.is_empty() {
                format!(
                    "Not a format authlens knows ({} bytes): nothing in it names a provider",
                    self.length
                )
            } else {
                format!(
                    "Ambiguous: could be {}; nothing in the key decides",
                    self.candidates.join(", ")
                )
            };
        };
        let mut s = format!("{name} {kind}");
        match self.checksum {
            CardChecksum::Valid => s.push_str(", checksum valid"),
            CardChecksum::Invalid => s.push_str(", checksum INVALID (mistyped or truncated)"),
            CardChecksum::None => {}
        }
        let d = &self.details;
        if d.placeholder {
            s.push_str(", looks like a placeholder or published example");
        }
        if !d.length_ok {
            s.push_str(", unexpected length");
        }
        if d.bad_char_at.is_some() {
            s.push_str(", unexpected character");
        }
        if d.environment == Some(Environment::Test) {
            s.push_str(", test mode");
        }
        if d.visibility == Some(Visibility::Publishable) {
            s.push_str(", publishable (meant for browsers)");
        }
        if let RecognisedBy::Host(host) = &d.recognised_by {
            s.push_str(&format!(
                " (no distinctive prefix: recognised only because it was sent to {host})"
            ));
        }
        if d.not_for_api {
            s.push_str(": not accepted by the API itself");
            return s;
        }
        if d.in_url {
            s.push_str(": the URL itself is the secret");
            return s;
        }
        match (&self.expected, d.basic_user) {
            (Some(e), Some(user)) => s.push_str(&format!(
                ": send as `{}: Basic base64(<{user}>:<key>)`",
                e.header
            )),
            (Some(e), None) => match e.scheme {
                Some(word) => s.push_str(&format!(": send as `{}: {word} …`", e.header)),
                None => s.push_str(&format!(": send as `{}: …`", e.header)),
            },
            (None, _) => {}
        }
        if !d.required_companions.is_empty() {
            s.push_str(&format!(", with `{}`", d.required_companions.join("`, `")));
        }
        s
    }
}

/// The card of a pasted value: `Bearer …`, `Basic …` (the password is read) or a bare key.
pub fn pasted_card(value: &str) -> CredentialCard {
    value_card(value.trim(), "pasted".to_owned(), None, true)
}

/// Reads an `Authorization`-style value (or a bare key when `may_have_scheme` finds none).
fn value_card(
    value: &str,
    location: String,
    host: Option<&str>,
    may_have_scheme: bool,
) -> CredentialCard {
    if may_have_scheme {
        if let Ok(c) = parse_credentials(value) {
            if !c.scheme_missing {
                if c.scheme.eq_ignore_ascii_case("basic") {
                    if let Ok(b) = decode_basic(c.rest) {
                        // The password is the key (`__token__:pypi-…`, `email:ATATT…`); a key
                        // put in the user part (`sk_live_…:`) is read when the password is empty.
                        let key = if b.password.is_empty() {
                            &b.user
                        } else {
                            &b.password
                        };
                        return card(key, location, Some(c.scheme), host);
                    }
                }
                return card(c.rest, location, Some(c.scheme), host);
            }
        }
    }
    card(value, location, None, host)
}

/// Names of JSON or form body fields that carry a credential whatever the value looks like.
const SECRET_FIELDS: &[&str] = &[
    "access_token",
    "api_key",
    "apikey",
    "client_secret",
    "refresh_token",
    "token",
    "auth_token",
    "private_token",
    "secret",
];

fn is_secret_field(name: &str) -> bool {
    SECRET_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// A value anywhere else (cookie, body) counts only when a catalogue prefix names it.
fn names_a_provider(value: &str) -> bool {
    crate::providers::known_prefix(value).is_some()
        && recognize_key(value)
            .best()
            .is_some_and(|m| m.confidence > Confidence::Shape)
}

/// Every credential in the request of `ex`: `Authorization`-style and key headers, query
/// parameters, cookies and body fields that carry one.
pub fn cards_for_exchange(ex: &Exchange) -> Vec<CredentialCard> {
    let url = UrlParts::parse(&ex.url);
    let host = url.map(|u| u.host);
    let mut out = Vec::new();
    for h in &ex.request_headers {
        let location = || format!("request.header.{}", h.name);
        if h.name.eq_ignore_ascii_case("authorization")
            || h.name.eq_ignore_ascii_case("proxy-authorization")
        {
            if !h.value.trim().is_empty() {
                out.push(value_card(h.value.trim(), location(), host, true));
            }
        } else if h.name.eq_ignore_ascii_case("cookie") {
            for pair in h.value.split(';') {
                let (name, value) = pair.trim().split_once('=').unwrap_or(("", ""));
                if names_a_provider(value) {
                    out.push(card(value, format!("request.cookie.{name}"), None, host));
                }
            }
        } else if !h.value.trim().is_empty()
            && (crate::http::is_credential_header(&h.name) || names_a_provider(h.value.trim()))
        {
            out.push(value_card(h.value.trim(), location(), host, true));
        }
    }
    if let Some(u) = url {
        for (name, value) in u.query_pairs() {
            if crate::http::is_credential_param(name, value) || names_a_provider(value) {
                out.push(card(value, format!("request.query.{name}"), None, host));
            }
        }
    }
    if let Some(body) = ex.request_body_excerpt.as_deref() {
        for (name, value) in body_fields(body) {
            if (is_secret_field(&name) && !value.is_empty()) || names_a_provider(&value) {
                out.push(card(&value, format!("request.body.{name}"), None, host));
            }
        }
    }
    out
}

/// Top-level string fields of a JSON object body, or the pairs of a form body.
fn body_fields(body: &str) -> Vec<(String, String)> {
    let trimmed = body.trim_start();
    if trimmed.starts_with('{') {
        if !crate::http::could_be_json_object(trimmed) {
            return Vec::new();
        }
        return match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(trimmed) {
            Ok(map) => map
                .into_iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect(),
            Err(_) => Vec::new(),
        };
    }
    if trimmed.contains('=') && !trimmed.contains(char::is_whitespace) {
        return trimmed
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    }
    Vec::new()
}
