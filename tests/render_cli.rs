//! `stancegraph render FILE.json|FILE.dot -o FILE.svg [--renderer builtin|system]`.

mod common;

use assert_cmd::Command;
use stancegraph::export::{self, Format};
use stancegraph::graph::{build, GraphOptions};

#[test]
fn renders_json_and_dot() {
    let dir = tempfile::tempdir().unwrap();
    let g = build(
        &common::fixture(),
        &common::catalog(),
        &GraphOptions::default(),
    );
    export::write_graph(&g, dir.path(), &[Format::Json, Format::Dot]).unwrap();
    let direct = export::svg::render_svg(&g, &Default::default()).unwrap();
    for input in ["graph.json", "graph.dot"] {
        let out = dir.path().join(format!("{input}.svg"));
        Command::cargo_bin("stancegraph")
            .unwrap()
            .arg("render")
            .arg(dir.path().join(input))
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        let svg = std::fs::read_to_string(&out).unwrap();
        assert!(svg.contains("<svg"));
        assert!(svg.contains("英国国家网络安全中心"));
        // The DOT carries everything the drawing needs: same picture.
        assert_eq!(svg, direct, "{input}");
    }
}

#[test]
fn reports_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"nodes\": 3}").unwrap();
    Command::cargo_bin("stancegraph")
        .unwrap()
        .args(["render"])
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("x.svg"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("bad.json"));
    assert!(!dir.path().join("x.svg").exists());
}

#[test]
fn system_renderer_when_dot_is_installed() {
    if !common::system_dot("system_renderer_when_dot_is_installed") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let g = build(
        &common::fixture(),
        &common::catalog(),
        &GraphOptions::default(),
    );
    export::write_graph(&g, dir.path(), &[Format::Json]).unwrap();
    let out = dir.path().join("sys.svg");
    Command::cargo_bin("stancegraph")
        .unwrap()
        .arg("render")
        .arg(dir.path().join("graph.json"))
        .args(["--renderer", "system", "-o"])
        .arg(&out)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("Noto Sans CJK SC"));
    assert!(svg.contains("英国国家网络安全中心"));
}
