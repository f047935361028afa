#!/usr/bin/env bash
# Time limits on a large rules problem: does `rotaflow solve --time-limit L` come back
# near L, and with what? Generates the 2,000-clinician rules week (issue 14, root cause 5)
# and prints, for each limit, the wall time of the whole command (reading included), the
# roster's status, objective, bound and gap, the exit status and the peak memory.
#
#   benches/time_limits.sh [ROTAFLOW_BINARY] [LIMITS...]     (defaults: target/release/rotaflow, 1 5 20)
#
# Not a test (CI never times anything): a measurement to read.
set -euo pipefail
bin=${1:-${CARGO_TARGET_DIR:-target}/release/rotaflow}
shift || true
limits=("$@")
[ ${#limits[@]} -gt 0 ] || limits=(1 5 20)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" generate --rules --clinicians 2000 --seed 1 -o "$work/problem.json" 2>/dev/null
printf '%-6s %-8s %-12s %-14s %-14s %-8s %-5s %s\n' limit wall status objective bound gap exit peak_rss
for limit in "${limits[@]}"; do
    set +e
    /usr/bin/time -f '%e %M' -o "$work/time" \
        "$bin" solve "$work/problem.json" --time-limit "$limit" -q -o "$work/roster.json" 2>/dev/null
    code=$?
    set -e
    # GNU time puts "Command exited with non-zero status N" first when the solve fails.
    read -r wall rss < <(tail -n 1 "$work/time")
    python3 - "$work/roster.json" "$limit" "$wall" "$code" "$rss" <<'PY'
import json, sys
path, limit, wall, code, rss = sys.argv[1:]
r = json.load(open(path))
fmt = lambda v: "null" if v is None else f"{v:.2f}"
gap = "null" if r.get("gap") is None else f"{100 * r['gap']:.2f}%"
print(f"{limit:<6} {wall + 's':<8} {r['status']:<12} {fmt(r.get('objective')):<14} "
      f"{fmt(r.get('bound')):<14} {gap:<8} {code:<5} {int(rss) // 1024} MB")
PY
done
