//! Paste detection: every kind of input a user pastes, exact bytes kept, hints applied.

use authlens::har::{EntryProblem, HarError};
use authlens::input::{parse_paste, InputError, PasteHints, PasteKind, PasteNote, Pasted};
use authlens::model::Header;
use base64::Engine;

fn paste(text: &str) -> Pasted {
    parse_paste(text, &PasteHints::default()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// A JWT with a made-up payload and signature (not a real token).
fn fake_jwt() -> String {
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.{}",
        b64(r#"{"alg":"HS256","typ":"JWT"}"#),
        b64(r#"{"sub":"u1","exp":1714553600}"#),
        b64("fixture-signature")
    )
}

/// A key-shaped fixture string: a prefix and deterministic filler, not a real key.
fn fake_key(prefix: &str, len: usize) -> String {
    let alphabet = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let filler: String = (0..len)
        .map(|i| alphabet[(i * 7 + 3) % alphabet.len()] as char)
        .collect();
    format!("{prefix}{filler}")
}

#[test]
fn raw_key_keeps_every_byte_and_reports_a_paste_newline() {
    let key = fake_key("sk-proj-", 40);
    let pasted = paste(&format!("{key}\n"));
    assert_eq!(pasted.kind, PasteKind::RawKey);
    assert_eq!(
        pasted.bare_credential.as_deref(),
        Some(format!("{key}\n").as_str())
    );
    assert_eq!(pasted.notes, [PasteNote::TrailingNewline]);
    assert!(pasted.exchanges.is_empty());

    let crlf = paste(&format!("  {key}\r\n"));
    assert_eq!(
        crlf.bare_credential.as_deref(),
        Some(format!("  {key}\r\n").as_str())
    );
    assert_eq!(crlf.notes, [PasteNote::TrailingNewline]);

    // Two line breaks are not the paste's doing: no note, bytes still kept.
    let two = paste(&format!("{key}\n\n"));
    assert_eq!(
        two.bare_credential.as_deref(),
        Some(format!("{key}\n\n").as_str())
    );
    assert!(two.notes.is_empty());

    let invisible = paste(&format!("{key}\u{200b}"));
    assert_eq!(
        invisible.bare_credential.as_deref(),
        Some(format!("{key}\u{200b}").as_str())
    );
    assert!(invisible.notes.is_empty());
}

#[test]
fn jwt_is_recognised() {
    let jwt = fake_jwt();
    let pasted = paste(&jwt);
    assert_eq!(pasted.kind, PasteKind::Jwt);
    assert_eq!(pasted.bare_credential.as_deref(), Some(jwt.as_str()));
    assert_eq!(paste("eyJhbGciOiJub25lIn0.e30.").kind, PasteKind::Jwt);
    assert_eq!(paste("eyJ.only-two").kind, PasteKind::RawKey);
    assert_eq!(paste("abc.def.ghi").kind, PasteKind::RawKey);
}

#[test]
fn a_key_containing_a_colon_is_not_a_header() {
    assert_eq!(paste("ak_live:0123456789abcdef").kind, PasteKind::RawKey);
    let header = paste("x-api-key:0123456789abcdef");
    assert_eq!(header.kind, PasteKind::HeaderLines);
    assert_eq!(
        header.exchanges[0].request_header("X-Api-Key"),
        Some("0123456789abcdef")
    );
}

#[test]
fn header_lines_keep_stray_whitespace() {
    let text = "Authorization: Bearer  abc \r\nAccept: */*\r\n";
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::HeaderLines);
    let ex = &pasted.exchanges[0];
    assert_eq!(
        ex.request_headers,
        [
            Header::new("Authorization", "Bearer  abc "),
            Header::new("Accept", "*/*")
        ]
    );
    assert_eq!(ex.method, "GET");
    assert!(pasted.notes.is_empty());
    let tab = paste("Authorization:\t Bearer abc");
    assert_eq!(
        tab.exchanges[0].request_header("authorization"),
        Some(" Bearer abc")
    );
}

#[test]
fn devtools_http2_request_headers_give_method_and_url() {
    let jwt = fake_jwt();
    let text = format!(
        ":authority: api.example.com\n:method: POST\n:path: /v1/orders?x=1\n:scheme: https\naccept: application/json\nauthorization: Bearer {jwt}\n"
    );
    let pasted = paste(&text);
    assert_eq!(pasted.kind, PasteKind::HeaderLines);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.method, "POST");
    assert_eq!(ex.url, "https://api.example.com/v1/orders?x=1");
    assert_eq!(
        ex.request_headers[0],
        Header::new(":authority", "api.example.com")
    );
    assert_eq!(
        ex.request_header("authorization"),
        Some(format!("Bearer {jwt}").as_str())
    );
}

#[test]
fn devtools_general_section_is_understood() {
    let text = "Request URL: https://api.example.com/v1/me\nRequest Method: GET\nStatus Code: 401 Unauthorized\nRemote Address: 203.0.113.10:443\nReferrer Policy: strict-origin-when-cross-origin\nwww-authenticate: Bearer error=\"invalid_token\"\nauthorization: Bearer abc\n";
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::HeaderLines);
    let ex = &pasted.exchanges[0];
    assert_eq!(
        (ex.method.as_str(), ex.url.as_str(), ex.status),
        ("GET", "https://api.example.com/v1/me", 401)
    );
    assert_eq!(
        ex.request_headers,
        [Header::new("authorization", "Bearer abc")]
    );
    assert_eq!(ex.response_headers.len(), 1);
}

#[test]
fn mixed_request_and_response_header_lines_are_split() {
    let text = "Authorization: Basic abc\n\nWWW-Authenticate: Bearer realm=\"x\"\nAccess-Control-Allow-Origin: *\n:status: 401\n";
    let ex = &paste(text).exchanges[0];
    assert_eq!(
        ex.request_headers,
        [Header::new("Authorization", "Basic abc")]
    );
    assert_eq!(
        ex.response_header("www-authenticate"),
        Some("Bearer realm=\"x\"")
    );
    assert_eq!(ex.response_headers.len(), 3);
    assert_eq!(ex.status, 401);
}

#[test]
fn wrapped_header_value_keeps_the_line_break() {
    let ex = &paste("Authorization: Bearer abc\n  def\nAccept: */*").exchanges[0];
    assert_eq!(
        ex.request_header("authorization"),
        Some("Bearer abc\n  def")
    );
}

#[test]
fn scheme_and_credential_alone_is_an_authorization_value() {
    let pasted = paste("Bearer undefined\n");
    assert_eq!(pasted.kind, PasteKind::HeaderLines);
    assert_eq!(pasted.notes, [PasteNote::AssumedAuthorizationHeader]);
    assert_eq!(
        pasted.exchanges[0].request_header("Authorization"),
        Some("Bearer undefined")
    );
    assert_eq!(
        paste("basic   abc ").exchanges[0].request_header("Authorization"),
        Some("basic   abc ")
    );
    // Not a known scheme: a key with a space in it.
    assert_eq!(paste("hello world").kind, PasteKind::RawKey);
}

#[test]
fn raw_http_request() {
    let text = "\nGET /v1/me?include=teams HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer undefined\r\n\r\n";
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::RawHttpRequest);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.method, "GET");
    assert_eq!(ex.url, "https://api.example.com/v1/me?include=teams");
    assert_eq!(ex.request_header("authorization"), Some("Bearer undefined"));
    assert_eq!(ex.status, 0);
    let absolute = paste("DELETE https://api.example.com/v1/x HTTP/2\nauthorization: Token abc");
    assert_eq!(absolute.exchanges[0].url, "https://api.example.com/v1/x");
    assert_eq!(absolute.exchanges[0].method, "DELETE");
}

#[test]
fn raw_http_response() {
    let text = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error=\"invalid_token\"\r\nContent-Type: application/json\r\n\r\n{\"error\":\"invalid_token\"}\r\n";
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::RawHttpResponse);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.status, 401);
    assert_eq!(ex.status_text, "Unauthorized");
    assert_eq!(
        ex.response_header("www-authenticate"),
        Some("Bearer error=\"invalid_token\"")
    );
    assert_eq!(
        ex.response_body_excerpt.as_deref(),
        Some("{\"error\":\"invalid_token\"}")
    );
    assert!(ex.request_headers.is_empty());
}

#[test]
fn raw_http_exchange() {
    let text = "POST /token HTTP/1.1\nHost: auth.example.com\nAuthorization: Basic Y2xpZW50OnNlY3JldA==\n\ngrant_type=client_credentials\n\nHTTP/1.1 302 Found\nLocation: https://auth.example.com/login\n\n";
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::RawHttpExchange);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.method, "POST");
    assert_eq!(ex.url, "https://auth.example.com/token");
    assert_eq!(ex.status, 302);
    assert_eq!(
        ex.redirect_url.as_deref(),
        Some("https://auth.example.com/login")
    );
    // Without the blank line between request headers and the response.
    let tight = paste("GET / HTTP/1.1\nHost: a.example\nHTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"a\"");
    assert_eq!(tight.kind, PasteKind::RawHttpExchange);
    assert_eq!(tight.exchanges[0].status, 401);
    assert_eq!(tight.exchanges[0].request_headers.len(), 1);
}

#[test]
fn raw_http_errors_name_the_line() {
    let err = parse_paste(
        "\n\nGET / HTTP/1.1\nHost: a.example\nthis is not a header\n",
        &PasteHints::default(),
    )
    .unwrap_err();
    assert_eq!(err, InputError::InvalidHeaderLine { line: 5 });
    assert_eq!(
        err.to_string(),
        "line 5 is not a header line (`Name: value`)"
    );
    let err = parse_paste("HTTP/1.1 unauthorized\n", &PasteHints::default()).unwrap_err();
    assert_eq!(err, InputError::InvalidStatusLine { line: 1 });
}

#[test]
fn curl_bash_from_devtools() {
    let jwt = fake_jwt();
    let text = format!(
        "curl 'https://api.example.com/v1/me?include=teams' \\\n  -H 'accept: application/json' \\\n  -H 'authorization: Bearer {jwt}' \\\n  -H $'x-note: caf\\u00e9\\u200b' \\\n  --compressed\n"
    );
    let pasted = paste(&text);
    assert_eq!(pasted.kind, PasteKind::Curl);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.method, "GET");
    assert_eq!(ex.url, "https://api.example.com/v1/me?include=teams");
    assert_eq!(
        ex.request_headers,
        [
            Header::new("accept", "application/json"),
            Header::new("authorization", format!("Bearer {jwt}")),
            Header::new("x-note", "café\u{200b}"),
        ]
    );
    assert!(pasted.notes.is_empty());
}

#[test]
fn curl_windows_cmd_from_devtools() {
    let text = "curl ^\"https://api.example.com/v1/me?a=1^&b=2^\" ^\r\n  -H ^\"authorization: Bearer abc ^\" ^\r\n  -H ^\"x-quote: \\^\"q\\^\"^\" ^\r\n  --compressed";
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::Curl);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.url, "https://api.example.com/v1/me?a=1&b=2");
    assert_eq!(ex.request_header("authorization"), Some("Bearer abc "));
    assert_eq!(ex.request_header("x-quote"), Some("\"q\""));
}

#[test]
fn curl_options() {
    let basic = paste("curl -u 'demo-user:demo pass' https://api.example.com/x");
    let expected = base64::engine::general_purpose::STANDARD.encode("demo-user:demo pass");
    assert_eq!(
        basic.exchanges[0].request_header("authorization"),
        Some(format!("Basic {expected}").as_str())
    );

    let bearer = paste("curl --oauth2-bearer 'abc ' -XPOST https://api.example.com/x");
    assert_eq!(
        bearer.exchanges[0].request_header("authorization"),
        Some("Bearer abc ")
    );
    assert_eq!(bearer.exchanges[0].method, "POST");

    let data =
        paste("curl -sSL -d '{\"a\":1}' -H 'Content-Type: application/json' api.example.com/x");
    assert_eq!(data.exchanges[0].method, "POST");
    assert_eq!(data.exchanges[0].url, "http://api.example.com/x");
    assert_eq!(
        data.exchanges[0].request_body_excerpt.as_deref(),
        Some("{\"a\":1}")
    );
    let form = paste(
        "curl -d grant_type=refresh_token -d refresh_token=rt-demo https://auth.example.com/token",
    );
    assert_eq!(
        form.exchanges[0].request_body_excerpt.as_deref(),
        Some("grant_type=refresh_token&refresh_token=rt-demo")
    );

    let get = paste("curl -G --data-urlencode 'api_key=abc123' 'https://api.example.com/x?q=1'");
    assert_eq!(get.exchanges[0].method, "GET");
    assert_eq!(get.exchanges[0].request_body_excerpt, None);
    assert_eq!(
        get.exchanges[0].url,
        "https://api.example.com/x?q=1&api_key=abc123"
    );

    let head = paste(
        "$ curl -I -H'X-Api-Key: k1' --url https://api.example.com/x https://api.example.com/y",
    );
    assert_eq!(head.exchanges[0].method, "HEAD");
    assert_eq!(head.exchanges[0].url, "https://api.example.com/x");
    assert_eq!(head.exchanges[0].request_header("x-api-key"), Some("k1"));
    assert_eq!(head.notes, [PasteNote::ExtraUrls { count: 1 }]);

    let cookie = paste("curl -b 'session=s1' -b cookies.txt -A 'agent/1' -e https://app.example.com/ https://api.example.com/");
    let names: Vec<&str> = cookie.exchanges[0]
        .request_headers
        .iter()
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(names, ["Cookie", "User-Agent", "Referer"]);

    let json = paste("curl --json '{}' https://api.example.com/x");
    assert_eq!(json.exchanges[0].method, "POST");
    assert_eq!(
        json.exchanges[0].request_header("content-type"),
        Some("application/json")
    );

    let path = paste("/usr/bin/curl https://api.example.com/x -H 'Authorization;'");
    assert_eq!(path.exchanges[0].request_header("authorization"), Some(""));
}

#[test]
fn curl_auth_notes() {
    let prompt = paste("curl -u demo-user https://api.example.com/x");
    assert_eq!(prompt.exchanges[0].request_header("authorization"), None);
    assert_eq!(prompt.notes, [PasteNote::CurlPasswordPrompt]);

    let digest = paste("curl --digest -u u:p https://api.example.com/x");
    assert_eq!(digest.exchanges[0].request_header("authorization"), None);
    assert_eq!(
        digest.notes,
        [PasteNote::CurlNonBasicAuth {
            option: "--digest".into()
        }]
    );

    let overridden = paste("curl -u u:p -H 'Authorization: Bearer t' https://api.example.com/x");
    assert_eq!(
        overridden.exchanges[0].request_headers,
        [Header::new("Authorization", "Bearer t")]
    );
    assert_eq!(overridden.notes, [PasteNote::CurlAuthOverridden]);
}

#[test]
fn curl_errors() {
    let err = parse_paste(
        "curl -H 'Authorization: Bearer abc https://x.example",
        &PasteHints::default(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        InputError::UnterminatedQuote {
            quote: '\'',
            byte_offset: 8
        }
    );
    assert_eq!(
        err.to_string(),
        "the curl command has an unclosed ' quote (opened at byte 8)"
    );
    let err = parse_paste("  curl https://x.example -H", &PasteHints::default()).unwrap_err();
    assert_eq!(
        err,
        InputError::MissingOptionValue {
            option: "-H".into()
        }
    );
    assert_eq!(err.to_string(), "the curl option `-H` needs a value");
}

#[test]
fn fetch_from_devtools() {
    let text = r#"fetch("https://api.example.com/v1/me", {
  "headers": {
    "accept": "*/*",
    "authorization": "Bearer undefined",
    "x-odd": "tab\there"
  },
  "referrer": "https://app.example.com/",
  "body": null,
  "method": "GET",
  "mode": "cors",
  "credentials": "include"
});"#;
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::FetchSnippet);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.url, "https://api.example.com/v1/me");
    assert_eq!(ex.method, "GET");
    assert_eq!(
        ex.request_headers,
        [
            Header::new("accept", "*/*"),
            Header::new("authorization", "Bearer undefined"),
            Header::new("x-odd", "tab\there")
        ]
    );
    assert!(pasted.notes.is_empty());
}

#[test]
fn fetch_written_by_hand() {
    let text = "const res = await fetch(`${API}/me`, {\n  method: 'post', // create\n  headers: new Headers({ 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, ['X-Api-Key']: 'k\\u200b' }),\n});";
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::FetchSnippet);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.method, "POST");
    assert_eq!(ex.url, "");
    assert_eq!(
        ex.request_headers,
        [
            Header::new("Content-Type", "application/json"),
            Header::new("X-Api-Key", "k\u{200b}")
        ]
    );
    assert_eq!(
        pasted.notes,
        [
            PasteNote::UrlNotLiteral,
            PasteNote::HeaderNotLiteral {
                header: "Authorization".into()
            }
        ]
    );
}

#[test]
fn axios_calls() {
    let get = paste(
        "axios.get('https://api.example.com/v1/me', { headers: { Authorization: 'Bearer abc' } })",
    );
    assert_eq!(get.kind, PasteKind::AxiosSnippet);
    assert_eq!(get.exchanges[0].method, "GET");
    assert_eq!(get.exchanges[0].url, "https://api.example.com/v1/me");
    assert_eq!(
        get.exchanges[0].request_header("authorization"),
        Some("Bearer abc")
    );

    let config = paste("await axios({ method: 'delete', url: '/items/1', baseURL: 'https://api.example.com/v1/', auth: { username: 'u', password: 'p' } })");
    let ex = &config.exchanges[0];
    assert_eq!(ex.method, "DELETE");
    assert_eq!(ex.url, "https://api.example.com/v1/items/1");
    assert_eq!(ex.request_header("authorization"), Some("Basic dTpw"));

    let defaults = paste("axios.defaults.headers.common['Authorization'] = 'Token abc';\naxios.defaults.headers.common.Accept = 'application/json';");
    let ex = &defaults.exchanges[0];
    assert_eq!(
        ex.request_headers,
        [
            Header::new("Authorization", "Token abc"),
            Header::new("Accept", "application/json")
        ]
    );

    // A header line that merely mentions axios is not a snippet.
    assert_eq!(
        paste("User-Agent: axios/1.7.2\nAuthorization: Bearer x").kind,
        PasteKind::HeaderLines
    );
}

#[test]
fn bracketed_placeholders_are_keys_not_json() {
    for text in ["[object Object]", "{{API_KEY}}\n", "{token}"] {
        let pasted = paste(text);
        assert_eq!(pasted.kind, PasteKind::RawKey, "{text}");
        assert_eq!(pasted.bare_credential.as_deref(), Some(text));
    }
    let header = paste("[object Object]: x");
    assert_eq!(header.kind, PasteKind::RawKey);
    let broken = parse_paste("{\n  \"log\": \n", &PasteHints::default()).unwrap_err();
    assert!(
        matches!(broken, InputError::Har(HarError::NotJson { line: 3, .. })),
        "{broken:?}"
    );
}

#[test]
fn har_paste() {
    let text = r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a.example/"},"response":{"status":401}}]}}"#;
    let pasted = paste(text);
    assert_eq!(pasted.kind, PasteKind::Har);
    assert_eq!(pasted.exchanges.len(), 1);
    assert_eq!(
        pasted
            .har
            .as_ref()
            .map(|h| (h.exchanges.len(), h.entry_indexes.clone())),
        Some((0, vec![0]))
    );
    let err = parse_paste(r#"{"Authorization":"Bearer x"}"#, &PasteHints::default()).unwrap_err();
    assert!(matches!(err, InputError::Har(HarError::NotHar { .. })));
    assert!(err
        .to_string()
        .starts_with("the input looks like JSON but is not a usable HAR file: not a HAR file: "));
}

#[test]
fn hints_fill_what_the_paste_does_not_say() {
    let hints = PasteHints {
        status: Some(401),
        www_authenticate: Some("Bearer error=\"invalid_token\"".into()),
        url: Some("https://api.example.com/base/ignored".into()),
        now_ms: Some(1_714_557_600_000),
    };
    let headers = parse_paste("Authorization: Bearer abc", &hints).unwrap();
    let ex = &headers.exchanges[0];
    assert_eq!(ex.status, 401);
    assert_eq!(
        ex.response_header("www-authenticate"),
        Some("Bearer error=\"invalid_token\"")
    );
    assert_eq!(ex.url, "https://api.example.com/base/ignored");
    assert_eq!(ex.started_at_ms, Some(1_714_557_600_000));

    // A pasted response's own status and challenge win; a path is joined to the hint's origin.
    let raw = parse_paste("GET /v1/me HTTP/1.1\nAuthorization: Bearer abc\n\nHTTP/1.1 403 Forbidden\nWWW-Authenticate: Basic realm=\"r\"\n", &hints).unwrap();
    let ex = &raw.exchanges[0];
    assert_eq!(ex.status, 403);
    assert_eq!(
        ex.response_headers,
        [Header::new("WWW-Authenticate", "Basic realm=\"r\"")]
    );
    assert_eq!(ex.url, "https://api.example.com/v1/me");

    // Hints never touch a bare key.
    let key = parse_paste("abc", &hints).unwrap();
    assert!(key.exchanges.is_empty());
}

#[test]
fn empty_paste() {
    for text in ["", " ", "\n\n", "\t\r\n"] {
        assert_eq!(
            parse_paste(text, &PasteHints::default()),
            Err(InputError::Empty)
        );
    }
    assert_eq!(
        InputError::Empty.to_string(),
        "nothing to check: the input is empty"
    );
}

#[test]
fn kinds_have_stable_names() {
    assert_eq!(PasteKind::RawHttpExchange.as_str(), "raw_http_exchange");
    assert_eq!(PasteKind::Curl.to_string(), "curl");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            let _ = parse_paste(&text, &PasteHints::default());
        }

        #[test]
        fn never_panics_on_shell_and_js_like_text(text in r#"(curl |fetch\(|axios\.get\(|GET / HTTP/1\.1\n|HTTP/1\.1 401 x\n|\{)?[ -~\n\r\t\\'"$^`{}()\[\]:,;=\u{200b}é]{0,80}"#) {
            let _ = parse_paste(&text, &PasteHints { status: Some(401), www_authenticate: Some("x".into()), url: Some("/".into()), now_ms: Some(0) });
        }

        #[test]
        fn raw_keys_keep_their_bytes(key in "[A-Za-z0-9_\\-]{1,60}(\u{200b}|\u{a0}| |\t|\n|\r\n)?") {
            // `---` alone is a YAML document start, refused with its own message.
            prop_assume!(key.trim() != "---");
            let pasted = parse_paste(&key, &PasteHints::default()).unwrap();
            if matches!(pasted.kind, PasteKind::RawKey | PasteKind::Jwt) {
                prop_assert_eq!(pasted.bare_credential.as_deref(), Some(key.as_str()));
            }
        }

        #[test]
        fn header_lines_round_trip(
            headers in proptest::collection::vec(("[A-Za-z][A-Za-z0-9\\-]{0,20}", "[ -~\u{a0}\u{200b}]{0,40}"), 1..6),
            crlf in any::<bool>(),
        ) {
            // Lines with a one-word value and no space could be read as a key containing a colon;
            // the separator ": " used here keeps them header lines.
            let eol = if crlf { "\r\n" } else { "\n" };
            let text: String = headers.iter().map(|(n, v)| format!("{n}: {v}{eol}")).collect();
            let pasted = parse_paste(&text, &PasteHints::default()).unwrap();
            prop_assert_eq!(pasted.kind, PasteKind::HeaderLines);
            let ex = &pasted.exchanges[0];
            let mut seen: Vec<(String, String)> = ex.request_headers.iter().chain(&ex.response_headers).map(|h| (h.name.clone(), h.value.clone())).collect();
            let mut expected: Vec<(String, String)> = headers.clone();
            seen.sort();
            expected.sort();
            prop_assert_eq!(seen, expected);
            let request_order: Vec<&str> = ex.request_headers.iter().map(|h| h.name.as_str()).collect();
            let expected_order: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).filter(|n| ex.request_headers.iter().any(|h| h.name == *n)).collect();
            prop_assert_eq!(request_order, expected_order);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Detection regressions (issue 9): encodings, line endings, near-headers, non-request documents,
// and the size limits that keep memory bounded.

#[test]
fn cr_only_line_endings_are_line_breaks() {
    let pasted = paste("Authorization: Bearer abc\rAccept: */*\r");
    assert_eq!(pasted.kind, PasteKind::HeaderLines);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.request_header("authorization"), Some("Bearer abc"));
    assert_eq!(ex.request_header("accept"), Some("*/*"));
    assert_eq!(pasted.notes, [PasteNote::CrLineEndings]);

    let raw = paste("GET /v1/me HTTP/1.1\rHost: api.example.com\rAuthorization: Bearer abc\r\rHTTP/1.1 401 Unauthorized\rWWW-Authenticate: Bearer realm=\"api\"\r");
    assert_eq!(raw.kind, PasteKind::RawHttpExchange);
    assert_eq!(raw.exchanges[0].status, 401);
    assert_eq!(raw.exchanges[0].url, "https://api.example.com/v1/me");
    assert_eq!(
        raw.exchanges[0].response_header("www-authenticate"),
        Some("Bearer realm=\"api\"")
    );
}

#[test]
fn carriage_returns_inside_a_bare_key_are_kept() {
    // Near-misses: a CR inside or at the end of a key is what the diagnosis is about.
    for key in ["sk-abc\rdef", "sk-abc\r", "Bearer abc\r"] {
        let pasted = paste(key);
        assert!(
            pasted.bare_credential.as_deref() == Some(key)
                || pasted.exchanges[0].request_header("authorization") == Some(key),
            "{key:?} lost its CR: {pasted:?}"
        );
        assert!(!pasted.notes.contains(&PasteNote::CrLineEndings));
    }
}

#[test]
fn a_byte_order_mark_before_header_lines_is_skipped() {
    let pasted = paste("\u{FEFF}Authorization: Bearer abc\nX-Api-Key: k1\n");
    assert_eq!(pasted.kind, PasteKind::HeaderLines);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.request_headers[0].name, "Authorization");
    assert_eq!(ex.request_header("x-api-key"), Some("k1"));
    assert_eq!(pasted.notes, [PasteNote::ByteOrderMark]);
    // Also before a raw request and a curl command.
    assert_eq!(
        paste("\u{FEFF}GET / HTTP/1.1\r\nHost: a.example\r\n\r\n").kind,
        PasteKind::RawHttpRequest
    );
    assert_eq!(
        paste("\u{FEFF}curl -H 'Authorization: Bearer abc' https://a.example").kind,
        PasteKind::Curl
    );
    // Error offsets still count from the start of what was pasted (the BOM is 3 bytes).
    let text = "\u{FEFF}curl -H 'x";
    let err = parse_paste(text, &PasteHints::default()).unwrap_err();
    assert_eq!(
        err,
        InputError::UnterminatedQuote {
            quote: '\'',
            byte_offset: 11
        }
    );
    assert!(text[11..].starts_with('\''));
}

#[test]
fn a_byte_order_mark_in_a_bare_key_is_kept() {
    // The application may have read the key from a file with a BOM and sent it: keep it.
    let key = format!("\u{FEFF}{}", fake_key("sk-proj-", 40));
    let pasted = paste(&key);
    assert_eq!(pasted.kind, PasteKind::RawKey);
    assert_eq!(pasted.bare_credential.as_deref(), Some(key.as_str()));
}

#[test]
fn whitespace_before_the_colon_still_names_the_header() {
    let pasted = paste("Authorization : Bearer abc\nAccept:\t*/*\n");
    assert_eq!(pasted.kind, PasteKind::HeaderLines);
    let ex = &pasted.exchanges[0];
    assert_eq!(ex.request_headers[0].name, "Authorization");
    assert_eq!(ex.request_header("authorization"), Some("Bearer abc"));
    assert_eq!(
        pasted.notes,
        [PasteNote::SpaceBeforeColon {
            header: "Authorization".into()
        }]
    );
    assert!(pasted.notes[0].to_string().contains("RFC 9112"));
    // One line alone, and inside a raw request.
    assert_eq!(
        paste("X-Api-Key\t: k1").exchanges[0].request_header("x-api-key"),
        Some("k1")
    );
    let raw = paste("GET / HTTP/1.1\nHost : a.example\n\n");
    assert_eq!(raw.exchanges[0].url, "https://a.example/");
    // Control: no note for well-formed lines.
    assert!(paste("Authorization: Bearer abc\n").notes.is_empty());
}

#[test]
fn a_one_line_broken_har_is_a_har_error_not_a_key() {
    let err = parse_paste(r#"[{"request": {"#, &PasteHints::default()).unwrap_err();
    assert!(
        matches!(err, InputError::Har(HarError::NotJson { .. })),
        "{err:?}"
    );
    // Cut inside `log.entries`: a truncated HAR, read as one (every complete entry kept) with
    // one issue saying where it ends (issue 10), never a key.
    for text in [
        r#"{"log": {"version": "1.2", "entries": ["#,
        r#"{"log":{"entries":[{"request":{"method":"GET","url":"https://a.example/"}"#,
    ] {
        let pasted = parse_paste(text, &PasteHints::default()).unwrap();
        assert_eq!(pasted.kind, PasteKind::Har, "{text}");
        assert!(pasted.bare_credential.is_none(), "{text}");
        let issues = pasted.har.expect("a HAR").issues;
        assert_eq!(issues.len(), 1, "{text}: {issues:?}");
        assert!(
            matches!(issues[0].problem, EntryProblem::EndsEarly { line: 1, .. }),
            "{text}: {issues:?}"
        );
    }
    // Controls: one-line placeholders that start with a bracket stay credentials.
    for text in ["[object Object]", "{{API_KEY}}", "{API_KEY}", "[REDACTED]"] {
        let pasted = paste(text);
        assert_eq!(pasted.kind, PasteKind::RawKey, "{text}");
    }
}

#[test]
fn yaml_documents_are_refused_with_a_clear_message() {
    let openapi = "openapi: 3.0.3\ninfo:\n  title: Example API\n  version: 1.0.0\npaths:\n  /v1/me:\n    get:\n      security:\n        - bearerAuth: []\ncomponents:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n";
    let err = parse_paste(openapi, &PasteHints::default()).unwrap_err();
    assert_eq!(
        err,
        InputError::UnsupportedDocument {
            what: "an OpenAPI (Swagger) document"
        }
    );
    assert!(err.to_string().contains("not a request"));
    let swagger = "# generated\nswagger: \"2.0\"\nhost: api.example.com\n";
    assert!(matches!(
        parse_paste(swagger, &PasteHints::default()),
        Err(InputError::UnsupportedDocument { .. })
    ));
    let manifest =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ndata:\n  token: c2stYWJj\n";
    assert_eq!(
        parse_paste(manifest, &PasteHints::default()).unwrap_err(),
        InputError::UnsupportedDocument {
            what: "a YAML document"
        }
    );
    // Controls: header pastes, including an obs-fold continuation and a DevTools copy.
    assert_eq!(
        paste("Authorization: Bearer abc\nX-Long: a\n  b\n").kind,
        PasteKind::HeaderLines
    );
    assert_eq!(
        paste(":authority: api.example.com\n:method: GET\n:path: /v1\nauthorization: Bearer abc\n")
            .kind,
        PasteKind::HeaderLines
    );
}

#[test]
fn utf16_input_is_decoded_and_noted() {
    use authlens::input::paste_text;
    let text = "Authorization: Bearer abc\r\n";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(
        paste_text(le).unwrap(),
        (
            text.to_owned(),
            Some(PasteNote::DecodedUtf16 { big_endian: false })
        )
    );
    assert_eq!(
        paste_text(be).unwrap(),
        (
            text.to_owned(),
            Some(PasteNote::DecodedUtf16 { big_endian: true })
        )
    );
    assert_eq!(paste_text(bare).unwrap().0, text);
    // An unpaired surrogate (D800 then 'a') and an odd trailing byte are refused with the offset.
    assert_eq!(
        paste_text(vec![0xFF, 0xFE, 0x61, 0x00, 0x00, 0xD8, 0x61, 0x00]).unwrap_err(),
        InputError::InvalidUtf16 { byte_offset: 4 }
    );
    assert_eq!(
        paste_text(vec![0xFF, 0xFE, 0x61, 0x00, 0x62]).unwrap_err(),
        InputError::InvalidUtf16 { byte_offset: 4 }
    );
    // UTF-8 passes through; invalid UTF-8 says where.
    assert_eq!(
        paste_text(b"sk-abc".to_vec()).unwrap(),
        ("sk-abc".into(), None)
    );
    assert_eq!(
        paste_text(b"key\xff".to_vec()).unwrap_err(),
        InputError::NotUtf8 { byte_offset: 3 }
    );
}

#[test]
fn pastes_past_the_size_limits_are_refused_not_held() {
    use authlens::input::{MAX_CURL_WORDS, MAX_HEADERS, MAX_SNIPPET_TOKENS};
    let lines = |n: usize| "X-A: b\n".repeat(n);
    assert_eq!(
        paste(&lines(MAX_HEADERS)).exchanges[0]
            .request_headers
            .len(),
        MAX_HEADERS
    );
    let err = parse_paste(&lines(MAX_HEADERS + 1), &PasteHints::default()).unwrap_err();
    assert!(
        matches!(
            err,
            InputError::TooLarge {
                what: "header lines",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("2000 header lines"));
    let raw = format!("GET / HTTP/1.1\n{}\n", lines(MAX_HEADERS + 1));
    assert!(matches!(
        parse_paste(&raw, &PasteHints::default()),
        Err(InputError::TooLarge { .. })
    ));
    let curl = format!("curl https://a.example{}", " -s".repeat(MAX_CURL_WORDS + 1));
    assert!(matches!(
        parse_paste(&curl, &PasteHints::default()),
        Err(InputError::TooLarge {
            what: "curl arguments",
            ..
        })
    ));
    let fetch = format!(
        "fetch('https://a.example', {{ {} }})",
        "a, ".repeat(MAX_SNIPPET_TOKENS)
    );
    assert!(matches!(
        parse_paste(&fetch, &PasteHints::default()),
        Err(InputError::TooLarge {
            what: "JavaScript tokens",
            ..
        })
    ));
    let headers = format!(
        "fetch('https://a.example', {{ headers: {{ {} }} }})",
        "'X-A': 'b', ".repeat(MAX_HEADERS + 1)
    );
    assert!(matches!(
        parse_paste(&headers, &PasteHints::default()),
        Err(InputError::TooLarge {
            what: "header lines",
            ..
        })
    ));
}

#[test]
fn nested_unclosed_header_objects_are_read_once() {
    // `headers: { headers: { ...` never closed: each object is inside the first, which is read
    // once (this shape was quadratic); the literal header at the front is still found.
    let text = format!(
        "fetch('https://a.example', {{ headers: {{ 'X-Api-Key': 'k1', {}",
        "headers: { ".repeat(20_000)
    );
    let pasted = paste(&text);
    assert_eq!(pasted.exchanges[0].request_header("x-api-key"), Some("k1"));
}
