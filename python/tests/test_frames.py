"""DataFrames in: the same problem as the equivalent dict, from pandas or polars, with
times as strings, naive or aware datetimes; tidy frames out."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

import numpy as np
import pandas as pd
import polars as pl
import pytest

import rotaflow

from helpers import REPO, to_frames


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


# Schema revision 1.1: weekly limits, credentials, required_skills.

CREDENTIALS = REPO / "examples" / "credentials.json"


def _one_week(**frames: Any) -> rotaflow.Problem:
    base: Dict[str, Any] = dict(
        sites=pd.DataFrame({"id": ["P1"]}),
        clinicians=pd.DataFrame({"id": ["GP007"], "roles": ["gp"]}),
        shifts=pd.DataFrame({"id": ["S1", "S2"], "site": "P1", "role": "gp",
                             "start": ["2026-12-09T22:00", "2026-12-10T08:30"],
                             "end": ["2026-12-10T02:00", "2026-12-10T12:30"]}),
        timezone="America/New_York",
    )
    base.update(frames)
    return rotaflow.Problem.from_frames(**base)


@pytest.mark.parametrize("lib", ["pandas", "polars"])
def test_the_credentials_example_frames_equal_the_dict(lib: str) -> None:
    doc = json.loads(CREDENTIALS.read_text())
    frames = to_frames(doc, lib=lib)
    assert "credentials" in frames and "required_skills" in frames
    assert "max_shifts_per_week" in list(frames["clinicians"].columns)
    got = rotaflow.Problem.from_frames(**frames)
    assert got.to_json() == rotaflow.Problem(doc).to_json()


@pytest.mark.parametrize("spelling", ["max_shifts_per_week", "per_week.max_shifts",
                                      "limits.per_week.max_shifts"])
def test_weekly_limit_columns(spelling: str) -> None:
    clinicians = pd.DataFrame({
        "id": ["A", "B"], "roles": ["gp", "gp"],
        spelling: pd.array([3, pd.NA], dtype="Int64"),
        "max_hours_per_week": [24.5, np.nan],
        "min_shifts_per_week": [1, np.nan],
        "max_shifts": [6, 4],
    })
    p = _one_week(clinicians=clinicians).to_dict()
    a, b = p["clinicians"]
    assert a["limits"] == {"max_shifts": 6, "per_week": {
        "max_shifts": 3, "max_hours": 24.5, "min_shifts": 1}}
    assert b["limits"] == {"max_shifts": 4}


def test_weekly_limit_problems_point_into_the_clinician() -> None:
    clinicians = pd.DataFrame({"id": ["A"], "roles": ["gp"],
                               "max_shifts_per_week": [2], "min_shifts_per_week": [3],
                               "max_hours_per_week": [-1.0]})
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(clinicians=clinicians)
    got = [(i.pointer, i.code) for i in e.value.errors]
    assert got == [("/clinicians/0/limits/per_week/max_hours", "negative_value"),
                   ("/clinicians/0/limits/per_week/min_shifts", "min_above_max")]
    # Infinity is refused where the frame holds it; the column names are listed.
    clinicians = pd.DataFrame({"id": ["A"], "roles": ["gp"],
                               "max_hours_per_week": [float("inf")], "per_week.max_shift": [1]})
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(clinicians=clinicians)
    got = [(i.pointer, i.code) for i in e.value.errors]
    assert got == [("/clinicians", "unknown_field"),
                   ("/clinicians/0/limits/per_week/max_hours", "non_finite_number")]
    assert "max_shifts_per_week" in e.value.errors[0].message


@pytest.mark.parametrize("lib", ["pandas", "polars", "mapping"])
@pytest.mark.parametrize("dates", ["str", "datetime", "date"])
def test_credentials_frame(lib: str, dates: str) -> None:
    import datetime as dt

    def day(text: Optional[str]) -> Any:
        if text is None or dates == "str":
            return text
        d = dt.date.fromisoformat(text)
        return d if dates == "date" else dt.datetime(d.year, d.month, d.day)

    columns: Dict[str, Any] = {
        "clinician": ["GP007", "GP007", "GP007"],
        "name": ["indemnity", "indemnity", "dbs"],
        "valid_from": [day("2025-12-10"), day("2026-12-10"), None],
        "valid_until": [day("2026-12-09"), None, day("2027-03-17")],
    }
    if lib == "pandas":
        credentials: Any = pd.DataFrame(columns)
        if dates != "str":
            for col in ("valid_from", "valid_until"):
                credentials[col] = pd.to_datetime(credentials[col])
    elif lib == "polars":
        kind = {"str": pl.String, "datetime": pl.Datetime("us"), "date": pl.Date}[dates]
        credentials = pl.DataFrame(columns, schema_overrides={
            "valid_from": kind, "valid_until": kind})
    else:
        credentials = columns
    clinicians = pd.DataFrame({"id": ["GP007"], "roles": ["gp"], "skills": ["coil_fitting"]})
    p = _one_week(clinicians=clinicians, credentials=credentials,
                  required_skills={"gp": "indemnity; dbs"})
    doc = p.to_dict()
    assert doc["clinicians"][0]["skills"] == [
        "coil_fitting",
        {"name": "indemnity", "valid_from": "2025-12-10", "valid_until": "2026-12-09"},
        {"name": "indemnity", "valid_from": "2026-12-10"},
        {"name": "dbs", "valid_until": "2027-03-17"},
    ]
    assert doc["required_skills"] == {"gp": ["indemnity", "dbs"]}
    # The renewal keeps GP007 eligible on both days (the 22:00 session is on the 9th, in
    # New York): both sessions are filled.
    roster = rotaflow.solve(p)
    assert [a["shift"] for a in roster.assignments] == ["S1", "S2"]


def test_a_lapsed_credential_from_frames_is_explained() -> None:
    credentials = pd.DataFrame({"clinician": ["GP007"], "name": ["indemnity"],
                                "valid_until": pd.to_datetime(["2026-12-09"])})
    p = _one_week(credentials=credentials, required_skills={"gp": ["indemnity"]})
    roster = rotaflow.solve(p)
    # The late session starts on the 9th, local time; the morning one is on the 10th.
    assert [a["shift"] for a in roster.assignments] == ["S1"]
    why = rotaflow.explain(p, roster)["unfilled"][0]
    assert why["shift"] == "S2" and why["reason"] == "none_eligible"
    assert "(GP007's indemnity ends on 9 Dec 2026; the session is on 10 Dec 2026)" \
        in why["message"]


def test_credential_problems_point_at_the_frame_or_the_document() -> None:
    # A row naming no known clinician: the frame's own pointer.
    credentials = pd.DataFrame({"clinician": ["GP007", "GP999"], "name": ["dbs", "dbs"]})
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(credentials=credentials)
    assert [(i.pointer, i.code) for i in e.value.errors] == [
        ("/credentials/1/clinician", "unknown_clinician")]
    # No `name` column; an unknown column.
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(credentials=pd.DataFrame({"clinician": ["GP007"], "expires": ["2027-01-01"]}))
    assert sorted((i.pointer, i.code) for i in e.value.errors) == [
        ("/clinicians/0/skills/0/name", "missing_field"),
        ("/credentials", "missing_field"), ("/credentials", "unknown_field")]
    # Bad values: the core's pointers, into the clinician's skills.
    credentials = pd.DataFrame({"clinician": ["GP007", "GP007"], "name": ["", "dbs"],
                                "valid_from": ["2026-01-01", "2027-01-01"],
                                "valid_until": ["2026-13-01", "2026-12-31"]})
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(credentials=credentials)
    assert [(i.pointer, i.code) for i in e.value.errors] == [
        ("/clinicians/0/skills/0/name", "invalid_value"),
        ("/clinicians/0/skills/0/valid_until", "invalid_date"),
        ("/clinicians/0/skills/1/valid_until", "end_not_after_start"),
    ]


def test_required_skills_and_the_new_options_are_checked() -> None:
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(required_skills={"gp": ["dbs", ""], "": ["dbs"]},
                  weights={"pattern": -1.0}, solver={"pattern_weeks": 523})
    assert [(i.pointer, i.code) for i in e.value.errors] == [
        ("/required_skills/", "invalid_value"),
        ("/required_skills/gp/1", "invalid_value"),
        ("/solver/pattern_weeks", "invalid_value"),
        ("/weights/pattern", "negative_value"),
    ]
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(weights={"pattern": float("nan")})
    assert [(i.pointer, i.code) for i in e.value.errors] == [
        ("/weights/pattern", "non_finite_number")]
    p = _one_week(weights={"pattern": 5}, solver={"pattern_weeks": 2})
    assert p.to_dict()["weights"]["pattern"] == 5
    assert p.to_dict()["solver"]["pattern_weeks"] == 2


def test_the_credentials_frame_is_named() -> None:
    assert "credentials" in rotaflow.frame_names()


@pytest.mark.parametrize("lib", ["pandas", "polars"])
def test_the_history_frame_is_the_documents_history(lib: str) -> None:
    import datetime as dt
    rows = {"clinician": ["GP007", "GP007"], "site": ["P1", "P1"], "kind": ["AM", None],
            "date": [dt.date(2026, 11, 25), dt.date(2026, 12, 2)]}
    history = pd.DataFrame(rows) if lib == "pandas" else pl.DataFrame(rows)
    shifts = pd.DataFrame({"id": ["S1"], "site": "P1", "role": "gp", "kind": "AM",
                           "start": ["2026-12-09T08:30"], "end": ["2026-12-09T12:30"]})
    p = _one_week(shifts=shifts, history=history).to_dict()
    assert p["history"] == [
        {"clinician": "GP007", "site": "P1", "kind": "AM", "date": "2026-11-25"},
        {"clinician": "GP007", "site": "P1", "date": "2026-12-02"},
    ]
    assert "history" in rotaflow.frame_names()


def test_a_history_row_in_the_horizon_points_at_its_date() -> None:
    history = pd.DataFrame({"clinician": ["GP007"], "site": ["P1"],
                            "date": ["2026-12-09"]})
    with pytest.raises(rotaflow.ValidationError) as e:
        _one_week(history=history)
    assert [(i.pointer, i.code) for i in e.value.errors] == [
        ("/history/0/date", "invalid_value")]
