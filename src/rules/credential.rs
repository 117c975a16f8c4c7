//! Rules on one credential value: its scheme, its bytes, and what it decodes to (Basic, JWT).
//!
//! ```
//! use authlens::rules::{analyze_credential, AnalysisOptions};
//! let f = analyze_credential("Bearer undefined", &AnalysisOptions::default());
//! assert_eq!(f[0].id.as_str(), "token.placeholder");
//! ```

use crate::bytes::{self, CharIssue, CharKind, PlaceholderKind};
use crate::findings::FindingId;
use crate::model::{CodePointNote, Evidence, Finding, Header, Severity, Span};
use crate::parse::authorization::{
    parse_credentials, token68_invalid_chars, Credentials, CredentialsForm, SeparatorKind,
};
use crate::parse::basic::{decode_basic, BasicError, BasicPart};
use crate::providers::{
    check_key_for_provider, recognize_key, ChecksumResult, Confidence, KeyMatch, Scheme,
    Visibility, PROVIDERS,
};

use crate::model::Value;
use crate::redact::{Secret, Text};

use super::{finding, finding_with, msg, Ctx};

/// Where a credential value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    /// An `Authorization`-style request header (scheme + credentials), by its name as captured.
    Authorization(&'a str),
    /// A header that carries a bare key (`x-api-key`, `apikey`, ...), by its name as captured.
    KeyHeader(&'a str),
    /// Pasted on its own (the paste page, `authlens inspect`): raw bytes, never normalised by a
    /// browser. Read as an `Authorization` value when it starts with a scheme, else as a bare key.
    Pasted,
    /// A credential that travels elsewhere: the same byte checks, its carrier in the evidence.
    Carried(Carrier<'a>),
}

/// Where a credential outside a credential header's own value travels. Values are given as the
/// server reads them: query and form values percent-decoded, JSON strings unescaped, Basic
/// parts base64-decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier<'a> {
    /// A query parameter, by name.
    Query(&'a str),
    /// A session or token cookie, by name (its value only).
    Cookie(&'a str),
    /// A field of an `application/x-www-form-urlencoded` token-request body.
    FormBody(&'a str),
    /// A top-level string field of a JSON token-request body.
    JsonBody(&'a str),
    /// The decoded Basic user-id of the named header.
    BasicUser(&'a str),
    /// The decoded Basic password of the named header.
    BasicPassword(&'a str),
}

impl Carrier<'_> {
    /// `query parameter `api_key``, `Basic password`...
    pub fn label(&self) -> String {
        match self {
            Carrier::Query(n) => format!("query parameter `{n}` (percent-decoded)"),
            Carrier::Cookie(n) => format!("cookie `{n}`"),
            Carrier::FormBody(n) => format!("form body field `{n}` (percent-decoded)"),
            Carrier::JsonBody(n) => format!("JSON body field `{n}`"),
            Carrier::BasicUser(h) => format!("Basic user-id in `{h}` (decoded)"),
            Carrier::BasicPassword(h) => format!("Basic password in `{h}` (decoded)"),
        }
    }
    fn field(&self) -> String {
        match self {
            Carrier::Query(n) => format!("request.url.query.{n}"),
            Carrier::Cookie(n) => format!("request.cookie.{n}"),
            Carrier::FormBody(n) | Carrier::JsonBody(n) => format!("request.body.{n}"),
            Carrier::BasicUser(h) => format!("request.header.{h}.basic.user"),
            Carrier::BasicPassword(h) => format!("request.header.{h}.basic.password"),
        }
    }
    /// Passwords are chosen by people: spaces and non-Latin scripts are legitimate in them.
    fn is_password(&self) -> bool {
        match self {
            Carrier::BasicPassword(_) => true,
            Carrier::FormBody(n) | Carrier::JsonBody(n) => {
                n.eq_ignore_ascii_case("password") || n.eq_ignore_ascii_case("passwd")
            }
            _ => false,
        }
    }
    fn is_basic(&self) -> bool {
        matches!(self, Carrier::BasicUser(_) | Carrier::BasicPassword(_))
    }
}

impl Source<'_> {
    pub(crate) fn field(&self) -> String {
        match self {
            Source::Authorization(name) | Source::KeyHeader(name) => {
                format!("request.header.{name}")
            }
            Source::Pasted => "credential".to_owned(),
            Source::Carried(c) => c.field(),
        }
    }
    fn carrier(&self) -> Option<Carrier<'_>> {
        match self {
            Source::Carried(c) => Some(*c),
            _ => None,
        }
    }
    /// A header value a browser's fetch() builds (and refuses above U+00FF); a query, body or
    /// decoded Basic part is encoded by the client instead.
    fn is_header(&self) -> bool {
        !matches!(self, Source::Carried(_))
    }
}

/// The byte, placeholder, JWT and key checks `Authorization` gets, on a credential carried
/// elsewhere; every finding names the carrier (`evidence.facts` `carrier`).
pub(crate) fn inspect_carried(
    ctx: &Ctx<'_>,
    value: &str,
    carrier: Carrier<'_>,
    out: &mut Vec<Finding>,
) {
    let first = out.len();
    inspect_value(ctx, value, Source::Carried(carrier), out);
    let label = carrier.label();
    for f in &mut out[first..] {
        f.evidence.facts.push(crate::model::Fact {
            name: "carrier",
            value: Text::new(&label).into(),
        });
    }
}

/// Schemes whose canonical spelling servers compare byte for byte more often than they should.
const CANONICAL_SCHEMES: &[&str] = &[
    "Bearer",
    "Basic",
    "Digest",
    "Negotiate",
    "NTLM",
    "Bot",
    "DPoP",
];

pub(crate) fn is_known_scheme(word: &str) -> bool {
    crate::parse::authorization::is_known_scheme(word)
}

pub(crate) fn inspect_header(ctx: &Ctx<'_>, header: &Header, out: &mut Vec<Finding>) {
    let source = if header.name.eq_ignore_ascii_case("authorization")
        || header.name.eq_ignore_ascii_case("proxy-authorization")
    {
        Source::Authorization(&header.name)
    } else {
        Source::KeyHeader(&header.name)
    };
    inspect_value(ctx, &header.value, source, out);
}

/// Inspects one credential value.
pub(crate) fn inspect_value(
    ctx: &Ctx<'_>,
    value: &str,
    source: Source<'_>,
    out: &mut Vec<Finding>,
) {
    let field = source.field();
    let as_authorization = match source {
        Source::Authorization(_) => true,
        Source::KeyHeader(_) | Source::Carried(_) => false,
        // `BearereyJ…` pasted: the scheme glued to the token is still an Authorization value.
        Source::Pasted => {
            parse_credentials(value).is_ok_and(|c| !c.scheme_missing)
                || glued_scheme(value).is_some()
        }
    };
    if !as_authorization {
        let start = value.len() - value.trim_start_matches(is_edge_ws).len();
        let end = value.trim_end_matches(is_edge_ws).len().max(start);
        // A decoded Basic part's edges are `basic.whitespace`.
        let basic = source.carrier().is_some_and(|c| c.is_basic());
        if (start > 0 || end < value.len()) && !basic {
            push_surrounding_whitespace(value, start, end, &field, source, out);
        }
        inspect_token(ctx, value, start, end, None, &field, source, out);
        return;
    }
    let creds = match parse_credentials(value) {
        Ok(c) => c,
        Err(_) => {
            out.push(finding(
                FindingId::TokenPlaceholder,
                msg("The `{header}` value is empty{how}: the code that builds it had no token.")
                    .arg("header", Text::new(field_name(&field)))
                    .arg(
                        "how",
                        if value.is_empty() {
                            ""
                        } else {
                            " (only whitespace)"
                        },
                    ),
                Evidence::field(&field)
                    .with_span(Span::bytes(0, value.len()))
                    .with_fact("placeholder", "empty"),
            ));
            return;
        }
    };
    if !creds.leading_whitespace.is_empty() || !creds.trailing_whitespace.is_empty() {
        push_surrounding_whitespace(
            value,
            creds.leading_whitespace.end,
            creds.trailing_whitespace.start,
            &field,
            source,
            out,
        );
    }
    let doubled = inspect_scheme(ctx, value, &creds, &field, out);
    if creds.form == CredentialsForm::Empty || doubled {
        return;
    }
    if let CredentialsForm::Params(_) = creds.form {
        // Digest, AWS SigV4...: parameters, not a token; only the bytes are checked.
        push_char_findings(value, &bytes::scan(value), &field, source, out);
        return;
    }
    let token_start = creds.rest_span.start;
    let token_end = creds.rest_span.end;
    let scheme = if creds.scheme_missing {
        None
    } else {
        Some(creds.scheme)
    };
    inspect_token(
        ctx,
        value,
        token_start,
        token_end,
        scheme,
        &field,
        source,
        out,
    );
}

fn is_edge_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn field_name(field: &str) -> &str {
    field.strip_prefix("request.header.").unwrap_or(field)
}

fn push_surrounding_whitespace(
    value: &str,
    start: usize,
    end: usize,
    field: &str,
    source: Source<'_>,
    out: &mut Vec<Finding>,
) {
    let note = match source {
        Source::Pasted => "A pasted key often keeps a trailing space or newline; servers compare the raw bytes.",
        Source::Carried(_) => "Nothing trims it on the way (it is not a header value), and servers compare the raw bytes.",
        _ => "Browsers trim it before sending (Fetch: header value normalisation), but other clients send it and servers compare raw bytes.",
    };
    out.push(finding(
        FindingId::TokenSurroundingWhitespace,
        msg("The value has {before} whitespace byte(s) before and {after} after the credential. {note}")
            .arg("before", start)
            .arg("after", value.len().saturating_sub(end))
            .arg("note", note),
        Evidence::field(field).with_span(Span::bytes(start, end)),
    ));
}

/// The canonical scheme `value` starts with, glued to a credential (`Bearerabc…`).
fn glued_scheme(value: &str) -> Option<&'static str> {
    let rest = value.trim_start_matches(is_edge_ws);
    CANONICAL_SCHEMES.iter().copied().find(|s| {
        rest.len() > s.len() + 8
            && rest
                .get(..s.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(s))
            && rest
                .as_bytes()
                .get(s.len())
                .is_some_and(u8::is_ascii_alphanumeric)
    })
}

/// Scheme rules; returns whether the scheme is doubled (the token rules would only add noise).
fn inspect_scheme(
    ctx: &Ctx<'_>,
    value: &str,
    c: &Credentials<'_>,
    field: &str,
    out: &mut Vec<Finding>,
) -> bool {
    if c.scheme_missing {
        let rest = c.rest;
        // `BearereyJ…`: the scheme glued to the token.
        let glued = CANONICAL_SCHEMES.iter().find(|s| {
            rest.len() > s.len() + 8
                && rest
                    .get(..s.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(s))
                && rest
                    .as_bytes()
                    .get(s.len())
                    .is_some_and(u8::is_ascii_alphanumeric)
        });
        if let Some(s) = glued {
            out.push(finding(
                FindingId::SchemeSeparator,
                msg("The value starts with `{s}` glued to the credential, with no space in between. The server reads one long scheme name and no credentials.").arg("s", *s),
                Evidence::field(field).with_span(Span::bytes(c.rest_span.start, c.rest_span.start + s.len())).with_fact("separator", "none"),
            ));
        } else if bytes::placeholder(rest).is_none()
            && provider_accepts(ctx, field, None) != Some(true)
        {
            let expected: Value = match ctx.challenge_schemes().first() {
                Some(s) => Text::new(s).into(),
                None => "Bearer".into(),
            };
            out.push(finding(
                FindingId::SchemeMissing,
                msg("The value is a bare credential with no scheme in front. RFC 9110 §11.6.2 defines it as `<scheme> <credentials>`, so the server reads the token as a scheme name it does not know. Expected something like `{expected} <token>`."),
                Evidence::field(field).with_span(Span::bytes(c.rest_span.start, c.rest_span.start)).with_fact("expected", expected),
            ));
        }
        return false;
    }
    let scheme_span = Span::bytes(c.scheme_span.start, c.scheme_span.end);
    if let Some(canonical) = CANONICAL_SCHEMES
        .iter()
        .find(|s| s.eq_ignore_ascii_case(c.scheme))
    {
        if *canonical != c.scheme {
            out.push(finding(
                FindingId::SchemeCase,
                msg("The scheme is written `{sent}` instead of `{expected}`. RFC 9110 §11.1 makes scheme names case-insensitive, but some servers and gateways compare them byte for byte.").arg("sent", Text::new(c.scheme)),
                Evidence::field(field).with_span(scheme_span).with_fact("expected", *canonical),
            ));
        }
    }
    let challenged =
        ctx.challenge_schemes_for(field.to_ascii_lowercase().contains("proxy-authorization"));
    if challenged.is_empty() && provider_accepts(ctx, field, Some(c.scheme)) == Some(false) {
        if let Some(p) = ctx.provider() {
            let words: Vec<&str> = p
                .auth
                .iter()
                .filter(|a| a.header.eq_ignore_ascii_case(field_name(field)))
                .map(|a| a.scheme.word().unwrap_or("(no scheme)"))
                .collect();
            out.push(finding(
                FindingId::SchemeMismatch,
                msg("The request used the `{sent}` scheme, but {provider} expects `{words}` in `{header}`.")
                    .arg("provider", p.name)
                    .arg("words", words.join("` or `"))
                    .arg("header", Text::new(field_name(field))),
                Evidence::field(field)
                    .with_span(scheme_span)
                    .with_fact("sent", scheme_word(c.scheme))
                    .with_fact("expected", words.join(", ")),
            ));
        }
    }
    if !challenged.is_empty() && !challenged.iter().any(|s| s.eq_ignore_ascii_case(c.scheme)) {
        let list = challenged.join("`, `");
        out.push(finding(
            FindingId::SchemeMismatch,
            msg("The request used the `{sent}` scheme, but the server's challenge asks for `{list}`. A server ignores credentials in a scheme it does not support.").arg("list", Text::new(&list)),
            Evidence::field(field).with_span(scheme_span).with_fact("sent", scheme_word(c.scheme)).with_fact("expected", list.replace("`, `", ", ")),
        ));
    }
    let sep = Span::bytes(c.separator_span.start, c.separator_span.end);
    let kind = c.separator_kind();
    let described = match kind {
        SeparatorKind::Colon => {
            Some("a colon (`Bearer: …`), a header-line habit leaking into the value")
        }
        SeparatorKind::Tab => {
            Some("a tab, which RFC 9110 does not allow there (it requires spaces)")
        }
        SeparatorKind::MultipleSpaces => Some(
            "several spaces; the grammar allows it but most servers split on exactly one space",
        ),
        // Unicode spaces, invisible characters and line breaks (CR, LF, VT, FF) are reported by
        // the byte rules, with their names and positions.
        SeparatorKind::Unicode
        | SeparatorKind::LineBreak
        | SeparatorKind::OtherWhitespace
        | SeparatorKind::Space
        | SeparatorKind::None => None,
    };
    if let Some(described) = described {
        let shown = c.separator.replace('\t', "\\t");
        out.push(finding(
            FindingId::SchemeSeparator,
            msg("Between `{scheme}` and the credential there is {described}. Write exactly one space.")
                .arg("scheme", scheme_word(c.scheme))
                .arg("described", described),
            Evidence::field(field)
                .with_span(sep)
                .with_fact("separator", format!("`{shown}`")),
        ));
    }
    if c.form == CredentialsForm::Empty {
        out.push(finding(
            FindingId::SchemeEmptyCredentials,
            msg("The value is the scheme `{scheme}` with nothing after it: the token variable was empty when the header was built.").arg("scheme", scheme_word(c.scheme)),
            Evidence::field(field).with_span(Span::bytes(c.scheme_span.start, value.len())),
        ));
        return false;
    }
    if let Some((inner, span)) = c.nested_scheme() {
        out.push(finding(
            FindingId::SchemeDoubled,
            msg("The credential starts with a second scheme word, `{scheme} {repeated} …`: the stored token already included its scheme and the code added another one."),
            Evidence::field(field).with_span(Span::bytes(span.start, span.end)).with_fact("scheme", scheme_word(c.scheme)).with_fact("repeated", scheme_word(inner)),
        ));
        return true;
    }
    false
}

/// Token rules on `value[start..end]`, the credential without its scheme.
#[allow(clippy::too_many_arguments)]
fn inspect_token(
    ctx: &Ctx<'_>,
    value: &str,
    start: usize,
    end: usize,
    scheme: Option<&str>,
    field: &str,
    source: Source<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(token) = value.get(start..end) else {
        return;
    };
    // A structurally valid JWT is decoded instead: skip the placeholder needles on long tokens.
    let jwt_shaped = crate::parse::jwt::looks_like_jwt(token);
    if let Some(p) = (!jwt_shaped).then(|| bytes::placeholder(token)).flatten() {
        let span = Span::bytes(start + p.span.start, start + p.span.end);
        let text = value.get(span.start..span.end).unwrap_or_default();
        // A masked or filler "key" can hold most of a real key: show those redacted.
        let shown: Value = if text.len() <= 32
            && !matches!(p.kind, PlaceholderKind::Masked | PlaceholderKind::Filler)
        {
            Text::new(text).into()
        } else {
            Secret::new(text).into()
        };
        out.push(finding(
            FindingId::TokenPlaceholder,
            msg("The credential is `{shown}`, a placeholder ({placeholder}), not a key: {why}")
                .arg("shown", shown)
                .arg("why", placeholder_why(p.kind)),
            Evidence::field(field)
                .with_span(span)
                .with_fact("placeholder", placeholder_label(p.kind)),
        ));
        return;
    }
    let carrier = source.carrier();
    // RFC 6265 allows a cookie value in double quotes; servers strip them.
    let quoted = bytes::quoted(token).filter(|_| !matches!(carrier, Some(Carrier::Cookie(_))));
    if let Some(q) = quoted {
        out.push(finding(
            FindingId::TokenQuoted,
            msg("The credential is wrapped in `{open}`…`{close}`. The quotes are sent as part of the token, so it no longer matches. Usually the token was stored with `JSON.stringify` or copied with its quotes from a config file.").arg("open", Text::new(q.open.to_string())).arg("close", Text::new(q.close.to_string())),
            Evidence::field(field).with_span(Span::bytes(start, end)).with_fact("inner", format!("{}..{}", start + q.inner.start, start + q.inner.end)),
        ));
    }
    let issues = scan_credential(value, start);
    // A password in another script is a choice, not a look-alike: only mixed with ASCII letters
    // is a Cyrillic `а` a retyping accident.
    let foreign_password =
        carrier.is_some_and(|c| c.is_password()) && !token.bytes().any(|b| b.is_ascii_alphabetic());
    let token_issues: Vec<CharIssue> = issues
        .into_iter()
        .filter(|i| quoted.is_none() || !matches!(i.kind, CharKind::Quote) || i.blocks_fetch())
        .filter(|i| {
            !(foreign_password
                && matches!(
                    i.kind,
                    CharKind::Confusable { .. } | CharKind::NonLatin1 | CharKind::Latin1NonAscii
                ))
        })
        .collect();
    push_char_findings(value, &token_issues, field, source, out);
    // Query and form values were decoded already (what is left is a second encoding); cookie
    // values are percent-encoded by frameworks by design.
    let decoded_carrier = matches!(
        carrier,
        Some(Carrier::Query(_) | Carrier::FormBody(_) | Carrier::Cookie(_))
    );
    let escapes = if decoded_carrier {
        Vec::new()
    } else {
        bytes::percent_escapes(token)
    };
    if let Some(first) = escapes.first() {
        let shown: Vec<&str> = escapes
            .iter()
            .take(4)
            .filter_map(|s| token.get(s.start..s.end))
            .collect();
        out.push(finding(
            FindingId::TokenUrlEncoded,
            msg("The credential contains {escapes} percent-escape(s) (`{shown}`): it was URL-encoded, e.g. copied from a query string or a cookie, and headers are not decoded by the server.").arg("shown", Text::new(shown.join("`, `"))),
            Evidence::field(field).with_span(Span::bytes(start + first.start, start + first.end)).with_fact("escapes", escapes.len()),
        ));
    }
    // Characters outside token68 that the byte scan does not already name (`,` `;` `@` `"`...).
    let token68_scheme =
        scheme.is_none_or(|s| s.eq_ignore_ascii_case("Bearer") || s.eq_ignore_ascii_case("Basic"));
    let mut charset_reported = false;
    if token68_scheme
        && carrier.is_none()
        && escapes.is_empty()
        && quoted.is_none()
        && !jwt_shaped
        && !crate::parse::authorization::is_token68(token)
    {
        // An inner space splits the credential: the server reads only the part before it.
        let bad: Vec<(usize, char)> = token68_invalid_chars(token)
            .into_iter()
            .filter(|&(_, c)| (c.is_ascii_graphic() || c == ' ') && !matches!(c, '"' | '\'' | '`'))
            .collect();
        if let Some(&(offset, ch)) = bad.first() {
            let list: Vec<String> = bad
                .iter()
                .take(6)
                .map(|(_, c)| match c {
                    ' ' => "a space".to_owned(),
                    c => format!("`{c}`"),
                })
                .collect();
            out.push(finding(
                FindingId::TokenBadCharset,
                msg("The credential contains {list} outside the token68 alphabet (`A-Z a-z 0-9 - . _ ~ + /`, then `=` only at the end) that Bearer and Basic credentials use; the first is at byte {at}.").arg("list", Text::new(list.join(", "))).arg("at", start + offset),
                Evidence::field(field).with_span(Span::bytes(start + offset, start + offset + ch.len_utf8())).with_fact("count", bad.len()),
            ));
            charset_reported = true;
        }
    }
    if carrier.is_some() && !jwt_shaped {
        // Carriers other than headers: an inner ASCII space (not in a password) splits or
        // changes the key just as it does in `Authorization`.
        let inner: Vec<usize> = token
            .char_indices()
            .filter(|&(_, c)| c == ' ')
            .map(|(i, _)| start + i)
            .collect();
        if let (Some(&at), false) = (
            inner.first(),
            carrier.is_some_and(|c| c.is_password()) || charset_reported,
        ) {
            out.push(finding(
                FindingId::TokenBadCharset,
                msg("The credential contains {count} space(s) inside it, the first at byte {at}; keys and tokens never contain spaces (a `%20` or `+` in a URL or form body decodes to one).").arg("at", at),
                Evidence::field(field).with_span(Span::bytes(at, at + 1)).with_fact("count", inner.len()),
            ));
            charset_reported = true;
        }
    }
    if scheme.is_some_and(|s| s.eq_ignore_ascii_case("Basic")) {
        inspect_basic(ctx, token, start, field, out);
    } else if quoted.is_none() && super::jwt::is_jwt_candidate(token) {
        if ctx.succeeded() {
            super::jwt::inspect_expiry(ctx, token, out);
            return;
        }
        let bearer = scheme
            .is_none_or(|s| s.eq_ignore_ascii_case("Bearer") || s.eq_ignore_ascii_case("DPoP"));
        let bearer = bearer && carrier.is_none();
        super::jwt::inspect(ctx, token, start, field, bearer, out);
    } else if carrier.is_some_and(|c| c.is_password())
        && crate::providers::known_prefix(token).is_none_or(|p| p.len() < 4)
    {
        // A password is no provider key, unless it starts like one (PyPI's `__token__:pypi-…`;
        // a prefix as short as `1//` or `00` is no sign).
    } else if quoted.is_none() && (!ctx.succeeded() || ctx.is_browser_script_request()) {
        let charset_reported = charset_reported
            || token_issues
                .iter()
                .any(|i| (start..end).contains(&i.byte_offset));
        inspect_key(ctx, token, start, field, source, charset_reported, out);
    }
}

/// The strings a credential value may be compared with a reference key as, most specific first:
/// the part after the scheme, for Basic the decoded user and password, then the whole value.
fn reference_candidates(value: &str) -> Vec<String> {
    let trimmed = value.trim_matches(is_edge_ws);
    let mut out = Vec::with_capacity(2);
    if let Ok(c) = parse_credentials(value) {
        if !c.scheme_missing {
            out.push(c.rest.to_owned());
            if c.is_scheme("Basic") {
                if let Ok(b) = decode_basic(c.rest) {
                    out.push(b.user.clone());
                    out.push(b.password.clone());
                }
            }
        }
    }
    out.push(trimmed.to_owned());
    out
}

/// `token.reference_mismatch` when none of `values` carries the reference key.
pub(crate) fn compare_reference(
    reference: &crate::redact::Fingerprint,
    values: &[&str],
    field: &str,
    out: &mut Vec<Finding>,
) {
    let Some(first) = values.first() else { return };
    let mut sent = None;
    for value in values {
        for candidate in reference_candidates(value) {
            let fp = crate::redact::fingerprint(&candidate);
            if fp == *reference {
                return;
            }
            sent.get_or_insert(fp);
        }
    }
    let sent = sent.unwrap_or_else(|| crate::redact::fingerprint(first));
    out.push(finding(
        FindingId::TokenReferenceMismatch,
        msg("The credential sent is not the key you expected: its fingerprint is {sent_fingerprint}, the expected key's is {expected_fingerprint}. Only fingerprints are compared; neither key is shown."),
        Evidence::field(field).with_fact("expected_fingerprint", *reference).with_fact("sent_fingerprint", sent),
    ));
}

/// Whether the host's provider documents `scheme` (`None`: no scheme word) in this header.
/// `None` when no provider is known or the provider does not use this header (nothing to say).
fn provider_accepts(ctx: &Ctx<'_>, field: &str, scheme: Option<&str>) -> Option<bool> {
    let p = ctx.provider()?;
    let header = field_name(field);
    let mut placements = p
        .auth
        .iter()
        .filter(|a| a.header.eq_ignore_ascii_case(header))
        .peekable();
    placements.peek()?;
    Some(placements.any(|a| match (scheme, a.scheme.word()) {
        (None, None) => a.scheme == Scheme::Raw,
        (Some(sent), Some(word)) => {
            sent.eq_ignore_ascii_case(word)
                || (a.scheme == Scheme::Token && sent.eq_ignore_ascii_case("Bearer"))
        }
        _ => false,
    }))
}

/// Provider-based key rules: length, alphabet, checksum, publishable/secret kind.
fn inspect_key(
    ctx: &Ctx<'_>,
    token: &str,
    start: usize,
    field: &str,
    source: Source<'_>,
    charset_reported: bool,
    out: &mut Vec<Finding>,
) {
    let from_host = ctx
        .provider()
        .and_then(|p| check_key_for_provider(token, p))
        .filter(|m| m.prefix_len > 0 || m.shape.is_ok());
    let recognised;
    let best: &KeyMatch = match &from_host {
        Some(m) => m,
        None => {
            recognised = recognize_key(token);
            match recognised.best() {
                Some(m) if m.confidence >= Confidence::Likely && m.prefix_len > 0 => m,
                _ => return,
            }
        }
    };
    let Some(kind) = best.key_kind() else { return };
    let what = Text::new(format!("{} {}", best.provider_name, kind.label));
    if best.checksum == Some(ChecksumResult::Invalid) {
        out.push(finding(
            FindingId::TokenChecksumMismatch,
            msg("This {what} ends with a CRC32 checksum of the rest, and it does not match: at least one character was changed (a typo, a look-alike, a partial copy). The provider will reject it.").arg("what", what.clone()),
            Evidence::field(field).with_span(Span::bytes(start, start + token.len())).with_fact("provider", best.provider_name).with_fact("kind", kind.label),
        ));
    }
    if !best.shape.length_ok {
        let range = if kind.min_len == kind.max_len {
            kind.min_len.to_string()
        } else {
            format!("{}–{}", kind.min_len, kind.max_len)
        };
        out.push(finding(
            FindingId::TokenBadLength,
            msg("This {what} is {length} characters long; {provider} keys of this kind are {expected}. It was truncated or has something glued to it.").arg("what", what.clone()).arg("provider", best.provider_name),
            Evidence::field(field).with_span(Span::bytes(start, start + token.len())).with_fact("length", token.len()).with_fact("expected", range),
        ));
    }
    if let (Some(at), false) = (best.shape.bad_char_at, charset_reported) {
        let ch = token
            .get(at..)
            .and_then(|r| r.chars().next())
            .map(crate::bytes::code_point_label)
            .unwrap_or_default();
        out.push(finding(
            FindingId::TokenBadCharset,
            msg("This {what} contains {ch} at byte {at}, outside the characters such keys use ({alphabet}).").arg("what", what.clone()).arg("ch", ch).arg("at", start + at).arg("alphabet", format!("{:?}", kind.alphabet)),
            Evidence::field(field).with_span(Span::bytes(start + at, start + at + 1)).with_fact("provider", best.provider_name),
        ));
    }
    if matches!(source, Source::Pasted) {
        return;
    }
    let status = ctx.ex.map_or(0, |e| e.status);
    if best.visibility == Some(Visibility::Secret)
        && !best.browser_safe
        && ctx.is_browser_script_request()
    {
        out.push(finding(
            FindingId::CredentialSecretInBrowser,
            msg("A {what} (a server-side secret) was sent by page script in a browser. Anyone who opens the page can read it in DevTools: treat it as leaked and rotate it, whatever the status ({status}).").arg("what", what.clone()).arg("status", status),
            Evidence::field(field).with_fact("provider", best.provider_name).with_fact("kind", kind.label),
        ));
    }
    let vendor_has_secret = PROVIDERS
        .iter()
        .filter(|p| p.name == best.provider_name)
        .any(|p| p.keys.iter().any(|k| k.visibility == Visibility::Secret));
    if best.visibility == Some(Visibility::Publishable)
        && matches!(status, 401 | 403)
        && vendor_has_secret
    {
        out.push(finding(
            FindingId::CredentialPublishableKey,
            msg("A {what} was refused ({status}). Publishable keys may only do what a browser is allowed to (create tokens, confirm payments); this endpoint needs the secret key, called from your server.").arg("what", what.clone()).arg("status", status),
            Evidence::field(field).with_fact("provider", best.provider_name).with_fact("kind", kind.label),
        ));
    }
    super::provider::inspect_kind(ctx, best, kind, field, source, out);
}

/// [`bytes::scan`] of `value`, scanning only the credential when what precedes it is the usual
/// `Scheme ` (plain ASCII and one space): `scan` is free on clean ASCII, and a separator space
/// would make it classify every character.
fn scan_credential(value: &str, start: usize) -> Vec<CharIssue> {
    let head = value.get(..start).unwrap_or("");
    let plain_head = head.is_empty()
        || head
            .strip_suffix(' ')
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_graphic()));
    let Some(tail) = value.get(start..) else {
        return bytes::scan(value);
    };
    if !plain_head || tail.len() != tail.trim_end_matches(is_edge_ws).len() {
        return bytes::scan(value);
    }
    let mut issues = bytes::scan(tail);
    for i in &mut issues {
        // The head is ASCII: one UTF-16 unit per byte.
        i.byte_offset += start;
        i.utf16_offset += start;
    }
    issues
}

fn placeholder_label(kind: PlaceholderKind) -> &'static str {
    match kind {
        PlaceholderKind::Undefined => "undefined",
        PlaceholderKind::Null => "null",
        PlaceholderKind::ObjectToString => "object-to-string",
        PlaceholderKind::NaN => "NaN",
        PlaceholderKind::None => "None",
        PlaceholderKind::Nil => "nil",
        PlaceholderKind::Empty => "empty",
        PlaceholderKind::ShellVariable => "unexpanded shell variable",
        PlaceholderKind::TemplateVariable => "unrendered template variable",
        PlaceholderKind::WindowsVariable => "unexpanded Windows variable",
        PlaceholderKind::AngleBracket => "documentation placeholder",
        PlaceholderKind::EnvAccessExpression => "environment lookup sent as text",
        PlaceholderKind::VariableName => "variable name",
        PlaceholderKind::Instruction => "instruction text",
        PlaceholderKind::Filler => "filler",
        PlaceholderKind::Masked => "masked key",
        PlaceholderKind::DocumentationExample => "documentation example key",
    }
}

fn placeholder_why(kind: PlaceholderKind) -> &'static str {
    match kind {
        PlaceholderKind::Undefined | PlaceholderKind::Null | PlaceholderKind::NaN | PlaceholderKind::None | PlaceholderKind::Nil | PlaceholderKind::Empty => {
            "the variable that should hold the token was not set when the header was built (not logged in yet, not awaited, missing environment variable)."
        }
        PlaceholderKind::ObjectToString => "an object or an un-awaited Promise was turned into a string instead of the token inside it.",
        PlaceholderKind::ShellVariable | PlaceholderKind::TemplateVariable | PlaceholderKind::WindowsVariable => {
            "a template or environment variable was never substituted in this environment."
        }
        PlaceholderKind::EnvAccessExpression | PlaceholderKind::VariableName => "the name of the variable was sent instead of its value.",
        PlaceholderKind::AngleBracket | PlaceholderKind::Instruction | PlaceholderKind::DocumentationExample => {
            "a value copied from documentation or an example that was never replaced with your key."
        }
        PlaceholderKind::Filler | PlaceholderKind::Masked => "a masked or shortened key copied from a dashboard or a log, not the full secret.",
    }
}

/// One finding per kind of noteworthy character, listing every such character.
fn push_char_findings(
    value: &str,
    issues: &[CharIssue],
    field: &str,
    source: Source<'_>,
    out: &mut Vec<Finding>,
) {
    type Member = fn(&CharKind) -> bool;
    let groups: [(FindingId, Member); 5] = [
        (FindingId::TokenLineBreak, |k| {
            matches!(k, CharKind::LineBreak)
        }),
        (FindingId::TokenInvisibleChar, |k| {
            matches!(
                k,
                CharKind::Invisible | CharKind::BidiControl | CharKind::Control
            )
        }),
        (FindingId::TokenUnicodeSpace, |k| {
            matches!(k, CharKind::UnicodeSpace)
        }),
        (FindingId::TokenConfusable, |k| {
            matches!(k, CharKind::Confusable { .. } | CharKind::Dash)
        }),
        (FindingId::TokenNonLatin1, |k| {
            matches!(
                k,
                CharKind::NonLatin1 | CharKind::Ellipsis | CharKind::Quote
            )
        }),
    ];
    for (id, member) in groups {
        let chosen: Vec<&CharIssue> = issues
            .iter()
            .filter(|i| member(&i.kind))
            // Quotes are only worth a non-Latin-1 finding when fetch would refuse them.
            .filter(|i| id != FindingId::TokenNonLatin1 || i.blocks_fetch())
            // Line breaks and spaces at the very edges are the surrounding-whitespace finding.
            .filter(|i| !(id == FindingId::TokenLineBreak && is_edge(value, i)))
            .collect();
        let Some(first) = chosen.first() else {
            continue;
        };
        let names: Vec<String> = chosen.iter().take(4).map(|i| i.located()).collect();
        // Runs count every character they stand for; past `MAX_RUNS` the scan stops listing.
        let rest: usize = chosen.iter().skip(4).map(|i| i.count).sum();
        let more = match (rest, issues.len() >= bytes::MAX_RUNS) {
            (0, false) => String::new(),
            (n, false) => format!(" and {n} more"),
            (n, true) => format!(" and more than {n} more"),
        };
        let blocks = chosen.iter().any(|i| i.blocks_fetch());
        let consequence = match (blocks && source.is_header(), source) {
            (true, Source::Pasted) => " fetch() and XMLHttpRequest refuse header values with characters above U+00FF, so a browser would never send this request.",
            (true, _) => " A browser's fetch() would refuse this value outright; this request came from another client.",
            (false, _) => " The server compares bytes, so the credential does not match.",
        };
        let detail = match id {
            FindingId::TokenLineBreak => msg("The credential contains a line break: {names}{more}.{consequence}").arg("names", names.join(", ")),
            FindingId::TokenInvisibleChar => msg("The credential contains invisible characters: {names}{more}.{consequence}").arg("names", names.join(", ")),
            FindingId::TokenUnicodeSpace => msg("The value contains a non-ASCII space: {names}{more}. It looks like a normal space but is different bytes.{consequence}").arg("names", names.join(", ")),
            FindingId::TokenConfusable => {
                let like: Vec<String> = chosen
                    .iter()
                    .take(4)
                    .map(|i| {
                        let like = match i.kind {
                            CharKind::Confusable { looks_like } => looks_like,
                            _ => '-',
                        };
                        let at = if i.count > 1 { format!("×{} from byte", i.count) } else { "at byte".to_owned() };
                        format!("{} (looks like `{like}`) {at} {}", i.label(), i.byte_offset)
                    })
                    .collect();
                msg("The credential contains look-alike characters: {names}{more}. Keys are ASCII; this one was retyped or 'prettified'.{consequence}").arg("names", like.join(", "))
            }
            _ => msg("The value contains characters above U+00FF: {names}{more}.{consequence}").arg("names", names.join(", ")),
        }
        .arg("more", more)
        .arg("consequence", consequence);
        let mut ev = Evidence::field(field).with_span(Span::bytes(
            first.byte_offset,
            first.byte_offset + first.ch.len_utf8(),
        ));
        ev.code_points = chosen.iter().map(|i| CodePointNote::from(*i)).collect();
        let severity = if id == FindingId::TokenNonLatin1 && !matches!(source, Source::Pasted) {
            Severity::Warning
        } else {
            crate::findings::summary(id).severity
        };
        out.push(finding_with(id, severity, detail, ev));
    }
}

fn is_edge(value: &str, issue: &CharIssue) -> bool {
    let start = value.len() - value.trim_start_matches(is_edge_ws).len();
    let end = value.trim_end_matches(is_edge_ws).len();
    issue.byte_offset < start || issue.byte_offset >= end
}

/// A scheme word as sent: a known scheme name as text, anything else (a key sent as
/// `Authorization: <key> <word>`, `KEY, KEY`) as a secret, shown redacted; a short word of
/// letters (a custom scheme such as `SSWS`) as text.
pub(crate) fn scheme_word(word: &str) -> Value {
    let wordlike = word.len() <= 12 && word.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-');
    if is_known_scheme(word) || wordlike {
        Text::new(word).into()
    } else {
        Secret::new(word).into()
    }
}

/// A Basic user name for display: redacted when it is a key (Stripe and others take the key as
/// the user name), else as written (clipped).
pub(crate) fn shown_basic_user(user: &str) -> Value {
    let keylike = user.len() >= 16 || recognize_key(user).best().is_some_and(|m| m.prefix_len > 0);
    if keylike {
        Secret::new(user).into()
    } else {
        Text::new(super::request::clip(user, 64)).into()
    }
}

fn inspect_basic(ctx: &Ctx<'_>, token: &str, start: usize, field: &str, out: &mut Vec<Finding>) {
    let span = Span::bytes(start, start + token.len());
    match decode_basic(token) {
        Ok(creds) => {
            let header = field_name(field);
            if !creds.user.is_empty() {
                inspect_carried(ctx, &creds.user, Carrier::BasicUser(header), out);
            }
            if !creds.password.is_empty() {
                inspect_carried(ctx, &creds.password, Carrier::BasicPassword(header), out);
            }
            let user_keylike = creds.user.len() >= 20;
            let password_keylike = creds.password.len() >= 20;
            let empty = if creds.user_is_empty() && !password_keylike {
                Some("user")
            } else if creds.password_is_empty() && !user_keylike {
                Some("password")
            } else {
                None
            };
            if let Some(part) = empty {
                out.push(finding(
                    FindingId::BasicEmptyPart,
                    msg("The Basic credential decodes to an empty {empty} (user `{user}`, password {password_len} bytes): the variable was probably unset when the header was built.").arg("user", shown_basic_user(&creds.user)).arg("password_len", creds.password.len()),
                    Evidence::field(field).with_span(span).with_fact("empty", part),
                ));
            }
            let stray = creds.whitespace();
            if let Some(first) = stray.first() {
                let part = match first.part {
                    BasicPart::User => "user",
                    BasicPart::Password => "password",
                };
                out.push(finding(
                    FindingId::BasicWhitespace,
                    msg("The decoded {part} has {ch} at its {edge} (decoded byte {at}). Servers keep it, so the {part} does not match; `echo user:pass | base64` adds a newline (use `echo -n` or `printf`).")
                        .arg("ch", crate::bytes::code_point_label(first.ch))
                        .arg(
                            "edge",
                            match first.edge {
                                crate::parse::basic::Edge::Leading => "start",
                                crate::parse::basic::Edge::Trailing => "end",
                            },
                        )
                        .arg("at", first.offset),
                    Evidence::field(field).with_span(span).with_fact("part", part).with_fact("count", stray.len()),
                ));
            }
        }
        Err(BasicError::Empty) => {}
        Err(BasicError::NotBase64(e)) => {
            let raw_pair = token.contains(':');
            out.push(finding(
                FindingId::BasicNotBase64,
                msg("The Basic credential is not base64: {e}.{raw}")
                    .arg("e", e.to_string())
                    .arg("raw", if raw_pair { " It contains `:`, so it looks like `user:password` sent without encoding." } else { "" }),
                Evidence::field(field).with_span(span),
            ));
        }
        Err(BasicError::NoColon { decoded_len }) => out.push(finding(
            FindingId::BasicNoColon,
            msg("The Basic credential decodes to {decoded_length} bytes with no `:`. RFC 7617 requires `user:password`; for APIs that take a key as the user name, append the colon before encoding."),
            Evidence::field(field).with_span(span).with_fact("decoded_length", decoded_len),
        )),
        Err(BasicError::NotUtf8 { offset, .. }) => out.push(finding(
            FindingId::BasicNotUtf8,
            msg("The decoded Basic credential is not UTF-8 (first bad byte at decoded offset {decoded_offset}): it was probably encoded as Latin-1 (`btoa` does this), and the server decodes UTF-8."),
            Evidence::field(field).with_span(span).with_fact("decoded_offset", offset),
        )),
    }
}
