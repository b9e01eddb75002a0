//! networkx node-link JSON (`graph.json`): writer and reader.
//!
//! The file loads in Python with
//! `networkx.node_link_graph(data, edges="edges")` as a `MultiDiGraph` whose
//! edge keys are relation names:
//!
//! ```json
//! {"directed": true, "multigraph": true,
//!  "graph": {"tool": "stancegraph", "version": "…", "level": "actor", …},
//!  "nodes": [{"id", "label_zh", "label_en", "kind", "parent", "country"}],
//!  "edges": [{"source", "target", "key", "relation", "weight", "articles",
//!             "outlets", "first_date", "last_date",
//!             "evidence": [{"doc", "sentence", "cue", "rule", "span"}]}]}
//! ```
//!
//! [`read_graph`] reads it back into an [`ActorGraph`] (for `render` and for
//! merging shards); unknown fields are ignored.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::ExportError;
use crate::graph::{ActorGraph, Articles, EdgeData, Evidence, GraphAttrs};
use crate::model::{ActorInfo, Relation};

#[derive(Serialize, Deserialize)]
struct NodeLink {
    directed: bool,
    multigraph: bool,
    graph: GraphAttrs,
    nodes: Vec<JsonNode>,
    edges: Vec<JsonEdge>,
}

#[derive(Serialize, Deserialize)]
struct JsonNode {
    id: String,
    label_zh: String,
    label_en: String,
    kind: String,
    parent: Option<String>,
    country: String,
}

#[derive(Serialize, Deserialize)]
struct JsonEdge {
    source: String,
    target: String,
    key: Relation,
    relation: Relation,
    weight: u32,
    articles: Articles,
    outlets: Vec<String>,
    first_date: Option<String>,
    last_date: Option<String>,
    evidence: Vec<Evidence>,
}

// Borrowing twins of the structs above, for writing without copying the
// graph (same fields, same order, so the same text).
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
        if e.key != e.relation {
            return Err(format!(
                "edge {:?} -> {:?}: key {} differs from relation {}",
                e.source, e.target, e.key, e.relation
            ));
        }
        edges.push((
            e.source,
            e.target,
            EdgeData {
                relation: e.relation,
                weight: e.weight,
                articles: e.articles,
                outlets: e.outlets,
                first_date: e.first_date,
                last_date: e.last_date,
                evidence: e.evidence,
            },
        ));
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
