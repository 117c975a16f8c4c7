//! The authlens UI in Rust (web-sys), shared by the DevTools panel and the paste-check page: DOM
//! only. The state it renders (the request store, session findings, history, exports) is
//! [`crate::live`], which is plain Rust and tested natively.
//!
//! ```ignore
//! // panel.js:  const ui = mountPanel(document.getElementById('authlens-root'), 'dark');
//! //            ui.pushHarEntries(JSON.stringify([entry]));  // DevTools HAR entries
//! // page.js:   const ui = mountPage(document.getElementById('authlens-root'));
//! //            ui.loadHar(new Uint8Array(await file.arrayBuffer()));
//! ```
//!
//! Both shells render the DOM described in `notes/dom-contract.md`. Every value that comes from
//! a page, a server or a paste is inserted as a text node; keys appear only redacted until the
//! user presses "Reveal". Memory is bounded: at most [`MAX_STORED`] requests are kept (oldest
//! dropped first, the count of dropped ones shown).
//!
//! Rooms: `scaffold` (the static skeleton), `list` (rows, counts, session findings), `detail`
//! (one request or paste), `page` (the paste form), `dom` (element helpers); this file holds the
//! state, the event wiring and the binding.

mod detail;
pub mod dom;
mod list;
mod page;
mod scaffold;
mod share;
mod timeline;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

use crate::input::PasteKind;
pub use crate::live::MAX_STORED;
use crate::live::{export_json, export_markdown, Listed, Paste, ReportInput, Session};
use crate::rules::AnalysisOptions;

use dom::{closest, Dom, Res};
use list::row_index;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Panel,
    Page,
}

pub(crate) struct Els {
    pub requests: Element,
    detail: Element,
    counts: Element,
    session: Element,
    session_list: Element,
    /// `<details>` holding the token timeline; drawn only while open.
    timeline: Element,
    timeline_box: Element,
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
    session: Session,
    /// The requests the list shows (its filter's), of which only those near the viewport are
    /// drawn (`list::draw_rows`).
    listed: RefCell<Listed>,
    /// Listed requests dropped from the front since the rows were last drawn.
    dropped_in_front: Cell<usize>,
    /// A drawn row's height in px, once measured.
    row_height: Cell<f64>,
    /// Requests arrived that the list, counts and session findings do not show yet (see
    /// `AuthlensUi::render`); `.1`: session findings changed.
    render_due: Cell<(bool, bool)>,
    selected: Option<usize>,
    revealed: bool,
    /// The page's paste when it is not a HAR file.
    paste: Option<Paste>,
    debounce: Option<Timeout>,
    /// Page only: the dropped (or pasted) HAR file, which "Export redacted HAR" exports.
    har_source: Option<Vec<u8>>,
    /// The object URL of the last redacted HAR (revoked by the next export or Clear).
    har_url: Option<String>,
}

type Shared = Rc<RefCell<App>>;

/// The mounted UI, for the glue script.
#[wasm_bindgen]
pub struct AuthlensUi {
    app: Shared,
}

impl App {
    /// Shows a request the session just added; returns whether session findings changed.
    fn show_added(&mut self, added: &crate::live::Added) -> bool {
        let mut auto_select = false;
        if let Some(stored) = self.session.get(added.index) {
            if self.filter().passes(stored) {
                self.list_request(stored);
            }
            auto_select = self.selected.is_none() && stored.worst.is_some();
        }
        for index in &added.evicted {
            self.unlist_request(*index);
            if self.selected == Some(*index) {
                self.selected = None;
            }
        }
        for index in &added.revised {
            if let Some(stored) = self.session.get(*index) {
                let _ = self.redraw_row(stored);
            }
            if self.selected == Some(*index) {
                let _ = self.render_detail();
            }
        }
        if auto_select {
            let _ = self.select(added.index, false);
        }
        added.session_changed
    }

    /// Draws the list, counts and session findings if requests arrived since they were drawn.
    fn render_arrivals(&self) -> Res {
        let (due, session_changed) = self.render_due.replace((false, false));
        if !due {
            return Ok(());
        }
        self.draw_rows()?;
        self.render_counts();
        if session_changed {
            self.render_session()?;
        }
        self.render_reference_status();
        Ok(())
    }

    fn reset(&mut self) {
        self.session.reset();
        self.selected = None;
        self.revealed = false;
    }

    fn render_all(&self) -> Res {
        self.render_list()?;
        self.render_counts();
        self.render_session()?;
        self.render_reference_status();
        self.render_detail()
    }

    fn set_status(&self, text: &str) {
        self.els.action_status.set_text_content(Some(text));
    }

    fn report_input(&self, scope: &str) -> ReportInput {
        let selection = if scope == "selection" {
            self.selected
        } else {
            None
        };
        if selection.and_then(|i| self.session.get(i)).is_none() && self.session.is_empty() {
            if let Some(paste) = &self.paste {
                return paste.report();
            }
        }
        self.session.report(selection)
    }

    fn export(&self, scope: &str, json: bool) -> Res {
        let input = self.report_input(scope);
        let (text, name, mime) = if json {
            (
                export_json(&input),
                "authlens-report.json",
                "application/json",
            )
        } else {
            (
                export_markdown(&input),
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
        self.session.set_reference(key);
        match self.mode {
            Mode::Page if self.session.is_empty() => self.analyze_page(),
            _ => self.render_all(),
        }
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

fn new_app(dom: Dom, mode: Mode, els: Els) -> Shared {
    Rc::new(RefCell::new(App {
        dom,
        mode,
        els,
        session: Session::new(AnalysisOptions::default()),
        listed: RefCell::new(Listed::default()),
        dropped_in_front: Cell::new(0),
        row_height: Cell::new(0.0),
        render_due: Cell::new((false, false)),
        selected: None,
        revealed: false,
        paste: None,
        debounce: None,
        har_source: None,
        har_url: None,
    }))
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
    let (timeline_el, timeline_box) = {
        let a = app.borrow();
        (a.els.timeline.clone(), a.els.timeline_box.clone())
    };
    on(&timeline_el, "toggle", app, |app, _| app.render_timeline());
    on(
        &timeline_box,
        "click",
        app,
        |app, e| match timeline::clicked_entry(e.target()) {
            Some(i) if app.session.get(i).is_some() => app.select(i, true),
            _ => Ok(()),
        },
    );
    on(&timeline_box, "keydown", app, |app, e| {
        let enter = e
            .dyn_ref::<KeyboardEvent>()
            .is_some_and(|k| k.key() == "Enter" || k.key() == " ");
        match timeline::clicked_entry(e.target()).filter(|_| enter) {
            Some(i) if app.session.get(i).is_some() => {
                e.prevent_default();
                app.select(i, true)
            }
            _ => Ok(()),
        }
    });
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
        let Some(current) = row_index(&row) else {
            return Ok(());
        };
        let target = match key.as_str() {
            "ArrowDown" => app.listed.borrow().neighbour(current, true),
            "ArrowUp" => app.listed.borrow().neighbour(current, false),
            "Enter" | " " => Some(current),
            _ => return Ok(()),
        };
        e.prevent_default();
        match target {
            Some(i) => app.select(i, true),
            None => Ok(()),
        }
    });
    on(&requests, "scroll", app, |app, _| app.draw_rows());
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
                app.paste = None;
                app.har_source = None;
                app.clear_redaction();
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
    if closest(e.target(), "button.export-har").is_some() {
        return app.export_har();
    }
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

/// Mounts the DevTools panel UI into `root`; `theme` is DevTools' theme name (`dark` or other).
#[wasm_bindgen(js_name = mountPanel)]
pub fn mount_panel(root: Element, theme: Option<String>) -> Result<AuthlensUi, JsValue> {
    let dom = Dom::current()?;
    scaffold::build_panel(&dom, &root, theme.as_deref())?;
    let els = scaffold::collect_els(&dom, None)?;
    let app = new_app(dom.clone(), Mode::Panel, els);
    wire_common(&app);
    app.borrow().render_all()?;
    scaffold::mark_ready(&dom)?;
    Ok(AuthlensUi { app })
}

/// Mounts the paste-check page UI into `root`.
#[wasm_bindgen(js_name = mountPage)]
pub fn mount_page(root: Element) -> Result<AuthlensUi, JsValue> {
    let dom = Dom::current()?;
    let har_area = scaffold::build_page(&dom, &root)?;
    let els = scaffold::collect_els(&dom, Some(har_area))?;
    let app = new_app(dom.clone(), Mode::Page, els);
    wire_common(&app);
    page::wire_page(&app, &dom)?;
    app.borrow().render_all()?;
    scaffold::mark_ready(&dom)?;
    Ok(AuthlensUi { app })
}

#[wasm_bindgen]
impl AuthlensUi {
    /// Adds DevTools' network entries: `json` is the JSON text of an array of HAR entries as
    /// `onRequestFinished` / `getHAR` give them, each with the body the panel read as
    /// `response.content.text` and `.encoding` (the text may be cut to its first
    /// [`crate::wasm::har_body_prefix`] UTF-16 units). Each is read exactly as a HAR file's entry
    /// ([`crate::har::read_entry`]) and kept for "Export redacted HAR". Returns why each entry
    /// that could not be read was skipped (the others are shown).
    ///
    /// With `defer`, the list, counts and session findings are drawn by the next
    /// [`AuthlensUi::render`] instead: a page streaming hundreds of requests a second is analysed
    /// as they arrive and drawn a few times a second (every draw lays out and paints the panel).
    #[wasm_bindgen(js_name = pushHarEntries)]
    pub fn push_har_entries(
        &self,
        json: &str,
        defer: Option<bool>,
    ) -> Result<Vec<String>, JsValue> {
        let entries: Vec<&serde_json::value::RawValue> =
            serde_json::from_str(json).map_err(|e| {
                super::into_error(format!(
                    "HAR entries: {}",
                    crate::redact::without_quoted_input(&e.to_string())
                ))
            })?;
        let mut app = self
            .app
            .try_borrow_mut()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        let mut skipped = Vec::new();
        let mut session_changed = false;
        for entry in entries {
            match app.session.push_har_entry(entry.get()) {
                Ok(added) => session_changed |= app.show_added(&added),
                Err(problem) => skipped.push(format!("entry skipped: {problem}")),
            }
        }
        let (_, changed_before) = app.render_due.get();
        app.render_due
            .set((true, changed_before || session_changed));
        if !defer.unwrap_or(false) {
            app.render_arrivals()?;
        }
        Ok(skipped)
    }

    /// Draws what arrived since the last draw (see `pushHarEntries`' `defer`); nothing when
    /// nothing did.
    pub fn render(&self) -> Result<(), JsValue> {
        let app = self
            .app
            .try_borrow()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        app.render_arrivals()
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
        app.paste = None;
        app.har_source = None;
        app.clear_redaction();
        app.render_all()
    }

    /// Follows DevTools' theme (`dark` or anything else for light).
    #[wasm_bindgen(js_name = setTheme)]
    pub fn set_theme(&self, name: &str) {
        if let Ok(app) = self.app.try_borrow() {
            scaffold::apply_theme(&app.dom, Some(name));
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
                app.har_source = Some(bytes.to_vec());
                app.clear_redaction();
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
        Ok(export_markdown(&app.report_input(scope)))
    }

    /// The redacted JSON report (`scope`: `session` or `selection`).
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self, scope: &str) -> Result<String, JsValue> {
        let app = self
            .app
            .try_borrow()
            .map_err(|_| JsValue::from_str("authlens: busy"))?;
        Ok(export_json(&app.report_input(scope)))
    }

    /// How many requests are kept (at most [`MAX_STORED`]) and how many were dropped.
    #[wasm_bindgen(js_name = storedCount)]
    pub fn stored_count(&self) -> Vec<u32> {
        self.app
            .try_borrow()
            .map(|a| vec![a.session.len() as u32, a.session.evicted() as u32])
            .unwrap_or_default()
    }
}
