//! Mentions: every lexicon term found in a sentence, as typed items.
//!
//! One Aho-Corasick pass (leftmost-longest) over the Simplified shadow finds
//! Chinese terms and English names; a second over the ASCII-lower-cased
//! shadow finds English cue and function words. English matches must sit on
//! word boundaries; short Chinese matches must coincide with jieba token
//! boundaries (every lexicon term is a jieba user word), so 中国 is not found
//! inside 中国人民大学 and 指 not inside 指使. Discontinuous cues (加入…行列)
//! need their second part within the same clause.

use aho_corasick::{AhoCorasick, MatchKind};
use jieba_rs::Jieba;

use crate::lexicon::{Lexicon, Meaning, Term, TermLang};

/// Punctuation that ends a clause inside a sentence.
pub fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '：' | ':' | '—' | '(' | '（' | ')' | '）'
    )
}

/// A term occurrence in a sentence (char offsets in the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Char range of the second part of a discontinuous term.
    pub second: Option<(usize, usize)>,
    pub term: usize,
}

pub struct Matcher {
    terms: Vec<Term>,
    /// Chinese terms and case-sensitive English names.
    exact: AhoCorasick,
    exact_ids: Vec<usize>,
    /// Lower-case English words.
    lower: AhoCorasick,
    lower_ids: Vec<usize>,
    stance_exact: AhoCorasick,
    stance_exact_ids: Vec<usize>,
    stance_lower: AhoCorasick,
    stance_lower_ids: Vec<usize>,
    jieba: Jieba,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Matcher({} terms)", self.terms.len())
    }
}

fn build(pats: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(pats)
        .expect("lexicon automaton builds")
}

impl Matcher {
    pub fn new(lex: &Lexicon) -> Matcher {
        let terms = lex.terms.clone();
        let mut sets: [(Vec<String>, Vec<usize>); 4] = Default::default();
        let mut jieba = Jieba::new();
        for (i, t) in terms.iter().enumerate() {
            let stance = matches!(t.meaning, Meaning::Stance { .. });
            let lower = t.lang == TermLang::En && !t.case_sensitive;
            let slot = (stance as usize) * 2 + lower as usize;
            sets[slot].0.push(t.surface.clone());
            sets[slot].1.push(i);
            if t.lang == TermLang::Zh {
                if !t.surface.chars().any(|c| c.is_ascii_punctuation()) {
                    jieba.add_word(&t.surface, None, None);
                }
                if let Some(s) = &t.second {
                    jieba.add_word(s, None, None);
                }
            }
        }
        let [(p0, i0), (p1, i1), (p2, i2), (p3, i3)] = sets;
        Matcher {
            exact: build(&p0),
            exact_ids: i0,
            lower: build(&p1),
            lower_ids: i1,
            stance_exact: build(&p2),
            stance_exact_ids: i2,
            stance_lower: build(&p3),
            stance_lower_ids: i3,
            terms,
            jieba,
        }
    }

    pub fn term(&self, i: usize) -> &Term {
        &self.terms[i]
    }

    /// Relation, actor and grammar terms of a sentence, non-overlapping,
    /// in order.
    pub fn find(&self, norm: &str) -> Vec<Hit> {
        self.find_in(
            norm,
            &self.exact,
            &self.exact_ids,
            &self.lower,
            &self.lower_ids,
        )
    }

    /// Stance words of a sentence.
    pub fn find_stance(&self, norm: &str) -> Vec<Hit> {
        self.find_in(
            norm,
            &self.stance_exact,
            &self.stance_exact_ids,
            &self.stance_lower,
            &self.stance_lower_ids,
        )
    }

    fn find_in(
        &self,
        norm: &str,
        exact: &AhoCorasick,
        exact_ids: &[usize],
        lower: &AhoCorasick,
        lower_ids: &[usize],
    ) -> Vec<Hit> {
        let chars: Vec<char> = norm.chars().collect();
        // byte offset -> char index
        let mut b2c = vec![0usize; norm.len() + 1];
        let mut ci = 0;
        for (bi, ch) in norm.char_indices() {
            for k in 0..ch.len_utf8() {
                b2c[bi + k] = ci;
            }
            ci += 1;
        }
        b2c[norm.len()] = ci;
        let lowered = norm.to_ascii_lowercase();
        let mut cands: Vec<Hit> = Vec::new();
        let mut token_bounds: Option<Vec<bool>> = None;
        for (ac, ids, hay) in [
            (exact, exact_ids, norm),
            (lower, lower_ids, lowered.as_str()),
        ] {
            for m in longest_at_each_start(ac, hay) {
                let (s, e) = (b2c[m.0], b2c[m.1]);
                let ti = ids[m.2];
                let t = &self.terms[ti];
                if !self.boundary_ok(&chars, s, e, t, norm, &mut token_bounds) {
                    continue;
                }
                let second = match &t.second {
                    Some(sec) => match find_second(&chars, e, sec, t.lang) {
                        Some(r) => Some(r),
                        None => continue,
                    },
                    None => None,
                };
                cands.push(Hit {
                    start: s,
                    end: e,
                    second,
                    term: ti,
                });
            }
        }
        // Longest first at each position; then greedy left to right.
        let mut out: Vec<Hit> = Vec::new();
        let mut taken = vec![false; chars.len()];
        // Longer hits win over shorter overlapping ones wherever they start.
        let mut order: Vec<usize> = (0..cands.len()).collect();
        order.sort_by(|&a, &b| {
            let la = cands[a].end - cands[a].start;
            let lb = cands[b].end - cands[b].start;
            lb.cmp(&la)
                .then(cands[a].start.cmp(&cands[b].start))
                .then(cands[a].term.cmp(&cands[b].term))
        });
        for i in order {
            let h = &cands[i];
            if taken[h.start..h.end].iter().any(|&x| x) {
                continue;
            }
            if let Some((s2, e2)) = h.second {
                if taken[s2..e2].iter().any(|&x| x) {
                    continue;
                }
                taken[s2..e2].iter_mut().for_each(|x| *x = true);
            }
            taken[h.start..h.end].iter_mut().for_each(|x| *x = true);
            out.push(h.clone());
        }
        out.sort_by_key(|h| (h.start, h.end));
        out
    }

    fn boundary_ok(
        &self,
        chars: &[char],
        s: usize,
        e: usize,
        t: &Term,
        norm: &str,
        bounds: &mut Option<Vec<bool>>,
    ) -> bool {
        let first = chars[s];
        let last = chars[e - 1];
        let word = |c: char| c.is_alphanumeric() && !crate::text::is_cjk(c);
        if word(first) && s > 0 && word(chars[s - 1]) {
            return false;
        }
        if word(last) && e < chars.len() && word(chars[e]) {
            return false;
        }
        // English cue words inside hyphenated compounds (state-backed) are
        // not the word itself; names still are (Kremlin-backed).
        if t.lang == TermLang::En && (!t.case_sensitive || t.adjective) {
            let joined_before = s >= 2 && chars[s - 1] == '-' && word(chars[s - 2]);
            let joined_after = e + 1 < chars.len() && chars[e] == '-' && word(chars[e + 1]);
            if joined_before || joined_after {
                return false;
            }
        }
        if t.lang == TermLang::Zh && e - s <= 2 && crate::text::is_cjk(first) {
            let b = bounds.get_or_insert_with(|| {
                let mut v = vec![false; chars.len() + 1];
                let mut pos = 0;
                v[0] = true;
                for tok in self.jieba.cut(norm, false) {
                    pos += tok.chars().count();
                    if pos < v.len() {
                        v[pos] = true;
                    }
                }
                v
            });
            return b[s] && b[e];
        }
        true
    }
}

/// Where the second part of a discontinuous term stands: within 12 chars
/// (Chinese) or 8 words (English) after the first, in the same clause.
fn find_second(
    chars: &[char],
    from: usize,
    second: &str,
    lang: TermLang,
) -> Option<(usize, usize)> {
    let sec: Vec<char> = second.chars().collect();
    let limit = match lang {
        TermLang::Zh => 14,
        TermLang::En => 60,
    };
    let mut i = from;
    while i + sec.len() <= chars.len() && i <= from + limit {
        if is_clause_break(chars[i]) && lang == TermLang::Zh {
            return None;
        }
        let matches = chars[i..i + sec.len()]
            .iter()
            .zip(&sec)
            .all(|(a, b)| a.to_ascii_lowercase() == *b);
        if matches {
            let e = i + sec.len();
            let word = |c: char| c.is_alphanumeric() && !crate::text::is_cjk(c);
            let ok = lang == TermLang::Zh
                || ((i == 0 || !word(chars[i - 1])) && (e == chars.len() || !word(chars[e])));
            if ok {
                return Some((i, e));
            }
        }
        i += 1;
    }
    None
}

/// The longest match starting at each position where one starts, so that a
/// long match rejected at a word boundary does not hide a shorter valid one
/// inside it: (byte start, byte end, pattern).
fn longest_at_each_start(ac: &AhoCorasick, hay: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos <= hay.len() {
        let Some(m) = ac.find(aho_corasick::Input::new(hay).span(pos..hay.len())) else {
            break;
        };
        out.push((m.start(), m.end(), m.pattern().as_usize()));
        pos = m.start() + 1;
        while pos < hay.len() && !hay.is_char_boundary(pos) {
            pos += 1;
        }
    }
    out
}
