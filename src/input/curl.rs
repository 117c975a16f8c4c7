//! curl commands: the request curl would send for a pasted command line.

use base64::Engine;

use crate::model::{excerpt, Exchange, Header};

use super::shell::{cmd_words, is_cmd_syntax, shell_words};
use super::{InputError, PasteNote};

/// The command after `curl` (`curl.exe`, a path to curl, a `$ ` prompt allowed), or `None`.
pub(super) fn strip_curl_prefix(body: &str) -> Option<&str> {
    let body = body.strip_prefix("$ ").unwrap_or(body);
    let end = body
        .find(|c: char| c.is_whitespace() || c == '^' || c == '\\')
        .unwrap_or(body.len());
    let program = body.get(..end)?;
    let program = program.rsplit('/').next().unwrap_or(program);
    let is_curl = program.eq_ignore_ascii_case("curl") || program.eq_ignore_ascii_case("curl.exe");
    is_curl.then(|| body.get(end..)).flatten()
}

/// Short options that take a value (everything else short is a flag).
pub(super) const CURL_SHORT_WITH_VALUE: &str = "HuXdbAeowmxFTEUcKrCDPQtyYz";

/// Long options that take a value.
pub(super) const CURL_LONG_WITH_VALUE: &[&str] = &[
    "header",
    "user",
    "request",
    "data",
    "data-raw",
    "data-binary",
    "data-urlencode",
    "data-ascii",
    "json",
    "form",
    "form-string",
    "cookie",
    "user-agent",
    "referer",
    "url",
    "output",
    "write-out",
    "max-time",
    "connect-timeout",
    "proxy",
    "proxy-user",
    "oauth2-bearer",
    "cacert",
    "capath",
    "cert",
    "key",
    "cookie-jar",
    "resolve",
    "connect-to",
    "retry",
    "retry-delay",
    "retry-max-time",
    "aws-sigv4",
    "variable",
    "expect100-timeout",
    "limit-rate",
    "interface",
    "dns-servers",
    "unix-socket",
    "abstract-unix-socket",
    "range",
    "upload-file",
    "config",
    "pass",
    "cert-type",
    "key-type",
    "ciphers",
    "tls-max",
    "proto",
    "proto-redir",
    "proto-default",
    "max-redirs",
    "max-filesize",
    "trace",
    "trace-ascii",
    "stderr",
    "dump-header",
    "login-options",
    "sasl-authzid",
    "service-name",
    "socks5",
    "socks5-hostname",
    "noproxy",
    "proxy-header",
    "request-target",
    "output-dir",
    "time-cond",
    "keepalive-time",
    "local-port",
    "continue-at",
    "ftp-port",
    "quote",
    "speed-limit",
    "speed-time",
    "pinnedpubkey",
    "hostpubmd5",
    "hostpubsha256",
    "krb",
    "delegation",
    "mail-from",
    "mail-rcpt",
    "mail-auth",
    "netrc-file",
    "happy-eyeballs-timeout-ms",
    "doh-url",
    "alt-svc",
    "hsts",
    "etag-save",
    "etag-compare",
    "parallel-max",
    "url-query",
    "ipfs-gateway",
    "ech",
];

/// What a curl command would send, and notes about what could not be known.
pub(super) fn parse_curl(
    command: &str,
    base: usize,
) -> Result<(Exchange, Vec<PasteNote>), InputError> {
    let words = if is_cmd_syntax(command) {
        cmd_words(command)?
    } else {
        shell_words(command, base)?
    };
    let mut exchange = Exchange::default();
    let mut notes = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    let mut method: Option<String> = None;
    let mut has_data = false;
    let mut get_mode = false;
    let mut head = false;
    let mut data: Vec<String> = Vec::new();
    let mut user: Option<String> = None;
    let mut bearer: Option<String> = None;
    let mut non_basic: Option<String> = None;
    let mut headers: Vec<Header> = Vec::new();
    let mut options_done = false;

    let mut iter = words.into_iter();
    while let Some(word) = iter.next() {
        let (option, inline_value): (String, Option<String>) =
            if options_done || !word.starts_with('-') || word == "-" {
                urls.push(word);
                continue;
            } else if word == "--" {
                options_done = true;
                continue;
            } else if let Some(long) = word.strip_prefix("--") {
                (long.to_owned(), None)
            } else {
                // A cluster of short flags, possibly ending in one that takes the rest as its value.
                let mut option = None;
                for (i, c) in word.char_indices().skip(1) {
                    if CURL_SHORT_WITH_VALUE.contains(c) {
                        let rest = word.get(i + c.len_utf8()..).unwrap_or_default();
                        option = Some((c.to_string(), (!rest.is_empty()).then(|| rest.to_owned())));
                        break;
                    }
                    match c {
                        'I' => head = true,
                        'G' => get_mode = true,
                        _ => {}
                    }
                }
                match option {
                    Some(found) => found,
                    None => continue,
                }
            };
        let takes_value = if option.chars().count() == 1 {
            true
        } else {
            CURL_LONG_WITH_VALUE.contains(&option.as_str())
        };
        if !takes_value {
            match option.as_str() {
                "head" => head = true,
                "get" => get_mode = true,
                "digest" | "ntlm" | "negotiate" | "anyauth" | "ntlm-wb" => {
                    non_basic = Some(format!("--{option}"))
                }
                _ => {}
            }
            continue;
        }
        let shown = if option.chars().count() == 1 {
            format!("-{option}")
        } else {
            format!("--{option}")
        };
        let value = match inline_value.or_else(|| iter.next()) {
            Some(v) => v,
            None => return Err(InputError::MissingOptionValue { option: shown }),
        };
        match option.as_str() {
            "H" | "header" => {
                if value.starts_with('@') {
                    continue;
                }
                if let Some((name, rest)) = value.split_once(':') {
                    let rest = rest.strip_prefix([' ', '\t']).unwrap_or(rest);
                    headers.push(Header::new(name, rest));
                } else if let Some(name) = value.strip_suffix(';') {
                    headers.push(Header::new(name, ""));
                }
            }
            "u" | "user" => user = Some(value),
            "oauth2-bearer" => bearer = Some(value),
            "X" | "request" => method = Some(value),
            "d" | "data" | "data-raw" | "data-binary" | "data-urlencode" | "data-ascii" | "F"
            | "form" | "form-string" => {
                has_data = true;
                data.push(value);
            }
            "json" => {
                has_data = true;
                data.push(value);
                headers.push(Header::new("Content-Type", "application/json"));
                headers.push(Header::new("Accept", "application/json"));
            }
            "b" | "cookie" if value.contains('=') => headers.push(Header::new("Cookie", value)),
            "A" | "user-agent" => headers.push(Header::new("User-Agent", value)),
            "e" | "referer" => headers.push(Header::new("Referer", value)),
            "url" => urls.push(value),
            _ => {}
        }
    }

    let explicit_authorization = headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("authorization"));
    let mut auth_header = None;
    if let Some(token) = bearer {
        auth_header = Some(format!("Bearer {token}"));
    }
    if let Some(user) = user {
        if let Some(option) = non_basic {
            notes.push(PasteNote::CurlNonBasicAuth { option });
        } else if user.contains(':') {
            let encoded = base64::engine::general_purpose::STANDARD.encode(user.as_bytes());
            auth_header = Some(format!("Basic {encoded}"));
        } else {
            notes.push(PasteNote::CurlPasswordPrompt);
        }
    }
    if let Some(value) = auth_header {
        if explicit_authorization {
            notes.push(PasteNote::CurlAuthOverridden);
        } else {
            exchange
                .request_headers
                .push(Header::new("Authorization", value));
        }
    }
    exchange.request_headers.extend(headers);

    let mut url = urls.first().cloned().unwrap_or_default();
    if urls.len() > 1 {
        notes.push(PasteNote::ExtraUrls {
            count: urls.len() - 1,
        });
    }
    // curl assumes http:// for a URL without a scheme.
    if !url.is_empty() && !url.contains("://") {
        url = format!("http://{url}");
    }
    if get_mode && !data.is_empty() {
        let separator = if url.contains('?') { '&' } else { '?' };
        url = format!("{url}{separator}{}", data.join("&"));
    } else if !data.is_empty() {
        // curl joins several -d values with '&' into one body.
        exchange.request_body_excerpt = Some(excerpt(&data.join("&")).to_owned());
    }
    exchange.url = url;
    exchange.method = match method {
        Some(m) => m,
        None if head => "HEAD".to_owned(),
        None if has_data && !get_mode => "POST".to_owned(),
        None => "GET".to_owned(),
    };
    Ok((exchange, notes))
}
