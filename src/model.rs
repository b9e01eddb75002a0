//! Typed hand-offs between the pipeline stages.
//!
//! `ingest` produces [`Article`]s; `extract` turns an article into
//! [`Extraction`] (relation mentions and outlet-voice stances); `graph`,
//! `export`, `compare` and `eval` read those. Every offset is counted in
//! Unicode scalar values (chars), so Python notebooks can slice with it.

use serde::{Deserialize, Serialize};

/// Input format recognised from the content of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// YAML front matter followed by an HTML or Markdown body.
    FrontMatter,
    /// `<!--EPOCH_MS-->`, a markdown link title, a rule, then HTML.
    RfiPage,
    /// Plain text with `-` separator lines and page furniture.
    PlainDashed,
    /// Plain-text page: title, outlet, byline, timestamp, paragraphs.
    PlainPage,
    /// Markdown article with a `#` headline.
    Markdown,
    /// A whole saved HTML page.
    HtmlPage,
    /// One line of a JSONL corpus.
    Jsonl,
    /// Anything else read as plain paragraphs.
    PlainText,
}

/// Main language of an article, by script share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Zh,
    En,
    Mixed,
}

/// A paragraph of clean text with its char offsets in [`Article::text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// `true` for the headline (always the first paragraph when present)
    /// and for in-body section headings.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub heading: bool,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A block of page furniture that ingest removed, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub reason: String,
    pub text: String,
}

/// One article, cleaned, with its metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    /// Where it came from: a path, `<stdin>`, or `corpus.jsonl:12`.
    pub source: String,
    pub format: Format,
    pub title: Option<String>,
    /// Lower-case slug of the publishing outlet, `unknown` when unknown.
    pub outlet: String,
    /// Publication date, ISO 8601 `YYYY-MM-DD`, as the source prints it
    /// (its local calendar date). Always this form, whatever the source's.
    pub date: Option<String>,
    /// Publication instant in UTC, `YYYY-MM-DDTHH:MM:SSZ`, when the source
    /// gives a time with its zone or offset; `None` otherwise (a time
    /// without a zone cannot be placed, so only its date is kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub lang: Lang,
    /// Clean paragraphs; the headline is the first one when present.
    /// Offsets index into [`Article::text`] (paragraphs joined by "\n\n").
    pub paragraphs: Vec<Paragraph>,
    /// Page furniture removed, with reasons.
    pub removed: Vec<Removed>,
    /// Non-fatal problems met while reading (for example `date: Invalid Date`).
    pub warnings: Vec<String>,
}

impl Article {
    /// The clean text: paragraphs joined by a blank line.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                s.push_str("\n\n");
            }
            s.push_str(&p.text);
        }
        s
    }

    /// Builds paragraphs with offsets from their texts (blank ones dropped).
    pub fn paragraphs_from<I, S>(items: I) -> Vec<Paragraph>
    where
        I: IntoIterator<Item = (bool, S)>,
        S: Into<String>,
    {
        let mut out = Vec::new();
        let mut pos = 0usize;
        for (heading, text) in items {
            let text: String = text.into();
            let text = text.trim().to_string();
            if text.is_empty() {
                continue;
            }
            if !out.is_empty() {
                pos += 2;
            }
            let len = text.chars().count();
            out.push(Paragraph {
                heading,
                start: pos,
                end: pos + len,
                text,
            });
            pos += len;
        }
        out
    }
}

/// The six relations of the guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Accuse,
    Rebut,
    Demand,
    Threaten,
    Support,
    Attack,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Accuse,
        Relation::Rebut,
        Relation::Demand,
        Relation::Threaten,
        Relation::Support,
        Relation::Attack,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Accuse => "accuse",
            Relation::Rebut => "rebut",
            Relation::Demand => "demand",
            Relation::Threaten => "threaten",
            Relation::Support => "support",
            Relation::Attack => "attack",
        }
    }

    pub fn parse(s: &str) -> Option<Relation> {
        Relation::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mention of a relation in one sentence, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationMention {
    pub doc: String,
    pub outlet: String,
    pub date: Option<String>,
    pub source: String,
    pub relation: Relation,
    pub target: String,
    /// The cue words as they stand in the text.
    pub cue: String,
    /// Id of the rule that produced the edge.
    pub rule: String,
    pub sentence: String,
    /// Char offsets `[start, end)` of the sentence in the article's clean text.
    pub span: [usize; 2],
    pub confidence: f32,
}

/// Stance of the outlet's own voice toward an actor, in one article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StanceLabel {
    Negative,
    Neutral,
    Positive,
}

/// A cue that decided an outlet-voice stance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceCue {
    pub cue: String,
    pub polarity: f32,
    pub span: [usize; 2],
}

/// Outlet-voice stance toward one actor in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceRecord {
    pub doc: String,
    pub outlet: String,
    pub date: Option<String>,
    pub actor: String,
    pub stance: StanceLabel,
    pub score: f32,
    pub cues: Vec<StanceCue>,
}

/// What extraction found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub relations: Vec<RelationMention>,
    pub stances: Vec<StanceRecord>,
}

/// What the graph and the exporters need to know about an actor id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorInfo {
    pub id: String,
    pub label_zh: String,
    pub label_en: String,
    /// state, igo, ministry, agency, embassy, office, person, company,
    /// collective, media, region, group, unknown.
    pub kind: String,
    /// The id one segment up (`china.embassy.uk` -> `china.embassy`), if any.
    pub parent: Option<String>,
    /// First segment of the id: the country, organisation or collective.
    pub country: String,
}

/// Looks actor ids up; implemented by the lexicon, and by a plain map in tests.
pub trait ActorCatalog {
    /// Information on `id`; ids unknown to the catalog get a generic entry.
    fn actor_info(&self, id: &str) -> ActorInfo {
        ActorInfo::generic(id)
    }
}

impl ActorInfo {
    /// An entry for an id the catalog does not know: labels are the id.
    pub fn generic(id: &str) -> ActorInfo {
        let parent = id.rfind('.').map(|i| id[..i].to_string());
        let country = id.split('.').next().unwrap_or(id).to_string();
        ActorInfo {
            id: id.to_string(),
            label_zh: id.to_string(),
            label_en: id.to_string(),
            kind: "unknown".to_string(),
            parent,
            country,
        }
    }
}

/// Rolls a dotted id up to its first segment (the country level).
pub fn country_of(id: &str) -> &str {
    id.split('.').next().unwrap_or(id)
}

/// The `YYYY-MM-DD` date at the start of an ISO 8601 date or date-time
/// (its calendar date as written, whatever the offset); anything else as
/// it is.
pub fn date_part(iso: &str) -> &str {
    let b = iso.as_bytes();
    let shaped = b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b[..10]
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (b.len() == 10 || matches!(b[10], b'T' | b' '));
    if shaped {
        &iso[..10]
    } else {
        iso
    }
}
