//! RFC 4648 base64 and base64url decoding with errors that point at the offending character.
//!
//! ```
//! use authlens::parse::base64::{decode, Alphabet, Base64Error, Padding};
//!
//! assert_eq!(decode("Zm9vYg==", Alphabet::Standard, Padding::Required).unwrap(), b"foob");
//! // `_` belongs to base64url (RFC 4648 §5), not to base64 (§4): the error names byte 2.
//! assert_eq!(
//!     decode("Zm_v", Alphabet::Standard, Padding::Optional),
//!     Err(Base64Error::InvalidChar { offset: 2, ch: '_' })
//! );
//! ```
//!
//! Decoding itself is done by the `base64` crate; this module turns its errors into positions in
//! the caller's string (UTF-8 bytes) and says which alphabet a string looks like.

use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, DecodeError, Engine};

/// Which 64 characters encode the sextets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alphabet {
    /// RFC 4648 §4: `A-Z a-z 0-9 + /` (HTTP Basic, PEM).
    Standard,
    /// RFC 4648 §5: `A-Z a-z 0-9 - _` (JWT, URLs).
    UrlSafe,
}

/// What the decoder expects of the trailing `=` characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Padding {
    /// The input must be padded to a multiple of 4 characters (RFC 4648 §3.2 default).
    Required,
    /// No `=` may appear (JWS compact serialization, RFC 7515 §2).
    Forbidden,
    /// Canonical padding or none at all are both accepted.
    Optional,
}

/// Why a string is not valid base64. Every offset counts UTF-8 bytes from the start of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base64Error {
    /// The character at `offset` is not in the alphabet (and is not trailing padding).
    InvalidChar {
        /// Where the character is.
        offset: usize,
        /// The character.
        ch: char,
    },
    /// An `=` appears where padding is not allowed: inside the data, after fewer than two data
    /// characters of the last quantum, or anywhere when padding is [`Padding::Forbidden`].
    UnexpectedPadding {
        /// Where the `=` is.
        offset: usize,
    },
    /// [`Padding::Required`] but the input stops `missing` `=` short of a multiple of 4.
    MissingPadding {
        /// How many `=` are missing.
        missing: usize,
    },
    /// The number of data characters leaves a single character in the last quantum, which cannot
    /// encode a whole byte (`data_chars % 4 == 1`).
    InvalidLength {
        /// How many data characters there are.
        data_chars: usize,
    },
    /// The last data character (at `offset`) carries bits that do not fit in the decoded bytes:
    /// the text was truncated or altered, or is not the canonical encoding of anything.
    NonCanonicalEnd {
        /// Where the last data character is.
        offset: usize,
        /// The last data character.
        ch: char,
    },
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Base64Error::InvalidChar { offset, ch } => {
                write!(f, "character {} at byte {offset} is not in the base64 alphabet", CharName(*ch))
            }
            Base64Error::UnexpectedPadding { offset } => write!(f, "padding `=` at byte {offset} is not allowed there"),
            Base64Error::MissingPadding { missing } => {
                write!(f, "padding is required but {missing} `=` are missing at the end")
            }
            Base64Error::InvalidLength { data_chars } => write!(
                f,
                "{data_chars} base64 characters cannot be decoded: a lone character in the last group of 4 is one too few or one too many"
            ),
            Base64Error::NonCanonicalEnd { offset, ch } => write!(
                f,
                "last character {} at byte {offset} has bits set that encode nothing (truncated or altered data)",
                CharName(*ch)
            ),
        }
    }
}

impl std::error::Error for Base64Error {}

/// Shows a character so that invisible ones are still readable in an error message.
pub(crate) struct CharName(pub char);

impl fmt::Display for CharName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        if c.is_ascii_graphic() {
            write!(f, "`{c}`")
        } else {
            write!(f, "U+{:04X}", c as u32)
        }
    }
}

const fn engine(alphabet: &alphabet::Alphabet, padding: DecodePaddingMode) -> GeneralPurpose {
    GeneralPurpose::new(
        alphabet,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(padding)
            .with_decode_allow_trailing_bits(false),
    )
}

// Padding is checked here (to report where it is wrong), so the crate decodes indifferently.
const STANDARD: GeneralPurpose = engine(&alphabet::STANDARD, DecodePaddingMode::Indifferent);
const URL_SAFE: GeneralPurpose = engine(&alphabet::URL_SAFE, DecodePaddingMode::Indifferent);

/// Decodes `input` strictly: no whitespace, no line breaks, no characters of the other alphabet.
pub fn decode(input: &str, alphabet: Alphabet, padding: Padding) -> Result<Vec<u8>, Base64Error> {
    let engine = match alphabet {
        Alphabet::Standard => &STANDARD,
        Alphabet::UrlSafe => &URL_SAFE,
    };
    let bytes = input.as_bytes();
    match engine.decode(bytes) {
        Ok(decoded) => {
            check_padding(bytes, padding)?;
            Ok(decoded)
        }
        Err(err) => Err(map_error(input, err)),
    }
}

fn check_padding(bytes: &[u8], padding: Padding) -> Result<(), Base64Error> {
    let pad_count = bytes.iter().rev().take_while(|&&b| b == b'=').count();
    match padding {
        Padding::Optional => Ok(()),
        Padding::Forbidden if pad_count > 0 => Err(Base64Error::UnexpectedPadding {
            offset: bytes.len() - pad_count,
        }),
        Padding::Forbidden => Ok(()),
        Padding::Required => {
            let rem = bytes.len() % 4;
            if rem == 0 {
                Ok(())
            } else {
                Err(Base64Error::MissingPadding { missing: 4 - rem })
            }
        }
    }
}

fn map_error(input: &str, err: DecodeError) -> Base64Error {
    match err {
        DecodeError::InvalidByte(offset, b'=') => Base64Error::UnexpectedPadding { offset },
        DecodeError::InvalidByte(offset, _) => {
            let start = floor_char_boundary(input, offset);
            let ch = input
                .get(start..)
                .and_then(|s| s.chars().next())
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            Base64Error::InvalidChar { offset: start, ch }
        }
        // The crate counts symbols up to and including the lone one; all of them are data.
        DecodeError::InvalidLength(data_chars) => Base64Error::InvalidLength { data_chars },
        DecodeError::InvalidLastSymbol(offset, byte) => Base64Error::NonCanonicalEnd {
            offset,
            ch: char::from(byte),
        },
        // Not produced with `DecodePaddingMode::Indifferent`; kept total for crate upgrades.
        DecodeError::InvalidPadding => {
            let first_pad = input.find('=').unwrap_or(input.len());
            Base64Error::UnexpectedPadding { offset: first_pad }
        }
    }
}

pub(crate) use crate::text::floor_char_boundary;

/// The alphabet a string's characters fit, judged from its characters alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DetectedAlphabet {
    /// Only `A-Z a-z 0-9` (and padding): valid in both alphabets.
    Either,
    /// Contains `+` or `/` and no `-` or `_`.
    Standard,
    /// Contains `-` or `_` and no `+` or `/`.
    UrlSafe,
    /// Contains characters of both alphabets (`+` or `/` together with `-` or `_`).
    Mixed,
    /// Contains a character of neither alphabet (whitespace, `.`, non-ASCII, ...), or `=`
    /// before the end.
    Neither,
}

/// Says which alphabet `input` is written in, without decoding it.
pub fn detect_alphabet(input: &str) -> DetectedAlphabet {
    let data = input.trim_end_matches('=');
    let (mut standard, mut url) = (false, false);
    for b in data.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => {}
            b'+' | b'/' => standard = true,
            b'-' | b'_' => url = true,
            _ => return DetectedAlphabet::Neither,
        }
    }
    match (standard, url) {
        (false, false) => DetectedAlphabet::Either,
        (true, false) => DetectedAlphabet::Standard,
        (false, true) => DetectedAlphabet::UrlSafe,
        (true, true) => DetectedAlphabet::Mixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_section10_vectors_both_alphabets() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            for alphabet in [Alphabet::Standard, Alphabet::UrlSafe] {
                assert_eq!(
                    decode(encoded, alphabet, Padding::Required).unwrap(),
                    plain.as_bytes()
                );
                assert_eq!(
                    decode(encoded, alphabet, Padding::Optional).unwrap(),
                    plain.as_bytes()
                );
                let unpadded = encoded.trim_end_matches('=');
                assert_eq!(
                    decode(unpadded, alphabet, Padding::Forbidden).unwrap(),
                    plain.as_bytes()
                );
            }
        }
    }

    #[test]
    fn padding_rules_are_enforced_with_positions() {
        assert_eq!(
            decode("Zg", Alphabet::Standard, Padding::Required),
            Err(Base64Error::MissingPadding { missing: 2 })
        );
        assert_eq!(
            decode("Zm8", Alphabet::Standard, Padding::Required),
            Err(Base64Error::MissingPadding { missing: 1 })
        );
        assert_eq!(
            decode("Zg==", Alphabet::UrlSafe, Padding::Forbidden),
            Err(Base64Error::UnexpectedPadding { offset: 2 })
        );
        assert_eq!(
            decode("Zg==Zg==", Alphabet::Standard, Padding::Optional),
            Err(Base64Error::UnexpectedPadding { offset: 2 })
        );
        assert_eq!(
            decode("Z===", Alphabet::Standard, Padding::Optional),
            Err(Base64Error::UnexpectedPadding { offset: 1 })
        );
    }

    #[test]
    fn invalid_chars_are_located_in_bytes_even_after_multibyte_chars() {
        assert_eq!(
            decode("Zm9v Zm9v", Alphabet::Standard, Padding::Optional),
            Err(Base64Error::InvalidChar { offset: 4, ch: ' ' })
        );
        assert_eq!(
            decode("Zm9vé", Alphabet::Standard, Padding::Optional),
            Err(Base64Error::InvalidChar {
                offset: 4, ch: 'é'
            })
        );
        assert_eq!(
            decode("Zm+v", Alphabet::UrlSafe, Padding::Optional),
            Err(Base64Error::InvalidChar { offset: 2, ch: '+' })
        );
        // Past the crate's 8-byte fast path, in the middle of a long input.
        let long = format!("{}\u{200B}{}", "QUJD".repeat(10), "QUJD".repeat(10));
        assert_eq!(
            decode(&long, Alphabet::Standard, Padding::Required),
            Err(Base64Error::InvalidChar {
                offset: 40,
                ch: '\u{200B}'
            })
        );
    }

    #[test]
    fn length_and_trailing_bits_errors() {
        assert_eq!(
            decode("Zm9vY", Alphabet::Standard, Padding::Optional),
            Err(Base64Error::InvalidLength { data_chars: 5 })
        );
        // "Zh" decodes to 'f' only if the low 4 bits of 'h' are zero; they are not.
        assert_eq!(
            decode("Zh==", Alphabet::Standard, Padding::Required),
            Err(Base64Error::NonCanonicalEnd { offset: 1, ch: 'h' })
        );
    }

    #[test]
    fn alphabet_detection() {
        assert_eq!(detect_alphabet("Zm9vYmFy"), DetectedAlphabet::Either);
        assert_eq!(detect_alphabet("ab+/cd=="), DetectedAlphabet::Standard);
        assert_eq!(detect_alphabet("ab-_cd"), DetectedAlphabet::UrlSafe);
        assert_eq!(detect_alphabet("ab+_cd"), DetectedAlphabet::Mixed);
        assert_eq!(detect_alphabet("ab cd"), DetectedAlphabet::Neither);
        assert_eq!(detect_alphabet("ab=cd"), DetectedAlphabet::Neither);
    }

    #[test]
    fn display_messages_name_position_and_char() {
        let msg = Base64Error::InvalidChar {
            offset: 3,
            ch: '\u{A0}',
        }
        .to_string();
        assert_eq!(
            msg,
            "character U+00A0 at byte 3 is not in the base64 alphabet"
        );
    }
}
