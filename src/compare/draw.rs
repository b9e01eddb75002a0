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

/// Arrow heads, one per colour, with ids `{prefix}m{index}`.
fn markers(prefix: &str, colours: &[&str]) -> String {
    let mut s = String::new();
    for (i, c) in colours.iter().enumerate() {
        let _ = write!(
            s,
            "<marker id=\"{prefix}m{i}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{c}\"/></marker>"
        );
    }
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
/// Title size in panels, in points.
const TITLE_FONT: f64 = 12.0;
/// Room kept between two actor boxes of a panel, in points.
const GAP: f64 = 4.0;
/// Height of a panel's title band, in points.
const TITLE_H: f64 = 24.0;
/// The least width of a panel, in points.
const PANEL_W: f64 = 640.0;

/// The drawings of a comparison.
pub(super) struct Drawings {
    /// `compare.svg`: the union graph, one line per group that reports an edge.
    pub compare: String,
    /// `panels.svg`: one panel per group, and a relation legend.
    pub panels: String,
    /// Each panel on its own, in group order (the order of `panels.svg`):
    /// the group and an `<svg>` element without XML prolog, to inline into
    /// an HTML page; its ids start with `p{index}`, unique among panels.
    pub panel_svgs: Vec<(String, String)>,
}

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

/// `compare.svg`, `panels.svg` and each panel on its own.
pub(super) fn draw(
    report: &CompareReport,
    graphs: &BTreeMap<String, ActorGraph>,
    union: &ActorGraph,
) -> Result<Drawings, ExportError> {
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
    let _ = write!(s, "<defs>{}</defs>", markers("", &group_colours));
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

    // Panels, one per group, all of one size and geometry.
    let titles: Vec<String> = groups
        .iter()
        .map(|g| {
            let summary = report.groups.iter().find(|x| &&x.group == g);
            summary.map_or(g.to_string(), |x| {
                format!("{g} — {} articles, {} edges", x.articles, x.edges)
            })
        })
        .collect();
    let geo = panel_geometry(union, &places, width, &titles);
    let mut panel_svgs = Vec::with_capacity(groups.len());
    let mut bodies = Vec::with_capacity(groups.len());
    for (i, (g, title)) in groups.iter().zip(&titles).enumerate() {
        let body = panel_body(i, title, &graphs[*g], union, &geo);
        let one = standalone_svg(geo.w, geo.h, title, &body);
        check_svg_safety(&one)?;
        panel_svgs.push((g.to_string(), one));
        bodies.push(body);
    }
    let p = panels_svg(&geo, &bodies);
    check_svg_safety(&p)?;
    Ok(Drawings {
        compare: s,
        panels: p,
        panel_svgs,
    })
}

/// The least scale of the union layout at which no two panel boxes
/// overlap: box `i`, of size `sizes[i]`, centred at `centres[i] * scale`,
/// keeps `gap` from every other box along at least one axis. Never below
/// `least`. Pairs with the same centre cannot be told apart by scaling
/// (see [`separate_coincident`]) and are left out.
fn separating_scale(centres: &[(f64, f64)], sizes: &[(f64, f64)], gap: f64, least: f64) -> f64 {
    // The scale at which a distance `d` at scale 1 grows to `need`.
    let at = |need: f64, d: f64| {
        if d > 0.0 {
            need / d
        } else {
            f64::INFINITY
        }
    };
    let mut scale = least;
    for (i, (a, sa)) in centres.iter().zip(sizes).enumerate() {
        for (b, sb) in centres[i + 1..].iter().zip(&sizes[i + 1..]) {
            let sx = at((sa.0 + sb.0) / 2.0 + gap, (a.0 - b.0).abs());
            let sy = at((sa.1 + sb.1) / 2.0 + gap, (a.1 - b.1).abs());
            let s = sx.min(sy);
            if s.is_finite() {
                scale = scale.max(s);
            }
        }
    }
    scale
}

/// Moves apart centres that coincide (no scale separates them): the actors
/// piled on one spot are set in a row to the right of the first, `gap`
/// apart, so that they are apart at scale 1 (and any centre that still
/// lands on another moves on right).
fn separate_coincident(centres: &mut [(f64, f64)], sizes: &[(f64, f64)], gap: f64) {
    let spots: Vec<(f64, f64)> = centres.to_vec();
    for j in 1..centres.len() {
        let pile_right = (0..j)
            .filter(|&i| spots[i] == spots[j])
            .map(|i| centres[i].0 + sizes[i].0 / 2.0)
            .fold(None, |r: Option<f64>, x| Some(r.map_or(x, |r| r.max(x))));
        if let Some(right) = pile_right {
            centres[j].0 = right + gap + sizes[j].0 / 2.0;
        }
        while let Some(i) = (0..j).find(|&i| centres[i] == centres[j]) {
            centres[j].0 += (sizes[i].0 + sizes[j].0) / 2.0 + gap;
        }
    }
}

/// What every panel shares: its size and each actor's place in it (panel
/// coordinates, box sized for the small label).
struct PanelGeometry {
    w: f64,
    h: f64,
    at: BTreeMap<String, Place>,
}

/// Scales the union layout so that no two boxes overlap (and at least so
/// far that a panel is [`PANEL_W`] wide), with room around the boxes for
/// the largest label and above them for the widest title.
fn panel_geometry(
    union: &ActorGraph,
    places: &BTreeMap<String, Place>,
    width: f64,
    titles: &[String],
) -> PanelGeometry {
    // Actors only: the layout also places the legend of the union drawing.
    let actors: Vec<(&String, Place, (f64, f64))> = places
        .iter()
        .filter_map(|(id, p)| {
            let info = union.nodes().find(|n| &n.id == id)?;
            Some((id, *p, small_box(info)))
        })
        .collect();
    let sizes: Vec<(f64, f64)> = actors.iter().map(|a| a.2).collect();
    let mut centres: Vec<(f64, f64)> = actors.iter().map(|a| (a.1.x, a.1.y)).collect();
    separate_coincident(&mut centres, &sizes, GAP);
    let lo_hi = |v: &mut dyn Iterator<Item = f64>| {
        v.fold(None, |r: Option<(f64, f64)>, x| {
            Some(r.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))))
        })
        .unwrap_or((0.0, 0.0))
    };
    let (x_lo, x_hi) = lo_hi(&mut centres.iter().map(|c| c.0));
    let (y_lo, y_hi) = lo_hi(&mut centres.iter().map(|c| c.1));
    // Room for the widest and the tallest box at either side.
    let pad_x = sizes.iter().map(|s| s.0).fold(0.0, f64::max) / 2.0 + 10.0;
    let pad_y = sizes.iter().map(|s| s.1).fold(0.0, f64::max) / 2.0 + 10.0;
    // At least as large as a panel of the least width fits the layout.
    let least = (PANEL_W - 2.0 * pad_x).max(100.0) / width.max(1.0);
    let scale = separating_scale(&centres, &sizes, GAP, least);
    let title_w = titles
        .iter()
        .map(|t| dot::text_em(t) * TITLE_FONT * 1.1)
        .fold(0.0, f64::max)
        + 20.0;
    let (span_x, span_y) = ((x_hi - x_lo) * scale, (y_hi - y_lo) * scale);
    let w = (span_x + 2.0 * pad_x).max(PANEL_W).max(title_w);
    let h = TITLE_H + span_y + 2.0 * pad_y;
    // Centred across the panel when it is wider than the actors need.
    let x0 = (w - span_x) / 2.0;
    let y0 = TITLE_H + pad_y;
    let at = actors
        .iter()
        .zip(&centres)
        .map(|((id, _, s), c)| {
            (
                id.to_string(),
                Place {
                    x: x0 + (c.0 - x_lo) * scale,
                    y: y0 + (c.1 - y_lo) * scale,
                    w: s.0,
                    h: s.1,
                },
            )
        })
        .collect();
    PanelGeometry { w, h, at }
}

/// The content of panel `i` in its own coordinates (`0 0 geo.w geo.h`):
/// frame, title, and the group's edges and actors; its ids (arrow heads,
/// clip) start with `p{i}`, so panels can share a document.
fn panel_body(
    i: usize,
    title: &str,
    graph: &ActorGraph,
    union: &ActorGraph,
    geo: &PanelGeometry,
) -> String {
    let relation_colours: Vec<&str> = Relation::ALL
        .iter()
        .map(|r| relation_style(*r).color)
        .collect();
    let mut p = String::new();
    let _ = writeln!(
        p,
        "<defs>{}<clipPath id=\"p{i}c\"><rect x=\"2.0\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/></clipPath></defs>",
        markers(&format!("p{i}"), &relation_colours),
        TITLE_H - 2.0,
        geo.w - 4.0,
        geo.h - TITLE_H
    );
    let _ = writeln!(
        p,
        "<rect x=\"2.0\" y=\"2.0\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#bbbbbb\"/><text x=\"10.0\" y=\"18.0\" font-size=\"{TITLE_FONT}\" font-weight=\"bold\">{}</text>",
        geo.w - 4.0,
        geo.h - 4.0,
        escape(title)
    );
    let present: std::collections::BTreeSet<&str> = graph.nodes().map(|n| n.id.as_str()).collect();
    p.push_str(&format!("<g clip-path=\"url(#p{i}c)\">"));
    let edges: Vec<(String, String, Relation)> = graph
        .edges()
        .map(|(a, b, e)| (a.id.clone(), b.id.clone(), e.relation))
        .collect();
    for ((a, b, rel), bend) in edges.iter().zip(bends(&edges)) {
        let (Some(pa), Some(pb)) = (geo.at.get(a), geo.at.get(b)) else {
            continue;
        };
        let (d, _, _) = curve(*pa, *pb, bend * 0.6, 1.0, 0.0, 0.0);
        let ri = Relation::ALL.iter().position(|r| r == rel).unwrap_or(0);
        let _ = writeln!(
            p,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.4\" marker-end=\"url(#p{i}m{ri})\"/>",
            relation_style(*rel).color
        );
    }
    // Actors the group does not mention stay as grey dots at their place,
    // so the panels line up; the others are labelled boxes.
    for (id, pl) in &geo.at {
        if present.contains(id.as_str()) {
            small_node(&mut p, union, id, pl.x, pl.y);
        } else {
            let _ = write!(
                p,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#dddddd\" stroke=\"#bbbbbb\"/>",
                pl.x, pl.y
            );
        }
    }
    p.push_str("</g>\n");
    p
}

/// A panel as an `<svg>` element of its own, without XML prolog: fit for
/// inlining into an HTML page (the fonts as an attribute, not a style
/// sheet, which would reach the whole page).
fn standalone_svg(w: f64, h: f64, title: &str, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.1} {h:.1}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"{}\" font-family=\"{}\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{body}</svg>\n",
        escape(title),
        escape(&font_family_css())
    )
}

/// `panels.svg`: the panels in two columns, each panel's content moved to
/// its cell, with a relation legend under them.
fn panels_svg(geo: &PanelGeometry, bodies: &[String]) -> String {
    let n = bodies.len().max(1);
    let cols = n.min(2);
    let rows = n.div_ceil(cols);
    let legend_w = 20.0 + 110.0 * Relation::ALL.len() as f64;
    let mut p = open_svg(
        (geo.w * cols as f64).max(legend_w),
        geo.h * rows as f64 + 30.0,
    );
    for (i, body) in bodies.iter().enumerate() {
        let (ox, oy) = (geo.w * (i % cols) as f64, geo.h * (i / cols) as f64);
        let _ = write!(
            p,
            "<g transform=\"translate({ox:.1},{oy:.1})\">\n{body}</g>\n"
        );
    }
    let ly = geo.h * rows as f64 + 18.0;
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
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, GraphOptions};
    use crate::model::{ActorCatalog, ActorInfo, RelationMention};

    #[test]
    fn separating_scale_is_the_least_without_overlap() {
        // Two 20×10 boxes 10 apart side by side: they need 20 + gap between
        // centres; the vertical axis cannot help (same y).
        let sizes = [(20.0, 10.0), (20.0, 10.0)];
        let s = separating_scale(&[(0.0, 0.0), (10.0, 0.0)], &sizes, 4.0, 0.1);
        assert!((s - 2.4).abs() < 1e-12, "{s}");
        // Diagonal: the cheaper axis wins (y: (10 + 4) / 10 = 1.4 < x: 24 / 10).
        let s = separating_scale(&[(0.0, 0.0), (10.0, 10.0)], &sizes, 4.0, 0.1);
        assert!((s - 1.4).abs() < 1e-12, "{s}");
        // Already apart: the least scale stays.
        let s = separating_scale(&[(0.0, 0.0), (100.0, 0.0)], &sizes, 4.0, 0.5);
        assert_eq!(s, 0.5);
        // At the scale found, no pair overlaps (with the gap kept).
        let centres = [(0.0, 0.0), (7.0, 3.0), (3.0, 9.0), (12.0, 11.0), (1.0, 1.0)];
        let sizes = [
            (30.0, 8.0),
            (12.0, 20.0),
            (25.0, 10.0),
            (8.0, 8.0),
            (16.0, 12.0),
        ];
        let s = separating_scale(&centres, &sizes, 4.0, 0.0);
        for i in 0..centres.len() {
            for j in i + 1..centres.len() {
                let dx = (centres[i].0 - centres[j].0).abs() * s;
                let dy = (centres[i].1 - centres[j].1).abs() * s;
                let nx = (sizes[i].0 + sizes[j].0) / 2.0 + 4.0;
                let ny = (sizes[i].1 + sizes[j].1) / 2.0 + 4.0;
                assert!(dx >= nx - 1e-9 || dy >= ny - 1e-9, "{i} {j} at {s}");
            }
        }
    }

    #[test]
    fn coincident_centres_are_moved_apart() {
        let sizes = [(20.0, 10.0), (10.0, 10.0), (30.0, 10.0)];
        let mut c = [(5.0, 5.0), (5.0, 5.0), (5.0, 5.0)];
        separate_coincident(&mut c, &sizes, 4.0);
        // In a row: the second right of the first, the third right of both.
        assert_eq!(c, [(5.0, 5.0), (24.0, 5.0), (48.0, 5.0)]);
        let s = separating_scale(&c, &sizes, 4.0, 0.0);
        assert!(s.is_finite() && s <= 1.0, "{s}");
        // Only the pile moves.
        let mut c = [(0.0, 0.0), (100.0, 0.0), (0.0, 0.0)];
        separate_coincident(&mut c, &sizes, 4.0);
        assert_eq!(c, [(0.0, 0.0), (100.0, 0.0), (29.0, 0.0)]);
    }

    struct Hostile;
    impl ActorCatalog for Hostile {
        fn actor_info(&self, id: &str) -> ActorInfo {
            let mut info = ActorInfo::generic(id);
            if id == "uk" {
                info.label_zh = "英国<script>&\"'".to_string();
            }
            info
        }
    }

    fn m(outlet: &str, s: &str, r: Relation, t: &str) -> RelationMention {
        RelationMention {
            doc: format!("{outlet}-1"),
            outlet: outlet.to_string(),
            date: None,
            source: s.to_string(),
            relation: r,
            target: t.to_string(),
            cue: "cue".to_string(),
            rule: "r1".to_string(),
            sentence: format!("{s} {r} {t}"),
            span: [0, 10],
            confidence: 0.9,
        }
    }

    #[test]
    fn panels_stand_alone_with_their_own_ids() {
        let opts = GraphOptions::default();
        let mut graphs = BTreeMap::new();
        graphs.insert(
            "alpha".to_string(),
            build(
                &[
                    m("alpha", "us", Relation::Accuse, "china"),
                    m("alpha", "china", Relation::Rebut, "us"),
                ],
                &Hostile,
                &opts,
            ),
        );
        graphs.insert(
            "beta".to_string(),
            build(
                &[m("beta", "uk", Relation::Accuse, "china")],
                &Hostile,
                &opts,
            ),
        );
        let union = graphs["alpha"].merge(&graphs["beta"]).unwrap();
        let report = CompareReport {
            tool: "stancegraph".to_string(),
            version: "0".to_string(),
            by: super::super::GroupBy::Outlet,
            level: crate::graph::Level::Actor,
            groups: Vec::new(),
            empty_groups: Vec::new(),
            groups_without_edges: Vec::new(),
            edges: Vec::new(),
            unique: Vec::new(),
            similarity: Vec::new(),
            rebuttals: Vec::new(),
            stance: Vec::new(),
            problems: Vec::new(),
            written: Vec::new(),
            kept_previous: false,
        };
        let d = draw(&report, &graphs, &union).unwrap();
        let names: Vec<&str> = d.panel_svgs.iter().map(|(g, _)| g.as_str()).collect();
        assert_eq!(names, ["alpha", "beta"]);
        let mut ids = std::collections::BTreeSet::new();
        for (i, (_, svg)) in d.panel_svgs.iter().enumerate() {
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
            assert!(!svg.contains("<?xml") && !svg.contains("<style"));
            assert!(!svg.contains("<script") && svg.contains("&lt;script&gt;") == (i == 1));
            let doc = roxmltree::Document::parse(svg).unwrap();
            let root = doc.root_element();
            for a in ["viewBox", "width", "height"] {
                assert!(root.attribute(a).is_some(), "panel {i} lacks {a}");
            }
            let own: Vec<&str> = doc
                .descendants()
                .filter_map(|n| n.attribute("id"))
                .collect();
            assert!(own.contains(&format!("p{i}c").as_str()), "{own:?}");
            for id in &own {
                assert!(id.starts_with(&format!("p{i}")), "{id}");
                assert!(ids.insert(id.to_string()), "{id} twice");
            }
            // Every reference is to an id of the same panel.
            for n in doc.descendants() {
                for a in n.attributes() {
                    if let Some(r) = a.value().strip_prefix("url(#") {
                        let r = r.trim_end_matches(')');
                        assert!(own.contains(&r), "{r} is not in panel {i}");
                    }
                }
            }
        }
        // panels.svg holds the same panels, each moved to its cell.
        for (_, svg) in &d.panel_svgs {
            let body_start = svg.find("<defs>").unwrap();
            let body = &svg[body_start..svg.len() - "</svg>\n".len()];
            assert!(d.panels.contains(body));
        }
        assert!(d.panels.contains("<g transform=\"translate("));
        roxmltree::Document::parse(&d.panels).unwrap();
        // Same input, same bytes.
        let again = draw(&report, &graphs, &union).unwrap();
        assert_eq!(again.panels, d.panels);
        assert_eq!(again.compare, d.compare);
        assert_eq!(again.panel_svgs, d.panel_svgs);
    }
}
