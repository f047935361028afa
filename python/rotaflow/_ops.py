"""The planner's operations: explain, recommend, replan, whatif and the HTML report.

Each calls ``rotaflow::ops`` in the core and returns its JSON document, the one
``rotaflow explain/recommend/replan/whatif --json`` prints (see ``docs/operations.md``),
as a dict typed in :mod:`rotaflow._types`.
"""

import json
import operator
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Union,
    cast,
)

from ._problem import Problem, ProblemLike, as_problem
from ._roster import Roster, RosterLike, roster_pairs, roster_text
from ._rotaflow import explain as _explain
from ._rotaflow import recommend as _recommend
from ._rotaflow import replan as _replan
from ._rotaflow import report_html as _report_html
from ._rotaflow import scenario_row as _scenario_row
from ._rotaflow import whatif as _whatif
from ._solve import naming_keywords, options
from ._types import Diff, Explanation, Recommendation, ReplanDocument, ScenarioRow, WhatIf

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "Replan",
    "explain",
    "recommend",
    "replan",
    "report_html",
    "scenario_row",
    "whatif",
]


def _count(name: str, value: int) -> int:
    """An integer >= 0 (numpy integers too), else ValueError."""
    try:
        n = operator.index(value)
    except TypeError:
        n = -1
    if isinstance(value, bool) or n < 0:
        raise ValueError(f"{name} must be an integer >= 0, not {value!r}")
    return n


def explain(problem: ProblemLike, roster: RosterLike) -> Explanation:
    """Why each unfilled shift is unfilled, and where the objective comes from.

    Args:
        problem: a :class:`Problem`, a dict, a JSON string or a path.
        roster: a :class:`Roster`, a roster document (dict, JSON text or path), or a
            list of assignments (an edited roster is fine).

    Returns:
        The :class:`Explanation`, the document ``rotaflow explain --json`` prints:
        ``objective``, ``score``, ``pricing`` (``residual``, ``direct`` or ``none``),
        ``note``, ``breaches``, ``unfilled`` (costliest first, each with ``reason``,
        ``message``, ``ineligible`` counts and ``blockers``), ``clinicians`` and
        ``sites`` (the objective split per clinician and per site).
        ``pandas.DataFrame(e["unfilled"])`` and ``pandas.DataFrame(e["clinicians"])``
        give tables.

    Raises:
        ValidationError: the problem is invalid, or the roster names an unknown shift or
            clinician (pointer ``/assignments/<i>/shift`` or ``…/clinician``).

    The GIL is released while explaining.
    """
    p = as_problem(problem)
    out: Explanation = json.loads(_explain(p._native, roster_pairs(roster)))
    return out


def recommend(
    problem: ProblemLike,
    roster: RosterLike,
    shift: str,
    k: int = 5,
    *,
    method: Optional[Literal["auto", "flow", "mip", "decompose"]] = None,
    time_limit: Optional[float] = None,
    mip_gap: Optional[float] = None,
    threads: Optional[int] = None,
    seed: Optional[int] = None,
) -> Recommendation:
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
        The :class:`Recommendation`, the document ``rotaflow recommend --json`` prints:
        ``shift``, ``method`` (``residual`` or ``resolve``), ``note``, ``objective``,
        ``assigned``, ``considered`` and ``candidates`` (best first, each with
        ``clinician``, ``delta`` (new − old objective; negative is better),
        ``objective``, ``added``, ``removed`` and ``reason`` when they cannot cover it).

    Raises:
        ValidationError: the problem or an option is invalid, the roster names an unknown
            id, or no shift has the id ``shift`` (code ``unknown_shift``, pointer
            ``/shift``).
        SolverError: a re-solve failed (``kind`` says why).
    """
    k = _count("k", k)
    p = as_problem(problem)
    solve_options = options(method, time_limit, mip_gap, threads, seed)
    with naming_keywords():
        text = _recommend(p._native, roster_pairs(roster), shift, k, solve_options)
    out: Recommendation = json.loads(text)
    return out


class Replan:
    """The answer of :func:`replan`: the repaired roster and what changed.

    Attributes:
        roster: the repaired :class:`Roster` (its problem is :attr:`problem`), byte for
            byte the roster ``rotaflow replan`` writes.
        diff: the :class:`Diff`: ``added`` and ``removed`` (lists of ``{"shift",
            "clinician"}``), ``moved`` (``{"clinician", "from", "to"}``), ``kept`` (pairs
            of the published roster kept), ``newly_unfilled`` and ``newly_filled``
            (shift ids).
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
    diff: Diff
    change_weight: float
    notes: List[str]
    problem: Problem

    def __init__(
        self,
        roster: Roster,
        diff: Diff,
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

    def to_dict(self) -> ReplanDocument:
        """``{"roster", "diff", "change_weight", "notes", "problem"}``: the document
        ``rotaflow replan --json`` writes (fresh copies)."""
        return {
            "roster": self.roster.to_dict(),
            "diff": json.loads(json.dumps(self.diff)),
            "change_weight": self.change_weight,
            "notes": list(self.notes),
            "problem": self.problem.to_dict(),
        }

    def to_pandas(self) -> "pandas.DataFrame":
        """The diff as a pandas DataFrame: one row per pair added or removed, columns
        ``change`` (``added`` or ``removed``), ``shift`` and ``clinician``."""
        import pandas as pd

        rows = [
            {"change": change, "shift": a["shift"], "clinician": a["clinician"]}
            for change, pairs in (
                ("removed", self.diff["removed"]),
                ("added", self.diff["added"]),
            )
            for a in pairs
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
    method: Optional[Literal["auto", "flow", "mip", "decompose"]] = None,
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
        ValidationError: no change was given (``/changes``, ``invalid_value``), or the
            problem, the roster or a change is invalid (an unknown
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
    p = as_problem(problem)
    solve_options = options(method, time_limit, mip_gap, threads, seed)
    with naming_keywords():
        roster_json, rest, native = _replan(
            p._native, roster_pairs(roster), docs, change_weight, solve_options
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


def whatif(problem: ProblemLike, top: int = 10) -> WhatIf:
    """Marginal values from the optimal duals: how much the objective would fall with one
    more session of each role at each site and day, and one more from each clinician.

    Args:
        problem: as :func:`explain`.
        top: how many of each list (0: all; zero values are left out).

    Returns:
        The :class:`WhatIf`, the document ``rotaflow whatif --json`` prints:
        ``objective`` (the optimum), ``sessions`` (``role``, ``site``, ``day``,
        ``shifts``, ``value``, ``shift``, ``added``, ``removed``; largest value first) and
        ``clinicians`` (``clinician``, ``value``, ``shifts``, ``limit``, ``added``,
        ``removed``).

    Raises:
        ValidationError: the problem is invalid.
        SolverError: ``kind`` ``not_flow_representable`` (``obstacles`` names the rules
            in the way) or ``method_unavailable`` (no roster meets the minimums and pins).
    """
    top = _count("top", top)
    p = as_problem(problem)
    out: WhatIf = json.loads(_whatif(p._native, top))
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
    p = as_problem(problem)
    return _report_html(p._native, roster_text(roster))


def scenario_row(
    name: str, problem: ProblemLike, roster: Union[Roster, Mapping[str, Any], str, bytes]
) -> ScenarioRow:
    """The summary of one solved scenario, as a row of :func:`sweep` and of
    ``rotaflow compare --json``: status, method, objective, bound, gap, places needed and
    filled, fill rate, pay (the evaluator's ``cost`` term), places left empty by priority
    (``unfilled_penalty``, most urgent first) and the whole score.

    Args:
        name: the scenario's name.
        problem: as :func:`explain`.
        roster: a :class:`Roster` or a roster document, as :func:`report_html` takes.

    Raises:
        ValidationError: the problem is invalid or the roster is not a roster document.
    """
    p = as_problem(problem)
    return cast(ScenarioRow, json.loads(_scenario_row(name, p._native, roster_text(roster))))

