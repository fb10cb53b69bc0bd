"""What every form shares: `ctrl+s` saves, `esc` cancels (asking first when something was
typed, so nothing is lost by a stray key), and errors appear under the field they concern.

A value is checked by the domain's validators as it is saved (`check_fields`), so the form
shows every refused field at once; the use case checks again as it writes, and what it
refuses comes back as an `InputError` naming its field (`show_error` puts it there). Nothing
typed is ever cleared by an error.

`DateKindForm` is the base of the three delivery forms (log one, log a card as one, edit
one): their date row, whose meaning shows as it is typed, and their kind row, whose effect on
the rhythm of value shows under it, in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen, ScreenResultType
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from ..domain.dates import long_date, parse_when
from ..domain.errors import CoachError, InputError
from ..domain.models import KIND_TITLES, KINDS, VALUE_KINDS
from ..widgets.app_footer import AppFooter
from ..widgets.field_error import FieldError
from ..widgets.safe_input import SafeInput
from .keys import HELP

if TYPE_CHECKING:
    from ..services import Coach


class FormScreen(ModalScreen[ScreenResultType]):
    """A modal form. Subclasses provide `values()` (what the fields hold now), `action_save`
    and `discard_what()`, and set `initial` to the values the form opened with; each field `x`
    that can be refused has an error line `#x-error`, and the form a `#form-error`. Typing in a
    field clears its error, but for the fields in `LIVE`, which check as they are typed; Enter
    in a one-line field saves."""

    LIVE: tuple[str, ...] = ()
    FIELDS: tuple[str, ...] = ()  # the ids of the fields `values()` reads, by default

    BINDINGS = [
        # priority: ctrl+s must save even while a multi-line TextArea has the focus.
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        HELP,  # not while a field has the focus: there ? is typed (keys.py)
    ]

    def __init__(self, coach: Coach) -> None:
        super().__init__()
        self.coach = coach
        self._saving = False  # a save is under way: a second ctrl+s must not save twice
        self.initial: Any = None  # the values the form opened with

    def values(self) -> Any:
        """What the fields hold now, comparable with `initial`: by default each of FIELDS's
        value, by its id."""
        return {field: self._field(field).value for field in self.FIELDS}

    def _field(self, field: str) -> Input | Select[Any] | Checkbox:
        widget = self.query_one(f"#{field}")
        assert isinstance(widget, (Input, Select, Checkbox)), f"#{field} is no field"
        return widget

    @property
    def is_dirty(self) -> bool:
        """True when something differs from how the form opened."""
        return bool(self.values() != self.initial)

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        field = event.input.id
        if field and field not in self.LIVE:
            with suppress(NoMatches):
                self._error(f"{field}-error").show(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError

    def discard_what(self) -> str:
        """What would be lost, for the question `Discard ...?`."""
        raise NotImplementedError

    def _error(self, name: str) -> FieldError:
        return self.query_one(f"#{name}", FieldError)

    def _field_error(self, field: str | None) -> FieldError:
        """The error line of `field`, or the form's own when the field has none."""
        if field:
            try:
                return self._error(f"{field}-error")
            except NoMatches:
                pass
        return self._error("form-error")

    def heading(self) -> str:
        """The dialog's title."""
        raise NotImplementedError

    def rows(self) -> ComposeResult:
        """The form's rows (`form_row`), top to bottom."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """The dialog: its heading, the form's own error line, the rows, and the keys below."""
        with VerticalScroll(id="dialog", classes="form-dialog", can_focus=False) as dialog:
            dialog.border_title = self.heading()
            dialog.border_subtitle = "ctrl+s save · esc cancel"
            yield FieldError(id="form-error")
            yield from self.rows()
        yield AppFooter()

    def show_live(self, field: str, meaning: Callable[[], str]) -> None:
        """A field checked as it is typed (one of LIVE): `meaning()` says what the value means,
        shown beside the field (`→ every 2 weeks`), or raises InputError, shown under it with
        a `✗` beside it. What was typed stays as it is."""
        preview = self.query_one(f"#{field}-preview", Static)
        try:
            said = meaning()
        except InputError as error:
            preview.update(Content("✗"))
            preview.add_class("-bad")
            self._error(f"{field}-error").show(str(error))
            return
        preview.update(Content(f"→ {said}"))
        preview.remove_class("-bad")
        self._error(f"{field}-error").show(None)

    def show_error(self, error: CoachError) -> None:
        """Show a refused value under its field (focusing it), anything else at the top."""
        field = error.field if isinstance(error, InputError) else None
        line = self._field_error(field)
        line.show(str(error))
        if line.id != "form-error" and field:
            self.query_one(f"#{field}").focus()

    def check_fields(self, fields: tuple[str, ...], *checks: Callable[[], object]) -> bool:
        """Run each check (a domain validator on a field's value) and show what each refused
        under its field, clearing the lines of `fields` that pass; focus the first refused
        field. True when every check passed."""
        refused: dict[str, str] = {}
        for check in checks:
            try:
                check()
            except InputError as error:
                refused.setdefault(error.field or "form", str(error))
        for field in fields:
            self._error(f"{field}-error").show(refused.get(field))
        self._error("form-error").show(refused.get("form"))
        first = next((f for f in fields if f in refused), None)
        if first is not None:
            self.query_one(f"#{first}").focus()
        return not refused

    def save_changes(self, values: dict[str, Any], editing: bool, save: Callable[[dict[str, Any]], object]) -> None:
        """Save the checked `values` with `save` (the form's worker): all of a new record's, of
        an `editing` one only what the user changed (a field changed meanwhile elsewhere, the
        shell or another window, keeps its new value), closing the form when nothing was."""
        if editing:
            values = {key: value for key, value in values.items() if value != self.initial[key]}
            if not values:
                self.dismiss(None)
                return
        self._saving = True
        save(values)

    def action_cancel(self) -> None:
        if not self.is_dirty:
            self.dismiss(None)
            return
        from .confirm import ConfirmScreen

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                f"Discard {self.discard_what()}?", "What you typed here will be lost.", yes="Discard", no="Keep editing"
            ),
            answer,
        )


def form_row(label: str, *body: Widget, error: str | None = None) -> Horizontal:
    """One labelled row of a form: the label, then the field(s), then, when `error` names the
    field, the line `#<error>-error` that shows what the field refused."""
    lines = (*body, FieldError(id=f"{error}-error")) if error else body
    return Horizontal(Label(label, classes="form-label"), Vertical(*lines, classes="form-body"), classes="form-row")


def live_row(label: str, field: Input) -> Horizontal:
    """A row whose field is checked as it is typed (one of the form's LIVE): the field, what its
    value means beside it (`#<id>-preview`, see `FormScreen.show_live`), and its error line."""
    assert field.id, "a live field needs an id"
    preview = Static("", id=f"{field.id}-preview", classes="form-live", markup=False)
    return form_row(label, Horizontal(field, preview, classes="form-inline"), error=field.id)


DATE_HINT = "today, yesterday, 3d ago, fri, Nov 20"  # what a delivery's date field accepts


def kind_hint(kind: str) -> str:
    """What a delivery of `kind` does to the rhythm of value."""
    if kind in VALUE_KINDS:
        return "a value-add: resets the rhythm of value"
    return "logged, but business as usual does not reset the rhythm of value"


class DateKindForm(FormScreen[ScreenResultType]):
    """A form with a delivery's date (`#date`, free text, checked and its meaning shown beside
    it as it is typed: `→ Wed 25 Nov 2026`, or `✗` and what is accepted) and kind (`#kind`, its
    effect on the rhythm of value on the line under it). Subclasses yield `date_row()` and
    `kind_row()` among their rows, show both once mounted (`_show_date`, `_show_kind_hint`),
    and give `_earliest()`, the earliest day the date may be (the client's first)."""

    LIVE = ("date",)

    def __init__(self, coach: Coach) -> None:
        super().__init__(coach)
        self._today = coach.today()

    def date_row(self, value: str, placeholder: str = DATE_HINT) -> Horizontal:
        return live_row("Date", SafeInput(value, id="date", compact=True, placeholder=placeholder))

    def kind_row(self, kind: str) -> Horizontal:
        return form_row(
            "Kind",
            Select[str]([(KIND_TITLES[k], k) for k in KINDS], value=kind, allow_blank=False, id="kind", compact=True),
            FieldError(id="kind-hint"),
        )

    def _earliest(self) -> date | None:
        return None

    def _parse_date(self) -> date:
        return parse_when(self.query_one("#date", Input).value, self._today, earliest=self._earliest())

    def _show_date(self) -> None:
        self.show_live("date", lambda: long_date(self._parse_date(), weekday=True))

    def _show_kind_hint(self, kind: str) -> None:
        self._error("kind-hint").show(kind_hint(kind), hint=True)

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        self._show_date()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._show_kind_hint(event.value)
