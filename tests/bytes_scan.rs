//! Character classification, placeholders, quotes, percent-escapes and cleaning.

use authlens::bytes::{
    clean, code_point_label, confusable_ascii, percent_escapes, placeholder, quoted, scan,
    unicode_name, CharKind, PlaceholderKind, QuoteKind,
};
use authlens::model::{CodePointNote, Span};
use proptest::prelude::*;

/// Every reported character with its kind (runs expanded).
fn kinds(value: &str) -> Vec<(usize, CharKind)> {
    scan(value)
        .into_iter()
        .flat_map(|i| (0..i.count).map(move |k| (i.byte_offset + k * i.ch.len_utf8(), i.kind)))
        .collect()
}

fn only_kind(c: char) -> CharKind {
    let value = format!("ab{c}cd");
    let issues = scan(&value);
    assert_eq!(issues.len(), 1, "{}: {issues:?}", code_point_label(c));
    issues[0].kind
}

#[test]
fn plain_keys_have_no_issues() {
    assert!(scan("sk-ant-api03-abcDEF_123-xyz").is_empty());
    assert!(scan("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln").is_empty());
    assert!(scan("dXNlcjpwYXNz+/==").is_empty());
    assert!(scan("").is_empty());
}

#[test]
fn edge_and_interior_ascii_whitespace() {
    assert_eq!(
        kinds(" \tab c\t "),
        vec![
            (0, CharKind::LeadingWhitespace),
            (1, CharKind::LeadingWhitespace),
            (4, CharKind::InteriorWhitespace),
            (6, CharKind::TrailingWhitespace),
            (7, CharKind::TrailingWhitespace),
        ]
    );
    // A space before a trailing newline is still trailing.
    assert_eq!(
        kinds("ab \n"),
        vec![(2, CharKind::TrailingWhitespace), (3, CharKind::LineBreak)]
    );
    assert_eq!(
        kinds("  "),
        vec![
            (0, CharKind::LeadingWhitespace),
            (1, CharKind::LeadingWhitespace)
        ]
    );
}

#[test]
fn line_breaks() {
    for c in [
        '\r', '\n', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}',
    ] {
        assert_eq!(only_kind(c), CharKind::LineBreak, "{}", code_point_label(c));
    }
}

#[test]
fn invisibles_from_default_ignorable() {
    for c in [
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{2060}',
        '\u{FEFF}',
        '\u{00AD}',
        '\u{FE0F}',
        '\u{E0041}',
        '\u{E0100}',
        '\u{3164}',
    ] {
        assert_eq!(only_kind(c), CharKind::Invisible, "{}", code_point_label(c));
    }
}

#[test]
fn bidi_controls() {
    for c in [
        '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
    ] {
        assert_eq!(
            only_kind(c),
            CharKind::BidiControl,
            "{}",
            code_point_label(c)
        );
    }
}

#[test]
fn unicode_spaces() {
    for c in [
        '\u{A0}', '\u{2000}', '\u{2009}', '\u{200A}', '\u{202F}', '\u{205F}', '\u{3000}',
        '\u{1680}',
    ] {
        assert_eq!(
            only_kind(c),
            CharKind::UnicodeSpace,
            "{}",
            code_point_label(c)
        );
    }
}

#[test]
fn confusables_point_at_their_ascii_lookalike() {
    assert_eq!(
        only_kind('\u{0430}'),
        CharKind::Confusable { looks_like: 'a' }
    );
    assert_eq!(
        only_kind('\u{0435}'),
        CharKind::Confusable { looks_like: 'e' }
    );
    assert_eq!(
        only_kind('\u{043E}'),
        CharKind::Confusable { looks_like: 'o' }
    );
    assert_eq!(
        only_kind('\u{0440}'),
        CharKind::Confusable { looks_like: 'p' }
    );
    assert_eq!(
        only_kind('\u{0441}'),
        CharKind::Confusable { looks_like: 'c' }
    );
    assert_eq!(
        only_kind('\u{03BF}'),
        CharKind::Confusable { looks_like: 'o' }
    );
    assert_eq!(
        only_kind('\u{FF21}'),
        CharKind::Confusable { looks_like: 'A' }
    );
    assert_eq!(
        only_kind('\u{0410}'),
        CharKind::Confusable { looks_like: 'A' }
    );
    assert_eq!(confusable_ascii('a'), None);
    assert_eq!(confusable_ascii('\u{4E2D}'), None);
}

#[test]
fn quotes_of_every_kind() {
    for c in [
        '"', '\'', '`', '\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}', '\u{AB}', '\u{BB}',
        '\u{2032}', '\u{300C}', '\u{FF02}',
    ] {
        assert_eq!(only_kind(c), CharKind::Quote, "{}", code_point_label(c));
    }
}

#[test]
fn ellipsis_dash_control_latin1_nonlatin1() {
    assert_eq!(only_kind('\u{2026}'), CharKind::Ellipsis);
    assert_eq!(only_kind('\u{2013}'), CharKind::Dash);
    assert_eq!(only_kind('\u{2014}'), CharKind::Dash);
    assert_eq!(only_kind('\u{2212}'), CharKind::Dash);
    for c in ['\0', '\u{1B}', '\u{7F}', '\u{80}', '\u{9F}'] {
        assert_eq!(only_kind(c), CharKind::Control, "{}", code_point_label(c));
    }
    assert_eq!(only_kind('é'), CharKind::Latin1NonAscii);
    assert_eq!(only_kind('©'), CharKind::Latin1NonAscii);
    assert_eq!(only_kind('中'), CharKind::NonLatin1);
    assert_eq!(only_kind('😀'), CharKind::NonLatin1);
    // ASCII hyphen, dots and letters are never flagged.
    assert!(scan("a-b.c_d~e+f/g=h").is_empty());
}

#[test]
fn offsets_in_bytes_and_utf16_units() {
    let issues = scan("😀a\u{200B}");
    assert_eq!(issues.len(), 2);
    assert_eq!((issues[1].byte_offset, issues[1].utf16_offset), (5, 3));
    assert!(issues[0].blocks_fetch());
    assert!(!scan("a\u{A0}b")[0].blocks_fetch());
}

#[test]
fn names_and_labels() {
    assert_eq!(code_point_label('\u{200B}'), "U+200B ZERO WIDTH SPACE");
    assert_eq!(
        code_point_label('\u{FEFF}'),
        "U+FEFF ZERO WIDTH NO-BREAK SPACE"
    );
    assert_eq!(code_point_label('\u{A0}'), "U+00A0 NO-BREAK SPACE");
    assert_eq!(code_point_label('\n'), "U+000A LINE FEED");
    assert_eq!(
        code_point_label('\u{0430}'),
        "U+0430 CYRILLIC SMALL LETTER A"
    );
    assert_eq!(
        code_point_label('\u{E0101}'),
        "U+E0101 VARIATION SELECTOR-18"
    );
    assert_eq!(code_point_label('\u{4E2D}'), "U+4E2D");
    assert_eq!(unicode_name('a'), None);
    let note = CodePointNote::from(&scan("x\u{2060}")[0]);
    assert_eq!(note.code_point, "U+2060");
    assert_eq!(note.name, "WORD JOINER");
    assert_eq!((note.byte_offset, note.utf16_offset), (1, 1));
}

#[test]
fn placeholders_of_every_kind() {
    let cases: &[(&str, PlaceholderKind)] = &[
        ("undefined", PlaceholderKind::Undefined),
        ("null", PlaceholderKind::Null),
        ("NULL", PlaceholderKind::Null),
        ("[object Object]", PlaceholderKind::ObjectToString),
        ("[object Promise]", PlaceholderKind::ObjectToString),
        ("NaN", PlaceholderKind::NaN),
        ("None", PlaceholderKind::None),
        ("nil", PlaceholderKind::Nil),
        ("", PlaceholderKind::Empty),
        ("\"\"", PlaceholderKind::Empty),
        ("\"undefined\"", PlaceholderKind::Undefined),
        ("${API_TOKEN}", PlaceholderKind::ShellVariable),
        ("$API_TOKEN", PlaceholderKind::ShellVariable),
        ("$env:API_TOKEN", PlaceholderKind::ShellVariable),
        ("{{token}}", PlaceholderKind::TemplateVariable),
        ("{token}", PlaceholderKind::TemplateVariable),
        ("<%= token %>", PlaceholderKind::TemplateVariable),
        ("%API_TOKEN%", PlaceholderKind::WindowsVariable),
        ("<YOUR_KEY>", PlaceholderKind::AngleBracket),
        ("<api key>", PlaceholderKind::AngleBracket),
        (
            "process.env.OPENAI_API_KEY",
            PlaceholderKind::EnvAccessExpression,
        ),
        (
            "import.meta.env.VITE_KEY",
            PlaceholderKind::EnvAccessExpression,
        ),
        ("OPENAI_API_KEY", PlaceholderKind::VariableName),
        ("YOUR_API_KEY", PlaceholderKind::Instruction),
        ("your-api-key-here", PlaceholderKind::Instruction),
        ("sk-your-key-here", PlaceholderKind::Instruction),
        ("insert token here", PlaceholderKind::Instruction),
        ("xxxxxxxxxxxx", PlaceholderKind::Filler),
        ("sk-...", PlaceholderKind::Filler),
        ("sk-\u{2026}", PlaceholderKind::Filler),
        ("ghp_XXXXXXXXXXXXXXXX", PlaceholderKind::Filler),
        ("****", PlaceholderKind::Filler),
        ("sk-VKMIs***\u{2026}wjh3", PlaceholderKind::Masked),
        (
            "AKIAIOSFODNN7EXAMPLE",
            PlaceholderKind::DocumentationExample,
        ),
        (
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            PlaceholderKind::DocumentationExample,
        ),
    ];
    for (value, kind) in cases {
        assert_eq!(placeholder(value).map(|p| p.kind), Some(*kind), "{value:?}");
    }
}

#[test]
fn placeholder_spans_point_into_the_value() {
    let p = placeholder("  undefined ").unwrap();
    assert_eq!(p.span, Span::bytes(2, 11));
    let p = placeholder("\"null\"").unwrap();
    assert_eq!(p.span, Span::bytes(1, 5));
    let p = placeholder("abc${TOKEN}").unwrap();
    assert_eq!(p.span, Span::bytes(3, 11));
    let p = placeholder("pre{{ token }}post").unwrap();
    assert_eq!(p.span, Span::bytes(3, 14));
}

#[test]
fn real_looking_values_are_not_placeholders() {
    for v in [
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
        "AbCdxxxx",
        "nullable-token-1234",
        "dXNlcjpwYXNzd29yZA==",
        "SECRET",
        "my-service",
    ] {
        assert_eq!(placeholder(v), None, "{v}");
    }
}

#[test]
fn catalogue_fake_keys_are_never_placeholders_and_have_no_odd_chars() {
    use authlens::providers::{fake_key, PROVIDERS};
    for p in PROVIDERS {
        for k in p.keys {
            for seed in 0..10 {
                let key = fake_key(p, k, seed);
                assert_eq!(placeholder(&key), None, "{} {}", p.id, k.id);
                assert!(scan(&key).is_empty(), "{} {}", p.id, k.id);
                assert!(percent_escapes(&key).is_empty());
            }
        }
    }
}

proptest! {
    #[test]
    fn random_jwts_and_base64_are_never_placeholders(
        jwt in "eyJ[A-Za-z0-9_-]{10,60}\\.[A-Za-z0-9_-]{10,200}\\.[A-Za-z0-9_-]{10,90}",
        b64 in "[A-Za-z0-9+/]{16,120}={0,2}",
    ) {
        prop_assert_eq!(placeholder(&jwt), None);
        prop_assert_eq!(placeholder(&b64), None);
    }

    #[test]
    fn random_base64url_keys_are_never_placeholders(key in "[A-Za-z0-9_-]{16,200}") {
        prop_assert_eq!(placeholder(&key), None);
    }

    #[test]
    fn random_prefixed_keys_are_never_placeholders(prefix in "(sk-|ghp_|AKIA|xoxb-|sk_live_)", body in "[A-Za-z0-9]{20,120}") {
        prop_assert_eq!(placeholder(&format!("{prefix}{body}")), None);
    }

    #[test]
    fn scan_and_clean_never_panic_and_offsets_are_boundaries(s in "\\PC{0,40}|[\\s\\x00-\\x{3000}]{0,20}") {
        for issue in scan(&s) {
            prop_assert!(s.is_char_boundary(issue.byte_offset));
            prop_assert_eq!(s[issue.byte_offset..].chars().next(), Some(issue.ch));
            prop_assert_eq!(s[..issue.byte_offset].encode_utf16().count(), issue.utf16_offset);
        }
        let c = clean(&s);
        prop_assert_eq!(c.bytes_after, c.value.len());
        prop_assert!(c.bytes_after <= c.bytes_before);
        let _ = placeholder(&s);
        let _ = quoted(&s);
        let _ = percent_escapes(&s);
    }
}

proptest! {
    /// `percent_escapes` finds exactly what a left-to-right scan for `%XX` finds.
    #[test]
    fn percent_escapes_match_a_byte_scan(s in "[%0-9a-fA-Fgz\u{e9}]{0,24}") {
        let b = s.as_bytes();
        let mut expected = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' && i + 2 < b.len()
                && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()
            {
                expected.push(Span::bytes(i, i + 3));
                i += 3;
            } else {
                i += 1;
            }
        }
        prop_assert_eq!(percent_escapes(&s), expected);
    }
}

#[test]
fn percent_escapes_are_found() {
    assert_eq!(percent_escapes("%%41%"), vec![Span::bytes(1, 4)]);
    assert_eq!(
        percent_escapes("abc%3D%3d"),
        vec![Span::bytes(3, 6), Span::bytes(6, 9)]
    );
    assert_eq!(percent_escapes("a%20b"), vec![Span::bytes(1, 4)]);
    assert!(percent_escapes("100%").is_empty());
    assert!(percent_escapes("%zz%4").is_empty());
}

#[test]
fn quotes_around_values() {
    let cases: &[(&str, QuoteKind)] = &[
        ("\"abc\"", QuoteKind::Double),
        ("'abc'", QuoteKind::Single),
        ("`abc`", QuoteKind::Backtick),
        ("\\\"abc\\\"", QuoteKind::EscapedDouble),
        ("\u{201C}abc\u{201D}", QuoteKind::SmartDouble),
        ("\u{2018}abc\u{2019}", QuoteKind::SmartSingle),
        ("\u{201E}abc\u{201C}", QuoteKind::LowHigh),
        ("\u{AB}abc\u{BB}", QuoteKind::Guillemet),
        ("\u{300C}abc\u{300D}", QuoteKind::CornerBracket),
        ("\u{FF02}abc\u{FF02}", QuoteKind::Fullwidth),
        ("\"abc\u{201D}", QuoteKind::Mismatched),
    ];
    for (v, kind) in cases {
        assert_eq!(quoted(v).map(|q| q.kind), Some(*kind), "{v}");
    }
    let q = quoted(" \u{201C}abc\u{201D}").unwrap();
    assert_eq!(q.inner, Span::bytes(4, 7));
    assert_eq!(quoted("abc"), None);
    assert_eq!(quoted("\"abc"), None);
    assert_eq!(quoted("\""), None);
    assert_eq!(quoted(""), None);
}

#[test]
fn clean_removes_edges_invisibles_and_quotes_but_keeps_confusables() {
    let c = clean("\u{A0} \"sk-a\u{200B}b\u{0430}c\u{202E}\"\r\n");
    assert_eq!(c.value, "sk-ab\u{0430}c");
    assert_eq!(
        c.bytes_before,
        "\u{A0} \"sk-a\u{200B}b\u{0430}c\u{202E}\"\r\n".len()
    );
    assert_eq!(c.bytes_after, c.value.len());
    let removed: Vec<char> = c.removed.iter().map(|r| r.ch).collect();
    assert_eq!(
        removed,
        vec!['\u{A0}', ' ', '"', '\u{200B}', '\u{202E}', '"', '\r', '\n']
    );
    assert_eq!(c.removed[0].kind, CharKind::UnicodeSpace);
    assert_eq!(c.removed[1].kind, CharKind::LeadingWhitespace);
    assert_eq!(c.kept.len(), 1);
    assert_eq!(c.kept[0].kind, CharKind::Confusable { looks_like: 'a' });

    let c = clean("\u{201C} key \u{201D}");
    assert_eq!(c.value, "key");
    let c = clean("a b");
    assert_eq!(c.value, "a b");
    assert_eq!(c.kept[0].kind, CharKind::InteriorWhitespace);
    assert!(clean("abc").removed.is_empty());
    assert_eq!(clean("").value, "");
    assert_eq!(clean("\u{FEFF}").value, "");
}

#[test]
fn every_character_outside_plain_ascii_is_reported() {
    use authlens::bytes::classify_char;
    for cp in 0..=0x10FFFFu32 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        let plain = (0x21..=0x7E).contains(&cp) && !matches!(c, '"' | '\'' | '`');
        assert_eq!(classify_char(c).is_none(), plain, "{}", code_point_label(c));
    }
}

proptest! {
    #[test]
    fn classification_of_any_text_never_panics(s in any::<String>()) {
        let issues = scan(&s);
        prop_assert!(issues.windows(2).all(|w| w[0].byte_offset < w[1].byte_offset));
        let cleaned = clean(&s);
        prop_assert!(cleaned.value.len() <= s.len());
        let _ = placeholder(&s);
    }
}

/// A run of one character is one issue with a count, however long (issue 9: a 20 MB paste of
/// zero-width spaces gave one note per character).
#[test]
fn runs_of_one_character_collapse_into_one_issue() {
    let value = format!(
        "sk-{}abc{}",
        "\u{200B}".repeat(100_000),
        "\u{00A0}".repeat(3)
    );
    let issues = scan(&value);
    assert_eq!(issues.len(), 2);
    assert_eq!(
        (issues[0].byte_offset, issues[0].count, issues[0].kind),
        (3, 100_000, CharKind::Invisible)
    );
    assert_eq!(issues[0].byte_len(), 300_000);
    assert_eq!(
        issues[0].located(),
        "U+200B ZERO WIDTH SPACE ×100000 from byte 3"
    );
    assert_eq!(issues[1].byte_offset, 300_006);
    assert_eq!(issues[1].utf16_offset, 100_006);
    assert_eq!(issues[1].count, 3);
    // Different characters of one kind stay apart (each has its own name).
    let mixed = scan("a\u{200B}\u{200C}\u{200B}b");
    assert_eq!(mixed.iter().map(|i| i.count).collect::<Vec<_>>(), [1, 1, 1]);
    assert_eq!(mixed[0].located(), "U+200B ZERO WIDTH SPACE at byte 1");
    // The cleaned copy reports runs too.
    let cleaned = clean(&value);
    let removed: Vec<_> = cleaned
        .removed
        .iter()
        .map(|r| (r.byte_offset, r.count))
        .collect();
    assert_eq!(removed, [(3, 100_000), (300_006, 3)]);
    assert_eq!(cleaned.value, "sk-abc");
}

#[test]
fn at_most_max_runs_issues_are_kept_and_the_rest_counted() {
    use authlens::bytes::{scan_limited, MAX_RUNS};
    let value = "a\u{200B}".repeat(MAX_RUNS + 50);
    let (issues, omitted) = scan_limited(&value, MAX_RUNS);
    assert_eq!((issues.len(), omitted), (MAX_RUNS, 50));
    assert_eq!(scan(&value).len(), MAX_RUNS);
    let cleaned = clean(&value);
    assert_eq!(
        (cleaned.removed.len(), cleaned.removed_omitted),
        (MAX_RUNS, 50)
    );
}
