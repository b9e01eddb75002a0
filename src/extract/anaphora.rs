//! Discourse reference: anaphors (两国, 有关方面, "the company", "they")
//! become the actors they refer to, so the rules see them as actors.
//!
//! The strategies are data (`anaphors` in `grammar.toml`, see
//! [`Anaphora`]): `pair`, `kind:<kind>` and `subject` are resolved before
//! attribution from the actors named in the sentence so far and in the
//! `anaphor_window` sentences before it ([`resolve_local`]); `accuser`
//! needs the edges already found and the speaker, and is resolved just
//! before the rules read its sentence ([`resolve_accusers`]). An anaphor
//! with no antecedent stays a function word and names nobody.

use super::attribution::{subject, Speakers};
use super::{Found, Kind, Prepared};
use crate::lexicon::{Anaphora, GramWord, Lexicon};
use crate::model::{country_of, Relation};

fn strategy<'l>(lex: &'l Lexicon, p: &Prepared, k: usize) -> Option<&'l Anaphora> {
    match p.items[k].kind {
        Kind::Gram(GramWord::Anaphor(i)) => {
            lex.grammar(p.items[k].lang).anaphors.get(usize::from(i))
        }
        _ => None,
    }
}

/// The kind of an actor id: the lexicon's, or the shape of a generated id.
fn kind_of<'l>(lex: &'l Lexicon, id: &str) -> &'l str {
    if let Some(a) = lex.actor(id) {
        return a.kind.as_str();
    }
    if id.contains(".embassy.") {
        "embassy"
    } else if id.contains(".mission.") {
        "mission"
    } else {
        ""
    }
}

/// Is item `k` the first thing of its clause (punctuation aside)?
fn clause_initial(p: &Prepared, k: usize) -> bool {
    let (cs, _) = p.clause_of(p.items[k].start);
    p.items[..k]
        .iter()
        .all(|it| it.start < cs || it.kind == Kind::Break)
        && p.chars[cs..p.items[k].start]
            .iter()
            .all(|c| !c.is_alphanumeric())
}

/// Resolves the `pair`, `kind:` and `subject` anaphors of every sentence.
pub(crate) fn resolve_local(lex: &Lexicon, sents: &mut [Prepared]) {
    for si in 0..sents.len() {
        let (before, rest) = sents.split_at_mut(si);
        let p = &mut rest[0];
        let window = lex.grammar(p.lang).anaphor_window;
        let lo = si.saturating_sub(window);
        let mut drop = Vec::new();
        for k in 0..p.items.len() {
            let Some(how) = strategy(lex, p, k) else {
                continue;
            };
            // 德国和荷兰两国政府: the anaphor is the head of the actors
            // right before it, which already name them.
            if k > 0 && p.items[k - 1].is_group() && p.items[k - 1].end == p.items[k].start {
                drop.push(k);
                continue;
            }
            let ids = {
                // Actors named before the anaphor, most recent first.
                let here = p.items[..k]
                    .iter()
                    .rev()
                    .filter(|it| it.is_group())
                    .map(|it| it.ids().to_vec());
                let earlier = before[lo..].iter().rev().flat_map(|q| {
                    q.items
                        .iter()
                        .rev()
                        .filter(|it| it.is_group())
                        .map(|it| it.ids().to_vec())
                });
                let mut recent = here.chain(earlier);
                let ids: Option<Vec<String>> = match how {
                    Anaphora::Accuser => continue,
                    Anaphora::Pair => {
                        // The latest pair named together (德国和荷兰…两国), else
                        // the last two sides named apart.
                        let pairs: Vec<Vec<String>> = recent.by_ref().take(8).collect();
                        let together = pairs.iter().find_map(|ids| {
                            let mut c: Vec<String> =
                                ids.iter().map(|x| country_of(x).to_string()).collect();
                            c.sort();
                            c.dedup();
                            (c.len() == 2).then_some(c)
                        });
                        let mut recent = pairs.into_iter();
                        let mut sides: Vec<String> = together.unwrap_or_default();
                        for ids in recent.by_ref() {
                            for id in ids {
                                let c = country_of(&id).to_string();
                                if sides.len() < 2 && !sides.contains(&c) {
                                    sides.push(c);
                                }
                            }
                            if sides.len() == 2 {
                                break;
                            }
                        }
                        (sides.len() == 2).then(|| {
                            sides.sort();
                            sides
                        })
                    }
                    Anaphora::Kind(kind) => recent.find(|ids| {
                        !ids.is_empty() && ids.iter().all(|id| kind_of(lex, id) == kind.as_str())
                    }),
                    Anaphora::Subject => {
                        if !clause_initial(p, k) {
                            continue;
                        }
                        // The subject of the sentence before, in the same or
                        // the previous paragraph.
                        si.checked_sub(1)
                            .map(|j| &before[j])
                            .filter(|q| q.sent.para + 1 >= p.sent.para)
                            .and_then(|q| subject(q).map(|s| q.items[s].ids().to_vec()))
                    }
                };
                ids
            };
            if let Some(ids) = ids.filter(|v| !v.is_empty()) {
                p.items[k].coordinated = ids.len() > 1;
                p.items[k].kind = Kind::Group(ids);
            }
        }
        for k in drop.into_iter().rev() {
            p.items.remove(k);
        }
    }
}

/// Resolves the `accuser` anaphors of sentence `si` (有关方面, "certain
/// countries"): the sources of the latest edge that accused, attacked,
/// threatened or made demands of the speaker's side, from another side.
/// Without a speaker the side is that of the other actors in the sentence.
/// With no such edge, the other side's actors named in the nearest earlier
/// sentence within the window (a journalist's question naming the
/// accusers, a report cited before the answer).
pub(crate) fn resolve_accusers(
    lex: &Lexicon,
    p: &mut Prepared,
    si: usize,
    speakers: &Speakers,
    found: &[Found],
    named: &[Vec<String>],
) {
    let window = 3 * lex.grammar(p.lang).anaphor_window.max(1);
    for k in 0..p.items.len() {
        if strategy(lex, p, k) != Some(&Anaphora::Accuser) {
            continue;
        }
        let mut side: Vec<&str> = speakers
            .at(p.items[k].start)
            .map(|s| s.speaker.iter().map(|x| country_of(x)).collect())
            .unwrap_or_default();
        if side.is_empty() {
            // No speaker: the side of the clause's subject (俄方呼吁相关国家停止…).
            let (cs, _) = p.clause_of(p.items[k].start);
            if let Some(j) = (0..k)
                .rev()
                .take_while(|&j| p.items[j].start >= cs)
                .find(|&j| p.items[j].is_group())
            {
                side = p.items[j].ids().iter().map(|x| country_of(x)).collect();
            }
        }
        if side.is_empty() {
            continue;
        }
        let hostile = |f: &Found| {
            matches!(
                f.relation,
                Relation::Accuse | Relation::Attack | Relation::Threaten | Relation::Demand
            ) && side.contains(&country_of(&f.target))
                && !side.contains(&country_of(&f.source))
                && f.sentence < si
                && f.sentence + window >= si
        };
        // Another side named earlier in the sentence comes first (…来自北约
        // 成员国，…敦促有关国家…).
        if let Some(ids) = p.items[..k].iter().rev().find_map(|it| {
            let ids: Vec<String> = it
                .ids()
                .iter()
                .filter(|x| !side.contains(&country_of(x)))
                .cloned()
                .collect();
            (!ids.is_empty()).then_some(ids)
        }) {
            p.items[k].coordinated = ids.len() > 1;
            p.items[k].kind = Kind::Group(ids);
            continue;
        }
        let Some(last) = found.iter().rev().find(|f| hostile(f)).map(|f| f.sentence) else {
            let earlier = named[..si.min(named.len())]
                .iter()
                .rev()
                .take(lex.grammar(p.lang).anaphor_window.max(1))
                .find_map(|ids| {
                    let other: Vec<String> = ids
                        .iter()
                        .filter(|x| !side.contains(&country_of(x)))
                        .cloned()
                        .collect();
                    (!other.is_empty()).then_some(other)
                });
            if let Some(mut ids) = earlier {
                ids.sort();
                ids.dedup();
                p.items[k].coordinated = ids.len() > 1;
                p.items[k].kind = Kind::Group(ids);
            }
            continue;
        };
        let mut ids: Vec<String> = Vec::new();
        for f in found.iter().filter(|f| f.sentence == last && hostile(f)) {
            if !ids.contains(&f.source) {
                ids.push(f.source.clone());
            }
        }
        ids.sort();
        p.items[k].coordinated = ids.len() > 1;
        p.items[k].kind = Kind::Group(ids);
    }
}
