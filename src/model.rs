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
use crate::redact::{Fingerprint, Secret, Text};

/// Bodies are kept only up to this many bytes (cut on a char boundary): enough to recognise a
/// provider's error JSON, small enough that a 50 MB HAR never holds bodies twice.
pub const BODY_EXCERPT_LIMIT: usize = 4096;

pub use crate::http::Header;

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
    crate::text::cut(body, BODY_EXCERPT_LIMIT)
}

pub use crate::findings::Severity;

pub use crate::bytes::{CodePointNote, Span, SpanUnit};

/// The value of one evidence fact. Only engine vocabulary (`Word`), numbers and fingerprints are
/// shown as they are; anything taken from the input is a [`Text`] (escaped, bounded, key-like runs
/// redacted) or a [`Secret`] (redacted), so a finding cannot print a key whatever a rule writes.
///
/// A `String` converts to `Text` (the safe default); a `&'static str` is engine vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A number the engine counted or read (a count, an offset, a status, seconds).
    Num(i64),
    /// A yes/no fact.
    Bool(bool),
    /// Text the engine itself wrote: a finding vocabulary word, a provider or header name from
    /// the catalogue. `&'static str` only, so it cannot hold input.
    Word(&'static str),
    /// Text from the input that is not the credential (names, schemes, URLs, server messages).
    Text(Text),
    /// A credential or part of one.
    Secret(Secret),
    /// A credential's fingerprint, shown salted (see [`crate::redact::Fingerprint::short`]).
    Fingerprint(Fingerprint),
}

impl Value {
    /// The display form: what JSON, the CLI, the UI and exports show.
    pub fn shown(&self) -> String {
        match self {
            Value::Num(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Word(w) => (*w).to_owned(),
            Value::Text(t) => t.shown(),
            Value::Secret(s) => s.redacted(),
            Value::Fingerprint(f) => f.short(),
        }
    }
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Value::Num(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
value_from_int!(u8, u16, u32, u64, usize, i32, i64);

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<&'static str> for Value {
    fn from(w: &'static str) -> Self {
        Value::Word(w)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(Text::new(s))
    }
}
impl From<Text> for Value {
    fn from(t: Text) -> Self {
        Value::Text(t)
    }
}
impl From<Secret> for Value {
    fn from(s: Secret) -> Self {
        Value::Secret(s)
    }
}
impl From<Fingerprint> for Value {
    fn from(f: Fingerprint) -> Self {
        Value::Fingerprint(f)
    }
}

/// One named piece of evidence, e.g. `expected = x-api-key`. Serialised as `[name, shown]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The fact's name (engine vocabulary: `expected`, `sent`, `count`, ...).
    pub name: &'static str,
    /// Its typed value.
    pub value: Value,
}

impl Serialize for Fact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.name, self.value.shown()).serialize(s)
    }
}

/// Where a finding comes from, as data: the field (the carrier: `request.header.Authorization`,
/// `request.url.query.api_key`, ...), a span, the offending code points and typed facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// What was looked at: `request.header.Authorization`, `response.header.WWW-Authenticate`,
    /// `request.url.query.api_key`, `response.body`, `jwt.claims.exp`, `entry`, ... Names from
    /// the input in it are escaped, bounded and redacted like a [`Text`].
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Where in the field the problem is.
    pub span: Option<Span>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    /// The offending characters, for the byte view.
    pub code_points: Vec<CodePointNote>,
    /// Typed facts, e.g. `expected = Word("x-api-key")`, `sent = Secret(..)`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
}

impl Evidence {
    /// Evidence about `field`, with no span or facts yet (input names in it are shown escaped,
    /// bounded and redacted).
    pub fn field(field: impl AsRef<str>) -> Self {
        Evidence {
            field: Text::new(field).shown(),
            ..Default::default()
        }
    }
    /// Adds the span.
    /// Sets the span.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    /// Adds a typed fact (a `String` becomes a redacting [`Text`]).
    pub fn with_fact(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.facts.push(Fact {
            name,
            value: value.into(),
        });
        self
    }
    /// The display form of the first fact called `name`.
    pub fn fact(&self, name: &str) -> Option<String> {
        self.facts
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.value.shown())
    }
}

/// The explanation of a finding as data: static sentence templates with `{name}` placeholders
/// (`{{`/`}}` for braces) and the typed values that fill them. Rendered only where it is
/// displayed, by [`crate::render::detail`]; a placeholder without an argument is looked up in the
/// finding's evidence facts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// Sentence templates, rendered one after the other.
    pub templates: Vec<&'static str>,
    /// Values for the templates' placeholders.
    pub args: Vec<Fact>,
}

/// A [`Message`] starting with `template`.
pub fn msg(template: &'static str) -> Message {
    Message {
        templates: vec![template],
        args: Vec::new(),
    }
}

impl Message {
    /// Fills `{name}` with `value`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.args.push(Fact {
            name,
            value: value.into(),
        });
        self
    }
    /// Appends another template (usually an optional sentence, starting with a space).
    pub fn then(mut self, template: &'static str) -> Self {
        self.templates.push(template);
        self
    }
}

/// One diagnosis, as data: the id (whose documentation gives the title, fix and references), the
/// severity, the evidence and the message; the detail sentence is rendered from them on display
/// ([`Finding::detail`]) and in JSON (`title`, `detail`, `fix`, `references` are written out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which finding.
    pub id: FindingId,
    /// How serious it is here.
    pub severity: Severity,
    /// Where it was found, as typed data.
    pub evidence: Evidence,
    /// The explanation as data; [`Finding::detail`] renders it.
    pub message: Message,
}

impl Finding {
    /// A finding for `id` with its documented severity.
    pub fn new(id: FindingId, message: Message, evidence: Evidence) -> Self {
        Finding {
            id,
            severity: crate::findings::summary(id).severity,
            evidence,
            message,
        }
    }
    /// One-line summary, from the id's documentation.
    pub fn title(&self) -> &'static str {
        crate::findings::summary(self.id).title
    }
    /// How to fix it, from the id's documentation.
    pub fn fix(&self) -> &'static str {
        crate::findings::summary(self.id).fix
    }
    /// Where to read more (RFCs, provider documentation), from the id's documentation.
    pub fn references(&self) -> &'static [&'static str] {
        crate::findings::summary(self.id).references
    }
}
