//! Mentions: every lexicon term found in a sentence, as typed items.
//!
//! One overlapping Aho-Corasick pass over the Simplified shadow finds
//! Chinese terms and English names; a second over the ASCII-lower-cased
//! shadow finds English cue and function words. English matches must sit on
//! word boundaries; short Chinese matches must coincide with jieba token
//! boundaries (every lexicon term is a jieba user word), so 中国 is not found
//! inside 中国人民大学 and 指 not inside 指使. Discontinuous cues (加入…行列)
//! need their second part within the same clause. Every candidate competes,
//! longest first, so one that fails a check leaves the shorter ones.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::{
    CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder,
    MatchKind as DaachorseMatchKind,
};
use jieba_rs::Jieba;

use crate::lexicon::{Lexicon, Meaning, Term, TermLang};

/// Punctuation that ends a clause inside a sentence.
pub fn is_clause_break(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '；' | ';' | '：' | ':' | '—' | '–' | '(' | '（' | ')' | '）'
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

/// Surfaces of one automaton and, per surface, (kind, term index).
type Patterns = (Vec<String>, Vec<(usize, usize)>);

pub struct Matcher {
    terms: Vec<Term>,
    /// Chinese terms and case-sensitive English names, searched in the
    /// shadow text: a char-wise double-array automaton over the distinct
    /// surfaces, whose value indexes `exact_spans`.
    exact: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Per distinct surface of `exact`: its range in `exact_ids`.
    exact_spans: Vec<(u32, u32)>,
    /// Per term of a surface of `exact`: (0 relation/actor/grammar term or
    /// 1 stance word, term index), grouped by surface.
    exact_ids: Vec<(usize, usize)>,
    /// Lower-case English words, searched in the ASCII-lower-cased shadow.
    lower: AhoCorasick,
    lower_ids: Vec<(usize, usize)>,
    jieba: Jieba,
    /// Every lower-case English pattern holds an ASCII letter, so a
    /// sentence without one (Chinese text with digits, 3月14日) needs no
    /// search for them; else every one holds a letter or a digit.
    lower_need_alpha: bool,
    lower_need_ascii: bool,
    /// Institutions jieba joins to a name (议会 in 德国议会), from the
    /// Chinese grammar's `compound_heads`.
    compound_heads: Vec<String>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Matcher({} terms)", self.terms.len())
    }
}

/// An overlapping automaton over `pats`; a DFA when `dfa` (fast to search,
/// but large and slow to build for thousands of Chinese patterns, so only
/// the small English set gets one).
fn build(pats: &[String], dfa: bool) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(dfa.then_some(AhoCorasickKind::DFA))
        .build(pats)
        .expect("lexicon automaton builds")
}

/// The exact automaton, the range of each surface's terms, the terms.
type ExactAutomaton = (
    CharwiseDoubleArrayAhoCorasick<u32>,
    Vec<(u32, u32)>,
    Vec<(usize, usize)>,
);

/// The exact automaton: one pattern per distinct surface (several terms
/// may share one: an actor's alias and a stance word), each pattern's
/// value the range of its terms in the returned ids.
fn build_exact(pats: &[String], ids: &[(usize, usize)]) -> ExactAutomaton {
    let mut by_surface: std::collections::HashMap<&str, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (p, id) in pats.iter().zip(ids) {
        let e = by_surface.entry(p.as_str()).or_default();
        if e.is_empty() {
            order.push(p.as_str());
        }
        e.push(*id);
    }
    let mut spans = Vec::with_capacity(order.len());
    let mut flat = Vec::with_capacity(ids.len());
    for p in &order {
        let start = flat.len() as u32;
        flat.extend_from_slice(&by_surface[p]);
        spans.push((start, flat.len() as u32));
    }
    let pma = CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(DaachorseMatchKind::Standard)
        .build_with_values(order.iter().enumerate().map(|(i, p)| (*p, i as u32)))
        .expect("lexicon automaton builds");
    (pma, spans, flat)
}

/// jieba's default dictionary, built on a thread of its own when asked
/// to, so that the rest of the start-up (the lexicon, the automata) runs
/// beside it. Building it is most of a run's start-up.
pub struct BaseDictionary(Option<std::thread::JoinHandle<Jieba>>);

impl BaseDictionary {
    /// Starts building the dictionary on another thread (or, when no
    /// thread can be started, later, when the matcher takes it).
    pub fn start() -> BaseDictionary {
        BaseDictionary(
            std::thread::Builder::new()
                .name("stancegraph-dictionary".into())
                .spawn(Jieba::new)
                .ok(),
        )
    }

    /// The dictionary, once built.
    fn get(self) -> Jieba {
        self.0.and_then(|h| h.join().ok()).unwrap_or_default()
    }
}

impl Matcher {
    pub fn new(lex: &Lexicon) -> Matcher {
        Matcher::with_dictionary(lex, None)
    }

    /// The matcher over `lex`, with jieba's dictionary from `base` (built
    /// here when `None`).
    pub fn with_dictionary(lex: &Lexicon, base: Option<BaseDictionary>) -> Matcher {
        let terms = lex.terms.clone();
        // Both kinds of terms (main and stance) share the two automata, so
        // a sentence is searched twice, not four times.
        let mut sets: [Patterns; 2] = Default::default();
        for (i, t) in terms.iter().enumerate() {
            let stance = matches!(t.meaning, Meaning::Stance { .. });
            let lower = t.lang == TermLang::En && !t.case_sensitive;
            sets[lower as usize].0.push(t.surface.clone());
            sets[lower as usize].1.push((stance as usize, i));
        }
        let lower_need_ascii = sets[1]
            .0
            .iter()
            .all(|p| p.bytes().any(|b| b.is_ascii_alphanumeric()));
        let lower_need_alpha = sets[1]
            .0
            .iter()
            .all(|p| p.bytes().any(|b| b.is_ascii_alphabetic()));
        let [(p0, i0), (p1, i1)] = sets;
        let (exact, exact_spans, exact_ids) = build_exact(&p0, &i0);
        let lower = build(&p1, true);
        // Every Chinese term is a jieba word, added in lexicon order (each
        // word's frequency is suggested from the dictionary as it stands).
        let mut jieba = base.map_or_else(Jieba::new, BaseDictionary::get);
        for t in terms.iter().filter(|t| t.lang == TermLang::Zh) {
            if !t.surface.chars().any(|c| c.is_ascii_punctuation()) {
                jieba.add_word(&t.surface, None, None);
            }
            if let Some(s) = &t.second {
                jieba.add_word(s, None, None);
            }
        }
        Matcher {
            exact,
            exact_spans,
            exact_ids,
            lower,
            lower_ids: i1,
            terms,
            jieba,
            lower_need_alpha,
            lower_need_ascii,
            compound_heads: lex.grammar(TermLang::Zh).compound_heads.clone(),
        }
    }

    pub fn term(&self, i: usize) -> &Term {
        &self.terms[i]
    }

    /// The person's name `text` opens, by jieba's tagger: a first token of
    /// two to four Han chars (or a transliteration with ·) tagged a
    /// person name or unknown to the dictionary (a name it guessed).
    pub fn person_name(&self, text: &str) -> Option<String> {
        let tags = self.jieba.tag(text, true);
        let first = tags.first()?;
        let n = first.word.chars().count();
        let han = first
            .word
            .chars()
            .all(|c| crate::text::is_cjk(c) || matches!(c, '·' | '・'));
        let named = matches!(first.tag, "nr" | "nrfg" | "nrt" | "x");
        (han && named && (2..=4).contains(&n)).then(|| first.word.to_string())
    }

    /// Relation, actor and grammar terms of a sentence, non-overlapping,
    /// in order.
    pub fn find(&self, norm: &str) -> Vec<Hit> {
        self.hits(self.scan(norm)).main
    }

    /// First pass over a sentence: the candidates of both automata.
    /// [`Matcher::hits`] then resolves them, segmenting with jieba only the
    /// blocks whose token boundaries a surviving candidate needs.
    pub fn scan<'a>(&self, norm: &'a str) -> Scan<'a> {
        let mut chars = Vec::with_capacity(norm.len());
        let mut c2b = Vec::with_capacity(norm.len() + 1);
        for (bi, ch) in norm.char_indices() {
            c2b.push(bi as u32);
            chars.push(ch);
        }
        c2b.push(norm.len() as u32);
        // A match's byte offsets are char boundaries: their char index is
        // found in `c2b`.
        let b2c = |b: usize| c2b.partition_point(|&x| (x as usize) < b);
        // The lower-case haystack: none when no pattern can match, the
        // sentence itself when it has no ASCII capital.
        let needed = if self.lower_need_alpha {
            norm.bytes().any(|b| b.is_ascii_alphabetic())
        } else {
            !self.lower_need_ascii || norm.bytes().any(|b| b.is_ascii_alphanumeric())
        };
        let lowered: Option<std::borrow::Cow<str>> = needed.then(|| {
            if norm.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Owned(norm.to_ascii_lowercase())
            } else {
                std::borrow::Cow::Borrowed(norm)
            }
        });
        let mut cands: [Vec<(usize, usize, usize)>; 2] = [Vec::new(), Vec::new()];
        let mut found: [Vec<(usize, usize, usize)>; 2] = Default::default();
        for pass in 0..2 {
            if pass == 0 {
                for m in self.exact.find_overlapping_iter(norm) {
                    let (a, b) = self.exact_spans[m.value() as usize];
                    for &(slot, ti) in &self.exact_ids[a as usize..b as usize] {
                        found[slot].push((m.start(), m.end(), ti));
                    }
                }
            } else {
                let Some(hay) = lowered.as_deref() else {
                    continue;
                };
                for m in self.lower.find_overlapping_iter(hay) {
                    let (slot, ti) = self.lower_ids[m.pattern().as_usize()];
                    found[slot].push((m.start(), m.end(), ti));
                }
            }
            for (slot, f) in found.iter_mut().enumerate() {
                every_candidate(f);
                cands[slot].extend(f.drain(..).map(|(bs, be, ti)| (b2c(bs), b2c(be), ti)));
            }
        }
        Scan {
            norm,
            bounds: vec![0u8; chars.len() + 1],
            chars,
            c2b,
            cands,
        }
    }

    /// The hits of a scanned sentence.
    pub fn hits(&self, mut scan: Scan) -> SentenceHits {
        let [main, stance] = std::mem::take(&mut scan.cands);
        SentenceHits {
            main: self.resolve(&mut scan, main),
            stance: self.resolve(&mut scan, stance),
            chars: scan.chars,
        }
    }

    /// Cuts the jieba block around char position `pos`, unless it is not
    /// inside one or was cut already.
    fn segment_at(&self, scan: &mut Scan, pos: usize) {
        let Some((bs, be)) = scan.block_to_cut(pos) else {
            return;
        };
        let block = &scan.norm[scan.c2b[bs] as usize..scan.c2b[be] as usize];
        // A token's `end` counts chars from the start of the block.
        for tok in self.jieba.cut(block, false) {
            scan.bounds[(bs + tok.end).min(be)] = 1;
        }
    }

    /// Longer hits win over shorter overlapping ones wherever they start;
    /// then greedy left to right. A candidate is checked (word and token
    /// boundaries, the second part) only when nothing longer took its place,
    /// which gives the same hits as checking every candidate first.
    fn resolve(&self, scan: &mut Scan, mut cands: Vec<(usize, usize, usize)>) -> Vec<Hit> {
        if cands.is_empty() {
            return Vec::new();
        }
        cands.sort_by(|a, b| {
            (b.1 - b.0)
                .cmp(&(a.1 - a.0))
                .then(a.0.cmp(&b.0))
                .then(a.2.cmp(&b.2))
        });
        // Crossing Chinese actor names (英国 and 国防部 in 英国防部): the one
        // starting inside the other is taken only when its start is a jieba
        // token boundary too.
        let zh_actor = |ti: usize| {
            let t = &self.terms[ti];
            t.lang == TermLang::Zh && matches!(t.meaning, Meaning::Actor(_))
        };
        let actors: Vec<(usize, usize)> = cands
            .iter()
            .filter(|c| zh_actor(c.2))
            .map(|c| (c.0, c.1))
            .collect();
        // Where the shared chars are a name of their own (俄罗斯 in 白俄罗斯
        // / 俄罗斯外交部), a name is nested in a longer one: the earlier wins.
        let crossing: Vec<Crossing> = cands
            .iter()
            .map(|&(s, e, ti)| {
                let mut c = Crossing::No;
                if actors.len() < 2 || !zh_actor(ti) {
                    return c;
                }
                for &(s2, e2) in &actors {
                    if s2 < s && s < e2 && e2 < e {
                        if actors.contains(&(s, e2)) {
                            return Crossing::Nested;
                        }
                        c = Crossing::Inner;
                    }
                }
                c
            })
            .collect();
        let mut out: Vec<Hit> = Vec::new();
        let mut taken = vec![false; scan.chars.len()];
        for (ci, (s, e, ti)) in cands.into_iter().enumerate() {
            if taken[s..e].iter().any(|&x| x) {
                continue;
            }
            let t = &self.terms[ti];
            if !self.boundary_ok(scan, s, e, t) {
                continue;
            }
            if crossing[ci] == Crossing::Nested {
                continue;
            }
            if crossing[ci] == Crossing::Inner {
                self.segment_at(scan, s);
                if !scan.token_bound(s) {
                    continue;
                }
            }
            let second = match &t.second {
                Some(sec) => match find_second(&scan.chars, e, sec, t.lang) {
                    Some(r) => Some(r),
                    None => continue,
                },
                None => None,
            };
            if let Some((s2, e2)) = second {
                if taken[s2..e2].iter().any(|&x| x) {
                    continue;
                }
                taken[s2..e2].iter_mut().for_each(|x| *x = true);
            }
            taken[s..e].iter_mut().for_each(|x| *x = true);
            out.push(Hit {
                start: s,
                end: e,
                second,
                term: ti,
            });
        }
        out.sort_by_key(|h| (h.start, h.end));
        out
    }

    /// Whether a match must coincide with jieba tokens: short Chinese terms.
    fn needs_tokens(&self, chars: &[char], s: usize, e: usize, t: &Term) -> bool {
        t.lang == TermLang::Zh && e - s <= 2 && crate::text::is_cjk(chars[s])
    }

    fn boundary_ok(&self, scan: &mut Scan, s: usize, e: usize, t: &Term) -> bool {
        let chars = &scan.chars[..];
        let first = chars[s];
        let last = chars[e - 1];
        let word = |c: char| !crate::text::is_cjk(c) && c.is_alphanumeric();
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
        if self.needs_tokens(chars, s, e, t) {
            self.segment_at(scan, s);
            if !scan.token_bound(s) {
                return false;
            }
            self.segment_at(scan, e);
            if scan.token_bound(e) {
                return true;
            }
            // jieba's dictionary holds compounds of a name and an
            // institution (德国议会, 挪威议会): the name still stands in them
            // when the rest of the token is one of the grammar's
            // `compound_heads` (中国人民大学 stays a university).
            if matches!(t.meaning, Meaning::Actor(_)) {
                let te = (e + 1..=scan.chars.len()).find(|&x| scan.token_bound(x));
                if let Some(te) = te {
                    let rest: String = scan.chars[e..te].iter().collect();
                    return self.compound_heads.contains(&rest);
                }
            }
            return false;
        }
        true
    }
}

/// How a Chinese actor candidate meets an earlier-starting one.
#[derive(Clone, Copy, PartialEq)]
enum Crossing {
    No,
    /// It starts inside an earlier name and ends beyond it.
    Inner,
    /// Likewise, and the shared chars are a name too: nested, so it loses.
    Nested,
}

/// What [`Matcher::hits`] found in a sentence.
pub struct SentenceHits {
    /// Relation, actor and grammar terms, non-overlapping, in order.
    pub main: Vec<Hit>,
    /// Stance words.
    pub stance: Vec<Hit>,
    /// The sentence's (shadow) chars.
    pub chars: Vec<char>,
}

/// One sentence being matched: its chars, char-to-byte offsets, the
/// candidates of both automata and the jieba token boundaries.
///
/// jieba cuts a text block by block (runs of Han chars, ASCII letters and
/// digits and `+#&._%-`), and each block's tokens depend on that block
/// alone, so segmenting only the blocks around short Chinese matches, and
/// only when a match is checked (not when a longer one already took its
/// place), gives exactly the boundaries a cut of the whole sentence gives:
/// the rest of the text is never segmented.
pub struct Scan<'a> {
    norm: &'a str,
    chars: Vec<char>,
    /// char index -> byte offset (plus the end).
    c2b: Vec<u32>,
    /// (char start, char end, term) per automaton set: main, stance.
    cands: [Vec<(usize, usize, usize)>; 2],
    /// Per char position: 0 not segmented, 1 a token boundary, 2 inside a
    /// segmented block but not a boundary.
    bounds: Vec<u8>,
}

/// Chars jieba keeps together in one block (its `RE_HAN_DEFAULT`).
fn jieba_block_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
        || matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0x2CEB0..=0x2EBEF
            | 0x2F800..=0x2FA1F)
}

impl Scan<'_> {
    /// Whether `pos` lies between two chars of one jieba block (else it is
    /// a token boundary without segmenting).
    fn inside_block(&self, pos: usize) -> bool {
        pos > 0
            && pos < self.chars.len()
            && jieba_block_char(self.chars[pos - 1])
            && jieba_block_char(self.chars[pos])
    }

    /// The block around char position `pos` if it still needs cutting
    /// (char range), marked as cut.
    fn block_to_cut(&mut self, pos: usize) -> Option<(usize, usize)> {
        if !self.inside_block(pos) || self.bounds[pos] != 0 {
            return None;
        }
        let n = self.chars.len();
        let mut bs = pos;
        while bs > 0 && jieba_block_char(self.chars[bs - 1]) {
            bs -= 1;
        }
        let mut be = pos;
        while be < n && jieba_block_char(self.chars[be]) {
            be += 1;
        }
        self.bounds[bs..=be].fill(2);
        self.bounds[bs] = 1;
        self.bounds[be] = 1;
        Some((bs, be))
    }

    /// Whether a jieba token of the sentence starts or ends at char `pos`
    /// (its block was cut by [`Matcher::segment_at`]).
    fn token_bound(&self, pos: usize) -> bool {
        !self.inside_block(pos) || self.bounds[pos] == 1
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
            let word = |c: char| !crate::text::is_cjk(c) && c.is_alphanumeric();
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

/// Orders the candidates of one automaton by start, longest first, and
/// keeps every one of them: a longer candidate rejected later (at a word
/// boundary, or a discontinuous cue whose second part is missing, as
/// "labelled … as" without "as") must not hide a shorter or equal one at
/// the same start ("labelled"). [`Matcher::resolve`] then lets the longest
/// valid candidate win, and of equal surfaces the first term.
fn every_candidate(found: &mut Vec<(usize, usize, usize)>) {
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    found.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Token boundaries of a cut of the whole sentence, by char position.
    fn whole_cut(jieba: &Jieba, s: &str) -> Vec<bool> {
        let n = s.chars().count();
        let mut v = vec![false; n + 1];
        v[0] = true;
        let mut at = 0;
        for tok in jieba.cut(s, false) {
            at += tok.word.chars().count();
            v[at] = true;
        }
        v
    }

    #[test]
    fn block_local_segmentation_gives_the_whole_sentence_boundaries() {
        let lex = Lexicon::shipped().unwrap();
        let m = Matcher::new(&lex);
        // Invented sentences: mixed scripts, digits, dots, hyphens, spaces,
        // quotes and clause punctuation between and inside blocks.
        let sentences = [
            "外交部发言人表示，中方对此强烈不满，美国和欧盟应停止抹黑中国。",
            "据报道，G7峰会上英美两国指责中国黑客攻击了3.5万台服务器——中方予以驳斥。",
            "“我们坚决反对！”中国驻荷兰大使馆发言人说，荷方所谓的调查报告毫无根据",
            "北约秘书长称，中国人民大学的研究人员参与了COVID-19溯源工作 而非网络攻击",
            "欧盟对外行动署(EEAS)发表声明：支持德国、荷兰的归因结论；中方指其为政治操弄。",
        ];
        for s in sentences {
            let full = whole_cut(&m.jieba, s);
            let mut scan = m.scan(s);
            // Cut at every position, as if every char began a short term.
            for pos in 0..=scan.chars.len() {
                m.segment_at(&mut scan, pos);
            }
            for (pos, &expected) in full.iter().enumerate() {
                assert_eq!(scan.token_bound(pos), expected, "{s} at char {pos}");
            }
        }
    }

    #[test]
    fn a_dictionary_built_on_another_thread_gives_the_same_matcher() {
        let lex = Lexicon::shipped().unwrap();
        let here = Matcher::new(&lex);
        let there = Matcher::with_dictionary(&lex, Some(BaseDictionary::start()));
        for s in [
            "中国人民大学的学者称，美方指责中方毫无根据。",
            "英国外交大臣表示支持北约，俄方予以驳斥",
        ] {
            assert_eq!(here.find(s), there.find(s), "{s}");
            assert_eq!(here.jieba.cut(s, false), there.jieba.cut(s, false), "{s}");
        }
    }

    #[test]
    fn short_terms_need_token_boundaries() {
        let lex = Lexicon::shipped().unwrap();
        let m = Matcher::new(&lex);
        let surfaces = |norm: &str| -> Vec<String> {
            let chars: Vec<char> = norm.chars().collect();
            m.find(norm)
                .iter()
                .map(|h| chars[h.start..h.end].iter().collect())
                .collect()
        };
        // 中国 inside 中国人民大学 is not China; standing alone it is.
        assert!(!surfaces("中国人民大学的学者发表文章。").contains(&"中国".to_string()));
        assert!(surfaces("中国外交部发言人表示反对。")
            .iter()
            .any(|s| s.starts_with("中国")));
        // jieba keeps 德国议会 as one token: an institution after the name
        // (a compound head) leaves the name standing.
        assert!(surfaces("黑客侵入了德国议会的系统。").contains(&"德国".to_string()));
    }
}
