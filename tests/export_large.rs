//! A 300-actor, 1,000-edge generated graph renders to a well-formed SVG
//! with the force-directed engine (timing is printed by
//! `cargo run --example render_demo`, not asserted here).

use stancegraph::export::{dot, svg};
use stancegraph::graph::{build, GraphOptions};
use stancegraph::{ActorCatalog, Relation, RelationMention};

struct Generic;
impl ActorCatalog for Generic {}

#[test]
fn large_graph_renders() {
    let mut mentions = Vec::new();
    let mut x: u64 = 42;
    let mut seen = std::collections::BTreeSet::new();
    while seen.len() < 1000 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (s, t, r) = (
            (x >> 20) as usize % 300,
            (x >> 40) as usize % 300,
            (x >> 8) as usize % 6,
        );
        if s == t || !seen.insert((s, t, r)) {
            continue;
        }
        mentions.push(RelationMention {
            doc: format!("d{}", x % 97),
            outlet: "o".into(),
            date: None,
            source: format!("actor{s:03}"),
            relation: Relation::ALL[r],
            target: format!("actor{t:03}"),
            cue: "c".into(),
            rule: "r".into(),
            sentence: "s".into(),
            span: [0, 1],
            confidence: 1.0,
        });
    }
    // Make sure all 300 actors appear.
    for i in 0..300 {
        mentions.push(RelationMention {
            source: format!("actor{i:03}"),
            target: format!("actor{:03}", (i + 1) % 300),
            relation: Relation::Support,
            ..mentions[0].clone()
        });
    }
    let g = build(&mentions, &Generic, &GraphOptions::default());
    assert_eq!(g.node_count(), 300);
    assert!(g.edge_count() >= 1000);
    assert_eq!(dot::engine_for(&g), dot::Engine::Sfdp);
    let text = svg::render_svg(&g, &svg::SvgOptions::default()).unwrap();
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let nodes = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("node"))
        .count();
    assert_eq!(nodes, 300);
    assert!(text.contains("id=\"legend\""));
}
