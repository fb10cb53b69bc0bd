"""Dates people type, and dates people read.

`parse_when` turns what a user types for a delivery date into a `date`, accepting exactly the
forms method.md lists ("Dates people type") and refusing anything that would be a silent guess.
`format_date` is the short human form the UIs show. `week_start` says which week a day is in.

What `parse_when` reads (case-insensitive, surrounding whitespace ignored):

- `today`, `yesterday` (and `tomorrow`, only to say that it is in the future);
- `3d ago`, `2w ago`, `1m ago` (calendar months), also spelled out: `3 days ago`, `2 weeks ago`;
- a weekday, `monday` or `mon` (any 3+ letter prefix: `tues`, `thurs`): its latest occurrence,
  today included; `last monday` is the latest one strictly before today;
- ISO dates `2026-11-20` (`2026-1-5` too: a 4-digit year first is never ambiguous);
- digits of any script, read as the digits they are (`٢٠ Nov ٢٠٢٦`, fullwidth `２０２６-１１-２０`);
- what python-dateutil reads with a month name: `Nov 20`, `20 Nov 2026`, `November 20th, 2026`.
  A month-name date without a year is the latest such day not in the future. A time of day
  (`Nov 20 5pm`) is allowed and ignored. A comma always separates (`May 17,2019` is
  2019-05-17, where dateutil alone would silently read `17,2019` as the number 17.2019).

What it refuses, each with a one-line message naming what was typed and what is accepted:

- numbers without a month name, other than ISO: `12`, `11/20`, `01/02/03`, `20.11.2026`
  (day-first or month-first is a guess);
- a month-name date missing its day or month (`Nov 2026`, `20th`), a two-digit year (`Nov 20 26`),
  a decimal number (`Nov 20.5`), a weekday that contradicts the date (`Mon 20 Nov 2026`);
- days in the future, and days more than 10 years before the client's records begin
  (`earliest`), or before today when there is no `earliest`.

python-dateutil's parser costs ~25 ms to import, so it is imported only when the fast forms
did not match: `coach log ... --on yesterday` never pays for it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from .errors import DateError

ACCEPTED_DATES = "today, yesterday, 3d ago, 2w ago, a weekday (mon), 2026-11-20 or 20 Nov 2026"
FULL_DATE_EXAMPLES = "2026-11-20 or 20 Nov 2026"

# How far before the client's records (or today) a delivery may be dated.
MAX_YEARS_BACK = 10
# Longer input is not a date anyone typed; refusing it early keeps dateutil off pasted text.
_MAX_INPUT = 100

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Patterns as text, compiled (and cached by `re`) on first use: compiling them all costs more
# at every start than `coach log --date today` ever needs. (?a), ASCII: `\d` must not match
# other scripts' digits, which int() would happily accept.
_ISO = r"(?a)(\d{4})-(\d{1,2})-(\d{1,2})"
_AGO = r"(?a)(\d+)\s*(d|days?|w|wks?|weeks?|m|mos?|months?)\s+ago"
_WEEKDAY = r"(?a)(last\s+)?([a-z]{3,})"
_DECIMAL = r"(?a)\d\.\d"
_LONG_NUMBER = r"\d{9}"  # any script's digits: none belong in a date
_FULL_YEAR = r"(?a)\d{3,}"
_WORD = r"(?a)[a-z]+"

# Two parses with different defaults reveal which fields the text really gave: a field that
# follows the default was missing. Both years are leap years so `Feb 29` reads; the days are a
# week apart so dateutil's weekday shift (`Fri Nov` -> the first Friday on or after the default
# day) can never land both parses on the same day and pass for a given day.
_DEFAULT_A = datetime(2000, 1, 1)
_DEFAULT_B = datetime(2004, 2, 8)

# What dateutil raises on text it cannot read: ParserError (a ValueError), OverflowError and
# decimal.InvalidOperation (ArithmeticErrors) on huge numbers, and TypeError on some odd mixes.
_DATEUTIL_ERRORS = (ValueError, ArithmeticError, TypeError)


def _quote(text: str) -> str:
    """What the user typed, quoted on one line and cut short if it is long."""
    shown = text if len(text) <= 40 else text[:39] + "…"
    return repr(shown)


def _unreadable(typed: str) -> DateError:
    return DateError(f"can't read the date {_quote(typed)}: use {ACCEPTED_DATES}")


def _not_full(typed: str) -> DateError:
    return DateError(f"{_quote(typed)} is not a full date: write the day, month and year as {FULL_DATE_EXAMPLES}")


def _years_before(day: date, years: int) -> date:
    """`day` minus whole years (Feb 29 falls back to Feb 28), never before date.min."""
    if day.year - years < 1:
        return date.min
    # As `day - relativedelta(years=years)`, without importing dateutil on every `coach log`.
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def day_month(d: date) -> str:
    """`22 Nov`: spelled here, not with strftime, which follows the locale."""
    return f"{d.day} {_MONTHS[d.month - 1]}"


def long_date(d: date, weekday: bool = False) -> str:
    """`22 Nov 2026` (unambiguous in any country), or `Sun 22 Nov 2026` with the weekday."""
    text = f"{day_month(d)} {d.year}"
    return f"{_WEEKDAYS[d.weekday()][:3].title()} {text}" if weekday else text


def weekday_name(index: int) -> str:
    """`Monday` for 0 ... `Sunday` for 6."""
    return _WEEKDAYS[index].title()


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of `day`'s week; weeks start Monday (0) unless told otherwise (6 = Sunday)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def format_date(d: date, today: date, *, relative: bool = True) -> str:
    """A short human form: `today`, `yesterday`, `tomorrow`, `Nov 20` this year, else `20 Nov 2025`.

    Month names are spelled here rather than with `%b`, which follows the process locale.
    Every form except `tomorrow` reads back through `parse_when`. `relative=False` skips the
    words (for "week of Nov 16").
    """
    if relative:
        delta = (d - today).days
        if delta == 0:
            return "today"
        if delta == -1:
            return "yesterday"
        if delta == 1:
            return "tomorrow"
    month = _MONTHS[d.month - 1]
    if d.year == today.year:
        return f"{month} {d.day}"
    return f"{d.day} {month} {d.year}"


def parse_when(text: str, today: date, earliest: date | None = None, what: str = "deliveries") -> date:
    """The day a user means by `text`, or DateError saying what was typed and what is accepted.

    `what` names the records the day is for, in the message about a day in the future
    ("deliveries cannot be in the future", "touches cannot ...").

    `earliest` is when the client's records begin (the client's `added` day or its oldest
    delivery): a day more than 10 years before it is refused; without it, 10 years before today.
    """
    typed = " ".join(str(text).split())  # trims and collapses inner whitespace
    if not typed or len(typed) > _MAX_INPUT:
        raise _unreadable(typed)
    day = _read(_ascii_digits(typed).lower(), typed, today, earliest)
    return _check_range(day, typed, today, earliest, what)


def _ascii_digits(text: str) -> str:
    """Decimal digits of any script as ASCII digits (`٢٠٢٦` and `２０２６` are 2026), so that
    every rule below, written for ASCII digits, reads them the same way."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def _read(t: str, typed: str, today: date, earliest: date | None) -> date:
    """Read the lowercased text `t`; `typed` is what the user typed, for messages."""
    try:
        fast = _read_fast(t, today)
    except (OverflowError, ValueError):
        # `100000w ago` and the like: date arithmetic ran off the calendar.
        limit = _years_before(earliest if earliest is not None else today, MAX_YEARS_BACK)
        raise DateError(f"{_quote(typed)} is too far back: use a date from {limit.isoformat()} to today") from None
    if fast is not None:
        return fast
    day = _read_numeric(t, typed, ACCEPTED_DATES, FULL_DATE_EXAMPLES, _unreadable(typed))
    return day if day is not None else _read_with_dateutil(t, typed, today)


def _read_numeric(t: str, typed: str, accepted: str, examples: str, unreadable: DateError) -> date | None:
    """An ISO date; or, for text without letters, a refusal (`accepted` and `examples` saying
    what to write instead; `unreadable` when there is no digit either); None for the rest,
    which dateutil reads."""
    iso = re.fullmatch(_ISO, t)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        try:
            return date(year, month, day)
        except ValueError:
            missing = _no_such_day(day, month, year)
            if missing:
                raise DateError(f"{_quote(typed)} is no day: {missing}; use {accepted}") from None
            raise DateError(f"{_quote(typed)} is not a day on the calendar: use {accepted}") from None
    if not any(ch.isalpha() for ch in t):
        missing = _no_reading(t)
        if missing:
            raise DateError(f"{_quote(typed)} is no day: {missing}; write a full date as {examples}")
        if any(ch.isdigit() for ch in t):
            # 01/02/03, 11/20, 12, 20.11.2026: which part is the day is a guess; refuse it.
            raise DateError(f"can't tell which day {_quote(typed)} is: write a full date as {examples}")
        raise unreadable
    return None


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _no_such_day(day: int, month: int, year: int | None = None) -> str | None:
    """Why `day` `month` (`year`) is no day, when its month is a month and its day a day of
    some month but not of this one: "31 February does not exist", "29 February 2026 does not
    exist (2026 is no leap year)". None otherwise (nothing to say but that it is unreadable)."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        date(2000 if year is None or not 1 <= year <= 9999 else year, month, day)  # 2000: a leap year
    except ValueError:
        if month == 2 and day == 29 and year is not None:
            return f"29 February {year} does not exist ({year} is no leap year)"
        return f"{day} {_MONTH_NAMES[month - 1]} does not exist"
    return None


def _no_reading(t: str) -> str | None:
    """For digits alone (`31/02/2026`, `31.02`), why no reading of them is a day, when every
    reading fails: day first and month first alike. None when one reading is a day (which one
    is then a guess, refused elsewhere) or the text is not of that shape."""
    parts = re.findall(r"(?a)\d+", t)
    if len(parts) not in (2, 3) or re.search(r"(?a)[^\d\s/.\-]", t):
        return None
    numbers = [int(part) for part in parts]
    year: int | None = None
    if len(parts) == 3:
        if len(parts[0]) == 4:
            year, first, second = numbers
        elif len(parts[2]) == 4:
            first, second, year = numbers
        else:
            return None  # a two-digit year: a guess whatever the day
    else:
        first, second = numbers
    readings = [(first, second), (second, first)]  # (day, month): day first, then month first
    for day, month in readings:
        if 1 <= month <= 12 and _no_such_day(day, month, year) is None and 1 <= day <= 31:
            return None  # this reading is a day
    for day, month in readings:
        missing = _no_such_day(day, month, year)
        if missing:
            return missing
    return None


def _month_name_day(t: str) -> str | None:
    """For a month-name date dateutil refused (`Feb 31 2026`), why it is no day, if that is why."""
    words = [word for word in re.findall(_WORD, t) if len(word) >= 3]
    months = {index for word in words for index, name in enumerate(_MONTH_NAMES, 1) if name.lower().startswith(word)}
    numbers = re.findall(r"(?a)\d+", t)
    days = [int(n) for n in numbers if len(n) <= 2]
    years = [int(n) for n in numbers if len(n) == 4]
    if len(months) != 1 or len(days) != 1 or len(years) > 1:
        return None
    return _no_such_day(days[0], months.pop(), years[0] if years else None)


def _read_fast(t: str, today: date) -> date | None:
    """The forms dateutil does not know, or that need no dateutil: None when not one of them."""
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    if t == "tomorrow":
        return today + timedelta(days=1)  # read only so the message can say "in the future"

    ago = re.fullmatch(_AGO, t)
    if ago:
        digits, unit = ago.groups()
        # int() of thousands of digits raises; any count this long is off the calendar anyway.
        n = int(digits) if len(digits) <= 7 else 10**7
        if unit[0] == "m":
            from dateutil.relativedelta import relativedelta

            return today - relativedelta(months=n)
        return today - timedelta(days=n * (7 if unit[0] == "w" else 1))

    weekday = re.fullmatch(_WEEKDAY, t)
    if weekday:
        index = weekday_index(weekday.group(2))
        if index is not None:
            back = (today.weekday() - index) % 7
            if weekday.group(1) and back == 0:
                back = 7  # "last friday" said on a Friday means a week ago
            return today - timedelta(days=back)
    return None


def weekday_index(word: str) -> int | None:
    """0 for `mon`, `mond`, `monday`..., None when `word` is no weekday (3+ letter prefixes,
    lower case)."""
    if len(word) >= 3:
        for index, name in enumerate(_WEEKDAYS):
            if name.startswith(word):
                return index
    return None


def _read_with_dateutil(t: str, typed: str, today: date, ahead: bool = False) -> date:
    # Imported here, not at the top: it is slow to import and most dates never need it.
    from dateutil.parser import parse

    # A comma always separates: dateutil would read `17,2019` as the number 17.2019 and drop
    # the year. A decimal point between digits is refused for the same reason (`Nov 20.5`).
    t = re.sub(r"\s*,\s*", ", ", t).strip()
    # No date has a number longer than 8 digits, and dateutil trips over huge ones.
    if re.search(_DECIMAL, t) or re.search(_LONG_NUMBER, t):
        raise _unreadable(typed)

    try:
        first = parse(t, default=_DEFAULT_A, ignoretz=True)
    except _DATEUTIL_ERRORS:
        missing = _month_name_day(t)
        if missing:
            raise DateError(f"{_quote(typed)} is no day: {missing}; use {FULL_DATE_EXAMPLES}") from None
        raise _unreadable(typed) from None
    try:
        second = parse(t, default=_DEFAULT_B, ignoretz=True)
    except _DATEUTIL_ERRORS:
        # It read with one default and not the other: a missing field took an impossible value.
        raise _not_full(typed) from None

    if first.month != second.month or first.day != second.day:
        raise _not_full(typed)  # `Nov 2026`, `20th`: a day or month would be made up
    if first.year == second.year:
        if not re.search(_FULL_YEAR, t):
            # dateutil puts `26` in whichever century is nearest to the clock: a guess.
            raise DateError(f"can't tell which century {_quote(typed)} means: write the year in full, as 20 Nov 2026")
        day = first.date()
    elif ahead:
        day = _next(first.month, first.day, today, typed)
    else:
        day = _latest(first.month, first.day, today, typed)

    # dateutil ignores a weekday when the day is given; a contradiction means a typo somewhere.
    for word in re.findall(_WORD, t):
        index = weekday_index(word) if (len(word) == 3 or word in _WEEKDAYS) else None
        if index is not None and index != day.weekday():
            raise DateError(
                f"{_quote(typed)} does not add up: {format_date(day, today, relative=False)} is a "
                f"{_WEEKDAYS[day.weekday()].title()}, not a {_WEEKDAYS[index].title()}; "
                f"fix the date or drop the weekday"
            )
    return day


def _latest(month: int, day_of_month: int, today: date, typed: str) -> date:
    """The latest `month`/`day_of_month` on or before today (Feb 29 looks back to a leap year)."""
    for year in range(today.year, max(today.year - 9, 0), -1):
        try:
            candidate = date(year, month, day_of_month)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise _unreadable(typed)


def _next(month: int, day_of_month: int, today: date, typed: str) -> date:
    """The next `month`/`day_of_month` on or after today (Feb 29 looks ahead to a leap year)."""
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day_of_month)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    raise _unreadable(typed)


ACCEPTED_DAYS = "today, tomorrow, in 3d, in 2w, a weekday (fri), 2027-03-31 or 31 Mar 2027"
_IN = r"(?a)in\s+(\d+)\s*(d|days?|w|wks?|weeks?|m|mos?|months?|y|yrs?|years?)"


def parse_day(text: str, today: date, what: str = "date") -> date:
    """A day that may be ahead of today (a renewal, a due date, a next step, a goal's date),
    or DateError naming what was typed and what is accepted.

    Reads `today`, `tomorrow`, `yesterday`, `in 3d` / `in 2w` / `in 1m` / `in 1y`, `3d ago`, a
    weekday (`fri`: its next occurrence, today included; `next fri`: strictly after today),
    ISO dates and month-name dates (without a year: the next such day, today included).
    Within 10 years of today either way."""
    typed = " ".join(str(text).split())
    if not typed or len(typed) > _MAX_INPUT:
        raise DateError(f"can't read the {what} {_quote(typed)}: use {ACCEPTED_DAYS}")
    t = _ascii_digits(typed).lower()
    day = _read_ahead(t, typed, today, what)
    from dateutil.relativedelta import relativedelta

    low, high = _years_before(today, MAX_YEARS_BACK), today + relativedelta(years=MAX_YEARS_BACK)
    if not low <= day <= high:
        raise DateError(
            f"{_quote(typed)} is {day.isoformat()}, more than {MAX_YEARS_BACK} years from today: "
            f"use a {what} from {low.isoformat()} to {high.isoformat()}"
        )
    return day


def _read_ahead(t: str, typed: str, today: date, what: str) -> date:
    try:
        ahead = re.fullmatch(_IN, t)
        if ahead:
            digits, unit = ahead.groups()
            n = int(digits) if len(digits) <= 7 else 10**7
            from dateutil.relativedelta import relativedelta

            if unit[0] == "y":
                return today + relativedelta(years=n)
            if unit[0] == "m":
                return today + relativedelta(months=n)
            return today + timedelta(days=n * (7 if unit[0] == "w" else 1))
        weekday = re.fullmatch(r"(next\s+)?([a-z]{3,})", t, re.ASCII)
        if weekday and t not in ("today", "tomorrow", "yesterday"):
            index = weekday_index(weekday.group(2))
            if index is not None:
                forward = (index - today.weekday()) % 7
                if weekday.group(1) and forward == 0:
                    forward = 7
                return today + timedelta(days=forward)
        fast = _read_fast(t, today)
    except (OverflowError, ValueError):
        raise DateError(f"{_quote(typed)} is too far from today: use {ACCEPTED_DAYS}") from None
    if fast is not None:
        return fast
    unreadable = DateError(f"can't read the {what} {_quote(typed)}: use {ACCEPTED_DAYS}")
    day = _read_numeric(t, typed, ACCEPTED_DAYS, "2027-03-31 or 31 Mar 2027", unreadable)
    if day is not None:
        return day
    try:
        return _read_with_dateutil(t, typed, today, ahead=True)
    except DateError as error:
        if "can't read" in str(error):
            raise unreadable from None
        raise


def _check_range(day: date, typed: str, today: date, earliest: date | None, what: str = "deliveries") -> date:
    if day > today:
        raise DateError(
            f"{_quote(typed)} is {day.isoformat()}, in the future: {what} cannot be in the "
            f"future, use today ({today.isoformat()}) or earlier"
        )
    base = earliest if earliest is not None else today
    limit = _years_before(base, MAX_YEARS_BACK)
    if day < limit:
        since = f"before this client's records begin ({earliest.isoformat()})" if earliest is not None else "ago"
        raise DateError(
            f"{_quote(typed)} is {day.isoformat()}, more than {MAX_YEARS_BACK} years {since}: "
            f"use a date from {limit.isoformat()} to today"
        )
    return day


__all__ = [
    "ACCEPTED_DATES",
    "ACCEPTED_DAYS",
    "MAX_YEARS_BACK",
    "DateError",
    "format_date",
    "parse_when",
    "parse_day",
    "week_start",
]
