//! Finding texts mark code with backticks (`Authorization`, `Bearer <token>`); this splits them
//! into plain and code segments so a UI can render code as code, never as literal backticks.
//!
//! ```
//! use authlens::text::{code_spans, Segment};
//! assert_eq!(
//!     code_spans("Send `Authorization: Bearer <token>` once."),
//!     vec![Segment::Text("Send "), Segment::Code("Authorization: Bearer <token>"), Segment::Text(" once.")]
//! );
//! ```
//!
//! The rules follow CommonMark code spans: a run of N backticks opens a span closed by the next
//! run of exactly N; one space on both sides is stripped (so `` ` `` shows a backtick); a run with
//! no closing run is literal text.

/// The largest char boundary of `s` at or before `index` (stable `str::floor_char_boundary`).
///
/// ```
/// assert_eq!(authlens::text::floor_char_boundary("aé", 2), 1);
/// ```
pub fn floor_char_boundary(s: &str, index: usize) -> usize {
    if index >= s.len() {
        return s.len();
    }
    let mut i = index;
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// At most `max_bytes` of `s`, cut on a char boundary.
///
/// ```
/// assert_eq!(authlens::text::cut("aéb", 2), "a");
/// ```
pub fn cut(s: &str, max_bytes: usize) -> &str {
    &s[..floor_char_boundary(s, max_bytes)]
}

/// At most `max_bytes` of `s`, cut on a char boundary, with `…` when cut.
///
/// ```
/// assert_eq!(authlens::text::clip("abcdef", 3), "abc…");
/// assert_eq!(authlens::text::clip("abc", 3), "abc");
/// ```
pub fn clip(s: &str, max_bytes: usize) -> String {
    let kept = cut(s, max_bytes);
    if kept.len() == s.len() {
        s.to_owned()
    } else {
        format!("{kept}…")
    }
}

/// At most `max_chars` characters of `s`, the last one `…` when cut (for fixed-width columns).
///
/// ```
/// assert_eq!(authlens::text::clip_chars("abcdef", 4), "abc…");
/// ```
pub fn clip_chars(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max_chars.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// One piece of a finding text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Plain prose.
    Text(&'a str),
    /// A code span's content, without its backticks.
    Code(&'a str),
}

/// Splits `text` into plain and code segments (empty segments are left out).
pub fn code_spans(text: &str) -> Vec<Segment<'_>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < b.len() && b[i] == b'`' {
            i += 1;
        }
        let n = i - run_start;
        // The next run of exactly `n` backticks closes the span.
        let mut j = i;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let s = j;
                while j < b.len() && b[j] == b'`' {
                    j += 1;
                }
                if j - s == n {
                    close = Some(s);
                    break;
                }
            } else {
                j += 1;
            }
        }
        let Some(close) = close else {
            // No closing run: these backticks are text; keep scanning after them.
            continue;
        };
        if run_start > plain_start {
            out.push(Segment::Text(&text[plain_start..run_start]));
        }
        let mut content = &text[i..close];
        if content.len() >= 2
            && content.starts_with(' ')
            && content.ends_with(' ')
            && !content.bytes().all(|c| c == b' ')
        {
            content = &content[1..content.len() - 1];
        }
        if !content.is_empty() {
            out.push(Segment::Code(content));
        }
        i = close + n;
        plain_start = i;
    }
    if plain_start < text.len() {
        out.push(Segment::Text(&text[plain_start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> String {
        code_spans(text)
            .iter()
            .map(|s| match s {
                Segment::Text(t) => (*t).to_owned(),
                Segment::Code(c) => format!("[{c}]"),
            })
            .collect()
    }

    #[test]
    fn spans() {
        assert_eq!(joined("no code"), "no code");
        assert_eq!(joined("a `b` c `d`"), "a [b] c [d]");
        assert_eq!(joined("lone ` backtick"), "lone ` backtick");
        assert_eq!(joined("wrapped in `` ` ``…`` ` ``"), "wrapped in [`]…[`]");
        assert_eq!(joined("``a`b``"), "[a`b]");
        assert_eq!(joined("`Bearer: …`"), "[Bearer: …]");
        assert_eq!(joined("unclosed `x and ``y``"), "unclosed `x and [y]");
        assert_eq!(joined(""), "");
    }

    proptest::proptest! {
        /// Nothing is lost: the segments, with their backticks, cover the text's characters.
        #[test]
        fn never_panics_and_keeps_text(s in "[a`b ]{0,24}") {
            let segs = code_spans(&s);
            let letters: usize = segs.iter().map(|g| match g { Segment::Text(t) | Segment::Code(t) => t.matches(['a', 'b']).count() }).sum();
            proptest::prop_assert_eq!(letters, s.matches(['a', 'b']).count());
        }
    }
}
