//! The HTTP vocabulary every layer shares: header lines, the headers and query parameters that
//! carry credentials, URL parts and origins, percent-decoding, HTTP dates.
//!
//! ```
//! use authlens::http::{is_credential_header, parse_http_date_ms, UrlParts};
//! assert!(is_credential_header("X-Api-Key"));
//! let u = UrlParts::parse("https://Api.Example.com/v1/me?x=1").unwrap();
//! assert_eq!(u.host, "Api.Example.com");
//! assert!(u.same_origin(&UrlParts::parse("https://api.example.com:443/other").unwrap()));
//! assert_eq!(parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
//! ```
//!
//! Only what the engine needs, on borrowed slices (no allocation): not a general URL parser.

use serde::{Deserialize, Serialize};

/// One header line, name and value exactly as captured (order and duplicates preserved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The header name as captured (compare case-insensitively).
    pub name: String,
    /// The header value, byte for byte.
    pub value: String,
}

impl Header {
    /// A header line.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// Request headers that carry a credential (lower case): the standard ones and the ones API
/// providers document (Anthropic/Postman `x-api-key`, Azure `api-key`/APIM, Supabase `apikey`,
/// Google, Shopify, GitLab, Datadog, Cloudflare).
pub const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api-key",
    "apikey",
    "x-goog-api-key",
    "ocp-apim-subscription-key",
    "x-shopify-access-token",
    "private-token",
    "x-auth-token",
    "x-access-token",
    "x-auth-key",
    "x-authorization",
    "dd-api-key",
    "dd-application-key",
];

/// Query parameters that carry a credential whatever their value looks like.
const SECRET_QUERY_PARAMS: &[&str] = &[
    "access_token",
    "api_key",
    "apikey",
    "api-key",
    "private_token",
    "client_secret",
    "password",
    "passwd",
    "secret",
    "x-api-key",
    "subscription-key",
    "auth_token",
    "id_token",
    "refresh_token",
];

/// Query parameters that carry a credential only when the value is long enough to be a key
/// (`?key=AIza…`, `?token=…`; `?key=id` is a lookup, not a key). Not `code` (OAuth callbacks
/// carry a one-time code by design) nor `sig` (pre-signed and SAS URLs are signed by design).
const KEYLIKE_QUERY_PARAMS: &[&str] = &["key", "token", "auth"];
pub(crate) const KEYLIKE_MIN_LEN: usize = 16;

/// Whether `name` is one of [`CREDENTIAL_HEADERS`] (compared case-insensitively).
pub fn is_credential_header(name: &str) -> bool {
    // Every rule asks this of every header: one bit per (first letter, length) rules out
    // `accept`, `content-type`, `user-agent` and the other everyday names at once.
    let Some(&first) = name.as_bytes().first() else {
        return false;
    };
    let first = first.to_ascii_lowercase();
    if name.len() >= 32
        || CREDENTIAL_HEADER_SHAPES[usize::from(first & 31)] & (1 << name.len()) == 0
    {
        return false;
    }
    CREDENTIAL_HEADERS.iter().any(|h| {
        h.len() == name.len()
            && h.as_bytes().first().copied() == Some(first)
            && h.eq_ignore_ascii_case(name)
    })
}

/// For each first letter (its low five bits), bit `n` is set when some [`CREDENTIAL_HEADERS`]
/// name starting with it is `n` bytes long.
const CREDENTIAL_HEADER_SHAPES: [u32; 32] = {
    let mut shapes = [0u32; 32];
    let mut i = 0;
    while i < CREDENTIAL_HEADERS.len() {
        let name = CREDENTIAL_HEADERS[i].as_bytes();
        assert!(name.len() < 32);
        shapes[(name[0] & 31) as usize] |= 1 << name.len();
        i += 1;
    }
    shapes
};

/// Whether the query parameter `name=value` carries a credential.
pub fn is_credential_param(name: &str, value: &str) -> bool {
    let always = SECRET_QUERY_PARAMS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(name));
    let keylike = KEYLIKE_QUERY_PARAMS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(name))
        && value.len() >= KEYLIKE_MIN_LEN;
    (always && !value.is_empty()) || keylike
}

/// `https://host:port` of an absolute URL (the whole text when it has no path).
///
/// ```
/// use authlens::http::origin_prefix;
/// assert_eq!(origin_prefix("https://a.example:8443/x?y"), "https://a.example:8443");
/// assert_eq!(origin_prefix("a.example/x"), "a.example");
/// ```
pub fn origin_prefix(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |i| after_scheme + i);
    url.get(..end).unwrap_or(url)
}

/// Whether `body` can be a JSON object at all: it starts with `{` and ends with `}` once
/// whitespace is trimmed. When it cannot, `serde_json` would fail on it, so callers skip the
/// parse: a body excerpt cut at its size limit (a 4 KB excerpt of a larger response) used to be
/// parsed into values up to the cut and then thrown away, on every exchange.
///
/// ```
/// assert!(authlens::http::could_be_json_object(" {\"a\": 1}\n"));
/// assert!(!authlens::http::could_be_json_object("{\"data\": [1, 2"));
/// ```
pub fn could_be_json_object(body: &str) -> bool {
    // JSON whitespace (space, tab, CR, LF) is a subset of what `trim` removes, so a body that
    // fails this test fails `serde_json::from_str` too.
    let trimmed = body.trim();
    trimmed.starts_with('{') && trimmed.ends_with('}')
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The parts of an absolute `scheme://[userinfo@]host[:port]/path?query#fragment` URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlParts<'a> {
    /// `https`, `http`, ... as written.
    pub scheme: &'a str,
    /// `user:password` before `@`, when present.
    pub userinfo: Option<&'a str>,
    /// As written (compare case-insensitively); IPv6 literals keep their brackets.
    pub host: &'a str,
    /// The port, when written.
    pub port: Option<&'a str>,
    /// The path (empty when absent).
    pub path: &'a str,
    /// The query after `?`, when present.
    pub query: Option<&'a str>,
}

impl<'a> UrlParts<'a> {
    /// Splits an absolute URL; `None` when there is no `scheme://`.
    pub fn parse(url: &'a str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        if scheme.is_empty()
            || !scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
        {
            return None;
        }
        let rest = rest.split('#').next().unwrap_or("");
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        let (userinfo, hostport) = match authority.rfind('@') {
            Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
            None => (None, authority),
        };
        let (host, port) = if hostport.starts_with('[') {
            match hostport.find(']') {
                Some(close) => {
                    let after = &hostport[close + 1..];
                    (&hostport[..close + 1], after.strip_prefix(':'))
                }
                None => (hostport, None),
            }
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        let (path, query) = match tail.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (tail, None),
        };
        Some(UrlParts {
            scheme,
            userinfo,
            host,
            port: port.filter(|p| !p.is_empty()),
            path,
            query,
        })
    }

    /// The port, with the scheme's default filled in (80 for http/ws, 443 for https/wss).
    pub fn effective_port(&self) -> Option<u16> {
        match self.port {
            Some(p) => p.parse().ok(),
            None if self.scheme.eq_ignore_ascii_case("https")
                || self.scheme.eq_ignore_ascii_case("wss") =>
            {
                Some(443)
            }
            None if self.scheme.eq_ignore_ascii_case("http")
                || self.scheme.eq_ignore_ascii_case("ws") =>
            {
                Some(80)
            }
            None => None,
        }
    }

    /// Same scheme, host and port (the Fetch spec's "same origin"), case-insensitively.
    pub fn same_origin(&self, other: &UrlParts<'_>) -> bool {
        self.scheme.eq_ignore_ascii_case(other.scheme)
            && self.host.eq_ignore_ascii_case(other.host)
            && self.effective_port() == other.effective_port()
    }

    /// `scheme://host[:port]` in lower case, default ports omitted: a map key for "same origin".
    pub fn origin_key(&self) -> String {
        let mut key = String::with_capacity(self.scheme.len() + self.host.len() + 9);
        key.push_str(&self.scheme.to_ascii_lowercase());
        key.push_str("://");
        key.push_str(&self.host.to_ascii_lowercase());
        let default = match self.scheme.to_ascii_lowercase().as_str() {
            "https" | "wss" => Some(443),
            "http" | "ws" => Some(80),
            _ => None,
        };
        if let Some(port) = self.effective_port().filter(|p| Some(*p) != default) {
            key.push(':');
            key.push_str(&port.to_string());
        } else if let (Some(p), None) = (self.port, self.effective_port()) {
            key.push(':');
            key.push_str(p);
        }
        key
    }

    /// `name=value` pairs of the query, undecoded, in order; empty elements skipped.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.query
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")))
    }
}

/// Percent-decodes `%XX` escapes (RFC 3986 §2.1); with `plus_is_space`, `+` is a space as in
/// `application/x-www-form-urlencoded` bodies. Invalid escapes stay as written; bytes that do
/// not form UTF-8 become U+FFFD.
///
/// ```
/// use authlens::rules::http::percent_decode;
/// assert_eq!(percent_decode("ab%0A%E2%80%8Bc", false), "ab\n\u{200b}c");
/// assert_eq!(percent_decode("a+b%zz", true), "a b%zz");
/// ```
pub fn percent_decode(value: &str, plus_is_space: bool) -> std::borrow::Cow<'_, str> {
    if !(value.contains('%') || (plus_is_space && value.contains('+'))) {
        return std::borrow::Cow::Borrowed(value);
    }
    let b = value.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        match b[i] {
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h << 4) | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Parses an HTTP date in the IMF-fixdate form every sender must generate (RFC 9110 §5.6.7,
/// `Sun, 06 Nov 1994 08:49:37 GMT`) to milliseconds since the Unix epoch. Obsolete forms give `None`.
pub fn parse_http_date_ms(value: &str) -> Option<i64> {
    let v = value.trim();
    let rest = v.split_once(", ").map(|(_, r)| r)?;
    let mut parts = rest.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let h: i64 = hms.next()?.parse().ok()?;
    let m: i64 = hms.next()?.parse().ok()?;
    let s: i64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT"
        || !(1..=31).contains(&day)
        || !(1..=9999).contains(&year)
        || h > 23
        || m > 59
        || s > 60
    {
        return None;
    }
    Some((days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s) * 1000)
}

/// Whether a comma-separated header list (`Access-Control-Allow-Headers`, ...) names `item`.
pub fn list_contains(list: &str, item: &str) -> bool {
    list.split(',').any(|e| e.trim().eq_ignore_ascii_case(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        let u = UrlParts::parse("http://u:p@[::1]:8080/a/b?k=v&x#f").unwrap();
        assert_eq!(
            (u.scheme, u.userinfo, u.host, u.port, u.path, u.query),
            (
                "http",
                Some("u:p"),
                "[::1]",
                Some("8080"),
                "/a/b",
                Some("k=v&x")
            )
        );
        assert_eq!(
            u.query_pairs().collect::<Vec<_>>(),
            vec![("k", "v"), ("x", "")]
        );
        assert_eq!(u.origin_key(), "http://[::1]:8080");
        assert!(UrlParts::parse("/relative").is_none());
        let a = UrlParts::parse("http://api.example.com/x").unwrap();
        let b = UrlParts::parse("https://api.example.com/x").unwrap();
        assert!(!a.same_origin(&b), "http and https are different origins");
        assert_eq!(b.origin_key(), "https://api.example.com");
    }

    #[test]
    fn parses_imf_fixdate_only() {
        assert_eq!(parse_http_date_ms("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date_ms("Sat, 29 Feb 2020 12:00:01 GMT"),
            Some(1_582_977_601_000)
        );
        assert_eq!(parse_http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT"), None);
        assert_eq!(parse_http_date_ms("Sun, 06 Nov 1994 25:49:37 GMT"), None);
        assert_eq!(parse_http_date_ms(""), None);
        assert_eq!(
            parse_http_date_ms("Sun, 06 Nov 99999999999999 08:49:37 GMT"),
            None
        );
    }

    #[test]
    fn header_lists() {
        assert!(list_contains(
            "Content-Type, authorization",
            "Authorization"
        ));
        assert!(!list_contains("*", "Authorization"));
    }
}
