//! Writes every format for a generated graph into a directory and prints
//! how long the SVG took: `cargo run --example render_demo -- DIR [NODES EDGES]`.
//! Without NODES and EDGES it draws a small fixed demo of ~20 actors.

use std::time::Instant;

use stancegraph::export::{self, svg, Format};
use stancegraph::graph::{build, GraphOptions};
use stancegraph::{ActorCatalog, ActorInfo, Relation, RelationMention};

struct Labels;
impl ActorCatalog for Labels {
    fn actor_info(&self, id: &str) -> ActorInfo {
        let mut info = ActorInfo::generic(id);
        let n: usize = id
            .rsplit("actor")
            .next()
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        info.label_zh = format!("行为者{n}号");
        info.label_en = format!("Actor number {n}");
        info.kind = ["state", "ministry", "igo", "office", "agency"][n % 5].to_string();
        info
    }
}

fn random_mentions(nodes: usize, edges: usize) -> Vec<RelationMention> {
    // A small deterministic LCG: no external crates.
    let mut x: u64 = 0x2545F4914F6CDD1D;
    let mut next = move |m: usize| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as usize) % m
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    while seen.len() < edges {
        let (s, t, r) = (next(nodes), next(nodes), next(6));
        if s == t || !seen.insert((s, t, r)) {
            continue;
        }
        for k in 0..(1 + next(3)) {
            out.push(RelationMention {
                doc: format!("doc-{}", next(500)),
                outlet: ["bbc", "xinhua", "rfi"][k % 3].to_string(),
                date: Some(format!("2024-05-{:02}", 1 + next(28))),
                source: format!("c{}.actor{s}", s % 17),
                relation: Relation::ALL[r],
                target: format!("c{}.actor{t}", t % 17),
                cue: "cue".into(),
                rule: "gen".into(),
                sentence: format!("Sentence {s} {r} {t}."),
                span: [k * 10, k * 10 + 9],
                confidence: 1.0,
            });
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(args.get(1).cloned().unwrap_or_else(|| "out/demo".into()));
    std::fs::create_dir_all(&dir).unwrap();
    let nodes: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(300);
    let edges: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mentions = random_mentions(nodes, edges);
    let graph = build(&mentions, &Labels, &GraphOptions::default());
    let t = Instant::now();
    let svg = svg::render_svg(&graph, &svg::SvgOptions::default()).unwrap();
    println!(
        "{} actors, {} edges: SVG ({} bytes) in {:.2} s",
        graph.node_count(),
        graph.edge_count(),
        svg.len(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let written = export::write_graph(&graph, &dir, &Format::ALL).unwrap();
    println!(
        "all formats in {:.2} s: {written:?}",
        t.elapsed().as_secs_f64()
    );
}
