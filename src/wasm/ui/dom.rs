//! Small DOM helpers: every value from a page, a server or a paste goes in as a text node.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

pub(crate) type Res<T = ()> = Result<T, JsValue>;

/// Builds elements in one document.
#[derive(Clone)]
pub(crate) struct Dom {
    pub doc: Document,
}

impl Dom {
    pub fn current() -> Res<Dom> {
        let doc = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| JsValue::from_str("authlens: no document"))?;
        Ok(Dom { doc })
    }

    /// `<tag class="…">` (no class attribute when `class` is empty).
    pub fn el(&self, tag: &str, class: &str) -> Res<Element> {
        let e = self.doc.create_element(tag)?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        Ok(e)
    }

    /// Creates `<tag class>` and appends it to `parent`.
    pub fn add(&self, parent: &Element, tag: &str, class: &str) -> Res<Element> {
        let e = self.el(tag, class)?;
        parent.append_child(&e)?;
        Ok(e)
    }

    /// Creates `<tag class>text</tag>` (text as a text node) and appends it to `parent`.
    pub fn add_text(&self, parent: &Element, tag: &str, class: &str, text: &str) -> Res<Element> {
        let e = self.add(parent, tag, class)?;
        e.set_text_content(Some(text));
        Ok(e)
    }

    /// Appends `<tag class>` whose text renders the backtick code spans of a finding text as
    /// `<code>` elements (see [`crate::text::code_spans`]), all as text nodes.
    pub fn add_rich_text(
        &self,
        parent: &Element,
        tag: &str,
        class: &str,
        text: &str,
    ) -> Res<Element> {
        let e = self.add(parent, tag, class)?;
        self.rich_text(&e, text)?;
        Ok(e)
    }

    /// Appends `text` with its code spans as `<code>` elements.
    pub fn rich_text(&self, parent: &Element, text: &str) -> Res {
        for seg in crate::text::code_spans(text) {
            match seg {
                crate::text::Segment::Text(t) => self.text(parent, t)?,
                crate::text::Segment::Code(c) => {
                    self.add_text(parent, "code", "", c)?;
                }
            }
        }
        Ok(())
    }

    /// Appends a text node.
    pub fn text(&self, parent: &Element, text: &str) -> Res {
        parent.append_child(&self.doc.create_text_node(text))?;
        Ok(())
    }

    pub fn by_id(&self, id: &str) -> Option<Element> {
        self.doc.get_element_by_id(id)
    }

    /// The element with `id`, as type `T`.
    pub fn typed<T: JsCast>(&self, id: &str) -> Res<T> {
        self.by_id(id)
            .and_then(|e| e.dyn_into::<T>().ok())
            .ok_or_else(|| {
                JsValue::from_str(&format!("authlens: #{id} is missing or of the wrong type"))
            })
    }
}

/// Sets several attributes.
pub(crate) fn attrs(e: &Element, pairs: &[(&str, &str)]) -> Res {
    for (name, value) in pairs {
        e.set_attribute(name, value)?;
    }
    Ok(())
}

/// Removes every child.
pub(crate) fn clear(e: &Element) {
    e.set_text_content(None);
}

/// The closest ancestor-or-self of an event target matching `selector`.
pub(crate) fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<Element> {
    target?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}
