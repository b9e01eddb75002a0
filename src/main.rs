//! The `stancegraph` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Draw a graph (graph.json or graph.dot) as SVG.
    Render(RenderArgs),
}

#[derive(clap::Args)]
struct RenderArgs {
    /// A graph.json (node-link JSON) or graph.dot written by stancegraph.
    input: PathBuf,
    /// The SVG file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// builtin: pure-Rust Graphviz, no install needed; system: the installed `dot`.
    #[arg(long, value_enum, default_value_t = RendererArg::Builtin)]
    renderer: RendererArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum RendererArg {
    Builtin,
    System,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => run_render(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stancegraph: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `stancegraph render FILE.json|FILE.dot -o FILE.svg [--renderer builtin|system]`
fn run_render(args: &RenderArgs) -> Result<(), stancegraph::export::ExportError> {
    use stancegraph::export::{dot, json, svg, ExportError};

    let graph = match input_kind(&args.input)? {
        InputKind::Json => json::read_graph(&args.input)?,
        InputKind::Dot => dot::read_graph(&args.input)?,
    };
    let opts = svg::SvgOptions {
        renderer: match args.renderer {
            RendererArg::Builtin => svg::Renderer::Builtin,
            RendererArg::System => svg::Renderer::System,
        },
    };
    let text = svg::render_svg(&graph, &opts)?;
    stancegraph::fsutil::write_atomic(&args.output, text.as_bytes()).map_err(|e| {
        ExportError::Io {
            path: args.output.clone(),
            source: e,
        }
    })?;
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
