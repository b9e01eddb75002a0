//! Pins the exact DOT and JSON bytes of the fixture graph
//! (`tests/snapshots/`), checks every format is deterministic, and checks
//! the SVG and XML outputs are well-formed and hold the hostile text only
//! as text. Set `UPDATE_SNAPSHOTS=1` to rewrite the snapshots (then review
//! them by eye).

mod common;

use std::path::{Path, PathBuf};

use stancegraph::export::{self, dot, json, svg, Format};
use stancegraph::graph::{build, ActorGraph, GraphOptions, Level};

fn fixture_graph() -> ActorGraph {
    build(
        &common::fixture(),
        &common::catalog(),
        &GraphOptions::default(),
    )
    .with_inputs(["fixture.jsonl"])
}

fn snapshot(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output, first at line {}:\n  expected: {:?}\n  actual:   {:?}",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn dot_snapshot() {
    snapshot("graph.dot", &dot::to_dot(&fixture_graph()));
}

#[test]
fn json_snapshot() {
    snapshot("graph.json", &json::to_json(&fixture_graph()));
}

#[test]
fn country_level_json_snapshot() {
    let g = build(
        &common::fixture(),
        &common::catalog(),
        &GraphOptions {
            level: Level::Country,
            ..GraphOptions::default()
        },
    );
    snapshot("graph.country.json", &json::to_json(&g));
}

fn write_all(dir: &Path) -> Vec<PathBuf> {
    export::write_graph(&fixture_graph(), dir, &Format::ALL).unwrap()
}

#[test]
fn every_format_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let pa = write_all(a.path());
    let pb = write_all(b.path());
    let names: Vec<_> = pa
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "graph.json",
            "graph.dot",
            "graph.svg",
            "nodes.csv",
            "edges.csv",
            "graph.gexf",
            "graph.graphml"
        ]
    );
    for (x, y) in pa.iter().zip(&pb) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{} differs between runs",
            x.display()
        );
    }
    // Building from shuffled mentions gives the same bytes.
    let mut rev = common::fixture();
    rev.reverse();
    let g =
        build(&rev, &common::catalog(), &GraphOptions::default()).with_inputs(["fixture.jsonl"]);
    assert_eq!(dot::to_dot(&g), std::fs::read_to_string(&pa[1]).unwrap());
    assert_eq!(json::to_json(&g), std::fs::read_to_string(&pa[0]).unwrap());
}

#[test]
fn json_and_dot_read_back() {
    let g = fixture_graph();
    assert_eq!(json::from_json(&json::to_json(&g)).unwrap(), g);
    // DOT keeps everything but the evidence.
    let from_dot = dot::from_dot(&dot::to_dot(&g)).unwrap();
    let mut no_evidence = g.clone();
    for e in no_evidence.graph.edge_weights_mut() {
        e.evidence.clear();
    }
    assert_eq!(from_dot, no_evidence);
}

fn all_text(doc: &roxmltree::Document) -> String {
    doc.descendants()
        .filter(|n| n.is_text())
        .map(|n| n.text().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn svg_is_well_formed_and_safe() {
    let g = fixture_graph();
    let text = svg::render_svg(&g, &svg::SvgOptions::default()).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("SVG parses as XML");
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        assert!(
            !matches!(name, "a" | "script" | "foreignObject" | "image"),
            "unexpected <{name}>"
        );
        for a in n.attributes() {
            assert!(
                a.name() != "href" && !a.name().starts_with("on"),
                "{}",
                a.name()
            );
        }
    }
    let texts = all_text(&doc);
    for node in g.nodes() {
        for line in dot::node_label_lines(node) {
            assert!(
                texts.contains(&line),
                "label line {line:?} missing from the SVG"
            );
        }
    }
    assert!(texts.contains("<script>alert(1)</script>"));
    assert!(text.contains("font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif"));
    // The legend is drawn.
    assert!(texts.contains("threaten 威胁"));
}

#[test]
fn xml_formats_are_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    export::write_graph(
        &fixture_graph(),
        dir.path(),
        &[Format::Gexf, Format::Graphml],
    )
    .unwrap();
    for name in ["graph.gexf", "graph.graphml"] {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut values = String::new();
        for n in doc.descendants() {
            if let Some(t) = n.text() {
                values.push_str(t);
            }
            for a in n.attributes() {
                values.push_str(a.value());
            }
        }
        assert!(values.contains("<script>alert(1)</script>"), "{name}");
        assert!(values.contains("APT31 ]]> --> & 😀\nsecond line"), "{name}");
    }
}

#[test]
fn csv_quotes_fields() {
    let g = fixture_graph();
    let edges = export::csv::edges_csv(&g);
    assert!(edges.starts_with(
        "\u{feff}source,target,relation,weight,articles,outlets,first_date,last_date,evidence_count,evidence_doc,evidence_cue,evidence_sentence\r\n"
    ));
    assert!(edges.contains("\"a,b \"\"press\"\"\""));
    assert!(edges.contains(
        "uk.ncsc,china.mss,accuse,2,\"bbc-001;bbc-003\",bbc,2024-03-25,2024-03-28,2,bbc-001,"
    ));
    let nodes = export::csv::nodes_csv(&g);
    assert!(nodes.contains("\"APT31 ]]> --> & 😀\nsecond line\""));
}
