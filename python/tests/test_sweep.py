"""rotaflow.sweep: each change kind against a hand-checked expectation, the scenario
reader's errors, the row and its columns, the frames, and the same numbers in threads,
on one or many workers, and on a Dask cluster that loses a worker mid-sweep."""

from __future__ import annotations

import copy
import doctest
import os
import random
import signal
import sys
import threading
import time
from typing import Any, Dict, Iterator, List

import pytest

import rotaflow
from rotaflow import _sweep

from helpers import PATTERN, REPO, SHORT

#: Two practices, four clinicians, six sessions, and every list that names a
#: clinician, a site or a shift: pins, a published roster, history, distances,
#: preferences, exclusions. S6 starts at 23:30 in New York on 8 December: 04:30 on the
#: 9th in London, the problem's zone, so its day is the 9th.
CLINIC: Dict[str, Any] = {
    "sites": [{"id": "P1"}, {"id": "P2"}],
    "clinicians": [
        {"id": "A", "roles": ["gp"], "rate_per_hour": 100},
        {"id": "B", "roles": ["gp"], "rate_per_hour": 90,
         "preferences": [{"site": "P2", "weight": 5}, {"kind": "AM", "weight": 1}]},
        {"id": "C", "roles": ["gp", "anp"], "rate_per_hour": 80, "rate_per_shift": 10,
         "excluded_sites": ["P2"]},
        {"id": "D", "roles": ["anp"], "rate_per_hour": 50,
         "preferences": [{"shift": "S4", "weight": 2}]},
    ],
    "shifts": [
        {"id": "S1", "site": "P1", "role": "gp", "kind": "AM", "headcount": 2,
         "preferred_clinicians": ["A", "B"], "excluded_clinicians": ["C"],
         "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
        {"id": "S2", "site": "P1", "role": "gp", "kind": "PM",
         "over_penalty": 10, "max_headcount": 1,
         "start": "2026-12-07T13:30", "end": "2026-12-07T17:30"},
        {"id": "S3", "site": "P2", "role": "gp", "kind": "AM", "unfilled_penalty": 500,
         "start": "2026-12-08T08:30", "end": "2026-12-08T12:30"},
        {"id": "S4", "site": "P2", "role": "anp", "kind": "PM",
         "start": "2026-12-08T13:30", "end": "2026-12-08T17:30"},
        {"id": "S5", "site": "P1", "role": "anp", "kind": "AM",
         "start": "2026-12-08T08:30:00Z", "end": "2026-12-08T12:30:00Z"},
        {"id": "S6", "site": "P1", "role": "gp", "kind": "N",
         "start": "2026-12-08T23:30:00-05:00", "end": "2026-12-09T03:30:00-05:00"},
    ],
    "pinned": [{"shift": "S2", "clinician": "A"}],
    "previous": [{"shift": "S1", "clinician": "B"}, {"shift": "S3", "clinician": "A"}],
    "history": [{"clinician": "A", "site": "P2", "kind": "AM", "date": "2026-11-30"}],
    "travel_km": [{"clinician": "A", "site": "P2", "km": 12},
                  {"clinician": "B", "site": "P1", "km": 3}],
    "weights": {"change": 50},
}


def one(scenario: Dict[str, Any], base: Any = CLINIC, **options: Any) -> Dict[str, Any]:
    """The row of one scenario, with its roster."""
    [row] = rotaflow.sweep(base, [scenario], rosters=True, frame=None, **options)
    return dict(row)


def changed(scenario: Dict[str, Any], base: Any = CLINIC) -> Dict[str, Any]:
    """The problem document a scenario solved."""
    row = one(scenario, base)
    assert row["error"] is None, row["error"]
    return row["roster"].problem.to_dict()


def by_id(entries: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    return {e["id"]: e for e in entries}


def numbers(rows: Any) -> List[Dict[str, Any]]:
    """Rows without what may differ between two runs of one sweep: the times and the
    rosters' identity (kept as their bytes)."""
    if hasattr(rows, "to_dict"):
        rows = rows.to_dict("records")
    out = []
    for row in rows:
        r = {k: v for k, v in row.items() if k != "time_s"}
        if r.get("roster") is not None:
            r["roster"] = r["roster"].to_json()
        out.append(r)
    return out


# --- The docstring and the types --------------------------------------------------------


def test_the_docstring_example_runs() -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(rotaflow.sweep, "sweep"):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted >= 5


def test_the_readers_and_the_row_follow_the_typed_keys() -> None:
    assert tuple(_sweep._SCENARIO_READERS) == tuple(rotaflow.Scenario.__annotations__)
    assert tuple(_sweep._DEMAND_READERS) == tuple(rotaflow.DemandChange.__annotations__)
    assert tuple(_sweep._RATE_READERS) == tuple(rotaflow.RateChange.__annotations__)
    assert rotaflow.Scenario.__required_keys__ == {"name"}
    score_keys = {k for k in rotaflow.SweepRow.__annotations__ if k.startswith("score_")}
    assert score_keys == {f"score_{t}" for t in rotaflow.Score.__annotations__}
    rows = rotaflow.sweep(PATTERN, [{"name": "p"}], rosters=True, frame=None)
    assert set(rows[0]) == set(rotaflow.SweepRow.__annotations__)
    for name in ("sweep", "Scenario", "DemandChange", "RateChange", "OpenSite", "SweepRow"):
        assert name in rotaflow.__all__


# --- The row ----------------------------------------------------------------------------


def test_a_scenario_without_changes_is_the_core_row_of_the_base() -> None:
    problem = rotaflow.Problem(CLINIC)
    roster = rotaflow.solve(problem)
    core = rotaflow.scenario_row("base", problem, roster)
    row = one({"name": "base"})
    assert row["roster"] == roster and row["roster"].problem == problem
    for key in _sweep._ROW_HEAD:
        assert row[key] == core.get(key), key
    assert row["unfilled_by_priority"] == core.get("unfilled_by_priority", [])
    for term, value in core["score"].items():
        assert row[f"score_{term}"] == value
    assert row["error"] is None and row["time_s"] > 0
    # One column per priority, most urgent first, named as the penalty is written.
    assert row["places_needed"] == 7


def test_priorities_are_columns_across_the_scenarios() -> None:
    base = dict(SHORT, shifts=[dict(s, unfilled_penalty=150.5) if s["id"] == "S4" else s
                               for s in SHORT["shifts"]])
    rows = rotaflow.sweep(base, [
        {"name": "base"},
        {"name": "rush", "demand": [{"scale": 2}]},
    ], frame=None)
    columns = [k for k in rows[1] if k.startswith("unfilled_") and k != "unfilled_by_priority"]
    assert columns == ["unfilled_1000", "unfilled_150.5"]
    assert (rows[0]["unfilled_1000"], rows[0]["unfilled_150.5"]) == (0, 1)
    # Every place doubled: S1, S2 and S4 overlap, so the three GPs fill three of their
    # six places (S1's and S2's, the urgent ones) and both of S3's.
    assert rows[1]["places_needed"] == 8 and rows[1]["places_filled"] == 5
    assert (rows[1]["unfilled_1000"], rows[1]["unfilled_150.5"]) == (1, 2)
    assert rows[1]["unfilled_by_priority"] == [{"penalty": 1000.0, "places": 1},
                                               {"penalty": 150.5, "places": 2}]
    assert "score_pattern" not in rows[0]
    [patterned] = rotaflow.sweep(PATTERN, [{"name": "p"}], frame=None)
    assert patterned["score_pattern"] == 15.0


# --- Each change ------------------------------------------------------------------------


def test_drop_clinicians_removes_them_and_everything_naming_them() -> None:
    doc = changed({"name": "no A", "drop_clinicians": ["A"]})
    assert list(by_id(doc["clinicians"])) == ["B", "C", "D"]
    assert doc.get("pinned", []) == []
    assert doc["previous"] == [{"shift": "S1", "clinician": "B"}]
    assert doc.get("history", []) == []
    assert doc["travel_km"] == [{"clinician": "B", "site": "P1", "km": 3.0}]
    s1 = by_id(doc["shifts"])["S1"]
    assert s1["preferred_clinicians"] == ["B"] and s1["excluded_clinicians"] == ["C"]
    doc = changed({"name": "no C", "drop_clinicians": ["C"]})
    assert by_id(doc["shifts"])["S1"].get("excluded_clinicians", []) == []


def test_an_unknown_clinician_is_the_error_of_its_scenario() -> None:
    rows = rotaflow.sweep(CLINIC, [
        {"name": "ok", "drop_clinicians": ["B"]},
        {"name": "typo", "drop_clinicians": ["B", "Z", "Y"]},
    ], frame=None)
    assert rows[0]["error"] is None and rows[0]["status"] == "optimal"
    assert rows[1]["error"] == (
        "the scenario's changes are invalid (2 problems):\n"
        "  /drop_clinicians/1: no clinician has the id `Z` [unknown_clinician]\n"
        "  /drop_clinicians/2: no clinician has the id `Y` [unknown_clinician]"
    )
    assert rows[1]["status"] is None and rows[1]["score_total"] is None
    assert (rows[1]["places_needed"], rows[1]["fill_rate"], rows[1]["pay"]) == (0, 0.0, 0.0)


def test_drop_share_is_reproducible_and_drops_round_share_n() -> None:
    base = rotaflow.generate(clinicians=60, sites=6, days=3, seed=2)
    ids = sorted(c["id"] for c in base.to_dict()["clinicians"])
    rows = rotaflow.sweep(base, [
        {"name": "a", "drop_share": 0.25, "seed": 7},
        {"name": "b", "drop_share": 0.25, "seed": 7},
        {"name": "c", "drop_share": 0.25, "seed": 8},
        {"name": "d", "drop_share": 0.1},
    ], rosters=True, frame=None)
    kept = [{c["id"] for c in r["roster"].problem.to_dict()["clinicians"]} for r in rows]
    assert kept[0] == set(ids) - set(random.Random(7).sample(ids, 15))
    assert kept[1] == kept[0] and kept[2] != kept[0]
    assert kept[3] == set(ids) - set(random.Random(0).sample(ids, 6))  # seed 0, round(6.0)
    assert numbers([dict(rows[0], name="b")]) == numbers([rows[1]])
    # After drop_clinicians: the share is of the clinicians left.
    doc = changed({"name": "e", "drop_clinicians": ids[:10], "drop_share": 0.5, "seed": 1},
                  base)
    assert len(doc["clinicians"]) == 25


def test_close_sites_removes_their_shifts_and_everything_naming_them() -> None:
    doc = changed({"name": "P2 shut", "close_sites": ["P2"]})
    assert list(by_id(doc["sites"])) == ["P1"]
    assert list(by_id(doc["shifts"])) == ["S1", "S2", "S5", "S6"]
    assert doc["previous"] == [{"shift": "S1", "clinician": "B"}]
    assert doc["pinned"] == [{"shift": "S2", "clinician": "A"}]
    assert doc.get("history", []) == []
    assert doc["travel_km"] == [{"clinician": "B", "site": "P1", "km": 3.0}]
    clinicians = by_id(doc["clinicians"])
    assert clinicians["B"]["preferences"] == [{"kind": "AM", "weight": 1.0}]
    assert clinicians["C"].get("excluded_sites", []) == []
    assert clinicians["D"].get("preferences", []) == []  # it named S4, at P2
    row = one({"name": "P2 shut", "close_sites": ["P2"]})
    assert row["places_needed"] == 7 - 2
    assert "unknown_site" in one({"name": "x", "close_sites": ["P3"]})["error"]


def test_open_sites_adds_the_sites_and_their_shifts() -> None:
    shift = {"id": "N1", "role": "gp", "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}
    scenario = {"name": "new", "open_sites": [
        {"id": "P3", "name": "Pop-up", "shifts": [shift, dict(shift, id="N2", headcount=2)]},
        {"id": "P4"},
    ]}
    doc = changed(scenario)
    assert list(by_id(doc["sites"])) == ["P1", "P2", "P3", "P4"]
    assert by_id(doc["sites"])["P3"] == {"id": "P3", "name": "Pop-up"}
    shifts = by_id(doc["shifts"])
    assert (shifts["N1"]["site"], shifts["N2"]["site"]) == ("P3", "P3")
    assert one(scenario)["places_needed"] == 7 + 3
    assert scenario["open_sites"][0]["shifts"][0] == shift  # the scenario is not changed


def test_an_invalid_scenario_problem_gets_its_row_error_and_the_others_solve() -> None:
    bad_shift = {"id": "N1", "site": "P9", "role": "gp",
                 "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}
    rows = rotaflow.sweep(CLINIC, [
        {"name": "base"},
        {"name": "bad site", "open_sites": [{"id": "P3", "shifts": [bad_shift]}]},
        {"name": "bad problem", "problem": {"shifts": [{"id": "S1"}]}},
        {"name": "more", "demand": [{"add": 1}]},
    ], frame=None)
    assert [r["error"] is None for r in rows] == [True, False, False, True]
    assert rows[1]["error"] == (
        "the problem is invalid (1 problem):\n"
        "  /shifts/6/site: no site has the id `P9` [unknown_site]"
    )
    assert rows[2]["error"].startswith("the problem is invalid (")
    assert "\n  /shifts/0/site: this required field is missing [missing_field]" in rows[2]["error"]
    assert rows[3]["places_needed"] == 7 + 6


def test_a_solver_error_gets_its_row_error_and_the_others_solve() -> None:
    rows = rotaflow.sweep(SHORT, [
        {"name": "short"},
        {"name": "rules", "problem": REPO / "examples" / "rules.json"},
    ], method="flow", frame=None)
    assert rows[0]["error"] is None and rows[0]["method"] == "flow"
    assert rows[1]["error"].startswith("the flow solver cannot represent this problem")
    assert "min_rest_hours" in rows[1]["error"]


def test_demand_scales_and_adds_to_the_selected_shifts() -> None:
    base = one({"name": "base"})["places_needed"]
    assert base == 7  # S1 needs 2
    # The GP shifts at P1: S1 (2), S2 (1) and S6 (1) doubled.
    doc = changed({"name": "x2", "demand": [{"sites": ["P1"], "roles": ["gp"], "scale": 2}]})
    heads = {s["id"]: s.get("headcount", 1) for s in doc["shifts"]}
    assert heads == {"S1": 4, "S2": 2, "S3": 1, "S4": 1, "S5": 1, "S6": 2}
    # S2's max_headcount (1) is raised to its new headcount.
    assert by_id(doc["shifts"])["S2"]["max_headcount"] == 2
    assert one({"name": "x2", "demand": [{"sites": ["P1"], "roles": ["gp"], "scale": 2}]})[
        "places_needed"] == base + 4
    # Days are the local date of the start: S6 (23:30 in New York on the 8th) is on the
    # 9th in London; S5 (08:30 UTC on the 8th) on the 8th.
    doc = changed({"name": "9th", "demand": [{"days": ["2026-12-09"], "add": 2}]})
    assert {s["id"]: s.get("headcount", 1) for s in doc["shifts"]}["S6"] == 3
    assert sum(s.get("headcount", 1) for s in doc["shifts"]) == base + 2
    doc = changed({"name": "8th", "demand": [{"days": ["2026-12-08"], "kinds": ["AM"],
                                             "add": 1}]})
    assert [s["id"] for s in doc["shifts"] if s.get("headcount", 1) == 2] == ["S1", "S3", "S5"]
    # max(0, round(h · scale) + add), changes in order; a PM closed, then rounded up.
    doc = changed({"name": "pm", "demand": [{"kinds": ["PM"], "scale": 0},
                                            {"sites": ["P1"], "scale": 1.5, "add": -1}]})
    heads = {s["id"]: s.get("headcount", 1) for s in doc["shifts"]}
    assert heads == {"S1": 2, "S2": 0, "S3": 1, "S4": 0, "S5": 1, "S6": 1}
    assert "unknown_site" in one({"name": "x", "demand": [{"sites": ["P7"]}]})["error"]


def test_rates_change_the_pay_of_the_selected_clinicians() -> None:
    doc = changed({"name": "anp", "rates": [{"roles": ["anp"], "scale": 2, "add": 1}]})
    rates = {c["id"]: (c["rate_per_hour"], c["rate_per_shift"]) for c in doc["clinicians"]}
    assert rates == {"A": (100, 0), "B": (90, 0), "C": (161, 21), "D": (101, 1)}
    doc = changed({"name": "cut", "rates": [{"clinicians": ["A"], "add": -150}]})
    assert by_id(doc["clinicians"])["A"]["rate_per_hour"] == 0.0
    # Every rate doubled: the same roster (the penalties still outweigh the pay: B on S1
    # and S3, C on S2, S4 empty), at twice the pay.
    rows = rotaflow.sweep(SHORT, [{"name": "base"}, {"name": "x2", "rates": [{"scale": 2}]}],
                          rosters=True, frame=None)
    assert rows[0]["roster"].assignments == rows[1]["roster"].assignments
    assert rows[1]["pay"] == 2 * rows[0]["pay"] == 2 * (90 * 8 + 95 * 4)
    assert "unknown_clinician" in one({"name": "x", "rates": [{"clinicians": ["Q"]}]})["error"]


def test_weights_are_merged() -> None:
    row = one({"name": "free", "weights": {"unfilled": 0}}, SHORT)
    assert row["roster"].problem.to_dict()["weights"]["unfilled"] == 0.0
    assert row["roster"].problem.to_dict()["weights"]["cost"] == 1.0
    assert row["places_filled"] == 0 and row["pay"] == 0.0


def test_a_whole_problem_replaces_the_base_and_the_changes_apply_to_it() -> None:
    row = one({"name": "short", "problem": SHORT, "demand": [{"add": 1}]})
    assert row["places_needed"] == 8
    assert row["roster"].problem == rotaflow.Problem(dict(SHORT, shifts=[
        dict(s, headcount=2) for s in SHORT["shifts"]]))
    assert one({"name": "short", "problem": rotaflow.Problem(SHORT)})["places_needed"] == 4


# --- Reading the scenarios --------------------------------------------------------------


def test_bad_scenarios_are_one_value_error_naming_each_scenario_and_key() -> None:
    with pytest.raises(ValueError) as caught:
        rotaflow.sweep(CLINIC, [
            {"name": "a", "drop_clinician": ["A"]},
            {"name": "a", "drop_share": 1.0, "seed": "x"},
            {"drop_clinicians": "A"},
            {"name": "d", "demand": [{"site": ["P1"], "scale": -1, "add": 0.5,
                                      "days": ["2026-02-30"]}],
             "rates": {"scale": 2}, "weights": {"cost": "x"}, "problem": 3},
        ], frame=None)
    message = str(caught.value)
    assert not isinstance(caught.value, rotaflow.ValidationError)
    assert message.startswith("invalid scenarios (13 problems; nothing was solved):")
    for line in (
        "scenarios[0] ('a'): `drop_clinician` is not a key of a scenario "
        "(did you mean `drop_clinicians`?)",
        "scenarios[1] ('a'): `drop_share` must be a finite number with 0 <= x < 1, not 1.0",
        "scenarios[1] ('a'): `seed` must be an integer, not 'x'",
        "scenarios[1] ('a'): `name` 'a' is already the name of scenarios[0]",
        "scenarios[2]: `drop_clinicians` must be a list of ids (non-empty strings), not 'A'",
        "scenarios[2]: a scenario needs a `name`",
        "scenarios[3] ('d'): `demand[0].site` is not a key of a demand change "
        "(did you mean `sites`?)",
        "scenarios[3] ('d'): `demand[0].scale` must be a finite number >= 0, not -1",
        "scenarios[3] ('d'): `demand[0].add` must be an integer, not 0.5",
        "scenarios[3] ('d'): `demand[0].days` must be a list of ISO dates (YYYY-MM-DD), "
        "not ['2026-02-30']",
        "scenarios[3] ('d'): `rates` must be a list of dicts, not {'scale': 2}",
        "scenarios[3] ('d'): `weights.cost` must be a finite number, not 'x'",
        "scenarios[3] ('d'): `problem` is not a problem: a problem is a rotaflow.Problem",
    ):
        assert "\n  " + line in message, line
    with pytest.raises(ValueError, match=r"scenarios\[0\]: a scenario is a dict, not 5"):
        rotaflow.sweep(CLINIC, [5], frame=None)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="No such file"):
        rotaflow.sweep(CLINIC, [{"name": "x", "problem": "/nonexistent/week.json"}])
    with pytest.raises(TypeError, match="scenarios are a list of dicts"):
        rotaflow.sweep(CLINIC, {"name": "x"})  # type: ignore[arg-type]


def test_the_options_are_checked_before_anything_solves() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'time_limt'"):
        rotaflow.sweep(CLINIC, [{"name": "x"}], time_limt=3)
    with pytest.raises(rotaflow.ValidationError, match="keyword argument `time_limit`"):
        rotaflow.sweep(CLINIC, [{"name": "x"}], time_limit=-1)
    with pytest.raises(ValueError, match="frame must be"):
        rotaflow.sweep(CLINIC, [{"name": "x"}], frame="arrow")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_workers must be"):
        rotaflow.sweep(CLINIC, [{"name": "x"}], max_workers=0)
    with pytest.raises(ValueError, match="max_workers sizes the local thread pool"):
        rotaflow.sweep(CLINIC, [{"name": "x"}], max_workers=2, client=object())
    with pytest.raises(rotaflow.ValidationError, match="unknown_site"):
        rotaflow.sweep(dict(CLINIC, sites=[]), [{"name": "x"}])


def test_a_missing_frame_library_is_a_clear_import_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"frame='polars'\) needs polars.*frame=None"):
        rotaflow.sweep(CLINIC, [{"name": "x"}], frame="polars")


def test_the_solve_options_reach_every_solve() -> None:
    rows = rotaflow.sweep(CLINIC, [{"name": "a"}, {"name": "b", "drop_clinicians": ["D"]}],
                          method="mip", threads=1, time_limit=30, frame=None)
    assert [r["method"] for r in rows] == ["mip", "mip"]
    flow = rotaflow.sweep(CLINIC, [{"name": "a"}], frame=None)
    assert flow[0]["method"] == "flow" and flow[0]["objective"] == pytest.approx(
        rows[0]["objective"])


# --- Frames and rosters -----------------------------------------------------------------

SCENARIOS: List[Dict[str, Any]] = [
    {"name": "base"},
    {"name": "no A", "drop_clinicians": ["A"]},
    {"name": "P2 shut", "close_sites": ["P2"], "seed": 3},
    {"name": "busy", "demand": [{"sites": ["P1"], "scale": 2.0}]},
    {"name": "typo", "close_sites": ["P9"]},
]


def test_frames_in_and_out() -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    expected = rotaflow.sweep(CLINIC, SCENARIOS, frame=None)
    assert all(type(r) is dict for r in expected)
    # Frames of scenarios, with missing cells where a scenario leaves a key out.
    for scenarios in (pd.DataFrame(SCENARIOS), pl.DataFrame(SCENARIOS)):
        assert numbers(rotaflow.sweep(CLINIC, scenarios, frame=None)) == numbers(expected)
    table = rotaflow.sweep(CLINIC, SCENARIOS)
    assert isinstance(table, pd.DataFrame)
    assert list(table["name"]) == [s["name"] for s in SCENARIOS]
    assert list(table.columns) == list(expected[0])
    assert table["places_needed"].dtype.kind == "i"
    assert table["error"].isna().tolist() == [True] * 4 + [False]
    polars = rotaflow.sweep(CLINIC, SCENARIOS, frame="polars", rosters=True)
    assert isinstance(polars, pl.DataFrame) and polars.columns == [*expected[0], "roster"]
    assert polars["unfilled_1000"].to_list() == [r["unfilled_1000"] for r in expected]
    assert isinstance(polars["roster"][0], rotaflow.Roster) and polars["roster"][4] is None
    # The page compares them, from either frame or the rows.
    for rows in (table, polars, expected):
        page = rotaflow.sweep_report_html(rows)
        assert "5 scenarios · 4 solved · 1 failed" in page
        assert "no site has the id `P9`" in page


def test_rosters_are_the_solves_of_the_changed_problems() -> None:
    rows = rotaflow.sweep(CLINIC, SCENARIOS, rosters=True, frame=None)
    assert "roster" not in rotaflow.sweep(CLINIC, SCENARIOS, frame=None)[0]
    for row in rows[:4]:
        roster = row["roster"]
        assert isinstance(roster, rotaflow.Roster)
        assert roster.to_json() == rotaflow.solve(roster.problem).to_json()
        assert row["objective"] == roster.objective
    assert rows[4]["roster"] is None


def test_the_same_numbers_on_one_thread_or_many() -> None:
    week = rotaflow.generate(clinicians=60, sites=6, days=3, seed=4)
    scenarios = [{"name": f"s{i}", "drop_share": 0.1 * (i % 4), "seed": i,
                  "demand": [{"scale": 1 + 0.1 * i}]} for i in range(8)]
    one_thread = rotaflow.sweep(week, scenarios, max_workers=1, rosters=True, frame=None)
    many = rotaflow.sweep(week, scenarios, max_workers=4, rosters=True, frame=None)
    assert numbers(one_thread) == numbers(many)
    assert [r["name"] for r in many] == [s["name"] for s in scenarios]


def test_the_scenarios_given_are_not_changed() -> None:
    scenarios = copy.deepcopy(SCENARIOS)
    rotaflow.sweep(CLINIC, scenarios, frame=None)
    assert scenarios == SCENARIOS


# --- On a Dask cluster ------------------------------------------------------------------


@pytest.fixture
def dask_client() -> Iterator[Any]:
    """A client of two worker processes, one thread each (one cluster at a time: each
    test that needs one gets its own)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def test_the_same_numbers_on_a_dask_cluster(dask_client: Any) -> None:
    local = rotaflow.sweep(CLINIC, SCENARIOS, rosters=True, frame=None)
    remote = rotaflow.sweep(CLINIC, SCENARIOS, client=dask_client, rosters=True, frame=None)
    assert numbers(remote) == numbers(local)
    assert remote[1]["roster"].problem == local[1]["roster"].problem
    week = rotaflow.generate(clinicians=60, sites=6, days=3, seed=4)
    scenarios = [{"name": f"s{i}", "drop_share": 0.2, "seed": i} for i in range(6)]
    assert numbers(rotaflow.sweep(week, scenarios, client=dask_client)) == numbers(
        rotaflow.sweep(week, scenarios))


def test_a_worker_killed_mid_sweep_costs_no_row(dask_client: Any) -> None:
    """Once the sweep's tasks run, one of the two worker processes is killed (SIGKILL):
    its running task and the results it held are computed again elsewhere, and every row
    comes back with the local sweep's numbers."""
    base = rotaflow.generate(clinicians=1000, sites=120, days=7, seed=1)
    scenarios = [{"name": f"flu {i}", "drop_share": 0.02 * (i % 5), "seed": i}
                 for i in range(12)]
    local = rotaflow.sweep(base, scenarios, frame=None, max_workers=2)
    client = dask_client
    pids = client.run(os.getpid)
    out: Dict[str, Any] = {}

    def run() -> None:
        try:
            out["rows"] = rotaflow.sweep(base, scenarios, client=client, frame=None)
        except BaseException as e:  # pragma: no cover - reported below
            out["error"] = e

    sweeping = threading.Thread(target=run)
    sweeping.start()
    victim = None
    deadline = time.monotonic() + 30
    while victim is None and time.monotonic() < deadline:
        for worker, keys in client.processing().items():
            if worker in pids and any(str(k).startswith("rotaflow-sweep-")
                                      and "problem" not in str(k) for k in keys):
                victim = worker
                break
        time.sleep(0.02)
    assert victim is not None, "no scenario task started"
    time.sleep(0.2)  # into the solve
    assert sweeping.is_alive(), "the sweep ended before the kill"
    os.kill(pids[victim], signal.SIGKILL)
    sweeping.join(timeout=120)
    assert not sweeping.is_alive()
    assert "error" not in out, out.get("error")
    # The killed worker is gone (its nanny may have started another).
    assert pids[victim] not in client.run(os.getpid).values()
    assert numbers(out["rows"]) == numbers(local)
    assert all(r["error"] is None for r in out["rows"])
