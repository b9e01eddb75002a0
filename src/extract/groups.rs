//! Actor groups: mentions become groups of actor ids.
//!
//! - coordination: 法国、德国、意大利和欧盟等 / "Britain, Canada and Japan" is
//!   one group of four (rule `coordination`); a comma joins actors only in a
//!   list of three or more, so a clause break between two actors stays one;
//! - embassy lists: 我国驻法国、德国、瑞典使馆 is three embassies of the
//!   owner (the state before 驻, or the grammar's default owner); a host that
//!   is an international organisation, or a 使团 suffix, makes a mission;
//! - embassy anaphors: 我使馆 is the one embassy the article names;
//! - role words after a group (发言人, spokesperson) belong to it.

use super::{Item, Kind};
use crate::lexicon::{GramWord, Lexicon, TermLang};

fn gap_is(chars: &[char], a: usize, b: usize, allowed: &[char]) -> bool {
    chars[a..b]
        .iter()
        .all(|c| c.is_whitespace() || allowed.contains(c))
}

/// Runs of one-character abbreviations before a counter (德荷两国, 中美双方)
/// name one actor per character (rule data: the grammar's `abbreviations`).
/// Chars already taken by other terms are left alone.
pub fn abbreviation_runs(
    chars: &[char],
    covered: &[bool],
    gram: &crate::lexicon::Grammar,
    lang: TermLang,
) -> Vec<Item> {
    let mut out = Vec::new();
    if gram.abbreviations.is_empty() {
        return out;
    }
    let suffixes = &gram.abbreviation_suffixes;
    let mut i = 0;
    while i < chars.len() {
        // A run ends right before the suffix: only look for one where a
        // suffix begins, after an abbreviation char.
        if i == 0
            || !gram.abbreviation_suffix_firsts.contains(chars[i])
            || !gram.abbreviations.contains_key(&chars[i - 1])
        {
            i += 1;
            continue;
        }
        let suffix = suffixes
            .iter()
            .filter(|s| chars[i..].starts_with(s) && !covered[i..i + s.len()].iter().any(|&c| c))
            .max_by_key(|s| s.len());
        let Some(suffix) = suffix else {
            i += 1;
            continue;
        };
        let mut j = i;
        while j > 0 && !covered[j - 1] && gram.abbreviations.contains_key(&chars[j - 1]) {
            j -= 1;
        }
        if i - j >= 2 {
            let mut ids: Vec<String> = Vec::new();
            for c in &chars[j..i] {
                let id = &gram.abbreviations[c];
                if !ids.contains(id) {
                    ids.push(id.clone());
                }
            }
            let mut g = Item::new(Kind::Group(ids), j, i + suffix.len(), lang);
            g.coordinated = true;
            out.push(g);
        }
        i += suffix.len();
    }
    out
}

/// A state's name right before a bare office name is that state's office:
/// 波兰 + 外交部 is `poland.mfa`, "Poland's" + "Foreign Ministry" too (a bare
/// 外交部 otherwise means China's).
pub fn compounds(items: &mut Vec<Item>, chars: &[char], lex: &Lexicon) {
    let mut i = 0;
    while i + 1 < items.len() {
        let (a, b) = (&items[i], &items[i + 1]);
        let (Kind::Group(l), Kind::Group(r)) = (&a.kind, &b.kind) else {
            i += 1;
            continue;
        };
        let gap: String = chars[a.end..b.start].iter().collect();
        // 波兰外交部, "Poland's foreign ministry", "Estonian Foreign Ministry".
        let joined = (matches!(gap.trim(), "" | "'s" | "’s") && !gap.starts_with(' '))
            || (b.lang == TermLang::En && matches!(gap.as_str(), " " | "'s " | "’s "));
        let state = l.len() == 1
            && lex
                .actor(&l[0])
                .is_some_and(|x| matches!(x.kind.as_str(), "state" | "region" | "igo"));
        let office = r.len() == 1 && r[0].contains('.') && crate::model::country_of(&r[0]) != l[0];
        if joined && state && office {
            let tail = &r[0][r[0].find('.').unwrap_or(0)..];
            let id = format!("{}{tail}", l[0]);
            let end = b.end;
            let role = b.role;
            items[i].kind = Kind::Group(vec![id]);
            items[i].end = end;
            items[i].role |= role;
            items.remove(i + 1);
        }
        i += 1;
    }
}

/// Merges coordinated groups, in place.
pub fn coordinate(items: &mut Vec<Item>, chars: &[char]) {
    let mut i = 0;
    while i < items.len() {
        if !matches!(items[i].kind, Kind::Group(_)) {
            i += 1;
            continue;
        }
        // Look right for: [coordinators/fillers/、/,]* Group
        let mut j = i + 1;
        let mut pos = items[i].end;
        let mut saw_comma = false;
        let mut saw_word = false;
        let mut ok = true;
        while j < items.len() {
            let it = &items[j];
            if !gap_is(chars, pos, it.start, &['、', '，', ',']) {
                ok = false;
                break;
            }
            if chars[pos..it.start].iter().any(|c| *c == '，' || *c == ',') {
                saw_comma = true;
            }
            match &it.kind {
                Kind::Gram(GramWord::Coordinator) | Kind::Gram(GramWord::Filler) => {
                    if chars[it.start..it.end]
                        .iter()
                        .any(|c| *c == ',' || *c == '，')
                    {
                        saw_comma = true;
                    } else if it.kind == Kind::Gram(GramWord::Coordinator) {
                        saw_word = true;
                    }
                    pos = it.end;
                    j += 1;
                }
                Kind::Break if matches!(chars[it.start], '，' | ',' | '、') => {
                    saw_comma = true;
                    pos = it.end;
                    j += 1;
                }
                Kind::Group(_) => break,
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        if !ok || j >= items.len() || !matches!(items[j].kind, Kind::Group(_)) {
            i += 1;
            continue;
        }
        if saw_comma && !saw_word && !comma_list(items, chars, i, j) {
            i += 1;
            continue;
        }
        let Kind::Group(right) = items[j].kind.clone() else {
            unreachable!()
        };
        let end = items[j].end;
        let role = items[j].role;
        if let Kind::Group(left) = &mut items[i].kind {
            for id in right {
                if !left.contains(&id) {
                    left.push(id);
                }
            }
        }
        items[i].end = end;
        items[i].role |= role;
        items[i].coordinated = true;
        items.drain(i + 1..=j);
    }
    // 等 closes a group; role words after a group belong to it.
    let mut i = 0;
    while i + 1 < items.len() {
        if matches!(items[i].kind, Kind::Group(_))
            && gap_is(chars, items[i].end, items[i + 1].start, &[])
        {
            match items[i + 1].kind {
                Kind::Gram(GramWord::GroupEnd) => {
                    items[i].end = items[i + 1].end;
                    items.remove(i + 1);
                    continue;
                }
                Kind::Gram(GramWord::Role) => {
                    items[i].end = items[i + 1].end;
                    items[i].role = true;
                    items.remove(i + 1);
                    continue;
                }
                _ => {}
            }
        }
        i += 1;
    }
}

/// A coordinator that joins no two actors but introduces one (宣称与德国
///站在一起) marks the verb's partner: it becomes a comitative marker.
pub fn comitatives(items: &mut [Item], chars: &[char]) {
    for k in 0..items.len() {
        if items[k].kind != Kind::Gram(GramWord::Coordinator)
            || items[k].lang != crate::lexicon::TermLang::Zh
        {
            continue;
        }
        let next_group = items
            .get(k + 1)
            .is_some_and(|g| g.is_group() && gap_is(chars, items[k].end, g.start, &[]));
        let after_group = k > 0 && items[k - 1].is_group();
        if next_group && !after_group {
            items[k].kind = Kind::Gram(GramWord::Comitative);
        }
    }
}

/// Is the comma between groups i and j part of a list of three or more?
/// (The gap between them was checked by the caller.)
fn comma_list(items: &[Item], chars: &[char], i: usize, j: usize) -> bool {
    let separator = |it: &Item| {
        matches!(
            it.kind,
            Kind::Gram(GramWord::Coordinator) | Kind::Gram(GramWord::Filler)
        ) || it.kind == Kind::Break && matches!(chars[it.start], '，' | ',' | '、')
    };
    // The right group is followed by a separator and another group.
    let right_more = items.get(j + 1).is_some_and(separator)
        && items[j + 1..]
            .iter()
            .find(|it| !separator(it))
            .is_some_and(Item::is_group);
    items[i].coordinated || right_more
}

/// Expands 驻 X、Y 使馆 into embassies, in place.
pub fn embassies(items: &mut Vec<Item>, chars: &[char], lex: &Lexicon, lang: TermLang) {
    let gram = lex.grammar(lang);
    let mut i = 0;
    while i + 2 < items.len() {
        let is_prefix = matches!(items[i].kind, Kind::Gram(GramWord::EmbassyPrefix));
        let hosts = match &items[i + 1].kind {
            Kind::Group(ids)
                if is_prefix && gap_is(chars, items[i].end, items[i + 1].start, &[]) =>
            {
                ids.clone()
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let suffix = &items[i + 2];
        let mission = match suffix.kind {
            Kind::Gram(GramWord::EmbassySuffix) => false,
            Kind::Gram(GramWord::MissionSuffix) => true,
            _ => {
                i += 1;
                continue;
            }
        };
        if !gap_is(chars, items[i + 1].end, suffix.start, &[]) {
            i += 1;
            continue;
        }
        // Owner: a state right before 驻, else the default owner.
        let mut start = items[i].start;
        let mut owner = gram.embassy_owner.clone();
        let mut remove_owner = false;
        if i > 0 {
            if let Kind::Group(o) = &items[i - 1].kind {
                if o.len() == 1 && gap_is(chars, items[i - 1].end, items[i].start, &[]) {
                    owner = Some(crate::model::country_of(&o[0]).to_string());
                    start = items[i - 1].start;
                    remove_owner = true;
                }
            }
        }
        let Some(owner) = owner else {
            i += 1;
            continue;
        };
        let ids: Vec<String> = hosts
            .iter()
            .filter(|h| crate::model::country_of(h) != owner)
            .map(|h| {
                let igo = lex.actor(h).is_some_and(|a| a.kind == "igo");
                let part = if mission || igo { "mission" } else { "embassy" };
                format!("{owner}.{part}.{}", h.replace('.', "_"))
            })
            .collect();
        let end = suffix.end;
        let from = if remove_owner { i - 1 } else { i };
        let mut g = items[i + 1].clone();
        g.kind = Kind::Group(ids);
        g.start = start;
        g.end = end;
        g.coordinated = hosts.len() > 1;
        items.splice(from..i + 3, [g]);
        i = from + 1;
    }
}
