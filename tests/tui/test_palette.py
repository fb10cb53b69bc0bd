"""The palette where colour is scarce: overdue is the strongest status in 16 colours and under
NO_COLOR, the checkboxes differ by glyph, not by colour."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from rich.segment import Segment
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from textual.app import ComposeResult
from textual.color import Color
from textual.filter import Monochrome
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets.selection_list import Selection
from tuikit import OneScreenApp, SixteenColours, settle, sync

from coach_tui.app import CoachApp
from coach_tui.screens.log_delivery import LogDeliveryScreen
from coach_tui.services import Coach
from coach_tui.widgets.client_table import ClientTable
from coach_tui.widgets.tick_box import TickBox, TickList

SIZE = (120, 40)
BRIGHT_RED = RichColor.from_triplet(DEFAULT_TERMINAL_THEME.ansi_colors[9])


def status_segments(table: ClientTable, coach: Coach, name: str) -> list[Segment]:
    """The status cell's segments (its text, not the padding) on the row of the client `name`."""
    row = table.row_keys.index(coach.portfolio.find_client(name).id)
    line = table.render_line(1 + row)
    return [s for s in line if s.style is not None and s.style.meta.get("column") == 1 and s.text.strip()]


def brightness(color: RichColor | None) -> int:
    assert color is not None
    r, g, b = color.get_truecolor()
    return (299 * r + 587 * g + 114 * b) // 1000


@sync
async def test_in_16_colours_overdue_is_a_bright_red_block_and_due_soon_is_not(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        table.move_cursor(row=table.row_count - 1)  # the cursor off the rows looked at
        await settle(pilot)
        background = Color(0, 0, 0)
        overdue = SixteenColours().apply(status_segments(table, demo_coach, "Northwind"), background)
        assert "".join(s.text for s in overdue).strip() == "▲ overdue 20d"
        assert all(s.style is not None and s.style.bgcolor == BRIGHT_RED and s.style.bold for s in overdue)
        soon = SixteenColours().apply(status_segments(table, demo_coach, "Brightline"), background)
        assert all(s.style is not None and s.style.bgcolor != BRIGHT_RED and s.style.color != BRIGHT_RED for s in soon)


@sync
async def test_under_no_color_overdue_is_reversed_and_never_dimmer_than_text(
    demo_coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color
        table = app.dashboard.query_one(ClientTable)
        table.move_cursor(row=table.row_count - 1)
        await settle(pilot)
        overdue = Monochrome().apply(status_segments(table, demo_coach, "Northwind"), Color(0, 0, 0))
        assert "".join(s.text for s in overdue).strip() == "▲ overdue 20d"
        for segment in overdue:
            style = segment.style
            assert style is not None and style.reverse and style.bold
            # Reversed, the text colour is the block's: at least as bright as the text's own.
            assert brightness(style.color) >= brightness(table.rich_style.color)


# -- checkboxes ------------------------------------------------------------------------------


def plain(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


@sync
async def test_the_told_box_reads_ticked_or_not_without_colour(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogDeliveryScreen)
        told = app.screen.query_one("#told", TickBox)
        assert plain(told.render_line(0)).startswith("[ ] the client already knows")
        told.focus()
        await pilot.press("space")
        await settle(pilot)
        assert told.value
        assert plain(told.render_line(0)).startswith("[x] the client already knows")


class Picks(Screen[None]):
    def compose(self) -> ComposeResult:
        yield TickList[str](Selection("Ana", "ana", True), Selection("Bo", "bo"), id="picks")


@sync
async def test_a_pick_list_reads_ticked_or_not_without_colour() -> None:
    app = OneScreenApp(Picks)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        picks = app.screen.query_one("#picks", TickList)
        assert [plain(picks.render_line(y))[:6] for y in (0, 1)] == ["[x] An", "[ ] Bo"]
        picks.focus()
        await pilot.press("down", "space")
        await settle(pilot)
        assert [plain(picks.render_line(y))[:6] for y in (0, 1)] == ["[x] An", "[x] Bo"]
