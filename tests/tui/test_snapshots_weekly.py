"""Snapshot tests of the weekly coaching screen, its history view and the stewardship report.

The data is the demo portfolio frozen on Wednesday 2026-11-25 (the week of Nov 23): Leadership
by example is the portfolio's weakest pillar (5 of 11 clients with no executive sponsor), three
clients are overdue (株式会社サクラ物流 by 50 days, Northwind by 20, Müller Präzision by 5), last
week's commitment is not answered yet, and six weeks of self-assessments and commitments lie
behind. Refresh on purpose with `--snapshot-update`, then look at the pictures.
"""

from __future__ import annotations

from textual.pilot import Pilot
from tuikit import OneScreenApp, settle

from coach_tui.screens.report import ReportScreen
from coach_tui.screens.weekly import WeeklyScreen
from coach_tui.screens.weekly_history import WeeklyHistoryScreen
from coach_tui.services import Coach

WIDE = (120, 40)
NARROW = (80, 24)
NORTHWIND = "demo00"


def weekly(coach: Coach) -> OneScreenApp:
    return OneScreenApp(lambda: WeeklyScreen(coach, coach.weekly.open()))


def history(coach: Coach) -> OneScreenApp:
    return OneScreenApp(lambda: WeeklyHistoryScreen(coach.weekly.history()))


def report(coach: Coach) -> OneScreenApp:
    return OneScreenApp(lambda: ReportScreen(coach, NORTHWIND))


class TestWeeklyWide:
    """120x40, two columns. Left: "Weakest pillar" Leadership by example 40/100 (orange) with
    three evidence bullets; "This week's tip" with its bold title, body, "Do this week" action
    and italic "Ask yourself" question; "Most overdue" with three clients, days over in red.
    Right: last week's commitment with Kept? Yes y / No n and "not answered"; an empty commitment
    field with its placeholder; the self-assessment with the cursor bar on Recognize, empty
    meters and "last week N" reminders, then the highlighted pillar's title and question.
    Footer: ↑↓ Pillar, 1-5 Score, esc Close, y Kept, n Not kept, c Commit, h History."""

    def test_weekly_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(weekly(demo_coach), terminal_size=WIDE, run_before=settle)

    def test_weekly_answered_120x40(self, snap_compare, demo_coach: Coach) -> None:
        """After 4, 2, y and a commitment typed and entered: Recognize ████░ 4, Lead ██░░░ 2,
        the cursor bar on Strategy (its question below), "✓ kept" in green, the commitment in
        the field with "✓ saved" under it."""

        async def answer(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("4", "2", "y", "c")
            await pilot.press(*["space" if ch == " " else ch for ch in "Ask Dana to call the Kestrel COO"])
            await pilot.press("enter")
            await pilot.pause()

        assert snap_compare(weekly(demo_coach), terminal_size=WIDE, run_before=answer)


class TestWeeklyNarrow:
    """80x24: one column that scrolls, the scrollbar on the right."""

    def test_weekly_top_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """The top: the title bar, the weakest pillar with its evidence and the tip, whole,
        wrapped to the width; the footer's keys."""
        assert snap_compare(weekly(demo_coach), terminal_size=NARROW, run_before=settle)

    def test_weekly_assessment_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """After `a`: scrolled down to the self-assessment, whole, with the cursor bar on
        Recognize, its border in the accent colour, the Recognition question under it."""

        async def scroll(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("a")
            await pilot.pause()

        assert snap_compare(weekly(demo_coach), terminal_size=NARROW, run_before=scroll)


class TestWeeklyHistory:
    """The history view: the self-assessment chart (five pillars, 12 weeks: six empty weeks of
    dots, then six weeks of answers as digits on red / orange / grey / green, this week a dot,
    with "= same", "↓ down" or "↑ up" from the last two answers) and the dates Sep 7, Oct 5,
    Nov 2 under it; then "Week by week": Nov 16 to Oct 12, newest first, each with its weakest
    self-assessed pillar, ✓ kept / ✗ not kept / no answer, and the commitment cut with an
    ellipsis where the width runs out; "3 of 5 commitments kept" at the bottom right."""

    def test_history_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(history(demo_coach), terminal_size=WIDE, run_before=settle)

    def test_history_80x24(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(history(demo_coach), terminal_size=NARROW, run_before=settle)


class TestReport:
    """The stewardship report for Northwind over the last 90 days, in a modal."""

    def test_report_120x40(self, snap_compare, demo_coach: Coach) -> None:
        """Title bar "Stewardship report · Northwind Freight Partners"; "last 90 days ·
        Markdown · 9 items · 2 untold Steward cards" (the last part in the warning colour);
        the Markdown text: heading, opening line, three needs and Other with dated, kinded
        bullets, the closing line; footer: esc Close, c Copy, s Save, t Mark told, f Format,
        p Period."""
        assert snap_compare(report(demo_coach), terminal_size=WIDE, run_before=settle)

    def test_report_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """80x24 in plain text (after `f`): "Markdown" reads "plain text" in the second line,
        no `#` before the heading or the needs, long bullets wrapped inside the dialog, a
        scrollbar on the right; the footer's keys fit the width. (The "mark told" question is
        the app's shared ConfirmScreen, pictured with the dashboard's snapshots.)"""
        assert snap_compare(report(demo_coach), terminal_size=NARROW, press=["f"], run_before=settle)
