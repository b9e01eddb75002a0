//! Ingest, bytes in: `parse_bytes` must never panic, and the articles it
//! returns must be consistent (paragraph offsets, headline first, dates).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancegraph::ingest::{parse_bytes, IngestOptions};
use stancegraph::Article;

fuzz_target!(|data: &[u8]| {
    let opts = IngestOptions::default();
    if let Ok(article) = parse_bytes(data, "fuzz", "fuzz", &opts) {
        check(&article);
    }
});

fn check(a: &Article) {
    assert_eq!(a.id, "fuzz");
    assert_eq!(a.source, "fuzz");
    assert!(!a.outlet.is_empty(), "empty outlet");
    // Paragraphs: non-empty, trimmed, offsets into the clean text.
    let text: Vec<char> = a.text().chars().collect();
    let mut pos = 0usize;
    for (i, p) in a.paragraphs.iter().enumerate() {
        assert!(!p.text.is_empty(), "empty paragraph {i}");
        assert_eq!(p.text.trim(), p.text, "untrimmed paragraph {i}");
        if i > 0 {
            pos += 2;
        }
        assert_eq!(p.start, pos, "paragraph {i} start");
        assert_eq!(p.end, p.start + p.text.chars().count(), "paragraph {i} end");
        assert!(p.end <= text.len(), "paragraph {i} past the text");
        let at: String = text[p.start..p.end].iter().collect();
        assert_eq!(at, p.text, "paragraph {i} offsets");
        pos = p.end;
    }
    assert_eq!(pos, text.len(), "paragraphs do not cover the text");
    // The headline is the first paragraph when there is a title.
    if let Some(title) = &a.title {
        assert!(!title.trim().is_empty(), "blank title");
        let first = a.paragraphs.first().expect("a title but no paragraph");
        assert!(
            first.heading,
            "title present but first paragraph not a heading"
        );
        assert_eq!(first.text, title.trim(), "first paragraph is not the title");
    }
    // Dates are ISO 8601: YYYY-MM-DD, optionally followed by a time.
    if let Some(d) = &a.date {
        let b = d.as_bytes();
        let ok = b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b'-'
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b'-'
            && b[8..10].iter().all(u8::is_ascii_digit);
        assert!(ok, "date {d:?} is not ISO 8601");
    }
    // The article survives a JSON round trip (as `inspect` prints it).
    let json = serde_json::to_string(a).expect("article serialises");
    let back: Article = serde_json::from_str(&json).expect("article reads back");
    assert_eq!(&back, a);
}
