"""The plan of the code, checked: no import loops between modules, no private member of a
Textual or Rich class used anywhere in `coach_tui/`, and every stylesheet scoped to what it
styles and loaded one way. (The layering itself is import-linter's job: `.ci/run` runs its
contracts from pyproject.toml.)"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
import rich
import textual

PACKAGE = Path(__file__).resolve().parents[2] / "coach_tui"


def modules() -> dict[str, Path]:
    """Every module of coach_tui by its dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def runtime_imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The coach_tui modules `name` imports when it runs (at the top or in a function; not
    those imported only for the type checker)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not _type_checking_only(node, parents):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in known else base)
        elif isinstance(node, ast.Import) and not _type_checking_only(node, parents):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in known and m != name}


def test_no_module_imports_itself_back() -> None:
    """No import loop between two or more modules, however long."""
    known = modules()
    graph = {name: runtime_imports(name, path, set(known)) for name, path in known.items()}
    # A package imports its own submodules by design (`services` groups its areas): a
    # submodule importing its package back is the loop that matters, and it is kept.
    loops = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                loops.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert loops == [], "import loops: " + "; ".join(" -> ".join(loop) for loop in loops)


def _private_names_of_textual_and_rich() -> set[str]:
    """Every single-underscore name a class of Textual or Rich defines, or sets on an
    instance of its widgets, screens and apps."""
    names: set[str] = set()
    for package in (textual, rich):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if any(part in info.name for part in ("__main__", "demo", "cli", "_doc", "pilot", "_time", "_wait")):
                continue
            try:
                module = importlib.import_module(info.name)
            except Exception:  # noqa: BLE001 (optional extras a module may need)
                continue
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__.startswith((textual.__name__, rich.__name__)):
                    names.update(n for n in dir(cls) if n.startswith("_") and not n.startswith("__"))
    from textual.app import App
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.widgets import DataTable, Input, Static

    for made in (App(), Screen(), ScrollView(), Static(), Input(), DataTable()):
        names.update(n for n in vars(made) if n.startswith("_") and not n.startswith("__"))
    return names


def test_no_private_member_of_textual_or_rich_is_touched() -> None:
    """Nothing in coach_tui reads, calls, sets or overrides a `_name` that Textual or Rich
    defines: a renamed private member would fail at run time, or worse, silently."""
    # A named tuple's API is public, underscore and all.
    private = _private_names_of_textual_and_rich() - {"_make", "_replace", "_asdict", "_fields", "_field_defaults"}
    offences = []
    for name, path in modules().items():
        source = path.read_text(encoding="utf-8")
        if not re.search(r"^from (textual|rich)\b|^import (textual|rich)\b", source, re.MULTILINE):
            continue  # a module with no Textual or Rich object has none of their members
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in private:
                offences.append(f"{name}:{node.lineno} .{node.attr}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in private:
                offences.append(f"{name}:{node.lineno} def {node.name}")
    assert offences == []


# -- styles ------------------------------------------------------------------------------------

_TOP_RULE = re.compile(r"^([^\s{}/*][^{]*)\{", re.MULTILINE)


def _stylesheets() -> list[Path]:
    return sorted(PACKAGE.rglob("*.tcss"))


def _classes_beside(sheet: Path) -> set[str]:
    """The classes defined in the module a stylesheet sits beside (`x.tcss` beside `x.py`)."""
    module = sheet.with_suffix(".py")
    if not module.exists():
        return set()
    tree = ast.parse(module.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.ClassDef)}


@pytest.mark.parametrize("sheet", _stylesheets(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_rule_is_scoped_to_what_its_sheet_styles(sheet: Path) -> None:
    """A screen's sheet applies app-wide once the screen has loaded: every top-level rule
    starts with a class of the module beside the sheet (the app's own sheet excepted)."""
    if sheet.name == "app.tcss":
        return
    owners = _classes_beside(sheet)
    assert owners, f"{sheet.name} sits beside no module"
    text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.DOTALL)
    depth = 0
    selectors = []
    for match in re.finditer(r"[{}]|[^{}]+", text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token.strip():
            selectors.append(token.strip())
    assert selectors, f"{sheet.name} has no rule"
    for group in selectors:
        for selector in group.split(","):
            head = re.split(r"[\s.:#>]", selector.strip(), maxsplit=1)[0]
            assert head in owners, f"{sheet.name}: {selector.strip()!r} is not scoped to {sorted(owners)}"


def test_styles_live_in_sheets_beside_their_modules_loaded_one_way() -> None:
    """No inline DEFAULT_CSS; every sheet is named by some CSS_PATH, so it is loaded."""
    named: set[Path] = set()
    for path in modules().values():
        source = path.read_text(encoding="utf-8")
        assert "DEFAULT_CSS" not in source, f"{path.name} has inline CSS"
        for match in re.finditer(r'["\']([\w./-]+\.tcss)["\']', source):
            named.add((path.parent / match.group(1)).resolve())
    unloaded = [p.relative_to(PACKAGE) for p in _stylesheets() if p.resolve() not in named]
    assert unloaded == []
