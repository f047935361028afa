"""The public API: solve's options, the Roster's fields, score and its inputs."""

from __future__ import annotations

import json
from typing import Any, Dict

import pandas as pd
import polars as pl
import pytest

import rotaflow
from helpers import SMALL


def test_roster_fields(small: Dict[str, Any]) -> None:
    r = rotaflow.solve(small)
    d = json.loads(r.to_json())
    assert r.to_dict() == d
    assert r.status == d["status"] == "optimal"
    assert r.method == "flow"
    assert r.objective == d["objective"] == r.score["total"]  # type: ignore[index]
    assert r.bound == r.objective and r.gap == 0.0 and r.reason is None
    assert r.assignments == d["assignments"] and r.unfilled == d["unfilled"]
    assert r.clinicians == d["clinicians"] and r.stats == d["stats"]
    assert isinstance(r.problem, rotaflow.Problem)
    assert "optimal" in repr(r) and "Problem" in repr(r.problem)
    # The lists are copies: changing them does not change the roster.
    r.assignments.clear()
    assert r.assignments == d["assignments"]
    assert rotaflow.Roster(r.to_json()) == r


def test_roster_from_bad_text() -> None:
    with pytest.raises(rotaflow.ValidationError):
        rotaflow.Roster('{"status": "fine"}')


def test_options_override_the_problem(small: Dict[str, Any]) -> None:
    doc = dict(small, solver={"method": "flow", "time_limit_s": 5})
    assert rotaflow.solve(doc).stats["method_reason"].startswith("auto")
    assert rotaflow.solve(doc, method=None).stats["method_reason"] == "flow requested"
    r = rotaflow.solve(doc, method="flow", time_limit=2.5, mip_gap=0.0, threads=1, seed=3)
    assert r.status == "optimal"


def test_infeasible_is_a_status_not_an_error() -> None:
    doc = {
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"min_shifts": 2}}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                    "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"}],
    }
    r = rotaflow.solve(doc)
    assert r.status == "infeasible" and r.reason and "A" in r.reason
    assert r.objective is None and r.score is None
    assert r.to_pandas().empty


def test_score_accepts_rosters_pairs_dicts_and_frames(small: Dict[str, Any]) -> None:
    problem = rotaflow.Problem(SMALL)
    roster = rotaflow.solve(problem)
    expected = rotaflow.score(problem, roster)
    assert expected["feasible"] and expected["breaches"] == []
    assert expected["score"] == roster.score
    pairs = [(a["shift"], a["clinician"]) for a in roster.assignments]
    assert rotaflow.score(small, pairs) == expected
    assert rotaflow.score(SMALL, roster.assignments) == expected
    assert rotaflow.score(problem, roster.to_pandas()) == expected
    assert rotaflow.score(problem, roster.to_polars()) == expected
    frame = pd.DataFrame(pairs, columns=["shift", "clinician"])
    assert rotaflow.score(problem, frame) == expected
    assert rotaflow.score(problem, pl.DataFrame({"shift": [p[0] for p in pairs],
                                                 "clinician": [p[1] for p in pairs]})) == expected


def test_score_reports_breaches() -> None:
    problem = rotaflow.Problem(SMALL)
    bad = rotaflow.score(problem, [("S0001", "PH002"), ("S0001", "NOBODY")])
    assert not bad["feasible"]
    rules = {b["rule"] for b in bad["breaches"]}
    assert "unknown_id" in rules
    assert bad["score"]["total"] > 0


def test_issue_codes_are_the_cores() -> None:
    assert rotaflow.ISSUE_CODES[0] == "invalid_json"
    assert "unknown_site" in rotaflow.ISSUE_CODES and len(rotaflow.ISSUE_CODES) == 27
    assert rotaflow.frame_names()[:3] == ["sites", "clinicians", "shifts"]


def test_problem_is_not_hashable_but_comparable(small: Dict[str, Any]) -> None:
    p = rotaflow.Problem(small)
    assert p == rotaflow.Problem(json.dumps(small))
    assert p != rotaflow.Problem({"sites": []})
    assert p.timezone == "Europe/London"
    with pytest.raises(TypeError):
        hash(p)


def test_generate_matches_the_defaults() -> None:
    p = rotaflow.generate(clinicians=10, sites=2, days=3, seed=9, start="2027-01-04")
    d = p.to_dict()
    assert d["horizon"]["start"] == "2027-01-04" and len(d["clinicians"]) == 10
    with pytest.raises(ValueError):
        rotaflow.generate(sites=0)
