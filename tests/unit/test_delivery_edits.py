"""Editing and deleting deliveries (services/deliveries.py), naming one, and a client's
timeline (services/timeline.py): what the store holds afterwards, the index's facts kept in
step, and a change made elsewhere never overwritten unseen."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from coach_tui.domain.errors import InputError, NotFound
from coach_tui.domain.facts import build_facts
from coach_tui.domain.models import Card, CardMove
from coach_tui.services import Coach
from coach_tui.services.deliveries import KEEP, ChangedElsewhere
from coach_tui.services.timeline import ENTRY_KINDS

TODAY = date(2026, 11, 25)


@pytest.fixture
def acme(coach: Coach) -> str:
    """Acme, added in March: an industry value-add 10 days ago (told), an untold idea 3 days
    ago answering a need (so a Steward card waits), and service work today."""
    cid = coach.clients.add("Acme Logistics", cadence="2w", added=date(2026, 3, 2)).id
    coach.deliveries.log(cid, "Freight benchmark", kind="industry", on=date(2026, 11, 15), told=True)
    coach.deliveries.log(cid, "Pooling idea", kind="idea", on=date(2026, 11, 22), need="lower freight cost")
    coach.deliveries.log(cid, "Invoice fix", kind="service", on=TODAY, told=True)
    return cid


def delivery(coach: Coach, cid: str, summary: str):
    return next(d for d in coach.repo.read_client(cid).deliveries if d.summary == summary)


def facts_in_step(coach: Coach, cid: str) -> None:
    """The index's facts are those the client's file gives (as after `log`)."""
    assert coach.repo.entry(cid).facts.to_dict() == build_facts(*coach.repo.read_client(cid)).to_dict()


# -- naming a delivery ----------------------------------------------------------------------


def test_listed_newest_first_and_found_by_number_id_prefix_or_summary(coach: Coach, acme: str) -> None:
    _client, listed = coach.deliveries.listed(acme)
    assert [d.summary for d in listed] == ["Invoice fix", "Pooling idea", "Freight benchmark"]
    pooling = listed[1]
    assert coach.deliveries.find(acme, "2") == pooling
    assert coach.deliveries.find(acme, pooling.id) == pooling
    assert coach.deliveries.find(acme, pooling.id[:6]) == pooling
    assert coach.deliveries.find(acme, "POOL") == pooling
    with pytest.raises(NotFound, match="coach delivery list"):
        coach.deliveries.find(acme, "4")
    with pytest.raises(NotFound):
        coach.deliveries.find(acme, "nothing like it")


def test_a_summary_matching_several_deliveries_names_them(coach: Coach, acme: str) -> None:
    with pytest.raises(InputError, match="matches 2 deliveries") as raised:
        coach.deliveries.find(acme, "o")  # in "Pooling idea" and "Invoice fix"
    assert not isinstance(raised.value, NotFound)


# -- editing --------------------------------------------------------------------------------


def test_edit_changes_the_named_fields_and_keeps_the_others(coach: Coach, acme: str) -> None:
    before = delivery(coach, acme, "Freight benchmark")
    change = coach.deliveries.edit(acme, before.id, summary="Peer freight benchmark", kind="strategy")
    after = delivery(coach, acme, "Peer freight benchmark")
    assert (after.kind, after.on, after.told, after.need_id, after.logged) == ("strategy", before.on, True, None, before.logged)
    assert change.deliveries == ((before.to_dict(), after.to_dict()),)
    facts_in_step(coach, acme)


def test_moving_the_last_value_add_back_moves_the_cadence(coach: Coach, acme: str) -> None:
    """The cadence is derived from deliveries: the index follows an edit of the day."""
    pooling = delivery(coach, acme, "Pooling idea")
    assert coach.portfolio.agenda().views[0].cadence.last == date(2026, 11, 22)
    coach.deliveries.edit(acme, pooling.id, on=date(2026, 10, 1))
    facts_in_step(coach, acme)
    assert coach.portfolio.agenda().views[0].cadence.last == date(2026, 11, 15)
    coach.deliveries.edit(acme, delivery(coach, acme, "Freight benchmark").id, kind="service")
    [view] = coach.portfolio.agenda().views
    assert view.cadence.last == date(2026, 10, 1)
    assert view.cadence.status == "overdue"


def test_edit_refuses_a_day_in_the_future_a_bad_kind_or_an_empty_summary(coach: Coach, acme: str) -> None:
    pooling = delivery(coach, acme, "Pooling idea")
    with pytest.raises(InputError, match="future"):
        coach.deliveries.edit(acme, pooling.id, on=date(2026, 11, 26))
    with pytest.raises(InputError, match="kind"):
        coach.deliveries.edit(acme, pooling.id, kind="gift")
    with pytest.raises(InputError, match="summary"):
        coach.deliveries.edit(acme, pooling.id, summary="   ")
    with pytest.raises(InputError, match="nothing to change"):
        coach.deliveries.edit(acme, pooling.id, kind="idea")
    assert delivery(coach, acme, "Pooling idea") == pooling


def test_the_steward_card_follows_the_summary_the_need_and_told(coach: Coach, acme: str) -> None:
    pooling = delivery(coach, acme, "Pooling idea")
    [steward] = [c for c in coach.repo.read_client(acme).cards if c.delivery_id == pooling.id]
    coach.deliveries.edit(acme, pooling.id, summary="Trailer pooling idea", need="CO2 reporting")
    cards = {c.id: c for c in coach.repo.read_client(acme).cards}
    need = next(c for c in cards.values() if c.title == "CO2 reporting")
    assert need.column == "understand"  # a new need, as `log` makes one
    assert (cards[steward.id].title, cards[steward.id].need_id) == ("Trailer pooling idea", need.id)
    assert delivery(coach, acme, "Trailer pooling idea").need_id == need.id
    # Told: the Steward card closes; untold again: it comes back.
    coach.deliveries.edit(acme, pooling.id, told=True)
    assert not stewarding(coach, acme)
    assert coach.repo.entry(acme).facts.untold == 0
    coach.deliveries.edit(acme, pooling.id, told=False)
    assert [c.id for c in stewarding(coach, acme)] == [steward.id]
    facts_in_step(coach, acme)
    # The need cleared.
    coach.deliveries.edit(acme, pooling.id, need=None)
    assert delivery(coach, acme, "Trailer pooling idea").need_id is None
    coach.deliveries.edit(acme, pooling.id, need=KEEP, kind="thinking")
    assert delivery(coach, acme, "Trailer pooling idea").need_id is None


def stewarding(coach: Coach, cid: str) -> list[Card]:
    return [c for c in coach.repo.read_client(cid).cards if c.column == "steward" and c.is_open]


def test_untelling_a_delivery_logged_told_puts_a_steward_card_up(coach: Coach, acme: str) -> None:
    benchmark = delivery(coach, acme, "Freight benchmark")
    coach.deliveries.edit(acme, benchmark.id, told=False)
    [card] = [c for c in stewarding(coach, acme) if c.delivery_id == benchmark.id]
    assert card.title == "Freight benchmark"


def test_an_edit_over_a_change_it_did_not_see_is_refused(coach: Coach, acme: str) -> None:
    seen = delivery(coach, acme, "Pooling idea")
    coach.deliveries.edit(acme, seen.id, summary="Pooling idea, sent by mail")  # from the shell, meanwhile
    with pytest.raises(ChangedElsewhere, match="changed elsewhere") as raised:
        coach.deliveries.edit(acme, seen.id, kind="strategy", seen=seen)
    assert "Pooling idea, sent by mail" in str(raised.value)
    assert delivery(coach, acme, "Pooling idea, sent by mail").kind == "idea"
    # Taking the delivery as it now is, the same edit lands, and keeps the shell's summary.
    now = delivery(coach, acme, "Pooling idea, sent by mail")
    coach.deliveries.edit(acme, seen.id, kind="strategy", seen=now)
    assert delivery(coach, acme, "Pooling idea, sent by mail").kind == "strategy"


def test_an_edit_of_a_delivery_deleted_meanwhile_is_refused(coach: Coach, acme: str) -> None:
    seen = delivery(coach, acme, "Pooling idea")
    coach.deliveries.delete(acme, seen.id)
    with pytest.raises(ChangedElsewhere, match="deleted elsewhere"):
        coach.deliveries.edit(acme, seen.id, kind="strategy", seen=seen)
    assert all(d.id != seen.id for d in coach.repo.read_client(acme).deliveries)


# -- deleting -------------------------------------------------------------------------------


def test_delete_takes_the_steward_card_logging_made_and_rescores(coach: Coach, acme: str) -> None:
    pooling = delivery(coach, acme, "Pooling idea")
    change = coach.deliveries.delete(acme, pooling.id)
    history = coach.repo.read_client(acme)
    assert [d.summary for d in history.deliveries] == ["Freight benchmark", "Invoice fix"]
    assert not any(c.delivery_id == pooling.id for c in history.cards)
    assert any(c.title == "lower freight cost" for c in history.cards)  # the need stays
    assert change.deliveries == ((pooling.to_dict(), None),)
    assert len(change.cards) == 1 and change.cards[0][1] is None
    facts_in_step(coach, acme)
    assert coach.portfolio.agenda().views[0].cadence.last == date(2026, 11, 15)


def test_delete_unlinks_a_card_the_user_moved_into_steward(coach: Coach, acme: str) -> None:
    pooling = delivery(coach, acme, "Pooling idea")
    moves = [CardMove(datetime(2026, 11, 1), None, "deliver"), CardMove(datetime(2026, 11, 22), "deliver", "steward")]
    moved = Card("c1", acme, "steward", "Pooling pilot", datetime(2026, 11, 1), delivery_id=pooling.id, moves=moves)
    with coach.repo.transaction() as txn:
        txn.put_card(moved)
    coach.deliveries.delete(acme, pooling.id)
    kept = next(c for c in coach.repo.read_client(acme).cards if c.id == "c1")
    assert (kept.delivery_id, kept.moves) == (None, moved.moves)


def test_a_delete_over_a_change_it_did_not_see_is_refused(coach: Coach, acme: str) -> None:
    seen = delivery(coach, acme, "Invoice fix")
    coach.deliveries.edit(acme, seen.id, summary="Invoice fix for November")
    with pytest.raises(ChangedElsewhere):
        coach.deliveries.delete(acme, seen.id, seen=seen)
    assert delivery(coach, acme, "Invoice fix for November")


# -- the timeline ---------------------------------------------------------------------------


def test_timeline_lists_every_kind_newest_first(coach: Coach, acme: str) -> None:
    cid = acme
    ana = coach.people.add(cid, "Ana Ruiz", "champion")
    coach.people.log_touch(cid, ana.id, "meeting", date(2026, 11, 20), note="Peak [b]season[/b]")
    coach.plans.add_goal(cid, "Cut freight cost")
    coach.plans.share(cid, (ana.id,), date(2026, 11, 18))
    opp, _ = coach.opportunities.add(cid, "Cross-dock", "450k", "identified")
    coach.opportunities.stage(cid, opp.id, "qualified")
    card = coach.boards.add_card(cid, "plan", "Pilot lanes").card_id or ""
    coach.boards.move_card(cid, card, 1)
    timeline = coach.timelines.read(cid)
    assert set(timeline.counts()) == set(ENTRY_KINDS)
    assert all(n > 0 for n in timeline.counts().values()), timeline.counts()
    keys = [(e.day, e.at) for e in timeline.entries]
    assert keys == sorted(keys, reverse=True)
    texts = [e.text for e in timeline.entries]
    assert "Meeting with Ana Ruiz: Peak [b]season[/b]" in texts  # literal, as typed
    assert "Plan shared with Ana Ruiz" in texts
    assert "Opportunity “Cross-dock” → qualified" in texts
    assert "Card “Pilot lanes” moved Plan → Deliver" in texts
    pooling = next(e for e in timeline.entries if e.kind == "delivery" and "Pooling idea" in e.text)
    assert pooling.text == "New idea: Pooling idea · answers “lower freight cost” · not told yet"
    assert pooling.delivery_id in timeline.deliveries
    assert [e.kind for e in timeline.of_kinds(["touch"])] == ["touch"]


def test_short_ids_are_unique_starts_of_six_characters_or_more(demo_coach: Coach) -> None:
    from coach_tui.services.deliveries import short_ids

    _client, listed = demo_coach.deliveries.listed("demo00")  # ids demo00d000 ... demo00d015
    short = short_ids(listed)
    assert len(set(short.values())) == len(listed)
    assert all(d.id.startswith(short[d.id]) and len(short[d.id]) >= 6 for d in listed)
    assert short["demo00d015"] == "demo00d015"
    with pytest.raises(InputError, match="matches 16 deliveries"):
        demo_coach.deliveries.find("demo00", "demo00")
