//! The test keys gitleaks and secretlint publish for their own rules (with provenance in
//! `tests/fixtures/credentials/scanner-vectors.json`, extracted by `tools/scanner-vectors/extract.py`):
//! authlens must attribute ≥ 95% of the self-identifying ones to the right provider, none to a
//! wrong one, and must never call one of their false-positive examples a well-formed key.
//! Failures name rules and redacted forms only, never a key.

use authlens::providers::{recognize_key, Confidence};
use authlens::redact::redact;
use serde_json::Value;

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/credentials/scanner-vectors.json"
));

const CATALOGUE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/providers/catalogue.json"
));

/// The scanner rules the data file says a kind matches (`gitleaks:<rule>`, `secretlint:<rule>`).
fn rules_of(entry: &str, kind: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(CATALOGUE).expect("catalogue.json parses");
    doc["providers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["id"] == entry)
        .flat_map(|p| p["kinds"].as_array().into_iter().flatten())
        .filter(|k| k["id"] == kind)
        .flat_map(|k| k["rules"].as_array().into_iter().flatten())
        .filter_map(|r| r.as_str().map(str::to_owned))
        .collect()
}

fn vectors() -> Value {
    serde_json::from_str(VECTORS).expect("scanner-vectors.json parses")
}

#[derive(Default)]
struct Tally {
    vectors: usize,
    right: usize,
    wrong: Vec<String>,
    missed: Vec<String>,
}

fn tally(scanner: &str) -> Tally {
    let doc = vectors();
    let mut t = Tally::default();
    for rule in doc["rules"].as_array().expect("rules") {
        if rule["scanner"] != scanner || rule["class"] != "self-identifying" {
            continue;
        }
        let expect = rule["expect"]
            .as_str()
            .expect("a self-identifying rule names its vendor");
        let name = rule["rule"].as_str().unwrap_or("?");
        for tp in rule["tps"].as_array().into_iter().flatten() {
            if tp["self_identifying"] == false {
                continue;
            }
            let key = tp["key"].as_str().expect("key");
            t.vectors += 1;
            let found = recognize_key(key);
            match found.best() {
                Some(best) if !found.ambiguous && best.vendor == expect => t.right += 1,
                Some(best) if !found.ambiguous => t.wrong.push(format!(
                    "{name}: {} read as {}/{} ({:?})",
                    redact(key),
                    best.vendor,
                    best.kind,
                    best.confidence
                )),
                _ => t.missed.push(format!(
                    "{name}: {} ({} chars){}",
                    redact(key),
                    key.len(),
                    if found.ambiguous { ", ambiguous" } else { "" }
                )),
            }
        }
    }
    t
}

fn check(scanner: &str, min_vectors: usize) {
    let t = tally(scanner);
    let recall = t.right as f64 / t.vectors.max(1) as f64;
    eprintln!(
        "{scanner}: {}/{} self-identifying test keys attributed to the right provider ({:.1}%), {} to a wrong one, {} not attributed",
        t.right,
        t.vectors,
        recall * 100.0,
        t.wrong.len(),
        t.missed.len()
    );
    for m in &t.missed {
        eprintln!("  missed {m}");
    }
    assert!(t.vectors >= min_vectors, "only {} vectors", t.vectors);
    assert!(
        t.wrong.is_empty(),
        "attributed to a wrong provider: {:#?}",
        t.wrong
    );
    assert!(recall >= 0.95, "recall {recall:.3}: missed {:#?}", t.missed);
}

#[test]
fn gitleaks_default_rules_test_keys_are_attributed() {
    check("gitleaks", 400);
}

#[test]
fn secretlint_recommended_preset_test_keys_are_attributed() {
    check("secretlint", 60);
}

/// Every value a false-positive example could hand to the recogniser: its words, and what
/// follows each `=` or `:` inside a word (`key=VALUE`, `"token": "VALUE"`).
fn candidates(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\'' | '`' | ',' | ';' | '(' | ')' | '[' | ']' | '{' | '}' | '<' | '>'
            )
    }) {
        if word.is_empty() {
            continue;
        }
        out.push(word);
        for (i, c) in word.char_indices() {
            if c == '=' || c == ':' {
                if let Some(rest) = word.get(i + 1..).filter(|r| !r.is_empty()) {
                    out.push(rest);
                }
            }
        }
    }
    out
}

#[test]
fn published_false_positives_are_never_called_well_formed() {
    let doc = vectors();
    let (mut examples, mut words, mut siblings) = (0usize, 0usize, 0usize);
    let mut claimed = Vec::new();
    for rule in doc["rules"].as_array().expect("rules") {
        let name = rule["rule"].as_str().unwrap_or("?");
        let scanner = rule["scanner"].as_str().unwrap_or("?");
        for fp in rule["fps"].as_array().into_iter().flatten() {
            let text = fp.as_str().expect("fp text");
            examples += 1;
            for word in candidates(text) {
                words += 1;
                let found = recognize_key(word);
                let Some(m) = found
                    .matches
                    .iter()
                    .find(|m| m.confidence == Confidence::Exact)
                else {
                    continue;
                };
                // A sibling rule's key listed as "not mine" (gitleaks' admin-key rule lists a
                // plain API key): the reading names that sibling, which is right.
                let tag = format!(
                    "{scanner}:{}",
                    name.trim_start_matches("@secretlint/secretlint-rule-")
                );
                let rules = rules_of(m.provider_id, m.kind);
                let sibling = !rules.contains(&tag)
                    && rules.iter().any(|r| r.starts_with(&format!("{scanner}:")));
                if sibling && scanner == "gitleaks" {
                    siblings += 1;
                    continue;
                }
                claimed.push(format!(
                    "{name}: {} as {}/{}",
                    redact(word),
                    m.provider_id,
                    m.kind
                ));
            }
        }
    }
    eprintln!(
        "{examples} false-positive examples, {words} candidate values, {siblings} read as the sibling rule's key, {} claimed",
        claimed.len()
    );
    assert!(examples >= 150, "only {examples} examples");
    assert!(
        claimed.is_empty(),
        "false positives called well-formed keys: {claimed:#?}"
    );
}

#[test]
fn the_fixture_keeps_its_provenance() {
    let doc = vectors();
    for scanner in ["gitleaks", "secretlint"] {
        let src = &doc["sources"][scanner];
        assert_eq!(src["repo"], format!("{scanner}/{scanner}"));
        assert_eq!(
            src["commit"].as_str().map(str::len),
            Some(40),
            "{scanner} commit"
        );
    }
    for rule in doc["rules"].as_array().unwrap() {
        assert!(
            rule["path"].as_str().is_some_and(|p| !p.is_empty()),
            "{} has no path",
            rule["rule"]
        );
    }
}
