"""g / G and Home / End jump to the first and last entry of every list: a board's column, the
people panel, the opportunities, the account plan's tables (Home / End: g adds a goal there),
the weekly history."""

from __future__ import annotations

from datetime import date

from textual.widgets import DataTable
from tuikit import OneScreenApp, board_app, settle, sync

from coach_tui.app import CoachApp
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.opportunities import OpportunitiesScreen
from coach_tui.screens.plan import PlanScreen
from coach_tui.screens.weekly_history import WeeklyHistoryScreen
from coach_tui.services import Coach
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.people_panel import PeoplePanel

SIZE = (120, 40)


def client(coach: Coach) -> str:
    return coach.clients.add("Acme Logistics", "2w", "A", added=date(2026, 6, 1)).id


def focused_title(app: OneScreenApp) -> str:
    focused = app.focused
    assert isinstance(focused, BoardCard)
    return focused.card.title


@sync
async def test_board_column_first_and_last_card(coach: Coach) -> None:
    client_id = client(coach)
    for title in ("One", "Two", "Three", "Four"):
        coach.boards.add_card(client_id, "plan", title)
    coach.boards.add_card(client_id, "understand", "A need")
    app = board_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("l")  # the Plan column
        await settle(pilot)
        first = focused_title(app)
        await pilot.press("G")
        await settle(pilot)
        last = focused_title(app)
        assert {first, last} == {"One", "Four"} and first != last
        await pilot.press("g")
        await settle(pilot)
        assert focused_title(app) == first
        await pilot.press("end")
        await settle(pilot)
        assert focused_title(app) == last
        await pilot.press("home")
        await settle(pilot)
        assert focused_title(app) == first


@sync
async def test_people_panel_first_and_last(coach: Coach) -> None:
    client_id = client(coach)
    for who, role in (("Ana Ruiz", "champion"), ("Li Wei", "decision-maker"), ("Bob Stone", "exec-sponsor")):
        coach.people.add(client_id, who, role)
    app = board_app(coach, client_id)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        people = app.screen.query_one(PeoplePanel).list
        assert app.focused is people
        await pilot.press("G")
        await settle(pilot)
        last = people.highlighted
        assert last is not None and last == max(
            i for i in range(people.option_count) if not people.get_option_at_index(i).disabled
        )
        await pilot.press("g")
        await settle(pilot)
        first = people.highlighted
        assert first is not None and first < last
        await pilot.press("end")
        await settle(pilot)
        assert people.highlighted == last


@sync
async def test_opportunities_first_and_last(coach: Coach) -> None:
    client_id = client(coach)
    for title in ("Lane pilot", "Customs pre-filing", "Warehouse audit"):
        coach.opportunities.add(client_id, title)
    app = OneScreenApp(lambda: OpportunitiesScreen(coach, client_id), coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#opportunities", DataTable)
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("G")
        assert table.cursor_row == 2
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == 2
        await pilot.press("home")
        assert table.cursor_row == 0


@sync
async def test_plan_tables_home_and_end(coach: Coach) -> None:
    client_id = client(coach)
    for text in ("Cut freight cost", "Halve paperwork delays", "Open a Baltic lane"):
        coach.plans.add_goal(client_id, text)
    app = OneScreenApp(lambda: PlanScreen(coach, client_id), coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        goals = app.screen.query_one("#goals", DataTable)
        goals.focus()
        await settle(pilot)
        await pilot.press("end")
        assert goals.cursor_row == 2
        await pilot.press("home")
        assert goals.cursor_row == 0


@sync
async def test_weekly_history_first_and_last(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, WeeklyHistoryScreen)
        table = app.screen.query_one("#weeks", DataTable)
        assert app.focused is table and table.row_count > 2
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
