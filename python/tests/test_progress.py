"""Progress reports of a solve: ``rotaflow.solve(..., progress=f)`` calls ``f`` with
each :class:`rotaflow.Progress`, ``progress=True`` logs them, an exception in ``f``
stops the search and is raised, and reports never change the roster."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import rotaflow

RULES = Path(__file__).resolve().parents[2] / "examples" / "rules.json"

KEYS = {
    "elapsed_s",
    "time_limit_s",
    "method",
    "objective",
    "bound",
    "gap",
    "first_roster_s",
    "done",
}


@pytest.mark.parametrize("method", ["auto", "flow", "mip", "decompose"])
def test_the_last_report_is_the_rosters_and_the_roster_is_unchanged(
    small: Dict[str, Any], method: str
) -> None:
    seen: List[rotaflow.Progress] = []
    followed = rotaflow.solve(small, method=method, progress=seen.append)
    plain = rotaflow.solve(small, method=method)
    assert followed.to_json() == plain.to_json()
    assert seen and all(set(r) == KEYS for r in seen)
    last = seen[-1]
    assert last["done"] and not any(r["done"] for r in seen[:-1])
    assert last["method"] == followed.method
    assert (last["objective"], last["bound"], last["gap"]) == (
        followed.objective,
        followed.bound,
        followed.gap,
    )
    assert last["first_roster_s"] is not None
    assert last["first_roster_s"] <= last["elapsed_s"]


def test_true_logs_the_reports(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="rotaflow"):
        roster = rotaflow.solve(RULES, method="mip", progress=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "rotaflow"]
    assert lines, "nothing was logged"
    assert lines[-1].endswith(" · done"), lines
    assert f"best {roster.objective:.2f}" in lines[-1]
    assert " · mip · " in lines[-1]


def test_bad_progress_arguments_are_refused(small: Dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="progress must be a function"):
        rotaflow.solve(small, progress=42)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cluster"):
        rotaflow.solve(small, progress=print, client=object())


def test_an_exception_in_the_function_is_raised_from_solve(small: Dict[str, Any]) -> None:
    def fail(report: rotaflow.Progress) -> None:
        raise RuntimeError(f"stop at {report['elapsed_s']:.3f}")

    with pytest.raises(RuntimeError, match="stop at"):
        rotaflow.solve(small, progress=fail)


def test_an_exception_stops_decompose_early(cli: Path, tmp_path: Path) -> None:
    problem = tmp_path / "rules.json"
    subprocess.run(
        [str(cli), "generate", "--rules", "--clinicians", "90", "--seed", "5", "-o", str(problem)],
        check=True,
        capture_output=True,
    )
    seen: List[rotaflow.Progress] = []

    class Enough(Exception):
        pass

    def stop_at_a_roster(report: rotaflow.Progress) -> None:
        seen.append(report)
        if report["objective"] is not None and not report["done"]:
            raise Enough()

    # A limit far beyond the test's wait: only the exception ends the search early.
    with pytest.raises(Enough):
        rotaflow.solve(problem, method="decompose", time_limit=3600, progress=stop_at_a_roster)
    assert seen[-1]["objective"] is not None
    assert seen[-1]["elapsed_s"] < 3600
