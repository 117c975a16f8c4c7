#!/usr/bin/env bash
# Builds the installable packages from dist/ (run `make build` first; `make package` does):
#   dist/authlens-chrome-<version>.zip   the Chrome Web Store upload (Load unpacked: unzip it)
#   dist/authlens-firefox-<version>.zip  the Firefox add-on (AMO upload; about:debugging loads it)
# <version> is Cargo.toml's, stamped into both manifests by tools/build.sh, which also generates
# the Firefox manifest from the Chrome one (tools/manifest.mjs). web-ext (npm, from
# tools/setup.sh test) zips both and must lint the Firefox build without errors or warnings.
set -euo pipefail
cd "$(dirname "$0")/.."
web_ext=tests/e2e/node_modules/.bin/web-ext
[ -x "$web_ext" ] || { echo "package: $web_ext is missing: run tools/setup.sh test" >&2; exit 1; }
[ -f dist/VERSION ] && [ -f dist/extension/manifest.json ] && [ -f dist/extension-firefox/manifest.json ] \
  || { echo "package: dist/ is incomplete: run make build" >&2; exit 1; }
version=$(cat dist/VERSION)
export WEB_EXT_TELEMETRY=0

lint_json=$("$web_ext" lint --source-dir dist/extension-firefox --output json --no-config-discovery || true)
node -e '
  const r = JSON.parse(process.argv[1]);
  const bad = [...r.errors, ...r.warnings];
  for (const m of bad) console.error(`package: web-ext lint: ${m.code} (${m.file || "manifest"}): ${m.message}`);
  process.exit(bad.length ? 1 : 0);' "$lint_json"

rm -f dist/authlens-chrome-*.zip dist/authlens-firefox-*.zip
"$web_ext" build --source-dir dist/extension --artifacts-dir dist --filename "authlens-chrome-$version.zip" --overwrite-dest --no-config-discovery >/dev/null
"$web_ext" build --source-dir dist/extension-firefox --artifacts-dir dist --filename "authlens-firefox-$version.zip" --overwrite-dest --no-config-discovery >/dev/null
ls -l dist/authlens-chrome-"$version".zip dist/authlens-firefox-"$version".zip | awk '{print "package: " $NF " (" $5 " bytes)"}' >&2
