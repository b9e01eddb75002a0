//! Quotations across sentences: where each quotation of a paragraph opens
//! and closes, and who it is attributed to.
//!
//! A quotation may run over several sentences (“… . … .”X说 / "… . …," the
//! official said) and its attribution may stand before the opening mark
//! (X said: “…”), right after the closing mark (”X说, ," she added), in the
//! next sentence of the paragraph (“…。”followed by 林剑说。) or be shared
//! with the quotation before it in the same sentence ("“A,” X said, “B.”").
//! [`regions`] finds the quotations; [`after_close`] reads an attribution
//! that follows a closing mark. Scare quotes (“所谓”, a quoted phrase) are
//! quotations too: they only matter when an attribution is found for them.

use super::{Kind, Prepared};
use crate::lexicon::{GramWord, TermLang};

/// A quotation: from the opening mark (sentence, char after the mark) to
/// the closing mark (sentence, char of the mark; the sentence's length when
/// the paragraph ends first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    pub open: (usize, usize),
    pub close: (usize, usize),
    /// Whether a closing mark was found (an unclosed quotation runs to the
    /// end of its paragraph).
    pub closed: bool,
}

/// Who a quotation is attributed to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Attribution {
    /// A named actor.
    Known(Vec<String>),
    /// A pronoun or role word (he, the spokesperson, 发言人): the last speaker.
    Anaphor,
    /// A reporting verb whose speaker is no actor of the lexicon (analysts
    /// said, 一位学者说): nobody the graph knows.
    Unknown,
}

/// Every mark [`regions`] reacts to, for the range test that skips the rest.
#[cfg(test)]
const MARKS: [char; 7] = ['"', '“', '「', '『', '”', '」', '』'];

fn opener(c: char) -> bool {
    matches!(c, '“' | '「' | '『')
}

/// Any opening quotation mark, the straight and single ones too: what may
/// stand between a marker and the name it governs (炒作“某组织”).
pub(crate) fn opening_mark(c: char) -> bool {
    opener(c) || matches!(c, '"' | '‘')
}

fn closer(c: char) -> bool {
    matches!(c, '”' | '」' | '』')
}

/// Does the quotation read as speech rather than a quoted phrase: it runs
/// over sentences, or ends with punctuation before its closing mark
/// (“…,” / “…。”)?
pub(crate) fn speech(sents: &[Prepared], r: &Region) -> bool {
    if r.open.0 != r.close.0 || !r.closed {
        return true;
    }
    let p = &sents[r.close.0];
    r.close.1 > r.open.1
        && p.chars[..r.close.1]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| ",.!?;，。！？；…".contains(*c))
}

/// The quotations of an article, in order.
pub(crate) fn regions(sents: &[Prepared]) -> Vec<Region> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut depth = 0usize;
    // Where a quotation missing its opening mark would start: the start of
    // the paragraph, or the end of its last quotation.
    let mut resume = (0usize, 0usize);
    for (si, p) in sents.iter().enumerate() {
        if si == 0 || sents[si - 1].sent.para != p.sent.para {
            resume = (si, 0);
        }
        // A quotation never crosses a paragraph.
        if let Some(o) = open {
            if sents[o.0].sent.para != p.sent.para {
                let last = si - 1;
                out.push(Region {
                    open: o,
                    close: (last, sents[last].chars.len()),
                    closed: false,
                });
                open = None;
                depth = 0;
            }
        }
        for (i, &c) in p.chars.iter().enumerate() {
            // Every mark looked for is `"` or lies in U+201C..=U+300F: one
            // range test passes over the other chars.
            if c != '"' && !('\u{201c}'..='\u{300f}').contains(&c) {
                continue;
            }
            let straight = c == '"';
            if opener(c) || (straight && open.is_none()) {
                if open.is_none() {
                    open = Some((si, i + 1));
                    depth = 1;
                } else {
                    depth += 1;
                }
            } else if closer(c) || (straight && open.is_some()) {
                if let Some(o) = open {
                    depth = depth.saturating_sub(1);
                    if depth == 0 || straight {
                        out.push(Region {
                            open: o,
                            close: (si, i),
                            closed: true,
                        });
                        open = None;
                        depth = 0;
                        resume = (si, i + 1);
                    }
                } else if closer(c) {
                    // 这不可接受，”她说: speech whose opening mark is
                    // missing runs from where the paragraph's text resumed.
                    let r = Region {
                        open: resume,
                        close: (si, i),
                        closed: true,
                    };
                    if r.open != r.close && speech(sents, &r) {
                        out.push(r);
                    }
                    resume = (si, i + 1);
                }
            }
        }
    }
    if let Some(o) = open {
        let last = sents.len() - 1;
        out.push(Region {
            open: o,
            close: (last, sents[last].chars.len()),
            closed: false,
        });
    }
    out
}

/// The attribution that follows char `pos` of a sentence: a speaker and a
/// reporting verb (X说, X said), a reporting verb and a speaker (said X),
/// a pronoun or role and a verb (he added), or a verb after words that name
/// no actor (analysts said). `max_lead` is how many chars of punctuation
/// and space may come first.
pub(crate) fn after_close(
    p: &Prepared,
    definites: &[String],
    pos: usize,
    max_lead: usize,
) -> Option<Attribution> {
    if pos > p.chars.len() {
        return None;
    }
    let mut it = p
        .items
        .iter()
        .filter(|it| it.start >= pos && it.kind != Kind::Break);
    let first = it.next()?;
    let second = it.next();
    let lead: String = p.chars[pos..first.start].iter().collect();
    let lead_words = lead.chars().filter(|c| c.is_alphanumeric()).count();
    let near = |a: &super::Item, b: &super::Item, gap: usize| b.start.saturating_sub(a.end) <= gap;
    let is_report = |x: &super::Item| matches!(x.kind, Kind::Report { .. });
    // ”X在记者会上强调: the verb may follow an adjunct (a place, a time)
    // that names no actor and holds no cue.
    let verb_after_group = || {
        p.items
            .iter()
            .filter(|x| x.start >= first.end && x.kind != Kind::Break)
            .take_while(|x| !x.is_group() && !matches!(x.kind, Kind::Cue(_)))
            .find(|x| is_report(x))
            .filter(|r| near(first, r, 8))
    };
    match (&first.kind, second) {
        (Kind::Group(ids), Some(_)) if lead_words == 0 && verb_after_group().is_some() => {
            (first.start <= pos + max_lead).then(|| Attribution::Known(ids.clone()))
        }
        (Kind::Report { .. }, Some(g)) if lead_words == 0 && g.is_group() && near(first, g, 5) => {
            (first.start <= pos + max_lead).then(|| Attribution::Known(g.ids().to_vec()))
        }
        (Kind::Gram(GramWord::SpeakerAnaphor), Some(r)) if is_report(r) && near(first, r, 8) => {
            (first.start <= pos + max_lead).then_some(Attribution::Anaphor)
        }
        (Kind::Gram(GramWord::Role), Some(r))
            if is_report(r) && near(first, r, 8) && p.lang == TermLang::Zh =>
        {
            (first.start <= pos + max_lead + 4).then_some(Attribution::Anaphor)
        }
        _ if is_report(first) => {
            // Words before the verb that name no actor: an unknown speaker.
            let words = if p.lang == TermLang::En {
                lead.split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .count()
            } else {
                lead_words
            };
            // "the agency said": someone named before.
            let lower = lead
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            if definites.iter().any(|d| {
                lower.starts_with(d.as_str())
                    && (p.lang == TermLang::Zh
                        || lower[d.len()..].starts_with(|c: char| !c.is_alphanumeric()))
            }) {
                return Some(Attribution::Anaphor);
            }
            let few = if p.lang == TermLang::En {
                words <= 3
            } else {
                words <= 8
            };
            (words >= 1 && few && lead.chars().count() <= max_lead + 24)
                .then_some(Attribution::Unknown)
        }
        (Kind::Gram(GramWord::Role), Some(r)) if is_report(r) && near(first, r, 8) => {
            (first.start <= pos + max_lead + 24).then_some(Attribution::Unknown)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The range test in [`regions`] lets through every mark it reacts to,
    /// and every char opener/closer accept is one of them.
    #[test]
    fn the_skip_test_keeps_every_quotation_mark() {
        for c in MARKS {
            assert!(c == '"' || ('\u{201c}'..='\u{300f}').contains(&c), "{c}");
        }
        for u in 0..0x11_0000u32 {
            if let Some(c) = char::from_u32(u) {
                if opener(c) || closer(c) {
                    assert!(MARKS.contains(&c), "{c:?}");
                }
            }
        }
    }
}
