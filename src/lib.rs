//! authlens explains why an HTTP request got a 401, from the request's headers, bytes and timing.
//!
//! ```
//! use authlens::model::Exchange;
//! use authlens::rules::{analyze_exchange, AnalysisOptions};
//!
//! let ex = Exchange::new("GET", "https://api.example.com/v1/me")
//!     .with_request_header("Authorization", "Bearer undefined")
//!     .with_status(401);
//! let findings = analyze_exchange(&ex, &AnalysisOptions::default());
//! assert!(findings.iter().any(|f| f.id.as_str() == "token.placeholder"));
//! ```
//!
//! The core is pure Rust: no browser API is imported outside `wasm` (built only for wasm32).

#![warn(missing_docs)]

pub mod bytes;
pub mod card;
pub mod ci;
pub mod findings;
pub mod har;
pub mod har_redact;
pub mod http;
pub mod input;
pub mod live;
pub mod model;
pub mod parse;
pub mod providers;
pub mod redact;
pub mod render;
pub mod report;
pub mod rules;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
