"""Shared fixtures: the example problem, a generated one, the CLI binary, and a helper
that turns a problem document into the DataFrames of ``Problem.from_frames``."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Dict

import pytest

import rotaflow

from helpers import REPO, SMALL

@pytest.fixture(scope="session")
def small() -> Dict[str, Any]:
    out: Dict[str, Any] = json.loads(SMALL.read_text())
    return out


@pytest.fixture(scope="session")
def week() -> Dict[str, Any]:
    """A generated week of 200 clinicians (flow-representable, a few unfilled)."""
    return rotaflow.generate(clinicians=200, sites=24, seed=3).to_dict()


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `rotaflow` command, built from crates/rotaflow-cli (or $ROTAFLOW_CLI)."""
    given = os.environ.get("ROTAFLOW_CLI")
    if given:
        return Path(given)
    out = subprocess.run(
        [
            "cargo",
            "build",
            "--quiet",
            "--release",
            "-p",
            "rotaflow-cli",
            "--message-format=json",
            "--manifest-path",
            str(REPO / "Cargo.toml"),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable"):
            if msg["target"]["name"] == "rotaflow":
                return Path(msg["executable"])
    raise RuntimeError("cargo built no rotaflow binary")
