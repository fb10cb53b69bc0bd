"""A Steward card logged as a delivery counts its age from the delivery's day, not from the
day it reached Steward: the client has waited to be told since the work was delivered. The
facts (and so the tactics pillar, the dashboard and `coach status`), the board's tiles and its
detail pane all count from that day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from coach_tui.domain.facts import CardFact, ClientFacts, age_from, build_facts
from coach_tui.domain.models import TELL_WITHIN_DAYS, Cadence, Card, CardMove, Client, Delivery
from coach_tui.domain.pillars import client_scores, overdue_steward
from coach_tui.services import Coach

TODAY = date(2026, 11, 25)
ACME = Client(id="acme", name="Acme", added=date(2024, 1, 1), cadence=Cadence(2, "w"))
MOVED = datetime(2026, 11, 24, 9)  # reached Steward yesterday
DELIVERED = TODAY - timedelta(days=20)


def steward_card(delivery_id: str | None) -> Card:
    moves = [CardMove(datetime(2026, 10, 1, 9), None, "deliver"), CardMove(MOVED, "deliver", "steward")]
    return Card("c1", "acme", "steward", "Freight audit", datetime(2026, 10, 1, 9), delivery_id=delivery_id, moves=moves)


def freight_audit() -> Delivery:
    return Delivery("d1", "acme", DELIVERED, "industry", "Freight audit", datetime(2026, 11, 24, 9))


def test_a_linked_steward_card_counts_from_the_delivery_day() -> None:
    facts = build_facts(ACME, [steward_card("d1")], [freight_audit()])
    assert facts.cards == (CardFact("steward", DELIVERED, date(2026, 10, 1), False),)
    assert overdue_steward(facts, TODAY) == 1
    told = next(s for s in client_scores(ACME, facts, TODAY)["tactics"].signals if s.name == "told")
    assert told.evidence == f"1 Steward card untold for over {TELL_WITHIN_DAYS} days"


def test_a_delivery_dated_after_the_move_counts_from_its_day_too() -> None:
    assert age_from(steward_card("d1"), {"d1": TODAY}) == TODAY


def test_an_unlinked_card_or_one_whose_delivery_is_gone_counts_from_the_move() -> None:
    for card, deliveries in ((steward_card(None), [freight_audit()]), (steward_card("gone"), [freight_audit()])):
        facts = build_facts(ACME, [card], deliveries)
        assert facts.cards[0].since == MOVED.date()
        assert overdue_steward(facts, TODAY) == 0


def test_only_a_steward_card_counts_from_its_delivery() -> None:
    card = steward_card("d1")
    card.column = "deliver"
    assert age_from(card, {"d1": DELIVERED}) == MOVED.date()


def test_the_stored_facts_keep_the_delivery_day() -> None:
    facts = build_facts(ACME, [steward_card("d1")], [freight_audit()])
    assert ClientFacts.from_dict(facts.to_dict()).cards == facts.cards


def test_a_delivery_logged_for_three_weeks_ago_is_untold_for_over_14_days_in_the_index(coach: Coach) -> None:
    """`coach log` and the board's log both link the Steward card to the delivery: the
    index's facts (what the dashboard and `coach status` read) count from the delivery."""
    cid = coach.clients.add("Acme Logistics", cadence="2w", added=date(2026, 3, 2)).id
    coach.deliveries.log(cid, "Freight audit", kind="industry", on=DELIVERED)
    card = coach.boards.add_card(cid, "deliver", "Pooling pilot").card_id
    assert card is not None
    coach.boards.move_card(cid, card, 1)
    coach.deliveries.log_card(cid, card, "Pooling pilot", kind="idea", on=TODAY - timedelta(days=3))
    facts = coach.repo.entry(cid).facts
    assert sorted(c.since for c in facts.cards) == [DELIVERED, TODAY - timedelta(days=3)]
    assert overdue_steward(facts, TODAY) == 1
    [view] = coach.portfolio.agenda().views
    assert "1 Steward card untold for over 14 days" in view.scores["tactics"].evidence
