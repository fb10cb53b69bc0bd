"""The `?` help screen: every key of every screen, grouped by screen, read from the screens'
own `BINDINGS` so the page can never drift from what the keys really do.

Screens that other modules own (the client board, the weekly coaching screen) are imported
lazily and skipped when they are not there.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..widgets.app_footer import AppFooter

KEY_WIDTH = 12


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
    ):
        found = _lazy_bindings(module, name)
        if found is not None:
            groups.append((title, found))
    weekly = _lazy_bindings(".weekly", "WeeklyScreen")
    if weekly is not None:
        groups.append(("Weekly coaching", weekly))
    from ..widgets.row_table import LIST_KEYS

    groups += [
        ("Every list: the review, a board's column, people, opportunities, plan, weekly history", list(LIST_KEYS)),
        ("Log a delivery", list(LogDeliveryScreen.BINDINGS)),
        ("New or edited client", list(ClientFormScreen.BINDINGS)),
        ("Questions", list(ConfirmScreen.BINDINGS)),
        ("This help", list(HelpScreen.BINDINGS)),
    ]
    return groups


class HelpScreen(ModalScreen[None]):
    """Every key, screen by screen."""

    CSS_PATH = "help.tcss"

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False),
    ]

    def compose(self) -> ComposeResult:
        app_bindings = list(getattr(type(self.app), "BINDINGS", []))
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "esc, q or ? closes"
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
                    with Vertical(classes="help-group"):
                        yield Static(Content(title), classes="help-title")
                        yield Static(Content("\n").join(lines), classes="help-keys")
        yield AppFooter()

    def _key_lines(self, bindings: Iterable[BindingType]) -> list[Content]:
        """One line per action: every key that does it, then what it does."""
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
            key_text = " ".join(keys)
            lines.append(Content.assemble((key_text.ljust(KEY_WIDTH - 1) + " ", "bold $text-accent"), description))
        return lines

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)


__all__ = ["HelpScreen", "binding_groups"]
