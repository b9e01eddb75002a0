//! Text stage: Simplified shadow text and sentences.
//!
//! Matching runs on a *shadow* of each sentence converted to Simplified
//! Chinese with the same number of chars (OpenCC tables via `hanconv`), so
//! Traditional text (美國, 歐盟) matches the Simplified lexicon while every
//! offset still points into the original text. Sentences split on 。！？；
//! and on English full stops that end a sentence (not `U.S.` or `Mr.`);
//! closing quotes and brackets stay with their sentence.

use crate::model::Article;

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Index of its paragraph in `Article::paragraphs`.
    pub para: usize,
    /// Whether the paragraph is a heading (the headline is paragraph 0).
    pub heading: bool,
    /// Index of the sentence within its paragraph.
    pub index_in_para: usize,
    /// Char offsets `[start, end)` in the article's clean text.
    pub start: usize,
    pub end: usize,
    /// The sentence as written.
    pub text: String,
    /// Simplified shadow, char-for-char aligned with `text`.
    pub norm: String,
}

/// Converts to Simplified Chinese keeping the char count (char by char when
/// a phrase conversion would change lengths).
pub fn simplify_aligned(s: &str) -> String {
    if !s.chars().any(converts) {
        return s.to_string();
    }
    let whole = hanconv::t2s(s);
    if whole.chars().count() == s.chars().count() {
        return whole;
    }
    let mut out = String::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if is_cjk(c) {
            let conv = hanconv::t2s(c.encode_utf8(&mut buf) as &str);
            let mut it = conv.chars();
            match (it.next(), it.next()) {
                (Some(one), None) => out.push(one),
                _ => out.push(c),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `c` is a char that the Traditional-to-Simplified tables change:
/// a char key, or a char of a phrase key where the phrase and its
/// conversion differ (覆 of 示覆 -> 示复). Every key that converts to
/// something else holds such a char, so text with none of them converts to
/// itself and most Simplified text is never run through the converter.
pub fn converts(c: char) -> bool {
    static CHANGED: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
        let mut bits = vec![0u64; (TRAD_LIMIT as usize).div_ceil(64)];
        for dict in [
            hanconv::Dictionary::TSPhrases,
            hanconv::Dictionary::TSCharacters,
        ] {
            for (key, value) in dict.iter() {
                if key == value {
                    continue;
                }
                let (k, v): (Vec<char>, Vec<char>) =
                    (key.chars().collect(), value.chars().collect());
                let changed: Vec<char> = if k.len() == v.len() {
                    k.iter()
                        .zip(&v)
                        .filter(|(a, b)| a != b)
                        .map(|(a, _)| *a)
                        .collect()
                } else {
                    k
                };
                for f in changed
                    .into_iter()
                    .map(|f| f as u32)
                    .filter(|&n| n < TRAD_LIMIT)
                {
                    bits[f as usize / 64] |= 1 << (f % 64);
                }
            }
        }
        bits
    });
    // Chars past the table always take the converter.
    let n = c as u32;
    n >= TRAD_LIMIT || CHANGED[n as usize / 64] & (1 << (n % 64)) != 0
}

const TRAD_LIMIT: u32 = 0x3_0000;

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// `c.is_alphanumeric()` for a [`is_cjk`] char, without the Unicode table
/// lookup for the two blocks every code point of which is an assigned
/// ideograph (checked by a test).
pub fn is_cjk_alphanumeric(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF) || c.is_alphanumeric()
}

const CLOSERS: &[char] = &['”', '’', '"', '\'', '」', '』', '）', ')', '】', '》', ']'];
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sen", "Rep", "Gov", "St", "Jr", "Sr",
    "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "vs", "etc", "Inc", "Ltd", "Co", "Corp", "approx", "Fig", "Vol",
];

/// Longest sentence handed to the rules, in chars: a longer run without a
/// terminator (a scrape without punctuation, a hostile one-line file) is cut
/// at its last clause break or space before the limit, so the work per
/// sentence stays bounded.
pub const MAX_SENTENCE_CHARS: usize = 600;

/// Splits one paragraph into sentences: char ranges `[start, end)`.
pub fn split_sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, e) in split_at_terminators(chars) {
        let mut s = s;
        while e - s > MAX_SENTENCE_CHARS {
            let window = &chars[s..s + MAX_SENTENCE_CHARS];
            let cut = window
                .iter()
                .rposition(|c| matches!(c, '，' | ',' | '、' | '：' | ':'))
                .or_else(|| window.iter().rposition(|c| c.is_whitespace()))
                .filter(|&i| i > MAX_SENTENCE_CHARS / 4)
                .map_or(MAX_SENTENCE_CHARS, |i| i + 1);
            push_trimmed(chars, s, s + cut, &mut out);
            s += cut;
        }
        push_trimmed(chars, s, e, &mut out);
    }
    out
}

fn split_at_terminators(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = chars.len();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let hard = matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';');
        let stop = c == '.' && is_sentence_period(chars, i);
        if hard || stop {
            let mut end = i + 1;
            // Runs of terminators (！？, ...) and closing quotes stay.
            while end < n
                && (matches!(chars[end], '。' | '！' | '？' | '!' | '?' | '.')
                    || CLOSERS.contains(&chars[end]))
            {
                end += 1;
            }
            push_trimmed(chars, start, end, &mut out);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(chars, start, n, &mut out);
    out
}

fn push_trimmed(chars: &[char], mut s: usize, mut e: usize, out: &mut Vec<(usize, usize)>) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > s {
        out.push((s, e));
    }
}

fn is_sentence_period(chars: &[char], i: usize) -> bool {
    // Next non-space char must start a sentence (upper case, quote, CJK, digit) or end the text.
    let mut j = i + 1;
    while j < chars.len() && CLOSERS.contains(&chars[j]) {
        j += 1;
    }
    if j < chars.len() && !chars[j].is_whitespace() && !is_cjk(chars[j]) {
        return false; // 5.2, U.S, example.com
    }
    while j < chars.len() && chars[j].is_whitespace() {
        j += 1;
    }
    if j < chars.len() {
        let nx = chars[j];
        if !(nx.is_uppercase() || nx.is_ascii_digit() || is_cjk(nx) || "\"“‘'(（[".contains(nx))
        {
            return false;
        }
    }
    // The word before the period.
    let mut k = i;
    while k > 0 && (chars[k - 1].is_alphanumeric() || chars[k - 1] == '.') && !is_cjk(chars[k - 1])
    {
        k -= 1;
    }
    let word: String = chars[k..i].iter().collect();
    if word.is_empty() {
        return true;
    }
    if word.contains('.') {
        return false; // U.S. / U.K. / e.g.
    }
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        return false; // initials: J. Smith
    }
    !ABBREVIATIONS.contains(&word.as_str())
}

/// Every sentence of an article, in order.
pub fn sentences(article: &Article) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (pi, p) in article.paragraphs.iter().enumerate() {
        // The chars and the byte offset of every char (plus the end), in
        // the text and in its shadow (which differ only where a conversion
        // changed a char's UTF-8 length).
        let n = p.text.chars().count();
        let mut chars: Vec<char> = Vec::with_capacity(n);
        let mut tb: Vec<usize> = Vec::with_capacity(n + 1);
        let mut same = true;
        for (b, c) in p.text.char_indices() {
            chars.push(c);
            tb.push(b);
            same &= !converts(c);
        }
        tb.push(p.text.len());
        let simplified = if same {
            String::new()
        } else {
            simplify_aligned(&p.text)
        };
        // A text with a char that converts can still convert to itself.
        let same = same || simplified == p.text;
        let nb: Vec<usize> = if same {
            Vec::new()
        } else {
            simplified
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(simplified.len()))
                .collect()
        };
        for (si, (s, e)) in split_sentences(&chars).into_iter().enumerate() {
            let text = p.text[tb[s]..tb[e]].to_string();
            let norm = if same {
                text.clone()
            } else {
                simplified[nb[s]..nb[e]].to_string()
            };
            out.push(Sentence {
                para: pi,
                heading: p.heading,
                index_in_para: si,
                start: p.start + s,
                end: p.start + e,
                text,
                norm,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_dense_ideograph_blocks_are_alphanumeric_throughout() {
        for n in (0x3400..=0x4DBF).chain(0x4E00..=0x9FFF) {
            let c = char::from_u32(n).unwrap();
            assert!(c.is_alphanumeric(), "U+{n:04X}");
        }
        for c in ['\u{FA6E}', '\u{2A6E0}', '中', '\u{F900}'] {
            assert_eq!(is_cjk_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    fn split(s: &str) -> Vec<String> {
        let c: Vec<char> = s.chars().collect();
        split_sentences(&c)
            .into_iter()
            .map(|(a, b)| c[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn chinese_terminators_and_quotes() {
        assert_eq!(
            split("他说：“我们坚决反对。”随后离开。真的吗？是的；好"),
            [
                "他说：“我们坚决反对。”",
                "随后离开。",
                "真的吗？",
                "是的；",
                "好"
            ]
        );
    }

    #[test]
    fn english_abbreviations_do_not_split() {
        assert_eq!(
            split("The U.S. and the U.K. said so. Mr. Lee agreed. It costs 5.2 million."),
            [
                "The U.S. and the U.K. said so.",
                "Mr. Lee agreed.",
                "It costs 5.2 million."
            ]
        );
        assert_eq!(
            split("He said \"no.\" Then left."),
            ["He said \"no.\"", "Then left."]
        );
    }

    #[test]
    fn endless_sentences_are_cut_at_a_break() {
        let long = "甲国指责乙国，".repeat(200);
        let c: Vec<char> = long.chars().collect();
        let parts = split_sentences(&c);
        assert!(parts.len() > 1);
        assert!(parts.iter().all(|(a, b)| b - a <= MAX_SENTENCE_CHARS));
        assert!(parts.iter().all(|(_, b)| c[b - 1] == '，'));
        assert_eq!(parts.last().unwrap().1, c.len());
    }

    #[test]
    fn simplified_text_skips_the_converter_and_converts_to_itself() {
        for s in ["外交部发言人表示强烈不满", "美国和欧盟", "The EU said so."] {
            assert!(!s.chars().any(converts), "{s}");
            assert_eq!(hanconv::t2s(s), s);
        }
        assert!("美國".chars().any(converts));
        assert!("示覆".chars().any(converts));
    }

    #[test]
    fn traditional_is_shadowed_with_same_length() {
        let t = "美國與歐盟外交部發言人";
        let s = simplify_aligned(t);
        assert_eq!(s, "美国与欧盟外交部发言人");
        assert_eq!(s.chars().count(), t.chars().count());
    }

    #[test]
    fn sentences_keep_text_and_shadow_aligned() {
        // Traditional and Simplified paragraphs, a char outside the BMP and
        // English, with offsets that must point into the article's text.
        let article = Article {
            paragraphs: Article::paragraphs_from([
                (true, "美國與歐盟回應"),
                (false, "發言人說：我們反對。𠀋字不變！He left. Then?"),
                (false, "中方表示不满。英方回应。"),
            ]),
            id: "t".into(),
            source: "t.txt".into(),
            format: crate::model::Format::PlainText,
            title: None,
            outlet: "unknown".into(),
            date: None,
            published: None,
            url: None,
            author: None,
            lang: crate::model::Lang::Mixed,
            removed: Vec::new(),
            warnings: Vec::new(),
        };
        let sents = sentences(&article);
        let texts: Vec<&str> = sents.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "美國與歐盟回應",
                "發言人說：我們反對。",
                "𠀋字不變！",
                "He left.",
                "Then?",
                "中方表示不满。",
                "英方回应。"
            ]
        );
        assert_eq!(sents[1].norm, "发言人说：我们反对。");
        assert_eq!(sents[2].norm, "𠀋字不变！");
        assert_eq!(sents[5].norm, sents[5].text);
        let full = article.text();
        let chars: Vec<char> = full.chars().collect();
        for s in &sents {
            assert_eq!(s.norm.chars().count(), s.text.chars().count());
            let at: String = chars[s.start..s.end].iter().collect();
            assert_eq!(at, s.text);
        }
    }
}
