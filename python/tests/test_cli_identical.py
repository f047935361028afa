"""A roster from Python is the `rotaflow solve` command's roster, byte for byte."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

import rotaflow

from helpers import SMALL, solve_with_cli, to_frames


def test_example_roster_is_byte_identical(cli: Path, tmp_path: Path) -> None:
    expected = solve_with_cli(cli, SMALL.read_text(), tmp_path)
    assert rotaflow.solve(SMALL).to_json().encode() == expected
    assert rotaflow.solve(str(SMALL)).to_json().encode() == expected
    assert rotaflow.solve(SMALL.read_text()).to_json().encode() == expected


@pytest.mark.parametrize("seed", [0, 1])
def test_generated_roster_is_byte_identical(cli: Path, tmp_path: Path, seed: int) -> None:
    problem = rotaflow.generate(clinicians=150, sites=20, seed=seed)
    expected = solve_with_cli(cli, problem.to_json(), tmp_path)
    assert rotaflow.solve(problem).to_json().encode() == expected
    assert rotaflow.solve(problem.to_dict()).to_json().encode() == expected


def test_roster_from_frames_is_byte_identical(
    cli: Path, tmp_path: Path, week: Dict[str, Any]
) -> None:
    problem = rotaflow.Problem.from_frames(**to_frames(week, times="aware"))
    expected = solve_with_cli(cli, problem.to_json(), tmp_path)
    assert rotaflow.solve(problem).to_json().encode() == expected
    # And the same as solving the document the frames came from.
    assert solve_with_cli(cli, rotaflow.Problem(week).to_json(), tmp_path) == expected
