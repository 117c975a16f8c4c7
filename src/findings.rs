//! Stable finding ids and their reference documentation: the names a user greps for, links to,
//! and suppresses, each declared once (in `src/findings/ids.rs`) with what it flags, why it
//! matters, an example, the fix and references.
//!
//! ```
//! use authlens::findings::{doc, FindingId, Severity};
//! assert_eq!(FindingId::TokenPlaceholder.as_str(), "token.placeholder");
//! assert_eq!("jwt.expired".parse::<FindingId>(), Ok(FindingId::JwtExpired));
//! assert_eq!(doc(FindingId::JwtExpired).severity, Severity::Error);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares [`FindingId`] (variants, [`FindingId::ALL`], [`FindingId::as_str`]) and the table
/// [`doc`] reads, from one block per id: `Variant = "dotted.id" { severity, title, flags, why,
/// example, fix, references }`. The order of the blocks is the reference order.
macro_rules! declare_findings {
    ($( $variant:ident = $name:literal {
        severity: $severity:ident, title: $title:literal,
        flags: $flags:expr,
        why: $why:expr,
        example: $example:expr,
        fix: $fix:expr,
        references: $references:expr $(,)?
    }, )*) => {
        /// Every finding the engine can report. The dotted string is the stable public name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum FindingId {
            $( #[doc = concat!("`", $name, "`: ", $title, ".")] $variant, )*
        }

        impl FindingId {
            /// Every id, in reference order.
            pub const ALL: &'static [FindingId] = &[$(FindingId::$variant),*];

            /// The stable dotted id, e.g. `token.placeholder`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingId::$variant => $name,)*
                }
            }
        }

        /// What a finding shows of its documentation (title, severity, fix, references), indexed
        /// by the id's position in [`FindingId::ALL`].
        pub(super) static SUMMARIES: &[super::FindingSummary] = &[$(
            super::FindingSummary {
                id: FindingId::$variant,
                severity: $severity,
                title: $title,
                fix: $fix,
                references: $references,
            },
        )*];

        /// The rest of the reference text (flags, why, example), in the same order. A separate
        /// table so that code reading only [`summary`] (the wasm) does not carry it.
        pub(super) static PROSE: &[super::FindingProse] = &[$(
            super::FindingProse {
                flags: $flags,
                why: $why,
                example: $example,
            },
        )*];
    };
}

mod ids;
pub use ids::FindingId;

/// How sure and how serious a finding is; orders worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Certainly the cause of the failure (or certainly wrong).
    Error,
    /// Probably a problem; worth checking.
    Warning,
    /// Worth knowing; not a problem by itself.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returned by `"...".parse::<FindingId>()` when the text names no finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFindingId(pub String);

impl fmt::Display for UnknownFindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown finding id `{}`", self.0)
    }
}

impl std::error::Error for UnknownFindingId {}

impl FromStr for FindingId {
    type Err = UnknownFindingId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FindingId::ALL
            .iter()
            .copied()
            .find(|id| id.as_str() == s)
            .ok_or_else(|| UnknownFindingId(s.to_owned()))
    }
}

impl Serialize for FindingId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FindingId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for id in FindingId::ALL {
            assert!(seen.insert(id.as_str()), "duplicate {id}");
            assert_eq!(id.as_str().parse::<FindingId>().unwrap(), *id);
        }
        assert_eq!(FindingId::ALL.len(), 86);
        for (i, id) in FindingId::ALL.iter().enumerate() {
            assert_eq!(*id as usize, i);
            assert_eq!(doc(*id).id, *id);
        }
    }
}

/// The reference documentation of one finding id: what it flags, why it matters, an example, the
/// fix and where to read more. Rules take their title, default severity, fix and references from
/// the same declarations ([`summary`]), so the reference page and the findings a user sees never
/// disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FindingDoc {
    /// The finding id documented.
    pub id: FindingId,
    /// The severity the rules report it with, unless a rule says otherwise in its detail.
    pub severity: Severity,
    /// Short title, also used as the finding's title.
    pub title: &'static str,
    /// What the rule flags, and the exact signal it looks at.
    pub flags: &'static str,
    /// Why it causes (or hides) a 401/403, or why it is dangerous.
    pub why: &'static str,
    /// A small example of the problem (fake values; never a real key).
    pub example: &'static str,
    /// The concrete fix.
    pub fix: &'static str,
    /// RFC sections, specs and provider documentation (addresses only; nothing is fetched).
    pub references: &'static [&'static str],
}

/// The part of a finding's documentation that every displayed finding uses: what
/// [`crate::model::Finding`] reads for its title, default severity, fix and references. The
/// longer reference text (flags, why, example) is only in [`doc`], `docs/findings.md` and
/// `findings.json` (the wasm does not carry it; the page links to the reference instead).
///
/// ```
/// use authlens::findings::{summary, FindingId, Severity};
/// assert_eq!(summary(FindingId::JwtExpired).severity, Severity::Error);
/// assert_eq!(summary(FindingId::JwtExpired).title, authlens::findings::doc(FindingId::JwtExpired).title);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FindingSummary {
    /// The finding id documented.
    pub id: FindingId,
    /// The severity the rules report it with, unless a rule says otherwise in its detail.
    pub severity: Severity,
    /// Short title, also used as the finding's title.
    pub title: &'static str,
    /// The concrete fix.
    pub fix: &'static str,
    /// RFC sections, specs and provider documentation (addresses only; nothing is fetched).
    pub references: &'static [&'static str],
}

/// The reference text [`FindingSummary`] leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FindingProse {
    flags: &'static str,
    why: &'static str,
    example: &'static str,
}

/// The title, severity, fix and references of `id`.
pub fn summary(id: FindingId) -> &'static FindingSummary {
    &ids::SUMMARIES[id as usize]
}

/// The reference documentation of `id` (every id has one: the table is built from the same
/// declarations as the enum).
///
/// ```
/// use authlens::findings::{doc, FindingId};
/// let d = doc(FindingId::JwtExpired);
/// assert_eq!(d.id, FindingId::JwtExpired);
/// assert!(d.references.iter().any(|r| r.contains("rfc7519")));
/// ```
pub fn doc(id: FindingId) -> FindingDoc {
    let s = summary(id);
    let p = &ids::PROSE[id as usize];
    FindingDoc {
        id: s.id,
        severity: s.severity,
        title: s.title,
        flags: p.flags,
        why: p.why,
        example: p.example,
        fix: s.fix,
        references: s.references,
    }
}

/// `findings.json`, shipped next to the wasm: every id's [`FindingDoc`] in reference order, for a
/// caller that shows the reference text (the wasm's `describe` returns only the [`summary`]).
///
/// ```
/// let json: serde_json::Value = serde_json::from_str(&authlens::findings::reference_json()).unwrap();
/// assert_eq!(json[0]["id"], "credential.missing");
/// assert!(json[0]["why"].as_str().unwrap().contains("401"));
/// ```
pub fn reference_json() -> String {
    let all: Vec<FindingDoc> = FindingId::ALL.iter().map(|&id| doc(id)).collect();
    let mut text = serde_json::to_string_pretty(&all).unwrap_or_default();
    text.push('\n');
    text
}

/// The reference page `docs/findings.md`: every id with an anchor named after it (the UI links to
/// `findings.md#<id>`).
///
/// ```
/// let page = authlens::findings::reference_markdown();
/// assert!(page.contains("<a id=\"token.placeholder\"></a>"));
/// ```
pub fn reference_markdown() -> String {
    let mut page = String::with_capacity(64 * 1024);
    page.push_str("# authlens finding reference\n\n");
    page.push_str("<!-- Generated by `findings::reference_markdown()`; do not edit. Regenerate with `AUTHLENS_BLESS=1 cargo test --test tests finding_docs::`. -->\n\n");
    page.push_str("A 401 means \"I don't know who you are\"; a 403 means \"I know who you are, and no\". Each finding below says what it flags, why it matters, an example, the fix and where to read more. Ids are stable.\n\n");
    let mut group = "";
    for &id in FindingId::ALL {
        let prefix = id.as_str().split('.').next().unwrap_or("");
        if prefix != group {
            group = prefix;
            page.push_str(&format!("- **{group}**: "));
            let members: Vec<String> = FindingId::ALL
                .iter()
                .filter(|m| m.as_str().split('.').next() == Some(group))
                .map(|m| format!("[`{m}`](#{m})"))
                .collect();
            page.push_str(&members.join(", "));
            page.push('\n');
        }
    }
    for &id in FindingId::ALL {
        let d = doc(id);
        page.push_str(&format!(
            "\n<a id=\"{id}\"></a>\n## `{id}`: {}\n\n",
            d.title
        ));
        page.push_str(&format!("Severity: **{}**\n\n", d.severity.as_str()));
        page.push_str(&format!("**What it flags.** {}\n\n", d.flags));
        page.push_str(&format!("**Why it matters.** {}\n\n", d.why));
        page.push_str(&format!("**Example.**\n\n```text\n{}\n```\n\n", d.example));
        page.push_str(&format!("**Fix.** {}\n\n", d.fix));
        page.push_str("**References.**\n\n");
        for r in d.references {
            page.push_str(&format!("- <{r}>\n"));
        }
    }
    page
}
