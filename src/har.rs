//! Reads HAR 1.2 exports from Chrome, Firefox and Safari into [`Exchange`]s in one streaming
//! pass, keeping only a bounded excerpt of each response body.
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
//! How it reads: one hand-written JSON scanner over the bytes. The fields the rules use
//! (method, URL, headers, status, the first few KiB of the body, dates, initiator) are decoded;
//! everything else is skipped without decoding, and a long string (a response body, most of a
//! HAR's bytes) is skipped with a `memchr` search for its closing quote, counting the
//! backslashes before each quote to tell an escaped quote from the end. [`HarReader`] takes the
//! file in chunks of any size and emits each entry as soon as it is complete, so neither the
//! page nor the CLI ever holds the file: memory is one chunk, the entry being read and the
//! small exchanges.
//!
//! What is checked: the document's JSON structure, everywhere (a syntax error is
//! [`HarError::NotJson`] with its line and column). What is not: escapes and UTF-8 inside the
//! strings the reader skips (bodies, cookies, timings), which it never decodes; the strings it
//! decodes must be UTF-8. Raw control characters inside strings, which strict JSON forbids and a
//! few HAR writers emit in bodies, are accepted.
//!
//! Nesting depth is not a document-level problem: skipped values (pages, `_fields`) are walked
//! without recursion, so arbitrarily deep JSON cannot overflow the call stack; a Chrome async
//! `_initiator.stack.parent` chain nested more than [`MAX_DEPTH`] levels makes only that entry
//! malformed.
//!
//! A malformed entry is skipped and reported in [`HarLog::issues`] (it becomes a `har.malformed`
//! finding), and so is a file that ends early (a truncated download): every complete entry is
//! read, and one issue says where the file ends. Only a file that is not a HAR at all is an
//! error ([`HarError`]). No message quotes the file: problems name fields, kinds and positions,
//! and the one value a message shows (an unreadable date, a top-level key) is redacted.

use std::fmt;

use base64::Engine;

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
    /// 1-based line of the file where the entry starts (for a truncated file: where it ends).
    pub line: usize,
    /// What is wrong, as data.
    pub problem: EntryProblem,
    /// What is wrong, in one sentence, with the line of the file the entry starts on.
    pub message: String,
}

impl HarIssue {
    fn new(entry_index: usize, line: usize, problem: EntryProblem) -> Self {
        let skipped = !matches!(
            problem,
            EntryProblem::BadDate { .. } | EntryProblem::EndsAfterEntries { .. }
        );
        let message = match &problem {
            EntryProblem::BadDate { .. } | EntryProblem::EndsEarly { .. } => problem.to_string(),
            EntryProblem::EndsAfterEntries { .. } => problem.to_string(),
            _ => format!("skipped (line {line} of the file): {problem}"),
        };
        HarIssue {
            entry_index,
            skipped,
            line,
            problem,
            message,
        }
    }
}

impl fmt::Display for HarIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry {}: {}", self.entry_index, self.message)
    }
}

/// What a JSON value is, for messages that must not quote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `{...}`
    Object,
    /// `[...]`
    Array,
    /// `"..."`
    String,
    /// `12.5`
    Number,
    /// `true` or `false`
    Bool,
    /// `null`
    Null,
}

impl JsonKind {
    fn of(first: u8) -> JsonKind {
        match first {
            b'{' => JsonKind::Object,
            b'[' => JsonKind::Array,
            b'"' => JsonKind::String,
            b't' | b'f' => JsonKind::Bool,
            b'n' => JsonKind::Null,
            _ => JsonKind::Number,
        }
    }

    /// `"an object"`, `"a string"`, ...
    pub fn with_article(self) -> &'static str {
        match self {
            JsonKind::Object => "an object",
            JsonKind::Array => "an array",
            JsonKind::String => "a string",
            JsonKind::Number => "a number",
            JsonKind::Bool => "a boolean",
            JsonKind::Null => "null",
        }
    }
}

/// Why an entry was skipped or noted. Field paths are the reader's own words (`request.headers[2]`),
/// never the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryProblem {
    /// The entry itself is not an object.
    NotAnObject {
        /// What it is instead.
        found: JsonKind,
    },
    /// A required field is absent (or `null`).
    Missing {
        /// The field's name.
        field: String,
    },
    /// A field holds the wrong kind of value.
    WrongType {
        /// Its path in the entry, e.g. `request.headers[2].value`.
        field: String,
        /// What it holds.
        found: JsonKind,
        /// What it should hold, e.g. `"a string"`.
        expected: &'static str,
    },
    /// `response.status` is not a number from 0 to 999 (or such a number as a string).
    BadStatus {
        /// What it holds.
        found: JsonKind,
    },
    /// `_initiator.stack.parent` chains nested more than [`MAX_DEPTH`] levels.
    TooDeep,
    /// `startedDateTime` is not an RFC 3339 date (the entry is kept). `shown` is the value
    /// redacted ([`crate::redact::redact`]).
    BadDate {
        /// The value, redacted.
        shown: String,
    },
    /// The file ends inside `log.entries` (entry `entry_index` is incomplete or missing).
    EndsEarly {
        /// 1-based line of the end.
        line: usize,
        /// Column of the last byte.
        column: usize,
        /// The file's length in bytes.
        offset: u64,
    },
    /// A single entry given on its own ([`read_entry`]) is not one JSON value.
    NotJson {
        /// 1-based column (in bytes) of the problem.
        column: usize,
        /// What is wrong there, in the reader's words.
        message: &'static str,
    },
    /// The file ends after the last entry, before the document closes (every entry was read).
    EndsAfterEntries {
        /// 1-based line of the end.
        line: usize,
        /// Column of the last byte.
        column: usize,
        /// The file's length in bytes.
        offset: u64,
    },
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EntryProblem::NotAnObject { found } => {
                write!(f, "the entry is {}, not an object", found.with_article())
            }
            EntryProblem::Missing { field } => write!(f, "missing field `{field}`"),
            EntryProblem::WrongType {
                field,
                found,
                expected,
            } => write!(f, "`{field}` is {}, not {expected}", found.with_article()),
            EntryProblem::BadStatus { found } => write!(
                f,
                "`response.status` is {}, not an HTTP status code (0 to 999)",
                match found {
                    JsonKind::Number => "a number out of range",
                    JsonKind::String => "a string that is not a status code",
                    other => other.with_article(),
                }
            ),
            EntryProblem::TooDeep => write!(
                f,
                "its `_initiator` stack is nested more than {MAX_DEPTH} levels deep"
            ),
            EntryProblem::BadDate { shown } => write!(
                f,
                "`startedDateTime` {shown} is not an RFC 3339 date; the request time is unknown"
            ),
            EntryProblem::EndsEarly {
                line,
                column,
                offset,
            } => write!(
                f,
                "the file ends early, at line {line}, column {column} (byte {offset}): this entry is incomplete and any later ones are missing; every entry before it was read (was the download or export cut short?)"
            ),
            EntryProblem::NotJson { column, message } => {
                write!(f, "the entry is not valid JSON at column {column}: {message}")
            }
            EntryProblem::EndsAfterEntries {
                line,
                column,
                offset,
            } => write!(
                f,
                "the file ends early, at line {line}, column {column} (byte {offset}), after the last entry: every entry was read, but the document is not closed"
            ),
        }
    }
}

/// Why a file could not be read as a HAR at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HarError {
    /// The input is empty or only whitespace (after an optional UTF-8 byte order mark).
    Empty,
    /// The input is not UTF-8 (HAR files must be UTF-8). `byte_offset` counts bytes from the
    /// start of the input (byte order mark included); `utf16` is set when the input starts with a
    /// UTF-16 byte order mark.
    NotUtf8 {
        /// Where the first invalid byte is, in bytes from the start.
        byte_offset: u64,
        /// The input starts with a UTF-16 byte order mark.
        utf16: bool,
    },
    /// The input is not valid JSON. `line` and `column` are 1-based; `column` counts bytes
    /// within the line. `message` is the reader's own words (it never quotes the input).
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column, in bytes within the line.
        column: usize,
        /// What is wrong there, in the reader's words.
        message: &'static str,
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

/// Deepest `_initiator.stack.parent` nesting read (counted from the entry object).
pub const MAX_DEPTH: usize = 128;

/// Enough base64 characters to decode to [`BODY_EXCERPT_LIMIT`] bytes.
const BASE64_PREFIX_LIMIT: usize = BODY_EXCERPT_LIMIT.div_ceil(3) * 4;

/// A body held as a JavaScript string may be cut to its first this many UTF-16 units before it
/// is handed to [`read_entry`]: the entry reads the same. Each unit is at least one UTF-8 byte
/// and only the last unit of the cut can be half a surrogate pair, so the cut keeps at least
/// every byte the reader decodes (a plain text's first [`BODY_EXCERPT_LIMIT`] bytes, a base64
/// text's first `BASE64_PREFIX_LIMIT` characters).
pub const BODY_PREFIX_UTF16_UNITS: usize = if BASE64_PREFIX_LIMIT > BODY_EXCERPT_LIMIT {
    BASE64_PREFIX_LIMIT + 1
} else {
    BODY_EXCERPT_LIMIT + 1
};

/// Reads one HAR entry given on its own (a JSON object, as DevTools' `onRequestFinished` and
/// `getHAR` deliver it to the panel) exactly as [`HarReader`] reads each entry of a file: the
/// same fields, the same body excerpt (base64 bodies decoded, cut at a UTF-8 boundary), the same
/// defaults for what is missing. An unreadable `startedDateTime` leaves the time unknown (a file's
/// reader notes it as an issue).
///
/// ```
/// let ex = authlens::har::read_entry(r#"{"request":{"method":"GET","url":"https://a.example/",
///   "headers":[]},"response":{"status":401,"content":{"text":"e30=","encoding":"base64"}}}"#).unwrap();
/// assert_eq!((ex.status, ex.response_body_excerpt.as_deref()), (401, Some("{}")));
/// assert!(authlens::har::read_entry(r#"{"response":{}}"#).is_err());
/// ```
pub fn read_entry(json: &str) -> Result<Exchange, EntryProblem> {
    let bytes = json.as_bytes();
    let mut stack = Vec::new();
    let mut cur = Cursor::whole(bytes, &mut stack);
    let mut ex = Exchange::default();
    cur.ws();
    let read = cur.entry(&mut ex).and_then(|read| {
        cur.ws();
        if cur.pos < bytes.len() {
            Err(cur.syntax("trailing characters after the entry"))
        } else {
            Ok(read)
        }
    });
    match read {
        Ok(Ok(_note)) => Ok(ex),
        Ok(Err(problem)) => Err(problem),
        Err(Stop::Syntax {
            column, message, ..
        }) => Err(EntryProblem::NotJson { column, message }),
        Err(Stop::More | Stop::Eof) => Err(EntryProblem::NotJson {
            column: bytes.len() + 1,
            message: "the entry ends early",
        }),
        Err(Stop::NotUtf8(offset)) => Err(EntryProblem::NotJson {
            column: usize::try_from(offset).unwrap_or(usize::MAX) + 1,
            message: "not UTF-8",
        }),
    }
}

/// `log.creator` / `log.browser` names and versions are cut to this many bytes.
const NAME_LIMIT: usize = 128;

/// Reads a HAR file from bytes (a UTF-8 byte order mark is allowed and ignored).
pub fn read_har(bytes: &[u8]) -> Result<HarLog, HarError> {
    let mut log = HarLog::default();
    let mut reader = HarReader::new();
    reader.feed(bytes, &mut |event| log.add(event))?;
    let summary = reader.finish(&mut |event| log.add(event))?;
    log.creator = summary.creator;
    log.browser = summary.browser;
    Ok(log)
}

/// Reads a HAR file already decoded to a string (what a browser's `FileReader.readAsText` gives).
pub fn read_har_str(text: &str) -> Result<HarLog, HarError> {
    read_har(text.as_bytes())
}

/// Reads a HAR file from a stream in chunks (the CLI reads files and stdin this way), calling
/// `sink` for each entry as soon as it is read. Returns the creator and browser; an I/O error is
/// returned as is.
pub fn read_har_from(
    mut input: impl std::io::Read,
    sink: &mut dyn FnMut(HarEvent<'_>),
) -> std::io::Result<Result<HarSummary, HarError>> {
    let mut reader = HarReader::new();
    // 256 KiB: large enough that a read costs nothing next to parsing, small next to the file
    // (the CLI's memory stays within 3x of a 1 MB HAR).
    let mut chunk = vec![0u8; 1 << 18];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if let Err(e) = reader.feed(chunk.get(..n).unwrap_or_default(), sink) {
            return Ok(Err(e));
        }
    }
    Ok(reader.finish(sink))
}

impl HarLog {
    /// Adds what a [`HarReader`] emitted.
    pub fn add(&mut self, event: HarEvent<'_>) {
        match event {
            HarEvent::Exchange {
                entry_index,
                exchange,
                ..
            } => {
                self.exchanges.push(std::mem::take(exchange));
                self.entry_indexes.push(entry_index);
            }
            HarEvent::Issue(issue) => self.issues.push(issue),
        }
    }
}

/// What a [`HarReader`] emits, in file order.
#[derive(Debug, PartialEq)]
pub enum HarEvent<'a> {
    /// A well-formed entry. The reader reuses the exchange's buffers for the next entry (no
    /// allocation per header): take it with `std::mem::take` to keep it.
    Exchange {
        /// Its index in `log.entries`.
        entry_index: usize,
        /// The 1-based line of the file it starts on.
        line: usize,
        /// What it says.
        exchange: &'a mut Exchange,
    },
    /// An entry that was skipped or noted (its exchange, when kept, follows).
    Issue(HarIssue),
}

/// What is known once the whole file was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HarSummary {
    /// `log.creator` as `"name version"`.
    pub creator: Option<String>,
    /// `log.browser` as `"name version"`.
    pub browser: Option<String>,
    /// Number of entries in `log.entries`, malformed ones included.
    pub entries: usize,
}

/// A push parser for HAR files: feed it chunks of any size, in order; it emits each entry once
/// it is complete and keeps only the bytes of the entry it is in the middle of.
///
/// ```
/// use authlens::har::{HarEvent, HarReader};
/// let text = br#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":401}}, 7]}}"#;
/// let mut reader = HarReader::new();
/// let (mut statuses, mut skipped) = (Vec::new(), Vec::new());
/// let mut sink = |e: HarEvent<'_>| match e {
///     HarEvent::Exchange { exchange, .. } => statuses.push(exchange.status),
///     HarEvent::Issue(issue) => skipped.push(issue.entry_index),
/// };
/// for chunk in text.chunks(5) {
///     reader.feed(chunk, &mut sink).unwrap();
/// }
/// let summary = reader.finish(&mut sink).unwrap();
/// assert_eq!(summary.entries, 2);
/// assert_eq!((statuses, skipped), (vec![401], vec![1]));
/// ```
#[derive(Debug, Default)]
pub struct HarReader {
    /// Bytes not consumed yet (the tail of the last chunk), starting at absolute offset `base`.
    buf: Vec<u8>,
    base: u64,
    line: usize,
    line_start: u64,
    started: bool,
    /// A non-object document: its one value is validated, then it is reported as not a HAR.
    non_object: Option<JsonKind>,
    done: bool,
    frames: Vec<Frame>,
    pending: Option<Scan>,
    entries: usize,
    entries_seen: bool,
    log_seen: bool,
    log_problem: Option<String>,
    top: TopKeys,
    creator: Option<String>,
    browser: Option<String>,
    failed: Option<HarError>,
    stack: Vec<u8>,
    /// The entry being read; its strings and header lists are reused from entry to entry.
    exchange: Exchange,
}

/// The top-level keys, remembered to say what a non-HAR JSON object looks like.
#[derive(Debug, Default)]
struct TopKeys {
    count: usize,
    /// The first few keys, redacted for display.
    shown: Vec<String>,
    info: bool,
    item: bool,
    insomnia: bool,
    openapi: bool,
    trace: bool,
    entries: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Log,
    Entries,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Log,
    Type,
    Entries,
    Creator,
    Browser,
    TopEntries,
    TopInfo,
    TopItem,
    TopInsomnia,
    TopOpenapi,
    TopTrace,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// After `{` or `[`: a key (object) or value (array), or the closing bracket.
    Start,
    /// After `,`: a key (object) or value (array).
    Item,
    /// After a key: `:`.
    Colon(Key),
    /// After `:`: the value.
    Value(Key),
    /// After a value: `,` or the closing bracket.
    Next,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    level: Level,
    state: State,
}

/// Where the scanner stopped.
#[derive(Debug)]
enum Stop {
    /// The chunk ended inside a value: wait for the next one.
    More,
    /// The input ended inside a value.
    Eof,
    Syntax {
        line: usize,
        column: usize,
        message: &'static str,
    },
    NotUtf8(u64),
}

/// Finds the end of a value that did not fit in the chunks so far, scanning only new bytes, so a
/// 20 MB body split over many chunks is scanned once, not once per chunk.
#[derive(Debug, Clone, Copy, Default)]
struct Scan {
    /// Absolute offset of the next byte to scan.
    next: u64,
    depth: u32,
    in_string: bool,
    escaped: bool,
    scalar: bool,
    started: bool,
    /// The value's end could not be found by scanning (only for invalid JSON): parse at EOF.
    until_eof: bool,
}

impl Scan {
    /// Scans `buf` (starting at absolute offset `base`); true once the value is complete.
    fn advance(&mut self, buf: &[u8], base: u64) -> bool {
        if self.until_eof {
            return false;
        }
        let mut i = usize::try_from(self.next.saturating_sub(base)).unwrap_or(usize::MAX);
        while let Some(&c) = buf.get(i) {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                match memchr::memchr2(b'"', b'\\', buf.get(i..).unwrap_or_default()) {
                    None => i = buf.len(),
                    Some(k) if buf.get(i + k) == Some(&b'\\') => {
                        self.escaped = true;
                        i += k + 1;
                    }
                    Some(k) => {
                        self.in_string = false;
                        i += k + 1;
                        if self.depth == 0 {
                            self.next = base + i as u64;
                            return true;
                        }
                    }
                }
                continue;
            }
            if !self.started {
                if !matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
                    self.started = true;
                    match c {
                        b'"' => self.in_string = true,
                        b'{' | b'[' => self.depth = 1,
                        _ => self.scalar = true,
                    }
                }
                i += 1;
                continue;
            }
            if self.scalar {
                if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n') {
                    self.next = base + i as u64;
                    return true;
                }
                i += 1;
                continue;
            }
            match c {
                b'"' => self.in_string = true,
                b'{' | b'[' => self.depth += 1,
                b'}' | b']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        self.next = base + i as u64 + 1;
                        return true;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.next = base + buf.len() as u64;
        false
    }
}

impl HarReader {
    /// A reader at the start of a file.
    pub fn new() -> Self {
        HarReader {
            line: 1,
            ..HarReader::default()
        }
    }

    /// Bytes consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.base
    }

    /// Entries seen so far (complete ones, malformed included).
    pub fn entries_read(&self) -> usize {
        self.entries
    }

    /// Reads the next chunk, calling `sink` for every entry it completes. After an error the
    /// reader only repeats it.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        sink: &mut dyn FnMut(HarEvent<'_>),
    ) -> Result<(), HarError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let result = if self.buf.is_empty() {
            // The common case (a whole file, or chunks that end between entries): parse the
            // caller's bytes in place and keep only what is left over.
            self.run(chunk, false, sink).inspect(|&used| {
                self.buf
                    .extend_from_slice(chunk.get(used..).unwrap_or_default());
            })
        } else {
            let mut buf = std::mem::take(&mut self.buf);
            // An entry larger than a chunk is held until its end arrives. Grow by a quarter, not
            // by doubling: a 380 KB entry read in 256 KiB chunks had the buffer at 1 MiB, most
            // of a 1 MB file's memory (still geometric, so a huge entry is copied O(1) times).
            let need = buf.len() + chunk.len();
            if need > buf.capacity() {
                buf.reserve_exact(chunk.len() + need / 4);
            }
            buf.extend_from_slice(chunk);
            let result = self.run(&buf, false, sink);
            if let Ok(used) = result {
                buf.drain(..used);
            }
            self.buf = buf;
            result
        };
        match result {
            Ok(used) => {
                self.base += used as u64;
                Ok(())
            }
            Err(e) => {
                self.failed = Some(e.clone());
                Err(e)
            }
        }
    }

    /// Ends the input: reads what is left and says what the file was.
    pub fn finish(mut self, sink: &mut dyn FnMut(HarEvent<'_>)) -> Result<HarSummary, HarError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let buf = std::mem::take(&mut self.buf);
        self.run(&buf, true, sink)?;
        if let Some(kind) = self.non_object {
            return Err(HarError::NotHar {
                looks_like: describe_non_object(kind),
            });
        }
        if !self.entries_seen {
            let looks_like = match self.log_problem.take() {
                Some(problem) => problem,
                None if !self.log_seen => self.top.describe(),
                None => "`log` has no `entries` member".to_owned(),
            };
            return Err(HarError::NotHar { looks_like });
        }
        Ok(HarSummary {
            creator: self.creator,
            browser: self.browser,
            entries: self.entries,
        })
    }

    /// Parses as much of `buf` (absolute offset `self.base`) as possible; returns the bytes used.
    fn run(
        &mut self,
        buf: &[u8],
        eof: bool,
        sink: &mut dyn FnMut(HarEvent<'_>),
    ) -> Result<usize, HarError> {
        let mut retried = false;
        if let Some(scan) = &mut self.pending {
            if !eof && !scan.advance(buf, self.base) {
                return Ok(0);
            }
            retried = !eof;
            self.pending = None;
        }
        if !self.started {
            // A byte order mark may be split across chunks: wait for the whole of it.
            if self.base == 0
                && !eof
                && ((buf.len() < 3 && b"\xEF\xBB\xBF".starts_with(buf))
                    || (buf.len() < 2 && matches!(buf.first(), Some(0xFF | 0xFE))))
            {
                return Ok(0);
            }
            if self.base == 0 && (buf.starts_with(&[0xFF, 0xFE]) || buf.starts_with(&[0xFE, 0xFF]))
            {
                return Err(HarError::NotUtf8 {
                    byte_offset: 0,
                    utf16: true,
                });
            }
        }
        let mut stack = std::mem::take(&mut self.stack);
        let mut cur = Cursor {
            b: buf,
            pos: 0,
            eof,
            line: self.line,
            line_start: self.line_start,
            base: self.base,
            stack: &mut stack,
        };
        if !self.started && self.base == 0 && buf.starts_with(b"\xEF\xBB\xBF") {
            cur.pos = 3;
            cur.line_start = 3;
        }
        let result = loop {
            cur.ws();
            if cur.pos >= buf.len() {
                if !eof {
                    break Ok(cur.pos);
                }
                let (line, column, end) = (cur.line, cur.column() - 1, cur.abs());
                break self.end_of_input(line, column, end, sink).map(|()| cur.pos);
            }
            let mark = (cur.pos, cur.line, cur.line_start);
            match self.step(&mut cur, sink) {
                Ok(()) => retried = false,
                Err(Stop::More) => {
                    (cur.pos, cur.line, cur.line_start) = mark;
                    let mut scan = Scan {
                        next: cur.base + cur.pos as u64,
                        until_eof: retried,
                        ..Scan::default()
                    };
                    if scan.advance(buf.get(cur.pos..).unwrap_or_default(), scan.next) {
                        // The parser wanted more than the scanner found: only invalid JSON
                        // does that; read it at the end of the input.
                        scan.until_eof = true;
                    }
                    self.pending = Some(scan);
                    break Ok(cur.pos);
                }
                Err(Stop::Eof) => {
                    // A document was begun (`[{` cut short is truncated JSON, not empty).
                    self.started = true;
                    // Only at the real end of the input: where it ends is the last byte.
                    let (line, line_start) = count_lines(buf, mark.0, mark.1, mark.2, cur.base);
                    let end = cur.base + buf.len() as u64;
                    // As serde_json and editors count it: the column of the last byte.
                    let column = usize::try_from(end - line_start).unwrap_or(usize::MAX);
                    cur.pos = buf.len();
                    cur.line = line;
                    cur.line_start = line_start;
                    break self
                        .end_of_input(line, column, end, sink)
                        .map(|()| buf.len());
                }
                Err(Stop::Syntax {
                    line,
                    column,
                    message,
                }) => {
                    break Err(HarError::NotJson {
                        line,
                        column,
                        message,
                    })
                }
                Err(Stop::NotUtf8(offset)) => {
                    break Err(HarError::NotUtf8 {
                        byte_offset: offset,
                        utf16: false,
                    })
                }
            }
        };
        self.line = cur.line;
        self.line_start = cur.line_start;
        self.stack = stack;
        result
    }

    /// The input ended at `cur`: fine after the document, a note inside `log.entries`, an error
    /// anywhere else.
    fn end_of_input(
        &mut self,
        line: usize,
        column: usize,
        offset: u64,
        sink: &mut dyn FnMut(HarEvent<'_>),
    ) -> Result<(), HarError> {
        if !self.started {
            return Err(HarError::Empty);
        }
        if self.done {
            return Ok(());
        }
        if self.entries_seen {
            let in_entries = self.frames.iter().any(|f| f.level == Level::Entries);
            let problem = if in_entries {
                EntryProblem::EndsEarly {
                    line,
                    column,
                    offset,
                }
            } else {
                EntryProblem::EndsAfterEntries {
                    line,
                    column,
                    offset,
                }
            };
            let index = self.entries;
            if in_entries {
                self.entries += 1;
            }
            sink(HarEvent::Issue(HarIssue::new(index, line, problem)));
            self.frames.clear();
            self.done = true;
            return Ok(());
        }
        Err(HarError::NotJson {
            line,
            column,
            message: "the file ends before the JSON document does (is it truncated?)",
        })
    }

    /// Reads one token or value at `cur` (whitespace already skipped, at least one byte left).
    fn step(&mut self, cur: &mut Cursor, sink: &mut dyn FnMut(HarEvent<'_>)) -> Result<(), Stop> {
        if self.done {
            return Err(cur.syntax("trailing characters after the JSON document"));
        }
        if !self.started {
            let first = cur.byte()?;
            if first == b'{' {
                cur.pos += 1;
                self.frames.push(Frame {
                    level: Level::Top,
                    state: State::Start,
                });
            } else {
                cur.skip_value()?;
                self.non_object = Some(JsonKind::of(first));
                self.done = true;
            }
            self.started = true;
            return Ok(());
        }
        if self.non_object.is_some() {
            return Err(cur.syntax("trailing characters after the JSON document"));
        }
        let Some(frame) = self.frames.last().copied() else {
            return Err(cur.syntax("trailing characters after the JSON document"));
        };
        let c = cur.byte()?;
        let set = |me: &mut Self, state: State| {
            if let Some(f) = me.frames.last_mut() {
                f.state = state;
            }
        };
        let close = if frame.level == Level::Entries {
            b']'
        } else {
            b'}'
        };
        match frame.state {
            State::Start | State::Next if c == close => {
                cur.pos += 1;
                self.frames.pop();
                if self.frames.is_empty() {
                    self.done = true;
                } else {
                    set(self, State::Next);
                }
                Ok(())
            }
            State::Next if c == b',' => {
                cur.pos += 1;
                set(self, State::Item);
                Ok(())
            }
            State::Next => Err(cur.syntax(if frame.level == Level::Entries {
                "expected `,` or `]`"
            } else {
                "expected `,` or `}`"
            })),
            State::Start | State::Item if frame.level == Level::Entries => {
                let line = cur.line;
                let index = self.entries;
                let entry = cur.entry(&mut self.exchange)?;
                self.entries += 1;
                match entry {
                    Ok(note) => {
                        if let Some(problem) = note {
                            sink(HarEvent::Issue(HarIssue::new(index, line, problem)));
                        }
                        sink(HarEvent::Exchange {
                            entry_index: index,
                            line,
                            exchange: &mut self.exchange,
                        });
                    }
                    Err(problem) => sink(HarEvent::Issue(HarIssue::new(index, line, problem))),
                }
                set(self, State::Next);
                Ok(())
            }
            State::Start | State::Item => {
                if c != b'"' {
                    return Err(cur.syntax("expected a string key"));
                }
                let key = self.key(cur, frame.level)?;
                set(self, State::Colon(key));
                Ok(())
            }
            State::Colon(key) => {
                if c != b':' {
                    return Err(cur.syntax("expected `:`"));
                }
                cur.pos += 1;
                set(self, State::Value(key));
                Ok(())
            }
            State::Value(key) => self.value(cur, frame.level, key, c),
        }
    }

    fn key(&mut self, cur: &mut Cursor, level: Level) -> Result<Key, Stop> {
        const TOP: &[&[u8]] = &[
            b"log",
            b"_type",
            b"entries",
            b"info",
            b"item",
            b"__export_format",
            b"openapi",
            b"swagger",
            b"traceEvents",
        ];
        const LOG: &[&[u8]] = &[b"entries", b"creator", b"browser"];
        match level {
            Level::Top => {
                let (index, shown) = cur.key_and_display(TOP)?;
                self.top.count += 1;
                if self.top.shown.len() < 5 {
                    self.top.shown.push(shown);
                }
                Ok(match index {
                    0 => Key::Log,
                    1 => Key::Type,
                    2 => Key::TopEntries,
                    3 => Key::TopInfo,
                    4 => Key::TopItem,
                    5 => Key::TopInsomnia,
                    6 | 7 => Key::TopOpenapi,
                    8 => Key::TopTrace,
                    _ => Key::Other,
                })
            }
            _ => Ok(match cur.key(LOG)? {
                0 => Key::Entries,
                1 => Key::Creator,
                2 => Key::Browser,
                _ => Key::Other,
            }),
        }
    }

    fn value(&mut self, cur: &mut Cursor, level: Level, key: Key, c: u8) -> Result<(), Stop> {
        let next = |me: &mut Self| {
            if let Some(f) = me.frames.last_mut() {
                f.state = State::Next;
            }
        };
        match (level, key) {
            (Level::Top, Key::Log) if !self.log_seen => {
                if c == b'{' {
                    self.log_seen = true;
                    cur.pos += 1;
                    next(self);
                    self.frames.push(Frame {
                        level: Level::Log,
                        state: State::Start,
                    });
                    return Ok(());
                }
                cur.skip_value()?;
                self.log_seen = true;
                self.log_problem = Some(format!(
                    "`log` is {}, not an object",
                    JsonKind::of(c).with_article()
                ));
            }
            (Level::Log, Key::Entries) if !self.entries_seen && self.log_problem.is_none() => {
                if c == b'[' {
                    cur.pos += 1;
                    self.entries_seen = true;
                    next(self);
                    self.frames.push(Frame {
                        level: Level::Entries,
                        state: State::Start,
                    });
                    return Ok(());
                }
                cur.skip_value()?;
                self.log_problem = Some(format!(
                    "`log.entries` is {}, not an array",
                    JsonKind::of(c).with_article()
                ));
            }
            (Level::Log, Key::Creator) => self.creator = cur.name_version()?,
            (Level::Log, Key::Browser) => self.browser = cur.name_version()?,
            (Level::Top, Key::Type) => {
                if c == b'"' && cur.string_lossy(16)?.0 == "export" {
                    self.top.insomnia = true;
                } else if c != b'"' {
                    cur.skip_value()?;
                }
            }
            (Level::Top, flag) => {
                match flag {
                    Key::TopEntries => self.top.entries = true,
                    Key::TopInfo => self.top.info = true,
                    Key::TopItem => self.top.item = true,
                    Key::TopInsomnia => self.top.insomnia = true,
                    Key::TopOpenapi => self.top.openapi = true,
                    Key::TopTrace => self.top.trace = true,
                    _ => {}
                }
                cur.skip_value()?;
            }
            _ => cur.skip_value()?,
        }
        next(self);
        Ok(())
    }
}

/// Line and line start at `end` of `buf`, counting from a known position.
fn count_lines(buf: &[u8], from: usize, line: usize, line_start: u64, base: u64) -> (usize, u64) {
    let (mut line, mut line_start) = (line, line_start);
    for i in memchr::memchr_iter(b'\n', buf.get(from..).unwrap_or_default()) {
        line += 1;
        line_start = base + (from + i) as u64 + 1;
    }
    (line, line_start)
}

impl TopKeys {
    fn describe(&self) -> String {
        if self.info && self.item {
            return "this looks like a Postman collection (export the requests from the browser's Network panel as HAR instead)".to_owned();
        }
        if self.insomnia {
            return "this looks like an Insomnia export".to_owned();
        }
        if self.openapi {
            return "this looks like an OpenAPI description".to_owned();
        }
        if self.trace {
            return "this looks like a Chrome performance trace (use Network panel > Export HAR)"
                .to_owned();
        }
        if self.entries {
            return "this looks like the inside of a HAR log (`entries` without the outer `{\"log\": ...}` wrapper)".to_owned();
        }
        if self.count == 0 {
            return "this is an empty JSON object".to_owned();
        }
        let keys: Vec<String> = self.shown.iter().map(|k| format!("`{k}`")).collect();
        let more = if self.count > self.shown.len() {
            ", ..."
        } else {
            ""
        };
        format!(
            "this is a JSON object with {}{more} but no `log`",
            keys.join(", ")
        )
    }
}

fn describe_non_object(kind: JsonKind) -> String {
    match kind {
        JsonKind::Array => "this is a JSON array",
        JsonKind::String => "this is a JSON string",
        JsonKind::Bool => "this is a JSON boolean",
        JsonKind::Null => "this is JSON `null`",
        _ => "this is a JSON number",
    }
    .to_owned()
}

/// A key as a message may show it: short identifier-like keys (`info`, `paths`) as they are,
/// anything else redacted, so a message never carries a value that could be a secret.
fn display_key(key: &str) -> String {
    let plain = key.len() < crate::redact::MIN_CHARS_TO_SHOW_EDGES
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'$' | b'.' | b'@'));
    if plain && !key.is_empty() {
        key.to_owned()
    } else {
        crate::redact::redact(key)
    }
}

/// The first `"` or `\\` in `bytes`. Runs between escapes are short in JSON-in-JSON bodies and
/// keys are short everywhere, so a plain loop looks at the first bytes before memchr's vector
/// search (whose set-up costs more than a short run). Loops here are written out by hand: the
/// wasm is built for size, where iterator adaptors stay calls.
#[inline(always)]
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const SHORT: usize = 16;
    let head = bytes.len().min(SHORT);
    let mut i = 0;
    while i < head {
        let c = bytes[i];
        if c == b'"' || c == b'\\' {
            return Some(i);
        }
        i += 1;
    }
    if bytes.len() <= SHORT {
        return None;
    }
    memchr::memchr2(b'"', b'\\', &bytes[SHORT..]).map(|k| k + SHORT)
}

/// The first `"` in `bytes` (short strings are the common case, as above).
#[inline(always)]
fn find_quote(bytes: &[u8]) -> Option<usize> {
    const SHORT: usize = 16;
    let head = bytes.len().min(SHORT);
    let mut i = 0;
    while i < head {
        if bytes[i] == b'"' {
            return Some(i);
        }
        i += 1;
    }
    if bytes.len() <= SHORT {
        return None;
    }
    memchr::memchr(b'"', &bytes[SHORT..]).map(|k| k + SHORT)
}

/// Whether the quote at `quote` ends a string whose content starts at `start`: an even number
/// of backslashes before it.
#[inline(always)]
fn closes(bytes: &[u8], start: usize, quote: usize) -> bool {
    let mut i = quote;
    while i > start && bytes[i - 1] == b'\\' {
        i -= 1;
    }
    (quote - i) % 2 == 0
}

/// A position in the bytes being read, with the line count.
struct Cursor<'a, 's> {
    b: &'a [u8],
    pos: usize,
    eof: bool,
    line: usize,
    /// Absolute offset of the first byte of the current line.
    line_start: u64,
    /// Absolute offset of `b[0]`.
    base: u64,
    /// Scratch stack for skipping nested values without recursion.
    stack: &'s mut Vec<u8>,
}

/// One entry's first problem; later ones are not reported.
type Problem = Option<EntryProblem>;

fn fail(problem: &mut Problem, new: EntryProblem) {
    if problem.is_none() {
        *problem = Some(new);
    }
}

impl<'a, 's> Cursor<'a, 's> {
    /// A cursor over a whole document held in memory (`b` is all there is).
    fn whole(b: &'a [u8], stack: &'s mut Vec<u8>) -> Self {
        Cursor {
            b,
            pos: 0,
            eof: true,
            line: 1,
            line_start: 0,
            base: 0,
            stack,
        }
    }

    fn abs(&self) -> u64 {
        self.base + self.pos as u64
    }

    fn column(&self) -> usize {
        usize::try_from(self.abs().saturating_sub(self.line_start)).unwrap_or(usize::MAX) + 1
    }

    fn end(&self) -> Stop {
        if self.eof {
            Stop::Eof
        } else {
            Stop::More
        }
    }

    fn syntax(&self, message: &'static str) -> Stop {
        // A byte that starts no UTF-8 character is an encoding problem, not a JSON one. Only
        // this byte is judged, never the ones after it: they may be in the next chunk, and the
        // verdict must not depend on where the chunks end.
        if self
            .b
            .get(self.pos)
            .is_some_and(|&c| matches!(c, 0x80..=0xC1 | 0xF5..=0xFF))
        {
            return Stop::NotUtf8(self.abs());
        }
        Stop::Syntax {
            line: self.line,
            column: self.column(),
            message,
        }
    }

    #[inline(always)]
    fn ws(&mut self) {
        let b = self.b;
        let mut i = self.pos;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' | b'\r' => i += 1,
                b'\n' => {
                    i += 1;
                    self.line += 1;
                    self.line_start = self.base + i as u64;
                }
                _ => break,
            }
        }
        self.pos = i;
    }

    /// The next byte after whitespace.
    #[inline(always)]
    fn byte(&mut self) -> Result<u8, Stop> {
        self.ws();
        if self.pos < self.b.len() {
            Ok(self.b[self.pos])
        } else {
            Err(self.end())
        }
    }

    fn expect(&mut self, c: u8, message: &'static str) -> Result<(), Stop> {
        if self.byte()? == c {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.syntax(message))
        }
    }

    /// Skips a string (at its opening quote) without decoding it: finds each `"` with memchr
    /// and counts the backslashes before it (an odd count escapes it).
    fn skip_string(&mut self) -> Result<(), Stop> {
        let start = self.pos + 1;
        self.pos = start;
        self.skip_rest_of_string(start)
    }

    /// Decodes a string (at its opening quote), keeping at most `limit` bytes of it (cut on a
    /// character boundary) and skipping the rest. Returns the text and whether it was cut.
    fn string_bytes(&mut self, limit: usize, out: &mut Vec<u8>) -> Result<bool, Stop> {
        let start = self.pos + 1;
        let mut i = start;
        loop {
            let rest = self.b.get(i..).unwrap_or_default();
            let Some(k) = find_quote_or_backslash(rest) else {
                self.pos = self.b.len();
                return Err(self.end());
            };
            let at = i + k;
            let room = limit.saturating_sub(out.len());
            let run = self.b.get(i..at).unwrap_or_default();
            if run.len() > room {
                let mut cut = room;
                while cut > 0 && run.get(cut).is_some_and(|&c| c & 0xC0 == 0x80) {
                    cut -= 1;
                }
                out.extend_from_slice(run.get(..cut).unwrap_or_default());
                self.pos = i + cut;
                self.skip_rest_of_string(start)?;
                return Ok(true);
            }
            out.extend_from_slice(run);
            if self.b.get(at) == Some(&b'"') {
                self.pos = at + 1;
                return Ok(false);
            }
            if out.len() >= limit {
                self.pos = at;
                self.skip_rest_of_string(start)?;
                return Ok(true);
            }
            self.pos = at;
            i = self.escape(out)?;
        }
    }

    /// From `self.pos` inside a string whose content starts at `start`, skips to after its quote.
    /// Backslashes are counted from the content start: resuming mid-string must not misread an
    /// escaped backslash before the resume point.
    fn skip_rest_of_string(&mut self, start: usize) -> Result<(), Stop> {
        let b = self.b;
        let mut i = self.pos;
        loop {
            let Some(k) = find_quote(b.get(i..).unwrap_or_default()) else {
                self.pos = b.len();
                return Err(self.end());
            };
            let quote = i + k;
            if closes(b, start, quote) {
                self.pos = quote + 1;
                return Ok(());
            }
            i = quote + 1;
        }
    }

    /// Decodes the escape at `self.pos` (a backslash) into `out`; returns the position after it.
    fn escape(&mut self, out: &mut Vec<u8>) -> Result<usize, Stop> {
        let at = self.pos;
        let Some(&c) = self.b.get(at + 1) else {
            self.pos = self.b.len();
            return Err(self.end());
        };
        let simple = match c {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'/' => Some(b'/'),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'u' => None,
            _ => {
                self.pos = at + 1;
                return Err(self.syntax("invalid escape in a string"));
            }
        };
        if let Some(byte) = simple {
            out.push(byte);
            return Ok(at + 2);
        }
        let unit = self.hex4(at + 2)?;
        let mut next = at + 6;
        let ch = if (0xD800..0xDC00).contains(&unit) {
            // A high surrogate: JSON spells characters outside the BMP as two escapes.
            if self.b.get(next..next + 2) == Some(b"\\u") {
                let low = self.hex4(next + 2)?;
                if (0xDC00..0xE000).contains(&low) {
                    next += 6;
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    None
                }
            } else if self.b.len() < next + 2 && !self.eof {
                self.pos = self.b.len();
                return Err(Stop::More);
            } else {
                None
            }
        } else {
            char::from_u32(unit)
        };
        // A lone surrogate (invalid UTF-16, which browsers do write for broken bodies) reads as
        // U+FFFD rather than dropping the entry.
        let ch = ch.unwrap_or('\u{fffd}');
        let mut tmp = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
        Ok(next)
    }

    fn hex4(&mut self, at: usize) -> Result<u32, Stop> {
        let Some(digits) = self.b.get(at..at + 4) else {
            self.pos = self.b.len();
            return Err(self.end());
        };
        let mut v = 0u32;
        for &d in digits {
            let n = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => {
                    self.pos = at;
                    return Err(self.syntax("invalid \\u escape in a string"));
                }
            };
            v = v * 16 + u32::from(n);
        }
        Ok(v)
    }

    /// A whole string (at its opening quote) as UTF-8.
    fn string(&mut self) -> Result<String, Stop> {
        let mut out = String::new();
        self.string_into(&mut out)?;
        Ok(out)
    }

    /// A whole string (at its opening quote) into `out`, replacing its text but keeping its
    /// allocation.
    fn string_into(&mut self, out: &mut String) -> Result<(), Stop> {
        out.clear();
        let start = self.pos + 1;
        // Fast path: no escape before the closing quote, so the text is the bytes themselves.
        if let Some(k) = find_quote_or_backslash(self.b.get(start..).unwrap_or_default()) {
            if self.b.get(start + k) == Some(&b'"') {
                let raw = self.b.get(start..start + k).unwrap_or_default();
                let text = std::str::from_utf8(raw)
                    .map_err(|e| Stop::NotUtf8(self.base + (start + e.valid_up_to()) as u64))?;
                self.pos = start + k + 1;
                out.push_str(text);
                return Ok(());
            }
        }
        let mut bytes = Vec::new();
        self.string_bytes(usize::MAX, &mut bytes)?;
        let Ok(text) = std::str::from_utf8(&bytes) else {
            // The decoded text is shorter than the file's (escapes): name the byte in the file.
            // Escapes are ASCII, so the first invalid byte of the raw string is the same one.
            let raw = self
                .b
                .get(start..self.pos.saturating_sub(1))
                .unwrap_or_default();
            let at = std::str::from_utf8(raw)
                .err()
                .map_or(0, |e| e.valid_up_to());
            return Err(Stop::NotUtf8(self.base + (start + at) as u64));
        };
        out.push_str(text);
        Ok(())
    }

    /// A string or `null` into `out` (emptied for `null`); whether it was a string. Anything
    /// else is noted as a problem of `field` and skipped.
    fn opt_string_into(
        &mut self,
        field: &str,
        problem: &mut Problem,
        out: &mut String,
    ) -> Result<bool, Stop> {
        match self.byte()? {
            b'"' => self.string_into(out).map(|()| true),
            c => {
                out.clear();
                if c == b'n' {
                    return self.literal(b"null").map(|()| false);
                }
                fail(
                    problem,
                    EntryProblem::WrongType {
                        field: field.to_owned(),
                        found: JsonKind::of(c),
                        expected: "a string",
                    },
                );
                self.skip_value().map(|()| false)
            }
        }
    }

    /// At most `limit` bytes of a string, invalid UTF-8 replaced; and whether it was cut. The
    /// text is decoded in the reader's scratch buffer, which keeps its size from entry to entry,
    /// then copied once at its final length (a new buffer grew to a body's 4 KB by a dozen
    /// reallocations, for every body).
    fn string_lossy(&mut self, limit: usize) -> Result<(String, bool), Stop> {
        // The scratch stack is free here: only `skip_value` uses it, and not while a string is read.
        let mut buf = std::mem::take(self.stack);
        buf.clear();
        let read = self.string_bytes(limit, &mut buf);
        let text = read.map(|cut| {
            let text = match std::str::from_utf8(&buf) {
                Ok(text) => text.to_owned(),
                Err(_) => String::from_utf8_lossy(&buf).into_owned(),
            };
            (text, cut)
        });
        buf.clear();
        *self.stack = buf;
        text
    }

    /// An object key (at its quote): its index in `keys`, or `keys.len()`.
    fn key(&mut self, keys: &[&[u8]]) -> Result<usize, Stop> {
        let start = self.pos + 1;
        if let Some(k) = find_quote_or_backslash(self.b.get(start..).unwrap_or_default()) {
            if self.b.get(start + k) == Some(&b'"') {
                let raw = self.b.get(start..start + k).unwrap_or_default();
                self.pos = start + k + 1;
                return Ok(keys.iter().position(|&x| x == raw).unwrap_or(keys.len()));
            }
        }
        let mut out = Vec::new();
        self.string_bytes(64, &mut out)?;
        Ok(keys
            .iter()
            .position(|&x| x == out.as_slice())
            .unwrap_or(keys.len()))
    }

    /// A top-level key: its index in `keys` and how a message may show it.
    fn key_and_display(&mut self, keys: &[&[u8]]) -> Result<(usize, String), Stop> {
        let (text, cut) = self.string_lossy(64)?;
        let index = if cut {
            keys.len()
        } else {
            keys.iter()
                .position(|&x| x == text.as_bytes())
                .unwrap_or(keys.len())
        };
        let shown = if cut {
            format!("{} (cut)", crate::redact::redact(&text))
        } else {
            display_key(&text)
        };
        Ok((index, shown))
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), Stop> {
        let have = self.b.get(self.pos..).unwrap_or_default();
        let n = have.len().min(word.len());
        if have.get(..n) != word.get(..n) {
            return Err(self.syntax("expected a value"));
        }
        if n < word.len() {
            self.pos = self.b.len();
            return Err(self.end());
        }
        self.pos += word.len();
        Ok(())
    }

    /// A number (at its first byte): its bytes.
    fn number(&mut self) -> Result<&'a [u8], Stop> {
        let b = self.b;
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let int_start = i;
        let n = digits(&mut i);
        let mut bad = n == 0 || (n > 1 && b.get(int_start) == Some(&b'0'));
        if !bad && b.get(i) == Some(&b'.') {
            i += 1;
            bad = digits(&mut i) == 0;
        }
        if !bad && matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            bad = digits(&mut i) == 0;
        }
        if i >= b.len() && !self.eof {
            self.pos = b.len();
            return Err(Stop::More);
        }
        if bad {
            self.pos = i;
            return Err(self.syntax("invalid number"));
        }
        self.pos = i;
        Ok(b.get(start..i).unwrap_or_default())
    }

    /// Skips one value of any kind, without recursion.
    fn skip_value(&mut self) -> Result<(), Stop> {
        self.stack.clear();
        loop {
            // A value.
            match self.byte()? {
                b'"' => self.skip_string()?,
                b'{' => {
                    self.pos += 1;
                    if self.byte()? == b'}' {
                        self.pos += 1;
                    } else {
                        self.stack.push(b'{');
                        self.member_key()?;
                        continue;
                    }
                }
                b'[' => {
                    self.pos += 1;
                    if self.byte()? == b']' {
                        self.pos += 1;
                    } else {
                        self.stack.push(b'[');
                        continue;
                    }
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => {
                    self.number()?;
                }
                _ => return Err(self.syntax("expected a value")),
            }
            // What follows it: separators and closing brackets.
            loop {
                let Some(&open) = self.stack.last() else {
                    return Ok(());
                };
                match (open, self.byte()?) {
                    (b'{', b',') => {
                        self.pos += 1;
                        self.member_key()?;
                        break;
                    }
                    (b'[', b',') => {
                        self.pos += 1;
                        break;
                    }
                    (b'{', b'}') | (b'[', b']') => {
                        self.pos += 1;
                        self.stack.pop();
                    }
                    (b'{', _) => return Err(self.syntax("expected `,` or `}`")),
                    _ => return Err(self.syntax("expected `,` or `]`")),
                }
            }
        }
    }

    /// `"key":` inside a skipped object.
    fn member_key(&mut self) -> Result<(), Stop> {
        if self.byte()? != b'"' {
            return Err(self.syntax("expected a string key"));
        }
        self.skip_string()?;
        self.expect(b':', "expected `:`")
    }

    /// Walks an object (at `{`), calling `f` with each key's index in `keys` (`keys.len()` for
    /// others) and the cursor at its value; `f` must consume the value.
    fn object(
        &mut self,
        keys: &[&[u8]],
        mut f: impl FnMut(&mut Self, usize) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.pos += 1;
        if self.byte()? == b'}' {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.byte()? != b'"' {
                return Err(self.syntax("expected a string key"));
            }
            let key = self.key(keys)?;
            self.expect(b':', "expected `:`")?;
            self.ws();
            f(self, key)?;
            match self.byte()? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `}`")),
            }
        }
    }

    /// Walks an array (at `[`), calling `f` with each element's index and the cursor at it.
    fn array(
        &mut self,
        mut f: impl FnMut(&mut Self, usize) -> Result<(), Stop>,
    ) -> Result<(), Stop> {
        self.pos += 1;
        if self.byte()? == b']' {
            self.pos += 1;
            return Ok(());
        }
        let mut i = 0;
        loop {
            self.ws();
            f(self, i)?;
            i += 1;
            match self.byte()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Ok(());
                }
                _ => return Err(self.syntax("expected `,` or `]`")),
            }
        }
    }

    /// A string or `null`; anything else is noted as a problem of `field` and skipped.
    fn opt_string(&mut self, field: &str, problem: &mut Problem) -> Result<Option<String>, Stop> {
        match self.byte()? {
            b'"' => self.string().map(Some),
            b'n' => self.literal(b"null").map(|()| None),
            c => {
                fail(
                    problem,
                    EntryProblem::WrongType {
                        field: field.to_owned(),
                        found: JsonKind::of(c),
                        expected: "a string",
                    },
                );
                self.skip_value().map(|()| None)
            }
        }
    }

    /// A string, or `None` for any other value (skipped): for fields nothing depends on.
    fn lenient_string(&mut self) -> Result<Option<String>, Stop> {
        if self.byte()? == b'"' {
            self.string().map(Some)
        } else {
            self.skip_value().map(|()| None)
        }
    }

    /// One HAR entry (at its first byte) into `ex` (whose buffers are reused): a note, or why it
    /// was skipped.
    fn entry(&mut self, ex: &mut Exchange) -> Result<Result<Problem, EntryProblem>, Stop> {
        const KEYS: &[&[u8]] = &[
            b"startedDateTime",
            b"request",
            b"response",
            b"_resourceType",
            b"_initiator",
            b"time",
        ];
        let first = self.byte()?;
        if first != b'{' {
            self.skip_value()?;
            return Ok(Err(EntryProblem::NotAnObject {
                found: JsonKind::of(first),
            }));
        }
        ex.method.clear();
        ex.url.clear();
        ex.request_body_excerpt = None;
        ex.duration_ms = None;
        ex.status = 0;
        ex.status_text.clear();
        ex.response_body_excerpt = None;
        ex.started_at_ms = None;
        ex.redirect_url = None;
        ex.resource_type = None;
        ex.initiator = None;
        let mut problem: Problem = None;
        let mut started = None;
        let (mut request, mut response) = (false, false);
        self.object(KEYS, |cur, key| {
            match key {
                0 => started = cur.opt_string("startedDateTime", &mut problem)?,
                1 => request = cur.request(&mut problem, ex)?,
                2 => response = cur.response(&mut problem, ex)?,
                3 => ex.resource_type = cur.lenient_string()?.filter(|t| !t.is_empty()),
                4 => ex.initiator = cur.initiator(&mut problem)?,
                5 => ex.duration_ms = cur.duration()?,
                _ => cur.skip_value()?,
            }
            Ok(())
        })?;
        if !request {
            return Ok(Err(problem.unwrap_or(EntryProblem::Missing {
                field: "request".to_owned(),
            })));
        }
        if let Some(problem) = problem {
            return Ok(Err(problem));
        }
        if !response {
            ex.response_headers.clear();
        }
        let mut note = None;
        ex.started_at_ms = match started.as_deref() {
            None | Some("") => None,
            Some(text) => {
                let parsed = parse_rfc3339_ms(text);
                if parsed.is_none() {
                    note = Some(EntryProblem::BadDate {
                        shown: crate::redact::redact(text),
                    });
                }
                parsed
            }
        };
        if ex.redirect_url.is_none() && (300..400).contains(&ex.status) {
            ex.redirect_url = ex.response_header("location").map(str::to_owned);
        }
        Ok(Ok(note))
    }

    /// `request` into `ex`: method, URL and headers; false (with the problem noted) when
    /// unusable.
    fn request(&mut self, problem: &mut Problem, ex: &mut Exchange) -> Result<bool, Stop> {
        const KEYS: &[&[u8]] = &[b"method", b"url", b"headers", b"postData"];
        let c = self.byte()?;
        if c != b'{' {
            self.skip_value()?;
            if c != b'n' {
                fail(
                    problem,
                    EntryProblem::WrongType {
                        field: "request".to_owned(),
                        found: JsonKind::of(c),
                        expected: "an object",
                    },
                );
            }
            return Ok(false);
        }
        let (mut method, mut url, mut headers) = (false, false, false);
        self.object(KEYS, |cur, key| {
            match key {
                0 => method = cur.opt_string_into("request.method", problem, &mut ex.method)?,
                1 => url = cur.opt_string_into("request.url", problem, &mut ex.url)?,
                2 => {
                    cur.headers("request.headers", problem, &mut ex.request_headers)?;
                    headers = true;
                }
                // `postData`: `mimeType`, `text` (and `params`, not read: `text` holds the same
                // body); token requests carry credentials there.
                3 => ex.request_body_excerpt = cur.content()?,
                _ => cur.skip_value()?,
            }
            Ok(())
        })?;
        if !headers {
            ex.request_headers.clear();
        }
        let missing = |field: &str| EntryProblem::Missing {
            field: field.to_owned(),
        };
        match (method, url) {
            (true, true) => Ok(true),
            (false, _) => {
                fail(problem, missing("method"));
                Ok(false)
            }
            (_, false) => {
                fail(problem, missing("url"));
                Ok(false)
            }
        }
    }

    /// A header list into `out` (its headers' strings are reused): `null` or an array of
    /// `{name, value}` (`value` may be `null`).
    fn headers(
        &mut self,
        field: &'static str,
        problem: &mut Problem,
        out: &mut Vec<Header>,
    ) -> Result<(), Stop> {
        const KEYS: &[&[u8]] = &[b"name", b"value"];
        let mut n = 0;
        match self.byte()? {
            b'n' => self.literal(b"null")?,
            b'[' => self.array(|cur, i| {
                let c = cur.byte()?;
                if c != b'{' {
                    fail(
                        problem,
                        EntryProblem::WrongType {
                            field: format!("{field}[{i}]"),
                            found: JsonKind::of(c),
                            expected: "a {name, value} object",
                        },
                    );
                    return cur.skip_value();
                }
                if n == out.len() {
                    out.push(Header {
                        name: String::new(),
                        value: String::new(),
                    });
                }
                let Some(slot) = out.get_mut(n) else {
                    return cur.skip_value();
                };
                slot.name.clear();
                slot.value.clear();
                let mut name = false;
                let mut inner: Problem = None;
                cur.object(KEYS, |cur, key| {
                    match key {
                        0 => name = cur.opt_string_into("name", &mut inner, &mut slot.name)?,
                        1 => {
                            cur.opt_string_into("value", &mut inner, &mut slot.value)?;
                        }
                        _ => cur.skip_value()?,
                    }
                    Ok(())
                })?;
                if let Some(EntryProblem::WrongType {
                    field: which,
                    found,
                    expected,
                }) = inner
                {
                    fail(
                        problem,
                        EntryProblem::WrongType {
                            field: format!("{field}[{i}].{which}"),
                            found,
                            expected,
                        },
                    );
                }
                if name {
                    n += 1;
                } else {
                    fail(
                        problem,
                        EntryProblem::Missing {
                            field: "name".to_owned(),
                        },
                    );
                }
                Ok(())
            })?,
            c => {
                fail(
                    problem,
                    EntryProblem::WrongType {
                        field: field.to_owned(),
                        found: JsonKind::of(c),
                        expected: "a list of headers",
                    },
                );
                self.skip_value()?;
            }
        }
        out.truncate(n);
        Ok(())
    }

    /// `response` into `ex`; false for `null` (or no object).
    fn response(&mut self, problem: &mut Problem, ex: &mut Exchange) -> Result<bool, Stop> {
        const KEYS: &[&[u8]] = &[
            b"status",
            b"statusText",
            b"headers",
            b"content",
            b"redirectURL",
        ];
        let c = self.byte()?;
        if c != b'{' {
            self.skip_value()?;
            if c != b'n' {
                fail(
                    problem,
                    EntryProblem::WrongType {
                        field: "response".to_owned(),
                        found: JsonKind::of(c),
                        expected: "an object",
                    },
                );
            }
            return Ok(false);
        }
        let mut headers = false;
        self.object(KEYS, |cur, key| {
            match key {
                0 => ex.status = cur.status(problem)?,
                1 => {
                    cur.opt_string_into("response.statusText", problem, &mut ex.status_text)?;
                }
                2 => {
                    cur.headers("response.headers", problem, &mut ex.response_headers)?;
                    headers = true;
                }
                3 => ex.response_body_excerpt = cur.content()?,
                4 => {
                    ex.redirect_url = cur
                        .opt_string("response.redirectURL", problem)?
                        .filter(|u| !u.is_empty())
                }
                _ => cur.skip_value()?,
            }
            Ok(())
        })?;
        if !headers {
            ex.response_headers.clear();
        }
        Ok(true)
    }

    /// HAR `time`: a finite, non-negative number of milliseconds, or nothing (exporters write
    /// `-1`, `null` or a string when they do not know it).
    fn duration(&mut self) -> Result<Option<f64>, Stop> {
        let c = self.byte()?;
        if c != b'-' && !c.is_ascii_digit() {
            return self.skip_value().map(|()| None);
        }
        // serde_json's number reader, not `str::parse`: the wasm then carries no second float
        // parser (bench/wasm-size.md).
        let number = self.number()?;
        Ok(serde_json::from_slice::<f64>(number)
            .ok()
            .filter(|t| t.is_finite() && *t >= 0.0))
    }

    /// `status` as HAR writers produce it: a number (0 when no response arrived; some tools
    /// write `-1` or `null` for that), occasionally a numeric string.
    fn status(&mut self, problem: &mut Problem) -> Result<u16, Stop> {
        let c = self.byte()?;
        let parsed = match c {
            b'n' => {
                self.literal(b"null")?;
                Some(0)
            }
            b'-' | b'0'..=b'9' => status_of_number(self.number()?),
            b'"' => {
                let (text, cut) = self.string_lossy(16)?;
                text.trim()
                    .parse::<u16>()
                    .ok()
                    .filter(|&s| s <= 999 && !cut)
            }
            _ => {
                self.skip_value()?;
                None
            }
        };
        Ok(parsed.unwrap_or_else(|| {
            fail(
                problem,
                EntryProblem::BadStatus {
                    found: JsonKind::of(c),
                },
            );
            0
        }))
    }

    /// `content`: the first bytes of `text` (base64-decoded when `encoding` says so). The text is
    /// decoded after the object is read, when `encoding` is known (Chrome writes it before the
    /// text, Firefox after), so a plain body decodes only [`BODY_EXCERPT_LIMIT`] bytes.
    fn content(&mut self) -> Result<Option<String>, Stop> {
        const KEYS: &[&[u8]] = &[b"text", b"encoding"];
        if self.byte()? != b'{' {
            return self.skip_value().map(|()| None);
        }
        let limit = |base64: bool| {
            if base64 {
                BASE64_PREFIX_LIMIT
            } else {
                BODY_EXCERPT_LIMIT
            }
        };
        // The text is read in the same pass, as far as the encoding known so far allows; an
        // `encoding` given after it (Chrome writes it there only for base64) means a second read.
        let (mut text_at, mut base64, mut read) = (None, false, None);
        self.object(KEYS, |cur, key| {
            match key {
                0 if cur.byte()? == b'"' => {
                    text_at = Some((cur.pos, cur.line, cur.line_start));
                    read = Some((cur.string_lossy(limit(base64))?.0, base64));
                }
                1 if cur.byte()? == b'"' => {
                    base64 = cur.string_lossy(16)?.0.eq_ignore_ascii_case("base64");
                }
                _ => cur.skip_value()?,
            }
            Ok(())
        })?;
        let (Some((at, line, line_start)), Some((text, read_as_base64))) = (text_at, read) else {
            return Ok(None);
        };
        let text = if read_as_base64 == base64 {
            text
        } else {
            let after = (self.pos, self.line, self.line_start);
            (self.pos, self.line, self.line_start) = (at, line, line_start);
            let text = self.string_lossy(limit(base64));
            (self.pos, self.line, self.line_start) = after;
            text?.0
        };
        Ok(if base64 {
            decode_base64_excerpt(&text)
        } else {
            let mut text = text;
            text.truncate(excerpt(&text).len());
            Some(text)
        })
    }

    /// Chrome's `_initiator`: `{"type":"script","stack":{"callFrames":[{"url":..}]}}`,
    /// `{"type":"parser","url":..}` or `{"type":"other"}`; some tools write a plain string.
    fn initiator(&mut self, problem: &mut Problem) -> Result<Option<String>, Stop> {
        const KEYS: &[&[u8]] = &[b"type", b"url", b"stack"];
        match self.byte()? {
            b'"' => Ok(Some(self.string()?).filter(|s| !s.is_empty())),
            b'{' => {
                let (mut kind, mut url, mut stack) = (None, None, None);
                self.object(KEYS, |cur, key| {
                    match key {
                        0 => kind = cur.lenient_string()?,
                        1 => url = cur.lenient_string()?,
                        2 => stack = cur.stack_url(3, problem)?,
                        _ => cur.skip_value()?,
                    }
                    Ok(())
                })?;
                let url = url.filter(|u| !u.is_empty()).or(stack);
                Ok(url.or(kind.filter(|k| !k.is_empty())))
            }
            _ => self.skip_value().map(|()| None),
        }
    }

    /// The first non-empty call frame URL of a stack, else of its async parents.
    fn stack_url(&mut self, depth: usize, problem: &mut Problem) -> Result<Option<String>, Stop> {
        const KEYS: &[&[u8]] = &[b"callFrames", b"parent"];
        const FRAME: &[&[u8]] = &[b"url"];
        if self.byte()? != b'{' {
            return self.skip_value().map(|()| None);
        }
        if depth > MAX_DEPTH {
            fail(problem, EntryProblem::TooDeep);
            return self.skip_value().map(|()| None);
        }
        let (mut own, mut parent) = (None, None);
        self.object(KEYS, |cur, key| {
            match key {
                0 if cur.byte()? == b'[' => cur.array(|cur, _| {
                    if cur.byte()? != b'{' {
                        return cur.skip_value();
                    }
                    cur.object(FRAME, |cur, key| {
                        let url = if key == 0 {
                            cur.lenient_string()?
                        } else {
                            cur.skip_value().map(|()| None)?
                        };
                        if own.is_none() {
                            own = url.filter(|u| !u.is_empty());
                        }
                        Ok(())
                    })
                })?,
                1 => parent = cur.stack_url(depth + 1, problem)?,
                _ => cur.skip_value()?,
            }
            Ok(())
        })?;
        Ok(own.or(parent))
    }

    /// `log.creator` / `log.browser` as `"name version"`; `None` for other shapes.
    fn name_version(&mut self) -> Result<Option<String>, Stop> {
        const KEYS: &[&[u8]] = &[b"name", b"version"];
        if self.byte()? != b'{' {
            return self.skip_value().map(|()| None);
        }
        let (mut name, mut version) = (None, None);
        self.object(KEYS, |cur, key| {
            let text = if cur.byte()? == b'"' {
                Some(cur.string_lossy(NAME_LIMIT)?.0).filter(|s| !s.is_empty())
            } else {
                cur.skip_value()?;
                None
            };
            match key {
                0 => name = text,
                1 => version = text,
                _ => {}
            }
            Ok(())
        })?;
        Ok(match (name, version) {
            (Some(n), Some(v)) => Some(format!("{n} {v}")),
            (n, v) => n.or(v),
        })
    }
}

/// A JSON number as a status: an integer from 0 to 999 (`401.0` and `4.01e2` too). Tools write
/// `-1` for "no response": any negative integer, and `-1.0`, read as 0. Exact: no floating point.
fn status_of_number(text: &[u8]) -> Option<u16> {
    let (negative, rest) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let integer_literal = !rest.iter().any(|&c| matches!(c, b'.' | b'e' | b'E'));
    if negative && integer_literal {
        return Some(0);
    }
    let mantissa_end = rest
        .iter()
        .position(|&c| c == b'e' || c == b'E')
        .unwrap_or(rest.len());
    let (mantissa, exponent) = rest.split_at(mantissa_end);
    let exponent: i64 = match exponent.get(1..) {
        None => 0,
        Some(e) => {
            let (sign, digits) = match e.split_first() {
                Some((b'-', d)) => (-1, d),
                Some((b'+', d)) => (1, d),
                _ => (1, e),
            };
            // Huge exponents: only the sign matters (the value is 0 or out of range).
            let n = digits
                .iter()
                .try_fold(0i64, |acc, &d| {
                    acc.checked_mul(10)?.checked_add(i64::from(d - b'0'))
                })
                .unwrap_or(i64::MAX / 4);
            sign * n
        }
    };
    let (int, frac) = match mantissa.iter().position(|&c| c == b'.') {
        Some(dot) => (mantissa.get(..dot)?, mantissa.get(dot + 1..)?),
        None => (mantissa, &[][..]),
    };
    let all = || int.iter().chain(frac);
    let leading = all().take_while(|&&d| d == b'0').count();
    let total = int.len() + frac.len();
    if leading == total {
        return Some(0);
    }
    let trailing = all().rev().take_while(|&&d| d == b'0').count();
    let significant = total - leading - trailing;
    // value = significant digits × 10^exp
    let exp = exponent - frac.len() as i64 + trailing as i64;
    if exp < 0 || significant as i64 + exp > 3 {
        return None;
    }
    let value = all()
        .skip(leading)
        .take(significant)
        .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
        * 10u32.pow(exp as u32);
    if negative {
        return (value == 1).then_some(0);
    }
    u16::try_from(value).ok()
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
    let days = crate::http::days_from_civil(year, month, day);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_larger_than_a_chunk_is_held_without_doubling_the_buffer() {
        let body = "x".repeat(600_000);
        let har = format!(
            r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://a.example/","headers":[]}},"response":{{"status":200,"headers":[],"content":{{"text":"{body}"}}}}}}]}}}}"#
        );
        let chunk = 64 * 1024;
        let mut reader = HarReader::new();
        let mut entries = 0;
        for part in har.as_bytes().chunks(chunk) {
            reader
                .feed(part, &mut |e| {
                    entries += usize::from(matches!(e, HarEvent::Exchange { .. }))
                })
                .unwrap();
        }
        let held = reader.buf.capacity();
        reader.finish(&mut |_| {}).unwrap();
        assert_eq!(entries, 1);
        // Doubling took the buffer to 1 MiB (1.7x the entry); a quarter more at a time stays
        // within 1.25x of the entry plus a chunk.
        assert!(
            held * 4 <= (har.len() + chunk) * 5,
            "buffer {held} for an entry of {}",
            har.len()
        );
    }

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

    /// The body excerpt the reader keeps for a JSON value (`None` when it is not a string).
    fn prefix_of(json: &str) -> Option<String> {
        let mut stack = Vec::new();
        let mut cur = Cursor::whole(json.as_bytes(), &mut stack);
        if cur.byte().ok()? != b'"' {
            return None;
        }
        let (text, _) = cur.string_lossy(BASE64_PREFIX_LIMIT).ok()?;
        assert_eq!(cur.pos, json.len());
        Some(text)
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
