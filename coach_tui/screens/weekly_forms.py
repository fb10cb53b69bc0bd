"""The two small forms of the weekly loop, opened from the weekly screen:

- `TipCommitmentForm`: the tip's action as this week's commitment for a named client (the
  client whose failing signal the tip answers, pre-filled, changeable from the list of active
  clients); the line can be edited before it is saved. It dismisses with the stored
  `Commitment`.
- `NotKeptForm`: last week's commitment was not kept; what got in the way (one line, kept)
  and whether to carry it over into this week. It dismisses with a `FollowUp`.

Both store through `coach.weekly` in the background, show a refused value under its field,
and keep what was typed.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, NamedTuple

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Select, Static

from ..domain.errors import InputError
from ..domain.models import Commitment
from ..domain.validation import COMMITMENT_LIMIT, clean_commitment
from ..services import Coach, WeekData
from ..textsafe import visible
from ..widgets.tick_box import TickBox
from .calls import change
from .form import FormScreen, form_row

NO_CLIENT = "-"  # the Select value for "no one client"


class TipCommitmentForm(FormScreen[Commitment | None]):
    """This week's commitment made from the tip's action, for a named client."""

    CSS_PATH = ["form.tcss", "weekly_forms.tcss"]
    FIELDS = ("client", "text")

    def __init__(self, coach: Coach, data: WeekData, client_id: str | None = None, text: str | None = None) -> None:
        super().__init__(coach)
        assert data.tip is not None
        self.data = data
        self.tip = data.tip
        self.client_id = client_id if client_id is not None else data.suggested
        self.text = text if text is not None else self.tip.action

    def heading(self) -> str:
        return "Commit to this week's tip"

    def discard_what(self) -> str:
        return "this commitment"

    def rows(self) -> ComposeResult:
        options: list[tuple[Text, str]] = [(Text(visible(c.name)), c.client_id) for c in self.data.candidates]
        options.append((Text("no one client"), NO_CLIENT))
        known = {c.client_id for c in self.data.candidates}
        value = self.client_id if self.client_id in known else NO_CLIENT
        yield Static(Text.assemble(("Tip  ", "bold"), visible(self.tip.title)), id="form-tip")
        yield form_row("For", Select[str](options, value=value, allow_blank=False, id="client", compact=True), error="client")
        yield form_row(
            "I will", Input(self.text, max_length=COMMITMENT_LIMIT, id="text", compact=True, select_on_focus=False), error="text"
        )

    def on_mount(self) -> None:
        self.initial = self.values()
        self.query_one("#text", Input).focus()

    def action_save(self) -> None:
        if self._saving:
            return
        text = self.query_one("#text", Input).value

        def written() -> None:
            if not clean_commitment(text):
                raise InputError("write what you will do this week (the tip's action is a start)", "text")

        if not self.check_fields(("client", "text"), written):
            return
        chosen = self.query_one("#client", Select).value
        client_id = str(chosen) if chosen not in (NO_CLIENT, Select.NULL) else None
        self._saving = True
        self._save(text, client_id)

    @work(exclusive=True, group="tip-commitment-save")
    async def _save(self, text: str, client_id: str | None) -> None:
        try:
            saved = await change(
                self,
                partial(
                    self.coach.weekly.save_commitment,
                    self.data.week,
                    text,
                    client_id=client_id,
                    tip_id=self.tip.id,
                    carried=False,  # a new commitment, even over one carried over
                ),
                on_error=self.show_error,
            )
        finally:
            self._saving = False
        if saved is not None:
            self.dismiss(saved)


class FollowUp(NamedTuple):
    """What the "not kept" form stored: last week's commitment as answered, and this week's
    when it was carried over."""

    last: Commitment
    carried: Commitment | None


class NotKeptForm(FormScreen[FollowUp | None]):
    """Last week's commitment was not kept: what got in the way, and carry it over?"""

    CSS_PATH = ["form.tcss", "weekly_forms.tcss"]
    FIELDS = ("obstacle", "carry")

    def __init__(self, coach: Coach, last: Commitment, this_week: date, can_carry: bool) -> None:
        super().__init__(coach)
        self.last = last
        self.this_week = this_week
        self.can_carry = can_carry

    def heading(self) -> str:
        return "Not kept: what got in the way?"

    def discard_what(self) -> str:
        return "this note"

    def rows(self) -> ComposeResult:
        from ..services.weekly import OBSTACLE_LIMIT

        yield Static(Text.assemble(("Last week  ", "bold"), visible(self.last.text)), id="form-last")
        yield form_row(
            "In the way",
            Input(
                self.last.obstacle,
                placeholder="one line: what stopped you",
                max_length=OBSTACLE_LIMIT,
                id="obstacle",
                compact=True,
            ),
            error="obstacle",
        )
        if self.can_carry:
            yield form_row("Carry over", TickBox("make it this week's commitment", True, id="carry", compact=True))
        else:
            yield Static("This week already has a commitment: it stays as written.", id="no-carry", markup=False)

    def values(self) -> Any:
        carry = self.query("#carry").results(Checkbox)
        box = next(carry, None)
        return {"obstacle": self.query_one("#obstacle", Input).value, "carry": box.value if box is not None else False}

    def on_mount(self) -> None:
        self.initial = self.values()
        self.query_one("#obstacle", Input).focus()

    def action_save(self) -> None:
        if self._saving:
            return
        values = self.values()
        self._saving = True
        self._save(values["obstacle"], bool(values["carry"]))

    @work(exclusive=True, group="not-kept-save")
    async def _save(self, obstacle: str, carry: bool) -> None:
        try:
            last = await change(
                self,
                partial(self.coach.weekly.save_commitment, self.last.week, kept=False, obstacle=obstacle),
                on_error=self.show_error,
            )
            carried = None
            if last is not None and carry:
                carried = await change(
                    self, self.coach.weekly.carry_over, self.last.week, self.this_week, on_error=self.show_error
                )
                if carried is None:
                    return
        finally:
            self._saving = False
        if last is not None:
            self.dismiss(FollowUp(last, carried))


__all__ = ["TipCommitmentForm", "NotKeptForm", "FollowUp"]
