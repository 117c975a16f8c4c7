//! Classifies every character of a credential, finds placeholders, quotes and percent-escapes,
//! and produces a cleaned copy.
//!
//! ```
//! use authlens::bytes::{clean, code_point_label, placeholder, scan, CharKind, PlaceholderKind};
//!
//! let issues = scan("sk-\u{200B}abc\u{00A0}");
//! assert_eq!(issues[0].kind, CharKind::Invisible);
//! assert_eq!(issues[0].byte_offset, 3);
//! assert_eq!(code_point_label('\u{200B}'), "U+200B ZERO WIDTH SPACE");
//! assert_eq!(issues[1].kind, CharKind::UnicodeSpace);
//!
//! assert_eq!(placeholder("undefined").map(|p| p.kind), Some(PlaceholderKind::Undefined));
//! assert_eq!(clean(" \"sk-abc\u{200B}def\"\n").value, "sk-abcdef");
//! ```
//!
//! The tables are generated from the Unicode Character Database and UTS #39 `confusables.txt` by
//! `tools/gen-unicode/gen.py` into `tables.rs`.

mod tables;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// Which pairs of adjacent bytes occur in a text, hashed into 4,096 bits: a text can contain a
/// needle only if every byte pair of the needle is in its set. One pass over a response body
/// lets a rule rule out most of a list of needles without scanning the body once per needle
/// (the wasm has no vector search, so each `str::contains` is a full byte-by-byte scan).
///
/// ```
/// use authlens::bytes::PairSet;
/// let body = PairSet::of(r#"{"error":"invalid_api_key"}"#);
/// assert!(body.may_contain("invalid_api_key"));
/// assert!(!body.may_contain("Bad credentials"));
/// ```
#[derive(Clone)]
pub struct PairSet([u64; 64]);

impl PairSet {
    /// The pairs of `text`.
    pub fn of(text: &str) -> Self {
        let mut bits = [0u64; 64];
        let bytes = text.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            let h = pair_hash(bytes[i - 1], bytes[i]);
            bits[h >> 6] |= 1 << (h & 63);
            i += 1;
        }
        PairSet(bits)
    }

    /// False only when `needle` certainly does not occur in the text (a needle of one byte or
    /// none always may).
    pub fn may_contain(&self, needle: &str) -> bool {
        let bytes = needle.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            let h = pair_hash(bytes[i - 1], bytes[i]);
            if self.0[h >> 6] & (1 << (h & 63)) == 0 {
                return false;
            }
            i += 1;
        }
        true
    }

    /// `text.contains(needle)`, with the pair test first.
    pub fn contains(&self, text: &str, needle: &str) -> bool {
        self.may_contain(needle) && text.contains(needle)
    }
}

#[inline(always)]
fn pair_hash(a: u8, b: u8) -> usize {
    ((usize::from(a) << 4) ^ usize::from(b)) & 4095
}

/// What a [`Span`]'s offsets count. JavaScript strings index UTF-16 units, Rust strings UTF-8 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanUnit {
    /// Offsets count UTF-8 bytes (Rust strings).
    Utf8Bytes,
    /// Offsets count UTF-16 units (JavaScript strings).
    Utf16Units,
}

/// A half-open range `[start, end)` in the evidence field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// First offset in the range.
    pub start: usize,
    /// One past the last offset.
    pub end: usize,
    /// What the offsets count.
    pub unit: SpanUnit,
}

impl Span {
    /// A span in UTF-8 bytes.
    pub fn bytes(start: usize, end: usize) -> Self {
        Span {
            start,
            end,
            unit: SpanUnit::Utf8Bytes,
        }
    }
}

/// One offending code point, for the byte view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePointNote {
    /// Offset of the character in UTF-8 bytes.
    pub byte_offset: usize,
    /// Offset of the character in UTF-16 units (what JavaScript's `String.prototype.at` uses).
    pub utf16_offset: usize,
    /// `U+200B` form.
    pub code_point: String,
    /// Unicode name, e.g. `ZERO WIDTH SPACE`.
    pub name: String,
    /// How many times the code point occurs here in a row; omitted from JSON when 1.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

/// Why a character of a credential is worth showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CharKind {
    /// ASCII space or tab before the first meaningful character.
    LeadingWhitespace,
    /// ASCII space or tab after the last meaningful character.
    TrailingWhitespace,
    /// ASCII space or tab between meaningful characters (no token68 credential contains one).
    InteriorWhitespace,
    /// A mandatory line break: CR, LF, VT, FF, U+0085, U+2028, U+2029.
    LineBreak,
    /// A Unicode Default_Ignorable_Code_Point that is not a bidi control: ZWSP, ZWJ, ZWNJ, WJ,
    /// BOM/ZWNBSP, soft hyphen, variation selectors, tag characters...
    Invisible,
    /// A Unicode Bidi_Control: ALM, LRM, RLM, LRE..RLO, LRI..PDI.
    BidiControl,
    /// A Unicode White_Space other than ASCII space, tab and line breaks: NBSP, U+2000..U+200A,
    /// U+202F, U+205F, U+3000...
    UnicodeSpace,
    /// A character whose `confusables.txt` prototype is this single ASCII character.
    Confusable {
        /// The ASCII character it is mistaken for.
        looks_like: char,
    },
    /// ASCII `"` `'` `` ` `` or any Unicode quotation mark or prime (smart quotes, guillemets...).
    Quote,
    /// An ellipsis character such as U+2026, inserted by smart editors or copied from a masked key.
    Ellipsis,
    /// A non-ASCII dash (en dash, em dash, minus sign...): smart editors turn `-` into these.
    Dash,
    /// A C0 control (other than tab and line breaks), DEL or a C1 control.
    Control,
    /// Another character in U+0080..U+00FF (`é`, `©`): browsers send it as one byte, which a
    /// server decoding UTF-8 does not read back as the same text.
    Latin1NonAscii,
    /// Any other character above U+00FF. Header values are ByteStrings in the Fetch spec, so
    /// `fetch`/`XMLHttpRequest` throw a TypeError before sending: the request never reaches
    /// DevTools, only a pasted value can show it.
    NonLatin1,
}

/// One noteworthy character of a value, or a run of the same character repeated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CharIssue {
    /// Offset in UTF-8 bytes (of the run's first character).
    pub byte_offset: usize,
    /// Offset in UTF-16 units (JavaScript string index).
    pub utf16_offset: usize,
    /// The character.
    pub ch: char,
    /// Why it is noteworthy.
    pub kind: CharKind,
    /// Unicode name, when the generated tables know it.
    pub name: Option<&'static str>,
    /// How many times `ch` occurs here in a row (at least 1): a pasted run of a million
    /// zero-width spaces is one issue, not a million.
    pub count: usize,
}

impl CharIssue {
    /// `true` when `fetch`/`XMLHttpRequest` refuse the header. The Fetch spec makes header values
    /// ByteStrings: `new Headers()` throws a TypeError for any code point above U+00FF, so such a
    /// request never leaves the browser (and never appears in DevTools).
    pub fn blocks_fetch(&self) -> bool {
        u32::from(self.ch) > 0xFF
    }

    /// `U+200B ZERO WIDTH SPACE`.
    pub fn label(&self) -> String {
        code_point_label(self.ch)
    }

    /// `U+200B ZERO WIDTH SPACE at byte 3`, or `U+200B ZERO WIDTH SPACE ×500 from byte 3` for a
    /// run.
    pub fn located(&self) -> String {
        if self.count > 1 {
            format!(
                "{} ×{} from byte {}",
                self.label(),
                self.count,
                self.byte_offset
            )
        } else {
            format!("{} at byte {}", self.label(), self.byte_offset)
        }
    }

    /// Bytes the run covers.
    pub fn byte_len(&self) -> usize {
        self.ch.len_utf8() * self.count
    }
}

/// At most this many issues (runs) are kept by [`scan`]; [`scan_limited`] says how many
/// characters were left out. Bounds memory for a pasted megabyte of alternating invisibles.
pub const MAX_RUNS: usize = 4096;

/// Pushes `issue`, or lengthens the previous issue when it is a run of the same character ending
/// right before it. Past `max_runs` runs, counts the characters instead.
fn push_run(out: &mut Vec<CharIssue>, omitted: &mut usize, max_runs: usize, issue: CharIssue) {
    if let Some(last) = out.last_mut() {
        if last.ch == issue.ch
            && last.kind == issue.kind
            && last.byte_offset + last.byte_len() == issue.byte_offset
        {
            last.count += 1;
            return;
        }
    }
    if out.len() >= max_runs {
        *omitted += 1;
    } else {
        out.push(issue);
    }
}

impl From<&CharIssue> for CodePointNote {
    fn from(issue: &CharIssue) -> Self {
        CodePointNote {
            byte_offset: issue.byte_offset,
            utf16_offset: issue.utf16_offset,
            code_point: format!("U+{:04X}", u32::from(issue.ch)),
            name: unicode_name(issue.ch)
                .map(Cow::into_owned)
                .unwrap_or_default(),
            count: issue.count,
        }
    }
}

impl From<CharIssue> for CodePointNote {
    fn from(issue: CharIssue) -> Self {
        CodePointNote::from(&issue)
    }
}

fn class_flags(ch: char) -> u16 {
    let cp = u32::from(ch);
    match tables::CLASS_RANGES.binary_search_by(|&(lo, hi, _)| {
        if hi < cp {
            std::cmp::Ordering::Less
        } else if lo > cp {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => tables::CLASS_RANGES.get(i).map_or(0, |r| r.2),
        Err(_) => 0,
    }
}

/// The single printable ASCII character `ch` is confusable with (UTS #39 prototype), if any.
pub fn confusable_ascii(ch: char) -> Option<char> {
    let i = tables::CONFUSABLE_CODE_POINTS
        .binary_search(&u32::from(ch))
        .ok()?;
    tables::CONFUSABLE_TARGETS
        .get(i)
        .map(|&ascii| char::from(ascii))
}

/// The Unicode name of `ch` when the generated tables know it (controls get their alias,
/// e.g. `LINE FEED`).
pub fn unicode_name(ch: char) -> Option<Cow<'static, str>> {
    let cp = u32::from(ch);
    if (0xE0100..=0xE01EF).contains(&cp) {
        return Some(Cow::Owned(format!(
            "VARIATION SELECTOR-{}",
            cp - 0xE0100 + 17
        )));
    }
    static_name(ch).map(Cow::Borrowed)
}

fn static_name(ch: char) -> Option<&'static str> {
    let i = tables::NAME_CODE_POINTS
        .binary_search(&u32::from(ch))
        .ok()?;
    let end = usize::from(*tables::NAME_ENDS.get(i)?);
    let start = match i.checked_sub(1) {
        Some(prev) => usize::from(*tables::NAME_ENDS.get(prev)?),
        None => 0,
    };
    tables::NAMES_TEXT.get(start..end)
}

/// `U+200B ZERO WIDTH SPACE`, or just `U+XXXX` when the name is not in the tables.
pub fn code_point_label(ch: char) -> String {
    match unicode_name(ch) {
        Some(name) => format!("U+{:04X} {name}", u32::from(ch)),
        None => format!("U+{:04X}", u32::from(ch)),
    }
}

/// Characters that [`clean`] removes at either end: whitespace of any kind, line breaks,
/// invisibles and bidi controls.
fn is_edge_junk(ch: char) -> bool {
    if ch.is_ascii() {
        return matches!(ch, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C');
    }
    class_flags(ch)
        & (tables::WHITE_SPACE
            | tables::DEFAULT_IGNORABLE
            | tables::BIDI_CONTROL
            | tables::LINE_BREAK)
        != 0
}

/// Classifies one character out of context: ASCII space and tab count as
/// [`CharKind::InteriorWhitespace`] (only [`scan`] knows whether they lead or trail).
pub fn classify_char(ch: char) -> Option<CharKind> {
    match ch {
        ' ' | '\t' => Some(CharKind::InteriorWhitespace),
        _ => classify(ch),
    }
}

/// Classifies a non-edge character (ASCII SP/HT are handled by the caller).
fn classify(ch: char) -> Option<CharKind> {
    if ch.is_ascii() {
        return match ch {
            '\n' | '\r' | '\x0B' | '\x0C' => Some(CharKind::LineBreak),
            '"' | '\'' | '`' => Some(CharKind::Quote),
            '\x00'..='\x1F' | '\x7F' => Some(CharKind::Control),
            _ => None,
        };
    }
    let flags = class_flags(ch);
    let kind = if flags & tables::LINE_BREAK != 0 {
        CharKind::LineBreak
    } else if flags & tables::BIDI_CONTROL != 0 {
        CharKind::BidiControl
    } else if flags & tables::DEFAULT_IGNORABLE != 0 {
        CharKind::Invisible
    } else if flags & tables::WHITE_SPACE != 0 {
        CharKind::UnicodeSpace
    } else if ('\u{80}'..='\u{9F}').contains(&ch) {
        CharKind::Control
    } else if flags & (tables::QUOTATION_MARK | tables::PRIME) != 0 {
        CharKind::Quote
    } else if flags & tables::ELLIPSIS != 0 {
        CharKind::Ellipsis
    } else if flags & tables::DASH != 0 {
        CharKind::Dash
    } else if let Some(looks_like) = confusable_ascii(ch) {
        CharKind::Confusable { looks_like }
    } else if u32::from(ch) <= 0xFF {
        CharKind::Latin1NonAscii
    } else {
        CharKind::NonLatin1
    };
    Some(kind)
}

/// Byte range of `value` left after dropping [`is_edge_junk`] characters at both ends.
fn core_range(value: &str) -> (usize, usize) {
    let start = value
        .char_indices()
        .find(|&(_, c)| !is_edge_junk(c))
        .map_or(value.len(), |(i, _)| i);
    let end = value
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_edge_junk(c))
        .map_or(start, |(i, c)| i + c.len_utf8());
    (start, end.max(start))
}

/// Every noteworthy character of `value`, in order, a run of one character repeated as one
/// issue (see [`CharIssue::count`]), at most [`MAX_RUNS`] issues. Plain printable ASCII other
/// than quotes is never reported, so a well-formed key gives an empty vector without allocating.
pub fn scan(value: &str) -> Vec<CharIssue> {
    scan_limited(value, MAX_RUNS).0
}

/// [`scan`] keeping at most `max_runs` issues, and the number of noteworthy characters after
/// them that were left out.
pub fn scan_limited(value: &str, max_runs: usize) -> (Vec<CharIssue>, usize) {
    if value
        .bytes()
        .all(|b| (0x21..=0x7E).contains(&b) && !matches!(b, b'"' | b'\'' | b'`'))
    {
        return (Vec::new(), 0);
    }
    let (core_start, core_end) = core_range(value);
    let mut out = Vec::new();
    let mut omitted = 0;
    let mut utf16_offset = 0;
    for (byte_offset, ch) in value.char_indices() {
        let kind = match ch {
            ' ' | '\t' if byte_offset < core_start => Some(CharKind::LeadingWhitespace),
            ' ' | '\t' if byte_offset >= core_end => Some(CharKind::TrailingWhitespace),
            ' ' | '\t' => Some(CharKind::InteriorWhitespace),
            _ => classify(ch),
        };
        if let Some(kind) = kind {
            push_run(
                &mut out,
                &mut omitted,
                max_runs,
                CharIssue {
                    byte_offset,
                    utf16_offset,
                    ch,
                    kind,
                    name: static_name(ch),
                    count: 1,
                },
            );
        }
        utf16_offset += ch.len_utf16();
    }
    (out, omitted)
}

/// What kind of placeholder a credential is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceholderKind {
    /// `undefined`: JavaScript stringified a missing variable.
    Undefined,
    /// `null`.
    Null,
    /// `[object Object]`, `[object Promise]`: an object (or an un-awaited promise) was stringified.
    ObjectToString,
    /// `NaN`.
    NaN,
    /// `None`: Python stringified a missing value.
    None,
    /// `nil` (Ruby, Go, Lua).
    Nil,
    /// Empty, or only `""` / `''`.
    Empty,
    /// `${NAME}`, `$NAME`, `$env:NAME`: a shell or JS template variable that was not expanded.
    ShellVariable,
    /// `{{name}}`, `{name}`, `<%= name %>`: a template variable that was not rendered.
    TemplateVariable,
    /// `%NAME%`: a Windows environment variable that was not expanded.
    WindowsVariable,
    /// `<YOUR_KEY>`, `<token>`: documentation's angle-bracket placeholder.
    AngleBracket,
    /// `process.env.X`, `import.meta.env.X`, `os.environ[...]`: the code was sent as text.
    EnvAccessExpression,
    /// `OPENAI_API_KEY`: the variable's name was sent instead of its value.
    VariableName,
    /// `YOUR_API_KEY`, `your-api-key-here`, `insert token here`.
    Instruction,
    /// `xxxxxxxx`, `sk-...`, `sk-…`, `ghp_XXXXXXXX`, `****`: filler where the secret should be.
    Filler,
    /// `sk-VKMIs***…wjh3`: a masked key copied from a dashboard or an error message.
    Masked,
    /// `AKIAIOSFODNN7EXAMPLE`: a key from the provider's documentation.
    DocumentationExample,
}

/// A placeholder found in a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// Which placeholder it is.
    pub kind: PlaceholderKind,
    /// The placeholder text, in UTF-8 bytes of the value given to [`placeholder`].
    pub span: Span,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_ident(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.first().is_some_and(|&c| is_ident_start(c))
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_')
}

/// The credential is (or contains) a placeholder rather than a secret. Conservative: characters
/// that real keys (base64url, base64, hex, JWT) cannot contain, or whole-value matches only.
pub fn placeholder(value: &str) -> Option<Placeholder> {
    let lead = value.len() - value.trim_start_matches([' ', '\t', '\r', '\n']).len();
    let trimmed = value.trim_matches([' ', '\t', '\r', '\n']);
    let whole = |kind| {
        Some(Placeholder {
            kind,
            span: Span::bytes(lead, lead + trimmed.len()),
        })
    };
    // A JSON-stringified placeholder (`"undefined"`) is still a placeholder.
    let (inner, inner_lead) = match trimmed.as_bytes() {
        [b'"', .., b'"'] | [b'\'', .., b'\''] if trimmed.len() >= 2 => {
            (trimmed.get(1..trimmed.len() - 1).unwrap_or(""), lead + 1)
        }
        _ => (trimmed, lead),
    };
    let span_of = |start: usize, end: usize| Span::bytes(inner_lead + start, inner_lead + end);
    if inner.is_empty() {
        return whole(PlaceholderKind::Empty);
    }
    let literal = match inner {
        _ if inner.eq_ignore_ascii_case("undefined") => Some(PlaceholderKind::Undefined),
        _ if inner.eq_ignore_ascii_case("null") => Some(PlaceholderKind::Null),
        "NaN" => Some(PlaceholderKind::NaN),
        "None" => Some(PlaceholderKind::None),
        "nil" | "<nil>" => Some(PlaceholderKind::Nil),
        _ if inner.starts_with("[object ") && inner.ends_with(']') => {
            Some(PlaceholderKind::ObjectToString)
        }
        _ => None,
    };
    if let Some(kind) = literal {
        return Some(Placeholder {
            kind,
            span: span_of(0, inner.len()),
        });
    }
    let bytes = inner.as_bytes();
    // One pass decides which searches can match at all: real keys skip nearly all of them.
    let mut seen = [false; 128];
    let mut non_ascii = false;
    for &b in bytes {
        match seen.get_mut(usize::from(b)) {
            Some(slot) => *slot = true,
            None => non_ascii = true,
        }
    }
    let has = |c: u8| seen.get(usize::from(c)).copied().unwrap_or(false);
    let may_reference_env = has(b'.') || has(b'[');
    // Markers that no key alphabet contains: `${`, `{{`, `<%`, `process.env.`...
    for (needle, kind) in [
        ("${", PlaceholderKind::ShellVariable),
        ("$env:", PlaceholderKind::ShellVariable),
        ("{{", PlaceholderKind::TemplateVariable),
        ("<%", PlaceholderKind::TemplateVariable),
        ("process.env", PlaceholderKind::EnvAccessExpression),
        ("import.meta.env", PlaceholderKind::EnvAccessExpression),
        ("os.environ", PlaceholderKind::EnvAccessExpression),
        ("os.getenv", PlaceholderKind::EnvAccessExpression),
        ("Deno.env", PlaceholderKind::EnvAccessExpression),
        ("ENV[", PlaceholderKind::EnvAccessExpression),
    ] {
        let possible = match needle.as_bytes().first() {
            Some(b'$' | b'{' | b'<') => needle.as_bytes().first().is_some_and(|&c| has(c)),
            _ => may_reference_env,
        };
        if !possible {
            continue;
        }
        // Not `str::find`, which builds a Two-Way searcher per call: that costs more than the
        // search on a key, and the HAR redaction asks this of every secret it replaces.
        let found = match needle.bytes().find(|&c| c == b'.' || c == b'[') {
            Some(anchor) => find_anchored(bytes, needle.as_bytes(), anchor),
            None => memchr::memmem::find(bytes, needle.as_bytes()),
        };
        if let Some(start) = found {
            let end = match kind {
                PlaceholderKind::ShellVariable => inner
                    .get(start..)
                    .and_then(|r| r.find('}'))
                    .map_or(inner.len(), |e| start + e + 1),
                PlaceholderKind::TemplateVariable => {
                    let closer = if needle == "{{" { "}}" } else { "%>" };
                    inner
                        .get(start..)
                        .and_then(|r| r.find(closer))
                        .map_or(inner.len(), |e| start + e + 2)
                }
                _ => inner.len(),
            };
            return Some(Placeholder {
                kind,
                span: span_of(start, end),
            });
        }
    }
    if let Some(rest) = inner.strip_prefix('$') {
        let ident_len = rest
            .bytes()
            .take_while(|&b| b.is_ascii_alphanumeric() || b == b'_')
            .count();
        if ident_len > 0 && rest.as_bytes().first().is_some_and(|&b| is_ident_start(b)) {
            return Some(Placeholder {
                kind: PlaceholderKind::ShellVariable,
                span: span_of(0, 1 + ident_len),
            });
        }
    }
    // The first and last bytes are ASCII below, so `strip_edges` cuts on char boundaries.
    let strip_edges = || inner.get(1..inner.len().saturating_sub(1)).unwrap_or("");
    if let [b'{', .., b'}'] = bytes {
        if is_ident(strip_edges()) {
            return whole(PlaceholderKind::TemplateVariable);
        }
    }
    if let [b'%', .., b'%'] = bytes {
        if is_ident(strip_edges()) {
            return Some(Placeholder {
                kind: PlaceholderKind::WindowsVariable,
                span: span_of(0, inner.len()),
            });
        }
    }
    if let [b'<', .., b'>'] = bytes {
        let body = strip_edges();
        if !body.is_empty()
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b' ' | b'.'))
        {
            return Some(Placeholder {
                kind: PlaceholderKind::AngleBracket,
                span: span_of(0, inner.len()),
            });
        }
    }
    if memchr::memmem::find(bytes, b"EXAMPLE").is_some() || DOCUMENTATION_KEYS.contains(&inner) {
        return Some(Placeholder {
            kind: PlaceholderKind::DocumentationExample,
            span: span_of(0, inner.len()),
        });
    }
    let may_be_filler = non_ascii || [b'x', b'X', b'*', b'.', b'#'].iter().any(|&c| has(c));
    if let Some(kind) = if may_be_filler {
        filler_or_masked(inner)
    } else {
        None
    } {
        return Some(Placeholder {
            kind,
            span: span_of(0, inner.len()),
        });
    }
    if is_instruction(inner) {
        return Some(Placeholder {
            kind: PlaceholderKind::Instruction,
            span: span_of(0, inner.len()),
        });
    }
    if is_variable_name(inner) {
        return Some(Placeholder {
            kind: PlaceholderKind::VariableName,
            span: span_of(0, inner.len()),
        });
    }
    None
}

/// Keys printed in providers' public documentation (Stripe's test keys), which never work for
/// another account. AWS's documentation keys contain `EXAMPLE` and are caught by that.
const DOCUMENTATION_KEYS: &[&str] = &[
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
];

/// Where `needle` first occurs in `hay`, found from the positions of its first `anchor` byte
/// (a `.` or `[`, of which a key has a few at most).
fn find_anchored(hay: &[u8], needle: &[u8], anchor: u8) -> Option<usize> {
    let k = needle.iter().position(|&c| c == anchor)?;
    memchr::memchr_iter(anchor, hay)
        .filter_map(|d| d.checked_sub(k))
        .find(|&s| hay[s..].starts_with(needle))
}

fn is_filler_char(c: char) -> bool {
    matches!(c, 'x' | 'X' | '*' | '.' | '•' | '…' | '#')
}

fn filler_or_masked(value: &str) -> Option<PlaceholderKind> {
    // The tail made only of filler and separators, e.g. `-xxxxxxxx` in `sk-xxxxxxxx`.
    let tail_start = value
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_filler_char(c) || matches!(c, '-' | '_'))
        .last()
        .map_or(value.len(), |(i, _)| i);
    let (prefix, tail) = value.split_at(tail_start);
    let fillers = tail.chars().filter(|&c| is_filler_char(c)).count();
    let has = |text: &str, needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes());
    let ellipsis = tail.contains('…') || has(tail, "...").is_some();
    let prefix_ok = prefix.is_empty()
        || (prefix.len() <= 16
            && tail.starts_with(['-', '_', '.', '…'])
            && prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')));
    if prefix_ok && (fillers >= 4 || ellipsis || (prefix.is_empty() && fillers >= 3)) {
        return Some(PlaceholderKind::Filler);
    }
    if value.contains('…') || has(value, "***").is_some() || value.contains('•') {
        return Some(PlaceholderKind::Masked);
    }
    None
}

/// `OPENAI_API_KEY`, `GITHUB_TOKEN`: an upper-case identifier naming a credential.
fn is_variable_name(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 5
        && b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter()
            .all(|&c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
        && [
            "_KEY",
            "_TOKEN",
            "_SECRET",
            "_PAT",
            "_APIKEY",
            "_PASSWORD",
            "_JWT",
        ]
        .iter()
        .any(|s| value.ends_with(s))
}

/// Words of `YOUR_API_KEY`, `your-api-key-here`, `insert token here`...
fn is_instruction(value: &str) -> bool {
    const VOCABULARY: &[&str] = &[
        "your",
        "my",
        "the",
        "a",
        "an",
        "insert",
        "enter",
        "replace",
        "put",
        "paste",
        "add",
        "here",
        "goes",
        "this",
        "with",
        "api",
        "apikey",
        "secret",
        "access",
        "auth",
        "bearer",
        "token",
        "key",
        "client",
        "app",
        "id",
        "changeme",
        "change",
        "me",
        "placeholder",
        "dummy",
        "fake",
        "example",
        "sample",
        "todo",
        "fixme",
        "redacted",
        "value",
        "personal",
        "private",
        "real",
        "actual",
        "valid",
        "test",
        "own",
        "jwt",
    ];
    const STRONG: &[&str] = &[
        "your",
        "my",
        "insert",
        "enter",
        "replace",
        "paste",
        "here",
        "changeme",
        "placeholder",
        "todo",
        "fixme",
        "redacted",
        "dummy",
    ];
    let known = |w: &str, list: &[&str]| list.iter().any(|v| v.eq_ignore_ascii_case(w));
    if value.len() > 64
        || !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b' ' | b'.'))
    {
        return false;
    }
    let mut words = value.split(['-', '_', ' ', '.']).filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    // A short provider prefix may stay in front: `sk-your-key-here`.
    let (mut count, mut strong) = if known(first, VOCABULARY) {
        (1, known(first, STRONG))
    } else if first.len() <= 5 {
        (0, false)
    } else {
        return false;
    };
    for word in words {
        if !known(word, VOCABULARY) {
            return false;
        }
        count += 1;
        strong |= known(word, STRONG);
    }
    strong && (count >= 2 || known(first, VOCABULARY))
}

/// Spans (UTF-8 bytes) of `%HH` escapes: `%3D` inside a token suggests it was URL-encoded twice
/// or copied from a URL.
pub fn percent_escapes(value: &str) -> Vec<Span> {
    let b = value.as_bytes();
    // Each `%` found by memchr (built for speed even in the size-optimised wasm); the two hex
    // digits of an escape are never a `%`, so escapes cannot overlap.
    memchr::memchr_iter(b'%', b)
        .filter(|&i| {
            matches!(b.get(i + 1..i + 3), Some([h, l]) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit())
        })
        .map(|i| Span::bytes(i, i + 3))
        .collect()
}

/// Which quotes wrap a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// `"…"`, what `JSON.stringify` produces.
    Double,
    /// `'…'`.
    Single,
    /// `` `…` ``.
    Backtick,
    /// `\"…\"`: a JSON string that was stringified twice.
    EscapedDouble,
    /// `“…”` (or `”…”`), typical of word processors and chat apps.
    SmartDouble,
    /// `‘…’` (or `’…’`).
    SmartSingle,
    /// `„…“`, `‚…‘`: German-style low-high quotes.
    LowHigh,
    /// `«…»`, `‹…›` in either direction.
    Guillemet,
    /// `「…」`, `『…』`.
    CornerBracket,
    /// `＂…＂`, `＇…＇`.
    Fullwidth,
    /// A quote at each end, but not a matching pair (`"…”`).
    Mismatched,
}

/// A value wrapped in quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quoted {
    /// Which pair of quotes.
    pub kind: QuoteKind,
    /// The opening quote character.
    pub open: char,
    /// The closing quote character.
    pub close: char,
    /// What is inside the quotes, in UTF-8 bytes of the value given to [`quoted`].
    pub inner: Span,
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '\'' | '`')
        || (!c.is_ascii() && class_flags(c) & (tables::QUOTATION_MARK | tables::PRIME) != 0)
}

/// The value (ignoring surrounding ASCII whitespace) starts and ends with quotes.
pub fn quoted(value: &str) -> Option<Quoted> {
    let lead = value.len() - value.trim_start_matches([' ', '\t', '\r', '\n']).len();
    let trimmed = value.trim_matches([' ', '\t', '\r', '\n']);
    if let Some(inner) = trimmed
        .strip_prefix("\\\"")
        .and_then(|s| s.strip_suffix("\\\""))
    {
        return Some(Quoted {
            kind: QuoteKind::EscapedDouble,
            open: '"',
            close: '"',
            inner: Span::bytes(lead + 2, lead + 2 + inner.len()),
        });
    }
    let mut chars = trimmed.chars();
    let open = chars.next()?;
    let close = chars.next_back()?;
    if !is_quote_char(open) || !is_quote_char(close) {
        return None;
    }
    let kind = match (open, close) {
        ('"', '"') => QuoteKind::Double,
        ('\'', '\'') => QuoteKind::Single,
        ('`', '`') => QuoteKind::Backtick,
        ('“', '”') | ('”', '”') | ('“', '“') => QuoteKind::SmartDouble,
        ('‘', '’') | ('’', '’') | ('‘', '‘') => QuoteKind::SmartSingle,
        ('„', '“') | ('„', '”') | ('‚', '‘') | ('‚', '’') => QuoteKind::LowHigh,
        ('«', '»') | ('»', '«') | ('‹', '›') | ('›', '‹') => QuoteKind::Guillemet,
        ('「', '」') | ('『', '』') => QuoteKind::CornerBracket,
        ('＂', '＂') | ('＇', '＇') => QuoteKind::Fullwidth,
        _ => QuoteKind::Mismatched,
    };
    let start = lead + open.len_utf8();
    let end = lead + trimmed.len() - close.len_utf8();
    Some(Quoted {
        kind,
        open,
        close,
        inner: Span::bytes(start, end),
    })
}

/// One character [`clean`] removed, or a run of the same character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// Offset in UTF-8 bytes of the original value.
    pub byte_offset: usize,
    /// Offset in UTF-16 units of the original value.
    pub utf16_offset: usize,
    /// The character removed.
    pub ch: char,
    /// The character's classification, or [`CharKind::Quote`] for a surrounding quote.
    pub kind: CharKind,
    /// How many times `ch` was removed here in a row (at least 1).
    pub count: usize,
}

/// A cleaned credential and what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cleaned {
    /// The cleaned value.
    pub value: String,
    /// Runs of removed characters in order, at most [`MAX_RUNS`].
    pub removed: Vec<Removed>,
    /// Removed characters past the [`MAX_RUNS`] runs listed.
    pub removed_omitted: usize,
    /// Noteworthy characters left in place on purpose (confusables, interior spaces, quotes,
    /// non-Latin-1 letters): only a person can say what they should be. At most [`MAX_RUNS`]
    /// runs; `kept_omitted` counts the characters past them.
    pub kept: Vec<CharIssue>,
    /// Noteworthy kept characters past the [`MAX_RUNS`] runs listed.
    pub kept_omitted: usize,
    /// Length of the original value in UTF-8 bytes.
    pub bytes_before: usize,
    /// Length of the cleaned value in UTF-8 bytes.
    pub bytes_after: usize,
}

/// Trims whitespace, line breaks, invisibles and bidi controls at both ends, one pair of
/// surrounding quotes of any kind, and invisibles, bidi controls and line breaks inside.
/// Never changes anything else: interior confusables and spaces are reported in `kept`.
pub fn clean(value: &str) -> Cleaned {
    let (mut start, mut end) = core_range(value);
    if let Some(q) = value.get(start..end).and_then(quoted) {
        // Re-trim inside the quotes: `" key "`.
        let inner_start = start + q.inner.start;
        let inner_end = start + q.inner.end;
        let (s, e) = core_range(value.get(inner_start..inner_end).unwrap_or(""));
        start = inner_start + s;
        end = inner_start + e;
    }
    let mut out = String::with_capacity(end.saturating_sub(start));
    let mut removed: Vec<Removed> = Vec::new();
    let mut removed_omitted = 0;
    let mut kept = Vec::new();
    let mut kept_omitted = 0;
    let mut utf16_offset = 0;
    for (byte_offset, ch) in value.char_indices() {
        let inside = byte_offset >= start && byte_offset < end;
        let kind = if inside { classify(ch) } else { None };
        let drop = !inside
            || matches!(
                kind,
                Some(CharKind::Invisible | CharKind::BidiControl | CharKind::LineBreak)
            );
        if drop {
            let kind = kind.unwrap_or_else(|| edge_kind(ch, byte_offset < start));
            let runs = removed.len();
            match removed.last_mut() {
                Some(last)
                    if last.ch == ch
                        && last.kind == kind
                        && last.byte_offset + ch.len_utf8() * last.count == byte_offset =>
                {
                    last.count += 1
                }
                _ if runs >= MAX_RUNS => removed_omitted += 1,
                _ => removed.push(Removed {
                    byte_offset,
                    utf16_offset,
                    ch,
                    kind,
                    count: 1,
                }),
            }
        } else {
            out.push(ch);
            let kind = match ch {
                ' ' | '\t' => Some(CharKind::InteriorWhitespace),
                _ => kind,
            };
            if let Some(kind) = kind {
                push_run(
                    &mut kept,
                    &mut kept_omitted,
                    MAX_RUNS,
                    CharIssue {
                        byte_offset,
                        utf16_offset,
                        ch,
                        kind,
                        name: static_name(ch),
                        count: 1,
                    },
                );
            }
        }
        utf16_offset += ch.len_utf16();
    }
    Cleaned {
        bytes_after: out.len(),
        value: out,
        removed,
        removed_omitted,
        kept,
        kept_omitted,
        bytes_before: value.len(),
    }
}

fn edge_kind(ch: char, leading: bool) -> CharKind {
    match ch {
        ' ' | '\t' if leading => CharKind::LeadingWhitespace,
        ' ' | '\t' => CharKind::TrailingWhitespace,
        _ => classify(ch).unwrap_or(CharKind::Quote),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_disjoint() {
        for w in tables::CLASS_RANGES.windows(2) {
            assert!(w[0].0 <= w[0].1 && w[0].1 < w[1].0, "{w:?}");
        }
        assert!(tables::CONFUSABLE_CODE_POINTS
            .windows(2)
            .all(|w| w[0] < w[1]));
        assert_eq!(
            tables::CONFUSABLE_CODE_POINTS.len(),
            tables::CONFUSABLE_TARGETS.len()
        );
        assert!(tables::CONFUSABLE_TARGETS
            .iter()
            .all(|b| (0x21..=0x7E).contains(b)));
        assert!(tables::NAME_CODE_POINTS.windows(2).all(|w| w[0] < w[1]));
        assert!(tables::NAME_ENDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(tables::NAME_CODE_POINTS.len(), tables::NAME_ENDS.len());
        assert_eq!(
            tables::NAME_ENDS.last().map(|&e| usize::from(e)),
            Some(tables::NAMES_TEXT.len())
        );
        // Every name is upper-case ASCII words: a shifted offset would show up as a cut word.
        for cp in tables::NAME_CODE_POINTS {
            let name = static_name(char::from_u32(*cp).unwrap()).unwrap();
            assert!(
                !name.starts_with(' ') && !name.ends_with(' ') && !name.is_empty(),
                "{cp:X}: {name:?}"
            );
        }
    }

    #[test]
    fn find_anchored_finds_the_first_occurrence_like_str_find() {
        for hay in [
            "process.env.KEY",
            "xprocess.env",
            "os.os.environ",
            "a.b.c.os.getenv",
            "process.en",
            ".process.env",
            "ENV[ENV[",
            "eyJhbGciOi.eyJzdWIiOi.sig",
            "",
        ] {
            for (needle, anchor) in [
                ("process.env", b'.'),
                ("os.environ", b'.'),
                ("os.getenv", b'.'),
                ("ENV[", b'['),
            ] {
                assert_eq!(
                    super::find_anchored(hay.as_bytes(), needle.as_bytes(), anchor),
                    hay.find(needle),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }

    #[test]
    fn filler_needs_separator_after_prefix() {
        assert_eq!(
            filler_or_masked("sk-xxxxxxxx"),
            Some(PlaceholderKind::Filler)
        );
        assert_eq!(filler_or_masked("AbCdxxxx"), None);
    }
}
