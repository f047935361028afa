"""The problem: :class:`Problem`, read from a dict, JSON text, a path or DataFrames, and
the schema's constants the core exports (validation codes, frame names)."""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _frames
from ._rotaflow import NativeProblem
from ._rotaflow import frame_names as _frame_names
from ._rotaflow import generate as _generate
from ._rotaflow import issue_codes as _issue_codes
from ._rotaflow import text_of as _text_of

__all__ = [
    "ISSUE_CODES",
    "Problem",
    "ProblemLike",
    "as_problem",
    "frame_names",
    "generate",
    "native_of",
]

#: Every stable validation code (``Issue.code``), in the core's declaration order.
ISSUE_CODES: Tuple[str, ...] = tuple(_issue_codes())


class Problem:
    """A parsed and validated rostering problem (schema version 1, revision 1.1).

    Construct it from a dict, a JSON string, a path (``str`` or ``os.PathLike``) or
    another :class:`Problem`; or from DataFrames with :meth:`from_frames`. Every problem
    in the input is reported at once, as a :class:`ValidationError` whose ``errors`` list
    each :class:`Issue` (pointer, code, message).

    A :class:`Problem` is immutable and may be solved by several threads at once.
    """

    __slots__ = ("_native",)

    def __init__(self, source: ProblemLike) -> None:
        self._native = native_of(source)

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
        """Read a problem document given as JSON text (bytes must be UTF-8: anything else
        is a :class:`ValidationError` with code ``invalid_utf8`` and the byte offset)."""
        if isinstance(text, bytes):
            text = _text_of(text)
        return cls._wrap(NativeProblem.from_json(text))

    @classmethod
    def from_file(cls, path: Union[str, os.PathLike[str]]) -> Problem:
        """Read a problem document from a JSON file (UTF-8, as :meth:`from_json` reads
        bytes)."""
        with open(path, "rb") as f:
            return cls._wrap(NativeProblem.from_json(_text_of(f.read())))

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
        credentials: Any = None,
        history: Any = None,
        required_skills: Optional[Mapping[str, Union[str, Sequence[str]]]] = None,
    ) -> Problem:
        """Build a problem from pandas or polars DataFrames (or mappings of columns).

        Column names are the schema's field names (``docs/schema.md``):

        * ``sites``: ``id`` and optionally ``name``, ``lat``, ``lon``;
        * ``clinicians``: ``id``, ``roles`` and the optional clinician fields; ``home`` as
          ``home.lat`` / ``home.lon`` (or ``home_lat`` / ``home_lon``); working-time rules
          as ``max_shifts`` … (or ``limits.max_shifts`` …), ``max_per_kind`` as a dict;
          weekly limits (``limits.per_week``) as ``max_shifts_per_week``,
          ``max_hours_per_week`` and ``min_shifts_per_week`` (or ``per_week.max_shifts`` …);
        * ``shifts``: ``id``, ``site``, ``start``, ``end``, ``role`` and the optional
          shift fields;
        * ``availability`` and ``unavailable``: one row per period, ``clinician``,
          ``start``, ``end`` (a clinician with no availability row is always available);
        * ``preferences``: one row per preference, ``clinician``, ``weight`` and any of
          ``site``, ``kind``, ``day``, ``shift``;
        * ``travel_km`` (``clinician``, ``site``, ``km``), ``pinned`` and ``previous``
          (``shift``, ``clinician``), ``forbidden_successions`` (``first``, ``then``);
        * ``credentials``: one row per credential, ``clinician``, ``name`` and optionally
          ``valid_from`` and ``valid_until`` (ISO dates, dates or datetimes — the date is
          read —, both inclusive; a missing one is unbounded). The rows join the
          clinician's ``skills`` after the names of the clinicians frame's ``skills``
          column, in frame order; a renewal is a second row of the same name. Skills held
          on every day may stay in the ``skills`` column (or be rows without dates).

        * ``history``: sessions worked before the horizon, one row each, ``clinician``,
          ``site``, ``date`` (an ISO date, date or datetime) and optionally ``kind``: the
          document's ``history``, read by the employment-pattern warnings only.

        ``required_skills`` maps a role to the skills every shift of that role requires
        (a list, or a ``;``-separated string), as the document's ``required_skills``.

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
            "credentials": credentials,
            "history": history,
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
        if required_skills is not None:
            extra["required_skills"] = {
                role: _skill_list(skills) for role, skills in dict(required_skills).items()
            }
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

    def __reduce__(self) -> Tuple[Any, Tuple[str]]:
        """Pickle as the document's JSON text, which unpickling reads (and validates)
        again: an equal problem, for a process pool or a Dask worker."""
        return (type(self).from_json, (self._native.to_json(),))

    def __repr__(self) -> str:
        sites, clinicians, shifts = self._native.sizes()
        return f"<rotaflow.Problem: {sites} sites, {clinicians} clinicians, {shifts} shifts>"


def _skill_list(skills: Any) -> Any:
    """A ``;``-separated string as its list (as the frames' list columns read it); anything
    else as given, for the core's reader to judge."""
    if isinstance(skills, str):
        return [s.strip() for s in skills.split(";") if s.strip()]
    if isinstance(skills, (list, tuple)):
        return list(skills)
    return skills


#: What :func:`solve`, :func:`score` and :func:`validate` accept as a problem.
ProblemLike = Union[Problem, Mapping[str, Any], str, bytes, os.PathLike[str]]


def native_of(source: ProblemLike) -> NativeProblem:
    """The native problem of any :data:`ProblemLike`; raises as :class:`Problem` does."""
    if isinstance(source, Problem):
        return source._native
    if isinstance(source, Mapping):
        return NativeProblem.from_object(source)
    if isinstance(source, bytes):
        return NativeProblem.from_json(_text_of(source))
    if isinstance(source, str):
        # JSON text (any document, so that `[]` is refused as not an object, not as a
        # missing file), else a path.
        if source.lstrip("\ufeff \t\r\n").startswith(("{", "[")):
            return NativeProblem.from_json(source)
        return Problem.from_file(source)._native
    if isinstance(source, os.PathLike):
        return Problem.from_file(source)._native
    raise TypeError(
        "a problem is a rotaflow.Problem, a dict, a JSON string or a path, not "
        f"{type(source).__name__}"
    )


def as_problem(source: ProblemLike) -> Problem:
    """``source`` itself when it is a :class:`Problem`, else read as one."""
    return source if isinstance(source, Problem) else Problem(source)


def generate(
    clinicians: int = 1000,
    sites: int = 120,
    days: int = 7,
    seed: int = 0,
    start: Optional[str] = None,
    regions: int = 1,
) -> Problem:
    """A synthetic flexible-pool week around a city, reproducible from its seed.

    The default is an ICS-sized week: 1,000 clinicians, 120 sites, 7 days from Monday
    2026-12-07 (``start``, an ISO date, changes the first day). ``regions`` independent
    regions (integrated care systems 100 km apart, ids prefixed ``Rnn-``) share the
    clinicians and sites. The same arguments give the same problem as
    ``rotaflow generate``.

    Raises:
        ValueError: the sizes are out of range (no sites, no days, too many …).
    """
    return Problem._wrap(_generate(clinicians, sites, days, seed, start, regions))


def frame_names() -> List[str]:
    """The frames :meth:`Problem.from_frames` reads, in document order."""
    return list(_frame_names())
