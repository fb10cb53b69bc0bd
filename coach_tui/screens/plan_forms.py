"""The account plan's forms: a goal, an initiative, "mark reviewed" and "shared with ...".

Each is a `FormScreen` (ctrl+s saves, esc cancels and asks first when something was typed) that
saves through `coach.plans` itself, in the background, and dismisses with what it saved (None
when cancelled). A refused value appears under its field and nothing typed is cleared. Cards
and people are picked from lists (`SelectionList`, space toggles), never typed, and every name
in a list is user text shown literally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..domain.account import ROLE_TITLES, Goal, Initiative, Share
from ..domain.dates import long_date, parse_day, parse_when
from ..domain.errors import CoachError, InputError
from ..domain.models import COLUMN_TITLES, Card
from ..domain.validation import NAME_LIMIT, clean_line
from ..services import Coach
from ..services.read_models import PersonRow
from ..textsafe import visible
from ..widgets.safe_input import SafeInput
from ..widgets.tick_box import TickList
from .calls import change
from .form import FormScreen, form_row, live_row


def as_field(field: str, check: Callable[[], object]) -> Callable[[], object]:
    """`check`, with what it refuses put under `field` (a date's error names no field of ours)."""

    def run() -> object:
        try:
            return check()
        except InputError as error:
            raise InputError(str(error), field) from None

    return run


class PlanForm(FormScreen[Any]):
    """What the plan's forms share: the client, and the service's field names mapped to the
    form's own (the service calls a goal's text `goal` and any date `date`)."""

    CSS_PATH = ["form.tcss", "plan_forms.tcss"]
    FIELD_OF: dict[str, str] = {}

    def __init__(self, coach: Coach, client_id: str) -> None:
        super().__init__(coach)
        self.client_id = client_id

    def show_error(self, error: CoachError) -> None:
        if isinstance(error, InputError) and error.field in self.FIELD_OF:
            error = InputError(str(error), self.FIELD_OF[error.field])
        super().show_error(error)

    async def _write(self, call: Callable[[], Any]) -> Any:
        try:
            return await change(self, call, client_id=self.client_id, on_error=self.show_error)
        finally:
            self._saving = False


class PlanItemForm(PlanForm):
    """What the forms of a goal and of an initiative share: new, or editing `item`; the item's
    text in the field `#text`, which has the focus as the form opens."""

    NOUN = ""  # what the form is of: "goal", "initiative"

    def __init__(self, coach: Coach, client_id: str, item: Goal | Initiative | None) -> None:
        super().__init__(coach, client_id)
        self.item = item

    def heading(self) -> str:
        return f"Edit {self.NOUN}" if self.item else f"New {self.NOUN}"

    def discard_what(self) -> str:
        return "these changes" if self.item else f"this {self.NOUN}"

    def text_row(self, placeholder: str) -> Horizontal:
        text = self.item.text if self.item else ""
        field = SafeInput(text, id="text", compact=True, max_length=NAME_LIMIT, placeholder=placeholder)
        return form_row(self.NOUN.capitalize(), field, error="text")

    def on_mount(self) -> None:
        self.initial = self.values()
        self.query_one("#text", Input).focus()


# -- goals ---------------------------------------------------------------------------------


class GoalFormScreen(PlanItemForm):
    """A client goal: what they want to move (text), the metric, the target, by when."""

    NOUN = "goal"
    FIELDS = ("text", "metric", "target", "by")
    FIELD_OF = {"goal": "text", "date": "by", "by-date": "by"}

    def __init__(self, coach: Coach, client_id: str, goal: Goal | None = None) -> None:
        super().__init__(coach, client_id, goal)
        self.goal = goal

    def rows(self) -> ComposeResult:
        g = self.goal
        yield self.text_row("what the client wants to move")
        yield form_row(
            "Metric",
            SafeInput(g.metric if g else "", id="metric", compact=True, placeholder="how they measure it (optional)"),
            error="metric",
        )
        yield form_row(
            "Target",
            SafeInput(g.target if g else "", id="target", compact=True, placeholder="the number they aim for (optional)"),
            error="target",
        )
        yield live_row(
            "By", SafeInput(g.by.isoformat() if g and g.by else "", id="by", compact=True, placeholder="2027-06-30, in 6m")
        )

    @on(Input.Changed, "#by")
    def _by_changed(self, event: Input.Changed) -> None:
        typed, today = event.value, self.coach.today()
        preview = self.query_one("#by-preview", Static)
        try:
            preview.update(Content(f"→ {long_date(parse_day(typed, today, 'by-date'))}" if typed.strip() else ""))
        except InputError:
            preview.update(Content(""))

    def action_save(self) -> None:
        if self._saving:
            return
        v = self.values()
        today = self.coach.today()
        if not self.check_fields(
            self.FIELDS,
            as_field("text", lambda: clean_line(v["text"], "goal", "text", required=True)),
            as_field("metric", lambda: clean_line(v["metric"], "metric", "metric")),
            as_field("target", lambda: clean_line(v["target"], "target", "target")),
            as_field("by", lambda: v["by"].strip() and parse_day(v["by"], today, "by-date")),
        ):
            return
        self.save_changes(v, self.goal is not None, self._save)

    @work(exclusive=True, group="plan-save")
    async def _save(self, v: dict[str, str]) -> None:
        plans = self.coach.plans
        if self.goal is None:
            call = partial(plans.add_goal, self.client_id, v["text"], v["metric"], v["target"], v["by"] or None)
        else:
            call = partial(
                plans.edit_goal, self.client_id, self.goal.id, v.get("text"), v.get("metric"), v.get("target"), v.get("by")
            )
        saved = await self._write(call)
        if saved is not None:
            self.dismiss(saved)


# -- initiatives ---------------------------------------------------------------------------


def card_label(card: Card) -> Content:
    """A card as a pick list shows it: its title, literal, and where it is when not an open
    Plan card."""
    label = Content(visible(card.title))
    if not card.is_open:
        label += Content.styled("  (closed)", "$text-muted")
    elif card.column != "plan":
        label += Content.styled(f"  ({COLUMN_TITLES[card.column]})", "$text-muted")
    return label


class InitiativeFormScreen(PlanItemForm):
    """What we will do for the client's goals, and the Plan cards that carry it out."""

    NOUN = "initiative"
    FIELD_OF = {"initiative": "text"}

    def __init__(self, coach: Coach, client_id: str, cards: Sequence[Card], initiative: Initiative | None = None) -> None:
        super().__init__(coach, client_id, initiative)
        self.initiative = initiative
        linked = set(initiative.card_ids) if initiative else set()
        # The open Plan cards, then any card already linked that has moved on since.
        self.cards = [c for c in cards if c.is_open and c.column == "plan"]
        self.cards += [c for c in cards if c.id in linked and c not in self.cards]

    def rows(self) -> ComposeResult:
        i = self.initiative
        yield self.text_row("what we will do for them")
        linked = set(i.card_ids) if i else set()
        picks: SelectionList[str] = TickList(
            *[Selection(card_label(c), c.id, c.id in linked) for c in self.cards], id="cards", compact=True
        )
        hint = hint_line(
            "space ticks a card" if self.cards else "No cards in Plan yet: add them on the board (a in the Plan column)."
        )
        yield form_row("Plan cards", picks, hint, error="cards")

    def values(self) -> tuple[str, tuple[str, ...]]:
        text = self.query_one("#text", Input).value
        return text, tuple(sorted(self.query_one("#cards", SelectionList).selected))

    def action_save(self) -> None:
        if self._saving:
            return
        text, cards = self.values()
        if not self.check_fields(("text",), as_field("text", lambda: clean_line(text, "initiative", "text", required=True))):
            return
        if self.initiative is not None and not self.is_dirty:
            self.dismiss(None)
            return
        self._saving = True
        self._save(text, cards)

    @work(exclusive=True, group="plan-save")
    async def _save(self, text: str, cards: tuple[str, ...]) -> None:
        plans = self.coach.plans
        if self.initiative is None:
            call = partial(plans.add_initiative, self.client_id, text, cards)
        else:
            old_text, old_cards = self.initial
            call = partial(
                plans.edit_initiative,
                self.client_id,
                self.initiative.id,
                text if text != old_text else None,
                cards if cards != old_cards else None,
            )
        saved = await self._write(call)
        if saved is not None:
            self.dismiss(saved)


def hint_line(text: str) -> Static:
    """A muted line under a field, saying how to use it."""
    return Static(Content.styled(text, "$text-muted"), classes="form-hint")


# -- mark reviewed -------------------------------------------------------------------------


class ReviewFormScreen(PlanForm):
    """Mark the plan reviewed: today, or the day it was."""

    FIELDS = ("on",)
    FIELD_OF = {"date": "on"}

    def heading(self) -> str:
        return "Mark the plan reviewed"

    def rows(self) -> ComposeResult:
        yield live_row("Reviewed", SafeInput("", id="on", compact=True, placeholder="today (or yesterday, mon, 2026-11-20)"))

    def on_mount(self) -> None:
        self.initial = self.values()
        self._preview("")
        self.query_one("#on", Input).focus()

    @on(Input.Changed, "#on")
    def _on_changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, typed: str) -> None:
        today = self.coach.today()
        try:
            day = parse_when(typed, today) if typed.strip() else today
            shown = f"→ {long_date(day)}"
        except InputError:
            shown = ""
        self.query_one("#on-preview", Static).update(Content(shown))

    def discard_what(self) -> str:
        return "this review"

    def action_save(self) -> None:
        if self._saving:
            return
        typed = self.values()["on"]
        today = self.coach.today()

        def check() -> None:
            if typed.strip() and parse_when(typed, today) > today:
                raise InputError(f"{typed.strip()!r} is in the future: a review is marked once it happened", "on")

        if not self.check_fields(self.FIELDS, as_field("on", check)):
            return
        self._saving = True
        self._save(typed.strip() or None)

    @work(exclusive=True, group="plan-save")
    async def _save(self, typed: str | None) -> None:
        day: date | None = await self._write(partial(self.coach.plans.review, self.client_id, typed))
        if day is not None:
            self.dismiss(day)


# -- shared with ... -----------------------------------------------------------------------


def person_label(row: PersonRow) -> Content:
    p = row.person
    role = ROLE_TITLES.get(p.role, p.role)
    detail = f"  {role}" + (f", {visible(p.title)}" if p.title else "")
    return Content(visible(p.name)) + Content.styled(detail, "$text-muted")


class ShareFormScreen(PlanForm):
    """The plan shared: with whom (the client's people and ours, picked), and when."""

    FIELDS = ("on",)
    FIELD_OF = {"date": "on", "person": "people"}

    def __init__(self, coach: Coach, client_id: str, theirs: Sequence[PersonRow], ours: Sequence[PersonRow]) -> None:
        super().__init__(coach, client_id)
        self.theirs = list(theirs)
        self.ours = list(ours)

    def heading(self) -> str:
        return "Plan shared with ..."

    def rows(self) -> ComposeResult:
        selections: list[Selection[str]] = [Selection(person_label(r), r.person.id) for r in self.theirs]
        selections += [Selection(Content.styled("ours · ", "$text-accent") + person_label(r), r.person.id) for r in self.ours]
        hints = ["space ticks a person"]
        if not self.theirs:
            hints.append("No one of the client's is recorded yet: add them on the board's People panel.")
        yield form_row("With", TickList(*selections, id="people", compact=True), hint_line(" · ".join(hints)), error="people")
        yield form_row(
            "On", SafeInput("", id="on", compact=True, placeholder="today (or yesterday, mon, 2026-11-20)"), error="on"
        )

    def on_mount(self) -> None:
        self.initial = self.values()
        self.query_one("#people", SelectionList).focus()

    def values(self) -> dict[str, Any]:
        return {"on": self.query_one("#on", Input).value, "people": tuple(self.query_one("#people", SelectionList).selected)}

    @on(SelectionList.SelectedChanged, "#people")
    def _picked(self) -> None:
        self._error("people-error").show(None)

    def discard_what(self) -> str:
        return "this share"

    def action_save(self) -> None:
        if self._saving:
            return
        v = self.values()
        today = self.coach.today()

        def someone() -> None:
            if not v["people"]:
                raise InputError("tick at least one person it was shared with (space ticks)", "people")

        def when() -> None:
            if v["on"].strip() and parse_when(v["on"], today) > today:
                raise InputError(f"{v['on'].strip()!r} is in the future: a share is recorded once it happened", "on")

        if not self.check_fields(("people", "on"), someone, as_field("on", when)):
            return
        self._saving = True
        self._save(v["people"], v["on"].strip() or None)

    @work(exclusive=True, group="plan-save")
    async def _save(self, people: tuple[str, ...], on: str | None) -> None:
        saved: tuple[Share, list[str]] | None = await self._write(partial(self.coach.plans.share, self.client_id, people, on))
        if saved is not None:
            self.dismiss(saved)


__all__ = ["GoalFormScreen", "InitiativeFormScreen", "ReviewFormScreen", "ShareFormScreen", "card_label", "as_field"]
