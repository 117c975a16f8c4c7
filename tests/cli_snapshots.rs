//! Snapshots of the human output (table + explanations). When a rule's wording changes on
//! purpose, review and accept with `cargo insta review` (or `INSTA_UPDATE=always cargo test --test
//! cli_snapshots`).

use std::io::Write;
use std::process::{Command, Stdio};

fn authlens(args: &[&str], stdin: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn authlens");
    let mut pipe = child.stdin.take().expect("stdin");
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    let out = child.wait_with_output().expect("wait");
    (out.status.code().expect("exit code"), String::from_utf8(out.stdout).expect("utf-8"))
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/har/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_safari_export() {
    let (code, out) = authlens(&["check", &fixture("safari.har")], "");
    let out = out.replace(env!("CARGO_MANIFEST_DIR"), "<repo>");
    insta::assert_snapshot!("check_safari", format!("exit {code}\n{out}"));
}

#[test]
fn check_firefox_export() {
    let (code, out) = authlens(&["check", &fixture("firefox.har")], "");
    let out = out.replace(env!("CARGO_MANIFEST_DIR"), "<repo>");
    insta::assert_snapshot!("check_firefox", format!("exit {code}\n{out}"));
}

#[test]
fn inspect_raw_exchange() {
    let paste = "GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: bearer  undefined\n\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\n\n";
    let (code, out) = authlens(&["inspect"], paste);
    insta::assert_snapshot!("inspect_raw_exchange", format!("exit {code}\n{out}"));
}

#[test]
fn challenge_human() {
    let (code, out) = authlens(&["challenge", r#"Digest realm="api@example.com", qop="auth, auth-int", nonce="dcd98b", Negotiate abc=="#], "");
    insta::assert_snapshot!("challenge_human", format!("exit {code}\n{out}"));
}
