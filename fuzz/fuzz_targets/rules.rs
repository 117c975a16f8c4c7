//! The rule engine on structured input: `rules::analyze_exchange`, `rules::describe`,
//! `rules::analyze_session` and `rules::SessionAnalyzer`, with a generated credential (a catalogue
//! fake key or a random token) placed the ways clients send it and decorated the ways it breaks.
//!
//! Checked: no panic; pushing one exchange at a time gives the same report as `analyze_session`;
//! and no serialized finding, report, detail view, CI format (SARIF, JUnit, GitHub), token timeline
//! or Markdown/JSON export contains any 10-char run of the credential's middle (the part `redact`
//! hides), unless some non-credential field of the input contains it too.
#![cfg_attr(fuzzing, no_main)]

use arbitrary::{Arbitrary, Unstructured};
use authlens::model::Exchange;
use authlens::providers::{fake_key, known_prefix, Scheme, Visibility, PROVIDERS};
use authlens::redact::fingerprint;
use authlens::rules::{
    analyze_exchange, analyze_session, describe, AnalysisOptions, SessionAnalyzer,
};
use base64::Engine;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Runs of the middle this long are a leak; shorter ones may be coincidence.
const WINDOW: usize = 10;
const MAX_EXCHANGES: usize = 6;

#[derive(Debug, Arbitrary)]
enum SecretSource {
    /// `fake_key` of the n-th secret key kind of the catalogue.
    Catalogue { kind: u16, seed: u64 },
    /// A base62 token of 20 to 83 chars.
    Random { len: u8, seed: u64 },
}

#[derive(Debug, Arbitrary)]
enum Host<'a> {
    /// The first host of the n-th catalogue provider (`*` labels filled in).
    Provider(u8),
    Free(&'a str),
}

#[derive(Debug, Arbitrary)]
enum Placement<'a> {
    Bearer,
    Scheme(&'a str),
    Bare,
    /// One of the credential headers the rules know (or a near miss of one).
    Header {
        index: u8,
        typo: bool,
    },
    /// `?api_key=`-style query parameter.
    Query(u8),
    Basic {
        user: &'a str,
    },
    ProxyAuthorization,
    Cookie(&'a str),
    /// The host provider's n-th documented placement.
    Documented(u8),
}

#[derive(Debug, Arbitrary)]
enum Decoration {
    None,
    LeadingSpace,
    TrailingSpace,
    TrailingNewline,
    DoubleQuotes,
    SmartQuotes,
    ZeroWidthSpaceAtEnd,
    NonBreakingSpaceAtStart,
    Twice,
}

#[derive(Debug, Arbitrary)]
struct Entry<'a> {
    method: &'a str,
    scheme_https: bool,
    host: Host<'a>,
    path: &'a str,
    query: Vec<(&'a str, &'a str)>,
    placement: Option<Placement<'a>>,
    decoration: Decoration,
    request_headers: Vec<(&'a str, &'a str)>,
    status: u16,
    status_text: &'a str,
    challenge: Option<&'a str>,
    response_headers: Vec<(&'a str, &'a str)>,
    body: Option<&'a str>,
    started_at_ms: Option<i64>,
    redirect_url: Option<&'a str>,
    resource_type: Option<&'a str>,
    initiator: Option<&'a str>,
}

#[derive(Debug, Arbitrary)]
struct Session<'a> {
    secret: SecretSource,
    entries: Vec<Entry<'a>>,
    now_ms: Option<i64>,
    expected_audience: Option<&'a str>,
    page_origin: Option<&'a str>,
    /// `Some(true)`: the reference is the secret; `Some(false)`: another key.
    reference_is_secret: Option<bool>,
}

const HEADERS: &[&str] = &[
    "x-api-key",
    "api-key",
    "apikey",
    "x-goog-api-key",
    "ocp-apim-subscription-key",
    "private-token",
    "x-auth-token",
    "dd-api-key",
    "Authorisation",
    "X-Api-Key",
];
const QUERY_PARAMS: &[&str] = &[
    "api_key",
    "access_token",
    "apikey",
    "key",
    "token",
    "client_secret",
    "auth_token",
];

fn pick<T: Copy>(items: &[T], index: usize) -> Option<T> {
    items.get(index % items.len().max(1)).copied()
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn make_secret(source: &SecretSource) -> String {
    match *source {
        SecretSource::Catalogue { kind, seed } => {
            let kinds: Vec<_> = PROVIDERS
                .iter()
                .flat_map(|p| p.keys.iter().map(move |k| (p, k)))
                .filter(|(_, k)| k.visibility == Visibility::Secret)
                .collect();
            match pick(&kinds, usize::from(kind)) {
                Some((p, k)) => fake_key(p, k, seed),
                None => String::new(),
            }
        }
        SecretSource::Random { len, seed } => {
            const ALPHABET: &[u8] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let mut state = seed;
            (0..20 + usize::from(len % 64))
                .map(|_| char::from(ALPHABET[(splitmix(&mut state) % 62) as usize]))
                .collect()
        }
    }
}

/// The char range of `secret` that `redact` hides: after its documented prefix (at least 4
/// chars), before its last 4.
fn middle_range(secret: &str) -> (usize, usize) {
    let head = known_prefix(secret).map_or(4, |p| p.chars().count().max(4));
    (head, secret.chars().count().saturating_sub(4))
}

/// Every run of `WINDOW` chars of the part of `secret` that `redact` hides.
fn middle_windows(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    let (head, end) = middle_range(secret);
    if end < head + WINDOW {
        return Vec::new();
    }
    chars[head..end]
        .windows(WINDOW)
        .map(|w| w.iter().collect())
        .collect()
}

fn host_of(host: &Host) -> String {
    match host {
        Host::Provider(i) => pick(PROVIDERS, usize::from(*i))
            .and_then(|p| p.hosts.first())
            .map_or_else(String::new, |h| h.replace('*', "example")),
        Host::Free(h) => without(h, &['/', '?', '#', '@', '&']),
    }
}

/// `text` without the characters that would move the credential's query parameter out of the
/// query (into the path, the fragment, or another parameter's value): the placement must stay
/// what the harness says it is, or a raw value in a URL is no leak but a differently-named field.
fn without(text: &str, structural: &[char]) -> String {
    text.chars().filter(|c| !structural.contains(c)).collect()
}

fn decorate(secret: &str, decoration: &Decoration) -> String {
    match decoration {
        Decoration::None => secret.to_owned(),
        Decoration::LeadingSpace => format!(" {secret}"),
        Decoration::TrailingSpace => format!("{secret} "),
        Decoration::TrailingNewline => format!("{secret}\n"),
        Decoration::DoubleQuotes => format!("\"{secret}\""),
        Decoration::SmartQuotes => format!("\u{201C}{secret}\u{201D}"),
        Decoration::ZeroWidthSpaceAtEnd => format!("{secret}\u{200B}"),
        Decoration::NonBreakingSpaceAtStart => format!("\u{A0}{secret}"),
        Decoration::Twice => format!("{secret}, {secret}"),
    }
}

/// The exchange, and every non-credential text it was built from.
fn build(entry: &Entry, secret: &str, free_text: &mut Vec<String>) -> Exchange {
    let host = host_of(&entry.host);
    let path = without(entry.path, &['?', '#']);
    let query_pairs: Vec<(String, String)> = entry
        .query
        .iter()
        .map(|(n, v)| (without(n, &['#', '&', '=']), without(v, &['#', '&'])))
        .collect();
    let mut query: Vec<String> = query_pairs
        .iter()
        .map(|(n, v)| format!("{n}={v}"))
        .collect();
    let mut ex = Exchange::new(entry.method, "");
    let value = decorate(secret, &entry.decoration);
    let mut provider_host = None;
    if let Host::Provider(i) = entry.host {
        provider_host = pick(PROVIDERS, usize::from(i));
    }
    match &entry.placement {
        None => {}
        Some(Placement::Bearer) => ex
            .request_headers
            .push(header("Authorization", &format!("Bearer {value}"))),
        Some(Placement::Scheme(scheme)) => {
            free_text.push((*scheme).to_owned());
            ex.request_headers
                .push(header("Authorization", &format!("{scheme} {value}")));
        }
        Some(Placement::Bare) => ex.request_headers.push(header("Authorization", &value)),
        Some(Placement::Header { index, typo }) => {
            let name = pick(HEADERS, usize::from(*index)).unwrap_or("x-api-key");
            let name = if *typo {
                format!("{name}s")
            } else {
                name.to_owned()
            };
            ex.request_headers.push(header(&name, &value));
        }
        Some(Placement::Query(index)) => query.push(format!(
            "{}={value}",
            pick(QUERY_PARAMS, usize::from(*index)).unwrap_or("api_key")
        )),
        Some(Placement::Basic { user }) => {
            free_text.push((*user).to_owned());
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{value}"));
            ex.request_headers
                .push(header("Authorization", &format!("Basic {encoded}")));
        }
        Some(Placement::ProxyAuthorization) => ex
            .request_headers
            .push(header("Proxy-Authorization", &format!("Bearer {value}"))),
        Some(Placement::Cookie(name)) => {
            free_text.push((*name).to_owned());
            ex.request_headers
                .push(header("Cookie", &format!("{name}={value}")));
        }
        Some(Placement::Documented(index)) => {
            if let Some(place) = provider_host.and_then(|p| pick(p.auth, usize::from(*index))) {
                let sent = match (place.scheme, place.basic_user) {
                    (Scheme::Basic, user) => {
                        let user = user.unwrap_or("api");
                        format!(
                            "Basic {}",
                            base64::engine::general_purpose::STANDARD
                                .encode(format!("{user}:{value}"))
                        )
                    }
                    (Scheme::UrlPath, _) => String::new(),
                    (scheme, _) => match scheme.word() {
                        Some(word) => format!("{word} {value}"),
                        None => value.clone(),
                    },
                };
                if !sent.is_empty() {
                    ex.request_headers.push(header(place.header, &sent));
                }
            }
        }
    }
    let scheme = if entry.scheme_https { "https" } else { "http" };
    // The URL up to its query is non-credential text, also where host and path meet: a key that is
    // itself a URL (a webhook) shares runs like `ffice.com/` with a provider host and a `/`.
    free_text.push(format!("{scheme}://{host}/{path}"));
    ex.url = if query.is_empty() {
        format!("{scheme}://{host}/{path}")
    } else {
        format!("{scheme}://{host}/{path}?{}", query.join("&"))
    };
    for (name, value) in &entry.request_headers {
        ex.request_headers.push(header(name, value));
    }
    ex.status = entry.status;
    ex.status_text = entry.status_text.to_owned();
    if let Some(challenge) = entry.challenge {
        ex.response_headers
            .push(header("WWW-Authenticate", challenge));
    }
    for (name, value) in &entry.response_headers {
        ex.response_headers.push(header(name, value));
    }
    if let Some(body) = entry.body {
        ex = ex.with_body(body);
    }
    ex.started_at_ms = entry.started_at_ms;
    ex.redirect_url = entry.redirect_url.map(str::to_owned);
    ex.resource_type = entry.resource_type.map(str::to_owned);
    ex.initiator = entry.initiator.map(str::to_owned);

    free_text.extend([entry.method, &host, &path, entry.status_text].map(str::to_owned));
    free_text.extend(query_pairs.into_iter().flat_map(|(n, v)| [n, v]));
    free_text.extend(
        entry
            .request_headers
            .iter()
            .chain(&entry.response_headers)
            .flat_map(|(n, v)| [*n, *v])
            .map(str::to_owned),
    );
    free_text.extend(
        [
            entry.challenge,
            entry.body,
            entry.redirect_url,
            entry.resource_type,
            entry.initiator,
        ]
        .into_iter()
        .flatten()
        .map(str::to_owned),
    );
    ex
}

fn header(name: &str, value: &str) -> authlens::model::Header {
    authlens::model::Header::new(name, value)
}

/// The middle's `WINDOW`-char runs that would be a leak, and the blocks that find them fast.
///
/// A run found in an output is a leak only if the input's free text does not hold it too
/// (`Windows::keep`): that test is costly and almost never needed, so it runs on a hit only,
/// once per run.
///
/// The middle is cut into blocks of `WINDOW / 2` chars; every run of `WINDOW` chars contains one
/// whole block, so a scan looks for the few blocks and looks up the runs around each hit, instead
/// of hashing every position. The generated secrets are ASCII: their blocks are 5-byte values in
/// a small open-addressing table that one rolling pass over the output probes (under cargo-fuzz a
/// substring search per block was most of the target's time).
struct Windows<'a> {
    runs: HashSet<String>,
    /// Whether a found run was not echoed from the input (computed on first use, then kept).
    keep: Box<dyn Fn(&str) -> bool + 'a>,
    verdicts: std::cell::RefCell<std::collections::HashMap<String, bool>>,
    blocks: Vec<String>,
    /// The ASCII blocks as big-endian 40-bit values, `EMPTY` elsewhere; `None` for a secret with
    /// non-ASCII chars (searched block by block instead).
    table: Option<Vec<u64>>,
}

const BLOCK: usize = WINDOW / 2;
const TABLE_BITS: u32 = 8;
const EMPTY: u64 = u64::MAX;
const BLOCK_MASK: u64 = (1 << (8 * BLOCK)) - 1;

fn slot(value: u64) -> usize {
    (value.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_BITS)) as usize
}

impl<'a> Windows<'a> {
    fn new(secret: &str, keep: impl Fn(&str) -> bool + 'a) -> Self {
        let runs: HashSet<String> = middle_windows(secret).into_iter().collect();
        let (head, end) = middle_range(secret);
        let chars: Vec<char> = secret.chars().collect();
        let mut blocks: Vec<String> = (head..end.saturating_sub(BLOCK - 1))
            .step_by(BLOCK)
            .map(|at| chars[at..at + BLOCK].iter().collect())
            .collect();
        if runs.is_empty() {
            blocks.clear();
        }
        blocks.dedup();
        let table = secret.is_ascii().then(|| {
            let mut table = vec![EMPTY; 1 << TABLE_BITS];
            for block in &blocks {
                let value = block.bytes().fold(0u64, |v, b| (v << 8) | u64::from(b));
                let mut at = slot(value);
                while table[at] != EMPTY && table[at] != value {
                    at = (at + 1) & ((1 << TABLE_BITS) - 1);
                }
                table[at] = value;
            }
            table
        });
        Windows {
            runs,
            keep: Box::new(keep),
            verdicts: Default::default(),
            blocks,
            table,
        }
    }

    /// `run` is a middle run that `keep` does not excuse.
    fn is_leak(&self, run: &str) -> bool {
        if !self.runs.contains(run) {
            return false;
        }
        if let Some(&verdict) = self.verdicts.borrow().get(run) {
            return verdict;
        }
        let verdict = (self.keep)(run);
        self.verdicts.borrow_mut().insert(run.to_owned(), verdict);
        verdict
    }

    /// Byte offsets in `output` where a block starts.
    fn block_hits(&self, output: &str) -> Vec<usize> {
        let Some(table) = &self.table else {
            return self
                .blocks
                .iter()
                .flat_map(|block| output.match_indices(block.as_str()).map(|(at, _)| at))
                .collect();
        };
        let mut hits = Vec::new();
        let mut value = 0u64;
        for (i, &b) in output.as_bytes().iter().enumerate() {
            value = ((value << 8) | u64::from(b)) & BLOCK_MASK;
            if i + 1 < BLOCK {
                continue;
            }
            let mut at = slot(value);
            while table[at] != EMPTY {
                if table[at] == value {
                    hits.push(i + 1 - BLOCK);
                    break;
                }
                at = (at + 1) & ((1 << TABLE_BITS) - 1);
            }
        }
        hits
    }

    /// The byte offset of the first run of the middle in `output`.
    fn find_in(&self, output: &str) -> Option<usize> {
        self.block_hits(output)
            .into_iter()
            .filter_map(|at| {
                // The run holding this block starts 0 to BLOCK - 1 chars before it.
                let before = output[..at].char_indices().rev().take(BLOCK - 1);
                std::iter::once(at)
                    .chain(before.map(|(i, _)| i))
                    .filter(|&start| {
                        let run_end = output[start..]
                            .char_indices()
                            .nth(WINDOW)
                            .map_or(output.len(), |(i, _)| start + i);
                        self.is_leak(&output[start..run_end])
                    })
                    .min()
            })
            .min()
    }
}

/// One pass over `output`.
fn assert_no_leak(what: &str, output: &str, windows: &Windows) {
    if windows.runs.is_empty() {
        return;
    }
    let Some(at) = windows.find_in(output) else {
        return;
    };
    let mut from = at.saturating_sub(160);
    while !output.is_char_boundary(from) {
        from -= 1;
    }
    let mut context = output[from..at].to_owned() + "<MIDDLE>";
    for w in &windows.runs {
        context = context.replace(w.as_str(), "<MIDDLE>");
    }
    panic!("{what} shows a run of the credential's middle at byte {at}, after: {context}");
}

/// Every `WINDOW`-char run of engine text (the finding reference): computed once.
fn reference_runs() -> &'static HashSet<String> {
    static RUNS: OnceLock<HashSet<String>> = OnceLock::new();
    RUNS.get_or_init(|| {
        let reference = authlens::findings::reference_markdown();
        let starts: Vec<usize> = reference.char_indices().map(|(i, _)| i).collect();
        (0..starts.len().saturating_sub(WINDOW - 1))
            .map(|k| {
                let end = starts.get(k + WINDOW).copied().unwrap_or(reference.len());
                reference[starts[k]..end].to_owned()
            })
            .collect()
    })
}

/// SARIF's rule metadata (every finding id's documentation) is the same text whatever the report:
/// the part of the log before `"artifacts"`, checked for equality instead of scanned each time.
fn sarif_results(sarif: &str) -> &str {
    static HEAD: OnceLock<String> = OnceLock::new();
    let head = HEAD.get_or_init(|| {
        let empty = authlens::rules::Report::default();
        let text = authlens::ci::sarif(&authlens::ci::CiInput {
            artifact: "fuzz.har",
            report: &empty,
            entry_lines: &[],
            tool_version: "0",
        });
        let at = text.find("\"artifacts\"").unwrap_or(0);
        text[..at].to_owned()
    });
    match sarif.strip_prefix(head.as_str()) {
        Some(rest) => rest,
        None => panic!("SARIF's rule metadata depends on the report"),
    }
}

pub fn run(data: &[u8]) {
    let Ok(session) = Session::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    if std::env::var_os("AUTHLENS_FUZZ_DEBUG").is_some() {
        eprintln!("{session:#?}");
    }
    let secret = make_secret(&session.secret);
    let mut free_text: Vec<String> = Vec::new();
    let exchanges: Vec<Exchange> = session
        .entries
        .iter()
        .take(MAX_EXCHANGES)
        .map(|e| build(e, &secret, &mut free_text))
        .collect();
    free_text.extend(
        [session.expected_audience, session.page_origin]
            .into_iter()
            .flatten()
            .map(str::to_owned),
    );
    let opts = AnalysisOptions {
        now_ms: session.now_ms,
        reference_fingerprint: session.reference_is_secret.map(|same| {
            if same {
                fingerprint(&secret)
            } else {
                fingerprint("sk-some-other-key-0000000000000000")
            }
        }),
        expected_audience: session.expected_audience.map(str::to_owned),
        page_origin: session.page_origin.map(str::to_owned),
    };
    // A run that also occurs in the input's free text may be echoed from there legitimately, also
    // as JSON escapes it (`\0` then `9` reads `\u00009`) or with its case changed.
    let echoable = std::cell::OnceCell::new();
    // The finding reference (in SARIF's rule metadata) is engine text: a fake key shaped like its
    // examples may share a run with it.
    let reference = reference_runs();
    let windows = Windows::new(&secret, |w| {
        let echoable: &Vec<String> = echoable.get_or_init(|| {
            free_text
                .iter()
                .flat_map(|t| {
                    [
                        serde_json::to_string(t).unwrap_or_default(),
                        t.to_ascii_lowercase(),
                        t.to_ascii_uppercase(),
                        t.clone(),
                    ]
                })
                .collect()
        });
        !echoable.iter().any(|t| t.contains(w)) && !reference.contains(w)
    });

    let mut analyzer = SessionAnalyzer::new(opts.clone());
    for ex in &exchanges {
        let findings = analyze_exchange(ex, &opts);
        assert_no_leak(
            "analyze_exchange",
            &serde_json::to_string(&findings).unwrap_or_default(),
            &windows,
        );
        let details = describe(ex, &opts);
        assert_eq!(
            details.findings, findings,
            "describe lists other findings than analyze_exchange"
        );
        assert_no_leak(
            "describe",
            &serde_json::to_string(&details).unwrap_or_default(),
            &windows,
        );
        let pushed = analyzer.push(ex);
        assert_eq!(pushed.entry.findings, findings);
        assert_no_leak(
            "SessionAnalyzer::push",
            &serde_json::to_string(&pushed).unwrap_or_default(),
            &windows,
        );
    }
    let report = analyze_session(&exchanges, &opts);
    assert_eq!(
        report,
        analyzer.report(),
        "analyze_session and SessionAnalyzer disagree"
    );
    assert_no_leak(
        "analyze_session",
        &serde_json::to_string(&report).unwrap_or_default(),
        &windows,
    );

    // Every other output built from a report: CI formats, the token timeline, the exports.
    let ci = authlens::ci::CiInput {
        artifact: "fuzz.har",
        report: &report,
        entry_lines: &[],
        tool_version: "0",
    };
    assert_no_leak("sarif", sarif_results(&authlens::ci::sarif(&ci)), &windows);
    assert_no_leak(
        "junit",
        &authlens::ci::junit(&ci, authlens::ci::FailOn::Error),
        &windows,
    );
    assert_no_leak(
        "github annotations",
        &authlens::ci::github_annotations(&ci),
        &windows,
    );
    assert_no_leak(
        "github summary",
        &authlens::ci::github_summary(&ci),
        &windows,
    );
    let timeline = analyzer.timeline();
    assert_no_leak("timeline text", &timeline.to_text(), &windows);
    assert_no_leak(
        "timeline layout",
        &serde_json::to_string(&timeline.layout()).unwrap_or_default(),
        &windows,
    );
    let mut live = authlens::live::Session::new(opts.clone());
    for ex in exchanges {
        live.push(ex);
    }
    for selection in [None, Some(0)] {
        let input = live.report(selection);
        assert_no_leak(
            "Markdown export",
            &authlens::live::export_markdown(&input),
            &windows,
        );
        assert_no_leak(
            "JSON export",
            &authlens::live::export_json(&input),
            &windows,
        );
    }
}

#[cfg(fuzzing)]
libfuzzer_sys::fuzz_target!(|data: &[u8]| run(data));

/// Built without cargo-fuzz (`cargo check` in fuzz/): nothing to run.
#[cfg(not(any(fuzzing, test)))]
#[allow(dead_code)]
fn main() {}

#[cfg(test)]
mod leak_check {
    use super::Windows;

    #[test]
    fn finds_a_run_of_the_middle_and_nothing_else() {
        let secret = "ghp_R8x2Kq7Vm3Np9Lw4Tz6Yb1Hc5Jd0Fg2Ws8Ea";
        let windows = Windows::new(secret, |_| true);
        let leaked = format!("{{\"detail\":\"sent {}\"}}", &secret[10..22]);
        assert_eq!(windows.find_in(&leaked), Some("{\"detail\":\"sent ".len()));
        assert_eq!(windows.find_in("ghp_R8x2…Ws8Ea sent"), None);
        // One char short of a run.
        assert_eq!(windows.find_in(&secret[6..15]), None);
        assert_eq!(windows.find_in(&secret[6..16]), Some(0));
    }

    #[test]
    fn a_run_the_input_also_holds_is_excused_and_asked_about_once() {
        let secret = "ghp_R8x2Kq7Vm3Np9Lw4Tz6Yb1Hc5Jd0Fg2Ws8Ea";
        let echoed = &secret[10..20];
        let asked = std::cell::Cell::new(0);
        let windows = Windows::new(secret, |run| {
            asked.set(asked.get() + 1);
            run != echoed
        });
        assert_eq!(windows.find_in(&format!("a {echoed} b")), None);
        assert_eq!(windows.find_in(&format!("c {echoed} d")), None);
        assert_eq!(asked.get(), 1, "the verdict on a run is kept");
        assert_eq!(windows.find_in(&secret[11..21]), Some(0));
        // Nothing was asked of output without a block of the middle.
        asked.set(0);
        assert_eq!(windows.find_in("ghp_R8x2…Ws8Ea"), None);
        assert_eq!(asked.get(), 0);
    }

    #[test]
    fn ascii_runs_are_found_after_multibyte_text_and_at_the_end() {
        let secret = "sk_live_51HbQ2xT7mK9pL3vN8wR4yZ6cB1dF5gJ0hA";
        let windows = Windows::new(secret, |_| true);
        assert!(windows.table.is_some());
        let run = &secret[12..22];
        assert_eq!(windows.find_in(&format!("‘ﬁ’{run}")), Some("‘ﬁ’".len()));
        assert_eq!(windows.find_in(run), Some(0));
        let mut near_miss = run.to_owned();
        near_miss.replace_range(9..10, "#");
        assert_eq!(windows.find_in(&near_miss), None);
        // Every block is found however the output is aligned.
        for pad in 0..12 {
            let output = format!("{}{}", "x".repeat(pad), &secret[8..40]);
            assert_eq!(windows.find_in(&output), Some(pad), "pad {pad}");
        }
    }

    #[test]
    fn multibyte_runs_are_found_after_multibyte_text() {
        let secret = "tok_äöü1234567890ßabcdefghijklmnop";
        let windows = Windows::new(secret, |_| true);
        let run: String = secret.chars().skip(5).take(10).collect();
        let output = format!("ﬁ‘{run}’");
        assert_eq!(windows.find_in(&output), Some("ﬁ‘".len()));
    }
}
