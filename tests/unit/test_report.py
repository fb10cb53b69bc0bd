"""The stewardship report: exact text for a small board, the period, grouping, safety of user text."""

from __future__ import annotations

from datetime import date

import pytest

from coach_tui.coaching.report import build_report, default_filename, describe_period, parse_since
from coach_tui.domain.errors import InputError
from coach_tui.services import Board, Coach

TODAY = date(2026, 11, 25)
SINCE = date(2026, 8, 27)  # 90 days back


@pytest.fixture
def board(coach: Coach) -> Board:
    """Acme Logistics with two needs, value-adds told and untold, service work, one piece of
    board work moved to Steward, one delivery before the period and a summary full of markup."""
    acme = coach.clients.add("Acme Logistics", cadence="2w", added=date(2026, 1, 5))
    log = coach.deliveries.log
    log(acme.id, "Old industry news", kind="industry", on=date(2026, 5, 1), told=True)  # before the period
    log(acme.id, "CSRD guide for transport", kind="strategy", on=date(2026, 9, 15), need="CSRD reporting", told=True)
    log(acme.id, "Routing workshop", kind="thinking", on=date(2026, 10, 2), need="lower freight cost")
    log(acme.id, "Monthly report", kind="service", on=date(2026, 11, 1), told=True)
    log(acme.id, "Saved [b]10%[/b]\n# not a heading", kind="idea", on=date(2026, 11, 10))
    log(acme.id, "Shared freight benchmark", kind="idea", on=date(2026, 11, 20), need="lower freight cost")
    coach.boards.add_card(acme.id, "deliver", "Warehouse audit")
    audit = coach.boards.find_card(acme.id, "Warehouse audit")
    coach.boards.move_card(acme.id, audit.id, 1)  # reaches Steward today, with no delivery logged
    return coach.boards.read(acme.id)


EXPECTED_MD = """\
# What we did for Acme Logistics

Here is a short summary of the work we delivered for you between 27 Aug and 25 Nov 2026, grouped by the need each piece answered.

## CSRD reporting

- 15 Sep 2026 · Strategic concept: CSRD guide for transport

## lower freight cost

- 2 Oct 2026 · New way of thinking: Routing workshop
- 20 Nov 2026 · New idea: Shared freight benchmark

## Other

- 1 Nov 2026 · Service: Monthly report
- 10 Nov 2026 · New idea: Saved [b]10%[/b] # not a heading
- 25 Nov 2026 · Delivered work: Warehouse audit

I would be glad to talk any of it through, and to hear what would help you most next.
"""

EXPECTED_TXT = """\
What we did for Acme Logistics

Here is a short summary of the work we delivered for you between 27 Aug and 25 Nov 2026, grouped by the need each piece answered.

CSRD reporting
- 15 Sep 2026 · Strategic concept: CSRD guide for transport

lower freight cost
- 2 Oct 2026 · New way of thinking: Routing workshop
- 20 Nov 2026 · New idea: Shared freight benchmark

Other
- 1 Nov 2026 · Service: Monthly report
- 10 Nov 2026 · New idea: Saved [b]10%[/b] # not a heading
- 25 Nov 2026 · Delivered work: Warehouse audit

I would be glad to talk any of it through, and to hear what would help you most next.
"""


def test_markdown_report_exact(board: Board) -> None:
    report = build_report(board.history, SINCE, TODAY, "md")
    assert report.text == EXPECTED_MD
    assert report.items == 6


def test_plain_text_report_exact(board: Board) -> None:
    assert build_report(board.history, SINCE, TODAY, "txt").text == EXPECTED_TXT


def test_steward_cards_are_the_open_ones_behind_the_items(board: Board) -> None:
    report = build_report(board.history, SINCE, TODAY)
    steward = {c.id: c.title for c in board.columns["steward"]}
    # Untold: the workshop, the markup idea, the benchmark, and the board's audit card.
    assert sorted(steward[i] for i in report.steward_card_ids) == sorted(
        ["Routing workshop", "Saved [b]10%[/b]\n# not a heading", "Shared freight benchmark", "Warehouse audit"]
    )
    # A shorter period leaves the older cards out.
    recent = build_report(board.history, date(2026, 11, 15), TODAY)
    assert sorted(steward[i] for i in recent.steward_card_ids) == ["Shared freight benchmark", "Warehouse audit"]


def test_told_cards_stay_in_the_report_but_not_in_the_cards_to_tell(coach: Coach, board: Board) -> None:
    first = build_report(board.history, SINCE, TODAY)
    for card_id in first.steward_card_ids:
        coach.boards.tell_card(board.client.id, card_id)
    again = build_report(coach.repo.read_client(board.client.id), SINCE, TODAY)
    assert again.steward_card_ids == ()
    assert again.text == first.text  # told work is still work the client can be reminded of


def test_no_user_text_starts_a_line(coach: Coach) -> None:
    client = coach.clients.add("Evil\x1b]0;title\x07 Corp")
    coach.deliveries.log(client.id, "line one\n## heading\n> quote\n- item\u202e", kind="idea", on=TODAY)
    text = build_report(coach.repo.read_client(client.id), SINCE, TODAY).text
    assert text.splitlines()[0] == "# What we did for Evil\\x1b]0;title\\x07 Corp"
    assert "- 25 Nov 2026 · New idea: line one ## heading > quote - item\\u202e" in text.splitlines()
    assert "\x1b" not in text and "\u202e" not in text
    # Every line is ours: a heading we wrote, a bullet, the opening or closing, or blank.
    for line in text.splitlines():
        assert line == "" or line.startswith(("# ", "## ", "- ", "Here is", "I would")), line


def test_empty_period(coach: Coach) -> None:
    client = coach.clients.add("Quiet Client")
    report = build_report(coach.repo.read_client(client.id), SINCE, TODAY, "txt")
    assert report.is_empty and report.steward_card_ids == ()
    assert report.text == (
        "What we did for Quiet Client\n\nNo delivered work is recorded for Quiet Client between 27 Aug and 25 Nov 2026.\n"
    )


def test_unknown_format(board: Board) -> None:
    with pytest.raises(InputError, match="use md or txt"):
        build_report(board.history, SINCE, TODAY, "html")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("90d", date(2026, 8, 27)),
        ("12w", date(2026, 9, 2)),
        ("3m", date(2026, 8, 25)),
        ("3M", date(2026, 8, 25)),
        ("2026-10-01", date(2026, 10, 1)),
        ("1 Oct 2026", date(2026, 10, 1)),
        ("yesterday", date(2026, 11, 24)),
    ],
)
def test_parse_since(typed: str, expected: date) -> None:
    assert parse_since(typed, TODAY) == expected


@pytest.mark.parametrize("typed", ["soon", "2027-01-01", "11/20", ""])
def test_parse_since_refuses(typed: str) -> None:
    with pytest.raises(InputError, match="--since"):
        parse_since(typed, TODAY)


def test_describe_period_spanning_years() -> None:
    assert describe_period(date(2025, 12, 1), date(2026, 2, 1)) == "between 1 Dec 2025 and 1 Feb 2026"
    assert describe_period(TODAY, TODAY) == "on 25 Nov 2026"


def test_default_filename() -> None:
    assert default_filename("Acme Logistics", TODAY) == "acme-logistics-stewardship-2026-11-25.md"
    assert default_filename("Orchard & Vine / Foods", TODAY, "txt") == "orchard-vine-foods-stewardship-2026-11-25.txt"
    assert default_filename("../..", TODAY) == "client-stewardship-2026-11-25.md"


def test_a_card_logged_as_a_delivery_is_listed_once(coach: Coach, board: Board) -> None:
    """Board work logged as a delivery from its Steward card is one thing: the delivery, under
    its kind and date, with the card as the Steward card its telling closes."""
    acme = board.client.id
    audit = coach.boards.find_card(acme, "Warehouse audit")
    logged = coach.deliveries.log_card(acme, audit.id, "Audited the Gdańsk warehouse", kind="industry", on=date(2026, 11, 23))
    report = build_report(coach.boards.read(acme).history, SINCE, TODAY, "txt")
    assert "- 23 Nov 2026 · Industry information: Audited the Gdańsk warehouse" in report.text
    assert "Warehouse audit" not in report.text and "Delivered work" not in report.text
    assert report.items == 6 and audit.id in report.steward_card_ids
    # A link to a delivery that is no longer recorded leaves the card listed as board work.
    with coach.repo.transaction() as txn:  # the delivery alone removed, the card still linked
        txn.delete_delivery(acme, logged.delivery.id)
    history = coach.boards.read(acme).history
    assert next(c for c in history.cards if c.id == audit.id).delivery_id == logged.delivery.id
    assert "- 25 Nov 2026 · Delivered work: Warehouse audit" in build_report(history, SINCE, TODAY, "txt").text
