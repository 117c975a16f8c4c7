//! Parsers for authentication headers and tokens, written to the RFCs and lenient enough to
//! describe the malformed values people actually send.
//!
//! ```
//! use authlens::parse::authorization::{parse_credentials, CredentialsForm};
//! use authlens::parse::basic::decode_basic;
//!
//! let creds = parse_credentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==").unwrap();
//! assert_eq!(creds.scheme, "Basic");
//! let CredentialsForm::Token68(token) = creds.form else { panic!("token68 expected") };
//! assert_eq!(decode_basic(token).unwrap().user, "Aladdin");
//! ```
//!
//! Every position these parsers report counts UTF-8 bytes into the string they were given, and
//! every span lies on char boundaries. Parsers borrow from their input where the value needs no
//! unescaping.

pub mod authorization;
pub mod base64;
pub mod basic;
pub mod bearer;
pub mod challenge;
pub mod digest;
pub mod jwt;

/// RFC 9110 §5.6.2 `tchar`: the characters of a `token` (scheme and parameter names).
#[inline]
pub fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize]
}

/// [`is_tchar`] as a table: the parsers test every byte of every token, and the wasm is built
/// for size, where a `match` chain stays a chain of compares.
static TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = matches!(
            c,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
        ) || c.is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// RFC 9110 §11.2 `token68` data characters (everything but the trailing `=`).
pub(crate) fn is_token68_char(b: u8) -> bool {
    TOKEN68[usize::from(b)]
}

/// `A-Z a-z 0-9 - . _ ~ + /`, as a table: tokens are long (a JWT is hundreds of bytes) and
/// checked often.
static TOKEN68: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/') || b.is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// Length in bytes of the run of `tchar` at the start of `s`.
pub(crate) fn token_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && TCHAR[b[i] as usize] {
        i += 1;
    }
    i
}

/// Length in bytes of the run of optional whitespace (SP / HTAB, RFC 9110 §5.6.3) at the start.
pub(crate) fn ows_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    i
}

/// Like [`ows_len`] but also skips obs-fold (a line break followed by SP or HTAB), which
/// RFC 9110 §5.5 tells recipients to read as SP; copied headers often keep it (the RFCs' own
/// examples are folded).
pub(crate) fn ows_fold_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        match b.get(i) {
            Some(b' ' | b'\t') => i += 1,
            Some(b'\r')
                if b.get(i + 1) == Some(&b'\n') && matches!(b.get(i + 2), Some(b' ' | b'\t')) =>
            {
                i += 3
            }
            Some(b'\n') if matches!(b.get(i + 1), Some(b' ' | b'\t')) => i += 2,
            _ => return i,
        }
    }
}

/// A `quoted-string` (RFC 9110 §5.6.4) read from `s` at `open`, the offset of its opening `"`.
pub(crate) struct QuotedString<'a> {
    /// The content with every quoted-pair `\x` replaced by `x`; borrowed when there was none.
    pub value: std::borrow::Cow<'a, str>,
    /// Offset just past the closing `"`.
    pub end: usize,
    /// The first character that `qdtext` or `quoted-pair` does not allow (a control other than
    /// HTAB, or DEL), escaped or not, with its offset.
    pub invalid: Option<(usize, char)>,
}

/// Reads the quoted-string opening at `open`; `None` when no closing quote follows.
pub(crate) fn quoted_string(s: &str, open: usize) -> Option<QuotedString<'_>> {
    let body_start = open + 1;
    let body = s.get(body_start..)?;
    let mut unescaped: Option<String> = None;
    let mut invalid = None;
    let mut chars = body.char_indices();
    let mut run_start = 0;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                let value = match unescaped {
                    Some(mut owned) => {
                        owned.push_str(body.get(run_start..i).unwrap_or_default());
                        std::borrow::Cow::Owned(owned)
                    }
                    None => std::borrow::Cow::Borrowed(body.get(..i).unwrap_or_default()),
                };
                return Some(QuotedString {
                    value,
                    end: body_start + i + 1,
                    invalid,
                });
            }
            '\\' => {
                let owned = unescaped.get_or_insert_with(String::new);
                owned.push_str(body.get(run_start..i).unwrap_or_default());
                match chars.next() {
                    Some((j, escaped)) => {
                        // RFC 9110 §5.6.4: `quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )`,
                        // so a backslash does not make a control character legal.
                        if is_quoted_control(escaped) && invalid.is_none() {
                            invalid = Some((body_start + j, escaped));
                        }
                        owned.push(escaped);
                        run_start = j + escaped.len_utf8();
                    }
                    None => return None,
                }
            }
            c if is_quoted_control(c) && invalid.is_none() => {
                invalid = Some((body_start + i, c));
            }
            _ => {}
        }
    }
    None
}

/// A character neither `qdtext` nor `quoted-pair` allows: a C0 control other than HTAB, or DEL.
/// (Non-ASCII characters are `obs-text` in their UTF-8 bytes.)
fn is_quoted_control(c: char) -> bool {
    c.is_ascii_control() && c != '\t'
}

/// Writes `value` as a quoted-string, escaping `"` and `\`.
pub(crate) fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tchar_table_is_rfc_9110_tchar() {
        // RFC 9110 §5.6.2, spelled out: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" /
        // "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
        let listed =
            b"!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for b in 0..=255u8 {
            assert_eq!(is_tchar(b), listed.contains(&b), "byte {b}");
        }
        assert_eq!(token_len("Bearer realm"), 6);
        assert_eq!(token_len("é"), 0);
        assert_eq!(ows_len(" \t x"), 3);
        assert_eq!(ows_len(""), 0);
    }

    #[test]
    fn quoted_string_unescapes_and_borrows_when_it_can() {
        let s = r#"x="a\"b\\c" y"#;
        let q = quoted_string(s, 2).unwrap();
        assert_eq!(q.value, "a\"b\\c");
        assert_eq!(q.end, 11);
        let q = quoted_string("\"plain\"", 0).unwrap();
        assert!(matches!(q.value, std::borrow::Cow::Borrowed("plain")));
        assert!(quoted_string("\"open", 0).is_none());
        assert!(quoted_string("\"ends in escape\\", 0).is_none());
        assert_eq!(
            quoted_string("\"a\nb\"", 0).unwrap().invalid,
            Some((2, '\n'))
        );
        assert_eq!(quoted_string("\"é\\\"\"", 0).unwrap().value, "é\"");
        // An escaped control character is still invalid (quoted-pair allows HTAB, SP, VCHAR and
        // obs-text only); an escaped HTAB is fine.
        assert_eq!(
            quoted_string("\"a\\\nb\"", 0).unwrap().invalid,
            Some((3, '\n'))
        );
        assert_eq!(
            quoted_string("\"a\\\u{7f}\"", 0).unwrap().invalid,
            Some((3, '\u{7f}'))
        );
        assert_eq!(quoted_string("\"a\\\tb\"", 0).unwrap().invalid, None);
    }

    #[test]
    fn obs_fold_counts_as_whitespace() {
        assert_eq!(ows_fold_len(" \t\r\n  x"), 6);
        assert_eq!(ows_fold_len("\n\tx"), 2);
        assert_eq!(ows_fold_len("\r\nx"), 0);
        assert_eq!(ows_fold_len(" \n"), 1);
        assert_eq!(ows_fold_len(""), 0);
    }

    #[test]
    fn tchar_table_matches_rfc9110() {
        let tchars: String = (0u8..=127)
            .filter(|&b| is_tchar(b))
            .map(char::from)
            .collect();
        assert_eq!(
            tchars,
            "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
        );
    }
}
