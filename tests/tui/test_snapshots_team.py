"""Snapshot tests of the leader's view, over the team of tests/teamkit.py (data folders filled
from the demo portfolio; the day is Wednesday 2026-11-25). Refresh on purpose with
`--snapshot-update`, then look at the pictures."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY
from teamkit import team_coach
from textual.pilot import Pilot
from tuikit import settle, until

from coach_tui.app import CoachApp
from coach_tui.screens.team import MemberDashboard

WIDE = (120, 40)
NARROW = (80, 24)


def team_app(root: Path) -> CoachApp:
    return CoachApp(team_coach(root / "team", TODAY), weekly_prompt=False)


class TestTeamScreen:
    """`t` on the leader's dashboard: the header "Wed 25 Nov 2026 · your team · 4 managers", the
    line saying what Kept 12w and Made 12w count, then a row per manager by team, the leader
    first in each ("lea (lead)"): ana North 6 active, 4 overdue, 7 untold, Value 65/100, 3/5
    kept, 6 made; ben (on both teams) 5, 0, 1, Value 77/100, 3/3, 3; cy 0 and dashes. The
    cursor on the first row. Footer: enter Open, r Refresh, esc Back."""

    def test_team_120x40(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(team_app(tmp_path), terminal_size=WIDE, press=["t"], run_before=settle)

    def test_team_80x24(self, snap_compare, tmp_path: Path) -> None:
        assert snap_compare(team_app(tmp_path), terminal_size=NARROW, press=["t"], run_before=settle)


class TestMemberDashboard:
    """enter on ana's row: her dashboard, the header "ana's portfolio · read-only · Wed 25 Nov
    2026 · 6 active clients", her six clients by urgency, the footer without Log or New, and
    esc Team."""

    def test_member_120x40(self, snap_compare, tmp_path: Path) -> None:
        async def open_ana(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("t")
            await settle(pilot)
            await pilot.press("j", "enter")
            await until(lambda: isinstance(pilot.app.screen, MemberDashboard) and pilot.app.screen.agenda is not None)
            await settle(pilot)

        assert snap_compare(team_app(tmp_path), terminal_size=WIDE, run_before=open_ana)
