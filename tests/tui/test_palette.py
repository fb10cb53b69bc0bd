"""The palette where colour is scarce: overdue is the strongest status in 16 colours and under
NO_COLOR, overdue text (an overdue client's next due date, the count of next steps overdue,
an opportunity's overdue next step) is red in every colour system and reversed under
NO_COLOR, the checkboxes differ by glyph, not by colour."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from rich.color import ColorSystem
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import DEFAULT_TERMINAL_THEME
from textual import constants
from textual.app import ComposeResult
from textual.color import Color
from textual.filter import LineFilter, Monochrome
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets.selection_list import Selection
from tuikit import OneScreenApp, SixteenColours, settle, sync

from coach_tui.app import CoachApp
from coach_tui.screens.log_delivery import LogDeliveryScreen
from coach_tui.screens.opportunities import OpportunitiesScreen, overdue
from coach_tui.services import Coach
from coach_tui.widgets.client_table import ClientTable
from coach_tui.widgets.summary_line import SummaryLine
from coach_tui.widgets.tick_box import TickBox, TickList

SIZE = (120, 40)
BRIGHT_RED = RichColor.from_triplet(DEFAULT_TERMINAL_THEME.ansi_colors[9])


def cell_segments(table: ClientTable, coach: Coach, name: str, column: int) -> list[Segment]:
    """A cell's segments (its text, not the padding) on the row of the client `name`."""
    row = table.row_keys.index(coach.portfolio.find_client(name).id)
    line = table.render_line(1 + row)
    return [s for s in line if s.style is not None and s.style.meta.get("column") == column and s.text.strip()]


def status_segments(table: ClientTable, coach: Coach, name: str) -> list[Segment]:
    """The status cell's segments on the row of the client `name`."""
    return cell_segments(table, coach, name, 1)


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


# -- overdue text in every colour system ---------------------------------------------------

NEXT_DUE = 3  # the table's next-due column


class TwoFiftySixColours(LineFilter):
    """Every colour as a 256-colour terminal shows it."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        out = []
        for text, style, control in segments:
            if style is not None and style.color is not None and not style.color.is_default:
                shown = style.color.downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
                style = style + Style(color=RichColor.from_triplet(shown))
            out.append(Segment(text, style, control))
        return out


# What the terminal does to the app's colours, by the colour system its console reports.
TERMINALS: dict[str, LineFilter | None] = {"truecolor": None, "256": TwoFiftySixColours(), "standard": SixteenColours()}


def late_step_client(coach: Coach) -> str:
    """The demo client with an opportunity whose next step is overdue."""
    today = coach.today()
    for client in coach.portfolio.clients():
        if any(overdue(o, today) for o in coach.opportunities.view(client.id).opportunities):
            return client.id
    raise AssertionError("the demo has no overdue next step")


def overdue_pieces(app: CoachApp, coach: Coach) -> dict[str, list[Segment]]:
    """The overdue text on the dashboard: Northwind's next due date, the count of next steps
    overdue in the summary line."""
    table = app.dashboard.query_one(ClientTable)
    summary = list(app.dashboard.query_one(SummaryLine).render_line(0))
    count = next(i for i, s in enumerate(summary) if s.text.startswith(" next step")) - 1
    return {"next due": cell_segments(table, coach, "Northwind", NEXT_DUE), "steps overdue": [summary[count]]}


def shown(segments: list[Segment], terminal: LineFilter | None) -> list[Segment]:
    return segments if terminal is None else terminal.apply(segments, Color(0, 0, 0))


def redness(color: RichColor | None) -> int:
    """How much red stands above green and blue."""
    assert color is not None
    r, g, b = color.get_truecolor()
    return r - max(g, b)


@pytest.mark.parametrize("system", TERMINALS)
@sync
async def test_overdue_text_is_red_in_every_colour_system(
    demo_coach: Coach, monkeypatch: pytest.MonkeyPatch, system: str
) -> None:
    monkeypatch.setattr(constants, "COLOR_SYSTEM", system)  # as TEXTUAL_COLOR_SYSTEM would
    terminal = TERMINALS[system]
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.console.color_system == system
        table = app.dashboard.query_one(ClientTable)
        table.move_cursor(row=table.row_count - 1)
        await settle(pilot)
        text_error = RichColor.parse(app.get_css_variables()["text-error"])
        pieces = overdue_pieces(app, demo_coach)
        assert "".join(s.text for s in pieces["next due"]) == "Nov 5"
        assert pieces["steps overdue"][0].text == "2"
        await app.push_screen(OpportunitiesScreen(demo_coach, late_step_client(demo_coach)))
        await settle(pilot)
        line = list(app.screen.query_one("#opp-summary").render_line(0))
        pieces["opportunities"] = [s for s in line if "overdue" in s.text]
        for what, segments in pieces.items():
            assert segments, what
            for segment in shown(segments, terminal):
                style = segment.style
                assert style is not None and style.bold and not style.reverse, what
                if system == "standard":
                    # Not the grey the error text colour becomes: the terminal's bright red.
                    assert style.color == BRIGHT_RED, what
                else:
                    assert redness(style.color) >= 60, what
                    if system == "truecolor":
                        assert style.color == text_error, what


@sync
async def test_under_no_color_overdue_text_is_reversed(demo_coach: Coach, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        table.move_cursor(row=table.row_count - 1)
        await settle(pilot)
        for what, segments in overdue_pieces(app, demo_coach).items():
            assert segments, what
            for segment in Monochrome().apply(segments, Color(0, 0, 0)):
                style = segment.style
                assert style is not None and style.reverse and style.bold, what
                assert brightness(style.color) >= brightness(table.rich_style.color), what


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
