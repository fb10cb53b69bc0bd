"""Snapshot tests of the daily review filtered by any text, at 80x24 and 120x40 (the demo
portfolio, frozen on 2026-11-25; the weekly prompt off, input cursors still)."""

from __future__ import annotations

from textual.pilot import Pilot
from tuikit import settle, type_text

from coach_tui.app import CoachApp
from coach_tui.services import Coach
from coach_tui.widgets.client_table import ClientTable

NARROW = (80, 24)
WIDE = (120, 40)


def app_for(coach: Coach) -> CoachApp:
    return CoachApp(coach, weekly_prompt=False)


async def filter_supply_by_name_reversed(pilot: Pilot) -> None:
    """`/` "supply status:ok,due", enter (back to the rows), `s` (by name), `S` (reversed),
    the cursor on Redwood Civil Engineering."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    await settle(pilot)
    await pilot.press("slash")
    await settle(pilot)
    await type_text(pilot, "supply status:ok,due")
    await settle(pilot)
    await pilot.press("enter", "s", "S")
    await settle(pilot)
    table = app.dashboard.query_one(ClientTable)
    redwood = app.coach.portfolio.find_client("Redwood").id
    table.move_cursor(row=table.row_keys.index(redwood))
    await settle(pilot)


class TestFilteredByAnyText:
    """The review filtered by "supply status:ok,due": the filter bar shows the query and "N of
    11 shown"; the rows are the on-track and due-soon clients whose text mentions supply
    (Halvorsen Marine Supply by its name, the others by a need or a person), sorted by name
    reversed: the header's Client column carries "▴" and the summary says "sorted by name,
    reversed". Redwood Civil Engineering is under the cursor and the line under the filter says
    "matched: need 'Concrete supply delays on the riverside project': ..."."""

    def test_filtered_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(app_for(demo_coach), terminal_size=WIDE, run_before=filter_supply_by_name_reversed)

    def test_filtered_80x24(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(app_for(demo_coach), terminal_size=NARROW, run_before=filter_supply_by_name_reversed)
