"""Hostile documents given to Python (issue 14, the reading side): each is a
ValidationError with the core's pointer and code, never a silent misreading, a
UnicodeDecodeError or a missing-file error."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, List, Tuple

import pytest

import rotaflow
from helpers import SHORT


def issues(build: Any) -> List[Tuple[str, str]]:
    with pytest.raises(rotaflow.ValidationError) as info:
        build()
    return [(i.pointer, i.code) for i in info.value.errors]


def short(**changes: Any) -> Any:
    doc = copy.deepcopy(SHORT)
    doc.update(changes)
    return doc


@pytest.mark.parametrize("read", [rotaflow.Problem, lambda d: rotaflow.Problem(json.dumps(d))],
                         ids=["dict", "text"])
def test_lists_in_place_of_objects_are_wrong_types(read: Any) -> None:
    assert issues(lambda: read(short(weights=[5, 2]))) == [("/weights", "invalid_type")]
    doc = short()
    doc["clinicians"][0]["limits"] = [3]
    doc["shifts"][1] = ["S2", "P1"]
    found = issues(lambda: read(doc))
    assert ("/clinicians/0/limits", "invalid_type") in found
    assert ("/shifts/1", "invalid_type") in found


def test_a_list_document_given_as_text_is_not_taken_for_a_path() -> None:
    assert issues(lambda: rotaflow.Problem("[1]")) == [("", "invalid_type")]
    assert issues(lambda: rotaflow.solve("[]")) == [("", "invalid_type")]


def test_bytes_that_are_not_utf8_are_refused_with_their_offset(tmp_path: Path) -> None:
    latin1 = json.dumps(SHORT).replace('"P1"', '"PX"', 1).encode().replace(b"PX", b"P\xe9", 1)
    offset = latin1.index(b"\xe9")
    for build in [
        lambda: rotaflow.Problem(latin1),
        lambda: rotaflow.Problem.from_json(latin1),
        lambda: rotaflow.Problem(b"\xff\xfe{\x00}\x00"),
    ]:
        with pytest.raises(rotaflow.ValidationError) as info:
            build()
        (issue,) = info.value.errors
        assert issue.code == "invalid_utf8" and issue.pointer == ""
        assert "byte offset" in issue.message
    path = tmp_path / "latin1.json"
    path.write_bytes(latin1)
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.Problem.from_file(path)
    assert f"byte offset {offset} " in info.value.errors[0].message
    roster = tmp_path / "roster.json"
    roster.write_bytes(b'[{"shift": "S1", "clinician": "\xc3"}]')
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.explain(SHORT, roster)
    assert [i.code for i in info.value.errors] == ["invalid_utf8"]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    text = json.dumps(SHORT)
    plain = rotaflow.Problem(text)
    assert rotaflow.Problem(b"\xef\xbb\xbf" + text.encode()) == plain
    assert rotaflow.Problem("\ufeff" + text) == plain
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert rotaflow.Problem.from_file(path) == plain


def test_duplicate_keys_are_refused() -> None:
    text = json.dumps(SHORT).replace('"rate_per_hour": 100', '"rate_per_hour": 100, "rate_per_hour": 0', 1)
    assert issues(lambda: rotaflow.Problem(text)) == [
        ("/clinicians/0/rate_per_hour", "duplicate_key")
    ]


def test_a_wrong_type_does_not_hide_the_rest() -> None:
    doc = short(weights={"cost": "cheap"})
    doc["shifts"][0]["site"] = "NOWHERE"
    doc["clinicians"][1]["rate_per_hour"] = -5
    assert issues(lambda: rotaflow.Problem(doc)) == [
        ("/clinicians/1/rate_per_hour", "negative_value"),
        ("/shifts/0/site", "unknown_site"),
        ("/weights/cost", "invalid_type"),
    ]


def test_roster_assignments_are_named_by_their_field() -> None:
    roster = '{"assignments": [{"shift": "S1", "clinician": "A"}, {"shift": "S2"}, ["S3", "A"]]}'
    assert issues(lambda: rotaflow.explain(SHORT, roster)) == [
        ("/assignments/1/clinician", "missing_field"),
        ("/assignments/2", "invalid_type"),
    ]


def test_huge_amounts_and_impossible_offsets_are_refused() -> None:
    with pytest.raises(rotaflow.ValidationError) as info:
        rotaflow.Problem(short(weights={"unfilled": 1e300}))
    (issue,) = info.value.errors
    assert (issue.pointer, issue.code) == ("/weights/unfilled", "invalid_value")
    assert "1e300" in issue.message and "0" * 30 not in issue.message
    doc = short()
    doc["shifts"][0]["start"] = "2026-12-07T08:30+25:00"
    assert issues(lambda: rotaflow.Problem(doc)) == [("/shifts/0/start", "invalid_time")]
