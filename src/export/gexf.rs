//! GEXF 1.3 (`graph.gexf`) for Gephi.
//!
//! A directed graph with declared node attributes (`label_zh`, `label_en`,
//! `kind`, `parent`, `country`) and edge attributes (`relation`, `articles`,
//! `outlets`, `first_date`, `last_date`, `evidence_count`, and
//! `networkx_key` = the relation, so `networkx.read_gexf` keys parallel
//! edges by relation). Edges carry `weight` (mentions), `label` and `kind`
//! (the relation; GEXF 1.3's way to tell parallel edges apart). Graph
//! attributes go into `<meta>`. Nodes and edges carry the SVG's look in
//! GEXF's viz module, so Gephi opens the graph in the same colours: a
//! node's `viz:color` is its country's fill and `viz:shape` follows its
//! kind (disc, square, diamond, triangle); an edge's `viz:color` is its
//! relation's colour, `viz:thickness` its pen width and `viz:shape` dashed
//! for demands. All text is XML-escaped and characters illegal in XML 1.0
//! are dropped.

use std::fmt::Write as _;

use super::dot::{country_fill, kind_shape, pen_width, relation_style};
use super::xml::{escape, node_label, node_values, rgb, NODE_ATTRS};
use crate::graph::ActorGraph;

const EDGE_ATTRS: [(&str, &str); 7] = [
    ("relation", "string"),
    ("articles", "string"),
    ("outlets", "string"),
    ("first_date", "string"),
    ("last_date", "string"),
    ("evidence_count", "integer"),
    ("networkx_key", "string"),
];

/// GEXF's node shape nearest to the SVG's shape for `kind`.
fn viz_node_shape(kind: &str) -> &'static str {
    match kind_shape(kind).0 {
        "box" | "box3d" | "note" => "square",
        "hexagon" | "octagon" => "diamond",
        "house" | "parallelogram" => "triangle",
        _ => "disc",
    }
}

/// The GEXF text of `graph`.
pub fn to_gexf(graph: &ActorGraph) -> String {
    let mut out = Vec::new();
    write_gexf(graph, &mut out).expect("writing into memory");
    String::from_utf8(out).expect("GEXF is UTF-8")
}

/// Writes the GEXF text of `graph` to `w`, a chunk at a time.
pub fn write_gexf(graph: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let a = &graph.attrs;
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n");
    let relations = match &a.relations {
        None => "all".to_string(),
        Some(rs) => rs.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","),
    };
    let description = format!(
        "actor graph; level={}; relations={}; min_weight={}; mentions={}; self_loops_dropped={}; inputs={}",
        a.level,
        relations,
        a.min_weight,
        a.mentions,
        a.self_loops_dropped,
        a.inputs.join(";")
    );
    let _ = writeln!(
        s,
        "  <meta>\n    <creator>{} {}</creator>\n    <description>{}</description>\n  </meta>",
        escape(&a.tool),
        escape(&a.version),
        escape(&description)
    );
    s.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
    s.push_str("    <attributes class=\"node\" mode=\"static\">\n");
    for name in NODE_ATTRS {
        let _ = writeln!(
            s,
            "      <attribute id=\"{name}\" title=\"{name}\" type=\"string\"/>"
        );
    }
    s.push_str("    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
    for (name, ty) in EDGE_ATTRS {
        let _ = writeln!(
            s,
            "      <attribute id=\"{name}\" title=\"{name}\" type=\"{ty}\"/>"
        );
    }
    s.push_str("    </attributes>\n    <nodes>\n");
    for n in graph.nodes() {
        let label = node_label(n);
        let _ = writeln!(
            s,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
            escape(&n.id),
            escape(&label)
        );
        let values = node_values(n);
        // Absent values (no parent) are left out.
        for (name, v) in NODE_ATTRS.iter().zip(values) {
            if let Some(v) = v {
                let _ = writeln!(
                    s,
                    "          <attvalue for=\"{name}\" value=\"{}\"/>",
                    escape(v)
                );
            }
        }
        s.push_str("        </attvalues>\n");
        let (r, g, b) = rgb(country_fill(&n.country));
        let _ = writeln!(
            s,
            "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n        <viz:shape value=\"{}\"/>\n      </node>",
            viz_node_shape(&n.kind)
        );
    }
    s.push_str("    </nodes>\n    <edges>\n");
    for (i, (src, tgt, e)) in graph.edges().enumerate() {
        let rel = e.relation.as_str();
        let _ = writeln!(
            s,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\" label=\"{rel}\" kind=\"{rel}\">\n        <attvalues>",
            escape(&src.id),
            escape(&tgt.id),
            e.weight
        );
        let values = [
            Some(rel.to_string()),
            Some(e.articles.join(";")),
            Some(e.outlets.join(";")),
            e.first_date.clone(),
            e.last_date.clone(),
            Some(e.evidence.len().to_string()),
            Some(rel.to_string()),
        ];
        for ((name, _), v) in EDGE_ATTRS.iter().zip(values) {
            if let Some(v) = v {
                let _ = writeln!(
                    s,
                    "          <attvalue for=\"{name}\" value=\"{}\"/>",
                    escape(&v)
                );
            }
        }
        s.push_str("        </attvalues>\n");
        let st = relation_style(e.relation);
        let (r, g, b) = rgb(st.color);
        let _ = writeln!(
            s,
            "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n        <viz:thickness value=\"{}\"/>\n        <viz:shape value=\"{}\"/>\n      </edge>",
            pen_width(e.relation, e.weight),
            st.style
        );
        super::flush_chunk(&mut s, w)?;
    }
    s.push_str("    </edges>\n  </graph>\n</gexf>\n");
    w.write_all(s.as_bytes())
}
