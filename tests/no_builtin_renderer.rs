//! A build without the default Cargo feature `builtin-renderer` (the
//! EPL-2.0 `graphviz-pure`): SVG comes from the system's Graphviz `dot`, and
//! without one the run says what is missing. CI runs it with
//! `cargo test --release --no-default-features --test no_builtin_renderer`;
//! in the default build this file holds no test.
#![cfg(not(feature = "builtin-renderer"))]

use std::path::Path;
use std::process::Command;
mod common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

const ARTICLE: &str = "Latvia accused Russia of sabotage near the port.\n\nEstonia rejected the claims made by Russia.\n";

/// Graphviz's SVG carries a DOCTYPE.
fn parse(svg: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(svg, opts).unwrap()
}

#[test]
fn without_dot_the_run_names_the_missing_renderer() {
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("a.txt"), ARTICLE).unwrap();
    let out = tempfile::tempdir().unwrap();
    let empty_path = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("analyze")
        .arg(input.path())
        .args(["--formats", "json,svg", "-o"])
        .arg(out.path().join("run"))
        .env("PATH", empty_path.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("built without its built-in renderer"), "{err}");
    assert!(err.contains("builtin-renderer"), "{err}");
    assert!(err.contains("install Graphviz"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // Without SVG the same build runs.
    let o = bin()
        .arg("analyze")
        .arg(input.path())
        .args(["--formats", "json", "-o"])
        .arg(out.path().join("json"))
        .env("PATH", empty_path.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.path().join("json/graph.json").is_file());
}

#[test]
fn with_dot_the_system_renderer_draws() {
    if !common::system_dot("with_dot_the_system_renderer_draws") {
        return;
    }
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("a.txt"), ARTICLE).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("analyze")
        .arg(input.path())
        .args(["--formats", "svg", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(out.path().join("graph.svg")).unwrap();
    let doc = parse(&svg);
    let text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Latvia") && text.contains("Russia"), "{text}");
    // compare's panels are laid out by the same engine.
    let cmp = out.path().join("cmp");
    let o = bin()
        .arg("compare")
        .arg(input.path())
        .arg("-o")
        .arg(&cmp)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let panels = std::fs::read_to_string(cmp.join("panels.svg")).unwrap();
    assert!(parse(&panels).descendants().any(|n| n.has_tag_name("svg")));
    assert!(Path::new(&cmp.join("compare.svg")).is_file());
}
