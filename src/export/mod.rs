//! Writers (and readers) for the actor graph, one file per format.
//!
//! | format | files | module |
//! | --- | --- | --- |
//! | networkx node-link JSON | `graph.json` | [`json`] |
//! | Graphviz DOT | `graph.dot` | [`dot`] |
//! | SVG drawing | `graph.svg` | [`svg`] |
//! | CSV tables | `nodes.csv`, `edges.csv` | [`csv`] |
//! | GEXF 1.3 (Gephi) | `graph.gexf` | [`gexf`] |
//! | GraphML | `graph.graphml` | [`graphml`] |
//! | HTML page | `report.html`, `compare.html` | [`crate::report`] |
//!
//! The HTML page needs more than a graph (article titles, stances, the
//! run's problems): `analyze` and `compare` write it, [`write_graph_as`]
//! leaves it out.
//!
//! Every writer is deterministic (same graph, same bytes) and every file is
//! written with [`crate::fsutil::write_atomic`].

pub mod csv;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod svg;
pub(crate) mod xml;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::graph::{ActorGraph, GraphError};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Dot,
    Svg,
    Json,
    Csv,
    Gexf,
    Graphml,
    /// `report.html` (analyze) or `compare.html` (compare).
    Html,
}

impl Format {
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Dot,
        Format::Svg,
        Format::Csv,
        Format::Gexf,
        Format::Graphml,
        Format::Html,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Html => "html",
        }
    }

    /// The file names this format writes.
    pub fn file_names(self) -> &'static [&'static str] {
        match self {
            Format::Dot => &["graph.dot"],
            Format::Svg => &["graph.svg"],
            Format::Json => &["graph.json"],
            Format::Csv => &["nodes.csv", "edges.csv"],
            Format::Gexf => &["graph.gexf"],
            Format::Graphml => &["graph.graphml"],
            Format::Html => &["report.html"],
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Format, ExportError> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s.to_ascii_lowercase())
            .ok_or_else(|| {
                ExportError::Invalid(format!(
                    "unknown format {s:?} (expected dot, svg, json, csv, gexf, graphml or html)"
                ))
            })
    }
}

/// Errors from writing, reading or rendering graphs.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Parse { path: PathBuf, message: String },
    #[error(transparent)]
    Graph(#[from] GraphError),
    #[error("rendering failed: {0}")]
    Render(String),
    #[error("{0}")]
    Invalid(String),
}

impl ExportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Writes `graph` in each of `formats` into `dir` (which must exist) and
/// returns the paths written, in the order of `formats` (repeats ignored;
/// [`Format::Html`] is not a graph file and is skipped). SVG is drawn with
/// the built-in renderer.
pub fn write_graph(
    graph: &ActorGraph,
    dir: &Path,
    formats: &[Format],
) -> Result<Vec<PathBuf>, ExportError> {
    write_graph_as(graph, dir, None, formats, &svg::SvgOptions::default())
}

/// As [`write_graph`], with the files named after `stem` when given
/// (`<stem>.json`, `<stem>.nodes.csv`, …: one set per outlet or article in
/// a shared folder) and SVG drawn as `svg_opts` says.
pub fn write_graph_as(
    graph: &ActorGraph,
    dir: &Path,
    stem: Option<&str>,
    formats: &[Format],
    svg_opts: &svg::SvgOptions,
) -> Result<Vec<PathBuf>, ExportError> {
    let mut done: Vec<Format> = Vec::new();
    let mut written = Vec::new();
    for &format in formats {
        if done.contains(&format) {
            continue;
        }
        done.push(format);
        // Streamed to the files: a large corpus's graph never sits in
        // memory as text.
        let files: &[&str] = match format {
            Format::Csv => &["nodes.csv", "edges.csv"],
            Format::Json => &["graph.json"],
            Format::Dot => &["graph.dot"],
            Format::Svg => &["graph.svg"],
            Format::Gexf => &["graph.gexf"],
            Format::Graphml => &["graph.graphml"],
            Format::Html => &[],
        };
        let svg = match format {
            Format::Svg => Some(svg::render_svg(graph, svg_opts)?),
            _ => None,
        };
        for &name in files {
            let is_nodes = name == "nodes.csv";
            let name = match stem {
                None => name.to_string(),
                Some(stem) => format!("{stem}.{}", name.strip_prefix("graph.").unwrap_or(name)),
            };
            let path = dir.join(name);
            crate::fsutil::write_atomic_with(&path, |w| match format {
                Format::Json => json::write_json(graph, w),
                Format::Dot => dot::write_dot(graph, w),
                Format::Svg => w.write_all(svg.as_deref().unwrap_or_default().as_bytes()),
                Format::Csv if is_nodes => w.write_all(csv::nodes_csv(graph).as_bytes()),
                Format::Csv => csv::write_edges_csv(graph, w),
                Format::Gexf => gexf::write_gexf(graph, w),
                Format::Graphml => graphml::write_graphml(graph, w),
                Format::Html => Ok(()),
            })
            .map_err(|e| ExportError::io(&path, e))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Writes `s` out and empties it once it holds a megabyte: exporters build
/// their text edge by edge and hand it on in chunks.
fn flush_chunk(s: &mut String, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    if s.len() >= 1 << 20 {
        w.write_all(s.as_bytes())?;
        s.clear();
    }
    Ok(())
}

/// Longest file name [`sanitize_file_name`] returns, in bytes.
pub const MAX_FILE_NAME: usize = 100;

/// Turns an outlet name or an id into a safe file name: no path separators,
/// no `..`, no control or reserved characters, no leading dot, never empty,
/// at most [`MAX_FILE_NAME`] bytes.
pub fn sanitize_file_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        let bad = c.is_control()
            || matches!(
                c,
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' | '\u{feff}'
            );
        let c = if bad { '_' } else { c };
        // Collapse runs of dots, so `..` never appears.
        if c == '.' && out.ends_with('.') {
            continue;
        }
        out.push(c);
    }
    let mut out = out.trim().trim_end_matches('.').to_string();
    if out.starts_with('.') {
        out.replace_range(..1, "_");
    }
    if out.len() > MAX_FILE_NAME {
        let mut end = MAX_FILE_NAME;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        out.truncate(end);
        out = out.trim_end_matches(['.', ' ']).to_string();
    }
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        out.insert(0, '_');
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_names() {
        assert_eq!(sanitize_file_name("bbc"), "bbc");
        assert_eq!(sanitize_file_name("../../etc/passwd"), "__._etc_passwd");
        assert_eq!(sanitize_file_name(".."), "_");
        assert_eq!(sanitize_file_name("."), "_");
        assert_eq!(sanitize_file_name(""), "_");
        assert_eq!(sanitize_file_name("   "), "_");
        assert_eq!(sanitize_file_name("a\\b/c\nd\0e"), "a_b_c_d_e");
        assert_eq!(sanitize_file_name(".hidden"), "_hidden");
        assert_eq!(sanitize_file_name("a..b...c"), "a.b.c");
        assert_eq!(sanitize_file_name("CON"), "_CON");
        assert_eq!(sanitize_file_name("com1.txt"), "_com1.txt");
        assert_eq!(sanitize_file_name("人民日报"), "人民日报");
        let long = "中".repeat(200);
        let s = sanitize_file_name(&long);
        assert!(s.len() <= MAX_FILE_NAME && !s.is_empty());
        assert!(s.chars().all(|c| c == '中'));
        for nasty in ["..", "../x", "a/../b", "\u{7}", "x.", "..."] {
            let s = sanitize_file_name(nasty);
            assert!(
                !s.contains("..") && !s.contains('/') && !s.is_empty(),
                "{nasty:?} -> {s:?}"
            );
            assert!(!s.chars().any(char::is_control));
        }
    }

    #[test]
    fn formats_parse() {
        assert_eq!("GraphML".parse::<Format>().unwrap(), Format::Graphml);
        assert!("png".parse::<Format>().is_err());
    }
}
