"""The people on a client's account, on its board: the client's stakeholders and our account
team, each with role, title and the last touch ("call 12 days ago").

One option list, the client's people first, then ours, under a heading each; below it, two
lines about the highlighted person (their touches, the last note, for ours when they were
last briefed on the plan). The panel only displays a `PeopleView`; it never reads the store.
Its keys ask the screen showing it to act (`PeoplePanel.Asked`): add, edit, remove a person,
log a touch, close the panel. Names, titles and notes are user text: `visible()` into
`Content`, never markup. Styles live in `people_panel.tcss`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..domain.account import ROLE_TITLES, Person, Touch
from ..domain.dates import format_date
from ..services.read_models import PeopleView, PersonRow
from ..textsafe import visible
from .card import clip

# Cells of the name, role and last-touch columns; the title takes what is left (up to
# TITLE_CELLS), then the last touch the rest.
NAME_CELLS, ROLE_CELLS, TOUCH_CELLS, TITLE_CELLS = 18, 17, 20, 24


def ago(day: date, today: date) -> str:
    """`today`, `yesterday`, `12 days ago` (or `in 2 days`, for a date typed ahead)."""
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 0:
        return f"in {-days} days"
    return f"{days} days ago"


def touch_phrase(touch: Touch | None, today: date, ours: bool) -> str:
    """The last touch in a few words: `call 12 days ago`, or that there was none."""
    if touch is None:
        return "no touch yet" if ours else "never touched"
    return f"{touch.kind} {ago(touch.on, today)}"


def fit(content: Content, cells: int) -> Content:
    """`content` clipped (with an ellipsis) or padded to exactly `cells` cells."""
    cut = clip(content, cells)
    return cut + Content(" " * max(0, cells - cut.cell_length))


def person_line(row: PersonRow, today: date, width: int) -> Content:
    """One row: name, role, title and last touch, in columns fitted to `width` cells."""
    person = row.person
    title_cells = min(TITLE_CELLS, max(0, width - NAME_CELLS - ROLE_CELLS - TOUCH_CELLS - 3))
    touch_cells = max(TOUCH_CELLS, width - NAME_CELLS - ROLE_CELLS - title_cells - 3)
    touch = Content(touch_phrase(row.last_touch, today, person.ours))
    if row.last_touch is None:
        touch = touch.stylize("$text-warning" if not person.ours else "$text-muted")
    parts = [
        fit(Content(visible(person.name)).stylize("bold"), NAME_CELLS),
        fit(Content.styled(ROLE_TITLES.get(person.role, person.role), "$text-accent"), ROLE_CELLS),
    ]
    if title_cells:
        parts.append(fit(Content.styled(visible(person.title), "$text-muted"), title_cells))
    parts.append(clip(touch, touch_cells))
    return Content(" ").join(parts)


def person_detail(view: PeopleView, row: PersonRow | None) -> Content:
    """Two lines about one person: who they are, and their touches (for ours: the touches they
    took part in, and when they were last briefed on the account plan)."""
    if row is None:
        if not view.rows:
            return Content.styled("No one recorded yet: a adds a person (the client's side or ours).", "$text-muted")
        return Content("")
    person = row.person
    side = "our account team" if person.ours else f"{visible(view.client.name)}"
    head = Content.assemble(
        (visible(person.name), "bold"),
        (" · ", "$text-muted"),
        ROLE_TITLES.get(person.role, person.role),
        (f" · {visible(person.title)}" if person.title else "", "$text-muted"),
        (f" · {side}", "$text-muted"),
    )
    touch = row.last_touch
    count = f"{row.touches} touch{'' if row.touches == 1 else 'es'}"
    if touch is None:
        body = Content.styled(
            "no touch logged yet: o logs one" if not person.ours else "took part in no touch yet", "$text-muted"
        )
    else:
        names = [view.person(pid) for pid in touch.ours]
        who = ", ".join(visible(p.name) for p in names if p is not None)
        other = view.person(touch.person_id) if person.ours else None
        body = Content.assemble(
            (count, "bold"),
            (" · last: ", "$text-muted"),
            f"{touch.kind} {format_date(touch.on, view.today)}",
            (f" with {visible(other.name)}" if other is not None else "", ""),
            (f" (ours: {who})" if who and not person.ours else "", "$text-muted"),
            (f" · {visible(touch.note)}" if touch.note else "", ""),
        )
    if person.ours:
        briefed = f"briefed on the plan {format_date(row.briefed, view.today)}" if row.briefed else "not briefed on the plan yet"
        body += Content.styled(f" · {briefed}", "$text-muted")
    return Content("\n").join([head, body])


class PeopleList(OptionList):
    """The list of people (and two headings): arrows move, g/Home and G/End jump to the first
    and last, the panel's keys act."""

    BINDINGS = [Binding("g", "first", "First", show=False), Binding("G,shift+g", "last", "Last", show=False)]


class PeoplePanel(Vertical, can_focus=False):
    """The client's people and our account team, with the last touch of each."""

    BINDINGS = [
        Binding("a", "ask('add')", "Add", tooltip="Add a person: the client's side or our account team"),
        Binding("e", "ask('edit')", "Edit", tooltip="Edit the highlighted person: name, side, role, title"),
        Binding("x", "ask('remove')", "Remove", tooltip="Remove the highlighted person and their touches (asks first)"),
        Binding(
            "o", "ask('touch')", "Touch", tooltip="Log a touch (call, meeting, email, event) with one of the client's people"
        ),
        Binding("escape,p", "ask('close')", "Cards", tooltip="Close the people panel: back to the cards"),
    ]

    @dataclass
    class Asked(Message):
        """The user asked for `what` (add, edit, remove, touch, close) on `person` (the
        highlighted one, or None); `ours`: the side a new person starts on."""

        panel: PeoplePanel
        what: str
        person: Person | None
        ours: bool

        @property
        def control(self) -> PeoplePanel:
            return self.panel

    def __init__(self, view: PeopleView | None = None, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view = view
        self._width = 0

    def compose(self) -> ComposeResult:
        yield Label("PEOPLE", id="people-title")
        yield PeopleList(id="people-list")
        yield Static("", id="people-detail")

    def on_mount(self) -> None:
        # Mounted while the app shuts down (the board mounts its panels after its first frame),
        # nothing was composed: there is nothing to show the view in.
        if self.view is not None and self.children:
            self.show(self.view)

    @property
    def list(self) -> PeopleList:
        return self.query_one(PeopleList)

    def _row_width(self) -> int:
        width = self.list.scrollable_content_region.width
        return width - 1 if width > 10 else 76

    def show(self, view: PeopleView, person_id: str | None = None) -> None:
        """Show `view`, keeping the highlight on the same person (or on `person_id`)."""
        keep = person_id or (self.person.id if self.person is not None else None)
        self.view = view
        self._width = self._row_width()
        self.query_one("#people-title", Label).update(
            Content.assemble(
                "PEOPLE", (f"  {len(view.theirs)} on the client's side · {len(view.ours)} in our team", "not bold $text-muted")
            )
        )
        options: list[Option] = []
        for heading, rows, key in (("The client's people", view.theirs, "theirs"), ("Our account team", view.ours, "ours")):
            options.append(
                Option(Content.styled(f"{heading.upper()}  {len(rows)}", "bold $text-primary"), id=f"-{key}", disabled=True)
            )
            if not rows:
                hint = "none yet: a adds one" if key == "theirs" else "none yet: a adds one (side: ours)"
                options.append(Option(Content.styled(f"  {hint}", "$text-muted"), id=f"-{key}-none", disabled=True))
            for row in rows:
                options.append(Option(person_line(row, view.today, self._width), id=row.person.id))
        people = self.list
        with self.prevent(OptionList.OptionHighlighted):
            people.set_options(options)
        target = next((i for i, o in enumerate(options) if not o.disabled and o.id == keep), None)
        if target is None:
            target = next((i for i, o in enumerate(options) if not o.disabled), None)
        people.highlighted = target
        self._show_detail()
        self.refresh_bindings()

    def focus_person(self, person_id: str | None = None) -> None:
        """Give the list the focus, on `person_id` when it is listed."""
        people = self.list
        if person_id is not None:
            for index in range(people.option_count):
                if people.get_option_at_index(index).id == person_id:
                    people.highlighted = index
                    break
        people.focus()

    @property
    def person(self) -> Person | None:
        """The highlighted person, if any."""
        if self.view is None:
            return None
        people = self.list
        if people.highlighted is None or people.option_count == 0:
            return None
        return self.view.person(people.get_option_at_index(people.highlighted).id or "")

    def _row(self) -> PersonRow | None:
        person = self.person
        if self.view is None or person is None:
            return None
        return next((r for r in self.view.rows if r.person.id == person.id), None)

    def _show_detail(self) -> None:
        if self.view is not None:
            self.query_one("#people-detail", Static).update(person_detail(self.view, self._row()))

    @on(OptionList.OptionHighlighted)
    def _person_highlighted(self) -> None:
        self._show_detail()

    @on(OptionList.OptionSelected)
    def _person_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_ask("edit")

    def on_resize(self, event: Resize) -> None:
        if self.view is not None and self._row_width() != self._width:
            self.show(self.view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Edit and remove are dimmed with no one highlighted; a touch, with no client person."""
        if action != "ask" or not parameters:
            return True
        if parameters[0] in ("edit", "remove"):
            return True if self.person is not None else None
        if parameters[0] == "touch":
            return True if self.view is not None and self.view.theirs else None
        return True

    def action_ask(self, what: str) -> None:
        person = self.person
        self.post_message(self.Asked(self, what, person, person.ours if person is not None else False))


__all__ = ["PeoplePanel", "PeopleList", "touch_phrase", "ago", "person_line", "person_detail"]
