//! Loads every shipped lexicon file and fails on any error or lint:
//! duplicates, conflicts, unknown ids, bad syntax (as typos' verify.rs).

#[test]
fn shipped_lexicons_are_clean() {
    let diags = stancegraph::lexicon::check(None);
    for d in &diags {
        eprintln!("{d}");
    }
    assert!(diags.is_empty(), "{} lexicon problems", diags.len());
    let lex = stancegraph::lexicon::Lexicon::shipped().expect("shipped lexicon loads");
    assert!(lex.actors.len() > 20);
}
