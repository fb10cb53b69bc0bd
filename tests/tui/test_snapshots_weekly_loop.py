"""Snapshot tests of the weekly loop's two forms, over data built through the use cases in a
tmp folder (not the demo): three new clients, each with our exec sponsor; Birch and Cedar have
needs and no written plan (the portfolio's failing signal), Acme no need at all. Last week's
commitment, "Call Dana at Birch about the freight audit", was made for Birch. The day is
Wednesday 2026-11-25. Refresh on purpose with `--snapshot-update`, then look at the pictures.
"""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from tuikit import OneScreenApp, settle, type_text

from coach_tui.screens.weekly import WeeklyScreen
from coach_tui.services import Coach

WIDE = (120, 40)
NARROW = (80, 24)
LAST_WEEK = date(2026, 11, 16)


def weekly_app(coach: Coach) -> OneScreenApp:
    ids = {}
    for name in ("Acme", "Birch", "Cedar"):
        ids[name] = coach.clients.add(name).id
        coach.people.add(ids[name], "Sam Exec", "exec-sponsor", ours=True)
    for name in ("Birch", "Cedar"):
        coach.boards.add_card(ids[name], "understand", f"{name} wants lower freight costs")
    coach.weekly.save_commitment(LAST_WEEK, "Call Dana at Birch about the freight audit", client_id=ids["Birch"])
    return OneScreenApp(lambda: WeeklyScreen(coach, coach.weekly.open()), coach)


class TestTipCommitmentForm:
    """`t` on the weekly screen: the form titled "Commit to this week's tip" over the screen,
    the tip's title, "For" showing Birch (the client failing on "no written plan"), and "I
    will" holding the tip's action, focused. Footer: ctrl+s Save, esc Cancel."""

    def test_tip_form_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(weekly_app(coach), terminal_size=NARROW, press=["t"], run_before=settle)

    def test_tip_form_120x40(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(weekly_app(coach), terminal_size=WIDE, press=["t"], run_before=settle)


class TestNotKeptForm:
    """`n` on the weekly screen: last week's line marked ✗ not kept behind the form "Not kept:
    what got in the way?", which shows the line, an "In the way" field holding "client was
    travelling", and "Carry over" ticked."""

    def test_not_kept_80x24(self, snap_compare, coach: Coach) -> None:
        async def answer(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await type_text(pilot, "client was travelling")
            await settle(pilot)

        assert snap_compare(weekly_app(coach), terminal_size=NARROW, run_before=answer)

    def test_carried_over_120x40(self, snap_compare, coach: Coach) -> None:
        """After Enter: the weekly screen with last week's line "✗ not kept", "for Birch · in the
        way: client was travelling" under it, this week's field holding the carried line with
        "for Birch · carried over", and Lead's score lower in the pillar panel."""

        async def answer(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await type_text(pilot, "client was travelling")
            await pilot.press("enter")
            await settle(pilot)

        assert snap_compare(weekly_app(coach), terminal_size=WIDE, run_before=answer)
