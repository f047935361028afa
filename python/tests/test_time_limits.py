"""A spent time limit: the fallback roster comes through with its status and bound."""

from __future__ import annotations

from pathlib import Path

import rotaflow

RULES = Path(__file__).resolve().parents[2] / "examples" / "rules.json"


def test_a_spent_time_limit_gives_a_feasible_roster_with_its_bound() -> None:
    # A nanosecond has passed before the MIP is built: the greedy / repaired roster is the
    # answer, `feasible` with a bound, and the evaluator accepts it.
    r = rotaflow.solve(RULES, method="mip", time_limit=1e-9)
    assert r.status == "feasible", r.reason
    assert r.objective is not None and r.bound is not None and r.gap is not None
    assert r.bound <= r.objective
    evaluation = rotaflow.score(RULES, r.assignments)
    assert evaluation["feasible"], evaluation["breaches"]
    assert evaluation["score"]["total"] == r.objective
