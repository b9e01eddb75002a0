//! Streaming, parallel extraction: inputs are read in bounded batches,
//! parsed and extracted on `jobs` worker threads, and handed back one
//! article at a time **in input order**, so every consumer (analyze,
//! compare, extract) gives the same bytes for any number of threads.
//!
//! Reading (file bytes, JSONL lines) is serial and cheap; parsing,
//! extraction and the JSON lines of `edges.jsonl` are done by the workers;
//! the consumer runs on the calling thread while the workers go on with the
//! next batch. Memory is bounded by [`BATCH`] articles or [`BATCH_BYTES`]
//! per batch, two batches in flight. With one job nothing runs on another
//! thread. Entry point: [`for_each_extracted`].

use std::sync::mpsc;

use rayon::prelude::*;

use crate::extract::Engine;
use crate::ingest::{self, IdDedup, IngestOptions, InputProblem, RawInput};
use crate::model::{Article, Extraction};

/// Articles per batch handed to the workers.
pub const BATCH: usize = 64;
/// Raw bytes per batch: a batch closes early on large articles.
pub const BATCH_BYTES: usize = 8 << 20;

/// One article, its extraction and its `edges.jsonl` lines.
#[derive(Debug)]
pub struct Extracted {
    pub article: Article,
    pub extraction: Extraction,
    /// The JSON lines of every relation and stance (each ending in `\n`), as
    /// [`json_line`] writes them.
    pub lines: String,
}

/// Told as articles are done, for a progress display. Called on the
/// consumer's thread.
pub trait Progress {
    /// Articles and input bytes done so far (problems count as done).
    fn advance(&self, articles: usize, bytes: u64);
}

/// Progress that nobody watches.
pub struct NoProgress;

impl Progress for NoProgress {
    fn advance(&self, _: usize, _: u64) {}
}

/// One JSON line of extraction output: the record with a `type` field first
/// (`relation` or `stance`), as `stancegraph extract` prints it.
pub fn json_line<T: serde::Serialize>(kind: &str, value: &T) -> String {
    let mut out = String::new();
    push_json_line(&mut out, kind, value);
    out
}

/// Appends [`json_line`] of `value` to `out`.
fn push_json_line<T: serde::Serialize>(out: &mut String, kind: &str, value: &T) {
    let body = serde_json::to_string(value).unwrap_or_default();
    let kind = serde_json::to_string(kind).unwrap_or_default();
    out.push_str("{\"type\":");
    out.push_str(&kind);
    match body.strip_prefix('{') {
        Some("}") => out.push('}'),
        Some(rest) => {
            out.push(',');
            out.push_str(rest);
        }
        None => {
            out.push_str(",\"value\":");
            out.push_str(&body);
            out.push('}');
        }
    }
}

fn lines_of(x: &Extraction) -> String {
    // About a line's size per record, so the text grows in one step.
    let estimate: usize = x
        .relations
        .iter()
        .map(|m| m.sentence.len() + 320)
        .sum::<usize>()
        + x.stances.len() * 320;
    let mut lines = String::with_capacity(estimate);
    for m in &x.relations {
        push_json_line(&mut lines, "relation", m);
        lines.push('\n');
    }
    for st in &x.stances {
        push_json_line(&mut lines, "stance", st);
        lines.push('\n');
    }
    lines
}

fn process(
    raw: RawInput,
    engine: &Engine,
    opts: &IngestOptions,
) -> Result<Extracted, InputProblem> {
    let article = ingest::parse_raw(raw, opts)?;
    let extraction = engine.extract(&article);
    let lines = lines_of(&extraction);
    Ok(Extracted {
        article,
        extraction,
        lines,
    })
}

/// Gives a repeated article id its `~N` name everywhere, in input order.
fn dedup(ids: &mut IdDedup, mut x: Extracted) -> Extracted {
    if ids.apply(&mut x.article) {
        let id = &x.article.id;
        x.extraction
            .relations
            .iter_mut()
            .for_each(|m| m.doc = id.clone());
        x.extraction
            .stances
            .iter_mut()
            .for_each(|s| s.doc = id.clone());
        x.lines = lines_of(&x.extraction);
    }
    x
}

/// A pool of `jobs` named worker threads.
pub fn worker_pool(jobs: usize) -> Result<rayon::ThreadPool, rayon::ThreadPoolBuildError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .thread_name(|i| format!("stancegraph-{i}"))
        .build()
}

/// `f` over `items`, the results in item order: on a pool of `jobs`
/// worker threads when there are several jobs and items, else here, one
/// after the other (also when no thread could start).
pub fn map_in_order<T: Send, R: Send>(
    jobs: usize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    let jobs = resolve_jobs(jobs);
    let pool = (jobs > 1 && items.len() > 1)
        .then(|| worker_pool(jobs).ok())
        .flatten();
    match pool {
        Some(pool) => {
            use rayon::prelude::*;
            pool.install(|| items.into_par_iter().map(f).collect())
        }
        None => items.into_iter().map(f).collect(),
    }
}

/// Worker threads for `jobs` (0: one per core).
pub fn resolve_jobs(jobs: usize) -> usize {
    if jobs > 0 {
        jobs
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    }
}

/// An error of the stream itself, or the consumer's.
#[derive(Debug)]
pub enum StreamError<E> {
    /// The worker threads could not be started.
    Threads(String),
    Consumer(E),
}

impl From<StreamError<crate::export::ExportError>> for crate::export::ExportError {
    fn from(e: StreamError<crate::export::ExportError>) -> Self {
        match e {
            StreamError::Threads(m) => crate::export::ExportError::Invalid(m),
            StreamError::Consumer(e) => e,
        }
    }
}

/// Reads `inputs`, extracts every article on `jobs` threads (0: one per
/// core) and calls `each` with every article or input problem, in input
/// order. Stops at the first error `each` returns.
pub fn for_each_extracted<E>(
    inputs: &[String],
    engine: &Engine,
    opts: &IngestOptions,
    jobs: usize,
    progress: &dyn Progress,
    mut each: impl FnMut(Result<Extracted, InputProblem>) -> Result<(), E>,
) -> Result<(), StreamError<E>> {
    let jobs = resolve_jobs(jobs);
    let mut reader = ingest::read_inputs(inputs, opts);
    let mut ids = IdDedup::default();
    let (mut articles, mut bytes) = (0usize, 0u64);
    let mut hand = |item: Result<Extracted, InputProblem>, len: usize| {
        articles += 1;
        bytes += len as u64;
        let r = each(item.map(|x| dedup(&mut ids, x)));
        progress.advance(articles, bytes);
        r
    };
    if jobs == 1 {
        while let Some(raw) = reader.next_raw() {
            let len = raw.len();
            hand(process(raw, engine, opts), len).map_err(StreamError::Consumer)?;
        }
        return Ok(());
    }
    let pool = worker_pool(jobs)
        .map_err(|e| StreamError::Threads(format!("cannot start worker threads: {e}")))?;
    type Done = Vec<(Result<Extracted, InputProblem>, usize)>;
    let (tx, rx) = mpsc::sync_channel::<Done>(1);
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || loop {
            let mut batch = Vec::with_capacity(BATCH);
            let mut size = 0;
            while batch.len() < BATCH && size < BATCH_BYTES {
                let Some(raw) = reader.next_raw() else { break };
                size += raw.len();
                batch.push(raw);
            }
            if batch.is_empty() {
                break;
            }
            let done: Done = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|raw| {
                        let len = raw.len();
                        (process(raw, engine, opts), len)
                    })
                    .collect()
            });
            // The consumer stopped (an error): stop reading.
            if tx.send(done).is_err() {
                break;
            }
        });
        let mut result = Ok(());
        'outer: for done in rx.iter() {
            for (item, len) in done {
                if let Err(e) = hand(item, len) {
                    result = Err(StreamError::Consumer(e));
                    break 'outer;
                }
            }
        }
        drop(rx);
        if let Err(panic) = producer.join() {
            std::panic::resume_unwind(panic);
        }
        result
    })
}
