"""Pilot tests of undo and redo across the app: `u` and `ctrl+r` on every screen, reaching
changes made on another screen, in an earlier session or from the shell, and saying what they
undid. Every flow asserts on what the store holds afterwards and on the toast."""

from __future__ import annotations

from clikit import coach as run
from textual.widgets import DataTable, Input
from tuikit import recording_toasts, settle, sync, toasts, type_text, until

from coach_tui.app import CoachApp
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.screens.plan import PlanScreen
from coach_tui.screens.plan_forms import GoalFormScreen
from coach_tui.services import Coach
from coach_tui.widgets.card import BoardCard
from coach_tui.widgets.client_table import ClientTable

NORTHWIND = "demo00"
SIZE = (120, 40)


def make_app(coach: Coach) -> CoachApp:
    return recording_toasts(CoachApp(coach, weekly_prompt=False))


def card_ids(coach: Coach, client_id: str) -> list[str]:
    return [c.id for c in coach.repo.read_client(client_id).cards]


def goal_rows(app: CoachApp) -> list[list[object]]:
    table = app.screen.query_one("#goals", DataTable)
    return [table.get_row_at(r) for r in range(table.row_count)]


async def open_board(pilot, client_id: str) -> BoardScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    app.open_board(client_id)
    await settle(pilot)
    assert isinstance(app.screen, BoardScreen)
    return app.screen


@sync
async def test_a_card_deleted_on_the_board_comes_back_with_u_on_the_dashboard(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = await open_board(pilot, NORTHWIND)
        original = next(c for c in demo_coach.repo.read_client(NORTHWIND).cards if c.id == "demo00c005")
        board.query_one("#card-demo00c005", BoardCard).focus()
        await pilot.press("x", "y")
        await settle(pilot)
        assert "demo00c005" not in card_ids(demo_coach, NORTHWIND)
        await pilot.press("escape")  # leave the board
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("u")
        await settle(pilot)
        restored = next(c for c in demo_coach.repo.read_client(NORTHWIND).cards if c.id == "demo00c005")
        assert restored == original
        assert any(t == "Undid: deleted card 'Emissions dashboard prototype for three lanes'" for t in toasts(app)), toasts(app)
        # Back on the board, it is there; ctrl+r deletes it again, from the board.
        board = await open_board(pilot, NORTHWIND)
        assert board.query("#card-demo00c005")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "demo00c005" not in card_ids(demo_coach, NORTHWIND)
        assert not board.query("#card-demo00c005")
        assert any(t.startswith("Redid: deleted card") for t in toasts(app))


@sync
async def test_a_card_deleted_then_the_board_left_and_opened_again_comes_back_focused(demo_coach: Coach) -> None:
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = await open_board(pilot, NORTHWIND)
        board.query_one("#card-demo00c005", BoardCard).focus()
        await pilot.press("x", "y")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        board = await open_board(pilot, NORTHWIND)
        await pilot.press("u")
        await settle(pilot)
        assert "demo00c005" in card_ids(demo_coach, NORTHWIND)
        focused = board.focused
        assert isinstance(focused, BoardCard) and focused.card_id == "demo00c005"


@sync
async def test_archive_from_the_dashboard_then_u_brings_the_client_back(demo_coach: Coach) -> None:
    kestrel = demo_coach.portfolio.find_client("Kestrel").id
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.dashboard.query_one(ClientTable)
        table.move_cursor(row=table.row_keys.index(kestrel))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("u")  # not under a question: the key does nothing there
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and not any(t.startswith("Undid") for t in toasts(app))
        await pilot.press("y")
        await settle(pilot)
        assert kestrel not in table.row_keys
        await pilot.press("u")
        await settle(pilot)
        assert not demo_coach.portfolio.find_client("Kestrel").archived
        assert kestrel in table.row_keys
        assert any(t.startswith("Undid: archived Kestrel") for t in toasts(app)), toasts(app)


@sync
async def test_u_in_a_text_field_is_a_letter(demo_coach: Coach) -> None:
    demo_coach.clients.add("Umbra Logistics")
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "u", "m")
        await settle(pilot)
        field = app.dashboard.query_one("#filter", Input)
        assert field.value == "um"
        assert demo_coach.portfolio.find_client("Umbra").name == "Umbra Logistics"  # not undone
        assert not any(t.startswith("Undid") for t in toasts(app))


@sync
async def test_u_undoes_a_change_made_in_the_shell_and_one_from_an_earlier_session(demo_coach: Coach) -> None:
    data = demo_coach.repo.root  # type: ignore[attr-defined]
    demo_coach.clients.add("Earlier Session Ltd")  # made before this app started
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        run("log", "northwind", "Lane benchmark", data=data, check=True)
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert not any(d.summary == "Lane benchmark" for d in demo_coach.repo.read_client(NORTHWIND).deliveries)
        assert any(t.startswith("Undid: logged a delivery for Northwind") for t in toasts(app)), toasts(app)
        await pilot.press("u")
        await settle(pilot)
        assert all(name != "Earlier Session Ltd" for _cid, name, _archived in demo_coach.repo.names())
        assert any(t == "Undid: added client Earlier Session Ltd" for t in toasts(app))
        await pilot.press("u")
        await settle(pilot)
        assert any("nothing to undo" in t for t in toasts(app))


@sync
async def test_a_refused_undo_says_why_and_changes_nothing(demo_coach: Coach) -> None:
    demo_coach.boards.edit_card(NORTHWIND, "demo00c005", notes="mine")
    with demo_coach.repo.transaction() as txn:  # a change the journal does not know
        txn.unjournaled()
        card = next(c for c in txn.history(NORTHWIND).cards if c.id == "demo00c005")
        card.notes = "theirs"
        txn.put_card(card)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        card = next(c for c in demo_coach.repo.read_client(NORTHWIND).cards if c.id == "demo00c005")
        assert card.notes == "theirs"
        assert any("changed since" in t for t in toasts(app)), toasts(app)


@sync
async def test_the_palette_undoes_and_redoes(demo_coach: Coach) -> None:
    kestrel = demo_coach.portfolio.find_client("Kestrel").id
    demo_coach.clients.archive(kestrel)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for command, archived in (("Undo", False), ("Redo", True)):
            await pilot.press("ctrl+p")
            await settle(pilot)
            app.screen.query_one(Input).value = command
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert demo_coach.portfolio.find_client("Kestrel", include_archived=True).archived is archived
        assert toasts(app)[-2:] == ["Undid: archived Kestrel Energy Services", "Redid: archived Kestrel Energy Services"]


@sync
async def test_a_goal_added_on_the_plan_screen_goes_with_u_on_the_dashboard_and_comes_back_with_ctrl_r(demo_coach: Coach) -> None:
    goals = list(demo_coach.plans.view(NORTHWIND).plan.goals)
    app = make_app(demo_coach)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_board(pilot, NORTHWIND)
        await pilot.press("A")  # the account plan
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GoalFormScreen)
        await type_text(pilot, "Halve customs holds")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert [g.text for g in demo_coach.plans.view(NORTHWIND).plan.goals] == [*(g.text for g in goals), "Halve customs holds"]
        await pilot.press("escape", "escape")  # the plan, then the board
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("u")
        await settle(pilot)
        assert list(demo_coach.plans.view(NORTHWIND).plan.goals) == goals
        said = "Undid: added goal 'Halve customs holds' to Northwind Freight Partners' account plan"
        assert said in toasts(app), toasts(app)
        # On the plan screen again, the goal is gone; ctrl+r there puts it back, on screen too.
        await open_board(pilot, NORTHWIND)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert not any("Halve customs holds" in str(row) for row in goal_rows(app))
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert demo_coach.plans.view(NORTHWIND).plan.goals[-1].text == "Halve customs holds"
        await until(lambda: any("Halve customs holds" in str(row) for row in goal_rows(app)))
        assert any(t.startswith("Redid: added goal 'Halve customs holds'") for t in toasts(app))
