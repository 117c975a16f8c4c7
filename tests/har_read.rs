//! HAR reader: real browser export shapes, quirks, malformed entries and non-HAR input.

use authlens::har::{read_har, read_har_str, EntryProblem, HarError, HarEvent, HarReader};
use authlens::model::BODY_EXCERPT_LIMIT;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/har/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn entry_json(request: &str, response: &str) -> String {
    format!(
        r#"{{"startedDateTime":"2024-05-01T10:00:00.000Z","request":{request},"response":{response}}}"#
    )
}

fn har_with_entries(entries: &[String]) -> String {
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"test","version":"1"}},"entries":[{}]}}}}"#,
        entries.join(",\n")
    )
}

const GET_ME: &str = r#"{"method":"GET","url":"https://api.example.com/v1/me","headers":[{"name":"Accept","value":"*/*"}]}"#;

#[test]
fn chrome_export() {
    let log = read_har(&fixture("chrome.har")).unwrap();
    assert_eq!(log.creator.as_deref(), Some("WebInspector 537.36"));
    assert_eq!(log.browser, None);
    assert!(log.issues.is_empty(), "{:?}", log.issues);
    assert_eq!(log.exchanges.len(), 4);

    let preflight = &log.exchanges[0];
    assert_eq!(preflight.method, "OPTIONS");
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.resource_type.as_deref(), Some("preflight"));
    assert_eq!(
        preflight.initiator.as_deref(),
        Some("https://app.example.com/static/js/main.4f1c2.js")
    );
    assert_eq!(preflight.response_body_excerpt, None);
    assert_eq!(preflight.redirect_url, None);

    let me = &log.exchanges[1];
    assert_eq!(me.url, "https://api.example.com/v1/me?include=teams");
    assert_eq!(me.status, 401);
    assert_eq!(me.started_at_ms, Some(1_714_557_600_061));
    let names: Vec<&str> = me.request_headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(
        names,
        [
            ":authority",
            ":method",
            ":path",
            ":scheme",
            "accept",
            "authorization",
            "origin",
            "referer"
        ]
    );
    assert!(me
        .request_header("Authorization")
        .is_some_and(|v| v.starts_with("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.")));
    assert!(me
        .response_header("WWW-Authenticate")
        .is_some_and(|v| v.contains("error=\"invalid_token\"")));
    assert_eq!(
        me.response_body_excerpt.as_deref(),
        Some(r#"{"error":"invalid_token","message":"The access token expired"}"#)
    );
    assert_eq!(
        me.initiator.as_deref(),
        Some("https://app.example.com/static/js/main.4f1c2.js")
    );
    assert_eq!(me.resource_type.as_deref(), Some("fetch"));

    let items = &log.exchanges[2];
    // base64 body decoded; initiator found in the async parent stack.
    assert_eq!(
        items.response_body_excerpt.as_deref(),
        Some(r#"{"items": [{"id": 1, "name": "café"}]}"#)
    );
    assert_eq!(
        items.initiator.as_deref(),
        Some("https://app.example.com/static/js/items.9a0e.js")
    );
    assert_eq!(items.resource_type.as_deref(), Some("xhr"));

    let failed = &log.exchanges[3];
    assert_eq!(failed.status, 0);
    assert!(failed.response_headers.is_empty());
    assert_eq!(failed.initiator.as_deref(), Some("other"));
}

#[test]
fn firefox_export() {
    let log = read_har(&fixture("firefox.har")).unwrap();
    assert_eq!(log.creator.as_deref(), Some("Firefox 128.0"));
    assert_eq!(log.browser.as_deref(), Some("Firefox 128.0"));
    assert!(log.issues.is_empty(), "{:?}", log.issues);
    assert_eq!(log.exchanges.len(), 3);
    let redirect = &log.exchanges[0];
    // 12:00:00.250 at +02:00 is 10:00:00.250 UTC.
    assert_eq!(redirect.started_at_ms, Some(1_714_557_600_250));
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.status_text, "Moved Permanently");
    assert_eq!(
        redirect.redirect_url.as_deref(),
        Some("https://api.example.com/v1/reports")
    );
    assert_eq!(redirect.response_body_excerpt.as_deref(), Some(""));
    assert_eq!(redirect.resource_type, None);
    assert_eq!(redirect.initiator, None);
    let after = &log.exchanges[1];
    assert_eq!(after.request_header("authorization"), None);
    assert_eq!(after.status, 401);
    let blocked = &log.exchanges[2];
    assert_eq!(blocked.status, 0);
    assert_eq!(blocked.response_body_excerpt, None);
    assert!(blocked.request_headers.is_empty());
}

#[test]
fn safari_export() {
    let log = read_har(&fixture("safari.har")).unwrap();
    assert_eq!(log.creator.as_deref(), Some("WebKit Web Inspector 17.4"));
    assert_eq!(log.browser, None);
    assert!(log.issues.is_empty(), "{:?}", log.issues);
    assert_eq!(log.exchanges.len(), 2);
    let orders = &log.exchanges[0];
    assert_eq!(orders.method, "POST");
    assert_eq!(orders.request_header("authorization"), Some("Bearer null"));
    assert_eq!(
        orders.response_header("www-authenticate"),
        Some("Bearer realm=\"orders\"")
    );
    assert_eq!(orders.started_at_ms, Some(1_714_557_600_400));
    assert_eq!(log.exchanges[1].response_body_excerpt, None);
}

#[test]
fn byte_order_mark_is_ignored() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend_from_slice(&fixture("safari.har"));
    assert_eq!(read_har(&bytes).unwrap().exchanges.len(), 2);
    let text = format!("\u{feff}{}", har_with_entries(&[]));
    assert!(read_har_str(&text).unwrap().exchanges.is_empty());
}

#[test]
fn nulls_and_missing_optional_fields_are_accepted() {
    let entries = [
        r#"{"startedDateTime":null,"request":{"method":"GET","url":"https://a.example/","headers":null},"response":null}"#.to_owned(),
        r#"{"request":{"method":"GET","url":"https://a.example/","headers":[{"name":"X-Empty","value":null}]},
            "response":{"status":null,"statusText":null,"headers":[],"content":{"text":null},"redirectURL":null}}"#
            .to_owned(),
        r#"{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":401},"_initiator":null,"_resourceType":null}"#.to_owned(),
    ];
    let log = read_har_str(&har_with_entries(&entries)).unwrap();
    assert!(log.issues.is_empty(), "{:?}", log.issues);
    assert_eq!(log.exchanges.len(), 3);
    assert_eq!(log.exchanges[0].status, 0);
    assert_eq!(log.exchanges[0].started_at_ms, None);
    assert_eq!(log.exchanges[1].request_header("x-empty"), Some(""));
    assert_eq!(log.exchanges[1].status, 0);
    assert_eq!(log.exchanges[1].response_body_excerpt, None);
    assert_eq!(log.exchanges[2].status, 401);
}

#[test]
fn odd_status_spellings() {
    let statuses = [
        ("-1", Some(0)),
        ("\"401\"", Some(401)),
        ("401.0", Some(401)),
        ("1000", None),
        ("\"abc\"", None),
        ("true", None),
    ];
    let entries: Vec<String> = statuses
        .iter()
        .map(|(s, _)| entry_json(GET_ME, &format!(r#"{{"status":{s},"headers":[]}}"#)))
        .collect();
    let log = read_har_str(&har_with_entries(&entries)).unwrap();
    let kept: Vec<u16> = log.exchanges.iter().map(|e| e.status).collect();
    let expected: Vec<u16> = statuses.iter().filter_map(|(_, s)| *s).collect();
    assert_eq!(kept, expected);
    let skipped: Vec<usize> = log.issues.iter().map(|i| i.entry_index).collect();
    assert_eq!(skipped, [3, 4, 5]);
    assert!(log.issues.iter().all(|i| i.skipped));
}

#[test]
fn malformed_entries_are_skipped_with_an_issue_not_fatal() {
    let entries = [
        "null".to_owned(),
        entry_json(GET_ME, r#"{"status":200}"#),
        r#"{"response":{"status":401}}"#.to_owned(),
        r#"{"request":{"method":"GET","url":"https://a.example/","headers":[{"value":"no name"}]},"response":{"status":401}}"#
            .to_owned(),
        "\"just text\"".to_owned(),
        entry_json(GET_ME, r#"{"status":401}"#),
    ];
    let log = read_har_str(&har_with_entries(&entries)).unwrap();
    assert_eq!(log.exchanges.len(), 2);
    assert_eq!(log.exchanges[1].status, 401);
    let indexes: Vec<usize> = log.issues.iter().map(|i| i.entry_index).collect();
    assert_eq!(indexes, [0, 2, 3, 4]);
    assert_eq!(log.entry_indexes, [1, 5]);
    assert!(
        log.issues[1].message.contains("missing field `request`"),
        "{}",
        log.issues[1].message
    );
    assert!(
        log.issues[2].message.contains("missing field `name`"),
        "{}",
        log.issues[2].message
    );
    // Entries are joined with ",\n": entry 2 starts on line 3 of the file.
    assert!(
        log.issues[1].message.contains("line 3 of the file"),
        "{}",
        log.issues[1].message
    );
    assert_eq!(
        log.issues[1].to_string(),
        format!("entry 2: {}", log.issues[1].message)
    );
}

#[test]
fn unreadable_date_keeps_the_entry_and_notes_it() {
    let entry = r#"{"startedDateTime":"yesterday at noon","request":{"method":"GET","url":"https://a.example/"},"response":{"status":401}}"#;
    let log = read_har_str(&har_with_entries(&[entry.to_owned()])).unwrap();
    assert_eq!(log.exchanges.len(), 1);
    assert_eq!(log.exchanges[0].started_at_ms, None);
    assert_eq!(log.issues.len(), 1);
    assert!(!log.issues[0].skipped);
    assert!(log.issues[0].message.contains("not an RFC 3339 date"));
}

#[test]
fn location_header_stands_in_for_a_missing_redirect_url() {
    let response =
        r#"{"status":302,"headers":[{"name":"Location","value":"https://login.example.com/"}]}"#;
    let ok = r#"{"status":200,"headers":[{"name":"Location","value":"https://ignored.example/"}]}"#;
    let log = read_har_str(&har_with_entries(&[
        entry_json(GET_ME, response),
        entry_json(GET_ME, ok),
    ]))
    .unwrap();
    assert_eq!(
        log.exchanges[0].redirect_url.as_deref(),
        Some("https://login.example.com/")
    );
    assert_eq!(log.exchanges[1].redirect_url, None);
}

#[test]
fn huge_bodies_keep_only_a_char_boundary_excerpt() {
    // 3-byte characters and JSON escapes, so the cut must land on a char boundary of the unescaped text.
    let body = "€\\n".repeat(400_000);
    let response = format!(
        r#"{{"status":401,"content":{{"size":1,"mimeType":"text/plain","text":"{body}"}}}}"#
    );
    let log = read_har_str(&har_with_entries(&[entry_json(GET_ME, &response)])).unwrap();
    let excerpt = log.exchanges[0].response_body_excerpt.as_deref().unwrap();
    assert!(
        excerpt.len() <= BODY_EXCERPT_LIMIT && excerpt.len() > BODY_EXCERPT_LIMIT - 4,
        "{}",
        excerpt.len()
    );
    assert!(excerpt.starts_with("€\n€\n"));
}

/// Feeds `bytes` to a reader in chunks of `size` and collects what it emits.
fn read_in_chunks(bytes: &[u8], size: usize) -> Result<authlens::har::HarLog, HarError> {
    let mut log = authlens::har::HarLog::default();
    let mut reader = HarReader::new();
    for chunk in bytes.chunks(size.max(1)) {
        reader.feed(chunk, &mut |e| log.add(e))?;
    }
    let summary = reader.finish(&mut |e| log.add(e))?;
    log.creator = summary.creator;
    log.browser = summary.browser;
    Ok(log)
}

#[test]
fn streaming_reader_emits_entries_as_they_complete() {
    let text = har_with_entries(&[entry_json(GET_ME, r#"{"status":401}"#), "[]".to_owned()]);
    let mut reader = HarReader::new();
    let mut events: Vec<(usize, Option<u16>)> = Vec::new();
    let mut sink = |e: HarEvent<'_>| match e {
        HarEvent::Exchange {
            entry_index,
            exchange,
            ..
        } => events.push((entry_index, Some(exchange.status))),
        HarEvent::Issue(issue) => {
            assert!(issue.skipped);
            events.push((issue.entry_index, None));
        }
    };
    let cut = text.find("}},").unwrap() + 2;
    reader.feed(&text.as_bytes()[..cut], &mut sink).unwrap();
    // The first entry is complete once its closing brace arrived.
    assert_eq!(reader.entries_read(), 1);
    reader.feed(&text.as_bytes()[cut..], &mut sink).unwrap();
    let summary = reader.finish(&mut sink).unwrap();
    assert_eq!(summary.entries, 2);
    assert_eq!(summary.creator.as_deref(), Some("test 1"));
    assert_eq!(events, [(0, Some(401)), (1, None)]);
}

#[test]
fn reused_buffers_never_leak_into_the_next_entry() {
    let full = r#"{"startedDateTime":"2024-05-01T10:00:00.000Z","_resourceType":"fetch","_initiator":"https://a.example/app.js",
        "request":{"method":"POST","url":"https://a.example/long/path","headers":[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}]},
        "response":{"status":302,"statusText":"Found","headers":[{"name":"Location","value":"https://b.example/"}],"content":{"text":"body"},"redirectURL":"https://b.example/"}}"#;
    let bare = r#"{"request":{"method":"GET","url":"https://c.example/"}}"#;
    let fewer = r#"{"request":{"method":"GET","url":"https://d.example/","headers":[{"name":"Z","value":null}]},"response":{"status":200}}"#;
    let log = read_har_str(&har_with_entries(&[
        full.to_owned(),
        bare.to_owned(),
        fewer.to_owned(),
    ]))
    .unwrap();
    assert!(log.issues.is_empty(), "{:?}", log.issues);
    let [a, b, c] = &log.exchanges[..] else {
        panic!()
    };
    assert_eq!(a.request_headers.len(), 3);
    assert_eq!(a.redirect_url.as_deref(), Some("https://b.example/"));
    let expected_b = authlens::model::Exchange::new("GET", "https://c.example/");
    assert_eq!(b, &expected_b);
    assert_eq!(c.request_headers, [authlens::model::Header::new("Z", "")]);
    assert_eq!(
        (
            c.status,
            c.status_text.as_str(),
            c.response_body_excerpt.as_deref()
        ),
        (200, "", None)
    );
    // Streaming into an analyser that only borrows each exchange sees the same values.
    let mut seen = Vec::new();
    let mut reader = HarReader::new();
    let text = har_with_entries(&[full.to_owned(), bare.to_owned(), fewer.to_owned()]);
    let mut sink = |e: HarEvent<'_>| {
        if let HarEvent::Exchange { exchange, .. } = e {
            seen.push(exchange.clone());
        }
    };
    reader.feed(text.as_bytes(), &mut sink).unwrap();
    reader.finish(&mut sink).unwrap();
    assert_eq!(seen, log.exchanges);
}

#[test]
fn every_chunking_reads_the_same_log() {
    for name in [
        "chrome.har",
        "firefox.har",
        "safari.har",
        "chrome-sanitized.har",
    ] {
        let bytes = fixture(name);
        let whole = read_har(&bytes).unwrap();
        for size in [1, 2, 3, 7, 64, 1000] {
            assert_eq!(
                read_in_chunks(&bytes, size).unwrap(),
                whole,
                "{name} in chunks of {size}"
            );
        }
    }
    // A body far larger than the chunks, full of escapes, split everywhere.
    let body = "{\\\"k\\\":\\\"\\u00e9\\\"}\\\\".repeat(3000);
    let text = har_with_entries(&[
        entry_json(
            GET_ME,
            &format!(r#"{{"status":401,"content":{{"text":"{body}"}}}}"#),
        ),
        entry_json(GET_ME, r#"{"status":200}"#),
    ]);
    let whole = read_har_str(&text).unwrap();
    assert_eq!(whole.exchanges.len(), 2, "{:?}", whole.issues);
    for size in [1, 5, 4096, 10_000] {
        assert_eq!(
            read_in_chunks(text.as_bytes(), size).unwrap(),
            whole,
            "chunks of {size}"
        );
    }
}

#[test]
fn truncated_file_keeps_every_complete_entry_and_says_where_it_ends_once() {
    let entries: Vec<String> = (0..5)
        .map(|i| entry_json(GET_ME, &format!(r#"{{"status":{}}}"#, 401 + i)))
        .collect();
    let text = har_with_entries(&entries);
    let third = text
        .match_indices(r#"{"startedDateTime""#)
        .nth(3)
        .unwrap()
        .0;
    // Cut inside entry 3, between entries, and after the entries array.
    for (cut, kept, index) in [(third + 30, 3, 3), (third, 3, 3), (text.len() - 2, 5, 5)] {
        let truncated = &text.as_bytes()[..cut];
        for size in [truncated.len(), 17] {
            let log = read_in_chunks(truncated, size).unwrap();
            assert_eq!(log.exchanges.len(), kept, "cut {cut}");
            assert_eq!(log.issues.len(), 1, "{:?}", log.issues);
            let issue = &log.issues[0];
            assert_eq!(issue.entry_index, index);
            assert!(
                issue.message.contains("the file ends early, at line"),
                "{}",
                issue.message
            );
            assert!(
                issue.message.contains(&format!("(byte {cut})")),
                "{}",
                issue.message
            );
            match issue.problem {
                EntryProblem::EndsEarly { offset, .. } => {
                    assert!(issue.skipped);
                    assert_eq!(offset, cut as u64);
                }
                EntryProblem::EndsAfterEntries { .. } => assert!(!issue.skipped),
                ref other => panic!("{other:?}"),
            }
        }
    }
    // Cut before the entries array: not a HAR that can be read at all.
    assert!(matches!(
        read_har(&text.as_bytes()[..20]),
        Err(HarError::NotJson { .. })
    ));
}

#[test]
fn messages_never_quote_the_file() {
    let secret = "sk_live_51HfakeFAKEfakeFAKEfakeFAKE0123456789";
    let entries = [
        format!(
            r#"{{"request":{{"method":"GET","url":"https://a.example/","headers":"Authorization: Bearer {secret}"}},"response":{{"status":401}}}}"#
        ),
        format!(r#""Bearer {secret}""#),
        format!(
            r#"{{"request":{{"method":"GET","url":"https://a.example/"}},"response":{{"status":"{secret}"}}}}"#
        ),
        format!(
            r#"{{"startedDateTime":"{secret}","request":{{"method":"GET","url":"https://a.example/"}},"response":{{"status":401}}}}"#
        ),
        format!(
            r#"{{"request":{{"method":"GET","url":"https://a.example/","headers":[{{"name":"x","value":{{"{secret}":1}}}}]}}}}"#
        ),
    ];
    let log = read_har_str(&har_with_entries(&entries)).unwrap();
    assert_eq!(log.issues.len(), 5, "{:?}", log.issues);
    for issue in &log.issues {
        assert!(!issue.message.contains("51Hfake"), "{}", issue.message);
    }
    assert!(
        log.issues[0]
            .message
            .contains("`request.headers` is a string, not a list of headers"),
        "{}",
        log.issues[0].message
    );
    assert!(log.issues[1]
        .message
        .contains("the entry is a string, not an object"));
    assert!(log.issues[2]
        .message
        .contains("`response.status` is a string that is not a status code"));
    assert!(
        log.issues[3]
            .message
            .contains("`startedDateTime` sk_live_…6789 (45 chars) is not an RFC 3339 date"),
        "{}",
        log.issues[3].message
    );
    assert!(
        log.issues[4]
            .message
            .contains("`request.headers[0].value` is an object, not a string"),
        "{}",
        log.issues[4].message
    );
    let top = format!(r#"{{"{secret}":1,"a\u0000b":2,"ok":3}}"#);
    let err = read_har(top.as_bytes()).unwrap_err().to_string();
    assert!(!err.contains("51Hfake") && !err.contains('\u{0}'), "{err}");
    assert!(err.contains("`ok`"), "{err}");
}

#[test]
fn empty_input() {
    for input in ["", "   \n\t", "\u{feff}", "\u{feff}\r\n"] {
        assert_eq!(
            read_har(input.as_bytes()),
            Err(HarError::Empty),
            "{input:?}"
        );
    }
    assert!(HarError::Empty.to_string().contains("empty"));
    // A document begun and cut short is truncated JSON, not an empty file, however it is fed.
    for input in [r#"[{"request": {"#, "\"abc", "  {", "\u{feff}[1,"] {
        for size in [1, 2, 1000] {
            assert!(
                matches!(
                    read_in_chunks(input.as_bytes(), size),
                    Err(HarError::NotJson { line: 1, .. })
                ),
                "{input:?} in chunks of {size}: {:?}",
                read_in_chunks(input.as_bytes(), size)
            );
        }
    }
}

#[test]
fn not_json_reports_line_and_column() {
    let err = read_har(b"{\n  \"log\": {\n    \"entries\": [,]\n  }\n}").unwrap_err();
    let HarError::NotJson { line, column, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*line, *column), (3, 17));
    assert!(
        err.to_string()
            .starts_with("not valid JSON at line 3, column 17: "),
        "{err}"
    );
    assert!(matches!(
        read_har(b"GET / HTTP/1.1"),
        Err(HarError::NotJson { line: 1, .. })
    ));
    assert!(matches!(
        read_har(br#"{"log":{"entries":[]}} trailing"#),
        Err(HarError::NotJson { .. })
    ));
}

#[test]
fn deep_nesting_neither_overflows_nor_aborts_the_file() {
    // Deep JSON in fields the reader skips (here a page) is walked without recursion.
    let deep_page = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let text = format!(
        r#"{{"log":{{"pages":{deep_page},"entries":[{}]}}}}"#,
        entry_json(GET_ME, r#"{"status":401}"#)
    );
    assert_eq!(read_har_str(&text).unwrap().exchanges.len(), 1);
    // A runaway async initiator chain makes only its own entry malformed.
    let chain = format!("{}{{}}{}", r#"{"parent":"#.repeat(300), "}".repeat(300));
    let deep_entry = format!(
        r#"{{"request":{{"method":"GET","url":"https://a.example/"}},"response":{{"status":401}},"_initiator":{{"type":"script","stack":{chain}}}}}"#
    );
    let log = read_har_str(&har_with_entries(&[
        deep_entry,
        entry_json(GET_ME, r#"{"status":200}"#),
    ]))
    .unwrap();
    assert_eq!(log.exchanges.len(), 1);
    assert_eq!(log.issues.len(), 1);
    assert!(
        log.issues[0]
            .message
            .contains("nested more than 128 levels deep"),
        "{}",
        log.issues[0].message
    );
}

#[test]
fn not_utf8_and_utf16() {
    let err = read_har(b"{\"log\": \xff}").unwrap_err();
    assert_eq!(
        err,
        HarError::NotUtf8 {
            byte_offset: 8,
            utf16: false
        }
    );
    // After an escape, the offset still names the byte in the file (found by fuzzing).
    let text = b"{\"log\":{\"entries\":[{\"request\":{\"method\":\"G\\\"\x8e\"}}]}}";
    let at = text.iter().position(|&b| b == 0x8e).unwrap() as u64;
    assert_eq!(
        read_har(text),
        Err(HarError::NotUtf8 {
            byte_offset: at,
            utf16: false
        })
    );
    // A byte that could start a character, where a key belongs: the same verdict however the
    // file is cut into chunks (found by fuzzing: a chunk ending after the byte said otherwise).
    let text = b"{\n  \xd6log\": {}}";
    let whole = read_har(text);
    assert!(
        matches!(whole, Err(HarError::NotJson { line: 2, .. })),
        "{whole:?}"
    );
    for size in 1..text.len() {
        assert_eq!(read_in_chunks(text, size), whole, "chunks of {size}");
    }
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("{\"log\":{}}".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let err = read_har(&utf16).unwrap_err();
    assert!(matches!(err, HarError::NotUtf8 { utf16: true, .. }));
    // The mark split across chunks (found by fuzzing).
    assert_eq!(read_in_chunks(&utf16, 1), Err(err.clone()));
    assert!(err.to_string().contains("UTF-16"));
}

#[test]
fn not_har_says_what_it_looks_like() {
    let cases = [
        ("[1, 2]", "this is a JSON array"),
        ("\"log\"", "this is a JSON string"),
        ("42", "this is a JSON number"),
        ("null", "this is JSON `null`"),
        (r#"{"info":{"name":"API"},"item":[]}"#, "Postman collection"),
        (r#"{"openapi":"3.1.0","paths":{}}"#, "OpenAPI"),
        (
            r#"{"_type":"export","__export_format":4,"resources":[]}"#,
            "Insomnia",
        ),
        (r#"{"traceEvents":[]}"#, "performance trace"),
        (r#"{"version":"1.2","entries":[]}"#, "without the outer"),
        ("{}", "empty JSON object"),
        (r#"{"a":1,"b":2}"#, "JSON object with `a`, `b` but no `log`"),
        (r#"{"log":[]}"#, "`log` is an array, not an object"),
        (r#"{"log":{"pages":[]}}"#, "`log` has no `entries` member"),
        (
            r#"{"log":{"entries":{}}}"#,
            "`log.entries` is an object, not an array",
        ),
    ];
    for (input, expected) in cases {
        let err = read_har(input.as_bytes()).unwrap_err();
        let HarError::NotHar { looks_like } = &err else {
            panic!("{input}: {err:?}")
        };
        assert!(looks_like.contains(expected), "{input}: {looks_like}");
        assert!(err.to_string().starts_with("not a HAR file: "));
    }
}

#[test]
fn creator_without_version_and_odd_creator_shapes() {
    let text =
        r#"{"log":{"creator":{"name":"Charles Proxy"},"browser":"not an object","entries":[]}}"#;
    let log = read_har_str(text).unwrap();
    assert_eq!(log.creator.as_deref(), Some("Charles Proxy"));
    assert_eq!(log.browser, None);
}

#[test]
fn initiator_as_plain_string() {
    let entry = r#"{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":200},"_initiator":"https://a.example/app.js"}"#;
    let log = read_har_str(&har_with_entries(&[entry.to_owned()])).unwrap();
    assert_eq!(
        log.exchanges[0].initiator.as_deref(),
        Some("https://a.example/app.js")
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Any JSON value, to drop into the fields the reader looks at.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            "[ -~é€\u{200b}]{0,12}".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = read_har(&bytes);
        }

        #[test]
        fn odd_field_values_never_abort_the_file(
            status in json_value(), headers in json_value(), text in json_value(),
            initiator in json_value(), date in json_value(), url in json_value(),
        ) {
            let odd = serde_json::json!({
                "startedDateTime": date,
                "_initiator": initiator,
                "request": {"method": "GET", "url": url, "headers": headers},
                "response": {"status": status, "headers": headers, "content": {"text": text, "encoding": "base64"}},
            });
            let text = har_with_entries(&[odd.to_string(), entry_json(GET_ME, r#"{"status":401}"#)]);
            let log = read_har_str(&text).unwrap();
            // The well-formed second entry always survives; the odd one is kept or reported.
            prop_assert_eq!(log.exchanges.last().map(|e| e.status), Some(401));
            prop_assert_eq!(log.exchanges.len() + log.issues.iter().filter(|i| i.skipped).count(), 2);
            prop_assert_eq!(log.entry_indexes.last(), Some(&1));
            // Read in chunks, the same file gives the same log.
            prop_assert_eq!(read_in_chunks(text.as_bytes(), 7).unwrap(), log);
        }

        #[test]
        fn valid_json_is_never_reported_as_invalid(doc in json_value(), wrap in any::<bool>(), cut in any::<prop::sample::Index>()) {
            // Any valid JSON (as the document, or as `log.entries`) reads as a HAR or as "not a
            // HAR", never as broken JSON; and a prefix of it is never an error serde_json
            // accepts.
            let text = if wrap { format!(r#"{{"log":{{"entries":{doc}}}}}"#) } else { doc.to_string() };
            let result = read_har_str(&text);
            prop_assert!(!matches!(result, Err(HarError::NotJson { .. })), "{:?} for {}", result, text);
            prop_assert_eq!(read_in_chunks(text.as_bytes(), 3), result);
            let prefix = &text.as_bytes()[..cut.index(text.len() + 1)];
            let _ = read_har(prefix);
        }
    }
}

#[test]
fn request_post_data_is_kept_as_a_bounded_excerpt() {
    let token_request = r#"{"method":"POST","url":"https://auth.example.com/oauth/token","headers":[],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"grant_type=authorization_code&code=demo-code\u0026code_verifier=v"}}"#;
    let long = format!(
        r#"{{"method":"POST","url":"https://api.example.com/upload","postData":{{"mimeType":"text/plain","text":"{}"}}}}"#,
        "x".repeat(BODY_EXCERPT_LIMIT * 3)
    );
    let no_body = GET_ME.to_owned();
    let text = har_with_entries(&[
        entry_json(token_request, r#"{"status":200}"#),
        entry_json(&long, r#"{"status":200}"#),
        entry_json(&no_body, r#"{"status":200}"#),
    ]);
    let log = read_har_str(&text).unwrap();
    assert_eq!(
        log.exchanges[0].request_body_excerpt.as_deref(),
        Some("grant_type=authorization_code&code=demo-code&code_verifier=v")
    );
    assert_eq!(
        log.exchanges[1]
            .request_body_excerpt
            .as_ref()
            .map(String::len),
        Some(BODY_EXCERPT_LIMIT)
    );
    assert_eq!(log.exchanges[2].request_body_excerpt, None);
}

#[test]
fn entry_time_is_read_as_a_duration_when_it_is_known() {
    let entry = |time: &str| {
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:00.000Z","time":{time},"request":{GET_ME},"response":{{"status":200}}}}"#
        )
    };
    let text = har_with_entries(&[entry("12.5"), entry("-1"), entry("\"soon\""), entry("null")]);
    let log = read_har_str(&text).unwrap();
    let durations: Vec<Option<f64>> = log.exchanges.iter().map(|e| e.duration_ms).collect();
    assert_eq!(durations, vec![Some(12.5), None, None, None]);
}

#[test]
fn each_entry_names_the_line_it_starts_on() {
    // The CLI's CI formats locate findings by these lines; they must agree with the line
    // finder of `authlens redact` (which reads the text, not a stream), chunked or whole.
    for name in [
        "chrome.har",
        "firefox.har",
        "ci-session.har",
        "chrome-sanitized.har",
    ] {
        let bytes = fixture(name);
        let expected =
            authlens::har_redact::json::entry_lines(std::str::from_utf8(&bytes).unwrap());
        assert!(expected.len() > 1, "{name}");
        for size in [3, 1 << 20] {
            let mut reader = HarReader::new();
            let mut lines = Vec::new();
            let mut sink = |e: HarEvent<'_>| {
                if let HarEvent::Exchange {
                    entry_index, line, ..
                } = e
                {
                    lines.push((entry_index, line));
                }
            };
            for chunk in bytes.chunks(size) {
                reader.feed(chunk, &mut sink).unwrap();
            }
            reader.finish(&mut sink).unwrap();
            let want: Vec<(usize, usize)> = expected.iter().copied().enumerate().collect();
            assert_eq!(lines, want, "{name} in chunks of {size}");
        }
    }
}
