"""The answer documents, typed: what :func:`rotaflow.score`, :func:`rotaflow.explain`,
:func:`rotaflow.recommend`, :func:`rotaflow.whatif` and :func:`rotaflow.replan` return,
and the roster document.

Each is a :class:`typing.TypedDict` written from the Rust serde type that produces the
JSON (named alike: ``Explanation`` is ``rotaflow::ops::Explanation``): a Rust ``String``
is ``str``, ``f64`` is ``float``, an integer is ``int``, ``Option<T>`` written as
``null`` is ``Optional[T]``, and a field the core leaves out when it is empty or absent
(``skip_serializing_if``) is a key that may be missing (declared in a ``total=False``
subclass, so that Python 3.9 needs no ``typing_extensions``). At run time they are plain
dicts; ``tests/test_types.py`` checks, on real answers, that every document's keys are
exactly its type's, recursively.
"""

from typing import Any, Dict, List, Literal, Optional, TypedDict


class Assignment(TypedDict):
    """One clinician working one shift (``rotaflow::Assignment``)."""

    shift: str
    clinician: str


class _ScoreBase(TypedDict):
    unfilled: float
    over: float
    cost: float
    preference: float
    travel: float
    fairness: float
    continuity: float
    change: float
    total: float


class Score(_ScoreBase, total=False):
    """The objective term by term (``rotaflow::Score``); ``total`` is their sum.

    ``preference`` and ``continuity`` are negative when preferences are met;
    ``pattern`` (revision 1.1, ``weights.pattern``) is there only when it is not 0."""

    pattern: float


class _BreachBase(TypedDict):
    rule: str
    message: str


class Breach(_BreachBase, total=False):
    """A hard rule broken by a set of assignments (``rotaflow::Breach``): ``rule`` as
    in the schema (``max_shifts``, ``overlap``, ``unknown_id`` …), ``message`` a
    sentence; ``clinician`` and ``shifts`` when some are concerned."""

    clinician: str
    shifts: List[str]


class Progress(TypedDict):
    """One progress report of a running solve (``rotaflow::Progress``), as the
    ``progress`` callback of :func:`rotaflow.solve` receives it."""

    elapsed_s: float
    time_limit_s: float
    method: Literal["flow", "mip", "decompose"]
    objective: Optional[float]
    bound: Optional[float]
    gap: Optional[float]
    first_roster_s: Optional[float]
    done: bool


class Unfilled(TypedDict):
    """A shift short of its headcount by ``missing`` clinicians."""

    shift: str
    missing: int


class ClinicianSummary(TypedDict):
    """One clinician's share of a roster: shifts, hours, unweighted pay and km."""

    id: str
    shifts: int
    hours: float
    cost: float
    km: float


class _StatsBase(TypedDict):
    nodes: int
    arcs: int
    variables: int
    constraints: int
    eligible_pairs: int
    method_reason: str


class Stats(_StatsBase, total=False):
    """Size and effort of a solve (``rotaflow::Stats``); ``method_reason`` says why the
    method was used. ``solve_ms``, the only number that is not deterministic, is there
    only when timings were asked for (``rotaflow solve --timings``)."""

    solve_ms: int


class _RosterBase(TypedDict):
    status: Literal["optimal", "feasible", "infeasible", "no_solution"]
    method: Literal["flow", "mip", "decompose"]
    objective: Optional[float]
    bound: Optional[float]
    gap: Optional[float]
    assignments: List[Assignment]
    unfilled: List[Unfilled]
    score: Optional[Score]
    clinicians: List[ClinicianSummary]
    stats: Stats


class RosterDocument(_RosterBase, total=False):
    """The roster document (``rotaflow::Roster``), as :meth:`rotaflow.Roster.to_dict`
    gives it. ``reason`` says why there is no roster (``infeasible``,
    ``no_solution``); then ``objective`` and ``score`` are ``None``."""

    reason: str


class _BlockingPairBase(TypedDict):
    clinician: str
    shift: str
    preference: float
    message: str


class BlockingPair(_BlockingPairBase, total=False):
    """A clinician and a shift who would both rather have each other
    (``rotaflow::BlockingPair``, ``docs/stability.md``): ``preference`` is the
    clinician's preference weight for the shift; ``instead_of`` the shift they would give
    up (absent: they would add it); ``displaces`` the clinician the shift would give up
    (absent: it has an empty place)."""

    instead_of: str
    displaces: str


class _PatternWarningBase(TypedDict):
    clinician: str
    site: str
    weekday: str
    weeks: int
    dates: List[str]
    shifts: List[str]
    cost: float
    message: str


class PatternWarning(_PatternWarningBase, total=False):
    """A clinician booked at one site, weekday and kind in ``solver.pattern_weeks`` or
    more consecutive calendar weeks (``rotaflow::PatternWarning``, ``docs/patterns.md``):
    ``weeks`` in a row on ``dates``; ``cost`` its share of the score's ``pattern``;
    ``kind`` absent for shifts without one."""

    kind: str


class _EvaluationBase(TypedDict):
    feasible: bool
    breaches: List[Breach]
    score: Score
    unfilled: List[Unfilled]
    clinicians: List[ClinicianSummary]


class Evaluation(_EvaluationBase, total=False):
    """The evaluator's verdict (:func:`rotaflow.score`; ``rotaflow::Evaluation`` with
    ``feasible``): ``feasible`` is true when ``breaches`` is empty; ``blocking_pairs``
    (at most 100) and ``blocking_pair_count`` only when there are some."""

    blocking_pairs: List[BlockingPair]
    blocking_pair_count: int


class EligibilityCounts(TypedDict):
    """How many of a role's holders fail each eligibility condition (the first they
    fail): ``skill`` per missing skill, then ``unavailable``, ``excluded``,
    ``rate_cap`` and ``too_far``."""

    skill: Dict[str, int]
    unavailable: int
    excluded: int
    rate_cap: int
    too_far: int


class Blocker(TypedDict):
    """What stops one eligible clinician from covering an unfilled shift.

    ``kind`` is ``busy``, ``rule``, ``cost`` or ``improvable``; ``rules`` the rules
    their shifts plus this one would break; ``busy_on`` the shifts they would give up;
    ``delta`` the objective change of the cheapest roster with them on it (``None``
    when not priced), whose moves are ``added`` and ``removed``."""

    clinician: str
    kind: str
    rules: List[Breach]
    busy_on: List[str]
    delta: Optional[float]
    added: List[Assignment]
    removed: List[Assignment]


class ShiftExplanation(TypedDict):
    """Why one shift is unfilled: ``reason`` (``no_role``, ``none_eligible``, ``busy``,
    ``rule``, ``cost`` or ``improvable``) and ``message``, the counts behind it and the
    cheapest ``blockers`` (at most 10)."""

    shift: str
    missing: int
    penalty: float
    reason: str
    message: str
    role_holders: int
    ineligible: EligibilityCounts
    eligible: int
    blockers: List[Blocker]


class _ClinicianBreakdownBase(TypedDict):
    id: str
    shifts: int
    hours: float
    cost: float
    preference: float
    travel: float
    continuity: float
    fairness: float
    change: float
    total: float


class ClinicianBreakdown(_ClinicianBreakdownBase, total=False):
    """One clinician's share of the objective, weighted term by term; ``target`` is
    their ``target_shifts`` when they have one; ``pattern`` their weighted repeats of
    fixed weekly patterns, when not 0."""

    target: int
    pattern: float


class SiteBreakdown(TypedDict):
    """One site's share of the objective: places ``needed`` and ``filled``, the
    penalties of its shifts and the per-assignment terms (fairness is a clinician's)."""

    id: str
    needed: int
    filled: int
    unfilled: float
    over: float
    cost: float
    preference: float
    travel: float
    continuity: float
    change: float
    total: float


class _ExplanationBase(TypedDict):
    objective: float
    score: Score
    pricing: str
    breaches: List[Breach]
    unfilled: List[ShiftExplanation]
    clinicians: List[ClinicianBreakdown]
    sites: List[SiteBreakdown]


class Explanation(_ExplanationBase, total=False):
    """The answer of :func:`rotaflow.explain` (``rotaflow::ops::Explanation``).

    ``pricing`` is ``residual`` (exact), ``direct`` (then ``note`` says why) or
    ``none`` (nothing unfilled); ``unfilled`` is costliest first; ``Σ clinicians.total
    + Σ sites.(unfilled + over) == score.total``. ``patterns`` (employment-pattern
    warnings), ``blocking_pairs`` and ``blocking_pair_count`` only when there are some."""

    note: str
    patterns: List[PatternWarning]
    blocking_pairs: List[BlockingPair]
    blocking_pair_count: int


class _CandidateBase(TypedDict):
    clinician: str
    delta: Optional[float]
    objective: Optional[float]
    added: List[Assignment]
    removed: List[Assignment]


class Candidate(_CandidateBase, total=False):
    """One clinician who could cover the shift: ``delta`` (new − old objective;
    negative is better) and ``objective`` of the cheapest roster with them on it, its
    moves; ``None`` and a ``reason`` when no feasible roster has them on it."""

    reason: str


class _RecommendationBase(TypedDict):
    shift: str
    method: str
    objective: float
    assigned: List[str]
    considered: int
    candidates: List[Candidate]


class Recommendation(_RecommendationBase, total=False):
    """The answer of :func:`rotaflow.recommend` (``rotaflow::ops::Recommendation``).

    ``method`` is ``residual`` (exact, from the optimal potentials) or ``resolve`` (a
    solve per candidate; ``note`` says why); ``candidates`` best first."""

    note: str


class _SessionValueBase(TypedDict):
    role: str
    site: str
    day: str
    shifts: int
    value: float
    added: List[Assignment]
    removed: List[Assignment]


class SessionValue(_SessionValueBase, total=False):
    """The objective's fall (``value`` ≥ 0) with one more session of ``role`` at
    ``site`` on ``day``; ``shift`` is the one it would cover, when there is one."""

    shift: str


class ClinicianValue(TypedDict):
    """The objective's fall (``value`` ≥ 0) if ``clinician`` worked one more session;
    ``limit`` is what caps their shifts (``max_shifts``, ``max_hours``, ``slots`` or
    ``none``)."""

    clinician: str
    value: float
    shifts: int
    limit: str
    added: List[Assignment]
    removed: List[Assignment]


class WhatIf(TypedDict):
    """The answer of :func:`rotaflow.whatif` (``rotaflow::ops::WhatIf``): the optimum and
    the most valuable extra sessions and clinicians, best first."""

    objective: float
    sessions: List[SessionValue]
    clinicians: List[ClinicianValue]


# `from` is a Python keyword, so this one is written in the functional form.
Moved = TypedDict("Moved", {"clinician": str, "from": List[str], "to": List[str]})
Moved.__doc__ = """A clinician who gave up the shifts ``from`` and took the shifts ``to``."""


class Diff(TypedDict):
    """What :func:`rotaflow.replan` changed (``rotaflow::ops::Diff``): pairs ``added``
    and ``removed``, clinicians ``moved``, how many pairs were ``kept``, and the shifts
    ``newly_unfilled`` and ``newly_filled``."""

    added: List[Assignment]
    removed: List[Assignment]
    moved: List[Moved]
    kept: int
    newly_unfilled: List[str]
    newly_filled: List[str]


class ReplanDocument(TypedDict):
    """:meth:`rotaflow.Replan.to_dict`: the document ``rotaflow replan --json`` writes
    (``rotaflow::ops::ReplanResult``); ``problem`` is the changed problem document."""

    roster: RosterDocument
    diff: Diff
    change_weight: float
    notes: List[str]
    problem: Dict[str, Any]


class PriorityCount(TypedDict):
    """Places left empty at one priority: the shifts' ``unfilled_penalty`` and how many
    places on shifts of that penalty stayed empty."""

    penalty: float
    places: int


class _ScenarioRowBase(TypedDict):
    name: str
    places_needed: int
    places_filled: int
    fill_rate: float
    pay: float


class ScenarioRow(_ScenarioRowBase, total=False):
    """One scenario, summarised (``rotaflow::ScenarioRow``; :func:`rotaflow.scenario_row`,
    ``rotaflow compare --json``): the roster's ``status``, ``method``, ``objective``,
    ``bound`` and ``gap``; ``places_needed`` (the sum of the headcounts) and
    ``places_filled`` (at most each shift's headcount), their ratio ``fill_rate`` (1 when
    nothing is needed); ``pay`` (the score's ``cost``); ``unfilled_by_priority``, most
    urgent first; the whole ``score``. A scenario that could not be solved has ``error``
    (with the issues' pointers) and none of the roster's fields."""

    status: Literal["optimal", "feasible", "infeasible", "no_solution"]
    method: Literal["flow", "mip", "decompose"]
    objective: float
    bound: float
    gap: float
    unfilled_by_priority: List[PriorityCount]
    score: Score
    error: str


# The sweep's documents (:func:`rotaflow.sweep`, issue 16) name the problem and the
# roster classes. Imported here, last, because ``_roster`` imports this module; the
# annotations below are strings that ``typing.get_type_hints`` resolves through them.
from . import _problem, _roster  # noqa: E402


class _OpenSiteBase(TypedDict):
    id: str


class OpenSite(_OpenSiteBase, total=False):
    """A site a scenario opens (:class:`Scenario` ``open_sites``): a site object of the
    problem document (``id``, ``name``, ``lat``, ``lon``) and the shifts to add with it
    (shift objects whose ``site`` defaults to this site's id)."""

    name: str
    lat: float
    lon: float
    shifts: List[Dict[str, Any]]


class DemandChange(TypedDict, total=False):
    """A change of headcounts (:class:`Scenario` ``demand``): every shift matching all
    the selectors given (``sites``, ``days`` — ISO dates of the shift's day —, ``roles``,
    ``kinds``; none given: every shift) needs ``max(0, round(headcount · scale) + add)``
    clinicians (``scale`` default 1, ``add`` default 0)."""

    sites: List[str]
    days: List[str]
    roles: List[str]
    kinds: List[str]
    scale: float
    add: int


class RateChange(TypedDict, total=False):
    """A change of pay (:class:`Scenario` ``rates``): every clinician matching all the
    selectors given (``clinicians`` by id, ``roles`` held; none given: everyone) is paid
    ``max(0, rate · scale + add)`` for both ``rate_per_hour`` and ``rate_per_shift``
    (``scale`` default 1, ``add`` default 0)."""

    clinicians: List[str]
    roles: List[str]
    scale: float
    add: float


class _ScenarioBase(TypedDict):
    name: str


class Scenario(_ScenarioBase, total=False):
    """One scenario of :func:`rotaflow.sweep`: a unique ``name`` and the changes made to
    the base problem's document, in this order: ``problem`` (a whole problem instead of
    the base), ``drop_clinicians`` (ids), ``drop_share`` (``0 <= x < 1`` of the remaining
    clinicians, drawn with ``seed``, default 0), ``close_sites`` (ids), ``open_sites``,
    ``demand``, ``rates``, ``weights`` (merged into the document's ``weights``)."""

    problem: "_problem.ProblemLike"
    drop_clinicians: List[str]
    drop_share: float
    seed: int
    close_sites: List[str]
    open_sites: List[OpenSite]
    demand: List[DemandChange]
    rates: List[RateChange]
    weights: Dict[str, float]


class _SweepRowBase(TypedDict):
    name: str
    status: Optional[Literal["optimal", "feasible", "infeasible", "no_solution"]]
    method: Optional[Literal["flow", "mip", "decompose"]]
    objective: Optional[float]
    bound: Optional[float]
    gap: Optional[float]
    places_needed: int
    places_filled: int
    fill_rate: float
    pay: float
    score_unfilled: Optional[float]
    score_over: Optional[float]
    score_cost: Optional[float]
    score_preference: Optional[float]
    score_travel: Optional[float]
    score_fairness: Optional[float]
    score_continuity: Optional[float]
    score_change: Optional[float]
    score_total: Optional[float]
    unfilled_by_priority: List[PriorityCount]
    error: Optional[str]
    time_s: float


class SweepRow(_SweepRowBase, total=False):
    """One row of :func:`rotaflow.sweep`: the scenario's :class:`ScenarioRow` (the same
    numbers as ``rotaflow compare``) with its ``score`` flattened into ``score_<term>``
    (``score_pattern`` only when some scenario has a pattern term), ``time_s`` (the wall
    time of its changes and solve) and ``roster`` (with ``rosters=True``). Every row of a
    sweep has the same keys: ``None`` where a failed scenario (``error``) has no value,
    and 0 places, pay and fill rate, as the core's failed rows. Beside these, one key per
    priority seen in any scenario, ``unfilled_<penalty>`` (``unfilled_2000``,
    ``unfilled_150.5``): places left empty on shifts of that ``unfilled_penalty`` (not
    declared here: the names depend on the problems)."""

    score_pattern: Optional[float]
    roster: Optional["_roster.Roster"]
