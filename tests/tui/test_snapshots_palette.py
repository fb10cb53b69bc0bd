"""Snapshot tests of the palette where colour is scarce: the demo portfolio's daily review and
a board as a 16-colour terminal (`TERM=xterm`) shows them, and under `NO_COLOR`.

Screenshots are always exported in truecolor, so the 16-colour pictures pass every colour
through the downgrade a 16-colour terminal makes (Rich's, the one the app's own console
makes with `TERM=xterm`) and paint it with a standard terminal's 16 colours. `NO_COLOR` is
read by Textual when the app is built: it turns every colour into a grey.

The demo portfolio is frozen on Wednesday 2026-11-25 (conftest sets COACH_TODAY).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from textual.filter import LineFilter
from textual.pilot import Pilot
from tuikit import SixteenColours, settle

import coach_tui.app
from coach_tui.app import CoachApp
from coach_tui.services import Coach

NARROW = (80, 24)
WIDE = (120, 40)


class SixteenColourApp(CoachApp):
    # Textual reads a CSS_PATH beside the module that declares it: this one is in tests/.
    CSS_PATH = [str(Path(coach_tui.app.__file__).parent / path) for path in CoachApp.CSS_PATH]

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), SixteenColours()]


async def open_northwind(pilot: Pilot) -> None:
    """Open Northwind's board (overdue 20 days)."""
    app = pilot.app
    assert isinstance(app, CoachApp)
    await settle(pilot)
    app.open_board(app.coach.portfolio.find_client("Northwind").id)
    await settle(pilot)


class TestSixteenColours:
    """`TERM=xterm`: overdue rows show "▲ overdue Nd" bold white on a bright red block, the
    strongest thing in the status column (not a grey word); due soon is a yellow word, new and
    on track plain colours. The footer keeps `?` Help and `q` Quit at 80 columns. The app's
    console is told it has 16 colours (as `TERM=xterm` tells it), so what the app picks for
    such a terminal (bright red overdue dates) is in the picture."""

    @pytest.fixture(autouse=True)
    def sixteen(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from textual import constants

        monkeypatch.setattr(constants, "COLOR_SYSTEM", "standard")

    def test_dashboard_16_colours_80x24(self, snap_compare, demo_coach: Coach) -> None:
        app = SixteenColourApp(demo_coach, weekly_prompt=False)
        assert snap_compare(app, terminal_size=NARROW, run_before=settle)

    def test_board_16_colours_120x40(self, snap_compare, demo_coach: Coach) -> None:
        """Northwind's board: the "▲ overdue 20d" badge on red under the client's name."""
        app = SixteenColourApp(demo_coach, weekly_prompt=False)
        assert snap_compare(app, terminal_size=WIDE, run_before=open_northwind)


class TestNoColor:
    """`NO_COLOR`: greys only. Overdue rows read "▲ overdue Nd" in reverse video, bold: a bright
    block, never dimmer than the text around it; the other statuses are words."""

    @pytest.fixture(autouse=True)
    def no_color(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("NO_COLOR", "1")

    def test_dashboard_no_color_80x24(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(CoachApp(demo_coach, weekly_prompt=False), terminal_size=NARROW, run_before=settle)

    def test_dashboard_no_color_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(CoachApp(demo_coach, weekly_prompt=False), terminal_size=WIDE, run_before=settle)

    def test_board_no_color_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(CoachApp(demo_coach, weekly_prompt=False), terminal_size=WIDE, run_before=open_northwind)
