"""The example runs end to end: CSV files to a roster, a pivot and a timeline PNG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
