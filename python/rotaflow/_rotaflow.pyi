"""The native half of rotaflow (private: use the ``rotaflow`` package)."""

from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Union, final

__all__ = [
    "NativeProblem",
    "check_roster",
    "read_assignments",
    "explain",
    "frame_names",
    "generate",
    "issue_codes",
    "merge_parts",
    "text_of",
    "recommend",
    "replan",
    "report_html",
    "scenario_row",
    "score",
    "solve",
    "solve_part",
    "solve_part_count",
    "solve_summary",
    "sweep_report_html",
    "whatif",
    "_panic_for_tests",
    "__version__",
]
__version__: str

@final
class NativeProblem:
    @staticmethod
    def from_json(text: str, validate: bool = True) -> NativeProblem: ...
    @staticmethod
    def from_object(document: Any, validate: bool = True) -> NativeProblem: ...
    @staticmethod
    def from_tables(
        tables: Dict[str, Tuple[int, Dict[str, Tuple[str, Any]]]],
        extra: Dict[str, Any],
        validate: bool = True,
    ) -> NativeProblem: ...
    def to_json(self) -> str: ...
    def issues(self) -> List[Tuple[str, str, str]]: ...
    @property
    def timezone(self) -> str: ...
    def sizes(self) -> Tuple[int, int, int]: ...
    def shift_columns(self, shifts: List[str]) -> Dict[str, List[Any]]: ...
    def clinician_names(self, clinicians: List[str]) -> List[Optional[str]]: ...

def solve(
    problem: NativeProblem,
    options: Mapping[str, Any],
    progress: Optional[Callable[[Any], Any]] = None,
    log: bool = False,
) -> str: ...
def solve_summary(
    name: str, problem: NativeProblem, options: Mapping[str, Any]
) -> Tuple[str, str]: ...
def solve_part_count(problem: NativeProblem, options: Mapping[str, Any]) -> int: ...
def solve_part(problem: NativeProblem, options: Mapping[str, Any], part: int) -> str: ...
def merge_parts(
    problem: NativeProblem, options: Mapping[str, Any], solutions: List[str]
) -> str: ...
def score(problem: NativeProblem, assignments: List[Tuple[str, str]]) -> str: ...
def generate(
    clinicians: int = 1000,
    sites: int = 120,
    days: int = 7,
    seed: int = 0,
    start: Optional[str] = None,
    regions: int = 1,
) -> NativeProblem: ...
def check_roster(text: str) -> str: ...
def read_assignments(document: Union[str, Mapping[str, Any], Sequence[Any]]) -> List[Tuple[str, str]]: ...
def explain(problem: NativeProblem, assignments: List[Tuple[str, str]]) -> str: ...
def recommend(
    problem: NativeProblem,
    assignments: List[Tuple[str, str]],
    shift: str,
    k: int,
    options: Mapping[str, Any],
) -> str: ...
def replan(
    problem: NativeProblem,
    assignments: List[Tuple[str, str]],
    changes: Any,
    change_weight: Optional[float],
    options: Mapping[str, Any],
) -> Tuple[str, str, NativeProblem]: ...
def whatif(problem: NativeProblem, top: int) -> str: ...
def report_html(problem: NativeProblem, roster: str) -> str: ...
def scenario_row(name: str, problem: NativeProblem, roster: str) -> str: ...
def sweep_report_html(rows: str) -> str: ...
def issue_codes() -> List[str]: ...
def text_of(data: bytes) -> str: ...
def frame_names() -> List[str]: ...
def _panic_for_tests(detach: bool) -> None: ...
