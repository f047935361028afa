"""Conversion vs solve: how much of a DataFrame-to-DataFrame solve is Python conversion.

For a generated problem (default: the medium ICS week, 1,000 clinicians, 120 sites,
~2,500 sessions), the problem document is turned into pandas (or polars) DataFrames
once, untimed. Then, timed,:

* ``from_frames``: ``Problem.from_frames(...)`` — DataFrames to a validated problem;
* ``solve``:        ``rotaflow.solve(problem)`` — the Rust solve (GIL released);
* ``to_frames``:    ``roster.to_pandas()`` (or ``to_polars()``) of the assignments,
                    unfilled and clinicians tables.

Conversion is ``from_frames + to_frames``; the target is at most 10 % of ``solve``.

Every step runs ``--repeat`` times, interleaved (so that a busy machine slows them alike),
and the best time of each is reported.

Usage: python benches/conversion.py [--clinicians N] [--sites M] [--lib pandas|polars]
       [--times str|naive|aware] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import rotaflow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers import to_frames  # noqa: E402
from rotaflow import _frames  # noqa: E402
from rotaflow._rotaflow import NativeProblem  # noqa: E402


def best(f: Callable[[], Any], repeat: int) -> float:
    times: List[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clinicians", type=int, default=1000)
    ap.add_argument("--sites", type=int, default=120)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lib", choices=["pandas", "polars"], default="pandas")
    ap.add_argument("--times", choices=["str", "naive", "aware"], default="aware")
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args()

    doc = rotaflow.generate(args.clinicians, args.sites, args.days, args.seed).to_dict()
    frames: Dict[str, Any] = to_frames(doc, lib=args.lib, times=args.times)
    problem = rotaflow.Problem.from_frames(**frames)
    assert problem == rotaflow.Problem(doc), "frames and dict disagree"
    roster = rotaflow.solve(problem)

    def out() -> None:
        for table in ("assignments", "unfilled", "clinicians"):
            if args.lib == "pandas":
                roster.to_pandas(table)  # type: ignore[arg-type]
            else:
                roster.to_polars(table)  # type: ignore[arg-type]

    names = rotaflow.frame_names()
    tables = {k: v for k, v in frames.items() if k in names and v is not None}
    extra = {k: frames[k] for k in ("timezone", "weights", "horizon", "solver")}

    def columns() -> Any:
        return {k: _frames.table(k, v) for k, v in tables.items()}

    cols = columns()
    text = problem.to_json()
    # Interleaved, so that a busy machine slows every step alike; best of each.
    steps: Dict[str, Callable[[], Any]] = {
        "cols": columns,
        "doc": lambda: NativeProblem.from_tables(cols, extra, False),
        "valid": lambda: NativeProblem.from_tables(cols, extra),
        "in": lambda: rotaflow.Problem.from_frames(**frames),
        "json": lambda: rotaflow.Problem.from_json(text),
        "solve": lambda: rotaflow.solve(problem),
        "out": out,
    }
    timings: Dict[str, List[float]] = {k: [] for k in steps}
    for _ in range(args.repeat):
        for k, f in steps.items():
            timings[k].append(best(f, 1))
    t = {k: min(v) for k, v in timings.items()}
    t_cols, t_doc, t_valid, t_in = t["cols"], t["doc"], t["valid"], t["in"]
    t_json, t_solve, t_out = t["json"], t["solve"], t["out"]
    sizes = {k: len(doc[k]) for k in ("sites", "clinicians", "shifts")}
    rows = sum(len(c.get("availability", [])) for c in doc["clinicians"])
    print(
        f"problem: {sizes['clinicians']} clinicians, {sizes['sites']} sites, "
        f"{sizes['shifts']} shifts, {rows} availability rows; {len(roster.assignments)} "
        f"assignments, {len(roster.unfilled)} unfilled ({args.lib}, {args.times} times, "
        f"best of {args.repeat})"
    )
    validator = max(t_valid - t_doc, 0.0)
    print(f"from_frames              {t_in * 1e3:8.1f} ms, of which")
    print(f"  frames -> columns (py) {t_cols * 1e3:8.1f} ms")
    print(f"  columns -> problem     {t_doc * 1e3:8.1f} ms  (document value + the core's reader)")
    print(f"  the core's validator   {validator * 1e3:8.1f} ms  (the CLI runs it too)")
    print(f"(for comparison: Problem.from_json of the same problem, as the CLI reads it: "
          f"{t_json * 1e3:.1f} ms)")
    print(f"solve                    {t_solve * 1e3:8.1f} ms")
    print(f"to_{args.lib} (3 tables)   {t_out * 1e3:8.1f} ms")
    conv = t_in + t_out
    print(f"conversion, all of it:             {conv * 1e3:7.1f} ms = "
          f"{100 * conv / t_solve:5.1f} % of solve")
    binding = conv - validator
    print(f"conversion less the core validator: {binding * 1e3:7.1f} ms = "
          f"{100 * binding / t_solve:5.1f} % of solve (target <= 10 %)")


if __name__ == "__main__":
    main()
