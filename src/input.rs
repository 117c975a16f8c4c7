//! Recognises what a user pasted (a raw key, a JWT, header lines, a raw HTTP message, a curl
//! command, a fetch or axios snippet, a HAR file) and turns it into exchanges, without ever
//! trimming or normalising the credential's bytes.
//!
//! ```
//! use authlens::input::{parse_paste, PasteHints, PasteKind};
//!
//! let hints = PasteHints { status: Some(401), ..PasteHints::default() };
//! let pasted = parse_paste("curl -H 'Authorization: Bearer  abc ' https://api.example.com/v1/me", &hints).unwrap();
//! assert_eq!(pasted.kind, PasteKind::Curl);
//! let ex = &pasted.exchanges[0];
//! assert_eq!(ex.url, "https://api.example.com/v1/me");
//! assert_eq!(ex.status, 401);
//! // The stray spaces are kept: they are what the diagnosis is about.
//! assert_eq!(ex.request_header("authorization"), Some("Bearer  abc "));
//! ```
//!
//! Header values keep every byte after `name:` except the one conventional space (or tab) after
//! the colon and the line terminator (`\n` or `\r\n`), so stray whitespace and invisible
//! characters stay visible to the rules.

use std::fmt;

use base64::Engine;

use crate::har::{read_har_str, HarError, HarLog};
use crate::model::{excerpt, Exchange, Header};

/// Facts the user states next to the paste (the page's fields, the CLI's options).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasteHints {
    /// The status the request got, when the paste does not say it.
    pub status: Option<u16>,
    /// The response's `WWW-Authenticate` value, when the paste does not include it.
    pub www_authenticate: Option<String>,
    /// The request URL, when the paste does not include it (or gives only a path).
    pub url: Option<String>,
    /// When the request was made (ms since the Unix epoch), to judge JWT expiry.
    pub now_ms: Option<i64>,
}

/// What the paste was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasteKind {
    /// A bare key or token (not a JWT).
    RawKey,
    /// A bare JWT (three dot-separated base64url parts starting `eyJ`, or five for a JWE).
    Jwt,
    /// `Name: value` lines (DevTools "Copy request headers", or an Authorization value alone).
    HeaderLines,
    /// A request line (`GET /path HTTP/1.1`) and headers.
    RawHttpRequest,
    /// A status line (`HTTP/1.1 401 Unauthorized`) and headers.
    RawHttpResponse,
    /// A raw request followed by its response.
    RawHttpExchange,
    /// A curl command line (POSIX shell or Windows cmd quoting).
    Curl,
    /// JavaScript calling `fetch(...)`.
    FetchSnippet,
    /// JavaScript calling axios.
    AxiosSnippet,
    /// A HAR file.
    Har,
}

impl PasteKind {
    /// Stable lowercase name, e.g. `raw_key`, `curl`.
    pub fn as_str(self) -> &'static str {
        match self {
            PasteKind::RawKey => "raw_key",
            PasteKind::Jwt => "jwt",
            PasteKind::HeaderLines => "header_lines",
            PasteKind::RawHttpRequest => "raw_http_request",
            PasteKind::RawHttpResponse => "raw_http_response",
            PasteKind::RawHttpExchange => "raw_http_exchange",
            PasteKind::Curl => "curl",
            PasteKind::FetchSnippet => "fetch_snippet",
            PasteKind::AxiosSnippet => "axios_snippet",
            PasteKind::Har => "har",
        }
    }
}

impl fmt::Display for PasteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something the reader noticed or assumed, to show next to the findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasteNote {
    /// The paste ends with exactly one line break (`\n` or `\r\n`), usually from the paste itself
    /// (Enter before Ctrl-D, `echo`). It is kept in [`Pasted::bare_credential`].
    TrailingNewline,
    /// A single `Scheme credentials` line was taken as the value of an `Authorization` header.
    AssumedAuthorizationHeader,
    /// A header's value in a snippet is an expression, not a literal, so it could not be checked.
    HeaderNotLiteral { header: String },
    /// The request URL in a snippet is an expression, not a literal.
    UrlNotLiteral,
    /// curl `-u user` without a password: curl prompts for it, so the sent header is unknown.
    CurlPasswordPrompt,
    /// curl `-u` together with `--digest`/`--ntlm`/`--negotiate`/`--anyauth`: no Basic header is
    /// sent up front.
    CurlNonBasicAuth { option: String },
    /// curl `-u`/`--oauth2-bearer` were overridden by an explicit `-H 'Authorization: ...'`.
    CurlAuthOverridden,
    /// curl was given more than one URL; only the first is checked.
    ExtraUrls { count: usize },
    /// The text started with a UTF-8 byte order mark (U+FEFF, written by Windows editors), which
    /// was skipped before reading header lines, an HTTP message, a command or a HAR.
    ByteOrderMark,
    /// Lines end with a bare CR (classic Mac OS, some terminals' copy), read as line breaks.
    CrLineEndings,
    /// `Name : value`: whitespace between a header name and its colon, which RFC 9112 §5.1
    /// forbids (servers answer 400); read as the header `Name`.
    SpaceBeforeColon { header: String },
    /// The input was UTF-16 (PowerShell's `>` and Notepad write it) and was decoded.
    DecodedUtf16 { big_endian: bool },
}

impl fmt::Display for PasteNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasteNote::TrailingNewline => f.write_str(
                "the pasted text ends with a line break; it is kept as part of the key (if it only came from pasting, ignore the line-break finding)",
            ),
            PasteNote::AssumedAuthorizationHeader => f.write_str("the line was read as the value of an Authorization header"),
            PasteNote::HeaderNotLiteral { header } => {
                write!(f, "the `{header}` header is computed in code, not a literal, so its value could not be checked")
            }
            PasteNote::UrlNotLiteral => f.write_str("the URL is computed in code, not a literal; pass it with --url to check it"),
            PasteNote::CurlPasswordPrompt => {
                f.write_str("curl `-u` has no password, so curl asks for it; the Basic header it sends could not be checked")
            }
            PasteNote::CurlNonBasicAuth { option } => {
                write!(f, "with `{option}`, curl does not send `-u` as a Basic header up front; the header it sends could not be checked")
            }
            PasteNote::CurlAuthOverridden => {
                f.write_str("an explicit `-H 'Authorization: ...'` replaces the header curl would build from `-u`/`--oauth2-bearer`")
            }
            PasteNote::ExtraUrls { count } => write!(f, "curl was given {count} more URL(s); only the first is checked"),
            PasteNote::ByteOrderMark => f.write_str("the text starts with a byte order mark (U+FEFF), which was skipped"),
            PasteNote::CrLineEndings => f.write_str("lines end with a bare CR (no LF); each CR was read as a line break"),
            PasteNote::SpaceBeforeColon { header } => write!(
                f,
                "the `{}` header has whitespace before its colon; servers reject such a line (RFC 9112 §5.1) with 400",
                crate::model::excerpt(header)
            ),
            PasteNote::DecodedUtf16 { big_endian } => write!(
                f,
                "the input was UTF-16 ({}) and was decoded; HTTP and curl expect UTF-8",
                if *big_endian { "big-endian" } else { "little-endian" }
            ),
        }
    }
}

/// The paste, recognised and turned into what the engine reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Pasted {
    pub kind: PasteKind,
    /// For header, HTTP, curl, fetch and axios input: one exchange, with the hints applied.
    /// For a HAR: every exchange of the file (hints not applied). Empty for a bare key.
    pub exchanges: Vec<Exchange>,
    /// For a raw key or JWT: the pasted text, byte for byte (leading/trailing whitespace and a
    /// trailing line break included).
    pub bare_credential: Option<String>,
    /// For a HAR: creator, browser, entry indexes and issues. Its `exchanges` is empty: they were
    /// moved to [`Pasted::exchanges`] rather than held twice.
    pub har: Option<HarLog>,
    pub notes: Vec<PasteNote>,
}

/// Why a paste could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// The paste is empty or only whitespace.
    Empty,
    /// The paste starts like JSON (`{` or `[`) but is not a readable HAR file.
    Har(HarError),
    /// A curl command has a quote (`'`, `"`, or the `'` of `$'...'`) that is never closed.
    /// `byte_offset` is where the quote opens, in UTF-8 bytes from the start of the paste.
    UnterminatedQuote { quote: char, byte_offset: usize },
    /// A curl option that takes a value (e.g. `-H`) is the last word of the command.
    MissingOptionValue { option: String },
    /// A raw HTTP message has a line in its header block that is neither `name: value` nor a
    /// folded continuation. `line` is 1-based, counted in the pasted text.
    InvalidHeaderLine { line: usize },
    /// A line starting `HTTP/` is not a status line (`HTTP/1.1 401 Unauthorized`). `line` is 1-based.
    InvalidStatusLine { line: usize },
    /// A document the paste reader does not analyse (an OpenAPI/YAML file...).
    UnsupportedDocument { what: &'static str },
    /// More of something than one request can have (header lines, curl arguments, snippet
    /// tokens): the paste is refused instead of holding megabytes of structure in memory.
    TooLarge { what: &'static str, limit: usize },
    /// The bytes are not UTF-8 text; `byte_offset` is the first invalid byte.
    NotUtf8 { byte_offset: usize },
    /// The bytes start with a UTF-16 byte order mark but are not valid UTF-16.
    InvalidUtf16 { byte_offset: usize },
}

/// How many header lines (or fetch/axios header entries) one pasted request may have. Node's
/// HTTP server stops at 2000 (`maxHeadersCount`); real requests have a few dozen.
pub const MAX_HEADERS: usize = 2000;
/// How many words a pasted curl command may have.
pub const MAX_CURL_WORDS: usize = 2 * MAX_HEADERS + 1000;
/// How many JavaScript tokens a pasted fetch/axios snippet may have.
pub const MAX_SNIPPET_TOKENS: usize = 100_000;

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => f.write_str("nothing to check: the input is empty"),
            InputError::Har(e) => write!(
                f,
                "the input looks like JSON but is not a usable HAR file: {e}"
            ),
            InputError::UnterminatedQuote { quote, byte_offset } => {
                write!(
                    f,
                    "the curl command has an unclosed {quote} quote (opened at byte {byte_offset})"
                )
            }
            InputError::MissingOptionValue { option } => {
                write!(f, "the curl option `{option}` needs a value")
            }
            InputError::InvalidHeaderLine { line } => {
                write!(f, "line {line} is not a header line (`Name: value`)")
            }
            InputError::InvalidStatusLine { line } => {
                write!(f, "line {line} starts with `HTTP/` but is not a status line like `HTTP/1.1 401 Unauthorized`")
            }
            InputError::UnsupportedDocument { what } => write!(
                f,
                "the input looks like {what}, not a request: paste the request's headers, a curl command, a fetch call, a HAR file or the key itself"
            ),
            InputError::TooLarge { what, limit } => write!(
                f,
                "the input has more than {limit} {what}, more than one request can carry: paste only the request to check"
            ),
            InputError::NotUtf8 { byte_offset } => write!(
                f,
                "the input is not UTF-8 text (invalid byte at offset {byte_offset})"
            ),
            InputError::InvalidUtf16 { byte_offset } => write!(
                f,
                "the input starts like UTF-16 but is not valid UTF-16 (at byte {byte_offset}); save it as UTF-8"
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// The text of pasted or piped bytes. UTF-8 is taken as it is (a leading byte order mark stays,
/// for [`parse_paste`] to judge); UTF-16 with a byte order mark, or ASCII text in UTF-16
/// without one (every other byte NUL), is decoded and noted.
///
/// ```
/// use authlens::input::{paste_text, PasteNote};
///
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter()
///     .chain("Bearer abc".encode_utf16().flat_map(u16::to_le_bytes))
///     .collect();
/// let (text, note) = paste_text(utf16).unwrap();
/// assert_eq!(text, "Bearer abc");
/// assert_eq!(note, Some(PasteNote::DecodedUtf16 { big_endian: false }));
/// ```
pub fn paste_text(bytes: Vec<u8>) -> Result<(String, Option<PasteNote>), InputError> {
    let utf16 = match bytes.as_slice() {
        [0xFF, 0xFE, ..] => Some((false, 2)),
        [0xFE, 0xFF, ..] => Some((true, 2)),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 && bytes.len() % 2 == 0 => Some((false, 0)),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 && bytes.len() % 2 == 0 => Some((true, 0)),
        _ => None,
    };
    let Some((big_endian, skip)) = utf16 else {
        return String::from_utf8(bytes)
            .map(|text| (text, None))
            .map_err(|e| InputError::NotUtf8 {
                byte_offset: e.utf8_error().valid_up_to(),
            });
    };
    let body = bytes.get(skip..).unwrap_or_default();
    let units = body.chunks(2).map(|pair| match pair {
        [a, b] if big_endian => Ok(u16::from_be_bytes([*a, *b])),
        [a, b] => Ok(u16::from_le_bytes([*a, *b])),
        _ => Err(()),
    });
    let mut text = String::with_capacity(body.len() / 2);
    let mut at = skip;
    let mut odd = false;
    let decoded = char::decode_utf16(units.map_while(|u| match u {
        Ok(u) => Some(u),
        Err(()) => {
            odd = true;
            None
        }
    }));
    for c in decoded {
        match c {
            Ok(c) => {
                at += 2 * c.len_utf16();
                text.push(c);
            }
            Err(_) => return Err(InputError::InvalidUtf16 { byte_offset: at }),
        }
    }
    if odd {
        return Err(InputError::InvalidUtf16 {
            byte_offset: bytes.len() - 1,
        });
    }
    Ok((text, Some(PasteNote::DecodedUtf16 { big_endian })))
}

/// Recognises `text` and turns it into exchanges (or a bare credential).
///
/// A leading byte order mark and bare-CR line endings are taken as the text's encoding when what
/// follows reads as a request, a response, a command or a HAR; a bare key keeps them, since they
/// may be exactly what the application sent.
pub fn parse_paste(text: &str, hints: &PasteHints) -> Result<Pasted, InputError> {
    let (body, bom) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let cr_only = !body.contains('\n') && body.trim_end_matches('\r').contains('\r');
    if bom || cr_only {
        let normalized = if cr_only {
            std::borrow::Cow::Owned(body.replace('\r', "\n"))
        } else {
            std::borrow::Cow::Borrowed(body)
        };
        match read_paste(&normalized, hints) {
            Ok(mut pasted) if !matches!(pasted.kind, PasteKind::RawKey | PasteKind::Jwt) => {
                if cr_only {
                    pasted.notes.insert(0, PasteNote::CrLineEndings);
                }
                if bom {
                    pasted.notes.insert(0, PasteNote::ByteOrderMark);
                }
                return Ok(pasted);
            }
            Ok(_) | Err(InputError::Empty) => {}
            Err(InputError::UnterminatedQuote { quote, byte_offset }) => {
                return Err(InputError::UnterminatedQuote {
                    quote,
                    byte_offset: byte_offset + (text.len() - body.len()),
                })
            }
            Err(e) => return Err(e),
        }
    }
    read_paste(text, hints)
}

/// `{"` or `[{` (after optional whitespace): JSON, not a `{{template}}` or `[object Object]`.
fn looks_like_json(body: &str) -> bool {
    let mut chars = body.chars();
    let open = chars.next();
    let next = chars.as_str().trim_start().chars().next();
    match (open, next) {
        (Some('{'), Some('"' | '}')) => true,
        (Some('['), Some(c)) => matches!(c, '{' | '[' | '"' | ']') || c.is_ascii_digit(),
        _ => false,
    }
}

fn read_paste(text: &str, hints: &PasteHints) -> Result<Pasted, InputError> {
    let body = text.trim_start();
    if body.trim_end().is_empty() {
        return Err(InputError::Empty);
    }
    if body.starts_with('{') || body.starts_with('[') {
        match read_har_str(text) {
            Ok(mut log) => {
                return Ok(Pasted {
                    kind: PasteKind::Har,
                    exchanges: std::mem::take(&mut log.exchanges),
                    bare_credential: None,
                    har: Some(log),
                    notes: Vec::new(),
                })
            }
            // `[object Object]` or `{{API_KEY}}` on one line: a placeholder, not broken JSON. A
            // one-line `{"log": ...` cut short is a broken HAR all the same.
            Err(HarError::NotJson { .. })
                if !body.trim_end().contains('\n') && !looks_like_json(body) => {}
            Err(e) => return Err(InputError::Har(e)),
        }
    }
    let first_line = body.lines().next().unwrap_or_default();
    let mut pasted = if let Some(command) = strip_curl_prefix(body) {
        let (exchange, notes) = parse_curl(command, text.len() - command.len())?;
        single(PasteKind::Curl, exchange, notes)
    } else if is_status_line_start(first_line) {
        let (exchange, _, notes) = parse_raw_http(text, false)?;
        single(PasteKind::RawHttpResponse, exchange, notes)
    } else if is_request_line(first_line) {
        let (exchange, saw_response, notes) = parse_raw_http(text, true)?;
        let kind = if saw_response {
            PasteKind::RawHttpExchange
        } else {
            PasteKind::RawHttpRequest
        };
        single(kind, exchange, notes)
    } else if let Some(kind) = snippet_kind(body) {
        let (exchange, notes) = parse_snippet(body, kind)?;
        single(kind, exchange, notes)
    } else if let Some(what) = unsupported_document(body) {
        return Err(InputError::UnsupportedDocument { what });
    } else if let Some((exchange, notes)) = parse_header_lines(text)? {
        single(PasteKind::HeaderLines, exchange, notes)
    } else if let Some(value) = authorization_value_line(text) {
        let exchange = Exchange {
            request_headers: vec![Header::new("Authorization", value)],
            ..Exchange::default()
        };
        single(
            PasteKind::HeaderLines,
            exchange,
            vec![PasteNote::AssumedAuthorizationHeader],
        )
    } else {
        let kind = if looks_like_jwt(text.trim()) {
            PasteKind::Jwt
        } else {
            PasteKind::RawKey
        };
        let notes = if ends_with_single_newline(text) {
            vec![PasteNote::TrailingNewline]
        } else {
            Vec::new()
        };
        Pasted {
            kind,
            exchanges: Vec::new(),
            bare_credential: Some(text.to_owned()),
            har: None,
            notes,
        }
    };
    for exchange in &mut pasted.exchanges {
        apply_hints(exchange, hints);
    }
    Ok(pasted)
}

fn single(kind: PasteKind, exchange: Exchange, notes: Vec<PasteNote>) -> Pasted {
    Pasted {
        kind,
        exchanges: vec![exchange],
        bare_credential: None,
        har: None,
        notes,
    }
}

/// The text ends with exactly one `\n` or `\r\n`.
fn ends_with_single_newline(text: &str) -> bool {
    let without = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'));
    without.is_some_and(|rest| !rest.ends_with('\n') && !rest.ends_with('\r'))
}

/// Fills in what the paste did not say from the hints.
pub fn apply_hints(exchange: &mut Exchange, hints: &PasteHints) {
    if exchange.status == 0 {
        if let Some(status) = hints.status {
            exchange.status = status;
        }
    }
    if let Some(value) = &hints.www_authenticate {
        if exchange.response_header("www-authenticate").is_none() {
            exchange
                .response_headers
                .push(Header::new("WWW-Authenticate", value.as_str()));
        }
    }
    if let Some(url) = &hints.url {
        if exchange.url.is_empty() {
            exchange.url = url.clone();
        } else if exchange.url.starts_with('/') {
            exchange.url = format!("{}{}", origin_of(url), exchange.url);
        }
    }
    if exchange.started_at_ms.is_none() {
        exchange.started_at_ms = hints.now_ms;
    }
    if exchange.method.is_empty() {
        exchange.method = "GET".to_owned();
    }
}

/// A request sending a bare pasted `key` the way the hinted URL's provider expects (its first
/// placement that can be built from the key alone; `Authorization: Bearer` when the host is no
/// known provider's), with the hints applied, so host- and response-based rules can run.
/// `None` when no URL, status or challenge hint is given (the key is analysed on its own then),
/// or when the provider only accepts placements that need more than the key (a Basic user
/// name that is an account id, AWS request signing, a token in the URL path).
pub fn exchange_for_bare_key(key: &str, hints: &PasteHints) -> Option<Exchange> {
    if hints.url.is_none() && hints.status.is_none() && hints.www_authenticate.is_none() {
        return None;
    }
    let host = hints.url.as_deref().and_then(url_host);
    let header = match host.and_then(crate::providers::provider_for_host) {
        Some(provider) => provider
            .auth
            .iter()
            .find_map(|a| placement_header(a, key))?,
        None => Header::new("Authorization", format!("Bearer {key}")),
    };
    let mut exchange = Exchange {
        request_headers: vec![header],
        ..Exchange::default()
    };
    apply_hints(&mut exchange, hints);
    Some(exchange)
}

/// The header carrying `key` as `placement` says, when the key alone is enough to build it.
fn placement_header(placement: &crate::providers::AuthPlacement, key: &str) -> Option<Header> {
    use crate::providers::Scheme;
    let value = match placement.scheme {
        Scheme::Raw => key.to_owned(),
        Scheme::Basic => {
            let user = placement.basic_user.unwrap_or("the key");
            // The catalogue describes the user part in words unless it is a literal (`api`, `__token__`).
            let pair = if user.starts_with("the key") {
                format!("{key}:")
            } else if user.starts_with("any string") {
                format!("authlens:{key}")
            } else if !user.contains(' ') {
                format!("{user}:{key}")
            } else {
                return None;
            };
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        }
        Scheme::AwsSigV4 | Scheme::UrlPath => return None,
        other => format!("{} {key}", other.word()?),
    };
    (!placement.header.is_empty()).then(|| Header::new(placement.header, value))
}

/// The host of an absolute `http(s)://` URL (port and userinfo left for the host lookup to strip).
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!host.is_empty()).then_some(host)
}

/// `https://host:port` of an absolute URL (the whole text when it has no path).
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url
        .get(after_scheme..)
        .and_then(|rest| rest.find(['/', '?', '#']))
        .map_or(url.len(), |i| after_scheme + i);
    url.get(..end).unwrap_or(url)
}

// ---------------------------------------------------------------------------------------------
// Header lines and raw HTTP

/// Splits on `\n`, removing a `\r` that ends a line (CRLF); other bytes are kept.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l))
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
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
fn too_many_headers() -> InputError {
    InputError::TooLarge {
        what: "header lines",
        limit: MAX_HEADERS,
    }
}

/// What kind of non-request document `body` is, when it clearly is one: YAML (an OpenAPI or
/// Swagger description, a Kubernetes or CI file) otherwise reads as `name: value` lines and
/// would get an empty diagnosis.
fn unsupported_document(body: &str) -> Option<&'static str> {
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
fn is_response_header(name: &str) -> bool {
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
fn is_known_credential_header(name: &str) -> bool {
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
fn push_header(exchange: &mut Exchange, name: &str, value: &str) {
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

fn url_from_pseudo_headers(exchange: &Exchange) -> Option<String> {
    let authority = exchange
        .request_header(":authority")
        .or_else(|| exchange.request_header("host"))?;
    let path = exchange.request_header(":path").unwrap_or("");
    let scheme = exchange.request_header(":scheme").unwrap_or("https");
    Some(format!("{scheme}://{authority}{path}"))
}

/// Every non-blank line is a header line (continuations fold into the previous value).
/// `Ok(None)` when some line is not one.
fn parse_header_lines(text: &str) -> Result<Option<(Exchange, Vec<PasteNote>)>, InputError> {
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
fn devtools_general_line(exchange: &mut Exchange, line: &str) -> bool {
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
fn fold_continuation(exchange: &mut Exchange, line: &str) {
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

fn is_status_line_start(line: &str) -> bool {
    line.starts_with("HTTP/")
}

/// `HTTP/1.1 401 Unauthorized` → 401 (`HTTP/2 401` too).
fn parse_status_line(line: &str) -> Option<(u16, &str)> {
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
fn is_request_line(line: &str) -> bool {
    parse_request_line(line).is_some()
}

fn parse_request_line(line: &str) -> Option<(&str, &str)> {
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
fn parse_raw_http(
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
fn authorization_value_line(text: &str) -> Option<&str> {
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
fn looks_like_jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    (parts.len() == 3 || parts.len() == 5)
        && parts.first().is_some_and(|h| h.starts_with("eyJ"))
        && parts.iter().take(2).all(|p| !p.is_empty())
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '=')
        })
}

// ---------------------------------------------------------------------------------------------
// curl

/// The command after `curl` (`curl.exe`, a path to curl, a `$ ` prompt allowed), or `None`.
fn strip_curl_prefix(body: &str) -> Option<&str> {
    let body = body.strip_prefix("$ ").unwrap_or(body);
    let end = body
        .find(|c: char| c.is_whitespace() || c == '^' || c == '\\')
        .unwrap_or(body.len());
    let program = body.get(..end)?;
    let program = program.rsplit('/').next().unwrap_or(program);
    let is_curl = program.eq_ignore_ascii_case("curl") || program.eq_ignore_ascii_case("curl.exe");
    is_curl.then(|| body.get(end..)).flatten()
}

/// Chrome's "Copy as cURL (cmd)" escapes with `^` and continues lines with a trailing `^`.
fn is_cmd_syntax(command: &str) -> bool {
    command.contains("^\"") || command.lines().any(|l| l.trim_end().ends_with('^'))
}

/// POSIX shell words: `'..'`, `".."` (with `\` escaping `"\$` and backtick), `$'..'` (ANSI-C
/// escapes), `\` escaping one character, `\` + newline joining lines. `base` is the command's
/// offset in the paste, for error positions.
fn shell_words(command: &str, base: usize) -> Result<Vec<String>, InputError> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut chars = command.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    if words.len() == MAX_CURL_WORDS {
                        return Err(too_many_words());
                    }
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\\' => match chars.next() {
                // Line continuation: joins lines without starting a word.
                Some((_, '\n')) => {}
                Some((_, '\r')) if chars.peek().is_some_and(|&(_, n)| n == '\n') => {
                    chars.next();
                }
                Some((_, other)) => {
                    in_word = true;
                    current.push(other);
                }
                None => {}
            },
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some((_, '\'')) => break,
                        Some((_, ch)) => current.push(ch),
                        None => {
                            return Err(InputError::UnterminatedQuote {
                                quote: '\'',
                                byte_offset: base + i,
                            })
                        }
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some((_, '"')) => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, '\n')) => {}
                            Some((_, ch @ ('"' | '\\' | '$' | '`'))) => current.push(ch),
                            Some((_, ch)) => {
                                current.push('\\');
                                current.push(ch);
                            }
                            None => {
                                return Err(InputError::UnterminatedQuote {
                                    quote: '"',
                                    byte_offset: base + i,
                                })
                            }
                        },
                        Some((_, ch)) => current.push(ch),
                        None => {
                            return Err(InputError::UnterminatedQuote {
                                quote: '"',
                                byte_offset: base + i,
                            })
                        }
                    }
                }
            }
            '$' if chars.peek().is_some_and(|&(_, n)| n == '\'') => {
                chars.next();
                in_word = true;
                ansi_c_quoted(&mut chars, &mut current).ok_or(InputError::UnterminatedQuote {
                    quote: '\'',
                    byte_offset: base + i + 1,
                })?;
            }
            other => {
                in_word = true;
                current.push(other);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

fn too_many_words() -> InputError {
    InputError::TooLarge {
        what: "curl arguments",
        limit: MAX_CURL_WORDS,
    }
}

/// Bash `$'...'`: `\n \t \r \e \a \b \f \v \\ \' \" \?`, `\xHH`, `\uHHHH`, `\UHHHHHHHH`, `\NNN`
/// (octal). `None` when the closing quote is missing.
fn ansi_c_quoted(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    out: &mut String,
) -> Option<()> {
    loop {
        let (_, c) = chars.next()?;
        match c {
            '\'' => return Some(()),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'e' | 'E' => out.push('\u{1b}'),
                    'a' => out.push('\u{7}'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'v' => out.push('\u{b}'),
                    'x' => push_code(chars, out, 16, 2, 'x'),
                    'u' => push_code(chars, out, 16, 4, 'u'),
                    'U' => push_code(chars, out, 16, 8, 'U'),
                    '0'..='7' => {
                        let mut value = e.to_digit(8).unwrap_or(0);
                        for _ in 0..2 {
                            match chars.peek().and_then(|&(_, d)| d.to_digit(8)) {
                                Some(d) => {
                                    value = value * 8 + d;
                                    chars.next();
                                }
                                None => break,
                            }
                        }
                        // Bash emits the byte; for bytes above 0x7F that is not valid UTF-8 on
                        // its own, so keep the code point of the same value.
                        out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
                    }
                    other => {
                        if !matches!(other, '\\' | '\'' | '"' | '?') {
                            out.push('\\');
                        }
                        out.push(other);
                    }
                }
            }
            other => out.push(other),
        }
    }
}

fn push_code(
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    out: &mut String,
    radix: u32,
    max: usize,
    letter: char,
) {
    let mut value = 0u32;
    let mut digits = 0;
    while digits < max {
        match chars.peek().and_then(|&(_, d)| d.to_digit(radix)) {
            Some(d) => {
                value = value * radix + d;
                chars.next();
                digits += 1;
            }
            None => break,
        }
    }
    if digits == 0 {
        out.push('\\');
        out.push(letter);
    } else {
        out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
    }
}

/// Windows cmd: `^X` is a literal X and `^` + newline continues the line; then the C runtime
/// splits arguments (`"` toggles quoting, `\"` is a quote, 2n backslashes before `"` are n).
fn cmd_words(command: &str) -> Result<Vec<String>, InputError> {
    let mut unescaped = String::with_capacity(command.len());
    let mut chars = command.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '^' {
            match chars.next() {
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some('\n') => {}
                Some(other) => unescaped.push(other),
                None => {}
            }
        } else {
            unescaped.push(c);
        }
    }
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut backslashes = 0usize;
    for c in unescaped.chars() {
        match c {
            '\\' => {
                backslashes += 1;
                in_word = true;
            }
            '"' => {
                current.extend(std::iter::repeat_n('\\', backslashes / 2));
                if backslashes % 2 == 1 {
                    current.push('"');
                } else {
                    quoted = !quoted;
                }
                backslashes = 0;
                in_word = true;
            }
            ' ' | '\t' | '\n' | '\r' if !quoted => {
                current.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                if in_word {
                    if words.len() == MAX_CURL_WORDS {
                        return Err(too_many_words());
                    }
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            other => {
                current.extend(std::iter::repeat_n('\\', backslashes));
                backslashes = 0;
                current.push(other);
                in_word = true;
            }
        }
    }
    current.extend(std::iter::repeat_n('\\', backslashes));
    if in_word {
        words.push(current);
    }
    Ok(words)
}

/// Short options that take a value (everything else short is a flag).
const CURL_SHORT_WITH_VALUE: &str = "HuXdbAeowmxFTEUcKrCDPQtyYz";

/// Long options that take a value.
const CURL_LONG_WITH_VALUE: &[&str] = &[
    "header",
    "user",
    "request",
    "data",
    "data-raw",
    "data-binary",
    "data-urlencode",
    "data-ascii",
    "json",
    "form",
    "form-string",
    "cookie",
    "user-agent",
    "referer",
    "url",
    "output",
    "write-out",
    "max-time",
    "connect-timeout",
    "proxy",
    "proxy-user",
    "oauth2-bearer",
    "cacert",
    "capath",
    "cert",
    "key",
    "cookie-jar",
    "resolve",
    "connect-to",
    "retry",
    "retry-delay",
    "retry-max-time",
    "aws-sigv4",
    "variable",
    "expect100-timeout",
    "limit-rate",
    "interface",
    "dns-servers",
    "unix-socket",
    "abstract-unix-socket",
    "range",
    "upload-file",
    "config",
    "pass",
    "cert-type",
    "key-type",
    "ciphers",
    "tls-max",
    "proto",
    "proto-redir",
    "proto-default",
    "max-redirs",
    "max-filesize",
    "trace",
    "trace-ascii",
    "stderr",
    "dump-header",
    "login-options",
    "sasl-authzid",
    "service-name",
    "socks5",
    "socks5-hostname",
    "noproxy",
    "proxy-header",
    "request-target",
    "output-dir",
    "time-cond",
    "keepalive-time",
    "local-port",
    "continue-at",
    "ftp-port",
    "quote",
    "speed-limit",
    "speed-time",
    "pinnedpubkey",
    "hostpubmd5",
    "hostpubsha256",
    "krb",
    "delegation",
    "mail-from",
    "mail-rcpt",
    "mail-auth",
    "netrc-file",
    "happy-eyeballs-timeout-ms",
    "doh-url",
    "alt-svc",
    "hsts",
    "etag-save",
    "etag-compare",
    "parallel-max",
    "url-query",
    "ipfs-gateway",
    "ech",
];

/// What a curl command would send, and notes about what could not be known.
fn parse_curl(command: &str, base: usize) -> Result<(Exchange, Vec<PasteNote>), InputError> {
    let words = if is_cmd_syntax(command) {
        cmd_words(command)?
    } else {
        shell_words(command, base)?
    };
    let mut exchange = Exchange::default();
    let mut notes = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    let mut method: Option<String> = None;
    let mut has_data = false;
    let mut get_mode = false;
    let mut head = false;
    let mut data: Vec<String> = Vec::new();
    let mut user: Option<String> = None;
    let mut bearer: Option<String> = None;
    let mut non_basic: Option<String> = None;
    let mut headers: Vec<Header> = Vec::new();
    let mut options_done = false;

    let mut iter = words.into_iter();
    while let Some(word) = iter.next() {
        let (option, inline_value): (String, Option<String>) =
            if options_done || !word.starts_with('-') || word == "-" {
                urls.push(word);
                continue;
            } else if word == "--" {
                options_done = true;
                continue;
            } else if let Some(long) = word.strip_prefix("--") {
                (long.to_owned(), None)
            } else {
                // A cluster of short flags, possibly ending in one that takes the rest as its value.
                let mut option = None;
                for (i, c) in word.char_indices().skip(1) {
                    if CURL_SHORT_WITH_VALUE.contains(c) {
                        let rest = word.get(i + c.len_utf8()..).unwrap_or_default();
                        option = Some((c.to_string(), (!rest.is_empty()).then(|| rest.to_owned())));
                        break;
                    }
                    match c {
                        'I' => head = true,
                        'G' => get_mode = true,
                        _ => {}
                    }
                }
                match option {
                    Some(found) => found,
                    None => continue,
                }
            };
        let takes_value = if option.chars().count() == 1 {
            true
        } else {
            CURL_LONG_WITH_VALUE.contains(&option.as_str())
        };
        if !takes_value {
            match option.as_str() {
                "head" => head = true,
                "get" => get_mode = true,
                "digest" | "ntlm" | "negotiate" | "anyauth" | "ntlm-wb" => {
                    non_basic = Some(format!("--{option}"))
                }
                _ => {}
            }
            continue;
        }
        let shown = if option.chars().count() == 1 {
            format!("-{option}")
        } else {
            format!("--{option}")
        };
        let value = match inline_value.or_else(|| iter.next()) {
            Some(v) => v,
            None => return Err(InputError::MissingOptionValue { option: shown }),
        };
        match option.as_str() {
            "H" | "header" => {
                if value.starts_with('@') {
                    continue;
                }
                if let Some((name, rest)) = value.split_once(':') {
                    let rest = rest.strip_prefix([' ', '\t']).unwrap_or(rest);
                    headers.push(Header::new(name, rest));
                } else if let Some(name) = value.strip_suffix(';') {
                    headers.push(Header::new(name, ""));
                }
            }
            "u" | "user" => user = Some(value),
            "oauth2-bearer" => bearer = Some(value),
            "X" | "request" => method = Some(value),
            "d" | "data" | "data-raw" | "data-binary" | "data-urlencode" | "data-ascii" | "F"
            | "form" | "form-string" => {
                has_data = true;
                data.push(value);
            }
            "json" => {
                has_data = true;
                data.push(value);
                headers.push(Header::new("Content-Type", "application/json"));
                headers.push(Header::new("Accept", "application/json"));
            }
            "b" | "cookie" if value.contains('=') => headers.push(Header::new("Cookie", value)),
            "A" | "user-agent" => headers.push(Header::new("User-Agent", value)),
            "e" | "referer" => headers.push(Header::new("Referer", value)),
            "url" => urls.push(value),
            _ => {}
        }
    }

    let explicit_authorization = headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("authorization"));
    let mut auth_header = None;
    if let Some(token) = bearer {
        auth_header = Some(format!("Bearer {token}"));
    }
    if let Some(user) = user {
        if let Some(option) = non_basic {
            notes.push(PasteNote::CurlNonBasicAuth { option });
        } else if user.contains(':') {
            let encoded = base64::engine::general_purpose::STANDARD.encode(user.as_bytes());
            auth_header = Some(format!("Basic {encoded}"));
        } else {
            notes.push(PasteNote::CurlPasswordPrompt);
        }
    }
    if let Some(value) = auth_header {
        if explicit_authorization {
            notes.push(PasteNote::CurlAuthOverridden);
        } else {
            exchange
                .request_headers
                .push(Header::new("Authorization", value));
        }
    }
    exchange.request_headers.extend(headers);

    let mut url = urls.first().cloned().unwrap_or_default();
    if urls.len() > 1 {
        notes.push(PasteNote::ExtraUrls {
            count: urls.len() - 1,
        });
    }
    // curl assumes http:// for a URL without a scheme.
    if !url.is_empty() && !url.contains("://") {
        url = format!("http://{url}");
    }
    if get_mode && !data.is_empty() {
        let separator = if url.contains('?') { '&' } else { '?' };
        url = format!("{url}{separator}{}", data.join("&"));
    } else if !data.is_empty() {
        // curl joins several -d values with '&' into one body.
        exchange.request_body_excerpt = Some(excerpt(&data.join("&")).to_owned());
    }
    exchange.url = url;
    exchange.method = match method {
        Some(m) => m,
        None if head => "HEAD".to_owned(),
        None if has_data && !get_mode => "POST".to_owned(),
        None => "GET".to_owned(),
    };
    Ok((exchange, notes))
}

// ---------------------------------------------------------------------------------------------
// fetch / axios snippets

fn snippet_kind(body: &str) -> Option<PasteKind> {
    let fetch = find_call(body, "fetch");
    // `axios(`, `axios.get(`, `axios.defaults...`; not `User-Agent: axios/1.7.2`.
    let axios = body.match_indices("axios").map(|(i, _)| i).find(|&i| {
        let after = body.get(i + 5..).unwrap_or_default();
        after.trim_start().starts_with('(')
            || after
                .strip_prefix('.')
                .is_some_and(|m| m.starts_with(|c: char| c.is_ascii_alphabetic()))
    });
    match (fetch, axios) {
        (Some(f), Some(a)) => Some(if a < f {
            PasteKind::AxiosSnippet
        } else {
            PasteKind::FetchSnippet
        }),
        (Some(_), None) => Some(PasteKind::FetchSnippet),
        (None, Some(_)) => Some(PasteKind::AxiosSnippet),
        (None, None) => None,
    }
}

/// Offset of `name(` (optionally with spaces before the parenthesis) as a whole word.
fn find_call(body: &str, name: &str) -> Option<usize> {
    body.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before_ok = body
            .get(..i)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
        let after = body.get(i + name.len()..).unwrap_or_default().trim_start();
        before_ok && after.starts_with('(')
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A string literal, unescaped. `literal` is false for a template with `${...}`.
    Str {
        value: String,
        literal: bool,
    },
    Ident(String),
    Punct(char),
}

/// A small JavaScript tokenizer: strings (with escapes), templates, identifiers, punctuation;
/// comments and numbers are skipped. Unterminated strings end at the end of the input.
fn js_tokens(src: &str) -> Result<Vec<Token>, InputError> {
    let mut tokens = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if tokens.len() == MAX_SNIPPET_TOKENS {
            return Err(InputError::TooLarge {
                what: "JavaScript tokens",
                limit: MAX_SNIPPET_TOKENS,
            });
        }
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            '\'' | '"' => {
                let mut value = String::new();
                while let Some(n) = chars.next() {
                    match n {
                        _ if n == c => break,
                        '\\' => js_escape(&mut chars, &mut value),
                        _ => value.push(n),
                    }
                }
                tokens.push(Token::Str {
                    value,
                    literal: true,
                });
            }
            '`' => {
                let mut value = String::new();
                let mut literal = true;
                while let Some(n) = chars.next() {
                    match n {
                        '`' => break,
                        '\\' => js_escape(&mut chars, &mut value),
                        '$' if chars.peek() == Some(&'{') => {
                            literal = false;
                            value.push('$');
                        }
                        _ => value.push(n),
                    }
                }
                tokens.push(Token::Str { value, literal });
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let mut ident = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '$' {
                        ident.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Ident(ident));
            }
            c if c.is_whitespace() || c.is_ascii_digit() => {}
            c => tokens.push(Token::Punct(c)),
        }
    }
    Ok(tokens)
}

fn js_escape(chars: &mut std::iter::Peekable<std::str::Chars>, out: &mut String) {
    let Some(e) = chars.next() else { return };
    match e {
        'n' => out.push('\n'),
        't' => out.push('\t'),
        'r' => out.push('\r'),
        'b' => out.push('\u{8}'),
        'f' => out.push('\u{c}'),
        'v' => out.push('\u{b}'),
        '0' => out.push('\0'),
        '\n' => {}
        'x' | 'u' => {
            let braced = e == 'u' && chars.peek() == Some(&'{');
            if braced {
                chars.next();
            }
            let want = if e == 'x' {
                2
            } else if braced {
                6
            } else {
                4
            };
            let mut value = 0u32;
            let mut digits = 0;
            while digits < want {
                match chars.peek().and_then(|d| d.to_digit(16)) {
                    Some(d) => {
                        value = value * 16 + d;
                        chars.next();
                        digits += 1;
                    }
                    None => break,
                }
            }
            if braced && chars.peek() == Some(&'}') {
                chars.next();
            }
            out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
        }
        other => out.push(other),
    }
}

fn key_name(token: &Token) -> Option<&str> {
    match token {
        Token::Ident(name) => Some(name),
        Token::Str {
            value,
            literal: true,
        } => Some(value),
        _ => None,
    }
}

/// Index just past the token that closes the bracket opened at `open`.
fn skip_balanced(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0i32;
    let mut i = open;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Punct('{' | '(' | '[') => depth += 1,
            Token::Punct('}' | ')' | ']') => {
                depth -= 1;
                if depth <= 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Reads `{ key: 'value', ... }` starting at `open` (the `{`): literal values are returned, others
/// reported as not literal. Returns the pairs and the index after the closing brace.
fn object_literal(tokens: &[Token], open: usize) -> (Vec<(String, Option<String>)>, usize) {
    let mut pairs = Vec::new();
    let mut i = open + 1;
    while let Some(token) = tokens.get(i) {
        if *token == Token::Punct('}') {
            return (pairs, i + 1);
        }
        if *token == Token::Punct(',') {
            i += 1;
            continue;
        }
        // `['Authorization']: ...` computed keys with a literal.
        let (key, after_key) = if *token == Token::Punct('[') {
            match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(k), Some(Token::Punct(']'))) => (key_name(k).map(str::to_owned), i + 3),
                _ => (None, skip_balanced(tokens, i)),
            }
        } else {
            (key_name(token).map(str::to_owned), i + 1)
        };
        if tokens.get(after_key) != Some(&Token::Punct(':')) {
            // Shorthand `{ Authorization }` or a spread: no literal value.
            if let Some(key) = key {
                pairs.push((key, None));
            }
            i = skip_value(tokens, after_key);
            continue;
        }
        let value_start = after_key + 1;
        let value_end = skip_value(tokens, value_start);
        let value = match tokens.get(value_start..value_end) {
            Some(
                [Token::Str {
                    value,
                    literal: true,
                }],
            ) => Some(value.clone()),
            _ => None,
        };
        if let Some(key) = key {
            pairs.push((key, value));
        }
        i = value_end;
    }
    (pairs, i)
}

/// Index of the `,` or `}` ending the value that starts at `start` (nested brackets skipped).
fn skip_value(tokens: &[Token], start: usize) -> usize {
    let mut i = start;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Punct(',' | '}') => return i,
            Token::Punct('{' | '(' | '[') => i = skip_balanced(tokens, i),
            _ => i += 1,
        }
    }
    i
}

/// The object literal that is the value of `key:` somewhere in `tokens` (also through
/// `new Headers({...})`), with its position.
fn objects_for_key<'t>(tokens: &'t [Token], key: &'t str) -> impl Iterator<Item = usize> + 't {
    (0..tokens.len()).filter_map(move |i| {
        let name = key_name(tokens.get(i)?)?;
        if name != key || tokens.get(i + 1) != Some(&Token::Punct(':')) {
            return None;
        }
        let mut j = i + 2;
        if tokens.get(j) == Some(&Token::Ident("new".to_owned())) {
            j += 2; // `new Headers`
        }
        if tokens.get(j) == Some(&Token::Punct('(')) {
            j += 1;
        }
        (tokens.get(j) == Some(&Token::Punct('{'))).then_some(j)
    })
}

fn literal_for_key(tokens: &[Token], key: &str) -> Option<Option<String>> {
    (0..tokens.len()).find_map(|i| {
        if key_name(tokens.get(i)?)? != key || tokens.get(i + 1) != Some(&Token::Punct(':')) {
            return None;
        }
        Some(match tokens.get(i + 2) {
            Some(Token::Str {
                value,
                literal: true,
            }) if tokens
                .get(i + 3)
                .is_none_or(|t| matches!(t, Token::Punct(',' | '}' | ')'))) =>
            {
                Some(value.clone())
            }
            _ => None,
        })
    })
}

/// Best-effort extraction of URL, method and headers from a fetch or axios call.
fn parse_snippet(body: &str, kind: PasteKind) -> Result<(Exchange, Vec<PasteNote>), InputError> {
    let tokens = js_tokens(body)?;
    let mut exchange = Exchange::default();
    let mut notes = Vec::new();
    let callee = if kind == PasteKind::FetchSnippet {
        "fetch"
    } else {
        "axios"
    };
    let mut url: Option<Option<String>> = None;
    let mut method: Option<String> = None;

    if let Some(at) = tokens
        .iter()
        .position(|t| *t == Token::Ident(callee.to_owned()))
    {
        let mut j = at + 1;
        // axios.get(...), axios.post(...): the method is the member name.
        if kind == PasteKind::AxiosSnippet && tokens.get(j) == Some(&Token::Punct('.')) {
            if let Some(Token::Ident(member)) = tokens.get(j + 1) {
                if ["get", "post", "put", "patch", "delete", "head", "options"]
                    .contains(&member.as_str())
                {
                    method = Some(member.to_ascii_uppercase());
                }
            }
            j += 2;
        }
        if tokens.get(j) == Some(&Token::Punct('(')) {
            url = match tokens.get(j + 1) {
                Some(Token::Str {
                    value,
                    literal: true,
                }) => Some(Some(value.clone())),
                Some(Token::Punct('{')) => None,
                Some(_) => Some(None),
                None => None,
            };
        }
    }
    if url.is_none() {
        url = literal_for_key(&tokens, "url");
    }
    match url {
        Some(Some(u)) => {
            let base = literal_for_key(&tokens, "baseURL").flatten();
            exchange.url = match base {
                Some(b) if !u.contains("://") => {
                    format!("{}/{}", b.trim_end_matches('/'), u.trim_start_matches('/'))
                }
                _ => u,
            };
        }
        Some(None) => notes.push(PasteNote::UrlNotLiteral),
        None => {}
    }
    if let Some(Some(m)) = literal_for_key(&tokens, "method") {
        method = Some(m.to_ascii_uppercase());
    }
    exchange.method = method.unwrap_or_else(|| "GET".to_owned());

    // An object inside one already read (`headers: { headers: {...` unclosed) is not read
    // again: every token is looked at a bounded number of times.
    let mut read_until = 0;
    for open in objects_for_key(&tokens, "headers") {
        if open < read_until {
            continue;
        }
        let (pairs, end) = object_literal(&tokens, open);
        read_until = end;
        for (name, value) in pairs {
            if exchange.request_headers.len() + notes.len() >= MAX_HEADERS {
                return Err(too_many_headers());
            }
            add_snippet_header(&mut exchange, &mut notes, name, value);
        }
    }
    // axios.defaults.headers.common['Authorization'] = '...' / .common.Authorization = '...'
    for i in 0..tokens.len() {
        let is_headers_path =
            matches!(tokens.get(i), Some(Token::Ident(n)) if n == "common" || n == "headers");
        if !is_headers_path {
            continue;
        }
        let (name, eq) = match (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3)) {
            (Some(Token::Punct('[')), Some(k), Some(Token::Punct(']'))) => (key_name(k), i + 4),
            (Some(Token::Punct('.')), Some(Token::Ident(k)), _) if k != "common" => {
                (Some(k.as_str()), i + 3)
            }
            _ => continue,
        };
        if let (Some(name), Some(Token::Punct('='))) = (name, tokens.get(eq)) {
            let value = match (tokens.get(eq + 1), tokens.get(eq + 2)) {
                (
                    Some(Token::Str {
                        value,
                        literal: true,
                    }),
                    Some(Token::Punct(';')) | None,
                ) => Some(value.clone()),
                _ => None,
            };
            if exchange.request_headers.len() + notes.len() >= MAX_HEADERS {
                return Err(too_many_headers());
            }
            add_snippet_header(&mut exchange, &mut notes, name.to_owned(), value);
        }
    }
    // axios `auth: { username, password }` becomes a Basic header.
    let mut read_until = 0;
    for open in objects_for_key(&tokens, "auth") {
        if open < read_until {
            continue;
        }
        let (pairs, end) = object_literal(&tokens, open);
        read_until = end;
        if exchange.request_headers.len() + notes.len() >= MAX_HEADERS {
            return Err(too_many_headers());
        }
        let find = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .and_then(|(_, v)| v.clone())
        };
        if let (Some(user), Some(password)) = (find("username"), find("password")) {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            exchange
                .request_headers
                .push(Header::new("Authorization", format!("Basic {encoded}")));
        } else {
            notes.push(PasteNote::HeaderNotLiteral {
                header: "Authorization".to_owned(),
            });
        }
    }
    Ok((exchange, notes))
}

fn add_snippet_header(
    exchange: &mut Exchange,
    notes: &mut Vec<PasteNote>,
    name: String,
    value: Option<String>,
) {
    match value {
        Some(value) => exchange.request_headers.push(Header { name, value }),
        None => notes.push(PasteNote::HeaderNotLiteral { header: name }),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn bare_key_exchange_follows_the_url_provider() {
        let hints = |url: &str| PasteHints {
            status: Some(401),
            url: Some(url.to_owned()),
            ..PasteHints::default()
        };
        assert!(exchange_for_bare_key("k", &PasteHints::default()).is_none());
        let unknown = exchange_for_bare_key("abc123", &hints("http://localhost:8080/x")).unwrap();
        assert_eq!(
            unknown.request_headers,
            vec![Header::new("Authorization", "Bearer abc123")]
        );
        assert_eq!(
            (
                unknown.status,
                unknown.method.as_str(),
                unknown.url.as_str()
            ),
            (401, "GET", "http://localhost:8080/x")
        );
        let anthropic =
            exchange_for_bare_key("abc123", &hints("https://api.anthropic.com/v1/messages"))
                .unwrap();
        assert_eq!(
            anthropic.request_headers,
            vec![Header::new("x-api-key", "abc123")]
        );
        // Mailgun: Basic with the literal user `api`; Mailchimp: any user, the key as password.
        let mailgun =
            exchange_for_bare_key("abc123", &hints("https://api.mailgun.net/v3/domains")).unwrap();
        let encoded = base64::engine::general_purpose::STANDARD.encode("api:abc123");
        assert_eq!(
            mailgun.request_headers,
            vec![Header::new("Authorization", format!("Basic {encoded}"))]
        );
        let mailchimp =
            exchange_for_bare_key("abc123", &hints("https://us21.api.mailchimp.com/3.0/ping"))
                .unwrap();
        let encoded = base64::engine::general_purpose::STANDARD.encode("authlens:abc123");
        assert_eq!(
            mailchimp.request_headers,
            vec![Header::new("Authorization", format!("Basic {encoded}"))]
        );
        let status_only = exchange_for_bare_key(
            "abc123",
            &PasteHints {
                status: Some(403),
                ..PasteHints::default()
            },
        )
        .unwrap();
        assert_eq!((status_only.status, status_only.url.as_str()), (403, ""));
    }

    use super::*;

    #[test]
    fn posix_words() {
        let words = shell_words(
            r#"a 'b c' "d \"e\" \$f \g" $'h\tI\x41\u00e9\101\'' j\ k \
l"#,
            0,
        )
        .unwrap();
        assert_eq!(
            words,
            ["a", "b c", "d \"e\" $f \\g", "h\tIAé\u{41}'", "j k", "l"]
        );
        assert_eq!(
            shell_words("a 'b", 10),
            Err(InputError::UnterminatedQuote {
                quote: '\'',
                byte_offset: 12
            })
        );
        assert_eq!(
            shell_words("a \"b", 0),
            Err(InputError::UnterminatedQuote {
                quote: '"',
                byte_offset: 2
            })
        );
        assert_eq!(
            shell_words("$'abc", 0),
            Err(InputError::UnterminatedQuote {
                quote: '\'',
                byte_offset: 1
            })
        );
        assert_eq!(shell_words("'' x", 0).unwrap(), ["", "x"]);
    }

    #[test]
    fn cmd_words_unescape_carets_then_crt_quotes() {
        let words =
            cmd_words("^\"https://a.example/?q=1^&r=2^\" ^\n  -H ^\"x: \\^\"q\\^\" 100%^%^\"")
                .unwrap();
        assert_eq!(
            words,
            ["https://a.example/?q=1&r=2", "-H", "x: \"q\" 100%%"]
        );
        assert_eq!(
            cmd_words(r#"a\\"b c" d\e"#).unwrap(),
            [r#"a\b c"#, r#"d\e"#]
        );
    }

    #[test]
    fn js_tokens_strings_and_comments() {
        let tokens = js_tokens("a('x\\u{1F600}\\x41', `t${b}`) // c\n/* d */ e").unwrap();
        assert_eq!(
            tokens,
            [
                Token::Ident("a".into()),
                Token::Punct('('),
                Token::Str {
                    value: "x😀A".into(),
                    literal: true
                },
                Token::Punct(','),
                Token::Str {
                    value: "t${b}".into(),
                    literal: false
                },
                Token::Punct(')'),
                Token::Ident("e".into()),
            ]
        );
    }

    #[test]
    fn status_and_request_lines() {
        assert_eq!(
            parse_status_line("HTTP/1.1 401 Unauthorized"),
            Some((401, "Unauthorized"))
        );
        assert_eq!(parse_status_line("HTTP/2 403"), Some((403, "")));
        assert_eq!(parse_status_line("HTTP/1.1 4O1 x"), None);
        assert!(is_request_line("GET /v1/me HTTP/1.1"));
        assert!(is_request_line("OPTIONS * HTTP/2"));
        assert!(!is_request_line("Get /v1/me HTTP/1.1"));
        assert!(!is_request_line("GET /v1/me"));
    }

    #[test]
    fn origin_of_urls() {
        assert_eq!(
            origin_of("https://a.example:8443/x?y"),
            "https://a.example:8443"
        );
        assert_eq!(origin_of("https://a.example"), "https://a.example");
        assert_eq!(origin_of("a.example/x"), "a.example");
    }
}
