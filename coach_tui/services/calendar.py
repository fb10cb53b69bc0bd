"""The calendar: each active client's next value-add, the dated next steps of open
opportunities and the week's commitment, as iCalendar events with reminders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from ..coaching.calendar import MORNING
from .base import UseCases
from .portfolio import Portfolio

if TYPE_CHECKING:
    from ..coaching.calendar import CommitmentEvent, DueEvent, Reminder, StepEvent
    from ..store.repository import Repository


class Calendar(UseCases):
    """`coach export ics`."""

    def __init__(self, repo: Repository, today: Callable[[], date], now: Callable[[], datetime]) -> None:
        super().__init__(repo, today, now)
        self.portfolio = Portfolio(repo, today, now)

    def ics(self, stamp: datetime | None = None, remind: Reminder | None = MORNING) -> bytes:
        """The calendar file, stamped `stamp` (now by default), each event with the reminder
        `remind` (None: none).

        Every active client's next value-add; the dated next steps of the opportunities of
        the clients whose index facts show an open one with a date (only those clients'
        records are read: a portfolio of thousands costs a few reads more, not thousands),
        with their closed ones that had a date, cancelled; this week's commitment and any
        later one; an archived client's value-add and dated next steps, cancelled."""
        from ..coaching.calendar import commitment_events, due_events, step_events, to_ics
        from ..coaching.schedule import first_weekday, week_of

        snapshot = self.repo.read()
        agenda = self.portfolio.agenda_of(snapshot)
        today = agenda.today
        events: list[DueEvent | StepEvent | CommitmentEvent] = []
        events += due_events(((v.client, v.cadence) for v in agenda.views), today)
        archived = agenda.archived
        events += due_events(((v.client, v.cadence) for v in archived), today, cancelled=True)
        for views, cancelled in ((agenda.views, False), (archived, True)):
            for view in views:
                if any(o.next_date is not None for o in view.facts.opportunities):
                    history = self.repo.read_client(view.client.id)
                    events += step_events(((view.client, o) for o in history.opportunities), today, cancelled)
        names = {e.client.id: e.client.name for e in snapshot.entries}
        this_week = week_of(today, first_weekday(snapshot.settings))
        events += commitment_events(snapshot.commitments, this_week, names)
        return to_ics(events, stamp or self.now(), remind)


__all__ = ["Calendar"]
