#!/usr/bin/env bash
# The memory cap's estimate beside the measured peak: for each problem and method, the
# estimate `rotaflow solve` refuses with under `--memory-limit 0.001` (exit 8, its message
# gives it), and the peak resident memory of the real solve (GNU time's maximum RSS), with
# the eligible pairs. The estimate is meant to lie above the peak: the `ratio` column is
# estimate / peak. Also the peak of `validate` on a large document (reading only).
#
#   benches/memory.sh [ROTAFLOW_BINARY] [TIME_LIMIT]    (defaults: target/release/rotaflow, 30)
#
# Not a test (CI never measures): a measurement to read, and the calibration of the
# constants of crates/rotaflow/src/solve/memory.rs.
set -euo pipefail
bin=${1:-${CARGO_TARGET_DIR:-target}/release/rotaflow}
limit=${2:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gen() { "$bin" generate "$@" 2>/dev/null; }
gen --clinicians 1000 --sites 100 --days 7 --seed 1 -o "$work/flow1000.json"
gen --rules --clinicians 300 --sites 40 --seed 1 -o "$work/rules300.json"
gen --rules --clinicians 1000 --seed 1 -o "$work/rules1000.json"
printf '%-12s %-10s %-9s %-13s %-11s %-7s %s\n' problem method pairs estimate_MB peak_MB ratio exit
for case in flow1000:flow rules300:mip rules300:decompose rules1000:mip rules1000:decompose; do
    name=${case%%:*} method=${case##*:}
    set +e
    message=$("$bin" solve "$work/$name.json" --method "$method" --memory-limit 0.001 -q \
        -o "$work/refused.json" 2>&1 >/dev/null)
    /usr/bin/time -f '%M' -o "$work/time" "$bin" solve "$work/$name.json" --method "$method" \
        --time-limit "$limit" -q -o "$work/roster.json" 2>/dev/null
    code=$?
    set -e
    python3 - "$name" "$method" "$message" "$(cat "$work/time")" "$code" <<'PY'
import re, sys
name, method, message, rss, code = sys.argv[1:]
m = re.search(r"\((\d+) eligible pairs\) would need about (\d+) MB", message)
pairs, est = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
peak = int(rss) / 1024
print(f"{name:<12} {method:<10} {pairs:<9} {est:<13} {peak:<11.0f} {est / peak:<7.2f} {code}")
PY
done
# Reading a large document: the national four weeks, about 170 MB of JSON, validated.
gen --national --days 28 --seed 1 -o "$work/big.json"
size=$(( $(stat -c %s "$work/big.json") / 1024 / 1024 ))
/usr/bin/time -f '%M' -o "$work/time" "$bin" validate "$work/big.json" >/dev/null 2>&1 || true
echo "validate of a ${size} MB document: peak $(( $(cat "$work/time") / 1024 )) MB"
