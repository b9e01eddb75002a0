//! Markdown articles: a `#` headline, metadata lines or list items
//! (`Source:`, `Link:`, `Date:`, `Author:`, `来源：`…), then paragraphs.
//! `##` headings stay as heading paragraphs; links and images are reduced
//! to their text (an image alone on a line is an image caption, removed);
//! emphasis, blockquote and list markers are stripped.

use std::sync::OnceLock;

use regex::Regex;

use super::{furniture::push_merged, meta, rfi::md_link_line, Block, Draft};
use crate::model::{Format, Removed};

/// Body of a Markdown document, with the metadata lines it contained.
pub(crate) struct MdBody {
    pub blocks: Vec<Block>,
    pub removed: Vec<Removed>,
    /// `(key, value)`, key lower-cased and mapped to source/link/date/author.
    pub meta: Vec<(&'static str, String)>,
}

impl MdBody {
    /// Copies metadata lines into a draft where the draft has no value yet.
    pub(crate) fn apply_meta(&self, d: &mut Draft) {
        for (k, v) in &self.meta {
            let (name, link) = match md_link_line(v) {
                Some((n, u)) => (n, Some(u)),
                None if v.contains("://") => {
                    (String::new(), Some(v.trim_matches(['<', '>']).to_string()))
                }
                None => (v.clone(), None),
            };
            match *k {
                "source" => {
                    if !name.is_empty() {
                        d.outlet_hints.push(name);
                    }
                    if d.url.is_none() {
                        d.url = link;
                    }
                }
                "link" if d.url.is_none() => d.url = link.or(Some(name)),
                "date" if d.date.is_none() => {
                    d.date = meta::parse_date(v);
                    if d.date.is_none() {
                        d.warnings
                            .push(format!("date: `{v}` is not a date; no date"));
                    }
                }
                "author" if d.author.is_none() => d.author = Some(name),
                _ => {}
            }
        }
    }
}

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid built-in regex"))
}

fn meta_line(line: &str) -> Option<(&'static str, String)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)^[*_]{0,2}(source|来源|出处|媒体|outlet|publisher|link|url|原文链接|原文|链接|date|published|日期|时间|发布时间|author|作者|记者|by)[*_]{0,2}\s*[:：]\s*[*_]{0,2}\s*(.+?)\s*$",
    );
    let c = r.captures(line)?;
    let key = c.get(1)?.as_str().to_lowercase();
    let val = c.get(2)?.as_str().trim().to_string();
    if val.is_empty() || val.chars().count() > 300 {
        return None;
    }
    let k = match key.as_str() {
        "source" | "来源" | "出处" | "媒体" | "outlet" | "publisher" => "source",
        "link" | "url" | "原文链接" | "原文" | "链接" => "link",
        "date" | "published" | "日期" | "时间" | "发布时间" => "date",
        _ => "author",
    };
    Some((k, val))
}

/// Reduces inline Markdown to text: images to alt text, links to their
/// text, autolinks to the URL, emphasis and code markers dropped.
pub(crate) fn inline(s: &str) -> String {
    static IMG: OnceLock<Regex> = OnceLock::new();
    static LINK: OnceLock<Regex> = OnceLock::new();
    static AUTO: OnceLock<Regex> = OnceLock::new();
    static EMPH: OnceLock<Regex> = OnceLock::new();
    let s = re(&IMG, r#"!\[([^\]]*)\]\([^)]*\)"#).replace_all(s, "$1");
    let s = re(&LINK, r#"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])"#).replace_all(&s, "$1");
    let s = re(&AUTO, r"<((?:https?|mailto):[^>\s]+)>").replace_all(&s, "$1");
    let s = s.replace("**", "").replace("__", "").replace('`', "");
    let s = re(&EMPH, r"(^|[\s(（])[*_]([^*_\s][^*_]*?)[*_]").replace_all(&s, "$1$2");
    s.replace("\\*", "*")
        .replace("\\_", "_")
        .replace("\\#", "#")
        .trim()
        .to_string()
}

fn join_line(para: &mut String, line: &str) {
    if para.is_empty() {
        para.push_str(line);
        return;
    }
    let prev = para.chars().next_back().unwrap_or(' ');
    let next = line.chars().next().unwrap_or(' ');
    if !(meta::is_han(prev) || prev > '\u{2FFF}') || !(meta::is_han(next) || next > '\u{2FFF}') {
        para.push(' ');
    }
    para.push_str(line);
}

fn is_rule(l: &str) -> bool {
    let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3
        && (t.chars().all(|c| c == '-')
            || t.chars().all(|c| c == '*')
            || t.chars().all(|c| c == '_'))
}

fn heading_text(l: &str) -> Option<(usize, String)> {
    let t = l.trim_start();
    let level = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&level) && t[level..].starts_with([' ', '\t']) {
        Some((
            level,
            inline(t[level..].trim().trim_end_matches('#').trim()),
        ))
    } else {
        None
    }
}

/// Splits a Markdown body into blocks.
pub(crate) fn body(md: &str) -> MdBody {
    static LIST: OnceLock<Regex> = OnceLock::new();
    static REFDEF: OnceLock<Regex> = OnceLock::new();
    static IMG_ONLY: OnceLock<Regex> = OnceLock::new();
    let list = re(&LIST, r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$");
    let refdef = re(&REFDEF, r"^\s*\[[^\]]+\]:\s*\S+");
    let img_only = re(
        &IMG_ONLY,
        r"^(?:\[)?!\[([^\]]*)\]\([^)]*\)(?:\]\([^)]*\))?$",
    );
    let mut out = MdBody {
        blocks: Vec::new(),
        removed: Vec::new(),
        meta: Vec::new(),
    };
    let mut para = String::new();
    let mut para_lines = 0;
    let mut in_code = false;
    let mut seen_body = false;

    let flush = |para: &mut String, para_lines: &mut usize, out: &mut MdBody| {
        let raw = std::mem::take(para);
        *para_lines = 0;
        let raw = raw.trim();
        if raw.is_empty() {
            return;
        }
        if let Some(c) = img_only.captures(raw) {
            push_merged(
                &mut out.removed,
                "image caption",
                c.get(1).map_or("", |m| m.as_str()),
            );
            return;
        }
        let text = inline(raw);
        if !text.is_empty() {
            out.blocks.push(Block::text(text));
        }
    };

    for line in md.lines() {
        let l = line.trim_end();
        if l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~") {
            flush(&mut para, &mut para_lines, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            if !l.trim().is_empty() {
                out.blocks.push(Block::text(l.trim()));
            }
            continue;
        }
        if l.trim().is_empty() {
            flush(&mut para, &mut para_lines, &mut out);
            continue;
        }
        // Setext heading underline.
        if para_lines == 1
            && !l.is_empty()
            && (l.trim().chars().all(|c| c == '=') || l.trim().chars().all(|c| c == '-'))
            && l.trim().len() >= 2
        {
            let t = inline(&std::mem::take(&mut para));
            para_lines = 0;
            out.blocks.push(Block::heading(t));
            continue;
        }
        if is_rule(l) {
            flush(&mut para, &mut para_lines, &mut out);
            continue;
        }
        if let Some((_, t)) = heading_text(l) {
            flush(&mut para, &mut para_lines, &mut out);
            if !t.is_empty() {
                out.blocks.push(Block::heading(t));
            }
            continue;
        }
        if refdef.is_match(l) {
            continue;
        }
        let mut t = l.trim_start();
        while let Some(r) = t.strip_prefix('>') {
            t = r.trim_start();
        }
        let item = list.captures(t).and_then(|c| c.get(1)).map(|m| m.as_str());
        let content = item.unwrap_or(t);
        if !seen_body || item.is_some() || para.is_empty() {
            if let Some((k, v)) = meta_line(content) {
                flush(&mut para, &mut para_lines, &mut out);
                push_merged(&mut out.removed, "metadata line", content);
                out.meta.push((k, v));
                continue;
            }
        }
        if item.is_some() {
            flush(&mut para, &mut para_lines, &mut out);
            para.push_str(content.trim());
            flush(&mut para, &mut para_lines, &mut out);
            seen_body = true;
            continue;
        }
        join_line(&mut para, content.trim().trim_end_matches('\\'));
        para_lines += 1;
        seen_body = true;
    }
    flush(&mut para, &mut para_lines, &mut out);
    out
}

/// Parses a Markdown article (first line a `#` headline), or `None`.
pub(crate) fn parse(t: &str) -> Option<Draft> {
    let t = t.trim_start();
    let (first, rest) = t.split_once('\n').unwrap_or((t, ""));
    let (level, title) = heading_text(first)?;
    if level != 1 {
        return None;
    }
    let mut d = Draft::new(Format::Markdown);
    d.title = Some(title);
    let m = body(rest);
    m.apply_meta(&mut d);
    d.blocks = m.blocks;
    d.removed = m.removed;
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup() {
        assert_eq!(
            inline("The **embassy** said [here](http://x.y/z) that *no* `code`."),
            "The embassy said here that no code."
        );
        assert_eq!(
            inline("![photo of minister](a.jpg) text"),
            "photo of minister text"
        );
        assert_eq!(inline("snake_case_name stays"), "snake_case_name stays");
    }

    #[test]
    fn article_with_metadata() {
        let d = parse("# 使馆回应\n\n- **来源**：[环球时报](https://world.huanqiu.com/a/1)\n- Date: 2023-05-02\n- 作者：记者甲\n\n第一段，\n接续。\n\n## 小标题\n\n![现场图片](p.jpg)\n\nSecond para with [link](http://a.b).\n").unwrap();
        assert_eq!(d.title.as_deref(), Some("使馆回应"));
        assert_eq!(d.date.as_deref(), Some("2023-05-02"));
        assert_eq!(d.url.as_deref(), Some("https://world.huanqiu.com/a/1"));
        assert_eq!(d.outlet_hints, ["环球时报"]);
        assert_eq!(d.author.as_deref(), Some("记者甲"));
        let texts: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["第一段，接续。", "小标题", "Second para with link."]
        );
        assert!(d.blocks[1].heading);
        assert!(d
            .removed
            .iter()
            .any(|r| r.reason == "image caption" && r.text == "现场图片"));
        assert!(parse("## not h1\ntext").is_none());
    }
}
