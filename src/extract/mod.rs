//! Extraction: from a clean article to relation mentions with evidence and
//! the outlet-voice stance.
//!
//! Per sentence: `mentions` finds lexicon terms; `groups` builds actor
//! groups (coordination, embassy lists); `attribution` decides who speaks
//! where; `relations` applies the cue frames (subject–cue–object, passive,
//! reactions, evaluations, blame, embedded claims) with `negation`; and
//! `stance` reads the outlet's own voice. Every edge carries its rule id.
//! Entry point: [`Engine::extract`].

mod anaphora;
mod attribution;
pub mod explain;
mod groups;
pub mod mentions;
mod names;
mod negation;
mod quotes;
mod relations;
mod stance;

use std::collections::BTreeMap;

use crate::lexicon::{GramWord, Lexicon, Meaning, TermLang};
use crate::model::{Article, Extraction, Relation};
use crate::text::{self, Sentence};

pub use mentions::BaseDictionary;
use mentions::{is_clause_break, Matcher};
use names::zh_short_form;

/// The longest parenthesis (in chars) read as part of its clause.
const PAREN_WINDOW: usize = 24;

/// What an item of a sentence is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// Actor ids (several when coordinated).
    Group(Vec<String>),
    Cue(usize),
    Report {
        claim: bool,
        /// The group right after it is who is told, not a subject.
        addressee: bool,
    },
    Neg,
    /// A verb of stopping: a negation unless negated itself.
    Cessation,
    Hedge,
    Gram(GramWord),
    /// Clause punctuation.
    Break,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub second: Option<(usize, usize)>,
    pub lang: TermLang,
    /// A group that took role words (发言人, spokesperson).
    pub role: bool,
    pub coordinated: bool,
    /// The surface names hackers (中国黑客): cues after it are cyber.
    pub cyber_name: bool,
    /// The surface is an adjective (Chinese, Polish): right before a cue
    /// noun it is the noun's owner whatever governs the phrase.
    pub adjective: bool,
    /// A group inside a time frame (在访问澳大利亚期间): no subject.
    pub framed: bool,
}

impl Item {
    pub(crate) fn new(kind: Kind, start: usize, end: usize, lang: TermLang) -> Item {
        Item {
            kind,
            start,
            end,
            second: None,
            lang,
            role: false,
            coordinated: false,
            cyber_name: false,
            adjective: false,
            framed: false,
        }
    }

    pub fn ids(&self) -> &[String] {
        match &self.kind {
            Kind::Group(ids) => ids,
            _ => &[],
        }
    }

    pub fn is_group(&self) -> bool {
        matches!(self.kind, Kind::Group(_))
    }
}

/// A sentence prepared for the rules.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'s> {
    pub sent: &'s Sentence,
    pub chars: Vec<char>,
    pub items: Vec<Item>,
    /// Stance words of the sentence (for the outlet voice).
    pub stance_hits: Vec<mentions::Hit>,
    /// Char ranges of clauses.
    pub clauses: Vec<(usize, usize)>,
    pub lang: TermLang,
}

impl Prepared<'_> {
    pub fn clause_of(&self, pos: usize) -> (usize, usize) {
        self.clauses
            .iter()
            .copied()
            .find(|(s, e)| pos >= *s && pos < *e)
            .unwrap_or((0, self.chars.len()))
    }
}

/// Marks the groups inside a time frame that a locative opens and one of
/// `ends` closes right after the group (在访问澳大利亚期间, 在会见德方时),
/// with no other group or clause break between the locative and the group;
/// and the groups a relational word closes (俄罗斯与西方之间).
fn mark_framed(items: &mut [Item], chars: &[char], gram: &crate::lexicon::Grammar) {
    let (ends, relational) = (&gram.frame_ends, &gram.relational_ends);
    // Only the chars a frame end can span are read after a group.
    let longest = gram.frame_end_chars;
    for k in 0..items.len() {
        if !items[k].is_group() {
            continue;
        }
        let (start, end) = (items[k].start, items[k].end);
        let next = items.get(k + 1).map_or(chars.len(), |it| it.start).max(end);
        let after: String = chars[end..next.min(end + longest)].iter().collect();
        if relational.iter().any(|e| after.starts_with(e.as_str())) {
            items[k].framed = true;
            continue;
        }
        if !ends.iter().any(|e| after.starts_with(e.as_str())) {
            continue;
        }
        let loc = items[..k]
            .iter()
            .rev()
            .take_while(|it| !it.is_group() && it.kind != Kind::Break)
            .find(|it| it.kind == Kind::Gram(GramWord::Locative));
        if loc.is_some_and(|l| start - l.end <= 6) {
            items[k].framed = true;
        }
    }
}

/// The extraction engine: the lexicon compiled into matchers, built once.
#[derive(Debug)]
pub struct Engine {
    lex: Lexicon,
    matcher: Matcher,
    /// Per lexicon term: whether its surface, lower-cased, holds one of
    /// the grammar's cyber words; a name holding one (中国黑客) makes an
    /// ambiguous cue after it a cyber one. A hit's chars are its term's
    /// surface (the shadow matched exactly, or ASCII-lower-cased), so the
    /// test is made once per term, not once per hit.
    cyber_terms: Vec<bool>,
    /// Lexicon people's full names with the short form that names them
    /// once the full name was read, and whether it counts only right before
    /// a reporting verb (a one-char Chinese family name).
    /// Keyed by full name, so a group is looked up by its suffixes.
    surnames: BTreeMap<String, Vec<(String, bool)>>,
}

/// Edge found by a rule, before it becomes a [`crate::model::RelationMention`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub source: String,
    pub relation: Relation,
    pub target: String,
    pub cue: String,
    pub rule: String,
    pub sentence: usize,
    pub confidence: f32,
    /// Evaluation whose relation depends on whether the target accused the source.
    pub unprompted: Option<Relation>,
}

impl Engine {
    pub fn new(lex: Lexicon) -> Engine {
        Engine::with_dictionary(lex, None)
    }

    /// The engine, with jieba's dictionary from `base` when its building
    /// was started earlier ([`BaseDictionary::start`]); the same engine as
    /// [`Engine::new`].
    pub fn with_dictionary(lex: Lexicon, base: Option<BaseDictionary>) -> Engine {
        let matcher = Matcher::with_dictionary(&lex, base);
        let cyber_words: Vec<String> = lex
            .terms
            .iter()
            .filter(|t| t.meaning == Meaning::Gram(GramWord::Cyber))
            .map(|t| t.surface.to_lowercase())
            .collect();
        let cyber_terms = lex
            .terms
            .iter()
            .map(|t| {
                let surface = t.surface.to_lowercase();
                cyber_words.iter().any(|w| surface.contains(w.as_str()))
            })
            .collect();
        let mut surnames: Vec<(String, String, bool)> = lex
            .terms
            .iter()
            .filter_map(|t| {
                let Meaning::Person(i) = t.meaning else {
                    return None;
                };
                if t.lang == TermLang::Zh {
                    return zh_short_form(&t.surface).map(|(s, b)| (t.surface.clone(), s, b));
                }
                let words: Vec<&str> = t.surface.split_whitespace().collect();
                // A family name the entry gives (Wang for Wang Yi), else the
                // last word of a Western-order name.
                if let Some(s) = &lex.persons[i].surname {
                    return (words.len() >= 2 && words.contains(&s.as_str()))
                        .then(|| (t.surface.clone(), s.clone(), false));
                }
                let last = words.last()?;
                (words.len() >= 2
                    && last.chars().count() >= 3
                    && last.chars().next()?.is_uppercase())
                .then(|| (t.surface.clone(), last.to_string(), false))
            })
            .collect();
        surnames.sort();
        surnames.dedup();
        let mut by_name: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
        for (full, short, before_report) in surnames {
            by_name
                .entry(full)
                .or_default()
                .push((short, before_report));
        }
        Engine {
            lex,
            matcher,
            cyber_terms,
            surnames: by_name,
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Where `sentence` names an actor by one of its lexicon aliases: char
    /// ranges `[start, end)` with the actor id, in order (the report
    /// highlights the actors of an evidence sentence with them).
    pub fn actor_marks(&self, sentence: &str) -> Vec<(usize, usize, String)> {
        let norm = text::simplify_aligned(sentence);
        self.matcher
            .find(&norm)
            .into_iter()
            .filter_map(|h| match &self.matcher.term(h.term).meaning {
                Meaning::Actor(id) => Some((h.start, h.end, id.clone())),
                _ => None,
            })
            .collect()
    }

    /// Relations and outlet-voice stances of one article.
    pub fn extract(&self, article: &Article) -> Extraction {
        self.run(article, false).0
    }

    /// What the extractor saw in each sentence of `article` and what
    /// became of each cue (see [`explain`]).
    pub fn explain(&self, article: &Article) -> explain::Explanation {
        explain::explain(self, article)
    }

    /// The pipeline; with `explain`, also each sentence explained.
    fn run(
        &self,
        article: &Article,
        explain: bool,
    ) -> (Extraction, Option<Vec<explain::SentenceExplanation>>) {
        let sents = text::sentences(article);
        let mut prepared: Vec<Prepared> = sents
            .iter()
            .map(|s| {
                let hits = self.matcher.hits(self.matcher.scan(&s.norm));
                self.prepare(s, hits, article.date.as_deref())
            })
            .collect();
        resolve_embassy_anaphors(&mut prepared);
        names::learn(&self.matcher, &self.surnames, &mut prepared);
        anaphora::resolve_local(&self.lex, &mut prepared);
        let speakers = attribution::attribute(&prepared, &self.lex);
        let mut found = Vec::new();
        let mut ctx = relations::DocContext::default();
        ctx.cyber_article = self.cyber_article(&prepared);
        if explain {
            ctx.trace = Some(Vec::new());
        }
        // The actor ids each sentence names, for accusers with no edge behind them.
        ctx.named = prepared
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter(|it| it.is_group())
                    .flat_map(|it| it.ids().iter().cloned())
                    .collect()
            })
            .collect();
        for (i, p) in prepared.iter_mut().enumerate() {
            anaphora::resolve_accusers(&self.lex, p, i, &speakers[i], &found, &ctx.named);
            relations::sentence_relations(self, p, i, &speakers[i], &mut ctx, &mut found);
        }
        relations::resolve_unprompted(&mut found);
        let mut out = Extraction::default();
        let mut seen = std::collections::BTreeSet::new();
        for f in found {
            let s = &sents[f.sentence];
            let key = (
                f.source.clone(),
                f.relation,
                f.target.clone(),
                f.sentence,
                f.cue.clone(),
            );
            if !seen.insert(key) {
                continue;
            }
            out.relations.push(crate::model::RelationMention {
                doc: article.id.clone(),
                outlet: article.outlet.clone(),
                date: article.date.clone(),
                source: f.source,
                relation: f.relation,
                target: f.target,
                cue: f.cue,
                rule: f.rule,
                sentence: s.text.clone(),
                span: [s.start, s.end],
                confidence: f.confidence,
            });
        }
        out.stances = stance::outlet_voice(self, article, &prepared, &speakers);
        let explained = ctx.trace.map(|trace| {
            prepared
                .iter()
                .enumerate()
                .map(|(i, p)| explain::sentence(self, i, p, &speakers[i], &trace, &out))
                .collect()
        });
        (out, explained)
    }

    /// Is the article about cyber operations? Enough of its sentences hold
    /// a cyber word, a hacker name or a cyber attack cue.
    fn cyber_article(&self, prepared: &[Prepared]) -> bool {
        let Some(first) = prepared.first() else {
            return false;
        };
        let need = self.lex.grammar(first.lang).cyber_article_sentences;
        let cyber = |p: &&Prepared| {
            p.items.iter().any(|it| match it.kind {
                Kind::Gram(GramWord::Cyber) => true,
                Kind::Cue(c) => {
                    let cue = &self.lex.cues[c];
                    cue.relation == Relation::Attack && !cue.cyber_only
                }
                Kind::Group(_) => it.cyber_name,
                _ => false,
            })
        };
        need > 0 && prepared.iter().filter(cyber).count() >= need
    }

    fn items(
        &self,
        hits: Vec<mentions::Hit>,
        chars: &[char],
        date: Option<&str>,
        lang: TermLang,
    ) -> Vec<Item> {
        let mut items = Vec::new();
        let mut covered = vec![false; chars.len()];
        for h in hits {
            let t = self.matcher.term(h.term);
            let kind = match &t.meaning {
                Meaning::Actor(id) => Kind::Group(vec![id.clone()]),
                Meaning::Person(p) => Kind::Group(vec![self.lex.persons[*p].actor_on(date)]),
                Meaning::Cue(c) => Kind::Cue(*c),
                Meaning::Report { claim, addressee } => Kind::Report {
                    claim: *claim,
                    addressee: *addressee,
                },
                Meaning::Negation => Kind::Neg,
                Meaning::Cessation => Kind::Cessation,
                Meaning::Hedge => Kind::Hedge,
                Meaning::Gram(g) => Kind::Gram(*g),
                Meaning::Stance { .. } => continue,
            };
            // An anaphor (两国) may close a run of abbreviations (德荷两国).
            if !matches!(kind, Kind::Gram(GramWord::Anaphor(_))) {
                covered[h.start..h.end].iter_mut().for_each(|x| *x = true);
            }
            let mut it = Item::new(kind, h.start, h.end, t.lang);
            it.second = h.second;
            if it.is_group() {
                it.cyber_name = self.cyber_terms[h.term];
                it.adjective = t.adjective;
            }
            items.push(it);
        }
        for g in groups::abbreviation_runs(chars, &covered, self.lex.grammar(lang), lang) {
            covered[g.start..g.end].iter_mut().for_each(|x| *x = true);
            items.retain(|it| {
                !(matches!(it.kind, Kind::Gram(GramWord::Anaphor(_)))
                    && it.start < g.end
                    && g.start < it.end)
            });
            items.push(g);
        }
        // A short parenthesis (an abbreviation, a name in the other script:
        // "Cyber Army (CARR) that…", 联邦测绘局(BKG)) breaks no clause.
        let mut transparent = vec![false; chars.len()];
        for (i, c) in chars.iter().enumerate() {
            if matches!(c, '(' | '（') {
                let close = chars[i + 1..]
                    .iter()
                    .take(PAREN_WINDOW + 1)
                    .position(|c| matches!(c, ')' | '）'));
                if let Some(len) = close {
                    let inner = &chars[i + 1..i + 1 + len];
                    if !inner.iter().any(|&c| is_clause_break(c)) {
                        transparent[i] = true;
                        transparent[i + 1 + len] = true;
                    }
                }
            }
        }
        for (i, c) in chars.iter().enumerate() {
            if is_clause_break(*c) && !covered[i] && !transparent[i] {
                items.push(Item::new(Kind::Break, i, i + 1, lang));
            }
        }
        items.sort_by_key(|it| (it.start, it.end));
        items
    }

    fn prepare<'s>(
        &self,
        s: &'s Sentence,
        hits: mentions::SentenceHits,
        date: Option<&str>,
    ) -> Prepared<'s> {
        let lang = lang_of(s);
        let mentions::SentenceHits {
            main,
            stance: stance_hits,
            chars,
        } = hits;
        let mut items = self.items(main, &chars, date, lang);
        anaphor_patterns(&mut items, &s.norm, self.lex.grammar(lang), lang);
        // Datelines name no actor, and are no part of the first clause.
        let mut body = 0;
        if s.index_in_para == 0 {
            let gram = self.lex.grammar(lang);
            for re in &gram.datelines {
                if let Some(m) = re.find(&s.norm) {
                    let end = s.norm[..m.end()].chars().count();
                    items.retain(|it| it.start >= end);
                    body = end;
                    break;
                }
            }
        }
        groups::compounds(&mut items, &chars, &self.lex);
        groups::coordinate(&mut items, &chars);
        groups::embassies(&mut items, &chars, &self.lex, lang);
        groups::coordinate(&mut items, &chars);
        groups::comitatives(&mut items, &chars);
        let mut clauses = Vec::new();
        let mut start = body;
        for it in &items {
            if it.kind == Kind::Break {
                if it.start > start {
                    clauses.push((start, it.start));
                }
                start = it.end;
            }
        }
        if chars.len() > start {
            clauses.push((start, chars.len()));
        }
        let gram = self.lex.grammar(lang);
        mark_framed(&mut items, &chars, gram);
        Prepared {
            sent: s,
            chars,
            items,
            stance_hits,
            clauses,
            lang,
        }
    }
}

fn single_embassy(it: &Item) -> Option<&String> {
    match it.ids() {
        [id] if id.contains(".embassy.") || id.contains(".mission.") => Some(id),
        _ => None,
    }
}

/// 我使馆 / 大使馆 is the most recently named embassy, else the one embassy
/// the article names; with neither it names no actor.
fn resolve_embassy_anaphors(sents: &mut [Prepared]) {
    let named: std::collections::BTreeSet<&String> = sents
        .iter()
        .flat_map(|p| p.items.iter())
        .flat_map(|it| it.ids())
        .filter(|id| id.contains(".embassy.") || id.contains(".mission."))
        .collect();
    let only = (named.len() == 1)
        .then(|| named.into_iter().next().cloned())
        .flatten();
    let mut recent: Option<String> = None;
    for p in sents.iter_mut() {
        let here = recent.clone().or_else(|| only.clone());
        p.items.retain_mut(|it| {
            if it.kind != Kind::Gram(GramWord::EmbassyAnaphor) {
                return true;
            }
            match &here {
                Some(e) => {
                    it.kind = Kind::Group(vec![e.clone()]);
                    true
                }
                None => false,
            }
        });
        if let Some(id) = p.items.iter().rev().find_map(single_embassy) {
            recent = Some(id.clone());
        }
    }
}

/// Main language of a sentence: Chinese when it has any CJK char.
fn lang_of(s: &Sentence) -> TermLang {
    let (mut cjk, mut alnum) = (0usize, 0usize);
    for c in s.norm.chars() {
        if c.is_ascii() {
            alnum += c.is_ascii_alphanumeric() as usize;
        } else if text::is_cjk(c) {
            cjk += 1;
            alnum += text::is_cjk_alphanumeric(c) as usize;
        } else {
            alnum += c.is_alphanumeric() as usize;
        }
    }
    if cjk * 4 >= alnum.max(1) {
        TermLang::Zh
    } else {
        TermLang::En
    }
}

/// Adds the anaphors that `anaphor_patterns` find ("the two European
/// governments", 这两个成员国). A match overlapping an actor or another
/// anaphor is passed over; the function words inside it (the, two) give
/// way to it.
fn anaphor_patterns(
    items: &mut Vec<Item>,
    norm: &str,
    gram: &crate::lexicon::Grammar,
    lang: TermLang,
) {
    if gram.anaphor_patterns.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for (re, idx) in &gram.anaphor_patterns {
        for m in re.find_iter(norm) {
            let start = norm[..m.start()].chars().count();
            let end = start + m.as_str().chars().count();
            let blocked = items.iter().chain(added.iter()).any(|it: &Item| {
                it.start < end
                    && start < it.end
                    && (it.is_group()
                        || matches!(
                            it.kind,
                            Kind::Gram(GramWord::Anaphor(_)) | Kind::Cue(_) | Kind::Report { .. }
                        ))
            });
            if !blocked {
                added.push(Item::new(
                    Kind::Gram(GramWord::Anaphor(*idx)),
                    start,
                    end,
                    lang,
                ));
            }
        }
    }
    if added.is_empty() {
        return;
    }
    items.retain(|it| {
        !(matches!(it.kind, Kind::Gram(_))
            && added.iter().any(|a| a.start <= it.start && it.end <= a.end))
    });
    items.extend(added);
    items.sort_by_key(|it| (it.start, it.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cyber_flag_of_a_term_is_the_flag_of_each_of_its_hits() {
        let engine = Engine::new(Lexicon::shipped().unwrap());
        let words: Vec<String> = engine
            .lex
            .terms
            .iter()
            .filter(|t| t.meaning == Meaning::Gram(GramWord::Cyber))
            .map(|t| t.surface.to_lowercase())
            .collect();
        // Invented sentences, names in several cases and both scripts.
        let sentences = [
            "The UK National Cyber Security Centre said CHINESE HACKERS and the Chinese Hackers of APT-C-39 attacked Belgium.",
            "英国国家网络安全中心称，中国黑客和美国中央情报局攻击了比利时。",
            "Officials of the Cyberspace Administration of China rebutted NATO and the EU.",
        ];
        let (mut cyber, mut plain) = (0, 0);
        for s in sentences {
            let chars: Vec<char> = s.chars().collect();
            for h in engine.matcher.find(s) {
                let surface: String = chars[h.start..h.end]
                    .iter()
                    .collect::<String>()
                    .to_lowercase();
                let per_hit = words.iter().any(|w| surface.contains(w.as_str()));
                assert_eq!(engine.cyber_terms[h.term], per_hit, "{surface}");
                *(if per_hit { &mut cyber } else { &mut plain }) += 1;
            }
        }
        assert!(
            cyber >= 4 && plain >= 4,
            "{cyber} cyber, {plain} other hits"
        );
    }
}
