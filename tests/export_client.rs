//! Client test: writes every format for the demo graph into a temp dir and
//! runs `python3 tests/client/check_graph.py DIR EXPECTED.json`, which loads
//! the files with networkx (and renders the DOT with `dot` when installed).
//!
//! When python3, networkx or dot are missing the test prints why and
//! passes, except when the env var `CI` is `true`: then it fails.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::json;
use stancegraph::export::{self, dot, Format};
use stancegraph::graph::{build, GraphOptions};

fn skip_or_fail(why: &str) {
    common::skip("networkx_reads_every_format", why);
}

#[test]
fn networkx_reads_every_format() {
    let graph = build(
        &common::demo(),
        &common::catalog(),
        &GraphOptions::default(),
    )
    .with_inputs(["demo.jsonl"]);
    let dir = tempfile::tempdir().unwrap();
    export::write_graph(&graph, dir.path(), &Format::ALL).unwrap();

    let expected = json!({
        "version": stancegraph::version(),
        "level": graph.attrs.level.as_str(),
        "nodes": graph.nodes().map(|n| json!({
            "id": n.id, "label_zh": n.label_zh, "label_en": n.label_en,
            "kind": n.kind, "parent": n.parent, "country": n.country,
            "label_lines": dot::node_label_lines(n),
        })).collect::<Vec<_>>(),
        "edges": graph.edges().map(|(s, t, e)| json!({
            "source": s.id, "target": t.id, "relation": e.relation.as_str(),
            "weight": e.weight, "articles": e.articles, "outlets": e.outlets,
            "first_date": e.first_date, "last_date": e.last_date,
            "evidence_count": e.evidence.len(),
        })).collect::<Vec<_>>(),
    });
    let expected_path = dir.path().join("expected.json");
    std::fs::write(
        &expected_path,
        serde_json::to_vec_pretty(&expected).unwrap(),
    )
    .unwrap();

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/client/check_graph.py");
    let out = match Command::new("python3")
        .arg(&script)
        .arg(dir.path())
        .arg(&expected_path)
        .output()
    {
        Ok(out) => out,
        Err(e) => return skip_or_fail(&format!("python3 cannot be run: {e}")),
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}{stderr}");
    match out.status.code() {
        Some(0) => {
            if !stdout.contains("ok graph.system.svg") {
                skip_or_fail("Graphviz dot is not installed, graph.dot was not rendered");
            }
        }
        Some(77) => skip_or_fail(stdout.trim()),
        _ => panic!("check_graph.py failed:\n{stdout}{stderr}"),
    }
}

/// Writes the demo graph's files into `$STANCEGRAPH_DEMO_DIR` when set, for
/// looking at the drawing (`rsvg-convert -o demo.png DIR/graph.svg`).
#[test]
fn write_demo_when_asked() {
    if let Ok(dir) = std::env::var("STANCEGRAPH_DEMO_DIR") {
        let graph = build(
            &common::demo(),
            &common::catalog(),
            &GraphOptions::default(),
        );
        std::fs::create_dir_all(&dir).unwrap();
        export::write_graph(&graph, Path::new(&dir), &Format::ALL).unwrap();
    }
}
