//! Inputs that fuzzing and the property tests (`tests/proptest_export.rs`)
//! found to break the library, kept as regression tests.

use stancegraph::export::svg;
use stancegraph::graph::{build, GraphOptions};
use stancegraph::{ActorCatalog, ActorInfo, Relation, RelationMention};

struct Labels;

impl ActorCatalog for Labels {
    fn actor_info(&self, id: &str) -> ActorInfo {
        let mut info = ActorInfo::generic(id);
        info.label_zh = "\u{10ffff}".to_string();
        info.label_en = "&lt;\n/\u{fffe}驳斥.\u{ffff}".to_string();
        info
    }
}

fn parse_svg(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        },
    )
}

/// proptest: a label with U+FFFE (kept by DOT, copied by the renderer) made
/// the SVG ill-formed XML ("a non-XML character '\u{fffe}'").
#[test]
fn svg_drops_noncharacters_from_labels() {
    let m = RelationMention {
        doc: "d".into(),
        outlet: "o".into(),
        date: None,
        source: "china".into(),
        relation: Relation::Accuse,
        target: "us".into(),
        cue: "\u{fffe}".into(),
        rule: "r".into(),
        sentence: "s\u{ffff}".into(),
        span: [0, 0],
        confidence: 0.0,
    };
    let g = build(&[m], &Labels, &GraphOptions::default());
    let text = svg::render_svg(&g, &svg::SvgOptions::default()).unwrap();
    assert!(!text.contains(['\u{fffe}', '\u{ffff}']));
    let doc = parse_svg(&text).unwrap_or_else(|e| panic!("{e}"));
    let all: String = doc.descendants().filter_map(|n| n.text()).collect();
    assert!(all.contains("/驳斥."), "label text kept: {all:?}");
}
