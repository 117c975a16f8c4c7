#!/bin/sh
# Seeds the fuzz corpora (fuzz/corpus/<target>/) from the test fixtures and the provider
# catalogue, so the fuzzers start from realistic input. The committed corpora grew from these
# seeds by fuzzing (see fuzz/README.md); re-seeding only adds files. Safe to re-run: files are named
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

# tee_put TARGET... < data: stores the same data for several targets.
tee_put() {
    tmp_tee=$(mktemp)
    cat >"$tmp_tee"
    for target in "$@"; do put "$target" <"$tmp_tee"; done
    rm -f "$tmp_tee"
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
    # Authorization values for the credential parsers, and their token part for JWT/base64/Basic.
    jq -r '.[] | .value | @json' "$fixtures/parse/credentials.json" | while IFS= read -r json; do
        printf '%s' "$json" | jq -j '.' | put authorization
        printf '%s' "$json" | jq -j '. | sub("^[A-Za-z0-9-]+ "; "")' | tee_put jwt base64 basic
    done
    # WWW-Authenticate field lines (one per line) from both challenge fixtures, and the Digest
    # parameters of each (the digest target prepends `Digest `).
    for f in challenges.json challenge-suites.json; do
        jq -r '(if type == "array" then . else .cases end)[] | (.lines // .fields) | join("\n") | @json' "$fixtures/parse/$f" | while IFS= read -r json; do
            printf '%s' "$json" | jq -j '.' | put challenge
            printf '%s' "$json" | jq -j '. | sub("^[A-Za-z0-9-]+ ?"; "")' | put digest
        done
    done
else
    echo "jq not found: skipping the credential, challenge and catalogue seeds" >&2
fi

# A few JWTs (header.payload.signature, fake signatures) and Basic/base64 values.
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
for payload in '{"sub":"u1","exp":1714553600}' '{"aud":["api","web"],"iss":"https://issuer.example","nbf":1,"iat":1}' '{"scope":"read write"}'; do
    for header in '{"alg":"HS256","typ":"JWT"}' '{"alg":"none"}' '{"alg":"RS256","kid":"k1"}'; do
        printf '%s.%s.%s' "$(printf '%s' "$header" | b64url)" "$(printf '%s' "$payload" | b64url)" "c2lnbmF0dXJl" | tee_put jwt base64 redact
    done
done
for pair in 'Aladdin:open sesame' 'user:' ':pass' 'a:b:c' 'user@example.com:p%40ss'; do
    printf '%s' "$pair" | base64 -w0 | tee_put basic base64
done

# Provider error bodies and gateway answers seen in the HAR fixtures (arbitrary-shaped input:
# the bytes are a starting point for the mutator, not a parsed structure).
for har in "$fixtures"/har/*.har; do
    [ -f "$har" ] || continue
    head -c 4096 "$har" | put provider_errors
    head -c 4096 "$har" | put rules
done

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

for target in authorization challenge basic jwt base64 digest har har_read input paste bytes keys provider_errors redact rules; do
    echo "$target: $(ls "$corpus/$target" 2>/dev/null | wc -l) seed files"
done
