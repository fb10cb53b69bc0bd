"""No private member of a Textual class is used anywhere: not in `coach_tui/`, not in the tests.

A test that reads Textual's private state (the app's list of notifications, a Select's
options) breaks, or worse passes for the wrong reason, when Textual renames it; the tests
read what the code gave Textual through its public API instead (see tests/tuikit.py).

Every `x._name` in coach_tui and tests is checked against the single-underscore names
Textual's classes define: in a class body, or set on an instance in a method (`self._x = ...`,
read from Textual's source, so the instance attributes of every widget count, not only of
the few a test could build), or found on the classes at run time. A name Textual defines that
a class of coach or of the tests defines too is coach's own (its meaning is coach's: that no
coach class takes over a private name of a Textual class it derives from is checked apart).
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
import inspect
import pkgutil
import sys
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import textual
from textual.reactive import Reactive

ROOT = Path(__file__).resolve().parents[2]
TEXTUAL = Path(textual.__file__).resolve().parent
NAMED_TUPLE_API = {"_make", "_replace", "_asdict", "_fields", "_field_defaults"}  # public, underscore and all
BY_STRING = {"getattr", "setattr", "hasattr", "delattr"}  # and monkeypatch.setattr / delattr


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in NAMED_TUPLE_API


def ours() -> list[Path]:
    """Every Python file of coach_tui and of the tests."""
    return sorted([*(ROOT / "coach_tui").rglob("*.py"), *(ROOT / "tests").rglob("*.py")])


def defined(paths: Iterable[Path]) -> dict[str, str]:
    """Every private name the classes in `paths` define, with the first place that does: a
    class body's functions, classes and assignments, and any `x._name = ...` (an instance's or
    a class's attribute set in a method)."""
    names: dict[str, str] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            found: list[tuple[str, int]] = []
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        found.append((item.name, item.lineno))
                    elif isinstance(item, ast.Assign):
                        found += [(t.id, item.lineno) for t in item.targets if isinstance(t, ast.Name)]
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        found.append((item.target.id, item.lineno))
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                found.append((node.attr, node.lineno))
            for name, line in found:
                if private(name):
                    names.setdefault(name, f"{path}:{line}")
    return names


def _textual_classes() -> Iterator[type]:
    for info in pkgutil.walk_packages(textual.__path__, "textual."):
        if info.name.rpartition(".")[2] in ("__main__", "_sleep") or any(part in info.name for part in ("demo", "cli", "_doc")):
            continue  # a module that runs something when imported (`_sleep` times sleeps for a second)
        try:
            module = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 (a driver for another platform, an optional extra)
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__.startswith("textual."):
                yield cls


@functools.cache
def textual_privates() -> dict[str, str]:
    """Every private name a Textual class defines, with where: read from Textual's source, and
    from its classes at run time (names a decorator or a reactive makes)."""
    names = defined(TEXTUAL.rglob("*.py"))
    for cls in _textual_classes():
        for name, value in vars(cls).items():
            if private(name):
                names.setdefault(name, f"{cls.__module__}.{cls.__qualname__}")
            if isinstance(value, Reactive):  # each instance keeps the value under a private name
                names.setdefault(value.internal_name, f"{cls.__module__}.{cls.__qualname__}.{name}")
    return names


def uses(source: str) -> Iterator[tuple[int, str, str]]:
    """Every private name `source` reaches on an object: (line, name, how). (Not on a module
    it imports with `import x`: `os._exit` is no member of a class.)"""
    tree = ast.parse(source)
    modules = {
        alias.asname or alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.split(".")[0] != "textual"
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in modules):
                yield node.lineno, node.attr, ast.unparse(node)
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called not in BY_STRING:
                continue
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    last = arg.value.rpartition(".")[2]  # monkeypatch.setattr("pkg.Class._name", ...)
                    if private(last):
                        yield node.lineno, last, ast.unparse(node)


def private_imports(source: str) -> Iterator[tuple[int, str]]:
    """Every import of a private module of Textual, or of a private name from one of its
    modules: (line, how)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "textual":
            if any(private(name) for name in [*(node.module or "").split("."), *(alias.name for alias in node.names)]):
                yield node.lineno, ast.unparse(node)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "textual" and any(private(part) for part in parts):
                    yield node.lineno, ast.unparse(node)


def offences(paths: Iterable[Path], own: dict[str, str]) -> list[str]:
    """Each use in `paths` of a name Textual defines privately and no class of ours defines,
    and each import from a private module of Textual."""
    textuals = textual_privates()
    found = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for line, name, how in uses(source):
            if name in textuals and name not in own:
                found.append(f"{where}:{line}: {how} (Textual's: {textuals[name]})")
        found += [f"{where}:{line}: {how}" for line, how in private_imports(source)]
    return found


def test_it_knows_textuals_private_members() -> None:
    """The check is not empty: it sees the private names of Textual's classes, instance
    attributes included, and none of those the tests used to read is a name of ours."""
    textuals = textual_privates()
    assert len(textuals) > 500
    assert {"_notifications", "_options", "_legal_values", "_styles_cache", "_refresh_notifications"}
    assert {"_reactive_value", "_default_value"} <= set(textuals)  # those made at run time <= set(textuals)
    own = defined(ours())
    assert not own.keys() & {"_notifications", "_options"}, own.keys() & {"_notifications", "_options"}


def test_it_finds_each_way_of_reaching_a_private_member(tmp_path: Path) -> None:
    """The check on a sample of what it must refuse (the reads the tests used to make, a name
    by string, a patch of one, a private module) and of what it must let be."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        """
from textual.widgets._select import SelectOverlay
from textual.widgets import _toast
import textual._context
shown = [str(n.message) for n in app._notifications]
values = {v for _, v in need._options}
legal = getattr(need, "_legal_values")
monkeypatch.setattr(App, "_on_notify", spy)
monkeypatch.setattr("textual.app.App._refresh_notifications", spy)
board._rebuilding  # a private name of coach's own, and none of Textual's
record._replace(x=1)  # a named tuple's API
import os
os._exit(9)  # a module's function
from .widgets._select import Select  # a relative import: not Textual's
"""
    )
    found = offences([sample], own={"_rebuilding": "coach"})
    lines = sorted(int(offence.split(":")[1]) for offence in found)
    assert lines == [2, 3, 4, 5, 6, 7, 8, 9], found
    assert "_rebuilding" not in textual_privates()
    assert offences([sample], own={"_notifications": "ours", "_options": "ours"}) == [
        offence for offence in found if not any(name in offence for name in ("._notifications", "._options"))
    ]


def test_no_private_member_of_a_textual_class_is_used_in_the_code_or_the_tests() -> None:
    paths = ours()
    assert ROOT / "tests" / "tuikit.py" in paths and ROOT / "coach_tui" / "app.py" in paths
    assert offences(paths, defined(paths)) == []


def taken_over(cls: type) -> set[str]:
    """The private names of the Textual classes `cls` derives from that `cls` defines again."""
    bases = [base for base in cls.__mro__ if base.__module__.startswith("textual.")]
    theirs = set().union(*(class_privates(base, at_run_time=True) for base in bases))
    return class_privates(cls, at_run_time=False) & theirs


def test_it_finds_a_private_member_taken_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sample = tmp_path / "shadowing_sample.py"
    sample.write_text(
        """
from textual.app import App
from textual.widgets import Select


class Mine(Select[str]):
    def __init__(self) -> None:
        super().__init__([("a", "a")])
        self._options = []  # Select's own
        self._mine = 1

    def _watch_expanded(self, expanded: bool) -> None:  # Select's own
        pass


class Told(App[None]):
    _notifications = ()  # App's own (an instance attribute there)
"""
    )
    spec = importlib.util.spec_from_file_location("shadowing_sample", sample)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "shadowing_sample", module)  # where inspect finds its source
    spec.loader.exec_module(module)
    assert taken_over(module.Mine) == {"_options", "_watch_expanded"}
    assert taken_over(module.Told) == {"_notifications"}


def test_no_coach_class_takes_over_a_private_member_of_its_textual_bases() -> None:
    """A widget, screen or app of coach's (or of the tests' kit) defines no private name that
    a Textual class it derives from defines: it would silently replace Textual's."""
    import coach_tui

    modules = ["coach_tui", "tuikit"]
    modules += [m.name for m in pkgutil.walk_packages(coach_tui.__path__, "coach_tui.") if not m.name.endswith("__main__")]
    checked = 0
    clashes = []
    for name in modules:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and any(base.__module__.startswith("textual.") for base in cls.__mro__):
                checked += 1
                clashes += [f"{name}.{cls.__qualname__}.{n}" for n in sorted(taken_over(cls))]
    assert checked > 20  # the widgets, screens and apps were seen
    assert clashes == []


@functools.cache
def class_privates(cls: type, at_run_time: bool) -> frozenset[str]:
    """The private names `cls` itself defines: in its body, or set on `self` or `cls` in its
    methods (read from its source), and, `at_run_time`, those on the class object too (which
    include what Textual sets on every subclass, so not for ours)."""
    names = {name for name in vars(cls) if private(name)} if at_run_time else set()
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        if not at_run_time:
            raise  # a class of ours has its source: without it the check would pass unread
        return frozenset(names)
    (tree,) = ast.parse(textwrap.dedent(source)).body
    assert isinstance(tree, ast.ClassDef)
    for item in tree.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
        ):
            names.add(node.attr)
    return frozenset(name for name in names if private(name))
