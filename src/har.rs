//! Reads HAR 1.2 exports from Chrome, Firefox and Safari into [`Exchange`]s, keeping only a
//! bounded excerpt of each response body.
//!
//! ```
//! let har = br#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},
//!   "entries":[{"startedDateTime":"2024-05-01T10:00:00.250Z",
//!     "request":{"method":"GET","url":"https://api.example.com/v1/me",
//!                "headers":[{"name":"Authorization","value":"Bearer undefined"}]},
//!     "response":{"status":401,"statusText":"Unauthorized","headers":[],
//!                 "content":{"size":0,"mimeType":"application/json","text":"{}"},"redirectURL":""}}]}}"#;
//! let log = authlens::har::read_har(har).unwrap();
//! assert_eq!(log.creator.as_deref(), Some("WebInspector 537.36"));
//! assert_eq!(log.exchanges[0].status, 401);
//! assert_eq!(log.exchanges[0].started_at_ms, Some(1_714_557_600_250));
//! assert!(log.issues.is_empty());
//! ```
//!
//! Memory: the document is parsed in two passes over the caller's buffer. The first pass only
//! records where each entry starts and ends (a borrowed [`RawValue`] per entry, no copy); the
//! second turns one entry at a time into an [`Exchange`]. A response body is never copied whole:
//! it is borrowed as raw JSON text and only the escapes of its first few KiB are decoded (the
//! first [`BODY_EXCERPT_LIMIT`] bytes are kept), so a 50 MB HAR is held once (the input) plus the
//! small exchanges.
//!
//! Nesting depth is not a document-level error: serde_json skips the values the reader does not
//! need (pages, timings, unknown `_fields`) with an explicit stack, so arbitrarily deep JSON there
//! cannot overflow the call stack; a known field nested past serde_json's limit of 128 levels (a
//! runaway Chrome async `_initiator.stack.parent` chain) makes only that entry malformed.
//!
//! A malformed entry is skipped and reported in [`HarLog::issues`] (it becomes a `har.malformed`
//! finding); only a file that is not a HAR at all is an error ([`HarError`]).

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{excerpt, Exchange, Header, BODY_EXCERPT_LIMIT};

/// A HAR file turned into exchanges, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HarLog {
    /// `log.creator` as `"name version"` (e.g. `"WebInspector 537.36"` for Chrome, `"Firefox 128.0"`,
    /// `"WebKit Web Inspector 18.0"` for Safari), when present.
    pub creator: Option<String>,
    /// `log.browser` as `"name version"`, when present (Firefox writes it; Chrome and Safari do not).
    pub browser: Option<String>,
    /// One exchange per well-formed entry, in file order.
    pub exchanges: Vec<Exchange>,
    /// The `log.entries` index of each exchange (parallel to `exchanges`): differs from the
    /// exchange's position once an entry was skipped.
    pub entry_indexes: Vec<usize>,
    /// Entries that were skipped or only partly understood.
    pub issues: Vec<HarIssue>,
}

/// An entry the reader skipped or only partly understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HarIssue {
    /// Index of the entry in `log.entries` (0-based, counting skipped entries too).
    pub entry_index: usize,
    /// Whether the entry was dropped (`true`) or kept with the problem noted (`false`).
    pub skipped: bool,
    /// What is wrong, in one sentence, with the line of the file the entry starts on.
    pub message: String,
}

impl fmt::Display for HarIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry {}: {}", self.entry_index, self.message)
    }
}

/// Why a file could not be read as a HAR at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HarError {
    /// The input is empty or only whitespace (after an optional UTF-8 byte order mark).
    Empty,
    /// The input is not UTF-8 (HAR files must be UTF-8). `byte_offset` counts UTF-8 bytes from the
    /// start of the input (byte order mark included); `utf16` is set when the input starts with a
    /// UTF-16 byte order mark.
    NotUtf8 {
        /// Where the first invalid byte is, in bytes from the start.
        byte_offset: usize,
        /// The input starts with a UTF-16 byte order mark.
        utf16: bool,
    },
    /// The input is not valid JSON. `line` and `column` are 1-based; `column` counts UTF-8 bytes
    /// within the line, as serde_json reports it.
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column, in UTF-8 bytes within the line.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// Valid JSON, but no `log.entries` array. `looks_like` says what the document seems to be
    /// instead (e.g. "a JSON array", "a Postman collection").
    NotHar {
        /// What the document seems to be instead.
        looks_like: String,
    },
}

impl fmt::Display for HarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarError::Empty => f.write_str("the input is empty; expected a HAR file (JSON with a `log.entries` array)"),
            HarError::NotUtf8 { byte_offset, utf16: true } => write!(
                f,
                "the file is UTF-16, but HAR files must be UTF-8 (invalid byte at offset {byte_offset}); re-export it from the browser or convert it to UTF-8"
            ),
            HarError::NotUtf8 { byte_offset, utf16: false } => {
                write!(f, "the file is not UTF-8 text (invalid byte at offset {byte_offset}); HAR files must be UTF-8")
            }
            HarError::NotJson { line, column, message } => {
                write!(f, "not valid JSON at line {line}, column {column}: {message}")
            }
            HarError::NotHar { looks_like } => {
                write!(f, "not a HAR file: {looks_like}; expected an object with a `log.entries` array")
            }
        }
    }
}

impl std::error::Error for HarError {}

const UTF8_BOM: &str = "\u{feff}";

/// Reads a HAR file from bytes (a UTF-8 byte order mark is allowed and ignored).
pub fn read_har(bytes: &[u8]) -> Result<HarLog, HarError> {
    let text = std::str::from_utf8(bytes).map_err(|e| HarError::NotUtf8 {
        byte_offset: e.valid_up_to(),
        utf16: bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]),
    })?;
    read_har_str(text)
}

/// Reads a HAR file already decoded to a string (what a browser's `FileReader.readAsText` gives).
pub fn read_har_str(text: &str) -> Result<HarLog, HarError> {
    Ok(HarDocument::parse(text)?.into_log())
}

/// A HAR document whose entries are located but not yet converted: the streaming-friendly form.
/// Convert entries one at a time with [`HarDocument::entries`] (e.g. in slices between animation
/// frames on the wasm side) or all at once with [`HarDocument::into_log`].
///
/// ```
/// use authlens::har::HarDocument;
/// let text = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":0}}, 7]}}"#;
/// let doc = HarDocument::parse(text).unwrap();
/// assert_eq!(doc.len(), 2);
/// let results: Vec<_> = doc.entries().collect();
/// assert_eq!(results[0].as_ref().unwrap().status, 0);
/// assert!(results[1].is_err());
/// ```
#[derive(Debug)]
pub struct HarDocument<'a> {
    text: &'a str,
    creator: Option<String>,
    browser: Option<String>,
    entries: Vec<&'a RawValue>,
}

/// One converted entry: the exchange, plus a note when part of it was not understood.
pub type EntryResult = Result<Exchange, HarIssue>;

impl<'a> HarDocument<'a> {
    /// Locates `log.creator`, `log.browser` and every entry of `log.entries`.
    pub fn parse(text: &'a str) -> Result<Self, HarError> {
        let text = text.strip_prefix(UTF8_BOM).unwrap_or(text);
        let trimmed = text.trim_start_matches([' ', '\t', '\r', '\n']);
        let Some(first) = trimmed.chars().next() else {
            return Err(HarError::Empty);
        };
        if first != '{' {
            let _: &RawValue = serde_json::from_str(text).map_err(json_error)?;
            return Err(HarError::NotHar {
                looks_like: describe_non_object(first),
            });
        }
        let top: BTreeMap<String, &'a RawValue> = serde_json::from_str(text).map_err(json_error)?;
        let Some(log_raw) = top.get("log") else {
            return Err(HarError::NotHar {
                looks_like: describe_object(&top),
            });
        };
        let log: BTreeMap<String, &'a RawValue> =
            serde_json::from_str(log_raw.get()).map_err(|_| HarError::NotHar {
                looks_like: format!("`log` is {}, not an object", json_kind(log_raw.get())),
            })?;
        let Some(entries_raw) = log.get("entries") else {
            return Err(HarError::NotHar {
                looks_like: "`log` has no `entries` member".to_owned(),
            });
        };
        let entries: Vec<&'a RawValue> =
            serde_json::from_str(entries_raw.get()).map_err(|_| HarError::NotHar {
                looks_like: format!(
                    "`log.entries` is {}, not an array",
                    json_kind(entries_raw.get())
                ),
            })?;
        let name_version = |key: &str| {
            log.get(key)
                .and_then(|raw| serde_json::from_str::<NameVersion>(raw.get()).ok())
                .and_then(NameVersion::joined)
        };
        Ok(HarDocument {
            text,
            creator: name_version("creator"),
            browser: name_version("browser"),
            entries,
        })
    }

    /// Number of entries in `log.entries`, malformed ones included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether `log.entries` is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `log.creator` as `"name version"`.
    pub fn creator(&self) -> Option<&str> {
        self.creator.as_deref()
    }

    /// `log.browser` as `"name version"`.
    pub fn browser(&self) -> Option<&str> {
        self.browser.as_deref()
    }

    /// Converts the entry at `index`; `None` past the end. A malformed entry gives `Err` with the
    /// reason (and the file line it starts on).
    pub fn entry(&self, index: usize) -> Option<EntryResult> {
        let raw = self.entries.get(index)?;
        Some(self.convert(index, raw).map(|(exchange, _)| exchange))
    }

    /// Converts every entry, in order.
    pub fn entries(&self) -> impl Iterator<Item = EntryResult> + '_ {
        (0..self.entries.len()).filter_map(move |i| self.entry(i))
    }

    /// Converts every entry, collecting the malformed ones and partial problems as issues.
    pub fn into_log(self) -> HarLog {
        let mut exchanges = Vec::with_capacity(self.entries.len());
        let mut entry_indexes = Vec::with_capacity(self.entries.len());
        let mut issues = Vec::new();
        for (index, raw) in self.entries.iter().enumerate() {
            match self.convert(index, raw) {
                Ok((exchange, note)) => {
                    if let Some(message) = note {
                        issues.push(HarIssue {
                            entry_index: index,
                            skipped: false,
                            message,
                        });
                    }
                    exchanges.push(exchange);
                    entry_indexes.push(index);
                }
                Err(issue) => issues.push(issue),
            }
        }
        HarLog {
            creator: self.creator,
            browser: self.browser,
            exchanges,
            entry_indexes,
            issues,
        }
    }

    fn convert(
        &self,
        index: usize,
        raw: &RawValue,
    ) -> Result<(Exchange, Option<String>), HarIssue> {
        match serde_json::from_str::<RawEntry<'_>>(raw.get()) {
            Ok(entry) => Ok(entry.into_exchange()),
            Err(e) => Err(HarIssue {
                entry_index: index,
                skipped: true,
                message: format!(
                    "skipped (line {} of the file): {}",
                    self.line_of(raw),
                    strip_position(&e)
                ),
            }),
        }
    }

    /// 1-based line of the file on which `raw` starts.
    fn line_of(&self, raw: &RawValue) -> usize {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let before = self.text.as_bytes().get(..offset).unwrap_or_default();
        1 + before.iter().filter(|&&b| b == b'\n').count()
    }
}

fn json_error(e: serde_json::Error) -> HarError {
    HarError::NotJson {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e),
    }
}

/// serde_json appends " at line L column C" (relative to the parsed slice); positions are
/// reported separately, so drop it. Its messages quote the offending value whole
/// (`invalid type: string "eyJ…"`, a 5 MB body included): quoted strings are replaced by their
/// length and backquoted names are shown as bounded, redacted [`crate::redact::Text`].
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    if text.starts_with("recursion limit exceeded") {
        return "nested more than 128 levels deep".to_owned();
    }
    let text = match text.rfind(" at line ") {
        Some(cut) => text.get(..cut).unwrap_or(&text),
        None => &text,
    };
    without_quoted_input(text)
}

/// `text` with every `"…"` (Rust-debug quoted, `\"` escapes) replaced by `"…" (N chars)` and
/// every `` `…` `` shown as a short redacted excerpt: a message never quotes the input.
pub(crate) fn without_quoted_input(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(256));
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => {
                let mut n = 0usize;
                while let Some((_, d)) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                            n += 1;
                        }
                        '"' => break,
                        _ => n += 1,
                    }
                }
                out.push_str(&format!("\"…\" ({n} chars)"));
            }
            '`' => {
                let mut inner = String::new();
                for (_, d) in chars.by_ref() {
                    if d == '`' {
                        break;
                    }
                    if inner.len() < 64 {
                        inner.push(d);
                    }
                }
                let shown = crate::redact::Text::new(&inner).shown();
                out.push('`');
                out.push_str(&shown);
                out.push('`');
            }
            _ => out.push(c),
        }
    }
    out
}

fn describe_non_object(first: char) -> String {
    match first {
        '[' => "this is a JSON array".to_owned(),
        '"' => "this is a JSON string".to_owned(),
        't' | 'f' => "this is a JSON boolean".to_owned(),
        'n' => "this is JSON `null`".to_owned(),
        _ => "this is a JSON number".to_owned(),
    }
}

fn json_kind(raw: &str) -> &'static str {
    match raw.trim_start().as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

fn describe_object(top: &BTreeMap<String, &RawValue>) -> String {
    let has = |k: &str| top.contains_key(k);
    if has("info") && has("item") {
        return "this looks like a Postman collection (export the requests from the browser's Network panel as HAR instead)".to_owned();
    }
    if has("__export_format") || top.get("_type").is_some_and(|t| t.get() == "\"export\"") {
        return "this looks like an Insomnia export".to_owned();
    }
    if has("openapi") || has("swagger") {
        return "this looks like an OpenAPI description".to_owned();
    }
    if has("traceEvents") {
        return "this looks like a Chrome performance trace (use Network panel > Export HAR)"
            .to_owned();
    }
    if has("entries") {
        return "this looks like the inside of a HAR log (`entries` without the outer `{\"log\": ...}` wrapper)".to_owned();
    }
    if top.is_empty() {
        return "this is an empty JSON object".to_owned();
    }
    let keys: Vec<String> = top
        .keys()
        .take(5)
        .map(|k| without_quoted_input(&format!("`{}`", k.replace('`', "'"))))
        .collect();
    let more = if top.len() > 5 { ", ..." } else { "" };
    format!(
        "this is a JSON object with {}{more} but no `log`",
        keys.join(", ")
    )
}

#[derive(Deserialize)]
struct NameVersion {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

impl NameVersion {
    fn joined(self) -> Option<String> {
        match (
            self.name.filter(|n| !n.is_empty()),
            self.version.filter(|v| !v.is_empty()),
        ) {
            (Some(n), Some(v)) => Some(format!("{n} {v}")),
            (Some(n), None) => Some(n),
            (None, Some(v)) => Some(v),
            (None, None) => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEntry<'a> {
    #[serde(default)]
    started_date_time: Option<String>,
    /// Total elapsed milliseconds; `-1` or a non-number when unknown.
    #[serde(default, deserialize_with = "lenient_duration")]
    time: Option<f64>,
    #[serde(borrow)]
    request: RawRequest<'a>,
    /// HAR requires it, but exports of aborted requests sometimes write `null` or omit it.
    #[serde(default, borrow)]
    response: Option<RawResponse<'a>>,
    #[serde(default, rename = "_resourceType")]
    resource_type: Option<String>,
    #[serde(default, rename = "_initiator")]
    initiator: Option<Initiator>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRequest<'a> {
    method: String,
    url: String,
    #[serde(default)]
    headers: Option<Vec<RawHeader>>,
    /// HAR `postData`: `mimeType`, `text` (and `params`, not read: `text` holds the same body).
    #[serde(default, borrow)]
    post_data: Option<RawContent<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawResponse<'a> {
    #[serde(default, deserialize_with = "lenient_status")]
    status: u16,
    #[serde(default)]
    status_text: Option<String>,
    #[serde(default)]
    headers: Option<Vec<RawHeader>>,
    #[serde(default, borrow)]
    content: Option<RawContent<'a>>,
    #[serde(default, rename = "redirectURL")]
    redirect_url: Option<String>,
}

#[derive(Deserialize)]
struct RawHeader {
    name: String,
    /// A `null` value is read as empty.
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize)]
struct RawContent<'a> {
    /// The body as raw JSON text, borrowed from the input: never unescaped or copied whole.
    #[serde(default, borrow)]
    text: Option<&'a RawValue>,
    #[serde(default)]
    encoding: Option<String>,
}

/// Enough base64 characters to decode to [`BODY_EXCERPT_LIMIT`] bytes.
const BASE64_PREFIX_LIMIT: usize = BODY_EXCERPT_LIMIT.div_ceil(3) * 4;

/// About the first [`BASE64_PREFIX_LIMIT`] bytes of a JSON string, unescaped; `None` when the
/// value is not a string. Only a prefix of the escaped text is decoded: the cut is placed between
/// escape sequences (never inside one, nor between the two halves of a `\uD83D\uDE00` pair) and on
/// a UTF-8 character boundary, so a 10 MB body costs one scan (to find its end), not a copy.
fn body_prefix(raw: &RawValue) -> Option<String> {
    let json = raw.get();
    let inner = json.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = inner.as_bytes();
    let (mut i, mut decoded) = (0, 0);
    while i < bytes.len() && decoded < BASE64_PREFIX_LIMIT {
        if bytes.get(i) == Some(&b'\\') {
            if bytes.get(i + 1) == Some(&b'u') {
                let unit = inner
                    .get(i + 2..i + 6)
                    .and_then(|h| u16::from_str_radix(h, 16).ok());
                let high_surrogate = unit.is_some_and(|u| (0xD800..0xDC00).contains(&u));
                let paired = high_surrogate && inner.get(i + 6..i + 8) == Some("\\u");
                i += if paired { 12 } else { 6 };
                decoded += match unit {
                    _ if paired => 4,
                    Some(u) if u < 0x80 => 1,
                    Some(u) if u < 0x800 => 2,
                    _ => 3,
                };
            } else {
                i += 2;
                decoded += 1;
            }
        } else {
            i += 1;
            decoded += 1;
        }
    }
    let mut cut = i.min(inner.len());
    while !inner.is_char_boundary(cut) {
        cut -= 1;
    }
    let prefix = inner.get(..cut)?;
    let mut quoted = String::with_capacity(prefix.len() + 2);
    quoted.push('"');
    quoted.push_str(prefix);
    quoted.push('"');
    // The cut rules keep the prefix valid JSON; should an odd escape defeat them, decode it all.
    serde_json::from_str::<String>(&quoted)
        .or_else(|_| serde_json::from_str::<String>(json))
        .ok()
}

impl RawContent<'_> {
    fn excerpt(self) -> Option<String> {
        let prefix = body_prefix(self.text?)?;
        if self
            .encoding
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case("base64"))
        {
            return decode_base64_excerpt(&prefix);
        }
        Some(excerpt(&prefix).to_owned())
    }
}

/// Chrome stores binary (and sometimes JSON) bodies as base64. Decode the prefix and keep it only
/// when it is text.
fn decode_base64_excerpt(prefix: &str) -> Option<String> {
    let clean: String = prefix
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let usable = clean.len() / 4 * 4;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(clean.get(..usable)?)
        .ok()?;
    let text = match std::str::from_utf8(&decoded) {
        Ok(t) => t,
        // The prefix may end inside a multi-byte character; anything earlier is a real error.
        Err(e) if decoded.len() - e.valid_up_to() < 4 && e.error_len().is_none() => {
            std::str::from_utf8(decoded.get(..e.valid_up_to())?).ok()?
        }
        Err(_) => return None,
    };
    Some(excerpt(text).to_owned())
}

/// `status` as HAR writers produce it: a number (0 when no response arrived; some tools write
/// `-1` or `null` for that), occasionally a numeric string.
fn lenient_status<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    struct StatusVisitor;
    impl Visitor<'_> for StatusVisitor {
        type Value = u16;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an HTTP status code (0 to 999)")
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<u16, E> {
            u16::try_from(v)
                .ok()
                .filter(|&s| s <= 999)
                .ok_or_else(|| E::custom(format!("status {v} is not an HTTP status code")))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<u16, E> {
            if v < 0 {
                return Ok(0);
            }
            self.visit_u64(v.unsigned_abs())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<u16, E> {
            if v.fract() == 0.0 && (-1.0..=999.0).contains(&v) {
                return Ok(if v < 0.0 { 0 } else { v as u16 });
            }
            Err(E::custom(format!("status {v} is not an HTTP status code")))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<u16, E> {
            v.trim()
                .parse::<u16>()
                .ok()
                .filter(|&s| s <= 999)
                .ok_or_else(|| E::custom(format!("status {v:?} is not an HTTP status code")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<u16, E> {
            Ok(0)
        }
    }
    d.deserialize_any(StatusVisitor)
}

/// Chrome's `_initiator`: `{"type":"script","stack":{"callFrames":[{"url":..}]}}`,
/// `{"type":"parser","url":..}` or `{"type":"other"}`; some tools write a plain string.
struct Initiator(Option<String>);

#[derive(Deserialize)]
struct InitiatorObject {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    stack: Option<InitiatorStack>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InitiatorStack {
    #[serde(default)]
    call_frames: Option<Vec<CallFrame>>,
    /// Async stacks: the frames that scheduled this one.
    #[serde(default)]
    parent: Option<Box<InitiatorStack>>,
}

#[derive(Deserialize)]
struct CallFrame {
    #[serde(default)]
    url: Option<String>,
}

impl InitiatorStack {
    fn first_url(self) -> Option<String> {
        let own = self
            .call_frames
            .into_iter()
            .flatten()
            .filter_map(|f| f.url)
            .find(|u| !u.is_empty());
        own.or_else(|| self.parent.and_then(|p| p.first_url()))
    }
}

impl<'de> Deserialize<'de> for Initiator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct InitiatorVisitor;
        impl<'de> Visitor<'de> for InitiatorVisitor {
            type Value = Initiator;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an initiator object or string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Initiator, E> {
                Ok(Initiator(Some(v.to_owned()).filter(|s| !s.is_empty())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Initiator, E> {
                Ok(Initiator(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Initiator, A::Error> {
                let obj = InitiatorObject::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let url = obj
                    .url
                    .filter(|u| !u.is_empty())
                    .or_else(|| obj.stack.and_then(InitiatorStack::first_url));
                Ok(Initiator(url.or(obj.kind.filter(|k| !k.is_empty()))))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Initiator, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Initiator(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Initiator, E> {
                Ok(Initiator(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Initiator, E> {
                Ok(Initiator(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Initiator, E> {
                Ok(Initiator(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Initiator, E> {
                Ok(Initiator(None))
            }
        }
        d.deserialize_any(InitiatorVisitor)
    }
}

fn headers(raw: Option<Vec<RawHeader>>) -> Vec<Header> {
    raw.unwrap_or_default()
        .into_iter()
        .map(|h| Header {
            name: h.name,
            value: h.value.unwrap_or_default(),
        })
        .collect()
}

impl RawEntry<'_> {
    /// The exchange, and a note when a field was present but not understood.
    fn into_exchange(self) -> (Exchange, Option<String>) {
        let mut note = None;
        let started_at_ms = match self.started_date_time.as_deref() {
            None | Some("") => None,
            Some(text) => {
                let parsed = parse_rfc3339_ms(text);
                if parsed.is_none() {
                    note = Some(format!(
                        "`startedDateTime` ({} chars) is not an RFC 3339 date; the request time is unknown",
                        text.chars().count()
                    ));
                }
                parsed
            }
        };
        let mut exchange = Exchange {
            method: self.request.method,
            url: self.request.url,
            request_headers: headers(self.request.headers),
            request_body_excerpt: self.request.post_data.and_then(RawContent::excerpt),
            started_at_ms,
            duration_ms: self.time,
            resource_type: self.resource_type.filter(|t| !t.is_empty()),
            initiator: self.initiator.and_then(|i| i.0),
            ..Exchange::default()
        };
        if let Some(response) = self.response {
            exchange.status = response.status;
            exchange.status_text = response.status_text.unwrap_or_default();
            exchange.response_headers = headers(response.headers);
            exchange.response_body_excerpt = response.content.and_then(RawContent::excerpt);
            exchange.redirect_url = response.redirect_url.filter(|u| !u.is_empty());
        }
        if exchange.redirect_url.is_none() && (300..400).contains(&exchange.status) {
            exchange.redirect_url = exchange.response_header("location").map(str::to_owned);
        }
        (exchange, note)
    }
}

/// HAR `time`: a finite, non-negative number of milliseconds, or nothing (exporters write `-1`,
/// `null` or a string when they do not know it).
fn lenient_duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value
        .and_then(|v| v.as_f64())
        .filter(|t| t.is_finite() && *t >= 0.0))
}

/// Milliseconds since the Unix epoch for an RFC 3339 date-time such as
/// `2024-05-01T12:00:00.123+02:00` (HAR `startedDateTime`). Also accepts a space or lowercase `t`
/// between date and time, lowercase `z`, an offset without a colon (`+0200`) and any number of
/// fractional digits (truncated to milliseconds). `None` when the text is not such a date.
///
/// ```
/// use authlens::har::parse_rfc3339_ms;
/// assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:01.5Z"), Some(1500));
/// assert_eq!(parse_rfc3339_ms("2024-05-01T12:00:00+02:00"), Some(1_714_557_600_000));
/// assert_eq!(parse_rfc3339_ms("yesterday"), None);
/// ```
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = b.get(range)?;
        digits.iter().try_fold(0i64, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + i64::from(d - b'0'))
        })
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut pos = 19;
    let mut millis = 0;
    if b.get(pos) == Some(&b'.') {
        pos += 1;
        let start = pos;
        while b.get(pos).is_some_and(u8::is_ascii_digit) {
            if pos - start < 3 {
                millis = millis * 10 + i64::from(b[pos] - b'0');
            }
            pos += 1;
        }
        let digits = pos - start;
        if digits == 0 {
            return None;
        }
        for _ in digits..3 {
            millis *= 10;
        }
    }
    let offset_minutes = match b.get(pos)? {
        b'Z' | b'z' if pos + 1 == b.len() => 0,
        sign @ (b'+' | b'-') => {
            let rest = b.get(pos + 1..)?;
            let (h, m) = match rest.len() {
                5 if rest.get(2) == Some(&b':') => (num(pos + 1..pos + 3)?, num(pos + 4..pos + 6)?),
                4 => (num(pos + 1..pos + 3)?, num(pos + 3..pos + 5)?),
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            if *sign == b'-' {
                -(h * 60 + m)
            } else {
                h * 60 + m
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_offsets_and_fractions() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("1970-01-01T00:00:00.123456789Z"),
            Some(123)
        );
        assert_eq!(parse_rfc3339_ms("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:00:00-01:00"), Some(0));
        assert_eq!(parse_rfc3339_ms("1970-01-01 01:00:00+0100"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2000-02-29T00:00:00Z"),
            Some(951_782_400_000)
        );
        assert_eq!(parse_rfc3339_ms("2001-02-29T00:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("2024-05-01T10:00:00"), None);
        assert_eq!(parse_rfc3339_ms("2024-05-01T10:00:00.Z"), None);
        assert_eq!(parse_rfc3339_ms("2024-05-01T10:00:00Zjunk"), None);
        assert_eq!(parse_rfc3339_ms("2024-13-01T10:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms("2024-05-01T10:00:00+1:00"), None);
        assert_eq!(parse_rfc3339_ms("2024-05-01T1é:00:00Z"), None);
        assert_eq!(parse_rfc3339_ms(""), None);
    }

    fn prefix_of(json: &str) -> Option<String> {
        body_prefix(serde_json::from_str::<&RawValue>(json).unwrap())
    }

    #[test]
    fn body_prefix_decodes_only_the_start_and_never_splits_an_escape() {
        let body: String = "\\u00e9".repeat(10_000);
        let decoded = prefix_of(&format!("\"{body}\"")).unwrap();
        assert!(decoded.chars().all(|c| c == 'é'));
        assert!(
            decoded.len() >= BASE64_PREFIX_LIMIT && decoded.len() < BASE64_PREFIX_LIMIT + 4,
            "{}",
            decoded.len()
        );

        // A surrogate pair straddling the limit is kept whole or not at all.
        for pad in BASE64_PREFIX_LIMIT - 6..BASE64_PREFIX_LIMIT + 2 {
            let json = format!("\"{}\\ud83d\\ude00{}\"", "a".repeat(pad), "b".repeat(100));
            let decoded = prefix_of(&json).unwrap();
            assert!(
                decoded.starts_with(&"a".repeat(pad.min(BASE64_PREFIX_LIMIT))),
                "{pad}"
            );
            assert!(!decoded.contains('\u{fffd}'));
        }

        // Raw multi-byte characters: the cut lands on a character boundary.
        let decoded = prefix_of(&format!("\"{}\"", "€".repeat(5_000))).unwrap();
        assert!(decoded.chars().all(|c| c == '€'));

        assert_eq!(
            prefix_of("\"short \\\"quoted\\\"\""),
            Some("short \"quoted\"".to_owned())
        );
        assert_eq!(prefix_of("42"), None);
        assert_eq!(prefix_of("{\"a\":1}"), None);
    }

    #[test]
    fn base64_body_prefix_cut_inside_a_character_is_kept_up_to_it() {
        let body = "é".repeat(3000);
        let encoded = base64::engine::general_purpose::STANDARD.encode(body.as_bytes());
        let prefix = &encoded[..BASE64_PREFIX_LIMIT];
        let text = decode_base64_excerpt(prefix).unwrap();
        assert!(text.len() <= BODY_EXCERPT_LIMIT && text.len() >= BODY_EXCERPT_LIMIT - 4);
        assert!(text.chars().all(|c| c == 'é'));
        let binary = base64::engine::general_purpose::STANDARD
            .encode([0xFFu8, 0x00, 0xC3, 0x28, 1, 2, 3, 4]);
        assert_eq!(decode_base64_excerpt(&binary), None);
    }
}
