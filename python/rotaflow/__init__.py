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
import operator
import os
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    Iterator,
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
from ._rotaflow import explain as _explain
from ._rotaflow import frame_names as _frame_names
from ._rotaflow import generate as _generate
from ._rotaflow import issue_codes as _issue_codes
from ._rotaflow import recommend as _recommend
from ._rotaflow import replan as _replan
from ._rotaflow import report_html as _report_html
from ._rotaflow import score as _score
from ._rotaflow import solve as _solve
from ._rotaflow import whatif as _whatif

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

__all__ = [
    "ISSUE_CODES",
    "Issue",
    "Obstacle",
    "Problem",
    "ProblemLike",
    "Replan",
    "Roster",
    "RosterLike",
    "RotaflowError",
    "SolverError",
    "ValidationError",
    "__version__",
    "explain",
    "generate",
    "recommend",
    "replan",
    "report_html",
    "score",
    "solve",
    "validate",
    "whatif",
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

    def report_html(self, problem: Optional[ProblemLike] = None) -> str:
        """The self-contained HTML report of this roster (as ``rotaflow solve --report``
        writes it): see :func:`report_html`. ``problem`` defaults to the problem the
        roster was solved from."""
        return report_html(self._problem_or(problem), self)

    def write_report(
        self,
        path: Union[str, os.PathLike[str]],
        problem: Optional[ProblemLike] = None,
    ) -> None:
        """Write :meth:`report_html` to ``path`` (UTF-8)."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.report_html(problem))

    def _problem_or(self, problem: Optional[ProblemLike]) -> Problem:
        if problem is not None:
            return problem if isinstance(problem, Problem) else Problem(problem)
        if self._problem is None:
            raise ValueError(
                "this roster does not know its problem; pass the problem "
                "(roster.report_html(problem))"
            )
        return self._problem

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


# ---------------------------------------------------------------------------------------
# The planner's operations: explain, recommend, replan, whatif and the HTML report. Each
# calls rotaflow::ops in the core and returns its JSON document as a dict: the document
# `rotaflow explain/recommend/replan/whatif --json` prints (see docs/operations.md).

#: What the operations accept as a roster: a :class:`Roster`, a roster document (a dict,
#: JSON text or the path of a file with an ``assignments`` list, or a list of
#: assignments), or the assignments themselves (as
#: :func:`score` takes them: ``{"shift", "clinician"}`` dicts, ``(shift, clinician)``
#: pairs, a DataFrame with ``shift`` and ``clinician`` columns).
RosterLike = Union[Roster, Mapping[str, Any], str, bytes, "os.PathLike[str]", Assignments]


def _roster_pairs(roster: RosterLike) -> List[Tuple[str, str]]:
    if isinstance(roster, os.PathLike) or (
        isinstance(roster, str) and not roster.lstrip().startswith(("{", "["))
    ):
        with open(roster, encoding="utf-8") as f:
            roster = f.read()
    if isinstance(roster, bytes):
        roster = roster.decode("utf-8")
    if isinstance(roster, str):
        try:
            roster = json.loads(roster)
        except json.JSONDecodeError as e:
            raise ValidationError(
                f"the roster is not valid JSON: {e}",
                [("", "invalid_json", f"the roster is not valid JSON: {e}")],
            ) from None
    if isinstance(roster, Mapping):
        if "assignments" not in roster:
            raise ValidationError(
                "the roster document has no `assignments` list",
                [("", "missing_field", "a roster document needs an `assignments` list")],
            )
        roster = roster["assignments"]
    try:
        return _pairs(roster)
    except (KeyError, TypeError, ValueError) as e:
        raise TypeError(
            "a roster is a rotaflow.Roster, a roster document, or a list of "
            f"{{'shift', 'clinician'}} dicts or (shift, clinician) pairs: {e!r}"
        ) from None


def _count(name: str, value: int) -> int:
    """An integer >= 0 (numpy integers too), else ValueError."""
    try:
        n = operator.index(value)
    except TypeError:
        n = -1
    if isinstance(value, bool) or n < 0:
        raise ValueError(f"{name} must be an integer >= 0, not {value!r}")
    return n


def _problem(problem: ProblemLike) -> Problem:
    return problem if isinstance(problem, Problem) else Problem(problem)


def _options(
    method: Optional[str],
    time_limit: Optional[float],
    mip_gap: Optional[float],
    threads: Optional[int],
    seed: Optional[int],
) -> Dict[str, Any]:
    return {
        "method": method,
        "time_limit_s": time_limit,
        "mip_gap": mip_gap,
        "threads": threads,
        "seed": seed,
    }


def explain(problem: ProblemLike, roster: RosterLike) -> Dict[str, Any]:
    """Why each unfilled shift is unfilled, and where the objective comes from.

    Args:
        problem: a :class:`Problem`, a dict, a JSON string or a path.
        roster: a :class:`Roster`, a roster document (dict, JSON text or path), or a
            list of assignments (an edited roster is fine).

    Returns:
        The explanation, the document ``rotaflow explain --json`` prints: ``objective``,
        ``score``, ``pricing`` (``residual``, ``direct`` or ``none``), ``note``,
        ``breaches``, ``unfilled`` (costliest first, each with ``reason``, ``message``,
        ``ineligible`` counts and ``blockers``), ``clinicians`` and ``sites`` (the
        objective split per clinician and per site). ``pandas.DataFrame(e["unfilled"])``
        and ``pandas.DataFrame(e["clinicians"])`` give tables.

    Raises:
        ValidationError: the problem is invalid, or the roster names an unknown shift or
            clinician (pointer ``/assignments/<i>/shift`` or ``…/clinician``).

    The GIL is released while explaining.
    """
    p = _problem(problem)
    out: Dict[str, Any] = json.loads(_explain(p._native, _roster_pairs(roster)))
    return out


def recommend(
    problem: ProblemLike,
    roster: RosterLike,
    shift: str,
    k: int = 5,
    *,
    method: Optional[Literal["auto", "flow", "mip"]] = None,
    time_limit: Optional[float] = None,
    mip_gap: Optional[float] = None,
    threads: Optional[int] = None,
    seed: Optional[int] = None,
) -> Dict[str, Any]:
    """Rank the clinicians who could cover ``shift`` by the change in the whole roster's
    objective, with the knock-on moves each implies.

    Args:
        problem, roster: as :func:`explain`.
        shift: the shift's id.
        k: how many candidates (0: every eligible clinician).
        method, time_limit, mip_gap, threads, seed: the solve options used when the
            candidates must be re-solved (a problem the flow cannot represent, or a roster
            that is not an optimal flow); as :func:`solve`, ``None`` keeps the problem's.

    Returns:
        The recommendation, the document ``rotaflow recommend --json`` prints: ``shift``,
        ``method`` (``residual`` or ``resolve``), ``note``, ``objective``, ``assigned``,
        ``considered`` and ``candidates`` (best first, each with ``clinician``, ``delta``
        (new − old objective; negative is better), ``objective``, ``added``, ``removed``
        and ``reason`` when they cannot cover it).

    Raises:
        ValidationError: the problem or an option is invalid, the roster names an unknown
            id, or no shift has the id ``shift`` (code ``unknown_shift``, pointer
            ``/shift``).
        SolverError: a re-solve failed (``kind`` says why).
    """
    k = _count("k", k)
    p = _problem(problem)
    options = _options(method, time_limit, mip_gap, threads, seed)
    out: Dict[str, Any] = json.loads(
        _recommend(p._native, _roster_pairs(roster), shift, k, options)
    )
    return out


class Replan:
    """The answer of :func:`replan`: the repaired roster and what changed.

    Attributes:
        roster: the repaired :class:`Roster` (its problem is :attr:`problem`), byte for
            byte the roster ``rotaflow replan`` writes.
        diff: ``added`` and ``removed`` (lists of ``{"shift", "clinician"}``), ``moved``
            (``{"clinician", "from", "to"}``), ``kept`` (pairs of the published roster
            kept), ``newly_unfilled`` and ``newly_filled`` (shift ids).
        change_weight: the ``weights.change`` used.
        notes: remarks (pins dropped, a zero change weight).
        problem: the problem after the changes (the published roster as ``previous``,
            started shifts pinned): solve or explain it again as it is.

    ``roster, diff = rotaflow.replan(...)`` unpacks the two most used;
    :meth:`to_pandas` gives the diff as a table and :meth:`to_dict` the document
    ``rotaflow replan --json`` writes.
    """

    __slots__ = ("roster", "diff", "change_weight", "notes", "problem")

    roster: Roster
    diff: Dict[str, Any]
    change_weight: float
    notes: List[str]
    problem: Problem

    def __init__(
        self,
        roster: Roster,
        diff: Dict[str, Any],
        change_weight: float,
        notes: List[str],
        problem: Problem,
    ) -> None:
        self.roster = roster
        self.diff = diff
        self.change_weight = change_weight
        self.notes = notes
        self.problem = problem

    def __iter__(self) -> Iterator[Any]:
        return iter((self.roster, self.diff))

    def to_dict(self) -> Dict[str, Any]:
        """``{"roster", "diff", "change_weight", "notes", "problem"}``: the document
        ``rotaflow replan --json`` writes (fresh copies)."""
        return {
            "roster": self.roster.to_dict(),
            "diff": json.loads(json.dumps(self.diff)),
            "change_weight": self.change_weight,
            "notes": list(self.notes),
            "problem": self.problem.to_dict(),
        }

    def to_pandas(self) -> pandas.DataFrame:
        """The diff as a pandas DataFrame: one row per pair added or removed, columns
        ``change`` (``added`` or ``removed``), ``shift`` and ``clinician``."""
        import pandas as pd

        rows = [
            {"change": change, "shift": a["shift"], "clinician": a["clinician"]}
            for change in ("removed", "added")
            for a in self.diff[change]
        ]
        return pd.DataFrame(rows, columns=["change", "shift", "clinician"])

    def __repr__(self) -> str:
        d = self.diff
        return (
            f"<rotaflow.Replan: {d['kept']} kept, {len(d['removed'])} removed, "
            f"{len(d['added'])} added, {len(d['moved'])} moved; {self.roster!r}>"
        )


def replan(
    problem: ProblemLike,
    roster: RosterLike,
    *,
    cancel: Union[str, Sequence[str], None] = None,
    cancel_from: Optional[str] = None,
    drop_shift: Union[str, Sequence[str], None] = None,
    add_shift: Union[Mapping[str, Any], Sequence[Mapping[str, Any]], None] = None,
    changes: Optional[Sequence[Mapping[str, Any]]] = None,
    change_weight: Optional[float] = None,
    method: Optional[Literal["auto", "flow", "mip"]] = None,
    time_limit: Optional[float] = None,
    mip_gap: Optional[float] = None,
    threads: Optional[int] = None,
    seed: Optional[int] = None,
) -> Replan:
    """Repair a published roster after a change, keeping every unaffected assignment
    unless moving it is worth more than ``change_weight``.

    Args:
        problem: as :func:`explain`.
        roster: the published roster, as :func:`explain` takes it.
        cancel: a clinician id (or several) who cancels.
        cancel_from: when the cancellations start (civil time in the problem's zone or
            RFC 3339); default: the whole horizon. Shifts that have started stay.
        drop_shift: a shift id (or several) no longer needed.
        add_shift: a new shift (a dict as in the problem document), or several.
        changes: the changes as documents, applied after the ones above, in order:
            ``{"cancel": {"clinician": "GP1", "from": "2026-12-08T00:00"}}``,
            ``{"drop_shift": {"shift": "S1"}}``, ``{"add_shift": {"shift": {...}}}``.
        change_weight: the cost of moving a published assignment (default: the
            problem's ``weights.change``; with 0 nothing is held in place).
        method, time_limit, mip_gap, threads, seed: solve options, as :func:`solve`.

    Returns:
        A :class:`Replan`; ``new_roster, diff = rotaflow.replan(...)`` unpacks it.

    Raises:
        ValueError: no change was given.
        ValidationError: the problem, the roster or a change is invalid (an unknown
            clinician or shift, an unreadable time, a bad added shift); pointers name the
            change as ``/changes/<i>/…``, counting cancellations first, then dropped and
            added shifts, then ``changes``.
        SolverError: the repair could not be solved (``kind`` says why).
    """
    docs: List[Any] = []
    for clinician in _strings(cancel):
        c: Dict[str, Any] = {"clinician": clinician}
        if cancel_from is not None:
            c["from"] = cancel_from
        docs.append({"cancel": c})
    if cancel_from is not None and not docs:
        raise ValueError("cancel_from needs cancel")
    docs.extend({"drop_shift": {"shift": s}} for s in _strings(drop_shift))
    if add_shift is not None:
        shifts = [add_shift] if isinstance(add_shift, Mapping) else list(add_shift)
        docs.extend({"add_shift": {"shift": dict(s)}} for s in shifts)
    if changes is not None:
        docs.extend(changes)
    if not docs:
        raise ValueError("replan needs a change: cancel, drop_shift, add_shift or changes")
    p = _problem(problem)
    options = _options(method, time_limit, mip_gap, threads, seed)
    roster_json, rest, native = _replan(
        p._native, _roster_pairs(roster), docs, change_weight, options
    )
    after = Problem._wrap(native)
    data: Dict[str, Any] = json.loads(rest)
    return Replan(
        Roster._solved(roster_json, after),
        data["diff"],
        data["change_weight"],
        data["notes"],
        after,
    )


def _strings(value: Union[str, Sequence[str], None]) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def whatif(problem: ProblemLike, top: int = 10) -> Dict[str, Any]:
    """Marginal values from the optimal duals: how much the objective would fall with one
    more session of each role at each site and day, and one more from each clinician.

    Args:
        problem: as :func:`explain`.
        top: how many of each list (0: all; zero values are left out).

    Returns:
        The document ``rotaflow whatif --json`` prints: ``objective`` (the optimum),
        ``sessions`` (``role``, ``site``, ``day``, ``shifts``, ``value``, ``shift``,
        ``added``, ``removed``; largest value first) and ``clinicians`` (``clinician``,
        ``value``, ``shifts``, ``limit``, ``added``, ``removed``).

    Raises:
        ValidationError: the problem is invalid.
        SolverError: ``kind`` ``not_flow_representable`` (``obstacles`` names the rules
            in the way) or ``method_unavailable`` (no roster meets the minimums and pins).
    """
    top = _count("top", top)
    p = _problem(problem)
    out: Dict[str, Any] = json.loads(_whatif(p._native, top))
    return out


def report_html(problem: ProblemLike, roster: Union[Roster, Mapping[str, Any], str, bytes]) -> str:
    """One self-contained HTML page a planner can read (no network, no external assets):
    summary tiles, a clinician × day timeline, a site × day grid and the unfilled shifts
    with their explanations. The same page as ``rotaflow solve --report``.

    Args:
        problem: as :func:`explain`.
        roster: a :class:`Roster`, or a roster document (dict or JSON text) as
            :meth:`Roster.to_json` writes it — the report needs the whole document
            (status, method, score), not only the assignments.

    Raises:
        ValidationError: the problem is invalid, the roster is not a roster document, or
            it names an unknown shift or clinician.
    """
    p = _problem(problem)
    if isinstance(roster, Roster):
        text = roster.to_json()
    elif isinstance(roster, bytes):
        text = roster.decode("utf-8")
    elif isinstance(roster, str):
        text = roster
    elif isinstance(roster, Mapping):
        text = json.dumps(roster)
    else:
        raise TypeError(
            "report_html needs a rotaflow.Roster or a roster document, not "
            f"{type(roster).__name__}"
        )
    return _report_html(p._native, text)
