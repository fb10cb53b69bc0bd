"""When the weekly prompt opens: week boundaries and the "first launch of a new week" rule.

The method's weekly prompt opens the coaching screen on the first launch in a new week. Weeks
start on Monday by default; `first_weekday` (0 = Monday ... 6 = Sunday, as `date.weekday()`)
lets a user whose week starts on Sunday or Saturday move that boundary. Everything here is a
pure function of the dates it is given: the caller asks `clock.today()` and stores the week it
last prompted for.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from ..domain.dates import week_start

MONDAY = 0
SUNDAY = 6

_ONE_WEEK = timedelta(days=7)


def _check_weekday(first_weekday: int) -> None:
    # A bad setting would silently shift every week boundary, so refuse it loudly.
    if not isinstance(first_weekday, int) or not MONDAY <= first_weekday <= SUNDAY:
        raise ValueError(f"first_weekday must be 0 (Monday) to 6 (Sunday), not {first_weekday!r}")


def week_of(day: date, first_weekday: int = MONDAY) -> date:
    """The first day of the week that holds `day` (`day` itself if it is that first day)."""
    _check_weekday(first_weekday)
    return week_start(day, first_weekday)


def first_weekday(settings: Mapping[str, Any]) -> int:
    """The user's first day of the week from their settings: Monday unless a valid day is stored."""
    value = settings.get("first_weekday", MONDAY)
    return value if isinstance(value, int) and not isinstance(value, bool) and MONDAY <= value <= SUNDAY else MONDAY


def previous_week(week: date) -> date:
    """The start of the week before the week starting on `week`."""
    return week - _ONE_WEEK


def should_prompt(today: date, last_prompted_week: date | None, first_weekday: int = MONDAY) -> bool:
    """True on the first launch of a week that has not been prompted for yet.

    Never prompted means prompt. The stored week is normalised with the current
    `first_weekday`, so changing that setting mid-week does not prompt a second time. A stored
    week later than this one (the clock was set back) also prompts: asking once too often is
    cheaper than never asking again until the clock catches up.
    """
    if last_prompted_week is None:
        return True
    return week_of(last_prompted_week, first_weekday) != week_of(today, first_weekday)


__all__ = ["MONDAY", "SUNDAY", "week_of", "first_weekday", "previous_week", "should_prompt"]
