#!/usr/bin/env python3
"""Peer comparison of rotaflow's min-cost-flow engine on the same DIMACS files.

Solvers (each on every file unless noted):
  rotaflow    `rotaflow flow FILE` (network simplex, block search); its own solve time
  lemon_ns    LEMON NetworkSimplex (block search), C++ driver lemon_solve.cpp
  lemon_cs    LEMON CostScaling
  ortools     OR-Tools SimpleMinCostFlow (cost-scaling push-relabel), Python API
  networkx    networkx.network_simplex (files with at most --networkx-arcs arcs)
  highs_lp    HiGHS (highspy) on the LP of the network (files with at most --highs-arcs arcs)

Every solver's time is the solve alone (building the solver's own structures from
arrays already in memory, and solving), never the reading of the file. Runs are
interleaved (round r runs every solver once on a file before round r+1) and the median
of --repeat rounds is reported. All optimal costs must agree, or the script says which
differ and exits with status 1.

Usage:
  python3 -m venv .venv && .venv/bin/pip install -r benches/peers/requirements.txt
  apt-get install liblemon-dev g++          # LEMON, header-only
  .venv/bin/python benches/peers/run.py [--suite DIR] [--max-log2 16] [--repeat 3]
                                         [--only SUBSTRING] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def target_dir() -> Path:
    env = os.environ.get("CARGO_TARGET_DIR")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "rotaflow" / "target"


def build(no_build: bool) -> Path:
    release = target_dir() / "release"
    if not no_build:
        # Through scripts/env.sh, which provides what the build needs (cmake, libclang).
        subprocess.run(
            ["bash", "-c", "set -euo pipefail; source scripts/env.sh; rotaflow_build_deps; "
             "cargo build --release --quiet -p rotaflow-cli -p rotaflow-benches --bins"],
            cwd=ROOT, check=True, env={**os.environ, "CARGO_TARGET_DIR": str(target_dir())},
        )
    return release


def build_lemon(suite: Path) -> Path | None:
    src = HERE / "lemon_solve.cpp"
    exe = suite / "lemon_solve"
    if not Path("/usr/include/lemon/network_simplex.h").exists():
        print("LEMON not found (apt-get install liblemon-dev): skipping lemon_ns, lemon_cs",
              file=sys.stderr)
        return None
    cxx = shutil.which("g++") or shutil.which("c++")
    if cxx is None:
        print("no C++ compiler: skipping LEMON", file=sys.stderr)
        return None
    if not exe.exists() or exe.stat().st_mtime < src.stat().st_mtime:
        subprocess.run([cxx, "-O3", "-DNDEBUG", "-o", str(exe), str(src)], check=True)
    return exe


# ---------------------------------------------------------------------------------------
# DIMACS, read once per file for the in-process peers
# ---------------------------------------------------------------------------------------

class Network:
    def __init__(self, path: Path):
        import numpy as np

        n = 0
        supply: dict[int, int] = {}
        tails, heads, lows, caps, costs = [], [], [], [], []
        with open(path) as f:
            for line in f:
                if not line or line[0] == "c":
                    continue
                parts = line.split()
                if not parts:
                    continue
                if parts[0] == "a":
                    tails.append(int(parts[1]) - 1)
                    heads.append(int(parts[2]) - 1)
                    lows.append(int(parts[3]))
                    caps.append(int(parts[4]))
                    costs.append(int(parts[5]))
                elif parts[0] == "n":
                    supply[int(parts[1]) - 1] = int(parts[2])
                elif parts[0] == "p":
                    n = int(parts[2])
        self.n = n
        self.m = len(tails)
        self.tail = np.array(tails, dtype=np.int64)
        self.head = np.array(heads, dtype=np.int64)
        self.low = np.array(lows, dtype=np.int64)
        self.cap = np.array(caps, dtype=np.int64)
        self.cost = np.array(costs, dtype=np.int64)
        self.supply = np.zeros(n, dtype=np.int64)
        for v, b in supply.items():
            self.supply[v] = b

    def shifted(self):
        """Lower bounds moved into the supplies: (supply, cap, constant cost)."""
        import numpy as np

        b = self.supply.copy()
        np.subtract.at(b, self.tail, self.low)
        np.add.at(b, self.head, self.low)
        constant = int(sum(int(l) * int(c) for l, c in zip(self.low, self.cost) if l))
        return b, self.cap - self.low, constant


# ---------------------------------------------------------------------------------------
# Solvers: each returns (optimal cost or None, milliseconds)
# ---------------------------------------------------------------------------------------

def run_rotaflow(exe: Path, path: Path):
    out = subprocess.run([str(exe), "flow", str(path)], capture_output=True, text=True)
    cost, ms = None, math.nan
    for line in out.stdout.splitlines():
        f = line.split()
        if f and f[0] == "optimum":
            cost = int(f[1])
        if f and f[0] == "time":
            ms = float(f[5])
    return cost, ms


def run_lemon(exe: Path, algo: str, path: Path):
    out = subprocess.run([str(exe), algo, str(path), "1"], capture_output=True, text=True)
    cost, ms = None, math.nan
    for line in out.stdout.splitlines():
        f = line.split()
        if f and f[0] == "optimum":
            cost = int(f[1])
        if f and f[0] == "time_ms":
            ms = float(f[1])
    return cost, ms


def run_ortools(net: Network):
    import numpy as np
    from ortools.graph.python import min_cost_flow

    b, cap, constant = net.shifted_cache
    t0 = time.perf_counter()
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(net.tail, net.head, cap, net.cost)
    smcf.set_nodes_supplies(np.arange(net.n, dtype=np.int64), b)
    status = smcf.solve()
    ms = (time.perf_counter() - t0) * 1e3
    if status != smcf.OPTIMAL:
        return None, ms
    return int(smcf.optimal_cost()) + constant, ms


def run_networkx(net: Network):
    import networkx as nx

    b, cap, constant = net.shifted_cache
    t0 = time.perf_counter()
    g = nx.MultiDiGraph()
    for v in range(net.n):
        g.add_node(v, demand=-int(b[v]))
    for t, h, u, c in zip(net.tail.tolist(), net.head.tolist(), cap.tolist(), net.cost.tolist()):
        g.add_edge(t, h, capacity=u, weight=c)
    cost, _ = nx.network_simplex(g)
    ms = (time.perf_counter() - t0) * 1e3
    return int(cost) + constant, ms


def run_highs(net: Network):
    import highspy
    import numpy as np

    t0 = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_ = net.m
    lp.num_row_ = net.n
    lp.col_cost_ = net.cost.astype(np.float64)
    lp.col_lower_ = net.low.astype(np.float64)
    lp.col_upper_ = net.cap.astype(np.float64)
    lp.row_lower_ = net.supply.astype(np.float64)
    lp.row_upper_ = net.supply.astype(np.float64)
    # Column a: +1 in its tail's row (flow out), -1 in its head's row.
    loops = net.tail == net.head
    index = np.empty(2 * net.m, dtype=np.int32)
    value = np.empty(2 * net.m, dtype=np.float64)
    index[0::2], index[1::2] = net.tail, net.head
    value[0::2], value[1::2] = 1.0, -1.0
    value[0::2][loops] = 0.0
    value[1::2][loops] = 0.0
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 2 * net.m + 1, 2, dtype=np.int32)
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    h.passModel(lp)
    h.run()
    ms = (time.perf_counter() - t0) * 1e3
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, ms
    return int(round(h.getInfo().objective_function_value)), ms


# ---------------------------------------------------------------------------------------

def geomean(xs):
    xs = [x for x in xs if x > 0 and not math.isnan(x)]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else math.nan


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", type=Path, default=Path.home() / ".cache" / "rotaflow" / "peer-suite")
    ap.add_argument("--max-log2", type=int, default=16)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default=None, help="only files whose name contains this")
    ap.add_argument("--solvers", default="rotaflow,lemon_ns,lemon_cs,ortools,networkx,highs_lp")
    ap.add_argument("--networkx-arcs", type=int, default=40_000)
    ap.add_argument("--highs-arcs", type=int, default=40_000)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--markdown", type=Path, default=None, help="also write the table here")
    args = ap.parse_args()

    release = build(args.no_build)
    rotaflow = release / "rotaflow"
    listing = subprocess.run(
        [str(release / "write-suite"), str(args.suite), str(args.max_log2)],
        capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    files = []
    for line in listing:
        f = line.split()
        if len(f) == 4 and (args.only is None or args.only in f[0]):
            files.append((f[0], Path(f[1]), int(f[2]), int(f[3])))
    lemon = build_lemon(args.suite)
    wanted = args.solvers.split(",")

    results: dict[str, dict[str, tuple[int | None, float]]] = {}
    mismatch = False
    for name, path, n, m in files:
        net = None
        solvers = []
        if "rotaflow" in wanted:
            solvers.append(("rotaflow", lambda: run_rotaflow(rotaflow, path)))
        if lemon and "lemon_ns" in wanted:
            solvers.append(("lemon_ns", lambda: run_lemon(lemon, "ns", path)))
        if lemon and "lemon_cs" in wanted:
            solvers.append(("lemon_cs", lambda: run_lemon(lemon, "cs", path)))
        needs_net = any(s in wanted for s in ("ortools", "networkx", "highs_lp"))
        if needs_net:
            net = Network(path)
            net.shifted_cache = net.shifted()
            if "ortools" in wanted:
                solvers.append(("ortools", lambda: run_ortools(net)))
        times: dict[str, list[float]] = {s: [] for s, _ in solvers}
        costs: dict[str, int | None] = {}
        for _ in range(args.repeat):
            for s, fn in solvers:
                cost, ms = fn()
                times[s].append(ms)
                costs[s] = cost
        # The slow peers once, on small files only.
        if net is not None and "networkx" in wanted and m <= args.networkx_arcs:
            cost, ms = run_networkx(net)
            times["networkx"], costs["networkx"] = [ms], cost
        if net is not None and "highs_lp" in wanted and m <= args.highs_arcs:
            cost, ms = run_highs(net)
            times["highs_lp"], costs["highs_lp"] = [ms], cost
        results[name] = {s: (costs[s], statistics.median(times[s])) for s in times}
        distinct = {c for c in costs.values()}
        ok = len(distinct) == 1 and None not in distinct
        if not ok:
            mismatch = True
        line = "  ".join(f"{s} {statistics.median(t):.1f}ms" for s, t in times.items())
        print(f"{name:16} n={n:<7} m={m:<8} {'ok ' if ok else 'COSTS DIFFER ' + str(costs)} {line}",
              file=sys.stderr, flush=True)

    peers = [s for s in ["lemon_ns", "lemon_cs", "ortools", "networkx", "highs_lp"]
             if any(s in r for r in results.values())]
    header = ["instance", "nodes", "arcs", "optimum", "rotaflow ms"] + [f"{p} ms" for p in peers] \
        + [f"rotaflow/{p}" for p in peers]
    rows = []
    for name, path, n, m in files:
        r = results[name]
        rf = r.get("rotaflow", (None, math.nan))[1]
        row = [name, str(n), str(m), str(r.get("rotaflow", (None,))[0]), f"{rf:.1f}"]
        row += [f"{r[p][1]:.1f}" if p in r else "" for p in peers]
        row += [f"{rf / r[p][1]:.2f}" if p in r and r[p][1] > 0 else "" for p in peers]
        rows.append(row)
    gm = ["geometric mean", "", "", "", ""] + ["" for _ in peers]
    for p in peers:
        ratios = [results[name]["rotaflow"][1] / results[name][p][1]
                  for name, *_ in files if p in results[name] and "rotaflow" in results[name]]
        gm.append(f"{geomean(ratios):.2f}" if ratios else "")
    rows.append(gm)
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    stamp = (f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}; "
             f"median of {args.repeat} interleaved runs (networkx and HiGHS: one run).")
    text = stamp + "\n\n" + "\n".join(table) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    if mismatch:
        print("optimal costs differ between solvers (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
