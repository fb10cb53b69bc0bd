"""Log a delivery: the form the dashboard (`l`), the board and the command palette open.

`LogDeliveryScreen(coach, client_id=None)` is a modal that dismisses with the `Logged` result,
or None when cancelled. The date is free text read as method.md says ("today", "3d ago",
"fri", "Nov 20"...), its meaning shown live beside it; errors appear under the field they are
about and never clear what was typed. The write runs in a worker thread (the store may wait
for another process's lock) and, once it lands, the app is told with `DataChanged` so every
screen refreshes.
"""

from __future__ import annotations

import asyncio
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Checkbox, Footer, Input, Select, Static

from ..domain.dates import DateError, long_date, parse_when
from ..domain.errors import InputError
from ..domain.models import KIND_TITLES, KINDS, VALUE_KINDS, Card, Client
from ..messages import DataChanged
from ..services import Coach, Logged, clean_text
from ..store.errors import StoreError
from ..textsafe import visible
from ..widgets.field_error import FieldError
from ..widgets.safe_input import SafeInput
from .form import FormScreen, form_row


NO_NEED = "-"  # the need select's value for "no recorded need"


def kind_hint(kind: str) -> str:
    if kind in VALUE_KINDS:
        return "a value-add: resets the rhythm of value"
    return "logged, but business as usual does not reset the rhythm of value"


class LogDeliveryScreen(FormScreen[Logged | None]):
    """Log what was delivered to a client, when, of what kind, and the need it answers."""

    CSS_PATH = ["../widgets/form.tcss", "log_delivery.tcss"]

    def __init__(self, coach: Coach, client_id: str | None = None) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self._clients: dict[str, Client] = {}
        self._needs: list[Card] = []
        self._today = coach.today()
        self._initial: dict[str, object] | None = None

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="form-dialog", can_focus=False) as dialog:
            dialog.border_title = "Log a delivery"
            dialog.border_subtitle = "ctrl+s save · esc cancel"
            yield FieldError(id="form-error")
            yield form_row(
                "Client",
                Select[str]([], prompt="choose a client", id="client", compact=True),
                FieldError(id="client-error"),
            )
            yield form_row(
                "Date",
                Horizontal(
                    SafeInput("today", id="date", compact=True, placeholder="today, yesterday, 3d ago, fri, Nov 20"),
                    Static("", id="date-preview", classes="form-live", markup=False),
                    classes="form-inline",
                ),
                FieldError(id="date-error"),
            )
            yield form_row(
                "Kind",
                Select[str]([(KIND_TITLES[k], k) for k in KINDS], value="idea", allow_blank=False, id="kind", compact=True),
                FieldError(id="kind-hint"),
            )
            yield form_row(
                "Summary",
                SafeInput(id="summary", compact=True, placeholder="what did you bring them?"),
                FieldError(id="summary-error"),
            )
            yield form_row(
                "Need",
                Select[str]([("none", NO_NEED)], value=NO_NEED, allow_blank=False, id="need", compact=True),
                FieldError(id="need-error"),
            )
            yield form_row(
                "Told yet?",
                Checkbox("the client already knows (no Steward card)", id="told", compact=True),
            )
        yield Footer()

    def on_mount(self) -> None:
        self._show_kind_hint("idea")
        self._show_date()
        self._load_clients()

    # -- loading -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="log-clients")
    def _load_clients(self) -> None:
        try:
            clients = self.coach.clients()
        except StoreError as error:
            self.app.call_from_thread(self._error("form-error").show, str(error))
            return
        self.app.call_from_thread(self._show_clients, clients)

    def _show_clients(self, clients: list[Client]) -> None:
        self._clients = {c.id: c for c in clients}
        select = self.query_one("#client", Select)
        with self.prevent(Select.Changed):
            select.set_options([(Text(visible(c.name)), c.id) for c in clients])
            if self.client_id in self._clients:
                select.value = self.client_id
        if not clients:
            self._error("client-error").show("there is no active client yet: add one from the dashboard with n")
        self._show_date()
        if self.client_id in self._clients:
            self._load_needs(self.client_id)
            self.query_one("#summary", Input).focus()
        else:
            self._initial = self._values()
            select.focus()

    @work(thread=True, exclusive=True, group="log-needs")
    def _load_needs(self, client_id: str) -> None:
        try:
            needs = self.coach.needs(client_id)
        except StoreError as error:
            self.app.call_from_thread(self._error("need-error").show, str(error))
            needs = []
        self.app.call_from_thread(self._show_needs, client_id, needs)

    def _show_needs(self, client_id: str | None, needs: list[Card]) -> None:
        if self._selected_client_id() != client_id:
            return  # the client changed again while the needs were loading
        select = self.query_one("#need", Select)
        keep = select.value
        self._needs = needs
        options: list[tuple[Text, str]] = [(Text("none"), NO_NEED)]
        for card in needs:
            label = Text(visible(card.title))
            if not (card.is_open and card.column == "understand"):
                label.append("  (answered earlier)", style="dim")
            options.append((label, card.id))
        with self.prevent(Select.Changed):
            select.set_options(options)
            if keep in {value for _, value in options}:
                select.value = keep
        if self._initial is None:
            self._initial = self._values()

    # -- live feedback -----------------------------------------------------------------------

    def _selected_client_id(self) -> str | None:
        value = self.query_one("#client", Select).value
        return value if isinstance(value, str) else None

    def _earliest(self) -> date | None:
        client = self._clients.get(self._selected_client_id() or "")
        return client.added if client else None

    def _parse_date(self) -> date:
        text = self.query_one("#date", Input).value
        return parse_when(text, self._today, earliest=self._earliest())

    def _show_date(self) -> None:
        preview = self.query_one("#date-preview", Static)
        try:
            day = self._parse_date()
        except DateError as error:
            preview.update(Content("✗"))
            preview.add_class("-bad")
            self._error("date-error").show(str(error))
            return
        preview.update(Content(f"→ {long_date(day, weekday=True)}"))
        preview.remove_class("-bad")
        self._error("date-error").show(None)

    def _show_kind_hint(self, kind: str) -> None:
        self._error("kind-hint").show(kind_hint(kind), hint=True)

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        self._show_date()

    @on(Input.Changed, "#summary")
    def _summary_changed(self) -> None:
        self._error("summary-error").show(None)

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self._show_kind_hint(event.value)

    @on(Select.Changed, "#client")
    def _client_changed(self, event: Select.Changed) -> None:
        self._error("client-error").show(None)
        self._error("need-error").show(None)
        self._show_date()  # the earliest allowed day depends on the client
        if isinstance(event.value, str):
            self._load_needs(event.value)
        else:
            self._show_needs(None, [])  # no client: only "none"

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    # -- saving ------------------------------------------------------------------------------
    def _values(self) -> dict[str, object]:
        return {
            "client": self._selected_client_id(),
            "date": self.query_one("#date", Input).value,
            "kind": self.query_one("#kind", Select).value,
            "summary": self.query_one("#summary", Input).value,
            "need": self.query_one("#need", Select).value,
            "told": self.query_one("#told", Checkbox).value,
        }

    def discard_what(self) -> str:
        return "this delivery"

    @property
    def is_dirty(self) -> bool:
        """True when something differs from how the form opened."""
        initial = self._initial or {"client": self.client_id, "date": "today", "kind": "idea", "summary": "", "need": NO_NEED, "told": False}
        return self._values() != initial

    def action_save(self) -> None:
        if self._saving:
            return
        errors: dict[str, str] = {}
        client_id = self._selected_client_id()
        if client_id not in self._clients:
            errors["client"] = "choose the client this delivery was for"
        on_day: date | None = None
        try:
            on_day = self._parse_date()
        except DateError as error:
            errors["date"] = str(error)
        summary = self.query_one("#summary", Input).value
        try:
            clean_text(summary, "summary")
        except InputError as error:
            errors["summary"] = str(error)
        for field in ("client", "date", "summary"):
            self._error(f"{field}-error").show(errors.get(field))
        self._error("form-error").show(None)
        if errors:
            first = next(f for f in ("client", "date", "summary") if f in errors)
            self.query_one(f"#{first}").focus()
            return
        assert client_id is not None and on_day is not None
        kind = self.query_one("#kind", Select).value
        need = self.query_one("#need", Select).value
        told = self.query_one("#told", Checkbox).value
        self._saving = True
        self._save(client_id, summary, str(kind), on_day, None if need in (NO_NEED, Select.NULL) else str(need), told)

    @work(exclusive=True, group="log-save")
    async def _save(self, client_id: str, summary: str, kind: str, on_day: date, need: str | None, told: bool) -> None:
        try:
            logged = await asyncio.to_thread(
                self.coach.log_delivery, client_id, summary, kind=kind, on=on_day, need=need, told=told
            )
        except InputError as error:
            message = str(error)
            field = "date" if "future" in message else "need" if "need" in message else "summary" if "summary" in message else "form"
            self._error(f"{field}-error").show(message)
            return
        except StoreError as error:
            self._error("form-error").show(str(error))
            return
        finally:
            self._saving = False
        self.app.post_message(DataChanged(client_id))
        self.dismiss(logged)


__all__ = ["LogDeliveryScreen"]
