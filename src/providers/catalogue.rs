//! The catalogue tables, generated from `catalogue.json` into `catalogue_data.rs`, and the layout
//! checks they name.
//!
//! ```
//! let kinds: usize = authlens::providers::PROVIDERS.iter().map(|p| p.keys.len()).sum();
//! assert!(kinds >= 150);
//! ```
//!
//! Lengths are whole-key byte lengths; where a length is observed rather than documented, the
//! range is widened so a correct key is not called malformed. A layout named `x` in the data file
//! is the function `x_layout` here.

#[rustfmt::skip]
#[path = "catalogue_data.rs"]
mod data;

pub use data::{KNOWN_PUBLIC_KEYS, PROVIDERS};

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
    matches!(parts.as_slice(), ["xoxb", team, bot, secret] if team.len() >= 8 && bot.len() >= 8 && all_digits(team) && all_digits(bot) && alnum(secret))
}

/// `xoxp-<digits>-<digits>-<digits>-<hex>`.
fn slack_user_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), ["xoxp", a, b, c, secret] if [a, b, c].iter().all(|p| p.len() >= 8 && all_digits(p)) && alnum(secret))
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

/// `=` padding only at the very end.
fn onepassword_service_layout(key: &str) -> bool {
    key.trim_end_matches('=').bytes().all(|b| b != b'=')
}

fn upper_alnum(s: &str, n: usize) -> bool {
    s.len() == n
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// `A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX` (or `XXXXXX-XXXXX` for the third group).
fn onepassword_secret_key_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    match parts.as_slice() {
        ["A3", a, b, c, d, e] => {
            upper_alnum(a, 6)
                && upper_alnum(b, 11)
                && upper_alnum(c, 5)
                && upper_alnum(d, 5)
                && upper_alnum(e, 5)
        }
        ["A3", a, b1, b2, c, d, e] => {
            upper_alnum(a, 6)
                && upper_alnum(b1, 6)
                && upper_alnum(b2, 5)
                && upper_alnum(c, 5)
                && upper_alnum(d, 5)
                && upper_alnum(e, 5)
        }
        _ => false,
    }
}

/// `<prefix><id>.<4-6>.acc_<id>.<secret>`.
fn authress_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('.').collect();
    parts.len() >= 4
        && parts
            .get(1)
            .is_some_and(|p| (4..=6).contains(&p.len()) && alnum(p))
        && parts
            .get(2)
            .is_some_and(|p| p.starts_with("acc_") || p.starts_with("acc-"))
}

/// Three characters, a digit, `Q~`, then 31-34 of `[A-Za-z0-9_~.-]`: Entra ID's client secret form.
fn azure_client_secret_layout(key: &str) -> bool {
    let b = key.as_bytes();
    (37..=40).contains(&b.len())
        && b.get(3).is_some_and(u8::is_ascii_digit)
        && b.get(4..6) == Some(b"Q~")
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'~' | b'.' | b'-'))
        && b.get(..3).is_some_and(|p| p.iter().all(|&c| c != b'-'))
}

/// `v1.0-` + 24 hex + `-` + 146 hex.
fn cloudflare_origin_ca_layout(key: &str) -> bool {
    match key.strip_prefix("v1.0-").and_then(|r| r.split_once('-')) {
        Some((a, b)) => a.len() == 24 && b.len() == 146 && hex_lower(a) && hex_lower(b),
        None => false,
    }
}

/// `dt0c01.` + 24 alphanumerics + `.` + 64 alphanumerics.
fn dynatrace_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('.').collect();
    matches!(parts.as_slice(), ["dt0c01", a, b] if a.len() == 24 && b.len() == 64 && alnum(a) && alnum(b))
}

/// `<15-16 digit app id>|<27-40 secret>` (or `%7C`-less `%` as scanners see it in URLs).
fn facebook_app_token_layout(key: &str) -> bool {
    let Some(cut) = key.find(['|', '%']) else {
        return false;
    };
    let (id, rest) = key.split_at(cut);
    let secret = rest.get(1..).unwrap_or("");
    (15..=16).contains(&id.len())
        && all_digits(id)
        && (27..=40).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `glsa_` + 32 alphanumerics + `_` + 8 hex.
fn grafana_service_account_layout(key: &str) -> bool {
    match key.strip_prefix("glsa_").and_then(|r| r.split_once('_')) {
        Some((a, b)) => {
            a.len() == 32 && alnum(a) && b.len() == 8 && b.bytes().all(|x| x.is_ascii_hexdigit())
        }
        None => false,
    }
}

/// `pat.` or `sat.` + 22 base64url + `.` + 24 + `.` + 20 alphanumerics.
fn harness_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('.').collect();
    matches!(parts.as_slice(), [_, a, b, c] if a.len() == 22 && b.len() == 24 && c.len() == 20 && alnum(b) && alnum(c))
}

/// 14 alphanumerics + `.atlasv1.` + 60-70 of `[A-Za-z0-9_=-]`.
fn terraform_layout(key: &str) -> bool {
    match key.split_once(".atlasv1.") {
        Some((id, secret)) => {
            id.len() == 14
                && alnum(id)
                && (60..=70).contains(&secret.len())
                && secret
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
        }
        None => false,
    }
}

/// 6 alphanumerics + `_` + 29 alphanumerics + `_mmk`.
fn maxmind_layout(key: &str) -> bool {
    match key.strip_suffix("_mmk").and_then(|r| r.split_once('_')) {
        Some((a, b)) => a.len() == 6 && b.len() == 29 && alnum(a) && alnum(b),
        None => false,
    }
}

/// `https://<tenant>.webhook.office.com/webhookb2/<guid>@<guid>/IncomingWebhook/<hex>/<guid>`.
fn teams_webhook_layout(key: &str) -> bool {
    key.split_once(".webhook.office.com/webhookb2/")
        .is_some_and(|(host, rest)| {
            host.strip_prefix("https://").is_some_and(alnum)
                && rest.contains('@')
                && rest.contains("/IncomingWebhook/")
        })
}

/// `xkeysib-` + 64 hex + `-` + 16 alphanumerics.
fn brevo_layout(key: &str) -> bool {
    match key.strip_prefix("xkeysib-").and_then(|r| r.split_once('-')) {
        Some((a, b)) => a.len() == 64 && hex_lower(a) && b.len() == 16 && alnum(b),
        None => false,
    }
}

/// `xoxb-<8-14 digits>-<18-26 alphanumerics>` (the older two-part bot token).
fn slack_legacy_bot_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), ["xoxb", id, secret] if (8..=14).contains(&id.len()) && all_digits(id) && (18..=26).contains(&secret.len()) && alnum(secret))
}

/// `sgp_<16 hex or "local">_<40 hex>`, or `sgp_<40 hex>`.
fn sourcegraph_layout(key: &str) -> bool {
    let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
    let parts: Vec<&str> = key.split('_').collect();
    match parts.as_slice() {
        ["sgp", secret] => hex(secret, 40),
        ["sgp", id, secret] => (*id == "local" || hex(id, 16)) && hex(secret, 40),
        _ => false,
    }
}

/// `tskey-<type>-<8-40 id>-<16-60 secret>`.
fn tailscale_layout(key: &str) -> bool {
    let word = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let parts: Vec<&str> = key.split('-').collect();
    matches!(parts.as_slice(), ["tskey", kind, id, secret]
        if (2..=20).contains(&kind.len()) && kind.bytes().all(|b| b.is_ascii_lowercase())
        && (8..=40).contains(&id.len()) && word(id)
        && (16..=60).contains(&secret.len()) && word(secret))
}

/// `pk.` or `sk.` + a long base64url segment + `.` + 22 characters.
fn mapbox_layout(key: &str) -> bool {
    let parts: Vec<&str> = key.split('.').collect();
    matches!(parts.as_slice(), ["pk" | "sk", body, tail] if body.len() >= 60 && tail.len() == 22 && alnum(tail))
}

/// `access-<environment>-<uuid>`.
fn plaid_layout(key: &str) -> bool {
    [
        "access-production-",
        "access-development-",
        "access-sandbox-",
    ]
    .iter()
    .find_map(|p| key.strip_prefix(p))
    .is_some_and(uuid_layout)
}

/// `xoxa-` or `xoxr-`, an optional `<digit>-`, then alphanumerics only.
fn slack_workspace_layout(key: &str) -> bool {
    let rest = key.get(5..).unwrap_or("");
    let rest = match rest.split_once('-') {
        Some((v, r)) if v.len() == 1 && all_digits(v) => r,
        _ => rest,
    };
    alnum(rest)
}

/// `dapi` + 32 lowercase hex, optionally `-<digit>`.
fn databricks_layout(key: &str) -> bool {
    let body = key.get(4..).unwrap_or("");
    // `get`, not `split_at`: byte 32 may fall inside a character (a pasted `“`), and the hex
    // part is then not hex at all.
    let (Some(hex), Some(suffix)) = (body.get(..32), body.get(32..)) else {
        return false;
    };
    hex_lower(hex)
        && (suffix.is_empty()
            || suffix
                .strip_prefix('-')
                .is_some_and(|d| d.len() == 1 && all_digits(d)))
}
