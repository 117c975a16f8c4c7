//! The wasm binding: converts JS values, calls the core, holds no analysis logic.
//!
//! ```ignore
//! // From JavaScript (the module wasm-bindgen generates):
//! // import init, { analyzePaste } from './pkg/authlens.js';
//! // await init();
//! // analyzePaste('Authorization: Bearer undefined', { status: 401 }).findings[0].id === 'token.placeholder'
//! ```
//!
//! Values cross the boundary as plain JS objects, each as one JSON text (`JSON.stringify` /
//! `JSON.parse` in the engine, serde_json here: maps become objects). Errors are thrown as JS
//! `Error`s carrying the core error's `Display` text.

pub mod deliveries;
pub mod ui;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::card::{cards_for_exchange, CredentialCard};
use crate::findings::{summary, FindingId, FindingSummary};
use crate::har::{HarEvent, HarIssue, HarReader};
use crate::input::{parse_paste, PasteHints};
use crate::model::{Exchange, Finding};
use crate::parse::challenge::{parse_challenges_lenient, Challenge};
use crate::report::{HarReportBuilder, JsonReport};
use crate::rules::{
    analyze_credential, analyze_exchange, analyze_session, AnalysisOptions, SessionAnalyzer,
};

/// Runs when the module is instantiated: panics (which the core never raises) go to the console.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    set_fingerprint_salt();
}

/// Shown fingerprints are salted per page load (see `redact::set_session_salt`): wasm32 has no
/// OS randomness in std, so the salt comes from `crypto.getRandomValues`.
fn set_fingerprint_salt() {
    let salt = random_salt().unwrap_or_else(|| {
        // No Web Crypto (never in a browser): Math.random still keeps the shown salt unknown.
        let mut salt = [0u8; 32];
        for b in &mut salt {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
        salt
    });
    crate::redact::set_session_salt(salt);
}

/// 32 bytes from `crypto.getRandomValues`, or `None` without Web Crypto.
pub(crate) fn random_salt() -> Option<[u8; 32]> {
    let bytes = js_sys::Uint8Array::new_with_length(32);
    let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
    let f = js_sys::Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).ok()?;
    let f: js_sys::Function = f.dyn_into().ok()?;
    f.call1(&crypto, &bytes).ok()?;
    let mut salt = [0u8; 32];
    bytes.copy_to(&mut salt);
    Some(salt)
}

fn js_error(message: &str) -> JsValue {
    into_error(message)
}

/// Every error the binding throws: a JS `Error` whose message is the core error's text (which
/// never quotes input beyond a short redacted excerpt).
pub(crate) fn into_error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

/// Results cross as one JSON text that the JS engine parses natively: building the object graph
/// property by property through the boundary (serde-wasm-bindgen) costs several times more for
/// reports with many findings.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| into_error(e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// Values arrive the same way: `JSON.stringify` in the engine, one serde_json pass here,
/// instead of one `Reflect.get` through the boundary per field (and no second deserializer in
/// the module: serde-wasm-bindgen cost ~10 KB of code).
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(
    value: JsValue,
    what: &str,
) -> Result<T, JsValue> {
    let text = JsValue::from(js_sys::JSON::stringify(&value)?)
        .as_string()
        .ok_or_else(|| into_error(format!("{what}: expected an object, got undefined")))?;
    // serde quotes the offending value (a header list given as a string, a key in `status`).
    serde_json::from_str(&text).map_err(|e| {
        into_error(format!(
            "{what}: {}",
            crate::redact::without_quoted_input(&e.to_string())
        ))
    })
}

/// The options a JS caller may pass (every field optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct JsOptions {
    now_ms: Option<f64>,
    /// The key the caller expects (fingerprinted at once, never kept).
    reference_key: Option<String>,
    expected_audience: Option<String>,
    page_origin: Option<String>,
}

impl JsOptions {
    fn into_options(self) -> AnalysisOptions {
        AnalysisOptions {
            now_ms: self.now_ms.map(|ms| ms as i64),
            reference_fingerprint: self
                .reference_key
                .as_deref()
                .filter(|k| !k.is_empty())
                .map(crate::redact::fingerprint),
            expected_audience: self.expected_audience,
            page_origin: self.page_origin,
        }
    }
}

fn options(value: JsValue) -> Result<AnalysisOptions, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(AnalysisOptions::default());
    }
    Ok(from_js::<JsOptions>(value, "options")?.into_options())
}

/// Analyses one `Authorization` header value and returns the findings as JS objects.
#[wasm_bindgen(js_name = analyzeAuthorization)]
pub fn analyze_authorization(value: &str, status: u16) -> Result<JsValue, JsValue> {
    let ex = Exchange::new("GET", "")
        .with_request_header("Authorization", value)
        .with_status(status);
    to_js(&analyze_exchange(&ex, &AnalysisOptions::default()))
}

/// Analyses one exchange (`{method, url, requestHeaders: [{name, value}], status, ...}`, the
/// camelCase form of [`Exchange`]); returns its findings, most severe first.
#[wasm_bindgen(js_name = analyzeExchange)]
pub fn analyze_exchange_js(exchange: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
    let ex: Exchange = from_js(exchange, "exchange")?;
    to_js(&analyze_exchange(&ex, &options(opts)?))
}

/// Incremental session analysis for the live panel (wraps [`SessionAnalyzer`]).
#[wasm_bindgen]
pub struct Session {
    inner: SessionAnalyzer,
}

#[wasm_bindgen]
impl Session {
    /// `opts`: `{nowMs?, referenceKey?, expectedAudience?, pageOrigin?}` or undefined.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<Session, JsValue> {
        Ok(Session {
            inner: SessionAnalyzer::new(options(opts)?),
        })
    }

    /// Analyses the next exchange; returns `{entry, sessionFindings}`.
    pub fn push(&mut self, exchange: JsValue) -> Result<JsValue, JsValue> {
        let ex: Exchange = from_js(exchange, "exchange")?;
        let pushed = self.inner.push(&ex);
        to_js(&pushed)
    }

    /// Everything so far: `{entries, findings}`.
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.report())
    }
}

/// Hints the page passes next to a paste (every field optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct JsHints {
    status: Option<u16>,
    www_authenticate: Option<String>,
    url: Option<String>,
    now_ms: Option<f64>,
    reference_key: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PasteAnalysis<'a> {
    /// `raw_key`, `jwt`, `curl`, ... ([`crate::input::PasteKind::as_str`]).
    kind: &'static str,
    notes: Vec<String>,
    /// The findings of a bare credential, or of the single exchange of the paste.
    findings: Vec<Finding>,
    /// The report when the paste held exchanges (one, or a HAR's many): the report every
    /// output shares ([`JsonReport`]), with each exchange's credential cards.
    report: Option<JsonReport<'a>>,
}

/// Recognises and analyses a paste; `hints`: `{status?, wwwAuthenticate?, url?, nowMs?,
/// referenceKey?}`. Throws the input error's message when the paste cannot be read.
#[wasm_bindgen(js_name = analyzePaste)]
pub fn analyze_paste(text: &str, hints: JsValue) -> Result<JsValue, JsValue> {
    let hints: JsHints = if hints.is_undefined() || hints.is_null() {
        JsHints::default()
    } else {
        from_js(hints, "hints")?
    };
    let opts = AnalysisOptions {
        now_ms: hints.now_ms.map(|ms| ms as i64),
        reference_fingerprint: hints
            .reference_key
            .as_deref()
            .filter(|k| !k.is_empty())
            .map(crate::redact::fingerprint),
        ..AnalysisOptions::default()
    };
    let paste_hints = PasteHints {
        status: hints.status,
        www_authenticate: hints.www_authenticate,
        url: hints.url,
        now_ms: opts.now_ms,
    };
    let pasted = parse_paste(text, &paste_hints).map_err(into_error)?;
    let notes = pasted.notes.iter().map(ToString::to_string).collect();
    let (findings, report) = match &pasted.bare_credential {
        Some(value) => (analyze_credential(value, &opts), None),
        None => {
            let report = analyze_session(&pasted.exchanges, &opts);
            let findings = if report.entries.len() == 1 {
                report
                    .entries
                    .first()
                    .map(|e| e.findings.clone())
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            (findings, Some(report))
        }
    };
    let cards: Vec<Vec<CredentialCard>> = match &report {
        Some(_) => pasted.exchanges.iter().map(cards_for_exchange).collect(),
        None => Vec::new(),
    };
    let kind = pasted.kind.as_str();
    to_js(&PasteAnalysis {
        kind,
        notes,
        findings,
        report: report.as_ref().map(|r| {
            JsonReport::new(&r.entries, &r.findings, |p, _| {
                cards.get(p).map_or(&[][..], Vec::as_slice)
            })
            .with_kind(Some(kind))
        }),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HarIssueJs {
    entry_index: usize,
    skipped: bool,
    message: String,
}

/// Reads a HAR file's bytes and analyses the session: the report `authlens check --json` prints
/// ([`crate::report::JsonReport`]: entries numbered by their HAR index, with credential cards;
/// skipped entries as `har.malformed` session findings; notes). Throws the HAR error's message
/// when the file is not a HAR. The same as one [`HarStream`] fed the whole file.
#[wasm_bindgen(js_name = readHar)]
pub fn read_har_js(bytes: &[u8], opts: JsValue) -> Result<JsValue, JsValue> {
    let mut stream = HarStream::new(opts)?;
    stream.push(bytes)?;
    stream.finish()
}

/// Reads and analyses a HAR file given in chunks (`File.stream()` or `Blob.slice`), so the file
/// is never held whole: `push(chunk)` returns the number of entries read so far, `finish()` the
/// same result as [`read_har_js`]. [`HarStream::collecting`] makes one that only reads (in the
/// page's Web Worker) and hands the exchanges over as JSON batches.
#[wasm_bindgen]
pub struct HarStream {
    reader: Option<HarReader>,
    /// Analysing mode: the report being built.
    report: Option<HarReportBuilder>,
    /// Collecting mode: `log.entries` index of each exchange read, and the issues.
    entry_indexes: Vec<usize>,
    issues: Vec<HarIssue>,
    /// Collecting mode: exchanges read since the last [`HarStream::take_exchanges_json`].
    exchanges: Vec<Exchange>,
}

fn har_error(e: &crate::har::HarError) -> JsValue {
    into_error(e)
}

/// One batch of exchanges for the page's UI: `{entryIndexes, exchanges}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExchangeBatch<'a> {
    entry_indexes: &'a [usize],
    exchanges: &'a [Exchange],
}

/// What a collecting [`HarStream`] knows at the end: `{creator, browser, entries, issues}`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HarEnd {
    creator: Option<String>,
    browser: Option<String>,
    entries: usize,
    issues: Vec<HarIssueJs>,
}

fn issues_js(issues: &[HarIssue]) -> Vec<HarIssueJs> {
    issues
        .iter()
        .map(|i| HarIssueJs {
            entry_index: i.entry_index,
            skipped: i.skipped,
            message: i.message.clone(),
        })
        .collect()
}

#[wasm_bindgen]
impl HarStream {
    /// `opts`: as for [`Session::new`].
    #[wasm_bindgen(constructor)]
    pub fn new(opts: JsValue) -> Result<HarStream, JsValue> {
        Ok(HarStream {
            reader: Some(HarReader::new()),
            report: Some(HarReportBuilder::new(options(opts)?)),
            entry_indexes: Vec::new(),
            issues: Vec::new(),
            exchanges: Vec::new(),
        })
    }

    /// A stream that only reads: the exchanges are taken with `takeExchangesJson()`.
    pub fn collecting() -> HarStream {
        HarStream {
            reader: Some(HarReader::new()),
            report: None,
            entry_indexes: Vec::new(),
            issues: Vec::new(),
            exchanges: Vec::new(),
        }
    }

    /// Reads the next chunk; returns how many entries were read so far. Throws when the file is
    /// not a HAR (as soon as that is certain).
    pub fn push(&mut self, chunk: &[u8]) -> Result<u32, JsValue> {
        let Some(mut reader) = self.reader.take() else {
            return Err(into_error("HarStream: push after finish"));
        };
        let fed = reader.feed(chunk, &mut |event| self.take(event));
        let count = reader.entries_read();
        self.reader = Some(reader);
        fed.map_err(|e| har_error(&e))?;
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    fn take(&mut self, event: HarEvent<'_>) {
        if let Some(report) = &mut self.report {
            report.take(event);
            return;
        }
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

    /// Collecting mode: the exchanges read since the last call, as the JSON text of
    /// `{entryIndexes, exchanges}` (one string crosses to the page, not an object graph).
    #[wasm_bindgen(js_name = takeExchangesJson)]
    pub fn take_exchanges_json(&mut self) -> Result<String, JsValue> {
        let first = self.entry_indexes.len() - self.exchanges.len();
        let text = serde_json::to_string(&ExchangeBatch {
            entry_indexes: self.entry_indexes.get(first..).unwrap_or_default(),
            exchanges: &self.exchanges,
        })
        .map_err(into_error)?;
        self.exchanges.clear();
        Ok(text)
    }

    /// Ends the file. Analysing: the report ([`read_har_js`]); collecting: `{creator, browser,
    /// entries, issues}` (take the last batch after it).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let Some(reader) = self.reader.take() else {
            return Err(into_error("HarStream: finish called twice"));
        };
        let summary = reader
            .finish(&mut |event| self.take(event))
            .map_err(|e| har_error(&e))?;
        let Some(report) = self.report.take() else {
            return to_js(&HarEnd {
                creator: summary.creator,
                browser: summary.browser,
                entries: summary.entries,
                issues: issues_js(&self.issues),
            });
        };
        to_js(&report.finish().json())
    }
}

/// How many UTF-16 units of a response body the panel needs to pass with a HAR entry
/// ([`crate::har::BODY_PREFIX_UTF16_UNITS`]): the entry reads the same as with the whole body.
#[wasm_bindgen(js_name = harBodyPrefix)]
pub fn har_body_prefix() -> u32 {
    u32::try_from(crate::har::BODY_PREFIX_UTF16_UNITS).unwrap_or(u32::MAX)
}

#[derive(Serialize)]
struct ChallengesJs<'a> {
    challenges: &'a [Challenge],
    /// Each syntax problem, as its message.
    errors: Vec<String>,
}

/// Parses `WWW-Authenticate` (or `Proxy-Authenticate`) field values leniently: every challenge
/// that could be read, and a message per syntax problem.
#[wasm_bindgen(js_name = parseChallenges)]
pub fn parse_challenges_js(values: Vec<String>) -> Result<JsValue, JsValue> {
    let lines: Vec<&str> = values.iter().map(String::as_str).collect();
    let parsed = parse_challenges_lenient(&lines);
    let errors = parsed.errors.iter().map(ToString::to_string).collect();
    to_js(&ChallengesJs {
        challenges: &parsed.challenges,
        errors,
    })
}

/// Parses one `WWW-Authenticate` field value: `[{scheme, token68, params: [[name, value]…]}]`
/// (the challenges that could be read; [`parse_challenges_js`] also gives the syntax problems).
/// The string crosses once and the result once, as JSON text the engine parses natively.
#[wasm_bindgen(js_name = parseWwwAuthenticate)]
pub fn parse_www_authenticate(value: &str) -> Result<JsValue, JsValue> {
    to_js(&parse_challenges_lenient(&[value]).challenges)
}

/// Parses many `WWW-Authenticate` field values in one call: `values` holds one value per line
/// (`\n`-separated: a field value never contains a line feed, RFC 9110 §5.5). Returns one array
/// per line, each as [`parse_www_authenticate`] gives it. The text crosses once and the result
/// once, so a caller with many values (a HAR, a log) pays the boundary once, not per value.
#[wasm_bindgen(js_name = parseWwwAuthenticateLines)]
pub fn parse_www_authenticate_lines(values: &str) -> Result<JsValue, JsValue> {
    let all: Vec<Vec<Challenge>> = values
        .split('\n')
        .map(|line| parse_challenges_lenient(&[line]).challenges)
        .collect();
    to_js(&all)
}

/// The reference entry of a finding id as findings show it: `{id, severity, title, fix,
/// references}`; throws for an unknown id. The longer reference text (flags, why, example) is not
/// in the wasm: it is in `findings.json` and `findings.md`, shipped beside the module in the page
/// and the extension (fetch them from the package when they are displayed).
#[wasm_bindgen]
pub fn describe(id: &str) -> Result<JsValue, JsValue> {
    let id: FindingId = id
        .parse()
        .map_err(|_| into_error(format!("unknown finding id `{id}`")))?;
    let entry: &FindingSummary = summary(id);
    to_js(entry)
}

/// Every finding id, in reference order.
#[wasm_bindgen(js_name = findingIds)]
pub fn finding_ids() -> Vec<String> {
    FindingId::ALL
        .iter()
        .map(|id| id.as_str().to_owned())
        .collect()
}

/// Where a secret part of the value is, in UTF-16 units (JavaScript string offsets), with its
/// redacted form: the caller slices its own string when it needs the value, so no secret crosses
/// the boundary (issue 9's leak oracle checks every export's result).
#[derive(Serialize)]
struct SecretSpan {
    start: usize,
    end: usize,
    length: usize,
    redacted: String,
}

impl SecretSpan {
    fn new(value: &str, bytes: std::ops::Range<usize>, secret: &str) -> Self {
        // An ASCII value's UTF-8 offsets are its UTF-16 offsets (the usual header: no recount).
        let ascii = value.is_ascii();
        let utf16 = |end: usize| match value.get(..end) {
            Some(_) if ascii => end,
            Some(p) => p.encode_utf16().count(),
            None => 0,
        };
        SecretSpan {
            start: utf16(bytes.start),
            end: utf16(bytes.end),
            length: secret.chars().count(),
            redacted: crate::redact::redact(secret),
        }
    }
}

/// One `name=value` parameter: the name, and where its value is.
#[derive(Serialize)]
struct ParamView {
    name: crate::redact::Text,
    value: SecretSpan,
    quoted: bool,
}

/// The parsed shape of an `Authorization` value, as plain data for JS.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CredentialsView<'a> {
    /// Text: a key sent without a scheme is read as the scheme word (`<key> Bearer`).
    scheme: crate::redact::Text,
    separator: &'a str,
    scheme_missing: bool,
    token68: Option<SecretSpan>,
    params: Vec<ParamView>,
}

/// Parses one `Authorization` / `Proxy-Authorization` value (RFC 9110 §11.6.2) without judging it.
/// The token68 and parameter values come back as spans of `value` with their redacted form.
/// Throws for an empty value.
#[wasm_bindgen(js_name = parseAuthorization)]
pub fn parse_authorization(value: &str) -> Result<JsValue, JsValue> {
    to_js(&credentials_view(value).map_err(into_error)?)
}

/// One line of [`parse_authorization_lines`]: the parsed value, or why it does not parse.
#[derive(Serialize)]
#[serde(untagged)]
enum CredentialsLine<'a> {
    Parsed(CredentialsView<'a>),
    Error { error: String },
}

/// Parses many `Authorization` values in one call: one value per line (`\n`-separated). Returns
/// one entry per line: what [`parse_authorization`] gives, or `{error}` with the message it would
/// throw. Offsets are within the line.
#[wasm_bindgen(js_name = parseAuthorizationLines)]
pub fn parse_authorization_lines(values: &str) -> Result<JsValue, JsValue> {
    let all: Vec<CredentialsLine<'_>> = values
        .split('\n')
        .map(|line| match credentials_view(line) {
            Ok(view) => CredentialsLine::Parsed(view),
            Err(e) => CredentialsLine::Error {
                error: e.to_string(),
            },
        })
        .collect();
    to_js(&all)
}

fn credentials_view(
    value: &str,
) -> Result<CredentialsView<'_>, crate::parse::authorization::CredentialsError> {
    use crate::parse::authorization::{parse_credentials, CredentialsForm};
    let parsed = parse_credentials(value)?;
    let (token68, params) = match &parsed.form {
        CredentialsForm::Token68(token) => {
            // The token is a slice of `value`: its offset is the pointer difference.
            let start = (token.as_ptr() as usize).saturating_sub(value.as_ptr() as usize);
            (
                Some(SecretSpan::new(value, start..start + token.len(), token)),
                Vec::new(),
            )
        }
        CredentialsForm::Params(params) => (
            None,
            params
                .iter()
                .map(|p| ParamView {
                    name: p.name.into(),
                    value: SecretSpan::new(value, p.value_span.clone(), &p.value),
                    quoted: p.quoted,
                })
                .collect(),
        ),
        _ => (None, Vec::new()),
    };
    Ok(CredentialsView {
        scheme: parsed.scheme.into(),
        separator: parsed.separator,
        scheme_missing: parsed.scheme_missing,
        token68,
        params,
    })
}

/// Decodes a JWS (header and claims) or a JWE (protected header) without verifying it.
/// Throws the decoding error (segment and offset) for anything else.
#[wasm_bindgen(js_name = decodeJwt)]
pub fn decode_jwt(token: &str) -> Result<JsValue, JsValue> {
    let jwt = crate::parse::jwt::decode_jwt(token).map_err(into_error)?;
    to_js(&jwt)
}

/// Which provider each line of `text` belongs to, in one call (a document of keys, as a secret
/// scanner reads it): the provider id of each line's best reading, or an empty line, joined by
/// `\n` (one string crosses the boundary, not an object per key).
#[wasm_bindgen(js_name = recognizeKeys)]
pub fn recognize_keys(text: &str) -> String {
    let lines = crate::providers::recognize_lines(text);
    let mut out = String::with_capacity(lines.len() * 16);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let Some((provider_id, _)) = line {
            out.push_str(provider_id);
        }
    }
    out
}

/// Which provider a key belongs to, from its bytes alone (offline; nothing is verified live).
#[wasm_bindgen(js_name = recognizeKey)]
pub fn recognize_key(key: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::providers::recognize_key(key))
}

/// Options of [`redact_har_js`] (every field optional).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct JsRedactOptions {
    drop_personal_claims: bool,
}

/// Redacts a HAR file's bytes (`authlens redact`): returns `{har, report}`, the redacted HAR text
/// and what was replaced by place and kind (never values). `salt`: 32 bytes the caller draws
/// from `crypto.getRandomValues` for this export. `opts`: `{dropPersonalClaims?}`. Throws the
/// reason when the file is not a HAR (nothing is returned then).
#[wasm_bindgen(js_name = redactHar)]
pub fn redact_har_js(bytes: &[u8], salt: &[u8], opts: JsValue) -> Result<JsValue, JsValue> {
    let salt: [u8; 32] = salt
        .try_into()
        .map_err(|_| js_error(&format!("salt: expected 32 bytes, got {}", salt.len())))?;
    let opts: JsRedactOptions = if opts.is_undefined() || opts.is_null() {
        JsRedactOptions::default()
    } else {
        from_js(opts, "options")?
    };
    let opts = crate::har_redact::RedactOptions {
        drop_personal_claims: opts.drop_personal_claims,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        js_error(
            &crate::har_redact::RedactError::NotUtf8 {
                byte_offset: e.valid_up_to(),
            }
            .to_string(),
        )
    })?;
    let (har, report) = crate::har_redact::redact_har_string(
        text,
        opts,
        &crate::har_redact::placeholder::Salt::from_bytes(salt),
    )
    .map_err(|e| js_error(&e.to_string()))?;
    // The HAR goes across as one JS string, not inside the JSON text `to_js` parses.
    let out = js_sys::Object::new();
    js_sys::Reflect::set(&out, &JsValue::from_str("har"), &JsValue::from_str(&har))?;
    js_sys::Reflect::set(&out, &JsValue::from_str("report"), &to_js(&report)?)?;
    Ok(out.into())
}
