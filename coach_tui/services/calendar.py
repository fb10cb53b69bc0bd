"""The value-add calendar: each active client's next value-add due date as an iCalendar event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from .base import UseCases
from .portfolio import Portfolio

if TYPE_CHECKING:
    from ..store.repository import Repository


class Calendar(UseCases):
    """`coach export ics`."""

    def __init__(self, repo: Repository, today: Callable[[], date], now: Callable[[], datetime]) -> None:
        super().__init__(repo, today, now)
        self.portfolio = Portfolio(repo, today, now)

    def ics(self, stamp: datetime | None = None) -> bytes:
        """The calendar file, stamped `stamp` (now by default)."""
        from ..coaching.calendar import due_events, to_ics

        agenda = self.portfolio.agenda()
        events = due_events(((v.client, v.cadence) for v in agenda.views), agenda.today)
        return to_ics(events, stamp or self.now())


__all__ = ["Calendar"]
