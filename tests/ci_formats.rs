//! `check --format sarif|junit|github` and `--fail-on`: locations are the HAR entries' lines,
//! rule metadata comes from the finding docs, GitHub's annotation limits hold.
//! (The SARIF schema itself is validated in tests/e2e/sarif_schema.test.mjs.)

use std::process::Command;

use authlens::ci::{github_annotations, github_summary, junit, sarif, CiInput, FailOn};
use authlens::findings::{doc, FindingId};
use authlens::har_redact::json::entry_lines;
use authlens::model::{Evidence, Finding, Severity};
use authlens::rules::{EntryReport, Report, SessionFinding};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/har/ci-session.har";

fn authlens() -> Command {
    Command::new(env!("CARGO_BIN_EXE_authlens"))
}

fn finding(id: FindingId, severity: Severity, detail: &'static str) -> Finding {
    let mut f = Finding::new(id, authlens::model::msg(detail), Evidence::field("entry"));
    f.severity = severity;
    f
}

fn many(n: usize, severity: Severity) -> Report {
    Report {
        entries: (0..n)
            .map(|i| EntryReport {
                index: i,
                method: "GET".into(),
                url: format!("https://api.example.com/{i}"),
                status: 401,
                findings: vec![finding(
                    FindingId::TokenPlaceholder,
                    severity,
                    "a, b: c\nd %",
                )],
            })
            .collect(),
        findings: vec![SessionFinding {
            finding: finding(FindingId::SessionRetryStorm, Severity::Warning, "storm"),
            entries: vec![0, 1, 2],
        }],
    }
}

#[test]
fn entry_lines_point_at_each_entry_object() {
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let lines = entry_lines(&text);
    let log = authlens::har::read_har(text.as_bytes()).unwrap();
    assert_eq!(lines.len(), log.exchanges.len());
    for (i, &line) in lines.iter().enumerate() {
        let l = text.lines().nth(line - 1).unwrap();
        assert_eq!(l.trim(), "{", "entry {i} at line {line}");
        if i > 0 {
            assert!(line > lines[i - 1]);
        }
    }
    let one_line = r#"{"log":{"entries":[{"a":1},{"b":[1,{"c":2}]}]}}"#;
    assert_eq!(entry_lines(one_line), [1, 1]);
    assert_eq!(entry_lines("[1]"), Vec::<usize>::new());
}

#[test]
fn sarif_has_every_rule_and_locates_results_at_entry_lines() {
    let out = authlens()
        .args([
            "check",
            "--format",
            "sarif",
            "--now",
            "2024-05-01T10:00:00Z",
            FIXTURE,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "errors fail the run");
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), FindingId::ALL.len());
    for (i, id) in FindingId::ALL.iter().enumerate() {
        let d = doc(*id);
        assert_eq!(rules[i]["id"], id.as_str());
        assert_eq!(rules[i]["shortDescription"]["text"], d.title);
        assert!(rules[i]["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains(d.fix));
    }
    let text = std::fs::read_to_string(FIXTURE).unwrap();
    let lines = entry_lines(&text);
    let results = run["results"].as_array().unwrap();
    let human = authlens()
        .args(["check", "--json", "--now", "2024-05-01T10:00:00Z", FIXTURE])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&human.stdout).unwrap();
    let per_entry: usize = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["findings"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        results.len(),
        per_entry + json["findings"].as_array().unwrap().len()
    );
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let loc = &r["locations"][0];
        let name = loc["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .unwrap();
        let entry: usize = name
            .strip_prefix("log.entries[")
            .and_then(|s| s.strip_suffix(']'))
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(loc["physicalLocation"]["region"]["startLine"], lines[entry]);
        assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"], FIXTURE);
        assert!(matches!(
            r["level"].as_str(),
            Some("error" | "warning" | "note")
        ));
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains("8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5A"));
}

#[test]
fn sarif_session_findings_name_every_entry() {
    let report = many(3, Severity::Error);
    let input = CiInput {
        artifact: "./dir with space/x.har",
        report: &report,
        entry_lines: &[10, 20, 30],
        tool_version: "1.2.3",
    };
    let log: Value = serde_json::from_str(&sarif(&input)).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let storm = results
        .iter()
        .find(|r| r["ruleId"] == "session.retry_storm")
        .unwrap();
    assert_eq!(
        storm["locations"][0]["physicalLocation"]["region"]["startLine"],
        10
    );
    assert_eq!(storm["relatedLocations"].as_array().unwrap().len(), 2);
    assert_eq!(
        storm["relatedLocations"][1]["physicalLocation"]["region"]["startLine"],
        30
    );
    assert_eq!(
        storm["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "dir%20with%20space/x.har"
    );
}

#[test]
fn junit_has_one_case_per_entry_and_fails_at_the_threshold() {
    let report = many(3, Severity::Warning);
    let input = CiInput {
        artifact: "a&b.har",
        report: &report,
        entry_lines: &[5, 9, 13],
        tool_version: "0",
    };
    let xml = junit(&input, FailOn::Error);
    assert_eq!(xml.matches("<testcase ").count(), 3);
    assert_eq!(xml.matches("<failure ").count(), 0);
    assert!(xml.contains("tests=\"3\" failures=\"0\""));
    assert!(xml.contains("<system-out>"));
    assert!(xml.contains("name=\"a&amp;b.har\"") && xml.contains("line=\"9\""));
    let xml = junit(&input, FailOn::Warning);
    assert!(xml.contains("tests=\"3\" failures=\"3\""));
    // 3 placeholder warnings plus the storm on entries 0, 1 and 2.
    assert_eq!(xml.matches("<failure ").count(), 6);
    // Control characters cannot appear in XML 1.0.
    let mut bad = many(1, Severity::Error);
    bad.entries[0].url = "https://x/\u{1}\u{1b}[31m".into();
    let xml = junit(
        &CiInput {
            artifact: "x.har",
            report: &bad,
            entry_lines: &[],
            tool_version: "0",
        },
        FailOn::Error,
    );
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{1b}') && xml.contains("\\u{001B}"));
}

#[test]
fn github_annotations_stay_within_ten_per_kind() {
    let report = many(25, Severity::Error);
    let input = CiInput {
        artifact: "fixtures/x,y:z.har",
        report: &report,
        entry_lines: &[],
        tool_version: "0",
    };
    let text = github_annotations(&input);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::error ")).count(),
        10
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("::warning ")).count(),
        1
    );
    assert!(text.contains("15 more finding(s) (15 error, 0 warning, 0 info) are not annotated"));
    let first = text.lines().next().unwrap();
    // Properties escape `,` and `:`; the message escapes line breaks and `%`.
    assert!(first.starts_with(
        "::error file=fixtures/x%2Cy%3Az.har,line=1,title=authlens token.placeholder%3A "
    ));
    assert!(
        first.contains("::Entry 0: a, b: c%0Ad %25 Fix: "),
        "{first}"
    );
    let summary = github_summary(&input);
    assert!(summary.starts_with("## authlens: `fixtures/x,y:z.har`"));
    assert_eq!(
        summary.matches("\n| ").count(),
        1 + 25,
        "a header and one row per entry"
    );
    assert!(summary.len() < authlens::ci::GITHUB_SUMMARY_MAX_BYTES);
}

#[test]
fn github_summary_is_cut_below_the_limit() {
    let report = many(20_000, Severity::Error);
    let input = CiInput {
        artifact: "big.har",
        report: &report,
        entry_lines: &[],
        tool_version: "0",
    };
    let summary = github_summary(&input);
    assert!(summary.len() <= authlens::ci::GITHUB_SUMMARY_MAX_BYTES + 200);
    assert!(summary.contains("cut to stay within GitHub's job summary limit"));
}

#[test]
fn github_format_writes_the_step_summary_and_fail_on_decides_the_exit() {
    let dir = std::env::temp_dir().join(format!("authlens-ci-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let summary = dir.join("summary.md");
    let out = authlens()
        .args(["check", "--format", "github", FIXTURE])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.lines().filter(|l| l.starts_with("::error ")).count() == 10);
    assert!(
        stdout.contains("Summary: "),
        "the human report follows the annotations"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("| # | Line | Method | Status | URL | Findings |"));
    for (fail_on, code) in [("never", 0), ("error", 1), ("warning", 1)] {
        let run = authlens()
            .args(["check", "--fail-on", fail_on, FIXTURE])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(code), "--fail-on {fail_on}");
    }
    // A file with warnings only: `error` passes, `warning` fails.
    let warn_only = dir.join("warning-only.har");
    std::fs::write(&warn_only, r#"{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[{"startedDateTime":"2024-05-01T10:00:00.000Z","time":1,"request":{"method":"GET","url":"https://api.example.com/v1/me","httpVersion":"HTTP/1.1","headers":[{"name":"Authorization","value":"bearer 8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5A"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},"response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[],"cookies":[],"content":{"size":0,"mimeType":"text/plain"},"redirectURL":"","headersSize":-1,"bodySize":0},"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}"#).unwrap();
    let sev = |f: &str| {
        authlens()
            .args(["check", "--fail-on", f])
            .arg(&warn_only)
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!((sev("error"), sev("warning")), (Some(0), Some(1)));
    let bad = authlens()
        .args(["check", "--format", "yaml", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let junit_out = authlens()
        .args(["check", "--format", "junit", "--fail-on", "never", FIXTURE])
        .output()
        .unwrap();
    assert_eq!(junit_out.status.code(), Some(0));
    let xml = String::from_utf8(junit_out.stdout).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 13);
    let _ = std::fs::remove_dir_all(&dir);
}
