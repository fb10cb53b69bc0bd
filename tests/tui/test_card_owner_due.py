"""Pilot tests of a card's owner and due date: edited in the card form (the owner suggested
from the account's people, the due date typed as people type dates), shown on the card, an
overdue one highlighted; notes longer than a card holds open cut and stay as stored.

The account is built through the services on an empty data folder, frozen on 2026-11-25.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.content import Content
from textual.widgets import Input, TextArea
from tuikit import board_app, settle, sync, type_text

from coach_tui.domain.errors import InputError
from coach_tui.domain.validation import NOTES_LIMIT
from coach_tui.screens.board import BoardScreen
from coach_tui.screens.card_form import CardFormScreen
from coach_tui.services import Coach
from coach_tui.widgets.card import BoardCard

TODAY = date(2026, 11, 25)
WIDE = (120, 40)


def account(coach: Coach) -> tuple[str, str]:
    """Acme with our delivery lead Ana Lima and one Deliver card; (client id, card id)."""
    client = coach.clients.add("Acme Logistics", added=TODAY - timedelta(days=200))
    coach.people.add(client.id, "Ana Lima", "delivery-lead", ours=True)
    coach.people.add(client.id, "Dana Reyes", "decision-maker")
    made = coach.boards.add_card(client.id, "deliver", "Route audit")
    assert made.card_id is not None
    return client.id, made.card_id


def stored(coach: Coach, client_id: str, card_id: str):
    return next(c for c in coach.repo.read_client(client_id).cards if c.id == card_id)


async def edit_card(pilot, card_id: str) -> CardFormScreen:
    await settle(pilot)
    pilot.app.screen.query_one(f"#card-{card_id}", BoardCard).focus()
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, CardFormScreen)
    return form


@sync
async def test_owner_and_due_are_edited_and_shown(coach: Coach) -> None:
    client_id, card_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        form = await edit_card(pilot, card_id)
        assert "our team: Ana Lima" in form.query_one("#owner-hint").render().plain
        form.query_one("#owner", Input).focus()
        await type_text(pilot, "an")
        await pilot.press("right")  # takes the suggested name
        assert form.query_one("#owner", Input).value == "Ana Lima"
        form.query_one("#due", Input).focus()
        await type_text(pilot, "in 2w")
        await settle(pilot)
        assert "Wed 9 Dec 2026 (in 14 days)" in form.query_one("#due-preview").render().plain
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        card = stored(coach, client_id, card_id)
        assert (card.owner, card.due) == ("Ana Lima", date(2026, 12, 9))
        shown = app.screen.query_one(f"#card-{card_id}", BoardCard)
        plain = shown.render().plain
        assert "due Dec 9" in plain and "Ana Lima" in plain
        assert not shown.has_class("overdue")
        # Clearing the due date takes it off; the owner stays.
        form = await edit_card(pilot, card_id)
        assert form.query_one("#due", Input).value == "2026-12-09"
        form.query_one("#due", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        card = stored(coach, client_id, card_id)
        assert (card.owner, card.due) == ("Ana Lima", None)


@sync
async def test_an_overdue_card_is_highlighted(coach: Coach) -> None:
    client_id, card_id = account(coach)
    coach.boards.edit_card(client_id, card_id, owner="Someone Else", due=TODAY - timedelta(days=3))
    app = board_app(coach, client_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = app.screen.query_one(f"#card-{card_id}", BoardCard)
        assert shown.has_class("overdue")
        assert "3d late" in shown.render().plain


@sync
async def test_a_bad_due_date_keeps_the_fields(coach: Coach) -> None:
    client_id, card_id = account(coach)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        form = await edit_card(pilot, card_id)
        form.query_one("#title", Input).value = "Route audit, phase 2"
        form.query_one("#owner", Input).value = "[b]Ana[/b]"
        due = form.query_one("#due", Input)
        due.value = "whenever"
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = form.query_one("#due-error").render().plain
        assert "whenever" in error and "in 2w" in error
        assert due.value == "whenever" and form.query_one("#owner", Input).value == "[b]Ana[/b]"
        assert form.query_one("#title", Input).value == "Route audit, phase 2"
        card = stored(coach, client_id, card_id)
        assert (card.title, card.owner, card.due) == ("Route audit", "", None)


@sync
async def test_notes_over_the_limit_open_cut_and_stay_as_stored(coach: Coach) -> None:
    client_id, card_id = account(coach)
    huge = "n" * (NOTES_LIMIT + 500)
    with coach.repo.transaction() as txn:  # as a file edited by hand would hold them
        card = stored(coach, client_id, card_id)
        card.notes = huge
        txn.put_card(card)
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        form = await edit_card(pilot, card_id)
        notes = form.query_one("#notes", TextArea).text
        assert notes.endswith(f"[cut: {len(huge):,} characters in all]") and len(notes) < len(huge) + 50
        form.query_one("#owner", Input).value = "Ana Lima"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        card = stored(coach, client_id, card_id)
        assert card.owner == "Ana Lima" and card.notes == huge


@sync
async def test_a_hostile_owner_is_shown_literally(coach: Coach) -> None:
    client_id, card_id = account(coach)
    coach.boards.edit_card(client_id, card_id, owner="[@click=app.quit]Eve[/]")
    app = board_app(coach, client_id)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shown = app.screen.query_one(f"#card-{card_id}", BoardCard)
        assert "owner [@click" in shown.render().plain
        await pilot.hover(f"#card-{card_id}")  # the tooltip says it whole
        await settle(pilot)
        assert isinstance(shown.tooltip, Content) and "owner: [@click=app.quit]Eve[/]" in shown.tooltip.plain
        shown.focus()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CardFormScreen)
        assert form.query_one("#owner", Input).value == "[@click=app.quit]Eve[/]"


def test_owner_and_due_through_the_board_use_cases_and_undo(coach: Coach) -> None:
    client_id, card_id = account(coach)
    coach.boards.edit_card(client_id, card_id, owner="Ana Lima", due=date(2026, 12, 9))
    card = stored(coach, client_id, card_id)
    assert (card.owner, card.due) == ("Ana Lima", date(2026, 12, 9))
    coach.journal.undo()
    card = stored(coach, client_id, card_id)
    assert (card.owner, card.due) == ("", None)
    coach.journal.redo()
    # A title edit leaves them as they are ("" keeps the due date, None the owner).
    coach.boards.edit_card(client_id, card_id, title="Route audit v2")
    card = stored(coach, client_id, card_id)
    assert (card.title, card.owner, card.due) == ("Route audit v2", "Ana Lima", date(2026, 12, 9))
    added = coach.boards.add_card(client_id, "plan", "Pilot", owner="Dana Reyes", due=date(2026, 12, 1))
    new = stored(coach, client_id, added.card_id or "")
    assert (new.owner, new.due) == ("Dana Reyes", date(2026, 12, 1))
    try:
        coach.boards.edit_card(client_id, card_id, owner="two\nlines")
    except InputError as error:
        assert error.field == "owner"
    else:
        raise AssertionError("a two-line owner was accepted")
