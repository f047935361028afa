"""Solves on a Dask cluster (``rotaflow.solve(problem, client=...)``): the parts the core
solves apart are tasks on the workers and their merge is the local roster, byte for byte;
a problem solved whole is one task; errors raised on a worker arrive intact."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

import rotaflow
from rotaflow import _rotaflow

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator["distributed.Client"]:
    """Two worker processes, one thread each, on this machine."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as c:
        yield c


def test_regions_solved_as_tasks_merge_into_the_local_roster(client: "distributed.Client") -> None:
    # Four regions, above a million eligible pairs: the core solves their parts apart.
    week = rotaflow.generate(clinicians=4400, sites=480, regions=4)
    parts = _rotaflow.solve_part_count(week._native, {})
    assert parts > 1
    local = rotaflow.solve(week)
    with distributed.get_task_stream(client) as stream:
        remote = rotaflow.solve(week, client=client)
    assert remote.to_json() == local.to_json()
    assert remote.status == "optimal"
    # One task per part, run on the workers.
    ran = [t for t in stream.data if "rotaflow-part" in str(t["key"])]
    assert len(ran) == parts
    assert all(t["worker"] for t in ran)


def test_a_problem_solved_whole_is_one_task(client: "distributed.Client") -> None:
    week = rotaflow.generate(clinicians=60, sites=8, days=3)
    assert _rotaflow.solve_part_count(week._native, {}) == 1
    assert rotaflow.solve(week, client=client).to_json() == rotaflow.solve(week).to_json()


def test_errors_raised_on_a_worker_arrive_whole(client: "distributed.Client") -> None:
    week = {
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"min_rest_hours": 11}}],
        "shifts": [
            {"id": "S1", "site": "P1", "role": "gp",
             "start": "2026-12-07T18:00", "end": "2026-12-07T22:00"},
            {"id": "S2", "site": "P1", "role": "gp",
             "start": "2026-12-08T06:00", "end": "2026-12-08T10:00"},
        ],
    }
    with pytest.raises(rotaflow.SolverError) as raised:
        rotaflow.solve(week, method="flow", client=client)
    assert raised.value.kind == "not_flow_representable"
    assert raised.value.obstacles and raised.value.obstacles[0].rule == "min_rest_hours"
    # Options are checked here, before anything is sent.
    with pytest.raises(rotaflow.ValidationError, match="keyword argument `time_limit`"):
        rotaflow.solve(week, time_limit=-1, client=client)


def test_the_cluster_example_runs_and_is_the_docs_example(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    import subprocess
    import sys


    example = Path(__file__).resolve().parents[1] / "examples" / "cluster.py"
    done = subprocess.run(
        [sys.executable, str(example)], cwd=tmp_path, capture_output=True, text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["name", "status", "fill_rate", "pay"]
    assert lines[1].split()[0] == "base" and lines[2].startswith("10% off sick")
    assert lines[3].startswith("optimal ") and lines[3].endswith(" assignments")
    # docs/python.md, "On a cluster", shows this file's code.
    docs = (example.parents[2] / "docs" / "python.md").read_text(encoding="utf-8")
    section = docs.split("\n## On a cluster\n", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    assert code.split("import rotaflow\n", 1)[1] in example.read_text(encoding="utf-8")
