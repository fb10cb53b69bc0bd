"""Pilot tests of a client's board: keys in, stored data and screen out.

Every flow asserts on what the store holds afterwards (`coach.repo.read_client`) and on what
the screen shows. The board is opened in a tiny app that only pushes `BoardScreen`, so these
tests do not depend on the dashboard.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Select, TextArea
from tuikit import OneScreenApp, board_app, recording_toasts, settle, sync, toasts

import coach_tui.screens.board as board_module
from coach_tui.domain.models import COLUMNS, STUCK_DAYS
from coach_tui.messages import DataChanged
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.card_delivery import CardDeliveryScreen
from coach_tui.screens.card_form import CardFormScreen
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.evidence import EvidenceScreen
from coach_tui.services import Coach
from coach_tui.widgets.card import TITLE_LINES, BoardCard, clip, title_lines
from coach_tui.widgets.card_detail import CardDetail
from coach_tui.widgets.pillar_bars import PillarBars
from coach_tui.widgets.side_panel import SidePanel, weekly_counts

NORTHWIND = "demo00"  # cards in every column, one stuck in Plan, two untold Steward cards
WIDE = (120, 40)


def stored(coach: Coach, client_id: str, card_id: str):
    return next(c for c in coach.repo.read_client(client_id).cards if c.id == card_id)


def focused_id(app: App) -> str | None:
    focused = app.screen.focused
    return focused.card_id if isinstance(focused, BoardCard) else None


def board_of(app: App) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen)
    return screen


def column_ids(app: App, column: str) -> list[str]:
    scroll = app.screen.query_one(f"#col-{column}")
    return [w.card_id for w in scroll.children if isinstance(w, BoardCard)]


async def focus_card(pilot, card_id: str) -> None:
    pilot.app.screen.query_one(f"#card-{card_id}", BoardCard).focus()
    await settle(pilot)


# -- opening --------------------------------------------------------------------------------


@sync
async def test_board_shows_columns_counts_and_markers(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = board_of(app)
        board = demo_coach.boards.read(NORTHWIND)
        for column in COLUMNS:
            scroll = screen.query_one(f"#col-{column}")
            assert f"{len(board.columns[column])}" in str(scroll.border_title)
            assert column_ids(app, column) == [c.id for c in board.columns[column]]
        # The Plan card over STUCK_DAYS in its column is flagged, and only it.
        stuck = [w.card_id for w in screen.query(".card.stuck")]
        assert stuck == ["demo00c003"]
        assert (date(2026, 11, 25) - stored(demo_coach, NORTHWIND, "demo00c003").entered.date()).days > STUCK_DAYS
        assert "1 stuck" in str(screen.query_one("#col-plan").border_subtitle)
        plain = screen.query_one("#card-demo00c003", BoardCard).render().plain
        assert "STUCK" in plain and "95d" in plain
        # Both Steward cards have waited over 14 days to be told.
        assert {w.card_id for w in screen.query(".card.untold")} == {"demo00s013", "demo00c006"}
        # A card answering a need carries the link marker; one that does not, none.
        assert "↳" in screen.query_one("#card-demo00c004", BoardCard).render().plain
        assert "↳" not in screen.query_one("#card-demo00c000", BoardCard).render().plain
        # The focus starts on the first card.
        assert focused_id(app) == "demo00c000"
        # The side panel: status, pillar bars with the weakest marked, the tip.
        panel = screen.query_one(SidePanel)
        assert "OVERDUE 20D" in str(panel.query_one("#cadence").render())
        bars = panel.query_one(PillarBars)
        assert bars.weakest == "value"  # Northwind is 20 days overdue
        assert "▼ Value" in bars.render().plain
        assert panel.query_one("#tip").display


@sync
async def test_arrows_and_hjkl_move_the_focus(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert focused_id(app) == "demo00c001"
        await pilot.press("l")  # row 1 of Plan
        await settle(pilot)
        assert focused_id(app) == "demo00c004"
        await pilot.press("right")  # Deliver has one card: the row is clamped
        await settle(pilot)
        assert focused_id(app) == "demo00c005"
        await pilot.press("right", "down")
        await settle(pilot)
        assert focused_id(app) == "demo00c006"
        await pilot.press("k")
        await settle(pilot)
        assert focused_id(app) == "demo00s013"
        await pilot.press("right")  # no column past Steward
        await settle(pilot)
        assert focused_id(app) == "demo00s013"
        await pilot.press("h", "h", "up")
        await settle(pilot)
        assert focused_id(app) == "demo00c003"


# -- moving ---------------------------------------------------------------------------------


@sync
async def test_move_forward_and_back_is_timestamped_and_keeps_focus(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c004")
        moves_before = len(stored(demo_coach, NORTHWIND, "demo00c004").moves)

        await pilot.press("right_square_bracket")
        await settle(pilot)
        card = stored(demo_coach, NORTHWIND, "demo00c004")
        assert card.column == "deliver"
        assert len(card.moves) == moves_before + 1
        last = card.moves[-1]
        assert (last.from_column, last.to_column) == ("plan", "deliver")
        assert last.at.date() == date(2026, 11, 25)
        assert focused_id(app) == "demo00c004"
        assert "demo00c004" in column_ids(app, "deliver")
        assert "Deliver [dim]2" in str(app.screen.query_one("#col-deliver").border_title)

        await pilot.press("shift+left")
        await settle(pilot)
        card = stored(demo_coach, NORTHWIND, "demo00c004")
        assert card.column == "plan"
        assert [(m.from_column, m.to_column) for m in card.moves[-2:]] == [("plan", "deliver"), ("deliver", "plan")]
        assert card.moves[-1].at >= card.moves[-2].at
        assert focused_id(app) == "demo00c004"
        assert "demo00c004" in column_ids(app, "plan")


@sync
async def test_moving_past_the_last_column_is_refused(demo_coach: Coach) -> None:
    app = recording_toasts(board_app(demo_coach, NORTHWIND))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c006")
        await pilot.press("]")
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c006").column == "steward"
        assert any("last column" in t for t in toasts(app))
        assert focused_id(app) == "demo00c006"
        assert demo_coach.journal.recent() == ([], [])  # nothing changed: nothing to undo


# -- adding and editing ---------------------------------------------------------------------


@sync
async def test_add_a_card_in_the_focused_column_with_a_need(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c005")  # Deliver
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardFormScreen)
        assert form.column == "deliver"
        await pilot.press(*"Lane cost model")
        await settle(pilot)
        form.query_one("#notes", TextArea).insert("line one\nline two")
        form.query_one("#need", Select).value = "demo00c000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)

        history = demo_coach.repo.read_client(NORTHWIND)
        new = [c for c in history.cards if c.title == "Lane cost model"]
        assert len(new) == 1
        card = new[0]
        assert (card.column, card.notes, card.need_id) == ("deliver", "line one\nline two", "demo00c000")
        assert focused_id(app) == card.id
        assert column_ids(app, "deliver")[-1] == card.id


@sync
async def test_add_in_an_empty_column(demo_coach: Coach) -> None:
    app = board_app(demo_coach, "demo11")  # one Understand card, nothing else
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("l", "l")  # onto the empty Deliver slot
        await settle(pilot)
        assert "empty-slot" in app.screen.focused.classes
        await pilot.press("a")
        await settle(pilot)
        assert app.screen.column == "deliver"
        await pilot.press(*"Quarterly review pack", "enter")
        await settle(pilot)
        cards = [c for c in demo_coach.repo.read_client("demo11").cards if c.column == "deliver"]
        assert [c.title for c in cards] == ["Quarterly review pack"]
        assert focused_id(app) == cards[0].id


@sync
async def test_form_validation_keeps_what_was_typed(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = len(demo_coach.repo.read_client(NORTHWIND).cards)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        form.query_one("#notes", TextArea).insert("keep me")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open
        error = form.query_one("#title-error")
        assert error.display and "can't be empty" in error.message
        assert form.query_one("#notes", TextArea).text == "keep me"
        assert form.focused is form.query_one("#title", Input)
        await pilot.press(*"   ")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#title", Input).value == "   "
        assert len(demo_coach.repo.read_client(NORTHWIND).cards) == before


@sync
async def test_cancel_asks_before_discarding(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = len(demo_coach.repo.read_client(NORTHWIND).cards)
        await pilot.press("a", *"half a thought", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CardFormScreen)
        assert app.screen.query_one("#title", Input).value == "half a thought"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert len(demo_coach.repo.read_client(NORTHWIND).cards) == before
        # Nothing typed: escape closes at once.
        await pilot.press("a", "escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


@sync
async def test_edit_the_focused_card(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c004")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardFormScreen)
        title = form.query_one("#title", Input)
        assert title.value == "Pilot digital customs pre-filing with their broker"
        assert form.query_one("#need", Select).value == "demo00c001"
        title.value = "Pilot pre-filing with Baltic Brokers"
        form.query_one("#need", Select).value = "-"
        await pilot.press("ctrl+s")
        await settle(pilot)
        card = stored(demo_coach, NORTHWIND, "demo00c004")
        assert card.title == "Pilot pre-filing with Baltic Brokers"
        assert card.need_id is None
        assert card.updated is not None
        assert focused_id(app) == "demo00c004"
        shown = app.screen.query_one("#card-demo00c004", BoardCard).render().plain
        assert "Pilot pre-filing" in shown.replace("\n", " ")


@sync
async def test_understand_cards_have_no_need_field(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # enter on a card edits it too
        await settle(pilot)
        assert isinstance(app.screen, CardFormScreen)
        assert not app.screen.query("#need")


# -- deleting and telling -------------------------------------------------------------------


@sync
async def test_delete_asks_first(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c001")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c001")
        assert focused_id(app) == "demo00c001"

        await pilot.press("x", "y")
        await settle(pilot)
        assert all(c.id != "demo00c001" for c in demo_coach.repo.read_client(NORTHWIND).cards)
        assert "demo00c001" not in column_ids(app, "understand")
        # The focus falls to the card that took its place.
        assert focused_id(app) == "demo00c002"


@sync
async def test_tell_a_steward_card(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00s013")
        await pilot.press("t")
        await settle(pilot)
        history = demo_coach.repo.read_client(NORTHWIND)
        card = next(c for c in history.cards if c.id == "demo00s013")
        assert card.closed is not None and card.closed.date() == date(2026, 11, 25)
        delivery = next(d for d in history.deliveries if d.id == card.delivery_id)
        assert delivery.told
        assert column_ids(app, "steward") == ["demo00c006"]
        assert "Steward [dim]1" in str(app.screen.query_one("#col-steward").border_title)
        assert focused_id(app) == "demo00c006"


@sync
async def test_told_only_applies_to_steward_cards(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c005")
        await pilot.press("t")
        await settle(pilot)
        card = stored(demo_coach, NORTHWIND, "demo00c005")
        assert card.closed is None and card.column == "deliver"
        assert demo_coach.journal.recent() == ([], [])  # nothing changed: nothing to undo


# -- undo and redo --------------------------------------------------------------------------


@sync
async def test_undo_and_redo_a_stack_of_changes(demo_coach: Coach) -> None:
    app = recording_toasts(board_app(demo_coach, NORTHWIND))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c003")
        await pilot.press("]", "]")  # Plan -> Deliver -> Steward
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c003").column == "steward"
        assert isinstance(app.screen, CardDeliveryScreen)  # the offer to log it: skipped
        await pilot.press("escape")
        await settle(pilot)
        await focus_card(pilot, "demo00c006")
        await pilot.press("t")
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c006").closed is not None

        await pilot.press("u")
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c006").closed is None
        assert "demo00c006" in column_ids(app, "steward")
        assert focused_id(app) == "demo00c006"
        assert any("Undid: told the client" in t for t in toasts(app))

        await pilot.press("u", "u")
        await settle(pilot)
        card = stored(demo_coach, NORTHWIND, "demo00c003")
        assert card.column == "plan"
        assert focused_id(app) == "demo00c003"

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c003").column == "deliver"
        assert any("Redid: moved" in t for t in toasts(app))
        assert focused_id(app) == "demo00c003"

        # A new change forgets what could be redone.
        await pilot.press("[")
        await settle(pilot)
        assert demo_coach.journal.recent()[1] == []
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c003").column == "plan"


@sync
async def test_undo_a_delete_brings_the_card_back(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        original = stored(demo_coach, NORTHWIND, "demo00c005")
        await focus_card(pilot, "demo00c005")
        await pilot.press("x", "y")
        await settle(pilot)
        assert column_ids(app, "deliver") == []
        await pilot.press("u")
        await settle(pilot)
        assert stored(demo_coach, NORTHWIND, "demo00c005") == original
        assert focused_id(app) == "demo00c005"


# -- logging a delivery ---------------------------------------------------------------------


@sync
async def test_log_a_delivery_from_the_board(demo_coach: Coach) -> None:
    from coach_tui.screens.log_delivery import LogDeliveryScreen

    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = len(demo_coach.repo.read_client(NORTHWIND).deliveries)
        await pilot.press("L")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogDeliveryScreen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        form.query_one("#summary", Input).value = "Baltic rate benchmark"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)

        history = demo_coach.repo.read_client(NORTHWIND)
        assert len(history.deliveries) == before + 1
        delivery = next(d for d in history.deliveries if d.summary == "Baltic rate benchmark")
        steward = next(c for c in history.cards if c.delivery_id == delivery.id)
        assert steward.column == "steward" and steward.is_open
        assert steward.id in column_ids(app, "steward")
        assert focused_id(app) == steward.id
        # The panel moved on too: a value-add today resets the cadence.
        assert "ON TRACK" in str(app.screen.query_one("#cadence").render())
        # And the whole delivery can be undone from the board.
        await pilot.press("u")
        await settle(pilot)
        history = demo_coach.repo.read_client(NORTHWIND)
        assert len(history.deliveries) == before
        assert all(c.id != steward.id for c in history.cards)


# -- side panel and evidence ----------------------------------------------------------------


@sync
async def test_enter_on_a_pillar_shows_its_evidence(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        await settle(pilot)
        bars = app.screen.query_one(PillarBars)
        assert app.screen.focused is bars
        await pilot.press("down", "down", "j")
        await settle(pilot)
        assert bars.pillar == "tactics"
        await pilot.press("enter")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, EvidenceScreen)
        score = demo_coach.boards.read(NORTHWIND).view.scores["tactics"]
        shown = modal.query_one("#evidence-lines").render().plain
        for line in score.evidence:
            assert line in shown
        assert f"{score.score}" in modal.query_one("#evidence-score").render().plain
        assert "weakest" in modal.query_one("#evidence-score").render().plain
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        assert app.screen.focused is bars
        # Tab goes back to the card that had the focus.
        await pilot.press("tab")
        await settle(pilot)
        assert focused_id(app) == "demo00c000"


@sync
async def test_narrow_screen_swaps_board_and_panel(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = board_of(app)
        panel = screen.query_one(SidePanel)
        assert not panel.display and screen.query_one("#board").display
        await pilot.press("tab")
        await settle(pilot)
        assert panel.display and not screen.query_one("#board").display
        assert not screen.query_one(CardDetail).region  # the detail pane goes with the cards
        await pilot.press("tab")
        await settle(pilot)
        assert not panel.display and screen.query_one("#board").display
        assert focused_id(app) == "demo00c000"


@sync
async def test_middling_screen_collapses_the_panel_until_tab(demo_coach: Coach) -> None:
    """120 columns: the panel is collapsed so the columns get the width, the detail pane sits
    under them; tab shows the panel beside the columns (focus on the pillars), tab again hides it."""
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = board_of(app)
        panel, columns, detail = screen.query_one(SidePanel), screen.query_one("#board"), screen.query_one(CardDetail)
        assert not panel.display
        assert columns.region.width == 120  # the whole width
        assert detail.region.y >= columns.region.bottom  # below the columns
        await pilot.press("tab")
        await settle(pilot)
        assert panel.display and columns.display
        assert isinstance(app.screen.focused, PillarBars)
        assert columns.region.right <= panel.region.x
        await pilot.press("tab")
        await settle(pilot)
        assert not panel.display
        assert focused_id(app) == "demo00c000"


@sync
async def test_wide_screen_sets_detail_and_panel_beside_the_columns(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        screen = board_of(app)
        panel, columns, detail = screen.query_one(SidePanel), screen.query_one("#board"), screen.query_one(CardDetail)
        assert panel.display
        assert columns.region.right <= detail.region.x < panel.region.x
        assert detail.region.height == columns.region.height
        # The last value-adds use the panel's width: a long summary goes on under itself.
        shown = screen.query_one("#value-adds").render().plain
        assert "Oct 22 industry Sent an annotated CSRD guide on scope 3 transport reporting" in " ".join(shown.split())
        assert "…" not in shown  # nothing cut where the panel has room


def test_weekly_counts_put_value_adds_in_their_week(demo_coach: Coach) -> None:
    board = demo_coach.boards.read(NORTHWIND)
    counts = weekly_counts(board.value_adds(), date(2026, 11, 25))
    assert len(counts) == 12
    recent = [d for d in board.value_adds() if d.on >= date(2026, 9, 7)]  # Monday 11 weeks back
    assert sum(counts) == len(recent)


# -- refresh --------------------------------------------------------------------------------


@sync
async def test_data_changed_reloads_and_keeps_the_focus(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await focus_card(pilot, "demo00c004")
        # Another process moves a card and adds one.
        demo_coach.boards.move_card(NORTHWIND, "demo00c003", 1)
        demo_coach.boards.add_card(NORTHWIND, "plan", "Written elsewhere")
        app.screen.post_message(DataChanged(NORTHWIND))
        await settle(pilot)
        await settle(pilot)
        assert "demo00c003" in column_ids(app, "deliver")
        titles = [w.card.title for w in app.screen.query(BoardCard)]
        assert "Written elsewhere" in titles
        assert focused_id(app) == "demo00c004"


@sync
async def test_escape_goes_back(demo_coach: Coach) -> None:
    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BoardScreen)


# -- hostile text ---------------------------------------------------------------------------

HOSTILE = ["[red]x[/]", "[@click=app.quit]y", "\x1b[2J"]


@pytest.mark.parametrize("title", HOSTILE)
@sync
async def test_hostile_titles_show_literally(coach: Coach, title: str) -> None:
    client = coach.clients.add(f"{title} client")
    coach.boards.add_card(client.id, "plan", title, notes=title)
    coach.deliveries.log(client.id, title, kind="idea")
    app = board_app(coach, client.id)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shown = title.replace("\x1b", "\\x1b")
        plan_card = app.screen.query_one("#col-plan").query_one(BoardCard)
        assert plan_card.render().plain.replace("\n", "").startswith(shown)
        assert shown in app.screen.query_one("#board-client").render().plain
        assert shown in app.screen.query_one("#value-adds").render().plain
        await focus_card(pilot, plan_card.card_id)
        detail = app.screen.query_one(CardDetail).text.plain
        assert detail.startswith(shown) and detail.count(shown) == 2  # the title and the notes, literally
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#title", Input).value == title
        await pilot.press("escape")
        await settle(pilot)
        await pilot.hover(plan_card)
        await settle(pilot)
        # The tooltip holds the whole title and the notes, literally too.
        assert plan_card.tooltip is not None and shown in plan_card.tooltip.plain
        await pilot.click(plan_card)
        assert focused_id(app) == plan_card.card_id
        # Notifications quote the title: moving and undoing must not parse it either.
        await pilot.press("]", "u")
        await settle(pilot)
        assert stored(coach, client.id, plan_card.card_id).column == "plan"
        assert app.is_running and isinstance(app.screen, BoardScreen)


def test_titles_truncate_cleanly_with_wide_characters() -> None:
    lines = title_lines("株式会社サクラ物流の倉庫で出荷ラベルを統一する提案", 11)
    assert len(lines) == TITLE_LINES == 3
    assert all(line.cell_length <= 11 for line in lines)
    assert lines[-1].plain.endswith("…") and " …" not in lines[-1].plain
    assert clip(title_lines("📦📦📦📦📦📦📦📦", 7)[0], 7).cell_length <= 7
    assert [line.plain for line in title_lines("Short", 12)] == ["Short"]


@sync
async def test_a_board_that_cannot_be_read_says_so(coach: Coach) -> None:
    app = recording_toasts(board_app(coach, "nosuchclient"))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "Board unavailable" in app.screen.query_one("#board-client").render().plain
        assert any("no data file" in t for t in toasts(app))
        await pilot.press("a", "L")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BoardScreen)


@sync
async def test_report_from_the_board_marks_told_only_after_confirming(demo_coach: Coach) -> None:
    """`R` opens the stewardship report; marking told needs a yes, then the cards close."""
    from coach_tui.screens.report import ReportScreen

    app = board_app(demo_coach, NORTHWIND)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        untold = {c.id for c in demo_coach.repo.read_client(NORTHWIND).cards if c.column == "steward" and c.is_open}
        assert untold
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await settle(pilot)
        closed = {c.id for c in demo_coach.repo.read_client(NORTHWIND).cards if not c.is_open}
        assert untold <= closed


class RecordsPanels(BoardScreen):
    """A board that notes whether its side and people panels were mounted with it."""

    CSS_PATH = [str(Path(board_module.__file__).parent / path) for path in BoardScreen.CSS_PATH]
    panels_at_mount: bool | None = None

    def on_mount(self) -> None:
        # Textual calls BoardScreen.on_mount too (each class's handler in the MRO), after this.
        RecordsPanels.panels_at_mount = bool(self.query(SidePanel)) and bool(self.query("#people"))


@pytest.mark.parametrize(("size", "with_board"), [((120, 40), False), ((80, 24), False), ((170, 45), True)])
@sync
async def test_hidden_panels_are_mounted_after_the_first_frame(
    demo_coach: Coach, size: tuple[int, int], with_board: bool
) -> None:
    # Narrower than BESIDE_FROM the panels are hidden when the board opens: the board's first
    # frame styles and lays out without them; they join right after, showing the board.
    RecordsPanels.panels_at_mount = None
    app = OneScreenApp(lambda: RecordsPanels(demo_coach, NORTHWIND), demo_coach)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert RecordsPanels.panels_at_mount is with_board
        screen = board_of(app)
        panel = screen.query_one(SidePanel)
        assert "OVERDUE 20D" in str(panel.query_one("#cadence").render())
        await pilot.press("tab")
        await settle(pilot)
        assert panel.query_one(PillarBars).has_focus
        await pilot.press("tab", "p")  # back to the cards, then the people panel in their place
        await settle(pilot)
        assert screen.has_class("-people") and "PEOPLE" in str(screen.query_one("#people-title").render())
