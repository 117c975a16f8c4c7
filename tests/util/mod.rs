//! Helpers the test modules share: the fixed request time, a JWT builder, finding-id lists of
//! the rules' results, and the CLI runner.

#![allow(dead_code)]

pub mod canary;

use std::io::Write;
use std::process::{Command, Stdio};

use authlens::model::Exchange;
use authlens::rules::{analyze_credential, analyze_exchange, analyze_session, AnalysisOptions};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// 2026-01-01T00:00:00Z, the fixed request time of the rule tests (ms since the epoch).
pub const T0_MS: i64 = 1_767_225_600_000;
/// [`T0_MS`] in seconds, as JWT claims count.
pub const T0_S: i64 = T0_MS / 1000;

/// A signed-looking JWT (fixed fake signature) with this header and claims JSON.
pub fn jwt(header: &str, claims: &str) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims),
        URL_SAFE_NO_PAD.encode([7u8; 32])
    )
}

/// The ids `analyze_exchange` reports for `ex` with `opts`.
pub fn exchange_ids(ex: &Exchange, opts: &AnalysisOptions) -> Vec<&'static str> {
    analyze_exchange(ex, opts)
        .iter()
        .map(|f| f.id.as_str())
        .collect()
}

/// The ids `analyze_exchange` reports for `ex` with the default options.
pub fn ids(ex: &Exchange) -> Vec<&'static str> {
    exchange_ids(ex, &AnalysisOptions::default())
}

/// The ids `analyze_credential` reports for a pasted value.
pub fn pasted_ids(value: &str) -> Vec<&'static str> {
    analyze_credential(value, &AnalysisOptions::default())
        .iter()
        .map(|f| f.id.as_str())
        .collect()
}

/// Every session finding of `exs` as (id, entries).
pub fn session_ids(exs: &[Exchange]) -> Vec<(String, Vec<usize>)> {
    analyze_session(exs, &AnalysisOptions::default())
        .findings
        .into_iter()
        .map(|f| (f.finding.id.as_str().to_owned(), f.entries))
        .collect()
}

/// The entries of the session finding `id` of `exs`, if it is reported.
pub fn session_has(exs: &[Exchange], id: &str) -> Option<Vec<usize>> {
    session_ids(exs)
        .into_iter()
        .find(|(i, _)| i == id)
        .map(|(_, e)| e)
}

/// What one run of the `authlens` binary printed.
pub struct Run {
    /// The exit status.
    pub code: i32,
    /// Standard output (lossy UTF-8).
    pub stdout: String,
    /// Standard error (lossy UTF-8).
    pub stderr: String,
}

/// Runs the `authlens` binary with `args` and `stdin`, and checks it neither panicked nor wrote
/// colour codes or raw escapes to a pipe.
pub fn authlens(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn authlens");
    let mut pipe = child.stdin.take().expect("stdin");
    // Commands that never read stdin may exit before the write: ignore a broken pipe.
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    let out = child.wait_with_output().expect("wait");
    let run = Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "panic: {}", run.stderr);
    assert!(
        !run.stdout.contains('\x1b') && !run.stderr.contains('\x1b'),
        "colour codes or raw escapes on a pipe"
    );
    run
}

/// The path of `tests/fixtures/har/<name>`.
pub fn har_fixture(name: &str) -> String {
    format!("{}/tests/fixtures/har/{name}", env!("CARGO_MANIFEST_DIR"))
}
