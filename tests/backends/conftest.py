"""Tests in this folder run over both stores: `coach` and `store` are each backend's (the
`backend` fixture of tests/conftest.py, parametrised "folder" and "postgresql")."""

from __future__ import annotations

from typing import Any

import pytest

from coach_tui.services import Coach


@pytest.fixture
def coach(backend: Coach) -> Coach:
    return backend


@pytest.fixture
def store(backend: Coach) -> Any:
    return backend.repo
