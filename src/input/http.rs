//! Header lines (DevTools "Copy request headers", HTTP/2 pseudo-headers) and raw HTTP/1.x
//! messages, read into an exchange with every header byte kept.

use crate::model::{excerpt, Exchange, Header};

use super::InputError;

pub(super) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

pub(super) fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// `(name, value)` of a `name: value` line. The name is an RFC 9110 token, or an HTTP/2
/// pseudo-header (`:authority`) as DevTools copies them. One space or tab after the colon is
/// dropped; everything else is kept.
pub(super) fn split_header_line(line: &str) -> Option<(&str, &str)> {
    let search_from = usize::from(line.starts_with(':'));
    let colon = line.get(search_from..)?.find(':')? + search_from;
    let name = line.get(..colon)?;
    let bare = name.strip_prefix(':').unwrap_or(name);
    if bare.is_empty() || !bare.chars().all(is_token_char) {
        return None;
    }
    let rest = line.get(colon + 1..)?;
    let value = rest.strip_prefix([' ', '\t']).unwrap_or(rest);
    Some((name, value))
}

/// Header names that only responses carry, so a mixed paste can be split.
pub(super) fn is_response_header(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "www-authenticate",
        "proxy-authenticate",
        "set-cookie",
        "access-control-allow-origin",
        "access-control-allow-headers",
        "access-control-allow-methods",
        "access-control-allow-credentials",
        "access-control-expose-headers",
        "access-control-max-age",
        "location",
        "server",
        "retry-after",
        "age",
        "etag",
        "last-modified",
        "vary",
        "strict-transport-security",
        "content-security-policy",
        "x-frame-options",
        "cf-ray",
        "x-amzn-errortype",
        "x-amzn-requestid",
        ":status",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
        || name.to_ascii_lowercase().starts_with("x-ratelimit-")
        || name.to_ascii_lowercase().starts_with("ratelimit")
}

/// Header names that identify a one-line `name:value` paste without spaces as a header rather
/// than a key that happens to contain a colon.
pub(super) fn is_known_credential_header(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
        "x-goog-api-key",
        "cookie",
        "www-authenticate",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Puts parsed header lines into an exchange: HTTP/2 pseudo-headers also set method, URL and status.
pub(super) fn push_header(exchange: &mut Exchange, name: &str, value: &str) {
    match name.to_ascii_lowercase().as_str() {
        ":method" => exchange.method = value.to_owned(),
        ":status" => exchange.status = value.trim().parse().unwrap_or(exchange.status),
        _ => {}
    }
    let header = Header::new(name, value);
    if is_response_header(name) {
        exchange.response_headers.push(header);
    } else {
        exchange.request_headers.push(header);
    }
}

pub(super) fn url_from_pseudo_headers(exchange: &Exchange) -> Option<String> {
    let authority = exchange
        .request_header(":authority")
        .or_else(|| exchange.request_header("host"))?;
    let path = exchange.request_header(":path").unwrap_or("");
    let scheme = exchange.request_header(":scheme").unwrap_or("https");
    Some(format!("{scheme}://{authority}{path}"))
}

/// Every non-blank line is a header line (continuations fold into the previous value).
pub(super) fn parse_header_lines(text: &str) -> Option<Exchange> {
    let mut exchange = Exchange::default();
    let mut lines = 0;
    let mut all_without_whitespace = true;
    let mut names: Vec<String> = Vec::new();
    for line in split_lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) && lines > 0 {
            fold_continuation(&mut exchange, line);
            continue;
        }
        if devtools_general_line(&mut exchange, line) {
            lines += 1;
            all_without_whitespace = false;
            continue;
        }
        let (name, value) = split_header_line(line)?;
        all_without_whitespace &= !line.contains([' ', '\t']);
        names.push(name.to_owned());
        push_header(&mut exchange, name, value);
        lines += 1;
    }
    if lines == 0 {
        return None;
    }
    // `sk-abc:def` alone is more likely a key containing a colon than a header named `sk-abc`.
    if lines == 1 && all_without_whitespace && !names.iter().any(|n| is_known_credential_header(n))
    {
        return None;
    }
    if exchange.request_header(":authority").is_some() {
        exchange.url = url_from_pseudo_headers(&exchange).unwrap_or_default();
    }
    Some(exchange)
}

/// The "General" section of Chrome's Headers tab, copied along with the headers:
/// `Request URL: ...`, `Request Method: ...`, `Status Code: 401 Unauthorized`, plus lines that
/// carry nothing for the diagnosis (`Remote Address`, `Referrer Policy`). Returns whether `line`
/// was one of them.
pub(super) fn devtools_general_line(exchange: &mut Exchange, line: &str) -> bool {
    let Some((name, value)) = line.split_once(':') else {
        return false;
    };
    let value = value.trim();
    match name.trim().to_ascii_lowercase().as_str() {
        "request url" => exchange.url = value.to_owned(),
        "request method" => exchange.method = value.to_owned(),
        "status code" => {
            let code = value.split(' ').next().unwrap_or_default();
            exchange.status = code.parse().unwrap_or(exchange.status);
        }
        "remote address" | "referrer policy" => {}
        _ => return false,
    }
    true
}

/// RFC 9112 §5.2 obsolete line folding, or a token wrapped across lines: the line break is kept
/// in the value so the rules can point at it.
pub(super) fn fold_continuation(exchange: &mut Exchange, line: &str) {
    let last = match (
        exchange.response_headers.last(),
        exchange.request_headers.last(),
    ) {
        (Some(_), None) => exchange.response_headers.last_mut(),
        _ => exchange.request_headers.last_mut(),
    };
    if let Some(header) = last {
        header.value.push('\n');
        header.value.push_str(line);
    }
}

pub(super) fn is_status_line_start(line: &str) -> bool {
    line.starts_with("HTTP/")
}

/// `HTTP/1.1 401 Unauthorized` → 401 (`HTTP/2 401` too).
pub(super) fn parse_status_line(line: &str) -> Option<(u16, &str)> {
    let rest = line.strip_prefix("HTTP/")?;
    let (version, rest) = rest.split_once(' ')?;
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((code.parse().ok()?, reason))
}

/// `GET /path HTTP/1.1` (any token method, any target, HTTP/x version).
pub(super) fn is_request_line(line: &str) -> bool {
    parse_request_line(line).is_some()
}

pub(super) fn parse_request_line(line: &str) -> Option<(&str, &str)> {
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && !method.is_empty()
        && method
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '-' || c == '_')
        && !target.is_empty()
        && version
            .strip_prefix("HTTP/")
            .is_some_and(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.'));
    ok.then_some((method, target))
}

/// A raw request (optionally followed by its response) or a raw response.
pub(super) fn parse_raw_http(
    text: &str,
    request_first: bool,
) -> Result<(Exchange, bool), InputError> {
    let mut exchange = Exchange::default();
    let body = text.trim_start();
    let lines: Vec<&str> = split_lines(body).collect();
    let line_offset = text
        .get(..text.len() - body.len())
        .map_or(0, |l| l.matches('\n').count());
    let mut i = 0;
    let mut saw_response = false;
    if request_first {
        let (method, target) = lines.first().and_then(|l| parse_request_line(l)).ok_or(
            InputError::InvalidHeaderLine {
                line: 1 + line_offset,
            },
        )?;
        exchange.method = method.to_owned();
        exchange.url = target.to_owned();
        i = read_header_block(&lines, 1, line_offset, &mut exchange.request_headers)?;
        if let Some(host) = exchange
            .request_header("host")
            .or_else(|| exchange.request_header(":authority"))
        {
            if exchange.url.starts_with('/') {
                exchange.url = format!("https://{host}{}", exchange.url);
            }
        }
        // Skip the request body up to a status line.
        while let Some(line) = lines.get(i) {
            if is_status_line_start(line) {
                break;
            }
            i += 1;
        }
    }
    if let Some(line) = lines.get(i) {
        let (status, reason) = parse_status_line(line).ok_or(InputError::InvalidStatusLine {
            line: i + 1 + line_offset,
        })?;
        saw_response = true;
        exchange.status = status;
        exchange.status_text = reason.to_owned();
        i = read_header_block(&lines, i + 1, line_offset, &mut exchange.response_headers)?;
        let body = lines.get(i..).unwrap_or_default().join("\n");
        if !body.is_empty() {
            exchange.response_body_excerpt = Some(excerpt(&body).to_owned());
        }
    }
    if exchange.redirect_url.is_none() && (300..400).contains(&exchange.status) {
        exchange.redirect_url = exchange.response_header("location").map(str::to_owned);
    }
    Ok((exchange, saw_response))
}

/// Reads header lines from `start` up to a blank line; returns the index after the blank line.
pub(super) fn read_header_block(
    lines: &[&str],
    start: usize,
    line_offset: usize,
    out: &mut Vec<Header>,
) -> Result<usize, InputError> {
    let mut i = start;
    while let Some(line) = lines.get(i) {
        i += 1;
        if line.is_empty() {
            return Ok(i);
        }
        if line.starts_with([' ', '\t']) && !out.is_empty() {
            if let Some(last) = out.last_mut() {
                last.value.push('\n');
                last.value.push_str(line);
            }
            continue;
        }
        // A response right after request headers, without the blank line.
        if is_status_line_start(line) {
            return Ok(i - 1);
        }
        let (name, value) = split_header_line(line).ok_or(InputError::InvalidHeaderLine {
            line: i + line_offset,
        })?;
        out.push(Header::new(name, value));
    }
    Ok(i)
}

/// `Bearer abc` alone on a line: the value of an Authorization header without its name.
pub(super) fn authorization_value_line(text: &str) -> Option<&str> {
    const SCHEMES: &[&str] = &[
        "bearer",
        "basic",
        "token",
        "digest",
        "negotiate",
        "ntlm",
        "apikey",
        "api-key",
        "bot",
        "oauth",
        "aws4-hmac-sha256",
        "sharedkey",
        "key",
        "dpop",
    ];
    let line = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    if line.contains('\n') {
        return None;
    }
    let trimmed = line.trim_start();
    let (scheme, _) = trimmed.split_once([' ', '\t'])?;
    SCHEMES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
        .then_some(line)
}

/// Three base64url parts (JWS) or five (JWE), the first decoding to a JSON header (`eyJ`).
pub(super) fn looks_like_jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    (parts.len() == 3 || parts.len() == 5)
        && parts.first().is_some_and(|h| h.starts_with("eyJ"))
        && parts.iter().take(2).all(|p| !p.is_empty())
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=')
        })
}
