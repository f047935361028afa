"""Helpers shared by the tests (imported as a plain module: the tests are not a
package, so that `import rotaflow` finds the installed package, not the source tree)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any, Dict, List, Optional

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "examples" / "small.json"

#: Three GPs, four sessions on one morning: S4 (penalty 10) stays unfilled.
SHORT: Dict[str, Any] = {
    "sites": [{"id": "P1"}],
    "clinicians": [
        {"id": "A", "roles": ["gp"], "rate_per_hour": 100},
        {"id": "B", "roles": ["gp"], "rate_per_hour": 90},
        {"id": "C", "roles": ["gp"], "rate_per_hour": 95},
    ],
    "shifts": [
        {"id": "S1", "site": "P1", "role": "gp",
         "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
        {"id": "S2", "site": "P1", "role": "gp",
         "start": "2026-12-07T09:00", "end": "2026-12-07T13:00"},
        {"id": "S3", "site": "P1", "role": "gp",
         "start": "2026-12-07T13:30", "end": "2026-12-07T17:30"},
        {"id": "S4", "site": "P1", "role": "gp", "unfilled_penalty": 10,
         "start": "2026-12-07T10:00", "end": "2026-12-07T12:00"},
    ],
}

#: The Wednesdays of five weeks from Monday 7 December 2026.
WEDNESDAYS = ["2026-12-09", "2026-12-16", "2026-12-23", "2026-12-30", "2027-01-06"]

#: GP A on the Wednesday AM at P in each of five weeks, each repeat beyond the third
#: priced at 7.5 (issue 15, docs/patterns.md): a pattern of 5 weeks costing 15.
PATTERN: Dict[str, Any] = {
    "horizon": {"start": "2026-12-07", "end": "2027-01-10"},
    "sites": [{"id": "P"}],
    "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 10}],
    "shifts": [{"id": f"W{w}", "site": "P", "role": "gp", "kind": "AM",
                "start": f"{day}T08:30", "end": f"{day}T12:30"}
               for w, day in enumerate(WEDNESDAYS)],
    "weights": {"pattern": 7.5},
}

#: A may work one session and works S1 (liked 1); A likes S2 (3) better, and S2 ranks A
#: above B, who works it: one blocking pair, A on S2 instead of S1, displacing B.
BLOCKING: Dict[str, Any] = {
    "sites": [{"id": "P1"}],
    "clinicians": [
        {"id": "A", "roles": ["gp"], "limits": {"max_shifts": 1},
         "preferences": [{"shift": "S1", "weight": 1}, {"shift": "S2", "weight": 3}]},
        {"id": "B", "roles": ["gp"]},
    ],
    "shifts": [
        {"id": "S1", "site": "P1", "role": "gp",
         "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
        {"id": "S2", "site": "P1", "role": "gp", "preferred_clinicians": ["A", "B"],
         "start": "2026-12-08T08:30", "end": "2026-12-08T12:30"},
    ],
}
BLOCKING_ROSTER = [{"shift": "S1", "clinician": "A"}, {"shift": "S2", "clinician": "B"}]


def to_frames(
    doc: Dict[str, Any], lib: str = "pandas", times: str = "str"
) -> Dict[str, Any]:
    """The keyword arguments of ``Problem.from_frames`` equivalent to ``doc``.

    ``times``: ``str`` keeps the civil-time strings, ``naive`` turns them into naive
    datetimes, ``aware`` into tz-aware datetimes in the problem's zone.
    """
    tz = doc.get("timezone", "Europe/London")
    sites = [dict(s) for s in doc.get("sites", [])]
    clinicians: List[Dict[str, Any]] = []
    availability: List[Dict[str, Any]] = []
    unavailable: List[Dict[str, Any]] = []
    preferences: List[Dict[str, Any]] = []
    credentials: List[Dict[str, Any]] = []
    for c in doc.get("clinicians", []):
        row = {k: v for k, v in c.items() if k not in ("home", "limits", "availability",
                                                     "unavailable", "preferences", "skills")}
        if "home" in c:
            row["home.lat"] = c["home"]["lat"]
            row["home.lon"] = c["home"]["lon"]
        for k, v in c.get("limits", {}).items():
            if k == "per_week":
                for field, value in v.items():
                    row[f"{field}_per_week"] = value
            else:
                row[k] = v
        # Names in the skills column, credentials (dated) in their own frame: the order
        # is kept when every name comes before every credential.
        names = [k for k in c.get("skills", []) if isinstance(k, str)]
        if names:
            row["skills"] = names
        for k in c.get("skills", []):
            if not isinstance(k, str):
                credentials.append({"clinician": c["id"], **k})
        clinicians.append(row)
        for a in c.get("availability", []):
            availability.append({"clinician": c["id"], **a})
        for a in c.get("unavailable", []):
            unavailable.append({"clinician": c["id"], **a})
        for p in c.get("preferences", []):
            preferences.append({"clinician": c["id"], **p})
    shifts = [dict(s) for s in doc.get("shifts", [])]
    out: Dict[str, Any] = {
        "sites": sites,
        "clinicians": clinicians,
        "shifts": shifts,
        "availability": availability if availability else None,
        "unavailable": unavailable if unavailable else None,
        "preferences": preferences if preferences else None,
        "travel_km": doc.get("travel_km"),
        "pinned": doc.get("pinned"),
        "previous": doc.get("previous"),
        "history": doc.get("history"),
        "forbidden_successions": doc.get("forbidden_successions"),
        "credentials": credentials if credentials else None,
    }
    frames: Dict[str, Any] = {}
    for name, rows in out.items():
        if rows is None:
            continue
        frames[name] = _frame(rows, lib, times if name in (
            "shifts", "availability", "unavailable") else "str", tz)
    frames["weights"] = doc.get("weights")
    frames["timezone"] = tz
    frames["horizon"] = doc.get("horizon")
    frames["solver"] = doc.get("solver")
    if "required_skills" in doc:
        frames["required_skills"] = doc["required_skills"]
    return frames


def _frame(rows: List[Dict[str, Any]], lib: str, times: str, tz: str) -> Any:
    if lib == "pandas":
        import pandas as pd

        frame = pd.DataFrame.from_records(rows)
        if times != "str":
            for col in ("start", "end"):
                if col in frame:
                    t = pd.to_datetime(frame[col])
                    frame[col] = t.dt.tz_localize(tz) if times == "aware" else t
        return frame
    import polars as pl

    frame = pl.from_dicts(rows, infer_schema_length=None)
    if times != "str":
        for col in ("start", "end"):
            if col in frame.columns:
                t = pl.col(col).str.to_datetime("%Y-%m-%dT%H:%M", time_unit="us")
                if times == "aware":
                    t = t.dt.replace_time_zone(tz)
                frame = frame.with_columns(t)
    return frame


def solve_with_cli(cli: Path, problem_json: str, tmp: Path, method: Optional[str] = "auto") -> bytes:
    path = tmp / "problem.json"
    path.write_text(problem_json)
    args = [str(cli), "solve", str(path), "-q"]
    if method:
        args += ["--method", method]
    done = subprocess.run(args, capture_output=True)
    assert done.returncode in (0, 4), done.stderr.decode()
    return done.stdout
