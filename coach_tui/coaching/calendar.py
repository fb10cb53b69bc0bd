"""The value-add calendar: each active client's next value-add as an all-day iCalendar event.

`coach export ics` writes one VEVENT per active client, on the day its next value-add is due,
so the rhythm of value shows up in the calendar the user already lives in.

Which day an event sits on:

- on track or due soon: the next due day (last value-add + cadence, cadence.py's rule);
- overdue: today, not the past due day, which a calendar would bury in last week; the
  description says since when it was due;
- new (no value-add yet): today as well, because the first value-add is due now
  (`cadence.due_day`, the rule the review and `coach status` follow too). A client with no
  rhythm yet is exactly the one a reminder helps.

Re-exporting updates events instead of duplicating them: each event's UID is the client's id
(`<client-id>@coach`), which never changes, even when the client is renamed. DTSTAMP and
LAST-MODIFIED are the export moment, and SEQUENCE counts seconds since 2020 at that moment: it
grows with every export, which calendars that only accept an update with a higher SEQUENCE
(Google Calendar's import among them) need, and it needs no state kept between exports.

`due_events` is pure and has no dependency; `to_ics` imports icalendar when it is called, so
importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from ..domain.dates import long_date
from ..textsafe import visible

if TYPE_CHECKING:
    from ..domain.cadence import CadenceState
    from ..domain.models import Client

PRODID = "-//coach//value-add cadence//EN"
CALENDAR_NAME = "coach: value-adds due"
UID_DOMAIN = "coach"
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DueEvent:
    """One client's next value-add, as the calendar will show it."""

    client_id: str
    client_name: str
    day: date  # the day the event sits on
    status: str  # the cadence status: "on track", "due soon", "overdue" or "new"
    cadence: str  # "2 weeks"
    last: date | None  # the last value-add
    next_due: date | None  # the day it is really due (None for a new client)
    days_over: int = 0

    @property
    def uid(self) -> str:
        return event_uid(self.client_id)

    @property
    def summary(self) -> str:
        return f"Value-add due: {visible(' '.join(self.client_name.split()))}"

    @property
    def description(self) -> str:
        rhythm = f"Cadence: a value-add every {self.cadence}."
        if self.last is None:
            return f"No value-add yet: the first one is due now.\n{rhythm}"
        last = f"Last value-add: {long_date(self.last)}."
        if self.status == "overdue" and self.next_due is not None:
            over = f"{self.days_over} day{'' if self.days_over == 1 else 's'}"
            return f"Overdue by {over}: it was due {long_date(self.next_due)}.\n{rhythm}\n{last}"
        return f"{rhythm}\n{last}"


def event_uid(client_id: str) -> str:
    """The event's UID: stable per client, so a re-export replaces the previous event."""
    return f"{client_id}@{UID_DOMAIN}"


def due_events(rhythms: Iterable[tuple[Client, CadenceState]], today: date) -> list[DueEvent]:
    """One event per client, given with its cadence state on `today`, soonest first."""
    from ..domain.cadence import due_day

    events = []
    for client, state in rhythms:
        day = today if state.status == "overdue" else due_day(state, today)
        events.append(
            DueEvent(
                client_id=client.id,
                client_name=client.name,
                day=day,
                status=state.status,
                cadence=client.cadence.describe(),
                last=state.last,
                next_due=state.next_due,
                days_over=state.days_over,
            )
        )
    return sorted(events, key=lambda e: (e.day, e.client_name.casefold()))


def sequence_at(moment: datetime) -> int:
    """A SEQUENCE that grows with every export: whole seconds from 2020 to `moment`.

    (Fits the 32-bit INTEGER RFC 5545 asks for until 2088; later moments stay at its top.)
    """
    return min(2**31 - 1, max(0, int((_utc(moment) - _SEQUENCE_EPOCH).total_seconds())))


def _utc(moment: datetime) -> datetime:
    # A naive moment is local time (what clock.now() returns); iCalendar stamps are UTC.
    return moment.astimezone(UTC)


def to_ics(events: Iterable[DueEvent], stamp: datetime) -> bytes:
    """An iCalendar file (RFC 5545) holding `events` as all-day, non-blocking events."""
    from icalendar import Calendar, Event  # lazy: only the export pays for it

    utc = _utc(stamp).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for e in events:
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", utc)
        event.add("last-modified", utc)
        event.add("sequence", sequence_at(stamp))
        # All-day: DATE values, and DTEND is the day after (exclusive) per RFC 5545.
        event.add("dtstart", e.day)
        event.add("dtend", e.day + timedelta(days=1))
        event.add("summary", e.summary)
        event.add("description", e.description)
        # A reminder to do something, not a meeting: it should not block the day as busy.
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["coach"])
        calendar.add_component(event)
    return bytes(calendar.to_ical())


__all__ = ["PRODID", "CALENDAR_NAME", "DueEvent", "event_uid", "due_events", "sequence_at", "to_ics"]
