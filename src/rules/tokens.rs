//! Token lifecycle over a session: where each credential came from, which requests sent it, when
//! it was replaced, and the OAuth 2.0 / OIDC / discovery / DPoP exchanges around it.
//!
//! ```
//! use authlens::model::Exchange;
//! use authlens::rules::{AnalysisOptions, SessionAnalyzer};
//!
//! let mut session = SessionAnalyzer::new(AnalysisOptions::default());
//! let issue = |n: u32| {
//!     Exchange::new("POST", "https://auth.example.com/oauth/token")
//!         .with_request_body("grant_type=refresh_token&refresh_token=rt-demo-0001")
//!         .with_status(200)
//!         .with_body(&format!(r#"{{"access_token":"at-demo-{n:04}-abcdefghijkl","token_type":"Bearer","expires_in":3600}}"#))
//! };
//! let call = |n: u32, status: u16| {
//!     Exchange::new("GET", "https://api.example.com/v1/me")
//!         .with_request_header("Authorization", &format!("Bearer at-demo-{n:04}-abcdefghijkl"))
//!         .with_status(status)
//! };
//! session.push(&issue(1));
//! session.push(&call(1, 200));
//! session.push(&issue(2)); // a refresh: token 1 is replaced by token 2
//! session.push(&call(1, 401)); // ... and the app still sends token 1
//! let report = session.report();
//! assert!(report.findings.iter().any(|f| f.finding.id.as_str() == "token.stale_after_refresh"));
//! // Lanes: the refresh token (sent in the token requests) and the two access tokens.
//! assert_eq!(session.timeline().lanes.len(), 3);
//! ```
//!
//! Credentials are matched by fingerprint (SHA-256), never kept or compared by value, and every
//! map is bounded: a long live session costs a fixed amount of memory.

use std::collections::VecDeque;

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::findings::FindingId;
use crate::model::{Evidence, Exchange, Message, Severity};
use crate::parse::challenge::parse_challenges_lenient;
use crate::parse::jwt::{decode_jwt, looks_like_jwt, Jws, Jwt};
use crate::redact::{redact, Secret, Text};

use super::http::UrlParts;
use super::request::is_credential_header;
use super::session::{BoundedMap, Fingerprint, SessionFinding};
use super::{finding, finding_with, msg};

const MAX_TOKENS: usize = 512;
const MAX_LANES: usize = 64;
const MAX_MARKS_PER_LANE: usize = 256;
const MAX_AUTHORIZE: usize = 32;
const MAX_TOKEN_CALLS: usize = 64;
/// Token calls with 401s between them needed for `session.refresh_loop`.
pub const REFRESH_LOOP_THRESHOLD: usize = 3;
/// The window a refresh loop must fit in, when the exchanges have start times.
const REFRESH_LOOP_WINDOW_MS: i64 = 60_000;
/// `jwt.expires_soon`-style tolerance between `exp − iat` and `expires_in`.
const EXPIRES_IN_TOLERANCE_S: f64 = 60.0;
/// A DPoP proof whose `iat` is further than this from the request is outside any server's window.
const DPOP_IAT_WINDOW_MS: i64 = 300_000;
/// `exp` values above this are milliseconds: as seconds they would be after the year 5138.
const EXP_MILLISECONDS_FLOOR: f64 = 1e11;

/// Where a tracked credential came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A token endpoint's `access_token`.
    AccessToken,
    /// A token endpoint's `id_token`.
    IdToken,
    /// A token endpoint's `refresh_token`.
    RefreshToken,
    /// A `Set-Cookie` carrying a session or token cookie.
    Cookie,
    /// An `#access_token=` / `#id_token=` redirect fragment (implicit or hybrid flow).
    Fragment,
    /// Sent by the client but not issued inside the capture.
    Presented,
}

impl TokenKind {
    /// Human words for the kind, e.g. `access token`.
    pub fn label(self) -> &'static str {
        match self {
            TokenKind::AccessToken => "access token",
            TokenKind::IdToken => "ID token",
            TokenKind::RefreshToken => "refresh token",
            TokenKind::Cookie => "session cookie",
            TokenKind::Fragment => "token from a redirect fragment",
            TokenKind::Presented => "credential",
        }
    }
}

/// What happened to a credential at one exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// The exchange's response issued the credential.
    Issued,
    /// The exchange's response issued a credential that replaced this lane's credential.
    Refreshed,
    /// A request sent the credential and did not get 401/403.
    Used,
    /// A request sent the credential and got 401 or 403.
    Rejected,
}

/// One mark on a lane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// The entry index.
    pub entry: usize,
    /// What happened to the credential there.
    pub kind: MarkKind,
    /// The request's start, in ms since the epoch, when known.
    pub at_ms: Option<i64>,
    /// The response status (0 when none arrived).
    pub status: u16,
}

/// One credential's life: a redacted label and its marks, in session order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lane {
    /// Redacted form of the credential (never the value).
    pub label: String,
    /// What kind of credential it is.
    pub kind: TokenKind,
    /// The JWT issuer, or the host that issued or received it.
    pub issuer: String,
    /// Short fingerprint (equal credentials in one session share it).
    pub fingerprint: String,
    /// The marks, in session order.
    pub marks: Vec<Mark>,
}

/// Every credential lane of the session, in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The lanes, in order of first appearance.
    pub lanes: Vec<Lane>,
    /// Lanes not kept because the session had more than the lane limit.
    pub dropped_lanes: usize,
}

impl Timeline {
    /// The timeline as text, one line per lane: a mark per event, `I` issued, `R` refreshed (this
    /// credential replaced), `·` used, `✗` rejected, each with its entry index.
    ///
    /// ```
    /// use authlens::rules::tokens::Timeline;
    /// assert_eq!(Timeline::default().to_text(), "No credentials in this session.\n");
    /// ```
    pub fn to_text(&self) -> String {
        if self.lanes.is_empty() {
            return "No credentials in this session.\n".to_owned();
        }
        let mut out = String::new();
        for lane in &self.lanes {
            out.push_str(&format!(
                "{} ({}, {}, {}): ",
                lane.label,
                lane.kind.label(),
                lane.issuer,
                lane.fingerprint
            ));
            let marks: Vec<String> = lane
                .marks
                .iter()
                .map(|m| {
                    let sign = match m.kind {
                        MarkKind::Issued => "I",
                        MarkKind::Refreshed => "R",
                        MarkKind::Used => "·",
                        MarkKind::Rejected => "✗",
                    };
                    format!("{sign}#{}", m.entry)
                })
                .collect();
            out.push_str(&marks.join(" "));
            out.push('\n');
        }
        if self.dropped_lanes > 0 {
            out.push_str(&format!(
                "… and {} more credentials (not drawn).\n",
                self.dropped_lanes
            ));
        }
        out
    }
}

/// Where the timeline picture puts one mark: `x` in `0.0..=1.0` of the drawing's width.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedMark {
    /// Horizontal position, 0 (first exchange) to 1 (last exchange).
    pub x: f64,
    /// The entry index the mark opens when clicked.
    pub entry: usize,
    /// What happened.
    pub kind: MarkKind,
    /// The tooltip: `#12 GET … 401 rejected`-style words without any credential.
    pub title: String,
}

/// One lane of the picture: its label and placed marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedLane {
    /// `ghp_…Gosh (40 chars) · access token · auth.example.com`.
    pub label: String,
    /// The marks, in session order.
    pub marks: Vec<PlacedMark>,
    /// Whether the lane has a rejection after a refresh replaced it: the stale token a
    /// developer should see at a glance.
    pub stale: bool,
}

/// The token timeline laid out for drawing: the UI draws lanes and marks and decides nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TimelineLayout {
    /// The lanes, top to bottom.
    pub lanes: Vec<PlacedLane>,
    /// Whether `x` follows the requests' start times (`false`: the entries' order).
    pub by_time: bool,
    /// The time span drawn, in ms, when `by_time`.
    pub span_ms: i64,
    /// Lanes left out (see [`Timeline::dropped_lanes`]).
    pub dropped_lanes: usize,
}

impl Timeline {
    /// Lays the timeline out for drawing: marks placed by the requests' start times when every
    /// mark has one, else by entry order.
    ///
    /// ```
    /// use authlens::rules::tokens::Timeline;
    /// assert!(Timeline::default().layout().lanes.is_empty());
    /// ```
    pub fn layout(&self) -> TimelineLayout {
        let marks = || self.lanes.iter().flat_map(|l| l.marks.iter());
        let times: Vec<i64> = marks().filter_map(|m| m.at_ms).collect();
        let by_time = !times.is_empty() && times.len() == marks().count();
        let (lo, hi) = if by_time {
            (
                times.iter().copied().min().unwrap_or(0),
                times.iter().copied().max().unwrap_or(0),
            )
        } else {
            let entries: Vec<i64> = marks().map(|m| m.entry as i64).collect();
            (
                entries.iter().copied().min().unwrap_or(0),
                entries.iter().copied().max().unwrap_or(0),
            )
        };
        // In i128: a HAR's start times may be any i64 (a forged `startedDateTime`), whose span
        // overflows i64.
        let span = (i128::from(hi) - i128::from(lo)).max(1) as f64;
        let place = |m: &Mark| {
            let v = if by_time {
                m.at_ms.unwrap_or(lo)
            } else {
                m.entry as i64
            };
            ((i128::from(v) - i128::from(lo)) as f64 / span).clamp(0.0, 1.0)
        };
        let lanes = self
            .lanes
            .iter()
            .map(|lane| {
                let refreshed_at = lane
                    .marks
                    .iter()
                    .find(|m| m.kind == MarkKind::Refreshed)
                    .map(|m| m.entry);
                let stale = refreshed_at.is_some_and(|r| {
                    lane.marks
                        .iter()
                        .any(|m| m.kind == MarkKind::Rejected && m.entry > r)
                });
                let issuer = lane
                    .issuer
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_end_matches('/');
                let issuer: String = issuer.chars().take(32).collect();
                PlacedLane {
                    label: format!("{} · {} · {issuer}", lane.label, lane.kind.label()),
                    marks: lane
                        .marks
                        .iter()
                        .map(|m| PlacedMark {
                            x: place(m),
                            entry: m.entry,
                            kind: m.kind,
                            title: format!(
                                "#{} {}{}",
                                m.entry,
                                match m.kind {
                                    MarkKind::Issued => "issued",
                                    MarkKind::Refreshed => "replaced by a refresh",
                                    MarkKind::Used => "sent",
                                    MarkKind::Rejected => "sent and rejected",
                                },
                                if m.status == 0 {
                                    String::new()
                                } else {
                                    format!(" ({})", m.status)
                                }
                            ),
                        })
                        .collect(),
                    stale,
                }
            })
            .collect();
        TimelineLayout {
            lanes,
            by_time,
            span_ms: if by_time { hi.saturating_sub(lo) } else { 0 },
            dropped_lanes: self.dropped_lanes,
        }
    }
}

/// A finding the tracker produced, with the key the session merges repeats by.
pub(crate) struct TokenFinding {
    pub key: (FindingId, usize, u64),
    pub finding: SessionFinding,
}

#[derive(Debug, Clone)]
struct Replacement {
    index: usize,
    started_ms: Option<i64>,
    ends_ms: Option<f64>,
}

#[derive(Debug, Clone)]
struct TokenRecord {
    lane: Option<usize>,
    kind: TokenKind,
    issued_index: Option<usize>,
    first_use: Option<usize>,
    replaced: Option<Replacement>,
    stale_reported: bool,
}

#[derive(Debug, Clone)]
struct AuthorizeRequest {
    index: usize,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    state: Option<String>,
    code_challenge: Option<String>,
    /// `plain` when the parameter is absent (RFC 7636 §4.3).
    challenge_method: String,
    callback_seen: bool,
}

#[derive(Debug, Clone)]
struct TokenCall {
    index: usize,
    started_ms: Option<i64>,
    /// 401s seen on other requests since the previous token call.
    rejections_before: Vec<usize>,
}

#[derive(Debug, Clone)]
struct ResourceMetadata {
    index: usize,
    resource: String,
}

/// The session's token memory. Fed by [`super::SessionAnalyzer::push`].
#[derive(Debug, Clone)]
pub(crate) struct TokenTracker {
    tokens: BoundedMap<u64, TokenRecord>,
    latest_by_source: BoundedMap<String, u64>,
    /// Credentials sent before anything in the capture issued them: (entry, request start).
    presented_before: BoundedMap<u64, (usize, Option<i64>)>,
    authorizations: VecDeque<AuthorizeRequest>,
    token_calls: VecDeque<TokenCall>,
    rejections_since_token_call: Vec<usize>,
    resources: VecDeque<ResourceMetadata>,
    advertised_metadata: BoundedMap<String, usize>,
    timeline: Timeline,
}

impl Default for TokenTracker {
    fn default() -> Self {
        TokenTracker {
            tokens: BoundedMap::new(MAX_TOKENS),
            latest_by_source: BoundedMap::new(MAX_TOKENS),
            presented_before: BoundedMap::new(MAX_TOKENS),
            authorizations: VecDeque::new(),
            token_calls: VecDeque::new(),
            rejections_since_token_call: Vec::new(),
            resources: VecDeque::new(),
            advertised_metadata: BoundedMap::new(MAX_AUTHORIZE),
            timeline: Timeline::default(),
        }
    }
}

/// Request or response parameters from a form or JSON body, decoded.
fn body_params(ex: &Exchange) -> Vec<(String, String)> {
    let Some(body) = ex.request_body_excerpt.as_deref() else {
        return Vec::new();
    };
    let trimmed = body.trim();
    if trimmed.starts_with('{') {
        if !crate::http::could_be_json_object(trimmed) {
            return Vec::new();
        }
        return match serde_json::from_str::<Map<String, Value>>(trimmed) {
            Ok(map) => map
                .into_iter()
                .filter_map(|(k, v)| match v {
                    Value::String(s) => Some((k, s)),
                    Value::Number(n) => Some((k, n.to_string())),
                    _ => None,
                })
                .collect(),
            Err(_) => Vec::new(),
        };
    }
    form_pairs(trimmed)
}

/// `application/x-www-form-urlencoded` pairs, decoded (`+` is a space).
fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn param<'p>(params: &'p [(String, String)], name: &str) -> Option<&'p str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn query_params(url: &str) -> Vec<(String, String)> {
    let without_fragment = url.split('#').next().unwrap_or(url);
    match without_fragment.split_once('?') {
        Some((_, q)) => form_pairs(q),
        None => Vec::new(),
    }
}

fn fragment_params(url: &str) -> Vec<(String, String)> {
    match url.split_once('#') {
        Some((_, f)) => form_pairs(f),
        None => Vec::new(),
    }
}

/// `scheme://host[:port]/path` in lower-case scheme and host: what a redirect URI or a DPoP `htu`
/// is compared by (RFC 9449 §4.3: without query and fragment).
fn url_without_query(url: &str) -> Option<String> {
    let parts = UrlParts::parse(url)?;
    Some(format!("{}{}", parts.origin_key(), parts.path))
}

fn host_of(url: &str) -> String {
    UrlParts::parse(url)
        .map(|u| u.host.to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_auth_cookie_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "session", "sess", "sid", "token", "auth", "jwt", "access", "refresh", "id_token",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// Whether the response body can have an `access_token`, `id_token` or `refresh_token` key:
/// such a key is written `..._token"`, or spells one of its characters with a `\u` escape (JSON
/// lets a key spell any character that way; the other escapes cannot make a letter or `_`).
/// `false` proves the key is absent, so the parse can be skipped. Escapes of other characters
/// (`\u00e9`, as Python's `json.dumps` writes every non-ASCII letter) do not count.
fn may_name_a_token(ex: &Exchange) -> bool {
    ex.response_body_excerpt
        .as_deref()
        .is_some_and(|b| b.contains("_token\"") || escapes_a_token_key_char(b))
}

fn escapes_a_token_key_char(body: &str) -> bool {
    const KEY_CHARS: &str = "access_token id_token refresh_token";
    body.match_indices("\\u").any(|(at, _)| {
        body.get(at + 2..at + 6)
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
            .is_some_and(|c| c != ' ' && KEY_CHARS.contains(c))
    })
}

fn json_body(ex: &Exchange) -> Option<Map<String, Value>> {
    let body = ex.response_body_excerpt.as_deref()?.trim();
    if !crate::http::could_be_json_object(body) {
        return None;
    }
    serde_json::from_str(body).ok()
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        // `"expires_in": "3600"`: read as `str::parse` would, but by serde_json's number reader,
        // so the wasm carries no second float parser (core's, ~11 KB gzip).
        Value::String(s) => crate::parse::jwt::seconds_from_string(s.trim()),
        _ => None,
    }
}

fn jws(value: &str) -> Option<Jws> {
    if !looks_like_jwt(value) {
        return None;
    }
    match decode_jwt(value) {
        Ok(Jwt::Signed(jws)) => Some(jws),
        _ => None,
    }
}

/// The base64url SHA-256 of `text`, as PKCE S256 and DPoP `ath` use it.
fn s256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))
}

/// RFC 6749 §5.2 / OIDC Core §3.1.2.6 error codes with an id of their own.
fn oauth_error_id(code: &str) -> Option<FindingId> {
    Some(match code {
        "invalid_grant" => FindingId::OauthInvalidGrant,
        "invalid_client" => FindingId::OauthInvalidClient,
        "unauthorized_client" => FindingId::OauthUnauthorizedClient,
        "invalid_scope" => FindingId::OauthInvalidScope,
        "unsupported_grant_type" => FindingId::OauthUnsupportedGrantType,
        "redirect_uri_mismatch" => FindingId::OauthRedirectUriMismatch,
        "login_required"
        | "consent_required"
        | "interaction_required"
        | "account_selection_required" => FindingId::OidcInteractionRequired,
        "use_dpop_nonce" => FindingId::DpopNonceRequired,
        "invalid_dpop_proof" => FindingId::DpopInvalidProof,
        _ => return None,
    })
}

/// Server-provided text is shown only as a short, escaped, redacted excerpt.
fn server_text(text: &str) -> Text {
    Text::new(text)
}

impl TokenTracker {
    /// The credential lanes so far.
    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    fn lane_for(
        &mut self,
        record_lane: Option<usize>,
        label: String,
        kind: TokenKind,
        issuer: String,
        fp: &Fingerprint,
    ) -> Option<usize> {
        if record_lane.is_some() {
            return record_lane;
        }
        if self.timeline.lanes.len() >= MAX_LANES {
            self.timeline.dropped_lanes += 1;
            return None;
        }
        self.timeline.lanes.push(Lane {
            label,
            kind,
            // `iss` is the token's own text: printable, bounded.
            issuer: server_text(&issuer).shown(),
            fingerprint: fp.short(),
            marks: Vec::new(),
        });
        Some(self.timeline.lanes.len() - 1)
    }

    fn mark(&mut self, lane: Option<usize>, entry: usize, kind: MarkKind, ex: &Exchange) {
        if let Some(lane) = lane.and_then(|l| self.timeline.lanes.get_mut(l)) {
            if lane.marks.len() < MAX_MARKS_PER_LANE {
                lane.marks.push(Mark {
                    entry,
                    kind,
                    at_ms: ex.started_at_ms,
                    status: ex.status,
                });
            }
        }
    }

    /// Tracks one exchange; returns the findings it created or updated.
    pub fn push(&mut self, index: usize, ex: &Exchange) -> Vec<TokenFinding> {
        let mut out = Vec::new();
        let body = body_params(ex);
        let query = query_params(&ex.url);
        let is_token_call = param(&body, "grant_type").is_some();

        self.uses(index, ex, &body, &query, is_token_call, &mut out);
        self.dpop(index, ex, &mut out);
        self.discovery(index, ex, &body, &query, is_token_call, &mut out);
        self.authorize(index, &query, &mut out);
        self.callback(index, ex, &mut out);
        if is_token_call {
            self.token_call(index, ex, &body, &mut out);
        } else if ex.status == 401 && self.rejections_since_token_call.len() < 16 {
            self.rejections_since_token_call.push(index);
        }
        self.issuance(index, ex, is_token_call, &mut out);
        out
    }

    fn uses(
        &mut self,
        index: usize,
        ex: &Exchange,
        body: &[(String, String)],
        query: &[(String, String)],
        is_token_call: bool,
        out: &mut Vec<TokenFinding>,
    ) {
        let mut values: Vec<(String, String)> = Vec::new();
        for h in &ex.request_headers {
            let name = h.name.as_str();
            if name.eq_ignore_ascii_case("authorization") {
                let v = h.value.trim();
                if let Some((scheme, cred)) = v.split_once(' ') {
                    let cred = cred.trim();
                    if !scheme.eq_ignore_ascii_case("basic") && !cred.is_empty() {
                        values.push(("request.header.Authorization".into(), cred.to_owned()));
                    }
                }
            } else if name.eq_ignore_ascii_case("cookie") {
                for pair in h.value.split(';') {
                    if let Some((n, v)) = pair.trim().split_once('=') {
                        if !v.is_empty() {
                            values.push((format!("request.cookie.{}", n.trim()), v.to_owned()));
                        }
                    }
                }
            } else if is_credential_header(name)
                && !name.eq_ignore_ascii_case("proxy-authorization")
                && !h.value.trim().is_empty()
            {
                values.push((format!("request.header.{name}"), h.value.trim().to_owned()));
            }
        }
        for (k, v) in query {
            if matches!(k.as_str(), "access_token" | "id_token") && !v.is_empty() {
                values.push((format!("request.query.{k}"), v.clone()));
            }
        }
        if is_token_call {
            if let Some(rt) = param(body, "refresh_token") {
                values.push(("request.body.refresh_token".into(), rt.to_owned()));
            }
        }
        // A token request refused with an error (400 invalid_grant) rejects the refresh token
        // it sent as surely as a 401 rejects an access token.
        let rejected = matches!(ex.status, 401 | 403) || (is_token_call && ex.status >= 400);
        for (carrier, value) in values {
            let fp = Fingerprint::of(&value);
            let key = fp.key();
            let Some(mut record) = self.tokens.get(&key).cloned() else {
                if self.presented_before.get(&key).is_none() {
                    self.presented_before.insert(key, (index, ex.started_at_ms));
                    let lane = self.lane_for(
                        None,
                        redact(&value),
                        TokenKind::Presented,
                        jws(&value)
                            .and_then(|j| j.iss().ok().flatten().map(str::to_owned))
                            .unwrap_or_else(|| host_of(&ex.url)),
                        &fp,
                    );
                    self.tokens.insert(
                        key,
                        TokenRecord {
                            lane,
                            kind: TokenKind::Presented,
                            issued_index: None,
                            first_use: Some(index),
                            replaced: None,
                            stale_reported: false,
                        },
                    );
                    self.mark(
                        lane,
                        index,
                        if rejected {
                            MarkKind::Rejected
                        } else {
                            MarkKind::Used
                        },
                        ex,
                    );
                }
                continue;
            };
            if record.issued_index == Some(index) {
                continue;
            }
            self.mark(
                record.lane,
                index,
                if rejected {
                    MarkKind::Rejected
                } else {
                    MarkKind::Used
                },
                ex,
            );
            if record.first_use.is_none() {
                record.first_use = Some(index);
                if let (Some(issued), true) = (record.issued_index, ex.status == 401) {
                    out.push(
                        self.rejected_on_first_use(index, issued, ex, &carrier, &value, &record),
                    );
                }
            }
            if let Some(rep) = record.replaced.clone() {
                if index > rep.index && !record.stale_reported {
                    let in_flight = match (ex.started_at_ms, rep.started_ms, rep.ends_ms) {
                        (Some(t), Some(start), Some(end)) => t >= start && (t as f64) < end,
                        _ => false,
                    };
                    if in_flight && rejected {
                        let detail = msg("Entry {index} sent the {kind} while the refresh in entry {refresh_entry} was still in flight, and got {status}. The refresh replaced that {kind} (the server may revoke the old one as soon as it issues the new one), so requests started during a refresh must wait for it and retry with the new token.")
                            .arg("index", index)
                            .arg("kind", record.kind.label())
                            .arg("status", ex.status);
                        out.push(TokenFinding {
                            key: (FindingId::SessionRefreshRace, rep.index, key),
                            finding: SessionFinding {
                                finding: finding(
                                    FindingId::SessionRefreshRace,
                                    detail,
                                    Evidence::field(carrier.clone())
                                        .with_fact("refresh_entry", rep.index)
                                        .with_fact("fingerprint", fp.raw()),
                                ),
                                entries: vec![rep.index, index],
                            },
                        });
                        record.stale_reported = true;
                    } else if !in_flight {
                        let mut detail = msg(
                            "Entry {index} still sent the {kind} that entry {replaced_in} replaced",
                        )
                        .arg("index", index)
                        .arg("kind", record.kind.label());
                        if rejected {
                            detail = detail.then(" and got {status}").arg("status", ex.status);
                        }
                        let detail = detail.then(". The app (or a cache, or another tab) kept the old token after the refresh; send the newest token from the token response.");
                        let severity = if rejected {
                            Severity::Warning
                        } else {
                            Severity::Info
                        };
                        out.push(TokenFinding {
                            key: (FindingId::TokenStaleAfterRefresh, rep.index, key),
                            finding: SessionFinding {
                                finding: finding_with(
                                    FindingId::TokenStaleAfterRefresh,
                                    severity,
                                    detail,
                                    Evidence::field(carrier.clone())
                                        .with_fact("replaced_in", rep.index)
                                        .with_fact("fingerprint", fp.raw()),
                                ),
                                entries: vec![rep.index, index],
                            },
                        });
                        record.stale_reported = true;
                    }
                }
            }
            self.tokens.insert(key, record);
        }
    }

    fn rejected_on_first_use(
        &self,
        index: usize,
        issued: usize,
        ex: &Exchange,
        carrier: &str,
        value: &str,
        record: &TokenRecord,
    ) -> TokenFinding {
        let mut hints = Vec::new();
        let host = host_of(&ex.url);
        if let Some(j) = jws(value) {
            if let Ok(Some(aud)) = j.aud() {
                let matches_host = aud.iter().any(|a| {
                    let a = a.to_ascii_lowercase();
                    a.contains(&host)
                        || host.contains(a.trim_start_matches("https://").trim_end_matches('/'))
                });
                if !matches_host && !host.is_empty() {
                    hints.push(format!(
                        "its audience (`aud`) is {} but it was sent to {host}",
                        aud.iter()
                            .map(|a| format!("`{}`", server_text(a)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            if let (Ok(Some(nbf)), Some(t)) = (j.nbf(), ex.started_at_ms) {
                if nbf.unix_millis().is_some_and(|n| n > t + 1_000) {
                    hints.push("its `nbf` is after the request's time (clock skew between the issuer and the API)".to_owned());
                }
            }
            if let (Ok(Some(iat)), Some(t)) = (j.iat(), ex.started_at_ms) {
                if iat.unix_millis().is_some_and(|n| n > t + 60_000) {
                    hints.push(
                        "its `iat` is more than a minute after the request's time (clock skew)"
                            .to_owned(),
                    );
                }
            }
        }
        let challenges: Vec<&str> = ex.response_headers_named("www-authenticate").collect();
        let parsed = parse_challenges_lenient(&challenges);
        for c in &parsed.challenges {
            if let Some(err) = c.param("error") {
                hints.push(format!(
                    "the server's challenge says `error=\"{}\"`",
                    server_text(err)
                ));
            }
            if let Some(scope) = c.param("scope") {
                hints.push(format!(
                    "the server asks for scope `{}`",
                    server_text(scope)
                ));
            }
        }
        if let Some(iss) = jws(value).and_then(|j| j.iss().ok().flatten().map(str::to_owned)) {
            hints.push(format!(
                "check that the API trusts the issuer `{}`",
                server_text(&iss)
            ));
        }
        let detail = msg(
            "Entry {issued_in} issued this {kind} and its first use, entry {index}, got {status}. ",
        )
        .arg("kind", record.kind.label())
        .arg("index", index)
        .arg("status", ex.status);
        let detail = if hints.is_empty() {
            detail.then("The token was never accepted, so the problem is what it is, not how old it is: check its audience, issuer, scope and the clocks.")
        } else {
            detail
                .then("Look at this first: {hints}.")
                .arg("hints", Text::sentence(hints.join("; ")))
        };
        TokenFinding {
            key: (
                FindingId::TokenRejectedOnFirstUse,
                issued,
                Fingerprint::of(value).key(),
            ),
            finding: SessionFinding {
                finding: finding(
                    FindingId::TokenRejectedOnFirstUse,
                    detail,
                    Evidence::field(carrier)
                        .with_fact("issued_in", issued)
                        .with_fact("fingerprint", Fingerprint::of(value).raw()),
                ),
                entries: vec![issued, index],
            },
        }
    }

    fn issuance(
        &mut self,
        index: usize,
        ex: &Exchange,
        is_token_call: bool,
        out: &mut Vec<TokenFinding>,
    ) {
        let mut issued: Vec<(TokenKind, String, String, Option<f64>)> = Vec::new();
        let endpoint = url_without_query(&ex.url).unwrap_or_default();
        // Outside a token call the body matters only when it issues a token; most 2xx JSON
        // bodies are API data, parsed here on every exchange for nothing.
        if (200..300).contains(&ex.status) && (is_token_call || may_name_a_token(ex)) {
            if let Some(body) = json_body(ex) {
                let expires_in = body.get("expires_in").and_then(number);
                for (field, kind) in [
                    ("access_token", TokenKind::AccessToken),
                    ("id_token", TokenKind::IdToken),
                    ("refresh_token", TokenKind::RefreshToken),
                ] {
                    if let Some(Value::String(v)) = body.get(field) {
                        if v.len() >= 8 {
                            let exp = if kind == TokenKind::AccessToken {
                                expires_in
                            } else {
                                None
                            };
                            issued.push((kind, v.clone(), format!("{endpoint}#{field}"), exp));
                        }
                    }
                }
                if is_token_call || !issued.is_empty() {
                    self.expiry_checks(index, ex, &body, out);
                }
            }
        }
        for h in ex.response_headers_named("set-cookie") {
            let first = h.split(';').next().unwrap_or_default();
            let Some((name, value)) = first.split_once('=') else {
                continue;
            };
            let (name, value) = (name.trim(), value.trim().trim_matches('"'));
            let lower = h.to_ascii_lowercase();
            let deleting = value.is_empty()
                || value.eq_ignore_ascii_case("deleted")
                || lower.contains("max-age=0")
                || lower.contains("1970");
            if deleting || value.len() < 8 || !(is_auth_cookie_name(name) || looks_like_jwt(value))
            {
                continue;
            }
            issued.push((
                TokenKind::Cookie,
                value.to_owned(),
                format!("{}#cookie:{name}", host_of(&ex.url)),
                None,
            ));
        }
        if (300..400).contains(&ex.status) {
            let target = ex
                .redirect_url
                .as_deref()
                .or_else(|| ex.response_header("location"));
            if let Some(target) = target {
                for (k, v) in fragment_params(target) {
                    if matches!(k.as_str(), "access_token" | "id_token") && v.len() >= 8 {
                        let source = format!("{}#fragment:{k}", host_of(&ex.url));
                        issued.push((TokenKind::Fragment, v, source, None));
                    }
                }
            }
        }
        for (kind, value, source, _) in issued {
            let fp = Fingerprint::of(&value);
            let key = fp.key();
            if let Some(&(seen_at, seen_ms)) = self.presented_before.get(&key) {
                if seen_at < index {
                    self.used_before_issued(index, &value, seen_at, seen_ms, out);
                }
            }
            if let Some(existing) = self.tokens.get(&key) {
                if existing.issued_index.is_some() {
                    continue; // the same token issued again (a cached token endpoint answer)
                }
            }
            let issuer = jws(&value)
                .and_then(|j| j.iss().ok().flatten().map(str::to_owned))
                .unwrap_or_else(|| host_of(&ex.url));
            let previous_lane = self.tokens.get(&key).and_then(|r| r.lane);
            let lane = self.lane_for(previous_lane, redact(&value), kind, issuer, &fp);
            if let Some(l) = lane.and_then(|l| self.timeline.lanes.get_mut(l)) {
                l.kind = kind;
            }
            let replaced = self
                .latest_by_source
                .get(&source)
                .copied()
                .filter(|&old| old != key);
            if let Some(old) = replaced {
                if let Some(mut rec) = self.tokens.get(&old).cloned() {
                    if rec.replaced.is_none() {
                        rec.replaced = Some(Replacement {
                            index,
                            started_ms: ex.started_at_ms,
                            ends_ms: ex
                                .started_at_ms
                                .zip(ex.duration_ms)
                                .map(|(s, d)| s as f64 + d),
                        });
                        self.mark(rec.lane, index, MarkKind::Refreshed, ex);
                        self.tokens.insert(old, rec);
                    }
                }
            }
            self.mark(lane, index, MarkKind::Issued, ex);
            let first_use = self.tokens.get(&key).and_then(|r| r.first_use);
            self.tokens.insert(
                key,
                TokenRecord {
                    lane,
                    kind,
                    issued_index: Some(index),
                    first_use: first_use.filter(|&u| u > index),
                    replaced: None,
                    stale_reported: false,
                },
            );
            self.latest_by_source.insert(source, key);
        }
    }

    fn used_before_issued(
        &self,
        index: usize,
        value: &str,
        seen_at: usize,
        seen_ms: Option<i64>,
        out: &mut Vec<TokenFinding>,
    ) {
        // Only a JWT says when it was made; an opaque token may have been issued before the
        // capture started and issued again (cached) here.
        let Some(j) = jws(value) else { return };
        let Ok(Some(iat)) = j.iat() else { return };
        let (Some(iat_ms), Some(seen_ms)) = (iat.unix_millis(), seen_ms) else {
            return;
        };
        if iat_ms <= seen_ms + 1_000 {
            return;
        }
        let detail = msg("Entry {first_sent_in} sent this token {offset} before it existed: entry {issued_in} issued it, and its `iat` is later than that request. Either the client's clock (which the capture's times come from) jumped, or the capture's order is wrong; tokens cannot be used before they are issued.")
            .arg("offset", super::jwt::describe_offset(iat_ms.saturating_sub(seen_ms)));
        out.push(TokenFinding {
            key: (
                FindingId::TokenUsedBeforeIssued,
                index,
                Fingerprint::of(value).key(),
            ),
            finding: SessionFinding {
                finding: finding(
                    FindingId::TokenUsedBeforeIssued,
                    detail,
                    Evidence::field("response.body")
                        .with_fact("first_sent_in", seen_at)
                        .with_fact("issued_in", index),
                ),
                entries: vec![seen_at, index],
            },
        });
    }

    /// `jwt.exp_in_milliseconds` and `jwt.exp_disagrees_expires_in` on a token response.
    fn expiry_checks(
        &self,
        index: usize,
        ex: &Exchange,
        body: &Map<String, Value>,
        out: &mut Vec<TokenFinding>,
    ) {
        let expires_in = body.get("expires_in").and_then(number);
        let jwt = match body.get("access_token") {
            Some(Value::String(access)) => jws(access),
            _ => None,
        };
        let exp = jwt
            .as_ref()
            .and_then(|j| j.exp().ok().flatten())
            .map(|d| d.seconds());
        let iat = jwt
            .as_ref()
            .and_then(|j| j.iat().ok().flatten())
            .map(|d| d.seconds());
        if let Some(exp) = exp.filter(|&e| e >= EXP_MILLISECONDS_FLOOR) {
            out.push(self.ms_finding(index, msg(
                "The issued access token's `exp` is {exp}: as seconds since 1970 (RFC 7519 §2, NumericDate) that is tens of thousands of years away, so the issuer wrote milliseconds. Verifiers that follow the RFC treat the token as never expiring; others reject it."
            ).arg("exp", format!("{exp:.0}")), "response.body.access_token.exp"));
            return;
        }
        let Some(e) = expires_in else { return };
        if let (Some(exp), Some(iat)) = (exp, iat) {
            let lifetime = exp - iat;
            if lifetime > 0.0 && ((e / 1000.0) - lifetime).abs() <= lifetime * 0.01 + 1.0 {
                out.push(self.ms_finding(index, msg(
                    "The token response says `expires_in: {e}` while the token lives {lifetime} s (`exp − iat`): `expires_in` was written in milliseconds. RFC 6749 §5.1 counts it in seconds."
                ).arg("e", format!("{e}")).arg("lifetime", format!("{lifetime:.0}")), "response.body.expires_in"));
                return;
            }
        } else if e >= 600_000.0 && e % 60_000.0 == 0.0 {
            // Whole minutes in milliseconds: as seconds these are odd lifetimes (3600000 s is
            // 41.7 days), while real second counts of days or years (2592000, 31536000) are not
            // multiples of 60000.
            out.push(self.ms_finding(index, msg(
                "The token response says `expires_in: {e}`. RFC 6749 §5.1 counts `expires_in` in seconds, which makes that {days} days; as milliseconds it is exactly {minutes} minutes, the usual kind of lifetime. This is read from the number's shape only: check the server's code. A client that trusts it never refreshes in time."
            ).arg("e", format!("{e}")).arg("days", format!("{:.1}", e / 86_400.0)).arg("minutes", format!("{}", e / 60_000.0)), "response.body.expires_in"));
            return;
        }
        let issued_s = iat.or(ex.started_at_ms.map(|ms| ms as f64 / 1000.0));
        if let (Some(exp), Some(issued)) = (exp, issued_s) {
            let lifetime = exp - issued;
            let diff = (lifetime - e).abs();
            if diff > EXPIRES_IN_TOLERANCE_S.max(e * 0.1) {
                let detail = msg("The token response says `expires_in: {expires_in}` s, but the access token's `exp` is {exp_minus_issued} s after it was issued. A client that schedules its refresh from `expires_in` will {outcome}.")
                    .arg("outcome", if e > lifetime { "send the token after it expired and get 401s until the next refresh" } else { "refresh far earlier than needed" });
                out.push(TokenFinding {
                    key: (FindingId::JwtExpDisagreesExpiresIn, index, 0),
                    finding: SessionFinding {
                        finding: finding(
                            FindingId::JwtExpDisagreesExpiresIn,
                            detail,
                            Evidence::field("response.body.expires_in")
                                .with_fact("expires_in", format!("{e}"))
                                .with_fact("exp_minus_issued", format!("{lifetime:.0}")),
                        ),
                        entries: vec![index],
                    },
                });
            }
        }
    }

    fn ms_finding(&self, index: usize, detail: Message, field: &str) -> TokenFinding {
        TokenFinding {
            key: (FindingId::JwtExpInMilliseconds, index, 0),
            finding: SessionFinding {
                finding: finding(
                    FindingId::JwtExpInMilliseconds,
                    detail,
                    Evidence::field(field),
                ),
                entries: vec![index],
            },
        }
    }

    fn token_call(
        &mut self,
        index: usize,
        ex: &Exchange,
        body: &[(String, String)],
        out: &mut Vec<TokenFinding>,
    ) {
        let grant = param(body, "grant_type").unwrap_or_default().to_owned();
        // session.refresh_loop: token calls with 401s from the API between each pair.
        let call = TokenCall {
            index,
            started_ms: ex.started_at_ms,
            rejections_before: std::mem::take(&mut self.rejections_since_token_call),
        };
        if call.rejections_before.is_empty() {
            self.token_calls.clear();
        }
        self.token_calls.push_back(call);
        while self.token_calls.len() > MAX_TOKEN_CALLS {
            self.token_calls.pop_front();
        }
        if let (Some(first), Some(last)) = (self.token_calls.front(), self.token_calls.back()) {
            if let (Some(a), Some(b)) = (first.started_ms, last.started_ms) {
                if b - a > REFRESH_LOOP_WINDOW_MS {
                    while self.token_calls.len() > 1
                        && self
                            .token_calls
                            .front()
                            .and_then(|c| c.started_ms)
                            .is_some_and(|a| b - a > REFRESH_LOOP_WINDOW_MS)
                    {
                        self.token_calls.pop_front();
                    }
                }
            }
        }
        // The run starts at the first call; every later call must have 401s before it.
        let run: Vec<&TokenCall> = self.token_calls.iter().collect();
        if run.len() >= REFRESH_LOOP_THRESHOLD {
            let first = run[0].index;
            let mut entries: Vec<usize> = Vec::new();
            for c in &run {
                entries.extend(c.rejections_before.iter().copied().filter(|&r| r > first));
                entries.push(c.index);
            }
            entries.sort_unstable();
            let mut detail = msg("{token_requests} token requests (`grant_type={grant}`)")
                .arg("grant", Text::new(&grant));
            if let (Some(a), Some(b)) = (run[0].started_ms, run[run.len() - 1].started_ms) {
                detail = detail
                    .then(" in {seconds} s")
                    .arg("seconds", (b - a) / 1000);
            }
            let rejections: usize = run.iter().skip(1).map(|c| c.rejections_before.len()).sum();
            let detail = detail
                .then(", with {rejections} rejected API requests between them: each new token is rejected again, so refreshing cannot fix this 401. Look at why the first request with a fresh token fails (audience, scope, issuer, or the header it is sent in) and stop retrying after one refresh.")
                .arg("rejections", rejections);
            out.push(TokenFinding {
                key: (FindingId::SessionRefreshLoop, first, 0),
                finding: SessionFinding {
                    finding: finding(
                        FindingId::SessionRefreshLoop,
                        detail,
                        Evidence::field("request.body.grant_type")
                            .with_fact("token_requests", run.len()),
                    ),
                    entries,
                },
            });
        }

        // PKCE and redirect_uri against the authorization request (RFC 7636 §4.6, RFC 6749 §4.1.3).
        if grant == "authorization_code" {
            let client = param(body, "client_id").map(str::to_owned);
            let auth = self
                .authorizations
                .iter()
                .rev()
                .find(|a| client.is_none() || a.client_id.is_none() || a.client_id == client)
                .cloned();
            if let Some(auth) = auth {
                let verifier = param(body, "code_verifier");
                match (&auth.code_challenge, verifier) {
                    (Some(_), None) => out.push(simple(
                        FindingId::OauthPkceMissing,
                        index,
                        vec![auth.index, index],
                        msg("The authorization request (entry {entry}) sent a `code_challenge`, but this token request has no `code_verifier`. The server must reject the code exchange (RFC 7636 §4.6): send the verifier the challenge was made from.").arg("entry", auth.index),
                        "request.body.code_verifier",
                    )),
                    (Some(challenge), Some(v)) => {
                        let computed = if auth.challenge_method.eq_ignore_ascii_case("S256") { s256(v) } else { v.to_owned() };
                        if &computed != challenge {
                            out.push(simple(
                                FindingId::OauthPkceMismatch,
                                index,
                                vec![auth.index, index],
                                msg("The `code_verifier` sent here does not match the `code_challenge` of the authorization request (entry {entry}, method `{method}`): {how} of the verifier is not the challenge. The verifier belongs to another login attempt (a second tab, a reload that made a new verifier, or storage that was cleared).").arg("entry", auth.index).arg("method", Text::new(&auth.challenge_method)).arg("how", if auth.challenge_method.eq_ignore_ascii_case("S256") { "BASE64URL(SHA-256)" } else { "the plain value" }),
                                "request.body.code_verifier",
                            ));
                        }
                    }
                    _ => {}
                }
                if let (Some(a), Some(t)) =
                    (auth.redirect_uri.as_deref(), param(body, "redirect_uri"))
                {
                    if a != t {
                        out.push(simple(
                            FindingId::OauthRedirectUriMismatch,
                            index,
                            vec![auth.index, index],
                            msg("The token request's `redirect_uri` ({sent}) is not the one the authorization request sent (entry {entry}: {expected}). RFC 6749 §4.1.3 requires them to be identical, character for character.").arg("sent", server_text(t)).arg("entry", auth.index).arg("expected", server_text(a)),
                            "request.body.redirect_uri",
                        ));
                    }
                }
            }
        }
        // OAuth errors from the token endpoint (RFC 6749 §5.2).
        if ex.status >= 400 {
            if let Some(err) = json_body(ex).or_else(|| {
                ex.response_body_excerpt.as_deref().map(|b| {
                    form_pairs(b.trim())
                        .into_iter()
                        .map(|(k, v)| (k, Value::String(v)))
                        .collect()
                })
            }) {
                if let Some(Value::String(code)) = err.get("error") {
                    let description = err
                        .get("error_description")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    self.oauth_error(
                        index,
                        ex,
                        code,
                        description,
                        &grant,
                        body,
                        "response.body.error",
                        out,
                    );
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn oauth_error(
        &self,
        index: usize,
        ex: &Exchange,
        code: &str,
        description: &str,
        grant: &str,
        body: &[(String, String)],
        field: &str,
        out: &mut Vec<TokenFinding>,
    ) {
        let lower = description.to_ascii_lowercase();
        let id = if lower.contains("redirect_uri") || lower.contains("redirect uri") {
            Some(FindingId::OauthRedirectUriMismatch)
        } else if lower.contains("code_verifier")
            || lower.contains("pkce")
            || lower.contains("code verifier")
        {
            Some(if param(body, "code_verifier").is_some() {
                FindingId::OauthPkceMismatch
            } else {
                FindingId::OauthPkceMissing
            })
        } else {
            oauth_error_id(code)
        };
        let Some(id) = id else { return };
        if out.iter().any(|f| f.key.0 == id) {
            return; // already explained from the requests themselves, with the exact difference
        }
        let said: crate::model::Value = if description.is_empty() {
            "".into()
        } else {
            Text::new(format!(" (\"{}\")", server_text(description).shown())).into()
        };
        let explanation = match id {
            FindingId::OauthInvalidGrant => match grant {
                "refresh_token" => "The refresh token was revoked, expired, or already used: with refresh-token rotation each refresh token works once, so a second tab or a retried refresh that reuses it fails. Sign the user in again, and refresh from one place.".to_owned(),
                "authorization_code" => "The authorization code was already used, expired (codes live seconds to minutes), was issued to another client, or its `redirect_uri` / PKCE verifier does not match.".to_owned(),
                _ => "The grant (code, refresh token, or password) is invalid, expired, revoked, or was issued to another client.".to_owned(),
            },
            FindingId::OauthInvalidClient => {
                let basic = ex.request_header("authorization").is_some_and(|a| a.trim_start().to_ascii_lowercase().starts_with("basic"));
                let in_body = param(body, "client_secret").is_some();
                let how = match (basic, in_body) {
                    (true, true) => "both in `Authorization: Basic` and as `client_secret` in the body (RFC 6749 §2.3.1 allows one method only)",
                    (true, false) => "with `Authorization: Basic` (client_secret_basic)",
                    (false, true) => "as `client_secret` in the body (client_secret_post)",
                    (false, false) => "not at all (no `Authorization: Basic`, no `client_secret`)",
                };
                let challenge = if ex.status == 401 && ex.response_header("www-authenticate").is_some() { " The server answered 401 with a challenge, as RFC 6749 §5.2 requires when the client authenticated with a header." } else { "" };
                format!("Client authentication failed: the client authenticated {how}. Check the client id and secret and the method the server registered for this client.{challenge}")
            }
            FindingId::OauthUnauthorizedClient => format!("This client may not use `grant_type={}`: enable the grant for the client at the authorization server.", server_text(grant)),
            FindingId::OauthInvalidScope => "A requested scope is unknown, malformed, or more than the client (or the refresh token's original grant) allows.".to_owned(),
            FindingId::OauthUnsupportedGrantType => format!("The server does not support `grant_type={}`; check its metadata's `grant_types_supported`.", server_text(grant)),
            FindingId::OauthRedirectUriMismatch => "The `redirect_uri` is not registered for this client, or differs from the one the authorization request used (RFC 6749 §4.1.3: identical, character for character).".to_owned(),
            FindingId::OauthPkceMissing => "The server requires PKCE: the authorization request needs `code_challenge` (S256) and this request the matching `code_verifier`.".to_owned(),
            FindingId::OidcInteractionRequired => "Silent authentication (`prompt=none`, a hidden iframe or a background refresh) needs the user: send them through an interactive login.".to_owned(),
            FindingId::DpopNonceRequired => "The server wants a `nonce` in the DPoP proof: retry with the value of the `DPoP-Nonce` response header in a new proof (RFC 9449 §8).".to_owned(),
            FindingId::DpopInvalidProof => "The server rejected the DPoP proof (RFC 9449 §4.3): check its `typ`, `alg`, `jwk`, `htm`, `htu`, `iat` and `jti`.".to_owned(),
            _ => "The code verifier does not match the challenge of the authorization request.".to_owned(),
        };
        let detail =
            msg("The server answered `error={error}`{said} with status {status}. {explanation}")
                .arg("said", said)
                .arg("status", ex.status)
                .arg("explanation", Text::sentence(explanation));
        out.push(TokenFinding {
            key: (id, index, 0),
            finding: SessionFinding {
                finding: finding(
                    id,
                    detail,
                    Evidence::field(field).with_fact("error", server_text(code)),
                ),
                entries: vec![index],
            },
        });
    }

    fn authorize(&mut self, index: usize, query: &[(String, String)], out: &mut Vec<TokenFinding>) {
        if param(query, "response_type").is_none() || param(query, "client_id").is_none() {
            return;
        }
        let challenge = param(query, "code_challenge").map(str::to_owned);
        let method = param(query, "code_challenge_method")
            .unwrap_or("plain")
            .to_owned();
        if challenge.is_some() && !method.eq_ignore_ascii_case("S256") {
            out.push(simple(
                FindingId::OauthPkcePlain,
                index,
                vec![index],
                msg("The authorization request uses PKCE with `code_challenge_method={method}`{absent}. With `plain` the challenge is the verifier itself, so anyone who sees the request can redeem the code; RFC 9700 §2.1.1 requires S256.").arg("method", Text::new(&method)).arg("absent", if param(query, "code_challenge_method").is_none() { " (absent, which means plain)" } else { "" }),
                "request.query.code_challenge_method",
            ));
        }
        self.authorizations.push_back(AuthorizeRequest {
            index,
            client_id: param(query, "client_id").map(str::to_owned),
            redirect_uri: param(query, "redirect_uri").map(str::to_owned),
            state: param(query, "state").map(str::to_owned),
            code_challenge: challenge,
            challenge_method: method,
            callback_seen: false,
        });
        while self.authorizations.len() > MAX_AUTHORIZE {
            self.authorizations.pop_front();
        }
    }

    /// The authorization response: a redirect to (or a request of) the client's `redirect_uri`.
    fn callback(&mut self, index: usize, ex: &Exchange, out: &mut Vec<TokenFinding>) {
        let mut urls: Vec<&str> = vec![ex.url.as_str()];
        if (300..400).contains(&ex.status) {
            if let Some(t) = ex
                .redirect_url
                .as_deref()
                .or_else(|| ex.response_header("location"))
            {
                urls.push(t);
            }
        }
        for url in urls {
            let Some(base) = url_without_query(url) else {
                continue;
            };
            let pos = self.authorizations.iter().rposition(|a| {
                !a.callback_seen
                    && a.index != index
                    && a.redirect_uri
                        .as_deref()
                        .and_then(url_without_query)
                        .as_deref()
                        == Some(base.as_str())
            });
            let Some(pos) = pos else { continue };
            let mut params = query_params(url);
            params.extend(fragment_params(url));
            if param(&params, "code").is_none() && param(&params, "error").is_none() {
                continue;
            }
            let auth = self.authorizations[pos].clone();
            self.authorizations[pos].callback_seen = true;
            if let Some(code) = param(&params, "error") {
                let description = param(&params, "error_description").unwrap_or_default();
                self.oauth_error(
                    index,
                    ex,
                    code,
                    description,
                    "",
                    &[],
                    "request.query.error",
                    out,
                );
            }
            if let Some(sent) = auth.state.as_deref() {
                let back = param(&params, "state");
                if back != Some(sent) {
                    let what = match back {
                        None => msg("The authorization request (entry {entry}) sent a `state`, and the redirect to the client came back without `state`."),
                        Some(b) => msg("The authorization request (entry {entry}) sent a `state`, and the redirect to the client came back with another `state` ({back}, sent {sent}).")
                            .arg("back", Secret::new(b))
                            .arg("sent", Secret::new(sent)),
                    };
                    out.push(simple(
                        FindingId::OauthStateMismatch,
                        index,
                        vec![auth.index, index],
                        what.arg("entry", auth.index).then(" RFC 6749 §10.12: the client must reject this response (it may be a forged login); usually the state was lost between tabs or overwritten by a second login attempt."),
                        "request.query.state",
                    ));
                }
            }
            return;
        }
    }

    fn discovery(
        &mut self,
        index: usize,
        ex: &Exchange,
        body: &[(String, String)],
        query: &[(String, String)],
        is_token_call: bool,
        out: &mut Vec<TokenFinding>,
    ) {
        // A 401 that points at its protected-resource metadata (RFC 9728 §5.1).
        if ex.status == 401 {
            let fields: Vec<&str> = ex.response_headers_named("www-authenticate").collect();
            let parsed = parse_challenges_lenient(&fields);
            if let Some(meta) = parsed
                .challenges
                .iter()
                .find_map(|c| c.param("resource_metadata"))
            {
                let meta = meta.to_owned();
                if self.advertised_metadata.get(&meta).is_none() {
                    self.advertised_metadata.insert(meta.clone(), index);
                    out.push(simple(
                        FindingId::DiscoveryResourceMetadata,
                        index,
                        vec![index],
                        msg("The 401 names the resource's metadata: `resource_metadata=\"{meta}\"` (RFC 9728 §5.1). A client that has no token must GET that document, read its `authorization_servers`, fetch the authorization server's metadata (RFC 8414), and request a token with `resource` set to this API (RFC 8707).").arg("meta", server_text(&meta)),
                        "response.header.WWW-Authenticate",
                    ));
                }
            }
        }
        let path = UrlParts::parse(&ex.url)
            .map(|u| u.path.to_ascii_lowercase())
            .unwrap_or_default();
        let well_known = [
            ".well-known/oauth-protected-resource",
            ".well-known/oauth-authorization-server",
            ".well-known/openid-configuration",
        ]
        .iter()
        .find(|w| path.contains(*w));
        if let Some(doc) = well_known {
            if ex.method.eq_ignore_ascii_case("OPTIONS") || ex.status == 0 {
                return;
            }
            let advertised = self.advertised_metadata.get(&ex.url).copied();
            if !(200..300).contains(&ex.status) {
                let mut entries = advertised.into_iter().collect::<Vec<_>>();
                entries.push(index);
                out.push(simple(
                    FindingId::DiscoveryBroken,
                    index,
                    entries,
                    msg("The discovery chain breaks here: GET `{doc}` got {status}. Without this document the client cannot find {what}.").arg("doc", *doc).arg("status", ex.status).arg("what", if doc.contains("protected-resource") { "the authorization server for this resource" } else { "the authorization server's endpoints (token, authorization, registration)" }),
                    "request.url",
                ));
            } else if doc.contains("protected-resource") {
                if let Some(meta) = json_body(ex) {
                    let servers = meta
                        .get("authorization_servers")
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty());
                    if !servers {
                        out.push(simple(
                            FindingId::DiscoveryBroken,
                            index,
                            vec![index],
                            msg("The protected-resource metadata has no `authorization_servers` (RFC 9728 §2), so a client cannot tell where to get a token for this resource."),
                            "response.body.authorization_servers",
                        ));
                    }
                    if let Some(Value::String(resource)) = meta.get("resource") {
                        self.resources.push_back(ResourceMetadata {
                            index,
                            resource: resource.clone(),
                        });
                        while self.resources.len() > MAX_AUTHORIZE {
                            self.resources.pop_front();
                        }
                    }
                }
            }
            return;
        }
        // A token or authorization request after the resource's metadata was read: RFC 8707.
        let is_authorize =
            param(query, "response_type").is_some() && param(query, "client_id").is_some();
        if let Some(res) = self.resources.back().cloned() {
            if is_token_call || is_authorize {
                let sent = if is_token_call {
                    param(body, "resource")
                } else {
                    param(query, "resource")
                };
                if sent.is_none() {
                    out.push(simple(
                        FindingId::DiscoveryResourceMissing,
                        index,
                        vec![res.index, index],
                        msg("Entry {entry} read the protected-resource metadata for `{resource}`, but this {what} has no `resource` parameter (RFC 8707). Without it the authorization server cannot put the resource in the token's audience, and the resource rejects the token.").arg("entry", res.index).arg("resource", server_text(&res.resource)).arg("what", if is_token_call { "token request" } else { "authorization request" }),
                        if is_token_call { "request.body.resource" } else { "request.query.resource" },
                    ));
                }
            }
            if is_token_call && (200..300).contains(&ex.status) {
                if let Some(Value::String(at)) =
                    json_body(ex).as_ref().and_then(|b| b.get("access_token"))
                {
                    if let Some(aud) = jws(at).and_then(|j| {
                        j.aud()
                            .ok()
                            .flatten()
                            .map(|a| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
                    }) {
                        let want = res.resource.trim_end_matches('/');
                        if !aud.iter().any(|a| a.trim_end_matches('/') == want) {
                            out.push(simple(
                                FindingId::DiscoveryBroken,
                                index,
                                vec![res.index, index],
                                msg("The issued access token's audience ({aud}) is not the resource `{resource}` that the metadata (entry {entry}) names, so the resource will reject it (RFC 8707 §2, RFC 9068 §4).").arg("aud", Text::sentence(aud.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))).arg("resource", server_text(&res.resource)).arg("entry", res.index),
                                "response.body.access_token.aud",
                            ));
                        }
                    }
                }
            }
        }
    }

    fn dpop(&mut self, index: usize, ex: &Exchange, out: &mut Vec<TokenFinding>) {
        // Challenges first: RFC 9449 §7.1 (resource) and §8 (nonce).
        if matches!(ex.status, 400 | 401) {
            let fields: Vec<&str> = ex.response_headers_named("www-authenticate").collect();
            let parsed = parse_challenges_lenient(&fields);
            for c in parsed.challenges.iter().filter(|c| c.is_scheme("DPoP")) {
                match c.param("error") {
                    Some("use_dpop_nonce") => {
                        let has_nonce = ex.response_header("dpop-nonce").is_some();
                        out.push(simple(
                            FindingId::DpopNonceRequired,
                            index,
                            vec![index],
                            msg("The server requires a nonce in the DPoP proof (`error=\"use_dpop_nonce\"`, RFC 9449 §9).{nonce} Retry once with a new proof whose `nonce` claim is that value; every later proof must carry the newest nonce.").arg("nonce", if has_nonce { " It sent the nonce in the `DPoP-Nonce` response header." } else { " It did not send a `DPoP-Nonce` header, which it must (RFC 9449 §9): the client cannot comply." }),
                            "response.header.WWW-Authenticate",
                        ));
                    }
                    Some("invalid_dpop_proof") => out.push(simple(
                        FindingId::DpopInvalidProof,
                        index,
                        vec![index],
                        msg("The server rejected the DPoP proof (`error=\"invalid_dpop_proof\"`{description}). RFC 9449 §4.3 lists what it checks: `typ` is `dpop+jwt`, an asymmetric `alg`, the `jwk` public key, `htm` and `htu` matching this request, a fresh `iat` and unique `jti`, and `ath` when an access token is sent.").arg("description", Text::new(c.param("error_description").map(|d| format!(", \"{d}\"")).unwrap_or_default())),
                        "response.header.WWW-Authenticate",
                    )),
                    _ => {}
                }
            }
        }
        let Some(proof) = ex.request_header("dpop").map(str::trim) else {
            return;
        };
        let Some(j) = jws(proof) else {
            out.push(simple(
                FindingId::DpopProofMismatch,
                index,
                vec![index],
                msg("The `DPoP` header is not a signed JWT (RFC 9449 §4.2 requires a JWS with `typ: dpop+jwt`)."),
                "request.header.DPoP",
            ));
            return;
        };
        let mut problems = Vec::new();
        if j.typ() != Some("dpop+jwt") {
            problems.push(format!(
                "its `typ` is {} instead of `dpop+jwt`",
                j.typ()
                    .map(|t| format!("`{}`", server_text(t)))
                    .unwrap_or_else(|| "missing".to_owned())
            ));
        }
        match j.string_claim("htm") {
            Ok(Some(htm)) if htm != ex.method => problems.push(format!(
                "`htm` is `{}` but the request is {}",
                server_text(htm),
                ex.method
            )),
            Ok(None) => problems.push("`htm` is missing".to_owned()),
            _ => {}
        }
        match j.string_claim("htu") {
            Ok(Some(htu)) => {
                let want = url_without_query(&ex.url);
                let got = url_without_query(htu);
                if got.is_none() || want != got {
                    problems.push(format!(
                        "`htu` is `{}` but the request goes to {}",
                        server_text(htu),
                        want.unwrap_or_default()
                    ));
                }
            }
            Ok(None) => problems.push("`htu` is missing".to_owned()),
            _ => {}
        }
        if let (Ok(Some(iat)), Some(t)) = (j.iat(), ex.started_at_ms) {
            if let Some(iat_ms) = iat.unix_millis() {
                if iat_ms.saturating_sub(t).saturating_abs() > DPOP_IAT_WINDOW_MS {
                    problems.push(format!(
                        "its `iat` is {} the request (servers accept a few minutes at most)",
                        super::jwt::describe_offset(iat_ms.saturating_sub(t))
                    ));
                }
            }
        }
        let access = ex.request_header("authorization").and_then(|a| {
            let (scheme, token) = a.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("DPoP").then(|| token.trim())
        });
        if let Some(token) = access {
            match j.string_claim("ath") {
                Ok(Some(ath)) if ath != s256(token) => problems.push("`ath` is not the hash of the access token sent with it (a proof made for another token)".to_owned()),
                Ok(None) => problems.push("`ath` is missing although an access token is sent (RFC 9449 §4.2)".to_owned()),
                _ => {}
            }
        }
        if !problems.is_empty() {
            out.push(simple(
                FindingId::DpopProofMismatch,
                index,
                vec![index],
                msg("The DPoP proof does not fit this request: {problems}. The server rejects such a proof (RFC 9449 §4.3); make a new proof for every request.").arg("problems", Text::sentence(problems.join("; "))),
                "request.header.DPoP",
            ));
        }
    }
}

/// A one-exchange (or two-exchange) token finding with the documented severity.
fn simple(
    id: FindingId,
    index: usize,
    entries: Vec<usize>,
    detail: Message,
    field: &str,
) -> TokenFinding {
    TokenFinding {
        key: (id, entries.first().copied().unwrap_or(index), index as u64),
        finding: SessionFinding {
            finding: finding(id, detail, Evidence::field(field)),
            entries,
        },
    }
}
