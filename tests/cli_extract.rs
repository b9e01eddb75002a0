//! CLI tests for `extract`, `eval` and `lexicon check` on the shipped sample
//! corpus: output shape, exit codes, a closed pipe, lexicon errors.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

fn corpus() -> String {
    format!("{}/examples/corpus", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn extract_writes_tagged_json_lines() {
    let out = bin().args(["extract", &corpus()]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut relations = 0;
    let mut stances = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        match v["type"].as_str() {
            Some("relation") => {
                relations += 1;
                for k in [
                    "doc",
                    "outlet",
                    "source",
                    "relation",
                    "target",
                    "cue",
                    "rule",
                    "sentence",
                    "span",
                    "confidence",
                ] {
                    assert!(v.get(k).is_some(), "missing {k} in {line}");
                }
            }
            Some("stance") => {
                stances += 1;
                assert!(v["cues"].as_array().is_some_and(|c| !c.is_empty()));
            }
            other => panic!("bad type {other:?}"),
        }
    }
    assert!(
        relations > 20 && stances > 3,
        "{relations} relations, {stances} stances"
    );
    // Same input, same bytes.
    let again = bin().args(["extract", &corpus()]).output().unwrap();
    assert_eq!(text.as_bytes(), &again.stdout[..]);
}

#[test]
fn closed_pipe_ends_quietly() {
    let mut child = bin()
        .args(["extract", &corpus(), &corpus(), &corpus()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with('{'));
    assert!(out.status.success(), "exit {:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn missing_input_is_exit_1_and_others_still_read() {
    let out = bin()
        .args(["extract", "/nonexistent/file.txt", &corpus()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/file.txt"));
    assert!(!out.stdout.is_empty());
}

#[test]
fn bad_lexicon_is_exit_2_with_location_and_nothing_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mine.toml"),
        "[[cue]]\nrelation = \"acuse\"\nlang = \"zh\"\nterms = [\"指摘\"]\n",
    )
    .unwrap();
    let out = bin()
        .args([
            "extract",
            "--lexicons",
            dir.path().to_str().unwrap(),
            &corpus(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mine.toml:2:12"), "{err}");
    assert!(err.contains("acuse"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn lexicon_check_reports_an_alias_claimed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let actor = |id: &str, alias: &str| {
        format!("[[actor]]\nid = \"{id}\"\nkind = \"state\"\nlabel_zh = \"某国\"\nlabel_en = \"X\"\nzh = [\"{alias}\"]\n")
    };
    // Taking over a shipped alias is allowed, and said.
    std::fs::write(dir.path().join("a.toml"), actor("atlantis", "美国")).unwrap();
    let out = bin()
        .args(["lexicon", "check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("a.toml:6:7: warning") && text.contains("美国"),
        "{text}"
    );
    // Two actors of the user's own claiming one alias is an error.
    std::fs::write(dir.path().join("b.toml"), actor("lemuria", "亚特兰蒂斯")).unwrap();
    std::fs::write(dir.path().join("c.toml"), actor("mu", "亚特兰蒂斯")).unwrap();
    let out = bin()
        .args(["lexicon", "check", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("c.toml:6:7: error: conflict")
            || text.contains("c.toml:6:7: error: duplicate"),
        "{text}"
    );
}

#[test]
fn eval_gate_fails_below_threshold() {
    let gold = format!("{}/examples/gold/edges.jsonl", env!("CARGO_MANIFEST_DIR"));
    let ok = bin()
        .args(["eval", "--gold", &gold, &corpus()])
        .output()
        .unwrap();
    assert!(ok.status.success());
    let text = String::from_utf8_lossy(&ok.stdout);
    assert!(
        text.contains("country ") && text.contains("precision"),
        "{text}"
    );
    // Per-rule figures: each rule id with its edges, the right ones and
    // its precision, the right ones never more than the edges.
    let rules: Vec<&str> = text.lines().filter(|l| l.starts_with("rule\t")).collect();
    assert!(
        rules.iter().any(|l| l.starts_with("rule\tzh.svo\t")),
        "{text}"
    );
    for l in &rules {
        let f: Vec<&str> = l.split('\t').collect();
        let n: usize = f[2].trim_end_matches(" edges").parse().unwrap();
        let ok: usize = f[3].trim_end_matches(" right").parse().unwrap();
        assert!(ok <= n && n > 0, "{l}");
    }
    let gated = bin()
        .args([
            "eval",
            "--gold",
            &gold,
            "--min-country-f1",
            "0.999",
            &corpus(),
        ])
        .output()
        .unwrap();
    assert_eq!(gated.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&gated.stderr).contains("quality gate failed"));
}

/// A document the gold gives no edge (a distractor) must stay silent under
/// `--require-silent-distractors`: one that is silent passes, one with an
/// edge fails the gate and is named.
#[test]
fn eval_gate_names_loud_distractors() {
    let dir = tempfile::tempdir().unwrap();
    let quiet = dir.path().join("quiet.txt");
    let loud = dir.path().join("loud.txt");
    std::fs::write(
        &quiet,
        "渔业会谈\n\n挪威渔业部长周二抵达雷克雅未克，双方讨论鳕鱼配额。\n",
    )
    .unwrap();
    std::fs::write(&loud, "外交风波\n\n芬兰外交部发言人谴责俄罗斯。\n").unwrap();
    let gold = dir.path().join("edges.jsonl");
    std::fs::write(
        &gold,
        "{\"doc\": \"other\", \"source\": \"us\", \"relation\": \"accuse\", \"target\": \"china\"}\n",
    )
    .unwrap();
    let run = |file: &std::path::Path| {
        bin()
            .args([
                "eval",
                "--gold",
                gold.to_str().unwrap(),
                "--require-silent-distractors",
            ])
            .arg(file)
            .output()
            .unwrap()
    };
    let ok = run(&quiet);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("distractor\tquiet\t0 edges\tok"));
    let bad = run(&loud);
    assert_eq!(bad.status.code(), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("edges on distractors (loud)"), "{err}");
}

/// `eval --max-listed N` bounds what the report lists (errors of the first
/// N documents in id order, N distractors) while the scores and the
/// distractor gate count every document.
#[test]
fn eval_lists_at_most_max_listed_documents_and_scores_all() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    let lines: Vec<String> = (0..6)
        .map(|i| format!("{{\"id\":\"doc{i}\",\"text\":\"Latvia accused Russia of sabotage.\"}}"))
        .collect();
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    let gold = dir.path().join("edges.jsonl");
    std::fs::write(
        &gold,
        "{\"doc\": \"doc0\", \"source\": \"estonia\", \"relation\": \"accuse\", \"target\": \"russia\"}\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let o = bin()
            .args(["eval", "--gold", gold.to_str().unwrap()])
            .args(extra)
            .arg(&corpus)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).to_string(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let (_, all, _) = run(&[]);
    let (_, capped, _) = run(&["--max-listed", "2"]);
    let fps = |out: &str| {
        out.lines()
            .filter(|l| l.starts_with("Country\t") && l.contains("\tFP\t"))
            .count()
    };
    assert_eq!(fps(&all), 6, "{all}");
    assert_eq!(fps(&capped), 2, "{capped}");
    assert!(
        capped.contains("errors of 4 more documents not listed"),
        "{capped}"
    );
    assert!(
        capped.contains(
            "3 more distractors not listed (--max-listed); 5 distractors with edges in all"
        ),
        "{capped}"
    );
    // The scores are the same whatever is listed.
    let score = |out: &str| {
        out.lines()
            .filter(|l| l.starts_with("country ") || l.starts_with("actor "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(score(&all), score(&capped));
    assert!(score(&all)[0].contains("fp 6, fn 1"), "{all}");
    let (_, json, _) = run(&["--max-listed", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["unlisted_docs"], 4);
    assert_eq!(v["levels"][0]["docs"].as_array().unwrap().len(), 2);
    assert_eq!(v["loud_distractors"], 5);
    let (code, _, err) = run(&["--max-listed", "1", "--require-silent-distractors"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("edges on distractors (doc1 and 4 more)"),
        "{err}"
    );
}

/// `explain` traces a missed edge: the negated cue says it was blocked,
/// the edge that came out carries its rule, and --source/--target give
/// the verdict for the pair.
#[test]
fn explain_says_which_check_blocked_a_cue() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("why.txt");
    std::fs::write(
        &file,
        "边境风波\n\n芬兰外交部发言人表示，芬方从未指责爱沙尼亚。\n\n芬兰外交部发言人谴责俄罗斯。\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = bin()
            .arg("explain")
            .args(extra)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let all = run(&[]);
    assert!(
        all.contains("cue        指责 (accuse/object): blocked: negated"),
        "{all}"
    );
    assert!(
        all.contains("EDGE       finland.mfa.spokesperson accuse russia [zh.svo 谴责]"),
        "{all}"
    );
    assert!(
        all.contains("speaker    finland.mfa.spokesperson [speaker]"),
        "{all}"
    );
    let missed = run(&["--source", "finland", "--target", "estonia"]);
    assert!(
        missed.contains("no edge finland -> estonia; 1 sentence(s) name both"),
        "{missed}"
    );
    assert!(
        !missed.contains("俄罗斯"),
        "only sentences naming both: {missed}"
    );
    let found = run(&["--source", "finland", "--target", "russia"]);
    assert!(
        found.contains("edge finland -> russia in sentence(s) 2"),
        "{found}"
    );
    let json = run(&["--json"]);
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(v["doc"], "why");
    assert_eq!(v["sentences"][1]["cues"][0]["blocked"], "negated");
}

/// One convention for where output goes: `-o` everywhere; `-o FILE` /
/// `--output FILE` for a file (`-` is standard output, never a file named
/// `-`), `-o DIR` / `--out DIR` for a folder, each long name accepting the
/// other as an alias.
#[test]
fn dash_o_is_the_output_everywhere_and_dash_means_standard_output() {
    let cwd = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| bin().args(args).current_dir(cwd.path()).output().unwrap();
    let plain = run(&["extract", &corpus()]);
    let dashed = run(&["extract", &corpus(), "-o", "-"]);
    assert!(
        dashed.status.success(),
        "{}",
        String::from_utf8_lossy(&dashed.stderr)
    );
    assert_eq!(dashed.stdout, plain.stdout, "-o - writes what no -o writes");
    assert!(!cwd.path().join("-").exists(), "a file named - was written");
    let to_file = run(&["extract", &corpus(), "--out", "x.jsonl"]);
    assert!(to_file.status.success());
    assert!(to_file.stdout.is_empty());
    assert_eq!(
        std::fs::read(cwd.path().join("x.jsonl")).unwrap(),
        plain.stdout
    );
    let leftovers: Vec<_> = std::fs::read_dir(cwd.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Folders: -o and --output as well as --out.
    for (flag, dir) in [("-o", "a"), ("--output", "b"), ("--out", "c")] {
        let o = run(&["analyze", &corpus(), flag, dir, "--formats", "json", "-q"]);
        assert!(
            o.status.success(),
            "{flag}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(cwd.path().join(dir).join("graph.json").is_file(), "{flag}");
    }
    let graph = cwd.path().join("a/graph.json");
    let svg = run(&["render", graph.to_str().unwrap(), "-o", "-"]);
    assert!(
        svg.status.success(),
        "{}",
        String::from_utf8_lossy(&svg.stderr)
    );
    assert!(String::from_utf8_lossy(&svg.stdout).contains("<svg"));
    assert!(!cwd.path().join("-").exists());
}

/// A destination that is not a plain file (a device such as `/dev/null`, a
/// FIFO, a link to one) is written in place. Renaming the temporary file
/// over it, as for a plain file, would replace the device: run as root,
/// `-o /dev/null` left a regular file where the null device was.
#[cfg(unix)]
#[test]
fn a_device_or_fifo_given_as_output_is_written_in_place_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let cwd = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| bin().args(args).current_dir(cwd.path()).output().unwrap();
    let plain = run(&["extract", &corpus()]);
    assert!(plain.status.success());

    // A link to the null device stays a link; the device stays a device
    // (where it was one to begin with: a machine whose /dev/null is already
    // a plain file still checks the link).
    let was_device = std::fs::metadata("/dev/null").is_ok_and(|m| m.file_type().is_char_device());
    let link = cwd.path().join("sink");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let analyze = run(&["analyze", &corpus(), "-o", "g", "--formats", "json", "-q"]);
    assert!(analyze.status.success());
    let graph = cwd.path().join("g/graph.json");
    for args in [
        vec!["extract", &corpus(), "-o", "sink"],
        vec!["render", graph.to_str().unwrap(), "-o", "sink"],
    ] {
        let o = run(&args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let meta = std::fs::symlink_metadata(&link).unwrap();
        assert!(meta.file_type().is_symlink(), "{args:?} replaced the link");
        let target = std::fs::metadata(&link).unwrap();
        assert!(
            !was_device || target.file_type().is_char_device(),
            "{args:?}"
        );
    }

    // A FIFO receives the same bytes as standard output.
    let fifo = cwd.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable: the FIFO half of this test did not run");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let o = run(&["extract", &corpus(), "-o", "pipe"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(reader.join().unwrap(), plain.stdout);
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
}
