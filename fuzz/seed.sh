#!/bin/sh
# Seeds the fuzz corpora (fuzz/corpus/<target>/, gitignored) from the test fixtures and the
# provider catalogue, so the fuzzers start from realistic input. Safe to re-run: files are named
# by content hash. Needs jq for the JSON fixtures (skipped with a warning otherwise).
# Usage: fuzz/seed.sh
set -eu
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
fixtures=tests/fixtures

# put TARGET < data: stores stdin as one corpus file named by its hash.
put() {
    mkdir -p "$corpus/$1"
    tmp=$(mktemp)
    cat >"$tmp"
    name=$(sha1sum "$tmp" | cut -c1-40)
    mv "$tmp" "$corpus/$1/seed-$name"
}

# paste reads four hint bytes (all "absent" when zero) before the pasted text; input reads text only.
put_paste() {
    tmp_paste=$(mktemp)
    cat >"$tmp_paste"
    { printf '\000\000\000\000'; cat "$tmp_paste"; } | put paste
    put input <"$tmp_paste"
    rm -f "$tmp_paste"
}

for har in "$fixtures"/har/*.har; do
    [ -f "$har" ] || continue
    put har <"$har"
    put har_read <"$har"
    put_paste <"$har"
done

if command -v jq >/dev/null 2>&1; then
    # Every Authorization value of the parser fixtures, and the part after the scheme.
    jq -r '.[] | .value, (.rest // empty) | @json' "$fixtures/parse/credentials.json" | while IFS= read -r json; do
        value=$(printf '%s' "$json" | jq -j '.')
        for target in bytes keys redact; do printf '%s' "$value" | put "$target"; done
        printf 'Authorization: %s\n' "$value" | put_paste
    done
    # Key-shaped strings for every catalogue prefix (filler, not real keys).
    jq -r '.[].prefixes[]?' src/providers/research-providers.json | sort -u | while IFS= read -r prefix; do
        for target in keys redact bytes; do
            printf '%s%s' "$prefix" 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z0A7bC' | put "$target"
        done
    done
else
    echo "jq not found: skipping the credential and catalogue seeds" >&2
fi

# API hosts of the catalogue, for the host lookups.
grep -o 'hosts: &\[[^]]*\]' src/providers/catalogue.rs | grep -o '"[^"]*"' | tr -d '"' | sort -u | while IFS= read -r host; do
    printf '%s' "$host" | sed 's/\*/example/g' | put keys
done

# A few pastes of each shape the paste reader knows.
printf '%s' "curl -H 'Authorization: Bearer  abc ' https://api.example.com/v1/me" | put_paste
printf '%s' "curl -u alice https://api.example.com/v1/me --digest" | put_paste
printf 'GET /v1/me HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer abc\r\n\r\nHTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error="invalid_token"\r\n\r\n' | put_paste
printf 'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm="x"\n' | put_paste
printf '%s' 'fetch("https://api.example.com/v1/me", { headers: { Authorization: `Bearer ${token}` } })' | put_paste
printf '%s' 'axios.get("/v1/me", { headers: { "x-api-key": "abc" } })' | put_paste
printf 'Bearer undefined\n' | put_paste
printf '%s' 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjF9.c2ln' | put_paste

for target in har har_read input paste bytes keys redact; do
    echo "$target: $(ls "$corpus/$target" 2>/dev/null | wc -l) seed files"
done
