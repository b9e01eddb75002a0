//! Drawings of a comparison, laid out once: the union graph is laid out by
//! Graphviz (`plain` output gives node positions), and both drawings reuse
//! those positions, so every panel shows each actor at the same place.
//! - `compare.svg`: the union graph, one line per group that reports an
//!   edge, coloured by group, with a legend of groups;
//! - `panels.svg`: one small panel per group; actors the group does not
//!   mention are greyed, its edges coloured by relation.
//!
//! Every text comes from article data and is escaped; nothing is a link.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::CompareReport;
use crate::export::dot::{self, country_fill, node_label_lines, relation_style};
use crate::export::svg::{check_svg_safety, draw_builtin, font_family_css, Output};
use crate::export::xml::escape;
use crate::export::ExportError;
use crate::graph::ActorGraph;
use crate::model::Relation;

/// Distinct colours for groups (cycled).
const GROUP_COLOURS: [&str; 10] = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4",
    "#b2182b", "#555555",
];

/// Space around the union drawing, in points.
const MARGIN: f64 = 20.0;

#[derive(Debug, Clone, Copy)]
struct Place {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// Node positions (points, y down) and the canvas size of the union graph.
fn layout(union: &ActorGraph) -> Result<(BTreeMap<String, Place>, f64, f64), ExportError> {
    // A force-directed layout without overlaps fills the panels evenly
    // (the layered one is wide and flat).
    let mut source = dot::to_drawing_dot(union)
        .replacen("layout=\"dot\"", "layout=\"neato\"", 1)
        .replacen("layout=\"sfdp\"", "layout=\"neato\"", 1);
    if let Some(i) = source.find('{') {
        // Graph attributes given last win: no overlaps, room between boxes.
        if let Some(j) = source[i..].find("];") {
            source.insert_str(
                i + j + 2,
                "\n  graph[overlap=\"prism\" sep=\"+14\" splines=\"false\"];",
            );
        }
    }
    let plain = draw_builtin(&source, "neato", Output::Plain)?;
    let mut places = BTreeMap::new();
    let (mut width, mut height) = (1.0, 1.0);
    for line in plain.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| parts.get(i).and_then(|v| v.parse::<f64>().ok());
        match parts.first() {
            Some(&"graph") => {
                width = num(2).unwrap_or(1.0) * 72.0;
                height = num(3).unwrap_or(1.0) * 72.0;
            }
            Some(&"node") => {
                let name = parts
                    .get(1)
                    .map(|n| n.trim_matches('"').to_string())
                    .unwrap_or_default();
                if let (Some(x), Some(y), Some(w), Some(h)) = (num(2), num(3), num(4), num(5)) {
                    places.insert(
                        name,
                        Place {
                            x: x * 72.0,
                            y: y * 72.0,
                            w: w * 72.0,
                            h: h * 72.0,
                        },
                    );
                }
            }
            _ => {}
        }
    }
    for p in places.values_mut() {
        p.y = height - p.y;
    }
    Ok((places, width, height))
}

/// Where the line from `a` toward `b` leaves `a`'s box.
fn clip(a: Place, b: Place) -> (f64, f64) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    if dx == 0.0 && dy == 0.0 {
        return (a.x, a.y);
    }
    let tx = if dx != 0.0 {
        (a.w / 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let ty = if dy != 0.0 {
        (a.h / 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (a.x + dx * t, a.y + dy * t)
}

/// A curved line from `a` to `b`, bent by `bend` points (to tell parallel
/// lines apart), ending at the boxes' edges.
fn curve(a: Place, b: Place, bend: f64, scale: f64, dx0: f64, dy0: f64) -> (String, f64, f64) {
    let (x1, y1) = clip(a, b);
    let (x2, y2) = clip(b, a);
    let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
    let len = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(1.0);
    let (nx, ny) = (-(y2 - y1) / len, (x2 - x1) / len);
    let (cx, cy) = (mx + nx * bend, my + ny * bend);
    let t = |x: f64, y: f64| (x * scale + dx0, y * scale + dy0);
    let (p1, p2, pc) = (t(x1, y1), t(x2, y2), t(cx, cy));
    (
        format!(
            "M{:.1},{:.1} Q{:.1},{:.1} {:.1},{:.1}",
            p1.0, p1.1, pc.0, pc.1, p2.0, p2.1
        ),
        (p1.0 + 2.0 * pc.0 + p2.0) / 4.0,
        (p1.1 + 2.0 * pc.1 + p2.1) / 4.0,
    )
}

fn marker_defs(colours: &[&str]) -> String {
    let mut s = String::from("<defs>");
    for (i, c) in colours.iter().enumerate() {
        let _ = write!(
            s,
            "<marker id=\"m{i}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>"
        );
    }
    s.push_str("</defs>");
    s
}

fn node_svg(s: &mut String, union: &ActorGraph, id: &str, p: Place, font: f64) {
    let Some(info) = union.nodes().find(|n| n.id == id) else {
        return;
    };
    let (w, h) = (p.w, p.h);
    let (x, y) = (p.x + MARGIN - w / 2.0, p.y + MARGIN - h / 2.0);
    let (fill, stroke, text) = (country_fill(&info.country), "#444444", "#111111");
    let _ = write!(s, "<g><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"4\" fill=\"{fill}\" stroke=\"{stroke}\"/>");
    let lines = node_label_lines(info);
    let n = lines.len() as f64;
    for (i, line) in lines.iter().enumerate() {
        let ty = p.y + MARGIN + (i as f64 - (n - 1.0) / 2.0) * font * 1.2 + font * 0.35;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"{font:.1}\" fill=\"{text}\">{}</text>",
            p.x + MARGIN,
            escape(line)
        );
    }
    s.push_str("</g>");
}

/// Label size in panels, in points.
const SMALL_FONT: f64 = 7.5;

/// A panel box's size for an actor's label.
fn small_box(info: &crate::model::ActorInfo) -> (f64, f64) {
    let lines = node_label_lines(info);
    let w = lines.iter().map(|l| dot::text_em(l)).fold(0.0, f64::max) * SMALL_FONT + 6.0;
    (w, lines.len() as f64 * SMALL_FONT * 1.2 + 4.0)
}

/// A node of a panel: a box sized for its label at a small fixed size.
fn small_node(s: &mut String, union: &ActorGraph, id: &str, cx: f64, cy: f64) {
    let Some(info) = union.nodes().find(|n| n.id == id) else {
        return;
    };
    let font = SMALL_FONT;
    let lines = node_label_lines(info);
    let (w, h) = small_box(info);
    let _ = write!(
        s,
        "<g><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"{}\" fill-opacity=\"0.92\" stroke=\"#444444\" stroke-width=\"0.6\"/>",
        cx - w / 2.0,
        cy - h / 2.0,
        country_fill(&info.country)
    );
    let n = lines.len() as f64;
    for (i, line) in lines.iter().enumerate() {
        let ty = cy + (i as f64 - (n - 1.0) / 2.0) * font * 1.2 + font * 0.35;
        let _ = write!(s, "<text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"{font}\">{}</text>", escape(line));
    }
    s.push_str("</g>");
}

fn open_svg(w: f64, h: f64) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}pt\" height=\"{h:.0}pt\" viewBox=\"0 0 {w:.1} {h:.1}\">\n<style>text {{ font-family: {}; }}</style>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        font_family_css()
    )
}

/// Parallel lines between the same two actors, in a stable order, with the
/// bend each one gets.
fn bends<K: Ord + Clone>(lines: &[(String, String, K)]) -> Vec<f64> {
    let mut count: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (a, b, _) in lines {
        let key = if a <= b {
            (a.clone(), b.clone())
        } else {
            (b.clone(), a.clone())
        };
        *count.entry(key).or_default() += 1;
    }
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    lines
        .iter()
        .map(|(a, b, _)| {
            let key = if a <= b {
                (a.clone(), b.clone())
            } else {
                (b.clone(), a.clone())
            };
            let n = count[&key] as f64;
            let i = seen.entry(key).or_default();
            let k = *i as f64;
            *i += 1;
            // Offsets are taken in the pair's canonical direction.
            let sign = if a <= b { 1.0 } else { -1.0 };
            sign * (12.0 + 10.0 * (k - (n - 1.0) / 2.0))
        })
        .collect()
}

/// `compare.svg` and `panels.svg`.
pub(super) fn draw(
    report: &CompareReport,
    graphs: &BTreeMap<String, ActorGraph>,
    union: &ActorGraph,
) -> Result<(String, String), ExportError> {
    let (places, width, height) = layout(union)?;
    let groups: Vec<&String> = graphs.keys().collect();
    let colour = |g: &str| {
        GROUP_COLOURS[groups.iter().position(|x| *x == g).unwrap_or(0) % GROUP_COLOURS.len()]
    };

    // The union graph, one line per (edge, group).
    let mut lines: Vec<(String, String, (Relation, String))> = Vec::new();
    for row in &report.edges {
        for g in row.groups.keys() {
            lines.push((
                row.source.clone(),
                row.target.clone(),
                (row.relation, g.clone()),
            ));
        }
    }
    let legend_w = 220.0;
    let (cw, ch) = (
        width + legend_w + 40.0,
        height.max(30.0 + 18.0 * groups.len() as f64) + 40.0,
    );
    let mut s = open_svg(cw, ch);
    let group_colours: Vec<&str> = groups.iter().map(|g| colour(g)).collect();
    s.push_str(&marker_defs(&group_colours));
    s.push('\n');
    for ((a, b, (rel, g)), bend) in lines.iter().zip(bends(&lines)) {
        let (Some(pa), Some(pb)) = (places.get(a), places.get(b)) else {
            continue;
        };
        let (d, lx, ly) = curve(*pa, *pb, bend, 1.0, MARGIN, MARGIN);
        let gi = groups.iter().position(|x| *x == g).unwrap_or(0);
        let dash = if relation_style(*rel).style == "dashed" {
            " stroke-dasharray=\"5,3\""
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\"{dash} marker-end=\"url(#m{gi})\"><title>{} {} {} ({})</title></path><text x=\"{lx:.1}\" y=\"{ly:.1}\" font-size=\"8\" fill=\"{}\" text-anchor=\"middle\">{}</text>",
            colour(g),
            escape(a),
            rel,
            escape(b),
            escape(g),
            colour(g),
            relation_style(*rel).label_zh
        );
    }
    for (id, p) in &places {
        node_svg(&mut s, union, id, *p, 11.0);
    }
    let lx = width + 40.0;
    let _ = writeln!(
        s,
        "<text x=\"{lx:.1}\" y=\"30\" font-size=\"12\" font-weight=\"bold\">Groups 分组</text>"
    );
    for (i, g) in groups.iter().enumerate() {
        let y = 50.0 + 18.0 * i as f64;
        let summary = report.groups.iter().find(|x| &&x.group == g);
        let counts = summary.map_or(String::new(), |x| {
            format!(" ({} articles, {} edges)", x.articles, x.edges)
        });
        let _ = writeln!(
            s,
            "<line x1=\"{lx:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            lx + 24.0,
            colour(g),
            lx + 30.0,
            y + 3.5,
            escape(&format!("{g}{counts}"))
        );
    }
    s.push_str("</svg>\n");
    check_svg_safety(&s)?;

    // Panels.
    let n = groups.len().max(1);
    let cols = n.min(2);
    let rows = n.div_ceil(cols);
    let panel_w = 640.0;
    // Room for the widest label at either side.
    let pad = union.nodes().map(|n| small_box(n).0).fold(0.0, f64::max) / 2.0 + 10.0;
    let scale = (panel_w - 2.0 * pad).max(100.0) / width.max(1.0);
    let panel_h = height * scale + 50.0;
    let relation_colours: Vec<&str> = Relation::ALL
        .iter()
        .map(|r| relation_style(*r).color)
        .collect();
    let mut p = open_svg(panel_w * cols as f64, panel_h * rows as f64 + 30.0);
    p.push_str(&marker_defs(&relation_colours));
    p.push('\n');
    for (i, g) in groups.iter().enumerate() {
        let (ox, oy) = (panel_w * (i % cols) as f64, panel_h * (i / cols) as f64);
        let graph = &graphs[*g];
        let present: std::collections::BTreeSet<&str> =
            graph.nodes().map(|n| n.id.as_str()).collect();
        let summary = report.groups.iter().find(|x| &&x.group == g);
        let title = summary.map_or(g.to_string(), |x| {
            format!("{g} — {} articles, {} edges", x.articles, x.edges)
        });
        let _ = writeln!(
            p,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#bbbbbb\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"bold\">{}</text>",
            ox + 2.0,
            oy + 2.0,
            panel_w - 4.0,
            panel_h - 4.0,
            ox + 10.0,
            oy + 18.0,
            escape(&title)
        );
        // Panel coordinates, with boxes sized for the small labels.
        let at: BTreeMap<&str, Place> = places
            .iter()
            .map(|(id, pl)| {
                let (w, h) = union
                    .nodes()
                    .find(|n| &n.id == id)
                    .map_or((6.0, 6.0), small_box);
                (
                    id.as_str(),
                    Place {
                        x: pl.x * scale + ox + pad,
                        y: pl.y * scale + oy + 30.0,
                        w,
                        h,
                    },
                )
            })
            .collect();
        let _ = write!(
            p,
            "<clipPath id=\"c{i}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/></clipPath><g clip-path=\"url(#c{i})\">",
            ox + 2.0,
            oy + 22.0,
            panel_w - 4.0,
            panel_h - 24.0
        );
        let edges: Vec<(String, String, Relation)> = graph
            .edges()
            .map(|(a, b, e)| (a.id.clone(), b.id.clone(), e.relation))
            .collect();
        for ((a, b, rel), bend) in edges.iter().zip(bends(&edges)) {
            let (Some(pa), Some(pb)) = (at.get(a.as_str()), at.get(b.as_str())) else {
                continue;
            };
            let (d, _, _) = curve(*pa, *pb, bend * 0.6, 1.0, 0.0, 0.0);
            let ri = Relation::ALL.iter().position(|r| r == rel).unwrap_or(0);
            let _ = writeln!(
                p,
                "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.4\" marker-end=\"url(#m{ri})\"/>",
                relation_style(*rel).color
            );
        }
        // Actors the group does not mention stay as grey dots at their place,
        // so the panels line up; the others are labelled boxes.
        for (id, pl) in &at {
            if present.contains(id) {
                small_node(&mut p, union, id, pl.x, pl.y);
            } else {
                let _ = write!(p, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#dddddd\" stroke=\"#bbbbbb\"/>", pl.x, pl.y);
            }
        }
        p.push_str("</g>\n");
    }
    // A relation legend under the panels.
    let ly = panel_h * rows as f64 + 18.0;
    for (i, r) in Relation::ALL.iter().enumerate() {
        let x = 10.0 + 110.0 * i as f64;
        let st = relation_style(*r);
        let _ = writeln!(
            p,
            "<line x1=\"{x:.1}\" y1=\"{ly:.1}\" x2=\"{:.1}\" y2=\"{ly:.1}\" stroke=\"{}\" stroke-width=\"3\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{} {}</text>",
            x + 20.0,
            st.color,
            x + 25.0,
            ly + 3.5,
            r,
            st.label_zh
        );
    }
    p.push_str("</svg>\n");
    check_svg_safety(&p)?;
    Ok((s, p))
}
