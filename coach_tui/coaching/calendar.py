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

Beside the value-adds, the calendar holds what else is due on a day:

- each open opportunity's dated next step (on its day, or today once it has passed, like a
  value-add); UID `opp-<client-id>-<opportunity-id>@coach`;
- the week's commitment, as an event over the week it was made for; UID
  `commitment-<week's first day>@coach`.

Nothing is left stale: an archived client's events (its value-add and its next steps) and the
next steps of opportunities closed since are exported again as cancelled (STATUS:CANCELLED,
same UID, a higher SEQUENCE), which tells a calendar that imported them to take them away. (A
closed opportunity is seen only in the files the export reads: those of the clients whose
index facts show an open dated next step, see `services.calendar`.)

Each event that is not cancelled carries a reminder (VALARM) the morning of its day, 09:00
by default; `Reminder` says when (`parse_reminder` reads `--remind`: `09:00`, `2d`,
`1d@08:30`, `none`). An all-day event starts at midnight of its day, so the trigger is an
offset from that midnight: `PT9H` is 09:00 that day, `-P1DT15H` 09:00 the day before.

`due_events` is pure and has no dependency; `to_ics` imports icalendar when it is called, so
importing this module costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ..domain.dates import long_date
from ..domain.errors import InputError
from ..textsafe import visible

if TYPE_CHECKING:
    from ..domain.account import Opportunity
    from ..domain.cadence import CadenceState
    from ..domain.models import Client, Commitment

PRODID = "-//coach//value-add cadence//EN"
CALENDAR_NAME = "coach: value-adds, next steps, commitments"
UID_DOMAIN = "coach"
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Reminder:
    """When a reminder goes off: `days_before` the event's day, at `at` (local time)."""

    days_before: int = 0
    at: time = time(9, 0)

    @property
    def trigger(self) -> timedelta:
        """The offset from the start of the all-day event (midnight of its day)."""
        return timedelta(days=-self.days_before, hours=self.at.hour, minutes=self.at.minute)

    def describe(self) -> str:
        when = f"{self.at:%H:%M}"
        if self.days_before == 0:
            return f"{when} on the day"
        return f"{when} {self.days_before} day{'' if self.days_before == 1 else 's'} before"


MORNING = Reminder()
MAX_DAYS_BEFORE = 60
_REMINDER = re.compile(r"(?:(\d{1,3})d)?(?:@?(\d{1,2}):(\d{2}))?")
REMINDER_FORMS = "a time on the day (09:00), days before (2d, at 09:00), both (1d@08:30), or none"


def parse_reminder(text: str) -> Reminder | None:
    """`--remind`: `09:00` (that day), `2d` (two days before, at 09:00), `1d@08:30`, or
    `none` (no reminder). InputError names what was typed and what is accepted."""
    typed = text.strip().casefold()
    if typed in ("none", "off", "no"):
        return None
    found = _REMINDER.fullmatch(typed)
    if not typed or found is None or not any(found.groups()):
        raise InputError(f"can't read {visible(text)!r} as a reminder: use {REMINDER_FORMS}", "remind")
    days, hour, minute = found.groups()
    before = int(days) if days else 0
    if before > MAX_DAYS_BEFORE:
        raise InputError(f"a reminder at most {MAX_DAYS_BEFORE} days before, not {before}", "remind")
    at = MORNING.at
    if hour is not None:
        if int(hour) > 23 or int(minute) > 59:
            raise InputError(f"{hour}:{minute} is not a time of day: use 00:00 to 23:59", "remind")
        at = time(int(hour), int(minute))
    return Reminder(before, at)


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
    cancelled: bool = False  # the client is archived: the event is taken away

    @property
    def uid(self) -> str:
        return event_uid(self.client_id)

    @property
    def summary(self) -> str:
        return f"Value-add due: {one_line(self.client_name)}"

    @property
    def description(self) -> str:
        if self.cancelled:
            return "The client is archived: no value-add is due."
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


def due_events(rhythms: Iterable[tuple[Client, CadenceState]], today: date, cancelled: bool = False) -> list[DueEvent]:
    """One event per client, given with its cadence state on `today`, soonest first
    (`cancelled`: the clients are archived, their events are taken away)."""
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
                cancelled=cancelled,
            )
        )
    return sorted(events, key=lambda e: (e.day, e.client_name.casefold()))


@dataclass(frozen=True)
class StepEvent:
    """An opportunity's dated next step."""

    client_id: str
    client_name: str
    opportunity_id: str
    title: str
    step: str
    day: date  # the day the event sits on: the step's, or today once it has passed
    due: date  # the step's own day
    cancelled: bool = False  # the client is archived or the opportunity closed

    @property
    def uid(self) -> str:
        return f"opp-{self.client_id}-{self.opportunity_id}@{UID_DOMAIN}"

    @property
    def summary(self) -> str:
        step = one_line(self.step) or "next step"
        return f"Next step: {step} ({one_line(self.client_name)})"

    @property
    def description(self) -> str:
        lines = [f"Opportunity: {one_line(self.title)}."]
        if self.cancelled:
            lines.append("Closed, or its client archived: nothing is due.")
        elif self.due < self.day:
            lines.append(f"Overdue: it was due {long_date(self.due)}.")
        return "\n".join(lines)


def step_events(opportunities: Iterable[tuple[Client, Opportunity]], today: date, cancelled: bool = False) -> list[StepEvent]:
    """One event per opportunity with a dated next step: on its day, or today once passed.
    An opportunity no longer open, or `cancelled` (its client archived), is taken away."""
    events = []
    for client, o in opportunities:
        if o.next_date is None:
            continue
        gone = cancelled or not o.is_open
        day = o.next_date if gone or o.next_date >= today else today
        events.append(StepEvent(client.id, client.name, o.id, o.title, o.next_step, day, o.next_date, gone))
    return sorted(events, key=lambda e: (e.day, e.client_name.casefold(), e.opportunity_id))


@dataclass(frozen=True)
class CommitmentEvent:
    """The week's commitment, over the seven days of its week."""

    week: date  # the week's first day
    text: str
    kept: bool | None
    client_name: str | None

    @property
    def uid(self) -> str:
        return f"commitment-{self.week.isoformat()}@{UID_DOMAIN}"

    @property
    def day(self) -> date:
        return self.week

    @property
    def summary(self) -> str:
        done = " (kept)" if self.kept else " (not kept)" if self.kept is False else ""
        return f"Commitment: {one_line(self.text)}{done}"

    @property
    def description(self) -> str:
        lines = [f"This week's commitment, made in coach's weekly coaching (week of {long_date(self.week)})."]
        if self.client_name:
            lines.append(f"For {one_line(self.client_name)}.")
        return "\n".join(lines)


def commitment_events(commitments: Iterable[Commitment], this_week: date, names: dict[str, str]) -> list[CommitmentEvent]:
    """The commitments of the week starting `this_week` and later (a week ahead may be
    planned already); the weeks before stay in the calendar as they were last exported."""
    return [
        CommitmentEvent(c.week, c.text, c.kept, names.get(c.client_id) if c.client_id else None)
        for c in sorted(commitments, key=lambda c: c.week)
        if c.week >= this_week
    ]


def one_line(text: str) -> str:
    """User text on one line, shown literally."""
    return visible(" ".join(text.split()))


def sequence_at(moment: datetime) -> int:
    """A SEQUENCE that grows with every export: whole seconds from 2020 to `moment`.

    (Fits the 32-bit INTEGER RFC 5545 asks for until 2088; later moments stay at its top.)
    """
    return min(2**31 - 1, max(0, int((_utc(moment) - _SEQUENCE_EPOCH).total_seconds())))


def _utc(moment: datetime) -> datetime:
    # A naive moment is local time (what clock.now() returns); iCalendar stamps are UTC.
    return moment.astimezone(UTC)


def to_ics(events: Iterable[DueEvent | StepEvent | CommitmentEvent], stamp: datetime, remind: Reminder | None = MORNING) -> bytes:
    """An iCalendar file (RFC 5545) holding `events` as all-day, non-blocking events, each
    with a reminder (`remind`; None: none) unless it is cancelled."""
    from icalendar import Alarm, Calendar, Event  # lazy: only the export pays for it

    utc = _utc(stamp).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    for e in events:
        cancelled = getattr(e, "cancelled", False)
        event = Event()
        event.add("uid", e.uid)
        event.add("dtstamp", utc)
        event.add("last-modified", utc)
        event.add("sequence", sequence_at(stamp))
        # All-day: DATE values, and DTEND is the day after (exclusive) per RFC 5545; a
        # commitment spans its week.
        event.add("dtstart", e.day)
        event.add("dtend", e.day + timedelta(days=7 if isinstance(e, CommitmentEvent) else 1))
        event.add("summary", e.summary)
        event.add("description", e.description)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        # A reminder to do something, not a meeting: it should not block the day as busy.
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["coach"])
        if remind is not None and not cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", e.summary)
            alarm.add("trigger", remind.trigger, parameters={"RELATED": "START"})
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


__all__ = [
    "CALENDAR_NAME",
    "MORNING",
    "PRODID",
    "REMINDER_FORMS",
    "CommitmentEvent",
    "DueEvent",
    "Reminder",
    "StepEvent",
    "commitment_events",
    "due_events",
    "event_uid",
    "parse_reminder",
    "sequence_at",
    "step_events",
    "to_ics",
]
