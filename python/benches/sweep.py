"""Sweep throughput: N scenarios of an ICS-sized week, serially here and on a Dask cluster.

The scenarios are one generated week (default the ICS week: 1,000 clinicians, 120 sites,
7 days) with a share of its clinicians off, each drawn with its own seed. They are solved

* serially, solve only: the changed problems built first (untimed), then
  ``rotaflow.solve`` on each, one after another — the floor;
* serially, ``rotaflow.sweep(..., max_workers=1)``: one thread, changes, solves and rows;
* ``rotaflow.sweep(..., client=Client(LocalCluster(n_workers=2, threads_per_worker=1,
  processes=True)))``: one task per scenario on two single-threaded worker processes;

every solve single-threaded — ``threads=1`` for the MIP, and ``RAYON_NUM_THREADS=1`` (set
here before rotaflow loads, and inherited by the workers) for the core's parallel index
building and flow parts, which would otherwise let the serial runs use both cores — so
that a core is a worker. Printed as
markdown: wall time and scenarios/s of each, the per-core throughput ratio (the cluster's
scenarios/s per worker against the serial sweep's; issue 16 asks for >= 0.8), rotaflow's
per-task overhead on the cluster (the cluster's core time per task beyond the solve:
``(workers · wall_cluster − wall_solve_only) / N``), Dask's own per-task round trip
(``client.map`` of a no-op, 1,000 tasks) and the peak RSS of this process and of each
worker. The two sweeps' rows are checked equal (everything but ``time_s``).

Usage: python benches/sweep.py [--count 100] [--clinicians 1000] [--sites 120]
       [--days 7] [--share 0.05] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os

# One thread per solve, here and in the workers (see above); before rotaflow loads.
os.environ.setdefault("RAYON_NUM_THREADS", "1")
import resource
import statistics
import time
from typing import Any, Dict, List, Tuple

import rotaflow
from rotaflow import _sweep


def _noop(x: int) -> int:
    """Dask's per-task cost alone: a task that does nothing."""
    return x


def _peak_rss_mib() -> float:
    """This process's peak resident set (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(f: Any, *args: Any, **kwargs: Any) -> Tuple[float, Any]:
    t0 = time.perf_counter()
    out = f(*args, **kwargs)
    return time.perf_counter() - t0, out


def numbers(rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "time_s"} for r in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=100, help="scenarios")
    ap.add_argument("--clinicians", type=int, default=1000)
    ap.add_argument("--sites", type=int, default=120)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--share", type=float, default=0.05, help="drop_share of each scenario")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (one core each)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of the serial and the cluster sweep, interleaved; medians shown")
    args = ap.parse_args()

    from dask.distributed import Client, LocalCluster

    n = args.count
    base = rotaflow.generate(args.clinicians, args.sites, args.days, seed=0)
    scenarios = [{"name": f"s{i:03d}", "drop_share": args.share, "seed": i} for i in range(n)]

    # (a0) Solve only: the changed problems first, untimed.
    problems = [_sweep._changed(base, s) for s in scenarios]
    solve_wall = 0.0
    for p in problems:
        seconds, _ = timed(rotaflow.solve, p, threads=1)
        solve_wall += seconds
    del problems

    # (a) The serial sweep: one thread, one scenario after another; (b) on a fresh cluster
    # (started, and rotaflow imported on its workers, untimed). Run in turns, `--repeat`
    # times each, so that the machine's drift (a shared VM's neighbours) touches both;
    # the medians are compared.
    serial_walls: List[float] = []
    cluster_walls: List[float] = []
    for _ in range(max(1, args.repeat)):
        # The serial sweep with no cluster alive (its scheduler would share this process).
        seconds, serial = timed(
            rotaflow.sweep, base, scenarios, max_workers=1, frame=None, threads=1
        )
        serial_walls.append(seconds)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            client.run(lambda: __import__("rotaflow") and None)
            warm = [{"name": "warm"}]
            rotaflow.sweep(rotaflow.generate(30, 4, 3), warm, client=client, frame=None)
            seconds, remote = timed(
                rotaflow.sweep, base, scenarios, client=client, frame=None, threads=1
            )
            cluster_walls.append(seconds)
            noops = 1000
            noop_wall, _ = timed(lambda: client.gather(client.map(_noop, range(noops))))
            worker_rss = sorted(client.run(_peak_rss_mib).values())
    serial_wall = statistics.median(serial_walls)
    cluster_wall = statistics.median(cluster_walls)
    assert numbers(remote) == numbers(serial), "the cluster's rows differ from the serial ones"

    w = args.workers
    rate = {name: n / wall for name, wall in (
        ("solve", solve_wall), ("serial", serial_wall), ("cluster", cluster_wall))}
    sessions = len(base.to_dict()["shifts"])
    print(f"{n} scenarios of a week of {args.clinicians} clinicians, {args.sites} sites, "
          f"{sessions} sessions, each with {args.share:.0%} of the clinicians off; "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end.\n")
    print("| run | scenarios | wall s | scenarios/s |")
    print("|---|---|---|---|")
    for label, key, wall in (
        ("serial, solve only (problems built first)", "solve", solve_wall),
        ("serial, `rotaflow.sweep(max_workers=1)`", "serial", serial_wall),
        (f"`rotaflow.sweep(client=…)`, {w} workers × 1 thread", "cluster", cluster_wall),
    ):
        print(f"| {label} | {n} | {wall:.2f} | {rate[key]:.2f} |")
    spread = ", ".join(
        f"{a:.1f}/{b:.1f}" for a, b in zip(serial_walls, cluster_walls)
    )
    print(f"\n{len(serial_walls)} runs each, medians shown; serial/cluster wall s per run: "
          f"{spread}.")
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| per-core throughput ratio: cluster scenarios/s ÷ {w} against the serial sweep's "
          f"| {rate['cluster'] / w / rate['serial']:.2f} |")
    print(f"| … against the serial solves alone | {rate['cluster'] / w / rate['solve']:.2f} |")
    print(f"| rotaflow's per-task overhead on the cluster, ({w}·wall − solve-only wall) / N "
          f"| {1000 * (w * cluster_wall - solve_wall) / n:.0f} ms |")
    print(f"| the sweep's own work per scenario, serially (changes, rows), (serial sweep − "
          f"solve only) / N | {1000 * (serial_wall - solve_wall) / n:.0f} ms |")
    print(f"| Dask's per-task round trip (`client.map` of a no-op, 1,000 tasks) "
          f"| {1000 * noop_wall / noops:.2f} ms |")
    print(f"| solve alone, per scenario | {1000 * solve_wall / n:.0f} ms |")
    rss = ", ".join(f"{r:.0f}" for r in worker_rss)
    print(f"| peak RSS: this process / each worker | {_peak_rss_mib():.0f} / {rss} MiB |")


if __name__ == "__main__":
    main()
