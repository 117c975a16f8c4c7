//! The static skeleton of both shells: the panel's toolbar, list and detail panes; the page's
//! header, paste form, cleaned value, HAR area and detail (the DOM `notes/dom-contract.md`
//! describes). Nothing here holds state.

use wasm_bindgen::JsValue;
use web_sys::Element;

use super::dom::{self, attrs, Dom, Res};
use super::Els;

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
pub(super) fn build_session_view(
    dom: &Dom,
    parent: &Element,
    with_preserve: bool,
) -> Res<(Element, Element)> {
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
    let har = dom.add_text(&toolbar, "button", "export-har", "Export redacted HAR")?;
    attrs(
        &har,
        &[
            ("type", "button"),
            (
                "title",
                "A copy of the HAR with every secret replaced by a placeholder that keeps its shape; made in this browser",
            ),
        ],
    )?;
    let redaction = dom.add(parent, "section", "redaction-report")?;
    attrs(
        &redaction,
        &[
            ("id", "redaction-report"),
            ("hidden", ""),
            ("role", "status"),
            ("aria-label", "What the redacted HAR replaced"),
        ],
    )?;
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
    let timeline = dom.add(parent, "details", "timeline-section")?;
    attrs(
        &timeline,
        &[
            ("id", "token-timeline"),
            ("hidden", ""),
            ("aria-label", "Token timeline"),
        ],
    )?;
    dom.add_text(&timeline, "summary", "", "Token timeline")?;
    dom.add(&timeline, "div", "timeline-box")?;
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

pub(super) fn build_reference(dom: &Dom, parent: &Element) -> Res {
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

pub(super) fn collect_els(dom: &Dom, har_area: Option<Element>) -> Res<Els> {
    let session: Element = dom.typed("session-findings")?;
    let session_list = session
        .query_selector("ul")?
        .ok_or_else(|| JsValue::from_str("authlens: session list missing"))?;
    let timeline: Element = dom.typed("token-timeline")?;
    let timeline_box = timeline
        .query_selector(".timeline-box")?
        .ok_or_else(|| JsValue::from_str("authlens: timeline box missing"))?;
    Ok(Els {
        timeline,
        timeline_box,
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

pub(super) fn mark_ready(dom: &Dom) -> Res {
    if let Some(body) = dom.doc.body() {
        body.set_attribute("data-ready", "true")?;
    }
    Ok(())
}

pub(super) fn apply_theme(dom: &Dom, theme: Option<&str>) {
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

/// The panel's skeleton in `root` (emptied first).
pub(super) fn build_panel(dom: &Dom, root: &Element, theme: Option<&str>) -> Res {
    dom::clear(root);
    root.class_list().add_1("authlens-panel")?;
    apply_theme(dom, theme);
    build_session_view(dom, root, true)?;
    build_reference(dom, root)?;
    let status = dom.add(root, "div", "action-status")?;
    attrs(&status, &[("id", "action-status"), ("role", "status")])?;
    // The list and the detail side by side (stacked on narrow panels).
    let panes = dom.add(root, "div", "panes")?;
    if let Some(requests) = dom.by_id("requests") {
        panes.append_child(&requests)?;
    }
    let detail = dom.add(&panes, "section", "detail")?;
    attrs(
        &detail,
        &[("id", "detail"), ("aria-label", "Request detail")],
    )?;
    Ok(())
}

/// The page's skeleton in `root` (emptied first); returns the HAR area.
pub(super) fn build_page(dom: &Dom, root: &Element) -> Res<Element> {
    dom::clear(root);
    root.class_list().add_1("authlens-page")?;
    let header = dom.add(root, "header", "app-header")?;
    dom.add_text(&header, "h1", "", "authlens: why did my request get a 401?")?;
    let privacy = dom.add_text(&header, "p", "privacy", "Nothing you paste leaves this page: it is analysed by WebAssembly in your browser, never uploaded, never stored, never cached. Works offline.")?;
    attrs(&privacy, &[("id", "privacy-note")])?;

    let form = dom.add(root, "section", "paste-form")?;
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
        dom,
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
        dom,
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
        dom,
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
        dom,
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

    let cleaned = dom.add(root, "section", "cleaned")?;
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

    build_reference(dom, root)?;
    let har_area = dom.add(root, "section", "har-area")?;
    attrs(&har_area, &[("id", "har-area"), ("hidden", "")])?;
    build_session_view(dom, &har_area, false)?;
    let detail = dom.add(root, "section", "detail")?;
    attrs(
        &detail,
        &[
            ("id", "detail"),
            ("aria-label", "Analysis"),
            ("aria-live", "polite"),
        ],
    )?;
    let status = dom.add(root, "div", "action-status")?;
    attrs(&status, &[("id", "action-status"), ("role", "status")])?;
    Ok(har_area)
}
