//! The panel's delivery bookkeeping for JS: [`crate::live::Reconciler`] over the raw HAR entries
//! `onRequestFinished` and `getHAR` give (only the fields that identify an entry are read).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::live::{HarSeen, PageLoad, Reconciler};

fn field(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `[url, startMs, endMs, sentMs or null]`, as the panel reads the page's resource timing.
fn page_load(item: &JsValue) -> Option<PageLoad> {
    let a = item.dyn_ref::<js_sys::Array>()?;
    let url = a.get(0).as_string()?;
    let load = PageLoad::new(&url, a.get(1).as_f64()?, a.get(2).as_f64()?);
    Some(match a.get(3).as_f64() {
        Some(sent) => load.sent_at(sent),
        None => load,
    })
}

fn seen(entry: &JsValue) -> HarSeen {
    let request = field(entry, "request");
    let text = |v: JsValue| v.as_string().unwrap_or_default();
    HarSeen::new(
        &text(field(entry, "startedDateTime")),
        &text(field(&request, "method")),
        &text(field(&request, "url")),
        field(entry, "time").as_f64(),
    )
}

/// Which DevTools network entries the panel has shown, from either API.
#[wasm_bindgen]
#[derive(Default)]
pub struct Deliveries {
    inner: Reconciler,
}

#[wasm_bindgen]
impl Deliveries {
    /// Nothing shown yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Deliveries {
        Deliveries::default()
    }

    /// `onRequestFinished` delivered `entry`: whether to show it.
    pub fn delivered(&mut self, entry: &JsValue) -> bool {
        self.inner.delivered(&seen(entry).id)
    }

    /// `getHAR` answered `entries`: the indexes of the entries to show now (see
    /// [`Reconciler::reconcile`]; `settleMs` 0 at panel load).
    pub fn reconcile(&mut self, entries: &js_sys::Array, now_ms: f64, settle_ms: f64) -> Vec<u32> {
        let list: Vec<HarSeen> = entries.iter().map(|e| seen(&e)).collect();
        self.inner
            .reconcile(&list, now_ms, settle_ms)
            .into_iter()
            .map(|i| i as u32)
            .collect()
    }

    /// Entries the last `reconcile` left for a later pass (still settling).
    pub fn held(&self) -> u32 {
        self.inner.held() as u32
    }

    /// The browser may have dropped entries between `fromMs` and `toMs` (see
    /// [`Reconciler::blind`]).
    pub fn blind(&mut self, from_ms: f64, to_ms: f64) {
        self.inner.blind(from_ms, to_ms);
    }

    /// `loads`: the inspected page's loads as `[url, startMs, endMs, sentMs|null]` (malformed
    /// items are skipped). Returns how many loads at risk were newly found missing (see
    /// [`Reconciler::witness`]).
    pub fn witness(&mut self, loads: &js_sys::Array, lag_ms: f64, slack_ms: f64) -> u32 {
        let list: Vec<PageLoad> = loads.iter().filter_map(|l| page_load(&l)).collect();
        self.inner.witness(&list, lag_ms, slack_ms) as u32
    }

    /// How many page loads at risk the list does not hold.
    #[wasm_bindgen(js_name = unaccountedCount)]
    pub fn unaccounted_count(&self) -> u32 {
        self.inner.unaccounted_count() as u32
    }

    /// The URLs of the most recent `max` of them, oldest first.
    #[wasm_bindgen(js_name = unaccountedUrls)]
    pub fn unaccounted_urls(&self, max: u32) -> js_sys::Array {
        let all: Vec<&PageLoad> = self.inner.unaccounted().collect();
        let from = all.len().saturating_sub(max as usize);
        all[from..]
            .iter()
            .map(|l| JsValue::from_str(&l.url))
            .collect()
    }

    /// Forgets them (the list was cleared).
    #[wasm_bindgen(js_name = clearUnaccounted)]
    pub fn clear_unaccounted(&mut self) {
        self.inner.clear_unaccounted();
    }
}
