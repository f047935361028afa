"""Solve, score and validate: the core's solvers and its independent evaluator."""

from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, Literal, Optional, Union, cast

from ._errors import Issue, ValidationError
from ._problem import Problem, ProblemLike, as_problem, native_of
from ._roster import Assignments, Roster, assignment_pairs
from ._types import Progress
from ._rotaflow import merge_parts as _merge_parts
from ._rotaflow import score as _score
from ._rotaflow import solve as _solve
from ._rotaflow import solve_part as _solve_part
from ._rotaflow import solve_part_count as _solve_part_count
from ._types import Evaluation

__all__ = ["options", "score", "solve", "validate"]


def options(
    method: Optional[str],
    time_limit: Optional[float],
    mip_gap: Optional[float],
    threads: Optional[int],
    seed: Optional[int],
    memory_limit: Optional[float] = None,
) -> Dict[str, Any]:
    """The core's solve-options document; ``None`` keeps the problem's own setting."""
    return {
        "method": method,
        "time_limit_s": time_limit,
        "mip_gap": mip_gap,
        "threads": threads,
        "seed": seed,
        "memory_limit_mb": memory_limit,
    }


# The options document's pointers, and the keyword argument each comes from.
_KEYWORDS = {
    "/method": "method",
    "/time_limit_s": "time_limit",
    "/mip_gap": "mip_gap",
    "/threads": "threads",
    "/seed": "seed",
    "/memory_limit_mb": "memory_limit",
}


@contextmanager
def naming_keywords() -> Iterator[None]:
    """Word a ValidationError about the solve options by the keyword arguments given.

    The core checks the options document (``time_limit_s``, ...); its issues keep their
    pointers and codes, and the message names the keyword (``time_limit``) the caller
    wrote. Any other ValidationError passes through unchanged.
    """
    try:
        yield
    except ValidationError as e:
        names = [_KEYWORDS.get(i.pointer) for i in e.errors]
        if not e.errors or None in names:
            raise
        lines = [f"keyword argument `{n}`: {i.message}" for n, i in zip(names, e.errors)]
        raise ValidationError(
            "invalid solve options:\n  " + "\n  ".join(lines), [tuple(i) for i in e.errors]
        ) from None


def solve(
    problem: ProblemLike,
    *,
    method: Optional[Literal["auto", "flow", "mip", "decompose"]] = "auto",
    time_limit: Optional[float] = None,
    mip_gap: Optional[float] = None,
    threads: Optional[int] = None,
    seed: Optional[int] = None,
    memory_limit: Optional[float] = None,
    client: Any = None,
    progress: Union[Callable[[Progress], Any], bool, None] = None,
) -> Roster:
    """Solve a problem and return its roster.

    Args:
        problem: a :class:`Problem`, a dict, a JSON string or a path.
        method: ``auto`` (the exact flow when the problem is flow-representable,
            otherwise ``decompose`` from 250,000 eligible pairs and the MIP below),
            ``flow``, ``mip`` or ``decompose`` (column generation over clinicians'
            schedules for the bound and a search by the MIP over groups of clinicians for
            the roster: rules at pool size); ``None`` uses the problem's
            ``solver.method``. The other options override the problem's ``solver`` block
            when given.
        time_limit: wall-clock limit in seconds (MIP and decompose).
        mip_gap: relative gap at which the MIP may stop.
        threads: threads the MIP may use, 1 to 256 (at most the machine's cores are
            used).
        seed: random seed (MIP).
        memory_limit: the most memory, in MiB, the solve's model may need (estimated
            before it is built); default three quarters of the machine's memory.
        client: a ``dask.distributed.Client``: the solve runs on its workers. The
            independent parts (regions) the core solves apart are one task each and
            their solutions are merged here, so the roster is byte for byte the local
            one; a problem solved whole (below a million eligible pairs, or by the
            MIP or ``decompose``) is one task. See docs/python.md, "On a cluster".
        progress: a function called with each :class:`Progress` report of the solve (the
            best objective so far, the bound, the gap, the time elapsed, when the first
            roster was found): at most once a second while ``decompose`` searches, and
            once at the end (``done``) by every method (the MIP also before HiGHS
            starts). ``True`` logs the reports to the
            ``rotaflow`` logger at level INFO instead. The function runs on the solving
            thread with the GIL held; an exception it raises stops the search and is
            raised from ``solve``. Not available with ``client``.

    Returns:
        The :class:`Roster`; an infeasible problem gives status ``infeasible`` with a
        reason, not an exception.

    Raises:
        ValidationError: the problem or an option is invalid (every problem is listed).
        SolverError: the method cannot solve this problem (``kind`` says why;
            ``too_large`` when its model would need more than ``memory_limit``).

    The GIL is released while solving, so other Python threads keep running.

    Example — two GPs, three sessions on one day. GP2 is cheaper but may work one
    session only; the home visits (HV) overlap the morning clinic, and their penalty
    (150) is less than GP1's pay for them (200), so they stay unfilled:

    >>> import rotaflow
    >>> week = {
    ...     "sites": [{"id": "P1", "name": "Riverside Surgery"}],
    ...     "clinicians": [
    ...         {"id": "GP1", "roles": ["gp"], "rate_per_hour": 100},
    ...         {"id": "GP2", "roles": ["gp"], "rate_per_hour": 90,
    ...          "limits": {"max_shifts": 1}},
    ...     ],
    ...     "shifts": [
    ...         {"id": "AM", "site": "P1", "role": "gp", "unfilled_penalty": 2000,
    ...          "start": "2026-12-07T08:30", "end": "2026-12-07T12:30"},
    ...         {"id": "PM", "site": "P1", "role": "gp", "unfilled_penalty": 2000,
    ...          "start": "2026-12-07T13:30", "end": "2026-12-07T17:30"},
    ...         {"id": "HV", "site": "P1", "role": "gp", "unfilled_penalty": 150,
    ...          "start": "2026-12-07T10:00", "end": "2026-12-07T12:00"},
    ...     ],
    ... }
    >>> roster = rotaflow.solve(week)
    >>> roster.status, roster.method, roster.objective
    ('optimal', 'flow', 910.0)
    >>> roster.assignments
    [{'shift': 'AM', 'clinician': 'GP2'}, {'shift': 'PM', 'clinician': 'GP1'}]
    >>> roster.unfilled
    [{'shift': 'HV', 'missing': 1}]
    >>> roster.score["cost"], roster.score["unfilled"]
    (760.0, 150.0)
    """
    p = as_problem(problem)
    opts = options(method, time_limit, mip_gap, threads, seed, memory_limit)
    report = _progress_function(progress)
    log = progress is True
    if (report is not None or log) and client is not None:
        raise ValueError(
            "progress cannot be followed on a cluster (client=): the solve runs on a "
            "worker; leave progress out, or solve locally"
        )
    with naming_keywords():
        if client is not None:
            return Roster._solved(_solve_on(client, p, opts), p)
        roster_json = _solve(p._native, opts, report, log)
    return Roster._solved(roster_json, p)


def _progress_function(
    progress: Union[Callable[[Progress], Any], bool, None],
) -> Optional[Callable[[Progress], Any]]:
    """The function the native solve calls with each report (``None``: none, or the
    native logging of ``progress=True``)."""
    if progress is None or isinstance(progress, bool):
        return None
    if not callable(progress):
        raise TypeError(
            f"progress must be a function of one report, True or None, not "
            f"{type(progress).__name__}"
        )
    return progress


def _solve_on(client: Any, problem: Problem, opts: Dict[str, Any]) -> str:
    """The roster document of ``problem``, solved on the Dask ``client``'s workers: one
    task per part the core solves apart, merged here; or one task for the whole."""
    count = _solve_part_count(problem._native, opts)
    [shared] = client.scatter([problem])
    if count == 1:
        return cast(str, client.submit(_whole_task, shared, opts, pure=False).result())
    futures = [
        client.submit(_part_task, shared, opts, k, key=f"rotaflow-part-{k}-{_token()}")
        for k in range(count)
    ]
    return _merge_parts(problem._native, opts, client.gather(futures))


def _token() -> str:
    """A fresh key suffix: two solves of one problem are two sets of tasks."""
    import uuid

    return uuid.uuid4().hex


def _whole_task(problem: Problem, opts: Dict[str, Any]) -> str:
    """A worker's task: the whole solve's roster document."""
    return _solve(problem._native, opts)


def _part_task(problem: Problem, opts: Dict[str, Any], part: int) -> str:
    """A worker's task: one part of a divided solve, solved."""
    return _solve_part(problem._native, opts, part)


def score(problem: ProblemLike, assignments: Assignments) -> Evaluation:
    """Check assignments against every hard rule and score them (the evaluator).

    Args:
        problem: a :class:`Problem`, a dict, a JSON string or a path.
        assignments: a :class:`Roster`, an iterable of ``{"shift", "clinician"}`` dicts
            or ``(shift, clinician)`` pairs, or a DataFrame with ``shift`` and
            ``clinician`` columns.

    Returns:
        An :class:`Evaluation`: ``feasible`` (no hard rule broken), ``breaches`` (each
        with ``rule``, ``clinician``, ``shifts``, ``message``), ``score`` (term by term,
        as :attr:`Roster.score`), ``unfilled`` and ``clinicians``. Unknown ids are
        breaches, not errors.

    Raises:
        ValidationError: the problem is invalid.
    """
    p = as_problem(problem)
    evaluation: Dict[str, Any] = json.loads(_score(p._native, assignment_pairs(assignments)))
    return cast(Evaluation, {"feasible": not evaluation["breaches"], **evaluation})


def validate(problem: ProblemLike) -> List[Issue]:
    """Every problem in a problem document, each an :class:`Issue`; empty when valid.

    Unlike :class:`Problem` and :func:`solve`, this does not raise on an invalid
    problem (it still raises :class:`TypeError` for something that is not a problem and
    :class:`OSError` for a file that cannot be read).
    """
    if isinstance(problem, Problem):
        return [Issue(*i) for i in problem._native.issues()]
    try:
        native_of(problem)
    except ValidationError as e:
        return list(e.errors)
    return []
