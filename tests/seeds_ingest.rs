//! The real seed articles in `../shared/seeds` against
//! `../shared/gold/docs.jsonl`: title, outlet, date (±1 day) and language;
//! no page furniture left; no sentence of the body lost. Skips (with a
//! message) when `../shared` is absent.
//!
//! The furniture and body checks work from the raw seed text with their
//! own, deliberately simple, segmentation (tags stripped, split at block
//! tags and lines) and structural markers, independent of the library's
//! rules, and never quote the seeds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
mod common;

use chrono::NaiveDate;
use stancegraph::ingest::{read_inputs, IngestOptions};
use stancegraph::Article;

struct Gold {
    title: String,
    outlet: String,
    date: Option<String>,
    lang: String,
}

fn gold(shared: &Path) -> BTreeMap<String, Gold> {
    let text = std::fs::read_to_string(shared.join("gold/docs.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().map(str::to_string);
            (
                s("doc").unwrap(),
                Gold {
                    title: s("title").unwrap(),
                    outlet: s("outlet").unwrap_or_else(|| "unknown".to_string()),
                    date: s("date"),
                    lang: s("lang").unwrap(),
                },
            )
        })
        .collect()
}

fn articles(shared: &Path) -> Vec<(PathBuf, Article)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let mut it = read_inputs(&[f.display().to_string()], &IngestOptions::default());
            let a = it
                .next()
                .expect("one article")
                .unwrap_or_else(|p| panic!("{p}"));
            assert!(it.next().is_none());
            (f, a)
        })
        .collect()
}

/// Strips tags (test-side, crude on purpose) and decodes a few entities.
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
}

/// Raw segments: lines, further cut at block-level tags, tags stripped.
/// A front-matter header (metadata, not body) is left out.
fn segments(raw: &str) -> Vec<String> {
    let mut s = raw.trim_start().to_string();
    if s.starts_with("---") {
        let lines: Vec<&str> = s.lines().collect();
        if let Some(end) = lines.iter().skip(1).position(|l| l.trim() == "---") {
            s = lines[end + 2..].join("\n");
        }
    }
    for tag in ["<p", "</p>", "<div", "</div>", "<br"] {
        s = s.replace(tag, &format!("\n{tag}"));
    }
    s.lines()
        .map(|l| strip_tags(l).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Sentences of a segment that end with sentence punctuation.
fn sentences(seg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = seg.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        cur.push(c);
        let end = matches!(c, '。' | '！' | '？' | '!' | '?')
            || (c == '.' && chars.get(i + 1).is_none_or(|n| n.is_whitespace()));
        if end {
            // Keep closing quotes with their sentence.
            out.push(std::mem::take(&mut cur));
        }
    }
    out.into_iter()
        .map(|s| squash(&s))
        .filter(|s| s.chars().count() >= 8)
        .collect()
}

/// Furniture by structural markers of the raw text: everything from an
/// editor tag or an editor's note on, everything after an end marker,
/// copyright lines.
fn split_furniture(segs: &[String]) -> (Vec<String>, Vec<String>) {
    let mut body = Vec::new();
    let mut furniture = Vec::new();
    let mut tail = false;
    for seg in segs {
        if seg.contains("责任编辑") || seg.starts_with("Editor") {
            tail = true;
        }
        if tail || seg.contains("Copyright") {
            furniture.push(seg.clone());
            continue;
        }
        if let Some(i) = seg.find("( 完 )").or_else(|| seg.find("(完)")) {
            body.push(seg[..i].to_string());
            tail = true;
            continue;
        }
        body.push(seg.clone());
    }
    (body, furniture)
}

#[test]
fn seeds_metadata_match_gold() {
    let Some(shared) = common::shared("seeds_metadata_match_gold") else {
        return;
    };
    let gold = gold(&shared);
    let arts = articles(&shared);
    assert_eq!(arts.len(), gold.len(), "one gold record per seed");
    for (_, a) in &arts {
        let g = gold
            .get(&a.id)
            .unwrap_or_else(|| panic!("no gold for {}", a.id));
        assert_eq!(a.title.as_deref(), Some(g.title.as_str()), "{} title", a.id);
        assert_eq!(a.outlet, g.outlet, "{} outlet", a.id);
        let lang = serde_json::to_value(a.lang).unwrap();
        assert_eq!(lang.as_str(), Some(g.lang.as_str()), "{} lang", a.id);
        match (&g.date, &a.date) {
            (None, None) => {}
            (Some(want), Some(got)) => {
                let want = NaiveDate::parse_from_str(want, "%Y-%m-%d").unwrap();
                let got = NaiveDate::parse_from_str(&got[..10], "%Y-%m-%d").unwrap();
                assert!(
                    (got - want).num_days().abs() <= 1,
                    "{} date {got} vs {want}",
                    a.id
                );
            }
            (w, g) => panic!("{} date: want {w:?}, got {g:?}", a.id),
        }
        assert!(a.paragraphs[0].heading, "{} headline first", a.id);
        assert!(
            a.paragraphs
                .iter()
                .skip(1)
                .all(|p| Some(&p.text) != a.title.as_ref()),
            "{} headline duplicated",
            a.id
        );
    }
}

#[test]
fn seeds_lose_no_body_sentence_and_keep_no_furniture() {
    let Some(shared) = common::shared("seeds_lose_no_body_sentence_and_keep_no_furniture") else {
        return;
    };
    let mut total_furniture = 0;
    for (path, a) in articles(&shared) {
        let raw = std::fs::read_to_string(&path).unwrap();
        let segs = segments(&raw);
        let (body, furniture) = split_furniture(&segs);
        let clean = squash(&a.text());
        let paragraphs: Vec<String> = a.paragraphs.iter().map(|p| squash(&p.text)).collect();

        let mut checked = 0;
        for seg in &body {
            for s in sentences(seg) {
                checked += 1;
                assert!(clean.contains(&s), "{}: body sentence lost: {s}", a.id);
            }
        }
        assert!(
            checked >= 5,
            "{}: only {checked} body sentences found; the check would be vacuous",
            a.id
        );

        for f in &furniture {
            let f = squash(f);
            if f.chars().count() < 4 {
                continue;
            }
            total_furniture += 1;
            assert!(
                !paragraphs.iter().any(|p| p.contains(&f)),
                "{}: furniture left in: {f}",
                a.id
            );
        }
        // What the library dropped it also lists.
        for p in &a.paragraphs {
            assert!(
                !p.text.contains("责任编辑")
                    && !p.text.contains("Copyright")
                    && !p.text.contains("Related News")
            );
        }
        if !furniture.is_empty() {
            assert!(
                !a.removed.is_empty(),
                "{}: furniture removed but not listed",
                a.id
            );
        }
    }
    assert!(
        total_furniture >= 20,
        "furniture check found only {total_furniture} lines"
    );
}

#[test]
fn segmentation_helpers_can_fail() {
    // The checker itself: a lost sentence and a kept furniture line are seen.
    let segs = segments("<p>甲方指责乙方说谎。乙方随即予以坚决否认！</p><p>正文结束 ( 完 ) </p><p>推荐阅读一则新闻标题</p>");
    let (body, furniture) = split_furniture(&segs);
    assert_eq!(furniture, ["推荐阅读一则新闻标题"]);
    let sents: Vec<String> = body.iter().flat_map(|s| sentences(s)).collect();
    assert_eq!(sents, ["甲方指责乙方说谎。", "乙方随即予以坚决否认！"]);
    assert!(!squash("甲方指责乙方说谎。").contains(&sents[1]));
}
