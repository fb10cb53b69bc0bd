"""The value-add calendar: one all-day event per active client, read back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from coach_tui.coaching.calendar import event_uid, sequence_at
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
    events = {str(e["UID"]): e for e in events_of(data)}
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
    assert len(uids_first) == len(set(uids_first)) == 3  # no duplicates within an export
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
