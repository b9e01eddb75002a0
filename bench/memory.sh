#!/usr/bin/env bash
# Memory and speed of `stancegraph analyze` on generated corpora: peak
# memory should follow the largest article, not the corpus size.
# Usage: bench/memory.sh [SIZES_MB...]   (default: 10 40; PROFILE=P builds with
# cargo profile P, default release)
# Prints one row per run: corpus, MB, articles, seconds, MB/s, articles/s, peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${PROFILE:-release}
cargo build --profile "$profile" --quiet
bin="${CARGO_TARGET_DIR:-target}/$profile/stancegraph"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 40)

# One JSONL line per sample article, as the seed of every corpus.
"$bin" inspect examples/corpus | python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    text = "\n\n".join(p["text"] for p in a["paragraphs"])
    print(json.dumps({"id": a["id"], "outlet": a["outlet"], "date": a["date"], "title": a["title"], "text": text}, ensure_ascii=False))
' > "$work/seed.jsonl"

make_corpus() { # OUT MB [BIG_MB]: many small articles, optionally one big one
  python3 - "$work/seed.jsonl" "$1" "$2" "${3:-0}" <<'PY'
import json, sys
seed, out, mb, big = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
rows = [json.loads(l) for l in open(seed, encoding="utf-8")]
target = int(mb * 1024 * 1024)
written = 0
n = 0
with open(out, "w", encoding="utf-8") as f:
    if big:
        text = "\n\n".join(r["text"] for r in rows)
        reps = int(big * 1024 * 1024 / len(text.encode())) + 1
        line = json.dumps({"id": "big", "outlet": "big", "text": "\n\n".join([text] * reps)}, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode())
    while written < target:
        r = dict(rows[n % len(rows)])
        r["id"] = f'{r["id"]}-{n}'
        line = json.dumps(r, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode())
        n += 1
PY
}

printf '%-28s %8s %9s %9s %8s %11s %10s\n' corpus MB articles seconds MB/s articles/s peak_MB
run() { # NAME FILE
  local size articles
  size=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/1048576:.1f}')" "$2")
  articles=$(wc -l < "$2")
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin" analyze "$2" --formats json --out "$work/out" 2>/dev/null || true
  read -r secs kb < "$work/time"
  python3 -c "
import sys
name, mb, n, s, kb = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
s = max(s, 0.01)
print(f'{name:<28} {mb:8.1f} {n:9d} {s:9.2f} {mb/s:8.2f} {n/s:11.0f} {kb/1024:10.1f}')
" "$1" "$size" "$articles" "$secs" "$kb"
}
for mb in "${sizes[@]}"; do
  make_corpus "$work/c$mb.jsonl" "$mb"
  run "small articles, ${mb} MB" "$work/c$mb.jsonl"
  rm -f "$work/c$mb.jsonl"
done
big=${BIG_MB:-8}
make_corpus "$work/big.jsonl" "${sizes[0]}" "$big"
run "same + one ${big} MB article" "$work/big.jsonl"
