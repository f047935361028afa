"""The planner's operations from Python: explain, recommend, replan, whatif and the HTML
report give the documents the command prints (``--json``) for the same inputs; errors are
ValidationError / SolverError with pointers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any, Dict, List

import pytest

import rotaflow

from helpers import BLOCKING, BLOCKING_ROSTER, PATTERN, REPO, SHORT, SMALL, WEDNESDAYS


def run_cli(cli: Path, *args: Any, ok: tuple[int, ...] = (0,)) -> str:
    done = subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True)
    assert done.returncode in ok, done.stderr
    return done.stdout


@pytest.fixture()
def files(tmp_path: Path, week: Dict[str, Any]) -> Dict[str, Any]:
    """The generated week, solved, as files for the command and objects for Python."""
    problem = rotaflow.Problem(week)
    roster = rotaflow.solve(problem)
    (tmp_path / "problem.json").write_text(problem.to_json())
    (tmp_path / "roster.json").write_text(roster.to_json())
    return {
        "problem": problem,
        "roster": roster,
        "problem_path": tmp_path / "problem.json",
        "roster_path": tmp_path / "roster.json",
    }


def test_explain_equals_the_command(cli: Path, files: Dict[str, Any]) -> None:
    expected = json.loads(run_cli(cli, "explain", files["problem_path"], files["roster_path"],
                                  "--json"))
    roster = files["roster"]
    assert expected["unfilled"], "the week has unfilled shifts to explain"
    # Every form of roster gives the same explanation.
    for given in (roster, roster.to_dict(), roster.to_json(), roster.assignments,
                  [(a["shift"], a["clinician"]) for a in roster.assignments],
                  roster.to_pandas()):
        assert rotaflow.explain(files["problem"], given) == expected
    assert rotaflow.explain(files["problem_path"], roster) == expected
    assert rotaflow.explain(files["problem_path"], files["roster_path"]) == expected
    assert rotaflow.explain(files["problem_path"], str(files["roster_path"])) == expected


def test_explain_gives_the_reason_as_data() -> None:
    roster = rotaflow.solve(SHORT)
    e = rotaflow.explain(SHORT, roster)
    [u] = e["unfilled"]
    assert u["shift"] == "S4" and u["reason"] == "cost", u
    assert u["blockers"][0]["clinician"] == "A"
    assert e["score"]["total"] == roster.objective
    assert sum(c["total"] for c in e["clinicians"]) + sum(
        s["unfilled"] + s["over"] for s in e["sites"]
    ) == pytest.approx(e["score"]["total"])


@pytest.mark.parametrize("k", [0, 3])
def test_recommend_equals_the_command(cli: Path, files: Dict[str, Any], k: int) -> None:
    shift = files["roster"].unfilled[0]["shift"]
    expected = json.loads(run_cli(cli, "recommend", files["problem_path"], files["roster_path"],
                                  "--shift", shift, "-k", k, "--json"))
    got = rotaflow.recommend(files["problem"], files["roster"], shift, k)
    assert got == expected
    assert got["shift"] == shift
    if k:
        assert len(got["candidates"]) <= k


def test_recommend_ranks_by_the_change_in_the_objective() -> None:
    r = rotaflow.recommend(SHORT, rotaflow.solve(SHORT), "S4", k=0)
    deltas = [c["delta"] for c in r["candidates"]]
    assert deltas == sorted(deltas)
    assert r["candidates"][0] == {**r["candidates"][0], "clinician": "A", "delta": 190.0}


def test_recommend_with_solve_options_re_solves_within_them() -> None:
    # A roster that is not optimal: recommend re-solves each pair, with these options.
    roster = [{"shift": "S1", "clinician": "A"}]
    r = rotaflow.recommend(SHORT, roster, "S4", 2, method="mip", time_limit=10)
    assert r["candidates"], r


def test_recommend_unknown_shift_is_a_validation_error_pointing_at_it() -> None:
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.recommend(SHORT, rotaflow.solve(SHORT), "S9")
    assert [(e.pointer, e.code) for e in info.value.errors] == [("/shift", "unknown_shift")]
    assert "S9" in str(info.value)
    with pytest.raises(ValueError):
        rotaflow.recommend(SHORT, [], "S4", k=-1)
    np = pytest.importorskip("numpy")
    assert rotaflow.recommend(SHORT, [], "S4", k=np.int64(1))["candidates"]


def test_an_unknown_id_in_the_roster_points_at_the_assignment() -> None:
    roster = [{"shift": "S1", "clinician": "A"}, {"shift": "S1", "clinician": "Z"}]
    for op in (lambda: rotaflow.explain(SHORT, roster),
               lambda: rotaflow.recommend(SHORT, roster, "S4"),
               lambda: rotaflow.replan(SHORT, roster, cancel="A")):
        with pytest.raises(rotaflow.ValidationError) as info:
            op()
        assert [(e.pointer, e.code) for e in info.value.errors] == [
            ("/assignments/1/clinician", "unknown_clinician")
        ]


def test_bad_rosters_are_refused() -> None:
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.explain(SHORT, "{not json")
    assert info.value.codes == ["invalid_json"]
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.explain(SHORT, {"status": "optimal"})
    assert info.value.codes == ["missing_field"]
    with pytest.raises(TypeError):
        rotaflow.explain(SHORT, [{"shift": "S1"}])


def test_replan_equals_the_command(cli: Path, files: Dict[str, Any], tmp_path: Path) -> None:
    roster = files["roster"]
    gp = roster.assignments[0]["clinician"]
    expected = json.loads(run_cli(
        cli, "replan", files["problem_path"], files["roster_path"], "--cancel", gp,
        "--change", 1e5, "--json", ok=(0, 4),
    ))
    r = rotaflow.replan(files["problem"], roster, cancel=gp, change_weight=1e5)
    assert r.to_dict() == expected
    new, diff = r
    assert new is r.roster and diff is r.diff
    # The new roster is byte for byte the one `rotaflow replan` writes.
    plain = run_cli(cli, "replan", files["problem_path"], files["roster_path"], "--cancel", gp,
                    "--change", 1e5, ok=(0, 4))
    assert new.to_json() == plain


def test_replan_after_a_cancellation_moves_only_that_clinicians_shifts(
    files: Dict[str, Any],
) -> None:
    roster = files["roster"]
    gp = roster.assignments[0]["clinician"]
    theirs = {a["shift"] for a in roster.assignments if a["clinician"] == gp}
    new, diff = rotaflow.replan(files["problem"], roster, cancel=[gp], change_weight=1e5)
    assert {a["shift"] for a in diff["removed"]} == theirs
    assert all(a["clinician"] == gp for a in diff["removed"])
    # Only their shifts were refilled: every pair added covers one of them.
    assert all(a["shift"] in theirs for a in diff["added"])
    assert diff["kept"] == len(roster.assignments) - len(theirs)
    assert gp not in {a["clinician"] for a in new.assignments}
    frame = rotaflow.replan(files["problem"], roster, cancel=gp, change_weight=1e5).to_pandas()
    assert list(frame.columns) == ["change", "shift", "clinician"]
    assert (frame["change"] == "removed").sum() == len(theirs)


def test_replan_takes_every_kind_of_change() -> None:
    roster = rotaflow.solve(SHORT)
    extra = {"id": "S5", "site": "P1", "role": "gp",
             "start": "2026-12-07T18:00", "end": "2026-12-07T20:00"}
    r = rotaflow.replan(SHORT, roster, drop_shift="S3", add_shift=extra, change_weight=1000)
    assert "S3" not in {a["shift"] for a in r.roster.assignments}
    assert "S5" in {a["shift"] for a in r.roster.assignments}
    assert r.problem.to_dict()["shifts"][-1]["id"] == "S5"
    same = rotaflow.replan(SHORT, roster, change_weight=1000, changes=[
        {"drop_shift": {"shift": "S3"}}, {"add_shift": {"shift": extra}}])
    assert same.to_dict() == r.to_dict()
    # The repaired roster knows its (changed) problem: S5 has its details.
    frame = r.roster.to_pandas()
    assert frame.loc[frame["shift"] == "S5", "site"].tolist() == ["P1"]
    assert "kept" in repr(r)


def test_replan_errors_point_at_the_change() -> None:
    roster = rotaflow.solve(SHORT)
    cases: List[Any] = [
        (dict(cancel="Z"), "/changes/0/clinician", "unknown_clinician"),
        (dict(cancel="A", cancel_from="noon"), "/changes/0/from", "invalid_time"),
        (dict(cancel="A", drop_shift="S9"), "/changes/1/shift", "unknown_shift"),
        (dict(changes=[{"cancel": {"clinican": "A"}}]), "/changes/0/clinican", "invalid_value"),
        (dict(changes=[{"cancel": {"clinician": float("nan")}}]), "/changes/0/cancel/clinician",
         "non_finite_number"),
    ]
    for kwargs, pointer, code in cases:
        with pytest.raises(rotaflow.ValidationError) as info:
            rotaflow.replan(SHORT, roster, **kwargs)
        assert (info.value.errors[0].pointer, info.value.errors[0].code) == (pointer, code), kwargs
    with pytest.raises(ValueError, match="needs a change"):
        rotaflow.replan(SHORT, roster)
    with pytest.raises(rotaflow.ValidationError):
        rotaflow.replan(SHORT, roster, cancel="A", method="fast")  # type: ignore[arg-type]


@pytest.mark.parametrize("top", [0, 5])
def test_whatif_equals_the_command(cli: Path, files: Dict[str, Any], top: int) -> None:
    expected = json.loads(run_cli(cli, "whatif", files["problem_path"], "--top", top, "--json"))
    got = rotaflow.whatif(files["problem"], top)
    assert got == expected
    assert got["sessions"], "one more session helps somewhere in the week"
    if top:
        assert len(got["sessions"]) <= top


def test_whatif_refuses_what_the_flow_cannot_price() -> None:
    with pytest.raises(rotaflow.SolverError) as info:
        rotaflow.whatif(REPO / "examples" / "rules.json")
    assert info.value.kind == "not_flow_representable"
    assert info.value.obstacles
    with pytest.raises(ValueError):
        rotaflow.whatif(SHORT, top=-1)


def test_report_is_the_page_of_solve_report(cli: Path, tmp_path: Path) -> None:
    page = tmp_path / "cli.html"
    run_cli(cli, "solve", SMALL, "-q", "-o", tmp_path / "roster.json", "--report", page)
    expected = page.read_text(encoding="utf-8")
    roster = rotaflow.solve(SMALL)
    assert roster.report_html() == expected
    assert rotaflow.report_html(SMALL, roster) == expected
    assert rotaflow.report_html(SMALL, roster.to_dict()) == expected
    assert rotaflow.report_html(SMALL, roster.to_json()) == expected
    roster.write_report(tmp_path / "py.html")
    assert (tmp_path / "py.html").read_text(encoding="utf-8") == expected
    assert expected.startswith("<!DOCTYPE html>")


def test_report_of_names_holding_control_characters_is_a_whole_page() -> None:
    # Found by fuzzing the C entry points: a NUL in a name cut the page.
    problem = json.loads(json.dumps(SHORT))
    problem["clinicians"][0]["id"] = "A\x00x"
    problem["clinicians"][0]["name"] = "Dr\x01 A"
    page = rotaflow.report_html(problem, rotaflow.solve(problem))
    assert "\x00" not in page and "\x01" not in page
    assert "A\ufffdx" in page
    assert page.endswith("</html>\n")


def test_report_needs_a_roster_document_and_its_problem() -> None:
    roster = rotaflow.solve(SHORT)
    with pytest.raises(TypeError):
        rotaflow.report_html(SHORT, roster.assignments)  # type: ignore[arg-type]
    with pytest.raises(rotaflow.ValidationError):
        rotaflow.report_html(SHORT, {"assignments": []})
    with pytest.raises(ValueError, match="does not know its problem"):
        rotaflow.Roster(roster.to_json()).report_html()
    assert rotaflow.Roster(roster.to_json()).report_html(SHORT) == roster.report_html()


def test_explain_lists_employment_patterns_with_their_dates(
    cli: Path, tmp_path: Path
) -> None:
    # Five Wednesday AMs at P for A: one pattern of 5 weeks, (5 − 4 + 1) · 7.5 = 15.
    roster = rotaflow.solve(PATTERN)
    assert roster.method == "mip", roster.stats["method_reason"]
    assert len(roster.assignments) == 5
    e = rotaflow.explain(PATTERN, roster)
    [w] = e["patterns"]
    assert (w["clinician"], w["site"], w["weekday"], w["kind"]) == ("A", "P", "Wednesday", "AM")
    assert w["weeks"] == 5 and w["dates"] == WEDNESDAYS and w["cost"] == 15.0
    assert e["score"]["pattern"] == 15.0
    assert rotaflow.score(PATTERN, roster)["score"]["pattern"] == 15.0
    # The command prints the same document.
    (tmp_path / "p.json").write_text(json.dumps(PATTERN))
    (tmp_path / "r.json").write_text(roster.to_json())
    assert json.loads(run_cli(cli, "explain", tmp_path / "p.json", tmp_path / "r.json",
                              "--json")) == e
    # A run broken by one week is no pattern, and the version-1 keys stay as they were.
    broken = [a for a in roster.assignments if a["shift"] != "W2"]
    e = rotaflow.explain(dict(PATTERN, weights={}), broken)
    assert "patterns" not in e and "pattern" not in e["score"]


def test_score_and_explain_report_blocking_pairs(cli: Path, tmp_path: Path) -> None:
    s = rotaflow.score(BLOCKING, BLOCKING_ROSTER)
    assert s["feasible"] and s["blocking_pair_count"] == 1
    [b] = s["blocking_pairs"]
    assert (b["clinician"], b["shift"], b["instead_of"], b["displaces"]) == ("A", "S2", "S1", "B")
    assert b["preference"] == 3.0
    assert rotaflow.explain(BLOCKING, BLOCKING_ROSTER)["blocking_pairs"] == [b]
    # `rotaflow score --json` gives the same pairs.
    (tmp_path / "p.json").write_text(json.dumps(BLOCKING))
    (tmp_path / "r.json").write_text(json.dumps(BLOCKING_ROSTER))
    doc = json.loads(run_cli(cli, "score", tmp_path / "p.json", tmp_path / "r.json", "--json"))
    assert doc["blocking_pairs"] == [b] and doc["blocking_pair_count"] == 1
    # The solver's roster (A on S2) has none, and no such keys.
    solved = rotaflow.score(BLOCKING, rotaflow.solve(BLOCKING))
    assert "blocking_pairs" not in solved and "blocking_pair_count" not in solved
