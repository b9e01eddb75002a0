//! Graphviz DOT (`graph.dot`): writer, built as a `graphviz-rust` AST and
//! printed with its printer, and a reader (for `render`).
//!
//! Drawing conventions:
//! - node shape by actor kind (state: box, ministry/agency: rounded box,
//!   embassy: house, igo: hexagon, office/person: ellipse, collective:
//!   octagon, company: box3d, media: note, group: parallelogram, region:
//!   dashed box, unknown: dashed ellipse);
//! - fill colour by country or bloc (China red, US blue, UK violet, EU
//!   yellow, Russia green, Taiwan orange, Western groupings grey-blue, others
//!   a stable pastel per country);
//! - edge colour and style by relation ([`relation_style`]): accuse red,
//!   rebut blue, demand orange dashed, threaten purple bold, support green
//!   (hollow arrowhead), attack black bold; pen width grows with the weight
//!   and the edge label is the mention count;
//! - a legend cluster (`cluster_legend`) for graphs laid out with `dot`;
//! - graphs above [`LARGE_NODES`] nodes or [`LARGE_EDGES`] edges get
//!   `layout=sfdp` (force-directed, straight edges) instead of `dot`.
//!
//! Every string is quoted and escaped ([`quote`]): `"` and `\` with a
//! backslash, newlines as `\n`, and `&`, `<`, `>` as entities (which
//! Graphviz decodes in labels), other control characters dropped. The
//! node and edge data (labels, kind, country, relation, mentions, articles,
//! dates) are kept in extra attributes that Graphviz ignores and
//! [`from_dot`] reads back; evidence is not kept in DOT.

use std::path::Path;

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::ExportError;
use crate::graph::{ActorGraph, Articles, EdgeData, GraphAttrs, Level};
use crate::model::{ActorInfo, Relation};

/// Above this many nodes the force-directed engine is used.
pub const LARGE_NODES: usize = 60;
/// Above this many edges the force-directed engine is used.
pub const LARGE_EDGES: usize = 150;

/// CSS font-family list used for every label.
pub const FONT_FAMILIES: [&str; 5] = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "sans-serif",
];

/// Node label font size, in points.
pub const NODE_FONT_SIZE: f64 = 12.0;
/// Edge label font size, in points.
pub const EDGE_FONT_SIZE: f64 = 10.0;

/// The layout engine for a graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Layered (`dot`), for small graphs.
    Dot,
    /// Force-directed multilevel (`sfdp`), for large graphs.
    Sfdp,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Dot => "dot",
            Engine::Sfdp => "sfdp",
        }
    }

    /// The engine chosen for a graph of this size.
    pub fn for_size(nodes: usize, edges: usize) -> Engine {
        if nodes > LARGE_NODES || edges > LARGE_EDGES {
            Engine::Sfdp
        } else {
            Engine::Dot
        }
    }
}

/// How a relation is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationStyle {
    pub color: &'static str,
    /// `solid` or `dashed`.
    pub style: &'static str,
    pub bold: bool,
    pub arrowhead: &'static str,
    /// Chinese name, for the legend.
    pub label_zh: &'static str,
}

/// Colour, line style and arrowhead of a relation.
pub fn relation_style(r: Relation) -> RelationStyle {
    let (color, style, bold, arrowhead, label_zh) = match r {
        Relation::Accuse => ("#d62728", "solid", false, "normal", "指责"),
        Relation::Rebut => ("#1f5fbf", "solid", false, "normal", "驳斥"),
        Relation::Demand => ("#ff8c00", "dashed", false, "normal", "要求"),
        Relation::Threaten => ("#7b2ea8", "solid", true, "normal", "威胁"),
        Relation::Support => ("#2ca02c", "solid", false, "empty", "支持"),
        Relation::Attack => ("#111111", "solid", true, "normal", "攻击"),
    };
    RelationStyle {
        color,
        style,
        bold,
        arrowhead,
        label_zh,
    }
}

/// Pen width of an edge: thicker for bold relations and heavier edges.
pub fn pen_width(r: Relation, weight: u32) -> f64 {
    let base = if relation_style(r).bold { 2.4 } else { 1.2 };
    let w = base + (weight.max(1) as f64).ln() * 1.1;
    (w.min(8.0) * 100.0).round() / 100.0
}

/// Graphviz shape and extra style of a node kind.
pub fn kind_shape(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "state" => ("box", "filled"),
        "region" => ("box", "filled,dashed"),
        "igo" => ("hexagon", "filled"),
        "ministry" | "agency" => ("box", "rounded,filled"),
        "embassy" => ("house", "filled"),
        "office" | "person" => ("ellipse", "filled"),
        "company" => ("box3d", "filled"),
        "collective" => ("octagon", "filled"),
        "media" => ("note", "filled"),
        "group" => ("parallelogram", "filled"),
        _ => ("ellipse", "filled,dashed"),
    }
}

const PASTELS: [&str; 10] = [
    "#e3f1d4", "#f6e3cf", "#d4efeb", "#f3d9ea", "#ecebc6", "#dde3f0", "#f0dde3", "#d9ecdf",
    "#ece0f4", "#f4ecd9",
];

const WEST: [&str; 16] = [
    "west",
    "nato",
    "g7",
    "five_eyes",
    "quad",
    "aukus",
    "canada",
    "australia",
    "new_zealand",
    "japan",
    "germany",
    "france",
    "italy",
    "netherlands",
    "south_korea",
    "czech_republic",
];

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Fill colour of a country or bloc (stable across runs and platforms).
pub fn country_fill(country: &str) -> &'static str {
    match country {
        "china" | "hong_kong" | "macau" => "#f6c6c6",
        "taiwan" => "#fbdcb8",
        "us" => "#c6dcf6",
        "uk" => "#d9cff3",
        "eu" => "#fff2b0",
        "russia" | "belarus" => "#cde8cd",
        "" | "unknown" => "#eeeeee",
        c if WEST.contains(&c) => "#d8e2ea",
        c => PASTELS[(fnv1a(c) % PASTELS.len() as u64) as usize],
    }
}

/// Width of `c` in ems: CJK and other wide characters ≈ 1, others ≈ 0.6.
pub fn char_em(c: char) -> f64 {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD);
    if wide {
        1.0
    } else if c.is_control() {
        0.0
    } else {
        0.6
    }
}

/// Width of a line of text in ems.
pub fn text_em(s: &str) -> f64 {
    s.chars().map(char_em).sum()
}

/// The lines of a node's label: Chinese label, then English label (one
/// line when they are equal or one is empty; the id when both are).
pub fn node_label_lines(n: &ActorInfo) -> Vec<String> {
    let zh = n.label_zh.trim();
    let en = n.label_en.trim();
    let mut lines: Vec<String> = Vec::new();
    for part in [zh, en] {
        if !part.is_empty() && !lines.iter().any(|l| l == part) {
            lines.extend(part.lines().map(str::to_string));
        }
    }
    if lines.is_empty() {
        lines.push(n.id.clone());
    }
    lines
}

/// Size of a node box in points for its label lines (sized for CJK glyphs).
pub fn node_size_pt(lines: &[String], shape: &str) -> (f64, f64) {
    let em = lines.iter().map(|l| text_em(l)).fold(0.0, f64::max);
    let w = em * NODE_FONT_SIZE + 18.0;
    let h = lines.len() as f64 * NODE_FONT_SIZE * 1.25 + 12.0;
    let factor = match shape {
        "ellipse" | "octagon" | "hexagon" => 1.35,
        "house" | "parallelogram" => 1.25,
        _ => 1.0,
    };
    (w * factor, h * factor.min(1.2))
}

/// Quotes and escapes `s` as a DOT string (see the module header).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Undoes [`quote`] on the text of a quoted DOT string (without its quotes).
pub fn unescape(s: &str) -> String {
    // Backslash escapes first, then entities.
    let mut plain = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('l') | Some('r') => plain.push('\n'),
                Some('\n') => {}
                Some(other) => plain.push(other),
                None => plain.push('\\'),
            }
        } else {
            plain.push(c);
        }
    }
    decode_entities(&plain)
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn id(s: &str) -> Id {
    Id::Escaped(quote(s))
}

fn plain(s: &str) -> Id {
    Id::Plain(s.to_string())
}

fn attr(name: &str, value: &str) -> Attribute {
    Attribute(plain(name), id(value))
}

fn num(name: &str, value: f64) -> Attribute {
    let v = format!("{value:.2}");
    let v = v.trim_end_matches('0').trim_end_matches('.').to_string();
    Attribute(plain(name), Id::Plain(v))
}

fn int(name: &str, value: u64) -> Attribute {
    Attribute(plain(name), Id::Plain(value.to_string()))
}

fn font_list() -> String {
    FONT_FAMILIES.join(",")
}

/// The engine [`to_dot`] picks for `graph`.
pub fn engine_for(graph: &ActorGraph) -> Engine {
    Engine::for_size(graph.node_count(), graph.edge_count())
}

fn graph_data_attrs(a: &GraphAttrs) -> Vec<Attribute> {
    let relations = match &a.relations {
        None => "all".to_string(),
        Some(rs) => rs.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","),
    };
    vec![
        attr("tool", &a.tool),
        attr("version", &a.version),
        attr("level", a.level.as_str()),
        attr("relations", &relations),
        int("min_weight", u64::from(a.min_weight)),
        attr("inputs", &a.inputs.join(";")),
        int("mentions", a.mentions),
        int("self_loops_dropped", a.self_loops_dropped),
    ]
}

fn legend_cluster() -> Stmt {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", "Relations 关系"),
            num("fontsize", 11.0),
            attr("style", "rounded,dashed"),
            attr("color", "#999999"),
            attr("fontcolor", "#333333"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", "point"),
            attr("style", "invis"),
            attr("label", ""),
            num("width", 0.05),
            num("height", 0.05),
        ])),
    ];
    // Emitted in reverse: `dot` stacks them bottom-up, so they read
    // accuse..attack from the top.
    for r in Relation::ALL.into_iter().rev() {
        let st = relation_style(r);
        let from = format!("legend:{r}:from");
        let to = format!("legend:{r}:to");
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(id(&from), None)),
                Vertex::N(NodeId(id(&to), None)),
            ),
            attributes: vec![
                attr("label", &format!("{r} {}", st.label_zh)),
                attr("color", st.color),
                attr("fontcolor", st.color),
                attr("style", st.style),
                attr("arrowhead", st.arrowhead),
                num("penwidth", pen_width(r, 1)),
            ],
        }));
    }
    Stmt::Subgraph(Subgraph {
        id: plain("cluster_legend"),
        stmts,
    })
}

fn node_stmt(n: &ActorInfo) -> Stmt {
    let lines = node_label_lines(n);
    let (shape, style) = kind_shape(&n.kind);
    let (w, h) = node_size_pt(&lines, shape);
    let mut attributes = vec![
        attr("label", &lines.join("\n")),
        attr("shape", shape),
        attr("style", style),
        attr("fillcolor", country_fill(&n.country)),
        num("width", w / 72.0),
        num("height", h / 72.0),
        attr("label_zh", &n.label_zh),
        attr("label_en", &n.label_en),
        attr("kind", &n.kind),
        attr("country", &n.country),
    ];
    if let Some(p) = &n.parent {
        attributes.push(attr("parent", p));
    }
    Stmt::Node(Node {
        id: NodeId(id(&n.id), None),
        attributes,
    })
}

fn edge_stmt(s: &ActorInfo, t: &ActorInfo, e: &EdgeData, data: bool) -> Stmt {
    let st = relation_style(e.relation);
    let mut attributes = vec![
        attr("label", &e.weight.to_string()),
        attr("color", st.color),
        attr("fontcolor", st.color),
        attr("style", st.style),
        attr("arrowhead", st.arrowhead),
        num("penwidth", pen_width(e.relation, e.weight)),
        attr("key", e.relation.as_str()),
        attr("relation", e.relation.as_str()),
        int("mentions", u64::from(e.weight)),
    ];
    if data {
        attributes.push(attr("articles", &e.articles.join(";")));
    }
    attributes.push(attr("outlets", &e.outlets.join(";")));
    if let Some(d) = &e.first_date {
        attributes.push(attr("first_date", d));
    }
    if let Some(d) = &e.last_date {
        attributes.push(attr("last_date", d));
    }
    attributes.push(int("evidence_count", e.evidence.len() as u64));
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(id(&s.id), None)),
            Vertex::N(NodeId(id(&t.id), None)),
        ),
        attributes,
    })
}

/// The DOT AST of `graph`.
pub fn to_dot_graph(graph: &ActorGraph) -> Graph {
    dot_graph(graph, true)
}

/// The DOT text the SVG is drawn from: `graph.dot` without the article
/// lists, which a drawing does not show (and which grow with the corpus).
pub fn to_drawing_dot(graph: &ActorGraph) -> String {
    print(dot_graph(graph, false))
}

/// The DOT an HTML page draws: the drawing's, without the legend (the
/// page has its own) and with element ids the page's script finds: node
/// `n{i}` and edge `e{i}`, `i` the position in [`ActorGraph::nodes`] and
/// [`ActorGraph::edges`] order.
pub fn to_page_dot(graph: &ActorGraph) -> String {
    let mut g = dot_graph_without_edges(graph);
    if let Graph::DiGraph { stmts, .. } = &mut g {
        stmts.retain(|s| !matches!(s, Stmt::Subgraph(_)));
        let mut n = 0usize;
        for s in stmts.iter_mut() {
            if let Stmt::Node(node) = s {
                node.attributes.push(attr("id", &format!("n{n}")));
                n += 1;
            }
        }
        stmts.extend(graph.edges().enumerate().map(|(i, (s, t, e))| {
            let mut stmt = edge_stmt(s, t, e, false);
            if let Stmt::Edge(edge) = &mut stmt {
                edge.attributes.push(attr("id", &format!("e{i}")));
            }
            stmt
        }));
    }
    print(g)
}

fn dot_graph(graph: &ActorGraph, data: bool) -> Graph {
    let mut g = dot_graph_without_edges(graph);
    if let Graph::DiGraph { stmts, .. } = &mut g {
        stmts.extend(graph.edges().map(|(s, t, e)| edge_stmt(s, t, e, data)));
    }
    g
}

fn dot_graph_without_edges(graph: &ActorGraph) -> Graph {
    let engine = engine_for(graph);
    let fonts = font_list();
    let mut gattrs = vec![
        attr("layout", engine.as_str()),
        attr("fontname", &fonts),
        attr("outputorder", "edgesfirst"),
        num("pad", 0.2),
    ];
    match engine {
        Engine::Dot => gattrs.extend([
            attr("rankdir", "LR"),
            num("nodesep", 0.3),
            num("ranksep", 0.8),
            attr("splines", "true"),
            attr("newrank", "true"),
        ]),
        Engine::Sfdp => gattrs.extend([
            attr("overlap", "prism"),
            attr("splines", "false"),
            num("K", 1.2),
            int("maxiter", 300),
        ]),
    }
    gattrs.extend(graph_data_attrs(&graph.attrs));
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(gattrs)),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", &fonts),
            num("fontsize", NODE_FONT_SIZE),
            attr("color", "#555555"),
            num("penwidth", 1.0),
            attr("margin", "0.08,0.04"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", &fonts),
            num("fontsize", EDGE_FONT_SIZE),
            num("arrowsize", 0.8),
        ])),
    ];
    if engine == Engine::Dot {
        stmts.push(legend_cluster());
    }
    stmts.extend(graph.nodes().map(node_stmt));
    Graph::DiGraph {
        id: id("stancegraph"),
        strict: false,
        stmts,
    }
}

/// The DOT text of `graph` (ends in a newline).
pub fn to_dot(graph: &ActorGraph) -> String {
    let mut out = Vec::new();
    write_dot(graph, &mut out).expect("writing into memory");
    String::from_utf8(out).expect("DOT is UTF-8")
}

/// Writes the DOT text of `graph` to `w` an edge at a time (an edge's
/// article list grows with the corpus; the whole text never sits in
/// memory). The same text as printing [`to_dot_graph`].
pub fn write_dot(graph: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let head = print(dot_graph_without_edges(graph));
    // `…last statement;\n}\n`: the edges go before the closing brace.
    let body = head.strip_suffix("}\n").unwrap_or(&head);
    w.write_all(body.as_bytes())?;
    for (s, t, e) in graph.edges() {
        // Printed inside a graph of its own, so it is indented and ended as
        // in the whole graph: `digraph "x" {\n  stmt;\n}\n`.
        let one = print(Graph::DiGraph {
            id: id("stancegraph"),
            strict: false,
            stmts: vec![edge_stmt(s, t, e, true)],
        });
        let inner = one
            .split_once("{\n")
            .map_or("", |(_, rest)| rest)
            .strip_suffix("}\n")
            .unwrap_or("");
        w.write_all(inner.as_bytes())?;
    }
    w.write_all(b"}\n")
}

fn print(g: Graph) -> String {
    let mut ctx = PrinterContext::default();
    ctx.with_semi();
    let mut s = g.print(&mut ctx);
    s.push('\n');
    s
}

fn id_text(i: &Id) -> String {
    match i {
        Id::Escaped(v) => {
            let inner = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            unescape(inner)
        }
        Id::Html(v) => v.clone(),
        Id::Plain(v) => v.clone(),
        Id::Anonymous(_) => String::new(),
    }
}

/// Attribute name-value pairs, in order.
type Attrs = Vec<(String, String)>;

#[derive(Default)]
struct Collected {
    graph: Attrs,
    nodes: Vec<(String, Attrs)>,
    edges: Vec<(String, String, Attrs)>,
}

fn pairs(attrs: &[Attribute]) -> Vec<(String, String)> {
    attrs
        .iter()
        .map(|Attribute(k, v)| (id_text(k), id_text(v)))
        .collect()
}

fn vertex_ids(v: &Vertex, out: &mut Vec<String>) {
    match v {
        Vertex::N(NodeId(i, _)) => out.push(id_text(i)),
        Vertex::S(sub) => {
            for s in &sub.stmts {
                if let Stmt::Node(n) = s {
                    out.push(id_text(&n.id.0));
                }
            }
        }
    }
}

fn collect(stmts: &[Stmt], top: bool, c: &mut Collected) {
    for s in stmts {
        match s {
            Stmt::Attribute(Attribute(k, v)) if top => c.graph.push((id_text(k), id_text(v))),
            Stmt::GAttribute(GraphAttributes::Graph(a)) if top => c.graph.extend(pairs(a)),
            Stmt::Node(n) => c.nodes.push((id_text(&n.id.0), pairs(&n.attributes))),
            Stmt::Edge(e) => {
                let vs: Vec<&Vertex> = match &e.ty {
                    EdgeTy::Pair(a, b) => vec![a, b],
                    EdgeTy::Chain(vs) => vs.iter().collect(),
                };
                let attrs = pairs(&e.attributes);
                for w in vs.windows(2) {
                    let (mut from, mut to) = (Vec::new(), Vec::new());
                    vertex_ids(w[0], &mut from);
                    vertex_ids(w[1], &mut to);
                    for a in &from {
                        for b in &to {
                            c.edges.push((a.clone(), b.clone(), attrs.clone()));
                        }
                    }
                }
            }
            Stmt::Subgraph(sub) if id_text(&sub.id) != "cluster_legend" => {
                collect(&sub.stmts, false, c);
            }
            _ => {}
        }
    }
}

fn get<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn split_list(s: Option<&str>) -> Vec<String> {
    s.unwrap_or("")
        .split(';')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses DOT text written by [`to_dot`] back into a graph (without
/// evidence). Nodes without stancegraph attributes get generic information
/// (their `label` as both labels); edges need a `relation` (or `key`).
pub fn from_dot(text: &str) -> Result<ActorGraph, String> {
    let parsed = graphviz_rust::parse(text)?;
    let stmts = match &parsed {
        Graph::DiGraph { stmts, .. } => stmts,
        Graph::Graph { .. } => return Err("expected a digraph, found an undirected graph".into()),
    };
    let mut c = Collected::default();
    collect(stmts, true, &mut c);

    let g = &c.graph;
    let level = match get(g, "level") {
        Some(l) => l.parse::<Level>().map_err(|e| e.to_string())?,
        None => Level::Actor,
    };
    let relations = match get(g, "relations") {
        None | Some("all") | Some("") => None,
        Some(list) => Some(
            list.split(',')
                .map(|r| Relation::parse(r).ok_or_else(|| format!("unknown relation {r:?}")))
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let number = |key: &str| -> Result<u64, String> {
        match get(g, key) {
            None => Ok(0),
            Some(v) => v
                .parse()
                .map_err(|_| format!("graph attribute {key}={v:?} is not a number")),
        }
    };
    let attrs = GraphAttrs {
        tool: get(g, "tool").unwrap_or("stancegraph").to_string(),
        version: get(g, "version").unwrap_or("").to_string(),
        level,
        relations,
        min_weight: u32::try_from(number("min_weight")?).unwrap_or(u32::MAX),
        inputs: split_list(get(g, "inputs")),
        mentions: number("mentions")?,
        self_loops_dropped: number("self_loops_dropped")?,
    };

    // Nodes: later statements add to earlier ones, as in Graphviz.
    let mut node_attrs: std::collections::BTreeMap<String, Vec<(String, String)>> =
        Default::default();
    for (n, a) in c.nodes {
        node_attrs.entry(n).or_default().extend(a);
    }
    for (s, t, _) in &c.edges {
        node_attrs.entry(s.clone()).or_default();
        node_attrs.entry(t.clone()).or_default();
    }
    let nodes = node_attrs
        .into_iter()
        .map(|(nid, a)| {
            let mut info = ActorInfo::generic(&nid);
            if let Some(l) = get(&a, "label") {
                info.label_zh = l.to_string();
                info.label_en = l.to_string();
            }
            if let Some(v) = get(&a, "label_zh") {
                info.label_zh = v.to_string();
            }
            if let Some(v) = get(&a, "label_en") {
                info.label_en = v.to_string();
            }
            if let Some(v) = get(&a, "kind") {
                info.kind = v.to_string();
            }
            if let Some(v) = get(&a, "country") {
                info.country = v.to_string();
            }
            if get(&a, "kind").is_some() {
                info.parent = get(&a, "parent").map(str::to_string);
            }
            info
        })
        .collect();
    let mut edges = Vec::with_capacity(c.edges.len());
    for (s, t, a) in c.edges {
        let rel = get(&a, "relation")
            .or_else(|| get(&a, "key"))
            .ok_or_else(|| format!("edge {s:?} -> {t:?} has no relation attribute"))?;
        let relation = Relation::parse(rel)
            .ok_or_else(|| format!("edge {s:?} -> {t:?}: unknown relation {rel:?}"))?;
        let weight = match get(&a, "mentions") {
            None => 1,
            Some(v) => v
                .parse()
                .map_err(|_| format!("edge {s:?} -> {t:?}: mentions={v:?} is not a number"))?,
        };
        edges.push((
            s,
            t,
            EdgeData {
                relation,
                weight,
                articles: Articles::from_ids(split_list(get(&a, "articles"))),
                outlets: split_list(get(&a, "outlets")),
                first_date: get(&a, "first_date").map(str::to_string),
                last_date: get(&a, "last_date").map(str::to_string),
                evidence: Vec::new(),
            },
        ));
    }
    ActorGraph::from_parts(attrs, nodes, edges).map_err(|e| e.to_string())
}

/// Reads a `graph.dot` written by [`to_dot`].
pub fn read_graph(path: &Path) -> Result<ActorGraph, ExportError> {
    let text = std::fs::read_to_string(path).map_err(|e| ExportError::io(path, e))?;
    from_dot(&text).map_err(|message| ExportError::Parse {
        path: path.to_path_buf(),
        message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_everything() {
        assert_eq!(quote("a\"b\\c\nd<e>&f"), r#""a\"b\\c\nd&lt;e&gt;&amp;f""#);
        assert_eq!(quote("x\\"), r#""x\\""#);
        assert_eq!(quote("a\r\nb\u{7}"), r#""a\nb""#);
        for s in [
            "a\"b\\c\nd<e>&f",
            "x\\",
            "&lt;",
            "]]> --> <script>",
            "中文 😀",
        ] {
            let q = quote(s);
            assert_eq!(unescape(&q[1..q.len() - 1]), s, "{s:?}");
        }
    }

    #[test]
    fn measures_cjk_wider() {
        assert_eq!(text_em("中国"), 2.0);
        assert!((text_em("China") - 3.0).abs() < 1e-9);
        let (w_zh, _) = node_size_pt(&["英国国家网络安全中心".into()], "box");
        assert!(w_zh >= 10.0 * NODE_FONT_SIZE);
    }

    #[test]
    fn styles_are_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for r in Relation::ALL {
            let s = relation_style(r);
            assert!(seen.insert(s.color));
        }
        assert!(pen_width(Relation::Accuse, 10) > pen_width(Relation::Accuse, 1));
        assert_eq!(country_fill("china"), country_fill("china"));
    }

    #[test]
    fn engine_by_size() {
        assert_eq!(Engine::for_size(20, 40), Engine::Dot);
        assert_eq!(Engine::for_size(300, 1000), Engine::Sfdp);
    }
}
