//! The shipped sample corpus (`examples/corpus`, invented articles in every
//! format) is read with the title, outlet, date (±1 day) and language its
//! hand annotation (`examples/gold/docs.jsonl`) gives.

use std::collections::BTreeMap;

use stancegraph::ingest::{read_inputs, IngestOptions};
use stancegraph::Lang;

fn day(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").unwrap()
}

#[test]
fn sample_corpus_metadata_matches_its_annotation() {
    let root = env!("CARGO_MANIFEST_DIR");
    let gold: BTreeMap<String, serde_json::Value> =
        std::fs::read_to_string(format!("{root}/examples/gold/docs.jsonl"))
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (v["doc"].as_str().unwrap().to_string(), v)
            })
            .collect();
    let mut seen = 0;
    for item in read_inputs(
        &[format!("{root}/examples/corpus")],
        &IngestOptions::default(),
    ) {
        let a = item.expect("every sample article reads");
        let g = &gold[&a.id];
        seen += 1;
        assert_eq!(a.title.as_deref(), g["title"].as_str(), "{} title", a.id);
        assert_eq!(
            a.outlet,
            g["outlet"].as_str().unwrap_or("unknown"),
            "{} outlet",
            a.id
        );
        let lang = match g["lang"].as_str() {
            Some("en") => Lang::En,
            _ => Lang::Zh,
        };
        assert!(
            a.lang == lang || a.lang == Lang::Mixed,
            "{} lang {:?}",
            a.id,
            a.lang
        );
        match (g["date"].as_str(), a.date.as_deref()) {
            (None, None) => {}
            (Some(want), Some(got)) => assert!(
                (day(got) - day(want)).num_days().abs() <= 1,
                "{} date {got} vs {want}",
                a.id
            ),
            (want, got) => panic!("{} date {got:?} vs {want:?}", a.id),
        }
    }
    assert_eq!(seen, gold.len());
}
