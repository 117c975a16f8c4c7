//! Writes the benchmark corpora (fixed seed, so every run measures the same bytes).
//!
//! ```text
//! cargo run --release --example corpus-gen -- OUT_DIR [--quick]
//! ```
//!
//! OUT_DIR receives `keys.json` (fake keys of every catalogue kind, built by
//! `authlens::providers::fake_key` with the right prefix, length, alphabet and checksum),
//! `headers.json` (`WWW-Authenticate` and `Authorization` values), `jwts.json`, `exchanges.json`
//! (captured requests in the shape the panel passes to the engine) and HAR files: 1, 10 and 50 MB
//! (`--quick`: 1 MB only). Run by `bench/run.sh`; nothing here is timed.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{json, Value};

use authlens::model::Exchange;
use authlens::providers::{fake_key, PROVIDERS};

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
        self.text(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", n)
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
    let (alg, sig_len) = *rng.pick(&[("RS256", 256), ("ES256", 64), ("HS256", 32), ("PS256", 256), ("EdDSA", 64)]);
    let mut header = json!({"alg": alg, "typ": "JWT"});
    if rng.chance(70) {
        header["kid"] = json!(rng.alnum(22));
    }
    let iat = now_s - rng.below(7200) as i64;
    let exp = if rng.chance(15) { iat - 60 } else { iat + 3600 };
    let iss = rng.pick(&["https://login.example.com/", "https://accounts.google.com", "https://example.auth0.com/", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123"]);
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
        claims["https://example.com/claims/org"] = json!({"id": rng.hex(16), "name": "Example Org"});
    }
    let enc = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
    format!("{}.{}.{}", enc(&header), enc(&claims), URL_SAFE_NO_PAD.encode(rng.bytes(sig_len)))
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

const HOSTS: &[&str] = &["api.example.com", "www.example.com", "cdn.example.net", "api.openai.com", "api.stripe.com", "api.github.com", "auth.example.com", "api.anthropic.com"];

/// One Chrome-style HAR entry.
fn har_entry(rng: &mut Rng, keys: &[Value], index: usize, now_s: i64) -> Value {
    let host = *rng.pick(HOSTS);
    let is_api = host.starts_with("api.") || host.starts_with("auth.");
    let path = if is_api {
        format!("/v1/{}/{}", rng.pick(&["orders", "users", "me", "charges", "repos", "chat/completions", "token"]), rng.below(100_000))
    } else {
        format!("/static/{}.{}", rng.hex(12), rng.pick(&["js", "css", "png", "html", "woff2"]))
    };
    let url = format!("https://{host}{path}?page={}&lang=en", rng.below(20));
    let status: u16 = *rng.pick(&[200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 304, 304, 204, 302, 401, 401, 403, 404, 500, 0]);
    let method = if is_api { *rng.pick(&["GET", "GET", "POST", "PUT", "DELETE", "OPTIONS"]) } else { "GET" };

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
        req_headers.push(header("cookie", format!("session={}; _ga=GA1.1.{}.{}; theme=dark", rng.alnum(40), rng.below(1 << 30), rng.below(1 << 30))));
    }
    if is_api && rng.chance(85) {
        if rng.chance(20) {
            req_headers.push(header("x-api-key", rng.pick(keys)["key"].as_str().unwrap_or_default()));
        } else {
            req_headers.push(header("authorization", authorization(rng, keys, now_s)));
        }
    }
    if method == "POST" || method == "PUT" {
        req_headers.push(header("content-type", "application/json"));
    }

    let (mime, body_len) = if is_api {
        let big = rng.chance(10);
        ("application/json", 80 + rng.below(if big { 60_000 } else { 3_000 }))
    } else {
        let mime = *rng.pick(&["application/javascript", "text/css", "text/html", "image/png", "font/woff2"]);
        let big = rng.chance(15);
        (mime, 500 + rng.below(if big { 400_000 } else { 30_000 }))
    };
    let mut resp_headers = vec![
        header("content-type", format!("{mime}; charset=utf-8")),
        header("date", "Sun, 29 Nov 2026 20:00:00 GMT"),
        header("server", *rng.pick(&["nginx", "cloudflare", "envoy", "AmazonS3"])),
        header("cache-control", "no-store"),
        header("vary", "Origin, Accept-Encoding"),
        header("access-control-allow-origin", "https://www.example.com"),
        header("x-request-id", rng.hex(32)),
    ];
    if status == 401 {
        resp_headers.push(header("www-authenticate", www_authenticate(rng)));
    }
    if status == 302 {
        resp_headers.push(header("location", "https://auth.example.com/login?next=%2Fdashboard"));
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
    let mut ex = Exchange::new(entry["request"]["method"].as_str().unwrap_or("GET"), entry["request"]["url"].as_str().unwrap_or_default());
    for h in entry["request"]["headers"].as_array().into_iter().flatten() {
        ex = ex.with_request_header(h["name"].as_str().unwrap_or_default(), h["value"].as_str().unwrap_or_default());
    }
    for h in entry["response"]["headers"].as_array().into_iter().flatten() {
        ex = ex.with_response_header(h["name"].as_str().unwrap_or_default(), h["value"].as_str().unwrap_or_default());
    }
    ex = ex.with_status(entry["response"]["status"].as_u64().unwrap_or(0) as u16).with_started_at_ms(now_s * 1000);
    if let Some(text) = entry["response"]["content"]["text"].as_str() {
        if entry["response"]["content"]["encoding"].is_null() {
            ex = ex.with_body(text);
        }
    }
    ex.resource_type = Some("fetch".to_owned());
    ex
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    fs::write(dir.join(name), text).map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let dir = PathBuf::from(args.iter().find(|a| !a.starts_with("--")).ok_or("usage: corpus-gen OUT_DIR [--quick]")?);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut rng = Rng(SEED);
    let now_s = 1_795_982_400; // 2026-11-29T20:00:00Z: fixed, so expiry findings do not drift.

    let keys = keys(if quick { 3 } else { 25 });
    let n_headers = if quick { 300 } else { 3000 };
    let www: Vec<String> = (0..n_headers).map(|_| www_authenticate(&mut rng)).collect();
    let auth: Vec<String> = (0..n_headers).map(|_| authorization(&mut rng, &keys, now_s)).collect();
    let jwts: Vec<String> = (0..n_headers).map(|_| jwt(&mut rng, now_s)).collect();
    let exchanges: Vec<Exchange> = (0..if quick { 200 } else { 2000 }).map(|_| exchange(&mut rng, &keys, now_s)).collect();
    write(&dir, "keys.json", &to_json(&keys)?)?;
    write(&dir, "headers.json", &json!({"wwwAuthenticate": www, "authorization": auth}).to_string())?;
    write(&dir, "jwts.json", &to_json(&jwts)?)?;
    write(&dir, "exchanges.json", &to_json(&exchanges)?)?;

    let sizes: &[(&str, usize)] = if quick { &[("1mb", 1 << 20)] } else { &[("1mb", 1 << 20), ("10mb", 10 << 20), ("50mb", 50 << 20)] };
    let mut hars = Vec::new();
    for (label, bytes) in sizes {
        let (text, entries, unauthorized) = har(&mut rng, &keys, *bytes, now_s);
        let name = format!("har-{label}.har");
        write(&dir, &name, &text)?;
        hars.push(json!({"label": label, "file": name, "bytes": text.len(), "entries": entries, "unauthorized": unauthorized}));
    }
    let manifest = json!({
        "seed": format!("{SEED:#x}"), "quick": quick, "nowMs": now_s * 1000,
        "keys": keys.len(), "providers": PROVIDERS.len(), "headers": n_headers, "jwts": jwts.len(),
        "exchanges": exchanges.len(), "hars": hars,
    });
    write(&dir, "manifest.json", &serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?)?;
    println!("{manifest}");
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
