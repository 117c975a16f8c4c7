//! The wasm binding, exercised in headless Chromium by wasm-bindgen-test (`make test-wasm`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn ids(findings: &JsValue) -> Vec<String> {
    let arr = js_sys::Array::from(findings);
    arr.iter()
        .map(|f| js_sys::Reflect::get(&f, &"id".into()).unwrap().as_string().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn placeholder_bearer_is_flagged_through_the_binding() {
    let findings = authlens::wasm::analyze_authorization("Bearer undefined", 401).unwrap();
    assert!(ids(&findings).contains(&"token.placeholder".to_owned()));
}

#[wasm_bindgen_test]
fn well_formed_bearer_has_no_placeholder_finding() {
    let findings = authlens::wasm::analyze_authorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln", 200).unwrap();
    assert!(!ids(&findings).contains(&"token.placeholder".to_owned()));
}
