//! networkx node-link JSON (`graph.json`): writer and reader.
//!
//! The file loads in Python with
//! `networkx.node_link_graph(data, edges="edges")` as a `MultiDiGraph` whose
//! edge keys are relation names:
//!
//! ```json
//! {"directed": true, "multigraph": true,
//!  "graph": {"tool": "stancegraph", "version": "…", "level": "actor", …},
//!  "nodes": [{"id", "label", "label_zh", "label_en", "kind", "parent", "country"}],
//!  "edges": [{"source", "target", "key", "relation", "weight", "articles",
//!             "outlets", "first_date", "last_date",
//!             "evidence": [{"doc", "sentence", "cue", "rule", "span", "confidence"}]}]}
//! ```
//!
//! [`read_graph`] reads it back into an [`ActorGraph`] (for `render` and for
//! merging shards); unknown fields are ignored.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ExportError;
use crate::graph::{ActorGraph, Articles, EdgeData, Evidence, GraphAttrs, Interner};
use crate::model::{ActorInfo, Relation};

#[derive(Deserialize)]
struct NodeLink {
    directed: bool,
    multigraph: bool,
    graph: GraphAttrs,
    nodes: Vec<JsonNode>,
    #[serde(deserialize_with = "edges_over_one_table")]
    edges: Vec<JsonEdge>,
}

#[derive(Deserialize)]
struct JsonNode {
    id: String,
    label_zh: String,
    label_en: String,
    kind: String,
    parent: Option<String>,
    country: String,
}

/// An edge read: its ends, its key and its data.
struct JsonEdge {
    source: String,
    target: String,
    key: Relation,
    data: EdgeData,
}

/// An edge as it is read, its article ids borrowed from the text where
/// they hold no escape.
#[derive(Deserialize)]
struct JsonEdgeIn<'a> {
    source: String,
    target: String,
    key: Relation,
    relation: Relation,
    weight: u32,
    #[serde(borrow)]
    articles: Vec<Id<'a>>,
    outlets: Vec<String>,
    first_date: Option<String>,
    last_date: Option<String>,
    evidence: Vec<Evidence>,
}

#[derive(Deserialize)]
struct Id<'a>(#[serde(borrow)] std::borrow::Cow<'a, str>);

/// The edges, their article lists over one table of ids for the whole
/// graph, as the graph builder makes them: each id is stored once, and
/// an edge keeps indices (a graph of a 1 GB corpus lists 4.5 million
/// (edge, article) entries; as strings of their own they took three
/// times the file's size to read).
fn edges_over_one_table<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<JsonEdge>, D::Error> {
    struct Edges;
    impl<'de> serde::de::Visitor<'de> for Edges {
        type Value = Vec<JsonEdge>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of edges")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut ids = Interner::default();
            let mut edges = Vec::new();
            while let Some(e) = seq.next_element::<JsonEdgeIn<'de>>()? {
                let numbers: Vec<u32> = e.articles.iter().map(|id| ids.id(&id.0)).collect();
                let edge = JsonEdge {
                    source: e.source,
                    target: e.target,
                    key: e.key,
                    data: EdgeData {
                        relation: e.relation,
                        weight: e.weight,
                        articles: Articles::default(),
                        outlets: e.outlets,
                        first_date: e.first_date,
                        last_date: e.last_date,
                        evidence: e.evidence,
                    },
                };
                edges.push((edge, numbers));
            }
            let (table, remap) = ids.into_table();
            Ok(edges
                .into_iter()
                .map(|(mut e, numbers)| {
                    let idx = numbers.into_iter().map(|i| remap[i as usize]).collect();
                    e.data.articles = Articles::over(table.clone(), idx);
                    e
                })
                .collect())
        }
    }
    d.deserialize_seq(Edges)
}

// Borrowing twins of the structs read above (`JsonEdgeRef`: of
// `JsonEdgeIn`), for writing without copying the graph (same fields, same
// order, so the same text).
#[derive(Serialize)]
struct NodeLinkRef<'a> {
    directed: bool,
    multigraph: bool,
    graph: &'a GraphAttrs,
    nodes: Vec<JsonNodeRef<'a>>,
    edges: Vec<JsonEdgeRef<'a>>,
}

#[derive(Serialize)]
struct JsonNodeRef<'a> {
    id: &'a str,
    label: String,
    label_zh: &'a str,
    label_en: &'a str,
    kind: &'a str,
    parent: Option<&'a str>,
    country: &'a str,
}

#[derive(Serialize)]
struct JsonEdgeRef<'a> {
    source: &'a str,
    target: &'a str,
    key: Relation,
    relation: Relation,
    weight: u32,
    articles: &'a Articles,
    outlets: &'a [String],
    first_date: Option<&'a str>,
    last_date: Option<&'a str>,
    evidence: &'a [Evidence],
}

/// Writes the node-link JSON of `graph` (pretty-printed, ending in a
/// newline) to `w` as it goes.
pub fn write_json(graph: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let data = NodeLinkRef {
        directed: true,
        multigraph: true,
        graph: &graph.attrs,
        nodes: graph
            .nodes()
            .map(|n| JsonNodeRef {
                id: &n.id,
                label: super::xml::node_label(n),
                label_zh: &n.label_zh,
                label_en: &n.label_en,
                kind: &n.kind,
                parent: n.parent.as_deref(),
                country: &n.country,
            })
            .collect(),
        edges: graph
            .edges()
            .map(|(s, t, e)| JsonEdgeRef {
                source: &s.id,
                target: &t.id,
                key: e.relation,
                relation: e.relation,
                weight: e.weight,
                articles: &e.articles,
                outlets: &e.outlets,
                first_date: e.first_date.as_deref(),
                last_date: e.last_date.as_deref(),
                evidence: &e.evidence,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &data)?;
    w.write_all(b"\n")
}

/// The node-link JSON text of `graph` (pretty-printed, ending in a newline).
pub fn to_json(graph: &ActorGraph) -> String {
    let mut out = Vec::new();
    write_json(graph, &mut out).expect("graph serialises to JSON");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// Parses node-link JSON text (as written by [`to_json`]).
pub fn from_json(text: &str) -> Result<ActorGraph, String> {
    let data: NodeLink = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if !data.directed || !data.multigraph {
        return Err(
            "expected a directed multigraph (\"directed\": true, \"multigraph\": true)".into(),
        );
    }
    let nodes = data
        .nodes
        .into_iter()
        .map(|n| ActorInfo {
            id: n.id,
            label_zh: n.label_zh,
            label_en: n.label_en,
            kind: n.kind,
            parent: n.parent,
            country: n.country,
        })
        .collect();
    let mut edges = Vec::with_capacity(data.edges.len());
    for e in data.edges {
        if e.key != e.data.relation {
            return Err(format!(
                "edge {:?} -> {:?}: key {} differs from relation {}",
                e.source, e.target, e.key, e.data.relation
            ));
        }
        edges.push((e.source, e.target, e.data));
    }
    ActorGraph::from_parts(data.graph, nodes, edges).map_err(|e| e.to_string())
}

/// Reads a `graph.json` written by [`to_json`].
pub fn read_graph(path: &Path) -> Result<ActorGraph, ExportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ExportError::io(path, e))?;
    from_json(&text).map_err(|message| ExportError::Parse {
        path: path.to_path_buf(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, GraphOptions};
    use crate::model::{ActorCatalog, RelationMention};

    struct Generic;
    impl ActorCatalog for Generic {}

    fn mention(s: &str, t: &str, sentence: &str) -> RelationMention {
        RelationMention {
            doc: "d\"1".into(),
            outlet: "o".into(),
            date: None,
            source: s.into(),
            relation: Relation::Threaten,
            target: t.into(),
            cue: "威胁".into(),
            rule: "zh.threaten".into(),
            sentence: sentence.into(),
            span: [1, 2],
            confidence: 1.0,
        }
    }

    #[test]
    fn round_trips() {
        let g = build(
            &[
                mention("a", "b", "say \"hi\" \\ <script>\n</script> 😀"),
                mention("b", "a", "x"),
            ],
            &Generic,
            &GraphOptions::default(),
        )
        .with_inputs(["in.jsonl"]);
        let text = to_json(&g);
        assert!(text.contains("\"key\": \"threaten\""));
        assert!(text.contains("\"multigraph\": true"));
        let back = from_json(&text).unwrap();
        assert_eq!(back, g);
        assert_eq!(to_json(&back), text);
        // The edges read share one table of ids (the doc id has an escape,
        // so it is not borrowed from the text).
        let lists: Vec<&Articles> = back.edges().map(|(_, _, e)| &e.articles).collect();
        assert_eq!(lists.len(), 2);
        assert!(lists[0].shares_table(lists[1]));
        assert_eq!(*lists[0], ["d\"1"]);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(from_json("{").is_err());
        let g = build(
            &[mention("a", "b", "x")],
            &Generic,
            &GraphOptions::default(),
        );
        let text = to_json(&g).replace("\"key\": \"threaten\"", "\"key\": \"accuse\"");
        assert!(from_json(&text).unwrap_err().contains("key"));
        let text = to_json(&g).replace("\"target\": \"b\"", "\"target\": \"zz\"");
        assert!(from_json(&text).is_err());
    }
}
