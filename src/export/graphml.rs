//! GraphML (`graph.graphml`) with every key declared.
//!
//! Graph keys: `tool`, `version`, `level`, `relations`, `min_weight`,
//! `inputs`, `mentions`, `self_loops_dropped`. Node keys: `label` (the
//! display label, as Gephi and networkx expect), `label_zh`, `label_en`,
//! `kind`, `parent`, `country`. Edge keys: `key` and `relation`
//! (the relation name; `networkx.read_graphml` uses `key` as the edge key
//! of parallel edges), `weight` (mentions), `articles`, `outlets`,
//! `first_date`, `last_date`, `evidence_count`. All text is XML-escaped and
//! characters illegal in XML 1.0 are dropped.

use std::fmt::Write as _;

use super::xml::{escape, node_label, node_values, NODE_ATTRS};
use crate::graph::ActorGraph;

const GRAPH_KEYS: [(&str, &str); 8] = [
    ("tool", "string"),
    ("version", "string"),
    ("level", "string"),
    ("relations", "string"),
    ("min_weight", "int"),
    ("inputs", "string"),
    ("mentions", "long"),
    ("self_loops_dropped", "long"),
];
const EDGE_KEYS: [(&str, &str); 9] = [
    ("key", "string"),
    ("relation", "string"),
    ("weight", "int"),
    ("articles", "string"),
    ("outlets", "string"),
    ("first_date", "string"),
    ("last_date", "string"),
    ("evidence_count", "int"),
    ("label", "string"),
];

fn data(s: &mut String, indent: &str, key: &str, value: &str) {
    let _ = writeln!(s, "{indent}<data key=\"{key}\">{}</data>", escape(value));
}

/// The GraphML text of `graph`.
pub fn to_graphml(graph: &ActorGraph) -> String {
    let mut out = Vec::new();
    write_graphml(graph, &mut out).expect("writing into memory");
    String::from_utf8(out).expect("GraphML is UTF-8")
}

/// Writes the GraphML text of `graph` to `w`, a chunk at a time.
pub fn write_graphml(graph: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let a = &graph.attrs;
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (name, ty) in GRAPH_KEYS {
        let _ = writeln!(
            s,
            "  <key id=\"g_{name}\" for=\"graph\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    s.push_str("  <key id=\"n_label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n");
    for name in NODE_ATTRS {
        let _ = writeln!(
            s,
            "  <key id=\"n_{name}\" for=\"node\" attr.name=\"{name}\" attr.type=\"string\"/>"
        );
    }
    for (name, ty) in EDGE_KEYS {
        let _ = writeln!(
            s,
            "  <key id=\"e_{name}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    s.push_str("  <graph id=\"stancegraph\" edgedefault=\"directed\">\n");
    let relations = match &a.relations {
        None => "all".to_string(),
        Some(rs) => rs.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","),
    };
    let graph_values = [
        a.tool.clone(),
        a.version.clone(),
        a.level.to_string(),
        relations,
        a.min_weight.to_string(),
        a.inputs.join(";"),
        a.mentions.to_string(),
        a.self_loops_dropped.to_string(),
    ];
    for ((name, _), v) in GRAPH_KEYS.iter().zip(graph_values) {
        data(&mut s, "    ", &format!("g_{name}"), &v);
    }
    for n in graph.nodes() {
        let _ = writeln!(s, "    <node id=\"{}\">", escape(&n.id));
        data(&mut s, "      ", "n_label", &node_label(n));
        let values = node_values(n);
        // Absent values (no parent) are left out, as GraphML allows.
        for (name, v) in NODE_ATTRS.iter().zip(values) {
            if let Some(v) = v {
                data(&mut s, "      ", &format!("n_{name}"), v);
            }
        }
        s.push_str("    </node>\n");
    }
    for (src, tgt, e) in graph.edges() {
        let _ = writeln!(
            s,
            "    <edge source=\"{}\" target=\"{}\">",
            escape(&src.id),
            escape(&tgt.id)
        );
        let rel = e.relation.as_str().to_string();
        let values = [
            Some(rel.clone()),
            Some(rel.clone()),
            Some(e.weight.to_string()),
            Some(e.articles.join(";")),
            Some(e.outlets.join(";")),
            e.first_date.clone(),
            e.last_date.clone(),
            Some(e.evidence.len().to_string()),
            Some(format!("{rel} ({})", e.weight)),
        ];
        for ((name, _), v) in EDGE_KEYS.iter().zip(values) {
            if let Some(v) = v {
                data(&mut s, "      ", &format!("e_{name}"), &v);
            }
        }
        s.push_str("    </edge>\n");
        super::flush_chunk(&mut s, w)?;
    }
    s.push_str("  </graph>\n</graphml>\n");
    w.write_all(s.as_bytes())
}
