"""Add or edit an opportunity: `OpportunityFormScreen(coach, client_id, view, opportunity=None)`
dismisses with the saved `Opportunity`, or None when cancelled.

The value is typed as people type money (`120k`, `1.2m`, `€95,000`) and read live, so the user
sees `→ €120k` or what is wrong while typing. The need it answers is picked from the client's
recorded needs (Understand cards); the stage from a list. The dates read as the rest of coach
reads them (`fri`, `in 2w`, `2027-03-31`). Errors appear under their field and nothing typed
is cleared; the write runs in the background.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Select, Static

from ..domain.account import STAGES, Opportunity
from ..domain.dates import long_date, parse_day
from ..domain.errors import CoachError, InputError
from ..domain.money import format_money, parse_money
from ..domain.validation import NAME_LIMIT, clean_line
from ..services import Coach
from ..services.read_models import OpportunityView
from ..textsafe import visible
from ..widgets.safe_input import SafeInput
from .calls import change
from .form import FormScreen, form_row
from .plan_forms import as_field

NO_NEED = "-"  # the need select's value for "answers no recorded need"
STAGE_TITLES = {
    "identified": "identified · seen, not yet qualified",
    "qualified": "qualified · a real need, budget and buyer",
    "proposed": "proposed · our proposal is with them",
    "won": "won",
    "lost": "lost",
}
DATES = {"next_date": "next step's date", "close": "expected close"}


class OpportunityFormScreen(FormScreen[Opportunity | None]):
    """An opportunity's title, value, stage, the need it answers, next step and its date,
    and the expected close."""

    CSS_PATH = ["form.tcss", "opportunity_form.tcss"]
    LIVE = ("value", "next_date", "close")
    FIELDS = ("title", "value", "stage", "need", "next", "next_date", "close")
    # The service's field names, mapped to the form's (a date error names "date").
    FIELD_OF = {"date": "next_date"}

    def __init__(self, coach: Coach, client_id: str, view: OpportunityView, opportunity: Opportunity | None = None) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self.view = view
        self.opportunity = opportunity

    def heading(self) -> str:
        return "Edit opportunity" if self.opportunity else "New opportunity"

    def _live_row(self, label: str, field: str, value: str, placeholder: str) -> Horizontal:
        return form_row(
            label,
            Horizontal(
                SafeInput(value, id=field, compact=True, placeholder=placeholder),
                Static("", id=f"{field}-preview", classes="form-live", markup=False),
                classes="form-inline",
            ),
            error=field,
        )

    def rows(self) -> ComposeResult:
        o = self.opportunity
        yield form_row(
            "Title",
            SafeInput(o.title if o else "", id="title", compact=True, max_length=NAME_LIMIT, placeholder="what they could buy"),
            error="title",
        )
        yield self._live_row("Value", "value", str(o.value) if o and o.value is not None else "", "120k, 1.2m, €95,000")
        yield form_row(
            "Stage",
            Select[str](
                [(STAGE_TITLES[s], s) for s in STAGES],
                value=o.stage if o else "identified",
                allow_blank=False,
                id="stage",
                compact=True,
            ),
            error="stage",
        )
        needs = {n.id for n in self.view.needs}
        need = o.need_id if o and o.need_id in needs else NO_NEED
        yield form_row(
            "Need", Select[str](self._need_options(), value=need, allow_blank=False, id="need", compact=True), error="need"
        )
        yield form_row(
            "Next step",
            SafeInput(o.next_step if o else "", id="next", compact=True, max_length=NAME_LIMIT, placeholder="what happens next"),
            error="next",
        )
        yield self._live_row(
            "Next date", "next_date", o.next_date.isoformat() if o and o.next_date else "", "fri, in 2w, 2026-12-10"
        )
        yield self._live_row("Close", "close", o.close.isoformat() if o and o.close else "", "expected close: 2027-03-31, in 3m")

    def _need_options(self) -> list[tuple[Content, str]]:
        options = [(Content("answers no recorded need"), NO_NEED)]
        for card in self.view.needs:
            label = Content(visible(card.title))
            if not (card.is_open and card.column == "understand"):
                label += Content.styled("  (answered earlier)", "$text-muted")
            options.append((label, card.id))
        if not self.view.needs:
            options[0] = (Content("no recorded need (add one in Understand on the board)"), NO_NEED)
        return options

    def on_mount(self) -> None:
        for field in self.LIVE:
            self._live(field)
        self.initial = self.values()
        self.query_one("#title", Input).focus()

    # -- live feedback -----------------------------------------------------------------------
    def _live(self, field: str) -> None:
        typed = self.query_one(f"#{field}", Input).value
        today = self.coach.today()
        currency = self.view.currency
        if field == "value":
            self.show_live(field, lambda: format_money(parse_money(typed), currency) if typed.strip() else "no value yet")
        else:
            self.show_live(
                field, lambda: long_date(parse_day(typed, today, DATES[field]), weekday=True) if typed.strip() else "none"
            )

    @on(Input.Changed, "#value, #next_date, #close")
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id:
            self._live(event.input.id)

    # -- saving ------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        found = super().values()
        for select in ("stage", "need"):
            value = found[select]
            found[select] = value if isinstance(value, str) else NO_NEED
        return dict(found)

    def discard_what(self) -> str:
        return "these changes" if self.opportunity else "this opportunity"

    def show_error(self, error: CoachError) -> None:
        if isinstance(error, InputError) and error.field in self.FIELD_OF:
            error = InputError(str(error), self.FIELD_OF[error.field])
        super().show_error(error)

    def action_save(self) -> None:
        if self._saving:
            return
        v = self.values()
        today = self.coach.today()

        def dated_step() -> None:
            if v["next_date"].strip() and not v["next"].strip():
                raise InputError("a next step's date needs the next step itself: say what happens then", "next")

        if not self.check_fields(
            ("title", "value", "next", "next_date", "close"),
            lambda: clean_line(v["title"], "opportunity's title", "title", required=True),
            lambda: v["value"].strip() and parse_money(v["value"], "value"),
            lambda: clean_line(v["next"], "next step", "next"),
            dated_step,
            as_field("next_date", lambda: v["next_date"].strip() and parse_day(v["next_date"], today, DATES["next_date"])),
            as_field("close", lambda: v["close"].strip() and parse_day(v["close"], today, DATES["close"])),
        ):
            return
        if self.opportunity is not None:
            v = {key: value for key, value in v.items() if value != self.initial[key]}
            if not v:
                self.dismiss(None)
                return
        self._saving = True
        self._save(v)

    @work(exclusive=True, group="opportunity-save")
    async def _save(self, v: dict[str, str]) -> None:
        opps = self.coach.opportunities
        need = v.get("need")
        need_arg = None if need is None else ("" if need == NO_NEED else need)
        try:
            if self.opportunity is None:
                made = await change(
                    self,
                    partial(
                        opps.add,
                        self.client_id,
                        v["title"],
                        v["value"],
                        v["stage"],
                        need_arg or None,
                        v["next"],
                        v["next_date"],
                        v["close"],
                    ),
                    client_id=self.client_id,
                    on_error=self.show_error,
                )
                saved = made[0] if made is not None else None
            else:
                saved = self.opportunity
                fields = {"title": "title", "value": "value", "next": "next_step", "next_date": "next_date", "close": "close"}
                changes = {fields[k]: value for k, value in v.items() if k in fields}
                if need_arg is not None:
                    changes["need"] = need_arg
                if changes:
                    saved = await change(
                        self,
                        partial(opps.edit, self.client_id, self.opportunity.id, **changes),
                        client_id=self.client_id,
                        on_error=self.show_error,
                    )
                if saved is not None and "stage" in v:
                    moved = await change(
                        self,
                        opps.stage,
                        self.client_id,
                        self.opportunity.id,
                        v["stage"],
                        client_id=self.client_id,
                        on_error=self.show_error,
                    )
                    saved = moved[0] if moved is not None else None
        finally:
            self._saving = False
        if saved is not None:
            self.dismiss(saved)


__all__ = ["OpportunityFormScreen", "STAGE_TITLES", "NO_NEED"]
