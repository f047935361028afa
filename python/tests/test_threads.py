"""The GIL is released while solving: other Python threads make progress meanwhile,
and two threads solve at once."""

from __future__ import annotations

import threading
import time
from typing import List, Tuple

import rotaflow


def test_two_threads_solve_at_once_and_python_keeps_running() -> None:
    problem = rotaflow.generate(clinicians=1000, sites=120, seed=1)
    t0 = time.perf_counter()
    expected = rotaflow.solve(problem)
    single = time.perf_counter() - t0

    rosters: List[rotaflow.Roster] = []
    spans: List[Tuple[float, float]] = []
    ready = threading.Barrier(3)

    def work() -> None:
        ready.wait()
        a = time.perf_counter()
        rosters.append(rotaflow.solve(problem))
        spans.append((a, time.perf_counter()))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    ready.wait()
    # The main thread keeps running Python while both solves run. Were the GIL held
    # for a solve, the main thread would stall for the whole of it.
    ticks = [time.perf_counter()]
    while any(t.is_alive() for t in threads):
        sum(range(2000))
        ticks.append(time.perf_counter())
    for t in threads:
        t.join()

    assert len(rosters) == 2 and all(r == expected for r in rosters)
    longest_stall = max(b - a for a, b in zip(ticks, ticks[1:]))
    assert len(ticks) > 50
    assert longest_stall < 0.5 * single, (longest_stall, single)
    # The two solves overlapped in time.
    (a0, a1), (b0, b1) = spans
    assert max(a0, b0) < min(a1, b1)
