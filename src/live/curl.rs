//! "Copy as curl": a command that tests the request's credential outside the app.
//!
//! ```
//! use authlens::live::curl_command;
//! use authlens::model::Exchange;
//!
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me")
//!     .with_request_header("Authorization", "Bearer ghp_1234567890abcdefghijklmnopqrstuvwxyz");
//! let cmd = curl_command(&ex, "https://api.example.com/v1/me", false);
//! assert!(cmd.starts_with("curl -i 'https://api.example.com/v1/me' -H 'Authorization: Bearer <"));
//! assert!(!cmd.contains("1234567890abcdef"));
//! ```

use crate::model::Exchange;
use crate::redact::redact;
use crate::rules::CREDENTIAL_HEADERS;

use super::Credential;

/// Quotes for a POSIX shell: `'…'` with `'` written as `'\''`.
fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// A curl command sending the request's method, URL, credential headers, `Content-Type` and
/// `Accept`. Unless `revealed`, the URL is `shown_url` (credentials redacted) and each
/// credential is a redacted placeholder `<prefix…last4>`.
pub fn curl_command(ex: &Exchange, shown_url: &str, revealed: bool) -> String {
    let url = if revealed { ex.url.as_str() } else { shown_url };
    let mut cmd = String::from("curl -i");
    if !ex.method.is_empty() && !ex.method.eq_ignore_ascii_case("GET") {
        cmd.push_str(&format!(" -X {}", ex.method));
    }
    cmd.push_str(&format!(" {}", shell_quote(url)));
    for h in &ex.request_headers {
        let lower = h.name.to_ascii_lowercase();
        let credential = CREDENTIAL_HEADERS.contains(&lower.as_str());
        if !(credential || lower == "content-type" || lower == "accept") {
            continue;
        }
        let value = if credential && !revealed {
            let c = Credential::of_header(&h.name, &h.value);
            let scheme = c.scheme.map(|s| format!("{s} ")).unwrap_or_default();
            format!("{scheme}<{}>", redact(c.token))
        } else {
            h.value.clone()
        };
        cmd.push_str(&format!(
            " -H {}",
            shell_quote(&format!("{}: {}", h.name, value))
        ));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reveal_puts_the_real_key_and_url_back() {
        let ex = Exchange::new("POST", "https://x.test/a?api_key=sk-live-0123456789abcdef")
            .with_request_header("X-Api-Key", "sk-live-0123456789abcdef")
            .with_request_header("Content-Type", "application/json")
            .with_request_header("User-Agent", "it's me");
        let hidden = curl_command(&ex, "https://x.test/a?api_key=REDACTED", false);
        assert_eq!(
            hidden,
            format!(
                "curl -i -X POST 'https://x.test/a?api_key=REDACTED' -H 'X-Api-Key: <{}>' -H 'Content-Type: application/json'",
                redact("sk-live-0123456789abcdef")
            )
        );
        let shown = curl_command(&ex, "ignored", true);
        assert!(shown.contains("'https://x.test/a?api_key=sk-live-0123456789abcdef'"));
        assert!(shown.contains("-H 'X-Api-Key: sk-live-0123456789abcdef'"));
        assert!(!shown.contains("User-Agent"));
    }

    #[test]
    fn single_quotes_are_escaped_for_the_shell() {
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
