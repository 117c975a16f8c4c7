#!/bin/sh
# Runs every fuzz target with libFuzzer (cargo-fuzz, AddressSanitizer, debug assertions) from the
# committed corpora in fuzz/corpus/, and prints one line per target with its execution count.
#
#   fuzz/run-all.sh [SECONDS]        every target for SECONDS each (default 30)
#   fuzz/run-all.sh --runs N         every target for N executions each (the long run: 10000000)
#   --fast                           with --runs or SECONDS: for depth, not for memory bugs:
#                                    optimised, no sanitizer, no comparison tracing, inputs up
#                                    to 4 KiB (the rules target: ~4x the executions per second)
#   fuzz/run-all.sh --smoke BUDGET   CI: build within BUDGET seconds, then a few seconds per
#                                    parser target; skipped (exit 0, with a message) when cargo-fuzz
#                                    or a nightly-capable toolchain is missing or the build is slower
#
# Options: --only "t1 t2" restricts the targets. New corpus entries are written back to
# fuzz/corpus/<target>/ (minimise with `cargo fuzz cmin <target>` before committing).
# Findings: fuzz/artifacts/<target>/ (crash inputs) and fuzz/artifacts/<target>.log.
# A crash input kept as a regression goes to fuzz/regressions/<target>/ (tests/fuzz_corpus.rs
# replays it in `cargo test`).
set -eu
cd "$(dirname "$0")/.."
seconds=30
runs=""
smoke=""
only=""
build_flags="-a"
max_len=65536
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --smoke) smoke="$2"; shift 2 ;;
        --only) only="$2"; shift 2 ;;
        --fast) build_flags="-O -s none --no-trace-compares"; max_len=4096; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        ''|*[!0-9]*) echo "usage: $0 [SECONDS] | --runs N | --smoke BUDGET [--only \"targets\"] [--fast]" >&2; exit 2 ;;
        *) seconds="$1"; shift ;;
    esac
done
all="authorization challenge basic jwt base64 digest har har_read har_redact input paste bytes keys provider_errors redact rules"
parsers="authorization challenge digest basic jwt paste"
targets="${only:-$all}"
[ -n "$smoke" ] && [ -z "$only" ] && targets="$parsers"

# cargo-fuzz needs -Z flags: a nightly toolchain, or stable with RUSTC_BOOTSTRAP=1.
if cargo +nightly --version >/dev/null 2>&1; then
    fuzz="cargo +nightly fuzz"
else
    export RUSTC_BOOTSTRAP=1
    fuzz="cargo fuzz"
fi
if ! $fuzz --version >/dev/null 2>&1; then
    if [ -n "$smoke" ]; then
        echo "fuzz smoke: skipped (no cargo-fuzz; 'tools/setup.sh fuzz' installs it). The corpora were replayed natively by tests/fuzz_corpus.rs."
        exit 0
    fi
    echo "cargo-fuzz is required: run 'tools/setup.sh fuzz' (cargo install cargo-fuzz)" >&2
    exit 2
fi

mkdir -p fuzz/artifacts
build_log=fuzz/artifacts/build.log
start=$(date +%s)
# `cargo fuzz build` takes one target at a time.
build_targets() {
    for t in $targets; do $fuzz build $build_flags "$t" || return 1; done
}
if [ -n "$smoke" ]; then
    build_targets >"$build_log" 2>&1 &
    build=$!
    while kill -0 "$build" 2>/dev/null && [ $(( $(date +%s) - start )) -lt "$smoke" ]; do sleep 1; done
    if kill -0 "$build" 2>/dev/null; then
        # Over budget: stop cargo-fuzz and the cargo it started (by parent id).
        pkill -TERM -P "$build" 2>/dev/null || true
        kill "$build" 2>/dev/null || true
        wait "$build" 2>/dev/null || true
        echo "fuzz smoke: skipped: building the targets takes more than ${smoke}s here (see $build_log); the corpora were replayed natively by tests/fuzz_corpus.rs"
        exit 0
    fi
    if ! wait "$build"; then
        echo "fuzz smoke: the fuzz targets do not build (see $build_log)" >&2
        exit 1
    fi
    echo "fuzz smoke: built $targets in $(( $(date +%s) - start ))s"
    seconds=5
else
    build_targets >"$build_log" 2>&1 || { echo "fuzz build failed: see $build_log" >&2; exit 1; }
fi

status=0
summary=fuzz/artifacts/summary.txt
: >"$summary"
for target in $targets; do
    log="fuzz/artifacts/$target.log"
    mkdir -p "fuzz/corpus/$target"
    if [ -n "$runs" ]; then limit="-runs=$runs"; else limit="-max_total_time=$seconds"; fi
    t0=$(date +%s)
    # -rss_limit_mb: the bounded-memory promise, checked on every input; -max_len: up to 64 KiB.
    # shellcheck disable=SC2086 # build_flags is several words
    if $fuzz run $build_flags "$target" "fuzz/corpus/$target" -- "$limit" -rss_limit_mb=1024 -max_len=$max_len -print_final_stats=1 >"$log" 2>&1; then
        result="ok"
    else
        result="FAILED (see $log and fuzz/artifacts/$target/)"
        status=1
    fi
    done_runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -1 | grep -o '[0-9]*' || true)
    [ -n "$done_runs" ] || done_runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    line="$target: $result, $(( $(date +%s) - t0 ))s, ${done_runs:-?} executions, corpus $(ls "fuzz/corpus/$target" | wc -l) files"
    echo "$line" | tee -a "$summary"
done
exit "$status"
