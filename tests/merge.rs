//! Sharding: analyzing two disjoint halves of the sample corpus and merging
//! their graph.json (or edges.jsonl) files gives exactly the graph of one
//! run on the whole corpus (only the list of inputs differs).

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

fn ok(cmd: &mut Command) {
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn graph(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn merging_shards_equals_one_run_on_the_whole() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for (i, n) in names.iter().enumerate() {
        let half = if i % 2 == 0 { &a } else { &b };
        std::fs::copy(corpus.join(n), half.join(n)).unwrap();
    }
    let out = |name: &str| tmp.path().join(name);
    for (input, o) in [(&corpus, "whole"), (&a, "oa"), (&b, "ob")] {
        ok(bin()
            .arg("analyze")
            .arg(input)
            .args(["--formats", "json", "--out"])
            .arg(out(o)));
    }
    for (parts, o) in [
        (["oa/graph.json", "ob/graph.json"], "mj"),
        (["oa/edges.jsonl", "ob/edges.jsonl"], "ml"),
    ] {
        ok(bin()
            .arg("merge")
            .arg(out(parts[0]))
            .arg(out(parts[1]))
            .args(["--formats", "json", "--out"])
            .arg(out(o)));
    }
    let whole = graph(&out("whole/graph.json"));
    assert!(whole["edges"].as_array().unwrap().len() > 20);
    for m in ["mj", "ml"] {
        let merged = graph(&out(&format!("{m}/graph.json")));
        assert_eq!(merged["nodes"], whole["nodes"], "{m}: nodes differ");
        assert_eq!(merged["edges"], whole["edges"], "{m}: edges differ");
        assert_eq!(
            merged["graph"]["mentions"], whole["graph"]["mentions"],
            "{m}: mention counts differ"
        );
    }
}

/// Parts as shards really come: an edges file with blank lines and stance
/// lines, the empty edges file of a shard without relations, a graph
/// written on one line; and a broken line named by its number.
#[test]
fn parts_of_every_shape_merge_and_a_bad_line_is_named() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name);
    ok(bin()
        .arg("analyze")
        .arg(&corpus)
        .args(["--formats", "json", "--out"])
        .arg(out("whole")));
    let edges = std::fs::read_to_string(out("whole/edges.jsonl")).unwrap();
    assert!(edges.contains("\"type\":\"stance\""));
    let spaced = edges.replace('\n', "\n\n");
    std::fs::write(out("spaced.jsonl"), &spaced).unwrap();
    std::fs::write(out("empty.jsonl"), "").unwrap();
    std::fs::write(out("blank.jsonl"), "\n  \n").unwrap();
    let one_line = graph(&out("whole/graph.json")).to_string();
    assert!(!one_line.contains('\n'));
    std::fs::write(out("one-line.json"), one_line).unwrap();
    let merged = |parts: &[&str], name: &str| {
        let mut cmd = bin();
        cmd.arg("merge");
        for p in parts {
            cmd.arg(out(p));
        }
        ok(cmd.args(["--formats", "json", "--out"]).arg(out(name)));
        graph(&out(&format!("{name}/graph.json")))
    };
    let whole = graph(&out("whole/graph.json"));
    for (parts, name) in [
        (&["spaced.jsonl", "empty.jsonl", "blank.jsonl"][..], "m1"),
        (&["empty.jsonl", "one-line.json"][..], "m2"),
    ] {
        let m = merged(parts, name);
        assert_eq!(m["edges"], whole["edges"], "{name}: edges differ");
        assert_eq!(m["nodes"], whole["nodes"], "{name}: nodes differ");
    }

    let mut lines: Vec<&str> = edges.lines().collect();
    lines.insert(2, "{\"type\":\"relation\",\"doc\":");
    std::fs::write(out("broken.jsonl"), lines.join("\n")).unwrap();
    let o = bin()
        .arg("merge")
        .arg(out("broken.jsonl"))
        .arg("--out")
        .arg(out("m3"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("broken.jsonl: line 3:"),
        "the error names the file and line: {err}"
    );
    assert!(!out("m3").exists(), "a failed merge writes nothing");
}
