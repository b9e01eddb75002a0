//! Relation rules: one cue, its frame, its source and target.
//!
//! Rule ids (prefixed with the language, `zh.` or `en.`):
//! - `svo`: subject–cue–object in a clause (欧盟发表声明谴责伊朗; X accused Y);
//!   the object may be marked before the cue (美国对中国的指责);
//! - `passive`: 中国被美国指责 / "China was accused by the US";
//! - `speaker`, `speaker_carryover`, `speaker_colon`, `speaker_quote`: the
//!   source is who speaks (see attribution; `speaker_quote` for a quotation
//!   attributed before, after or around it); a quotation whose speaker is
//!   unnamed (`speaker_unknown`) gives no edge and inherits nobody;
//! - `reaction`: a reaction with no object (强烈不满): the target is another
//!   actor in the sentence, or the accuser being answered (`antecedent`), or
//!   an embassy's host (`embassy_host`);
//! - `evaluation`: 比方声明极不负责任 said by a speaker: the speaker rebuts the
//!   actor evaluated (or accuses it when it accused nobody);
//! - `blame`: 将…入侵归咎于朝鲜: an accusation of the target, and the attack
//!   before the cue attributed to it;
//! - `embedded_claim`: a wrongdoing inside someone's statement (US says China
//!   attacked Microsoft) also makes the speaker accuse the doer;
//! - `wrongdoing`: a cue of frame `wrongdoing` (干涉内政, "interference") in
//!   someone's speech: the speaker accuses the doer (agent, owner, clause
//!   subject, or the subject an earlier clause leaves to a subjectless one);
//! - `pejorative`: a pejorative accusation (抹黑, smear) said by the side it
//!   targets: the speaker rebuts and accuses its source.
//!
//! A Chinese cue closing a clause that holds only its subject (X批评，Y…)
//! targets the subject of the next clause.
//!
//! A clause with no subject of its own takes the subject of an earlier
//! clause of the sentence (Chinese chains clauses: X…，又向…提出…), and a
//! subordinate clause (`subordinators`: after, when) never lends its
//! subject to the main clause's cue.

use std::collections::BTreeSet;

use super::attribution::{marker_of, object_marked, speaks_for, subject, Scope, Speakers};
use super::negation;
use super::{Engine, Found, Item, Kind, Prepared};
use crate::lexicon::schema::Frame;
use crate::lexicon::{GramWord, TermLang};
use crate::model::{country_of, Relation};

#[derive(Debug, Default)]
pub(crate) struct DocContext {
    /// Cue items already used by a blame rule, per sentence.
    consumed: BTreeSet<(usize, usize)>,
    /// When explaining: what became of each cue.
    pub trace: Option<Vec<CueTrace>>,
    /// The article is about cyber operations: cyber words in at least
    /// `cyber_article_sentences` of its sentences.
    pub cyber_article: bool,
    /// The actor ids each sentence names (for a rebuttal with no accuser
    /// edge behind it).
    pub named: Vec<Vec<String>>,
}

/// What became of one cue (for `explain`).
#[derive(Debug, Clone)]
pub(crate) struct CueTrace {
    pub sentence: usize,
    /// The cue item's index in the sentence.
    pub item: usize,
    /// Why no rule looked at it, when a check blocked it.
    pub blocked: Option<&'static str>,
    /// Edges the rules produced from it (before deduplication).
    pub edges: usize,
}

/// Closes the cue being traced: its edges are those `found` gained.
fn settle(ctx: &mut DocContext, open: &mut Option<(usize, usize)>, found: usize) {
    if let (Some((i, start)), Some(trace)) = (open.take(), ctx.trace.as_mut()) {
        trace[i].edges = found - start;
    }
}

/// Records why the cue being traced was blocked.
fn block(ctx: &mut DocContext, open: &mut Option<(usize, usize)>, why: &'static str) {
    if let (Some((i, _)), Some(trace)) = (open.take(), ctx.trace.as_mut()) {
        trace[i].blocked = Some(why);
    }
}

fn prefix(p: &Prepared) -> &'static str {
    if p.lang == TermLang::En {
        "en"
    } else {
        "zh"
    }
}

fn same_side(a: &[String], b: &str) -> bool {
    a.iter().any(|x| country_of(x) == country_of(b))
}

/// The ids of `ids` not on the side of `side`.
fn other_side(side: &[String], ids: &[String]) -> Vec<String> {
    ids.iter()
        .filter(|x| !same_side(side, x))
        .cloned()
        .collect()
}

/// The cue's words as written (both parts of a discontinuous cue).
fn cue_text(p: &Prepared, k: usize) -> String {
    let it = &p.items[k];
    let orig = |a: usize, b: usize| p.sent.text.chars().skip(a).take(b - a);
    let mut s: String = orig(it.start, it.end).collect();
    if let Some((a, b)) = it.second {
        s.push('…');
        s.extend(orig(a, b));
    }
    s
}

fn groups_between(p: &Prepared, from: usize, to: usize) -> Vec<usize> {
    p.items
        .iter()
        .enumerate()
        // A group in a time frame or named in a relation as a whole
        // (俄罗斯与西方国家之间) is neither subject nor object.
        .filter(|(_, it)| it.is_group() && !it.framed && it.start >= from && it.end <= to)
        .map(|(i, _)| i)
        .collect()
}

/// Nearest non-object group before `k` in its clause (and in its scope).
fn clause_subject(p: &Prepared, k: usize, floor: usize) -> Option<usize> {
    nearest_group_before(p, k, floor, |j| {
        // "years of US allegations": a group right before a cue noun is
        // its owner, whatever preposition governs the phrase.
        let owner = j + 1 == k
            && p.lang == TermLang::En
            && p.items[k].start <= p.items[j].end + 1
            && marker_of(p, j) == Some(Kind::Gram(GramWord::Preposition));
        owner || !object_marked(p, j)
    })
}

/// Nearest group before item `k` in its clause, at or after `floor`, that
/// passes `ok`.
fn nearest_group_before(
    p: &Prepared,
    k: usize,
    floor: usize,
    ok: impl Fn(usize) -> bool,
) -> Option<usize> {
    let (cs, _) = p.clause_of(p.items[k].start);
    let lo = cs.max(floor);
    (0..k)
        .rev()
        .find(|&j| p.items[j].start >= lo && p.items[j].is_group() && ok(j))
}

/// Where the content of the scope covering item `k` starts (0 when none).
fn scope_floor(p: &Prepared, k: usize, scope: Option<&Scope>) -> usize {
    scope.map_or(0, |s| {
        if s.from <= p.items[k].start {
            s.from
        } else {
            0
        }
    })
}

fn cyber_context(p: &Prepared, k: usize, source: Option<usize>) -> bool {
    let cue = &p.items[k];
    if source.is_some_and(|s| p.items[s].cyber_name) {
        return true;
    }
    let (cs, _) = p.clause_of(cue.start);
    p.items[..k]
        .iter()
        .any(|it| it.start >= cs && it.kind == Kind::Gram(GramWord::Cyber))
        || p.items
            .iter()
            .any(|it| it.cyber_name && it.end <= cue.start && cue.start - it.end <= 3)
}

/// Agent of an attack: the nearest group before the cue in its clause
/// that is not marked by 对/向/在/被 (a group that is the object of an
/// accusation is still the agent of the attack: 指控中国特工攻入…).
/// A partner marked by 与 that an affiliation closes (与俄罗斯政府有关联的
/// 黑客) owns the hackers, so it is the agent too.
fn attack_agent(engine: &Engine, p: &Prepared, k: usize, floor: usize) -> Option<usize> {
    let affiliations = &engine.lexicon().grammar(p.lang).affiliations;
    let affiliated = |j: usize| {
        marker_of(p, j) == Some(Kind::Gram(GramWord::Comitative)) && {
            let end = p.items[j].end;
            let next = p.items.get(j + 1).map_or(p.chars.len(), |it| it.start);
            let after: String = p.chars[end..next.max(end)].iter().collect();
            affiliations.iter().any(|a| after.starts_with(a.as_str()))
        }
    };
    let marked =
        |j: usize| object_marked(p, j) && j > 0 && matches!(p.items[j - 1].kind, Kind::Gram(_));
    // 针对德国联邦经济部和荷兰…公司的入侵: a conjunct of a marked victim
    // (the two not merged, words of their own between) is a victim too.
    let conjunct_of_marked = |j: usize| {
        j >= 2
            && p.items[j - 1].kind == Kind::Gram(GramWord::Coordinator)
            && p.items[j - 2].is_group()
            && marked(j - 2)
    };
    nearest_group_before(p, k, floor, |j| {
        affiliated(j) || !(marked(j) || conjunct_of_marked(j))
    })
}

/// The previous clause is nothing but a group (法国、德国等，均已表态…):
/// that group is the subject of this clause. Relative clauses in between
/// ("X, which …, has …") are passed over.
fn dangling_subject(p: &Prepared, k: usize) -> Option<usize> {
    let (cs, _) = p.clause_of(p.items[k].start);
    let opens_relative = |c: &(usize, usize)| {
        p.items
            .iter()
            .find(|it| it.start >= c.0 && it.kind != Kind::Break)
            .is_some_and(|it| {
                it.kind == Kind::Gram(GramWord::Relative)
                    && p.chars[c.0..it.start]
                        .iter()
                        .all(|ch| !ch.is_alphanumeric())
            })
    };
    let prev = p
        .clauses
        .iter()
        .rev()
        .filter(|(_, e)| *e < cs)
        .find(|c| !opens_relative(c))?;
    let inside: Vec<usize> = (0..p.items.len())
        .filter(|&j| {
            p.items[j].start >= prev.0 && p.items[j].end <= prev.1 && p.items[j].kind != Kind::Break
        })
        .collect();
    match inside.as_slice() {
        [j] if p.items[*j].is_group() && p.items[*j].start <= prev.0 + 1 => Some(*j),
        _ => None,
    }
}

/// An actor owning the cue noun right before it: "Russia's aggression",
/// "Beijing's destabilizing actions", 美国的干涉, 中国的军事恐吓, with up to
/// `possessor_gap` modifier words (en) or chars (zh) after the owner's mark.
fn possessor(engine: &Engine, p: &Prepared, k: usize) -> Option<usize> {
    let cue = &p.items[k];
    let j = k.checked_sub(1)?;
    let g = &p.items[j];
    // 对中国的攻击: the object, not the owner; 在中国的…下 and "part of
    // Moscow's attacks" govern the whole phrase, so the owner stands.
    if !g.is_group() {
        return None;
    }
    let gap = engine.lexicon().grammar(p.lang).possessor_gap;
    let between: String = p.chars[g.end..cue.start].iter().collect();
    let marked = p.lang == TermLang::Zh
        && marker_of(p, j)
            .is_some_and(|m| m != Kind::Gram(GramWord::Locative) || !between.contains('的'));
    if marked {
        return None;
    }
    // A name in brackets owns through them: 美国中央情报局（CIA）的….
    let b = between.trim_start_matches([')', '）', ']', '】', ' ']);
    let ok = if p.lang == TermLang::En {
        let b = b.trim_start();
        (b.starts_with("'s") || b.starts_with("’s") || b.starts_with('\'') || b.starts_with('’'))
            && b.split_whitespace().count() <= gap + 1
    } else {
        b.is_empty()
            || b.strip_prefix('的').is_some_and(|m| {
                m.chars().count() <= gap
                    && m.chars()
                        .all(|c| !c.is_ascii_punctuation() && c.is_alphanumeric())
            })
    };
    ok.then_some(j)
}

/// The agent a cue noun carries before it: its owner (X's, X的), or in
/// English an actor right before it that no preposition governs
/// ("Chinese attacks", "US allegations", "Russia-backed").
fn noun_agent(engine: &Engine, p: &Prepared, k: usize) -> Option<usize> {
    if let Some(j) = possessor(engine, p, k) {
        return Some(j);
    }
    if p.lang != TermLang::En {
        return None;
    }
    let j = k.checked_sub(1)?;
    let g = &p.items[j];
    if !g.is_group() {
        return None;
    }
    let between: String = p.chars[g.end..p.items[k].start].iter().collect();
    // "stats on Chinese attacks": the preposition governs the phrase; "the
    // embassy in Warsaw dismissed": it governs the name.
    let ok = matches!(between.as_str(), " " | "-") && (g.adjective || !object_marked(p, j));
    ok.then_some(j)
}

/// The subject a clause with none of its own takes over: the nearest
/// subject group of an earlier clause of the sentence, after `floor`
/// (Chinese drops the subject of chained clauses: X…，一面…，一面…).
fn zero_subject(p: &Prepared, k: usize, floor: usize) -> Option<usize> {
    let (cs, _) = p.clause_of(p.items[k].start);
    (0..k).rev().find(|&j| {
        let it = &p.items[j];
        it.start < cs
            && it.start >= floor
            && it.is_group()
            && !object_marked(p, j)
            && first_group_of_clause(p, j)
    })
}

/// Is group `j` the first group of its clause (its subject)?
fn first_group_of_clause(p: &Prepared, j: usize) -> bool {
    let (cs, _) = p.clause_of(p.items[j].start);
    p.items[..j]
        .iter()
        .all(|it| it.start < cs || !it.is_group())
}

/// Where the subordinate clause holding item `k` starts ("… after G7
/// asked …"): the end of the last subordinator before it in its clause, or
/// 0 when there is none.
fn subordinate_floor(p: &Prepared, k: usize) -> usize {
    let (cs, _) = p.clause_of(p.items[k].start);
    p.items[..k]
        .iter()
        .rev()
        .take_while(|it| it.start >= cs)
        .find(|it| it.kind == Kind::Gram(GramWord::Subordinator))
        .map_or(0, |it| it.end)
}

/// Source of an active cue: clause subject, else (inside speech) the
/// speaker, else the sentence subject. Returns ids and the rule.
fn active_source(
    p: &Prepared,
    k: usize,
    scope: Option<&Scope>,
) -> Option<(Vec<String>, usize, &'static str)> {
    let floor = scope_floor(p, k, scope).max(subordinate_floor(p, k));
    if let Some(j) = clause_subject(p, k, floor) {
        let ids = p.items[j].ids().to_vec();
        // 中方/我们 inside an embassy's statement is the embassy itself.
        if let Some(s) = scope.filter(|s| speaks_for(&s.speaker, &ids)) {
            return Some((s.speaker.clone(), j, s.rule));
        }
        return Some((ids, j, "svo"));
    }
    // A clause with no subject of its own (法国、德国等，均已表态…; X…，
    // 又向…提出…) takes the subject of the clause before: a clause made
    // of nothing but a group always, any earlier subject when no speech
    // gives the source.
    // Inside speech, only a subject opening its clause (某国一再…，又…
    // 诋毁…) is inherited: a group further into a clause is the speaker's
    // topic, not the subject of what follows.
    let inherited = dangling_subject(p, k).or_else(|| {
        (p.lang == TermLang::Zh)
            .then(|| zero_subject(p, k, floor))
            .flatten()
            .filter(|&j| {
                let (cs, _) = p.clause_of(p.items[j].start);
                // It opens its clause, after at most a two-char adverb
                // (随后美国又…) outside speech.
                let lead = lead_chars(p, cs, j);
                let opens = lead == 0 || (scope.is_none() && lead <= 2);
                opens && scope.is_none_or(|s| !same_side(&s.speaker, &p.items[j].ids()[0]))
            })
    });
    if let Some(j) = inherited {
        return Some((p.items[j].ids().to_vec(), j, "svo"));
    }
    if let Some(s) = scope {
        return Some((s.speaker.clone(), usize::MAX, s.rule));
    }
    let sj = subject(p)?;
    // 加强抵御伊朗…的能力: a group deep in its clause is inside an object.
    let (cs, _) = p.clause_of(p.items[sj].start);
    if p.items[sj].end <= p.items[k].start && (p.lang == TermLang::En || lead_chars(p, cs, sj) <= 2)
    {
        return Some((p.items[sj].ids().to_vec(), sj, "svo"));
    }
    None
}

/// Letters between char `from` and group `j`, not counting a date
/// (2024年3月5日).
fn lead_chars(p: &Prepared, from: usize, j: usize) -> usize {
    p.chars[from..p.items[j].start.max(from)]
        .iter()
        .filter(|c| c.is_alphabetic() && !c.is_numeric() && !matches!(c, '年' | '月' | '日' | '号'))
        .count()
}

/// Object of an object-frame cue: inside its gap, after it in the clause,
/// or marked before it (对X…指责, 针对X的…攻击).
fn object_target(p: &Prepared, k: usize, source: &[String], attack: bool) -> Option<Vec<String>> {
    let cue = &p.items[k];
    let (cs, ce) = p.clause_of(cue.start);
    if let Some((a, _)) = cue.second {
        for j in groups_between(p, cue.end, a) {
            let ids = other_side(source, p.items[j].ids());
            if !ids.is_empty() {
                return Some(ids);
            }
        }
    }
    let by_agent = |j: usize| j > 0 && p.items[j - 1].kind == Kind::Gram(GramWord::Agent);
    for j in groups_between(p, cue.end, ce) {
        if by_agent(j) {
            continue; // "by X", "from X": the agent, not the object
        }
        let ids = other_side(source, p.items[j].ids());
        if !ids.is_empty() {
            return Some(ids);
        }
    }

    for j in (0..k).rev() {
        let it = &p.items[j];
        if it.start < cs {
            break;
        }
        let marker = if it.is_group() { marker_of(p, j) } else { None };
        // A bare preposition ("adhered to US sanctions") marks no object,
        // and the object of another cue is that cue's.
        if marker
            .as_ref()
            .is_some_and(|m| matches!(m, Kind::Gram(g) if *g != GramWord::Preposition))
        {
            if marker == Some(Kind::Gram(GramWord::Locative)) && !attack {
                continue;
            }
            let ids = other_side(source, it.ids());
            if !ids.is_empty() {
                return Some(ids);
            }
        }
    }
    None
}

/// "condemned the annexation by X", "rejected claims from X": an
/// accusation or rebuttal whose object names no actor targets the agent of
/// the deed or claim it names (not one right after the cue: that is the
/// cue's own agent).
fn deed_agent_target(p: &Prepared, k: usize, source: &[String]) -> Option<Vec<String>> {
    let (_, ce) = p.clause_of(p.items[k].start);
    groups_between(p, p.items[k].end, ce)
        .into_iter()
        .filter(|&j| j > k + 2 && p.items[j - 1].kind == Kind::Gram(GramWord::Agent))
        .map(|j| other_side(source, p.items[j].ids()))
        .find(|ids| !ids.is_empty())
}

/// English "urged X to punish Y": where the object of a demand must stand,
/// before the first infinitive marker after the cue. `None` when there is
/// no marker (the whole clause may hold the object).
fn demand_object_end(engine: &Engine, p: &Prepared, k: usize) -> Option<usize> {
    if p.lang != TermLang::En {
        return None;
    }
    let markers = &engine.lexicon().grammar(p.lang).infinitive_markers;
    let (_, ce) = p.clause_of(p.items[k].start);
    p.items[k + 1..]
        .iter()
        .take_while(|it| it.start < ce)
        .find(|it| {
            it.kind == Kind::Gram(GramWord::Preposition) && {
                let w: String = p.chars[it.start..it.end].iter().collect();
                markers.contains(&w.to_lowercase())
            }
        })
        .map(|it| it.start)
}

/// A blame cue with nothing between its parts ("incidents linked to X", a
/// reduced relative) attributes the noun before it: only a deed (a cue, a
/// cyber word, a hacker group) can be attributed. With its object between
/// the parts ("linked the attack to X") it stands.
fn linked_deed(p: &Prepared, k: usize) -> bool {
    let cue = &p.items[k];
    let Some((a, _)) = cue.second else {
        return true;
    };
    if p.chars[cue.end..a].iter().any(|c| c.is_alphanumeric()) {
        return true;
    }
    // "which they linked to X": a subject right before it, the verb is
    // active and its object stands before.
    let subject_before = k.checked_sub(1).is_some_and(|j| {
        let b = &p.items[j];
        cue.start <= b.end + 1
            && (b.is_group()
                || matches!(
                    b.kind,
                    Kind::Gram(GramWord::Anaphor(_)) | Kind::Gram(GramWord::SpeakerAnaphor)
                ))
    });
    if subject_before {
        return true;
    }
    let (cs, _) = p.clause_of(cue.start);
    p.items[..k].iter().any(|it| {
        it.start >= cs
            && (matches!(it.kind, Kind::Cue(_) | Kind::Gram(GramWord::Cyber)) || it.cyber_name)
    })
}

/// "allegations that X …": when a complementizer follows the cue, its
/// object is the subject opening that clause (`Some(Some(group))`), or no
/// actor when the subject is none (`Some(None)`: "that it helped …").
/// `None` when no complementizer follows.
fn complement_subject(engine: &Engine, p: &Prepared, k: usize) -> Option<Option<usize>> {
    let words = &engine.lexicon().grammar(p.lang).complementizers;
    if words.is_empty() {
        return None;
    }
    let end = p.items[k].second.map_or(p.items[k].end, |(_, b)| b);
    let start = end
        + p.chars[end..]
            .iter()
            .take_while(|c| c.is_whitespace())
            .count();
    let after = start
        + p.chars[start..]
            .iter()
            .take_while(|c| c.is_alphanumeric())
            .count();
    let word: String = p.chars[start..after].iter().collect();
    if !words.contains(&word.to_lowercase()) {
        return None;
    }
    let (_, ce) = p.clause_of(p.items[k].start);
    let first = groups_between(p, after, ce).into_iter().next();
    // The subject opens the clause: at most one word ("the") before it.
    Some(first.filter(|&j| {
        p.chars[after..p.items[j].start]
            .iter()
            .collect::<String>()
            .split_whitespace()
            .count()
            <= 1
    }))
}

/// "X told Y … and urged a return to talks": a demand or threat with no
/// object of its own is addressed to whoever the speaker was telling,
/// earlier in the sentence.
fn addressee_target(p: &Prepared, k: usize, source: &[String]) -> Option<Vec<String>> {
    (1..k)
        .rev()
        .filter(|&j| {
            let told = |m: &Kind| {
                matches!(
                    m,
                    Kind::Report {
                        addressee: true,
                        ..
                    }
                )
            };
            p.items[j].is_group()
                && (told(&p.items[j - 1].kind) || marker_of(p, j).is_some_and(|m| told(&m)))
        })
        .map(|j| other_side(source, p.items[j].ids()))
        .find(|ids| !ids.is_empty())
}

/// The sentence being read and the actors each sentence names.
struct Nearby<'a> {
    si: usize,
    named: &'a [Vec<String>],
}

/// Target of a reaction or evaluation: actors in the clause, then in the
/// sentence, then the accuser being answered, then an embassy's host, then
/// (rebuttals) the other side named most recently.
#[allow(clippy::too_many_arguments)]
fn context_target(
    engine: &Engine,
    p: &Prepared,
    k: usize,
    source: &[String],
    found: &[Found],
    prefer_before: bool,
    relation: Relation,
    near: &Nearby,
) -> Option<(Vec<String>, &'static str)> {
    let cue = &p.items[k];
    let (cs, ce) = p.clause_of(cue.start);
    let pick = |idx: Vec<usize>| -> Option<Vec<String>> {
        for j in idx {
            let ids = other_side(source, p.items[j].ids());
            if !ids.is_empty() {
                return Some(ids);
            }
        }
        None
    };
    let mut before: Vec<usize> = groups_between(p, cs, cue.start);
    before.reverse();
    let after = groups_between(p, cue.end, ce);
    let order = if prefer_before {
        [before, after]
    } else {
        [after, before]
    };
    for idx in order {
        if let Some(ids) = pick(idx) {
            return Some((ids, "clause"));
        }
    }
    // An embassy answers its host.
    if let Some(h) = host_target(engine, source) {
        return Some((h, "embassy_host"));
    }
    if relation != Relation::Rebut {
        let all: Vec<usize> = (0..p.items.len())
            .filter(|&j| p.items[j].is_group())
            .collect();
        if let Some(ids) = pick(all) {
            return Some((ids, "sentence"));
        }
    }
    // Topic-marked actors of the sentence (对于美国的无端指责，…回击).
    let topics: Vec<usize> = (0..p.items.len())
        .filter(|&j| {
            p.items[j].is_group()
                && j > 0
                && p.items[j - 1].kind == Kind::Gram(GramWord::TopicMarker)
        })
        .collect();
    if let Some(ids) = pick(topics) {
        return Some((ids, "topic"));
    }
    // The accuser being answered / the one the source accused.
    let src_country: BTreeSet<&str> = source.iter().map(|s| country_of(s)).collect();
    // The most recent sentence with such an edge gives the antecedents.
    let matches = |f: &Found| match relation {
        Relation::Rebut => {
            matches!(f.relation, Relation::Accuse | Relation::Attack)
                && src_country.contains(country_of(&f.target))
                && !src_country.contains(country_of(&f.source))
        }
        _ => {
            f.relation == Relation::Accuse
                && src_country.contains(country_of(&f.source))
                && !src_country.contains(country_of(&f.target))
        }
    };
    let mut ante: Vec<String> = Vec::new();
    if let Some(last) = found.iter().rev().find(|f| matches(f)).map(|f| f.sentence) {
        for f in found.iter().filter(|f| f.sentence == last && matches(f)) {
            let who = if relation == Relation::Rebut {
                &f.source
            } else {
                &f.target
            };
            if !ante.contains(who) {
                ante.push(who.clone());
            }
        }
    }
    if !ante.is_empty() {
        ante.sort();
        return Some((ante, "antecedent"));
    }
    // "… denied the charges" with no accusation found: the other side
    // named earlier in the sentence ("answered that the accusations from
    // Berlin … firmly opposes"), else in the nearest earlier sentence
    // within the anaphor window.
    if relation == Relation::Rebut {
        let mut here: Vec<usize> = groups_between(p, 0, cue.start);
        here.reverse();
        if let Some(ids) = pick(here) {
            return Some((ids, "recent_side"));
        }
        let window = engine.lexicon().grammar(p.lang).anaphor_window;
        let earlier = near.named[..near.si.min(near.named.len())]
            .iter()
            .rev()
            .take(window)
            .find_map(|ids| {
                let mut other = other_side(source, ids);
                other.sort();
                other.dedup();
                (!other.is_empty()).then_some(other)
            });
        if let Some(ids) = earlier {
            return Some((ids, "recent_side"));
        }
    }
    None
}

/// The authors of the accusation a support cue takes as its object
/// ("backing the attribution", 支持这一指控): the object is an accusation
/// noun with no actor in between; its authors made the first accusation
/// (by another side than the supporter's) against the side accused last.
fn claim_authors(
    engine: &Engine,
    p: &Prepared,
    si: usize,
    k: usize,
    source: &[String],
    found: &[Found],
) -> Option<Vec<String>> {
    let (_, ce) = p.clause_of(p.items[k].start);
    let next = p.items[k + 1..]
        .iter()
        .find(|it| it.start < ce && !matches!(it.kind, Kind::Gram(GramWord::Filler)))?;
    let accusation = match next.kind {
        Kind::Cue(c) => engine.lexicon().cues[c].relation == Relation::Accuse,
        Kind::Report { claim, .. } => claim,
        _ => false,
    };
    if !accusation || next.start > p.items[k].end + 8 {
        return None;
    }
    let by_other = |f: &&Found| {
        f.relation == Relation::Accuse
            && f.sentence <= si
            && !same_side(source, &f.source)
            && !same_side(source, &f.target)
    };
    // The side accused last; the accusation backed is the first one made
    // against it (later ones echo it).
    let accused = country_of(&found.iter().rev().find(by_other)?.target).to_string();
    let against = |f: &&Found| by_other(f) && country_of(&f.target) == accused;
    let first = found.iter().find(against)?.sentence;
    let mut authors: Vec<String> = found
        .iter()
        .filter(against)
        .filter(|f| f.sentence == first)
        .map(|f| f.source.clone())
        .collect();
    authors.sort();
    authors.dedup();
    (!authors.is_empty()).then_some(authors)
}

fn host_target(engine: &Engine, source: &[String]) -> Option<Vec<String>> {
    let hosts: Vec<String> = source
        .iter()
        .filter_map(|s| {
            engine
                .lexicon()
                .actor(s)
                .and_then(|a| a.host.clone())
                // Generated ids: china.embassy.uk -> uk
                .or_else(|| host_of(s).map(str::to_string))
        })
        .collect();
    (!hosts.is_empty() && hosts.len() == source.len()).then_some(hosts)
}

#[allow(clippy::too_many_arguments)]
fn push(
    found: &mut Vec<Found>,
    p: &Prepared,
    si: usize,
    sources: &[String],
    relation: Relation,
    targets: &[String],
    cue: &str,
    rule: &str,
    conf: f32,
    unprompted: Option<Relation>,
) {
    for s in sources {
        for t in targets {
            if country_of(s) == country_of(t) {
                continue;
            }
            // An embassy pairs with its own host when a list is expanded.
            if sources.len() > 1
                && targets.len() > 1
                && s.contains('.')
                && host_of(s).is_some_and(|h| targets.iter().any(|x| x == h))
                && host_of(s) != Some(t.as_str())
            {
                continue;
            }
            found.push(Found {
                source: s.clone(),
                relation,
                target: t.clone(),
                cue: cue.to_string(),
                rule: format!("{}.{rule}", prefix(p)),
                sentence: si,
                confidence: conf,
                unprompted,
            });
        }
    }
}

fn host_of(id: &str) -> Option<&str> {
    let parts: Vec<&str> = id.splitn(3, '.').collect();
    (parts.len() == 3 && matches!(parts[1], "embassy" | "mission")).then(|| parts[2])
}

/// Applies the relation rules to one sentence.
pub(crate) fn sentence_relations(
    engine: &Engine,
    p: &Prepared,
    si: usize,
    speakers: &Speakers,
    ctx: &mut DocContext,
    found: &mut Vec<Found>,
) {
    let lex = engine.lexicon();
    // Blame cues first: they claim the attack cues before them.
    let mut order: Vec<usize> = (0..p.items.len())
        .filter(|&k| matches!(p.items[k].kind, Kind::Cue(_)))
        .collect();
    order.sort_by_key(|&k| match p.items[k].kind {
        Kind::Cue(c) if lex.cues[c].frame == Frame::Blame => 0,
        _ => 1,
    });
    // The cue being traced (index in the trace, edges found before it).
    let mut open: Option<(usize, usize)> = None;
    for k in order {
        settle(ctx, &mut open, found.len());
        if let Some(trace) = ctx.trace.as_mut() {
            open = Some((trace.len(), found.len()));
            trace.push(CueTrace {
                sentence: si,
                item: k,
                blocked: None,
                edges: 0,
            });
        }
        if ctx.consumed.contains(&(si, k)) {
            block(ctx, &mut open, "taken by the blame cue after it");
            continue;
        }
        let Kind::Cue(ci) = p.items[k].kind else {
            continue;
        };
        let cue = &lex.cues[ci];
        if negation::negated(p, k) {
            block(ctx, &mut open, "negated");
            continue;
        }
        if cue.relation != Relation::Threaten && negation::conditional(p, k) {
            block(ctx, &mut open, "in a conditional clause");
            continue;
        }
        if negation::hearsay(p, k) {
            // 所谓网络入侵 / so-called hacking: someone else's claim
            block(ctx, &mut open, "hearsay (so-called)");
            continue;
        }
        if cue.cyber_only && !ctx.cyber_article && !cyber_context(p, k, None) {
            block(ctx, &mut open, "no cyber context (clause or article)");
            continue;
        }
        if in_title(p, k) {
            // 《…遭网络攻击》: a title cited, not an event told
            block(ctx, &mut open, "inside a cited title");
            continue;
        }
        if cue.frame == Frame::Blame && !linked_deed(p, k) {
            // "a yacht linked to an oligarch": a thing linked, no deed.
            block(ctx, &mut open, "blames no deed");
            continue;
        }
        let conf = cue.confidence * if negation::hedged(p, k) { 0.6 } else { 1.0 };
        let scope = speakers.at(p.items[k].start);
        let text = cue_text(p, k);
        match cue.frame {
            Frame::Object | Frame::Blame => {
                // "accusations from Berlin against Beijing": the agent follows.
                if let Some(agent) = agent_after(p, k) {
                    let src = p.items[agent].ids().to_vec();
                    if let Some(t) = object_target(p, k, &src, cue.relation == Relation::Attack) {
                        push(
                            found,
                            p,
                            si,
                            &src,
                            cue.relation,
                            &t,
                            &text,
                            "svo",
                            conf,
                            None,
                        );
                    }
                    continue;
                }
                // Passive voice first.
                if let Some((src, tgt)) = passive(p, k) {
                    let rel = if cue.cyber.is_some() && cyber_context(p, k, None) {
                        cue.cyber.unwrap_or(cue.relation)
                    } else {
                        cue.relation
                    };
                    push(found, p, si, &src, rel, &tgt, &text, "passive", conf, None);
                    continue;
                }
                let floor = scope_floor(p, k, scope).max(subordinate_floor(p, k));
                let attack_cue = cue.relation == Relation::Attack || cue.cyber.is_some();
                // The cue noun's owner (X's, X的, an adjective before it).
                let owner = noun_agent(engine, p, k).filter(|&j| p.items[j].start >= floor);
                let agent = owner
                    .filter(|_| attack_cue)
                    .or_else(|| attack_agent(engine, p, k, floor));
                let mut relation = cue.relation;
                if let Some(cr) = cue.cyber {
                    if cyber_context(p, k, agent) {
                        relation = cr;
                    }
                }
                let attack = relation == Relation::Attack;
                let (src, sj, rule) = if attack {
                    // An attack needs an explicit doer: a speaker talking about attacks is not attacking.
                    match agent.or_else(|| {
                        subject(p)
                            .filter(|&s| p.items[s].end <= p.items[k].start && scope.is_none())
                    }) {
                        Some(j) => (p.items[j].ids().to_vec(), j, "svo"),
                        None => continue,
                    }
                } else if let Some(j) = owner.filter(|&j| {
                    // "Western support for Kyiv", "US allegations", 美国的指责:
                    // the noun's owner is its source (中方敦促 is a subject).
                    let owned = p.lang == TermLang::En
                        || p.chars[p.items[j].end..p.items[k].start].contains(&'的');
                    owned && p.items[j].start >= p.clause_of(p.items[k].start).0
                }) {
                    (p.items[j].ids().to_vec(), j, "svo")
                } else {
                    match active_source(p, k, scope) {
                        Some(x) => x,
                        None => continue,
                    }
                };
                // 中方对此予以驳回 inside the embassy's statement: the
                // embassy speaks for its side.
                let src = match scope {
                    Some(s) if !attack && speaks_for(&s.speaker, &src) => s.speaker.clone(),
                    _ => src,
                };
                let src_item = (sj != usize::MAX).then_some(sj);
                // "urged X to punish Y": the object, if any, is X.
                let before_to = (relation == Relation::Demand)
                    .then(|| demand_object_end(engine, p, k))
                    .flatten();
                let target = match (before_to, complement_subject(engine, p, k)) {
                    (Some(end), _) => groups_between(p, p.items[k].end, end)
                        .into_iter()
                        .map(|j| other_side(&src, p.items[j].ids()))
                        .find(|ids| !ids.is_empty()),
                    (None, Some(subject)) => {
                        let t = subject.map(|j| other_side(&src, p.items[j].ids()));
                        t.filter(|ids| !ids.is_empty())
                    }
                    (None, None) => object_target(p, k, &src, attack),
                }
                .or_else(|| {
                    matches!(relation, Relation::Accuse | Relation::Rebut)
                        .then(|| deed_agent_target(p, k, &src))
                        .flatten()
                })
                .or_else(|| {
                    (!attack && relation != Relation::Support)
                        .then(|| next_clause_target(p, k, &src))
                        .flatten()
                })
                .or_else(|| {
                    matches!(relation, Relation::Demand | Relation::Threaten)
                        .then(|| addressee_target(p, k, &src))
                        .flatten()
                });
                // "backing the attribution": support of an accusation
                // supports whoever made it.
                if target.is_none() && relation == Relation::Support {
                    if let Some(t) = claim_authors(engine, p, si, k, &src, found) {
                        push(
                            found,
                            p,
                            si,
                            &src,
                            relation,
                            &t,
                            &text,
                            "claim_author",
                            conf * 0.9,
                            None,
                        );
                    }
                }
                if target.is_none() && relation == Relation::Rebut {
                    // 发声驳斥 / "hit back" with no object answers the accuser.
                    let how = ContextEdge {
                        relation,
                        rule: if rule == "svo" { "reaction" } else { rule },
                        prefer_before: false,
                        unprompted: None,
                    };
                    context_edge(engine, p, si, k, &src, &how, &text, conf, found, &ctx.named);
                }
                if let Some(t) = &target {
                    push(found, p, si, &src, relation, t, &text, rule, conf, None);
                    // 有关方面抹黑中国 said by China's side: it rebuts and
                    // accuses the smearer.
                    if let Some(s) = scope.filter(|_| cue.pejorative && src_item.is_some()) {
                        let victim_speaks = t.iter().any(|x| same_side(&s.speaker, x));
                        let smearers = other_side(&s.speaker, &src);
                        if victim_speaks && !smearers.is_empty() {
                            for rel in [Relation::Rebut, Relation::Accuse] {
                                push(
                                    found,
                                    p,
                                    si,
                                    &s.speaker,
                                    rel,
                                    &smearers,
                                    &text,
                                    "pejorative",
                                    conf * 0.85,
                                    None,
                                );
                            }
                        }
                    }
                    if cue.frame == Frame::Blame {
                        blame_attacks(p, si, k, t, ctx, found, engine);
                    }
                }
                // Wrongdoing inside someone's statement: the speaker accuses the doer.
                let wrong = attack || cue.wrongdoing && relation != Relation::Accuse;
                if let (true, Some(s)) = (wrong, scope) {
                    if src_item.is_some() {
                        let doers = other_side(&s.speaker, &src);
                        push(
                            found,
                            p,
                            si,
                            &s.speaker,
                            Relation::Accuse,
                            &doers,
                            &text,
                            "embedded_claim",
                            conf * 0.9,
                            None,
                        );
                    }
                }
            }
            Frame::Context => {
                // A reaction: the speaker reacts, or the subject in the outlet's voice.
                let (src, rule) = match scope {
                    Some(s) => (s.speaker.clone(), s.rule),
                    None => match active_source(p, k, None) {
                        Some((s, _, _)) => (s, "reaction"),
                        None => continue,
                    },
                };
                let how = ContextEdge {
                    relation: cue.relation,
                    rule,
                    prefer_before: false,
                    unprompted: None,
                };
                context_edge(engine, p, si, k, &src, &how, &text, conf, found, &ctx.named);
            }
            Frame::Wrongdoing => {
                // Wrongdoing in someone's speech: the speaker accuses the doer.
                let Some(s) = scope.filter(|s| !s.speaker.is_empty()) else {
                    continue;
                };
                let floor = scope_floor(p, k, Some(s));
                let doer = agent_after(p, k)
                    .or_else(|| possessor(engine, p, k))
                    .or_else(|| clause_subject(p, k, floor))
                    .or_else(|| zero_subject(p, k, floor));
                let Some(j) = doer else { continue };
                let doers = other_side(&s.speaker, p.items[j].ids());
                push(
                    found,
                    p,
                    si,
                    &s.speaker,
                    cue.relation,
                    &doers,
                    &text,
                    "wrongdoing",
                    conf * 0.9,
                    None,
                );
            }
            Frame::Predicate => {
                // 某国对中方进行无端指责: the evaluation names an accusation
                // its subject made against the object.
                if cue.accusation {
                    let floor = scope_floor(p, k, scope).max(subordinate_floor(p, k));
                    if let Some(j) = clause_subject(p, k, floor) {
                        let src = p.items[j].ids().to_vec();
                        if let Some(t) = object_target(p, k, &src, false) {
                            push(
                                found,
                                p,
                                si,
                                &src,
                                Relation::Accuse,
                                &t,
                                &text,
                                "svo",
                                conf,
                                None,
                            );
                        }
                    }
                }
                // An evaluation: only a speaker's, the outlet's own is stance.
                let Some(s) = scope else { continue };
                let how = ContextEdge {
                    relation: cue.relation,
                    rule: "evaluation",
                    prefer_before: true,
                    unprompted: cue.unprompted,
                };
                context_edge(
                    engine, p, si, k, &s.speaker, &how, &text, conf, found, &ctx.named,
                );
            }
        }
    }
    settle(ctx, &mut open, found.len());
}

/// How a cue without an object slot takes its target from context.
struct ContextEdge {
    relation: Relation,
    /// Rule id when the target stands in the sentence.
    rule: &'static str,
    /// Look before the cue first (the actor an evaluation is about).
    prefer_before: bool,
    unprompted: Option<Relation>,
}

#[allow(clippy::too_many_arguments)]
fn context_edge(
    engine: &Engine,
    p: &Prepared,
    si: usize,
    k: usize,
    src: &[String],
    how: &ContextEdge,
    text: &str,
    conf: f32,
    found: &mut Vec<Found>,
    named: &[Vec<String>],
) {
    // An evaluation always answers what the target said (rebut), unless `unprompted` says otherwise.
    let lookup = if how.rule == "evaluation" {
        Relation::Rebut
    } else {
        how.relation
    };
    let near = Nearby { si, named };
    if let Some((t, from)) =
        context_target(engine, p, k, src, found, how.prefer_before, lookup, &near)
    {
        let rule = if matches!(from, "antecedent" | "embassy_host" | "recent_side") {
            from
        } else {
            how.rule
        };
        push(
            found,
            p,
            si,
            src,
            how.relation,
            &t,
            text,
            rule,
            conf,
            how.unprompted,
        );
    }
}

/// 中国被美国指责 / "China was accused by the US": (source, target).
fn passive(p: &Prepared, k: usize) -> Option<(Vec<String>, Vec<String>)> {
    let cue = &p.items[k];
    let (cs, ce) = p.clause_of(cue.start);
    if p.lang == TermLang::En {
        let be = (0..k)
            .rev()
            .find(|&j| p.items[j].kind == Kind::Gram(GramWord::Passive))
            .filter(|&be| {
                cue.start.saturating_sub(p.items[be].end) <= 12 && !cue_between(p, be, k)
            });
        // A reduced relative clause: "a firm sanctioned by the EU" (a past
        // participle right before by, no auxiliary).
        let reduced = be.is_none() && {
            let text: String = p.chars[cue.start..cue.end].iter().collect();
            let next = p.items.get(k + 1);
            text.ends_with("ed")
                && next.is_some_and(|m| {
                    m.kind == Kind::Gram(GramWord::Agent)
                        && m.start <= cue.end + 1
                        && p.chars[m.start..m.end]
                            .iter()
                            .collect::<String>()
                            .to_lowercase()
                            == "by"
                })
        };
        if be.is_none() && !reduced {
            return None;
        }
        let by = (k + 1..p.items.len())
            .find(|&j| p.items[j].kind == Kind::Gram(GramWord::Agent) && p.items[j].start < ce)?;
        let agent = group_after_marker(p, by)?;
        let patient = (0..be.unwrap_or(k))
            .rev()
            .find(|&j| p.items[j].is_group() && p.items[j].start >= cs)?;
        return Some((
            p.items[agent].ids().to_vec(),
            p.items[patient].ids().to_vec(),
        ));
    }
    let pm = (0..k)
        .rev()
        .take_while(|&j| p.items[j].start >= cs)
        .find(|&j| p.items[j].kind == Kind::Gram(GramWord::Passive))?;
    let agent = (pm + 1..k).find(|&j| p.items[j].is_group())?;
    // The passive governs the first verb after its agent (被X公开指责), not
    // the verbs of what X is said to have done (…支持黑客入侵).
    if cue.start.saturating_sub(p.items[agent].end) > 6 || cue_between(p, agent, k) {
        return None;
    }
    let patient = (0..pm)
        .rev()
        .find(|&j| p.items[j].is_group() && p.items[j].start >= cs)
        .or_else(|| subject(p).filter(|&s| s < pm))?;
    Some((
        p.items[agent].ids().to_vec(),
        p.items[patient].ids().to_vec(),
    ))
}

/// English nouns take their agent after them with by/from ("accusations
/// from Berlin"); a passive participle needs a be-verb and is left to
/// [`passive`].
fn agent_after(p: &Prepared, k: usize) -> Option<usize> {
    if p.lang != TermLang::En || passive(p, k).is_some() {
        return None;
    }
    let cue = &p.items[k];
    let next = p.items.get(k + 1)?;
    if next.kind == Kind::Gram(GramWord::Agent) && next.start <= cue.end + 1 {
        return group_after_marker(p, k + 1);
    }
    // A noun subject of a passive: "attacks were carried out in X by Y".
    let (_, ce) = p.clause_of(cue.start);
    if next.kind == Kind::Gram(GramWord::Passive) && next.start <= cue.end + 1 {
        let by = (k + 2..p.items.len())
            .take_while(|&j| p.items[j].start < ce && !matches!(p.items[j].kind, Kind::Cue(_)))
            .find(|&j| p.items[j].kind == Kind::Gram(GramWord::Agent))?;
        return group_after_marker(p, by);
    }
    None
}

/// The group a marker (by, from, 对) introduces: the next item, past
/// filler words ("by the US"), when it follows closely.
fn group_after_marker(p: &Prepared, m: usize) -> Option<usize> {
    let mut j = m + 1;
    while p
        .items
        .get(j)
        .is_some_and(|it| it.kind == Kind::Gram(GramWord::Filler))
    {
        j += 1;
    }
    p.items
        .get(j)
        .filter(|g| g.is_group() && g.start <= p.items[j - 1].end + 5)
        .map(|_| j)
}

/// A cue that closes its clause (马晓光批评，X…; "Lithuania protested: X
/// …"): what it targets is the subject of the clause after it.
fn next_clause_target(p: &Prepared, k: usize, source: &[String]) -> Option<Vec<String>> {
    let cue = &p.items[k];
    let end = cue.second.map_or(cue.end, |(_, e)| e);
    if p.lang != TermLang::Zh || !matches!(p.chars.get(end), Some('，' | '：')) {
        return None;
    }
    // The clause is its subject and the cue, nothing else (X批评，…).
    let (cs, _) = p.clause_of(cue.start);
    let before: Vec<&Item> = p.items[..k].iter().filter(|it| it.start >= cs).collect();
    if !matches!(before.as_slice(), [g] if g.is_group()) {
        return None;
    }
    let (ns, ne) = p.clause_of(end + 1);
    let j = (k + 1..p.items.len()).find(|&j| {
        let it = &p.items[j];
        it.start >= ns && it.start < ne && it.is_group() && !object_marked(p, j)
    })?;
    // Only the clause's subject: nothing but fillers before it.
    if p.items[k + 1..j]
        .iter()
        .any(|it| it.start >= ns && !matches!(it.kind, Kind::Break | Kind::Gram(GramWord::Filler)))
    {
        return None;
    }
    let ids = other_side(source, p.items[j].ids());
    (!ids.is_empty()).then_some(ids)
}

/// Is cue `k` inside a cited title (《…》)?
fn in_title(p: &Prepared, k: usize) -> bool {
    let mut depth = 0i32;
    for &c in &p.chars[..p.items[k].start] {
        match c {
            '《' => depth += 1,
            '》' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}

/// Is there another cue between items `a` and `k`?
fn cue_between(p: &Prepared, a: usize, k: usize) -> bool {
    p.items[a + 1..k]
        .iter()
        .any(|it| matches!(it.kind, Kind::Cue(_)))
}

/// Attacks named before a blame cue are attributed to the blamed actor.
fn blame_attacks(
    p: &Prepared,
    si: usize,
    k: usize,
    blamed: &[String],
    ctx: &mut DocContext,
    found: &mut Vec<Found>,
    engine: &Engine,
) {
    let (cs, _) = p.clause_of(p.items[k].start);
    let lex = engine.lexicon();
    for j in 0..k {
        let Kind::Cue(ci) = p.items[j].kind else {
            continue;
        };
        if p.items[j].start < cs {
            continue; // another clause
        }
        let c = &lex.cues[ci];
        let is_attack = c.relation == Relation::Attack || c.cyber == Some(Relation::Attack);
        if !is_attack {
            continue;
        }
        ctx.consumed.insert((si, j));
        // Its victim: a marked object before it (针对微软的…攻击), or a group between it and the blame cue.
        let victim =
            object_target(p, j, blamed, true).filter(|t| t.iter().all(|x| !blamed.contains(x)));
        if let Some(v) = victim {
            push(
                found,
                p,
                si,
                blamed,
                Relation::Attack,
                &v,
                &cue_text(p, j),
                "blame",
                c.confidence,
                None,
            );
        }
    }
}

/// Evaluations (不负责任) rebut an accuser and accuse anyone else.
pub(crate) fn resolve_unprompted(found: &mut [Found]) {
    let accusations: BTreeSet<(String, String)> = found
        .iter()
        .filter(|f| {
            matches!(
                f.relation,
                Relation::Accuse | Relation::Attack | Relation::Threaten | Relation::Demand
            ) && f.unprompted.is_none()
        })
        .map(|f| {
            (
                country_of(&f.source).to_string(),
                country_of(&f.target).to_string(),
            )
        })
        .collect();
    for f in found.iter_mut() {
        if let Some(alt) = f.unprompted {
            let answered = accusations.contains(&(
                country_of(&f.target).to_string(),
                country_of(&f.source).to_string(),
            ));
            if !answered {
                f.relation = alt;
            }
        }
    }
}
