//! The HTML pages in a real browser: `analyze`'s report.html and
//! `compare`'s compare.html, opened from disk (file://) in headless
//! Chromium driven over W3C WebDriver (chromedriver; the client is
//! tests/browser/webdriver.rs). The corpus is the sample one plus a hostile
//! article whose title and evidence sentences hold `<script>`, an
//! `onerror` image, quotes, entities, `</textarea>`, RTL marks and CJK: the
//! page must show them as text and run none of them. Each test clicks,
//! types and reads the page as a person would (WebDriver clicks and keys,
//! never a click dispatched by a script), checks the console has no error,
//! and leaves a screenshot in target/browser-artifacts/. Needs Debian's
//! `chromium` and `chromium-driver` (`.ci/run` installs them); without them
//! the tests print SKIPPED (and fail under CI).

mod common;
#[path = "browser/webdriver.rs"]
mod webdriver;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use webdriver::{Element, Session};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stancegraph")
}

/// A headless Chromium session, or `None` (the skip reported) when
/// chromedriver or Chromium is not installed.
fn session(test: &str) -> Option<Session> {
    let Some(driver) = webdriver::which(&["chromedriver"]) else {
        common::skip(
            test,
            "chromedriver is not installed (apt-get install chromium-driver)",
        );
        return None;
    };
    let Some(chromium) = webdriver::which(&["chromium", "chromium-browser"]) else {
        common::skip(test, "chromium is not installed (apt-get install chromium)");
        return None;
    };
    Some(Session::start(&driver, &chromium).unwrap_or_else(|e| panic!("{test}: {e}")))
}

/// Where screenshots go: target/browser-artifacts (under CARGO_TARGET_DIR
/// when that is set).
fn artifacts() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let target = if target.is_relative() {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(target)
    } else {
        target
    };
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The hostile article: front matter as the sample corpus has it, an HTML
/// body whose escaped text holds markup, quotes, entities, RTL marks and
/// CJK inside sentences that give rebut edges (china.mfa.spokesperson ->
/// germany), so the text reaches the evidence list. Invented wording.
fn hostile_article() -> String {
    let rlo = '\u{202E}';
    let rlm = '\u{200F}';
    format!(
        r#"
---
title: '测试网<script>window.__sgPwned=1</script>：浏览器测试 <img src=x onerror="window.__sgPwned=2"> " &amp; </textarea> </script> {rlo}倒序{rlm}'
categories: 
 - 新媒体
 - 测试网
 - 国际
author: 测试网
comments: false
date: Thu, 16 Mar 2023 08:00:00 GMT
---

<div>
<p>【文/测试网 林一】这是一篇为浏览器测试虚构的报道，含有{rlo}倒序文字{rlm}与 &amp;amp; 符号，以及&quot;双引号&quot;。</p>
<p>3月16日，中国外交部发言人驳斥德国的指责，称其“&lt;script&gt;window.__sgPwned=1&lt;/script&gt;”之类的说法毫无根据。</p>
<p>发言人还说，所谓“&lt;img src=x onerror=&quot;window.__sgPwned=2&quot;&gt;”和 &lt;/textarea&gt; &lt;/script&gt; 的报告纯属捏造，中方强烈谴责德国散布{rlo}谣言{rlm}，&amp;amp; 其他。</p>
</div>
"#
    )
}

/// What the hostile sentences hold as text.
const SCRIPT_TEXT: &str = "<script>window.__sgPwned=1</script>";
const IMG_TEXT: &str = "<img src=x onerror=\"window.__sgPwned=2\">";

/// The sample corpus plus the hostile article, in `dir/corpus`.
fn corpus(dir: &Path) -> PathBuf {
    let dst = common::sample_corpus_copy(&dir.join("corpus"));
    std::fs::write(dst.join("11_ceshi_hostile.txt"), hostile_article()).unwrap();
    dst
}

/// Runs stancegraph with `args`; panics with its output unless it exits 0.
fn run(args: &[&str]) {
    let o = Command::new(bin()).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "stancegraph {args:?}: {}\n{}{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn file_url(p: &Path) -> String {
    let p = p.canonicalize().unwrap();
    let mut url = String::from("file://");
    for b in p.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Opens `page` and waits (up to 20 s) for `document.body.dataset.ready`
/// to be "1"; on time out, panics with what the page showed and logged.
fn open(s: &Session, page: &Path) {
    assert!(page.is_file(), "{} was not written", page.display());
    s.goto(&file_url(page));
    let ready = s.wait_for(
        "return !!document.body && document.body.dataset.ready === '1';",
        &[],
        Duration::from_secs(20),
    );
    if !ready {
        let state = s.exec(
            "return {readyState: document.readyState, \
             ready: document.body ? document.body.dataset.ready : null, \
             text: document.body ? document.body.innerText.slice(0, 1500) : null};",
            &[],
        );
        panic!(
            "{}: body[data-ready=1] not set within 20 s; page state {state}; console {:?}",
            page.display(),
            s.browser_log()
        );
    }
}

/// No console entry of level SEVERE (script errors, failed loads).
fn assert_no_severe(s: &Session, what: &str) {
    let log = s.browser_log();
    let severe: Vec<_> = log.iter().filter(|e| e["level"] == "SEVERE").collect();
    assert!(
        severe.is_empty(),
        "{what}: SEVERE browser console entries: {severe:#?}"
    );
}

/// Pixel statistics of a PNG: (width, height, distinct colours, share of
/// pixels not of the most common colour).
fn png_stats(bytes: &[u8]) -> (u32, u32, usize, f64) {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = dec.read_info().expect("the screenshot is a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a sane PNG size")];
    let info = reader.next_frame(&mut buf).expect("the PNG decodes");
    let channels = info.color_type.samples();
    let mut counts: HashMap<&[u8], usize> = HashMap::new();
    let data = &buf[..info.buffer_size()];
    let row = info.line_size;
    for y in 0..info.height as usize {
        let line = &data[y * row..y * row + info.width as usize * channels];
        for px in line.chunks_exact(channels) {
            *counts.entry(px).or_default() += 1;
        }
    }
    let total = (info.width as usize * info.height as usize).max(1);
    let mode = counts.values().copied().max().unwrap_or(0);
    (
        info.width,
        info.height,
        counts.len(),
        (total - mode) as f64 / total as f64,
    )
}

/// A screenshot of the whole page (the window grown to the document's
/// size, up to 8000 px high) into target/browser-artifacts/`name`; asserts
/// it is not blank: at least 3 colours, and at least 1% of the pixels not
/// of the most common one.
fn screenshot(s: &Session, name: &str) {
    let size = s.exec(
        "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];",
        &[],
    );
    let w = size[0].as_u64().unwrap_or(1400).clamp(1400, 4000);
    let h = (size[1].as_u64().unwrap_or(1000) + 140).clamp(1000, 8000);
    s.set_window_size(w, h);
    s.exec("window.scrollTo(0, 0);", &[]);
    let png = s.screenshot();
    let path = artifacts().join(name);
    std::fs::write(&path, &png).unwrap();
    let (width, height, colours, share) = png_stats(&png);
    assert!(
        colours >= 3 && share >= 0.01,
        "{} ({width}x{height}) looks blank: {colours} colours, {:.2}% not the most common",
        path.display(),
        share * 100.0
    );
    s.set_window_size(1400, 1000);
}

/// Clicks `e` as a person would: scrolled into view, then the WebDriver
/// element click. chromedriver refuses that for an SVG `<g>` whose box has
/// no area (a straight horizontal or vertical edge) or when another
/// element is on top at the box's centre (a curved edge's box centre is
/// off its line); then the click goes to the `<g>`'s own drawn parts
/// (label, arrowhead, line), and last to the pointer pressed (WebDriver
/// actions, still the browser's own input) at a point on the drawing that
/// the page hit-tests to this element. Never a click made by a script.
fn click(s: &Session, e: &Element, what: &str) {
    s.scroll_into_view(e);
    let first = match s.click(e) {
        Ok(()) => return,
        Err(err) => err,
    };
    for css in ["text", "polygon", "path", "ellipse"] {
        for part in s.find_all_in(e, css) {
            if s.click(&part).is_ok() {
                eprintln!("note: {what}: element click refused ({first}); clicked its <{css}>");
                return;
            }
        }
    }
    let point = s.exec(
        "const g = arguments[0]; \
         const hits = (x, y) => { const h = document.elementFromPoint(x, y); return !!h && (h === g || g.contains(h)); }; \
         const shapes = [g, ...g.querySelectorAll('path, polygon, polyline, line, ellipse, circle, rect, text')]; \
         for (const sh of shapes) { \
           if (sh.getTotalLength && sh.getScreenCTM) { \
             const len = sh.getTotalLength(), m = sh.getScreenCTM(); \
             for (const f of [0.5, 0.25, 0.75, 0.1, 0.9]) { \
               const p = new DOMPoint(sh.getPointAtLength(len * f).x, sh.getPointAtLength(len * f).y).matrixTransform(m); \
               for (const [dx, dy] of [[0, 0], [0, 1], [1, 0], [0, -1], [-1, 0]]) { \
                 if (hits(Math.round(p.x) + dx, Math.round(p.y) + dy)) return [Math.round(p.x) + dx, Math.round(p.y) + dy]; \
               } \
             } \
           } \
           const r = sh.getBoundingClientRect(); \
           const x = Math.round(r.left + r.width / 2), y = Math.round(r.top + r.height / 2); \
           if (hits(x, y)) return [x, y]; \
         } \
         return null;",
        &[e.arg()],
    );
    if let (Some(x), Some(y)) = (point[0].as_i64(), point[1].as_i64()) {
        s.pointer_click(x, y);
        eprintln!("note: {what}: element click refused ({first}); pressed the pointer at ({x}, {y}) on its drawing");
        return;
    }
    panic!(
        "WebDriver click on {what} failed: {first}; so did clicks on its drawn parts, and no point on its drawing hit-tests to it"
    );
}

/// The text of every visible row of `#edge-table`'s body.
fn visible_rows(s: &Session) -> Vec<String> {
    let v = s.exec(
        "return [...document.querySelectorAll('#edge-table tbody tr')] \
         .filter(r => r.getClientRects().length > 0 && getComputedStyle(r).visibility !== 'hidden') \
         .map(r => r.innerText);",
        &[],
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap_or("").to_string())
        .collect()
}

/// Waits (up to 3 s) until the element that `find` finds is displayed
/// (`want` true) or is hidden or gone (`want` false), by WebDriver's
/// element displayed; whether it came to be so. A reference gone stale
/// (the page rebuilt the element) is looked up again.
fn shown(s: &Session, find: &dyn Fn() -> Option<Element>, want: bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let now = match find() {
            None => Some(false),
            Some(e) => s.try_displayed(&e).ok(),
        };
        if now == Some(want) {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The two numbers of `#edge-count` ("12 of 80 edges").
fn edge_count(s: &Session) -> (usize, usize) {
    let e = s.find_all("#edge-count");
    assert!(!e.is_empty(), "no #edge-count");
    let text = s.text(&e[0]);
    let nums: Vec<usize> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert!(
        nums.len() >= 2 && text.contains(" of ") && text.contains("edge"),
        "#edge-count says {text:?}, not \"N of M edges\""
    );
    (nums[0], nums[1])
}

/// The `.sentence` texts of `#evidence li.ev`, once there are any (waits
/// up to 3 s after a click).
fn evidence(s: &Session) -> Vec<String> {
    s.wait_for(
        "return document.querySelectorAll('#evidence li.ev .sentence').length > 0;",
        &[],
        Duration::from_secs(3),
    );
    s.find_all("#evidence li.ev .sentence")
        .iter()
        .map(|e| {
            s.exec("return arguments[0].textContent;", &[e.arg()])
                .as_str()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// Describes `#evidence` for a failure message.
fn evidence_dom(s: &Session) -> Value {
    s.exec(
        "const e = document.getElementById('evidence'); \
         return e ? e.outerHTML.slice(0, 1500) : 'no #evidence';",
        &[],
    )
}

/// analyze's report.html for the sample corpus plus the hostile article,
/// opened and ready.
fn open_report(test: &str) -> Option<(Session, tempfile::TempDir)> {
    let s = session(test)?;
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path());
    let out = tmp.path().join("out");
    run(&[
        "analyze",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    open(&s, &out.join("report.html"));
    Some((s, tmp))
}

#[test]
fn report_page_works_in_chromium_and_shows_hostile_text_as_text() {
    let test = "report_page_works_in_chromium_and_shows_hostile_text_as_text";
    let Some((s, _tmp)) = open_report(test) else {
        return;
    };
    assert_no_severe(&s, "report.html after load");
    for id in [
        "graph",
        "evidence",
        "edge-table",
        "stance-table",
        "legend",
        "problems",
    ] {
        assert!(
            !s.find_all(&format!("#{id}")).is_empty(),
            "report.html has no #{id}"
        );
    }

    // The graph: inline SVG, edges and nodes as focusable groups.
    let edges = s.find_all("#graph svg g.edge");
    assert!(!edges.is_empty(), "no #graph svg g.edge in report.html");
    let nodes = s.find_all("#graph svg g.node");
    assert!(!nodes.is_empty(), "no #graph svg g.node in report.html");
    for (kind, list, prefix) in [("edge", &edges, 'e'), ("node", &nodes, 'n')] {
        let e = &list[0];
        let id = s.attribute(e, "id").unwrap_or_default();
        assert!(
            id.starts_with(prefix) && id[1..].parse::<u64>().is_ok(),
            "the first g.{kind} has id {id:?}, not {prefix}{{N}}"
        );
        assert_eq!(
            s.attribute(e, "tabindex").as_deref(),
            Some("0"),
            "g.{kind}#{id} tabindex"
        );
    }

    // Clicking the first edge lists its evidence, actors and cue marked.
    click(&s, &edges[0], "the first #graph g.edge");
    let ev = evidence(&s);
    assert!(
        !ev.is_empty() && ev.iter().all(|t| !t.trim().is_empty()),
        "clicking the first g.edge gave evidence sentences {ev:?}; #evidence: {}",
        evidence_dom(&s)
    );
    let marks = s.exec(
        "return [document.querySelectorAll('#evidence li.ev .sentence mark.actor').length, \
                 document.querySelectorAll('#evidence li.ev .sentence mark.cue').length];",
        &[],
    );
    assert!(
        marks[0].as_u64() > Some(0) && marks[1].as_u64() > Some(0),
        "the evidence marks no actor or no cue (mark.actor, mark.cue counts {marks}); #evidence: {}",
        evidence_dom(&s)
    );

    // Clicking a node lists evidence too.
    click(&s, &nodes[0], "the first #graph g.node");
    let ev = evidence(&s);
    assert!(
        !ev.is_empty(),
        "clicking the first g.node gave no evidence; #evidence: {}",
        evidence_dom(&s)
    );

    // `#edge-count` says "N of M edges"; the table may show a page of them.
    let (n0, m0) = edge_count(&s);
    assert_eq!(n0, m0, "#edge-count before any filter");
    let before = visible_rows(&s);
    assert!(
        before.len() > 1 && before.len() <= n0,
        "#edge-table shows {} rows of {n0} edges",
        before.len()
    );
    let paged = before.len() < n0;

    // A sortable header reorders the rows (one of two clicks: the first
    // may sort the way the rows already are).
    let headers = s.find_all("#edge-table th[data-key]");
    assert!(!headers.is_empty(), "#edge-table has no th[data-key]");
    let mut reordered = false;
    'headers: for h in &headers {
        for _ in 0..2 {
            click(&s, h, "an #edge-table th[data-key]");
            let after = visible_rows(&s);
            if after != before {
                if !paged {
                    let (mut a, mut b) = (after.clone(), before.clone());
                    a.sort();
                    b.sort();
                    assert_eq!(a, b, "sorting changed which rows there are");
                }
                reordered = true;
                break 'headers;
            }
        }
    }
    assert!(reordered, "no th[data-key] click reordered #edge-table");
    assert_eq!(edge_count(&s), (n0, m0), "#edge-count after sorting");

    // The filter: typing a relation name keeps only rows that mention it.
    let all = visible_rows(&s).len();
    let filter = s.find_all("input#edge-filter");
    assert!(!filter.is_empty(), "no input#edge-filter");
    s.scroll_into_view(&filter[0]);
    s.send_keys(&filter[0], "rebut")
        .unwrap_or_else(|e| panic!("typing into #edge-filter: {e}"));
    let deadline = Instant::now() + Duration::from_secs(3);
    while edge_count(&s).0 == n0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let (n1, m1) = edge_count(&s);
    let rows = visible_rows(&s);
    assert!(
        n1 > 0 && n1 < n0 && m1 == m0,
        "filter \"rebut\": #edge-count says {n1} of {m1} (before: {n0} of {m0})"
    );
    assert!(
        !rows.is_empty() && rows.len() <= n1 && rows.len() <= all,
        "filter \"rebut\": {} rows visible, #edge-count {n1} of {m1}, {all} rows before",
        rows.len()
    );
    if !paged {
        assert_eq!(
            rows.len(),
            n1,
            "filter \"rebut\": rows visible vs #edge-count"
        );
    }
    for r in &rows {
        assert!(
            r.to_lowercase().contains("rebut"),
            "filter \"rebut\" left a row without it: {r:?}"
        );
    }

    // The hostile text ran nowhere and is shown as text.
    let pwned = s.exec("return typeof window.__sgPwned;", &[]);
    assert_eq!(pwned, json!("undefined"), "window.__sgPwned was set");
    let injected = s.exec(
        "return [...document.querySelectorAll('img[src=\"x\"], [onerror]')].length + \
         [...document.scripts].filter(e => e.textContent.trim() === 'window.__sgPwned=1').length;",
        &[],
    );
    assert_eq!(injected, json!(0), "hostile markup became elements");
    assert_hostile_text_shown(&s);
    assert_no_severe(&s, "report.html after clicks and typing");
    screenshot(&s, "report.png");
}

/// The hostile sentences are in some edge's evidence, literally: the
/// edges whose drawing names Germany and rebut are clicked first (WebDriver clicks)
/// until one lists them. Failing that, the page's text must hold them.
fn assert_hostile_text_shown(s: &Session) {
    let edges = s.find_all("#graph svg g.edge");
    let labels = s.exec(
        "return [...document.querySelectorAll('#graph svg g.edge')].map(e => e.textContent);",
        &[],
    );
    let mut order: Vec<usize> = (0..edges.len()).collect();
    // The hostile sentences give rebut edges to Germany: those first.
    order.sort_by_key(|&i| {
        let t = labels[i].as_str().unwrap_or("").to_lowercase();
        let germany = t.contains("germany") || t.contains("德国");
        let rebut = t.contains("rebut") || t.contains("驳斥");
        (!germany, !rebut)
    });
    for i in order {
        click(s, &edges[i], "a #graph g.edge");
        let ev = evidence(s);
        if let Some(t) = ev
            .iter()
            .find(|t| t.contains(SCRIPT_TEXT) || t.contains(IMG_TEXT))
        {
            assert!(
                t.contains("德国"),
                "the hostile evidence sentence lost its CJK text: {t:?}"
            );
            if t.contains(IMG_TEXT) {
                assert!(
                    t.contains("</textarea>") && t.contains('\u{202E}'),
                    "the hostile evidence sentence lost </textarea> or U+202E: {t:?}"
                );
            }
            return;
        }
    }
    eprintln!("note: no edge's evidence lists the hostile sentences; looking in the page text");
    let text = s.exec("return document.body.innerText;", &[]);
    let text = text.as_str().unwrap_or("");
    assert!(
        text.contains(SCRIPT_TEXT) || text.contains(IMG_TEXT),
        "the hostile article's text is nowhere on report.html as text \
         (no edge's evidence lists it, and the page text does not hold {SCRIPT_TEXT:?})"
    );
}

#[test]
fn report_edge_shows_evidence_from_the_keyboard() {
    let test = "report_edge_shows_evidence_from_the_keyboard";
    let Some((s, _tmp)) = open_report(test) else {
        return;
    };
    let edges = s.find_all("#graph svg g.edge");
    assert!(!edges.is_empty(), "no #graph svg g.edge in report.html");
    s.scroll_into_view(&edges[0]);
    // Enter on the focused edge (WebDriver element send keys focuses it).
    s.send_keys(&edges[0], webdriver::ENTER)
        .unwrap_or_else(|e| panic!("Enter on the first g.edge: {e}"));
    let focused = s.exec(
        "return document.activeElement === arguments[0];",
        &[edges[0].arg()],
    );
    assert_eq!(
        focused,
        json!(true),
        "the first g.edge did not take the focus"
    );
    let ev = evidence(&s);
    assert!(
        !ev.is_empty() && ev.iter().all(|t| !t.trim().is_empty()),
        "Enter on the focused first g.edge gave evidence {ev:?}; #evidence: {}",
        evidence_dom(&s)
    );
    // Tab moves the focus on from there (the edges are in the tab order).
    s.press_keys(webdriver::TAB);
    let moved = s.exec(
        "return document.activeElement !== arguments[0] && document.activeElement !== document.body;",
        &[edges[0].arg()],
    );
    assert_eq!(moved, json!(true), "Tab from the first g.edge went nowhere");
    assert_no_severe(&s, "report.html after keyboard use");
}

#[test]
fn compare_page_shows_a_panel_per_outlet_and_filters_them() {
    let test = "compare_page_shows_a_panel_per_outlet_and_filters_them";
    let Some(s) = session(test) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let input = corpus(tmp.path());
    let out = tmp.path().join("cmp");
    run(&[
        "compare",
        input.to_str().unwrap(),
        "--by",
        "outlet",
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("compare.json")).unwrap()).unwrap();
    let groups: Vec<String> = summary["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap().to_string())
        .collect();
    assert!(groups.len() > 1, "compare found groups {groups:?}");
    open(&s, &out.join("compare.html"));
    assert_no_severe(&s, "compare.html after load");

    let panels = s.find_all(".panel[data-group]");
    let names: Vec<String> = panels
        .iter()
        .map(|p| s.attribute(p, "data-group").unwrap_or_default())
        .collect();
    assert_eq!(
        names.len(),
        groups.len(),
        "panels {names:?} for groups {groups:?}"
    );
    for g in &groups {
        assert!(
            names.contains(g),
            "no .panel[data-group={g:?}]; panels {names:?}"
        );
    }
    for (p, name) in panels.iter().zip(&names) {
        assert!(
            !s.find_all_in(p, "svg").is_empty(),
            ".panel[data-group={name:?}] has no svg"
        );
        assert!(
            s.displayed(p),
            ".panel[data-group={name:?}] is not displayed"
        );
    }
    assert!(
        !s.find_all("#heatmap").is_empty(),
        "compare.html has no #heatmap"
    );
    assert!(
        !s.find_all("#compare-table").is_empty(),
        "compare.html has no #compare-table"
    );

    // Unchecking the first group hides its panel and its table column;
    // checking it again shows them.
    let first = &groups[0];
    let boxes = s.find_all(&format!(
        "#group-filter input[type=checkbox][value={}]",
        serde_json::to_string(first).unwrap()
    ));
    assert!(
        !boxes.is_empty(),
        "no #group-filter input[type=checkbox][value={first:?}]"
    );
    let panel_css = format!(
        ".panel[data-group={}]",
        serde_json::to_string(first).unwrap()
    );
    let panel = || s.find_all(&panel_css).into_iter().next();
    // The group's column header: th[data-group], or the th that names it
    // (looked up afresh each time: the page may rebuild the table).
    let column = || {
        let v = s.exec(
            "const g = arguments[0]; \
             const ths = [...document.querySelectorAll('#compare-table th')]; \
             return ths.find(t => t.dataset.group === g) || ths.find(t => t.textContent.trim() === g) || null;",
            &[json!(first)],
        );
        v.get(webdriver::ELEMENT)
            .and_then(Value::as_str)
            .map(|id| Element(id.to_string()))
    };
    if column().is_none() {
        panic!(
            "#compare-table has no header th for group {first:?} (th[data-group] or its name); headers {}",
            s.exec(
                "return [...document.querySelectorAll('#compare-table th')].map(t => t.outerHTML.slice(0, 120));",
                &[]
            )
        );
    }
    assert!(
        shown(&s, &column, true),
        "the {first:?} column header is hidden before unchecking"
    );
    click(&s, &boxes[0], "the first group checkbox");
    assert!(
        shown(&s, &panel, false),
        "unchecking {first:?} left .panel[data-group={first:?}] displayed"
    );
    assert!(
        shown(&s, &column, false),
        "unchecking {first:?} left its #compare-table column displayed"
    );
    for name in names.iter().filter(|n| *n != first) {
        let css = format!(
            ".panel[data-group={}]",
            serde_json::to_string(name).unwrap()
        );
        assert!(
            shown(&s, &|| s.find_all(&css).into_iter().next(), true),
            "unchecking {first:?} hid the panel of {name:?}"
        );
    }
    click(&s, &boxes[0], "the first group checkbox");
    assert!(
        shown(&s, &panel, true),
        "checking {first:?} again did not show its panel"
    );
    assert!(
        shown(&s, &column, true),
        "checking {first:?} again did not show its #compare-table column"
    );
    assert_no_severe(&s, "compare.html after filtering");
    screenshot(&s, "compare.png");
}

/// The client itself, on a page of its own: clicks, keys, displayedness,
/// the console log and a screenshot, so that a failure above is the
/// pages', not the client's.
#[test]
fn webdriver_client_drives_a_small_page() {
    let test = "webdriver_client_drives_a_small_page";
    let Some(s) = session(test) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("client test ü.html");
    std::fs::write(
        &page,
        r##"<!doctype html><meta charset="utf-8"><title>client</title>
<body style="background:#fff">
<h1 style="color:#036">WebDriver client</h1>
<button id="b" style="background:#c33;color:#fff;width:300px;height:80px">press</button>
<input id="t"><p id="out"></p><p id="hide">goes away</p>
<svg width="300" height="240"><g class="edge" id="e0" tabindex="0"><path d="M10 10 L290 110" stroke="#000" stroke-width="6"/></g>
<g class="edge" id="e1" tabindex="0"><path d="M10 200 L290 200" stroke="#00c" stroke-width="6"/></g></svg>
<script>
document.getElementById('b').addEventListener('click', e => {
  document.getElementById('out').textContent = 'clicked ' + e.isTrusted;
  document.getElementById('hide').style.display = 'none';
  console.error('an error on purpose');
});
document.getElementById('t').addEventListener('input', e => {
  document.getElementById('out').textContent = 'typed ' + e.target.value;
});
const g = document.getElementById('e0');
g.addEventListener('click', () => { document.getElementById('out').textContent = 'edge'; });
document.getElementById('e1').addEventListener('click', () => { document.getElementById('out').textContent = 'flat edge'; });
g.addEventListener('keydown', e => { if (e.key === 'Enter') document.getElementById('out').textContent = 'enter'; });
document.body.dataset.ready = '1';
</script>"##,
    )
    .unwrap();
    open(&s, &page);
    assert_eq!(s.exec("return document.title;", &[]), json!("client"));
    let out = || s.text(&s.find_all("#out")[0]);
    let hide = s.find_all("#hide").remove(0);
    assert!(s.displayed(&hide));
    click(&s, &s.find_all("#b").remove(0), "#b");
    assert_eq!(out(), "clicked true", "a trusted (real) click");
    assert!(!s.displayed(&hide));
    let log = s.browser_log();
    assert!(
        log.iter().any(|e| e["level"] == "SEVERE"
            && e["message"].as_str().unwrap_or("").contains("on purpose")),
        "console.error reaches the log as SEVERE: {log:?}"
    );
    s.send_keys(&s.find_all("#t").remove(0), "rebut 中文")
        .unwrap();
    assert_eq!(out(), "typed rebut 中文");
    let edge = s.find_all("svg g.edge").remove(0);
    click(&s, &edge, "the svg g.edge");
    assert_eq!(out(), "edge");
    // A horizontal line has a box without area, which chromedriver will
    // not click: the pointer fallback.
    click(&s, &s.find_all("#e1").remove(0), "the flat svg g.edge");
    assert_eq!(out(), "flat edge");
    s.send_keys(&edge, webdriver::ENTER).unwrap();
    assert_eq!(out(), "enter");
    assert!(s.find_all("#nothing").is_empty());
    let (w, h, colours, share) = png_stats(&s.screenshot());
    assert!(w >= 1000 && h >= 500, "screenshot {w}x{h}");
    assert!(colours >= 3 && share >= 0.01, "{colours} colours, {share}");
}

/// Defence in depth: even markup that got into the page (here written in by
/// hand after the run) runs nothing, because the page's policy allows only
/// the script whose hash it names; the page's own script still runs.
#[test]
fn report_policy_blocks_script_that_is_not_the_pages_own() {
    let test = "report_policy_blocks_script_that_is_not_the_pages_own";
    let Some((s, tmp)) = open_report(test) else {
        return;
    };
    let page = tmp.path().join("out/report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let body = html.find("<body").unwrap();
    let at = body + html[body..].find('>').unwrap() + 1;
    let tampered = format!(
        "{}<script>window.__sgInjected=1</script><img src=\"data:,x\" onerror=\"window.__sgInjected=2\"><svg onload=\"window.__sgInjected=3\"></svg>{}",
        &html[..at],
        &html[at..]
    );
    let bad = tmp.path().join("out/tampered.html");
    std::fs::write(&bad, tampered).unwrap();
    open(&s, &bad);
    assert_eq!(
        s.exec("return typeof window.__sgInjected;", &[]),
        json!("undefined"),
        "injected script ran despite the page's policy"
    );
    assert!(
        !s.find_all("#graph svg g.edge").is_empty(),
        "the page's own script did not run"
    );
}
