//! The data files users load into pandas, Excel, networkx and Gephi:
//! one ISO 8601 form per date field whatever the sources wrote, a `label`
//! on every node, CSV that Excel reads as UTF-8 and cannot run as
//! formulas, with the evidence in `edges.csv`, and GEXF in the SVG's
//! colours.

use std::path::Path;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancegraph"))
}

/// An invented corpus whose articles give their dates in every form the
/// readers accept: a UTC timestamp in front matter, an offset, RFC 2822,
/// a naive date-time, epoch seconds, a Chinese date, a bare date.
fn corpus(dir: &Path) {
    std::fs::write(
        dir.join("a.md"),
        "---\ntitle: Harbour talks\noutlet: Harbour Post\ndate: 2021-07-20T23:31:57Z\n---\n\nLatvia accused Russia of sabotage near the port.\n",
    )
    .unwrap();
    let lines = [
        r#"{"id":"b","outlet":"Harbour Post","date":"2021-07-21T06:30:00+08:00","text":"Estonia accused Russia of jamming the signals."}"#,
        r#"{"id":"c","outlet":"Coast Daily","date":"Thu, 22 Jul 2021 09:00:00 +0100","text":"Lithuania accused Russia of cyber attacks."}"#,
        r#"{"id":"d","outlet":"Coast Daily","date":"2021-07-19 07:20:00","text":"Latvia accused Russia of spying on the harbour."}"#,
        r#"{"id":"e","outlet":"Coast Daily","date":"1626912000","text":"=HYPERLINK(\"http://x\") Poland accused Belarus of lying."}"#,
        r#"{"id":"f","outlet":"Coast Daily","date":"2021年7月25日","text":"立陶宛指责俄罗斯发动网络攻击。"}"#,
        r#"{"id":"g","outlet":"Coast Daily","date":"2021-07-26","text":"Estonia accused Russia of sabotage."}"#,
    ];
    std::fs::write(dir.join("b.jsonl"), lines.join("\n") + "\n").unwrap();
}

fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_utc(s: &str) -> bool {
    s.len() == 20 && is_day(&s[..10]) && &s[10..11] == "T" && s.ends_with('Z')
}

fn analyze(out: &Path) {
    let input = tempfile::tempdir().unwrap();
    corpus(input.path());
    let o = bin()
        .arg("analyze")
        .arg(input.path())
        .args(["--level", "country", "-o"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn read(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name)).unwrap()
}

fn jsonl(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn every_date_field_has_one_iso_form() {
    let out = tempfile::tempdir().unwrap();
    analyze(out.path());
    let o = out.path();

    let articles = jsonl(&read(o, "articles.jsonl"));
    assert_eq!(articles.len(), 7);
    let by_id = |id: &str| {
        articles
            .iter()
            .find(|a| a["id"] == id)
            .unwrap_or_else(|| panic!("no article {id}"))
    };
    // The calendar date as the source prints it; the instant in UTC only
    // where the zone is known.
    let expect = [
        ("a", "2021-07-20", Some("2021-07-20T23:31:57Z")),
        ("b", "2021-07-21", Some("2021-07-20T22:30:00Z")),
        ("c", "2021-07-22", Some("2021-07-22T08:00:00Z")),
        ("d", "2021-07-19", None),
        ("e", "2021-07-22", Some("2021-07-22T00:00:00Z")),
        ("f", "2021-07-25", None),
        ("g", "2021-07-26", None),
    ];
    for (id, date, published) in expect {
        let a = by_id(id);
        assert_eq!(a["date"], date, "{a}");
        assert_eq!(a["published"].as_str(), published, "{a}");
    }
    for a in &articles {
        assert!(is_day(a["date"].as_str().unwrap()), "{a}");
        if let Some(p) = a["published"].as_str() {
            assert!(is_utc(p), "{a}");
        }
    }

    let mentions = jsonl(&read(o, "edges.jsonl"));
    assert!(mentions.len() >= 6, "{mentions:?}");
    for m in &mentions {
        assert!(is_day(m["date"].as_str().unwrap()), "{m}");
    }

    let graph: serde_json::Value = serde_json::from_str(&read(o, "graph.json")).unwrap();
    let edges = graph["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    for e in edges {
        for f in ["first_date", "last_date"] {
            assert!(is_day(e[f].as_str().unwrap()), "{f}: {e}");
        }
    }
    let latvia = edges
        .iter()
        .find(|e| e["source"] == "latvia" && e["target"] == "russia")
        .unwrap();
    assert_eq!(
        (&latvia["first_date"], &latvia["last_date"]),
        (&"2021-07-19".into(), &"2021-07-20".into())
    );

    // CSV, GraphML, GEXF and DOT: every value of a date attribute.
    let csv = read(o, "edges.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (first, last) = (col("first_date"), col("last_date"));
    for l in lines {
        // Dates come before the first quoted field in these rows.
        let cells: Vec<&str> = l.split(',').collect();
        assert!(is_day(cells[first]) && is_day(cells[last]), "{l}");
    }
    for (file, key) in [
        ("graph.graphml", "data key=\"e_"),
        ("graph.gexf", "attvalue for=\""),
    ] {
        let text = read(o, file);
        let mut seen = 0;
        for f in ["first_date", "last_date"] {
            let pat = format!("{key}{f}\"");
            for (at, _) in text.match_indices(&pat) {
                let rest = &text[at + pat.len()..];
                let value = match rest.strip_prefix('>') {
                    Some(v) => &v[..v.find('<').unwrap()],
                    None => {
                        let v = &rest[rest.find("value=\"").unwrap() + 7..];
                        &v[..v.find('"').unwrap()]
                    }
                };
                assert!(is_day(value), "{file}: {f}={value}");
                seen += 1;
            }
        }
        assert_eq!(seen, 2 * edges.len(), "{file}");
    }
    let dot = read(o, "graph.dot");
    let mut seen = 0;
    for f in ["first_date=\"", "last_date=\""] {
        for (at, _) in dot.match_indices(f) {
            let v = &dot[at + f.len()..];
            assert!(is_day(&v[..v.find('"').unwrap()]), "{v}");
            seen += 1;
        }
    }
    assert_eq!(seen, 2 * edges.len());
}

#[test]
fn nodes_carry_a_label_in_every_format() {
    let out = tempfile::tempdir().unwrap();
    analyze(out.path());
    let o = out.path();
    let graph: serde_json::Value = serde_json::from_str(&read(o, "graph.json")).unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    let russia = nodes.iter().find(|n| n["id"] == "russia").unwrap();
    assert_eq!(russia["label"], "俄罗斯 Russia", "{russia}");
    for n in nodes {
        assert!(!n["label"].as_str().unwrap().is_empty(), "{n}");
    }
    let csv = read(o, "nodes.csv");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert!(lines.next().unwrap().starts_with("id,label,label_zh,"));
    assert!(
        lines.any(|l| l.starts_with("russia,俄罗斯 Russia,")),
        "{csv}"
    );
    let graphml = read(o, "graph.graphml");
    assert!(graphml.contains("attr.name=\"label\""));
    assert_eq!(
        graphml.matches("<data key=\"n_label\">").count(),
        nodes.len()
    );
    assert!(graphml.contains("<data key=\"n_label\">俄罗斯 Russia</data>"));
    let gexf = read(o, "graph.gexf");
    assert!(gexf.contains("label=\"俄罗斯 Russia\""));
}

#[test]
fn csv_opens_in_a_spreadsheet_as_utf8_with_evidence_and_no_formulas() {
    let out = tempfile::tempdir().unwrap();
    analyze(out.path());
    let o = out.path();
    for f in ["nodes.csv", "edges.csv"] {
        let bytes = std::fs::read(o.join(f)).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{f} has no BOM");
        assert_eq!(
            bytes.windows(3).filter(|w| *w == b"\xEF\xBB\xBF").count(),
            1,
            "{f}"
        );
    }
    let csv = read(o, "edges.csv");
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    let header = &rows[0];
    assert_eq!(
        &header[header.len() - 3..],
        ["evidence_doc", "evidence_cue", "evidence_sentence"]
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let graph: serde_json::Value = serde_json::from_str(&read(o, "graph.json")).unwrap();
    let edges = graph["edges"].as_array().unwrap();
    assert_eq!(rows.len() - 1, edges.len());
    for (row, e) in rows[1..].iter().zip(edges) {
        let ev = &e["evidence"][0];
        assert_eq!(row[col("source")], e["source"].as_str().unwrap());
        assert_eq!(row[col("evidence_doc")], ev["doc"].as_str().unwrap());
        assert_eq!(row[col("evidence_cue")], ev["cue"].as_str().unwrap());
        let sentence = ev["sentence"].as_str().unwrap();
        let cell = &row[col("evidence_sentence")];
        if sentence.starts_with('=') {
            assert_eq!(cell, &format!("'{sentence}"));
        } else {
            assert_eq!(cell, sentence);
        }
    }
    // The article that opens with a formula reached the table, defused.
    let defused = rows
        .iter()
        .filter(|r| r[col("evidence_sentence")].starts_with("'=HYPERLINK"))
        .count();
    assert_eq!(defused, 1, "{csv}");
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
}

/// RFC 4180 fields (quotes doubled, CRLF rows), enough for this test.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn gexf_draws_in_the_colours_of_the_svg() {
    let out = tempfile::tempdir().unwrap();
    analyze(out.path());
    let gexf = read(out.path(), "graph.gexf");
    let doc = roxmltree::Document::parse(&gexf).unwrap();
    let viz = "http://gexf.net/1.3/viz";
    let colour = |n: roxmltree::Node| {
        let c = n
            .children()
            .find(|c| c.has_tag_name((viz, "color")))
            .unwrap_or_else(|| panic!("no viz:color in {:?}", n.attribute("id")));
        let part = |a: &str| c.attribute(a).unwrap().parse::<u8>().unwrap();
        format!("#{:02x}{:02x}{:02x}", part("r"), part("g"), part("b"))
    };
    let svg = read(out.path(), "graph.svg");
    let mut edges = 0;
    for e in doc.descendants().filter(|n| n.tag_name().name() == "edge") {
        edges += 1;
        let c = colour(e);
        let relation = e.attribute("label").unwrap();
        let expected = match relation {
            "accuse" => "#d62728",
            other => panic!("unexpected relation {other}"),
        };
        assert_eq!(c, expected);
        assert!(svg.contains(&c), "the SVG draws in {c}");
        let thickness = e
            .children()
            .find(|c| c.has_tag_name((viz, "thickness")))
            .unwrap();
        assert!(
            thickness
                .attribute("value")
                .unwrap()
                .parse::<f64>()
                .unwrap()
                > 1.0
        );
    }
    assert!(edges >= 3);
    let mut nodes = 0;
    for n in doc.descendants().filter(|n| n.tag_name().name() == "node") {
        nodes += 1;
        let c = colour(n);
        assert!(svg.contains(&c), "the SVG fills {c}");
        let shape = n
            .children()
            .find(|c| c.has_tag_name((viz, "shape")))
            .unwrap();
        // Countries are boxes in the SVG, squares in Gephi.
        assert_eq!(shape.attribute("value"), Some("square"));
    }
    assert!(nodes >= 4);
    let russia = doc
        .descendants()
        .find(|n| n.tag_name().name() == "node" && n.attribute("id") == Some("russia"))
        .unwrap();
    assert_eq!(colour(russia), "#cde8cd");
}
