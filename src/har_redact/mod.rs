//! Rewrites a HAR file with every secret replaced by an `authlens-redacted:` placeholder that
//! keeps the evidence (scheme, provider and kind, public prefix, length, salted fingerprint, odd
//! characters, JWT header and claims), streaming entry by entry.
//!
//! ```
//! use authlens::har_redact::{redact_har_string, placeholder::Salt, RedactOptions};
//!
//! let har = r#"{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[
//!   {"request":{"method":"GET","url":"https://api.example.com/v1?api_key=abcdef0123456789abcdef",
//!     "headers":[{"name":"Authorization","value":"Bearer sk-ant-api03-0123456789abcdefghij"}]},
//!    "response":{"status":401,"headers":[],"content":{"size":0,"text":""}}}]}}"#;
//! let (out, report) = redact_har_string(har, RedactOptions::default(), &Salt::from_bytes([3; 32])).unwrap();
//! assert!(!out.contains("0123456789abcdefghij") && !out.contains("abcdef0123456789abcdef"));
//! assert!(out.contains("Bearer authlens-redacted:v1:key:"));
//! assert_eq!(report.replaced.total(), 2);
//! // Everything else is copied byte for byte.
//! assert!(out.starts_with(r#"{"log":{"version":"1.2","creator":{"name":"t","version":"1"}"#));
//! ```
//!
//! Memory: the input is held once; the output is written to the caller's writer as it is made,
//! and only one entry at a time is turned into a tree, so a 50 MB HAR needs about 50 MB plus its
//! largest entry.

pub mod json;
pub mod placeholder;
pub mod values;

use std::borrow::Cow;
use std::fmt;
use std::io::Write;
use std::ops::Range;

use json::{parse_string, parse_value, quote, skip_value, skip_ws, JsonError, Node};
use placeholder::{count_placeholders, rehydrate, Salt};
use values::{Redactor, Replaced, Side};

use crate::model::Exchange;
use crate::providers::Provider;

/// Choices for one export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RedactOptions {
    /// Remove personal claims (`email`, `name`, `preferred_username`, `phone_number`...) from
    /// kept JWT payloads.
    pub drop_personal_claims: bool,
}

/// Why a file could not be redacted. Nothing is written that is not a complete HAR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedactError {
    /// The input is not UTF-8 (first bad byte at `byte_offset`).
    NotUtf8 {
        /// Offset of the first invalid byte.
        byte_offset: usize,
    },
    /// The input is not one JSON value.
    NotJson {
        /// 1-based line of the error.
        line: usize,
        /// What is wrong there.
        message: &'static str,
    },
    /// JSON, but without a `log.entries` array.
    NotHar,
    /// The output could not be written.
    Write(String),
}

impl fmt::Display for RedactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedactError::NotUtf8 { byte_offset } => write!(
                f,
                "the file is not UTF-8 text (invalid byte at offset {byte_offset}); HAR files must be UTF-8"
            ),
            RedactError::NotJson { line, message } => {
                write!(f, "not valid JSON at line {line}: {message}")
            }
            RedactError::NotHar => f.write_str(
                "not a HAR file: expected an object with a `log.entries` array",
            ),
            RedactError::Write(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl std::error::Error for RedactError {}

/// What one export replaced, by place and kind, never with values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedactReport {
    /// How many `log.entries` the file has (all of them are in the output).
    pub entries: usize,
    /// What was replaced, by place and kind.
    pub replaced: Replaced,
}

impl fmt::Display for RedactReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} entr{}, {} secret(s) replaced",
            self.entries,
            if self.entries == 1 { "y" } else { "ies" },
            self.replaced.total()
        )?;
        for ((location, what), n) in &self.replaced.counts {
            writeln!(f, "  {n:>5}  {location}: {what}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for RedactReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Row<'a> {
            location: &'a str,
            what: &'a str,
            count: usize,
        }
        #[derive(serde::Serialize)]
        struct Out<'a> {
            entries: usize,
            replaced: usize,
            by_kind: Vec<Row<'a>>,
        }
        Out {
            entries: self.entries,
            replaced: self.replaced.total(),
            by_kind: self
                .replaced
                .counts
                .iter()
                .map(|((location, what), &count)| Row {
                    location,
                    what,
                    count,
                })
                .collect(),
        }
        .serialize(s)
    }
}

/// Checks that `text` is one JSON value with a `log.entries` array, without building anything.
fn validate(text: &str, start: usize) -> Result<(), RedactError> {
    let b = text.as_bytes();
    let fail = |e: JsonError| json_error(text, e);
    // `f(key, value_start) -> value_end` for each member of the object at `start`.
    fn members(
        text: &str,
        start: usize,
        f: &mut dyn FnMut(&str, usize) -> Result<usize, RedactError>,
    ) -> Result<usize, RedactError> {
        let b = text.as_bytes();
        let mut i = skip_ws(text, start + 1);
        if b.get(i) == Some(&b'}') {
            return Ok(i + 1);
        }
        loop {
            let (key, after) = parse_string(text, i).map_err(|e| json_error(text, e))?;
            i = skip_ws(text, after);
            if b.get(i) != Some(&b':') {
                return Err(json_error(
                    text,
                    JsonError {
                        offset: i,
                        message: "expected `:`",
                    },
                ));
            }
            let end = f(&key, skip_ws(text, i + 1))?;
            i = skip_ws(text, end);
            match b.get(i) {
                Some(b',') => i = skip_ws(text, i + 1),
                Some(b'}') => return Ok(i + 1),
                _ => {
                    return Err(json_error(
                        text,
                        JsonError {
                            offset: i,
                            message: "expected `,` or `}`",
                        },
                    ))
                }
            }
        }
    }
    let root = skip_ws(text, start);
    let mut has_entries = false;
    let end = if b.get(root) == Some(&b'{') {
        members(text, root, &mut |key, v| {
            if key == "log" && b.get(v) == Some(&b'{') {
                members(text, v, &mut |key, v| {
                    if key == "entries" && b.get(v) == Some(&b'[') {
                        has_entries = true;
                    }
                    skip_value(text, v).map_err(fail)
                })
            } else {
                skip_value(text, v).map_err(fail)
            }
        })?
    } else {
        skip_value(text, root).map_err(fail)?
    };
    if skip_ws(text, end) != text.len() {
        return Err(RedactError::NotJson {
            line: json::line_of(text, end),
            message: "text after the JSON value",
        });
    }
    if !has_entries {
        return Err(RedactError::NotHar);
    }
    Ok(())
}

fn syntax(text: &str, offset: usize, message: &'static str) -> RedactError {
    json_error(text, JsonError { offset, message })
}

fn json_error(text: &str, e: JsonError) -> RedactError {
    RedactError::NotJson {
        line: json::line_of(text, e.offset),
        message: e.message,
    }
}

/// Redacts `input` (a HAR file's bytes) into `out`. The whole input is checked first, so on
/// an error nothing has been written.
pub fn redact_har(
    input: &[u8],
    out: &mut dyn Write,
    opts: RedactOptions,
    salt: &Salt,
) -> Result<RedactReport, RedactError> {
    let (text, start) = har_text(input)?;
    // Validate the whole document before writing anything: a half-written HAR is worse than none.
    validate(text, start)?;
    rewrite(text, start, out, opts, salt)
}

/// [`redact_har`] in one pass: the input is checked as it is rewritten (what is accepted and
/// the errors are the same), so on an error part of the output has been written already. For
/// output the caller discards on error: a `Vec`, or a temporary file renamed only on success.
pub fn redact_har_single_pass(
    input: &[u8],
    out: &mut dyn Write,
    opts: RedactOptions,
    salt: &Salt,
) -> Result<RedactReport, RedactError> {
    let (text, start) = har_text(input)?;
    rewrite(text, start, out, opts, salt)
}

/// The input as text, and where its JSON starts (after a byte order mark).
fn har_text(input: &[u8]) -> Result<(&str, usize), RedactError> {
    let text = std::str::from_utf8(input).map_err(|e| RedactError::NotUtf8 {
        byte_offset: e.valid_up_to(),
    })?;
    Ok((text, text.strip_prefix('\u{feff}').map_or(0, |_| 3)))
}

fn rewrite(
    text: &str,
    start: usize,
    out: &mut dyn Write,
    opts: RedactOptions,
    salt: &Salt,
) -> Result<RedactReport, RedactError> {
    let mut w = Rewriter {
        text,
        last: 0,
        out,
        r: {
            let mut r = Redactor::new(salt, opts);
            r.learn_pkce(text);
            r
        },
        entries: 0,
        saw_entries: false,
    };
    w.root(start)?;
    if !w.saw_entries {
        return Err(RedactError::NotHar);
    }
    w.flush_to(text.len())?;
    Ok(RedactReport {
        entries: w.entries,
        replaced: w.r.replaced,
    })
}

/// [`redact_har`] into a string (the browser's export).
pub fn redact_har_string(
    input: &str,
    opts: RedactOptions,
    salt: &Salt,
) -> Result<(String, RedactReport), RedactError> {
    let mut out = Vec::with_capacity(input.len() + input.len() / 8);
    // On an error the partial output is dropped with `out`.
    let report = redact_har_single_pass(input.as_bytes(), &mut out, opts, salt)?;
    let text = String::from_utf8(out).map_err(|e| RedactError::Write(e.to_string()))?;
    Ok((text, report))
}

/// Replaces every placeholder in an exchange read from a redacted HAR by its stand-in (same
/// prefix, length, shape and odd characters), so the rules analyse it like the original;
/// returns how many there were.
pub fn rehydrate_exchange(ex: &mut Exchange) -> usize {
    let mut n = 0;
    let mut fix = |s: &mut String| {
        if let Some(new) = rehydrate(s) {
            n += count_placeholders(s);
            *s = new;
        }
    };
    fix(&mut ex.url);
    for h in ex
        .request_headers
        .iter_mut()
        .chain(ex.response_headers.iter_mut())
    {
        fix(&mut h.value);
    }
    if let Some(s) = ex.redirect_url.as_mut() {
        fix(s);
    }
    if let Some(s) = ex.response_body_excerpt.as_mut() {
        fix(s);
    }
    if let Some(s) = ex.request_body_excerpt.as_mut() {
        fix(s);
    }
    if let Some(s) = ex.initiator.as_mut() {
        fix(s);
    }
    n
}

struct Rewriter<'t, 'o, 's> {
    text: &'t str,
    last: usize,
    out: &'o mut dyn Write,
    r: Redactor<'s>,
    entries: usize,
    saw_entries: bool,
}

fn host_provider(url: &str) -> Option<&'static Provider> {
    let parts = crate::rules::http::UrlParts::parse(url)?;
    crate::providers::provider_for_host(parts.host)
}

fn looks_like_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("ws") || s.contains('?')
}

impl Rewriter<'_, '_, '_> {
    fn flush_to(&mut self, at: usize) -> Result<(), RedactError> {
        if at > self.last {
            self.out
                .write_all(&self.text.as_bytes()[self.last..at])
                .map_err(|e| RedactError::Write(e.to_string()))?;
            self.last = at;
        }
        Ok(())
    }

    fn replace(&mut self, range: Range<usize>, new_value: &str) -> Result<(), RedactError> {
        self.flush_to(range.start)?;
        self.out
            .write_all(quote(new_value).as_bytes())
            .map_err(|e| RedactError::Write(e.to_string()))?;
        self.last = range.end;
        Ok(())
    }

    /// Calls `f(key, value_start) -> value_end` for each member of the object at `start`.
    fn members(
        &mut self,
        start: usize,
        mut f: impl FnMut(&mut Self, &str, usize) -> Result<usize, RedactError>,
    ) -> Result<usize, RedactError> {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = skip_ws(text, start + 1);
        if b.get(i) == Some(&b'}') {
            return Ok(i + 1);
        }
        loop {
            let (key, after) = parse_string(text, i).map_err(|e| json_error(text, e))?;
            i = skip_ws(text, after);
            // Checked here too, for `redact_har_single_pass` (the same errors as `validate`).
            if b.get(i) != Some(&b':') {
                return Err(syntax(text, i, "expected `:`"));
            }
            let value_start = skip_ws(text, i + 1);
            let end = f(self, &key, value_start)?;
            i = skip_ws(text, end);
            match b.get(i) {
                Some(b',') => i = skip_ws(text, i + 1),
                Some(b'}') => return Ok(i + 1),
                _ => return Err(syntax(text, i, "expected `,` or `}`")),
            }
        }
    }

    fn root(&mut self, start: usize) -> Result<(), RedactError> {
        let text = self.text;
        let start = skip_ws(text, start);
        let end = if text.as_bytes().get(start) == Some(&b'{') {
            self.members(start, |w, key, v| {
                if key == "log" && text.as_bytes().get(v) == Some(&b'{') {
                    w.log(v)
                } else {
                    w.generic(v)
                }
            })?
        } else {
            // Not an object: a syntax error is reported before "not a HAR", as `validate` does.
            skip_value(text, start).map_err(|e| json_error(text, e))?
        };
        if skip_ws(text, end) != text.len() {
            return Err(RedactError::NotJson {
                line: json::line_of(text, end),
                message: "text after the JSON value",
            });
        }
        Ok(())
    }

    fn log(&mut self, start: usize) -> Result<usize, RedactError> {
        let text = self.text;
        self.members(start, |w, key, v| {
            if key == "entries" && text.as_bytes().get(v) == Some(&b'[') {
                w.saw_entries = true;
                w.entries_array(v)
            } else {
                w.generic(v)
            }
        })
    }

    fn entries_array(&mut self, start: usize) -> Result<usize, RedactError> {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = skip_ws(text, start + 1);
        if b.get(i) == Some(&b']') {
            return Ok(i + 1);
        }
        loop {
            let (node, end) = parse_value(text, i, 0).map_err(|e| json_error(text, e))?;
            self.entry(&node)?;
            self.entries += 1;
            drop(node);
            i = skip_ws(text, end);
            match b.get(i) {
                Some(b',') => i = skip_ws(text, i + 1),
                Some(b']') => return Ok(i + 1),
                None => return Err(syntax(text, i, "unexpected end of input")),
                _ => return Err(syntax(text, i, "expected `,` or `]`")),
            }
        }
    }

    /// A value outside the entries: strings are scanned for key- and JWT-shaped text and URL
    /// secrets (page titles are URLs).
    fn generic(&mut self, start: usize) -> Result<usize, RedactError> {
        let text = self.text;
        let end = skip_value(text, start).map_err(|e| json_error(text, e))?;
        self.generic_range(start..end, None)?;
        Ok(end)
    }

    fn generic_range(
        &mut self,
        range: Range<usize>,
        host: Option<&'static Provider>,
    ) -> Result<(), RedactError> {
        let text = self.text;
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let r = &mut self.r;
        json::for_each_string(text, range, |lit, s, is_key| {
            if !is_key {
                if let Some(new) = r.text(&s, host, "other", looks_like_url(&s)) {
                    edits.push((lit, new));
                }
            }
        })
        .map_err(|e| json_error(text, e))?;
        for (lit, new) in edits {
            self.replace(lit, &new)?;
        }
        Ok(())
    }

    fn entry(&mut self, node: &Node<'_>) -> Result<(), RedactError> {
        let host = node
            .get("request")
            .and_then(|r| r.get("url"))
            .and_then(Node::as_str)
            .and_then(host_provider);
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut deep: Vec<Range<usize>> = Vec::new();
        let mut path: Vec<&str> = Vec::new();
        self.visit(node, &mut path, host, &mut edits, &mut deep);
        rebind_dpop_proof(node, &mut edits);
        edits.sort_by_key(|(r, _)| r.start);
        let mut deep = deep.into_iter().peekable();
        for (lit, new) in edits {
            while let Some(d) = deep.next_if(|d| d.start < lit.start) {
                self.generic_range(d, host)?;
            }
            self.replace(lit, &new)?;
        }
        for d in deep {
            self.generic_range(d, host)?;
        }
        Ok(())
    }

    fn visit<'n>(
        &mut self,
        node: &'n Node<'n>,
        path: &mut Vec<&'n str>,
        host: Option<&'static Provider>,
        edits: &mut Vec<(Range<usize>, String)>,
        deep: &mut Vec<Range<usize>>,
    ) {
        match node {
            Node::Obj(members, _) => {
                let pair = |n: &str| node.get(n).and_then(Node::as_str);
                let handled_value = match path.as_slice() {
                    [side @ ("request" | "response"), "headers", "[]"] => {
                        let side = if *side == "request" {
                            Side::Request
                        } else {
                            Side::Response
                        };
                        pair("value")
                            .and_then(|v| self.r.header(side, pair("name").unwrap_or(""), v, host))
                    }
                    ["request", "queryString", "[]"] | ["request", "postData", "params", "[]"] => {
                        let location = if path[1] == "queryString" {
                            "request queryString"
                        } else {
                            "request form field"
                        };
                        pair("value").and_then(|v| {
                            self.r.param(pair("name").unwrap_or(""), v, host, location)
                        })
                    }
                    [side @ ("request" | "response"), "cookies", "[]"] => {
                        pair("value").and_then(|v| {
                            let location = if *side == "request" {
                                "request cookies"
                            } else {
                                "response cookies"
                            };
                            let new = self.r.cookie_value(v, location);
                            (new != v).then_some(new)
                        })
                    }
                    _ => None,
                };
                let is_pair = matches!(
                    path.as_slice(),
                    [_, "headers" | "queryString" | "cookies", "[]"]
                        | ["request", "postData", "params", "[]"]
                );
                let body_side = match path.as_slice() {
                    ["response", "content"] => Some(Side::Response),
                    ["request", "postData"] => Some(Side::Request),
                    _ => None,
                };
                if let (Some(new), Some(Node::Str(lit, _))) = (handled_value, node.get("value")) {
                    edits.push((lit.clone(), new));
                }
                for (k, v) in members {
                    if is_pair && (k == "value" || k == "name") {
                        continue;
                    }
                    path.push(k.as_ref());
                    self.visit(v, path, host, edits, deep);
                    path.pop();
                }
                if let (Some(side), Some(Node::Str(lit, s))) = (body_side, node.get("text")) {
                    let mime = node.get("mimeType").and_then(Node::as_str);
                    let encoding = node.get("encoding").and_then(Node::as_str);
                    if let Some(new) = self.body(s, mime, side, host, encoding) {
                        edits.push((lit.clone(), new));
                    }
                }
            }
            Node::Arr(items, _) => {
                for v in items {
                    path.push("[]");
                    self.visit(v, path, host, edits, deep);
                    path.pop();
                }
            }
            Node::Str(lit, s) => {
                let new = match path.as_slice() {
                    ["request", "url"] => self.r.text(s, host, "request url", true),
                    ["response", "redirectURL"] => {
                        self.r.text(s, host, "response redirectURL", true)
                    }
                    ["request", "postData", "text"] | ["response", "content", "text"] => None,
                    _ => self.r.text(s, host, "other", looks_like_url(s)),
                };
                if let Some(new) = new {
                    edits.push((lit.clone(), new));
                }
            }
            Node::Scalar(_) => {}
            Node::Deep(r) => deep.push(r.clone()),
        }
    }

    /// A request or response body: form fields, JSON members, or free text.
    fn body(
        &mut self,
        body: &str,
        mime: Option<&str>,
        side: Side,
        host: Option<&'static Provider>,
        encoding: Option<&str>,
    ) -> Option<String> {
        if encoding.is_some_and(|e| e.eq_ignore_ascii_case("base64")) {
            use base64::Engine as _;
            let engine = base64::engine::general_purpose::STANDARD;
            let raw = engine.decode(body.trim()).ok()?;
            let decoded = String::from_utf8(raw).ok()?;
            let new = self.body(&decoded, mime, side, host, None)?;
            return Some(engine.encode(new));
        }
        let location = match side {
            Side::Request => "request body",
            Side::Response => "response body",
        };
        let mime = mime.unwrap_or("").to_ascii_lowercase();
        if mime.contains("x-www-form-urlencoded") {
            return self.form(body, host, location);
        }
        let trimmed = body.trim_start();
        if trimmed.starts_with(['{', '[']) {
            if let Some(new) = self.json_body(body, side, host, location) {
                return new;
            }
        }
        self.r.text(body, host, location, false)
    }

    fn form(
        &mut self,
        body: &str,
        host: Option<&'static Provider>,
        location: &str,
    ) -> Option<String> {
        let mut out = String::with_capacity(body.len() + 64);
        let mut changed = false;
        for (i, pair) in body.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((name, value)) => {
                    let decoded_name = percent_decode(name);
                    match self.r.param(&decoded_name, value, host, location) {
                        Some(new) => {
                            out.push_str(name);
                            out.push('=');
                            out.push_str(&new);
                            changed = true;
                        }
                        None => out.push_str(pair),
                    }
                }
                None => out.push_str(pair),
            }
        }
        changed.then_some(out)
    }

    /// `Some(None)`: valid JSON without secrets; `None`: not JSON (scan it as text).
    fn json_body(
        &mut self,
        body: &str,
        side: Side,
        host: Option<&'static Provider>,
        location: &str,
    ) -> Option<Option<String>> {
        let end = skip_value(body, 0).ok()?;
        if skip_ws(body, end) != body.len() {
            return None;
        }
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        let mut last_key: Option<Cow<'_, str>> = None;
        let r = &mut self.r;
        json::for_each_string(body, 0..body.len(), |lit, s, is_key| {
            if is_key {
                last_key = Some(s);
                return;
            }
            let name = last_key.as_deref().unwrap_or("");
            let new = r.json_member(name, &s, side == Side::Request, host, location);
            if let Some(new) = new {
                edits.push((lit, new));
            }
        })
        .ok()?;
        if edits.is_empty() {
            return Some(None);
        }
        let mut out = String::with_capacity(body.len() + 64 * edits.len());
        let mut last = 0;
        for (lit, new) in edits {
            out.push_str(&body[last..lit.start]);
            json::push_quoted(&mut out, &new);
            last = lit.end;
        }
        out.push_str(&body[last..]);
        Some(Some(out))
    }
}

/// A DPoP proof's `ath` claim is the hash of the access token sent with it (RFC 9449 §4.2):
/// when it matched the real token, it is rewritten to match the stand-in `check` will read, so
/// the redacted proof is still bound to its (redacted) token.
fn rebind_dpop_proof(node: &Node<'_>, edits: &mut [(Range<usize>, String)]) {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let s256 = |t: &str| {
        use sha2::Digest as _;
        b64.encode(sha2::Sha256::digest(t.as_bytes()))
    };
    let Some(Node::Arr(headers, _)) = node.get("request").and_then(|r| r.get("headers")) else {
        return;
    };
    let find = |name: &str| {
        headers.iter().find_map(|h| {
            let n = h.get("name").and_then(Node::as_str)?;
            match h.get("value")? {
                Node::Str(lit, v) if n.eq_ignore_ascii_case(name) => Some((lit.clone(), v)),
                _ => None,
            }
        })
    };
    let (Some((auth_lit, auth)), Some((proof_lit, proof))) = (find("authorization"), find("dpop"))
    else {
        return;
    };
    let token_of = |v: &str| -> Option<String> {
        let (scheme, token) = v.trim().split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("DPoP")
            .then(|| token.trim().to_owned())
    };
    let Some(token) = token_of(auth) else { return };
    let claims_of = |p: &str| {
        let payload = p.trim().split('.').nth(1)?;
        let raw = b64.decode(payload).ok()?;
        serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&raw).ok()
    };
    let Some(mut claims) = claims_of(proof) else {
        return;
    };
    if claims.get("ath").and_then(|a| a.as_str()) != Some(s256(&token).as_str()) {
        return;
    }
    let Some(new_auth) = edits.iter().find(|(r, _)| *r == auth_lit).map(|(_, v)| v) else {
        return;
    };
    let Some(stand_in) = rehydrate(new_auth).as_deref().and_then(token_of) else {
        return;
    };
    claims.insert("ath".to_owned(), serde_json::Value::String(s256(&stand_in)));
    let Some((_, proof_text)) = edits.iter_mut().find(|(r, _)| *r == proof_lit) else {
        return;
    };
    let mut parts: Vec<String> = proof_text.splitn(3, '.').map(str::to_owned).collect();
    if parts.len() == 3 {
        parts[1] = b64.encode(serde_json::to_vec(&claims).unwrap_or_default());
        *proof_text = parts.join(".");
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(s.get(i + 1..i + 3).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
