//! The labelled corpus (tests/corpus): HARs recorded from real servers on 127.0.0.1 by Chromium
//! (`make record-corpus`) and pasted values, each with the finding ids it must produce and the
//! ids it must not. Prints recall per finding id and false findings on controls, and fails below
//! the bar: every id ≥ 95% recall, no error or warning on a control, no must-not id anywhere.
//! The README's table is this output (`AUTHLENS_BLESS=1` rewrites it).

use std::collections::{BTreeMap, HashMap};

use authlens::har::read_har_str;
use authlens::model::Severity;
use authlens::rules::{analyze_credential, analyze_session, AnalysisOptions, Report};
use serde::Deserialize;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
const BAR: f64 = 0.95;

#[derive(Deserialize)]
struct Pick {
    method: Option<String>,
    nth: Option<i64>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    har: Option<String>,
    value: Option<String>,
    pick: Option<Pick>,
    expect: Vec<String>,
    must_not: Vec<String>,
    control: bool,
}

/// `(id, severity)` of everything the case's entry got: its own findings and the session
/// findings that name it.
fn har_case(report: &Report, case: &Case) -> Result<Vec<(String, Severity)>, String> {
    let marker = format!("case={}", case.name);
    let mut hits: Vec<usize> = report
        .entries
        .iter()
        .filter(|e| e.url.split(['?', '&']).any(|p| p == marker))
        .map(|e| e.index)
        .collect();
    let pick = case.pick.as_ref();
    if let Some(m) = pick.and_then(|p| p.method.as_deref()) {
        hits.retain(|&i| report.entries[i].method.eq_ignore_ascii_case(m));
    } else {
        hits.retain(|&i| !report.entries[i].method.eq_ignore_ascii_case("OPTIONS"));
    }
    let index = match pick.and_then(|p| p.nth) {
        Some(n) if n < 0 => hits
            .len()
            .checked_sub(n.unsigned_abs() as usize)
            .and_then(|i| hits.get(i)),
        Some(n) => hits.get(n as usize),
        None => hits.last(),
    }
    .copied()
    .ok_or_else(|| format!("{}: no captured entry", case.name))?;
    let mut out: Vec<(String, Severity)> = report.entries[index]
        .findings
        .iter()
        .map(|f| (f.id.as_str().to_owned(), f.severity))
        .collect();
    for f in &report.findings {
        // A comparison names the earlier success as its reference: the finding is about the
        // later entries, not about the request that worked.
        let reference = matches!(
            f.finding.id.as_str(),
            "session.format_changed" | "session.credential_changed" | "browser.cookies_not_sent"
        ) && f.entries.first() == Some(&index);
        if f.entries.contains(&index) && !reference {
            out.push((f.finding.id.as_str().to_owned(), f.finding.severity));
        }
    }
    Ok(out)
}

fn load(path: &str) -> Vec<Case> {
    let text =
        std::fs::read_to_string(format!("{DIR}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[derive(Default)]
struct Score {
    expected: usize,
    found: usize,
}

fn scoreboard() -> (String, Vec<String>) {
    let mut cases = load("captures/labels.json");
    let recorded = cases.len();
    cases.extend(load("pasted.json"));
    let mut reports: HashMap<String, Report> = HashMap::new();
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut failures = Vec::new();
    let (mut controls, mut false_on_controls) = (0usize, 0usize);
    for case in &cases {
        let found = if let Some(har) = &case.har {
            let report = reports.entry(har.clone()).or_insert_with(|| {
                let text = std::fs::read_to_string(format!("{DIR}/captures/{har}")).unwrap();
                let log = read_har_str(&text).unwrap_or_else(|e| panic!("{har}: {e}"));
                analyze_session(&log.exchanges, &AnalysisOptions::default())
            });
            match har_case(report, case) {
                Ok(f) => f,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            }
        } else {
            let value = case.value.as_deref().unwrap_or_default();
            analyze_credential(value, &AnalysisOptions::default())
                .iter()
                .map(|f| (f.id.as_str().to_owned(), f.severity))
                .collect()
        };
        for id in &case.expect {
            let s = scores.entry(id.clone()).or_default();
            s.expected += 1;
            if found.iter().any(|(f, _)| f == id) {
                s.found += 1;
            } else {
                failures.push(format!("{}: {id} missed (got {:?})", case.name, found));
            }
        }
        for id in &case.must_not {
            if found.iter().any(|(f, _)| f == id) {
                failures.push(format!("{}: must-not {id} reported", case.name));
            }
        }
        if case.control {
            controls += 1;
            let loud: Vec<&(String, Severity)> =
                found.iter().filter(|(_, s)| *s != Severity::Info).collect();
            if !loud.is_empty() {
                false_on_controls += loud.len();
                failures.push(format!("{}: control has {loud:?}", case.name));
            }
        }
    }
    let mut table = format!(
        "{} cases ({} recorded from real servers by Chromium or Node, {} pasted), {} controls; false error/warning findings on controls: {}.\n\n| finding id | cases | found | recall |\n|---|---|---|---|\n",
        cases.len(),
        recorded,
        cases.len() - recorded,
        controls,
        false_on_controls
    );
    for (id, s) in &scores {
        let recall = s.found as f64 / s.expected as f64;
        table.push_str(&format!(
            "| `{id}` | {} | {} | {:.0}% |\n",
            s.expected,
            s.found,
            recall * 100.0
        ));
        if recall < BAR {
            failures.push(format!(
                "{id}: recall {:.0}% below {:.0}%",
                recall * 100.0,
                BAR * 100.0
            ));
        }
    }
    if cases.len() < 150 || controls < 30 {
        failures.push(format!(
            "the corpus needs ≥150 cases and ≥30 controls, has {} and {controls}",
            cases.len()
        ));
    }
    (table, failures)
}

#[test]
fn corpus_scoreboard() {
    let (table, failures) = scoreboard();
    println!("{table}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The README shows this table.
    let readme = std::fs::read_to_string(README).unwrap();
    let (start, end) = ("<!-- scoreboard -->\n", "<!-- /scoreboard -->");
    let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md lacks the {start:?}…{end:?} markers");
    };
    let current = &readme[a + start.len()..b];
    if current != table {
        if std::env::var_os("AUTHLENS_BLESS").is_some() {
            let updated = format!("{}{table}{}", &readme[..a + start.len()], &readme[b..]);
            std::fs::write(README, updated).unwrap();
        } else {
            panic!("README.md's scoreboard is stale: run `AUTHLENS_BLESS=1 cargo test --test tests corpus_scoreboard::`");
        }
    }
}
