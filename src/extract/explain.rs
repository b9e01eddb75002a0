//! Explain: what the extractor saw in each sentence of an article and why
//! an edge came out or did not, for `stancegraph explain`.
//!
//! The same pipeline as [`Engine::extract`] runs with tracing on: per
//! sentence the actors and groups found (with their ids), the cues (with
//! relation and frame, and what became of each: the edges it gave, or the
//! check that blocked it — negation, a conditional, hearsay, a cited title),
//! the reporting verbs and grammar words, who speaks where (with the rule:
//! `speaker`, `speaker_colon`, `speaker_quote`, `speaker_carryover`,
//! `speaker_unknown`), and the final edges with their rule ids.

use serde::Serialize;

use super::{Engine, Kind, Prepared};
use crate::lexicon::TermLang;
use crate::model::{Article, Extraction};

/// One term or group the sentence holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionExplanation {
    /// The text as it stands in the sentence.
    pub text: String,
    /// `actor`, `cue`, `report`, `claim`, `negation`, `hedge` or the
    /// grammar word's kind (`passive`, `object_marker`, ...).
    pub kind: String,
    /// Actor ids for a group; `relation/frame` for a cue.
    pub detail: String,
}

/// What became of one cue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CueExplanation {
    pub text: String,
    pub relation: String,
    pub frame: String,
    /// The check that stopped it, when one did.
    pub blocked: Option<String>,
    /// Edges the rules made from it (before duplicates were merged); 0
    /// with no `blocked`: no source or no target was found for its frame.
    pub edges: usize,
}

/// Who speaks over part of the sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerExplanation {
    /// Actor ids; empty for a speaker the lexicon does not know.
    pub speaker: Vec<String>,
    pub rule: String,
    /// The text the speaker's scope covers.
    pub covers: String,
}

/// One edge of the sentence, as the extraction reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeExplanation {
    pub source: String,
    pub relation: String,
    pub target: String,
    pub rule: String,
    pub cue: String,
}

/// One sentence explained.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceExplanation {
    /// Index of the sentence in the article (from 0).
    pub index: usize,
    pub text: String,
    pub lang: &'static str,
    pub mentions: Vec<MentionExplanation>,
    pub cues: Vec<CueExplanation>,
    pub speakers: Vec<SpeakerExplanation>,
    pub edges: Vec<EdgeExplanation>,
}

/// An article explained, sentence by sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub doc: String,
    pub sentences: Vec<SentenceExplanation>,
}

impl SentenceExplanation {
    /// Does the sentence name the actor `id` or one of its parts (`us`
    /// covers `us.cia`)?
    pub fn names(&self, id: &str) -> bool {
        self.mentions
            .iter()
            .any(|m| m.kind == "actor" && m.detail.split(", ").any(|x| covers(id, x)))
    }
}

/// Is `x` the actor `id` or one of its parts?
pub fn covers(id: &str, x: &str) -> bool {
    x == id || x.strip_prefix(id).is_some_and(|r| r.starts_with('.'))
}

fn text_of(p: &Prepared, start: usize, end: usize) -> String {
    p.chars[start.min(p.chars.len())..end.min(p.chars.len())]
        .iter()
        .collect()
}

fn snake(debug: String) -> String {
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The explanation of sentence `i`, from the traced pipeline's state.
pub(crate) fn sentence(
    engine: &Engine,
    i: usize,
    p: &Prepared,
    speakers: &super::attribution::Speakers,
    trace: &[super::relations::CueTrace],
    extraction: &Extraction,
) -> SentenceExplanation {
    let lex = engine.lexicon();
    let mut mentions = Vec::new();
    for it in &p.items {
        let text = text_of(p, it.start, it.end);
        let (kind, detail) = match &it.kind {
            Kind::Group(ids) => ("actor".to_string(), ids.join(", ")),
            Kind::Cue(c) => {
                let cue = &lex.cues[*c];
                (
                    "cue".to_string(),
                    format!("{}/{}", cue.relation, snake(format!("{:?}", cue.frame))),
                )
            }
            Kind::Report { claim, .. } => (
                if *claim { "claim" } else { "report" }.to_string(),
                String::new(),
            ),
            Kind::Neg => ("negation".to_string(), String::new()),
            Kind::Cessation => ("cessation".to_string(), String::new()),
            Kind::Hedge => ("hedge".to_string(), String::new()),
            Kind::Gram(g) => (snake(format!("{g:?}")), String::new()),
            Kind::Break => continue,
        };
        mentions.push(MentionExplanation { text, kind, detail });
    }
    let cues = trace
        .iter()
        .filter(|t| t.sentence == i)
        .filter_map(|t| {
            let it = &p.items[t.item];
            let Kind::Cue(c) = it.kind else { return None };
            let cue = &lex.cues[c];
            let mut text = text_of(p, it.start, it.end);
            if let Some((a, b)) = it.second {
                text = format!("{text}…{}", text_of(p, a, b));
            }
            Some(CueExplanation {
                text,
                relation: cue.relation.to_string(),
                frame: snake(format!("{:?}", cue.frame)),
                blocked: t.blocked.map(str::to_string),
                edges: t.edges,
            })
        })
        .collect();
    let speakers = speakers
        .scopes
        .iter()
        .map(|s| SpeakerExplanation {
            speaker: s.speaker.clone(),
            rule: s.rule.to_string(),
            covers: text_of(p, s.from, s.to),
        })
        .collect();
    let edges = extraction
        .relations
        .iter()
        .filter(|r| r.span == [p.sent.start, p.sent.end])
        .map(|r| EdgeExplanation {
            source: r.source.clone(),
            relation: r.relation.to_string(),
            target: r.target.clone(),
            rule: r.rule.clone(),
            cue: r.cue.clone(),
        })
        .collect();
    SentenceExplanation {
        index: i,
        text: p.sent.text.clone(),
        lang: if p.lang == TermLang::En { "en" } else { "zh" },
        mentions,
        cues,
        speakers,
        edges,
    }
}

/// The explanation of `article` (see [`Engine::explain`]).
pub(crate) fn explain(engine: &Engine, article: &Article) -> Explanation {
    let (_, sentences) = engine.run(article, true);
    Explanation {
        doc: article.id.clone(),
        sentences: sentences.unwrap_or_default(),
    }
}
