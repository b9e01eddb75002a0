//! The reference for `bench/scale.sh`: bare jieba-rs segmentation of the
//! article texts of a JSONL corpus on one thread, with no other work.
//!
//! Run: `cargo bench --bench jieba_baseline -- CORPUS.jsonl [--hmm]`.
//! Prints one line: `jieba_cut <hmm|nohmm> <text bytes> <articles>
//! <seconds> <tokens>`. The corpus is streamed line by line; only the
//! `cut` calls are timed (reading and JSON parsing are not), and jieba's
//! dictionary is built before the clock starts, so the figure is
//! segmentation alone.

use std::io::BufRead;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: jieba_baseline CORPUS.jsonl [--hmm]");
        std::process::exit(2);
    };
    let hmm = args.iter().any(|a| a == "--hmm");
    let file = std::fs::File::open(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let jieba = jieba_rs::Jieba::new();
    let (mut bytes, mut articles, mut tokens) = (0usize, 0usize, 0usize);
    let mut spent = Duration::ZERO;
    for line in std::io::BufReader::with_capacity(1 << 20, file).lines() {
        let line = line.unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(2)
        });
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        articles += 1;
        for key in ["title", "text", "html"] {
            if let Some(text) = v.get(key).and_then(|s| s.as_str()) {
                bytes += text.len();
                let start = Instant::now();
                tokens += jieba.cut(text, hmm).len();
                spent += start.elapsed();
            }
        }
    }
    println!(
        "jieba_cut {} {bytes} {articles} {:.3} {tokens}",
        if hmm { "hmm" } else { "nohmm" },
        spent.as_secs_f64()
    );
}
