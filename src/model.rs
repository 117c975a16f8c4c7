//! The data the engine reads (an [`Exchange`]) and writes (a [`Finding`]).
//!
//! ```
//! use authlens::model::{Exchange, Header};
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me")
//!     .with_request_header("Authorization", "Bearer undefined")
//!     .with_status(401);
//! assert_eq!(ex.request_header("authorization"), Some("Bearer undefined"));
//! ```

use serde::{Deserialize, Serialize};

use crate::findings::FindingId;

/// Bodies are kept only up to this many bytes (cut on a char boundary): enough to recognise a
/// provider's error JSON, small enough that a 50 MB HAR never holds bodies twice.
pub const BODY_EXCERPT_LIMIT: usize = 4096;

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

/// One request and its response, as a HAR entry or a live capture describes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Exchange {
    /// The request method (`GET`, `POST`, ...).
    pub method: String,
    /// The request URL as sent (credentials included; redact before showing).
    pub url: String,
    /// Request headers in order.
    pub request_headers: Vec<Header>,
    /// At most [`BODY_EXCERPT_LIMIT`] bytes of the request body (HAR `request.postData.text`, a
    /// curl `--data`), when it was captured as text: token requests carry credentials there.
    pub request_body_excerpt: Option<String>,
    /// HTTP status; 0 when no response arrived (blocked, CORS failure, aborted).
    pub status: u16,
    /// The status text (`Unauthorized`), when captured.
    pub status_text: String,
    /// Response headers in order.
    pub response_headers: Vec<Header>,
    /// At most [`BODY_EXCERPT_LIMIT`] bytes of the response body, when it was captured as text.
    pub response_body_excerpt: Option<String>,
    /// When the request started, in milliseconds since the Unix epoch (HAR `startedDateTime`).
    pub started_at_ms: Option<i64>,
    /// How long the exchange took, in milliseconds (HAR `time`: from the request's start to the
    /// response's end), when known: tells which requests were in flight at the same time.
    pub duration_ms: Option<f64>,
    /// HAR `response.redirectURL` (or the `Location` header), when the response redirects.
    pub redirect_url: Option<String>,
    /// Chrome's `_resourceType` (`fetch`, `xhr`, `preflight`, `document`, ...), when known.
    pub resource_type: Option<String>,
    /// The initiator's URL or kind (Chrome `_initiator`), when known.
    pub initiator: Option<String>,
}

impl Exchange {
    /// An exchange with no headers and no response yet.
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        Exchange {
            method: method.into(),
            url: url.into(),
            ..Default::default()
        }
    }
    /// Adds a request header.
    pub fn with_request_header(mut self, name: &str, value: &str) -> Self {
        self.request_headers.push(Header::new(name, value));
        self
    }
    /// Adds a response header.
    pub fn with_response_header(mut self, name: &str, value: &str) -> Self {
        self.response_headers.push(Header::new(name, value));
        self
    }
    /// Sets the response status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
    /// Sets the request body excerpt (at most [`BODY_EXCERPT_LIMIT`] bytes are kept).
    pub fn with_request_body(mut self, body: &str) -> Self {
        self.request_body_excerpt = Some(excerpt(body).to_owned());
        self
    }
    /// Sets the response body excerpt (cut to [`BODY_EXCERPT_LIMIT`] bytes).
    pub fn with_body(mut self, body: &str) -> Self {
        self.response_body_excerpt = Some(excerpt(body).to_owned());
        self
    }
    /// Sets when the request started (ms since the Unix epoch).
    pub fn with_started_at_ms(mut self, ms: i64) -> Self {
        self.started_at_ms = Some(ms);
        self
    }
    /// First request header with this name (ASCII case-insensitive).
    pub fn request_header(&self, name: &str) -> Option<&str> {
        find_header(&self.request_headers, name)
    }
    /// First response header with this name (ASCII case-insensitive).
    pub fn response_header(&self, name: &str) -> Option<&str> {
        find_header(&self.response_headers, name)
    }
    /// Every request header value with this name, in order.
    pub fn request_headers_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.request_headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
    /// Every response header value with this name, in order.
    pub fn response_headers_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.response_headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }
}

fn find_header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// The first [`BODY_EXCERPT_LIMIT`] bytes of `body`, cut on a char boundary.
pub fn excerpt(body: &str) -> &str {
    if body.len() <= BODY_EXCERPT_LIMIT {
        return body;
    }
    let mut end = BODY_EXCERPT_LIMIT;
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// How sure and how serious a finding is; orders worst first.
pub enum Severity {
    /// Certainly the cause of the failure (or certainly wrong).
    Error,
    /// Probably a problem; worth checking.
    Warning,
    /// Worth knowing; not a problem by itself.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// What a [`Span`]'s offsets count. JavaScript strings index UTF-16 units, Rust strings UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanUnit {
    /// Offsets count UTF-8 bytes (Rust strings).
    Utf8Bytes,
    /// Offsets count UTF-16 units (JavaScript strings).
    Utf16Units,
}

/// A half-open range `[start, end)` in the evidence field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First offset in the range.
    pub start: usize,
    /// One past the last offset.
    pub end: usize,
    /// What the offsets count.
    pub unit: SpanUnit,
}

impl Span {
    /// A span in UTF-8 bytes.
    pub fn bytes(start: usize, end: usize) -> Self {
        Span {
            start,
            end,
            unit: SpanUnit::Utf8Bytes,
        }
    }
}

/// One offending code point, for the byte view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePointNote {
    /// Offset of the character in UTF-8 bytes.
    pub byte_offset: usize,
    /// Offset of the character in UTF-16 units (what JavaScript's `String.prototype.at` uses).
    pub utf16_offset: usize,
    /// `U+200B` form.
    pub code_point: String,
    /// Unicode name, e.g. `ZERO WIDTH SPACE`.
    pub name: String,
}

/// Where a finding comes from. Never holds a full secret: values are redacted by the rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// What was looked at: `request.header.Authorization`, `response.header.WWW-Authenticate`,
    /// `request.url.query.api_key`, `response.body`, `jwt.claims.exp`, `entry`, ...
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Where in the field the problem is.
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The offending characters, for the byte view.
    pub code_points: Vec<CodePointNote>,
    /// Redacted or non-secret facts, e.g. `("expected", "x-api-key")`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<(String, String)>,
}

impl Evidence {
    /// Evidence about `field`, with no span or facts yet.
    pub fn field(field: impl Into<String>) -> Self {
        Evidence {
            field: field.into(),
            ..Default::default()
        }
    }
    /// Adds the span.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    /// Adds a redacted or non-secret fact.
    pub fn with_fact(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.facts.push((name.into(), value.into()));
        self
    }
}

/// One diagnosis: what is wrong, why, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which finding.
    pub id: FindingId,
    /// How serious it is here.
    pub severity: Severity,
    /// One-line summary, from the id's documentation.
    pub title: String,
    /// The explanation, in plain sentences.
    pub detail: String,
    /// How to fix it.
    pub fix: String,
    /// Where it was found.
    pub evidence: Evidence,
    /// Where to read more (RFCs, provider documentation).
    pub references: Vec<String>,
}
