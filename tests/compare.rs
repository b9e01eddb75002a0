//! `stancegraph compare` on an invented corpus of four outlets, checked
//! against values computed by hand, and on the real seeds (when present).

use std::path::Path;
mod common;
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

fn run(args: &[&str], out: &Path) -> Value {
    let o = bin()
        .arg("compare")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap()
}

fn fixture() -> String {
    format!(
        "{}/tests/fixtures/compare/corpus.jsonl",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn edge<'a>(r: &'a Value, s: &str, rel: &str, t: &str) -> Option<&'a Value> {
    r["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == s && e["relation"] == rel && e["target"] == t)
}

fn pair<'a>(r: &'a Value, a: &str, b: &str) -> &'a Value {
    r["similarity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["a"] == a && x["b"] == b)
        .unwrap()
}

#[test]
fn by_outlet_tables_match_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[&fixture()], dir.path());
    let groups: Vec<(&str, u64, u64, u64)> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap(),
                g["articles"].as_u64().unwrap(),
                g["mentions"].as_u64().unwrap(),
                g["edges"].as_u64().unwrap(),
            )
        })
        .collect();
    // alpha: headline 点名 + body 指责 (2 mentions of one edge) and the embassy's rebuttal.
    assert_eq!(
        groups,
        [
            ("alpha", 1, 3, 2),
            ("beta", 2, 1, 1),
            ("delta", 1, 0, 0),
            ("gamma", 1, 1, 1)
        ]
    );
    assert_eq!(r["groups_without_edges"], serde_json::json!(["delta"]));
    // The shared edge, with mentions and articles per outlet.
    let shared = edge(&r, "netherlands", "accuse", "china").unwrap();
    assert_eq!(
        shared["groups"]["alpha"],
        serde_json::json!({"mentions": 2, "articles": 1})
    );
    assert_eq!(
        shared["groups"]["beta"],
        serde_json::json!({"mentions": 1, "articles": 1})
    );
    assert!(shared["groups"].get("gamma").is_none());
    // Edges only one outlet reports.
    let unique: Vec<(String, String)> = r["unique"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                format!(
                    "{} {} {}",
                    u[0][0].as_str().unwrap(),
                    u[0][1].as_str().unwrap(),
                    u[0][2].as_str().unwrap()
                ),
                u[1].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        unique,
        [
            (
                "china.embassy.netherlands rebut netherlands".to_string(),
                "alpha".to_string()
            ),
            ("germany accuse russia".to_string(), "gamma".to_string())
        ]
    );
    // Jaccard: alpha {accuse×2, rebut×1} vs beta {accuse×1}: 1/2; weighted (1+0)/(2+1).
    let ab = pair(&r, "alpha", "beta");
    assert_eq!(ab["jaccard"].as_f64(), Some(0.5));
    assert!((ab["weighted_jaccard"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(pair(&r, "alpha", "gamma")["jaccard"].as_f64(), Some(0.0));
    assert_eq!(pair(&r, "alpha", "delta")["jaccard"].as_f64(), Some(0.0));
    // Rebuttal shares: alpha reports the embassy answering, beta does not, delta has no accusation.
    let share = |g: &str| {
        r["rebuttals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["group"] == g)
            .unwrap()["share"]
            .as_f64()
    };
    assert_eq!(share("alpha"), Some(1.0));
    assert_eq!(share("beta"), Some(0.0));
    assert_eq!(share("gamma"), Some(0.0));
    assert_eq!(share("delta"), None);
    // Stance: beta's own voice is negative toward the Netherlands.
    let st = r["stance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["group"] == "beta" && x["actor"] == "netherlands")
        .unwrap();
    assert!(st["mean"].as_f64().unwrap() < 0.0);
    assert_eq!(st["articles"].as_u64(), Some(1));
    // The drawings are well-formed and name every group; the tables stand alone.
    for f in ["compare.svg", "panels.svg"] {
        let text = std::fs::read_to_string(dir.path().join(f)).unwrap();
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
        for g in ["alpha", "beta", "gamma", "delta"] {
            assert!(text.contains(g), "{f} lacks {g}");
        }
    }
    let md = std::fs::read_to_string(dir.path().join("compare.md")).unwrap();
    assert!(md.contains("| alpha | beta | 0.500 | 0.333 |"), "{md}");
    // Same input, same bytes.
    let again = tempfile::tempdir().unwrap();
    run(&[&fixture()], again.path());
    for f in [
        "compare.json",
        "compare.md",
        "compare.svg",
        "panels.svg",
        "groups/alpha.dot",
    ] {
        assert!(
            std::fs::read(dir.path().join(f)).unwrap()
                == std::fs::read(again.path().join(f)).unwrap(),
            "{f} differs"
        );
    }
    assert!(md.contains("Groups with no edge: delta."));
    for g in ["alpha", "beta", "gamma", "delta"] {
        assert!(dir.path().join(format!("groups/{g}.json")).exists());
    }
}

#[test]
fn by_date_lists_empty_days_and_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[&fixture(), "--by", "date"], dir.path());
    let names: Vec<&str> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2023-06-01", "2023-06-02", "2023-06-05"]);
    assert_eq!(
        r["empty_groups"],
        serde_json::json!(["2023-06-03", "2023-06-04"])
    );
    let dir = tempfile::tempdir().unwrap();
    let r = run(
        &[&fixture(), "--by", "date", "--bucket", "month"],
        dir.path(),
    );
    assert_eq!(r["groups"][0]["group"], "2023-06");
    assert_eq!(r["groups"][0]["articles"], 5);
}

#[test]
fn seeds_by_outlet_show_embassy_rebuttals_and_rfi_voice() {
    let Some(shared) = common::shared("seeds_by_outlet_show_embassy_rebuttals_and_rfi_voice")
    else {
        return;
    };
    let seeds = shared.join("seeds");
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[seeds.to_str().unwrap()], dir.path());
    let embassy_rebuttal = |g: &str| {
        r["edges"].as_array().unwrap().iter().any(|e| {
            let s = e["source"].as_str().unwrap();
            e["relation"] == "rebut"
                && (s.starts_with("china.embassy.") || s.starts_with("china.mission."))
                && e["groups"].get(g).is_some()
        })
    };
    assert!(
        embassy_rebuttal("guancha"),
        "guancha reports the embassies' rebuttals"
    );
    assert!(
        embassy_rebuttal("zaker"),
        "zaker reports the mission's rebuttal"
    );
    assert!(!embassy_rebuttal("rfi"), "rfi does not");
    let rfi_china = r["stance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["group"] == "rfi" && x["actor"] == "china")
        .unwrap();
    assert!(
        rfi_china["mean"].as_f64().unwrap() < 0.0,
        "rfi's own voice is negative toward china"
    );
    let md = std::fs::read_to_string(dir.path().join("compare.md")).unwrap();
    assert!(md.contains("| rfi |"));
}

/// A group's graph is the graph `analyze` writes for the same articles:
/// byte for byte, with the evidence of a much-reported edge cut to the
/// same 100 sentences, while its weight and the tables count every mention.
#[test]
fn outlet_groups_are_the_outlet_graphs_of_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = Vec::new();
    for i in 0..130 {
        let (outlet, text) = if i % 13 == 0 {
            (
                "tidewater",
                format!(
                    "The EU urged Russia on day {i} to stop the sabotage, a spokesperson said."
                ),
            )
        } else {
            (
                "lanxi",
                format!("第{i}天，美国再次指责中国发动网络攻击。中方对此表示强烈不满。"),
            )
        };
        lines.push(
            serde_json::json!({"id": format!("n{i:03}"), "outlet": outlet,
                "date": format!("2024-05-{:02}", 1 + i % 28), "text": text})
            .to_string(),
        );
    }
    let input = dir.path().join("corpus.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let input = input.to_str().unwrap();
    let cmp = dir.path().join("cmp");
    let r = run(&[input, "--formats", "json,dot"], &cmp);
    let ana = dir.path().join("ana");
    let o = bin()
        .args([
            "analyze",
            input,
            "--quiet",
            "--formats",
            "json,dot",
            "--out",
        ])
        .arg(&ana)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for file in ["lanxi.json", "lanxi.dot", "tidewater.json", "tidewater.dot"] {
        let a = std::fs::read(cmp.join("groups").join(file)).unwrap();
        let b = std::fs::read(ana.join("outlets").join(file)).unwrap();
        assert!(
            a == b,
            "groups/{file} differs from analyze's outlets/{file}"
        );
    }
    let e = edge(&r, "us", "accuse", "china").expect("the repeated accusation");
    assert_eq!(e["groups"]["lanxi"]["mentions"], 120);
    assert_eq!(e["groups"]["lanxi"]["articles"], 120);
    let g: Value =
        serde_json::from_str(&std::fs::read_to_string(cmp.join("groups/lanxi.json")).unwrap())
            .unwrap();
    let ge = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["source"] == "us" && x["target"] == "china" && x["relation"] == "accuse")
        .unwrap();
    assert_eq!(ge["weight"], 120);
    assert_eq!(ge["evidence"].as_array().unwrap().len(), 100);
}

/// An axis-aligned box in the drawing's coordinates: (x0, y0, x1, y1).
type Bbox = (f64, f64, f64, f64);

/// The sum of the `translate(..)`s of `n` and its ancestors (the only
/// transform the drawings use).
fn translation(n: roxmltree::Node) -> (f64, f64) {
    let mut t = (0.0, 0.0);
    for a in n.ancestors() {
        let Some(tr) = a.attribute("transform") else {
            continue;
        };
        let inner = tr
            .trim()
            .strip_prefix("translate(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap_or_else(|| panic!("unexpected transform {tr:?}"));
        let v: Vec<f64> = inner
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        t.0 += v[0];
        t.1 += v.get(1).copied().unwrap_or(0.0);
    }
    t
}

fn num(n: roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr).map_or(0.0, |v| {
        v.parse()
            .unwrap_or_else(|_| panic!("{attr}={v:?} is not a number"))
    })
}

/// A `<rect>`'s box; `at` is the element whose translation applies.
fn rect_box(r: roxmltree::Node, at: roxmltree::Node) -> Bbox {
    let (tx, ty) = translation(at);
    let (x, y) = (num(r, "x") + tx, num(r, "y") + ty);
    (x, y, x + num(r, "width"), y + num(r, "height"))
}

/// A `<text>`'s box, by the width model the drawings size boxes with
/// (CJK 1 em, others 0.6 em; bold a little wider), ascent 0.85 em,
/// descent 0.25 em.
fn text_box(t: roxmltree::Node) -> Bbox {
    let (tx, ty) = translation(t);
    let (x, y) = (num(t, "x") + tx, num(t, "y") + ty);
    let fs = num(t, "font-size");
    let bold = if t.attribute("font-weight") == Some("bold") {
        1.1
    } else {
        1.0
    };
    let text: String = t
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    let w = stancegraph::export::dot::text_em(&text) * fs * bold;
    let x0 = match t.attribute("text-anchor") {
        Some("middle") => x - w / 2.0,
        Some("end") => x - w,
        _ => x,
    };
    (x0, y - 0.85 * fs, x0 + w, y + 0.25 * fs)
}

fn inside(inner: Bbox, outer: Bbox) -> bool {
    const EPS: f64 = 0.051; // coordinates are written with one decimal
    inner.0 >= outer.0 - EPS
        && inner.1 >= outer.1 - EPS
        && inner.2 <= outer.2 + EPS
        && inner.3 <= outer.3 + EPS
}

fn overlap(a: Bbox, b: Bbox) -> bool {
    a.0.max(b.0) < a.2.min(b.2) && a.1.max(b.1) < a.3.min(b.3)
}

/// The panels of a `panels.svg`: per panel its frame (the unfilled
/// `<rect>` around it), its clip box, its node boxes (`<rect rx>`) and
/// every text it holds (title and labels), all in absolute coordinates.
struct Panel {
    frame: Bbox,
    clip: Bbox,
    nodes: Vec<Bbox>,
    texts: Vec<(String, Bbox)>,
}

fn panels_of(svg: &str) -> Vec<Panel> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let frames: Vec<Bbox> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") == Some("none"))
        .map(|r| rect_box(r, r))
        .collect();
    let clipped: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("clip-path").is_some())
        .collect();
    let mut panels: Vec<Panel> = clipped
        .iter()
        .map(|g| {
            let url = g.attribute("clip-path").unwrap();
            let id = url
                .strip_prefix("url(#")
                .and_then(|s| s.strip_suffix(')'))
                .unwrap();
            let cp = doc
                .descendants()
                .find(|n| n.attribute("id") == Some(id))
                .unwrap_or_else(|| panic!("no clipPath {id}"));
            let r = cp.children().find(|c| c.has_tag_name("rect")).unwrap();
            // userSpaceOnUse: the clip box is in the referencing group's space.
            let clip = rect_box(r, *g);
            let frame = *frames
                .iter()
                .find(|f| inside(clip, **f))
                .unwrap_or_else(|| panic!("no frame around the clip box {clip:?}"));
            let nodes = g
                .descendants()
                .filter(|n| n.has_tag_name("rect") && n.attribute("rx").is_some())
                .map(|r| rect_box(r, r))
                .collect();
            let texts = g
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .map(|t| (t.text().unwrap_or_default().to_string(), text_box(t)))
                .collect();
            Panel {
                frame,
                clip,
                nodes,
                texts,
            }
        })
        .collect();
    // Texts outside the clipped groups (titles) belong to the frame their
    // anchor lies in; the others are the legend.
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        if t.ancestors()
            .any(|a| a.has_tag_name("g") && a.attribute("clip-path").is_some())
        {
            continue;
        }
        let (tx, ty) = translation(t);
        let (x, y) = (num(t, "x") + tx, num(t, "y") + ty);
        if let Some(p) = panels.iter_mut().find(|p| inside((x, y, x, y), p.frame)) {
            p.texts
                .push((t.text().unwrap_or_default().to_string(), text_box(t)));
        }
    }
    panels
}

/// What makes `panels.svg` hard to read: within a panel two actor boxes
/// that overlap, a box the panel's clip cuts, a text (title, label) outside
/// its panel, a panel outside the canvas.
fn panel_problems(svg: &str, panels: &[Panel]) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let view: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    let canvas = (view[0], view[1], view[0] + view[2], view[1] + view[3]);
    let mut problems = Vec::new();
    for (i, p) in panels.iter().enumerate() {
        if !inside(p.frame, canvas) {
            problems.push(format!("panel {i}: frame {:?} outside the canvas", p.frame));
        }
        for (a, ra) in p.nodes.iter().enumerate() {
            if !inside(*ra, p.clip) {
                problems.push(format!("panel {i}: box {ra:?} clipped by {:?}", p.clip));
            }
            for rb in &p.nodes[a + 1..] {
                if overlap(*ra, *rb) {
                    problems.push(format!("panel {i}: boxes {ra:?} and {rb:?} overlap"));
                }
            }
        }
        for (text, b) in &p.texts {
            if !inside(*b, p.frame) {
                problems.push(format!(
                    "panel {i}: text {text:?} {b:?} outside the frame {:?}",
                    p.frame
                ));
            }
        }
    }
    problems
}

/// The small multiples of the sample corpus are readable: within a panel
/// no two actor boxes overlap, and every text (title, labels) lies inside
/// its panel, labels inside the clip box too.
#[test]
fn sample_corpus_panels_do_not_overlap() {
    let corpus = format!("{}/examples/corpus", env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let r = run(&[&corpus, "--formats", "json"], dir.path());
    let svg = std::fs::read_to_string(dir.path().join("panels.svg")).unwrap();
    let panels = panels_of(&svg);
    let groups = r["groups"].as_array().unwrap().len();
    assert!(groups >= 2, "the sample corpus has several outlets");
    assert_eq!(panels.len(), groups, "one panel per group");
    for (i, p) in panels.iter().enumerate() {
        assert!(!p.nodes.is_empty(), "panel {i} draws no actor box");
    }
    let problems = panel_problems(&svg, &panels);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The same on the invented corpus, with a group without edges.
#[test]
fn fixture_panels_do_not_overlap() {
    let dir = tempfile::tempdir().unwrap();
    run(&[&fixture(), "--formats", "json"], dir.path());
    let svg = std::fs::read_to_string(dir.path().join("panels.svg")).unwrap();
    let panels = panels_of(&svg);
    assert_eq!(panels.len(), 4);
    let problems = panel_problems(&svg, &panels);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
