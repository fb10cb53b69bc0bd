"""The value-add calendar: each active client's next value-add due date as an iCalendar event."""

from __future__ import annotations

from datetime import datetime

from .base import UseCases
from .portfolio import Portfolio


class Calendar(UseCases):
    """`coach export ics`."""

    def __init__(self, portfolio: Portfolio) -> None:
        super().__init__(portfolio.repo, portfolio.today, portfolio.now)
        self.portfolio = portfolio

    def ics(self, stamp: datetime | None = None) -> bytes:
        """The calendar file, stamped `stamp` (now by default)."""
        from ..coaching.calendar import due_events, to_ics

        agenda = self.portfolio.agenda()
        events = due_events(((v.client, v.cadence) for v in agenda.views), agenda.today)
        return to_ics(events, stamp or self.now())


__all__ = ["Calendar"]
