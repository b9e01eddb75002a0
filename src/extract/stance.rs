//! Outlet voice: the stance of the article's own (unattributed) sentences
//! toward each actor, from the stance lexicon.
//!
//! A stance word gives its `before` polarity to the doer (the nearest
//! subject before it in its clause, or the speaker of the reporting verb it
//! is: 妄称) and its `after` polarity to the one it is done to (an actor after it in the clause, or one marked as object
//! before it). Reported speech is skipped: it is the speaker's voice, not
//! the outlet's. Scores are summed per actor at the first id segment and
//! squashed to -1..1; the label is the sign.

use std::collections::BTreeMap;

use super::attribution::{object_marked, Speakers};
use super::{Engine, Kind, Prepared};
use crate::lexicon::{GramWord, Meaning};
use crate::model::{country_of, Article, StanceCue, StanceLabel, StanceRecord};

pub(crate) fn outlet_voice(
    engine: &Engine,
    article: &Article,
    sents: &[Prepared],
    speakers: &[Speakers],
) -> Vec<StanceRecord> {
    let mut acc: BTreeMap<String, (f32, Vec<StanceCue>)> = BTreeMap::new();
    for (p, sp) in sents.iter().zip(speakers) {
        let hits = &p.stance_hits;
        if hits.is_empty() {
            continue;
        }
        let orig: Vec<char> = p.sent.text.chars().collect();
        for h in hits {
            // A reporting verb the outlet chose (妄称, 扬言) frames its
            // speaker in the outlet's voice; other words in speech do not count.
            let report = p.items.iter().find(|it| {
                matches!(it.kind, Kind::Report { .. }) && it.start <= h.start && h.end <= it.end
            });
            let report_speaker = report
                .and_then(|r| sp.scopes.iter().find(|s| s.from == r.end))
                .map(|s| &s.speaker);
            if report_speaker.is_none() && (sp.in_speech(h.start) || sp.in_quote(h.start)) {
                continue;
            }
            let Meaning::Stance { before, after } = engine.matcher.term(h.term).meaning else {
                continue;
            };
            let (cs, ce) = p.clause_of(h.start);
            let mut targets: Vec<(String, f32)> = Vec::new();
            // The doer: nearest non-object group before, in the clause.
            let before_groups: Vec<usize> = (0..p.items.len())
                .filter(|&j| {
                    p.items[j].is_group() && p.items[j].start >= cs && p.items[j].end <= h.start
                })
                .collect();
            // 对于 X 的… / 就 X…: a topic-marked actor is the doer, not the one done to.
            let topic =
                |j: usize| j > 0 && p.items[j - 1].kind == Kind::Gram(GramWord::TopicMarker);
            // English evaluative adjectives come before their noun: "reckless
            // Russian operations" judges the actor right after the word.
            let modified = (p.lang == crate::lexicon::TermLang::En && after == 0.0)
                .then(|| {
                    p.items
                        .iter()
                        .position(|it| it.is_group() && it.start >= h.end && it.start <= h.end + 1)
                })
                .flatten();
            if let (true, Some(j)) = (before != 0.0, modified) {
                for id in p.items[j].ids() {
                    targets.push((id.clone(), before));
                }
            } else if before != 0.0 {
                if let Some(&j) = before_groups
                    .iter()
                    .rev()
                    .find(|&&j| !object_marked(p, j) || topic(j))
                {
                    for id in p.items[j].ids() {
                        targets.push((id.clone(), before));
                    }
                } else if let Some(speaker) = report_speaker {
                    for id in speaker {
                        targets.push((id.clone(), before));
                    }
                }
            }
            if after != 0.0 {
                let after_group = (0..p.items.len()).find(|&j| {
                    p.items[j].is_group() && p.items[j].start >= h.end && p.items[j].end <= ce
                });
                let marked = before_groups
                    .iter()
                    .rev()
                    .find(|&&j| object_marked(p, j) && !topic(j))
                    .copied();
                if let Some(j) = after_group.or(marked) {
                    for id in p.items[j].ids() {
                        targets.push((id.clone(), after));
                    }
                }
            }
            let cue_text: String = orig[h.start..h.end].iter().collect();
            for (id, pol) in targets {
                let actor = country_of(&id).to_string();
                let e = acc.entry(actor).or_default();
                e.0 += pol;
                e.1.push(StanceCue {
                    cue: cue_text.clone(),
                    polarity: pol,
                    span: [p.sent.start + h.start, p.sent.start + h.end],
                });
            }
        }
    }
    acc.into_iter()
        .filter(|(_, (sum, _))| *sum != 0.0)
        .map(|(actor, (sum, cues))| StanceRecord {
            doc: article.id.clone(),
            outlet: article.outlet.clone(),
            date: article.date.clone(),
            actor,
            stance: if sum > 0.0 {
                StanceLabel::Positive
            } else {
                StanceLabel::Negative
            },
            score: (sum / 2.0).tanh(),
            cues,
        })
        .collect()
}
