//! A span-keeping JSON reader for the rewriter: values know where they are in the input, so
//! everything that is not replaced is copied byte for byte.
//!
//! ```
//! use authlens::har_redact::json::{parse_value, Node};
//! let text = r#"{"a": ["x\n", 1]}"#;
//! let (node, end) = parse_value(text, 0, 0).unwrap();
//! assert_eq!(end, text.len());
//! let Node::Obj(members, _) = node else { panic!() };
//! assert_eq!(members[0].0, "a");
//! ```

use std::borrow::Cow;
use std::ops::Range;

/// Deeper values are not turned into trees: they are copied, and only their strings are scanned.
pub const MAX_TREE_DEPTH: usize = 256;

/// Why the input is not JSON, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the error.
    pub offset: usize,
    /// What is wrong there.
    pub message: &'static str,
}

/// A JSON value with the byte range it occupies.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// A string: its literal's range (quotes included) and its decoded text.
    Str(Range<usize>, Cow<'a, str>),
    /// A number, `true`, `false` or `null`.
    Scalar(Range<usize>),
    /// An array: its items and its range.
    Arr(Vec<Node<'a>>, Range<usize>),
    /// An object: its members in order (keys decoded) and its range.
    Obj(Vec<(Cow<'a, str>, Node<'a>)>, Range<usize>),
    /// A value nested deeper than [`MAX_TREE_DEPTH`], not parsed into a tree.
    Deep(Range<usize>),
}

impl Node<'_> {
    /// The value's byte range in the input.
    pub fn span(&self) -> Range<usize> {
        match self {
            Node::Str(r, _)
            | Node::Scalar(r)
            | Node::Arr(_, r)
            | Node::Obj(_, r)
            | Node::Deep(r) => r.clone(),
        }
    }

    /// The first member named `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Node::Obj(members, _) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The decoded text of a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(_, s) => Some(s),
            _ => None,
        }
    }
}

/// The offset of the first non-whitespace byte at or after `i`.
pub fn skip_ws(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while let Some(c) = b.get(i) {
        if !matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        i += 1;
    }
    i
}

fn err(offset: usize, message: &'static str) -> JsonError {
    JsonError { offset, message }
}

/// Parses the string literal starting at `start` (a `"`); returns its text and the offset after
/// the closing quote.
pub fn parse_string(text: &str, start: usize) -> Result<(Cow<'_, str>, usize), JsonError> {
    let b = text.as_bytes();
    if b.get(start) != Some(&b'"') {
        return Err(err(start, "expected a string"));
    }
    // Fast path: no escape before the closing quote.
    let mut i = special_at(b, start + 1);
    match b.get(i) {
        Some(b'"') => return Ok((Cow::Borrowed(&text[start + 1..i]), i + 1)),
        Some(0..=0x1F) => return Err(err(i, "control character in a string")),
        _ => {}
    }
    let mut out = String::with_capacity(i - start + 16);
    out.push_str(&text[start + 1..i]);
    loop {
        let Some(&c) = b.get(i) else {
            return Err(err(i, "unterminated string"));
        };
        match c {
            b'"' => return Ok((Cow::Owned(out), i + 1)),
            b'\\' => {
                let e = *b.get(i + 1).ok_or_else(|| err(i, "unterminated string"))?;
                i += 2;
                match e {
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'/' => out.push('/'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'n' => out.push('\n'),
                    b'r' => out.push('\r'),
                    b't' => out.push('\t'),
                    b'u' => {
                        let hi = hex4(text, i)?;
                        i += 4;
                        let ch = if (0xD800..0xDC00).contains(&hi)
                            && b.get(i) == Some(&b'\\')
                            && b.get(i + 1) == Some(&b'u')
                        {
                            match hex4(text, i + 2) {
                                Ok(lo) if (0xDC00..0xE000).contains(&lo) => {
                                    i += 6;
                                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                                }
                                _ => None,
                            }
                        } else {
                            char::from_u32(hi)
                        };
                        // A lone surrogate has no UTF-8 form.
                        out.push(ch.unwrap_or('\u{FFFD}'));
                    }
                    _ => return Err(err(i - 1, "invalid escape in a string")),
                }
            }
            0..=0x1F => return Err(err(i, "control character in a string")),
            _ => {
                let run_end = special_at(b, i);
                out.push_str(&text[i..run_end]);
                i = run_end;
            }
        }
    }
}

/// `"`, `\\` and the control characters: where a JSON string's plain run ends.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// The offset of the first `"`, `\\` or control character at or after `i` (`b.len()` if none):
/// past the first bytes, memchr finds the next quote or backslash and the run before it is
/// checked for control characters (two vectorised scans instead of three comparisons a byte).
fn special_at(b: &[u8], i: usize) -> usize {
    let special = |c: u8| SPECIAL[usize::from(c)];
    // Most runs are short (names, values, escaped JSON between two escapes): a plain loop first,
    // memchr only for what is longer.
    let head = (i + 24).min(b.len());
    if let Some(p) = b[i..head].iter().position(|&c| special(c)) {
        return i + p;
    }
    let stop = memchr::memchr2(b'"', b'\\', &b[head..]).map_or(b.len(), |p| head + p);
    b[head..stop]
        .iter()
        .position(|&c| c < 0x20)
        .map_or(stop, |p| head + p)
}

fn hex4(text: &str, i: usize) -> Result<u32, JsonError> {
    // Four hex digits exactly: `from_str_radix` alone also takes a sign (`\u+123`), which JSON
    // does not, and the rewriter copies what it accepts.
    text.get(i..i + 4)
        .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
        .and_then(|h| u32::from_str_radix(h, 16).ok())
        .ok_or_else(|| err(i, "invalid \\u escape"))
}

/// Checks the string literal starting at `start` (a `"`) without decoding it; returns the
/// offset after the closing quote. Accepts and rejects exactly what [`parse_string`] does.
pub fn skip_string(text: &str, start: usize) -> Result<usize, JsonError> {
    let b = text.as_bytes();
    if b.get(start) != Some(&b'"') {
        return Err(err(start, "expected a string"));
    }
    let mut i = start + 1;
    loop {
        i = special_at(b, i);
        match b.get(i) {
            None => return Err(err(i, "unterminated string")),
            Some(b'"') => return Ok(i + 1),
            Some(0..=0x1F) => return Err(err(i, "control character in a string")),
            _ => match b.get(i + 1) {
                None => return Err(err(i, "unterminated string")),
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(b'u') => {
                    hex4(text, i + 2)?;
                    i += 6;
                }
                Some(_) => return Err(err(i + 1, "invalid escape in a string")),
            },
        }
    }
}

fn parse_scalar(text: &str, start: usize) -> Result<usize, JsonError> {
    let b = text.as_bytes();
    for word in ["true", "false", "null"] {
        if text.get(start..start + word.len()) == Some(word) {
            return Ok(start + word.len());
        }
    }
    let mut i = start;
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    let digits_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i == digits_start {
        return Err(err(start, "expected a value"));
    }
    if b[digits_start] == b'0' && i - digits_start > 1 {
        return Err(err(digits_start, "a number with a leading zero"));
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        let s = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == s {
            return Err(err(i, "expected a digit"));
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let s = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == s {
            return Err(err(i, "expected a digit"));
        }
    }
    Ok(i)
}

/// Parses the value at `start` (after whitespace) into a tree; returns it and the offset after it.
pub fn parse_value(text: &str, start: usize, depth: usize) -> Result<(Node<'_>, usize), JsonError> {
    let b = text.as_bytes();
    let start = skip_ws(text, start);
    match b.get(start) {
        None => Err(err(start, "unexpected end of input")),
        Some(b'"') => {
            let (s, end) = parse_string(text, start)?;
            Ok((Node::Str(start..end, s), end))
        }
        Some(b'{' | b'[') if depth >= MAX_TREE_DEPTH => {
            let end = skip_value(text, start)?;
            Ok((Node::Deep(start..end), end))
        }
        Some(b'{') => {
            let mut members = Vec::new();
            let mut i = skip_ws(text, start + 1);
            if b.get(i) == Some(&b'}') {
                return Ok((Node::Obj(members, start..i + 1), i + 1));
            }
            loop {
                // The errors are `skip_value`'s: the single-pass rewrite reports what `validate`
                // would.
                if b.get(i) != Some(&b'"') {
                    return Err(err(i, "expected a member name"));
                }
                let (key, after_key) = parse_string(text, i)?;
                i = skip_ws(text, after_key);
                if b.get(i) != Some(&b':') {
                    return Err(err(i, "expected `:`"));
                }
                let (value, after) = parse_value(text, i + 1, depth + 1)?;
                members.push((key, value));
                i = skip_ws(text, after);
                match b.get(i) {
                    Some(b',') => i = skip_ws(text, i + 1),
                    Some(b'}') => return Ok((Node::Obj(members, start..i + 1), i + 1)),
                    None => return Err(err(i, "unexpected end of input")),
                    _ => return Err(err(i, "expected `,` or `}`")),
                }
            }
        }
        Some(b'[') => {
            let mut items = Vec::new();
            let mut i = skip_ws(text, start + 1);
            if b.get(i) == Some(&b']') {
                return Ok((Node::Arr(items, start..i + 1), i + 1));
            }
            loop {
                let (value, after) = parse_value(text, i, depth + 1)?;
                items.push(value);
                i = skip_ws(text, after);
                match b.get(i) {
                    Some(b',') => i += 1,
                    Some(b']') => return Ok((Node::Arr(items, start..i + 1), i + 1)),
                    None => return Err(err(i, "unexpected end of input")),
                    _ => return Err(err(i, "expected `,` or `]`")),
                }
            }
        }
        Some(_) => {
            let end = parse_scalar(text, start)?;
            Ok((Node::Scalar(start..end), end))
        }
    }
}

/// Skips the value at `start` without building a tree (any depth, no recursion); checks the
/// syntax of strings and the nesting of brackets only.
pub fn skip_value(text: &str, start: usize) -> Result<usize, JsonError> {
    let b = text.as_bytes();
    // `"name"` `:` at `i`; returns where the member's value starts.
    let member = |i: usize| -> Result<usize, JsonError> {
        if b.get(i) != Some(&b'"') {
            return Err(err(i, "expected a member name"));
        }
        let after = skip_ws(text, skip_string(text, i)?);
        if b.get(after) != Some(&b':') {
            return Err(err(after, "expected `:`"));
        }
        Ok(skip_ws(text, after + 1))
    };
    // The closing bracket of each open container: the separators are checked too, so what is
    // accepted here is JSON (the rewriter copies it, and its output must parse).
    let mut stack: Vec<u8> = Vec::new();
    let mut i = skip_ws(text, start);
    loop {
        match b.get(i) {
            None => return Err(err(i, "unexpected end of input")),
            Some(b'{') => {
                i = skip_ws(text, i + 1);
                if b.get(i) == Some(&b'}') {
                    i += 1;
                } else {
                    stack.push(b'}');
                    i = member(i)?;
                    continue;
                }
            }
            Some(b'[') => {
                i = skip_ws(text, i + 1);
                if b.get(i) == Some(&b']') {
                    i += 1;
                } else {
                    stack.push(b']');
                    continue;
                }
            }
            Some(b'"') => i = skip_string(text, i)?,
            Some(_) => i = parse_scalar(text, i)?,
        }
        // After a value: the next one in its container, or the container's end.
        loop {
            let Some(&close) = stack.last() else {
                return Ok(i);
            };
            i = skip_ws(text, i);
            match b.get(i) {
                Some(b',') => {
                    i = skip_ws(text, i + 1);
                    if close == b'}' {
                        i = member(i)?;
                    }
                    break;
                }
                Some(&c) if c == close => {
                    stack.pop();
                    i += 1;
                }
                None => return Err(err(i, "unexpected end of input")),
                _ if close == b'}' => return Err(err(i, "expected `,` or `}`")),
                _ => return Err(err(i, "expected `,` or `]`")),
            }
        }
    }
}

/// Calls `f(literal_range, decoded, is_key)` for every string literal of the JSON value in
/// `text[range]`, in order. Stops at the first syntax error.
pub fn for_each_string<'a>(
    text: &'a str,
    range: Range<usize>,
    mut f: impl FnMut(Range<usize>, Cow<'a, str>, bool),
) -> Result<(), JsonError> {
    let b = text.as_bytes();
    let mut i = range.start;
    while i < range.end {
        match b.get(i) {
            Some(b'"') => {
                let (s, end) = parse_string(text, i)?;
                let is_key = b.get(skip_ws(text, end)) == Some(&b':');
                f(i..end, s, is_key);
                i = end;
            }
            Some(_) => {
                // Jump to the next quote.
                i = b[i..range.end]
                    .iter()
                    .position(|&c| c == b'"')
                    .map_or(range.end, |p| i + p);
            }
            None => break,
        }
    }
    Ok(())
}

/// `s` as a JSON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(&mut out, s);
    out
}

/// Appends `s` as a JSON string literal (serde_json's escaping: `"`, `\\` and control
/// characters only). Placeholders need no escape: they are copied in one piece.
pub fn push_quoted(out: &mut String, s: &str) {
    if special_at(s.as_bytes(), 0) == s.len() {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned()));
    }
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// The 1-based line each element of a HAR's `log.entries` starts on, in order (empty when the
/// text is not a HAR object). One pass, no tree: for locating findings in CI reports.
pub fn entry_lines(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let b = text.as_bytes();
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    // Walks `{... "log": {... "entries": [ <here> ...`.
    fn member(text: &str, obj: usize, want: &str) -> Option<usize> {
        let b = text.as_bytes();
        let mut i = skip_ws(text, obj + 1);
        loop {
            let (key, after) = parse_string(text, i).ok()?;
            let v = skip_ws(text, skip_ws(text, after) + 1);
            if key == want {
                return Some(v);
            }
            let end = skip_value(text, v).ok()?;
            i = skip_ws(text, end);
            if b.get(i) != Some(&b',') {
                return None;
            }
            i = skip_ws(text, i + 1);
        }
    }
    let root = skip_ws(text, start);
    if b.get(root) != Some(&b'{') {
        return starts;
    }
    let Some(log) = member(text, root, "log").filter(|&l| b.get(l) == Some(&b'{')) else {
        return starts;
    };
    let Some(entries) = member(text, log, "entries").filter(|&e| b.get(e) == Some(&b'[')) else {
        return starts;
    };
    let mut i = skip_ws(text, entries + 1);
    while b.get(i).is_some_and(|&c| c != b']') {
        starts.push(i);
        let Ok(end) = skip_value(text, i) else { break };
        i = skip_ws(text, end);
        if b.get(i) == Some(&b',') {
            i = skip_ws(text, i + 1);
        }
    }
    // Offsets to lines in one sweep.
    let mut lines = Vec::with_capacity(starts.len());
    let (mut line, mut at) = (1, 0);
    for s in starts {
        line += b[at..s].iter().filter(|&&c| c == b'\n').count();
        at = s;
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod strict_tests {
    use super::skip_value;

    #[test]
    fn skip_value_accepts_json_and_nothing_else() {
        for ok in [
            "{}",
            "[]",
            "[1, 2]",
            "{\"a\": [true, {\"b\": null}], \"c\": -1.5e3}",
            " \"x\" ",
            "0",
        ] {
            assert_eq!(skip_value(ok, 0), Ok(ok.trim_end().len()), "{ok}");
        }
        // The fuzzer's find: `"entries": [0 {…}]` was copied through as if it were JSON.
        for bad in [
            "[0 {}]",
            "[1 2]",
            "{\"a\":1 \"b\":2}",
            "{\"a\" 1}",
            "{1: 2}",
            "[1,]",
            "{,}",
            "[01]",
            "[tru]",
            "{\"a\":}",
            "[",
        ] {
            assert!(skip_value(bad, 0).is_err(), "{bad} was accepted");
        }
    }
}
