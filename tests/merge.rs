//! Sharding: analyzing disjoint parts of the sample corpus (halves, thirds)
//! and merging their graph.json (or edges.jsonl) files gives exactly the
//! graph of one run on the whole corpus (only the list of inputs differs).

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

fn sample_corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus")
}

/// The sample corpus analysed whole into `dir/whole` (the JSON formats).
fn analyze_whole(dir: &Path) {
    ok(bin()
        .arg("analyze")
        .arg(sample_corpus())
        .args(["--formats", "json", "--out"])
        .arg(dir.join("whole")));
}

#[test]
fn merging_shards_equals_one_run_on_the_whole() {
    let corpus = sample_corpus();
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name);
    analyze_whole(tmp.path());
    let whole = graph(&out("whole/graph.json"));
    assert!(whole["edges"].as_array().unwrap().len() > 20);
    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    // Halves, and thirds (merged in another order than they were cut).
    for n in [2, 3] {
        let shards: Vec<String> = (0..n).map(|k| format!("s{n}-{k}")).collect();
        for (k, shard) in shards.iter().enumerate() {
            let dir = out(&format!("{shard}-in"));
            std::fs::create_dir_all(&dir).unwrap();
            for name in names.iter().skip(k).step_by(n) {
                std::fs::copy(corpus.join(name), dir.join(name)).unwrap();
            }
            ok(bin()
                .arg("analyze")
                .arg(&dir)
                .args(["--formats", "json", "--out"])
                .arg(out(shard)));
        }
        for file in ["graph.json", "edges.jsonl"] {
            let merged = format!("m{n}-{file}");
            let mut cmd = bin();
            cmd.arg("merge");
            for shard in shards.iter().rev() {
                cmd.arg(out(&format!("{shard}/{file}")));
            }
            ok(cmd.args(["--formats", "json", "--out"]).arg(out(&merged)));
            let m = graph(&out(&format!("{merged}/graph.json")));
            assert_eq!(m["nodes"], whole["nodes"], "{merged}: nodes differ");
            assert_eq!(m["edges"], whole["edges"], "{merged}: edges differ");
            assert_eq!(
                m["graph"]["mentions"], whole["graph"]["mentions"],
                "{merged}: mention counts differ"
            );
        }
    }
}

/// Parts as shards really come: an edges file with blank lines and stance
/// lines, the empty edges file of a shard without relations, a graph
/// written on one line; and a broken line named by its number.
#[test]
fn parts_of_every_shape_merge_and_a_bad_line_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name);
    analyze_whole(tmp.path());
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
    // A graph part that cannot be read again from its start (a pipe), the
    // pretty-printed graph.json on standard input.
    let mut child = bin()
        .args(["merge", "/dev/stdin", "--formats", "json", "--out"])
        .arg(out("m4"))
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(out("whole/graph.json")).unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let m = graph(&out("m4/graph.json"));
    assert_eq!(m["edges"], whole["edges"], "piped: edges differ");
    assert_eq!(m["nodes"], whole["nodes"], "piped: nodes differ");

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

/// With `--input NAME` the merged graph records NAME as its input, as the
/// run on the whole corpus does: the two graph files are the same bytes, in
/// every format that records inputs. Without it, the parts' paths.
#[test]
fn merge_with_the_corpus_named_as_input_is_the_same_bytes_as_one_run() {
    let corpus = sample_corpus();
    let tmp = tempfile::tempdir().unwrap();
    let out = |name: &str| tmp.path().join(name);
    let formats = "json,dot,csv,gexf,graphml";
    ok(bin()
        .arg("analyze")
        .arg(&corpus)
        .args(["--formats", formats, "--out"])
        .arg(out("whole")));
    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for k in 0..2 {
        let dir = out(&format!("in{k}"));
        std::fs::create_dir_all(&dir).unwrap();
        for name in names.iter().skip(k).step_by(2) {
            std::fs::copy(corpus.join(name), dir.join(name)).unwrap();
        }
        ok(bin()
            .arg("analyze")
            .arg(&dir)
            .args(["--formats", "json", "--out"])
            .arg(out(&format!("s{k}"))));
    }
    let name = corpus.display().to_string();
    ok(bin()
        .arg("merge")
        .arg(out("s1/edges.jsonl"))
        .arg(out("s0/edges.jsonl"))
        .args(["--input", &name, "--formats", formats, "--out"])
        .arg(out("named")));
    for file in [
        "graph.json",
        "graph.dot",
        "nodes.csv",
        "edges.csv",
        "graph.gexf",
        "graph.graphml",
    ] {
        let whole = std::fs::read(out(&format!("whole/{file}"))).unwrap();
        let named = std::fs::read(out(&format!("named/{file}"))).unwrap();
        assert!(
            whole == named,
            "{file}: merged bytes differ from the whole run's"
        );
    }
    ok(bin()
        .arg("merge")
        .arg(out("s0/edges.jsonl"))
        .arg(out("s1/edges.jsonl"))
        .args(["--formats", "json", "--out"])
        .arg(out("unnamed")));
    let g = graph(&out("unnamed/graph.json"));
    let inputs: Vec<&str> = g["graph"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(inputs.len(), 2, "{inputs:?}");
    assert!(
        inputs.iter().all(|i| i.ends_with("edges.jsonl")),
        "{inputs:?}"
    );
}
