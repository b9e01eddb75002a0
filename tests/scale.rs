//! Streaming and parallel runs on a corpus of several batches: the same
//! bytes for any number of worker threads (with problems and repeated ids
//! between the batches), JSONL piped on standard input, `--jobs` for
//! extract and compare, and the progress bar (a terminal only, never with
//! `--quiet`).

use std::io::Write;
use std::path::Path;
mod common;
use common::files;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

/// A JSONL corpus of 230 invented articles in both languages (more than
/// three batches of 64), with a bad line at 70, a repeated id at 140 and a
/// blank line at 200.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let zh = [
        ("美国", "指责", "中国", "网络攻击"),
        ("中国外交部发言人", "驳斥", "美方", "无端指责"),
        ("欧盟", "敦促", "俄罗斯", "停止破坏活动"),
        ("英国", "谴责", "俄罗斯", "干预选举"),
    ];
    let en = [
        ("The United States", "accused", "China", "of hacking"),
        ("NATO", "condemned", "Russia", "for the sabotage"),
        ("The EU", "urged", "China", "to stop the campaign"),
    ];
    let mut lines = Vec::new();
    for i in 0..230 {
        if i == 70 {
            lines.push("{not json".to_string());
            continue;
        }
        if i == 200 {
            lines.push(String::new());
            continue;
        }
        let id = if i == 140 {
            "a5".to_string()
        } else {
            format!("a{i}")
        };
        let (text, outlet) = if i % 3 == 2 {
            let (s, v, t, o) = en[i % en.len()];
            (
                format!(
                    "{s} {v} {t} {o} on Monday, officials said.\n\nIn a statement issued on day {i}, {t} rejected the claims."
                ),
                "harbor-daily",
            )
        } else {
            let (s, v, t, o) = zh[i % zh.len()];
            (
                format!("{s}{v}{t}{o}。\n\n第{i}天，{t}表示强烈不满，称有关说法毫无根据。"),
                "guanlan",
            )
        };
        let v = serde_json::json!({
            "id": id,
            "outlet": outlet,
            "date": format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            "title": format!("Article {i}"),
            "text": text,
        });
        lines.push(v.to_string());
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

#[test]
fn any_number_of_threads_gives_the_same_bytes_over_many_batches() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path());
    let mut runs = Vec::new();
    for jobs in ["1", "2", "3"] {
        let out = tmp.path().join(format!("out{jobs}"));
        let r = bin()
            .arg("analyze")
            .arg(&input)
            .args(["--jobs", jobs, "--formats", "json,dot,csv", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        // The bad line fails the run (exit 1) but every other line is read.
        assert_eq!(
            r.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&r.stderr)
        );
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(stderr.contains("corpus.jsonl:71: invalid JSON"), "{stderr}");
        runs.push(files(&out));
    }
    let articles = String::from_utf8(runs[0]["articles.jsonl"].clone()).unwrap();
    assert_eq!(articles.lines().count(), 228);
    // The repeated id is kept apart, in input order, whatever the threads.
    assert!(articles.contains("\"id\":\"a5~2\""), "{articles}");
    let edges = String::from_utf8(runs[0]["edges.jsonl"].clone()).unwrap();
    assert!(edges.contains("\"doc\":\"a5~2\""));
    assert!(edges.lines().count() > 200, "{}", edges.lines().count());
    for (i, run) in runs.iter().enumerate().skip(1) {
        assert_eq!(
            run.keys().collect::<Vec<_>>(),
            runs[0].keys().collect::<Vec<_>>()
        );
        for (k, v) in run {
            assert!(runs[0][k] == *v, "{k} differs with {} threads", i + 1);
        }
    }
}

#[test]
fn a_jsonl_corpus_can_be_piped_on_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path());
    let from_file = tmp.path().join("file");
    let from_stdin = tmp.path().join("stdin");
    let r = bin()
        .arg("analyze")
        .arg(&input)
        .args(["--formats", "json", "--out"])
        .arg(&from_file)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    let mut child = bin()
        .args(["analyze", "-", "--formats", "json", "--out"])
        .arg(&from_stdin)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&input).unwrap())
        .unwrap();
    let r = child.wait_with_output().unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("<stdin>:71: invalid JSON"));
    // The same relations and the same graph; only the input names differ.
    let a = std::fs::read_to_string(from_file.join("edges.jsonl")).unwrap();
    let b = std::fs::read_to_string(from_stdin.join("edges.jsonl")).unwrap();
    assert!(!a.is_empty());
    assert_eq!(a, b);
    let graph = |d: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(d.join("graph.json")).unwrap()).unwrap()
    };
    assert_eq!(graph(&from_file)["edges"], graph(&from_stdin)["edges"]);
    assert_eq!(graph(&from_file)["nodes"], graph(&from_stdin)["nodes"]);
}

#[test]
fn extract_and_compare_take_jobs_and_give_the_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path());
    let extract = |jobs: &str| {
        let r = bin()
            .args(["extract", "--jobs", jobs])
            .arg(&input)
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(1));
        r.stdout
    };
    let one = extract("1");
    assert!(one.len() > 10_000);
    assert_eq!(one, extract("2"));
    // Every file, the group graphs (written in parallel with several jobs)
    // included.
    let compare = |jobs: &str| {
        let out = tmp.path().join(format!("cmp{jobs}"));
        let r = bin()
            .args(["compare", "--jobs", jobs])
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(r.status.code(), Some(1));
        files(&out)
    };
    let one = compare("1");
    assert!(one.contains_key("compare.json"));
    assert!(one.contains_key("groups/guanlan.svg"));
    assert!(one.contains_key("groups/harbor-daily.graphml"));
    for jobs in ["2", "3"] {
        let many = compare(jobs);
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            many.keys().collect::<Vec<_>>()
        );
        for (name, bytes) in &one {
            assert!(bytes == &many[name], "{name} differs with --jobs {jobs}");
        }
    }
}

/// Runs `args` under a pseudo-terminal (util-linux `script`) and returns
/// what the terminal showed.
fn on_a_terminal(args: &str) -> Option<String> {
    let probe = Command::new("script").arg("--version").output();
    if probe.is_err() {
        println!("skipped: no `script` (util-linux) to make a terminal");
        return None;
    }
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_stancegraph"));
    let r = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env("STANCEGRAPH_PROGRESS_DELAY_MS", "0")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&r.stdout).to_string())
}

#[test]
fn progress_shows_on_a_terminal_only_and_never_with_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path());
    let out = tmp.path().join("out");
    let base = format!(
        "analyze {} --formats json --out {}",
        input.display(),
        out.display()
    );
    // Not a terminal: the summary line and the problem, no bar.
    let r = bin()
        .args(base.split(' '))
        .env("STANCEGRAPH_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(!stderr.contains("articles/s"), "{stderr}");
    assert!(stderr.contains("228 articles"), "{stderr}");
    let Some(shown) = on_a_terminal(&base) else {
        return;
    };
    assert!(shown.contains("articles/s"), "{shown}");
    let Some(quiet) = on_a_terminal(&format!("{base} --quiet")) else {
        return;
    };
    assert!(!quiet.contains("articles/s"), "{quiet}");
    // --quiet drops the summary line but still names the bad line.
    assert!(!quiet.contains("228 articles"), "{quiet}");
    assert!(quiet.contains("corpus.jsonl:71"), "{quiet}");
}
