//! Evaluation against a gold set, as the annotation guidelines score it.
//!
//! Per document, predicted and gold ids are mapped to the scored shapes
//! (actor level: `X`, `X.mfa`, `X.embassy.Y`, `X.mission.Y` and the named
//! agencies; any other id is cut back to the longest such prefix) or to the
//! first segment (country level), duplicates dropped, then: TP = predicted ∩
//! required, FP = predicted − required − optional, FN = required − predicted.
//! An edge optional at the actor level whose country-level form equals a
//! required one is required at the country level. Micro-averaged.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

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

pub type Triple = (String, Relation, String);

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
/// documents is ignored, so a subset can be scored).
pub fn evaluate(
    gold: &[GoldEdge],
    predicted: &[RelationMention],
    docs: &BTreeSet<String>,
    gold_stance: &[GoldStance],
    stances: &[StanceRecord],
) -> EvalReport {
    let mut levels = Vec::new();
    for level in [Level::Country, Level::Actor] {
        let mut score = Score::default();
        let mut per_doc = Vec::new();
        for doc in docs {
            let map = |s: &str, r: Relation, t: &str| (scored_id(s, level), r, scored_id(t, level));
            let pred: BTreeSet<Triple> = predicted
                .iter()
                .filter(|m| &m.doc == doc)
                .map(|m| map(&m.source, m.relation, &m.target))
                .collect();
            let mut required: BTreeSet<Triple> = BTreeSet::new();
            let mut optional: BTreeSet<Triple> = BTreeSet::new();
            for g in gold.iter().filter(|g| &g.doc == doc) {
                let t = map(&g.source, g.relation, &g.target);
                if g.optional {
                    optional.insert(t);
                } else {
                    required.insert(t);
                }
            }
            let optional: BTreeSet<Triple> = optional.difference(&required).cloned().collect();
            let tp = pred.intersection(&required).count();
            let fps: Vec<Triple> = pred
                .iter()
                .filter(|t| !required.contains(*t) && !optional.contains(*t))
                .cloned()
                .collect();
            let fns: Vec<Triple> = required
                .iter()
                .filter(|t| !pred.contains(*t))
                .cloned()
                .collect();
            score.tp += tp;
            score.fp += fps.len();
            score.fn_ += fns.len();
            per_doc.push(DocErrors {
                doc: doc.clone(),
                false_positives: fps,
                false_negatives: fns,
            });
        }
        score.finish();
        levels.push(LevelReport {
            level,
            score,
            docs: per_doc,
        });
    }
    let mut by: BTreeMap<(&str, &str), StanceLabel> = BTreeMap::new();
    for s in stances {
        by.insert((s.doc.as_str(), s.actor.as_str()), s.stance);
    }
    let stance = gold_stance
        .iter()
        .filter(|g| docs.contains(&g.doc))
        .map(|g| {
            let predicted = by.get(&(g.doc.as_str(), g.actor.as_str())).copied();
            StanceCheck {
                doc: g.doc.clone(),
                actor: g.actor.clone(),
                expected: g.stance,
                predicted,
                ok: predicted == Some(g.stance)
                    || (g.stance == StanceLabel::Neutral && predicted.is_none()),
            }
        })
        .collect();
    EvalReport {
        documents: docs.len(),
        levels,
        stance,
    }
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
}
