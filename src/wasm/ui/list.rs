//! The request list, the toolbar counts and the session findings.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::live::{drawn_range, plural, scroll_to_show, Filter, Stored};
use crate::model::Severity;
use crate::rules::http::UrlParts;

use super::detail;
use super::dom::{self, attrs, Res};
use super::App;

/// Rows drawn above and below the viewport: a short list is drawn whole, and scrolling by a
/// screen or two never shows an undrawn row before the scroll event draws it.
const OVERSCAN_ROWS: usize = 50;
/// The most px of list any screen shows: a list taller than its window (an unbounded `vh`, as
/// in a headless DevTools window 40,000 px tall) still draws a bounded number of rows.
const MAX_VIEWPORT_PX: f64 = 4096.0;
/// A row's height until one is measured (a hidden panel measures 0).
const FALLBACK_ROW_PX: f64 = 26.0;

fn severity_name(s: Option<Severity>) -> &'static str {
    s.map_or("none", Severity::as_str)
}

impl App {
    /// The list's filter, from the toolbar's controls.
    pub(super) fn filter(&self) -> Filter {
        Filter::new(self.els.filter.value() != "all", &self.els.search.value())
    }

    /// Lists a request that just arrived (drawn by the next [`App::draw_rows`]).
    pub(super) fn list_request(&self, s: &Stored) {
        self.listed.borrow_mut().push(s.report.index);
    }

    /// Draws the row of a kept request whose findings changed after it was listed (a later
    /// request revised them): in place, or removed when the filter no longer lists it. A row
    /// the filter now lists but the list lacks means the whole list is redrawn (rare: revisions
    /// retract findings, which only takes rows out of the "auth" filter).
    pub(super) fn redraw_row(&self, s: &Stored) -> Res {
        let index = s.report.index;
        let passes = self.filter().passes(s);
        let listed = self.listed.borrow().position(index).is_some();
        match (self.row(index), passes) {
            (Some(old), true) => {
                let new = self.row_element(s)?;
                // Where it is among the listed rows did not change (`draw_rows` set it).
                for name in ["aria-posinset", "aria-setsize"] {
                    if let Some(value) = old.get_attribute(name) {
                        new.set_attribute(name, &value)?;
                    }
                }
                let new: web_sys::Node = new.into();
                old.replace_with_with_node_1(&new)
            }
            (Some(old), false) => {
                old.remove();
                self.listed.borrow_mut().remove(index);
                self.draw_rows()
            }
            (None, true) if !listed => {
                // Listed again in the middle: the drawn run would have a gap, so draw anew.
                self.listed.borrow_mut().push(index);
                dom::clear(&self.els.requests);
                self.draw_rows()
            }
            (None, false) if listed => {
                self.listed.borrow_mut().remove(index);
                self.draw_rows()
            }
            (None, _) => Ok(()),
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

    /// Stops listing request `index` (dropped from the store) and removes its row if drawn.
    pub(super) fn unlist_request(&self, index: usize) {
        if self.listed.borrow_mut().remove(index) == Some(0) {
            self.dropped_in_front.set(self.dropped_in_front.get() + 1);
        }
        self.remove_row(index);
    }

    /// Removes the row of request `index`, if it is drawn. Rows are drawn in index order and
    /// evictions take the oldest, so the row is the first one, or it is not drawn: past the
    /// store's bound every push evicts one, and a selector over every row each time was slow.
    fn remove_row(&self, index: usize) {
        let first = self.first_row();
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

    /// Lists what the filter passes anew and draws it.
    pub(super) fn render_list(&self) -> Res {
        dom::clear(&self.els.requests);
        let filter = self.filter();
        {
            let mut listed = self.listed.borrow_mut();
            listed.clear();
            for s in self.session.entries().filter(|s| filter.passes(s)) {
                listed.push(s.report.index);
            }
        }
        self.dropped_in_front.set(0);
        self.draw_rows()
    }

    /// How much of the list can be in view, in px.
    fn viewport_height(&self) -> f64 {
        let window = web_sys::window()
            .and_then(|w| w.inner_height().ok())
            .and_then(|h| h.as_f64())
            .filter(|h| *h > 0.0)
            .unwrap_or(MAX_VIEWPORT_PX);
        f64::from(self.els.requests.client_height())
            .min(window)
            .min(MAX_VIEWPORT_PX)
    }

    fn row_height(&self) -> f64 {
        let known = self.row_height.get();
        if known > 0.0 {
            return known;
        }
        let measured = self
            .first_row()
            .and_then(|r| r.dyn_into::<HtmlElement>().ok())
            .map_or(0.0, |r| f64::from(r.offset_height()));
        if measured > 0.0 {
            self.row_height.set(measured);
            measured
        } else {
            FALLBACK_ROW_PX
        }
    }

    /// The list's two spacers (created when missing): before and after the drawn rows, they
    /// stand for the rows not drawn, so the scroll bar keeps its length. They are inside the
    /// scrolled content (the list's padding would be outside its `max-height`).
    fn spacers(&self) -> Res<(Element, Element)> {
        let list = &self.els.requests;
        let is_spacer = |e: &Option<Element>| {
            e.as_ref()
                .is_some_and(|e| e.class_list().contains("spacer"))
        };
        let (first, last) = (list.first_element_child(), list.last_element_child());
        if let (true, true, Some(top), Some(bottom)) = (
            is_spacer(&first),
            is_spacer(&last),
            first.clone(),
            last.clone(),
        ) {
            if top != bottom {
                return Ok((top, bottom));
            }
        }
        dom::clear(list);
        let spacer = || -> Res<Element> {
            let e = self.dom.add(list, "li", "spacer")?;
            attrs(&e, &[("role", "presentation"), ("aria-hidden", "true")])?;
            Ok(e)
        };
        Ok((spacer()?, spacer()?))
    }

    /// The first drawn row (after the top spacer).
    fn first_row(&self) -> Option<Element> {
        self.els
            .requests
            .first_element_child()
            .and_then(|top| top.next_element_sibling())
            .filter(|e| e.class_list().contains("request"))
    }

    /// Draws the listed rows around the viewport (and no others): rows already drawn stay (a
    /// focused row keeps its focus), the ones scrolled out are removed, spacers stand in for
    /// the rest. Called once per batch of arrivals, on scroll, and after the list changes.
    pub(super) fn draw_rows(&self) -> Res {
        let list = &self.els.requests;
        let (top, bottom) = self.spacers()?;
        let listed = self.listed.borrow();
        let height = self.row_height();
        let mut scroll_top = f64::from(list.scroll_top());
        // Rows dropped from the front moved the rest up: keep the same requests in view (what
        // the browser's scroll anchoring did when every row was in the DOM).
        let dropped = self.dropped_in_front.replace(0);
        if dropped > 0 && scroll_top > 0.0 {
            scroll_top = (scroll_top - dropped as f64 * height).max(0.0);
            list.set_scroll_top(scroll_top as i32);
        }
        let range = drawn_range(
            scroll_top,
            self.viewport_height(),
            height,
            listed.len(),
            OVERSCAN_ROWS,
        );
        let position_of = |row: Option<Element>| {
            row.filter(|r| r.class_list().contains("request"))
                .as_ref()
                .and_then(row_index)
                .and_then(|i| listed.position(i))
        };
        let rows_drawn = (list.child_element_count() as usize).saturating_sub(2);
        let drawn = match (
            position_of(top.next_element_sibling()),
            position_of(bottom.previous_element_sibling()),
        ) {
            (Some(a), Some(b))
                if b >= a && b - a + 1 == rows_drawn && a < range.end && b >= range.start =>
            {
                Some(a..b + 1)
            }
            _ => None,
        };
        let (mut first, mut end) = match drawn {
            Some(r) => (r.start, r.end),
            None => {
                while let Some(row) = top.next_element_sibling().filter(|e| *e != bottom) {
                    row.remove();
                }
                (range.start, range.start)
            }
        };
        while first < range.start {
            if let Some(row) = self.first_row() {
                row.remove();
            }
            first += 1;
        }
        while end > range.end.max(first) {
            if let Some(row) = bottom.previous_element_sibling().filter(|e| *e != top) {
                row.remove();
            }
            end -= 1;
        }
        let before = top.next_element_sibling();
        for index in listed.slice(range.start..first) {
            if let Some(s) = self.session.get(index) {
                let row: web_sys::Node = self.row_element(s)?.into();
                list.insert_before(&row, before.as_ref().map(|e| e.as_ref()))?;
            }
        }
        for index in listed.slice(end..range.end) {
            if let Some(s) = self.session.get(index) {
                let row: web_sys::Node = self.row_element(s)?.into();
                list.insert_before(&row, Some(bottom.as_ref()))?;
            }
        }
        // Positions shift as rows arrive and leave: every drawn row says where it is.
        let size = listed.len().to_string();
        let mut row = self.first_row();
        let mut pos = range.start;
        while let Some(r) = row {
            pos += 1;
            attrs(
                &r,
                &[("aria-posinset", &pos.to_string()), ("aria-setsize", &size)],
            )?;
            row = r.next_element_sibling().filter(|e| *e != bottom);
        }
        // Through the CSSOM: a page's CSP may refuse `style` attributes, never this.
        for (spacer, rows) in [(&top, range.start), (&bottom, listed.len() - range.end)] {
            if let Some(el) = spacer.dyn_ref::<HtmlElement>() {
                el.style()
                    .set_property("height", &format!("{}px", rows as f64 * height))?;
            }
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
        if focus {
            let pos = self.listed.borrow().position(index);
            let list = &self.els.requests;
            if let Some(top) = pos.and_then(|p| {
                scroll_to_show(
                    p,
                    f64::from(list.scroll_top()),
                    self.viewport_height(),
                    self.row_height(),
                )
            }) {
                list.set_scroll_top(top as i32);
            }
            self.draw_rows()?;
        }
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

pub(super) fn row_index(row: &Element) -> Option<usize> {
    row.get_attribute("data-index")?.parse().ok()
}
