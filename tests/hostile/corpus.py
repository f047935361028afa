#!/usr/bin/env python3
"""The hostile-input corpus: hundreds of bad (and oddly good) inputs, generated here from
the examples, each run through the `rotaflow` command and checked.

For every input the command must end by itself (no signal, no hang), never panic, exit with
a status from the README's table, and, when it refuses, say where (a JSON pointer,
"(document)", a line or a byte offset, or the option's name) and what (a stable code in
brackets, or the option). Where an output file already existed and the command failed, the
file must be unchanged and no temporary file left beside it.

Usage:
    tests/hostile/corpus.py [--cli PATH] [--list] [--only SUBSTRING] [--keep DIR]

The inputs are generated, not checked in: `--keep DIR` writes them out for a look.
Standard library only; run by ./scripts/test.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set

ROOT = Path(__file__).resolve().parents[2]
SMALL = json.loads((ROOT / "examples" / "small.json").read_text())
RULES = json.loads((ROOT / "examples" / "rules.json").read_text())

# What a refusal must carry: where ...
WHERE = re.compile(r"(^|\s)(/[^\s:]*|\(document\))|line \d+|byte \d+|offset \d+|--[a-z][a-z-]+"
                   r"|\] the assignment of |standard (output|input)")
# ... and what.
WHAT = re.compile(r"\[[a-z][a-z0-9_]+\]|--[a-z][a-z-]+|error: ")


def exit_table() -> Set[int]:
    """The exit statuses the README's table lists: the only ones allowed."""
    text = (ROOT / "README.md").read_text()
    start = text.index("Exit status:")
    codes = set()
    for line in text[start:].splitlines()[1:]:
        m = re.match(r"\|\s*(\d+)\s*\|", line)
        if m:
            codes.add(int(m.group(1)))
        elif codes and not line.startswith("|"):
            break
    return codes


@dataclass
class Case:
    """One input and how the command must treat it."""

    name: str
    category: str
    args: List[str]
    files: Dict[str, bytes] = field(default_factory=dict)
    # Acceptable exit statuses (None: any status of the table).
    expect: Optional[Set[int]] = None
    # Files that exist before the run and must be unchanged when it fails.
    guarded: Dict[str, bytes] = field(default_factory=dict)
    stdout: str = "pipe"  # "pipe", "closed" or "full"
    timeout: float = 120.0


def dumps(doc: Any) -> bytes:
    return json.dumps(doc, indent=1, ensure_ascii=False).encode()


def problem_case(name: str, category: str, data: bytes, expect: Optional[Set[int]] = None,
                 command: str = "validate") -> Case:
    return Case(name, category, [command, "{dir}/p.json"], {"p.json": data}, expect)


def mutated(base: Dict[str, Any], edit: Callable[[Dict[str, Any]], None]) -> bytes:
    doc = copy.deepcopy(base)
    edit(doc)
    return dumps(doc)


def set_at(path: Sequence[Any], value: Any) -> Callable[[Dict[str, Any]], None]:
    def edit(doc: Dict[str, Any]) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return edit


def delete_at(path: Sequence[Any]) -> Callable[[Dict[str, Any]], None]:
    def edit(doc: Dict[str, Any]) -> None:
        node: Any = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return edit


# --- the families ---------------------------------------------------------------------

def syntax() -> Iterator[Case]:
    text = dumps(SMALL)
    for cut in (0, 1, 2, 10, 57, 100, 500, 1000, len(text) // 2, len(text) - 2):
        yield problem_case(f"truncated at byte {cut}", "syntax", text[:cut], {1})
    bad = {
        "trailing garbage": text + b" }",
        "two documents": text + text,
        "only whitespace": b"   \n\t ",
        "single quotes": text.replace(b'"', b"'", 8),
        "comment": b"// a comment\n" + text,
        "NaN literal": text.replace(b'"unfilled": 1000', b'"unfilled": NaN'),
        "Infinity literal": text.replace(b'"unfilled": 1000', b'"unfilled": Infinity'),
        "number 1e400": text.replace(b'"unfilled": 1000', b'"unfilled": 1e400'),
        "hex number": text.replace(b'"unfilled": 1000', b'"unfilled": 0x10'),
        "leading zero": text.replace(b'"unfilled": 1000', b'"unfilled": 01000'),
        "unclosed string": b'{"version": 1, "timezone": "Europe/London',
        "raw newline in string": text.replace(b'"Riverside Surgery"', b'"River\nside"'),
        "control character in string": text.replace(b'"Riverside Surgery"', b'"River\x01side"'),
        "bad escape": text.replace(b'"Riverside Surgery"', b'"River\\qside"'),
        "lone surrogate escape": text.replace(b'"Riverside Surgery"', b'"\\ud800"'),
        "deep arrays": b"[" * 100_000 + b"]" * 100_000,
        "deep objects": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        "deep inside a field": text.replace(b'"unfilled": 1000', b'"unfilled": ' + b"[" * 10_000 + b"]" * 10_000),
        "invalid utf-8 byte": text.replace(b"Riverside", b"River\xffside"),
        "overlong utf-8": text.replace(b"Riverside", b"River\xc0\xafside"),
        "truncated utf-8": text.replace(b"Riverside", b"River\xe2\x82side"),
        "utf-16 le with bom": "\ufeff".encode("utf-16-le") + text.decode().encode("utf-16-le"),
        "utf-16 be with bom": "\ufeff".encode("utf-16-be") + text.decode().encode("utf-16-be"),
        "utf-16 le without bom": text.decode().encode("utf-16-le"),
        "utf-32 le with bom": "\ufeff".encode("utf-32-le") + text.decode().encode("utf-32-le"),
        "nul byte": text.replace(b"Riverside", b"River\x00side"),
        "duplicate top-level key": text.replace(b'"version": 1', b'"version": 1, "version": 1', 1),
        "duplicate key in weights": text.replace(b'"unfilled": 1000', b'"unfilled": 1000, "unfilled": 5'),
        "duplicate key in a shift": text.replace(b'"id": "S0001"', b'"id": "S0001", "id": "S0099"'),
    }
    for name, data in bad.items():
        yield problem_case(name, "syntax", data, {1})
    # Accepted oddities: a UTF-8 byte order mark, and non-ASCII text.
    yield problem_case("utf-8 bom", "syntax", b"\xef\xbb\xbf" + text, {0})
    yield problem_case("non-ascii names", "syntax",
                       mutated(SMALL, set_at(["sites", 0, "name"], "Ysbyty Gwynedd — Bangor ✚")), {0})
    yield problem_case("empty file", "syntax", b"", {1})


KINDS: Dict[str, Any] = {"array": [1, 2], "empty array": [], "string": "x", "number": 7,
                         "null": None, "boolean": True, "object": {"x": 1}}


def shape() -> Iterator[Case]:
    for name, value in KINDS.items():
        if name != "object":
            yield problem_case(f"document is {name}", "shape", dumps(value), {1})
    # An empty object is an empty problem (every section has a default): not refused here.
    yield problem_case("document is an empty object", "shape", b"{}", None)
    # Every top-level section in every wrong kind.
    expected_kind = {k: type(v) for k, v in SMALL.items()}
    for key in SMALL:
        for name, value in KINDS.items():
            if isinstance(value, expected_kind[key]) and not isinstance(value, bool):
                continue
            if key == "version" and name == "number":
                continue
            # null stands for an absent optional section; whether absence is allowed is values'.
            expect = None if name == "null" else {1}
            yield problem_case(f"/{key} is {name}", "shape", mutated(SMALL, set_at([key], value)), expect)
    # Objects inside the document written as arrays (read positionally once) and other kinds.
    objects = [["weights"], ["horizon"], ["sites", 0], ["clinicians", 0], ["clinicians", 0, "home"],
               ["clinicians", 0, "limits"], ["clinicians", 0, "availability", 0],
               ["clinicians", 0, "preferences", 0], ["shifts", 0], ["clinicians", 3, "unavailable", 0]]
    for path in objects:
        where = "/" + "/".join(map(str, path))
        for name, value in (("array of numbers", [5, 2]), ("array", ["2026-12-07", "2026-12-08"]),
                            ("empty array", []), ("string", "x"), ("number", 3), ("null", None)):
            expect = None if name == "null" else {1}
            yield problem_case(f"{where} written as {name}", "shape", mutated(SMALL, set_at(path, value)),
                               expect)
    yield problem_case("solver block is an array", "shape",
                       mutated(SMALL, set_at(["solver"], [1, 60])), {1})
    yield problem_case("pin is an array", "shape",
                       mutated(SMALL, set_at(["pinned"], [["S0001", "GP007"]])), {1})
    # Lists whose elements are of the wrong kind.
    for key in ("roles", "skills", "preferred_clinicians"):
        owner = ["clinicians", 0] if key != "preferred_clinicians" else ["shifts", 0]
        yield problem_case(f"{key} holds a number", "shape",
                           mutated(SMALL, set_at(owner + [key], [1])), {1})
    # One type error must not hide another problem elsewhere.
    def two(doc: Dict[str, Any]) -> None:
        doc["weights"] = "heavy"
        doc["shifts"][0]["site"] = "NOWHERE"
        doc["surprise"] = 1
    yield problem_case("a type error beside an unknown site and field", "shape", mutated(SMALL, two), {1})


def values() -> Iterator[Case]:
    numbers = [["weights", "unfilled"], ["weights", "cost"], ["weights", "travel_per_km"],
               ["clinicians", 0, "rate_per_hour"], ["clinicians", 0, "max_travel_km"],
               ["clinicians", 0, "target_shifts"], ["clinicians", 0, "limits", "max_shifts"],
               ["clinicians", 0, "limits", "min_rest_hours"], ["shifts", 0, "unfilled_penalty"],
               ["shifts", 6, "max_rate_per_hour"], ["sites", 0, "lat"], ["sites", 0, "lon"],
               ["clinicians", 0, "preferences", 0, "weight"]]
    for path in numbers:
        where = "/" + "/".join(map(str, path))
        for value in (-1, 1e300, -1e300, 1e20, 2**64, 2**63, 0.5, "1", 1e-320):
            expect = None  # some of these are legal for some fields; only the contract holds
            if value in ("1", 1e300, -1e300):
                expect = {1}
            yield problem_case(f"{where} = {value!r}", "values",
                               mutated(SMALL, set_at(path, value)), expect)
    yield problem_case("version 2", "values", mutated(SMALL, set_at(["version"], 2)), {1})
    yield problem_case("version 1.0", "values", mutated(SMALL, set_at(["version"], 1.0)), {1})
    yield problem_case("version -1", "values", mutated(SMALL, set_at(["version"], -1)), {1})
    yield problem_case("places 0", "values", mutated(SMALL, set_at(["shifts", 0, "places"], 0)), {1})
    yield problem_case("places 10^12", "values",
                       mutated(SMALL, set_at(["shifts", 0, "places"], 10**12)), None)
    for section, index in (("sites", 0), ("clinicians", 0), ("shifts", 0)):
        for key in list(SMALL[section][index]):
            yield problem_case(f"/{section}/{index} without {key}", "values",
                               mutated(SMALL, delete_at([section, index, key])), None)
    for key in ("version", "horizon", "sites", "clinicians", "shifts"):
        yield problem_case(f"document without {key}", "values", mutated(SMALL, delete_at([key])), None)
    yield problem_case("unknown top-level field", "values", mutated(SMALL, set_at(["colour"], "red")), {1})
    yield problem_case("unknown field in a shift", "values",
                       mutated(SMALL, set_at(["shifts", 0, "colour"], "red")), {1})
    yield problem_case("min above max", "values",
                       mutated(SMALL, set_at(["clinicians", 0, "limits", "min_shifts"], 9)), {1})


def references() -> Iterator[Case]:
    yield problem_case("shift at an unknown site", "references",
                       mutated(SMALL, set_at(["shifts", 0, "site"], "NOWHERE")), {1})
    yield problem_case("duplicate shift id", "references",
                       mutated(SMALL, set_at(["shifts", 1, "id"], "S0001")), {1})
    yield problem_case("duplicate clinician id", "references",
                       mutated(SMALL, set_at(["clinicians", 1, "id"], "GP007")), {1})
    yield problem_case("duplicate site id", "references",
                       mutated(SMALL, set_at(["sites", 1, "id"], "P014")), {1})
    yield problem_case("empty id", "references", mutated(SMALL, set_at(["shifts", 0, "id"], "")), {1})
    yield problem_case("unicode ids", "references",
                       mutated(SMALL, set_at(["clinicians", 0, "id"], "ГП007-é")), None)
    yield problem_case("preferred clinician unknown", "references",
                       mutated(SMALL, set_at(["shifts", 0, "preferred_clinicians"], ["NOBODY"])), {1})
    yield problem_case("preference for an unknown site", "references",
                       mutated(SMALL, set_at(["clinicians", 0, "preferences", 0, "site"], "NOWHERE")), {1})
    for key in ("pinned", "previous"):
        for name, pair in (("unknown shift", {"shift": "S9999", "clinician": "GP007"}),
                           ("unknown clinician", {"shift": "S0001", "clinician": "NOBODY"}),
                           ("missing clinician", {"shift": "S0001"}),
                           ("extra field", {"shift": "S0001", "clinician": "GP007", "x": 1})):
            yield problem_case(f"{key}: {name}", "references", mutated(SMALL, set_at([key], [pair])), {1})
    yield problem_case("pin on an ineligible clinician", "references",
                       mutated(SMALL, set_at(["pinned"], [{"shift": "S0006", "clinician": "GP007"}])), {1})
    yield problem_case("travel to an unknown site", "references",
                       mutated(SMALL, set_at(["travel_km"], [{"from": "P014", "to": "X", "km": 3}])), None)
    yield problem_case("succession of unknown kinds", "references",
                       mutated(RULES, set_at(["forbidden_successions"], [{"first": 1, "then": "AM"}])), {1})


def times() -> Iterator[Case]:
    bad_instants = ["2026-12-07T08:30+25:00", "2026-12-07T08:30+05:61", "2026-13-07T08:30",
                    "2026-02-30T08:30", "2026-12-07T24:30", "2026-12-07T08:60", "2026-12-07T23:59:60",
                    "2026-12-07", "08:30", "", "yesterday", "2026-12-07 08:30:00.5Z junk",
                    "+002026-12-07T08:30", "2026-12-07T08:30:00.0000000001"]
    for value in bad_instants:
        yield problem_case(f"shift start {value!r}", "times",
                           mutated(SMALL, set_at(["shifts", 0, "start"], value)), None)
    yield problem_case("offset +25:00 refused", "times",
                       mutated(SMALL, set_at(["shifts", 0, "start"], "2026-12-07T08:30+25:00")), {1})
    yield problem_case("end before start", "times",
                       mutated(SMALL, set_at(["shifts", 0, "end"], "2026-12-07T07:00")), {1})
    yield problem_case("zero-length shift", "times",
                       mutated(SMALL, set_at(["shifts", 0, "end"], "2026-12-07T08:30")), {1})
    yield problem_case("shift outside horizon", "times",
                       mutated(SMALL, set_at(["shifts", 0, "start"], "2027-01-07T08:30")), {1})
    for zone in ("Mars/Olympus_Mons", "", "UTC+1", "../../etc/passwd", "Europe/London\u0000"):
        yield problem_case(f"timezone {zone!r}", "times", mutated(SMALL, set_at(["timezone"], zone)), {1})
    yield problem_case("horizon end before start", "times",
                       mutated(SMALL, set_at(["horizon"], {"start": "2026-12-08", "end": "2026-12-01"})), {1})
    yield problem_case("horizon of 100 years", "times",
                       mutated(SMALL, set_at(["horizon"], {"start": "2026-12-07", "end": "2126-12-07"})), None)
    # Clock changes are legal and must be handled: a night across the autumn change.
    def dst(doc: Dict[str, Any]) -> None:
        doc["horizon"] = {"start": "2026-10-24", "end": "2026-10-26"}
        for c in doc["clinicians"]:
            c.pop("availability", None)
            c.pop("unavailable", None)
        for i, s in enumerate(doc["shifts"]):
            s["start"], s["end"] = "2026-10-25T00:30", "2026-10-25T02:30"
            s["id"] = f"N{i}"
        doc["shifts"][0]["preferred_clinicians"] = []
    yield problem_case("shifts across the clock change", "times", mutated(SMALL, dst), None)
    yield problem_case("non-existent local time (spring gap)", "times",
                       mutated(SMALL, set_at(["horizon"], {"start": "2026-03-29", "end": "2026-03-30"})), None)


def options() -> Iterator[Case]:
    small = {"p.json": dumps(SMALL)}
    for flag, values in (("--time-limit", ["0", "-1", "NaN", "nan", "inf", "-inf", "1e400", "abc", ""]),
                         ("--mip-gap", ["-1", "NaN", "inf", "x", "1e400"]),
                         ("--threads", ["0", "100000", "4294967295", "4294967296", "-1", "1.5"]),
                         ("--seed", ["-1", "18446744073709551616", "x"]),
                         ("--memory-limit", ["0", "-1", "NaN", "inf", "8G", ""]),
                         ("--method", ["nonsense", "", "FLOW"])):
        for v in values:
            yield Case(f"solve {flag} {v!r}", "options", ["solve", "{dir}/p.json", flag, v, "-q"], small, {2})
    for bad in (["solve"], ["solve", "{dir}/p.json", "--no-such-flag"], ["frobnicate"],
                ["validate", "{dir}/p.json", "{dir}/p.json"], ["recommend", "{dir}/p.json", "-k", "x"],
                ["whatif", "{dir}/p.json", "--top", "-1"], ["generate", "--clinicians", "-5"],
                ["replan", "{dir}/p.json", "{dir}/p.json", "--from", "2026-12-07T08:00"]):
        yield Case(f"command line {' '.join(bad[1:]) or bad[0]}", "options", bad, small, {2})
    for name, block in (("threads 100000", {"threads": 100000}), ("threads 0", {"threads": 0}),
                        ("threads 4294967295", {"threads": 4294967295}),
                        ("time limit 0", {"time_limit_s": 0}), ("time limit -5", {"time_limit_s": -5}),
                        ("mip gap -1", {"mip_gap": -1}), ("mip gap 2", {"mip_gap": 2}),
                        ("method nonsense", {"method": "nonsense"}), ("seed -1", {"seed": -1}),
                        ("unknown option", {"colour": "red"})):
        doc = mutated(SMALL, set_at(["solver"], block))
        yield Case(f"solver block {name}", "options", ["solve", "{dir}/p.json", "-q"], {"p.json": doc}, None)
    # The thread count never reaches HiGHS unchecked: a problem alone cannot take the host down.
    doc = mutated(RULES, set_at(["solver"], {"threads": 100000, "method": "mip"}))
    yield Case("mip with threads 100000 in the document", "options", ["solve", "{dir}/p.json", "-q"],
               {"p.json": doc}, {1})
    # A model above the memory cap is refused before it is built, and nothing is written.
    for method in ("mip", "decompose", "flow"):
        problem = RULES if method != "flow" else SMALL
        yield Case(f"{method} above --memory-limit 1", "options",
                   ["solve", "{dir}/p.json", "-q", "--method", method, "--memory-limit", "1",
                    "-o", "{dir}/r.json"],
                   {"p.json": dumps(problem)}, {8}, guarded={"r.json": b'{"keep": "me"}\n'})


def files_and_streams() -> Iterator[Case]:
    small = dumps(SMALL)
    roster_ok = None  # filled in by a solve below at run time is overkill: use bare lists
    yield Case("problem file missing", "files", ["validate", "{dir}/absent.json"], {}, {3})
    yield Case("problem is a directory", "files", ["validate", "{dir}"], {}, {3})
    yield Case("output into a missing folder", "files",
               ["solve", "{dir}/p.json", "-q", "-o", "{dir}/no/such/dir/r.json"], {"p.json": small}, {3})
    yield Case("output to /dev/full keeps nothing half-written", "files",
               ["solve", "{dir}/p.json", "-q", "-o", "/dev/full"], {"p.json": small}, {3})
    yield Case("report into a missing folder keeps the existing roster", "files",
               ["solve", "{dir}/p.json", "-q", "-o", "{dir}/r.json", "--report", "{dir}/no/dir/r.html"],
               {"p.json": small}, {3}, guarded={"r.json": b'{"keep": "me"}\n'})
    yield Case("invalid problem keeps the existing roster", "files",
               ["solve", "{dir}/p.json", "-q", "-o", "{dir}/r.json"],
               {"p.json": b"{"}, {1}, guarded={"r.json": b'{"keep": "me"}\n'})
    for command in ("validate", "explain", "whatif"):
        for json_flag in ([], ["--json"]):
            args = [command, "{dir}/p.json", *json_flag]
            if command == "explain":
                args = [command, "{dir}/p.json", "{dir}/a.json", *json_flag]
            files = {"p.json": dumps(SMALL), "a.json": b"[]"}
            yield Case(f"{' '.join([command, *json_flag])} into a closed pipe", "streams", args, files,
                       {0, 1}, stdout="closed")
            yield Case(f"{' '.join([command, *json_flag])} into a full disk", "streams", args, files,
                       {3}, stdout="full")
    yield Case("score into a closed pipe", "streams", ["score", "{dir}/p.json", "{dir}/a.json"],
               {"p.json": small, "a.json": b"[]"}, {0, 1}, stdout="closed")
    yield Case("recommend into a full disk", "streams",
               ["recommend", "{dir}/p.json", "{dir}/a.json", "--shift", "S0001"],
               {"p.json": small, "a.json": b"[]"}, {3}, stdout="full")
    yield Case("recommend into a closed pipe", "streams",
               ["recommend", "{dir}/p.json", "{dir}/a.json", "--shift", "S0001", "--json"],
               {"p.json": small, "a.json": b"[]"}, {0}, stdout="closed")
    yield Case("score --json into a full disk", "streams",
               ["score", "{dir}/p.json", "{dir}/a.json", "--json"],
               {"p.json": small, "a.json": b"[]"}, {3}, stdout="full")
    # Roster files that are not rosters: exit 3, with the assignment's pointer.
    rosters = {
        "roster is an object without assignments": b'{"status": "optimal"}',
        "roster is a number": b"7",
        "assignment is a number": b"[1]",
        "assignment is an array": b'[["S0001", "GP007"]]',
        "assignment without clinician": b'[{"shift": "S0001"}]',
        "assignment with a numeric shift": b'[{"shift": 1, "clinician": "GP007"}]',
        "roster not json": b"{",
        "roster invalid utf-8": b'[{"shift": "S\xff", "clinician": "GP007"}]',
        "third assignment bad": b'[{"shift": "S0001", "clinician": "GP007"},'
                                b' {"shift": "S0002", "clinician": "GP011"}, {"shift": "S0003"}]',
    }
    for name, data in rosters.items():
        yield Case(f"score: {name}", "files", ["score", "{dir}/p.json", "{dir}/a.json"],
                   {"p.json": small, "a.json": data}, {3})
    yield Case("score: unknown shift in a roster", "files", ["score", "{dir}/p.json", "{dir}/a.json"],
               {"p.json": small, "a.json": b'[{"shift": "S9999", "clinician": "GP007"}]'}, {1, 3})
    changes = {"change list not json": b"{", "change is a number": b"[1]",
               "empty change list": b"[]", "shift file is a string": b'"x"'}
    for name, data in changes.items():
        yield Case(f"replan: {name}", "files",
                   ["replan", "{dir}/p.json", "{dir}/a.json", "--add-shift", "{dir}/c.json", "-o", "{dir}/r.json"],
                   {"p.json": small, "a.json": b"[]", "c.json": data}, {1, 2, 3},
                   guarded={"r.json": b'{"keep": "me"}\n'})
    yield Case("replan with nothing to change", "files",
               ["replan", "{dir}/p.json", "{dir}/a.json", "-o", "{dir}/r.json"],
               {"p.json": small, "a.json": b"[]"}, {1, 2}, guarded={"r.json": b'{"keep": "me"}\n'})
    yield Case("problem on standard input", "streams", ["validate", "-"], {}, {1}, stdout="pipe")
    # DIMACS problem lines that asked for tens of gigabytes (found by fuzzing the reader).
    for name, text in (("3333333333 nodes", b"p min 3333333333 0\n"),
                       ("42 million nodes", b"p min 42222222 5\nn 1 4\nn 4 -4\n"),
                       ("4 billion arcs announced", b"p min 2 4000000000\na 1 2 0 1 1\n")):
        yield Case(f"flow: DIMACS with {name}", "files", ["flow", "{dir}/n.min"], {"n.min": text}, {1})
    _ = roster_ok


def all_cases() -> List[Case]:
    cases: List[Case] = []
    for family in (syntax, shape, values, references, times, options, files_and_streams):
        cases.extend(family())
    return cases


# --- running ---------------------------------------------------------------------------

@dataclass
class Result:
    case: Case
    failures: List[str]


def run_case(cli: str, case: Case, allowed: Set[int], work: Path) -> Result:
    d = work / f"case{abs(hash(case.name)) % 10**9}"
    if d.exists():
        shutil.rmtree(d)
    d.mkdir(parents=True)
    for name, data in {**case.files, **case.guarded}.items():
        (d / name).write_bytes(data)
    before = sorted(p.name for p in d.iterdir())
    args = [cli] + [a.replace("{dir}", str(d)) for a in case.args]
    failures: List[str] = []
    stdin = subprocess.DEVNULL
    if case.args[-1:] == ["-"]:
        stdin = subprocess.PIPE
    out_file = None
    try:
        if case.stdout == "closed":
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=stdin)
            assert proc.stdout is not None
            proc.stdout.close()
            out, err = proc.communicate(timeout=case.timeout)
            rc = proc.returncode
        else:
            if case.stdout == "full":
                out_file = open("/dev/full", "wb")
            proc = subprocess.Popen(args, stdout=out_file or subprocess.PIPE, stderr=subprocess.PIPE,
                                    stdin=stdin)
            out, err = proc.communicate(input=b"[1" if stdin == subprocess.PIPE else None,
                                        timeout=case.timeout)
            rc = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return Result(case, [f"did not end within {case.timeout:.0f} s"])
    finally:
        if out_file is not None:
            out_file.close()
    stderr = err.decode("utf-8", "replace")
    # `validate` and `score` report on standard output: the message is either stream's.
    said = stderr + (out or b"").decode("utf-8", "replace")
    if rc < 0:
        failures.append(f"killed by signal {signal.Signals(-rc).name}")
    elif rc == 101 or "panicked" in stderr:
        failures.append("panicked")
    elif rc not in allowed:
        failures.append(f"exit status {rc} is not in the README's table")
    elif case.expect is not None and rc not in case.expect:
        failures.append(f"exit status {rc}, expected {sorted(case.expect)}")
    if rc > 0 and not (case.stdout == "closed"):
        if not said.strip():
            failures.append("refused without a message")
        elif not WHERE.search(said):
            failures.append("the message does not say where")
        elif rc in (1, 2) and not WHAT.search(said):
            failures.append("the message has no code")
    if case.stdout == "closed" and stderr.strip():
        failures.append("a closed pipe is not quiet")
    if len(stderr) > 20_000:
        failures.append(f"a {len(stderr)}-byte message on stderr")
    if rc != 0:
        for name, data in case.guarded.items():
            if (d / name).read_bytes() != data:
                failures.append(f"{name} was changed by a failed run")
        after = sorted(p.name for p in d.iterdir())
        extra = sorted(set(after) - set(before))
        if extra:
            failures.append(f"left files behind: {extra}")
    if failures:
        failures.append("said: " + said.strip().replace("\n", " | ")[:300])
    shutil.rmtree(d, ignore_errors=True)
    return Result(case, failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_cli = os.environ.get("ROTAFLOW_CLI") or str(
        Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "rotaflow")
    parser.add_argument("--cli", default=default_cli)
    parser.add_argument("--list", action="store_true", help="print the inputs' names and stop")
    parser.add_argument("--only", help="run the cases whose name contains this")
    parser.add_argument("--keep", type=Path, help="write the inputs into this folder")
    args = parser.parse_args()
    cases = all_cases()
    names = [c.name for c in cases]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        print(f"duplicate case names: {sorted(dupes)}", file=sys.stderr)
        return 2
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    if args.list:
        for c in cases:
            print(f"{c.category:10} {c.name}")
        print(f"{len(cases)} inputs")
        return 0
    if args.keep:
        for i, c in enumerate(cases):
            for name, data in c.files.items():
                (args.keep / f"{i:03}-{name}").parent.mkdir(parents=True, exist_ok=True)
                (args.keep / f"{i:03}-{name}").write_bytes(data)
    allowed = exit_table()
    with tempfile.TemporaryDirectory(prefix="rotaflow-hostile-") as tmp:
        results = [run_case(args.cli, c, allowed, Path(tmp)) for c in cases]
    bad = [r for r in results if r.failures]
    by_category: Dict[str, List[int]] = {}
    for r in results:
        tally = by_category.setdefault(r.case.category, [0, 0])
        tally[0] += 1
        tally[1] += bool(r.failures)
    for category, (n, failed) in by_category.items():
        print(f"  {category:10} {n:4} inputs, {failed} failed")
    for r in bad:
        print(f"FAIL [{r.case.category}] {r.case.name}:")
        for f in r.failures:
            print(f"    {f}")
    print(f"hostile corpus: {len(results)} inputs, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
