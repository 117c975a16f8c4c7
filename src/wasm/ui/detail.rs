//! The detail view of one request (or one paste): findings, credential, byte view, JWT, Basic,
//! challenges, origin, redirects, diff, checklist and actions.

use web_sys::Element;

use crate::bytes::{scan, unicode_name};
use crate::live::{claim_phrase, curl_command, entry_heading, plural, Credential, Diff};
use crate::model::{Exchange, Finding, Severity};
use crate::parse::basic::decode_basic;
use crate::parse::challenge::parse_challenges_lenient;
use crate::parse::jwt::{decode_jwt, looks_like_jwt};
use crate::providers::recognize_gateway;
use crate::redact::{fingerprint, redact, Text};
use crate::rules::Check;

use super::dom::{attrs, Dom, Res};

/// What the detail view shows.
pub(crate) struct View<'a> {
    pub findings: &'a [Finding],
    pub exchange: Option<&'a Exchange>,
    /// A pasted bare credential (no exchange).
    pub bare: Option<&'a str>,
    /// When the request was made (ms since the epoch), to show token times relative to it.
    pub request_ms: Option<i64>,
    /// The URL as shown (credentials redacted).
    pub shown_url: Option<&'a str>,
    pub heading: String,
    /// Earlier hops that redirected to this request, oldest first (redacted URLs).
    pub redirect_chain: Vec<String>,
    /// Differences from the last successful request to the same origin.
    pub diff: Option<Diff>,
    pub revealed: bool,
    pub reference_set: bool,
    /// The engine's facts for the detail view (checklist, key kind), from `rules::describe`.
    pub details: Option<crate::rules::Details>,
}

/// The identity card of each credential, first in the credential view: what it is, how sure, and
/// how its provider wants it sent (the sentence comes from the core, `card`).
fn render_cards(dom: &Dom, section: &Element, view: &View<'_>) -> Res {
    let pasted;
    // A paste is described as a synthetic `Authorization` request: its card is the pasted one.
    let cards = match (view.bare, view.details.as_ref()) {
        (Some(bare), _) => {
            pasted = [crate::card::pasted_card(bare)];
            &pasted[..]
        }
        (None, Some(d)) => d.cards.as_slice(),
        (None, None) => &[],
    };
    for card in cards {
        let box_ = dom.add(section, "div", "credential-card")?;
        dom.add_text(&box_, "p", "credential-card-sentence", &card.sentence())?;
        let scheme = card
            .scheme
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        dom.add_text(
            &box_,
            "p",
            "credential-card-where",
            &format!(
                "{}{scheme}: {}, {} bytes",
                card.location, card.redacted, card.length
            ),
        )?;
    }
    Ok(())
}

fn worst_first(findings: &[Finding]) -> Vec<&Finding> {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| f.severity);
    sorted
}

/// Renders `view` into `root` (emptied first).
pub(crate) fn render(dom: &Dom, root: &Element, view: &View<'_>) -> Res {
    super::dom::clear(root);
    dom.add_text(root, "h2", "detail-heading", &view.heading)?;
    render_findings(dom, root, view.findings)?;
    let credential = match (view.exchange, view.bare) {
        (Some(ex), _) => Credential::of_exchange(ex),
        (None, Some(value)) => Some(Credential::of_paste(value)),
        (None, None) => None,
    };
    if let Some(c) = &credential {
        render_credential(dom, root, c, view)?;
        if looks_like_jwt(c.core()) {
            render_jwt(dom, root, c.core(), view.request_ms)?;
        }
        if c.is_basic() {
            render_basic(dom, root, c.core())?;
        }
    }
    if let Some(ex) = view.exchange {
        render_challenges(dom, root, ex)?;
        render_origin(dom, root, ex)?;
    }
    if !view.redirect_chain.is_empty() || view.exchange.is_some_and(|e| e.redirect_url.is_some()) {
        render_redirects(dom, root, view)?;
    }
    if let Some(Diff { base: index, lines }) = &view.diff {
        let section = section(
            dom,
            root,
            "diff",
            "Compared with the last success to this origin",
        )?;
        dom.add_text(
            &section,
            "p",
            "diff-base",
            &format!("Last successful request: #{index}"),
        )?;
        let list = dom.add(&section, "ul", "")?;
        for line in lines {
            dom.add_text(&list, "li", "", line)?;
        }
    }
    render_checklist(dom, root, view, credential.as_ref())?;
    render_actions(dom, root, view, credential.as_ref())?;
    Ok(())
}

fn section(dom: &Dom, root: &Element, class: &str, title: &str) -> Res<Element> {
    let s = dom.add(root, "section", class)?;
    dom.add_text(&s, "h3", "", title)?;
    Ok(s)
}

/// One `.finding` element (shared by the detail view and the session findings).
pub(crate) fn finding_element(dom: &Dom, parent: &Element, f: &Finding) -> Res<Element> {
    let li = dom.add(parent, "li", "finding")?;
    attrs(
        &li,
        &[
            ("data-finding-id", f.id.as_str()),
            ("data-severity", f.severity.as_str()),
        ],
    )?;
    let head = dom.add(&li, "div", "finding-head")?;
    dom.add_text(
        &head,
        "span",
        &format!("severity severity-{}", f.severity.as_str()),
        f.severity.as_str(),
    )?;
    let link = dom.add_text(&head, "a", "finding-id", f.id.as_str())?;
    attrs(
        &link,
        &[
            ("href", &format!("findings.md#{}", f.id.as_str())),
            ("target", "_blank"),
            ("rel", "noopener"),
        ],
    )?;
    dom.add_text(&head, "span", "finding-title", f.title())?;
    dom.add_text(&li, "p", "finding-detail", &f.detail())?;
    let fix = dom.add(&li, "p", "finding-fix")?;
    dom.add_text(&fix, "strong", "", "Fix: ")?;
    dom.text(&fix, f.fix())?;
    if !f.evidence.field.is_empty() {
        dom.add_text(
            &li,
            "p",
            "finding-evidence",
            &format!("Evidence: {}", f.evidence.field),
        )?;
    }
    Ok(li)
}

fn render_findings(dom: &Dom, root: &Element, findings: &[Finding]) -> Res {
    let s = dom.add(root, "section", "findings")?;
    if findings.is_empty() {
        dom.add_text(
            &s,
            "p",
            "no-findings",
            "No authentication problem found in this request.",
        )?;
        return Ok(());
    }
    let list = dom.add(&s, "ul", "finding-list")?;
    for f in worst_first(findings) {
        finding_element(dom, &list, f)?;
    }
    Ok(())
}

fn render_credential(dom: &Dom, root: &Element, c: &Credential<'_>, view: &View<'_>) -> Res {
    let s = section(dom, root, "credential", "Credential")?;
    render_cards(dom, &s, view)?;
    let scheme = c.scheme.map(|s| format!("{s} ")).unwrap_or_default();
    dom.add_text(
        &s,
        "p",
        "credential-source",
        &format!("Sent in: {}", c.source),
    )?;
    dom.add_text(
        &s,
        "p",
        "credential-redacted",
        &format!("{scheme}{}", redact(c.token)),
    )?;
    dom.add_text(
        &s,
        "p",
        "credential-fingerprint",
        &format!("Fingerprint: {}", fingerprint(c.token).short()),
    )?;
    let reveal = dom.add_text(
        &s,
        "button",
        "reveal",
        if view.revealed {
            "Hide the key"
        } else {
            "Reveal the key"
        },
    )?;
    attrs(
        &reveal,
        &[
            ("type", "button"),
            ("aria-pressed", if view.revealed { "true" } else { "false" }),
        ],
    )?;
    if view.revealed {
        dom.add_text(&s, "code", "credential-revealed", c.token)?;
    }
    render_byteview(dom, &s, c, view.revealed)
}

/// Every odd character as a badge; ordinary characters shown only after reveal (else masked).
fn render_byteview(dom: &Dom, parent: &Element, c: &Credential<'_>, revealed: bool) -> Res {
    // The space between the scheme and the token is the separator, not an odd character.
    let issues: Vec<_> = scan(c.raw)
        .into_iter()
        .filter(|i| {
            !(matches!(i.kind, crate::bytes::CharKind::InteriorWhitespace)
                && i.byte_offset < c.token_start)
        })
        .collect();
    let view = dom.add(parent, "div", "byteview")?;
    attrs(
        &view,
        &[("aria-label", "The credential, character by character")],
    )?;
    let mut pos = 0;
    let run = |dom: &Dom, from: usize, to: usize| -> Res {
        if from >= to {
            return Ok(());
        }
        // The scheme word is not secret; the rest is masked until revealed.
        let plain_end = c.token_start.clamp(from, to);
        if plain_end > from {
            dom.add_text(
                &view,
                "span",
                "plain",
                c.raw.get(from..plain_end).unwrap_or(""),
            )?;
        }
        let secret = c.raw.get(plain_end..to).unwrap_or("");
        if secret.is_empty() {
            return Ok(());
        }
        if revealed {
            dom.add_text(&view, "span", "plain", secret)?;
        } else {
            let n = secret.chars().count();
            let masked = dom.add_text(&view, "span", "masked", &"•".repeat(n.min(16)))?;
            attrs(
                &masked,
                &[(
                    "title",
                    &format!("{n} ordinary characters (hidden until revealed)"),
                )],
            )?;
        }
        Ok(())
    };
    for issue in &issues {
        let start = issue.byte_offset;
        // A run of one character repeated is one badge.
        let end = start + issue.byte_len();
        if start < pos
            || !c.raw.is_char_boundary(start)
            || !c.raw.is_char_boundary(end.min(c.raw.len()))
        {
            continue;
        }
        run(dom, pos, start)?;
        let code = format!("U+{:04X}", u32::from(issue.ch));
        let name = unicode_name(issue.ch)
            .map(|n| n.into_owned())
            .unwrap_or_else(|| "unnamed character".to_owned());
        let shown = if issue.count > 1 {
            format!("{code} ×{}", issue.count)
        } else {
            code.clone()
        };
        let badge = dom.add_text(&view, "span", "badge", &shown)?;
        attrs(
            &badge,
            &[
                ("data-code-point", &code),
                ("title", &format!("{code} {name}")),
                ("data-offset", &start.to_string()),
            ],
        )?;
        pos = end;
    }
    run(dom, pos, c.raw.len())?;
    if issues.is_empty() {
        dom.add_text(
            parent,
            "p",
            "byteview-ok",
            "No invisible or unusual characters.",
        )?;
    } else {
        dom.add_text(
            parent,
            "p",
            "byteview-summary",
            &format!("{} unusual character(s) marked.", issues.len()),
        )?;
    }
    Ok(())
}

fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn render_jwt(dom: &Dom, root: &Element, token: &str, request_ms: Option<i64>) -> Res {
    let s = section(dom, root, "jwt", "JSON Web Token")?;
    let jwt = match decode_jwt(token) {
        Ok(jwt) => jwt,
        Err(e) => {
            dom.add_text(&s, "p", "jwt-error", &format!("Could not decode: {e}"))?;
            return Ok(());
        }
    };
    let header = dom.add(&s, "dl", "jwt-header")?;
    for (name, value) in jwt.header() {
        dom.add_text(&header, "dt", "", name)?;
        dom.add_text(&header, "dd", "", &json_text(value))?;
    }
    let Some(jws) = jwt.as_signed() else {
        dom.add_text(
            &s,
            "p",
            "jwt-note",
            "Encrypted token (JWE): the claims cannot be read without the key.",
        )?;
        return Ok(());
    };
    let claims = dom.add(&s, "ul", "jwt-claims")?;
    for (name, value) in &jws.claims {
        let li = dom.add(&claims, "li", "claim")?;
        attrs(&li, &[("data-claim", name)])?;
        dom.add_text(&li, "span", "claim-name", name)?;
        dom.text(&li, ": ")?;
        dom.add_text(&li, "span", "claim-value", &json_text(value))?;
        if let Some(phrase) = claim_phrase(name, value, request_ms) {
            dom.add_text(&li, "span", "claim-relative", &format!(" ({phrase})"))?;
        }
    }
    Ok(())
}

fn render_basic(dom: &Dom, root: &Element, token: &str) -> Res {
    let s = section(dom, root, "basic", "Basic credentials")?;
    match decode_basic(token) {
        Ok(creds) => {
            dom.add_text(&s, "p", "basic-user", &format!("User: {}", creds.user))?;
            dom.add_text(
                &s,
                "p",
                "basic-password",
                &format!(
                    "Password: hidden ({} characters)",
                    creds.password.chars().count()
                ),
            )?;
        }
        Err(e) => {
            dom.add_text(&s, "p", "basic-error", &format!("Could not decode: {e}"))?;
        }
    }
    Ok(())
}

fn render_challenges(dom: &Dom, root: &Element, ex: &Exchange) -> Res {
    for (header, title) in [
        ("www-authenticate", "WWW-Authenticate challenges"),
        ("proxy-authenticate", "Proxy-Authenticate challenges"),
    ] {
        let lines: Vec<&str> = ex.response_headers_named(header).collect();
        if lines.is_empty() {
            continue;
        }
        let parsed = parse_challenges_lenient(&lines);
        let s = section(dom, root, "challenges", title)?;
        let list = dom.add(&s, "ul", "")?;
        for c in &parsed.challenges {
            let li = dom.add(&list, "li", "challenge")?;
            attrs(&li, &[("data-scheme", &c.scheme)])?;
            dom.add_text(&li, "strong", "challenge-scheme", &c.scheme)?;
            // Server text: an `error_description` may quote the token it rejects.
            if let Some(t) = &c.token68 {
                dom.text(&li, &format!(" {}", Text::new(t).shown()))?;
            }
            for (name, value) in &c.params {
                dom.add_text(
                    &li,
                    "span",
                    "challenge-param",
                    &format!(
                        " {}=\"{}\"",
                        Text::new(name).shown(),
                        Text::sentence(value).shown()
                    ),
                )?;
            }
        }
        for e in &parsed.errors {
            dom.add_text(&s, "p", "challenge-error", &e.to_string())?;
        }
    }
    Ok(())
}

fn render_origin(dom: &Dom, root: &Element, ex: &Exchange) -> Res {
    if ex.status < 400 {
        return Ok(());
    }
    let s = section(dom, root, "origin", "Who answered")?;
    match recognize_gateway(&ex.response_headers, ex.response_body_excerpt.as_deref()) {
        Some(gw) => {
            attrs(&s, &[("data-origin", "gateway")])?;
            dom.add_text(
                &s,
                "p",
                "",
                &format!("A gateway answered: {}. {}", gw.name, gw.hint),
            )?;
            if !gw.evidence.is_empty() {
                dom.add_text(
                    &s,
                    "p",
                    "origin-evidence",
                    &format!("Signals: {}", gw.evidence.join("; ")),
                )?;
            }
        }
        None => {
            attrs(&s, &[("data-origin", "api")])?;
            dom.add_text(
                &s,
                "p",
                "",
                "No gateway fingerprint: the API itself most likely answered.",
            )?;
        }
    }
    Ok(())
}

fn render_redirects(dom: &Dom, root: &Element, view: &View<'_>) -> Res {
    let s = section(dom, root, "redirect-chain", "Redirects")?;
    let list = dom.add(&s, "ol", "")?;
    for hop in &view.redirect_chain {
        dom.add_text(&list, "li", "", hop)?;
    }
    if let Some(url) = view.shown_url {
        dom.add_text(&list, "li", "current", url)?;
    }
    if let Some(next) = view.exchange.and_then(|e| e.redirect_url.as_deref()) {
        dom.add_text(
            &list,
            "li",
            "",
            &format!("→ {}", crate::rules::session::display_url(next)),
        )?;
    }
    Ok(())
}

fn has(findings: &[Finding], pred: impl Fn(&str) -> bool, min: Severity) -> bool {
    findings
        .iter()
        .any(|f| pred(f.id.as_str()) && f.severity <= min)
}

fn check(dom: &Dom, list: &Element, id: &str, state: &str, text: &str) -> Res {
    let li = dom.add(list, "li", "")?;
    attrs(&li, &[("data-check", id), ("data-state", state)])?;
    dom.add_text(
        &li,
        "span",
        "check-state",
        match state {
            "pass" => "✓ ",
            "fail" => "✗ ",
            _ => "? ",
        },
    )?;
    dom.text(&li, text)?;
    Ok(())
}

fn render_checklist(dom: &Dom, root: &Element, view: &View<'_>, c: Option<&Credential<'_>>) -> Res {
    let s = section(dom, root, "checklist-section", "401 checklist")?;
    let list = dom.add(&s, "ul", "checklist")?;
    let f = view.findings;
    // The engine's checklist (credential sent, header, scheme, value, token time and audience,
    // challenge, CORS), then what only the UI knows: the reference key, the path, curl.
    if let Some(details) = &view.details {
        for item in &details.checklist {
            let state = match item.state {
                Check::Pass => "pass",
                Check::Fail => "fail",
                Check::Unknown => "unknown",
            };
            let label = match item.id {
                "credential_sent" => "Credential sent",
                "credential_header" => "Right header",
                "scheme" => "Scheme",
                "credential_value" => "Key bytes",
                "token_time" => "Token time",
                "token_audience" => "Token audience",
                "challenge" => "Challenge",
                "cors" => "CORS",
                other => other,
            };
            let text = match (item.id, c) {
                ("credential_sent", Some(c)) if item.state == Check::Pass => {
                    format!("{label}: {} Sent: {}", item.text, redact(c.token))
                }
                _ => format!("{label}: {}", item.text),
            };
            check(dom, &list, item.id, state, &text)?;
        }
    }
    if view.reference_set {
        if has(f, |id| id == "token.reference_mismatch", Severity::Info) {
            check(dom, &list, "reference", "fail", "Reference key: the key sent is not your reference key (stale environment variable or old build?).")?;
        } else if c.is_some() {
            check(
                dom,
                &list,
                "reference",
                "pass",
                "Reference key: the key sent is your reference key.",
            )?;
        } else {
            check(
                dom,
                &list,
                "reference",
                "unknown",
                "Reference key: no key was sent to compare with your reference key.",
            )?;
        }
    } else {
        check(
            dom,
            &list,
            "reference",
            "unknown",
            "Reference key: paste the key you expect into “Reference key” to compare.",
        )?;
    }
    let gateway = view.details.as_ref().and_then(|d| d.gateway.as_ref());
    match view.exchange {
        Some(ex)
            if ex.status == 407
                || gateway.is_some()
                || has(f, |id| id == "origin.gateway", Severity::Info) =>
        {
            check(
                dom,
                &list,
                "gateway",
                "fail",
                "Gateway: a proxy or gateway in the path answered, not the API.",
            )?
        }
        Some(ex) if ex.status >= 400 => check(
            dom,
            &list,
            "gateway",
            "pass",
            "Gateway: no proxy or gateway fingerprint in the response.",
        )?,
        _ => check(
            dom,
            &list,
            "gateway",
            "unknown",
            "Gateway: no error response to fingerprint.",
        )?,
    }
    check(dom, &list, "outside_app", "unknown", "Outside the app: test the key outside the app with “Copy as curl”: if curl also gets a 401, the key itself is the problem.")?;
    dom.add_text(&s, "p", "explain-401-403", "401 means “I don't know who you are” (fix the credential); 403 means “I know who you are, and no” (fix permissions or scope).")?;
    dom.add_text(&s, "p", "retry-note", "Retrying will not fix a 401: the same request gets the same answer until the credential changes.")?;
    Ok(())
}

fn render_actions(dom: &Dom, root: &Element, view: &View<'_>, _c: Option<&Credential<'_>>) -> Res {
    let s = section(dom, root, "actions", "Share and test")?;
    if let Some(ex) = view.exchange {
        let url = view.shown_url.unwrap_or(ex.url.as_str());
        let cmd = curl_command(ex, url, view.revealed);
        let b = dom.add_text(&s, "button", "copy-curl", "Copy as curl")?;
        attrs(
            &b,
            &[
                ("type", "button"),
                (
                    "title",
                    if view.revealed {
                        "Copies the command with the real key"
                    } else {
                        "Copies the command with a redacted placeholder (reveal the key to include it)"
                    },
                ),
            ],
        )?;
        dom.add_text(&s, "pre", "curl-command", &cmd)?;
    }
    let md = dom.add_text(&s, "button", "export-md", "Export Markdown")?;
    attrs(&md, &[("type", "button"), ("data-scope", "selection")])?;
    let json = dom.add_text(&s, "button", "export-json", "Export JSON")?;
    attrs(&json, &[("type", "button"), ("data-scope", "selection")])?;
    Ok(())
}

impl super::App {
    /// Renders the selected request, else the page's paste, else a hint.
    pub(super) fn render_detail(&self) -> Res {
        let root = &self.els.detail;
        let opts = self.session.options();
        let reference_set = opts.reference_fingerprint.is_some();
        if let Some(s) = self.selected.and_then(|i| self.session.get(i)) {
            let view = View {
                findings: &s.report.findings,
                exchange: Some(&s.exchange),
                bare: None,
                request_ms: s.exchange.started_at_ms.or(opts.now_ms),
                shown_url: Some(&s.report.url),
                heading: entry_heading(s),
                redirect_chain: self.session.redirect_chain(s.report.index),
                diff: self.session.diff(s.report.index),
                revealed: self.revealed,
                reference_set,
                details: Some(crate::rules::describe(&s.exchange, opts)),
            };
            return render(&self.dom, root, &view);
        }
        if let Some(paste) = &self.paste {
            let shown = paste.shown_url();
            let view = View {
                findings: &paste.findings,
                exchange: paste.exchange.as_ref(),
                bare: paste.bare.as_deref(),
                request_ms: paste.request_ms,
                shown_url: shown.as_deref(),
                heading: paste.heading(),
                redirect_chain: Vec::new(),
                diff: None,
                revealed: self.revealed,
                reference_set,
                details: Some(paste.details(opts)),
            };
            return render(&self.dom, root, &view);
        }
        super::dom::clear(root);
        let hint = match self.mode {
            super::Mode::Panel => "Select a request to see why it failed. Requests with authentication problems appear as DevTools captures them.",
            super::Mode::Page => "Paste something above to check it.",
        };
        self.dom.add_text(root, "p", "detail-empty", hint)?;
        Ok(())
    }

    /// The reference key's fingerprint and how many requests sent another key.
    pub(super) fn render_reference_status(&self) {
        let text = match &self.session.options().reference_fingerprint {
            None => "No reference key: paste the key you expect (kept in memory only) to compare every request with it.".to_owned(),
            Some(fp) => {
                let differ = self.session.reference_mismatches()
                    + usize::from(self.paste.as_ref().is_some_and(|p| p.reference_mismatch()));
                format!(
                    "Reference key {} (memory only). {}",
                    fp.short(),
                    if differ == 0 {
                        "No request sent a different key.".to_owned()
                    } else {
                        format!("{} sent a different key.", plural(differ, "request", "requests"))
                    }
                )
            }
        };
        self.els.reference_status.set_text_content(Some(&text));
    }
}
