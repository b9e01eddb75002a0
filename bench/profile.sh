#!/usr/bin/env bash
# Where `analyze` spends its work, in instructions (valgrind's callgrind),
# beside bare jieba-rs `cut` over the same texts. Instruction counts do not
# drift with the load of a shared machine the way wall-clock time does, so
# this is the measure to compare two versions of the pipeline by.
#
# Usage: bench/profile.sh CORPUS.jsonl     (a corpus of bench/scale.sh; 2 MB
#                                           takes about a minute)
# PROFILE=P builds both with cargo profile P (default: profiling, the release
# build with debug info, so callgrind_annotate names lines; release-lto
# for LTO: the stages LTO inlines into their callers then count 0, so
# compare stages on release builds). Needs valgrind (callgrind_annotate). Prints, in millions of instructions:
# the whole run, start-up, each stage of the per-article work, the graph
# files, and jieba's `cut` over the same texts; then the per-article work
# against jieba's. Where `perf` can sample (a software clock is enough), it
# also prints each stage's share of the run's time, sampled by `perf record
# -e cpu-clock` (instructions do not show cache misses, time does), and
# jieba's seconds inside `analyze` against bare jieba's over the same texts.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: bench/profile.sh CORPUS.jsonl}
command -v valgrind >/dev/null || { echo "bench/profile.sh: needs valgrind" >&2; exit 2; }
profile=${PROFILE:-profiling}
cargo build --profile "$profile" --quiet
cargo bench --profile "$profile" --no-run --quiet --bench jieba_baseline 2>/dev/null
bin="${CARGO_TARGET_DIR:-target}/$profile/stancegraph"
baseline=$(ls -t "${CARGO_TARGET_DIR:-target}/$profile"/deps/jieba_baseline-* | grep -v '\.d$' | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

valgrind --tool=callgrind --callgrind-out-file="$work/analyze.cg" \
  "$bin" analyze "$corpus" --quiet --jobs 1 --out "$work/out" 2> /dev/null
valgrind --tool=callgrind --callgrind-out-file="$work/jieba.cg" \
  "$baseline" "$corpus" > /dev/null 2>&1

callgrind_annotate --inclusive=yes "$work/analyze.cg" > "$work/analyze.txt" 2> /dev/null
callgrind_annotate --inclusive=yes "$work/jieba.cg" > "$work/jieba.txt" 2> /dev/null
PYTHONPATH=bench python3 - "$work/analyze.txt" "$work/jieba.txt" <<'PY'
import re, sys

from callgrind import table

a, j = table(sys.argv[1]), table(sys.argv[2])
get = lambda t, k: t.get(k, 0) / 1e6
rows = [
    ("whole run", "TOTAL"),
    ("start-up: lexicon, automata, jieba dictionary", "stancegraph::run_setup"),
    ("  of which jieba's dictionary", "jieba_rs::Jieba::new"),
    ("per article: reading and cleaning", "stancegraph::ingest::parse_raw"),
    ("per article: extraction", "stancegraph::extract::Engine::extract"),
    ("  sentences and Simplified shadow", "stancegraph::text::sentences"),
    ("  automata pass", "stancegraph::extract::mentions::Matcher::scan"),
    ("  resolving terms (jieba included)", "stancegraph::extract::mentions::Matcher::resolve"),
    ("  jieba cut of the blocks that need it", "stancegraph::extract::mentions::Matcher::segment_at"),
    ("  preparing sentences for the rules", "stancegraph::extract::Engine::prepare"),
    ("  the rules", "stancegraph::extract::relations::sentence_relations"),
    ("per article: JSON lines", "stancegraph::stream::lines_of"),
    ("per article: folding into the graphs", "stancegraph::graph::GraphBuilder::add"),
    ("graph files (all formats, corpus and outlets)", "stancegraph::export::write_graph_as"),
]
print(f"{'analyze, one thread':<48} {'M instr':>10}")
for label, key in rows:
    print(f"{label:<48} {get(a, key):10.0f}")
cut = get(j, "jieba_rs::Jieba::cut")
print(f"{'bare jieba-rs cut over the same texts':<48} {cut:10.0f}")
startup = get(a, "stancegraph::run_setup")
files = get(a, "stancegraph::export::write_graph_as")
per_article = get(a, "TOTAL") - startup - files
print(f"per-article work / jieba cut: {per_article / max(cut, 1):.2f} "
      f"(jieba / analyze in instructions: {cut / max(per_article, 1):.2f}x; target 0.5x in time)")
PY

# Time shares, when perf can sample here.
if command -v perf >/dev/null && perf record -e cpu-clock -o "$work/probe.data" true >/dev/null 2>&1; then
  perf record -q -e cpu-clock -F 1000 --call-graph dwarf,16384 -o "$work/time.data" \
    "$bin" analyze "$corpus" --quiet --jobs 1 --out "$work/out-time" > /dev/null 2>&1
  perf report -i "$work/time.data" --children --sort symbol --stdio -g none 2> /dev/null > "$work/time.txt"
  bare=$("$baseline" "$corpus" | awk '{print $5}')
  python3 - "$work/time.txt" "$bare" <<'PY'
import re, sys
share, cpu = {}, 0.0
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    c = re.match(r"# Event count \(approx\.\): (\d+)", line)
    if c:
        cpu = int(c.group(1)) / 1e9  # cpu-clock counts nanoseconds
    m = re.match(r"\s*([\d.]+)%\s+[\d.]+%\s+\[\.\]\s+(\S+)", line)
    if m:
        share[m.group(2)] = max(share.get(m.group(2), 0.0), float(m.group(1)))
rows = [
    ("start-up: lexicon, automata, jieba dictionary", "stancegraph::run_setup"),
    ("reading and cleaning", "stancegraph::ingest::parse_raw"),
    ("extraction", "stancegraph::extract::Engine::extract"),
    ("  sentences and Simplified shadow", "stancegraph::text::sentences"),
    ("  automata pass", "stancegraph::extract::mentions::Matcher::scan"),
    ("  jieba cut of the blocks that need it", "jieba_rs::Jieba::cut"),
    ("  preparing sentences for the rules", "stancegraph::extract::Engine::prepare"),
    ("  the rules", "stancegraph::extract::relations::sentence_relations"),
    ("JSON lines", "stancegraph::stream::lines_of"),
    ("folding into the graphs", "stancegraph::graph::GraphBuilder::add"),
    ("graph files (all formats, corpus and outlets)", "stancegraph::export::write_graph_as"),
]
print()
print(f"{'analyze, one thread, share of time (perf)':<48} {'%':>6}")
for label, key in rows:
    print(f"{label:<48} {share.get(key, 0.0):6.1f}")
top = sum(share.get(k, 0.0) for l, k in rows if not l.startswith(" "))
print(f"{'not attributed (stacks perf could not unwind)':<48} {max(100 - top, 0):6.1f}")
inside = share.get("jieba_rs::Jieba::cut", 0.0) / 100 * cpu
bare = float(sys.argv[2])
print(f"jieba inside analyze: {inside:.2f} s of {cpu:.2f} s of CPU time; "
      f"bare jieba over all the texts: {bare:.2f} s")
PY
else
  echo "(perf cannot sample here: no time shares)"
fi
