"""Log a delivery: the form the dashboard (`l`), the board and the command palette open.

`LogDeliveryScreen(coach, client_id=None)` is a modal that dismisses with the `Logged` result,
or None when cancelled; the app's `log_delivery` action opens it from anywhere. The date is
free text read as method.md says ("today", "3d ago", "fri", "Nov 20"...), its meaning shown
live beside it; errors appear under the field they are about and never clear what was typed.
Reads and the write run in the background (the store may wait for another process's lock)
and, once the write lands, the app is told with `DataChanged` so every screen refreshes.
"""

from __future__ import annotations

import inspect
from datetime import date
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.widgets import Checkbox, Input, Select

from ..domain.dates import format_date
from ..domain.errors import InputError
from ..domain.models import KIND_TITLES, Card, Client
from ..domain.validation import clean_summary
from ..messages import LogDelivery
from ..services import Coach, Logged
from ..textsafe import visible
from ..widgets.safe_input import SafeInput
from ..widgets.tick_box import TickBox
from .calls import change, fetch
from .form import DateKindForm, form_row

NO_NEED = "-"  # the need select's value for "no recorded need"


class LogDeliveryScreen(DateKindForm[Logged | None]):
    """Log what was delivered to a client, when, of what kind, and the need it answers."""

    CSS_PATH = ["form.tcss", "log_delivery.tcss"]
    FIELDS = ("client", "date", "kind", "summary", "need", "told")

    def __init__(self, coach: Coach, client_id: str | None = None) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self._clients: dict[str, Client] = {}
        self._needs: list[Card] = []
        # Until the clients are loaded, the form holds what it opens with.
        self.initial = {"client": client_id, "date": "today", "kind": "idea", "summary": "", "need": NO_NEED, "told": False}
        self._loaded = False

    # -- layout ------------------------------------------------------------------------------
    def heading(self) -> str:
        return "Log a delivery"

    def rows(self) -> ComposeResult:
        yield form_row("Client", Select[str]([], prompt="choose a client", id="client", compact=True), error="client")
        yield self.date_row("today")
        yield self.kind_row("idea")
        yield form_row("Summary", SafeInput(id="summary", compact=True, placeholder="what did you bring them?"), error="summary")
        yield form_row(
            "Need", Select[str]([("none", NO_NEED)], value=NO_NEED, allow_blank=False, id="need", compact=True), error="need"
        )
        yield form_row("Told yet?", TickBox("the client already knows (no Steward card)", id="told", compact=True))

    def on_mount(self) -> None:
        self._show_kind_hint("idea")
        self._show_date()
        # The focus is placed now, not once the clients are read: keys typed at paste speed
        # as the form opens must all land in the field they were typed into (a focus moved
        # by the read would split them between two fields).
        self.query_one("#summary" if self.client_id is not None else "#client").focus()
        self._load_clients()

    # -- loading -----------------------------------------------------------------------------
    @work(exclusive=True, group="log-clients")
    async def _load_clients(self) -> None:
        clients = await fetch(self, self.coach.portfolio.clients, on_error=self.show_error)
        if clients is not None:
            self._show_clients(clients)

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
        else:
            self._set_initial()
            summary = self.query_one("#summary", Input)
            if self.focused is summary and not summary.value:
                select.focus()  # the client asked for is gone: pick one (unless typing began)

    @work(exclusive=True, group="log-needs")
    async def _load_needs(self, client_id: str) -> None:
        needs = await fetch(self, self.coach.deliveries.needs, client_id, on_error=self.show_error)
        self._show_needs(client_id, needs or [])

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
        if not self._loaded:
            self._set_initial()

    # -- live feedback -----------------------------------------------------------------------

    def _selected_client_id(self) -> str | None:
        value = self.query_one("#client", Select).value
        return value if isinstance(value, str) else None

    def _earliest(self) -> date | None:
        client = self._clients.get(self._selected_client_id() or "")
        return client.added if client else None

    @on(Select.Changed, "#client")
    def _client_changed(self, event: Select.Changed) -> None:
        self._error("client-error").show(None)
        self._error("need-error").show(None)
        self._show_date()  # the earliest allowed day depends on the client
        if isinstance(event.value, str):
            self._load_needs(event.value)
        else:
            self._show_needs(None, [])  # no client: only "none"

    # -- saving ------------------------------------------------------------------------------
    def _set_initial(self) -> None:
        """The form as it stands once loaded is what discarding would go back to: the client
        and need as loaded, the rest as the form opened (what was typed while it loaded, at
        paste speed, is the user's and is asked about before it is discarded)."""
        opened = self.initial
        self.initial = {**self.values(), **{field: opened[field] for field in ("date", "kind", "summary", "told")}}
        self._loaded = True

    def values(self) -> dict[str, object]:
        values: dict[str, object] = super().values()
        values["client"] = self._selected_client_id()  # None, not the Select's blank, when none is chosen
        return values

    def discard_what(self) -> str:
        return "this delivery"

    def action_save(self) -> None:
        if self._saving:
            return
        client_id = self._selected_client_id()
        summary = self.query_one("#summary", Input).value

        def chosen() -> None:
            if client_id not in self._clients:
                raise InputError("choose the client this delivery was for", "client")

        if not self.check_fields(("client", "date", "summary"), chosen, self._parse_date, lambda: clean_summary(summary)):
            return
        assert client_id is not None
        kind = self.query_one("#kind", Select).value
        need = self.query_one("#need", Select).value
        told = self.query_one("#told", Checkbox).value
        self._saving = True
        self._save(client_id, summary, str(kind), self._parse_date(), None if need in (NO_NEED, Select.NULL) else str(need), told)

    @work(exclusive=True, group="log-save")
    async def _save(self, client_id: str, summary: str, kind: str, on_day: date, need: str | None, told: bool) -> None:
        try:
            logged = await change(
                self,
                partial(self.coach.deliveries.log, client_id, summary, kind=kind, on=on_day, need=need, told=told),
                client_id=client_id,
                on_error=self.show_error,
            )
        finally:
            self._saving = False
        if logged is not None:
            self.dismiss(logged)


def logged_message(logged: Logged, today: date) -> str:
    """What the toast says once a delivery is logged."""
    d = logged.delivery
    when = format_date(d.on, today)
    message = f"Logged {KIND_TITLES[d.kind].lower()} for {visible(logged.client.name)} ({when})."
    if not d.is_value_add:
        message += " Service work does not reset the rhythm of value."
    elif logged.steward_card is not None:
        message += " Tell them what you did: a Steward card waits on the board."
    return message


class LogsDeliveries:
    """The app's one way to log a delivery, mixed into the app: any screen (or the command
    palette) posts `LogDelivery`, and this opens the form, says what was logged, and hands the
    result to whoever asked."""

    coach: Coach

    def on_log_delivery(self, message: LogDelivery) -> None:
        assert isinstance(self, App)
        app: App[object] = self
        message.stop()

        async def done(logged: Logged | None) -> None:
            if logged is None:
                return
            app.notify(logged_message(logged, self.coach.today()), title="Delivery logged", markup=False)
            if message.then is not None:
                result = message.then(logged)
                if inspect.isawaitable(result):
                    await result

        app.push_screen(LogDeliveryScreen(self.coach, message.client_id), done)


__all__ = ["LogDeliveryScreen", "LogsDeliveries", "logged_message"]
