//! JSONL corpora: one article per line with `id` and `text` or `html`, and
//! optional `title`, `outlet`, `date`, `url`, `lang`, `author`. Read line by
//! line from a `BufRead` (never slurped); a bad line becomes a problem with
//! its line number and reading goes on.

use std::io::{BufRead, Read};

use serde_json::Value;

use super::{
    finalize, html_draft, looks_like_full_html, meta, parse_text, problem, IngestOptions,
    InputProblem,
};
use crate::model::{Article, Format};

pub(crate) struct JsonlReader {
    reader: Box<dyn BufRead + Send>,
    path: std::sync::Arc<str>,
    line: usize,
    buf: Vec<u8>,
    done: bool,
    /// Whether a non-blank line has been read: only the first one can open
    /// a JSON document that spans lines.
    seen_content: bool,
}

impl JsonlReader {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, path: String) -> JsonlReader {
        JsonlReader {
            reader,
            path: path.into(),
            line: 0,
            buf: Vec::new(),
            done: false,
            seen_content: false,
        }
    }

    /// The next article or problem; `None` at the end of the corpus.
    #[cfg(test)]
    pub(crate) fn next_item(
        &mut self,
        opts: &IngestOptions,
    ) -> Option<Result<Article, InputProblem>> {
        self.next_raw(opts).map(|raw| super::parse_raw(raw, opts))
    }

    /// The next line that is not blank, unparsed (or a problem reading it);
    /// `None` at the end of the corpus.
    pub(crate) fn next_raw(&mut self, opts: &IngestOptions) -> Option<super::RawInput> {
        use super::RawInput;
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(RawInput::Problem(problem(
                        &self.path,
                        Some(self.line + 1),
                        format!("cannot read: {e}"),
                    )));
                }
            }
            self.line += 1;
            if self.buf.len() as u64 > opts.max_article_bytes {
                return Some(RawInput::Problem(problem(
                    &self.path,
                    Some(self.line),
                    format!(
                        "too large: {} bytes > max_article_bytes {}; skipped",
                        self.buf.len(),
                        opts.max_article_bytes
                    ),
                )));
            }
            let body = self
                .buf
                .strip_prefix(&[0xEF, 0xBB, 0xBF][..])
                .unwrap_or(&self.buf);
            if body.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if !self.seen_content {
                self.seen_content = true;
                if opens_multiline_document(body) {
                    self.done = true;
                    return Some(RawInput::Problem(self.whole_document(opts)));
                }
                if let Some(what) = output_lines(body) {
                    // One problem for the file, not one per line.
                    self.done = true;
                    return Some(RawInput::Problem(problem(
                        &self.path,
                        Some(self.line),
                        what,
                    )));
                }
            }
            return Some(RawInput::Line {
                bytes: std::mem::take(&mut self.buf),
                path: self.path.clone(),
                line: self.line,
            });
        }
    }

    /// The first line opened a JSON value it did not close: the file is one
    /// document written over several lines (a `graph.json` written by
    /// stancegraph, or pretty-printed JSON), not one article per line. Reads
    /// the rest (up to `max_article_bytes`) to say which, as one problem
    /// instead of one "invalid JSON" per line.
    fn whole_document(&mut self, opts: &IngestOptions) -> InputProblem {
        let first_line = self.line;
        let mut doc = std::mem::take(&mut self.buf);
        let limit = opts.max_article_bytes;
        let mut rest = Vec::new();
        let read = (&mut self.reader)
            .take(limit.saturating_sub(doc.len() as u64))
            .read_to_end(&mut rest);
        doc.extend_from_slice(&rest);
        let lines = doc.iter().filter(|&&b| b == b'\n').count();
        // A document larger than the limit was cut: it cannot parse, so a
        // graph is known by its members.
        let cut = doc.len() as u64 >= limit;
        let graph_members = || {
            let has = |key: &[u8]| memchr::memmem::find(&doc, key).is_some();
            has(b"\"directed\"") && has(b"\"nodes\"")
        };
        const GRAPH: &str = "a graph written by stancegraph (node-link JSON), not articles: \
             give the articles it was made from; `stancegraph merge` combines saved \
             graphs, `render` draws one";
        let reason = match read {
            Err(e) => format!("cannot read: {e}"),
            Ok(_) => match serde_json::from_slice::<Value>(&doc) {
                Ok(v) if is_graph(&v) => GRAPH.to_string(),
                Ok(_) => format!(
                    "one JSON document over {} lines, not JSON lines (one article \
                     object per line); write each article on one line",
                    lines.max(1)
                ),
                Err(_) if cut && graph_members() => GRAPH.to_string(),
                Err(_) if cut => format!(
                    "one JSON document over more than {lines} lines (its first {limit} \
                     bytes read), not JSON lines (one article object per line)"
                ),
                Err(_) => "the first line opens a JSON value that it does not close: \
                     not JSON lines (one article object per line)"
                    .to_string(),
            },
        };
        problem(&self.path, Some(first_line), reason)
    }
}

/// Whether a first corpus line opens a JSON object or array that it does
/// not close (`{`, `[`, or `{"directed": true,` alone on the line).
fn opens_multiline_document(body: &[u8]) -> bool {
    let trimmed = body.trim_ascii();
    if !matches!(trimmed.first(), Some(b'{' | b'[')) {
        return false;
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(trimmed) {
        Ok(_) => false,
        Err(e) => e.is_eof(),
    }
}

/// What a first JSON line is when it is one of stancegraph's own JSON-lines
/// outputs instead of an article (no `text` or `html`): the mentions of
/// `edges.jsonl` / `extract`, or the summaries of `articles.jsonl`.
fn output_lines(body: &[u8]) -> Option<&'static str> {
    let v: Value = serde_json::from_slice(body.trim_ascii()).ok()?;
    let o = v.as_object()?;
    if o.contains_key("text") || o.contains_key("html") {
        return None;
    }
    let kind = o.get("type").and_then(Value::as_str);
    if matches!(kind, Some("relation" | "stance")) && o.contains_key("doc") {
        return Some(
            "relation mentions written by stancegraph (edges.jsonl, or extract's \
             output), not articles: `stancegraph merge` makes their graph",
        );
    }
    if ["paragraphs", "removed_blocks", "relations", "stances"]
        .iter()
        .all(|k| o.contains_key(*k))
    {
        return Some(
            "article summaries written by stancegraph (articles.jsonl), not articles: \
             give the articles they were made from",
        );
    }
    None
}

/// A node-link graph as stancegraph (and networkx) writes it.
fn is_graph(v: &Value) -> bool {
    v.as_object().is_some_and(|o| {
        o.get("nodes").is_some_and(Value::is_array)
            && (o.get("links").is_some_and(Value::is_array)
                || o.get("edges").is_some_and(Value::is_array))
    })
}

/// Parses one corpus line read by [`JsonlReader::next_raw`].
pub(crate) fn parse_raw_line(
    bytes: &[u8],
    path: &str,
    line_no: usize,
    opts: &IngestOptions,
) -> Result<Article, InputProblem> {
    // The vectorised check first (Chinese text is slow through std's); on
    // failure std's says where.
    let line = match simdutf8::basic::from_utf8(bytes) {
        Ok(line) => line,
        Err(_) => std::str::from_utf8(bytes).map_err(|e| {
            problem(
                path,
                Some(line_no),
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )
        })?,
    };
    let line = line.trim_start_matches('\u{feff}').trim();
    parse_line(line, path, line_no, opts)
}

fn field<'a>(obj: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Parses one corpus line into an article.
pub(crate) fn parse_line(
    line: &str,
    path: &str,
    line_no: usize,
    opts: &IngestOptions,
) -> Result<Article, InputProblem> {
    let err = |r: String| problem(path, Some(line_no), r);
    let v: Value = serde_json::from_str(line).map_err(|e| err(format!("invalid JSON: {e}")))?;
    let obj = v
        .as_object()
        .ok_or_else(|| err("not a JSON object".into()))?;
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(err("missing or empty `id`".into())),
    };
    let mut d = if let Some(h) = field(obj, "html") {
        html_draft(h, looks_like_full_html(h), Format::Jsonl)
    } else if let Some(t) = field(obj, "text") {
        parse_text(t)
    } else {
        return Err(err(format!("article `{id}` has neither `text` nor `html`")));
    };
    d.format = Format::Jsonl;
    if let Some(t) = field(obj, "title") {
        d.title = Some(t.to_string());
    }
    if let Some(o) = field(obj, "outlet") {
        d.outlet = Some(meta::normalize_outlet(o));
    }
    if let Some(u) = field(obj, "url") {
        d.url = Some(u.to_string());
    }
    if let Some(a) = field(obj, "author") {
        d.author = Some(a.to_string());
    }
    if let Some(raw) = field(obj, "date") {
        match meta::parse_date(raw) {
            Some(date) => d.date = Some(date),
            None => d
                .warnings
                .push(format!("date: `{raw}` is not a date; no date")),
        }
    }
    if let Some(l) = field(obj, "lang") {
        match meta::parse_lang(l) {
            Some(lang) => d.lang = Some(lang),
            None => d.warnings.push(format!(
                "lang: `{l}` is not zh, en or mixed; detected instead"
            )),
        }
    }
    let source = format!("{path}:{line_no}");
    Ok(finalize(d, &id, &source, opts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn lines_and_problems() {
        let data = "{\"id\":\"a\",\"text\":\"外交部表示强烈不满。\",\"outlet\":\"新华社\",\"date\":\"2021-07-20\"}\n\n{bad json\n{\"id\":7,\"html\":\"<p>The embassy rejected it.</p>\",\"lang\":\"en\"}\n{\"id\":\"c\"}\n";
        let mut r = JsonlReader::new(
            Box::new(std::io::Cursor::new(data.as_bytes().to_vec())),
            "c.jsonl".into(),
        );
        let opts = IngestOptions::default();
        let a = r.next_item(&opts).unwrap().unwrap();
        assert_eq!(
            (a.id.as_str(), a.outlet.as_str(), a.date.as_deref()),
            ("a", "xinhua", Some("2021-07-20"))
        );
        assert_eq!(a.source, "c.jsonl:1");
        let p = r.next_item(&opts).unwrap().unwrap_err();
        assert_eq!(p.line, Some(3));
        let b = r.next_item(&opts).unwrap().unwrap();
        assert_eq!((b.id.as_str(), b.lang), ("7", Lang::En));
        assert_eq!(r.next_item(&opts).unwrap().unwrap_err().line, Some(5));
        assert!(r.next_item(&opts).is_none());
    }

    #[test]
    fn a_document_over_several_lines_is_one_problem() {
        let opts = IngestOptions::default();
        let read = |data: &str| {
            let mut r = JsonlReader::new(
                Box::new(std::io::Cursor::new(data.as_bytes().to_vec())),
                "g.json".into(),
            );
            let mut items = Vec::new();
            while let Some(i) = r.next_item(&opts) {
                items.push(i);
            }
            items
        };
        let graph = "{\"directed\": true,\n \"nodes\": [],\n \"edges\": []\n}\n";
        let items = read(graph);
        assert_eq!(items.len(), 1);
        let p = items[0].as_ref().unwrap_err();
        assert_eq!(p.line, Some(1));
        assert!(p.reason.contains("a graph written by stancegraph"), "{p}");
        let items = read("\n[\n  {\"id\": \"a\", \"text\": \"x\"}\n]\n");
        assert_eq!(items.len(), 1);
        let p = items[0].as_ref().unwrap_err();
        assert_eq!(p.line, Some(2));
        assert!(p.reason.contains("over 3 lines"), "{p}");
        // A graph larger than the limit is still told by its members.
        let small = IngestOptions {
            max_article_bytes: 40,
            ..IngestOptions::default()
        };
        let mut r = JsonlReader::new(
            Box::new(std::io::Cursor::new(graph.repeat(3).into_bytes())),
            "big.json".into(),
        );
        let p = r
            .next_raw(&small)
            .map(|raw| crate::ingest::parse_raw(raw, &small));
        let p = p.unwrap().unwrap_err();
        assert!(p.reason.contains("a graph written by stancegraph"), "{p}");
        let items = read("{\"id\": \"a\",\n");
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("does not close"));
        // A first line that is closed but bad stays a per-line problem, and
        // reading goes on.
        let items =
            read("{\"id\": \"a\"} x\n{\"id\":\"b\",\"text\":\"The embassy rejected it.\"}\n");
        assert_eq!(items.len(), 2);
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .reason
            .contains("invalid JSON"));
        assert!(items[1].is_ok());
    }

    #[test]
    fn a_line_that_is_not_utf8_says_where() {
        let opts = IngestOptions::default();
        let mut line = "{\"id\":\"a\",\"text\":\"中文".as_bytes().to_vec();
        let at = line.len();
        line.extend_from_slice(b"\xff\"}");
        let p = parse_raw_line(&line, "c.jsonl", 4, &opts).unwrap_err();
        assert_eq!(p.line, Some(4));
        assert_eq!(p.reason, format!("invalid UTF-8 at byte {at}"));
        let ok = parse_raw_line(
            "{\"id\":\"b\",\"text\":\"外交部表示不满。\"}".as_bytes(),
            "c.jsonl",
            5,
            &opts,
        );
        assert_eq!(ok.unwrap().id, "b");
    }
}
