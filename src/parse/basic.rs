//! HTTP Basic credentials (RFC 7617): base64 of `user-id ":" password`, with the facts a
//! diagnosis needs (empty parts, stray whitespace, non-UTF-8 bytes).
//!
//! ```
//! use authlens::parse::basic::decode_basic;
//!
//! let creds = decode_basic("QWxhZGRpbjpvcGVuIHNlc2FtZQ==").unwrap();
//! assert_eq!((creds.user.as_str(), creds.password.as_str()), ("Aladdin", "open sesame"));
//! assert_eq!(creds.colon_at, 7);
//! ```
//!
//! RFC 7617 §2: the user-id cannot contain a colon, so the first colon splits; the password may
//! contain more. The encoding is UTF-8 when the server asked with `charset="UTF-8"`, otherwise
//! undefined: non-UTF-8 bytes are reported with their Latin-1 reading, which is what most
//! non-UTF-8 clients send.

use std::fmt;

use super::base64::{decode, Alphabet, Base64Error, Padding};

/// Decoded Basic credentials. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    /// The text before the first `:`.
    pub user: String,
    /// The text after the first `:` (hidden by `Debug`).
    pub password: String,
    /// The decoded bytes.
    pub raw: Vec<u8>,
    /// Offset of the first `:` in [`Self::raw`].
    pub colon_at: usize,
    /// The base64 text had no `=` padding where RFC 4648 wants some (accepted by most servers,
    /// rejected by some).
    pub unpadded: bool,
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials")
            .field("user", &self.user)
            .field(
                "password",
                &format_args!("<{} bytes hidden>", self.password.len()),
            )
            .field("colon_at", &self.colon_at)
            .field("unpadded", &self.unpadded)
            .finish()
    }
}

/// Which half of the credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BasicPart {
    /// The user name.
    User,
    /// The password.
    Password,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
/// Which end of a part.
pub enum Edge {
    /// At the start.
    Leading,
    /// At the end.
    Trailing,
}

/// A whitespace, control or invisible character at the start or end of the user or password
/// (e.g. the newline of `echo "user:pass" | base64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasicWhitespace {
    /// In the user or in the password.
    pub part: BasicPart,
    /// At its start or at its end.
    pub edge: Edge,
    /// Offset in [`BasicCredentials::raw`] (UTF-8 bytes of the decoded text).
    pub offset: usize,
    /// The character.
    pub ch: char,
}

/// Why a Basic credential cannot be decoded.
#[derive(Clone, PartialEq, Eq)]
pub enum BasicError {
    /// The credential is empty (`Authorization: Basic `).
    Empty,
    /// The credential is not standard base64 (RFC 4648 §4); offsets count UTF-8 bytes into the
    /// credential.
    NotBase64(Base64Error),
    /// The decoded bytes are not UTF-8; `offset` is the first bad byte in the decoded bytes.
    /// `latin1` reads every byte as ISO-8859-1, and `colon_at` is the first colon, if any.
    /// `Debug` hides `latin1`.
    NotUtf8 {
        /// The first byte that is not UTF-8.
        offset: usize,
        /// The bytes read as ISO-8859-1.
        latin1: String,
        /// The first colon, if any.
        colon_at: Option<usize>,
    },
    /// The decoded text has no `:` (often the token was encoded alone, or the API expects
    /// Bearer). `decoded_len` is its length in bytes; the text is not kept.
    NoColon {
        /// Length of the decoded text in bytes.
        decoded_len: usize,
    },
}

impl fmt::Debug for BasicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BasicError::Empty => f.write_str("Empty"),
            BasicError::NotBase64(e) => f.debug_tuple("NotBase64").field(e).finish(),
            BasicError::NotUtf8 {
                offset,
                latin1,
                colon_at,
            } => f
                .debug_struct("NotUtf8")
                .field("offset", offset)
                .field(
                    "latin1",
                    &format_args!("<{} chars hidden>", latin1.chars().count()),
                )
                .field("colon_at", colon_at)
                .finish(),
            BasicError::NoColon { decoded_len } => f
                .debug_struct("NoColon")
                .field("decoded_len", decoded_len)
                .finish(),
        }
    }
}

impl fmt::Display for BasicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BasicError::Empty => f.write_str("the Basic credential is empty"),
            BasicError::NotBase64(e) => write!(f, "the Basic credential is not base64: {e}"),
            BasicError::NotUtf8 { offset, .. } => {
                write!(f, "the decoded Basic credential is not UTF-8 (byte {offset} of the decoded bytes)")
            }
            BasicError::NoColon { decoded_len } => {
                write!(f, "the decoded Basic credential ({decoded_len} bytes) has no `:` between user and password")
            }
        }
    }
}

impl std::error::Error for BasicError {}

/// Decodes the token68 of a Basic credential.
pub fn decode_basic(token68: &str) -> Result<BasicCredentials, BasicError> {
    if token68.is_empty() {
        return Err(BasicError::Empty);
    }
    let raw =
        decode(token68, Alphabet::Standard, Padding::Optional).map_err(BasicError::NotBase64)?;
    let colon = raw.iter().position(|&b| b == b':');
    let text = match std::str::from_utf8(&raw) {
        Ok(text) => text,
        Err(e) => {
            let latin1 = raw.iter().map(|&b| char::from(b)).collect();
            return Err(BasicError::NotUtf8 {
                offset: e.valid_up_to(),
                latin1,
                colon_at: colon,
            });
        }
    };
    let colon_at = colon.ok_or(BasicError::NoColon {
        decoded_len: raw.len(),
    })?;
    let user = text[..colon_at].to_owned();
    let password = text[colon_at + 1..].to_owned();
    Ok(BasicCredentials {
        user,
        password,
        raw,
        colon_at,
        unpadded: token68.len() % 4 != 0,
    })
}

/// Whitespace-like characters worth flagging at the edges of a user or password.
fn is_stray(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

impl BasicCredentials {
    /// The user part is empty (`:password`).
    pub fn user_is_empty(&self) -> bool {
        self.user.is_empty()
    }

    /// The password part is empty (`user:`).
    pub fn password_is_empty(&self) -> bool {
        self.password.is_empty()
    }

    /// The stray characters at either edge of the user and of the password, in byte order: at
    /// most [`MAX_STRAY`] per edge (a megabyte of trailing spaces is still one finding).
    pub fn whitespace(&self) -> Vec<BasicWhitespace> {
        let mut found = Vec::new();
        for (part, text, base) in [
            (BasicPart::User, self.user.as_str(), 0),
            (
                BasicPart::Password,
                self.password.as_str(),
                self.colon_at + 1,
            ),
        ] {
            let lead_end = text.len() - text.trim_start_matches(is_stray).len();
            for (i, ch) in text[..lead_end].char_indices().take(MAX_STRAY) {
                found.push(BasicWhitespace {
                    part,
                    edge: Edge::Leading,
                    offset: base + i,
                    ch,
                });
            }
            // A part made only of whitespace is reported once, as leading.
            let trail_start = text.trim_end_matches(is_stray).len().max(lead_end);
            for (i, ch) in text[trail_start..].char_indices().take(MAX_STRAY) {
                found.push(BasicWhitespace {
                    part,
                    edge: Edge::Trailing,
                    offset: base + trail_start + i,
                    ch,
                });
            }
        }
        found
    }
}

/// How many stray characters [`BasicCredentials::whitespace`] lists per edge.
pub const MAX_STRAY: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn stray_whitespace_is_listed_up_to_the_limit() {
        let c = decode_basic(&encode(
            format!("user:pass{}", " ".repeat(10_000)).as_bytes(),
        ))
        .unwrap();
        let stray = c.whitespace();
        assert_eq!(stray.len(), MAX_STRAY);
        assert_eq!(stray[0].offset, 9);
        assert!(stray.iter().all(|w| w.edge == Edge::Trailing));
    }

    fn encode(s: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    #[test]
    fn rfc7617_example() {
        assert_eq!(
            encode(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        let c = decode_basic("QWxhZGRpbjpvcGVuIHNlc2FtZQ==").unwrap();
        assert_eq!(c.user, "Aladdin");
        assert_eq!(c.password, "open sesame");
        assert_eq!(c.raw, b"Aladdin:open sesame");
        assert!(!c.unpadded);
        assert!(c.whitespace().is_empty());
    }

    #[test]
    fn rfc7617_utf8_example() {
        // §2.1: "test" / "123£" with charset="UTF-8".
        let c = decode_basic("dGVzdDoxMjPCow==").unwrap();
        assert_eq!((c.user.as_str(), c.password.as_str()), ("test", "123£"));
    }

    #[test]
    fn password_may_contain_colons_and_parts_may_be_empty() {
        let c = decode_basic(&encode(b"user:pa:ss")).unwrap();
        assert_eq!(
            (c.user.as_str(), c.password.as_str(), c.colon_at),
            ("user", "pa:ss", 4)
        );
        let c = decode_basic(&encode(b":secret")).unwrap();
        assert!(c.user_is_empty() && !c.password_is_empty());
        let c = decode_basic(&encode(b"apikey:")).unwrap();
        assert!(c.password_is_empty());
    }

    #[test]
    fn trailing_newline_from_echo_is_reported() {
        let c = decode_basic(&encode(b"user:pass\n")).unwrap();
        assert_eq!(
            c.whitespace(),
            vec![BasicWhitespace {
                part: BasicPart::Password,
                edge: Edge::Trailing,
                offset: 9,
                ch: '\n'
            }]
        );
        let c = decode_basic(&encode(" user :\u{A0}pw".as_bytes())).unwrap();
        let edges: Vec<_> = c
            .whitespace()
            .iter()
            .map(|w| (w.part, w.edge, w.offset, w.ch))
            .collect();
        assert_eq!(
            edges,
            vec![
                (BasicPart::User, Edge::Leading, 0, ' '),
                (BasicPart::User, Edge::Trailing, 5, ' '),
                (BasicPart::Password, Edge::Leading, 7, '\u{A0}'),
            ]
        );
    }

    #[test]
    fn errors_have_positions() {
        assert_eq!(decode_basic(""), Err(BasicError::Empty));
        assert_eq!(
            decode_basic("dXNlcjpw-XNz"),
            Err(BasicError::NotBase64(Base64Error::InvalidChar {
                offset: 8,
                ch: '-'
            }))
        );
        assert_eq!(
            decode_basic(&encode(b"justatoken")),
            Err(BasicError::NoColon { decoded_len: 10 })
        );
        let latin1 = encode(b"j\xfcrgen:pw");
        assert_eq!(
            decode_basic(&latin1),
            Err(BasicError::NotUtf8 {
                offset: 1,
                latin1: "jürgen:pw".into(),
                colon_at: Some(6)
            })
        );
    }

    #[test]
    fn unpadded_is_accepted_and_flagged() {
        let c = decode_basic("dXNlcjpwdw").unwrap();
        assert_eq!(c.password, "pw");
        assert!(c.unpadded);
    }

    #[test]
    fn debug_never_shows_the_password() {
        let c = decode_basic(&encode(b"user:hunter2")).unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
        let e = decode_basic(&encode(b"u:hunter\xff")).unwrap_err();
        assert!(!format!("{e:?}").contains("hunter"));
    }
}
