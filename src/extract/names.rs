//! Names learned from the article: a person introduced after an actor and
//! a role (国台办发言人马晓光, "Foreign Office spokesperson Jane Doe") is
//! that actor wherever the article names them again — in full, or by
//! surname alone: "Doe said"; a transliterated name by its last part
//! (外长安娜·施密特 … 施密特表示); a Chinese name by its one-char family
//! name only right before a reporting verb (马说), where a single char is
//! safe. A person of the lexicon named in full ("Matthew Miller") is met by
//! surname alone after that. Runs once per article, between matching and
//! attribution; a learned name only counts after its introduction and
//! never over a lexicon term.

use std::collections::BTreeMap;

use super::mentions::Matcher;
use super::{Item, Kind, Prepared};
use crate::lexicon::TermLang;

/// The names right after item `g` (a group that took a role word), if
/// any: the full name, then the shorter forms that name the person later,
/// each with whether it counts only right before a reporting verb.
fn name_after(matcher: &Matcher, p: &Prepared, g: usize) -> Vec<(String, bool)> {
    let end = p.items[g].end;
    let next = p.items.get(g + 1).map_or(p.chars.len(), |it| it.start);
    if p.lang == TermLang::Zh {
        let run: String = p.chars[end..next.max(end)]
            .iter()
            .take_while(|&&c| crate::text::is_cjk(c) || matches!(c, '·' | '・'))
            .collect();
        // 安娜·施密特: a transliteration, named later by its last part.
        if let Some((_, last)) = run.rsplit_once(['·', '・']) {
            let n = last.chars().count();
            if (2..=6).contains(&n) && run.chars().count() <= 16 {
                return vec![(run.clone(), false), (last.to_string(), false)];
            }
            return Vec::new();
        }
        let Some(name) = matcher.person_name(&run) else {
            return Vec::new();
        };
        if name.contains(['·', '・']) {
            return vec![(name, false)];
        }
        let short = zh_short_form(&name);
        return std::iter::once((name, false)).chain(short).collect();
    }
    // English: capitalised words after a space ("spokesperson Matthew Miller").
    let text: String = p.chars[end..next.max(end)].iter().collect();
    if !text.starts_with(' ') {
        return Vec::new();
    }
    let words: Vec<&str> = text
        .split_whitespace()
        .take_while(|w| {
            let w = w.trim_end_matches([',', '.', ';', ':']);
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        })
        .take(4)
        .collect();
    let clean: Vec<String> = words
        .iter()
        .map(|w| w.trim_end_matches([',', '.', ';', ':']).to_string())
        .collect();
    match clean.as_slice() {
        [] => Vec::new(),
        [one] if one.chars().count() >= 3 => vec![(one.clone(), false)],
        [_] => Vec::new(),
        [.., last] => vec![(clean.join(" "), false), (last.clone(), false)],
    }
}

/// The short form that names a person once a Chinese-script full name was
/// read, with whether it counts only right before a reporting verb: a
/// transliteration's last part (玛丽·施密特 -> 施密特, anywhere), or the
/// family name of a two- to four-char name (马晓光 -> 马, 上川阳子 -> 上川:
/// one char, two for four-char names), before a reporting verb only.
pub(crate) fn zh_short_form(name: &str) -> Option<(String, bool)> {
    if let Some((_, last)) = name.rsplit_once(['·', '・']) {
        return (last.chars().count() >= 2).then(|| (last.to_string(), false));
    }
    let n = name.chars().count();
    let family_len = if n >= 4 { 2 } else { 1 };
    (2..=4)
        .contains(&n)
        .then(|| (name.chars().take(family_len).collect(), true))
}

/// A name learned from its introduction.
struct Learned {
    name: Vec<char>,
    ids: Vec<String>,
    lang: TermLang,
    /// The sentence that introduced it, and where the introduction ends.
    sentence: usize,
    at: usize,
    /// Counts only right before a reporting verb (a one-char family name).
    before_report: bool,
}

/// Adds a group for every later mention of a learned name.
pub(crate) fn learn(
    matcher: &Matcher,
    surnames: &BTreeMap<String, Vec<(String, bool)>>,
    sents: &mut [Prepared],
) {
    let mut names: Vec<Learned> = Vec::new();
    let name_ends: std::collections::BTreeSet<char> =
        surnames.keys().filter_map(|k| k.chars().last()).collect();
    for (si, p) in sents.iter_mut().enumerate() {
        for g in 0..p.items.len() {
            if !p.items[g].is_group() {
                continue;
            }
            // (name, counts only before a reporting verb, where the
            // introduction ends)
            let mut found = Vec::new();
            // A person of the lexicon named in full: the surname alone
            // names them from here on.
            let it = &p.items[g];
            // A full name ends with the group's last char: most groups
            // (countries, offices) end with none of the names' last chars.
            let last = it.end.checked_sub(1).map(|e| p.chars[e]);
            if last.is_some_and(|c| name_ends.contains(&c)) {
                let text: String = p.chars[it.start..it.end].iter().collect();
                for (i, _) in text.char_indices() {
                    for (surname, before_report) in surnames.get(&text[i..]).into_iter().flatten() {
                        found.push((surname.clone(), *before_report, it.end));
                    }
                }
            }
            // After a role (发言人, spokesperson) or an office of its own
            // ("Foreign Ministry spokesperson"): a name may follow.
            let office = p.items[g].ids().iter().all(|x| x.contains('.'));
            if p.items[g].role || office {
                let after = name_after(matcher, p, g);
                let at = it.end + after.first().map_or(0, |(n, _)| n.chars().count());
                found.extend(after.into_iter().map(|(n, b)| (n, b, at)));
            }
            for (n, before_report, at) in found {
                let chars: Vec<char> = n.chars().collect();
                if !names.iter().any(|x| x.name == chars) {
                    names.push(Learned {
                        name: chars,
                        ids: p.items[g].ids().to_vec(),
                        lang: p.lang,
                        sentence: si,
                        at,
                        before_report,
                    });
                }
            }
        }
        if names.is_empty() {
            continue;
        }
        let mut added = Vec::new();
        for l in &names {
            let (name, ids) = (&l.name, &l.ids);
            if l.lang != p.lang {
                continue;
            }
            let min = if l.sentence == si { l.at } else { 0 };
            let n = name.len();
            let Some(&first) = name.first() else {
                continue;
            };
            let mut i = min;
            while i + n <= p.chars.len() {
                // English: a whole word, not followed by another capitalised
                // word (the surname Hong is not Hong Kong). The item checks
                // run only where the name stands.
                let whole = p.chars[i] == first
                    && p.chars[i..i + n] == name[..]
                    && (p.lang == TermLang::Zh
                        || (!p.chars.get(i + n).is_some_and(|c| c.is_alphanumeric())
                            && (i == 0 || !p.chars[i - 1].is_alphanumeric())
                            && (p.chars.get(i + n) != Some(&' ')
                                || !p.chars.get(i + n + 1).is_some_and(|c| c.is_uppercase()))));
                let ok = whole
                    && p.items.iter().all(|it| it.end <= i || it.start >= i + n)
                    && added
                        .iter()
                        .all(|it: &Item| it.end <= i || it.start >= i + n)
                    && (!l.before_report
                        || p.items
                            .iter()
                            .any(|it| it.start == i + n && matches!(it.kind, Kind::Report { .. })));
                if ok {
                    added.push(Item::new(Kind::Group(ids.clone()), i, i + n, p.lang));
                    i += n;
                } else {
                    i += 1;
                }
            }
        }
        if !added.is_empty() {
            p.items.extend(added);
            p.items.sort_by_key(|it| (it.start, it.end));
        }
    }
}
