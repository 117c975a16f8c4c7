//! What came before a request: the redirects that led to it and how it differs from the last
//! success to the same origin.

use crate::model::Exchange;
use crate::redact::fingerprint;
use crate::rules::http::UrlParts;
use crate::rules::CREDENTIAL_HEADERS;

use super::{Session, Stored};

/// How far back the detail view looks for redirect hops and the last success.
pub const LOOKBACK: usize = 2_000;

/// A request compared with the last successful request to the same origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diff {
    /// The display index of that success.
    pub base: usize,
    /// What differs, one sentence each (credential values only as fingerprints).
    pub lines: Vec<String>,
}

/// `#3 GET https://… → 401`: how the UI and the exports name a request.
pub fn entry_heading(s: &Stored) -> String {
    format!(
        "#{} {} {} → {}",
        s.report.index, s.report.method, s.report.url, s.report.status
    )
}

impl Session {
    /// Earlier requests that redirected to the request at `index`, oldest first (at most 10
    /// hops), as [`entry_heading`]s.
    pub fn redirect_chain(&self, index: usize) -> Vec<String> {
        let mut chain = Vec::new();
        let Some(k) = self.position(index) else {
            return chain;
        };
        let entries = &self.entries;
        let mut target = entries[k].exchange.url.clone();
        let mut pos = k;
        while chain.len() < 10 && pos > 0 {
            let from = pos.saturating_sub(LOOKBACK);
            let hop = (from..pos).rev().find(|&j| {
                entries
                    .get(j)
                    .and_then(|s| s.exchange.redirect_url.as_deref())
                    .is_some_and(|loc| {
                        loc == target || (loc.starts_with('/') && target.ends_with(loc))
                    })
            });
            match hop.and_then(|j| entries.get(j).map(|s| (j, s))) {
                Some((j, s)) => {
                    chain.push(entry_heading(s));
                    target = s.exchange.url.clone();
                    pos = j;
                }
                None => break,
            }
        }
        chain.reverse();
        chain
    }

    /// The last 2xx to the same origin before the request at `index`, and how the request
    /// differs from it.
    pub fn diff(&self, index: usize) -> Option<Diff> {
        let k = self.position(index)?;
        let now = &self.entries.get(k)?.exchange;
        let origin = UrlParts::parse(&now.url)?.origin_key();
        let from = k.saturating_sub(LOOKBACK);
        let before = (from..k)
            .rev()
            .filter_map(|j| self.entries.get(j))
            .find(|s| {
                (200..300).contains(&s.exchange.status)
                    && UrlParts::parse(&s.exchange.url).is_some_and(|u| u.origin_key() == origin)
            })?;
        Some(Diff {
            base: before.report.index,
            lines: diff_lines(&before.exchange, now),
        })
    }
}

fn diff_lines(old: &Exchange, now: &Exchange) -> Vec<String> {
    let mut lines = Vec::new();
    for name in CREDENTIAL_HEADERS {
        match (old.request_header(name), now.request_header(name)) {
            (Some(a), Some(b)) if a != b => lines.push(format!(
                "{name}: a different value than in the last success ({} then, {} now)",
                fingerprint(a).short(),
                fingerprint(b).short()
            )),
            (Some(_), None) => lines.push(format!("{name}: sent in the last success, missing now")),
            (None, Some(_)) => {
                lines.push(format!("{name}: not sent in the last success, sent now"))
            }
            _ => {}
        }
    }
    let names = |ex: &Exchange| -> Vec<String> {
        let mut v: Vec<String> = ex
            .request_headers
            .iter()
            .map(|h| h.name.to_ascii_lowercase())
            .filter(|n| !CREDENTIAL_HEADERS.contains(&n.as_str()))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let (old_names, new_names) = (names(old), names(now));
    lines.extend(
        new_names
            .iter()
            .filter(|n| !old_names.contains(n))
            .take(10)
            .map(|n| format!("Header added: {n}")),
    );
    lines.extend(
        old_names
            .iter()
            .filter(|n| !new_names.contains(n))
            .take(10)
            .map(|n| format!("Header removed: {n}")),
    );
    if old.method != now.method {
        lines.push(format!("Method: {} then, {} now", old.method, now.method));
    }
    if lines.is_empty() {
        lines.push("Same credential and header names as the last success.".to_owned());
    }
    lines
}
