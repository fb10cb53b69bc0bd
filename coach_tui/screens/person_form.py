"""Add or edit a person on a client's account, and log a touch with one of them.

`PersonFormScreen(coach, client_id, person=None, ours=False)`: name, side (the client's or our
account team), role (the roles of that side, method.md) and title; it dismisses with the saved
`Person`, or None when cancelled.

`TouchFormScreen(coach, client_id, people, person_id=None, earliest=None)`: the client's person
picked from a list, the kind (call, meeting, email, event), the date typed as people type dates
(`today`, `3d ago`, `fri`, `2026-11-20`, read live), a note, and which of our people took part;
it dismisses with the logged `Touch`, or None.

Both save through `coach.people` in the background; a refused value shows under its field and
everything typed stays. User text is shown literally (`visible()`, `Content`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Select, Static

from ..domain.account import CLIENT_ROLES, OUR_ROLES, ROLE_TITLES, TOUCH_KINDS, Person, Touch
from ..domain.dates import long_date, parse_when
from ..domain.errors import InputError
from ..domain.validation import NAME_LIMIT, TEXT_LIMIT, clean_line, clean_note, clean_person
from ..services import Coach
from ..services.read_models import PeopleView
from ..textsafe import visible
from ..widgets.safe_input import SafeInput
from ..widgets.tick_box import TickBox
from .calls import change
from .form import FormScreen, form_row, live_row

THEIRS, OURS = "theirs", "ours"


def person_label(person: Person) -> Content:
    """A person as a pick list shows them: the name (literally), then the role."""
    return Content(visible(person.name)) + Content.styled(f"  {ROLE_TITLES.get(person.role, person.role)}", "$text-muted")


def role_options(ours: bool) -> list[tuple[str, str]]:
    return [(ROLE_TITLES[r], r) for r in (OUR_ROLES if ours else CLIENT_ROLES)]


class PersonFormScreen(FormScreen[Person | None]):
    """A modal form for one person of the account. `person=None` adds one (on our side when
    `ours`)."""

    CSS_PATH = ["form.tcss"]
    FIELDS = ("name", "side", "role", "title")

    def __init__(self, coach: Coach, client_id: str, person: Person | None = None, ours: bool = False) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self.person = person
        side = person.ours if person is not None else ours
        default_role = "exec-sponsor" if side else "decision-maker"
        self.initial = {
            "name": person.name if person else "",
            "side": OURS if side else THEIRS,
            "role": person.role if person else default_role,
            "title": person.title if person else "",
        }

    def heading(self) -> str:
        return "Edit person" if self.person else "New person on the account"

    def rows(self) -> ComposeResult:
        values = self.initial
        ours = values["side"] == OURS
        yield form_row(
            "Name",
            SafeInput(values["name"], id="name", compact=True, max_length=NAME_LIMIT, placeholder="their full name"),
            error="name",
        )
        yield form_row(
            "Side",
            Select[str](
                [("the client's people", THEIRS), ("our account team", OURS)],
                value=values["side"],
                allow_blank=False,
                id="side",
                compact=True,
            ),
            error="side",
        )
        yield form_row(
            "Role",
            Select[str](role_options(ours), value=values["role"], allow_blank=False, id="role", compact=True),
            error="role",
        )
        yield form_row(
            "Title",
            SafeInput(values["title"], id="title", compact=True, max_length=NAME_LIMIT, placeholder="their job title (optional)"),
            error="title",
        )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Select.Changed, "#side")
    def _side_changed(self, event: Select.Changed) -> None:
        """The roles of the side chosen; the role kept when that side has it (`other`)."""
        ours = event.value == OURS
        select: Select[str] = self.query_one("#role", Select)
        keep = select.value
        options = role_options(ours)
        with self.prevent(Select.Changed):
            select.set_options(options)
            select.value = keep if keep in {v for _, v in options} else options[0][1]
        self._error("role-error").show(None)

    def discard_what(self) -> str:
        return "this person"

    def action_save(self) -> None:
        if self._saving:
            return
        values = self.values()
        name, title = str(values["name"]), str(values["title"])
        if not self.check_fields(("name", "title"), lambda: clean_person(name), lambda: clean_line(title, "title", "title")):
            return
        if self.person is not None and not self.is_dirty:
            self.dismiss(None)
            return
        self._saving = True
        self._save(name, str(values["role"]), title, values["side"] == OURS)

    @work(exclusive=True, group="person-save")
    async def _save(self, name: str, role: str, title: str, ours: bool) -> None:
        people = self.coach.people
        try:
            if self.person is None:
                saved = await change(
                    self, people.add, self.client_id, name, role, title, ours, client_id=self.client_id, on_error=self.show_error
                )
            else:
                # Only what the user changed: a field changed meanwhile elsewhere keeps its value.
                old = self.initial
                saved = await change(
                    self,
                    people.edit,
                    self.client_id,
                    self.person.id,
                    name if name != old["name"] else None,
                    role if role != old["role"] or ours != (old["side"] == OURS) else None,
                    title if title != old["title"] else None,
                    ours if ours != (old["side"] == OURS) else None,
                    client_id=self.client_id,
                    on_error=self.show_error,
                )
        finally:
            self._saving = False
        if saved is not None:
            self.dismiss(saved)


class TouchFormScreen(FormScreen[Touch | None]):
    """Log a touch with one of the client's people (picked from a list)."""

    CSS_PATH = ["form.tcss", "person_form.tcss"]
    LIVE = ("date",)

    def __init__(
        self, coach: Coach, client_id: str, people: PeopleView, person_id: str | None = None, earliest: date | None = None
    ) -> None:
        super().__init__(coach)
        self.client_id = client_id
        self.people = people
        self.earliest = earliest
        self._today = people.today
        theirs = [r.person.id for r in people.theirs]
        chosen = person_id if person_id in theirs else (theirs[0] if theirs else None)
        self.chosen = chosen
        self.initial = {"person": chosen, "kind": "call", "date": "today", "note": "", "ours": ()}

    def heading(self) -> str:
        return "Log a touch"  # fixed words: a border title is markup (the client's name is set on mount)

    def rows(self) -> ComposeResult:
        options = [(person_label(r.person), r.person.id) for r in self.people.theirs]
        yield form_row(
            "With",
            Select[str](options, prompt="choose a person", id="person", compact=True)
            if self.chosen is None
            else Select[str](options, value=self.chosen, prompt="choose a person", id="person", compact=True),
            error="person",
        )
        yield form_row(
            "Kind",
            Select[str]([(k, k) for k in TOUCH_KINDS], value="call", allow_blank=False, id="kind", compact=True),
            error="kind",
        )
        yield live_row("Date", SafeInput("today", id="date", compact=True, placeholder="today, yesterday, 3d ago, fri, Nov 20"))
        yield form_row(
            "Note",
            SafeInput(id="note", compact=True, max_length=TEXT_LIMIT, placeholder="what was said (optional)"),
            error="note",
        )
        ours = [TickBox(person_label(r.person), id=f"ours-{n}", compact=True) for n, r in enumerate(self.people.ours)]
        if not ours:
            ours_body: Any = Static(Content.styled("no one in our account team yet", "$text-muted"), id="ours-none")
        else:
            ours_body = Vertical(*ours, id="ours-list")
        yield form_row("Our side", ours_body, error="ours")

    def on_mount(self) -> None:
        # The client's name is user text: Content, never a markup string.
        self.query_one("#dialog").border_title = Content.assemble("Log a touch with ", visible(self.people.client.name))
        self._show_date()
        if not self.people.theirs:
            self._error("person-error").show("no one on the client's side yet: add a person first (a in the people panel)")
        self.query_one("#person" if self.chosen is None else "#date").focus()

    def _parse_date(self) -> date:
        return parse_when(self.query_one("#date", Input).value, self._today, earliest=self.earliest)

    def _show_date(self) -> None:
        self.show_live("date", lambda: long_date(self._check_date(), weekday=True))

    def _check_date(self) -> date:
        day = self._parse_date()
        if day > self._today:
            raise InputError(f"{day.isoformat()} is in the future; a touch can only be logged once it happened", "date")
        return day

    @on(Input.Changed, "#date")
    def _date_changed(self) -> None:
        self._show_date()

    @on(Select.Changed, "#person")
    def _person_changed(self) -> None:
        self._error("person-error").show(None)

    def _ours_ids(self) -> tuple[str, ...]:
        return tuple(r.person.id for n, r in enumerate(self.people.ours) if self.query_one(f"#ours-{n}", Checkbox).value)

    def values(self) -> dict[str, Any]:
        person = self.query_one("#person", Select).value
        return {
            "person": person if isinstance(person, str) else None,
            "kind": self.query_one("#kind", Select).value,
            "date": self.query_one("#date", Input).value,
            "note": self.query_one("#note", Input).value,
            "ours": self._ours_ids(),
        }

    def discard_what(self) -> str:
        return "this touch"

    def action_save(self) -> None:
        if self._saving:
            return
        values = self.values()
        person = values["person"]

        def chosen() -> None:
            if person is None:
                raise InputError("choose who the touch was with (one of the client's people)", "person")

        if not self.check_fields(("person", "date", "note"), chosen, self._check_date, lambda: clean_note(str(values["note"]))):
            return
        self._saving = True
        self._save(str(person), str(values["kind"]), self._check_date(), str(values["note"]), values["ours"])

    @work(exclusive=True, group="touch-save")
    async def _save(self, person_id: str, kind: str, on: date, note: str, ours: tuple[str, ...]) -> None:
        def log() -> Touch:
            touch, _them, _ours = self.coach.people.log_touch(self.client_id, person_id, kind, on, note, ours)
            return touch

        try:
            touch = await change(self, log, client_id=self.client_id, on_error=self.show_error)
        finally:
            self._saving = False
        if touch is not None:
            self.dismiss(touch)


__all__ = ["PersonFormScreen", "TouchFormScreen", "role_options", "person_label"]
