//! The layering of the core, checked on the source: each module of `src/` uses only modules of
//! lower layers (so there is no import cycle), and nothing outside `src/wasm/` names the browser
//! crates. The README's "Architecture" section describes the same table.

use std::collections::BTreeMap;

/// Lowest first. A module may use modules of lower layers only; `wasm` and `bin` (the shells)
/// sit on top of everything.
const LAYERS: &[&[&str]] = &[
    &["text", "findings"],
    &["parse"],
    &["bytes", "http"],
    &["providers"],
    &["redact"],
    &["model"],
    &["render", "har"],
    &["input", "card"],
    &["rules"],
    &["har_redact"],
    &["ci", "report"],
    &["live"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The non-test, non-comment code of every file of the core, keyed by its top module.
fn sources() -> BTreeMap<String, Vec<(String, String)>> {
    let root = format!("{}/src", env!("CARGO_MANIFEST_DIR"));
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut stack = vec![std::path::PathBuf::from(&root)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let top = rel
                .split('/')
                .next()
                .unwrap()
                .trim_end_matches(".rs")
                .to_owned();
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests may reach anywhere; everything before them is the module's code.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let code: String = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            out.entry(top).or_default().push((rel, code));
        }
    }
    out
}

/// Every `crate::<module>` that `code` of `module` uses from its own or a higher layer.
fn upward_uses(module: &str, code: &str) -> Vec<String> {
    let own = layer_of(module);
    code.split("crate::")
        .skip(1)
        .map(|used| {
            used.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|target| !target.is_empty() && target != module)
        .filter(|target| match (layer_of(target), own) {
            (Some(l), Some(own)) => l >= own,
            _ => true,
        })
        .collect()
}

#[test]
fn every_module_uses_only_lower_layers() {
    let mut violations = Vec::new();
    for (module, files) in sources() {
        if module == "lib" || module == "wasm" || module == "bin" {
            continue;
        }
        if layer_of(&module).is_none() {
            violations.push(format!(
                "src/{module} is in no layer: add it to LAYERS (and to the README)"
            ));
            continue;
        }
        for (file, code) in files {
            for target in upward_uses(&module, &code) {
                violations.push(format!(
                    "src/{file} ({module}, layer {:?}) uses crate::{target} (layer {:?})",
                    layer_of(&module),
                    layer_of(&target)
                ));
            }
        }
    }
    violations.sort();
    violations.dedup();
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn only_src_wasm_names_the_browser_crates() {
    for (module, files) in sources() {
        if module == "wasm" {
            continue;
        }
        for (file, code) in files {
            for krate in [
                "wasm_bindgen",
                "web_sys",
                "js_sys",
                "gloo",
                "serde_wasm_bindgen",
            ] {
                assert!(
                    !code.contains(&format!("{krate}::"))
                        && !code.contains(&format!("use {krate}")),
                    "src/{file} names {krate}: browser code belongs in src/wasm"
                );
            }
        }
    }
}

/// The check itself: an upward or same-layer use is reported, a downward one is not.
#[test]
fn the_layer_check_sees_upward_and_sideways_uses() {
    assert_eq!(
        upward_uses(
            "model",
            "use crate::rules::analyze_exchange; use crate::redact::Text;"
        ),
        vec!["rules".to_owned()]
    );
    assert_eq!(
        upward_uses("render", "crate::har::read_har(x)"),
        vec!["har".to_owned()]
    );
    assert!(upward_uses("live", "crate::rules::x(); crate::model::Exchange").is_empty());
}
