//! Broken and hostile input: every problem is reported once with the file
//! and the reason, the other inputs are still read, nothing panics, output
//! stays inside the output folder, and a failed run leaves earlier results.

use std::path::Path;
use std::process::{Command, Output};
mod common;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

fn analyze(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    bin()
        .arg("analyze")
        .args(inputs)
        .args(extra)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn run_json(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap()
}

const GOOD: &str =
    "Latvia accused Russia of sabotage.\n\nThe ministry said the claim was serious.\n";

#[test]
fn broken_files_are_reported_once_and_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
    w("a_good.txt", GOOD.as_bytes());
    w(
        "b_unterminated_front_matter.md",
        "---\ntitle: \"Unclosed\nauthor: Desk\n\nEstonia accused Russia of jamming.\n".as_bytes(),
    );
    let mut nested = String::from("<html><body>");
    nested.push_str(&"<div>".repeat(10_000));
    nested.push_str("<p>Finland accused Russia of interference.</p>");
    w("c_nested.html", nested.as_bytes());
    w(
        "d_unterminated.html",
        b"<html><body><p>Norway accused Russia of espionage.<p>Unclosed <b>tags <i>everywhere",
    );
    let mut bad = "Poland accused Russia of arson. ".as_bytes().to_vec();
    bad.extend_from_slice(&[0xff, 0xfe, 0xc3, b'(']);
    bad.extend_from_slice(" 波兰指责俄罗斯。".as_bytes());
    w("e_invalid_utf8.txt", &bad);
    w("f_nul.txt", b"Sweden accused Russia\x00 of hacking.\n");
    w("g_empty.txt", b"");
    w(
        "h_binary.bin",
        &(0u8..=255).cycle().take(4096).collect::<Vec<u8>>(),
    );
    w("i_corpus.jsonl", b"{\"id\":\"j1\",\"text\":\"Lithuania accused Belarus of smuggling.\"}\n{not json\n{\"id\":\"j2\",\"text\":\"Czech Republic accused Russia of sabotage.\"}\n");
    // The same id twice (a_good again, from another folder) is kept apart.
    std::fs::create_dir(d.join("z")).unwrap();
    std::fs::write(d.join("z/a_good.txt"), GOOD).unwrap();
    #[cfg(unix)]
    let unreadable = {
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::symlink(d, d.join("loop")).unwrap();
        std::os::unix::fs::symlink(d.join("missing.txt"), d.join("k_dangling.txt")).unwrap();
        let locked = d.join("l_locked.txt");
        std::fs::write(&locked, GOOD).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads it anyway: then there is nothing to test.
        let blocked = std::fs::read(&locked).is_err();
        if !blocked {
            eprintln!(
                "l_locked.txt stays readable (running as root): the permission case is not tested"
            );
            std::fs::remove_file(&locked).unwrap();
        }
        blocked
    };
    let out = tempfile::tempdir().unwrap();
    let o = analyze(&[d], out.path(), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(1), "some inputs failed: {stderr}");
    let run = run_json(out.path());
    let skipped: Vec<String> = run["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}:{}",
                p["source"].as_str().unwrap(),
                p["reason"].as_str().unwrap()
            )
        })
        .collect();
    let has = |needle: &str, reason: &str| {
        skipped
            .iter()
            .filter(|s| s.contains(needle) && s.contains(reason))
            .count()
    };
    assert_eq!(has("g_empty.txt", "empty"), 1, "{skipped:?}");
    assert_eq!(has("h_binary.bin", "binary"), 1, "{skipped:?}");
    assert_eq!(has("i_corpus.jsonl", ""), 1, "{skipped:?}");
    assert!(
        run["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["line"] == 2),
        "the bad JSONL line is named: {skipped:?}"
    );
    #[cfg(unix)]
    {
        assert_eq!(has("loop", "symlink loop"), 1, "{skipped:?}");
        assert_eq!(has("k_dangling.txt", "cannot read"), 1, "{skipped:?}");
        if unreadable {
            assert_eq!(has("l_locked.txt", "cannot read"), 1, "{skipped:?}");
        }
    }
    // Each problem once on standard error too.
    assert_eq!(stderr.matches("g_empty.txt").count(), 1, "{stderr}");
    // Everything else was read, repaired where needed.
    let articles: Vec<serde_json::Value> =
        std::fs::read_to_string(out.path().join("articles.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let ids: Vec<&str> = articles.iter().map(|a| a["id"].as_str().unwrap()).collect();
    for id in [
        "a_good",
        "a_good~2",
        "b_unterminated_front_matter",
        "c_nested",
        "d_unterminated",
        "e_invalid_utf8",
        "f_nul",
        "j1",
        "j2",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let warnings = run["warnings"].to_string();
    for w in [
        "duplicate article id",
        "invalid UTF-8",
        "NUL bytes removed",
        "front matter not closed",
    ] {
        assert!(warnings.contains(w), "no warning `{w}` in {warnings}");
    }
    let edges = std::fs::read_to_string(out.path().join("edges.jsonl")).unwrap();
    for pair in [
        "\"source\":\"finland\"",
        "\"source\":\"poland\"",
        "\"source\":\"sweden\"",
        "\"source\":\"estonia\"",
        "\"source\":\"norway\"",
    ] {
        assert!(edges.contains(pair), "{pair} not extracted");
    }
}

#[test]
fn huge_single_line_files_are_skipped_or_read_in_bounded_pieces() {
    let dir = tempfile::tempdir().unwrap();
    // ~100 MB on one line: over the default limit, skipped with a reason.
    let line =
        "Latvia accused Russia of sabotage and Estonia agreed with the claim ".repeat(1_500_000);
    std::fs::write(dir.path().join("big.txt"), line.as_bytes()).unwrap();
    drop(line);
    // ~12 MB on one line, no full stop: read, cut into bounded sentences.
    let line =
        "Latvia accused Russia of sabotage and Estonia agreed with the claim ".repeat(180_000);
    std::fs::write(dir.path().join("long.txt"), line.as_bytes()).unwrap();
    drop(line);
    let out = tempfile::tempdir().unwrap();
    let o = analyze(&[dir.path()], out.path(), &["--formats", "json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let run = run_json(out.path());
    assert_eq!(run["articles_read"], 1);
    assert_eq!(run["skipped"].as_array().unwrap().len(), 1);
    assert!(run["skipped"][0]["source"]
        .as_str()
        .unwrap()
        .ends_with("big.txt"));
    assert!(
        run["skipped"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("too large"),
        "{run}"
    );
    assert!(run["relations"].as_u64().unwrap() > 1000, "{run}");
}

#[test]
fn names_from_articles_never_leave_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.jsonl");
    std::fs::write(&corpus, "{\"id\":\"../../escape\",\"outlet\":\"../../../etc\",\"text\":\"Latvia accused Russia of sabotage.\"}\n{\"id\":\"/abs/path\",\"outlet\":\"a/b\\\\c\",\"text\":\"Estonia accused Russia of jamming.\"}\n").unwrap();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    let o = analyze(&[&corpus], &out, &["--per-article", "--formats", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Only `out` exists in the parent, and nothing in `out` is a link or outside it.
    let names: Vec<_> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    for sub in ["articles", "outlets"] {
        for e in std::fs::read_dir(out.join(sub)).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().to_string();
            assert!(
                !name.contains('/') && !name.contains("..") && !name.starts_with('.'),
                "{name}"
            );
        }
    }
}

#[test]
fn a_failed_run_leaves_the_previous_results_intact() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = analyze(&[dir.path()], out.path(), &["--formats", "json,svg"]);
    assert!(o.status.success());
    let before = std::fs::read(out.path().join("graph.json")).unwrap();
    // A second run on other input fails while drawing (no `dot` on an empty PATH).
    std::fs::write(
        dir.path().join("b.txt"),
        "Estonia accused Russia of jamming.\n",
    )
    .unwrap();
    let empty = tempfile::tempdir().unwrap();
    let o = bin()
        .arg("analyze")
        .arg(dir.path())
        .args(["--formats", "json,svg", "--renderer", "system", "--out"])
        .arg(out.path())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(
        std::fs::read(out.path().join("graph.json")).unwrap(),
        before,
        "graph.json was replaced by a failed run"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.') && n != ".stancegraph-files")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Lexicon errors stop the run before any article is read, with file:line:col
/// and the value, exit 2.
#[test]
fn lexicon_errors_stop_the_run_with_their_location() {
    let cases: &[(&str, &str, &str)] = &[
        ("bad syntax", "[[cue]\nrelation = \"accuse\"\n", "1:"),
        ("unknown field", "[[cue]]\nrelation = \"accuse\"\nlang = \"en\"\nterms = [\"x\"]\ncolour = \"red\"\n", "5:1"),
        ("unknown relation", "[[cue]]\nrelation = \"praise\"\nlang = \"en\"\nterms = [\"laud\"]\n", "2:12"),
        (
            "alias for two actors",
            "[[actor]]\nid = \"atlantis\"\nkind = \"state\"\nlabel_zh = \"甲\"\nlabel_en = \"A\"\nen = [\"Atlantis\"]\n[[actor]]\nid = \"mu\"\nkind = \"state\"\nlabel_zh = \"乙\"\nlabel_en = \"M\"\nen = [\"Atlantis\"]\n",
            "12:7",
        ),
        ("unknown host", "[[actor]]\nid = \"china.embassy.atlantis\"\nkind = \"embassy\"\nlabel_zh = \"甲\"\nlabel_en = \"A\"\nhost = \"atlantis\"\n", "6:8"),
        ("unknown member", "[[actor]]\nid = \"club\"\nkind = \"igo\"\nlabel_zh = \"甲\"\nlabel_en = \"C\"\nmembers = [\"us\", \"atlantis\"]\n", "6:18"),
        ("bad anaphor pattern", "[[grammar]]\nlang = \"en\"\nanaphor_patterns = ['the (two pair']\n", "3:21"),
        ("empty alias", "[[actor]]\nid = \"atlantis\"\nkind = \"state\"\nlabel_zh = \"甲\"\nlabel_en = \"A\"\nen = [\"\"]\n", "6:7"),
    ];
    let input = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("a.txt"), GOOD).unwrap();
    for (name, toml, at) in cases {
        let lex = tempfile::tempdir().unwrap();
        std::fs::write(lex.path().join("mine.toml"), toml).unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = analyze(
            &[input.path()],
            &out.path().join("o"),
            &["--lexicons", lex.path().to_str().unwrap()],
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(&format!("mine.toml:{at}")),
            "{name}: expected mine.toml:{at} in {err}"
        );
        assert!(
            !out.path().join("o").exists(),
            "{name}: output written although the lexicon failed"
        );
    }
}

/// A run in which no input could be read (a mistyped path) leaves the
/// previous results as they were, says so and fails; into a folder that
/// did not exist it creates nothing. The same holds for `compare`.
#[test]
fn a_run_that_reads_nothing_keeps_the_previous_results() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = analyze(&[dir.path()], out.path(), &["--formats", "json"]);
    assert!(o.status.success());
    let before = std::fs::read(out.path().join("graph.json")).unwrap();
    let missing = dir.path().join("no-such-dir");
    let o = analyze(&[&missing], out.path(), &["--formats", "json"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("no-such-dir"), "{err}");
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(
        std::fs::read(out.path().join("graph.json")).unwrap(),
        before,
        "graph.json was replaced by a run that read nothing"
    );
    let fresh = out.path().join("fresh");
    let o = analyze(&[&missing], &fresh, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !fresh.exists(),
        "a run that read nothing created its output folder"
    );
    // compare
    let cmp = out.path().join("cmp");
    let run_compare = |input: &Path| {
        bin()
            .arg("compare")
            .arg(input)
            .arg("--out")
            .arg(&cmp)
            .output()
            .unwrap()
    };
    assert!(run_compare(dir.path()).status.success());
    let before = std::fs::read(cmp.join("compare.json")).unwrap();
    let o = run_compare(&missing);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("left as it was"));
    assert_eq!(std::fs::read(cmp.join("compare.json")).unwrap(), before);
}

/// The output folder holds one run: what an earlier run wrote and this one
/// did not (its per-article graphs, an outlet no longer in the input) is
/// gone; a file the user put there stays.
#[test]
fn the_output_folder_holds_exactly_one_run() {
    let first = tempfile::tempdir().unwrap();
    std::fs::write(first.path().join("a.txt"), GOOD).unwrap();
    std::fs::write(
        first.path().join("b.jsonl"),
        "{\"id\":\"b1\",\"outlet\":\"Harbour Post\",\"text\":\"Estonia accused Russia of jamming.\"}\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("my-notes.txt"), b"keep me").unwrap();
    let o = analyze(
        &[first.path()],
        out.path(),
        &["--per-article", "--formats", "json,dot"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Files (from the shared walk) and the folders that hold them.
    let listing = |dir: &Path| -> Vec<String> {
        let mut v = std::collections::BTreeSet::new();
        for f in common::files(dir).into_keys() {
            let mut parent = Path::new(&f).parent();
            while let Some(p) = parent.filter(|p| !p.as_os_str().is_empty()) {
                v.insert(p.to_string_lossy().to_string());
                parent = p.parent();
            }
            v.insert(f);
        }
        v.into_iter().collect::<Vec<_>>()
    };
    let one = listing(out.path());
    assert!(one.iter().any(|p| p.starts_with("articles/")), "{one:?}");
    let outlets_before: Vec<_> = one
        .iter()
        .filter(|p| p.starts_with("outlets/"))
        .cloned()
        .collect();
    // A second run on part of the input, without per-article graphs.
    let second = tempfile::tempdir().unwrap();
    std::fs::write(second.path().join("a.txt"), GOOD).unwrap();
    let o = analyze(&[second.path()], out.path(), &["--formats", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let two = listing(out.path());
    assert!(
        !two.iter()
            .any(|p| p == "articles" || p.starts_with("articles/")),
        "{two:?}"
    );
    assert!(!two.iter().any(|p| p.ends_with(".dot")), "{two:?}");
    let outlets_after: Vec<_> = two
        .iter()
        .filter(|p| p.starts_with("outlets/"))
        .cloned()
        .collect();
    assert!(
        outlets_after.len() < outlets_before.len(),
        "{outlets_before:?} -> {outlets_after:?}"
    );
    assert_eq!(
        std::fs::read(out.path().join("my-notes.txt")).unwrap(),
        b"keep me"
    );
    // Exactly what this run reports writing, the manifest and the user's file.
    let run = run_json(out.path());
    assert_eq!(run["articles_read"], 1);
    let mut expect: Vec<String> = std::fs::read_to_string(out.path().join(".stancegraph-files"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    expect.push(".stancegraph-files".into());
    expect.push("my-notes.txt".into());
    let files: Vec<String> = two
        .into_iter()
        .filter(|p| out.path().join(p).is_file())
        .collect();
    expect.sort();
    assert_eq!(files, expect);
}

/// A `graph.json` (or any JSON document written over several lines) given
/// where articles are expected is one clear problem, not one "invalid JSON"
/// per line, and the other inputs are still read.
#[test]
fn a_graph_given_as_input_is_one_clear_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = analyze(&[dir.path()], out.path(), &["--formats", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let inputs = tempfile::tempdir().unwrap();
    let graph = inputs.path().join("graph.json");
    std::fs::copy(out.path().join("graph.json"), &graph).unwrap();
    let pretty = inputs.path().join("pretty.jsonl");
    std::fs::write(
        &pretty,
        "{\n  \"id\": \"p1\",\n  \"text\": \"Estonia accused Russia of jamming.\"\n}\n",
    )
    .unwrap();
    for cmd in ["analyze", "compare"] {
        let o = bin()
            .arg(cmd)
            .arg(&graph)
            .arg(&pretty)
            .arg(dir.path())
            .arg("--out")
            .arg(out.path().join(cmd))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        // Two inputs could not be read: exit 1, the third was read.
        assert_eq!(o.status.code(), Some(1), "{cmd}: {err}");
        assert!(!err.contains("invalid JSON"), "{cmd}: {err}");
        let graph_lines: Vec<_> = err.lines().filter(|l| l.contains("graph.json")).collect();
        assert_eq!(graph_lines.len(), 1, "{cmd}: {err}");
        assert!(
            graph_lines[0].contains("graph.json:1")
                && graph_lines[0].contains("a graph written by stancegraph"),
            "{cmd}: {err}"
        );
        let pretty_lines: Vec<_> = err.lines().filter(|l| l.contains("pretty.jsonl")).collect();
        assert_eq!(pretty_lines.len(), 1, "{cmd}: {err}");
        assert!(pretty_lines[0].contains("over 4 lines"), "{cmd}: {err}");
    }
    let run = run_json(&out.path().join("analyze"));
    assert_eq!(run["articles_read"], 1, "{run}");
}

/// An output folder given back as input (`stancegraph analyze out/`, an
/// easy slip): each of its files is one problem that says what it is, none
/// of them becomes an article, and the real article beside them is read.
#[test]
fn an_output_folder_given_as_input_is_one_problem_per_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    let out = tempfile::tempdir().unwrap();
    let first = out.path().join("first");
    let o = analyze(&[dir.path()], &first, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let again = out.path().join("again");
    let o = analyze(&[&first, dir.path()], &again, &["--formats", "json"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let expect = [
        (
            "articles.jsonl:1",
            "article summaries written by stancegraph",
        ),
        ("edges.jsonl:1", "relation mentions written by stancegraph"),
        ("graph.dot", "a Graphviz DOT graph"),
        ("graph.gexf", "a GEXF graph"),
        ("graph.graphml", "a GraphML graph"),
        ("graph.svg", "an SVG drawing"),
        ("nodes.csv", "a table written by stancegraph"),
        ("edges.csv", "a table written by stancegraph"),
        ("graph.json:1", "a graph written by stancegraph"),
        ("run.json:1", "not JSON lines"),
        ("report.html", "a page written by stancegraph"),
    ];
    for (file, what) in expect {
        let lines: Vec<_> = err
            .lines()
            .filter(|l| l.contains(&format!("first/{file}")) && !l.contains("outlets/"))
            .collect();
        assert_eq!(lines.len(), 1, "{file}: {err}");
        assert!(lines[0].contains(what), "{file}: {}", lines[0]);
    }
    assert!(!err.contains("missing or empty `id`"), "{err}");
    assert!(!err.contains("no body text"), "{err}");
    let run = run_json(&again);
    assert_eq!(
        run["articles_read"], 1,
        "only the real article is read: {run}"
    );
}
