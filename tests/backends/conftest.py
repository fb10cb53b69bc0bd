"""Tests in this folder run over both stores: `coach` and `store` are each backend's (the
`backend` fixture of tests/conftest.py, parametrised "folder" and "postgresql")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from coach_tui.services import Coach


@pytest.fixture
def coach(backend: Coach) -> Coach:
    return backend


@pytest.fixture
def store(backend: Coach) -> Any:
    return backend.repo


@pytest.fixture
def demo_coach(backend: Coach) -> Coach:
    """The demo portfolio as of TODAY, written into each backend's store."""
    from coach_tui.services.demo import populate

    populate(backend.repo, date(2026, 11, 25))  # tests/conftest.py's TODAY
    return backend
