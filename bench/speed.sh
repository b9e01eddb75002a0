#!/usr/bin/env bash
# The speed targets of issue 22, measured against bare jieba-rs in the same
# run: `analyze --jobs 1`, `analyze --jobs 2` and `extract --jobs 1` on two
# corpora, beside jieba-rs `cut` (no HMM, one thread, only the cut calls
# timed) over the same texts.
#
# Usage: bench/speed.sh [MB]        (default 100; needs ../shared/seeds)
#   REPS=N     runs of each measurement, the fastest kept (default 3); the
#              runs of the commands and of jieba alternate, so a machine
#              whose speed drifts slows them alike
#   KEEP=DIR   keep the generated corpora in DIR (reused when present)
#   PROFILE=P  cargo profile of both builds (default: release)
#   BIN=PATH   the stancegraph binary to measure (default: the build above)
#
# The corpora (bench/corpus.py):
#   dense  the seed articles as they are (front matter, markup, furniture),
#          repeated: most of their sentences carry a cue
#   mix    the seeds' cleaned paragraphs, each followed by three paragraphs
#          of neutral news text invented for the benchmark: about one
#          sentence in seven carries a cue
# Prints, per corpus and command: seconds, MB/s, peak resident memory, and
# the ratio to jieba's speed the targets are stated in.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
seeds=../shared/seeds
[ -d "$seeds" ] || { echo "bench/speed.sh: needs $seeds" >&2; exit 2; }
profile=${PROFILE:-release}
cargo build --profile "$profile" --quiet
cargo bench --profile "$profile" --no-run --quiet --bench jieba_baseline 2>/dev/null
bin=${BIN:-${CARGO_TARGET_DIR:-target}/$profile/stancegraph}
baseline=$(ls -t "${CARGO_TARGET_DIR:-target}/$profile"/deps/jieba_baseline-* | grep -v '\.d$' | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora="${KEEP:-$work}"
mkdir -p "$corpora"
reps=${REPS:-3}

dense="$corpora/dense-${mb}MB.jsonl"
mix="$corpora/mix-${mb}MB.jsonl"
[ -s "$dense" ] || python3 bench/corpus.py dense "$seeds" "$dense" "$mb"
if [ ! -s "$mix" ]; then
  "$bin" inspect "$seeds" > "$work/seeds.jsonl" 2> /dev/null
  python3 bench/corpus.py mix "$work/seeds.jsonl" "$mix" "$mb"
fi

fmin() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:] if x))" "$@"; }

run() { # NAME CORPUS -> "seconds peak_kb"
  local name=$1 corpus=$2
  rm -rf "$work/out" "$work/out.jsonl"
  case $name in
    analyze1) /usr/bin/time -f '%e %M' -o "$work/time" "$bin" analyze "$corpus" --quiet --jobs 1 --out "$work/out" 2> /dev/null ;;
    analyze2) /usr/bin/time -f '%e %M' -o "$work/time" "$bin" analyze "$corpus" --quiet --jobs 2 --out "$work/out" 2> /dev/null ;;
    extract1) /usr/bin/time -f '%e %M' -o "$work/time" "$bin" extract "$corpus" --quiet --jobs 1 -o "$work/out.jsonl" 2> /dev/null ;;
  esac
  cat "$work/time"
}

printf '%-6s %-10s %8s %8s %8s %12s %8s\n' corpus command seconds MB/s peak_MB "x jieba" target
for corpus in "$dense" "$mix"; do
  tag=$(basename "$corpus" .jsonl | cut -d- -f1)
  size=$(stat -c %s "$corpus")
  declare -A secs=() peak=()
  jsecs=
  for ((r = 0; r < reps; r++)); do
    for name in analyze1 analyze2 extract1; do
      read -r s kb < <(run "$name" "$corpus")
      secs[$name]=$(fmin "$s" "${secs[$name]:-}")
      [ "${peak[$name]:-0}" -ge "$kb" ] || peak[$name]=$kb
    done
    read -r _ _ _ _ t _ < <("$baseline" "$corpus" | grep '^jieba_cut')
    jsecs=$(fmin "$t" "$jsecs")
  done
  for name in analyze1 analyze2 extract1; do
    case "$tag/$name" in
      dense/analyze1) target=0.35 ;;
      dense/extract1) target=0.45 ;;
      mix/analyze1) target=1.0 ;;
      *) target=- ;;
    esac
    python3 -c "
import sys
tag, name, size, s, kb, js, target = sys.argv[1], sys.argv[2], int(sys.argv[3]), max(float(sys.argv[4]), 0.01), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7]
print(f'{tag:<6} {name:<10} {s:8.2f} {size/1048576/s:8.2f} {kb/1024:8.1f} {js/s:11.2f}x {target:>8}')
" "$tag" "$name" "$size" "${secs[$name]}" "${peak[$name]}" "$jsecs" "$target"
  done
  python3 -c "
import sys
tag, size, js, one, two = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
print(f'{tag:<6} jieba-rs cut: {js:.2f} s ({size/1048576/js:.1f} MB/s of corpus); analyze 2 threads / 1: {one/two:.2f}x (target 1.7x)')
" "$tag" "$size" "$jsecs" "${secs[analyze1]}" "${secs[analyze2]}"
  unset secs peak
done
