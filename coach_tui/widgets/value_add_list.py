"""The board's side panel list of the last value-adds, which the user can step through to
edit or delete one.

One focusable widget with a cursor, drawn as the plain list it replaces (date, kind,
summary, one line each, clipped): unfocused it reads as before; focused (`v` on the board),
the value-add under the cursor is highlighted, j/k move, `e` (or enter) asks to edit it, `x`
to delete it, and esc to go back to the cards (`ValueAddList.Asked`). The board does the
asking; this widget never reads or writes the store. Summaries are user text: literal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..domain.dates import format_date
from ..domain.models import Delivery
from ..textsafe import visible


def value_add_line(d: Delivery, today: date) -> Content:
    """One value-add: date, kind, summary (the widget clips long lines)."""
    return Content.assemble(
        (format_date(d.on, today).ljust(11), "$text-muted"), (d.kind.ljust(9), "$text-accent"), visible(d.summary)
    )


class ValueAddList(Widget, can_focus=True):
    """The last value-adds, one per line; a cursor while focused."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Previous", show=False),
        Binding("down,j", "cursor(1)", "Next", show=False),
        Binding("e,enter", "ask('edit')", "Edit", key_display="e", tooltip="Edit this delivery: day, kind, summary, need, told"),
        Binding("x", "ask('delete')", "Delete", tooltip="Delete this delivery (asks first)"),
        Binding("escape", "ask('close')", "Cards", tooltip="Back to the cards"),
    ]

    cursor = reactive(0)

    @dataclass
    class Asked(Message):
        """The user asked to edit or delete a value-add (`what`: "edit", "delete"), or to go
        back to the cards ("close", no delivery)."""

        value_adds: ValueAddList
        what: str
        delivery: Delivery | None

        @property
        def control(self) -> ValueAddList:
            return self.value_adds

    def __init__(
        self, deliveries: Sequence[Delivery] = (), today: date | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.deliveries: list[Delivery] = list(deliveries)
        self.today = today or date.today()

    def show(self, deliveries: Sequence[Delivery], today: date) -> None:
        """Show freshly read value-adds; the cursor stays on the same one where it still is."""
        held = self.delivery
        self.deliveries = list(deliveries)
        self.today = today
        ids = [d.id for d in self.deliveries]
        if held is not None and held.id in ids:
            self.cursor = ids.index(held.id)
        else:
            self.cursor = min(self.cursor, max(len(ids) - 1, 0))
        self.refresh(layout=True)

    @property
    def delivery(self) -> Delivery | None:
        """The value-add under the cursor."""
        return self.deliveries[self.cursor] if 0 <= self.cursor < len(self.deliveries) else None

    def action_cursor(self, step: int) -> None:
        if self.deliveries:
            self.cursor = min(max(self.cursor + step, 0), len(self.deliveries) - 1)

    def action_ask(self, what: str) -> None:
        delivery = self.delivery
        if what == "close" or delivery is not None:
            self.post_message(self.Asked(self, what, None if what == "close" else delivery))

    def render(self) -> Content:
        if not self.deliveries:
            return Content.styled("Nothing yet: log one with L", "$text-muted")
        rows = []
        for index, d in enumerate(self.deliveries):
            line = value_add_line(d, self.today)
            if self.has_focus and index == self.cursor:
                line = line.stylize("bold $block-cursor-foreground on $block-cursor-background")
            rows.append(line)
        return Content("\n").join(rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.deliveries), 1)

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()


__all__ = ["ValueAddList", "value_add_line"]
