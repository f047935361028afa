"""Many scenarios: :func:`sweep` solves changed copies of one problem, side by side in
threads or on a Dask cluster, and tabulates one row per scenario (the row of
``rotaflow compare``, with the score's terms and the places left empty by priority as
columns)."""

from __future__ import annotations

import datetime
import difflib
import importlib
import inspect
import json
import math
import os
import random
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
    cast,
)

from ._errors import Issue, SolverError, ValidationError
from ._problem import Problem, ProblemLike, as_problem
from ._roster import Roster
from ._rotaflow import NativeProblem
from ._rotaflow import solve_summary as _solve_summary
from ._rotaflow import sweep_report_html as _sweep_report_html
from ._solve import naming_keywords
from ._solve import options as _options_document
from ._solve import solve
from ._types import DemandChange, RateChange, Scenario, ScenarioRow, Score, SweepRow

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

__all__ = ["sweep", "sweep_report_html"]

#: The keys a scenario may have (``Scenario``'s, in the order its changes apply).
_SCENARIO_KEYS = tuple(Scenario.__annotations__)
#: The keys that change a problem's document (beside ``problem``, which replaces it).
_EDITS = tuple(k for k in _SCENARIO_KEYS if k not in ("name", "problem", "seed"))
#: The solve options passed to every solve: the keywords of the solve-options document.
_SOLVE_OPTIONS = tuple(inspect.signature(_options_document).parameters)
# What `solve` passes for an option not given (its keyword defaults: `auto`, not the
# problem's own `solver.method`).
_DEFAULTS: Dict[str, Any] = {
    name: parameter.default
    for name, parameter in inspect.signature(solve).parameters.items()
    if name in _SOLVE_OPTIONS
}
#: The score's terms, each a ``score_<term>`` column.
_SCORE_TERMS = tuple(Score.__annotations__)
#: The leading columns of a sweep: the core's row, as ``rotaflow compare`` writes it.
_ROW_HEAD = (
    "name",
    "status",
    "method",
    "objective",
    "bound",
    "gap",
    "places_needed",
    "places_filled",
    "fill_rate",
    "pay",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A time of the problem document: civil (no offset) or RFC 3339 (with one).
_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))?"
)

#: What one scenario's task hands back: the core's row, the seconds its changes and solve
#: took, and the roster when the sweep keeps them.
_Outcome = Tuple[ScenarioRow, float, Optional[Roster]]


def sweep(
    problem: ProblemLike,
    scenarios: Union[Sequence[Scenario], "pandas.DataFrame", "polars.DataFrame"],
    *,
    client: Any = None,
    max_workers: Optional[int] = None,
    rosters: bool = False,
    frame: Optional[Literal["pandas", "polars"]] = "pandas",
    **solve_options: Any,
) -> Union["pandas.DataFrame", "polars.DataFrame", List[SweepRow]]:
    """Solve many scenarios of one problem and tabulate them, one row per scenario.

    Each scenario is the base problem changed, in this order, by its keys (a
    :class:`Scenario`; every key but ``name`` is optional):

    * ``name``: unique across the sweep;
    * ``problem``: a whole problem (anything :class:`Problem` reads) instead of the base;
      the other changes apply to it;
    * ``drop_clinicians``: ids of clinicians to remove, with everything naming them
      (``pinned``, ``previous``, ``history``, ``travel_km`` entries; shifts'
      ``preferred_clinicians`` and ``excluded_clinicians``);
    * ``drop_share`` (``0 <= x < 1``) and ``seed`` (default 0): remove
      ``round(drop_share · n)`` of the ``n`` remaining clinicians (Python's ``round``),
      drawn by ``random.Random(seed).sample`` from their ids sorted — the same clinicians
      on every machine;
    * ``close_sites``: ids of sites to remove, with their shifts and everything naming
      those (their pins and ``previous`` pairs, ``history`` at the sites, ``travel_km``
      to them, clinicians' ``excluded_sites`` entries and preferences naming them);
    * ``open_sites``: site objects to add (as in the problem document), each with an
      optional ``shifts`` list of shift objects whose ``site`` defaults to its id;
    * ``demand``: a list of :class:`DemandChange` ``{sites?, days?, roles?, kinds?,
      scale?, add?}``: every shift matching all the selectors given (``days`` are ISO
      dates of the shift's day, the local date of its start in the problem's zone)
      needs ``max(0, round(headcount · scale) + add)`` clinicians; a ``max_headcount``
      below that is raised to it;
    * ``rates``: a list of :class:`RateChange` ``{clinicians?, roles?, scale?, add?}``:
      every clinician matching all the selectors given (``roles``: holding one of them)
      is paid ``max(0, rate · scale + add)``, for ``rate_per_hour`` and
      ``rate_per_shift`` alike;
    * ``weights``: merged into the document's ``weights``.

    An unknown id in ``drop_clinicians``, ``close_sites``, ``demand`` ``sites`` or
    ``rates`` ``clinicians`` is that scenario's error, as is a changed problem the core
    finds invalid or a solve that raises :class:`SolverError`: its row has ``error``
    (the issues with their pointers, as ``rotaflow compare`` words them) and the other
    scenarios still solve.

    Args:
        problem: the base problem: a :class:`Problem`, a dict, a JSON string or a path.
        scenarios: a list of :class:`Scenario` dicts, or a pandas or polars DataFrame
            whose rows are such dicts (a missing cell — ``None``, NaN — leaves the key
            out; list-valued keys hold lists).
        client: a ``dask.distributed.Client``: each scenario is one task on its workers
            (the base problem sent once), the rows gathered in scenario order; a worker
            lost mid-sweep costs its tasks a re-run, not the sweep. Without one the
            scenarios run in a thread pool here (the GIL is released while solving).
        max_workers: threads of the local pool (default: the cores this process may
            use); not with ``client``.
        rosters: add a ``roster`` column holding each :class:`Roster` (``None`` for a
            failed scenario).
        frame: ``"pandas"`` or ``"polars"`` for a DataFrame, ``None`` for a list of
            :class:`SweepRow` dicts.
        **solve_options: the options of :func:`solve` (``method``, ``time_limit``,
            ``mip_gap``, ``threads``, ``seed``, ``memory_limit``), for every solve. Pass
            ``threads=1`` to keep each MIP solve on one core beside the others.

    Returns:
        One row per scenario, in the order given (a :class:`SweepRow`): ``name``,
        ``status``, ``method``, ``objective``, ``bound``, ``gap``, ``places_needed``,
        ``places_filled``, ``fill_rate``, ``pay`` (:func:`scenario_row`'s numbers); one
        ``unfilled_<penalty>`` column per priority seen in any scenario, most urgent
        first (``unfilled_3000``, ``unfilled_150.5``: places left empty on shifts of
        that ``unfilled_penalty``, 0 where none); ``score_<term>`` for each term of the
        score (``score_pattern`` only when a scenario has one; ``None`` for a failed
        scenario); ``unfilled_by_priority``; ``error`` (``None`` when solved);
        ``time_s``, the wall time of the scenario's changes and solve; ``roster``.
        :func:`sweep_report_html` turns the rows into a page. Everything but ``time_s``
        and the rosters' identity is the same with or without Dask, on any number of
        workers.

    Raises:
        ValueError: a scenario has an unknown key, a value of the wrong type or out of
            range, no name or a name used twice — every such problem at once, naming the
            scenario and the key, before anything is solved; or a solve option is
            invalid (a :class:`ValidationError` naming the keyword).
        ValidationError: the base problem is invalid.
        TypeError: an unknown keyword argument.
        ImportError: ``frame`` names a library that is not installed.

    Example — a small generated week, its base, a flu week (a fifth of the clinicians
    off), twice the demand at one practice, and a scenario that names a site the problem
    does not have:

    >>> import rotaflow
    >>> week = rotaflow.generate(clinicians=30, sites=4, days=3)
    >>> rows = rotaflow.sweep(week, [
    ...     {"name": "base"},
    ...     {"name": "flu", "drop_share": 0.2, "seed": 1},
    ...     {"name": "busy P001", "demand": [{"sites": ["P001"], "scale": 2}]},
    ...     {"name": "typo", "close_sites": ["P999"]},
    ... ], frame=None)
    >>> [(r["name"], r["places_filled"], r["places_needed"]) for r in rows]
    [('base', 43, 54), ('flu', 37, 54), ('busy P001', 47, 70), ('typo', 0, 0)]

    Places left empty by priority (``unfilled_penalty``), one column each; the flu week
    leaves a place of priority 400 empty, the base none:

    >>> [(r["name"], r["unfilled_3000"], r["unfilled_1000"], r["unfilled_400"]) for r in rows[:2]]
    [('base', 2, 9, 0), ('flu', 4, 12, 1)]
    >>> rows[0]["pay"] == rows[0]["score_cost"], rows[1]["score_total"] > rows[0]["score_total"]
    (True, True)
    >>> print(rows[3]["error"])
    the scenario's changes are invalid (1 problem):
      /close_sites/0: no site has the id `P999` [unknown_site]
    """
    _check_frame(frame)
    _check_solve_options(solve_options)
    base = as_problem(problem)
    specs = _read_scenarios(scenarios)
    if client is None:
        outcomes = _run_here(base, specs, solve_options, rosters, max_workers)
    elif max_workers is not None:
        raise ValueError(
            "max_workers sizes the local thread pool; with a Dask client its workers "
            "run the scenarios"
        )
    else:
        outcomes = _run_on_dask(client, base, specs, solve_options, rosters)
    return _table(outcomes, rosters, frame)


# --- The arguments ----------------------------------------------------------------------


def _check_frame(frame: Optional[str]) -> None:
    """``frame`` is None, or a library that imports (checked before anything solves)."""
    if frame is None:
        return
    if frame not in ("pandas", "polars"):
        raise ValueError(f"frame must be 'pandas', 'polars' or None, not {frame!r}")
    try:
        importlib.import_module(frame)
    except ImportError as e:
        raise ImportError(
            f"sweep(frame={frame!r}) needs {frame}, which is not installed: "
            f"`pip install {frame}` (or the rotaflow[{frame}] extra), or pass frame=None "
            "for a list of dicts"
        ) from e


def _check_solve_options(solve_options: Mapping[str, Any]) -> None:
    """Refuse an unknown keyword (TypeError) or a bad value (ValidationError naming the
    keyword), before anything solves: the options are tried on the empty problem, where
    the core checks them as for any solve."""
    for key in solve_options:
        if key not in _SOLVE_OPTIONS:
            raise TypeError(
                f"sweep() got an unexpected keyword argument {key!r} (the solve options "
                f"are {', '.join(_SOLVE_OPTIONS)})"
            )
    try:
        solve({}, **solve_options)
    except SolverError:
        pass  # a method that cannot solve, a memory cap: each scenario's row says so


def _cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- Reading the scenarios --------------------------------------------------------------


def _read_scenarios(scenarios: Any) -> List[Dict[str, Any]]:
    """The scenarios as plain, checked dicts (numbers and lists as Python's; a problem
    read). Every problem found is reported at once, as one ValueError."""
    problems: List[str] = []
    specs = []
    seen: Dict[str, int] = {}
    for i, record in enumerate(_records(scenarios)):
        name = record.get("name") if isinstance(record, Mapping) else None
        where = f"scenarios[{i}]" + (f" ({name!r})" if isinstance(name, str) else "")
        reader = _Reader(where, problems)
        spec = reader.scenario(record)
        if isinstance(name, str) and name:
            if name in seen:
                reader.fail("name", f"{name!r} is already the name of scenarios[{seen[name]}]")
            seen.setdefault(name, i)
        specs.append(spec)
    if problems:
        raise ValueError(
            f"invalid scenarios ({len(problems)} problem{'s' if len(problems) > 1 else ''}"
            "; nothing was solved):\n  " + "\n  ".join(problems)
        )
    return specs


def _records(table: Any, what: str = "scenarios") -> List[Any]:
    """The records of ``table`` one by one: a list's items as given (a ``None`` value
    leaves its key out), a DataFrame's rows as dicts without their missing cells."""
    library = type(table).__module__.split(".")[0]
    if library == "polars":
        rows = table.to_dicts()
    elif library == "pandas":
        rows = table.to_dict("records")
    elif isinstance(table, (str, bytes, Mapping)) or not isinstance(table, Iterable):
        raise TypeError(
            f"{what} are a list of dicts or a pandas or polars DataFrame, not "
            f"{type(table).__name__}"
        )
    else:
        return [
            {k: v for k, v in s.items() if v is not None} if isinstance(s, Mapping) else s
            for s in table
        ]
    return [{k: v for k, v in row.items() if not _missing(v)} for row in rows]


def _missing(value: Any) -> bool:
    """A DataFrame's missing cell: None, NaN, ``pd.NA``, ``NaT``."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: Any) -> Any:
    """A value as plain Python: numpy scalars as numbers, arrays, Series and tuples as
    lists (what a DataFrame's cells hold)."""
    if isinstance(value, tuple):
        return list(value)
    if type(value).__module__.split(".")[0] in ("numpy", "pandas", "polars"):
        for method in ("tolist", "to_list"):
            if hasattr(value, method):
                return getattr(value, method)()
    return value


def _shown(value: Any) -> str:
    """A value as an error message quotes it: short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Reader:
    """Reads one scenario: each value checked and made plain, each problem noted as
    ``scenarios[i] ('name'): `key` …``."""

    def __init__(self, where: str, problems: List[str]) -> None:
        self.where = where
        self.problems = problems

    def fail(self, key: str, message: str) -> None:
        """Note a problem with ``key``."""
        self.problems.append(f"{self.where}: `{key}` {message}")

    def unknown(self, key: str, known: Sequence[str], of: str) -> None:
        """Note an unknown key of ``of`` (``a scenario``), with the known key it is
        closest to."""
        close = difflib.get_close_matches(key.rpartition(".")[2], known, n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"known: {', '.join(known)}"
        self.fail(key, f"is not a key of {of} ({hint})")

    def scenario(self, record: Any) -> Dict[str, Any]:
        """The scenario's checked keys."""
        if not isinstance(record, Mapping):
            self.problems.append(f"{self.where}: a scenario is a dict, not {_shown(record)}")
            return {}
        spec: Dict[str, Any] = {}
        for key, value in record.items():
            if key in _SCENARIO_READERS:
                spec[key] = _SCENARIO_READERS[key](self, key, value)
            else:
                self.unknown(str(key), _SCENARIO_KEYS, "a scenario")
        if "name" not in record:
            self.problems.append(f"{self.where}: a scenario needs a `name`")
        return spec

    def name(self, key: str, value: Any) -> Any:
        """A non-empty string."""
        if not isinstance(value, str) or not value:
            self.fail(key, f"must be a non-empty string, not {_shown(value)}")
        return value

    def problem(self, key: str, value: Any) -> Any:
        """A problem, read here. An invalid one stays as given: reading it again where
        the scenario runs raises the ValidationError that is the scenario's error."""
        try:
            return as_problem(value)
        except ValidationError:
            return value
        except (TypeError, OSError) as e:
            self.fail(key, f"is not a problem: {e}")
            return None

    def ids(self, key: str, value: Any) -> Any:
        """A list of non-empty strings."""
        items = _plain(value)
        if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
            self.fail(key, f"must be a list of ids (non-empty strings), not {_shown(value)}")
        return items

    def dates(self, key: str, value: Any) -> Any:
        """A list of ISO dates (``YYYY-MM-DD``)."""
        items = _plain(value)
        if not isinstance(items, list) or not all(_is_date(x) for x in items):
            self.fail(key, f"must be a list of ISO dates (YYYY-MM-DD), not {_shown(value)}")
        return items

    def number(
        self, key: str, value: Any, low: Optional[float] = None, below: Optional[float] = None
    ) -> Any:
        """A finite number, at least ``low`` and below ``below`` when given."""
        v = _plain(value)
        ok = (
            isinstance(v, (int, float))
            and not isinstance(v, bool)
            and math.isfinite(v)
            and (low is None or v >= low)
            and (below is None or v < below)
        )
        if not ok:
            self.fail(key, f"must be {_range(low, below)}, not {_shown(value)}")
        return v

    def scale(self, key: str, value: Any) -> Any:
        """A factor: a finite number >= 0."""
        return self.number(key, value, low=0.0)

    def integer(self, key: str, value: Any) -> Any:
        """An integer (a float with no fraction too: a frame's integer column with gaps
        holds floats)."""
        v = _plain(value)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if not isinstance(v, int) or isinstance(v, bool):
            self.fail(key, f"must be an integer, not {_shown(value)}")
        return v

    def dicts(self, key: str, value: Any) -> List[Mapping[str, Any]]:
        """A list of dicts (empty after noting a problem)."""
        items = _plain(value)
        if not isinstance(items, list) or not all(isinstance(x, Mapping) for x in items):
            self.fail(key, f"must be a list of dicts, not {_shown(value)}")
            return []
        return items

    def sites(self, key: str, value: Any) -> List[Dict[str, Any]]:
        """Site objects, each with an optional list of shift objects (both are the
        core's to judge once added)."""
        out = []
        for i, given in enumerate(self.dicts(key, value)):
            site = dict(given)
            if "shifts" in site:
                shifts = self.dicts(f"{key}[{i}].shifts", site["shifts"])
                site["shifts"] = [dict(s) for s in shifts]
            out.append(site)
        return out

    def entries(self, key: str, value: Any, readers: Mapping[str, _Read], of: str) -> Any:
        """A list of changes (``demand``, ``rates``), each a dict of the fields
        ``readers`` reads."""
        out = []
        for i, entry in enumerate(self.dicts(key, value)):
            change: Dict[str, Any] = {}
            for field, v in entry.items():
                at = f"{key}[{i}].{field}"
                if field in readers:
                    change[field] = readers[field](self, at, v)
                else:
                    self.unknown(at, list(readers), of)
            out.append(change)
        return out

    def weights(self, key: str, value: Any) -> Dict[str, Any]:
        """Weights by name, each a finite number (the names are the core's to judge)."""
        if not isinstance(value, Mapping):
            self.fail(key, f"must be a dict of weights, not {_shown(value)}")
            return {}
        return {str(k): self.number(f"{key}.{k}", v) for k, v in value.items()}


def _range(low: Optional[float], below: Optional[float]) -> str:
    """The numbers allowed, in words: ``a finite number with 0 <= x < 1``."""
    if low is None and below is None:
        return "a finite number"
    if below is None:
        return f"a finite number >= {low:g}"
    if low is None:
        return f"a finite number < {below:g}"
    return f"a finite number with {low:g} <= x < {below:g}"


def _is_date(value: Any) -> bool:
    """``value`` is an ISO date string, ``YYYY-MM-DD``, of a real day."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


#: How one value is read: ``reader.fail`` notes what is wrong; the value comes back plain.
_Read = Callable[[_Reader, str, Any], Any]

#: How each field of a demand change is read (the keys of ``DemandChange``).
_DEMAND_READERS: Dict[str, _Read] = {
    "sites": _Reader.ids,
    "days": _Reader.dates,
    "roles": _Reader.ids,
    "kinds": _Reader.ids,
    "scale": _Reader.scale,
    "add": _Reader.integer,
}
#: How each field of a rate change is read (the keys of ``RateChange``).
_RATE_READERS: Dict[str, _Read] = {
    "clinicians": _Reader.ids,
    "roles": _Reader.ids,
    "scale": _Reader.scale,
    "add": _Reader.number,
}
#: How each key of a scenario is read (the keys of ``Scenario``, in their order).
_SCENARIO_READERS: Dict[str, _Read] = {
    "name": _Reader.name,
    "problem": _Reader.problem,
    "drop_clinicians": _Reader.ids,
    "drop_share": lambda r, key, v: r.number(key, v, low=0.0, below=1.0),
    "seed": _Reader.integer,
    "close_sites": _Reader.ids,
    "open_sites": _Reader.sites,
    "demand": lambda r, key, v: r.entries(key, v, _DEMAND_READERS, "a demand change"),
    "rates": lambda r, key, v: r.entries(key, v, _RATE_READERS, "a rate change"),
    "weights": _Reader.weights,
}


# --- Changing the problem ---------------------------------------------------------------


class _Unapplicable(Exception):
    """A scenario's changes name what its problem does not have: the scenario's error."""


class _Edit:
    """A problem document being changed by one scenario, and the issues found on the way
    (pointers into the scenario: ``/close_sites/0``)."""

    def __init__(self, document: Dict[str, Any], zone: str) -> None:
        self.doc = document
        self.zone = zone
        self.issues: List[Issue] = []

    def known(self, ids: Sequence[str], table: str, pointer: str) -> Set[str]:
        """``ids`` as a set, noting each that no entry of ``table`` has."""
        present = {entry["id"] for entry in self.doc.get(table, [])}
        what = table[:-1]  # "sites" → "site"
        for i, id_ in enumerate(ids):
            if id_ not in present:
                self.issues.append(
                    Issue(f"{pointer}/{i}", f"unknown_{what}", f"no {what} has the id `{id_}`")
                )
        return set(ids)

    def keep(self, table: str, keep: Callable[[Dict[str, Any]], bool]) -> None:
        """Keep only the entries of the list ``table`` (when there is one) that ``keep``
        accepts."""
        if table in self.doc:
            self.doc[table] = [entry for entry in self.doc[table] if keep(entry)]


def _changed(base: Problem, spec: Mapping[str, Any]) -> Problem:
    """The problem of a scenario: ``spec``'s changes made, in order, to ``base`` (or to
    its own ``problem``).

    Raises:
        _Unapplicable: a change names an unknown clinician or site.
        ValidationError: the changed problem is invalid.
    """
    source = as_problem(spec["problem"]) if "problem" in spec else base
    if not any(key in spec for key in _EDITS):
        return source
    edit = _Edit(json.loads(source._native.to_json()), source.timezone)
    if "drop_clinicians" in spec:
        _drop_clinicians(edit, spec["drop_clinicians"], "/drop_clinicians")
    if "drop_share" in spec:
        _drop_share(edit, spec["drop_share"], spec.get("seed", 0))
    if "close_sites" in spec:
        _close_sites(edit, spec["close_sites"])
    if "open_sites" in spec:
        _open_sites(edit, spec["open_sites"])
    if "demand" in spec:
        _change_demand(edit, spec["demand"])
    if "rates" in spec:
        _change_rates(edit, spec["rates"])
    if "weights" in spec:
        edit.doc.setdefault("weights", {}).update(spec["weights"])
    if edit.issues:
        raise _Unapplicable(_issues_text("the scenario's changes are invalid", edit.issues))
    # Validated once, by the solve (the same validation, the same issues).
    return Problem._wrap(NativeProblem.from_object(edit.doc, False))


def _drop_clinicians(edit: _Edit, ids: Sequence[str], pointer: str) -> None:
    """Remove the clinicians and every entry that names them."""
    gone = edit.known(ids, "clinicians", pointer)
    edit.keep("clinicians", lambda c: c["id"] not in gone)
    for table in ("pinned", "previous", "history", "travel_km"):
        edit.keep(table, lambda e: e.get("clinician") not in gone)
    for shift in edit.doc.get("shifts", []):
        for field in ("preferred_clinicians", "excluded_clinicians"):
            if field in shift:
                shift[field] = [c for c in shift[field] if c not in gone]


def _drop_share(edit: _Edit, share: float, seed: int) -> None:
    """Remove ``round(share · n)`` of the ``n`` clinicians, drawn from their sorted ids
    with ``random.Random(seed)``."""
    ids = sorted(c["id"] for c in edit.doc.get("clinicians", []))
    _drop_clinicians(edit, random.Random(seed).sample(ids, round(share * len(ids))), "/drop_share")


def _close_sites(edit: _Edit, ids: Sequence[str]) -> None:
    """Remove the sites, their shifts, and every entry that names either."""
    gone = edit.known(ids, "sites", "/close_sites")
    shifts = {s["id"] for s in edit.doc.get("shifts", []) if s["site"] in gone}
    edit.keep("sites", lambda s: s["id"] not in gone)
    edit.keep("shifts", lambda s: s["id"] not in shifts)
    for table in ("pinned", "previous"):
        edit.keep(table, lambda e: e.get("shift") not in shifts)
    for table in ("history", "travel_km"):
        edit.keep(table, lambda e: e.get("site") not in gone)
    for clinician in edit.doc.get("clinicians", []):
        if "excluded_sites" in clinician:
            clinician["excluded_sites"] = [s for s in clinician["excluded_sites"] if s not in gone]
        if "preferences" in clinician:
            clinician["preferences"] = [
                p for p in clinician["preferences"]
                if p.get("site") not in gone and p.get("shift") not in shifts
            ]


def _open_sites(edit: _Edit, sites: Sequence[Mapping[str, Any]]) -> None:
    """Add the sites and their shifts (whose site defaults to theirs)."""
    for given in sites:
        site = {k: v for k, v in given.items() if k != "shifts"}
        edit.doc.setdefault("sites", []).append(site)
        for shift in given.get("shifts", []):
            added = dict(shift)
            if "id" in site:
                added.setdefault("site", site["id"])
            edit.doc.setdefault("shifts", []).append(added)


def _change_demand(edit: _Edit, changes: Sequence[Mapping[str, Any]]) -> None:
    """Scale and shift the headcounts of the shifts each change selects."""
    for i, change in enumerate(changes):
        edit.known(change.get("sites", []), "sites", f"/demand/{i}/sites")
        values: Dict[str, Callable[[Dict[str, Any]], Any]] = {
            "sites": lambda s: s["site"],
            "days": lambda s: _day(s["start"], edit.zone),
            "roles": lambda s: s["role"],
            "kinds": lambda s: s.get("kind"),
        }
        for shift in edit.doc.get("shifts", []):
            if all(value(shift) in change[key] for key, value in values.items() if key in change):
                headcount = shift.get("headcount", 1)  # the schema's default
                new = max(0, round(headcount * change.get("scale", 1)) + change.get("add", 0))
                shift["headcount"] = new
                if shift.get("max_headcount", new) < new:
                    shift["max_headcount"] = new


def _change_rates(edit: _Edit, changes: Sequence[Mapping[str, Any]]) -> None:
    """Scale and shift both rates of the clinicians each change selects."""
    for i, change in enumerate(changes):
        ids = edit.known(change.get("clinicians", []), "clinicians", f"/rates/{i}/clinicians")
        roles = set(change.get("roles", []))
        for clinician in edit.doc.get("clinicians", []):
            if "clinicians" in change and clinician["id"] not in ids:
                continue
            if "roles" in change and not roles.intersection(clinician.get("roles", [])):
                continue
            for field in ("rate_per_hour", "rate_per_shift"):
                rate = clinician.get(field, 0.0) * change.get("scale", 1) + change.get("add", 0)
                clinician[field] = max(0.0, float(rate))


def _day(start: str, zone: str) -> str:
    """A shift's day (docs/schema.md, "Times"): the local date of its start — the date
    of a civil time, and of an RFC 3339 time seen in the problem's zone."""
    m = _TIME.fullmatch(start)
    if m is None or not (m.group(5) or m.group(6)):
        return start[:10]  # a civil time (the core has read it: it is one)
    from zoneinfo import ZoneInfo

    date, hour, minute, second = m.group(1), m.group(2), m.group(3), m.group(4) or "0"
    offset = datetime.timedelta(0)
    if m.group(6):
        offset = datetime.timedelta(hours=int(m.group(7)), minutes=int(m.group(8)))
        offset = -offset if m.group(6) == "-" else offset
    instant = datetime.datetime.combine(
        datetime.date.fromisoformat(date),
        datetime.time(int(hour), int(minute), min(int(second), 59)),
        tzinfo=datetime.timezone(offset),
    )
    return instant.astimezone(ZoneInfo(zone)).date().isoformat()


def _issues_text(head: str, issues: Iterable[Issue]) -> str:
    """Issues as ``rotaflow compare`` words a scenario's error: a head, then one line
    per issue, ``pointer: message [code]``."""
    lines = [f"\n  {i.pointer}: {i.message} [{i.code}]" for i in issues]
    return f"{head} ({len(lines)} problem{'s' if len(lines) != 1 else ''}):" + "".join(lines)


# --- Solving ----------------------------------------------------------------------------


def _run(
    base: Problem, spec: Mapping[str, Any], solve_options: Mapping[str, Any], keep: bool
) -> _Outcome:
    """One scenario, start to end (a thread's or a Dask worker's task): its problem,
    solved and summarised by the core; an invalid problem or a failed solve as a row
    with the error."""
    name = spec["name"]
    started = time.perf_counter()
    try:
        problem = _changed(base, spec)
        # One native call validates the problem once, solves it and summarises the roster
        # on the same index: the roster `solve` returns, the row `scenario_row` gives.
        with naming_keywords():
            roster_json, row_json = _solve_summary(
                name, problem._native, _options_document(**{**_DEFAULTS, **solve_options})
            )
    except (_Unapplicable, ValidationError, SolverError) as e:
        return _failed(name, _error_text(e)), time.perf_counter() - started, None
    elapsed = time.perf_counter() - started
    row = cast(ScenarioRow, json.loads(row_json))
    return row, elapsed, Roster._solved(roster_json, problem) if keep else None


def _error_text(error: Exception) -> str:
    """A scenario's error: an invalid problem's issues as ``rotaflow compare`` lists them,
    anything else as its message."""
    if isinstance(error, ValidationError) and error.errors:
        return _issues_text("the problem is invalid", error.errors)
    return str(error)


def _failed(name: str, error: str) -> ScenarioRow:
    """The core's row of a scenario that could not be solved (``ScenarioRow::failed``)."""
    return {
        "name": name,
        "places_needed": 0,
        "places_filled": 0,
        "fill_rate": 0.0,
        "pay": 0.0,
        "error": error,
    }


def _run_here(
    base: Problem,
    specs: Sequence[Mapping[str, Any]],
    solve_options: Mapping[str, Any],
    keep: bool,
    max_workers: Optional[int],
) -> List[_Outcome]:
    """Every scenario, in a pool of threads here, in order."""
    if max_workers is None:
        max_workers = _cores()
    if isinstance(max_workers, bool) or not isinstance(max_workers, int) or max_workers < 1:
        raise ValueError(f"max_workers must be an integer >= 1, not {max_workers!r}")
    with ThreadPoolExecutor(max_workers, thread_name_prefix="rotaflow-sweep") as pool:
        return list(pool.map(lambda spec: _run(base, spec, solve_options, keep), specs))


def _run_on_dask(
    client: Any,
    base: Problem,
    specs: Sequence[Mapping[str, Any]],
    solve_options: Mapping[str, Any],
    keep: bool,
) -> List[_Outcome]:
    """Every scenario as one task on the Dask ``client``'s workers, gathered in order.

    The base problem reaches the scheduler once, as a task that reads its JSON text: a
    worker lost mid-sweep costs a re-read of it, never the sweep (scattered data would
    be lost with the worker that held it). Each scenario's task depends on that one.
    """
    if not (hasattr(client, "submit") and hasattr(client, "gather")):
        raise TypeError(f"client must be a dask.distributed.Client, not {type(client).__name__}")
    token = uuid.uuid4().hex
    shared = client.submit(
        Problem.from_json, base.to_json(), key=f"rotaflow-sweep-problem-{token}"
    )
    futures = [
        client.submit(_run, shared, spec, solve_options, keep, key=f"rotaflow-sweep-{token}-{i}")
        for i, spec in enumerate(specs)
    ]
    try:
        return cast(List[_Outcome], list(client.gather(futures)))
    finally:
        client.cancel([*futures, shared])


# --- The table --------------------------------------------------------------------------


def _priority(penalty: float) -> int:
    """A priority's key, as the core groups penalties (to the cent, most urgent first)."""
    return -round(penalty * 100)


def _label(penalty: float) -> str:
    """A priority's column: ``unfilled_2000``, ``unfilled_150.5``."""
    number = float(penalty)
    return f"unfilled_{int(number)}" if number.is_integer() else f"unfilled_{number!r}"


def _table(
    outcomes: Sequence[_Outcome], keep: bool, frame: Optional[str]
) -> Union["pandas.DataFrame", "polars.DataFrame", List[SweepRow]]:
    """The sweep's rows, as a list or a frame."""
    labels: Dict[int, str] = {}
    for row, _, _ in outcomes:
        for p in row.get("unfilled_by_priority", []):
            labels.setdefault(_priority(p["penalty"]), _label(p["penalty"]))
    priorities = dict(sorted(labels.items()))
    pattern = any("pattern" in (row.get("score") or {}) for row, _, _ in outcomes)
    terms = [t for t in _SCORE_TERMS if t != "pattern" or pattern]
    rows: List[Dict[str, Any]] = [_sweep_row(o, priorities, terms, keep) for o in outcomes]
    columns = [
        *_ROW_HEAD,
        *priorities.values(),
        *(f"score_{t}" for t in terms),
        "unfilled_by_priority",
        "error",
        "time_s",
        *(["roster"] if keep else []),
    ]
    if frame is None:
        return cast(List[SweepRow], rows)
    if frame == "pandas":
        import pandas as pd

        return pd.DataFrame(rows, columns=columns)
    import polars as pl

    data = {c: [r[c] for r in rows] for c in columns}
    return pl.DataFrame(data, schema_overrides={"roster": pl.Object} if keep else None)


def _sweep_row(
    outcome: _Outcome, priorities: Mapping[int, str], terms: Sequence[str], keep: bool
) -> Dict[str, Any]:
    """One row: the core's, its places left empty by priority and its score as columns,
    its time and roster."""
    row, seconds, roster = outcome
    empty = {_priority(p["penalty"]): p["places"] for p in row.get("unfilled_by_priority", [])}
    score = cast(Optional[Mapping[str, float]], row.get("score"))
    out: Dict[str, Any] = {key: row.get(key) for key in _ROW_HEAD}
    out.update({label: empty.get(key, 0) for key, label in priorities.items()})
    out.update({f"score_{t}": None if score is None else score.get(t, 0.0) for t in terms})
    out["unfilled_by_priority"] = row.get("unfilled_by_priority", [])
    out["error"] = row.get("error")
    out["time_s"] = seconds
    if keep:
        out["roster"] = roster
    return out


# --- The comparison page ----------------------------------------------------------------

# The fields of a ScenarioRow: what a sweep's frame gives the page (its other columns —
# the score's terms, the time, the rosters — are left out).
_ROW_FIELDS = tuple(ScenarioRow.__annotations__)


def sweep_report_html(rows: Any) -> str:
    """One self-contained page comparing scenarios (no network, no external assets): a
    fill-rate and a pay chart, one bar per scenario, and a searchable, sortable table with
    the places left empty by priority; failed scenarios show their error. The same page as
    ``rotaflow compare``.

    Args:
        rows: the rows of :func:`sweep` — its DataFrame (pandas or polars), or a list of
            :class:`ScenarioRow` dicts (:func:`scenario_row`).

    Raises:
        ValidationError: ``rows`` are not scenario rows (the message says which field).
    """
    return _sweep_report_html(json.dumps(_plain_rows(rows)))


def _plain_rows(rows: Any) -> List[Dict[str, Any]]:
    """Scenario rows as plain JSON-ready dicts, their missing cells and extra columns
    dropped."""
    out = []
    for r in _records(rows, "scenario rows"):
        if not isinstance(r, Mapping):
            raise TypeError(f"a scenario row is a dict, not {type(r).__name__}")
        row = {k: _plain(r[k]) for k in _ROW_FIELDS if k in r and not _missing(r[k])}
        for k in ("places_needed", "places_filled"):
            if isinstance(row.get(k), float):
                row[k] = int(row[k])  # a frame with failed rows holds them as floats
        out.append(row)
    return out
