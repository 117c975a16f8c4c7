//! The leak oracle: canary keys planted in every carrier (headers, scheme words, query, path,
//! fragment, cookies, bodies, challenges, HAR structure errors, pastes, curl) must not show their
//! middle in any output: the CLI (human and `--json`, every command, stdout and stderr), the
//! core's report and detail-view JSON (what the wasm binding and the UI render), and each
//! finding's rendered detail. `--reveal` is the control: it shows the URL, and the oracle sees it.

use authlens::har::read_har_str;
use authlens::input::{parse_paste, PasteHints};
use authlens::rules::{analyze_session, describe, display_url, AnalysisOptions};
use serde_json::json;

use crate::util::authlens;
use crate::util::canary::{canary, windows};

#[track_caller]
fn assert_clean(what: &str, output: &str, secrets: &[String]) {
    for secret in secrets {
        for w in windows(secret) {
            assert!(
                !output.contains(&w),
                "{what} leaks `{w}` of a planted secret:\n{output}"
            );
        }
    }
}

fn entry(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    status: u16,
    response_headers: &[(&str, &str)],
    body: &str,
) -> serde_json::Value {
    let h = |list: &[(&str, &str)]| {
        list.iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect::<Vec<_>>()
    };
    json!({
        "startedDateTime": "2026-11-30T10:00:00.000Z",
        "time": 12.5,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": h(headers),
            "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1",
            "headers": h(response_headers), "cookies": [],
            "content": {"size": body.len(), "mimeType": "application/json", "text": body},
            "redirectURL": "", "headersSize": -1, "bodySize": -1},
        "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 1}
    })
}

fn har(entries: Vec<serde_json::Value>) -> String {
    json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
        "entries": entries}})
    .to_string()
}

/// Every output the CLI gives for a HAR: check and timeline (human, JSON), inspect from stdin.
fn cli_outputs_for_har(text: &str) -> Vec<(String, String)> {
    let dir = std::env::temp_dir().join(format!("authlens-leak-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{:x}.har", fnv(text)));
    std::fs::write(&path, text).expect("write HAR");
    let file = path.to_str().expect("utf-8 path");
    let mut out = Vec::new();
    for args in [
        vec!["check", file],
        vec!["check", "--json", file],
        vec!["timeline", file],
        vec!["timeline", "--json", file],
        vec!["inspect"],
        vec!["inspect", "--json"],
    ] {
        let stdin = if args[0] == "inspect" { text } else { "" };
        let run = authlens(&args, stdin);
        out.push((format!("{args:?} stdout"), run.stdout));
        out.push((format!("{args:?} stderr"), run.stderr));
    }
    let _ = std::fs::remove_file(&path);
    out
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// What the core gives the wasm binding and the UI for a HAR: the report JSON, each finding's
/// rendered detail, the detail view of every exchange and the displayed URLs.
fn core_outputs_for_har(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(log) = read_har_str(text) else {
        return out;
    };
    let opts = AnalysisOptions::default();
    let report = analyze_session(&log.exchanges, &opts);
    out.push((
        "report JSON".into(),
        serde_json::to_string(&report).expect("report JSON"),
    ));
    for e in &report.entries {
        for f in &e.findings {
            out.push((format!("detail of {}", f.id), f.detail()));
        }
    }
    for f in &report.findings {
        out.push((format!("detail of {}", f.finding.id), f.finding.detail()));
    }
    for ex in &log.exchanges {
        out.push((
            "describe JSON".into(),
            serde_json::to_string(&describe(ex, &opts)).expect("details JSON"),
        ));
        out.push(("display_url".into(), display_url(&ex.url)));
    }
    for issue in &log.issues {
        out.push(("HAR issue".into(), issue.to_string()));
    }
    out
}

#[test]
fn no_canary_survives_in_any_har_output() {
    let k: Vec<String> = (0..20).map(|i| canary(i, "", 40)).collect();
    let ghp = canary(100, "ghp_", 36);
    let telegram = format!("123456789:{}", canary(101, "", 35));
    let slack = canary(102, "", 24);
    let basic = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(format!("user:{}", k[12]))
    };
    // Letters only: no key shape for the text redaction to catch; only the scheme-word rule does.
    let letters: String = canary(103, "", 30)
        .to_ascii_lowercase()
        .chars()
        .filter(char::is_ascii_alphabetic)
        .chain("qwhvmzkxtrplbgfndsjcyqwhvmzkxtr".chars())
        .take(30)
        .collect();
    let api = "https://api.example.com/v1/me";
    let challenge = format!(
        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"the token {} expired\"",
        k[10]
    );
    let entries = vec![
        entry("GET", api, &[("Authorization", &format!("Bearer {ghp}"))], 401, &[("WWW-Authenticate", &challenge)], ""),
        // The "scheme" word is the key: `<key> Bearer`, `<key> undefined`, `KEY, KEY`.
        entry("GET", api, &[("Authorization", &format!("{} Bearer", k[0]))], 401, &[("WWW-Authenticate", "Bearer realm=\"api\"")], ""),
        entry("GET", "https://api.github.com/user", &[("Authorization", &format!("{} undefined", k[1]))], 401, &[], ""),
        entry("GET", api, &[("Authorization", &format!("{letters} Bearer"))], 401, &[("WWW-Authenticate", "Bearer realm=\"api\"")], ""),
        entry("GET", "https://api.openai.com/v1/models", &[("Authorization", &format!("{letters}, {letters}"))], 401, &[], ""),
        entry("GET", "https://api.anthropic.com/v1/messages", &[("Authorization", &format!("{}, {}", k[2], k[2]))], 401, &[], ""),
        entry("GET", api, &[("x-api-key", &k[3])], 401, &[], &format!("{{\"error\":\"invalid_api_key\",\"message\":\"Key {} is not valid\"}}", k[4])),
        entry("GET", &format!("{api}?api_key={}&code={}&sig={}&X-Amz-Signature={}", k[5], k[6], k[7], k[8]), &[], 401, &[], ""),
        entry("GET", &format!("https://api.telegram.org/bot{telegram}/getMe"), &[], 401, &[], ""),
        entry("POST", &format!("https://hooks.slack.com/services/T0ABCDEFG/B0ABCDEFG/{slack}"), &[], 403, &[], ""),
        entry("GET", &format!("https://app.example.com/cb#access_token={}&token_type=bearer", k[9]), &[], 401, &[], ""),
        entry("GET", api, &[("Cookie", &format!("session={}", k[11]))], 401, &[], ""),
        entry("GET", api, &[("Authorization", &format!("Basic {basic}"))], 401, &[("WWW-Authenticate", "Basic realm=\"x\"")], ""),
        entry("POST", "https://auth.example.com/oauth/token", &[("Content-Type", "application/x-www-form-urlencoded")], 400, &[],
            &format!("{{\"error\":\"invalid_grant\",\"error_description\":\"refresh token {} was revoked\"}}", k[13])),
        entry("GET", api, &[("Authorization", &format!("Bearer {}", k[14]))], 200, &[("Set-Cookie", &format!("sid={}; Secure", k[15]))], ""),
        entry("GET", api, &[("Authorization", &format!("Bearer {}", k[16]))], 401, &[("Proxy-Authenticate", &format!("Negotiate {}", k[17]))], ""),
    ];
    let text = har(entries);
    let mut secrets: Vec<String> = k.clone();
    secrets.extend([
        ghp.clone(),
        telegram.clone(),
        slack.clone(),
        letters.clone(),
    ]);
    for (what, output) in cli_outputs_for_har(&text)
        .into_iter()
        .chain(core_outputs_for_har(&text))
    {
        assert_clean(&what, &output, &secrets);
    }
    // The control: the oracle finds a secret where one is shown on purpose.
    let dir = std::env::temp_dir().join(format!("authlens-leak-reveal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("reveal.har");
    std::fs::write(&path, &text).unwrap();
    let revealed = authlens(&["check", "--reveal", path.to_str().unwrap()], "");
    let _ = std::fs::remove_file(&path);
    let caught = std::panic::catch_unwind(|| {
        assert_clean("revealed", &revealed.stdout, std::slice::from_ref(&k[5]))
    });
    assert!(
        caught.is_err(),
        "--reveal shows the query key and the oracle must see it"
    );
}

#[test]
fn har_structure_errors_never_quote_input() {
    let k: Vec<String> = (200..210).map(|i| canary(i, "", 40)).collect();
    let api = "https://api.example.com/v1/me";
    let mut headers_as_string = entry("GET", api, &[], 401, &[], "");
    headers_as_string["request"]["headers"] = json!(format!("Authorization: Bearer {}", k[0]));
    let mut status_string = entry("GET", api, &[], 401, &[], "");
    status_string["response"]["status"] = json!(k[1]);
    let mut bad_date = entry("GET", api, &[], 401, &[], "");
    bad_date["startedDateTime"] = json!(k[2]);
    let mut url_number = entry("GET", api, &[], 401, &[], "");
    url_number["request"]["url"] = json!({ "x": k[3] });
    let entries = vec![
        headers_as_string,
        json!(format!("access_token={}", k[4])),
        status_string,
        bad_date,
        url_number,
    ];
    let text = har(entries);
    let not_har = json!({ k[5].clone(): 1, "other": k[6] }).to_string();
    let broken = format!("{{\"log\": {{\"entries\": [\"{}", k[7]);
    let secrets = k.clone();
    for input in [text, not_har, broken] {
        for (what, output) in cli_outputs_for_har(&input)
            .into_iter()
            .chain(core_outputs_for_har(&input))
        {
            assert_clean(&what, &output, &secrets);
        }
    }
}

#[test]
fn no_canary_survives_in_paste_and_challenge_outputs() {
    let k: Vec<String> = (300..312).map(|i| canary(i, "", 40)).collect();
    let pastes = [
        format!("Authorization: {} Bearer\n", k[0]),
        format!("GET /v1/me?token={} HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer {}\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error=\"invalid_token\", error_description=\"{} is revoked\"\n", k[1], k[2], k[3]),
        format!("curl -H 'Authorization: Bearer {}' -u 'me:{}' 'https://api.example.com/v1/x?api_key={}#frag={}'", k[4], k[5], k[6], k[7]),
        format!("fetch('https://api.example.com/v1/me', {{ headers: {{ 'x-api-key': '{}' }} }})", k[8]),
        format!("{}\n", k[9]),
        format!("curl -H 'X-Weird\u{1b}]0;{}\u{7}: 1' https://api.example.com/", k[10]),
    ];
    for paste in &pastes {
        for args in [
            vec!["inspect"],
            vec!["inspect", "--json"],
            vec![
                "inspect",
                "--status",
                "401",
                "--url",
                "https://api.example.com/v1/me",
            ],
        ] {
            let run = authlens(&args, paste);
            assert_clean(&format!("{args:?} on {paste:?}"), &run.stdout, &k);
            assert_clean(&format!("{args:?} stderr"), &run.stderr, &k);
        }
        if let Ok(p) = parse_paste(paste, &PasteHints::default()) {
            let report = analyze_session(&p.exchanges, &AnalysisOptions::default());
            assert_clean(
                "paste report JSON",
                &serde_json::to_string(&report).unwrap(),
                &k,
            );
            for ex in &p.exchanges {
                let d = describe(ex, &AnalysisOptions::default());
                assert_clean(
                    "paste describe JSON",
                    &serde_json::to_string(&d).unwrap(),
                    &k,
                );
            }
            for n in &p.notes {
                assert_clean("paste note", &n.to_string(), &k);
            }
        }
    }
    let challenge = format!(
        "Bearer error=\"invalid_token\", error_description=\"token {} expired\"",
        k[11]
    );
    let negotiate = format!("Negotiate {}", k[0]);
    for args in [
        vec!["challenge", &challenge, &negotiate],
        vec!["challenge", "--json", &challenge, &negotiate],
    ] {
        let run = authlens(&args, "");
        assert_clean("challenge", &run.stdout, &k);
        assert_clean("challenge stderr", &run.stderr, &k);
    }
}

#[test]
fn shown_fingerprints_are_salted_per_session() {
    // Equal keys compare inside one run; two runs show different fingerprints for one key, so a
    // fingerprint from an export cannot be brute-forced against the plain SHA-256.
    let key = canary(400, "", 12);
    let first = authlens(&["inspect"], &key).stdout;
    let second = authlens(&["inspect"], &key).stdout;
    let fp = |s: &str| {
        s.split("sha256:")
            .nth(1)
            .map(|r| r.chars().take(8).collect::<String>())
            .unwrap_or_default()
    };
    assert_eq!(fp(&first).len(), 8, "{first}");
    assert_ne!(fp(&first), fp(&second), "salted per run");
    let plain = authlens::redact::fingerprint(&key).hex();
    assert!(
        !first.contains(&plain[..8]),
        "unsalted SHA-256 shown: {first}"
    );
    // A 12-char key shows at most 3 of its chars.
    let shown = authlens::redact::redact(&key);
    let visible = shown.split(' ').next().unwrap().replace('…', "");
    assert!(visible.chars().count() <= 3, "{shown}");
}

#[test]
fn human_output_never_emits_control_characters() {
    let creator_har = json!({"log": {"version": "1.2",
        "creator": {"name": "Evil\u{1b}]0;pwned\u{7}\u{1b}[2J", "version": "1\u{1b}[31m"},
        "entries": [entry("GET", "https://api.example.com/v1/me", &[("Authorisation\u{1b}[2J", "Bearer abcdefghijklmnop0123")], 401, &[], "")]}})
    .to_string();
    let dir = std::env::temp_dir().join(format!("authlens-esc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("esc.har");
    std::fs::write(&path, &creator_har).unwrap();
    for args in [
        vec!["check", path.to_str().unwrap()],
        vec!["timeline", path.to_str().unwrap()],
    ] {
        let run = authlens(&args, "");
        let bad: Vec<char> = run
            .stdout
            .chars()
            .chain(run.stderr.chars())
            .filter(|c| c.is_control() && *c != '\n')
            .collect();
        assert!(bad.is_empty(), "{args:?} emitted {bad:?}:\n{}", run.stdout);
        if args[0] == "check" {
            assert!(
                run.stdout.contains("Evil\\x1b]0;pwned\\x07"),
                "{}",
                run.stdout
            );
        }
    }
    let run = authlens(
        &["inspect"],
        "curl -H 'X\u{1b}[2J: 1' https://api.example.com/\n",
    );
    assert!(
        !run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let _ = std::fs::remove_file(&path);
}
