//! HTTP Digest (RFC 7616): the parameters of a challenge (§3.3) and of a credential (§3.4),
//! checked against the RFC's requirements.
//!
//! ```
//! use authlens::parse::challenge::parse_challenges;
//! use authlens::parse::digest::{parse_digest_challenge, DigestAlgorithm, Qop};
//!
//! let c = parse_challenges(&[r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v""#]).unwrap();
//! let digest = parse_digest_challenge(&c[0]).unwrap();
//! assert_eq!(digest.algorithm, DigestAlgorithm::Sha256);
//! assert_eq!(digest.qop, vec![Qop::Auth, Qop::AuthInt]);
//! ```

use std::fmt;

use serde::Serialize;

use super::authorization::{Credentials, CredentialsForm};
use super::challenge::Challenge;

/// The `algorithm` parameter (RFC 7616 §3.3, §6.1). Matched case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DigestAlgorithm {
    /// `MD5` (the default).
    Md5,
    /// `MD5-sess`.
    Md5Sess,
    /// `SHA-256`.
    Sha256,
    /// `SHA-256-sess`.
    Sha256Sess,
    /// `SHA-512-256`.
    Sha512_256,
    /// `SHA-512-256-sess`.
    Sha512_256Sess,
    /// Not in the IANA registry.
    Other(String),
}

impl DigestAlgorithm {
    /// Reads an algorithm name, case-insensitively.
    pub fn parse(name: &str) -> Self {
        const KNOWN: [(&str, DigestAlgorithm); 6] = [
            ("MD5", DigestAlgorithm::Md5),
            ("MD5-sess", DigestAlgorithm::Md5Sess),
            ("SHA-256", DigestAlgorithm::Sha256),
            ("SHA-256-sess", DigestAlgorithm::Sha256Sess),
            ("SHA-512-256", DigestAlgorithm::Sha512_256),
            ("SHA-512-256-sess", DigestAlgorithm::Sha512_256Sess),
        ];
        KNOWN
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, a)| a.clone())
            .unwrap_or_else(|| DigestAlgorithm::Other(name.to_owned()))
    }

    /// Length in hex digits of a `response` computed with this algorithm.
    pub fn response_hex_len(&self) -> Option<usize> {
        match self {
            DigestAlgorithm::Md5 | DigestAlgorithm::Md5Sess => Some(32),
            DigestAlgorithm::Sha256
            | DigestAlgorithm::Sha256Sess
            | DigestAlgorithm::Sha512_256
            | DigestAlgorithm::Sha512_256Sess => Some(64),
            DigestAlgorithm::Other(_) => None,
        }
    }
}

/// A quality of protection (RFC 7616 §3.3 `qop`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Qop {
    /// `auth`: authentication only.
    Auth,
    /// `auth-int`: authentication with integrity protection.
    AuthInt,
    /// Any other value, as sent.
    Other(String),
}

impl Qop {
    /// Reads a qop value, case-insensitively.
    pub fn parse(value: &str) -> Self {
        if value.eq_ignore_ascii_case("auth") {
            Qop::Auth
        } else if value.eq_ignore_ascii_case("auth-int") {
            Qop::AuthInt
        } else {
            Qop::Other(value.to_owned())
        }
    }
}

/// A Digest challenge's parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestChallenge {
    /// `realm`, the protection space.
    pub realm: String,
    /// Space-separated URIs of the protection space.
    pub domain: Vec<String>,
    /// `nonce`, the server's one-time value.
    pub nonce: String,
    /// `opaque`, to be echoed back.
    pub opaque: Option<String>,
    /// `stale=true`: the nonce expired but the credential was right; retry with the new nonce.
    pub stale: bool,
    /// `MD5` when the parameter is absent (RFC 7616 §3.3).
    pub algorithm: DigestAlgorithm,
    /// Offered qualities of protection; empty when the parameter is absent (RFC 2069 mode).
    pub qop: Vec<Qop>,
    /// `charset=UTF-8` was given.
    pub charset_utf8: bool,
    /// `userhash=true`: the client should hash the user name.
    pub userhash: bool,
}

/// A Digest credential's parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigestCredentials {
    /// `username`, or the RFC 8187 `username*` value as sent when that form is used.
    pub username: String,
    /// The user name was sent as `username*` (extended notation).
    pub username_extended: bool,
    /// `realm`.
    pub realm: String,
    /// `nonce`, as received in the challenge.
    pub nonce: String,
    /// `uri`, the request target.
    pub uri: String,
    /// `response`, the hex digest.
    pub response: String,
    /// `algorithm` (`MD5` when absent).
    pub algorithm: DigestAlgorithm,
    /// `cnonce`, the client nonce.
    pub cnonce: Option<String>,
    /// `opaque`, echoed from the challenge.
    pub opaque: Option<String>,
    /// `qop`, the chosen quality of protection.
    pub qop: Option<Qop>,
    /// `nc`, the nonce count, parsed from its 8 hex digits.
    pub nonce_count: Option<u32>,
    /// `userhash=true`: the user name is hashed.
    pub userhash: bool,
}

/// Why Digest parameters break RFC 7616.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestError {
    /// The challenge or credential uses another scheme.
    NotDigest {
        /// The scheme used instead.
        scheme: String,
    },
    /// A token68 or malformed text instead of a parameter list.
    NotParams,
    /// A required parameter is absent.
    MissingParam(&'static str),
    /// A parameter appears twice (names compare case-insensitively).
    DuplicateParam(String),
    /// A boolean parameter (`userhash`) is neither `true` nor `false`.
    InvalidBool {
        /// The parameter name.
        param: &'static str,
        /// The value sent.
        value: String,
    },
    /// `charset` is something other than `UTF-8`, the only value RFC 7616 §3.3 allows.
    InvalidCharset(String),
    /// `nc` is not exactly 8 hex digits.
    InvalidNonceCount(String),
    /// `response` has a non-hex character at `offset` (UTF-8 bytes into the value).
    ResponseNotHex {
        /// Where the character is.
        offset: usize,
        /// The character.
        ch: char,
    },
    /// `response` has the wrong length for its algorithm.
    ResponseLength {
        /// Hex digits the algorithm gives.
        expected: usize,
        /// Hex digits sent.
        found: usize,
    },
    /// Both `username` and `username*` were sent (RFC 7616 §3.4 forbids it).
    BothUsernameForms,
    /// `qop` was sent without `cnonce` or `nc`, which it requires (RFC 7616 §3.4).
    QopWithoutCnonceOrNc,
}

impl fmt::Display for DigestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DigestError::NotDigest { scheme } => write!(f, "scheme `{scheme}` is not Digest"),
            DigestError::NotParams => {
                f.write_str("Digest needs a list of parameters, not a single token")
            }
            DigestError::MissingParam(p) => write!(f, "required Digest parameter `{p}` is missing"),
            DigestError::DuplicateParam(p) => {
                write!(f, "Digest parameter `{p}` appears more than once")
            }
            DigestError::InvalidBool { param, value } => {
                write!(f, "`{param}` must be true or false, not `{value}`")
            }
            DigestError::InvalidCharset(v) => write!(f, "`charset` must be UTF-8, not `{v}`"),
            DigestError::InvalidNonceCount(v) => write!(f, "`nc` must be 8 hex digits, not `{v}`"),
            DigestError::ResponseNotHex { offset, ch } => {
                write!(
                    f,
                    "`response` has non-hex character {} at byte {offset}",
                    super::base64::CharName(*ch)
                )
            }
            DigestError::ResponseLength { expected, found } => {
                write!(
                    f,
                    "`response` has {found} hex digits; the algorithm produces {expected}"
                )
            }
            DigestError::BothUsernameForms => {
                f.write_str("both `username` and `username*` were sent")
            }
            DigestError::QopWithoutCnonceOrNc => {
                f.write_str("`qop` was sent without `cnonce` and `nc`")
            }
        }
    }
}

impl std::error::Error for DigestError {}

struct Params<'p>(Vec<(&'p str, &'p str)>);

impl<'p> Params<'p> {
    fn new(pairs: Vec<(&'p str, &'p str)>) -> Result<Self, DigestError> {
        // One set lookup per name, not a scan of the names before it.
        let mut seen = std::collections::HashSet::with_capacity(pairs.len());
        for (name, _) in &pairs {
            if !seen.insert(name.to_ascii_lowercase()) {
                return Err(DigestError::DuplicateParam((*name).to_owned()));
            }
        }
        Ok(Params(pairs))
    }
    fn get(&self, name: &str) -> Option<&'p str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
    fn required(&self, name: &'static str) -> Result<String, DigestError> {
        self.get(name)
            .map(str::to_owned)
            .ok_or(DigestError::MissingParam(name))
    }
    fn boolean(&self, name: &'static str) -> Result<bool, DigestError> {
        match self.get(name) {
            None => Ok(false),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(DigestError::InvalidBool {
                param: name,
                value: v.to_owned(),
            }),
        }
    }
    fn algorithm(&self) -> DigestAlgorithm {
        self.get("algorithm")
            .map_or(DigestAlgorithm::Md5, DigestAlgorithm::parse)
    }
}

/// Reads and checks the parameters of a Digest challenge.
pub fn parse_digest_challenge(challenge: &Challenge) -> Result<DigestChallenge, DigestError> {
    if !challenge.is_scheme("Digest") {
        return Err(DigestError::NotDigest {
            scheme: challenge.scheme.clone(),
        });
    }
    if challenge.token68.is_some() {
        return Err(DigestError::NotParams);
    }
    let params = Params::new(
        challenge
            .params
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
    )?;
    let charset_utf8 = match params.get("charset") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("UTF-8") => true,
        Some(v) => return Err(DigestError::InvalidCharset(v.to_owned())),
    };
    Ok(DigestChallenge {
        realm: params.required("realm")?,
        domain: params
            .get("domain")
            .unwrap_or_default()
            .split_ascii_whitespace()
            .map(str::to_owned)
            .collect(),
        nonce: params.required("nonce")?,
        opaque: params.get("opaque").map(str::to_owned),
        // RFC 7616 §3.3: anything but a case-insensitive "true" means false.
        stale: params
            .get("stale")
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        algorithm: params.algorithm(),
        qop: params
            .get("qop")
            .unwrap_or_default()
            .split(',')
            .map(|q| q.trim_matches([' ', '\t']))
            .filter(|q| !q.is_empty())
            .map(Qop::parse)
            .collect(),
        charset_utf8,
        userhash: params.boolean("userhash")?,
    })
}

/// Reads and checks the parameters of a Digest `Authorization` credential.
pub fn parse_digest_credentials(
    credentials: &Credentials<'_>,
) -> Result<DigestCredentials, DigestError> {
    if !credentials.is_scheme("Digest") {
        return Err(DigestError::NotDigest {
            scheme: credentials.scheme.to_owned(),
        });
    }
    let CredentialsForm::Params(list) = &credentials.form else {
        return Err(DigestError::NotParams);
    };
    let params = Params::new(list.iter().map(|p| (p.name, p.value.as_ref())).collect())?;
    let (username, username_extended) = match (params.get("username"), params.get("username*")) {
        (Some(_), Some(_)) => return Err(DigestError::BothUsernameForms),
        (Some(u), None) => (u.to_owned(), false),
        (None, Some(u)) => (u.to_owned(), true),
        (None, None) => return Err(DigestError::MissingParam("username")),
    };
    let algorithm = params.algorithm();
    let response = params.required("response")?;
    if let Some((offset, ch)) = response
        .char_indices()
        .find(|(_, c)| !c.is_ascii_hexdigit())
    {
        return Err(DigestError::ResponseNotHex { offset, ch });
    }
    if let Some(expected) = algorithm.response_hex_len() {
        if response.len() != expected {
            return Err(DigestError::ResponseLength {
                expected,
                found: response.len(),
            });
        }
    }
    let nonce_count = match params.get("nc") {
        None => None,
        Some(nc) if nc.len() == 8 && nc.bytes().all(|b| b.is_ascii_hexdigit()) => Some(
            u32::from_str_radix(nc, 16)
                .map_err(|_| DigestError::InvalidNonceCount(nc.to_owned()))?,
        ),
        Some(nc) => return Err(DigestError::InvalidNonceCount(nc.to_owned())),
    };
    let qop = params.get("qop").map(Qop::parse);
    let cnonce = params.get("cnonce").map(str::to_owned);
    if qop.is_some() && (cnonce.is_none() || nonce_count.is_none()) {
        return Err(DigestError::QopWithoutCnonceOrNc);
    }
    Ok(DigestCredentials {
        username,
        username_extended,
        realm: params.required("realm")?,
        nonce: params.required("nonce")?,
        uri: params.required("uri")?,
        response,
        algorithm,
        cnonce,
        opaque: params.get("opaque").map(str::to_owned),
        qop,
        nonce_count,
        userhash: params.boolean("userhash")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::authorization::parse_credentials;
    use crate::parse::challenge::parse_challenges;

    // RFC 7616 §3.9.1, folded onto one line.
    const CHALLENGE: &str = concat!(
        r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, "#,
        r#"nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#
    );
    const CREDENTIALS: &str = concat!(
        r#"Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, "#,
        r#"nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "#,
        r#"qop=auth, response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", "#,
        r#"opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#
    );

    fn challenge(v: &str) -> Result<DigestChallenge, DigestError> {
        parse_digest_challenge(&parse_challenges(&[v]).unwrap()[0])
    }

    fn credentials(v: &str) -> Result<DigestCredentials, DigestError> {
        parse_digest_credentials(&parse_credentials(v).unwrap())
    }

    #[test]
    fn rfc7616_example_challenge() {
        let d = challenge(CHALLENGE).unwrap();
        assert_eq!(d.realm, "http-auth@example.org");
        assert_eq!(d.qop, vec![Qop::Auth, Qop::AuthInt]);
        assert_eq!(d.algorithm, DigestAlgorithm::Sha256);
        assert_eq!(d.nonce, "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v");
        assert_eq!(
            d.opaque.as_deref(),
            Some("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")
        );
        assert!(!d.stale && !d.userhash && !d.charset_utf8);
    }

    #[test]
    fn rfc7616_example_credentials() {
        let d = credentials(CREDENTIALS).unwrap();
        assert_eq!(d.username, "Mufasa");
        assert_eq!(d.uri, "/dir/index.html");
        assert_eq!(d.nonce_count, Some(1));
        assert_eq!(d.qop, Some(Qop::Auth));
        assert_eq!(d.algorithm, DigestAlgorithm::Sha256);
        assert_eq!(d.response.len(), 64);
    }

    #[test]
    fn challenge_defaults_and_flags() {
        let d = challenge(r#"Digest realm="r", nonce="n", stale=TRUE, charset=utf-8, userhash=true, domain="/a /b""#).unwrap();
        assert_eq!(d.algorithm, DigestAlgorithm::Md5);
        assert!(d.qop.is_empty());
        assert!(d.stale && d.charset_utf8 && d.userhash);
        assert_eq!(d.domain, vec!["/a", "/b"]);
        assert_eq!(
            challenge(r#"Digest realm="r", nonce="n", algorithm=SHA3"#)
                .unwrap()
                .algorithm,
            DigestAlgorithm::Other("SHA3".into())
        );
    }

    #[test]
    fn challenge_errors() {
        assert_eq!(
            challenge(r#"Digest nonce="n""#),
            Err(DigestError::MissingParam("realm"))
        );
        assert_eq!(
            challenge(r#"Digest realm="r""#),
            Err(DigestError::MissingParam("nonce"))
        );
        assert_eq!(
            challenge(r#"Digest realm="r", nonce="n", charset=latin1"#),
            Err(DigestError::InvalidCharset("latin1".into()))
        );
        assert_eq!(
            challenge(r#"Digest realm="r", nonce="n", userhash=yes"#),
            Err(DigestError::InvalidBool {
                param: "userhash",
                value: "yes".into()
            })
        );
        assert_eq!(
            challenge("Basic realm=x"),
            Err(DigestError::NotDigest {
                scheme: "Basic".into()
            })
        );
        assert_eq!(challenge("Digest abc"), Err(DigestError::NotParams));
        let dup = parse_challenges_lenient_first(r#"Digest realm="r", nonce="n", Realm="s""#);
        assert_eq!(
            parse_digest_challenge(&dup),
            Err(DigestError::DuplicateParam("Realm".into()))
        );
    }

    fn parse_challenges_lenient_first(v: &str) -> Challenge {
        crate::parse::challenge::parse_challenges_lenient(&[v])
            .challenges
            .remove(0)
    }

    #[test]
    fn credential_errors() {
        let base = r#"Digest realm="r", nonce="n", uri="/""#;
        let md5 = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            credentials(&format!("{base}, response=\"{md5}\"")),
            Err(DigestError::MissingParam("username"))
        );
        assert_eq!(
            credentials(&format!(
                "{base}, username=\"u\", username*=UTF-8''u, response=\"{md5}\""
            )),
            Err(DigestError::BothUsernameForms)
        );
        assert_eq!(
            credentials(&format!("{base}, username=\"u\", response=\"0123x\"")),
            Err(DigestError::ResponseNotHex { offset: 4, ch: 'x' })
        );
        assert_eq!(
            credentials(&format!(
                "{base}, username=\"u\", algorithm=SHA-256, response=\"{md5}\""
            )),
            Err(DigestError::ResponseLength {
                expected: 64,
                found: 32
            })
        );
        assert_eq!(
            credentials(&format!(
                "{base}, username=\"u\", response=\"{md5}\", qop=auth"
            )),
            Err(DigestError::QopWithoutCnonceOrNc)
        );
        assert_eq!(
            credentials(&format!(
                "{base}, username=\"u\", response=\"{md5}\", qop=auth, cnonce=\"c\", nc=1"
            )),
            Err(DigestError::InvalidNonceCount("1".into()))
        );
        assert_eq!(credentials("Digest abc"), Err(DigestError::NotParams));
        let ok = credentials(&format!(
            "{base}, username*=UTF-8''J%C3%A4s, response=\"{md5}\""
        ))
        .unwrap();
        assert!(ok.username_extended);
    }
}
