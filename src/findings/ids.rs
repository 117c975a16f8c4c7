//! Every finding id, declared once with its reference documentation (what it flags, why it
//! matters, an example, the fix, references). A new finding is one block here.
//!
//! ```
//! use authlens::findings::{doc, FindingId, Severity};
//! assert_eq!(doc(FindingId::CredentialMissing).severity, Severity::Error);
//! ```

use super::Severity::{Error as E, Info as I, Warning as W};

const RFC6749_REFRESH: &str = "https://www.rfc-editor.org/rfc/rfc6749#section-6";
const RFC9700_REFRESH: &str = "https://www.rfc-editor.org/rfc/rfc9700#section-4.14";
const RFC8707: &str = "https://www.rfc-editor.org/rfc/rfc8707#section-2";
const RFC9068_VALIDATION: &str = "https://www.rfc-editor.org/rfc/rfc9068#section-4";
const RFC7519_IAT: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.6";
const RFC7519_NUMERICDATE: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-2";
const RFC6749_TOKEN_RESPONSE: &str = "https://www.rfc-editor.org/rfc/rfc6749#section-5.1";
const RFC6749_ERRORS: &str = "https://www.rfc-editor.org/rfc/rfc6749#section-5.2";
const RFC6749_CLIENT_AUTH: &str = "https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1";
const RFC8414: &str = "https://www.rfc-editor.org/rfc/rfc8414#section-3";
const RFC6749_REDIRECT: &str = "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3";
const RFC9700_REDIRECT: &str = "https://www.rfc-editor.org/rfc/rfc9700#section-4.1";
const RFC7636_VERIFY: &str = "https://www.rfc-editor.org/rfc/rfc7636#section-4.6";
const RFC7636_METHOD: &str = "https://www.rfc-editor.org/rfc/rfc7636#section-4.2";
const RFC9700_PKCE: &str = "https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1";
const RFC6749_CSRF: &str = "https://www.rfc-editor.org/rfc/rfc6749#section-10.12";
const OIDC_AUTH_ERRORS: &str = "https://openid.net/specs/openid-connect-core-1_0.html#AuthError";
const RFC9728_CHALLENGE: &str = "https://www.rfc-editor.org/rfc/rfc9728#section-5.1";
const RFC9728_METADATA: &str = "https://www.rfc-editor.org/rfc/rfc9728#section-2";
const MCP_AUTH: &str =
    "https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization";
const RFC9449_NONCE: &str = "https://www.rfc-editor.org/rfc/rfc9449#section-9";
const RFC9449_PROOF: &str = "https://www.rfc-editor.org/rfc/rfc9449#section-4.3";
const RFC9110_AUTHZ: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.2";
const RFC9110_WWWA: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1";
const RFC9110_SCHEME: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-11.1";
const RFC9110_CREDS: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-11.4";
const RFC9110_401: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2";
const RFC9110_403: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4";
const RFC9110_407: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.8";
const RFC9110_FIELD_VALUES: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-5.5";
const RFC9110_FIELD_ORDER: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-5.3";
const RFC9110_DATE: &str = "https://www.rfc-editor.org/rfc/rfc9110#section-6.6.1";
const RFC6750_HEADER: &str = "https://www.rfc-editor.org/rfc/rfc6750#section-2.1";
const RFC6750_QUERY: &str = "https://www.rfc-editor.org/rfc/rfc6750#section-2.3";
const RFC6750_ERRORS: &str = "https://www.rfc-editor.org/rfc/rfc6750#section-3.1";
const RFC6750_CHALLENGE: &str = "https://www.rfc-editor.org/rfc/rfc6750#section-3";
const RFC7617: &str = "https://www.rfc-editor.org/rfc/rfc7617#section-2";
const RFC7617_CHARSET: &str = "https://www.rfc-editor.org/rfc/rfc7617#section-2.1";
const RFC4648: &str = "https://www.rfc-editor.org/rfc/rfc4648#section-4";
const RFC3986_USERINFO: &str = "https://www.rfc-editor.org/rfc/rfc3986#section-3.2.1";
const RFC3986_PERCENT: &str = "https://www.rfc-editor.org/rfc/rfc3986#section-2.1";
const RFC7519_EXP: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4";
const RFC7519_NBF: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5";
const RFC7519_AUD: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3";
const RFC7519_VALIDATION: &str = "https://www.rfc-editor.org/rfc/rfc7519#section-7.2";
const RFC7515: &str = "https://www.rfc-editor.org/rfc/rfc7515#section-7.1";
const RFC7516_DISTINGUISH: &str = "https://www.rfc-editor.org/rfc/rfc7516#section-9";
const RFC8725_NONE: &str = "https://www.rfc-editor.org/rfc/rfc8725#section-3.1";
const RFC9068: &str = "https://www.rfc-editor.org/rfc/rfc9068#section-2.1";
const OIDC_ID_TOKEN: &str = "https://openid.net/specs/openid-connect-core-1_0.html#IDToken";
const FETCH_HEADER_VALUE: &str = "https://fetch.spec.whatwg.org/#header-value";
const FETCH_NORMALIZE: &str = "https://fetch.spec.whatwg.org/#concept-header-value-normalize";
const FETCH_REDIRECT: &str = "https://fetch.spec.whatwg.org/#http-redirect-fetch";
const FETCH_PREFLIGHT: &str = "https://fetch.spec.whatwg.org/#cors-preflight-fetch";
const FETCH_ALLOW_HEADERS: &str =
    "https://fetch.spec.whatwg.org/#http-access-control-allow-headers";
const FETCH_CORS_CHECK: &str = "https://fetch.spec.whatwg.org/#concept-cors-check";
const FETCH_CREDENTIALS: &str = "https://fetch.spec.whatwg.org/#concept-request-credentials-mode";
const MDN_CREDENTIALS: &str =
    "https://developer.mozilla.org/en-US/docs/Web/API/RequestInit#credentials";
const MDN_SAMESITE: &str =
    "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value";
const UTS39: &str = "https://www.unicode.org/reports/tr39/#Confusable_Detection";
const UNICODE_DI: &str = "https://www.unicode.org/reports/tr44/#Default_Ignorable_Code_Point";
const OWASP_QUERY: &str = "https://owasp.org/www-community/vulnerabilities/Information_exposure_through_query_strings_in_url";
const STRIPE_KEYS: &str = "https://docs.stripe.com/keys";
const STRIPE_TEST_MODE: &str = "https://docs.stripe.com/test-mode";
const SQUARE_SANDBOX: &str = "https://developer.squareup.com/docs/devtools/sandbox/overview";
const ANTHROPIC_VERSIONING: &str = "https://docs.anthropic.com/en/api/versioning";
const NOTION_VERSIONING: &str = "https://developers.notion.com/reference/versioning";
const AWS_SIGV4_HEADERS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html";
const GITHUB_TOKENS: &str = "https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/";
const CHROME_HAR: &str = "https://developer.chrome.com/docs/devtools/network/reference#save-as-har";
const HAR_SPEC: &str = "http://www.softwareishard.com/blog/har-12-spec/";
const AWS_APIGW_RESPONSES: &str = "https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html";
const AWS_APIGW_CORS: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html";
const GOOGLE_API_KEYS: &str = "https://cloud.google.com/docs/authentication/api-keys";
const APOLLO_ERRORS: &str = "https://www.apollographql.com/docs/apollo-server/data/errors";

declare_findings! {
    CredentialMissing = "credential.missing" {
        severity: E, title: "No credentials were sent",
        flags: "A 401 whose request carried nothing the origin reads (no `Authorization`, no API-key header, no `Cookie`, no key in the URL; `Proxy-Authorization` stops at the proxy and does not count), or a 407 with no `Proxy-Authorization`. Never on a CORS preflight. A warning when the challenge starts a challenge-response login (Basic, Digest, Negotiate, NTLM) or names `resource_metadata` (RFC 9728 discovery, MCP), and dropped when the same request then succeeds.",
        why: "401 means \"I don't know who you are\": the server never saw who you are. The usual causes are a token that was not loaded yet, an HTTP client instance without the default header, or a proxy that stripped the header.",
        example: "GET /v1/me  (no Authorization)  ->  401, WWW-Authenticate: Bearer realm=\"api\"",
        fix: "Send the credential the API expects, e.g. `Authorization: Bearer <token>`; check the request in the Network panel, not in your code, to see what really left the browser.",
        references: &[RFC9110_401, RFC9110_AUTHZ, RFC6750_HEADER],
    },
    CredentialInUrl = "credential.in_url" {
        severity: W, title: "Credential in the URL",
        flags: "A key or token in the query string (`api_key=`, `access_token=`, `key=`, `token=`, a provider's own parameter) or a `user:password@` userinfo part in the URL.",
        why: "URLs end up in server logs, proxies, browser history, `Referer` headers and screenshots. Browsers drop URL userinfo from fetch requests, and many APIs reject or ignore query-string tokens (RFC 6750 says clients SHOULD NOT use them), which then causes a 401.",
        example: "GET https://api.example.com/v1/items?api_key=sk_live_…",
        fix: "Move the credential into the header the API documents (`Authorization: Bearer …`, `x-api-key: …`) and rotate the key if the URL was logged or shared.",
        references: &[RFC6750_QUERY, RFC3986_USERINFO, OWASP_QUERY],
    },
    CredentialWrongHeader = "credential.wrong_header" {
        severity: E, title: "The key is in the wrong header",
        flags: "A request to a known provider host where the key arrived in a header the provider does not read: e.g. an Anthropic key in `Authorization` instead of `x-api-key`, a Supabase key only in `Authorization`, a Shopify token in `Authorization` instead of `X-Shopify-Access-Token`. On any other host (a proxy, localhost, a gateway), a warning when the key's own prefix and shape name its provider unambiguously and it is sent in a way that provider never accepts.",
        why: "The server looks for the credential in one specific header. Anything in another header is invisible to it, so it answers as if no key were sent.",
        example: "POST https://api.anthropic.com/v1/messages  Authorization: Bearer sk-ant-api03-…  ->  401",
        fix: "Send the key in the header the provider documents (shown in the evidence as `expected`).",
        references: &[RFC9110_AUTHZ],
    },
    CredentialHeaderTypo = "credential.header_typo" {
        severity: E, title: "Misspelled credential header",
        flags: "A request header whose name is one or two edits away from a credential header (`Authorisation`, `Authentication`, `Autorization`, `X_Api_Key`, `x-apikey`), including `-`/`_` swaps. Case alone is never flagged: header names are case-insensitive and HTTP/2 lowercases them.",
        why: "The server does not read a header it does not know, so the request arrives without credentials and gets a 401. Many proxies also drop header names with underscores (nginx by default).",
        example: "Authorisation: Bearer eyJ…",
        fix: "Rename the header to the exact name the server reads (shown as `expected`).",
        references: &[RFC9110_AUTHZ, RFC9110_CREDS],
    },
    CredentialConflicting = "credential.conflicting" {
        severity: E, title: "Conflicting credentials",
        flags: "Two `Authorization` headers, one `Authorization` value holding two credentials joined by a comma, or `Authorization` plus a provider key header carrying a different key.",
        why: "`Authorization` is a singleton field: a comma-joined or duplicated value is not valid, and servers pick either one (often the stale one) or reject both. Two different keys also mean the server may check the one you did not intend.",
        example: "Authorization: Bearer aaa…, Bearer bbb…   (an interceptor added a second header)",
        fix: "Send exactly one credential. Look for a global default header and a per-request header both being set (axios defaults plus an interceptor is common).",
        references: &[RFC9110_AUTHZ, RFC9110_FIELD_ORDER],
    },
    CredentialSecretInBrowser = "credential.secret_in_browser" {
        severity: W, title: "Secret key sent from a browser",
        flags: "A secret (non-publishable) provider key, recognised by its prefix, sent by a browser request (resource type fetch/xhr, or analysed in the DevTools panel).",
        why: "Anything a page sends can be read by every visitor: the key has leaked, whatever the status. Providers also block secret keys from browsers (CORS, or by revoking keys found in the wild), which then shows up as 401s.",
        example: "fetch('https://api.openai.com/v1/chat/completions', {headers: {Authorization: 'Bearer sk-proj-…'}})",
        fix: "Rotate the key now. Call the provider from your server (or a serverless function) and give the browser only a short-lived or publishable credential.",
        references: &[STRIPE_KEYS],
    },
    CredentialPublishableKey = "credential.publishable_key" {
        severity: E, title: "Publishable key used where a secret key is needed",
        flags: "A publishable key (Stripe `pk_live_`/`pk_test_`, Supabase `sb_publishable_`) sent to an endpoint that answered 401/403.",
        why: "Publishable keys are meant to be public and can only do a few client-side things (create tokens, confirm payments). Server-side endpoints require the secret key, so they refuse.",
        example: "GET https://api.stripe.com/v1/customers  Authorization: Bearer pk_test_…  ->  401",
        fix: "Call that endpoint from your server with the secret key (`sk_…`), or use the client-side API that accepts publishable keys.",
        references: &[STRIPE_KEYS],
    },
    CredentialCompanionMissing = "credential.companion_missing" {
        severity: E, title: "A header the provider requires with the key is missing",
        flags: "A failed request to a catalogued provider's host that sends the key where that provider reads it, without a header the provider documents as required with it: `anthropic-version`, `Notion-Version`, `Duffel-Version`, Cloudflare's `X-Auth-Email` next to `X-Auth-Key`, Heroku's `Accept`, AWS Signature V4's `X-Amz-Date` (or `Date`). A conditional companion only when its condition holds: `X-Amz-Security-Token` with a temporary `ASIA…` access key id, `x-amz-content-sha256` on S3 hosts, `content-type` on Anthropic POSTs. Silent when the request worked (a proxy may add the header) or got no response.",
        why: "These APIs refuse a request without the header, often before they look at the key (Anthropic and Notion answer 400, AWS 403), so a perfectly good key looks broken.",
        example: "POST https://api.notion.com/v1/search  Authorization: Bearer ntn_…  (no Notion-Version)  ->  400 missing_version",
        fix: "Send the header on every request, with a value the provider documents (for example `anthropic-version: 2023-06-01`, `Notion-Version: 2022-06-28`); for AWS temporary credentials sign and send the session token as `X-Amz-Security-Token`.",
        references: &[ANTHROPIC_VERSIONING, NOTION_VERSIONING, AWS_SIGV4_HEADERS],
    },
    CredentialNotForApi = "credential.not_for_api" {
        severity: E, title: "A credential the API never accepts",
        flags: "A refused request (400/401/403, or Slack's 200 with `\"ok\":false`) whose API credential (`Authorization`, an API-key header or a query parameter) is a kind the catalogue marks as not for API calls, recognised by its prefix: a refresh token (GitHub `ghr_`, DigitalOcean `dor_v1_`, Slack `xoxe-`, Vercel `vcr_`), an OAuth client or app secret (`GOCSPX-`, GitLab `gloas-`, Shopify `shpss_`, Square `sq0csp-`), an application id (`sq0idp-`), a webhook signing secret (`tskey-webhook-`), a device or runner token (`tskey-auth-`, `glrt-`). An error on the provider's own host, a warning on any other (a backend of yours may take it). Never for a request body, a cookie or a Basic password, where refresh tokens and client secrets belong.",
        why: "The API only accepts access tokens or API keys. Refresh tokens and client secrets are exchanged at the token endpoint for an access token; webhook secrets only sign payloads; runner and device tokens talk to their own endpoints. Sent as the API credential they are refused however valid they are.",
        example: "GET https://api.github.com/user  Authorization: Bearer ghr_…  ->  401 Bad credentials",
        fix: "Exchange it at the provider's token endpoint (in the request body) and send the access token it returns, or send the API key meant for the API.",
        references: &[RFC6749_REFRESH, RFC6749_CLIENT_AUTH],
    },
    CredentialWrongEnvironment = "credential.wrong_environment" {
        severity: E, title: "A test key sent to live, or a live key to the sandbox",
        flags: "A key whose prefix says test or live (Square `sandbox-sq0atb-` / `sq0atp-`, Plaid `access-sandbox-` / `access-production-`, a TestPyPI or PyPI token) sent to a host the catalogue knows serves only the other environment (`connect.squareup.com` / `connect.squareupsandbox.com`, `production.plaid.com` / `sandbox.plaid.com`, `upload.pypi.org` / `test.pypi.org`). Where live and test share one host (Stripe), an error only when the provider's error says so (\"a similar object exists in live mode, but a test mode key was used\"); otherwise an info on a refused request (401/403/404) with a test key, which says it rests on the prefix alone.",
        why: "Live and sandbox environments are separate systems with separate keys: a key of one is unknown to the other, and objects created in one are invisible from the other.",
        example: "GET https://connect.squareup.com/v2/locations  Authorization: Bearer sandbox-sq0atb-…  ->  401 UNAUTHORIZED",
        fix: "Send the key of the environment you are calling, or call the host of the key's environment (the evidence names both).",
        references: &[STRIPE_TEST_MODE, SQUARE_SANDBOX],
    },
    SchemeMissing = "scheme.missing" {
        severity: E, title: "No authentication scheme",
        flags: "An `Authorization` value that is a bare token with no scheme word in front (`Authorization: eyJ…`).",
        why: "RFC 9110 defines the value as `<scheme> <credentials>`. Without the scheme the server reads the token as the scheme name, finds no credentials, and answers 401.",
        example: "Authorization: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln",
        fix: "Prefix the token with the scheme the server challenges for (usually `Bearer `).",
        references: &[RFC9110_AUTHZ, RFC9110_CREDS, RFC6750_HEADER],
    },
    SchemeMismatch = "scheme.mismatch" {
        severity: E, title: "Wrong authentication scheme",
        flags: "The scheme sent differs from every scheme in `WWW-Authenticate`, or from the scheme the provider expects (e.g. `Token` to an API that wants `Bearer`, `Bearer` to a Basic-only server).",
        why: "The server only understands the schemes it challenges for; any other scheme is treated as no credentials at all.",
        example: "Authorization: Token ghp_…  ->  401, WWW-Authenticate: Bearer realm=\"api\"",
        fix: "Use the scheme from the `WWW-Authenticate` challenge (shown as `expected`).",
        references: &[RFC9110_WWWA, RFC9110_AUTHZ, RFC9110_SCHEME],
    },
    SchemeDoubled = "scheme.doubled" {
        severity: E, title: "Scheme written twice",
        flags: "The scheme repeated at the start of the credentials: `Bearer Bearer eyJ…`.",
        why: "The stored token already included the `Bearer ` prefix and the code added another one, so the server sees `Bearer eyJ…` as the token and fails to validate it.",
        example: "Authorization: Bearer Bearer eyJhbGciOi…",
        fix: "Store the raw token and add the scheme in exactly one place.",
        references: &[RFC9110_AUTHZ, RFC6750_HEADER],
    },
    SchemeCase = "scheme.case" {
        severity: W, title: "Unusual scheme capitalisation",
        flags: "A known scheme written in non-canonical case: `bearer`, `BEARER`, `basic`.",
        why: "RFC 9110 says scheme names are case-insensitive, but a number of servers and gateways compare them byte for byte and answer 401. Only a warning: it is legal, just fragile.",
        example: "Authorization: bearer eyJ…",
        fix: "Write the scheme in its canonical form (`Bearer`, `Basic`, `Digest`).",
        references: &[RFC9110_SCHEME, RFC6750_HEADER],
    },
    SchemeSeparator = "scheme.separator" {
        severity: E, title: "Bad separator after the scheme",
        flags: "Anything other than a single space between scheme and credentials: `Bearer:x`, `Bearer=x`, a tab, two or more spaces, or no separator at all (`Bearereyj…`).",
        why: "RFC 9110 requires one or more spaces (`1*SP`), and most servers split on exactly one space: a colon, a tab or an extra space becomes part of the scheme or of the token and the check fails.",
        example: "Authorization: Bearer:eyJ…",
        fix: "Put exactly one space between the scheme and the credentials.",
        references: &[RFC9110_AUTHZ, RFC9110_CREDS],
    },
    SchemeEmptyCredentials = "scheme.empty_credentials" {
        severity: E, title: "Scheme without credentials",
        flags: "A scheme with nothing after it: `Authorization: Bearer` or `Bearer `.",
        why: "The header is there but empty: usually the token variable was an empty string when the header was built.",
        example: "Authorization: Bearer ",
        fix: "Make sure the token is loaded before the request is sent, and do not send the header at all when there is no token.",
        references: &[RFC9110_AUTHZ, RFC6750_HEADER],
    },
    TokenPlaceholder = "token.placeholder" {
        severity: E, title: "The credential is a placeholder",
        flags: "A credential that is a placeholder instead of a key: `undefined`, `null`, `[object Object]`, `NaN`, an unexpanded `${TOKEN}` / `{{token}}` / `<YOUR_KEY>` / `process.env.X`, `YOUR_API_KEY`-style text.",
        why: "The code that builds the header ran before the token existed, or a template/environment variable was never substituted. The server receives the literal text and answers 401.",
        example: "Authorization: Bearer undefined",
        fix: "Load the token before the request (await the login, check the environment variable is set in this environment), and skip the header when there is no token.",
        references: &[RFC9110_401],
    },
    TokenSurroundingWhitespace = "token.surrounding_whitespace" {
        severity: W, title: "Whitespace around the credential",
        flags: "Spaces, tabs or other whitespace before or after the credential.",
        why: "A pasted key often keeps a trailing space or newline. Browsers trim leading and trailing whitespace of header values, but other clients and servers compare raw bytes, and whitespace inside a Basic or query-string value is kept.",
        example: "x-api-key: ' sk-ant-api03-… '",
        fix: "Trim the key when you read it (from the environment, a file or a form field).",
        references: &[FETCH_NORMALIZE, RFC9110_FIELD_VALUES],
    },
    TokenLineBreak = "token.line_break" {
        severity: E, title: "Line break inside the credential",
        flags: "A CR, LF, NEL or Unicode line/paragraph separator inside the credential.",
        why: "Header values cannot contain line breaks: fetch refuses to send them, other clients fold or cut the header, and servers see a different token. Usually the key was copied from a wrapped terminal or file.",
        example: "Authorization: Bearer abc\\ndef",
        fix: "Remove the line break (re-copy the key from the provider's dashboard in one line).",
        references: &[RFC9110_FIELD_VALUES, FETCH_HEADER_VALUE],
    },
    TokenInvisibleChar = "token.invisible_char" {
        severity: E, title: "Invisible character in the credential",
        flags: "Zero-width and other default-ignorable characters (U+200B ZERO WIDTH SPACE, U+FEFF BOM, U+00AD SOFT HYPHEN, bidi controls) inside the credential.",
        why: "They are invisible when you look at the key, but they are bytes the server compares. Characters above U+00FF make fetch throw before sending; U+00AD is sent and the server rejects the key.",
        example: "sk-…abc\\u200Bdef",
        fix: "Re-type or re-copy the key from a plain-text source; the byte view shows exactly where the character is.",
        references: &[UNICODE_DI, FETCH_HEADER_VALUE],
    },
    TokenUnicodeSpace = "token.unicode_space" {
        severity: E, title: "Non-ASCII space in the credential",
        flags: "A Unicode space such as U+00A0 NO-BREAK SPACE or U+2009 THIN SPACE in the credential or between scheme and credential.",
        why: "It looks like a normal space but is a different byte sequence: the scheme split fails or the token no longer matches. Word processors and chat apps insert them.",
        example: "Authorization: Bearer\\u00A0eyJ…",
        fix: "Replace it with a normal space (between scheme and token) or remove it (inside the token).",
        references: &[RFC9110_AUTHZ, FETCH_HEADER_VALUE],
    },
    TokenConfusable = "token.confusable" {
        severity: E, title: "Look-alike character in the credential",
        flags: "A character that looks like an ASCII letter or digit but is not (Cyrillic `а`, Greek `Ο`, fullwidth `Ａ`), per the Unicode confusables data.",
        why: "Keys are ASCII. A look-alike character usually comes from retyping a key or from a font substitution, and makes the key different from the real one.",
        example: "sk_live_аbc… (Cyrillic а)",
        fix: "Copy the key again from the provider's dashboard rather than typing it.",
        references: &[UTS39],
    },
    TokenNonLatin1 = "token.non_latin1" {
        severity: E, title: "Character that cannot be sent in a header",
        flags: "A code point above U+00FF (smart quotes, `…`, emoji) in a header value.",
        why: "Header values are bytes; fetch and XMLHttpRequest throw `TypeError: ... is not a valid HTTP header value` for these, so the request never leaves the page and never appears in the Network panel. Only the paste page can see this.",
        example: "Authorization: Bearer “eyJ…”",
        fix: "Remove the character; usually it came from copying the key out of a document or chat that 'prettified' it.",
        references: &[FETCH_HEADER_VALUE, RFC9110_FIELD_VALUES],
    },
    TokenQuoted = "token.quoted" {
        severity: E, title: "The credential is wrapped in quotes",
        flags: "A credential that starts and ends with quotes (`\"…\"`, `'…'`, or typographic quotes).",
        why: "The token was stored with `JSON.stringify` (localStorage) or copied from a config file with its quotes; the quotes are sent and the token does not match.",
        example: "Authorization: Bearer \"eyJhbGciOi…\"",
        fix: "Store the raw string (`localStorage.setItem(k, token)`, not `JSON.stringify(token)`), or strip the quotes when reading.",
        references: &[RFC9110_CREDS],
    },
    TokenBadCharset = "token.bad_charset" {
        severity: E, title: "Character not allowed in this credential",
        flags: "A character outside the credential's grammar: outside `token68` for Bearer/Basic (RFC 9110 §11.2), or outside the provider's key alphabet.",
        why: "Servers validate the token format before looking it up, so a stray character (a comma, a semicolon, a trailing dot) gets a 401 even if the rest is correct.",
        example: "Authorization: Bearer ghp_abc;def…",
        fix: "Find where the extra character came from (concatenation, copying, an unescaped template) and remove it.",
        references: &["https://www.rfc-editor.org/rfc/rfc9110#section-11.2", RFC6750_HEADER],
    },
    TokenUrlEncoded = "token.url_encoded" {
        severity: E, title: "The credential is percent-encoded",
        flags: "Percent escapes such as `%3D`, `%2B`, `%2F` in a header credential.",
        why: "The token was URL-encoded (e.g. taken from a query string or a cookie) and then put into a header, where no decoding happens: the server sees `%3D` instead of `=`.",
        example: "Authorization: Basic dXNlcjpwYXNz%3D%3D",
        fix: "Decode the value (`decodeURIComponent`) before putting it into the header.",
        references: &[RFC3986_PERCENT],
    },
    TokenBadLength = "token.bad_length" {
        severity: E, title: "The key has the wrong length",
        flags: "A key recognised by its prefix whose length is outside that provider's documented range.",
        why: "A key that is too short or too long was truncated (copied partially, cut by a column width) or glued to something else, so it cannot match.",
        example: "ghp_ followed by 30 characters instead of 36",
        fix: "Copy the full key again from the provider.",
        references: &[GITHUB_TOKENS],
    },
    TokenChecksumMismatch = "token.checksum_mismatch" {
        severity: E, title: "The key's checksum is wrong",
        flags: "A GitHub (`ghp_`, `gho_`, `ghs_`, ...) or npm (`npm_`) token whose built-in CRC32 checksum does not match its body.",
        why: "These tokens end with a checksum of the rest; a mismatch proves at least one character was changed (a typo, a look-alike, a truncation), so the provider will reject it.",
        example: "ghp_ token with one character retyped",
        fix: "Copy the token again from the provider, or create a new one.",
        references: &[GITHUB_TOKENS],
    },
    TokenReferenceMismatch = "token.reference_mismatch" {
        severity: E, title: "Not the key you expected",
        flags: "The credential sent differs from the reference key you gave (compared by SHA-256 fingerprint; both short fingerprints are shown, never the keys).",
        why: "The code sent a different key than you think: an old environment variable, another environment's config, a cached token.",
        example: "expected fingerprint 3f2a9c1e, sent 88d01b7a",
        fix: "Trace where the request takes its key from and make it use the expected one.",
        references: &[RFC9110_401],
    },
    JwtMalformed = "jwt.malformed" {
        severity: E, title: "Malformed JWT",
        flags: "A credential that looks like a JWT (`eyJ…` with dots) but does not decode: wrong number of segments, invalid base64url, header or claims not JSON.",
        why: "The server cannot parse it, so it cannot authenticate you. Usually the token was truncated or edited, or padding/standard base64 was used instead of base64url.",
        example: "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIi",
        fix: "Obtain a fresh token from the issuer instead of editing or re-encoding it.",
        references: &[RFC7515, RFC7519_VALIDATION],
    },
    JwtExpired = "jwt.expired" {
        severity: E, title: "The JWT had expired",
        flags: "A JWT whose `exp` is before the time of the request (the request's own start time, corrected for the server clock when a `Date` header is present).",
        why: "Servers reject tokens at or after `exp`. The client kept using a cached token instead of refreshing it.",
        example: "exp = 12:00:00, request at 12:05:13  ->  expired 313 s before the request",
        fix: "Refresh the token before it expires (use the refresh token or silent renew), and retry once after refreshing on a 401 with `invalid_token`.",
        references: &[RFC7519_EXP, RFC6750_ERRORS],
    },
    JwtNotYetValid = "jwt.not_yet_valid" {
        severity: E, title: "The JWT was not yet valid",
        flags: "A JWT whose `nbf` (or `iat`) is after the time of the request, with the clock skew estimated from the response `Date` header.",
        why: "The issuer's clock is ahead of the server's, or the client's clock is ahead of the issuer's: the server sees a token from the future and rejects it.",
        example: "nbf is 42 s after the request; server Date is 40 s behind the client",
        fix: "Synchronise clocks (NTP) on the issuer and the API, or allow a small leeway (e.g. 60 s) when validating `nbf`/`iat`.",
        references: &[RFC7519_NBF, RFC9110_DATE],
    },
    JwtAlgNone = "jwt.alg_none" {
        severity: E, title: "Unsigned JWT (alg: none)",
        flags: "A JWT whose header says `\"alg\": \"none\"`.",
        why: "An unsigned token proves nothing; every well-configured server rejects it. It is typically a test token, or a token built by hand.",
        example: "{\"alg\":\"none\",\"typ\":\"JWT\"}",
        fix: "Use a token signed by your identity provider.",
        references: &[RFC8725_NONE],
    },
    JwtIdToken = "jwt.id_token" {
        severity: E, title: "ID token sent instead of an access token",
        flags: "A Bearer JWT that looks like an OpenID Connect ID token. Heuristic: it has a `nonce` or `at_hash` claim, or `token_use: \"id\"` (Cognito), or no `typ: at+jwt` while `aud` equals `azp` (the client's own id).",
        why: "An ID token tells your app who logged in; its audience is your client, not the API. APIs validate the audience and token type, and answer 401.",
        example: "{\"aud\":\"my-spa\",\"azp\":\"my-spa\",\"nonce\":\"n-0S6\"}",
        fix: "Send the access token (request one for the API's audience/scope) instead of the ID token.",
        references: &[OIDC_ID_TOKEN, RFC9068],
    },
    JwtAudienceMismatch = "jwt.audience_mismatch" {
        severity: E, title: "Token for a different audience",
        flags: "A JWT whose `aud` does not contain the expected audience (given by you, or hinted by the challenge's `realm`/`resource`/`audience` parameter), an error; without an expectation, a warning when every `aud` value names a host and none is the host the token was sent to (opaque audiences and local proxies are not judged).",
        why: "Each API accepts only tokens issued for it. A token for another API (or for the Auth0/Okta management API) is valid, just not here.",
        example: "aud = \"https://api.other.example\", expected \"https://api.example.com\"",
        fix: "Request the token with the right `audience`/`resource`/`scope` parameter for this API.",
        references: &[RFC7519_AUD, RFC9068],
    },
    JwtEncrypted = "jwt.encrypted" {
        severity: E, title: "Encrypted token (JWE) where a JWT is expected",
        flags: "A five-segment JWE (`alg: dir`, `enc`...) sent as a Bearer token.",
        why: "APIs expect a signed JWT they can verify. Auth0 returns an encrypted/opaque token when no `audience` is requested; the API cannot read it.",
        example: "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..abc.def.ghi",
        fix: "Request the access token with the API's `audience` so the issuer returns a signed JWT.",
        references: &[RFC7516_DISTINGUISH],
    },
    JwtExpiresSoon = "jwt.expires_soon" {
        severity: I, title: "The JWT was about to expire",
        flags: "A JWT with less than 60 seconds left at the time of the request, also on a request that worked (the next one will not).",
        why: "With clock skew and latency, a token this close to `exp` may already be expired when the server checks it.",
        example: "exp 12 s after the request",
        fix: "Refresh tokens a little before they expire (e.g. when less than a minute is left).",
        references: &[RFC7519_EXP],
    },
    BasicNotBase64 = "basic.not_base64" {
        severity: E, title: "Basic credentials are not base64",
        flags: "A `Basic` credential that is not valid base64 (a raw `user:pass`, a character outside the alphabet, bad padding).",
        why: "RFC 7617 requires base64 of `user:password`; the server cannot decode anything else.",
        example: "Authorization: Basic alice:secret",
        fix: "Send `Basic ` + base64(`user:password`), e.g. `btoa(user + ':' + password)` for ASCII.",
        references: &[RFC7617, RFC4648],
    },
    BasicNoColon = "basic.no_colon" {
        severity: E, title: "Basic credentials without a colon",
        flags: "A `Basic` credential that decodes to text with no `:` between user and password.",
        why: "The server splits at the first colon. Without one it has a user and no password (or an API key the provider expects as user or password).",
        example: "base64(\"sk_live_…\") instead of base64(\"sk_live_…:\")",
        fix: "Encode `user:password`; for APIs that take a key as the username (Stripe, Mailgun `api:key`) add the colon.",
        references: &[RFC7617],
    },
    BasicEmptyPart = "basic.empty_part" {
        severity: E, title: "Empty user or password in Basic credentials",
        flags: "A `Basic` credential whose user or password is empty (when the provider does not expect it to be).",
        why: "An empty part usually means the variable was unset when the header was built.",
        example: "base64(\"alice:\")",
        fix: "Check that both values are loaded before building the header.",
        references: &[RFC7617],
    },
    BasicNotUtf8 = "basic.not_utf8" {
        severity: W, title: "Basic credentials are not UTF-8",
        flags: "A `Basic` credential that decodes to bytes that are not UTF-8 (e.g. Latin-1 from `btoa`).",
        why: "Servers decode user and password as UTF-8 (RFC 7617 `charset=\"UTF-8\"`); other encodings give a different password for any non-ASCII character.",
        example: "btoa('jürgen:pässword') encodes Latin-1, not UTF-8",
        fix: "Encode the UTF-8 bytes: `btoa(String.fromCharCode(...new TextEncoder().encode(s)))`.",
        references: &[RFC7617_CHARSET],
    },
    BasicWhitespace = "basic.whitespace" {
        severity: E, title: "Whitespace inside Basic credentials",
        flags: "Leading/trailing whitespace or a line break in the decoded user or password.",
        why: "Whitespace inside the base64 payload is kept by the server: the password no longer matches. Often a newline from `echo user:pass | base64`.",
        example: "base64(\"alice:secret\\n\")",
        fix: "Encode without the trailing newline (`echo -n`, `printf`) and trim values before encoding.",
        references: &[RFC7617],
    },
    ChallengeMissing = "challenge.missing" {
        severity: W, title: "401 without WWW-Authenticate",
        flags: "A 401 response that carries no `WWW-Authenticate` header.",
        why: "RFC 9110 says a 401 MUST include a challenge naming the scheme to use. Without it, clients cannot tell what is expected, and the 401 is often not from the app but from a gateway or middleware.",
        example: "HTTP/1.1 401 Unauthorized  (no WWW-Authenticate)",
        fix: "Server side: send `WWW-Authenticate: Bearer realm=\"…\"` (with `error=` when a token was sent). Client side: read the body and the API docs for the scheme.",
        references: &[RFC9110_401, RFC9110_WWWA],
    },
    ChallengeInvalidToken = "challenge.invalid_token" {
        severity: E, title: "The server rejected the token",
        flags: "A challenge with `error=\"invalid_token\"` (RFC 6750).",
        why: "The token was read but is expired, revoked, malformed or for another audience; `error_description` often says which.",
        example: "WWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"The access token expired\"",
        fix: "Get a new token (refresh it) and check its audience and issuer against the API's configuration.",
        references: &[RFC6750_ERRORS, RFC6750_CHALLENGE],
    },
    ChallengeInsufficientScope = "challenge.insufficient_scope" {
        severity: E, title: "The token lacks a required scope",
        flags: "A challenge with `error=\"insufficient_scope\"` (normally with 403).",
        why: "The server knows who you are but the token does not grant this action. A new token with the same scopes will not help.",
        example: "403, WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"repo:write\"",
        fix: "Request a token with the scopes in the challenge's `scope` parameter (and have them granted to the user/app).",
        references: &[RFC6750_ERRORS, RFC9110_403],
    },
    ChallengeInvalidRequest = "challenge.invalid_request" {
        severity: E, title: "The server found the request malformed",
        flags: "A challenge with `error=\"invalid_request\"` (normally with 400).",
        why: "A parameter is missing or duplicated, or the token was sent in more than one way (header and query).",
        example: "WWW-Authenticate: Bearer error=\"invalid_request\"",
        fix: "Send the token exactly once, in the `Authorization` header, and check the request parameters.",
        references: &[RFC6750_ERRORS],
    },
    ChallengeMalformed = "challenge.malformed" {
        severity: W, title: "Malformed WWW-Authenticate header",
        flags: "A `WWW-Authenticate` or `Proxy-Authenticate` value that does not parse as RFC 9110 challenges (unterminated quote, missing scheme, bad parameter).",
        why: "Clients and libraries cannot read the scheme or error from it; the server-side fix may be trivial but the client cannot tell what is wanted.",
        example: "WWW-Authenticate: Bearer error=\"invalid_token",
        fix: "Server side: emit `scheme param=\"value\", …` with quotes balanced and escaped.",
        references: &[RFC9110_WWWA, RFC9110_CREDS],
    },
    StatusForbidden = "status.forbidden" {
        severity: E, title: "403: authenticated, but not allowed",
        flags: "A 403 response.",
        why: "403 means \"I know who you are, and no\": the credential was accepted, the permission is missing. New or refreshed credentials will not help; permissions, roles, scopes, IP allow-lists or resource ownership will.",
        example: "GET /admin/users  ->  403 Forbidden",
        fix: "Grant the role/scope/permission to this user or key, or call an endpoint this identity may use.",
        references: &[RFC9110_403, RFC9110_401],
    },
    StatusProxyAuthRequired = "status.proxy_auth_required" {
        severity: E, title: "A proxy wants credentials (407)",
        flags: "A 407 response, with its `Proxy-Authenticate` challenge.",
        why: "Not the API: a proxy between you and the server wants `Proxy-Authorization`. Browsers surface it as `ERR_UNEXPECTED_PROXY_AUTH` to fetch.",
        example: "407 Proxy Authentication Required, Proxy-Authenticate: Basic realm=\"corp\"",
        fix: "Configure the proxy credentials in the OS/browser/client (`HTTPS_PROXY=http://user:pass@proxy`), or bypass the proxy for this host.",
        references: &[RFC9110_407, "https://www.rfc-editor.org/rfc/rfc9110#section-11.7.1"],
    },
    StatusAuthInBody = "status.auth_in_body" {
        severity: E, title: "Authentication error hidden in a non-401 response",
        flags: "A 200 or 400 whose body says unauthenticated: Google's `API_KEY_INVALID` (400), GraphQL `UNAUTHENTICATED` errors (200), `invalid api key` messages.",
        why: "Some APIs report auth failures in the body with another status; status-based tooling misses them, but it is the same problem as a 401.",
        example: "200 {\"errors\":[{\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}",
        fix: "Treat it as a 401: check the key/token as for any authentication failure (see the other findings).",
        references: &[GOOGLE_API_KEYS, APOLLO_ERRORS],
    },
    OriginGateway = "origin.gateway" {
        severity: I, title: "The 401 came from a gateway, not your app",
        flags: "Response headers or body showing that an API gateway or edge produced the response itself (AWS API Gateway `x-amzn-ErrorType`, Azure APIM's challenge, Kong's own `Server`, Envoy's jwt_authn body, Cloudflare Access, nginx/Apache/HAProxy/Squid's built-in pages). A CDN or proxy that only relayed the API's answer (`cf-ray`, `Via`, `x-amz-cf-id`) is shown under \"Who answered\", never reported.",
        why: "The gateway rejected the request before it reached your code, so your app's logs show nothing: the authorizer was not called, the identity source header was missing, or the subscription key was wrong.",
        example: "x-amzn-ErrorType: UnauthorizedException, {\"message\":\"Unauthorized\"}",
        fix: "Look at the gateway's configuration (authorizer, identity source, key header) and its logs, not the app's.",
        references: &[AWS_APIGW_RESPONSES],
    },
    OriginProviderError = "origin.provider_error" {
        severity: E, title: "Provider error recognised",
        flags: "A response body or code that matches a provider's documented authentication error (OpenAI `invalid_api_key`, Stripe, GitHub \"Bad credentials\", ...).",
        why: "The provider says exactly what is wrong; the detail explains what that code means.",
        example: "{\"error\":{\"code\":\"invalid_api_key\"}}",
        fix: "Follow the provider-specific advice in the detail.",
        references: &[RFC9110_401],
    },
    BrowserPreflightRejected = "browser.preflight_rejected" {
        severity: E, title: "CORS preflight answered 401/403",
        flags: "An `OPTIONS` request with `Access-Control-Request-Headers` (a CORS preflight) answered 401 or 403.",
        why: "Preflights never carry credentials (Fetch spec). If the server's auth middleware runs before CORS, it rejects every preflight and the real request is never sent: the page sees a CORS error.",
        example: "OPTIONS /api/items, Access-Control-Request-Headers: authorization  ->  401",
        fix: "Let `OPTIONS` through authentication (register the CORS middleware before auth) and answer it with 204 and the CORS headers.",
        references: &[FETCH_PREFLIGHT],
    },
    BrowserAuthDroppedOnRedirect = "browser.auth_dropped_on_redirect" {
        severity: E, title: "Authorization dropped on a cross-origin redirect",
        flags: "A 3xx redirect to another origin (including http→https or another host/port) followed by the same request without `Authorization`, answered 401.",
        why: "The Fetch spec removes `Authorization` when a redirect crosses origins, so the request that reaches the final server has no credentials.",
        example: "GET http://api.example.com/v1/me -> 301 https://api.example.com/v1/me -> (no Authorization) 401",
        fix: "Call the final URL directly (https, exact host, trailing slash) so no redirect happens.",
        references: &[FETCH_REDIRECT],
    },
    BrowserAllowHeadersMissing = "browser.allow_headers_missing" {
        severity: E, title: "Preflight does not allow the Authorization header",
        flags: "A preflight response whose `Access-Control-Allow-Headers` does not list `authorization` while the request asked for it. `*` does not count: the Fetch spec excludes `Authorization` from the wildcard.",
        why: "The browser stops the real request after the preflight; the page sees a CORS error and no request with credentials is sent.",
        example: "Access-Control-Allow-Headers: *   (Authorization is not covered)",
        fix: "List it explicitly: `Access-Control-Allow-Headers: Authorization, Content-Type`.",
        references: &[FETCH_ALLOW_HEADERS, FETCH_PREFLIGHT],
    },
    BrowserCookiesNotSent = "browser.cookies_not_sent" {
        severity: E, title: "Cookies were not sent",
        flags: "A cross-origin request without `Cookie` answered 401, after a response from that host set a cookie.",
        why: "fetch sends cookies only to the same origin by default (`credentials: 'same-origin'`); cross-site cookies also need `SameSite=None; Secure`.",
        example: "POST https://auth.example.com/login -> Set-Cookie: sid=…;  GET https://api.example.com/me (no Cookie) -> 401",
        fix: "Use `credentials: 'include'` (axios `withCredentials: true`), set the cookie with `SameSite=None; Secure`, and have the server answer `Access-Control-Allow-Credentials: true` with an explicit origin.",
        references: &[FETCH_CREDENTIALS, MDN_CREDENTIALS, MDN_SAMESITE],
    },
    BrowserCorsHides401 = "browser.cors_hides_401" {
        severity: W, title: "CORS hides this 401 from the page",
        flags: "A cross-origin 401/403 without `Access-Control-Allow-Origin`.",
        why: "The browser blocks the response, so the page's code sees a network/CORS error with status 0, not the 401: the real cause is hidden. Gateways often omit CORS headers on their error responses.",
        example: "401 from an API Gateway authorizer, no Access-Control-Allow-Origin",
        fix: "Fix the 401 first (see other findings), and add CORS headers to error responses too (e.g. API Gateway 'Gateway Responses' DEFAULT_4XX).",
        references: &[FETCH_CORS_CHECK, AWS_APIGW_CORS],
    },
    SessionRetryStorm = "session.retry_storm" {
        severity: W, title: "The same 401 retried again and again",
        flags: "Three or more 401s to the same endpoint with the same credential fingerprint.",
        why: "Retrying never fixes a 401: the same credential gets the same answer, and many servers rate-limit or lock the account after repeated failures.",
        example: "GET /v1/me  401 ×5, same token",
        fix: "Do not retry a 401 with the same credential: refresh the token once, then stop and surface the error.",
        references: &[RFC9110_401],
    },
    SessionCredentialChanged = "session.credential_changed" {
        severity: W, title: "Different credential than the last success",
        flags: "A 401/403 whose credential fingerprint differs from the credential of the last successful request to the same origin, sent in the same format (both short fingerprints are shown), or a JWT whose issuer, subject or audience differs from the last success's (the changes are named; subjects only as fingerprints). When the format differs too, `session.format_changed` is reported instead; a JWT's length alone is no format change.",
        why: "Something switched keys between the success and the failure: a token refresh that stored the wrong token, another tab's login, a config reload.",
        example: "last 200 with fingerprint 3f2a9c1e, now 401 with 88d01b7a",
        fix: "Find where the new credential comes from; compare with the one that worked.",
        references: &[RFC9110_401],
    },
    SessionFormatChanged = "session.format_changed" {
        severity: W, title: "Credential format changed since the last success",
        flags: "A 401/403 whose header name, scheme, credential shape (JWT, JWE, hex, opaque) or length differs from the last successful request to the same origin, or a 401 with no credential after a success that had one.",
        why: "The way the credential is sent changed, not just its value: a different code path built this request.",
        example: "last success: Authorization Bearer (JWT, 812 chars); now: Authorization Token (opaque, 40 chars)",
        fix: "Make this request build its credential the way the successful one did.",
        references: &[RFC9110_AUTHZ],
    },
    HarSanitized = "har.sanitized" {
        severity: W, title: "HAR export without auth headers",
        flags: "A HAR that lacks a credential header the traffic proves was sent (a CORS preflight announced it; a challenged request then succeeded), and no request in the file carries it: the exporter stripped it (Chrome's default 'sanitized' export). Never from the mere absence of credentials.",
        why: "Chrome removes `Authorization`, `Cookie` and `Set-Cookie` from HAR exports unless asked not to, which removes the evidence a 401 diagnosis needs.",
        example: "HAR exported with 'Export HAR (sanitized)...'",
        fix: "Export again with 'Export HAR (with sensitive data)...' (enable it under DevTools Settings > Preferences > Network), and analyse it locally: authlens never uploads it.",
        references: &[CHROME_HAR],
    },
    HarMalformed = "har.malformed" {
        severity: E, title: "HAR entry could not be read",
        flags: "A HAR file or entry that is not valid HAR 1.2 (bad JSON, missing required fields, wrong types).",
        why: "The entry was skipped, so its request is not analysed.",
        example: "entries[3].response.status is a string",
        fix: "Export the HAR again from the browser; do not edit it by hand.",
        references: &[HAR_SPEC],
    },
    TokenStaleAfterRefresh = "token.stale_after_refresh" {
        severity: W, title: "The old token is still sent after a refresh",
        flags: "A request that sends a token (by fingerprint) after a later token response from the same endpoint issued its replacement. Warning when the request got 401/403, info otherwise.",
        why: "Refreshing only helps if every request uses the new token. A client that cached the old one (an axios instance built at start-up, a second tab, a service worker) keeps sending it, and servers that revoke on refresh answer 401.",
        example: "#3 POST /oauth/token -> new access token; #4 GET /v1/me with the previous token -> 401",
        fix: "Read the token at request time from one store that the refresh updates; do not copy it into long-lived clients or headers.",
        references: &[RFC6749_REFRESH, RFC9700_REFRESH],
    },
    TokenRejectedOnFirstUse = "token.rejected_on_first_use" {
        severity: W, title: "A freshly issued token was rejected at once",
        flags: "The first request that sends a token issued inside the session got 401. The detail names what to check first, from the token's claims (`aud` vs the host, `nbf`/`iat` vs the request's time, `iss`) and the server's challenge (`error`, `scope`).",
        why: "A new token cannot be expired or stale: when its first use fails, the token is wrong for this API (audience, issuer, scope) or the clocks disagree. Refreshing again gives another token with the same problem.",
        example: "#2 token response (aud=https://other.example) -> #3 GET https://api.example.com -> 401",
        fix: "Request the token for this API (audience or `resource` parameter, the right scopes), from the issuer the API trusts; check clock skew.",
        references: &[RFC6750_ERRORS, RFC8707, RFC9068_VALIDATION],
    },
    SessionRefreshLoop = "session.refresh_loop" {
        severity: W, title: "A refresh loop: tokens are refreshed again and again",
        flags: "Three or more token requests (a `grant_type` in the body) within a minute, each following API requests that got 401.",
        why: "When a fresh token is rejected too, refreshing cannot help: the loop hammers the authorization server (and may be rate-limited or lock the user out) while the real cause stays hidden.",
        example: "token -> 401 -> token -> 401 -> token -> 401 (12 s)",
        fix: "Refresh at most once per 401; when the new token is rejected too, stop and surface the error. Fix the cause the first rejection shows (see token.rejected_on_first_use).",
        references: &[RFC6749_REFRESH],
    },
    SessionRefreshRace = "session.refresh_race" {
        severity: W, title: "A 401 raced by an in-flight refresh",
        flags: "A request that sent the old token while the token request that replaced it was still in flight (HAR `time`), and got 401 or 403.",
        why: "Servers that rotate or revoke on refresh reject the old token the moment the new one is issued; requests already on their way fail even though the app did refresh.",
        example: "#5 POST /oauth/token (0-180 ms) ; #6 GET /v1/me at +40 ms with the old token -> 401",
        fix: "Queue requests while a refresh is in flight (one shared refresh promise) and retry the failed ones once with the new token.",
        references: &[RFC6749_REFRESH, RFC9700_REFRESH],
    },
    TokenUsedBeforeIssued = "token.used_before_issued" {
        severity: W, title: "A token was sent before it was issued",
        flags: "A JWT sent by a request earlier in the session than the response that issued it, whose `iat` is later than that request's start time.",
        why: "A token cannot be used before it exists. The capture's times come from the client's clock: the clock jumped, or the entries are out of order, and time-based checks (expiry, not-before) are unreliable here.",
        example: "#2 GET /v1/me (12:00:00) with token T; #5 token response issues T with iat 12:00:30",
        fix: "Check the client's clock (and the HAR's entry order); judge expiry with the server's `Date` header.",
        references: &[RFC7519_IAT, HAR_SPEC],
    },
    JwtExpInMilliseconds = "jwt.exp_in_milliseconds" {
        severity: W, title: "Token lifetime written in milliseconds",
        flags: "An issued access token whose `exp` is above 10^11 (milliseconds: as seconds it is past the year 5138), or an `expires_in` that equals the token's `exp − iat` times 1000 (or a round number of seconds that is a plausible lifetime only as milliseconds).",
        why: "RFC 7519 NumericDate and RFC 6749 `expires_in` are seconds. A value in milliseconds makes verifiers treat the token as never expiring, and clients that schedule refreshes from it never refresh: they send an expired token and get 401.",
        example: "{\"access_token\":\"eyJ…\",\"expires_in\":3600000}",
        fix: "Write `exp` as seconds since 1970 and `expires_in` as seconds (Date.now()/1000 in JavaScript).",
        references: &[RFC7519_NUMERICDATE, RFC6749_TOKEN_RESPONSE],
    },
    JwtExpDisagreesExpiresIn = "jwt.exp_disagrees_expires_in" {
        severity: W, title: "`expires_in` disagrees with the token's `exp`",
        flags: "A token response whose `expires_in` differs from the access token's `exp` minus its issue time (`iat`, or the response's time) by more than a minute and 10%.",
        why: "Clients schedule refreshes from `expires_in`; when the token really expires earlier, requests between the real expiry and the refresh get 401.",
        example: "expires_in 3600, but exp − iat = 300",
        fix: "Make the authorization server compute `expires_in` from the token it issues; clients can refresh from the JWT's `exp` when it is readable.",
        references: &[RFC6749_TOKEN_RESPONSE, RFC7519_NUMERICDATE],
    },
    OauthInvalidGrant = "oauth.invalid_grant" {
        severity: E, title: "Token request refused: `invalid_grant`",
        flags: "A token endpoint response with `error=invalid_grant` (RFC 6749 §5.2). The detail says what that means for the grant type sent (code, refresh token).",
        why: "The authorization code or refresh token is invalid, expired, revoked, already used (rotation), or was issued to another client; no token comes back, and the app's next API call is a 401.",
        example: "POST /oauth/token grant_type=refresh_token -> 400 {\"error\":\"invalid_grant\"}",
        fix: "For refresh tokens: refresh from one place, store the rotated refresh token, sign in again on invalid_grant. For codes: exchange each code once, quickly, with the same redirect_uri and PKCE verifier.",
        references: &[RFC6749_ERRORS, RFC9700_REFRESH],
    },
    OauthInvalidClient = "oauth.invalid_client" {
        severity: E, title: "Token request refused: `invalid_client`",
        flags: "A token endpoint response with `error=invalid_client`. The detail says how the client authenticated (Basic header, `client_secret` in the body, both, or not at all) and notes the 401 with a challenge RFC 6749 §5.2 requires for header authentication.",
        why: "Client authentication failed: wrong client id or secret, a secret sent by a method the client is not registered for, or a public (browser) client that is not allowed to use this endpoint without one.",
        example: "POST /oauth/token with Authorization: Basic … -> 401, WWW-Authenticate: Basic realm=\"oauth\", {\"error\":\"invalid_client\"}",
        fix: "Use the client id and secret the server registered, with the registered method (`client_secret_basic` or `client_secret_post`, not both); browser apps use a public client with PKCE.",
        references: &[RFC6749_ERRORS, RFC6749_CLIENT_AUTH],
    },
    OauthUnauthorizedClient = "oauth.unauthorized_client" {
        severity: E, title: "Client not allowed this grant type",
        flags: "`error=unauthorized_client` from the token or authorization endpoint.",
        why: "The client is authenticated but may not use this grant type (e.g. client_credentials or refresh_token not enabled), so no token is issued.",
        example: "grant_type=client_credentials -> 400 {\"error\":\"unauthorized_client\"}",
        fix: "Enable the grant type for this client at the authorization server, or use the grant it allows.",
        references: &[RFC6749_ERRORS],
    },
    OauthInvalidScope = "oauth.invalid_scope" {
        severity: E, title: "Requested scope refused: `invalid_scope`",
        flags: "`error=invalid_scope` from the token or authorization endpoint.",
        why: "A requested scope is unknown, malformed, or exceeds what the client or the original grant allows; no token (or a 403 later) follows.",
        example: "scope=\"read write admin\" -> {\"error\":\"invalid_scope\"}",
        fix: "Request only scopes the client is allowed; on refresh, do not ask for more than the original grant.",
        references: &[RFC6749_ERRORS],
    },
    OauthUnsupportedGrantType = "oauth.unsupported_grant_type" {
        severity: E, title: "Grant type not supported by the server",
        flags: "`error=unsupported_grant_type` from the token endpoint.",
        why: "The authorization server does not implement the grant type sent (a typo, a deprecated grant such as password, or a grant-type URN it does not know).",
        example: "grant_type=password -> 400 {\"error\":\"unsupported_grant_type\"}",
        fix: "Use a grant the server lists in `grant_types_supported` (its RFC 8414 metadata).",
        references: &[RFC6749_ERRORS, RFC8414],
    },
    OauthRedirectUriMismatch = "oauth.redirect_uri_mismatch" {
        severity: E, title: "`redirect_uri` mismatch",
        flags: "A token request whose `redirect_uri` differs from the authorization request's (both seen in the session), or an error that says so (`redirect_uri_mismatch`, or an error description naming `redirect_uri`).",
        why: "RFC 6749 §4.1.3 requires the token request's `redirect_uri` to be identical to the authorization request's, and servers compare registered redirect URIs exactly: a trailing slash, http vs https or another port is a different URI.",
        example: "authorize redirect_uri=https://app.example/cb, token redirect_uri=https://app.example/cb/",
        fix: "Send the exact same redirect_uri in both requests, and register it exactly.",
        references: &[RFC6749_REDIRECT, RFC9700_REDIRECT],
    },
    OauthPkceMissing = "oauth.pkce_missing" {
        severity: E, title: "PKCE verifier missing",
        flags: "A token request (`grant_type=authorization_code`) without `code_verifier` after an authorization request that sent a `code_challenge`, or a server error that asks for the verifier.",
        why: "The server bound the code to the challenge; without the verifier it must refuse the exchange (RFC 7636 §4.6).",
        example: "authorize …&code_challenge=E9Mel…; token grant_type=authorization_code&code=… (no code_verifier)",
        fix: "Keep the verifier from the authorization request (session storage survives the redirect) and send it as `code_verifier`.",
        references: &[RFC7636_VERIFY],
    },
    OauthPkceMismatch = "oauth.pkce_mismatch" {
        severity: E, title: "PKCE verifier does not match the challenge",
        flags: "A token request whose `code_verifier` does not give the authorization request's `code_challenge` (BASE64URL(SHA-256(verifier)) for S256, equality for plain), or a server error that says the verifier is wrong.",
        why: "The verifier belongs to another login attempt (a second tab, a reload that generated a new verifier, storage cleared); the server refuses the code (RFC 7636 §4.6).",
        example: "challenge from verifier A, token request with verifier B -> invalid_grant",
        fix: "Generate one verifier per login, store it keyed by `state`, and send that one.",
        references: &[RFC7636_VERIFY],
    },
    OauthPkcePlain = "oauth.pkce_plain" {
        severity: W, title: "PKCE with the `plain` method",
        flags: "An authorization request with a `code_challenge` and `code_challenge_method=plain` (or no method, which means plain).",
        why: "With plain the challenge is the verifier, so whoever sees the authorization request can redeem the code; current best practice requires S256 and some servers refuse plain.",
        example: "…&code_challenge=abc&code_challenge_method=plain",
        fix: "Send `code_challenge=BASE64URL(SHA-256(verifier))` with `code_challenge_method=S256`.",
        references: &[RFC7636_METHOD, RFC9700_PKCE],
    },
    OauthStateMismatch = "oauth.state_mismatch" {
        severity: E, title: "`state` not echoed or changed",
        flags: "An authorization response (a redirect to the authorization request's `redirect_uri` carrying `code` or `error`) whose `state` is missing or differs from the one the authorization request sent (values shown redacted).",
        why: "The client must reject a response whose state does not match (RFC 6749 §10.12, CSRF protection), so the login fails; usually a second login attempt overwrote the stored state, or the response comes from another tab.",
        example: "authorize state=s-1; redirect /cb?code=…&state=s-2",
        fix: "Store the state per login attempt and compare it with the one in the response; make sure only one login runs at a time.",
        references: &[RFC6749_CSRF],
    },
    OidcInteractionRequired = "oidc.interaction_required" {
        severity: W, title: "Silent sign-in needs the user",
        flags: "`error=login_required`, `consent_required`, `interaction_required` or `account_selection_required` in an authorization response or a token response (OpenID Connect Core §3.1.2.6).",
        why: "A silent request (`prompt=none`, a hidden iframe, a background refresh) cannot proceed without the user: the session at the provider is gone, consent is missing, or third-party cookies are blocked in the iframe.",
        example: "/cb#error=login_required&state=…",
        fix: "Fall back to an interactive login (a redirect or popup); do not retry silently.",
        references: &[OIDC_AUTH_ERRORS],
    },
    DiscoveryResourceMetadata = "discovery.resource_metadata" {
        severity: I, title: "The 401 says where to discover authorization",
        flags: "A 401 whose `WWW-Authenticate` challenge has a `resource_metadata` URL (RFC 9728 §5.1, used by MCP servers).",
        why: "The server tells the client where to start: its protected-resource metadata names the authorization servers, whose metadata names the endpoints to get a token for this resource.",
        example: "WWW-Authenticate: Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource\"",
        fix: "GET the metadata, pick an authorization server from `authorization_servers`, read its RFC 8414 metadata, and request a token with `resource` set to this server.",
        references: &[RFC9728_CHALLENGE, RFC8414, MCP_AUTH],
    },
    DiscoveryBroken = "discovery.broken" {
        severity: W, title: "The discovery chain breaks",
        flags: "A failed GET of a `.well-known/oauth-protected-resource`, `oauth-authorization-server` or `openid-configuration` document, protected-resource metadata without `authorization_servers`, or an access token whose audience is not the resource the metadata names.",
        why: "Each step of discovery depends on the one before: where it breaks, the client cannot get a token the resource accepts.",
        example: "GET /.well-known/oauth-authorization-server -> 404",
        fix: "Serve the metadata at the well-known path (RFC 8414 §3 inserts it after the host: /.well-known/oauth-authorization-server/tenant), and list the authorization servers.",
        references: &[RFC9728_METADATA, RFC8414, RFC8707],
    },
    DiscoveryResourceMissing = "discovery.resource_missing" {
        severity: W, title: "Token requested without the `resource` parameter",
        flags: "An authorization or token request, after the session read a protected resource's metadata, that has no `resource` parameter.",
        why: "Without `resource` (RFC 8707) the authorization server cannot put the resource in the token's audience; resources that check the audience (MCP servers must) reject the token.",
        example: "POST /token grant_type=authorization_code&code=… (no resource=https://mcp.example.com)",
        fix: "Send `resource=<the resource's identifier from its metadata>` in both the authorization and the token request.",
        references: &[RFC8707, MCP_AUTH],
    },
    DpopNonceRequired = "dpop.nonce_required" {
        severity: W, title: "The server wants a DPoP nonce",
        flags: "A 400/401 whose `WWW-Authenticate: DPoP` challenge (or token error) is `use_dpop_nonce`.",
        why: "The server accepts DPoP proofs only with the nonce it issues in `DPoP-Nonce`; until the client retries with it every request fails.",
        example: "401, WWW-Authenticate: DPoP error=\"use_dpop_nonce\", DPoP-Nonce: eyJ7S_zG…",
        fix: "Retry once with a new proof whose `nonce` claim is the latest `DPoP-Nonce` value; keep using the newest nonce.",
        references: &[RFC9449_NONCE],
    },
    DpopInvalidProof = "dpop.invalid_proof" {
        severity: E, title: "The server rejected the DPoP proof",
        flags: "`error=\"invalid_dpop_proof\"` in a DPoP challenge or token error.",
        why: "The request is refused because its proof failed the server's checks (RFC 9449 §4.3).",
        example: "401, WWW-Authenticate: DPoP error=\"invalid_dpop_proof\"",
        fix: "Make a new proof per request: `typ: dpop+jwt`, asymmetric `alg`, the public `jwk`, `htm`/`htu` of this request, a fresh `iat` and `jti`, and `ath` with an access token. See dpop.proof_mismatch for what authlens can check.",
        references: &[RFC9449_PROOF],
    },
    DpopProofMismatch = "dpop.proof_mismatch" {
        severity: E, title: "The DPoP proof does not fit the request",
        flags: "A `DPoP` header that is not a signed JWT, or whose `typ` is not `dpop+jwt`, whose `htm` differs from the method, whose `htu` differs from the URL without query and fragment, whose `iat` is more than 5 minutes from the request, or whose `ath` is missing or not the hash of the access token sent with it.",
        why: "Servers must reject such a proof (RFC 9449 §4.3); a proof reused from another request, URL or token is the usual cause.",
        example: "GET https://api.example.com/v1/me with a proof for POST https://auth.example.com/token",
        fix: "Create a fresh proof for every request, for its method and URL, with `ath` = BASE64URL(SHA-256(access token)).",
        references: &[RFC9449_PROOF],
    },
}
