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

fn before_in_clause(p: &Prepared, k: usize, pred: impl Fn(&Kind) -> bool, max_gap: usize) -> bool {
    let cue = &p.items[k];
    let (cs, _) = p.clause_of(cue.start);
    // English verb lists share their negation across commas ("never
    // organised, encouraged or tolerated hacking"); Chinese clauses do not.
    let floor = if p.lang == TermLang::En { 0 } else { cs };
    for (j, it) in p.items[..k].iter().enumerate().rev() {
        if it.start < floor || cue.start.saturating_sub(it.end) > max_gap {
            return false;
        }
        if matches!(it.kind, Kind::Report { .. } | Kind::Cue(_))
            && p.lang == TermLang::En
            && it.start < cs
        {
            return false;
        }
        // 从未对波兰发动网络攻击: an object on the way does not stop the negation.
        if it.is_group() && !super::attribution::object_marked(p, j) {
            return false;
        }
        if pred(&it.kind) {
            return true;
        }
    }
    false
}

/// Is cue `k` negated?
pub(crate) fn negated(p: &Prepared, k: usize) -> bool {
    before_in_clause(p, k, |kd| *kd == Kind::Neg, window(p))
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
