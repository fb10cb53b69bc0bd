"""`?` opens the help from dialogs and forms too, at the dialog's own section, and `esc` comes
back to the dialog as it was; in a text field `?` is a character, typed like any other."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea
from tuikit import settle, sync, type_text

from coach_tui.app import CoachApp
from coach_tui.screens.help import IMPORT_CSV, OTHER_FORMS, HelpScreen
from coach_tui.services import Coach
from coach_tui.widgets.app_footer import AppFooter
from coach_tui.widgets.card import BoardCard

NARROW = (80, 24)
NORTHWIND = "demo00"  # cards in every column, one of them in Deliver
DELIVER_CARD = "demo00c005"


async def keys(pilot: Pilot, *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def on_board(pilot: Pilot, *pressed: str) -> None:
    app = pilot.app
    assert isinstance(app, CoachApp)
    app.open_board(NORTHWIND)
    await settle(pilot)
    await keys(pilot, *pressed)


async def card_delivery_offer(pilot: Pilot) -> None:
    """Move the Deliver card into Steward: the board offers to log it as a delivery."""
    await on_board(pilot)
    pilot.app.screen.query_one(f"#card-{DELIVER_CARD}", BoardCard).focus()
    await keys(pilot, "right_square_bracket")


async def focus_kind(pilot: Pilot) -> None:
    """Leave the text fields for the kind pick list."""
    pilot.app.screen.query_one("#kind", Select).focus()
    await settle(pilot)


# Each dialog, how to open it (and put the focus where `?` is a key), its class and the help
# section it opens at.
DIALOGS: dict[str, tuple[Callable[[Pilot], Awaitable[None]], str, str]] = {
    "question": (lambda pilot: on_board(pilot, "x"), "ConfirmScreen", "Questions"),
    "report": (lambda pilot: on_board(pilot, "R"), "ReportScreen", "Stewardship report (R on a board)"),
    "stage pick": (lambda pilot: on_board(pilot, "O", "s"), "StagePickScreen", "Picking an opportunity's stage"),
    "evidence": (lambda pilot: on_board(pilot, "tab", "enter"), "EvidenceScreen", "A pillar's evidence (enter on a pillar)"),
    "card delivery offer": (card_delivery_offer, "CardDeliveryScreen", "Log a delivery"),
}


async def log_form_on_kind(pilot: Pilot) -> None:
    await keys(pilot, "l")
    await focus_kind(pilot)


async def card_form_on_need(pilot: Pilot) -> None:
    await on_board(pilot, "l", "a")  # a new card in Plan, which asks for the need it answers
    pilot.app.screen.query_one("#need", Select).focus()
    await settle(pilot)


async def import_on_rows_are(pilot: Pilot) -> None:
    """Import from CSV (ctrl+p), the focus on its "Rows are" pick list."""
    await keys(pilot, "ctrl+p")
    await type_text(pilot, "import from csv")
    await keys(pilot, "enter")
    pilot.app.screen.query_one("#what", Select).focus()
    await settle(pilot)


FORMS: dict[str, tuple[Callable[[Pilot], Awaitable[None]], str, str]] = {
    "log": (log_form_on_kind, "LogDeliveryScreen", "Log a delivery"),
    "card": (card_form_on_need, "CardFormScreen", OTHER_FORMS),
    "import csv": (import_on_rows_are, "ImportCsvScreen", IMPORT_CSV),
}


@pytest.mark.parametrize("where", [*DIALOGS, *FORMS])
@sync
async def test_question_mark_opens_help_at_the_dialogs_section(demo_coach: Coach, where: str) -> None:
    go, screen, section = {**DIALOGS, **FORMS}[where]
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await go(pilot)
        dialog = app.screen
        assert type(dialog).__name__ == screen
        focused = app.focused
        footers = dialog.query(AppFooter)
        if footers:
            assert "? Help" in str(footers.first().render())
        await keys(pilot, "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.section == section
        (here,) = help_screen.query(".help-group.-here")
        assert str(here.query_one(".help-title").render()).startswith(section)
        await keys(pilot, "escape")
        assert app.screen is dialog and app.focused is focused


@sync
async def test_in_a_text_field_question_mark_is_typed(demo_coach: Coach) -> None:
    app = CoachApp(demo_coach, weekly_prompt=False)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await keys(pilot, "l")  # the log form, the focus in the summary (a client is selected)
        form = app.screen
        summary = app.focused
        assert isinstance(summary, Input) and summary.id == "summary"
        assert "? Help" not in str(form.query_one(AppFooter).render())  # ? is a letter here
        await type_text(pilot, "why?")
        await settle(pilot)
        assert app.screen is form and summary.value == "why?"

        # A multi-line field too: the card form's notes.
        await keys(pilot, "escape", "y")  # discard the typed summary
        await on_board(pilot, "a")
        card_form = app.screen
        notes = card_form.query_one("#notes", TextArea)
        notes.focus()
        await type_text(pilot, "who?")
        await settle(pilot)
        assert app.screen is card_form and notes.text == "who?"
