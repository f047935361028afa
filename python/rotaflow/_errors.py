"""The exceptions of rotaflow. The native module raises these (one mapping, in Rust)."""

from typing import Any, Dict, Iterable, NamedTuple, Optional, Sequence, Tuple

__all__ = ["Issue", "Obstacle", "RotaflowError", "SolverError", "ValidationError"]


class Issue(NamedTuple):
    """One problem found in an input.

    Attributes:
        pointer: RFC 6901 JSON pointer to the offending value, e.g. ``/shifts/17/site``
            (for a side frame of :meth:`rotaflow.Problem.from_frames`, the frame's own
            row, e.g. ``/availability/3/clinician``).
        code: a stable, machine-readable code such as ``unknown_site``.
        message: a sentence for a person.
    """

    pointer: str
    code: str
    message: str


class Obstacle(NamedTuple):
    """A rule that keeps the flow solver from representing a problem exactly."""

    rule: str
    clinician: Optional[str]
    detail: str


class RotaflowError(Exception):
    """Base class of every error rotaflow raises."""

    def _message(self) -> str:
        """The sentence the error was raised with (its first argument)."""
        return str(self.args[0]) if self.args else ""

    def _state(self) -> Dict[str, Any]:
        """The attributes to restore after unpickling (``__notes__`` and any others)."""
        return dict(vars(self))


class ValidationError(RotaflowError, ValueError):
    """The problem (or the options) has problems; ``errors`` lists every one found.

    Also a :class:`ValueError`, so code that catches bad values catches it.
    """

    errors: list[Issue]

    def __init__(self, message: str, errors: Iterable[Sequence[str]] = ()) -> None:
        super().__init__(message)
        self.errors = [Issue(*e) for e in errors]

    @property
    def codes(self) -> list[str]:
        """The codes of :attr:`errors`, in order."""
        return [e.code for e in self.errors]

    def __reduce__(self) -> Tuple[Any, ...]:
        """Pickle with the issues, rebuilt by the constructor (a process pool or a Dask
        worker hands the error back whole)."""
        return (type(self), (self._message(), [tuple(e) for e in self.errors]), self._state())


class SolverError(RotaflowError):
    """The solver could not produce a roster.

    ``kind`` is the core's stable error code: ``not_flow_representable``
    (``method="flow"`` on a problem with rules a flow cannot express; ``obstacles`` names
    them), ``method_unavailable``, ``out_of_range`` (numbers too large to solve exactly),
    ``too_large`` (the model would need more memory than ``memory_limit_mb``) or
    ``internal`` (a bug in rotaflow, or a failure inside HiGHS: please report it).

    An infeasible problem is not an error: the roster has status ``infeasible``.
    """

    kind: str
    obstacles: list[Obstacle]

    def __init__(
        self,
        message: str,
        kind: str = "other",
        obstacles: Iterable[Tuple[str, Optional[str], str]] = (),
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.obstacles = [Obstacle(*o) for o in obstacles]

    def __reduce__(self) -> Tuple[Any, ...]:
        """Pickle with ``kind`` and the obstacles, rebuilt by the constructor."""
        obstacles = [tuple(o) for o in self.obstacles]
        return (type(self), (self._message(), self.kind, obstacles), self._state())
