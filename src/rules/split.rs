//! The credential a request carried, split into scheme and token, byte for byte.
//!
//! ```
//! use authlens::rules::Credential;
//!
//! let c = Credential::of_paste("Bearer  abc ");
//! assert_eq!((c.scheme, c.token, c.token_start), (Some("Bearer"), "abc ", 8));
//! ```

use super::CREDENTIAL_HEADERS;
use crate::model::Exchange;

/// The credential a request carried, split into scheme and token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Credential<'a> {
    /// Header name as sent, or `pasted`.
    pub source: &'a str,
    /// The whole header value (or the whole paste), byte for byte.
    pub raw: &'a str,
    /// The auth-scheme, when the value starts with one.
    pub scheme: Option<&'a str>,
    /// The credential after the scheme (leading spaces after the scheme skipped, the rest kept).
    pub token: &'a str,
    /// Byte offset of `token` in `raw`.
    pub token_start: usize,
}

impl<'a> Credential<'a> {
    /// The first credential header of the request (in the rules' credential-header order, Authorization first).
    pub fn of_exchange(ex: &'a Exchange) -> Option<Self> {
        CREDENTIAL_HEADERS.iter().find_map(|name| {
            ex.request_headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| Credential::of_header(&h.name, &h.value))
        })
    }

    /// A credential header's value: an `Authorization`-like header may start with any scheme
    /// word, other headers carry the bare key.
    pub fn of_header(name: &'a str, value: &'a str) -> Self {
        let authorization = name.to_ascii_lowercase().ends_with("authorization");
        Credential::split(name, value, authorization, authorization)
    }

    /// A pasted value: a scheme is recognised only when it is a registered one (a paste may be
    /// a key with a space in it).
    pub fn of_paste(value: &'a str) -> Self {
        Credential::split("pasted", value, true, false)
    }

    /// `Scheme token` when the first word is a scheme (an Authorization value), else all token.
    /// `any_word`: any alphabetic first word counts as a scheme (an `Authorization` header);
    /// otherwise only registered schemes do.
    fn split(source: &'a str, raw: &'a str, may_have_scheme: bool, any_word: bool) -> Self {
        let lead = raw.len() - raw.trim_start_matches([' ', '\t']).len();
        let body = raw.get(lead..).unwrap_or("");
        if may_have_scheme {
            if let Some(space) = body.find(' ') {
                let word = body.get(..space).unwrap_or("");
                if crate::parse::authorization::is_known_scheme(word)
                    || (any_word
                        && !word.is_empty()
                        && word.bytes().all(|b| b.is_ascii_alphabetic()))
                {
                    let after = body.get(space..).unwrap_or("");
                    let skip = after.len() - after.trim_start_matches(' ').len();
                    let token_start = lead + space + skip;
                    return Credential {
                        source,
                        raw,
                        scheme: Some(word),
                        token: raw.get(token_start..).unwrap_or(""),
                        token_start,
                    };
                }
            }
        }
        Credential {
            source,
            raw,
            scheme: None,
            token: body,
            token_start: lead,
        }
    }

    /// The scheme is Basic (any letter case).
    pub fn is_basic(&self) -> bool {
        self.scheme.is_some_and(|s| s.eq_ignore_ascii_case("basic"))
    }

    /// The token without surrounding whitespace, for decoding.
    pub fn core(&self) -> &'a str {
        self.token.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_takes_any_word_as_scheme_a_paste_only_registered_ones() {
        let ex = Exchange::new("GET", "https://x.test/")
            .with_request_header("Authorization", "Custom abc");
        let c = Credential::of_exchange(&ex).unwrap();
        assert_eq!(
            (c.source, c.scheme, c.token),
            ("Authorization", Some("Custom"), "abc")
        );
        let p = Credential::of_paste("Custom abc");
        assert_eq!((p.scheme, p.token), (None, "Custom abc"));
        let p = Credential::of_paste("  Basic dXNlcjpwYXNz");
        assert!(p.is_basic());
        assert_eq!((p.token, p.token_start), ("dXNlcjpwYXNz", 8));
    }

    #[test]
    fn key_headers_carry_the_bare_key_and_authorization_comes_first() {
        let ex = Exchange::new("GET", "https://x.test/")
            .with_request_header("X-Api-Key", "Bearer sk-1")
            .with_request_header("authorization", "Bearer t");
        let c = Credential::of_exchange(&ex).unwrap();
        assert_eq!(c.source, "authorization");
        let k = Credential::of_header("X-Api-Key", "Bearer sk-1");
        assert_eq!((k.scheme, k.token), (None, "Bearer sk-1"));
        assert!(Credential::of_exchange(&Exchange::new("GET", "https://x.test/")).is_none());
    }

    #[test]
    fn bytes_after_the_scheme_are_kept() {
        let c = Credential::of_header("Authorization", "Bearer  tok\u{200b} ");
        assert_eq!(c.token, "tok\u{200b} ");
        assert_eq!(c.core(), "tok\u{200b}");
        assert_eq!(&c.raw[c.token_start..], c.token);
    }
}
