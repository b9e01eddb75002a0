//! SVG drawing (`graph.svg`), rendered in-process.
//!
//! The DOT of [`super::dot::to_dot`] is laid out and drawn by the
//! `graphviz-pure` crate (a pure-Rust port of Graphviz; no system Graphviz
//! needed), or by an installed `dot` with [`Renderer::System`] (through
//! `graphviz-rust`'s exec). `graphviz-pure` is the default Cargo feature
//! `builtin-renderer`; a build without it draws with the system `dot`
//! whichever renderer is asked for, and says so when `dot` is missing.
//! The engine follows the graph's size: layered
//! `dot` up to [`super::dot::LARGE_NODES`] nodes and
//! [`super::dot::LARGE_EDGES`] edges, force-directed `sfdp` with straight
//! edges and a bounded number of iterations above that, so a 300-actor,
//! 1,000-edge graph renders in about a second.
//!
//! The drawing is then finished here:
//! - a `<style>` names the CJK font list ([`super::dot::FONT_FAMILIES`]) for
//!   every text, so Chinese labels use a CJK font where one is installed
//!   (node boxes are already sized for CJK glyph widths in the DOT);
//! - force-directed drawings, which have no legend cluster, get a legend
//!   panel on the right.
//!
//! Graphviz escapes all text it writes into SVG; no `URL`, `href` or
//! `tooltip` attribute is ever set, so nothing article-supplied becomes a
//! link or markup. [`check_svg_safety`] verifies that on the result.

use std::fmt::Write as _;
use std::str::FromStr;

use super::dot::{self, Engine, FONT_FAMILIES};
use super::xml::{escape, is_xml_char};
use super::ExportError;
use crate::graph::ActorGraph;
use crate::model::Relation;

/// Which Graphviz draws the SVG.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Renderer {
    /// The built-in pure-Rust renderer (`graphviz-pure`).
    #[default]
    Builtin,
    /// An installed Graphviz `dot` command.
    System,
}

impl FromStr for Renderer {
    type Err = ExportError;
    fn from_str(s: &str) -> Result<Renderer, ExportError> {
        match s {
            "builtin" => Ok(Renderer::Builtin),
            "system" => Ok(Renderer::System),
            other => Err(ExportError::Invalid(format!(
                "unknown renderer {other:?} (expected builtin or system)"
            ))),
        }
    }
}

/// SVG rendering options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SvgOptions {
    pub renderer: Renderer,
}

/// Draws `graph` as SVG.
pub fn render_svg(graph: &ActorGraph, opts: &SvgOptions) -> Result<String, ExportError> {
    let engine = dot::engine_for(graph);
    let source = dot::to_drawing_dot(graph);
    let raw = match opts.renderer {
        Renderer::Builtin => render_builtin(&source, engine)?,
        Renderer::System => render_system(source)?,
    };
    let svg = finish_svg(&raw, engine == Engine::Sfdp)?;
    check_svg_safety(&svg)?;
    Ok(svg)
}

/// Draws `graph` for an HTML page ([`dot::to_page_dot`]): no legend, node
/// and edge ids `n{i}` / `e{i}`, and no XML prolog, so it can be inlined.
pub fn render_page_svg(graph: &ActorGraph, opts: &SvgOptions) -> Result<String, ExportError> {
    let engine = dot::engine_for(graph);
    let source = dot::to_page_dot(graph);
    let raw = match opts.renderer {
        Renderer::Builtin => render_builtin(&source, engine)?,
        Renderer::System => render_system(source)?,
    };
    let svg = finish_svg(&raw, false)?;
    let start = svg
        .find("<svg")
        .ok_or_else(|| ExportError::Render("unexpected SVG from the renderer".to_string()))?;
    let svg = svg[start..].to_string();
    check_svg_safety(&svg)?;
    Ok(svg)
}

fn render_builtin(source: &str, engine: Engine) -> Result<String, ExportError> {
    draw_builtin(source, engine.as_str(), Output::Svg)
}

fn render_system(source: String) -> Result<String, ExportError> {
    draw_system(source, Output::Svg, SYSTEM_HINT)
}

/// What a drawing call writes: SVG, or Graphviz's `plain` positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    Svg,
    Plain,
}

const SYSTEM_HINT: &str =
    "the system renderer needs Graphviz's `dot` on PATH (or use --renderer builtin)";

/// Lays out DOT `source` with `engine` (the graph's own `layout` attribute
/// names the same) in-process.
#[cfg(feature = "builtin-renderer")]
pub(crate) fn draw_builtin(source: &str, engine: &str, out: Output) -> Result<String, ExportError> {
    let format = match out {
        Output::Svg => "svg",
        Output::Plain => "plain",
    };
    graphviz_pure::render_dot(source, engine, format)
        .map(|r| r.into_output())
        .map_err(|e| ExportError::Render(e.to_string()))
}

/// Without the built-in renderer, the system's `dot` draws (the DOT's
/// `layout` attribute picks the engine).
#[cfg(not(feature = "builtin-renderer"))]
pub(crate) fn draw_builtin(
    source: &str,
    _engine: &str,
    out: Output,
) -> Result<String, ExportError> {
    draw_system(
        source.to_string(),
        out,
        "this stancegraph was built without its built-in renderer (Cargo feature \
         `builtin-renderer`), so SVG needs Graphviz's `dot` on PATH: install Graphviz, \
         or leave svg out of --formats",
    )
}

/// Lays out DOT `source` with the installed Graphviz `dot`; `missing` is
/// the message when there is none.
pub(crate) fn draw_system(
    source: String,
    out: Output,
    missing: &str,
) -> Result<String, ExportError> {
    use graphviz_rust::cmd::{CommandArg, Format};
    let format = match out {
        Output::Svg => Format::Svg,
        Output::Plain => Format::Plain,
    };
    let bytes = graphviz_rust::exec_dot(source, vec![CommandArg::Format(format)]).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ExportError::Render(missing.to_string())
        } else {
            ExportError::Render(format!("dot: {e}"))
        }
    })?;
    String::from_utf8(bytes).map_err(|_| ExportError::Render("dot wrote invalid UTF-8".into()))
}

/// The CSS `font-family` value naming the CJK font list.
pub fn font_family_css() -> String {
    FONT_FAMILIES
        .iter()
        .map(|f| {
            if f.contains(' ') {
                format!("\"{f}\"")
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds the font style (and, when `legend`, a legend panel) to a Graphviz SVG.
/// Characters XML 1.0 forbids (U+FFFE, U+FFFF, which DOT labels keep and the
/// renderers copy through) are dropped, so the SVG stays well-formed.
fn finish_svg(raw: &str, legend: bool) -> Result<String, ExportError> {
    let cleaned: String;
    let raw = if raw.chars().all(is_xml_char) {
        raw
    } else {
        cleaned = raw.chars().filter(|&c| is_xml_char(c)).collect();
        &cleaned
    };
    let bad = || ExportError::Render("unexpected SVG from the renderer".to_string());
    let start = raw.find("<svg").ok_or_else(bad)?;
    let tag_end = start + raw[start..].find('>').ok_or_else(bad)?;
    let style = format!(
        "\n<style>text {{ font-family: {}; }}</style>",
        font_family_css()
    );
    let mut out = String::with_capacity(raw.len() + 4096);
    if !legend {
        out.push_str(&raw[..=tag_end]);
        out.push_str(&style);
        out.push_str(&raw[tag_end + 1..]);
        return Ok(out);
    }
    // Widen the canvas and draw the legend to the right of the graph.
    let tag = &raw[start..=tag_end];
    let width = pt_attr(tag, "width").ok_or_else(bad)?;
    let height = pt_attr(tag, "height").ok_or_else(bad)?;
    let (legend_svg, lw, lh) = legend_panel(width + 10.0);
    let new_w = width + 10.0 + lw + 10.0;
    let new_h = height.max(lh + 20.0);
    let new_tag = format!(
        "<svg width=\"{new_w:.0}pt\" height=\"{new_h:.0}pt\"\n viewBox=\"0.00 0.00 {new_w:.2} {new_h:.2}\" xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
    );
    let end = raw.rfind("</svg>").ok_or_else(bad)?;
    out.push_str(&raw[..start]);
    out.push_str(&new_tag);
    out.push_str(&style);
    out.push_str(&raw[tag_end + 1..end]);
    out.push_str(&legend_svg);
    out.push_str(&raw[end..]);
    Ok(out)
}

/// Reads `name="123.4pt"` from an SVG start tag.
fn pt_attr(tag: &str, name: &str) -> Option<f64> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let rest = &tag[i..];
    let v = &rest[..rest.find('"')?];
    v.trim_end_matches("pt").parse().ok()
}

/// SVG for the relation legend at `x`; returns it with its width and height.
fn legend_panel(x: f64) -> (String, f64, f64) {
    let (w, row) = (170.0, 20.0);
    let h = 34.0 + row * Relation::ALL.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        "<g id=\"legend\" class=\"legend\" transform=\"translate({x:.2} 10)\">\n\
         <rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\" rx=\"6\" fill=\"white\" stroke=\"#999999\" stroke-dasharray=\"4,2\"/>\n\
         <text x=\"10\" y=\"20\" font-size=\"12\" fill=\"#333333\">Relations 关系</text>\n"
    );
    for (i, r) in Relation::ALL.into_iter().enumerate() {
        let st = dot::relation_style(r);
        let y = 40.0 + row * i as f64;
        let dash = if st.style == "dashed" {
            " stroke-dasharray=\"5,2\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<line x1=\"10\" y1=\"{y:.0}\" x2=\"60\" y2=\"{y:.0}\" stroke=\"{c}\" stroke-width=\"{pw:.2}\"{dash}/>\n\
             <polygon points=\"60,{a:.0} 68,{y:.0} 60,{b:.0}\" fill=\"{fill}\" stroke=\"{c}\"/>\n\
             <text x=\"76\" y=\"{t:.0}\" font-size=\"11\" fill=\"{c}\">{label}</text>\n",
            c = st.color,
            pw = dot::pen_width(r, 1),
            a = y - 4.0,
            b = y + 4.0,
            t = y + 4.0,
            fill = if st.arrowhead == "empty" { "white" } else { st.color },
            label = escape(&format!("{r} {}", st.label_zh)),
        );
    }
    s.push_str("</g>\n");
    (s, w, h)
}

/// Fails when an SVG holds anything that could act as a link or script:
/// `a`, `script`, `foreignObject`, `iframe` or `image` elements, `href`
/// attributes or event-handler (`on…`) attributes. Text is not inspected
/// (every `<` in text is escaped, so each `<` starts a real tag).
pub fn check_svg_safety(svg: &str) -> Result<(), ExportError> {
    let refuse = |what: &str| {
        Err(ExportError::Render(format!(
            "refusing to write an SVG containing {what}"
        )))
    };
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") {
            match rest.find("-->") {
                Some(end) => rest = &rest[end + 3..],
                None => return refuse("an unterminated comment"),
            }
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if tag.starts_with(['/', '?', '!']) {
            continue;
        }
        let name_len = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_len].to_ascii_lowercase();
        let local = name.rsplit(':').next().unwrap_or(&name);
        if matches!(
            local,
            "a" | "script" | "foreignobject" | "iframe" | "image" | "use"
        ) {
            return refuse(&format!("a <{name}> element"));
        }
        // Attribute names: the words before each `=` outside quotes.
        let mut in_quote: Option<char> = None;
        let mut word = String::new();
        for c in tag[name_len..].chars() {
            match in_quote {
                Some(q) if c == q => in_quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => in_quote = Some(c),
                None if c == '=' => {
                    let attr = word.trim().to_ascii_lowercase();
                    let local = attr.rsplit(':').next().unwrap_or(&attr).to_string();
                    if local == "href" || local.starts_with("on") {
                        return refuse(&format!("a {attr} attribute"));
                    }
                    word.clear();
                }
                None if c.is_whitespace() => word.clear(),
                None => word.push(c),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_font_list() {
        assert_eq!(
            font_family_css(),
            "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif"
        );
    }

    #[test]
    fn finishes_svg() {
        let raw = "<?xml version=\"1.0\"?>\n<svg width=\"100pt\" height=\"50pt\"\n viewBox=\"0.00 0.00 100.00 50.00\" xmlns=\"http://www.w3.org/2000/svg\">\n<g/>\n</svg>\n";
        let small = finish_svg(raw, false).unwrap();
        assert!(small.contains("<style>text { font-family: \"Noto Sans CJK SC\""));
        let big = finish_svg(raw, true).unwrap();
        assert!(big.contains("width=\"290pt\""));
        assert!(big.contains("id=\"legend\""));
        assert!(big.ends_with("</g>\n</svg>\n"));
        let odd = raw.replace("<g/>", "<text>a\u{fffe}b\u{ffff}</text>");
        assert!(finish_svg(&odd, false).unwrap().contains("<text>ab</text>"));
    }

    #[test]
    fn safety_check() {
        assert!(check_svg_safety("<svg><text>&lt;script&gt; one=1</text></svg>").is_ok());
        assert!(check_svg_safety("<svg><script>x</script></svg>").is_err());
        assert!(check_svg_safety("<svg><a xlink:href=\"x\"/></svg>").is_err());
        assert!(check_svg_safety("<svg onload=\"x\"></svg>").is_err());
        assert!(check_svg_safety("<svg><!-- <a href=x> --><g id=\"a onload=1\"/></svg>").is_ok());
    }
}
