#!/usr/bin/env bash
# authlens benchmarks (issue 6): builds in release mode, generates the deterministic corpora, runs
# every comparison back to back (node, headless Chromium, CLI vs jq) and writes the results.
#
#   bench/run.sh           # full run: 1/10/50 MB HARs; writes bench/results.json and bench/RESULTS.md
#   bench/run.sh --quick   # small inputs, same code (CI): writes bench/work/out/results-quick.{json,md}
#
# Exits non-zero when the harness breaks (a build, a tool or a page fails); a missed speed target
# is reported in the results, never an error. Peers come from npm at the versions pinned in
# bench/package-lock.json. Scratch files go to bench/work/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $a" >&2; exit 2 ;;
  esac
done
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
started=$(date +%s)

for tool in node jq gzip /usr/bin/time /usr/bin/chromium; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing: run 'make setup-test' (tools/setup.sh test) first"
done

work=bench/work
out=$work/out
mkdir -p "$out"

# --- peers from npm, pinned -------------------------------------------------------------------
if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules ]; then
  say "installing the npm peers (npm ci, pinned versions)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error >&2)
  touch bench/node_modules
fi

# --- builds -------------------------------------------------------------------------------------
# Full: release wasm (tools/build.sh) and release CLI. Quick (CI, after `make build` and the
# native tests): reuse dist/ when present and the debug CLI the tests built; timing is then only
# a smoke test, which is all --quick promises.
if [ "$quick" = 1 ]; then
  [ -f dist/www/pkg/authlens_bg.wasm ] || { say "no dist/: building the wasm"; tools/setup.sh build; tools/build.sh; }
  cargo build -q --bin authlens --example authlens-bench
  profile=debug
else
  say "building the wasm (release) and the CLI (release)"
  tools/setup.sh build
  tools/build.sh
  cargo build -q --release --bin authlens --example authlens-bench
  profile=release
fi
cli=target/$profile/authlens

# --- corpora (fixed seed) ----------------------------------------------------------------------
if [ "$quick" = 1 ]; then corpus=$work/corpus-quick; else corpus=$work/corpus; fi
say "generating corpora in $corpus"
bench_tool=target/$profile/examples/authlens-bench
"$bench_tool" corpus "$corpus" $([ "$quick" = 1 ] && echo --quick) > /dev/null

# --- the wasm as shipped; a fallback only when this engine cannot instantiate it ----------------
pkg=dist/www/pkg
pkg_note=""
if ! node --input-type=module -e "
  import { readFileSync } from 'node:fs';
  const g = await import('$PWD/$pkg/authlens.js');
  await g.default({ module_or_path: readFileSync('$pkg/authlens_bg.wasm') });" 2> "$out/pkg-init.err"; then
  raw_wasm=target/wasm32-unknown-unknown/release/authlens.wasm
  [ -f "$raw_wasm" ] || die "dist/www/pkg does not instantiate ($(head -c 300 "$out/pkg-init.err")) and $raw_wasm is missing"
  say "dist/www/pkg does not instantiate in node/V8 ($(grep -m1 Error "$out/pkg-init.err" | cut -c1-160)); measuring the wasm-bindgen output without wasm-opt"
  rm -rf "$work/pkg-noopt" && wasm-bindgen --target web --no-typescript --out-dir "$work/pkg-noopt" "$raw_wasm"
  pkg_note="dist/www/pkg (after wasm-opt) failed to instantiate: $(grep -m1 Error "$out/pkg-init.err" | cut -c1-200). Timed: wasm-bindgen output of $raw_wasm without wasm-opt."
  pkg=$work/pkg-noopt
fi

mode=(); [ "$quick" = 1 ] && mode=(--quick)

# --- the same operations natively (no JS boundary): the reference, and what gets profiled ------
say "native: headers, JWT, keys, HAR, per request"
"$bench_tool" native "$corpus" $([ "$quick" = 1 ] && echo --quick) > "$out/native.json"

# --- 1-4, 6 in node ----------------------------------------------------------------------------
say "node: headers, JWT, keys, HAR, per request"
node --expose-gc --max-old-space-size=4096 bench/harness/node.mjs --pkg "$pkg" --corpus "$corpus" --native "$out/native.json" --out "$out/node.json" "${mode[@]}"

# --- 1-4, 6 in Chromium ------------------------------------------------------------------------
say "chromium: headers, JWT, keys, HAR, per request"
www=$work/www
rm -rf "$www" && mkdir -p "$www"
cp bench/browser/index.html bench/harness/browser.mjs bench/harness/measure.mjs bench/harness/suites.mjs bench/harness/authlens.mjs "$www"/
cp -R "$pkg" "$www/pkg"
cp "$out/native.json" "$www/native.json"
ln -s "$PWD/$corpus" "$www/corpus"
bench/node_modules/.bin/esbuild bench/harness/peers-browser.mjs --bundle --format=esm --platform=browser --minify --log-level=error \
  --alias:crypto=./bench/harness/node-builtins-shim.mjs --alias:os=./bench/harness/node-builtins-shim.mjs --outfile="$www/peers.bundle.js"
node bench/harness/chromium.mjs --dir "$www" --out "$out/chromium.json" "${mode[@]}"

# --- 5: CLI vs jq ------------------------------------------------------------------------------
say "cli: authlens check --json vs jq"
node bench/harness/cli.mjs --bin "$cli" --corpus "$corpus" --out "$out/cli.json" "${mode[@]}"

# --- where the wasm's bytes go (names from the pre-wasm-bindgen module cargo wrote) ----------
raw_wasm=target/wasm32-unknown-unknown/release/authlens.wasm
if [ -f "$raw_wasm" ]; then node bench/harness/wasm-size.mjs "$raw_wasm" --json > "$out/wasm-size.json"; else echo '{}' > "$out/wasm-size.json"; fi

# --- report ------------------------------------------------------------------------------------
if [ "$quick" = 1 ]; then dest=$out/results-quick; else dest=bench/results; fi
node bench/harness/report.mjs --out-json "$dest.json" --out-md "$( [ "$quick" = 1 ] && echo "$dest.md" || echo bench/RESULTS.md )" \
  --native "$out/native.json" --node "$out/node.json" --chromium "$out/chromium.json" --cli "$out/cli.json" --corpus "$corpus" \
  --wasm "$pkg/authlens_bg.wasm" --wasm-groups "$out/wasm-size.json" --shipped-wasm dist/www/pkg/authlens_bg.wasm --profile "$profile" --pkg-note "$pkg_note" \
  --elapsed "$(( $(date +%s) - started ))" "${mode[@]}"
say "done in $(( $(date +%s) - started )) s: $dest.json"
