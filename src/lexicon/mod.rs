//! Lexicons: the rules as data. Loads the shipped TOML files (embedded in
//! the binary) and a user's overlay directory, checks them strictly, and
//! compiles them into a [`Lexicon`]: actors, people, relation cues,
//! reporting verbs, stance words, negation and hedges, grammar words.
//!
//! Entry points: [`Lexicon::shipped`], [`Lexicon::load`], [`check`].

mod compile;
mod diag;
mod english;
pub mod schema;

use std::collections::BTreeMap;
use std::path::Path;

pub use compile::{
    Actor, Anaphora, CueDef, GramWord, Grammar, Meaning, Outlet, Person, Term, TermLang,
};
pub use diag::{Diagnostic, LexiconError, Severity, SourceFile};
pub use english::inflect;

use crate::model::{ActorCatalog, ActorInfo};

mod shipped {
    include!(concat!(env!("OUT_DIR"), "/shipped_lexicons.rs"));
}

/// The compiled lexicon every stage reads.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub actors: BTreeMap<String, Actor>,
    pub persons: Vec<Person>,
    pub cues: Vec<CueDef>,
    /// Every surface form, one meaning each (a later layer wins).
    pub terms: Vec<Term>,
    pub zh: Grammar,
    pub en: Grammar,
    pub outlets: Vec<Outlet>,
    /// The files it was built from, shipped ones as `<shipped>/path`.
    pub files: Vec<String>,
}

/// The shipped lexicon files, as (name, text).
pub fn shipped_files() -> Vec<SourceFile> {
    shipped::SHIPPED
        .iter()
        .map(|(name, text)| SourceFile {
            name: format!("<shipped>/{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

/// Reads every `*.toml` below `dir`, sorted by path.
pub fn read_dir_files(dir: &Path) -> Result<Vec<SourceFile>, LexiconError> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let io_err = |p: &Path, e: std::io::Error| LexiconError {
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            file: p.display().to_string(),
            line: 0,
            col: 0,
            value: String::new(),
            message: format!("cannot read lexicon: {e}"),
        }],
    };
    if !dir.is_dir() {
        return Err(io_err(
            dir,
            std::io::Error::new(std::io::ErrorKind::NotFound, "not a directory"),
        ));
    }
    // `file_type` does not follow symbolic links, so a link loop is never walked.
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| io_err(&d, e))?;
        for e in rd {
            let e = e.map_err(|e| io_err(&d, e))?;
            let p = e.path();
            let ft = e.file_type().map_err(|e| io_err(&p, e))?;
            if ft.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let mut files = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| io_err(&p, e))?;
        files.push(SourceFile {
            name: p.display().to_string(),
            text,
        });
    }
    Ok(files)
}

impl Lexicon {
    /// The shipped lexicon alone.
    pub fn shipped() -> Result<Lexicon, LexiconError> {
        Lexicon::from_layers(&[shipped_files()])
    }

    /// The shipped lexicon with a user's directory on top (if given).
    pub fn load(overlay: Option<&Path>) -> Result<Lexicon, LexiconError> {
        let mut layers = vec![shipped_files()];
        if let Some(dir) = overlay {
            layers.push(read_dir_files(dir)?);
        }
        Lexicon::from_layers(&layers)
    }

    /// Builds a lexicon from layers of files; later layers override.
    /// Only errors are returned; lints are for [`check`].
    pub fn from_layers(layers: &[Vec<SourceFile>]) -> Result<Lexicon, LexiconError> {
        let (lex, diags) = compile::compile(layers);
        let errors: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        match lex {
            Some(l) if errors.is_empty() => Ok(l),
            _ => Err(LexiconError {
                diagnostics: errors,
            }),
        }
    }

    /// The actor with this id.
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.get(id)
    }

    /// Grammar of one language.
    pub fn grammar(&self, lang: TermLang) -> &Grammar {
        match lang {
            TermLang::Zh => &self.zh,
            TermLang::En => &self.en,
        }
    }
}

impl ActorCatalog for Lexicon {
    fn actor_info(&self, id: &str) -> ActorInfo {
        let mut info = ActorInfo::generic(id);
        if let Some(a) = self.actors.get(id) {
            info.label_zh = a.label_zh.clone();
            info.label_en = a.label_en.clone();
            info.kind = a.kind.clone();
            return info;
        }
        // An id made by the rules (poland.mfa, china.embassy.estonia): the
        // nearest known ancestor's labels plus the part's name as another
        // country's same part spells it (中国外交部 -> 波兰外交部).
        let mut cur = id;
        while let Some(i) = cur.rfind('.') {
            cur = &cur[..i];
            if let Some(a) = self.actors.get(cur) {
                let tail = &id[cur.len()..];
                let (zh, en, kind) = self.part_names(tail);
                info.label_zh = format!("{}{}", a.label_zh, zh);
                info.label_en = format!("{} {}", a.label_en, en);
                if let Some(k) = kind {
                    info.kind = k;
                }
                break;
            }
        }
        info
    }
}

impl Lexicon {
    /// How the part `.mfa` (or `.embassy.estonia`) of some other actor is
    /// labelled after its owner's name: (zh suffix, en suffix, kind).
    fn part_names(&self, tail: &str) -> (String, String, Option<String>) {
        // The most common spelling wins (外交部 over one country's 外交贸易部).
        let mut zh: BTreeMap<&str, usize> = BTreeMap::new();
        let mut en: BTreeMap<&str, usize> = BTreeMap::new();
        let mut kind = None;
        for (id, a) in &self.actors {
            let Some(owner) = id.strip_suffix(tail).and_then(|o| self.actors.get(o)) else {
                continue;
            };
            kind.get_or_insert_with(|| a.kind.clone());
            if let Some(z) = a
                .label_zh
                .strip_prefix(&owner.label_zh)
                .filter(|z| !z.is_empty())
            {
                *zh.entry(z).or_default() += 1;
            }
            if let Some(e) = a
                .label_en
                .strip_prefix(&owner.label_en)
                .filter(|e| e.starts_with(' '))
            {
                *en.entry(e.trim()).or_default() += 1;
            }
        }
        let best = |m: &BTreeMap<&str, usize>| {
            m.iter()
                .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
                .map(|(k, _)| k.to_string())
        };
        let mut plain = tail.trim_start_matches('.').replace(['.', '_'], " ");
        if plain.len() <= 3 {
            plain = plain.to_uppercase(); // mfa -> MFA
        }
        (
            best(&zh).unwrap_or_else(|| format!(" {plain}")),
            best(&en).unwrap_or(plain),
            kind,
        )
    }
}

/// Validates and lints a directory of lexicon files (or the shipped set
/// when `dir` is `None`): errors and warnings, sorted by file and line.
/// A user directory is checked on top of the shipped set, as it is used.
pub fn check(dir: Option<&Path>) -> Vec<Diagnostic> {
    let mut layers = vec![shipped_files()];
    if let Some(d) = dir {
        match read_dir_files(d) {
            Ok(files) => layers.push(files),
            Err(e) => return e.diagnostics,
        }
    }
    let (_, mut diags) = compile::compile(&layers);
    diags.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
    diags
}
