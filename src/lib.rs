//! stancegraph: who accuses, rebuts, demands of, threatens, supports or
//! attacks whom in news articles, as directed actor graphs with evidence.
//!
//! Pipeline: [`ingest`] (files to clean [`model::Article`]s) -> [`text`]
//! (sentences, tokens) -> [`extract`] (mentions, cues, relations with
//! evidence) -> graph -> export, plus compare and [`eval`]. The library never
//! prints; the `stancegraph` binary parses arguments and reports.
//!
//! # Relations from a string
//!
//! Parse a text (plain, HTML, Markdown with front matter: the format is
//! recognised), extract with the shipped lexicons, read each edge with its
//! evidence:
//!
//! ```
//! use stancegraph::{extract::Engine, ingest, lexicon::Lexicon, Relation};
//!
//! let text = "Latvia accused Russia of sabotage near the port.";
//! let opts = ingest::IngestOptions::default();
//! let article = ingest::parse_bytes(text.as_bytes(), "note.txt", "note", &opts)?;
//! let engine = Engine::new(Lexicon::shipped()?);
//! let found = engine.extract(&article);
//! let edge = &found.relations[0];
//! assert_eq!((edge.source.as_str(), edge.relation, edge.target.as_str()),
//!            ("latvia", Relation::Accuse, "russia"));
//! println!("{} ({}, rule {}): {}", edge.cue, edge.confidence, edge.rule, edge.sentence);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # A graph and its files
//!
//! [`graph::build`] folds mentions into a directed multigraph (petgraph),
//! and [`export`] writes it as DOT, networkx JSON, CSV, GEXF, GraphML or SVG:
//!
//! ```
//! use stancegraph::{export, extract::Engine, graph, ingest, lexicon::Lexicon};
//!
//! let text = "外交部发言人表示，中方坚决反对美方的无端指责。\n\nThe EU urged China to release the activists.";
//! let article = ingest::parse_bytes(text.as_bytes(), "mixed.txt", "mixed", &Default::default())?;
//! let engine = Engine::new(Lexicon::shipped()?);
//! let mentions = engine.extract(&article).relations;
//! let g = graph::build(&mentions, engine.lexicon(), &graph::GraphOptions::default());
//! let dot = export::dot::to_dot(&g);
//! assert!(dot.starts_with("digraph"));
//! let json = export::json::to_json(&g); // networkx.node_link_graph(data, edges="edges")
//! assert!(json.contains("\"relation\": \"demand\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod export;
pub mod fsutil;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod pipeline;
pub mod report;
pub mod stream;

pub use model::*;

// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The tool's version, recorded in every output it writes.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

pub mod compare;
pub mod eval;
pub mod extract;
pub mod lexicon;
pub mod text;
