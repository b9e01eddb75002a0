//! Attribution: who speaks where.
//!
//! - `speaker`: in "X 表示…" / "X said …" the content after the reporting verb
//!   is X's; a verb in a later clause takes the sentence's subject
//!   (X 19日回应…，表示…); English "…, said X" gives X the text before.
//! - `speaker_colon`: 我使馆：比方声明… (an actor and a colon).
//! - `speaker_carryover`: a sentence that opens with a role word or pronoun
//!   (发言人强调…, He said…), a Q&A answer (答：), or a subjectless sentence in
//!   the same paragraph continues the last named speaker.

use super::{quotes, Kind, Prepared};
use crate::lexicon::{GramWord, Lexicon, TermLang};
use crate::model::country_of;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scope {
    pub from: usize,
    pub to: usize,
    pub speaker: Vec<String>,
    pub rule: &'static str,
    pub claim: bool,
    /// 据X消息，…: content the outlet relays on X's authority. It is X's for
    /// the relations, and still the outlet's own voice for its stance.
    pub relayed: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Speakers {
    pub scopes: Vec<Scope>,
    /// Char ranges inside quotation marks, attributed or not: never the
    /// outlet's own voice.
    pub quoted: Vec<(usize, usize)>,
}

impl Speakers {
    /// The innermost speaker at a char position.
    pub fn at(&self, pos: usize) -> Option<&Scope> {
        self.scopes
            .iter()
            .rev()
            .find(|s| pos >= s.from && pos < s.to)
    }

    /// Is char `pos` inside someone's words (a scope not relayed by the
    /// outlet, see [`Scope::relayed`])?
    pub fn in_speech(&self, pos: usize) -> bool {
        self.scopes
            .iter()
            .any(|s| !s.relayed && pos >= s.from && pos < s.to)
    }

    /// Is char `pos` inside quotation marks?
    pub fn in_quote(&self, pos: usize) -> bool {
        self.quoted.iter().any(|&(a, b)| pos >= a && pos < b)
    }
}

/// Is group `k` the object of something before it (对X, against X, 被X, 在X)?
pub(crate) fn object_marked(p: &Prepared, k: usize) -> bool {
    marker_of(p, k).is_some()
}

/// The kind of the marker governing group `k` (对, against, for, by, …),
/// past filler words, when there is one.
pub(crate) fn marker_of(p: &Prepared, k: usize) -> Option<Kind> {
    // "for the WSJ": the filler word is no marker, the word before it is.
    let mut j = k;
    while j > 0 && p.items[j - 1].kind == Kind::Gram(GramWord::Filler) {
        j -= 1;
    }
    let prev = &p.items[j.checked_sub(1)?];
    if prev.kind == Kind::Break {
        return None;
    }

    // "a spokesperson for the X", "a statement from X": the role's owner,
    // not an object.
    if matches!(
        prev.kind,
        Kind::Gram(GramWord::Preposition) | Kind::Gram(GramWord::Agent)
    ) && j >= 2
        && p.items[j - 2].kind == Kind::Gram(GramWord::Role)
        && prev.start <= p.items[j - 2].end + 1
    {
        return None;
    }
    // 在访问澳大利亚期间: inside a time frame (see `frame_ends`).
    if p.items[k].framed {
        return Some(Kind::Gram(GramWord::Locative));
    }
    let first = &p.items[j];
    let gap = first.start.saturating_sub(prev.end);
    let limit = if p.lang == TermLang::En { 5 } else { 1 };
    if gap > limit {
        return None;
    }
    // 对…的 / "of the" between: the gap must be spaces or "the".
    // Opening quotation marks do not count: 炒作“某组织”.
    let between: String = p.chars[prev.end..first.start]
        .iter()
        .filter(|&&c| !super::quotes::opening_mark(c))
        .collect();
    let between = between.trim().to_lowercase();
    if !(between.is_empty() || between == "the") {
        return None;
    }
    matches!(
        prev.kind,
        Kind::Gram(GramWord::ObjectMarker)
            | Kind::Gram(GramWord::TopicMarker)
            | Kind::Gram(GramWord::Passive)
            | Kind::Gram(GramWord::Locative)
            | Kind::Gram(GramWord::Preposition)
            | Kind::Gram(GramWord::Agent)
            | Kind::Gram(GramWord::EmbassyPrefix)
            | Kind::Gram(GramWord::Source)
            | Kind::Gram(GramWord::Comitative)
            | Kind::Report {
                addressee: true,
                ..
            }
            | Kind::Cue(_)
    )
    .then(|| prev.kind.clone())
}

/// Index of the sentence subject: the first group before any cue or
/// reporting verb that is not an object.
pub(crate) fn subject(p: &Prepared) -> Option<usize> {
    for (k, it) in p.items.iter().enumerate() {
        match it.kind {
            Kind::Group(_) if !object_marked(p, k) => return Some(k),
            Kind::Cue(_) | Kind::Report { .. } => return None,
            _ => {}
        }
    }
    None
}

fn starts_with(p: &Prepared, words: &[GramWord]) -> bool {
    p.items
        .iter()
        .find(|it| it.kind != Kind::Break)
        .is_some_and(|it| it.start <= 2 && words.iter().any(|w| it.kind == Kind::Gram(*w)))
}

/// Speakers of every sentence of an article.
pub(crate) fn attribute(sents: &[Prepared], lex: &Lexicon) -> Vec<Speakers> {
    let regions = quotes::regions(sents);
    let mut quoted: Vec<Vec<(usize, usize)>> = vec![Vec::new(); sents.len()];
    for r in &regions {
        for (si, q) in quoted
            .iter_mut()
            .enumerate()
            .take(r.close.0 + 1)
            .skip(r.open.0)
        {
            let from = if si == r.open.0 { r.open.1 } else { 0 };
            let to = if si == r.close.0 {
                r.close.1
            } else {
                sents[si].chars.len()
            };
            q.push((from, to));
        }
    }
    // Quotation scopes waiting for the sentences they reach.
    let mut pending: Vec<Vec<Scope>> = vec![Vec::new(); sents.len()];
    let mut next_region = 0usize;
    // The attribution of the last quotation that closed: (sentence, char
    // after its closing mark, speaker), for "“A,” X said, “B.”".
    let mut prev_quote: Option<(usize, usize, Vec<String>)> = None;
    let mut out = Vec::with_capacity(sents.len());
    let mut last: Option<Vec<String>> = None;
    // Whether `last` was named by a source marker (据X消息).
    let mut last_relayed = false;
    // The last speaker named with a role word (X发言人, spokesperson): what
    // a bare 发言人 / "the spokesperson" / 我们 later refers to.
    let mut last_role: Option<Vec<String>> = None;
    let mut answer = false;
    let mut question: Option<Option<Vec<String>>> = None;
    // (paragraph, had a speaker) of the sentence before.
    let mut prev_para: Option<(usize, bool)> = None;
    // The paragraph of the last sentence with a named speaker.
    let mut named_para: Option<usize> = None;
    // The paragraph and speaker of a paragraph opened by a speaker.
    let mut para_opener: Option<(usize, Vec<String>)> = None;
    for (si, p) in sents.iter().enumerate() {
        let mut sp = Speakers {
            quoted: std::mem::take(&mut quoted[si]),
            ..Speakers::default()
        };
        let n = p.chars.len();
        if starts_with(p, &[GramWord::Question]) {
            answer = false;
            question = Some(last.clone());
        }
        if starts_with(p, &[GramWord::Answer]) {
            answer = true;
            if let Some(q) = question.take() {
                last = q;
            }
        }
        let asking = question.is_some();
        if p.sent.heading && p.sent.para == 0 {
            answer = false;
        }
        for (k, it) in p.items.iter().enumerate() {
            let Kind::Report { claim, .. } = it.kind else {
                continue;
            };
            // 报道《…》: a title cited, not words spoken.
            if p.chars[it.end..].iter().find(|c| !c.is_whitespace()) == Some(&'《') {
                continue;
            }
            // 被认为 / "is said to": an impersonal report, nobody's words.
            let impersonal = k.checked_sub(1).is_some_and(|j| {
                let b = &p.items[j];
                b.kind == Kind::Gram(GramWord::Passive) && it.start <= b.end + 1
            });
            if impersonal {
                sp.scopes.push(Scope {
                    from: it.end,
                    to: n,
                    speaker: Vec::new(),
                    rule: "speaker_unknown",
                    claim,
                    relayed: false,
                });
                continue;
            }
            if let Some((speaker, inverted, role)) = speaker_of(p, lex, k) {
                let (from, to) = if inverted { (0, it.start) } else { (it.end, n) };
                if role && !asking {
                    last_role = Some(speaker.clone());
                }
                sp.scopes.push(Scope {
                    from,
                    to,
                    speaker: speaker.clone(),
                    rule: "speaker",
                    claim,
                    relayed: false,
                });
                if !asking {
                    last = Some(speaker);
                    last_relayed = false;
                }
            } else if it.start <= 2 || preceded_by_anaphor(p, k) {
                if let Some(l) = last_role.as_ref().or(last.as_ref()) {
                    sp.scopes.push(Scope {
                        from: it.end,
                        to: n,
                        speaker: l.clone(),
                        rule: "speaker_carryover",
                        claim,
                        relayed: false,
                    });
                }
            } else if let Some((from, to)) = unknown_speaker(p, lex, k) {
                // Someone the lexicon does not know speaks: the content is
                // nobody's, and the last speaker does not reach it.
                sp.scopes.push(Scope {
                    from,
                    to,
                    speaker: Vec::new(),
                    rule: "speaker_unknown",
                    claim,
                    relayed: false,
                });
            }
        }
        // 陆委会表示，中共一方面强调讲好故事，一方面却…: a speaker named
        // inside another's speech whose verb takes its words with no mark
        // between speaks only to the end of its clause.
        if p.lang == TermLang::Zh {
            for i in 0..sp.scopes.len() {
                let s = &sp.scopes[i];
                let nested = sp.scopes.iter().any(|o| {
                    !o.speaker.is_empty()
                        && o.from < s.from
                        && o.to >= s.to
                        && o.speaker != s.speaker
                });
                let unmarked = p
                    .chars
                    .get(s.from)
                    .is_some_and(|c| c.is_alphanumeric() || quotes::opening_mark(*c));
                if s.rule == "speaker" && nested && unmarked {
                    sp.scopes[i].to = p.clause_of(s.from).1.min(s.to);
                }
            }
        }
        // 根据/据 X，… and "according to X": X's content.
        for (k, it) in p.items.iter().enumerate() {
            if it.kind != Kind::Gram(GramWord::Source) {
                continue;
            }
            if let Some(g) = p
                .items
                .get(k + 1)
                .filter(|g| g.is_group() && g.start <= it.end + 5)
            {
                sp.scopes.push(Scope {
                    from: g.end,
                    to: n,
                    speaker: g.ids().to_vec(),
                    rule: "speaker",
                    claim: false,
                    relayed: true,
                });
                // It opens an account that later sentences go on with,
                // unless it is a source cited inside an answer.
                if !asking && !answer {
                    last = Some(g.ids().to_vec());
                    last_relayed = true;
                }
            }
        }
        // Quotations: those reaching this sentence from before, then those
        // opening in it. They are the outer scopes: a reporting verb inside
        // a quotation speaks for itself.
        let mut outer = std::mem::take(&mut pending[si]);
        while next_region < regions.len() && regions[next_region].open.0 == si {
            let r = regions[next_region];
            next_region += 1;
            let attr = quote_attribution(sents, lex, &r, &sp, prev_quote.as_ref());
            let speaker = match attr {
                Some(quotes::Attribution::Known(ids)) => Some(ids),
                Some(quotes::Attribution::Anaphor) => last_role.clone().or(last.clone()),
                Some(quotes::Attribution::Unknown) => Some(Vec::new()),
                None => None,
            };
            let Some(speaker) = speaker else {
                prev_quote = None;
                continue;
            };
            let rule = if speaker.is_empty() {
                "speaker_unknown"
            } else {
                "speaker_quote"
            };
            for sj in r.open.0..=r.close.0 {
                let scope = Scope {
                    from: if sj == r.open.0 { r.open.1 } else { 0 },
                    to: if sj == r.close.0 {
                        r.close.1
                    } else {
                        sents[sj].chars.len()
                    },
                    speaker: speaker.clone(),
                    rule,
                    claim: false,
                    relayed: false,
                };
                if sj == si {
                    outer.push(scope);
                } else {
                    pending[sj].push(scope);
                }
            }
            prev_quote = r.closed.then(|| (r.close.0, r.close.1 + 1, speaker));
        }
        if !outer.is_empty() {
            outer.append(&mut sp.scopes);
            sp.scopes = outer;
        }
        // 毛宁：我注意到你提到的报告。 The colon speaker is the outer
        // speaker; reporting verbs inside its speech nest in it. A headline
        // may give two speakers their say in turn (甲方：…… 乙方：……): each
        // speaks up to the next.
        let colons = colon_speakers(p, lex.grammar(p.lang).colon_speaker_window);
        if !colons.is_empty() {
            let named_inside = sp.scopes.iter().any(|s| !s.speaker.is_empty());
            let mut outer = Vec::with_capacity(colons.len() + sp.scopes.len());
            for (i, (k, g)) in colons.iter().enumerate() {
                let to = colons
                    .get(i + 1)
                    .map_or(n, |(_, _)| colon_group_start(p, colons[i + 1].0));
                outer.push(Scope {
                    from: *k,
                    to,
                    speaker: g.clone(),
                    rule: "speaker_colon",
                    claim: false,
                    relayed: false,
                });
                if !named_inside {
                    last = Some(g.clone());
                    last_relayed = false;
                }
            }
            outer.append(&mut sp.scopes);
            sp.scopes = outer;
        }
        if sp.scopes.is_empty() {
            let anaphor = starts_with(p, &[GramWord::Role, GramWord::SpeakerAnaphor]);
            let carried = if anaphor {
                last_role.as_ref().or(last.as_ref())
            } else {
                last.as_ref()
            };
            if let Some(l) = carried {
                let same_para = prev_para == Some((p.sent.para, true));
                let subj = subject(p);
                let no_subject = subj.is_none_or(|k| p.items[k].start > 4);
                // 中方… inside an embassy's statement is the embassy speaking on.
                let own_side = subj.is_some_and(|k| speaks_for(l, p.items[k].ids()));
                let reach = lex.grammar(p.lang).own_side_paragraphs;
                let near = named_para.is_some_and(|q| p.sent.para <= q + reach);
                let relayed = last_relayed && !(anaphor && last_role.is_some());
                // 他指出，…。美国从未停止…。: a paragraph a speaker opens is
                // the speaker's to its end (`paragraph_speech`).
                let opened = lex.grammar(p.lang).paragraph_speech
                    && para_opener
                        .as_ref()
                        .is_some_and(|(q, s)| *q == p.sent.para && s == l);
                if answer || anaphor || (same_para && no_subject) || (own_side && near) || opened {
                    sp.scopes.push(Scope {
                        from: 0,
                        to: n,
                        speaker: l.clone(),
                        rule: "speaker_carryover",
                        claim: false,
                        relayed,
                    });
                }
            }
        }
        own_side_inside(&mut sp.scopes);
        let named = sp.scopes.iter().any(|s| !s.speaker.is_empty());
        prev_para = Some((p.sent.para, named));
        if named {
            named_para = Some(p.sent.para);
        }
        // The first sentence of a paragraph whose speech runs to its end,
        // from a reporting verb near its start, opens the paragraph's speech.
        if p.sent.index_in_para == 0 {
            para_opener = sp
                .scopes
                .iter()
                .find(|s| {
                    !s.speaker.is_empty()
                        && s.to == n
                        && s.from <= n / 3
                        && matches!(s.rule, "speaker" | "speaker_carryover" | "speaker_colon")
                })
                .map(|s| (p.sent.para, s.speaker.clone()));
        } else if para_opener
            .as_ref()
            .is_some_and(|(_, who)| sp.scopes.iter().any(|s| &s.speaker != who))
        {
            para_opener = None;
        }
        out.push(sp);
    }
    out
}

/// 使团发言人表示，…中方对此表示强烈不满: a speech inside another whose
/// speaker is the bare country of the outer speaker (中方, "we") is the
/// outer speaker's, who speaks for that country.
fn own_side_inside(scopes: &mut [Scope]) {
    for i in 0..scopes.len() {
        let inner = &scopes[i];
        let bare = !inner.speaker.is_empty() && inner.speaker.iter().all(|x| !x.contains('.'));
        if !bare {
            continue;
        }
        let outer = scopes.iter().enumerate().find(|(j, o)| {
            *j != i
                && o.from <= inner.from
                && o.to >= inner.to
                && (o.from, o.to) != (inner.from, inner.to)
                && speaks_for(&o.speaker, &inner.speaker)
        });
        if let Some((_, o)) = outer {
            let speaker = o.speaker.clone();
            scopes[i].speaker = speaker;
        }
    }
}

/// Whether `office` (embassies, ministries: dotted ids) speaks for the bare
/// country `side` names (中方, 我国, "we"): every office belongs to it.
pub(crate) fn speaks_for(office: &[String], side: &[String]) -> bool {
    !office.is_empty()
        && !side.is_empty()
        && office.iter().all(|x| x.contains('.'))
        && side
            .iter()
            .all(|x| !x.contains('.') && office.iter().all(|y| country_of(y) == x.as_str()))
}

/// Who quotation `r` is attributed to: a speaker whose content covers its
/// opening mark (X said: “…”), an attribution right after its closing mark
/// or opening the next sentence of the paragraph (“…。”林剑说。), or the
/// speaker of the quotation that closed just before it in the sentence.
fn quote_attribution(
    sents: &[Prepared],
    lex: &Lexicon,
    r: &quotes::Region,
    sp: &Speakers,
    prev: Option<&(usize, usize, Vec<String>)>,
) -> Option<quotes::Attribution> {
    let (os, opos) = r.open;
    if let Some(s) = sp.at(opos.saturating_sub(1)).or_else(|| sp.at(opos)) {
        if s.rule == "speaker" || s.rule == "speaker_colon" || s.rule == "speaker_carryover" {
            return Some(if s.speaker.is_empty() {
                quotes::Attribution::Unknown
            } else {
                quotes::Attribution::Known(s.speaker.clone())
            });
        }
    }
    if r.closed && quotes::speech(sents, r) {
        let (cs, cpos) = r.close;
        let p = &sents[cs];
        if let Some(a) = quotes::after_close(p, &lex.grammar(p.lang).definites, cpos + 1, 3) {
            return Some(a);
        }
        let rest_empty = p.chars[(cpos + 1).min(p.chars.len())..]
            .iter()
            .all(|c| !c.is_alphanumeric());
        if rest_empty {
            if let Some(next) = sents.get(cs + 1).filter(|n| n.sent.para == p.sent.para) {
                if let Some(a) = quotes::after_close(next, &lex.grammar(next.lang).definites, 0, 1)
                {
                    return Some(a);
                }
            }
        }
    }
    let (ps, ppos, speaker) = prev?;
    let between = &sents[os].items;
    let gap_has_cue = between
        .iter()
        .any(|it| it.start >= *ppos && it.end <= opos && matches!(it.kind, Kind::Cue(_)));
    (*ps == os && opos >= *ppos && opos - ppos <= 40 && !gap_has_cue).then(|| {
        if speaker.is_empty() {
            quotes::Attribution::Unknown
        } else {
            quotes::Attribution::Known(speaker.clone())
        }
    })
}

/// A reporting verb `k` whose speaker names no actor (报道称, analysts
/// said): the span of its content, or `None` when words before it in its
/// clause are missing (a subjectless verb is the subject's or the last
/// speaker's, not an unknown one).
fn unknown_speaker(p: &Prepared, lex: &Lexicon, k: usize) -> Option<(usize, usize)> {
    let r = &p.items[k];
    let (cs, _) = p.clause_of(r.start);
    let lead = lead_words(p, lex, cs, r.start);
    if lead == 0 {
        return None;
    }
    // English "…, analysts said." closes the sentence: the content is before.
    if p.lang == TermLang::En && cs > 0 {
        let after = p.chars[r.end..]
            .iter()
            .collect::<String>()
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        if after <= 3 {
            return Some((0, cs));
        }
    }
    Some((r.end, p.chars.len()))
}

/// Words between chars `from` and `to` of a sentence, not counting pronouns
/// and role words (he, 他, the spokesperson) nor Chinese one-char adverbs
/// (还, 并): Chinese counts chars, English words.
fn lead_words(p: &Prepared, lex: &Lexicon, from: usize, to: usize) -> usize {
    let covered = |i: usize| {
        p.items.iter().any(|it| {
            it.start <= i
                && i < it.end
                && matches!(
                    it.kind,
                    Kind::Gram(GramWord::SpeakerAnaphor) | Kind::Gram(GramWord::Role)
                )
        })
    };
    let kept: String = (from..to)
        .filter(|&i| !covered(i))
        .map(|i| p.chars[i])
        .collect();
    let lower = kept.trim_start().to_lowercase();
    let definite = lex.grammar(p.lang).definites.iter().any(|d| {
        lower.starts_with(d.as_str())
            && (p.lang == TermLang::Zh
                || lower[d.len()..].starts_with(|c: char| !c.is_alphanumeric()))
    });
    if definite {
        return 0;
    }
    // 对这种行径表示愤慨: a clause whose words before the verb open with an
    // object or topic marker is a prepositional phrase with no subject.
    if p.lang == TermLang::Zh {
        let first = (from..to).find(|&i| !covered(i) && !p.chars[i].is_whitespace());
        let opens_marked =
            first.is_some_and(|i| p.items.iter().any(|m| m.start == i && is_marker(m)));
        if opens_marked {
            return 0;
        }
    }
    if p.lang == TermLang::En {
        kept.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
    } else {
        let n = kept.chars().filter(|c| c.is_alphanumeric()).count();
        if n <= 2 {
            0
        } else {
            n
        }
    }
}

/// Chinese 对美方插手香港事务和中国内政表示…: a group after an object or
/// topic marker that opens its clause's words before the verb is inside
/// that prepositional phrase (the speaker stands before 对, or is the
/// sentence subject), unless the marker governs a demonstrative (对此).
fn in_marked_phrase(p: &Prepared, cs: usize, j: usize) -> bool {
    if p.lang != TermLang::Zh {
        return false;
    }
    let g = &p.items[j];
    p.items[..j].iter().any(|m| {
        m.start >= cs
            && m.end <= g.start
            && is_marker(m)
            && !matches!(p.chars.get(m.end), Some('此' | '这' | '该'))
    })
}

/// An object or topic marker (对, 向, 就, 对于).
fn is_marker(m: &super::Item) -> bool {
    matches!(
        m.kind,
        Kind::Gram(GramWord::ObjectMarker) | Kind::Gram(GramWord::TopicMarker)
    )
}

fn preceded_by_anaphor(p: &Prepared, k: usize) -> bool {
    p.items[..k]
        .iter()
        .filter(|it| it.kind != Kind::Break)
        .all(|it| {
            matches!(
                it.kind,
                Kind::Gram(GramWord::Role) | Kind::Gram(GramWord::SpeakerAnaphor)
            )
        })
}

/// Whether a speaker group is someone speaking for an actor (X发言人,
/// a spokesperson's office, an embassy).
fn is_role(g: &super::Item) -> bool {
    g.role
        || g.ids().iter().any(|id| {
            id.ends_with("spokesperson") || id.contains(".embassy.") || id.contains(".mission.")
        })
}

/// The speaker of reporting verb `k`: ids, whether the speech stands before
/// the verb (English `"…," X said` or `…, said X`), and whether the speaker
/// speaks for an actor (a role).
fn speaker_of(p: &Prepared, lex: &Lexicon, k: usize) -> Option<(Vec<String>, bool, bool)> {
    let r = &p.items[k];
    let (cs, _) = p.clause_of(r.start);
    // Nearest subject group before the verb in its clause.
    for j in (0..k).rev() {
        let it = &p.items[j];
        if it.start < cs {
            break;
        }
        if it.is_group() && !object_marked(p, j) && !in_marked_phrase(p, cs, j) {
            return Some((
                it.ids().to_vec(),
                r.lang == TermLang::En && quoted_before(p, it.start),
                is_role(it),
            ));
        }
    }
    // A later clause with no subject of its own continues the sentence
    // subject (X 19日回应…，表示…; "…, saying"); words before the verb that
    // name no actor are someone else (…, analysts said).
    if cs > 0 && lead_words(p, lex, cs, r.start) == 0 {
        if let Some(s) = subject(p) {
            // The subject opens its clause (盟国…，增强抵御俄罗斯…的能力，
            // 重申…: 俄罗斯 is inside an object, not the subject).
            let (ss, _) = p.clause_of(p.items[s].start);
            if p.items[s].end <= r.start && lead_words(p, lex, ss, p.items[s].start) == 0 {
                let g = &p.items[s];
                return Some((g.ids().to_vec(), false, is_role(g)));
            }
        }
    }
    // English: ", said X".
    if r.lang == TermLang::En {
        if let Some(next) = p.items.get(k + 1) {
            if next.is_group() && next.start <= r.end + 5 {
                return Some((next.ids().to_vec(), true, is_role(next)));
            }
        }
    }
    None
}

/// `"…," the embassy said`: the sentence opens with a quotation that closes
/// before `pos`.
fn quoted_before(p: &Prepared, pos: usize) -> bool {
    let open = p.chars.iter().position(|c| !c.is_whitespace());
    let Some(o) = open.filter(|&o| matches!(p.chars[o], '"' | '“')) else {
        return false;
    };
    p.chars[o + 1..pos].iter().any(|c| matches!(c, '"' | '”'))
}

/// 我使馆：… — a group right before a colon within the grammar's
/// `colon_speaker_window` chars of the start, and any later group right
/// before a colon that opens a segment of its own (after a space or a
/// punctuation mark: 甲方：…… 乙方：……). Gives where each speech starts.
fn colon_speakers(p: &Prepared, window: usize) -> Vec<(usize, Vec<String>)> {
    let mut out: Vec<(usize, Vec<String>)> = Vec::new();
    for (k, it) in p.items.iter().enumerate() {
        if out.is_empty() && it.start > window {
            break;
        }
        let Kind::Group(ids) = &it.kind else {
            continue;
        };
        let Some(next) = p.items.get(k + 1) else {
            break;
        };
        let c = p.chars.get(next.start).copied();
        let colon = next.kind == Kind::Break
            && next.start <= it.end + 1
            && matches!(c, Some('：') | Some(':'));
        // The group opens a segment: a space or a punctuation mark at most
        // three chars before it (大陆国台办：), with no other item between.
        let seg = p.chars[..it.start]
            .iter()
            .rposition(|&b| b.is_whitespace() || (!b.is_alphanumeric() && !quotes::opening_mark(b)))
            .map_or(0, |x| x + 1);
        let opens = it.start - seg <= 3 && (k == 0 || p.items[k - 1].end <= seg);
        if colon && (out.is_empty() || opens) {
            out.push((next.end, ids.clone()));
        }
    }
    out
}

/// Where the group whose colon ends at `colon_end` starts.
fn colon_group_start(p: &Prepared, colon_end: usize) -> usize {
    p.items
        .iter()
        .rposition(|it| it.kind == Kind::Break && it.end == colon_end)
        .and_then(|b| b.checked_sub(1))
        .map_or(colon_end, |g| p.items[g].start)
}
