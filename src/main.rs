//! The `stancegraph` command line: argument parsing and reporting only;
//! the work is done by the library. One function per subcommand.

use std::io::{self, BufWriter, Write};

// Extraction allocates many small vectors per sentence; mimalloc takes a
// fifth of the time off a run compared with the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::collections::BTreeSet;

use clap::{Args, Parser, Subcommand, ValueEnum};
use stancegraph::export::{svg, Format};
use stancegraph::extract::{BaseDictionary, Engine};
use stancegraph::ingest::{self, IngestOptions};
use stancegraph::lexicon::{self, Lexicon};
use stancegraph::pipeline::{self, AnalyzeOptions};
use stancegraph::stream::{self, Extracted, Progress};
use stancegraph::{compare, eval, graph, Relation};

#[derive(Parser)]
#[command(
    name = "stancegraph",
    version,
    about = "Who accuses, rebuts, demands of, threatens, supports or attacks whom in news articles",
    after_help = "Examples:
  stancegraph analyze corpus/ -o out          graphs, tables and run.json into out/
  stancegraph compare corpus/ --by outlet     what each outlet reports or leaves out
  stancegraph extract article.html -o -       one JSON line per relation mention
  stancegraph explain article.txt --source china --target us
  stancegraph eval --gold gold/edges.jsonl corpus/
  stancegraph completions bash > ~/.local/share/bash-completion/completions/stancegraph
  stancegraph manpage > ~/.local/share/man/man1/stancegraph.1"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline: graphs for the corpus, each outlet and (with
    /// --per-article) each article, in every format, into --out.
    #[command(after_help = "Examples:
  stancegraph analyze examples/corpus                  the sample corpus into out/
  stancegraph analyze news/*.jsonl -o out --level country --jobs 2
  stancegraph analyze site/ --per-article --formats json,svg,csv
  stancegraph analyze feed.jsonl --relations accuse,rebut --min-weight 2")]
    Analyze(AnalyzeArgs),
    /// Combine the outputs of runs on disjoint parts of a corpus (graph.json
    /// or edges.jsonl files) into the graph of the whole.
    #[command(after_help = "Example:
  stancegraph extract part1/ -o p1.jsonl && stancegraph extract part2/ -o p2.jsonl
  stancegraph merge p1.jsonl p2.jsonl -o out")]
    Merge(MergeArgs),
    /// Compare outlets (or dates, or articles): edges each reports or leaves
    /// out, similarity, rebuttal shares, outlet voice; tables and drawings.
    #[command(after_help = "Examples:
  stancegraph compare examples/corpus                       outlets, into out/compare/
  stancegraph compare news/ --by date --bucket week --level country
  stancegraph compare news/ --by article -o cmp")]
    Compare(CompareArgs),
    /// Print parsed articles as JSON (pretty for one, JSON lines for several).
    Inspect(InspectArgs),
    /// Print one JSON line per relation mention and per outlet-voice stance.
    #[command(after_help = "Examples:
  stancegraph extract article.html                    JSON lines on standard output
  cat corpus.jsonl | stancegraph extract - -o mentions.jsonl
  stancegraph extract news/ | jq 'select(.type == \"relation\")'")]
    Extract(ExtractArgs),
    /// Score extraction against a gold edges file (micro P/R/F1, errors per document).
    Eval(EvalArgs),
    /// Per sentence: the actors, cues, speakers and edges found, and what
    /// became of each cue (the edges it gave, or the check that blocked it).
    Explain(ExplainArgs),
    /// Lexicon tools.
    #[command(subcommand)]
    Lexicon(LexiconCommand),
    /// Draw a graph (graph.json or graph.dot) as SVG.
    Render(RenderArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "Examples:
  stancegraph completions bash > ~/.local/share/bash-completion/completions/stancegraph
  stancegraph completions zsh > ~/.zfunc/_stancegraph
  stancegraph completions fish > ~/.config/fish/completions/stancegraph.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of stancegraph, or write one page per
    /// command (stancegraph.1, stancegraph-analyze.1, ...) into --dir.
    #[command(after_help = "Examples:
  stancegraph manpage > ~/.local/share/man/man1/stancegraph.1 && man stancegraph
  stancegraph manpage --dir ~/.local/share/man/man1 && man stancegraph-analyze")]
    Manpage {
        /// Write stancegraph.1 and one page per subcommand into this folder.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Args)]
struct ExplainArgs {
    /// Only sentences naming this actor (or one of its parts: `us` covers `us.cia`).
    #[arg(long, value_name = "ID")]
    source: Option<String>,
    /// Only sentences naming this actor; with --source, says whether an
    /// edge between the two came out and where the cues between them went.
    #[arg(long, value_name = "ID")]
    target: Option<String>,
    /// Print the explanation as JSON (one object per article).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args)]
struct RenderArgs {
    /// A graph.json (node-link JSON) or graph.dot written by stancegraph.
    input: PathBuf,
    /// The SVG file to write (`-`: standard output).
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    output: PathBuf,
    /// builtin: pure-Rust Graphviz, no install needed (a build without the
    /// `builtin-renderer` feature uses the installed `dot` instead); system:
    /// the installed `dot`.
    #[arg(long, value_enum, default_value_t = RendererArg::Builtin)]
    renderer: RendererArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum RendererArg {
    Builtin,
    System,
}

impl From<RendererArg> for svg::Renderer {
    fn from(r: RendererArg) -> svg::Renderer {
        match r {
            RendererArg::Builtin => svg::Renderer::Builtin,
            RendererArg::System => svg::Renderer::System,
        }
    }
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Validate and lint lexicon files (the shipped set, or DIR on top of it).
    Check {
        /// A directory of the user's lexicon files.
        dir: Option<PathBuf>,
    },
}

#[derive(Args)]
struct CommonArgs {
    /// CSV of `id_or_path,outlet` overriding the detected outlet.
    #[arg(long, value_name = "FILE")]
    outlets: Option<PathBuf>,
    /// A directory of lexicon files added on top of the shipped ones.
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Skip (with a reason) any article larger than this many megabytes.
    #[arg(long, default_value_t = 20, value_name = "MB")]
    max_article_mb: u64,
    /// Worker threads (0: one per core); the output is the same for any number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    jobs: usize,
    /// No progress bar (it is shown only on a terminal, once a run takes
    /// more than a second) and no summary line; problems are still reported.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Files, directories (walked recursively), `-` for stdin, JSONL corpora.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

#[derive(Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output directory.
    #[arg(
        short,
        long,
        visible_alias = "output",
        default_value = "out",
        value_name = "DIR"
    )]
    out: PathBuf,
    /// Also write one graph per article into DIR/articles/.
    #[arg(long)]
    per_article: bool,
    #[command(flatten)]
    graph: GraphArgs,
}

#[derive(Args)]
struct MergeArgs {
    /// graph.json files written by analyze, or edges.jsonl files.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    /// Output directory.
    #[arg(
        short,
        long,
        visible_alias = "output",
        default_value = "out/merged",
        value_name = "DIR"
    )]
    out: PathBuf,
    /// A directory of lexicon files (labels for edges.jsonl parts).
    #[arg(long, value_name = "DIR")]
    lexicons: Option<PathBuf>,
    /// Record NAME as an input of the run in graph.json, instead of the
    /// parts' own inputs (repeatable): the corpus the parts were extracted
    /// from, so the merged graph is the same bytes as `analyze NAME…`.
    #[arg(long = "input", value_name = "NAME")]
    inputs: Vec<String>,
    #[command(flatten)]
    graph: GraphArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ByArg {
    Outlet,
    Date,
    Article,
}

#[derive(Clone, Copy, ValueEnum)]
enum BucketArg {
    Day,
    Week,
    Month,
}

#[derive(Args)]
struct CompareArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// What to compare: outlets, dates (see --bucket) or single articles.
    #[arg(long, value_enum, default_value_t = ByArg::Outlet)]
    by: ByArg,
    /// With --by date: group by day, ISO week or month.
    #[arg(long, value_enum, default_value_t = BucketArg::Day)]
    bucket: BucketArg,
    /// Output directory.
    #[arg(
        short,
        long,
        visible_alias = "output",
        default_value = "out/compare",
        value_name = "DIR"
    )]
    out: PathBuf,
    #[command(flatten)]
    graph: GraphArgs,
}

/// Graph and drawing options shared by `analyze` and `compare`.
#[derive(Args)]
struct GraphArgs {
    /// actor: one node per actor id; country: ids rolled up to their first segment.
    #[arg(long, default_value = "actor", value_name = "actor|country")]
    level: graph::Level,
    /// Keep only these relations (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "accuse,rebut,...")]
    relations: Vec<String>,
    /// Drop edges with fewer mentions than N.
    #[arg(long, default_value_t = 0, value_name = "N")]
    min_weight: u32,
    /// Formats to write (comma-separated): json, dot, svg, csv, gexf, graphml,
    /// html (the report page of analyze and compare).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "json,dot,svg,csv,gexf,graphml,html",
        value_name = "LIST"
    )]
    formats: Vec<String>,
    /// builtin: pure-Rust Graphviz, no install needed (a build without the
    /// `builtin-renderer` feature uses the installed `dot` instead); system:
    /// the installed `dot`.
    #[arg(long, value_enum, default_value_t = RendererArg::Builtin)]
    renderer: RendererArg,
}

#[derive(Args)]
struct ExtractArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Write to FILE instead of standard output (`-`: standard output);
    /// the file appears whole when the run ends.
    #[arg(short, long, visible_alias = "out", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct EvalArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Gold edges (JSON lines: doc, source, relation, target, optional).
    #[arg(long, value_name = "EDGES.jsonl")]
    gold: PathBuf,
    /// Gold outlet-voice stances (JSON lines: doc, actor, stance); defaults to
    /// `stance.jsonl` beside the gold edges when it exists.
    #[arg(long, value_name = "STANCE.jsonl")]
    stance: Option<PathBuf>,
    /// Print the whole report as JSON.
    #[arg(long)]
    json: bool,
    /// Fail (exit 1) when country-level precision is below this.
    #[arg(long, value_name = "X")]
    min_country_precision: Option<f64>,
    /// Fail (exit 1) when country-level F1 is below this.
    #[arg(long, value_name = "X")]
    min_country_f1: Option<f64>,
    /// Fail (exit 1) when actor-level F1 is below this.
    #[arg(long, value_name = "X")]
    min_actor_f1: Option<f64>,
    /// Fail (exit 1) when any gold stance sign is missed.
    #[arg(long)]
    require_stance: bool,
    /// Fail (exit 1) when a document with no gold edge at all (a
    /// distractor) gets any edge.
    #[arg(long)]
    require_silent_distractors: bool,
    /// List the errors of at most N documents (the first in id order) and
    /// at most N distractors; the scores count every document.
    #[arg(long, value_name = "N", default_value_t = eval::DEFAULT_MAX_LISTED)]
    max_listed: usize,
}

#[derive(Args)]
struct InspectArgs {
    /// CSV of `id_or_path,outlet` overriding the detected outlet.
    #[arg(long, value_name = "FILE")]
    outlets: Option<PathBuf>,
    /// Skip (with a reason) any article larger than this many megabytes.
    #[arg(long, default_value_t = 20, value_name = "MB")]
    max_article_mb: u64,
    /// Files, directories (walked recursively), `-` for stdin, JSONL corpora.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
}

/// Exit code when some input could not be read.
const EXIT_INPUT_FAILED: u8 = 1;
/// Exit code for usage errors (clap uses it too).
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Analyze(args) => cmd_analyze(args),
        Command::Compare(args) => cmd_compare(args),
        Command::Merge(args) => cmd_merge(args),
        Command::Inspect(args) => cmd_inspect(args),
        Command::Extract(args) => cmd_extract(args),
        Command::Eval(args) => cmd_eval(args),
        Command::Explain(args) => cmd_explain(args),
        Command::Lexicon(LexiconCommand::Check { dir }) => cmd_lexicon_check(dir),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "stancegraph", &mut out);
            write_stdout(&out)
        }
        Command::Manpage { dir } => {
            let cmd = <Cli as clap::CommandFactory>::command();
            match dir {
                None => {
                    let mut out = Vec::new();
                    match clap_mangen::Man::new(cmd).render(&mut out) {
                        Ok(()) => write_stdout(&out),
                        Err(e) => {
                            eprintln!("stancegraph: manpage: {e}");
                            ExitCode::from(EXIT_INPUT_FAILED)
                        }
                    }
                }
                Some(dir) => match clap_mangen::generate_to(cmd, &dir) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("stancegraph: manpage: {}: {e}", dir.display());
                        ExitCode::from(EXIT_INPUT_FAILED)
                    }
                },
            }
        }
        Command::Render(args) => match run_render(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("stancegraph: {e}");
                ExitCode::from(EXIT_INPUT_FAILED)
            }
        },
    }
}

/// Writes `bytes` to standard output; a closed pipe (`| head`) is not an
/// error.
fn stdout_all(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// Writes generated text to standard output, as an exit code.
fn write_stdout(bytes: &[u8]) -> ExitCode {
    match stdout_all(bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stancegraph: standard output: {e}");
            ExitCode::from(EXIT_INPUT_FAILED)
        }
    }
}

/// `stancegraph render FILE.json|FILE.dot -o FILE.svg [--renderer builtin|system]`
fn run_render(args: &RenderArgs) -> Result<(), stancegraph::export::ExportError> {
    use stancegraph::export::{dot, json, ExportError};

    let graph = match input_kind(&args.input)? {
        InputKind::Json => json::read_graph(&args.input)?,
        InputKind::Dot => dot::read_graph(&args.input)?,
    };
    let opts = svg::SvgOptions {
        renderer: args.renderer.into(),
    };
    let text = svg::render_svg(&graph, &opts)?;
    let io_err = |e| ExportError::Io {
        path: args.output.clone(),
        source: e,
    };
    if args.output.as_os_str() == "-" {
        return stdout_all(text.as_bytes()).map_err(io_err);
    }
    stancegraph::fsutil::write_atomic(&args.output, text.as_bytes()).map_err(io_err)?;
    eprintln!(
        "wrote {} ({} actors, {} edges)",
        args.output.display(),
        graph.node_count(),
        graph.edge_count()
    );
    Ok(())
}

enum InputKind {
    Json,
    Dot,
}

/// JSON or DOT, by extension, else by the first non-blank character.
fn input_kind(path: &Path) -> Result<InputKind, stancegraph::export::ExportError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
    {
        Some(e) if e == "json" => return Ok(InputKind::Json),
        Some(e) if e == "dot" || e == "gv" => return Ok(InputKind::Dot),
        _ => {}
    }
    let text = std::fs::read_to_string(path).map_err(|e| stancegraph::export::ExportError::Io {
        path: path.to_path_buf(),
        source: e,
    })?;
    Ok(if text.trim_start().starts_with('{') {
        InputKind::Json
    } else {
        InputKind::Dot
    })
}

/// Loads the lexicon and builds the engine; a lexicon error is a usage error.
/// With several jobs jieba's dictionary is built on a thread of its own
/// while the lexicon loads.
fn engine(overlay: Option<&PathBuf>, jobs: usize) -> Result<Engine, ExitCode> {
    let base = (stream::resolve_jobs(jobs) > 1).then(BaseDictionary::start);
    match Lexicon::load(overlay.map(|p| p.as_path())) {
        Ok(lex) => Ok(Engine::with_dictionary(lex, base)),
        Err(e) => {
            eprintln!("{e}");
            eprintln!("stancegraph: lexicon errors; nothing was read");
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

/// A progress bar on standard error: bytes of input done (with the ETA
/// when the total is known), articles and articles per second. Drawn only
/// on a terminal, without `--quiet`, once the run has taken a second.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
    start: std::time::Instant,
    /// How long a run goes before the bar appears
    /// (`STANCEGRAPH_PROGRESS_DELAY_MS`, default 1000).
    delay: f64,
    shown: std::cell::Cell<bool>,
}

impl Bar {
    fn new(common: &CommonArgs) -> Bar {
        use std::io::IsTerminal;
        let bar = (!common.quiet && io::stderr().is_terminal()).then(|| {
            let total = ingest::input_bytes(&common.inputs);
            let bar = indicatif::ProgressBar::with_draw_target(
                total,
                indicatif::ProgressDrawTarget::hidden(),
            );
            let template = if total.is_some() {
                "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ETA {eta} {msg}"
            } else {
                "{elapsed_precise} {spinner} {bytes} ({bytes_per_sec}) {msg}"
            };
            if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        let delay = std::env::var("STANCEGRAPH_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(1.0, |ms| ms / 1000.0);
        Bar {
            bar,
            start: std::time::Instant::now(),
            delay,
            shown: std::cell::Cell::new(false),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    /// Prints without tearing the bar.
    fn suspend(&self, f: impl FnOnce()) {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Progress for Bar {
    fn advance(&self, articles: usize, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        let secs = self.start.elapsed().as_secs_f64();
        if !self.shown.get() {
            if secs < self.delay {
                return;
            }
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
            self.shown.set(true);
        }
        bar.set_position(bytes);
        bar.set_message(format!(
            "{articles} articles, {:.0} articles/s",
            articles as f64 / secs.max(1e-3)
        ));
    }
}

/// Runs extraction over every input on `--jobs` threads, in input order;
/// problems are reported as they come.
fn run_extraction(
    common: &CommonArgs,
    mut each: impl FnMut(Extracted) -> io::Result<()>,
) -> Result<bool, ExitCode> {
    let engine = engine(common.lexicons.as_ref(), common.jobs)?;
    let opts = ingest_options(common.outlets.as_ref(), common.max_article_mb)?;
    let mut failed = false;
    let bar = Bar::new(common);
    let result =
        stream::for_each_extracted(&common.inputs, &engine, &opts, common.jobs, &bar, |item| {
            match item {
                Err(p) => {
                    failed = true;
                    bar.suspend(|| eprintln!("stancegraph: {p}"));
                    Ok(())
                }
                Ok(x) => each(x),
            }
        });
    bar.finish();
    match result {
        Ok(()) => Ok(failed),
        Err(stream::StreamError::Threads(m)) => {
            eprintln!("stancegraph: {m}");
            Err(ExitCode::from(EXIT_INPUT_FAILED))
        }
        Err(stream::StreamError::Consumer(e)) => Err(if write_failed(&e) {
            ExitCode::from(EXIT_INPUT_FAILED)
        } else {
            ExitCode::SUCCESS
        }),
    }
}

fn cmd_extract(args: ExtractArgs) -> ExitCode {
    // A file is written beside its destination and renamed over it at the
    // end: a reader never sees half of it, and a run that cannot write
    // leaves the old file.
    let to_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    let mut file = None;
    let mut sink: Box<dyn Write> = match to_file {
        // A device or FIFO (`-o /dev/null`) is written in place, never
        // replaced by the renamed file.
        Some(path) if stancegraph::fsutil::is_special(path) => {
            match stancegraph::fsutil::open_special(path) {
                Ok(w) => Box::new(BufWriter::new(w)),
                Err(e) => {
                    eprintln!("stancegraph: {}: {e}", path.display());
                    return ExitCode::from(EXIT_USAGE);
                }
            }
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let mut builder = tempfile::Builder::new();
            builder.prefix(".stancegraph-extract-");
            // The mode a plain `File::create` gives (less the umask), not
            // the temporary file's owner-only one.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
            match builder.tempfile_in(dir) {
                Ok(f) => {
                    let w = match f.reopen() {
                        Ok(w) => w,
                        Err(e) => {
                            eprintln!("stancegraph: {}: {e}", path.display());
                            return ExitCode::from(EXIT_USAGE);
                        }
                    };
                    file = Some(f);
                    Box::new(BufWriter::new(w))
                }
                Err(e) => {
                    eprintln!("stancegraph: {}: {e}", path.display());
                    return ExitCode::from(EXIT_USAGE);
                }
            }
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let result = run_extraction(&args.common, |x| sink.write_all(x.lines.as_bytes()));
    let failed = match result {
        Ok(f) => f,
        Err(code) => return code,
    };
    if sink.flush().as_ref().is_err_and(write_failed) {
        return ExitCode::from(EXIT_INPUT_FAILED);
    }
    drop(sink);
    if let (Some(f), Some(path)) = (file, to_file) {
        let placed = f
            .as_file()
            .sync_all()
            .and_then(|()| f.persist(path).map(drop).map_err(|e| e.error));
        if let Err(e) = placed {
            eprintln!("stancegraph: {}: {e}", path.display());
            return ExitCode::from(EXIT_INPUT_FAILED);
        }
    }
    read_status(failed)
}

/// Graph options, formats and renderer from the shared flags.
fn graph_setup(
    args: &GraphArgs,
) -> Result<(graph::GraphOptions, Vec<Format>, svg::SvgOptions), ExitCode> {
    let usage = |msg: String| {
        eprintln!("stancegraph: {msg}");
        ExitCode::from(EXIT_USAGE)
    };
    let mut relations = BTreeSet::new();
    for r in &args.relations {
        match Relation::parse(r.trim()) {
            Some(rel) => {
                relations.insert(rel);
            }
            None => return Err(usage(format!("--relations: unknown relation {r:?} (accuse, rebut, demand, threaten, support, attack)"))),
        }
    }
    let mut formats = Vec::new();
    for f in &args.formats {
        match f.trim().parse::<Format>() {
            Ok(f) => formats.push(f),
            Err(e) => return Err(usage(format!("--formats: {e}"))),
        }
    }
    let graph = graph::GraphOptions {
        level: args.level,
        relations: (!relations.is_empty()).then_some(relations),
        min_weight: args.min_weight,
    };
    Ok((
        graph,
        formats,
        svg::SvgOptions {
            renderer: args.renderer.into(),
        },
    ))
}

/// Everything `analyze` and `compare` need before reading: usage and
/// lexicon errors stop here, before any article is read.
struct RunSetup {
    engine: Engine,
    ingest: IngestOptions,
    graph: graph::GraphOptions,
    formats: Vec<Format>,
    svg: svg::SvgOptions,
}

fn run_setup(common: &CommonArgs, graph_args: &GraphArgs) -> Result<RunSetup, ExitCode> {
    let (graph, formats, svg) = graph_setup(graph_args)?;
    let engine = engine(common.lexicons.as_ref(), common.jobs)?;
    let ingest = ingest_options(common.outlets.as_ref(), common.max_article_mb)?;
    Ok(RunSetup {
        engine,
        ingest,
        graph,
        formats,
        svg,
    })
}

fn cmd_analyze(args: AnalyzeArgs) -> ExitCode {
    let RunSetup {
        engine,
        ingest,
        graph,
        formats,
        svg,
    } = match run_setup(&args.common, &args.graph) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let opts = AnalyzeOptions {
        out: args.out.clone(),
        jobs: args.common.jobs,
        per_article: args.per_article,
        graph,
        formats,
        svg,
        ingest,
    };
    let bar = Bar::new(&args.common);
    let report = pipeline::analyze_with_progress(&args.common.inputs, &engine, &opts, &bar);
    bar.finish();
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("stancegraph: {e}");
            return ExitCode::from(EXIT_INPUT_FAILED);
        }
    };
    for p in &report.problems {
        eprintln!("stancegraph: {p}");
    }
    for w in &report.warnings {
        eprintln!("stancegraph: {}: warning: {}", w.source, w.warning);
    }
    if report.kept_previous {
        eprintln!(
            "stancegraph: no input could be read; {} was left as it was",
            args.out.display()
        );
        return ExitCode::from(EXIT_INPUT_FAILED);
    }
    if args.common.quiet {
        return read_status(!report.problems.is_empty());
    }
    eprintln!(
        "stancegraph: {} articles, {} relation mentions, {} outlets; {} inputs failed; wrote {} files into {}",
        report.articles,
        report.relations,
        report.outlets.len(),
        report.problems.len(),
        report.written.len(),
        args.out.display()
    );
    read_status(!report.problems.is_empty())
}

fn cmd_merge(args: MergeArgs) -> ExitCode {
    let (graph, formats, svg) = match graph_setup(&args.graph) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let lexicon = match Lexicon::load(args.lexicons.as_deref()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let inputs = (!args.inputs.is_empty()).then_some(args.inputs.as_slice());
    match pipeline::merge(
        &args.parts,
        inputs,
        &lexicon,
        &graph,
        &args.out,
        &formats,
        &svg,
    ) {
        Ok(g) => {
            eprintln!(
                "stancegraph: merged {} parts: {} actors, {} edges into {}",
                args.parts.len(),
                g.node_count(),
                g.edge_count(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stancegraph: {e}");
            ExitCode::from(EXIT_INPUT_FAILED)
        }
    }
}

fn cmd_compare(args: CompareArgs) -> ExitCode {
    let RunSetup {
        engine,
        ingest,
        graph,
        formats,
        svg,
    } = match run_setup(&args.common, &args.graph) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let by = match args.by {
        ByArg::Outlet => compare::GroupBy::Outlet,
        ByArg::Article => compare::GroupBy::Article,
        ByArg::Date => compare::GroupBy::Date(match args.bucket {
            BucketArg::Day => compare::Bucket::Day,
            BucketArg::Week => compare::Bucket::Week,
            BucketArg::Month => compare::Bucket::Month,
        }),
    };
    let opts = compare::CompareOptions {
        out: args.out.clone(),
        by,
        graph,
        formats,
        svg,
        ingest,
        jobs: args.common.jobs,
    };
    let bar = Bar::new(&args.common);
    let report = compare::compare_with_progress(&args.common.inputs, &engine, &opts, &bar);
    bar.finish();
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            eprintln!("stancegraph: {e}");
            return ExitCode::from(EXIT_INPUT_FAILED);
        }
    };
    for p in &report.problems {
        eprintln!("stancegraph: {p}");
    }
    if report.kept_previous {
        eprintln!(
            "stancegraph: no input could be read; {} was left as it was",
            args.out.display()
        );
        return ExitCode::from(EXIT_INPUT_FAILED);
    }
    if args.common.quiet {
        return read_status(!report.problems.is_empty());
    }
    eprintln!(
        "stancegraph: compared {} groups ({} with no edge, {} empty); wrote {} files into {}",
        report.groups.len(),
        report.groups_without_edges.len(),
        report.empty_groups.len(),
        report.written.len(),
        args.out.display()
    );
    read_status(!report.problems.is_empty())
}

/// Exit code of a run that got this far: 1 when some input could not be read.
fn read_status(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(EXIT_INPUT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reports a write error and says whether the run failed; a closed pipe
/// (`stancegraph extract DIR | head`) ends quietly.
fn write_failed(e: &io::Error) -> bool {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return false;
    }
    eprintln!("stancegraph: writing output: {e}");
    true
}

fn cmd_eval(args: EvalArgs) -> ExitCode {
    let gold = match eval::load_gold(&args.gold) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("stancegraph: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let stance_path = args.stance.clone().or_else(|| {
        let p = args.gold.with_file_name("stance.jsonl");
        p.exists().then_some(p)
    });
    let gold_stance = match stance_path
        .as_deref()
        .map(eval::load_gold_stance)
        .transpose()
    {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => {
            eprintln!("stancegraph: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // Each article is scored as it comes; only its distinct triples stay.
    let mut scoring = eval::Evaluator::new(&gold, &gold_stance).max_listed(args.max_listed);
    let failed = match run_extraction(&args.common, |x| {
        scoring.add(
            &x.article.id,
            &x.extraction.relations,
            &x.extraction.stances,
        );
        Ok(())
    }) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let report = scoring.finish();
    let mut out = io::stdout().lock();
    let printed = if args.json {
        serde_json::to_writer_pretty(&mut out, &report)
            .map_err(io::Error::from)
            .and_then(|_| writeln!(out))
    } else {
        print_report(&mut out, &report)
    };
    if printed.as_ref().is_err_and(write_failed) {
        return ExitCode::from(EXIT_INPUT_FAILED);
    }
    let country = report.level(eval::Level::Country);
    let actor = report.level(eval::Level::Actor);
    let mut below = Vec::new();
    if args
        .min_country_precision
        .is_some_and(|m| country.precision < m)
    {
        below.push(format!("country precision {:.3}", country.precision));
    }
    if args.min_country_f1.is_some_and(|m| country.f1 < m) {
        below.push(format!("country F1 {:.3}", country.f1));
    }
    if args.min_actor_f1.is_some_and(|m| actor.f1 < m) {
        below.push(format!("actor F1 {:.3}", actor.f1));
    }
    if args.require_stance && report.stance.iter().any(|s| !s.ok) {
        below.push("outlet-voice stance signs".to_string());
    }
    if args.require_silent_distractors {
        let loud: Vec<&str> = report
            .distractors
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(d, _)| d.as_str())
            .collect();
        if report.loud_distractors > 0 {
            let more = report.loud_distractors - loud.len();
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            below.push(format!("edges on distractors ({}{more})", loud.join(", ")));
        }
    }
    if !below.is_empty() {
        eprintln!("stancegraph: quality gate failed: {}", below.join(", "));
        return ExitCode::from(EXIT_INPUT_FAILED);
    }
    read_status(failed)
}

fn print_report(out: &mut impl Write, r: &eval::EvalReport) -> io::Result<()> {
    for lv in &r.levels {
        for d in &lv.docs {
            for (s, rel, t) in &d.false_positives {
                writeln!(out, "{:?}\t{}\tFP\t{s} {rel} {t}", lv.level, d.doc)?;
            }
            for (s, rel, t) in &d.false_negatives {
                writeln!(out, "{:?}\t{}\tFN\t{s} {rel} {t}", lv.level, d.doc)?;
            }
        }
    }
    if r.unlisted_docs > 0 {
        writeln!(
            out,
            "errors of {} more documents not listed (--max-listed)",
            r.unlisted_docs
        )?;
    }
    for s in &r.stance {
        let pred = s
            .predicted
            .map_or("none".to_string(), |p| format!("{p:?}").to_lowercase());
        let exp = format!("{:?}", s.expected).to_lowercase();
        writeln!(
            out,
            "stance\t{}\t{}\texpected {exp}, got {pred}\t{}",
            s.doc,
            s.actor,
            if s.ok { "ok" } else { "MISS" }
        )?;
    }
    for rs in &r.rules {
        writeln!(
            out,
            "rule\t{}\t{} edges\t{} right\tprecision {:.3}",
            rs.rule, rs.edges, rs.correct, rs.precision
        )?;
    }
    for (doc, n) in &r.distractors {
        writeln!(
            out,
            "distractor\t{doc}\t{n} edges\t{}",
            if *n == 0 { "ok" } else { "LOUD" }
        )?;
    }
    if r.distractors_unlisted > 0 {
        writeln!(
            out,
            "{} more distractors not listed (--max-listed); {} distractors with edges in all",
            r.distractors_unlisted, r.loud_distractors
        )?;
    }
    writeln!(out, "documents: {}", r.documents)?;
    for lv in &r.levels {
        let s = &lv.score;
        writeln!(
            out,
            "{:<8} precision {:.3}  recall {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
            format!("{:?}", lv.level).to_lowercase(),
            s.precision,
            s.recall,
            s.f1,
            s.tp,
            s.fp,
            s.fn_
        )?;
    }
    let ok = r.stance.iter().filter(|s| s.ok).count();
    writeln!(out, "stance   {ok}/{} signs right", r.stance.len())
}

fn cmd_explain(args: ExplainArgs) -> ExitCode {
    let c = &args.common;
    let engine = match engine(c.lexicons.as_ref(), c.jobs) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let opts = match ingest_options(c.outlets.as_ref(), c.max_article_mb) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let mut failed = false;
    let mut written = Ok(());
    for item in ingest::read_inputs(&c.inputs, &opts) {
        match item {
            Err(p) => {
                failed = true;
                eprintln!("stancegraph: {p}");
            }
            Ok(article) => {
                let x = engine.explain(&article);
                written = written.and_then(|_| {
                    if args.json {
                        serde_json::to_writer(&mut out, &x).map_err(io::Error::from)?;
                        writeln!(out)
                    } else {
                        print_explanation(
                            &mut out,
                            &x,
                            args.source.as_deref(),
                            args.target.as_deref(),
                        )
                    }
                });
            }
        }
    }
    if written
        .and_then(|_| out.flush())
        .as_ref()
        .is_err_and(write_failed)
    {
        return ExitCode::from(EXIT_INPUT_FAILED);
    }
    read_status(failed)
}

fn print_explanation(
    out: &mut impl Write,
    x: &stancegraph::extract::explain::Explanation,
    source: Option<&str>,
    target: Option<&str>,
) -> io::Result<()> {
    use stancegraph::extract::explain::covers;
    writeln!(out, "# {}", x.doc)?;
    let shown: Vec<_> = x
        .sentences
        .iter()
        .filter(|s| [source, target].into_iter().flatten().all(|id| s.names(id)))
        .collect();
    for s in &shown {
        writeln!(out, "[{}] ({}) {}", s.index, s.lang, s.text)?;
        for m in &s.mentions {
            if m.detail.is_empty() {
                writeln!(out, "  {:<10} {}", m.kind, m.text)?;
            } else {
                writeln!(out, "  {:<10} {} -> {}", m.kind, m.text, m.detail)?;
            }
        }
        for sp in &s.speakers {
            let who = if sp.speaker.is_empty() {
                "(unknown speaker)".to_string()
            } else {
                sp.speaker.join(", ")
            };
            writeln!(out, "  speaker    {who} [{}] over: {}", sp.rule, sp.covers)?;
        }
        for c in &s.cues {
            let what = match &c.blocked {
                Some(b) => format!("blocked: {b}"),
                None if c.edges == 0 => "no edge: no source or no target for its frame".to_string(),
                None => format!("{} edge(s)", c.edges),
            };
            writeln!(
                out,
                "  cue        {} ({}/{}): {what}",
                c.text, c.relation, c.frame
            )?;
        }
        for e in &s.edges {
            writeln!(
                out,
                "  EDGE       {} {} {} [{} {}]",
                e.source, e.relation, e.target, e.rule, e.cue
            )?;
        }
    }
    if let (Some(a), Some(b)) = (source, target) {
        let hits: Vec<String> = x
            .sentences
            .iter()
            .filter(|s| {
                s.edges
                    .iter()
                    .any(|e| covers(a, &e.source) && covers(b, &e.target))
            })
            .map(|s| s.index.to_string())
            .collect();
        if hits.is_empty() {
            writeln!(
                out,
                "no edge {a} -> {b}; {} sentence(s) name both (shown above)",
                shown.len()
            )?;
        } else {
            writeln!(out, "edge {a} -> {b} in sentence(s) {}", hits.join(", "))?;
        }
    }
    Ok(())
}

fn cmd_lexicon_check(dir: Option<PathBuf>) -> ExitCode {
    let diags = lexicon::check(dir.as_deref());
    let errors = diags
        .iter()
        .filter(|d| d.severity == lexicon::Severity::Error)
        .count();
    for d in &diags {
        println!("{d}");
    }
    let files = match &dir {
        Some(d) => format!("{} and the shipped lexicons", d.display()),
        None => "the shipped lexicons".to_string(),
    };
    eprintln!(
        "stancegraph: checked {files}: {errors} errors, {} warnings",
        diags.len() - errors
    );
    if errors > 0 {
        ExitCode::from(EXIT_USAGE)
    } else {
        ExitCode::SUCCESS
    }
}

/// Builds ingest options from the shared `--outlets` flag.
fn ingest_options(
    outlets: Option<&PathBuf>,
    max_article_mb: u64,
) -> Result<IngestOptions, ExitCode> {
    let mut opts = IngestOptions {
        max_article_bytes: max_article_mb.saturating_mul(1 << 20),
        ..IngestOptions::default()
    };
    if let Some(path) = outlets {
        match ingest::load_outlets_csv(path) {
            Ok(map) => opts.outlets = map,
            Err(e) => {
                eprintln!("stancegraph: --outlets {e}");
                return Err(ExitCode::from(EXIT_USAGE));
            }
        }
    }
    Ok(opts)
}

fn cmd_inspect(args: InspectArgs) -> ExitCode {
    let opts = match ingest_options(args.outlets.as_ref(), args.max_article_mb) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    // Held back until a second article shows whether output is one
    // pretty object or JSON lines.
    let mut first = None;
    let mut count = 0usize;
    let mut write_result = Ok(());
    for item in ingest::read_inputs(&args.inputs, &opts) {
        match item {
            Err(p) => {
                failed = true;
                eprintln!("stancegraph: {p}");
            }
            Ok(article) => {
                count += 1;
                if count == 1 {
                    first = Some(article);
                    continue;
                }
                if let Some(a) = first.take() {
                    write_result = write_result.and_then(|_| write_line(&mut out, &a));
                }
                write_result = write_result.and_then(|_| write_line(&mut out, &article));
            }
        }
    }
    if let Some(a) = first {
        write_result = write_result.and_then(|_| {
            serde_json::to_writer_pretty(&mut out, &a).map_err(io::Error::from)?;
            writeln!(out)
        });
    }
    if write_result
        .and_then(|_| out.flush())
        .as_ref()
        .is_err_and(write_failed)
    {
        return ExitCode::from(EXIT_INPUT_FAILED);
    }
    read_status(failed)
}

fn write_line(out: &mut impl Write, a: &stancegraph::Article) -> io::Result<()> {
    serde_json::to_writer(&mut *out, a).map_err(io::Error::from)?;
    writeln!(out)
}
