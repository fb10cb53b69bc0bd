"""Keys every screen shares: `q` quits on every screen and dialog but in forms (where it is a
letter), `?` opens help at the section of the screen it was pressed on, and at 80 columns
every footer keeps `? Help` and `q Quit`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tuikit import settle, sync, until

from coach_tui.app import CoachApp
from coach_tui.screens.help import HelpScreen
from coach_tui.services import Coach
from coach_tui.widgets.app_footer import AppFooter

NARROW = (80, 24)
NORTHWIND = "demo00"  # cards in every column, an account plan, opportunities


async def keys(pilot: Pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def board(pilot: Pilot) -> None:
    app = pilot.app
    assert isinstance(app, CoachApp)
    app.open_board(NORTHWIND)
    await settle(pilot)


async def on_board(pilot: Pilot, *pressed: str) -> None:
    await board(pilot)
    await keys(pilot, *pressed)


async def palette(pilot: Pilot, command: str) -> None:
    """ctrl+p, the command typed, enter."""
    await keys(pilot, "ctrl+p")
    await pilot.press(*["space" if ch == " " else ch for ch in command])
    await keys(pilot, "enter")


# Each screen, how to get there from the dashboard, and the name of its class.
SCREENS: dict[str, tuple[Callable[[Pilot], Awaitable[None]], str]] = {
    "dashboard": (settle, "DashboardScreen"),
    "board": (board, "BoardScreen"),
    "people": (lambda pilot: on_board(pilot, "p"), "BoardScreen"),
    "plan": (lambda pilot: on_board(pilot, "A"), "PlanScreen"),
    "opportunities": (lambda pilot: on_board(pilot, "O"), "OpportunitiesScreen"),
    "weekly": (lambda pilot: keys(pilot, "w"), "WeeklyScreen"),
    "weekly history": (lambda pilot: keys(pilot, "w", "h"), "WeeklyHistoryScreen"),
}
DIALOGS: dict[str, tuple[Callable[[Pilot], Awaitable[None]], str]] = {
    "help": (lambda pilot: keys(pilot, "question_mark"), "HelpScreen"),
    "report": (lambda pilot: on_board(pilot, "R"), "ReportScreen"),
    "stage pick": (lambda pilot: on_board(pilot, "O", "s"), "StagePickScreen"),
    "evidence": (lambda pilot: on_board(pilot, "tab", "enter"), "EvidenceScreen"),
    "question": (lambda pilot: on_board(pilot, "x"), "ConfirmScreen"),
}
FORMS: dict[str, tuple[Callable[[Pilot], Awaitable[None]], str]] = {
    "log": (lambda pilot: keys(pilot, "l"), "LogDeliveryScreen"),
    "new client": (lambda pilot: keys(pilot, "n"), "ClientFormScreen"),
    "card": (lambda pilot: on_board(pilot, "a"), "CardFormScreen"),
    "import csv": (lambda pilot: palette(pilot, "import from csv"), "ImportCsvScreen"),
}


@pytest.mark.parametrize("where", [*SCREENS, *DIALOGS])
@sync
async def test_q_quits(demo_coach: Coach, where: str) -> None:
    go, screen = {**SCREENS, **DIALOGS}[where]
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await go(pilot)
        assert type(app.screen).__name__ == screen
        await pilot.press("q")
        await until(lambda: app.return_code is not None)
    assert app.return_code == 0


@pytest.mark.parametrize("where", FORMS)
@sync
async def test_q_is_a_letter_in_forms(demo_coach: Coach, where: str) -> None:
    go, screen = FORMS[where]
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await go(pilot)
        assert type(app.screen).__name__ == screen
        field = app.focused
        assert isinstance(field, Input)
        await keys(pilot, "q")
        assert field.value.endswith("q")
        assert app.return_code is None and type(app.screen).__name__ == screen


SECTIONS = {
    "dashboard": "Dashboard: the daily review",
    "board": "Client board",
    "people": "People on a board (p)",
    "plan": "Account plan (A on a board)",
    "opportunities": "Opportunities (O or $ on a board)",
    "weekly": "Weekly coaching",
    "weekly history": "Weekly history (h in the weekly coaching)",
}


@pytest.mark.parametrize("where", SCREENS)
@sync
async def test_help_opens_at_the_screens_section(demo_coach: Coach, where: str) -> None:
    go, _ = SCREENS[where]
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await go(pilot)
        await keys(pilot, "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.section == SECTIONS[where]
        (here,) = help_screen.query(".help-group.-here")
        assert str(here.query_one(".help-title").render()).startswith(SECTIONS[where])
        await until(lambda: here.region.y <= help_screen.query_one("#help-body").region.y + 1)


@pytest.mark.parametrize("where", [*SCREENS, "help", "report"])  # the dialogs with a footer
@sync
async def test_at_80_columns_the_footer_keeps_help_and_quit(demo_coach: Coach, where: str) -> None:
    go, _ = {**SCREENS, **DIALOGS}[where]
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await go(pilot)
        line = str(app.screen.query_one(AppFooter).render())
        assert len(line) <= NARROW[0]
        assert "q Quit" in line
        if where not in DIALOGS:
            assert "? Help" in line


@sync
async def test_the_header_shows_coachs_own_mark_and_a_click_on_it_opens_the_palette(demo_coach: Coach) -> None:
    from textual.command import CommandPalette

    from coach_tui.widgets.app_header import AppHeader

    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one(AppHeader).render())
        assert line.startswith(" ◆ coach ") and "⭘" not in line
        assert "Wed 25 Nov 2026 · 11 active clients" in line
        assert len(line) == NARROW[0]
        await pilot.click(AppHeader, offset=(3, 0))
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
