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

/// An actor redefined in a user's lexicon directory replaces the shipped
/// one whole: the aliases only the shipped definition had stop naming it.
#[test]
fn an_actor_redefined_in_an_overlay_loses_its_shipped_aliases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("actors")).unwrap();
    std::fs::write(
        dir.path().join("actors/mine.toml"),
        "[[actor]]\nid = \"latvia\"\nkind = \"state\"\nlabel_zh = \"拉脱维亚\"\nlabel_en = \"Latvia\"\nzh = [\"拉脱维亚\"]\nen = [\"Latvia\"]\n",
    )
    .unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "Riga accused Russia of sabotage.\n\nLatvia accused Russia of jamming.\n",
    )
    .unwrap();
    let run = |extra: &[&std::ffi::OsStr]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_stancegraph"))
            .arg("extract")
            .args(extra)
            .arg(&article)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .filter(|l| l.contains("\"source\":\"latvia\""))
            .count()
    };
    assert_eq!(run(&[]), 2, "shipped: Riga and Latvia both name latvia");
    assert_eq!(
        run(&["--lexicons".as_ref(), dir.path().as_os_str()]),
        1,
        "redefined: only its own aliases name it"
    );
}
