//! The detail view of one request (or one paste): findings, credential, byte view, JWT, Basic,
//! challenges, origin, redirects, diff, checklist and actions. It renders the core's
//! [`crate::rules::Details`] as it is (and `crate::live`'s checklist and claim lines); it decodes
//! nothing itself.

use web_sys::Element;

use crate::live::{checklist, curl_command, entry_heading, jwt_claims, jwt_header, plural, Diff};
use crate::model::{Exchange, Finding};
use crate::rules::{ByteRun, Check, CredentialView, Details, JwtView};

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
    /// The engine's facts for the detail view, from `rules::describe` (or `live::Paste`).
    pub details: Details,
}

/// The identity card of each credential, first in the credential view: what it is, how sure, and
/// how its provider wants it sent (the sentence comes from the core, `card`).
fn render_cards(dom: &Dom, section: &Element, view: &View<'_>) -> Res {
    let pasted;
    // A paste is described as a synthetic `Authorization` request: its card is the pasted one.
    let cards = match view.bare {
        Some(bare) => {
            pasted = [crate::card::pasted_card(bare)];
            &pasted[..]
        }
        None => view.details.cards.as_slice(),
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
    let d = &view.details;
    if let Some(c) = &d.credential {
        render_credential(dom, root, c, view)?;
        if let Some(jwt) = &c.jwt {
            render_jwt(dom, root, jwt, view.request_ms)?;
        } else if let Some(e) = &c.jwt_error {
            let s = section(dom, root, "jwt", "JSON Web Token")?;
            dom.add_text(&s, "p", "jwt-error", e)?;
        }
        render_basic(dom, root, c)?;
    }
    if view.exchange.is_some() {
        render_challenges(dom, root, d)?;
        render_origin(dom, root, d)?;
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
    render_checklist(dom, root, view)?;
    render_actions(dom, root, view)?;
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
    dom.add_rich_text(&li, "p", "finding-detail", &f.detail())?;
    let fix = dom.add(&li, "p", "finding-fix")?;
    dom.add_text(&fix, "strong", "", "Fix: ")?;
    dom.rich_text(&fix, f.fix())?;
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

fn render_credential(dom: &Dom, root: &Element, c: &CredentialView, view: &View<'_>) -> Res {
    let s = section(dom, root, "credential", "Credential")?;
    render_cards(dom, &s, view)?;
    let source = if view.details.given {
        format!("Given: {}, read as the value of Authorization", c.source)
    } else {
        format!("Sent in: {}", c.source)
    };
    dom.add_text(&s, "p", "credential-source", &source)?;
    dom.add_text(&s, "p", "credential-redacted", &c.redacted)?;
    dom.add_text(
        &s,
        "p",
        "credential-fingerprint",
        &format!("Fingerprint: {}", c.fingerprint),
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
        dom.add_text(&s, "code", "credential-revealed", c.token.expose())?;
    }
    render_byteview(dom, &s, c, view.revealed)
}

/// Every odd character as a badge; ordinary characters shown only after reveal (else masked).
fn render_byteview(dom: &Dom, parent: &Element, c: &CredentialView, revealed: bool) -> Res {
    let view = dom.add(parent, "div", "byteview")?;
    attrs(
        &view,
        &[("aria-label", "The credential, character by character")],
    )?;
    for run in &c.byte_runs {
        match run {
            ByteRun::Plain(text) => {
                dom.add_text(&view, "span", "plain", text)?;
            }
            ByteRun::Secret { value, .. } if revealed => {
                dom.add_text(&view, "span", "plain", value.expose())?;
            }
            ByteRun::Secret { chars, .. } => {
                let masked =
                    dom.add_text(&view, "span", "masked", &"•".repeat((*chars).min(16)))?;
                attrs(
                    &masked,
                    &[(
                        "title",
                        &format!("{chars} ordinary characters (hidden until revealed)"),
                    )],
                )?;
            }
            ByteRun::Badge {
                code_point,
                shown,
                title,
                offset,
            } => {
                let badge = dom.add_text(&view, "span", "badge", shown)?;
                attrs(
                    &badge,
                    &[
                        ("data-code-point", code_point),
                        ("title", title),
                        ("data-offset", &offset.to_string()),
                    ],
                )?;
            }
        }
    }
    if c.char_issues.is_empty() {
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
            &format!("{} unusual character(s) marked.", c.char_issues.len()),
        )?;
    }
    Ok(())
}

fn render_jwt(dom: &Dom, root: &Element, jwt: &JwtView, request_ms: Option<i64>) -> Res {
    let s = section(dom, root, "jwt", "JSON Web Token")?;
    let header = dom.add(&s, "dl", "jwt-header")?;
    for (name, value) in jwt_header(jwt) {
        dom.add_text(&header, "dt", "", &name)?;
        dom.add_text(&header, "dd", "", &value)?;
    }
    if jwt.form == "jwe" {
        dom.add_text(
            &s,
            "p",
            "jwt-note",
            "Encrypted token (JWE): the claims cannot be read without the key.",
        )?;
        return Ok(());
    }
    let claims = dom.add(&s, "ul", "jwt-claims")?;
    for claim in jwt_claims(jwt, request_ms) {
        let li = dom.add(&claims, "li", "claim")?;
        attrs(&li, &[("data-claim", &claim.name)])?;
        dom.add_text(&li, "span", "claim-name", &claim.name)?;
        dom.text(&li, ": ")?;
        dom.add_text(&li, "span", "claim-value", &claim.value)?;
        if let Some(phrase) = claim.relative {
            dom.add_text(&li, "span", "claim-relative", &format!(" ({phrase})"))?;
        }
    }
    Ok(())
}

fn render_basic(dom: &Dom, root: &Element, c: &CredentialView) -> Res {
    match (&c.basic_user, c.basic_password_chars, &c.basic_error) {
        (Some(user), Some(chars), _) => {
            let s = section(dom, root, "basic", "Basic credentials")?;
            dom.add_text(&s, "p", "basic-user", &format!("User: {user}"))?;
            dom.add_text(
                &s,
                "p",
                "basic-password",
                &format!("Password: hidden ({chars} characters)"),
            )?;
        }
        (_, _, Some(e)) => {
            let s = section(dom, root, "basic", "Basic credentials")?;
            dom.add_text(&s, "p", "basic-error", e)?;
        }
        _ => {}
    }
    Ok(())
}

fn render_challenges(dom: &Dom, root: &Element, d: &Details) -> Res {
    for field in &d.challenge_fields {
        let s = section(
            dom,
            root,
            "challenges",
            &format!("{} challenges", field.header),
        )?;
        let list = dom.add(&s, "ul", "")?;
        for c in &field.challenges {
            let li = dom.add(&list, "li", "challenge")?;
            attrs(&li, &[("data-scheme", &c.scheme)])?;
            dom.add_text(&li, "strong", "challenge-scheme", &c.scheme)?;
            // Server text (an `error_description` may quote the token it rejects) comes shown
            // from the core: `rules::describe` escapes it and redacts key-like runs.
            if let Some(t) = &c.token68 {
                dom.text(&li, &format!(" {t}"))?;
            }
            for (name, value) in &c.params {
                dom.add_text(
                    &li,
                    "span",
                    "challenge-param",
                    &format!(" {name}=\"{value}\""),
                )?;
            }
        }
        for e in &field.errors {
            dom.add_text(&s, "p", "challenge-error", e)?;
        }
    }
    Ok(())
}

fn render_origin(dom: &Dom, root: &Element, d: &Details) -> Res {
    let Some(origin) = &d.origin else {
        return Ok(());
    };
    let s = section(dom, root, "origin", "Who answered")?;
    attrs(&s, &[("data-origin", origin.kind.as_str())])?;
    dom.add_text(&s, "p", "", &origin.sentence)?;
    if let Some(signals) = &origin.signals {
        dom.add_text(&s, "p", "origin-evidence", signals)?;
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

fn render_checklist(dom: &Dom, root: &Element, view: &View<'_>) -> Res {
    let s = section(dom, root, "checklist-section", "401 checklist")?;
    let list = dom.add(&s, "ul", "checklist")?;
    for line in checklist(&view.details, view.findings, view.reference_set) {
        let state = match line.state {
            Check::Pass => "pass",
            Check::Fail => "fail",
            Check::Unknown => "unknown",
        };
        let li = dom.add(&list, "li", "")?;
        attrs(&li, &[("data-check", line.id), ("data-state", state)])?;
        dom.add_text(
            &li,
            "span",
            "check-state",
            match line.state {
                Check::Pass => "✓ ",
                Check::Fail => "✗ ",
                Check::Unknown => "? ",
            },
        )?;
        dom.rich_text(&li, &line.text)?;
    }
    dom.add_text(&s, "p", "explain-401-403", "401 means “I don't know who you are” (fix the credential); 403 means “I know who you are, and no” (fix permissions or scope).")?;
    dom.add_text(&s, "p", "retry-note", "Retrying will not fix a 401: the same request gets the same answer until the credential changes.")?;
    Ok(())
}

fn render_actions(dom: &Dom, root: &Element, view: &View<'_>) -> Res {
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
                details: crate::rules::describe(&s.exchange, opts),
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
                details: paste.details(opts),
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
