"""Option values that once crashed the interpreter (issue 14): a thread count HiGHS
cannot build threw ``std::bad_alloc`` inside HiGHS and aborted Python, from a problem
document alone. Each is now a ValidationError (a ValueError) naming the keyword argument
or pointing at the problem's field."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

import rotaflow

from helpers import REPO

RULES: Dict[str, Any] = json.loads((REPO / "examples" / "rules.json").read_text())


def with_solver(**solver: Any) -> Dict[str, Any]:
    doc = dict(RULES)
    doc["solver"] = solver
    return doc


@pytest.mark.parametrize("n", [0, 257, 100_000, 2**32 - 1])
def test_a_thread_count_out_of_range_in_the_problem_is_refused_at_its_pointer(n: int) -> None:
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.Problem(with_solver(method="mip", threads=n))
    assert [(e.pointer, e.code) for e in info.value.errors] == [
        ("/solver/threads", "invalid_value")
    ]
    assert isinstance(info.value, ValueError)
    with pytest.raises(rotaflow.ValidationError):
        rotaflow.solve(with_solver(method="mip", threads=n))


@pytest.mark.parametrize("n", [0, 257, 100_000, 2**32 - 1, 2**32, 2**64])
def test_a_thread_count_out_of_range_names_the_keyword(n: int) -> None:
    with pytest.raises(ValueError) as info:
        rotaflow.solve(RULES, method="mip", threads=n)
    assert isinstance(info.value, rotaflow.ValidationError)
    assert "keyword argument `threads`" in str(info.value)
    assert [(e.pointer, e.code) for e in info.value.errors] == [("/threads", "invalid_value")]


@pytest.mark.parametrize(
    "keyword, value",
    [("time_limit", 0), ("time_limit", -1.0), ("time_limit", float("inf")),
     ("mip_gap", -1.0), ("mip_gap", float("inf"))],
)
def test_other_options_out_of_range_name_the_keyword(keyword: str, value: float) -> None:
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.solve(RULES, **{keyword: value})  # type: ignore[arg-type]
    assert f"keyword argument `{keyword}`" in str(info.value)


def test_the_operations_name_the_keyword_too() -> None:
    roster = rotaflow.solve(RULES, method="mip")
    shift = RULES["shifts"][0]["id"]
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.recommend(RULES, roster, shift, 2, method="mip", threads=100_000)
    assert "keyword argument `threads`" in str(info.value)
    someone = RULES["clinicians"][0]["id"]
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.replan(RULES, roster, cancel=[someone], time_limit=0)
    assert "keyword argument `time_limit`" in str(info.value)


def test_the_most_threads_allowed_solve_on_any_machine() -> None:
    roster = rotaflow.solve(RULES, method="mip", threads=256)
    assert roster.status in ("optimal", "feasible")
    roster = rotaflow.solve(with_solver(method="mip", threads=256))
    assert roster.status in ("optimal", "feasible")


@pytest.mark.parametrize("method", ["mip", "decompose"])
def test_a_model_above_the_memory_cap_is_refused_before_it_is_built(method: str) -> None:
    with pytest.raises(rotaflow.SolverError) as info:
        rotaflow.solve(RULES, method=method, memory_limit=1)  # type: ignore[arg-type]
    assert info.value.kind == "too_large"
    assert "would need about" in str(info.value) and "memory limit of 1 MB" in str(info.value)
    assert rotaflow.solve(RULES, method="mip", memory_limit=100_000).status == "optimal"


@pytest.mark.parametrize(
    "value, code",
    [(0, "invalid_value"), (-1.0, "invalid_value"),
     # JSON has no non-finite numbers: refused as it is converted, as for every option.
     (float("inf"), "non_finite_number"), (float("nan"), "non_finite_number")],
)
def test_a_memory_cap_out_of_range_names_the_keyword(value: float, code: str) -> None:
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.solve(RULES, memory_limit=value)
    assert "keyword argument `memory_limit`" in str(info.value)
    assert [(e.pointer, e.code) for e in info.value.errors] == [("/memory_limit_mb", code)]
