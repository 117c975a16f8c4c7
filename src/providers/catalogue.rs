//! The catalogue itself, curated from `shared/research/providers.json` (one entry per id there).
//! Lengths are whole-key byte lengths; where the research marks a length as observed rather than
//! documented, the range is widened so a correct key is not called malformed.

use super::Alphabet::*;
use super::ChecksumKind::Crc32Base62;
use super::Requirement::*;
use super::Scheme::*;
use super::{basic, place, AuthPlacement, Companion, ErrorCode, KeyKind, Provider};

const fn k(
    id: &'static str,
    label: &'static str,
    prefix: &'static str,
    min: u16,
    max: u16,
    a: super::Alphabet,
) -> KeyKind {
    KeyKind::new(id, label, prefix, min, max, a)
}

const fn c(header: &'static str, requirement: super::Requirement, note: &'static str) -> Companion {
    Companion {
        header,
        requirement,
        note,
    }
}

const fn e(code: &'static str, status: u16, meaning: &'static str) -> ErrorCode {
    ErrorCode {
        code,
        status,
        meaning,
    }
}

const BEARER: &[AuthPlacement] = &[place("Authorization", Bearer)];
const GITHUB_AUTH: &[AuthPlacement] = &[
    place("Authorization", Bearer),
    place("Authorization", Token),
];
const GITHUB_COMPANIONS: &[Companion] = &[
    c("X-GitHub-Api-Version", Recommended, "2022-11-28"),
    c("Accept", Recommended, "application/vnd.github+json"),
];
const GITHUB_ERRORS: &[ErrorCode] = &[e(
    "Bad credentials",
    401,
    "The token is wrong, expired or revoked.",
)];
const GITHUB_HOSTS: &[&str] = &["api.github.com", "uploads.github.com"];
const SLACK_ERRORS: &[ErrorCode] = &[
    e("not_authed", 200, "No token was sent."),
    e(
        "invalid_auth",
        200,
        "The token is wrong, or the request came from a disallowed IP.",
    ),
    e("token_revoked", 200, "The token was revoked."),
    e(
        "token_expired",
        200,
        "The rotating token expired; refresh it.",
    ),
    e(
        "account_inactive",
        200,
        "The user or workspace behind the token is deactivated.",
    ),
    e(
        "not_bearer_token",
        200,
        "This method needs the token as `Authorization: Bearer`.",
    ),
];
const ANTHROPIC_COMPANIONS: &[Companion] = &[
    c(
        "anthropic-version",
        Required,
        "2023-06-01; missing gives 400 \"anthropic-version: header is required\"",
    ),
    c("content-type", Required, "application/json on POST"),
    c(
        "anthropic-beta",
        Optional,
        "feature flags; unknown values give 400",
    ),
];
const AWS_HOSTS: &[&str] = &["*.amazonaws.com", "*.api.aws"];
const CLOUDFLARE_ERRORS: &[ErrorCode] = &[
    e(
        "10000",
        403,
        "Authentication error: the token is wrong, expired or lacks permission.",
    ),
    e("6111", 400, "Invalid format for the Authorization header."),
    e(
        "6103",
        400,
        "Invalid format for X-Auth-Key: a token was sent where a Global API Key is expected.",
    ),
];
const SUPABASE_HOSTS: &[&str] = &["*.supabase.co", "*.supabase.in"];
const GOOGLE_HOSTS: &[&str] = &["*.googleapis.com"];

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn hex_lower(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `SG.` + 22 + `.` + 43 base64url.
fn sendgrid_layout(key: &str) -> bool {
    let mut parts = key.split('.');
    matches!((parts.next(), parts.next(), parts.next(), parts.next()), (Some("SG"), Some(id), Some(secret), None) if id.len() == 22 && secret.len() == 43)
}

/// `xoxb-<digits>-<digits>-<alnum>` (classic bot tokens).
fn slack_bot_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), ["xoxb", team, bot, secret] if all_digits(team) && all_digits(bot) && alnum(secret))
}

/// `xoxp-<digits>-<digits>-<digits>-<hex>`.
fn slack_user_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), ["xoxp", a, b, c, secret] if all_digits(a) && all_digits(b) && all_digits(c) && alnum(secret))
}

/// `xapp-<digit>-<app id>-<digits>-<hex>`.
fn slack_app_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), ["xapp", v, app, n, secret] if all_digits(v) && app.starts_with('A') && alnum(app) && all_digits(n) && hex_lower(secret))
}

/// 32 lowercase hex, `-us`, data-center number.
fn mailchimp_layout(key: &str) -> bool {
    match key.split_once("-us") {
        Some((hex, dc)) => {
            hex.len() == 32 && hex_lower(hex) && (1..=3).contains(&dc.len()) && all_digits(dc)
        }
        None => false,
    }
}

/// 32 hex `-` 8 hex `-` 8 hex.
fn mailgun_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), [a, b, c] if a.len() == 32 && b.len() == 8 && c.len() == 8 && hex_lower(a) && hex_lower(b) && hex_lower(c))
}

/// Three dot-separated base64url segments, the first of which decodes to the bot's numeric id.
fn discord_layout(key: &str) -> bool {
    use base64::Engine as _;
    let parts: Vec<&str> = key.split('.').collect();
    let [id, ts, hmac] = parts.as_slice() else {
        return false;
    };
    if ts.len() != 6 || hmac.len() < 27 || id.len() < 16 {
        return false;
    }
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine
        .decode(id)
        .ok()
        .is_some_and(|raw| raw.len() >= 17 && raw.iter().all(u8::is_ascii_digit))
}

/// `<8-10 digit bot id>:<35 base64url>`.
fn telegram_layout(key: &str) -> bool {
    match key.split_once(':') {
        Some((id, secret)) => {
            (8..=10).contains(&id.len())
                && all_digits(id)
                && secret.len() == 35
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }
        None => false,
    }
}

/// `pat` + 14 alphanumeric + `.` + 64 lowercase hex.
fn airtable_layout(key: &str) -> bool {
    match key.strip_prefix("pat").and_then(|r| r.split_once('.')) {
        Some((id, secret)) => {
            id.len() == 14 && alnum(id) && secret.len() == 64 && hex_lower(secret)
        }
        None => false,
    }
}

/// `github_pat_` + 22 base62 + `_` + 59 base62.
fn github_fine_grained_layout(key: &str) -> bool {
    match key
        .strip_prefix("github_pat_")
        .and_then(|r| r.split_once('_'))
    {
        Some((a, b)) => a.len() == 22 && b.len() == 59 && alnum(a) && alnum(b),
        None => false,
    }
}

/// `PMAK-` + 24 hex + `-` + 34 hex.
fn postman_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), ["PMAK", a, b] if a.len() == 24 && b.len() == 34 && a.bytes().all(|x| x.is_ascii_hexdigit()) && b.bytes().all(|x| x.is_ascii_hexdigit()))
}

/// `ntn_` + 11 digits + 35 alphanumerics.
fn notion_layout(key: &str) -> bool {
    key.get(4..15).is_some_and(all_digits)
}

/// 8-4-4-4-12 hex.
fn uuid_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), [a, b, c, d, e] if a.len() == 8 && b.len() == 4 && c.len() == 4 && d.len() == 4 && e.len() == 12
        && [a, b, c, d, e].iter().all(|p| p.bytes().all(|x| x.is_ascii_hexdigit())))
}

/// Three base64url segments (a JWS) — `eyJ` readings that need host context.
fn jwt_layout(key: &str) -> bool {
    key.split('.').count() == 3
}

/// Anthropic keys end with the literal `AA`.
fn anthropic_layout(key: &str) -> bool {
    key.ends_with("AA")
}

/// Every provider the engine knows, generated from `providers.json`.
pub static PROVIDERS: &[Provider] = &[
    Provider {
        id: "openai-api-key",
        name: "OpenAI",
        keys: &[
            k("project", "Project API key", "sk-proj-", 120, 200, Base64Url).marker("T3BlbkFJ"),
            k("service-account", "Service-account API key", "sk-svcacct-", 120, 200, Base64Url).marker("T3BlbkFJ"),
            k("legacy", "Legacy user API key", "sk-", 51, 51, Base62).marker("T3BlbkFJ"),
        ],
        hosts: &["api.openai.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[
            c("OpenAI-Organization", Optional, "org-…; must be an organization the key belongs to, else 401 mismatched_organization"),
            c("OpenAI-Project", Optional, "proj_…; must match the key's project"),
        ],
        unauthorized_status: &[401],
        errors: &[
            e("invalid_api_key", 401, "The key is wrong, revoked, or belongs to another provider."),
            e("mismatched_organization", 401, "OpenAI-Organization names an organization the key is not in."),
        ],
        docs: "https://platform.openai.com/docs/api-reference/authentication",
    },
    Provider {
        id: "openai-admin-key",
        name: "OpenAI",
        keys: &[k("admin", "Admin API key", "sk-admin-", 120, 150, Base64Url).marker("T3BlbkFJ")],
        hosts: &["api.openai.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[],
        docs: "https://platform.openai.com/docs/api-reference/administration",
    },
    Provider {
        id: "anthropic-api-key",
        name: "Anthropic",
        keys: &[k("api", "API key", "sk-ant-api03-", 100, 120, Base64Url).layout(anthropic_layout)],
        hosts: &["api.anthropic.com"],
        auth: &[place("x-api-key", Raw)],
        query_params: &[],
        companions: ANTHROPIC_COMPANIONS,
        unauthorized_status: &[401],
        errors: &[
            e("authentication_error", 401, "The x-api-key is missing, wrong or revoked."),
            e("permission_error", 403, "The key is valid but may not use this resource."),
        ],
        docs: "https://docs.anthropic.com/en/api/getting-started",
    },
    Provider {
        id: "anthropic-admin-key",
        name: "Anthropic",
        keys: &[k("admin", "Admin API key", "sk-ant-admin01-", 100, 125, Base64Url).layout(anthropic_layout)],
        hosts: &["api.anthropic.com"],
        auth: &[place("x-api-key", Raw)],
        query_params: &[],
        companions: ANTHROPIC_COMPANIONS,
        unauthorized_status: &[401],
        errors: &[e("authentication_error", 401, "Admin keys only work on /v1/organizations/… endpoints.")],
        docs: "https://docs.anthropic.com/en/api/administration-api",
    },
    Provider {
        id: "azure-openai-key",
        name: "Azure OpenAI",
        keys: &[
            k("resource", "Resource key (KEY1/KEY2)", "", 32, 32, Hex).context_only(),
            k("resource-long", "Azure AI resource key", "", 84, 84, Base62).context_only(),
            k("entra", "Microsoft Entra ID access token", "eyJ", 100, 8192, Base64UrlDot).context_only().layout(jwt_layout),
        ],
        hosts: &["*.openai.azure.com", "*.cognitiveservices.azure.com", "*.services.ai.azure.com"],
        auth: &[
            place("api-key", Raw),
            place("Ocp-Apim-Subscription-Key", Raw),
            AuthPlacement { header: "Authorization", scheme: Bearer, basic_user: None, note: Some("Entra ID tokens only, never the resource key") },
        ],
        query_params: &["api-version"],
        companions: &[c("Ocp-Apim-Subscription-Region", Optional, "multi-service keys with Translator only")],
        unauthorized_status: &[401],
        errors: &[e("401", 401, "Invalid subscription key or wrong regional endpoint for the resource.")],
        docs: "https://learn.microsoft.com/azure/ai-services/openai/reference",
    },
    Provider {
        id: "google-api-key",
        name: "Google",
        keys: &[k("api-key", "API key (restrict it by referrer, IP or API)", "AIza", 39, 39, Base64Url).publishable()],
        hosts: GOOGLE_HOSTS,
        auth: &[place("x-goog-api-key", Raw)],
        query_params: &["key"],
        companions: &[],
        unauthorized_status: &[400, 403],
        errors: &[
            e("API_KEY_INVALID", 400, "The key does not exist or was deleted."),
            e("API_KEY_HTTP_REFERRER_BLOCKED", 403, "The key's HTTP-referrer restriction refused this page."),
            e("PERMISSION_DENIED", 403, "The API is disabled in the key's project, or the key is restricted."),
        ],
        docs: "https://cloud.google.com/docs/authentication/api-keys",
    },
    Provider {
        id: "google-oauth-access-token",
        name: "Google",
        keys: &[
            k("access-token", "OAuth 2.0 access token", "ya29.", 20, 4096, Base64UrlDot),
            k("refresh-token", "OAuth 2.0 refresh token", "1//", 30, 512, Base64UrlDot).shared_prefix().not_for_api(),
            k("client-secret", "OAuth client secret", "GOCSPX-", 35, 35, Base64Url).not_for_api(),
        ],
        hosts: GOOGLE_HOSTS,
        auth: BEARER,
        query_params: &["access_token"],
        companions: &[c("x-goog-user-project", Optional, "quota project for user credentials")],
        unauthorized_status: &[401],
        errors: &[e("UNAUTHENTICATED", 401, "The access token is expired, revoked or not an OAuth access token.")],
        docs: "https://developers.google.com/identity/protocols/oauth2",
    },
    Provider {
        id: "aws-access-key-sigv4",
        name: "AWS",
        keys: &[k("access-key-id", "Long-term access key ID (signs requests; never sent as a bearer)", "AKIA", 20, 20, Base32Upper)],
        hosts: AWS_HOSTS,
        auth: &[place("Authorization", AwsSigV4)],
        query_params: &["X-Amz-Credential", "X-Amz-Signature"],
        companions: &[
            c("X-Amz-Date", Required, "within about 15 minutes of the server clock"),
            c("x-amz-content-sha256", Required, "S3 only"),
        ],
        unauthorized_status: &[403, 400],
        errors: &[
            e("InvalidClientTokenId", 403, "The access key ID does not exist."),
            e("SignatureDoesNotMatch", 403, "The secret, region, service or signed headers are wrong."),
            e("UnrecognizedClientException", 400, "The security token included in the request is invalid."),
            e("InvalidAccessKeyId", 403, "S3: the access key ID does not exist."),
            e("ExpiredToken", 403, "The temporary credentials expired."),
            e("AccessDenied", 403, "The credentials are valid but lack permission."),
        ],
        docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html",
    },
    Provider {
        id: "aws-temporary-credentials",
        name: "AWS",
        keys: &[k("access-key-id", "Temporary access key ID (STS)", "ASIA", 20, 20, Base32Upper)],
        hosts: AWS_HOSTS,
        auth: &[place("Authorization", AwsSigV4)],
        query_params: &["X-Amz-Security-Token"],
        companions: &[
            c("X-Amz-Security-Token", Required, "mandatory with ASIA keys"),
            c("X-Amz-Date", Required, "within about 15 minutes of the server clock"),
        ],
        unauthorized_status: &[403, 400],
        errors: &[
            e("ExpiredToken", 403, "The temporary credentials expired."),
            e("InvalidClientTokenId", 403, "The key is unknown, or X-Amz-Security-Token is missing."),
        ],
        docs: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html",
    },
    Provider {
        id: "aws-bedrock-api-key",
        name: "Amazon Bedrock",
        keys: &[
            k("long-term", "Long-term Bedrock API key", "ABSK", 100, 400, Base64),
            k("short-term", "Short-term Bedrock API key", "bedrock-api-key-", 100, 4096, Base64),
        ],
        hosts: &["bedrock-runtime.*.amazonaws.com", "bedrock.*.amazonaws.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[403],
        errors: &[],
        docs: "https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html",
    },
    Provider {
        id: "github-pat-classic",
        name: "GitHub",
        keys: &[k("classic", "Personal access token (classic)", "ghp_", 40, 255, Base62).checksum(Crc32Base62)],
        hosts: GITHUB_HOSTS,
        auth: GITHUB_AUTH,
        query_params: &[],
        companions: GITHUB_COMPANIONS,
        unauthorized_status: &[401],
        errors: GITHUB_ERRORS,
        docs: "https://docs.github.com/rest/authentication/authenticating-to-the-rest-api",
    },
    Provider {
        id: "github-fine-grained-pat",
        name: "GitHub",
        keys: &[k("fine-grained", "Fine-grained personal access token", "github_pat_", 93, 255, Base62Underscore).layout(github_fine_grained_layout)],
        hosts: GITHUB_HOSTS,
        auth: GITHUB_AUTH,
        query_params: &[],
        companions: GITHUB_COMPANIONS,
        unauthorized_status: &[401],
        errors: GITHUB_ERRORS,
        docs: "https://docs.github.com/rest/authentication/authenticating-to-the-rest-api",
    },
    Provider {
        id: "github-oauth-token",
        name: "GitHub",
        keys: &[k("oauth", "OAuth App access token", "gho_", 40, 255, Base62).checksum(Crc32Base62).user_token()],
        hosts: GITHUB_HOSTS,
        auth: GITHUB_AUTH,
        query_params: &[],
        companions: GITHUB_COMPANIONS,
        unauthorized_status: &[401],
        errors: GITHUB_ERRORS,
        docs: "https://docs.github.com/rest/authentication/authenticating-to-the-rest-api",
    },
    Provider {
        id: "github-app-user-token",
        name: "GitHub",
        keys: &[
            k("user", "GitHub App user access token", "ghu_", 40, 255, Base62).checksum(Crc32Base62).user_token(),
            k("refresh", "GitHub App refresh token (only for POST /login/oauth/access_token)", "ghr_", 40, 255, Base62)
                .checksum(Crc32Base62)
                .not_for_api(),
        ],
        hosts: GITHUB_HOSTS,
        auth: GITHUB_AUTH,
        query_params: &[],
        companions: GITHUB_COMPANIONS,
        unauthorized_status: &[401],
        errors: GITHUB_ERRORS,
        docs: "https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app",
    },
    Provider {
        id: "github-app-installation-token",
        name: "GitHub",
        keys: &[k("installation", "GitHub App installation access token", "ghs_", 40, 255, Base62).checksum(Crc32Base62)],
        hosts: GITHUB_HOSTS,
        auth: GITHUB_AUTH,
        query_params: &[],
        companions: GITHUB_COMPANIONS,
        unauthorized_status: &[401],
        errors: GITHUB_ERRORS,
        docs: "https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation",
    },
    Provider {
        id: "gitlab-pat",
        name: "GitLab",
        keys: &[k("pat", "Personal, project or group access token", "glpat-", 26, 255, Base64UrlDot)],
        hosts: &["gitlab.com"],
        auth: &[place("PRIVATE-TOKEN", Raw), place("Authorization", Bearer)],
        query_params: &["private_token", "access_token"],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("401 Unauthorized", 401, "The token is wrong, expired, revoked, or lacks the api/read_api scope.")],
        docs: "https://docs.gitlab.com/ee/api/rest/authentication.html",
    },
    Provider {
        id: "slack-bot-token",
        name: "Slack",
        keys: &[
            k("bot", "Bot token", "xoxb-", 40, 255, Base62Dash).layout(slack_bot_layout),
            k("rotating-bot", "Rotating bot token", "xoxe.xoxb-", 40, 512, Base62Dash),
        ],
        hosts: &["slack.com"],
        auth: BEARER,
        query_params: &["token"],
        companions: &[],
        unauthorized_status: &[200],
        errors: SLACK_ERRORS,
        docs: "https://api.slack.com/authentication/token-types",
    },
    Provider {
        id: "slack-user-token",
        name: "Slack",
        keys: &[
            k("user", "User token", "xoxp-", 40, 255, Base62Dash).layout(slack_user_layout),
            k("rotating-user", "Rotating user token", "xoxe.xoxp-", 40, 512, Base62Dash),
        ],
        hosts: &["slack.com"],
        auth: BEARER,
        query_params: &["token"],
        companions: &[],
        unauthorized_status: &[200],
        errors: SLACK_ERRORS,
        docs: "https://api.slack.com/authentication/token-types",
    },
    Provider {
        id: "slack-app-level-token",
        name: "Slack",
        keys: &[k("app", "App-level token", "xapp-", 40, 255, Base62Dash).layout(slack_app_layout)],
        hosts: &["slack.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[200],
        errors: SLACK_ERRORS,
        docs: "https://api.slack.com/authentication/token-types",
    },
    Provider {
        id: "stripe-secret-key",
        name: "Stripe",
        keys: &[
            k("live-secret", "Live secret key", "sk_live_", 32, 255, Base62).live(),
            k("test-secret", "Test secret key", "sk_test_", 32, 255, Base62).test(),
            k("live-restricted", "Live restricted key", "rk_live_", 32, 255, Base62).live(),
            k("test-restricted", "Test restricted key", "rk_test_", 32, 255, Base62).test(),
        ],
        hosts: &["api.stripe.com", "files.stripe.com"],
        auth: &[place("Authorization", Bearer), basic("the key, with an empty password")],
        query_params: &[],
        companions: &[
            c("Stripe-Version", Optional, "YYYY-MM-DD"),
            c("Stripe-Account", Optional, "acct_… for Connect calls on behalf of a connected account"),
        ],
        unauthorized_status: &[401],
        errors: &[e("invalid_request_error", 401, "Invalid API Key provided: wrong, deleted, or the other mode's key.")],
        docs: "https://docs.stripe.com/api/authentication",
    },
    Provider {
        id: "stripe-publishable-key",
        name: "Stripe",
        keys: &[
            k("live-publishable", "Live publishable key", "pk_live_", 32, 255, Base62).live().publishable(),
            k("test-publishable", "Test publishable key", "pk_test_", 32, 255, Base62).test().publishable(),
        ],
        hosts: &["api.stripe.com"],
        auth: &[place("Authorization", Bearer), basic("the key, with an empty password")],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401, 403],
        errors: &[],
        docs: "https://docs.stripe.com/keys",
    },
    Provider {
        id: "twilio-credentials",
        name: "Twilio",
        keys: &[
            k("account-sid", "Account SID (Basic user)", "AC", 34, 34, HexLower).shared_prefix(),
            k("api-key-sid", "API key SID (Basic user)", "SK", 34, 34, HexLower).shared_prefix(),
            k("secret", "Auth token or API key secret (Basic password)", "", 32, 32, Base62).context_only(),
        ],
        hosts: &["api.twilio.com", "*.twilio.com"],
        auth: &[basic("the Account SID (AC…) or API key SID (SK…)")],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("20003", 401, "Authenticate: wrong SID/secret pair, or a deleted API key.")],
        docs: "https://www.twilio.com/docs/iam/api-keys",
    },
    Provider {
        id: "sendgrid-api-key",
        name: "SendGrid",
        keys: &[k("api", "API key", "SG.", 69, 69, Base64UrlDot).layout(sendgrid_layout)],
        hosts: &["api.sendgrid.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("authorization grant is invalid", 401, "The key is wrong, revoked, or lacks the scope.")],
        docs: "https://www.twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/authentication",
    },
    Provider {
        id: "mailgun-api-key",
        name: "Mailgun",
        keys: &[
            k("legacy", "Private API key (legacy)", "key-", 36, 36, HexLower),
            k("private", "Private API key", "", 50, 50, Printable).context_only().layout(mailgun_layout),
        ],
        hosts: &["api.mailgun.net", "api.eu.mailgun.net"],
        auth: &[basic("api")],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("Forbidden", 401, "Wrong key, or an EU account calling the US host (or the reverse).")],
        docs: "https://documentation.mailgun.com/docs/mailgun/api-reference/authentication",
    },
    Provider {
        id: "mailchimp-api-key",
        name: "Mailchimp",
        keys: &[k("marketing", "Marketing API key", "", 36, 37, Printable).layout(mailchimp_layout)],
        hosts: &["*.api.mailchimp.com"],
        auth: &[basic("any string (the key is the password)"), place("Authorization", Bearer)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("API Key Invalid", 401, "Wrong key, or the host's data center differs from the key's -usN suffix.")],
        docs: "https://mailchimp.com/developer/marketing/docs/fundamentals/",
    },
    Provider {
        id: "huggingface-token",
        name: "Hugging Face",
        keys: &[
            k("user", "User access token", "hf_", 37, 37, Base62),
            k("org", "Organization token (legacy)", "api_org_", 42, 42, Base62),
        ],
        hosts: &["huggingface.co", "*.huggingface.co", "*.hf.space"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("Invalid credentials in Authorization header", 401, "The token is wrong or revoked.")],
        docs: "https://huggingface.co/docs/hub/security-tokens",
    },
    Provider {
        id: "cohere-api-key",
        name: "Cohere",
        keys: &[k("api", "API key", "", 40, 40, Base62).context_only()],
        hosts: &["api.cohere.com", "api.cohere.ai"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("invalid api token", 401, "The key is wrong or revoked.")],
        docs: "https://docs.cohere.com/reference/about",
    },
    Provider {
        id: "mistral-api-key",
        name: "Mistral AI",
        keys: &[k("api", "API key", "", 32, 32, Base62).context_only()],
        hosts: &["api.mistral.ai", "codestral.mistral.ai"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("Unauthorized", 401, "Wrong key, or a Codestral key on api.mistral.ai (or the reverse).")],
        docs: "https://docs.mistral.ai/api/",
    },
    Provider {
        id: "groq-api-key",
        name: "Groq",
        keys: &[k("api", "API key", "gsk_", 56, 56, Base62)],
        hosts: &["api.groq.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("invalid_api_key", 401, "The key is wrong or revoked.")],
        docs: "https://console.groq.com/docs/api-reference",
    },
    Provider {
        id: "replicate-api-token",
        name: "Replicate",
        keys: &[k("api", "API token", "r8_", 40, 40, Base64Url)],
        hosts: &["api.replicate.com"],
        auth: &[place("Authorization", Bearer), place("Authorization", Token)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("Unauthenticated", 401, "No token, or a wrong one.")],
        docs: "https://replicate.com/docs/reference/http",
    },
    Provider {
        id: "perplexity-api-key",
        name: "Perplexity",
        keys: &[k("api", "API key", "pplx-", 53, 53, Base62)],
        hosts: &["api.perplexity.ai"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[],
        docs: "https://docs.perplexity.ai/",
    },
    Provider {
        id: "xai-api-key",
        name: "xAI",
        keys: &[k("api", "API key", "xai-", 84, 84, Base62Underscore)],
        hosts: &["api.x.ai"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[400, 401],
        errors: &[e("Incorrect API key provided", 400, "xAI answers a bad key with 400, not 401.")],
        docs: "https://docs.x.ai/docs/api-reference",
    },
    Provider {
        id: "deepseek-api-key",
        name: "DeepSeek",
        keys: &[k("api", "API key", "sk-", 35, 35, HexLower).shared_prefix()],
        hosts: &["api.deepseek.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("authentication_error", 401, "Authentication Fails: the key is wrong or revoked.")],
        docs: "https://api-docs.deepseek.com/",
    },
    Provider {
        id: "openrouter-api-key",
        name: "OpenRouter",
        keys: &[k("api", "API key", "sk-or-v1-", 73, 73, HexLower)],
        hosts: &["openrouter.ai"],
        auth: BEARER,
        query_params: &[],
        companions: &[
            c("HTTP-Referer", Optional, "app attribution"),
            c("X-Title", Optional, "app attribution"),
        ],
        unauthorized_status: &[401],
        errors: &[
            e("No auth credentials found", 401, "No Authorization header reached OpenRouter."),
            e("User not found.", 401, "The key is unknown or deleted."),
        ],
        docs: "https://openrouter.ai/docs/api-reference/authentication",
    },
    Provider {
        id: "together-api-key",
        name: "Together AI",
        keys: &[
            k("api", "API key", "tgp_v1_", 50, 50, Base64Url),
            k("legacy", "API key (legacy)", "", 64, 64, Hex).context_only(),
        ],
        hosts: &["api.together.xyz", "api.together.ai"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("invalid_api_key", 401, "The key is wrong or revoked.")],
        docs: "https://docs.together.ai/reference/authentication-1",
    },
    Provider {
        id: "shopify-admin-access-token",
        name: "Shopify",
        keys: &[
            k("admin", "Admin API access token", "shpat_", 38, 38, Hex),
            k("custom-app", "Custom app access token", "shpca_", 38, 38, Hex),
            k("private-app", "Legacy private app password", "shppa_", 38, 38, Hex),
            k("shared-secret", "App shared secret (client secret, never a request token)", "shpss_", 38, 38, Hex).not_for_api(),
            k("legacy", "Access token issued before April 2020", "", 32, 32, Hex).context_only(),
        ],
        hosts: &["*.myshopify.com"],
        auth: &[place("X-Shopify-Access-Token", Raw)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("Invalid API key or access token", 401, "Wrong token, or a token issued for another shop.")],
        docs: "https://shopify.dev/docs/api/usage/authentication",
    },
    Provider {
        id: "discord-bot-token",
        name: "Discord",
        keys: &[k("bot", "Bot token", "", 59, 100, Base64UrlDot).layout(discord_layout)],
        hosts: &["discord.com", "discordapp.com"],
        auth: &[place("Authorization", Bot)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("0", 401, "401: Unauthorized: wrong token, or sent without the `Bot ` scheme.")],
        docs: "https://discord.com/developers/docs/reference#authentication",
    },
    Provider {
        id: "telegram-bot-token",
        name: "Telegram",
        keys: &[k("bot", "Bot API token", "", 44, 46, Printable).layout(telegram_layout)],
        hosts: &["api.telegram.org"],
        auth: &[place("", UrlPath)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("401", 401, "Unauthorized: the token is wrong or was revoked by @BotFather.")],
        docs: "https://core.telegram.org/bots/api#authorizing-your-bot",
    },
    Provider {
        id: "npm-access-token",
        name: "npm",
        keys: &[k("granular", "Access token", "npm_", 40, 40, Base62).checksum(Crc32Base62)],
        hosts: &["registry.npmjs.org"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[],
        docs: "https://docs.npmjs.com/about-access-tokens/",
    },
    Provider {
        id: "pypi-api-token",
        name: "PyPI",
        keys: &[
            k("pypi", "PyPI API token", "pypi-AgEIcHlwaS5vcmc", 100, 4096, Base64Url).live(),
            k("testpypi", "TestPyPI API token", "pypi-AgENdGVzdC5weXBpLm9yZw", 100, 4096, Base64Url).test(),
        ],
        hosts: &["upload.pypi.org", "test.pypi.org"],
        auth: &[basic("__token__")],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[403],
        errors: &[e("403", 403, "Invalid or non-existent authentication information.")],
        docs: "https://pypi.org/help/#apitoken",
    },
    Provider {
        id: "dockerhub-pat",
        name: "Docker Hub",
        keys: &[
            k("personal", "Personal access token", "dckr_pat_", 36, 36, Base64Url),
            k("organization", "Organization access token", "dckr_oat_", 41, 41, Base64Url),
        ],
        hosts: &["hub.docker.com", "registry-1.docker.io", "auth.docker.io"],
        auth: &[basic("your Docker ID")],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("unauthorized", 401, "incorrect username or password: the PAT is not a bearer token on the Hub API.")],
        docs: "https://docs.docker.com/security/for-developers/access-tokens/",
    },
    Provider {
        id: "digitalocean-token",
        name: "DigitalOcean",
        keys: &[
            k("personal", "Personal access token", "dop_v1_", 71, 71, HexLower),
            k("oauth", "OAuth access token", "doo_v1_", 71, 71, HexLower),
            k("refresh", "OAuth refresh token (token endpoint only)", "dor_v1_", 71, 71, HexLower).not_for_api(),
        ],
        hosts: &["api.digitalocean.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("unauthorized", 401, "Unable to authenticate you: the token is wrong, expired or revoked.")],
        docs: "https://docs.digitalocean.com/reference/api/",
    },
    Provider {
        id: "heroku-api-key",
        name: "Heroku",
        keys: &[
            k("api", "API key", "HRKU-", 65, 65, Base64Url),
            k("legacy", "API key (legacy UUID)", "", 36, 36, Printable).context_only().layout(uuid_layout),
        ],
        hosts: &["api.heroku.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[c("Accept", Required, "application/vnd.heroku+json; version=3")],
        unauthorized_status: &[401],
        errors: &[e("unauthorized", 401, "Invalid credentials provided.")],
        docs: "https://devcenter.heroku.com/articles/platform-api-reference",
    },
    Provider {
        id: "cloudflare-api-token",
        name: "Cloudflare",
        keys: &[
            k("user", "User API token", "cfut_", 53, 53, Base62),
            k("account", "Account API token", "cfat_", 53, 53, Base62),
            k("legacy", "API token (before the scannable format)", "", 40, 40, Base64Url).context_only(),
        ],
        hosts: &["api.cloudflare.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[403, 401],
        errors: CLOUDFLARE_ERRORS,
        docs: "https://developers.cloudflare.com/fundamentals/api/get-started/create-token/",
    },
    Provider {
        id: "cloudflare-global-api-key",
        name: "Cloudflare",
        keys: &[
            k("global", "Global API Key", "cfk_", 52, 52, Base62),
            k("legacy", "Global API Key (legacy)", "", 37, 37, HexLower).context_only(),
        ],
        hosts: &["api.cloudflare.com"],
        auth: &[place("X-Auth-Key", Raw)],
        query_params: &[],
        companions: &[c("X-Auth-Email", Required, "the account's login email")],
        unauthorized_status: &[400, 403],
        errors: CLOUDFLARE_ERRORS,
        docs: "https://developers.cloudflare.com/fundamentals/api/get-started/keys/",
    },
    Provider {
        id: "datadog-keys",
        name: "Datadog",
        keys: &[
            k("api", "API key", "", 32, 32, HexLower).context_only(),
            k("application", "Application key", "", 40, 40, HexLower).context_only(),
        ],
        hosts: &["api.datadoghq.com", "api.datadoghq.eu", "api.ddog-gov.com", "*.datadoghq.com"],
        auth: &[place("DD-API-KEY", Raw)],
        query_params: &["api_key", "application_key"],
        companions: &[c("DD-APPLICATION-KEY", Required, "read and management endpoints need both keys")],
        unauthorized_status: &[403],
        errors: &[e("Forbidden", 403, "Wrong key, or a key from another Datadog site (US1/EU/US3...).")],
        docs: "https://docs.datadoghq.com/api/latest/authentication/",
    },
    Provider {
        id: "notion-integration-token",
        name: "Notion",
        keys: &[
            k("integration", "Integration secret", "ntn_", 50, 50, Base62).layout(notion_layout),
            k("legacy", "Integration secret (legacy)", "secret_", 50, 50, Base62).shared_prefix(),
        ],
        hosts: &["api.notion.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[c("Notion-Version", Required, "e.g. 2022-06-28, on every request")],
        unauthorized_status: &[401],
        errors: &[e("unauthorized", 401, "API token is invalid.")],
        docs: "https://developers.notion.com/reference/authentication",
    },
    Provider {
        id: "linear-api-key",
        name: "Linear",
        keys: &[k("personal", "Personal API key (no scheme word)", "lin_api_", 48, 48, Base62)],
        hosts: &["api.linear.app"],
        auth: &[
            place("Authorization", Raw),
            AuthPlacement { header: "Authorization", scheme: Bearer, basic_user: None, note: Some("OAuth access tokens only; `Bearer lin_api_…` fails") },
        ],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401, 400],
        errors: &[e("authentication_error", 401, "The key is wrong, or a personal key was sent with `Bearer`.")],
        docs: "https://linear.app/developers/graphql",
    },
    Provider {
        id: "airtable-pat",
        name: "Airtable",
        keys: &[k("pat", "Personal access token", "pat", 82, 82, Base64UrlDot).shared_prefix().layout(airtable_layout)],
        hosts: &["api.airtable.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("AUTHENTICATION_REQUIRED", 401, "The token is missing, wrong or revoked.")],
        docs: "https://airtable.com/developers/web/api/authentication",
    },
    Provider {
        id: "supabase-legacy-jwt-keys",
        name: "Supabase",
        keys: &[k("jwt", "anon or service_role key (JWT)", "eyJ", 100, 1024, Base64UrlDot).context_only().layout(jwt_layout)],
        hosts: SUPABASE_HOSTS,
        auth: &[place("apikey", Raw), place("Authorization", Bearer)],
        query_params: &["apikey"],
        companions: &[c("Authorization", Recommended, "Bearer <the key or a user session JWT>")],
        unauthorized_status: &[401],
        errors: &[
            e("No API key found in request", 401, "The apikey header is missing."),
            e("PGRST301", 401, "PostgREST could not verify the JWT (wrong project or secret)."),
        ],
        docs: "https://supabase.com/docs/guides/api/api-keys",
    },
    Provider {
        id: "supabase-publishable-secret-keys",
        name: "Supabase",
        keys: &[
            k("publishable", "Publishable key", "sb_publishable_", 20, 255, Base64Url).publishable(),
            k("secret", "Secret key", "sb_secret_", 20, 255, Base64Url),
            k("management", "Management API personal access token", "sbp_", 44, 44, Base62),
        ],
        hosts: SUPABASE_HOSTS,
        auth: &[place("apikey", Raw)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[
            e("Forbidden use of secret API key in browser", 401, "sb_secret_ keys are refused from browsers."),
            e("PGRST301", 401, "An sb_ key was put in Authorization: Bearer, which expects a JWT."),
            e("Invalid API key", 401, "The key is wrong or from another project."),
        ],
        docs: "https://supabase.com/docs/guides/api/api-keys",
    },
    Provider {
        id: "firebase-web-api-key-and-id-token",
        name: "Firebase",
        keys: &[
            k("web-api-key", "Web API key (identifies the project; not a secret)", "AIza", 39, 39, Base64Url).context_only().publishable(),
            k("id-token", "Firebase Auth ID token (JWT)", "eyJ", 100, 4096, Base64UrlDot).context_only().layout(jwt_layout),
        ],
        hosts: &["identitytoolkit.googleapis.com", "securetoken.googleapis.com", "firestore.googleapis.com", "*.firebaseio.com", "*.firebasedatabase.app"],
        auth: BEARER,
        query_params: &["key", "auth"],
        companions: &[],
        unauthorized_status: &[400, 401],
        errors: &[e("INVALID_ARGUMENT", 400, "API key not valid.")],
        docs: "https://firebase.google.com/docs/reference/rest/auth",
    },
    Provider {
        id: "atlassian-api-token",
        name: "Atlassian",
        keys: &[
            k("user", "User API token (Basic with the account email)", "ATATT", 100, 300, Base64Any),
            k("admin", "Organization Admin API key", "ATCTT", 100, 300, Base64Any),
        ],
        hosts: &["*.atlassian.net", "api.atlassian.com"],
        auth: &[basic("the Atlassian account email"), place("Authorization", Bearer)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("401", 401, "Client must be authenticated: wrong email/token pair or a revoked token.")],
        docs: "https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/",
    },
    Provider {
        id: "square-access-token",
        name: "Square",
        keys: &[
            k("access", "Access token", "EAAA", 60, 70, Base64Any),
            k("legacy-production", "Access token (legacy, production)", "sq0atp-", 29, 80, Base64Url).live(),
            k("legacy-sandbox", "Access token (legacy, sandbox)", "sandbox-sq0atb-", 37, 90, Base64Url).test(),
            k("application-id", "Application ID (not a token)", "sq0idp-", 20, 80, Base64Url).not_for_api(),
            k("application-secret", "Application secret (not a token)", "sq0csp-", 20, 80, Base64Url).not_for_api(),
        ],
        hosts: &["connect.squareup.com", "connect.squareupsandbox.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[c("Square-Version", Optional, "YYYY-MM-DD")],
        unauthorized_status: &[401],
        errors: &[e("UNAUTHORIZED", 401, "The Authorization header is wrong or the token expired.")],
        docs: "https://developer.squareup.com/docs/build-basics/access-tokens",
    },
    Provider {
        id: "paypal-rest-credentials",
        name: "PayPal",
        keys: &[
            k("client", "REST client ID or secret", "", 60, 100, Base64Url).context_only(),
            k("access-token", "OAuth access token", "A21AA", 60, 200, Base64UrlDot).context_only(),
        ],
        hosts: &["api-m.paypal.com", "api-m.sandbox.paypal.com", "api.paypal.com", "api.sandbox.paypal.com"],
        auth: &[place("Authorization", Bearer), basic("the client ID (token endpoint only)")],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[
            e("invalid_client", 401, "Client Authentication failed: wrong client ID/secret, or sandbox credentials on live."),
            e("invalid_token", 401, "The access token expired or is unknown."),
        ],
        docs: "https://developer.paypal.com/api/rest/authentication/",
    },
    Provider {
        id: "postman-api-key",
        name: "Postman",
        keys: &[k("api", "Postman API key", "PMAK-", 64, 64, Base62Dash).layout(postman_layout)],
        hosts: &["api.getpostman.com", "api.postman.com"],
        auth: &[place("X-Api-Key", Raw)],
        query_params: &["apikey"],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("AuthenticationError", 401, "Invalid API Key.")],
        docs: "https://learning.postman.com/docs/developer/postman-api/authentication/",
    },
    Provider {
        id: "vercel-access-token",
        name: "Vercel",
        keys: &[k("access", "Access token", "", 24, 24, Base62).context_only()],
        hosts: &["api.vercel.com"],
        auth: BEARER,
        query_params: &["teamId", "slug"],
        companions: &[],
        unauthorized_status: &[403],
        errors: &[e("forbidden", 403, "With invalidToken:true the token is wrong or expired; without it, it lacks scope.")],
        docs: "https://vercel.com/docs/rest-api#authentication",
    },
    Provider {
        id: "netlify-access-token",
        name: "Netlify",
        keys: &[
            k("personal", "Personal access token", "nfp_", 40, 40, Base62Underscore),
            k("legacy", "Access token (legacy)", "", 43, 45, Base64Url).context_only(),
        ],
        hosts: &["api.netlify.com"],
        auth: BEARER,
        query_params: &["access_token"],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[],
        docs: "https://docs.netlify.com/api/get-started/#authentication",
    },
    Provider {
        id: "okta-api-token",
        name: "Okta",
        keys: &[
            k("api", "Org API token (SSWS)", "00", 42, 42, Base64Url).context_only(),
            k("access-token", "OAuth 2.0 access token (JWT)", "eyJ", 100, 4096, Base64UrlDot).context_only().layout(jwt_layout),
        ],
        hosts: &["*.okta.com", "*.oktapreview.com", "*.okta-emea.com"],
        auth: &[place("Authorization", Ssws), place("Authorization", Bearer)],
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("E0000011", 401, "Invalid token provided: wrong org, revoked, or expired after 30 days unused.")],
        docs: "https://developer.okta.com/docs/guides/create-an-api-token/",
    },
    Provider {
        id: "auth0-management-api-token",
        name: "Auth0",
        keys: &[k("access-token", "Management API access token (JWT)", "eyJ", 100, 8192, Base64UrlDot).context_only().layout(jwt_layout)],
        hosts: &["*.auth0.com"],
        auth: BEARER,
        query_params: &[],
        companions: &[],
        unauthorized_status: &[401],
        errors: &[e("Invalid token", 401, "The token's audience, tenant or signature is wrong, or it expired.")],
        docs: "https://auth0.com/docs/secure/tokens/access-tokens/management-api-access-tokens",
    },
];
