//! Stable finding ids: the names a user greps for, links to, and suppresses.
//!
//! ```
//! use authlens::findings::FindingId;
//! assert_eq!(FindingId::TokenPlaceholder.as_str(), "token.placeholder");
//! assert_eq!("jwt.expired".parse::<FindingId>(), Ok(FindingId::JwtExpired));
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Every finding the engine can report. The dotted string is the stable public name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingId {
    /// `credential.missing`
    CredentialMissing,
    /// `credential.in_url`
    CredentialInUrl,
    /// `credential.wrong_header`
    CredentialWrongHeader,
    /// `credential.header_typo`
    CredentialHeaderTypo,
    /// `credential.conflicting`
    CredentialConflicting,
    /// `credential.secret_in_browser`
    CredentialSecretInBrowser,
    /// `credential.publishable_key`
    CredentialPublishableKey,
    /// `scheme.missing`
    SchemeMissing,
    /// `scheme.mismatch`
    SchemeMismatch,
    /// `scheme.doubled`
    SchemeDoubled,
    /// `scheme.case`
    SchemeCase,
    /// `scheme.separator`
    SchemeSeparator,
    /// `scheme.empty_credentials`
    SchemeEmptyCredentials,
    /// `token.placeholder`
    TokenPlaceholder,
    /// `token.surrounding_whitespace`
    TokenSurroundingWhitespace,
    /// `token.line_break`
    TokenLineBreak,
    /// `token.invisible_char`
    TokenInvisibleChar,
    /// `token.unicode_space`
    TokenUnicodeSpace,
    /// `token.confusable`
    TokenConfusable,
    /// `token.non_latin1`
    TokenNonLatin1,
    /// `token.quoted`
    TokenQuoted,
    /// `token.bad_charset`
    TokenBadCharset,
    /// `token.url_encoded`
    TokenUrlEncoded,
    /// `token.bad_length`
    TokenBadLength,
    /// `token.checksum_mismatch`
    TokenChecksumMismatch,
    /// `token.reference_mismatch`
    TokenReferenceMismatch,
    /// `jwt.malformed`
    JwtMalformed,
    /// `jwt.expired`
    JwtExpired,
    /// `jwt.not_yet_valid`
    JwtNotYetValid,
    /// `jwt.alg_none`
    JwtAlgNone,
    /// `jwt.id_token`
    JwtIdToken,
    /// `jwt.audience_mismatch`
    JwtAudienceMismatch,
    /// `jwt.encrypted`
    JwtEncrypted,
    /// `jwt.expires_soon`
    JwtExpiresSoon,
    /// `basic.not_base64`
    BasicNotBase64,
    /// `basic.no_colon`
    BasicNoColon,
    /// `basic.empty_part`
    BasicEmptyPart,
    /// `basic.not_utf8`
    BasicNotUtf8,
    /// `basic.whitespace`
    BasicWhitespace,
    /// `challenge.missing`
    ChallengeMissing,
    /// `challenge.invalid_token`
    ChallengeInvalidToken,
    /// `challenge.insufficient_scope`
    ChallengeInsufficientScope,
    /// `challenge.invalid_request`
    ChallengeInvalidRequest,
    /// `challenge.malformed`
    ChallengeMalformed,
    /// `status.forbidden`
    StatusForbidden,
    /// `status.proxy_auth_required`
    StatusProxyAuthRequired,
    /// `status.auth_in_body`
    StatusAuthInBody,
    /// `origin.gateway`
    OriginGateway,
    /// `origin.provider_error`
    OriginProviderError,
    /// `browser.preflight_rejected`
    BrowserPreflightRejected,
    /// `browser.auth_dropped_on_redirect`
    BrowserAuthDroppedOnRedirect,
    /// `browser.allow_headers_missing`
    BrowserAllowHeadersMissing,
    /// `browser.cookies_not_sent`
    BrowserCookiesNotSent,
    /// `browser.cors_hides_401`
    BrowserCorsHides401,
    /// `session.retry_storm`
    SessionRetryStorm,
    /// `session.credential_changed`
    SessionCredentialChanged,
    /// `session.format_changed`
    SessionFormatChanged,
    /// `har.sanitized`
    HarSanitized,
    /// `har.malformed`
    HarMalformed,
}

impl FindingId {
    /// Every id, in reference order.
    pub const ALL: &'static [FindingId] = &[
        FindingId::CredentialMissing,
        FindingId::CredentialInUrl,
        FindingId::CredentialWrongHeader,
        FindingId::CredentialHeaderTypo,
        FindingId::CredentialConflicting,
        FindingId::CredentialSecretInBrowser,
        FindingId::CredentialPublishableKey,
        FindingId::SchemeMissing,
        FindingId::SchemeMismatch,
        FindingId::SchemeDoubled,
        FindingId::SchemeCase,
        FindingId::SchemeSeparator,
        FindingId::SchemeEmptyCredentials,
        FindingId::TokenPlaceholder,
        FindingId::TokenSurroundingWhitespace,
        FindingId::TokenLineBreak,
        FindingId::TokenInvisibleChar,
        FindingId::TokenUnicodeSpace,
        FindingId::TokenConfusable,
        FindingId::TokenNonLatin1,
        FindingId::TokenQuoted,
        FindingId::TokenBadCharset,
        FindingId::TokenUrlEncoded,
        FindingId::TokenBadLength,
        FindingId::TokenChecksumMismatch,
        FindingId::TokenReferenceMismatch,
        FindingId::JwtMalformed,
        FindingId::JwtExpired,
        FindingId::JwtNotYetValid,
        FindingId::JwtAlgNone,
        FindingId::JwtIdToken,
        FindingId::JwtAudienceMismatch,
        FindingId::JwtEncrypted,
        FindingId::JwtExpiresSoon,
        FindingId::BasicNotBase64,
        FindingId::BasicNoColon,
        FindingId::BasicEmptyPart,
        FindingId::BasicNotUtf8,
        FindingId::BasicWhitespace,
        FindingId::ChallengeMissing,
        FindingId::ChallengeInvalidToken,
        FindingId::ChallengeInsufficientScope,
        FindingId::ChallengeInvalidRequest,
        FindingId::ChallengeMalformed,
        FindingId::StatusForbidden,
        FindingId::StatusProxyAuthRequired,
        FindingId::StatusAuthInBody,
        FindingId::OriginGateway,
        FindingId::OriginProviderError,
        FindingId::BrowserPreflightRejected,
        FindingId::BrowserAuthDroppedOnRedirect,
        FindingId::BrowserAllowHeadersMissing,
        FindingId::BrowserCookiesNotSent,
        FindingId::BrowserCorsHides401,
        FindingId::SessionRetryStorm,
        FindingId::SessionCredentialChanged,
        FindingId::SessionFormatChanged,
        FindingId::HarSanitized,
        FindingId::HarMalformed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingId::CredentialMissing => "credential.missing",
            FindingId::CredentialInUrl => "credential.in_url",
            FindingId::CredentialWrongHeader => "credential.wrong_header",
            FindingId::CredentialHeaderTypo => "credential.header_typo",
            FindingId::CredentialConflicting => "credential.conflicting",
            FindingId::CredentialSecretInBrowser => "credential.secret_in_browser",
            FindingId::CredentialPublishableKey => "credential.publishable_key",
            FindingId::SchemeMissing => "scheme.missing",
            FindingId::SchemeMismatch => "scheme.mismatch",
            FindingId::SchemeDoubled => "scheme.doubled",
            FindingId::SchemeCase => "scheme.case",
            FindingId::SchemeSeparator => "scheme.separator",
            FindingId::SchemeEmptyCredentials => "scheme.empty_credentials",
            FindingId::TokenPlaceholder => "token.placeholder",
            FindingId::TokenSurroundingWhitespace => "token.surrounding_whitespace",
            FindingId::TokenLineBreak => "token.line_break",
            FindingId::TokenInvisibleChar => "token.invisible_char",
            FindingId::TokenUnicodeSpace => "token.unicode_space",
            FindingId::TokenConfusable => "token.confusable",
            FindingId::TokenNonLatin1 => "token.non_latin1",
            FindingId::TokenQuoted => "token.quoted",
            FindingId::TokenBadCharset => "token.bad_charset",
            FindingId::TokenUrlEncoded => "token.url_encoded",
            FindingId::TokenBadLength => "token.bad_length",
            FindingId::TokenChecksumMismatch => "token.checksum_mismatch",
            FindingId::TokenReferenceMismatch => "token.reference_mismatch",
            FindingId::JwtMalformed => "jwt.malformed",
            FindingId::JwtExpired => "jwt.expired",
            FindingId::JwtNotYetValid => "jwt.not_yet_valid",
            FindingId::JwtAlgNone => "jwt.alg_none",
            FindingId::JwtIdToken => "jwt.id_token",
            FindingId::JwtAudienceMismatch => "jwt.audience_mismatch",
            FindingId::JwtEncrypted => "jwt.encrypted",
            FindingId::JwtExpiresSoon => "jwt.expires_soon",
            FindingId::BasicNotBase64 => "basic.not_base64",
            FindingId::BasicNoColon => "basic.no_colon",
            FindingId::BasicEmptyPart => "basic.empty_part",
            FindingId::BasicNotUtf8 => "basic.not_utf8",
            FindingId::BasicWhitespace => "basic.whitespace",
            FindingId::ChallengeMissing => "challenge.missing",
            FindingId::ChallengeInvalidToken => "challenge.invalid_token",
            FindingId::ChallengeInsufficientScope => "challenge.insufficient_scope",
            FindingId::ChallengeInvalidRequest => "challenge.invalid_request",
            FindingId::ChallengeMalformed => "challenge.malformed",
            FindingId::StatusForbidden => "status.forbidden",
            FindingId::StatusProxyAuthRequired => "status.proxy_auth_required",
            FindingId::StatusAuthInBody => "status.auth_in_body",
            FindingId::OriginGateway => "origin.gateway",
            FindingId::OriginProviderError => "origin.provider_error",
            FindingId::BrowserPreflightRejected => "browser.preflight_rejected",
            FindingId::BrowserAuthDroppedOnRedirect => "browser.auth_dropped_on_redirect",
            FindingId::BrowserAllowHeadersMissing => "browser.allow_headers_missing",
            FindingId::BrowserCookiesNotSent => "browser.cookies_not_sent",
            FindingId::BrowserCorsHides401 => "browser.cors_hides_401",
            FindingId::SessionRetryStorm => "session.retry_storm",
            FindingId::SessionCredentialChanged => "session.credential_changed",
            FindingId::SessionFormatChanged => "session.format_changed",
            FindingId::HarSanitized => "har.sanitized",
            FindingId::HarMalformed => "har.malformed",
        }
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returned by `"...".parse::<FindingId>()` when the text names no finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFindingId(pub String);

impl fmt::Display for UnknownFindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown finding id `{}`", self.0)
    }
}

impl std::error::Error for UnknownFindingId {}

impl FromStr for FindingId {
    type Err = UnknownFindingId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FindingId::ALL.iter().copied().find(|id| id.as_str() == s).ok_or_else(|| UnknownFindingId(s.to_owned()))
    }
}

impl Serialize for FindingId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for id in FindingId::ALL {
            assert!(seen.insert(id.as_str()), "duplicate {id}");
            assert_eq!(id.as_str().parse::<FindingId>().unwrap(), *id);
        }
        assert_eq!(FindingId::ALL.len(), 59);
    }
}
