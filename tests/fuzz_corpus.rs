//! The fuzz smoke without libFuzzer: every committed corpus file (`fuzz/corpus/<target>/`) and
//! every crash reproducer kept in `fuzz/regressions/<target>/` runs through the same `run`
//! function the fuzz target calls, with the target's own assertions. `make fuzz` (cargo-fuzz)
//! explores further from the same corpora.

#[path = "../fuzz/fuzz_targets/authorization.rs"]
mod authorization;
#[path = "../fuzz/fuzz_targets/base64.rs"]
mod base64_target;
#[path = "../fuzz/fuzz_targets/basic.rs"]
mod basic;
#[path = "../fuzz/fuzz_targets/bytes.rs"]
mod bytes;
#[path = "../fuzz/fuzz_targets/challenge.rs"]
mod challenge;
#[path = "../fuzz/fuzz_targets/digest.rs"]
mod digest;
#[path = "../fuzz/fuzz_targets/har.rs"]
mod har;
#[path = "../fuzz/fuzz_targets/har_read.rs"]
mod har_read;
#[path = "../fuzz/fuzz_targets/har_redact.rs"]
mod har_redact;
#[path = "../fuzz/fuzz_targets/input.rs"]
mod input;
#[path = "../fuzz/fuzz_targets/jwt.rs"]
mod jwt;
#[path = "../fuzz/fuzz_targets/keys.rs"]
mod keys;
#[path = "../fuzz/fuzz_targets/paste.rs"]
mod paste;
#[path = "../fuzz/fuzz_targets/provider_errors.rs"]
mod provider_errors;
#[path = "../fuzz/fuzz_targets/redact.rs"]
mod redact;
#[path = "../fuzz/fuzz_targets/rules.rs"]
mod rules;

type Target = (&'static str, fn(&[u8]));

/// Every target in `fuzz/Cargo.toml`, by its cargo-fuzz name.
const TARGETS: &[Target] = &[
    ("authorization", authorization::run),
    ("base64", base64_target::run),
    ("basic", basic::run),
    ("bytes", bytes::run),
    ("challenge", challenge::run),
    ("digest", digest::run),
    ("har", har::run),
    ("har_read", har_read::run),
    ("har_redact", har_redact::run),
    ("input", input::run),
    ("jwt", jwt::run),
    ("keys", keys::run),
    ("paste", paste::run),
    ("provider_errors", provider_errors::run),
    ("redact", redact::run),
    ("rules", rules::run),
];

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file());
    out.sort();
    out
}

fn replay(target: &Target) -> usize {
    let (name, run) = *target;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in [
        root.join("corpus").join(name),
        root.join("regressions").join(name),
    ] {
        for path in files(&dir) {
            let data = std::fs::read(&path).expect("corpus file");
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(
                outcome.is_ok(),
                "fuzz target {name} fails on {} (replay: cargo +nightly fuzz run {name} {})",
                path.display(),
                path.display()
            );
            count += 1;
        }
    }
    count
}

#[test]
fn every_target_is_listed_and_has_a_committed_corpus() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/Cargo.toml"))
        .expect("fuzz/Cargo.toml");
    let declared = manifest.matches("[[bin]]").count();
    assert_eq!(declared, TARGETS.len(), "a fuzz target is missing here");
    for (name, _) in TARGETS {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} is not a target"
        );
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(name);
        assert!(
            files(&dir).len() >= 4,
            "fuzz/corpus/{name} has fewer than 4 files"
        );
    }
}

macro_rules! replay_tests {
    ($($test:ident => $index:expr),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                let target = &TARGETS[$index];
                assert!(replay(target) > 0, "{}: nothing replayed", target.0);
            }
        )*
    };
}

replay_tests! {
    replay_authorization => 0,
    replay_base64 => 1,
    replay_basic => 2,
    replay_bytes => 3,
    replay_challenge => 4,
    replay_digest => 5,
    replay_har => 6,
    replay_har_read => 7,
    replay_har_redact => 8,
    replay_input => 9,
    replay_jwt => 10,
    replay_keys => 11,
    replay_paste => 12,
    replay_provider_errors => 13,
    replay_redact => 14,
    replay_rules => 15,
}
