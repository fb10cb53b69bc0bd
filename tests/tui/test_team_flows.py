"""The leader's view driven with Pilot, over a team of data folders (tests/teamkit.py): t (or
"Team view" in the palette) opens it on a team store only; j/k move; enter opens a manager's
portfolio read-only; a writing key there says so and writes nothing; escape goes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY
from teamkit import team_coach
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from tuikit import recording_toasts, settle, sync, toasts, until

from coach_tui.app import CoachApp
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.dashboard import DashboardScreen
from coach_tui.screens.team import MemberDashboard, TeamScreen
from coach_tui.services import Coach
from coach_tui.store.folder import FolderStore
from coach_tui.widgets.app_footer import AppFooter
from coach_tui.widgets.client_table import ClientTable

SIZE = (140, 40)


@pytest.fixture
def leader(tmp_path: Path) -> Coach:
    return team_coach(tmp_path / "team", TODAY)


def footer_keys(app: CoachApp) -> list[str]:
    return [item.key for item in app.screen.query_one(AppFooter).footer_items if item.enabled]


def member_rows(app: CoachApp) -> list[list[str]]:
    table = app.screen.query_one("#members", DataTable)
    return [[str(cell) for cell in table.get_row_at(r)] for r in range(table.row_count)]


async def open_team(pilot: Pilot) -> TeamScreen:
    await pilot.press("t")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, TeamScreen)
    return screen


@sync
async def test_open_navigate_open_read_only_refuse_and_back(leader: Coach, tmp_path: Path) -> None:
    ana_index = (tmp_path / "team" / "ana" / "coach.json").read_bytes()
    app = recording_toasts(CoachApp(leader, weekly_prompt=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "t" in footer_keys(app)  # offered on the dashboard of a team store
        team = await open_team(pilot)
        rows = member_rows(app)
        assert [r[:2] for r in rows] == [
            ["lea (lead)", "North"],
            ["ana", "North"],
            ["ben", "North"],
            ["lea (lead)", "South"],
            ["ben", "South"],
            ["cy", "South"],
        ]
        assert rows[1][2:5] == ["6", "4", "7"] and rows[1][6:] == ["3/5", "6"]
        assert "your team · 4 managers" in app.sub_title
        # j/k and the arrows move the cursor.
        table = team.query_one("#members", DataTable)
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("down", "k")
        assert table.cursor_row == 1
        # enter opens ana's portfolio: her dashboard, read-only.
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, MemberDashboard) and app.screen.agenda is not None)
        await settle(pilot)
        member = app.screen
        assert isinstance(member, MemberDashboard)
        assert app.sub_title.startswith("ana's portfolio · read-only · ")
        assert "6 active clients" in app.sub_title
        shown = member.query_one(ClientTable).row_keys
        assert len(shown) == 6 and all(cid.startswith("demo0") for cid in shown)
        # Writing keys say whose portfolio it is; nothing is written.
        for key in ("n", "l", "e", "w", "u"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MemberDashboard), key
            assert toasts(app)[-1] == "read-only: this is ana's portfolio", key
        assert (tmp_path / "team" / "ana" / "coach.json").read_bytes() == ana_index
        # escape: back to the team, its title back too; escape again: the leader's dashboard.
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is team
        assert "your team" in app.sub_title
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and not isinstance(app.screen, MemberDashboard)
        assert "1 active client" in app.sub_title


@sync
async def test_a_board_of_a_member_is_read_and_its_writes_refused(leader: Coach, tmp_path: Path) -> None:
    app = recording_toasts(CoachApp(leader, weekly_prompt=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_team(pilot)
        await pilot.press("j", "enter")
        await until(lambda: isinstance(app.screen, MemberDashboard) and app.screen.agenda is not None)
        await settle(pilot)
        await pilot.press("enter")  # the first client's board, over ana's portfolio
        await until(lambda: isinstance(app.screen, BoardScreen))
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert board.client_id.startswith("demo0")
        before = (tmp_path / "team" / "ana" / "clients" / f"{board.client_id}.json").read_bytes()
        await pilot.press("L")  # log: the app's log form would be the leader's own
        await settle(pilot)
        assert app.screen is board
        assert toasts(app)[-1] == "read-only: this is ana's portfolio"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert toasts(app)[-1] == "read-only: this is ana's portfolio"
        assert (tmp_path / "team" / "ana" / "clients" / f"{board.client_id}.json").read_bytes() == before
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MemberDashboard)


@sync
async def test_the_palette_offers_the_team_view(leader: Coach) -> None:
    app = CoachApp(leader, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        palette.query_one(Input).value = "team view"
        commands = palette.query_one(CommandList)

        def offered() -> bool:
            return commands.option_count > 0 and "Team view" in str(commands.get_option_at_index(0).prompt)

        await until(offered)
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, TeamScreen))


@sync
async def test_a_folder_store_offers_no_team(coach: Coach) -> None:
    coach.clients.add("Acme")
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "t" not in footer_keys(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@sync
async def test_refresh_reads_the_portfolios_again_and_a_broken_one_says_why(leader: Coach, tmp_path: Path) -> None:
    app = recording_toasts(CoachApp(leader, weekly_prompt=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_team(pilot)
        assert member_rows(app)[1][4] == "7"  # ana's untold cards
        # ana tells a Steward card in her own coach meanwhile; r shows it.
        ana = Coach(FolderStore(tmp_path / "team" / "ana"))
        board = ana.boards.read("demo00")
        steward = board.columns["steward"][0]
        ana.boards.tell_card("demo00", steward.id)
        await pilot.press("r")
        await until(lambda: member_rows(app)[1][4] == "6")
        # ben's index is damaged: his rows say so, enter on one says why, nothing opens.
        (tmp_path / "team" / "ben" / "coach.json").write_text("[]", encoding="utf-8")
        await pilot.press("r")
        await until(lambda: member_rows(app)[2][5] == "can't read")
        assert member_rows(app)[4][5] == "can't read"
        assert "ben: can't read " in str(app.screen.query_one("#team-state", Static).render())
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert toasts(app)[-1].startswith("Can't read ben's portfolio: can't read ")


@sync
async def test_a_leader_with_no_client_of_their_own_opens_on_the_team(tmp_path: Path) -> None:
    leader = team_coach(tmp_path / "team", TODAY)
    leader.clients.archive(leader.portfolio.find_client("Lea's Own Account").id)  # none active
    app = CoachApp(leader, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: isinstance(app.screen, TeamScreen))
        await settle(pilot)
        assert [r[0] for r in member_rows(app)][:2] == ["lea (lead)", "ana"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # their own (empty) dashboard beneath
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)


@sync
async def test_a_manager_with_no_client_who_leads_no_team_stays_on_the_dashboard(coach: Coach) -> None:
    app = CoachApp(coach, weekly_prompt=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
