"""The one place coach asks what day it is, and the days it can compute with.

`COACH_TODAY=YYYY-MM-DD` freezes the date (tests, screenshots, demos recorded for a given day);
the time of day still runs, so moves keep their order. Everything else receives `today`
as a parameter.

coach works with days from `EARLIEST` to `LATEST`: far enough from the ends of Python's
calendar (years 1 to 9999) that a year and any cadence can be added to or taken from any of
them. The store refuses a stored day outside that range, and `COACH_TODAY` must be inside it.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time

from .domain.errors import InputError

EARLIEST = date(1900, 1, 1)
LATEST = date(9000, 12, 31)
ENV = "COACH_TODAY"


def _frozen() -> date | None:
    """The day `COACH_TODAY` names, None if it is unset or empty; InputError (one line, exit
    2 from the CLI) if it names no day coach can use."""
    frozen = os.environ.get(ENV)
    if not frozen:
        return None
    try:
        day = date.fromisoformat(frozen)
    except ValueError:
        day = None
    if day is None or day.isoformat() != frozen or not EARLIEST <= day <= LATEST:
        raise InputError(
            f"{ENV}={frozen!r} is not a day coach can use: set it to a date from {EARLIEST.isoformat()} "
            f"to {LATEST.isoformat()} written YYYY-MM-DD, or unset it to use today's date"
        )
    return day


def check_environment() -> None:
    """Raise InputError now if `COACH_TODAY` is set to something coach can't use."""
    _frozen()


def today() -> date:
    return _frozen() or date.today()


def now() -> datetime:
    """The current moment to the second, on the (possibly frozen) day."""
    moment = datetime.now().replace(microsecond=0)
    frozen = _frozen()
    if frozen:
        return datetime.combine(frozen, time(moment.hour, moment.minute, moment.second))
    return moment


__all__ = ["EARLIEST", "LATEST", "ENV", "check_environment", "today", "now"]
