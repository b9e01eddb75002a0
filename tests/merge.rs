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
