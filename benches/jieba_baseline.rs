//! The reference for `bench/scale.sh`: bare jieba-rs segmentation of the
//! article texts of a JSONL corpus on one thread, with no other work. Prints
//! one line: `jieba_cut <hmm> <text_bytes> <articles> <seconds> <tokens>`.
//!
//! Run: `cargo bench --bench jieba_baseline -- CORPUS.jsonl [--hmm]`.
//! The texts are read into memory first (not timed); jieba's dictionary is
//! built before the clock starts too, so the figure is segmentation alone.

use std::io::BufRead;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some(path) = args.iter().find(|a| a.ends_with(".jsonl")) else {
        eprintln!("usage: jieba_baseline CORPUS.jsonl [--hmm]");
        std::process::exit(2);
    };
    let hmm = args.iter().any(|a| a == "--hmm");
    let file = std::fs::File::open(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.unwrap_or_else(|e| {
            eprintln!("{path}: {e}");
            std::process::exit(2)
        });
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let mut text = String::new();
        for key in ["title", "text", "html"] {
            if let Some(s) = v.get(key).and_then(|s| s.as_str()) {
                text.push_str(s);
                text.push('\n');
            }
        }
        texts.push(text);
    }
    let mut jieba = jieba_rs::Jieba::new();
    if let Some(i) = args.iter().position(|a| a == "--words") {
        for w in std::fs::read_to_string(&args[i + 1]).unwrap().lines() {
            jieba.add_word(w, None, None);
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    if args.iter().any(|a| a == "--blocks") {
        let blocks: Vec<String> = texts
            .iter()
            .flat_map(|t| t.split(|c: char| "，。、；：！？“”（）\n ".contains(c)).map(str::to_string).collect::<Vec<_>>())
            .filter(|b| !b.is_empty())
            .collect();
        texts = blocks;
    }
    let start = Instant::now();
    let mut tokens = 0usize;
    for t in &texts {
        tokens += jieba.cut(t, hmm).len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "jieba_cut {} {bytes} {} {secs:.3} {tokens}",
        if hmm { "hmm" } else { "nohmm" },
        texts.len()
    );
}
