"""`coach search` and client names typed without accents, run as a real process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clikit import coach, one_line_error


@pytest.fixture
def shop(data_dir: Path) -> Path:
    coach("client", "add", "Müller Präzision GmbH", "--tier", "A", data=data_dir, check=True)
    coach("client", "add", "Northwind Freight", "--tier", "B", data=data_dir, check=True)
    coach("client", "add", "Globex", "--tier", "A", data=data_dir, check=True)
    coach("card", "add", "globex", "Freight audit", "--column", "plan", "--notes", "Baltic lanes, Q1", data=data_dir, check=True)
    coach("log", "northwind", "Peer benchmark of pallet costs", "--date", "40d ago", "--told", data=data_dir, check=True)
    return data_dir


def test_search_finds_any_text_one_line_each(shop: Path) -> None:
    lines = coach("search", "FREIGHT", data=shop, check=True).stdout.splitlines()
    # In the review's order: Northwind is overdue, Globex new.
    assert lines == ["Northwind Freight · name · Northwind Freight", "Globex · card 'Freight audit' · Freight audit"]
    assert (
        coach("search", "baltic", data=shop, check=True).stdout == "Globex · notes of card 'Freight audit' · Baltic lanes, Q1\n"
    )
    assert coach("search", "pallet", data=shop, check=True).stdout.startswith("Northwind Freight · delivery of ")
    assert coach("search", "prazision", data=shop, check=True).stdout == "Müller Präzision GmbH · name · Müller Präzision GmbH\n"
    assert coach("search", "zeppelin", data=shop, check=True).stdout == "no active client matches 'zeppelin'\n"


def test_search_tokens_and_json(shop: Path) -> None:
    # Northwind's last value-add was 40 days ago on a two-week cadence; the others are new.
    assert coach("search", "status:overdue", data=shop, check=True).stdout.startswith("Northwind Freight · overdue ")
    found = json.loads(coach("search", "tier:a", "status:new", "--json", data=shop, check=True).stdout)
    assert sorted(f["client"] for f in found) == ["Globex", "Müller Präzision GmbH"]
    assert all(f["matched"] is None and f["status"] == "new" and f["tier"] == "A" for f in found)
    found = json.loads(coach("search", "baltic lanes", "tier:A", "--json", data=shop, check=True).stdout)
    assert found == [
        {
            "client": "Globex",
            "client_id": found[0]["client_id"],
            "status": "new",
            "tier": "A",
            "matched": "notes of card 'Freight audit'",
            "where": "notes",
            "label": "Freight audit",
            "text": "Baltic lanes, Q1",
        }
    ]
    assert json.loads(coach("search", "freight", "tier:C", "--json", data=shop, check=True).stdout) == []


def test_a_quoted_phrase_stays_a_phrase(shop: Path) -> None:
    assert coach("search", "baltic lanes", data=shop, check=True).stdout.startswith("Globex")
    assert "no active client" in coach("search", "lanes baltic", data=shop, check=True).stdout
    assert "Globex" in coach("search", "lanes", "baltic", data=shop, check=True).stdout  # two words: each anywhere


def test_a_bad_token_is_one_line(shop: Path) -> None:
    error = one_line_error(coach("search", "status:late", data=shop), 2)
    assert "unknown status 'late': use overdue, due, ok, new or archived" in error
    error = one_line_error(coach("search", "tier:Z", data=shop), 2)
    assert "unknown tier 'Z': use A, B or C" in error
    one_line_error(coach("search", data=shop), 2)  # no text at all: usage


def test_client_names_without_accents_in_every_command(shop: Path) -> None:
    logged = coach("log", "muller", "Sent a spindle benchmark", "--told", data=shop)
    assert logged.returncode == 0, logged.stderr
    assert "for Müller Präzision GmbH" in logged.stdout
    edited = coach("client", "edit", "MULLER PRAZ", "--tier", "C", data=shop)
    assert edited.returncode == 0, edited.stderr
    listed = json.loads(coach("client", "list", "--json", data=shop, check=True).stdout)
    assert next(c for c in listed if c["name"] == "Müller Präzision GmbH")["tier"] == "C"
    added = coach("card", "add", "präzision", "Spindle pilot", data=shop)
    assert added.returncode == 0, added.stderr
    cards = json.loads(coach("card", "list", "muller", "--json", data=shop, check=True).stdout)
    assert any(c["title"] == "Spindle pilot" for column in cards.values() for c in column)


def test_status_archived_finds_the_archived_clients_and_nothing_else_does(shop: Path) -> None:
    coach("client", "archive", "northwind", data=shop, check=True)
    # Archived, Northwind is out of every search ...
    assert coach("search", "FREIGHT", data=shop, check=True).stdout == "Globex · card 'Freight audit' · Freight audit\n"
    assert "Northwind" not in coach("search", "status:overdue", data=shop, check=True).stdout
    # ... but the one that asks for the archived clients.
    found = json.loads(coach("search", "status:archived", "--json", data=shop, check=True).stdout)
    assert [(f["client"], f["status"], f["matched"]) for f in found] == [("Northwind Freight", "archived", None)]
    found = json.loads(coach("search", "pallet", "status:archived", "--json", data=shop, check=True).stdout)
    assert [(f["client"], f["where"]) for f in found] == [("Northwind Freight", "delivery")]
    assert coach("search", "status:archived", data=shop, check=True).stdout == "Northwind Freight · archived · tier B\n"
    lines = coach("search", "freight", "status:new,archived", data=shop, check=True).stdout.splitlines()
    assert [line.split(" · ")[0] for line in lines] == ["Globex", "Northwind Freight"]  # the active first
    assert coach("search", "zeppelin", "status:archived", data=shop, check=True).stdout == (
        "no client matches 'zeppelin status:archived'\n"
    )
