"""The typed answer documents match the JSON the core writes, exactly: on real answers of
score, explain, recommend, whatif, replan and solve, every document's keys are its
TypedDict's keys (recursively), each value has the declared type, and every key a type
declares optional does occur somewhere, so that neither side can drift."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import (
    Any, Dict, List, Literal, Set, Tuple, Union, get_args, get_origin, get_type_hints,
)

import pytest

import rotaflow

from helpers import BLOCKING, BLOCKING_ROSTER, PATTERN, REPO, SHORT, SMALL


def is_typeddict(hint: Any) -> bool:
    # typing.is_typeddict is 3.10+; a TypedDict class is a dict subclass with key sets.
    return isinstance(hint, type) and issubclass(hint, dict) and hasattr(hint, "__required_keys__")


class Checker:
    """Walks a document beside its type; remembers which TypedDicts and which of their
    optional keys it met."""

    def __init__(self) -> None:
        self.met: Dict[str, Set[str]] = {}

    def check(self, value: Any, hint: Any, at: str) -> None:
        origin, args = get_origin(hint), get_args(hint)
        if is_typeddict(hint):
            assert isinstance(value, dict), f"{at}: {value!r} is not a {hint.__name__}"
            keys = set(value)
            required, optional = set(hint.__required_keys__), set(hint.__optional_keys__)
            assert required <= keys, f"{at}: {hint.__name__} lacks {sorted(required - keys)}"
            assert keys <= required | optional, (
                f"{at}: {hint.__name__} has undeclared {sorted(keys - required - optional)}"
            )
            hints = get_type_hints(hint)
            for key in sorted(keys):
                self.check(value[key], hints[key], f"{at}/{key}")
            self.met.setdefault(hint.__name__, set()).update(keys & optional)
        elif origin is Union:
            if value is None:
                assert type(None) in args, f"{at}: None where {hint} is declared"
            else:
                [inner] = [a for a in args if a is not type(None)]
                self.check(value, inner, at)
        elif origin is list:
            assert isinstance(value, list), f"{at}: {value!r} is not a list"
            for i, item in enumerate(value):
                self.check(item, args[0], f"{at}/{i}")
        elif origin is dict:
            assert isinstance(value, dict), f"{at}: {value!r} is not a dict"
            for key, item in value.items():
                self.check(key, args[0], f"{at} key")
                self.check(item, args[1], f"{at}/{key}")
        elif origin is Literal:
            assert value in args, f"{at}: {value!r} is none of {args}"
        elif hint is Any:
            pass
        else:
            # `type(...) is`: a bool is not an int, an int is not a float.
            assert type(value) is hint, f"{at}: {value!r} is not a {hint.__name__}"


def reachable(hint: Any, out: Dict[str, Any]) -> Dict[str, Any]:
    """Every TypedDict reachable from ``hint``, by name."""
    if is_typeddict(hint):
        if hint.__name__ in out:
            return out
        out[hint.__name__] = hint
        for inner in get_type_hints(hint).values():
            reachable(inner, out)
    for arg in get_args(hint):
        reachable(arg, out)
    return out


def run_cli(cli: Path, *args: Any) -> str:
    done = subprocess.run([str(cli), *map(str, args)], capture_output=True, text=True)
    assert done.returncode in (0, 4), done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def answers(cli: Path, tmp_path_factory: pytest.TempPathFactory) -> List[Tuple[Any, Any]]:
    """(document, its declared type) for real answers that, together, hold every key
    the types declare optional."""
    week = rotaflow.generate(clinicians=200, sites=24, seed=3)
    week_roster = rotaflow.solve(week)
    small_roster = rotaflow.solve(SMALL)
    short_roster = rotaflow.solve(SHORT)
    gp = week_roster.assignments[0]["clinician"]
    # One GP who may work no session at all: pinning them to one is infeasible, so a
    # re-solving recommend gives them a `reason`.
    capped = dict(SHORT, clinicians=SHORT["clinicians"] + [
        {"id": "D", "roles": ["gp"], "rate_per_hour": 50, "limits": {"max_shifts": 0}}])
    infeasible = {
        "sites": [{"id": "P1"}],
        "clinicians": [{"id": "A", "roles": ["gp"], "limits": {"min_shifts": 2}}],
        "shifts": [{"id": "S1", "site": "P1", "role": "gp",
                    "start": "2026-12-07T08:00", "end": "2026-12-07T12:00"}],
    }
    tmp = tmp_path_factory.mktemp("types")
    (tmp / "problem.json").write_text(week.to_json())
    timed = run_cli(cli, "solve", tmp / "problem.json", "-q", "--timings")
    extra = {"id": "S5", "site": "P1", "role": "gp",
             "start": "2026-12-07T18:00", "end": "2026-12-07T20:00"}
    replans = [
        rotaflow.replan(week, week_roster, cancel=gp, change_weight=1e5),
        rotaflow.replan(SHORT, short_roster, drop_shift="S3", add_shift=extra,
                        change_weight=1000),
    ]
    out: List[Tuple[Any, Any]] = [
        (rotaflow.score(SMALL, small_roster), rotaflow.Evaluation),
        (rotaflow.score(SMALL, [("S0001", "PH002"), ("S0001", "NOBODY"), ("S0002", "GP001")]),
         rotaflow.Evaluation),
        (small_roster.to_dict(), rotaflow.RosterDocument),
        (rotaflow.solve(infeasible).to_dict(), rotaflow.RosterDocument),
        (rotaflow.Roster(timed).to_dict(), rotaflow.RosterDocument),
        (rotaflow.explain(week, week_roster), rotaflow.Explanation),
        (rotaflow.explain(SMALL, small_roster), rotaflow.Explanation),
        (rotaflow.explain(SHORT, [{"shift": "S1", "clinician": "A"}]), rotaflow.Explanation),
        (rotaflow.recommend(week, week_roster, week_roster.unfilled[0]["shift"], 0),
         rotaflow.Recommendation),
        (rotaflow.recommend(capped, [{"shift": "S1", "clinician": "A"}], "S4", 0),
         rotaflow.Recommendation),
        (rotaflow.whatif(week, 0), rotaflow.WhatIf),
        # Revision 1.1: a pattern (score.pattern, patterns) and a blocking pair.
        (rotaflow.explain(PATTERN, rotaflow.solve(PATTERN)), rotaflow.Explanation),
        (rotaflow.score(BLOCKING, BLOCKING_ROSTER), rotaflow.Evaluation),
        (rotaflow.explain(BLOCKING, BLOCKING_ROSTER), rotaflow.Explanation),
    ]
    for r in replans:
        out.append((r.diff, rotaflow.Diff))
        out.append((r.to_dict(), rotaflow.ReplanDocument))
    try:
        out.append((rotaflow.solve(REPO / "examples" / "rules.json", time_limit=20).to_dict(),
                    rotaflow.RosterDocument))
    except rotaflow.SolverError as e:  # a build without the MIP
        assert e.kind == "method_unavailable"
    return out


def test_documents_have_exactly_their_types_keys(answers: List[Tuple[Any, Any]]) -> None:
    checker = Checker()
    for document, hint in answers:
        checker.check(document, hint, hint.__name__)
    declared: Dict[str, Any] = {}
    for _, hint in answers:
        reachable(hint, declared)
    assert set(checker.met) == set(declared), "a declared type that no answer holds"
    for name, hint in declared.items():
        never = set(hint.__optional_keys__) - checker.met[name]
        assert not never, f"{name}: no answer has the optional keys {sorted(never)}"


def return_type(f: Any) -> Any:
    """The return annotation alone (``get_type_hints`` would also evaluate the
    parameters', some of which name pandas, which rotaflow does not import)."""
    hint = f.__annotations__["return"]
    return eval(hint, f.__globals__) if isinstance(hint, str) else hint


def test_the_answers_cover_every_answer_type(answers: List[Tuple[Any, Any]]) -> None:
    # The functions' annotations name these types: the test above checks each of them.
    hints = {f.__name__: return_type(f) for f in (
        rotaflow.score, rotaflow.explain, rotaflow.recommend, rotaflow.whatif)}
    assert hints == {"score": rotaflow.Evaluation, "explain": rotaflow.Explanation,
                     "recommend": rotaflow.Recommendation, "whatif": rotaflow.WhatIf}
    assert get_type_hints(rotaflow.Replan)["diff"] is rotaflow.Diff
    assert get_type_hints(rotaflow.Replan.to_dict)["return"] is rotaflow.ReplanDocument
    assert get_type_hints(rotaflow.Roster.to_dict)["return"] is rotaflow.RosterDocument
    assert {h for _, h in answers} >= set(hints.values()) | {
        rotaflow.Diff, rotaflow.ReplanDocument, rotaflow.RosterDocument}


def test_a_drifted_document_is_caught() -> None:
    """The checker itself: a missing, an extra and a mistyped key each fail."""
    good = {"shift": "S1", "missing": 1}
    Checker().check(good, rotaflow.Unfilled, "u")
    for bad in ({"shift": "S1"}, {**good, "extra": 0}, {**good, "missing": 1.0},
                {**good, "missing": True}):
        with pytest.raises(AssertionError):
            Checker().check(bad, rotaflow.Unfilled, "u")
    with pytest.raises(AssertionError):
        Checker().check({"status": "done"}, rotaflow.RosterDocument, "r")


def test_the_documents_are_plain_dicts(answers: List[Tuple[Any, Any]]) -> None:
    for document, _ in answers:
        assert type(document) is dict
        assert json.loads(json.dumps(document)) == document
