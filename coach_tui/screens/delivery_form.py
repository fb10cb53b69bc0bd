"""Edit or delete a delivery: the form the timeline (`e`) and the board's value-add list open,
and the question before a delete (`x`).

`DeliveryFormScreen(coach, client, delivery, needs)` is a modal that dismisses with the
`Change` saved, or None when cancelled. It holds the delivery as it was read (`seen`) and saves
only the fields the user changed: when the delivery changed elsewhere meanwhile (the shell,
another window), the service refuses, the form says so and keeps what was typed, and takes
the delivery as it now is, so a second `ctrl+s` saves over that change knowingly.

`ask_delete(screen, coach, client_id, delivery, then)` asks first, then deletes in the
background; `then` receives the `Change` once it landed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from functools import partial
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select

from ..domain.dates import long_date
from ..domain.errors import CoachError
from ..domain.models import KIND_TITLES, Card, Client, Delivery
from ..domain.validation import clean_summary
from ..services import Change, Coach
from ..services.deliveries import ChangedElsewhere
from ..textsafe import visible
from ..widgets.safe_input import SafeInput
from .calls import change, fetch
from .form import DateKindForm, form_row
from .log_delivery import NO_NEED


class DeliveryFormScreen(DateKindForm[Change | None]):
    """A delivery's day, kind, summary, the need it answers and whether the client was told."""

    CSS_PATH = ["form.tcss", "delivery_form.tcss"]
    FIELDS = ("date", "kind", "summary", "need", "told")

    def __init__(self, coach: Coach, client: Client, delivery: Delivery, needs: Sequence[Card] = ()) -> None:
        super().__init__(coach)
        self.client = client
        self.seen = delivery  # the delivery as last read: the service refuses if it changed since
        self.needs = list(needs)

    def heading(self) -> str:
        return "Edit a delivery"

    def rows(self) -> ComposeResult:
        d = self.seen
        yield self.date_row(d.on.isoformat(), placeholder="today, 3d ago, fri, Nov 20")
        yield self.kind_row(d.kind)
        yield form_row(
            "Summary", SafeInput(d.summary, id="summary", compact=True, placeholder="what did you bring them?"), error="summary"
        )
        options: list[tuple[Text, str]] = [(Text("none"), NO_NEED)]
        for card in self.needs:
            label = Text(visible(card.title))
            if not (card.is_open and card.column == "understand"):
                label.append("  (answered earlier)", style="dim")
            options.append((label, card.id))
        known = {value for _, value in options}
        need = d.need_id if d.need_id in known else NO_NEED
        yield form_row("Need", Select[str](options, value=need, allow_blank=False, id="need", compact=True), error="need")
        yield form_row("Told yet?", Checkbox("the client knows (no Steward card)", d.told, id="told", compact=True))

    def on_mount(self) -> None:
        self._show_kind_hint(self.seen.kind)
        self._show_date()
        self.initial = self.values()
        self.query_one("#summary", Input).focus()

    # -- live feedback -----------------------------------------------------------------------
    def _earliest(self) -> date | None:
        return self.client.added

    # -- saving ------------------------------------------------------------------------------
    def discard_what(self) -> str:
        return "these changes"

    def action_save(self) -> None:
        if self._saving:
            return
        values = self.values()
        if not self.check_fields(("date", "summary"), self._parse_date, lambda: clean_summary(str(values["summary"]))):
            return
        self.save_changes(values, True, self._save)

    @work(exclusive=True, group="delivery-save")
    async def _save(self, values: dict[str, Any]) -> None:
        changes: dict[str, Any] = {}
        if "date" in values:
            changes["on"] = self._parse_date()
        if "kind" in values:
            changes["kind"] = str(values["kind"])
        if "summary" in values:
            changes["summary"] = str(values["summary"])
        if "need" in values:
            changes["need"] = None if values["need"] in (NO_NEED, Select.NULL) else str(values["need"])
        if "told" in values:
            changes["told"] = bool(values["told"])
        edit = partial(self.coach.deliveries.edit, self.client.id, self.seen.id, seen=self.seen, **changes)
        try:
            done = await change(self, edit, client_id=self.client.id, on_error=self._refused)
        finally:
            self._saving = False
        if done is not None:
            self.dismiss(done)

    def _refused(self, error: CoachError) -> None:
        self.show_error(error)
        if isinstance(error, ChangedElsewhere):
            self._read_again()

    @work(exclusive=True, group="delivery-reread")
    async def _read_again(self) -> None:
        """Take the delivery as it is now: saving again puts what was typed over it."""
        now = await fetch(self, self.coach.deliveries.find, self.client.id, self.seen.id, on_error=lambda _error: None)
        if now is not None:
            self.seen = now


def ask_delete(
    screen: Screen[Any], coach: Coach, client_id: str, delivery: Delivery, then: Callable[[Change], Awaitable[None]]
) -> None:
    """Ask before deleting `delivery`; once deleted, `then(change)`."""
    from .confirm import ConfirmScreen

    async def delete() -> None:
        done = await change(
            screen,
            partial(coach.deliveries.delete, client_id, delivery.id, seen=delivery),
            client_id=client_id,
            error_title="Not deleted",
        )
        if done is not None:
            await then(done)

    def answered(yes: bool | None) -> None:
        if yes:
            screen.run_worker(delete(), group="delivery-delete")

    steward = "" if delivery.told else "\n\nIts Steward card goes with it."
    detail = f"{long_date(delivery.on)} · {KIND_TITLES[delivery.kind]}\n{visible(delivery.summary)}{steward}"
    screen.app.push_screen(ConfirmScreen("Delete this delivery?", detail, yes="Delete", no="Keep"), answered)


__all__ = ["DeliveryFormScreen", "ask_delete"]
