//! One HAR entry on its own (`har::read_entry`, what the panel hands over from DevTools): read
//! exactly as the file reader reads the same entry, base64 bodies decoded, bodies cut at a UTF-8
//! boundary, a JavaScript-side prefix cut that changes nothing, and missing fields.

use authlens::har::{read_entry, read_har, EntryProblem, BODY_PREFIX_UTF16_UNITS};
use authlens::model::{Exchange, BODY_EXCERPT_LIMIT};
use base64::Engine;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/har/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// What the file reader makes of `entry` as the only entry of a HAR.
fn as_file(entry: &str) -> Exchange {
    let har = format!(r#"{{"log":{{"version":"1.2","entries":[{entry}]}}}}"#);
    let log = read_har(har.as_bytes()).unwrap();
    assert_eq!(log.exchanges.len(), 1, "{:?}", log.issues);
    log.exchanges.into_iter().next().unwrap()
}

fn with_body(text: &str, encoding: Option<&str>) -> String {
    serde_json::json!({
        "startedDateTime": "2024-05-01T10:00:00.000Z",
        "request": {"method": "GET", "url": "https://api.example.com/v1/me", "headers": []},
        "response": {"status": 401, "headers": [], "content": {
            "size": text.len(), "mimeType": "application/json", "text": text, "encoding": encoding}},
    })
    .to_string()
}

/// `text` as the panel passes it: its first `BODY_PREFIX_UTF16_UNITS` UTF-16 units (a lone half
/// of a surrogate pair at the end becomes U+FFFD, as `TextEncoder` makes it).
fn js_prefix(text: &str) -> String {
    let units: Vec<u16> = text.encode_utf16().take(BODY_PREFIX_UTF16_UNITS).collect();
    String::from_utf16_lossy(&units)
}

#[test]
fn every_entry_of_the_browser_fixtures_reads_as_in_the_file() {
    for name in ["chrome.har", "firefox.har", "safari.har", "ci-session.har"] {
        let bytes = fixture(name);
        let log = read_har(&bytes).unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let entries = doc["log"]["entries"].as_array().unwrap();
        let mut read = 0;
        for (i, entry) in entries.iter().enumerate() {
            let Some(k) = log.entry_indexes.iter().position(|&e| e == i) else {
                assert!(read_entry(&entry.to_string()).is_err(), "{name} entry {i}");
                continue;
            };
            let ex =
                read_entry(&entry.to_string()).unwrap_or_else(|e| panic!("{name} entry {i}: {e}"));
            assert_eq!(ex, log.exchanges[k], "{name} entry {i}");
            read += 1;
        }
        assert_eq!(read, log.exchanges.len(), "{name}");
    }
}

#[test]
fn a_firefox_entry_without_chromium_fields_reads() {
    // Firefox's onRequestFinished entries: no `_resourceType`, `_initiator` or `time` members.
    let entry = r#"{"startedDateTime":"2024-05-01T12:00:00.250+02:00","request":{"method":"GET","url":"https://api.example.com/v1/me","headers":[{"name":"Authorization","value":"Bearer undefined"}]},"response":{"status":401,"statusText":"Unauthorized","headers":[{"name":"WWW-Authenticate","value":"Bearer"}],"content":{"mimeType":"application/json","size":2,"text":"{}"}}}"#;
    let ex = read_entry(entry).unwrap();
    assert_eq!(ex, as_file(entry));
    assert_eq!(ex.resource_type, None);
    assert_eq!(ex.initiator, None);
    assert_eq!(ex.duration_ms, None);
    assert_eq!(ex.started_at_ms, Some(1_714_557_600_250));
    assert_eq!(ex.request_header("authorization"), Some("Bearer undefined"));
    assert_eq!(ex.response_body_excerpt.as_deref(), Some("{}"));
}

#[test]
fn a_base64_body_is_decoded_and_a_binary_one_dropped() {
    let body = r#"{"error":"invalid_token","error_description":"expired"}"#;
    let encoded = base64::engine::general_purpose::STANDARD.encode(body);
    let entry = with_body(&encoded, Some("base64"));
    let ex = read_entry(&entry).unwrap();
    assert_eq!(ex.response_body_excerpt.as_deref(), Some(body));
    assert_eq!(ex, as_file(&entry));
    // `encoding` before `text` (Chromium's order) and after it (Firefox's) read the same.
    for content in [
        format!(
            r#"{{"encoding":"base64","size":{},"text":"{encoded}"}}"#,
            body.len()
        ),
        format!(
            r#"{{"size":{},"text":"{encoded}","encoding":"base64"}}"#,
            body.len()
        ),
    ] {
        let entry = format!(
            r#"{{"request":{{"method":"GET","url":"https://a.example/"}},"response":{{"status":401,"content":{content}}}}}"#
        );
        let ex = read_entry(&entry).unwrap();
        assert_eq!(ex.response_body_excerpt.as_deref(), Some(body), "{content}");
    }
    let binary =
        base64::engine::general_purpose::STANDARD.encode([0xff_u8, 0xd8, 0xff, 0xe0, 0, 16]);
    assert_eq!(
        read_entry(&with_body(&binary, Some("base64")))
            .unwrap()
            .response_body_excerpt,
        None
    );
    // A long base64 body: the prefix the panel passes decodes to the same excerpt.
    let long: String = "é".repeat(3000) + "tail";
    let encoded = base64::engine::general_purpose::STANDARD.encode(&long);
    let full = read_entry(&with_body(&encoded, Some("base64"))).unwrap();
    let cut = read_entry(&with_body(&js_prefix(&encoded), Some("base64"))).unwrap();
    assert_eq!(full, cut);
    let excerpt = full.response_body_excerpt.unwrap();
    assert!(excerpt.len() <= BODY_EXCERPT_LIMIT && excerpt.len() >= BODY_EXCERPT_LIMIT - 1);
    assert!(excerpt.chars().all(|c| c == 'é'));
}

#[test]
fn a_multibyte_body_is_cut_at_a_utf8_boundary_wherever_the_js_prefix_ends() {
    // Every alignment of 2-, 3- and 4-byte characters (the 4-byte one is a surrogate pair in
    // JavaScript) against both the byte limit and the UTF-16 prefix.
    for ch in ["é", "€", "😀"] {
        for pad in 0..4 {
            let body = "a".repeat(pad) + &ch.repeat(BODY_PREFIX_UTF16_UNITS);
            let full = read_entry(&with_body(&body, None)).unwrap();
            let excerpt = full.response_body_excerpt.clone().unwrap();
            assert!(excerpt.len() <= BODY_EXCERPT_LIMIT, "{ch} {pad}");
            assert!(excerpt.len() > BODY_EXCERPT_LIMIT - ch.len(), "{ch} {pad}");
            assert!(
                body.starts_with(&excerpt),
                "{ch} {pad}: a whole-character prefix"
            );
            assert_eq!(full, as_file(&with_body(&body, None)), "{ch} {pad}");
            let cut = read_entry(&with_body(&js_prefix(&body), None)).unwrap();
            assert_eq!(full, cut, "{ch} {pad}: the panel's prefix changes nothing");
        }
    }
    // A short body is kept whole.
    let short = "ü".repeat(10);
    let ex = read_entry(&with_body(&short, None)).unwrap();
    assert_eq!(ex.response_body_excerpt.as_deref(), Some(short.as_str()));
}

#[test]
fn missing_fields_take_the_file_readers_defaults_and_a_missing_request_is_refused() {
    let minimal = r#"{"request":{"method":"POST","url":"https://a.example/token"}}"#;
    let ex = read_entry(minimal).unwrap();
    assert_eq!(ex, as_file(minimal));
    assert_eq!((ex.method.as_str(), ex.status), ("POST", 0));
    assert!(ex.request_headers.is_empty() && ex.response_headers.is_empty());
    assert_eq!(ex.response_body_excerpt, None);
    assert_eq!(ex.started_at_ms, None);
    // Nulls where DevTools has nothing; an unreadable date leaves the time unknown.
    let nulls = r#"{"startedDateTime":"yesterday","time":null,"request":{"method":"GET","url":"https://a.example/","headers":null},"response":{"status":null,"headers":null,"content":null,"redirectURL":null}}"#;
    let ex = read_entry(nulls).unwrap();
    assert_eq!(ex.started_at_ms, None);
    assert_eq!(ex.status, 0);
    // A 3xx without redirectURL takes Location, as in a file.
    let moved = r#"{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":302,"headers":[{"name":"Location","value":"https://b.example/"}]}}"#;
    assert_eq!(
        read_entry(moved).unwrap().redirect_url.as_deref(),
        Some("https://b.example/")
    );
    assert_eq!(read_entry(moved).unwrap(), as_file(moved));
    assert_eq!(
        read_entry(r#"{"response":{"status":401}}"#),
        Err(EntryProblem::Missing {
            field: "request".to_owned()
        })
    );
    assert_eq!(
        read_entry(r#"{"request":{"url":"https://a.example/"}}"#),
        Err(EntryProblem::Missing {
            field: "method".to_owned()
        })
    );
    assert!(matches!(
        read_entry("[1]"),
        Err(EntryProblem::NotAnObject { .. })
    ));
    for broken in ["", "{", r#"{"request":"#, r#"{"request":{}} x"#, "{} {}"] {
        let e = read_entry(broken).unwrap_err();
        assert!(
            matches!(
                e,
                EntryProblem::NotJson { .. } | EntryProblem::Missing { .. }
            ),
            "{broken:?}: {e:?}"
        );
        assert!(!e.to_string().is_empty());
    }
    assert!(matches!(
        read_entry(r#"{"request":{}} x"#),
        Err(EntryProblem::NotJson { .. })
    ));
}
