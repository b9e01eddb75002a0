//! The `stancegraph` command line: argument parsing and reporting only;
//! the work is done by the library. One function per subcommand.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use stancegraph::ingest::{self, IngestOptions};

#[derive(Parser)]
#[command(
    name = "stancegraph",
    version,
    about = "Who accuses, rebuts, demands of, threatens, supports or attacks whom in news articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print parsed articles as JSON (pretty for one, JSON lines for several).
    Inspect(InspectArgs),
}

#[derive(Args)]
struct InspectArgs {
    /// CSV of `id_or_path,outlet` overriding the detected outlet.
    #[arg(long, value_name = "FILE")]
    outlets: Option<PathBuf>,
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
        Command::Inspect(args) => cmd_inspect(args),
    }
}

/// Builds ingest options from the shared `--outlets` flag.
fn ingest_options(outlets: Option<&PathBuf>) -> Result<IngestOptions, ExitCode> {
    let mut opts = IngestOptions::default();
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
    let opts = match ingest_options(args.outlets.as_ref()) {
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
            serde_json::to_writer_pretty(&mut out, &a).map_err(io::Error::other)?;
            writeln!(out)
        });
    }
    if let Err(e) = write_result.and_then(|_| out.flush()) {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("stancegraph: writing output: {e}");
            return ExitCode::from(EXIT_INPUT_FAILED);
        }
    }
    if failed {
        ExitCode::from(EXIT_INPUT_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_line(out: &mut impl Write, a: &stancegraph::Article) -> io::Result<()> {
    serde_json::to_writer(&mut *out, a).map_err(io::Error::other)?;
    writeln!(out)
}
