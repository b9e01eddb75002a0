//! Folding whole graphs into one: the parts of a sharded run (`merge`), the
//! groups of a comparison (their union).
//!
//! [`Merger`] takes the parts one at a time and keeps only the running
//! result. Article ids are interned as they come: each id is stored once,
//! and an edge keeps the indices of its articles as gaps ([`Ascending`]),
//! as [`GraphBuilder`](super::GraphBuilder) does. Without that, the union of
//! two edges read from different files (each with its own id table) gave
//! every edge a table of its own: a 16-byte pointer per (edge, article)
//! entry, besides the ids (ten graph.json shards of a 1 GB corpus: over
//! 600 MB peak, now 160 MB; see docs/performance.md). The edges of one
//! part share one table, so each of its ids is looked up once.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::articles::{merge_sorted, Ascending};
use super::{
    assemble, endpoints, max_opt, min_opt, sort_evidence, union_sorted, ActorGraph, Articles,
    EdgeData, GraphAttrs, GraphError, Interner,
};
use crate::model::{ActorInfo, Relation};

type EdgeKey = (String, String, Relation);

/// An id table and, per entry, the number of its id in the running result.
type Numbered = (Arc<[Arc<str>]>, Vec<u32>);

/// The running result of a fold of graphs; see the module header.
///
/// Folding parts `p1, p2, ..., pn` gives what
/// `p1.merge(&p2)?.merge(&p3)? ... .merge(&pn)?` of [`ActorGraph::merge`]
/// gives, in memory for one copy of the result.
#[derive(Debug, Default)]
pub struct Merger {
    acc: Option<Running>,
    max_evidence: Option<usize>,
}

#[derive(Debug)]
struct Running {
    attrs: GraphAttrs,
    nodes: BTreeMap<String, ActorInfo>,
    /// Per edge: its data (articles empty) and the numbers of its articles
    /// in `ids`, ascending.
    edges: BTreeMap<EdgeKey, (EdgeData, Ascending)>,
    ids: Interner,
    /// The id table of the part being added and, per entry, its number in
    /// `ids`: the edges of a graph share one table, so each of its ids is
    /// looked up once, not once per edge that names it.
    numbered: Option<Numbered>,
}

impl Merger {
    pub fn new() -> Merger {
        Merger::default()
    }

    /// Keeps at most `n` pieces of evidence per edge, the first in evidence
    /// order: the same ones as capping the result once at the end, since the
    /// first `n` of a union are among the first `n` of each side.
    pub fn max_evidence(mut self, n: usize) -> Merger {
        self.max_evidence = Some(n.max(1));
        self
    }

    /// Folds `g` into the result. The first part is taken as it is; each
    /// later one must have the same level and relation filter, and the
    /// result then has this build's version, the united inputs, the summed
    /// counts and the larger `min_weight`, applied to the edges (and the
    /// nodes left without edges dropped).
    pub fn add(&mut self, g: ActorGraph) -> Result<(), GraphError> {
        let ActorGraph { graph, attrs } = g;
        let (nodes, edges) = graph.into_nodes_edges();
        let nodes: Vec<ActorInfo> = nodes.into_iter().map(|n| n.weight).collect();
        let edges = edges.into_iter().map(|e| {
            let (s, t) = (e.source().index(), e.target().index());
            (
                (nodes[s].id.clone(), nodes[t].id.clone(), e.weight.relation),
                e.weight,
            )
        });
        let cap = self.max_evidence;
        let first = self.acc.is_none();
        if let Some(run) = &mut self.acc {
            if run.attrs.level != attrs.level {
                return Err(GraphError::Incompatible(format!(
                    "levels differ ({} and {})",
                    run.attrs.level, attrs.level
                )));
            }
            if run.attrs.relations != attrs.relations {
                return Err(GraphError::Incompatible(
                    "relation filters differ".to_string(),
                ));
            }
        }
        let edges: Vec<_> = edges.collect();
        let run = match &mut self.acc {
            Some(run) => {
                let a = &mut run.attrs;
                a.version = crate::version().to_string();
                a.inputs = union_sorted(&a.inputs, &attrs.inputs);
                a.mentions += attrs.mentions;
                a.self_loops_dropped += attrs.self_loops_dropped;
                a.min_weight = a.min_weight.max(attrs.min_weight);
                run
            }
            None => self.acc.insert(Running {
                attrs,
                nodes: BTreeMap::new(),
                edges: BTreeMap::new(),
                ids: Interner::default(),
                numbered: None,
            }),
        };
        for n in nodes {
            run.nodes.entry(n.id.clone()).or_insert(n);
        }
        for (key, mut e) in edges {
            let idx = run.intern(&e.articles);
            e.articles = Articles::default();
            match run.edges.entry(key) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    cap_evidence(&mut e.evidence, cap);
                    v.insert((e, idx));
                }
                std::collections::btree_map::Entry::Occupied(mut o) => {
                    let (have, have_idx) = o.get_mut();
                    have.weight = have.weight.saturating_add(e.weight);
                    have.outlets = union_sorted(&have.outlets, &e.outlets);
                    have.first_date = min_opt(have.first_date.take(), e.first_date);
                    have.last_date = max_opt(have.last_date.take(), e.last_date);
                    have.evidence.append(&mut e.evidence);
                    cap_evidence(&mut have.evidence, cap);
                    *have_idx = unite(have_idx, idx);
                }
            }
        }
        run.numbered = None;
        if first {
            return Ok(());
        }
        let min = run.attrs.min_weight;
        run.edges.retain(|_, (e, _)| e.weight >= min);
        let used: std::collections::BTreeSet<String> = run
            .edges
            .keys()
            .flat_map(|(s, t, _)| [s.clone(), t.clone()])
            .collect();
        run.nodes.retain(|id, _| used.contains(id));
        Ok(())
    }

    /// The result (`None` when nothing was added).
    pub fn finish(self) -> Option<ActorGraph> {
        let Running {
            attrs,
            nodes,
            edges,
            ids,
            numbered: _,
        } = self.acc?;
        let (table, remap) = ids.into_table();
        let edges: BTreeMap<EdgeKey, EdgeData> = edges
            .into_iter()
            .map(|(k, (mut e, idx))| {
                e.articles = Articles::over(
                    table.clone(),
                    idx.iter().map(|i| remap[i as usize]).collect(),
                );
                sort_evidence(&mut e.evidence);
                (k, e)
            })
            .collect();
        debug_assert!(endpoints(&edges)
            .into_iter()
            .all(|id| nodes.contains_key(id)));
        Some(assemble(attrs, nodes, edges))
    }
}

impl Running {
    /// The numbers of `articles`' ids (new ids numbered as they come),
    /// ascending.
    fn intern(&mut self, articles: &Articles) -> Ascending {
        let table = articles.table();
        if !matches!(&self.numbered, Some((t, _)) if Arc::ptr_eq(t, table)) {
            let numbers = table.iter().map(|id| self.ids.shared_id(id)).collect();
            self.numbered = Some((table.clone(), numbers));
        }
        let numbers = &self.numbered.as_ref().expect("numbered just above").1;
        let mut idx: Vec<u32> = articles.indices().map(|i| numbers[i as usize]).collect();
        idx.sort_unstable();
        Ascending::from_ascending(idx)
    }
}

/// Two ascending index lists united; appended when `b` comes wholly after
/// `a` (disjoint shards: the next part's articles are new ids).
fn unite(a: &mut Ascending, b: Ascending) -> Ascending {
    let first = b.iter().next();
    match (a.last(), first) {
        (_, None) => std::mem::take(a),
        (Some(last), Some(first)) if first > last => {
            let mut out = std::mem::take(a);
            for v in b.iter() {
                out.push(v);
            }
            out
        }
        (None, Some(_)) => b,
        _ => Ascending::from_ascending(merge_sorted(a.iter(), b.iter(), |x| x)),
    }
}

/// Sorts `evidence` and cuts it to `cap` pieces.
fn cap_evidence(evidence: &mut Vec<super::Evidence>, cap: Option<usize>) {
    if let Some(n) = cap {
        sort_evidence(evidence);
        evidence.truncate(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{build, GraphOptions, Level};
    use crate::model::{ActorCatalog, RelationMention};

    struct Generic;
    impl ActorCatalog for Generic {}

    fn m(doc: &str, s: &str, r: Relation, t: &str, sent: &str) -> RelationMention {
        RelationMention {
            doc: doc.to_string(),
            outlet: format!("outlet-{}", &doc[..1]),
            date: Some(format!("2024-0{}-01", 1 + doc.len() % 9)),
            source: s.to_string(),
            relation: r,
            target: t.to_string(),
            cue: "cue".to_string(),
            rule: "rule".to_string(),
            sentence: sent.to_string(),
            span: [0, sent.len()],
            confidence: 1.0,
        }
    }

    /// Invented mentions over several articles, some edges in every part.
    fn mentions() -> Vec<RelationMention> {
        use Relation::*;
        let mut v = Vec::new();
        for (i, doc) in ["a1", "a2", "b1", "b2", "c1", "c2", "c3"]
            .iter()
            .enumerate()
        {
            v.push(m(doc, "uk.gov", Accuse, "china", &format!("Claim {i}.")));
            v.push(m(
                doc,
                "china.mfa",
                Rebut,
                "uk.gov",
                &format!("Denial {i}."),
            ));
            if i % 2 == 0 {
                v.push(m(
                    doc,
                    "us.gov",
                    Support,
                    "uk.gov",
                    &format!("Backing {i}."),
                ));
            }
            if i % 3 == 0 {
                v.push(m(
                    doc,
                    "china.embassy.uk",
                    Demand,
                    "uk.gov",
                    &format!("Ask {i}."),
                ));
            }
        }
        v
    }

    fn parts(all: &[RelationMention], cuts: &[usize], opts: &GraphOptions) -> Vec<ActorGraph> {
        let mut out = Vec::new();
        let mut from = 0;
        for (k, &to) in cuts.iter().chain([all.len()].iter()).enumerate() {
            out.push(build(&all[from..to], &Generic, opts).with_inputs([format!("part-{k}")]));
            from = to;
        }
        out
    }

    #[test]
    fn folding_parts_equals_pairwise_merges_and_the_whole() {
        let all = mentions();
        for level in [Level::Actor, Level::Country] {
            let opts = GraphOptions {
                level,
                ..GraphOptions::default()
            };
            for cuts in [
                vec![],
                vec![3],
                vec![2, 9],
                vec![0, 5, 5, 14],
                vec![1, 4, 8, 12],
            ] {
                let ps = parts(&all, &cuts, &opts);
                let mut pairwise = ps[0].clone();
                for p in &ps[1..] {
                    pairwise = pairwise.merge(p).unwrap();
                }
                let mut folder = Merger::new();
                for p in ps.iter().cloned() {
                    folder.add(p).unwrap();
                }
                let folded = folder.finish().unwrap();
                assert_eq!(folded, pairwise, "{cuts:?} at {level}");
                if !cuts.is_empty() {
                    let inputs: Vec<String> =
                        (0..=cuts.len()).map(|k| format!("part-{k}")).collect();
                    let whole = build(&all, &Generic, &opts).with_inputs(inputs);
                    assert_eq!(folded, whole, "{cuts:?} at {level}");
                }
            }
        }
    }

    #[test]
    fn overlapping_parts_unite_their_articles() {
        let all = mentions();
        let opts = GraphOptions::default();
        // The same articles twice, and a part that repeats some of the first.
        let ps = [
            build(&all[..10], &Generic, &opts),
            build(&all[4..], &Generic, &opts),
            build(&all[..10], &Generic, &opts),
        ];
        let mut folder = Merger::new();
        for p in ps.iter().cloned() {
            folder.add(p).unwrap();
        }
        let folded = folder.finish().unwrap();
        assert_eq!(folded, ps[0].merge(&ps[1]).unwrap().merge(&ps[2]).unwrap());
        let e = folded
            .find_edge("uk.gov", "china", Relation::Accuse)
            .unwrap();
        let arts: Vec<&str> = folded.graph[e].articles.iter().collect();
        assert_eq!(arts, ["a1", "a2", "b1", "b2", "c1", "c2", "c3"]);
        // Four accusations in the first ten mentions, six from the fifth on.
        assert_eq!(folded.graph[e].weight, 4 + 6 + 4);
        // Stored once for all edges: one table, shared.
        let lists: Vec<&Articles> = folded.edges().map(|(_, _, e)| &e.articles).collect();
        assert!(lists.len() > 2);
        assert!(lists.windows(2).all(|w| w[0].shares_table(w[1])));
    }

    #[test]
    fn a_larger_min_weight_drops_edges_and_their_nodes_as_pairwise_merges_do() {
        let all = mentions();
        let loose = build(&all[..9], &Generic, &GraphOptions::default());
        let strict = build(
            &all[9..],
            &Generic,
            &GraphOptions {
                min_weight: 3,
                ..GraphOptions::default()
            },
        );
        let mut folder = Merger::new();
        folder.add(loose.clone()).unwrap();
        folder.add(strict.clone()).unwrap();
        let folded = folder.finish().unwrap();
        assert_eq!(folded, loose.merge(&strict).unwrap());
        assert_eq!(folded.attrs.min_weight, 3);
        assert!(folded.edges().all(|(_, _, e)| e.weight >= 3));
        // Edges under the threshold are gone, and so are the actors only
        // they named (us.gov supports uk.gov twice in each part: the strict
        // part drops the edge, and two mentions stay under three).
        assert!(folded.edge_count() > 0);
        assert!(folded
            .find_edge("us.gov", "uk.gov", Relation::Support)
            .is_none());
        assert!(folded.node_index("us.gov").is_none());
        let used: std::collections::BTreeSet<&str> = folded
            .edges()
            .flat_map(|(s, t, _)| [s.id.as_str(), t.id.as_str()])
            .collect();
        assert!(folded.nodes().all(|n| used.contains(n.id.as_str())));
    }

    #[test]
    fn capped_evidence_is_the_first_of_all() {
        let all = mentions();
        let opts = GraphOptions::default();
        let ps = parts(&all, &[4, 8, 12], &opts);
        let mut capped = Merger::new().max_evidence(2);
        let mut full = Merger::new();
        for p in ps {
            capped.add(p.clone()).unwrap();
            full.add(p).unwrap();
        }
        let mut want = full.finish().unwrap();
        want.cap_evidence(2);
        let got = capped.finish().unwrap();
        assert_eq!(got, want);
        assert!(got
            .edges()
            .any(|(_, _, e)| e.weight > 2 && e.evidence.len() == 2));
    }

    #[test]
    fn index_lists_are_appended_or_merged() {
        let asc = |v: &[u32]| Ascending::from_ascending(v.iter().copied());
        let values = |a: Ascending| a.iter().collect::<Vec<u32>>();
        let cases: [(&[u32], &[u32], &[u32]); 5] = [
            (&[1, 5, 9], &[10, 300], &[1, 5, 9, 10, 300]),
            (&[1, 5, 9], &[0, 5, 7, 200], &[0, 1, 5, 7, 9, 200]),
            (&[1, 5, 9], &[9], &[1, 5, 9]),
            (&[], &[3], &[3]),
            (&[2], &[], &[2]),
        ];
        for (a, b, want) in cases {
            let got = unite(&mut asc(a), asc(b));
            assert_eq!(got.len(), want.len(), "{a:?} + {b:?}");
            assert_eq!(values(got), want, "{a:?} + {b:?}");
        }
    }

    #[test]
    fn mismatched_parts_are_refused() {
        let all = mentions();
        let mut folder = Merger::new();
        folder
            .add(build(&all, &Generic, &GraphOptions::default()))
            .unwrap();
        let country = GraphOptions {
            level: Level::Country,
            ..GraphOptions::default()
        };
        assert!(folder.add(build(&all, &Generic, &country)).is_err());
        assert!(Merger::new().finish().is_none());
    }
}
