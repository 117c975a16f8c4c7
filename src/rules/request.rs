//! Rules on the request side of one exchange: is a credential there, in the right place, once.

use crate::findings::FindingId;
use crate::model::{Evidence, Exchange, Finding, Severity, Value};
use crate::redact::{Secret, Text};

use super::credential;
use super::http::UrlParts;
use super::{finding, finding_with, msg, Ctx};
pub(crate) use crate::http::{
    is_credential_header, is_credential_param, CREDENTIAL_HEADERS, KEYLIKE_MIN_LEN,
};

/// Names people write instead of `Authorization` that are further than two edits away.
const MISNOMERS: &[(&str, &str)] = &[
    ("authentication", "Authorization"),
    ("x-authentication", "Authorization"),
];

/// Endings of API-specific key headers (`X-RapidAPI-Key`, `x-functions-key`, `X-Hasura-Admin-
/// Secret`, `X-Figma-Token`), compared with `_` read as `-`.
const CUSTOM_KEY_SUFFIXES: &[&str] = &[
    "-api-key",
    "-apikey",
    "-api-token",
    "-access-token",
    "-auth-token",
    "-secret-key",
    "-admin-secret",
    "-client-secret",
    "-subscription-key",
    "-functions-key",
    "-token",
    "-key",
];

/// Headers that end like a key header but carry no credential to check.
const NOT_KEY_HEADERS: &[&str] = &[
    "sec-websocket-key",
    "idempotency-key",
    "x-idempotency-key",
    "x-csrf-token",
    "x-xsrf-token",
    "csrf-token",
    "x-csrftoken",
    "x-request-token",
    "x-page-token",
    "x-continuation-token",
    "x-cache-key",
];

/// A custom header that carries an API key or token (not one of [`CREDENTIAL_HEADERS`]).
pub(crate) fn is_custom_key_header(name: &str) -> bool {
    let mut buffer = [0u8; 64];
    let Some(lower) = header_name_key(name, &mut buffer).filter(|k| k.len() >= 5) else {
        return false;
    };
    CUSTOM_KEY_SUFFIXES
        .iter()
        .any(|s| lower.ends_with(s.as_bytes()))
        && !NOT_KEY_HEADERS.iter().any(|h| h.as_bytes() == lower)
        && !is_credential_header(name)
        && typo_target(name).is_none()
}

/// Cookie names that hold a session id or token (lower case): framework defaults and the usual
/// words. Other cookies (preferences, analytics) are not credentials.
fn is_session_cookie(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        "sid",
        "jsessionid",
        "phpsessid",
        "asp.net_sessionid",
        "connect.sid",
    ]
    .contains(&lower.as_str())
        || ["session", "token", "jwt", "auth", "sess"]
            .iter()
            .any(|w| lower.contains(w))
            && !lower.contains("csrf")
            && !lower.contains("xsrf")
}

/// Token-request body fields that carry a credential.
const BODY_SECRET_FIELDS: &[&str] = &[
    "client_secret",
    "client_assertion",
    "assertion",
    "subject_token",
    "refresh_token",
    "password",
    "api_key",
    "apikey",
    "access_token",
    "token",
    "secret",
    "id_token",
];

pub(crate) fn inspect(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let url = ctx.url.as_ref();
    let mut has_credential = false;
    // `Proxy-Authorization` is consumed by the first proxy (RFC 9110 §11.7.2): it never reaches
    // the origin, so it counts only against a 407.
    let mut has_proxy_credential = false;
    let mut authorization_count = 0usize;
    for h in &ex.request_headers {
        if is_credential_header(&h.name) {
            if h.name.eq_ignore_ascii_case("proxy-authorization") {
                has_proxy_credential = true;
            } else {
                has_credential = true;
            }
            if h.name.eq_ignore_ascii_case("authorization") {
                authorization_count += 1;
                if authorization_count == 1 {
                    inspect_comma_joined(&h.value, out);
                }
            }
            credential::inspect_header(ctx, h, out);
        } else if h.name.eq_ignore_ascii_case("cookie") {
            has_credential = true;
            if ctx.failed() {
                inspect_cookies(ctx, &h.value, out);
            }
        } else if is_custom_key_header(&h.name) && !h.value.trim().is_empty() {
            has_credential = true;
            if ctx.failed() {
                credential::inspect_value(
                    ctx,
                    &h.value,
                    credential::Source::KeyHeader(&h.name),
                    out,
                );
            }
        } else {
            inspect_header_name(ex, &h.name, out);
        }
    }
    if authorization_count > 1 {
        out.push(finding(
            FindingId::CredentialConflicting,
            msg("The request carries {count} `Authorization` headers. It is a singleton field: servers take the first, the last, or reject the request, so which credential counts is an accident."),
            Evidence::field("request.header.Authorization").with_fact("count", authorization_count),
        ));
    }
    inspect_key_pairs(ex, out);
    compare_with_reference(ctx.opts, ex, out);
    if has_credential {
        inspect_provider_header(ctx, ex, out);
        super::provider::inspect_companions(ctx, ex, out);
    }
    let in_url = url.is_some_and(|u| inspect_url(ctx, u, out));
    let in_body = inspect_token_body(ctx, ex, out);
    // Browsers never attach credentials to a CORS preflight (Fetch §4.8): its 401 is
    // `browser.preflight_rejected`, not a missing credential.
    if super::response::is_preflight(ex) {
        return;
    }
    if ex.status == 407 && !has_proxy_credential {
        out.push(finding(
            FindingId::CredentialMissing,
            msg("The proxy answered 407 and the request carried no `Proxy-Authorization` header."),
            Evidence::field("request.header.Proxy-Authorization"),
        ));
    } else if ex.status == 401 && !has_credential && !in_url && !in_body {
        push_missing_for_origin(ctx, ex, has_proxy_credential, out);
    }
}

/// Schemes whose first request carries no credential by design: the browser (or HTTP client)
/// answers the challenge and retries (Basic and Digest prompts, Negotiate/NTLM handshakes).
const CHALLENGE_RESPONSE_SCHEMES: &[&str] = &["Basic", "Digest", "Negotiate", "NTLM"];

/// `credential.missing` for a 401 that carried nothing the origin reads. An error when the
/// challenge asks for a token the client must attach itself; a warning when the challenge starts
/// a challenge-response login (the session analysis drops it once the retry succeeds).
fn push_missing_for_origin(
    ctx: &Ctx<'_>,
    ex: &Exchange,
    has_proxy_credential: bool,
    out: &mut Vec<Finding>,
) {
    let challenge: Value = match ex.response_header("www-authenticate") {
        Some(c) => Text::new(format!(" The server's challenge was `{}`.", clip(c, 120))).into(),
        None => "".into(),
    };
    let proxy_note = if has_proxy_credential {
        " The request did carry `Proxy-Authorization`, but that header is for a proxy: the first proxy removes it, so the origin never sees it."
    } else {
        ""
    };
    let handshake = ctx
        .challenges
        .challenges
        .iter()
        .map(|c| c.scheme.as_str())
        .find(|s| {
            CHALLENGE_RESPONSE_SCHEMES
                .iter()
                .any(|h| h.eq_ignore_ascii_case(s))
        });
    // RFC 9728 §5.1 (MCP authorization): a 401 naming `resource_metadata` is how a client with
    // no token learns where to get one; it then retries with the token it obtained.
    let discovery = ctx.challenges.challenges.iter().find(|c| {
        c.param("resource_metadata")
            .is_some_and(|m| !m.trim().is_empty())
    });
    let mut ev = Evidence::field("request.header.Authorization");
    if has_proxy_credential {
        ev = ev.with_fact("ignored", "Proxy-Authorization");
    }
    match (handshake, discovery) {
        (None, Some(c)) => out.push(finding_with(
            FindingId::CredentialMissing,
            Severity::Warning,
            msg("The server answered 401 and the request carried no credential. Its `{challenge_scheme}` challenge names `resource_metadata` (RFC 9728 §5.1, how MCP servers start authorization): this is the first step of discovery, and the client is expected to read that document, get a token from the authorization server it names, and repeat the request with the token. It is a problem only if no such retry follows.{proxy_note}")
                .arg("proxy_note", proxy_note),
            ev.with_fact("challenge_scheme", Text::new(&c.scheme))
                .with_fact("resource_metadata", Text::new(c.param("resource_metadata").unwrap_or(""))),
        )),
        (Some(scheme), _) => out.push(finding_with(
            FindingId::CredentialMissing,
            Severity::Warning,
            msg("The server answered 401 and the request carried no credential.{challenge} With `{challenge_scheme}` this is how a login starts: the client is expected to answer the challenge and repeat the request with credentials. It is a problem only if no such retry follows.{proxy_note}")
                .arg("challenge", challenge)
                .arg("proxy_note", proxy_note),
            ev.with_fact("challenge_scheme", Text::new(scheme)),
        )),
        (None, None) => out.push(finding(
            FindingId::CredentialMissing,
            msg("The server answered 401 (\"I don't know who you are\") and the request carried no credential at all: no `Authorization`, no API-key header, no cookie.{challenge}{proxy_note}")
                .arg("challenge", challenge)
                .arg("proxy_note", proxy_note),
            ev,
        )),
    }
}

/// `Bearer a, Bearer b`: two credentials joined into one value, as HTTP libraries do when a
/// header is "appended" twice. Digest/params values contain commas too, so a second scheme word
/// followed by a space is required.
fn inspect_comma_joined(value: &str, out: &mut Vec<Finding>) {
    for (i, _) in value.match_indices(',') {
        let after = value[i + 1..].trim_start_matches([' ', '\t']);
        let word_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        let word = &after[..word_len];
        if word_len > 0 && after[word_len..].starts_with(' ') && credential::is_known_scheme(word) {
            out.push(finding(
                FindingId::CredentialConflicting,
                msg("The `Authorization` value holds two credentials joined by a comma (a second `{word}` at byte {at}). Something appended a header that should have been set.").arg("word", Text::new(word)).arg("at", i + 1),
                Evidence::field("request.header.Authorization").with_span(crate::model::Span::bytes(i, value.len())),
            ));
            return;
        }
    }
}

/// `Authorization` and a provider key header both carrying keys of the same kind, but different.
fn inspect_key_pairs(ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(auth) = ex.request_header("authorization") else {
        return;
    };
    let auth = auth.trim();
    let auth_key = auth.rsplit_once(' ').map_or(auth, |(_, key)| key);
    for h in &ex.request_headers {
        if h.name.eq_ignore_ascii_case("authorization")
            || h.name.eq_ignore_ascii_case("proxy-authorization")
            || !is_credential_header(&h.name)
        {
            continue;
        }
        let other = h.value.trim();
        if other != auth_key
            && key_family(other).is_some()
            && key_family(other) == key_family(auth_key)
        {
            out.push(finding(
                FindingId::CredentialConflicting,
                msg("`Authorization` and `{header}` both carry a `{family}…` key, and they are different keys. The server checks one of them; you cannot tell which.").arg("header", Text::new(&h.name)).arg("family", Text::new(key_family(other).unwrap_or(""))),
                Evidence::field(format!("request.header.{}", h.name)).with_fact("also", "request.header.Authorization"),
            ));
            return;
        }
    }
}

/// A key's prefix up to its last `_`/`-` within the first 16 bytes (`sk-ant-api03-`, `ghp_`);
/// `None` for JWTs (two services may legitimately get two different JWTs) and short values.
fn key_family(value: &str) -> Option<&str> {
    if value.len() < KEYLIKE_MIN_LEN || value.matches('.').count() >= 2 {
        return None;
    }
    let head = value.get(..16)?;
    let end = head.rfind(['_', '-'])?;
    (end >= 2).then(|| &value[..end + 1])
}

fn inspect_header_name(ex: &Exchange, name: &str, out: &mut Vec<Finding>) {
    let Some(expected) = typo_target(name) else {
        return;
    };
    if ex.request_header(expected).is_some() {
        return;
    }
    let mut m = msg("The request sends `{sent}` but no `{expected}`: the server reads only `{expected}`, so the credential is never seen.");
    if name.contains('_') && name.replace('_', "-").eq_ignore_ascii_case(expected) {
        m = m.then(
            " Underscores in header names are dropped by nginx and other proxies by default.",
        );
    }
    out.push(finding(
        FindingId::CredentialHeaderTypo,
        m,
        Evidence::field(format!("request.header.{name}"))
            .with_fact("expected", expected)
            .with_fact("sent", Text::new(name)),
    ));
}

/// `name` as header names are compared here (ASCII lower case, `_` read as `-`), written into
/// `buffer`; `None` when it does not fit.
fn header_name_key<'b, const N: usize>(name: &str, buffer: &'b mut [u8; N]) -> Option<&'b [u8]> {
    let key = buffer.get_mut(..name.len())?;
    for (dst, b) in key.iter_mut().zip(name.bytes()) {
        *dst = if b == b'_' {
            b'-'
        } else {
            b.to_ascii_lowercase()
        };
    }
    Some(key)
}

/// The credential header `name` is probably a misspelling of (canonical spelling), if any.
pub(crate) fn typo_target(name: &str) -> Option<&'static str> {
    let mut buffer = [0u8; 40];
    let lower = header_name_key(name, &mut buffer)?;
    if is_credential_header(name) {
        return None;
    }
    if let Some((_, canonical)) = MISNOMERS.iter().find(|(m, _)| m.as_bytes() == lower) {
        return Some(canonical);
    }
    if let Some(target) = CREDENTIAL_HEADERS.iter().find(|t| t.as_bytes() == lower) {
        return Some(canonical_name(target));
    }
    let name_set = byte_set(lower);
    for (target, &target_set) in CREDENTIAL_HEADERS.iter().zip(&CREDENTIAL_HEADER_SETS) {
        let t = target.as_bytes();
        // Short names are too close to unrelated headers for edit distance to mean a typo.
        if t.len() >= 7
            && t.len().abs_diff(lower.len()) <= 2
            && could_be_within(name_set, target_set, 2)
            && edit_distance_at_most(lower, t, 2)
        {
            return Some(canonical_name(target));
        }
    }
    None
}

/// Which byte values, modulo 64, occur in `s` (a set of 64 buckets).
const fn byte_set(s: &[u8]) -> u64 {
    let mut set = 0u64;
    let mut i = 0;
    while i < s.len() {
        set |= 1 << (s[i] & 63);
        i += 1;
    }
    set
}

/// [`byte_set`] of each of [`CREDENTIAL_HEADERS`].
const CREDENTIAL_HEADER_SETS: [u64; CREDENTIAL_HEADERS.len()] = {
    let mut sets = [0u64; CREDENTIAL_HEADERS.len()];
    let mut i = 0;
    while i < sets.len() {
        sets[i] = byte_set(CREDENTIAL_HEADERS[i].as_bytes());
        i += 1;
    }
    sets
};

/// False only when two strings with these [`byte_set`]s are more than `max` edits apart: an
/// insertion or substitution brings at most one bucket the string lacked, a deletion or
/// substitution removes at most one, a swap neither. A cheap test before the edit distance, which
/// every request header name would otherwise pay against every credential header.
fn could_be_within(a: u64, b: u64, max: u32) -> bool {
    (b & !a).count_ones() <= max && (a & !b).count_ones() <= max
}

fn canonical_name(lower: &str) -> &'static str {
    match lower {
        "authorization" => "Authorization",
        "proxy-authorization" => "Proxy-Authorization",
        "x-api-key" => "x-api-key",
        "api-key" => "api-key",
        "apikey" => "apikey",
        "x-goog-api-key" => "x-goog-api-key",
        "ocp-apim-subscription-key" => "Ocp-Apim-Subscription-Key",
        "x-shopify-access-token" => "X-Shopify-Access-Token",
        "private-token" => "PRIVATE-TOKEN",
        "x-auth-token" => "X-Auth-Token",
        "x-access-token" => "x-access-token",
        "x-auth-key" => "X-Auth-Key",
        "x-authorization" => "X-Authorization",
        "dd-api-key" => "DD-API-KEY",
        "dd-application-key" => "DD-APPLICATION-KEY",
        _ => "Authorization",
    }
}

/// Optimal-string-alignment distance (edits incl. adjacent swaps) `<= max`, on short ASCII.
/// Only the diagonal band `|i - j| <= max` is computed, in three rotating rows, in place.
fn edit_distance_at_most(a: &[u8], b: &[u8], max: usize) -> bool {
    const N: usize = 42;
    const FAR: usize = usize::MAX / 2;
    if a.len() + 1 >= N || b.len() + 1 >= N || a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut rows = [[FAR; N]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(max.min(b.len()) + 1) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(b.len());
        rows[cur][lo - 1] = if lo == 1 { i } else { FAR };
        let mut row_min = rows[cur][lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = v;
            row_min = row_min.min(v);
        }
        // The next row reads one column further right in this one.
        rows[cur][hi + 1] = FAR;
        if row_min > max {
            return false;
        }
    }
    rows[a.len() % 3][b.len()] <= max
}

/// The host's provider reads its key from headers none of which were sent, while another
/// credential header was: the key is in the wrong header.
fn inspect_provider_header(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(p) = ctx.provider() else {
        if ctx.failed() {
            inspect_key_placement(ex, out);
        }
        return;
    };
    let Some(preferred) = p
        .preferred_auth()
        .filter(|a| !a.header.is_empty() && a.scheme != crate::providers::Scheme::UrlPath)
    else {
        return;
    };
    let accepted = |name: &str| p.auth.iter().any(|a| a.header.eq_ignore_ascii_case(name));
    if ex
        .request_headers
        .iter()
        .any(|h| accepted(&h.name) && !h.value.trim().is_empty())
    {
        return;
    }
    let Some(sent) = ex.request_headers.iter().find(|h| {
        is_credential_header(&h.name) && !h.name.eq_ignore_ascii_case("proxy-authorization")
    }) else {
        return;
    };
    out.push(finding(
        FindingId::CredentialWrongHeader,
        msg("{provider} reads the key from `{expected}: {how}<key>`, but this request sent it in `{sent}`, a header {provider} ignores, so the key is never seen.").arg("how", scheme_prefix(preferred.scheme.word())),
        Evidence::field(format!("request.header.{}", sent.name)).with_fact("expected", preferred.header).with_fact("sent", Text::new(&sent.name)).with_fact("provider", p.name),
    ));
}

/// The host is no known provider's (a proxy, localhost, a gateway), but a credential header
/// carries a key whose bytes alone name its provider (Exact, not ambiguous), sent in a way that
/// provider never accepts: warn, since a proxy in between may translate the header.
fn inspect_key_placement(ex: &Exchange, out: &mut Vec<Finding>) {
    use crate::providers::{recognize_key, Confidence, Scheme};
    let credential_headers = || {
        ex.request_headers.iter().filter(|h| {
            is_credential_header(&h.name) && !h.name.eq_ignore_ascii_case("proxy-authorization")
        })
    };
    for h in credential_headers() {
        let (scheme, token) = scheme_and_token(h);
        if token.is_empty() || crate::providers::known_prefix(token).is_none() {
            continue;
        }
        let recognition = recognize_key(token);
        let Some(best) = recognition
            .best()
            .filter(|m| !recognition.ambiguous && m.confidence == Confidence::Exact)
        else {
            continue;
        };
        let Some(p) = best.provider() else { continue };
        let Some(preferred) = p
            .preferred_auth()
            .filter(|a| !a.header.is_empty() && a.scheme != Scheme::UrlPath)
        else {
            continue;
        };
        // Sent (also) the way the provider reads it: the key is seen.
        if credential_headers().any(|other| provider_reads(p, other)) {
            return;
        }
        // The word sent in front of the key is shown only when it is a scheme name: with
        // `Authorization: <key> <word>` or `KEY, KEY` the "scheme" is the key itself.
        let sent_scheme = match scheme {
            Some(word) if credential::is_known_scheme(word) => {
                Value::Text(Text::new(format!("{word} ")))
            }
            Some(_) => Value::Word("<?> "),
            None => Value::Word(""),
        };
        out.push(finding_with(
            FindingId::CredentialWrongHeader,
            Severity::Warning,
            msg("This key belongs to {provider} (its prefix and shape say so), which expects it as `{expected}: {how}<key>`; this request sent it as `{sent}: {sent_scheme}<key>`. The host is not one of {provider}'s, so a proxy or gateway in between may accept it differently, but sent on as is, {provider} would not read it.")
                .arg("how", scheme_prefix(preferred.scheme.word()))
                .arg("sent_scheme", sent_scheme),
            Evidence::field(format!("request.header.{}", h.name)).with_fact("expected", preferred.header).with_fact("sent", Text::new(&h.name)).with_fact("provider", p.name),
        ));
        return;
    }
}

/// `Bearer ` for a placement with a scheme word, nothing for a bare key header.
fn scheme_prefix(word: Option<&'static str>) -> Value {
    match word {
        Some(w) => Value::Text(Text::new(format!("{w} "))),
        None => Value::Word(""),
    }
}

/// The scheme word (only `Authorization` carries one; API-key headers carry the key alone) and
/// the credential of a header.
fn scheme_and_token(h: &crate::model::Header) -> (Option<&str>, &str) {
    let value = h.value.trim();
    match value.split_once(' ') {
        Some((word, rest)) if h.name.eq_ignore_ascii_case("authorization") => {
            (Some(word), rest.trim())
        }
        _ => (None, value),
    }
}

/// Whether `p` documents the header and scheme `h` was sent with (GitHub's `token` also takes `Bearer`).
fn provider_reads(p: &crate::providers::Provider, h: &crate::model::Header) -> bool {
    use crate::providers::Scheme;
    let (scheme, token) = scheme_and_token(h);
    !token.is_empty()
        && p.auth.iter().any(|a| {
            a.header.eq_ignore_ascii_case(&h.name)
                && match (scheme, a.scheme.word()) {
                    (None, None) => a.scheme == Scheme::Raw,
                    (Some(sent), Some(word)) => {
                        sent.eq_ignore_ascii_case(word)
                            || (a.scheme == Scheme::Token && sent.eq_ignore_ascii_case("Bearer"))
                    }
                    _ => false,
                }
        })
}

/// A query value that is a key meant to be public (Google browser keys in `?key=`).
fn is_publishable_key(value: &str) -> bool {
    crate::providers::recognize_key(value)
        .best()
        .is_some_and(|m| m.visibility == Some(crate::providers::Visibility::Publishable))
}

/// Flags credentials in the URL; returns whether one was found.
fn inspect_url(ctx: &Ctx<'_>, url: &UrlParts<'_>, out: &mut Vec<Finding>) -> bool {
    let mut found = false;
    if let Some(userinfo) = url.userinfo.filter(|u| !u.is_empty()) {
        let (user, has_password) = match userinfo.split_once(':') {
            Some((u, p)) => (u, !p.is_empty()),
            None => (userinfo, false),
        };
        out.push(finding(
            FindingId::CredentialInUrl,
            msg("The URL embeds {what} in its userinfo part (`user@host`). fetch() refuses such URLs and browsers strip them from requests, so no credential reaches the server, and the URL leaks into logs and history.")
                .arg("what", if has_password { "a user name and password" } else { "a user name" }),
            Evidence::field("request.url.userinfo").with_fact("user_length", user.len()).with_fact("has_password", has_password),
        ));
        found = true;
    }
    for (name, value) in url.query_pairs() {
        let documented = ctx
            .provider()
            .is_some_and(|p| p.query_params.iter().any(|q| q.eq_ignore_ascii_case(name)))
            && !value.is_empty();
        let decoded = super::http::percent_decode(value, false);
        if (documented || is_credential_param(name, value)) && ctx.failed() {
            // The same checks as in `Authorization`, on the value the server decodes.
            credential::inspect_carried(ctx, &decoded, credential::Carrier::Query(name), out);
        }
        if (documented || is_credential_param(name, value)) && !is_publishable_key(&decoded) {
            out.push(finding(
                FindingId::CredentialInUrl,
                msg("The query parameter `{name}` carries a credential ({redacted}). URLs are written to server and proxy logs, browser history and `Referer` headers; many APIs also ignore tokens in the query.").arg("name", Text::new(name)),
                Evidence::field(format!("request.url.query.{name}")).with_fact("length", value.len()).with_fact("redacted", Secret::new(value)),
            ));
            found = true;
        }
    }
    found
}

/// Byte checks on the values of session and token cookies.
fn inspect_cookies(ctx: &Ctx<'_>, header: &str, out: &mut Vec<Finding>) {
    for pair in header.split(';').take(64) {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        let name = name.trim();
        if is_session_cookie(name) {
            // Browsers join cookies with `; `: the value starts right after `=`.
            credential::inspect_carried(ctx, value, credential::Carrier::Cookie(name), out);
        }
    }
}

/// Byte checks on the credentials of a token request's body (OAuth `client_secret`,
/// `refresh_token`, a login `password`...), form-encoded or JSON; returns whether the body
/// carries one.
fn inspect_token_body(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) -> bool {
    let Some(body) = ex.request_body_excerpt.as_deref() else {
        return false;
    };
    if !ex.method.eq_ignore_ascii_case("POST") && !ex.method.eq_ignore_ascii_case("PUT") {
        return false;
    }
    let is_field = |n: &str| BODY_SECRET_FIELDS.iter().any(|f| f.eq_ignore_ascii_case(n));
    let check = ctx.failed();
    let mut carried = false;
    let trimmed = body.trim_start();
    if trimmed.starts_with('{') {
        if !crate::http::could_be_json_object(body) {
            return false;
        }
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(body)
        else {
            return false;
        };
        for (name, value) in map.iter().take(64) {
            if let (true, Some(v)) = (is_field(name), value.as_str()) {
                carried = true;
                if check {
                    credential::inspect_carried(ctx, v, credential::Carrier::JsonBody(name), out);
                }
            }
        }
        return carried;
    }
    let form = ex
        .request_header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("x-www-form-urlencoded"))
        || (trimmed.contains('=') && !trimmed.contains(['<', '\n']));
    if !form {
        return false;
    }
    for pair in body.split('&').take(64) {
        let Some((name, value)) = pair.split_once('=') else {
            continue;
        };
        let name = super::http::percent_decode(name, true);
        if is_field(&name) && !value.is_empty() {
            carried = true;
            if check {
                let value = super::http::percent_decode(value, true);
                credential::inspect_carried(ctx, &value, credential::Carrier::FormBody(&name), out);
            }
        }
    }
    carried
}

pub(crate) use crate::text::clip;

/// `token.reference_mismatch` for `ex` when `opts` names a reference key the request's
/// credential headers do not carry.
pub(crate) fn compare_with_reference(
    opts: &super::AnalysisOptions,
    ex: &Exchange,
    out: &mut Vec<Finding>,
) {
    let Some(reference) = &opts.reference_fingerprint else {
        return;
    };
    let sent: Vec<&str> = ex
        .request_headers
        .iter()
        .filter(|h| is_credential_header(&h.name))
        .map(|h| h.value.as_str())
        .collect();
    let field = ex
        .request_headers
        .iter()
        .find(|h| is_credential_header(&h.name))
        .map(|h| format!("request.header.{}", h.name))
        .unwrap_or_default();
    credential::compare_reference(reference, &sent, &field, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_and_near_misses() {
        for (name, expected) in [
            ("Authorisation", "Authorization"),
            ("Authentication", "Authorization"),
            ("Autorization", "Authorization"),
            ("Authroization", "Authorization"),
            ("X_Api_Key", "x-api-key"),
            ("x-apikey", "x-api-key"),
            ("api_key", "api-key"),
        ] {
            assert_eq!(typo_target(name), Some(expected), "{name}");
        }
        for name in [
            "authorization",
            "AUTHORIZATION",
            "x-api-key",
            "Accept",
            "Content-Type",
            "x-request-id",
            "Authority",
            "User-Agent",
            "apikey",
            "x-api-version",
        ] {
            assert_eq!(typo_target(name), None, "{name}");
        }
    }

    proptest::proptest! {
        /// The byte-set test never turns away a pair the edit distance accepts: names made from
        /// credential headers by up to two random edits, and random names over their letters.
        #[test]
        fn byte_sets_never_reject_a_near_name(
            target in 0..CREDENTIAL_HEADERS.len(),
            edits in proptest::collection::vec((0u8..4, 0usize..40, "[a-z0-9_-]"), 0..3),
            random in "[a-z0-9_-]{0,24}",
        ) {
            let t = CREDENTIAL_HEADERS[target].as_bytes();
            let mut name = t.to_vec();
            for (kind, at, c) in edits {
                let c = c.as_bytes()[0];
                let at = at % (name.len() + 1);
                match kind {
                    0 => name.insert(at, c),
                    1 if at < name.len() => { name.remove(at); }
                    2 if at < name.len() => name[at] = c,
                    3 if at + 1 < name.len() => name.swap(at, at + 1),
                    _ => {}
                }
            }
            for candidate in [name.as_slice(), random.as_bytes()] {
                if edit_distance_at_most(candidate, t, 2) {
                    proptest::prop_assert!(could_be_within(byte_set(candidate), byte_set(t), 2));
                }
            }
        }
    }

    #[test]
    fn edit_distance() {
        assert!(edit_distance_at_most(b"abcd", b"abdc", 1));
        assert!(!edit_distance_at_most(b"abcd", b"wxyz", 2));
        assert!(edit_distance_at_most(b"", b"ab", 2));
        assert!(!edit_distance_at_most(b"", b"abc", 2));
        assert!(edit_distance_at_most(b"authorisation", b"authorization", 1));
        assert!(!edit_distance_at_most(
            b"authorisatoin",
            b"authorization",
            1
        ));
        assert!(edit_distance_at_most(b"authorisatoin", b"authorization", 2));
        assert!(
            !edit_distance_at_most(&[b'a'; 41], &[b'a'; 41], 2),
            "too long to be a header we check"
        );
    }

    proptest::proptest! {
        /// The banded version agrees with a plain full-matrix OSA distance.
        #[test]
        fn banded_distance_matches_reference(a in "[a-d-]{0,12}", b in "[a-d-]{0,12}", max in 0usize..3) {
            proptest::prop_assert_eq!(edit_distance_at_most(a.as_bytes(), b.as_bytes(), max), osa(a.as_bytes(), b.as_bytes()) <= max);
        }
    }

    fn osa(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }
}
