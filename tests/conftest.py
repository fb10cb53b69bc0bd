"""Fixtures every test folder shares: a frozen day, stores on tmp_path, the demo portfolio.

The day is frozen through COACH_TODAY (read by coach_tui.clock), so subprocesses started by
CLI tests see the same day as the test itself.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setenv("COACH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("COACH_DATA", raising=False)
    return TODAY


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
def demo_coach(data_dir: Path) -> Coach:
    """A Coach over a fresh copy of the demo portfolio as of TODAY."""
    from coach_tui.services.demo import populate

    store = FolderStore(data_dir, lock_timeout=5.0)
    populate(store, TODAY)
    return Coach(store)
