//! The session core's behaviour: store bounds, counts, filters, merges, history and exports.

use super::*;
use crate::model::Exchange;
use crate::rules::session::RETRY_STORM_THRESHOLD;

fn ex(method: &str, url: &str, status: u16) -> Exchange {
    Exchange::new(method, url).with_status(status)
}

fn placeholder(url: &str) -> Exchange {
    ex("GET", url, 401).with_request_header("Authorization", "Bearer undefined")
}

fn session() -> Session {
    Session::new(AnalysisOptions::default())
}

#[test]
fn the_store_keeps_at_most_max_stored_and_counts_what_it_dropped() {
    let mut s = session();
    let mut evicted = Vec::new();
    for i in 0..MAX_STORED + 3 {
        let added = s.push(if i % 2 == 0 {
            placeholder("https://api.example.com/a")
        } else {
            ex("GET", "https://api.example.com/b", 200)
        });
        assert_eq!(added.index, i);
        evicted.extend(added.evicted);
    }
    assert_eq!(evicted, vec![0, 1, 2]);
    assert_eq!(s.len(), MAX_STORED);
    assert_eq!(s.evicted(), 3);
    assert!(s.get(2).is_none());
    assert_eq!(s.get(3).map(|st| st.report.index), Some(3));
    assert_eq!(s.position(MAX_STORED + 2), Some(MAX_STORED - 1));
    let c = s.counts();
    assert_eq!((c.total, c.evicted), (MAX_STORED + 3, 3));
    // Kept errors match a recount, after the O(1) updates.
    let errors = s
        .entries()
        .filter(|e| e.worst == Some(Severity::Error))
        .count();
    assert_eq!(c.errors, errors);
    assert!(c.text().ends_with("(3 oldest dropped)"), "{}", c.text());
}

#[test]
fn a_long_session_stays_bounded_without_re_analysing_and_keeps_display_indexes() {
    let mut s = session();
    // Three identical 401s per URL: a retry storm (a session finding) on each of 1,200 URLs,
    // more distinct session findings than the analyzer keeps.
    let mut storms = 0;
    for i in 0..1_200 {
        for _ in 0..RETRY_STORM_THRESHOLD {
            storms += usize::from(
                s.push(placeholder(&format!("https://api.example.com/r{i}")))
                    .session_changed,
            );
        }
    }
    assert!(storms >= 1_200, "every URL's storm was reported ({storms})");
    for _ in 0..2 * MAX_STORED {
        s.push(ex("GET", "https://api.example.com/b", 200));
    }
    assert!(
        s.analyzer.findings_kept() <= 1024,
        "the analyzer keeps {} session findings",
        s.analyzer.findings_kept()
    );
    assert!(s.session_findings().len() <= MAX_SESSION_FINDINGS);
    let added = s.push(placeholder("https://api.example.com/a"));
    assert_eq!(added.index, 1_200 * RETRY_STORM_THRESHOLD + 2 * MAX_STORED);
    let stored = s.get(added.index).expect("the newest request is kept");
    assert!(stored
        .report
        .findings
        .iter()
        .any(|f| f.id == FindingId::TokenPlaceholder));
    // The storms still work past the analyzer's bound.
    let again = s.push(placeholder("https://api.example.com/a"));
    let third = s.push(placeholder("https://api.example.com/a"));
    assert!(again.session_changed || third.session_changed);
    let storm = s
        .session_findings()
        .iter()
        .find(|f| f.entries.contains(&added.index))
        .expect("the new storm is listed");
    assert_eq!(storm.entries, vec![added.index, again.index, third.index]);
}

#[test]
fn a_completed_login_retracts_its_first_steps_finding_in_the_store() {
    let mut s = session();
    let first = s.push(
        ex("GET", "https://intranet.example.com/admin", 401)
            .with_response_header("WWW-Authenticate", "Basic realm=\"admin\""),
    );
    let missing = |s: &Session| {
        s.get(first.index)
            .expect("kept")
            .report
            .findings
            .iter()
            .any(|f| f.id == FindingId::CredentialMissing)
    };
    assert!(missing(&s), "the first step alone is reported");
    assert_eq!(s.counts().warnings, 1);
    let retry = s.push(
        ex("GET", "https://intranet.example.com/admin", 200)
            .with_request_header("Authorization", "Basic YWxpY2U6c2VjcmV0"),
    );
    assert_eq!(retry.revised, vec![first.index]);
    assert!(
        !missing(&s),
        "the login completed: the first step is no problem"
    );
    assert_eq!(s.get(first.index).expect("kept").worst, None);
    assert_eq!(s.counts().warnings, 0);
    // Re-analysing (a new reference key) reaches the same verdict.
    s.set_reference("some-other-key");
    assert!(!missing(&s));
    // Near miss: a retry that fails again revises nothing.
    let mut s = session();
    s.push(
        ex("GET", "https://intranet.example.com/admin", 401)
            .with_response_header("WWW-Authenticate", "Basic realm=\"admin\""),
    );
    let failed = s.push(
        ex("GET", "https://intranet.example.com/admin", 401)
            .with_request_header("Authorization", "Basic YWxpY2U6d3Jvbmc=")
            .with_response_header("WWW-Authenticate", "Basic realm=\"admin\""),
    );
    assert!(failed.revised.is_empty());
    assert!(missing(&s));
}

#[test]
fn counts_text_is_plural_aware() {
    let mut s = session();
    assert_eq!(s.counts().text(), "0 errors · 0 warnings · 0 requests");
    s.push(placeholder("https://api.example.com/a"));
    assert_eq!(s.counts().text(), "1 error · 0 warnings · 1 request");
    s.reset();
    assert_eq!(s.counts().total, 0);
    assert!(s.is_empty());
}

#[test]
fn the_filter_hides_healthy_traffic_and_searches_every_column() {
    let mut s = session();
    let bad = s
        .push(placeholder("https://api.openai.com/v1/models"))
        .index;
    let ok = s
        .push(ex("GET", "https://cdn.example.com/app.js", 200))
        .index;
    let denied = s.push(ex("POST", "https://api.example.com/x", 403)).index;
    let (bad, ok, denied) = (
        s.get(bad).unwrap(),
        s.get(ok).unwrap(),
        s.get(denied).unwrap(),
    );
    let auth = Filter::new(true, "  ");
    assert!(auth.passes(bad) && !auth.passes(ok) && auth.passes(denied));
    let all = Filter::new(false, "");
    assert!(all.passes(ok));
    for query in ["OPENAI", "token.placeholder", "401", "/v1/models", "get"] {
        assert!(Filter::new(false, query).passes(bad), "{query}");
    }
    assert!(Filter::new(false, "post").passes(denied));
    assert!(!Filter::new(false, "post").passes(bad));
}

#[test]
fn providers_come_from_the_host_else_a_distinctive_key_prefix() {
    assert_eq!(
        provider_of(&ex("GET", "https://api.github.com/user", 401)),
        "GitHub"
    );
    let by_key = ex("GET", "https://internal.example/x", 401).with_request_header(
        "Authorization",
        "Bearer ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    );
    assert_eq!(provider_of(&by_key), "GitHub");
    assert_eq!(
        provider_of(&ex("GET", "https://internal.example/x", 401)),
        ""
    );
}

#[test]
fn upsert_replaces_by_id_and_first_entry_and_stays_bounded() {
    let mut list = Vec::new();
    let mut sf = har_malformed(1, "entry 1 is not an object");
    upsert(&mut list, sf.clone());
    sf.entries = vec![1, 2];
    upsert(&mut list, sf.clone());
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].entries, vec![1, 2]);
    for i in 0..MAX_SESSION_FINDINGS + 1 {
        upsert(&mut list, har_malformed(10 + i, "x"));
    }
    assert_eq!(list.len(), MAX_SESSION_FINDINGS);
    assert_ne!(list[0].entries, vec![1, 2], "the oldest was dropped");
}

#[test]
fn redirect_chains_follow_locations_back() {
    let mut s = session();
    let mut first = ex("GET", "https://app.example.com/login", 302);
    first.redirect_url = Some("https://id.example.com/authorize".to_owned());
    let mut second = ex("GET", "https://id.example.com/authorize", 302);
    second.redirect_url = Some("/callback".to_owned());
    s.push(first);
    s.push(ex("GET", "https://cdn.example.com/x.js", 200));
    s.push(second);
    let last = s
        .push(ex("GET", "https://id.example.com/callback", 401))
        .index;
    assert_eq!(
        s.redirect_chain(last),
        vec![
            "#0 GET https://app.example.com/login → 302".to_owned(),
            "#2 GET https://id.example.com/authorize → 302".to_owned(),
        ]
    );
    assert!(s.redirect_chain(1).is_empty());
    assert!(s.redirect_chain(99).is_empty());
}

#[test]
fn the_diff_names_what_changed_since_the_last_success_to_the_origin() {
    let mut s = session();
    s.push(
        ex("GET", "https://api.example.com/v1/me", 200)
            .with_request_header("Authorization", "Bearer old-token-value")
            .with_request_header("Accept", "application/json"),
    );
    s.push(ex("GET", "https://other.example.com/", 200));
    let now = s
        .push(
            ex("POST", "https://api.example.com/v1/me", 401)
                .with_request_header("Authorization", "Bearer new-token-value")
                .with_request_header("X-Trace", "1"),
        )
        .index;
    let diff = s.diff(now).expect("a success to the same origin");
    assert_eq!(diff.base, 0);
    assert!(diff.lines[0].starts_with("authorization: a different value than in the last success"));
    assert!(!diff.lines.join(" ").contains("new-token-value"));
    assert!(diff.lines.contains(&"Header added: x-trace".to_owned()));
    assert!(diff.lines.contains(&"Header removed: accept".to_owned()));
    assert!(diff
        .lines
        .contains(&"Method: GET then, POST now".to_owned()));
    assert!(s.diff(0).is_none(), "nothing before the first request");
}

#[test]
fn a_reference_key_rejudges_what_is_kept() {
    let mut s = session();
    s.push(
        ex("GET", "https://api.example.com/a", 401)
            .with_request_header("Authorization", "Bearer sk-other-0123456789abcdef"),
    );
    assert_eq!(s.reference_mismatches(), 0);
    s.set_reference("sk-expected-0123456789abcdef");
    assert_eq!(s.reference_mismatches(), 1);
    s.set_reference("");
    assert_eq!(s.reference_mismatches(), 0);
}

/// A kept request's display index, finding ids (sorted) and worst severity.
type Verdict = (usize, Vec<&'static str>, Option<Severity>);

/// Each kept request's verdict, and the counts.
fn verdicts(s: &Session) -> (Vec<Verdict>, Counts) {
    let entries = s
        .entries()
        .map(|st| {
            let mut ids: Vec<&'static str> =
                st.report.findings.iter().map(|f| f.id.as_str()).collect();
            ids.sort_unstable();
            (st.report.index, ids, st.worst)
        })
        .collect();
    (entries, s.counts())
}

#[test]
fn a_new_reference_key_rejudges_kept_requests_as_a_fresh_analysis_would() {
    const EXPECTED: &str = "sk-proj-Q3v9XbT2mK8pL4wN7cR1yH6dF0sA5eGjUiOzVqWxYtB";
    let bearer = |key: &str| format!("Bearer {key}");
    let before = vec![
        ex("GET", "https://api.openai.com/v1/models", 200)
            .with_request_header("Authorization", &bearer(EXPECTED)),
        ex("GET", "https://api.openai.com/v1/models", 401)
            .with_request_header("Authorization", &bearer("sk-other-0123456789abcdef")),
        placeholder("https://api.example.com/a"),
        // The first step of a login whose second step comes after the key is set.
        ex("GET", "https://intranet.example.com/admin", 401)
            .with_response_header("WWW-Authenticate", "Basic realm=\"admin\""),
        ex("GET", "https://api.example.com/b", 200)
            .with_request_header("x-api-key", "0123456789abcdef0123"),
    ];
    let after = vec![
        ex("GET", "https://intranet.example.com/admin", 200)
            .with_request_header("Authorization", "Basic YWxpY2U6c2VjcmV0"),
        ex("GET", "https://api.openai.com/v1/models", 401)
            .with_request_header("Authorization", &bearer("sk-other-0123456789abcdef")),
    ];
    for reference in [
        EXPECTED,
        "",
        "sk-other-0123456789abcdef",
        "0123456789abcdef0123",
    ] {
        let mut rejudged = session();
        rejudged.set_reference("sk-first-guess-0123456789");
        for e in &before {
            rejudged.push(e.clone());
        }
        rejudged.set_reference(reference);
        let mut fresh = session();
        fresh.set_reference(reference);
        for e in &before {
            fresh.push(e.clone());
        }
        assert_eq!(
            verdicts(&rejudged),
            verdicts(&fresh),
            "reference {reference:?}"
        );
        assert_eq!(
            rejudged.reference_mismatches(),
            fresh.reference_mismatches()
        );
        // Later requests, and the revision they make, are judged with the new key too.
        for e in &after {
            rejudged.push(e.clone());
            fresh.push(e.clone());
        }
        assert_eq!(
            verdicts(&rejudged),
            verdicts(&fresh),
            "reference {reference:?}, later"
        );
    }
}

#[test]
fn loading_a_har_reports_skipped_entries_without_naming_rows() {
    let mut s = session();
    s.push(ex("GET", "https://stale.example.com/", 200));
    let issue = crate::har::read_har(
        br#"{"log":{"entries":[7,{"request":{"method":"GET","url":"https://a.example/","headers":[]},"response":{"status":200,"headers":[]},"startedDateTime":"2026-01-01T00:00:00Z"}]}}"#,
    )
    .expect("readable HAR");
    s.load(issue.exchanges.clone(), &issue.issues);
    assert_eq!(s.len(), 1);
    let skipped: Vec<_> = s
        .session_findings()
        .iter()
        .filter(|f| f.finding.id == FindingId::HarMalformed)
        .collect();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].entries.is_empty());
}

#[test]
fn exports_cover_the_selection_or_the_session_redacted() {
    let mut s = session();
    let secret = "sk-live-0123456789abcdefghij";
    let a = s
        .push(
            ex(
                "GET",
                &format!("https://api.example.com/a?api_key={secret}"),
                401,
            )
            .with_request_header("Authorization", "Bearer undefined"),
        )
        .index;
    s.push(ex("GET", "https://api.example.com/b", 200));
    let all = s.report(None);
    assert_eq!(all.title, "session of 2 requests");
    assert_eq!(all.entries.len(), 2);
    let one = s.report(Some(a));
    assert_eq!(one.entries.len(), 1);
    assert!(one
        .title
        .starts_with("#0 GET https://api.example.com/a?api_key="));
    for text in [export_markdown(&all), export_json(&all)] {
        assert!(!text.contains(secret), "{text}");
        assert!(text.contains("token.placeholder"));
    }
    let json: serde_json::Value = serde_json::from_str(&export_json(&one)).unwrap();
    // The report every output shares (`authlens check --json`'s schema), with the card.
    assert_eq!(json["schema"], crate::report::SCHEMA);
    assert_eq!(json["entries"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        json["entries"][0]["credentials"][0]["location"],
        "request.header.Authorization"
    );
    assert_eq!(json["findings"], serde_json::json!([]));
}

#[test]
fn pastes_have_headings_details_and_their_own_report() {
    let opts = AnalysisOptions::default();
    let bare = Paste::of_credential(" undefined\n".to_owned(), &opts, Some(0));
    assert_eq!(bare.heading(), "Pasted credential");
    assert_eq!(bare.cleaned.as_deref(), Some("undefined"));
    assert!(bare.details(&opts).credential.is_some());
    let report = bare.report();
    assert!(report.entries.is_empty());
    assert_eq!(report.loose_findings, bare.findings);

    let pasted = Paste::of_exchange(
        ex(
            "",
            "https://api.example.com/v1/me?api_key=sk-live-0123456789abcdefghij",
            401,
        )
        .with_request_header("Authorization", "Bearer undefined"),
        &opts,
        None,
    );
    assert!(pasted
        .heading()
        .starts_with("GET https://api.example.com/v1/me?api_key="));
    assert!(pasted.heading().ends_with(" → 401"));
    assert!(!pasted.heading().contains("0123456789abcdefghij"));
    assert_eq!(pasted.credential().map(|c| c.token), Some("undefined"));
    assert_eq!(pasted.report().entries.len(), 1);
    let no_url = Paste::of_exchange(Exchange::default().with_status(401), &opts, None);
    assert_eq!(no_url.heading(), "Pasted request → 401");
}

#[test]
fn jwt_times_are_phrased_relative_to_the_request() {
    let at = 1_700_000_000_000;
    let phrase = |claim, secs: i64| claim_phrase(claim, &serde_json::json!(secs), Some(at));
    assert!(phrase("exp", 1_699_999_700)
        .unwrap()
        .starts_with("expired "));
    assert!(phrase("exp", 1_700_000_300)
        .unwrap()
        .starts_with("expires "));
    assert!(phrase("nbf", 1_700_000_300)
        .unwrap()
        .starts_with("valid from "));
    assert!(phrase("iat", 1_699_999_700).unwrap().starts_with("issued "));
    assert!(phrase("iat", 1).unwrap().ends_with(" the request"));
    assert_eq!(phrase("sub", 1), None);
    assert_eq!(claim_phrase("exp", &serde_json::json!(1), None), None);
    assert_eq!(
        claim_phrase("exp", &serde_json::json!("soon"), Some(at)),
        None
    );
}

#[test]
fn the_timeline_numbers_marks_like_the_list_and_reaches_the_markdown_export() {
    let mut s = session();
    let token = |n: u32| format!("at-demo-{n:04}-Zq8RfT3kLm9Xw2Yp");
    let issue = |n: u32| {
        Exchange::new("POST", "https://auth.example.com/oauth/token")
            .with_request_body("grant_type=refresh_token&refresh_token=rt-demo-7fK2pQ9sLx")
            .with_status(200)
            .with_body(&format!(
                r#"{{"access_token":"{}","token_type":"Bearer","expires_in":3600}}"#,
                token(n)
            ))
    };
    let call = |n: u32, status: u16| {
        ex("GET", "https://api.example.com/v1/me", status)
            .with_request_header("Authorization", &format!("Bearer {}", token(n)))
    };
    s.push(issue(1));
    s.push(call(1, 200));
    s.push(issue(2));
    s.push(call(1, 401));
    let timeline = s.timeline();
    assert_eq!(s.timeline_credentials(), timeline.lanes.len());
    let entries: Vec<Vec<usize>> = timeline
        .lanes
        .iter()
        .map(|l| l.marks.iter().map(|m| m.entry).collect())
        .collect();
    assert_eq!(entries[1], vec![0, 1, 2, 3]);
    let report = s.report(None);
    let md = export_markdown(&report);
    assert!(md.contains("## Token timeline"), "{md}");
    assert!(md.contains("I#0 ·#1 R#2 ✗#3"), "{md}");
    assert!(!md.contains(&token(1)));
    assert!(s.report(Some(3)).timeline.is_none());
}

#[test]
fn the_captured_har_holds_the_kept_entries_in_order_as_har_1_2() {
    let mut s = session();
    assert_eq!(
        s.captured_har(),
        None,
        "nothing captured: nothing to export"
    );
    let entry = |path: &str| {
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:00.000Z","time":1,"request":{{"method":"GET","url":"https://api.example.com{path}","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"queryString":[],"headersSize":-1,"bodySize":-1}},"response":{{"status":401,"statusText":"","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{{"size":0,"mimeType":""}},"redirectURL":"","headersSize":-1,"bodySize":-1}},"cache":{{}},"timings":{{"send":0,"wait":1,"receive":0}}}}"#
        )
    };
    s.push_captured(placeholder("https://api.example.com/a"), Some(entry("/a")));
    s.push(placeholder("https://api.example.com/pasted"));
    // Not one JSON object: not kept (the export must stay a HAR).
    s.push_captured(
        placeholder("https://api.example.com/bad"),
        Some("{\"request\":".to_owned()),
    );
    s.push_captured(placeholder("https://api.example.com/b"), Some(entry("/b")));
    let har: serde_json::Value = serde_json::from_str(&s.captured_har().unwrap()).unwrap();
    assert_eq!(har["log"]["version"], "1.2");
    assert_eq!(har["log"]["creator"]["name"], "authlens");
    let urls: Vec<&str> = har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["request"]["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        ["https://api.example.com/a", "https://api.example.com/b"]
    );
    let comment = har["log"]["creator"]["comment"].as_str().unwrap();
    assert!(
        comment.contains("2 requests without a HAR entry"),
        "{comment}"
    );
    // Dropped with its request.
    for i in 0..MAX_STORED {
        s.push_captured(
            ex("GET", "https://api.example.com/c", 200),
            (i == MAX_STORED - 1).then(|| entry("/last")),
        );
    }
    let har: serde_json::Value = serde_json::from_str(&s.captured_har().unwrap()).unwrap();
    assert_eq!(har["log"]["entries"].as_array().unwrap().len(), 1);
    assert!(har["log"]["creator"]["comment"]
        .as_str()
        .unwrap()
        .contains("the 4 oldest were dropped"));
    s.reset();
    assert_eq!(s.captured_har(), None);
}

#[test]
fn a_captured_entry_missing_what_har_1_2_requires_is_completed_without_changing_the_rest() {
    let mut s = session();
    // Firefox: a request that never connected; Chromium: "" and bracketed IPv6 addresses.
    s.push_captured(
        placeholder("https://api.example.com/a"),
        Some(r#"{"pageref":"page_1","serverIPAddress":"","startedDateTime":"2024-05-01T10:00:00.000Z","time":3,"request":{"method":"OPTIONS","url":"https://api.example.com/a","headers":[{"name":"Origin","value":"https://app.example.com"}]},"response":{"status":401},"timings":{},"_resourceType":"preflight"}"#.to_owned()),
    );
    s.push_captured(
        placeholder("https://api.example.com/b"),
        Some(r#"{"serverIPAddress":"[::1]","time":1,"request":{},"response":{},"cache":{},"timings":{"send":1,"wait":2,"receive":3}}"#.to_owned()),
    );
    let har: serde_json::Value = serde_json::from_str(&s.captured_har().unwrap()).unwrap();
    let a = &har["log"]["entries"][0];
    assert!(a.get("pageref").is_none() && a.get("serverIPAddress").is_none());
    assert_eq!(
        a["timings"],
        serde_json::json!({"send": 0, "wait": 0, "receive": 0})
    );
    assert_eq!(a["request"]["method"], "OPTIONS");
    assert_eq!(
        a["request"]["headers"][0]["value"],
        "https://app.example.com"
    );
    assert_eq!(a["request"]["queryString"], serde_json::json!([]));
    assert_eq!(a["response"]["status"], 401);
    assert_eq!(
        a["response"]["content"],
        serde_json::json!({"size": 0, "mimeType": ""})
    );
    assert_eq!(a["_resourceType"], "preflight");
    let b = &har["log"]["entries"][1];
    assert_eq!(b["serverIPAddress"], "::1");
    assert_eq!(b["timings"]["receive"], 3);
}

// The detail view's model: everything the UI shows comes from `Details` and these lines.

use crate::rules::{describe, ByteRun, Check, OriginKind};

fn b64url(json: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

fn line<'a>(lines: &'a [CheckLine], id: &str) -> &'a CheckLine {
    lines.iter().find(|l| l.id == id).unwrap()
}

#[test]
fn who_answered_tells_a_relay_from_a_gateway_and_from_the_api() {
    let opts = AnalysisOptions::default();
    let relayed = ex("GET", "https://api.example.com/v1/me", 401)
        .with_request_header("Authorization", "Bearer sk-demo-4f9a2c7e1b3d5a6f8e0c")
        .with_response_header("Server", "cloudflare")
        .with_response_header("CF-RAY", "8c1f2e3d4a5b6c7d-FRA")
        .with_response_header("Content-Type", "application/json")
        .with_body(
            r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#,
        );
    let d = describe(&relayed, &opts);
    let origin = d.origin.as_ref().unwrap();
    assert_eq!(origin.kind, OriginKind::Relay);
    assert!(
        origin.sentence.starts_with("Relayed by Cloudflare: "),
        "{origin:?}"
    );
    assert!(origin.signals.as_deref().unwrap().starts_with("Signals: "));
    let gw = line(&checklist(&d, &d.findings, false), "gateway").clone();
    assert_eq!(gw.state, Check::Pass, "{gw:?}");
    assert!(gw.text.contains("only relayed"), "{gw:?}");
    // Positive: the gateway produced the response itself.
    let produced = ex(
        "GET",
        "https://abc.execute-api.us-east-1.amazonaws.com/prod/me",
        403,
    )
    .with_response_header("x-amzn-ErrorType", "MissingAuthenticationTokenException")
    .with_body(r#"{"message":"Missing Authentication Token"}"#);
    let d = describe(&produced, &opts);
    assert_eq!(d.origin.as_ref().unwrap().kind, OriginKind::Gateway);
    assert!(d
        .origin
        .as_ref()
        .unwrap()
        .sentence
        .starts_with("A gateway answered: "));
    assert_eq!(
        line(&checklist(&d, &d.findings, false), "gateway").state,
        Check::Fail
    );
    // Control: no fingerprint; and no "Who answered" without an error response.
    let d = describe(&ex("GET", "https://api.example.com/v1/me", 401), &opts);
    assert_eq!(d.origin.as_ref().unwrap().kind, OriginKind::Api);
    assert_eq!(
        describe(&ex("GET", "https://api.example.com/", 200), &opts).origin,
        None
    );
    // A 500 is fingerprinted too (the view shows it for every error).
    assert!(describe(&ex("GET", "https://api.example.com/", 500), &opts)
        .origin
        .is_some());
}

#[test]
fn the_byte_view_is_runs_of_plain_scheme_masked_secret_and_badges() {
    let opts = AnalysisOptions::default();
    let value = "Bearer  sk-demo\u{200b}\u{200b}4f9a2c7e1b3d ";
    let d = describe(
        &ex("GET", "https://api.example.com/", 401).with_request_header("Authorization", value),
        &opts,
    );
    let c = d.credential.as_ref().unwrap();
    assert_eq!(c.source, "Authorization");
    let shape: Vec<String> = c
        .byte_runs
        .iter()
        .map(|r| match r {
            ByteRun::Plain(t) => format!("plain {t:?}"),
            ByteRun::Secret { value, chars } => format!("secret {} {chars}", value.expose()),
            ByteRun::Badge { shown, .. } => format!("badge {shown}"),
        })
        .collect();
    assert_eq!(
        shape,
        [
            "plain \"Bearer  \"",
            "secret sk-demo 7",
            "badge U+200B ×2",
            "secret 4f9a2c7e1b3d 12",
            "badge U+0020",
        ],
        "{shape:?}"
    );
    assert_eq!(c.char_issues.len(), 2);
    assert_eq!(c.token.expose(), "sk-demo\u{200b}\u{200b}4f9a2c7e1b3d ");
    assert!(c.redacted.starts_with("Bearer "), "{}", c.redacted);
    // Nothing printable holds the secret: Debug and JSON redact it.
    let debug = format!("{d:?}");
    let json = serde_json::to_string(&d).unwrap();
    for out in [&debug, &json] {
        assert!(!out.contains("4f9a2c7e1b3d"), "{out}");
    }
    // Control: an ordinary key is one masked run.
    let d = describe(
        &ex("GET", "https://api.example.com/", 401)
            .with_request_header("X-Api-Key", "sk-demo-4f9a2c7e1b3d"),
        &opts,
    );
    let c = d.credential.unwrap();
    assert!(matches!(
        &c.byte_runs[..],
        [ByteRun::Secret { chars: 20, .. }]
    ));
    assert!(c.char_issues.is_empty());
}

#[test]
fn jwt_basic_and_challenges_are_decoded_by_the_core() {
    let opts = AnalysisOptions::default();
    let jwt = format!(
        "{}.{}.c2lnbmF0dXJlLWJ5dGVz",
        b64url(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64url(r#"{"sub":"alice","exp":1700000300}"#)
    );
    let d = describe(
        &ex("GET", "https://api.example.com/", 401)
            .with_request_header("Authorization", &format!("Bearer {jwt}"))
            .with_started_at_ms(1_700_000_000_000),
        &opts,
    );
    let j = d.credential.as_ref().unwrap().jwt.as_ref().unwrap();
    assert_eq!(jwt_header(j)[0], ("alg".to_owned(), "RS256".to_owned()));
    let claims = jwt_claims(j, Some(1_700_000_000_000));
    let exp = claims.iter().find(|c| c.name == "exp").unwrap();
    assert!(exp.relative.as_deref().unwrap().starts_with("expires "));
    assert_eq!(
        claims.iter().find(|c| c.name == "sub").unwrap().value,
        "alice"
    );
    // Near miss: it looks like a JWT but does not decode.
    let d = describe(
        &ex("GET", "https://api.example.com/", 401)
            .with_request_header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.!!!.x"),
        &opts,
    );
    let c = d.credential.unwrap();
    assert!(c.jwt.is_none());
    assert!(c.jwt_error.unwrap().starts_with("Could not decode: "));
    // Basic: the user and the password's length, never the password.
    let d = describe(
        &ex("GET", "https://api.example.com/", 401)
            .with_request_header("Authorization", "Basic YWxpY2U6czNjcmV0LXB3")
            .with_response_header("WWW-Authenticate", "Basic realm=\"admin\"")
            .with_response_header("Proxy-Authenticate", "Digest realm=\"p\", nonce=\"n\"")
            .with_response_header(
                "WWW-Authenticate",
                "Bearer realm=\"x\", , error=\"unterminated",
            ),
        &opts,
    );
    let c = d.credential.as_ref().unwrap();
    assert_eq!(
        (c.basic_user.as_deref(), c.basic_password_chars),
        (Some("alice"), Some(9))
    );
    assert!(!format!("{d:?}").contains("s3cret"));
    let fields: Vec<(&str, usize, bool)> = d
        .challenge_fields
        .iter()
        .map(|f| (f.header, f.challenges.len(), f.errors.is_empty()))
        .collect();
    assert_eq!(fields[0].0, "WWW-Authenticate");
    assert!(
        !fields[0].2,
        "the unterminated quote is reported: {fields:?}"
    );
    assert_eq!(fields[1], ("Proxy-Authenticate", 1, true));
    let bad = describe(
        &ex("GET", "https://api.example.com/", 401)
            .with_request_header("Authorization", "Basic not*base64"),
        &opts,
    );
    let c = bad.credential.unwrap();
    assert_eq!(c.basic_password_chars, None);
    assert!(c.basic_error.unwrap().starts_with("Could not decode: "));
}

#[test]
fn a_pasted_key_is_given_not_sent() {
    let opts = AnalysisOptions::default();
    let paste = Paste::of_credential(" sk-demo-4f9a2c7e1b3d\u{200b}".to_owned(), &opts, None);
    let d = paste.details(&opts);
    assert!(d.given);
    let c = d.credential.as_ref().unwrap();
    assert_eq!(c.source, "pasted");
    // The byte view is of the paste as pasted (no synthetic scheme in front).
    assert!(!c.byte_runs.iter().any(|r| matches!(r, ByteRun::Plain(_))));
    assert!(c
        .byte_runs
        .iter()
        .any(|r| matches!(r, ByteRun::Badge { code_point, .. } if code_point == "U+200B")));
    let lines = checklist(&d, &paste.findings, false);
    let sent = line(&lines, "credential_sent");
    assert!(sent.text.starts_with("Credential given: A credential was given, read as the value of `Authorization`. Given: "), "{sent:?}");
    assert!(
        !lines.iter().any(|l| l.text.contains("sent in")),
        "{lines:?}"
    );
    // Control: a captured request was sent.
    let d = describe(&placeholder("https://api.example.com/"), &opts);
    let lines = checklist(&d, &d.findings, false);
    assert!(line(&lines, "credential_sent")
        .text
        .starts_with("Credential sent: A credential was sent in `Authorization`. Sent: "));
}

#[test]
fn the_checklist_ends_with_the_reference_gateway_and_curl_lines() {
    let opts = AnalysisOptions::default();
    let d = describe(&placeholder("https://api.example.com/"), &opts);
    let ids: Vec<&str> = checklist(&d, &d.findings, false)
        .iter()
        .map(|l| l.id)
        .collect();
    assert_eq!(
        &ids[ids.len() - 3..],
        ["reference", "gateway", "outside_app"]
    );
    assert_eq!(
        line(&checklist(&d, &d.findings, true), "reference").state,
        Check::Pass
    );
    assert_eq!(
        line(&checklist(&d, &d.findings, false), "reference").state,
        Check::Unknown
    );
    let none = describe(&ex("GET", "https://api.example.com/", 401), &opts);
    let r = line(&checklist(&none, &none.findings, true), "reference").clone();
    assert_eq!(r.state, Check::Unknown);
    assert!(r.text.contains("no key was sent"));
    let proxy = describe(&ex("GET", "https://api.example.com/", 407), &opts);
    assert_eq!(
        line(&checklist(&proxy, &proxy.findings, false), "gateway").state,
        Check::Fail
    );
}

#[test]
fn challenge_text_from_the_server_is_shown_redacted() {
    let key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc9Zq8RfT3";
    let d = describe(
        &ex("GET", "https://api.example.com/", 401).with_response_header(
            "WWW-Authenticate",
            &format!(
                r#"Bearer error="invalid_token", error_description="token {key} was revoked""#
            ),
        ),
        &AnalysisOptions::default(),
    );
    let c = &d.challenge_fields[0].challenges[0];
    let described = c.param("error_description").unwrap();
    assert!(!described.contains(&key[8..]), "{described}");
    assert!(described.contains("was revoked"), "{described}");
}

#[test]
fn a_devtools_entry_is_read_as_a_har_file_entry_and_exported_with_the_body_as_read() {
    use base64::Engine;
    let mut s = session();
    // Chromium: getContent gave the body as base64 (a JSON error, then padding past the excerpt).
    let body = format!(
        r#"{{"error":"invalid_token"}}{}"#,
        " ".repeat(crate::model::BODY_EXCERPT_LIMIT)
    );
    let encoded = base64::engine::general_purpose::STANDARD.encode(&body);
    let entry = serde_json::json!({
        "startedDateTime": "2024-05-01T10:00:00.000Z",
        "_resourceType": "fetch",
        "request": {"method": "GET", "url": "https://api.example.com/v1/me",
            "headers": [{"name": "Authorization", "value": "Bearer undefined"}]},
        "response": {"status": 401, "headers": [], "content": {
            "size": body.len(), "mimeType": "application/json",
            "text": &encoded[..crate::har::BODY_PREFIX_UTF16_UNITS], "encoding": "base64"}},
    })
    .to_string();
    let added = s.push_har_entry(&entry).unwrap();
    let stored = s.get(added.index).unwrap();
    assert_eq!(stored.exchange, crate::har::read_entry(&entry).unwrap());
    assert_eq!(stored.exchange.resource_type.as_deref(), Some("fetch"));
    let excerpt = stored.exchange.response_body_excerpt.clone().unwrap();
    assert!(excerpt.starts_with(r#"{"error":"invalid_token"}"#));
    assert_eq!(excerpt.len(), crate::model::BODY_EXCERPT_LIMIT);
    assert!(stored.worst.is_some());
    let har: serde_json::Value = serde_json::from_str(&s.captured_har().unwrap()).unwrap();
    let content = &har["log"]["entries"][0]["response"]["content"];
    assert_eq!(content["text"].as_str(), Some(excerpt.as_str()));
    assert!(content.get("encoding").is_none(), "{content}");
    assert_eq!(
        content["comment"].as_str(),
        Some("authlens: the first 4096 bytes, as the panel read them")
    );
    // No request: refused with the reader's reason, nothing kept.
    let refused = s
        .push_har_entry(r#"{"response":{"status":401}}"#)
        .unwrap_err();
    assert_eq!(refused.to_string(), "missing field `request`");
    assert!(s.push_har_entry("not json").is_err());
    assert_eq!(s.len(), 1);
}
