//! HTML to text blocks through a real HTML parser (`scraper`/html5ever).
//!
//! The tree is walked iteratively (first child / next sibling / parent),
//! never recursively, so 10,000-level nesting cannot overflow the stack.
//! Block elements become paragraphs; entities are decoded by the parser;
//! `script`/`style` vanish; `nav`/`footer`/`aside` and similar page parts
//! are dropped and reported; link text is kept and counted (link density);
//! a block wholly in `<strong>`/`<b>` or an `<h1>`..`<h6>` is a heading;
//! `<figcaption>` and short text beside an image are image captions.
//! Whole pages also yield their metadata (`<title>`, `og:*`, `<meta>`).

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::{sentence_end, Block};
use crate::model::Removed;

/// Metadata found in a whole saved page.
#[derive(Debug, Default)]
pub(crate) struct PageMeta {
    pub title_tag: Option<String>,
    pub og_title: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub h1: Option<String>,
    pub time_datetime: Option<String>,
}

pub(crate) struct HtmlText {
    pub blocks: Vec<Block>,
    pub removed: Vec<Removed>,
    pub meta: PageMeta,
}

const SILENT_SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "embed",
    "select", "button", "input", "textarea", "canvas", "video", "audio", "map",
];
const REPORTED_SKIP: &[&str] = &["nav", "footer", "aside", "form", "menu", "dialog"];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tfoot",
    "tr",
    "ul",
    "br",
    "caption",
    "html",
];
/// class/id tokens that mark page furniture in most templates.
const FURNITURE_TOKENS: &[&str] = &[
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "recommended",
    "comment",
    "comments",
    "advert",
    "advertisement",
    "sidebar",
    "navbar",
    "footer",
    "copyright",
    "newsletter",
    "promo",
];

fn furniture_attr(el: &scraper::node::Element) -> Option<String> {
    if el
        .attr("role")
        .is_some_and(|r| r == "navigation" || r == "contentinfo" || r == "complementary")
    {
        return Some(format!("html role={}", el.attr("role").unwrap_or_default()));
    }
    for v in el.attr("class").into_iter().chain(el.attr("id")) {
        for tok in v.split(|c: char| c.is_whitespace() || c == '-' || c == '_') {
            let t = tok.to_ascii_lowercase();
            if FURNITURE_TOKENS.contains(&t.as_str()) {
                return Some(format!("html class/id \"{v}\""));
            }
        }
    }
    None
}

fn is_cjk_like(c: char) -> bool {
    super::meta::is_han(c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

/// Collapses whitespace runs to one space; a run containing a line break
/// between two CJK characters disappears (HTML source wrapping).
pub(crate) fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Some(has_newline) after a run of spaces.
    let mut pending: Option<bool> = None;
    // Start of the run of non-space chars being read: copied whole.
    let mut run: Option<usize> = None;
    for (i, c) in s.char_indices() {
        if is_collapsed_space(c) {
            if let Some(start) = run.take() {
                out.push_str(&s[start..i]);
            }
            let nl = c == '\n' || c == '\r';
            pending = Some(pending.unwrap_or(false) || nl);
            continue;
        }
        if run.is_none() {
            if let Some(nl) = pending.take() {
                if let Some(prev) = out.chars().next_back() {
                    if !(nl && is_cjk_like(prev) && is_cjk_like(c)) {
                        out.push(' ');
                    }
                }
            }
            run = Some(i);
        }
    }
    if let Some(start) = run {
        out.push_str(&s[start..]);
    }
    out
}

/// The chars [`collapse_ws`] folds into one space.
fn is_collapsed_space(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_whitespace() || c == '\u{b}'
    } else {
        c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}'
    }
}

#[derive(Default)]
struct Cur {
    raw: String,
    link_chars: usize,
    strong_chars: usize,
    heading: bool,
    caption: bool,
    has_img: bool,
}

struct Walker {
    blocks: Vec<Block>,
    removed: Vec<Removed>,
    cur: Cur,
    link_depth: usize,
    strong_depth: usize,
    heading_depth: usize,
    caption_depth: usize,
    pre_depth: usize,
    image_pending: bool,
}

impl Walker {
    fn flush(&mut self) {
        let cur = std::mem::take(&mut self.cur);
        let had_image_before = self.image_pending;
        if cur.has_img {
            self.image_pending = true;
        }
        let pieces: Vec<String> = if self.pre_depth > 0 {
            cur.raw.lines().map(collapse_ws).collect()
        } else {
            vec![collapse_ws(&cur.raw)]
        };
        for piece in pieces {
            let text = piece.trim().to_string();
            if text.is_empty() {
                continue;
            }
            let nchars = text.chars().filter(|c| !c.is_whitespace()).count();
            let short = text.chars().count() <= 60;
            let heading = cur.heading
                || (cur.strong_chars >= nchars && nchars > 0 && short && !sentence_end(&text));
            let caption = cur.caption
                || ((cur.has_img || had_image_before) && short && !heading && !sentence_end(&text));
            self.blocks.push(Block {
                text,
                heading: heading && !caption,
                link_chars: cur.link_chars.min(nchars),
                caption,
            });
            self.image_pending = false;
        }
    }

    fn text(&mut self, t: &str) {
        self.cur.raw.push_str(t);
        let n = t.chars().filter(|c| !c.is_whitespace()).count();
        if self.link_depth > 0 {
            self.cur.link_chars += n;
        }
        if self.strong_depth > 0 {
            self.cur.strong_chars += n;
        }
        if self.heading_depth > 0 {
            self.cur.heading = true;
        }
        if self.caption_depth > 0 {
            self.cur.caption = true;
        }
    }
}

/// Text of a subtree, gathered iteratively (for metadata and dropped parts).
fn subtree_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            out.push_str(t);
            out.push(' ');
        }
    }
    collapse_ws(&out).trim().to_string()
}

/// Calls `open` on entering each node (return `false` to skip its
/// children) and `close` on leaving it. Iterative.
fn walk<'a>(
    root: NodeRef<'a, Node>,
    mut open: impl FnMut(NodeRef<'a, Node>) -> bool,
    mut close: impl FnMut(NodeRef<'a, Node>),
) {
    let mut node = root;
    loop {
        let descend = open(node);
        if descend {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
        }
        // Leave the node, then climb until a sibling exists.
        loop {
            close(node);
            if node.id() == root.id() {
                return;
            }
            if let Some(sib) = node.next_sibling() {
                node = sib;
                break;
            }
            match node.parent() {
                Some(p) => node = p,
                None => return,
            }
        }
    }
}

fn collect_meta(doc: &Html) -> PageMeta {
    let mut m = PageMeta::default();
    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "title" if m.title_tag.is_none() => {
                m.title_tag = Some(subtree_text(node)).filter(|s| !s.is_empty())
            }
            "h1" if m.h1.is_none() => m.h1 = Some(subtree_text(node)).filter(|s| !s.is_empty()),
            "time" if m.time_datetime.is_none() => {
                m.time_datetime = el.attr("datetime").map(str::to_string)
            }
            "link"
                if m.url.is_none()
                    && el
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                m.url = el.attr("href").map(str::to_string);
            }
            "meta" => {
                let key = el
                    .attr("property")
                    .or(el.attr("name"))
                    .or(el.attr("itemprop"))
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let Some(content) = el.attr("content").map(str::trim).filter(|c| !c.is_empty())
                else {
                    continue;
                };
                let slot = match key.as_str() {
                    "og:title" | "twitter:title" => &mut m.og_title,
                    "og:site_name" | "application-name" | "publisher" | "og:article:publisher" => {
                        &mut m.site_name
                    }
                    "og:url" => &mut m.url,
                    "article:published_time"
                    | "og:published_time"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "date"
                    | "dc.date"
                    | "publish-date"
                    | "parsely-pub-date" => &mut m.published,
                    "author" | "article:author" | "byl" => &mut m.author,
                    _ => continue,
                };
                if slot.is_none() {
                    *slot = Some(content.to_string());
                }
            }
            _ => {}
        }
    }
    m
}

fn find_content_root(doc: &Html) -> NodeRef<'_, Node> {
    let mut body = None;
    let mut main = None;
    for node in doc.tree.root().descendants() {
        if let Node::Element(el) = node.value() {
            match el.name() {
                "article" => return node,
                "main" if main.is_none() => main = Some(node),
                "body" if body.is_none() => body = Some(node),
                _ => {}
            }
        }
    }
    main.or(body).unwrap_or_else(|| doc.tree.root())
}

/// Converts HTML to blocks. `page`: a whole document (metadata collected,
/// content taken from `<article>`, `<main>` or `<body>`), else a fragment.
pub(crate) fn html_to_blocks(html: &str, page: bool) -> HtmlText {
    let doc = if page {
        Html::parse_document(html)
    } else {
        Html::parse_fragment(html)
    };
    let meta = if page {
        collect_meta(&doc)
    } else {
        PageMeta::default()
    };
    let root = if page {
        find_content_root(&doc)
    } else {
        doc.tree.root()
    };
    let mut w = Walker {
        blocks: Vec::new(),
        removed: Vec::new(),
        cur: Cur::default(),
        link_depth: 0,
        strong_depth: 0,
        heading_depth: 0,
        caption_depth: 0,
        pre_depth: 0,
        image_pending: false,
    };
    let w = std::cell::RefCell::new(&mut w);
    walk(
        root,
        |node| {
            let mut w = w.borrow_mut();
            match node.value() {
                Node::Text(t) => {
                    w.text(t);
                    true
                }
                Node::Element(el) => {
                    let name = el.name();
                    if SILENT_SKIP.contains(&name) {
                        return false;
                    }
                    let reported = if REPORTED_SKIP.contains(&name) {
                        Some(format!("html <{name}>"))
                    } else if name != "body" && name != "article" && name != "main" {
                        furniture_attr(el)
                    } else {
                        None
                    };
                    if let Some(reason) = reported {
                        let text = subtree_text(node);
                        if !text.is_empty() {
                            w.flush();
                            w.removed.push(Removed { reason, text });
                        }
                        return false;
                    }
                    if BLOCK.contains(&name) {
                        w.flush();
                    }
                    match name {
                        "a" => w.link_depth += 1,
                        "strong" | "b" => w.strong_depth += 1,
                        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => w.heading_depth += 1,
                        "figcaption" | "caption" => w.caption_depth += 1,
                        "pre" => w.pre_depth += 1,
                        "img" | "picture" => {
                            w.cur.has_img = true;
                            if let Some(alt) =
                                el.attr("alt").map(str::trim).filter(|a| !a.is_empty())
                            {
                                // Alt text is a caption, reported, never body text.
                                w.removed.push(Removed {
                                    reason: "image caption".into(),
                                    text: alt.to_string(),
                                });
                            }
                        }
                        _ => {}
                    }
                    true
                }
                _ => true,
            }
        },
        |node| {
            let mut w = w.borrow_mut();
            if let Node::Element(el) = node.value() {
                let name = el.name();
                if SILENT_SKIP.contains(&name) || REPORTED_SKIP.contains(&name) {
                    return;
                }
                match name {
                    "a" => w.link_depth = w.link_depth.saturating_sub(1),
                    "strong" | "b" => w.strong_depth = w.strong_depth.saturating_sub(1),
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        w.heading_depth = w.heading_depth.saturating_sub(1)
                    }
                    "figcaption" | "caption" => w.caption_depth = w.caption_depth.saturating_sub(1),
                    _ => {}
                }
                if BLOCK.contains(&name) {
                    w.flush();
                    if name == "pre" {
                        w.pre_depth = w.pre_depth.saturating_sub(1);
                    }
                }
            }
        },
    );
    let w = w.into_inner();
    w.flush();
    HtmlText {
        blocks: std::mem::take(&mut w.blocks),
        removed: std::mem::take(&mut w.removed),
        meta,
    }
}

/// Tags whose opening marks a text as HTML.
const HTML_OPENINGS: [&str; 19] = [
    "<p",
    "<div",
    "<br",
    "<span",
    "<img",
    "<a ",
    "<h1",
    "<h2",
    "<h3",
    "<section",
    "<article",
    "<html",
    "<!doctype",
    "<table",
    "<ul",
    "<figure",
    "<blockquote",
    "<strong",
    "<em",
];

/// `true` when a body looks like HTML rather than Markdown or plain text:
/// it starts with markup and one of [`HTML_OPENINGS`] (any ASCII case)
/// stands in its first 2,000 chars. Only the `<` in that window are
/// looked at, without copying it.
pub(crate) fn looks_like_html(s: &str) -> bool {
    let t = s.trim_start();
    if !t.starts_with('<') {
        return false;
    }
    let window = match t.char_indices().nth(2000) {
        Some((end, _)) => &t.as_bytes()[..end],
        None => t.as_bytes(),
    };
    memchr::memchr_iter(b'<', window).any(|at| {
        let rest = &window[at..];
        HTML_OPENINGS.iter().any(|tag| {
            rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `collapse_ws` as it was written char by char, for comparison.
    fn collapse_ws_by_char(s: &str) -> String {
        let mut out = String::new();
        let mut pending: Option<bool> = None;
        for c in s.chars() {
            if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
                let nl = c == '\n' || c == '\r';
                pending = Some(pending.unwrap_or(false) || nl);
                continue;
            }
            if let Some(nl) = pending.take() {
                if !out.is_empty() {
                    let prev = out.chars().next_back().unwrap_or(' ');
                    if !(nl && is_cjk_like(prev) && is_cjk_like(c)) {
                        out.push(' ');
                    }
                }
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn collapsing_runs_agrees_with_the_char_by_char_definition() {
        let parts = [
            " ", "\n", "\r\n", "\t", "\u{b}", "\u{c}", "\u{a0}", "\u{200b}", "\u{3000}",
            "\u{2028}", "中", "文", "。", "ａ", "a", "Word", "😀", "\u{85}",
        ];
        // Every sequence of up to four parts.
        let mut n = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in ["", " ", "\n", "国", "x"] {
                        let s = format!("{a}{b}{c}{d}");
                        assert_eq!(collapse_ws(&s), collapse_ws_by_char(&s), "{s:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 20_000);
        let long = "  第一段\n  文字 继续，\u{a0}English  words\r\n\t中文。 ";
        assert_eq!(collapse_ws(long), "第一段文字 继续， English words 中文。");
    }

    /// The window-and-lowercase definition the scan must agree with.
    fn looks_like_html_by_copy(s: &str) -> bool {
        let t = s.trim_start();
        if !t.starts_with('<') {
            return false;
        }
        let lower = t
            .chars()
            .take(2000)
            .collect::<String>()
            .to_ascii_lowercase();
        HTML_OPENINGS.iter().any(|tag| lower.contains(tag))
    }

    #[test]
    fn html_is_told_by_its_openings_within_the_window() {
        let long_text = "文".repeat(1997);
        let cases = [
            "<P>Text</P>".to_string(),
            "  <DIV class=x>".to_string(),
            "<!DOCTYPE html><title>x</title>".to_string(),
            "<title>x</title><A href=y>".to_string(),
            "<custom>no known tag</custom>".to_string(),
            "text <p> not first".to_string(),
            "<x>".to_string(),
            format!("<x>{long_text}<p>"),
            format!("<x>{long_text}<em"),
            format!("<x>{long_text}<e"),
            format!("<x>{}<p>", "文".repeat(1990)),
            "<".to_string(),
            String::new(),
            "<a".to_string(),
            "<a b".to_string(),
            "<strongest>".to_string(),
        ];
        for c in &cases {
            assert_eq!(looks_like_html(c), looks_like_html_by_copy(c), "{c:?}");
        }
        assert!(looks_like_html("<P>Text</P>"));
        assert!(!looks_like_html(&format!("<x>{long_text}<p>")));
        assert!(looks_like_html(&format!("<x>{}<p>", "文".repeat(1990))));
    }

    #[test]
    fn paragraphs_entities_links_headings() {
        let h = html_to_blocks(
            "<div><p>The embassy &amp; the ministry <a href='x'>said</a>.</p>\n<p><strong>Section two</strong></p><p>外交部\n表示反对。</p><script>var x=1;</script><nav>Home | World</nav></div>",
            false,
        );
        let texts: Vec<&str> = h.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The embassy & the ministry said.",
                "Section two",
                "外交部表示反对。"
            ]
        );
        assert!(h.blocks[1].heading && !h.blocks[0].heading);
        assert_eq!(h.blocks[0].link_chars, 4);
        assert_eq!(h.removed[0].reason, "html <nav>");
    }

    #[test]
    fn captions() {
        let h = html_to_blocks("<figure><img src='a.jpg'><figcaption>The minister in Paris</figcaption></figure><p><img src='b.jpg'></p><p>Photo by agency</p><p>Body text goes on here.</p>", false);
        assert!(h.blocks[0].caption && h.blocks[1].caption && !h.blocks[2].caption);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let depth = 10_000;
        let mut s = String::new();
        for _ in 0..depth {
            s.push_str("<div><span>");
        }
        s.push_str("deep text.");
        for _ in 0..depth {
            s.push_str("</span></div>");
        }
        let h = html_to_blocks(&s, false);
        assert_eq!(h.blocks.len(), 1);
        assert_eq!(h.blocks[0].text, "deep text.");
    }

    #[test]
    fn page_meta() {
        let h = html_to_blocks("<!doctype html><html><head><title>T | Site</title><meta property='og:title' content='Real title'><meta property='og:site_name' content='The Courier'></head><body><nav>a b</nav><article><h1>Real title</h1><p>Text.</p></article><footer>foot</footer></body></html>", true);
        assert_eq!(h.meta.og_title.as_deref(), Some("Real title"));
        assert_eq!(h.meta.site_name.as_deref(), Some("The Courier"));
        assert_eq!(h.blocks.len(), 2);
        assert!(h.blocks[0].heading);
    }
}
