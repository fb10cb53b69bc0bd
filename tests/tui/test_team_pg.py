"""The team screen over a real team database (tests/pgteam_kit.py): the leader's app, opened
as `coach` opens it on a database (`open_coach`), offers t; the team screen lists the managers
of the team the leader leads with the numbers each logged; a member's portfolio opens
read-only and a writing key there writes nothing."""

from __future__ import annotations

import pytest
from pgrights_kit import TeamDb
from pgteam_kit import team, team_db  # noqa: F401
from textual.widgets import DataTable
from tuikit import recording_toasts, settle, sync, toasts, until

from coach_tui.app import CoachApp
from coach_tui.screens.team import MemberDashboard, TeamScreen
from coach_tui.services import open_coach

psycopg = pytest.importorskip("psycopg")

from coach_tui.store.postgres.store import PostgresStore  # noqa: E402

SIZE = (140, 40)


@sync
async def test_the_leader_opens_the_team_and_a_members_portfolio_read_only(team_db: TeamDb, team: dict[str, str]) -> None:  # noqa: F811
    lea, ann = team["lea"], team["ann"]
    watch = PostgresStore(team_db.url(ann))
    coach = open_coach(db=team_db.url(lea))
    try:
        (acme,) = [cid for cid, _name, _archived in watch.names()]
        stamp = watch.client_stamp(acme)
        app = recording_toasts(CoachApp(coach, weekly_prompt=False))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("t")
            await until(lambda: isinstance(app.screen, TeamScreen) and app.screen.query_one("#members", DataTable).row_count)
            await settle(pilot)
            table = app.screen.query_one("#members", DataTable)
            rows = [[str(cell) for cell in table.get_row_at(r)] for r in range(table.row_count)]
            assert [r[:2] for r in rows] == [[f"{lea} (lead)", "north"], [ann, "north"], [team["bob"], "north"]]
            assert rows[1][2:5] == ["1", "0", "1"] and rows[1][6:] == ["1/2", "2"]
            assert rows[2][2:5] == ["2", "0", "0"] and rows[2][6:] == ["1/1", "1"]
            await pilot.press("j", "enter")
            await until(lambda: isinstance(app.screen, MemberDashboard) and app.screen.agenda is not None)
            await settle(pilot)
            assert app.sub_title.startswith(f"{ann}'s portfolio · read-only · ")
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, MemberDashboard)
            assert toasts(app)[-1] == f"read-only: this is {ann}'s portfolio"
        assert watch.client_stamp(acme) == stamp
    finally:
        watch.close()
        coach.repo.close()  # type: ignore[attr-defined]
