"""Snapshot tests of the dashboard, the log form with an error, the empty state and the help
screen, each at 80x24 and 120x40; the dashboard's detail pane at 200x50 and 80x24 (`i`), and
the archived clients shown (`A`).

The demo portfolio is frozen on Wednesday 2026-11-25 (conftest sets COACH_TODAY); the weekly
prompt is off and input cursors do not blink, so every picture is the same on every run.
Refresh on purpose with `--snapshot-update`, then look at the pictures.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input
from tuikit import settle

from coach_tui.app import CoachApp
from coach_tui.services import Coach
from coach_tui.widgets.client_table import ClientTable

NARROW = (80, 24)
WIDE = (120, 40)


def app_for(coach: Coach) -> CoachApp:
    return CoachApp(coach, weekly_prompt=False)


async def log_form_with_bad_date(pilot: Pilot) -> None:
    """Open the log form on Northwind, fill it, type an unreadable date and try to save."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    await settle(pilot)
    table = app.dashboard.query_one(ClientTable)
    northwind = app.coach.portfolio.find_client("Northwind").id
    table.move_cursor(row=table.row_keys.index(northwind))
    await pilot.press("l")
    await settle(pilot)
    app.screen.query_one("#summary", Input).value = "Q4 freight benchmark and lane savings"
    app.screen.query_one("#date", Input).value = "blursday"
    await pilot.press("ctrl+s")
    await settle(pilot)


async def open_help(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


class TestDashboard:
    """The demo portfolio's daily review. Header "coach — Wed 25 Nov 2026 · 11 active clients";
    the summary "4 overdue · 2 due this week · 8 untold Steward cards", "sorted by urgency" on
    the right, and the weakest pillar (Leadership by example 40/100, 5 of 11 clients with no
    executive sponsor). Rows in urgency order: 株式会社サクラ物流 overdue 50d (red) first and
    under the cursor, then Northwind 20d, Müller 5d, Halvorsen 2d; due soon in yellow; two new in
    blue; on track in green. Each row has its tier letter, since/cadence, next due, six
    consistency ticks (fewer for new clients), the weakest pillar and card counts with untold
    Steward cards highlighted. Under the table the selected client's brief; the footer keys."""

    def test_dashboard_120x40(self, snap_compare, demo_coach: Coach) -> None:
        """Wide: full headers ("Since / cadence", "Consistency", "Cards" as U2 P1 D0 S2) and
        whole names."""
        assert snap_compare(app_for(demo_coach), terminal_size=WIDE, run_before=settle)

    def test_dashboard_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """Narrow: short headers ("Since", "Consist.", "U P D S"), names cut with an ellipsis on
        whole characters (the Japanese name too), nothing pushed off screen; the footer fits."""
        assert snap_compare(app_for(demo_coach), terminal_size=NARROW, run_before=settle)


BIG = (200, 50)


async def details_at_narrow(pilot: Pilot) -> None:
    """`i` under 120 columns: the detail pane takes most of the screen."""
    await settle(pilot)
    await pilot.press("i")
    await settle(pilot)


async def archived_shown(pilot: Pilot) -> None:
    """`A`, then the cursor on the archived demo client."""
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)
    await pilot.press("end")
    await settle(pilot)


class TestDashboardDetail:
    """The daily review with its detail pane, on the demo portfolio.

    At 200x50 the pane sits beside the table, some 70 columns wide; the table spells its
    headers out ("Since / cadence", "Consistency", "Cards" as U2 P1 D0 S2, "Renews"), the names
    whole in a column capped at 40 cells, no blank run before the status. The pane shows
    株式会社サクラ物流 (under the cursor): tier B, €380k a year, renews 24 Jan 2027; "no
    executive sponsor" and "plan shared Jul 23" in warning/plain; "Overdue by 50 days" in the
    overdue colour and why; the last value-add Sep 6 with its kind and summary in italics; next
    due Oct 6 (50 days ago); the consistency ticks; the cards per column with "2 untold"; the
    weakest pillar (Leadership by example 15/100) with its evidence, one line each; the tip's
    title in bold and its action. The two new clients' Next due reads "now"."""

    def test_dashboard_200x50(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(app_for(demo_coach), terminal_size=BIG, run_before=settle)

    def test_details_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """80x24 after `i`: the table keeps its header and three rows (the cursor's first), the
        pane under it the rest: the name with tier, revenue and renewal on one line, the status
        and why, the last value-add's summary, the weakest pillar with its evidence on one line,
        the tip, the sponsor and plan, then next due, consistency and cards. The footer shows
        "i Details"."""
        assert snap_compare(app_for(demo_coach), terminal_size=NARROW, run_before=details_at_narrow)


class TestArchivedShown:
    """120x40 after `A` and `end`: the demo's archived client is the last row, every cell
    dimmed, its status "archived" and its next due "—"; the header says "1 archived shown";
    the pane beside the table says "Archived: out of the review and its counts; a brings it
    back"; the footer offers "a Unarchive"."""

    def test_archived_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(app_for(demo_coach), terminal_size=WIDE, run_before=archived_shown)


class TestLogFormError:
    """The log form over the dashboard for Northwind Freight Partners after a save with the date
    "blursday": the date field keeps "blursday" with a red ✗ beside it and, under it, the
    message naming what was typed and the accepted forms; the summary, "New idea" and its
    value-add hint, need "none" and the unticked "told" box are all still there. Footer: ^s Save,
    esc Cancel."""

    def test_log_form_error_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(app_for(demo_coach), terminal_size=WIDE, run_before=log_form_with_bad_date)

    def test_log_form_error_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """The dialog fits 80x24 with the message wrapped under the date, not cut."""
        assert snap_compare(app_for(demo_coach), terminal_size=NARROW, run_before=log_form_with_bad_date)


class TestEmptyState:
    """An empty data folder: the header says 0 active clients, no table, and a centred panel
    "No active clients yet" listing n (add a client), l (log a delivery) and ? (every key), with a
    pointer to `coach --demo`. The footer shows only the keys that make sense: Log, New, Weekly,
    Help, Quit."""

    def test_empty_120x40(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(app_for(coach), terminal_size=WIDE, run_before=settle)

    def test_empty_80x24(self, snap_compare, coach: Coach) -> None:
        assert snap_compare(app_for(coach), terminal_size=NARROW, run_before=settle)


class TestHelp:
    """The help modal over the dashboard: "Keys" in its border, a short intro, then one group
    per screen ("Everywhere", "Dashboard: the daily review", the client board, the weekly
    coaching, the forms...) with each key in accent colour and what it does. "esc or ?
    closes · q quits" in the bottom border; the dashboard's section marked "◀ you are here"."""

    def test_help_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(app_for(demo_coach), terminal_size=WIDE, run_before=open_help)

    def test_help_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """Narrow: the dialog takes the whole screen and scrolls; the first groups are visible."""
        assert snap_compare(app_for(demo_coach), terminal_size=NARROW, run_before=open_help)


class TestUnusualNames:
    """Names a user may really type: a markup-like "[red]Acme[/]" and "[@click=app.quit]x" shown
    as typed, a very long name, CJK and emoji, all cut with an ellipsis at the column's edge."""

    NAMES = (
        "[red]Acme[/] Holdings",
        "[@click=app.quit]x",
        "The Extraordinarily Long-Named International Consolidated Shipping Company",
        "北京国际物流集团有限公司华东分公司",
        "🚀 Rocket Foods 🍕🍕🍕 and friends",
    )

    def test_unusual_names_80x24(self, snap_compare, coach: Coach) -> None:
        for name in self.NAMES:
            coach.clients.add(name)
        assert snap_compare(app_for(coach), terminal_size=NARROW, run_before=settle)

    def test_unusual_names_120x40(self, snap_compare, coach: Coach) -> None:
        for name in self.NAMES:
            coach.clients.add(name)
        assert snap_compare(app_for(coach), terminal_size=WIDE, run_before=settle)
