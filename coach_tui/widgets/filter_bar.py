"""The dashboard's filter: a bar with the query field and how many clients it shows, and a
line under it saying where the query matched the client under the cursor (a card, a note, a
delivery...) when that is not its name.

The dashboard mounts it the first time `/` is pressed, not at launch: most mornings nobody
filters, and every widget composed up front is styled and laid out before the first frame.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from .safe_input import SafeInput


class FilterBar(Vertical):
    """`Filter [query] 3 of 11 shown`, and `matched: card 'Freight audit': ...` under it: the
    query and what it matched are user text, drawn literally."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-row"):
            yield Label("Filter", id="filter-label")
            yield SafeInput(
                id="filter", compact=True, placeholder="any text · status:overdue · tier:A · enter keeps it · esc clears"
            )
            yield Static("", id="filter-count", markup=False)
        yield Static("", id="filter-match", markup=False)

    @property
    def input(self) -> SafeInput:
        return self.query_one("#filter", SafeInput)

    @property
    def query_text(self) -> str:
        """The query in force: the field's value while the bar shows, else nothing."""
        return self.input.value if self.display else ""

    def show_count(self, shown: int, total: int, left: int = 0) -> None:
        """How many clients the query keeps; `left`: the client files still to read before
        cards, notes and deliveries are searched too (names alone meanwhile)."""
        text = f"{shown} of {total} shown" if self.query_text.strip() else ""
        if text and left:
            text += f" · names only: reading {left:,} clients' cards and notes…"
        self.query_one("#filter-count", Static).update(text)

    def show_match(self, text: str) -> None:
        """Where the query matched the client under the cursor ("" hides the line)."""
        line = self.query_one("#filter-match", Static)
        shown = text if self.display else ""
        if str(line.content) != shown:  # a cursor move redraws only what changed
            line.update(shown)
        line.display = bool(shown)


__all__ = ["FilterBar"]
