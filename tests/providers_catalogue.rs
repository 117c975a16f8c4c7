//! The provider catalogue: coverage of the research, key recognition for every kind with a fake
//! key built here, ambiguity, checksums, hosts, error bodies and gateways.

use authlens::model::Header;
use authlens::providers::{
    base62_crc32, check_key_for_provider, fake_key, github_style_checksum_valid, provider,
    provider_for_host, providers_for_host, recognize_error_body, recognize_gateway, recognize_key,
    Alphabet, ChecksumResult, Confidence, Environment, Visibility, PROVIDERS,
};

const RESEARCH: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/providers/research-providers.json"
));

/// Ids of providers.json that the catalogue leaves out on purpose, with the reason.
const EXCLUDED: &[(&str, &str)] = &[];

fn research_ids(text: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(text).expect("providers.json parses");
    v.as_array()
        .expect("an array")
        .iter()
        .map(|p| p["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn every_research_id_is_represented_or_excluded() {
    let ids = research_ids(RESEARCH);
    assert_eq!(ids.len(), 60);
    for id in &ids {
        let excluded = EXCLUDED.iter().any(|(x, _)| x == id);
        assert!(
            provider(id).is_some() || excluded,
            "{id} is neither in PROVIDERS nor EXCLUDED"
        );
    }
    // Entries beyond the research come from the scanner checklist; each names its vendor.
    for p in PROVIDERS {
        assert!(
            !p.vendor.is_empty()
                && p.vendor
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
            "{}: vendor {:?} is not a stable lowercase id",
            p.id,
            p.vendor
        );
    }
    // The copy in the repository must match the shared research when it is present.
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/research/providers.json"
    );
    if let Ok(text) = std::fs::read_to_string(shared) {
        assert_eq!(
            research_ids(&text),
            ids,
            "src/providers/research-providers.json is stale"
        );
    }
}

/// Entries whose credential travels in a signature or a JSON body, never a header of its own.
const SIGNED_OR_BODY: &[&str] = &["alibaba-access-key", "plaid-access-token"];

#[test]
fn catalogue_entries_are_well_formed() {
    let mut seen = std::collections::HashSet::new();
    for p in PROVIDERS {
        assert!(seen.insert(p.id), "duplicate {}", p.id);
        // A credential no API accepts (an age identity, a 1Password Secret Key, an OAuth client
        // secret) has no placement; Plaid and Mapbox take theirs in the JSON body or the query.
        let unplaced_ok = p.keys.iter().all(|k| k.not_for_api)
            || !p.query_params.is_empty()
            || SIGNED_OR_BODY.contains(&p.id);
        assert!(
            !p.keys.is_empty() && (!p.auth.is_empty() || unplaced_ok),
            "{}",
            p.id
        );
        assert!(p.docs.starts_with("https://"), "{}", p.id);
        for k in p.keys {
            assert!(
                k.min_len <= k.max_len && usize::from(k.min_len) >= k.prefix.len(),
                "{} {}",
                p.id,
                k.id
            );
            assert!(
                !k.prefix.is_empty() || k.context_only || k.layout.is_some(),
                "{} {} has no way to be recognised",
                p.id,
                k.id
            );
        }
    }
}

/// Deterministic filler drawn from characters every alphabet variant accepts.
fn filler(alphabet: Alphabet, n: usize, seed: &str) -> String {
    let chars: &[u8] = match alphabet {
        Alphabet::HexLower | Alphabet::Hex | Alphabet::HexDash => b"0123456789abcdef",
        Alphabet::Base32Upper => b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        Alphabet::Digits => b"0123456789",
        _ => b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    };
    let mut state = seed
        .bytes()
        .fold(0x9E37_79B9_u32, |h, b| h.rotate_left(5) ^ u32::from(b))
        .wrapping_add(1);
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            char::from(chars[(state as usize) % chars.len()])
        })
        .collect()
}

#[test]
fn every_kind_is_recognised_from_a_fake_key() {
    for (p, k, seed) in PROVIDERS.iter().flat_map(|p| {
        p.keys
            .iter()
            .flat_map(move |k| (0..25).map(move |seed| (p, k, seed)))
    }) {
        {
            let key = fake_key(p, k, seed);
            let what = format!("{} / {} seed {seed} ({} chars)", p.id, k.id, key.len());
            if k.context_only {
                // Only with host context: the key must fit its provider exactly.
                let m = check_key_for_provider(&key, p)
                    .unwrap_or_else(|| panic!("{what}: no match with context"));
                assert_eq!(
                    (m.kind, m.confidence),
                    (k.id, Confidence::Exact),
                    "{what}: {m:?}"
                );
                continue;
            }
            let found = recognize_key(&key);
            let m = found
                .matches
                .iter()
                .find(|m| m.provider_id == p.id && m.kind == k.id)
                .unwrap_or_else(|| panic!("{what}: not recognised: {found:?}"));
            assert!(m.shape.is_ok(), "{what}: {m:?}");
            assert_ne!(m.checksum, Some(ChecksumResult::Invalid), "{what}");
            if k.distinctive && !k.prefix.is_empty() {
                assert_eq!(m.confidence, Confidence::Exact, "{what}: {m:?}");
                assert_eq!(found.best().map(|b| b.provider_id), Some(p.id), "{what}");
                assert!(!found.ambiguous, "{what}: {found:?}");
            } else {
                assert_eq!(m.confidence, Confidence::Likely, "{what}: {m:?}");
            }
            assert_eq!(m.environment, k.environment, "{what}");
            assert_eq!(m.visibility, Some(k.visibility), "{what}");
        }
    }
}

#[test]
fn bare_sk_keys_stay_ambiguous() {
    // DeepSeek-shaped: `sk-` + 32 lowercase hex. An OpenAI-compatible gateway key looks the same.
    let deepseek_like = format!("sk-{}", filler(Alphabet::HexLower, 32, "ds"));
    let found = recognize_key(&deepseek_like);
    assert!(found.ambiguous, "{found:?}");
    assert!(found
        .matches
        .iter()
        .any(|m| m.provider_id == "deepseek-api-key" && m.confidence == Confidence::Likely));
    assert!(found
        .matches
        .iter()
        .any(|m| m.provider_id == "openai-api-key" && m.confidence == Confidence::Shape));

    // Neither DeepSeek nor OpenAI's marker: only "some sk- key".
    let proxy = format!("sk-{}", filler(Alphabet::Base62, 48, "proxy"));
    let found = recognize_key(&proxy);
    assert!(found.ambiguous);
    assert!(
        found
            .matches
            .iter()
            .all(|m| m.confidence == Confidence::Shape),
        "{found:?}"
    );

    // With OpenAI's marker the reading is exact.
    let legacy = format!(
        "sk-{}T3BlbkFJ{}",
        filler(Alphabet::Base62, 20, "a"),
        filler(Alphabet::Base62, 20, "b")
    );
    let found = recognize_key(&legacy);
    assert!(!found.ambiguous);
    assert_eq!(
        found.best().map(|m| (m.provider_id, m.confidence)),
        Some(("openai-api-key", Confidence::Exact))
    );
}

#[test]
fn shared_prefixes_count_only_when_the_rest_fits() {
    let sid = format!("AC{}", filler(Alphabet::HexLower, 32, "sid"));
    let found = recognize_key(&sid);
    assert_eq!(
        found.best().map(|m| (m.provider_id, m.confidence)),
        Some(("twilio-credentials", Confidence::Likely))
    );
    assert!(
        !found.ambiguous,
        "one provider fits: uncertain, not ambiguous"
    );
    for key in [
        "ACCESS_TOKEN_VALUE_1234567890abcdef",
        "patterns-are-not-airtable-tokens",
        "secret_abc",
    ] {
        assert!(recognize_key(key).matches.is_empty(), "{key}");
    }
}

#[test]
fn longer_prefixes_hide_the_shorter_ones_they_extend() {
    let anthropic = fake_key(
        provider("anthropic-api-key").unwrap(),
        &provider("anthropic-api-key").unwrap().keys[0],
        7,
    );
    let found = recognize_key(&anthropic);
    assert_eq!(found.matches.len(), 1, "{found:?}");
    let openrouter = format!("sk-or-v1-{}", filler(Alphabet::HexLower, 64, "or"));
    let found = recognize_key(&openrouter);
    assert_eq!(
        found
            .matches
            .iter()
            .map(|m| m.provider_id)
            .collect::<Vec<_>>(),
        vec!["openrouter-api-key"]
    );
}

#[test]
fn wrong_length_or_charset_is_reported_but_still_attributed() {
    let short = "ghp_abc";
    let found = recognize_key(short);
    let m = found.best().unwrap();
    assert_eq!(
        (m.provider_id, m.confidence),
        ("github-pat-classic", Confidence::Likely)
    );
    assert!(!m.shape.length_ok);
    assert_eq!(m.checksum, None);

    let bad_char = format!("sk-ant-api03-{}!{}AA", "a".repeat(40), "b".repeat(52));
    let m = recognize_key(&bad_char).matches.into_iter().next().unwrap();
    assert_eq!(m.shape.bad_char_at, Some(53));
    assert_eq!(m.confidence, Confidence::Likely);
}

#[test]
fn github_checksum_matches_an_independent_implementation() {
    // Expected value computed with Python's zlib.crc32 and the 0-9A-Za-z alphabet.
    assert_eq!(&base62_crc32("authlensFakeBody0123456789abcd"), b"4EDJcE");
    assert_eq!(&base62_crc32(""), b"000000");
    let good = "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";
    assert!(github_style_checksum_valid(good));
    let m = recognize_key(good).matches.into_iter().next().unwrap();
    assert_eq!(
        (m.confidence, m.checksum),
        (Confidence::Exact, Some(ChecksumResult::Valid))
    );

    // One changed character in the body breaks it.
    let bad = "ghp_authlensFakeBody0123456789abce4EDJcE";
    assert!(!github_style_checksum_valid(bad));
    let m = recognize_key(bad).matches.into_iter().next().unwrap();
    assert_eq!(
        (m.confidence, m.checksum),
        (Confidence::Likely, Some(ChecksumResult::Invalid))
    );

    // npm uses the same construction.
    let npm = "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";
    let m = recognize_key(npm).matches.into_iter().next().unwrap();
    assert_eq!(
        (m.provider_id, m.checksum),
        ("npm-access-token", Some(ChecksumResult::Valid))
    );
    assert!(!github_style_checksum_valid("ghp_short"));
}

#[test]
fn live_test_and_publishable_kinds() {
    let pk = format!("pk_test_{}", filler(Alphabet::Base62, 40, "pk"));
    let m = recognize_key(&pk).matches.into_iter().next().unwrap();
    assert_eq!(
        (m.environment, m.visibility, m.browser_safe),
        (Some(Environment::Test), Some(Visibility::Publishable), true)
    );
    let sk = format!("sk_live_{}", filler(Alphabet::Base62, 40, "sk"));
    let m = recognize_key(&sk).matches.into_iter().next().unwrap();
    assert_eq!(
        (m.environment, m.visibility, m.browser_safe),
        (Some(Environment::Live), Some(Visibility::Secret), false)
    );
}

#[test]
fn unknown_and_hostile_inputs() {
    for key in [
        "",
        "x",
        "hello world",
        "日本語",
        "\u{200B}sk-",
        "eyJhbGciOiJIUzI1NiJ9.e30.sig",
        "00abc",
    ] {
        let found = recognize_key(key);
        assert!(found.matches.is_empty(), "{key:?}: {found:?}");
        assert!(!found.ambiguous);
    }
}

#[test]
fn hosts_match_on_labels_and_prefer_the_most_specific() {
    assert_eq!(
        provider_for_host("api.anthropic.com").map(|p| p.id),
        Some("anthropic-api-key")
    );
    assert_eq!(
        provider_for_host("API.OpenAI.com:443").map(|p| p.id),
        Some("openai-api-key")
    );
    assert_eq!(
        provider_for_host("myres.openai.azure.com").map(|p| p.id),
        Some("azure-openai-key")
    );
    assert_eq!(
        provider_for_host("abcd.supabase.co").map(|p| p.name),
        Some("Supabase")
    );
    assert_eq!(
        provider_for_host("identitytoolkit.googleapis.com").map(|p| p.id),
        Some("firebase-web-api-key-and-id-token")
    );
    assert_eq!(
        provider_for_host("generativelanguage.googleapis.com").map(|p| p.id),
        Some("google-api-key")
    );
    assert_eq!(
        provider_for_host("bedrock-runtime.us-east-1.amazonaws.com").map(|p| p.id),
        Some("aws-bedrock-api-key")
    );
    assert_eq!(
        provider_for_host("sts.amazonaws.com").map(|p| p.id),
        Some("aws-access-key-sigv4")
    );
    assert_eq!(
        provider_for_host("us21.api.mailchimp.com").map(|p| p.id),
        Some("mailchimp-api-key")
    );
    assert!(provider_for_host("evil-anthropic.com").is_none());
    assert!(provider_for_host("api.anthropic.com.evil.net").is_none());
    assert!(provider_for_host("openai.azure.com").is_none());
    assert!(provider_for_host("").is_none());
    assert_eq!(providers_for_host("api.github.com").len(), 5);
}

#[test]
fn prefix_less_keys_need_the_provider() {
    let azure = provider("azure-openai-key").unwrap();
    let key = filler(Alphabet::HexLower, 32, "azure");
    assert!(recognize_key(&key).matches.is_empty());
    let m = check_key_for_provider(&key, azure).unwrap();
    assert_eq!((m.kind, m.confidence), ("resource", Confidence::Exact));
    // An OpenAI key sent to Azure fits no Azure kind.
    let openai = format!(
        "sk-proj-{}T3BlbkFJ{}",
        filler(Alphabet::Base62, 74, "x"),
        filler(Alphabet::Base62, 74, "y")
    );
    assert!(check_key_for_provider(&openai, azure).is_none_or(|m| m.confidence < Confidence::Exact));
}

#[test]
fn documented_error_bodies() {
    let openai = r#"{"error":{"message":"Incorrect API key provided: sk-abc***wxyz. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#;
    let e = recognize_error_body(openai, 401, None).unwrap();
    assert_eq!(
        (e.provider_id, e.code),
        (Some("openai-api-key"), "invalid_api_key")
    );

    let groq = r#"{"error":{"message":"Invalid API Key","type":"invalid_request_error","code":"invalid_api_key"}}"#;
    let e = recognize_error_body(groq, 401, None).unwrap();
    assert_eq!(
        (e.provider_id, e.provider_name),
        (None, "OpenAI-compatible API")
    );
    let e = recognize_error_body(groq, 401, Some("api.groq.com")).unwrap();
    assert_eq!(e.provider_id, Some("groq-api-key"));

    let anthropic = r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_1"}"#;
    assert_eq!(
        recognize_error_body(anthropic, 401, None)
            .unwrap()
            .provider_id,
        Some("anthropic-api-key")
    );

    let github = r#"{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}"#;
    let e = recognize_error_body(github, 401, None).unwrap();
    assert_eq!((e.provider_name, e.code), ("GitHub", "Bad credentials"));
    assert_eq!(e.provider_id, Some("github-pat-classic"));

    let google = r#"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}"#;
    assert_eq!(
        recognize_error_body(google, 400, None).unwrap().code,
        "API_KEY_INVALID"
    );

    let stripe = r#"{"error":{"message":"Invalid API Key provided: sk_test_****Aso0","type":"invalid_request_error"}}"#;
    assert_eq!(
        recognize_error_body(stripe, 401, None)
            .unwrap()
            .provider_name,
        "Stripe"
    );

    let slack = r#"{"ok":false,"error":"invalid_auth"}"#;
    assert_eq!(
        recognize_error_body(slack, 200, None).unwrap().code,
        "invalid_auth"
    );

    let aws = r#"{"message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter."}"#;
    assert_eq!(
        recognize_error_body(aws, 403, None).unwrap().code,
        "IncompleteSignatureException"
    );

    // Generic text needs the host.
    assert_eq!(
        recognize_error_body(r#"{"message":"401 Unauthorized"}"#, 401, None),
        None
    );
    assert_eq!(
        recognize_error_body(r#"{"message":"401 Unauthorized"}"#, 401, Some("gitlab.com"))
            .unwrap()
            .provider_id,
        Some("gitlab-pat")
    );
    // A success status is not an auth error (except Slack's documented 200s).
    assert_eq!(recognize_error_body(github, 200, None), None);
    assert_eq!(recognize_error_body("", 401, None), None);
    assert_eq!(recognize_error_body("<html>hello</html>", 401, None), None);
}

fn headers(pairs: &[(&str, &str)]) -> Vec<Header> {
    pairs.iter().map(|(n, v)| Header::new(*n, *v)).collect()
}

#[test]
fn gateway_fingerprints() {
    let g = recognize_gateway(
        &headers(&[
            ("x-amzn-ErrorType", "UnauthorizedException"),
            ("x-amzn-RequestId", "1"),
        ]),
        Some(r#"{"message":"Unauthorized"}"#),
    )
    .unwrap();
    assert_eq!(g.name, "AWS API Gateway");
    assert!(g.evidence.iter().any(|e| e.contains("no WWW-Authenticate")));
    let g = recognize_gateway(
        &headers(&[("x-amzn-RequestId", "1")]),
        Some(r#"{"message":"Unauthorized"}"#),
    )
    .unwrap();
    assert_eq!(g.name, "AWS API Gateway");
    assert_eq!(
        recognize_gateway(&headers(&[("apim-request-id", "x")]), None)
            .unwrap()
            .name,
        "Azure API Management"
    );
    assert_eq!(
        recognize_gateway(&headers(&[("Server", "kong/3.4.0")]), None)
            .unwrap()
            .name,
        "Kong"
    );
    assert_eq!(
        recognize_gateway(&headers(&[("Server", "cloudflare"), ("cf-ray", "1")]), None)
            .unwrap()
            .name,
        "Cloudflare"
    );
    assert_eq!(
        recognize_gateway(
            &headers(&[("Server", "nginx/1.25")]),
            Some("<html><title>401 Authorization Required</title></html>")
        )
        .unwrap()
        .name,
        "nginx"
    );
    assert_eq!(
        recognize_gateway(
            &headers(&[("server", "istio-envoy")]),
            Some("Jwt is missing")
        )
        .unwrap()
        .name,
        "Envoy / Istio"
    );
    assert_eq!(
        recognize_gateway(
            &headers(&[]),
            Some(r#"{"fault":{"faultstring":"Invalid ApiKey"}}"#)
        )
        .unwrap()
        .name,
        "Apigee"
    );
    // A plain nginx 401 from the application is not a gateway verdict.
    assert_eq!(
        recognize_gateway(
            &headers(&[("Server", "nginx")]),
            Some(r#"{"error":"bad token"}"#)
        ),
        None
    );
    assert_eq!(
        recognize_gateway(
            &headers(&[("x-amzn-RequestId", "1")]),
            Some(r#"{"error":"expired"}"#)
        ),
        None
    );
    assert_eq!(recognize_gateway(&[], None), None);
}

// Recognition speed is measured by the committed benchmark (bench/harness/suites.mjs times
// `recognizeKey`; bench/run.sh), not by a wall-clock assertion here.

mod never_panic {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn recognisers_accept_any_text(s in any::<String>(), status in any::<u16>()) {
            let found = recognize_key(&s);
            prop_assert!(found.matches.windows(2).all(|w| w[0].confidence >= w[1].confidence));
            let _ = provider_for_host(&s);
            let _ = providers_for_host(&s);
            let _ = recognize_error_body(&s, status, Some(&s));
            let _ = recognize_gateway(&[Header::new("Server", s.clone()), Header::new("x-amzn-RequestId", "1")], Some(&s));
            for p in PROVIDERS {
                let _ = check_key_for_provider(&s, p);
            }
        }

        #[test]
        fn prefixed_garbage_never_panics(prefix in "(ghp_|npm_|sk-|sk-ant-api03-|xoxb-|SG\\.|PMAK-|pat|AC|ntn_|github_pat_)", rest in "\\PC{0,60}") {
            let key = format!("{prefix}{rest}");
            let _ = recognize_key(&key);
            let _ = authlens::redact::redact(&key);
        }
    }
}
