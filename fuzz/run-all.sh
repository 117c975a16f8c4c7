#!/bin/sh
# Runs every fuzz target for SECONDS seconds each (default 30) and prints a one-line summary per
# target. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Run fuzz/seed.sh first to start from the test fixtures.
# Usage: fuzz/run-all.sh [SECONDS]
set -eu
seconds="${1:-30}"
case "$seconds" in
    ''|*[!0-9]*) echo "usage: $0 [SECONDS]  (a whole number of seconds per target)" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz on a nightly toolchain is required: rustup toolchain install nightly && cargo install cargo-fuzz" >&2
    exit 2
fi
status=0
for target in authorization challenge basic jwt base64 digest har har_read har_redact input paste bytes keys provider_errors redact rules; do
    log="fuzz/artifacts/$target.log"
    mkdir -p fuzz/artifacts
    start=$(date +%s)
    if cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" >"$log" 2>&1; then
        result="ok"
    else
        result="FAILED (see $log and fuzz/artifacts/$target/)"
        status=1
    fi
    runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -1 || true)
    echo "$target: $result, $(( $(date +%s) - start ))s wall, ${runs:-no run count}"
done
exit "$status"
