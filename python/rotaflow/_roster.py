"""The roster: :class:`Roster` (the answer document, tidy frames out, the HTML report)
and the readers of what the operations accept as a roster or as assignments."""

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

from ._errors import ValidationError
from ._problem import Problem, ProblemLike, as_problem
from ._rotaflow import check_roster as _check_roster
from ._rotaflow import read_assignments as _read_assignments
from ._rotaflow import report_html as _report_html
from ._rotaflow import text_of as _text_of
from ._types import Assignment, ClinicianSummary, RosterDocument, Score, Stats, Unfilled

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

__all__ = ["Assignments", "Roster", "RosterLike", "assignment_pairs", "roster_pairs", "roster_text"]


class Roster:
    """A solved roster: the answer document (see the README's "The roster").

    ``score``, ``unfilled`` and ``clinicians`` come from the independent evaluator and
    ``objective`` equals ``score["total"]``. An ``infeasible`` roster has ``reason`` and
    ``None`` objective and score. :meth:`to_json` gives exactly the bytes
    ``rotaflow solve`` writes.
    """

    __slots__ = ("_json", "_data", "_problem")

    _data: RosterDocument

    def __init__(self, text: str, problem: Optional[Problem] = None) -> None:
        """Read a roster document (as :meth:`to_json` writes it); ``problem``, when given,
        lets :meth:`to_pandas` and :meth:`to_polars` add the shifts' details."""
        self._json = _check_roster(text)
        self._data = json.loads(text)
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
    def status(self) -> Literal["optimal", "feasible", "infeasible", "no_solution"]:
        """``optimal``, ``feasible``, ``infeasible`` or ``no_solution``."""
        return self._data["status"]

    @property
    def method(self) -> Literal["flow", "mip", "decompose"]:
        """The solver that produced the roster: ``flow`` or ``mip``."""
        return self._data["method"]

    @property
    def reason(self) -> Optional[str]:
        """Why there is no roster (``infeasible``, ``no_solution``), else ``None``."""
        return self._data.get("reason")

    @property
    def objective(self) -> Optional[float]:
        """The objective (``score["total"]``), ``None`` without a roster."""
        return self._data["objective"]

    @property
    def bound(self) -> Optional[float]:
        """The best proven lower bound on the objective."""
        return self._data["bound"]

    @property
    def gap(self) -> Optional[float]:
        """The relative gap between objective and bound (0 when proven optimal)."""
        return self._data["gap"]

    @property
    def score(self) -> Optional[Score]:
        """The objective term by term: ``unfilled``, ``over``, ``cost``, ``preference``,
        ``travel``, ``fairness``, ``continuity``, ``change``, ``total``."""
        out = self._data["score"]
        return None if out is None else out.copy()

    @property
    def assignments(self) -> List[Assignment]:
        """Who works what: ``{"shift", "clinician"}`` dicts sorted by shift, clinician."""
        return [a.copy() for a in self._data["assignments"]]

    @property
    def unfilled(self) -> List[Unfilled]:
        """Shifts short of their headcount: ``{"shift", "missing"}`` dicts."""
        return [u.copy() for u in self._data["unfilled"]]

    @property
    def clinicians(self) -> List[ClinicianSummary]:
        """Every clinician's share: ``{"id", "shifts", "hours", "cost", "km"}`` dicts."""
        return [c.copy() for c in self._data["clinicians"]]

    @property
    def stats(self) -> Stats:
        """Model size and effort (``nodes``, ``arcs``, ``eligible_pairs``, …)."""
        return self._data["stats"].copy()

    @property
    def problem(self) -> Optional[Problem]:
        """The problem this roster was solved from, when known."""
        return self._problem

    def to_dict(self) -> RosterDocument:
        """The roster document as a dict (a fresh copy each call)."""
        out: RosterDocument = json.loads(self._json)
        return out

    def to_json(self) -> str:
        """The roster document: the exact bytes ``rotaflow solve`` writes."""
        return self._json

    def _columns(
        self, table: Literal["assignments", "unfilled", "clinicians"]
    ) -> Tuple[Dict[str, List[Any]], List[str]]:
        """Column lists of ``table`` and the names of the time columns (seconds since
        the epoch) among them."""
        cols: Dict[str, List[Any]]
        if table == "clinicians":
            people = self._data["clinicians"]
            cols = {"clinician": [r["id"] for r in people]}
            if self._problem is not None:
                cols["clinician_name"] = self._problem._native.clinician_names(
                    cols["clinician"]
                )
            cols["shifts"] = [r["shifts"] for r in people]
            cols["hours"] = [r["hours"] for r in people]
            cols["cost"] = [r["cost"] for r in people]
            cols["km"] = [r["km"] for r in people]
            return cols, []
        if table == "assignments":
            pairs = self._data["assignments"]
            cols = {
                "shift": [r["shift"] for r in pairs],
                "clinician": [r["clinician"] for r in pairs],
            }
            if self._problem is not None:
                cols["clinician_name"] = self._problem._native.clinician_names(
                    cols["clinician"]
                )
        elif table == "unfilled":
            short = self._data["unfilled"]
            cols = {
                "shift": [r["shift"] for r in short],
                "missing": [r["missing"] for r in short],
            }
        else:
            raise ValueError(
                f"unknown table {table!r}; expected assignments, unfilled or clinicians"
            )
        if self._problem is None:
            return cols, []
        cols.update(self._problem._native.shift_columns(cols["shift"]))
        return cols, ["start", "end"]

    def to_pandas(
        self, table: Literal["assignments", "unfilled", "clinicians"] = "assignments"
    ) -> pandas.DataFrame:
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

    def to_polars(
        self, table: Literal["assignments", "unfilled", "clinicians"] = "assignments"
    ) -> polars.DataFrame:
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
        return _report_html(self._problem_or(problem)._native, self._json)

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
            return as_problem(problem)
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

    def __reduce__(self) -> Tuple[Any, Tuple[str, Optional[Problem]]]:
        """Pickle as the roster document's JSON text and the problem it was solved from
        (itself pickled as its JSON text): an equal roster that still knows its problem."""
        return (type(self), (self._json, self._problem))

    def __repr__(self) -> str:
        return (
            f"<rotaflow.Roster: {self.status} ({self.method}), objective "
            f"{self.objective}, {len(self._data['assignments'])} assignments, "
            f"{len(self._data['unfilled'])} unfilled>"
        )


#: What :func:`score` accepts as assignments: a :class:`Roster`, ``{"shift",
#: "clinician"}`` dicts, ``(shift, clinician)`` pairs, or a DataFrame with ``shift`` and
#: ``clinician`` columns.
Assignments = Union[
    Roster,
    Iterable[Union[Mapping[str, str], Sequence[str]]],
    "pandas.DataFrame",
    "polars.DataFrame",
]

#: What the operations accept as a roster: a :class:`Roster`, a roster document (a dict,
#: JSON text or the path of a file with an ``assignments`` list, or a list of
#: assignments), or the assignments themselves (as
#: :func:`score` takes them: ``{"shift", "clinician"}`` dicts, ``(shift, clinician)``
#: pairs, a DataFrame with ``shift`` and ``clinician`` columns).
RosterLike = Union[Roster, Mapping[str, Any], str, bytes, os.PathLike[str], Assignments]


def assignment_pairs(assignments: Any) -> List[Tuple[str, str]]:
    """``(shift, clinician)`` pairs of any :data:`Assignments`; a malformed item raises
    the ``KeyError``, ``TypeError`` or ``ValueError`` of reading it."""
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


def roster_pairs(roster: RosterLike) -> List[Tuple[str, str]]:
    """``(shift, clinician)`` pairs of any :data:`RosterLike`.

    Raises:
        ValidationError: a document (text, a path's contents or a dict) is not JSON
            (``invalid_json``), has no ``assignments`` list (``missing_field``), or has an
            assignment that is not ``{"shift", "clinician"}`` (its pointer says which).
        TypeError: the assignments are not ``{"shift", "clinician"}`` dicts or pairs.
        OSError: a path cannot be read.
    """
    if isinstance(roster, os.PathLike) or (
        isinstance(roster, str) and not roster.lstrip().startswith(("{", "["))
    ):
        with open(roster, "rb") as f:
            roster = f.read()
    if isinstance(roster, bytes):
        roster = _text_of(roster)
    if isinstance(roster, (str, Mapping)):
        # A document: the core's reader, as the command and the C ABI read it.
        return _read_assignments(roster)
    try:
        return assignment_pairs(roster)
    except (KeyError, TypeError, ValueError) as e:
        raise TypeError(
            "a roster is a rotaflow.Roster, a roster document, or a list of "
            f"{{'shift', 'clinician'}} dicts or (shift, clinician) pairs: {e!r}"
        ) from None


def roster_text(roster: Union[Roster, Mapping[str, Any], str, bytes]) -> str:
    """The JSON text of a whole roster document (the report needs status, method and
    score, not only the assignments)."""
    if isinstance(roster, Roster):
        return roster.to_json()
    if isinstance(roster, bytes):
        return _text_of(roster)
    if isinstance(roster, str):
        return roster
    if isinstance(roster, Mapping):
        return json.dumps(roster)
    raise TypeError(
        "report_html needs a rotaflow.Roster or a roster document, not "
        f"{type(roster).__name__}"
    )
