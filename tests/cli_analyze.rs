//! `stancegraph analyze` on the shipped sample corpus: every file for the
//! corpus, each outlet and (on request) each article; options; determinism.

use std::path::Path;
mod common;
use common::files;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

fn corpus() -> String {
    format!("{}/examples/corpus", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn analyze_writes_corpus_outlet_and_article_graphs_deterministically() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [a.path(), b.path()] {
        let out = bin()
            .args([
                "analyze",
                &corpus(),
                "--per-article",
                "--out",
                dir.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let fa = files(a.path());
    let fb = files(b.path());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(fb[k] == *v, "{k} differs between two runs");
    }
    for f in [
        "graph.json",
        "graph.dot",
        "graph.svg",
        "nodes.csv",
        "edges.csv",
        "graph.gexf",
        "graph.graphml",
        "edges.jsonl",
        "articles.jsonl",
    ] {
        assert!(fa.contains_key(f), "missing {f}");
    }
    // One set per outlet (every outlet of the corpus, the unknown one too) and per article.
    let articles: Vec<serde_json::Value> = String::from_utf8(fa["articles.jsonl"].clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(articles.len(), 10);
    for a in &articles {
        let outlet = a["outlet"].as_str().unwrap();
        assert!(
            fa.contains_key(&format!("outlets/{outlet}.json")),
            "no graph for outlet {outlet}"
        );
        let id = a["id"].as_str().unwrap();
        assert!(
            fa.contains_key(&format!("articles/{id}.svg")),
            "no graph for article {id}"
        );
    }
    // The corpus graph holds what the outlets' graphs hold.
    let corpus: serde_json::Value = serde_json::from_slice(&fa["graph.json"]).unwrap();
    let weight: u64 = corpus["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["weight"].as_u64().unwrap())
        .sum();
    let mentions = String::from_utf8(fa["edges.jsonl"].clone())
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"type\":\"relation\""))
        .count();
    assert_eq!(weight as usize, mentions);
    let svg = String::from_utf8(fa["graph.svg"].clone()).unwrap();
    assert!(svg.contains("<svg") && svg.contains("德国") && svg.contains("Germany"));
    // Every file has the mode a plain `File::create` gives under this
    // umask (not a temporary file's owner-only mode).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let probe = a.path().join("probe");
        std::fs::File::create(&probe).unwrap();
        let plain = mode(&probe);
        for k in fa.keys() {
            assert_eq!(mode(&a.path().join(k)), plain, "mode of {k}");
        }
    }
}

#[test]
fn analyze_options_filter_and_roll_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "analyze",
            &corpus(),
            "--level",
            "country",
            "--relations",
            "rebut,support",
            "--formats",
            "json,csv",
            "--out",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fa = files(dir.path());
    assert!(!fa.contains_key("graph.svg") && !fa.contains_key("graph.dot"));
    let g: serde_json::Value = serde_json::from_slice(&fa["graph.json"]).unwrap();
    for n in g["nodes"].as_array().unwrap() {
        assert!(
            !n["id"].as_str().unwrap().contains('.'),
            "not rolled up: {n}"
        );
    }
    let edges = g["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        assert!(
            matches!(e["relation"].as_str(), Some("rebut" | "support")),
            "{e}"
        );
    }
    let bad = bin()
        .args([
            "analyze",
            &corpus(),
            "--relations",
            "praise",
            "--out",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn one_or_two_worker_threads_give_the_same_bytes() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut inputs = vec![corpus()];
    if seeds.is_dir() {
        inputs.push(seeds.to_string_lossy().to_string());
    }
    for (dir, jobs) in [(one.path(), "1"), (two.path(), "2")] {
        let out = bin()
            .arg("analyze")
            .args(&inputs)
            .args([
                "--jobs",
                jobs,
                "--formats",
                "json,dot,csv,gexf,graphml",
                "--out",
                dir.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (a, b) = (files(one.path()), files(two.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between --jobs 1 and --jobs 2");
    }
}
