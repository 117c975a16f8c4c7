//! The native test suite, one binary: each module is one area (its own doc says what it checks).
//! `tests/util` holds the helpers they share. Run one area with `cargo test --test tests <module>::`.
//!
//! Kept apart: `providers_host_alloc` (it installs a counting global allocator for its whole binary)
//! and `wasm_binding` (wasm32 only, run by `make test-wasm`).

mod util;

mod architecture;
mod bytes_scan;
mod ci_formats;
mod cli_commands;
mod cli_snapshots;
mod corpus_scoreboard;
mod finding_docs;
mod fuzz_corpus;
mod fuzz_regressions;
mod har_entry;
mod har_read;
mod har_redact;
mod input_paste;
mod leak_oracle;
mod parse_challenge_suites;
mod parse_credentials_fixtures;
mod parse_props;
mod parse_rfc_examples;
mod providers_card;
mod providers_catalogue;
mod providers_generated;
mod providers_scanner_vectors;
mod redact_display;
mod report_schema;
mod rules_audience;
mod rules_carriers;
mod rules_describe;
mod rules_exchange;
mod rules_fixtures;
mod rules_jwt;
mod rules_precision;
mod rules_provider_knowledge;
mod rules_providers;
mod rules_robustness;
mod rules_session;
mod rules_tokens;

/// With `autotests = false`, a new `tests/*.rs` file would silently never run: each must be a
/// module here or a `[[test]]` of its own in Cargo.toml.
#[test]
fn every_test_file_is_compiled() {
    let root = env!("CARGO_MANIFEST_DIR");
    let suite = std::fs::read_to_string(format!("{root}/tests/tests.rs")).unwrap();
    let manifest = std::fs::read_to_string(format!("{root}/Cargo.toml")).unwrap();
    for entry in std::fs::read_dir(format!("{root}/tests")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(module) = name.strip_suffix(".rs") else {
            continue;
        };
        if module == "tests" {
            continue;
        }
        assert!(
            suite.contains(&format!("\nmod {module};"))
                || manifest.contains(&format!("path = \"tests/{name}\"")),
            "tests/{name} is not compiled: add `mod {module};` to tests/tests.rs"
        );
    }
}
