//! Article metadata helpers: dates (RFC 2822, ISO 8601, `dd/mm/yyyy`,
//! `2021年7月20日`, epoch milliseconds, English month names) normalised to
//! ISO 8601; outlet slugs from names and URLs (the table in
//! `lexicons/outlets.toml` plus a generic registrable-domain rule); and the
//! language of a text by script share.

use std::sync::OnceLock;

use chrono::{DateTime, NaiveDate};
use regex::Regex;
use serde::Deserialize;

use crate::model::Lang;

// ---------------------------------------------------------------- outlets

#[derive(Debug, Deserialize)]
struct OutletFile {
    outlet: Vec<OutletEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletEntry {
    slug: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    domains: Vec<String>,
}

fn outlet_table() -> &'static [OutletEntry] {
    static TABLE: OnceLock<Vec<OutletEntry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file: OutletFile = toml::from_str(include_str!("../../lexicons/outlets.toml"))
            .expect("lexicons/outlets.toml is valid (checked by a unit test)");
        // Names are only ever compared lower-cased.
        let mut table = file.outlet;
        for e in &mut table {
            e.names.iter_mut().for_each(|n| *n = n.to_lowercase());
        }
        table
    })
}

/// Slug of an outlet named exactly `name` (case-insensitive), or whose
/// domain `name` is.
pub(crate) fn outlet_from_name(name: &str) -> Option<String> {
    let n = name.trim().to_lowercase();
    if n.is_empty() {
        return None;
    }
    for e in outlet_table() {
        if e.slug == n || e.names.contains(&n) || e.domains.contains(&n) {
            return Some(e.slug.clone());
        }
    }
    None
}

/// Slug of a known outlet whose name occurs inside `line` (a header line
/// such as `来源：观察者网` or `Source: China Military Online`).
pub(crate) fn outlet_in_line(line: &str) -> Option<String> {
    let l = line.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for e in outlet_table() {
        for nl in &e.names {
            // Very short Latin names (DW, AP) only match as whole values.
            if nl.is_ascii() && nl.len() < 4 {
                continue;
            }
            if l.contains(nl.as_str()) && best.is_none_or(|(len, _)| nl.len() > len) {
                best = Some((nl.len(), &e.slug));
            }
        }
    }
    best.map(|(_, s)| s.to_string())
}

/// Host part of a URL (lower case, no port, no `www.`), if it has one.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let u = url.trim();
    let rest = u
        .split_once("://")
        .map(|(_, r)| r)
        .or_else(|| u.strip_prefix("//"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.').to_lowercase();
    if host.is_empty() || !host.contains('.') {
        return None;
    }
    Some(host)
}

const TWO_LEVEL_SUFFIXES: &[&str] = &[
    "com.cn", "net.cn", "org.cn", "gov.cn", "edu.cn", "ac.cn", "co.uk", "org.uk", "ac.uk",
    "gov.uk", "com.au", "net.au", "org.au", "co.jp", "ne.jp", "or.jp", "com.hk", "org.hk",
    "com.tw", "org.tw", "gov.tw", "co.nz", "com.sg", "com.my", "co.kr", "co.in", "com.br", "co.za",
    "com.mo",
];

/// Outlet slug from a URL: the table's domains first, then the registrable
/// domain minus its public suffix (`eng.example.com.cn` -> `example`).
pub(crate) fn outlet_from_url(url: &str) -> Option<String> {
    let host = url_host(url)?;
    if host.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None; // an IP address names no outlet
    }
    for e in outlet_table() {
        for d in &e.domains {
            if host == *d || host.ends_with(&format!(".{d}")) {
                return Some(e.slug.clone());
            }
        }
    }
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.len() < 2 {
        return None;
    }
    let last_two = format!("{}.{}", labels[labels.len() - 2], labels[labels.len() - 1]);
    let idx = if TWO_LEVEL_SUFFIXES.contains(&last_two.as_str()) {
        labels.len().checked_sub(3)?
    } else {
        labels.len() - 2
    };
    let slug = slugify(labels[idx]);
    (!slug.is_empty()).then_some(slug)
}

/// Words that end many outlet names without telling them apart.
const GENERIC_OUTLET_SUFFIXES: &[&str] = &["online", "新闻网", "网站", "网", "在线"];

/// Slug for an outlet the table does not know, from its name as the article
/// gives it: letters and digits run together (Chinese as toneless pinyin),
/// a generic trailing word dropped, so `Baltic Monitor` is `balticmonitor`
/// like its domain would be, and 观澜网 is `guanlan`.
pub(crate) fn outlet_from_unknown_name(name: &str) -> Option<String> {
    use pinyin::ToPinyin;
    let mut n = name.trim().to_string();
    for suffix in GENERIC_OUTLET_SUFFIXES {
        let lower = n.to_lowercase();
        if lower.ends_with(suffix) && lower.len() > suffix.len() {
            n.truncate(n.len() - suffix.len());
            n = n.trim_end().to_string();
            break;
        }
    }
    let mut slug = String::new();
    for c in n.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            slug.push_str(p.plain());
        }
    }
    (!slug.is_empty() && slug.len() <= 40).then_some(slug)
}

/// Lower-case slug: ASCII letters and digits kept, other runs become `-`.
/// Non-ASCII names (a Chinese outlet missing from the table) are kept as
/// they are, without whitespace.
pub(crate) fn slugify(s: &str) -> String {
    let s = s.trim();
    if !s.is_ascii() {
        return s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
    }
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Normalises an outlet given by a user or a corpus: a known name or domain
/// becomes its slug, a URL its domain slug, anything else is slugified.
pub(crate) fn normalize_outlet(s: &str) -> String {
    if let Some(slug) = outlet_from_name(s) {
        return slug;
    }
    if s.contains("://") {
        if let Some(slug) = outlet_from_url(s) {
            return slug;
        }
    }
    let slug = slugify(s);
    if slug.is_empty() {
        "unknown".to_string()
    } else {
        slug
    }
}

// ------------------------------------------------------------------ dates

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("valid built-in regex"))
}

fn iso_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?:^|[^\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?:$|[^\d])",
    )
}

fn zh_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号](?:\s*(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?",
    )
}

fn dmy_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?:^|[^\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*-?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?",
    )
}

fn month_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"(?i)\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?",
    )
}

fn month_num(m: &str) -> u32 {
    const M: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = m.to_ascii_lowercase();
    M.iter()
        .position(|x| m.starts_with(x))
        .map_or(0, |i| i as u32 + 1)
}

fn fmt_date(
    y: i32,
    mo: u32,
    d: u32,
    time: Option<(u32, u32, u32)>,
    tz: Option<&str>,
) -> Option<String> {
    NaiveDate::from_ymd_opt(y, mo, d)?;
    if !(1900..=2200).contains(&y) {
        return None;
    }
    let mut s = format!("{y:04}-{mo:02}-{d:02}");
    if let Some((h, mi, se)) = time {
        if h > 23 || mi > 59 || se > 60 {
            return Some(s);
        }
        s.push_str(&format!("T{h:02}:{mi:02}:{se:02}"));
        match tz {
            Some("Z") | Some("z") => s.push('Z'),
            Some(t) => {
                let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
                if digits.len() == 4 {
                    s.push_str(&format!("{}{}:{}", &t[..1], &digits[..2], &digits[2..]));
                }
            }
            None => {}
        }
    }
    Some(s)
}

fn num<T: std::str::FromStr>(c: Option<regex::Match>) -> Option<T> {
    c?.as_str().parse().ok()
}

/// A date found anywhere in `s`, with the char range it spans, in ISO 8601.
pub(crate) fn find_date(s: &str) -> Option<(String, std::ops::Range<usize>)> {
    // Every pattern holds a four-digit year (`\d` is a Unicode decimal
    // digit, which `is_numeric` includes): text without a digit is no date.
    if !s.chars().any(char::is_numeric) {
        return None;
    }
    let mut best: Option<(String, std::ops::Range<usize>)> = None;
    let mut consider = |val: Option<String>, range: std::ops::Range<usize>| {
        if let Some(v) = val {
            if best.as_ref().is_none_or(|(_, r)| range.start < r.start) {
                best = Some((v, range));
            }
        }
    };
    for c in iso_re().captures_iter(s) {
        let time = num::<u32>(c.get(4))
            .map(|h| (h, num(c.get(5)).unwrap_or(0), num(c.get(6)).unwrap_or(0)));
        let v = fmt_date(
            num(c.get(1))?,
            num(c.get(2))?,
            num(c.get(3))?,
            time,
            c.get(7).map(|m| m.as_str()),
        );
        let whole = c.get(0)?;
        let ok = v.is_some();
        consider(v, whole.range());
        if ok {
            break;
        }
    }
    for c in zh_re().captures_iter(s) {
        let time = num::<u32>(c.get(4))
            .map(|h| (h, num(c.get(5)).unwrap_or(0), num(c.get(6)).unwrap_or(0)));
        let v = fmt_date(num(c.get(1))?, num(c.get(2))?, num(c.get(3))?, time, None);
        let ok = v.is_some();
        consider(v, c.get(0)?.range());
        if ok {
            break;
        }
    }
    for c in dmy_re().captures_iter(s) {
        let a: u32 = num(c.get(1))?;
        let b: u32 = num(c.get(2))?;
        // dd/mm/yyyy unless the second number cannot be a month.
        let (d, mo) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
        let time = num::<u32>(c.get(4))
            .map(|h| (h, num(c.get(5)).unwrap_or(0), num(c.get(6)).unwrap_or(0)));
        let v = fmt_date(num(c.get(3))?, mo, d, time, None);
        let ok = v.is_some();
        consider(v, c.get(0)?.range());
        if ok {
            break;
        }
    }
    for c in month_re().captures_iter(s) {
        let (d, m, y) = if c.get(1).is_some() {
            (
                num(c.get(1))?,
                month_num(c.get(2)?.as_str()),
                num(c.get(3))?,
            )
        } else {
            (
                num(c.get(5))?,
                month_num(c.get(4)?.as_str()),
                num(c.get(6))?,
            )
        };
        let time = num::<u32>(c.get(7))
            .map(|h| (h, num(c.get(8)).unwrap_or(0), num(c.get(9)).unwrap_or(0)));
        let v = fmt_date(y, m, d, time, None);
        let ok = v.is_some();
        consider(v, c.get(0)?.range());
        if ok {
            break;
        }
    }
    best
}

/// Parses a metadata date value (front matter, `<meta>`, a `Date:` line)
/// into ISO 8601. `None` for values such as `Invalid Date`.
pub(crate) fn parse_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        let offset = dt.offset().local_minus_utc();
        let tz = if offset == 0 {
            "Z".to_string()
        } else {
            dt.format("%:z").to_string()
        };
        return Some(format!("{}{}", dt.format("%Y-%m-%dT%H:%M:%S"), tz));
    }
    if (s.len() == 10 || s.len() == 13) && s.bytes().all(|b| b.is_ascii_digit()) {
        return epoch_to_iso(s.parse().ok()?, s.len() == 13);
    }
    find_date(s).map(|(v, _)| v)
}

/// Splits a date found by [`parse_date`] (`YYYY-MM-DD`, naive
/// `YYYY-MM-DDTHH:MM:SS`, or with `Z` / `±HH:MM`) into the calendar date as
/// written and, when the zone is known, the instant in UTC
/// (`YYYY-MM-DDTHH:MM:SSZ`): one form per field, whatever the source wrote.
pub(crate) fn split_date(iso: &str) -> (String, Option<String>) {
    let date = crate::model::date_part(iso).to_string();
    let utc = DateTime::parse_from_rfc3339(iso).ok().map(|dt| {
        dt.with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    });
    (date, utc)
}

/// An epoch timestamp (seconds, or milliseconds when `millis`) as ISO 8601 UTC.
pub(crate) fn epoch_to_iso(n: i64, millis: bool) -> Option<String> {
    let dt = if millis {
        DateTime::from_timestamp_millis(n)?
    } else {
        DateTime::from_timestamp(n, 0)?
    };
    Some(dt.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// `true` when `text` is nothing but a date or date-time (a dateline).
pub(crate) fn is_dateline(text: &str) -> bool {
    let t = text.trim();
    // 40 chars are at most 160 bytes: long blocks are not counted.
    if t.len() > 160 || t.chars().count() > 40 {
        return false;
    }
    match find_date(t) {
        Some((_, r)) => {
            let rest: String = format!("{}{}", &t[..r.start], &t[r.end..]);
            rest.chars()
                .filter(|c| c.is_alphanumeric() && !c.is_ascii_digit())
                .count()
                <= 2
        }
        None => false,
    }
}

/// A `M月D日` mention in `text`, completed with `year`.
pub(crate) fn month_day_zh(text: &str, year: i32) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, r"(?:^|[^\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]");
    r.captures_iter(text)
        .find_map(|c| fmt_date(year, num(c.get(1))?, num(c.get(2))?, None, None))
}

// --------------------------------------------------------------- language

pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2EBEF | 0x30000..=0x3134F)
}

/// `zh`, `en` or `mixed` by script share. A Han character carries about
/// as much as three Latin letters, so Han counts three times.
#[cfg(test)]
pub(crate) fn detect_lang(text: &str) -> Lang {
    detect_lang_parts(std::iter::once(text))
}

/// [`detect_lang`] over several pieces of text, without joining them.
pub(crate) fn detect_lang_parts<'a>(parts: impl Iterator<Item = &'a str>) -> Lang {
    let (mut han, mut latin) = (0usize, 0usize);
    for part in parts {
        for c in part.chars() {
            if c.is_ascii() {
                latin += c.is_ascii_alphabetic() as usize;
            } else if is_han(c) {
                han += 1;
            } else if ('\u{C0}'..='\u{24F}').contains(&c) {
                latin += 1;
            }
        }
    }
    let h = han as f64 * 3.0;
    let total = h + latin as f64;
    if total == 0.0 {
        return Lang::En;
    }
    let share = h / total;
    if share >= 0.8 {
        Lang::Zh
    } else if share <= 0.2 {
        Lang::En
    } else {
        Lang::Mixed
    }
}

pub(crate) fn parse_lang(s: &str) -> Option<Lang> {
    let s = s.trim().to_ascii_lowercase();
    if s == "mixed" {
        Some(Lang::Mixed)
    } else if s.starts_with("zh") || s == "cn" || s == "chi" || s == "chinese" {
        Some(Lang::Zh)
    } else if s.starts_with("en") || s == "english" {
        Some(Lang::En)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_slugs_are_slugs() {
        assert!(outlet_table().len() > 5);
        for e in outlet_table() {
            assert_eq!(slugify(&e.slug), e.slug);
        }
    }

    #[test]
    fn unknown_outlet_names_become_slugs() {
        assert_eq!(
            outlet_from_unknown_name("Baltic Monitor").as_deref(),
            Some("balticmonitor")
        );
        assert_eq!(
            outlet_from_unknown_name("Harbour Herald Online").as_deref(),
            Some("harbourherald")
        );
        assert_eq!(
            outlet_from_unknown_name("观澜网").as_deref(),
            Some("guanlan")
        );
        assert_eq!(outlet_from_unknown_name("点讯").as_deref(), Some("dianxun"));
        assert_eq!(outlet_from_unknown_name("  "), None);
    }

    #[test]
    fn outlet_names_and_urls() {
        assert_eq!(outlet_from_name("观察者网").as_deref(), Some("guancha"));
        assert_eq!(outlet_from_name("zaker").as_deref(), Some("zaker"));
        assert_eq!(outlet_from_name("Some Blog"), None);
        assert_eq!(
            outlet_from_url("http://www.rfi.fr//cn/x").as_deref(),
            Some("rfi")
        );
        assert_eq!(
            outlet_from_url("http://eng.chinamil.com.cn/a.htm").as_deref(),
            Some("chinamil")
        );
        assert_eq!(
            outlet_from_url("https://news.example.co.uk:8080/a").as_deref(),
            Some("example")
        );
        assert_eq!(
            outlet_from_url("https://www.dailyherald-news.com/a").as_deref(),
            Some("dailyherald-news")
        );
        assert_eq!(outlet_from_url("http://10.0.0.1/a"), None);
        assert_eq!(outlet_from_url("not a url"), None);
        assert_eq!(outlet_in_line("来源：观察者网").as_deref(), Some("guancha"));
        assert_eq!(normalize_outlet("The Daily Planet"), "the-daily-planet");
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("Tue, 20 Jul 2021 10:31:57 GMT").as_deref(),
            Some("2021-07-20T10:31:57Z")
        );
        assert_eq!(parse_date("Invalid Date"), None);
        assert_eq!(parse_date("2021-07-20").as_deref(), Some("2021-07-20"));
        assert_eq!(
            parse_date("2021-07-21 17:21:09").as_deref(),
            Some("2021-07-21T17:21:09")
        );
        assert_eq!(
            parse_date("2021-07-21T17:21:09+08:00").as_deref(),
            Some("2021-07-21T17:21:09+08:00")
        );
        assert_eq!(
            parse_date("20/07/2021 - 01:33").as_deref(),
            Some("2021-07-20T01:33:00")
        );
        assert_eq!(parse_date("2021年7月20日").as_deref(), Some("2021-07-20"));
        assert_eq!(parse_date("July 20, 2021").as_deref(), Some("2021-07-20"));
        assert_eq!(
            parse_date("3 March 2022 09:10").as_deref(),
            Some("2022-03-03T09:10:00")
        );
        assert_eq!(
            parse_date("1626738303000").as_deref(),
            Some("2021-07-19T23:45:03Z")
        );
        assert_eq!(parse_date("2021-02-30"), None);
        assert!(is_dateline("20/07/2021 - 01:33"));
        assert!(!is_dateline("On 2021-07-20 the ministry said so."));
        assert_eq!(
            month_day_zh("问：7月18日，某国", 2022).as_deref(),
            Some("2022-07-18")
        );
    }

    #[test]
    fn languages() {
        assert_eq!(detect_lang("外交部发言人表示强烈不满。"), Lang::Zh);
        assert_eq!(detect_lang("The ministry rejected the claims."), Lang::En);
        assert_eq!(
            detect_lang("The embassy said on Monday that the report was false. 使馆称报道不实，敦促对方停止抹黑。"),
            Lang::Mixed
        );
        assert_eq!(parse_lang("zh-CN"), Some(Lang::Zh));
    }
}
