#!/usr/bin/env bash
# Speed and scale of `stancegraph analyze` on generated JSONL corpora, with
# bare jieba-rs segmentation of the same text as the reference.
#
# Usage: bench/scale.sh [SIZES_MB...]      (default: 10 100 1000)
#   JOBS="1 2"   thread counts to run (default: 1 2)
#   KEEP=DIR     keep the generated corpora in DIR (reused when present)
#   PROFILE=P    cargo profile of both builds, analyze and the jieba
#                reference (default: release; release-lto for LTO)
#   OTHERS=0     skip the single runs of merge, compare and eval (default: run)
#   SHARDS=N     parts the corpus is cut into for the sharded merge (default 4)
#   REPS=N       runs of each measurement, the fastest kept (default: 3
#                up to 100 MB, 1 above); the runs of analyze and of jieba
#                alternate, so a machine whose speed drifts (a shared VM)
#                slows both alike
#
# Per corpus and thread count it prints MB/s, articles/s and peak memory of
# the whole `analyze` run (start-up, reading, extraction, every default
# output format), then the jieba-rs reference (one thread, `cut` without
# HMM, the texts only, nothing else timed) and the ratios the targets are
# stated in: analyze on one thread / jieba, and two threads / one thread.
#
# The corpora are made from examples/corpus: article i is sample article
# (i mod 10) with its body paragraphs rotated by i/10 (so attribution and
# context differ from copy to copy), a unique id, and a date spread over a
# year. Nothing is cached between articles, so repeated text costs what new
# text costs.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
cargo build --profile "$profile" --quiet
cargo bench --profile "$profile" --no-run --quiet --bench jieba_baseline 2>/dev/null
bin="${CARGO_TARGET_DIR:-target}/$profile/stancegraph"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpora="${KEEP:-$work}"
mkdir -p "$corpora"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
read -r -a jobs <<< "${JOBS:-1 2}"

"$bin" inspect examples/corpus | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    print(json.dumps({"id": a["id"], "outlet": a["outlet"], "date": a["date"], "title": a["title"],
                      "paras": [p["text"] for p in a["paragraphs"] if not p.get("heading")]}, ensure_ascii=False))
' > "$work/seed.jsonl"

make_corpus() { # OUT MB
  python3 - "$work/seed.jsonl" "$1" "$2" <<'PY'
import json, sys, datetime
seed, out, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows = [json.loads(l) for l in open(seed, encoding="utf-8")]
target = int(mb * 1024 * 1024)
day0 = datetime.date(2023, 1, 1)
written = n = 0
with open(out + ".tmp", "w", encoding="utf-8") as f:
    while written < target:
        r = rows[n % len(rows)]
        paras = r["paras"]
        k = (n // len(rows)) % max(len(paras), 1)
        text = "\n\n".join(paras[k:] + paras[:k])
        date = (day0 + datetime.timedelta(days=n % 365)).isoformat()
        line = json.dumps({"id": f'{r["id"]}-{n}', "outlet": r["outlet"], "date": date,
                           "title": r["title"], "text": text}, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode())
        n += 1
import os
os.replace(out + ".tmp", out)
PY
}

# The smaller of the numbers given (empty ones skipped).
fmin() { python3 -c "import sys; print(min(float(x) for x in sys.argv[1:] if x))" "$@"; }

printf '%-8s %5s %9s %9s %8s %11s %9s\n' corpus jobs articles seconds MB/s articles/s peak_MB
fixed=
for mb in "${sizes[@]}"; do
  corpus="$corpora/corpus-${mb}MB.jsonl"
  [ -s "$corpus" ] || make_corpus "$corpus" "$mb"
  size=$(stat -c %s "$corpus")
  articles=$(wc -l < "$corpus")
  reps=${REPS:-$(( mb <= 100 ? 3 : 1 ))}
  declare -A secs=() peak=()
  jsecs= hsecs=
  for ((r = 0; r < reps; r++)); do
    for j in "${jobs[@]}"; do
      rm -rf "$work/out"
      /usr/bin/time -f '%e %M' -o "$work/time" "$bin" analyze "$corpus" --quiet --jobs "$j" --out "$work/out"
      read -r s kb < "$work/time"
      secs[$j]=$(fmin "$s" "${secs[$j]:-}")
      [ "${peak[$j]:-0}" -ge "$kb" ] || peak[$j]=$kb
    done
    for mode in nohmm hmm; do
      read -r _ _ text_bytes _ t _ < <(cargo bench --profile "$profile" --quiet --bench jieba_baseline -- "$corpus" $([ $mode = hmm ] && echo --hmm) 2>/dev/null | grep '^jieba_cut')
      if [ $mode = nohmm ]; then jsecs=$(fmin "$t" "$jsecs"); else hsecs=$(fmin "$t" "$hsecs"); fi
    done
  done
  if [ -z "$fixed" ]; then
    # Start-up and the fixed part of the outputs: a one-article run.
    head -n 1 "$corpus" > "$work/one.jsonl"
    for ((r = 0; r < 3; r++)); do
      rm -rf "$work/one"
      /usr/bin/time -f '%e' -o "$work/time" "$bin" analyze "$work/one.jsonl" --quiet --jobs 1 --out "$work/one"
      fixed=$(fmin "$(cat "$work/time")" "$fixed")
    done
  fi
  for j in "${jobs[@]}"; do
    python3 -c "
import sys
mb, n, j, s, kb = int(sys.argv[1]) / 1048576, int(sys.argv[2]), sys.argv[3], max(float(sys.argv[4]), 0.01), int(sys.argv[5])
print(f'{sys.argv[6]+\"MB\":<8} {j:>5} {n:9d} {s:9.2f} {mb/s:8.2f} {n/s:11.0f} {kb/1024:9.1f}')
" "$size" "$articles" "$j" "${secs[$j]}" "${peak[$j]}" "$mb"
  done
  python3 -c "
import sys
size, tb, js, hs, fx = int(sys.argv[1]), int(sys.argv[2]), max(float(sys.argv[3]), 0.001), max(float(sys.argv[4]), 0.001), float(sys.argv[8])
one = float(sys.argv[5]) if sys.argv[5] else None
two = float(sys.argv[6]) if sys.argv[6] else None
tag = sys.argv[7] + 'MB'
print(f'{tag:<8} jieba-rs cut, 1 thread: {js:.2f} s, {size/1048576/js:.2f} MB/s of corpus ({tb/1048576/js:.2f} MB/s of text); with HMM: {hs:.2f} s, {size/1048576/hs:.2f} MB/s')
if one:
    print(f'{tag:<8} analyze on 1 thread / jieba: {js/one:.2f}x jieba speed (target: at least 0.5x); / jieba with HMM: {hs/one:.2f}x')
    print(f'{tag:<8} of which start-up and fixed outputs (a one-article run): {fx:.2f} s; the rest: {js/max(one-fx, 0.01):.2f}x jieba speed')
if one and two: print(f'{tag:<8} 2 threads / 1 thread: {one/two:.2f}x (target: at least 1.7x)')
" "$size" "$text_bytes" "$jsecs" "$hsecs" "${secs[1]:-}" "${secs[2]:-}" "$mb" "$fixed"
  if [ "${OTHERS:-1}" != 0 ]; then
    # The other commands, once each on all cores: merge of the last run's
    # edges.jsonl (read a line at a time); the corpus cut into SHARDS parts
    # by lines, each analysed on its own (not timed), and merge of their
    # graph.json and of their edges.jsonl, each merged graph checked
    # against the whole run's (the same bytes but for the list of inputs);
    # compare (streamed into per-group graphs and sums) and eval (against
    # the sample gold, whose ids the corpus does not have: every
    # prediction is a listed false positive, the largest report eval can
    # make).
    other() { # BYTES WHAT (the time in $work/time)
      read -r s kb < "$work/time"
      python3 -c "
import sys
mb, n, s, kb = int(sys.argv[1]) / 1048576, int(sys.argv[2]), max(float(sys.argv[3]), 0.01), int(sys.argv[4])
print(f'{sys.argv[5]+\"MB\":<8} {sys.argv[6]}: {s:.2f} s, {mb/s:.2f} MB/s, {n/s:.0f} articles/s, peak {kb/1024:.1f} MB')
" "$1" "$articles" "$s" "$kb" "$mb" "$2"
    }
    # A graph.json without its list of inputs.
    sans_inputs() { awk '/^    "inputs": \[\],?$/{next} /^    "inputs": \[/{skip=1} !skip{print} skip&&/^    \],?$/{skip=0}' "$1"; }
    for cmd in merge compare eval; do
      what="$cmd, all cores" bytes=$size
      if [ $cmd = merge ]; then
        bytes=$(stat -c %s "$work/out/edges.jsonl")
        what="merge of that edges.jsonl ($(( bytes / 1048576 )) MB)"
        /usr/bin/time -f '%e %M' -o "$work/time" "$bin" merge "$work/out/edges.jsonl" --out "$work/merged" 2> /dev/null
        rm -rf "$work/merged"
        other "$bytes" "$what"
        shards=${SHARDS:-4}
        split -d -n "l/$shards" "$corpus" "$work/shard-"
        for part in "$work"/shard-??; do
          "$bin" analyze "$part" --quiet --formats json --out "$part.out"
        done
        for file in graph.json edges.jsonl; do
          bytes=$(cat "$work"/shard-??.out/"$file" | wc -c)
          /usr/bin/time -f '%e %M' -o "$work/time" "$bin" merge "$work"/shard-??.out/"$file" --formats json --out "$work/merged" 2> /dev/null
          same=differs
          cmp -s <(sans_inputs "$work/merged/graph.json") <(sans_inputs "$work/out/graph.json") && same=same
          rm -rf "$work/merged"
          other "$bytes" "merge of $shards shards' $file ($(( bytes / 1048576 )) MB; graph $same as the whole run's)"
        done
        rm -rf "$work"/shard-*
        continue
      elif [ $cmd = compare ]; then
        rm -rf "$work/out"
        /usr/bin/time -f '%e %M' -o "$work/time" "$bin" compare "$corpus" --quiet --out "$work/out"
        rm -rf "$work/out"
      else
        /usr/bin/time -f '%e %M' -o "$work/time" "$bin" eval --gold examples/gold/edges.jsonl --json "$corpus" --quiet > /dev/null
      fi
      other "$bytes" "$what"
    done
  fi
  unset secs peak
  [ -n "${KEEP:-}" ] || rm -f "$corpus"
done
