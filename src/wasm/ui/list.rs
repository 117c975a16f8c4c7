//! The request list, the toolbar counts and the session findings.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::live::{plural, Filter, Stored};
use crate::model::Severity;
use crate::rules::http::UrlParts;

use super::detail;
use super::dom::{self, attrs, Res};
use super::App;

fn severity_name(s: Option<Severity>) -> &'static str {
    s.map_or("none", Severity::as_str)
}

impl App {
    /// The list's filter, from the toolbar's controls.
    pub(super) fn filter(&self) -> Filter {
        Filter::new(self.els.filter.value() != "all", &self.els.search.value())
    }

    pub(super) fn append_row(&self, s: &Stored) -> Res {
        let row = self.row_element(s)?;
        self.els.requests.append_child(&row)?;
        Ok(())
    }

    /// Draws the row of a kept request whose findings changed after it was listed (a later
    /// request revised them): in place, or removed when the filter no longer lists it. A row
    /// the filter now lists but the list lacks means the whole list is redrawn (rare: revisions
    /// retract findings, which only takes rows out of the "auth" filter).
    pub(super) fn redraw_row(&self, s: &Stored) -> Res {
        let passes = self.filter().passes(s);
        match self.row(s.report.index) {
            Some(old) if passes => {
                let new: web_sys::Node = self.row_element(s)?.into();
                old.replace_with_with_node_1(&new)
            }
            Some(old) => {
                old.remove();
                Ok(())
            }
            None if passes => self.render_list(),
            None => Ok(()),
        }
    }

    fn row_element(&self, s: &Stored) -> Res<Element> {
        let dom = &self.dom;
        let row = dom.el("li", "request")?;
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
        Ok(row)
    }

    pub(super) fn row(&self, index: usize) -> Option<Element> {
        self.els
            .requests
            .query_selector(&format!(".request[data-index=\"{index}\"]"))
            .ok()
            .flatten()
    }

    /// Removes the row of request `index`, if it is listed. Rows are listed in index order and
    /// evictions take the oldest, so the row is the first one, or it is not listed (filtered
    /// out): past the store's bound every push evicts one, and looking it up by selector
    /// scanned all 10,000 rows each time (probes of a streaming panel took 3.7 s).
    pub(super) fn remove_row(&self, index: usize) {
        let first = self.els.requests.first_element_child();
        let first_index = first.as_ref().and_then(row_index);
        match (first, first_index) {
            (Some(row), Some(i)) if i == index => row.remove(),
            (Some(_), Some(i)) if i > index => {}
            _ => {
                if let Some(row) = self.row(index) {
                    row.remove();
                }
            }
        }
    }

    pub(super) fn render_list(&self) -> Res {
        dom::clear(&self.els.requests);
        let filter = self.filter();
        for s in self.session.entries().filter(|s| filter.passes(s)) {
            self.append_row(s)?;
        }
        Ok(())
    }

    pub(super) fn render_counts(&self) {
        let text = self.session.counts().text();
        self.els.counts.set_text_content(Some(&text));
    }

    pub(super) fn render_session(&self) -> Res {
        let list = &self.els.session_list;
        dom::clear(list);
        for sf in self.session.session_findings() {
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
        if self.session.session_findings().is_empty() {
            self.els.session.set_attribute("hidden", "")?;
        } else {
            self.els.session.remove_attribute("hidden")?;
        }
        self.render_timeline()
    }

    /// The token timeline; redrawn only while its section is open (a busy page pushes many
    /// requests a second).
    pub(super) fn render_timeline(&self) -> Res {
        // Counted on every push; copied and laid out only when drawn.
        let lanes = self.session.timeline_credentials();
        if lanes == 0 {
            self.els.timeline.set_attribute("hidden", "")?;
            return Ok(());
        }
        self.els.timeline.remove_attribute("hidden")?;
        if let Some(summary) = self.els.timeline.query_selector("summary")? {
            summary.set_text_content(Some(&format!(
                "Token timeline ({})",
                plural(lanes, "credential", "credentials")
            )));
        }
        let open = self
            .els
            .timeline
            .dyn_ref::<web_sys::HtmlDetailsElement>()
            .is_some_and(web_sys::HtmlDetailsElement::open);
        if open {
            let layout = self.session.timeline().layout();
            super::timeline::render(&self.dom, &self.els.timeline_box, &layout)?;
        }
        Ok(())
    }

    pub(super) fn select(&mut self, index: usize, focus: bool) -> Res {
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
}

/// The index of the visible row next to `row` (`down`: after it), if any.
pub(super) fn neighbour_row(row: &Element, down: bool) -> Option<Element> {
    let next = if down {
        row.next_element_sibling()
    } else {
        row.previous_element_sibling()
    };
    next.filter(|e| e.class_list().contains("request"))
}

pub(super) fn row_index(row: &Element) -> Option<usize> {
    row.get_attribute("data-index")?.parse().ok()
}
