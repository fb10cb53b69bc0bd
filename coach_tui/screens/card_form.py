"""Add or edit a card: `CardFormScreen(coach, client_id, column, card=None, needs=())`.

Title, notes (multi-line), outside Understand the recorded need the card answers, who owns the
work (one of the account's people, suggested as typed, or any name) and when it is due (typed as
people type dates: `fri`, `in 2w`, `Dec 15`, `2026-12-15`; read live; empty for none). Notes
longer than a card holds (a file edited by hand) open cut, with their size, and stay as stored
unless edited. The form
saves through the board's use cases itself (in the background), so a refused value (an empty
title, one over the limit, a store that is busy) is reported under its field while everything
typed stays in place. It dismisses with the `Change` it made, which the board keeps for undo,
or None when cancelled.
Escape asks before throwing away anything typed. The look is the shared form look
(`form.tcss`), like the other forms of the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static, TextArea

from ..domain.account import Person
from ..domain.dates import long_date, parse_day
from ..domain.errors import InputError
from ..domain.models import COLUMN_TITLES, Card
from ..domain.validation import NAME_LIMIT, NOTES_LIMIT, clean_line, clean_notes, clean_title
from ..services import Change, Coach
from ..textsafe import clipped, visible
from ..widgets.field_error import FieldError
from ..widgets.safe_input import SafeInput
from ..widgets.safe_text_area import SafeTextArea
from .calls import change
from .form import FormScreen, form_row

NO_NEED = "-"  # the need select's value for "answers no recorded need"


class CardFormScreen(FormScreen[Change | None]):
    """A modal form for one card. `card=None` adds a card to `column`."""

    CSS_PATH = ["form.tcss", "card_form.tcss"]
    LIVE = ("due",)

    def __init__(
        self,
        coach: Coach,
        client_id: str,
        column: str,
        card: Card | None = None,
        needs: Sequence[Card] = (),
        people: Sequence[Person] = (),
    ) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self.card = card
        self.column = card.column if card else column
        self.today = coach.today()
        # Our people first: the owner of the work is most often one of ours.
        self.people = sorted(people, key=lambda p: not p.ours)
        # A card cannot answer itself.
        self.needs = [n for n in needs if card is None or n.id != card.id]
        need_ids = {n.id for n in self.needs}
        need = card.need_id if card and card.need_id in need_ids else NO_NEED
        # Notes longer than a card holds open cut (with their size); unless edited, they stay as stored.
        notes = clipped(card.notes, NOTES_LIMIT) if card else ""
        self.initial: tuple[str, str, str, str, str] = (
            card.title if card else "",
            notes,
            need,
            card.owner if card else "",
            card.due.isoformat() if card and card.due else "",
        )

    # -- layout -----------------------------------------------------------------------------
    def heading(self) -> str:
        where = COLUMN_TITLES[self.column]
        return f"Edit card in {where}" if self.card else f"New card in {where}"

    def rows(self) -> ComposeResult:
        title, notes, need, owner, due = self.initial
        yield form_row(
            "Title",
            SafeInput(title, id="title", compact=True, max_length=NAME_LIMIT, placeholder="what is it, in a few words"),
            error="title",
        )
        yield form_row(
            "Notes",
            SafeTextArea(notes, id="notes", compact=True, soft_wrap=True, placeholder="anything worth remembering (optional)"),
            error="notes",
        )
        if self.column != "understand":
            yield form_row(
                "Answers", Select[str](self._need_options(), value=need, allow_blank=False, id="need", compact=True), error="need"
            )
        names = [p.name for p in self.people]
        yield form_row(
            "Owner",
            SafeInput(
                owner,
                id="owner",
                compact=True,
                max_length=NAME_LIMIT,
                placeholder="who carries it (optional; → takes a suggested name)",
                suggester=SuggestFromList(names, case_sensitive=False) if names else None,
            ),
            FieldError(id="owner-hint"),
            error="owner",
        )
        yield form_row(
            "Due",
            Horizontal(
                SafeInput(due, id="due", compact=True, placeholder="optional: fri, in 2w, Dec 15, 2026-12-15"),
                Static("", id="due-preview", classes="form-live", markup=False),
                classes="form-inline",
            ),
            error="due",
        )

    def _need_options(self) -> list[tuple[Content, str]]:
        options = [(Content("no recorded need"), NO_NEED)]
        for card in self.needs:
            label = Content(visible(card.title))
            if not (card.is_open and card.column == "understand"):
                label += Content.styled("  (answered earlier)", "$text-muted")
            options.append((label, card.id))
        return options

    def on_mount(self) -> None:
        ours = [visible(p.name) for p in self.people if p.ours]
        if ours:
            self._error("owner-hint").show(f"our team: {', '.join(ours)}", hint=True)
        self._show_due()
        self.query_one("#title", Input).focus()

    def _parse_due(self) -> date | None:
        text = self.query_one("#due", Input).value
        if not text.strip():
            return None
        try:
            return parse_day(text, self.today, "due date")
        except InputError as error:
            raise InputError(str(error), "due") from None

    def _show_due(self) -> None:
        def meaning() -> str:
            due = self._parse_due()
            if due is None:
                return "no due date"
            days = (due - self.today).days
            when = "today" if days == 0 else (f"in {days} days" if days > 0 else f"{-days} days ago")
            return f"{long_date(due, weekday=True)} ({when})"

        self.show_live("due", meaning)

    @on(Input.Changed, "#due")
    def _due_changed(self) -> None:
        self._show_due()

    # -- values -----------------------------------------------------------------------------
    def values(self) -> tuple[str, str, str, str, str]:
        title = self.query_one("#title", Input).value
        notes = self.query_one("#notes", TextArea).text
        selects = self.query("#need")
        need: Any = selects.first(Select).value if selects else self.initial[2]
        owner = self.query_one("#owner", Input).value
        due = self.query_one("#due", Input).value
        return title, notes, need if isinstance(need, str) else NO_NEED, owner, due

    def discard_what(self) -> str:
        return "this card"

    # -- actions ----------------------------------------------------------------------------
    def action_save(self) -> None:
        if self._saving:
            return
        title, notes, need, owner, due_text = self.values()
        # Notes opened cut are checked only once edited: unedited, they stay as stored.
        notes_check = (lambda: clean_notes(notes)) if notes != self.initial[1] else (lambda: None)
        if not self.check_fields(
            ("title", "notes", "owner", "due"),
            lambda: clean_title(title),
            notes_check,
            lambda: clean_line(owner, "owner", "owner"),
            self._parse_due,
        ):
            return
        if self.card is not None and not self.is_dirty:
            self.dismiss(None)
            return
        self._saving = True
        self._save(title, notes, None if need == NO_NEED else need, owner, self._parse_due())

    def _changed(self, title: str, notes: str, need_id: str | None, owner: str, due: date | None) -> dict[str, Any]:
        """What the user changed in an existing card, and only that: a title, notes, need,
        owner or due date changed meanwhile elsewhere (the shell, another window) keeps its
        new value."""
        old_title, old_notes, old_need, old_owner, old_due = self.initial
        changed: dict[str, Any] = {}
        if title != old_title:
            changed["title"] = title
        if notes != old_notes:
            changed["notes"] = notes
        if need_id != (None if old_need == NO_NEED else old_need):
            changed["need_id"] = need_id
        if owner != old_owner:
            changed["owner"] = owner
        if due != (date.fromisoformat(old_due) if old_due else None):
            changed["due"] = due
        return changed

    @work(exclusive=True, group="card-save")
    async def _save(self, title: str, notes: str, need_id: str | None, owner: str, due: date | None) -> None:
        boards = self.coach.boards
        try:
            if self.card is None:
                made = await change(
                    self,
                    boards.add_card,
                    self.client_id,
                    self.column,
                    title,
                    notes,
                    need_id,
                    owner,
                    due,
                    client_id=self.client_id,
                    on_error=self.show_error,
                )
            else:
                made = await change(
                    self,
                    partial(boards.edit_card, self.client_id, self.card.id, **self._changed(title, notes, need_id, owner, due)),
                    client_id=self.client_id,
                    on_error=self.show_error,
                )
        finally:
            self._saving = False
        if made is not None:
            self.dismiss(made)


__all__ = ["CardFormScreen"]
