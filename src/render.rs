//! The one place a finding's detail sentence is written: from its message templates and typed
//! evidence, at display time (CLI, JSON, UI, exports), never by the rules.
//!
//! ```
//! use authlens::findings::FindingId;
//! use authlens::model::{msg, Evidence, Finding};
//! use authlens::redact::{Secret, Text};
//!
//! let f = Finding::new(
//!     FindingId::SchemeMismatch,
//!     msg("The request used the `{sent}` scheme, but the server asks for `{expected}`."),
//!     Evidence::field("request.header.Authorization")
//!         .with_fact("sent", Secret::new("ghp_16C7e42F292c6912E7710c838347Ae178B4a"))
//!         .with_fact("expected", Text::new("Bearer")),
//! );
//! assert_eq!(
//!     authlens::render::detail(&f),
//!     "The request used the `ghp_…8B4a (40 chars)` scheme, but the server asks for `Bearer`."
//! );
//! ```
//!
//! # The pattern for rules
//!
//! A rule never formats a sentence. It pushes
//! `finding(id, msg("… {name} …").arg("name", value), Evidence::field(..).with_fact(..))`:
//! templates are `&'static str` (they cannot contain input), and every value is a
//! [`crate::model::Value`]: numbers, `&'static str` engine vocabulary, or input wrapped in
//! [`crate::redact::Text`] (names, schemes, URLs, server text: escaped, bounded, key-like runs
//! redacted; a `String` converts to it) or [`crate::redact::Secret`] (a credential: redacted).
//! A placeholder with no `.arg` is filled from the evidence fact of the same name.

use serde::Serialize;

use crate::model::{Evidence, Fact, Finding, Message};

impl Finding {
    /// The explanation, in plain sentences, rendered from the evidence (redacted).
    pub fn detail(&self) -> String {
        detail(self)
    }
}

/// A finding's JSON form: its documentation's title, fix and references, and its detail rendered
/// here, at output time.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("id", &self.id)?;
        st.serialize_field("severity", &self.severity)?;
        st.serialize_field("title", self.title())?;
        st.serialize_field("detail", &self.detail())?;
        st.serialize_field("fix", self.fix())?;
        st.serialize_field("evidence", &self.evidence)?;
        st.serialize_field("references", self.references())?;
        st.end()
    }
}

/// The finding's explanation, in plain sentences, with every input-derived value redacted.
pub fn detail(f: &Finding) -> String {
    message(&f.message, &f.evidence)
}

/// Renders `m`, filling placeholders from its arguments, then from `evidence`'s facts.
pub fn message(m: &Message, evidence: &Evidence) -> String {
    let mut out = String::new();
    for template in &m.templates {
        fill(&mut out, template, &m.args, &evidence.facts);
    }
    out
}

fn fill(out: &mut String, template: &str, args: &[Fact], facts: &[Fact]) {
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let Some(end) = tail.find('}').filter(|_| tail.starts_with('{')) else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..end];
        match args.iter().chain(facts).find(|f| f.name == name) {
            Some(f) => out.push_str(&f.value.shown()),
            None => {
                debug_assert!(false, "no value for `{{{name}}}` in {template:?}");
                out.push_str(&tail[..=end]);
            }
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::msg;

    #[test]
    fn placeholders_braces_and_facts() {
        let ev = Evidence::field("x").with_fact("n", 3usize);
        let m = msg("{{a}} {n} and {w}.")
            .arg("w", "word")
            .then(" {t}")
            .arg("t", String::from("a\x1bb"));
        assert_eq!(message(&m, &ev), "{a} 3 and word. a\\x1bb");
    }
}
