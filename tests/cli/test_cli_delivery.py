"""`coach delivery list|edit|delete`, run as real processes: what each prints, its JSON, what
it stored (and the index's facts with it), and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clikit import coach, one_line_error

from coach_tui.domain.facts import build_facts
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore


@pytest.fixture
def acme(data_dir: Path) -> Path:
    """Acme with three deliveries: an untold industry value-add 3 days ago answering a need,
    a told idea yesterday, service work today."""
    for args in (
        ["client", "add", "Acme Logistics", "--cadence", "2w"],
        ["log", "acme", "Freight benchmark", "--kind", "industry", "--date", "3d ago", "--need", "lower freight cost"],
        ["log", "acme", "Pooling [b]idea[/b]", "--date", "yesterday", "--told"],
        ["log", "acme", "Invoice fix", "--kind", "service", "--told"],
    ):
        coach(*args, data=data_dir, check=True)
    return data_dir


def stored(data: Path):
    store = FolderStore(data)
    cid = Coach(store).portfolio.find_client("acme").id
    return store, cid, store.read_client(cid)


def test_list_numbers_the_latest_first_with_short_ids(acme: Path) -> None:
    _store, _cid, history = stored(acme)
    ids = {d.summary: d.id for d in history.deliveries}
    lines = coach("delivery", "list", "acme", data=acme, check=True).stdout.splitlines()
    assert lines == [
        f"  1. {ids['Invoice fix'][:6]}  2026-11-25 service: Invoice fix",
        f"  2. {ids['Pooling [b]idea[/b]'][:6]}  2026-11-24 idea: Pooling [b]idea[/b]",
        f"  3. {ids['Freight benchmark'][:6]}  2026-11-22 industry: Freight benchmark (answers: lower freight cost)"
        " · not told yet",
    ]
    listed = json.loads(coach("delivery", "list", "acme", "--json", data=acme, check=True).stdout)
    assert [(d["n"], d["summary"], d["need"], d["told"], d["value_add"]) for d in listed] == [
        (1, "Invoice fix", None, True, False),
        (2, "Pooling [b]idea[/b]", None, True, True),
        (3, "Freight benchmark", "lower freight cost", False, True),
    ]
    assert listed[0]["id"] == ids["Invoice fix"]


def test_list_of_a_client_with_no_delivery(data_dir: Path) -> None:
    coach("client", "add", "Globex", data=data_dir, check=True)
    assert "no delivery logged for Globex yet" in coach("delivery", "list", "globex", data=data_dir, check=True).stdout


def test_edit_by_number_changes_what_is_named_and_rescores(acme: Path) -> None:
    result = coach("delivery", "edit", "acme", "2", "--on", "2w ago", "--kind", "service", "--summary", "Pooling note", data=acme)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Acme Logistics: edited the delivery ")
    assert result.stdout.endswith(": 2026-11-11 service: Pooling note\n")
    store, cid, history = stored(acme)
    edited = next(d for d in history.deliveries if d.summary == "Pooling note")
    assert (edited.on.isoformat(), edited.kind, edited.told) == ("2026-11-11", "service", True)
    assert store.entry(cid).facts.to_dict() == build_facts(*history).to_dict()


def test_edit_told_closes_the_steward_card_and_untold_brings_it_back(acme: Path) -> None:
    coach("delivery", "edit", "acme", "bench", "--told", data=acme, check=True)
    assert "Steward (0)" in coach("card", "list", "acme", data=acme, check=True).stdout
    coach("delivery", "edit", "acme", "bench", "--untold", "--need", "", data=acme, check=True)
    cards = coach("card", "list", "acme", data=acme, check=True).stdout
    assert "Steward (1)" in cards and "Freight benchmark" in cards
    _store, _cid, history = stored(acme)
    assert next(d for d in history.deliveries if d.summary == "Freight benchmark").need_id is None


def test_edit_by_id_start(acme: Path) -> None:
    _store, _cid, history = stored(acme)
    invoice = next(d for d in history.deliveries if d.summary == "Invoice fix")
    coach("delivery", "edit", "acme", invoice.id[:6], "--date", "yesterday", data=acme, check=True)
    _store, _cid, history = stored(acme)
    assert next(d for d in history.deliveries if d.id == invoice.id).on.isoformat() == "2026-11-24"


def test_delete_takes_the_delivery_and_its_steward_card(acme: Path) -> None:
    result = coach("delivery", "delete", "acme", "3", data=acme, check=True)
    assert result.stdout == "Acme Logistics: deleted the delivery " + result.stdout.split("delivery ", 1)[1]
    assert "Freight benchmark" in result.stdout
    store, cid, history = stored(acme)
    assert [d.summary for d in history.deliveries] == ["Pooling [b]idea[/b]", "Invoice fix"]
    assert not any(c.column == "steward" for c in history.cards)
    assert store.entry(cid).facts.to_dict() == build_facts(*history).to_dict()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["edit", "acme", "9", "--kind", "idea"], "no delivery matches '9' for Acme Logistics"),
        (["edit", "acme", "1"], "say what to change"),
        (["edit", "acme", "1", "--kind", "gift"], "unknown kind 'gift'"),
        (["edit", "acme", "1", "--on", "tomorrow"], "future"),
        (["edit", "acme", "1", "--summary", "  "], "summary can't be empty"),
        (["edit", "acme", "o", "--kind", "idea"], "matches 2 deliveries"),
        (["delete", "nobody", "1"], "no client matches 'nobody'"),
        (["edit", "acme", "1", "--told", "--untold"], "not allowed with argument"),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(acme: Path, args: list[str], said: str) -> None:
    before = stored(acme)[2]
    assert said in one_line_error(coach("delivery", *args, data=acme), 2)
    assert stored(acme)[2] == before
