//! YAML (`---`) or TOML (`+++`) front matter followed by an HTML or
//! Markdown body, as written by static-site archives (Hexo, Jekyll, Hugo)
//! and many scrapers. Reads `title`, `author`, `categories`/`tags`,
//! `url`/`link`/`source`, `date` (RFC 2822, ISO 8601 and other forms;
//! `Invalid Date` means no date, with a warning) and `lang`. Malformed
//! YAML falls back to plain `key: value` lines, with a warning.

use std::collections::BTreeMap;

use super::{html, markdown, meta, Draft};
use crate::model::Format;

type Fields = BTreeMap<String, Vec<String>>;

fn yaml_scalar(v: &serde_norway::Value) -> Option<String> {
    match v {
        serde_norway::Value::String(s) => Some(s.clone()),
        serde_norway::Value::Number(n) => Some(n.to_string()),
        serde_norway::Value::Bool(b) => Some(b.to_string()),
        serde_norway::Value::Tagged(t) => yaml_scalar(&t.value),
        _ => None,
    }
}

fn from_yaml(src: &str) -> Option<Fields> {
    let v: serde_norway::Value = serde_norway::from_str(src).ok()?;
    let map = v.as_mapping()?;
    let mut out = Fields::new();
    for (k, v) in map {
        let Some(k) = yaml_scalar(k) else { continue };
        let vals = match v {
            serde_norway::Value::Sequence(items) => items.iter().filter_map(yaml_scalar).collect(),
            other => yaml_scalar(other).into_iter().collect(),
        };
        out.insert(k.to_lowercase(), vals);
    }
    Some(out)
}

fn toml_scalar(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

fn from_toml(src: &str) -> Option<Fields> {
    let v: toml::Table = toml::from_str(src).ok()?;
    let mut out = Fields::new();
    for (k, v) in v {
        let vals = match &v {
            toml::Value::Array(items) => items.iter().filter_map(toml_scalar).collect(),
            other => toml_scalar(other).into_iter().collect(),
        };
        out.insert(k.to_lowercase(), vals);
    }
    Some(out)
}

/// `key: value` lines and ` - item` lists, for front matter YAML rejects.
fn from_lines(src: &str) -> Fields {
    let mut out = Fields::new();
    let mut last: Option<String> = None;
    for line in src.lines() {
        let t = line.trim();
        if let Some(item) = t.strip_prefix("- ") {
            if let Some(k) = &last {
                out.entry(k.clone())
                    .or_default()
                    .push(item.trim().trim_matches(['\'', '"']).to_string());
            }
            continue;
        }
        if let Some((k, v)) = t.split_once(':') {
            let k = k.trim().to_lowercase();
            let v = v.trim().trim_matches(['\'', '"']);
            let e = out.entry(k.clone()).or_default();
            if !v.is_empty() {
                e.push(v.to_string());
            }
            last = Some(k);
        }
    }
    out
}

/// Splits `---\nyaml\n---\nbody`; returns (delimiter, header, body).
fn split(t: &str) -> Option<(&'static str, &str, &str)> {
    let start = t.len() - t.trim_start().len();
    let rest = &t[start..];
    let delim = if rest.starts_with("---") {
        "---"
    } else if rest.starts_with("+++") {
        "+++"
    } else {
        return None;
    };
    let first_nl = rest.find('\n')?;
    if rest[..first_nl].trim_end() != delim {
        return None;
    }
    let after = &rest[first_nl + 1..];
    let mut pos = 0;
    for line in after.split_inclusive('\n') {
        let l = line.trim_end();
        if l == delim || (delim == "---" && l == "...") {
            return Some((delim, &after[..pos], &after[pos + line.len()..]));
        }
        pos += line.len();
    }
    None
}

fn first<'a>(f: &'a Fields, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        f.get(*k)
            .and_then(|v| v.first())
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    })
}

/// Parses a front-matter document, or `None` when `t` has none.
pub(crate) fn parse(t: &str) -> Option<Draft> {
    let (delim, header, body) = split(t)?;
    let mut d = Draft::new(Format::FrontMatter);
    let parsed = if delim == "+++" {
        from_toml(header)
    } else {
        from_yaml(header)
    };
    let fields = match parsed {
        Some(f) => f,
        None => {
            let f = from_lines(header);
            if f.is_empty() {
                return None;
            }
            d.warnings
                .push("front matter is not valid YAML/TOML; read as key: value lines".to_string());
            f
        }
    };
    d.title = first(&fields, &["title", "headline"]).map(str::to_string);
    d.author = first(&fields, &["author", "authors", "byline"]).map(str::to_string);
    for k in [
        "outlet",
        "publisher",
        "site",
        "site_name",
        "media",
        "source",
        "author",
        "authors",
        "categories",
        "category",
        "tags",
    ] {
        if let Some(vals) = fields.get(k) {
            d.outlet_hints.extend(vals.iter().cloned());
        }
    }
    // The outlet's own name: an explicit field, or (in scraper archives) an
    // author that is also one of the categories or tags, i.e. the site.
    let listed = |v: &str| {
        ["categories", "category", "tags"].iter().any(|k| {
            fields
                .get(*k)
                .is_some_and(|vals| vals.iter().any(|x| x == v))
        })
    };
    d.outlet_name = first(
        &fields,
        &["outlet", "publisher", "site", "site_name", "media"],
    )
    .map(str::to_string)
    .or_else(|| d.author.clone().filter(|a| listed(a)));
    d.url = first(
        &fields,
        &[
            "url",
            "link",
            "permalink",
            "canonical",
            "original",
            "source_url",
            "source",
        ],
    )
    .filter(|u| u.contains("://"))
    .map(str::to_string);
    if let Some(raw) = first(
        &fields,
        &["date", "published", "pubdate", "publishdate", "created"],
    ) {
        d.date = meta::parse_date(raw);
        if d.date.is_none() {
            d.warnings
                .push(format!("date: `{raw}` is not a date; no date"));
        }
    }
    d.lang = first(&fields, &["lang", "language"]).and_then(meta::parse_lang);

    if html::looks_like_html(body) {
        let h = html::html_to_blocks(body, false);
        d.blocks = h.blocks;
        d.removed = h.removed;
    } else {
        let m = markdown::body(body);
        m.apply_meta(&mut d);
        d.blocks = m.blocks;
        d.removed = m.removed;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_with_html_body() {
        let d = parse("\n---\ntitle: 'A 标题'\ncategories: \n - 新媒体\n - 观察者网\nauthor: 某网站\ndate: Tue, 20 Jul 2021 10:31:57 GMT\n---\n\n<div><p>第一段。</p></div>").unwrap();
        assert_eq!(d.title.as_deref(), Some("A 标题"));
        assert_eq!(d.date.as_deref(), Some("2021-07-20T10:31:57Z"));
        assert!(d.outlet_hints.contains(&"观察者网".to_string()));
        assert_eq!(d.blocks.len(), 1);
    }

    #[test]
    fn invalid_date_warns() {
        let d = parse("---\ntitle: x\ndate: Invalid Date\n---\nBody text.\n").unwrap();
        assert_eq!(d.date, None);
        assert!(d.warnings[0].contains("Invalid Date"));
    }

    #[test]
    fn toml_and_broken_yaml() {
        let d = parse("+++\ntitle = \"T\"\ndate = 2022-03-01\n+++\nBody.\n").unwrap();
        assert_eq!(d.date.as_deref(), Some("2022-03-01"));
        let d = parse("---\ntitle: a: b: c\nauthor: [x\n---\nBody.\n").unwrap();
        assert_eq!(d.title.as_deref(), Some("a: b: c"));
        assert!(!d.warnings.is_empty());
        assert!(parse("--- not front matter\ntext").is_none());
    }
}
