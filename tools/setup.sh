#!/usr/bin/env bash
# Installs what building (and, with `test`, testing) authlens needs, then writes the chosen
# toolchain to target/toolchain.env for tools/build.sh and the Makefile.
#
#   tools/setup.sh build   # Rust wasm32 toolchain + wasm-bindgen-cli
#   tools/setup.sh lint    # build + clippy for the wasm32 toolchain + TypeScript (make lint)
#   tools/setup.sh test    # build + Chromium, ChromeDriver, Node.js and the e2e packages
#   tools/setup.sh corpus  # build + nginx, apache2, haproxy, squid and the corpus app (make record-corpus)
#   tools/setup.sh fuzz    # cargo-fuzz, for make fuzz (nothing else)
#
# Toolchain choice: a rustup `wasm32-unknown-unknown` target when the user has one; otherwise
# Debian's rustc-web + rust-web-src + lld-19, building std from source (`-Z build-std`).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-build}"
mkdir -p target
envfile=target/toolchain.env

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }
apt_updated=0
apt_install() {
  can_apt || die "missing: $*. Install them (Debian/Ubuntu: sudo apt-get install $*) and run this again."
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >&2 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# --- fuzzing (make fuzz): cargo-fuzz from crates.io; the targets build with nightly, or with the
# stable toolchain and RUSTC_BOOTSTRAP=1 (fuzz/run-all.sh picks) ------------------------------
if [ "$mode" = fuzz ]; then
  if cargo fuzz --version >/dev/null 2>&1 || cargo +nightly fuzz --version >/dev/null 2>&1; then
    say "cargo-fuzz: $(cargo fuzz --version 2>/dev/null || cargo +nightly fuzz --version)"
  else
    say "installing cargo-fuzz (about 2 minutes)"
    cargo install -q cargo-fuzz --locked >&2 || cargo install -q cargo-fuzz >&2 \
      || die "could not install cargo-fuzz: run 'cargo install cargo-fuzz'"
  fi
  exit 0
fi

# --- Rust toolchain for wasm32 ---------------------------------------------------------------
write_env() { printf '%s\n' "$@" > "$envfile"; }
if command -v rustup >/dev/null 2>&1 && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "toolchain: rustup target wasm32-unknown-unknown"
  write_env "AUTHLENS_TOOLCHAIN='rustup wasm32-unknown-unknown target'" \
            "WASM_CARGO=cargo" "WASM_CLIPPY='cargo clippy'" "WASM_ENV=" "WASM_BUILD_STD="
else
  need=()
  [ -x /usr/bin/rustc ] && /usr/bin/rustc --version 2>/dev/null | grep -q . || need+=(rustc-web)
  [ -x /usr/bin/cargo ] || need+=(cargo-web)
  ls -d /usr/lib/rustlib/src/rust/library >/dev/null 2>&1 || need+=(rust-web-src)
  command -v wasm-ld-19 >/dev/null 2>&1 || need+=(lld-19)
  # The lint gate runs clippy over the wasm32 build too; Debian ships it for rustc-web as a
  # separate package (a rustup clippy would drive the wrong compiler).
  [ "$mode" = lint ] && { [ -x /usr/bin/cargo-clippy ] && [ -x /usr/bin/clippy-driver ] || need+=(rust-web-clippy); }
  if [ "${#need[@]}" -gt 0 ]; then
    say "no rustup wasm32 target: installing Debian ${need[*]} (std is built from source)"
    apt_install "${need[@]}"
  fi
  say "toolchain: Debian rustc-web $(/usr/bin/rustc --version | cut -d' ' -f2) with -Z build-std"
  write_env "AUTHLENS_TOOLCHAIN='Debian rustc-web + rust-web-src + lld-19, -Z build-std'" \
            "WASM_CARGO=/usr/bin/cargo" \
            "WASM_CLIPPY='env CARGO=/usr/bin/cargo /usr/bin/cargo-clippy clippy'" \
            "WASM_ENV='RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19'" \
            "WASM_BUILD_STD='-Z build-std=std,panic_abort'"
fi

# --- wasm-bindgen-cli at exactly the Cargo.lock version ----------------------------------------
wb_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
[ -n "$wb_version" ] || die "Cargo.lock names no wasm-bindgen version"
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$wb_version" ]; then
  command -v cargo >/dev/null 2>&1 || die "cargo is needed to install wasm-bindgen-cli $wb_version"
  say "installing wasm-bindgen-cli $wb_version (about 3 minutes)"
  # --locked first; the registry mirror may lack a crate its lock file pins, then resolve afresh.
  cargo install -q wasm-bindgen-cli --version "=$wb_version" --locked >&2 \
    || cargo install -q wasm-bindgen-cli --version "=$wb_version" >&2 \
    || die "could not install wasm-bindgen-cli $wb_version: run 'cargo install wasm-bindgen-cli --version =$wb_version'"
fi
echo "WASM_BINDGEN_VERSION=$wb_version" >> "$envfile"
# tools/build.sh writes both extension manifests with node (tools/manifest.mjs).
command -v node >/dev/null 2>&1 || apt_install nodejs


[ "$mode" = build ] && exit 0

# --- corpus recording (make record-corpus): the real servers the captures come from -------------
if [ "$mode" = corpus ]; then
  pkgs=()
  for p in nginx apache2 haproxy squid; do [ -x "/usr/sbin/$p" ] || pkgs+=("$p"); done
  command -v htpasswd >/dev/null 2>&1 || pkgs+=(apache2-utils)
  if [ "${#pkgs[@]}" -gt 0 ]; then say "installing ${pkgs[*]} (Debian's policy-rc.d keeps them from starting)"; apt_install "${pkgs[@]}"; fi
  if [ ! -d tests/corpus/node_modules ] || [ tests/corpus/package-lock.json -nt tests/corpus/node_modules ]; then
    say "installing the corpus app's packages (npm ci)"
    (cd tests/corpus && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  exit 0
fi

# --- lint: TypeScript checks the JS glue against wasm-bindgen's declarations --------------------
if [ "$mode" = lint ]; then
  command -v node >/dev/null 2>&1 || apt_install nodejs npm
  if [ ! -x tools/lint/node_modules/.bin/tsc ] || [ tools/lint/package-lock.json -nt tools/lint/node_modules ]; then
    say "installing the lint packages (npm ci)"
    (cd tools/lint && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  exit 0
fi

# --- browser tests ------------------------------------------------------------------------------
pkgs=()
[ -x /usr/bin/chromium ] || pkgs+=(chromium)
[ -x /usr/bin/chromedriver ] || pkgs+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || pkgs+=(firefox-esr)
command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)
command -v jq >/dev/null 2>&1 || pkgs+=(jq)
command -v gzip >/dev/null 2>&1 || pkgs+=(gzip)
[ -x /usr/bin/time ] || pkgs+=(time)
if [ "${#pkgs[@]}" -gt 0 ]; then say "installing ${pkgs[*]}"; apt_install "${pkgs[@]}"; fi
if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules ]; then
  say "installing e2e packages (npm ci)"
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
