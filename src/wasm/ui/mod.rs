//! The authlens UI in Rust (web-sys), shared by the DevTools panel and the paste-check page.
//!
//! ```ignore
//! // panel.js:  const ui = mountPanel(document.getElementById('authlens-root'), 'dark');
//! //            ui.pushExchange({ method: 'GET', url, requestHeaders, status: 401, ... });
//! // page.js:   const ui = mountPage(document.getElementById('authlens-root'));
//! //            ui.loadHar(new Uint8Array(await file.arrayBuffer()));
//! ```
//!
//! Both shells render the DOM described in `notes/dom-contract.md`. Every value that comes from
//! a page, a server or a paste is inserted as a text node; keys appear only redacted until the
//! user presses "Reveal". Memory is bounded: at most [`MAX_STORED`] requests are kept (oldest
//! dropped first, the count of dropped ones shown).

mod detail;
pub mod dom;
mod export;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent,
};

use crate::findings::FindingId;
use crate::input::{parse_paste, PasteHints, PasteKind};
use crate::model::{Exchange, Finding, Severity};
use crate::redact::{fingerprint, redact};
use crate::rules::http::UrlParts;
use crate::rules::{
    analyze_credential, analyze_exchange, har_malformed, AnalysisOptions, EntryReport,
    SessionAnalyzer, SessionFinding,
};

use detail::{Credential, View, CREDENTIAL_HEADERS};
use dom::{attrs, closest, Dom, Res};

/// At most this many requests are kept; older ones are dropped (and counted).
pub const MAX_STORED: usize = 10_000;
/// At most this many session findings are kept (oldest dropped).
const MAX_SESSION_FINDINGS: usize = 500;
/// How long the page waits after the last keystroke before analysing.
const DEBOUNCE_MS: u32 = 250;
/// How far back the detail view looks for redirect hops and the last success.
const LOOKBACK: usize = 2_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Panel,
    Page,
}

struct Stored {
    report: EntryReport,
    exchange: Exchange,
    worst: Option<Severity>,
    provider: &'static str,
}

/// A page paste that is not a HAR: one exchange or a bare credential.
struct Subject {
    findings: Vec<Finding>,
    exchange: Option<Exchange>,
    bare: Option<String>,
    request_ms: Option<i64>,
    /// The credential with edge whitespace and invisibles removed.
    cleaned: Option<String>,
}

struct Els {
    requests: Element,
    detail: Element,
    counts: Element,
    session: Element,
    session_list: Element,
    filter: HtmlSelectElement,
    search: HtmlInputElement,
    preserve: Option<HtmlInputElement>,
    reference: HtmlInputElement,
    reference_status: Element,
    action_status: Element,
    /// Page only: the list area, hidden until a HAR is loaded.
    har_area: Option<Element>,
}

struct App {
    dom: Dom,
    mode: Mode,
    els: Els,
    opts: AnalysisOptions,
    session: SessionAnalyzer,
    /// Display index of the analyzer's entry 0.
    session_base: usize,
    /// Exchanges pushed into the current analyzer (it keeps a report for each).
    session_len: usize,
    entries: VecDeque<Stored>,
    evicted: usize,
    next_index: usize,
    /// Kept requests whose worst finding is an error / a warning (for `#counts`, O(1) a push).
    errors: usize,
    warnings: usize,
    session_findings: Vec<SessionFinding>,
    selected: Option<usize>,
    revealed: bool,
    subject: Option<Subject>,
    debounce: Option<Timeout>,
}

type Shared = Rc<RefCell<App>>;

/// The mounted UI, for the glue script.
#[wasm_bindgen]
pub struct AuthlensUi {
    app: Shared,
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).min()
}

fn severity_name(s: Option<Severity>) -> &'static str {
    s.map_or("none", Severity::as_str)
}

/// Replaces the session finding with the same id and first entry, or adds it.
fn upsert(list: &mut Vec<SessionFinding>, new: SessionFinding) {
    let key = (new.finding.id, new.entries.first().copied());
    if let Some(slot) = list
        .iter_mut()
        .find(|f| (f.finding.id, f.entries.first().copied()) == key)
    {
        *slot = new;
    } else {
        list.push(new);
        if list.len() > MAX_SESSION_FINDINGS {
            list.remove(0);
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl App {
    fn get(&self, index: usize) -> Option<&Stored> {
        let first = self.entries.front()?.report.index;
        self.entries.get(index.checked_sub(first)?)
    }

    fn count(&mut self, worst: Option<Severity>, add: bool) {
        let slot = match worst {
            Some(Severity::Error) => &mut self.errors,
            Some(Severity::Warning) => &mut self.warnings,
            _ => return,
        };
        *slot = if add {
            *slot + 1
        } else {
            slot.saturating_sub(1)
        };
    }

    fn recount(&mut self) {
        self.errors = self
            .entries
            .iter()
            .filter(|s| s.worst == Some(Severity::Error))
            .count();
        self.warnings = self
            .entries
            .iter()
            .filter(|s| s.worst == Some(Severity::Warning))
            .count();
    }

    fn position(&self, index: usize) -> Option<usize> {
        let first = self.entries.front()?.report.index;
        index.checked_sub(first).filter(|&k| k < self.entries.len())
    }

    /// Analyses one exchange into the session; returns whether session findings changed.
    fn push(&mut self, ex: Exchange) -> bool {
        let pushed = self.session.push(&ex);
        self.session_len += 1;
        let mut report = pushed.entry;
        report.index += self.session_base;
        self.next_index = report.index + 1;
        let changed = !pushed.session_findings.is_empty();
        for mut sf in pushed.session_findings {
            for e in &mut sf.entries {
                *e += self.session_base;
            }
            upsert(&mut self.session_findings, sf);
        }
        let provider = UrlParts::parse(&ex.url)
            .and_then(|u| crate::providers::provider_for_host(u.host))
            .map(|p| p.name)
            .or_else(|| {
                let c = Credential::of_exchange(&ex)?;
                let recognition = crate::providers::recognize_key(c.token.trim());
                recognition
                    .best()
                    .filter(|m| m.prefix_len > 0)
                    .map(|m| m.provider_name)
            })
            .unwrap_or("");
        let stored = Stored {
            worst: worst(&report.findings),
            report,
            exchange: ex,
            provider,
        };
        if self.passes(&stored) {
            let _ = self.append_row(&stored);
        }
        let auto_select = self.selected.is_none() && stored.worst.is_some();
        let index = stored.report.index;
        self.count(stored.worst, true);
        self.entries.push_back(stored);
        while self.entries.len() > MAX_STORED {
            if let Some(old) = self.entries.pop_front() {
                self.evicted += 1;
                self.count(old.worst, false);
                self.remove_row(old.report.index);
                if self.selected == Some(old.report.index) {
                    self.selected = None;
                }
            }
        }
        if self.session_len > 2 * MAX_STORED {
            self.rebuild_session();
        }
        if auto_select {
            let _ = self.select(index, false);
        }
        changed
    }

    /// Re-analyses the kept exchanges in a new analyzer (new options, or to bound its memory).
    fn rebuild_session(&mut self) {
        let base = self
            .entries
            .front()
            .map_or(self.next_index, |e| e.report.index);
        self.session = SessionAnalyzer::new(self.opts.clone());
        self.session_base = base;
        self.session_len = 0;
        self.session_findings.clear();
        for stored in self.entries.iter_mut() {
            let pushed = self.session.push(&stored.exchange);
            self.session_len += 1;
            stored.report.findings = pushed.entry.findings;
            stored.worst = worst(&stored.report.findings);
            for mut sf in pushed.session_findings {
                for e in &mut sf.entries {
                    *e += base;
                }
                upsert(&mut self.session_findings, sf);
            }
        }
        self.recount();
    }

    fn reset(&mut self) {
        self.session = SessionAnalyzer::new(self.opts.clone());
        self.session_base = 0;
        self.session_len = 0;
        self.entries.clear();
        self.evicted = 0;
        self.next_index = 0;
        self.errors = 0;
        self.warnings = 0;
        self.session_findings.clear();
        self.selected = None;
        self.revealed = false;
    }

    fn passes(&self, s: &Stored) -> bool {
        let auth_only = self.els.filter.value() != "all";
        if auth_only && s.worst.is_none() && !matches!(s.report.status, 401 | 403 | 407) {
            return false;
        }
        let query = self.els.search.value();
        let query = query.trim().to_lowercase();
        if query.is_empty() {
            return true;
        }
        s.report.url.to_lowercase().contains(&query)
            || s.report.method.to_lowercase().contains(&query)
            || s.report.status.to_string().contains(&query)
            || s.provider.to_lowercase().contains(&query)
            || s.report
                .findings
                .iter()
                .any(|f| f.id.as_str().contains(&query))
    }

    fn append_row(&self, s: &Stored) -> Res {
        let dom = &self.dom;
        let row = dom.add(&self.els.requests, "li", "request")?;
        let index = s.report.index.to_string();
        let status = s.report.status.to_string();
        let selected = self.selected == Some(s.report.index);
        attrs(
            &row,
            &[
                ("data-index", &index),
                ("data-status", &status),
                ("data-severity", severity_name(s.worst)),
                ("tabindex", "0"),
                ("role", "option"),
                ("aria-selected", if selected { "true" } else { "false" }),
            ],
        )?;
        dom.add_text(&row, "span", "method", &s.report.method)?;
        let path = match UrlParts::parse(&s.report.url) {
            Some(u) => match u.query {
                Some(q) => format!("{}?{q}", u.path),
                None => u.path.to_owned(),
            },
            None => s.report.url.clone(),
        };
        let path_el = dom.add_text(
            &row,
            "span",
            "path",
            if path.is_empty() { "/" } else { &path },
        )?;
        attrs(&path_el, &[("title", &s.report.url)])?;
        dom.add_text(
            &row,
            "span",
            "status",
            if s.report.status == 0 {
                "(failed)"
            } else {
                &status
            },
        )?;
        dom.add_text(&row, "span", "provider", s.provider)?;
        let count = s.report.findings.len();
        let count_el = dom.add_text(&row, "span", "finding-count", &count.to_string())?;
        attrs(
            &count_el,
            &[("title", &plural(count, "finding", "findings"))],
        )?;
        Ok(())
    }

    fn row(&self, index: usize) -> Option<Element> {
        self.els
            .requests
            .query_selector(&format!(".request[data-index=\"{index}\"]"))
            .ok()
            .flatten()
    }

    fn remove_row(&self, index: usize) {
        if let Some(row) = self.row(index) {
            row.remove();
        }
    }

    fn render_list(&self) -> Res {
        dom::clear(&self.els.requests);
        for s in self.entries.iter().filter(|s| self.passes(s)) {
            self.append_row(s)?;
        }
        Ok(())
    }

    fn render_counts(&self) {
        let (errors, warnings) = (self.errors, self.warnings);
        let total = self.entries.len() + self.evicted;
        let mut text = format!(
            "{} · {} · {}",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings"),
            plural(total, "request", "requests")
        );
        if self.evicted > 0 {
            text.push_str(&format!(" ({} oldest dropped)", self.evicted));
        }
        self.els.counts.set_text_content(Some(&text));
    }

    fn render_session(&self) -> Res {
        let list = &self.els.session_list;
        dom::clear(list);
        for sf in &self.session_findings {
            let li = detail::finding_element(&self.dom, list, &sf.finding)?;
            let entries: Vec<String> = sf.entries.iter().map(ToString::to_string).collect();
            attrs(&li, &[("data-entries", &entries.join(","))])?;
            self.dom.add_text(
                &li,
                "p",
                "finding-entries",
                &format!(
                    "Requests: {}",
                    entries
                        .iter()
                        .map(|e| format!("#{e}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )?;
        }
        if self.session_findings.is_empty() {
            self.els.session.set_attribute("hidden", "")?;
        } else {
            self.els.session.remove_attribute("hidden")?;
        }
        Ok(())
    }

    fn select(&mut self, index: usize, focus: bool) -> Res {
        if self.selected != Some(index) {
            self.revealed = false;
        }
        if let Some(old) = self.selected.and_then(|i| self.row(i)) {
            old.set_attribute("aria-selected", "false")?;
        }
        self.selected = Some(index);
        if let Some(row) = self.row(index) {
            row.set_attribute("aria-selected", "true")?;
            if focus {
                if let Ok(el) = row.clone().dyn_into::<HtmlElement>() {
                    el.focus()?;
                }
                row.scroll_into_view_with_bool(false);
            }
        }
        self.render_detail()
    }

    /// Earlier entries that redirected to entry `k`, oldest first (at most 10 hops).
    fn redirect_chain(&self, k: usize) -> Vec<String> {
        let mut chain = Vec::new();
        let mut target = match self.entries.get(k) {
            Some(s) => s.exchange.url.clone(),
            None => return chain,
        };
        let mut pos = k;
        while chain.len() < 10 && pos > 0 {
            let from = pos.saturating_sub(LOOKBACK);
            let hop = (from..pos).rev().find(|&j| {
                self.entries
                    .get(j)
                    .and_then(|s| s.exchange.redirect_url.as_deref())
                    .is_some_and(|loc| {
                        loc == target || (loc.starts_with('/') && target.ends_with(loc))
                    })
            });
            match hop.and_then(|j| self.entries.get(j).map(|s| (j, s))) {
                Some((j, s)) => {
                    chain.push(format!(
                        "#{} {} {} → {}",
                        s.report.index, s.report.method, s.report.url, s.report.status
                    ));
                    target = s.exchange.url.clone();
                    pos = j;
                }
                None => break,
            }
        }
        chain.reverse();
        chain
    }

    /// The last 2xx to the same origin before entry `k`, and how the request differs from it.
    fn diff(&self, k: usize) -> Option<(usize, Vec<String>)> {
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
        let old = &before.exchange;
        let mut lines = Vec::new();
        for name in CREDENTIAL_HEADERS {
            match (old.request_header(name), now.request_header(name)) {
                (Some(a), Some(b)) if a != b => lines.push(format!(
                    "{name}: a different value than in the last success ({} then, {} now)",
                    fingerprint(a).short(),
                    fingerprint(b).short()
                )),
                (Some(_), None) => {
                    lines.push(format!("{name}: sent in the last success, missing now"))
                }
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
        Some((before.report.index, lines))
    }

    fn render_detail(&self) -> Res {
        let root = &self.els.detail;
        let reference_set = self.opts.reference_fingerprint.is_some();
        if let Some(k) = self.selected.and_then(|i| self.position(i)) {
            if let Some(s) = self.entries.get(k) {
                let view = View {
                    findings: &s.report.findings,
                    exchange: Some(&s.exchange),
                    bare: None,
                    request_ms: s.exchange.started_at_ms.or(self.opts.now_ms),
                    shown_url: Some(&s.report.url),
                    heading: format!(
                        "#{} {} {} → {}",
                        s.report.index, s.report.method, s.report.url, s.report.status
                    ),
                    redirect_chain: self.redirect_chain(k),
                    diff: self.diff(k),
                    revealed: self.revealed,
                    reference_set,
                    details: Some(crate::rules::describe(&s.exchange, &self.opts)),
                };
                return detail::render(&self.dom, root, &view);
            }
        }
        if let Some(subject) = &self.subject {
            let shown = subject
                .exchange
                .as_ref()
                .map(|e| crate::rules::session::display_url(&e.url));
            let heading = match &subject.exchange {
                Some(ex) if ex.url.is_empty() => format!(
                    "Pasted request{}",
                    if ex.status > 0 {
                        format!(" → {}", ex.status)
                    } else {
                        String::new()
                    }
                ),
                Some(ex) => format!(
                    "{} {}{}",
                    if ex.method.is_empty() {
                        "GET"
                    } else {
                        &ex.method
                    },
                    shown.as_deref().unwrap_or(""),
                    if ex.status > 0 {
                        format!(" → {}", ex.status)
                    } else {
                        String::new()
                    }
                ),
                None => "Pasted credential".to_owned(),
            };
            let view = View {
                findings: &subject.findings,
                exchange: subject.exchange.as_ref(),
                bare: subject.bare.as_deref(),
                request_ms: subject.request_ms,
                shown_url: shown.as_deref(),
                heading,
                redirect_chain: Vec::new(),
                diff: None,
                revealed: self.revealed,
                reference_set,
                details: Some(match (&subject.exchange, &subject.bare) {
                    (Some(ex), _) => crate::rules::describe(ex, &self.opts),
                    // A bare paste is judged as the value of an Authorization header.
                    (None, bare) => {
                        let value = bare.as_deref().unwrap_or("");
                        let value = if Credential::of_paste(value).scheme.is_some() {
                            value.to_owned()
                        } else {
                            format!("Bearer {value}")
                        };
                        crate::rules::describe(
                            &Exchange::default().with_request_header("Authorization", &value),
                            &self.opts,
                        )
                    }
                }),
            };
            return detail::render(&self.dom, root, &view);
        }
        dom::clear(root);
        let hint = match self.mode {
            Mode::Panel => "Select a request to see why it failed. Requests with authentication problems appear as DevTools captures them.",
            Mode::Page => "Paste something above to check it.",
        };
        self.dom.add_text(root, "p", "detail-empty", hint)?;
        Ok(())
    }

    fn render_all(&self) -> Res {
        self.render_list()?;
        self.render_counts();
        self.render_session()?;
        self.render_reference_status();
        self.render_detail()
    }

    fn render_reference_status(&self) {
        let text = match &self.opts.reference_fingerprint {
            None => "No reference key: paste the key you expect (kept in memory only) to compare every request with it.".to_owned(),
            Some(fp) => {
                let mismatched = self.entries.iter().filter(|s| s.report.findings.iter().any(|f| f.id == FindingId::TokenReferenceMismatch)).count();
                let subject = self.subject.as_ref().is_some_and(|s| s.findings.iter().any(|f| f.id == FindingId::TokenReferenceMismatch));
                let differ = mismatched + usize::from(subject);
                format!("Reference key {} (memory only). {}", fp.short(), if differ == 0 { "No request sent a different key.".to_owned() } else { format!("{} sent a different key.", plural(differ, "request", "requests")) })
            }
        };
        self.els.reference_status.set_text_content(Some(&text));
    }

    fn set_status(&self, text: &str) {
        self.els.action_status.set_text_content(Some(text));
    }

    fn report_input(&self, scope: &str) -> export::ReportInput {
        let selected = if scope == "selection" {
            self.selected.and_then(|i| self.get(i))
        } else {
            None
        };
        if let Some(s) = selected {
            let index = s.report.index;
            return export::ReportInput {
                title: format!(
                    "#{} {} {} → {}",
                    index, s.report.method, s.report.url, s.report.status
                ),
                entries: vec![s.report.clone()],
                session_findings: self
                    .session_findings
                    .iter()
                    .filter(|f| f.entries.contains(&index))
                    .cloned()
                    .collect(),
                loose_findings: Vec::new(),
                evicted: 0,
            };
        }
        if self.entries.is_empty() {
            if let Some(subject) = &self.subject {
                let entries = subject
                    .exchange
                    .iter()
                    .map(|ex| EntryReport {
                        index: 0,
                        method: ex.method.clone(),
                        url: crate::rules::session::display_url(&ex.url),
                        status: ex.status,
                        findings: subject.findings.clone(),
                    })
                    .collect::<Vec<_>>();
                let loose = if entries.is_empty() {
                    subject.findings.clone()
                } else {
                    Vec::new()
                };
                return export::ReportInput {
                    title: "pasted input".to_owned(),
                    entries,
                    session_findings: Vec::new(),
                    loose_findings: loose,
                    evicted: 0,
                };
            }
        }
        export::ReportInput {
            title: format!(
                "session of {}",
                plural(self.entries.len() + self.evicted, "request", "requests")
            ),
            entries: self.entries.iter().map(|s| s.report.clone()).collect(),
            session_findings: self.session_findings.clone(),
            loose_findings: Vec::new(),
            evicted: self.evicted,
        }
    }

    fn export(&self, scope: &str, json: bool) -> Res {
        let input = self.report_input(scope);
        let (text, name, mime) = if json {
            (
                export::json(&input),
                "authlens-report.json",
                "application/json",
            )
        } else {
            (
                export::markdown(&input),
                "authlens-report.md",
                "text/markdown",
            )
        };
        copy_to_clipboard(&text);
        download(&self.dom, name, mime, &text)?;
        self.set_status(&format!(
            "Exported {name} (redacted); also copied to the clipboard."
        ));
        Ok(())
    }

    fn set_reference(&mut self, key: &str) -> Res {
        self.opts.reference_fingerprint = if key.is_empty() {
            None
        } else {
            Some(fingerprint(key))
        };
        match self.mode {
            Mode::Page if self.entries.is_empty() => self.analyze_page(),
            _ => {
                self.rebuild_session();
                self.render_all()
            }
        }
    }

    // ----- page -----

    fn input<T: JsCast>(&self, id: &str) -> Option<T> {
        self.dom.by_id(id).and_then(|e| e.dyn_into::<T>().ok())
    }

    fn page_hints(&self) -> PasteHints {
        let value = |id: &str| {
            self.input::<HtmlInputElement>(id)
                .map(|e| e.value())
                .filter(|v| !v.trim().is_empty())
        };
        let time = value("hint-time")
            .map(|t| js_sys::Date::parse(&t))
            .filter(|t| t.is_finite())
            .map(|t| t as i64);
        PasteHints {
            status: value("hint-status").and_then(|s| s.trim().parse().ok()),
            www_authenticate: value("hint-www-authenticate"),
            url: value("hint-url").map(|u| u.trim().to_owned()),
            now_ms: Some(time.unwrap_or_else(now_ms)),
        }
    }

    fn show_error(&self, message: Option<&str>) -> Res {
        if let Some(el) = self.dom.by_id("error") {
            match message {
                Some(m) => {
                    el.set_text_content(Some(m));
                    el.remove_attribute("hidden")?;
                }
                None => {
                    el.set_text_content(None);
                    el.set_attribute("hidden", "")?;
                }
            }
        }
        Ok(())
    }

    fn set_har_area(&self, visible: bool) -> Res {
        if let Some(area) = &self.els.har_area {
            if visible {
                area.remove_attribute("hidden")?;
            } else {
                area.set_attribute("hidden", "")?;
            }
        }
        Ok(())
    }

    fn render_cleaned(&self) -> Res {
        let Some(section) = self.dom.by_id("cleaned") else {
            return Ok(());
        };
        let cleaned = self.subject.as_ref().and_then(|s| s.cleaned.as_deref());
        let credential = self
            .subject
            .as_ref()
            .and_then(|s| match (&s.exchange, &s.bare) {
                (Some(ex), _) => Credential::of_exchange(ex).map(|c| c.token.to_owned()),
                (None, Some(b)) => Some(Credential::of_paste(b).token.to_owned()),
                _ => None,
            });
        match (cleaned, credential) {
            (Some(cleaned), Some(original)) => {
                section.remove_attribute("hidden")?;
                let shown = if self.revealed {
                    cleaned.to_owned()
                } else {
                    redact(cleaned)
                };
                if let Some(v) = self.dom.by_id("cleaned-value") {
                    v.set_text_content(Some(&shown));
                }
                if let Some(v) = self.dom.by_id("bytes-before") {
                    v.set_text_content(Some(&plural(original.len(), "byte", "bytes")));
                }
                if let Some(v) = self.dom.by_id("bytes-after") {
                    v.set_text_content(Some(&plural(cleaned.len(), "byte", "bytes")));
                }
            }
            _ => section.set_attribute("hidden", "")?,
        }
        Ok(())
    }

    fn set_kind(&self, kind: Option<PasteKind>) {
        if let Some(el) = self.dom.by_id("input-kind") {
            el.set_text_content(Some(kind.map_or("", kind_label)));
            let _ = el.set_attribute("data-kind", kind.map_or("", PasteKind::as_str));
        }
    }

    fn set_notes(&self, notes: &[String]) -> Res {
        if let Some(list) = self.dom.by_id("input-notes") {
            dom::clear(&list);
            for n in notes {
                self.dom.add_text(&list, "li", "", n)?;
            }
        }
        Ok(())
    }

    fn analyze_page(&mut self) -> Res {
        let text = self
            .input::<HtmlTextAreaElement>("paste-input")
            .map(|t| t.value())
            .unwrap_or_default();
        self.revealed = false;
        if text.trim().is_empty() {
            self.subject = None;
            self.show_error(None)?;
            self.set_kind(None);
            self.set_notes(&[])?;
            if self.entries.is_empty() {
                self.set_har_area(false)?;
            }
            self.render_cleaned()?;
            return self.render_all();
        }
        let hints = self.page_hints();
        self.opts.now_ms = hints.now_ms;
        match parse_paste(&text, &hints) {
            Err(e) => {
                self.subject = None;
                self.set_kind(None);
                self.show_error(Some(&format!("Could not read the input: {e}")))?;
                self.render_cleaned()?;
                self.render_detail()
            }
            Ok(pasted) => {
                self.show_error(None)?;
                self.set_kind(Some(pasted.kind));
                let notes: Vec<String> = pasted.notes.iter().map(ToString::to_string).collect();
                self.set_notes(&notes)?;
                if pasted.kind == PasteKind::Har {
                    self.subject = None;
                    let issues = pasted.har.map(|h| h.issues).unwrap_or_default();
                    self.load_exchanges(pasted.exchanges, &issues)?;
                    return self.render_cleaned();
                }
                self.reset();
                self.set_har_area(false)?;
                let subject = if let Some(bare) = pasted.bare_credential {
                    let findings = analyze_credential(&bare, &self.opts);
                    let cleaned = crate::bytes::clean(Credential::of_paste(&bare).token).value;
                    Subject {
                        findings,
                        exchange: None,
                        bare: Some(bare),
                        request_ms: hints.now_ms,
                        cleaned: Some(cleaned),
                    }
                } else {
                    let ex = pasted.exchanges.into_iter().next().unwrap_or_default();
                    let findings = analyze_exchange(&ex, &self.opts);
                    let cleaned =
                        Credential::of_exchange(&ex).map(|c| crate::bytes::clean(c.token).value);
                    let request_ms = ex.started_at_ms.or(hints.now_ms);
                    Subject {
                        findings,
                        exchange: Some(ex),
                        bare: None,
                        request_ms,
                        cleaned,
                    }
                };
                self.subject = Some(subject);
                self.render_cleaned()?;
                self.render_all()
            }
        }
    }

    fn load_exchanges(&mut self, exchanges: Vec<Exchange>, issues: &[crate::har::HarIssue]) -> Res {
        self.reset();
        self.subject = None;
        for ex in exchanges {
            self.push(ex);
        }
        let skipped: Vec<(usize, &str)> = issues
            .iter()
            .filter(|i| i.skipped)
            .map(|i| (i.entry_index, i.message.as_str()))
            .collect();
        self.end_exchanges(&skipped)
    }

    /// After the last exchange of a HAR: the skipped entries' findings, the whole-capture ones,
    /// and the list shown.
    fn end_exchanges(&mut self, skipped: &[(usize, &str)]) -> Res {
        for &(entry_index, message) in skipped {
            // A skipped entry has no row: `entries` would name an unrelated row (rows count pushes,
            // this counts HAR entries), so only the text names its position in the file.
            let mut finding = har_malformed(entry_index, message);
            finding.entries.clear();
            upsert(&mut self.session_findings, finding);
        }
        // Findings that need the whole capture (`har.sanitized`).
        for sf in self
            .session
            .report()
            .findings
            .into_iter()
            .filter(|f| f.finding.id == FindingId::HarSanitized)
        {
            upsert(&mut self.session_findings, sf);
        }
        self.set_har_area(true)?;
        self.render_all()
    }
}

fn kind_label(kind: PasteKind) -> &'static str {
    match kind {
        PasteKind::RawKey => "raw key",
        PasteKind::Jwt => "JWT",
        PasteKind::HeaderLines => "header lines",
        PasteKind::RawHttpRequest => "raw HTTP request",
        PasteKind::RawHttpResponse => "raw HTTP response",
        PasteKind::RawHttpExchange => "raw HTTP request and response",
        PasteKind::Curl => "curl command",
        PasteKind::FetchSnippet => "fetch() call",
        PasteKind::AxiosSnippet => "axios call",
        PasteKind::Har => "HAR file",
    }
}

fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        // A rejected promise (no focus, no permission) only means nothing was copied.
        let promise = window.navigator().clipboard().write_text(text);
        let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
        let _ = promise.catch(&ignore);
        ignore.forget();
    }
}

fn download(dom: &Dom, name: &str, mime: &str, text: &str) -> Res {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = dom
        .el("a", "")?
        .dyn_into()
        .map_err(|_| JsValue::from_str("not an anchor"))?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

fn report_error(result: Res) {
    if let Err(e) = result {
        web_sys::console::error_2(&JsValue::from_str("authlens:"), &e);
    }
}

/// Registers `handler` for `event` on `target`, for the page's lifetime.
fn on(
    target: &Element,
    event: &'static str,
    app: &Shared,
    handler: impl Fn(&mut App, &web_sys::Event) -> Res + 'static,
) {
    let app = app.clone();
    EventListener::new(target, event, move |e| {
        // A handler never runs inside another (the DOM events we listen to are not dispatched
        // synchronously by our own rendering), so the borrow cannot fail; skip if it would.
        if let Ok(mut app) = app.try_borrow_mut() {
            report_error(handler(&mut app, e));
        }
    })
    .forget();
}

fn labelled(
    dom: &Dom,
    parent: &Element,
    label: &str,
    tag: &str,
    id: &str,
    extra: &[(&str, &str)],
) -> Res<Element> {
    let wrap = dom.add(parent, "label", "field")?;
    dom.add_text(&wrap, "span", "field-label", label)?;
    let input = dom.add(&wrap, tag, "")?;
    attrs(&input, &[("id", id)])?;
    attrs(&input, extra)?;
    Ok(input)
}

/// Toolbar, session findings, list and detail (the panel's body; the page's HAR area).
fn build_session_view(dom: &Dom, parent: &Element, with_preserve: bool) -> Res<(Element, Element)> {
    let toolbar = dom.add(parent, "div", "toolbar")?;
    attrs(
        &toolbar,
        &[("role", "toolbar"), ("aria-label", "Request list")],
    )?;
    let filter = labelled(dom, &toolbar, "Show", "select", "filter", &[])?;
    for (value, text) in [("auth", "Auth problems"), ("all", "All requests")] {
        let o = dom.add_text(&filter, "option", "", text)?;
        attrs(&o, &[("value", value)])?;
    }
    labelled(
        dom,
        &toolbar,
        "Search",
        "input",
        "search",
        &[
            ("type", "search"),
            ("placeholder", "URL, status, finding id"),
            ("autocomplete", "off"),
        ],
    )?;
    let clear = dom.add_text(&toolbar, "button", "", "Clear")?;
    attrs(&clear, &[("id", "clear"), ("type", "button")])?;
    if with_preserve {
        let wrap = dom.add(&toolbar, "label", "field checkbox")?;
        let cb = dom.add(&wrap, "input", "")?;
        attrs(&cb, &[("id", "preserve"), ("type", "checkbox")])?;
        dom.add_text(&wrap, "span", "", "Preserve log")?;
    }
    let counts = dom.add(&toolbar, "span", "")?;
    attrs(&counts, &[("id", "counts"), ("role", "status")])?;
    for (class, text) in [
        ("export-md", "Export session (Markdown)"),
        ("export-json", "Export session (JSON)"),
    ] {
        let b = dom.add_text(&toolbar, "button", class, text)?;
        attrs(&b, &[("type", "button"), ("data-scope", "session")])?;
    }
    let session = dom.add(parent, "section", "session")?;
    attrs(
        &session,
        &[
            ("id", "session-findings"),
            ("hidden", ""),
            ("aria-label", "Session findings"),
        ],
    )?;
    dom.add_text(&session, "h2", "", "Across requests")?;
    dom.add(&session, "ul", "finding-list")?;
    let requests = dom.add(parent, "ul", "requests")?;
    attrs(
        &requests,
        &[
            ("id", "requests"),
            ("role", "listbox"),
            ("aria-label", "Requests"),
        ],
    )?;
    Ok((toolbar, session))
}

fn build_reference(dom: &Dom, parent: &Element) -> Res {
    let box_ = dom.add(parent, "div", "reference")?;
    labelled(
        dom,
        &box_,
        "Reference key",
        "input",
        "reference-key",
        &[
            ("type", "password"),
            ("autocomplete", "off"),
            ("spellcheck", "false"),
            ("placeholder", "the key you expect (memory only)"),
        ],
    )?;
    let status = dom.add(&box_, "span", "reference-status")?;
    attrs(&status, &[("id", "reference-status"), ("role", "status")])?;
    Ok(())
}

fn collect_els(dom: &Dom, har_area: Option<Element>) -> Res<Els> {
    let session: Element = dom.typed("session-findings")?;
    let session_list = session
        .query_selector("ul")?
        .ok_or_else(|| JsValue::from_str("authlens: session list missing"))?;
    Ok(Els {
        requests: dom.typed("requests")?,
        detail: dom.typed("detail")?,
        counts: dom.typed("counts")?,
        session,
        session_list,
        filter: dom.typed("filter")?,
        search: dom.typed("search")?,
        preserve: dom.typed("preserve").ok(),
        reference: dom.typed("reference-key")?,
        reference_status: dom.typed("reference-status")?,
        action_status: dom.typed("action-status")?,
        har_area,
    })
}

fn new_app(dom: Dom, mode: Mode, els: Els) -> Shared {
    let opts = AnalysisOptions::default();
    Rc::new(RefCell::new(App {
        dom,
        mode,
        els,
        session: SessionAnalyzer::new(opts.clone()),
        opts,
        session_base: 0,
        session_len: 0,
        entries: VecDeque::new(),
        evicted: 0,
        next_index: 0,
        errors: 0,
        warnings: 0,
        session_findings: Vec::new(),
        selected: None,
        revealed: false,
        subject: None,
        debounce: None,
    }))
}

/// The index of the visible row next to `row` (`down`: after it), if any.
fn neighbour_row(row: &Element, down: bool) -> Option<Element> {
    let next = if down {
        row.next_element_sibling()
    } else {
        row.previous_element_sibling()
    };
    next.filter(|e| e.class_list().contains("request"))
}

fn row_index(row: &Element) -> Option<usize> {
    row.get_attribute("data-index")?.parse().ok()
}

fn wire_common(app: &Shared) {
    let (requests, detail, filter, search, reference, root_buttons) = {
        let a = app.borrow();
        let clear = a.dom.by_id("clear");
        (
            a.els.requests.clone(),
            a.els.detail.clone(),
            a.els.filter.clone(),
            a.els.search.clone(),
            a.els.reference.clone(),
            clear,
        )
    };
    on(&requests, "click", app, |app, e| {
        match closest(e.target(), ".request").and_then(|r| row_index(&r)) {
            Some(i) => app.select(i, false),
            None => Ok(()),
        }
    });
    on(&requests, "keydown", app, |app, e| {
        let Some(key) = e.dyn_ref::<KeyboardEvent>().map(KeyboardEvent::key) else {
            return Ok(());
        };
        let Some(row) = closest(e.target(), ".request") else {
            return Ok(());
        };
        let target = match key.as_str() {
            "ArrowDown" => neighbour_row(&row, true),
            "ArrowUp" => neighbour_row(&row, false),
            "Enter" | " " => Some(row),
            _ => return Ok(()),
        };
        e.prevent_default();
        match target.and_then(|r| row_index(&r)) {
            Some(i) => app.select(i, true),
            None => Ok(()),
        }
    });
    on(&detail, "click", app, |app, e| {
        if closest(e.target(), "button.reveal").is_some() {
            app.revealed = !app.revealed;
            app.render_cleaned()?;
            app.render_detail()?;
            if let Some(b) = app
                .els
                .detail
                .query_selector("button.reveal")?
                .and_then(|b| b.dyn_into::<HtmlElement>().ok())
            {
                b.focus()?;
            }
            return Ok(());
        }
        if let Some(b) = closest(e.target(), "button.copy-curl") {
            let _ = b;
            let text = app
                .els
                .detail
                .query_selector(".curl-command")?
                .and_then(|c| c.text_content())
                .unwrap_or_default();
            copy_to_clipboard(&text);
            app.set_status(if app.revealed {
                "Copied the curl command with the real key."
            } else {
                "Copied the curl command (key redacted: reveal it to include it)."
            });
            return Ok(());
        }
        export_click(app, e)
    });
    if let Some(toolbar) = root_buttons.and_then(|c| c.parent_element()) {
        on(&toolbar, "click", app, |app, e| {
            if closest(e.target(), "#clear").is_some() {
                app.reset();
                app.subject = None;
                return app.render_all();
            }
            export_click(app, e)
        });
    }
    on(filter.as_ref(), "change", app, |app, _| app.render_list());
    on(search.as_ref(), "input", app, |app, _| app.render_list());
    on(reference.as_ref(), "input", app, |app, _| {
        let key = app.els.reference.value();
        app.set_reference(&key)
    });
}

fn export_click(app: &mut App, e: &web_sys::Event) -> Res {
    for (selector, json) in [("button.export-md", false), ("button.export-json", true)] {
        if let Some(b) = closest(e.target(), selector) {
            let scope = b
                .get_attribute("data-scope")
                .unwrap_or_else(|| "session".to_owned());
            return app.export(&scope, json);
        }
    }
    Ok(())
}

fn mark_ready(dom: &Dom) -> Res {
    if let Some(body) = dom.doc.body() {
        body.set_attribute("data-ready", "true")?;
    }
    Ok(())
}

/// Mounts the DevTools panel UI into `root`; `theme` is DevTools' theme name (`dark` or other).
#[wasm_bindgen(js_name = mountPanel)]
pub fn mount_panel(root: Element, theme: Option<String>) -> Result<AuthlensUi, JsValue> {
    let dom = Dom::current()?;
    dom::clear(&root);
    root.class_list().add_1("authlens-panel")?;
    apply_theme(&dom, theme.as_deref());
    build_session_view(&dom, &root, true)?;
    build_reference(&dom, &root)?;
    let status = dom.add(&root, "div", "action-status")?;
    attrs(&status, &[("id", "action-status"), ("role", "status")])?;
    // The list and the detail side by side (stacked on narrow panels).
    let panes = dom.add(&root, "div", "panes")?;
    if let Some(requests) = dom.by_id("requests") {
        panes.append_child(&requests)?;
    }
    let detail = dom.add(&panes, "section", "detail")?;
    attrs(
        &detail,
        &[("id", "detail"), ("aria-label", "Request detail")],
    )?;
    let els = collect_els(&dom, None)?;
    let app = new_app(dom.clone(), Mode::Panel, els);
    wire_common(&app);
    app.borrow().render_all()?;
    mark_ready(&dom)?;
    Ok(AuthlensUi { app })
}

fn apply_theme(dom: &Dom, theme: Option<&str>) {
    if let Some(html) = dom.doc.document_element() {
        let _ = html.set_attribute(
            "data-theme",
            if theme == Some("dark") {
                "dark"
            } else {
                "light"
            },
        );
    }
}

/// Mounts the paste-check page UI into `root`.
#[wasm_bindgen(js_name = mountPage)]
pub fn mount_page(root: Element) -> Result<AuthlensUi, JsValue> {
    let dom = Dom::current()?;
    dom::clear(&root);
    root.class_list().add_1("authlens-page")?;
    let header = dom.add(&root, "header", "app-header")?;
    dom.add_text(&header, "h1", "", "authlens: why did my request get a 401?")?;
    let privacy = dom.add_text(&header, "p", "privacy", "Nothing you paste leaves this page: it is analysed by WebAssembly in your browser, never uploaded, never stored, never cached. Works offline.")?;
    attrs(&privacy, &[("id", "privacy-note")])?;

    let form = dom.add(&root, "section", "paste-form")?;
    let label = dom.add_text(&form, "label", "paste-label", "Paste a key, a JWT, header lines, a raw HTTP request or response, a curl command, a fetch()/axios call, or a HAR file")?;
    attrs(&label, &[("for", "paste-input")])?;
    let textarea = dom.add(&form, "textarea", "")?;
    attrs(
        &textarea,
        &[
            ("id", "paste-input"),
            ("rows", "6"),
            ("spellcheck", "false"),
            ("autocomplete", "off"),
            ("autocapitalize", "off"),
            ("autocorrect", "off"),
        ],
    )?;
    let hints = dom.add(&form, "details", "hints")?;
    dom.add_text(
        &hints,
        "summary",
        "",
        "Optional: what the server answered, where, and when",
    )?;
    let grid = dom.add(&hints, "div", "hint-grid")?;
    labelled(
        &dom,
        &grid,
        "Response status",
        "input",
        "hint-status",
        &[
            ("type", "number"),
            ("min", "100"),
            ("max", "599"),
            ("placeholder", "401"),
        ],
    )?;
    labelled(
        &dom,
        &grid,
        "WWW-Authenticate",
        "input",
        "hint-www-authenticate",
        &[
            ("type", "text"),
            ("spellcheck", "false"),
            ("placeholder", "Bearer error=\"invalid_token\""),
        ],
    )?;
    labelled(
        &dom,
        &grid,
        "Request URL",
        "input",
        "hint-url",
        &[
            ("type", "text"),
            ("spellcheck", "false"),
            ("placeholder", "https://api.example.com/v1/me"),
        ],
    )?;
    labelled(
        &dom,
        &grid,
        "Request time",
        "input",
        "hint-time",
        &[("type", "datetime-local"), ("step", "1")],
    )?;
    let actions = dom.add(&form, "div", "form-actions")?;
    let analyze = dom.add_text(&actions, "button", "primary", "Analyze")?;
    attrs(&analyze, &[("id", "analyze"), ("type", "button")])?;
    dom.add_text(&actions, "span", "field-label", "Detected: ")?;
    let kind = dom.add(&actions, "output", "")?;
    attrs(&kind, &[("id", "input-kind"), ("for", "paste-input")])?;
    let drop = dom.add(&form, "div", "dropzone")?;
    attrs(&drop, &[("id", "dropzone")])?;
    dom.add_text(&drop, "span", "", "Or drop a HAR file here, or ")?;
    let file_label = dom.add_text(&drop, "label", "file-label", "choose one")?;
    attrs(&file_label, &[("for", "har-file")])?;
    let file = dom.add(&drop, "input", "")?;
    attrs(
        &file,
        &[
            ("id", "har-file"),
            ("type", "file"),
            ("accept", ".har,.json,application/json"),
        ],
    )?;
    let progress = dom.add(&drop, "progress", "")?;
    attrs(
        &progress,
        &[
            ("id", "har-progress"),
            ("max", "100"),
            ("value", "0"),
            ("hidden", ""),
            ("aria-label", "Reading the HAR file"),
        ],
    )?;
    let error = dom.add(&form, "div", "error")?;
    attrs(
        &error,
        &[("id", "error"), ("role", "alert"), ("hidden", "")],
    )?;
    let notes = dom.add(&form, "ul", "input-notes")?;
    attrs(&notes, &[("id", "input-notes")])?;

    let cleaned = dom.add(&root, "section", "cleaned")?;
    attrs(&cleaned, &[("id", "cleaned"), ("hidden", "")])?;
    dom.add_text(&cleaned, "h2", "", "Cleaned value")?;
    let value = dom.add(&cleaned, "code", "")?;
    attrs(&value, &[("id", "cleaned-value")])?;
    let sizes = dom.add(&cleaned, "p", "sizes")?;
    dom.text(&sizes, "Bytes before: ")?;
    attrs(&dom.add(&sizes, "span", "")?, &[("id", "bytes-before")])?;
    dom.text(&sizes, " · after cleaning: ")?;
    attrs(&dom.add(&sizes, "span", "")?, &[("id", "bytes-after")])?;
    let copy = dom.add_text(&cleaned, "button", "", "Copy the cleaned value")?;
    attrs(&copy, &[("id", "copy-cleaned"), ("type", "button")])?;

    build_reference(&dom, &root)?;
    let har_area = dom.add(&root, "section", "har-area")?;
    attrs(&har_area, &[("id", "har-area"), ("hidden", "")])?;
    build_session_view(&dom, &har_area, false)?;
    let detail = dom.add(&root, "section", "detail")?;
    attrs(
        &detail,
        &[
            ("id", "detail"),
            ("aria-label", "Analysis"),
            ("aria-live", "polite"),
        ],
    )?;
    let status = dom.add(&root, "div", "action-status")?;
    attrs(&status, &[("id", "action-status"), ("role", "status")])?;

    let els = collect_els(&dom, Some(har_area))?;
    let app = new_app(dom.clone(), Mode::Page, els);
    wire_common(&app);
    wire_page(&app, &dom)?;
    app.borrow().render_all()?;
    mark_ready(&dom)?;
    Ok(AuthlensUi { app })
}

fn wire_page(app: &Shared, dom: &Dom) -> Res {
    let schedule = |app: &mut App, shared: Shared| {
        app.debounce = Some(Timeout::new(DEBOUNCE_MS, move || {
            if let Ok(mut app) = shared.try_borrow_mut() {
                app.debounce = None;
                report_error(app.analyze_page());
            }
        }));
    };
    for id in [
        "paste-input",
        "hint-status",
        "hint-www-authenticate",
        "hint-url",
        "hint-time",
    ] {
        let el: Element = dom.typed(id)?;
        let shared = app.clone();
        on(&el, "input", app, move |app, _| {
            schedule(app, shared.clone());
            Ok(())
        });
    }
    on(&dom.typed::<Element>("analyze")?, "click", app, |app, _| {
        app.debounce = None;
        app.analyze_page()
    });
    on(
        &dom.typed::<Element>("copy-cleaned")?,
        "click",
        app,
        |app, _| {
            if let Some(value) = app.subject.as_ref().and_then(|s| s.cleaned.clone()) {
                copy_to_clipboard(&value);
                app.set_status("Copied the cleaned value.");
            }
            Ok(())
        },
    );
    Ok(())
}

#[wasm_bindgen]
impl AuthlensUi {
    /// Adds one captured exchange (`{method, url, requestHeaders, status, responseHeaders,
    /// responseBodyExcerpt, startedAtMs, redirectUrl, resourceType, initiator}`).
    #[wasm_bindgen(js_name = pushExchange)]
    pub fn push_exchange(&self, exchange: JsValue) -> Result<(), JsValue> {
        let ex: Exchange = super::exchange_from_js(exchange, "exchange")?;
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        let changed = app.push(ex);
        app.render_counts();
        if changed {
            app.render_session()?;
        }
        if app.opts.reference_fingerprint.is_some() {
            app.render_reference_status();
        }
        Ok(())
    }

    /// Adds many exchanges at once (an array of the objects [`Self::push_exchange`] takes).
    #[wasm_bindgen(js_name = pushExchanges)]
    pub fn push_exchanges(&self, exchanges: JsValue) -> Result<(), JsValue> {
        let list: Vec<Exchange> = super::exchange_from_js(exchanges, "exchanges")?;
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        for ex in list {
            app.push(ex);
        }
        app.render_counts();
        app.render_session()?;
        app.render_reference_status();
        Ok(())
    }

    /// The inspected page navigated: clears the list unless "Preserve log" is on. Returns
    /// whether it cleared.
    pub fn navigated(&self) -> Result<bool, JsValue> {
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        if app
            .els
            .preserve
            .as_ref()
            .is_some_and(HtmlInputElement::checked)
        {
            return Ok(false);
        }
        app.reset();
        app.render_all()?;
        Ok(true)
    }

    /// Removes every request and finding.
    pub fn clear(&self) -> Result<(), JsValue> {
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        app.reset();
        app.subject = None;
        app.render_all()
    }

    /// Follows DevTools' theme (`dark` or anything else for light).
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, name: &str) {
        if let Ok(app) = self.app.try_borrow() {
            apply_theme(&app.dom, Some(name));
        }
    }

    /// Reads a HAR file's bytes and shows its requests and session findings (page).
    #[wasm_bindgen(js_name = loadHar)]
    pub fn load_har(&self, bytes: &[u8]) -> Result<(), JsValue> {
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        match crate::har::read_har(bytes) {
            Ok(mut log) => {
                app.show_error(None)?;
                app.set_kind(Some(PasteKind::Har));
                let exchanges = std::mem::take(&mut log.exchanges);
                let notes: Vec<String> = log
                    .issues
                    .iter()
                    .filter(|i| !i.skipped)
                    .map(ToString::to_string)
                    .collect();
                app.set_notes(&notes)?;
                app.load_exchanges(exchanges, &log.issues)?;
                app.render_cleaned()
            }
            Err(e) => app.show_error(Some(&format!("Could not read the HAR file: {e}"))),
        }
    }

    /// Starts showing a HAR that the page's worker reads (www/har-worker.js): clears the list.
    #[wasm_bindgen(js_name = beginHar)]
    pub fn begin_har(&self) -> Result<(), JsValue> {
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        app.show_error(None)?;
        app.set_kind(Some(PasteKind::Har));
        app.set_notes(&[])?;
        app.reset();
        app.subject = None;
        Ok(())
    }

    /// Analyses one batch of the worker's exchanges (the JSON text of `{exchanges: [...]}`);
    /// nothing is drawn until `endHar`, so each batch is one short task.
    #[wasm_bindgen(js_name = pushHarBatch)]
    pub fn push_har_batch(&self, json: &str) -> Result<(), JsValue> {
        #[derive(serde::Deserialize)]
        struct Batch {
            exchanges: Vec<Exchange>,
        }
        let batch: Batch = serde_json::from_str(json)
            .map_err(|e| JsValue::from_str(&format!("authlens: HAR batch: {e}")))?;
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        for ex in batch.exchanges {
            app.push(ex);
        }
        Ok(())
    }

    /// Ends the worker's HAR: `end` is `{issues: [{entryIndex, skipped, message}]}` (the
    /// worker's summary), or `null` when reading failed (the rows read so far stay).
    #[wasm_bindgen(js_name = endHar)]
    pub fn end_har(&self, end: JsValue) -> Result<(), JsValue> {
        #[derive(serde::Deserialize, Default)]
        #[serde(default, rename_all = "camelCase")]
        struct Issue {
            entry_index: usize,
            skipped: bool,
            message: String,
        }
        #[derive(serde::Deserialize, Default)]
        #[serde(default)]
        struct End {
            issues: Vec<Issue>,
        }
        let end: End = if end.is_null() || end.is_undefined() {
            End::default()
        } else {
            serde_wasm_bindgen::from_value(end)
                .map_err(|e| JsValue::from_str(&format!("authlens: HAR end: {e}")))?
        };
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        let notes: Vec<String> = end
            .issues
            .iter()
            .filter(|i| !i.skipped)
            .map(|i| format!("entry {}: {}", i.entry_index, i.message))
            .collect();
        app.set_notes(&notes)?;
        let skipped: Vec<(usize, &str)> = end
            .issues
            .iter()
            .filter(|i| i.skipped)
            .map(|i| (i.entry_index, i.message.as_str()))
            .collect();
        app.end_exchanges(&skipped)?;
        app.render_cleaned()
    }

    /// Shows an input error (e.g. the file could not be read) in `#error`.
    #[wasm_bindgen(js_name = showError)]
    pub fn show_error(&self, message: &str) -> Result<(), JsValue> {
        let app = self
            .app
            .try_borrow()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        app.show_error(Some(message))
    }

    /// The redacted Markdown report (`scope`: `session` or `selection`).
    #[wasm_bindgen(js_name = exportMarkdown)]
    pub fn export_markdown(&self, scope: &str) -> Result<String, JsValue> {
        let app = self
            .app
            .try_borrow()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        Ok(export::markdown(&app.report_input(scope)))
    }

    /// The redacted JSON report (`scope`: `session` or `selection`).
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self, scope: &str) -> Result<String, JsValue> {
        let app = self
            .app
            .try_borrow()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        Ok(export::json(&app.report_input(scope)))
    }

    /// How many requests are kept (at most [`MAX_STORED`]) and how many were dropped.
    #[wasm_bindgen(js_name = storedCount)]
    pub fn stored_count(&self) -> Vec<u32> {
        self.app
            .try_borrow()
            .map(|a| vec![a.entries.len() as u32, a.evicted as u32])
            .unwrap_or_default()
    }
}
