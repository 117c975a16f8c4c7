//! `src/providers/catalogue_data.rs` is generated from `src/providers/catalogue.json` by this test:
//! it fails when the committed file is stale, and rewrites it with `AUTHLENS_REGENERATE=1`.
//!
//! ```text
//! AUTHLENS_REGENERATE=1 cargo test --test tests providers_generated::
//! ```

use serde_json::{Map, Value};
use std::fmt::Write as _;

const DATA: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/providers/catalogue.json"
));
const GENERATED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/providers/catalogue_data.rs"
);

/// `base64_url` -> `Base64Url`, `aws_sig_v4` -> `AwsSigV4`.
fn camel(snake: &str) -> String {
    snake
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn field<'a>(o: &'a Map<String, Value>, key: &str, what: &str) -> &'a Value {
    o.get(key)
        .unwrap_or_else(|| panic!("{what}: missing \"{key}\""))
}

fn text<'a>(o: &'a Map<String, Value>, key: &str, what: &str) -> &'a str {
    field(o, key, what)
        .as_str()
        .unwrap_or_else(|| panic!("{what}: \"{key}\" is not a string"))
}

fn opt_text<'a>(o: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    o.get(key).and_then(Value::as_str)
}

fn flag(o: &Map<String, Value>, key: &str) -> bool {
    o.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn only_keys(o: &Map<String, Value>, allowed: &[&str], what: &str) {
    for k in o.keys() {
        assert!(
            allowed.contains(&k.as_str()),
            "{what}: unknown field \"{k}\""
        );
    }
}

fn strs(v: Option<&Value>) -> String {
    let items: Vec<String> = v
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| format!("{:?}", s.as_str().expect("a string")))
                .collect()
        })
        .unwrap_or_default();
    format!("&[{}]", items.join(", "))
}

fn opt(v: Option<&str>) -> String {
    v.map_or("None".to_owned(), |s| format!("Some({s:?})"))
}

const KIND_FIELDS: &[&str] = &[
    "id",
    "label",
    "prefix",
    "len",
    "alphabet",
    "checksum",
    "marker",
    "context_only",
    "shared_prefix",
    "env",
    "publishable",
    "not_for_api",
    "user_token",
    "layout",
    "fake",
    "source",
    "rules",
];
const PROVIDER_FIELDS: &[&str] = &[
    "id",
    "vendor",
    "name",
    "docs",
    "hosts",
    "live_hosts",
    "test_hosts",
    "mode_errors",
    "auth",
    "query_params",
    "companions",
    "unauthorized_status",
    "errors",
    "kinds",
];

fn render_kind(out: &mut String, k: &Map<String, Value>, what: &str) {
    only_keys(k, KIND_FIELDS, what);
    let len = field(k, "len", what).as_array().expect("len is [min, max]");
    let (min, max) = (
        len.first().and_then(Value::as_u64).expect("min"),
        len.get(1).and_then(Value::as_u64).expect("max"),
    );
    // `source` and `rules` stay in the data file (tested there): the wasm does not need them.
    let source = text(k, "source", what);
    assert!(!source.trim().is_empty(), "{what}: empty source");
    for r in k
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let r = r.as_str().expect("a rule id");
        assert!(
            r.starts_with("gitleaks:") || r.starts_with("secretlint:"),
            "{what}: rule {r:?} names no scanner"
        );
    }
    let context_only = flag(k, "context_only");
    let publishable = flag(k, "publishable");
    // A token a user delegated to an app (OAuth user tokens) is sent from that user's own browser
    // by design: browser-safe, yet a secret.
    let browser_safe = publishable || flag(k, "user_token");
    let env = opt_text(k, "env").map_or("None".to_owned(), |e| {
        format!("Some(Environment::{})", camel(e))
    });
    let layout = opt_text(k, "layout").map_or("None".to_owned(), |l| format!("Some({l}_layout)"));
    let _ = writeln!(
        out,
        "            KeyKind {{\n                id: {:?},\n                label: {:?},\n                prefix: {:?},\n                min_len: {min},\n                max_len: {max},\n                alphabet: Alphabet::{},\n                checksum: ChecksumKind::{},\n                marker: {},\n                distinctive: {},\n                context_only: {context_only},\n                environment: {env},\n                visibility: Visibility::{},\n                browser_safe: {browser_safe},\n                not_for_api: {},\n                layout: {layout},\n                fake: {},\n            }},",
        text(k, "id", what),
        text(k, "label", what),
        text(k, "prefix", what),
        camel(text(k, "alphabet", what)),
        camel(opt_text(k, "checksum").unwrap_or("none")),
        opt(opt_text(k, "marker")),
        !(context_only || flag(k, "shared_prefix")),
        if publishable { "Publishable" } else { "Secret" },
        flag(k, "not_for_api"),
        opt(opt_text(k, "fake")),
    );
}

/// The Rust text of `catalogue_data.rs` for the data file `json`.
fn render(json: &str) -> String {
    let doc: Value = serde_json::from_str(json).expect("catalogue.json parses");
    only_keys(
        doc.as_object().expect("an object"),
        &["about", "known_public_keys", "providers"],
        "catalogue.json",
    );
    let providers = doc["providers"].as_array().expect("providers array");
    let mut out = String::from(
        "// @generated from catalogue.json by tests/providers_generated.rs: do not edit by hand.\n\
         // Regenerate: AUTHLENS_REGENERATE=1 cargo test --test tests providers_generated::\n\n\
         use super::super::{\n    Alphabet, AuthPlacement, ChecksumKind, Companion, CompanionWhen, Environment, ErrorCode, KeyKind, Provider,\n    Requirement, Scheme, Visibility,\n};\n\
         #[allow(clippy::wildcard_imports)]\nuse super::*;\n\n\
         ",
    );
    let public: Vec<&str> = doc["known_public_keys"]["keys"]
        .as_array()
        .expect("known_public_keys.keys")
        .iter()
        .map(|k| k.as_str().expect("a key"))
        .collect();
    assert!(
        public.windows(2).all(|w| w[0] < w[1]),
        "known_public_keys.keys must be sorted and unique (binary search)"
    );
    out.push_str("/// Keys published on purpose (documentation examples, keys shipped in public SDKs), sorted.\n");
    let _ = writeln!(
        out,
        "pub static KNOWN_PUBLIC_KEYS: &[&str] = {};\n",
        strs(doc["known_public_keys"].get("keys"))
    );
    out.push_str(
        "/// Every catalogue entry, in data-file order (host lookups keep this order on ties).\n",
    );
    out.push_str("pub static PROVIDERS: &[Provider] = &[\n");
    for p in providers {
        let p = p.as_object().expect("provider object");
        let what = text(p, "id", "provider").to_owned();
        only_keys(p, PROVIDER_FIELDS, &what);
        let _ = writeln!(
            out,
            "    Provider {{\n        id: {:?},\n        vendor: {:?},\n        name: {:?},\n        keys: &[",
            what,
            text(p, "vendor", &what),
            text(p, "name", &what)
        );
        for k in field(p, "kinds", &what).as_array().expect("kinds array") {
            let k = k.as_object().expect("kind object");
            let kw = format!("{what} / {}", text(k, "id", &what));
            render_kind(&mut out, k, &kw);
        }
        let _ = writeln!(out, "        ],\n        hosts: {},", strs(p.get("hosts")));
        for list in ["live_hosts", "test_hosts"] {
            for h in p.get(list).and_then(Value::as_array).into_iter().flatten() {
                let h = h.as_str().expect("a host");
                let hosts = p.get("hosts").and_then(Value::as_array);
                assert!(
                    hosts.is_some_and(|a| a.iter().any(|x| x.as_str() == Some(h))),
                    "{what}: {list} names {h}, which is not in its hosts"
                );
            }
        }
        let _ = writeln!(
            out,
            "        live_hosts: {},\n        test_hosts: {},\n        mode_errors: {},",
            strs(p.get("live_hosts")),
            strs(p.get("test_hosts")),
            strs(p.get("mode_errors"))
        );
        out.push_str("        auth: &[\n");
        for a in field(p, "auth", &what).as_array().expect("auth array") {
            let a = a.as_object().expect("auth object");
            only_keys(a, &["header", "scheme", "basic_user", "note"], &what);
            let _ = writeln!(
                out,
                "            AuthPlacement {{\n                header: {:?},\n                scheme: Scheme::{},\n                basic_user: {},\n                note: {},\n            }},",
                text(a, "header", &what),
                camel(text(a, "scheme", &what)),
                opt(opt_text(a, "basic_user")),
                opt(opt_text(a, "note")),
            );
        }
        let _ = writeln!(
            out,
            "        ],\n        query_params: {},\n        companions: &[",
            strs(p.get("query_params"))
        );
        for c in p
            .get("companions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let c = c.as_object().expect("companion object");
            only_keys(c, &["header", "requirement", "note", "when"], &what);
            let requirement = text(c, "requirement", &what);
            let when = c.get("when").and_then(Value::as_object);
            if let Some(w) = when {
                only_keys(w, &["methods", "hosts", "key_prefixes", "unless"], &what);
                assert!(
                    matches!(requirement, "conditional" | "required"),
                    "{what}: `when` on a companion that is never demanded"
                );
            }
            let list = |k: &str| strs(when.and_then(|w| w.get(k)));
            let when = match when {
                None => "CompanionWhen::EMPTY".to_owned(),
                Some(_) => format!(
                    "CompanionWhen {{\n                    methods: {},\n                    hosts: {},\n                    key_prefixes: {},\n                    unless: {},\n                }}",
                    list("methods"),
                    list("hosts"),
                    list("key_prefixes"),
                    list("unless"),
                ),
            };
            let _ = writeln!(
                out,
                "            Companion {{\n                header: {:?},\n                requirement: Requirement::{},\n                note: {:?},\n                when: {when},\n            }},",
                text(c, "header", &what),
                camel(requirement),
                text(c, "note", &what),
            );
        }
        let statuses: Vec<String> = field(p, "unauthorized_status", &what)
            .as_array()
            .expect("statuses")
            .iter()
            .map(|s| s.as_u64().expect("a status").to_string())
            .collect();
        let _ = writeln!(
            out,
            "        ],\n        unauthorized_status: &[{}],\n        errors: &[",
            statuses.join(", ")
        );
        for e in p
            .get("errors")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let e = e.as_object().expect("error object");
            only_keys(e, &["code", "status", "meaning"], &what);
            let _ = writeln!(
                out,
                "            ErrorCode {{\n                code: {:?},\n                status: {},\n                meaning: {:?},\n            }},",
                text(e, "code", &what),
                field(e, "status", &what).as_u64().expect("status"),
                text(e, "meaning", &what),
            );
        }
        let _ = writeln!(
            out,
            "        ],\n        docs: {:?},\n    }},",
            text(p, "docs", &what)
        );
    }
    out.push_str("];\n");
    out
}

#[test]
fn catalogue_data_is_fresh() {
    let want = render(DATA);
    let have = std::fs::read_to_string(GENERATED).unwrap_or_default();
    if want != have {
        if std::env::var_os("AUTHLENS_REGENERATE").is_some() {
            std::fs::write(GENERATED, &want).expect("write catalogue_data.rs");
            return;
        }
        panic!(
            "src/providers/catalogue_data.rs is stale: run `AUTHLENS_REGENERATE=1 cargo test --test tests providers_generated::`"
        );
    }
}

#[test]
fn the_data_file_rejects_unknown_fields() {
    let bad = DATA.replacen("\"label\":", "\"lable\":", 1);
    let result = std::panic::catch_unwind(|| render(&bad));
    assert!(result.is_err(), "a misspelt field must not pass");
}

#[test]
fn every_kind_has_a_source() {
    let doc: Value = serde_json::from_str(DATA).unwrap();
    let mut kinds = 0;
    for p in doc["providers"].as_array().unwrap() {
        for k in p["kinds"].as_array().unwrap() {
            let src = k["source"].as_str().unwrap();
            assert!(
                src.starts_with("https://")
                    || src.contains("gitleaks")
                    || src.contains("secretlint"),
                "{} / {}: source {src:?} is neither a link nor a scanner rule",
                p["id"],
                k["id"]
            );
            kinds += 1;
        }
    }
    assert!(kinds >= 150, "{kinds} kinds");
}
