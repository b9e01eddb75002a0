//! RFI-style saved pages: a first line `<!--EPOCH_MS-->`, a Markdown link
//! `[title](url)`, a rule of dashes, then the article HTML whose dateline
//! reads `dd/mm/yyyy - hh:mm`. The dateline gives the date; the epoch
//! comment is the fallback.

use super::{html, meta, Draft};
use crate::model::Format;

/// `[title](url)` on one line.
pub(crate) fn md_link_line(line: &str) -> Option<(String, String)> {
    let l = line.trim();
    let inner = l.strip_prefix('[')?.strip_suffix(')')?;
    let (title, url) = inner.rsplit_once("](")?;
    Some((title.trim().to_string(), url.trim().to_string()))
}

fn epoch_comment(line: &str) -> Option<&str> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    (inner.len() >= 9 && inner.len() <= 13 && inner.bytes().all(|b| b.is_ascii_digit()))
        .then_some(inner)
}

/// Parses an RFI-style page, or `None` when `t` is not one.
pub(crate) fn parse(t: &str) -> Option<Draft> {
    let t = t.trim_start();
    let (first, mut rest) = t.split_once('\n').unwrap_or((t, ""));
    let epoch = epoch_comment(first)?;
    let mut d = Draft::new(Format::RfiPage);
    // Header lines up to the rule: the title link, possibly blank lines.
    let mut consumed = 0;
    for line in rest.split_inclusive('\n') {
        let l = line.trim();
        if l.is_empty() {
            consumed += line.len();
            continue;
        }
        if let Some((title, url)) = md_link_line(l) {
            d.title = Some(title);
            d.url = Some(url);
            consumed += line.len();
            continue;
        }
        if l.len() >= 3 && l.chars().all(|c| c == '-' || c == '=') {
            consumed += line.len();
        }
        break;
    }
    rest = &rest[consumed..];
    let h = html::html_to_blocks(rest, false);
    d.date = h
        .blocks
        .iter()
        .take(5)
        .find(|b| meta::is_dateline(&b.text))
        .and_then(|b| meta::parse_date(&b.text))
        .or_else(|| meta::epoch_to_iso(epoch.parse().ok()?, epoch.len() == 13));
    d.blocks = h.blocks;
    d.removed = h.removed;
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfi_page() {
        let d = parse("<!--1650000000000-->\n[使馆驳斥 - 分析](http://www.example.fr/cn/x)\n------\n\n<div>15/04/2022 - 07:20</div><div><p>正文第一段。</p><p>正文第二段。</p></div>").unwrap();
        assert_eq!(d.title.as_deref(), Some("使馆驳斥 - 分析"));
        assert_eq!(d.date.as_deref(), Some("2022-04-15T07:20:00"));
        assert_eq!(d.blocks.len(), 3);
        assert!(parse("<!-- comment -->\n<p>x</p>").is_none());
    }

    #[test]
    fn epoch_fallback() {
        let d = parse("<!--1650000000000-->\n[T](http://x.org/a)\n---\n<p>Body.</p>").unwrap();
        assert_eq!(d.date.as_deref(), Some("2022-04-15T05:20:00Z"));
    }
}
