//! CSV tables (`nodes.csv`, `edges.csv`), RFC 4180.
//!
//! `nodes.csv`: `id,label_zh,label_en,kind,parent,country`, one row per
//! actor. `edges.csv`: `source,target,relation,weight,articles,outlets,
//! first_date,last_date,evidence_count`, one row per edge, with articles and
//! outlets joined by `;`. Fields holding a comma, quote, `;`, line break or
//! leading/trailing space are quoted, quotes doubled; lines end in CRLF.

use crate::graph::ActorGraph;

/// One CSV field, quoted when needed.
pub fn field(s: &str) -> String {
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
    let mut out = String::new();
    row(
        &mut out,
        &["id", "label_zh", "label_en", "kind", "parent", "country"],
    );
    for n in graph.nodes() {
        row(
            &mut out,
            &[
                &n.id,
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
    let mut out = String::new();
    row(
        &mut out,
        &[
            "source",
            "target",
            "relation",
            "weight",
            "articles",
            "outlets",
            "first_date",
            "last_date",
            "evidence_count",
        ],
    );
    for (s, t, e) in graph.edges() {
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
    }
}
