"""Add or edit a client: `ClientFormScreen(coach, client=None)` dismisses with the saved
`Client`, or None when cancelled.

The cadence is free text (`2w`, `10d`, `1m`, `3 weeks`) read live, so the user sees "every 2
weeks" or what is wrong while typing. Errors appear under the field they are about and never
clear what was typed. The write runs in the background and, once it lands, the app is told with
`DataChanged` so every screen refreshes.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, Select

from ..domain.cadence import parse_cadence
from ..domain.dates import long_date, parse_day
from ..domain.models import DEFAULT_CADENCE, TIERS, Client
from ..domain.money import DEFAULT_CURRENCY, format_money, parse_money
from ..domain.validation import clean_name, clean_person
from ..services import Coach
from ..widgets.safe_input import SafeInput
from .calls import change
from .form import FormScreen, form_row, live_row

TIER_TITLES = {"A": "A · strategic account", "B": "B · key account", "C": "C · developing account"}


class ClientFormScreen(FormScreen[Client | None]):
    """A client's name, value-add cadence, tier, annual revenue and renewal date; a new client
    may name our executive sponsor for it (a person of the account team)."""

    CSS_PATH = ["form.tcss", "client_form.tcss"]
    LIVE = ("cadence", "revenue", "renewal")

    def __init__(self, coach: Coach, client: Client | None = None, currency: str = DEFAULT_CURRENCY) -> None:
        super().__init__(coach)
        self.client = client
        self.currency = currency  # the user's setting, as the screen that opened the form read it

    @property
    def FIELDS(self) -> tuple[str, ...]:  # type: ignore[override]  # noqa: N802 (the form's fields by id)
        return ("name", "cadence", "tier", "revenue", "renewal") + (("sponsor",) if self.client is None else ())

    def heading(self) -> str:
        return "Edit client" if self.client else "New client"

    def rows(self) -> ComposeResult:
        c = self.client
        cadence = str(c.cadence if c else DEFAULT_CADENCE)
        yield form_row(
            "Name", SafeInput(c.name if c else "", id="name", compact=True, placeholder="the client's name"), error="name"
        )
        yield live_row("Cadence", Input(cadence, id="cadence", compact=True, placeholder="10d, 2w, 1m"))
        yield form_row(
            "Tier",
            Select[str](
                [(TIER_TITLES[t], t) for t in TIERS], value=c.tier if c else "B", allow_blank=False, id="tier", compact=True
            ),
        )
        yield live_row(
            "Revenue",
            SafeInput(
                str(c.revenue) if c and c.revenue is not None else "", id="revenue", compact=True, placeholder="a year, e.g. 1.2m"
            ),
        )
        yield live_row(
            "Renewal",
            SafeInput(c.renewal.isoformat() if c and c.renewal else "", id="renewal", compact=True, placeholder="2027-03-31"),
        )
        if c is None:
            yield form_row(
                "Sponsor",
                SafeInput("", id="sponsor", compact=True, placeholder="our executive sponsor (optional)"),
                error="sponsor",
            )

    def on_mount(self) -> None:
        self._show_cadence()
        self._show_revenue()
        self._show_renewal()
        self.initial = self.values()
        self.query_one("#name", Input).focus()

    # -- live feedback -----------------------------------------------------------------------

    def _show_cadence(self) -> None:
        typed = self.query_one("#cadence", Input).value
        self.show_live("cadence", lambda: f"a value-add every {parse_cadence(typed).describe()}")

    @on(Input.Changed, "#cadence")
    def _cadence_changed(self) -> None:
        self._show_cadence()

    def _show_revenue(self) -> None:
        typed = self.query_one("#revenue", Input).value
        currency = self.currency
        self.show_live(
            "revenue", lambda: format_money(parse_money(typed, "revenue"), currency) + " a year" if typed.strip() else "none"
        )

    @on(Input.Changed, "#revenue")
    def _revenue_changed(self) -> None:
        self._show_revenue()

    def _show_renewal(self) -> None:
        typed = self.query_one("#renewal", Input).value
        today = self.coach.today()
        self.show_live("renewal", lambda: long_date(parse_day(typed, today, "renewal date")) if typed.strip() else "none")

    @on(Input.Changed, "#renewal")
    def _renewal_changed(self) -> None:
        self._show_renewal()

    # -- saving ------------------------------------------------------------------------------
    def discard_what(self) -> str:
        return "these changes" if self.client else "this new client"

    def action_save(self) -> None:
        if self._saving:
            return
        values = self.values()
        today = self.coach.today()
        if not self.check_fields(
            ("name", "cadence", "revenue", "renewal", *(("sponsor",) if self.client is None else ())),
            lambda: clean_name(values["name"]),
            lambda: parse_cadence(values["cadence"]),
            lambda: values["revenue"].strip() and parse_money(values["revenue"], "revenue"),
            lambda: values["renewal"].strip() and parse_day(values["renewal"], today, "renewal date"),
            lambda: values.get("sponsor", "").strip() and clean_person(values["sponsor"], "sponsor"),
        ):
            return
        self.save_changes(values, self.client is not None, self._save)

    @work(exclusive=True, group="client-save")
    async def _save(self, values: dict[str, Any]) -> None:
        if "tier" in values:
            values["tier"] = str(values["tier"])
        clients = self.coach.clients
        try:
            if self.client is None:
                client = await change(self, partial(clients.add, **values), client_id=lambda c: c.id, on_error=self.show_error)
            else:
                client = await change(
                    self, partial(clients.edit, self.client.id, **values), client_id=self.client.id, on_error=self.show_error
                )
        finally:
            self._saving = False
        if client is not None:
            self.dismiss(client)


__all__ = ["ClientFormScreen"]
