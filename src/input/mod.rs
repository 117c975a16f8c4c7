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
use crate::model::{Exchange, Header};

mod curl;
mod http;
mod shell;
mod snippet;

use curl::{parse_curl, strip_curl_prefix};
use http::{
    authorization_value_line, is_request_line, is_status_line_start, parse_header_lines,
    parse_raw_http, unsupported_document,
};
use snippet::{parse_snippet, snippet_kind};

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
    /// What the user pasted, in words: `raw key`, `curl command`, `header lines`.
    pub fn noun(self) -> &'static str {
        match self {
            PasteKind::RawKey => "raw key",
            PasteKind::Jwt => "JWT",
            PasteKind::HeaderLines => "header lines",
            PasteKind::RawHttpRequest => "raw HTTP request",
            PasteKind::RawHttpResponse => "raw HTTP response",
            PasteKind::RawHttpExchange => "raw HTTP request and response",
            PasteKind::Curl => "curl command",
            PasteKind::FetchSnippet => "fetch() call",
            PasteKind::AxiosSnippet => "axios call",
            PasteKind::Har => "HAR file",
        }
    }

    /// [`PasteKind::noun`] in a sentence: `a curl command`, `an axios call`, `header lines`.
    ///
    /// ```
    /// use authlens::input::PasteKind;
    /// assert_eq!(PasteKind::AxiosSnippet.described(), "an axios call");
    /// assert_eq!(PasteKind::HeaderLines.described(), "header lines");
    /// ```
    pub fn described(self) -> String {
        let noun = self.noun();
        match self {
            PasteKind::HeaderLines => noun.to_owned(),
            _ if noun.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {noun}"),
            _ => format!("a {noun}"),
        }
    }

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
    HeaderNotLiteral {
        /// The header name.
        header: String,
    },
    /// The request URL in a snippet is an expression, not a literal.
    UrlNotLiteral,
    /// curl `-u user` without a password: curl prompts for it, so the sent header is unknown.
    CurlPasswordPrompt,
    /// curl `-u` together with `--digest`/`--ntlm`/`--negotiate`/`--anyauth`: no Basic header is
    /// sent up front.
    CurlNonBasicAuth {
        /// The curl option that changes the scheme.
        option: String,
    },
    /// curl `-u`/`--oauth2-bearer` were overridden by an explicit `-H 'Authorization: ...'`.
    CurlAuthOverridden,
    /// curl was given more than one URL; only the first is checked.
    ExtraUrls {
        /// How many URLs were ignored.
        count: usize,
    },
    /// The text started with a UTF-8 byte order mark (U+FEFF, written by Windows editors), which
    /// was skipped before reading header lines, an HTTP message, a command or a HAR.
    ByteOrderMark,
    /// Lines end with a bare CR (classic Mac OS, some terminals' copy), read as line breaks.
    CrLineEndings,
    /// `Name : value`: whitespace between a header name and its colon, which RFC 9112 §5.1
    /// forbids (servers answer 400); read as the header `Name`.
    SpaceBeforeColon {
        /// The header name, without the whitespace.
        header: String,
    },
    /// The input was UTF-16 (PowerShell's `>` and Notepad write it) and was decoded.
    DecodedUtf16 {
        /// Big-endian (`FE FF`) rather than little-endian.
        big_endian: bool,
    },
}

impl fmt::Display for PasteNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasteNote::TrailingNewline => f.write_str(
                "the pasted text ends with a line break; it is kept as part of the key (if it only came from pasting, ignore the line-break finding)",
            ),
            PasteNote::AssumedAuthorizationHeader => f.write_str("the line was read as the value of an Authorization header"),
            PasteNote::HeaderNotLiteral { header } => {
                let header = crate::redact::Text::new(header);
                write!(f, "the `{header}` header is computed in code, not a literal, so its value could not be checked")
            }
            PasteNote::UrlNotLiteral => f.write_str("the URL is computed in code, not a literal; pass it with --url to check it"),
            PasteNote::CurlPasswordPrompt => {
                f.write_str("curl `-u` has no password, so curl asks for it; the Basic header it sends could not be checked")
            }
            PasteNote::CurlNonBasicAuth { option } => {
                let option = crate::redact::Text::new(option);
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
    /// What the paste was recognised as.
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
    /// What the reader assumed or could not check.
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
    UnterminatedQuote {
        /// The opening quote character.
        quote: char,
        /// Where the quote opens, in UTF-8 bytes.
        byte_offset: usize,
    },
    /// A curl option that takes a value (e.g. `-H`) is the last word of the command.
    MissingOptionValue {
        /// The option as written.
        option: String,
    },
    /// A raw HTTP message has a line in its header block that is neither `name: value` nor a
    /// folded continuation. `line` is 1-based, counted in the pasted text.
    InvalidHeaderLine {
        /// 1-based line number.
        line: usize,
    },
    /// A line starting `HTTP/` is not a status line (`HTTP/1.1 401 Unauthorized`). `line` is 1-based.
    InvalidStatusLine {
        /// 1-based line number.
        line: usize,
    },
    /// A document the paste reader does not analyse (an OpenAPI/YAML file...).
    UnsupportedDocument {
        /// What it looks like, e.g. `an OpenAPI (Swagger) document`.
        what: &'static str,
    },
    /// More of something than one request can have (header lines, curl arguments, snippet
    /// tokens): the paste is refused instead of holding megabytes of structure in memory.
    TooLarge {
        /// What there is too much of.
        what: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The bytes are not UTF-8 text.
    NotUtf8 {
        /// The first invalid byte.
        byte_offset: usize,
    },
    /// The bytes start with a UTF-16 byte order mark but are not valid UTF-16.
    InvalidUtf16 {
        /// Where decoding failed.
        byte_offset: usize,
    },
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
                    "the curl command has an unclosed {} quote (opened at byte {byte_offset})",
                    crate::redact::escape(&quote.to_string())
                )
            }
            InputError::MissingOptionValue { option } => {
                let option = crate::redact::Text::new(option);
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
        let kind = if crate::parse::jwt::looks_like_jwt(text.trim()) {
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
            exchange.url = format!("{}{}", crate::http::origin_prefix(url), exchange.url);
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

#[cfg(test)]
mod tests {
    use super::http::parse_status_line;
    use super::shell::{cmd_words, shell_words};
    use super::snippet::{js_tokens, Token};
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
}
