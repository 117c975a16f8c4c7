//! No rule panics, whatever the exchange holds: arbitrary names, values, URLs, bodies, dates.

use authlens::model::{Exchange, Header};
use authlens::rules::{
    analyze_credential, analyze_exchange, describe, AnalysisOptions, SessionAnalyzer,
};
use proptest::prelude::*;

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Authorization",
            "authorization",
            "Proxy-Authorization",
            "x-api-key",
            "Cookie",
            "Origin",
            "Authorisation",
            "Access-Control-Request-Headers"
        ])
        .prop_map(str::to_owned),
        "\\PC{0,24}",
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "(Bearer|Basic|Digest|bearer|Token)?[ \t:\u{a0}]{0,3}[A-Za-z0-9+/=._~\"'%,;-]{0,80}",
        "\\PC{0,120}",
        ".{0,60}",
        "eyJ[A-Za-z0-9_-]{0,40}\\.[A-Za-z0-9_-]{0,60}\\.?[A-Za-z0-9_-]{0,20}(\\.[A-Za-z0-9_-]{0,8}){0,2}",
    ]
}

fn exchange() -> impl Strategy<Value = Exchange> {
    (
        prop::sample::select(vec!["GET", "OPTIONS", "POST", "", "get"]),
        prop_oneof![
            "https?://[a-z.:@0-9\\[\\]]{0,30}(/[^ ?#]{0,20})?(\\?[^ #]{0,60})?",
            "\\PC{0,40}"
        ],
        prop::collection::vec((header_name(), header_value()), 0..6),
        prop::sample::select(vec![0u16, 200, 204, 301, 302, 400, 401, 403, 407, 500]),
        prop::collection::vec(
            (
                prop::sample::select(vec![
                    "WWW-Authenticate",
                    "Proxy-Authenticate",
                    "Date",
                    "Location",
                    "Set-Cookie",
                    "Access-Control-Allow-Headers",
                    "Server",
                    "x-amzn-ErrorType",
                ]),
                header_value(),
            ),
            0..5,
        ),
        prop::option::of("\\PC{0,200}"),
        prop::option::of(any::<i64>()),
    )
        .prop_map(|(method, url, req, status, resp, body, started)| Exchange {
            method: method.to_owned(),
            url,
            request_headers: req.into_iter().map(|(n, v)| Header::new(n, v)).collect(),
            status,
            response_headers: resp.into_iter().map(|(n, v)| Header::new(n, v)).collect(),
            response_body_excerpt: body,
            started_at_ms: started,
            ..Default::default()
        })
}

proptest! {
    #[test]
    fn exchanges_never_panic(ex in exchange(), audience in prop::option::of("\\PC{0,20}"), now in prop::option::of(any::<i64>())) {
        let opts = AnalysisOptions { expected_audience: audience, now_ms: now, page_origin: Some("https://app.example.com".into()), ..Default::default() };
        let findings = analyze_exchange(&ex, &opts);
        for f in &findings {
            if let Some(span) = f.evidence.span {
                prop_assert!(span.start <= span.end, "{}: inverted span", f.id);
            }
        }
        let _ = describe(&ex, &opts);
        let mut session = SessionAnalyzer::new(opts);
        session.push(&ex);
        session.push(&ex);
        session.push(&ex);
        let _ = session.report();
    }

    #[test]
    fn pasted_values_never_panic(value in "\\PC{0,200}") {
        let _ = analyze_credential(&value, &AnalysisOptions::default());
    }
}

proptest! {
    /// Decodable JWTs with extreme times, request times and server dates: no overflow anywhere.
    #[test]
    fn extreme_times_never_panic(
        exp in prop_oneof![any::<i64>().prop_map(|v| v.to_string()), any::<f64>().prop_map(|v| format!("{v:e}")), Just("1e308".to_owned())],
        nbf in any::<i32>(),
        started in prop::option::of(any::<i64>()),
        year in prop::sample::select(vec!["1970", "0001", "9999", "292277026596"]),
    ) {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine;
        let claims = format!(r#"{{"exp":{exp},"nbf":{nbf},"iat":{nbf},"aud":"a","azp":"a"}}"#);
        let token = format!("{}.{}.c2ln", URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#), URL_SAFE_NO_PAD.encode(claims));
        let ex = Exchange {
            started_at_ms: started,
            ..Exchange::new("GET", "https://api.example.com/")
                .with_request_header("Authorization", &format!("Bearer {token}"))
                .with_response_header("Date", &format!("Thu, 01 Jan {year} 00:00:00 GMT"))
                .with_status(401)
        };
        let opts = AnalysisOptions { now_ms: Some(i64::MIN), expected_audience: Some("b".into()), ..Default::default() };
        let _ = analyze_exchange(&ex, &opts);
        let _ = describe(&ex, &opts);
    }
}
