#!/usr/bin/env bash
# Builds the wasm core and assembles dist/www (the paste-check page), dist/extension (Chrome)
# and dist/extension-firefox. Run tools/setup.sh first (the Makefile does).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. target/toolchain.env
profile="${PROFILE:-release}"

# cargo_wasm RUSTFLAGS CARGO-ARGS...
cargo_wasm() {
  local rustflags=$1; shift
  # The wasm is optimised for size (opt-level z saves ~30 KB gzip, bench/wasm-size.md); the
  # native CLI keeps the profile's speed setting. memchr and std's allocator (dlmalloc) are built
  # for speed: every string search and allocation goes through them, and at opt-level 3 they cost
  # nothing in size (dlmalloc: -0.2 KB gzip, 3-8 % faster per call at the boundary).
  # The stack: rust-lld's default is 1 MiB, most of a small session's memory (a 1 MB HAR took
  # 2.4x its size, bench/RESULTS.md). The deepest inputs (JSON nested past every limit through
  # each entry point, tests/e2e/wasm_stack.test.mjs) run in 64 KiB; this is 4x that. The stack
  # sits below the data (`--stack-first`), so running out traps instead of overwriting memory.
  # Given to rustc for this crate only (`cargo rustc`), so the dependencies' builds are reused.
  env $WASM_ENV RUSTFLAGS="$rustflags" $WASM_CARGO rustc -q --lib --profile "$profile" --config "profile.$profile.opt-level=\"z\"" --config "profile.$profile.package.memchr.opt-level=3" --config "profile.$profile.package.dlmalloc.opt-level=3" \
    --target wasm32-unknown-unknown $WASM_BUILD_STD "$@" -- -C link-arg=-zstack-size="${AUTHLENS_WASM_STACK_BYTES:-262144}"
}
# When std is built from source (the Debian path), build it for size as well: `optimize_for_size`
# swaps std's sort, fmt and search code for small variants (same results), and the
# immediate-abort panic strategy drops the panic message and location machinery (a panic, which
# the core never does on any input, becomes a bare wasm trap). A toolchain that does not know
# the flags is detected up front (the panic strategy is asked of rustc, the feature is looked up
# in std's manifest) and gets a plain build; any other build failure stops here, once, with
# cargo's own message. AUTHLENS_WASM_SIZE_FLAGS=0 turns this off.
size_flags_supported() {
  local rustc sysroot
  rustc=$(env $WASM_ENV sh -c 'echo "${RUSTC:-rustc}"')
  env $WASM_ENV "$rustc" -Zunstable-options -Cpanic=immediate-abort --target wasm32-unknown-unknown \
    --print cfg >/dev/null 2>&1 || return 1
  sysroot=$(env $WASM_ENV "$rustc" --print sysroot) || return 1
  grep -q '^optimize_for_size' "$sysroot/lib/rustlib/src/rust/library/std/Cargo.toml" 2>/dev/null
}
if [ -n "$WASM_BUILD_STD" ] && [ "${AUTHLENS_WASM_SIZE_FLAGS:-1}" != 0 ]; then
  if size_flags_supported; then
    cargo_wasm "${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort" -Z build-std-features=optimize_for_size
  else
    echo "build: this toolchain does not support the size flags (immediate-abort, optimize_for_size); building without them" >&2
    cargo_wasm "${RUSTFLAGS:-}"
  fi
else
  cargo_wasm "${RUSTFLAGS:-}"
fi
wasm="target/wasm32-unknown-unknown/$profile/authlens.wasm"
rm -rf target/pkg && mkdir -p target/pkg
# The name section (function names, ~370 KB raw) only helps debugging; drop it from the product.
# The TypeScript declarations (authlens.d.ts) type-check the JS glue (make lint-js).
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir target/pkg "$wasm"
# wasm-opt is opt-in (AUTHLENS_WASM_OPT=1): measured on this module (bench/wasm-size.md), binaryen
# 132 -Oz cuts 49 KB raw but adds 9 KB gzip, and Debian's binaryen 108 rejects the module
# (reference-types `table.fill` from wasm-bindgen's externref table) so it never ran anyway.
if [ "${AUTHLENS_WASM_OPT:-0}" = 1 ] && command -v wasm-opt >/dev/null 2>&1 && wasm-opt --version >/dev/null 2>&1; then
  wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int --enable-reference-types \
    target/pkg/authlens_bg.wasm -o target/pkg/authlens_bg.opt.wasm \
    && mv target/pkg/authlens_bg.opt.wasm target/pkg/authlens_bg.wasm || rm -f target/pkg/authlens_bg.opt.wasm
fi
build_id=$(find target/pkg www extension -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-12)

rm -rf dist && mkdir -p dist/www dist/extension dist/extension-firefox
cp -R www/. dist/www/
cp -R target/pkg dist/www/pkg
# The finding reference the UI links each finding id to (findings.md#<id>), and the same as data
# (findings.json: the reference text the wasm does not carry, see `describe`).
[ -f docs/findings.md ] && cp docs/findings.md dist/www/findings.md
[ -f docs/findings.json ] && cp docs/findings.json dist/www/findings.json
# The service worker caches by build id, so a new build replaces the old cache.
[ -f dist/www/sw.js ] && sed -i "s/__AUTHLENS_BUILD__/$build_id/g" dist/www/sw.js

for out in dist/extension dist/extension-firefox; do
  cp -R extension/. "$out"/
  cp -R target/pkg "$out"/pkg
  [ -f docs/findings.md ] && cp docs/findings.md "$out"/findings.md
  [ -f docs/findings.json ] && cp docs/findings.json "$out"/findings.json
  # The paste-check page is packaged inside the extension too (without the service worker:
  # extension pages are already offline).
  for f in www/*; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in sw.js|manifest.webmanifest) ;; index.html) grep -v 'rel="manifest"' "$f" > "$out/paste.html" ;; *) cp -R "$f" "$out"/ ;; esac
  done
done
# One version for everything: Cargo.toml's, stamped into both manifests and the page (the
# manifest in extension/ says 0.0.0: its version is always replaced here). Both manifests come
# from extension/manifest.json (the Chrome one); the Firefox one adds only Firefox's keys.
version=$(sed -n 's/^version *= *"\([^"]*\)".*/\1/p' Cargo.toml | head -n 1)
[ -n "$version" ] || { echo "build: no version in Cargo.toml" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "build: node is missing (tools/setup.sh build installs it)" >&2; exit 1; }
node tools/manifest.mjs extension/manifest.json "$version" dist/extension/manifest.json dist/extension-firefox/manifest.json
for f in dist/www/index.html dist/extension/paste.html dist/extension-firefox/paste.html; do
  if [ -f "$f" ]; then sed -i "s/__AUTHLENS_VERSION__/$version/g" "$f"; fi
done
echo "$version" > dist/VERSION
echo "$build_id" > dist/BUILD_ID
raw=$(stat -c %s dist/www/pkg/authlens_bg.wasm); gz=$(gzip -9c dist/www/pkg/authlens_bg.wasm | wc -c)
echo "build: authlens $version: dist/www, dist/extension, dist/extension-firefox (wasm $raw bytes, $gz gzip; toolchain: $AUTHLENS_TOOLCHAIN)" >&2
