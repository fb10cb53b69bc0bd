"""Dates people type (method.md): what parse_when accepts, what it refuses and how it says so."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from coach_tui.domain.dates import ACCEPTED_DATES, format_date, parse_when, week_start
from coach_tui.domain.errors import DateError, InputError

# A Wednesday.
TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("  TODAY  ", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("0d ago", TODAY),
        ("3d ago", date(2026, 11, 22)),
        ("3 d ago", date(2026, 11, 22)),
        ("3 days ago", date(2026, 11, 22)),
        ("1 day ago", date(2026, 11, 24)),
        ("2w ago", date(2026, 11, 11)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("1m ago", date(2026, 10, 25)),
        ("2 months ago", date(2026, 9, 25)),
        # weekdays: the latest occurrence, today included
        ("wed", TODAY),
        ("Wednesday", TODAY),
        ("mon", date(2026, 11, 23)),
        ("tues", date(2026, 11, 24)),
        ("thu", date(2026, 11, 19)),
        ("THURSDAY", date(2026, 11, 19)),
        ("sun", date(2026, 11, 22)),
        ("last wed", date(2026, 11, 18)),
        ("last monday", date(2026, 11, 23)),
        # ISO
        ("2026-11-20", date(2026, 11, 20)),
        ("2026-1-5", date(2026, 1, 5)),
        # dateutil, with a month name
        ("Nov 20", date(2026, 11, 20)),
        ("nov 20", date(2026, 11, 20)),
        ("20 Nov 2026", date(2026, 11, 20)),
        ("20 November 2025", date(2025, 11, 20)),
        ("November 20th, 2025", date(2025, 11, 20)),
        ("Nov 20, 2025", date(2025, 11, 20)),
        ("May 17,2019", date(2019, 5, 17)),  # dateutil alone would drop the year
        ("Nov 20 2025 5pm", date(2025, 11, 20)),  # a time of day is ignored
        ("Fri 20 Nov 2026", date(2026, 11, 20)),  # a weekday that agrees is fine
        ("Dec 20", date(2025, 12, 20)),  # no year: the latest such day not in the future
        ("Nov 25", TODAY),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected


def test_month_name_without_year_looks_back_across_new_year() -> None:
    assert parse_when("Dec 20", date(2026, 1, 5)) == date(2025, 12, 20)
    assert parse_when("Jan 5", date(2026, 1, 5)) == date(2026, 1, 5)
    assert parse_when("Jan 6", date(2026, 1, 5)) == date(2025, 1, 6)


def test_feb_29_without_year_is_the_latest_leap_day() -> None:
    assert parse_when("Feb 29", date(2026, 3, 1)) == date(2024, 2, 29)
    assert parse_when("Feb 29", date(2024, 2, 29)) == date(2024, 2, 29)


def test_months_ago_are_calendar_months() -> None:
    assert parse_when("1m ago", date(2026, 3, 31)) == date(2026, 2, 28)
    assert parse_when("1m ago", date(2024, 3, 31)) == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["12", "99999999999999999999", "01/02/03", "31/02/2024", "11/20", "20.11.2026", "20261120"])
def test_numbers_without_a_month_name_are_refused(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, TODAY)
    message = str(caught.value)
    assert repr(text) in message
    assert "2026-11-20" in message and "20 Nov 2026" in message


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("Nov", "not a full date"),
        ("Nov 2026", "not a full date"),
        ("20th", "not a full date"),
        ("Fri Nov", "not a full date"),
        ("Nov 20 26", "year in full"),
        ("20 Nov 26", "year in full"),
        ("Nov 20.5", "can't read"),
        ("Mon 20 Nov 2026", "is a Friday, not a Monday"),
        ("2026-02-30", "30 February does not exist"),
        ("Feb 30", "30 February does not exist"),
        ("foo", "can't read"),
        ("3x ago", "can't read"),
        ("next week", "can't read"),
        ("!!", "can't read"),
        ("", "can't read"),
        ("   ", "can't read"),
        ("x" * 500, "can't read"),
    ],
)
def test_unreadable_or_partial_dates_are_refused(text: str, hint: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, TODAY)
    message = str(caught.value)
    assert hint in message
    assert "\n" not in message


def test_unreadable_message_names_the_input_and_lists_what_is_accepted() -> None:
    with pytest.raises(DateError) as caught:
        parse_when("  foo ", TODAY)
    assert str(caught.value) == f"can't read the date 'foo': use {ACCEPTED_DATES}"


def test_long_input_is_cut_short_in_the_message() -> None:
    with pytest.raises(DateError) as caught:
        parse_when("y" * 80, TODAY)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("text", ["tomorrow", "2026-11-26", "Nov 26 2026", "20 Dec 2026", "2099-01-01"])
def test_the_future_is_refused(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_when(text, TODAY)
    message = str(caught.value)
    assert repr(text) in message
    assert "in the future" in message
    assert "2026-11-25" in message  # what is accepted: today or earlier


def test_more_than_ten_years_before_today_is_refused() -> None:
    assert parse_when("2016-11-25", TODAY) == date(2016, 11, 25)
    with pytest.raises(DateError) as caught:
        parse_when("2016-11-24", TODAY)
    assert "more than 10 years ago" in str(caught.value)
    assert "from 2016-11-25 to today" in str(caught.value)


def test_ten_years_counts_from_the_start_of_the_client_records() -> None:
    earliest = date(2020, 3, 1)
    assert parse_when("2010-03-01", TODAY, earliest=earliest) == date(2010, 3, 1)
    with pytest.raises(DateError) as caught:
        parse_when("2010-02-28", TODAY, earliest=earliest)
    assert "before this client's records begin (2020-03-01)" in str(caught.value)


@pytest.mark.parametrize("text", ["0001-01-01", "0000-01-01", "9999-12-31", "100000000w ago", "9999999m ago"])
def test_years_at_the_edge_of_the_calendar_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_when(text, TODAY)


def test_date_error_is_an_input_error() -> None:
    assert issubclass(DateError, InputError)
    assert issubclass(DateError, ValueError)


def test_dateutil_parser_is_not_imported_with_the_module() -> None:
    # The CLI must stay fast: the parser costs ~25 ms to import, so only unusual input pays.
    code = (
        "import sys, datetime\n"
        "import coach_tui.domain.dates as d, coach_tui.domain.cadence\n"
        "assert 'dateutil.parser' not in sys.modules\n"
        "d.parse_when('3d ago', datetime.date(2026, 11, 25))\n"
        "d.parse_when('2026-11-20', datetime.date(2026, 11, 25))\n"
        "assert 'dateutil.parser' not in sys.modules\n"
        "d.parse_when('Nov 20', datetime.date(2026, 11, 25))\n"
        "assert 'dateutil.parser' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (TODAY, "today"),
        (date(2026, 11, 24), "yesterday"),
        (date(2026, 11, 26), "tomorrow"),
        (date(2026, 11, 20), "Nov 20"),
        (date(2026, 1, 2), "Jan 2"),
        (date(2027, 1, 2), "2 Jan 2027"),
        (date(2025, 12, 31), "31 Dec 2025"),
    ],
)
def test_format_date(day: date, expected: str) -> None:
    assert format_date(day, TODAY) == expected


def test_format_date_without_relative_words() -> None:
    assert format_date(TODAY, TODAY, relative=False) == "Nov 25"


@pytest.mark.parametrize("day", [TODAY, date(2026, 11, 24), date(2026, 2, 28), date(2025, 12, 31), date(2017, 1, 1)])
def test_format_date_reads_back(day: date) -> None:
    assert parse_when(format_date(day, TODAY), TODAY) == day


def test_week_start() -> None:
    assert week_start(TODAY) == date(2026, 11, 23)  # Monday
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)
    assert week_start(date(2026, 11, 29)) == date(2026, 11, 23)  # Sunday ends the week
    assert week_start(TODAY, first_weekday=6) == date(2026, 11, 22)  # weeks starting Sunday
    assert week_start(date(2026, 1, 1)) == date(2025, 12, 29)  # across the new year


# -- days that do not exist ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("31/02/2026", "31 February does not exist"),
        ("31.02.2026", "31 February does not exist"),
        ("2026/02/31", "31 February does not exist"),
        ("31/04", "31 April does not exist"),
        ("2026-02-31", "31 February does not exist"),
        ("2026-04-31", "31 April does not exist"),
        ("29/02/2026", "29 February 2026 does not exist (2026 is no leap year)"),
        ("2026-02-29", "29 February 2026 does not exist (2026 is no leap year)"),
        ("Feb 31 2026", "31 February does not exist"),
        ("31 Feb", "31 February does not exist"),
        ("Nov 31", "31 November does not exist"),
        ("29 Feb 2026", "29 February 2026 does not exist (2026 is no leap year)"),
    ],
)
def test_a_day_that_does_not_exist_is_named(text: str, says: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_when(text, TODAY)
    message = str(raised.value)
    assert says in message and repr(text) in message
    assert "can't tell" not in message and "can't read" not in message


@pytest.mark.parametrize("text", ["01/02/2026", "11/20", "31/13/2026", "12"])
def test_a_day_with_two_readings_or_none_is_still_a_guess(text: str) -> None:
    with pytest.raises(DateError, match="can't tell which day"):
        parse_when(text, TODAY)


def test_a_day_that_does_not_exist_ahead_is_named_too() -> None:
    from coach_tui.domain.dates import parse_day

    with pytest.raises(DateError, match="31 February does not exist"):
        parse_day("31 Feb", TODAY, "renewal date")
    with pytest.raises(DateError, match="30 February does not exist"):
        parse_day("2027-02-30", TODAY, "renewal date")


# -- a date without a year -------------------------------------------------------------------


def test_a_past_day_without_a_year_is_the_latest_one_today_included() -> None:
    """Deliveries, touches, reviews and shares cannot be in the future: 'Dec 5' said on 25 Nov
    2026 is 5 Dec 2025, 'Nov 25' is today, 'Nov 24' yesterday."""
    assert parse_when("Dec 5", TODAY) == date(2025, 12, 5)
    assert parse_when("5 dec", TODAY) == date(2025, 12, 5)
    assert parse_when("Nov 25", TODAY) == TODAY
    assert parse_when("Nov 24", TODAY) == date(2026, 11, 24)


def test_a_day_that_may_be_ahead_without_a_year_is_the_next_one_today_included() -> None:
    """Renewals, due dates, next steps, closes: 'Dec 5' is 5 Dec 2026, 'Nov 24' next year's."""
    from coach_tui.domain.dates import parse_day

    assert parse_day("Dec 5", TODAY) == date(2026, 12, 5)
    assert parse_day("Nov 25", TODAY) == TODAY
    assert parse_day("Nov 24", TODAY) == date(2027, 11, 24)
