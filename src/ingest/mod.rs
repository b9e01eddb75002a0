//! Ingest: files, directories, standard input and JSONL corpora to clean
//! [`Article`]s, the hand-off every later stage reads.
//!
//! [`read_inputs`] streams articles (one file in memory at a time, JSONL
//! line by line); [`parse_bytes`] parses one document already in memory.
//! The format is recognised from the content (see [`Format`]): front
//! matter (`frontmatter`), RFI pages (`rfi`), saved HTML (`html`),
//! Markdown (`markdown`), plain text (`plain`); bytes are decoded by
//! `encoding`; `furniture` removes page furniture and says why; `meta`
//! normalises dates, outlets and language. The library never prints.

mod encoding;
mod frontmatter;
mod furniture;
mod html;
mod jsonl;
mod markdown;
mod meta;
mod plain;
mod rfi;

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::model::{Article, Format, Lang, Removed};

/// Options for reading articles.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// `id_or_path -> outlet` overrides (see [`load_outlets_csv`]).
    pub outlets: BTreeMap<String, String>,
    /// Articles larger than this many bytes are skipped with a reason.
    pub max_article_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            outlets: BTreeMap::new(),
            max_article_bytes: 20 * 1024 * 1024,
        }
    }
}

/// Errors of the ingest helpers that are not per-input problems.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path}:{line}: {reason}")]
    Csv {
        path: String,
        line: usize,
        reason: String,
    },
}

/// An input (or one line of a corpus) that could not be read as an article.
#[derive(Debug, Clone, Serialize)]
pub struct InputProblem {
    pub source: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.source, l, self.reason),
            None => write!(f, "{}: {}", self.source, self.reason),
        }
    }
}

impl std::error::Error for InputProblem {}

fn problem(source: &str, line: Option<usize>, reason: impl Into<String>) -> InputProblem {
    InputProblem {
        source: source.to_string(),
        line,
        reason: reason.into(),
    }
}

/// Reads an outlet override file: `id_or_path,outlet` per line; blank lines,
/// `#` comments and an `id_or_path,outlet` header are skipped. Outlet names
/// are normalised to slugs (`观察者网` -> `guancha`).
pub fn load_outlets_csv(path: &Path) -> Result<BTreeMap<String, String>, IngestError> {
    let text = fs::read_to_string(path).map_err(|source| IngestError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((key, outlet)) = line.rsplit_once(',') else {
            return Err(IngestError::Csv {
                path: path.display().to_string(),
                line: i + 1,
                reason: format!("expected `id_or_path,outlet`, got `{line}`"),
            });
        };
        let (key, outlet) = (
            key.trim().trim_matches('"'),
            outlet.trim().trim_matches('"'),
        );
        if i == 0 && (key == "id_or_path" || key == "id" || key == "path") {
            continue;
        }
        if key.is_empty() || outlet.is_empty() {
            return Err(IngestError::Csv {
                path: path.display().to_string(),
                line: i + 1,
                reason: "empty id_or_path or outlet".to_string(),
            });
        }
        map.insert(key.to_string(), meta::normalize_outlet(outlet));
    }
    Ok(map)
}

// ------------------------------------------------------------ internals

/// A block of text before furniture removal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    pub text: String,
    pub heading: bool,
    /// Non-space chars inside links.
    pub link_chars: usize,
    pub caption: bool,
}

impl Block {
    pub(crate) fn text(text: impl Into<String>) -> Block {
        Block {
            text: text.into(),
            heading: false,
            link_chars: 0,
            caption: false,
        }
    }
    pub(crate) fn heading(text: impl Into<String>) -> Block {
        Block {
            heading: true,
            ..Block::text(text)
        }
    }
}

/// `true` when a text ends with sentence punctuation (closing quotes and
/// brackets after it allowed).
pub(crate) fn sentence_end(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['”', '’', '"', '\'', '）', ')', '」', '』', '》', ']', '】']);
    t.ends_with(['。', '！', '？', '!', '?', '.', '…', '；', ';'])
}

/// What a format parser found, before cleaning and finishing.
#[derive(Debug)]
pub(crate) struct Draft {
    pub format: Format,
    pub title: Option<String>,
    /// An outlet slug already decided (corpus field).
    pub outlet: Option<String>,
    /// Names or lines that may name the outlet, best first.
    pub outlet_hints: Vec<String>,
    /// A value that names the publishing outlet even when the outlet table
    /// does not know it (og:site_name, an outlet header line, a scraper
    /// archive's site author): the last resort for the slug.
    pub outlet_name: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    pub lang: Option<Lang>,
    pub blocks: Vec<Block>,
    pub removed: Vec<Removed>,
    pub warnings: Vec<String>,
}

impl Draft {
    pub(crate) fn new(format: Format) -> Draft {
        Draft {
            format,
            title: None,
            outlet: None,
            outlet_hints: Vec::new(),
            outlet_name: None,
            url: None,
            date: None,
            author: None,
            lang: None,
            blocks: Vec::new(),
            removed: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Whether the first 1,024 chars of `t` (after leading white space) open
/// an HTML page: a doctype, an `<html>` tag, or a comment with one after
/// it. ASCII case is ignored.
fn looks_like_full_html(t: &str) -> bool {
    let t = t.trim_start();
    let starts =
        |p: &str| t.len() >= p.len() && t.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if starts("<!doctype html") || starts("<html") {
        return true;
    }
    if !starts("<!--") {
        return false;
    }
    let end = t.char_indices().nth(1024).map_or(t.len(), |(i, _)| i);
    t[..end].to_ascii_lowercase().contains("<html")
}

/// Recognises the format of a decoded document and parses it.
pub(crate) fn parse_text(text: &str) -> Draft {
    let t = text.trim_start_matches('\u{feff}');
    if let Some(d) = frontmatter::parse(t) {
        return d;
    }
    if let Some(d) = unterminated_front_matter(t) {
        return d;
    }
    if let Some(d) = rfi::parse(t) {
        return d;
    }
    if looks_like_full_html(t) {
        return html_draft(t, true, Format::HtmlPage);
    }
    if let Some(d) = markdown::parse(t) {
        return d;
    }
    if html::looks_like_html(t) {
        return html_draft(t, false, Format::HtmlPage);
    }
    plain::parse(t)
}

/// Front matter opened by `---` but never closed: its `key: value` lines
/// end at the first blank line, and the rest is the body.
fn unterminated_front_matter(t: &str) -> Option<Draft> {
    let rest = t.trim_start().strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let (head, body) = rest.split_once("\n\n").unwrap_or((rest, ""));
    let is_field = |l: &str| {
        let l = l.trim_start_matches([' ', '-']);
        l.split_once(':')
            .is_some_and(|(k, _)| !k.is_empty() && k.len() <= 40 && !k.contains(' '))
    };
    let lines: Vec<&str> = head.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() || !is_field(lines[0]) {
        return None;
    }
    let mut d = frontmatter::parse(&format!("---\n{head}\n---\n{body}"))?;
    d.warnings
        .push("front matter not closed by `---`: read up to the first blank line".to_string());
    Some(d)
}

/// A draft from HTML (a whole page or a fragment).
pub(crate) fn html_draft(t: &str, page: bool, format: Format) -> Draft {
    let h = html::html_to_blocks(t, page);
    let mut d = Draft::new(format);
    let m = h.meta;
    d.title = m.og_title.clone().or(m.h1.clone()).or_else(|| {
        m.title_tag.as_ref().map(|t| {
            // "Headline - Site" / "Headline | Site": keep the headline.
            for sep in [" | ", " - ", " — ", "_"] {
                if let Some((a, _)) = t.rsplit_once(sep) {
                    if a.chars().count() >= 6 {
                        return a.trim().to_string();
                    }
                }
            }
            t.clone()
        })
    });
    if let Some(s) = m.site_name {
        d.outlet_name = Some(s.clone());
        d.outlet_hints.push(s);
    }
    d.url = m.url;
    if let Some(p) = m.published.as_deref().or(m.time_datetime.as_deref()) {
        d.date = meta::parse_date(p);
        if d.date.is_none() {
            d.warnings.push(format!("unreadable date `{p}`"));
        }
    }
    if let Some(a) = m.author {
        if a.contains("://") {
            d.outlet_hints.push(a);
        } else {
            d.outlet_hints.push(a.clone());
            d.author = Some(a);
        }
    }
    d.blocks = h.blocks;
    d.removed = h.removed;
    d
}

fn norm_cmp(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Cleans a draft and turns it into an article.
pub(crate) fn finalize(d: Draft, id: &str, source: &str, opts: &IngestOptions) -> Article {
    let Draft {
        format,
        title,
        outlet,
        outlet_hints,
        outlet_name,
        url,
        mut date,
        author,
        lang,
        blocks,
        mut removed,
        mut warnings,
    } = d;
    let mut blocks = furniture::clean(blocks, &mut removed);

    // Dates: a dateline the cleaner removed, then the body.
    if date.is_none() {
        date = removed
            .iter()
            .filter(|r| r.reason == "dateline")
            .find_map(|r| meta::parse_date(&r.text));
    }
    if date.is_none() {
        date = body_date(&blocks, &removed);
    }

    let (date, published) = match date.as_deref().map(meta::split_date) {
        Some((d, p)) => (Some(d), p),
        None => (None, None),
    };

    // Title and headline.
    let mut title = title
        .map(|t| html::collapse_ws(&t).trim().to_string())
        .filter(|t| !t.is_empty());
    if title.is_none()
        && blocks
            .first()
            .is_some_and(|b| b.heading && b.text.chars().count() <= 200)
    {
        title = Some(blocks.remove(0).text);
    }
    if let (Some(t), Some(first)) = (&title, blocks.first()) {
        let (a, b) = (norm_cmp(t), norm_cmp(&first.text));
        if !b.is_empty()
            && (a == b
                || ((first.heading || first.text.chars().count() <= 120)
                    && (a.starts_with(&b) || b.starts_with(&a))
                    && b.len() * 2 >= a.len()))
        {
            let dup = blocks.remove(0);
            furniture::push_merged(&mut removed, "duplicate headline", &dup.text);
        }
    }

    // Outlet: user override, corpus field, metadata hints, URL, unknown.
    let file_name = Path::new(source)
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or(source);
    let outlet = opts
        .outlets
        .get(id)
        .or_else(|| opts.outlets.get(source))
        .or_else(|| opts.outlets.get(file_name))
        .cloned()
        .or(outlet)
        .or_else(|| outlet_hints.iter().find_map(|h| meta::outlet_from_name(h)))
        .or_else(|| outlet_hints.iter().find_map(|h| meta::outlet_in_line(h)))
        .or_else(|| url.as_deref().and_then(meta::outlet_from_url))
        .or_else(|| {
            outlet_hints.iter().find_map(|h| {
                h.contains("://")
                    .then(|| meta::outlet_from_url(h))
                    .flatten()
            })
        })
        .or_else(|| {
            outlet_name
                .as_deref()
                .and_then(meta::outlet_from_unknown_name)
        })
        .unwrap_or_else(|| "unknown".to_string());

    let items = title
        .iter()
        .map(|t| (true, t.clone()))
        .chain(blocks.into_iter().map(|b| (b.heading, b.text)));
    let paragraphs = Article::paragraphs_from(items);
    if paragraphs.iter().all(|p| p.heading) {
        warnings.push("no body text left after cleaning".to_string());
    }
    let lang =
        lang.unwrap_or_else(|| meta::detect_lang_parts(paragraphs.iter().map(|p| p.text.as_str())));
    Article {
        id: id.to_string(),
        source: source.to_string(),
        format,
        title,
        outlet,
        date,
        published,
        url,
        author,
        lang,
        paragraphs,
        removed,
        warnings,
    }
}

/// A date from the body: a full date in the first paragraphs, else a
/// `M月D日` mention completed with the year of timestamps in the furniture.
fn body_date(blocks: &[Block], removed: &[Removed]) -> Option<String> {
    for b in blocks.iter().take(3) {
        if let Some((d, _)) = meta::find_date(&b.text) {
            return Some(d[..10].to_string());
        }
    }
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for r in removed {
        for line in r.text.lines() {
            if let Some((d, _)) = meta::find_date(line) {
                if let Ok(y) = d[..4].parse::<i32>() {
                    *years.entry(y).or_default() += 1;
                }
            }
        }
    }
    let year = years
        .iter()
        .max_by_key(|(y, n)| (**n, **y))
        .map(|(y, _)| *y)?;
    blocks
        .iter()
        .take(5)
        .find_map(|b| meta::month_day_zh(&b.text, year))
}

/// Parses one document already in memory.
pub fn parse_bytes(
    bytes: &[u8],
    source: &str,
    id: &str,
    opts: &IngestOptions,
) -> Result<Article, InputProblem> {
    if bytes.len() as u64 > opts.max_article_bytes {
        return Err(problem(
            source,
            None,
            format!(
                "too large: {} bytes > max_article_bytes {}; skipped",
                bytes.len(),
                opts.max_article_bytes
            ),
        ));
    }
    let decoded = encoding::decode(bytes).map_err(|r| problem(source, None, r))?;
    if decoded
        .text
        .trim_start_matches('\u{feff}')
        .trim()
        .is_empty()
    {
        return Err(problem(source, None, "empty file (no text)"));
    }
    if let Some(what) = not_an_article(&decoded.text) {
        return Err(problem(source, None, what));
    }
    let mut draft = parse_text(&decoded.text);
    if decoded.encoding != "UTF-8" {
        draft
            .warnings
            .push(format!("decoded from {}", decoded.encoding));
    }
    draft.warnings.extend(decoded.warnings.iter().cloned());
    drop(decoded);
    Ok(finalize(draft, id, source, opts))
}

/// What a document is when it is a graph or table (stancegraph's own
/// outputs among them) instead of an article: a DOT graph, a GEXF, GraphML
/// or SVG document, or one of stancegraph's CSV tables. Read as text, such
/// a file would give one nonsense article (or a relation from its labels).
fn not_an_article(text: &str) -> Option<&'static str> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let first_line = t.lines().next().unwrap_or("").trim_end();
    // The first five columns of the headers the CSV writer writes.
    let header = |columns: &[&str]| columns[..5].join(",");
    if first_line.starts_with(&header(&crate::export::csv::NODE_COLUMNS))
        || first_line.starts_with(&header(&crate::export::csv::EDGE_COLUMNS))
    {
        return Some(
            "a table written by stancegraph (nodes.csv or edges.csv), not articles: \
             give the articles it was made from",
        );
    }
    // DOT: `[strict] (di)graph [name] {`, after `//` or `#` comment lines.
    let code = t
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//") && !l.starts_with('#'))
        .unwrap_or("");
    let code = code.strip_prefix("strict ").unwrap_or(code).trim_start();
    let after = code
        .strip_prefix("digraph")
        .or_else(|| code.strip_prefix("graph"));
    if let Some(rest) = after {
        let head = rest.split('{').next().unwrap_or(rest);
        if rest.contains('{')
            && rest.starts_with([' ', '{', '"'])
            && head.chars().filter(|c| c.is_whitespace()).count() <= 2
        {
            return Some(
                "a Graphviz DOT graph, not an article: `stancegraph render` draws one \
                 written by stancegraph",
            );
        }
    }
    // stancegraph's own pages (report.html, compare.html) say who wrote them
    // in their head.
    let head = &t.as_bytes()[..t.len().min(2048)];
    if head.len() > 15
        && head[..15].eq_ignore_ascii_case(b"<!DOCTYPE html>")
        && memchr::memmem::find(head, b"<meta name=\"generator\" content=\"stancegraph").is_some()
    {
        return Some(
            "a page written by stancegraph (report.html or compare.html), not an article: \
             give the articles it was made from",
        );
    }
    // XML: the root element after the declaration, comments and DOCTYPE.
    let mut x = t;
    loop {
        x = x.trim_start();
        let skip_to = if x.starts_with("<?") {
            x.find("?>").map(|i| i + 2)
        } else if x.starts_with("<!--") {
            x.find("-->").map(|i| i + 3)
        } else if x.starts_with("<!DOCTYPE") || x.starts_with("<!doctype") {
            x.find('>').map(|i| i + 1)
        } else {
            break;
        };
        match skip_to {
            Some(i) => x = &x[i..],
            None => return None,
        }
    }
    let root: String = x
        .strip_prefix('<')?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
        .collect::<String>()
        .to_ascii_lowercase();
    match root.as_str() {
        "gexf" => Some("a GEXF graph (for Gephi), not an article"),
        "graphml" => Some("a GraphML graph, not an article"),
        "svg" => Some("an SVG drawing, not an article"),
        _ => None,
    }
}

// ------------------------------------------------------------- streaming

/// One input read but not parsed yet: a whole document, one line of a JSONL
/// corpus, or a problem met while reading. Reading is serial and cheap;
/// [`parse_raw`] (the expensive part) can run on any thread.
#[derive(Debug)]
pub enum RawInput {
    Doc {
        bytes: Vec<u8>,
        source: String,
        id: String,
    },
    Line {
        bytes: Vec<u8>,
        path: Arc<str>,
        line: usize,
    },
    Problem(InputProblem),
}

impl RawInput {
    /// Bytes read from the input.
    pub fn len(&self) -> usize {
        match self {
            RawInput::Doc { bytes, .. } | RawInput::Line { bytes, .. } => bytes.len(),
            RawInput::Problem(_) => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Parses what [`Inputs::next_raw`] read. Article ids are as the input
/// names them; [`IdDedup`] keeps repeated ones apart, in input order.
pub fn parse_raw(raw: RawInput, opts: &IngestOptions) -> Result<Article, InputProblem> {
    match raw {
        RawInput::Doc { bytes, source, id } => parse_bytes(&bytes, &source, &id, opts),
        RawInput::Line { bytes, path, line } => jsonl::parse_raw_line(&bytes, &path, line, opts),
        RawInput::Problem(p) => Err(p),
    }
}

/// Keeps article ids distinct: a repeated id becomes `id~2`, `id~3`, … with
/// a warning. Apply in input order.
#[derive(Debug, Default)]
pub struct IdDedup {
    seen: std::collections::HashSet<String>,
}

impl IdDedup {
    /// Renames `a` if its id was handed out before; true when it did.
    pub fn apply(&mut self, a: &mut Article) -> bool {
        if self.seen.insert(a.id.clone()) {
            return false;
        }
        let first = a.id.clone();
        let mut n = 2;
        while !self.seen.insert(format!("{first}~{n}")) {
            n += 1;
        }
        a.id = format!("{first}~{n}");
        a.warnings.push(format!(
            "duplicate article id `{first}` (also used by an earlier input): kept apart as `{}`",
            a.id
        ));
        true
    }
}

struct Pending {
    path: PathBuf,
    /// Canonical directories being walked above this entry (loop detection).
    ancestors: Arc<Vec<PathBuf>>,
}

/// Streams articles from files, directories (recursive, sorted, symlink
/// loops detected), `-` (stdin) and JSONL corpora. See [`read_inputs`].
pub struct Inputs {
    opts: IngestOptions,
    queue: std::vec::IntoIter<String>,
    stack: Vec<Pending>,
    jsonl: Option<jsonl::JsonlReader>,
    /// Ids handed out so far: a repeated id is kept apart as `id~2`.
    ids: IdDedup,
}

/// Streams articles from files, directories (recursive, sorted, symlink
/// loops detected), `"-"` (stdin) and JSONL corpora.
pub fn read_inputs(inputs: &[String], opts: &IngestOptions) -> Inputs {
    Inputs {
        opts: opts.clone(),
        queue: Vec::from(inputs).into_iter(),
        ids: IdDedup::default(),
        stack: Vec::new(),
        jsonl: None,
    }
}

/// The bytes [`read_inputs`] will read (for a progress bar's ETA): file
/// sizes, directories walked as the reader walks them (hidden entries
/// skipped, directory links not followed); `None` with `-` (stdin).
pub fn input_bytes(inputs: &[String]) -> Option<u64> {
    let mut total = 0u64;
    let mut stack: Vec<(PathBuf, bool)> = Vec::new();
    for input in inputs {
        if input == "-" {
            return None;
        }
        stack.push((PathBuf::from(input), true));
    }
    while let Some((path, top)) = stack.pop() {
        let md = if top {
            fs::metadata(&path)
        } else {
            fs::symlink_metadata(&path)
        };
        let Ok(md) = md else { continue };
        if md.is_dir() {
            if let Ok(rd) = fs::read_dir(&path) {
                for e in rd.flatten() {
                    if !e.file_name().to_string_lossy().starts_with('.') {
                        stack.push((e.path(), false));
                    }
                }
            }
        } else if md.is_file() {
            total += md.len();
        } else if md.file_type().is_symlink() {
            if let Ok(target) = fs::metadata(&path) {
                if target.is_file() {
                    total += target.len();
                }
            }
        }
    }
    Some(total)
}

fn file_id(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_string)
        .unwrap_or_else(|| path.display().to_string())
}

/// Peeks at a reader: does the content start (after a BOM and blanks) with `{`?
fn starts_like_jsonl(r: &mut dyn BufRead) -> io::Result<bool> {
    let buf = r.fill_buf()?;
    let buf = buf.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(buf);
    Ok(buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
}

impl Inputs {
    fn read_one(
        &mut self,
        mut reader: Box<dyn BufRead + Send>,
        source: &str,
        id: &str,
        size_hint: Option<u64>,
    ) -> Option<RawInput> {
        let fail = |reason: String| Some(RawInput::Problem(problem(source, None, reason)));
        match starts_like_jsonl(&mut *reader) {
            Err(e) => return fail(format!("cannot read: {e}")),
            Ok(true) => {
                self.jsonl = Some(jsonl::JsonlReader::new(reader, source.to_string()));
                return None;
            }
            Ok(false) => {}
        }
        let max = self.opts.max_article_bytes;
        if let Some(len) = size_hint {
            if len > max {
                return fail(format!(
                    "too large: {len} bytes > max_article_bytes {max}; skipped"
                ));
            }
        }
        let mut buf = Vec::with_capacity(size_hint.map_or(8192, |n| n as usize + 1));
        if let Err(e) = reader.take(max + 1).read_to_end(&mut buf) {
            return fail(format!("cannot read: {e}"));
        }
        Some(RawInput::Doc {
            bytes: buf,
            source: source.to_string(),
            id: id.to_string(),
        })
    }

    fn visit(&mut self, p: Pending) -> Option<RawInput> {
        let source = p.path.display().to_string();
        let fail = |reason: String| Some(RawInput::Problem(problem(&source, None, reason)));
        let md = match fs::metadata(&p.path) {
            Ok(m) => m,
            Err(e) => return fail(format!("cannot read: {e}")),
        };
        if md.is_dir() {
            let canon = match fs::canonicalize(&p.path) {
                Ok(c) => c,
                Err(e) => return fail(format!("cannot read directory: {e}")),
            };
            if p.ancestors.contains(&canon) {
                return fail(format!(
                    "symlink loop: {} is already being walked; skipped",
                    canon.display()
                ));
            }
            let rd = match fs::read_dir(&p.path) {
                Ok(rd) => rd,
                Err(e) => return fail(format!("cannot read directory: {e}")),
            };
            let mut names: Vec<PathBuf> = rd
                .filter_map(|e| e.ok())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect();
            names.sort();
            let mut anc = (*p.ancestors).clone();
            anc.push(canon);
            let anc = Arc::new(anc);
            for path in names.into_iter().rev() {
                self.stack.push(Pending {
                    path,
                    ancestors: Arc::clone(&anc),
                });
            }
            return None;
        }
        if !md.is_file() {
            return fail("not a regular file; skipped".to_string());
        }
        let file = match fs::File::open(&p.path) {
            Ok(f) => f,
            Err(e) => return fail(format!("cannot read: {e}")),
        };
        let id = file_id(&p.path);
        self.read_one(
            Box::new(BufReader::with_capacity(64 * 1024, file)),
            &source,
            &id,
            Some(md.len()),
        )
    }
}

impl Iterator for Inputs {
    type Item = Result<Article, InputProblem>;

    fn next(&mut self) -> Option<Self::Item> {
        let raw = self.next_raw()?;
        Some(parse_raw(raw, &self.opts).map(|mut a| {
            self.ids.apply(&mut a);
            a
        }))
    }
}

impl Inputs {
    /// The next input read but not parsed (see [`parse_raw`]); ids are not
    /// deduplicated here.
    pub fn next_raw(&mut self) -> Option<RawInput> {
        loop {
            if let Some(j) = self.jsonl.as_mut() {
                match j.next_raw(&self.opts) {
                    Some(item) => return Some(item),
                    None => self.jsonl = None,
                }
            }
            if let Some(p) = self.stack.pop() {
                if let Some(r) = self.visit(p) {
                    return Some(r);
                }
                continue;
            }
            let input = self.queue.next()?;
            if input == "-" {
                let reader = Box::new(BufReader::new(io::stdin()));
                if let Some(r) = self.read_one(reader, "<stdin>", "stdin", None) {
                    return Some(r);
                }
                continue;
            }
            self.stack.push(Pending {
                path: PathBuf::from(input),
                ancestors: Arc::new(Vec::new()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphs_tables_and_drawings_are_not_articles() {
        for (doc, what) in [
            ("digraph \"stancegraph\" {\n  a -> b;\n}\n", "DOT"),
            ("// made by hand\nstrict graph {\n a -- b\n}", "DOT"),
            (
                "\u{feff}<?xml version=\"1.0\"?>\n<!-- x -->\n<gexf xmlns=\"http://gexf.net/1.3\">",
                "GEXF",
            ),
            ("<?xml version=\"1.0\"?><graphml>", "GraphML"),
            (
                "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"x\">\n<svg width=\"1\">",
                "SVG",
            ),
            (
                "\u{feff}id,label,label_zh,label_en,kind,parent,country\r\n",
                "table",
            ),
            (
                "source,target,relation,weight,articles,outlets\r\n",
                "table",
            ),
            (
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"stancegraph 0.1.0\">",
                "page written by stancegraph",
            ),
        ] {
            let got = not_an_article(doc).unwrap_or_else(|| panic!("{doc:?} read as an article"));
            assert!(got.contains(what), "{doc:?}: {got}");
        }
        // Articles that start with such words stay articles.
        for doc in [
            "Graph theory meets diplomacy: China accused the US of meddling.",
            "graph of the week {see below}: the EU urged Russia to stop.",
            "Digraphs and ligatures in Chinese type.\n\nBody.",
            "<!DOCTYPE html><html><body><svg></svg><p>x</p></body></html>",
            "<html><body><p>x</p></body></html>",
            "id,name\nnot a stancegraph table",
            "<?xml version=\"1.0\"?>",
            "<!DOCTYPE html><meta name=\"generator\" content=\"WordPress 6\"><p>x</p>",
            "<!DOCTYPE h\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
        ] {
            assert_eq!(not_an_article(doc), None, "{doc:?}");
        }
    }

    #[test]
    fn full_html_is_told_by_its_opening_in_any_case() {
        for page in [
            "<!DOCTYPE html><html><body>x</body></html>",
            "  \n<!doctype HTML>",
            "<HTML lang=\"zh\">",
            "<!-- saved from url -->\n<Html>",
        ] {
            assert!(looks_like_full_html(page), "{page}");
        }
        let late = format!("<!--{}--><html>", "注".repeat(1100));
        for text in [
            "<p>only a fragment</p>",
            "<!-- a comment -->",
            "<!doc",
            "",
            late.as_str(),
        ] {
            assert!(!looks_like_full_html(text), "{text}");
        }
    }

    #[test]
    fn sentence_ends() {
        assert!(sentence_end("他说：“不行。”"));
        assert!(sentence_end("It ended."));
        assert!(!sentence_end("A heading"));
    }

    #[test]
    fn too_large_and_empty() {
        let opts = IngestOptions {
            max_article_bytes: 10,
            ..Default::default()
        };
        let e = parse_bytes(b"This is longer than ten bytes.", "x", "x", &opts).unwrap_err();
        assert!(e.reason.contains("too large"));
        let e = parse_bytes(b"  \n\n ", "y", "y", &IngestOptions::default()).unwrap_err();
        assert!(e.reason.contains("empty"));
    }

    #[test]
    fn headline_not_duplicated() {
        let a = parse_bytes(
            "# Ministry rejects claims\n\nMinistry rejects claims\n\nThe ministry said the report was false.\n".as_bytes(),
            "m.md",
            "m",
            &IngestOptions::default(),
        )
        .unwrap();
        assert_eq!(a.paragraphs.len(), 2);
        assert!(a.paragraphs[0].heading);
        assert_eq!(a.removed[0].reason, "duplicate headline");
    }

    #[test]
    fn outlets_override_by_id() {
        let mut opts = IngestOptions::default();
        opts.outlets.insert("doc1".into(), "courier".into());
        let a = parse_bytes(
            b"Title line\n\nSome body text here.",
            "d/doc1.txt",
            "doc1",
            &opts,
        )
        .unwrap();
        assert_eq!(a.outlet, "courier");
    }
}
