//! Recognising who answered a 401/403: a provider's documented error body, or a gateway in front
//! of the application.

use serde::Serialize;

use super::providers_for_host;
use crate::http::Header;

/// A provider's documented error, read from a response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderError {
    /// The catalogue id, when the host or the body decides it (`None` for an error envelope that
    /// several providers share, such as OpenAI-compatible `invalid_api_key`).
    pub provider_id: Option<&'static str>,
    /// Who answered, e.g. `OpenAI`, `GitHub`, `OpenAI-compatible API`.
    pub provider_name: &'static str,
    /// The error code as the provider sends it.
    pub code: &'static str,
    /// What it means.
    pub meaning: &'static str,
}

struct BodyMarker {
    /// Catalogue ids that document this error; the first is assumed when the host says nothing.
    providers: &'static [&'static str],
    /// Display name when the host does not decide.
    name: &'static str,
    /// All must occur in the body.
    needles: &'static [&'static str],
    /// Statuses it is documented with; empty means any 4xx.
    statuses: &'static [u16],
    /// Too generic to trust unless the host belongs to one of `providers`.
    needs_host: bool,
    code: &'static str,
    meaning: &'static str,
}

const fn m(
    providers: &'static [&'static str],
    name: &'static str,
    needles: &'static [&'static str],
    code: &'static str,
    meaning: &'static str,
) -> BodyMarker {
    BodyMarker {
        providers,
        name,
        needles,
        statuses: &[],
        needs_host: false,
        code,
        meaning,
    }
}

impl BodyMarker {
    const fn host_only(mut self) -> Self {
        self.needs_host = true;
        self
    }
    const fn statuses(mut self, s: &'static [u16]) -> Self {
        self.statuses = s;
        self
    }
}

const GITHUB: &[&str] = &[
    "github-pat-classic",
    "github-fine-grained-pat",
    "github-oauth-token",
    "github-app-user-token",
    "github-app-installation-token",
];
const SLACK: &[&str] = &[
    "slack-bot-token",
    "slack-user-token",
    "slack-app-level-token",
];
const OPENAI_COMPATIBLE: &[&str] = &["openai-api-key", "groq-api-key", "together-api-key"];
const AWS: &[&str] = &[
    "aws-access-key-sigv4",
    "aws-temporary-credentials",
    "aws-bedrock-api-key",
];
const GOOGLE: &[&str] = &["google-api-key", "firebase-web-api-key-and-id-token"];
const SUPABASE: &[&str] = &[
    "supabase-legacy-jwt-keys",
    "supabase-publishable-secret-keys",
];

/// Most specific first: the first marker whose needles all occur wins.
static BODY_MARKERS: &[BodyMarker] = &[
    m(&["openai-api-key"], "OpenAI", &["You didn't provide an API key"], "missing_api_key", "No Authorization: Bearer header reached OpenAI."),
    m(&["openai-api-key"], "OpenAI", &["mismatched_organization"], "mismatched_organization", "The OpenAI-Organization header names an organization the key is not a member of."),
    m(&["openai-api-key"], "OpenAI", &["Incorrect API key provided", "platform.openai.com"], "invalid_api_key", "OpenAI does not know this key: wrong, revoked, or another provider's key."),
    m(&["xai-api-key"], "xAI", &["Incorrect API key provided", "console.x.ai"], "invalid_api_key", "xAI does not know this key."),
    m(OPENAI_COMPATIBLE, "OpenAI-compatible API", &["\"invalid_api_key\""], "invalid_api_key", "The API does not know this key: wrong, revoked, or meant for another provider."),
    m(&["deepseek-api-key"], "DeepSeek", &["Authentication Fails"], "authentication_error", "DeepSeek does not know this key."),
    m(&["anthropic-api-key", "anthropic-admin-key"], "Anthropic", &["\"authentication_error\"", "x-api-key"], "authentication_error", "The x-api-key header is missing, wrong or revoked."),
    m(&["anthropic-api-key", "anthropic-admin-key"], "Anthropic", &["\"permission_error\""], "permission_error", "The key is valid but not allowed to use this resource."),
    m(&["anthropic-api-key", "anthropic-admin-key", "deepseek-api-key", "linear-api-key"], "API", &["\"authentication_error\""], "authentication_error", "The credential was rejected."),
    m(GITHUB, "GitHub", &["Bad credentials"], "Bad credentials", "GitHub does not accept this token: wrong, expired or revoked."),
    m(&["google-api-key"], "Google", &["API_KEY_HTTP_REFERRER_BLOCKED"], "API_KEY_HTTP_REFERRER_BLOCKED", "The key's HTTP-referrer restriction refused this page's Referer."),
    m(&["google-api-key"], "Google", &["API_KEY_SERVICE_BLOCKED"], "API_KEY_SERVICE_BLOCKED", "The key is restricted to other APIs."),
    m(&["google-api-key"], "Google", &["API_KEY_INVALID"], "API_KEY_INVALID", "The key does not exist or was deleted."),
    m(GOOGLE, "Google", &["API key not valid"], "API_KEY_INVALID", "The key does not exist or was deleted."),
    m(&["google-api-key"], "Google", &["accessNotConfigured"], "accessNotConfigured", "The API is not enabled in the key's project."),
    m(&["google-api-key"], "Google", &["SERVICE_DISABLED"], "SERVICE_DISABLED", "The API is not enabled in the key's project."),
    m(&["google-api-key"], "Google", &["The request is missing a valid API key"], "PERMISSION_DENIED", "No API key (or a bearer token where a key is expected) was sent."),
    m(&["google-oauth-access-token"], "Google", &["\"UNAUTHENTICATED\"", "invalid authentication credentials"], "UNAUTHENTICATED", "The OAuth access token is expired, revoked or not an access token."),
    m(AWS, "AWS", &["Authorization header requires 'Credential' parameter"], "IncompleteSignatureException", "The route expects AWS SigV4 (IAM authorization), but a bearer token or another scheme was sent."),
    m(AWS, "AWS", &["UnrecognizedClientException"], "UnrecognizedClientException", "The security token included in the request is invalid."),
    m(AWS, "AWS", &["InvalidClientTokenId"], "InvalidClientTokenId", "The access key ID does not exist (or an ASIA key came without X-Amz-Security-Token)."),
    m(AWS, "AWS", &["SignatureDoesNotMatch"], "SignatureDoesNotMatch", "The signature is wrong: secret, region, service, clock or signed headers differ."),
    m(AWS, "AWS", &["InvalidAccessKeyId"], "InvalidAccessKeyId", "S3 does not know this access key ID."),
    m(AWS, "AWS", &["ExpiredToken"], "ExpiredToken", "The temporary credentials expired."),
    m(AWS, "AWS", &["The security token included in the request is expired"], "ExpiredToken", "The temporary credentials expired."),
    m(SLACK, "Slack", &["\"not_authed\""], "not_authed", "No token reached Slack.").statuses(&[200, 401]),
    m(SLACK, "Slack", &["\"invalid_auth\""], "invalid_auth", "The token is wrong, or the request came from a disallowed IP.").statuses(&[200, 401]),
    m(SLACK, "Slack", &["\"token_revoked\""], "token_revoked", "The token was revoked.").statuses(&[200, 401]),
    m(SLACK, "Slack", &["\"token_expired\""], "token_expired", "The rotating token expired; refresh it.").statuses(&[200, 401]),
    m(SLACK, "Slack", &["\"account_inactive\""], "account_inactive", "The user or workspace behind the token is deactivated.").statuses(&[200, 401]),
    m(SLACK, "Slack", &["\"not_bearer_token\""], "not_bearer_token", "Send the token as `Authorization: Bearer`.").statuses(&[200, 401]),
    m(&["stripe-secret-key", "stripe-publishable-key"], "Stripe", &["Invalid API Key provided"], "invalid_api_key", "Stripe does not know this key: wrong, deleted, or from the other mode (test/live)."),
    m(&["stripe-secret-key", "stripe-publishable-key"], "Stripe", &["You did not provide an API key"], "missing_api_key", "No key reached Stripe."),
    m(&["twilio-credentials"], "Twilio", &["20003", "Authenticate"], "20003", "Twilio could not authenticate the SID/secret pair."),
    m(&["sendgrid-api-key"], "SendGrid", &["authorization grant is invalid, expired, or revoked"], "invalid_grant", "The SendGrid key is wrong, revoked, or lacks the scope."),
    m(&["mailchimp-api-key"], "Mailchimp", &["API Key Invalid"], "API Key Invalid", "The key is wrong, or the host's data center differs from the key's -usN suffix."),
    m(&["huggingface-token"], "Hugging Face", &["Invalid credentials in Authorization header"], "invalid_credentials", "Hugging Face does not accept this token."),
    m(&["cohere-api-key"], "Cohere", &["invalid api token"], "invalid_api_token", "Cohere does not know this key."),
    m(&["replicate-api-token"], "Replicate", &["You did not pass an authentication token"], "Unauthenticated", "No token reached Replicate."),
    m(&["openrouter-api-key"], "OpenRouter", &["No auth credentials found"], "no_credentials", "No Authorization header reached OpenRouter."),
    m(&["openrouter-api-key"], "OpenRouter", &["User not found."], "user_not_found", "OpenRouter does not know this key (deleted or mistyped)."),
    m(&["shopify-admin-access-token"], "Shopify", &["Invalid API key or access token"], "invalid_token", "Wrong token, or a token issued for another shop."),
    m(&["discord-bot-token"], "Discord", &["401: Unauthorized"], "0", "Discord refused the token (bot tokens need the `Bot ` scheme)."),
    m(&["telegram-bot-token"], "Telegram", &["\"error_code\":401"], "401", "Telegram does not know this bot token."),
    m(&["pypi-api-token"], "PyPI", &["Invalid or non-existent authentication information"], "403", "PyPI refused the token (username must be __token__; TestPyPI tokens only work on test.pypi.org)."),
    m(&["dockerhub-pat"], "Docker Hub", &["incorrect username or password"], "unauthorized", "Docker Hub refused the credentials.").host_only(),
    m(&["digitalocean-token"], "DigitalOcean", &["Unable to authenticate you"], "unauthorized", "The token is wrong, expired or revoked."),
    m(&["heroku-api-key"], "Heroku", &["Invalid credentials provided."], "unauthorized", "Heroku does not accept this key."),
    m(&["cloudflare-api-token", "cloudflare-global-api-key"], "Cloudflare", &["Invalid format for X-Auth-Key header"], "6103", "An API token was sent where a Global API Key is expected (use Authorization: Bearer for tokens)."),
    m(&["cloudflare-api-token", "cloudflare-global-api-key"], "Cloudflare", &["Invalid format for Authorization header"], "6111", "The Authorization header is malformed (use `Bearer <token>`)."),
    m(&["cloudflare-api-token", "cloudflare-global-api-key"], "Cloudflare", &["10000", "Authentication error"], "10000", "Cloudflare refused the token: wrong, expired, IP-filtered or missing permission."),
    m(&["datadog-keys"], "Datadog", &["\"Forbidden\""], "Forbidden", "Wrong key, or a key from another Datadog site.").host_only(),
    m(&["notion-integration-token"], "Notion", &["API token is invalid."], "unauthorized", "Notion does not accept this integration secret."),
    m(&["airtable-pat"], "Airtable", &["AUTHENTICATION_REQUIRED"], "AUTHENTICATION_REQUIRED", "The token is missing, wrong or revoked."),
    m(SUPABASE, "Supabase", &["Forbidden use of secret API key in browser"], "secret_key_in_browser", "sb_secret_ keys are refused from browsers: use the publishable key."),
    m(SUPABASE, "Supabase", &["Expected 3 parts in JWT"], "PGRST301", "An sb_ key (not a JWT) was put in Authorization: Bearer."),
    m(SUPABASE, "Supabase", &["PGRST301"], "PGRST301", "PostgREST could not verify the JWT (wrong project, secret or an expired session)."),
    m(SUPABASE, "Supabase", &["No API key found in request"], "no_api_key", "The apikey header is missing.").host_only(),
    m(SUPABASE, "Supabase", &["Invalid API key"], "invalid_api_key", "The key is wrong or from another project.").host_only(),
    m(&["atlassian-api-token"], "Atlassian", &["Client must be authenticated to access this resource."], "401", "Wrong email/token pair, or a revoked token."),
    m(&["square-access-token"], "Square", &["AUTHENTICATION_ERROR"], "UNAUTHORIZED", "The Authorization header is wrong or the token expired."),
    m(&["paypal-rest-credentials"], "PayPal", &["Access Token not found in cache"], "invalid_token", "The access token expired or is unknown."),
    m(&["paypal-rest-credentials"], "PayPal", &["Client Authentication failed"], "invalid_client", "Wrong client ID/secret, or sandbox credentials on the live host."),
    m(&["postman-api-key"], "Postman", &["AuthenticationError"], "AuthenticationError", "Postman does not know this API key."),
    m(&["vercel-access-token"], "Vercel", &["\"invalidToken\":true"], "invalidToken", "The token is wrong or expired."),
    m(&["okta-api-token"], "Okta", &["E0000011"], "E0000011", "Invalid token provided: wrong org, revoked, or expired."),
    m(&["azure-openai-key"], "Azure", &["invalid subscription key or wrong API endpoint"], "401", "The key is wrong, or it belongs to a resource in another region/endpoint."),
    m(&["auth0-management-api-token"], "Auth0", &["Invalid token"], "invalid_token", "Auth0 refused the token (audience, tenant, signature or expiry).").host_only(),
    m(&["gitlab-pat"], "GitLab", &["401 Unauthorized"], "401", "The token is wrong, expired, revoked, or lacks the scope.").host_only(),
    m(&["mistral-api-key"], "Mistral AI", &["Unauthorized"], "Unauthorized", "Wrong key, or a Codestral key on api.mistral.ai (or the reverse).").host_only(),
];

/// Recognises a provider's documented auth error in `body` (401/403 bodies, Slack's 200
/// `ok:false`, xAI's 400...). `host` (the request's host) picks the provider when an envelope is
/// shared and enables markers too generic to trust alone.
pub fn recognize_error_body(body: &str, status: u16, host: Option<&str>) -> Option<ProviderError> {
    if body.is_empty() {
        return None;
    }
    let host_providers: Vec<&'static str> = host
        .map(|h| providers_for_host(h).into_iter().map(|p| p.id).collect())
        .unwrap_or_default();
    let pairs = crate::bytes::PairSet::of(body);
    for marker in BODY_MARKERS {
        let status_ok = if marker.statuses.is_empty() {
            (400..500).contains(&status)
        } else {
            marker.statuses.contains(&status)
        };
        if !status_ok || !marker.needles.iter().all(|n| pairs.contains(body, n)) {
            continue;
        }
        let from_host = marker
            .providers
            .iter()
            .copied()
            .find(|id| host_providers.contains(id));
        if marker.needs_host && from_host.is_none() {
            continue;
        }
        let provider_id = from_host.or_else(|| {
            let first = marker.providers.first().copied();
            // One provider, or several ids of one provider (GitHub, Slack, AWS): say which.
            let same_vendor = marker.providers.iter().all(|id| {
                super::provider(id).map(|p| p.name)
                    == first.and_then(super::provider).map(|p| p.name)
            });
            if same_vendor {
                first
            } else {
                None
            }
        });
        let provider_name = provider_id
            .and_then(super::provider)
            .map_or(marker.name, |p| p.name);
        return Some(ProviderError {
            provider_id,
            provider_name,
            code: marker.code,
            meaning: marker.meaning,
        });
    }
    None
}

/// A gateway or proxy that produced (or fronted) the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gateway {
    /// `AWS API Gateway`, `Azure API Management`, `Kong`, `Cloudflare`, `nginx`...
    pub name: &'static str,
    /// Why: header names and values or body markers that matched (never credentials).
    pub evidence: Vec<String>,
    /// What it usually means for a 401.
    pub hint: &'static str,
    /// `true` when the gateway (a CDN, a reverse proxy) only passed on the answer of the server
    /// behind it: it is shown under "Who answered" but is not the origin of the 401.
    /// `false` when its own error format, headers or challenge show it produced the response.
    pub relayed: bool,
}

fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn has(headers: &[Header], name: &str) -> bool {
    header(headers, name).is_some()
}

/// Fingerprints the gateway in front of an API from response headers and body, and tells
/// whether it produced the response or relayed the origin's ([`Gateway::relayed`]).
pub fn recognize_gateway(headers: &[Header], body: Option<&str>) -> Option<Gateway> {
    let body = body.unwrap_or("");
    let server = header(headers, "server").unwrap_or("").to_ascii_lowercase();
    let no_challenge = !has(headers, "www-authenticate");
    let produced = |name, hint, evidence: Vec<String>| {
        Some(Gateway {
            name,
            evidence,
            hint,
            relayed: false,
        })
    };
    let relayed = |name, hint, evidence: Vec<String>| {
        Some(Gateway {
            name,
            evidence,
            hint,
            relayed: true,
        })
    };

    // API Gateway sets `x-amzn-ErrorType` only on responses it generated itself.
    if let Some(kind) = header(headers, "x-amzn-errortype") {
        let mut ev = vec![format!("x-amzn-ErrorType: {kind}")];
        if no_challenge {
            ev.push("no WWW-Authenticate header".to_owned());
        }
        return produced("AWS API Gateway", "The gateway rejected the request before your code ran: check the authorizer's identity source header, or that an IAM (SigV4) route is not getting a bearer token.", ev);
    }
    if (has(headers, "x-amzn-requestid") || has(headers, "x-amz-apigw-id"))
        && (body.contains("\"Unauthorized\"")
            || body.contains("Missing Authentication Token")
            || body.contains("'Credential' parameter"))
    {
        return produced("AWS API Gateway", "The gateway rejected the request before your code ran: check the authorizer's identity source header, or that an IAM (SigV4) route is not getting a bearer token.", vec!["x-amzn-RequestId with an API Gateway message body".to_owned()]);
    }
    let apim_challenge =
        header(headers, "www-authenticate").is_some_and(|w| w.contains("AzureApiManagementKey"));
    if apim_challenge || body.contains("missing subscription key") {
        return produced("Azure API Management", "APIM checks Ocp-Apim-Subscription-Key (or its validate-jwt policy) before the backend sees the request.", vec!["APIM subscription-key challenge or message".to_owned()]);
    }
    if has(headers, "apim-request-id") {
        return relayed("Azure API Management", "The response passed through Azure API Management (apim-request-id); its format is the backend's.", vec!["apim-request-id".to_owned()]);
    }
    // Kong names itself in `Server` and adds `X-Kong-Response-Latency` only when it generated
    // the response; proxied responses carry `Via: kong/…` and `X-Kong-Upstream-Latency`.
    if server.starts_with("kong")
        || has(headers, "x-kong-response-latency")
        || body.contains("No API key found in request")
    {
        let mut ev = vec!["Kong headers (Server / X-Kong-Response-Latency)".to_owned()];
        if body.contains("No API key found in request") {
            ev.push("body: No API key found in request".to_owned());
        }
        return produced("Kong", "A Kong auth plugin (key-auth, jwt, basic-auth...) refused the request; the upstream never saw it.", ev);
    }
    if has(headers, "x-kong-upstream-latency")
        || has(headers, "x-kong-request-id")
        || header(headers, "via").is_some_and(|v| v.to_ascii_lowercase().contains("kong"))
    {
        return relayed(
            "Kong",
            "Kong proxied this response from the upstream service.",
            vec!["Via: kong / X-Kong-Upstream-Latency".to_owned()],
        );
    }
    if body.contains("\"fault\"") && (body.contains("faultstring") || body.contains("oauth.v2")) {
        return produced(
            "Apigee",
            "An Apigee policy (VerifyAPIKey / OAuthV2) refused the request.",
            vec!["body: Apigee fault JSON".to_owned()],
        );
    }
    // Envoy's own jwt_authn / RBAC replies have these plain-text bodies; a response from the
    // upstream carries `x-envoy-upstream-service-time`.
    if body.starts_with("Jwt is missing")
        || body.starts_with("Jwt verification fails")
        || body.starts_with("Jwt issuer is not configured")
        || body.starts_with("RBAC: access denied")
    {
        return produced(
            "Envoy / Istio",
            "Envoy's jwt_authn or RBAC filter refused the request before the service.",
            vec![format!(
                "body: {}",
                body.lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(40)
                    .collect::<String>()
            )],
        );
    }
    if server.contains("envoy") || has(headers, "x-envoy-upstream-service-time") {
        return relayed(
            "Envoy / Istio",
            "Envoy proxied this response from the service behind it.",
            vec![format!("server: {server}")],
        );
    }
    if server == "cloudflare" || has(headers, "cf-ray") {
        let access = header(headers, "location")
            .is_some_and(|l| l.contains("cloudflareaccess.com"))
            || has(headers, "cf-access-domain");
        if access {
            return produced("Cloudflare Access", "Cloudflare Access protects this origin: the request needs a CF_Authorization cookie or service-token headers.", vec!["Cloudflare Access login redirect / cf-access-domain".to_owned()]);
        }
        // Cloudflare's own block and challenge pages (WAF, bot management) say so in headers.
        if has(headers, "cf-mitigated") || body.contains("cf-error-details") {
            return produced("Cloudflare", "A Cloudflare security rule (WAF, bot challenge) answered; the origin never saw the request.", vec!["cf-mitigated / Cloudflare error page".to_owned()]);
        }
        return relayed(
            "Cloudflare",
            "The response passed through Cloudflare (a CDN relaying the origin's answer).",
            vec!["server: cloudflare / cf-ray".to_owned()],
        );
    }
    if has(headers, "x-vercel-error") || body.contains("vercel.com/sso-api") {
        return produced(
            "Vercel",
            "Vercel's deployment protection answered 401 before your function ran.",
            vec!["x-vercel-error / Vercel SSO page".to_owned()],
        );
    }
    if server.contains("vercel") || has(headers, "x-vercel-id") {
        return relayed(
            "Vercel",
            "The response passed through Vercel's edge network.",
            vec!["x-vercel-id / server: Vercel".to_owned()],
        );
    }
    // CloudFront writes `Server: CloudFront` only on responses it generated; an origin's
    // response keeps the origin's `Server`.
    let cloudfront = has(headers, "x-amz-cf-id")
        || header(headers, "via").is_some_and(|v| v.to_ascii_lowercase().contains("cloudfront"));
    if cloudfront && server == "cloudfront" {
        return produced("Amazon CloudFront", "CloudFront (a function, Lambda@Edge or a signed-URL check) answered itself; the origin never saw the request.", vec!["server: CloudFront".to_owned()]);
    }
    if cloudfront {
        return relayed(
            "Amazon CloudFront",
            "The response passed through CloudFront (a CDN relaying the origin's answer).",
            vec!["x-amz-cf-id / Via: CloudFront".to_owned()],
        );
    }
    if has(headers, "x-fastly-request-id")
        || (has(headers, "x-served-by") && has(headers, "x-cache"))
    {
        return relayed(
            "Fastly",
            "The response passed through Fastly (a CDN relaying the origin's answer).",
            vec!["Fastly headers (x-served-by / x-cache)".to_owned()],
        );
    }
    if (server.starts_with("nginx") || server.starts_with("openresty"))
        && body.contains("401 Authorization Required")
    {
        return produced(
            "nginx",
            "nginx auth_basic (or auth_request) refused the request; the application never saw it.",
            vec![
                format!("server: {server}"),
                "body: 401 Authorization Required".to_owned(),
            ],
        );
    }
    if server.starts_with("apache") && body.contains("could not verify that you") {
        return produced("Apache httpd", "Apache's own authentication (AuthType) refused the request; the application never saw it.", vec![format!("server: {server}")]);
    }
    // HAProxy's built-in 401/407 page (`http-request auth`).
    if body.contains("You need a valid user and password to access this content") {
        return produced(
            "HAProxy",
            "HAProxy's `http-request auth` refused the request; the backend never saw it.",
            vec!["body: HAProxy 401 page".to_owned()],
        );
    }
    if server.starts_with("squid") || has(headers, "x-squid-error") {
        let ev = header(headers, "x-squid-error")
            .map(|e| format!("X-Squid-Error: {}", e.chars().take(40).collect::<String>()))
            .unwrap_or_else(|| format!("server: {server}"));
        return produced("Squid", "The Squid proxy refused the request itself (its proxy_auth ACL); the server was never reached.", vec![ev]);
    }
    None
}
