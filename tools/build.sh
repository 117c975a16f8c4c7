#!/usr/bin/env bash
# Builds the wasm core and assembles dist/www (the paste-check page), dist/extension (Chrome)
# and dist/extension-firefox. Run tools/setup.sh first (the Makefile does).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. target/toolchain.env
profile="${PROFILE:-release}"

env $WASM_ENV $WASM_CARGO build -q --lib --profile "$profile" --target wasm32-unknown-unknown $WASM_BUILD_STD
wasm="target/wasm32-unknown-unknown/$profile/authlens.wasm"
rm -rf target/pkg && mkdir -p target/pkg
# The name section (function names, ~370 KB raw) only helps debugging; drop it from the product.
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir target/pkg "$wasm"
if command -v wasm-opt >/dev/null 2>&1 && wasm-opt --version >/dev/null 2>&1; then
  # Debian's binaryen is old: use it only when it accepts the module, else keep the original.
  wasm-opt -Os --enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int \
    target/pkg/authlens_bg.wasm -o target/pkg/authlens_bg.opt.wasm 2>/dev/null \
    && mv target/pkg/authlens_bg.opt.wasm target/pkg/authlens_bg.wasm || rm -f target/pkg/authlens_bg.opt.wasm
fi
build_id=$(find target/pkg www extension -type f -print0 | sort -z | xargs -0 cat | sha256sum | cut -c1-12)

rm -rf dist && mkdir -p dist/www dist/extension dist/extension-firefox
cp -R www/. dist/www/
cp -R target/pkg dist/www/pkg
# The finding reference the UI links each finding id to (findings.md#<id>).
[ -f docs/findings.md ] && cp docs/findings.md dist/www/findings.md
# The service worker caches by build id, so a new build replaces the old cache.
[ -f dist/www/sw.js ] && sed -i "s/__AUTHLENS_BUILD__/$build_id/g" dist/www/sw.js

for out in dist/extension dist/extension-firefox; do
  cp -R extension/. "$out"/
  rm -f "$out"/manifest.*.json
  cp -R target/pkg "$out"/pkg
  [ -f docs/findings.md ] && cp docs/findings.md "$out"/findings.md
  # The paste-check page is packaged inside the extension too (without the service worker:
  # extension pages are already offline).
  for f in www/*; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in sw.js|manifest.webmanifest) ;; index.html) grep -v 'rel="manifest"' "$f" > "$out/paste.html" ;; *) cp -R "$f" "$out"/ ;; esac
  done
done
[ -f extension/manifest.firefox.json ] && cp extension/manifest.firefox.json dist/extension-firefox/manifest.json
echo "$build_id" > dist/BUILD_ID
raw=$(stat -c %s dist/www/pkg/authlens_bg.wasm); gz=$(gzip -9c dist/www/pkg/authlens_bg.wasm | wc -c)
echo "build: dist/www, dist/extension, dist/extension-firefox (wasm $raw bytes, $gz gzip; toolchain: $AUTHLENS_TOOLCHAIN)" >&2
