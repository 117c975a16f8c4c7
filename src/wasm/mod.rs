//! The wasm binding: converts JS values, calls the core, holds no analysis logic.

use wasm_bindgen::prelude::*;

use crate::model::Exchange;
use crate::rules::{analyze_exchange, AnalysisOptions};

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Analyses one `Authorization` header value and returns the findings as JS objects.
#[wasm_bindgen(js_name = analyzeAuthorization)]
pub fn analyze_authorization(value: &str, status: u16) -> Result<JsValue, JsValue> {
    let ex = Exchange::new("GET", "").with_request_header("Authorization", value).with_status(status);
    let findings = analyze_exchange(&ex, &AnalysisOptions::default());
    serde_wasm_bindgen::to_value(&findings).map_err(|e| JsValue::from_str(&e.to_string()))
}
