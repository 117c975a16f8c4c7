//! Snapshot of the `challenge` human output. The check/inspect report layout is snapshotted in
//! the binary's own unit tests on a fixed report, so rule wording changes do not churn snapshots;
//! the end-to-end tests in `cli_commands.rs` assert on structure instead.

use crate::util::authlens;

#[test]
fn challenge_human() {
    let run = authlens(
        &[
            "challenge",
            r#"Digest realm="api@example.com", qop="auth, auth-int", nonce="dcd98b", Negotiate abc=="#,
        ],
        "",
    );
    insta::assert_snapshot!(
        "challenge_human",
        format!("exit {}\n{}", run.code, run.stdout)
    );
}
