//! The `authlens` binary: every subcommand, exit codes, error messages and the JSON shape.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::util::{authlens, har_fixture, Run};

fn fixture(name: &str) -> String {
    har_fixture(name)
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// A key-shaped fixture string built at run time (prefix + deterministic filler), not a real key.
fn fake_key(prefix: &str, len: usize) -> String {
    let alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let filler: String = (0..len)
        .map(|i| alphabet[(i * 11 + 5) % alphabet.len()] as char)
        .collect();
    format!("{prefix}{filler}")
}

/// (method, url, request headers, status) of one HAR entry.
type Entry<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], u16);

fn har(entries: &[Entry]) -> String {
    let entries: Vec<Value> = entries
        .iter()
        .map(|(method, url, headers, status)| {
            let headers: Vec<Value> = headers.iter().map(|(n, v)| serde_json::json!({"name": n, "value": v})).collect();
            serde_json::json!({
                "startedDateTime": "2024-05-01T10:00:00.000Z",
                "request": {"method": method, "url": url, "headers": headers},
                "response": {"status": status, "statusText": "", "headers": [], "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": ""}
            })
        })
        .collect();
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": entries}}).to_string()
}

fn one_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr: {stderr:?}");
    lines[0]
}

#[test]
fn check_json_shape() {
    let run = authlens(&["check", "--json", &fixture("chrome.har")], "");
    let out = json(&run);
    let entries = out["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    for (i, entry) in entries.iter().enumerate() {
        assert_eq!(entry["index"], i);
        assert!(
            entry["method"].is_string() && entry["url"].is_string() && entry["status"].is_u64()
        );
        for finding in entry["findings"].as_array().unwrap() {
            for key in ["id", "severity", "title", "detail", "fix", "evidence"] {
                assert!(finding.get(key).is_some(), "{key} missing in {finding}");
            }
        }
    }
    assert_eq!(entries[1]["status"], 401);
    assert_eq!(entries[3]["status"], 0);
    assert!(out["findings"].is_array());
    let any_error = entries
        .iter()
        .flat_map(|e| e["findings"].as_array().unwrap())
        .any(|f| f["severity"] == "error");
    assert_eq!(run.code, i32::from(any_error));
}

#[test]
fn check_exit_one_on_an_error_finding_from_stdin() {
    let text = har(&[(
        "GET",
        "https://api.example.com/v1/me",
        &[("Authorization", "Bearer undefined")],
        401,
    )]);
    let run = authlens(&["check", "--json", "-"], &text);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = json(&run);
    let ids: Vec<&str> = out["entries"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(ids.contains(&"token.placeholder"), "{ids:?}");
}

#[test]
fn check_exit_zero_without_error_findings() {
    let text = har(&[(
        "GET",
        "https://api.example.com/v1/health",
        &[("Accept", "*/*")],
        200,
    )]);
    let run = authlens(&["check", "-"], &text);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("No problems found."), "{}", run.stdout);
}

#[test]
fn check_reports_malformed_entries_with_their_har_index() {
    let good = har(&[
        ("GET", "https://api.example.com/a", &[], 200),
        ("GET", "https://api.example.com/b", &[], 200),
    ]);
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    doc["log"]["entries"]
        .as_array_mut()
        .unwrap()
        .insert(1, serde_json::json!({"response": {"status": 401}}));
    let run = authlens(&["check", "--json", "-"], &doc.to_string());
    let out = json(&run);
    let indexes: Vec<u64> = out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["index"].as_u64())
        .collect();
    assert_eq!(indexes, [0, 2]);
    let malformed: Vec<&Value> = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "har.malformed")
        .collect();
    assert_eq!(malformed.len(), 1);
    assert_eq!(malformed[0]["entries"], serde_json::json!([1]));
    assert!(malformed[0]["detail"]
        .as_str()
        .unwrap()
        .contains("missing field `request`"));

    let human = authlens(&["check", "-"], &doc.to_string());
    assert!(
        human.stdout.contains("1 unreadable entry skipped"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("har.malformed"), "{}", human.stdout);
}

#[test]
fn check_bad_input_is_exit_two_with_one_line() {
    let missing = authlens(&["check", "/nonexistent/x.har"], "");
    assert_eq!(missing.code, 2);
    assert!(
        one_line(&missing.stderr).starts_with("authlens: cannot read /nonexistent/x.har: "),
        "{}",
        missing.stderr
    );

    let array = authlens(&["check", "-"], "[1,2]");
    assert_eq!(array.code, 2);
    assert_eq!(
        one_line(&array.stderr),
        "authlens: stdin: not a HAR file: this is a JSON array; expected an object with a `log.entries` array"
    );

    let empty = authlens(&["check", "-"], "");
    assert_eq!(empty.code, 2);
    assert!(one_line(&empty.stderr).contains("the input is empty"));

    let broken = authlens(&["check", "-"], "{\"log\": ");
    assert_eq!(broken.code, 2);
    assert!(
        one_line(&broken.stderr)
            .starts_with("authlens: stdin: not valid JSON at line 1, column 8: "),
        "{}",
        broken.stderr
    );

    let bad_now = authlens(&["check", "--now", "tomorrow", &fixture("chrome.har")], "");
    assert_eq!(bad_now.code, 2);
    assert!(one_line(&bad_now.stderr).contains("--now \"tomorrow\" is not an RFC 3339 date-time"));
    assert!(bad_now.stdout.is_empty());
}

#[test]
fn usage_errors_are_exit_two_with_one_line() {
    for args in [
        &["frobnicate"][..],
        &["check"],
        &["check", "--bogus", "x"],
        &["inspect", "--status", "42"],
        &["challenge"],
        &[],
    ] {
        let run = authlens(args, "");
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        let line = one_line(&run.stderr);
        assert!(
            line.starts_with("authlens: ") && line.ends_with("(see `authlens --help`)"),
            "{line}"
        );
    }
    let help = authlens(&["--help"], "");
    assert_eq!(help.code, 0);
    for sub in ["check", "inspect", "challenge", "docs"] {
        assert!(help.stdout.contains(sub), "{}", help.stdout);
    }
    let check_help = authlens(&["check", "--help"], "");
    assert!(check_help.stdout.contains("--reveal") && check_help.stdout.contains("--now"));
}

#[test]
fn check_redacts_credentials_in_urls_unless_reveal() {
    let key = fake_key("", 32);
    let url = format!("https://api.example.com/v1/items?api_key={key}");
    let text = har(&[("GET", &url, &[], 401)]);
    for args in [&["check", "-"][..], &["check", "--json", "-"]] {
        let run = authlens(args, &text);
        assert!(
            !run.stdout.contains(&key),
            "key shown without --reveal: {}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("https://api.example.com/v1/items?api_key="),
            "{}",
            run.stdout
        );
    }
    let revealed = authlens(&["check", "--json", "--reveal", "-"], &text);
    assert_eq!(json(&revealed)["entries"][0]["url"], url.as_str());
}

#[test]
fn inspect_header_lines_with_hints() {
    let run = authlens(
        &[
            "inspect",
            "--json",
            "--status",
            "401",
            "--url",
            "https://api.example.com/v1/me",
            "--now",
            "2024-05-01T10:00:00Z",
        ],
        "Authorization: Bearer undefined\n",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = json(&run);
    assert_eq!(out["kind"], "header_lines");
    let entry = &out["entries"][0];
    assert_eq!(entry["status"], 401);
    assert_eq!(entry["url"], "https://api.example.com/v1/me");
    assert!(entry["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "token.placeholder"));
}

#[test]
fn inspect_raw_key_keeps_the_piped_newline_and_says_so() {
    let key = fake_key("ghp_", 36);
    let run = authlens(&["inspect", "--json"], &format!("{key}\n"));
    let out = json(&run);
    assert_eq!(out["kind"], "raw_key");
    let notes = out["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("ends with a line break")),
        "{notes:?}"
    );
    assert!(!run.stdout.contains(&key), "key printed: {}", run.stdout);
    let human = authlens(&["inspect"], &format!("{key}\n"));
    let first = human.stdout.lines().next().unwrap();
    // The redacted form's last 4 chars include the line break, shown escaped.
    let tail = format!("{}\\x0a", &key[key.len() - 3..]);
    assert!(
        first.starts_with("stdin: a raw key: ghp_…")
            && first.contains(&tail)
            && first.contains(", 41 bytes, sha256:"),
        "{first}"
    );
    assert!(
        human
            .stdout
            .contains("\nnote: the pasted text ends with a line break"),
        "{}",
        human.stdout
    );
    assert!(
        !human.stdout.contains(&key),
        "key printed: {}",
        human.stdout
    );
    let revealed = authlens(&["inspect", "--reveal"], &format!("{key}\n"));
    assert!(
        revealed
            .stdout
            .starts_with(&format!("stdin: a raw key: \"{key}\\n\", 41 bytes")),
        "{}",
        revealed.stdout
    );
    assert!(
        !human.stdout.contains("METHOD"),
        "no table for a bare key: {}",
        human.stdout
    );
}

#[test]
fn inspect_curl_and_jwt() {
    let run = authlens(
        &["inspect", "--json", "--status", "401"],
        "curl -H 'Authorization: Bearer null' https://api.example.com/v1/me",
    );
    let out = json(&run);
    assert_eq!(out["kind"], "curl");
    assert_eq!(out["entries"][0]["method"], "GET");
    assert_eq!(out["entries"][0]["url"], "https://api.example.com/v1/me");
    assert_eq!(run.code, 1);

    let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
    assert_eq!(json(&authlens(&["inspect", "--json"], jwt))["kind"], "jwt");
}

#[test]
fn inspect_har_paste() {
    let text = har(&[(
        "GET",
        "https://api.example.com/v1/me",
        &[("Authorization", "Bearer undefined")],
        401,
    )]);
    let run = authlens(&["inspect", "--json"], &text);
    let out = json(&run);
    assert_eq!(out["kind"], "har");
    assert_eq!(out["entries"].as_array().unwrap().len(), 1);
    assert_eq!(run.code, 1);
}

#[test]
fn inspect_bad_input_is_exit_two() {
    let empty = authlens(&["inspect"], "\n");
    assert_eq!(empty.code, 2);
    assert_eq!(
        one_line(&empty.stderr),
        "authlens: nothing to check: the input is empty"
    );
    let quote = authlens(
        &["inspect"],
        "curl -H 'Authorization: Bearer x https://a.example",
    );
    assert_eq!(quote.code, 2);
    assert_eq!(
        one_line(&quote.stderr),
        "authlens: the curl command has an unclosed ' quote (opened at byte 8)"
    );
    let run = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(["inspect"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(b"key\xff\xfe")?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr).trim_end(),
        "authlens: stdin is not UTF-8 text (invalid byte at offset 3)"
    );
}

#[test]
fn challenge_json_and_human() {
    let run = authlens(
        &[
            "challenge",
            "--json",
            r#"Bearer realm="api", error="invalid_token", Basic realm="x""#,
        ],
        "",
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        json(&run),
        serde_json::json!([
            {"scheme": "Bearer", "token68": null, "params": [["realm", "api"], ["error", "invalid_token"]]},
            {"scheme": "Basic", "token68": null, "params": [["realm", "x"]]}
        ])
    );
    let token68 = authlens(&["challenge", "--json", "Negotiate abc=="], "");
    assert_eq!(
        json(&token68),
        serde_json::json!([{"scheme": "Negotiate", "token68": "abc==", "params": []}])
    );
    let two_lines = authlens(&["challenge", "--json", "Basic realm=\"a\"", "Bearer"], "");
    assert_eq!(json(&two_lines).as_array().unwrap().len(), 2);

    let human = authlens(&["challenge", r#"Bearer realm="api""#], "");
    assert_eq!(human.stdout, "1. scheme Bearer\n   realm = \"api\"\n");

    let bad = authlens(
        &["challenge", "--json", r#"Bearer realm="unterminated"#],
        "",
    );
    assert_eq!(bad.code, 2);
    assert!(
        one_line(&bad.stderr)
            .starts_with("authlens: cannot parse the challenge: field line 1, byte "),
        "{}",
        bad.stderr
    );
    assert!(bad.stdout.is_empty());
}

#[test]
fn docs_lists_every_finding_id() {
    let run = authlens(&["docs"], "");
    assert_eq!(run.code, 0);
    for id in authlens::findings::FindingId::ALL {
        assert!(run.stdout.contains(id.as_str()), "{id} missing from docs");
    }
}

fn reference_file(name: &str, contents: &str) -> String {
    let path = format!("{}/{name}", env!("CARGO_TARGET_TMPDIR"));
    std::fs::write(&path, contents).expect("write reference file");
    path
}

fn ids(out: &Value) -> Vec<String> {
    out["entries"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["findings"].as_array().unwrap())
        .filter_map(|f| f["id"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn reference_file_is_compared_by_fingerprint_only() {
    let sent = fake_key("tok_", 28);
    let expected = fake_key("tok_", 27) + "Q";
    let text = har(&[(
        "GET",
        "https://api.example.com/v1/me",
        &[("Authorization", &format!("Bearer {sent}"))],
        401,
    )]);

    let same = reference_file("same.key", &format!("{sent}\n"));
    let run = authlens(&["check", "--json", "--reference-file", &same, "-"], &text);
    assert!(
        !ids(&json(&run)).contains(&"token.reference_mismatch".to_owned()),
        "{}",
        run.stdout
    );

    let other = reference_file("other.key", &expected);
    let run = authlens(&["check", "--json", "--reference-file", &other, "-"], &text);
    assert!(
        ids(&json(&run)).contains(&"token.reference_mismatch".to_owned()),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains(&sent) && !run.stdout.contains(&expected),
        "a key was printed: {}",
        run.stdout
    );

    let pasted = authlens(&["inspect", "--json", "--reference-file", &other], &sent);
    assert!(
        ids(&json(&pasted)).contains(&"token.reference_mismatch".to_owned()),
        "{}",
        pasted.stdout
    );
}

#[test]
fn reference_file_errors_are_exit_two() {
    let missing = authlens(
        &[
            "check",
            "--reference-file",
            "/nonexistent/key",
            &fixture("chrome.har"),
        ],
        "",
    );
    assert_eq!(missing.code, 2);
    assert!(one_line(&missing.stderr)
        .starts_with("authlens: cannot read --reference-file /nonexistent/key: "));
    let empty = reference_file("empty.key", "\n");
    let run = authlens(&["inspect", "--reference-file", &empty], "abc");
    assert_eq!(run.code, 2);
    assert_eq!(
        one_line(&run.stderr),
        format!("authlens: --reference-file {empty} is empty")
    );
}

#[test]
fn chrome_default_sanitized_export_is_recognised() {
    let run = authlens(&["check", "--json", &fixture("chrome-sanitized.har")], "");
    let out = json(&run);
    let sanitized: Vec<&Value> = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "har.sanitized")
        .collect();
    assert_eq!(sanitized.len(), 1, "{}", run.stdout);
    assert_eq!(sanitized[0]["entries"], serde_json::json!([1]));
    let full = authlens(&["check", "--json", &fixture("chrome.har")], "");
    assert!(!full.stdout.contains("har.sanitized"));
}

/// A fake Anthropic API key of the exact catalogue shape (never issued).
fn anthropic_key() -> String {
    let provider = authlens::providers::provider("anthropic-api-key").unwrap();
    let key = authlens::providers::fake_key(provider, &provider.keys[0], 7);
    assert!(key.starts_with("sk-ant-api03-"));
    key
}

fn finding_ids(out: &Value) -> Vec<String> {
    out["entries"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn inspect_bare_key_with_a_url_is_analysed_as_the_request() {
    let key = anthropic_key();
    // A known provider host: the key travels the way Anthropic expects, so no wrong-header finding.
    let run = authlens(
        &[
            "inspect",
            "--json",
            "--status",
            "401",
            "--url",
            "https://api.anthropic.com/v1/messages",
        ],
        &key,
    );
    let out = json(&run);
    assert_eq!(
        out["entries"][0]["url"],
        "https://api.anthropic.com/v1/messages"
    );
    assert_eq!(out["entries"][0]["status"], 401);
    assert_eq!(out["entries"][0]["method"], "GET");
    let notes = out["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("`x-api-key`")),
        "{notes:?}"
    );
    assert!(
        !finding_ids(&out).contains(&"credential.wrong_header".to_owned()),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(&key), "key printed: {}", run.stdout);
    // Behind a proxy the key goes out as `Authorization: Bearer`, which Anthropic never reads.
    let proxied = json(&authlens(
        &[
            "inspect",
            "--json",
            "--status",
            "401",
            "--url",
            "http://localhost:8080/v1/messages",
        ],
        &key,
    ));
    assert!(
        finding_ids(&proxied).contains(&"credential.wrong_header".to_owned()),
        "{proxied}"
    );
}

#[test]
fn inspect_bare_key_with_a_challenge_hint_runs_the_challenge_rules() {
    let key = fake_key("ghp_", 36);
    let args = [
        "inspect",
        "--json",
        "--status",
        "401",
        "--www-authenticate",
        "Basic realm=\"api\"",
        "--url",
        "https://api.example.com/v1/me",
    ];
    let hinted = finding_ids(&json(&authlens(&args, &key)));
    assert!(hinted.contains(&"scheme.mismatch".to_owned()), "{hinted:?}");
    // Without hints the bare key is analysed on its own: no request, no challenge.
    let bare = json(&authlens(&["inspect", "--json"], &key));
    assert_eq!(bare["entries"][0]["method"], "");
    assert!(
        !finding_ids(&bare).contains(&"scheme.mismatch".to_owned()),
        "{bare}"
    );
}

/// The `credentials` contract of `--json` (README, "JSON output"): every field, every entry.
const CARD_FIELDS: &[&str] = &[
    "location",
    "scheme",
    "provider",
    "provider_name",
    "kind_id",
    "kind",
    "confidence",
    "candidates",
    "expected",
    "length",
    "redacted",
    "fingerprint",
    "checksum",
];

fn assert_card_shape(card: &Value) {
    let obj = card.as_object().expect("a card is an object");
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = CARD_FIELDS.to_vec();
    want.sort_unstable();
    assert_eq!(keys, want, "{card}");
    assert!(["certain", "likely", "ambiguous"].contains(&card["confidence"].as_str().unwrap()));
    assert!(["valid", "invalid", "none"].contains(&card["checksum"].as_str().unwrap()));
    assert!(card["fingerprint"].as_str().unwrap().starts_with("sha256:"));
}

/// A GitHub-format token with a valid checksum (CRC32 of the body in base62, computed here).
fn github_token() -> String {
    let body = "authlensCliCardBody0123456789a";
    let crc = authlens::providers::base62_crc32(body);
    format!("ghp_{body}{}", std::str::from_utf8(&crc).unwrap())
}

#[test]
fn inspect_prints_the_identity_card_of_a_healthy_key() {
    let key = github_token();
    let run = authlens(&["inspect"], &key);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "GitHub personal access token (classic), checksum valid: send as `Authorization: Bearer …`"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("No problems found."));
    assert!(!run.stdout.contains(&key));

    let out = json(&authlens(&["inspect", "--json"], &key));
    let cards = out["entries"][0]["credentials"].as_array().unwrap();
    assert_eq!(cards.len(), 1);
    assert_card_shape(&cards[0]);
    assert_eq!(cards[0]["location"], "pasted");
    assert_eq!(cards[0]["provider"], "github");
    assert_eq!(cards[0]["kind_id"], "github-pat-classic/classic");
    assert_eq!(cards[0]["confidence"], "certain");
    assert_eq!(cards[0]["checksum"], "valid");
    assert_eq!(cards[0]["length"], 40);
    assert_eq!(
        cards[0]["expected"],
        serde_json::json!({"header": "Authorization", "scheme": "Bearer"})
    );
    assert!(!out.to_string().contains(&key));
}

#[test]
fn check_json_has_a_credentials_array_per_entry() {
    let key = github_token();
    let auth = format!("Bearer {key}");
    let stripe = fake_key("sk_live_", 30);
    let url = format!("https://api.example.com/v1?api_key={stripe}");
    let log = har(&[
        (
            "GET",
            "https://api.github.com/user",
            &[("Authorization", auth.as_str())],
            401,
        ),
        ("GET", url.as_str(), &[], 401),
        ("GET", "https://example.com/", &[], 200),
    ]);
    let run = authlens(&["check", "--json", "-"], &log);
    let out = json(&run);
    let entries = out["entries"].as_array().unwrap();
    for entry in entries {
        for card in entry["credentials"]
            .as_array()
            .expect("credentials on every entry")
        {
            assert_card_shape(card);
        }
    }
    let first = &entries[0]["credentials"][0];
    assert_eq!(
        (
            first["location"].as_str(),
            first["scheme"].as_str(),
            first["provider"].as_str()
        ),
        (
            Some("request.header.Authorization"),
            Some("Bearer"),
            Some("github")
        )
    );
    let second = &entries[1]["credentials"][0];
    assert_eq!(second["location"], "request.query.api_key");
    assert_eq!(second["provider"], "stripe");
    assert_eq!(entries[2]["credentials"], serde_json::json!([]));
    assert!(!run.stdout.contains(&key) && !run.stdout.contains(&stripe));

    // Human output: each flagged entry starts with its card.
    let human = authlens(&["check", "-"], &log);
    assert!(
        human.stdout.contains("request.query.api_key"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("Stripe live secret key"),
        "{}",
        human.stdout
    );
}

fn authlens_bytes(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            let _ = child.stdin.take().expect("stdin").write_all(stdin);
            child.wait_with_output()
        })
        .expect("run authlens");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn help_subcommand_accepts_help_flags() {
    for args in [
        &["help", "--help"][..],
        &["help", "-h"],
        &["help"],
        &["help", "inspect", "--help"],
    ] {
        let run = authlens(args, "");
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.contains("Usage: authlens"),
            "{args:?}: {}",
            run.stdout
        );
    }
    assert!(authlens(&["help", "inspect"], "")
        .stdout
        .contains("Usage: authlens inspect"));
    let unknown = authlens(&["help", "nosuch"], "");
    assert_eq!(unknown.code, 2);
}

#[test]
fn inspect_decodes_utf16_stdin_and_says_so() {
    let text = "Authorization: Bearer undefined\r\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (code, stdout, stderr) = authlens_bytes(&["inspect", "--json"], &utf16);
    assert_eq!(code, 1, "{stderr}");
    let out: Value = serde_json::from_str(&stdout).expect("json");
    assert_eq!(out["kind"], "header_lines");
    assert!(stdout.contains("UTF-16 (little-endian)"), "{stdout}");
    assert!(stdout.contains("token.placeholder"), "{stdout}");
    let (code, _, stderr) = authlens_bytes(&["inspect"], &[0xFF, 0xFE, 0x61, 0x00, 0x62]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not valid UTF-16"), "{stderr}");
}

#[test]
fn inspect_refuses_an_openapi_document() {
    let run = authlens(
        &["inspect"],
        "openapi: 3.1.0\ninfo:\n  title: API\npaths:\n  /v1/me:\n    get: {}\n",
    );
    assert_eq!(run.code, 2);
    assert!(
        one_line(&run.stderr).starts_with("authlens: the input looks like an OpenAPI"),
        "{}",
        run.stderr
    );
}

/// Output stays small however long a run of invisible characters is (it was one note per
/// character: 987 MB printed for a 20 MB paste).
#[test]
fn a_long_run_of_zero_width_spaces_prints_a_bounded_report() {
    let paste = format!("sk-proj-{}abc", "\u{200B}".repeat(200_000));
    for args in [&["inspect", "--json"][..], &["inspect"]] {
        let run = authlens(args, &paste);
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(run.stdout.contains("200000"), "{}", run.stdout);
        assert!(
            run.stdout.len() < 16 * 1024,
            "{args:?}: {} bytes of output for a {} byte paste",
            run.stdout.len(),
            paste.len()
        );
    }
}

#[test]
fn timeline_draws_each_credential_with_its_har_entries() {
    let run = authlens(
        &["timeline", &fixture("tokens/stale-after-refresh.har")],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("token timeline"), "{}", run.stdout);
    assert!(run.stdout.contains("I#0 ·#1 R#2 ✗#4"), "{}", run.stdout);
    assert!(!run.stdout.contains("at-demo-0001-Zq8RfT3kLm9Xw2Yp"));
    let run = authlens(
        &[
            "timeline",
            "--json",
            &fixture("tokens/stale-after-refresh.har"),
        ],
        "",
    );
    let layout = json(&run);
    let lanes = layout["lanes"].as_array().unwrap();
    assert_eq!(lanes.len(), 3);
    assert_eq!(lanes[1]["stale"], true);
    let empty = authlens(&["timeline", &fixture("chrome-sanitized.har")], "");
    assert!(empty.stdout.contains("No credentials"), "{}", empty.stdout);
    let missing = authlens(&["timeline", "/nonexistent.har"], "");
    assert_eq!(missing.code, 2);
}
