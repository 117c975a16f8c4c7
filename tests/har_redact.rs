//! `authlens redact`: the output is a valid HAR with the same entries, no secret survives, and
//! `check` on it reports what it reports on the original.

use std::collections::BTreeSet;

use authlens::har::read_har;
use authlens::har_redact::placeholder::{rehydrate, Salt};
use authlens::har_redact::{redact_har_string, rehydrate_exchange, RedactOptions};
use authlens::providers::{fake_key, Scheme, PROVIDERS};
use authlens::rules::{analyze_session, AnalysisOptions};
use base64::Engine as _;
use serde_json::{json, Value};

const NOW_MS: i64 = 1_714_557_600_000; // 2024-05-01T10:00:00Z

fn salt() -> Salt {
    Salt::from_bytes([42; 32])
}

/// One HAR entry. `secrets` are the values that must not survive (their secret parts).
struct Case {
    method: &'static str,
    url: String,
    request_headers: Vec<(String, String)>,
    status: u16,
    response_headers: Vec<(String, String)>,
    body: Option<(String, String)>,
    post: Option<(String, String)>,
    secrets: Vec<String>,
}

impl Case {
    fn new(url: impl Into<String>, status: u16) -> Self {
        Case {
            method: "GET",
            url: url.into(),
            request_headers: Vec::new(),
            status,
            response_headers: Vec::new(),
            body: None,
            post: None,
            secrets: Vec::new(),
        }
    }
    fn req(mut self, name: &str, value: impl Into<String>) -> Self {
        self.request_headers.push((name.to_owned(), value.into()));
        self
    }
    fn resp(mut self, name: &str, value: impl Into<String>) -> Self {
        self.response_headers.push((name.to_owned(), value.into()));
        self
    }
    fn secret(mut self, s: impl Into<String>) -> Self {
        self.secrets.push(s.into());
        self
    }
    fn body(mut self, mime: &str, text: impl Into<String>) -> Self {
        self.body = Some((mime.to_owned(), text.into()));
        self
    }
    fn post(mut self, mime: &str, text: impl Into<String>) -> Self {
        self.method = "POST";
        self.post = Some((mime.to_owned(), text.into()));
        self
    }
}

fn har_of(cases: &[Case]) -> String {
    let entries: Vec<Value> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let headers = |h: &[(String, String)]| -> Vec<Value> {
                h.iter()
                    .map(|(n, v)| json!({"name": n, "value": v}))
                    .collect()
            };
            let query: Vec<Value> = c
                .url
                .split_once('?')
                .map(|(_, q)| {
                    q.split('#')
                        .next()
                        .unwrap_or("")
                        .split('&')
                        .filter_map(|p| p.split_once('='))
                        .map(|(n, v)| json!({"name": n, "value": v}))
                        .collect()
                })
                .unwrap_or_default();
            let mut request = json!({
                "method": c.method, "url": c.url, "httpVersion": "HTTP/1.1",
                "headers": headers(&c.request_headers), "queryString": query, "cookies": [],
                "headersSize": -1, "bodySize": 0
            });
            if let Some((mime, text)) = &c.post {
                request["postData"] = json!({"mimeType": mime, "text": text});
            }
            let (mime, text) = c.body.clone().unwrap_or(("text/plain".into(), String::new()));
            let ms = NOW_MS + 1000 * i as i64;
            json!({
                "startedDateTime": format!("2024-05-01T10:{:02}:{:02}.000Z", (ms / 60_000) % 60, (ms / 1000) % 60),
                "time": 12.5,
                "request": request,
                "response": {
                    "status": c.status, "statusText": "", "httpVersion": "HTTP/1.1",
                    "headers": headers(&c.response_headers), "cookies": [],
                    "content": {"size": text.len(), "mimeType": mime, "text": text},
                    "redirectURL": "", "headersSize": -1, "bodySize": -1
                },
                "cache": {}, "timings": {"send": 0, "wait": 10, "receive": 1}
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({"log": {
        "version": "1.2", "creator": {"name": "authlens-test", "version": "1"},
        "pages": [{"id": "page_1", "title": "https://app.example.com/?access_token=pagetitlesecretABCDEF123", "startedDateTime": "2024-05-01T10:00:00.000Z", "pageTimings": {}}],
        "entries": entries
    }}))
    .unwrap()
}

fn b64url(s: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
}

/// A JWS whose signature is `sig_bytes` fake bytes (256: RS256-sized, 64: HS512-sized).
fn jwt(claims: &str, sig_bytes: usize) -> String {
    let raw: Vec<u8> = (0..sig_bytes).map(|i| (i * 73 + 19) as u8).collect();
    let sig = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw);
    format!(
        "{}.{}.{sig}",
        b64url(r#"{"alg":"RS256","typ":"JWT"}"#),
        b64url(claims)
    )
}

fn host_of(provider: &authlens::providers::Provider) -> String {
    provider
        .hosts
        .first()
        .map(|h| h.replace("*.", "x.").replace(".*.", ".us-east-1."))
        .unwrap_or_else(|| "api.example.com".to_owned())
}

/// Healthy and broken keys of every catalogue kind, sent the way their provider expects.
fn key_cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (pi, p) in PROVIDERS.iter().enumerate() {
        let host = host_of(p);
        for (ki, k) in p.keys.iter().enumerate() {
            let key = fake_key(p, k, (pi * 31 + ki) as u64);
            let Some(place) = p.preferred_auth() else {
                continue;
            };
            let variants: Vec<String> = vec![
                key.clone(),
                key[..key.len() - 3].to_owned(),
                format!("{key}\n"),
                {
                    let mut s = key.clone();
                    s.insert(key.len() / 2, '\u{200B}');
                    s
                },
            ];
            for (vi, v) in variants.into_iter().enumerate() {
                let status = if vi == 0 { 200 } else { 401 };
                let secret = secret_part(&key, k);
                let mut c = Case::new(format!("https://{host}/v1/resource"), status).secret(secret);
                match place.scheme {
                    // A webhook URL (Slack, Teams) is the request URL itself.
                    Scheme::UrlPath if key.contains("://") => c.url = v.clone(),
                    Scheme::UrlPath if key.starts_with("hooks.") => c.url = format!("https://{v}"),
                    Scheme::UrlPath => {
                        c.url = format!("https://{host}/bot{v}/getMe");
                    }
                    Scheme::Basic => {
                        let user = place.basic_user.filter(|u| !u.contains(' '));
                        let pair = match user {
                            Some(u) => format!("{u}:{v}"),
                            None => format!("{v}:"),
                        };
                        c = c.req(
                            place.header,
                            format!(
                                "Basic {}",
                                base64::engine::general_purpose::STANDARD.encode(pair)
                            ),
                        );
                    }
                    Scheme::AwsSigV4 => {
                        c = c.req(
                            "Authorization",
                            format!("AWS4-HMAC-SHA256 Credential={v}/20240501/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=9f2c0e5d8b7a6c4e3f1d2b0a9c8e7f6d5b4a3c2e1f0d9b8a7c6e5f4d3b2a1c0e"),
                        )
                        .secret("9f2c0e5d8b7a6c4e3f1d2b0a9c8e7f6d5b4a3c2e1f0d9b8a7c6e5f4d3b2a1c0e");
                    }
                    s => {
                        let value = match s.word() {
                            Some(w) => format!("{w} {v}"),
                            None => v.clone(),
                        };
                        c = c.req(place.header, value);
                    }
                }
                if p.unauthorized_status.first() == Some(&403) && vi > 0 {
                    c.status = 403;
                }
                out.push(c);
            }
            // In the query string, with the catalogue's parameter or `api_key`.
            let param = p
                .query_params
                .iter()
                .find(|q| {
                    let q = q.to_ascii_lowercase();
                    ["key", "token", "credential", "signature"]
                        .iter()
                        .any(|w| q.contains(w))
                })
                .copied()
                .unwrap_or("api_key");
            out.push(
                Case::new(format!("https://{host}/v1/q?{param}={key}&page=2"), 401)
                    .secret(secret_part(&key, k)),
            );
        }
    }
    out
}

/// A key without the parts its provider documents as public (prefix, OpenAI's marker,
/// Mailchimp's data centre, a Discord token's user id segment).
fn secret_part(key: &str, kind: &authlens::providers::KeyKind) -> String {
    // A JWT's signature is its secret part; `eyJrIjoi…` (Grafana's legacy keys) has no dots and
    // a public prefix like any other kind.
    if key.starts_with("eyJ") && key.contains('.') {
        return key.rsplit('.').next().unwrap_or(key).to_owned();
    }
    // Webhook URLs (Slack, Teams): the host and path words are public, the last segment is not.
    if key.contains("://") || key.starts_with("hooks.") {
        return key.rsplit('/').next().unwrap_or(key).to_owned();
    }
    let mut s = key.strip_prefix(kind.prefix).unwrap_or(key).to_owned();
    if let Some(m) = kind.marker {
        s = s.replace(m, " ");
    }
    // Telegram: the part before `:` is the bot's public user id.
    if let Some((id, rest)) = s.split_once(':') {
        if id.bytes().all(|b| b.is_ascii_digit()) {
            s = rest.to_owned();
        }
    }
    if let Some((head, _)) = s.rsplit_once("-us") {
        s = head.to_owned();
    }
    if s.matches('.').count() == 2 && !key.starts_with("eyJ") && !key.starts_with("SG.") {
        s = s.split_once('.').map(|(_, t)| t.to_owned()).unwrap_or(s);
    }
    s
}

fn credential_cases() -> Vec<Case> {
    let api = "https://api.example.com/v1/me";
    let opaque = "8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5A";
    let expired = jwt(
        r#"{"sub":"user-1842","aud":"https://api.example.com","iss":"https://auth.example.com","exp":1714550000,"email":"ada@example.com","name":"Ada L"}"#,
        256,
    );
    let valid = jwt(
        r#"{"sub":"user-1842","aud":"https://other.example.com","iss":"https://auth.example.com","exp":1914550000,"nbf":1614550000}"#,
        64,
    );
    let id_token = jwt(
        r#"{"sub":"u1","aud":"client-123","iss":"https://accounts.google.com","exp":1914550000,"nonce":"n-0S6_WzA2Mj","at_hash":"HK6E_P6Dh8Y93mRNtsDB1Q"}"#,
        64,
    );
    let none_jwt = format!(
        "{}.{}.",
        b64url(r#"{"alg":"none"}"#),
        b64url(r#"{"sub":"x","exp":1914550000}"#)
    );
    let basic = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let challenge = r#"Bearer realm="api", error="invalid_token", error_description="The access token expired""#;
    let mut cases = vec![
        Case::new(api, 401).req("Authorization", "Bearer undefined").resp("WWW-Authenticate", challenge),
        Case::new(api, 401).req("Authorization", format!("Bearer {opaque}")).resp("WWW-Authenticate", challenge).secret(opaque),
        Case::new(api, 401).req("Authorization", format!("bearer {opaque}")).secret(opaque),
        Case::new(api, 401).req("Authorization", format!("Bearer  {opaque}")).secret(opaque),
        Case::new(api, 401).req("Authorization", format!("Bearer: {opaque}")).secret(opaque),
        Case::new(api, 401).req("Authorization", format!("Bearer Bearer {opaque}")).secret(opaque),
        Case::new(api, 401).req("Authorization", format!("Bearer \"{opaque}\"")).secret(opaque),
        Case::new(api, 401).req("Authorization", format!("Bearer {opaque} ")).secret(opaque),
        Case::new(api, 401).req("Authorization", "Bearer 8fK2mQ9x\u{200B}Lp4RtZ7vWb3NcY6hJd1sGe5A").secret("Lp4RtZ7vWb3NcY6hJd1sGe5A"),
        Case::new(api, 401).req("Authorization", "Bearer 8fK2mQ9xLp4R\u{0430}tZ7vWb3NcY6hJd1sGe5A").secret("tZ7vWb3NcY6hJd1sGe5A"),
        Case::new(api, 401).req("Authorization", "Bearer 8fK2mQ9x%2BLp4RtZ7vWb3NcY6hJd1sGe5A").secret("Lp4RtZ7vWb3NcY6hJd1sGe5A"),
        Case::new(api, 401).req("Authorization", "Bearer 8fK2mQ9x,Lp4RtZ7vWb3NcY6hJd1sGe5A").secret("Lp4RtZ7vWb3NcY6hJd1sGe5A"),
        Case::new(api, 401).req("Authorization", format!("BearereyJ{opaque}")).secret(opaque),
        Case::new(api, 401).req("Authorization", opaque).secret(opaque),
        Case::new(api, 401).req("Authorization", "Bearer ").resp("WWW-Authenticate", challenge),
        Case::new(api, 401).req("Authorization", "Bearer ${API_TOKEN}"),
        Case::new(api, 401).req("Authorization", format!("Bearer {expired}")).resp("WWW-Authenticate", challenge).secret(expired.rsplit('.').next().unwrap()),
        Case::new(api, 401).req("Authorization", format!("Bearer {valid}")).secret(valid.rsplit('.').next().unwrap()),
        Case::new(api, 401).req("Authorization", format!("Bearer {id_token}")).secret(id_token.rsplit('.').next().unwrap()),
        Case::new(api, 401).req("Authorization", format!("Bearer {none_jwt}")),
        Case::new(api, 401).req("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.%%%notbase64sig"),
        Case::new(api, 401).req("Authorization", format!("Basic {}", basic("ada@example.com:Xk9q horsE7 b4ttery"))).secret("Xk9q horsE7 b4ttery").resp("WWW-Authenticate", "Basic realm=\"x\""),
        Case::new(api, 401).req("Authorization", format!("Basic {}", basic("ada:"))),
        Case::new(api, 401).req("Authorization", format!("Basic {}", basic(":hunter2hunter2"))).secret("hunter2hunter2"),
        Case::new(api, 401).req("Authorization", format!("Basic {}", basic("ada:s3cretPassw0rd\n"))).secret("s3cretPassw0rd"),
        Case::new(api, 401).req("Authorization", format!("Basic {}", basic("adanocolonatallhere"))).secret("adanocolonatallhere"),
        Case::new(api, 401).req("Authorization", "Basic ada:pl4intextP4ssw0rd").secret("pl4intextP4ssw0rd"),
        Case::new(api, 401).req("Authorization", format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(b"caf\xe9:p\xe4ssw\xf6rd-long"))),
        Case::new(api, 401).req("Authorization", format!("Basic {}", basic("ada:pw-no-padding")).trim_end_matches('=')).secret("pw-no-padding"),
        Case::new(api, 401).req("Authorization", r#"Digest username="ada", realm="api", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/v1/me", response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, cnonce="0a4f113b""#).secret("6629fae49393a05397450978507c4ef1"),
        Case::new(api, 407).req("Proxy-Authorization", format!("Basic {}", basic("proxyuser:pr0xyP4ss99wd"))).secret("pr0xyP4ss99wd").resp("Proxy-Authenticate", "Basic realm=\"proxy\""),
        Case::new(api, 401).req("X-Api-Key", format!(" {opaque}")).secret(opaque),
        Case::new(api, 401).req("X-Custom-Session-Token", opaque).secret(opaque),
        Case::new(api, 401).req("x-api-keyy", opaque).secret(opaque),
        Case::new(api, 401).req("Authentication", format!("Bearer {opaque}")).secret(opaque),
        Case::new(api, 401).req("Cookie", "session=Zm9vYmFyYmF6cXV4MTIzNDU2; theme=dark").secret("Zm9vYmFyYmF6cXV4MTIzNDU2"),
        Case::new(format!("{api}?access_token={opaque}"), 401).secret(opaque),
        Case::new(format!("{api}?token={opaque}&page=1"), 401).secret(opaque),
        Case::new(format!("{api}?key={opaque}"), 400).secret(opaque),
        Case::new("https://app.example.com/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyzABC123state", 200).secret("SplxlOBeZQQYbYS6WxSbIA").secret("xyzABC123state"),
        Case::new(format!("https://app.example.com/cb#access_token={opaque}&token_type=bearer&id_token={valid}"), 200).secret(opaque).secret(valid.rsplit('.').next().unwrap()),
        Case::new("https://ada:hunter2s3cr3t@api.example.com/v1/me", 401).secret("hunter2s3cr3t"),
        Case::new("https://auth.example.com/oauth/token", 400)
            .post("application/x-www-form-urlencoded", "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIB&client_id=app&client_secret=cs-9f8e7d6c5b4a3f2e1d0c&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
            .body("application/json", r#"{"error":"invalid_grant","error_description":"Invalid authorization code"}"#)
            .secret("SplxlOBeZQQYbYS6WxSbIB").secret("cs-9f8e7d6c5b4a3f2e1d0c").secret("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        Case::new("https://auth.example.com/oauth/token", 200)
            .post("application/json", r#"{"grant_type":"refresh_token","refresh_token":"rt-1a2b3c4d5e6f7g8h9i0j","client_id":"app"}"#)
            .body("application/json", format!(r#"{{"access_token":"at-0z9y8x7w6v5u4t3s2r1q","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-new-Qw3Er5Ty7Ui9Op1As","id_token":"{valid}","scope":"read"}}"#))
            .secret("rt-1a2b3c4d5e6f7g8h9i0j").secret("at-0z9y8x7w6v5u4t3s2r1q").secret("rt-new-Qw3Er5Ty7Ui9Op1As"),
        Case::new("https://auth.example.com/login", 302)
            .post("application/json", r#"{"username":"ada","password":"Tr0ub4dor&3-horse"}"#)
            .resp("Location", "https://app.example.com/cb?code=Loc4tionC0deABCDEF&state=st4te-xyz-987")
            .resp("Set-Cookie", "sid=c2Vzc2lvbi1pZC1zZWNyZXQtdmFsdWU; Path=/; HttpOnly; Secure; SameSite=Lax")
            .secret("Tr0ub4dor&3-horse").secret("Loc4tionC0deABCDEF").secret("st4te-xyz-987").secret("c2Vzc2lvbi1pZC1zZWNyZXQtdmFsdWU"),
        Case::new("https://api.example.com/v1/data", 401)
            .req("Origin", "https://app.example.com")
            .resp("Access-Control-Allow-Origin", "https://app.example.com")
            .resp("Access-Control-Allow-Credentials", "true")
            .body("application/json", r#"{"error":{"code":"invalid_api_key","message":"Incorrect API key provided: sk-proj-****abcd"}}"#),
        Case::new("https://api.openai.com/v1/chat/completions", 401)
            .req("Authorization", "Bearer sk-proj-****abcd")
            .body("application/json", r#"{"error":{"code":"invalid_api_key","message":"Incorrect API key provided"}}"#),
        Case::new("https://api.example.com/v1/echo", 200)
            .body("text/html", format!("<script>window.__TOKEN__ = \"{valid}\"; fetch('/x', {{headers: {{Authorization: 'Bearer {opaque}'}}}})</script>"))
            .secret(valid.rsplit('.').next().unwrap()).secret(opaque),
    ];
    cases.push(expires_soon_case(cases.len()));
    cases
}

/// A JWT that expires 30 s after its entry (at `position`; entries are one second apart) starts.
fn expires_soon_case(position: usize) -> Case {
    let soon = jwt(
        &format!(
            r#"{{"sub":"user-1842","exp":{}}}"#,
            NOW_MS / 1000 + position as i64 + 30
        ),
        64,
    );
    Case::new("https://api.example.com/v1/me", 401)
        .req("Authorization", format!("Bearer {soon}"))
        .secret(soon.rsplit('.').next().unwrap())
}

type Findings = BTreeSet<(usize, String, String)>;

fn findings_of(har: &str) -> Findings {
    let mut log = read_har(har.as_bytes()).expect("a HAR");
    for ex in &mut log.exchanges {
        rehydrate_exchange(ex);
    }
    let opts = AnalysisOptions {
        now_ms: Some(NOW_MS),
        ..Default::default()
    };
    let report = analyze_session(&log.exchanges, &opts);
    let mut out = Findings::new();
    for e in &report.entries {
        for f in &e.findings {
            out.insert((
                e.index,
                f.id.as_str().to_owned(),
                f.severity.as_str().to_owned(),
            ));
        }
    }
    for s in &report.findings {
        for &i in &s.entries {
            out.insert((
                i,
                s.finding.id.as_str().to_owned(),
                s.finding.severity.as_str().to_owned(),
            ));
        }
    }
    out
}

/// Every window of `n` chars of `s`.
fn windows(s: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < n {
        return Vec::new();
    }
    (0..=chars.len() - n)
        .map(|i| chars[i..i + n].iter().collect())
        .collect()
}

fn assert_no_leak(out: &str, secrets: &[String]) {
    use std::collections::{HashMap, HashSet};
    // Every 6-char piece of every secret, by byte length, then one pass over the output per length.
    let mut pieces: HashMap<usize, HashSet<Vec<u8>>> = HashMap::new();
    for secret in secrets {
        for w in windows(secret, 6) {
            // Separators alone are not the secret.
            if w.chars().filter(char::is_ascii_alphanumeric).count() < 4 {
                continue;
            }
            pieces.entry(w.len()).or_default().insert(w.into_bytes());
        }
    }
    let bytes = out.as_bytes();
    for (len, set) in &pieces {
        for at in 0..bytes.len().saturating_sub(len - 1) {
            if set.contains(&bytes[at..at + len]) {
                let line = out[..at].matches('\n').count() + 1;
                let text = out.lines().nth(line - 1).unwrap_or("");
                panic!(
                    "a 6-char piece of a secret survived on line {line} of the output: {}",
                    masked(text)
                );
            }
        }
    }
}

/// A line of output with every run of 6+ letters and digits shown redacted.
fn masked(line: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in line.chars().chain(['\u{0}']) {
        if c.is_ascii_alphanumeric() {
            run.push(c);
            continue;
        }
        if run.len() >= 6 && !run.starts_with("authlens") {
            out.push_str(&format!("[{} chars]", run.len()));
        } else {
            out.push_str(&run);
        }
        run.clear();
        if c != '\u{0}' {
            out.push(c);
        }
    }
    out
}

/// The output has the input's structure: only string values differ, and each differing one
/// holds a placeholder.
fn assert_same_structure(a: &Value, b: &Value, path: &str) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{path}"
            );
            for (k, v) in x {
                assert_same_structure(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                assert_same_structure(v, w, &format!("{path}[{i}]"));
            }
        }
        (Value::String(x), Value::String(y)) if x != y => {
            let decoded_b64 = base64::engine::general_purpose::STANDARD
                .decode(y)
                .ok()
                .and_then(|v| String::from_utf8(v).ok())
                .unwrap_or_default();
            assert!(
                y.contains("authlens-redacted:") || decoded_b64.contains("authlens-redacted:"),
                "{path} changed without a placeholder"
            );
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}

fn check_round_trip(name: &str, har: &str, secrets: &[String]) -> (usize, usize) {
    let (out, report) = redact_har_string(har, RedactOptions::default(), &salt()).unwrap();
    let before: Value = serde_json::from_str(har).unwrap();
    let after: Value = serde_json::from_str(&out).expect("the output is JSON");
    assert_same_structure(&before, &after, name);
    assert_eq!(
        report.entries,
        before["log"]["entries"].as_array().map_or(0, Vec::len)
    );
    assert_no_leak(&out, secrets);
    let original = findings_of(har);
    let redacted = findings_of(&out);
    let missing: Vec<_> = original.difference(&redacted).collect();
    let extra: Vec<_> = redacted.difference(&original).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{name}: findings differ after redaction\n  lost: {missing:?}\n  gained: {extra:?}"
    );
    (original.len(), report.replaced.total())
}

#[test]
fn round_trip_over_credential_cases() {
    let cases = credential_cases();
    let secrets: Vec<String> = cases.iter().flat_map(|c| c.secrets.clone()).collect();
    let (findings, replaced) = check_round_trip("credentials", &har_of(&cases), &secrets);
    assert!(
        findings >= 40,
        "the cases exercise the rules ({findings} findings)"
    );
    assert!(replaced >= 50, "{replaced} replaced");
}

#[test]
fn round_trip_over_every_catalogue_key_kind() {
    let cases = key_cases();
    let secrets: Vec<String> = cases.iter().flat_map(|c| c.secrets.clone()).collect();
    if let Some(path) = std::env::var_os("AUTHLENS_DUMP") {
        std::fs::write(path, har_of(&cases)).unwrap();
    }
    let (findings, replaced) = check_round_trip("keys", &har_of(&cases), &secrets);
    assert!(
        findings > 100 && replaced >= cases.len(),
        "{findings} findings, {replaced} replaced"
    );
}

#[test]
fn round_trip_over_har_fixtures() {
    let mut dirs = vec![std::path::PathBuf::from("tests/fixtures/har")];
    // The labelled corpus, when present.
    dirs.push(std::path::PathBuf::from("tests/corpus"));
    let mut n = 0;
    while let Some(dir) = dirs.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "har") {
                let text = std::fs::read_to_string(&path).unwrap();
                if read_har(text.as_bytes()).is_err() {
                    continue;
                }
                check_round_trip(&path.display().to_string(), &text, &[]);
                n += 1;
            }
        }
    }
    assert!(n >= 4, "{n} HAR fixtures");
}

#[test]
fn equal_keys_share_a_fingerprint_within_one_export_only() {
    let key = "8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5A";
    let cases = vec![
        Case::new("https://api.example.com/a", 200).req("Authorization", format!("Bearer {key}")),
        Case::new("https://api.example.com/b", 200).req("Authorization", format!("Bearer {key}")),
        Case::new("https://api.example.com/c", 401)
            .req("Authorization", "Bearer 8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5B"),
    ];
    let har = har_of(&cases);
    let fps = |salt: &Salt| -> Vec<String> {
        let (out, _) = redact_har_string(&har, RedactOptions::default(), salt).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        v["log"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let h = e["request"]["headers"][0]["value"].as_str().unwrap();
                h.split(":f.")
                    .nth(1)
                    .unwrap()
                    .split(':')
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let a = fps(&Salt::from_bytes([1; 32]));
    assert_eq!(a[0], a[1]);
    assert_ne!(a[0], a[2]);
    let b = fps(&Salt::from_bytes([2; 32]));
    assert_ne!(a[0], b[0], "another export cannot be linked");
    // A low-entropy password's fingerprint is not its plain hash.
    let plain = authlens::redact::fingerprint("hunter2").hex();
    assert!(!plain.starts_with(&Salt::from_bytes([1; 32]).fingerprint("hunter2")));
}

#[test]
fn placeholders_keep_the_evidence() {
    let salt = salt();
    let ghp = fake_key(
        authlens::providers::provider("github-pat-classic").unwrap(),
        &authlens::providers::provider("github-pat-classic")
            .unwrap()
            .keys[0],
        7,
    );
    let cases = vec![
        Case::new("https://api.github.com/user", 401).req("Authorization", format!("Bearer {ghp}")),
        Case::new("https://api.example.com/v1", 401).req(
            "Authorization",
            "Bearer 8fK2mQ9x\u{200B}Lp4RtZ7vWb3NcY6hJd1sGe5A",
        ),
    ];
    let (out, report) =
        redact_har_string(&har_of(&cases), RedactOptions::default(), &salt).unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    let first = v["log"]["entries"][0]["request"]["headers"][0]["value"]
        .as_str()
        .unwrap();
    assert!(
        first.starts_with("Bearer authlens-redacted:v1:key:"),
        "{first}"
    );
    assert!(
        first.contains(":n.40:") && first.contains(&format!(":t.q{}", &ghp[..4])),
        "{first}"
    );
    let second = v["log"]["entries"][1]["request"]["headers"][0]["value"]
        .as_str()
        .unwrap();
    assert!(
        second.contains(".c200B."),
        "the zero-width space is kept by code point: {second}"
    );
    let stand_in = rehydrate(second).unwrap();
    assert_eq!(stand_in.chars().nth(15), Some('\u{200B}'));
    assert_eq!(
        stand_in.len(),
        "Bearer 8fK2mQ9x\u{200B}Lp4RtZ7vWb3NcY6hJd1sGe5A".len()
    );
    let text = report.to_string();
    assert!(
        text.contains("request header authorization") && !text.contains("8fK2"),
        "{text}"
    );
}

#[test]
fn jwt_claims_are_kept_and_personal_ones_can_be_dropped() {
    let token = jwt(
        r#"{"sub":"u1","email":"ada@example.com","name":"Ada","exp":1914550000}"#,
        64,
    );
    let cases = vec![Case::new("https://api.example.com/v1", 401)
        .req("Authorization", format!("Bearer {token}"))];
    let har = har_of(&cases);
    let (kept, _) = redact_har_string(&har, RedactOptions::default(), &salt()).unwrap();
    let payload = token.split('.').nth(1).unwrap();
    assert!(kept.contains(payload));
    assert!(!kept.contains(token.rsplit('.').next().unwrap()));
    let (dropped, _) = redact_har_string(
        &har,
        RedactOptions {
            drop_personal_claims: true,
        },
        &salt(),
    )
    .unwrap();
    assert!(!dropped.contains(payload));
    let v: Value = serde_json::from_str(&dropped).unwrap();
    let value = v["log"]["entries"][0]["request"]["headers"][0]["value"]
        .as_str()
        .unwrap();
    let claims = value.split('.').nth(1).unwrap();
    let claims = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert!(
        claims.contains("\"sub\":\"u1\"") && claims.contains("exp") && !claims.contains("ada@")
    );
}

#[test]
fn not_a_har_is_a_clear_error_and_writes_nothing() {
    for (input, expect) in [
        ("", "not valid JSON"),
        ("[1,2]", "not a HAR"),
        ("{\"log\":{}}", "not a HAR"),
        ("{\"log\":{\"entries\":[{\"request\":", "not valid JSON"),
    ] {
        let mut out = Vec::new();
        let err = authlens::har_redact::redact_har(
            input.as_bytes(),
            &mut out,
            RedactOptions::default(),
            &salt(),
        )
        .unwrap_err();
        assert!(err.to_string().contains(expect), "{input:?}: {err}");
        assert!(out.is_empty());
    }
    let err = authlens::har_redact::redact_har(
        b"{\"log\xff",
        &mut Vec::new(),
        RedactOptions::default(),
        &salt(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not UTF-8"));
}

#[test]
fn the_single_pass_accepts_and_rejects_what_the_checked_redaction_does() {
    use authlens::har_redact::{redact_har, redact_har_single_pass};
    let entry = r#"{"request":{"method":"GET","url":"https://a.example/?api_key=0123456789abcdefghij","headers":[{"name":"Authorization","value":"Bearer 8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5A"}]},"response":{"status":401,"headers":[],"content":{"size":0,"text":""}}}"#;
    let good = format!(r#"{{"log":{{"version":"1.2","entries":[{entry},{entry}]}}}}"#);
    let mut inputs = vec![good.clone(), format!("\u{feff}{good}  \n")];
    // Each one broken where the rewriter walks: the root, `log`, the entries, an entry, and
    // after the document.
    for (from, to) in [
        (r#"{"log":{"version""#, r#"{"log":{"version";"#),
        (r#""1.2","entries""#, r#""1.2" "entries""#),
        (r#""1.2","#, r#""1.2""#),
        ("},{", "} {"),
        ("}]}}", "}]}"),
        ("}]}}", "},]}}"),
        ("}]}}", "}]}}x"),
        ("}]}}", "}] }} ]"),
        (r#""method":"#, r#""method";"#),
        (r#"{"request""#, "{request"),
        ("\"GET\"", "\"G\\u+123\""),
        ("\"GET\"", "\"G\\uABCG\""),
        ("\"GET\"", "\"G\u{1}\""),
        ("401", "0401"),
        (r#""entries":["#, r#""entries":{"#),
        ("\"log\":{", "\"log\":["),
    ] {
        assert!(good.contains(from), "{from}");
        inputs.push(good.replacen(from, to, 1));
        inputs.push(good[..good.rfind(from).unwrap() + from.len() / 2].to_owned());
    }
    inputs.push("[1,2]".to_owned());
    inputs.push("[1,]".to_owned());
    inputs.push(r#"{"log":{"entries":[]}}"#.to_owned());
    for input in &inputs {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let checked = redact_har(input.as_bytes(), &mut a, RedactOptions::default(), &salt());
        let single =
            redact_har_single_pass(input.as_bytes(), &mut b, RedactOptions::default(), &salt());
        assert_eq!(checked, single, "{input}");
        if checked.is_ok() {
            assert_eq!(a, b, "{input}");
            // A byte order mark is copied through, like everything outside the secrets.
            let text = String::from_utf8(a).expect("UTF-8");
            serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}'))
                .expect("the output is JSON");
        } else {
            assert!(a.is_empty(), "{input}");
        }
        if let Err(authlens::har_redact::RedactError::NotJson { .. }) = checked {
            assert!(
                serde_json::from_str::<Value>(input.trim_start_matches('\u{feff}')).is_err(),
                "{input} is JSON"
            );
        }
    }
}

mod fuzzed {
    use super::*;
    use proptest::prelude::*;

    fn secret() -> impl Strategy<Value = String> {
        "[A-Za-z0-9]{4}[A-Za-z0-9._~+/-]{8,40}[A-Za-z0-9]{2}"
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
        #[test]
        fn no_secret_survives_wherever_it_is(s in secret(), place in 0usize..10, odd in proptest::option::of(0usize..5)) {
            let mut value = s.clone();
            if let Some(o) = odd {
                let at = (value.len() / 2).min(value.len());
                value.insert(at, ['\u{200B}', ' ', '\u{00A0}', '\n', 'é'][o]);
            }
            let api = "https://api.example.com/v1";
            let case = match place {
                0 => Case::new(api, 401).req("Authorization", format!("Bearer {value}")),
                1 => Case::new(api, 401).req("X-Api-Key", value.clone()),
                2 => Case::new(api, 401).req("Cookie", format!("sid={value}; a=b")),
                3 => Case::new(format!("{api}?access_token={}", value.replace(['&', '#', ' ', '\n'], "")), 401),
                4 => Case::new(api, 200).body("application/json", format!("{{\"refresh_token\":{}}}", serde_json::to_string(&value).unwrap())),
                5 => Case::new(api, 200).post("application/x-www-form-urlencoded", format!("client_secret={}", value.replace(['&', ' ', '\n'], ""))),
                6 => Case::new(api, 401).req("Authorization", format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("user:{value}")))),
                7 => Case::new(api, 302).resp("Location", format!("https://app.example.com/cb#id_token=x&access_token={}", value.replace(['&', '#', ' ', '\n'], ""))),
                8 => Case::new(api, 200).resp("Set-Cookie", format!("sid={}; Path=/", value.replace([';', '\n'], ""))),
                _ => Case::new(api, 401).req("Proxy-Authorization", format!("Bearer {value}")),
            };
            let cases = vec![case];
            let har = har_of(&cases);
            let (out, _) = redact_har_string(&har, RedactOptions::default(), &salt()).unwrap();
            serde_json::from_str::<Value>(&out).unwrap();
            assert_no_leak(&out, std::slice::from_ref(&s));
            // `check` still reads it.
            let _ = findings_of(&out);
        }

        #[test]
        fn arbitrary_json_never_panics(text in "\\PC{0,200}") {
            let _ = redact_har_string(&text, RedactOptions::default(), &salt());
            let _ = rehydrate(&text);
        }
    }
}

#[test]
#[should_panic(expected = "survived")]
fn the_leak_oracle_fails_on_a_secret_left_in_place() {
    let out = r#"{"name":"accept","value":"8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5A"}"#;
    assert_no_leak(out, &["8fK2mQ9xLp4RtZ7vWb3NcY6hJd1sGe5A".to_owned()]);
}

mod cli {
    use std::process::Command;

    fn authlens() -> Command {
        Command::new(env!("CARGO_BIN_EXE_authlens"))
    }

    #[test]
    fn redact_writes_a_har_that_check_reads_like_the_original() {
        let dir = std::env::temp_dir().join(format!("authlens-redact-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("chrome.redacted.har");
        let run = authlens()
            .args(["redact", "tests/fixtures/har/chrome.har", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let report = String::from_utf8(run.stderr).unwrap();
        assert!(
            report.contains("secret(s) replaced")
                && report.contains("request header authorization: jwt"),
            "{report}"
        );
        let original = std::fs::read_to_string("tests/fixtures/har/chrome.har").unwrap();
        let redacted = std::fs::read_to_string(&out).unwrap();
        assert!(redacted.contains("authlens-redacted:v1:"));
        let check = |path: &std::path::Path| {
            let o = authlens()
                .args(["check", "--json", "--now", "2024-05-01T10:00:00Z"])
                .arg(path)
                .output()
                .unwrap();
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            let ids: Vec<String> = v["entries"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|e| {
                    e["findings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| f["id"].as_str().unwrap().to_owned())
                })
                .collect();
            (o.status.code(), ids)
        };
        assert_eq!(
            check(std::path::Path::new("tests/fixtures/har/chrome.har")),
            check(&out)
        );
        assert_eq!(original.lines().count(), redacted.lines().count());
        // The JSON report counts by kind.
        let json = authlens()
            .args(["redact", "--json", "tests/fixtures/har/firefox.har"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&json.stderr).unwrap();
        assert_eq!(report["replaced"], 1);
        assert_eq!(report["by_kind"][0]["what"], "basic");
        assert!(String::from_utf8(json.stdout)
            .unwrap()
            .contains("\"Basic authlens-redacted:v1:basic:"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn redact_refuses_what_is_not_a_har() {
        let run = authlens()
            .args([
                "redact",
                "tests/fixtures/parse/credentials.json",
                "-o",
                "/nonexistent-dir/x.har",
            ])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(2));
        let run = authlens().args(["redact", "Cargo.toml"]).output().unwrap();
        assert_eq!(run.status.code(), Some(2));
        let err = String::from_utf8(run.stderr).unwrap();
        assert!(
            err.starts_with("authlens: Cargo.toml: not valid JSON at line 1"),
            "{err}"
        );
        assert!(run.stdout.is_empty());
    }
}

/// `tests/fixtures/har/ci-session.har`: a committed capture with errors, warnings and notes, for
/// the CI formats (SARIF schema test, README workflow). Regenerate with
/// `AUTHLENS_BLESS=1 cargo test --test tests har_redact::committed_ci_fixture`.
#[test]
fn committed_ci_fixture_is_the_generated_one() {
    let mut picked: Vec<Case> = credential_cases()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| [0, 2, 3, 9, 16, 19, 21, 26, 33, 36, 39, 45].contains(i))
        .map(|(_, c)| c)
        .collect();
    picked.push(expires_soon_case(picked.len()));
    let mut har = har_of(&picked);
    har.push('\n');
    let path = "tests/fixtures/har/ci-session.har";
    if std::env::var_os("AUTHLENS_BLESS").is_some() {
        std::fs::write(path, &har).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(path).unwrap(),
        har,
        "regenerate with AUTHLENS_BLESS=1"
    );
    let f = findings_of(&har);
    for severity in ["error", "warning", "info"] {
        assert!(
            f.iter().any(|(_, _, s)| s == severity),
            "no {severity} finding"
        );
    }
}

/// A masked or filler-looking value is kept as evidence only while it shows no run of 6 letters
/// and digits: a password `Summer2024....` or a token `realSecretPart123***` is a secret that
/// happens to end in dots or stars, and no 6-char piece of it survives.
#[test]
fn masked_and_filler_values_are_kept_only_when_they_show_no_secret() {
    let kept = [
        "Bearer sk-VKMIs***…wjh3",
        "Bearer sk-xxxxxxxxxxxxxxxx",
        "Bearer ghp_XXXXXXXXXXXXXXXXXXXX",
        "Bearer ****",
    ];
    let secret = [
        ("Bearer Summer2024....", "Summer2024"),
        ("Bearer realSecretPart123***", "SecretPart"),
        ("Bearer sk-proj-Qm7Rt2Vw9Zp4…", "Qm7Rt2Vw9Zp4"),
    ];
    let mut cases: Vec<Case> = kept
        .iter()
        .map(|v| Case::new("https://api.example.com/v1", 401).req("Authorization", *v))
        .collect();
    cases.extend(
        secret
            .iter()
            .map(|(v, _)| Case::new("https://api.example.com/v1", 401).req("Authorization", *v)),
    );
    let basic = base64::engine::general_purpose::STANDARD.encode("ada:Summer2024....");
    cases.push(
        Case::new("https://api.example.com/v1", 401).req("Authorization", format!("Basic {basic}")),
    );
    let (out, _) = redact_har_string(&har_of(&cases), RedactOptions::default(), &salt()).unwrap();
    let v: Value = serde_json::from_str(&out).unwrap();
    let sent = |i: usize| {
        v["log"]["entries"][i]["request"]["headers"][0]["value"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for (i, value) in kept.iter().enumerate() {
        assert_eq!(sent(i), *value, "kept as the evidence");
    }
    for (j, (value, middle)) in secret.iter().enumerate() {
        let got = sent(kept.len() + j);
        assert!(got.contains("authlens-redacted:"), "{value}: {got}");
        for w in middle.as_bytes().windows(6) {
            let w = std::str::from_utf8(w).unwrap();
            assert!(!out.contains(w), "{value}: `{w}` survives");
        }
    }
    assert!(
        !out.contains(&basic) && !out.contains("Summer"),
        "Basic password kept"
    );
}
