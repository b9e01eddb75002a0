//! Evaluation against a gold set, as the annotation guidelines score it.
//!
//! Per document, predicted and gold ids are mapped to the scored shapes
//! (actor level: `X`, `X.mfa`, `X.embassy.Y`, `X.mission.Y` and the named
//! agencies; any other id is cut back to the longest such prefix) or to the
//! first segment (country level), duplicates dropped, then: TP = predicted ∩
//! required, FP = predicted − required − optional, FN = required − predicted.
//! An edge optional at the actor level whose country-level form equals a
//! required one is required at the country level. Micro-averaged.
//!
//! [`Evaluator`] scores a run one document at a time, keeping only each
//! document's distinct scored triples, so `eval` streams like the other
//! reading commands; [`evaluate`] is the same over slices.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::{country_of, Relation, RelationMention, StanceLabel, StanceRecord};

/// Agencies scored at the actor level besides the generic shapes.
pub const SCORED_AGENCIES: &[&str] = &["us.doj", "us.cia", "us.nsa", "china.mss"];

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldEdge {
    pub doc: String,
    pub source: String,
    pub relation: Relation,
    pub target: String,
    #[serde(default)]
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldStance {
    pub doc: String,
    pub actor: String,
    pub stance: StanceLabel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Actor,
    Country,
}

/// The id as the given level scores it.
pub fn scored_id(id: &str, level: Level) -> String {
    match level {
        Level::Country => country_of(id).to_string(),
        Level::Actor => {
            let segs: Vec<&str> = id.split('.').collect();
            for n in (1..=segs.len()).rev() {
                let pre = segs[..n].join(".");
                let shape_ok = n == 1
                    || (n == 2 && segs[1] == "mfa")
                    || (n == 3 && matches!(segs[1], "embassy" | "mission"))
                    || SCORED_AGENCIES.contains(&pre.as_str());
                if shape_ok {
                    return pre;
                }
            }
            segs[0].to_string()
        }
    }
}

/// A scored relation; ids are shared, so a large run's report holds each
/// id once.
pub type Triple = (Arc<str>, Relation, Arc<str>);

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn finish(&mut self) {
        let p = self.tp + self.fp;
        let r = self.tp + self.fn_;
        self.precision = if p == 0 {
            1.0
        } else {
            self.tp as f64 / p as f64
        };
        self.recall = if r == 0 {
            1.0
        } else {
            self.tp as f64 / r as f64
        };
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DocErrors {
    pub doc: String,
    pub false_positives: Vec<Triple>,
    pub false_negatives: Vec<Triple>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelReport {
    pub level: Level,
    pub score: Score,
    pub docs: Vec<DocErrors>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StanceCheck {
    pub doc: String,
    pub actor: String,
    pub expected: StanceLabel,
    pub predicted: Option<StanceLabel>,
    pub ok: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub documents: usize,
    /// Per level, the errors of the first documents in id order (at most
    /// the evaluator's `max_listed`); the scores count every document.
    pub levels: Vec<LevelReport>,
    /// Documents scored whose errors are not listed.
    pub unlisted_docs: usize,
    pub stance: Vec<StanceCheck>,
    /// Documents with no gold edge at all (distractors): each with the
    /// number of distinct country-level edges predicted in it (at most
    /// `max_listed` of them, the first in id order).
    pub distractors: Vec<(String, usize)>,
    /// Distractors not listed.
    pub distractors_unlisted: usize,
    /// Distractors with at least one predicted edge, listed or not.
    pub loud_distractors: usize,
    /// Country-level precision of each rule id's edges.
    pub rules: Vec<RuleScore>,
}

impl EvalReport {
    pub fn level(&self, l: Level) -> &Score {
        &self
            .levels
            .iter()
            .find(|r| r.level == l)
            .expect("both levels are scored")
            .score
    }
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?,
        );
    }
    Ok(out)
}

pub fn load_gold(path: &Path) -> Result<Vec<GoldEdge>, String> {
    read_jsonl(path)
}

pub fn load_gold_stance(path: &Path) -> Result<Vec<GoldStance>, String> {
    read_jsonl(path)
}

/// Scores predictions on the documents in `docs` (gold for other
/// documents is ignored, so a subset can be scored): [`Evaluator`] over
/// slices.
pub fn evaluate(
    gold: &[GoldEdge],
    predicted: &[RelationMention],
    docs: &BTreeSet<String>,
    gold_stance: &[GoldStance],
    stances: &[StanceRecord],
) -> EvalReport {
    let mut relations: BTreeMap<&str, (Vec<&RelationMention>, Vec<&StanceRecord>)> = docs
        .iter()
        .map(|d| (d.as_str(), Default::default()))
        .collect();
    for m in predicted {
        if let Some(d) = relations.get_mut(m.doc.as_str()) {
            d.0.push(m);
        }
    }
    for s in stances {
        if let Some(d) = relations.get_mut(s.doc.as_str()) {
            d.1.push(s);
        }
    }
    let mut e = Evaluator::new(gold, gold_stance);
    for (doc, (ms, ss)) in relations {
        e.add(doc, ms, ss);
    }
    e.finish()
}

/// The two scored levels, in report order.
const LEVELS: [Level; 2] = [Level::Country, Level::Actor];

/// A scored triple inside the evaluator: both ends as indices into its
/// table of scored ids (12 bytes instead of two shared strings).
type Key = (u32, Relation, u32);

/// What is kept of one document until the report: its distinct predicted
/// triples at each of [`LEVELS`], and the distinct (rule, country-level
/// triple) pairs its mentions came from; all sorted.
#[derive(Default)]
struct DocState {
    sets: [Vec<Key>; 2],
    rules: Vec<(u32, Key)>,
}

/// Documents listed in a report by default: enough for any hand-made gold
/// set, bounded for a corpus of millions (the scores count every document).
pub const DEFAULT_MAX_LISTED: usize = 1000;

/// Scores a corpus one document at a time, so a run never holds its
/// mentions: per document only the distinct scored triples are kept (as
/// indices into one table of ids) and the predicted stances the gold asks
/// about; the report is made at the end, documents in id order, listing
/// the errors of at most [`Evaluator::max_listed`] documents.
pub struct Evaluator<'g> {
    /// Gold edges by document.
    gold: BTreeMap<&'g str, Vec<&'g GoldEdge>>,
    gold_stance: &'g [GoldStance],
    /// Per document, the indices of its gold stances.
    asked: BTreeMap<&'g str, Vec<usize>>,
    predicted: BTreeMap<Box<str>, DocState>,
    /// Per gold stance, the last stance predicted for its actor in its
    /// document.
    stances: Vec<Option<StanceLabel>>,
    /// An id as each of [`LEVELS`] scores it, made once per id.
    scored: std::collections::HashMap<String, [u32; 2]>,
    /// The scored ids, by index, and their indices.
    names: Vec<Arc<str>>,
    name_index: std::collections::HashMap<Arc<str>, u32>,
    /// Rule ids, by index, and their indices.
    rules: Vec<String>,
    rule_index: std::collections::HashMap<String, u32>,
    max_listed: usize,
}

/// How often one rule's edges are right, at the country level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleScore {
    pub rule: String,
    /// Distinct (document, edge) pairs the rule gave.
    pub edges: usize,
    /// Of those, the ones the gold has (required or optional).
    pub correct: usize,
    pub precision: f64,
}

impl<'g> Evaluator<'g> {
    pub fn new(gold: &'g [GoldEdge], gold_stance: &'g [GoldStance]) -> Evaluator<'g> {
        let mut by_doc: BTreeMap<&str, Vec<&GoldEdge>> = BTreeMap::new();
        for g in gold {
            by_doc.entry(g.doc.as_str()).or_default().push(g);
        }
        let mut asked: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, g) in gold_stance.iter().enumerate() {
            asked.entry(g.doc.as_str()).or_default().push(i);
        }
        Evaluator {
            gold: by_doc,
            gold_stance,
            asked,
            predicted: BTreeMap::new(),
            stances: vec![None; gold_stance.len()],
            scored: Default::default(),
            names: Vec::new(),
            name_index: Default::default(),
            rules: Vec::new(),
            rule_index: Default::default(),
            max_listed: DEFAULT_MAX_LISTED,
        }
    }

    /// Lists the errors of at most `n` documents (the first in id order)
    /// and at most `n` distractors; the scores count every document.
    pub fn max_listed(mut self, n: usize) -> Evaluator<'g> {
        self.max_listed = n;
        self
    }

    /// `id` as each of [`LEVELS`] scores it, as indices into `names`.
    fn scored(&mut self, id: &str) -> [u32; 2] {
        if let Some(s) = self.scored.get(id) {
            return *s;
        }
        let s = LEVELS.map(|level| {
            let name: Arc<str> = Arc::from(scored_id(id, level));
            match self.name_index.get(&name) {
                Some(&i) => i,
                None => {
                    let i = self.names.len() as u32;
                    self.names.push(name.clone());
                    self.name_index.insert(name, i);
                    i
                }
            }
        });
        self.scored.insert(id.to_string(), s);
        s
    }

    fn rule(&mut self, rule: &str) -> u32 {
        if let Some(&i) = self.rule_index.get(rule) {
            return i;
        }
        let i = self.rules.len() as u32;
        self.rules.push(rule.to_string());
        self.rule_index.insert(rule.to_string(), i);
        i
    }

    /// Adds document `doc` (scored even when nothing is predicted in it)
    /// with the relations and stances predicted in it; a document added
    /// twice is scored once, on everything predicted in it.
    pub fn add<'a>(
        &mut self,
        doc: &str,
        relations: impl IntoIterator<Item = &'a RelationMention>,
        stances: impl IntoIterator<Item = &'a StanceRecord>,
    ) {
        let mut found: [Vec<Key>; 2] = Default::default();
        let mut rules: Vec<(u32, Key)> = Vec::new();
        for m in relations {
            let (s, t) = (self.scored(&m.source), self.scored(&m.target));
            let rule = self.rule(&m.rule);
            rules.push((rule, (s[0], m.relation, t[0])));
            for i in 0..2 {
                found[i].push((s[i], m.relation, t[i]));
            }
        }
        let state = match self.predicted.get_mut(doc) {
            Some(state) => state,
            None => self.predicted.entry(doc.into()).or_default(),
        };
        for (set, new) in state.sets.iter_mut().zip(found) {
            add_sorted(set, new);
        }
        add_sorted(&mut state.rules, rules);
        let asked = self.asked.get(doc).map_or(&[][..], Vec::as_slice);
        for s in stances {
            for &i in asked {
                if self.gold_stance[i].actor == s.actor {
                    self.stances[i] = Some(s.stance);
                }
            }
        }
    }

    /// The report over every document added.
    pub fn finish(mut self) -> EvalReport {
        let mut scores: [Score; 2] = Default::default();
        let mut per_doc: [Vec<DocErrors>; 2] = Default::default();
        let documents = self.predicted.len();
        let stance = self
            .gold_stance
            .iter()
            .zip(&self.stances)
            .filter(|(g, _)| self.predicted.contains_key(g.doc.as_str()))
            .map(|(g, &predicted)| StanceCheck {
                doc: g.doc.clone(),
                actor: g.actor.clone(),
                expected: g.stance,
                predicted,
                ok: predicted == Some(g.stance)
                    || (g.stance == StanceLabel::Neutral && predicted.is_none()),
            })
            .collect();
        // Document by document, each one's triples moved into its errors.
        let predicted = std::mem::take(&mut self.predicted);
        let mut distractors = Vec::new();
        let (mut distractors_unlisted, mut loud_distractors) = (0, 0);
        let mut unlisted_docs = 0;
        let mut rule_counts = vec![(0usize, 0usize); self.rules.len()];
        let names = std::mem::take(&mut self.names);
        let triple = |k: &Key| {
            (
                names[k.0 as usize].clone(),
                k.1,
                names[k.2 as usize].clone(),
            )
        };
        for (doc, state) in predicted {
            let gold_edges = self.gold.get(&*doc);
            if gold_edges.is_none() {
                let n = state.sets[0].len(); // LEVELS[0] is Country
                loud_distractors += (n > 0) as usize;
                if distractors.len() < self.max_listed {
                    distractors.push((doc.to_string(), n));
                } else {
                    distractors_unlisted += 1;
                }
            }
            // The document's gold at each level: required, and optional.
            let mut gold: [[BTreeSet<Triple>; 2]; 2] = Default::default();
            for g in gold_edges.into_iter().flatten() {
                for (i, level) in LEVELS.into_iter().enumerate() {
                    let (s, t) = (scored_id(&g.source, level), scored_id(&g.target, level));
                    gold[i][g.optional as usize].insert((s.into(), g.relation, t.into()));
                }
            }
            // Each rule's edges against the country-level gold (required or optional).
            for (rule, k) in &state.rules {
                let key = triple(k);
                let hit = gold[0].iter().any(|set| set.contains(&key));
                let c = &mut rule_counts[*rule as usize];
                c.0 += 1;
                c.1 += hit as usize;
            }
            let listed = per_doc[0].len() < self.max_listed;
            unlisted_docs += !listed as usize;
            for (i, (keys, [required, optional])) in state.sets.into_iter().zip(gold).enumerate() {
                let mut pred: Vec<Triple> = keys.iter().map(triple).collect();
                pred.sort_unstable();
                let fns: Vec<Triple> = required
                    .iter()
                    .filter(|t| pred.binary_search(t).is_err())
                    .cloned()
                    .collect();
                let fps: Vec<Triple> = pred
                    .into_iter()
                    .filter(|t| !required.contains(t) && !optional.contains(t))
                    .collect();
                // TP = predicted ∩ required = required − FN.
                scores[i].tp += required.len() - fns.len();
                scores[i].fp += fps.len();
                scores[i].fn_ += fns.len();
                if listed {
                    per_doc[i].push(DocErrors {
                        doc: doc.to_string(),
                        false_positives: fps,
                        false_negatives: fns,
                    });
                }
            }
        }
        let mut rules: Vec<RuleScore> = self
            .rules
            .into_iter()
            .zip(rule_counts)
            .map(|(rule, (n, correct))| RuleScore {
                rule,
                edges: n,
                correct,
                precision: if n == 0 {
                    0.0
                } else {
                    correct as f64 / n as f64
                },
            })
            .collect();
        rules.sort_by(|a, b| a.rule.cmp(&b.rule));
        let levels = LEVELS
            .into_iter()
            .zip(scores)
            .zip(per_doc)
            .map(|((level, mut score), docs)| {
                score.finish();
                LevelReport { level, score, docs }
            })
            .collect();
        EvalReport {
            documents,
            levels,
            unlisted_docs,
            stance,
            distractors,
            distractors_unlisted,
            loud_distractors,
            rules,
        }
    }
}

/// Adds `new` (unsorted, maybe repeating) to the sorted, duplicate-free
/// `set`: a document added again costs what is new, not what was kept.
fn add_sorted<T: Ord>(set: &mut Vec<T>, mut new: Vec<T>) {
    new.sort_unstable();
    new.dedup();
    if set.is_empty() {
        *set = new;
    } else {
        *set = merge_sorted(std::mem::take(set), new);
    }
    set.shrink_to_fit();
}

/// The union of two sorted, duplicate-free vectors, sorted and
/// duplicate-free.
fn merge_sorted<T: Ord>(a: Vec<T>, b: Vec<T>) -> Vec<T> {
    crate::graph::merge_sorted(a.into_iter(), b.into_iter(), |x| x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scored_shapes() {
        assert_eq!(
            scored_id("china.mfa.spokesperson", Level::Actor),
            "china.mfa"
        );
        assert_eq!(scored_id("us.secretary_of_state", Level::Actor), "us");
        assert_eq!(
            scored_id("china.embassy.uk", Level::Actor),
            "china.embassy.uk"
        );
        assert_eq!(scored_id("china.embassy.uk", Level::Country), "china");
        assert_eq!(scored_id("us.nsa", Level::Actor), "us.nsa");
        assert_eq!(scored_id("us.fbi", Level::Actor), "us");
    }

    fn m(doc: &str, s: &str, r: Relation, t: &str) -> RelationMention {
        RelationMention {
            doc: doc.into(),
            outlet: "x".into(),
            date: None,
            source: s.into(),
            relation: r,
            target: t.into(),
            cue: String::new(),
            rule: String::new(),
            sentence: String::new(),
            span: [0, 0],
            confidence: 1.0,
        }
    }

    #[test]
    fn optional_required_and_micro_average() {
        let gold = vec![
            GoldEdge {
                doc: "a".into(),
                source: "us".into(),
                relation: Relation::Accuse,
                target: "china".into(),
                optional: false,
            },
            GoldEdge {
                doc: "a".into(),
                source: "china.embassy.us".into(),
                relation: Relation::Rebut,
                target: "us".into(),
                optional: true,
            },
            GoldEdge {
                doc: "a".into(),
                source: "china".into(),
                relation: Relation::Rebut,
                target: "us".into(),
                optional: false,
            },
        ];
        let pred = vec![
            m("a", "us", Relation::Accuse, "china"),
            m("a", "china.embassy.us", Relation::Rebut, "us"),
            m("a", "uk", Relation::Accuse, "china"),
        ];
        let docs: BTreeSet<String> = ["a".to_string()].into();
        let r = evaluate(&gold, &pred, &docs, &[], &[]);
        let c = r.level(Level::Country);
        // country: pred {us>china, china>us rebut, uk>china}; required {us>china, china>us}
        assert_eq!((c.tp, c.fp, c.fn_), (2, 1, 0));
        let a = r.level(Level::Actor);
        // actor: embassy rebut is optional (no FP); china rebut us missed
        assert_eq!((a.tp, a.fp, a.fn_), (1, 1, 1));
    }

    fn st(doc: &str, actor: &str, stance: StanceLabel) -> StanceRecord {
        StanceRecord {
            doc: doc.into(),
            outlet: "x".into(),
            date: None,
            actor: actor.into(),
            stance,
            score: 0.0,
            cues: Vec::new(),
        }
    }

    #[test]
    fn scoring_one_document_at_a_time_gives_the_report_of_the_slices() {
        let g = |doc: &str, s: &str, r: Relation, t: &str, optional: bool| GoldEdge {
            doc: doc.into(),
            source: s.into(),
            relation: r,
            target: t.into(),
            optional,
        };
        let gold = vec![
            g("b", "us", Relation::Accuse, "china", false),
            g("a", "uk.ncsc", Relation::Accuse, "china.mss", false),
            g("a", "china", Relation::Rebut, "uk", true),
            g("z", "eu", Relation::Demand, "russia", false),
        ];
        let gold_stance = vec![
            GoldStance {
                doc: "a".into(),
                actor: "china".into(),
                stance: StanceLabel::Positive,
            },
            GoldStance {
                doc: "c".into(),
                actor: "us".into(),
                stance: StanceLabel::Neutral,
            },
            GoldStance {
                doc: "z".into(),
                actor: "eu".into(),
                stance: StanceLabel::Negative,
            },
        ];
        let pred = vec![
            m("b", "us.doj", Relation::Accuse, "china"),
            m("a", "uk.ncsc", Relation::Accuse, "china.mss"),
            m("a", "china.mfa", Relation::Rebut, "uk"),
            m("c", "nato", Relation::Support, "us"),
        ];
        let stances = vec![
            st("a", "china", StanceLabel::Negative),
            st("a", "china", StanceLabel::Positive),
            st("a", "uk", StanceLabel::Negative),
        ];
        // "z" is never read: its gold is not scored.
        let docs: BTreeSet<String> = ["a", "b", "c"].iter().map(|d| d.to_string()).collect();
        let whole = evaluate(&gold, &pred, &docs, &gold_stance, &stances);

        // Arriving in another order, "a" in two parts, "c" with nothing.
        let mut e = Evaluator::new(&gold, &gold_stance);
        e.add("c", [&pred[3]], []);
        e.add("a", [&pred[2]], [&stances[0]]);
        e.add("b", [&pred[0]], []);
        e.add("a", [&pred[1]], [&stances[1], &stances[2]]);
        let streamed = e.finish();
        assert_eq!(streamed, whole);

        // The figures below are counted by hand, and checked on both
        // reports.
        for whole in [&whole, &streamed] {
            check_slices_report(whole);
        }
    }

    fn check_slices_report(whole: &EvalReport) {
        assert_eq!(whole.documents, 3);
        let c = whole.level(Level::Country);
        // a: uk>china TP, china>uk rebut optional; b: TP; c: nato>us FP.
        assert_eq!((c.tp, c.fp, c.fn_), (2, 1, 0));
        let a = whole.level(Level::Actor);
        // a: uk.ncsc scores as uk on both sides, TP; china.mfa is not the
        // optional china: FP. b: us.doj is not us: FP and FN. c: FP.
        assert_eq!((a.tp, a.fp, a.fn_), (1, 3, 1));
        let docs_in_order: Vec<&str> = whole.levels[0]
            .docs
            .iter()
            .map(|d| d.doc.as_str())
            .collect();
        assert_eq!(docs_in_order, ["a", "b", "c"]);
        let checks: Vec<(&str, Option<StanceLabel>, bool)> = whole
            .stance
            .iter()
            .map(|s| (s.doc.as_str(), s.predicted, s.ok))
            .collect();
        // The last stance predicted for an actor counts; "c" judges no one,
        // which a neutral gold accepts; "z" was not read.
        assert_eq!(
            checks,
            [("a", Some(StanceLabel::Positive), true), ("c", None, true)]
        );
    }

    #[test]
    fn merging_sorted_sets() {
        assert_eq!(merge_sorted(vec![1, 3, 5], vec![2, 3, 6]), [1, 2, 3, 5, 6]);
        assert_eq!(merge_sorted(vec![], vec![2]), [2]);
        assert_eq!(merge_sorted(vec![4], vec![]), [4]);
        assert_eq!(merge_sorted(vec![1, 2], vec![1, 2]), [1, 2]);
        assert_eq!(merge_sorted::<u8>(vec![], vec![]), Vec::<u8>::new());
    }

    #[test]
    fn a_document_added_in_parts_is_scored_on_all_of_them() {
        let gold = vec![GoldEdge {
            doc: "a".into(),
            source: "us".into(),
            relation: Relation::Accuse,
            target: "china".into(),
            optional: false,
        }];
        let p = [
            m("a", "uk", Relation::Accuse, "china"),
            m("a", "us", Relation::Accuse, "china"),
            m("a", "uk", Relation::Accuse, "china"),
            m("a", "eu", Relation::Demand, "china"),
        ];
        let mut e = Evaluator::new(&gold, &[]);
        e.add("a", [&p[0]], []);
        e.add("a", [&p[1], &p[2]], []);
        e.add("a", [], []);
        e.add("a", [&p[3], &p[0]], []);
        let r = e.finish();
        assert_eq!(r.documents, 1);
        let c = r.level(Level::Country);
        // us>china TP; uk>china (three times) and eu>china FPs, once each.
        assert_eq!((c.tp, c.fp, c.fn_), (1, 2, 0));
        let fps: Vec<String> = r.levels[0].docs[0]
            .false_positives
            .iter()
            .map(|(s, rel, t)| format!("{s} {rel:?} {t}"))
            .collect();
        assert_eq!(fps, ["eu Demand china", "uk Accuse china"]);
    }

    #[test]
    fn a_capped_report_lists_the_first_documents_and_counts_all() {
        let gold = vec![GoldEdge {
            doc: "d0".into(),
            source: "latvia".into(),
            relation: Relation::Accuse,
            target: "russia".into(),
            optional: false,
        }];
        let m = |doc: &str, s: &str, t: &str| RelationMention {
            doc: doc.into(),
            outlet: "o".into(),
            date: None,
            source: s.into(),
            relation: Relation::Accuse,
            target: t.into(),
            cue: "accused".into(),
            rule: "en.svo".into(),
            sentence: "x".into(),
            span: [0, 1],
            confidence: 0.9,
        };
        let docs: Vec<String> = (0..10).map(|i| format!("d{i}")).collect();
        let run = |cap: usize| {
            let mut e = Evaluator::new(&gold, &[]).max_listed(cap);
            // Out of id order, one document twice.
            for d in docs.iter().rev() {
                e.add(d, [&m(d, "estonia", "russia")], []);
            }
            e.add("d0", [&m("d0", "latvia", "russia")], []);
            e.finish()
        };
        let all = run(usize::MAX);
        let capped = run(3);
        for r in [&all, &capped] {
            assert_eq!(r.documents, 10);
            let c = r.level(Level::Country);
            assert_eq!((c.tp, c.fp, c.fn_), (1, 10, 0));
            assert_eq!(r.loud_distractors, 9);
            assert_eq!(r.rules[0].edges, 11);
            assert_eq!(r.rules[0].correct, 1);
        }
        assert_eq!(all.levels[0].docs.len(), 10);
        assert_eq!(all.unlisted_docs, 0);
        let listed: Vec<&str> = capped.levels[0]
            .docs
            .iter()
            .map(|d| d.doc.as_str())
            .collect();
        assert_eq!(listed, ["d0", "d1", "d2"]);
        assert_eq!(capped.unlisted_docs, 7);
        assert_eq!(capped.distractors.len(), 3);
        assert_eq!(capped.distractors[0], ("d1".to_string(), 1));
        assert_eq!(capped.distractors_unlisted, 6);
        assert_eq!(capped.levels[0].docs[..3], all.levels[0].docs[..3]);
    }
}
