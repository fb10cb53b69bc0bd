"""Pilot tests of the stewardship report modal: copy, save (never replacing a file unasked),
mark told after a confirmation, and the format and period keys."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input, Static
from tuikit import settle, sync, until

from coach_tui.coaching.report import build_report, parse_since
from coach_tui.screens.confirm import ConfirmScreen
from coach_tui.screens.report import ReportScreen, SavePathScreen
from coach_tui.services import Coach

NORTHWIND = "demo00"  # two untold Steward cards in the last 90 days


class ReportApp(App[None]):
    """Opens the report over an empty screen and keeps what it dismissed with."""

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        self.results: list[bool | None] = []

    def on_mount(self) -> None:
        self.push_screen(ReportScreen(self.coach, NORTHWIND), self.results.append)


def expected(coach: Coach, since: str = "90d", fmt: str = "md") -> str:
    today = coach.today()
    return build_report(coach.repo.read_client(NORTHWIND), parse_since(since, today), today, fmt).text  # type: ignore[arg-type]


def untold(coach: Coach) -> int:
    return len(coach.boards.read(NORTHWIND).columns["steward"])


def shown(app: App) -> str:
    return str(app.screen.query_one("#report-text", Static).render())


@sync
async def test_shows_the_report_and_copies_it(demo_coach: Coach) -> None:
    app = ReportApp(demo_coach)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert shown(app) == expected(demo_coach).rstrip("\n")
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == expected(demo_coach)


class NoticedReportApp(ReportApp):
    """The report app, keeping every message it shows."""

    def __init__(self, coach: Coach) -> None:
        super().__init__(coach)
        self.messages: list[str] = []

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self.messages.append(str(message))
        super().notify(message, *args, **kwargs)


@sync
async def test_copy_says_where_the_report_went_and_keeps_it_in_a_file(
    demo_coach: Coach, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clipboard is the terminal's (OSC 52, which it may ignore): the message says so and
    names a file that holds the report whatever the terminal did."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    app = NoticedReportApp(demo_coach)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await until(lambda: bool(app.messages))
    (message,) = app.messages
    assert "terminal's clipboard (OSC 52" in message and "Copied" not in message
    (kept,) = tmp_path.glob("coach-report-*/*")
    assert kept.name == "northwind-freight-partners-stewardship-2026-11-25.md"
    assert str(kept) in message
    assert kept.read_text(encoding="utf-8") == expected(demo_coach)
    assert (kept.parent.stat().st_mode & 0o777) == 0o700  # the user's own folder


@sync
async def test_format_and_period_keys(demo_coach: Coach) -> None:
    app = ReportApp(demo_coach)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert shown(app) == expected(demo_coach, fmt="txt").rstrip("\n")
        await pilot.press("p")  # 6 months
        await settle(pilot)
        assert shown(app) == expected(demo_coach, since="6m", fmt="txt").rstrip("\n")
        assert "last 6 months" in str(app.screen.query_one("#report-meta", Static).render())


@sync
async def test_save_refuses_to_replace_without_confirmation(demo_coach: Coach, tmp_path: Path) -> None:
    target = tmp_path / "northwind.md"
    app = ReportApp(demo_coach)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SavePathScreen)
        field = app.screen.query_one(Input)
        assert field.value == "northwind-freight-partners-stewardship-2026-11-25.md"
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == expected(demo_coach)

        # Again, onto the file now there: asked first, and "no" keeps it.
        target.write_text("keep me", encoding="utf-8")
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == "keep me"

        # And "yes" replaces it.
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == expected(demo_coach)

        # Escape cancels the path question without writing anything.
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one(Input).value = str(tmp_path / "never.md")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        assert not (tmp_path / "never.md").exists()


@sync
async def test_mark_told_after_confirmation(demo_coach: Coach) -> None:
    assert untold(demo_coach) == 2
    app = ReportApp(demo_coach)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert untold(demo_coach) == 2

        await pilot.press("t", "y")
        await settle(pilot)
        assert untold(demo_coach) == 0
        assert "untold" not in str(app.screen.query_one("#report-meta", Static).render())
        # Nothing left to mark: no question this time.
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape")
        await settle(pilot)
    assert app.results == [True]  # the board reloads when the report changed something


@sync
async def test_closing_without_changes_says_so(demo_coach: Coach) -> None:
    app = ReportApp(demo_coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert app.results == [False]
