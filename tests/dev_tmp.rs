use std::collections::BTreeSet;
use stancegraph::*;
#[test]
fn dev() {
    let path = std::env::var("ARTS").unwrap_or("/tmp/dev/arts.jsonl".into());
    let gold = std::env::var("GOLD").unwrap_or("/work/shared/gold".into());
    let lex = lexicon::Lexicon::shipped().unwrap();
    let eng = extract::Engine::new(lex);
    let mut rels = vec![]; let mut st = vec![]; let mut docs = BTreeSet::new();
    for l in std::fs::read_to_string(path).unwrap().lines() {
        let a: Article = serde_json::from_str(l).unwrap();
        docs.insert(a.id.clone());
        let x = eng.extract(&a);
        if std::env::var("SHOW").is_ok() { for r in &x.relations { println!("{} {} {} {} [{}|{}] {}", r.doc.chars().take(3).collect::<String>(), r.source, r.relation, r.target, r.cue, r.rule, r.sentence.chars().take(60).collect::<String>()); } }
        rels.extend(x.relations); st.extend(x.stances);
    }
    let g = eval::load_gold(std::path::Path::new(&format!("{gold}/edges.jsonl"))).unwrap();
    let gs = eval::load_gold_stance(std::path::Path::new(&format!("{gold}/stance.jsonl"))).unwrap();
    let r = eval::evaluate(&g, &rels, &docs, &gs, &st);
    for lv in &r.levels { println!("{:?} {:?}", lv.level, lv.score); if std::env::var("ERR").is_ok() { for d in &lv.docs { for f in &d.false_positives { println!("  FP {} {:?}", d.doc.chars().take(3).collect::<String>(), f); } for f in &d.false_negatives { println!("  FN {} {:?}", d.doc.chars().take(3).collect::<String>(), f); } } } }
    for s in &r.stance { println!("stance {} {} {:?} {:?} {}", s.doc, s.actor, s.expected, s.predicted, s.ok); }
}
