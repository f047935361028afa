#!/usr/bin/env bash
# Side by side: `rotaflow solve --method decompose` and `--method mip` with the same time
# limit on generated rules problems; prints objective, bound, gap, when the first roster was
# found (from the command's progress lines on stderr), wall time and peak RSS (GNU time's
# "Maximum resident set size").
#
# Usage: benches/decompose.sh [TIME_LIMIT_S] [CLINICIANS...]
#   ROTAFLOW=path/to/rotaflow (default: target/release/rotaflow, else `rotaflow` on PATH)
#   DAYS=7 (the horizon of the generated week)
# Example: benches/decompose.sh 60 300 1000
set -euo pipefail
limit=${1:-60}
shift || true
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(300 1000)
days=${DAYS:-7}
bin=${ROTAFLOW:-}
if [ -z "$bin" ]; then
  if [ -x target/release/rotaflow ]; then bin=target/release/rotaflow; else bin=rotaflow; fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| clinicians | days | method | status | objective | bound | gap | first roster s | time s | peak RSS MB |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  problem=$work/rules-$n.json
  "$bin" generate --rules --clinicians "$n" --days "$days" -o "$problem" 2>/dev/null
  for method in decompose mip; do
    out=$work/$method-$n.json
    /usr/bin/time -v -o "$work/time" "$bin" solve "$problem" --method "$method" \
      --time-limit "$limit" -o "$out" 2>"$work/stderr" || true
    # The last progress line says when the first roster was found (none: not shown).
    first=$(sed -n 's/.*first roster at \([0-9.]*\) s.*/\1/p' "$work/stderr" | tail -n 1)
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
    python3 - "$out" "$n" "$days" "$method" "$wall" "$rss" "${first:-}" <<'PY'
import json, sys
out, n, days, method, wall, rss, first = sys.argv[1:]
parts = [float(x) for x in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
try:
    r = json.load(open(out))
except (OSError, ValueError):
    r = {"status": "error"}
def f(x, fmt):
    return "—" if x is None else fmt.format(x)
print(f"| {n} | {days} | {method} | {r.get('status')} | {f(r.get('objective'), '{:.2f}')} "
      f"| {f(r.get('bound'), '{:.2f}')} | {f(r.get('gap'), '{:.4%}')} | {first or '—'} | {secs:.1f} "
      f"| {int(rss) / 1024:.0f} |")
PY
  done
done
