//! Rules that need the catalogue's knowledge of each provider: a header it requires with the key
//! (`credential.companion_missing`), a credential its API never takes (`credential.not_for_api`)
//! and a key of the other environment (`credential.wrong_environment`).
//!
//! ```
//! use authlens::model::Exchange;
//! use authlens::rules::{analyze_exchange, AnalysisOptions};
//! let ex = Exchange::new("GET", "https://api.notion.com/v1/users/me")
//!     .with_request_header("Authorization", "Bearer ntn_4f9Kq2LmX8Rz1VtB6cN3hW7yD0sJ5gA9eU2iO4pQ8rT1xZ")
//!     .with_status(400);
//! let f = analyze_exchange(&ex, &AnalysisOptions::default());
//! assert!(f.iter().any(|f| f.id.as_str() == "credential.companion_missing"));
//! ```

use crate::findings::FindingId;
use crate::model::{Evidence, Exchange, Finding, Severity};
use crate::providers::{
    providers_for_host, Confidence, Environment, KeyKind, KeyMatch, Provider, Requirement,
    Visibility,
};
use crate::redact::Text;

use super::credential::{Carrier, Source};
use super::{finding, finding_with, msg, Ctx};

/// `credential.companion_missing`: a failed request sends its key where a provider of the host
/// reads it, without a header that provider requires with it (conditional ones only when their
/// condition holds). A request that worked proves the header was not needed (or a proxy added
/// it); one that got no response (status 0) says nothing either.
pub(crate) fn inspect_companions(ctx: &Ctx<'_>, ex: &Exchange, out: &mut Vec<Finding>) {
    if ex.status == 0 || !ctx.failed() {
        return;
    }
    let Some(host) = ctx.url.as_ref().map(|u| u.host) else {
        return;
    };
    let sent = |name: &str| {
        ex.request_headers
            .iter()
            .any(|h| h.name.eq_ignore_ascii_case(name) && !h.value.trim().is_empty())
    };
    let mut reported: Vec<&str> = Vec::new();
    for p in providers_for_host(host) {
        // The key must travel where this entry reads it: Cloudflare's token entry (Bearer) has
        // no `X-Auth-Email`, its global-key entry (`X-Auth-Key`) has.
        let Some(key) = p
            .auth
            .iter()
            .filter(|a| !a.header.is_empty())
            .find_map(|a| {
                ex.request_headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case(a.header) && !h.value.trim().is_empty())
                    .map(|h| credential_of(&h.value))
            })
        else {
            continue;
        };
        for c in p.companions {
            if !c.demanded(&ex.method, host, key, &sent)
                || reported.iter().any(|r| r.eq_ignore_ascii_case(c.header))
            {
                continue;
            }
            reported.push(c.header);
            let case = if c.requirement == Requirement::Conditional {
                " on this request"
            } else {
                ""
            };
            out.push(finding(
                FindingId::CredentialCompanionMissing,
                msg("{provider} requires `{expected}` with its key{case} ({note}). This request has none, so it is refused whatever the key.")
                    .arg("case", case),
                Evidence::field(format!("request.header.{}", c.header))
                    .with_fact("provider", p.name)
                    .with_fact("expected", c.header)
                    .with_fact("note", c.note),
            ));
        }
    }
}

/// The credential of a header value: SigV4's access key id (`Credential=AKIA…/…`), else what
/// follows a scheme word, else the value.
fn credential_of(value: &str) -> &str {
    let value = value.trim();
    if let Some(at) = value.find("Credential=") {
        let rest = value.get(at + "Credential=".len()..).unwrap_or("");
        return rest.split(['/', ',', ' ']).next().unwrap_or("");
    }
    match value.split_once(' ') {
        Some((_, rest)) => rest.trim(),
        None => value,
    }
}

/// Whether a credential carried this way is the request's API credential. Refresh tokens,
/// client secrets and ids belong in a token request's body, a Basic password (client_secret_basic)
/// or an OAuth query (`client_id=`), and a refresh cookie holds a refresh token by design.
fn is_api_credential(source: Source<'_>) -> bool {
    match source {
        Source::Authorization(name) => !name.eq_ignore_ascii_case("proxy-authorization"),
        Source::KeyHeader(_) => true,
        Source::Carried(Carrier::Query(name)) => {
            let n = name.to_ascii_lowercase();
            !["client", "refresh", "secret", "code", "assertion"]
                .iter()
                .any(|w| n.contains(w))
        }
        Source::Carried(_) | Source::Pasted => false,
    }
}

/// Whether `host` is served by an entry of `vendor`.
fn vendor_host(vendor: &str, host: &str) -> bool {
    providers_for_host(host).iter().any(|p| p.vendor == vendor)
}

/// `credential.not_for_api` and `credential.wrong_environment` for a recognised key.
pub(crate) fn inspect_kind(
    ctx: &Ctx<'_>,
    best: &KeyMatch,
    kind: &KeyKind,
    field: &str,
    source: Source<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(ex) = ctx.ex else { return };
    let Some(host) = ctx.url.as_ref().map(|u| u.host) else {
        return;
    };
    let what = Text::new(format!("{} {}", best.provider_name, kind.label));
    let exact = best.confidence == Confidence::Exact && best.prefix_len > 0;
    // Slack refuses with 200 and `"ok":false` in the body.
    let refused = matches!(ex.status, 400 | 401 | 403) || (ex.status == 200 && ctx.failed());
    if kind.not_for_api && exact && is_api_credential(source) && refused {
        let own = vendor_host(best.vendor, host);
        let severity = if own {
            Severity::Error
        } else {
            Severity::Warning
        };
        let msg = if own {
            msg("This is a {what}, which {provider}'s API never accepts as a credential: it was refused ({status}). Exchange it at the provider's token endpoint (in the request body) for an access token, or send the API key meant for the API.")
        } else {
            msg("This is a {what}, which {provider}'s API never accepts as a credential; it was refused ({status}) by a host that is not {provider}'s. If this server hands it on to {provider}, send an access token or API key instead.")
        };
        out.push(finding_with(
            FindingId::CredentialNotForApi,
            severity,
            msg.arg("what", what.clone()).arg("status", ex.status),
            Evidence::field(field)
                .with_fact("provider", best.provider_name)
                .with_fact("kind", kind.label),
        ));
    }
    if matches!(source, Source::Carried(Carrier::Cookie(_))) {
        return;
    }
    let Some(p) = best.provider() else { return };
    let Some(env) = kind.environment else { return };
    if let Some(f) = wrong_environment(p, env, host, field, &what) {
        out.push(f);
        return;
    }
    let body = ex.response_body_excerpt.as_deref().unwrap_or("");
    if let Some(text) = p.mode_errors.iter().find(|t| body.contains(*t)) {
        out.push(finding(
            FindingId::CredentialWrongEnvironment,
            msg("{provider} answered \"…{said}…\": this {what} belongs to the other mode than the object asked for. Use the key of the mode the object was created in.")
                .arg("what", what.clone())
                .arg("said", *text),
            Evidence::field(field)
                .with_fact("provider", best.provider_name)
                .with_fact("kind", kind.label)
                .with_fact("based_on", "response body"),
        ));
        return;
    }
    // A publishable key refused is credential.publishable_key's to explain.
    if env == Environment::Test
        && kind.visibility == Visibility::Secret
        && matches!(ex.status, 401 | 403 | 404)
        && vendor_host(best.vendor, host)
        && !p
            .test_hosts
            .iter()
            .any(|h| crate::providers::host_matches(h, host))
    {
        out.push(finding_with(
            FindingId::CredentialWrongEnvironment,
            Severity::Info,
            msg("This is a {what}: it reaches only {provider}'s test data, and {provider} serves live and test on the same host, so only the key's prefix says so. If the object or account you asked for is live, send the live key.")
                .arg("what", what),
            Evidence::field(field)
                .with_fact("provider", best.provider_name)
                .with_fact("kind", kind.label)
                .with_fact("based_on", "key prefix"),
        ));
    }
}

/// A key of environment `env` sent to a host that serves only the other one.
fn wrong_environment(
    p: &Provider,
    env: Environment,
    host: &str,
    field: &str,
    what: &Text,
) -> Option<Finding> {
    let on = |hosts: &[&str]| {
        hosts
            .iter()
            .any(|h| crate::providers::host_matches(h, host))
    };
    let (sent_to, expected) = match env {
        Environment::Test if on(p.live_hosts) => ("live", p.test_hosts),
        Environment::Live if on(p.test_hosts) => ("test", p.live_hosts),
        _ => return None,
    };
    Some(finding(
        FindingId::CredentialWrongEnvironment,
        msg("This {what} was sent to `{host}`, which serves only {provider}'s {sent_to} environment; the key belongs to the other one, so {provider} does not know it. Send it to `{expected_host}` or use a key of this environment.")
            .arg("what", what.clone())
            .arg("sent_to", sent_to),
        Evidence::field(field)
            .with_fact("provider", p.name)
            .with_fact("host", Text::new(host))
            .with_fact("expected_host", expected.join(", "))
            .with_fact("based_on", "key prefix and host"),
    ))
}
