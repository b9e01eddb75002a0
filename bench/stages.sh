#!/usr/bin/env bash
# Instructions per input byte, per stage, at the margin: valgrind's
# callgrind counts a run on a 1 MB and on a 2 MB corpus, and each stage's
# figure is the difference of its inclusive instructions divided by the
# difference of the corpora's sizes. Start-up (lexicon, automata, jieba's
# dictionary) and every other fixed cost cancel out, so the figures are
# what each further byte of input costs, as on a 100 MB corpus.
# Instruction counts do not drift with a shared machine's load.
#
# Usage: bench/stages.sh [dense|mix]     (default dense; needs ../shared/seeds)
#   BIN=PATH   the binary to measure (default: the release build, built)
#   CMD=extract  measure `extract` instead of `analyze` (both on one thread)
#   KEEP=DIR   keep the corpora in DIR (reused when present)
# The corpora are bench/corpus.py's (see bench/speed.sh); the jieba-rs line
# is bare `cut` over the same texts (benches/jieba_baseline.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-dense}
seeds=../shared/seeds
[ -d "$seeds" ] || { echo "bench/stages.sh: needs $seeds" >&2; exit 2; }
command -v valgrind > /dev/null || { echo "bench/stages.sh: needs valgrind" >&2; exit 2; }
cargo build --release --quiet
cargo bench --no-run --quiet --bench jieba_baseline 2> /dev/null
bin=${BIN:-${CARGO_TARGET_DIR:-target}/release/stancegraph}
baseline=$(ls -t "${CARGO_TARGET_DIR:-target}"/release/deps/jieba_baseline-* | grep -v '\.d$' | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora="${KEEP:-$work}"
mkdir -p "$corpora"
"$bin" inspect "$seeds" > "$work/seeds.jsonl" 2> /dev/null
for n in 1 2; do
  c="$corpora/$kind-stage$n.jsonl"
  if [ ! -s "$c" ]; then
    if [ "$kind" = dense ]; then
      python3 bench/corpus.py dense "$seeds" "$c" "$n"
    else
      python3 bench/corpus.py mix "$work/seeds.jsonl" "$c" "$n"
    fi
  fi
  if [ "${CMD:-analyze}" = extract ]; then
    valgrind --tool=callgrind --callgrind-out-file="$work/s$n.cg" \
      "$bin" extract "$c" --quiet --jobs 1 -o "$work/out$n.jsonl" > /dev/null 2>&1
  else
    valgrind --tool=callgrind --callgrind-out-file="$work/s$n.cg" \
      "$bin" analyze "$c" --quiet --jobs 1 --out "$work/out$n" > /dev/null 2>&1
  fi
  valgrind --tool=callgrind --callgrind-out-file="$work/j$n.cg" "$baseline" "$c" > /dev/null 2>&1
  callgrind_annotate --inclusive=yes "$work/s$n.cg" > "$work/s$n.txt" 2> /dev/null
  callgrind_annotate --inclusive=yes "$work/j$n.cg" > "$work/j$n.txt" 2> /dev/null
done
PYTHONPATH=bench python3 - "$work" "$corpora/$kind-stage1.jsonl" "$corpora/$kind-stage2.jsonl" <<'PY'
import os, re, sys
work, c1, c2 = sys.argv[1:4]

from callgrind import table

s1, s2 = table(f"{work}/s1.txt"), table(f"{work}/s2.txt")
j1, j2 = table(f"{work}/j1.txt"), table(f"{work}/j2.txt")
size = os.path.getsize(c2) - os.path.getsize(c1)
rows = [
    ("whole run", "TOTAL"),
    ("reading and cleaning", "stancegraph::ingest::parse_raw"),
    ("  HTML to blocks", "stancegraph::ingest::html::html_to_blocks"),
    ("  furniture removal", "stancegraph::ingest::furniture::clean"),
    ("  date search", "stancegraph::ingest::meta::find_date"),
    ("  language", "stancegraph::ingest::meta::detect_lang_parts"),
    ("extraction", "stancegraph::extract::Engine::extract"),
    ("  sentences and Simplified shadow", "stancegraph::text::sentences"),
    ("  automata pass", "stancegraph::extract::mentions::Matcher::scan"),
    ("  resolving terms (jieba included)", "stancegraph::extract::mentions::Matcher::hits"),
    ("    jieba cut of the blocks that need it", "stancegraph::extract::mentions::Matcher::segment_at"),
    ("  preparing sentences for the rules", "stancegraph::extract::Engine::prepare"),
    ("  names learned", "stancegraph::extract::names::learn"),
    ("  speakers", "stancegraph::extract::attribution::attribute"),
    ("  the rules", "stancegraph::extract::relations::sentence_relations"),
    ("  outlet voice", "stancegraph::extract::stance::outlet_voice"),
    ("JSON lines of edges.jsonl", "stancegraph::stream::lines_of"),
    ("folding into the graphs", "stancegraph::graph::GraphBuilder::add_with"),
    ("graph files", "stancegraph::export::write_graph_as"),
]
print(f"{'stage (instructions per input byte)':<44} {'':>8}")
for label, key in rows:
    if key not in s2:
        continue
    print(f"{label:<44} {(s2.get(key, 0) - s1.get(key, 0)) / size:8.1f}")
cut = (j2.get("jieba_rs::Jieba::cut", 0) - j1.get("jieba_rs::Jieba::cut", 0)) / size
total = (s2["TOTAL"] - s1["TOTAL"]) / size
print(f"{'bare jieba-rs cut over the same texts':<44} {cut:8.1f}")
print(f"jieba / whole run in instructions: {cut / max(total, 1e-9):.2f}x")
PY
