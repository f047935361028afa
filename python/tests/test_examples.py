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


SWEEP = REPO / "python" / "examples" / "sweep.py"


def test_the_sweep_example_runs_and_is_the_docs_example(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    done = subprocess.run(
        [sys.executable, str(SWEEP)], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["name", "fill_rate", "pay", "unfilled_3000", "unfilled_1000",
                                "unfilled_400", "score_total"]
    assert [line.split()[0] for line in lines[1:4]] == ["base", "flu", "winter"]
    assert lines[4:] == ["typo: the scenario's changes are invalid (1 problem):",
                         "  /close_sites/0: no site has the id `P999` [unknown_site]"]
    page = (tmp_path / "sweep.html").read_text(encoding="utf-8")
    assert "4 scenarios · 3 solved · 1 failed" in page
    # docs/python.md, "Many scenarios", shows this file's code and its output.
    docs = (REPO / "docs" / "python.md").read_text(encoding="utf-8")
    section = docs.split("\n## Many scenarios\n", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    output = section.split("```text\n", 1)[1].split("```", 1)[0]
    assert code in SWEEP.read_text(encoding="utf-8")
    assert output == done.stdout
