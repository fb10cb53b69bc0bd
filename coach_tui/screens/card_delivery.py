"""Log a card as a delivery: what the board offers when work moves from Deliver into Steward.

`CardDeliveryScreen(coach, client_id, card, need_title, earliest)` is a modal form that logs
the delivery the Steward card stands for (`coach.deliveries.log_card`): the kind picked from the
delivery kinds, the summary prefilled from the card's title, the date (today, editable, its
meaning shown live), the need the card answers. It dismisses with the `Logged` result, or None
when skipped (`esc`, which asks first only once something was changed). The card and its
delivery are then one thing: the report lists the delivery once, telling the card marks it told.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, Select, Static

from ..domain.models import Card
from ..domain.validation import clean_summary
from ..services import Coach, Logged
from ..textsafe import visible
from ..widgets.safe_input import SafeInput
from .calls import change
from .form import DateKindForm, form_row


class CardDeliveryScreen(DateKindForm[Logged | None]):
    """Log the work a card carried through Deliver into Steward as a delivery."""

    CSS_PATH = ["form.tcss", "card_delivery.tcss"]
    FIELDS = ("kind", "summary", "date")
    # The footer says what the dialog's edge says: ctrl+s logs it, esc skips (the card stays
    # in Steward; `L` on it offers this again).
    BINDINGS = [Binding("ctrl+s", "save", "Log it", priority=True), Binding("escape", "cancel", "Skip")]

    def __init__(self, coach: Coach, client_id: str, card: Card, need_title: str | None, earliest: date | None) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self.card = card
        self.need_title = need_title
        self.earliest = earliest
        self.initial = {"kind": "idea", "summary": card.title, "date": "today"}

    def heading(self) -> str:
        return "Delivered: log it as a delivery?"

    def rows(self) -> ComposeResult:
        yield form_row(
            "Card",
            Static(Content.assemble((visible(self.card.title), "bold"), ("  now in Steward", "$text-muted")), id="card-line"),
        )
        need = Content(visible(self.need_title)) if self.need_title else Content.styled("no recorded need", "$text-muted")
        yield form_row("Answers", Static(need, id="need-line"))
        yield self.kind_row("idea")
        yield form_row("Summary", SafeInput(self.card.title, id="summary", compact=True), error="summary")
        yield self.date_row("today")

    def on_mount(self) -> None:
        self.query_one("#dialog").border_subtitle = "ctrl+s log it · esc skip"
        self._show_kind_hint("idea")
        self._show_date()
        self.query_one("#kind", Select).focus()

    def _earliest(self) -> date | None:
        return self.earliest

    def discard_what(self) -> str:
        return "this delivery"

    def action_save(self) -> None:
        if self._saving:
            return
        summary = self.query_one("#summary", Input).value
        if not self.check_fields(("summary", "date"), lambda: clean_summary(summary), self._parse_date):
            return
        self._saving = True
        self._save(summary, str(self.query_one("#kind", Select).value), self._parse_date())

    @work(exclusive=True, group="card-delivery-save")
    async def _save(self, summary: str, kind: str, on_day: date) -> None:
        try:
            logged = await change(
                self,
                partial(self.coach.deliveries.log_card, self.client_id, self.card.id, summary, kind=kind, on=on_day),
                client_id=self.client_id,
                on_error=self.show_error,
            )
        finally:
            self._saving = False
        if logged is not None:
            self.dismiss(logged)


__all__ = ["CardDeliveryScreen"]
