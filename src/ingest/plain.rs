//! Plain text: a page with a title, header lines (outlet, byline, a
//! `YYYY-MM-DD hh:mm:ss` timestamp) and paragraphs ([`Format::PlainPage`]);
//! text cut by `-` separator lines ([`Format::PlainDashed`]); or anything
//! else ([`Format::PlainText`]). Header lines are read as metadata and
//! reported; hard-wrapped lines are joined into paragraphs.

use super::{furniture::push_merged, meta, sentence_end, Block, Draft};
use crate::model::Format;

fn is_separator(l: &str) -> bool {
    let t = l.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '=' | '_' | '*' | '~' | '—' | '·'))
}

/// A line without a trailing ` -` separator.
fn strip_trailing_sep(l: &str) -> &str {
    let t = l.trim_end();
    match t.strip_suffix('-') {
        Some(r) if r.ends_with(char::is_whitespace) => r.trim_end(),
        _ => t,
    }
}

fn is_cjk(c: char) -> bool {
    meta::is_han(c) || c > '\u{2FFF}'
}

fn looks_like_name(l: &str) -> bool {
    let t = l.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if t.chars().all(meta::is_han) {
        return (2..=4).contains(&t.chars().count());
    }
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-')
        })
}

fn byline(l: &str) -> Option<&str> {
    let t = l.trim();
    for p in [
        "By ",
        "BY ",
        "by ",
        "记者：",
        "记者:",
        "作者：",
        "作者:",
        "文/",
        "文／",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            let r = r.trim();
            if !r.is_empty() && r.chars().count() <= 60 {
                return Some(r);
            }
        }
    }
    None
}

/// Parses plain text (never fails).
pub(crate) fn parse(t: &str) -> Draft {
    let lines: Vec<&str> = t.lines().map(strip_trailing_sep).collect();
    let separators = t
        .lines()
        .filter(|l| l.trim() == "-" || (is_separator(l) && l.trim().len() >= 3))
        .count();
    let mut d = Draft::new(Format::PlainText);

    // Title: the first non-blank, non-separator line, when short.
    let mut i = 0;
    while i < lines.len() && (lines[i].trim().is_empty() || is_separator(lines[i])) {
        i += 1;
    }
    let next_line = lines[i.min(lines.len())..]
        .iter()
        .skip(1)
        .find(|l| !l.trim().is_empty() && !is_separator(l));
    if let Some(next) = next_line {
        let cand = lines[i].trim();
        let continues = next.trim_start().starts_with(char::is_lowercase);
        if !continues
            && cand.chars().count() <= 100
            && !cand.ends_with(['。', '.', '，', ',', ':', '：', ';', '；'])
        {
            d.title = Some(cand.to_string());
            i += 1;
        }
    }

    // Header lines: short, non-sentence lines right after the title.
    let mut found_date = false;
    let mut header_author: Option<String> = None;
    let mut byline_author: Option<String> = None;
    let mut j = i;
    let mut seen = 0;
    while j < lines.len() && seen < 8 && d.title.is_some() {
        let l = lines[j].trim();
        if l.is_empty() || is_separator(l) {
            j += 1;
            continue;
        }
        if l.chars().count() > 60 || sentence_end(l) {
            break;
        }
        let recognised = if meta::is_dateline(l) {
            if d.date.is_none() {
                d.date = meta::parse_date(l);
            }
            found_date = true;
            true
        } else if let Some(o) = meta::outlet_from_name(l).or_else(|| meta::outlet_in_line(l)) {
            d.outlet_hints.push(o);
            true
        } else if let Some(b) = byline(l) {
            byline_author.get_or_insert_with(|| b.to_string());
            true
        } else if looks_like_name(l) && header_author.is_none() {
            header_author = Some(l.to_string());
            true
        } else if looks_like_name(l) && d.outlet_name.is_none() {
            // Outlet line, then byline name: the first name was the outlet.
            d.outlet_name = header_author.replace(l.to_string());
            true
        } else {
            false
        };
        if !recognised {
            break;
        }
        push_merged(&mut d.removed, "metadata line", l);
        seen += 1;
        j += 1;
    }
    if seen == 0 {
        j = i;
    }
    d.author = byline_author.or(header_author);
    d.format = if found_date {
        Format::PlainPage
    } else if separators >= 2 {
        Format::PlainDashed
    } else {
        Format::PlainText
    };

    // Paragraphs: blank or separator lines break; hard wraps are joined.
    let mut para = String::new();
    let mut prev_len = 0usize;
    for l in &lines[j.min(lines.len())..] {
        let l = l.trim();
        if l.is_empty() || is_separator(l) {
            if !para.is_empty() {
                d.blocks.push(Block::text(std::mem::take(&mut para)));
            }
            continue;
        }
        let wrapped = !para.is_empty()
            && prev_len >= 60
            && !sentence_end(&para)
            && !para.ends_with([':', '：']);
        if para.is_empty() || wrapped {
            if !para.is_empty() {
                let (a, b) = (
                    para.chars().next_back().unwrap_or(' '),
                    l.chars().next().unwrap_or(' '),
                );
                if !(is_cjk(a) && is_cjk(b)) {
                    para.push(' ');
                }
            }
            para.push_str(l);
        } else {
            d.blocks.push(Block::text(std::mem::take(&mut para)));
            para.push_str(l);
        }
        prev_len = l.chars().count();
    }
    if !para.is_empty() {
        d.blocks.push(Block::text(para));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_page_header() {
        let d = parse("Embassy hits back at report\n\n\nGlobal Times\nJane Roe\n2022-05-03 08:12:40\n\nBy John Doe\n\nThe embassy said on Tuesday that the report was a fabrication.\n\nIt urged the paper to stop.\n");
        assert_eq!(d.format, Format::PlainPage);
        assert_eq!(d.title.as_deref(), Some("Embassy hits back at report"));
        assert_eq!(d.date.as_deref(), Some("2022-05-03T08:12:40"));
        assert_eq!(d.outlet_hints, ["globaltimes"]);
        assert_eq!(d.author.as_deref(), Some("John Doe"));
        assert_eq!(d.blocks.len(), 2);
    }

    #[test]
    fn dashed_and_wrapped() {
        let d = parse("-\n标题一则?对方回应!\n第一段内容很长很长。\n第二段。\n标签 外交- 责任编辑: 某人 \n-\n新闻一\n2022-01-01 10:00 栏目 -\n-\n");
        assert_eq!(d.format, Format::PlainDashed);
        assert_eq!(d.title.as_deref(), Some("标题一则?对方回应!"));
        assert_eq!(d.blocks[0].text, "第一段内容很长很长。");
        assert_eq!(d.blocks.last().unwrap().text, "2022-01-01 10:00 栏目");
        let d = parse("A line that is wrapped by an old mail client at about sixty-five\ncharacters, continuing here.\nNext paragraph.");
        assert_eq!(d.title, None);
        assert_eq!(d.blocks[0].text, "A line that is wrapped by an old mail client at about sixty-five characters, continuing here.");
    }
}
