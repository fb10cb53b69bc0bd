"""Snapshot tests of a client's board, its narrow layout, the evidence modal and the card form.

The client is Northwind Freight Partners from the demo portfolio (frozen on 2026-11-25): cards
in every column, a Plan card stuck for 95 days, two Steward cards waiting to be told, and
Tactics as its weakest pillar. Refresh on purpose with `--snapshot-update`, then look.
"""

from __future__ import annotations

from textual.pilot import Pilot
from tuikit import board_app, settle

from coach_tui.services import Coach

NORTHWIND = "demo00"
SAKURA = "demo02"  # a Japanese client name and a stuck card


class TestBoardWide:
    """120x40: the four columns with counts in their titles ("Plan 2", "1 stuck" under Plan),
    the first Understand card focused, the red STUCK badge on "Propose consolidated LTL...",
    orange TELL badges on both Steward cards, "↳ need" on linked cards; beside them the panel:
    OVERDUE 20D badge, 34 days since the last value-add, consistency ticks 4 of 6, relevance,
    five pillar bars with Tactics (36) marked weakest in red, its tip, the 12-week sparkline and
    the last 10 value-adds. The footer lists the board's keys."""

    def test_board_120x40(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(board_app(demo_coach, NORTHWIND), terminal_size=(120, 40), run_before=settle)

    def test_wide_characters_120x40(self, snap_compare, demo_coach: Coach) -> None:
        """株式会社サクラ物流: the Japanese name in the header and the card titles are cut on
        whole characters with an ellipsis, never half a glyph."""
        assert snap_compare(board_app(demo_coach, SAKURA), terminal_size=(120, 40), run_before=settle)


class TestBoardNarrow:
    """80x24: the four columns take the whole width and the side panel is hidden (tab shows
    it instead of the board). Header with name, status badge and weakest pillar; footer keys."""

    def test_board_80x24(self, snap_compare, demo_coach: Coach) -> None:
        assert snap_compare(board_app(demo_coach, NORTHWIND), terminal_size=(80, 24), run_before=settle)

    def test_panel_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """After tab: the side panel in two columns (cadence, pillars with the cursor on
        Recognize, the tip | sparkline and value-adds) in place of the board."""
        assert snap_compare(board_app(demo_coach, NORTHWIND), terminal_size=(80, 24), press=["tab"], run_before=settle)


class TestBoardModals:
    """Modals over the dimmed board."""

    def test_evidence_modal(self, snap_compare, demo_coach: Coach) -> None:
        """Tactics: its full title, 36/100 with a red bar and "weakest pillar", and every
        evidence line (1 of 3 cards stuck, 2 Steward cards untold, the self-assessment)."""
        assert snap_compare(
            board_app(demo_coach, NORTHWIND),
            terminal_size=(120, 40),
            press=["tab", "down", "down", "down", "enter"],
            run_before=settle,
        )

    def test_card_form_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """Editing "Pilot digital customs pre-filing..." in Plan at 80x24: title, notes, the need
        it answers ("Customs paperwork delays at Gdańsk"), ctrl+s / esc in the border."""

        async def edit(pilot: Pilot) -> None:
            await settle(pilot)
            await pilot.press("l", "j", "e")
            await pilot.pause()

        assert snap_compare(board_app(demo_coach, NORTHWIND), terminal_size=(80, 24), run_before=edit)


def pressing(*keys: str):
    """A `run_before` that lets the board settle after each key (a move's offer comes from a
    worker: the picture waits for it)."""

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


class TestBoardDetailPane:
    """The detail pane of the focused card, laid out for the width (new with the master–detail
    board; the lead generates these pictures)."""

    def test_detail_80x24(self, snap_compare, demo_coach: Coach) -> None:
        """80x24, the focus on "Emissions dashboard prototype for three lanes" in Deliver: the
        columns above (titles on up to three lines), the pane below them with the whole title,
        "Deliver · 25 days in this column", the need it answers ("Needs CO2 reporting per
        shipment for CSRD"), owner Kim Park and due Dec 5; the footer's keys readable."""
        assert snap_compare(board_app(demo_coach, NORTHWIND), terminal_size=(80, 24), run_before=pressing("l", "l"))

    def test_detail_200x50(self, snap_compare, demo_coach: Coach) -> None:
        """200x50, the same card focused: the four columns, the pane beside them (whole title,
        column and age, need, owner and due date, "created Oct 21 in Plan → Deliver Oct 31",
        its notes), then the side panel, whose last 10 value-adds go on under themselves
        rather than being cut at 19 characters."""
        assert snap_compare(board_app(demo_coach, NORTHWIND), terminal_size=(200, 50), run_before=pressing("l", "l"))

    def test_log_the_delivered_card_120x40(self, snap_compare, demo_coach: Coach) -> None:
        """`]` on the Deliver card: the offer over the dimmed board, "Delivered: log it as a
        delivery?", the card and the need it answers, Kind "New idea" (focused) with its hint,
        the summary prefilled with the card's title, the date "today" read as Wed 25 Nov 2026,
        "ctrl+s log it · esc skip" in the border."""
        assert snap_compare(
            board_app(demo_coach, NORTHWIND), terminal_size=(120, 40), run_before=pressing("l", "l", "right_square_bracket")
        )
