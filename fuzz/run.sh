#!/usr/bin/env bash
# Run fuzz targets with AFL++ through cargo-afl, on stable Rust.
#
#   fuzz/run.sh build                       # instrumented build (installs cargo-afl if missing)
#   fuzz/run.sh run TARGET [SECONDS]        # one target for SECONDS (default 900) from its corpus
#   fuzz/run.sh stats TARGET                # executions, coverage and findings of the last run
#   fuzz/run.sh minimize TARGET             # merge the run's queue into the checked-in corpus
#
# Targets: problem roster changes dimacs curtois ffi (see fuzz/README.md). Findings are in
# $ROTAFLOW_FUZZ_OUT/TARGET/default/{crashes,hangs} (default ~/.cache/rotaflow/fuzz-out);
# each becomes a file in fuzz/regressions/TARGET/, which tests/tests/fuzz_corpus.rs replays.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${ROTAFLOW_CACHE:-$HOME/.cache/rotaflow}
export CARGO_TARGET_DIR=${ROTAFLOW_FUZZ_TARGET:-$cache/fuzz-target}
out=${ROTAFLOW_FUZZ_OUT:-$cache/fuzz-out}
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
targets="problem roster changes dimacs curtois ffi"

known() { [[ " $targets " == *" $1 "* ]] || { echo "unknown target '$1' (one of: $targets)" >&2; exit 2; }; }

case "${1:-}" in
  build)
    command -v cargo-afl >/dev/null || cargo install --locked cargo-afl
    cd "$here" && cargo afl build --release ;;
  run)
    t=${2:?target}; known "$t"; secs=${3:-900}
    dict=(); case "$t" in problem|roster|changes|ffi) dict=(-x "$here/dict/json.dict") ;; esac
    timeout=2000; [ "$t" = ffi ] && timeout=5000
    mkdir -p "$out"
    cd "$here" && cargo afl fuzz -i "corpus/$t" -o "$out/$t" -V "$secs" -t "$timeout" "${dict[@]}" \
      -- "$CARGO_TARGET_DIR/release/$t" ;;
  stats)
    t=${2:?target}; known "$t"; s="$out/$t/default/fuzzer_stats"
    grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|edges_found|total_edges|saved_crashes|saved_hangs|stability) ' "$s"
    ls "$out/$t/default/crashes" "$out/$t/default/hangs" 2>/dev/null | grep -v README || true ;;
  minimize)
    t=${2:?target}; known "$t"; tmp=$(mktemp -d)
    cd "$here" && cargo afl cmin -i "$out/$t/default/queue" -o "$tmp/min" -- "$CARGO_TARGET_DIR/release/$t"
    for f in "$tmp"/min/*; do cp "$f" "corpus/$t/$(sha1sum "$f" | cut -c1-16)"; done; rm -rf "$tmp" ;;
  *) sed -n 2,12p "$0"; exit 2 ;;
esac
