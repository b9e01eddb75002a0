//! CSV tables (`nodes.csv`, `edges.csv`), RFC 4180, for spreadsheets and
//! data frames.
//!
//! `nodes.csv`: `id,label,label_zh,label_en,kind,parent,country`, one row
//! per actor. `edges.csv`: `source,target,relation,weight,articles,outlets,
//! first_date,last_date,evidence_count,evidence_doc,evidence_cue,
//! evidence_sentence`, one row per edge, with articles and outlets joined by
//! `;` and the edge's first piece of evidence (in the order of the
//! evidence list: by article, then place) in the last three columns.
//!
//! The files start with a UTF-8 byte order mark, so Excel reads Chinese
//! labels as UTF-8 (pandas, R and LibreOffice skip it; Python's `csv`
//! module reads it with `encoding="utf-8-sig"`). Fields holding a comma,
//! quote, `;`, line break or leading/trailing space are quoted, quotes
//! doubled; lines end in CRLF. A text cell that a spreadsheet would run as
//! a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
//! gets a leading `'`, as OWASP advises against CSV injection.

use crate::graph::ActorGraph;

/// The columns of `nodes.csv`.
pub const NODE_COLUMNS: [&str; 7] = [
    "id", "label", "label_zh", "label_en", "kind", "parent", "country",
];

/// The columns of `edges.csv`.
pub const EDGE_COLUMNS: [&str; 12] = [
    "source",
    "target",
    "relation",
    "weight",
    "articles",
    "outlets",
    "first_date",
    "last_date",
    "evidence_count",
    "evidence_doc",
    "evidence_cue",
    "evidence_sentence",
];

/// The UTF-8 byte order mark each CSV file starts with.
pub const BOM: &str = "\u{feff}";

/// One CSV field, defused when a spreadsheet would read it as a formula,
/// quoted when needed.
pub fn field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return format!("\"'{}\"", s.replace('"', "\"\""));
    }
    let needs = s.contains([',', '"', '\n', '\r', ';'])
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace);
    if needs {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The text of `nodes.csv`.
pub fn nodes_csv(graph: &ActorGraph) -> String {
    let mut out = String::from(BOM);
    row(&mut out, &NODE_COLUMNS);
    for n in graph.nodes() {
        row(
            &mut out,
            &[
                &n.id,
                &super::xml::node_label(n),
                &n.label_zh,
                &n.label_en,
                &n.kind,
                n.parent.as_deref().unwrap_or(""),
                &n.country,
            ],
        );
    }
    out
}

/// The text of `edges.csv`.
pub fn edges_csv(graph: &ActorGraph) -> String {
    let mut out = Vec::new();
    write_edges_csv(graph, &mut out).expect("writing into memory");
    String::from_utf8(out).expect("CSV is UTF-8")
}

/// Writes `edges.csv` to `w`, a chunk at a time.
pub fn write_edges_csv(graph: &ActorGraph, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = String::from(BOM);
    row(&mut out, &EDGE_COLUMNS);
    for (s, t, e) in graph.edges() {
        let first = e.evidence.first();
        row(
            &mut out,
            &[
                &s.id,
                &t.id,
                e.relation.as_str(),
                &e.weight.to_string(),
                &e.articles.join(";"),
                &e.outlets.join(";"),
                e.first_date.as_deref().unwrap_or(""),
                e.last_date.as_deref().unwrap_or(""),
                &e.evidence.len().to_string(),
                first.map_or("", |x| x.doc.as_str()),
                first.map_or("", |x| x.cue.as_str()),
                first.map_or("", |x| x.sentence.as_str()),
            ],
        );
        super::flush_chunk(&mut out, w)?;
    }
    w.write_all(out.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_fields() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("a\nb"), "\"a\nb\"");
        assert_eq!(field("a;b"), "\"a;b\"");
        assert_eq!(field(" x"), "\" x\"");
        assert_eq!(field("中文"), "中文");
        // Formula-looking cells are defused, and quoted so the mark stays.
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+1"), "\"'+1\"");
        assert_eq!(field("-2+3"), "\"'-2+3\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("\tx"), "\"'\tx\"");
        assert_eq!(field("a=b"), "a=b");
    }
}
