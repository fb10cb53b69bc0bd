"""The dashboard's filter: a one-line bar with the query field and how many clients it shows.

The dashboard mounts it the first time `/` is pressed, not at launch: most mornings nobody
filters, and every widget composed up front is styled and laid out before the first frame.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from .safe_input import SafeInput


class FilterBar(Horizontal):
    """`Filter [query] 3 of 11 shown`: the query is user text, drawn with stand-ins for controls."""

    def compose(self) -> ComposeResult:
        yield Label("Filter", id="filter-label")
        yield SafeInput(id="filter", compact=True, placeholder="type part of a name · enter keeps it · esc clears")
        yield Static("", id="filter-count", markup=False)

    @property
    def input(self) -> SafeInput:
        return self.query_one("#filter", SafeInput)

    @property
    def query_text(self) -> str:
        """The query in force: the field's value while the bar shows, else nothing."""
        return self.input.value if self.display else ""

    def show_count(self, shown: int, total: int) -> None:
        text = f"{shown} of {total} shown" if self.query_text.strip() else ""
        self.query_one("#filter-count", Static).update(text)


__all__ = ["FilterBar"]
