//! `har_redact::redact_har` on arbitrary bytes, and on a HAR with a secret planted from those
//! bytes. It never panics. When it succeeds, the output is JSON with the same number of entries,
//! it redacts again, and `check`'s read-back (`rehydrate`) never panics. The planted secret
//! leaves no 6-character piece behind (the leak check of `tests/har_redact.rs`).
#![cfg_attr(fuzzing, no_main)]

use authlens::har_redact::placeholder::{rehydrate, Salt};
use authlens::har_redact::{redact_har, redact_har_single_pass, RedactOptions};
use base64::Engine;

/// Characters a token's secret part is made of (letters and digits, plus the token68 and
/// cookie punctuation that stays inside one value).
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~+/-";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// One fuzz input: the same function runs under libFuzzer and in `tests/fuzz_corpus.rs`.
pub fn run(bytes: &[u8]) {
    arbitrary_har(bytes);
    planted(bytes);
}

fn arbitrary_har(bytes: &[u8]) {
    let salt = Salt::from_bytes([9; 32]);
    let mut out = Vec::new();
    let checked_first = redact_har(bytes, &mut out, RedactOptions::default(), &salt);
    // The one-pass rewrite accepts the same inputs, with the same output or the same error.
    let mut single = Vec::new();
    let one_pass = redact_har_single_pass(bytes, &mut single, RedactOptions::default(), &salt);
    assert_eq!(checked_first, one_pass, "the single pass disagrees");
    if checked_first.is_ok() {
        assert!(single == out, "the single pass wrote another output");
    }
    if let Ok(report) = checked_first {
        let v: serde_json::Value = serde_json::from_slice(&out).expect("the output is JSON");
        let entries = v["log"]["entries"].as_array().map_or(0, Vec::len);
        let text = String::from_utf8(out).expect("UTF-8");
        // With a repeated `log` or `entries` key serde_json keeps the last array, while every
        // one is redacted (and counted): only then may the counts differ.
        let repeated = |key: &str| text.matches(key).count() > 1;
        assert!(
            entries == report.entries
                || entries < report.entries && (repeated("\"entries\"") || repeated("\"log\"")),
            "{entries} entries in the output, {} redacted",
            report.entries
        );
        let _ = rehydrate(&text);
        let mut again = Vec::new();
        let second = redact_har(text.as_bytes(), &mut again, RedactOptions::default(), &salt)
            .expect("a redacted HAR redacts again");
        assert_eq!(second.entries, report.entries);
    }
}

/// A secret made from the input (first byte: where it goes, second: an odd character or not,
/// the rest: its characters; 4 letters or digits first and 2 last, like a real token).
fn planted(bytes: &[u8]) {
    let [place, odd, rest @ ..] = bytes else {
        return;
    };
    if rest.len() < 14 {
        return;
    }
    let rest = &rest[..rest.len().min(72)];
    let n = rest.len();
    let secret: String = rest
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let set = if i < 4 || i >= n - 2 { ALNUM } else { ALPHABET };
            set[*b as usize % set.len()] as char
        })
        .collect();
    let mut value = secret.clone();
    if odd % 3 == 0 {
        let c = ['\u{200B}', ' ', '\u{00A0}', '\n', 'é', '\u{FEFF}'][(*odd as usize / 3) % 6];
        value.insert(n / 2, c);
    }
    let bare = value.replace(['&', '#', ' ', '\n', ';', '+'], "");
    let json = |s: &str| serde_json::to_string(s).unwrap();
    let api = "https://api.example.com/v1/items";
    let (url, status, req, resp, post, body) = match place % 10 {
        0 => (
            api.to_owned(),
            401,
            vec![("Authorization", format!("Bearer {value}"))],
            vec![],
            None,
            None,
        ),
        1 => (
            api.to_owned(),
            401,
            vec![("X-Api-Key", value.clone())],
            vec![],
            None,
            None,
        ),
        2 => (
            api.to_owned(),
            401,
            vec![("Cookie", format!("sid={bare}; theme=dark"))],
            vec![],
            None,
            None,
        ),
        3 => (
            format!("{api}?access_token={bare}&page=2"),
            401,
            vec![],
            vec![],
            None,
            None,
        ),
        4 => (
            api.to_owned(),
            200,
            vec![],
            vec![],
            None,
            Some(format!("{{\"refresh_token\":{}}}", json(&value))),
        ),
        5 => (
            api.to_owned(),
            200,
            vec![],
            vec![],
            Some(format!(
                "grant_type=client_credentials&client_secret={bare}"
            )),
            None,
        ),
        6 => {
            let basic = base64::engine::general_purpose::STANDARD.encode(format!("svc:{value}"));
            (
                api.to_owned(),
                401,
                vec![("Authorization", format!("Basic {basic}"))],
                vec![],
                None,
                None,
            )
        }
        7 => (
            api.to_owned(),
            302,
            vec![],
            vec![(
                "Location",
                format!("https://app.example.com/cb#state=x&access_token={bare}"),
            )],
            None,
            None,
        ),
        8 => (
            api.to_owned(),
            200,
            vec![],
            vec![("Set-Cookie", format!("sid={bare}; Path=/; HttpOnly"))],
            None,
            None,
        ),
        _ => (
            api.to_owned(),
            407,
            vec![("Proxy-Authorization", format!("Bearer {value}"))],
            vec![],
            None,
            None,
        ),
    };
    let headers = |list: &[(&str, String)]| {
        let items: Vec<String> = list
            .iter()
            .map(|(k, v)| format!("{{\"name\":{},\"value\":{}}}", json(k), json(v)))
            .collect();
        items.join(",")
    };
    let post = post.map_or(String::new(), |p| {
        format!(
            ",\"postData\":{{\"mimeType\":\"application/x-www-form-urlencoded\",\"text\":{}}}",
            json(&p)
        )
    });
    let content = body.map_or("{\"size\":0,\"mimeType\":\"\"}".to_owned(), |b| {
        format!(
            "{{\"size\":{},\"mimeType\":\"application/json\",\"text\":{}}}",
            b.len(),
            json(&b)
        )
    });
    let har = format!(
        "{{\"log\":{{\"version\":\"1.2\",\"creator\":{{\"name\":\"fuzz\",\"version\":\"1\"}},\"entries\":[{{\"startedDateTime\":\"2024-05-01T10:00:00.000Z\",\"time\":1,\"request\":{{\"method\":\"{}\",\"url\":{},\"httpVersion\":\"HTTP/1.1\",\"headers\":[{}],\"cookies\":[],\"queryString\":[],\"headersSize\":-1,\"bodySize\":-1{post}}},\"response\":{{\"status\":{status},\"statusText\":\"\",\"httpVersion\":\"HTTP/1.1\",\"headers\":[{}],\"cookies\":[],\"content\":{content},\"redirectURL\":\"\",\"headersSize\":-1,\"bodySize\":-1}},\"cache\":{{}},\"timings\":{{\"send\":0,\"wait\":1,\"receive\":0}}}}]}}}}",
        if post.is_empty() { "GET" } else { "POST" },
        json(&url),
        headers(&req),
        headers(&resp),
    );
    // A value the placeholder detector reads as filler, a masked key, `undefined`... is kept
    // verbatim by design (it is the evidence `check` reports on, not a secret): no leak to check.
    let is_placeholder = [&secret, &value, &bare]
        .iter()
        .any(|s| authlens::bytes::placeholder(s).is_some());
    let mut out = Vec::new();
    let salt = Salt::from_bytes([7; 32]);
    redact_har(har.as_bytes(), &mut out, RedactOptions::default(), &salt)
        .expect("a well-formed HAR redacts");
    let out = String::from_utf8(out).expect("UTF-8");
    let mut secrets = vec![secret.clone()];
    if place % 10 == 6 {
        // Basic: the base64 text is what is on the wire; its first 8 characters encode `svc:`.
        let b64 = base64::engine::general_purpose::STANDARD.encode(format!("svc:{value}"));
        secrets.push(b64[8..].to_owned());
    }
    let mut control = har.replace(&value, "").replace(&bare, "");
    let mut out = out;
    // A secret that happens to start with a catalogue prefix (`AAAAAAAAAAAAAAAAAAAAA`, X's
    // app-only bearer tokens) is recognised as that provider's key, and its documented public
    // prefix is kept in the placeholder by design: only the rest is secret. The prefix is blanked
    // in the output (a leak of what follows it still shows) and dropped from the checked part.
    // What is planted is `value` or `bare` (without `+`, `;`...): either can be the one read.
    for planted in [&secret, &value, &bare] {
        if let Some(public) = authlens::providers::known_prefix(planted) {
            if let Some(rest) = secret.strip_prefix(public) {
                secrets[0] = rest.to_owned();
            }
            out = out.replace(public, "\u{1}");
            control = control.replace(public, "\u{1}");
        }
    }
    for s in secrets.iter().filter(|_| !is_placeholder) {
        leak_check(&out, &control, s, place % 10);
    }
}

fn leak_check(out: &str, control: &str, secret: &str, place: u8) {
    let chars: Vec<char> = secret.chars().collect();
    for w in chars.windows(6) {
        if w.iter().filter(|c| c.is_ascii_alphanumeric()).count() < 4 {
            continue;
        }
        let piece: String = w.iter().collect();
        // The piece may also occur by chance in the HAR's own fixed text (a 6-char run of
        // `application` or the host name): only pieces absent from the secret-free HAR count.
        if control.contains(&piece) {
            continue;
        }
        assert!(
            !out.contains(&piece),
            "place {place}: a 6-char piece of the planted secret survived redaction"
        );
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}
