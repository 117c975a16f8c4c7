//! RFC 6750 Bearer: the challenge's error attributes (§3) and the `b64token` credential
//! grammar (§2.1).
//!
//! ```
//! use authlens::parse::bearer::{find_bearer_challenge, BearerErrorCode};
//! use authlens::parse::challenge::parse_challenges;
//!
//! let c = parse_challenges(&[r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#]).unwrap();
//! let bearer = find_bearer_challenge(&c).unwrap();
//! assert_eq!(bearer.error, Some(BearerErrorCode::InvalidToken));
//! assert_eq!(bearer.error.unwrap().status_code(), Some(401));
//! ```

use std::fmt;

use serde::Serialize;

use super::challenge::Challenge;

/// The attributes of a `Bearer` challenge. Absent attributes are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BearerChallenge {
    /// `realm`, the protection space.
    pub realm: Option<String>,
    /// Space-delimited scope tokens, as sent (see [`BearerChallenge::scopes`]).
    pub scope: Option<String>,
    /// `error`, the RFC 6750 error code.
    pub error: Option<BearerErrorCode>,
    /// `error_description`, for people.
    pub error_description: Option<String>,
    /// `error_uri`, a page explaining the error.
    pub error_uri: Option<String>,
}

/// RFC 6750 §3.1 error codes. Matched ASCII-case-insensitively (servers do send
/// `Invalid_Token`); anything else is kept as [`BearerErrorCode::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BearerErrorCode {
    /// `invalid_request` (400): the request is malformed.
    InvalidRequest,
    /// `invalid_token` (401): expired, revoked or malformed token.
    InvalidToken,
    /// `insufficient_scope` (403): the token lacks a scope.
    InsufficientScope,
    /// Any other code, as sent.
    Other(String),
}

impl BearerErrorCode {
    /// Reads an error code, ASCII-case-insensitively.
    pub fn parse(code: &str) -> Self {
        if code.eq_ignore_ascii_case("invalid_request") {
            BearerErrorCode::InvalidRequest
        } else if code.eq_ignore_ascii_case("invalid_token") {
            BearerErrorCode::InvalidToken
        } else if code.eq_ignore_ascii_case("insufficient_scope") {
            BearerErrorCode::InsufficientScope
        } else {
            BearerErrorCode::Other(code.to_owned())
        }
    }

    /// The code in its RFC spelling (or as sent).
    pub fn as_str(&self) -> &str {
        match self {
            BearerErrorCode::InvalidRequest => "invalid_request",
            BearerErrorCode::InvalidToken => "invalid_token",
            BearerErrorCode::InsufficientScope => "insufficient_scope",
            BearerErrorCode::Other(code) => code,
        }
    }

    /// The status RFC 6750 §3.1 says goes with the code (400, 401, 403).
    pub fn status_code(&self) -> Option<u16> {
        match self {
            BearerErrorCode::InvalidRequest => Some(400),
            BearerErrorCode::InvalidToken => Some(401),
            BearerErrorCode::InsufficientScope => Some(403),
            BearerErrorCode::Other(_) => None,
        }
    }
}

impl fmt::Display for BearerErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A departure from RFC 6750 §3 in a Bearer challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BearerIssue {
    /// The challenge carries a token68 instead of attributes.
    Token68Present,
    /// `attribute` holds a character its grammar excludes (`"`, `\`, controls, non-ASCII;
    /// for `scope` and `error_uri` also SP); `offset` counts UTF-8 bytes into the value.
    InvalidChar {
        /// The attribute name.
        attribute: &'static str,
        /// Where the character is.
        offset: usize,
        /// The character.
        ch: char,
    },
    /// `scope` is empty or has empty tokens (two spaces, leading or trailing space).
    EmptyScopeToken,
    /// `error_uri` is not an absolute URI (no `scheme:`).
    ErrorUriNotAbsolute,
}

impl fmt::Display for BearerIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BearerIssue::Token68Present => {
                f.write_str("a Bearer challenge carries attributes, not a token68")
            }
            BearerIssue::InvalidChar {
                attribute,
                offset,
                ch,
            } => write!(
                f,
                "character {} at byte {offset} of `{attribute}` is not allowed by RFC 6750",
                super::base64::CharName(*ch)
            ),
            BearerIssue::EmptyScopeToken => f.write_str("`scope` has an empty scope token"),
            BearerIssue::ErrorUriNotAbsolute => f.write_str("`error_uri` is not an absolute URI"),
        }
    }
}

impl BearerChallenge {
    /// Reads the attributes of `challenge`; `None` when its scheme is not Bearer.
    pub fn from_challenge(challenge: &Challenge) -> Option<Self> {
        if !challenge.is_scheme("Bearer") {
            return None;
        }
        let get = |name: &str| challenge.param(name).map(str::to_owned);
        Some(BearerChallenge {
            realm: get("realm"),
            scope: get("scope"),
            error: challenge.param("error").map(BearerErrorCode::parse),
            error_description: get("error_description"),
            error_uri: get("error_uri"),
        })
    }

    /// The scope tokens, in order, skipping empty ones.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope
            .as_deref()
            .unwrap_or_default()
            .split(' ')
            .filter(|s| !s.is_empty())
    }

    /// Grammar problems in the attribute values (RFC 6750 §3).
    pub fn issues(&self) -> Vec<BearerIssue> {
        let mut issues = Vec::new();
        // error / error_description: %x20-21 / %x23-5B / %x5D-7E.
        let text = |b: char| matches!(b, '\x20'..='\x21' | '\x23'..='\x5B' | '\x5D'..='\x7E');
        // scope-token NQCHAR and error_uri: the same without SP.
        let nq = |b: char| b != ' ' && text(b);
        let mut check =
            |attribute: &'static str, value: &Option<String>, allowed: &dyn Fn(char) -> bool| {
                if let Some(v) = value {
                    if let Some((offset, ch)) = v.char_indices().find(|&(_, c)| !allowed(c)) {
                        issues.push(BearerIssue::InvalidChar {
                            attribute,
                            offset,
                            ch,
                        });
                    }
                }
            };
        check(
            "error",
            &self.error.as_ref().map(|e| e.as_str().to_owned()),
            &text,
        );
        check("error_description", &self.error_description, &text);
        check("error_uri", &self.error_uri, &nq);
        check("scope", &self.scope, &|c| c == ' ' || nq(c));
        if let Some(scope) = &self.scope {
            if scope.is_empty() || scope.split(' ').any(str::is_empty) {
                issues.push(BearerIssue::EmptyScopeToken);
            }
        }
        if let Some(uri) = &self.error_uri {
            let scheme_len = uri.find(':').unwrap_or(0);
            let valid_scheme = scheme_len > 0
                && uri.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
                && uri[..scheme_len]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
            if !valid_scheme {
                issues.push(BearerIssue::ErrorUriNotAbsolute);
            }
        }
        issues
    }
}

/// The attributes of the first Bearer challenge in the list, if there is one.
pub fn find_bearer_challenge(challenges: &[Challenge]) -> Option<BearerChallenge> {
    challenges.iter().find_map(BearerChallenge::from_challenge)
}

/// Every RFC 6750 §3 problem of a Bearer `challenge` (empty when it is not Bearer).
pub fn bearer_issues(challenge: &Challenge) -> Vec<BearerIssue> {
    let Some(bearer) = BearerChallenge::from_challenge(challenge) else {
        return Vec::new();
    };
    let mut issues = bearer.issues();
    if challenge.token68.is_some() {
        issues.insert(0, BearerIssue::Token68Present);
    }
    issues
}

/// RFC 6750 §2.1 `b64token` (the same grammar as token68): what may follow `Bearer `.
pub fn is_b64token(credential: &str) -> bool {
    super::authorization::is_token68(credential)
}

/// Characters keeping `credential` from being a `b64token`, with UTF-8 byte offsets.
pub fn b64token_invalid_chars(credential: &str) -> Vec<(usize, char)> {
    super::authorization::token68_invalid_chars(credential)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::challenge::parse_challenges;

    fn bearer(v: &str) -> BearerChallenge {
        find_bearer_challenge(&parse_challenges(&[v]).unwrap()).unwrap()
    }

    #[test]
    fn rfc6750_section3_examples() {
        let b = bearer(r#"Bearer realm="example""#);
        assert_eq!(b.realm.as_deref(), Some("example"));
        assert_eq!(b.error, None);

        let b = bearer(
            r#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#,
        );
        assert_eq!(b.error, Some(BearerErrorCode::InvalidToken));
        assert_eq!(
            b.error_description.as_deref(),
            Some("The access token expired")
        );
        assert!(b.issues().is_empty());
    }

    #[test]
    fn insufficient_scope_with_scopes_and_uri() {
        let b = bearer(
            r#"Bearer error="insufficient_scope", scope="read:user repo", error_uri="https://example.com/e""#,
        );
        assert_eq!(
            b.error.as_ref().and_then(BearerErrorCode::status_code),
            Some(403)
        );
        assert_eq!(b.scopes().collect::<Vec<_>>(), vec!["read:user", "repo"]);
        assert!(b.issues().is_empty());
    }

    #[test]
    fn error_codes_are_case_insensitive_and_unknown_ones_kept() {
        assert_eq!(
            BearerErrorCode::parse("Invalid_Request"),
            BearerErrorCode::InvalidRequest
        );
        assert_eq!(
            BearerErrorCode::parse("token_expired"),
            BearerErrorCode::Other("token_expired".into())
        );
        assert_eq!(BearerErrorCode::Other("x".into()).status_code(), None);
    }

    #[test]
    fn not_bearer_gives_none() {
        let c = parse_challenges(&["Basic realm=x"]).unwrap();
        assert!(find_bearer_challenge(&c).is_none());
        assert!(bearer_issues(&c[0]).is_empty());
    }

    #[test]
    fn grammar_issues_are_located() {
        let b =
            bearer(r#"Bearer error_description="caf \\ é", scope="a  b", error_uri="/errors/1""#);
        let issues = b.issues();
        assert!(issues.contains(&BearerIssue::InvalidChar {
            attribute: "error_description",
            offset: 4,
            ch: '\\'
        }));
        assert!(issues.contains(&BearerIssue::EmptyScopeToken));
        assert!(issues.contains(&BearerIssue::ErrorUriNotAbsolute));
        let c = parse_challenges(&["Bearer abc=="]).unwrap();
        assert_eq!(bearer_issues(&c[0]), vec![BearerIssue::Token68Present]);
    }

    #[test]
    fn b64token_grammar() {
        assert!(is_b64token("mF_9.B5f-4.1JqM"));
        assert!(!is_b64token("mF_9 B5f"));
        assert_eq!(b64token_invalid_chars("ab\"c"), vec![(2, '"')]);
    }

    #[test]
    fn serializes_error_code_as_snake_case() {
        assert_eq!(
            serde_json::to_string(&BearerErrorCode::InsufficientScope).unwrap(),
            "\"insufficient_scope\""
        );
    }
}
