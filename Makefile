# One task file; CI (.ci/run) calls `make lint` and `make test`, exactly what the README tells a
# contributor to run.
.PHONY: record-oauth record-corpus run test setup setup-test setup-lint build package test-native test-wasm test-e2e bench bench-quick \
  fuzz fuzz-smoke fuzz-long docs lint lint-fmt lint-clippy lint-wasm lint-doc lint-js

PORT ?= 8080

## Sets up the toolchain, builds, and serves the page on 127.0.0.1 (prints how to load the extension).
run: build
	node tools/serve.mjs dist/www $(PORT)

## Sets up everything tests need and runs every test: native, build + packages, wasm in Chromium,
## browser e2e (Chromium and Firefox), quick bench.
test: setup-test
	$(MAKE) test-native
	$(MAKE) fuzz-smoke
	$(MAKE) package
	$(MAKE) test-wasm
	$(MAKE) test-e2e
	$(MAKE) bench-quick

setup:
	tools/setup.sh build

setup-test:
	tools/setup.sh test

setup-lint:
	tools/setup.sh lint

build: setup
	tools/build.sh

## Builds dist/authlens-chrome-<version>.zip and dist/authlens-firefox-<version>.zip (web-ext).
package: setup-test build
	tools/package.sh

test-native:
	cargo test --all-targets
	cargo test --doc

# wasm-bindgen-test in headless Chromium (the runner reads CHROMEDRIVER).
test-wasm:
	. target/toolchain.env && env $$WASM_ENV \
	  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
	  $$WASM_CARGO test --target wasm32-unknown-unknown $$WASM_BUILD_STD --test wasm_binding

test-e2e:
	cd tests/e2e && node --test --test-concurrency=1 --test-reporter=spec

bench:
	bench/run.sh

bench-quick:
	bench/run.sh --quick
	node bench/redact/run.mjs --quick --mb 2

## Every fuzz target for 60 s from the committed corpora (cargo-fuzz; installed by tools/setup.sh fuzz).
fuzz:
	tools/setup.sh fuzz
	fuzz/run-all.sh 60

## The long run documented in fuzz/README.md: 10^7 executions per target, optimised without a
## sanitizer (depth; `make fuzz` is the AddressSanitizer run).
fuzz-long:
	tools/setup.sh fuzz
	fuzz/run-all.sh --fast --runs 10000000

# CI: the corpora were replayed natively by `cargo test` (tests/fuzz_corpus.rs); this adds a short
# libFuzzer run of the parser targets when cargo-fuzz is installed and builds within 60 s.
fuzz-smoke:
	fuzz/run-all.sh --smoke 60

## Re-records the real OAuth/OIDC captures (oidc-provider on 127.0.0.1, headless Chromium).
record-oauth:
	cd tests/e2e && node oauth/record.mjs ../fixtures/har/oauth-real

## Re-records tests/corpus/captures from nginx, apache2, haproxy, squid and an Express app on
## 127.0.0.1 with headless Chromium (installs them first); CI only reads the committed captures.
record-corpus: setup-test
	tools/setup.sh corpus
	node tests/corpus/record.mjs

docs:
	cargo run -q -- docs > docs/findings.md

## The lint gate (CI runs it before the tests): rustfmt, clippy (native and wasm32), rustdoc with
## missing_docs, and tsc over the JS glue. Every step fails on any warning.
lint: setup-lint
	$(MAKE) lint-fmt
	$(MAKE) lint-clippy
	$(MAKE) lint-wasm
	$(MAKE) lint-doc
	$(MAKE) lint-js

lint-fmt:
	cargo fmt --check

lint-clippy:
	cargo clippy --all-targets -- -D warnings

# src/wasm (the DOM UI and the binding) is built only for wasm32, so only this run lints it.
lint-wasm:
	. target/toolchain.env && env $$WASM_ENV $$WASM_CLIPPY --target wasm32-unknown-unknown $$WASM_BUILD_STD \
	  --lib --bin authlens --test wasm_binding -- -D warnings

lint-doc:
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps

# Type-checks extension/*.js and www/*.js against the declarations wasm-bindgen generates
# (target/pkg/authlens.d.ts, so it needs a build) and the DevTools API subset the glue uses.
lint-js: build
	tools/lint/node_modules/.bin/tsc -p tools/lint/tsconfig.json
	tools/lint/node_modules/.bin/tsc -p tools/lint/tsconfig.sw.json
	tools/lint/node_modules/.bin/tsc -p tools/lint/tsconfig.worker.json
