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
    pub levels: Vec<LevelReport>,
    pub stance: Vec<StanceCheck>,
    /// Documents with no gold edge at all (distractors): each with the
    /// number of distinct country-level edges predicted in it.
    pub distractors: Vec<(String, usize)>,
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

/// Scores a corpus one document at a time, so a run never holds its
/// mentions: per document only the distinct scored triples are kept (and
/// the predicted stances the gold asks about), and the report is made at
/// the end, documents in id order.
pub struct Evaluator<'g> {
    /// Gold edges by document.
    gold: BTreeMap<&'g str, Vec<&'g GoldEdge>>,
    gold_stance: &'g [GoldStance],
    /// Per document, the indices of its gold stances.
    asked: BTreeMap<&'g str, Vec<usize>>,
    /// Per document, the distinct predicted triples at each of [`LEVELS`],
    /// sorted.
    predicted: BTreeMap<String, [Vec<Triple>; 2]>,
    /// Per gold stance, the last stance predicted for its actor in its
    /// document.
    stances: Vec<Option<StanceLabel>>,
    /// An id as each of [`LEVELS`] scores it, made once per id.
    scored: std::collections::HashMap<String, [Arc<str>; 2]>,
    /// Per rule id, the distinct (document, country-level triple) it gave.
    by_rule: BTreeMap<String, BTreeSet<(String, Triple)>>,
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
            by_rule: BTreeMap::new(),
        }
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
        let mut found: [Vec<Triple>; 2] = Default::default();
        for m in relations {
            let (s, t) = (
                scored(&mut self.scored, &m.source),
                scored(&mut self.scored, &m.target),
            );
            self.by_rule
                .entry(m.rule.clone())
                .or_default()
                .insert((doc.to_string(), (s[0].clone(), m.relation, t[0].clone())));
            for (i, (s, t)) in s.into_iter().zip(t).enumerate() {
                found[i].push((s, m.relation, t));
            }
        }
        let sets = match self.predicted.get_mut(doc) {
            Some(sets) => sets,
            None => self.predicted.entry(doc.to_string()).or_default(),
        };
        for (set, mut new) in sets.iter_mut().zip(found) {
            new.sort_unstable();
            new.dedup();
            if set.is_empty() {
                *set = new;
            } else {
                // A document added again: merge the two sorted sets, so
                // adding costs what is new, not what was kept before.
                *set = merge_sorted(std::mem::take(set), new);
            }
            set.shrink_to_fit();
        }
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
            .filter(|(g, _)| self.predicted.contains_key(&g.doc))
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
        // Each rule's edges against the country-level gold (required or optional).
        let by_rule = std::mem::take(&mut self.by_rule);
        let mut rules = Vec::new();
        for (rule, edges) in by_rule {
            let mut correct = 0;
            for (doc, (s, r, t)) in &edges {
                let hit = self.gold.get(doc.as_str()).into_iter().flatten().any(|g| {
                    g.relation == *r
                        && scored_id(&g.source, Level::Country) == **s
                        && scored_id(&g.target, Level::Country) == **t
                });
                correct += hit as usize;
            }
            let n = edges.len();
            rules.push(RuleScore {
                rule,
                edges: n,
                correct,
                precision: if n == 0 {
                    0.0
                } else {
                    correct as f64 / n as f64
                },
            });
        }
        for (doc, sets) in predicted {
            if !self.gold.contains_key(doc.as_str()) {
                distractors.push((doc.clone(), sets[0].len())); // LEVELS[0] is Country
            }
            // The document's gold at each level: required, and optional.
            let mut gold: [[BTreeSet<Triple>; 2]; 2] = Default::default();
            for g in self.gold.get(doc.as_str()).into_iter().flatten() {
                let s = scored(&mut self.scored, &g.source);
                let t = scored(&mut self.scored, &g.target);
                for (i, (s, t)) in s.into_iter().zip(t).enumerate() {
                    gold[i][g.optional as usize].insert((s, g.relation, t));
                }
            }
            for (i, (pred, [required, optional])) in sets.into_iter().zip(gold).enumerate() {
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
                per_doc[i].push(DocErrors {
                    doc: doc.clone(),
                    false_positives: fps,
                    false_negatives: fns,
                });
            }
        }
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
            stance,
            distractors,
            rules,
        }
    }
}

/// The union of two sorted, duplicate-free vectors, sorted and
/// duplicate-free.
fn merge_sorted<T: Ord>(a: Vec<T>, b: Vec<T>) -> Vec<T> {
    crate::graph::merge_sorted(a.into_iter(), b.into_iter(), |x| x)
}

/// `id` as each of [`LEVELS`] scores it, made once per id in `cache`.
fn scored(cache: &mut std::collections::HashMap<String, [Arc<str>; 2]>, id: &str) -> [Arc<str>; 2] {
    if let Some(s) = cache.get(id) {
        return s.clone();
    }
    let s = LEVELS.map(|level| Arc::<str>::from(scored_id(id, level)));
    cache.insert(id.to_string(), s.clone());
    s
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
}
