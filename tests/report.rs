//! The HTML pages as files: `report.html` from `analyze` and `compare.html`
//! from `compare` (what a browser makes of them is tests/browser.rs).
//! The page's data must be the run's (every edge of graph.json drawn and
//! listed, its evidence with the article's metadata), article text must
//! never reach the page as markup, the page is the same bytes for the
//! same run, and `--formats` leaves it out.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `command INPUT -o OUT` and the page it wrote.
fn page(command: &str, input: &Path, out: &Path, name: &str) -> String {
    run(&[
        command,
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    std::fs::read_to_string(out.join(name)).unwrap()
}

fn run(args: &[&str]) {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The sample corpus plus the hostile article, in a folder of their own.
fn corpus_with_hostile(dir: &Path) -> PathBuf {
    let input = common::sample_corpus_copy(&dir.join("in"));
    std::fs::copy(
        root().join("tests/fixtures/report/hostile.md"),
        input.join("hostile.md"),
    )
    .unwrap();
    input
}

/// The page's JSON data (the `sg-data` script element).
fn page_data(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"sg-data\">";
    let start = html.find(open).expect("data element") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("page data is JSON")
}

/// Every `<script` start tag of the page (the data and the code are two).
fn script_tags(html: &str) -> usize {
    html.to_ascii_lowercase().matches("<script").count()
}

#[test]
fn report_shows_every_edge_with_its_evidence_and_article() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus_with_hostile(tmp.path());
    let out = tmp.path().join("out");
    let html = page("analyze", &input, &out, "report.html");
    let graph: Value = common::read_json(&out.join("graph.json"));
    let run_json: Value = common::read_json(&out.join("run.json"));
    let data = page_data(&html);

    // run.json reports the page and its true size.
    assert_eq!(run_json["report"]["file"], "report.html");
    assert_eq!(
        run_json["report"]["bytes"].as_u64().unwrap() as usize,
        html.len()
    );
    assert_eq!(run_json["report"]["evidence_per_edge"], 10);

    // Every edge of graph.json, in its order, drawn with its id.
    let edges = data["edges"].as_array().unwrap();
    let gedges = graph["edges"].as_array().unwrap();
    assert_eq!(edges.len(), gedges.len());
    let nodes = data["nodes"].as_array().unwrap();
    for (i, (e, g)) in edges.iter().zip(gedges).enumerate() {
        assert_eq!(nodes[e["s"].as_u64().unwrap() as usize]["id"], g["source"]);
        assert_eq!(nodes[e["t"].as_u64().unwrap() as usize]["id"], g["target"]);
        assert_eq!(e["r"], g["relation"]);
        assert_eq!(e["w"], g["weight"]);
        assert!(
            html.contains(&format!("<g id=\"e{i}\" class=\"edge\"")),
            "edge {i} not drawn"
        );
        // The evidence is graph.json's, the sentence whole once its pieces
        // are joined, with the cue marked.
        let gev = g["evidence"].as_array().unwrap();
        let shown = e["ev"].as_array().unwrap();
        assert_eq!(shown.len(), gev.len().min(10));
        for (ev, gv) in shown.iter().zip(gev) {
            let parts = ev["p"].as_array().unwrap();
            let text: String = parts.iter().map(|p| p[1].as_str().unwrap()).collect();
            assert_eq!(text, gv["sentence"].as_str().unwrap());
            assert_eq!(ev["r"], gv["rule"]);
            assert_eq!(ev["k"], gv["confidence"]);
            let doc = &data["docs"][ev["d"].as_u64().unwrap() as usize];
            assert_eq!(doc["id"], gv["doc"]);
        }
    }
    for (i, _) in nodes.iter().enumerate() {
        assert!(
            html.contains(&format!("<g id=\"n{i}\" class=\"node\"")),
            "node {i} not drawn"
        );
    }
    // Actors and cues are marked in the evidence.
    let marked = |kind: u64| {
        edges
            .iter()
            .flat_map(|e| e["ev"].as_array().unwrap())
            .flat_map(|ev| ev["p"].as_array().unwrap())
            .filter(|p| p[0].as_u64() == Some(kind))
            .count()
    };
    assert!(marked(1) > 50, "actors marked: {}", marked(1));
    assert!(marked(2) > 100, "cues marked: {}", marked(2));
    // Article metadata comes with the evidence: the sample's titles and links.
    let docs = data["docs"].as_array().unwrap();
    assert!(docs.iter().filter(|d| d["title"].is_string()).count() >= 10);
    assert!(docs
        .iter()
        .any(|d| d["url"].as_str().is_some_and(|u| u.starts_with("https://"))));
    // The stance table and the skipped/warnings list.
    assert!(!data["stance"].as_array().unwrap().is_empty());
    assert!(html.contains("id=\"problems\""));
    assert!(
        html.contains("Invalid Date"),
        "the sample's warning is listed"
    );
}

#[test]
fn article_text_never_becomes_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus_with_hostile(tmp.path());
    let out = tmp.path().join("out");
    let html = page("analyze", &input, &out, "report.html");
    // The page's own two scripts and nothing else: no script, handler,
    // textarea end or link from the article.
    assert_eq!(script_tags(&html), 2, "script elements");
    let lower = html.to_ascii_lowercase();
    assert_eq!(lower.matches("</script").count(), 2);
    assert!(!lower.contains("<img"), "no element from the article");
    assert!(!lower.contains("</textarea"));
    assert!(!lower.contains("javascript:"), "no javascript: URL");
    // The hostile text is there, as data: escaped in the JSON and in the
    // template's text, with its CJK and RTL marks kept.
    let data = page_data(&html);
    let sentences: Vec<String> = data["edges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["ev"].as_array().unwrap().clone())
        .map(|ev| {
            ev["p"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p[1].as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert!(sentences
        .iter()
        .any(|s| s.contains("<script>") && s.contains("驳斥")));
    assert!(sentences.iter().any(|s| s.contains("onerror=\"")));
    assert!(sentences.iter().any(|s| s.contains('\u{202e}')));
    let hostile = data["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "hostile")
        .expect("the hostile article's metadata");
    assert!(hostile["title"].as_str().unwrap().contains("<script>"));
    assert!(hostile["url"].is_null(), "a javascript: URL is no link");
    // In the markup the template writes (the outlet table), text is escaped.
    assert!(html.contains("<td>hostilewire</td>"));
}

/// The page's policy lets exactly its own script run: the hash it names is
/// the script's, and nothing inline (`'unsafe-inline'`) is allowed.
fn assert_policy_pins_the_script(html: &str) {
    use base64::Engine as _;
    use sha2::Digest as _;
    let key = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let start = html.find(key).expect("a policy") + key.len();
    let policy = &html[start..start + html[start..].find('"').unwrap()];
    let policy = policy.replace("&#x27;", "'").replace("&#x2f;", "/");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(
        !policy.contains("unsafe-inline'; script")
            && !policy.contains("script-src 'unsafe-inline'"),
        "{policy}"
    );
    let open = html.rfind("<script>").unwrap() + "<script>".len();
    let script = &html[open..open + html[open..].find("</script>").unwrap()];
    let hash =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
    assert!(
        policy.contains(&format!("script-src 'sha256-{hash}'")),
        "the policy's hash is not the script's: {policy}"
    );
}

#[test]
fn pages_allow_only_their_own_script() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = root().join("examples/corpus");
    let (a, c) = (tmp.path().join("a"), tmp.path().join("c"));
    run(&[
        "analyze",
        corpus.to_str().unwrap(),
        "-o",
        a.to_str().unwrap(),
    ]);
    run(&[
        "compare",
        corpus.to_str().unwrap(),
        "-o",
        c.to_str().unwrap(),
    ]);
    assert_policy_pins_the_script(&std::fs::read_to_string(a.join("report.html")).unwrap());
    assert_policy_pins_the_script(&std::fs::read_to_string(c.join("compare.html")).unwrap());
}

#[test]
fn report_is_the_same_bytes_for_any_number_of_jobs_and_left_out_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = root().join("examples/corpus");
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    run(&[
        "analyze",
        corpus.to_str().unwrap(),
        "-o",
        a.to_str().unwrap(),
        "--jobs",
        "1",
    ]);
    run(&[
        "analyze",
        corpus.to_str().unwrap(),
        "-o",
        b.to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    assert!(
        std::fs::read(a.join("report.html")).unwrap()
            == std::fs::read(b.join("report.html")).unwrap(),
        "report.html differs between --jobs 1 and 2"
    );
    run(&[
        "analyze",
        corpus.to_str().unwrap(),
        "-o",
        c.to_str().unwrap(),
        "--formats",
        "json,csv",
    ]);
    assert!(!c.join("report.html").exists());
    let run_json: Value = common::read_json(&c.join("run.json"));
    assert!(run_json.get("report").is_none());
}

#[test]
fn compare_page_has_a_panel_and_a_column_per_group() {
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus_with_hostile(tmp.path());
    let out = tmp.path().join("cmp");
    let html = page("compare", &input, &out, "compare.html");
    let report: Value = common::read_json(&out.join("compare.json"));
    let groups: Vec<&str> = report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert!(groups.len() > 5);
    for g in &groups {
        assert!(
            html.contains(&format!("<figure class=\"panel\" data-group=\"{g}\">")),
            "no panel for {g}"
        );
    }
    assert_eq!(
        html.matches("<figure class=\"panel\"").count(),
        groups.len()
    );
    let data = page_data(&html);
    assert_eq!(data["groups"].as_array().unwrap().len(), groups.len());
    assert_eq!(data["edges"], report["edges"]);
    assert_eq!(
        data["similarity"].as_array().unwrap().len(),
        report["similarity"].as_array().unwrap().len()
    );
    assert_eq!(script_tags(&html), 2);
    assert!(!html.to_ascii_lowercase().contains("<img"));
    // The same bytes again.
    let again = tmp.path().join("cmp2");
    run(&[
        "compare",
        input.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert!(html.as_bytes() == std::fs::read(again.join("compare.html")).unwrap());
}

#[test]
fn report_on_the_seeds() {
    let Some(shared) = common::shared("report_on_the_seeds") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let html = page("analyze", &shared.join("seeds"), &out, "report.html");
    let data = page_data(&html);
    let graph: Value = common::read_json(&out.join("graph.json"));
    assert_eq!(
        data["edges"].as_array().unwrap().len(),
        graph["edges"].as_array().unwrap().len()
    );
    assert!(data["edges"].as_array().unwrap().len() > 20);
    assert!(
        data["docs"].as_array().unwrap().len() == 5,
        "the five seeds"
    );
    assert_eq!(script_tags(&html), 2);
}
