"""Pilot tests of the board's master–detail and its one workflow with the rhythm of value.

- the detail pane follows the focus: the focused card's full title, column and age, need,
  owner and due date, notes and every move with its date;
- moving a card from Deliver into Steward offers to log it as a delivery: accepted, the
  client's last value-add moves to the delivery's date and the card and the delivery are one
  thing (the report lists it once; the card's age counts from the delivery); skipped, nothing
  is logged;
- a client archived from the shell closes its open board with a message.

Each flow asserts on what the store holds afterwards and on what the screen shows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from clikit import coach as shell
from textual.geometry import Region
from textual.widgets import Input, Select
from tuikit import board_app, settle, sync, type_text, until

from coach_tui.app import CoachApp
from coach_tui.coaching.report import build_report
from coach_tui.domain.errors import InputError
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.card_delivery import CardDeliveryScreen
from coach_tui.services import Coach
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.card_detail import CardDetail

NORTHWIND = "demo00"  # cards in every column; one Deliver card (demo00c005), answering a need
DELIVER_CARD = "demo00c005"  # "Emissions dashboard prototype for three lanes", owner Kim Park, due Dec 5
TODAY = date(2026, 11, 25)
WIDE = (120, 40)


def detail_text(app) -> str:
    return app.screen.query_one(CardDetail).text.plain


async def focus_card(pilot, card_id: str) -> None:
    pilot.app.screen.query_one(f"#card-{card_id}", BoardCard).focus()
    await settle(pilot)


def stored_card(coach: Coach, card_id: str):
    return next(c for c in coach.repo.read_client(NORTHWIND).cards if c.id == card_id)


# -- the detail pane ----------------------------------------------------------------------------


@sync
async def test_detail_pane_follows_the_focus(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(CardDetail)
        children = list(pane.children)
        # The first card, focused when the board opens: title, column and age, notes, history.
        text = detail_text(app)
        assert text.startswith("Freight costs up 18% on Baltic lanes")
        assert "Understand · 180 days in this column" in text
        assert "created May 29 in Understand" in text
        assert "CFO raised it at the Q3 review" in text

        await pilot.press("l", "l")  # Plan, then Deliver
        await settle(pilot)
        text = detail_text(app)
        card = stored_card(demo_coach, DELIVER_CARD)
        assert text.startswith(card.title)  # whole, where the tile cuts it
        assert "Deliver · 25 days in this column" in text
        assert "answers Needs CO2 reporting per shipment for CSRD" in text
        assert "owner Kim Park" in text and "due Dec 5" in text
        assert "created Oct 21 in Plan → Deliver Oct 31" in text

        # A move shows in the pane at once, dated today.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, CardDeliveryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert "→ Deliver Oct 31 → Steward today" in detail_text(app)
        assert "Steward · 0 days in this column" in detail_text(app)

        # The Deliver column is empty now: the pane says so when its slot has the focus.
        await pilot.press("h")
        await settle(pilot)
        assert "No card here" in detail_text(app)
        # All along, one pane updated in place: nothing mounted or removed.
        assert app.screen.query_one(CardDetail) is pane and list(pane.children) == children


@sync
async def test_the_pane_paints_each_card_moved_to_even_without_a_layout(demo_coach: Coach) -> None:
    """Two cards whose texts are as tall: the pane updates without a layout of the screen, and
    what it paints is still the focused card's (the title, then its column)."""
    demo_coach.boards.add_card(NORTHWIND, "plan", "Alpha lanes review")
    demo_coach.boards.add_card(NORTHWIND, "plan", "Bravo lanes review")
    cards = {c.title: c.id for c in demo_coach.repo.read_client(NORTHWIND).cards}
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = app.screen.query_one("#card-detail-text")

        def painted() -> list[str]:
            rows = text.render_lines(Region(0, 0, *text.region.size))
            return ["".join(segment.text for segment in row).strip() for row in rows]

        for title in ("Alpha lanes review", "Bravo lanes review", "Alpha lanes review"):
            await focus_card(pilot, cards[title])
            assert painted()[0] == title and detail_text(app).startswith(title)
            assert painted()[1].startswith("Plan · 0 days in this column")


@sync
async def test_cards_show_three_lines_of_title(demo_coach: Coach) -> None:
    title = "Map the lanes where consolidated loads would cut empty running in Q1"
    added = demo_coach.boards.add_card(NORTHWIND, "plan", title)
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        tile = app.screen.query_one(f"#card-{added.card_id}", BoardCard)
        lines = tile.render().plain.split("\n")
        assert len(lines) == 4 and " ".join(line.strip() for line in lines[:3]) == title  # whole, on three lines
        assert tile.region.height == 4  # as tall as the title needs, and the meta line
        # A short title takes one line, and its card is shorter.
        short = app.screen.query_one("#card-demo00c000", BoardCard)
        assert short.region.height < tile.region.height


# -- Deliver to Steward: the offer to log it ------------------------------------------------------


@sync
async def test_moving_into_steward_logs_a_linked_delivery(demo_coach: Coach) -> None:
    before = demo_coach.boards.read(NORTHWIND)
    assert before.view.cadence.last == date(2026, 10, 22)
    deliveries = len(before.history.deliveries)
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, DELIVER_CARD)
        await pilot.press("shift+right")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardDeliveryScreen)
        summary = form.query_one("#summary", Input)
        assert summary.value == stored_card(demo_coach, DELIVER_CARD).title  # prefilled
        # Pick the kind (New idea, then the next: New way of thinking), date it two days ago.
        assert form.focused is form.query_one("#kind", Select)
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert form.query_one("#kind", Select).value == "thinking"
        form.query_one("#date", Input).focus()
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "2d ago")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)

        board = demo_coach.boards.read(NORTHWIND)
        assert len(board.history.deliveries) == deliveries + 1
        delivery = max(board.history.deliveries, key=lambda d: d.logged)
        card = board.card(DELIVER_CARD)
        assert card is not None and card.column == "steward" and card.delivery_id == delivery.id
        assert (delivery.kind, delivery.on, delivery.told) == ("thinking", date(2026, 11, 23), False)
        assert delivery.need_id == card.need_id is not None
        assert delivery.summary == card.title
        # No second Steward card: the moved card is the delivery's.
        assert sum(1 for c in board.history.cards if c.delivery_id == delivery.id) == 1
        # The client's last value-add is the delivery's day.
        assert board.view.cadence.last == date(2026, 11, 23)
        assert board.view.cadence.status != "overdue"
        # The card's age counts from the delivery, in its tile and in the pane.
        tile = app.screen.query_one(f"#card-{DELIVER_CARD}", BoardCard)
        assert tile.age == 2 and tile.render().plain.split("\n")[-1].startswith("2d")
        assert "Steward · 2 days since it was delivered" in detail_text(app)
        assert "delivered Nov 23 · New way of thinking · not told yet" in detail_text(app)

    # The report lists it once, as the delivery.
    report = build_report(board.history, date(2026, 11, 1), TODAY)
    assert report.text.count(card.title) == 1
    assert card.id in report.steward_card_ids
    # Telling the card marks its delivery told.
    demo_coach.boards.tell_card(NORTHWIND, card.id)
    assert next(d for d in demo_coach.repo.read_client(NORTHWIND).deliveries if d.id == delivery.id).told


@sync
async def test_skipping_the_offer_logs_nothing(demo_coach: Coach) -> None:
    deliveries = len(demo_coach.repo.read_client(NORTHWIND).deliveries)
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, DELIVER_CARD)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, CardDeliveryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        card = stored_card(demo_coach, DELIVER_CARD)
        assert card.column == "steward" and card.delivery_id is None
        assert len(demo_coach.repo.read_client(NORTHWIND).deliveries) == deliveries
        assert demo_coach.boards.read(NORTHWIND).view.cadence.last == date(2026, 10, 22)
        # Back to Deliver and on again: the offer comes again; Plan to Deliver never offers.
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, CardDeliveryScreen)


def test_a_card_is_logged_once(demo_coach: Coach) -> None:
    """The use case refuses a card that is not an open Steward card, or one already logged."""
    with pytest.raises(InputError, match="only an open Steward card"):
        demo_coach.deliveries.log_card(NORTHWIND, DELIVER_CARD, "x")
    demo_coach.boards.move_card(NORTHWIND, DELIVER_CARD, 1)
    logged = demo_coach.deliveries.log_card(NORTHWIND, DELIVER_CARD, "Shipped the prototype", kind="idea")
    assert logged.steward_card is not None and logged.steward_card.delivery_id == logged.delivery.id
    with pytest.raises(InputError, match="already logged"):
        demo_coach.deliveries.log_card(NORTHWIND, DELIVER_CARD, "again")
    # Undone, the delivery goes and the card is unlinked.
    demo_coach.journal.undo()
    history = demo_coach.repo.read_client(NORTHWIND)
    assert logged.delivery.id not in {d.id for d in history.deliveries}
    assert stored_card(demo_coach, DELIVER_CARD).delivery_id is None


# -- archived elsewhere ---------------------------------------------------------------------------


@sync
async def test_board_closes_when_its_client_is_archived_from_the_shell(demo_coach: Coach, data_dir: Path) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    said: list[str] = []
    notify = app.notify

    def recording(message: str, **kw) -> None:
        said.append(str(message))
        notify(message, **kw)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.open_board(NORTHWIND)
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        shell("client", "archive", "Northwind", data=data_dir, check=True)
        await until(lambda: not isinstance(app.screen, BoardScreen))
        await settle(pilot)
        assert "Northwind Freight Partners was archived elsewhere" in said
        assert demo_coach.portfolio.find_client("Northwind", include_archived=True).archived


def test_value_add_summaries_go_on_under_themselves_where_there_is_room(demo_coach: Coach) -> None:
    from coach_tui.widgets.side_panel import RECENT
    from coach_tui.widgets.value_add_list import value_add_lines

    values = demo_coach.boards.read(NORTHWIND).value_adds()[:RECENT]
    narrow = [line for lines in value_add_lines(values, TODAY, 40) for line in lines]  # 80 columns: one line each
    assert len(narrow) == len(values) and all(line.cell_length <= 40 for line in narrow)
    wide = [line for lines in value_add_lines(values, TODAY, 46) for line in lines]  # the panel at 200 columns
    assert len(wide) > len(values)
    assert all(line.cell_length <= 46 for line in wide)
    joined = " ".join(" ".join(line.plain.split()) for line in wide)
    assert all(" ".join(v.summary.split()) in joined for v in values if len(v.summary) < 60)


def test_a_long_history_lists_its_latest_moves_and_counts_the_rest(demo_coach: Coach) -> None:
    """A card moved back and forth for months: the pane lists its last moves and says how many
    came before (the timeline has them all), so its text does not grow with every move."""
    from coach_tui.widgets.card_detail import MOVES_SHOWN, history_line

    for n in range(MOVES_SHOWN + 5):
        demo_coach.boards.move_card(NORTHWIND, DELIVER_CARD, 1 if n % 2 == 0 else -1)
    card = demo_coach.boards.read(NORTHWIND).card(DELIVER_CARD)
    assert card is not None
    shown = history_line(card, TODAY).plain
    moved = len(card.moves) - 1  # the first is its creation
    assert f"… {moved - MOVES_SHOWN} earlier moves (T: the timeline)" in shown
    assert shown.count("→") == MOVES_SHOWN
    assert shown.startswith("created ")
