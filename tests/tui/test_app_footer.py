"""The footer of every screen (AppFooter): the keys as Textual's Footer shows them, one widget
that stays one widget however often the bindings change, a click presses a key, a hover
shows what it does."""

from __future__ import annotations

from textual.widget import Widget
from tuikit import board_app, settle, sync

from coach_tui.screens.board import BoardScreen
from coach_tui.screens.card_form import CardFormScreen
from coach_tui.services import Coach
from coach_tui.widgets.app_footer import AppFooter, FooterItem

SIZE = (120, 40)


def _item(footer: AppFooter, key: str) -> FooterItem:
    return next(item for item in footer.footer_items if item.key == key)


@sync
async def test_the_board_footer_lists_its_keys_as_textual_does(coach: Coach) -> None:
    """Grouped `[ ]` keys under one word, no palette key (the board asks for none)."""
    acme = coach.clients.add("Acme")
    coach.boards.add_card(acme.id, "understand", "pilot study")
    app = board_app(coach, acme.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(AppFooter)
        line = str(footer.render())
        assert line.rstrip() == " tab Panel  a Add  e Edit  [] Move  x Delete  L Log  p People  esc Back  u Undo"
        assert len(line) == SIZE[0]
        assert "Told" not in line  # hidden off Steward, as check_action says


@sync
async def test_moving_the_focus_redraws_the_footer_without_making_widgets(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    coach.boards.add_card(acme.id, "understand", "pilot study")
    coach.boards.add_card(acme.id, "steward", "benchmark sent")
    app = board_app(coach, acme.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        footer = board.query_one(AppFooter)
        before = len(list(board.walk_children(Widget)))
        for key in ("right", "right", "right", "left", "left", "left") * 5:
            await pilot.press(key)
        await settle(pilot)
        await pilot.press("right", "right", "right")  # on the Steward card
        await settle(pilot)
        assert " t Told " in str(footer.render())
        assert len(list(board.walk_children(Widget))) == before
        assert not footer.children


@sync
async def test_a_click_presses_the_key_and_a_hover_shows_its_tooltip(coach: Coach) -> None:
    acme = coach.clients.add("Acme")
    coach.boards.add_card(acme.id, "understand", "pilot study")
    app = board_app(coach, acme.id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(AppFooter)
        add = _item(footer, "a")
        await pilot.hover(AppFooter, offset=(add.start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == "Add a card to the focused column"
        await pilot.click(AppFooter, offset=(add.start + 1, 0))
        await settle(pilot)
        assert isinstance(app.screen, CardFormScreen)


@sync
async def test_the_dashboard_footer_is_compact_with_the_palette_key_on_the_right(coach: Coach) -> None:
    from coach_tui.app import CoachApp

    coach.clients.add("Acme")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(AppFooter)
        line = str(footer.render())
        assert len(line) == SIZE[0]
        assert line.rstrip().endswith("▏^p Commands")
        palette = _item(footer, "ctrl+p")
        assert palette.end == SIZE[0] - 1  # the compact footer's margin after it
