//! `WWW-Authenticate` / `Proxy-Authenticate` challenges (RFC 9110 §11.6.1), across several field
//! lines and several challenges per line, with quoted strings and empty list elements.
//!
//! ```
//! use authlens::parse::challenge::parse_challenges;
//!
//! let v = r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#;
//! let challenges = parse_challenges(&[v]).unwrap();
//! assert_eq!(challenges.len(), 2);
//! assert_eq!(challenges[0].param("TITLE"), Some(r#"Login to "apps""#));
//! assert_eq!(challenges[1].scheme, "Basic");
//! ```
//!
//! Grammar (RFC 9110 §11.6.1, §11.2, §5.6.1): `#challenge` where
//! `challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]` and
//! `auth-param = token BWS "=" BWS ( token / quoted-string )`. A comma after a parameter starts
//! another parameter when what follows is `token BWS "="`, else a new challenge.
//! [`parse_challenges_lenient`] keeps everything that parsed before an error.
//!
//! Leniency: HTAB is accepted where the grammar wants SP after the scheme, and obs-fold (a line
//! break followed by SP or HTAB) is read as whitespace, as RFC 9110 §5.5 tells recipients to.
//! Empty list elements are accepted everywhere §5.6.1 allows them, including before the first
//! parameter (`Basic ,,realm="x"`, as OkHttp's and greenbytes' test suites expect).
//!
//! Limits: one call reads at most [`MAX_ITEMS`] challenges and parameters in all (real fields
//! have a handful); past that it stops with [`ChallengeErrorKind::TooManyItems`], so memory stays
//! proportional to the limit, not to a pasted field of megabytes.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use serde::Serialize;

use super::base64::CharName;
use super::{is_token68_char, ows_fold_len, push_quoted, quoted_string, token_len};

/// One challenge. Serialized as `{"scheme":..,"token68":..|null,"params":[[name,value],..]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Challenge {
    /// The auth-scheme as written (compare with [`Challenge::is_scheme`]).
    pub scheme: String,
    /// The token68 after the scheme, when the challenge has one instead of parameters.
    pub token68: Option<String>,
    /// Parameters in order, names as written, values unquoted and unescaped.
    pub params: Vec<(String, String)>,
    /// Index of the field line (in the slice given to the parser) holding this challenge.
    #[serde(skip)]
    pub line: usize,
    /// Where the challenge is in its line, in UTF-8 bytes.
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Challenge {
    /// A challenge with no parameters, for building values in code.
    pub fn new(scheme: impl Into<String>) -> Self {
        Challenge {
            scheme: scheme.into(),
            token68: None,
            params: Vec::new(),
            line: 0,
            span: 0..0,
        }
    }

    /// The first parameter called `name`, compared case-insensitively (RFC 9110 §11.2).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the scheme is `name`, compared case-insensitively (RFC 9110 §11.1).
    pub fn is_scheme(&self, name: &str) -> bool {
        self.scheme.eq_ignore_ascii_case(name)
    }

    /// Whether scheme, token68 and parameters are equal, ignoring where each was found.
    pub fn same_content(&self, other: &Challenge) -> bool {
        self.scheme == other.scheme && self.token68 == other.token68 && self.params == other.params
    }
}

/// Writes the challenge as a header value; every parameter value is quoted.
impl fmt::Display for Challenge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = self.scheme.clone();
        if let Some(token) = &self.token68 {
            out.push(' ');
            out.push_str(token);
        }
        for (i, (name, value)) in self.params.iter().enumerate() {
            out.push_str(if i == 0 { " " } else { ", " });
            out.push_str(name);
            out.push('=');
            push_quoted(&mut out, value);
        }
        f.write_str(&out)
    }
}

/// A problem in a challenge list, located by field line and UTF-8 byte offset in that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeError {
    /// Index of the field line in the slice given to the parser.
    pub line: usize,
    /// Offset in UTF-8 bytes into that line.
    pub offset: usize,
    /// What is wrong there.
    pub kind: ChallengeErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// What is wrong in a challenge list.
pub enum ChallengeErrorKind {
    /// A list element starts with a character that cannot start an auth-scheme.
    ExpectedScheme {
        /// The character found.
        found: char,
    },
    /// A list element is `name=value`: parameters with no scheme before them.
    MissingScheme,
    /// The scheme is followed by something other than a space, `,` or the end.
    ExpectedSpaceAfterScheme {
        /// The character found.
        found: char,
    },
    /// After the scheme and its space there is neither a token68 nor a parameter.
    ExpectedToken68OrParam {
        /// The character found.
        found: char,
    },
    /// `name=` with no value.
    ExpectedParamValue,
    /// A quoted-string with no closing quote; the offset is its opening quote.
    UnterminatedQuote,
    /// Something other than `,` after a token68 or parameter value.
    ExpectedComma {
        /// The character found.
        found: char,
    },
    /// A control character inside a quoted-string (only HTAB is allowed). Parsing continues.
    InvalidQuotedChar {
        /// The character found.
        found: char,
    },
    /// A parameter name repeated in one challenge, which RFC 9110 §11.2 forbids; `first` is
    /// the offset of the first occurrence. Parsing continues; [`Challenge::param`] returns the
    /// first value.
    DuplicateParam {
        /// The parameter name as written.
        name: String,
        /// Offset of the first occurrence.
        first: usize,
    },
    /// More than [`MAX_ITEMS`] challenges and parameters in one call; nothing after this offset
    /// is read (of this line or the next ones).
    TooManyItems {
        /// [`MAX_ITEMS`].
        limit: usize,
    },
}

/// How many challenges and parameters, in all, one call of the parsers reads.
pub const MAX_ITEMS: usize = 1024;

impl ChallengeErrorKind {
    /// Whether parsing of the line stopped here (the rest of that line is not read).
    pub fn is_fatal(&self) -> bool {
        !matches!(
            self,
            ChallengeErrorKind::InvalidQuotedChar { .. }
                | ChallengeErrorKind::DuplicateParam { .. }
        )
    }
}

impl fmt::Display for ChallengeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "field line {}, byte {}: ", self.line + 1, self.offset)?;
        match &self.kind {
            ChallengeErrorKind::ExpectedScheme { found } => {
                write!(
                    f,
                    "expected an authentication scheme, found {}",
                    CharName(*found)
                )
            }
            ChallengeErrorKind::MissingScheme => {
                f.write_str("parameter without an authentication scheme before it")
            }
            ChallengeErrorKind::ExpectedSpaceAfterScheme { found } => {
                write!(
                    f,
                    "expected a space after the scheme, found {}",
                    CharName(*found)
                )
            }
            ChallengeErrorKind::ExpectedToken68OrParam { found } => {
                write!(
                    f,
                    "expected a token68 or a parameter, found {}",
                    CharName(*found)
                )
            }
            ChallengeErrorKind::ExpectedParamValue => f.write_str("parameter has no value"),
            ChallengeErrorKind::UnterminatedQuote => f.write_str("quoted string is never closed"),
            ChallengeErrorKind::ExpectedComma { found } => {
                write!(f, "expected `,`, found {}", CharName(*found))
            }
            ChallengeErrorKind::InvalidQuotedChar { found } => {
                write!(
                    f,
                    "control character {} inside a quoted string",
                    CharName(*found)
                )
            }
            ChallengeErrorKind::DuplicateParam { name, first } => {
                write!(
                    f,
                    "parameter `{name}` already appeared at byte {first} in this challenge"
                )
            }
            ChallengeErrorKind::TooManyItems { limit } => {
                write!(
                    f,
                    "more than {limit} challenges and parameters; the rest is not read"
                )
            }
        }
    }
}

impl std::error::Error for ChallengeError {}

/// Everything that could be read, and every problem met on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedChallenges {
    /// Challenges in order; a challenge cut short by an error holds what parsed before it.
    pub challenges: Vec<Challenge>,
    /// What did not parse, in order.
    pub errors: Vec<ChallengeError>,
}

/// Parses every field line strictly: any problem, including a duplicate parameter, is an error.
/// No field line, or only empty ones, gives an empty list.
pub fn parse_challenges(field_values: &[&str]) -> Result<Vec<Challenge>, ChallengeError> {
    let parsed = parse_challenges_lenient(field_values);
    match parsed.errors.into_iter().next() {
        Some(err) => Err(err),
        None => Ok(parsed.challenges),
    }
}

/// Parses every field line, keeping what parsed: after a fatal error the rest of that line is
/// skipped and the next line is read.
pub fn parse_challenges_lenient(field_values: &[&str]) -> ParsedChallenges {
    let mut parsed = ParsedChallenges::default();
    let mut items = 0;
    for (line_no, line) in field_values.iter().enumerate() {
        LineParser {
            line,
            line_no,
            pos: 0,
            out: &mut parsed,
            items: &mut items,
        }
        .run();
        if items > MAX_ITEMS {
            break;
        }
    }
    parsed
}

/// The first challenge with this scheme (case-insensitive).
pub fn find_scheme<'c>(challenges: &'c [Challenge], scheme: &str) -> Option<&'c Challenge> {
    challenges.iter().find(|c| c.is_scheme(scheme))
}

/// The parameter names of one challenge and where each first appears (see
/// `LineParser::params`).
#[derive(Default)]
struct SeenNames<'l> {
    few: Vec<(&'l str, usize)>,
    many: Option<HashMap<String, usize>>,
}

impl<'l> SeenNames<'l> {
    /// Parameters a challenge may have before names are looked up in a map.
    const FEW: usize = 16;

    /// The offset where `name` (compared case-insensitively) first appeared, or `None` after
    /// noting that it first appears at `offset`.
    fn first_or_insert(&mut self, name: &'l str, offset: usize) -> Option<usize> {
        if let Some(map) = &mut self.many {
            return match map.entry(name.to_ascii_lowercase()) {
                std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(offset);
                    None
                }
            };
        }
        if let Some(&(_, first)) = self.few.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Some(first);
        }
        self.few.push((name, offset));
        if self.few.len() > Self::FEW {
            let mut map = HashMap::with_capacity(self.few.len() * 2);
            for (n, at) in self.few.drain(..) {
                map.entry(n.to_ascii_lowercase()).or_insert(at);
            }
            self.many = Some(map);
        }
        None
    }
}

struct LineParser<'l, 'o> {
    line: &'l str,
    line_no: usize,
    pos: usize,
    out: &'o mut ParsedChallenges,
    /// Challenges and parameters read so far by this call, over every line.
    items: &'o mut usize,
}

enum Next {
    Challenge,
    LineDone,
}

impl LineParser<'_, '_> {
    fn run(mut self) {
        loop {
            self.skip_list_separators();
            if self.pos >= self.line.len() {
                return;
            }
            match self.challenge() {
                Next::Challenge => continue,
                Next::LineDone => return,
            }
        }
    }

    fn rest(&self) -> &str {
        self.line.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn error(&mut self, offset: usize, kind: ChallengeErrorKind) {
        self.out.errors.push(ChallengeError {
            line: self.line_no,
            offset,
            kind,
        });
    }

    fn skip_list_separators(&mut self) {
        loop {
            let ws = ows_fold_len(self.rest());
            self.pos += ws;
            if self.rest().starts_with(',') {
                self.pos += 1;
            } else if ws == 0 {
                return;
            }
        }
    }

    fn skip_ows(&mut self) {
        self.pos += ows_fold_len(self.rest());
    }

    /// `token BWS "=" BWS` followed by the start of a value.
    fn param_starts_at(&self, at: usize) -> bool {
        let s = self.line.get(at..).unwrap_or_default();
        let name = token_len(s);
        if name == 0 {
            return false;
        }
        let mut i = name + ows_fold_len(&s[name..]);
        if !s[i..].starts_with('=') {
            return false;
        }
        i += 1;
        i += ows_fold_len(&s[i..]);
        s[i..]
            .bytes()
            .next()
            .is_some_and(|b| b == b'"' || super::is_tchar(b))
    }

    fn finish(&mut self, mut challenge: Challenge, end: usize) {
        challenge.span.end = end;
        self.out.challenges.push(challenge);
    }

    /// Counts one more challenge or parameter; `false` (with the error recorded) past the limit.
    fn take_item(&mut self, at: usize) -> bool {
        *self.items += 1;
        if *self.items > MAX_ITEMS {
            self.error(at, ChallengeErrorKind::TooManyItems { limit: MAX_ITEMS });
            return false;
        }
        true
    }

    fn challenge(&mut self) -> Next {
        let start = self.pos;
        if !self.take_item(start) {
            return Next::LineDone;
        }
        let scheme_len = token_len(self.rest());
        if scheme_len == 0 {
            let found = self.peek().unwrap_or(' ');
            self.error(start, ChallengeErrorKind::ExpectedScheme { found });
            return Next::LineDone;
        }
        if self.param_starts_at(start) {
            self.error(start, ChallengeErrorKind::MissingScheme);
            return Next::LineDone;
        }
        let scheme = self.rest()[..scheme_len].to_owned();
        self.pos += scheme_len;
        let scheme_end = self.pos;
        let mut challenge = Challenge {
            scheme,
            token68: None,
            params: Vec::new(),
            line: self.line_no,
            span: start..start,
        };
        let spaces = ows_fold_len(self.rest());
        self.pos += spaces;
        match self.peek() {
            None => {
                self.finish(challenge, scheme_end);
                return Next::LineDone;
            }
            Some(',') if spaces == 0 => {
                self.finish(challenge, scheme_end);
                return Next::Challenge;
            }
            Some(',') => {
                // `Basic ,,realm="x"`: after `1*SP`, `#auth-param` may open with empty list
                // elements (RFC 9110 §5.6.1). Without the space (`Basic, realm="x"`) the comma
                // ends the challenge, and `realm="x"` is then a parameter with no scheme.
                self.skip_list_separators();
                if self.pos < self.line.len() && self.param_starts_at(self.pos) {
                    return self.params(challenge);
                }
                self.finish(challenge, scheme_end);
                return if self.pos < self.line.len() {
                    Next::Challenge
                } else {
                    Next::LineDone
                };
            }
            Some(found) if spaces == 0 => {
                self.error(
                    self.pos,
                    ChallengeErrorKind::ExpectedSpaceAfterScheme { found },
                );
                self.finish(challenge, scheme_end);
                return Next::LineDone;
            }
            Some(_) => {}
        }
        if self.param_starts_at(self.pos) {
            return self.params(challenge);
        }
        let data = self
            .rest()
            .bytes()
            .take_while(|&b| is_token68_char(b))
            .count();
        if data == 0 {
            let found = self.peek().unwrap_or(' ');
            self.error(
                self.pos,
                ChallengeErrorKind::ExpectedToken68OrParam { found },
            );
            self.finish(challenge, scheme_end);
            return Next::LineDone;
        }
        let pad = self.rest()[data..]
            .bytes()
            .take_while(|&b| b == b'=')
            .count();
        challenge.token68 = Some(self.rest()[..data + pad].to_owned());
        self.pos += data + pad;
        let end = self.pos;
        self.skip_ows();
        match self.peek() {
            None => {
                self.finish(challenge, end);
                Next::LineDone
            }
            Some(',') => {
                self.finish(challenge, end);
                Next::Challenge
            }
            Some(found) => {
                self.error(self.pos, ChallengeErrorKind::ExpectedComma { found });
                self.finish(challenge, end);
                Next::LineDone
            }
        }
    }

    /// Reads `#auth-param` for `challenge`, starting at a position where a parameter starts.
    fn params(&mut self, mut challenge: Challenge) -> Next {
        // Where each name first appears, to report duplicates: a scan while the challenge has
        // few parameters (every real one; no allocation), a map by lower-cased name beyond that
        // (one lookup per parameter, so hostile lines stay linear).
        let mut seen = SeenNames::default();
        loop {
            let name_start = self.pos;
            if !self.take_item(name_start) {
                let end = challenge.span.start.max(name_start);
                self.finish(challenge, end);
                return Next::LineDone;
            }
            let name_len = token_len(self.rest());
            let name = self.rest()[..name_len].to_owned();
            self.pos += name_len;
            self.skip_ows();
            self.pos += 1; // the `=`, checked by `param_starts_at`
            self.skip_ows();
            let value_start = self.pos;
            let value = if self.rest().starts_with('"') {
                match quoted_string(self.line, value_start) {
                    Some(q) => {
                        if let Some((at, found)) = q.invalid {
                            self.error(at, ChallengeErrorKind::InvalidQuotedChar { found });
                        }
                        self.pos = q.end;
                        q.value.into_owned()
                    }
                    None => {
                        self.error(value_start, ChallengeErrorKind::UnterminatedQuote);
                        // Best effort: the rest of the line, as the value the sender meant.
                        let partial = self
                            .line
                            .get(value_start + 1..)
                            .unwrap_or_default()
                            .to_owned();
                        challenge.params.push((name, partial));
                        self.finish(challenge, self.line.len());
                        return Next::LineDone;
                    }
                }
            } else {
                let len = token_len(self.rest());
                if len == 0 {
                    self.error(value_start, ChallengeErrorKind::ExpectedParamValue);
                    self.finish(challenge, name_start + name_len);
                    return Next::LineDone;
                }
                self.pos += len;
                self.line[value_start..self.pos].to_owned()
            };
            let line = self.line;
            let name_text = line
                .get(name_start..name_start + name_len)
                .unwrap_or_default();
            if let Some(first) = seen.first_or_insert(name_text, name_start) {
                self.error(
                    name_start,
                    ChallengeErrorKind::DuplicateParam {
                        name: name.clone(),
                        first,
                    },
                );
            }
            challenge.params.push((name, value));
            let end = self.pos;
            self.skip_ows();
            match self.peek() {
                None => {
                    self.finish(challenge, end);
                    return Next::LineDone;
                }
                Some(',') => {
                    self.skip_list_separators();
                    if self.pos >= self.line.len() {
                        self.finish(challenge, end);
                        return Next::LineDone;
                    }
                    if !self.param_starts_at(self.pos) {
                        self.finish(challenge, end);
                        return Next::Challenge;
                    }
                }
                Some(found) => {
                    self.error(self.pos, ChallengeErrorKind::ExpectedComma { found });
                    self.finish(challenge, end);
                    return Next::LineDone;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(c: &Challenge) -> Vec<(&str, &str)> {
        c.params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn rfc9110_example_with_two_challenges() {
        let v = r#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#;
        let c = parse_challenges(&[v]).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].scheme, "Newauth");
        assert_eq!(
            params(&c[0]),
            vec![
                ("realm", "apps"),
                ("type", "1"),
                ("title", "Login to \"apps\"")
            ]
        );
        assert_eq!(
            &v[c[0].span.clone()],
            r#"Newauth realm="apps", type=1, title="Login to \"apps\"""#
        );
        assert_eq!(c[1].scheme, "Basic");
        assert_eq!(params(&c[1]), vec![("realm", "simple")]);
        assert_eq!(&v[c[1].span.clone()], r#"Basic realm="simple""#);
    }

    #[test]
    fn several_lines_empty_elements_and_bare_schemes() {
        let c = parse_challenges(&[", Negotiate ,, NTLM", "", "Bearer realm=\"x\" , ,"]).unwrap();
        let schemes: Vec<_> = c.iter().map(|c| (c.scheme.as_str(), c.line)).collect();
        assert_eq!(schemes, vec![("Negotiate", 0), ("NTLM", 0), ("Bearer", 2)]);
        assert_eq!(c[2].param("realm"), Some("x"));
        assert!(parse_challenges(&[]).unwrap().is_empty());
        assert!(parse_challenges(&[" , "]).unwrap().is_empty());
    }

    #[test]
    fn obs_fold_is_whitespace() {
        let v = "Digest\r\n    realm=\"r\",\r\n    nonce=\"n\"\r\n    , Basic";
        let c = parse_challenges(&[v]).unwrap();
        assert_eq!(params(&c[0]), vec![("realm", "r"), ("nonce", "n")]);
        assert_eq!(c[1].scheme, "Basic");
        // A bare line break is not a fold.
        assert!(parse_challenges(&["Basic realm=x\r\nBearer"]).is_err());
    }

    #[test]
    fn token68_challenges() {
        let c = parse_challenges(&["Negotiate YIIBhwYGKwYBBQUCoIIBezCC==, Basic realm=x"]).unwrap();
        assert_eq!(c[0].token68.as_deref(), Some("YIIBhwYGKwYBBQUCoIIBezCC=="));
        assert!(c[0].params.is_empty());
        assert_eq!(c[1].param("realm"), Some("x"));
        // `abc=` is a token68, not a parameter without value.
        let c = parse_challenges(&["Foo abc="]).unwrap();
        assert_eq!(c[0].token68.as_deref(), Some("abc="));
    }

    #[test]
    fn bws_around_equals_and_case_insensitive_names() {
        let c = parse_challenges(&["Bearer Realm = \"a, b\" ,error\t=invalid_token"]).unwrap();
        assert_eq!(c[0].param("realm"), Some("a, b"));
        assert_eq!(c[0].param("ERROR"), Some("invalid_token"));
        assert!(c[0].is_scheme("BEARER"));
    }

    #[test]
    fn unterminated_quote_reports_opening_position_and_keeps_partial() {
        let v = r#"Bearer realm="api", error="invalid_token"#;
        let err = parse_challenges(&["Basic", v]).unwrap_err();
        assert_eq!(
            err,
            ChallengeError {
                line: 1,
                offset: 26,
                kind: ChallengeErrorKind::UnterminatedQuote
            }
        );
        assert_eq!(
            err.to_string(),
            "field line 2, byte 26: quoted string is never closed"
        );
        let lenient = parse_challenges_lenient(&["Basic", v]);
        assert_eq!(lenient.challenges.len(), 2);
        assert_eq!(lenient.challenges[1].param("realm"), Some("api"));
        assert_eq!(lenient.challenges[1].param("error"), Some("invalid_token"));
    }

    #[test]
    fn duplicates_are_errors_in_strict_mode_and_flagged_in_lenient() {
        let v = "Bearer realm=a, REALM=b";
        let err = parse_challenges(&[v]).unwrap_err();
        assert_eq!(err.offset, 16);
        assert_eq!(
            err.kind,
            ChallengeErrorKind::DuplicateParam {
                name: "REALM".into(),
                first: 7
            }
        );
        let lenient = parse_challenges_lenient(&[v]);
        assert_eq!(lenient.challenges[0].param("realm"), Some("a"));
        assert!(!lenient.errors[0].kind.is_fatal());
    }

    #[test]
    fn malformed_values_have_precise_errors() {
        let cases: &[(&str, usize, ChallengeErrorKind)] = &[
            (
                "\"Bearer\"",
                0,
                ChallengeErrorKind::ExpectedScheme { found: '"' },
            ),
            ("realm=\"x\"", 0, ChallengeErrorKind::MissingScheme),
            (
                "Bearer\"x\"",
                6,
                ChallengeErrorKind::ExpectedSpaceAfterScheme { found: '"' },
            ),
            (
                "Bearer a=b, =c",
                12,
                ChallengeErrorKind::ExpectedScheme { found: '=' },
            ),
            (
                "Bearer realm=\"a\" error=x",
                17,
                ChallengeErrorKind::ExpectedComma { found: 'e' },
            ),
            (
                "Bearer abc def",
                11,
                ChallengeErrorKind::ExpectedComma { found: 'd' },
            ),
            (
                "Bearer {x}",
                7,
                ChallengeErrorKind::ExpectedToken68OrParam { found: '{' },
            ),
            (
                "Bearer realm=\"a\u{7}\"",
                15,
                ChallengeErrorKind::InvalidQuotedChar { found: '\u{7}' },
            ),
        ];
        for (value, offset, kind) in cases {
            let err = parse_challenges(&[value]).unwrap_err();
            assert_eq!((err.offset, &err.kind), (*offset, kind), "{value:?}");
        }
    }

    #[test]
    fn empty_elements_before_the_first_param_need_the_space() {
        let c = parse_challenges(&["Digest, Basic ,,realm=\"myrealm\""]).unwrap();
        assert_eq!(c.len(), 2);
        assert!(c[0].params.is_empty());
        assert_eq!(params(&c[1]), vec![("realm", "myrealm")]);
        assert_eq!(c[1].span, 8..31);
        // `Basic, realm=..`: the comma ends the challenge; no scheme before `realm`.
        let err = parse_challenges(&["Basic, realm=\"foo\""]).unwrap_err();
        assert_eq!(err.kind, ChallengeErrorKind::MissingScheme);
        // `Newauth , Basic`: the element after the comma is a challenge, not a parameter.
        let c = parse_challenges(&["Newauth , Basic realm=\"x\","]).unwrap();
        assert_eq!(
            (c[0].scheme.as_str(), c[1].scheme.as_str()),
            ("Newauth", "Basic")
        );
        assert!(c[0].params.is_empty());
    }

    #[test]
    fn escaped_control_characters_are_invalid_and_printing_re_parses() {
        let err = parse_challenges(&["Basic realm=\"a\\\nb\""]).unwrap_err();
        assert_eq!(
            (err.offset, err.kind),
            (15, ChallengeErrorKind::InvalidQuotedChar { found: '\n' })
        );
        let ok = parse_challenges(&["Basic realm=\"a\\\tb\\\"\""]).unwrap();
        assert_eq!(ok[0].param("realm"), Some("a\tb\""));
        let printed = ok[0].to_string();
        assert!(parse_challenges(&[&printed]).unwrap()[0].same_content(&ok[0]));
    }

    #[test]
    fn at_most_max_items_are_read() {
        let many: Vec<String> = (0..MAX_ITEMS + 10).map(|i| format!("p{i}=x")).collect();
        let line = format!("Bearer {}", many.join(", "));
        let parsed = parse_challenges_lenient(&[&line, "Basic realm=\"late\""]);
        assert_eq!(parsed.challenges.len(), 1);
        // The scheme counts as one item.
        assert_eq!(parsed.challenges[0].params.len(), MAX_ITEMS - 1);
        let last = parsed.errors.last().unwrap();
        assert_eq!(
            last.kind,
            ChallengeErrorKind::TooManyItems { limit: MAX_ITEMS }
        );
        assert!(line[last.offset..].starts_with(&format!("p{}=", MAX_ITEMS - 1)));
        // Below the limit nothing is refused.
        let fine: Vec<String> = (0..MAX_ITEMS - 1).map(|i| format!("p{i}=x")).collect();
        assert!(parse_challenges(&[&format!("Bearer {}", fine.join(", "))]).is_ok());
    }

    #[test]
    fn duplicates_are_found_whatever_their_distance() {
        let mut names: Vec<String> = (0..500).map(|i| format!("p{i}=x")).collect();
        names.push("P7=y".into());
        let parsed = parse_challenges_lenient(&[&format!("Bearer {}", names.join(", "))]);
        let dups: Vec<_> = parsed
            .errors
            .iter()
            .filter_map(|e| match &e.kind {
                ChallengeErrorKind::DuplicateParam { name, first } => Some((name.as_str(), *first)),
                _ => None,
            })
            .collect();
        // `p0=x, ` is 6 bytes from byte 7.
        assert_eq!(dups, vec![("P7", 7 + 7 * 6)]);
    }

    #[test]
    fn duplicates_are_found_on_both_sides_of_the_switch_to_a_map() {
        // Up to `SeenNames::FEW` names are scanned, more go into a map: every count around the
        // switch, a duplicate of the first name and of the last one, in another case.
        for n in 1..=(SeenNames::FEW + 3) {
            let mut params: Vec<String> = (0..n).map(|i| format!("p{i:02}=x")).collect();
            params.push("P00=y".into());
            params.push(format!("p{:02}=z", n - 1).to_uppercase());
            let parsed = parse_challenges_lenient(&[&format!("Bearer {}", params.join(", "))]);
            let dups: Vec<_> = parsed
                .errors
                .iter()
                .filter_map(|e| match &e.kind {
                    ChallengeErrorKind::DuplicateParam { name, first } => {
                        Some((name.clone(), *first, e.offset))
                    }
                    _ => None,
                })
                .collect();
            // `p00=x, ` is 7 bytes from byte 7.
            let at = |i: usize| 7 + 7 * i;
            let last = format!("P{:02}", n - 1);
            assert_eq!(
                dups,
                vec![
                    ("P00".to_owned(), at(0), at(n)),
                    (last, at(n - 1), at(n + 1))
                ],
                "{n} names"
            );
            assert_eq!(parsed.challenges[0].params.len(), n + 2);
        }
    }

    #[test]
    fn realm_equals_is_a_token68() {
        // `realm=` has no value, so the grammar reads it as the token68 `realm=`.
        let c = parse_challenges(&["Bearer realm="]);
        assert_eq!(c.unwrap()[0].token68.as_deref(), Some("realm="));
    }

    #[test]
    fn serializes_params_as_pairs() {
        let c = parse_challenges(&["Bearer realm=\"x\", Negotiate abc"]).unwrap();
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"[{"scheme":"Bearer","token68":null,"params":[["realm","x"]]},{"scheme":"Negotiate","token68":"abc","params":[]}]"#
        );
    }

    #[test]
    fn display_round_trips() {
        let mut c = Challenge::new("Newauth");
        c.params
            .push(("title".into(), "Login to \"apps\" \\ ok".into()));
        c.params.push(("type".into(), "1".into()));
        let text = c.to_string();
        assert_eq!(text, r#"Newauth title="Login to \"apps\" \\ ok", type="1""#);
        assert!(parse_challenges(&[&text]).unwrap()[0].same_content(&c));
    }
}
