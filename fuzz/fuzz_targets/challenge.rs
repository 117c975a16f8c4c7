//! `WWW-Authenticate` parsing on arbitrary field lines (split on `\n`): no panic, positions valid,
//! and a parsed list printed back parses to the same challenges.
#![cfg_attr(fuzzing, no_main)]

use authlens::parse::bearer::bearer_issues;
use authlens::parse::challenge::{parse_challenges, parse_challenges_lenient};

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let parsed = parse_challenges_lenient(&lines);
    for c in &parsed.challenges {
        let line = lines[c.line];
        assert!(line[c.span.clone()].starts_with(c.scheme.as_str()));
        let _ = bearer_issues(c);
    }
    for e in &parsed.errors {
        assert!(lines[e.line].is_char_boundary(e.offset));
        let _ = e.to_string();
    }
    if let Ok(challenges) = parse_challenges(&lines) {
        let printed = challenges
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let reparsed = parse_challenges(&[&printed]).expect("printed challenges parse");
        assert_eq!(reparsed.len(), challenges.len());
        for (a, b) in reparsed.iter().zip(&challenges) {
            assert!(a.same_content(b));
        }
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
