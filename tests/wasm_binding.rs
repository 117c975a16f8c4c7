//! The wasm binding and the Rust UI, exercised in headless Chromium by wasm-bindgen-test
//! (`make test-wasm`): one test (at least) per export, plus the DOM contract of both shells.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "util/canary.rs"]
mod canary;
use canary::canary;

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn ids(findings: &JsValue) -> Vec<String> {
    js_sys::Array::from(findings)
        .iter()
        .filter_map(|f| get(&f, "id").as_string())
        .collect()
}

fn obj(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON is valid")
}

/// A fake Anthropic-shaped key (prefix, 93 base64url chars, `AA`), built in code.
fn fake_anthropic_key() -> String {
    let body: String = (0..93)
        .map(|i| b"AbCdEfGhJkMnPqRsTuVwXyZ23456789_-"[i * 7 % 33] as char)
        .collect();
    format!("sk-ant-api03-{body}AA")
}

#[wasm_bindgen_test]
fn analyze_authorization_flags_placeholder() {
    let findings = authlens::wasm::analyze_authorization("Bearer undefined", 401).unwrap();
    assert!(ids(&findings).contains(&"token.placeholder".to_owned()));
    let fine =
        authlens::wasm::analyze_authorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln", 200).unwrap();
    assert!(!ids(&fine).contains(&"token.placeholder".to_owned()));
}

#[wasm_bindgen_test]
fn analyze_exchange_reads_camel_case_objects() {
    let ex = obj(
        r#"{"method":"GET","url":"https://api.example.com/v1/me","requestHeaders":[{"name":"Authorisation","value":"Bearer abcdefghijklmnop"}],"status":401}"#,
    );
    let findings = authlens::wasm::analyze_exchange_js(ex, JsValue::UNDEFINED).unwrap();
    assert_eq!(
        ids(&findings).first().map(String::as_str),
        Some("credential.header_typo")
    );
    assert!(authlens::wasm::analyze_exchange_js(
        obj(r#"{"status":"not a number"}"#),
        JsValue::UNDEFINED
    )
    .is_err());
}

#[wasm_bindgen_test]
fn session_push_and_report_find_a_retry_storm() {
    let mut session = authlens::wasm::Session::new(JsValue::UNDEFINED).unwrap();
    let ex = r#"{"method":"GET","url":"https://api.example.com/v1/me","requestHeaders":[{"name":"Authorization","value":"Bearer abcdefghijklmnop"}],"status":401}"#;
    let mut last = JsValue::UNDEFINED;
    for _ in 0..3 {
        last = session.push(obj(ex)).unwrap();
    }
    assert_eq!(get(&get(&last, "entry"), "index").as_f64(), Some(2.0));
    let report = session.report().unwrap();
    assert_eq!(js_sys::Array::from(&get(&report, "entries")).length(), 3);
    let findings = get(&report, "findings");
    assert_eq!(ids(&findings), vec!["session.retry_storm".to_owned()]);
}

#[wasm_bindgen_test]
fn analyze_paste_detects_kind_and_applies_hints() {
    let result = authlens::wasm::analyze_paste(
        "curl -H 'Authorization: Bearer null' https://api.example.com/v1/me",
        obj(r#"{"status":401}"#),
    )
    .unwrap();
    assert_eq!(get(&result, "kind").as_string().as_deref(), Some("curl"));
    assert!(ids(&get(&result, "findings")).contains(&"token.placeholder".to_owned()));
    let entries = js_sys::Array::from(&get(&get(&result, "report"), "entries"));
    assert_eq!(get(&entries.get(0), "status").as_f64(), Some(401.0));

    let bare =
        authlens::wasm::analyze_paste("abc\u{200B}defghijklmnopqrstu", JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&bare, "kind").as_string().as_deref(), Some("raw_key"));
    assert!(ids(&get(&bare, "findings")).contains(&"token.invisible_char".to_owned()));
    assert!(get(&bare, "report").is_null());

    let err = authlens::wasm::analyze_paste("   ", JsValue::UNDEFINED).unwrap_err();
    let message = get(&err, "message").as_string().unwrap_or_default();
    assert!(message.contains("empty"), "{message}");
}

#[wasm_bindgen_test]
fn read_har_analyses_entries_and_reports_errors() {
    let har = r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[
      {"startedDateTime":"2026-01-01T00:00:00.000Z","request":{"method":"GET","url":"https://api.example.com/v1/me","headers":[{"name":"Authorization","value":"Bearer undefined"}]},
       "response":{"status":401,"statusText":"Unauthorized","headers":[],"content":{"size":0,"mimeType":"application/json"},"redirectURL":""}}]}}"#;
    let result = authlens::wasm::read_har_js(har.as_bytes(), JsValue::UNDEFINED).unwrap();
    assert_eq!(
        get(&result, "schema").as_string().as_deref(),
        Some(authlens::report::SCHEMA)
    );
    let entries = js_sys::Array::from(&get(&result, "entries"));
    assert_eq!(entries.length(), 1);
    assert!(ids(&get(&entries.get(0), "findings")).contains(&"token.placeholder".to_owned()));
    assert_eq!(
        js_sys::Array::from(&get(&entries.get(0), "credentials")).length(),
        1
    );
    assert!(authlens::wasm::read_har_js(b"not json", JsValue::UNDEFINED).is_err());
}

/// `readHar` hands over the core's report as it is (`authlens check --json` prints the same:
/// `tests/report_schema.rs`), whole or streamed in chunks.
#[wasm_bindgen_test]
fn read_har_returns_the_core_report_unchanged() {
    let har = r#"{"log":{"version":"1.2","entries":[
      {"startedDateTime":"2026-01-01T00:00:00.000Z","request":{"method":"GET","url":"https://api.example.com/v1/me","headers":[{"name":"Authorization","value":"Bearer abcdefghijklmnopqrstuvwx"}]},"response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer error=\"invalid_token\""}]}},
      7,
      {"startedDateTime":"yesterday","request":{"method":"GET","url":"https://api.example.com/v1/me","headers":[{"name":"Authorization","value":"Bearer abcdefghijklmnopqrstuvwx"}]},"response":{"status":401,"headers":[]}},
      {"startedDateTime":"2026-01-01T00:00:02.000Z","request":{"method":"GET","url":"https://api.example.com/v1/me","headers":[{"name":"Authorization","value":"Bearer abcdefghijklmnopqrstuvwx"}]},"response":{"status":401,"headers":[]}}]}}"#;
    let core =
        authlens::report::har_report(har.as_bytes(), authlens::rules::AnalysisOptions::default())
            .unwrap();
    let want = serde_json::to_value(core.json()).unwrap();
    let whole = authlens::wasm::read_har_js(har.as_bytes(), JsValue::UNDEFINED).unwrap();
    let got: serde_json::Value = serde_json::from_str(&stringify(&whole)).unwrap();
    assert_eq!(got, want);
    let mut stream = authlens::wasm::HarStream::new(JsValue::UNDEFINED).unwrap();
    for chunk in har.as_bytes().chunks(17) {
        stream.push(chunk).unwrap();
    }
    let streamed: serde_json::Value =
        serde_json::from_str(&stringify(&stream.finish().unwrap())).unwrap();
    assert_eq!(streamed, want);
    // What differs between paths is in it: HAR indexes, a skipped entry, a note, a session finding.
    let indexes: Vec<u64> = want["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["index"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, [0, 2, 3]);
    let session: Vec<&str> = want["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(session.contains(&"har.malformed"), "{session:?}");
    assert!(session.contains(&"session.retry_storm"), "{session:?}");
    assert_eq!(want["notes"].as_array().map(Vec::len), Some(1));
}

#[wasm_bindgen_test]
fn parse_challenges_reads_params_and_reports_errors() {
    let result = authlens::wasm::parse_challenges_js(vec![
        r#"Bearer realm="api", error="invalid_token", Basic realm="x""#.to_owned(),
    ])
    .unwrap();
    let challenges = js_sys::Array::from(&get(&result, "challenges"));
    assert_eq!(challenges.length(), 2);
    assert_eq!(
        get(&challenges.get(0), "scheme").as_string().as_deref(),
        Some("Bearer")
    );
    assert_eq!(js_sys::Array::from(&get(&result, "errors")).length(), 0);
    let broken =
        authlens::wasm::parse_challenges_js(vec![r#"Bearer realm="unterminated"#.to_owned()])
            .unwrap();
    assert!(js_sys::Array::from(&get(&broken, "errors")).length() > 0);
}

#[wasm_bindgen_test]
fn describe_and_finding_ids_cover_the_reference() {
    let all = authlens::wasm::finding_ids();
    assert_eq!(all.len(), authlens::findings::FindingId::ALL.len());
    assert!(all.len() >= 83, "{} ids", all.len());
    for id in &all {
        let doc = authlens::wasm::describe(id).unwrap();
        assert_eq!(get(&doc, "id").as_string().as_deref(), Some(id.as_str()));
        assert!(!get(&doc, "title")
            .as_string()
            .unwrap_or_default()
            .is_empty());
        assert!(!get(&doc, "fix").as_string().unwrap_or_default().is_empty());
        // The long reference text is in findings.json beside the module, not in the wasm.
        assert!(get(&doc, "why").is_undefined());
    }
    assert!(authlens::wasm::describe("no.such_id").is_err());
}

// ----- the UI (DOM contract) -----

#[wasm_bindgen_test]
fn parse_authorization_returns_scheme_and_token68() {
    let parsed = authlens::wasm::parse_authorization("Bearer abc.def").unwrap();
    assert_eq!(
        get(&parsed, "scheme").as_string().as_deref(),
        Some("Bearer")
    );
    // The token comes back as a span of the caller's own string, never as the value itself.
    let token = get(&parsed, "token68");
    assert_eq!(get(&token, "start").as_f64(), Some(7.0));
    assert_eq!(get(&token, "end").as_f64(), Some(14.0));
    assert_eq!(get(&token, "length").as_f64(), Some(7.0));
    assert!(!stringify(&parsed).contains("abc.def"));
    let digest = authlens::wasm::parse_authorization(
        "Digest username=\"Mufasa\", response=\"6629fae49393a05397450978507c4ef1\"",
    )
    .unwrap();
    let params = js_sys::Array::from(&get(&digest, "params"));
    let response = params.get(1);
    assert_eq!(
        get(&response, "name").as_string().as_deref(),
        Some("response")
    );
    let span = get(&response, "value");
    let (start, end) = (
        get(&span, "start").as_f64().unwrap() as usize,
        get(&span, "end").as_f64().unwrap() as usize,
    );
    assert_eq!(
        &"Digest username=\"Mufasa\", response=\"6629fae49393a05397450978507c4ef1\""[start..end],
        "\"6629fae49393a05397450978507c4ef1\""
    );
    assert!(!stringify(&digest).contains("6629fae49393a05397450978507c4ef1"));
    assert!(authlens::wasm::parse_authorization("   ").is_err());
}

#[wasm_bindgen_test]
fn decode_jwt_returns_claims_and_throws_on_garbage() {
    // {"alg":"HS256"} . {"sub":"42"} . signature
    let jwt =
        authlens::wasm::decode_jwt("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl").unwrap();
    assert_eq!(
        get(&get(&jwt, "claims"), "sub").as_string().as_deref(),
        Some("42")
    );
    assert!(authlens::wasm::decode_jwt("not-a-jwt").is_err());
}

#[wasm_bindgen_test]
fn recognize_keys_reads_one_key_per_line() {
    let text = format!("not a key\n{}\n", fake_anthropic_key());
    let ids = authlens::wasm::recognize_keys(&text);
    let lines: Vec<&str> = ids.split('\n').collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], "");
    assert!(lines[1].starts_with("anthropic"), "{ids}");
}

#[wasm_bindgen_test]
fn recognize_key_names_the_provider() {
    let recognition = authlens::wasm::recognize_key(&fake_anthropic_key()).unwrap();
    let first = js_sys::Array::from(&get(&recognition, "matches")).get(0);
    assert_eq!(
        get(&first, "provider_id").as_string().as_deref(),
        Some("anthropic-api-key")
    );
    let unknown = authlens::wasm::recognize_key("hello").unwrap();
    assert_eq!(js_sys::Array::from(&get(&unknown, "matches")).length(), 0);
}

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_root() -> Element {
    let doc = document();
    // The test runner reports through elements of its own in <body>: only replace ours.
    if let Some(old) = doc.get_element_by_id("authlens-root") {
        old.remove();
    }
    if let Some(body) = doc.body() {
        let _ = body.remove_attribute("data-ready");
    }
    let root = doc.create_element("main").unwrap();
    root.set_id("authlens-root");
    doc.body().unwrap().append_child(&root).unwrap();
    root
}

fn q(selector: &str) -> Option<Element> {
    document().query_selector(selector).unwrap()
}

fn all(selector: &str) -> Vec<Element> {
    let list = document().query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

fn click(selector: &str) {
    q(selector)
        .unwrap_or_else(|| panic!("{selector} missing"))
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

fn body_text() -> String {
    q("#authlens-root")
        .and_then(|r| r.text_content())
        .unwrap_or_default()
}

fn paste(text: &str) {
    q("#paste-input")
        .unwrap()
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .set_value(text);
    click("#analyze");
}

#[wasm_bindgen_test]
fn page_shows_findings_redacted_credential_and_reveal() {
    fresh_root();
    let _ui = authlens::wasm::ui::mount_page(q("#authlens-root").unwrap()).unwrap();
    assert!(q("body[data-ready=\"true\"]").is_some());
    assert!(q("#privacy-note")
        .unwrap()
        .text_content()
        .unwrap()
        .starts_with("Nothing you paste leaves this page"));

    let key = fake_anthropic_key();
    paste(&format!("Authorization: Bearer {key}\u{A0}"));
    assert_eq!(
        q("#input-kind").unwrap().text_content().as_deref(),
        Some("header lines")
    );
    assert!(!all("#detail .finding[data-finding-id]").is_empty());
    let redacted = q("#detail .credential-redacted")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(redacted.contains("sk-ant-api03-…"), "{redacted}");
    assert!(
        !body_text().contains(&key),
        "the key must not be in the DOM before reveal"
    );
    assert!(q(".credential-revealed").is_none());
    assert!(q("#detail .byteview .badge[data-code-point=\"U+00A0\"]").is_some());
    // The separator after the scheme is not an odd character.
    assert!(q("#detail .byteview .badge[data-code-point=\"U+0020\"]").is_none());
    assert!(q("#cleaned:not([hidden])").is_some());
    assert_eq!(
        q("#bytes-before").unwrap().text_content().as_deref(),
        Some("110 bytes")
    );
    assert_eq!(
        q("#bytes-after").unwrap().text_content().as_deref(),
        Some("108 bytes")
    );

    click("#detail button.reveal");
    assert_eq!(
        q("#detail button.reveal")
            .unwrap()
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    let revealed = q("#detail .credential-revealed")
        .unwrap()
        .text_content()
        .unwrap();
    assert!(revealed.starts_with(&key));
    click("#detail button.reveal");
    assert!(q(".credential-revealed").is_none());
    assert!(!body_text().contains(&key));
}

#[wasm_bindgen_test]
fn page_renders_hostile_input_as_text() {
    fresh_root();
    let _ui = authlens::wasm::ui::mount_page(q("#authlens-root").unwrap()).unwrap();
    paste("GET /x HTTP/1.1\nHost: a.example\nAuthorization: Bearer <img src=x onerror=alert(1)>\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"<b>x</b>\"\n");
    assert!(
        all("#authlens-root img").is_empty(),
        "markup from the input must never become elements"
    );
    assert!(all("#detail b").is_empty());
    assert!(q("#detail .challenge[data-scheme=\"Bearer\"]")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("<b>x</b>"));
}

#[wasm_bindgen_test]
fn page_shows_input_errors_and_jwt_claims() {
    fresh_root();
    let _ui = authlens::wasm::ui::mount_page(q("#authlens-root").unwrap()).unwrap();
    paste("curl -H 'Authorization: Bearer abc");
    let error = q("#error").unwrap();
    assert!(error.get_attribute("hidden").is_none());
    assert!(error.text_content().unwrap().contains("unclosed"));

    // {"alg":"HS256"}.{"exp":1000,"sub":"u"}: expired long before the request (judged now).
    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjEwMDAsInN1YiI6InUifQ.c2lnbmF0dXJl";
    q("#hint-time")
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .set_value("");
    paste(&format!("Authorization: Bearer {jwt}"));
    assert!(q("#error").unwrap().get_attribute("hidden").is_some());
    assert!(q("#detail .jwt .jwt-header").is_some());
    assert!(q("#detail .jwt-claims .claim[data-claim=\"exp\"]")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("expired"));
    assert!(q("#detail .finding[data-finding-id=\"jwt.expired\"]").is_some());
    assert_eq!(
        q(".checklist li[data-check=\"token_time\"]")
            .unwrap()
            .get_attribute("data-state")
            .as_deref(),
        Some("fail")
    );
}

/// Milliseconds since the epoch as an RFC 3339 date (HAR `startedDateTime`).
fn rfc3339(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// An exchange-shaped object (`{method, url, requestHeaders, status, responseHeaders,
/// startedAtMs, responseBody}`) as the DevTools HAR entry the panel hands over.
fn har_entry(ex: &serde_json::Value) -> serde_json::Value {
    let mut entry = serde_json::json!({
        "request": {"method": ex["method"], "url": ex["url"], "headers": ex["requestHeaders"]},
        "response": {"status": ex["status"], "headers": ex["responseHeaders"]},
    });
    if let Some(ms) = ex["startedAtMs"].as_i64() {
        entry["startedDateTime"] = rfc3339(ms).into();
    }
    if let Some(body) = ex["responseBody"].as_str() {
        entry["response"]["content"] = serde_json::json!({"size": body.len(), "text": body});
    }
    entry
}

/// Hands exchange-shaped objects (one, or an array) to the panel as DevTools entries
/// (`pushHarEntries`, what panel.js calls); none may be skipped.
fn push(ui: &authlens::wasm::ui::AuthlensUi, exchanges: &JsValue) {
    let value: serde_json::Value = serde_json::from_str(&stringify(exchanges)).unwrap();
    let list = match value {
        serde_json::Value::Array(list) => list,
        one => vec![one],
    };
    let entries: Vec<serde_json::Value> = list.iter().map(har_entry).collect();
    let skipped = ui
        .push_har_entries(&serde_json::Value::Array(entries).to_string(), None)
        .unwrap();
    assert!(skipped.is_empty(), "{skipped:?}");
}

#[wasm_bindgen_test]
fn the_panel_reads_devtools_entries_as_har_entries_and_says_why_one_is_skipped() {
    fresh_root();
    let ui = authlens::wasm::ui::mount_panel(q("#authlens-root").unwrap(), None).unwrap();
    let body = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        r#"{"error":"invalid_token"}"#,
    );
    let entries = format!(
        r#"[{{"request":{{"method":"GET","url":"https://api.example.com/v1/me","headers":[{{"name":"Authorization","value":"Bearer undefined"}}]}},"response":{{"status":401,"headers":[],"content":{{"size":25,"mimeType":"application/json","text":"{body}","encoding":"base64"}}}}}},
          {{"response":{{"status":401}}}},
          {{"request":{{"method":"GET","url":"https://api.example.com/v1/x","headers":"Authorization: Bearer ghp_notQuotedInTheMessage"}}}}]"#
    );
    let skipped = ui.push_har_entries(&entries, None).unwrap();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[0].contains("missing field `request`"),
        "{skipped:?}"
    );
    assert!(!skipped[1].contains("ghp_"), "{skipped:?}");
    assert_eq!(all("#requests .request").len(), 1);
    assert!(ui
        .export_json("session")
        .unwrap()
        .contains("token.placeholder"));
    assert!(ui.push_har_entries("not json", None).is_err());
    assert!(authlens::wasm::har_body_prefix() as usize == authlens::har::BODY_PREFIX_UTF16_UNITS);
}

#[wasm_bindgen_test]
fn deferred_entries_are_analysed_at_once_and_drawn_by_render() {
    fresh_root();
    let ui = authlens::wasm::ui::mount_panel(q("#authlens-root").unwrap(), None).unwrap();
    let entry = |i: usize| {
        format!(
            r#"{{"request":{{"method":"GET","url":"https://api.example.com/v1/item/{i}","headers":[{{"name":"Authorization","value":"Bearer undefined"}}]}},"response":{{"status":401,"headers":[]}}}}"#
        )
    };
    let batch = |from: usize, to: usize| {
        format!("[{}]", (from..to).map(entry).collect::<Vec<_>>().join(","))
    };
    assert!(ui
        .push_har_entries(&batch(0, 3), Some(true))
        .unwrap()
        .is_empty());
    assert_eq!(all("#requests .request").len(), 0, "not drawn yet");
    assert!(
        ui.export_json("session").unwrap().contains("v1/item/2"),
        "but analysed"
    );
    ui.render().unwrap();
    assert_eq!(all("#requests .request").len(), 3);
    ui.render().unwrap();
    assert_eq!(
        all("#requests .request").len(),
        3,
        "a render with nothing new draws nothing twice"
    );
    // A long list draws the rows near the viewport, each saying where it is among all.
    assert!(ui
        .push_har_entries(&batch(3, 2_000), Some(true))
        .unwrap()
        .is_empty());
    ui.render().unwrap();
    let rows = all("#requests .request");
    assert!(
        rows.len() < 2_000 && rows.len() >= 3,
        "{} rows drawn",
        rows.len()
    );
    let first = rows.first().unwrap();
    assert_eq!(first.get_attribute("aria-posinset").as_deref(), Some("1"));
    assert_eq!(first.get_attribute("aria-setsize").as_deref(), Some("2000"));
    assert_eq!(all("#requests .spacer").len(), 2);
}

fn exchange(url: &str, auth: &str, status: u16) -> JsValue {
    let v = serde_json::json!({
        "method": "GET", "url": url, "status": status,
        "requestHeaders": [{"name": "Authorization", "value": auth}],
        "responseHeaders": if status == 401 { serde_json::json!([{"name": "WWW-Authenticate", "value": "Bearer error=\"invalid_token\""}]) } else { serde_json::json!([]) },
        "startedAtMs": 1_700_000_000_000i64,
    });
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

#[wasm_bindgen_test]
fn panel_lists_filters_selects_and_exports() {
    fresh_root();
    let ui = authlens::wasm::ui::mount_panel(q("#authlens-root").unwrap(), Some("dark".to_owned()))
        .unwrap();
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("data-theme")
            .as_deref(),
        Some("dark")
    );
    push(
        &ui,
        &exchange(
            "https://api.example.com/v1/ok",
            "Bearer abcdefghijklmnopqrstuvwx",
            200,
        ),
    );
    push(
        &ui,
        &exchange("https://api.example.com/v1/me", "Bearer undefined", 401),
    );
    // Auth problems only (default): the 200 without findings is hidden.
    let rows = all("#requests .request");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("401"));
    assert_eq!(row.get_attribute("data-severity").as_deref(), Some("error"));
    assert_eq!(
        row.query_selector(".path")
            .unwrap()
            .unwrap()
            .text_content()
            .as_deref(),
        Some("/v1/me")
    );
    assert!(q("#counts")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("2 requests"));

    click("#requests .request[data-index=\"1\"]");
    assert_eq!(
        q("#requests .request[data-index=\"1\"]")
            .unwrap()
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    assert!(q("#detail .finding[data-finding-id=\"token.placeholder\"]").is_some());
    assert!(
        q("#detail .diff").is_some(),
        "the last success to the origin is compared"
    );
    assert!(
        q("#detail .checklist li[data-check=\"credential_sent\"][data-state=\"pass\"]").is_some()
    );
    assert!(q("#detail .curl-command")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("curl -i"));

    let md = ui.export_markdown("selection").unwrap();
    assert!(md.contains("token.placeholder"));
    let json = ui.export_json("session").unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["entries"].as_array().map(Vec::len), Some(2));
    assert_eq!(parsed["schema"], authlens::report::SCHEMA);

    // Show all, then search narrows it down.
    let filter = q("#filter")
        .unwrap()
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap();
    filter.set_value("all");
    filter
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert_eq!(all("#requests .request").len(), 2);
    let search = q("#search")
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    search.set_value("/v1/ok");
    search
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    assert_eq!(all("#requests .request").len(), 1);

    assert!(ui.navigated().unwrap());
    assert!(all("#requests .request").is_empty());
}

#[wasm_bindgen_test]
fn panel_reference_key_flags_a_different_key() {
    fresh_root();
    let ui = authlens::wasm::ui::mount_panel(q("#authlens-root").unwrap(), None).unwrap();
    let key = fake_anthropic_key();
    push(
        &ui,
        &exchange(
            "https://api.example.com/v1/me",
            &format!("Bearer {key}"),
            401,
        ),
    );
    let reference = q("#reference-key")
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    reference.set_value("sk-ant-api03-a-different-key-entirely-0123456789");
    reference
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    click("#requests .request[data-index=\"0\"]");
    assert!(q("#detail .finding[data-finding-id=\"token.reference_mismatch\"]").is_some());
    assert!(q("#reference-status")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("1 request sent a different key"));
    assert!(!body_text().contains(&key));
}

#[wasm_bindgen_test]
fn panel_memory_stays_bounded_with_eviction_counted() {
    fresh_root();
    let ui = authlens::wasm::ui::mount_panel(q("#authlens-root").unwrap(), None).unwrap();
    let cap = authlens::wasm::ui::MAX_STORED;
    let batch: Vec<serde_json::Value> = (0..cap + 25)
        .map(|i| serde_json::json!({"method": "GET", "url": format!("https://cdn.example.com/a/{i}.js"), "status": 200}))
        .collect();
    let batch = js_sys::JSON::parse(&serde_json::Value::Array(batch).to_string()).unwrap();
    push(&ui, &batch);
    push(
        &ui,
        &exchange("https://api.example.com/v1/me", "Bearer undefined", 401),
    );
    assert_eq!(ui.stored_count(), vec![cap as u32, 26]);
    assert!(q("#counts")
        .unwrap()
        .text_content()
        .unwrap()
        .contains("26 oldest dropped"));
    // The newest request is kept and listed with its display index.
    let index = (cap + 25).to_string();
    assert!(q(&format!(
        "#requests .request[data-index=\"{index}\"][data-status=\"401\"]"
    ))
    .is_some());
}

#[wasm_bindgen_test]
fn redact_har_takes_the_callers_salt_and_returns_the_har_and_the_report() {
    let har = r#"{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{"request":{"method":"GET","url":"https://api.example.com/v1?api_key=Zq8wLm4Rt7Yp2Xk9Vb6Nc3Hd","headers":[{"name":"Authorization","value":"Bearer sk-ant-api03-Kx7Qm2Wp9Lr4Tz8Vb3Nc6Hd1Jf5Gs0Ya"}]},"response":{"status":401,"headers":[],"content":{"size":0,"text":""}}}]}}"#;
    let salt = [5u8; 32];
    let out = authlens::wasm::redact_har_js(har.as_bytes(), &salt, JsValue::UNDEFINED).unwrap();
    let text = js_sys::Reflect::get(&out, &"har".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(text.contains("Bearer authlens-redacted:v1:"));
    assert!(!text.contains("Kx7Qm2Wp9Lr4") && !text.contains("Zq8wLm4Rt7Yp"));
    let report = js_sys::Reflect::get(&out, &"report".into()).unwrap();
    let replaced = js_sys::Reflect::get(&report, &"replaced".into()).unwrap();
    assert_eq!(replaced.as_f64(), Some(2.0));
    // Same salt, same fingerprints; another salt, others.
    let again = authlens::wasm::redact_har_js(har.as_bytes(), &salt, JsValue::UNDEFINED).unwrap();
    let other =
        authlens::wasm::redact_har_js(har.as_bytes(), &[6u8; 32], JsValue::UNDEFINED).unwrap();
    let har_of = |v: &JsValue| {
        js_sys::Reflect::get(v, &"har".into())
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(har_of(&again), text);
    assert_ne!(har_of(&other), text);
    assert!(authlens::wasm::redact_har_js(har.as_bytes(), &[1, 2, 3], JsValue::UNDEFINED).is_err());
    assert!(authlens::wasm::redact_har_js(b"{\"log\":{}}", &salt, JsValue::UNDEFINED).is_err());
}

/// Fails when `output` holds any 10-char run of a canary's middle (its first and last 8 chars
/// may show in a redacted form).
#[track_caller]
fn assert_no_canary(what: &str, output: &str, canaries: &[String]) {
    for secret in canaries {
        for w in canary::windows(secret) {
            if let Some(at) = output.find(&w) {
                let from = output[..at]
                    .char_indices()
                    .rev()
                    .nth(200)
                    .map_or(0, |(i, _)| i);
                panic!(
                    "{what} leaks a planted canary, after: {}<CANARY>",
                    &output[from..at]
                );
            }
        }
    }
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The leak oracle at the JS boundary and in the rendered UI (issue 9): canaries in every
/// carrier never reach a binding result, the panel's or the page's DOM, or an export, unless the
/// user presses reveal.
#[wasm_bindgen_test]
fn canaries_never_reach_binding_results_the_dom_or_exports() {
    use base64::Engine;
    let bearer = canary(1, "ghp_", 36);
    let scheme_word = canary(2, "tok_", 40);
    let api_key = canary(3, "sk-ant-api03-", 60);
    let query = canary(4, "qk_", 40);
    let cookie = canary(5, "sess_", 40);
    let password = canary(6, "pw_", 30);
    let body_token = canary(7, "at_", 48);
    let bot = canary(8, "AAH", 32);
    let all_canaries = vec![
        bearer.clone(),
        scheme_word.clone(),
        api_key.clone(),
        query.clone(),
        cookie.clone(),
        password.clone(),
        body_token.clone(),
        bot.clone(),
    ];
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("alice:{password}"));
    let exchanges = [
        serde_json::json!({
            "method": "GET", "url": "https://api.github.com/user", "status": 401,
            "requestHeaders": [{"name": "Authorization", "value": format!("token {bearer}, {bearer}")}],
            "responseHeaders": [{"name": "WWW-Authenticate", "value": format!("Bearer error=\"invalid_token\", error_description=\"token {bearer} expired\"")}],
            "startedAtMs": 1_767_225_600_000i64,
        }),
        serde_json::json!({
            "method": "GET", "url": "https://api.example.com/v1/me", "status": 401,
            "requestHeaders": [{"name": "Authorization", "value": format!("{scheme_word} Bearer")},
                               {"name": "Cookie", "value": format!("session={cookie}; theme=dark")}],
            "responseHeaders": [], "startedAtMs": 1_767_225_601_000i64,
        }),
        serde_json::json!({
            "method": "POST", "url": format!("https://api.anthropic.com/v1/messages?api_key={query}"), "status": 401,
            "requestHeaders": [{"name": "Authorization", "value": format!("Bearer {api_key}")}],
            "responseHeaders": [], "startedAtMs": 1_767_225_602_000i64,
        }),
        serde_json::json!({
            "method": "GET", "url": format!("https://api.telegram.org/bot123456789:{bot}/getMe"), "status": 401,
            "requestHeaders": [{"name": "Authorization", "value": format!("Basic {basic}")}],
            "responseHeaders": [{"name": "Content-Type", "value": "application/json"}],
            "responseBody": format!("{{\"access_token\":\"{body_token}\",\"error\":\"invalid_token\"}}"),
            "startedAtMs": 1_767_225_603_000i64,
        }),
    ];
    let js = |v: &serde_json::Value| js_sys::JSON::parse(&v.to_string()).unwrap();

    // The binding's results.
    for ex in &exchanges {
        let out = authlens::wasm::analyze_exchange_js(js(ex), JsValue::UNDEFINED).unwrap();
        assert_no_canary("analyze_exchange_js", &stringify(&out), &all_canaries);
        let auth = ex["requestHeaders"][0]["value"].as_str().unwrap();
        let out = authlens::wasm::analyze_authorization(auth, 401).unwrap();
        assert_no_canary("analyze_authorization", &stringify(&out), &all_canaries);
        if let Ok(out) = authlens::wasm::parse_authorization(auth) {
            assert_no_canary("parse_authorization", &stringify(&out), &all_canaries);
        }
    }
    let mut session = authlens::wasm::Session::new(JsValue::UNDEFINED).unwrap();
    for ex in &exchanges {
        let out = session.push(js(ex)).unwrap();
        assert_no_canary("Session.push", &stringify(&out), &all_canaries);
    }
    assert_no_canary(
        "Session.report",
        &stringify(&session.report().unwrap()),
        &all_canaries,
    );
    for key in &all_canaries {
        let out = authlens::wasm::recognize_key(key).unwrap();
        assert_no_canary("recognize_key", &stringify(&out), &all_canaries);
    }
    let curl = format!(
        "curl -H 'Authorization: Bearer {bearer}' -H 'x-api-key: {api_key}' -b 'session={cookie}' 'https://api.example.com/v1/me?api_key={query}'"
    );
    let out = authlens::wasm::analyze_paste(&curl, obj(r#"{"status":401}"#)).unwrap();
    assert_no_canary("analyze_paste", &stringify(&out), &all_canaries);
    let entries: Vec<serde_json::Value> = exchanges
        .iter()
        .map(|ex| {
            serde_json::json!({
                "startedDateTime": "2026-01-01T00:00:00.000Z",
                "request": {"method": ex["method"], "url": ex["url"], "headers": ex["requestHeaders"]},
                "response": {"status": ex["status"], "statusText": "", "headers": ex["responseHeaders"],
                             "content": {"size": 0, "mimeType": "application/json", "text": ex.get("responseBody").cloned().unwrap_or_default()},
                             "redirectURL": ""},
            })
        })
        .collect();
    let har = serde_json::json!({"log": {"version": "1.2", "entries": entries}}).to_string();
    let out = authlens::wasm::read_har_js(har.as_bytes(), JsValue::UNDEFINED).unwrap();
    assert_no_canary("read_har_js", &stringify(&out), &all_canaries);
    // A HAR whose structure is wrong around a secret: the error must not quote it.
    let broken = format!(r#"{{"log":{{"entries":["{bearer}"]}}}}"#);
    if let Err(e) = authlens::wasm::read_har_js(broken.as_bytes(), JsValue::UNDEFINED) {
        assert_no_canary("read_har_js error", &stringify(&e), &all_canaries);
        assert_no_canary(
            "read_har_js error message",
            &get(&e, "message").as_string().unwrap_or_default(),
            &all_canaries,
        );
    }

    // An exchange of the wrong shape around a secret: serde's message would quote it.
    for bad in [
        serde_json::json!({"method": "GET", "url": "https://api.example.com/", "status": 401, "requestHeaders": format!("Authorization: Bearer {bearer}")}),
        serde_json::json!({"method": "GET", "url": "https://api.example.com/", "status": format!("{api_key}")}),
    ] {
        let e = authlens::wasm::analyze_exchange_js(js(&bad), JsValue::UNDEFINED).unwrap_err();
        let message = get(&e, "message").as_string().unwrap_or_default();
        assert!(!message.is_empty());
        assert_no_canary("analyze_exchange_js error", &message, &all_canaries);
    }

    // The panel: every row selected, its detail rendered, and both exports.
    fresh_root();
    let ui = authlens::wasm::ui::mount_panel(q("#authlens-root").unwrap(), None).unwrap();
    for ex in &exchanges {
        push(&ui, &js(ex));
    }
    let filter = q("#filter")
        .unwrap()
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap();
    filter.set_value("all");
    filter
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    for i in 0..exchanges.len() {
        click(&format!("#requests .request[data-index=\"{i}\"]"));
        let html = q("#authlens-root").unwrap().inner_html();
        assert_no_canary(
            &format!("the panel with request {i} open"),
            &html,
            &all_canaries,
        );
        assert_no_canary(
            "the selection's Markdown export",
            &ui.export_markdown("selection").unwrap(),
            &all_canaries,
        );
    }
    assert_no_canary(
        "the session's Markdown export",
        &ui.export_markdown("session").unwrap(),
        &all_canaries,
    );
    assert_no_canary(
        "the session's JSON export",
        &ui.export_json("session").unwrap(),
        &all_canaries,
    );
    // The control: reveal shows the selected credential, so the oracle would see it.
    click("#requests .request[data-index=\"0\"]");
    click("#detail button.reveal");
    let revealed = q("#authlens-root").unwrap().inner_html();
    assert!(revealed.contains(&bearer), "reveal shows the key");

    // The page: the curl paste, rendered.
    fresh_root();
    let _page = authlens::wasm::ui::mount_page(q("#authlens-root").unwrap()).unwrap();
    paste(&curl);
    assert_no_canary(
        "the page after a curl paste",
        &q("#authlens-root").unwrap().inner_html(),
        &all_canaries,
    );
}
