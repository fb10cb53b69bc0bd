"""Snapshot tests of a client's timeline and the delivery form, at 120x40 and 80x24.

The demo portfolio as of Wednesday 2026-11-25 (conftest sets COACH_TODAY): Northwind Freight
Partners, with deliveries, card moves, touches, a plan share and opportunity stages. Refresh
on purpose with `--snapshot-update`, then look at the pictures.
"""

from __future__ import annotations

from textual.pilot import Pilot
from tuikit import OneScreenApp, settle

from coach_tui.screens.timeline import TimelineScreen
from coach_tui.services import Coach

NORTHWIND = "demo00"
NARROW = (80, 24)
WIDE = (120, 40)


def timeline_app(coach: Coach) -> OneScreenApp:
    return OneScreenApp(lambda: TimelineScreen(coach, NORTHWIND), coach)


class TestTimeline:
    """The header "Northwind Freight Partners  timeline  41 entries"; the kinds line (1 ■
    deliveries 16 · 2 ■ moves 12 · 3 ■ touches 9 · 4 ■ shares 1 · 5 ■ stages 3,
    on one line at 80 columns); the list newest first (20 Nov 2026 delivery "Service: Corrected invoicing
    error..." under the cursor), each line a date, a coloured kind and what happened, long
    ones cut with "…"; the entry under the cursor in full under the list; the footer keys
    12345 Kinds, e Edit, x Delete, esc Back."""

    def test_timeline_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(timeline_app(demo_coach), terminal_size=WIDE, run_before=settle)

    def test_timeline_80x24(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(timeline_app(demo_coach), terminal_size=NARROW, run_before=settle)

    def test_timeline_filtered_on_a_card_move_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """`1` and `3` hide deliveries and touches (□ in the kinds line), `j` moves to the
        second entry, a card move: e Edit and x Delete are dimmed in the footer."""

        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("1", "3", "j")
            await settle(pilot)

        assert snap_compare(timeline_app(demo_coach), terminal_size=NARROW, run_before=run_before)

    def test_edit_form_120x40(self, snap_compare, demo_coach: Coach) -> None:
        """`e` on the newest delivery: "Edit a delivery" with its date (→ Fri 20 Nov 2026), its
        kind (Service, with the hint that it does not reset the rhythm), its summary, no need,
        Told ticked."""

        async def run_before(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)

        assert snap_compare(timeline_app(demo_coach), terminal_size=WIDE, run_before=run_before)
