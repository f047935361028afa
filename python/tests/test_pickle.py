"""Problems, rosters and errors pickle (a process pool or a Dask worker sends them): a
problem as its JSON text, a roster as its JSON text and its problem, an error with its
issues, kind and obstacles."""

from __future__ import annotations

import copy
import pickle
from typing import Any, List

import pytest

import rotaflow

from helpers import PATTERN, REPO, SHORT, SMALL


def round_trip(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj))


def problems() -> List[rotaflow.Problem]:
    return [
        rotaflow.Problem(SHORT),
        rotaflow.Problem(PATTERN),
        rotaflow.Problem.from_file(SMALL),
        rotaflow.Problem.from_file(REPO / "examples" / "credentials.json"),
        rotaflow.generate(clinicians=60, sites=6, days=3, seed=5),
    ]


@pytest.mark.parametrize("protocol", [2, pickle.DEFAULT_PROTOCOL, pickle.HIGHEST_PROTOCOL])
def test_a_problem_pickles_to_an_equal_problem(protocol: int) -> None:
    for problem in problems():
        back = pickle.loads(pickle.dumps(problem, protocol=protocol))
        assert type(back) is rotaflow.Problem
        assert back.to_json().encode() == problem.to_json().encode()
        assert back == problem and back.timezone == problem.timezone
    # copy and deepcopy go through the same reduction.
    assert copy.deepcopy(problems()[0]) == problems()[0]


def test_an_unpickled_problem_solves_to_the_same_roster_bytes() -> None:
    for problem in problems():
        assert rotaflow.solve(round_trip(problem)).to_json() == rotaflow.solve(problem).to_json()


def test_a_roster_pickles_with_its_problem() -> None:
    problem = rotaflow.generate(clinicians=60, sites=6, days=3, seed=5)
    roster = rotaflow.solve(problem)
    back = round_trip(roster)
    assert type(back) is rotaflow.Roster
    assert back.to_json().encode() == roster.to_json().encode() and back == roster
    assert back.problem == problem
    # The shift columns need the problem: the unpickled roster still has them.
    assert back.to_pandas().equals(roster.to_pandas())
    # A roster read without its problem pickles without one.
    bare = round_trip(rotaflow.Roster(roster.to_json()))
    assert bare == roster and bare.problem is None


def test_a_validation_error_pickles_with_its_issues() -> None:
    with pytest.raises(rotaflow.ValidationError) as caught:
        rotaflow.Problem(dict(SHORT, shifts=SHORT["shifts"] + [
            {"id": "S9", "site": "P9", "role": "gp",
             "start": "2026-12-07T08:30", "end": "2026-12-07T08:00"}]))
    error = caught.value
    error.add_note("while reading scenario x")
    back = round_trip(error)
    assert type(back) is rotaflow.ValidationError and isinstance(back, ValueError)
    assert str(back) == str(error)
    assert back.errors == error.errors and len(error.errors) == 2
    assert all(type(i) is rotaflow.Issue for i in back.errors)
    assert back.codes == error.codes == ["end_not_after_start", "unknown_site"]
    assert back.__notes__ == ["while reading scenario x"]


def test_a_solver_error_pickles_with_its_kind_and_obstacles() -> None:
    with pytest.raises(rotaflow.SolverError) as caught:
        rotaflow.solve(REPO / "examples" / "rules.json", method="flow")
    error = caught.value
    back = round_trip(error)
    assert type(back) is rotaflow.SolverError
    assert str(back) == str(error)
    assert back.kind == error.kind == "not_flow_representable"
    assert back.obstacles == error.obstacles and len(back.obstacles) > 1
    assert all(type(o) is rotaflow.Obstacle for o in back.obstacles)
    # Errors raised from Python pickle too, with their defaults.
    plain = round_trip(rotaflow.SolverError("no"))
    assert (str(plain), plain.kind, plain.obstacles) == ("no", "other", [])
    assert round_trip(rotaflow.ValidationError("bad")).errors == []
