"""The GIL is released while solving: other Python threads make progress meanwhile,
and two threads solve at once.

No wall-clock ratio is asserted (those are flaky on a loaded machine). Instead the
interpreter's switch interval is made huge, so that a thread gives up the GIL only when
it blocks or when native code releases it. The main thread then observes, while it runs
Python, that both solves have started and neither has finished: that can only happen if
each solve released the GIL for its native part.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Dict, List

import rotaflow


def test_two_threads_solve_at_once_and_python_keeps_running() -> None:
    # Large enough that a solve takes far longer than a thread's wake-up on a busy machine.
    problem = rotaflow.generate(clinicians=3000, sites=300, seed=1)
    expected = rotaflow.solve(problem)

    entered = [threading.Event(), threading.Event()]
    done = [threading.Event(), threading.Event()]
    rosters: Dict[int, rotaflow.Roster] = {}

    def work(i: int) -> None:
        entered[i].set()
        rosters[i] = rotaflow.solve(problem)
        done[i].set()

    seen_running: List[bool] = []
    previous = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        # Waiting releases the GIL; with the switch interval this long, the main thread gets
        # it back only when a worker releases it — which a solve must do while it works.
        while not all(e.is_set() for e in entered):
            time.sleep(0.001)
        # The main thread is running Python now; were the GIL held for a whole solve, the
        # solves it saw start would already be done.
        seen_running.append(not any(d.is_set() for d in done))
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(previous)

    assert seen_running == [True]
    assert sorted(rosters) == [0, 1]
    assert all(r == expected for r in rosters.values())
