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
:meth:`Problem.from_frames`. ``help(rotaflow.solve)`` has a worked example; the answers
of :func:`score`, :func:`explain`, :func:`recommend`, :func:`whatif` and :func:`replan`
are dicts typed as :class:`Evaluation`, :class:`Explanation`, :class:`Recommendation`,
:class:`WhatIf` and :class:`Diff`. :func:`sweep` solves many scenarios of one problem
(:class:`Scenario`), in threads or on a Dask cluster, one :class:`SweepRow` each.
"""

from ._errors import Issue, Obstacle, RotaflowError, SolverError, ValidationError
from ._ops import (
    Replan,
    explain,
    recommend,
    replan,
    report_html,
    scenario_row,
    whatif,
)
from ._problem import ISSUE_CODES, Problem, ProblemLike, frame_names, generate
from ._roster import Assignments, Roster, RosterLike
from ._rotaflow import __version__
from ._solve import score, solve, validate
from ._sweep import sweep, sweep_report_html
from ._types import (
    Assignment,
    Blocker,
    BlockingPair,
    Breach,
    Candidate,
    ClinicianBreakdown,
    ClinicianSummary,
    ClinicianValue,
    DemandChange,
    Diff,
    EligibilityCounts,
    Evaluation,
    Explanation,
    Moved,
    OpenSite,
    PatternWarning,
    PriorityCount,
    Progress,
    RateChange,
    Recommendation,
    ReplanDocument,
    RosterDocument,
    Scenario,
    ScenarioRow,
    Score,
    SessionValue,
    ShiftExplanation,
    SiteBreakdown,
    Stats,
    SweepRow,
    Unfilled,
    WhatIf,
)

__all__ = [
    # The problem and the roster.
    "Problem",
    "ProblemLike",
    "Roster",
    "RosterLike",
    "Assignments",
    # Solve, score, validate; synthetic problems.
    "solve",
    "score",
    "validate",
    "generate",
    # The planner's operations.
    "explain",
    "recommend",
    "replan",
    "Replan",
    "whatif",
    "report_html",
    # Many scenarios.
    "sweep",
    "Scenario",
    "DemandChange",
    "RateChange",
    "OpenSite",
    "SweepRow",
    "scenario_row",
    "sweep_report_html",
    # Errors and the schema's constants.
    "RotaflowError",
    "ValidationError",
    "SolverError",
    "Issue",
    "Obstacle",
    "ISSUE_CODES",
    "frame_names",
    # The typed answer documents.
    "Assignment",
    "Blocker",
    "BlockingPair",
    "Breach",
    "Candidate",
    "ClinicianBreakdown",
    "ClinicianSummary",
    "ClinicianValue",
    "Diff",
    "EligibilityCounts",
    "Evaluation",
    "Explanation",
    "Moved",
    "PatternWarning",
    "PriorityCount",
    "Progress",
    "Recommendation",
    "ReplanDocument",
    "RosterDocument",
    "ScenarioRow",
    "Score",
    "SessionValue",
    "ShiftExplanation",
    "SiteBreakdown",
    "Stats",
    "Unfilled",
    "WhatIf",
    "__version__",
]


def _publish() -> None:
    """Name the package, not the private module behind it, as the home of each public
    class and function, so that help(), reprs, tracebacks and pickles say
    ``rotaflow.Roster`` and the layout behind the face can change."""
    import types

    for name in __all__:
        obj = globals()[name]
        if isinstance(obj, (type, types.FunctionType)):
            obj.__module__ = __name__


_publish()
del _publish


def __dir__() -> list[str]:
    """Only the public API (PEP 562): the private modules stay out of completion."""
    return sorted(__all__)
