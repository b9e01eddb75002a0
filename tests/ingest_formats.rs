//! Ingest of every supported format, encodings, problem inputs, a 50 MB
//! file, directory walking and the `inspect` command, on invented fixtures
//! in `tests/fixtures/ingest/`.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use stancegraph::ingest::{parse_bytes, read_inputs, IngestOptions, InputProblem};
use stancegraph::{Article, Format, Lang};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ingest")
        .join(name)
        .display()
        .to_string()
}

fn read_all(inputs: &[String], opts: &IngestOptions) -> (Vec<Article>, Vec<InputProblem>) {
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for item in read_inputs(inputs, opts) {
        match item {
            Ok(a) => ok.push(a),
            Err(p) => bad.push(p),
        }
    }
    (ok, bad)
}

fn one(name: &str) -> Article {
    let (ok, bad) = read_all(&[fixture(name)], &IngestOptions::default());
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(ok.len(), 1);
    ok.into_iter().next().unwrap()
}

fn text(a: &Article) -> String {
    a.text()
}

fn reasons(a: &Article) -> Vec<&str> {
    a.removed.iter().map(|r| r.reason.as_str()).collect()
}

/// Offsets index the clean text in chars, and the headline comes first.
fn check_offsets(a: &Article) {
    let t: Vec<char> = text(a).chars().collect();
    for p in &a.paragraphs {
        let slice: String = t[p.start..p.end].iter().collect();
        assert_eq!(slice, p.text);
    }
    if let Some(title) = &a.title {
        assert!(a.paragraphs[0].heading);
        assert_eq!(&a.paragraphs[0].text, title);
        assert!(
            a.paragraphs.iter().skip(1).all(|p| &p.text != title),
            "headline duplicated"
        );
    }
}

#[test]
fn front_matter_with_html_body() {
    let a = one("hexo_embassy.md");
    check_offsets(&a);
    assert_eq!(a.format, Format::FrontMatter);
    assert_eq!(a.id, "hexo_embassy");
    assert_eq!(
        a.title.as_deref(),
        Some("某国指责我“操纵选举”，驻该国使馆：纯属捏造")
    );
    assert_eq!(a.outlet, "globaltimes");
    assert_eq!(a.date.as_deref(), Some("2023-03-14"));
    assert_eq!(a.published.as_deref(), Some("2023-03-14T08:05:12Z"));
    assert_eq!(a.lang, Lang::Zh);
    let t = text(&a);
    assert!(t.contains("纯属捏造&恶意炒作。"), "entity decoded");
    assert!(t.contains("从未也不会干预"), "link text kept");
    assert!(t.ends_with("砸自己的脚。"), "end marker trimmed: {t}");
    for furniture in ["深夜暴雨", "新手机", "养生", "Copyright", "完 )"] {
        assert!(!t.contains(furniture), "{furniture} left in");
    }
    let heading = a
        .paragraphs
        .iter()
        .find(|p| p.text == "使馆：从不干涉别国内政")
        .unwrap();
    assert!(heading.heading);
    assert_eq!(a.paragraphs.iter().filter(|p| p.heading).count(), 2);
    assert!(reasons(&a).contains(&"after end marker"));
}

#[test]
fn front_matter_invalid_date_is_a_warning() {
    let doc = "---\ntitle: 使馆声明\nauthor: ZAKER\ndate: Invalid Date\n---\n\n<p>使馆发言人表示坚决反对。</p>";
    let a = parse_bytes(doc.as_bytes(), "x.md", "x", &IngestOptions::default()).unwrap();
    assert_eq!(a.date, None);
    assert_eq!(a.outlet, "zaker");
    assert!(a.warnings.iter().any(|w| w.contains("Invalid Date")));
    // A Markdown body under front matter, ISO date, Hugo-style.
    let doc = "---\ntitle: \"Envoy rebuts claims\"\ndate: 2022-11-02T10:00:00+08:00\nurl: https://www.example.com.sg/a\n---\n\n## Background\n\nThe envoy rebutted the **claims**.\n";
    let a = parse_bytes(doc.as_bytes(), "y.md", "y", &IngestOptions::default()).unwrap();
    assert_eq!(a.date.as_deref(), Some("2022-11-02"));
    assert_eq!(a.published.as_deref(), Some("2022-11-02T02:00:00Z"));
    assert_eq!(a.outlet, "example");
    assert_eq!(a.paragraphs[1].text, "Background");
    assert!(a.paragraphs[1].heading);
    assert_eq!(a.paragraphs[2].text, "The envoy rebutted the claims.");
}

#[test]
fn rfi_style_page() {
    let a = one("rfi_style.txt");
    check_offsets(&a);
    assert_eq!(a.format, Format::RfiPage);
    assert_eq!(
        a.title.as_deref(),
        Some("专访：制裁与反制裁之间的外交角力 - 国际观察")
    );
    assert_eq!(a.outlet, "rfi");
    assert_eq!(a.date.as_deref(), Some("2023-03-15"));
    assert_eq!(a.published.as_deref(), None);
    assert_eq!(a.paragraphs.len(), 4);
    assert!(!text(&a).contains("15/03/2023"));
    assert!(!text(&a).contains("资料图片"));
    assert_eq!(reasons(&a), ["dateline", "image caption"]);
}

#[test]
fn plain_dashed_with_furniture() {
    let a = one("dashed_zh.txt");
    check_offsets(&a);
    assert_eq!(a.format, Format::PlainDashed);
    assert_eq!(
        a.title.as_deref(),
        Some("驻某国使馆驳斥“间谍气球”指控:毫无事实依据!")
    );
    assert_eq!(a.outlet, "unknown");
    assert_eq!(
        a.date.as_deref(),
        Some("2023-03-08"),
        "month-day from the body, year from the timestamps"
    );
    assert_eq!(a.paragraphs.len(), 5);
    let t = text(&a);
    for furniture in [
        "责任编辑",
        "2023-03-10",
        "新增本土",
        "相关推荐",
        "最新闻",
        "稳岗",
        "流感",
    ] {
        assert!(!t.contains(furniture), "{furniture} left in");
    }
    assert!(t.ends_with("停止抹黑中国!"));
}

#[test]
fn plain_english_page() {
    let a = one("page_en.txt");
    check_offsets(&a);
    assert_eq!(a.format, Format::PlainPage);
    assert_eq!(
        a.title.as_deref(),
        Some("Embassy rejects \"baseless\" espionage claims by northern neighbour")
    );
    assert_eq!(a.outlet, "globaltimes");
    assert_eq!(a.date.as_deref(), Some("2023-03-10"));
    assert_eq!(a.published.as_deref(), None);
    assert_eq!(a.author.as_deref(), Some("Li Si"));
    assert_eq!(a.lang, Lang::En);
    assert_eq!(a.paragraphs.len(), 4);
    let t = text(&a);
    assert!(
        !t.contains("Editor's note") && !t.contains("Related News") && !t.contains("Zhang San")
    );
    assert_eq!(
        reasons(&a),
        ["metadata line", "editor tag", "trailing short line"]
    );
}

#[test]
fn markdown_mixed_article() {
    let a = one("markdown_mixed.md");
    check_offsets(&a);
    assert_eq!(a.format, Format::Markdown);
    assert_eq!(
        a.title.as_deref(),
        Some("Ministry summons ambassador over “smear campaign” 外交部召见大使")
    );
    assert_eq!(a.outlet, "dailycourier-news");
    assert_eq!(a.date.as_deref(), Some("2023-04-02"));
    assert_eq!(a.author.as_deref(), Some("Maria Lopez"));
    assert_eq!(a.lang, Lang::Mixed);
    let t = text(&a);
    assert!(t.contains("called on the ministry to stop politicising consular matters."));
    assert!(!t.contains("](") && !t.contains("**") && !t.contains("Source"));
    assert!(!t.contains("The embassy building in the capital"));
    assert!(a
        .paragraphs
        .iter()
        .any(|p| p.heading && p.text == "Embassy response 使馆回应"));
}

#[test]
fn saved_html_page() {
    let a = one("saved_page.html");
    check_offsets(&a);
    assert_eq!(a.format, Format::HtmlPage);
    assert_eq!(
        a.title.as_deref(),
        Some("Envoy dismisses sanctions threat as \"blackmail\"")
    );
    assert_eq!(a.outlet, "harbourherald");
    assert_eq!(a.date.as_deref(), Some("2023-05-06"));
    assert_eq!(a.published.as_deref(), Some("2023-05-06T08:30:00Z"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://www.harbourherald.co.uk/world/envoy-dismisses-sanctions")
    );
    assert_eq!(a.lang, Lang::En);
    let t = text(&a);
    assert!(t.contains("as “blackmail”, saying"));
    assert!(t.contains("accused the embassy of spreading disinformation."));
    for furniture in [
        "dataLayer",
        "color: black",
        "Home",
        "Share on",
        "Minister visits",
        "rights reserved",
        "By Tom Reed",
        "speaks to reporters",
    ] {
        assert!(!t.contains(furniture), "{furniture} left in");
    }
    assert_eq!(a.paragraphs.iter().filter(|p| p.heading).count(), 2);
}

#[test]
fn jsonl_corpus_with_bad_lines() {
    let (ok, bad) = read_all(&[fixture("corpus.jsonl")], &IngestOptions::default());
    let ids: Vec<&str> = ok.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["c-001", "c-002", "c-004"]);
    assert!(ok.iter().all(|a| a.format == Format::Jsonl));
    assert_eq!(ok[0].outlet, "xinhua");
    assert_eq!(ok[0].date.as_deref(), Some("2023-02-01"));
    assert!(ok[0].source.ends_with("corpus.jsonl:1"));
    assert_eq!(
        ok[1].paragraphs[1].text,
        "The embassy said the report was false."
    );
    assert_eq!(ok[1].date.as_deref(), Some("2023-05-06"));
    assert_eq!(ok[2].outlet, "example-times");
    assert_eq!(ok[2].lang, Lang::Mixed);
    let lines: Vec<Option<usize>> = bad.iter().map(|p| p.line).collect();
    assert_eq!(lines, [Some(3), Some(6)]);
    assert!(bad[0].reason.contains("invalid JSON"));
    assert!(bad[1].reason.contains("id"));
}

const ZH_TEXT: &str = "驻外使馆严词驳斥\n\n外交部发言人在例行记者会上表示，有关国家的指责毫无根据，中方坚决反对并已提出严正交涉。\n\n发言人说，我们敦促对方停止散布虚假信息，停止干涉别国内政。\n";
const ZH_TRAD: &str = "駐外使館嚴詞駁斥\n\n外交部發言人在例行記者會上表示，有關國家的指責毫無根據，我方堅決反對並已提出嚴正交涉。\n\n發言人說，我們敦促對方停止散佈虛假資訊，停止干涉別國內政。\n";

#[test]
fn legacy_encodings_and_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("a_gbk.txt", &encoding_rs::GBK.encode(ZH_TEXT).0);
    write("b_big5.txt", &encoding_rs::BIG5.encode(ZH_TRAD).0);
    let mut le = vec![0xFF, 0xFE];
    le.extend(ZH_TEXT.encode_utf16().flat_map(u16::to_le_bytes));
    write("c_utf16le.txt", &le);
    let mut be = vec![0xFE, 0xFF];
    be.extend(ZH_TEXT.encode_utf16().flat_map(u16::to_be_bytes));
    write("d_utf16be.txt", &be);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(ZH_TEXT.as_bytes());
    write("e_utf8bom.txt", &bom);
    let (ok, bad) = read_all(
        &[dir.path().display().to_string()],
        &IngestOptions::default(),
    );
    assert!(bad.is_empty(), "{bad:?}");
    let ids: Vec<&str> = ok.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        ["a_gbk", "b_big5", "c_utf16le", "d_utf16be", "e_utf8bom"]
    );
    for a in &ok {
        let want = if a.id == "b_big5" { ZH_TRAD } else { ZH_TEXT };
        let want_title = want.lines().next().unwrap();
        assert_eq!(a.title.as_deref(), Some(want_title), "{}", a.id);
        assert_eq!(a.paragraphs.len(), 3, "{}", a.id);
        assert_eq!(a.lang, Lang::Zh);
        assert!(text(a).ends_with("內政。") || text(a).ends_with("内政。"));
    }
    assert!(
        ok[0]
            .warnings
            .iter()
            .any(|w| w.contains("GBK") || w.contains("gb18030")),
        "{:?}",
        ok[0].warnings
    );
    assert!(
        ok[1].warnings.iter().any(|w| w.contains("Big5")),
        "{:?}",
        ok[1].warnings
    );
}

#[test]
fn empty_and_binary_files_are_problems() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    std::fs::write(dir.path().join("blank.txt"), b"  \n\n\t\n").unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4000u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(dir.path().join("image.txt"), &png).unwrap();
    std::fs::write(
        dir.path().join("ok.txt"),
        "Title\n\nThe embassy issued a statement.\n",
    )
    .unwrap();
    let (ok, bad) = read_all(
        &[dir.path().display().to_string()],
        &IngestOptions::default(),
    );
    assert_eq!(ok.len(), 1);
    assert_eq!(bad.len(), 3);
    let by_name = |n: &str| {
        bad.iter()
            .find(|p| p.source.ends_with(n))
            .unwrap()
            .reason
            .clone()
    };
    assert!(by_name("empty.txt").contains("empty"));
    assert!(by_name("blank.txt").contains("empty"));
    assert!(by_name("image.txt").contains("binary"));
}

#[test]
fn fifty_megabyte_file() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("big.txt");
    let para = |i: usize| {
        format!(
            "Paragraph {i}: the embassy rejected accusation number {i} and said that {} the ministry would respond in due course.",
            "the claims were groundless, the evidence was missing and ".repeat(16)
        )
    };
    let mut doc = String::from("A very long dossier of accusations\n\n");
    let mut n = 0;
    while doc.len() < 50 * 1024 * 1024 {
        doc.push_str(&para(n));
        doc.push_str("\n\n");
        n += 1;
    }
    std::fs::write(&path, doc.as_bytes()).unwrap();
    drop(doc);
    let input = [path.display().to_string()];
    // Over the default 20 MB limit: skipped with a reason.
    let (ok, bad) = read_all(&input, &IngestOptions::default());
    assert!(ok.is_empty());
    assert!(bad[0].reason.contains("too large"), "{}", bad[0].reason);
    // Under a raised limit: read, every paragraph in place.
    let opts = IngestOptions {
        max_article_bytes: 64 * 1024 * 1024,
        ..Default::default()
    };
    let (ok, bad) = read_all(&input, &opts);
    assert!(bad.is_empty(), "{bad:?}");
    let a = &ok[0];
    assert_eq!(
        a.title.as_deref(),
        Some("A very long dossier of accusations")
    );
    assert_eq!(a.paragraphs.len(), n + 1);
    assert_eq!(a.paragraphs[1].text, para(0));
    assert_eq!(a.paragraphs[n].text, para(n - 1));
    let (p1, p2) = (&a.paragraphs[1], &a.paragraphs[2]);
    assert_eq!(p1.start, "A very long dossier of accusations".len() + 2);
    assert_eq!(p2.start, p1.end + 2);
    assert!(a.removed.is_empty());
}

#[test]
fn directories_are_sorted_and_symlink_loops_reported() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("b_sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(dir.path().join("c.txt"), "Third\n\nText three.\n").unwrap();
    std::fs::write(dir.path().join("a.txt"), "First\n\nText one.\n").unwrap();
    std::fs::write(sub.join("z.txt"), "Second\n\nText two.\n").unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), "Hidden\n\nNot read.\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
    let (ok, bad) = read_all(
        &[dir.path().display().to_string()],
        &IngestOptions::default(),
    );
    let titles: Vec<&str> = ok.iter().filter_map(|a| a.title.as_deref()).collect();
    assert_eq!(titles, ["First", "Second", "Third"]);
    #[cfg(unix)]
    {
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].reason.contains("symlink loop"));
    }
}

#[test]
fn missing_file_is_a_problem_and_others_still_read() {
    let inputs = [fixture("does-not-exist.txt"), fixture("page_en.txt")];
    let (ok, bad) = read_all(&inputs, &IngestOptions::default());
    assert_eq!(ok.len(), 1);
    assert!(bad[0].reason.contains("cannot read"));
}

// ------------------------------------------------------------------ CLI

fn cli() -> Command {
    Command::cargo_bin("stancegraph").unwrap()
}

#[test]
fn inspect_one_file_prints_pretty_json() {
    let out = cli()
        .args(["inspect", &fixture("page_en.txt")])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    assert!(s.starts_with("{\n"), "pretty JSON expected");
    let v: serde_json::Value = serde_json::from_str(&s).unwrap();
    assert_eq!(v["outlet"], "globaltimes");
    assert_eq!(v["format"], "plain_page");
}

#[test]
fn inspect_many_prints_json_lines_and_reports_problems() {
    let assert = cli()
        .args([
            "inspect",
            &fixture("corpus.jsonl"),
            &fixture("rfi_style.txt"),
        ])
        .assert()
        .code(1);
    let out = assert.get_output();
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4);
    for l in &lines {
        serde_json::from_str::<serde_json::Value>(l).unwrap();
    }
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(stderr.contains("corpus.jsonl:3: invalid JSON"), "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with("stancegraph: ")));
}

#[test]
fn inspect_stdin_outlets_override_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("outlets.csv");
    std::fs::write(&csv, "id_or_path,outlet\nstdin,人民日报\n").unwrap();
    let out = cli()
        .args(["inspect", "--outlets", &csv.display().to_string(), "-"])
        .write_stdin("使馆声明\n\n使馆发言人表示，有关报道严重失实。\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["outlet"], "people");
    assert_eq!(v["id"], "stdin");
    cli().args(["inspect"]).assert().code(2);
    cli().args(["frobnicate"]).assert().code(2);
    cli()
        .args(["inspect", "--outlets", "/nonexistent/outlets.csv", "x"])
        .assert()
        .code(2);
}
