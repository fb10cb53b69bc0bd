"""Cadence (method.md): parsing, status, urgency, consistency windows and relevance."""

from __future__ import annotations

from datetime import date

import pytest

from coach_tui.domain.cadence import (
    ACCEPTED_CADENCES,
    CadenceState,
    Consistency,
    Relevance,
    cadence_status,
    consistency,
    due_within,
    parse_cadence,
    relevance,
    urgency_key,
)
from coach_tui.domain.errors import CadenceError
from coach_tui.domain.facts import ClientFacts
from coach_tui.domain.models import Cadence, Client

TODAY = date(2026, 11, 25)


def client(cadence: str = "14d", added: date = date(2026, 1, 1)) -> Client:
    return Client(id="c1", name="Acme", added=added, cadence=Cadence.from_str(cadence))


def facts(*value_adds: date | tuple[date, bool]) -> ClientFacts:
    pairs = sorted(v if isinstance(v, tuple) else (v, False) for v in value_adds)
    last = pairs[-1][0] if pairs else None
    return ClientFacts(tuple(pairs), last, (), None, len(pairs))


# --- parse_cadence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10d", Cadence(10, "d")),
        ("2w", Cadence(2, "w")),
        ("1m", Cadence(1, "m")),
        ("14", Cadence(14, "d")),
        ("2 W", Cadence(2, "w")),
        (" 3 days ", Cadence(3, "d")),
        ("2 weeks", Cadence(2, "w")),
        ("1 month", Cadence(1, "m")),
        ("6 Months", Cadence(6, "m")),
        ("1d", Cadence(1, "d")),
        ("365d", Cadence(365, "d")),
        ("52w", Cadence(52, "w")),
        ("12m", Cadence(12, "m")),
        ("007d", Cadence(7, "d")),
    ],
)
def test_parse_cadence_accepts(text: str, expected: Cadence) -> None:
    assert parse_cadence(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("0d", "out of range"),
        ("0", "out of range"),
        ("400d", "out of range"),
        ("366", "out of range"),
        ("53w", "out of range"),
        ("13m", "out of range"),
        ("9" * 5000 + "d", "out of range"),
        ("-2w", "can't read"),
        ("1.5w", "can't read"),
        ("abc", "can't read"),
        ("2y", "can't read"),
        ("w", "can't read"),
        ("", "can't read"),
    ],
)
def test_parse_cadence_refuses(text: str, hint: str) -> None:
    with pytest.raises(CadenceError) as caught:
        parse_cadence(text)
    message = str(caught.value)
    assert hint in message
    assert message.endswith(ACCEPTED_CADENCES)
    assert repr(text.strip())[:20] in message


def test_parse_cadence_message_in_full() -> None:
    with pytest.raises(CadenceError) as caught:
        parse_cadence("abc")
    assert str(caught.value) == (
        "can't read the cadence 'abc': use a number of days, weeks or months between 1 day and 1 year: 10d, 2w, 1m"
    )


# --- cadence_status ----------------------------------------------------------------------------


def test_new_client_has_no_value_add_yet() -> None:
    state = cadence_status(client(), facts(), TODAY)
    assert state == CadenceState("new", None, None, None, 0, 0.0)
    assert state.label == "new"


@pytest.mark.parametrize(
    ("last", "status", "days_since", "days_over"),
    [
        (date(2026, 11, 25), "on track", 0, 0),
        (date(2026, 11, 14), "on track", 11, 0),  # 11/14 = 0.79
        (date(2026, 11, 13), "due soon", 12, 0),  # 12/14 = 0.86
        (date(2026, 11, 11), "due soon", 14, 0),  # due today is still due soon
        (date(2026, 11, 10), "overdue", 15, 1),
        (date(2026, 10, 1), "overdue", 55, 41),
    ],
)
def test_status_over_a_14_day_cadence(last: date, status: str, days_since: int, days_over: int) -> None:
    state = cadence_status(client("14d"), facts(last), TODAY)
    assert (state.status, state.days_since, state.days_over) == (status, days_since, days_over)
    assert state.last == last
    assert state.elapsed == pytest.approx(days_since / 14)


def test_eighty_percent_exactly_is_due_soon() -> None:
    state = cadence_status(client("10d"), facts(date(2026, 11, 17)), TODAY)
    assert (state.status, state.elapsed) == ("due soon", 0.8)


def test_next_due_in_weeks_and_calendar_months() -> None:
    assert cadence_status(client("2w"), facts(date(2026, 11, 11)), TODAY).next_due == date(2026, 11, 25)
    monthly = cadence_status(client("1m"), facts(date(2026, 1, 31)), date(2026, 3, 5))
    assert monthly.next_due == date(2026, 2, 28)
    assert (monthly.status, monthly.days_over, monthly.label) == ("overdue", 5, "overdue 5d")


def test_monthly_elapsed_uses_the_real_month_length() -> None:
    state = cadence_status(client("1m"), facts(date(2026, 2, 1)), date(2026, 2, 24))
    assert state.elapsed == pytest.approx(23 / 28)
    assert state.status == "due soon"


def test_a_value_add_in_the_future_does_not_break_the_status() -> None:
    state = cadence_status(client("14d"), facts(date(2026, 12, 1)), TODAY)
    assert (state.status, state.days_since, state.elapsed) == ("on track", 0, 0.0)
    assert state.next_due == date(2026, 12, 15)


def test_labels() -> None:
    assert CadenceState("overdue", TODAY, 20, TODAY, 6, 1.4).label == "overdue 6d"
    assert CadenceState("due soon", TODAY, 12, TODAY).label == "due soon"
    assert CadenceState("on track", TODAY, 1, TODAY).label == "on track"


# --- urgency and "due this week" -------------------------------------------------------------


def test_urgency_order() -> None:
    rows = {
        "on track late": cadence_status(client("14d"), facts(date(2026, 11, 24)), TODAY),
        "on track soon": cadence_status(client("14d"), facts(date(2026, 11, 20)), TODAY),
        "beta new": cadence_status(client(), facts(), TODAY),
        "Alpha new": cadence_status(client(), facts(), TODAY),
        "due soon later": cadence_status(client("14d"), facts(date(2026, 11, 12)), TODAY),
        "due soon today": cadence_status(client("14d"), facts(date(2026, 11, 11)), TODAY),
        "overdue 2": cadence_status(client("14d"), facts(date(2026, 11, 9)), TODAY),
        "overdue 30": cadence_status(client("14d"), facts(date(2026, 10, 12)), TODAY),
        "b overdue 1": cadence_status(client("14d"), facts(date(2026, 11, 10)), TODAY),
        "A overdue 1": cadence_status(client("7d"), facts(date(2026, 11, 17)), TODAY),
    }
    ordered = sorted(rows, key=lambda name: urgency_key(rows[name], name))
    assert ordered == [
        "overdue 30",
        "overdue 2",
        "A overdue 1",
        "b overdue 1",
        "due soon today",
        "due soon later",
        "Alpha new",
        "beta new",
        "on track soon",
        "on track late",
    ]


def test_due_within_a_week() -> None:
    def due(last: date) -> bool:
        return due_within(cadence_status(client("14d"), facts(last), TODAY), TODAY, 7)

    assert due(date(2026, 11, 11))  # due today
    assert due(date(2026, 11, 18))  # due in 7 days
    assert not due(date(2026, 11, 19))  # due in 8 days
    assert not due(date(2026, 11, 10))  # overdue is counted apart
    assert not due_within(cadence_status(client(), facts(), TODAY), TODAY, 7)  # new


# --- consistency ---------------------------------------------------------------------------------


def test_consistency_hand_worked_two_week_windows() -> None:
    # Windows ending today, newest first: (Nov 11, Nov 25], (Oct 28, Nov 11], (Oct 14, Oct 28],
    # (Sep 30, Oct 14], (Sep 16, Sep 30], (Sep 2, Sep 16]. Sep 2 sits just outside the oldest.
    result = consistency(client("2w"), facts(date(2026, 9, 2), date(2026, 9, 16), date(2026, 10, 29), date(2026, 11, 25)), TODAY)
    assert result.ticks == (True, False, False, False, True, True)
    assert (result.hits, result.windows) == (3, 6)
    assert result.ratio == 0.5
    assert result.evidence == "3 of 6 windows had a value-add"
    assert not result.is_one_off


def test_several_value_adds_in_one_window_count_once() -> None:
    day = date(2026, 11, 20)
    result = consistency(client("2w"), facts(day, day, day, date(2026, 11, 21)), TODAY)
    assert result.ticks == (False, False, False, False, False, True)
    assert result.is_one_off
    assert result.evidence == "1 of 6 windows had a value-add"


def test_consistency_monthly_windows_at_month_ends() -> None:
    # Ends: Mar 31, Feb 28, Jan 31, Dec 31, Nov 30, Oct 31; the oldest starts after Sep 30.
    result = consistency(
        client("1m", added=date(2025, 1, 1)),
        facts(date(2025, 9, 30), date(2025, 10, 31), date(2026, 2, 28), date(2026, 3, 1)),
        date(2026, 3, 31),
    )
    assert result.ticks == (True, False, False, False, True, True)


def test_only_windows_ending_after_the_client_was_added_count() -> None:
    assert consistency(client("2w", added=TODAY), facts(), TODAY) == Consistency(0, 1, (False,))
    same_day = consistency(client("2w", added=TODAY), facts(TODAY), TODAY)
    assert same_day.evidence == "1 of 1 window had a value-add"
    # Added on the end day of window 1: two windows; a day later: one.
    assert consistency(client("2w", added=date(2026, 11, 11)), facts(), TODAY).windows == 2
    assert consistency(client("2w", added=date(2026, 11, 12)), facts(), TODAY).windows == 1
    assert consistency(client("2w", added=date(2026, 11, 1)), facts(date(2026, 11, 2)), TODAY).ticks == (True, False)


def test_a_client_added_after_today_has_no_window() -> None:
    result = consistency(client("2w", added=date(2026, 12, 1)), facts(), TODAY)
    assert (result.windows, result.ratio, result.ticks) == (0, None, ())
    assert result.evidence == "no cadence window since the client was added"


def test_value_adds_after_today_are_in_no_window() -> None:
    assert consistency(client("1d"), facts(date(2026, 11, 26)), TODAY).hits == 0


def test_one_day_and_one_year_cadences() -> None:
    daily = consistency(client("1d"), facts(date(2026, 11, 20), date(2026, 11, 25)), TODAY)
    assert daily.ticks == (True, False, False, False, False, True)
    yearly = consistency(client("12m", added=date(2019, 1, 1)), facts(date(2021, 11, 26)), TODAY)
    assert yearly.ticks == (False, True, False, False, False, False)


# --- relevance -----------------------------------------------------------------------------------


def test_relevance_counts_the_last_90_days() -> None:
    result = relevance(
        facts(
            (date(2026, 8, 27), True),  # exactly 90 days ago: outside
            (date(2026, 8, 28), True),
            (date(2026, 10, 1), False),
            (date(2026, 11, 25), True),
            (date(2026, 11, 26), True),  # after today: outside
        ),
        TODAY,
    )
    assert result == Relevance(2, 3)
    assert result.ratio == pytest.approx(2 / 3)
    assert result.evidence == "2 of 3 value-adds in the last 90 days answered a recorded need"


def test_relevance_without_value_adds() -> None:
    result = relevance(facts(), TODAY)
    assert (result.ratio, result.evidence) == (None, "no value-add in the last 90 days")
