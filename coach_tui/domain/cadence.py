"""The rhythm of value: a client's cadence, where it stands today, consistency and relevance.

This is the one home of the cadence rules in method.md ("Cadence"): the dashboard, the CLI,
the board, the weekly prompt and the pillar scores all call these functions.

- `cadence_status`: `new` (no value-add yet), `on track` (under 80 % of the cadence elapsed),
  `due soon` (80 % to 100 %, so due today is still due soon), `overdue` (past the next due day).
  `next due` is the last value-add plus one cadence, a month being a calendar month.
- `consistency`: of the last 6 cadence windows ending today, counting only windows that end on
  or after the day the client was added, how many hold at least one value-add.
- `relevance`: of the value-adds in the last 90 days, how many answer a recorded need.

The results are named tuples rather than frozen dataclasses: the dashboard makes four of
them for every client at launch, and a named tuple is built several times faster (and its
class is created faster at import).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from .errors import CadenceError
from .facts import CONSISTENCY_WINDOWS, RELEVANCE_DAYS, ClientFacts, shift
from .models import MAX_CADENCE, Cadence, Client

ACCEPTED_CADENCES = "use a number of days, weeks or months between 1 day and 1 year: 10d, 2w, 1m"

MAX_AMOUNT = MAX_CADENCE

# Share of the cadence elapsed from which a client is "due soon".
DUE_SOON_AT = 0.8

STATUSES: tuple[str, ...] = ("overdue", "due soon", "new", "on track")  # dashboard order

_CADENCE = r"(?ai)(\d+)\s*(d|days?|w|wks?|weeks?|m|mos?|months?)?"  # compiled on first use


def parse_cadence(text: str) -> Cadence:
    """`10d`, `2w`, `1m`, `2 weeks`, or a bare number of days, from 1 day to 1 year."""
    typed = " ".join(str(text).split())
    shown = repr(typed if len(typed) <= 40 else typed[:39] + "…")
    match = re.fullmatch(_CADENCE, typed)
    if not match:
        raise CadenceError(f"can't read the cadence {shown}: {ACCEPTED_CADENCES}")
    digits, word = match.groups()
    unit = word[0].lower() if word else "d"
    # Compare digit counts first: int() refuses strings thousands of digits long.
    if len(digits.lstrip("0")) > 3 or not 1 <= int(digits) <= MAX_AMOUNT[unit]:
        raise CadenceError(f"the cadence {shown} is out of range: {ACCEPTED_CADENCES}")
    return Cadence(int(digits), unit)


class CadenceState(NamedTuple):
    """Where a client stands against its cadence on a given day."""

    status: str  # "new", "on track", "due soon" or "overdue"
    last: date | None  # the last value-add
    days_since: int | None  # None when there is no value-add yet
    next_due: date | None
    days_over: int = 0  # how many days past next_due; 0 unless overdue
    elapsed: float = 0.0  # share of the cadence elapsed since the last value-add; 0 when new

    @property
    def label(self) -> str:
        if self.status == "overdue":
            return f"overdue {self.days_over}d"
        return self.status


def cadence_status(client: Client, facts: ClientFacts, today: date) -> CadenceState:
    last = facts.last_value_add
    if last is None:
        return CadenceState("new", None, None, None)
    next_due = shift(last, client.cadence)
    span = max(1, (next_due - last).days)
    # A value-add dated after today cannot be logged, but stored data must not break the
    # dashboard: count it as done today.
    days_since = max(0, (today - last).days)
    elapsed = days_since / span
    if today > next_due:
        return CadenceState("overdue", last, days_since, next_due, (today - next_due).days, elapsed)
    status = "due soon" if elapsed >= DUE_SOON_AT else "on track"
    return CadenceState(status, last, days_since, next_due, 0, elapsed)


def due_day(state: CadenceState, today: date) -> date:
    """The day the next value-add is due: the next due day, or `today` for a new client,
    whose first value-add is due now (the review says "now", sorts it as due today, and the
    calendar puts its event today)."""
    return state.next_due if state.next_due is not None else today


def urgency_key(state: CadenceState, name: str) -> tuple[int, int, str]:
    """Dashboard order: overdue (most days over first), due soon, new, on track, then by name.

    Within due soon and on track the soonest next due comes first.
    """
    rank = STATUSES.index(state.status)
    if state.status == "overdue":
        within = -state.days_over
    elif state.next_due is not None:
        within = state.next_due.toordinal()
    else:
        within = 0
    return (rank, within, name.casefold())


def due_within(state: CadenceState, today: date, days: int) -> bool:
    """Due within `days` of today and not already overdue ("due this week" is `days=7`)."""
    if state.next_due is None or state.status == "overdue":
        return False
    return (state.next_due - today).days <= days


class Consistency(NamedTuple):
    hits: int  # windows holding at least one value-add
    windows: int  # windows counted (at most 6; fewer for a recent client)
    ticks: tuple[bool, ...]  # one per counted window, oldest to newest

    @property
    def ratio(self) -> float | None:
        return self.hits / self.windows if self.windows else None

    @property
    def is_one_off(self) -> bool:
        """A single value-add window in six: value added once, not as a rhythm."""
        return self.hits == 1 and self.windows == CONSISTENCY_WINDOWS

    @property
    def evidence(self) -> str:
        if not self.windows:
            return "no cadence window since the client was added"
        plural = "window" if self.windows == 1 else "windows"
        return f"{self.hits} of {self.windows} {plural} had a value-add"


def consistency(client: Client, facts: ClientFacts, today: date) -> Consistency:
    """The last 6 cadence windows ending today: window k (0 is the newest) is the days in
    (today - (k+1) cadences, today - k cadences]. A window counts when it ends on or after
    the day the client was added, so a client added today has one window.
    """
    days = facts.sorted_value_adds[1]
    newest_first: list[bool] = []
    end = today  # window 0 ends today
    up_to_end = bisect_right(days, end)
    for start in _window_starts(today, client.cadence):
        if end < client.added:
            break
        up_to_start = bisect_right(days, start)
        newest_first.append(up_to_end > up_to_start)
        end, up_to_end = start, up_to_start
    ticks = tuple(reversed(newest_first))
    return Consistency(sum(ticks), len(ticks), ticks)


@lru_cache(maxsize=256)
def _window_starts(today: date, cadence: Cadence) -> tuple[date, ...]:
    """Where each of the CONSISTENCY_WINDOWS windows before `today` starts, newest first.

    Each bound is measured from today, not by stepping from the previous bound, so that
    monthly windows do not drift at month ends (Mar 31, Feb 28, Jan 31...); a window starts
    where the next older one ends, so a bound serves both. The same for every client with
    this cadence: worked out once per day and cadence (the dashboard asks for every client).
    """
    return tuple(shift(today, cadence, -(k + 1)) for k in range(CONSISTENCY_WINDOWS))


class Relevance(NamedTuple):
    linked: int  # value-adds in the last 90 days that answer a recorded need
    total: int  # value-adds in the last 90 days

    @property
    def ratio(self) -> float | None:
        return self.linked / self.total if self.total else None

    @property
    def evidence(self) -> str:
        if not self.total:
            return f"no value-add in the last {RELEVANCE_DAYS} days"
        return (
            f"{self.linked} of {self.total} value-add{'' if self.total == 1 else 's'} "
            f"in the last {RELEVANCE_DAYS} days answered a recorded need"
        )


def relevance(facts: ClientFacts, today: date) -> Relevance:
    """Value-adds dated in (today - 90 days, today], and how many are linked to a need."""
    value_adds, days = facts.sorted_value_adds
    lo = bisect_right(days, today - timedelta(days=RELEVANCE_DAYS))
    hi = bisect_right(days, today)
    recent = value_adds[lo:hi]
    return Relevance(sum(1 for _d, linked in recent if linked), len(recent))


class Rhythm(NamedTuple):
    """The three measures of a client's rhythm of value on one day, computed once for the
    dashboard row and the value pillar alike."""

    cadence: CadenceState
    consistency: Consistency
    relevance: Relevance


def rhythm(client: Client, facts: ClientFacts, today: date) -> Rhythm:
    return Rhythm(cadence_status(client, facts, today), consistency(client, facts, today), relevance(facts, today))


__all__ = [
    "ACCEPTED_CADENCES",
    "MAX_AMOUNT",
    "DUE_SOON_AT",
    "STATUSES",
    "CadenceError",
    "parse_cadence",
    "CadenceState",
    "cadence_status",
    "due_day",
    "urgency_key",
    "due_within",
    "Consistency",
    "consistency",
    "Relevance",
    "relevance",
    "Rhythm",
    "rhythm",
]
