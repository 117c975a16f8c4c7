//! The diagnosis rules: why one exchange, one pasted credential, or a whole session got a 401.
//!
//! ```
//! use authlens::model::Exchange;
//! use authlens::rules::{analyze_exchange, AnalysisOptions};
//!
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me")
//!     .with_request_header("Authorisation", "Bearer abc")
//!     .with_status(401);
//! let findings = analyze_exchange(&ex, &AnalysisOptions::default());
//! assert_eq!(findings[0].id.as_str(), "credential.header_typo");
//! ```
//!
//! Findings take their title, default severity, fix and references from
//! [`crate::findings::summary`]; each rule records a message template and typed evidence, and the
//! detail is rendered from them by [`crate::render::detail`] (see its module doc for the
//! pattern). Values from the input reach output only as [`crate::redact::Text`] or
//! [`crate::redact::Secret`], so no output shows a full secret.

pub mod credential;
mod describe;
/// The HTTP vocabulary, at its old path.
pub use crate::http;
pub mod jwt;
mod provider;
mod request;

// The detail view (wasm only) shows the credential from the same list the rules read.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use crate::http::CREDENTIAL_HEADERS;
mod response;
pub mod session;
mod split;
pub mod tokens;

use crate::findings::FindingId;
pub(crate) use crate::model::msg;
use crate::model::{Evidence, Exchange, Finding, Message, Severity};
use crate::parse::challenge::{parse_challenges_lenient, ParsedChallenges};

pub(crate) use describe::credential_view;
pub use describe::{
    describe, ByteRun, ChallengeField, CharView, Check, ChecklistItem, ClaimTime, CredentialView,
    Details, JwtView, Origin, OriginKind,
};
pub use session::{
    analyze_session, display_url, har_malformed, EntryReport, Pushed, Report, SessionAnalyzer,
    SessionFinding,
};
pub use split::Credential;

/// What the caller knows beyond the exchange itself.
#[derive(Debug, Clone, Default)]
pub struct AnalysisOptions {
    /// The time to judge JWT expiry at, only when the exchange has no start time (ms since epoch).
    pub now_ms: Option<i64>,
    /// Fingerprint of the key the caller expects to be sent (`token.reference_mismatch`).
    pub reference_fingerprint: Option<crate::redact::Fingerprint>,
    /// The audience the API expects in JWTs (`jwt.audience_mismatch`).
    pub expected_audience: Option<String>,
    /// The inspected page's origin (DevTools panel), for CORS and secret-in-browser rules.
    pub page_origin: Option<String>,
}

/// Findings for one exchange, most severe first.
pub fn analyze_exchange(ex: &Exchange, opts: &AnalysisOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    let ctx = Ctx::for_exchange(ex, opts);
    request::inspect(&ctx, ex, &mut out);
    response::inspect(&ctx, ex, &mut out);
    sort_findings(&mut out);
    out
}

/// `findings` of `ex` as [`analyze_exchange`] would report them under `opts`, when only the
/// reference key changed since they were found: the reference finding
/// (`token.reference_mismatch`) is judged again, everything else is kept. A session re-judges its
/// kept requests this way when the user types a reference key (re-analysing 10,000 of them
/// blocked the panel for a second).
pub fn rejudge_reference(findings: &mut Vec<Finding>, ex: &Exchange, opts: &AnalysisOptions) {
    findings.retain(|f| f.id != FindingId::TokenReferenceMismatch);
    request::compare_with_reference(opts, ex, findings);
    sort_findings(findings);
}

/// Findings for a bare pasted credential (a key, a JWT, `Bearer …`), most severe first.
///
/// ```
/// use authlens::rules::{analyze_credential, AnalysisOptions};
/// let f = analyze_credential("Bearer null", &AnalysisOptions::default());
/// assert!(f.iter().any(|f| f.id.as_str() == "token.placeholder"));
/// ```
pub fn analyze_credential(value: &str, opts: &AnalysisOptions) -> Vec<Finding> {
    let mut out = Vec::new();
    let ctx = Ctx {
        ex: None,
        opts,
        url: None,
        challenges: ParsedChallenges::default(),
        proxy_challenges: ParsedChallenges::default(),
        provider: std::cell::OnceCell::from(None),
        body_verdict: std::cell::OnceCell::new(),
    };
    credential::inspect_value(&ctx, value, credential::Source::Pasted, &mut out);
    if let Some(reference) = &opts.reference_fingerprint {
        credential::compare_reference(reference, &[value], "credential", &mut out);
    }
    sort_findings(&mut out);
    out
}

/// What every rule may look at for one exchange, computed once.
pub(crate) struct Ctx<'a> {
    pub ex: Option<&'a Exchange>,
    pub opts: &'a AnalysisOptions,
    pub url: Option<http::UrlParts<'a>>,
    /// `WWW-Authenticate` challenges of a 400/401/403 (empty otherwise).
    pub challenges: ParsedChallenges,
    /// `Proxy-Authenticate` challenges of a 407 (empty otherwise).
    pub proxy_challenges: ParsedChallenges,
    /// The catalogue entry serving the request's host, looked up on first use (most requests
    /// never need it).
    provider: std::cell::OnceCell<Option<&'static crate::providers::Provider>>,
    /// What the response body says of the outcome (`"ok":false`, `"errors"`), read on first use:
    /// rules ask per header, and a scan of a 4 KB excerpt each time was a hot spot.
    body_verdict: std::cell::OnceCell<BodyVerdict>,
}

/// Error envelopes in a response body excerpt.
#[derive(Debug, Clone, Copy)]
struct BodyVerdict {
    /// Slack-style `"ok":false`.
    ok_false: bool,
    /// A GraphQL `"errors"` member.
    errors: bool,
}

impl<'a> Ctx<'a> {
    fn for_exchange(ex: &'a Exchange, opts: &'a AnalysisOptions) -> Self {
        let parse = |name: &str, statuses: &[u16]| {
            if !statuses.contains(&ex.status) {
                return ParsedChallenges::default();
            }
            let lines: Vec<&str> = ex.response_headers_named(name).collect();
            if lines.is_empty() {
                ParsedChallenges::default()
            } else {
                parse_challenges_lenient(&lines)
            }
        };
        Ctx {
            ex: Some(ex),
            opts,
            provider: std::cell::OnceCell::new(),
            body_verdict: std::cell::OnceCell::new(),
            url: http::UrlParts::parse(&ex.url),
            challenges: parse("www-authenticate", &[400, 401, 403]),
            proxy_challenges: parse("proxy-authenticate", &[407]),
        }
    }

    /// The schemes the server (or, for `Proxy-Authorization`, the proxy) challenged with.
    pub(crate) fn challenge_schemes_for(&self, proxy: bool) -> Vec<String> {
        let parsed = if proxy {
            &self.proxy_challenges
        } else {
            &self.challenges
        };
        // Only a 401's challenge says which scheme was wanted; a 403's says why it was refused.
        if !proxy && self.ex.is_some_and(|ex| ex.status != 401) {
            return Vec::new();
        }
        let mut schemes: Vec<String> = Vec::new();
        for c in &parsed.challenges {
            if !schemes.iter().any(|s| s.eq_ignore_ascii_case(&c.scheme)) {
                schemes.push(c.scheme.clone());
            }
        }
        schemes
    }

    /// The catalogue entry serving the request's host, when the exchange failed (an error
    /// status, no response, or Slack-style `"ok":false` in a 200 body). Provider rules explain
    /// failures; a request that worked needs no host lookup (and the hot path skips its cost).
    pub(crate) fn provider(&self) -> Option<&'static crate::providers::Provider> {
        *self.provider.get_or_init(|| {
            if !self.failed() {
                return None;
            }
            self.url
                .as_ref()
                .and_then(|u| crate::providers::provider_for_host(u.host))
        })
    }

    /// The exchange failed: an error status, no response, or Slack-style `"ok":false` in a 200
    /// body (no exchange at all counts as failed: a pasted credential is being debugged).
    pub(crate) fn failed(&self) -> bool {
        self.ex.is_none_or(|e| {
            e.status == 0 || e.status >= 400 || (e.status == 200 && self.body_verdict().ok_false)
        })
    }

    /// The exchange evidently worked: a 2xx/3xx whose body shows no error envelope (GraphQL
    /// `errors`, Slack `"ok":false`). Token rules that explain a failure (JWT claims, key shape)
    /// are skipped then: the hot path stays cheap, and the detail view still decodes everything.
    pub(crate) fn succeeded(&self) -> bool {
        self.ex.is_some_and(|e| {
            (200..400).contains(&e.status) && {
                let verdict = self.body_verdict();
                !(verdict.errors || verdict.ok_false)
            }
        })
    }

    fn body_verdict(&self) -> BodyVerdict {
        *self.body_verdict.get_or_init(|| {
            let body = self
                .ex
                .and_then(|e| e.response_body_excerpt.as_deref())
                .unwrap_or("");
            BodyVerdict {
                ok_false: body.contains("\"ok\":false"),
                errors: body.contains("\"errors\""),
            }
        })
    }

    /// The request time and the server's clock for judging token times.
    pub(crate) fn clock(&self) -> jwt::Clock {
        let request_ms = self.ex.and_then(|e| e.started_at_ms).or(self.opts.now_ms);
        let server_ms = self
            .ex
            .and_then(|e| e.response_header("date"))
            .and_then(http::parse_http_date_ms);
        jwt::Clock {
            request_ms,
            server_ms,
        }
    }

    /// An audience the 401's Bearer challenge names (`audience`, `resource`, or an absolute
    /// `realm` URL), if any.
    pub(crate) fn audience_hint(&self) -> Option<String> {
        let c = self
            .challenges
            .challenges
            .iter()
            .find(|c| c.is_scheme("Bearer"))?;
        c.param("audience")
            .or_else(|| c.param("resource"))
            .or_else(|| {
                c.param("realm")
                    .filter(|r| r.starts_with("https://") || r.starts_with("http://"))
            })
            .map(str::to_owned)
    }

    /// Whether the request was sent by page script in a browser (fetch/XHR, or the live panel).
    ///
    /// Chromium's HAR says so in `_resourceType`; Firefox's HAR has no resource type, but both
    /// browsers send `Sec-Fetch-Dest: empty` for fetch/XHR to potentially trustworthy origins
    /// (Fetch Metadata). Page script cannot set `Sec-Fetch-*` (forbidden header names), and
    /// server-side fetch (undici) sends only `Sec-Fetch-Mode`, so `Sec-Fetch-Site` is required too.
    pub(crate) fn is_browser_script_request(&self) -> bool {
        self.opts.page_origin.is_some()
            || self.ex.is_some_and(|e| {
                e.resource_type
                    .as_deref()
                    .is_some_and(|t| matches!(t, "fetch" | "xhr" | "xmlhttprequest"))
                    || (e
                        .request_header("sec-fetch-dest")
                        .is_some_and(|d| d.trim().eq_ignore_ascii_case("empty"))
                        && e.request_header("sec-fetch-site").is_some())
            })
    }

    /// The schemes challenged for `Authorization`.
    pub(crate) fn challenge_schemes(&self) -> Vec<String> {
        self.challenge_schemes_for(false)
    }
}

/// Most severe first; equal severities keep rule order (stable sort).
pub(crate) fn sort_findings(out: &mut [Finding]) {
    out.sort_by_key(|f| f.severity);
}

/// A finding for `id` with its documented severity (title, fix and references come from
/// [`crate::findings::summary`] when it is displayed).
pub(crate) fn finding(id: FindingId, message: Message, evidence: Evidence) -> Finding {
    Finding::new(id, message, evidence)
}

/// Like [`finding`], with a severity other than the documented default.
pub(crate) fn finding_with(
    id: FindingId,
    severity: Severity,
    message: Message,
    evidence: Evidence,
) -> Finding {
    Finding {
        severity,
        ..finding(id, message, evidence)
    }
}
