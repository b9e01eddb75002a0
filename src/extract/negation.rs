//! Negation, conditionals and hedges around a cue.
//!
//! A negation word shortly before a cue in its clause, with no actor in
//! between, removes the edge (从未策划入侵, "did not hack"); a cue in a
//! conditional clause (若…, "if …") is hypothetical and removed too, except a
//! threat, which lives on conditions; a hedge (可能, reportedly) lowers the
//! confidence.

use super::{Kind, Prepared};
use crate::lexicon::{GramWord, TermLang};

fn window(p: &Prepared) -> usize {
    if p.lang == TermLang::En {
        48
    } else {
        10
    }
}

/// The nearest item before item `k` that `pred` accepts, within `max_gap`
/// chars, with no unmarked actor (a new subject) or, in English, no cue
/// or report verb of an earlier clause in between.
fn nearest_before(
    p: &Prepared,
    k: usize,
    pred: impl Fn(&Kind) -> bool,
    max_gap: usize,
) -> Option<usize> {
    let cue = &p.items[k];
    let (cs, _) = p.clause_of(cue.start);
    // English verb lists share their negation across commas ("never
    // organised, encouraged or tolerated hacking"); Chinese clauses do not.
    let floor = if p.lang == TermLang::En { 0 } else { cs };
    for (j, it) in p.items[..k].iter().enumerate().rev() {
        if it.start < floor || cue.start.saturating_sub(it.end) > max_gap {
            return None;
        }
        if matches!(it.kind, Kind::Report { .. } | Kind::Cue(_))
            && p.lang == TermLang::En
            && it.start < cs
        {
            return None;
        }
        // 从未对波兰发动网络攻击: an object on the way does not stop the negation.
        if it.is_group() && !super::attribution::object_marked(p, j) {
            return None;
        }
        if pred(&it.kind) {
            return Some(j);
        }
    }
    None
}

/// Is cue `k` negated? A verb of stopping negates too (停止攻击, "stop
/// hacking"), unless it is negated itself: 从未停止攻击 and "never
/// stopped spying" affirm the cue.
pub(crate) fn negated(p: &Prepared, k: usize) -> bool {
    let negator = |kd: &Kind| matches!(kd, Kind::Neg | Kind::Cessation);
    match nearest_before(p, k, negator, window(p)) {
        Some(j) if p.items[j].kind == Kind::Cessation => {
            nearest_before(p, j, |kd| *kd == Kind::Neg, window(p)).is_none()
        }
        Some(_) => true,
        None => false,
    }
}

/// Is cue `k` in a conditional clause?
pub(crate) fn conditional(p: &Prepared, k: usize) -> bool {
    let cue = &p.items[k];
    let (cs, _) = p.clause_of(cue.start);
    p.items[..k]
        .iter()
        .any(|it| it.start >= cs && it.kind == Kind::Gram(GramWord::Conditional))
}

/// Does a hearsay marker (所谓, so-called) open the phrase cue `k` stands
/// in? Only actors, modifiers and function words may lie between.
pub(crate) fn hearsay(p: &Prepared, k: usize) -> bool {
    let (cs, _) = p.clause_of(p.items[k].start);
    for it in p.items[..k].iter().rev() {
        if it.start < cs || matches!(it.kind, Kind::Cue(_) | Kind::Report { .. }) {
            return false;
        }
        if it.kind == Kind::Gram(GramWord::Hearsay) {
            return true;
        }
    }
    false
}

/// Is cue `k` hedged?
pub(crate) fn hedged(p: &Prepared, k: usize) -> bool {
    let cue = &p.items[k];
    let (cs, _) = p.clause_of(cue.start);
    p.items[..k]
        .iter()
        .any(|it| it.start >= cs && it.kind == Kind::Hedge)
}
