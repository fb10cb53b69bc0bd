"""The value-add calendar: one all-day event per active client, read back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from coach_tui.coaching.calendar import Reminder, event_uid, parse_reminder, sequence_at
from coach_tui.domain.errors import InputError
from coach_tui.services import Coach

TODAY = date(2026, 11, 25)
STAMP = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


@pytest.fixture
def portfolio(coach: Coach) -> dict[str, str]:
    """Four clients: on track, overdue, new, and one archived (no event)."""
    ids = {}
    on_track = coach.clients.add("On Track Ltd", cadence="2w", added=date(2026, 6, 1))
    coach.deliveries.log(on_track.id, "idea", on=TODAY - timedelta(days=5), told=True)
    ids["on track"] = on_track.id
    late = coach.clients.add("Late & Co", cadence="10d", added=date(2026, 6, 1))
    coach.deliveries.log(late.id, "idea", on=date(2026, 11, 1), told=True)
    coach.deliveries.log(late.id, "service work", kind="service", on=TODAY, told=True)  # does not reset the clock
    ids["overdue"] = late.id
    ids["new"] = coach.clients.add("Brand New GmbH", cadence="1m").id
    gone = coach.clients.add("Archived Inc")
    coach.deliveries.log(gone.id, "idea", on=TODAY, told=True)
    coach.clients.archive(gone.id)
    ids["archived"] = gone.id
    return ids


def events_of(data: bytes) -> list:
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_one_all_day_event_per_active_client(coach: Coach, portfolio: dict[str, str]) -> None:
    data = coach.calendar.ics(STAMP)
    events = {str(e["UID"]): e for e in events_of(data) if str(e["STATUS"]) == "CONFIRMED"}
    assert set(events) == {event_uid(portfolio[k]) for k in ("on track", "overdue", "new")}

    def day(key: str) -> date:
        return events[event_uid(portfolio[key])].decoded("DTSTART")

    # On track: the next due day. Overdue and new: today, where a reminder can still be acted on.
    assert day("on track") == TODAY - timedelta(days=5) + timedelta(weeks=2)
    assert day("overdue") == TODAY
    assert day("new") == TODAY
    for event in events.values():
        start = event.decoded("DTSTART")
        assert type(start) is date  # all-day: a DATE, not a DATE-TIME
        assert event.decoded("DTEND") == start + timedelta(days=1)
        assert event.decoded("DTSTAMP") == STAMP
        assert event.decoded("LAST-MODIFIED") == STAMP
        assert int(event["SEQUENCE"]) == sequence_at(STAMP)
        assert str(event["TRANSP"]) == "TRANSPARENT"


def test_summaries_and_descriptions(coach: Coach, portfolio: dict[str, str]) -> None:
    events = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP))}
    late = events[event_uid(portfolio["overdue"])]
    assert str(late["SUMMARY"]) == "Value-add due: Late & Co"
    assert str(late["DESCRIPTION"]) == (
        "Overdue by 14 days: it was due 11 Nov 2026.\nCadence: a value-add every 10 days.\nLast value-add: 1 Nov 2026."
    )
    on_track = events[event_uid(portfolio["on track"])]
    assert str(on_track["DESCRIPTION"]) == "Cadence: a value-add every 2 weeks.\nLast value-add: 20 Nov 2026."
    new = events[event_uid(portfolio["new"])]
    assert str(new["DESCRIPTION"]) == "No value-add yet: the first one is due now.\nCadence: a value-add every 1 month."


def test_reexport_updates_instead_of_duplicating(coach: Coach, portfolio: dict[str, str]) -> None:
    first = events_of(coach.calendar.ics(STAMP))
    # A value-add for the overdue client moves its event; the export an hour later must replace it.
    coach.deliveries.log(portfolio["overdue"], "new idea", on=TODAY, told=True)
    later = STAMP + timedelta(hours=1)
    second = events_of(coach.calendar.ics(later))

    uids_first = [str(e["UID"]) for e in first]
    uids_second = [str(e["UID"]) for e in second]
    assert len(uids_first) == len(set(uids_first)) == 4  # no duplicates within an export (one archived)
    assert sorted(uids_first) == sorted(uids_second)  # stable across exports
    by_uid = {str(e["UID"]): e for e in second}
    moved = by_uid[event_uid(portfolio["overdue"])]
    assert moved.decoded("DTSTART") == TODAY + timedelta(days=10)
    # Calendars accept an update only with a higher SEQUENCE.
    assert all(int(b["SEQUENCE"]) > int(a["SEQUENCE"]) for a, b in zip(first, second, strict=True))


def test_uid_survives_a_rename(coach: Coach, portfolio: dict[str, str]) -> None:
    coach.clients.edit(portfolio["new"], name="Renamed GmbH")
    events = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP))}
    assert str(events[event_uid(portfolio["new"])]["SUMMARY"]) == "Value-add due: Renamed GmbH"


def test_calendar_header_and_empty_portfolio(coach: Coach) -> None:
    calendar = Calendar.from_ical(coach.calendar.ics(STAMP))
    assert str(calendar["VERSION"]) == "2.0"
    assert "coach" in str(calendar["PRODID"])
    assert list(calendar.walk("VEVENT")) == []


def test_control_characters_in_names_are_shown_not_obeyed(coach: Coach) -> None:
    coach.clients.add("Bad\u202eName\x1b[2J")
    (event,) = events_of(coach.calendar.ics(STAMP))
    assert str(event["SUMMARY"]) == "Value-add due: Bad\\u202eName\\x1b[2J"


def test_sequence_grows_with_time() -> None:
    assert sequence_at(STAMP + timedelta(seconds=1)) == sequence_at(STAMP) + 1
    assert 0 < sequence_at(STAMP) < 2**31


def test_the_sequence_stays_a_32_bit_integer_after_2088() -> None:
    """RFC 5545 asks for a 32-bit INTEGER; a clock past 2088 must not export a bigger one."""
    assert sequence_at(datetime(2200, 1, 1, 12, 0)) == 2**31 - 1
    assert sequence_at(datetime(9000, 12, 31, 12, 0)) == 2**31 - 1


# -- reminders, archived clients, next steps, commitments --------------------------------------


def test_each_event_reminds_the_morning_of_its_day_unless_told_otherwise(coach: Coach, portfolio: dict[str, str]) -> None:
    live = [e for e in events_of(coach.calendar.ics(STAMP)) if str(e["STATUS"]) == "CONFIRMED"]
    assert len(live) == 3
    for event in live:
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])
        assert alarm.decoded("TRIGGER") == timedelta(hours=9)  # 09:00 on the all-day event's day
        assert alarm["TRIGGER"].params["RELATED"] == "START"
    earlier = events_of(coach.calendar.ics(STAMP, remind=parse_reminder("1d@08:30")))
    assert {e.walk("VALARM")[0].decoded("TRIGGER") for e in earlier if e.walk("VALARM")} == {-timedelta(hours=15, minutes=30)}
    assert not any(e.walk("VALARM") for e in events_of(coach.calendar.ics(STAMP, remind=None)))


@pytest.mark.parametrize(
    ("typed", "days", "at"),
    [
        ("09:00", 0, time(9)),
        ("7:05", 0, time(7, 5)),
        ("2d", 2, time(9)),
        ("1d@08:30", 1, time(8, 30)),
        (" 3D 18:00 ".replace(" 18", "@18"), 3, time(18)),
    ],
)
def test_reminders_read_as_typed(typed: str, days: int, at: time) -> None:
    assert parse_reminder(typed) == Reminder(days, at)


@pytest.mark.parametrize(
    ("typed", "says"),
    [("soon", "can't read 'soon'"), ("24:00", "24:00 is not a time of day"), ("9:75", "9:75 is not a time of day"),
     ("61d", "at most 60 days before"), ("", "can't read ''"), ("-1d", "can't read '-1d'")],
)  # fmt: skip
def test_a_reminder_that_does_not_read_says_what_is_accepted(typed: str, says: str) -> None:
    with pytest.raises(InputError) as error:
        parse_reminder(typed)
    assert says in str(error.value)
    if says.startswith("can't read"):
        assert "09:00" in str(error.value) and "none" in str(error.value)
    assert parse_reminder("none") is None


def test_an_archived_clients_event_is_exported_again_as_cancelled(coach: Coach, portfolio: dict[str, str]) -> None:
    events = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP))}
    gone = events[event_uid(portfolio["archived"])]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert not gone.walk("VALARM")  # nothing to be reminded of
    assert int(gone["SEQUENCE"]) == sequence_at(STAMP)  # higher than any earlier export's
    assert {str(e["STATUS"]) for uid, e in events.items() if uid != event_uid(portfolio["archived"])} == {"CONFIRMED"}
    # Unarchived, it comes back confirmed under the same UID.
    coach.clients.unarchive(portfolio["archived"])
    again = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP + timedelta(hours=1)))}
    assert str(again[event_uid(portfolio["archived"])]["STATUS"]) == "CONFIRMED"


def test_dated_next_steps_are_events_and_closing_one_cancels_it(coach: Coach, portfolio: dict[str, str]) -> None:
    client = portfolio["on track"]
    soon, _ = coach.opportunities.add(client, "Spares deal", next_step="Call  the buyer", next_date=TODAY + timedelta(days=3))
    late, _ = coach.opportunities.add(client, "Old lead", next_step="Send quote", next_date=TODAY - timedelta(days=4))
    coach.opportunities.add(client, "Undated", next_step="Think")  # no date: no event
    events = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP))}
    step = events[f"opp-{client}-{soon.id}@coach"]
    assert str(step["SUMMARY"]) == "Next step: Call the buyer (On Track Ltd)"
    assert step.decoded("DTSTART") == TODAY + timedelta(days=3)
    assert str(step["DESCRIPTION"]) == "Opportunity: Spares deal."
    assert step.walk("VALARM")
    overdue = events[f"opp-{client}-{late.id}@coach"]
    assert overdue.decoded("DTSTART") == TODAY  # passed: today, where it can still be done
    assert "Overdue: it was due 21 Nov 2026." in str(overdue["DESCRIPTION"])
    assert sum(uid.startswith("opp-") for uid in events) == 2

    coach.opportunities.stage(client, soon.id, "won")
    after = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP + timedelta(hours=1)))}
    closed = after[f"opp-{client}-{soon.id}@coach"]
    assert str(closed["STATUS"]) == "CANCELLED" and not closed.walk("VALARM")
    assert str(after[f"opp-{client}-{late.id}@coach"]["STATUS"]) == "CONFIRMED"

    coach.clients.archive(client)  # every event of an archived client is taken away
    archived = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP + timedelta(hours=2)))}
    assert str(archived[f"opp-{client}-{late.id}@coach"]["STATUS"]) == "CANCELLED"
    assert str(archived[event_uid(client)]["STATUS"]) == "CANCELLED"


def test_the_weeks_commitment_is_an_event_over_its_week(coach: Coach, portfolio: dict[str, str]) -> None:
    week = date(2026, 11, 23)  # the Monday of TODAY's week
    coach.weekly.save_commitment(week - timedelta(weeks=1), "Last week's", kept=True)
    coach.weekly.save_commitment(week, "Send [red]two[/] benchmarks", client_id=portfolio["overdue"])
    events = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP))}
    commitments = {uid: e for uid, e in events.items() if uid.startswith("commitment-")}
    assert list(commitments) == ["commitment-2026-11-23@coach"]  # earlier weeks stay as exported
    event = commitments["commitment-2026-11-23@coach"]
    assert str(event["SUMMARY"]) == "Commitment: Send [red]two[/] benchmarks"
    assert event.decoded("DTSTART") == week and event.decoded("DTEND") == week + timedelta(days=7)
    assert "For Late & Co." in str(event["DESCRIPTION"])
    coach.weekly.save_commitment(week, kept=True)
    kept = {str(e["UID"]): e for e in events_of(coach.calendar.ics(STAMP))}["commitment-2026-11-23@coach"]
    assert str(kept["SUMMARY"]) == "Commitment: Send [red]two[/] benchmarks (kept)"
