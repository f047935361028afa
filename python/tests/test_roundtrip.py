"""Round trips: dict ↔ Problem ↔ JSON, read exactly as the Rust core reads them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Dict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rotaflow

from helpers import SMALL


def test_dict_json_and_file_readings_agree(small: Dict[str, Any]) -> None:
    a = rotaflow.Problem(small)
    b = rotaflow.Problem.from_json(SMALL.read_text())
    c = rotaflow.Problem(SMALL)
    d = rotaflow.Problem(str(SMALL))
    assert a == b == c == d
    assert a.to_json() == b.to_json()
    assert rotaflow.Problem(a.to_dict()) == a
    assert rotaflow.Problem(a.to_json()) == a


def test_to_json_is_the_cores_writer(cli: Path, tmp_path: Path) -> None:
    # `rotaflow generate` writes the core's Problem::to_json; reading it back in Python
    # and writing it again gives the same bytes.
    out = tmp_path / "gen.json"
    subprocess.run(
        [str(cli), "generate", "--clinicians", "60", "--sites", "8", "--days", "7",
         "--seed", "5", "-o", str(out)],
        check=True, capture_output=True,
    )
    text = out.read_text()
    assert rotaflow.Problem.from_json(text).to_json() == text
    assert rotaflow.Problem(json.loads(text)).to_json() == text
    assert rotaflow.generate(clinicians=60, sites=8, days=7, seed=5).to_json() == text


def test_defaults_are_filled_as_the_core_fills_them() -> None:
    p = rotaflow.Problem({"sites": [{"id": "P1"}]}).to_dict()
    assert p["version"] == 1
    assert p["weights"]["unfilled"] == 1000
    assert p["solver"]["method"] == "auto"


ids = st.text("ABCS0123", min_size=0, max_size=3)
times = st.sampled_from(
    ["2026-12-07T08:00", "2026-12-07T12:00", "2026-12-08T09:30", "2026-12-07T25:00",
     "2026-12-07T08:00:00+01:00", "not a time", "2026-03-29T01:30"]
)
numbers = st.one_of(
    st.integers(-3, 5), st.floats(-10, 100, allow_nan=False, allow_infinity=False)
)
site = st.fixed_dictionaries(
    {"id": ids}, optional={"name": st.text(max_size=5), "lat": numbers, "lon": numbers}
)
clinician = st.fixed_dictionaries(
    {"id": ids, "roles": st.lists(st.sampled_from(["gp", "anp"]), max_size=2)},
    optional={
        "rate_per_hour": numbers,
        "target_shifts": st.integers(-1, 4),
        "limits": st.fixed_dictionaries({}, optional={
            "max_shifts": st.integers(-1, 4), "min_shifts": st.integers(0, 4),
            "max_hours": numbers, "max_per_kind": st.dictionaries(ids, st.integers(0, 3))}),
        "availability": st.lists(st.fixed_dictionaries({"start": times, "end": times}),
                                 max_size=2),
        "preferences": st.lists(st.fixed_dictionaries(
            {"weight": numbers}, optional={"site": ids, "kind": ids}), max_size=2),
        "colour": st.just("red"),
    },
)
shift = st.fixed_dictionaries(
    {"id": ids, "site": ids, "start": times, "end": times,
     "role": st.sampled_from(["gp", "anp"])},
    optional={"headcount": st.one_of(st.integers(-1, 3), st.just(1.0)),
              "unfilled_penalty": numbers, "kind": ids,
              "skills": st.lists(ids, max_size=2)},
)
documents = st.fixed_dictionaries(
    {"sites": st.lists(site, max_size=3), "clinicians": st.lists(clinician, max_size=3),
     "shifts": st.lists(shift, max_size=4)},
    optional={
        "timezone": st.sampled_from(["Europe/London", "UTC", "Mars/Olympus"]),
        "weights": st.fixed_dictionaries({}, optional={"cost": numbers,
                                                        "fairness": numbers}),
        "pinned": st.lists(st.fixed_dictionaries({"shift": ids, "clinician": ids}),
                           max_size=2),
        "version": st.integers(0, 2),
    },
)


def reading(read: Any) -> Any:
    try:
        return ("ok", read().to_json())
    except rotaflow.ValidationError as e:
        return ("invalid", e.errors)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents)
def test_dict_reading_equals_json_reading(doc: Dict[str, Any]) -> None:
    """Reading a dict gives exactly what the core's JSON reader gives for the same
    document: the same problem, or the same list of issues."""
    from_dict = reading(lambda: rotaflow.Problem.from_dict(doc))
    from_text = reading(lambda: rotaflow.Problem.from_json(json.dumps(doc)))
    assert from_dict == from_text
    if from_dict[0] == "ok":
        again = rotaflow.Problem.from_json(from_dict[1])
        assert again.to_json() == from_dict[1]
        assert rotaflow.Problem(again.to_dict()).to_json() == from_dict[1]
        assert rotaflow.validate(doc) == []
    else:
        assert rotaflow.validate(doc) == from_dict[1]
