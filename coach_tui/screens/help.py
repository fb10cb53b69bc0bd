"""The `?` help screen: every key of every screen, grouped by screen, read from the screens'
own `BINDINGS` so the page can never drift from what the keys really do.

Screens that other modules own (the client board, the weekly coaching screen) are imported
lazily and skipped when they are not there.

`?` opens the page from dialogs and forms too (`keys.HELP`), at the dialog's own section; a
form with no section of its own opens at "Every other form".
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.app_footer import AppFooter
from .keys import QUIT

KEY_WIDTH = 12


class KeyLines(Static):
    """A group's keys, one action a line: its keys, then what it does, a description that
    does not fit wrapping under itself (not under the keys), as a help page should read."""

    def __init__(self, rows: list[tuple[str, str]], classes: str | None = None) -> None:
        self.rows = rows
        self.wrapped_for = 0
        super().__init__(self.lines(0), classes=classes)

    def lines(self, width: int) -> Content:
        """The lines at `width` columns (0: unwrapped, before the first layout)."""
        import textwrap

        out = []
        room = width - KEY_WIDTH
        for keys, description in self.rows:
            parts = textwrap.wrap(description, room) if room >= 20 else [description]
            head = Content.assemble((keys.ljust(KEY_WIDTH - 1) + " ", "bold $text-accent"), parts[0] if parts else "")
            out.append(head)
            out += [Content(" " * KEY_WIDTH + part) for part in parts[1:]]
        return Content("\n").join(out)

    def on_resize(self) -> None:
        width = self.content_size.width
        if width and width != self.wrapped_for:
            self.wrapped_for = width
            self.update(self.lines(width))


OTHER_FORMS = "Every other form: a card, a person or a touch, an opportunity, a plan item, a commitment"
EVIDENCE = "A pillar's evidence (enter on a pillar)"
IMPORT_CSV = "Import from CSV (ctrl+p, then Import from CSV)"
TEAM = "Team view (t, on a team database): enter opens a manager's portfolio, read-only"


def _lazy_bindings(module: str, name: str) -> list[BindingType] | None:
    try:
        screen = getattr(import_module(module, __package__), name)
    except (ImportError, AttributeError):
        return None
    return list(getattr(screen, "BINDINGS", []))


def binding_groups(app_bindings: Iterable[BindingType]) -> list[tuple[str, list[BindingType]]]:
    """(title, bindings) for every screen of the app, in the order a user meets them."""
    from .client_form import ClientFormScreen
    from .confirm import ConfirmScreen
    from .dashboard import DashboardScreen
    from .form import FormScreen
    from .log_delivery import LogDeliveryScreen

    groups: list[tuple[str, list[BindingType]]] = [
        ("Everywhere", list(app_bindings)),
        ("Dashboard: the daily review", list(DashboardScreen.BINDINGS)),
    ]
    board = _lazy_bindings(".board", "BoardScreen")
    if board is not None:
        groups.append(("Client board", board))
    people = _lazy_bindings("..widgets.people_panel", "PeoplePanel")
    if people is not None:
        groups.append(("People on a board (p)", people))
    for module, name, title in (
        (".plan", "PlanScreen", "Account plan (A on a board)"),
        (".opportunities", "OpportunitiesScreen", "Opportunities (O or $ on a board)"),
        (".opportunities", "StagePickScreen", "Picking an opportunity's stage"),
        (".timeline", "TimelineScreen", "Timeline (T on a board)"),
        ("..widgets.value_add_list", "ValueAddList", "Value-adds on a board (v)"),
        (".delivery_form", "DeliveryFormScreen", "Edit a delivery"),
        (".evidence", "EvidenceScreen", EVIDENCE),
        (".import_csv", "ImportCsvScreen", IMPORT_CSV),
        (".team", "TeamScreen", TEAM),
    ):
        found = _lazy_bindings(module, name)
        if found is not None:
            groups.append((title, found))
    for module, name, title in (
        (".weekly", "WeeklyScreen", "Weekly coaching"),
        (".weekly_history", "WeeklyHistoryScreen", "Weekly history (h in the weekly coaching)"),
        (".report", "ReportScreen", "Stewardship report (R on a board)"),
    ):
        found = _lazy_bindings(module, name)
        if found is not None:
            groups.append((title, found))
    from ..widgets.row_table import LIST_KEYS

    groups += [
        ("Every list: the review, a board's column, people, opportunities, plan, weekly history", list(LIST_KEYS)),
        ("Log a delivery", list(LogDeliveryScreen.BINDINGS)),
        ("New or edited client", list(ClientFormScreen.BINDINGS)),
        (OTHER_FORMS, list(FormScreen.BINDINGS)),
        ("Questions", list(ConfirmScreen.BINDINGS)),
        ("This help", list(HelpScreen.BINDINGS)),
    ]
    return groups


# The section help opens at, by the name of the screen it was opened from (or of the widget
# that has the focus there, for a panel with keys of its own; or of the class a dialog comes
# from, for a form with no section of its own).
SECTIONS = {
    "DashboardScreen": "Dashboard: the daily review",
    "BoardScreen": "Client board",
    "PeoplePanel": "People on a board (p)",
    "PlanScreen": "Account plan (A on a board)",
    "OpportunitiesScreen": "Opportunities (O or $ on a board)",
    "WeeklyScreen": "Weekly coaching",
    "WeeklyHistoryScreen": "Weekly history (h in the weekly coaching)",
    "ReportScreen": "Stewardship report (R on a board)",
    "StagePickScreen": "Picking an opportunity's stage",
    "EvidenceScreen": EVIDENCE,
    "ImportCsvScreen": IMPORT_CSV,
    "TeamScreen": TEAM,
    "ConfirmScreen": "Questions",
    "LogDeliveryScreen": "Log a delivery",
    "CardDeliveryScreen": "Log a delivery",
    "ClientFormScreen": "New or edited client",
    "DeliveryFormScreen": "Edit a delivery",
    "FormScreen": OTHER_FORMS,
}


def section_for(screen: DOMNode, focused: DOMNode | None) -> str | None:
    """The help section of `screen` (the focused panel's, when it has one)."""
    if focused is not None:
        for node in focused.ancestors_with_self:
            if node is screen:
                break
            if type(node).__name__ in SECTIONS:
                return SECTIONS[type(node).__name__]
    return next((SECTIONS[cls.__name__] for cls in type(screen).__mro__ if cls.__name__ in SECTIONS), None)


class HelpScreen(ModalScreen[None]):
    """Every key, screen by screen; opened at `section` (a group's title) when given, that
    section marked."""

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape,question_mark", "close", "Close"),
        QUIT,
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, section: str | None = None) -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        app_bindings = list(getattr(type(self.app), "BINDINGS", []))
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "esc or ? closes · q quits"
            with VerticalScroll(id="help-body"):
                yield Static(
                    Content.from_markup(
                        "[$text-muted]coach is driven from the keyboard. "
                        "The footer shows the keys of the screen you are on; "
                        "[b]ctrl+p[/] searches every command and client.[/]"
                    ),
                    id="help-intro",
                )
                for title, bindings in binding_groups(app_bindings):
                    lines = self._key_lines(bindings)
                    if not lines:
                        continue
                    here = title == self.section
                    with Vertical(classes="help-group -here" if here else "help-group"):
                        yield Static(Content(f"{title}  ◀ you are here" if here else title), classes="help-title")
                        yield KeyLines(lines, classes="help-keys")
        yield AppFooter()

    def _key_lines(self, bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
        """One row per action: every key that does it, then what it does."""
        merged: dict[tuple[str, str], list[str]] = {}
        for binding in Binding.make_bindings(bindings):
            # The footer shows the short description; a tooltip, when there is one, says more.
            description = binding.tooltip or binding.description or binding.action
            keys = merged.setdefault((binding.action, description), [])
            shown = self.app.get_key_display(binding)
            if shown not in keys:
                keys.append(shown)
        lines = []
        for (_action, description), keys in merged.items():
            lines.append((" ".join(keys), description))
        return lines

    def on_mount(self) -> None:
        here = self.query(".help-group.-here")
        if here:
            body = self.query_one("#help-body", VerticalScroll)
            self.call_after_refresh(body.scroll_to_widget, here.first(), top=True, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)


__all__ = ["HelpScreen", "SECTIONS", "binding_groups", "section_for"]
