//! The panel's delivery bookkeeping for JS: [`crate::live::Reconciler`] over the raw HAR entries
//! `onRequestFinished` and `getHAR` give (only the fields that identify an entry are read).

use wasm_bindgen::prelude::*;

use crate::live::{HarSeen, Reconciler};

fn field(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
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
}
