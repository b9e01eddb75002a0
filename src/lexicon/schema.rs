//! The on-disk shape of lexicon files, read strictly with serde
//! (`deny_unknown_fields`). Every string a check may complain about is kept
//! `Spanned`, so errors can name `file:line:col`.

use serde::Deserialize;
use toml::Spanned;

use crate::model::Relation;

pub type S = Spanned<String>;

/// One lexicon file. Any table may appear in any file; the shipped set
/// keeps one concern per file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexFile {
    #[serde(default)]
    pub actor: Vec<ActorEntry>,
    #[serde(default)]
    pub person: Vec<PersonEntry>,
    #[serde(default)]
    pub cue: Vec<CueEntry>,
    #[serde(default)]
    pub report: Vec<ReportEntry>,
    #[serde(default)]
    pub stance: Vec<StanceEntry>,
    #[serde(default)]
    pub modifier: Vec<ModifierEntry>,
    #[serde(default)]
    pub grammar: Vec<GrammarEntry>,
    #[serde(default)]
    pub outlet: Vec<OutletEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorEntry {
    pub id: S,
    pub kind: S,
    pub label_zh: S,
    pub label_en: S,
    #[serde(default)]
    pub zh: Vec<S>,
    #[serde(default)]
    pub en: Vec<S>,
    /// English adjectives naming the actor (Polish, Dutch): a mention too,
    /// but not inside hyphenated compounds (Chinese-language).
    #[serde(default)]
    pub adjectives: Vec<S>,
    #[serde(default)]
    pub members: Vec<S>,
    #[serde(default)]
    pub host: Option<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    #[serde(default)]
    pub zh: Vec<S>,
    #[serde(default)]
    pub en: Vec<S>,
    pub office: S,
    /// The English family name the person is met by alone ("Wang" for
    /// "Wang Yi"); default: the last word of the first English name.
    #[serde(default)]
    pub surname: Option<S>,
    #[serde(default)]
    pub from: Option<S>,
    #[serde(default)]
    pub to: Option<S>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LangTag {
    Zh,
    En,
}

/// How a cue finds its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frame {
    /// The target is the object: the actor after the cue, or the one marked
    /// by 对/向/针对/against before it.
    #[default]
    Object,
    /// No object slot: the target comes from context (the accuser being
    /// answered, other actors in the sentence, an embassy's host).
    Context,
    /// An evaluation of what an actor said or did (无中生有, groundless):
    /// the target is the actor evaluated, the source the speaker.
    Predicate,
    /// 把/将 X 归咎于 Y, "blame X on Y": the target follows, and the
    /// wrongdoing before the cue is attributed to the target.
    Blame,
    /// A wrongdoing stated without a speech act (干涉内政, 说三道四,
    /// "persecution"): in someone's speech the speaker accuses the doer;
    /// the doer's own edge is none, and the outlet's voice gives no edge.
    Wrongdoing,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueEntry {
    pub relation: Spanned<Relation>,
    pub lang: LangTag,
    #[serde(default)]
    pub frame: Frame,
    /// Literal terms; `…` joins the two parts of a discontinuous cue.
    #[serde(default)]
    pub terms: Vec<S>,
    /// English verbs, matched with their inflections.
    #[serde(default)]
    pub verbs: Vec<S>,
    /// Relation to use instead when a cyber word modifies the cue
    /// (攻击 is verbal, 网络攻击 is a cyber attack).
    #[serde(default)]
    pub cyber: Option<Spanned<Relation>>,
    /// Relation to use instead when the target has not accused the source's
    /// side in the article (不负责任 rebuts an accuser, accuses anyone else).
    #[serde(default)]
    pub unprompted: Option<Spanned<Relation>>,
    #[serde(default)]
    pub confidence: Option<f32>,
    /// The cue states wrongdoing: a claim verb whose content holds it
    /// makes the speaker accuse the doer.
    #[serde(default)]
    pub wrongdoing: bool,
    /// A pejorative accusation verb (抹黑, smear): said by the side it
    /// targets, the speaker rebuts and accuses its source.
    #[serde(default)]
    pub pejorative: bool,
    /// The cue counts only in a cyber context: a cyber word in its clause,
    /// or an article about cyber operations ("attacks" is a cyber attack
    /// in a report on hacking, a military one elsewhere).
    #[serde(default)]
    pub cyber_only: bool,
    /// An evaluation that names an accusation (无端指责): its clause's
    /// subject also accuses the object (X对中方进行无端指责).
    #[serde(default)]
    pub accusation: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportEntry {
    pub lang: LangTag,
    /// Claim verbs (声称, alleged) present their content as an accusation.
    #[serde(default)]
    pub claim: bool,
    /// Verbs whose object is who is told (tell, 告诉): the group right
    /// after one is the addressee, never a subject.
    #[serde(default)]
    pub addressee: bool,
    #[serde(default)]
    pub terms: Vec<S>,
    #[serde(default)]
    pub verbs: Vec<S>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceEntry {
    pub lang: LangTag,
    /// Polarity toward the actors before the word in its clause (the doer).
    #[serde(default)]
    pub before: f32,
    /// Polarity toward the actors after the word in its clause (the one
    /// it is done to, or the object of a "so-called" claim).
    #[serde(default)]
    pub after: f32,
    #[serde(default)]
    pub terms: Vec<S>,
    #[serde(default)]
    pub verbs: Vec<S>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModifierKind {
    Negation,
    /// A verb of stopping (停止, stop): negates the cue after it, but
    /// negated itself (从未停止, "never stopped") it affirms the cue.
    Cessation,
    Hedge,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModifierEntry {
    pub kind: ModifierKind,
    pub lang: LangTag,
    pub terms: Vec<S>,
}

/// Function words and patterns the rules use, per language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GrammarEntry {
    pub lang: LangTag,
    /// Words that join actors into one group (、 和 与 及, and).
    #[serde(default)]
    pub coordinators: Vec<S>,
    /// Words naming a source before it: 根据 X, 据 X, "according to X".
    #[serde(default)]
    pub source_markers: Vec<S>,
    /// Words allowed between coordinated actors (其他, the, other).
    #[serde(default)]
    pub fillers: Vec<S>,
    /// Words that close a group (等).
    #[serde(default)]
    pub group_end: Vec<S>,
    /// Passive markers (被 遭到; was/were … by).
    #[serde(default)]
    pub passive: Vec<S>,
    /// English only: the word introducing a passive agent ("by").
    #[serde(default)]
    pub agent: Vec<S>,
    /// Markers of the object before a cue (对 向 针对; against).
    #[serde(default)]
    pub object_markers: Vec<S>,
    /// Topic markers: 对于 X 的指责 makes X the accuser.
    #[serde(default)]
    pub topic_markers: Vec<S>,
    /// Locative markers (在): the victim of an attack "in" a place.
    #[serde(default)]
    pub locative: Vec<S>,
    /// Other prepositions ("for", "of", "with"): the group right after one
    /// is its object, never the subject of a cue.
    #[serde(default)]
    pub prepositions: Vec<S>,
    /// Admissions of a deed (声称对…负责, "claimed responsibility for"):
    /// not reported speech; the subject is the doer of the attack named.
    #[serde(default)]
    pub admissions: Vec<S>,
    /// Words that make an ambiguous cue a cyber one (网络 黑客; cyber).
    #[serde(default)]
    pub cyber: Vec<S>,
    /// Nouns for people speaking for an actor (发言人 官员; spokesperson).
    #[serde(default)]
    pub roles: Vec<S>,
    /// A sentence opening with one of these continues the last speaker.
    #[serde(default)]
    pub speaker_anaphors: Vec<S>,
    /// Markers opening an answer in a Q&A (答：): the speaker goes on.
    #[serde(default)]
    pub answer_markers: Vec<S>,
    /// Markers opening a question in a Q&A (问：): not the speaker.
    #[serde(default)]
    pub question_markers: Vec<S>,
    /// Embassy words: 驻 X、Y 使馆 expands to one embassy per host.
    #[serde(default)]
    pub embassy_prefix: Vec<S>,
    #[serde(default)]
    pub embassy_suffix: Vec<S>,
    #[serde(default)]
    pub mission_suffix: Vec<S>,
    /// Whose embassy an unowned 驻X使馆 is.
    #[serde(default)]
    pub embassy_owner: Option<S>,
    /// Words for "the embassy" that refer to the one embassy the article names.
    #[serde(default)]
    pub embassy_anaphors: Vec<S>,
    /// Conditional openers (若, if): a cue in their clause is hypothetical.
    #[serde(default)]
    pub conditional: Vec<S>,
    /// One-character abbreviations of actors used in runs before a counter
    /// (德荷两国, 中美双方): "德 germany".
    #[serde(default)]
    pub abbreviations: Vec<S>,
    /// What must follow a run of abbreviations for it to name actors.
    #[serde(default)]
    pub abbreviation_suffixes: Vec<S>,
    /// Hearsay markers (所谓, so-called): a cue inside the phrase they open
    /// repeats someone else's claim and gives no edge of its own.
    #[serde(default)]
    pub hearsay: Vec<S>,
    /// Regular expressions for datelines (masked, never actors).
    #[serde(default)]
    pub datelines: Vec<S>,
    /// Irregular English verb forms: "hold held".
    #[serde(default)]
    pub irregular: Vec<S>,
    /// Words that refer back to actors named earlier, each as
    /// "surface strategy": `accuser` (有关方面, "certain countries": whoever
    /// last accused the speaker's side), `pair` (两国, "both sides": the
    /// last two sides named), `subject` ("they" opening a clause: the
    /// subject of the sentence before), `kind:<kind>` (该公司, "the company":
    /// the last actor of that kind).
    #[serde(default)]
    pub anaphors: Vec<S>,
    /// Anaphors as regular expressions over the sentence, each as
    /// "pattern strategy" (the strategy after the last space): for phrases
    /// a word list cannot enumerate ("the two European governments",
    /// 这两个成员国). A match that overlaps an actor or a listed anaphor is
    /// passed over.
    #[serde(default)]
    pub anaphor_patterns: Vec<S>,
    /// How many sentences back an anaphor looks for its antecedent.
    #[serde(default)]
    pub anaphor_window: Option<Spanned<i64>>,
    /// Modifier words (en) or chars (zh) allowed between an owner's mark
    /// ('s, 的) and the cue noun it owns.
    #[serde(default)]
    pub possessor_gap: Option<Spanned<i64>>,
    /// Sentences with a cyber word that make an article about cyber
    /// operations (for `cyber_only` cues).
    #[serde(default)]
    pub cyber_article_sentences: Option<Spanned<i64>>,
    /// Paragraphs back an office's speech reaches a sentence whose subject
    /// is the office's own country.
    #[serde(default)]
    pub own_side_paragraphs: Option<Spanned<i64>>,
    /// A paragraph whose first sentence is a speaker's words runs on as
    /// the speaker's to its end, unless another speaker is named.
    #[serde(default)]
    pub paragraph_speech: Option<bool>,
    /// Words opening a subordinate clause ("after", "when", 在…之后): an
    /// actor before them is not the subject of a cue after them.
    #[serde(default)]
    pub subordinators: Vec<S>,
    /// Relative pronouns (which, who): a clause they open between commas
    /// describes the actor before it, whose verb comes after it.
    #[serde(default)]
    pub relatives: Vec<S>,
    /// A pronoun with a copula that refers to nothing ("it is", "it was"):
    /// the longer match keeps the pronoun from being read as an anaphor.
    #[serde(default)]
    pub expletives: Vec<S>,
    /// Words that make a noun phrase refer back ("the", 该): "the agency
    /// said" continues a speaker already named, "analysts said" is an
    /// unknown one.
    #[serde(default)]
    pub definites: Vec<S>,
    /// Words opening an infinitive ("to"; also matched as prepositions):
    /// the object of a demand ("urged X to …") ends before them.
    #[serde(default)]
    pub infinitive_markers: Vec<S>,
    /// Words opening a complement clause ("that"): the object of a cue
    /// right before one is the clause's subject ("allegations that X …").
    #[serde(default)]
    pub complementizers: Vec<S>,
    /// Text right after a 与-marked actor that makes it the owner of the
    /// noun after (与X有关联的黑客): plain strings compared with the text.
    #[serde(default)]
    pub affiliations: Vec<S>,
    /// Words closing a time frame opened by a locative (在访问X期间, 在…时):
    /// a group right before them is no subject. Plain strings.
    #[serde(default)]
    pub frame_ends: Vec<S>,
    /// Words after the actors of a relation named as a whole (X与Y之间):
    /// those actors are neither subject nor object. Plain strings.
    #[serde(default)]
    pub relational_ends: Vec<S>,
    /// Institutions jieba's dictionary joins to a name in one token
    /// (德国议会, 英国议会): the short name still stands inside such a token.
    #[serde(default)]
    pub compound_heads: Vec<S>,
    /// How far into a sentence (chars) an actor followed by a colon is read
    /// as the speaker of what follows (我使馆：…).
    #[serde(default)]
    pub colon_speaker_window: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutletEntry {
    pub slug: S,
    #[serde(default)]
    pub names: Vec<S>,
    #[serde(default)]
    pub domains: Vec<S>,
}
