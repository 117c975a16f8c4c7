//! The `Authorization` / `Proxy-Authorization` value (RFC 9110 §11.4, §11.6.2): scheme, separator,
//! and token68 or auth-params, read leniently so that malformed values can be explained.
//!
//! ```
//! use authlens::parse::authorization::{parse_credentials, CredentialsForm, SeparatorKind};
//!
//! let c = parse_credentials("Bearer:abc.def").unwrap();
//! assert_eq!((c.scheme, c.separator), ("Bearer", ":"));
//! assert_eq!(c.separator_kind(), SeparatorKind::Colon);
//! assert_eq!(c.form, CredentialsForm::Token68("abc.def"));
//!
//! let raw = parse_credentials("sk_test_abc123").unwrap();
//! assert!(raw.scheme_missing);
//! ```
//!
//! Grammar: `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`. Leniency, for
//! diagnosis only: surrounding whitespace is recorded rather than rejected; a tab, several
//! spaces, a colon or a Unicode space after a known scheme is accepted as the separator and
//! reported in [`Credentials::separator`]; a value with no recognisable scheme is returned with
//! [`Credentials::scheme_missing`] set and the whole value as the credential.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use super::{is_tchar, is_token68_char, ows_fold_len, ows_len, quoted_string, token_len};

/// One parsed credentials value. Every span counts UTF-8 bytes into the string given to
/// [`parse_credentials`] and lies on char boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The auth-scheme as written (case preserved); empty when [`Self::scheme_missing`].
    pub scheme: &'a str,
    /// Where [`Self::scheme`] is.
    pub scheme_span: Range<usize>,
    /// The exact text between the scheme and the credential: `" "` when well formed.
    pub separator: &'a str,
    /// Where [`Self::separator`] is.
    pub separator_span: Range<usize>,
    /// The credential text after the separator (the whole trimmed value when the scheme is
    /// missing), without surrounding whitespace. This is what token rules inspect.
    pub rest: &'a str,
    /// Where [`Self::rest`] is; also the span of a [`CredentialsForm::Token68`].
    pub rest_span: Range<usize>,
    /// What follows the scheme.
    pub form: CredentialsForm<'a>,
    /// No auth-scheme could be recognised: the value looks like a bare credential
    /// (`sk-abc`, `eyJ...`, `"quoted"`, `user:pass`).
    pub scheme_missing: bool,
    /// Whitespace (SP, HTAB, CR, LF) before the scheme; empty range when none.
    pub leading_whitespace: Range<usize>,
    /// Whitespace (SP, HTAB, CR, LF) after the credential; empty range when none.
    pub trailing_whitespace: Range<usize>,
}

/// What follows the scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsForm<'a> {
    /// A single token68 (Basic, Bearer, Negotiate...), spanning [`Credentials::rest_span`].
    Token68(&'a str),
    /// A comma-separated list of `name=value` parameters (Digest, AWS4-HMAC-SHA256, ...).
    Params(Vec<AuthParam<'a>>),
    /// The scheme alone: `Bearer`, `Bearer:`.
    Empty,
    /// The text after the scheme is neither a token68 nor a parameter list (a space inside the
    /// token, a doubled scheme, quotes, non-ASCII...). The text is in [`Credentials::rest`].
    Malformed(FormError),
}

/// One `auth-param` (RFC 9110 §11.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthParam<'a> {
    /// The name as written; names compare case-insensitively.
    pub name: &'a str,
    /// Where the name is.
    pub name_span: Range<usize>,
    /// The value, with quotes removed and quoted-pairs unescaped.
    pub value: Cow<'a, str>,
    /// The value as written, quotes included.
    pub value_span: Range<usize>,
    /// The value was a quoted-string.
    pub quoted: bool,
}

/// Why the credential after the scheme matches neither `token68` nor `#auth-param`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    /// Where the problem is, in UTF-8 bytes into the whole value.
    pub offset: usize,
    /// What is wrong there.
    pub kind: FormErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// What makes the credential text neither a token68 nor a parameter list.
pub enum FormErrorKind {
    /// A character token68 does not allow (space, quote, comma, non-ASCII...).
    InvalidToken68Char(char),
    /// An `=` followed by something other than more `=`: token68 only allows `=` at the end.
    MisplacedEquals,
    /// A parameter list where a parameter name was expected.
    ExpectedParamName,
    /// A parameter name not followed by `=`.
    ExpectedEquals,
    /// `name=` with no value.
    ExpectedParamValue,
    /// A quoted-string with no closing quote; the offset is the opening quote.
    UnterminatedQuote,
    /// Something other than `,` after a parameter value.
    ExpectedComma(char),
    /// More than [`MAX_PARAMS`] parameters: real credentials have a dozen, so the rest of a
    /// pasted megabyte is not read (memory stays bounded by the limit).
    TooManyParams {
        /// [`MAX_PARAMS`].
        limit: usize,
    },
}

/// How many `auth-param`s one credentials value may have before it is refused.
pub const MAX_PARAMS: usize = 1024;

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.offset;
        match &self.kind {
            FormErrorKind::InvalidToken68Char(c) => {
                write!(
                    f,
                    "character {} at byte {at} is not allowed in a token68 credential",
                    super::base64::CharName(*c)
                )
            }
            FormErrorKind::MisplacedEquals => write!(
                f,
                "`=` at byte {at} is only allowed at the end of a token68 credential"
            ),
            FormErrorKind::ExpectedParamName => write!(f, "expected a parameter name at byte {at}"),
            FormErrorKind::ExpectedEquals => {
                write!(f, "expected `=` after the parameter name at byte {at}")
            }
            FormErrorKind::ExpectedParamValue => {
                write!(f, "expected a parameter value at byte {at}")
            }
            FormErrorKind::UnterminatedQuote => {
                write!(f, "quoted string opened at byte {at} is never closed")
            }
            FormErrorKind::ExpectedComma(c) => {
                write!(
                    f,
                    "expected `,` between parameters at byte {at}, found {}",
                    super::base64::CharName(*c)
                )
            }
            FormErrorKind::TooManyParams { limit } => {
                write!(
                    f,
                    "more than {limit} parameters; parameter at byte {at} is not read"
                )
            }
        }
    }
}

impl std::error::Error for FormError {}

/// How the scheme is separated from the credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeparatorKind {
    /// Exactly one SP, as everyone expects.
    Space,
    /// Several SP: allowed by the grammar (`1*SP`) but many servers split on a single space.
    MultipleSpaces,
    /// SP and HTAB only, with at least one HTAB: not allowed (RFC 9110 requires SP).
    Tab,
    /// Contains `:` (`Bearer: x`, `Bearer:x`): a header-line habit leaking into the value.
    Colon,
    /// Contains a non-ASCII space or invisible character (NBSP, U+2003, U+200B, ...).
    Unicode,
    /// Contains CR or LF: the value was built from a string with a line break in it.
    LineBreak,
    /// Contains another ASCII control whitespace (VT, FF).
    OtherWhitespace,
    /// No separator: scheme alone, or no scheme at all.
    None,
}

/// Why a value cannot be read as credentials at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsError {
    /// The value is empty or only whitespace; `len` is its length in UTF-8 bytes.
    Empty {
        /// Length of the value in UTF-8 bytes.
        len: usize,
    },
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialsError::Empty { len: 0 } => f.write_str("the credentials value is empty"),
            CredentialsError::Empty { len } => {
                write!(f, "the credentials value is only whitespace ({len} bytes)")
            }
        }
    }
}

impl std::error::Error for CredentialsError {}

/// Schemes in the IANA HTTP Authentication Scheme Registry plus widespread unregistered ones.
/// Used to tell `Bearer` (a scheme with nothing after it) from a bare credential, and to accept a
/// colon or Unicode space as a (wrong) separator.
const KNOWN_SCHEMES: &[&str] = &[
    "Basic",
    "Bearer",
    "Concealed",
    "Digest",
    "DPoP",
    "GNAP",
    "HOBA",
    "Mutual",
    "Negotiate",
    "OAuth",
    "PrivateToken",
    "SCRAM-SHA-1",
    "SCRAM-SHA-256",
    "vapid",
    "NTLM",
    "AWS4-HMAC-SHA256",
    "Token",
    "Bot",
    "SSWS",
    "ApiKey",
    "Api-Key",
    "Key",
    "JWT",
    "Hawk",
    "MAC",
    "Client-ID",
    "GoogleLogin",
    "Splunk",
    "OAuth2",
    "SharedKey",
];

/// Whether `name` (any case) is a scheme authlens knows.
pub fn is_known_scheme(name: &str) -> bool {
    KNOWN_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(name))
}

/// RFC 9110 §5.6.2 `token`: one or more tchar.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

/// RFC 9110 §11.2 `token68` (same as RFC 6750's `b64token`): one or more of
/// `A-Z a-z 0-9 - . _ ~ + /`, then any number of `=`.
pub fn is_token68(s: &str) -> bool {
    let data = s.trim_end_matches('=');
    !data.is_empty() && data.bytes().all(is_token68_char)
}

/// The characters that keep `s` from being a token68 (at most [`MAX_INVALID_LISTED`]), with their
/// offsets in UTF-8 bytes: chars outside the alphabet, and `=` followed by anything but `=`.
pub fn token68_invalid_chars(s: &str) -> Vec<(usize, char)> {
    let data_len = s.trim_end_matches('=').len();
    s.char_indices()
        .filter(|&(i, c)| {
            if c == '=' {
                i < data_len
            } else {
                !(c.is_ascii() && is_token68_char(c as u8))
            }
        })
        .take(MAX_INVALID_LISTED)
        .collect()
}

/// How many characters [`token68_invalid_chars`] lists at most (the first ones, in order).
pub const MAX_INVALID_LISTED: usize = 1024;

fn is_edge_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// Characters accepted (leniently) between a scheme and its credential.
fn is_separator_char(c: char) -> bool {
    c == ':' || c.is_whitespace() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Parses a credentials value; see the module docs for what is accepted leniently.
pub fn parse_credentials(value: &str) -> Result<Credentials<'_>, CredentialsError> {
    let content_start = value.len() - value.trim_start_matches(is_edge_whitespace).len();
    let content_end = value.trim_end_matches(is_edge_whitespace).len();
    if content_start >= content_end {
        return Err(CredentialsError::Empty { len: value.len() });
    }
    let content = &value[content_start..content_end];
    let leading_whitespace = 0..content_start;
    let trailing_whitespace = content_end..value.len();

    let scheme_len = token_len(content);
    let after_scheme = &content[scheme_len..];
    let separator_len: usize = after_scheme
        .chars()
        .take_while(|&c| is_separator_char(c))
        .map(char::len_utf8)
        .sum();
    let separator = &after_scheme[..separator_len];
    let candidate = &content[..scheme_len];
    let plain_separator =
        !separator.is_empty() && separator.bytes().all(|b| b == b' ' || b == b'\t');
    let has_scheme = scheme_len > 0
        && if after_scheme.is_empty() {
            is_known_scheme(candidate)
        } else {
            plain_separator || (!separator.is_empty() && is_known_scheme(candidate))
        };

    if !has_scheme {
        let span = content_start..content_end;
        return Ok(Credentials {
            scheme: "",
            scheme_span: content_start..content_start,
            separator: "",
            separator_span: content_start..content_start,
            rest: content,
            rest_span: span,
            form: parse_form(content, content_start),
            scheme_missing: true,
            leading_whitespace,
            trailing_whitespace,
        });
    }

    let scheme_end = content_start + scheme_len;
    let rest_start = scheme_end + separator_len;
    let rest = &value[rest_start..content_end];
    let form = if rest.is_empty() {
        CredentialsForm::Empty
    } else {
        parse_form(rest, rest_start)
    };
    Ok(Credentials {
        scheme: candidate,
        scheme_span: content_start..scheme_end,
        separator,
        separator_span: scheme_end..rest_start,
        rest,
        rest_span: rest_start..content_end,
        form,
        scheme_missing: false,
        leading_whitespace,
        trailing_whitespace,
    })
}

impl<'a> Credentials<'a> {
    /// Whether the scheme is `name`, compared case-insensitively as RFC 9110 §11.1 requires.
    pub fn is_scheme(&self, name: &str) -> bool {
        !self.scheme_missing && self.scheme.eq_ignore_ascii_case(name)
    }

    /// Classifies [`Self::separator`].
    pub fn separator_kind(&self) -> SeparatorKind {
        let sep = self.separator;
        if sep.is_empty() {
            SeparatorKind::None
        } else if sep == " " {
            SeparatorKind::Space
        } else if sep.contains(':') {
            SeparatorKind::Colon
        } else if sep.contains(['\r', '\n']) {
            SeparatorKind::LineBreak
        } else if !sep.is_ascii() {
            SeparatorKind::Unicode
        } else if sep.bytes().any(|b| b != b' ' && b != b'\t') {
            SeparatorKind::OtherWhitespace
        } else if sep.contains('\t') {
            SeparatorKind::Tab
        } else {
            SeparatorKind::MultipleSpaces
        }
    }

    /// A second scheme at the start of the credential (`Bearer Bearer x`, `Bearer Token x`):
    /// the inner scheme as written and its span. Only the same scheme or a known one counts, and
    /// it must be followed by a separator and more text.
    pub fn nested_scheme(&self) -> Option<(&'a str, Range<usize>)> {
        if self.scheme_missing {
            return None;
        }
        let rest = self.rest;
        let len = token_len(rest);
        let word = &rest[..len];
        let after = &rest[len..];
        let sep_len: usize = after
            .chars()
            .take_while(|&c| is_separator_char(c))
            .map(char::len_utf8)
            .sum();
        if len == 0 || sep_len == 0 || sep_len == after.len() {
            return None;
        }
        if word.eq_ignore_ascii_case(self.scheme) || is_known_scheme(word) {
            let start = self.rest_span.start;
            Some((word, start..start + len))
        } else {
            None
        }
    }

    /// `name=value` pairs read loosely: split on `,`, values taken up to the next comma with
    /// surrounding quotes removed (no unescaping). For formats that break the auth-param grammar
    /// on purpose, like AWS SigV4 (`Credential=AKID/20150830/us-east-1/iam/aws4_request`).
    /// `None` when a non-empty element is not `token=...`. Quoted values containing commas are
    /// not supported here; use [`CredentialsForm::Params`] for RFC-conforming values. `None` too
    /// past [`MAX_PARAMS`] pairs.
    pub fn loose_params(&self) -> Option<Vec<(&'a str, &'a str)>> {
        if self.rest.is_empty() {
            return None;
        }
        let mut pairs = Vec::new();
        for element in self.rest.split(',') {
            let element = element.trim_matches([' ', '\t']);
            if element.is_empty() {
                continue;
            }
            if pairs.len() == MAX_PARAMS {
                return None;
            }
            let (name, value) = element.split_once('=')?;
            let name = name.trim_end_matches([' ', '\t']);
            if !is_token(name) {
                return None;
            }
            let value = value.trim_start_matches([' ', '\t']);
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            pairs.push((name, value));
        }
        if pairs.is_empty() {
            None
        } else {
            Some(pairs)
        }
    }

    /// The parameter called `name` (case-insensitive), when the form is a parameter list.
    pub fn param(&self, name: &str) -> Option<&AuthParam<'a>> {
        match &self.form {
            CredentialsForm::Params(params) => {
                params.iter().find(|p| p.name.eq_ignore_ascii_case(name))
            }
            _ => None,
        }
    }
}

/// Reads `rest` (at offset `base` of the whole value) as token68, else as `#auth-param`.
fn parse_form(rest: &str, base: usize) -> CredentialsForm<'_> {
    if is_token68(rest) {
        return CredentialsForm::Token68(rest);
    }
    match parse_params(rest, base) {
        Ok(params) => CredentialsForm::Params(params),
        Err(param_error) => {
            // Report the parameter error only when the text starts like a parameter list.
            let name_len = token_len(rest);
            let after = &rest[name_len..];
            let looks_like_params = name_len > 0 && {
                let eq_at = ows_len(after);
                after[eq_at..].starts_with('=') && !after[eq_at..].starts_with("==")
            };
            if looks_like_params {
                CredentialsForm::Malformed(param_error)
            } else {
                CredentialsForm::Malformed(token68_error(rest, base))
            }
        }
    }
}

fn token68_error(rest: &str, base: usize) -> FormError {
    match token68_invalid_chars(rest).first() {
        Some(&(i, '=')) => FormError {
            offset: base + i,
            kind: FormErrorKind::MisplacedEquals,
        },
        Some(&(i, c)) => FormError {
            offset: base + i,
            kind: FormErrorKind::InvalidToken68Char(c),
        },
        // Only `=`: token68 needs at least one data character.
        None => FormError {
            offset: base,
            kind: FormErrorKind::MisplacedEquals,
        },
    }
}

/// `#auth-param` with empty list elements allowed (RFC 9110 §5.6.1.2).
pub(crate) fn parse_params(s: &str, base: usize) -> Result<Vec<AuthParam<'_>>, FormError> {
    let mut params = Vec::new();
    let mut pos = 0;
    let err = |pos: usize, kind| FormError {
        offset: base + pos,
        kind,
    };
    loop {
        loop {
            let ws = ows_fold_len(&s[pos..]);
            pos += ws;
            if s[pos..].starts_with(',') {
                pos += 1;
            } else if ws == 0 {
                break;
            }
        }
        if pos >= s.len() {
            break;
        }
        if params.len() == MAX_PARAMS {
            return Err(err(pos, FormErrorKind::TooManyParams { limit: MAX_PARAMS }));
        }
        let name_len = token_len(&s[pos..]);
        if name_len == 0 {
            return Err(err(pos, FormErrorKind::ExpectedParamName));
        }
        let name_span = pos..pos + name_len;
        pos += name_len;
        pos += ows_fold_len(&s[pos..]);
        if !s[pos..].starts_with('=') {
            return Err(err(pos, FormErrorKind::ExpectedEquals));
        }
        pos += 1;
        pos += ows_fold_len(&s[pos..]);
        let value_start = pos;
        let (value, quoted) = if s[pos..].starts_with('"') {
            let q =
                quoted_string(s, pos).ok_or_else(|| err(pos, FormErrorKind::UnterminatedQuote))?;
            pos = q.end;
            (q.value, true)
        } else {
            let len = token_len(&s[pos..]);
            if len == 0 {
                return Err(err(pos, FormErrorKind::ExpectedParamValue));
            }
            pos += len;
            (Cow::Borrowed(&s[value_start..pos]), false)
        };
        params.push(AuthParam {
            name: &s[name_span.clone()],
            name_span: base + name_span.start..base + name_span.end,
            value,
            value_span: base + value_start..base + pos,
            quoted,
        });
        pos += ows_fold_len(&s[pos..]);
        match s[pos..].chars().next() {
            None => break,
            Some(',') => pos += 1,
            Some(c) => return Err(err(pos, FormErrorKind::ExpectedComma(c))),
        }
    }
    if params.is_empty() {
        return Err(err(0, FormErrorKind::ExpectedParamName));
    }
    Ok(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(v: &str) -> CredentialsForm<'_> {
        parse_credentials(v).unwrap().form
    }

    #[test]
    fn well_formed_bearer_and_basic() {
        let c = parse_credentials("Bearer abc.def-ghi_~+/==").unwrap();
        assert_eq!(c.scheme, "Bearer");
        assert_eq!(c.scheme_span, 0..6);
        assert_eq!(c.separator_kind(), SeparatorKind::Space);
        assert_eq!(c.form, CredentialsForm::Token68("abc.def-ghi_~+/=="));
        assert_eq!(c.rest_span, 7..24);
        assert!(!c.scheme_missing);
        assert!(c.is_scheme("bearer"));
    }

    #[test]
    fn separators_are_reported_exactly() {
        let cases = [
            ("Bearer:tok", ":", SeparatorKind::Colon),
            ("Bearer: tok", ": ", SeparatorKind::Colon),
            ("Bearer\ttok", "\t", SeparatorKind::Tab),
            ("Bearer  tok", "  ", SeparatorKind::MultipleSpaces),
            ("Bearer\u{A0}tok", "\u{A0}", SeparatorKind::Unicode),
            ("Bearer\u{200B}tok", "\u{200B}", SeparatorKind::Unicode),
            ("Bearer\r\n tok", "\r\n ", SeparatorKind::LineBreak),
            ("Bearer\u{B}tok", "\u{B}", SeparatorKind::OtherWhitespace),
            ("Bearer \t tok", " \t ", SeparatorKind::Tab),
        ];
        for (value, sep, kind) in cases {
            let c = parse_credentials(value).unwrap();
            assert_eq!(c.scheme, "Bearer", "{value:?}");
            assert_eq!(c.separator, sep);
            assert_eq!(c.separator_kind(), kind);
            assert_eq!(c.rest, "tok");
            assert_eq!(&value[c.rest_span.clone()], "tok");
        }
    }

    #[test]
    fn bare_credentials_have_no_scheme() {
        for value in [
            "sk-abc123",
            "eyJhbGciOi.eyJzdWIi.c2ln",
            "dXNlcjpwYXNz==",
            "\"quoted\"",
            "user:pass",
            "ghp/abc",
        ] {
            let c = parse_credentials(value).unwrap();
            assert!(c.scheme_missing, "{value}");
            assert_eq!(c.scheme, "");
            assert_eq!(c.rest, value);
        }
        assert_eq!(form("sk-abc123"), CredentialsForm::Token68("sk-abc123"));
    }

    #[test]
    fn unknown_word_followed_by_space_is_a_scheme() {
        let c = parse_credentials("Custom xyz").unwrap();
        assert!(!c.scheme_missing);
        assert_eq!(c.scheme, "Custom");
        // A colon after an unknown word is not taken as a separator.
        assert!(parse_credentials("user:xyz").unwrap().scheme_missing);
    }

    #[test]
    fn scheme_alone_is_empty_form() {
        for value in ["Bearer", "bearer", "Bearer:", "Basic \t"] {
            let c = parse_credentials(value).unwrap();
            assert!(!c.scheme_missing, "{value:?}");
            assert_eq!(c.form, CredentialsForm::Empty);
            assert_eq!(c.rest, "");
        }
    }

    #[test]
    fn surrounding_whitespace_is_recorded() {
        let c = parse_credentials("  Bearer tok\r\n").unwrap();
        assert_eq!(c.leading_whitespace, 0..2);
        assert_eq!(c.trailing_whitespace, 12..14);
        assert_eq!(c.scheme_span, 2..8);
        assert_eq!(c.form, CredentialsForm::Token68("tok"));
        assert_eq!(
            parse_credentials(" \t "),
            Err(CredentialsError::Empty { len: 3 })
        );
        assert_eq!(
            parse_credentials(""),
            Err(CredentialsError::Empty { len: 0 })
        );
    }

    #[test]
    fn doubled_and_nested_schemes() {
        let c = parse_credentials("Bearer Bearer tok").unwrap();
        assert_eq!(c.nested_scheme(), Some(("Bearer", 7..13)));
        assert!(matches!(
            c.form,
            CredentialsForm::Malformed(FormError { offset: 13, .. })
        ));
        assert_eq!(
            parse_credentials("Bearer Token tok")
                .unwrap()
                .nested_scheme(),
            Some(("Token", 7..12))
        );
        assert_eq!(
            parse_credentials("bearer BEARER:tok")
                .unwrap()
                .nested_scheme(),
            Some(("BEARER", 7..13))
        );
        assert_eq!(
            parse_credentials("Bearer tok").unwrap().nested_scheme(),
            None
        );
        assert_eq!(
            parse_credentials("Bearer Bearer").unwrap().nested_scheme(),
            None
        );
        assert_eq!(
            parse_credentials("Custom word tok")
                .unwrap()
                .nested_scheme(),
            None
        );
    }

    #[test]
    fn params_with_quotes_escapes_and_empty_elements() {
        let v = r#"Digest username="Mufasa", , realm = "a\"b", nc=00000001"#;
        let c = parse_credentials(v).unwrap();
        let CredentialsForm::Params(params) = &c.form else {
            panic!("params expected: {:?}", c.form)
        };
        assert_eq!(params.len(), 3);
        assert_eq!(params[0].name, "username");
        assert_eq!(params[0].value, "Mufasa");
        assert_eq!(&v[params[0].value_span.clone()], "\"Mufasa\"");
        assert_eq!(params[1].value, "a\"b");
        assert!(params[1].quoted);
        assert_eq!(params[2].value, "00000001");
        assert!(!params[2].quoted);
        assert_eq!(c.param("NC").map(|p| p.value.as_ref()), Some("00000001"));
    }

    #[test]
    fn folded_params_parse() {
        let c = parse_credentials("Digest username=\"Mufasa\",\r\n    realm=\"r\"").unwrap();
        let CredentialsForm::Params(params) = &c.form else {
            panic!("params expected: {:?}", c.form)
        };
        assert_eq!(params[1].name, "realm");
        assert_eq!(params[1].name_span, 31..36);
    }

    #[test]
    fn malformed_forms_point_at_the_problem() {
        assert_eq!(
            form("Bearer abc def"),
            CredentialsForm::Malformed(FormError {
                offset: 10,
                kind: FormErrorKind::InvalidToken68Char(' ')
            })
        );
        assert_eq!(
            form("Bearer \"abc\""),
            CredentialsForm::Malformed(FormError {
                offset: 7,
                kind: FormErrorKind::InvalidToken68Char('"')
            })
        );
        assert_eq!(
            form("Digest username=\"abc"),
            CredentialsForm::Malformed(FormError {
                offset: 16,
                kind: FormErrorKind::UnterminatedQuote
            })
        );
        assert_eq!(
            form("Digest a=b c=d"),
            CredentialsForm::Malformed(FormError {
                offset: 11,
                kind: FormErrorKind::ExpectedComma('c')
            })
        );
        assert_eq!(
            form("Bearer ab=cd=="),
            CredentialsForm::Malformed(FormError {
                offset: 12,
                kind: FormErrorKind::ExpectedComma('=')
            })
        );
        assert_eq!(
            form("Bearer ab=cd"),
            CredentialsForm::Params(vec![AuthParam {
                name: "ab",
                name_span: 7..9,
                value: Cow::Borrowed("cd"),
                value_span: 10..12,
                quoted: false
            }])
        );
        assert_eq!(
            form("Bearer a=b=c"),
            CredentialsForm::Malformed(FormError {
                offset: 10,
                kind: FormErrorKind::ExpectedComma('=')
            })
        );
    }

    #[test]
    fn loose_params_read_aws_sigv4() {
        let v = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d67";
        let c = parse_credentials(v).unwrap();
        assert!(matches!(c.form, CredentialsForm::Malformed(_)));
        assert_eq!(
            c.loose_params(),
            Some(vec![
                (
                    "Credential",
                    "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"
                ),
                ("SignedHeaders", "host;x-amz-date"),
                ("Signature", "5d67")
            ])
        );
        assert_eq!(
            parse_credentials("Digest a = \"b\" ,")
                .unwrap()
                .loose_params(),
            Some(vec![("a", "b")])
        );
        assert_eq!(
            parse_credentials("Bearer abc").unwrap().loose_params(),
            None
        );
        assert_eq!(parse_credentials("Bearer").unwrap().loose_params(), None);
        assert_eq!(
            parse_credentials("Bearer a b=c").unwrap().loose_params(),
            None
        );
    }

    #[test]
    fn token68_helpers() {
        assert!(is_token68("abc=="));
        assert!(!is_token68("=="));
        assert!(!is_token68("a=b"));
        assert!(!is_token68(""));
        assert_eq!(
            token68_invalid_chars("a=b c\u{200B}=="),
            vec![(1, '='), (3, ' '), (5, '\u{200B}')]
        );
        assert!(is_token("AWS4-HMAC-SHA256"));
        assert!(!is_token("a b"));
        assert!(!is_token(""));
    }

    #[test]
    fn display_messages() {
        let e = FormError {
            offset: 9,
            kind: FormErrorKind::InvalidToken68Char(' '),
        };
        assert_eq!(
            e.to_string(),
            "character U+0020 at byte 9 is not allowed in a token68 credential"
        );
        assert_eq!(
            CredentialsError::Empty { len: 0 }.to_string(),
            "the credentials value is empty"
        );
    }
}
