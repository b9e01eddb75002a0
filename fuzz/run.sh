#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time and fails when one crashes.
#
#   bash fuzz/run.sh [TARGET…]        # default: ingest extract
#
# FUZZ_SECONDS    seconds of fuzzing per target (default 60)
# FUZZ_SANITIZER  address (default; falls back to none when that build
#                 fails), none, leak, memory or thread
# FUZZ_TARGET_DIR build directory (default: $CARGO_TARGET_DIR/fuzz or target/fuzz)
#
# Works with the stable toolchain: cargo-fuzz passes nightly-only flags
# (-Zsanitizer, -Cpasses=sancov-module), which RUSTC_BOOTSTRAP=1 allows.
# Installs cargo-fuzz when it is missing. Seeds come from fuzz/corpus/<target>/
# and, for ingest, examples/corpus/ (read only); what libFuzzer finds goes into
# the build directory, crashes into
# fuzz/artifacts/<target>/. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-address}"
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=(ingest extract)
fi
root="$PWD"
target_dir="${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$root/target}/fuzz}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi

echo "== building fuzz targets (sanitizer: $sanitizer)"
start=$(date +%s)
build() {
  for t in "${targets[@]}"; do
    cargo fuzz build --sanitizer "$sanitizer" --debug-assertions --target-dir "$target_dir" "$t" || return 1
  done
}
if ! build; then
  if [ "$sanitizer" = none ]; then
    exit 1
  fi
  echo "== the $sanitizer sanitizer build failed; building without a sanitizer" >&2
  sanitizer=none
  build
fi
echo "   built in $(($(date +%s) - start)) s"

failed=()
for t in "${targets[@]}"; do
  work="$target_dir/corpus/$t"
  mkdir -p "$work" "fuzz/artifacts/$t"
  log="$target_dir/logs/$t.log"
  mkdir -p "$(dirname "$log")"
  echo "== fuzzing $t for ${seconds}s (log: $log)"
  # The shipped sample articles seed the ingest target too (read only).
  seeds=("fuzz/corpus/$t")
  [ "$t" = ingest ] && seeds+=("examples/corpus")
  if cargo fuzz run --sanitizer "$sanitizer" --debug-assertions --target-dir "$target_dir" \
    "$t" "$work" "${seeds[@]}" -- \
    -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$root/fuzz/artifacts/$t/" >"$log" 2>&1; then
    grep -E '^(Done|stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb))' "$log" | sed 's/^/   /'
    echo "   $t: no crash in ${seconds}s"
  else
    tail -n 80 "$log" >&2
    echo "   $t: CRASHED; inputs in fuzz/artifacts/$t/ (replay: RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer $sanitizer -a --target-dir $target_dir $t fuzz/artifacts/$t/<file>)" >&2
    failed+=("$t")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing found crashes in: ${failed[*]}" >&2
  exit 1
fi
echo "== fuzzing: no crash in ${targets[*]}"
