//! Page-furniture removal by structural signals, for every format.
//!
//! Signals: an end marker such as `( 完 )` or an editor tag (`责任编辑:`)
//! ends the article and everything after it goes; copyright lines; editor
//! notes and tag lines; image captions and datelines; blocks made mostly of
//! link text; headline-plus-timestamp lists; runs of short lines without
//! sentence punctuation (navigation, headline lists); breadcrumbs; short
//! lines trailing after the last sentence ("Related News"). Each removed
//! block is returned with its reason, consecutive blocks with the same
//! reason merged.

use std::sync::OnceLock;

use regex::Regex;

use super::{meta, Block};
use crate::model::Removed;

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid built-in regex"))
}

/// End-of-article markers used by news agencies: `( 完 )`, `（完）`, `【完】`, `(END)`, `-30-`.
fn end_marker_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"[（(【\[]\s*(?:完|全文完|END|End)\s*[)）】\]]|(?:^|\s)-30-(?:\s|$)|—\s*END\s*—",
    )
}

/// Editor sign-offs that close an article body (Chinese style).
fn editor_end_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^\s*(?:[\[【（(]\s*)?(?:标签\s*[:：]?.*)?(?:责任编辑|责编|编辑|校对|审核|主编)\s*[:：]",
    )
}

fn editor_tag_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)^\s*(?:editor[’']?s?\s+note|editor\s*:|edited\s+by\b|标签\s*[:：\s]|关键词\s*[:：]|tags?\s*:|(?:本文)?来源\s*[:：].{0,20}$|原标题\s*[:：])",
    )
}

fn copyright_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)(?:^\s*(?:copyright|©|\(c\))|all rights reserved|版权所有|未经授权.{0,10}(?:转载|使用)|不得转载)",
    )
}

fn timestamp_led_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s|$)",
    )
}

fn byline_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(?:By|BY|by)\s+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|and|&)\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})*$|^(?:记者|作者|文|撰文)\s*[:：/|]\s*\S{1,12}$",
    )
}

/// Cheap necessary conditions for the regexes above: a block that fails
/// one cannot match its regex, so most blocks never run it.
fn may_be_copyright(t: &str) -> bool {
    t.contains(['©', '版', '授', '转'])
        || t.bytes().any(|b| matches!(b, b'c' | b'C' | b'a' | b'A'))
            && (contains_ci(t, "copyright")
                || contains_ci(t, "(c)")
                || contains_ci(t, "all rights reserved"))
}

/// The first char after leading whitespace.
fn first_char(t: &str) -> Option<char> {
    t.trim_start().chars().next()
}

fn may_be_editor_tag(t: &str) -> bool {
    matches!(
        first_char(t),
        Some('e' | 'E' | 't' | 'T' | '标' | '关' | '本' | '来' | '原')
    )
}

fn may_be_byline(t: &str) -> bool {
    t.starts_with(['B', 'b']) || t.starts_with(['记', '作', '文', '撰'])
}

fn may_be_timestamp_led(t: &str) -> bool {
    first_char(t).is_some_and(|c| c.is_numeric())
}

/// ASCII-case-insensitive substring test (`needle` is lower-case ASCII).
fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    h.len() >= n.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// A short line: at most `max` chars (`len` is its length) and no full
/// stop inside or at the end.
fn is_short_line(s: &str, len: usize, max: usize) -> bool {
    len <= max && !s.contains('。') && !s.trim_end().ends_with(['.', ';', '；', ':', '：'])
}

/// Every end marker holds a bracket, a dash or `-30-`: most blocks are
/// passed over without running the regex.
fn may_hold_end_marker(t: &str) -> bool {
    let b = t.as_bytes();
    memchr::memchr2(b'(', b'[', b).is_some()
        || ["（", "【", "—", "-30-"]
            .iter()
            .any(|m| memchr::memmem::find(b, m.as_bytes()).is_some())
}

fn has_sentence_punct(s: &str) -> bool {
    s.contains(['。', '！', '？', '；', '!', '?', '.', ';'])
}

/// Removes furniture from `blocks`, appending what went to `removed`.
pub(crate) fn clean(blocks: Vec<Block>, removed: &mut Vec<Removed>) -> Vec<Block> {
    let n = blocks.len();
    let mut reason: Vec<Option<String>> = vec![None; n];
    let mut blocks = blocks;

    // 1. End markers: trim the marker, drop everything after it.
    for i in 0..n {
        let t = &blocks[i].text;
        let marker = if may_hold_end_marker(t) {
            end_marker_re().find(t)
        } else {
            None
        };
        if let Some(m) = marker {
            let before = t[..m.start()].trim_end().to_string();
            let after = t[m.start()..].trim().to_string();
            push_merged(removed, "end marker", &after);
            if before.is_empty() {
                reason[i] = Some("end marker".into());
            } else {
                blocks[i].text = before;
            }
            for r in reason.iter_mut().skip(i + 1) {
                *r = Some("after end marker".into());
            }
            break;
        }
        let t = &blocks[i].text;
        if i > 0 && t.len() <= 240 && chars(t) <= 60 && editor_end_re().is_match(t) {
            reason[i] = Some("editor tag".into());
            for r in reason.iter_mut().skip(i + 1) {
                *r = Some("after editor tag".into());
            }
            break;
        }
    }

    // Each block's length in chars, counted once.
    let lens: Vec<usize> = blocks.iter().map(|b| chars(&b.text)).collect();

    // 2. Block-level signals.
    for (i, b) in blocks.iter().enumerate() {
        if reason[i].is_some() {
            continue;
        }
        let t = b.text.as_str();
        let len = lens[i];
        reason[i] = if len <= 200 && may_be_copyright(t) && copyright_re().is_match(t) {
            Some("copyright line".into())
        } else if len <= 400 && may_be_editor_tag(t) && editor_tag_re().is_match(t) {
            Some("editor tag".into())
        } else if b.caption {
            Some("image caption".into())
        } else if meta::is_dateline(t) {
            Some("dateline".into())
        } else if may_be_byline(t) && byline_re().is_match(t) {
            Some("byline".into())
        } else if len <= 120
            && (t.matches(" > ").count() >= 2
                || t.matches('»').count() >= 2
                || t.matches(" / ").count() >= 3)
        {
            Some("breadcrumb".into())
        } else if b.link_chars > 0
            && b.link_chars * 10 > t.chars().filter(|c| !c.is_whitespace()).count() * 6
            && (len <= 120 || !has_sentence_punct(t))
        {
            Some("link density".into())
        } else {
            None
        };
    }

    // 3. Headline-plus-timestamp lists: a timestamp-led line and the headline above it.
    let stamps: Vec<usize> = (0..n)
        .filter(|&i| {
            let t = &blocks[i].text;
            lens[i] <= 60 && may_be_timestamp_led(t) && timestamp_led_re().is_match(t)
        })
        .collect();
    if stamps.len() >= 2 {
        for &i in &stamps {
            if reason[i].is_none() || reason[i].as_deref() == Some("dateline") {
                reason[i] = Some("headline-timestamp list".into());
            }
            if i > 0
                && reason[i - 1].is_none()
                && is_short_line(&blocks[i - 1].text, lens[i - 1], 80)
            {
                reason[i - 1] = Some("headline-timestamp list".into());
            }
        }
    }

    // 4. Runs of four or more short lines without sentence punctuation.
    let mut i = 0;
    while i < n {
        if reason[i].is_some() || !is_short_line(&blocks[i].text, lens[i], 40) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && reason[j].is_none() && is_short_line(&blocks[j].text, lens[j], 40) {
            j += 1;
        }
        if j - i >= 4 {
            for r in reason.iter_mut().take(j).skip(i) {
                *r = Some("run of short lines".into());
            }
        }
        i = j.max(i + 1);
    }

    // 5. Short lines trailing after the last sentence of the body.
    let kept_with_sentence =
        (0..n).any(|i| reason[i].is_none() && has_sentence_punct(&blocks[i].text));
    if kept_with_sentence {
        let mut trailing = 0;
        for i in (0..n).rev() {
            if reason[i].is_some() {
                continue;
            }
            let t = &blocks[i].text;
            if trailing < 3 && lens[i] <= 30 && !has_sentence_punct(t) {
                reason[i] = Some("trailing short line".into());
                trailing += 1;
            } else {
                break;
            }
        }
    }

    let mut kept = Vec::with_capacity(n);
    for (b, r) in blocks.into_iter().zip(reason) {
        match r {
            Some(r) => push_merged(removed, &r, &b.text),
            None => kept.push(b),
        }
    }
    kept
}

/// Appends a removed block, merging it into the previous entry when the
/// reason is the same.
pub(crate) fn push_merged(removed: &mut Vec<Removed>, reason: &str, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if let Some(last) = removed.last_mut() {
        if last.reason == reason {
            last.text.push('\n');
            last.text.push_str(text);
            return;
        }
    }
    removed.push(Removed {
        reason: reason.to_string(),
        text: text.to_string(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(t: &str) -> Block {
        Block {
            text: t.to_string(),
            heading: false,
            link_chars: 0,
            caption: false,
        }
    }

    fn run(texts: &[&str]) -> (Vec<String>, Vec<Removed>) {
        let mut removed = Vec::new();
        let kept = clean(texts.iter().map(|t| b(t)).collect(), &mut removed);
        (kept.into_iter().map(|b| b.text).collect(), removed)
    }

    #[test]
    fn end_marker_drops_the_tail() {
        let (kept, removed) = run(&[
            "第一段说明情况。",
            "发言人表示坚决反对。 （完）",
            "推荐阅读的标题？",
            "Copyright 2020 x.com",
        ]);
        assert_eq!(kept, ["第一段说明情况。", "发言人表示坚决反对。"]);
        assert_eq!(removed[0].reason, "end marker");
        assert_eq!(removed[1].reason, "after end marker");
        assert!(removed[1].text.contains("Copyright"));
    }

    #[test]
    fn every_form_each_regex_matches_passes_its_quick_check() {
        type Case<'a> = (&'a Regex, fn(&str) -> bool, &'a [&'a str]);
        let cases: [Case; 4] = [
            (
                copyright_re(),
                may_be_copyright,
                &[
                    "Copyright 2024 Harbour Media",
                    "  COPYRIGHT © Example",
                    "© 2023 Example Ltd",
                    "(C) Example Press",
                    "Example News. All Rights Reserved.",
                    "本网站版权所有",
                    "未经授权，禁止转载",
                    "未经授权不得使用",
                    "不得转载",
                ],
            ),
            (
                editor_tag_re(),
                may_be_editor_tag,
                &[
                    "Editor's note: this story was updated",
                    " EDITOR: Jane Roe",
                    "Edited by John Doe",
                    "Tags: cyber, policy",
                    "tag: trade",
                    "标签：网络安全",
                    "关键词：外交",
                    "本文来源：某网",
                    "来源: 某报",
                    "原标题：某某回应",
                ],
            ),
            (
                byline_re(),
                may_be_byline,
                &[
                    "By Jane Roe",
                    "BY JANE ROE and John Doe",
                    "by Ana Lima",
                    "记者：王某",
                    "文/李某",
                    "撰文|张某",
                ],
            ),
            (
                timestamp_led_re(),
                may_be_timestamp_led,
                &["2024-03-15 10:20 Markets rally", "  2023/1/2 09:00:10"],
            ),
        ];
        for (re, gate, texts) in cases {
            for t in texts {
                assert!(re.is_match(t), "the regex should match {t:?}");
                assert!(
                    gate(t),
                    "the quick check rejects {t:?}, which the regex matches"
                );
            }
        }
        // Body text fails every check, so no regex runs on it (the
        // first-char checks let through lines that start as a tag could).
        for body in [
            "Ministers met in the capital on Tuesday to discuss the budget.",
            "An embassy spokesman said the report was groundless.",
            "外交部发言人在例行记者会上回答了有关问题。",
            "双方同意加强沟通，妥善处理分歧。",
        ] {
            assert!(!may_be_copyright(body), "{body}");
            assert!(!may_be_editor_tag(body), "{body}");
            assert!(!may_be_byline(body), "{body}");
            assert!(!may_be_timestamp_led(body), "{body}");
        }
    }

    #[test]
    fn every_end_marker_form_passes_the_quick_check() {
        for marker in [
            "【完】",
            "(END)",
            "[ End ]",
            "-30-",
            "— END —",
            "（全文完）",
        ] {
            let body = format!("The ministry denied the report. {marker}");
            let (kept, removed) = run(&[&body, "Read more: other stories"]);
            assert_eq!(kept, ["The ministry denied the report."], "{marker}");
            assert_eq!(removed[0].reason, "end marker", "{marker}");
        }
        // Brackets and dashes that are no end marker keep the text.
        let (kept, _) = run(&["He said (in 2020) that — rarely — it ends.", "Second line."]);
        assert_eq!(kept.len(), 2);
    }
    #[test]
    fn editor_tag_ends_chinese_article() {
        let (kept, removed) = run(&[
            "正文一句。",
            "正文二句。",
            "标签 外交- 责任编辑: 某某",
            "新闻标题一",
            "2022-01-01 10:00 栏目 -",
        ]);
        assert_eq!(kept.len(), 2);
        assert_eq!(removed[0].reason, "editor tag");
    }

    #[test]
    fn structural_signals() {
        let (kept, removed) = run(&[
            "Home > World > Asia",
            "The ministry summoned the ambassador on Monday.",
            "It said the claims were groundless.",
            "Headline one",
            "2022-03-01 10:00 Politics",
            "Headline two",
            "2022-03-01 09:00 Politics",
            "Editor's note: this piece first ran elsewhere.",
            "More stories",
        ]);
        assert_eq!(
            kept,
            [
                "The ministry summoned the ambassador on Monday.",
                "It said the claims were groundless."
            ]
        );
        let reasons: Vec<&str> = removed.iter().map(|r| r.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "breadcrumb",
                "headline-timestamp list",
                "editor tag",
                "trailing short line"
            ]
        );
    }

    #[test]
    fn short_runs_but_not_single_headings() {
        let (kept, _) = run(&[
            "Intro sentence here.",
            "A heading",
            "Body sentence.",
            "a",
            "b",
            "c",
            "d",
            "Last sentence.",
        ]);
        assert_eq!(
            kept,
            [
                "Intro sentence here.",
                "A heading",
                "Body sentence.",
                "Last sentence."
            ]
        );
    }
}
