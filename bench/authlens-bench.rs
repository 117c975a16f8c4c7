//! The benchmark tool: writes the corpora (fixed seed, so every run measures the same bytes) and
//! times the core natively on them (the reference for the wasm numbers, and what to profile).
//!
//! ```text
//! cargo run --release --example authlens-bench -- corpus OUT_DIR [--quick]
//! cargo run --release --example authlens-bench -- native CORPUS_DIR [--quick] [--only OP,..] [--repeat N]
//! ```
//!
//! `corpus` writes into OUT_DIR `keys.json` (fake keys of every catalogue kind, built by
//! `authlens::providers::fake_key` with the right prefix, length, alphabet and checksum),
//! `headers.json` (`WWW-Authenticate` and `Authorization` values), `jwts.json`, `exchanges.json`
//! (captured requests in the shape the panel passes to the engine) and HAR files: 1, 10 and 50 MB
//! (`--quick`: 1 MB only). `native` prints JSON timings of the same operations the wasm harness
//! measures (no JS boundary): `headers`, `jwt`, `keys`, `har`, `per-request`. Run by `bench/run.sh`;
//! `--repeat N` runs only the work N times without timing output, for `valgrind --tool=callgrind`.

use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

use authlens::har::read_har;
use authlens::model::Exchange;
use authlens::parse::authorization::parse_credentials;
use authlens::parse::challenge::parse_challenges;
use authlens::parse::jwt::decode_jwt;
use authlens::providers::{fake_key, recognize_key, PROVIDERS};
use authlens::rules::{analyze_session, AnalysisOptions, SessionAnalyzer};

const SEED: u64 = 0x0A17_1E45_2026_0001;

/// xorshift64*: deterministic filler, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn text(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| char::from(*self.pick(alphabet))).collect()
    }
    fn hex(&mut self, n: usize) -> String {
        self.text(b"0123456789abcdef", n)
    }
    fn alnum(&mut self, n: usize) -> String {
        self.text(
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            n,
        )
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// Every catalogue key kind, `per_kind` keys each.
fn keys(per_kind: u64) -> Vec<Value> {
    let mut out = Vec::new();
    for provider in PROVIDERS {
        for kind in provider.keys {
            for seed in 0..per_kind {
                out.push(json!({
                    "provider": provider.id,
                    "kind": kind.id,
                    "prefixed": !kind.prefix.is_empty(),
                    "contextOnly": kind.context_only,
                    "key": fake_key(provider, kind, SEED ^ seed),
                }));
            }
        }
    }
    out
}

fn jwt(rng: &mut Rng, now_s: i64) -> String {
    let (alg, sig_len) = *rng.pick(&[
        ("RS256", 256),
        ("ES256", 64),
        ("HS256", 32),
        ("PS256", 256),
        ("EdDSA", 64),
    ]);
    let mut header = json!({"alg": alg, "typ": "JWT"});
    if rng.chance(70) {
        header["kid"] = json!(rng.alnum(22));
    }
    let iat = now_s - rng.below(7200) as i64;
    let exp = if rng.chance(15) { iat - 60 } else { iat + 3600 };
    let iss = rng.pick(&[
        "https://login.example.com/",
        "https://accounts.google.com",
        "https://example.auth0.com/",
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
    ]);
    let mut claims = json!({
        "iss": iss, "sub": format!("user|{}", rng.hex(24)), "aud": rng.pick(&["https://api.example.com", "account", "my-spa-client"]),
        "iat": iat, "exp": exp, "jti": rng.hex(32),
    });
    if rng.chance(50) {
        claims["nbf"] = json!(iat);
        claims["scope"] = json!("openid profile email read:orders write:orders");
    }
    if rng.chance(40) {
        claims["email"] = json!(format!("{}@example.com", rng.alnum(8).to_lowercase()));
        claims["email_verified"] = json!(true);
        claims["roles"] = json!(["admin", "billing", "support"]);
        claims["https://example.com/claims/org"] =
            json!({"id": rng.hex(16), "name": "Example Org"});
    }
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!(
        "{}.{}.{}",
        enc(&header),
        enc(&claims),
        URL_SAFE_NO_PAD.encode(rng.bytes(sig_len))
    )
}

fn www_authenticate(rng: &mut Rng) -> String {
    let realm = rng.pick(&["api", "example.com", "Restricted Area", "users@example.com"]);
    match rng.below(9) {
        0 => format!("Bearer realm=\"{realm}\""),
        1 => format!("Bearer realm=\"{realm}\", error=\"invalid_token\", error_description=\"The access token expired\""),
        2 => "Bearer error=\"insufficient_scope\", scope=\"read:orders write:orders\", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource\"".to_owned(),
        3 => format!("Basic realm=\"{realm}\", charset=\"UTF-8\""),
        4 => format!("Digest realm=\"{realm}\", qop=\"auth,auth-int\", algorithm=SHA-256, nonce=\"{}\", opaque=\"{}\"", rng.hex(32), rng.hex(32)),
        5 => format!("Negotiate, Basic realm=\"{realm}\""),
        6 => format!("Bearer realm=\"{realm}\", Basic realm=\"{realm}\", charset=\"UTF-8\""),
        7 => "Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\"".to_owned(),
        _ => format!("Digest realm=\"{realm}\", domain=\"/ /admin\", nonce=\"{}\", stale=true, algorithm=MD5, qop=\"auth\", userhash=true", rng.hex(40)),
    }
}

fn authorization(rng: &mut Rng, keys: &[Value], now_s: i64) -> String {
    match rng.below(8) {
        0 | 1 => format!("Bearer {}", jwt(rng, now_s)),
        2 => {
            let key = rng.pick(keys)["key"].as_str().unwrap_or_default().to_owned();
            format!("Bearer {key}")
        }
        3 => format!("Basic {}", STANDARD.encode(format!("{}:{}", rng.alnum(8), rng.alnum(16)))),
        4 => format!(
            "Digest username=\"{}\", realm=\"api\", nonce=\"{}\", uri=\"/v1/orders?page=2\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"{}\", response=\"{}\", opaque=\"{}\"",
            rng.alnum(8), rng.hex(32), rng.hex(16), rng.hex(64), rng.hex(32)
        ),
        5 => format!(
            "AWS4-HMAC-SHA256 Credential=AKIA{}/20260101/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature={}",
            rng.text(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), rng.hex(64)
        ),
        6 => format!("token {}", rng.pick(keys)["key"].as_str().unwrap_or_default()),
        _ => rng.pick(&["Bearer undefined", "Bearer null", "Bearer ", "bearer  [object Object]"]).to_string(),
    }
}

fn header(name: &str, value: impl Into<String>) -> Value {
    json!({"name": name, "value": value.into()})
}

const HOSTS: &[&str] = &[
    "api.example.com",
    "www.example.com",
    "cdn.example.net",
    "api.openai.com",
    "api.stripe.com",
    "api.github.com",
    "auth.example.com",
    "api.anthropic.com",
];

/// One Chrome-style HAR entry.
fn har_entry(rng: &mut Rng, keys: &[Value], index: usize, now_s: i64) -> Value {
    let host = *rng.pick(HOSTS);
    let is_api = host.starts_with("api.") || host.starts_with("auth.");
    let path = if is_api {
        format!(
            "/v1/{}/{}",
            rng.pick(&[
                "orders",
                "users",
                "me",
                "charges",
                "repos",
                "chat/completions",
                "token"
            ]),
            rng.below(100_000)
        )
    } else {
        format!(
            "/static/{}.{}",
            rng.hex(12),
            rng.pick(&["js", "css", "png", "html", "woff2"])
        )
    };
    let url = format!("https://{host}{path}?page={}&lang=en", rng.below(20));
    let status: u16 = *rng.pick(&[
        200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 204, 302,
        401, 401, 403, 404, 500, 0,
    ]);
    let method = if is_api {
        *rng.pick(&["GET", "GET", "POST", "PUT", "DELETE", "OPTIONS"])
    } else {
        "GET"
    };

    let mut req_headers = vec![
        header(":authority", host),
        header(":method", method),
        header(":path", path.clone()),
        header(":scheme", "https"),
        header("accept", if is_api { "application/json, text/plain, */*" } else { "*/*" }),
        header("accept-encoding", "gzip, deflate, br, zstd"),
        header("accept-language", "en-GB,en;q=0.9,fr;q=0.8"),
        header("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36"),
        header("sec-ch-ua", "\"Chromium\";v=\"156\", \"Not-A.Brand\";v=\"24\""),
        header("sec-ch-ua-mobile", "?0"),
        header("sec-ch-ua-platform", "\"Linux\""),
        header("sec-fetch-dest", "empty"),
        header("sec-fetch-mode", "cors"),
        header("sec-fetch-site", "same-site"),
        header("referer", "https://www.example.com/dashboard"),
    ];
    if rng.chance(50) {
        req_headers.push(header(
            "cookie",
            format!(
                "session={}; _ga=GA1.1.{}.{}; theme=dark",
                rng.alnum(40),
                rng.below(1 << 30),
                rng.below(1 << 30)
            ),
        ));
    }
    if is_api && rng.chance(85) {
        if rng.chance(20) {
            req_headers.push(header(
                "x-api-key",
                rng.pick(keys)["key"].as_str().unwrap_or_default(),
            ));
        } else {
            req_headers.push(header("authorization", authorization(rng, keys, now_s)));
        }
    }
    if method == "POST" || method == "PUT" {
        req_headers.push(header("content-type", "application/json"));
    }

    let (mime, body_len) = if is_api {
        let big = rng.chance(10);
        (
            "application/json",
            80 + rng.below(if big { 60_000 } else { 3_000 }),
        )
    } else {
        let mime = *rng.pick(&[
            "application/javascript",
            "text/css",
            "text/html",
            "image/png",
            "font/woff2",
        ]);
        let big = rng.chance(15);
        (mime, 500 + rng.below(if big { 400_000 } else { 30_000 }))
    };
    let mut resp_headers = vec![
        header("content-type", format!("{mime}; charset=utf-8")),
        header("date", "Sun, 29 Nov 2026 20:00:00 GMT"),
        header(
            "server",
            *rng.pick(&["nginx", "cloudflare", "envoy", "AmazonS3"]),
        ),
        header("cache-control", "no-store"),
        header("vary", "Origin, Accept-Encoding"),
        header("access-control-allow-origin", "https://www.example.com"),
        header("x-request-id", rng.hex(32)),
    ];
    if status == 401 {
        resp_headers.push(header("www-authenticate", www_authenticate(rng)));
    }
    if status == 302 {
        resp_headers.push(header(
            "location",
            "https://auth.example.com/login?next=%2Fdashboard",
        ));
    }

    let (text, encoding) = match (status, mime) {
        (0 | 204 | 304, _) => (None, None),
        (401, _) => (Some(json!({"error": {"message": "Incorrect API key provided", "type": "invalid_request_error", "code": "invalid_api_key"}}).to_string()), None),
        (_, "image/png" | "font/woff2") => (Some(STANDARD.encode(rng.bytes(body_len * 3 / 4))), Some("base64")),
        (_, "application/json") => {
            let mut s = String::from("{\"data\":[");
            while s.len() < body_len {
                let _ = write!(s, "{{\"id\":\"{}\",\"amount\":{},\"note\":\"caf\\u00e9 \\\"quoted\\\" {}\"}},", rng.hex(12), rng.below(100_000), rng.alnum(20));
            }
            s.pop();
            s.push_str("]}");
            (Some(s), None)
        }
        _ => {
            let mut s = String::new();
            while s.len() < body_len {
                let _ = write!(s, "function f{}(a,b){{return a+b*{};}}\n/* {} */\n", rng.below(1000), rng.below(100), rng.alnum(40));
            }
            (Some(s), None)
        }
    };
    let size = text.as_ref().map_or(0, String::len);
    let mut content = json!({"size": size, "mimeType": mime});
    if let Some(t) = text {
        content["text"] = json!(t);
    }
    if let Some(e) = encoding {
        content["encoding"] = json!(e);
    }
    let started_ms = (now_s * 1000) as u64 + index as u64 * 37;
    let secs = started_ms / 1000;
    json!({
        "_initiator": {"type": "script", "stack": {"callFrames": [{"functionName": "fetchJson", "scriptId": "12", "url": "https://www.example.com/static/app.js", "lineNumber": 120, "columnNumber": 17}]}},
        "_priority": "High",
        "_resourceType": if is_api { "fetch" } else { "script" },
        "cache": {},
        "connection": "443",
        "pageref": "page_1",
        "request": {
            "method": method, "url": url, "httpVersion": "http/2.0", "headers": req_headers,
            "queryString": [{"name": "page", "value": "1"}, {"name": "lang", "value": "en"}],
            "cookies": [], "headersSize": -1, "bodySize": 0,
        },
        "response": {
            "status": status, "statusText": "", "httpVersion": "http/2.0", "headers": resp_headers, "cookies": [],
            "content": content, "redirectURL": if status == 302 { "https://auth.example.com/login?next=%2Fdashboard" } else { "" },
            "headersSize": -1, "bodySize": size, "_transferSize": size + 300, "_error": null,
        },
        "serverIPAddress": "192.0.2.10",
        "startedDateTime": format!("2026-11-29T{:02}:{:02}:{:02}.{:03}Z", (secs / 3600) % 24, (secs / 60) % 60, secs % 60, started_ms % 1000),
        "time": 20.5 + rng.below(500) as f64,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 18.0, "receive": 1.2, "_blocked_queueing": 0.8},
    })
}

/// A HAR of at least `target_bytes`, and how many entries (and 401s) it holds.
fn har(rng: &mut Rng, keys: &[Value], target_bytes: usize, now_s: i64) -> (String, usize, usize) {
    let mut out = String::with_capacity(target_bytes + 512 * 1024);
    out.push_str(r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"startedDateTime":"2026-11-29T20:00:00.000Z","id":"page_1","title":"https://www.example.com/dashboard","pageTimings":{"onContentLoad":410.5,"onLoad":980.1}}],"entries":["#);
    let (mut n, mut unauthorized) = (0, 0);
    while out.len() < target_bytes {
        let entry = har_entry(rng, keys, n, now_s);
        if entry["response"]["status"] == 401 {
            unauthorized += 1;
        }
        if n > 0 {
            out.push(',');
        }
        out.push_str(&entry.to_string());
        n += 1;
    }
    out.push_str("]}}");
    (out, n, unauthorized)
}

/// A captured request as the panel hands it to the engine.
fn exchange(rng: &mut Rng, keys: &[Value], now_s: i64) -> Exchange {
    let entry = har_entry(rng, keys, 0, now_s);
    let mut ex = Exchange::new(
        entry["request"]["method"].as_str().unwrap_or("GET"),
        entry["request"]["url"].as_str().unwrap_or_default(),
    );
    for h in entry["request"]["headers"].as_array().into_iter().flatten() {
        ex = ex.with_request_header(
            h["name"].as_str().unwrap_or_default(),
            h["value"].as_str().unwrap_or_default(),
        );
    }
    for h in entry["response"]["headers"]
        .as_array()
        .into_iter()
        .flatten()
    {
        ex = ex.with_response_header(
            h["name"].as_str().unwrap_or_default(),
            h["value"].as_str().unwrap_or_default(),
        );
    }
    ex = ex
        .with_status(entry["response"]["status"].as_u64().unwrap_or(0) as u16)
        .with_started_at_ms(now_s * 1000);
    if let Some(text) = entry["response"]["content"]["text"].as_str() {
        if entry["response"]["content"]["encoding"].is_null() {
            ex = ex.with_body(text);
        }
    }
    ex.resource_type = Some("fetch".to_owned());
    ex
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    fs::write(dir.join(name), text)
        .map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
}

const USAGE: &str = "usage: authlens-bench corpus OUT_DIR [--quick] | native CORPUS_DIR [--quick] [--only OP,..] [--repeat N]";

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let mut positional = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--")
                && (*i == 0 || !matches!(args[i - 1].as_str(), "--only" | "--repeat"))
        })
        .map(|(_, a)| a);
    let command = positional.next().ok_or(USAGE)?;
    let dir = PathBuf::from(positional.next().ok_or(USAGE)?);
    match command.as_str() {
        "corpus" => write_corpus(&dir, quick),
        "native" => {
            let only: Option<Vec<String>> =
                flag("--only").map(|s| s.split(',').map(str::to_owned).collect());
            let repeat = flag("--repeat")
                .map(|n| {
                    n.parse::<usize>()
                        .map_err(|_| format!("--repeat wants a count, got {n}"))
                })
                .transpose()?;
            native(&dir, quick, only.as_deref(), repeat)
        }
        _ => Err(USAGE.to_owned()),
    }
}

fn write_corpus(dir: &Path, quick: bool) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut rng = Rng(SEED);
    let now_s = 1_795_982_400; // 2026-11-29T20:00:00Z: fixed, so expiry findings do not drift.

    let keys = keys(if quick { 3 } else { 25 });
    let n_headers = if quick { 300 } else { 3000 };
    let www: Vec<String> = (0..n_headers).map(|_| www_authenticate(&mut rng)).collect();
    let auth: Vec<String> = (0..n_headers)
        .map(|_| authorization(&mut rng, &keys, now_s))
        .collect();
    let jwts: Vec<String> = (0..n_headers).map(|_| jwt(&mut rng, now_s)).collect();
    let exchanges: Vec<Exchange> = (0..if quick { 200 } else { 2000 })
        .map(|_| exchange(&mut rng, &keys, now_s))
        .collect();
    write(dir, "keys.json", &to_json(&keys)?)?;
    write(
        dir,
        "headers.json",
        &json!({"wwwAuthenticate": www, "authorization": auth}).to_string(),
    )?;
    write(dir, "jwts.json", &to_json(&jwts)?)?;
    write(dir, "exchanges.json", &to_json(&exchanges)?)?;

    let sizes: &[(&str, usize)] = if quick {
        &[("1mb", 1 << 20)]
    } else {
        &[("1mb", 1 << 20), ("10mb", 10 << 20), ("50mb", 50 << 20)]
    };
    let mut hars = Vec::new();
    for (label, bytes) in sizes {
        let (text, entries, unauthorized) = har(&mut rng, &keys, *bytes, now_s);
        let name = format!("har-{label}.har");
        write(dir, &name, &text)?;
        hars.push(json!({"label": label, "file": name, "bytes": text.len(), "entries": entries, "unauthorized": unauthorized}));
    }
    let manifest = json!({
        "seed": format!("{SEED:#x}"), "quick": quick, "nowMs": now_s * 1000,
        "keys": keys.len(), "providers": PROVIDERS.len(), "headers": n_headers, "jwts": jwts.len(),
        "exchanges": exchanges.len(), "hars": hars,
    });
    write(
        dir,
        "manifest.json",
        &serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?,
    )?;
    println!("{manifest}");
    Ok(())
}

fn read_json(dir: &Path, name: &str) -> Result<Value, String> {
    let text = fs::read_to_string(dir.join(name))
        .map_err(|e| format!("cannot read {}: {e}", dir.join(name).display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// Median, p10, p90 and p99 (nearest rank) of `samples`, in microseconds.
fn summary(mut samples: Vec<f64>) -> Value {
    samples.sort_by(f64::total_cmp);
    let q = |p: f64| {
        samples
            .get(
                ((p * samples.len() as f64).ceil() as usize)
                    .saturating_sub(1)
                    .min(samples.len().saturating_sub(1)),
            )
            .copied()
            .unwrap_or(f64::NAN)
    };
    let median = q(0.5);
    json!({"median": median, "p10": q(0.1), "p90": q(0.9), "p99": q(0.99), "min": samples.first(), "max": samples.last(),
           "spreadPct": if median > 0.0 { 100.0 * (q(0.9) - q(0.1)) / (2.0 * median) } else { 0.0 }, "n": samples.len()})
}

/// Per-item microseconds over `samples` passes of `pass` (each repeated to last at least 20 ms).
fn time_passes(items: usize, samples: usize, mut pass: impl FnMut() -> usize) -> (Value, usize) {
    let mut handled = pass();
    let mut per_item = Vec::with_capacity(samples);
    for _ in 0..samples {
        let start = Instant::now();
        let mut reps = 0;
        while start.elapsed().as_secs_f64() < 0.02 || reps == 0 {
            handled = black_box(pass());
            reps += 1;
        }
        per_item.push(start.elapsed().as_secs_f64() * 1e6 / (reps * items.max(1)) as f64);
    }
    (summary(per_item), handled)
}

fn native(
    dir: &Path,
    quick: bool,
    only: Option<&[String]>,
    repeat: Option<usize>,
) -> Result<(), String> {
    let wants = |op: &str| only.is_none_or(|o| o.iter().any(|x| x == op));
    let samples = if quick { 5 } else { 15 };
    let opts = AnalysisOptions::default();
    let headers = read_json(dir, "headers.json")?;
    let www = strings(&headers["wwwAuthenticate"]);
    let auth = strings(&headers["authorization"]);
    let jwts = strings(&read_json(dir, "jwts.json")?);
    let str_of = |v: &Value, f: &str| v[f].as_str().unwrap_or_default().to_owned();
    let key_rows = read_json(dir, "keys.json")?;
    let keys: Vec<(String, String)> = key_rows
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| (str_of(k, "provider"), str_of(k, "key")))
        .collect();
    let kinds: Vec<String> = key_rows
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| format!("{}/{}", str_of(k, "provider"), str_of(k, "kind")))
        .collect();
    let exchanges: Vec<Exchange> = serde_json::from_value(read_json(dir, "exchanges.json")?)
        .map_err(|e| format!("exchanges.json: {e}"))?;
    let manifest = read_json(dir, "manifest.json")?;

    let ops_www = || {
        www.iter()
            .filter(|v| parse_challenges(&[v.as_str()]).is_ok())
            .count()
    };
    let ops_auth = || auth.iter().filter(|v| parse_credentials(v).is_ok()).count();
    let ops_jwt = || jwts.iter().filter(|t| decode_jwt(t).is_ok()).count();
    let ops_keys = || {
        keys.iter()
            .filter(|(_, k)| !recognize_key(k).matches.is_empty())
            .count()
    };
    let ops_requests = || {
        let mut session = SessionAnalyzer::new(opts.clone());
        exchanges
            .iter()
            .map(|ex| black_box(session.push(ex)).entry.findings.len())
            .sum::<usize>()
    };
    let hars: Vec<(String, Vec<u8>)> = manifest["hars"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|h| {
            let file = h["file"].as_str().unwrap_or_default();
            fs::read(dir.join(file))
                .map(|b| (h["label"].as_str().unwrap_or_default().to_owned(), b))
                .map_err(|e| format!("{file}: {e}"))
        })
        .collect::<Result<_, _>>()?;
    let analyze_har = |bytes: &[u8]| {
        read_har(bytes)
            .map(|log| analyze_session(&log.exchanges, &opts))
            .is_ok()
    };

    if let Some(n) = repeat {
        // Profiling mode: the work only, no timing or output.
        for _ in 0..n {
            if wants("headers") {
                black_box(ops_www() + ops_auth());
            }
            if wants("jwt") {
                black_box(ops_jwt());
            }
            if wants("keys") {
                black_box(ops_keys());
            }
            if wants("per-request") {
                black_box(ops_requests());
            }
            if wants("har") {
                for (_, bytes) in &hars {
                    black_box(analyze_har(bytes));
                }
            }
            if wants("har-read") {
                for (_, bytes) in &hars {
                    black_box(read_har(bytes).is_ok());
                }
            }
        }
        return Ok(());
    }

    let mut rows = Vec::new();
    let mut row = |task: &str, items: usize, (us, handled): (Value, usize)| {
        rows.push(json!({"task": task, "tool": "authlens (native)", "items": items, "handled": handled, "us": us}))
    };
    if wants("headers") {
        row(
            "WWW-Authenticate",
            www.len(),
            time_passes(www.len(), samples, ops_www),
        );
        row(
            "Authorization",
            auth.len(),
            time_passes(auth.len(), samples, ops_auth),
        );
    }
    if wants("jwt") {
        row(
            "JWT decode",
            jwts.len(),
            time_passes(jwts.len(), samples, ops_jwt),
        );
    }
    if wants("keys") {
        row(
            "key recognition",
            keys.len(),
            time_passes(keys.len(), samples, ops_keys),
        );
    }
    if wants("har") {
        for (label, bytes) in &hars {
            row(
                &format!("HAR {label}"),
                1,
                time_passes(1, if quick { 3 } else { 5 }, || {
                    usize::from(analyze_har(bytes))
                }),
            );
        }
    }
    if wants("har-read") {
        // The reader alone (no rules): what the HAR profile in RESULTS.md is about.
        for (label, bytes) in &hars {
            row(
                &format!("HAR {label} read only"),
                1,
                time_passes(1, if quick { 3 } else { 5 }, || {
                    usize::from(read_har(bytes).is_ok())
                }),
            );
        }
    }
    let mut per_request = Value::Null;
    if wants("per-request") {
        // A fresh session per round, so request i meets the same state each time; its minimum
        // over rounds filters out preemption by other jobs (the raw samples keep it).
        let rounds = if quick { 3 } else { 7 };
        let mut best = vec![f64::INFINITY; exchanges.len()];
        let mut raw = Vec::with_capacity(exchanges.len() * rounds);
        black_box(ops_requests());
        for _ in 0..rounds {
            let mut session = SessionAnalyzer::new(opts.clone());
            for (i, ex) in exchanges.iter().enumerate() {
                let start = Instant::now();
                black_box(session.push(ex));
                let us = start.elapsed().as_secs_f64() * 1e6;
                raw.push(us);
                if let Some(b) = best.get_mut(i) {
                    *b = b.min(us);
                }
            }
        }
        per_request = json!({"minOfRounds": summary(best), "raw": summary(raw), "rounds": rounds});
    }
    // Which keys name the right provider (best match first), and the kinds that never do.
    let (mut any, mut correct) = (0, 0);
    let mut missed = std::collections::BTreeSet::new();
    for ((provider, key), kind) in keys.iter().zip(&kinds) {
        let found = recognize_key(key);
        any += usize::from(!found.matches.is_empty());
        if found
            .matches
            .first()
            .is_some_and(|m| m.provider_id == provider.as_str())
        {
            correct += 1;
        } else {
            missed.insert(kind.clone());
        }
    }
    let recognised =
        json!({"any": any, "correctProvider": correct, "of": keys.len(), "kindsMissed": missed});
    println!(
        "{}",
        json!({"env": "native", "rows": rows, "perRequest": per_request, "keysRecognised": recognised})
    );
    Ok(())
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| e.to_string())
}

fn main() {
    if let Err(message) = run() {
        eprintln!("corpus-gen: {message}");
        std::process::exit(2);
    }
}
