"""What every use-case area shares: the repository it reads and writes through, and the
clock (injected, so tests and the demo freeze the day)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.repository import Repository


def new_id() -> str:
    """A new record id: 12 hex digits, random."""
    return os.urandom(6).hex()


class UseCases:
    """One area of use cases over a repository."""

    def __init__(self, repo: Repository, today: Callable[[], date], now: Callable[[], datetime]) -> None:
        self.repo = repo
        self.today = today
        self.now = now


__all__ = ["UseCases", "new_id"]
