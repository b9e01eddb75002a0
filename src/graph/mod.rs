//! The actor graph: who accuses, rebuts, demands of, threatens, supports or
//! attacks whom, built from [`RelationMention`]s.
//!
//! The graph is a directed multigraph ([`petgraph::graph::DiGraph`]): one node
//! per actor ([`ActorInfo`]), one edge per `(source, relation, target)` with
//! its weight (the number of mentions) and evidence ([`EdgeData`]).
//!
//! Everything is built in a deterministic order: nodes sorted by id, edges by
//! `(source id, target id, relation)`, evidence by `(doc, span, rule, cue,
//! sentence)`, and lists of articles and outlets sorted and distinct. Two
//! graphs built from the same mentions are equal, whatever order the
//! mentions came in, and [`ActorGraph::merge`] of graphs built from two
//! halves of a mention list equals the graph built from the whole list (with
//! `min_weight` at most 1; see [`ActorGraph::merge`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use crate::model::{country_of, ActorCatalog, ActorInfo, Relation, RelationMention};

mod articles;
mod merge;
pub(crate) use articles::merge_sorted;
pub use articles::Articles;
pub use merge::Merger;

/// How actor ids are grouped into nodes.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// One node per actor id (`china.embassy.uk`).
    #[default]
    Actor,
    /// Dotted ids rolled up to their first segment (`china.embassy.uk` ->
    /// `china`). Edges that become self-loops by the roll-up are dropped and
    /// counted in [`GraphAttrs::self_loops_dropped`].
    Country,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Actor => "actor",
            Level::Country => "country",
        }
    }

    /// The node id an actor id belongs to at this level.
    pub fn node_id(self, actor: &str) -> &str {
        match self {
            Level::Actor => actor,
            Level::Country => country_of(actor),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = GraphError;
    fn from_str(s: &str) -> Result<Level, GraphError> {
        match s {
            "actor" => Ok(Level::Actor),
            "country" => Ok(Level::Country),
            other => Err(GraphError::Invalid(format!(
                "unknown level {other:?} (expected actor or country)"
            ))),
        }
    }
}

/// What goes into a graph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GraphOptions {
    pub level: Level,
    /// Keep only these relations (`None`: all six).
    pub relations: Option<BTreeSet<Relation>>,
    /// Drop edges with fewer mentions than this (0 and 1 keep everything).
    pub min_weight: u32,
}

/// One piece of evidence for an edge: a sentence that states the relation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: String,
    pub sentence: String,
    pub cue: String,
    pub rule: String,
    /// Char offsets `[start, end)` of the sentence in the article's clean text.
    pub span: [usize; 2],
    /// The rule's confidence in this mention, in thousandths (written as a
    /// number from 0 to 1; absent in graphs written before it was kept).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "confidence_serde"
    )]
    pub confidence: Option<u16>,
}

/// A confidence in `[0, 1]` as thousandths, so evidence stays `Eq` and
/// `Hash` and prints the same on every platform.
pub fn confidence_milli(c: f32) -> u16 {
    (c.clamp(0.0, 1.0) * 1000.0).round() as u16
}

mod confidence_serde {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<u16>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(m) => s.serialize_f64(f64::from(*m) / 1000.0),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
        Ok(Option::<f64>::deserialize(d)?
            .filter(|x| x.is_finite())
            .map(|x| super::confidence_milli(x as f32)))
    }
}

impl Evidence {
    fn sort_key(&self) -> (&str, [usize; 2], &str, &str, &str) {
        (&self.doc, self.span, &self.rule, &self.cue, &self.sentence)
    }
}

fn sort_evidence(evidence: &mut [Evidence]) {
    evidence.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// What an edge carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeData {
    pub relation: Relation,
    /// Number of mentions of this `(source, relation, target)`.
    pub weight: u32,
    /// Distinct doc ids, sorted. A large corpus names hundreds of
    /// thousands of articles on every edge: each is a 4-byte index into a
    /// table of ids the graph's edges share ([`Articles`]).
    pub articles: Articles,
    /// Distinct outlets, sorted.
    pub outlets: Vec<String>,
    /// Earliest and latest mention date (ISO 8601 strings compare in order).
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Every mention's evidence, sorted by `(doc, span, rule, cue, sentence)`.
    /// Graphs read back from DOT have no evidence (only the weight).
    pub evidence: Vec<Evidence>,
}

fn union_sorted<T: Ord + Clone>(a: &[T], b: &[T]) -> Vec<T> {
    let set: BTreeSet<&T> = a.iter().chain(b.iter()).collect();
    set.into_iter().cloned().collect()
}

fn min_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max_opt(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Graph-level attributes, written into every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphAttrs {
    /// Always `stancegraph`.
    pub tool: String,
    /// [`crate::version()`] of the tool that built the graph.
    pub version: String,
    pub level: Level,
    /// The relation filter, sorted (`None`: all relations).
    #[serde(default)]
    pub relations: Option<Vec<Relation>>,
    #[serde(default)]
    pub min_weight: u32,
    /// What the graph was built from (file names, corpus names), sorted and
    /// distinct; set by the caller with [`ActorGraph::with_inputs`].
    #[serde(default)]
    pub inputs: Vec<String>,
    /// Mentions that passed the relation filter (before self-loop and
    /// weight filtering).
    #[serde(default)]
    pub mentions: u64,
    /// Mentions dropped because the roll-up to countries made them
    /// self-loops (`china.mfa` -> `china.embassy.uk`).
    #[serde(default)]
    pub self_loops_dropped: u64,
}

impl GraphAttrs {
    fn new(opts: &GraphOptions) -> GraphAttrs {
        GraphAttrs {
            tool: "stancegraph".to_string(),
            version: crate::version().to_string(),
            level: opts.level,
            relations: opts
                .relations
                .as_ref()
                .map(|set| set.iter().copied().collect()),
            min_weight: opts.min_weight,
            inputs: Vec::new(),
            mentions: 0,
            self_loops_dropped: 0,
        }
    }
}

/// Errors from building, merging or reading graphs.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("invalid graph: {0}")]
    Invalid(String),
    #[error("cannot merge graphs: {0}")]
    Incompatible(String),
}

/// A directed actor multigraph with its attributes.
///
/// `graph` is a petgraph [`DiGraph`] whose node indices follow the sorted
/// actor ids and whose edge indices follow `(source, target, relation)`.
#[derive(Debug, Clone)]
pub struct ActorGraph {
    pub graph: DiGraph<ActorInfo, EdgeData>,
    pub attrs: GraphAttrs,
}

impl PartialEq for ActorGraph {
    fn eq(&self, other: &ActorGraph) -> bool {
        self.attrs == other.attrs
            && self.graph.node_count() == other.graph.node_count()
            && self.graph.edge_count() == other.graph.edge_count()
            && self.nodes().eq(other.nodes())
            && self
                .edges()
                .map(|(s, t, e)| (&s.id, &t.id, e))
                .eq(other.edges().map(|(s, t, e)| (&s.id, &t.id, e)))
    }
}

impl ActorGraph {
    /// An empty graph with the attributes `opts` implies.
    pub fn empty(opts: &GraphOptions) -> ActorGraph {
        ActorGraph {
            graph: DiGraph::new(),
            attrs: GraphAttrs::new(opts),
        }
    }

    /// Builds a graph from its parts, in canonical order. Node ids must be
    /// distinct, every edge's endpoints must be nodes and no two edges may
    /// share `(source, target, relation)`. Nodes without edges are kept.
    pub fn from_parts(
        mut attrs: GraphAttrs,
        nodes: Vec<ActorInfo>,
        edges: Vec<(String, String, EdgeData)>,
    ) -> Result<ActorGraph, GraphError> {
        let mut by_id: BTreeMap<String, ActorInfo> = BTreeMap::new();
        for n in nodes {
            if by_id.contains_key(&n.id) {
                return Err(GraphError::Invalid(format!("duplicate node id {:?}", n.id)));
            }
            by_id.insert(n.id.clone(), n);
        }
        let mut by_key: BTreeMap<(String, String, Relation), EdgeData> = BTreeMap::new();
        for (s, t, mut e) in edges {
            for end in [&s, &t] {
                if !by_id.contains_key(end) {
                    return Err(GraphError::Invalid(format!(
                        "edge {s:?} -> {t:?} names unknown node {end:?}"
                    )));
                }
            }
            e.outlets = union_sorted(&e.outlets, &[]);
            sort_evidence(&mut e.evidence);
            let key = (s, t, e.relation);
            if by_key.contains_key(&key) {
                return Err(GraphError::Invalid(format!(
                    "duplicate edge {:?} -{}-> {:?}",
                    key.0, key.2, key.1
                )));
            }
            by_key.insert(key, e);
        }
        attrs.inputs = union_sorted(&attrs.inputs, &[]);
        Ok(assemble(attrs, by_id, by_key))
    }

    /// Records what the graph was built from (sorted, distinct).
    pub fn with_inputs<I, S>(mut self, inputs: I) -> ActorGraph
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let extra: Vec<String> = inputs.into_iter().map(Into::into).collect();
        self.attrs.inputs = union_sorted(&self.attrs.inputs, &extra);
        self
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> impl Iterator<Item = &ActorInfo> + '_ {
        self.graph.node_weights()
    }

    /// Edges in `(source, target, relation)` order.
    pub fn edges(&self) -> impl Iterator<Item = (&ActorInfo, &ActorInfo, &EdgeData)> + '_ {
        self.graph
            .edge_references()
            .map(move |e| (&self.graph[e.source()], &self.graph[e.target()], e.weight()))
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node with this id.
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        // Nodes are in id order: binary search.
        let (mut lo, mut hi) = (0, self.graph.node_count());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.graph[NodeIndex::new(mid)].id.as_str().cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(NodeIndex::new(mid)),
            }
        }
        None
    }

    /// The edge `source -relation-> target`.
    pub fn find_edge(&self, source: &str, target: &str, relation: Relation) -> Option<EdgeIndex> {
        let s = self.node_index(source)?;
        let t = self.node_index(target)?;
        self.graph
            .edges_connecting(s, t)
            .find(|e| e.weight().relation == relation)
            .map(|e| e.id())
    }

    /// Keeps at most `n` pieces of evidence per edge, the first in evidence
    /// order, as [`GraphBuilder::max_evidence`] does.
    pub fn cap_evidence(&mut self, n: usize) {
        for e in self.graph.edge_weights_mut() {
            sort_evidence(&mut e.evidence);
            e.evidence.truncate(n.max(1));
        }
    }

    /// Merges two graphs of the same level and relation filter: weights add
    /// up, articles and outlets are united, dates widen and evidence is
    /// concatenated (and re-sorted); `inputs` are united, counts added.
    /// The larger `min_weight` of the two is applied to the result.
    ///
    /// For graphs built with `min_weight` at most 1, merging the graphs of
    /// two mention lists equals building the graph of their concatenation.
    /// Shards of a corpus should therefore be built with `min_weight: 0`,
    /// merged, then filtered with [`ActorGraph::retain_min_weight`].
    ///
    /// To fold many graphs, [`Merger`] takes them one at a time (this is
    /// one of two) and stores each article id once for all the edges.
    pub fn merge(&self, other: &ActorGraph) -> Result<ActorGraph, GraphError> {
        let mut m = Merger::new();
        m.add(self.clone())?;
        m.add(other.clone())?;
        Ok(m.finish().expect("two graphs were added"))
    }

    /// Drops edges with fewer than `min_weight` mentions, and the nodes left
    /// without edges; records the threshold in the attributes.
    pub fn retain_min_weight(&self, min_weight: u32) -> ActorGraph {
        let mut attrs = self.attrs.clone();
        attrs.min_weight = attrs.min_weight.max(min_weight);
        let mut edges = BTreeMap::new();
        for (s, t, e) in self.edges() {
            if e.weight >= attrs.min_weight {
                edges.insert((s.id.clone(), t.id.clone(), e.relation), e.clone());
            }
        }
        let used = endpoints(&edges);
        let nodes = self
            .nodes()
            .filter(|n| used.contains(n.id.as_str()))
            .map(|n| (n.id.clone(), n.clone()))
            .collect();
        assemble(attrs, nodes, edges)
    }
}

fn endpoints(edges: &BTreeMap<(String, String, Relation), EdgeData>) -> BTreeSet<&str> {
    edges
        .keys()
        .flat_map(|(s, t, _)| [s.as_str(), t.as_str()])
        .collect()
}

/// Builds the petgraph in canonical order from sorted maps.
fn assemble(
    attrs: GraphAttrs,
    nodes: BTreeMap<String, ActorInfo>,
    edges: BTreeMap<(String, String, Relation), EdgeData>,
) -> ActorGraph {
    let mut graph = DiGraph::with_capacity(nodes.len(), edges.len());
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    for (id, info) in nodes {
        let ix = graph.add_node(info);
        index.insert(id, ix);
    }
    for ((s, t, _), e) in edges {
        graph.add_edge(index[&s], index[&t], e);
    }
    ActorGraph { graph, attrs }
}

/// Builds the actor graph of `mentions`.
///
/// Node information comes from `catalog` (at the country level, for the
/// rolled-up id). Mentions whose relation is filtered out are ignored; edges
/// with fewer than `opts.min_weight` mentions are dropped, and so are the
/// actors left without edges.
pub fn build(
    mentions: &[RelationMention],
    catalog: &dyn ActorCatalog,
    opts: &GraphOptions,
) -> ActorGraph {
    let mut b = GraphBuilder::new(opts);
    for m in mentions {
        b.add(m);
    }
    b.finish(catalog)
}

/// Article ids numbered in the order they first come, each stored once:
/// what a graph read from a file or folded from parts keeps while it is
/// being made, before [`Interner::into_table`] sorts them.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    names: Vec<std::sync::Arc<str>>,
    index: std::collections::HashMap<std::sync::Arc<str>, u32>,
}

impl Interner {
    /// The number of `id`.
    pub(crate) fn id(&mut self, id: &str) -> u32 {
        match self.index.get(id) {
            Some(&i) => i,
            None => self.add(id.into()),
        }
    }

    /// The number of `id`, which is stored by sharing it when it is new.
    pub(crate) fn shared_id(&mut self, id: &std::sync::Arc<str>) -> u32 {
        match self.index.get(&**id) {
            Some(&i) => i,
            None => self.add(id.clone()),
        }
    }

    fn add(&mut self, id: std::sync::Arc<str>) -> u32 {
        let i = self.names.len() as u32;
        self.names.push(id.clone());
        self.index.insert(id, i);
        i
    }

    /// The sorted table of the ids and, per number, its index in it.
    pub(crate) fn into_table(self) -> (std::sync::Arc<[std::sync::Arc<str>]>, Vec<u32>) {
        drop(self.index);
        shared_table(self.names)
    }
}

/// One table of the distinct ids of `names`, sorted, for every edge of a
/// graph to share, and per name its index in the table.
fn shared_table(
    names: Vec<std::sync::Arc<str>>,
) -> (std::sync::Arc<[std::sync::Arc<str>]>, Vec<u32>) {
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
    let mut remap = vec![0u32; names.len()];
    let mut table: Vec<std::sync::Arc<str>> = Vec::new();
    for &i in &order {
        let name = &names[i as usize];
        if table.last() != Some(name) {
            table.push(name.clone());
        }
        remap[i as usize] = (table.len() - 1) as u32;
    }
    debug_assert!(table.windows(2).all(|w| w[0] < w[1]));
    (table.into(), remap)
}

/// An edge being built: its data, its article indices, whether its evidence
/// has been cut yet.
type BuildingEdge = (EdgeData, articles::Ascending, bool);

/// Builds a graph one mention at a time, so a corpus never has to be held
/// in memory: [`build`] is this over a slice.
#[derive(Debug, Clone)]
pub struct GraphBuilder {
    opts: GraphOptions,
    attrs: GraphAttrs,
    /// Per edge: its data (articles filled in by `finish`) and the indices
    /// of its articles in `docs` (ascending, as gaps), and whether its evidence has been cut to
    /// `max_evidence` yet.
    edges: BTreeMap<(String, String, Relation), BuildingEdge>,
    /// Article ids, each stored once however many edges name it (a large
    /// corpus names hundreds of thousands of articles on every edge).
    docs: Vec<std::sync::Arc<str>>,
    max_evidence: Option<usize>,
}

impl GraphBuilder {
    pub fn new(opts: &GraphOptions) -> GraphBuilder {
        GraphBuilder {
            opts: opts.clone(),
            attrs: GraphAttrs::new(opts),
            edges: BTreeMap::new(),
            docs: Vec::new(),
            max_evidence: None,
        }
    }

    /// Keeps at most `n` pieces of evidence per edge: the first `n` in
    /// evidence order (document, span, …), so the result does not depend on
    /// the order mentions arrive in, and building in shards then merging
    /// keeps the same ones. Weights, articles and outlets still count all.
    pub fn max_evidence(mut self, n: usize) -> GraphBuilder {
        self.max_evidence = Some(n.max(1));
        self
    }

    /// Adds one mention.
    pub fn add(&mut self, m: &RelationMention) {
        self.add_with(m, None)
    }

    /// Adds one mention whose doc id `doc` (equal to `m.doc`) is already
    /// shared, so builders fed the same articles store each id once between
    /// them.
    pub fn add_shared(&mut self, m: &RelationMention, doc: &std::sync::Arc<str>) {
        debug_assert_eq!(&**doc, m.doc.as_str());
        self.add_with(m, Some(doc))
    }

    fn add_with(&mut self, m: &RelationMention, doc: Option<&std::sync::Arc<str>>) {
        let opts = &self.opts;
        if let Some(keep) = &opts.relations {
            if !keep.contains(&m.relation) {
                return;
            }
        }
        self.attrs.mentions += 1;
        let s = opts.level.node_id(&m.source);
        let t = opts.level.node_id(&m.target);
        if opts.level == Level::Country && s == t {
            self.attrs.self_loops_dropped += 1;
            return;
        }
        // Mentions of one article come together: a new id is a new article
        // (an id seen again later is united by `finish`).
        if self.docs.last().map(|d| &**d) != Some(m.doc.as_str()) {
            self.docs
                .push(doc.cloned().unwrap_or_else(|| m.doc.as_str().into()));
        }
        let doc = (self.docs.len() - 1) as u32;
        let key = (s.to_string(), t.to_string(), m.relation);
        let (e, docs, capped) = self.edges.entry(key).or_insert_with(|| {
            (
                EdgeData {
                    relation: m.relation,
                    weight: 0,
                    articles: Articles::default(),
                    outlets: Vec::new(),
                    first_date: None,
                    last_date: None,
                    evidence: Vec::new(),
                },
                articles::Ascending::default(),
                false,
            )
        });
        e.weight = e.weight.saturating_add(1);
        if docs.last() != Some(doc) {
            docs.push(doc);
        }
        if !e.outlets.contains(&m.outlet) {
            e.outlets.push(m.outlet.clone());
        }
        // Mentions read back from an older edges.jsonl may carry a
        // date-time: edges keep the date alone.
        let date = m
            .date
            .as_deref()
            .map(|d| crate::model::date_part(d).to_string());
        e.first_date = min_opt(e.first_date.take(), date.clone());
        e.last_date = max_opt(e.last_date.take(), date);
        if let Some(n) = self.max_evidence {
            // Once the list has been cut to the first `n`, its `n`-th piece
            // is a bound: evidence that sorts after it can never be kept,
            // so it is not copied.
            if e.evidence.len() >= n && *capped {
                let key = (
                    m.doc.as_str(),
                    m.span,
                    m.rule.as_str(),
                    m.cue.as_str(),
                    m.sentence.as_str(),
                );
                if key >= e.evidence[n - 1].sort_key() {
                    return;
                }
            }
        }
        e.evidence.push(Evidence {
            doc: m.doc.clone(),
            sentence: m.sentence.clone(),
            cue: m.cue.clone(),
            rule: m.rule.clone(),
            span: m.span,
            confidence: Some(confidence_milli(m.confidence)),
        });
        if let Some(n) = self.max_evidence {
            if e.evidence.len() >= 2 * n {
                sort_evidence(&mut e.evidence);
                e.evidence.truncate(n);
                *capped = true;
            }
        }
    }

    /// The graph, with node information from `catalog`.
    pub fn finish(self, catalog: &dyn ActorCatalog) -> ActorGraph {
        let GraphBuilder {
            opts,
            attrs,
            edges,
            docs: names,
            max_evidence,
        } = self;
        let (table, remap) = shared_table(names);
        let mut edges: BTreeMap<(String, String, Relation), EdgeData> = edges
            .into_iter()
            .map(|(k, (mut e, docs, _))| {
                let docs = docs.iter().map(|i| remap[i as usize]).collect();
                e.articles = Articles::over(table.clone(), docs);
                (k, e)
            })
            .collect();
        drop(remap);
        for e in edges.values_mut() {
            e.outlets = union_sorted(&e.outlets, &[]);
            sort_evidence(&mut e.evidence);
            if let Some(n) = max_evidence {
                e.evidence.truncate(n);
            }
        }
        edges.retain(|_, e| e.weight >= opts.min_weight);
        let nodes = endpoints(&edges)
            .into_iter()
            .map(|id| {
                let mut info = catalog.actor_info(id);
                info.id = id.to_string();
                (id.to_string(), info)
            })
            .collect();
        assemble(attrs, nodes, edges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Generic;
    impl ActorCatalog for Generic {}

    fn m(doc: &str, s: &str, r: Relation, t: &str, date: &str, span: usize) -> RelationMention {
        RelationMention {
            doc: doc.to_string(),
            outlet: format!("outlet-{}", &doc[..1]),
            date: Some(date.to_string()),
            source: s.to_string(),
            relation: r,
            target: t.to_string(),
            cue: "cue".to_string(),
            rule: "r1".to_string(),
            sentence: format!("{s} {r} {t} in {doc}"),
            span: [span, span + 10],
            confidence: 0.9,
        }
    }

    fn sample() -> Vec<RelationMention> {
        vec![
            m("b1", "china.mfa", Relation::Rebut, "us", "2024-03-02", 40),
            m("a1", "us", Relation::Accuse, "china.mss", "2024-03-01", 0),
            m("a2", "us", Relation::Accuse, "china.mss", "2024-02-01", 5),
            m("a1", "us", Relation::Accuse, "china.mss", "2024-03-01", 20),
            m("a1", "uk.ncsc", Relation::Accuse, "china", "2024-03-01", 60),
            m(
                "c1",
                "china.mfa",
                Relation::Rebut,
                "china.embassy.uk",
                "2024-01-01",
                0,
            ),
            m("c1", "eu", Relation::Demand, "china", "2024-05-01", 3),
        ]
    }

    #[test]
    fn builds_sorted_actor_graph() {
        let g = build(&sample(), &Generic, &GraphOptions::default());
        let ids: Vec<_> = g.nodes().map(|n| n.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "china",
                "china.embassy.uk",
                "china.mfa",
                "china.mss",
                "eu",
                "uk.ncsc",
                "us"
            ]
        );
        let keys: Vec<_> = g
            .edges()
            .map(|(s, t, e)| format!("{}-{}->{}", s.id, e.relation, t.id))
            .collect();
        assert_eq!(
            keys,
            [
                "china.mfa-rebut->china.embassy.uk",
                "china.mfa-rebut->us",
                "eu-demand->china",
                "uk.ncsc-accuse->china",
                "us-accuse->china.mss",
            ]
        );
        let e = g.find_edge("us", "china.mss", Relation::Accuse).unwrap();
        let e = &g.graph[e];
        assert_eq!(e.weight, 3);
        assert_eq!(e.articles, ["a1", "a2"]);
        assert_eq!(e.outlets, ["outlet-a"]);
        assert_eq!(e.first_date.as_deref(), Some("2024-02-01"));
        assert_eq!(e.last_date.as_deref(), Some("2024-03-01"));
        let spans: Vec<_> = e
            .evidence
            .iter()
            .map(|v| (v.doc.as_str(), v.span[0]))
            .collect();
        assert_eq!(spans, [("a1", 0), ("a1", 20), ("a2", 5)]);
        assert_eq!(g.attrs.mentions, 7);
        assert_eq!(g.attrs.version, crate::version());
    }

    #[test]
    fn country_level_rolls_up_and_drops_self_loops() {
        let opts = GraphOptions {
            level: Level::Country,
            ..GraphOptions::default()
        };
        let g = build(&sample(), &Generic, &opts);
        let ids: Vec<_> = g.nodes().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["china", "eu", "uk", "us"]);
        assert_eq!(g.attrs.self_loops_dropped, 1);
        let e = g.find_edge("us", "china", Relation::Accuse).unwrap();
        assert_eq!(g.graph[e].weight, 3);
        assert_eq!(g.graph[g.node_index("china").unwrap()].country, "china");
    }

    #[test]
    fn filters_relations_and_weight() {
        let opts = GraphOptions {
            relations: Some([Relation::Accuse].into_iter().collect()),
            min_weight: 2,
            ..GraphOptions::default()
        };
        let g = build(&sample(), &Generic, &opts);
        assert_eq!(g.edge_count(), 1);
        assert_eq!(g.node_count(), 2);
        assert_eq!(g.attrs.mentions, 4);
        assert_eq!(g.attrs.relations, Some(vec![Relation::Accuse]));
    }

    #[test]
    fn shared_ids_build_the_same_graph_and_are_stored_once() {
        let opts = GraphOptions::default();
        let (mut a, mut b) = (GraphBuilder::new(&opts), GraphBuilder::new(&opts));
        let mut ids = Vec::new();
        for m in sample() {
            let id: std::sync::Arc<str> = m.doc.as_str().into();
            a.add_shared(&m, &id);
            b.add_shared(&m, &id);
            ids.push(id);
        }
        // The id of the first mention of each run of one article's
        // mentions is kept, by both builders (a1 comes twice: b1 a1 a2 a1 a1
        // c1 c1); the others are not stored.
        let counts: Vec<usize> = ids.iter().map(std::sync::Arc::strong_count).collect();
        assert_eq!(counts, [3, 3, 3, 3, 1, 3, 1]);
        let whole = build(&sample(), &Generic, &opts);
        assert_eq!(a.finish(&Generic), whole);
        assert_eq!(b.finish(&Generic), whole);
    }

    #[test]
    fn order_of_mentions_does_not_matter() {
        let mut rev = sample();
        rev.reverse();
        let opts = GraphOptions::default();
        assert_eq!(
            build(&sample(), &Generic, &opts),
            build(&rev, &Generic, &opts)
        );
    }

    #[test]
    fn merge_equals_build_of_concatenation() {
        let all = sample();
        for level in [Level::Actor, Level::Country] {
            let opts = GraphOptions {
                level,
                ..GraphOptions::default()
            };
            for cut in 0..=all.len() {
                let (a, b) = all.split_at(cut);
                let ga = build(a, &Generic, &opts).with_inputs(["part-a"]);
                let gb = build(b, &Generic, &opts).with_inputs(["part-b"]);
                let whole = build(&all, &Generic, &opts).with_inputs(["part-a", "part-b"]);
                assert_eq!(ga.merge(&gb).unwrap(), whole, "cut {cut} at {level}");
                assert_eq!(
                    gb.merge(&ga).unwrap(),
                    whole,
                    "cut {cut} at {level} reversed"
                );
            }
        }
    }

    #[test]
    fn merge_then_filter_equals_filtered_build() {
        let all = sample();
        let (a, b) = all.split_at(2);
        let opts = GraphOptions::default();
        let merged = build(a, &Generic, &opts)
            .merge(&build(b, &Generic, &opts))
            .unwrap()
            .retain_min_weight(2);
        let direct = build(
            &all,
            &Generic,
            &GraphOptions {
                min_weight: 2,
                ..GraphOptions::default()
            },
        );
        assert_eq!(merged, direct);
    }

    #[test]
    fn merge_rejects_different_levels() {
        let a = build(&sample(), &Generic, &GraphOptions::default());
        let b = build(
            &sample(),
            &Generic,
            &GraphOptions {
                level: Level::Country,
                ..GraphOptions::default()
            },
        );
        assert!(a.merge(&b).is_err());
    }

    #[test]
    fn from_parts_checks_consistency() {
        let g = build(&sample(), &Generic, &GraphOptions::default());
        let nodes: Vec<_> = g.nodes().cloned().collect();
        let mut edges: Vec<_> = g
            .edges()
            .map(|(s, t, e)| (s.id.clone(), t.id.clone(), e.clone()))
            .collect();
        edges.reverse();
        let again = ActorGraph::from_parts(g.attrs.clone(), nodes.clone(), edges.clone()).unwrap();
        assert_eq!(again, g);
        let mut dup = edges.clone();
        dup.push(edges[0].clone());
        assert!(ActorGraph::from_parts(g.attrs.clone(), nodes.clone(), dup).is_err());
        let mut bad = edges;
        bad[0].0 = "nobody".to_string();
        assert!(ActorGraph::from_parts(g.attrs.clone(), nodes, bad).is_err());
    }

    #[test]
    fn level_parses() {
        assert_eq!("country".parse::<Level>().unwrap(), Level::Country);
        assert!("planet".parse::<Level>().is_err());
    }
}
