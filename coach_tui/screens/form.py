"""What every form shares: `ctrl+s` saves, `esc` cancels (asking first when something was
typed, so nothing is lost by a stray key), and errors appear under the field they concern."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, ScreenResultType
from textual.widget import Widget
from textual.widgets import Label

from ..widgets.field_error import FieldError

if TYPE_CHECKING:
    from ..services import Coach


class FormScreen(ModalScreen[ScreenResultType]):
    """A modal form. Subclasses provide `is_dirty`, `action_save` and `discard_what()`."""

    BINDINGS = [
        # priority: ctrl+s must save even while a multi-line TextArea has the focus.
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__(classes="form-screen")
        self.coach = coach
        self._saving = False  # a save is under way: a second ctrl+s must not save twice

    @property
    def is_dirty(self) -> bool:
        """True when something differs from how the form opened."""
        raise NotImplementedError

    def discard_what(self) -> str:
        """What would be lost, for the question `Discard ...?`."""
        raise NotImplementedError

    def _error(self, name: str) -> FieldError:
        return self.query_one(f"#{name}", FieldError)

    def action_cancel(self) -> None:
        if not self.is_dirty:
            self.dismiss(None)
            return
        from .confirm import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(f"Discard {self.discard_what()}?", "What you typed here will be lost.", yes="Discard", no="Keep editing"),
            answer,
        )


def form_row(label: str, *body: Widget) -> Horizontal:
    """One labelled row of a form: the label, then the field(s) and their error line."""
    return Horizontal(Label(label, classes="form-label"), Vertical(*body, classes="form-body"), classes="form-row")
