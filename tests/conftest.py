"""Fixtures every test folder shares: a frozen day, stores on tmp_path, the demo portfolio.

The day is frozen through COACH_TODAY (read by coach_tui.clock), so subprocesses started by
CLI tests see the same day as the test itself.
"""

from __future__ import annotations

import compileall
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

TODAY = date(2026, 11, 25)  # a Wednesday


def pytest_sessionstart(session: pytest.Session) -> None:
    """coach's modules compiled to bytecode once, before any test runs.

    The CLI tests start `python -m coach_tui.cli` hundreds of times. From an editable install
    whose environment sets PYTHONDONTWRITEBYTECODE (as this machine's and CI's do), every one
    of those processes would compile each module it imports from source again: about half
    its time. Written once here (by the controller when the tests run on several workers),
    the bytecode is read by every process after; it is checked against each source file's
    time and size as usual, so an edited module is compiled afresh."""
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller did it
        return
    import coach_tui

    compileall.compile_dir(Path(coach_tui.__file__).parent, quiet=1, workers=1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests marked slow (a few minutes of the suite between them) run first, in the order
    they were found. The workers of `pytest -n auto` take the tests in this order: begun first,
    the long ones run beside the rest, rather than one of them starting near the end while the
    other workers have nothing left to do."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _screen_lines(svg: str) -> list[str]:
    """The text of a Textual SVG screenshot, one string per terminal line, with each run's
    style class, then what each class draws: enough to see what differs between two pictures
    in a CI log."""
    import html
    import re

    lines: dict[int, list[tuple[float, str]]] = {}
    for css, x, line, text in re.findall(
        r'<text class="[^"]*?(r\d+)" x="([0-9.]+)" y="[0-9.]+" textLength="[0-9.]+" '
        r'clip-path="url\(#[^)]*?line-(\d+)\)">([^<]*)</text>',
        svg,
    ):
        run = html.unescape(text).replace("\xa0", " ").replace("\n", "")
        if run:
            lines.setdefault(int(line), []).append((float(x), f"{run}<{css}>"))
    backs: dict[int, list[str]] = {}
    for fill, x, y, width in re.findall(
        r'<rect fill="([^"]+)" x="([0-9.]+)" y="([0-9.]+)" width="([0-9.]+)" height="24.65" shape', svg
    ):
        line = round((float(y) - 1.5) / 24.4)
        backs.setdefault(line, []).append(f"{round(float(x) / 12.2)}+{round(float(width) / 12.2)}:{fill}")
    shown = ["".join(run for _, run in sorted(lines[n])) for n in sorted(lines)]
    shown += [f"background of line {n}: {' '.join(backs[n])}" for n in sorted(backs)]
    styles = [f"{name} {{{rule.strip()}}}" for name, rule in re.findall(r"\.terminal-[^ ]*?(r\d+) \{([^}]*)\}", svg)]
    return [*shown, *styles]


@pytest.fixture
def snap_compare(snap_compare: Any, request: pytest.FixtureRequest) -> Any:
    """pytest-textual-snapshot's `snap_compare`, printing on a mismatch the lines of the two
    pictures that differ (the text of each run with its style class, the backgrounds, what
    each class draws): the HTML report a
    failed run leaves stays on the machine that ran it, and a CI log is all there is of a
    failure seen once."""
    import difflib

    def compare(*args: Any, **kwargs: Any) -> bool:
        same = snap_compare(*args, **kwargs)
        if not same:
            import pickle

            from pytest_textual_snapshot import node_to_report_path

            data = pickle.loads(node_to_report_path(request.node).read_bytes())
            expected, actual = str(data[1] or ""), str(data[2] or "")
            print("The picture differs from the snapshot; its lines that differ (-snapshot +now):")
            diff = difflib.unified_diff(_screen_lines(expected), _screen_lines(actual), lineterm="", n=0)
            print("\n".join(list(diff)[2:]) or "(no line differs: the difference is finer than this reads; see the report)")
        return bool(same)

    return compare


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setenv("COACH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("COACH_DATA", raising=False)
    return TODAY


@pytest.fixture(autouse=True)
def no_backend_chosen(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test opens the store the person running the tests chose: no $COACH_DB, and a config
    folder of the tests' own (`coach config backend` writes there)."""
    monkeypatch.delenv("COACH_DB", raising=False)
    monkeypatch.setenv("COACH_CONFIG", str(tmp_path_factory.getbasetemp() / "config-unset"))


@pytest.fixture(autouse=True)
def truecolor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app a test builds sees a truecolor terminal unless the test says otherwise: the
    app asks its console how many colours the terminal has (overdue text is bright red in 16
    colours), and the console would otherwise read TERM, which differs from one machine to
    the next (`TERM=xterm` is 16 colours). A test of another colour system sets
    `textual.constants.COLOR_SYSTEM` itself, as `TEXTUAL_COLOR_SYSTEM` would, before it builds
    the app."""
    from textual import constants

    monkeypatch.setattr(constants, "COLOR_SYSTEM", "truecolor")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> FolderStore:
    return FolderStore(data_dir, lock_timeout=5.0)


@pytest.fixture
def coach(store: FolderStore) -> Coach:
    """A Coach over an empty data folder."""
    return Coach(store)


@pytest.fixture
def pg_dsn() -> Iterator[str]:
    """A fresh database at this coach's schema, of this test alone (dropped after)."""
    from pgkit import fresh_database

    with fresh_database() as dsn:
        yield dsn


@pytest.fixture(params=["folder", "postgresql"])
def backend(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[Coach]:
    """A Coach over an empty store of each kind: a data folder, a team database."""
    if request.param == "folder":
        yield Coach(FolderStore(data_dir, lock_timeout=5.0))
        return
    from pgkit import fresh_database

    from coach_tui.store.postgres.store import PostgresStore

    with fresh_database() as dsn:
        store = PostgresStore(dsn)
        try:
            yield Coach(store)
        finally:
            store.close()


@pytest.fixture
def demo_coach(data_dir: Path) -> Coach:
    """A Coach over a fresh copy of the demo portfolio as of TODAY."""
    from coach_tui.services.demo import populate

    store = FolderStore(data_dir, lock_timeout=5.0)
    populate(store, TODAY)
    return Coach(store)
