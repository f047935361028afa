"""The package's face: ``dir(rotaflow)`` is the public API and nothing else, every public
function and class says what it does, the worked examples (docstrings and
docs/python.md) run, and ``__version__`` is the crate's."""

from __future__ import annotations

import doctest
import importlib.metadata
import inspect
import re
import types
from typing import Any, List, get_type_hints

import rotaflow

from helpers import REPO


def test_dir_is_the_public_api() -> None:
    assert dir(rotaflow) == sorted(rotaflow.__all__)
    assert len(set(rotaflow.__all__)) == len(rotaflow.__all__)
    for name in rotaflow.__all__:
        assert hasattr(rotaflow, name), name
    # Nothing else public-looking in the namespace either: no typing helpers, no
    # modules (json, os, operator), no native classes.
    public = {n for n in vars(rotaflow) if not n.startswith("_")}
    assert public == set(rotaflow.__all__) - {"__version__"}
    for leaked in ("Any", "Dict", "json", "os", "operator", "TYPE_CHECKING", "NativeProblem"):
        assert leaked not in dir(rotaflow)
    assert all(not isinstance(getattr(rotaflow, n), types.ModuleType) for n in rotaflow.__all__)
    # Every typed document is exported.
    documents = {n for n, v in vars(rotaflow._types).items()
                 if not n.startswith("_") and isinstance(v, type) and issubclass(v, dict)}
    assert len(documents) > 20 and documents <= set(rotaflow.__all__)


def test_star_import_gives_the_public_api() -> None:
    scope: dict[str, Any] = {}
    exec("from rotaflow import *", scope)
    assert set(scope) - {"__builtins__"} == set(rotaflow.__all__)


def public_objects() -> List[Any]:
    """Every public function and class, and the public methods and properties of the
    classes rotaflow defines."""
    out: List[Any] = []
    for name in rotaflow.__all__:
        obj = getattr(rotaflow, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue  # constants and type aliases, documented where they are defined
        out.append(obj)
        if inspect.isclass(obj) and not issubclass(obj, (dict, tuple)):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, (classmethod, staticmethod)):
                    member = member.__func__
                if inspect.isfunction(member) or isinstance(member, property):
                    out.append(member)
    return out


def test_every_public_function_and_class_has_a_docstring() -> None:
    missing = []
    for obj in public_objects():
        doc = obj.__doc__
        # A class's own docstring, not one it inherits (TypedDict, NamedTuple, Exception).
        if inspect.isclass(obj):
            doc = vars(obj).get("__doc__")
        name = getattr(obj, "__qualname__", None) or obj.fget.__qualname__
        if not doc or not doc.strip():
            missing.append(name)
    assert missing == []


def test_the_public_api_lives_in_rotaflow_and_its_types_resolve() -> None:
    """help(), reprs and pickles name ``rotaflow.X``, not the private module behind it;
    typing.get_type_hints works on each (tools such as pydantic call it), but for
    annotations naming pandas or polars, which rotaflow does not import."""
    for obj in public_objects():
        if not (inspect.isclass(obj) or inspect.isfunction(obj)) or "." in obj.__qualname__:
            continue
        assert obj.__module__ == "rotaflow", obj
        try:
            get_type_hints(obj)
        except NameError as e:
            assert "pandas" in str(e) or "polars" in str(e), (obj, e)
    assert repr(rotaflow.Roster) == "<class 'rotaflow.Roster'>"


def test_help_of_solve_shows_a_worked_example() -> None:
    text = inspect.getdoc(rotaflow.solve) or ""
    assert ">>> roster = rotaflow.solve(" in text and ">>> roster.assignments" in text


def run_doctests(finder_target: Any, name: str) -> doctest.TestResults:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(finder_target, name):
        runner.run(test)
    return runner.summarize(verbose=False)


def test_the_docstring_examples_run() -> None:
    attempted = 0
    modules = [rotaflow] + [getattr(rotaflow, m) for m in (
        "_errors", "_frames", "_ops", "_problem", "_roster", "_solve", "_types")]
    for module in modules:
        result = run_doctests(module, module.__name__)
        assert result.failed == 0, module.__name__
        attempted += result.attempted
    # The package's own example and solve's worked one, at least.
    assert attempted >= 10


def test_the_docs_example_runs() -> None:
    path = REPO / "docs" / "python.md"
    result = doctest.testfile(str(path), module_relative=False, optionflags=doctest.ELLIPSIS,
                              verbose=False, report=True)
    assert result.failed == 0
    assert result.attempted >= 10, "docs/python.md has a worked example"


def workspace_version() -> str:
    """``version`` of ``[workspace.package]`` in the workspace's Cargo.toml."""
    section = None
    for line in (REPO / "Cargo.toml").read_text().splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip()
        elif section == "workspace.package":
            found = re.match(r'\s*version\s*=\s*"([^"]+)"', line)
            if found:
                return found.group(1)
    raise AssertionError("Cargo.toml has no [workspace.package] version")


def test_version_is_the_crates() -> None:
    assert rotaflow.__version__ == workspace_version()
    assert importlib.metadata.version("rotaflow") == rotaflow.__version__
