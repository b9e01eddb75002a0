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
#[doc(hidden)]
pub mod prof {
    use std::sync::atomic::{AtomicU64, Ordering};
    pub static T: [AtomicU64; 12] = [const { AtomicU64::new(0) }; 12];
    pub struct G(pub usize, pub std::time::Instant);
    impl Drop for G { fn drop(&mut self) { T[self.0].fetch_add(self.1.elapsed().as_nanos() as u64, Ordering::Relaxed); } }
    pub fn g(i: usize) -> G { G(i, std::time::Instant::now()) }
    pub fn dump() -> String { T.iter().enumerate().map(|(i,t)| format!("{i}:{:.3} ", t.load(Ordering::Relaxed) as f64/1e9)).collect() }
}
