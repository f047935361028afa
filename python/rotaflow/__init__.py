"""rotaflow: match clinicians to shifts and build rosters that respect working-time rules.

Thin bindings over the Rust core: the same reader, validator, solvers and evaluator as
the ``rotaflow`` command, so a roster from Python is byte for byte the command's.

>>> import rotaflow
>>> roster = rotaflow.solve({
...     "sites": [{"id": "P1"}],
...     "clinicians": [{"id": "A", "roles": ["gp"], "rate_per_hour": 100},
...                    {"id": "B", "roles": ["gp"], "rate_per_hour": 90}],
...     "shifts": [{"id": "S1", "site": "P1", "role": "gp",
...                 "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"}],
... })
>>> roster.status, roster.objective, roster.assignments
('optimal', 360.0, [{'shift': 'S1', 'clinician': 'B'}])

The problem is one JSON document (schema version 1; see ``docs/schema.md``), given as a
dict, a JSON string, a path, a :class:`Problem`, or built from DataFrames with
:meth:`Problem.from_frames`.
"""

from __future__ import annotations

import json
import os
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import _frames
from ._errors import Issue, Obstacle, RotaflowError, SolverError, ValidationError
from ._rotaflow import NativeProblem, __version__
from ._rotaflow import check_roster as _check_roster
from ._rotaflow import frame_names as _frame_names
from ._rotaflow import generate as _generate
from ._rotaflow import issue_codes as _issue_codes
from ._rotaflow import score as _score
from ._rotaflow import solve as _solve

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

__all__ = [
    "ISSUE_CODES",
    "Issue",
    "Obstacle",
    "Problem",
    "ProblemLike",
    "Roster",
    "RotaflowError",
    "SolverError",
    "ValidationError",
    "__version__",
    "generate",
    "score",
    "solve",
    "validate",
]

#: Every stable validation code (``Issue.code``), in the core's declaration order.
ISSUE_CODES: Tuple[str, ...] = tuple(_issue_codes())



class Problem:
    """A parsed and validated rostering problem (schema version 1).

    Construct it from a dict, a JSON string, a path (``str`` or ``os.PathLike``) or
    another :class:`Problem`; or from DataFrames with :meth:`from_frames`. Every problem
    in the input is reported at once, as a :class:`ValidationError` whose ``errors`` list
    each :class:`Issue` (pointer, code, message).

    A :class:`Problem` is immutable and may be solved by several threads at once.
    """

    __slots__ = ("_native",)

    _native: NativeProblem

    def __init__(self, source: ProblemLike) -> None:
        self._native = _native(source)

    @classmethod
    def _wrap(cls, native: NativeProblem) -> Problem:
        problem = cls.__new__(cls)
        problem._native = native
        return problem

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> Problem:
        """Read a problem document given as a dict (as ``json.load`` returns it)."""
        return cls._wrap(NativeProblem.from_object(document))

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> Problem:
        """Read a problem document given as JSON text."""
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return cls._wrap(NativeProblem.from_json(text))

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]]) -> Problem:
        """Read a problem document from a JSON file."""
        with open(path, encoding="utf-8") as f:
            return cls._wrap(NativeProblem.from_json(f.read()))

    @classmethod
    def from_frames(
        cls,
        sites: Any,
        clinicians: Any,
        shifts: Any,
        availability: Any = None,
        unavailable: Any = None,
        preferences: Any = None,
        travel_km: Any = None,
        pinned: Any = None,
        previous: Any = None,
        weights: Optional[Mapping[str, float]] = None,
        timezone: str = "Europe/London",
        *,
        forbidden_successions: Any = None,
        horizon: Optional[Mapping[str, str]] = None,
        solver: Optional[Mapping[str, Any]] = None,
    ) -> Problem:
        """Build a problem from pandas or polars DataFrames (or mappings of columns).

        Column names are the schema's field names (``docs/schema.md``):

        * ``sites``: ``id`` and optionally ``name``, ``lat``, ``lon``;
        * ``clinicians``: ``id``, ``roles`` and the optional clinician fields; ``home`` as
          ``home.lat`` / ``home.lon`` (or ``home_lat`` / ``home_lon``); working-time rules
          as ``max_shifts`` … (or ``limits.max_shifts`` …), ``max_per_kind`` as a dict;
        * ``shifts``: ``id``, ``site``, ``start``, ``end``, ``role`` and the optional
          shift fields;
        * ``availability`` and ``unavailable``: one row per period, ``clinician``,
          ``start``, ``end`` (a clinician with no availability row is always available);
        * ``preferences``: one row per preference, ``clinician``, ``weight`` and any of
          ``site``, ``kind``, ``day``, ``shift``;
        * ``travel_km`` (``clinician``, ``site``, ``km``), ``pinned`` and ``previous``
          (``shift``, ``clinician``), ``forbidden_successions`` (``first``, ``then``).

        List-valued fields (``roles``, ``skills``, ``excluded_sites``,
        ``preferred_clinicians``, ``excluded_clinicians``) take lists or a ``;``-separated
        string (``"gp;anp"``). A missing value (``None``, NaN, NaT, ``pd.NA``, a polars
        null) leaves the field out. Times may be strings (civil times or RFC 3339) or
        datetimes: naive ones are civil times in ``timezone``, aware ones are instants.

        Raises:
            ValidationError: every problem found — a missing or unknown column, a value of
                the wrong type, NaN where a value is required, an unknown site …; pointers
                name the row (``/shifts/17/site``; ``/availability/3/clinician`` for the
                side frames).
            TypeError: an argument is not a frame.
        """
        frames = {
            "sites": sites,
            "clinicians": clinicians,
            "shifts": shifts,
            "availability": availability,
            "unavailable": unavailable,
            "preferences": preferences,
            "travel_km": travel_km,
            "pinned": pinned,
            "previous": previous,
            "forbidden_successions": forbidden_successions,
        }
        tables = {
            name: _frames.table(name, frame)
            for name, frame in frames.items()
            if frame is not None
        }
        extra: Dict[str, Any] = {"timezone": timezone}
        if weights is not None:
            extra["weights"] = dict(weights)
        if horizon is not None:
            extra["horizon"] = dict(horizon)
        if solver is not None:
            extra["solver"] = dict(solver)
        return cls._wrap(NativeProblem.from_tables(tables, extra))

    def to_json(self) -> str:
        """The problem as the core writes it: pretty JSON with a trailing newline."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The problem document as a dict (a fresh copy each call)."""
        out: Dict[str, Any] = json.loads(self._native.to_json())
        return out

    @property
    def timezone(self) -> str:
        """The IANA zone in which the problem's civil times are read."""
        return self._native.timezone

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Problem):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        sites, clinicians, shifts = self._native.sizes()
        return f"<rotaflow.Problem: {sites} sites, {clinicians} clinicians, {shifts} shifts>"


#: What :func:`solve`, :func:`score` and :func:`validate` accept as a problem.
ProblemLike = Union[Problem, Mapping[str, Any], str, bytes, "os.PathLike[str]"]


def _native(source: ProblemLike) -> NativeProblem:
    if isinstance(source, Problem):
        return source._native
    if isinstance(source, Mapping):
        return NativeProblem.from_object(source)
    if isinstance(source, bytes):
        return NativeProblem.from_json(source.decode("utf-8"))
    if isinstance(source, str):
        if source.lstrip().startswith("{"):
            return NativeProblem.from_json(source)
        return Problem.from_file(source)._native
    if isinstance(source, os.PathLike):
        return Problem.from_file(source)._native
    raise TypeError(
        "a problem is a rotaflow.Problem, a dict, a JSON string or a path, not "
        f"{type(source).__name__}"
    )


class Roster:
    """A solved roster: the answer document (see the README's "The roster").

    ``score``, ``unfilled`` and ``clinicians`` come from the independent evaluator and
    ``objective`` equals ``score["total"]``. An ``infeasible`` roster has ``reason`` and
    ``None`` objective and score. :meth:`to_json` gives exactly the bytes
    ``rotaflow solve`` writes.
    """

    __slots__ = ("_json", "_data", "_problem")

    def __init__(self, text: str, problem: Optional[Problem] = None) -> None:
        """Read a roster document (as :meth:`to_json` writes it); ``problem``, when given,
        lets :meth:`to_pandas` and :meth:`to_polars` add the shifts' details."""
        self._json = _check_roster(text)
        self._data: Dict[str, Any] = json.loads(text)
        self._problem = problem

    @classmethod
    def _solved(cls, text: str, problem: Problem) -> Roster:
        """A roster the core just wrote (no need to check it is one)."""
        roster = cls.__new__(cls)
        roster._json = text
        roster._data = json.loads(text)
        roster._problem = problem
        return roster

    @property
    def status(self) -> str:
        """``optimal``, ``feasible``, ``infeasible`` or ``no_solution``."""
        out: str = self._data["status"]
        return out

    @property
    def method(self) -> str:
        """The solver that produced the roster: ``flow`` or ``mip``."""
        out: str = self._data["method"]
        return out

    @property
    def reason(self) -> Optional[str]:
        """Why there is no roster (``infeasible``, ``no_solution``), else ``None``."""
        out: Optional[str] = self._data.get("reason")
        return out

    @property
    def objective(self) -> Optional[float]:
        """The objective (``score["total"]``), ``None`` without a roster."""
        out: Optional[float] = self._data["objective"]
        return out

    @property
    def bound(self) -> Optional[float]:
        """The best proven lower bound on the objective."""
        out: Optional[float] = self._data["bound"]
        return out

    @property
    def gap(self) -> Optional[float]:
        """The relative gap between objective and bound (0 when proven optimal)."""
        out: Optional[float] = self._data["gap"]
        return out

    @property
    def score(self) -> Optional[Dict[str, float]]:
        """The objective term by term: ``unfilled``, ``over``, ``cost``, ``preference``,
        ``travel``, ``fairness``, ``continuity``, ``change``, ``total``."""
        out: Optional[Dict[str, float]] = self._data["score"]
        return None if out is None else dict(out)

    @property
    def assignments(self) -> List[Dict[str, str]]:
        """Who works what: ``{"shift", "clinician"}`` dicts sorted by shift, clinician."""
        return [dict(a) for a in self._data["assignments"]]

    @property
    def unfilled(self) -> List[Dict[str, Any]]:
        """Shifts short of their headcount: ``{"shift", "missing"}`` dicts."""
        return [dict(u) for u in self._data["unfilled"]]

    @property
    def clinicians(self) -> List[Dict[str, Any]]:
        """Every clinician's share: ``{"id", "shifts", "hours", "cost", "km"}`` dicts."""
        return [dict(c) for c in self._data["clinicians"]]

    @property
    def stats(self) -> Dict[str, Any]:
        """Model size and effort (``nodes``, ``arcs``, ``eligible_pairs``, …)."""
        return dict(self._data["stats"])

    @property
    def problem(self) -> Optional[Problem]:
        """The problem this roster was solved from, when known."""
        return self._problem

    def to_dict(self) -> Dict[str, Any]:
        """The roster document as a dict (a fresh copy each call)."""
        out: Dict[str, Any] = json.loads(self._json)
        return out

    def to_json(self) -> str:
        """The roster document: the exact bytes ``rotaflow solve`` writes."""
        return self._json

    def _columns(self, table: Literal["assignments", "unfilled", "clinicians"]) -> Tuple[Dict[str, List[Any]], List[str]]:
        """Column lists of ``table`` and the names of the time columns (seconds since
        the epoch) among them."""
        if table == "clinicians":
            rows = self._data["clinicians"]
            cols: Dict[str, List[Any]] = {"clinician": [r["id"] for r in rows]}
            if self._problem is not None:
                cols["clinician_name"] = self._problem._native.clinician_names(
                    cols["clinician"]
                )
            for key in ("shifts", "hours", "cost", "km"):
                cols[key] = [r[key] for r in rows]
            return cols, []
        if table == "assignments":
            rows = self._data["assignments"]
            cols = {
                "shift": [r["shift"] for r in rows],
                "clinician": [r["clinician"] for r in rows],
            }
            if self._problem is not None:
                cols["clinician_name"] = self._problem._native.clinician_names(
                    cols["clinician"]
                )
        elif table == "unfilled":
            rows = self._data["unfilled"]
            cols = {
                "shift": [r["shift"] for r in rows],
                "missing": [r["missing"] for r in rows],
            }
        else:
            raise ValueError(
                f"unknown table {table!r}; expected assignments, unfilled or clinicians"
            )
        if self._problem is None:
            return cols, []
        cols.update(self._problem._native.shift_columns(cols["shift"]))
        return cols, ["start", "end"]

    def to_pandas(self, table: Literal["assignments", "unfilled", "clinicians"] = "assignments") -> pandas.DataFrame:
        """A tidy pandas DataFrame of ``table``.

        * ``assignments`` (default): one row per (shift, clinician), with
          ``clinician_name``, ``site``, ``site_name``, ``role``, ``kind``, ``start``,
          ``end`` (tz-aware, in the problem's zone), ``hours`` and ``day`` (ISO date);
        * ``unfilled``: one row per short shift, ``missing`` and the same shift columns;
        * ``clinicians``: one row per clinician, ``shifts``, ``hours``, ``cost``, ``km``.

        The shift and name columns need the problem, so they are present when the
        roster came from :func:`solve` (or was given its problem).
        """
        import pandas as pd

        cols, times = self._columns(table)
        data: Dict[str, Any] = dict(cols)
        for name in times:
            seconds = pd.array(cols[name], dtype="Int64")
            data[name] = pd.to_datetime(seconds, unit="s", utc=True).tz_convert(
                self._timezone()
            )
        return pd.DataFrame(data)

    def to_polars(self, table: Literal["assignments", "unfilled", "clinicians"] = "assignments") -> polars.DataFrame:
        """As :meth:`to_pandas`, a polars DataFrame."""
        import polars as pl

        cols, times = self._columns(table)
        series = []
        for name, values in cols.items():
            if name in times:
                s = pl.Series(name, values, dtype=pl.Int64)
                series.append(
                    pl.from_epoch(s, time_unit="s")
                    .dt.replace_time_zone("UTC")
                    .dt.convert_time_zone(self._timezone())
                )
            else:
                series.append(pl.Series(name, values))
        return pl.DataFrame(series)

    def _timezone(self) -> str:
        return self._problem.timezone if self._problem is not None else "UTC"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Roster):
            return NotImplemented
        return self._json == other._json

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<rotaflow.Roster: {self.status} ({self.method}), objective "
            f"{self.objective}, {len(self._data['assignments'])} assignments, "
            f"{len(self._data['unfilled'])} unfilled>"
        )


def solve(
    problem: ProblemLike,
    *,
    method: Optional[Literal["auto", "flow", "mip"]] = "auto",
    time_limit: Optional[float] = None,
    mip_gap: Optional[float] = None,
    threads: Optional[int] = None,
    seed: Optional[int] = None,
) -> Roster:
    """Solve a problem and return its roster.

    Args:
        problem: a :class:`Problem`, a dict, a JSON string or a path.
        method: ``auto`` (the exact flow when the problem is flow-representable,
            otherwise the MIP), ``flow`` or ``mip``; ``None`` uses the problem's
            ``solver.method``. The other options override the problem's ``solver`` block
            when given.
        time_limit: wall-clock limit in seconds (MIP).
        mip_gap: relative gap at which the MIP may stop.
        threads: threads the MIP may use.
        seed: random seed (MIP).

    Returns:
        The :class:`Roster`; an infeasible problem gives status ``infeasible`` with a
        reason, not an exception.

    Raises:
        ValidationError: the problem or an option is invalid (every problem is listed).
        SolverError: the method cannot solve this problem (``kind`` says why).

    The GIL is released while solving, so other Python threads keep running.
    """
    p = problem if isinstance(problem, Problem) else Problem(problem)
    options = {
        "method": method,
        "time_limit_s": time_limit,
        "mip_gap": mip_gap,
        "threads": threads,
        "seed": seed,
    }
    return Roster._solved(_solve(p._native, options), p)


Assignments = Union[
    Roster,
    Iterable[Union[Mapping[str, str], Sequence[str]]],
    "pandas.DataFrame",
    "polars.DataFrame",
]


def _pairs(assignments: Any) -> List[Tuple[str, str]]:
    if isinstance(assignments, Roster):
        return [(a["shift"], a["clinician"]) for a in assignments._data["assignments"]]
    module = type(assignments).__module__.split(".")[0]
    if module in ("pandas", "polars"):
        shifts = list(assignments["shift"])
        clinicians = list(assignments["clinician"])
        return [(str(s), str(c)) for s, c in zip(shifts, clinicians)]
    pairs = []
    for a in assignments:
        if isinstance(a, Mapping):
            pairs.append((a["shift"], a["clinician"]))
        else:
            shift, clinician = a
            pairs.append((shift, clinician))
    return pairs


def score(problem: ProblemLike, assignments: Assignments) -> Dict[str, Any]:
    """Check assignments against every hard rule and score them (the evaluator).

    Args:
        problem: a :class:`Problem`, a dict, a JSON string or a path.
        assignments: a :class:`Roster`, an iterable of ``{"shift", "clinician"}`` dicts
            or ``(shift, clinician)`` pairs, or a DataFrame with ``shift`` and
            ``clinician`` columns.

    Returns:
        A dict: ``feasible`` (no hard rule broken), ``breaches`` (each with ``rule``,
        ``clinician``, ``shifts``, ``message``), ``score`` (term by term, as
        :attr:`Roster.score`), ``unfilled`` and ``clinicians``. Unknown ids are breaches,
        not errors.

    Raises:
        ValidationError: the problem is invalid.
    """
    p = problem if isinstance(problem, Problem) else Problem(problem)
    evaluation: Dict[str, Any] = json.loads(_score(p._native, _pairs(assignments)))
    return {"feasible": not evaluation["breaches"], **evaluation}


def validate(problem: ProblemLike) -> List[Issue]:
    """Every problem in a problem document, each an :class:`Issue`; empty when valid.

    Unlike :class:`Problem` and :func:`solve`, this does not raise on an invalid
    problem (it still raises :class:`TypeError` for something that is not a problem and
    :class:`OSError` for a file that cannot be read).
    """
    if isinstance(problem, Problem):
        return [Issue(*i) for i in problem._native.issues()]
    try:
        _native(problem)
    except ValidationError as e:
        return list(e.errors)
    return []


def generate(
    clinicians: int = 1000,
    sites: int = 120,
    days: int = 7,
    seed: int = 0,
    start: Optional[str] = None,
) -> Problem:
    """A synthetic flexible-pool week around a city, reproducible from its seed.

    The default is an ICS-sized week: 1,000 clinicians, 120 sites, 7 days from Monday
    2026-12-07 (``start``, an ISO date, changes the first day). The same arguments give
    the same problem as ``rotaflow generate``.

    Raises:
        ValueError: the sizes are out of range (no sites, no days, too many …).
    """
    return Problem._wrap(_generate(clinicians, sites, days, seed, start))


def frame_names() -> List[str]:
    """The frames :meth:`Problem.from_frames` reads, in document order."""
    return list(_frame_names())
