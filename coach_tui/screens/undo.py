"""Undo and redo from any screen: `u` and `ctrl+r`, the app's keys (`UndoesChanges`, mixed
into the app), through the journal the store keeps of every change (`coach.journal`).

They reach every change the user made: on any screen, in an earlier session, or from the shell
(`coach undo` does the same). Each runs in the background like any change (`calls.change`), in
the order pressed; every screen is then told the data changed and shows it as it now is, and a
toast says what was undone ("Undid: moved card 'Pilot' to Deliver"), or why not. A text field
keeps its `u` (it takes printable keys first), and neither works under a form or a question:
what it would undo is not what the user is looking at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen

from .calls import change

if TYPE_CHECKING:
    from ..services import Coach

UNDO_BINDINGS = [
    Binding("u", "undo", "Undo", tooltip="Undo the last change (made on any screen, or in the shell) and say what it was"),
    Binding("ctrl+r", "redo", "Redo", show=False, tooltip="Redo the last change undone"),
]


class UndoesChanges:
    """The app's undo and redo (its BINDINGS take `UNDO_BINDINGS`)."""

    coach: Coach

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        assert isinstance(self, App)
        if action in ("undo", "redo"):
            return not isinstance(self.screen, ModalScreen)
        checked: bool | None = super().check_action(action, parameters)  # type: ignore[misc]
        return checked

    def action_undo(self) -> None:
        self._undo(True)

    def action_redo(self) -> None:
        self._undo(False)

    @work(group="undo")
    async def _undo(self, undo: bool) -> None:
        assert isinstance(self, App)
        app: App[object] = self
        journal = self.coach.journal
        call = journal.undo if undo else journal.redo
        entry = await change(app, call, error_title="Not undone" if undo else "Not redone")
        if entry is None:
            return
        app.notify(f"{'Undid' if undo else 'Redid'}: {entry.what}", markup=False)
        from .board import BoardScreen

        card_id = next((step.key for step in entry.steps if step.kind == "card"), None)
        if card_id is not None and isinstance(app.screen, BoardScreen):
            await app.screen.reload(card_id)  # the focus on the card put back


__all__ = ["UNDO_BINDINGS", "UndoesChanges"]
