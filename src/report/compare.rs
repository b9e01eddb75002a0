//! `compare.html`: a comparison of groups (outlets, articles, dates) for a
//! person: one small drawing per group (the same actor at the same place
//! in every one), the edge table with a column per group, the Jaccard
//! similarity of the groups' edge sets as a heat map, the edges only one
//! group reports, the share of accusations each group shows answered, and
//! the outlet-voice stance per group; a group filter applies to all.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{relation_views, render, round3, script_json, RelationView};
use crate::compare::{CompareReport, EdgeKey, EdgeRow, RebuttalShare, StanceCell};
use crate::export::ExportError;
use crate::graph::ActorGraph;

#[derive(Serialize)]
struct SimilarityView<'a> {
    a: &'a str,
    b: &'a str,
    j: Option<f64>,
    wj: Option<f64>,
}

#[derive(Serialize)]
struct StanceView<'a> {
    group: &'a str,
    actor: &'a str,
    mean: f64,
    articles: usize,
    cues: &'a BTreeMap<String, usize>,
}

#[derive(Serialize)]
struct Data<'a> {
    relations: Vec<RelationView>,
    groups: Vec<&'a str>,
    labels: BTreeMap<&'a str, String>,
    edges: &'a [EdgeRow],
    unique: &'a [(EdgeKey, String)],
    similarity: Vec<SimilarityView<'a>>,
    rebuttals: &'a [RebuttalShare],
    stance: Vec<StanceView<'a>>,
}

/// Panels a page draws at most (each is a drawing of the whole layout).
pub const MAX_PANELS: usize = 60;

/// `compare.html` for `report`: `union` gives the actors' labels, `panels`
/// the drawing of each group ((group, inline SVG), in group order).
pub fn compare_page(
    report: &CompareReport,
    union: &ActorGraph,
    panels: &[(String, String)],
) -> Result<String, ExportError> {
    let labels = union
        .nodes()
        .map(|n| {
            let l = if n.label_en.is_empty() || n.label_en == n.label_zh {
                n.label_zh.clone()
            } else {
                format!("{} {}", n.label_zh, n.label_en)
            };
            (n.id.as_str(), l)
        })
        .collect();
    let data = Data {
        relations: relation_views(),
        groups: report.groups.iter().map(|g| g.group.as_str()).collect(),
        labels,
        edges: &report.edges,
        unique: &report.unique,
        similarity: report
            .similarity
            .iter()
            .map(|s| SimilarityView {
                a: &s.a,
                b: &s.b,
                j: s.jaccard.map(round3),
                wj: s.weighted_jaccard.map(round3),
            })
            .collect(),
        rebuttals: &report.rebuttals,
        stance: report
            .stance
            .iter()
            .map(|s: &StanceCell| StanceView {
                group: &s.group,
                actor: &s.actor,
                mean: round3(s.mean),
                articles: s.articles,
                cues: &s.cues,
            })
            .collect(),
    };
    let groups: Vec<minijinja::Value> = report
        .groups
        .iter()
        .map(|g| minijinja::context! { name => g.group.clone(), articles => g.articles, mentions => g.mentions, edges => g.edges })
        .collect();
    // The groups with the most edges get a panel (in group order); a
    // comparison of hundreds of days or articles lists the rest by name.
    let edges_of = |g: &str| {
        report
            .groups
            .iter()
            .find(|x| x.group == g)
            .map_or(0, |s| s.edges)
    };
    let mut ranked: Vec<usize> = (0..panels.len()).collect();
    ranked.sort_by_key(|&i| (std::cmp::Reverse(edges_of(&panels[i].0)), i));
    ranked.truncate(MAX_PANELS);
    ranked.sort_unstable();
    let without_panel: Vec<String> = (0..panels.len())
        .filter(|i| ranked.binary_search(i).is_err())
        .map(|i| panels[i].0.clone())
        .collect();
    let panels: Vec<minijinja::Value> = ranked
        .iter()
        .map(|&i| &panels[i])
        .map(|(g, svg)| {
            let summary = report.groups.iter().find(|x| &x.group == g);
            minijinja::context! {
                group => g,
                articles => summary.map_or(0, |s| s.articles),
                edges => summary.map_or(0, |s| s.edges),
                svg => minijinja::Value::from_safe_string(svg.clone()),
            }
        })
        .collect();
    let by = serde_json::to_value(report.by)
        .ok()
        .map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        })
        .unwrap_or_default();
    let problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    let (script, policy) =
        super::script_and_policy(&format!("{}\n{}", super::COMMON_JS, super::COMPARE_JS));
    let ctx = minijinja::context! {
        title => "stancegraph comparison",
        version => crate::version(),
        by => by,
        level => report.level.as_str(),
        groups => groups,
        empty_groups => report.empty_groups.clone(),
        groups_without_edges => report.groups_without_edges.clone(),
        edges => report.edges.len(),
        panels => panels,
        without_panel => without_panel,
        problems => problems,
        css => minijinja::Value::from_safe_string(super::CSS.to_string()),
        script => minijinja::Value::from_safe_string(script.clone()),
        policy => policy.clone(),
        data => minijinja::Value::from_safe_string(script_json(&data)?),
    };
    render("compare.html", ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{GroupBy, GroupSummary};
    use crate::graph::{GraphOptions, Level};

    #[test]
    fn a_page_draws_the_groups_with_most_edges_and_names_the_rest() {
        let n = MAX_PANELS + 5;
        let report = CompareReport {
            tool: "stancegraph".into(),
            version: "0".into(),
            by: GroupBy::Article,
            level: Level::Actor,
            // Group g{i} has i edges: the five with fewest go without.
            groups: (0..n)
                .map(|i| GroupSummary {
                    group: format!("g{i:03}"),
                    articles: 1,
                    mentions: i,
                    edges: i,
                })
                .collect(),
            empty_groups: vec![],
            groups_without_edges: vec![],
            edges: vec![],
            unique: vec![],
            similarity: vec![],
            rebuttals: vec![],
            stance: vec![],
            problems: vec![],
            written: vec![],
            kept_previous: false,
        };
        let panels: Vec<(String, String)> = (0..n)
            .map(|i| (format!("g{i:03}"), format!("<svg id=\"s{i}\"></svg>")))
            .collect();
        let union = ActorGraph::empty(&GraphOptions::default());
        let html = compare_page(&report, &union, &panels).unwrap();
        assert_eq!(html.matches("<figure class=\"panel\"").count(), MAX_PANELS);
        assert!(!html.contains("<svg id=\"s4\">") && html.contains("<svg id=\"s5\">"));
        assert!(html.contains("5 more groups, with fewer edges, have no panel here"));
        assert!(html.contains("g000, g001, g002, g003, g004"));
        // Drawn in group order.
        let at = |i: usize| html.find(&format!("<svg id=\"s{i}\">")).unwrap();
        assert!(at(5) < at(6) && at(6) < at(n - 1));
    }
}
