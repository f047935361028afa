"""Every validation code is reachable from Python, most of them from bad DataFrames;
errors are RotaflowError / ValidationError / SolverError, never a PanicException."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rotaflow


def frames(**changes: Any) -> Dict[str, Any]:
    """A valid small problem as frames; keyword arguments replace or add frames."""
    base: Dict[str, Any] = dict(
        sites=pd.DataFrame({"id": ["P1", "P2"], "lat": [53.4, 53.5], "lon": [-2.2, -2.3]}),
        clinicians=pd.DataFrame({"id": ["A", "B"], "roles": ["gp", "gp;anp"],
                                 "rate_per_hour": [90.0, 80.0]}),
        shifts=pd.DataFrame({
            "id": ["S1", "S2"], "site": ["P1", "P2"], "role": ["gp", "anp"],
            "start": ["2026-12-07T08:30", "2026-12-07T13:30"],
            "end": ["2026-12-07T12:30", "2026-12-07T17:30"],
            "headcount": [1, 1],
        }),
    )
    base.update(changes)
    return base


def shifts(**cols: Any) -> pd.DataFrame:
    s = frames()["shifts"].copy()
    for k, v in cols.items():
        s[k] = v
    return s


def clinicians(**cols: Any) -> pd.DataFrame:
    c = frames()["clinicians"].copy()
    for k, v in cols.items():
        c[k] = v
    return c


def codes_of(build: Callable[[], Any]) -> List[Tuple[str, str]]:
    with pytest.raises(rotaflow.ValidationError) as info:
        build()
    assert isinstance(info.value, ValueError)
    assert info.value.errors, "a ValidationError lists its issues"
    for issue in info.value.errors:
        assert isinstance(issue, rotaflow.Issue)
        assert issue.code in rotaflow.ISSUE_CODES and issue.message
    return [(i.pointer, i.code) for i in info.value.errors]


def from_frames(**changes: Any) -> Callable[[], Any]:
    return lambda: rotaflow.Problem.from_frames(**frames(**changes))


def test_valid_frames_solve() -> None:
    roster = rotaflow.solve(rotaflow.Problem.from_frames(**frames()))
    assert roster.status == "optimal" and len(roster.assignments) == 2


# (code, how to reach it, the pointer expected). Frames wherever the code can come from
# a frame; the document-level codes from a dict or JSON text.
CASES: List[Tuple[str, Callable[[], Any], str]] = [
    ("missing_field", from_frames(shifts=shifts().drop(columns=["role"])), "/shifts"),
    ("missing_field", from_frames(shifts=shifts(site=["P1", np.nan])), "/shifts/1/site"),
    ("unknown_field", from_frames(shifts=shifts(colour=["red", "blue"])), "/shifts"),
    ("invalid_type", from_frames(shifts=shifts(headcount=["one", "two"])),
     "/shifts/0/headcount"),
    ("invalid_type", from_frames(shifts=shifts(headcount=[1.5, 1])), "/shifts/0/headcount"),
    ("invalid_value", lambda: rotaflow.solve(rotaflow.Problem.from_frames(**frames()),
                                             method="simplex"),  # type: ignore[arg-type]
     "/method"),
    ("unknown_site", from_frames(shifts=shifts(site=["P1", "P9"])), "/shifts/1/site"),
    ("unknown_clinician", from_frames(availability=pd.DataFrame({
        "clinician": ["Z"], "start": ["2026-12-07T08:00"], "end": ["2026-12-07T18:00"]})),
     "/availability/0/clinician"),
    ("unknown_shift", from_frames(pinned=pd.DataFrame({"shift": ["S9"], "clinician": ["A"]})),
     "/pinned/0/shift"),
    ("empty_id", from_frames(sites=pd.DataFrame({"id": ["P1", "P2", ""]})), "/sites/2/id"),
    ("duplicate_id", from_frames(clinicians=pd.DataFrame({"id": ["A", "A"], "roles": ["gp"] * 2})),
     "/clinicians/1/id"),
    ("invalid_timezone", lambda: rotaflow.Problem.from_frames(**frames(), timezone="Mars/Base"),
     "/timezone"),
    ("invalid_time", from_frames(shifts=shifts(start=["2026-12-07T08:30", "tea time"])),
     "/shifts/1/start"),
    ("invalid_date", from_frames(preferences=pd.DataFrame({
        "clinician": ["A"], "day": ["Monday"], "weight": [1]})),
     "/clinicians/0/preferences/0/day"),
    ("end_not_after_start", from_frames(shifts=shifts(end=["2026-12-07T08:30",
                                                           "2026-12-07T17:30"])),
     "/shifts/0/end"),
    ("shift_outside_horizon", lambda: rotaflow.Problem.from_frames(
        **frames(), horizon={"start": "2026-12-08", "end": "2026-12-09"}), "/shifts/0/start"),
    ("negative_value", from_frames(shifts=shifts(headcount=[-1, 1])), "/shifts/0/headcount"),
    ("non_finite_number", from_frames(clinicians=clinicians(rate_per_hour=[np.inf, 80.0])),
     "/clinicians/0/rate_per_hour"),
    ("invalid_coordinates", from_frames(sites=pd.DataFrame({"id": ["P1", "P2"],
                                                            "lat": [95.0, 53.0],
                                                            "lon": [0.0, 0.0]})),
     "/sites/0/lat"),
    ("unknown_distance", from_frames(clinicians=clinicians(max_travel_km=[10.0, np.nan])),
     "/clinicians/0/max_travel_km"),
    ("empty_preference", from_frames(preferences=pd.DataFrame({"clinician": ["A"],
                                                               "weight": [1]})),
     "/clinicians/0/preferences/0"),
    ("duplicate_pair", from_frames(previous=pd.DataFrame({"shift": ["S1", "S1"],
                                                          "clinician": ["A", "A"]})),
     "/previous/1"),
    ("min_above_max", from_frames(clinicians=clinicians(min_shifts=[3, 0], max_shifts=[2, 1])),
     "/clinicians/0/limits/min_shifts"),
    ("pin_not_eligible", from_frames(pinned=pd.DataFrame({"shift": ["S2"],
                                                          "clinician": ["A"]})),
     "/pinned/0"),
    ("pin_conflict", from_frames(pinned=pd.DataFrame({"shift": ["S1", "S1"],
                                                      "clinician": ["A", "B"]})),
     "/pinned"),
    ("invalid_json", lambda: rotaflow.Problem('{"sites": [,]}'), ""),
    ("invalid_utf8", lambda: rotaflow.Problem(b'{"sites": [{"id": "\xe9"}]}'), ""),
    ("duplicate_key", lambda: rotaflow.Problem('{"sites": [], "sites": []}'), "/sites"),
    ("unsupported_version", lambda: rotaflow.Problem({"version": 2}), "/version"),
]


@pytest.mark.parametrize("code,build,pointer", CASES, ids=[c[0] for c in CASES])
def test_code_is_reachable(code: str, build: Callable[[], Any], pointer: str) -> None:
    found = codes_of(build)
    assert code in [c for _, c in found], found
    assert any(p.startswith(pointer) for p, c in found if c == code), found


def test_every_code_is_covered() -> None:
    assert {c[0] for c in CASES} == set(rotaflow.ISSUE_CODES)


def test_every_problem_is_reported_at_once() -> None:
    found = codes_of(from_frames(
        shifts=shifts(site=["P9", "P1"], start=["2026-12-07T08:30", "nope"]),
        clinicians=clinicians(rate_per_hour=[-1.0, np.nan], colour=["r", "g"])))
    assert ("/shifts/0/site", "unknown_site") in found
    assert ("/shifts/1/start", "invalid_time") in found
    assert ("/clinicians", "unknown_field") in found


def test_validate_returns_issues_instead_of_raising() -> None:
    assert rotaflow.validate(rotaflow.Problem.from_frames(**frames())) == []
    issues = rotaflow.validate({"sites": [{"id": "P1"}, {"id": "P1"}]})
    assert [(i.pointer, i.code) for i in issues] == [("/sites/1/id", "duplicate_id")]
    assert rotaflow.validate("{") [0].code == "invalid_json"


def test_nan_in_a_dict_is_reported_not_dropped() -> None:
    found = codes_of(lambda: rotaflow.Problem({"weights": {"cost": float("nan")}}))
    assert found == [("/weights/cost", "non_finite_number")]


def test_solver_errors() -> None:
    # A rule the flow cannot represent (hours on sessions of unequal length).
    doc = {
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"max_hours": 5}}],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00",
             "end": "2026-12-07T12:00"},
            {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-07T13:00",
             "end": "2026-12-07T15:00"},
        ],
    }
    with pytest.raises(rotaflow.SolverError) as info:
        rotaflow.solve(doc, method="flow")
    assert info.value.kind == "not_flow_representable"
    assert info.value.obstacles[0].rule == "max_hours"
    assert info.value.obstacles[0].clinician == "A"
    assert isinstance(info.value, rotaflow.RotaflowError)
    # `mip` (and `auto` on this problem) need the MIP solver: a roster once it is built,
    # a SolverError naming the reason before.
    for method in ("mip", "auto"):
        try:
            roster = rotaflow.solve(doc, method=method)  # type: ignore[arg-type]
        except rotaflow.SolverError as e:
            assert e.kind in ("method_unavailable", "not_flow_representable")
        else:
            assert roster.method == "mip" and roster.status in ("optimal", "feasible")


def test_bad_options_are_validation_errors() -> None:
    p = rotaflow.Problem({"sites": [{"id": "P1"}]})
    found = codes_of(lambda: rotaflow.solve(p, time_limit=-1, threads=-2))
    assert ("/time_limit_s", "invalid_value") in found
    assert ("/threads", "invalid_type") in found
    found = codes_of(lambda: rotaflow.solve(p, mip_gap=float("nan")))
    assert found == [("/mip_gap", "non_finite_number")]


def test_not_a_problem_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        rotaflow.Problem(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rotaflow.Problem.from_frames(sites=[1, 2], clinicians=None, shifts=None)
    with pytest.raises(FileNotFoundError):
        rotaflow.solve("/no/such/problem.json")


def test_no_panic_exception_reaches_python() -> None:
    for detach in (False, True):
        with pytest.raises(rotaflow.RotaflowError) as info:
            rotaflow._rotaflow._panic_for_tests(detach)
        assert "panic" in str(info.value)
        assert type(info.value).__name__ == "RotaflowError"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "sites", "shifts", "clinicians", "roles", "start", "end",
                         "site", "role", "weights", "limits", "x", "headcount"]),
        inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(json_values)
def test_garbage_in_gives_errors_not_panics(doc: Any) -> None:
    try:
        rotaflow.solve(doc if isinstance(doc, dict) else {"shifts": doc})
    except (rotaflow.RotaflowError, TypeError):
        pass
    try:
        rotaflow.Problem.from_json(json.dumps(doc))
    except (rotaflow.RotaflowError, ValueError):
        pass


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(), st.integers(-5, 5), st.text(max_size=3),
                          st.lists(st.text(max_size=2), max_size=2)),
                min_size=2, max_size=2),
       st.sampled_from(["id", "site", "start", "headcount", "skills", "unfilled_penalty"]))
def test_garbage_frames_give_errors_not_panics(column: List[Any], name: str) -> None:
    s = shifts()
    s[name] = pd.Series(column, dtype=object)
    try:
        rotaflow.solve(rotaflow.Problem.from_frames(**frames(shifts=s)))
    except rotaflow.RotaflowError:
        pass


def test_decompose_is_reachable_and_agrees_with_the_mip() -> None:
    # A 4-hour cap makes the problem not flow-representable; decompose prices it exactly.
    doc = {
        "sites": [{"id": "P1"}],
        "clinicians": [
            {"id": "A", "roles": ["gp"], "rate_per_hour": 10, "limits": {"max_hours": 4}},
            {"id": "B", "roles": ["gp"], "rate_per_hour": 30},
        ],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp", "start": "2026-12-07T08:00",
             "end": "2026-12-07T11:00"},
            {"id": "S2", "site": "P1", "role": "gp", "start": "2026-12-07T13:00",
             "end": "2026-12-07T15:00"},
        ],
    }
    dec = rotaflow.solve(doc, method="decompose")
    mip = rotaflow.solve(doc, method="mip")
    assert dec.method == "decompose" and dec.status == "optimal"
    assert dec.objective == mip.objective == 90.0
