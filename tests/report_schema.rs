//! One report, one schema: `authlens check --json`, the binding's `readHar` (its core,
//! `report::har_report`, which the binding serialises as it is; `tests/wasm_binding.rs` checks
//! that half in the browser) and the "Export JSON" of a session loaded from the same HAR (the
//! page's and the panel's exports) print the same JSON.

use authlens::har::read_har;
use authlens::live::{export_json, Session};
use authlens::report::{har_report, SCHEMA};
use authlens::rules::AnalysisOptions;

use crate::util::{authlens, har_fixture};

/// Fingerprints are salted per process (`redact::set_session_salt`), so the CLI's differ from
/// this process's: each distinct one is numbered by its first appearance instead.
fn unsalted(text: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("sha256:") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "sha256:".len()..];
        let hex = after
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(after.len());
        let print = &after[..hex];
        let n = match seen.iter().position(|s| s == print) {
            Some(n) => n,
            None => {
                seen.push(print.to_owned());
                seen.len() - 1
            }
        };
        out.push_str(&format!("sha256:<{n}>"));
        rest = &after[hex..];
    }
    out.push_str(rest);
    out
}

fn outputs(name: &str) -> (String, String, String) {
    outputs_of(&har_fixture(name))
}

fn outputs_of(path: &str) -> (String, String, String) {
    let name = path;
    let bytes = std::fs::read(path).unwrap();
    let cli = authlens(&["check", "--json", "--fail-on", "never", path], "");
    assert_eq!(cli.code, 0, "{name}: {}", cli.stderr);
    let core = har_report(&bytes, AnalysisOptions::default())
        .unwrap()
        .json()
        .to_text();
    let log = read_har(&bytes).unwrap();
    let mut session = Session::new(AnalysisOptions::default());
    session.load(log.exchanges, &log.issues);
    let export = export_json(&session.report(None));
    (unsalted(&cli.stdout), unsalted(&core), unsalted(&export))
}

#[test]
fn check_json_the_binding_and_the_export_print_the_same_report() {
    let mut session_findings = 0;
    let mut cards = 0;
    for name in [
        "chrome.har",
        "firefox.har",
        "safari.har",
        "ci-session.har",
        "oauth-real/login-refresh-healthy.har",
        "oauth-real/invalid-client.har",
    ] {
        let (cli, core, export) = outputs(name);
        assert_eq!(cli, core, "{name}: check --json and the binding's report");
        assert_eq!(export, core, "{name}: Export JSON and the binding's report");
        let json: serde_json::Value = serde_json::from_str(&cli).unwrap();
        assert_eq!(json["schema"], SCHEMA);
        let entries = json["entries"].as_array().unwrap();
        assert!(!entries.is_empty(), "{name}");
        for e in entries {
            for field in [
                "index",
                "method",
                "url",
                "status",
                "findings",
                "credentials",
            ] {
                assert!(e.get(field).is_some(), "{name}: entry without `{field}`");
            }
            cards += e["credentials"].as_array().unwrap().len();
        }
        for f in json["findings"].as_array().unwrap() {
            assert!(
                f["entries"].is_array() && f["id"].is_string(),
                "{name}: {f}"
            );
            session_findings += 1;
        }
    }
    // The comparison covers what differs between the paths: session findings and cards.
    assert!(
        session_findings > 0 && cards > 0,
        "{session_findings} {cards}"
    );
}

/// Where the panel's list shows one session finding per id and first request (`live::upsert`),
/// the report lists each, as `check` does: two other keys sent after the same success are two
/// `session.credential_changed` findings naming that success first.
#[test]
fn the_export_lists_every_session_finding_as_check_does() {
    let entry = |i: usize, key: &str, status: u16| {
        format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:0{i}.000Z","request":{{"method":"GET","url":"https://api.example.com/v1/me","headers":[{{"name":"Authorization","value":"Bearer {key}"}}]}},"response":{{"status":{status},"headers":[]}}}}"#
        )
    };
    let har = format!(
        r#"{{"log":{{"version":"1.2","entries":[{},{},{}]}}}}"#,
        entry(0, "k7Qm2Wp9Lr4Tz8Vb3Nc6Hd1Jf5Gs0YaXe", 200),
        entry(1, "Zq8wLm4Rt7Yp2Xk9Vb6Nc3Hd5Jf1Gs0Ua", 401),
        entry(2, "Pw3Nx7Lk2Qr9Tz5Vb8Mc4Hd6Jf1Gs0YeR", 401)
    );
    let dir = std::env::temp_dir().join(format!("authlens-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("changed.har");
    std::fs::write(&path, &har).unwrap();
    let (cli, core, export) = outputs_of(path.to_str().unwrap());
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(cli, core);
    assert_eq!(export, core);
    let json: serde_json::Value = serde_json::from_str(&core).unwrap();
    let changed: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "session.credential_changed")
        .collect();
    assert_eq!(changed.len(), 2, "{json}");
    assert!(changed.iter().all(|f| f["entries"][0] == 0), "{json}");
}

#[test]
fn a_bare_pasted_key_exports_as_inspect_prints_it() {
    let key = "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";
    let cli = authlens(&["inspect", "--json"], key);
    let mut cli: serde_json::Value = serde_json::from_str(&cli.stdout).unwrap();
    let paste =
        authlens::live::Paste::of_credential(key.to_owned(), &AnalysisOptions::default(), None);
    let export: serde_json::Value =
        serde_json::from_str(&unsalted(&export_json(&paste.report()))).unwrap();
    // `inspect` also says what the paste was.
    assert_eq!(cli["kind"], "raw_key");
    cli.as_object_mut().unwrap().remove("kind");
    let cli: serde_json::Value = serde_json::from_str(&unsalted(&cli.to_string())).unwrap();
    assert_eq!(cli, export);
    assert_eq!(export["entries"][0]["credentials"][0]["location"], "pasted");
}

/// `check --json` writes its report while it reads (each entry once settled, past a 256 KiB hold
/// the output streams): the same bytes as the report built whole, for every HAR in the tests and
/// for a generated one of 3,000 entries with challenge-response logins left open and answered.
#[test]
fn check_json_streams_the_same_report_as_the_whole_one() {
    let mut hars = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "har") {
                hars.push(path);
            }
        }
    }
    let generated =
        std::env::temp_dir().join(format!("authlens-stream-{}.har", std::process::id()));
    std::fs::write(&generated, logins_har(3_000)).unwrap();
    hars.push(generated.clone());
    // The generated file has logins answered (their 401 settles without `credential.missing`)
    // and logins left open (the finding stays), so entries are held and released both ways.
    let whole = har_report(logins_har(3_000).as_bytes(), AnalysisOptions::default()).unwrap();
    let missing = |i: usize| {
        whole.report.entries[i]
            .findings
            .iter()
            .any(|f| f.id.as_str() == "credential.missing")
    };
    assert!(!missing(0) && missing(7) && !missing(14) && missing(21));
    let mut compared = 0;
    for path in &hars {
        let path = path.to_str().unwrap();
        let bytes = std::fs::read(path).unwrap();
        let Ok(whole) = har_report(&bytes, AnalysisOptions::default()) else {
            continue;
        };
        let cli = authlens(&["check", "--json", "--fail-on", "never", path], "");
        assert_eq!(cli.code, 0, "{path}: {}", cli.stderr);
        assert_eq!(
            unsalted(&cli.stdout),
            unsalted(&whole.json().to_text()),
            "{path}"
        );
        compared += 1;
    }
    let _ = std::fs::remove_file(&generated);
    assert!(compared >= 40, "{compared} HARs compared");
}

/// `n` entries: every 7th a Negotiate challenge (a login opened), answered two entries later when
/// `i % 2 == 0`, left open otherwise; the rest 401s with a key.
fn logins_har(n: usize) -> String {
    let mut entries = Vec::new();
    for i in 0..n {
        let (url, auth, status, challenge) = match i % 7 {
            0 => (
                format!("https://intranet.example.com/r/{}", i / 7),
                String::new(),
                401,
                "Negotiate",
            ),
            2 if (i / 7) % 2 == 0 => (
                format!("https://intranet.example.com/r/{}", i / 7),
                r#"{"name":"Authorization","value":"Negotiate YIIBhgYGKwYBBQUCoII="}"#.to_owned(),
                200,
                "",
            ),
            _ => (
                format!("https://api.example.com/v1/items/{i}"),
                format!(
                    r#"{{"name":"Authorization","value":"Bearer sk_live_51Hb{i:08}AbCdEfGhIjKlMnOpQr"}}"#
                ),
                401,
                "Bearer error=\\\"invalid_token\\\"",
            ),
        };
        let response_headers = if challenge.is_empty() {
            String::new()
        } else {
            format!(r#"{{"name":"WWW-Authenticate","value":"{challenge}"}}"#)
        };
        entries.push(format!(
            r#"{{"startedDateTime":"2024-05-01T10:00:00.000Z","request":{{"method":"GET","url":"{url}","headers":[{auth}]}},"response":{{"status":{status},"headers":[{response_headers}]}}}}"#
        ));
    }
    format!(
        r#"{{"log":{{"version":"1.2","creator":{{"name":"test","version":"1"}},"entries":[{}]}}}}"#,
        entries.join(",")
    )
}
