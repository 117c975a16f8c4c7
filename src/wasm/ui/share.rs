//! "Export redacted HAR": the panel's session as captured, or the page's dropped HAR, through
//! [`crate::har_redact`] with a salt from `crypto.getRandomValues`, saved as a local download
//! (a Blob and an object URL; nothing leaves the browser), and the report of what was replaced.

use wasm_bindgen::{JsCast, JsValue};

use super::dom::{attrs, Res};
use super::{App, Mode};
use crate::har_redact::placeholder::Salt;
use crate::har_redact::{redact_har, RedactOptions, RedactReport};

/// The file name of the download.
pub(super) const FILE_NAME: &str = "authlens-redacted.har";

impl App {
    /// Redacts what this shell holds and offers it as a download; shows what was replaced.
    pub(super) fn export_har(&mut self) -> Res {
        let captured;
        let input: &[u8] = match self.mode {
            Mode::Panel => match self.session.captured_har() {
                Some(text) => {
                    captured = text;
                    captured.as_bytes()
                }
                None => {
                    self.set_status("Nothing to export yet: no request was captured.");
                    return Ok(());
                }
            },
            Mode::Page => match &self.har_source {
                Some(bytes) => bytes,
                None => {
                    self.set_status("Drop or paste a HAR file first: that is what is exported.");
                    return Ok(());
                }
            },
        };
        let Some(salt) = super::super::random_salt() else {
            // The fingerprints would be guessable for low-entropy secrets without a real salt.
            self.set_status("Not exported: this browser offers no crypto.getRandomValues.");
            return Ok(());
        };
        let mut out = Vec::with_capacity(input.len() + input.len() / 8);
        let report = match redact_har(
            input,
            &mut out,
            RedactOptions::default(),
            &Salt::from_bytes(salt),
        ) {
            Ok(report) => report,
            Err(e) => {
                self.set_status(&format!("Not exported: {e}"));
                return Ok(());
            }
        };
        let url = object_url(&out)?;
        drop(out);
        if let Some(old) = self.har_url.replace(url.clone()) {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        self.render_redaction(&report, &url)?;
        let a: web_sys::HtmlAnchorElement = self
            .dom
            .el("a", "")?
            .dyn_into()
            .map_err(|_| JsValue::from_str("authlens: not an anchor"))?;
        a.set_href(&url);
        a.set_download(FILE_NAME);
        a.click();
        self.set_status(&format!(
            "Exported {FILE_NAME}: {} replaced in {} entries, made in this browser (nothing was uploaded).",
            crate::live::plural(report.replaced.total(), "secret", "secrets"),
            report.entries
        ));
        Ok(())
    }

    /// `#redaction-report`: counts by place and kind (never values) and the file's link.
    fn render_redaction(&self, report: &RedactReport, url: &str) -> Res {
        let Some(section) = self.dom.by_id("redaction-report") else {
            return Ok(());
        };
        super::dom::clear(&section);
        section.remove_attribute("hidden")?;
        self.dom.add_text(
            &section,
            "h2",
            "",
            &format!(
                "Redacted HAR: {}, {} replaced",
                crate::live::plural(report.entries, "entry", "entries"),
                crate::live::plural(report.replaced.total(), "secret", "secrets")
            ),
        )?;
        let link = self.dom.add_text(
            &section,
            "a",
            "redacted-har-link",
            &format!("Save {FILE_NAME} again"),
        )?;
        attrs(&link, &[("href", url), ("download", FILE_NAME)])?;
        if report.replaced.counts.is_empty() {
            self.dom.add_text(
                &section,
                "p",
                "",
                "No secret was found: the file is unchanged.",
            )?;
            return Ok(());
        }
        let table = self.dom.add(&section, "table", "redaction-counts")?;
        let head = self.dom.add(&table, "tr", "")?;
        for h in ["Where", "What", "Replaced"] {
            self.dom.add_text(&head, "th", "", h)?;
        }
        for ((location, what), n) in &report.replaced.counts {
            let row = self.dom.add(&table, "tr", "redaction-row")?;
            attrs(&row, &[("data-location", location), ("data-kind", what)])?;
            self.dom.add_text(&row, "td", "", location)?;
            self.dom.add_text(&row, "td", "", what)?;
            self.dom.add_text(&row, "td", "count", &n.to_string())?;
        }
        Ok(())
    }

    /// Forgets the last export (its object URL and report).
    pub(super) fn clear_redaction(&mut self) {
        if let Some(old) = self.har_url.take() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        if let Some(section) = self.dom.by_id("redaction-report") {
            super::dom::clear(&section);
            let _ = section.set_attribute("hidden", "");
        }
    }
}

/// A `blob:` URL for the bytes (the Blob lives in this document until revoked).
fn object_url(bytes: &[u8]) -> Res<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/json");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag)?;
    web_sys::Url::create_object_url_with_blob(&blob)
}
