//! Snapshot of the `challenge` human output. The check/inspect report layout is snapshotted in
//! the binary's own unit tests on a fixed report, so rule wording changes do not churn snapshots;
//! the end-to-end tests in `cli_commands.rs` assert on structure instead.

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
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

#[test]
fn challenge_human() {
    let (code, out) = authlens(
        &[
            "challenge",
            r#"Digest realm="api@example.com", qop="auth, auth-int", nonce="dcd98b", Negotiate abc=="#,
        ],
        "",
    );
    insta::assert_snapshot!("challenge_human", format!("exit {code}\n{out}"));
}
