"""The examples run end to end: CSV files to a roster, a pivot and a timeline PNG; and
every example problem document reads, solves and keeps every rule."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import rotaflow

from helpers import REPO

EXAMPLE = REPO / "python" / "examples" / "week_from_csv.py"


def test_week_from_csv(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    png = tmp_path / "roster.png"
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--png", str(png)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "optimal" in done.stdout
    assert "Dr Amara Okafor" in done.stdout  # the pivot's rows are clinicians
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("path", sorted((REPO / "examples").glob("*.json")),
                         ids=lambda p: p.name)
def test_every_example_document_reads_and_solves(path: Path) -> None:
    problem = rotaflow.Problem.from_file(path)
    roster = rotaflow.solve(problem)
    assert roster.status in ("optimal", "feasible")
    assert rotaflow.score(problem, roster.assignments)["breaches"] == []


def test_the_credentials_example_is_among_them_and_validates() -> None:
    names = {p.name for p in (REPO / "examples").glob("*.json")}
    assert {"small.json", "rules.json", "credentials.json"} <= names
    assert rotaflow.validate(REPO / "examples" / "credentials.json") == []
