//! stancegraph: who accuses, rebuts, demands of, threatens, supports or
//! attacks whom in news articles, as directed actor graphs with evidence.
//!
//! Pipeline: [`ingest`] (files to clean [`model::Article`]s) -> [`text`]
//! (sentences, tokens) -> [`extract`] (mentions, cues, relations with
//! evidence) -> graph -> export, plus compare and [`eval`]. The library never
//! prints; the `stancegraph` binary parses arguments and reports.

pub mod export;
pub mod fsutil;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod stream;

pub use model::*;

/// The tool's version, recorded in every output it writes.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

pub mod compare;
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod text;
