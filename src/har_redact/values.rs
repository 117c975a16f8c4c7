//! What counts as a secret in each place a HAR can hold one, and how it is replaced.
//!
//! ```
//! use authlens::har_redact::placeholder::Salt;
//! use authlens::har_redact::values::{Redactor, Side};
//!
//! let salt = Salt::from_bytes([1; 32]);
//! let mut r = Redactor::new(&salt, Default::default());
//! let out = r.header(Side::Request, "x-api-key", "sk-ant-api03-abcdefghijklmnop", None).unwrap();
//! assert!(out.starts_with("authlens-redacted:v1:"));
//! assert_eq!(r.header(Side::Request, "accept", "application/json", None), None);
//! ```

use std::collections::BTreeMap;
use std::ops::Range;

use super::placeholder::{self, redact_basic, redact_secret, Salt, SecretMode, MARKER};
use super::RedactOptions;
use crate::parse::authorization::{parse_credentials, CredentialsForm};
use crate::providers::{Provider, PROVIDERS};

/// Which half of an exchange a value belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The request half.
    Request,
    /// The response half.
    Response,
}

/// Names (parameters, JSON members, form fields) whose value is a credential whatever it looks
/// like: `norm` is the name lower-cased with `-` as `_`. (A `match` on strings compiles to a
/// switch on the length, then a comparison: this runs for every name in every body.)
fn is_listed_secret_name(norm: &[u8]) -> bool {
    matches!(
        norm,
        b"access_token"
            | b"refresh_token"
            | b"id_token"
            | b"client_secret"
            | b"code_verifier"
            | b"password"
            | b"passwd"
            | b"pwd"
            | b"secret"
            | b"api_key"
            | b"apikey"
            | b"x_api_key"
            | b"private_token"
            | b"auth_token"
            | b"session_token"
            | b"sessionid"
            | b"session_id"
            | b"subscription_key"
            | b"token"
            | b"jwt"
            | b"assertion"
            | b"client_assertion"
            | b"samlrequest"
            | b"samlresponse"
            | b"sig"
            | b"signature"
            | b"x_amz_signature"
            | b"x_amz_security_token"
            | b"x_amz_credential"
            | b"x_goog_signature"
            | b"x_goog_credential"
            | b"oauth_token"
            | b"oauth_signature"
            | b"oauth_verifier"
            | b"device_code"
            | b"user_code"
            | b"otp"
            | b"totp"
    )
}

/// OAuth parameters that are secret in URLs, fragments and form bodies (an authorization code,
/// the CSRF `state`), but ordinary words in JSON responses (`"code": "invalid_api_key"`).
fn is_url_only_secret_name(norm: &[u8]) -> bool {
    matches!(norm, b"code" | b"state" | b"key" | b"auth" | b"relaystate")
}

/// Header names the rules read that look like credential names but are not secrets.
const PUBLIC_HEADERS: &[&str] = &[
    "www-authenticate",
    "proxy-authenticate",
    "authentication-info",
    "proxy-authentication-info",
    "vary",
    "content-security-policy",
    "content-security-policy-report-only",
    "cache-control",
];

fn norm_eq(name: &str, target: &str) -> bool {
    name.len() == target.len()
        && name
            .bytes()
            .zip(target.bytes())
            .all(|(a, b)| a.to_ascii_lowercase() == b || (a == b'-' && b == b'_'))
}

fn is_secret_name(name: &str, url_context: bool) -> bool {
    let bare = name.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    // The longest listed name has 20 bytes; lower-cased with `-` as `_` (what `norm_eq`
    // compares) on the stack.
    let mut buf = [0u8; 24];
    if bare.len() > buf.len() {
        return false;
    }
    for (d, &c) in buf.iter_mut().zip(bare.as_bytes()) {
        *d = if c == b'-' {
            b'_'
        } else {
            c.to_ascii_lowercase()
        };
    }
    let norm = &buf[..bare.len()];
    is_listed_secret_name(norm) || (url_context && is_url_only_secret_name(norm))
}

/// Request headers the catalogue or the rules know to carry a credential (lower case, sorted:
/// every header name of every entry is looked up in it).
pub fn credential_headers() -> &'static [String] {
    static LIST: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<String> = crate::rules::CREDENTIAL_HEADERS
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        for p in PROVIDERS {
            for a in p.auth {
                let h = a.header.to_ascii_lowercase();
                if !v.contains(&h) {
                    v.push(h);
                }
            }
        }
        v.sort();
        v.dedup();
        v
    })
}

fn is_credential_header(lower: &str) -> bool {
    credential_headers()
        .binary_search_by(|h| h.as_str().cmp(lower))
        .is_ok()
}

/// Query parameters the catalogue documents as carrying a key (`key`, `api_key`...).
fn catalogue_params() -> &'static [String] {
    static LIST: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<String> = Vec::new();
        for p in PROVIDERS {
            for q in p.query_params {
                let q = q.to_ascii_lowercase();
                // Only the key parameters: Azure's `api-version` and Vercel's `teamId` travel
                // with the key but are not one.
                let keyish = ["key", "token", "credential", "signature", "secret"]
                    .iter()
                    .any(|w| q.contains(w));
                if keyish && !v.contains(&q) {
                    v.push(q);
                }
            }
        }
        v
    })
}

/// Basic user names providers document (`api`, `__token__`...): public, kept verbatim.
fn documented_users() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let mut v: Vec<&'static str> = Vec::new();
        for p in PROVIDERS {
            for a in p.auth {
                if let Some(u) = a.basic_user {
                    if !u.contains(' ') && !v.contains(&u) {
                        v.push(u);
                    }
                }
            }
        }
        v
    })
}

/// A header name that suggests a secret value, beyond the known credential headers.
fn suspicious_header(lower: &str) -> bool {
    if PUBLIC_HEADERS.contains(&lower) || lower.starts_with("access-control-") {
        return false;
    }
    const WORDS: &[&str] = &[
        "token",
        "secret",
        "password",
        "passwd",
        "apikey",
        "api-key",
        "api_key",
        "session",
        "signature",
        "credential",
        "csrf",
        "xsrf",
    ];
    WORDS
        .iter()
        .any(|w| find_at(lower.as_bytes(), w.as_bytes(), 0).is_some())
        || lower.split(['-', '_', ':']).any(|seg| {
            matches!(
                seg,
                "key" | "sig" | "auth" | "authorization" | "authentication" | "jwt" | "bearer"
            )
        })
}

/// Counts of what was replaced, by where and what: never a value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replaced {
    /// `(place, kind)` → how many.
    pub counts: BTreeMap<(String, String), usize>,
}

impl Replaced {
    fn add(&mut self, location: &str, what: &str) {
        *self
            .counts
            .entry((location.to_owned(), what.to_owned()))
            .or_insert(0) += 1;
    }

    /// How many secrets were replaced in all.
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

/// Replaces secrets in the values of one export, keeping the count of what it replaced.
pub struct Redactor<'s> {
    salt: &'s Salt,
    opts: RedactOptions,
    /// What was replaced so far.
    pub replaced: Replaced,
    /// PKCE: BASE64URL(SHA-256(verifier)) → verifier, for every `code_verifier` in the file.
    pkce: std::collections::HashMap<String, String>,
    /// (host provider, secret) → (placeholder, report label).
    /// Keyed by host provider id, then by secret: a lookup needs no owned key.
    cache: std::collections::HashMap<
        &'static str,
        std::collections::HashMap<String, (String, String)>,
    >,
    /// How many secrets `cache` holds.
    cached: usize,
}

/// Distinct secrets remembered at once (a bound on memory, not on correctness).
const CACHE_LIMIT: usize = 50_000;

fn is_placeholder(value: &str) -> bool {
    find_at(value.as_bytes(), MARKER.as_bytes(), 0).is_some()
}

/// Characters of a key- or JWT-shaped run in free text.
fn is_run_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'+')
}

fn what_label(r: &placeholder::Redacted) -> String {
    match r.provider {
        Some(p) => format!("{} ({p})", r.what),
        None => r.what.to_owned(),
    }
}

impl<'s> Redactor<'s> {
    /// A redactor for one export.
    pub fn new(salt: &'s Salt, opts: RedactOptions) -> Self {
        Redactor {
            salt,
            opts,
            replaced: Replaced::default(),
            pkce: std::collections::HashMap::new(),
            cache: std::collections::HashMap::new(),
            cached: 0,
        }
    }

    /// Remembers every `code_verifier` value in `text` (form, JSON or escaped JSON), so the
    /// authorization request's `code_challenge` can be tied to the verifier's placeholder.
    pub fn learn_pkce(&mut self, text: &str) {
        use base64::Engine as _;
        use sha2::Digest as _;
        let b = text.as_bytes();
        // Over the whole file: memchr's vectorised search.
        for at in memchr::memmem::find_iter(b, "code_verifier") {
            let mut i = at + "code_verifier".len();
            while b
                .get(i)
                .is_some_and(|c| matches!(c, b'\\' | b'"' | b'\'' | b':' | b'=' | b' '))
            {
                i += 1;
            }
            let end = b[i..]
                .iter()
                .position(|c| {
                    !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'))
                })
                .map_or(b.len(), |p| i + p);
            if end - i >= 43 {
                let v = &text[i..end];
                let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(sha2::Sha256::digest(v.as_bytes()));
                self.pkce.insert(challenge, v.to_owned());
                self.pkce.insert(v.to_owned(), v.to_owned());
            }
        }
    }

    /// A `code_challenge` whose verifier is in the file: `s256` placeholder (or, for the
    /// `plain` method, the verifier's own placeholder).
    fn challenge(&mut self, value: &str, location: &str) -> Option<String> {
        let verifier = self.pkce.get(value)?.clone();
        let r = redact_secret(
            &verifier,
            SecretMode::Token {
                host_provider: None,
            },
            self.salt,
        );
        self.replaced.add(location, "pkce challenge");
        if verifier == value {
            Some(r.text)
        } else {
            placeholder::s256_of(&r.text)
        }
    }

    fn token(&mut self, value: &str, host: Option<&'static Provider>, location: &str) -> String {
        // A session repeats its token and cookies on every request: redact each once.
        let host_id = host.map_or("", |p| p.id);
        if let Some((text, label)) = self.cache.get(host_id).and_then(|m| m.get(value)) {
            let (text, label) = (text.clone(), label.clone());
            self.replaced.add(location, &label);
            return text;
        }
        let mut r = redact_secret(
            value,
            SecretMode::Token {
                host_provider: host,
            },
            self.salt,
        );
        if r.what == "jwt" && self.opts.drop_personal_claims {
            r.text = drop_personal_claims(&r.text);
        }
        let label = what_label(&r);
        self.replaced.add(location, &label);
        if self.cached >= CACHE_LIMIT {
            self.cache.clear();
            self.cached = 0;
        }
        self.cached += 1;
        self.cache
            .entry(host_id)
            .or_default()
            .insert(value.to_owned(), (r.text.clone(), label));
        r.text
    }

    fn password(&mut self, value: &str, location: &str) -> String {
        let r = redact_secret(value, SecretMode::Password, self.salt);
        self.replaced.add(location, "password");
        r.text
    }

    /// One header value; `None` when it holds no secret.
    pub fn header(
        &mut self,
        side: Side,
        name: &str,
        value: &str,
        host: Option<&'static Provider>,
    ) -> Option<String> {
        if value.is_empty() || is_placeholder(value) && !value.contains(' ') {
            return None;
        }
        // `request header <name>`, the name lower-cased: one string for both.
        let mut location = String::with_capacity(16 + name.len());
        location.push_str(match side {
            Side::Request => "request header ",
            Side::Response => "response header ",
        });
        let name_at = location.len();
        location.extend(name.chars().map(|c| c.to_ascii_lowercase()));
        let lower = &location[name_at..];
        let out = match (side, lower) {
            (Side::Request, "authorization" | "proxy-authorization") => {
                Some(self.authorization(value, host, &location))
            }
            (_, "cookie") => self.cookie_header(value, &location),
            (_, "set-cookie") => self.set_cookie(value, &location),
            (_, "location" | "content-location" | "referer" | "origin" | "link" | "refresh") => {
                self.text(value, host, &location, true)
            }
            _ if PUBLIC_HEADERS.contains(&lower) => self.text(value, host, &location, false),
            _ if is_credential_header(lower) || suspicious_header(lower) => {
                Some(self.credential_value(value, host, &location))
            }
            _ => self.text(value, host, &location, false),
        };
        out.filter(|o| o != value)
    }

    /// A bare credential header value (`x-api-key`): the whole value, surrounding whitespace and
    /// quotes kept; a scheme word in front (`Token abc`) kept as in `Authorization`.
    fn credential_value(
        &mut self,
        value: &str,
        host: Option<&'static Provider>,
        location: &str,
    ) -> String {
        if let Ok(c) = parse_credentials(value) {
            if !c.scheme_missing && crate::parse::authorization::is_known_scheme(c.scheme) {
                return self.authorization(value, host, location);
            }
        }
        self.keep_edges(value, |r, core| r.token(core, host, location))
    }

    /// Applies `f` to `value` without its edge whitespace (kept verbatim).
    fn keep_edges(&mut self, value: &str, f: impl FnOnce(&mut Self, &str) -> String) -> String {
        let start = value.len() - value.trim_start().len();
        let end = value.trim_end().len().max(start);
        let core = &value[start..end];
        if core.is_empty()
            || crate::bytes::placeholder(core)
                .is_some_and(|p| super::placeholder::keep_placeholder(p, core))
        {
            return value.to_owned();
        }
        format!("{}{}{}", &value[..start], f(self, core), &value[end..])
    }

    /// An `Authorization` value: the scheme and separator kept, the credential replaced (Basic:
    /// user shape and password length; auth-params: only the secret parameters).
    /// An AWS Signature V4 parameter (`AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…,
    /// Signature=…`, comma-separated): the access key id is redacted as a key (its `AKIA`/`ASIA`
    /// prefix says long-term or temporary), the credential scope and the signed header names are
    /// public, the signature is a secret.
    fn sigv4_param(
        &mut self,
        body: &str,
        host: Option<&'static Provider>,
        location: &str,
    ) -> Option<String> {
        let (name, v) = body.split_once('=')?;
        match name {
            "Credential" => {
                let (key_id, scope) = v.split_once('/').unwrap_or((v, ""));
                let key = self.token(key_id, host, location);
                let sep = if scope.is_empty() { "" } else { "/" };
                Some(format!("{name}={key}{sep}{scope}"))
            }
            "SignedHeaders" => Some(body.to_owned()),
            "Signature" => Some(format!(
                "{name}={}",
                self.token(v.trim_end(), host, location)
            )),
            _ => None,
        }
    }

    fn authorization(
        &mut self,
        value: &str,
        host: Option<&'static Provider>,
        location: &str,
    ) -> String {
        let Ok(c) = parse_credentials(value) else {
            return value.to_owned();
        };
        if c.scheme_missing {
            // `BearereyJ…`: the glued scheme word is the evidence.
            let glued = ["Bearer", "Basic", "Token", "Bot", "DPoP", "Digest"]
                .iter()
                .find(|w| {
                    c.rest.len() > w.len() + 8
                        && c.rest
                            .get(..w.len())
                            .is_some_and(|p| p.eq_ignore_ascii_case(w))
                })
                .map_or(0, |w| w.len());
            let at = c.rest_span.start + glued;
            let tail = self.keep_edges(&value[at..], |r, core| r.token(core, host, location));
            return format!("{}{tail}", &value[..at]);
        }
        let mut out = String::with_capacity(value.len() + 64);
        out.push_str(&value[..c.rest_span.start]);
        let mut rest_start = c.rest_span.start;
        let rest_end = c.rest_span.end;
        // `Bearer Bearer …`: the repeated scheme word is evidence, not secret.
        while let Some(word_len) = value[rest_start..rest_end]
            .split_once([' ', '\t'])
            .filter(|(w, _)| crate::parse::authorization::is_known_scheme(w))
            .map(|(w, _)| w.len())
        {
            let mut next = rest_start + word_len;
            while value[next..].starts_with([' ', '\t']) {
                next += 1;
            }
            out.push_str(&value[rest_start..next]);
            rest_start = next;
        }
        let rest = &value[rest_start..rest_end];
        match &c.form {
            CredentialsForm::Params(params) if rest_start == c.rest_span.start => {
                let mut last = rest_start;
                for p in params {
                    let v = &value[p.value_span.clone()];
                    let secret = is_secret_name(p.name, true)
                        || matches!(
                            p.name.to_ascii_lowercase().as_str(),
                            "response" | "cnonce" | "credential" | "nonce_count"
                        )
                        || self.shaped(v, host);
                    if secret && !v.is_empty() && p.value_span.start >= last {
                        out.push_str(&value[last..p.value_span.start]);
                        out.push_str(&self.token(v, host, location));
                        last = p.value_span.end;
                    }
                }
                out.push_str(&value[last..rest_end]);
            }
            _ if rest.is_empty() => {}
            _ if c.is_scheme("Basic") => {
                let lead = rest.len() - rest.trim_start_matches(is_quote).len();
                let trail = rest.trim_end_matches(is_quote).len().max(lead);
                let core = &rest[lead..trail];
                if crate::bytes::placeholder(core)
                    .is_some_and(|p| super::placeholder::keep_placeholder(p, core))
                {
                    out.push_str(rest);
                } else {
                    let r = redact_basic(core, documented_users(), host, self.salt);
                    self.replaced.add(location, "basic");
                    out.push_str(&rest[..lead]);
                    out.push_str(&r.text);
                    out.push_str(&rest[trail..]);
                }
            }
            _ if rest.contains(',') => {
                // `Bearer a, Bearer b`: two values joined by a proxy or a client; each piece
                // keeps its scheme word, the commas stay.
                for (i, piece) in rest.split(',').enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let lead = piece.len() - piece.trim_start().len();
                    out.push_str(&piece[..lead]);
                    let body = &piece[lead..];
                    if let Some(kept) = self.sigv4_param(body, host, location) {
                        out.push_str(&kept);
                        continue;
                    }
                    let (word, token) = match body.split_once(' ') {
                        Some((w, t)) if crate::parse::authorization::is_known_scheme(w) => {
                            (&body[..w.len() + 1], t)
                        }
                        _ if crate::parse::authorization::is_known_scheme(body.trim_end()) => {
                            (body, "")
                        }
                        _ => ("", body),
                    };
                    out.push_str(word);
                    if !token.is_empty() {
                        let t = self.keep_edges(token, |r, core| r.token(core, host, location));
                        out.push_str(&t);
                    }
                }
            }
            _ => {
                if crate::bytes::placeholder(rest)
                    .is_some_and(|p| super::placeholder::keep_placeholder(p, rest))
                {
                    out.push_str(rest);
                } else {
                    out.push_str(&self.token(rest, host, location));
                }
            }
        }
        out.push_str(&value[rest_end..]);
        out
    }

    /// `Cookie: a=1; b=2`: every non-empty value replaced, names kept.
    fn cookie_header(&mut self, value: &str, location: &str) -> Option<String> {
        let mut out = String::with_capacity(value.len() + 64);
        let mut changed = false;
        for (i, pair) in value.split(';').enumerate() {
            if i > 0 {
                out.push(';');
            }
            match pair.split_once('=') {
                Some((name, v)) if !v.trim().is_empty() && !is_placeholder(v) => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(&self.cookie_value(v, location));
                    changed = true;
                }
                _ => out.push_str(pair),
            }
        }
        changed.then_some(out)
    }

    /// A cookie value, its surrounding whitespace and DQUOTEs kept.
    pub fn cookie_value(&mut self, v: &str, location: &str) -> String {
        let lead = v.len() - v.trim_start_matches([' ', '"']).len();
        let trail = v.trim_end_matches([' ', '"']).len().max(lead);
        let core = &v[lead..trail];
        if core.is_empty()
            || is_placeholder(core)
            || crate::bytes::placeholder(core)
                .is_some_and(|p| super::placeholder::keep_placeholder(p, core))
        {
            return v.to_owned();
        }
        format!(
            "{}{}{}",
            &v[..lead],
            self.token(core, None, location),
            &v[trail..]
        )
    }

    /// `Set-Cookie: n=v; Path=/; Secure`: the value replaced, the attributes kept.
    fn set_cookie(&mut self, value: &str, location: &str) -> Option<String> {
        // Firefox joins several Set-Cookie lines with `\n` in one header.
        let mut out = String::with_capacity(value.len() + 64);
        let mut changed = false;
        for (i, line) in value.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let (pair, attrs) = match line.find(';') {
                Some(at) => line.split_at(at),
                None => (line, ""),
            };
            match pair.split_once('=') {
                Some((name, v)) if !v.trim().is_empty() && !is_placeholder(v) => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(&self.cookie_value(v, location));
                    changed = true;
                }
                _ => out.push_str(pair),
            }
            out.push_str(attrs);
        }
        changed.then_some(out)
    }

    /// A decoded name/value pair from `queryString`, `postData.params` or a form body.
    pub fn param(
        &mut self,
        name: &str,
        value: &str,
        host: Option<&'static Provider>,
        location: &str,
    ) -> Option<String> {
        self.named(name, value, Named::Param, host, location)
    }

    /// A JSON string member of a body: by its name (`code` and `state` only in requests), its
    /// shape, or what it contains.
    pub fn json_member(
        &mut self,
        name: &str,
        value: &str,
        request: bool,
        host: Option<&'static Provider>,
        location: &str,
    ) -> Option<String> {
        self.named(name, value, Named::Json { request }, host, location)
    }

    /// A value that comes with its name (a parameter or a JSON member): secret by its name, by
    /// its shape, or by what it contains.
    fn named(
        &mut self,
        name: &str,
        value: &str,
        from: Named,
        host: Option<&'static Provider>,
        location: &str,
    ) -> Option<String> {
        if value.is_empty() || is_placeholder(value) {
            return None;
        }
        if norm_eq(name, "code_challenge") {
            return self.challenge(value, location);
        }
        let secret_name = match from {
            // In a URL or a form, `code`, `state` and `key` are credentials, and so is any
            // parameter a provider of the catalogue reads its key from.
            Named::Param => {
                is_secret_name(name, true) || catalogue_params().iter().any(|p| norm_eq(name, p))
            }
            // In a response, `code` and `state` are error codes.
            Named::Json { request } => is_secret_name(name, request),
        };
        if secret_name {
            if crate::bytes::placeholder(value)
                .is_some_and(|p| super::placeholder::keep_placeholder(p, value))
            {
                return None;
            }
            // A PKCE verifier is random text: no provider's key format applies.
            let host = if norm_eq(name, "code_verifier") {
                None
            } else {
                host
            };
            if matches!(
                name.to_ascii_lowercase().as_str(),
                "password" | "passwd" | "pwd"
            ) {
                return Some(self.password(value, location));
            }
            // Whitespace a copy-paste left around the key is evidence: kept outside.
            return Some(self.keep_edges(value, |r, core| r.token(core, host, location)));
        }
        if self.shaped(value, host) {
            return Some(self.token(value, host, location));
        }
        let url_context = match from {
            Named::Param => true,
            Named::Json { .. } => value.contains('?') || value.contains('#'),
        };
        self.text(value, host, location, url_context)
    }

    /// Whether a whole value is shaped like a key the catalogue knows or like a JWT.
    fn shaped(&self, value: &str, host: Option<&'static Provider>) -> bool {
        let _ = host;
        value.len() >= 12
            && (crate::parse::jwt::looks_like_jwt(value)
                || crate::providers::recognize_key(value)
                    .best()
                    .is_some_and(|m| {
                        m.prefix_len > 0 && m.confidence >= crate::providers::Confidence::Likely
                    }))
    }

    /// Free text (a URL, a header, a text body): secret `name=value` / `"name": "value"` pairs,
    /// URL passwords, the credential after `Bearer`/`Basic`, and key- or JWT-shaped runs.
    /// `url_context`: `code`, `state` and `key` count as secret names too.
    pub fn text(
        &mut self,
        text: &str,
        host: Option<&'static Provider>,
        location: &str,
        url_context: bool,
    ) -> Option<String> {
        if cannot_hold_a_secret(text) {
            return None;
        }
        let mut spans: Vec<(Range<usize>, Kind)> = Vec::new();
        find_secrets(text, url_context, &mut spans);
        if spans.is_empty() {
            return None;
        }
        spans.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(text.len() + 64 * spans.len());
        let mut last = 0;
        for (r, kind) in spans {
            if r.start < last || r.end <= r.start {
                continue;
            }
            let v = &text[r.clone()];
            if is_placeholder(v)
                || crate::bytes::placeholder(v)
                    .is_some_and(|p| super::placeholder::keep_placeholder(p, v))
            {
                continue;
            }
            out.push_str(&text[last..r.start]);
            let replaced = match kind {
                Kind::Password => self.password(v, location),
                Kind::Basic => {
                    self.replaced.add(location, "basic");
                    redact_basic(v, documented_users(), host, self.salt).text
                }
                Kind::Token => self.token(v, host, location),
                Kind::Verifier => self.token(v, None, location),
                Kind::Challenge => match self.challenge(v, location) {
                    Some(p) => p,
                    None => v.to_owned(),
                },
            };
            out.push_str(&replaced);
            last = r.end;
        }
        out.push_str(&text[last..]);
        (out != text).then_some(out)
    }
}

/// Where a named value comes from.
#[derive(Clone, Copy)]
enum Named {
    /// A URL query or form parameter (decoded).
    Param,
    /// A JSON string member; `request`: in a request body.
    Json { request: bool },
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Token,
    Password,
    Basic,
    /// A PKCE verifier: its placeholder must not depend on the host (the challenge's doesn't).
    Verifier,
    /// A PKCE challenge: replaced only when its verifier is in the file.
    Challenge,
}

/// Value delimiters after a `name=` or `"name":` in free text.
fn value_end(text: &str, start: usize) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    while let Some(&c) = b.get(i) {
        if matches!(
            c,
            b'&' | b'#'
                | b'"'
                | b'\''
                | b' '
                | b'\t'
                | b'\r'
                | b'\n'
                | b','
                | b';'
                | b'}'
                | b']'
                | b'<'
                | b'>'
                | b')'
                | b'\\'
        ) {
            break;
        }
        i += 1;
    }
    i
}

/// Hosts whose URL path is the credential (the catalogue's `url_path` webhook kinds).
const WEBHOOK_HOSTS: &[&str] = &["hooks.slack.com/", ".webhook.office.com/"];

/// Where `needle` occurs in `hay` at or after `from`. `str::find` builds a Two-Way searcher for
/// every call, which costs more than the search itself on the short strings of a HAR (a fifth of
/// the redaction's time when it was used here).
fn find_at(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let p = hay[i..hay.len() - rest.len()]
            .iter()
            .position(|&c| c == first)?;
        i += p;
        if hay[i + 1..].starts_with(rest) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Text [`find_secrets`] finds nothing in, decided without running it: every secret it looks
/// for is a `name=value` or `name: value` pair, or at least 16 characters long (a key- or
/// JWT-shaped run, `Bearer` and 12 characters, a URL password after `://`, a webhook path, a
/// Telegram `/bot` token).
fn cannot_hold_a_secret(text: &str) -> bool {
    text.len() < 16 && memchr::memchr2(b'=', b':', text.as_bytes()).is_none()
}

fn find_secrets(text: &str, url_context: bool, out: &mut Vec<(Range<usize>, Kind)>) {
    let b = text.as_bytes();
    // URL user:password@ (the password only).
    if let Some(scheme_end) = find_at(b, b"://", 0) {
        let auth_start = scheme_end + 3;
        let auth_end = b[auth_start..]
            .iter()
            .position(|&c| matches!(c, b'/' | b'?' | b'#' | b' ' | b'"'))
            .map_or(text.len(), |p| auth_start + p);
        if let Some(at) = text[auth_start..auth_end].rfind('@') {
            if let Some(colon) = text[auth_start..auth_start + at].find(':') {
                let s = auth_start + colon + 1;
                let e = auth_start + at;
                if e > s {
                    out.push((s..e, Kind::Password));
                }
            }
        }
    }
    // Webhook URLs are secrets as a whole (Slack incoming webhooks, Teams connectors): the host
    // stays readable, the path after it is one token, up to the query or the end of the URL.
    for marker in WEBHOOK_HOSTS {
        let mut next = 0;
        while let Some(at) = find_at(b, marker.as_bytes(), next) {
            next = at + marker.len();
            let s = at + marker.len();
            let e = b[s..]
                .iter()
                .position(|&c| {
                    matches!(
                        c,
                        b'?' | b'#'
                            | b'"'
                            | b'\''
                            | b'\\'
                            | b'<'
                            | b'>'
                            | b' '
                            | b'\t'
                            | b'\r'
                            | b'\n'
                    )
                })
                .map_or(b.len(), |p| s + p);
            if e - s >= 20 && !text[s..e].starts_with(MARKER) {
                out.push((s..e, Kind::Token));
            }
        }
    }
    // Telegram's `/bot<id>:<secret>/method`: the token is a URL path segment.
    let mut from = 0;
    while let Some(at) = find_at(b, b"/bot", from).map(|p| p + 4) {
        from = at;
        let digits = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
        if (6..=12).contains(&digits) && b.get(at + digits) == Some(&b':') {
            let end = b[at + digits + 1..]
                .iter()
                .position(|&c| {
                    matches!(
                        c,
                        b'/' | b'?' | b'#' | b'&' | b'"' | b' ' | b'\t' | b'\r' | b'\n'
                    )
                })
                .map_or(b.len(), |p| at + digits + 1 + p);
            if end - at - digits > 20 {
                out.push((at..end, Kind::Token));
            }
        }
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // `name=value`, `name: value`, `"name": "value"`.
        if c == b'=' || c == b':' {
            let mut n_end = i;
            if n_end > 0 && matches!(b[n_end - 1], b'"' | b'\'') {
                n_end -= 1;
            }
            while n_end > 0 && b[n_end - 1] == b' ' {
                n_end -= 1;
            }
            let mut n_start = n_end;
            while n_start > 0
                && (b[n_start - 1].is_ascii_alphanumeric() || matches!(b[n_start - 1], b'_' | b'-'))
            {
                n_start -= 1;
            }
            let name = &text[n_start..n_end];
            let challenge = norm_eq(name, "code_challenge");
            if !name.is_empty() && (challenge || is_secret_name(name, url_context && c == b'=')) {
                let mut v = i + 1;
                while b.get(v) == Some(&b' ') {
                    v += 1;
                }
                if matches!(b.get(v), Some(b'"' | b'\'')) {
                    v += 1;
                }
                let e = if matches!(b.get(v), Some(b'{' | b'[')) {
                    v
                } else {
                    value_end(text, v)
                };
                // `password` is a password; everything else a token.
                let kind = if norm_eq(name, "password") || norm_eq(name, "passwd") {
                    Kind::Password
                } else if challenge {
                    Kind::Challenge
                } else if norm_eq(name, "code_verifier") {
                    Kind::Verifier
                } else {
                    Kind::Token
                };
                if e > v && !text[v..e].starts_with(MARKER) {
                    out.push((v..e, kind));
                    i = e;
                    continue;
                }
            }
        }
        if is_run_char(c) && (i == 0 || !is_run_char(b[i - 1])) {
            let mut e = i;
            while e < b.len() && is_run_char(b[e]) {
                e += 1;
            }
            let run = &text[i..e];
            // `Bearer <token>` / `Basic <token68>` in text.
            if ["bearer", "basic", "token", "dpop"]
                .iter()
                .any(|w| run.eq_ignore_ascii_case(w))
            {
                let mut v = e;
                while b.get(v) == Some(&b' ') {
                    v += 1;
                }
                if v > e {
                    let mut ve = v;
                    while ve < b.len() && (is_run_char(b[ve]) || b[ve] == b'/') {
                        ve += 1;
                    }
                    // `Bearer realm="x"`, `Bearer resource_metadata="…"`: a challenge's
                    // auth-params, not a credential.
                    let param = b.get(ve) == Some(&b'=')
                        && b.get(ve + 1)
                            .is_some_and(|c| *c == b'"' || c.is_ascii_alphanumeric());
                    if ve - v >= 12 && !param && !text[v..ve].starts_with("authlens-redacted") {
                        let kind = if run.eq_ignore_ascii_case("basic") {
                            Kind::Basic
                        } else {
                            Kind::Token
                        };
                        out.push((v..ve, kind));
                        i = ve;
                        continue;
                    }
                }
            }
            let trimmed = run.trim_end_matches('.');
            if trimmed.len() >= 16 && !trimmed.starts_with("authlens-redacted") {
                let jwt = crate::parse::jwt::looks_like_jwt(trimmed);
                let key = !jwt
                    && crate::providers::recognize_key(trimmed)
                        .best()
                        .is_some_and(|m| {
                            m.prefix_len > 0 && m.confidence >= crate::providers::Confidence::Likely
                        });
                if jwt || key {
                    out.push((i..i + trimmed.len(), Kind::Token));
                }
            }
            i = e;
            continue;
        }
        i += 1;
    }
}

/// Re-encodes a kept JWT payload without personal claims.
fn drop_personal_claims(text: &str) -> String {
    use base64::Engine as _;
    const PERSONAL: &[&str] = &[
        "email",
        "email_verified",
        "name",
        "given_name",
        "family_name",
        "middle_name",
        "nickname",
        "preferred_username",
        "picture",
        "profile",
        "website",
        "gender",
        "birthdate",
        "phone_number",
        "phone_number_verified",
        "address",
        "locale",
        "zoneinfo",
        "upn",
        "unique_name",
        "ipaddr",
    ];
    let Some(at) = text.find(MARKER) else {
        return text.to_owned();
    };
    let head = &text[..at];
    let mut parts = head.split('.');
    let (Some(h), Some(p)) = (parts.next(), parts.next()) else {
        return text.to_owned();
    };
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Some(mut claims) = engine.decode(p).ok().and_then(|raw| {
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&raw).ok()
    }) else {
        return text.to_owned();
    };
    let before = claims.len();
    claims.retain(|k, _| !PERSONAL.contains(&k.as_str()));
    if claims.len() == before {
        return text.to_owned();
    }
    let payload = engine.encode(serde_json::to_vec(&claims).unwrap_or_default());
    format!("{h}.{payload}.{}", &text[at..])
}

#[cfg(test)]
mod find_tests {
    use super::find_at;

    #[test]
    fn find_at_finds_like_str_find() {
        let cases = [
            ("https://a.example/x", "://"),
            ("aaa://b", "://"),
            ("://", "://"),
            (":/", "://"),
            ("x/bo/bot123", "/bot"),
            ("", "/bot"),
            ("hooks.slack.com/hooks.slack.com/", "hooks.slack.com/"),
            ("ab", "b"),
        ];
        for (hay, needle) in cases {
            for from in 0..=hay.len() {
                assert_eq!(
                    find_at(hay.as_bytes(), needle.as_bytes(), from),
                    hay[from..].find(needle).map(|p| p + from),
                    "{hay:?} {needle:?} from {from}"
                );
            }
        }
    }
}
