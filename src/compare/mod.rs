//! Compare groups of articles (outlets, days, weeks, months or single
//! articles): which relations each group reports and leaves out, how alike
//! their edge sets are, whether the accusations they report come with the
//! accused's rebuttal, and how each group's own voice leans.
//!
//! Entry point: [`compare`], which writes `compare.json`, `compare.md`,
//! `compare.svg` (the union graph, edges coloured by group), `panels.svg`
//! (one panel per group, nodes at the same places) and one graph per group
//! in `groups/`, and `compare.html` (the page a person reads, unless
//! `--formats` leaves out `html`; [`crate::report`]). Never prints. Articles are folded into their group's
//! graph builder and stance sums as they are extracted, so memory follows
//! the groups' graphs, not the corpus; a group's graph is the one
//! `analyze` writes for the same articles.

mod draw;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

use crate::export::{self, svg::SvgOptions, ExportError, Format};
use crate::extract::Engine;
use crate::fsutil::{write_atomic, Staging};
use crate::graph::{self, GraphOptions, Level};
use crate::ingest::{IngestOptions, InputProblem};
use crate::model::{country_of, Article, Relation, RelationMention, StanceRecord};

/// How articles are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    Outlet,
    /// By publication date, in buckets.
    Date(Bucket),
    Article,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone)]
pub struct CompareOptions {
    pub out: PathBuf,
    pub by: GroupBy,
    pub graph: GraphOptions,
    pub formats: Vec<Format>,
    pub svg: SvgOptions,
    pub ingest: IngestOptions,
    /// Worker threads for extraction (0: one per core); the output is the
    /// same for any number.
    pub jobs: usize,
}

/// A (source, relation, target) triple at the chosen level.
pub type EdgeKey = (String, Relation, String);

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    pub mentions: usize,
    pub articles: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeRow {
    pub source: String,
    pub relation: Relation,
    pub target: String,
    /// Per group that reports it.
    pub groups: BTreeMap<String, Cell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSummary {
    pub group: String,
    pub articles: usize,
    pub mentions: usize,
    pub edges: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Similarity {
    pub a: String,
    pub b: String,
    /// |A ∩ B| / |A ∪ B| over edge sets; `None` when both are empty.
    pub jaccard: Option<f64>,
    /// Σ min(mentions) / Σ max(mentions); `None` when both are empty.
    pub weighted_jaccard: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RebuttalShare {
    pub group: String,
    pub accusations: usize,
    pub answered: usize,
    /// answered / accusations; `None` when the group reports no accusation.
    pub share: Option<f64>,
    pub unanswered: Vec<EdgeKey>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceCell {
    pub group: String,
    pub actor: String,
    /// Mean outlet-voice score over the group's articles that judge the actor.
    pub mean: f64,
    pub articles: usize,
    /// Cue words and how often they decided the stance.
    pub cues: BTreeMap<String, usize>,
}

/// Everything the comparison found (`compare.json`).
#[derive(Debug, Clone, Serialize)]
pub struct CompareReport {
    pub tool: String,
    pub version: String,
    pub by: GroupBy,
    pub level: Level,
    pub groups: Vec<GroupSummary>,
    /// Groups with no article (gaps between dates) or no edge: listed, not dropped.
    pub empty_groups: Vec<String>,
    pub groups_without_edges: Vec<String>,
    pub edges: Vec<EdgeRow>,
    /// Edges only one group reports, with that group.
    pub unique: Vec<(EdgeKey, String)>,
    pub similarity: Vec<Similarity>,
    pub rebuttals: Vec<RebuttalShare>,
    pub stance: Vec<StanceCell>,
    pub problems: Vec<InputProblem>,
    #[serde(skip)]
    pub written: Vec<PathBuf>,
    /// No input could be read: nothing was written, and the output folder
    /// was left as the run before left it.
    #[serde(skip)]
    pub kept_previous: bool,
}

/// The group an article belongs to.
fn group_of(a: &Article, by: GroupBy) -> String {
    match by {
        GroupBy::Outlet => a.outlet.clone(),
        GroupBy::Article => a.id.clone(),
        GroupBy::Date(bucket) => match a
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
        {
            Some(d) => bucket_name(d, bucket),
            None => "undated".to_string(),
        },
    }
}

fn bucket_name(d: chrono::NaiveDate, bucket: Bucket) -> String {
    use chrono::Datelike;
    match bucket {
        Bucket::Day => d.format("%Y-%m-%d").to_string(),
        Bucket::Week => {
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Bucket::Month => d.format("%Y-%m").to_string(),
    }
}

/// Every bucket between the first and last dated group (gaps included).
fn date_range(groups: &BTreeSet<String>, bucket: Bucket) -> Vec<String> {
    let days: Vec<chrono::NaiveDate> = groups
        .iter()
        .filter_map(|g| {
            let s = match bucket {
                Bucket::Day => g.clone(),
                Bucket::Month => format!("{g}-01"),
                Bucket::Week => {
                    let (y, w) = g.split_once("-W")?;
                    let d = chrono::NaiveDate::from_isoywd_opt(
                        y.parse().ok()?,
                        w.parse().ok()?,
                        chrono::Weekday::Mon,
                    )?;
                    d.format("%Y-%m-%d").to_string()
                }
            };
            chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()
        })
        .collect();
    let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
        return Vec::new();
    };
    let mut out = BTreeSet::new();
    let mut d = *first;
    // Bounded: a corpus spanning centuries still stops.
    for _ in 0..50_000 {
        out.insert(bucket_name(d, bucket));
        match d.succ_opt() {
            Some(next) if next <= *last => d = next,
            _ => break,
        }
    }
    out.into_iter().collect()
}

/// What a group has gathered so far: its articles and mentions, its graph
/// being built, and per actor the outlet-voice score sum, the number of
/// articles judging it and the cue counts.
struct GroupAcc {
    articles: usize,
    mentions: usize,
    graph: graph::GraphBuilder,
    stance: BTreeMap<String, (f64, usize, BTreeMap<String, usize>)>,
}

impl GroupAcc {
    fn new(opts: &GraphOptions) -> GroupAcc {
        GroupAcc {
            articles: 0,
            mentions: 0,
            graph: crate::pipeline::file_graph_builder(opts),
            stance: BTreeMap::new(),
        }
    }

    /// Adds one article's relations and stances.
    fn fold(&mut self, relations: &[RelationMention], stances: &[StanceRecord]) {
        self.articles += 1;
        self.mentions += relations.len();
        for m in relations {
            self.graph.add(m);
        }
        for r in stances {
            let e = match self.stance.get_mut(&r.actor) {
                Some(e) => e,
                None => self.stance.entry(r.actor.clone()).or_default(),
            };
            e.0 += r.score as f64;
            e.1 += 1;
            for c in &r.cues {
                *e.2.entry(c.cue.clone()).or_default() += 1;
            }
        }
    }
}

fn jaccard(
    a: &BTreeMap<EdgeKey, usize>,
    b: &BTreeMap<EdgeKey, usize>,
) -> (Option<f64>, Option<f64>) {
    let keys: BTreeSet<&EdgeKey> = a.keys().chain(b.keys()).collect();
    if keys.is_empty() {
        return (None, None);
    }
    let inter = keys
        .iter()
        .filter(|k| a.contains_key(**k) && b.contains_key(**k))
        .count();
    let (mut lo, mut hi) = (0usize, 0usize);
    for k in &keys {
        let (x, y) = (
            a.get(*k).copied().unwrap_or(0),
            b.get(*k).copied().unwrap_or(0),
        );
        lo += x.min(y);
        hi += x.max(y);
    }
    (
        Some(inter as f64 / keys.len() as f64),
        Some(lo as f64 / hi as f64),
    )
}

/// For each accusation a group reports, does it also report the accused
/// answering the accuser (a rebuttal from the target's side to the source's)?
fn rebuttal_share(group: &str, edges: &BTreeMap<EdgeKey, usize>) -> RebuttalShare {
    let accusations: Vec<&EdgeKey> = edges.keys().filter(|k| k.1 == Relation::Accuse).collect();
    let mut unanswered = Vec::new();
    for (s, _, t) in &accusations {
        let answered = edges.keys().any(|(rs, rel, rt)| {
            *rel == Relation::Rebut
                && country_of(rs) == country_of(t)
                && country_of(rt) == country_of(s)
        });
        if !answered {
            unanswered.push((s.clone(), Relation::Accuse, t.clone()));
        }
    }
    let n = accusations.len();
    RebuttalShare {
        group: group.to_string(),
        accusations: n,
        answered: n - unanswered.len(),
        share: (n > 0).then(|| (n - unanswered.len()) as f64 / n as f64),
        unanswered,
    }
}

/// Reads `inputs`, groups the articles and writes the comparison.
pub fn compare(
    inputs: &[String],
    engine: &Engine,
    opts: &CompareOptions,
) -> Result<CompareReport, ExportError> {
    compare_with_progress(inputs, engine, opts, &crate::stream::NoProgress)
}

/// [`compare`], telling `progress` as articles are done.
pub fn compare_with_progress(
    inputs: &[String],
    engine: &Engine,
    opts: &CompareOptions,
    progress: &dyn crate::stream::Progress,
) -> Result<CompareReport, ExportError> {
    // Streamed: each article is folded into its group's graph builder and
    // stance sums as it comes, so memory follows the groups' graphs (with
    // at most `MAX_EVIDENCE` sentences an edge, as `analyze` keeps), not the
    // corpus.
    let mut by_group: BTreeMap<String, GroupAcc> = BTreeMap::new();
    let mut problems = Vec::new();
    crate::stream::for_each_extracted(
        inputs,
        engine,
        &opts.ingest,
        opts.jobs,
        progress,
        |item| -> Result<(), ExportError> {
            match item {
                Ok(x) => {
                    by_group
                        .entry(group_of(&x.article, opts.by))
                        .or_insert_with(|| GroupAcc::new(&opts.graph))
                        .fold(&x.extraction.relations, &x.extraction.stances);
                }
                Err(p) => problems.push(p),
            }
            Ok(())
        },
    )?;
    let mut empty_groups = Vec::new();
    if let GroupBy::Date(bucket) = opts.by {
        let dated: BTreeSet<String> = by_group
            .keys()
            .filter(|g| *g != "undated")
            .cloned()
            .collect();
        for g in date_range(&dated, bucket) {
            if !by_group.contains_key(&g) {
                empty_groups.push(g);
            }
        }
    }

    // Per group: its graph, and its edge set at the chosen level.
    let mut group_graphs = BTreeMap::new();
    let mut sets: BTreeMap<String, BTreeMap<EdgeKey, usize>> = BTreeMap::new();
    let mut rows: BTreeMap<EdgeKey, BTreeMap<String, Cell>> = BTreeMap::new();
    let mut groups = Vec::new();
    let mut stance = Vec::new();
    for (name, acc) in by_group {
        let g = acc
            .graph
            .finish(engine.lexicon())
            .with_inputs(inputs.iter().cloned());
        let mut set = BTreeMap::new();
        for (s, t, e) in g.edges() {
            let key = (s.id.clone(), e.relation, t.id.clone());
            set.insert(key.clone(), e.weight as usize);
            rows.entry(key).or_default().insert(
                name.clone(),
                Cell {
                    mentions: e.weight as usize,
                    articles: e.articles.len(),
                },
            );
        }
        groups.push(GroupSummary {
            group: name.clone(),
            articles: acc.articles,
            mentions: acc.mentions,
            edges: g.edge_count(),
        });
        for (actor, (sum, n, cues)) in acc.stance {
            stance.push(StanceCell {
                group: name.clone(),
                actor,
                mean: sum / n as f64,
                articles: n,
                cues,
            });
        }
        sets.insert(name.clone(), set);
        group_graphs.insert(name, g);
    }
    let groups_without_edges = groups
        .iter()
        .filter(|g| g.edges == 0)
        .map(|g| g.group.clone())
        .collect();
    let edges: Vec<EdgeRow> = rows
        .iter()
        .map(|((s, r, t), cells)| EdgeRow {
            source: s.clone(),
            relation: *r,
            target: t.clone(),
            groups: cells.clone(),
        })
        .collect();
    let unique = rows
        .iter()
        .filter(|(_, cells)| cells.len() == 1)
        .map(|(k, cells)| (k.clone(), cells.keys().next().cloned().unwrap_or_default()))
        .collect();
    let names: Vec<&String> = sets.keys().collect();
    let mut similarity = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            let (j, w) = jaccard(&sets[*a], &sets[*b]);
            similarity.push(Similarity {
                a: (*a).clone(),
                b: (*b).clone(),
                jaccard: j,
                weighted_jaccard: w,
            });
        }
    }
    let rebuttals = sets.iter().map(|(g, set)| rebuttal_share(g, set)).collect();
    let report = CompareReport {
        tool: "stancegraph".to_string(),
        version: crate::version().to_string(),
        by: opts.by,
        level: opts.graph.level,
        groups,
        empty_groups,
        groups_without_edges,
        edges,
        unique,
        similarity,
        rebuttals,
        stance,
        problems,
        written: Vec::new(),
        kept_previous: false,
    };
    write_all(report, &group_graphs, opts)
}

fn write_all(
    mut report: CompareReport,
    graphs: &BTreeMap<String, graph::ActorGraph>,
    opts: &CompareOptions,
) -> Result<CompareReport, ExportError> {
    // Staged, then moved into place: a failed run leaves earlier results intact.
    let stage = Staging::new(&opts.out).map_err(|e| ExportError::io(&opts.out, e))?;
    // Every input failed: an empty comparison must not replace the last one.
    let read: usize = report.groups.iter().map(|g| g.articles).sum();
    if read == 0 && !report.problems.is_empty() {
        stage.abandon().map_err(|e| ExportError::io(&opts.out, e))?;
        report.kept_previous = true;
        return Ok(report);
    }
    let root = stage.path().to_path_buf();
    let groups_dir = root.join("groups");
    std::fs::create_dir_all(&groups_dir).map_err(|e| ExportError::io(&groups_dir, e))?;
    // Each group to its own files: with several jobs they are written on
    // worker threads, with the same bytes; the first failure in group
    // order is the one reported.
    let mut stems = BTreeSet::new();
    let tasks: Vec<(String, &graph::ActorGraph)> = graphs
        .iter()
        .map(|(name, g)| (crate::pipeline::unique_stem(name, &mut stems), g))
        .collect();
    let write = |(stem, g): (String, &graph::ActorGraph)| {
        export::write_graph_as(g, &groups_dir, Some(&stem), &opts.formats, &opts.svg).map(drop)
    };
    crate::stream::map_in_order(opts.jobs, tasks, write)
        .into_iter()
        .collect::<Result<(), ExportError>>()?;
    let mut union = graph::Merger::new();
    union.add(graph::ActorGraph::empty(&opts.graph))?;
    for g in graphs.values() {
        union.add(g.clone())?;
    }
    let union = union.finish().expect("a graph was added");
    let drawings = draw::draw(&report, graphs, &union)?;
    let json = serde_json::to_string_pretty(&report)
        .map_err(|e| ExportError::Invalid(e.to_string()))?
        + "\n";
    let files = [
        ("compare.json", json),
        ("compare.md", markdown(&report)),
        ("compare.svg", drawings.compare),
        ("panels.svg", drawings.panels),
    ];
    for (name, text) in files {
        let path = root.join(name);
        write_atomic(&path, text.as_bytes()).map_err(|e| ExportError::io(&path, e))?;
    }
    if opts.formats.contains(&Format::Html) {
        let html = crate::report::compare_page(&report, &union, &drawings.panel_svgs)?;
        let path = root.join("compare.html");
        write_atomic(&path, html.as_bytes()).map_err(|e| ExportError::io(&path, e))?;
    }
    report.written = stage.commit().map_err(|e| ExportError::io(&opts.out, e))?;
    Ok(report)
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| format!("{v:.3}"))
}

/// Markdown-safe table cell: no pipes or line breaks from article text.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The tables of the report, readable on their own (`compare.md`).
pub fn markdown(r: &CompareReport) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let by = match r.by {
        GroupBy::Outlet => "outlet".to_string(),
        GroupBy::Article => "article".to_string(),
        GroupBy::Date(b) => format!(
            "date ({})",
            serde_json::to_value(b)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        ),
    };
    let _ = writeln!(s, "# Comparison by {by}\n");
    let _ = writeln!(s, "stancegraph {}, {:?} level.\n", r.version, r.level);
    let _ = writeln!(
        s,
        "## Groups\n\n| group | articles | mentions | edges |\n|---|---:|---:|---:|"
    );
    for g in &r.groups {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(&g.group),
            g.articles,
            g.mentions,
            g.edges
        );
    }
    if !r.empty_groups.is_empty() {
        let _ = writeln!(
            s,
            "\nGroups with no article: {}.",
            r.empty_groups
                .iter()
                .map(|g| cell(g))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !r.groups_without_edges.is_empty() {
        let _ = writeln!(
            s,
            "\nGroups with no edge: {}.",
            r.groups_without_edges
                .iter()
                .map(|g| cell(g))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let names: Vec<&str> = r.groups.iter().map(|g| g.group.as_str()).collect();
    let _ = writeln!(s, "\n## Edges (mentions / articles per group)\n");
    let _ = writeln!(
        s,
        "| source | relation | target | {} |",
        names
            .iter()
            .map(|n| cell(n))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(s, "|---|---|---|{}", "---:|".repeat(names.len()));
    for e in &r.edges {
        let cells: Vec<String> = names
            .iter()
            .map(|n| {
                e.groups.get(*n).map_or("–".to_string(), |c| {
                    format!("{} / {}", c.mentions, c.articles)
                })
            })
            .collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(&e.source),
            e.relation,
            cell(&e.target),
            cells.join(" | ")
        );
    }
    let _ = writeln!(s, "\n## Reported by one group only\n\n| source | relation | target | group |\n|---|---|---|---|");
    for ((src, rel, tgt), g) in &r.unique {
        let _ = writeln!(s, "| {} | {rel} | {} | {} |", cell(src), cell(tgt), cell(g));
    }
    let _ = writeln!(s, "\n## Similarity of edge sets\n\n| group | group | Jaccard | weighted Jaccard |\n|---|---|---:|---:|");
    for x in &r.similarity {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(&x.a),
            cell(&x.b),
            fmt_opt(x.jaccard),
            fmt_opt(x.weighted_jaccard)
        );
    }
    let _ = writeln!(s, "\n## Accusations reported with the accused's rebuttal\n\n| group | accusations | with rebuttal | share |\n|---|---:|---:|---:|");
    for x in &r.rebuttals {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            cell(&x.group),
            x.accusations,
            x.answered,
            fmt_opt(x.share)
        );
    }
    let _ = writeln!(
        s,
        "\n## Outlet voice (mean stance score, articles, cues)\n\n\
         How the group's own wording (not its quoted speakers') leans toward an actor. \
         *mean* is the average stance score over the group's articles that judge the actor, \
         from -1 (every one negative) to +1 (every one positive). \
         *cues* are the words that decided, with how many times.\n\n\
         | group | actor | mean | articles | cues |\n|---|---|---:|---:|---|"
    );
    for x in &r.stance {
        let cues: Vec<String> = x
            .cues
            .iter()
            .map(|(c, n)| format!("{} ×{n}", cell(c)))
            .collect();
        let _ = writeln!(
            s,
            "| {} | {} | {:+.2} | {} | {} |",
            cell(&x.group),
            cell(&x.actor),
            x.mean,
            x.articles,
            cues.join(", ")
        );
    }
    if !r.problems.is_empty() {
        let _ = writeln!(s, "\n## Inputs not read\n");
        for p in &r.problems {
            let _ = writeln!(s, "- {}", cell(&p.to_string()));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[(&str, Relation, &str, usize)]) -> BTreeMap<EdgeKey, usize> {
        items
            .iter()
            .map(|(s, r, t, n)| ((s.to_string(), *r, t.to_string()), *n))
            .collect()
    }

    #[test]
    fn jaccard_plain_and_weighted() {
        let a = set(&[
            ("us", Relation::Accuse, "china", 3),
            ("uk", Relation::Accuse, "china", 1),
        ]);
        let b = set(&[
            ("us", Relation::Accuse, "china", 1),
            ("china", Relation::Rebut, "us", 2),
        ]);
        let (j, w) = jaccard(&a, &b);
        assert_eq!(j, Some(1.0 / 3.0));
        // min: 1 + 0 + 0 = 1; max: 3 + 1 + 2 = 6
        assert_eq!(w, Some(1.0 / 6.0));
        assert_eq!(jaccard(&BTreeMap::new(), &BTreeMap::new()), (None, None));
    }

    #[test]
    fn rebuttal_share_matches_by_country() {
        let s = set(&[
            ("us", Relation::Accuse, "china", 1),
            ("uk", Relation::Accuse, "china", 1),
            ("china.embassy.us", Relation::Rebut, "us", 1),
        ]);
        let r = rebuttal_share("x", &s);
        assert_eq!((r.accusations, r.answered, r.share), (2, 1, Some(0.5)));
        assert_eq!(
            r.unanswered,
            vec![("uk".to_string(), Relation::Accuse, "china".to_string())]
        );
    }

    #[test]
    fn date_buckets_fill_gaps() {
        let g: BTreeSet<String> = ["2023-03-14", "2023-03-17"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            date_range(&g, Bucket::Day),
            ["2023-03-14", "2023-03-15", "2023-03-16", "2023-03-17"]
        );
        let w: BTreeSet<String> = ["2023-W10", "2023-W12"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            date_range(&w, Bucket::Week),
            ["2023-W10", "2023-W11", "2023-W12"]
        );
        let d = chrono::NaiveDate::from_ymd_opt(2023, 3, 15).unwrap();
        assert_eq!(bucket_name(d, Bucket::Month), "2023-03");
    }
}
