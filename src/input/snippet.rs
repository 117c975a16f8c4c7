//! fetch() and axios snippets: the literal URL, method and headers of a JavaScript call, read
//! with a small tokenizer (nothing is evaluated).

use base64::Engine;

use crate::model::{Exchange, Header};

use super::http::too_many_headers;
use super::{InputError, PasteKind, PasteNote, MAX_HEADERS, MAX_SNIPPET_TOKENS};

pub(super) fn snippet_kind(body: &str) -> Option<PasteKind> {
    let fetch = find_call(body, "fetch");
    // `axios(`, `axios.get(`, `axios.defaults...`; not `User-Agent: axios/1.7.2`.
    let axios = body.match_indices("axios").map(|(i, _)| i).find(|&i| {
        let after = body.get(i + 5..).unwrap_or_default();
        after.trim_start().starts_with('(')
            || after
                .strip_prefix('.')
                .is_some_and(|m| m.starts_with(|c: char| c.is_ascii_alphabetic()))
    });
    match (fetch, axios) {
        (Some(f), Some(a)) => Some(if a < f {
            PasteKind::AxiosSnippet
        } else {
            PasteKind::FetchSnippet
        }),
        (Some(_), None) => Some(PasteKind::FetchSnippet),
        (None, Some(_)) => Some(PasteKind::AxiosSnippet),
        (None, None) => None,
    }
}

/// Offset of `name(` (optionally with spaces before the parenthesis) as a whole word.
pub(super) fn find_call(body: &str, name: &str) -> Option<usize> {
    body.match_indices(name).map(|(i, _)| i).find(|&i| {
        let before_ok = body
            .get(..i)
            .and_then(|b| b.chars().next_back())
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'));
        let after = body.get(i + name.len()..).unwrap_or_default().trim_start();
        before_ok && after.starts_with('(')
    })
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Token {
    /// A string literal, unescaped. `literal` is false for a template with `${...}`.
    Str {
        value: String,
        literal: bool,
    },
    Ident(String),
    Punct(char),
}

/// A small JavaScript tokenizer: strings (with escapes), templates, identifiers, punctuation;
/// comments and numbers are skipped. Unterminated strings end at the end of the input.
pub(super) fn js_tokens(src: &str) -> Result<Vec<Token>, InputError> {
    let mut tokens = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if tokens.len() == MAX_SNIPPET_TOKENS {
            return Err(InputError::TooLarge {
                what: "JavaScript tokens",
                limit: MAX_SNIPPET_TOKENS,
            });
        }
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            '\'' | '"' => {
                let mut value = String::new();
                while let Some(n) = chars.next() {
                    match n {
                        _ if n == c => break,
                        '\\' => js_escape(&mut chars, &mut value),
                        _ => value.push(n),
                    }
                }
                tokens.push(Token::Str {
                    value,
                    literal: true,
                });
            }
            '`' => {
                let mut value = String::new();
                let mut literal = true;
                while let Some(n) = chars.next() {
                    match n {
                        '`' => break,
                        '\\' => js_escape(&mut chars, &mut value),
                        '$' if chars.peek() == Some(&'{') => {
                            literal = false;
                            value.push('$');
                        }
                        _ => value.push(n),
                    }
                }
                tokens.push(Token::Str { value, literal });
            }
            c if c.is_alphabetic() || c == '_' || c == '$' => {
                let mut ident = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '$' {
                        ident.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                tokens.push(Token::Ident(ident));
            }
            c if c.is_whitespace() || c.is_ascii_digit() => {}
            c => tokens.push(Token::Punct(c)),
        }
    }
    Ok(tokens)
}

pub(super) fn js_escape(chars: &mut std::iter::Peekable<std::str::Chars>, out: &mut String) {
    let Some(e) = chars.next() else { return };
    match e {
        'n' => out.push('\n'),
        't' => out.push('\t'),
        'r' => out.push('\r'),
        'b' => out.push('\u{8}'),
        'f' => out.push('\u{c}'),
        'v' => out.push('\u{b}'),
        '0' => out.push('\0'),
        '\n' => {}
        'x' | 'u' => {
            let braced = e == 'u' && chars.peek() == Some(&'{');
            if braced {
                chars.next();
            }
            let want = if e == 'x' {
                2
            } else if braced {
                6
            } else {
                4
            };
            let mut value = 0u32;
            let mut digits = 0;
            while digits < want {
                match chars.peek().and_then(|d| d.to_digit(16)) {
                    Some(d) => {
                        value = value * 16 + d;
                        chars.next();
                        digits += 1;
                    }
                    None => break,
                }
            }
            if braced && chars.peek() == Some(&'}') {
                chars.next();
            }
            out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
        }
        other => out.push(other),
    }
}

pub(super) fn key_name(token: &Token) -> Option<&str> {
    match token {
        Token::Ident(name) => Some(name),
        Token::Str {
            value,
            literal: true,
        } => Some(value),
        _ => None,
    }
}

/// Index just past the token that closes the bracket opened at `open`.
pub(super) fn skip_balanced(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0i32;
    let mut i = open;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Punct('{' | '(' | '[') => depth += 1,
            Token::Punct('}' | ')' | ']') => {
                depth -= 1;
                if depth <= 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// Reads `{ key: 'value', ... }` starting at `open` (the `{`): literal values are returned, others
/// reported as not literal. Returns the pairs and the index after the closing brace.
pub(super) fn object_literal(
    tokens: &[Token],
    open: usize,
) -> (Vec<(String, Option<String>)>, usize) {
    let mut pairs = Vec::new();
    let mut i = open + 1;
    while let Some(token) = tokens.get(i) {
        if *token == Token::Punct('}') {
            return (pairs, i + 1);
        }
        if *token == Token::Punct(',') {
            i += 1;
            continue;
        }
        // `['Authorization']: ...` computed keys with a literal.
        let (key, after_key) = if *token == Token::Punct('[') {
            match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(k), Some(Token::Punct(']'))) => (key_name(k).map(str::to_owned), i + 3),
                _ => (None, skip_balanced(tokens, i)),
            }
        } else {
            (key_name(token).map(str::to_owned), i + 1)
        };
        if tokens.get(after_key) != Some(&Token::Punct(':')) {
            // Shorthand `{ Authorization }` or a spread: no literal value.
            if let Some(key) = key {
                pairs.push((key, None));
            }
            i = skip_value(tokens, after_key);
            continue;
        }
        let value_start = after_key + 1;
        let value_end = skip_value(tokens, value_start);
        let value = match tokens.get(value_start..value_end) {
            Some(
                [Token::Str {
                    value,
                    literal: true,
                }],
            ) => Some(value.clone()),
            _ => None,
        };
        if let Some(key) = key {
            pairs.push((key, value));
        }
        i = value_end;
    }
    (pairs, i)
}

/// Index of the `,` or `}` ending the value that starts at `start` (nested brackets skipped).
pub(super) fn skip_value(tokens: &[Token], start: usize) -> usize {
    let mut i = start;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Punct(',' | '}') => return i,
            Token::Punct('{' | '(' | '[') => i = skip_balanced(tokens, i),
            _ => i += 1,
        }
    }
    i
}

/// The object literal that is the value of `key:` somewhere in `tokens` (also through
/// `new Headers({...})`), with its position.
pub(super) fn objects_for_key<'t>(
    tokens: &'t [Token],
    key: &'t str,
) -> impl Iterator<Item = usize> + 't {
    (0..tokens.len()).filter_map(move |i| {
        let name = key_name(tokens.get(i)?)?;
        if name != key || tokens.get(i + 1) != Some(&Token::Punct(':')) {
            return None;
        }
        let mut j = i + 2;
        if tokens.get(j) == Some(&Token::Ident("new".to_owned())) {
            j += 2; // `new Headers`
        }
        if tokens.get(j) == Some(&Token::Punct('(')) {
            j += 1;
        }
        (tokens.get(j) == Some(&Token::Punct('{'))).then_some(j)
    })
}

pub(super) fn literal_for_key(tokens: &[Token], key: &str) -> Option<Option<String>> {
    (0..tokens.len()).find_map(|i| {
        if key_name(tokens.get(i)?)? != key || tokens.get(i + 1) != Some(&Token::Punct(':')) {
            return None;
        }
        Some(match tokens.get(i + 2) {
            Some(Token::Str {
                value,
                literal: true,
            }) if tokens
                .get(i + 3)
                .is_none_or(|t| matches!(t, Token::Punct(',' | '}' | ')'))) =>
            {
                Some(value.clone())
            }
            _ => None,
        })
    })
}

/// Best-effort extraction of URL, method and headers from a fetch or axios call.
pub(super) fn parse_snippet(
    body: &str,
    kind: PasteKind,
) -> Result<(Exchange, Vec<PasteNote>), InputError> {
    let tokens = js_tokens(body)?;
    let mut exchange = Exchange::default();
    let mut notes = Vec::new();
    let callee = if kind == PasteKind::FetchSnippet {
        "fetch"
    } else {
        "axios"
    };
    let mut url: Option<Option<String>> = None;
    let mut method: Option<String> = None;

    if let Some(at) = tokens
        .iter()
        .position(|t| *t == Token::Ident(callee.to_owned()))
    {
        let mut j = at + 1;
        // axios.get(...), axios.post(...): the method is the member name.
        if kind == PasteKind::AxiosSnippet && tokens.get(j) == Some(&Token::Punct('.')) {
            if let Some(Token::Ident(member)) = tokens.get(j + 1) {
                if ["get", "post", "put", "patch", "delete", "head", "options"]
                    .contains(&member.as_str())
                {
                    method = Some(member.to_ascii_uppercase());
                }
            }
            j += 2;
        }
        if tokens.get(j) == Some(&Token::Punct('(')) {
            url = match tokens.get(j + 1) {
                Some(Token::Str {
                    value,
                    literal: true,
                }) => Some(Some(value.clone())),
                Some(Token::Punct('{')) => None,
                Some(_) => Some(None),
                None => None,
            };
        }
    }
    if url.is_none() {
        url = literal_for_key(&tokens, "url");
    }
    match url {
        Some(Some(u)) => {
            let base = literal_for_key(&tokens, "baseURL").flatten();
            exchange.url = match base {
                Some(b) if !u.contains("://") => {
                    format!("{}/{}", b.trim_end_matches('/'), u.trim_start_matches('/'))
                }
                _ => u,
            };
        }
        Some(None) => notes.push(PasteNote::UrlNotLiteral),
        None => {}
    }
    if let Some(Some(m)) = literal_for_key(&tokens, "method") {
        method = Some(m.to_ascii_uppercase());
    }
    exchange.method = method.unwrap_or_else(|| "GET".to_owned());

    // An object inside one already read (`headers: { headers: {...` unclosed) is not read
    // again: every token is looked at a bounded number of times.
    let mut read_until = 0;
    for open in objects_for_key(&tokens, "headers") {
        if open < read_until {
            continue;
        }
        let (pairs, end) = object_literal(&tokens, open);
        read_until = end;
        for (name, value) in pairs {
            if exchange.request_headers.len() + notes.len() >= MAX_HEADERS {
                return Err(too_many_headers());
            }
            add_snippet_header(&mut exchange, &mut notes, name, value);
        }
    }
    // axios.defaults.headers.common['Authorization'] = '...' / .common.Authorization = '...'
    for i in 0..tokens.len() {
        let is_headers_path =
            matches!(tokens.get(i), Some(Token::Ident(n)) if n == "common" || n == "headers");
        if !is_headers_path {
            continue;
        }
        let (name, eq) = match (tokens.get(i + 1), tokens.get(i + 2), tokens.get(i + 3)) {
            (Some(Token::Punct('[')), Some(k), Some(Token::Punct(']'))) => (key_name(k), i + 4),
            (Some(Token::Punct('.')), Some(Token::Ident(k)), _) if k != "common" => {
                (Some(k.as_str()), i + 3)
            }
            _ => continue,
        };
        if let (Some(name), Some(Token::Punct('='))) = (name, tokens.get(eq)) {
            let value = match (tokens.get(eq + 1), tokens.get(eq + 2)) {
                (
                    Some(Token::Str {
                        value,
                        literal: true,
                    }),
                    Some(Token::Punct(';')) | None,
                ) => Some(value.clone()),
                _ => None,
            };
            if exchange.request_headers.len() + notes.len() >= MAX_HEADERS {
                return Err(too_many_headers());
            }
            add_snippet_header(&mut exchange, &mut notes, name.to_owned(), value);
        }
    }
    // axios `auth: { username, password }` becomes a Basic header.
    let mut read_until = 0;
    for open in objects_for_key(&tokens, "auth") {
        if open < read_until {
            continue;
        }
        let (pairs, end) = object_literal(&tokens, open);
        read_until = end;
        if exchange.request_headers.len() + notes.len() >= MAX_HEADERS {
            return Err(too_many_headers());
        }
        let find = |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == k)
                .and_then(|(_, v)| v.clone())
        };
        if let (Some(user), Some(password)) = (find("username"), find("password")) {
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            exchange
                .request_headers
                .push(Header::new("Authorization", format!("Basic {encoded}")));
        } else {
            notes.push(PasteNote::HeaderNotLiteral {
                header: "Authorization".to_owned(),
            });
        }
    }
    Ok((exchange, notes))
}

pub(super) fn add_snippet_header(
    exchange: &mut Exchange,
    notes: &mut Vec<PasteNote>,
    name: String,
    value: Option<String>,
) {
    match value {
        Some(value) => exchange.request_headers.push(Header { name, value }),
        None => notes.push(PasteNote::HeaderNotLiteral { header: name }),
    }
}
