"""`coach card move ... --log KIND`: a move into Steward logs and links the delivery in one
write; without --log a move into Steward says how to log it (`coach log ... --card`), and that
command does; --log on a move that does not end in Steward is refused. `coach card list` shows
a logged Steward card's age from its delivery's day, as the board does."""

from __future__ import annotations

import json
import shlex
from datetime import date
from pathlib import Path

import pytest
from clikit import coach, one_line_error

from coach_tui.domain.facts import build_facts
from coach_tui.domain.pillars import overdue_steward
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore

TODAY = date(2026, 11, 25)


@pytest.fixture
def acme(data_dir: Path) -> Path:
    """Acme with a need, two cards in Deliver (one answering the need) and one in Plan."""
    for args in (
        ["client", "add", "Acme Logistics", "--cadence", "2w"],
        ["card", "add", "acme", "Lower freight cost"],
        ["card", "add", "acme", "Freight audit", "--column", "deliver"],
        ["card", "add", "acme", "Pooling pilot", "--column", "deliver", "--need", "lower freight cost"],
        ["card", "add", "acme", "Dock plan", "--column", "plan"],
    ):
        coach(*args, data=data_dir, check=True)
    return data_dir


def stored(data: Path):
    store = FolderStore(data)
    cid = Coach(store).portfolio.find_client("acme").id
    return store, cid, store.read_client(cid)


def card_named(data: Path, title: str):
    _store, _cid, history = stored(data)
    return next(c for c in history.cards if c.title == title)


def test_move_into_steward_with_log_links_a_delivery_dated_as_typed(acme: Path) -> None:
    result = coach("card", "move", "acme", "audit", "--forward", "--log", "industry", "--on", "20d ago", data=acme)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Acme Logistics: moved 'Freight audit' to Steward",
        "  logged industry on Thu 5 Nov 2026: Freight audit (coach card tell marks it told)",
    ]
    store, cid, history = stored(acme)
    [delivery] = history.deliveries
    card = next(c for c in history.cards if c.title == "Freight audit")
    assert (card.column, card.delivery_id, delivery.kind, delivery.told) == ("steward", delivery.id, "industry", False)
    assert delivery.on.isoformat() == "2026-11-05"
    facts = store.entry(cid).facts
    assert facts.to_dict() == build_facts(*history).to_dict()
    # Untold for 20 days, though it reached Steward today: past the 14 days the method allows.
    assert overdue_steward(facts, TODAY) == 1
    listed = coach("card", "list", "acme", data=acme, check=True).stdout
    assert f"  {card.id}  Freight audit  (delivered 2026-11-05, untold 20 days)" in listed
    pillars = coach("pillars", "acme", data=acme, check=True).stdout
    assert "1 Steward card untold for over 14 days" in pillars
    # One change: one undo takes the move and the delivery back together.
    coach("undo", data=acme, check=True)
    _store, _cid, history = stored(acme)
    assert history.deliveries == [] and card_named(acme, "Freight audit").column == "deliver"


def test_to_steward_with_log_takes_the_summary_and_the_cards_need(acme: Path) -> None:
    coach("card", "move", "acme", "pooling", "--to", "steward", "--log", "idea", "--summary", "Pilot run", data=acme, check=True)
    _store, _cid, history = stored(acme)
    [delivery] = history.deliveries
    card = card_named(acme, "Pooling pilot")
    assert (delivery.summary, delivery.on, delivery.need_id) == ("Pilot run", TODAY, card.need_id)
    assert card.need_id is not None and card.delivery_id == delivery.id


def test_a_move_into_steward_without_log_says_the_command_that_logs_it(acme: Path) -> None:
    lines = coach("card", "move", "acme", "audit", "--forward", data=acme, check=True).stdout.splitlines()
    card = card_named(acme, "Freight audit")
    hint = f"coach log acme 'Freight audit' --card {card.id} --kind idea"
    assert lines == ["Acme Logistics: moved 'Freight audit' to Steward", f"  not logged as a delivery; to log it: {hint}"]
    assert stored(acme)[2].deliveries == []
    # The hint is the exact command: run as printed, it logs and links the card.
    logged = coach(*shlex.split(hint)[1:], "--date", "3w ago", data=acme, check=True).stdout
    assert logged.startswith("logged idea for Acme Logistics on Wed 4 Nov 2026: Freight audit")
    _store, _cid, history = stored(acme)
    [delivery] = history.deliveries
    assert card_named(acme, "Freight audit").delivery_id == delivery.id
    assert len([c for c in history.cards if c.column == "steward"]) == 1  # no second card made


def test_moves_not_into_steward_print_no_hint(acme: Path) -> None:
    assert (
        coach("card", "move", "acme", "dock", "--forward", data=acme, check=True).stdout
        == "Acme Logistics: moved 'Dock plan' to Deliver\n"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["dock", "--forward", "--log", "idea"], "only a move into Steward logs a delivery ('Dock plan' would go to Deliver)"),
        (["audit", "--back", "--log", "idea"], "a move back does not end there: drop --log"),
        (["audit", "--to", "plan", "--log", "idea"], "a move to Plan does not end there: drop --log"),
        (
            ["audit", "--forward", "--log", "gossip"],
            "unknown kind 'gossip': use one of idea, thinking, industry, strategy, service",
        ),
        (["audit", "--forward", "--on", "yesterday"], "--on and --summary go with --log KIND"),
        (["audit", "--forward", "--log", "idea", "--on", "next year"], "next year"),
        (["audit", "--forward", "--log", "idea", "--on", "2099-01-01"], "future"),
    ],
)
def test_log_on_a_bad_move_is_refused_and_nothing_changes(acme: Path, args: list[str], said: str) -> None:
    before = stored(acme)[2]
    error = one_line_error(coach("card", "move", "acme", *args, data=acme), 2)
    assert said in error
    assert stored(acme)[2] == before


def test_log_card_refuses_need_and_told_and_a_card_already_logged(acme: Path) -> None:
    coach("card", "move", "acme", "audit", "--forward", "--log", "idea", data=acme, check=True)
    assert "drop --need and --told" in one_line_error(coach("log", "acme", "x", "--card", "audit", "--told", data=acme), 2)
    assert "already logged as a delivery" in one_line_error(coach("log", "acme", "x", "--card", "audit", data=acme), 2)
    assert "only an open Steward card" in one_line_error(coach("log", "acme", "x", "--card", "dock", data=acme), 2)


def test_card_list_json_is_unchanged_by_the_age(acme: Path) -> None:
    coach("card", "move", "acme", "audit", "--forward", "--log", "idea", "--on", "yesterday", data=acme, check=True)
    cards = json.loads(coach("card", "list", "acme", "--json", data=acme, check=True).stdout)
    assert [c["title"] for c in cards["steward"]] == ["Freight audit"]
    assert cards["steward"][0]["delivery_id"] is not None
