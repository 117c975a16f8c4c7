//! Rules on the response side of one exchange: what the status, the challenge, the body and the
//! CORS headers say.

use crate::findings::FindingId;
use crate::model::{Evidence, Exchange, Finding, Severity};
use crate::parse::bearer::{find_bearer_challenge, BearerErrorCode};

use super::http::{list_contains, UrlParts};
use super::request::clip;
use crate::redact::Text;

use super::{finding, finding_with, msg, AnalysisOptions, Ctx};

pub(crate) fn inspect(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let url = ctx.url.as_ref();
    let opts = ctx.opts;
    let preflight = is_preflight(ex);
    if preflight {
        inspect_preflight(ex, out);
    }
    match ex.status {
        401 if !preflight && ex.response_header("www-authenticate").is_none() => out.push(finding(
            FindingId::ChallengeMissing,
            msg("The 401 has no `WWW-Authenticate` header, although RFC 9110 §15.5.2 says a 401 MUST carry one naming the scheme to use. Clients cannot tell what is expected, and such 401s often come from a gateway or middleware rather than the application."),
            Evidence::field("response.header.WWW-Authenticate"),
        )),
        403 if !preflight => out.push(finding(
            FindingId::StatusForbidden,
            msg("403 means \"I know who you are, and no\": the server identified the caller and refused this action. Fresh or different credentials of the same identity will not help; a permission, role, scope, IP allow-list or resource ownership is missing."),
            Evidence::field("response.status").with_fact("status", "403"),
        )),
        407 => {
            let challenge = ex.response_header("proxy-authenticate");
            let detail = match challenge {
                Some(_) => msg("A proxy between the client and the server asks for credentials with `Proxy-Authenticate: {challenge}`. The API itself was never reached."),
                None => msg("A proxy between the client and the server answered 407 but sent no `Proxy-Authenticate` challenge (RFC 9110 §15.5.8 requires one). The API itself was never reached."),
            };
            let mut ev = Evidence::field("response.header.Proxy-Authenticate");
            if let Some(c) = challenge {
                ev = ev.with_fact("challenge", Text::new(clip(c, 120)));
            }
            out.push(finding(FindingId::StatusProxyAuthRequired, detail, ev));
        }
        200 | 400 => inspect_body_for_auth_error(ctx, ex, out),
        _ => {}
    }
    if matches!(ex.status, 401 | 403) && !preflight {
        inspect_cors_visibility(ex, url, opts, out);
    }
    inspect_challenges(ctx, ex, out);
    inspect_origin(ctx, ex, out);
}

/// Who answered: a gateway in front of the app, or a provider's documented error.
fn inspect_origin(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let body = ex.response_body_excerpt.as_deref();
    if matches!(ex.status, 401 | 403 | 407) {
        // A CDN or reverse proxy that relayed the origin's answer is not where the 401 came
        // from: it is shown under "Who answered" (`describe`), never as a finding.
        if let Some(gw) =
            crate::providers::recognize_gateway(&ex.response_headers, body).filter(|g| !g.relayed)
        {
            out.push(finding(
                FindingId::OriginGateway,
                msg("The {status} was produced by {gateway} ({evidence_list}), not by your application. {hint}")
                    .arg("status", ex.status)
                    .arg("evidence_list", gw.evidence.join("; "))
                    .arg("hint", gw.hint),
                gw.evidence
                    .iter()
                    .fold(Evidence::field("response.header"), |ev, e| {
                        ev.with_fact("evidence", Text::new(e))
                    })
                    .with_fact("gateway", gw.name),
            ));
        }
    }
    let Some(body) = body.filter(|b| !b.is_empty()) else {
        return;
    };
    // Slack answers 200 `{"ok":false}`: look at 2xx bodies only for known provider hosts.
    if !((400..500).contains(&ex.status) || (ex.status == 200 && ctx.provider().is_some())) {
        return;
    }
    let Some(err) =
        crate::providers::recognize_error_body(body, ex.status, ctx.url.as_ref().map(|u| u.host))
    else {
        return;
    };
    out.push(finding(
        FindingId::OriginProviderError,
        msg("{provider} answered with its documented error `{code}`: {meaning}")
            .arg("meaning", err.meaning),
        Evidence::field("response.body")
            .with_fact("provider", err.provider_name)
            .with_fact("code", err.code),
    ));
    if matches!(ex.status, 200 | 400) && !out.iter().any(|f| f.id == FindingId::StatusAuthInBody) {
        out.push(finding(
            FindingId::StatusAuthInBody,
            msg("The status is {status} but {provider} reports an authentication failure in the body (`{marker}`). Treat it as a 401.").arg("status", ex.status).arg("provider", err.provider_name),
            Evidence::field("response.body").with_fact("marker", err.code),
        ));
    }
}

fn inspect_challenges(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    for (parsed, header) in [
        (&ctx.challenges, "WWW-Authenticate"),
        (&ctx.proxy_challenges, "Proxy-Authenticate"),
    ] {
        if let Some(err) = parsed
            .errors
            .iter()
            .find(|e| e.kind.is_fatal())
            .or(parsed.errors.first())
        {
            let line = ex
                .response_headers_named(header)
                .nth(err.line)
                .unwrap_or("");
            out.push(finding(
                FindingId::ChallengeMalformed,
                msg("The `{header}` header does not parse as RFC 9110 challenges: {err}. Clients cannot reliably read the scheme or error from it (`{value}`).").arg("header", header).arg("err", err.to_string()).arg("value", Text::new(clip(line, 120))),
                Evidence::field(format!("response.header.{header}")).with_span(crate::model::Span::bytes(err.offset, err.offset)).with_fact("line", err.line + 1),
            ));
        }
    }
    let Some(bearer) = find_bearer_challenge(&ctx.challenges.challenges) else {
        return;
    };
    let Some(code) = bearer.error.as_ref() else {
        return;
    };
    let (id, mut detail) = match code {
        BearerErrorCode::InvalidToken => (
            FindingId::ChallengeInvalidToken,
            msg("The server read the Bearer token and rejected it (`error=\"invalid_token\"`): it is expired, revoked, malformed, or issued for another audience or issuer."),
        ),
        BearerErrorCode::InsufficientScope => {
            let mut m = msg("The token is valid but does not grant this action (`error=\"insufficient_scope\"`, status {status}): the server knows who you are and says no. A new token with the same scopes will not help.").arg("status", ex.status);
            if bearer.scope.is_some() {
                m = m.then(" Required scope: `{scope}`.");
            }
            (FindingId::ChallengeInsufficientScope, m)
        }
        BearerErrorCode::InvalidRequest => (
            FindingId::ChallengeInvalidRequest,
            msg("The server says the request itself is malformed (`error=\"invalid_request\"`): a parameter is missing or repeated, or the token was sent in more than one way."),
        ),
        BearerErrorCode::Other(_) => return,
    };
    // Server-provided text: shown as Text (escaped, bounded, key-like runs redacted).
    if let Some(d) = bearer.error_description.as_deref() {
        detail = detail
            .then(" The server adds: \"{description}\".")
            .arg("description", Text::new(clip(d, 200)));
    }
    let mut ev = Evidence::field("response.header.WWW-Authenticate")
        .with_fact("error", Text::new(code.as_str()));
    if let Some(scope) = &bearer.scope {
        ev = ev.with_fact("scope", Text::new(clip(scope, 200)));
    }
    out.push(finding(id, detail, ev));
}

/// A CORS preflight: `OPTIONS` with `Access-Control-Request-Method`/`-Headers`, or Chrome's
/// `preflight` resource type.
pub(crate) fn is_preflight(ex: &Exchange) -> bool {
    ex.method.eq_ignore_ascii_case("OPTIONS")
        && (ex
            .request_header("access-control-request-headers")
            .is_some()
            || ex.request_header("access-control-request-method").is_some()
            || ex.resource_type.as_deref() == Some("preflight"))
}

fn inspect_preflight(ex: &Exchange, out: &mut Vec<Finding>) {
    let requested = ex
        .request_header("access-control-request-headers")
        .unwrap_or("");
    if matches!(ex.status, 401 | 403) {
        out.push(finding(
            FindingId::BrowserPreflightRejected,
            msg("This CORS preflight (`OPTIONS`, asking to send `{requested}`) was answered {status}. Browsers never attach credentials to a preflight, so an auth check on `OPTIONS` always fails, and the real request is never sent: the page sees a CORS error.")
                .arg("requested", Text::new(clip(requested, 80))),
            Evidence::field("request.method").with_fact("status", ex.status),
        ));
        return;
    }
    if !(200..300).contains(&ex.status) || !list_contains(requested, "authorization") {
        return;
    }
    let allowed = ex.response_header("access-control-allow-headers");
    if allowed.is_some_and(|a| list_contains(a, "authorization")) {
        return;
    }
    let wildcard = allowed.is_some_and(|a| list_contains(a, "*"));
    let detail = match allowed {
        // Browsers differ here: the Fetch standard makes `Authorization` a "CORS non-wildcard
        // request-header name"; Firefox enforces it, Chromium 156 was seen sending the request.
        Some(_) if wildcard => msg("The preflight asked to send `Authorization`, and the answer was `Access-Control-Allow-Headers: {allowed}`. The Fetch standard says the wildcard never covers `Authorization` (a \"CORS non-wildcard request-header name\"): Firefox follows it and blocks the real request, while Chromium (seen in version 156) sends it anyway. The page can work in Chrome and fail in Firefox; list `Authorization` explicitly."),
        Some(_) => msg("The preflight asked to send `Authorization`, and `Access-Control-Allow-Headers: {allowed}` does not list it, so the browser blocks the real request."),
        None => msg("The preflight asked to send `Authorization` and the answer has no `Access-Control-Allow-Headers` at all, so the browser blocks the real request."),
    };
    let mut ev = Evidence::field("response.header.Access-Control-Allow-Headers")
        .with_fact("requested", Text::new(clip(requested, 80)));
    if let Some(a) = allowed {
        ev = ev.with_fact("allowed", Text::new(clip(a, 80)));
    }
    ev = ev.with_fact(
        "browsers",
        if wildcard {
            "Firefox blocks; Chromium 156 sends"
        } else {
            "all browsers block"
        },
    );
    // Only the browsers that follow the standard block a wildcard answer: not certain, a warning.
    let severity = if wildcard {
        Severity::Warning
    } else {
        crate::findings::summary(FindingId::BrowserAllowHeadersMissing).severity
    };
    out.push(finding_with(
        FindingId::BrowserAllowHeadersMissing,
        severity,
        detail,
        ev,
    ));
}

/// The page's origin: the options' page origin, else the request's `Origin` header.
fn page_origin<'a>(ex: &'a Exchange, opts: &'a AnalysisOptions) -> Option<&'a str> {
    opts.page_origin
        .as_deref()
        .or_else(|| ex.request_header("origin"))
}

/// Whether the request was cross-origin as far as the exchange tells (`None`: cannot tell).
pub(crate) fn is_cross_origin(
    ex: &Exchange,
    url: Option<&UrlParts<'_>>,
    opts: &AnalysisOptions,
) -> Option<bool> {
    let origin = page_origin(ex, opts)?;
    if origin == "null" {
        return Some(true);
    }
    let page = UrlParts::parse(origin)?;
    Some(!page.same_origin(url?))
}

fn inspect_cors_visibility(
    ex: &Exchange,
    url: Option<&UrlParts<'_>>,
    opts: &AnalysisOptions,
    out: &mut Vec<Finding>,
) {
    // Navigations and subresources (images, scripts) are not subject to CORS reads.
    if let Some(kind) = ex.resource_type.as_deref() {
        if !matches!(
            kind,
            "fetch" | "xhr" | "xmlhttprequest" | "eventsource" | "other"
        ) {
            return;
        }
    }
    if is_cross_origin(ex, url, opts) != Some(true)
        || ex.response_header("access-control-allow-origin").is_some()
    {
        return;
    }
    out.push(finding(
        FindingId::BrowserCorsHides401,
        msg("This cross-origin {status} has no `Access-Control-Allow-Origin`, so the browser hides it: the page's code sees a CORS/network error with status 0, not the {status}. Fix the authentication problem first; the CORS error is a symptom.")
            .arg("status", ex.status),
        Evidence::field("response.header.Access-Control-Allow-Origin").with_fact("page_origin", Text::new(page_origin(ex, opts).unwrap_or(""))),
    ));
}

/// Authentication failures some APIs report with 200 (GraphQL) or 400 (Google API keys).
fn inspect_body_for_auth_error(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    let Some(body) = ex.response_body_excerpt.as_deref() else {
        return;
    };
    let marker = if ex.status == 200 {
        // GraphQL servers (Apollo, Hasura, GitHub) answer 200 with an `errors` array.
        if ctx.body_verdict().errors {
            [
                "\"UNAUTHENTICATED\"",
                "\"invalid-jwt\"",
                "\"access-denied\"",
            ]
            .into_iter()
            .find(|m| body.contains(m))
        } else {
            None
        }
    } else {
        [
            "API_KEY_INVALID",
            "API key not valid",
            "\"UNAUTHENTICATED\"",
            "invalid_api_key",
            "Invalid API key",
            "invalid api key",
        ]
        .into_iter()
        .find(|m| body.contains(m))
    };
    let Some(marker) = marker else { return };
    out.push(finding_with(
        FindingId::StatusAuthInBody,
        Severity::Error,
        msg("The status is {status} but the body reports an authentication failure (`{marker}`). Treat it as a 401: the credential was missing, invalid or not accepted for this API.")
            .arg("status", ex.status),
        Evidence::field("response.body").with_fact("marker", marker.trim_matches('"')),
    ));
}
