//! `report.html`: what one run of `analyze` found, for a person.
//!
//! Title, corpus, date range and counts; the corpus graph with a legend
//! (zoom, pan; click or focus an edge or a node for its evidence: the
//! sentence with the actors and the cue marked, outlet, date, article title
//! and link, rule and confidence); the edge table (sortable, filterable,
//! paginated); the outlet-voice stance table with its cue words; the inputs
//! that were skipped and the warnings.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{
    kind_view, relation_views, render, round3, safe_url, script_json, KindView, RelationView,
    MAX_PAGE_BYTES, PAGE_EVIDENCE,
};
use crate::export::dot::country_fill;
use crate::export::ExportError;
use crate::graph::{ActorGraph, Evidence};
use crate::ingest::InputProblem;
use crate::model::{ActorCatalog, StanceLabel, StanceRecord};

/// What the page says about an article that evidence comes from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub outlet: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// Outlet-voice stances summed per (outlet, actor) as articles go by.
#[derive(Debug, Clone, Default)]
pub struct StanceTally {
    rows: BTreeMap<(String, String), Tally>,
}

#[derive(Debug, Clone, Default)]
struct Tally {
    articles: usize,
    negative: usize,
    neutral: usize,
    positive: usize,
    score: f64,
    /// Per cue word: how often it decided, and the sum of its polarities.
    cues: BTreeMap<String, (usize, f64)>,
}

impl StanceTally {
    pub fn add(&mut self, r: &StanceRecord) {
        let t = self
            .rows
            .entry((r.outlet.clone(), r.actor.clone()))
            .or_default();
        t.articles += 1;
        match r.stance {
            StanceLabel::Negative => t.negative += 1,
            StanceLabel::Neutral => t.neutral += 1,
            StanceLabel::Positive => t.positive += 1,
        }
        t.score += f64::from(r.score);
        for c in &r.cues {
            let e = t.cues.entry(c.cue.clone()).or_default();
            e.0 += 1;
            e.1 += f64::from(c.polarity);
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Where a sentence names which actor: char ranges `[start, end)` and ids
/// ([`crate::extract::Engine::actor_marks`]).
pub type ActorMarks<'a> = dyn Fn(&str) -> Vec<(usize, usize, String)> + Sync + 'a;

/// What a run knows when its page is made.
pub struct RunFacts<'a> {
    pub graph: &'a ActorGraph,
    /// [`crate::export::svg::render_page_svg`] of `graph`.
    pub svg: &'a str,
    /// The articles evidence comes from (others are not looked up).
    pub articles: &'a BTreeMap<String, ArticleMeta>,
    pub stances: &'a StanceTally,
    /// Labels of the actors in the stance table.
    pub catalog: &'a dyn ActorCatalog,
    pub marks: &'a ActorMarks<'a>,
    pub inputs: &'a [String],
    pub articles_read: usize,
    pub relations: usize,
    pub stance_records: usize,
    /// Per outlet: articles read and relation mentions.
    pub outlets: &'a [(String, usize, usize)],
    /// Earliest and latest article date.
    pub dates: Option<(String, String)>,
    pub problems: &'a [InputProblem],
    /// (input, warning) pairs.
    pub warnings: &'a [(String, String)],
}

/// What went into a page (`run.json` reports it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageInfo {
    pub file: String,
    pub bytes: usize,
    /// Evidence sentences shown per edge at most (cut to fit the page).
    pub evidence_per_edge: usize,
    pub evidence_shown: usize,
    pub edges: usize,
}

/// Doc ids of the evidence a page may show: the first [`PAGE_EVIDENCE`]
/// of every edge, in evidence order.
pub fn shown_docs(graph: &ActorGraph) -> BTreeSet<String> {
    graph
        .edges()
        .flat_map(|(_, _, e)| e.evidence.iter().take(PAGE_EVIDENCE))
        .map(|ev| ev.doc.clone())
        .collect()
}

/// Reads the metadata of the `wanted` articles from an `articles.jsonl`
/// (one line per article, as `analyze` writes it), a line at a time.
pub fn read_article_meta(
    path: &Path,
    wanted: &BTreeSet<String>,
) -> Result<BTreeMap<String, ArticleMeta>, ExportError> {
    let io = |e| ExportError::io(path, e);
    let file = std::fs::File::open(path).map_err(io)?;
    let mut out = BTreeMap::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let meta: ArticleMeta = serde_json::from_str(&line).map_err(|e| ExportError::Parse {
            path: path.to_path_buf(),
            message: format!("line {}: {e}", i + 1),
        })?;
        if wanted.contains(&meta.id) {
            out.insert(meta.id.clone(), meta);
        }
    }
    Ok(out)
}

#[derive(Serialize)]
struct NodeView<'a> {
    id: &'a str,
    zh: &'a str,
    en: &'a str,
    kind: &'a str,
    fill: &'static str,
}

#[derive(Serialize)]
struct EvView {
    /// Index into `docs`.
    d: usize,
    /// The sentence in pieces: `[0, text]`, `[1, actor]`, `[2, cue]`.
    p: Vec<(u8, String)>,
    r: String,
    /// Confidence, 0 to 1.
    k: Option<f64>,
}

#[derive(Serialize)]
struct EdgeView<'a> {
    s: usize,
    t: usize,
    r: &'static str,
    cue: Vec<&'a str>,
    /// Mentions.
    w: u32,
    /// Articles.
    a: usize,
    o: &'a [String],
    f: Option<&'a str>,
    l: Option<&'a str>,
    /// Evidence the graph keeps for the edge (the page shows `ev`).
    n: usize,
    ev: Vec<EvView>,
}

#[derive(Serialize)]
struct DocView<'a> {
    id: &'a str,
    title: Option<&'a str>,
    outlet: &'a str,
    date: Option<&'a str>,
    url: Option<String>,
}

#[derive(Serialize)]
struct StanceView {
    outlet: String,
    actor: String,
    label: String,
    articles: usize,
    negative: usize,
    neutral: usize,
    positive: usize,
    mean: f64,
    /// (cue, times, sign of its summed polarity: -1, 0, 1), most used first.
    cues: Vec<(String, usize, i8)>,
}

#[derive(Serialize)]
struct Data<'a> {
    relations: Vec<RelationView>,
    kinds: Vec<KindView>,
    nodes: Vec<NodeView<'a>>,
    edges: Vec<EdgeView<'a>>,
    docs: Vec<DocView<'a>>,
    stance: Vec<StanceView>,
    evidence_cap: usize,
}

/// Char ranges of `needle`'s parts (split at `…`) in `hay`, in order.
fn find_parts(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for part in needle.split('…').map(str::trim).filter(|p| !p.is_empty()) {
        // English cues are matched case-insensitively (ASCII case
        // folding keeps the byte offsets).
        let Some(i) = hay[from..].find(part).or_else(|| {
            hay[from..]
                .to_ascii_lowercase()
                .find(&part.to_ascii_lowercase())
        }) else {
            break;
        };
        let start = hay[..from + i].chars().count();
        out.push((start, start + part.chars().count()));
        from += i + part.len();
    }
    out
}

/// `sentence` cut into plain text, actor names (`ranges`) and the cue.
fn segments(sentence: &str, cue: &str, actors: &[(usize, usize)]) -> Vec<(u8, String)> {
    let mut marks: Vec<(usize, usize, u8)> = find_parts(sentence, cue)
        .into_iter()
        .map(|(s, e)| (s, e, 2))
        .chain(actors.iter().map(|&(s, e)| (s, e, 1)))
        .collect();
    // Cue first where they start together; overlaps keep the first.
    marks.sort_by_key(|&(s, e, k)| (s, std::cmp::Reverse(k), e));
    let chars: Vec<char> = sentence.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e, k) in marks {
        if s < at || e > chars.len() || s >= e {
            continue;
        }
        if s > at {
            out.push((0, chars[at..s].iter().collect()));
        }
        out.push((k, chars[s..e].iter().collect()));
        at = e;
    }
    if at < chars.len() || out.is_empty() {
        out.push((0, chars[at..].iter().collect()));
    }
    out
}

fn evidence_view(
    ev: &Evidence,
    source: &str,
    target: &str,
    graph: &ActorGraph,
    docs: &mut BTreeMap<String, usize>,
    marks: &ActorMarks<'_>,
) -> EvView {
    let level = graph.attrs.level;
    let actors: Vec<(usize, usize)> = marks(&ev.sentence)
        .into_iter()
        .filter(|(_, _, id)| {
            let node = level.node_id(id);
            node == source || node == target
        })
        .map(|(s, e, _)| (s, e))
        .collect();
    let next = docs.len();
    let d = *docs.entry(ev.doc.clone()).or_insert(next);
    EvView {
        d,
        p: segments(&ev.sentence, &ev.cue, &actors),
        r: ev.rule.clone(),
        k: ev.confidence.map(|m| f64::from(m) / 1000.0),
    }
}

fn stance_views(facts: &RunFacts) -> Vec<StanceView> {
    facts
        .stances
        .rows
        .iter()
        .map(|((outlet, actor), t)| {
            let info = facts.catalog.actor_info(actor);
            let label = if info.label_zh == info.label_en || info.label_en.is_empty() {
                info.label_zh.clone()
            } else {
                format!("{} {}", info.label_zh, info.label_en)
            };
            let mut cues: Vec<(String, usize, i8)> = t
                .cues
                .iter()
                .map(|(c, &(n, pol))| {
                    let sign = if pol > 0.0 {
                        1
                    } else if pol < 0.0 {
                        -1
                    } else {
                        0
                    };
                    (c.clone(), n, sign)
                })
                .collect();
            cues.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            cues.truncate(8);
            StanceView {
                outlet: outlet.clone(),
                actor: actor.clone(),
                label,
                articles: t.articles,
                negative: t.negative,
                neutral: t.neutral,
                positive: t.positive,
                mean: round3(t.score / t.articles.max(1) as f64),
                cues,
            }
        })
        .collect()
}

/// Problems and warnings the page lists (the rest are counted).
const MAX_LISTED: usize = 200;

/// `report.html` for a run, and what went into it.
pub fn run_page(facts: &RunFacts) -> Result<(String, PageInfo), ExportError> {
    page_within(facts, MAX_PAGE_BYTES)
}

/// The page with as much evidence per edge as fits in `max_bytes`.
fn page_within(facts: &RunFacts, max_bytes: usize) -> Result<(String, PageInfo), ExportError> {
    let graph = facts.graph;
    let node_views = || -> Vec<NodeView> {
        graph
            .nodes()
            .map(|n| NodeView {
                id: &n.id,
                zh: &n.label_zh,
                en: &n.label_en,
                kind: &n.kind,
                fill: country_fill(&n.country),
            })
            .collect()
    };
    let index: BTreeMap<&str, usize> = graph
        .nodes()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let kinds: BTreeSet<&str> = graph.nodes().map(|n| n.kind.as_str()).collect();
    let outlets: Vec<minijinja::Value> = facts
        .outlets
        .iter()
        .map(|(o, a, m)| minijinja::context! { name => o, articles => a, mentions => m })
        .collect();
    let problems: Vec<String> = facts
        .problems
        .iter()
        .take(MAX_LISTED)
        .map(|p| p.to_string())
        .collect();
    let warnings: Vec<(String, String)> = facts.warnings.iter().take(MAX_LISTED).cloned().collect();
    let inputs = facts.inputs.join(", ");
    let dates = facts.dates.as_ref().map(|(a, b)| {
        if a == b {
            a.clone()
        } else {
            format!("{a} – {b}")
        }
    });
    let (script, policy) =
        super::script_and_policy(&format!("{}\n{}", super::COMMON_JS, super::REPORT_JS));
    let mut last = None;
    // Fewer sentences per edge until the page fits.
    for cap in [PAGE_EVIDENCE, 5, 2, 1, 0] {
        let mut docs: BTreeMap<String, usize> = BTreeMap::new();
        let mut shown = 0;
        let edges: Vec<EdgeView> = graph
            .edges()
            .map(|(s, t, e)| {
                let ev: Vec<EvView> = e
                    .evidence
                    .iter()
                    .take(cap)
                    .map(|ev| evidence_view(ev, &s.id, &t.id, graph, &mut docs, facts.marks))
                    .collect();
                shown += ev.len();
                let cue: BTreeSet<&str> = e.evidence.iter().map(|ev| ev.cue.as_str()).collect();
                EdgeView {
                    s: index[s.id.as_str()],
                    t: index[t.id.as_str()],
                    r: e.relation.as_str(),
                    cue: cue.into_iter().take(6).collect(),
                    w: e.weight,
                    a: e.articles.len(),
                    o: &e.outlets,
                    f: e.first_date.as_deref(),
                    l: e.last_date.as_deref(),
                    n: e.evidence.len(),
                    ev,
                }
            })
            .collect();
        let mut order: Vec<(&String, &usize)> = docs.iter().collect();
        order.sort_by_key(|(_, &i)| i);
        let docs: Vec<DocView> = order
            .into_iter()
            .map(|(id, _)| {
                let meta = facts.articles.get(id);
                DocView {
                    id,
                    title: meta.and_then(|m| m.title.as_deref()),
                    outlet: meta.map_or("", |m| m.outlet.as_str()),
                    date: meta.and_then(|m| m.date.as_deref()),
                    url: safe_url(meta.and_then(|m| m.url.as_deref())),
                }
            })
            .collect();
        let data = Data {
            relations: relation_views(),
            kinds: kinds.iter().map(|k| kind_view(k)).collect(),
            nodes: node_views(),
            edges,
            docs,
            stance: stance_views(facts),
            evidence_cap: cap,
        };
        let ctx = minijinja::context! {
            title => "stancegraph report",
            inputs => inputs.clone(),
            dates => dates.clone(),
            version => crate::version(),
            level => graph.attrs.level.as_str(),
            articles => facts.articles_read,
            relations => facts.relations,
            stances => facts.stance_records,
            stance_rows => facts.stances.len(),
            actors => graph.node_count(),
            edges => graph.edge_count(),
            outlets => outlets.clone(),
            problems => problems.clone(),
            problems_more => facts.problems.len().saturating_sub(MAX_LISTED),
            problems_total => facts.problems.len(),
            warnings => warnings.clone(),
            warnings_more => facts.warnings.len().saturating_sub(MAX_LISTED),
            warnings_total => facts.warnings.len(),
            evidence_cap => cap,
            svg => minijinja::Value::from_safe_string(facts.svg.to_string()),
            css => minijinja::Value::from_safe_string(super::CSS.to_string()),
            script => minijinja::Value::from_safe_string(script.clone()),
            policy => policy.clone(),
            data => minijinja::Value::from_safe_string(script_json(&data)?),
        };
        let html = render("report.html", ctx)?;
        let info = PageInfo {
            file: "report.html".to_string(),
            bytes: html.len(),
            evidence_per_edge: cap,
            evidence_shown: shown,
            edges: graph.edge_count(),
        };
        if html.len() <= max_bytes || cap == 0 {
            return Ok((html, info));
        }
        last = Some((html, info));
    }
    last.ok_or_else(|| ExportError::Render("no page".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, GraphOptions};
    use crate::model::{Relation, RelationMention};

    struct Plain;
    impl ActorCatalog for Plain {}

    #[test]
    fn evidence_is_cut_until_the_page_fits() {
        // 40 edges with 12 long sentences each: about 0.5 MB of evidence.
        let mut mentions = Vec::new();
        for e in 0..40 {
            for k in 0..12 {
                mentions.push(RelationMention {
                    doc: format!("doc{k}"),
                    outlet: "o".into(),
                    date: Some("2024-01-02".into()),
                    source: format!("a{e}"),
                    relation: Relation::Accuse,
                    target: "b".into(),
                    cue: "accused".into(),
                    rule: "en.svo".into(),
                    sentence: format!("A{e} accused B {} ({k}).", "of something ".repeat(80)),
                    span: [k * 2000, k * 2000 + 1100],
                    confidence: 0.9,
                });
            }
        }
        let graph = build(&mentions, &Plain, &GraphOptions::default());
        let meta = BTreeMap::new();
        let tally = StanceTally::default();
        let marks = |_: &str| Vec::new();
        let facts = RunFacts {
            graph: &graph,
            svg: "<svg></svg>",
            articles: &meta,
            stances: &tally,
            catalog: &Plain,
            marks: &marks,
            inputs: &[],
            articles_read: 12,
            relations: mentions.len(),
            stance_records: 0,
            outlets: &[],
            dates: None,
            problems: &[],
            warnings: &[],
        };
        let (full, info) = page_within(&facts, usize::MAX).unwrap();
        assert_eq!(info.evidence_per_edge, PAGE_EVIDENCE);
        assert_eq!(info.evidence_shown, 40 * PAGE_EVIDENCE);
        assert_eq!(info.bytes, full.len());
        let (small, info) = page_within(&facts, full.len() / 3).unwrap();
        assert!(small.len() <= full.len() / 3, "{} bytes", small.len());
        assert!(info.evidence_per_edge < 5 && info.evidence_per_edge > 0);
        assert_eq!(info.edges, 40);
        // Too small for any evidence: none shown, the edges still are.
        let (_, info) = page_within(&facts, 1000).unwrap();
        assert_eq!(info.evidence_per_edge, 0);
        assert_eq!(info.evidence_shown, 0);
    }

    #[test]
    fn cuts_sentences_at_actors_and_cue() {
        let s = "英国政府指责中国发动网络攻击。";
        let segs = segments(s, "指责", &[(0, 2), (6, 8)]);
        assert_eq!(
            segs,
            vec![
                (1, "英国".to_string()),
                (0, "政府".to_string()),
                (2, "指责".to_string()),
                (1, "中国".to_string()),
                (0, "发动网络攻击。".to_string()),
            ]
        );
        // A discontinuous cue, an English cue in another case, no marks.
        let segs = segments("加入制裁行列", "加入…行列", &[]);
        assert_eq!(segs.iter().filter(|(k, _)| *k == 2).count(), 2);
        let segs = segments("London Accused Beijing.", "accused", &[]);
        assert_eq!(segs[1], (2, "Accused".to_string()));
        assert_eq!(segments("", "x", &[]), vec![(0, String::new())]);
        // Overlapping and out-of-range marks are dropped, never panic.
        let segs = segments("abc", "b", &[(0, 2), (1, 9)]);
        assert_eq!(
            segs.iter().map(|(_, t)| t.as_str()).collect::<String>(),
            "abc"
        );
    }
}
