//! The Spark job (`contrib/spark/stancegraph_spark.py`) in local mode: the
//! sample corpus, repeated into JSONL files with one broken line, split
//! into four partitions, gives the graph files of one `analyze` run on the
//! same files byte for byte, and the same counts; a task killed on its
//! first attempt is retried and changes nothing. Needs pyspark and Java
//! (`.ci/run` installs pyspark); without them the tests print SKIPPED (and
//! fail under CI).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stancegraph")
}

fn job() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/spark/stancegraph_spark.py")
}

/// spark-submit: on PATH, or else the one inside the pyspark package (pip
/// puts it on PATH only where its scripts folder is).
fn spark_submit() -> Option<PathBuf> {
    let runs = |p: &Path| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let on_path = PathBuf::from("spark-submit");
    if runs(&on_path) {
        return Some(on_path);
    }
    let o = Command::new("python3")
        .args([
            "-c",
            "import os, pyspark; print(os.path.dirname(pyspark.__file__))",
        ])
        .output()
        .ok()?;
    let inside = PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("bin/spark-submit");
    (o.status.success() && runs(&inside)).then_some(inside)
}

/// spark-submit when pyspark and Java are here; reports the skip if not.
fn spark_ready(test: &str) -> Option<PathBuf> {
    let imports = Command::new("python3")
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    let missing = if !imports {
        "pyspark is not installed (python3 -m pip install -r contrib/spark/requirements.txt)"
    } else if let Some(p) = spark_submit() {
        return Some(p);
    } else {
        "spark-submit does not run (is Java 17 installed?)"
    };
    common::skip(test, missing);
    None
}

/// Three JSONL files holding the sample corpus three times over (each copy
/// with its own ids), HTML articles as `html`, the rest as `text`; the
/// second file has a broken line.
fn jsonl_corpus(dir: &Path) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/corpus");
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    let mut files = vec![String::new(); 3];
    let mut n = 0;
    for copy in 0..3 {
        for name in &names {
            let body = std::fs::read_to_string(src.join(name)).unwrap();
            let key = if name.ends_with(".html") {
                "html"
            } else {
                "text"
            };
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            let line = serde_json::json!({"id": format!("c{copy}-{stem}"), key: body});
            files[n % 3].push_str(&line.to_string());
            files[n % 3].push('\n');
            n += 1;
            if n == 7 {
                files[1].push_str("{\"id\": \"half-written\", \"text\": \"Th\n");
            }
        }
    }
    std::fs::create_dir_all(dir).unwrap();
    for (k, text) in files.iter().enumerate() {
        std::fs::write(dir.join(format!("part{k}.jsonl")), text).unwrap();
    }
}

fn run_job(
    submit: &Path,
    cwd: &Path,
    master: &str,
    args: &[&str],
    fail_once: Option<&str>,
) -> Output {
    let mut cmd = Command::new(submit);
    cmd.current_dir(cwd)
        .args(["--master", master, "--conf", "spark.ui.enabled=false"])
        .arg(job())
        .args(["--binary", bin()])
        .args(args);
    cmd.env_remove("STANCEGRAPH_SPARK_FAIL_ONCE");
    if let Some(p) = fail_once {
        cmd.env("STANCEGRAPH_SPARK_FAIL_ONCE", p);
    }
    cmd.output().unwrap()
}

/// What the job printed: spark-submit passes the Python driver's standard
/// error on to its own standard output, and Spark's log goes to standard
/// error.
fn printed(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `analyze corpus` (all formats) into `dir/whole`; it reports the broken line.
fn analyze(dir: &Path) -> serde_json::Value {
    let o = Command::new(bin())
        .current_dir(dir)
        .args(["analyze", "corpus", "--out", "whole"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "the broken line fails the run");
    json(&dir.join("whole/run.json"))
}

/// Every graph file of the job is the same bytes as the whole run's, and
/// the summary's counts are the run's.
fn check_same(dir: &Path, out: &str, run: &serde_json::Value) -> serde_json::Value {
    let graph = dir.join(out).join("graph");
    let mut files: Vec<_> = std::fs::read_dir(&graph)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with('.'))
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "edges.csv",
            "graph.dot",
            "graph.gexf",
            "graph.graphml",
            "graph.json",
            "graph.svg",
            "nodes.csv"
        ]
    );
    for f in &files {
        let a = std::fs::read(graph.join(f)).unwrap();
        let b = std::fs::read(dir.join("whole").join(f)).unwrap();
        assert!(a == b, "{out}/graph/{f} differs from analyze's {f}");
    }
    let summary = json(&dir.join(out).join("summary.json"));
    assert_eq!(summary["articles_read"], run["articles_read"]);
    assert_eq!(summary["relations"], run["relations"]);
    assert_eq!(summary["stances"], run["stances"]);
    assert_eq!(summary["skipped"], 1);
    let bad = &summary["bad_lines"][0];
    assert!(
        bad["problem"].as_str().unwrap().contains("invalid JSON"),
        "{bad}"
    );
    assert!(
        bad["excerpt"].as_str().unwrap().contains("half-written"),
        "{bad}"
    );
    assert_eq!(summary["partitions"], 4);
    let parts = summary["per_partition"].as_array().unwrap();
    assert_eq!(parts.len(), 4);
    assert!(
        parts.iter().all(|p| p["articles_read"].as_u64() > Some(0)),
        "every partition holds articles: {parts:?}"
    );
    // The shards hold each relation and stance line once.
    let mut lines = 0;
    for e in std::fs::read_dir(dir.join(out).join("edges")).unwrap() {
        let e = e.unwrap();
        if e.file_name().to_string_lossy().starts_with("part-") {
            lines += std::fs::read_to_string(e.path()).unwrap().lines().count();
        }
    }
    let expected = run["relations"].as_u64().unwrap() + run["stances"].as_u64().unwrap();
    assert_eq!(lines as u64, expected, "shard lines");
    summary
}

/// spark-submit, a folder holding the JSONL corpus, and the run.json of
/// `analyze` on it; `None` (the skip reported) without Spark.
fn setup(test: &str) -> Option<(PathBuf, tempfile::TempDir, serde_json::Value)> {
    let submit = spark_ready(test)?;
    let tmp = tempfile::tempdir().unwrap();
    jsonl_corpus(&tmp.path().join("corpus"));
    let run = analyze(tmp.path());
    Some((submit, tmp, run))
}

#[test]
fn spark_job_on_four_partitions_gives_the_single_run_bytes() {
    let Some((submit, tmp, run)) = setup("spark_job_on_four_partitions_gives_the_single_run_bytes")
    else {
        return;
    };
    let dir = tmp.path();
    let args = ["--input", "corpus", "--out", "spark", "--partitions", "4"];
    let o = run_job(&submit, dir, "local[2]", &args, None);
    let err = printed(&o);
    assert_eq!(o.status.code(), Some(1), "a skipped line exits 1: {err}");
    assert!(err.contains("partition "), "{err}");
    check_same(dir, "spark", &run);

    // An existing output folder is refused, and left as it was.
    let before = std::fs::read(dir.join("spark/summary.json")).unwrap();
    let o = run_job(&submit, dir, "local[2]", &args, None);
    let err = printed(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("spark exists (give --overwrite"), "{err}");
    assert_eq!(
        std::fs::read(dir.join("spark/summary.json")).unwrap(),
        before
    );
}

#[test]
fn a_task_killed_once_is_retried_and_the_graph_is_unchanged() {
    let Some((submit, tmp, run)) =
        setup("a_task_killed_once_is_retried_and_the_graph_is_unchanged")
    else {
        return;
    };
    let dir = tmp.path();
    // Through Hadoop's file system (a file:// URI), as HDFS or S3 would be.
    let uri = format!("file://{}", dir.join("retried").display());
    let args = [
        "--input",
        "corpus",
        "--out",
        &uri,
        "--partitions",
        "4",
        "--overwrite",
    ];
    let o = run_job(&submit, dir, "local[2,2]", &args, Some("1"));
    let err = printed(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("STANCEGRAPH_SPARK_FAIL_ONCE: partition 1, attempt 0 killed"),
        "the first attempt failed: {err}"
    );
    let summary = check_same(dir, "retried", &run);
    assert_eq!(
        summary["per_partition"][1]["attempt"], 1,
        "partition 1 came from its second attempt"
    );
}
