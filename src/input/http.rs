//! Header lines (DevTools "Copy request headers", HTTP/2 pseudo-headers) and raw HTTP/1.x
//! messages, read into an exchange with every header byte kept.

use crate::model::{excerpt, Exchange, Header};

use super::{InputError, PasteNote, MAX_HEADERS};

/// Splits on `\n`, removing a `\r` that ends a line (CRLF); other bytes are kept.
pub(super) fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// RFC 9110 `tchar` (the one definition is [`crate::parse::is_tchar`]).
pub(super) fn is_token_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(crate::parse::is_tchar)
}

/// A `name: value` line. The name is an RFC 9110 token, or an HTTP/2 pseudo-header
/// (`:authority`) as DevTools copies them. One space or tab after the colon is dropped;
/// everything else is kept.
struct HeaderLine<'a> {
    name: &'a str,
    value: &'a str,
    /// `Name : value`: whitespace between the name and the colon (dropped from the name).
    space_before_colon: bool,
}

fn split_header_line(line: &str) -> Option<HeaderLine<'_>> {
    let search_from = usize::from(line.starts_with(':'));
    let colon = line.get(search_from..)?.find(':')? + search_from;
    let spaced = line.get(..colon)?;
    let name = spaced.trim_end_matches([' ', '\t']);
    let bare = name.strip_prefix(':').unwrap_or(name);
    if bare.is_empty() || !bare.chars().all(is_token_char) {
        return None;
    }
    let rest = line.get(colon + 1..)?;
    let value = rest.strip_prefix([' ', '\t']).unwrap_or(rest);
    Some(HeaderLine {
        name,
        value,
        space_before_colon: name.len() != spaced.len(),
    })
}

/// The note for `Name : value`, once per paste.
fn note_space_before_colon(notes: &mut Vec<PasteNote>, line: &HeaderLine<'_>) {
    if line.space_before_colon
        && !notes
            .iter()
            .any(|n| matches!(n, PasteNote::SpaceBeforeColon { .. }))
    {
        notes.push(PasteNote::SpaceBeforeColon {
            header: line.name.to_owned(),
        });
    }
}

/// The refusal past [`MAX_HEADERS`] header lines.
pub(super) fn too_many_headers() -> InputError {
    InputError::TooLarge {
        what: "header lines",
        limit: MAX_HEADERS,
    }
}

/// What kind of non-request document `body` is, when it clearly is one: YAML (an OpenAPI or
/// Swagger description, a Kubernetes or CI file) otherwise reads as `name: value` lines and
/// would get an empty diagnosis.
pub(super) fn unsupported_document(body: &str) -> Option<&'static str> {
    let mut lines = body
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let first = lines.next()?.trim_end();
    if ["openapi:", "swagger:"]
        .iter()
        .any(|k| first.starts_with(k))
    {
        return Some("an OpenAPI (Swagger) document");
    }
    if first == "---" || first.starts_with("%YAML") || first.starts_with("asyncapi:") {
        return Some("a YAML document");
    }
    // `key:` with nothing after it, then a more indented line: a YAML mapping. Header values are
    // never empty with a folded continuation in pasted requests.
    let mut nested = 0;
    let mut list_items = 0;
    let mut previous_empty_key: Option<usize> = None;
    for line in std::iter::once(first).chain(lines) {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some(open) = previous_empty_key.take() {
            if indent > open {
                nested += 1;
            }
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            list_items += 1;
        }
        if let Some(key) = trimmed.strip_suffix(':') {
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| is_token_char(c) || c == '/' || c == '{' || c == '}')
            {
                previous_empty_key = Some(indent);
            }
        }
        if nested >= 2 || (nested >= 1 && list_items >= 1) {
            return Some("a YAML document");
        }
    }
    None
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
/// `Ok(None)` when some line is not one.
pub(super) fn parse_header_lines(
    text: &str,
) -> Result<Option<(Exchange, Vec<PasteNote>)>, InputError> {
    let mut exchange = Exchange::default();
    let mut notes = Vec::new();
    let mut lines = 0;
    let mut all_without_whitespace = true;
    let mut known_credential_header = false;
    for line in split_lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) && lines > 0 {
            fold_continuation(&mut exchange, line);
            continue;
        }
        if lines == MAX_HEADERS {
            // Only refuse what would otherwise have been read as header lines.
            return match split_header_line(line) {
                Some(_) => Err(too_many_headers()),
                None => Ok(None),
            };
        }
        if devtools_general_line(&mut exchange, line) {
            lines += 1;
            all_without_whitespace = false;
            continue;
        }
        let Some(header) = split_header_line(line) else {
            return Ok(None);
        };
        all_without_whitespace &= !line.contains([' ', '\t']);
        known_credential_header |= is_known_credential_header(header.name);
        note_space_before_colon(&mut notes, &header);
        push_header(&mut exchange, header.name, header.value);
        lines += 1;
    }
    if lines == 0 {
        return Ok(None);
    }
    // `sk-abc:def` alone is more likely a key containing a colon than a header named `sk-abc`.
    if lines == 1 && all_without_whitespace && !known_credential_header {
        return Ok(None);
    }
    if exchange.request_header(":authority").is_some() {
        exchange.url = url_from_pseudo_headers(&exchange).unwrap_or_default();
    }
    Ok(Some((exchange, notes)))
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

/// Lines of a text, each without its `\n` or `\r\n`, with the text that follows.
struct LineCursor<'a> {
    rest: &'a str,
    /// Lines read so far.
    read: usize,
}

impl<'a> LineCursor<'a> {
    fn new(text: &'a str) -> Self {
        LineCursor {
            rest: text,
            read: 0,
        }
    }

    fn peek(&self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let line = self.rest.split('\n').next().unwrap_or_default();
        Some(line.strip_suffix('\r').unwrap_or(line))
    }

    fn next_line(&mut self) -> Option<&'a str> {
        let line = self.peek()?;
        self.rest = match self.rest.find('\n') {
            Some(i) => self.rest.get(i + 1..).unwrap_or_default(),
            None => "",
        };
        self.read += 1;
        Some(line)
    }
}

/// A raw request (optionally followed by its response) or a raw response.
pub(super) fn parse_raw_http(
    text: &str,
    request_first: bool,
) -> Result<(Exchange, bool, Vec<PasteNote>), InputError> {
    let mut exchange = Exchange::default();
    let mut notes = Vec::new();
    let body = text.trim_start();
    let mut lines = LineCursor::new(body);
    let line_offset = text
        .get(..text.len() - body.len())
        .map_or(0, |l| l.matches('\n').count());
    let mut saw_response = false;
    if request_first {
        let (method, target) = lines.next_line().and_then(parse_request_line).ok_or(
            InputError::InvalidHeaderLine {
                line: 1 + line_offset,
            },
        )?;
        exchange.method = method.to_owned();
        exchange.url = target.to_owned();
        read_header_block(
            &mut lines,
            line_offset,
            &mut exchange.request_headers,
            &mut notes,
        )?;
        if let Some(host) = exchange
            .request_header("host")
            .or_else(|| exchange.request_header(":authority"))
        {
            if exchange.url.starts_with('/') {
                exchange.url = format!("https://{host}{}", exchange.url);
            }
        }
        // Skip the request body up to a status line.
        while let Some(line) = lines.peek() {
            if is_status_line_start(line) {
                break;
            }
            lines.next_line();
        }
    }
    if let Some(line) = lines.next_line() {
        let (status, reason) = parse_status_line(line).ok_or(InputError::InvalidStatusLine {
            line: lines.read + line_offset,
        })?;
        saw_response = true;
        exchange.status = status;
        exchange.status_text = reason.to_owned();
        read_header_block(
            &mut lines,
            line_offset,
            &mut exchange.response_headers,
            &mut notes,
        )?;
        // The body as its lines joined by `\n` (CRLF read as LF), up to the excerpt's length.
        let rest = lines.rest.strip_suffix('\n').unwrap_or(lines.rest);
        let rest = rest.strip_suffix('\r').unwrap_or(rest);
        if !rest.is_empty() {
            let joined = excerpt(rest).replace("\r\n", "\n");
            exchange.response_body_excerpt = Some(joined);
        }
    }
    if exchange.redirect_url.is_none() && (300..400).contains(&exchange.status) {
        exchange.redirect_url = exchange.response_header("location").map(str::to_owned);
    }
    Ok((exchange, saw_response, notes))
}

/// Reads header lines up to and including a blank line (or up to a status line that follows
/// without one).
fn read_header_block(
    lines: &mut LineCursor<'_>,
    line_offset: usize,
    out: &mut Vec<Header>,
    notes: &mut Vec<PasteNote>,
) -> Result<(), InputError> {
    while let Some(line) = lines.peek() {
        if line.is_empty() {
            lines.next_line();
            return Ok(());
        }
        if line.starts_with([' ', '\t']) && !out.is_empty() {
            lines.next_line();
            if let Some(last) = out.last_mut() {
                last.value.push('\n');
                last.value.push_str(line);
            }
            continue;
        }
        // A response right after request headers, without the blank line.
        if is_status_line_start(line) {
            return Ok(());
        }
        lines.next_line();
        let header = split_header_line(line).ok_or(InputError::InvalidHeaderLine {
            line: lines.read + line_offset,
        })?;
        if out.len() == MAX_HEADERS {
            return Err(too_many_headers());
        }
        note_space_before_colon(notes, &header);
        out.push(Header::new(header.name, header.value));
    }
    Ok(())
}

/// `Bearer abc` alone on a line: the value of an Authorization header without its name.
pub(super) fn authorization_value_line(text: &str) -> Option<&str> {
    let line = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(text);
    if line.contains('\n') {
        return None;
    }
    let trimmed = line.trim_start();
    let (scheme, _) = trimmed.split_once([' ', '\t'])?;
    crate::parse::authorization::is_known_scheme(scheme).then_some(line)
}
