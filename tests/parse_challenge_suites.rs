//! The WWW-Authenticate parser against the challenge-parsing suites of greenbytes (httpauth),
//! OkHttp and Chromium, with RFC 9110's verdict for each case
//! (`tests/fixtures/parse/challenge-suites.json` records where every case comes from).
//! Every accepted field prints back to text that parses to the same challenges.

use authlens::parse::challenge::{parse_challenges, Challenge};
use serde_json::Value;

fn fixture() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/parse/challenge-suites.json"
    ))
    .expect("challenge-suites.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn expected(c: &Value) -> Challenge {
    let mut out = Challenge::new(c["scheme"].as_str().expect("scheme"));
    out.token68 = c["token68"].as_str().map(str::to_owned);
    for p in c["params"].as_array().expect("params") {
        out.params.push((
            p[0].as_str().expect("name").to_owned(),
            p[1].as_str().expect("value").to_owned(),
        ));
    }
    out
}

fn printed(challenges: &[Challenge]) -> String {
    challenges
        .iter()
        .map(Challenge::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn every_published_case_gets_the_abnf_verdict() {
    let fx = fixture();
    let cases = fx["cases"].as_array().expect("cases");
    let mut failures = Vec::new();
    let mut per_suite = std::collections::BTreeMap::<&str, usize>::new();
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let suite = case["suite"].as_str().expect("suite");
        *per_suite.entry(suite).or_default() += 1;
        let fields: Vec<&str> = case["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f.as_str().expect("field"))
            .collect();
        let got = parse_challenges(&fields);
        if case["valid"].as_bool().expect("valid") {
            let want: Vec<Challenge> = case["challenges"]
                .as_array()
                .expect("challenges")
                .iter()
                .map(expected)
                .collect();
            match got {
                Ok(got) => {
                    let same = got.len() == want.len()
                        && got.iter().zip(&want).all(|(a, b)| a.same_content(b));
                    if !same {
                        failures.push(format!("{suite} {name}: got {got:?}, want {want:?}"));
                        continue;
                    }
                    let text = printed(&got);
                    match parse_challenges(&[&text]) {
                        Ok(again)
                            if again.len() == got.len()
                                && again.iter().zip(&got).all(|(a, b)| a.same_content(b)) => {}
                        other => failures.push(format!(
                            "{suite} {name}: printed {text:?} re-parses to {other:?}"
                        )),
                    }
                }
                Err(e) => failures.push(format!("{suite} {name}: refused: {e}")),
            }
        } else if let Ok(got) = got {
            failures.push(format!(
                "{suite} {name}: accepted {got:?}, RFC 9110 refuses it"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The suites are all there (a truncated fixture must not pass quietly).
    assert_eq!(per_suite.get("greenbytes httpauth"), Some(&32));
    assert_eq!(per_suite.get("OkHttp"), Some(&32));
    assert_eq!(per_suite.get("Chromium"), Some(&10));
    assert!(cases.len() >= 80, "{} cases", cases.len());
}

#[test]
fn every_case_records_its_provenance() {
    let fx = fixture();
    let sources: Vec<&str> = fx["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["suite"].as_str().expect("suite"))
        .collect();
    for case in fx["cases"].as_array().expect("cases") {
        let suite = case["suite"].as_str().expect("suite");
        assert!(sources.contains(&suite), "{suite} has no source entry");
    }
    for s in fx["sources"].as_array().expect("sources") {
        assert!(s["source"].as_str().is_some_and(|t| t.len() > 20));
    }
}
