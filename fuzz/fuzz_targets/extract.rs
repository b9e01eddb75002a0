//! Extraction, text in: any text split into paragraphs on blank lines goes
//! through the engine with the shipped lexicon; it must never panic and
//! every mention's span must hold its sentence.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use stancegraph::extract::Engine;
use stancegraph::lexicon::Lexicon;
use stancegraph::{Article, Format, Lang};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Lexicon::shipped().expect("shipped lexicon")))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the headline, date and language; the rest is text.
    let (flags, body) = match data.split_first() {
        Some((f, rest)) => (*f, rest),
        None => (0, data),
    };
    let text = String::from_utf8_lossy(body);
    let mut blocks: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                blocks.push(std::mem::take(&mut cur));
            }
        } else {
            if !cur.is_empty() {
                cur.push('\n');
            }
            cur.push_str(line);
        }
    }
    if !cur.is_empty() {
        blocks.push(cur);
    }
    let headline = flags & 1 == 1;
    let paragraphs = Article::paragraphs_from(
        blocks
            .into_iter()
            .enumerate()
            .map(|(i, b)| (headline && i == 0, b)),
    );
    let title = paragraphs
        .first()
        .filter(|p| p.heading)
        .map(|p| p.text.clone());
    let article = Article {
        id: "fuzz".into(),
        source: "fuzz".into(),
        format: Format::PlainText,
        title,
        outlet: "unknown".into(),
        date: (flags & 2 == 2).then(|| "2024-03-01".to_string()),
        published: None,
        url: None,
        author: None,
        lang: match (flags >> 2) % 3 {
            0 => Lang::Zh,
            1 => Lang::En,
            _ => Lang::Mixed,
        },
        paragraphs,
        removed: Vec::new(),
        warnings: Vec::new(),
    };
    let chars: Vec<char> = article.text().chars().collect();
    let ex = engine().extract(&article);
    for m in &ex.relations {
        let [s, e] = m.span;
        assert!(
            s <= e && e <= chars.len(),
            "span {:?} outside the text ({} chars)",
            m.span,
            chars.len()
        );
        let at: String = chars[s..e].iter().collect();
        assert_eq!(at, m.sentence, "sentence differs from the text at its span");
        assert!(
            !m.source.is_empty() && !m.target.is_empty(),
            "empty actor id"
        );
        assert!(m.confidence.is_finite(), "confidence {}", m.confidence);
        assert_eq!(m.doc, "fuzz");
    }
    for st in &ex.stances {
        assert!(!st.actor.is_empty(), "empty stance actor");
        assert!(st.score.is_finite(), "stance score {}", st.score);
        for c in &st.cues {
            let [s, e] = c.span;
            assert!(
                s <= e && e <= chars.len(),
                "stance cue span {:?} outside the text",
                c.span
            );
        }
    }
});
