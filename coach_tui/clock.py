"""The one place coach asks what day it is.

`COACH_TODAY=YYYY-MM-DD` freezes the date (tests, screenshots, demos recorded for a given day);
the time of day still runs, so moves keep their order. Everything else receives `today`
as a parameter.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time


def today() -> date:
    frozen = os.environ.get("COACH_TODAY")
    if frozen:
        return date.fromisoformat(frozen)
    return date.today()


def now() -> datetime:
    """The current moment to the second, on the (possibly frozen) day."""
    moment = datetime.now().replace(microsecond=0)
    frozen = os.environ.get("COACH_TODAY")
    if frozen:
        return datetime.combine(date.fromisoformat(frozen), time(moment.hour, moment.minute, moment.second))
    return moment
