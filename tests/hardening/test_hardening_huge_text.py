"""A huge text field (a file edited by hand, another tool's import: the store takes any length
of text) is shown cut, with its size, never laid out whole: a 100 MB summary once made the
board take seconds, peak over a gigabyte and leave half the screen undrawn."""

from __future__ import annotations

from datetime import date, datetime

from tuikit import settle, sync

from coach_tui.app import CoachApp
from coach_tui.domain.models import Card, CardMove, Delivery
from coach_tui.screens.board import BoardScreen
from coach_tui.services import Coach
from coach_tui.textsafe import DISPLAY_LIMIT, clipped, visible
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.client_table import ClientTable

HUGE = 5_000_000  # characters
SIZE = (120, 40)


def test_visible_cuts_huge_text_and_says_how_big_it_was() -> None:
    text = "ab\x1b" * (HUGE // 3)
    shown = visible(text)
    assert len(shown) < DISPLAY_LIMIT * 4 + 100  # every kept character at most a 4-character escape
    assert shown.endswith(f"… [cut: {len(text):,} characters in all]")
    assert "\x1b" not in shown
    assert visible("short") == "short" and clipped("x" * DISPLAY_LIMIT) == "x" * DISPLAY_LIMIT


@sync
async def test_a_huge_summary_title_notes_and_name_are_shown_cut(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    moment = datetime(2026, 11, 20, 10, 0)
    summary = "word " * (HUGE // 5)
    with coach.repo.transaction() as txn:
        client = txn.history(acme.id).client
        client.name = "Acme " + "n" * 1_000_000
        txn.put_client(client)
        txn.put_delivery(Delivery("d1", acme.id, date(2026, 11, 20), "idea", summary, moment))
        steward = Card("c1", acme.id, "steward", summary, moment, notes=summary, delivery_id="d1")
        steward.moves.append(CardMove(moment, None, "steward"))
        txn.put_card(steward)

    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        [name] = app.dashboard.query_one(ClientTable).row_texts(acme.id)[:1]
        assert len(name) < 200  # cut to its column
        app.open_board(acme.id)
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        card = app.screen.query_one(BoardCard)
        await pilot.hover(card)  # the full title, the need and the notes, as a tooltip
        await settle(pilot)
        text = str(card.tooltip)
        assert f"cut: {len(summary):,} characters in all" in text  # the title
        assert text.count(" characters in all]") == 2  # and the notes (as shown: trimmed)
        assert len(text) < 3 * DISPLAY_LIMIT + 500
        panel = str(app.screen.query_one("#value-adds").render())
        assert f"cut: {len(summary):,} characters in all" in panel
        assert len(panel) < DISPLAY_LIMIT + 500
