//! Turns parsed lexicon files into a compiled [`Lexicon`], collecting every
//! error and lint with its location. Chinese terms are keyed by their
//! Simplified form (Traditional input is converted with `hanconv`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use regex::Regex;
use toml::Spanned;

use super::diag::{Diagnostic, Severity, SourceFile};
use super::english::inflect;
use super::schema::{self, Frame, LangTag, LexFile, ModifierKind};
use super::Lexicon;
use crate::model::Relation;

pub const KINDS: &[&str] = &[
    "state",
    "region",
    "igo",
    "ministry",
    "agency",
    "embassy",
    "office",
    "person",
    "company",
    "collective",
    "media",
    "group",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub kind: String,
    pub label_zh: String,
    pub label_en: String,
    pub host: Option<String>,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub office: String,
    /// The English family name, when the entry gives one.
    pub surname: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Person {
    /// The actor a mention of this person stands for on `date`.
    pub fn actor_on(&self, date: Option<&str>) -> String {
        let Some(d) = date.map(|d| &d[..d.len().min(10)]) else {
            return self.office.clone();
        };
        let after_start = self.from.as_deref().is_none_or(|f| d >= f);
        let before_end = self.to.as_deref().is_none_or(|t| d <= t);
        if after_start && before_end {
            self.office.clone()
        } else {
            crate::model::country_of(&self.office).to_string()
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CueDef {
    pub relation: Relation,
    pub frame: Frame,
    pub cyber: Option<Relation>,
    pub unprompted: Option<Relation>,
    pub confidence: f32,
    pub wrongdoing: bool,
    pub pejorative: bool,
    /// Counts only in a cyber context (clause or article).
    pub cyber_only: bool,
    /// An evaluation naming an accusation: its subject accuses its object.
    pub accusation: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GramWord {
    Coordinator,
    Filler,
    Source,
    GroupEnd,
    Passive,
    Agent,
    ObjectMarker,
    TopicMarker,
    Locative,
    Cyber,
    Role,
    SpeakerAnaphor,
    Answer,
    Question,
    EmbassyPrefix,
    EmbassySuffix,
    MissionSuffix,
    EmbassyAnaphor,
    Conditional,
    Hearsay,
    /// An anaphor: index into its language's [`Grammar::anaphors`].
    Anaphor(u16),
    /// A subordinating conjunction ("after", "when").
    Subordinator,
    /// A preposition ("for", "of"): the group it governs is no subject.
    Preposition,
    /// A relative pronoun opening a clause (", which …,"): the clause
    /// sits inside the noun phrase before it.
    Relative,
    /// A pronoun with a copula that names nobody ("it is … that"): it
    /// outranks the pronoun as an anaphor.
    Expletive,
    /// An admission of a deed ("claimed responsibility for"): no report;
    /// the subject before it is the doer of the cue after it.
    Admission,
    /// Not from a list: a coordinator (与, 同) that joins no two actors
    /// marks the partner of the verb (与芬兰站在一起). Set by the rules.
    Comitative,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Meaning {
    Actor(String),
    Person(usize),
    Cue(usize),
    Report { claim: bool, addressee: bool },
    Stance { before: f32, after: f32 },
    Negation,
    Cessation,
    Hedge,
    Gram(GramWord),
}

impl Meaning {
    fn family(&self) -> &'static str {
        match self {
            Meaning::Actor(_) | Meaning::Person(_) => "actor alias",
            Meaning::Cue(_) => "relation cue",
            Meaning::Report { .. } => "reporting verb",
            Meaning::Stance { .. } => "stance word",
            Meaning::Negation => "negation",
            Meaning::Cessation => "cessation",
            Meaning::Hedge => "hedge",
            Meaning::Gram(_) => "grammar word",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermLang {
    Zh,
    En,
}

impl From<LangTag> for TermLang {
    fn from(l: LangTag) -> TermLang {
        match l {
            LangTag::Zh => TermLang::Zh,
            LangTag::En => TermLang::En,
        }
    }
}

/// One surface form. Chinese surfaces are Simplified; English ones are
/// lower-case unless `case_sensitive` (actor names).
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub surface: String,
    /// Second part of a discontinuous cue (`加入…行列`, `hold … accountable`).
    pub second: Option<String>,
    pub lang: TermLang,
    pub case_sensitive: bool,
    /// An adjective naming an actor (Polish): not a mention inside a
    /// hyphenated compound.
    pub adjective: bool,
    pub meaning: Meaning,
}

#[derive(Debug, Clone, Default)]
pub struct Grammar {
    pub embassy_owner: Option<String>,
    /// How each anaphor finds its antecedent, by [`GramWord::Anaphor`] index.
    pub anaphors: Vec<Anaphora>,
    /// Sentences an anaphor looks back (default 4).
    pub anaphor_window: usize,
    /// Words opening a definite noun phrase (the, 该), lower-cased.
    pub definites: Vec<String>,
    /// Words opening an infinitive ("to"), lower-cased: in "urged X to
    /// punish Y" the demand's object ends before them.
    pub infinitive_markers: Vec<String>,
    /// Words opening a complement clause ("that"), lower-cased: in
    /// "allegations that X …" the noun's object is X, the clause's subject.
    pub complementizers: Vec<String>,
    /// What closes a 与X… modifier naming X as the owner of the noun after
    /// it (有关联的: 与X有关联的黑客 are X's hackers).
    pub affiliations: Vec<String>,
    /// Words closing a time frame a locative opens (在访问X期间): a group
    /// right before them is no subject.
    pub frame_ends: Vec<String>,
    /// Words after the actors of a relation named as a whole (X与Y之间):
    /// those actors are neither subject nor object.
    pub relational_ends: Vec<String>,
    /// Chars in the longest of `frame_ends` and `relational_ends`: how far
    /// past an actor group they are looked for (set when the lexicon is
    /// compiled).
    pub frame_end_chars: usize,
    /// Institutions jieba's dictionary joins to a name in one token
    /// (德国议会): the name stands inside such a token.
    pub compound_heads: Vec<String>,
    /// Chars into a sentence an actor and a colon name its speaker (default 16).
    pub colon_speaker_window: usize,
    /// Modifier words (en) or chars (zh) allowed between an owner's mark
    /// ('s, 的) and the cue noun it owns (中国的军事恐吓; default 2).
    pub possessor_gap: usize,
    /// Sentences with a cyber word that make an article about cyber
    /// operations, for `cyber_only` cues (default 3).
    pub cyber_article_sentences: usize,
    /// Paragraphs back an office's speech reaches a later sentence whose
    /// subject is the office's own country (中方… after the embassy's
    /// statement; default 1).
    pub own_side_paragraphs: usize,
    /// A paragraph whose first sentence is a speaker's words runs on as
    /// the speaker's (他指出，…).
    pub paragraph_speech: bool,
    /// 德 -> germany, for runs such as 德荷两国.
    pub abbreviations: BTreeMap<char, String>,
    /// The suffixes, as chars (none is empty).
    pub abbreviation_suffixes: Vec<Vec<char>>,
    /// The first chars of `abbreviation_suffixes`, for a test per char.
    pub abbreviation_suffix_firsts: CharSet,
    pub datelines: Vec<Regex>,
    /// Anaphors written as patterns ("the two European governments"): the
    /// pattern and the index of its strategy in [`Grammar::anaphors`].
    pub anaphor_patterns: Vec<(Regex, u16)>,
    pub irregular: BTreeMap<String, Vec<String>>,
}

/// A set of chars with a constant-time test: a bitmap over the Basic
/// Multilingual Plane, a list beyond it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CharSet {
    bmp: Vec<u64>,
    astral: Vec<char>,
}

impl CharSet {
    pub fn insert(&mut self, c: char) {
        let u = c as usize;
        if u < 0x10000 {
            if self.bmp.is_empty() {
                self.bmp = vec![0; 0x10000 / 64];
            }
            self.bmp[u / 64] |= 1 << (u % 64);
        } else if !self.astral.contains(&c) {
            self.astral.push(c);
        }
    }

    pub fn contains(&self, c: char) -> bool {
        let u = c as usize;
        if u < 0x10000 {
            self.bmp
                .get(u / 64)
                .is_some_and(|w| w & (1 << (u % 64)) != 0)
        } else {
            self.astral.contains(&c)
        }
    }
}

/// How an anaphor finds what it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anaphora {
    /// Whoever last accused (attacked, threatened, made demands of) the
    /// speaker's side: 有关方面, "certain countries".
    Accuser,
    /// The last two sides named: 两国, 双方, "both sides".
    Pair,
    /// The subject of the sentence before: "they", "it" opening a clause.
    Subject,
    /// The last actor of this kind (`company`, `igo`, `state`, ...).
    Kind(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outlet {
    pub slug: String,
    pub names: Vec<String>,
    pub domains: Vec<String>,
}

/// Simplified form of a Chinese term (identity for Latin text).
pub fn simplify(s: &str) -> String {
    if s.chars().any(|c| c as u32 >= 0x2E80) {
        hanconv::t2s(s)
    } else {
        s.to_string()
    }
}

struct Ctx<'a> {
    diags: Vec<Diagnostic>,
    file: &'a SourceFile,
}

impl Ctx<'_> {
    fn err(&mut self, span: Range<usize>, value: &str, msg: impl Into<String>) {
        let d = self.file.diag(Severity::Error, span, value, msg);
        self.diags.push(d);
    }
    fn warn(&mut self, span: Range<usize>, value: &str, msg: impl Into<String>) {
        let d = self.file.diag(Severity::Warning, span, value, msg);
        self.diags.push(d);
    }
}

/// A term with where it was defined.
struct Defined {
    term: Term,
    file: usize,
    span: Range<usize>,
    layer: usize,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

fn valid_date(d: &str) -> bool {
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()
}

/// Compiles layers of files. Returns the lexicon (None when a file failed
/// to parse) and every diagnostic, errors and lints alike.
pub fn compile(layers: &[Vec<SourceFile>]) -> (Option<Lexicon>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut files: Vec<(usize, &SourceFile, LexFile)> = Vec::new();
    for (layer, lf) in layers.iter().enumerate() {
        for f in lf {
            match toml::from_str::<LexFile>(&f.text) {
                Ok(parsed) => files.push((layer, f, parsed)),
                Err(e) => {
                    let span = e.span().unwrap_or(0..0);
                    let value = f
                        .text
                        .get(span.clone())
                        .unwrap_or("")
                        .chars()
                        .take(60)
                        .collect::<String>();
                    let msg = e.message().to_string();
                    diags.push(f.diag(Severity::Error, span, &value, msg));
                }
            }
        }
    }
    let parse_failed = !diags.is_empty();

    // Actors: a later layer replaces an id; the same layer twice is an error.
    let mut actors: BTreeMap<String, (Actor, usize, usize, Range<usize>)> = BTreeMap::new();
    let mut cues: Vec<CueDef> = Vec::new();
    let mut persons: Vec<Person> = Vec::new();
    let mut defined: Vec<Defined> = Vec::new();
    let fresh = || Grammar {
        anaphor_window: 4,
        colon_speaker_window: 16,
        possessor_gap: 2,
        cyber_article_sentences: 3,
        own_side_paragraphs: 1,
        ..Grammar::default()
    };
    let mut zh = fresh();
    let mut en = fresh();
    let mut outlets = Vec::new();
    // Cross-references to resolve once every actor is known.
    let mut refs: Vec<(usize, Range<usize>, String, &'static str)> = Vec::new();

    for (fi, (layer, file, parsed)) in files.iter().enumerate() {
        let mut cx = Ctx {
            diags: Vec::new(),
            file,
        };
        for a in &parsed.actor {
            let id = a.id.get_ref().clone();
            if !valid_id(&id) {
                cx.err(
                    a.id.span(),
                    &id,
                    "bad actor id (lower-case a-z, 0-9, _ segments joined by '.')",
                );
                continue;
            }
            if !KINDS.contains(&a.kind.get_ref().as_str()) {
                cx.err(
                    a.kind.span(),
                    a.kind.get_ref(),
                    format!("unknown actor kind (one of {})", KINDS.join(", ")),
                );
            }
            for (field, v) in [("label_zh", &a.label_zh), ("label_en", &a.label_en)] {
                if v.get_ref().trim().is_empty() {
                    cx.err(v.span(), v.get_ref(), format!("empty {field}"));
                }
            }
            if let Some((_, l, pf, _)) = actors.get(&id) {
                if *l == *layer {
                    let prev = files[*pf].1.name.clone();
                    cx.err(
                        a.id.span(),
                        &id,
                        format!("duplicate actor id (also in {prev})"),
                    );
                    continue;
                }
            }
            let host = a.host.as_ref().filter(|h| !h.get_ref().is_empty());
            if let Some(h) = host {
                refs.push((fi, h.span(), h.get_ref().clone(), "host"));
            } else if a.kind.get_ref() == "embassy" {
                cx.err(a.id.span(), &id, "an embassy needs a host");
            }
            for m in &a.members {
                refs.push((fi, m.span(), m.get_ref().clone(), "member"));
            }
            if id.contains('.') {
                let first = crate::model::country_of(&id).to_string();
                refs.push((fi, a.id.span(), first, "parent"));
            }
            let actor = Actor {
                id: id.clone(),
                kind: a.kind.get_ref().clone(),
                label_zh: a.label_zh.get_ref().clone(),
                label_en: a.label_en.get_ref().clone(),
                host: host.map(|h| h.get_ref().clone()),
                members: a.members.iter().map(|m| m.get_ref().clone()).collect(),
            };
            // Drop aliases a replaced actor had in an earlier layer.
            // (Compared in place: a clone of the id per term made this
            // scan a twentieth of the start-up.)
            defined.retain(|d| {
                !(d.layer < *layer && matches!(&d.term.meaning, Meaning::Actor(x) if *x == id))
            });
            actors.insert(id.clone(), (actor, *layer, fi, a.id.span()));
            add_aliases(
                &mut cx,
                &mut defined,
                fi,
                *layer,
                &a.zh,
                &a.en,
                Meaning::Actor(id.clone()),
            );
            for adj in &a.adjectives {
                let before = defined.len();
                push_term(
                    &mut cx,
                    &mut defined,
                    fi,
                    *layer,
                    adj,
                    TermLang::En,
                    true,
                    Meaning::Actor(id.clone()),
                );
                for d in &mut defined[before..] {
                    d.term.adjective = true;
                }
            }
        }
        for p in &parsed.person {
            refs.push((fi, p.office.span(), p.office.get_ref().clone(), "office"));
            for d in [&p.from, &p.to].into_iter().flatten() {
                if !valid_date(d.get_ref()) {
                    cx.err(d.span(), d.get_ref(), "bad date (YYYY-MM-DD)");
                }
            }
            if p.zh.is_empty() && p.en.is_empty() {
                cx.err(
                    p.office.span(),
                    p.office.get_ref(),
                    "a person needs at least one name",
                );
            }
            let idx = persons.len();
            persons.push(Person {
                office: p.office.get_ref().clone(),
                surname: p.surname.as_ref().map(|s| s.get_ref().clone()),
                from: p.from.as_ref().map(|s| s.get_ref().clone()),
                to: p.to.as_ref().map(|s| s.get_ref().clone()),
            });
            add_aliases(
                &mut cx,
                &mut defined,
                fi,
                *layer,
                &p.zh,
                &p.en,
                Meaning::Person(idx),
            );
        }
        // Grammar first: English cue verbs need its irregular forms.
        for g in &parsed.grammar {
            let lang: TermLang = g.lang.into();
            let gram = if lang == TermLang::Zh {
                &mut zh
            } else {
                &mut en
            };
            let entries = g
                .anaphors
                .iter()
                .map(|a| (a, false))
                .chain(g.anaphor_patterns.iter().map(|a| (a, true)));
            for (a, pattern) in entries {
                let raw = a.get_ref().trim();
                let Some((surface, strategy)) = raw.rsplit_once(char::is_whitespace) else {
                    cx.err(a.span(), a.get_ref(), "an anaphor is 'surface strategy'");
                    continue;
                };
                let how = match strategy {
                    "accuser" => Anaphora::Accuser,
                    "pair" => Anaphora::Pair,
                    "subject" => Anaphora::Subject,
                    k if k.starts_with("kind:") && k.len() > 5 => {
                        Anaphora::Kind(k[5..].to_string())
                    }
                    _ => {
                        cx.err(
                            a.span(),
                            a.get_ref(),
                            "unknown anaphor strategy (accuser, pair, subject, kind:<kind>)",
                        );
                        continue;
                    }
                };
                let Ok(idx) = u16::try_from(gram.anaphors.len()) else {
                    cx.err(a.span(), a.get_ref(), "too many anaphors");
                    continue;
                };
                if pattern {
                    match Regex::new(surface.trim()) {
                        Ok(r) => {
                            gram.anaphors.push(how);
                            gram.anaphor_patterns.push((r, idx));
                        }
                        Err(e) => {
                            cx.err(a.span(), a.get_ref(), format!("bad anaphor pattern: {e}"))
                        }
                    }
                    continue;
                }
                gram.anaphors.push(how);
                let sp = Spanned::new(a.span(), surface.trim().to_string());
                push_term(
                    &mut cx,
                    &mut defined,
                    fi,
                    *layer,
                    &sp,
                    lang,
                    false,
                    Meaning::Gram(GramWord::Anaphor(idx)),
                );
            }
            // Plain strings compared with the text, not matched terms.
            for (list, target) in [
                (&g.compound_heads, &mut gram.compound_heads),
                (&g.relational_ends, &mut gram.relational_ends),
                (&g.frame_ends, &mut gram.frame_ends),
                (&g.affiliations, &mut gram.affiliations),
            ] {
                target.extend(list.iter().map(|d| d.get_ref().to_string()));
            }
            for d in &g.infinitive_markers {
                gram.infinitive_markers.push(d.get_ref().to_lowercase());
            }
            for d in &g.complementizers {
                gram.complementizers.push(d.get_ref().to_lowercase());
            }
            for d in &g.definites {
                gram.definites.push(d.get_ref().to_lowercase());
            }
            for (field, value, target) in [
                (
                    "anaphor_window",
                    &g.anaphor_window,
                    &mut gram.anaphor_window,
                ),
                (
                    "colon_speaker_window",
                    &g.colon_speaker_window,
                    &mut gram.colon_speaker_window,
                ),
                ("possessor_gap", &g.possessor_gap, &mut gram.possessor_gap),
                (
                    "cyber_article_sentences",
                    &g.cyber_article_sentences,
                    &mut gram.cyber_article_sentences,
                ),
                (
                    "own_side_paragraphs",
                    &g.own_side_paragraphs,
                    &mut gram.own_side_paragraphs,
                ),
            ] {
                if let Some(v) = value {
                    match usize::try_from(*v.get_ref()) {
                        Ok(n) if n <= 1000 => *target = n,
                        _ => cx.err(
                            v.span(),
                            &v.get_ref().to_string(),
                            format!("{field} must be between 0 and 1000"),
                        ),
                    }
                }
            }
            if let Some(b) = g.paragraph_speech {
                gram.paragraph_speech = b;
            }
            let lists: [(&Vec<schema::S>, GramWord); 25] = [
                (&g.relatives, GramWord::Relative),
                (&g.expletives, GramWord::Expletive),
                (&g.subordinators, GramWord::Subordinator),
                (&g.hearsay, GramWord::Hearsay),
                (&g.coordinators, GramWord::Coordinator),
                (&g.source_markers, GramWord::Source),
                (&g.fillers, GramWord::Filler),
                (&g.group_end, GramWord::GroupEnd),
                (&g.passive, GramWord::Passive),
                (&g.agent, GramWord::Agent),
                (&g.object_markers, GramWord::ObjectMarker),
                (&g.topic_markers, GramWord::TopicMarker),
                (&g.locative, GramWord::Locative),
                (&g.prepositions, GramWord::Preposition),
                (&g.admissions, GramWord::Admission),
                (&g.cyber, GramWord::Cyber),
                (&g.roles, GramWord::Role),
                (&g.speaker_anaphors, GramWord::SpeakerAnaphor),
                (&g.answer_markers, GramWord::Answer),
                (&g.question_markers, GramWord::Question),
                (&g.embassy_prefix, GramWord::EmbassyPrefix),
                (&g.embassy_suffix, GramWord::EmbassySuffix),
                (&g.mission_suffix, GramWord::MissionSuffix),
                (&g.embassy_anaphors, GramWord::EmbassyAnaphor),
                (&g.conditional, GramWord::Conditional),
            ];
            for (list, w) in lists {
                for s in list {
                    push_term(
                        &mut cx,
                        &mut defined,
                        fi,
                        *layer,
                        s,
                        lang,
                        false,
                        Meaning::Gram(w),
                    );
                }
            }
            if let Some(o) = &g.embassy_owner {
                refs.push((fi, o.span(), o.get_ref().clone(), "embassy owner"));
                gram.embassy_owner = Some(o.get_ref().clone());
            }
            for d in &g.datelines {
                match Regex::new(d.get_ref()) {
                    Ok(r) => gram.datelines.push(r),
                    Err(e) => cx.err(d.span(), d.get_ref(), format!("bad dateline pattern: {e}")),
                }
            }
            for a in &g.abbreviations {
                let mut parts = a.get_ref().split_whitespace();
                let mut ch = parts.next().map(|c| c.chars());
                match (
                    ch.as_mut().and_then(|c| c.next()),
                    ch.as_mut().and_then(|c| c.next()),
                    parts.next(),
                    parts.next(),
                ) {
                    (Some(c), None, Some(id), None) => {
                        refs.push((fi, a.span(), id.to_string(), "abbreviation"));
                        if gram.abbreviations.insert(c, id.to_string()).is_some() {
                            cx.err(a.span(), a.get_ref(), "duplicate abbreviation");
                        }
                    }
                    _ => cx.err(
                        a.span(),
                        a.get_ref(),
                        "an abbreviation is 'one-character actor-id'",
                    ),
                }
            }
            for s in &g.abbreviation_suffixes {
                if s.get_ref().trim().is_empty() {
                    cx.err(s.span(), s.get_ref(), "empty abbreviation suffix");
                } else {
                    let chars: Vec<char> = s.get_ref().chars().collect();
                    gram.abbreviation_suffix_firsts.insert(chars[0]);
                    gram.abbreviation_suffixes.push(chars);
                }
            }
            for irr in &g.irregular {
                let mut parts = irr.get_ref().split_whitespace();
                match (parts.next(), parts.clone().count()) {
                    (Some(base), n) if n > 0 => {
                        gram.irregular
                            .entry(base.to_string())
                            .or_default()
                            .extend(parts.map(str::to_string));
                    }
                    _ => cx.err(
                        irr.span(),
                        irr.get_ref(),
                        "irregular forms are 'base form1 form2 …'",
                    ),
                }
            }
        }
        diags.extend(cx.diags);
    }
    // Cues, reporting verbs, stance words and modifiers, once all grammar is known.
    for (fi, (layer, file, parsed)) in files.iter().enumerate() {
        let mut cx = Ctx {
            diags: Vec::new(),
            file,
        };
        for c in &parsed.cue {
            let lang: TermLang = c.lang.into();
            if c.terms.is_empty() && c.verbs.is_empty() {
                cx.err(
                    c.relation.span(),
                    c.relation.get_ref().as_str(),
                    "a cue group needs terms or verbs",
                );
            }
            let conf = c.confidence.unwrap_or(0.8);
            if !(0.0..=1.0).contains(&conf) {
                cx.err(
                    c.relation.span(),
                    &conf.to_string(),
                    "confidence must be within 0..1",
                );
            }
            let idx = cues.len();
            cues.push(CueDef {
                relation: *c.relation.get_ref(),
                frame: c.frame,
                cyber: c.cyber.as_ref().map(|r| *r.get_ref()),
                unprompted: c.unprompted.as_ref().map(|r| *r.get_ref()),
                confidence: conf,
                wrongdoing: c.wrongdoing,
                pejorative: c.pejorative,
                cyber_only: c.cyber_only,
                accusation: c.accusation,
            });
            let gram = if lang == TermLang::Zh { &zh } else { &en };
            add_terms(
                &mut cx,
                &mut defined,
                fi,
                *layer,
                lang,
                &c.terms,
                &c.verbs,
                gram,
                Meaning::Cue(idx),
            );
        }
        for r in &parsed.report {
            let lang: TermLang = r.lang.into();
            let gram = if lang == TermLang::Zh { &zh } else { &en };
            add_terms(
                &mut cx,
                &mut defined,
                fi,
                *layer,
                lang,
                &r.terms,
                &r.verbs,
                gram,
                Meaning::Report {
                    claim: r.claim,
                    addressee: r.addressee,
                },
            );
        }
        for s in &parsed.stance {
            let lang: TermLang = s.lang.into();
            let gram = if lang == TermLang::Zh { &zh } else { &en };
            if s.before == 0.0 && s.after == 0.0 {
                if let Some(t) = s.terms.first().or(s.verbs.first()) {
                    cx.warn(
                        t.span(),
                        t.get_ref(),
                        "stance group with no polarity (before and after are 0)",
                    );
                }
            }
            let m = Meaning::Stance {
                before: s.before,
                after: s.after,
            };
            add_terms(
                &mut cx,
                &mut defined,
                fi,
                *layer,
                lang,
                &s.terms,
                &s.verbs,
                gram,
                m,
            );
        }
        for m in &parsed.modifier {
            let lang: TermLang = m.lang.into();
            let meaning = match m.kind {
                ModifierKind::Negation => Meaning::Negation,
                ModifierKind::Cessation => Meaning::Cessation,
                ModifierKind::Hedge => Meaning::Hedge,
            };
            for t in &m.terms {
                push_term(
                    &mut cx,
                    &mut defined,
                    fi,
                    *layer,
                    t,
                    lang,
                    false,
                    meaning.clone(),
                );
            }
        }
        for o in &parsed.outlet {
            if o.slug.get_ref().is_empty() {
                cx.err(o.slug.span(), "", "empty outlet slug");
            }
            outlets.push(Outlet {
                slug: o.slug.get_ref().clone(),
                names: o.names.iter().map(|s| s.get_ref().clone()).collect(),
                domains: o
                    .domains
                    .iter()
                    .map(|s| s.get_ref().to_lowercase())
                    .collect(),
            });
        }
        diags.extend(cx.diags);
    }

    // Cross-references.
    for (fi, span, id, what) in &refs {
        if !actors.contains_key(id) {
            let f = files[*fi].1;
            diags.push(f.diag(
                Severity::Error,
                span.clone(),
                id,
                format!("unknown actor id in {what}"),
            ));
        }
    }

    // Duplicates and conflicts between surfaces.
    // Stance words are a channel of their own: a word may be both a cue and
    // a stance word (抹黑 accuses, and frames the accuser).
    type Key = (bool, TermLang, bool, String, Option<String>);
    let mut by_key: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, d) in defined.iter().enumerate() {
        let stance = matches!(d.term.meaning, Meaning::Stance { .. });
        let key = (
            stance,
            d.term.lang,
            d.term.case_sensitive,
            d.term.surface.clone(),
            d.term.second.clone(),
        );
        by_key.entry(key).or_default().push(i);
    }
    let mut keep = vec![true; defined.len()];
    for idxs in by_key.values() {
        if idxs.len() < 2 {
            continue;
        }
        let top = idxs.iter().map(|&i| defined[i].layer).max().unwrap_or(0);
        let winner = idxs.iter().copied().find(|&i| defined[i].layer == top);
        for &i in idxs {
            if defined[i].layer < top {
                keep[i] = false; // overridden by a later layer
                                 // Said once: a user's file takes a term over from another meaning.
                if let Some(w) =
                    winner.filter(|&w| defined[w].term.meaning != defined[i].term.meaning)
                {
                    let (d, old) = (&defined[w], &defined[i]);
                    let (ol, oc) = files[old.file].1.line_col(old.span.start);
                    let msg = format!(
                        "takes over this {} from the {} at {}:{ol}:{oc}",
                        d.term.meaning.family(),
                        old.term.meaning.family(),
                        files[old.file].1.name
                    );
                    diags.push(files[d.file].1.diag(
                        Severity::Warning,
                        d.span.clone(),
                        &d.term.surface,
                        msg,
                    ));
                }
            }
        }
        let same_layer: Vec<usize> = idxs
            .iter()
            .copied()
            .filter(|&i| defined[i].layer == top)
            .collect();
        for &i in same_layer.iter().skip(1) {
            let first = &defined[same_layer[0]];
            let d = &defined[i];
            let f = files[d.file].1;
            let (fl, fc) = files[first.file].1.line_col(first.span.start);
            let msg = if d.term.meaning == first.term.meaning {
                format!(
                    "duplicate {} (first at {}:{fl}:{fc})",
                    d.term.meaning.family(),
                    files[first.file].1.name
                )
            } else {
                format!(
                    "conflict: this {} is also a {} at {}:{fl}:{fc}",
                    d.term.meaning.family(),
                    first.term.meaning.family(),
                    files[first.file].1.name
                )
            };
            diags.push(f.diag(Severity::Error, d.span.clone(), &d.term.surface, msg));
            keep[i] = false;
        }
    }
    // An English cue that is also an actor name in another case.
    let actor_lower: BTreeSet<String> = defined
        .iter()
        .filter(|d| {
            d.term.lang == TermLang::En
                && matches!(d.term.meaning, Meaning::Actor(_) | Meaning::Person(_))
        })
        .map(|d| d.term.surface.to_lowercase())
        .collect();
    for d in &defined {
        if d.term.lang == TermLang::En
            && matches!(d.term.meaning, Meaning::Cue(_))
            && actor_lower.contains(&d.term.surface)
        {
            let f = files[d.file].1;
            diags.push(f.diag(
                Severity::Warning,
                d.span.clone(),
                &d.term.surface,
                "cue is also an actor alias (in another case)",
            ));
        }
    }

    if parse_failed {
        return (None, diags);
    }
    let terms: Vec<Term> = defined
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(d, _)| d.term)
        .collect();
    for g in [&mut zh, &mut en] {
        g.frame_end_chars = g
            .frame_ends
            .iter()
            .chain(&g.relational_ends)
            .map(|e| e.chars().count())
            .max()
            .unwrap_or(0);
    }
    let mut file_names = Vec::new();
    for (_, f, _) in &files {
        file_names.push(f.name.clone());
    }
    let lex = Lexicon {
        actors: actors.into_iter().map(|(k, v)| (k, v.0)).collect(),
        persons,
        cues,
        terms,
        zh,
        en,
        outlets,
        files: file_names,
    };
    (Some(lex), diags)
}

fn add_aliases(
    cx: &mut Ctx<'_>,
    defined: &mut Vec<Defined>,
    fi: usize,
    layer: usize,
    zh: &[schema::S],
    en: &[schema::S],
    meaning: Meaning,
) {
    for s in zh {
        if s.get_ref().chars().count() == 1 {
            cx.err(
                s.span(),
                s.get_ref(),
                "one-character Chinese alias is too ambiguous",
            );
            continue;
        }
        push_term(
            cx,
            defined,
            fi,
            layer,
            s,
            TermLang::Zh,
            false,
            meaning.clone(),
        );
    }
    for s in en {
        push_term(
            cx,
            defined,
            fi,
            layer,
            s,
            TermLang::En,
            true,
            meaning.clone(),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn add_terms(
    cx: &mut Ctx<'_>,
    defined: &mut Vec<Defined>,
    fi: usize,
    layer: usize,
    lang: TermLang,
    terms: &[schema::S],
    verbs: &[schema::S],
    gram: &Grammar,
    meaning: Meaning,
) {
    for t in terms {
        push_term(cx, defined, fi, layer, t, lang, false, meaning.clone());
    }
    for v in verbs {
        if lang != TermLang::En {
            cx.err(
                v.span(),
                v.get_ref(),
                "`verbs` are for English; use `terms` for Chinese",
            );
            continue;
        }
        let raw = v.get_ref().trim().to_lowercase();
        let (head, second) = match raw.split_once('…') {
            Some((a, b)) => (a.trim().to_string(), Some(b.trim().to_string())),
            None => (raw.clone(), None),
        };
        if head.is_empty() {
            cx.err(v.span(), v.get_ref(), "empty verb");
            continue;
        }
        for form in inflect(&head, &gram.irregular) {
            let surface = match &second {
                Some(s) => format!("{form} … {s}"),
                None => form,
            };
            let sp = Spanned::new(v.span(), surface);
            push_term(cx, defined, fi, layer, &sp, lang, false, meaning.clone());
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_term(
    cx: &mut Ctx<'_>,
    defined: &mut Vec<Defined>,
    fi: usize,
    layer: usize,
    s: &Spanned<String>,
    lang: TermLang,
    case_sensitive: bool,
    meaning: Meaning,
) {
    let raw = s.get_ref();
    if raw.trim().is_empty() {
        cx.err(s.span(), raw, "empty term");
        return;
    }
    if raw.trim() != raw {
        cx.err(s.span(), raw, "term has leading or trailing spaces");
        return;
    }
    let (first, second) = match raw.split_once('…') {
        Some((a, b)) => (a.trim().to_string(), Some(b.trim().to_string())),
        None => (raw.to_string(), None),
    };
    if first.is_empty() || second.as_deref() == Some("") {
        cx.err(
            s.span(),
            raw,
            "a discontinuous term needs text on both sides of '…'",
        );
        return;
    }
    let norm = |x: &str| {
        let x = simplify(x);
        if case_sensitive || lang == TermLang::Zh {
            x
        } else {
            x.to_lowercase()
        }
    };
    if lang == TermLang::Zh && simplify(raw) != *raw {
        cx.warn(
            s.span(),
            raw,
            "Chinese term in Traditional characters (write Simplified; Traditional is derived)",
        );
    }
    defined.push(Defined {
        term: Term {
            surface: norm(&first),
            second: second.as_deref().map(norm),
            lang,
            case_sensitive,
            adjective: false,
            meaning,
        },
        file: fi,
        span: s.span(),
        layer,
    });
}

#[cfg(test)]
mod tests {
    use super::CharSet;

    #[test]
    fn char_set_holds_what_was_inserted_and_nothing_else() {
        let mut s = CharSet::default();
        assert!(!s.contains('两'), "an empty set holds nothing");
        for c in ['两', '等', 'a', '\u{0}', '\u{ffff}', '𠀀'] {
            s.insert(c);
        }
        for c in ['两', '等', 'a', '\u{0}', '\u{ffff}', '𠀀'] {
            assert!(s.contains(c), "{c:?}");
        }
        for c in ['三', 'b', '\u{1}', '𠀁', '中'] {
            assert!(!s.contains(c), "{c:?}");
        }
    }
}
