"""Add or edit a card: `CardFormScreen(coach, client_id, column, card=None, needs=())`.

Title, notes (multi-line) and, outside Understand, the recorded need the card answers. The form
saves through the board's use cases itself (in the background), so a refused value (an empty
title, one over the limit, a store that is busy) is reported under its field while everything
typed stays in place. It dismisses with the `Change` it made, which the board keeps for undo,
or None when cancelled.
Escape asks before throwing away anything typed. The look is the shared form look
(`form.tcss`), like the other forms of the app.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Select, TextArea

from ..domain.models import COLUMN_TITLES, Card
from ..domain.validation import NAME_LIMIT, clean_notes, clean_title
from ..services import Change, Coach
from ..textsafe import visible
from ..widgets.safe_input import SafeInput
from ..widgets.safe_text_area import SafeTextArea
from .calls import change
from .form import FormScreen, form_row

NO_NEED = "-"  # the need select's value for "answers no recorded need"


class CardFormScreen(FormScreen[Change | None]):
    """A modal form for one card. `card=None` adds a card to `column`."""

    CSS_PATH = ["form.tcss", "card_form.tcss"]

    def __init__(self, coach: Coach, client_id: str, column: str, card: Card | None = None, needs: Sequence[Card] = ()) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self.card = card
        self.column = card.column if card else column
        # A card cannot answer itself.
        self.needs = [n for n in needs if card is None or n.id != card.id]
        need_ids = {n.id for n in self.needs}
        need = card.need_id if card and card.need_id in need_ids else NO_NEED
        self.initial: tuple[str, str, str] = (card.title if card else "", card.notes if card else "", need)

    # -- layout -----------------------------------------------------------------------------
    def heading(self) -> str:
        where = COLUMN_TITLES[self.column]
        return f"Edit card in {where}" if self.card else f"New card in {where}"

    def rows(self) -> ComposeResult:
        title, notes, need = self.initial
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

    def _need_options(self) -> list[tuple[Content, str]]:
        options = [(Content("no recorded need"), NO_NEED)]
        for card in self.needs:
            label = Content(visible(card.title))
            if not (card.is_open and card.column == "understand"):
                label += Content.styled("  (answered earlier)", "$text-muted")
            options.append((label, card.id))
        return options

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    # -- values -----------------------------------------------------------------------------
    def values(self) -> tuple[str, str, str]:
        title = self.query_one("#title", Input).value
        notes = self.query_one("#notes", TextArea).text
        selects = self.query("#need")
        need: Any = selects.first(Select).value if selects else self.initial[2]
        return title, notes, need if isinstance(need, str) else NO_NEED

    def discard_what(self) -> str:
        return "this card"

    # -- actions ----------------------------------------------------------------------------
    def action_save(self) -> None:
        if self._saving:
            return
        title, notes, need = self.values()
        if not self.check_fields(("title", "notes"), lambda: clean_title(title), lambda: clean_notes(notes)):
            return
        if self.card is not None and not self.is_dirty:
            self.dismiss(None)
            return
        self._saving = True
        self._save(title, notes, None if need == NO_NEED else need)

    def _changed(self, title: str, notes: str, need_id: str | None) -> dict[str, str | None]:
        """What the user changed in an existing card, and only that: a title, notes or need
        changed meanwhile elsewhere (the shell, another window) keeps its new value."""
        old_title, old_notes, old_need = self.initial
        changed: dict[str, str | None] = {}
        if title != old_title:
            changed["title"] = title
        if notes != old_notes:
            changed["notes"] = notes
        if need_id != (None if old_need == NO_NEED else old_need):
            changed["need_id"] = need_id
        return changed

    @work(exclusive=True, group="card-save")
    async def _save(self, title: str, notes: str, need_id: str | None) -> None:
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
                    client_id=self.client_id,
                    on_error=self.show_error,
                )
            else:
                made = await change(
                    self,
                    partial(boards.edit_card, self.client_id, self.card.id, **self._changed(title, notes, need_id)),
                    client_id=self.client_id,
                    on_error=self.show_error,
                )
        finally:
            self._saving = False
        if made is not None:
            self.dismiss(made)


__all__ = ["CardFormScreen"]
