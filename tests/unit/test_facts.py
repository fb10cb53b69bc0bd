"""ClientFacts: built from a full history, stored compactly, and valid for every later day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from coach_tui.domain.cadence import cadence_status, consistency, relevance
from coach_tui.domain.facts import EMPTY_FACTS, CardFact, ClientFacts, build_facts, horizon_start, shift
from coach_tui.domain.models import Cadence, Card, CardMove, Client, Delivery
from coach_tui.domain.pillars import client_scores

AS_OF = date(2026, 11, 25)
ACME = Client(id="acme", name="Acme", added=date(2024, 1, 1), cadence=Cadence(2, "w"))


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour)


def delivery(on: str, kind: str = "idea", need: str | None = None, n: int = 0) -> Delivery:
    return Delivery(f"d-{on}-{kind}-{n}", "acme", date.fromisoformat(on), kind, "summary", at(on), need)


def card(
    column: str,
    moves: list[tuple[str, str | None, str]],
    need_id: str | None = None,
    updated: datetime | None = None,
    closed: datetime | None = None,
) -> Card:
    history = [CardMove(at(day), src, dst) for day, src, dst in moves]
    return Card(
        id=f"k-{column}-{moves[0][0]}",
        client_id="acme",
        column=column,
        title="t",
        created=history[0].at,
        need_id=need_id,
        moves=history,
        updated=updated,
        closed=closed,
    )


DELIVERIES = [
    delivery("2025-01-01", "industry"),  # a value-add before the horizon: only `last` would keep it
    delivery("2026-09-10", "thinking"),
    delivery("2026-11-10", "idea", need="k-understand-2026-11-01"),
    delivery("2026-11-20", "service"),  # logged, but not a value-add
]
CARDS = [
    card("understand", [("2026-11-01", None, "understand")], updated=at("2026-11-05")),
    card("plan", [("2026-10-01", None, "understand"), ("2026-10-15", "understand", "plan")], need_id="n1"),
    card("deliver", [("2026-10-20", None, "plan"), ("2026-11-02", "plan", "deliver")]),
    card("steward", [("2026-09-01", None, "deliver"), ("2026-09-03", "deliver", "steward")], closed=at("2026-09-04")),
]


def test_build_facts_reduces_the_history() -> None:
    facts = build_facts(ACME, CARDS, DELIVERIES)
    # The horizon of the latest value-add (Nov 10): 6 windows of 2 weeks back is Aug 18, 90 days
    # back is Aug 12; one day of margin. The value-add of 2025 is before it.
    assert horizon_start(ACME.cadence, date(2026, 11, 10)) == date(2026, 8, 11)
    assert facts.value_adds == ((date(2026, 9, 10), False), (date(2026, 11, 10), True))
    assert facts.last_value_add == date(2026, 11, 10)
    assert facts.deliveries == 4
    assert facts.cards == (
        CardFact("understand", date(2026, 11, 1), date(2026, 11, 1), False),
        CardFact("plan", date(2026, 10, 15), date(2026, 10, 1), True),
        CardFact("deliver", date(2026, 11, 2), date(2026, 10, 20), False),
    )
    assert facts.last_understand_change == date(2026, 11, 5)  # the edit, after the moves
    assert facts.untold == 0
    assert facts.column_counts() == {"understand": 1, "plan": 1, "deliver": 1, "steward": 0}


def test_the_horizon_follows_the_latest_value_add_not_the_day() -> None:
    """A client quiet for two years keeps its last value-adds in its facts: the horizon is
    the latest value-add's, so no clock (right or wrong) can drop them."""
    history = [delivery("2024-06-01", "idea"), delivery("2025-01-01", "industry"), delivery("2026-01-01", "service")]
    facts = build_facts(ACME, [], history)
    assert facts.value_adds == ((date(2025, 1, 1), False),)
    assert facts.last_value_add == date(2025, 1, 1)
    assert cadence_status(ACME, facts, AS_OF).status == "overdue"


def test_no_history_gives_empty_facts() -> None:
    assert build_facts(ACME, [], []) == EMPTY_FACTS


@pytest.mark.parametrize("facts", [EMPTY_FACTS, build_facts(ACME, CARDS, DELIVERIES)])
def test_facts_round_trip(facts: ClientFacts) -> None:
    assert ClientFacts.from_dict(facts.to_dict()) == facts


def test_facts_from_an_older_minimal_dict() -> None:
    assert ClientFacts.from_dict({}) == EMPTY_FACTS


@pytest.mark.parametrize(
    ("cadence", "as_of"),
    [
        (Cadence(2, "w"), AS_OF),
        (Cadence(1, "d"), AS_OF),
        (Cadence(1, "m"), date(2026, 3, 31)),  # month ends
        (Cadence(1, "m"), date(2024, 2, 29)),  # a leap day
        (Cadence(12, "m"), AS_OF),
        (Cadence(365, "d"), AS_OF),
        (Cadence(52, "w"), AS_OF),
    ],
)
@pytest.mark.parametrize("quiet", [0, 100])
def test_facts_serve_every_day_from_the_latest_value_add(cadence: Cadence, as_of: date, quiet: int) -> None:
    """The facts' value-adds give every rule, on every day from the latest value-add on, what
    every value-add ever would give."""
    client = Client(id="acme", name="Acme", added=date(2015, 1, 1), cadence=cadence)
    # A value-add every 5 days for 7 years, some linked to a need, the latest `quiet` days before as_of.
    deliveries = [
        delivery((as_of - timedelta(days=d)).isoformat(), "idea", need="n" if d % 3 else None) for d in range(quiet, 7 * 365, 5)
    ]
    stored = build_facts(client, [], deliveries)
    fresh = replace(stored, value_adds=tuple(sorted((d.on, d.need_id is not None) for d in deliveries)))
    assert len(stored.value_adds) < len(fresh.value_adds)  # the facts do keep less
    for later in [as_of + timedelta(days=d) for d in (0, 1, 13, 29, 31, 60, 200, 366)] + [shift(as_of, cadence)]:
        assert consistency(client, stored, later) == consistency(client, fresh, later)
        assert relevance(stored, later) == relevance(fresh, later)
        assert cadence_status(client, stored, later) == cadence_status(client, fresh, later)
        assert client_scores(client, stored, later, None) == client_scores(client, fresh, later, None)


def test_horizon_covers_six_windows_and_ninety_days() -> None:
    for cadence in (Cadence(1, "d"), Cadence(2, "w"), Cadence(1, "m"), Cadence(12, "m")):
        start = horizon_start(cadence, AS_OF)
        assert start < shift(AS_OF, cadence, -6)
        assert start < AS_OF - timedelta(days=90)


@pytest.mark.parametrize(
    "day, cadence, windows, expected",
    [
        (date(2026, 1, 31), Cadence(1, "m"), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), Cadence(1, "m"), 1, date(2024, 2, 29)),
        (date(2026, 3, 31), Cadence(1, "m"), -1, date(2026, 2, 28)),
        (date(2026, 11, 25), Cadence(2, "w"), -3, date(2026, 10, 14)),
        (date(2026, 11, 25), Cadence(10, "d"), 2, date(2026, 12, 15)),
        (date(2024, 2, 29), Cadence(12, "m"), 1, date(2025, 2, 28)),
    ],
)
def test_shift_by_cadence_windows(day: date, cadence: Cadence, windows: int, expected: date) -> None:
    assert shift(day, cadence, windows) == expected
