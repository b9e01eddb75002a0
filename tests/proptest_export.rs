//! Property tests: every exporter stays valid for hostile text.
//!
//! Actor labels, outlet names, doc ids, sentences and cues are generated
//! from a mix of quotes, backslashes, line breaks, tabs, `<script>`, `]]>`,
//! `-->`, `&`, C0 and C1 control characters, bidi marks, zero-width joiners,
//! emoji, CJK and arbitrary Unicode. For each graph: JSON parses and
//! round-trips, DOT reads back with the same labels, GEXF and GraphML parse
//! and hold the labels (minus the characters XML 1.0 forbids), the CSV
//! tables read back field by field, and the SVG parses, passes the safety
//! check and holds no `<script>`. JSON lines read back to the same strings,
//! and JSONL lines with lone surrogate escapes give a clear problem.

use std::collections::BTreeMap;
use std::io::Write as _;

use proptest::prelude::*;
use stancegraph::export::{csv, dot, gexf, graphml, json, svg};
use stancegraph::graph::{build, ActorGraph, GraphOptions, Level};
use stancegraph::{ActorCatalog, ActorInfo, Relation, RelationMention};

// ------------------------------------------------------------ strategies

const PIECES: &[&str] = &[
    "\"",
    "\\",
    "\\\\",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "<script>alert(1)</script>",
    "<script",
    "]]>",
    "-->",
    "<!--",
    "&",
    "&amp;",
    "&lt;",
    "&#10;",
    "'",
    ",",
    ";",
    " ",
    "\\n",
    "\\\"",
    "<a href=\"x\" onload=\"y\">",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "\u{200d}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffe}",
    "\u{ffff}",
    "\u{2028}",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "🇨🇳",
    "中国外交部",
    "驳斥",
    "美国",
    "é",
    "e\u{301}",
    "{",
    "}",
    "[",
    "]",
    "=",
    "%",
    "\u{10ffff}",
];

/// One hostile string: a few pieces, controls, CJK, emoji and any chars.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        1 => (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        1 => (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        1 => (0x4e00u32..0x9fff).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        1 => (0x1f300u32..0x1f64f).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        2 => "[a-zA-Z ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Actor ids: plain dotted ids and a few printable hostile ones.
const IDS: &[&str] = &[
    "china",
    "china.mfa",
    "china.embassy.uk",
    "us",
    "uk.ncsc",
    "eu",
    "x\"<script>.y",
    "back\\slash",
    "]]>-->.&amp;",
    "😀.中国",
];

const KINDS: &[&str] = &["state", "ministry", "embassy", "person", "unknown", "igo"];

fn relation() -> impl Strategy<Value = Relation> {
    proptest::sample::select(Relation::ALL.to_vec())
}

fn mention() -> impl Strategy<Value = RelationMention> {
    (
        (hostile(), hostile(), proptest::option::of(hostile())),
        (
            proptest::sample::select(IDS),
            relation(),
            proptest::sample::select(IDS),
        ),
        (hostile(), hostile(), hostile()),
        (0usize..500, 0usize..50, 0u8..=100),
    )
        .prop_map(
            |((doc, outlet, date), (s, relation, t), (cue, rule, sentence), (a, len, c))| {
                RelationMention {
                    doc,
                    outlet,
                    date,
                    source: s.to_string(),
                    relation,
                    target: t.to_string(),
                    cue,
                    rule,
                    sentence,
                    span: [a, a + len],
                    confidence: f32::from(c) / 100.0,
                }
            },
        )
}

/// A catalog answering every id with hostile labels.
#[derive(Debug, Clone)]
struct Hostile(BTreeMap<String, (String, String, String)>);

impl ActorCatalog for Hostile {
    fn actor_info(&self, id: &str) -> ActorInfo {
        let mut info = ActorInfo::generic(id);
        if let Some((zh, en, kind)) = self.0.get(id) {
            info.label_zh = zh.clone();
            info.label_en = en.clone();
            info.kind = kind.clone();
        }
        info
    }
}

fn catalog() -> impl Strategy<Value = Hostile> {
    proptest::collection::vec(
        (
            hostile(),
            hostile(),
            proptest::sample::select(KINDS).prop_map(str::to_string),
        ),
        IDS.len(),
    )
    .prop_map(|labels| {
        Hostile(
            IDS.iter()
                .map(|id| id.to_string())
                .zip(labels)
                .collect::<BTreeMap<_, _>>(),
        )
    })
}

fn graph_input() -> impl Strategy<Value = (Vec<RelationMention>, Hostile, bool, Vec<String>)> {
    (
        proptest::collection::vec(mention(), 1..8),
        catalog(),
        any::<bool>(),
        proptest::collection::vec(hostile(), 0..3),
    )
}

fn make_graph(
    mentions: &[RelationMention],
    cat: &Hostile,
    country: bool,
    inputs: &[String],
) -> ActorGraph {
    let opts = GraphOptions {
        level: if country {
            Level::Country
        } else {
            Level::Actor
        },
        ..GraphOptions::default()
    };
    build(mentions, cat, &opts).with_inputs(inputs.iter().cloned())
}

// ------------------------------------------------------------ helpers

/// What DOT keeps of a string: CRLF and CR become LF, tab a space, other
/// control characters are dropped (see `dot::quote`).
fn dot_norm(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// What XML 1.0 keeps of a string.
fn xml_norm(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || ('\u{20}'..='\u{d7ff}').contains(&c)
                || ('\u{e000}'..='\u{fffd}').contains(&c)
                || c >= '\u{10000}'
        })
        .collect()
}

/// A small RFC 4180 reader: records of fields, CRLF line ends.
fn read_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_field_start = true;
    loop {
        let Some(c) = chars.next() else {
            if !at_field_start || !record.is_empty() {
                return Err("last record does not end in CRLF".into());
            }
            return Ok(records);
        };
        match c {
            '"' if at_field_start => {
                at_field_start = false;
                loop {
                    match chars.next() {
                        None => return Err("unterminated quoted field".into()),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                    }
                }
                match chars.peek() {
                    Some(',') | Some('\r') => {}
                    other => return Err(format!("{other:?} after a closing quote")),
                }
            }
            '"' => return Err("quote inside an unquoted field".into()),
            ',' => {
                record.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                if chars.next() != Some('\n') {
                    return Err("CR without LF outside quotes".into());
                }
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_field_start = true;
            }
            '\n' => return Err("bare LF outside quotes".into()),
            c => {
                at_field_start = false;
                field.push(c);
            }
        }
    }
}

fn expected_node_row(n: &ActorInfo) -> Vec<String> {
    [
        n.id.clone(),
        stancegraph::export::dot::node_label_lines(n).join(" "),
        n.label_zh.clone(),
        n.label_en.clone(),
        n.kind.clone(),
        n.parent.clone().unwrap_or_default(),
        n.country.clone(),
    ]
    .map(|v| defused(&v))
    .to_vec()
}

/// A cell as a spreadsheet must see it: text that would run as a formula
/// starts with `'`.
fn defused(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// The CSV text after its byte order mark, which every file must start with.
fn after_bom(text: &str) -> Result<&str, TestCaseError> {
    text.strip_prefix('\u{feff}')
        .ok_or_else(|| TestCaseError::fail("CSV does not start with a UTF-8 BOM"))
}

fn check_json(g: &ActorGraph) -> Result<(), TestCaseError> {
    let text = json::to_json(g);
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| TestCaseError::fail(format!("JSON does not parse: {e}")))?;
    prop_assert_eq!(
        value["nodes"].as_array().map(Vec::len),
        Some(g.node_count())
    );
    let back = json::from_json(&text).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&back, g);
    prop_assert_eq!(json::to_json(&back), text);
    Ok(())
}

fn check_dot(g: &ActorGraph) -> Result<(), TestCaseError> {
    let text = dot::to_dot(g);
    let back = dot::from_dot(&text)
        .map_err(|e| TestCaseError::fail(format!("DOT does not read back: {e}\n{text}")))?;
    prop_assert_eq!(back.node_count(), g.node_count());
    prop_assert_eq!(back.edge_count(), g.edge_count());
    for (a, b) in g.nodes().zip(back.nodes()) {
        prop_assert_eq!(&dot_norm(&a.id), &b.id);
        prop_assert_eq!(
            dot_norm(&a.label_zh),
            b.label_zh.clone(),
            "label_zh of {:?}",
            a.id
        );
        prop_assert_eq!(
            dot_norm(&a.label_en),
            b.label_en.clone(),
            "label_en of {:?}",
            a.id
        );
        prop_assert_eq!(&a.kind, &b.kind);
        prop_assert_eq!(&a.country, &b.country);
        prop_assert_eq!(&a.parent, &b.parent);
    }
    for ((s1, t1, e1), (s2, t2, e2)) in g.edges().zip(back.edges()) {
        prop_assert_eq!((&s1.id, &t1.id), (&s2.id, &t2.id));
        prop_assert_eq!(e1.relation, e2.relation);
        prop_assert_eq!(e1.weight, e2.weight);
    }
    prop_assert_eq!(&back.attrs.level, &g.attrs.level);
    prop_assert_eq!(back.attrs.mentions, g.attrs.mentions);
    Ok(())
}

fn parse_xml<'a>(text: &'a str, what: &str) -> Result<roxmltree::Document<'a>, TestCaseError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| TestCaseError::fail(format!("{what} does not parse: {e}\n{text}")))
}

fn check_gexf(g: &ActorGraph) -> Result<(), TestCaseError> {
    let text = gexf::to_gexf(g);
    let doc = parse_xml(&text, "GEXF")?;
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    prop_assert_eq!(nodes.len(), g.node_count());
    for (info, node) in g.nodes().zip(nodes) {
        prop_assert_eq!(
            node.attribute("id").map(str::to_string),
            Some(xml_norm(&info.id))
        );
        let value = |key: &str| {
            node.descendants()
                .find(|n| n.has_tag_name("attvalue") && n.attribute("for") == Some(key))
                .and_then(|n| n.attribute("value"))
                .map(str::to_string)
        };
        prop_assert_eq!(value("label_zh"), Some(xml_norm(&info.label_zh)));
        prop_assert_eq!(value("label_en"), Some(xml_norm(&info.label_en)));
        prop_assert_eq!(value("kind"), Some(xml_norm(&info.kind)));
        prop_assert_eq!(value("parent"), info.parent.as_deref().map(xml_norm));
    }
    let edges = doc.descendants().filter(|n| n.has_tag_name("edge")).count();
    prop_assert_eq!(edges, g.edge_count());
    for ((_, _, e), edge) in g
        .edges()
        .zip(doc.descendants().filter(|n| n.has_tag_name("edge")))
    {
        let outlets = edge
            .descendants()
            .find(|n| n.has_tag_name("attvalue") && n.attribute("for") == Some("outlets"))
            .and_then(|n| n.attribute("value"));
        prop_assert_eq!(
            outlets.map(str::to_string),
            Some(xml_norm(&e.outlets.join(";")))
        );
    }
    Ok(())
}

fn check_graphml(g: &ActorGraph) -> Result<(), TestCaseError> {
    let text = graphml::to_graphml(g);
    let doc = parse_xml(&text, "GraphML")?;
    let nodes: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .collect();
    prop_assert_eq!(nodes.len(), g.node_count());
    let data = |el: roxmltree::Node, key: &str| -> Option<String> {
        el.children()
            .find(|n| n.has_tag_name("data") && n.attribute("key") == Some(key))
            .map(|n| n.text().unwrap_or("").to_string())
    };
    for (info, node) in g.nodes().zip(nodes) {
        prop_assert_eq!(
            node.attribute("id").map(str::to_string),
            Some(xml_norm(&info.id))
        );
        prop_assert_eq!(data(node, "n_label_zh"), Some(xml_norm(&info.label_zh)));
        prop_assert_eq!(data(node, "n_label_en"), Some(xml_norm(&info.label_en)));
        prop_assert_eq!(data(node, "n_parent"), info.parent.as_deref().map(xml_norm));
    }
    let graph_el = doc
        .descendants()
        .find(|n| n.has_tag_name("graph"))
        .ok_or_else(|| TestCaseError::fail("no <graph>"))?;
    prop_assert_eq!(
        data(graph_el, "g_inputs"),
        Some(xml_norm(&g.attrs.inputs.join(";")))
    );
    let edges: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("edge"))
        .collect();
    prop_assert_eq!(edges.len(), g.edge_count());
    for ((s, t, e), edge) in g.edges().zip(edges) {
        prop_assert_eq!(
            edge.attribute("source").map(str::to_string),
            Some(xml_norm(&s.id))
        );
        prop_assert_eq!(
            edge.attribute("target").map(str::to_string),
            Some(xml_norm(&t.id))
        );
        prop_assert_eq!(
            data(edge, "e_articles"),
            Some(xml_norm(&e.articles.join(";")))
        );
    }
    Ok(())
}

fn check_csv(g: &ActorGraph) -> Result<(), TestCaseError> {
    let nodes = read_csv(after_bom(&csv::nodes_csv(g))?).map_err(TestCaseError::fail)?;
    prop_assert_eq!(nodes.len(), g.node_count() + 1);
    prop_assert_eq!(
        &nodes[0],
        &["id", "label", "label_zh", "label_en", "kind", "parent", "country"]
    );
    for (info, row) in g.nodes().zip(&nodes[1..]) {
        prop_assert_eq!(row, &expected_node_row(info));
    }
    let edges = read_csv(after_bom(&csv::edges_csv(g))?).map_err(TestCaseError::fail)?;
    prop_assert_eq!(edges.len(), g.edge_count() + 1);
    prop_assert_eq!(edges[0].len(), 12);
    for ((s, t, e), row) in g.edges().zip(&edges[1..]) {
        let first = e.evidence.first();
        let expected: Vec<String> = [
            s.id.clone(),
            t.id.clone(),
            e.relation.to_string(),
            e.weight.to_string(),
            e.articles.join(";"),
            e.outlets.join(";"),
            e.first_date.clone().unwrap_or_default(),
            e.last_date.clone().unwrap_or_default(),
            e.evidence.len().to_string(),
            first.map(|x| x.doc.clone()).unwrap_or_default(),
            first.map(|x| x.cue.clone()).unwrap_or_default(),
            first.map(|x| x.sentence.clone()).unwrap_or_default(),
        ]
        .iter()
        .map(|v| defused(v))
        .collect();
        prop_assert_eq!(row, &expected);
    }
    Ok(())
}

fn check_svg(g: &ActorGraph) -> Result<(), TestCaseError> {
    let text = svg::render_svg(g, &svg::SvgOptions::default())
        .map_err(|e| TestCaseError::fail(format!("SVG rendering failed: {e}")))?;
    svg::check_svg_safety(&text).map_err(|e| TestCaseError::fail(format!("unsafe SVG: {e}")))?;
    let doc = parse_xml(&text, "SVG")?;
    prop_assert!(doc
        .descendants()
        .all(|n| !n.tag_name().name().eq_ignore_ascii_case("script")));
    prop_assert!(doc.descendants().all(|n| n.attributes().all(|a| !a
        .name()
        .to_ascii_lowercase()
        .starts_with("on")
        && a.name() != "href")));
    prop_assert!(!text.to_ascii_lowercase().contains("<script"));
    Ok(())
}

// ------------------------------------------------------------ properties

/// `n` cases, or `$PROPTEST_CASES` for a longer run.
fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn json_round_trips((mentions, cat, country, inputs) in graph_input()) {
        check_json(&make_graph(&mentions, &cat, country, &inputs))?;
    }

    #[test]
    fn dot_reads_back_the_labels((mentions, cat, country, inputs) in graph_input()) {
        check_dot(&make_graph(&mentions, &cat, country, &inputs))?;
    }

    #[test]
    fn gexf_and_graphml_parse_with_the_labels((mentions, cat, country, inputs) in graph_input()) {
        let g = make_graph(&mentions, &cat, country, &inputs);
        check_gexf(&g)?;
        check_graphml(&g)?;
    }

    #[test]
    fn csv_reads_back_field_by_field((mentions, cat, country, inputs) in graph_input()) {
        check_csv(&make_graph(&mentions, &cat, country, &inputs))?;
    }

    #[test]
    fn json_lines_read_back(m in mention()) {
        let line = stancegraph::pipeline::json_line("relation", &m);
        prop_assert!(!line.contains('\n'), "a JSON line holds no raw newline");
        let v: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| TestCaseError::fail(format!("{e}: {line}")))?;
        prop_assert_eq!(v["type"].as_str(), Some("relation"));
        for (key, want) in [
            ("doc", &m.doc),
            ("outlet", &m.outlet),
            ("source", &m.source),
            ("target", &m.target),
            ("cue", &m.cue),
            ("rule", &m.rule),
            ("sentence", &m.sentence),
        ] {
            prop_assert_eq!(v[key].as_str(), Some(want.as_str()), "{}", key);
        }
        prop_assert_eq!(v["date"].as_str(), m.date.as_deref());
        let back: RelationMention = serde_json::from_value(v)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(back, m);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(16), ..ProptestConfig::default() })]

    #[test]
    fn svg_is_valid_and_safe((mentions, cat, country, inputs) in graph_input()) {
        check_svg(&make_graph(&mentions, &cat, country, &inputs))?;
    }
}

// ------------------------------------------------- lone surrogates in JSONL

/// A JSON string body with `\uXXXX` escapes, some of them lone surrogates.
fn escaped_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-z 。，]{1,8}",
        1 => Just("外交部发言人驳斥美方指责。".to_string()),
        1 => Just("\\ud83d\\ude00".to_string()),
        1 => Just("\\u4e2d\\u56fd".to_string()),
        1 => Just("\\ud800".to_string()),
        1 => Just("\\udfff".to_string()),
        1 => Just("\\ud83d".to_string()),
        1 => Just("\\ud800\\u0041".to_string()),
        1 => Just("\\udc00\\ud800".to_string()),
        1 => Just("\\uD800".to_string()),
        1 => Just("\\n\\\"\\\\".to_string()),
    ];
    proptest::collection::vec(piece, 1..6).prop_map(|v| v.concat())
}

/// Whether the escapes of a JSON string body leave a surrogate unpaired.
fn has_lone_surrogate(body: &str) -> bool {
    let b = body.as_bytes();
    let mut units = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'u') {
                let hex = std::str::from_utf8(&b[i + 2..i + 6]).unwrap();
                units.push(Some(u16::from_str_radix(hex, 16).unwrap()));
                i += 6;
            } else {
                units.push(None);
                i += 2;
            }
        } else {
            units.push(None);
            i += 1;
        }
    }
    let mut k = 0;
    while k < units.len() {
        match units[k] {
            Some(0xd800..=0xdbff) => match units.get(k + 1) {
                Some(Some(0xdc00..=0xdfff)) => k += 2,
                _ => return true,
            },
            Some(0xdc00..=0xdfff) => return true,
            _ => k += 1,
        }
    }
    false
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn lone_surrogate_escapes_give_a_clear_result(
        text in escaped_text(),
        field in proptest::sample::select(vec!["text", "title", "outlet", "id", "html"]),
    ) {
        let line = match field {
            "text" | "html" => format!("{{\"id\":\"a1\",\"{field}\":\"{text}\"}}"),
            "id" => format!("{{\"id\":\"{text}\",\"text\":\"外交部驳斥。\"}}"),
            _ => format!("{{\"id\":\"a1\",\"text\":\"外交部驳斥。\",\"{field}\":\"{text}\"}}"),
        };
        let bad = has_lone_surrogate(&text);
        // As a whole document in memory: read as text, never a panic.
        let opts = stancegraph::ingest::IngestOptions::default();
        if let Ok(a) = stancegraph::ingest::parse_bytes(line.as_bytes(), "mem", "mem", &opts) {
            check_paragraphs(&a)?;
        }
        // As a JSONL corpus: a good line after it is still read.
        let mut file = tempfile::Builder::new().suffix(".jsonl").tempfile().unwrap();
        writeln!(file, "{line}").unwrap();
        writeln!(file, "{{\"id\":\"ok\",\"text\":\"外交部驳斥。\"}}").unwrap();
        file.flush().unwrap();
        let path = file.path().display().to_string();
        let items: Vec<_> = stancegraph::ingest::read_inputs(&[path], &opts).collect();
        prop_assert_eq!(items.len(), 2, "{:?}", items);
        match &items[0] {
            Err(p) => {
                prop_assert!(bad || field == "id" || text.trim().is_empty(),
                    "valid line refused: {} ({})", line, p);
                prop_assert_eq!(p.line, Some(1));
                prop_assert!(!p.reason.is_empty());
                if bad {
                    prop_assert!(p.reason.starts_with("invalid JSON"), "{}", p.reason);
                }
            }
            Ok(a) => {
                prop_assert!(!bad, "lone surrogate accepted: {} -> {:?}", line, a);
                check_paragraphs(a)?;
                prop_assert!(!a.text().contains('\u{fffd}'), "replacement character in {:?}", a.text());
            }
        }
        match &items[1] {
            Ok(a) => prop_assert_eq!(a.id.as_str(), "ok"),
            Err(p) => prop_assert!(false, "the good line was refused: {}", p),
        }
    }
}

/// Paragraph offsets agree with the clean text.
fn check_paragraphs(a: &stancegraph::Article) -> Result<(), TestCaseError> {
    let chars: Vec<char> = a.text().chars().collect();
    for p in &a.paragraphs {
        prop_assert!(p.start <= p.end && p.end <= chars.len());
        let at: String = chars[p.start..p.end].iter().collect();
        prop_assert_eq!(&at, &p.text);
    }
    Ok(())
}
