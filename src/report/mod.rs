//! HTML pages a person reads: `report.html` for a run of `analyze`
//! ([`run_page`]) and `compare.html` for a comparison ([`compare_page`]).
//!
//! Each page is one self-contained file: the graph drawn inline as SVG,
//! the style sheet and the script inline, no network access, so it opens
//! from disk and can be mailed. The page's data (edges with their
//! evidence, articles, stances) travels as one JSON document inside a
//! `<script type="application/json">` element, escaped so that no text
//! from an article can end that element ([`script_json`]); the script
//! builds every table and list from it with DOM text nodes, never with
//! markup, so article text is shown, not run. The frame is a minijinja
//! template with HTML auto-escaping (`templates/`).
//!
//! Large corpora: evidence is capped per edge (with the counts of what
//! was left out) so the page stays under [`MAX_PAGE_BYTES`]; the tables
//! are paginated by the script. Output is deterministic: same run, same
//! bytes.

mod compare;
mod run;

pub use compare::{compare_page, MAX_PANELS};
pub use run::{
    read_article_meta, run_page, shown_docs, ArticleMeta, PageInfo, RunFacts, StanceTally,
};

use minijinja::Environment;
use serde::Serialize;

use crate::export::dot::{kind_shape, relation_style};
use crate::export::ExportError;
use crate::model::Relation;

/// The size a page aims to stay under. Evidence per edge is cut until the
/// page fits (down to none, the counts kept); the drawing and the edge
/// table are always there.
pub const MAX_PAGE_BYTES: usize = 20 * 1024 * 1024;

/// Evidence sentences per edge a page shows at most (the graph files keep
/// more; `edges.jsonl` keeps every one).
pub const PAGE_EVIDENCE: usize = 10;

const CSS: &str = include_str!("assets/report.css");
const COMMON_JS: &str = include_str!("assets/common.js");
const REPORT_JS: &str = include_str!("assets/report.js");
const COMPARE_JS: &str = include_str!("assets/compare.js");

fn environment() -> Result<Environment<'static>, ExportError> {
    let mut env = Environment::new();
    // Auto-escaping follows the template's name: `.html`, so every value
    // not marked safe is HTML-escaped.
    for (name, text) in [
        ("base.html", include_str!("templates/base.html")),
        ("report.html", include_str!("templates/report.html")),
        ("compare.html", include_str!("templates/compare.html")),
    ] {
        env.add_template(name, text)
            .map_err(|e| ExportError::Render(format!("template {name}: {e}")))?;
    }
    Ok(env)
}

fn render(name: &str, ctx: minijinja::Value) -> Result<String, ExportError> {
    let env = environment()?;
    let tmpl = env
        .get_template(name)
        .map_err(|e| ExportError::Render(format!("template {name}: {e}")))?;
    tmpl.render(ctx)
        .map_err(|e| ExportError::Render(format!("template {name}: {e}")))
}

/// The page's code as it goes between `<script>` and `</script>`, and the
/// Content-Security-Policy that lets only that code run: its SHA-256 hash
/// (no `'unsafe-inline'`), so even markup that slipped into the page could
/// run no script and no event handler.
fn script_and_policy(js: &str) -> (String, String) {
    use base64::Engine as _;
    use sha2::Digest as _;
    let script = format!("\n{js}\n");
    let hash =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
    let policy = format!(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{hash}'"
    );
    (script, policy)
}

/// `value` as JSON that can sit inside a `<script>` element: `<`, `>`,
/// `&` and the JavaScript line separators are written as `\u` escapes
/// (they only occur inside JSON strings, where the escapes mean the same
/// characters), so no `</script>` or `<!--` can appear in it.
pub fn script_json<T: Serialize>(value: &T) -> Result<String, ExportError> {
    let json = serde_json::to_string(value).map_err(|e| ExportError::Invalid(e.to_string()))?;
    let mut out = String::with_capacity(json.len() + json.len() / 32);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// A relation as the legend shows it.
#[derive(Debug, Clone, Serialize)]
struct RelationView {
    name: &'static str,
    zh: &'static str,
    color: &'static str,
    dashed: bool,
    bold: bool,
    /// `normal` (filled) or `empty` (hollow) arrowhead.
    arrow: &'static str,
}

fn relation_views() -> Vec<RelationView> {
    Relation::ALL
        .into_iter()
        .map(|r| {
            let st = relation_style(r);
            RelationView {
                name: r.as_str(),
                zh: st.label_zh,
                color: st.color,
                dashed: st.style == "dashed",
                bold: st.bold,
                arrow: st.arrowhead,
            }
        })
        .collect()
}

/// A node kind as the legend shows it: its Graphviz shape and style.
#[derive(Debug, Clone, Serialize)]
struct KindView {
    kind: String,
    shape: &'static str,
    dashed: bool,
    rounded: bool,
}

fn kind_view(kind: &str) -> KindView {
    let (shape, style) = kind_shape(kind);
    KindView {
        kind: kind.to_string(),
        shape,
        dashed: style.contains("dashed"),
        rounded: style.contains("rounded"),
    }
}

/// Rounds a score for the page (three decimals: the same text everywhere).
fn round3(x: f64) -> f64 {
    if x.is_finite() {
        (x * 1000.0).round() / 1000.0
    } else {
        0.0
    }
}

/// Keeps only `http` and `https` links: a `javascript:` or `data:` URL from
/// an article's metadata is shown as text, never made a link.
fn safe_url(url: Option<&str>) -> Option<String> {
    let u = url?.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| u.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_end_the_script_element() {
        let v = serde_json::json!({"s": "</script><!-- & \u{2028} <b>"});
        let out = script_json(&v).unwrap();
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        assert!(!out.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn only_web_links() {
        assert_eq!(
            safe_url(Some(" https://example.org/a ")).as_deref(),
            Some("https://example.org/a")
        );
        assert_eq!(safe_url(Some("HTTP://x")).as_deref(), Some("HTTP://x"));
        assert_eq!(safe_url(Some("javascript:alert(1)")), None);
        assert_eq!(safe_url(Some("data:text/html,x")), None);
        assert_eq!(safe_url(None), None);
    }
}
