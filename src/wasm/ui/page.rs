//! The paste-check page's form: hints, the detected kind, notes, errors and the cleaned value.

use gloo::timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use crate::input::{parse_paste, PasteHints, PasteKind};
use crate::live::{plural, Paste};
use crate::model::Exchange;
use crate::redact::redact;

use super::dom::{self, Dom, Res};
use super::{copy_to_clipboard, on, report_error, App, AuthlensUi, Shared};

/// How long the page waits after the last keystroke before analysing.
const DEBOUNCE_MS: u32 = 250;

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl App {
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

    pub(super) fn show_error(&self, message: Option<&str>) -> Res {
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

    pub(super) fn set_har_area(&self, visible: bool) -> Res {
        if let Some(area) = &self.els.har_area {
            if visible {
                area.remove_attribute("hidden")?;
            } else {
                area.set_attribute("hidden", "")?;
            }
        }
        Ok(())
    }

    pub(super) fn render_cleaned(&self) -> Res {
        let Some(section) = self.dom.by_id("cleaned") else {
            return Ok(());
        };
        let cleaned = self.paste.as_ref().and_then(|p| p.cleaned.as_deref());
        let credential = self
            .paste
            .as_ref()
            .and_then(|p| p.credential())
            .map(|c| c.token);
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

    pub(super) fn set_kind(&self, kind: Option<PasteKind>) {
        if let Some(el) = self.dom.by_id("input-kind") {
            el.set_text_content(Some(kind.map_or("", PasteKind::noun)));
            let _ = el.set_attribute("data-kind", kind.map_or("", PasteKind::as_str));
        }
    }

    pub(super) fn set_notes(&self, notes: &[String]) -> Res {
        if let Some(list) = self.dom.by_id("input-notes") {
            dom::clear(&list);
            for n in notes {
                self.dom.add_text(&list, "li", "", n)?;
            }
        }
        Ok(())
    }

    pub(super) fn analyze_page(&mut self) -> Res {
        let text = self
            .input::<HtmlTextAreaElement>("paste-input")
            .map(|t| t.value())
            .unwrap_or_default();
        self.revealed = false;
        if text.trim().is_empty() {
            self.paste = None;
            self.show_error(None)?;
            self.set_kind(None);
            self.set_notes(&[])?;
            if self.session.is_empty() {
                self.set_har_area(false)?;
            }
            self.render_cleaned()?;
            return self.render_all();
        }
        let hints = self.page_hints();
        self.session.set_now_ms(hints.now_ms);
        match parse_paste(&text, &hints) {
            Err(e) => {
                self.paste = None;
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
                    self.paste = None;
                    self.har_source = Some(text.into_bytes());
                    self.clear_redaction();
                    let issues = pasted.har.map(|h| h.issues).unwrap_or_default();
                    self.load_exchanges(pasted.exchanges, &issues)?;
                    return self.render_cleaned();
                }
                self.reset();
                self.har_source = None;
                self.set_har_area(false)?;
                let opts = self.session.options();
                let paste = match pasted.bare_credential {
                    Some(bare) => Paste::of_credential(bare, opts, hints.now_ms),
                    None => Paste::of_exchange(
                        pasted.exchanges.into_iter().next().unwrap_or_default(),
                        opts,
                        hints.now_ms,
                    ),
                };
                self.paste = Some(paste);
                self.render_cleaned()?;
                self.render_all()
            }
        }
    }

    pub(super) fn load_exchanges(
        &mut self,
        exchanges: Vec<Exchange>,
        issues: &[crate::har::HarIssue],
    ) -> Res {
        self.reset();
        self.paste = None;
        self.session.load(exchanges, issues);
        self.show_loaded()
    }

    /// Shows a session just loaded from a HAR file.
    fn show_loaded(&mut self) -> Res {
        // As when requests stream in: the first one with a finding is selected.
        self.selected = self
            .session
            .entries()
            .find(|s| s.worst.is_some())
            .map(|s| s.report.index);
        self.set_har_area(true)?;
        self.render_all()
    }
}

/// A HAR file read by the page's Web Worker (`www/har-worker.js`, the same wasm): the worker
/// streams the file and posts the exchanges in batches; the page analyses each batch in its own
/// task (`beginHar`, `pushHarBatch` per batch, `endHar`), so it stays responsive.
#[wasm_bindgen]
impl AuthlensUi {
    /// Starts a HAR file read in the worker: the session is emptied.
    #[wasm_bindgen(js_name = beginHar)]
    pub fn begin_har(&self) -> Result<(), JsValue> {
        let mut app = busy(self.app.try_borrow_mut())?;
        app.show_error(None)?;
        app.set_kind(Some(PasteKind::Har));
        app.set_notes(&[])?;
        app.reset();
        app.paste = None;
        app.har_source = None;
        app.clear_redaction();
        app.render_cleaned()?;
        app.render_counts();
        Ok(())
    }

    /// The bytes of the HAR file the worker read, kept for "Export redacted HAR" (the export
    /// is of the file as dropped).
    #[wasm_bindgen(js_name = setHarSource)]
    pub fn set_har_source(&self, bytes: Vec<u8>) -> Result<(), JsValue> {
        let mut app = busy(self.app.try_borrow_mut())?;
        app.har_source = Some(bytes);
        Ok(())
    }

    /// Analyses one batch from the worker (the JSON text of `{exchanges: [...]}`: one string
    /// crosses, not an object graph); the list is drawn at `endHar`. Returns the requests so far.
    #[wasm_bindgen(js_name = pushHarBatch)]
    pub fn push_har_batch(&self, json: &str) -> Result<u32, JsValue> {
        #[derive(serde::Deserialize)]
        struct Batch {
            exchanges: Vec<Exchange>,
        }
        // The worker wrote this JSON from exchanges; it cannot fail but for a bug, and serde's
        // message could quote a header value, so it is not shown.
        let batch: Batch = serde_json::from_str(json)
            .map_err(|_| JsValue::from_str("authlens: unreadable HAR batch from the worker"))?;
        let mut app = busy(self.app.try_borrow_mut())?;
        for ex in batch.exchanges {
            app.session.push(ex);
        }
        app.render_counts();
        Ok(u32::try_from(app.session.len() + app.session.evicted()).unwrap_or(u32::MAX))
    }

    /// Ends the worker's HAR file: `end` is its `{issues: [{entryIndex, skipped, message}]}`,
    /// or `null` when reading failed (the requests read so far are shown).
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
            crate::wasm::from_js(end, "HAR summary").map_err(|_: JsValue| {
                JsValue::from_str("authlens: unreadable HAR summary from the worker")
            })?
        };
        let mut app = busy(self.app.try_borrow_mut())?;
        let notes: Vec<String> = end
            .issues
            .iter()
            .filter(|i| !i.skipped)
            .map(|i| format!("entry {}: {}", i.entry_index, i.message))
            .collect();
        app.set_notes(&notes)?;
        app.session.set_file_notes(notes);
        app.session.finish_load(
            end.issues
                .iter()
                .filter(|i| i.skipped)
                .map(|i| (i.entry_index, i.message.as_str())),
        );
        app.show_loaded()?;
        app.render_cleaned()
    }
}

fn busy<T>(borrowed: Result<T, std::cell::BorrowMutError>) -> Result<T, JsValue> {
    borrowed.map_err(|_| JsValue::from_str("authlens: busy"))
}

pub(super) fn wire_page(app: &Shared, dom: &Dom) -> Res {
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
            if let Some(value) = app.paste.as_ref().and_then(|p| p.cleaned.clone()) {
                copy_to_clipboard(&value);
                app.set_status("Copied the cleaned value.");
            }
            Ok(())
        },
    );
    Ok(())
}
