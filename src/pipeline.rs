//! The whole job: ingest -> extract -> graph -> export, for the corpus, for
//! each outlet and (on request) for each article, plus the raw material
//! (`edges.jsonl`, `articles.jsonl`) so nothing needs re-running to dig
//! into a result. Entry point: [`analyze`]. Never prints: problems with
//! inputs come back in the [`AnalyzeReport`].

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::export::{self, svg::SvgOptions, ExportError, Format};
use crate::extract::Engine;
use crate::fsutil::{write_atomic, Staging};
use crate::graph::{self, GraphOptions};
use crate::ingest::{IngestOptions, InputProblem};
use crate::model::{Format as InputFormat, Lang};
use crate::stream::{self, Extracted, NoProgress, Progress};

/// What [`analyze`] does and where it writes.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    pub out: PathBuf,
    /// Worker threads for extraction (0: one per core). Output is the same
    /// for any number.
    pub jobs: usize,
    pub per_article: bool,
    pub graph: GraphOptions,
    pub formats: Vec<Format>,
    pub svg: SvgOptions,
    pub ingest: IngestOptions,
}

/// One line of `articles.jsonl`: an article's metadata and what was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub id: String,
    pub source: String,
    pub format: InputFormat,
    pub title: Option<String>,
    pub outlet: String,
    /// `YYYY-MM-DD`, the source's calendar date.
    pub date: Option<String>,
    /// UTC `YYYY-MM-DDTHH:MM:SSZ` when the source gives a time with a zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    pub url: Option<String>,
    pub lang: Lang,
    pub paragraphs: usize,
    pub removed_blocks: usize,
    pub warnings: Vec<String>,
    pub relations: usize,
    pub stances: usize,
}

/// Per outlet: articles read and edges in its graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutletSummary {
    pub outlet: String,
    pub articles: usize,
    pub mentions: usize,
    pub edges: usize,
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
pub struct AnalyzeReport {
    pub articles: usize,
    pub relations: usize,
    pub stances: usize,
    pub outlets: Vec<OutletSummary>,
    /// Inputs that could not be read, each once, with the reason.
    pub problems: Vec<InputProblem>,
    /// What was repaired or renamed while reading (duplicate ids kept
    /// apart, replaced bytes, unclosed front matter), per input.
    pub warnings: Vec<SourceWarning>,
    pub written: Vec<PathBuf>,
    /// `report.html`, when it was written: its size and what it shows.
    pub page: Option<crate::report::PageInfo>,
    /// No input could be read: nothing was written, and the output folder
    /// was left as the run before left it.
    #[serde(skip)]
    pub kept_previous: bool,
}

/// A warning about one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceWarning {
    pub source: String,
    pub warning: String,
}

pub use crate::stream::json_line;

fn mkdir(dir: &Path) -> Result<(), ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))
}

/// A file stem for `name`, unique among `used` (`x`, `x-2`, …).
pub(crate) fn unique_stem(name: &str, used: &mut BTreeSet<String>) -> String {
    let base = export::sanitize_file_name(name);
    let mut stem = base.clone();
    let mut n = 1;
    while !used.insert(stem.clone()) {
        n += 1;
        stem = format!("{base}-{n}");
    }
    stem
}

/// Evidence sentences kept per edge in graph files (all mentions are in
/// `edges.jsonl`).
pub const MAX_EVIDENCE: usize = 100;

/// The builder of every graph that goes to files (`analyze`'s corpus and
/// outlet graphs, `merge`'s parts, `compare`'s groups): evidence capped at
/// [`MAX_EVIDENCE`], so the same articles give the same graph whichever
/// command folds them.
pub(crate) fn file_graph_builder(opts: &GraphOptions) -> graph::GraphBuilder {
    graph::GraphBuilder::new(opts).max_evidence(MAX_EVIDENCE)
}

/// Runs the pipeline over `inputs` and writes everything into `opts.out`.
/// Everything is written into a staging folder first and moved into place
/// at the end: a run that fails leaves the previous results intact.
pub fn analyze(
    inputs: &[String],
    engine: &Engine,
    opts: &AnalyzeOptions,
) -> Result<AnalyzeReport, ExportError> {
    analyze_with_progress(inputs, engine, opts, &NoProgress)
}

/// [`analyze`], telling `progress` as articles are done.
pub fn analyze_with_progress(
    inputs: &[String],
    engine: &Engine,
    opts: &AnalyzeOptions,
    progress: &dyn Progress,
) -> Result<AnalyzeReport, ExportError> {
    let stage = Staging::new(&opts.out).map_err(|e| ExportError::io(&opts.out, e))?;
    let root = stage.path().to_path_buf();
    let articles_dir = root.join("articles");
    if opts.per_article {
        mkdir(&articles_dir)?;
    }
    // Streamed: articles are read, extracted, written and folded into the
    // graphs one at a time (extracted in parallel, folded in input order);
    // memory follows the largest batch and the graphs, not the corpus.
    let open = |name: &str| -> Result<std::io::BufWriter<std::fs::File>, ExportError> {
        let path = root.join(name);
        std::fs::File::create(&path)
            .map(|f| std::io::BufWriter::with_capacity(1 << 16, f))
            .map_err(|e| ExportError::io(&path, e))
    };
    let mut edges_out = open("edges.jsonl")?;
    let mut articles_out = open("articles.jsonl")?;
    let mut corpus = file_graph_builder(&opts.graph);
    let mut by_outlet: BTreeMap<String, (usize, usize, graph::GraphBuilder)> = BTreeMap::new();
    let (mut articles, mut relations, mut stances) = (0usize, 0usize, 0usize);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut article_stems = BTreeSet::new();
    let mut stance_tally = crate::report::StanceTally::default();
    let mut dates: Option<(String, String)> = None;
    let each = |item: Result<Extracted, InputProblem>| -> Result<(), ExportError> {
        let Extracted {
            article,
            extraction: x,
            lines,
        } = match item {
            Ok(done) => done,
            Err(p) => {
                problems.push(p);
                return Ok(());
            }
        };
        if let Some(d) = article.date.as_deref() {
            match &mut dates {
                None => dates = Some((d.to_string(), d.to_string())),
                Some((lo, hi)) => {
                    if d < lo.as_str() {
                        *lo = d.to_string();
                    }
                    if d > hi.as_str() {
                        *hi = d.to_string();
                    }
                }
            }
        }
        for st in &x.stances {
            stance_tally.add(st);
        }
        warnings.extend(article.warnings.iter().map(|w| SourceWarning {
            source: article.source.clone(),
            warning: w.clone(),
        }));
        if opts.per_article {
            let g = graph::build(&x.relations, engine.lexicon(), &opts.graph)
                .with_inputs([article.source.clone()]);
            let stem = unique_stem(&article.id, &mut article_stems);
            export::write_graph_as(&g, &articles_dir, Some(&stem), &opts.formats, &opts.svg)?;
        }
        let summary = ArticleSummary {
            id: article.id.clone(),
            source: article.source.clone(),
            format: article.format,
            title: article.title.clone(),
            outlet: article.outlet.clone(),
            date: article.date.clone(),
            published: article.published.clone(),
            url: article.url.clone(),
            lang: article.lang,
            paragraphs: article.paragraphs.len(),
            removed_blocks: article.removed.len(),
            warnings: article.warnings.clone(),
            relations: x.relations.len(),
            stances: x.stances.len(),
        };
        let outlet = match by_outlet.get_mut(&article.outlet) {
            Some(o) => o,
            None => by_outlet
                .entry(article.outlet.clone())
                .or_insert_with(|| (0, 0, file_graph_builder(&opts.graph))),
        };
        outlet.0 += 1;
        outlet.1 += x.relations.len();
        // The article's id, stored once for the corpus and outlet graphs.
        let mut doc: Option<std::sync::Arc<str>> = None;
        for m in &x.relations {
            let id = match &doc {
                Some(d) if **d == *m.doc => d,
                _ => doc.insert(m.doc.as_str().into()),
            };
            corpus.add_shared(m, id);
            outlet.2.add_shared(m, id);
        }
        let summary_line = serde_json::to_string(&summary).unwrap_or_default() + "\n";
        edges_out
            .write_all(lines.as_bytes())
            .and_then(|_| articles_out.write_all(summary_line.as_bytes()))
            .map_err(|e| ExportError::io(&root, e))?;
        articles += 1;
        relations += x.relations.len();
        stances += x.stances.len();
        Ok(())
    };
    stream::for_each_extracted(inputs, engine, &opts.ingest, opts.jobs, progress, each)?;
    for (name, w) in [("edges.jsonl", edges_out), ("articles.jsonl", articles_out)] {
        let file = w
            .into_inner()
            .map_err(|e| ExportError::io(&root.join(name), e.into_error()))?;
        file.sync_all()
            .map_err(|e| ExportError::io(&root.join(name), e))?;
    }

    // The corpus and each outlet, including those whose articles gave no
    // edge. Each graph goes to its own files, so with several jobs they are
    // finished and written on worker threads, with the same bytes; the
    // first failure in this order is the one reported.
    let outlets_dir = root.join("outlets");
    mkdir(&outlets_dir)?;
    let mut outlet_stems = BTreeSet::new();
    let outlet_counts: Vec<(String, usize, usize)> = by_outlet
        .iter()
        .map(|(o, (a, m, _))| (o.clone(), *a, *m))
        .collect();
    let warning_pairs: Vec<(String, String)> = warnings
        .iter()
        .map(|w| (w.source.clone(), w.warning.clone()))
        .collect();
    let marks = |s: &str| engine.actor_marks(s);
    let page_facts = |g: &graph::ActorGraph,
                      svg: &str,
                      meta: &BTreeMap<String, crate::report::ArticleMeta>|
     -> Result<(String, crate::report::PageInfo), ExportError> {
        crate::report::run_page(&crate::report::RunFacts {
            graph: g,
            svg,
            articles: meta,
            stances: &stance_tally,
            catalog: engine.lexicon(),
            marks: &marks,
            inputs,
            articles_read: articles,
            relations,
            stance_records: stances,
            outlets: &outlet_counts,
            dates: dates.clone(),
            problems: &problems,
            warnings: &warning_pairs,
        })
    };
    let mut tasks: Vec<GraphTask> = vec![(None, corpus)];
    for (outlet, (n_articles, n_mentions, builder)) in by_outlet {
        let stem = unique_stem(&outlet, &mut outlet_stems);
        tasks.push((Some((outlet, n_articles, n_mentions, stem)), builder));
    }
    type Written = (Option<OutletSummary>, Option<crate::report::PageInfo>);
    let write = |(outlet, builder): GraphTask| -> Result<Written, ExportError> {
        let g = builder
            .finish(engine.lexicon())
            .with_inputs(inputs.iter().cloned());
        match outlet {
            None => {
                export::write_graph_as(&g, &root, None, &opts.formats, &opts.svg)?;
                if !opts.formats.contains(&Format::Html) {
                    return Ok((None, None));
                }
                // The page: the articles its evidence comes from are read
                // back from articles.jsonl (none is held while reading).
                let meta = crate::report::read_article_meta(
                    &root.join("articles.jsonl"),
                    &crate::report::shown_docs(&g),
                )?;
                let svg = export::svg::render_page_svg(&g, &opts.svg)?;
                let (html, info) = page_facts(&g, &svg, &meta)?;
                let path = root.join("report.html");
                write_atomic(&path, html.as_bytes()).map_err(|e| ExportError::io(&path, e))?;
                Ok((None, Some(info)))
            }
            Some((outlet, articles, mentions, stem)) => {
                export::write_graph_as(&g, &outlets_dir, Some(&stem), &opts.formats, &opts.svg)?;
                Ok((
                    Some(OutletSummary {
                        outlet,
                        articles,
                        mentions,
                        edges: g.edge_count(),
                    }),
                    None,
                ))
            }
        }
    };
    let written = stream::map_in_order(opts.jobs, tasks, write);
    let mut outlets = Vec::new();
    let mut page = None;
    for w in written {
        let (outlet, p) = w?;
        outlets.extend(outlet);
        page = page.or(p);
    }
    let mut report = AnalyzeReport {
        articles,
        relations,
        stances,
        outlets,
        problems,
        warnings,
        written: Vec::new(),
        page,
        kept_previous: false,
    };
    // Every input failed: an empty graph must not replace the last run's.
    if report.articles == 0 && !report.problems.is_empty() {
        stage.abandon().map_err(|e| ExportError::io(&opts.out, e))?;
        report.kept_previous = true;
        return Ok(report);
    }
    let run = run_summary("analyze", inputs, &report);
    let path = root.join("run.json");
    write_atomic(&path, run.as_bytes()).map_err(|e| ExportError::io(&path, e))?;
    report.written = stage.commit().map_err(|e| ExportError::io(&opts.out, e))?;
    Ok(report)
}

/// A graph to finish and write: the corpus (`None`) or an outlet with its
/// article and mention counts and its file stem.
type GraphTask = (Option<(String, usize, usize, String)>, graph::GraphBuilder);

/// `run.json`: what a run read, skipped (with reasons), repaired and found.
pub fn run_summary(command: &str, inputs: &[String], r: &AnalyzeReport) -> String {
    let mut run = serde_json::json!({
        "tool": "stancegraph",
        "version": crate::version(),
        "command": command,
        "inputs": inputs,
        "articles_read": r.articles,
        "skipped": r.problems,
        "warnings": r.warnings,
        "relations": r.relations,
        "stances": r.stances,
        "outlets": r.outlets,
    });
    if let (Some(page), Some(map)) = (&r.page, run.as_object_mut()) {
        map.insert(
            "report".to_string(),
            serde_json::to_value(page).unwrap_or_default(),
        );
    }
    serde_json::to_string_pretty(&run).unwrap_or_default() + "\n"
}

/// Combines the outputs of runs on disjoint parts of a corpus into the graph
/// one run on the whole corpus gives: each part is a `graph.json` written by
/// `analyze` (or `merge`), or an `edges.jsonl` (relation lines; stance lines
/// are skipped), read with `graph` options. Writes `formats` into `out`
/// (staged) and returns the merged graph.
///
/// The merged graph records as its inputs the parts' own (a `graph.json`
/// part's inputs, an `edges.jsonl` part's path), or `inputs` when given:
/// the names of what the parts were extracted from, so that a sharded run
/// records what `analyze` on the whole corpus records.
pub fn merge(
    parts: &[PathBuf],
    inputs: Option<&[String]>,
    catalog: &dyn crate::model::ActorCatalog,
    graph_opts: &GraphOptions,
    out: &Path,
    formats: &[Format],
    svg: &SvgOptions,
) -> Result<graph::ActorGraph, ExportError> {
    // One part at a time: only the running result is held.
    let mut merger = graph::Merger::new().max_evidence(MAX_EVIDENCE);
    for part in parts {
        merger.add(read_part(part, catalog, graph_opts)?)?;
    }
    let mut merged = merger
        .finish()
        .ok_or_else(|| ExportError::Invalid("nothing to merge".to_string()))?;
    if let Some(inputs) = inputs {
        merged.attrs.inputs.clear();
        merged = merged.with_inputs(inputs.iter().cloned());
    }
    let stage = Staging::new(out).map_err(|e| ExportError::io(out, e))?;
    export::write_graph_as(&merged, stage.path(), None, formats, svg)?;
    stage.commit().map_err(|e| ExportError::io(out, e))?;
    Ok(merged)
}

/// One part of a merge as a graph: a graph JSON document, or an
/// `edges.jsonl` read a line at a time (an edges file is about twice the
/// size of its corpus, so it is never held whole). A part whose first
/// non-blank line is a JSON value by itself is JSON lines, unless that
/// value is a graph (a graph written on one line).
fn read_part(
    part: &Path,
    catalog: &dyn crate::model::ActorCatalog,
    graph_opts: &GraphOptions,
) -> Result<graph::ActorGraph, ExportError> {
    use std::io::{BufRead, Read, Seek};
    let io = |e| ExportError::io(part, e);
    let parse = |message: String| ExportError::Parse {
        path: part.to_path_buf(),
        message,
    };
    let mut reader =
        std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(part).map_err(io)?);
    let mut line = String::new();
    let mut number = 0usize;
    // Made at the first non-blank line, when it is not a graph; a part
    // without one (the edges of a shard without relations) is an empty
    // graph.
    let mut builder: Option<graph::GraphBuilder> = None;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(io)? == 0 {
            break;
        }
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str::<serde_json::Value>(&line);
        let b = match (builder.as_mut(), &v) {
            (Some(b), _) => b,
            (None, Ok(first)) if first.get("nodes").is_none() => {
                builder.insert(file_graph_builder(graph_opts))
            }
            (None, _) => {
                // A graph document, read whole: from the start again where
                // the file can seek, into one buffer of its size (read on
                // after the first line, the rest would be read into a
                // buffer of its own and then copied: twice the text).
                let mut text = String::new();
                if reader.seek(std::io::SeekFrom::Start(0)).is_err() {
                    text = std::mem::take(&mut line);
                }
                reader.read_to_string(&mut text).map_err(io)?;
                return export::json::from_json(&text).map_err(parse);
            }
        };
        let v = v.map_err(|e| parse(format!("line {number}: {e}")))?;
        if v.get("type")
            .and_then(|t| t.as_str())
            .is_some_and(|t| t != "relation")
        {
            continue;
        }
        let m: crate::model::RelationMention = serde_json::from_value(v)
            .map_err(|e| parse(format!("line {number}: not a relation mention: {e}")))?;
        b.add(&m);
    }
    let b = builder.unwrap_or_else(|| file_graph_builder(graph_opts));
    Ok(b.finish(catalog).with_inputs([part.display().to_string()]))
}
