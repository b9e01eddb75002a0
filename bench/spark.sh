#!/usr/bin/env bash
# Issue 25's benchmark: the Spark job (contrib/spark/stancegraph_spark.py) in
# local[1] and local[2] against the plain binary, on the same corpus in the
# same run, and whether each Spark run's graph.json is the same bytes as
# the plain run's.
#
# Usage: bench/spark.sh [MB]        (default 100; needs ../shared/seeds and
#                                     pyspark: pip install -r contrib/spark/requirements.txt)
#   REPS=N        runs of each measurement, the fastest kept (default 1)
#   KEEP=DIR      keep the generated corpus in DIR (reused when present)
#   PARTITIONS=N  partitions of the Spark runs (default 8)
#   BIN=PATH      the stancegraph binary (default: the release build)
#
# The corpus is bench/corpus.py's dense one (the seed articles repeated).
# Every run writes graph.json only (`--formats json`), so the figures are
# extraction and merging, not drawing. Prints seconds and MB/s per run.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
seeds=../shared/seeds
[ -d "$seeds" ] || { echo "bench/spark.sh: needs $seeds" >&2; exit 2; }
python3 -c 'import pyspark' 2>/dev/null ||
  { echo "bench/spark.sh: needs pyspark (pip install -r contrib/spark/requirements.txt)" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
fi
bin=$(realpath "${BIN:-${CARGO_TARGET_DIR:-target}/release/stancegraph}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora="${KEEP:-$work}"
mkdir -p "$corpora"
reps=${REPS:-1}
parts=${PARTITIONS:-8}
corpus="$corpora/dense-${mb}MB.jsonl"
[ -s "$corpus" ] || python3 bench/corpus.py dense "$seeds" "$corpus" "$mb"
size=$(stat -c %s "$corpus")

fmin() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:] if x))" "$@"; }

run() { # NAME -> seconds; the graph in $work/NAME.json
  local name=$1 start end
  rm -rf "$work/out"
  start=$(date +%s.%N)
  case $name in
    analyze1) "$bin" analyze "$corpus" --quiet --jobs 1 --formats json --out "$work/out" 2> /dev/null ;;
    analyze2) "$bin" analyze "$corpus" --quiet --jobs 2 --formats json --out "$work/out" 2> /dev/null ;;
    spark1 | spark2)
      # A local path is recorded in graph.json as given: the same as analyze's.
      spark-submit --master "local[${name#spark}]" --driver-memory 2g \
        --conf spark.ui.enabled=false contrib/spark/stancegraph_spark.py \
        --binary "$bin" --input "$corpus" --out "$work/out" \
        --partitions "$parts" --formats json > "$work/spark.log" 2>&1 ||
        { tail -n 30 "$work/spark.log" >&2; exit 1; }
      ;;
  esac
  end=$(date +%s.%N)
  case $name in
    spark*) mv "$work/out/graph/graph.json" "$work/$name.json" ;;
    *) mv "$work/out/graph.json" "$work/$name.json" ;;
  esac
  python3 -c "print(f'{$end - $start:.2f}')"
}

printf '%-10s %8s %8s %s\n' run seconds MB/s "graph.json"
for name in analyze1 analyze2 spark1 spark2; do
  times=()
  for _ in $(seq "$reps"); do times+=("$(run "$name")"); done
  secs=$(fmin "${times[@]}")
  same=$(cmp -s "$work/$name.json" "$work/analyze1.json" && echo "same bytes as analyze" || echo DIFFERS)
  printf '%-10s %8s %8s %s\n' "$name" "$secs" \
    "$(python3 -c "print(f'{$size / 1e6 / $secs:.2f}')")" "$same"
done
echo "corpus: $corpus, $((size / 1000000)) MB, $(wc -l < "$corpus") articles; spark: $parts partitions, one stancegraph --jobs 1 per task"
