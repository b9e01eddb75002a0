//! Attribution: who speaks where.
//!
//! - `speaker`: in "X 表示…" / "X said …" the content after the reporting verb
//!   is X's; a verb in a later clause takes the sentence's subject
//!   (X 19日回应…，表示…); English "…, said X" gives X the text before.
//! - `speaker_colon`: 我使馆：比方声明… (an actor and a colon).
//! - `speaker_carryover`: a sentence that opens with a role word or pronoun
//!   (发言人强调…, He said…), a Q&A answer (答：), or a subjectless sentence in
//!   the same paragraph continues the last named speaker.

use super::{Kind, Prepared};
use crate::lexicon::{GramWord, TermLang};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scope {
    pub from: usize,
    pub to: usize,
    pub speaker: Vec<String>,
    pub rule: &'static str,
    pub claim: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Speakers {
    pub scopes: Vec<Scope>,
}

impl Speakers {
    /// The innermost speaker at a char position.
    pub fn at(&self, pos: usize) -> Option<&Scope> {
        self.scopes
            .iter()
            .rev()
            .find(|s| pos >= s.from && pos < s.to)
    }
}

/// Is group `k` the object of something before it (对X, against X, 被X, 在X)?
pub(crate) fn object_marked(p: &Prepared, k: usize) -> bool {
    let g = &p.items[k];
    let Some(prev) = k.checked_sub(1).map(|j| &p.items[j]) else {
        return false;
    };
    if prev.kind == Kind::Break {
        return false;
    }
    let gap = g.start.saturating_sub(prev.end);
    let limit = if p.lang == TermLang::En { 5 } else { 1 };
    if gap > limit {
        return false;
    }
    // 对…的 / "of the" between: the gap must be spaces or "the".
    let between: String = p.chars[prev.end..g.start].iter().collect();
    let between = between.trim().to_lowercase();
    if !(between.is_empty() || between == "the") {
        return false;
    }
    matches!(
        prev.kind,
        Kind::Gram(GramWord::ObjectMarker)
            | Kind::Gram(GramWord::TopicMarker)
            | Kind::Gram(GramWord::Passive)
            | Kind::Gram(GramWord::Locative)
            | Kind::Gram(GramWord::Agent)
            | Kind::Gram(GramWord::EmbassyPrefix)
            | Kind::Gram(GramWord::Source)
            | Kind::Gram(GramWord::Comitative)
            | Kind::Cue(_)
    )
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
pub(crate) fn attribute(sents: &[Prepared]) -> Vec<Speakers> {
    let mut out = Vec::with_capacity(sents.len());
    let mut last: Option<Vec<String>> = None;
    // The last speaker named with a role word (X发言人, spokesperson): what
    // a bare 发言人 / "the spokesperson" / 我们 later refers to.
    let mut last_role: Option<Vec<String>> = None;
    let mut answer = false;
    let mut question: Option<Option<Vec<String>>> = None;
    let mut prev_para: Option<(usize, bool)> = None; // (para, had speaker)
    for p in sents {
        let mut sp = Speakers::default();
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
            let Kind::Report { claim } = it.kind else {
                continue;
            };
            if let Some((speaker, inverted, role)) = speaker_of(p, k) {
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
                });
                if !asking {
                    last = Some(speaker);
                }
            } else if it.start <= 2 || preceded_by_anaphor(p, k) {
                if let Some(l) = last_role.as_ref().or(last.as_ref()) {
                    sp.scopes.push(Scope {
                        from: it.end,
                        to: n,
                        speaker: l.clone(),
                        rule: "speaker_carryover",
                        claim,
                    });
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
                });
            }
        }
        if sp.scopes.is_empty() {
            if let Some((k, g)) = colon_speaker(p) {
                sp.scopes.push(Scope {
                    from: k,
                    to: n,
                    speaker: g.clone(),
                    rule: "speaker_colon",
                    claim: false,
                });
                last = Some(g);
            }
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
                let own_side = subj.is_some_and(|k| {
                    let ids = p.items[k].ids();
                    l.iter().any(|x| x.contains('.'))
                        && ids.iter().all(|i| {
                            !i.contains('.') && l.iter().all(|x| crate::model::country_of(x) == i)
                        })
                });
                if answer || anaphor || (same_para && (no_subject || own_side)) {
                    sp.scopes.push(Scope {
                        from: 0,
                        to: n,
                        speaker: l.clone(),
                        rule: "speaker_carryover",
                        claim: false,
                    });
                }
            }
        }
        prev_para = Some((p.sent.para, !sp.scopes.is_empty()));
        out.push(sp);
    }
    out
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
fn speaker_of(p: &Prepared, k: usize) -> Option<(Vec<String>, bool, bool)> {
    let r = &p.items[k];
    let (cs, _) = p.clause_of(r.start);
    // Nearest subject group before the verb in its clause.
    for j in (0..k).rev() {
        let it = &p.items[j];
        if it.start < cs {
            break;
        }
        if it.is_group() && !object_marked(p, j) {
            return Some((
                it.ids().to_vec(),
                r.lang == TermLang::En && quoted_before(p, it.start),
                is_role(it),
            ));
        }
    }
    // A later clause continues the sentence subject.
    if cs > 0 {
        if let Some(s) = subject(p) {
            if p.items[s].end <= r.start {
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

/// 我使馆：… — a group right before a colon near the start.
fn colon_speaker(p: &Prepared) -> Option<(usize, Vec<String>)> {
    for (k, it) in p.items.iter().enumerate() {
        if it.start > 16 {
            break;
        }
        if let Kind::Group(ids) = &it.kind {
            let next = p.items.get(k + 1)?;
            let c = p.chars.get(next.start).copied();
            if next.kind == Kind::Break
                && next.start <= it.end + 1
                && matches!(c, Some('：') | Some(':'))
            {
                return Some((next.end, ids.clone()));
            }
        }
    }
    None
}
