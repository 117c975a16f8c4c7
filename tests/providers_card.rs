//! Identity cards: every credential gets one, pasted or in an exchange, healthy or not; the
//! reading says how sure it is and never guesses. Assertions use ids and redacted forms only.

use authlens::card::{
    card, cards_for_exchange, pasted_card, CardChecksum, CardConfidence, RecognisedBy,
};
use authlens::model::Exchange;
use authlens::providers::{fake_key, provider, PROVIDERS};

fn key_of(entry: &str, kind: &str) -> String {
    let p = provider(entry).unwrap();
    fake_key(p, p.key_kind(kind).unwrap(), 1)
}

#[test]
fn a_healthy_github_token_gets_a_certain_card() {
    let key = key_of("github-pat-classic", "classic");
    let c = pasted_card(&key);
    assert_eq!(c.location, "pasted");
    assert_eq!(
        (c.provider, c.provider_name),
        (Some("github"), Some("GitHub"))
    );
    assert_eq!(c.kind_id.as_deref(), Some("github-pat-classic/classic"));
    assert_eq!(c.kind.as_deref(), Some("personal access token (classic)"));
    assert_eq!(
        (c.confidence, c.checksum),
        (CardConfidence::Certain, CardChecksum::Valid)
    );
    let e = c.expected.unwrap();
    assert_eq!((e.header, e.scheme), ("Authorization", Some("Bearer")));
    assert_eq!(c.length, 40);
    assert!(c.redacted.starts_with("ghp_") && !c.redacted.contains(&key[4..30]));
    assert!(c.fingerprint.starts_with("sha256:") && c.fingerprint.len() == 71);
    assert_eq!(
        c.sentence(),
        "GitHub personal access token (classic), checksum valid: send as `Authorization: Bearer …`"
    );
}

#[test]
fn a_mistyped_checksum_is_likely_and_says_invalid() {
    let mut key = key_of("github-pat-classic", "classic").into_bytes();
    key[10] = if key[10] == b'a' { b'b' } else { b'a' };
    let c = pasted_card(std::str::from_utf8(&key).unwrap());
    assert_eq!(
        (c.confidence, c.checksum),
        (CardConfidence::Likely, CardChecksum::Invalid)
    );
    assert!(c.sentence().contains("checksum INVALID"));
}

#[test]
fn companions_and_placements_come_from_the_catalogue() {
    let anthropic = key_of("anthropic-api-key", "api");
    let c = pasted_card(&anthropic);
    let e = c.expected.unwrap();
    assert_eq!((e.header, e.scheme), ("x-api-key", None));
    assert!(
        c.sentence()
            .ends_with("send as `x-api-key: …`, with `anthropic-version`"),
        "{}",
        c.sentence()
    );
    let notion = key_of("notion-integration-token", "integration");
    assert!(pasted_card(&notion).sentence().contains("`Notion-Version`"));
    let pypi = key_of("pypi-api-token", "pypi");
    assert!(pasted_card(&pypi)
        .sentence()
        .contains("Basic base64(<__token__>:<key>)"));
    let webhook = key_of("microsoft-teams-webhook", "incoming-webhook");
    assert!(pasted_card(&webhook)
        .sentence()
        .ends_with("the URL itself is the secret"));
    let refresh = key_of("github-app-user-token", "refresh");
    assert!(pasted_card(&refresh)
        .sentence()
        .ends_with("not accepted by the API itself"));
}

#[test]
fn scheme_and_basic_are_read_before_the_key() {
    let key = key_of("stripe-secret-key", "test-secret");
    let c = pasted_card(&format!("Bearer {key}"));
    assert_eq!(c.scheme.as_deref(), Some("Bearer"));
    assert_eq!(c.kind_id.as_deref(), Some("stripe-secret-key/test-secret"));
    assert!(c.sentence().contains("test mode"));
    use base64::Engine as _;
    let pypi = key_of("pypi-api-token", "pypi");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("__token__:{pypi}"));
    let c = pasted_card(&format!("Basic {basic}"));
    assert_eq!(
        (c.scheme.as_deref(), c.provider),
        (Some("Basic"), Some("pypi"))
    );
    assert_eq!(c.length, pypi.len());
}

#[test]
fn prefix_less_formats_need_the_host_and_say_so() {
    let dd = key_of("datadog-keys", "api");
    // Control: 32 hex alone names nobody.
    let alone = pasted_card(&dd);
    assert_eq!(
        (alone.provider, alone.confidence),
        (None, CardConfidence::Ambiguous)
    );
    assert!(alone.candidates.is_empty());
    // With the host it was sent to: likely (never certain), and the card says why.
    let c = card(
        &dd,
        "request.header.DD-API-KEY",
        None,
        Some("api.datadoghq.com"),
    );
    assert_eq!(
        (c.provider, c.confidence),
        (Some("datadog"), CardConfidence::Likely)
    );
    assert_eq!(
        c.details.recognised_by,
        RecognisedBy::Host("api.datadoghq.com".into())
    );
    assert!(c
        .sentence()
        .contains("recognised only because it was sent to api.datadoghq.com"));
}

#[test]
fn ambiguous_formats_list_candidates_and_name_nobody() {
    // `sk-` + 32 hex: DeepSeek, or any OpenAI-compatible gateway.
    let key = format!("sk-{}", "0123456789abcdef".repeat(2));
    let c = pasted_card(&key);
    assert_eq!(c.confidence, CardConfidence::Ambiguous);
    assert_eq!(c.provider, None);
    assert!(
        c.candidates.contains(&"deepseek") && c.candidates.contains(&"openai"),
        "{:?}",
        c.candidates
    );
    assert!(c.sentence().starts_with("Ambiguous: could be"));
    // The host decides it.
    let c = card(
        &key,
        "request.header.Authorization",
        Some("Bearer"),
        Some("api.deepseek.com"),
    );
    assert_eq!(
        (c.provider, c.confidence),
        (Some("deepseek"), CardConfidence::Likely)
    );
}

#[test]
fn every_carrier_of_an_exchange_gets_a_card() {
    let gh = key_of("github-pat-classic", "classic");
    let sg = key_of("sendgrid-api-key", "api");
    let stripe = key_of("stripe-secret-key", "live-secret");
    let slack = key_of("slack-bot-token", "bot");
    let ex = Exchange::new(
        "POST",
        format!("https://api.example.com/v1?api_key={sg}&page=2"),
    )
    .with_request_header("Authorization", &format!("token {gh}"))
    .with_request_header("Cookie", &format!("theme=dark; sess={stripe}"))
    .with_request_header("Accept", "application/json")
    .with_request_body(&format!(r#"{{"token":"{slack}","name":"x"}}"#));
    let cards = cards_for_exchange(&ex);
    let got: Vec<(&str, Option<&str>)> = cards
        .iter()
        .map(|c| (c.location.as_str(), c.provider))
        .collect();
    assert_eq!(
        got,
        vec![
            ("request.header.Authorization", Some("github")),
            ("request.cookie.sess", Some("stripe")),
            ("request.query.api_key", Some("sendgrid")),
            ("request.body.token", Some("slack")),
        ]
    );
    assert_eq!(cards[0].scheme.as_deref(), Some("token"));
    // Controls: a plain request has no cards; ordinary cookies and fields are not credentials.
    let plain = Exchange::new("GET", "https://api.example.com/v1?page=2")
        .with_request_header("Cookie", "theme=dark; lang=en")
        .with_request_body(r#"{"name":"x"}"#);
    assert!(cards_for_exchange(&plain).is_empty());
}

#[test]
fn every_catalogue_kind_gets_a_card_naming_its_provider() {
    for p in PROVIDERS {
        for k in p.keys {
            let key = fake_key(p, k, 2);
            let host = p.hosts.first().map(|h| h.replace('*', "x"));
            let c = card(&key, "pasted", None, host.as_deref());
            if k.context_only && host.is_none() {
                continue;
            }
            if !k.distinctive && !k.context_only && c.provider.is_none() {
                // Shared prefixes (`sk-`, `pat`) may stay ambiguous; then they list candidates.
                assert!(!c.candidates.is_empty(), "{} / {}", p.id, k.id);
                continue;
            }
            assert_eq!(
                c.provider,
                Some(p.vendor),
                "{} / {}: {}",
                p.id,
                k.id,
                c.redacted
            );
            assert!(c.kind.is_some() && !c.sentence().is_empty());
        }
    }
}
