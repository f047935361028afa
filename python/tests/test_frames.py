"""DataFrames in: the same problem as the equivalent dict, from pandas or polars, with
times as strings, naive or aware datetimes; tidy frames out."""

from __future__ import annotations

from typing import Any, Dict

import numpy as np
import pandas as pd
import polars as pl
import pytest

import rotaflow

from helpers import to_frames


@pytest.mark.parametrize("lib", ["pandas", "polars"])
@pytest.mark.parametrize("times", ["str", "naive", "aware"])
def test_frames_equal_the_dict(week: Dict[str, Any], lib: str, times: str) -> None:
    from_frames = rotaflow.Problem.from_frames(**to_frames(week, lib=lib, times=times))
    assert from_frames.to_json() == rotaflow.Problem(week).to_json()


def test_example_frames_equal_the_dict(small: Dict[str, Any]) -> None:
    # The example has travel_km, previous, pins, preferences by day, max_per_kind …
    for lib in ("pandas", "polars"):
        got = rotaflow.Problem.from_frames(**to_frames(small, lib=lib))
        assert got == rotaflow.Problem(small)


def test_mappings_of_columns_are_frames_too() -> None:
    p = rotaflow.Problem.from_frames(
        sites={"id": ["P1"]},
        clinicians={"id": ["A", "B"], "roles": ["gp", "gp;anp"], "rate_per_hour": [90, 80]},
        shifts={"id": ["S1"], "site": ["P1"], "role": ["anp"],
                "start": ["2026-12-07T08:30"], "end": ["2026-12-07T12:30"]},
    )
    assert p.to_dict()["clinicians"][1]["roles"] == ["gp", "anp"]
    assert rotaflow.solve(p).assignments == [{"shift": "S1", "clinician": "B"}]


def test_lists_and_semicolon_strings_and_missing_values() -> None:
    clinicians = pd.DataFrame({
        "id": ["A", "B", "C"],
        "roles": [["gp"], "gp; anp", "anp"],
        "skills": [None, "coil_fitting;", np.nan],
        "target_shifts": [2, None, 3],          # float column with NaN → ints
        "max_shifts": pd.array([4, pd.NA, 1], dtype="Int64"),
        "home_lat": [53.4, np.nan, 53.5],
        "home_lon": [-2.2, np.nan, -2.3],
    })
    p = rotaflow.Problem.from_frames(
        sites=pd.DataFrame({"id": ["P1"], "name": ["Riverside"]}),
        clinicians=clinicians,
        shifts=pd.DataFrame({"id": ["S1"], "site": ["P1"], "role": ["gp"],
                             "start": ["2026-12-07T08:30"], "end": ["2026-12-07T12:30"]}),
    ).to_dict()
    a, b, c = p["clinicians"]
    assert a["roles"] == ["gp"] and "skills" not in a and a["target_shifts"] == 2
    assert a["limits"] == {"max_shifts": 4} and a["home"] == {"lat": 53.4, "lon": -2.2}
    assert b["roles"] == ["gp", "anp"] and b["skills"] == ["coil_fitting"]
    assert "target_shifts" not in b and "limits" not in b and "home" not in b
    assert c["limits"] == {"max_shifts": 1} and "skills" not in c


def test_naive_times_are_civil_and_aware_times_are_instants() -> None:
    base = dict(
        sites=pd.DataFrame({"id": ["P1"]}),
        clinicians=pd.DataFrame({"id": ["A"], "roles": ["gp"]}),
    )
    # 2026-10-25 01:30 happens twice in London: both instants keep their offsets.
    start = pd.to_datetime(["2026-10-25T00:30:00+00:00", "2026-10-25T01:30:00+00:00",
                            "2026-12-07T08:30:00+00:00"], utc=True).tz_convert("Europe/London")
    shifts = pd.DataFrame({"id": ["S1", "S2", "S3"], "site": "P1", "role": "gp",
                           "start": start, "end": start + pd.Timedelta(hours=1)})
    got = rotaflow.Problem.from_frames(shifts=shifts, **base).to_dict()["shifts"]
    assert [s["start"] for s in got] == [
        "2026-10-25T01:30:00+01:00", "2026-10-25T01:30:00+00:00", "2026-12-07T08:30"]
    naive = shifts.assign(start=start.tz_localize(None), end=start.tz_localize(None)
                          + pd.Timedelta(minutes=90, seconds=5))
    got = rotaflow.Problem.from_frames(shifts=naive, **base).to_dict()["shifts"]
    assert got[2]["start"] == "2026-12-07T08:30" and got[2]["end"] == "2026-12-07T10:00:05"
    # numpy datetime64 and polars datetimes read the same.
    def aware(col: str) -> pl.Series:
        utc = shifts[col].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
        return pl.Series(col, utc).dt.replace_time_zone("UTC").dt.convert_time_zone(
            "Europe/London")

    pol = pl.DataFrame({"id": ["S1", "S2", "S3"], "site": ["P1"] * 3, "role": ["gp"] * 3,
                        "start": aware("start"), "end": aware("end")})
    assert rotaflow.Problem.from_frames(shifts=pol, **base) == \
        rotaflow.Problem.from_frames(shifts=shifts, **base)


def test_preference_days_from_dates() -> None:
    p = rotaflow.Problem.from_frames(
        sites=pd.DataFrame({"id": ["P1"]}),
        clinicians=pd.DataFrame({"id": ["A"], "roles": ["gp"]}),
        shifts=pd.DataFrame({"id": ["S1"], "site": ["P1"], "role": ["gp"],
                             "start": ["2026-12-07T08:30"], "end": ["2026-12-07T12:30"]}),
        preferences=pd.DataFrame({"clinician": ["A"], "day": pd.to_datetime(["2026-12-07"]),
                                  "weight": [2]}),
    )
    assert p.to_dict()["clinicians"][0]["preferences"] == [{"day": "2026-12-07", "weight": 2.0}]


def test_roster_frames(week: Dict[str, Any]) -> None:
    problem = rotaflow.Problem(week)
    roster = rotaflow.solve(problem)
    a = roster.to_pandas()
    assert list(a.columns) == ["shift", "clinician", "clinician_name", "site", "site_name",
                               "role", "kind", "start", "end", "hours", "day"]
    assert len(a) == len(roster.assignments)
    assert str(a["start"].dt.tz) == "Europe/London"
    shifts = {s["id"]: s for s in week["shifts"]}
    for row in a.head(20).itertuples():
        s = shifts[row.shift]
        assert row.site == s["site"] and row.role == s["role"]
        assert row.start.strftime("%Y-%m-%dT%H:%M") == s["start"]
        assert row.hours == pytest.approx((row.end - row.start).total_seconds() / 3600)
    u = roster.to_pandas("unfilled")
    assert list(u["shift"]) == [x["shift"] for x in roster.unfilled]
    assert (u["missing"] > 0).all()
    c = roster.to_pandas("clinicians")
    assert c["shifts"].sum() == len(roster.assignments)
    pol = roster.to_polars()
    assert pol.columns == list(a.columns)
    assert pol["shift"].to_list() == list(a["shift"])
    assert pol["start"].dtype == pl.Datetime("us", "Europe/London")
    assert [t.isoformat() for t in pol["start"].to_list()[:10]] == \
        [t.isoformat() for t in a["start"].head(10)]
    assert roster.to_polars("clinicians").height == len(week["clinicians"])


def test_roster_without_problem_has_the_bare_columns(week: Dict[str, Any]) -> None:
    roster = rotaflow.Roster(rotaflow.solve(week).to_json())
    assert list(roster.to_pandas().columns) == ["shift", "clinician"]
    with pytest.raises(ValueError):
        roster.to_pandas("nope")  # type: ignore[arg-type]


@pytest.mark.parametrize("lib", ["pandas", "polars", "mapping"])
def test_string_columns_with_gaps_and_odd_characters(lib: str) -> None:
    names = ["Riverside", None, "Nul\x00Surgery", "Ünïcødé ~/"]
    ids = ["P1", "P2", "P3", "P/4"]
    if lib == "pandas":
        sites: Any = pd.DataFrame({"id": ids, "name": pd.Series(names, dtype="str")})
    elif lib == "polars":
        sites = pl.DataFrame({"id": ids, "name": names})
    else:
        sites = {"id": ids, "name": names}
    p = rotaflow.Problem.from_frames(
        sites=sites, clinicians={"id": [], "roles": []}, shifts={"id": []})
    got = p.to_dict()["sites"]
    assert [s.get("name") for s in got] == names
    assert [s["id"] for s in got] == ids
