//! The committed `docs/findings.md` and `docs/findings.json` must equal what
//! `findings::reference_markdown()` and `findings::reference_json()` generate, and every id must be
//! documented. Regenerate with `AUTHLENS_BLESS=1 cargo test --test tests finding_docs::`.

use authlens::findings::{doc, reference_json, reference_markdown, summary, FindingId};

const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/findings.md");
const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/findings.json");

#[test]
fn committed_reference_data_is_current_and_complete() {
    let generated = reference_json();
    if std::env::var_os("AUTHLENS_BLESS").is_some() {
        std::fs::write(DATA, &generated).expect("write docs/findings.json");
    }
    let committed = std::fs::read_to_string(DATA).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/findings.json is stale: run `AUTHLENS_BLESS=1 cargo test --test tests finding_docs::` and commit it"
    );
    let data: serde_json::Value = serde_json::from_str(&committed).expect("findings.json is JSON");
    let entries = data.as_array().expect("an array");
    assert_eq!(entries.len(), FindingId::ALL.len());
    for (entry, &id) in entries.iter().zip(FindingId::ALL) {
        let d = doc(id);
        assert_eq!(entry["id"], id.as_str());
        assert_eq!(entry["severity"], d.severity.as_str());
        for (field, text) in [
            ("title", d.title),
            ("flags", d.flags),
            ("why", d.why),
            ("example", d.example),
            ("fix", d.fix),
        ] {
            assert_eq!(entry[field], text, "{id}: {field}");
        }
        assert_eq!(
            entry["references"].as_array().map(Vec::len),
            Some(d.references.len())
        );
    }
}

#[test]
fn the_summary_is_the_same_documentation() {
    for &id in FindingId::ALL {
        let (s, d) = (summary(id), doc(id));
        assert_eq!(
            (s.id, s.severity, s.title, s.fix, s.references),
            (d.id, d.severity, d.title, d.fix, d.references)
        );
    }
}

#[test]
fn committed_reference_page_is_current() {
    let generated = reference_markdown();
    if std::env::var_os("AUTHLENS_BLESS").is_some() {
        std::fs::write(PAGE, &generated).expect("write docs/findings.md");
    }
    let committed = std::fs::read_to_string(PAGE).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/findings.md is stale: run `AUTHLENS_BLESS=1 cargo test --test tests finding_docs::` and commit it"
    );
}

#[test]
fn every_id_is_fully_documented_with_an_anchor() {
    let page = reference_markdown();
    for &id in FindingId::ALL {
        let d = doc(id);
        assert_eq!(d.id, id);
        for (what, text) in [
            ("title", d.title),
            ("flags", d.flags),
            ("why", d.why),
            ("example", d.example),
            ("fix", d.fix),
        ] {
            // A title names the problem in words; the rest are sentences or a request line.
            let (min_words, min_chars) = if what == "title" { (2, 8) } else { (1, 12) };
            let words = text.split_whitespace().count();
            assert!(
                words >= min_words && text.trim().chars().count() >= min_chars,
                "{id}: {what} is too short to say anything: {text:?}"
            );
            let lower = text.to_lowercase();
            for filler in ["todo", "tbd", "fixme", "lorem", "xxx", "placeholder text"] {
                assert!(
                    !lower.contains(filler),
                    "{id}: {what} reads like a stub: {text:?}"
                );
            }
            assert_ne!(text.trim(), id.as_str(), "{id}: {what} only repeats the id");
        }
        // Each part says something of its own.
        let parts = [d.title, d.flags, d.why, d.example, d.fix];
        for (i, a) in parts.iter().enumerate() {
            for b in &parts[i + 1..] {
                assert_ne!(
                    a.trim(),
                    b.trim(),
                    "{id}: two parts of its documentation are the same"
                );
            }
        }
        assert!(!d.references.is_empty(), "{id}: no references");
        for r in d.references {
            assert!(
                r.starts_with("https://") || r.starts_with("http://"),
                "{id}: reference {r} is not an address"
            );
        }
        assert_eq!(
            page.matches(&format!("<a id=\"{id}\"></a>")).count(),
            1,
            "{id}: anchor"
        );
    }
}

#[test]
fn http_status_meanings_are_taught() {
    assert!(doc(FindingId::StatusForbidden)
        .why
        .contains("I know who you are, and no"));
    assert!(doc(FindingId::CredentialMissing)
        .why
        .contains("I don't know who you are"));
}
